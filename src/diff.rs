//! What changed between two runs (复核): per hall, total and rank before and after, every item
//! score, deduction and bonus claim that changed with the cell it comes from, and changes to
//! the recommended halls and to disqualification. Halls are matched by name.

use crate::results::{BonusResult, HallResult, Line, Results};
use rust_decimal::Decimal;
use serde::Serialize;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// Halls whose results changed, in the new ranking's order (then halls gone).
    pub halls: Vec<HallDiff>,
    /// Recommended now, not before.
    pub now_recommended: Vec<String>,
    /// Recommended before, not now.
    pub no_longer_recommended: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HallDiff {
    pub name: String,
    /// None: the hall is not in that run.
    pub rank_before: Option<usize>,
    pub rank_after: Option<usize>,
    pub total_before: Option<String>,
    pub total_after: Option<String>,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// 项目 2.3 得分, 扣分, 加分, 取消评先评优资格
    pub what: String,
    pub before: String,
    pub after: String,
    /// The cell the new (or, for a removed line, the old) value comes from.
    pub source: String,
}

fn same_number(a: &str, b: &str) -> bool {
    match (Decimal::from_str(a), Decimal::from_str(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| NONE.to_string())
}

/// Pairs the lines (deductions, bonus claims) of two runs by `same_line` and hands each pair to
/// `change`: (old, new), (None, new) for an added line, (old, None) for a removed one.
fn pair_lines<'a, T>(
    old: &'a [T],
    new: &'a [T],
    same_line: impl Fn(&T, &T) -> bool,
    mut change: impl FnMut(Option<&'a T>, Option<&'a T>),
) {
    for n in new {
        change(old.iter().find(|o| same_line(o, n)), Some(n));
    }
    for o in old.iter().filter(|o| !new.iter().any(|n| same_line(o, n))) {
        change(Some(o), None);
    }
}

const NONE: &str = "—";

fn hall_changes(old: &HallResult, new: &HallResult) -> Vec<Change> {
    let mut out = Vec::new();
    for n in &new.items {
        let Some(o) = old.items.iter().find(|o| o.code == n.code) else {
            continue;
        };
        let item_source = if n.source.is_empty() {
            &o.source
        } else {
            &n.source
        };
        for (what, before, after) in [
            ("考核得分", &o.assessed, &n.assessed),
            ("自评得分", &o.self_score, &n.self_score),
        ] {
            let changed = match (before, after) {
                (Some(a), Some(b)) => !same_number(a, b),
                (a, b) => a != b,
            };
            if changed {
                out.push(Change {
                    what: format!("项目 {} {what}", n.code),
                    before: opt(before),
                    after: opt(after),
                    source: item_source.clone(),
                });
            }
        }
        // deductions: matched by their cell, then by their text
        let same = |a: &Line, b: &Line| a.source == b.source || a.what == b.what;
        pair_lines(&o.deductions, &n.deductions, same, |x, d| {
            let (what, source) = match (x, d) {
                (Some(x), Some(d)) if same_number(&x.amount, &d.amount) && x.what == d.what => {
                    return;
                }
                (Some(_), Some(d)) => (format!("扣分：{}", d.what), &d.source),
                (None, Some(d)) => (format!("新增扣分：{}", d.what), &d.source),
                (Some(x), None) => (format!("不再扣分：{}", x.what), &x.source),
                (None, None) => return,
            };
            out.push(Change {
                what: format!("项目 {} {what}", n.code),
                before: x.map_or(NONE.to_string(), |x| x.amount.clone()),
                after: d.map_or(NONE.to_string(), |d| d.amount.clone()),
                source: source.clone(),
            });
        });
        if !same_number(&o.score, &n.score) {
            out.push(Change {
                what: format!("项目 {} 得分", n.code),
                before: o.score.clone(),
                after: n.score.clone(),
                source: item_source.clone(),
            });
        }
    }
    let shown = |b: &BonusResult| {
        if b.counted {
            b.points.clone()
        } else {
            format!("{}（不计入）", b.points)
        }
    };
    let same = |a: &BonusResult, b: &BonusResult| {
        a.kind == b.kind && (a.source == b.source || a.what == b.what)
    };
    pair_lines(&old.bonuses, &new.bonuses, same, |x, b| {
        let (what, line) = match (x, b) {
            (Some(x), Some(b)) if same_number(&x.points, &b.points) && x.counted == b.counted => {
                return;
            }
            (Some(_), Some(b)) => ("加分", b),
            (None, Some(b)) => ("新增加分", b),
            (Some(x), None) => ("不再申报的加分", x),
            (None, None) => return,
        };
        out.push(Change {
            what: format!("{what}（{}）：{}", line.kind, line.what),
            before: x.map_or(NONE.to_string(), shown),
            after: b.map_or(NONE.to_string(), shown),
            source: line.source.clone(),
        });
    });
    if !same_number(&old.bonus, &new.bonus) {
        out.push(Change {
            what: "加分合计".to_string(),
            before: old.bonus.clone(),
            after: new.bonus.clone(),
            source: String::new(),
        });
    }
    if old.disqualified != new.disqualified || old.reasons != new.reasons {
        let state = |h: &HallResult| {
            if h.disqualified {
                format!("取消（{}）", h.reasons.join("；"))
            } else {
                "保留".to_string()
            }
        };
        out.push(Change {
            what: "评先评优资格".to_string(),
            before: state(old),
            after: state(new),
            source: String::new(),
        });
    }
    out
}

/// Compares two runs' results.
pub fn diff(old: &Results, new: &Results) -> Diff {
    let mut halls = Vec::new();
    for n in &new.halls {
        match old.halls.iter().find(|o| o.name == n.name) {
            Some(o) => {
                let changes = hall_changes(o, n);
                if !changes.is_empty() || o.rank != n.rank || !same_number(&o.total, &n.total) {
                    halls.push(HallDiff {
                        name: n.name.clone(),
                        rank_before: Some(o.rank),
                        rank_after: Some(n.rank),
                        total_before: Some(o.total.clone()),
                        total_after: Some(n.total.clone()),
                        changes,
                    });
                }
            }
            None => halls.push(HallDiff {
                name: n.name.clone(),
                rank_before: None,
                rank_after: Some(n.rank),
                total_before: None,
                total_after: Some(n.total.clone()),
                changes: Vec::new(),
            }),
        }
    }
    for o in &old.halls {
        if !new.halls.iter().any(|n| n.name == o.name) {
            halls.push(HallDiff {
                name: o.name.clone(),
                rank_before: Some(o.rank),
                rank_after: None,
                total_before: Some(o.total.clone()),
                total_after: None,
                changes: Vec::new(),
            });
        }
    }
    let recommended = |r: &Results| -> Vec<String> {
        r.halls
            .iter()
            .filter(|h| h.recommended)
            .map(|h| h.name.clone())
            .collect()
    };
    let (before, after) = (recommended(old), recommended(new));
    Diff {
        halls,
        now_recommended: after
            .iter()
            .filter(|n| !before.contains(n))
            .cloned()
            .collect(),
        no_longer_recommended: before
            .iter()
            .filter(|n| !after.contains(n))
            .cloned()
            .collect(),
    }
}

impl Diff {
    /// The comparison in Chinese, for the terminal.
    pub fn human(&self) -> String {
        let mut out = String::new();
        if self.halls.is_empty() && self.now_recommended.is_empty() {
            out.push_str("两次结果相同：没有大厅的得分、名次或资格发生变化。\n");
            return out;
        }
        for h in &self.halls {
            match (&h.total_before, &h.total_after, h.rank_before, h.rank_after) {
                (Some(tb), Some(ta), Some(rb), Some(ra)) => {
                    out.push_str(&format!("{}：总分 {tb} → {ta}，名次 {rb} → {ra}\n", h.name))
                }
                (None, Some(ta), _, Some(ra)) => {
                    out.push_str(&format!("{}：新出现的大厅，总分 {ta}，名次 {ra}\n", h.name))
                }
                _ => out.push_str(&format!("{}：新结果中没有这个大厅\n", h.name)),
            }
            for c in &h.changes {
                let source = if c.source.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", c.source)
                };
                out.push_str(&format!(
                    "  {}：{} → {}{source}\n",
                    c.what, c.before, c.after
                ));
            }
        }
        if !self.now_recommended.is_empty() {
            out.push_str(&format!(
                "新进入拟推荐表彰的大厅：{}\n",
                self.now_recommended.join("、")
            ));
        }
        if !self.no_longer_recommended.is_empty() {
            out.push_str(&format!(
                "不再拟推荐表彰的大厅：{}\n",
                self.no_longer_recommended.join("、")
            ));
        }
        out.push_str(&format!("共 {} 个大厅的结果有变化。\n", self.halls.len()));
        out
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::results::{BonusResult, HallResult, Results};

    fn bonus(what: &str, points: &str, counted: bool, cell: &str) -> BonusResult {
        BonusResult {
            kind: "稿件".to_string(),
            what: what.to_string(),
            points: points.to_string(),
            counted,
            note: String::new(),
            source: format!("加分.xlsx 稿件!{cell}"),
        }
    }

    fn run(bonuses: Vec<BonusResult>, bonus: &str) -> Results {
        Results {
            version: crate::results::VERSION,
            year: Some(2025),
            issuer: String::new(),
            date: String::new(),
            recommend_count: 4,
            tie_at_boundary: false,
            halls: vec![HallResult {
                name: "甲大厅".to_string(),
                rank: 1,
                total: "100".to_string(),
                bonus: bonus.to_string(),
                recommended: true,
                disqualified: false,
                reasons: Vec::new(),
                items: Vec::new(),
                bonuses,
            }],
        }
    }

    #[test]
    fn bonus_claims_added_removed_and_no_longer_counted() {
        let old = run(
            vec![
                bonus("稿件一", "0.5", true, "A2"),
                bonus("稿件二", "0.5", true, "A3"),
            ],
            "1",
        );
        let new = run(
            vec![
                bonus("稿件一", "0.5", false, "A2"),
                bonus("稿件三", "1", true, "A4"),
            ],
            "1.0",
        );
        let d = diff(&old, &new);
        let lines: Vec<(String, String, String)> = d.halls[0]
            .changes
            .iter()
            .map(|c| (c.what.clone(), c.before.clone(), c.after.clone()))
            .collect();
        let l = |w: &str, b: &str, a: &str| (w.to_string(), b.to_string(), a.to_string());
        // 1 and 1.0 are the same total bonus: no line for it
        assert_eq!(
            lines,
            vec![
                l("加分（稿件）：稿件一", "0.5", "0.5（不计入）"),
                l("新增加分（稿件）：稿件三", "—", "1"),
                l("不再申报的加分（稿件）：稿件二", "0.5", "—"),
            ]
        );
        assert_eq!(d.halls[0].changes[1].source, "加分.xlsx 稿件!A4");
        assert!(d.now_recommended.is_empty() && d.no_longer_recommended.is_empty());
    }
}
