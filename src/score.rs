//! Scoring: pure functions from typed records to exact results (the scheme as `src/rubric.toml` encodes it). Every amount is a
//! `Decimal`; every line that adds or removes points keeps its source cell.
//!
//! Scoring counts what validation let through ([`crate::validate::Decisions`]): the problems of
//! the input are reported there. The only diagnostics here are about the results themselves:
//! an amount out of the range of `Decimal`, and a tie at the last recommended place.

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Severity, Source};
use crate::records::*;
use crate::rubric::Rubric;
use crate::text::{Date, fmt_dec};
use crate::validate::Decisions;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeductionKind {
    /// 明察暗访 / 集中抽查
    Inspection,
    /// 会议考勤
    Attendance,
}

impl DeductionKind {
    pub fn label(self) -> &'static str {
        match self {
            DeductionKind::Inspection => "明察暗访",
            DeductionKind::Attendance => "会议考勤",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Deduction {
    pub kind: DeductionKind,
    pub amount: Decimal,
    pub date: Date,
    pub what: String,
    pub source: Source,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemScore {
    pub code: String,
    pub max: Decimal,
    pub self_score: Option<Decimal>,
    pub assessed: Option<Decimal>,
    /// The assessed score, or the self score when the group did not score the item.
    pub base: Decimal,
    pub deductions: Vec<Deduction>,
    pub deducted: Decimal,
    /// max(0, base − deducted)
    pub score: Decimal,
    /// Deductions lost to the item's floor of 0.
    pub cut_off: Decimal,
    pub source: Option<Source>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BonusKind {
    Honour,
    RedFlag,
    Article,
    Prize,
}

impl BonusKind {
    pub fn label(self) -> &'static str {
        match self {
            BonusKind::Honour => "表彰",
            BonusKind::RedFlag => "流动红旗",
            BonusKind::Article => "稿件",
            BonusKind::Prize => "竞赛获奖",
        }
    }
}

/// One claimed bonus: counted or not, and why.
#[derive(Debug, Clone, Serialize)]
pub struct BonusLine {
    pub kind: BonusKind,
    pub what: String,
    pub points: Decimal,
    pub counted: bool,
    pub note: String,
    pub source: Source,
}

#[derive(Debug, Clone, Serialize)]
pub struct HallScore {
    pub hall: usize,
    pub name: String,
    pub items: Vec<ItemScore>,
    /// Section number → subtotal of its item scores.
    pub sections: Vec<(u32, Decimal)>,
    /// Sum of the item scores (the total before bonuses).
    pub items_total: Decimal,
    pub bonus_lines: Vec<BonusLine>,
    /// Sum of counted bonus lines, before any cap.
    pub bonus_claimed: Decimal,
    pub bonus: Decimal,
    pub cut_off: Decimal,
    pub total: Decimal,
    pub rank: usize,
    pub disqualified: bool,
    pub reasons: Vec<String>,
    pub recommended: bool,
    /// The year-end form the item scores come from.
    pub form: Option<Source>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    pub year: Option<i32>,
    /// In rank order; equal totals in registry order.
    pub halls: Vec<HallScore>,
    pub recommend_count: usize,
    /// A tie straddles the last recommended place: more halls than places are recommended.
    pub tie_at_boundary: bool,
    /// The warning about that tie, for the caller to report when the scores can be trusted (a
    /// tie among totals built on input errors means nothing).
    #[serde(skip)]
    pub tie_warning: Option<Diagnostic>,
}

/// The records that count after the year filter and de-duplication, for documents.
#[derive(Debug, Clone, Default)]
pub struct Counted {
    /// Indices into the dataset's inspections: those of the assessment year.
    pub inspections: Vec<usize>,
    pub red_flags: Vec<RedFlag>,
}

/// Scores `data` as validation decided (`decisions` must come from validating this `data`).
pub fn score(
    cfg: &Config,
    rubric: &Rubric,
    data: &Dataset,
    decisions: &Decisions,
) -> (Scores, Counted, Diagnostics) {
    let mut s = Scorer {
        cfg,
        rubric,
        decisions,
        diags: Diagnostics::default(),
        tie_warning: None,
    };
    let (mut scores, counted) = s.run(data);
    scores.tie_warning = s.tie_warning;
    (scores, counted, s.diags)
}

struct Scorer<'a> {
    cfg: &'a Config,
    rubric: &'a Rubric,
    decisions: &'a Decisions,
    diags: Diagnostics,
    tie_warning: Option<Diagnostic>,
}

impl<'a> Scorer<'a> {
    fn out_of_range(&mut self, h: &HallScore, what: &str) {
        self.diags.push(Diagnostic::general(
            Severity::Error,
            format!(
                "大厅“{}”的{what}超出可计算的范围，按 0 计：请检查 rubric.toml 中的分值",
                h.name
            ),
        ));
    }

    fn run(&mut self, data: &Dataset) -> (Scores, Counted) {
        let n = self.cfg.halls.len();
        let mut halls: Vec<HallScore> = (0..n)
            .map(|h| {
                let form = self
                    .decisions
                    .year_end_forms
                    .get(h)
                    .copied()
                    .flatten()
                    .and_then(|k| data.forms.get(k));
                self.items_of(h, form)
            })
            .collect();

        let counted = self.decisions.inspections.clone();
        let inspections: Vec<&Inspection> = counted
            .iter()
            .filter_map(|&k| data.inspections.get(k))
            .collect();
        for i in inspections.iter().copied() {
            if i.deduction.is_zero() {
                continue;
            }
            let Some(code) = &i.item else { continue };
            let Some(idx) = self.rubric.item_index(code) else {
                continue;
            };
            let what = format!(
                "{}{}{}：{}",
                i.level,
                i.method,
                if i.window.is_empty() {
                    String::new()
                } else {
                    format!("（{}）", i.window)
                },
                i.problem
            );
            halls[i.hall].items[idx].deductions.push(Deduction {
                kind: DeductionKind::Inspection,
                amount: i.deduction,
                date: i.date,
                what,
                source: i.deduction_src.clone(),
            });
        }

        self.attendance(data, &mut halls);

        for h in &mut halls {
            if !finish_items(h) {
                self.out_of_range(h, "单项扣分");
            }
        }

        self.articles(data, &mut halls);
        self.honours(data, &mut halls);
        let red_flags = self.red_flags(data, &mut halls);
        self.prizes(data, &mut halls);
        self.disqualify(&inspections, data, &mut halls);

        for h in &mut halls {
            let claimed = checked_sum(h.bonus_lines.iter().filter(|b| b.counted).map(|b| b.points));
            h.bonus_claimed = claimed.unwrap_or_else(|| {
                self.out_of_range(h, "加分");
                Decimal::ZERO
            });
            h.bonus = match self.rubric.bonus_cap {
                Some(cap) if h.bonus_claimed > cap => cap,
                _ => h.bonus_claimed,
            };
            let items = checked_sum(h.items.iter().map(|i| i.score));
            h.items_total = items.unwrap_or_default().normalize();
            h.cut_off = checked_sum(h.items.iter().map(|i| i.cut_off)).unwrap_or_default();
            h.total = match items.and_then(|i| i.checked_add(h.bonus)) {
                Some(t) => t.normalize(),
                None => {
                    self.out_of_range(h, "总分");
                    Decimal::ZERO
                }
            };
            h.sections = self
                .rubric
                .sections
                .iter()
                .map(|sec| {
                    let sum = checked_sum(
                        h.items
                            .iter()
                            .zip(&self.rubric.items)
                            .filter(|(_, it)| it.section == sec.number)
                            .map(|(i, _)| i.score),
                    );
                    (sec.number, sum.unwrap_or_default().normalize())
                })
                .collect();
        }

        let tie = self.rank_and_recommend(&mut halls);
        (
            Scores {
                year: self.cfg.year,
                halls,
                recommend_count: self.rubric.recommend_count,
                tie_at_boundary: tie,
                tie_warning: None,
            },
            Counted {
                inspections: counted,
                red_flags,
            },
        )
    }

    fn items_of(&self, hall: usize, form: Option<&SelfCheckForm>) -> HallScore {
        let mut items = Vec::with_capacity(self.rubric.items.len());
        for item in &self.rubric.items {
            let row = form.and_then(|f| f.rows.iter().find(|r| r.code == item.code));
            let (base, source) = match row {
                Some(r) => match (r.assessed, r.self_score) {
                    (Some(a), _) => (a, Some(r.assessed_src.clone())),
                    (None, Some(s)) => (s, Some(r.self_src.clone())),
                    (None, None) => (Decimal::ZERO, None),
                },
                None => (Decimal::ZERO, None),
            };
            items.push(ItemScore {
                code: item.code.clone(),
                max: item.max,
                self_score: row.and_then(|r| r.self_score),
                assessed: row.and_then(|r| r.assessed),
                base,
                deductions: Vec::new(),
                deducted: Decimal::ZERO,
                score: base,
                cut_off: Decimal::ZERO,
                source,
            });
        }
        HallScore {
            hall,
            name: self.cfg.halls[hall].name.clone(),
            items,
            sections: Vec::new(),
            items_total: Decimal::ZERO,
            bonus_lines: Vec::new(),
            bonus_claimed: Decimal::ZERO,
            bonus: Decimal::ZERO,
            cut_off: Decimal::ZERO,
            total: Decimal::ZERO,
            rank: 0,
            disqualified: false,
            reasons: Vec::new(),
            recommended: false,
            form: form.map(|f| f.src.clone()),
        }
    }

    fn attendance(&self, data: &Dataset, halls: &mut [HallScore]) {
        let Some(idx) = self.rubric.item_index(&self.rubric.attendance.item) else {
            return;
        };
        for a in self
            .decisions
            .attendance
            .iter()
            .filter_map(|&k| data.attendance.get(k))
        {
            let amount = self
                .rubric
                .attendance
                .deductions
                .iter()
                .find(|(k, _)| k == &a.status)
                .map(|(_, v)| *v)
                .unwrap_or_default();
            if amount.is_zero() {
                continue;
            }
            let who = a
                .person
                .as_deref()
                .filter(|p| !p.is_empty())
                .map(|p| format!("（{p}）"))
                .unwrap_or_default();
            halls[a.hall].items[idx].deductions.push(Deduction {
                kind: DeductionKind::Attendance,
                amount,
                date: a.date,
                what: format!("{}{}{}", a.activity, a.status, who),
                source: a.status_src.clone(),
            });
        }
    }

    fn articles(&self, data: &Dataset, halls: &mut [HallScore]) {
        let cfg = &self.rubric.articles;
        for (h, hall_groups) in self.decisions.articles.iter().enumerate() {
            let mut counted: Vec<(&Article, &crate::rubric::ArticleCategory)> = Vec::new();
            let mut lines = Vec::new();
            for group in hall_groups {
                let Some(best) = data.articles.get(group.counted) else {
                    continue;
                };
                let Some(cat) = self.rubric.category(&best.category) else {
                    continue;
                };
                for other in group.repeats.iter().filter_map(|&k| data.articles.get(k)) {
                    lines.push(BonusLine {
                        kind: BonusKind::Article,
                        what: format!("《{}》（{}，{}）", other.title, other.category, other.date),
                        points: Decimal::ZERO,
                        counted: false,
                        note: format!("一稿多投，按 {} {} 计 1 篇", best.category, best.date),
                        source: other.src.clone(),
                    });
                }
                counted.push((best, cat));
            }
            // Beyond-quota city articles are the later ones.
            let mut city: Vec<&Article> = counted
                .iter()
                .filter(|(_, c)| c.city)
                .map(|(a, _)| *a)
                .collect();
            city.sort_by_key(|a| a.date);
            for (a, cat) in &counted {
                let city_pos = city.iter().position(|x| std::ptr::eq(*x, *a));
                let mut points = cat.bonus;
                let mut notes = Vec::new();
                if let Some(p) = city_pos {
                    if p < cfg.city_free {
                        notes.push(format!("计入市级媒体任务数（第 {} 篇）", p + 1));
                    } else {
                        points = points.checked_add(cfg.city_bonus).unwrap_or(points);
                        notes.push(format!(
                            "市级媒体超出 {} 篇，每篇加 {}",
                            cfg.city_free,
                            fmt_dec(cfg.city_bonus)
                        ));
                    }
                }
                if !cat.bonus.is_zero() {
                    notes.push(format!("{}每篇加 {}", cat.name, fmt_dec(cat.bonus)));
                }
                if notes.is_empty() {
                    notes.push("计入任务数，不加分".to_string());
                }
                lines.push(BonusLine {
                    kind: BonusKind::Article,
                    what: format!(
                        "《{}》（{}{}，{}）",
                        a.title,
                        a.category,
                        if a.outlet.is_empty() {
                            String::new()
                        } else {
                            format!("·{}", a.outlet)
                        },
                        a.date
                    ),
                    points,
                    counted: true,
                    note: notes.join("；"),
                    source: a.src.clone(),
                });
            }
            if let Some(hall) = halls.get_mut(h) {
                hall.bonus_lines.extend(lines);
            }
        }
    }

    fn honours(&self, data: &Dataset, halls: &mut [HallScore]) {
        for claim in &self.decisions.honours {
            let Some(h) = data.honours.get(claim.honour) else {
                continue;
            };
            let Some(class) = self.rubric.honours.levels.get(claim.level) else {
                continue;
            };
            let (points, kind) = if h.collective {
                (class.collective, "集体")
            } else {
                (class.individual, "个人")
            };
            let who = if h.recipient.is_empty() {
                String::new()
            } else {
                format!("，{}", h.recipient)
            };
            let mut line = BonusLine {
                kind: BonusKind::Honour,
                what: format!(
                    "{}（{}{}，{}{}）",
                    h.title,
                    h.authority,
                    who,
                    h.date,
                    if h.doc_no.is_empty() {
                        String::new()
                    } else {
                        format!("，{}", h.doc_no)
                    }
                ),
                points,
                counted: true,
                note: format!("{}{}表彰", class.name, kind),
                source: h.src.clone(),
            };
            // Validation warned about it; the claim is still listed.
            if points.is_zero() {
                line.counted = false;
                line.note = format!("{}表彰不加分", class.name);
            }
            halls[h.hall].bonus_lines.push(line);
        }
    }

    fn red_flags(&self, data: &Dataset, halls: &mut [HallScore]) -> Vec<RedFlag> {
        let mut counted = Vec::new();
        for f in self
            .decisions
            .red_flags
            .iter()
            .filter_map(|&k| data.red_flags.get(k))
        {
            counted.push(f.clone());
            halls[f.hall].bonus_lines.push(BonusLine {
                kind: BonusKind::RedFlag,
                what: format!("第{}季度“流动红旗”", crate::text::numeral(f.quarter)),
                points: self.rubric.red_flag_points,
                counted: true,
                note: String::new(),
                source: f.src.clone(),
            });
        }
        counted
    }

    fn prizes(&self, data: &Dataset, halls: &mut [HallScore]) {
        for claim in &self.decisions.prizes {
            let Some(p) = data.prizes.get(claim.prize) else {
                continue;
            };
            let points = self
                .rubric
                .prizes
                .iter()
                .find(|(k, _)| k == &p.place)
                .map(|(_, v)| *v)
                .unwrap_or_default();
            let mut line = BonusLine {
                kind: BonusKind::Prize,
                what: format!("{}{}", p.competition, p.place),
                points,
                counted: true,
                note: String::new(),
                source: p.src.clone(),
            };
            if !claim.by_issuer {
                line.counted = false;
                line.points = Decimal::ZERO;
                line.note = format!("非{}主办，不加分", self.cfg.issuer);
            }
            halls[p.hall].bonus_lines.push(line);
        }
    }

    fn disqualify(&self, inspections: &[&Inspection], data: &Dataset, halls: &mut [HallScore]) {
        for i in inspections.iter().copied() {
            if i.criticized
                && self
                    .rubric
                    .inspections
                    .disqualifying_levels
                    .contains(&i.level)
            {
                let problem = if i.problem.is_empty() {
                    String::new()
                } else {
                    format!("：{}", i.problem)
                };
                halls[i.hall].reasons.push(format!(
                    "{}被{}明察暗访通报批评{}",
                    i.date.chinese(),
                    i.level,
                    problem
                ));
            }
        }
        for v in self
            .decisions
            .vetoes
            .iter()
            .filter_map(|&k| data.vetoes.get(k))
        {
            let date = v
                .date
                .map(|d| format!("{}，", d.chinese()))
                .unwrap_or_default();
            halls[v.hall]
                .reasons
                .push(format!("{date}{}：{}", v.category, v.matter));
        }
        for h in halls.iter_mut() {
            h.disqualified = !h.reasons.is_empty();
        }
    }

    /// Ranks by total (ties share a rank, the next skips); recommends the top N eligible halls,
    /// all of a tie at the boundary, and returns whether such a tie happened.
    fn rank_and_recommend(&mut self, halls: &mut [HallScore]) -> bool {
        halls.sort_by(|a, b| b.total.cmp(&a.total).then(a.hall.cmp(&b.hall)));
        for i in 0..halls.len() {
            let total = halls[i].total;
            halls[i].rank = 1 + halls.iter().filter(|h| h.total > total).count();
        }
        let n = self.rubric.recommend_count;
        let eligible: Vec<usize> = (0..halls.len())
            .filter(|&i| !halls[i].disqualified)
            .collect();
        if eligible.len() <= n {
            for &i in &eligible {
                halls[i].recommended = true;
            }
            return false;
        }
        let threshold = halls[eligible[n - 1]].total;
        let chosen: Vec<usize> = eligible
            .iter()
            .copied()
            .filter(|&i| halls[i].total >= threshold)
            .collect();
        for &i in &chosen {
            halls[i].recommended = true;
        }
        let tie = chosen.len() > n;
        if tie {
            let tied: Vec<&str> = chosen
                .iter()
                .filter(|&&i| halls[i].total == threshold)
                .map(|&i| halls[i].name.as_str())
                .collect();
            let all: Vec<&str> = chosen.iter().map(|&i| halls[i].name.as_str()).collect();
            self.tie_warning = Some(Diagnostic::general(
                Severity::Warning,
                format!(
                    "第 {n} 名出现并列：{} 总分均为 {}，按规则一并推荐，拟推荐的大厅因此共 {} 个：{}；请领导小组研究确定",
                    tied.join("、"),
                    fmt_dec(threshold),
                    all.len(),
                    all.join("、")
                ),
            ));
        }
        tie
    }
}

/// Scores each item of a hall from its base and deductions; false when an amount left the range
/// of `Decimal` (the item then scores 0).
fn finish_items(h: &mut HallScore) -> bool {
    let mut ok = true;
    for item in &mut h.items {
        let deducted = checked_sum(item.deductions.iter().map(|d| d.amount));
        let raw = deducted.and_then(|d| item.base.checked_sub(d));
        let cut = deducted.and_then(|d| d.checked_sub(item.base));
        match (deducted, raw, cut) {
            (Some(deducted), Some(raw), Some(cut)) => {
                item.deducted = deducted;
                item.score = raw.max(Decimal::ZERO).normalize();
                item.cut_off = cut.max(Decimal::ZERO).normalize();
            }
            _ => {
                ok = false;
                item.deducted = Decimal::ZERO;
                item.score = Decimal::ZERO;
                item.cut_off = Decimal::ZERO;
            }
        }
    }
    ok
}

/// A sum that cannot panic: None when it leaves the range of `Decimal`. Amounts read from cells
/// are below [`crate::input::limits::MAX_MAGNITUDE`], so only absurd points in a rubric.toml can
/// get there; scoring reports it instead of failing.
fn checked_sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_never_panic() {
        assert_eq!(
            checked_sum([Decimal::ONE, Decimal::TWO]),
            Some(Decimal::from(3))
        );
        assert_eq!(checked_sum([Decimal::MAX, Decimal::ONE]), None);
        assert_eq!(
            checked_sum([Decimal::MIN, Decimal::MAX]),
            Some(Decimal::ZERO)
        );
    }
}
