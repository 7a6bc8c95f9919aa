//! What `score` prints: the ranking table for people, the JSON document for programs.

use crate::Evaluation;
use crate::diag::Diagnostic;
use crate::text::fmt_dec;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct JsonHall<'a> {
    name: &'a str,
    rank: usize,
    total: String,
    items: BTreeMap<&'a str, String>,
    sections: BTreeMap<String, String>,
    bonus: String,
    deductions: String,
    cut_off: String,
    disqualified: bool,
    reasons: &'a [String],
    recommended: bool,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    year: Option<i32>,
    halls: Vec<JsonHall<'a>>,
    recommend_count: usize,
    tie_at_boundary: bool,
    diagnostics: &'a [Diagnostic],
}

pub fn json(ev: &Evaluation) -> String {
    let halls = ev
        .scores
        .halls
        .iter()
        .map(|h| JsonHall {
            name: &h.name,
            rank: h.rank,
            total: fmt_dec(h.total),
            items: h
                .items
                .iter()
                .map(|i| (i.code.as_str(), fmt_dec(i.score)))
                .collect(),
            sections: h
                .sections
                .iter()
                .map(|(n, v)| (n.to_string(), fmt_dec(*v)))
                .collect(),
            bonus: fmt_dec(h.bonus),
            deductions: fmt_dec(h.items.iter().map(|i| i.deducted).sum()),
            cut_off: fmt_dec(h.cut_off),
            disqualified: h.disqualified,
            reasons: &h.reasons,
            recommended: h.recommended,
        })
        .collect();
    let report = JsonReport {
        year: ev.scores.year,
        halls,
        recommend_count: ev.scores.recommend_count,
        tie_at_boundary: ev.scores.tie_at_boundary,
        diagnostics: &ev.diagnostics,
    };
    let mut s =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// Display width of text in a terminal: CJK characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// The ranking table, in Chinese.
pub fn table(ev: &Evaluation) -> String {
    let s = &ev.scores;
    let mut out = String::new();
    if let Some(y) = s.year {
        out.push_str(&format!("{y} 年度专业办事大厅窗口服务工作考核结果\n\n"));
    }
    let name_w = s
        .halls
        .iter()
        .map(|h| width(&h.name))
        .max()
        .unwrap_or(4)
        .max(4);
    let mut header = format!("{}  {}", pad("名次", 4), pad("大厅", name_w));
    for sec in ["一", "二", "三", "四"]
        .iter()
        .take(s.halls.first().map_or(4, |h| h.sections.len()))
    {
        header.push_str(&format!("  {}", pad(sec, 5)));
    }
    header.push_str(&format!(
        "  {}  {}  {}  备注\n",
        pad("加分", 5),
        pad("总分", 6),
        pad("推荐", 4)
    ));
    out.push_str(&header);
    for h in &s.halls {
        let mut line = format!("{}  {}", pad(&h.rank.to_string(), 4), pad(&h.name, name_w));
        for (_, v) in &h.sections {
            line.push_str(&format!("  {}", pad(&fmt_dec(*v), 5)));
        }
        let mark = if h.recommended { "★" } else { "" };
        let mut notes = Vec::new();
        if h.disqualified {
            notes.push(format!("取消评先评优资格：{}", h.reasons.join("；")));
        }
        if !h.cut_off.is_zero() {
            notes.push(format!("扣分超出单项分值 {} 分未计", fmt_dec(h.cut_off)));
        }
        line.push_str(&format!(
            "  {}  {}  {}  {}",
            pad(&fmt_dec(h.bonus), 5),
            pad(&fmt_dec(h.total), 6),
            pad(mark, 4),
            notes.join("；")
        ));
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let names: Vec<&str> = s
        .halls
        .iter()
        .filter(|h| h.recommended)
        .map(|h| h.name.as_str())
        .collect();
    out.push_str(&format!(
        "\n推荐提请表彰（前 {} 名，已取消资格的除外）：{}\n",
        s.recommend_count,
        names.join("、")
    ));
    if s.tie_at_boundary {
        out.push_str("注意：推荐名额边界出现并列，请领导小组研究确定。\n");
    }
    out
}
