//! What the document templates see: plain, pre-formatted data built from an evaluation by pure
//! functions. Amounts are trimmed decimal strings (`95`, `95.5`); dates are written the Chinese
//! way (`2026年1月15日`).

use crate::Evaluation;
use crate::records::Period;
use crate::score::HallScore;
use crate::text::{Date, column_scale, fmt_dec, fmt_fixed, numeral};
use rust_decimal::Decimal;
use serde::Serialize;

/// Settings every document shares.
#[derive(Debug, Clone, Serialize)]
pub struct DocInfo {
    pub year: i32,
    pub issuer: String,
    /// 发文字号, 示行管〔2026〕1号
    pub number: String,
    pub addressee: String,
    pub cc: String,
    pub printer: String,
    pub signature: String,
    /// 成文日期 written out: 2026年1月15日
    pub date: String,
    pub date_iso: String,
    /// The documents are drafts: the inputs have errors.
    pub draft: bool,
}

impl DocInfo {
    /// Settings for one document: `serial` is its 发文字号 序号.
    pub fn new(ev: &Evaluation, date: Date, serial: u32, draft: bool) -> DocInfo {
        let d = &ev.config.document;
        let issuer = ev.config.issuer.clone();
        let code = d.code.clone().unwrap_or_else(|| "通报".to_string());
        DocInfo {
            year: ev.config.assessment_year(),
            number: format!("{code}〔{}〕{serial}号", date.year),
            addressee: d
                .addressee
                .clone()
                .unwrap_or_else(|| "各专业办事大厅".to_string()),
            cc: d.cc.clone().unwrap_or_default(),
            printer: d.printer.clone().unwrap_or_else(|| issuer.clone()),
            signature: d.signature.clone().unwrap_or_else(|| issuer.clone()),
            issuer,
            date: date.chinese(),
            date_iso: date.to_string(),
            draft,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionInfo {
    pub number: u32,
    /// 一, 二 …
    pub label: String,
    pub name: String,
    pub max: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HallRow {
    pub rank: usize,
    pub name: String,
    pub sections: Vec<String>,
    pub items_total: String,
    pub bonus: String,
    pub cut_off: String,
    /// Some deduction went uncounted because an item was already at 0.
    pub has_cut_off: bool,
    pub total: String,
    /// With last year's results: its total then, and the change (+1.5, −0.5; 新增 when the
    /// hall has no result last year).
    pub previous_total: String,
    pub previous_rank: String,
    pub change: String,
    pub recommended: bool,
    pub disqualified: bool,
    pub reasons: Vec<String>,
}

/// The decimals of each score column of the ranking, over every hall: the year-end table,
/// its chart and each score card show a hall's figures alike (93.0 beside 28.8).
#[derive(Debug, Clone, PartialEq)]
pub struct RowScales {
    sections: Vec<u32>,
    items_total: u32,
    bonus: u32,
    cut_off: u32,
    total: u32,
}

pub fn row_scales(ev: &Evaluation) -> RowScales {
    let min = ev.config.document.decimals();
    let halls = &ev.scores.halls;
    let sections = (0..halls.first().map_or(0, |h| h.sections.len()))
        .map(|k| {
            column_scale(
                halls.iter().filter_map(|h| h.sections.get(k).map(|s| s.1)),
                min,
            )
        })
        .collect();
    RowScales {
        sections,
        items_total: column_scale(halls.iter().map(|h| h.items_total), min),
        bonus: column_scale(halls.iter().map(|h| h.bonus), min),
        cut_off: column_scale(halls.iter().map(|h| h.cut_off), min),
        total: column_scale(halls.iter().map(|h| h.total), min),
    }
}

fn hall_row(h: &HallScore, sc: &RowScales, history: Option<&crate::history::History>) -> HallRow {
    let compared = history.and_then(|hi| hi.of(&h.name));
    let previous = compared.and_then(|c| c.previous.as_ref());
    let change = match (compared, previous) {
        (Some(_), Some(p)) => {
            let d = h.total - p.total;
            let shown = fmt_fixed(d.abs(), sc.total.max(d.normalize().scale()));
            if d.is_sign_negative() && !d.is_zero() {
                format!("−{shown}")
            } else if d.is_zero() {
                shown
            } else {
                format!("+{shown}")
            }
        }
        (Some(_), None) => "新增".to_string(),
        (None, _) => String::new(),
    };
    HallRow {
        previous_total: previous
            .map(|p| fmt_fixed(p.total, sc.total.max(p.total.normalize().scale())))
            .unwrap_or_default(),
        previous_rank: previous.map(|p| p.rank.to_string()).unwrap_or_default(),
        change,
        rank: h.rank,
        name: h.name.clone(),
        sections: h
            .sections
            .iter()
            .enumerate()
            .map(|(k, (_, v))| fmt_fixed(*v, sc.sections.get(k).copied().unwrap_or(0)))
            .collect(),
        items_total: fmt_fixed(h.items_total, sc.items_total),
        bonus: fmt_fixed(h.bonus, sc.bonus),
        cut_off: fmt_fixed(h.cut_off, sc.cut_off),
        has_cut_off: !h.cut_off.is_zero(),
        total: fmt_fixed(h.total, sc.total),
        recommended: h.recommended,
        disqualified: h.disqualified,
        reasons: h.reasons.clone(),
    }
}

fn sections(ev: &Evaluation) -> Vec<SectionInfo> {
    ev.rubric
        .sections
        .iter()
        .map(|s| SectionInfo {
            number: s.number,
            label: numeral(s.number),
            name: s.name.clone(),
            max: fmt_dec(
                ev.rubric
                    .items
                    .iter()
                    .filter(|i| i.section == s.number)
                    .map(|i| i.max)
                    .sum(),
            ),
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub name: String,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartBar {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearEnd {
    pub doc: DocInfo,
    pub sections: Vec<SectionInfo>,
    pub total_max: String,
    pub halls: Vec<HallRow>,
    /// Last year's results are beside this year's (each row's `change`).
    pub history: bool,
    pub previous_year: String,
    pub hall_count: usize,
    pub recommend_count: usize,
    pub recommended: Vec<String>,
    pub disqualified: Vec<Named>,
    pub tie: bool,
    /// 省级、市级: the inspection levels whose 通报批评 disqualifies (from the rubric).
    pub disqualifying_levels: String,
    /// Halls sharing the last recommended total when `tie`.
    pub tied: Vec<String>,
    pub inspection_count: usize,
    pub problem_count: usize,
    pub deduction_total: String,
    pub red_flag_count: usize,
    pub highest: String,
    pub lowest: String,
    pub average: String,
    pub chart: Vec<ChartBar>,
    /// Scale of the bar chart: multiples of 5 around the totals.
    pub chart_min: String,
    pub chart_max: String,
}

pub fn year_end(ev: &Evaluation, doc: DocInfo) -> YearEnd {
    let s = &ev.scores;
    let totals: Vec<Decimal> = s.halls.iter().map(|h| h.total).collect();
    let average = if totals.is_empty() {
        Decimal::ZERO
    } else {
        (totals.iter().sum::<Decimal>() / Decimal::from(totals.len())).round_dp(2)
    };
    let last_recommended = s
        .halls
        .iter()
        .filter(|h| h.recommended)
        .map(|h| h.total)
        .min();
    let tied = match (s.tie_at_boundary, last_recommended) {
        (true, Some(t)) => s
            .halls
            .iter()
            .filter(|h| h.recommended && h.total == t)
            .map(|h| h.name.clone())
            .collect(),
        _ => Vec::new(),
    };
    let five = Decimal::from(5);
    let chart_max = totals
        .iter()
        .max()
        .map(|m| ((*m / five).floor() + Decimal::ONE) * five)
        .unwrap_or(Decimal::from(100));
    let chart_min = totals
        .iter()
        .min()
        .map(|m| ((*m / five).floor() - Decimal::ONE) * five)
        .unwrap_or_default()
        .max(Decimal::ZERO);
    let problems = ev
        .counted_inspections()
        .filter(|i| !i.problem.is_empty())
        .count();
    let scales = row_scales(ev);
    YearEnd {
        doc,
        sections: sections(ev),
        total_max: fmt_dec(ev.rubric.total_max()),
        halls: s
            .halls
            .iter()
            .map(|h| hall_row(h, &scales, ev.history.as_ref()))
            .collect(),
        history: ev.history.is_some(),
        previous_year: ev
            .history
            .as_ref()
            .and_then(|h| h.year)
            .map(|y| y.to_string())
            .unwrap_or_default(),
        hall_count: s.halls.len(),
        recommend_count: s.recommend_count,
        recommended: s
            .halls
            .iter()
            .filter(|h| h.recommended)
            .map(|h| h.name.clone())
            .collect(),
        disqualified: s
            .halls
            .iter()
            .filter(|h| h.disqualified)
            .map(|h| Named {
                name: h.name.clone(),
                reasons: h.reasons.clone(),
            })
            .collect(),
        tie: s.tie_at_boundary,
        disqualifying_levels: ev.rubric.inspections.disqualifying_levels.join("、"),
        tied,
        inspection_count: ev.counted.inspections.len(),
        problem_count: problems,
        deduction_total: fmt_dec(ev.counted_inspections().map(|i| i.deduction).sum()),
        red_flag_count: ev.counted.red_flags.len(),
        highest: totals.iter().max().map(|d| fmt_dec(*d)).unwrap_or_default(),
        lowest: totals.iter().min().map(|d| fmt_dec(*d)).unwrap_or_default(),
        average: fmt_dec(average),
        chart: s
            .halls
            .iter()
            .map(|h| ChartBar {
                label: h.name.clone(),
                value: fmt_fixed(h.total, scales.total),
            })
            .collect(),
        chart_min: fmt_dec(chart_min),
        chart_max: fmt_dec(chart_max),
    }
}

/// What the 提请表彰请示 adds to the year-end data.
#[derive(Debug, Clone, Serialize)]
pub struct Request {
    pub signer: String,
    /// 主送机关
    pub to: String,
    /// 附注: （联系人：…，电话：…）, empty when neither is set
    pub note: String,
}

pub fn request(ev: &Evaluation, signer: &str) -> Request {
    let d = &ev.config.document;
    let issuer = &ev.config.issuer;
    // 示例市行政服务管理委员会 → 示例市人民政府
    let to = d
        .request_to
        .clone()
        .unwrap_or_else(|| match issuer.find('市') {
            Some(at) => format!("{}人民政府", &issuer[..at + '市'.len_utf8()]),
            None => "市人民政府".to_string(),
        });
    let note = match (&d.contact, &d.phone) {
        (Some(c), Some(p)) => format!("（联系人：{c}，电话：{p}）"),
        (Some(c), None) => format!("（联系人：{c}）"),
        (None, Some(p)) => format!("（联系电话：{p}）"),
        (None, None) => String::new(),
    };
    Request {
        signer: signer.to_string(),
        to,
        note,
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ProblemLine {
    pub hall: String,
    pub date: String,
    /// 7月15日, for tables of one year
    pub day: String,
    pub level: String,
    pub method: String,
    pub window: String,
    pub problem: String,
    pub item: String,
    pub deduction: String,
    pub criticized: bool,
    pub source: String,
    #[serde(skip)]
    pub deducted: rust_decimal::Decimal,
    #[serde(skip)]
    pub on: Date,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuarterHall {
    pub name: String,
    pub checks: usize,
    pub problems: usize,
    pub deductions: String,
    #[serde(skip)]
    pub deducted: rust_decimal::Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct LevelCount {
    pub level: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quarter {
    pub doc: DocInfo,
    pub quarter: u32,
    /// 第一季度
    pub quarter_label: String,
    pub months: String,
    pub check_count: usize,
    pub by_level: Vec<LevelCount>,
    pub halls_checked: usize,
    pub problems: Vec<ProblemLine>,
    pub per_hall: Vec<QuarterHall>,
    /// Halls checked with nothing found.
    pub clean_halls: Vec<String>,
    pub criticized: Vec<ProblemLine>,
    pub red_flags: Vec<String>,
    pub deduction_total: String,
    /// Problems found in the quarter (`problems` may list only the worst of them).
    pub problem_count: usize,
    /// Halls checked with nothing found (`clean_halls` names them unless too many).
    pub clean_count: usize,
    /// The tables list only the worst rows; the full lists are in `list_file`.
    pub condensed: bool,
    /// The workbook beside the circular holding every hall's and every problem's row.
    pub list_file: String,
    /// Its name as the circular cites it: 2025年第1季度明察暗访问题清单
    pub list_title: String,
    /// 省级、市级: the inspection levels whose 通报批评 disqualifies (from the rubric).
    pub disqualifying_levels: String,
}

/// The title of the workbook holding a quarter's full lists; its file name adds `.xlsx`.
pub fn quarter_list_title(year: i32, q: u32) -> String {
    format!("{year}年第{q}季度明察暗访问题清单")
}

/// A circular reads as a circular: beyond `limit` rows a table lists only the worst halls and
/// problems (most deducted first), the clean halls are counted rather than named, and the body
/// points to the workbook with the full lists. Criticisms and red flags are always complete.
pub fn condense(quarter: &mut Quarter, limit: usize) {
    if quarter.per_hall.len() <= limit
        && quarter.problems.len() <= limit
        && quarter.clean_halls.len() <= limit
    {
        return;
    }
    quarter.condensed = true;
    if quarter.clean_halls.len() > limit {
        quarter.clean_halls.clear();
    }
    // stable sorts: ties keep registry order (halls) and date order (problems)
    quarter.per_hall.retain(|h| h.problems > 0);
    quarter
        .per_hall
        .sort_by_key(|h| std::cmp::Reverse(h.deducted));
    quarter.per_hall.truncate(limit);
    quarter
        .problems
        .sort_by_key(|p| std::cmp::Reverse(p.deducted));
    quarter.problems.truncate(limit);
}

/// The quarters that have inspection records or red flags, in order.
pub fn quarters_with_records(ev: &Evaluation) -> Vec<u32> {
    (1..=4)
        .filter(|q| {
            ev.counted_inspections().any(|i| i.date.quarter() == *q)
                || ev.counted.red_flags.iter().any(|f| f.quarter == *q)
        })
        .collect()
}

pub fn quarter(ev: &Evaluation, q: u32, doc: DocInfo) -> Quarter {
    let names = |h: usize| {
        ev.config
            .halls
            .get(h)
            .map(|x| x.name.clone())
            .unwrap_or_default()
    };
    let records: Vec<&crate::records::Inspection> = ev
        .counted_inspections()
        .filter(|i| i.date.quarter() == q)
        .collect();
    let min = ev.config.document.decimals();
    let problem_scale = column_scale(records.iter().map(|i| i.deduction), min);
    let line = |i: &crate::records::Inspection| ProblemLine {
        hall: names(i.hall),
        date: i.date.chinese(),
        day: format!("{}月{}日", i.date.month, i.date.day),
        level: i.level.clone(),
        method: i.method.clone(),
        window: i.window.clone(),
        problem: i.problem.clone(),
        item: i.item.clone().unwrap_or_default(),
        deduction: fmt_fixed(i.deduction, problem_scale),
        criticized: i.criticized,
        source: i.src.describe(),
        deducted: i.deduction,
        on: i.date,
    };
    let mut found: Vec<&&crate::records::Inspection> = records
        .iter()
        .filter(|i| !i.problem.is_empty() || !i.deduction.is_zero())
        .collect();
    // Records come in file order; the reader wants them by date (stable within a day).
    found.sort_by_key(|i| i.date);
    let problems: Vec<ProblemLine> = found.iter().map(|i| line(i)).collect();
    let mut by_hall: Vec<Vec<&crate::records::Inspection>> =
        vec![Vec::new(); ev.config.halls.len()];
    for i in &records {
        if let Some(mine) = by_hall.get_mut(i.hall) {
            mine.push(i);
        }
    }
    let mut per_hall = Vec::new();
    let mut clean = Vec::new();
    for (hall, mine) in ev.config.halls.iter().zip(&by_hall) {
        if mine.is_empty() {
            continue;
        }
        let found = mine
            .iter()
            .filter(|i| !i.problem.is_empty() || !i.deduction.is_zero())
            .count();
        if found == 0 {
            clean.push(hall.name.clone());
        }
        let deducted = mine.iter().map(|i| i.deduction).sum();
        per_hall.push(QuarterHall {
            name: hall.name.clone(),
            checks: mine.len(),
            problems: found,
            deductions: fmt_dec(deducted),
            deducted,
        });
    }
    let hall_scale = column_scale(per_hall.iter().map(|h: &QuarterHall| h.deducted), min);
    for h in &mut per_hall {
        h.deductions = fmt_fixed(h.deducted, hall_scale);
    }
    let by_level = ev
        .rubric
        .inspections
        .levels
        .iter()
        .map(|l| LevelCount {
            level: l.clone(),
            count: records.iter().filter(|i| &i.level == l).count(),
        })
        .filter(|c| c.count > 0)
        .collect();
    let first_month = (q - 1) * 3 + 1;
    Quarter {
        doc,
        quarter: q,
        quarter_label: format!("第{}季度", numeral(q)),
        months: format!("{}月至{}月", first_month, first_month + 2),
        check_count: records.len(),
        by_level,
        halls_checked: per_hall.len(),
        criticized: records
            .iter()
            .filter(|i| i.criticized)
            .map(|i| line(i))
            .collect(),
        problem_count: problems.len(),
        clean_count: clean.len(),
        condensed: false,
        list_file: format!(
            "{}.xlsx",
            quarter_list_title(ev.config.assessment_year(), q)
        ),
        list_title: quarter_list_title(ev.config.assessment_year(), q),
        disqualifying_levels: ev.rubric.inspections.disqualifying_levels.join("、"),
        problems,
        per_hall,
        clean_halls: clean,
        red_flags: ev
            .counted
            .red_flags
            .iter()
            .filter(|f| f.quarter == q)
            .map(|f| names(f.hall))
            .collect(),
        deduction_total: fmt_dec(records.iter().map(|i| i.deduction).sum()),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DeductionLine {
    pub date: String,
    pub kind: String,
    pub what: String,
    pub amount: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CardItem {
    pub code: String,
    pub name: String,
    pub max: String,
    pub self_score: String,
    pub assessed: String,
    pub base: String,
    pub deductions: Vec<DeductionLine>,
    pub deducted: String,
    pub has_deduction: bool,
    pub score: String,
    pub cut_off: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CardBonus {
    pub kind: String,
    pub what: String,
    pub points: String,
    pub counted: bool,
    pub note: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub doc: DocInfo,
    pub hall: HallRow,
    pub hall_count: usize,
    pub sections: Vec<SectionInfo>,
    pub items: Vec<CardItem>,
    pub bonus_lines: Vec<CardBonus>,
    pub bonus_claimed: String,
    pub capped: bool,
    pub form_source: String,
}

/// `scales`: [`row_scales`] of the evaluation, computed once for all cards.
pub fn card(ev: &Evaluation, h: &HallScore, doc: DocInfo, scales: &RowScales) -> Card {
    let min = ev.config.document.decimals();
    let col = |f: &dyn Fn(&crate::score::ItemScore) -> Option<Decimal>| {
        column_scale(h.items.iter().filter_map(f), min)
    };
    let (own, assessed, base) = (
        col(&|i| i.self_score),
        col(&|i| i.assessed),
        col(&|i| Some(i.base)),
    );
    let (deducted, score, cut_off) = (
        col(&|i| Some(i.deducted)),
        col(&|i| Some(i.score)),
        col(&|i| Some(i.cut_off)),
    );
    let amounts = column_scale(
        h.items
            .iter()
            .flat_map(|i| i.deductions.iter().map(|d| d.amount)),
        min,
    );
    let points = column_scale(
        h.bonus_lines
            .iter()
            .map(|b| b.points)
            .chain([h.bonus_claimed]),
        min,
    );
    let opt = |d: Option<Decimal>, scale| {
        d.map(|d| fmt_fixed(d, scale))
            .unwrap_or_else(|| "—".to_string())
    };
    Card {
        doc,
        hall: hall_row(h, scales, ev.history.as_ref()),
        hall_count: ev.scores.halls.len(),
        sections: sections(ev),
        items: h
            .items
            .iter()
            .zip(&ev.rubric.items)
            .map(|(i, def)| CardItem {
                code: i.code.clone(),
                name: def.name.clone(),
                max: fmt_dec(i.max),
                self_score: opt(i.self_score, own),
                assessed: opt(i.assessed, assessed),
                base: fmt_fixed(i.base, base),
                deductions: i
                    .deductions
                    .iter()
                    .map(|d| DeductionLine {
                        date: d.date.to_string(),
                        kind: d.kind.label().to_string(),
                        what: d.what.clone(),
                        amount: fmt_fixed(d.amount, amounts),
                        source: d.source.describe(),
                    })
                    .collect(),
                deducted: fmt_fixed(i.deducted, deducted),
                has_deduction: !i.deducted.is_zero(),
                score: fmt_fixed(i.score, score),
                cut_off: fmt_fixed(i.cut_off, cut_off),
                source: i.source.as_ref().map(|s| s.describe()).unwrap_or_default(),
            })
            .collect(),
        bonus_lines: h
            .bonus_lines
            .iter()
            .map(|b| CardBonus {
                kind: b.kind.label().to_string(),
                what: b.what.clone(),
                points: fmt_fixed(b.points, points),
                counted: b.counted,
                note: b.note.clone(),
                source: b.source.describe(),
            })
            .collect(),
        bonus_claimed: fmt_fixed(h.bonus_claimed, points),
        capped: h.bonus_claimed != h.bonus,
        form_source: h
            .form
            .as_ref()
            .map(|s| format!("{}（工作表“{}”）", s.file, s.sheet))
            .unwrap_or_default(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct HalfYearItem {
    pub code: String,
    pub name: String,
    pub max: String,
    pub self_score: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HalfYearHall {
    pub name: String,
    pub self_total: String,
    pub below: Vec<HalfYearItem>,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HalfYear {
    pub doc: DocInfo,
    pub total_max: String,
    pub halls: Vec<HalfYearHall>,
    /// Registry halls that sent no half-year form.
    pub missing: Vec<String>,
}

/// Whether a half-year summary is made: some hall sent a half-year form.
pub fn has_half_year(ev: &Evaluation) -> bool {
    ev.data.forms.iter().any(|f| f.period == Period::HalfYear)
}

/// None when no half-year form exists.
pub fn half_year(ev: &Evaluation, doc: DocInfo) -> Option<HalfYear> {
    let forms: Vec<&crate::records::SelfCheckForm> = ev
        .data
        .forms
        .iter()
        .filter(|f| f.period == Period::HalfYear)
        .collect();
    if forms.is_empty() {
        return None;
    }
    let half_scale = column_scale(
        forms
            .iter()
            .flat_map(|f| f.rows.iter().filter_map(|r| r.self_score)),
        ev.config.document.decimals(),
    );
    let mut halls = Vec::new();
    let mut missing = Vec::new();
    let mut form_of: std::collections::HashMap<usize, &crate::records::SelfCheckForm> =
        std::collections::HashMap::new();
    for f in &forms {
        form_of.entry(f.hall).or_insert(f);
    }
    for (h, hall) in ev.config.halls.iter().enumerate() {
        let Some(form) = form_of.get(&h) else {
            missing.push(hall.name.clone());
            continue;
        };
        let below = form
            .rows
            .iter()
            .filter(|r| r.self_score.is_some_and(|s| s < r.max))
            .map(|r| HalfYearItem {
                code: r.code.clone(),
                name: ev
                    .rubric
                    .item(&r.code)
                    .map(|i| i.name.clone())
                    .unwrap_or_default(),
                max: fmt_dec(r.max),
                self_score: r
                    .self_score
                    .map(|d| fmt_fixed(d, half_scale))
                    .unwrap_or_default(),
                note: r.note.clone(),
            })
            .collect();
        halls.push(HalfYearHall {
            name: hall.name.clone(),
            self_total: fmt_fixed(
                form.rows.iter().filter_map(|r| r.self_score).sum(),
                half_scale,
            ),
            below,
            source: format!("{} {}", form.src.file, form.src.sheet),
        });
    }
    Some(HalfYear {
        doc,
        total_max: fmt_dec(ev.rubric.total_max()),
        halls,
        missing,
    })
}
