//! Checks that look at several records together, or at a record against the settings and the
//! rubric: one year-end form per hall, the assessment year, repeated and contradictory rows, and
//! claims that cannot count. Each check both reports and decides; the scorer follows the
//! decisions ([`Decisions`]) and never looks at the problems again.
//!
//! The checks run in one fixed order (forms, items, inspections, attendance, articles, honours,
//! red flags, prizes, vetoes) because the report keeps, within a file, the order diagnostics were
//! found in: reordering them here reorders every report.

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Severity, Source};
use crate::records::*;
use crate::rubric::Rubric;
use crate::text::{Date, compact, fmt_dec, name_key, title_key};
use std::collections::HashMap;

/// The diagnostics about the records, in the order they were found, and what the scorer may
/// count.
#[derive(Debug, Clone, Default)]
pub struct Validated {
    pub diagnostics: Diagnostics,
    pub decisions: Decisions,
}

/// Which records count. Every index is into the list of the same name in the [`Dataset`] that
/// was validated; every list is in input order unless said otherwise.
#[derive(Debug, Clone, Default)]
pub struct Decisions {
    /// Per hall in registry order, its year-end form in `forms`: the first in path order.
    pub year_end_forms: Vec<Option<usize>>,
    /// Inspections of the assessment year.
    pub inspections: Vec<usize>,
    /// Attendance rows of the assessment year, without repeats and contradictions of an earlier
    /// row. Empty when the rubric has no attendance item: nothing would count them.
    pub attendance: Vec<usize>,
    /// Per hall in registry order, its articles of the assessment year by title, in order of
    /// first appearance. A title whose articles are all of unknown categories has no group.
    pub articles: Vec<Vec<ArticleGroup>>,
    /// Honours of the assessment year that are not repeats and whose level is known.
    pub honours: Vec<HonourClaim>,
    /// Red flags of the assessment year, one per hall and quarter.
    pub red_flags: Vec<usize>,
    /// Prizes of the assessment year (or undated).
    pub prizes: Vec<PrizeClaim>,
    /// Vetoes of the assessment year (or undated).
    pub vetoes: Vec<usize>,
}

/// One title of a hall's articles: 一稿多投 counts once, as the copy of the highest category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleGroup {
    /// The copy that counts: the first of the highest category.
    pub counted: usize,
    /// The other copies, listed without points.
    pub repeats: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HonourClaim {
    pub honour: usize,
    /// Its level class, an index into the rubric's `honours.levels`.
    pub level: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrizeClaim {
    pub prize: usize,
    /// Whether the issuer organised the competition: only its competitions earn points.
    pub by_issuer: bool,
}

/// Runs every cross-record check over `data`.
pub fn records(data: &Dataset, cfg: &Config, rubric: &Rubric) -> Validated {
    let mut v = Validator {
        cfg,
        rubric,
        diags: Diagnostics::default(),
    };
    let year_end_forms = v.year_end_forms(data);
    v.half_year_forms(data);
    v.unassessed_items(data, &year_end_forms);
    let inspections = v.inspections(data);
    let attendance = v.attendance(data);
    let articles = v.articles(data, &year_end_forms);
    let honours = v.honours(data);
    let red_flags = v.red_flags(data);
    let prizes = v.prizes(data);
    let vetoes = v.vetoes(data);
    Validated {
        diagnostics: v.diags,
        decisions: Decisions {
            year_end_forms,
            inspections,
            attendance,
            articles,
            honours,
            red_flags,
            prizes,
            vetoes,
        },
    }
}

struct Validator<'a> {
    cfg: &'a Config,
    rubric: &'a Rubric,
    diags: Diagnostics,
}

impl Validator<'_> {
    fn hall_name(&self, hall: usize) -> &str {
        self.cfg.halls.get(hall).map_or("", |h| h.name.as_str())
    }

    /// Whether a dated record belongs to the assessment year; warns when it does not.
    fn in_year(&mut self, date: Date, src: &Source, what: &str) -> bool {
        match self.cfg.year {
            Some(y) if date.year != y => {
                self.diags.warning(
                    src,
                    format!("{what}日期 {date} 不在考核年度 {y} 内，不计入"),
                );
                false
            }
            _ => true,
        }
    }

    /// The year-end form of each hall (the first in path order); missing and extra forms are
    /// errors.
    fn year_end_forms(&mut self, data: &Dataset) -> Vec<Option<usize>> {
        let mut chosen: Vec<Option<usize>> = vec![None; self.cfg.halls.len()];
        for (k, form) in data.forms.iter().enumerate() {
            if form.period != Period::YearEnd {
                continue;
            }
            let Some(slot) = chosen.get_mut(form.hall) else {
                continue;
            };
            match slot.and_then(|first| data.forms.get(first)) {
                Some(first) => {
                    let msg = format!(
                        "大厅“{}”有两份年终自查评分表：另一份在 {}（{}），每个大厅只能有一份",
                        self.hall_name(form.hall),
                        first.src.file,
                        first.src.sheet
                    );
                    self.diags.error(&form.src, msg);
                }
                None => *slot = Some(k),
            }
        }
        for (h, form) in chosen.iter().enumerate() {
            if form.is_none() {
                self.diags.push(Diagnostic::general(
                    Severity::Error,
                    format!(
                        "大厅“{}”没有年终自查评分表（自查评分表，考核期间为年终）",
                        self.hall_name(h)
                    ),
                ));
            }
        }
        chosen
    }

    fn half_year_forms(&mut self, data: &Dataset) {
        let mut seen: HashMap<usize, &Source> = HashMap::new();
        for form in data.forms.iter().filter(|f| f.period == Period::HalfYear) {
            if let Some(first) = seen.get(&form.hall) {
                let msg = format!(
                    "大厅“{}”有两份半年自查评分表：另一份在 {}（{}）",
                    self.hall_name(form.hall),
                    first.file,
                    first.sheet
                );
                self.diags.error(&form.src, msg);
            } else {
                seen.insert(form.hall, &form.src);
            }
        }
    }

    /// Items of a year-end form the 考核组 has not scored: they count with the self score, which
    /// the group should know. One warning per form, not one per item.
    fn unassessed_items(&mut self, data: &Dataset, forms: &[Option<usize>]) {
        for form in forms
            .iter()
            .filter_map(|f| f.and_then(|k| data.forms.get(k)))
        {
            let mut unreviewed_sheet_warned = false;
            let mut unassessed: Vec<(&str, &Source)> = Vec::new();
            for item in &self.rubric.items {
                let Some(row) = form.rows.iter().find(|r| r.code == item.code) else {
                    continue;
                };
                if row.assessed.is_some() || row.self_score.is_none() {
                    continue;
                }
                if form.has_assessed_column {
                    unassessed.push((item.code.as_str(), &row.assessed_src));
                } else if !unreviewed_sheet_warned {
                    unreviewed_sheet_warned = true;
                    self.diags.push(Diagnostic::in_sheet(
                        Severity::Warning,
                        &form.src.file,
                        &form.src.sheet,
                        "本表没有“考核得分”列：各项目均未经考核组评定，以自评得分计",
                    ));
                }
            }
            if let Some((_, first)) = unassessed.first() {
                let codes: Vec<&str> = unassessed.iter().map(|(c, _)| *c).collect();
                let what = if codes.len() == self.rubric.items.len() {
                    format!("全部 {} 个项目", codes.len())
                } else {
                    format!(" {} 个项目（{}）", codes.len(), codes.join("、"))
                };
                self.diags.warning(
                    first,
                    format!("考核组尚未评定{what}：考核得分为空，以自评得分计"),
                );
            }
        }
    }

    fn inspections(&mut self, data: &Dataset) -> Vec<usize> {
        // indices, not copies: a province has tens of thousands of records
        let mut counted = Vec::new();
        for (k, i) in data.inspections.iter().enumerate() {
            if self.in_year(i.date, &i.date_src, "检查") {
                counted.push(k);
            }
        }
        counted
    }

    /// The same person at the same activity on the same date counts once; two different
    /// statuses for them cannot both be true.
    fn attendance(&mut self, data: &Dataset) -> Vec<usize> {
        let mut counted = Vec::new();
        if self
            .rubric
            .item_index(&self.rubric.attendance.item)
            .is_none()
        {
            return counted;
        }
        let mut seen: HashMap<(Date, String, usize, String), &Attendance> = HashMap::new();
        for (k, a) in data.attendance.iter().enumerate() {
            if !self.in_year(a.date, &a.date_src, "考勤") {
                continue;
            }
            if let Some(person) = a.person.as_deref().filter(|p| !p.is_empty()) {
                let key = (a.date, compact(&a.activity), a.hall, name_key(person));
                if let Some(first) = seen.get(&key) {
                    if compact(&first.status) == compact(&a.status) {
                        self.diags.warning(
                            &a.src,
                            format!(
                                "与 {} 重复（同一日期、活动、大厅和人员），只计一次",
                                first.src.describe()
                            ),
                        );
                    } else {
                        self.diags.error(
                            &a.status_src,
                            format!(
                                "{person} 在 {} “{}”的考勤为“{}”，与 {} 记录的“{}”矛盾",
                                a.date,
                                a.activity,
                                a.status,
                                first.status_src.describe(),
                                first.status
                            ),
                        );
                    }
                    continue;
                }
                seen.insert(key, a);
            }
            counted.push(k);
        }
        counted
    }

    /// 一稿多投: copies of one title count once. Then the article quota against a full score on
    /// the article item of the hall's year-end form.
    fn articles(&mut self, data: &Dataset, forms: &[Option<usize>]) -> Vec<Vec<ArticleGroup>> {
        // Per hall: the copies of one title, in order of first appearance.
        let mut by_title: Vec<Vec<(String, Vec<usize>)>> = vec![Vec::new(); forms.len()];
        for (k, a) in data.articles.iter().enumerate() {
            if !self.in_year(a.date, &a.date_src, "刊登") {
                continue;
            }
            let key = title_key(&a.title);
            let Some(hall_titles) = by_title.get_mut(a.hall) else {
                continue;
            };
            match hall_titles.iter_mut().find(|(t, _)| *t == key) {
                Some((_, copies)) => copies.push(k),
                None => hall_titles.push((key, vec![k])),
            }
        }
        let rank = |k: &usize| {
            data.articles
                .get(*k)
                .and_then(|a| self.rubric.category(&a.category))
                .map_or(i64::MIN, |c| c.rank)
        };
        let groups: Vec<Vec<ArticleGroup>> = by_title
            .into_iter()
            .map(|hall_titles| {
                hall_titles
                    .into_iter()
                    .filter_map(|(_, copies)| {
                        let best_rank = copies.iter().map(rank).max()?;
                        let counted = *copies.iter().find(|k| rank(k) == best_rank)?;
                        let known = data
                            .articles
                            .get(counted)
                            .and_then(|a| self.rubric.category(&a.category))
                            .is_some();
                        known.then(|| ArticleGroup {
                            counted,
                            repeats: copies.into_iter().filter(|&k| k != counted).collect(),
                        })
                    })
                    .collect()
            })
            .collect();

        let cfg = &self.rubric.articles;
        let item = self.rubric.items.iter().find(|i| i.code == cfg.item);
        for (hall_groups, form) in groups.iter().zip(forms) {
            let count_in = |cats: &[String]| {
                hall_groups
                    .iter()
                    .filter_map(|g| data.articles.get(g.counted))
                    .filter(|a| cats.contains(&a.category))
                    .count()
            };
            let unmet: Vec<String> = cfg
                .quotas
                .iter()
                .filter(|q| count_in(&q.categories) < q.min)
                .map(|q| {
                    format!(
                        "{} 不少于 {} 篇（实际 {} 篇）",
                        q.categories.join("+"),
                        q.min,
                        count_in(&q.categories)
                    )
                })
                .collect();
            let Some(item) = item else { continue };
            let row = form
                .and_then(|k| data.forms.get(k))
                .and_then(|f| f.rows.iter().find(|r| r.code == item.code));
            // The score the item would take from the form: the group's, else the hall's own.
            let scored = row.and_then(|r| match (r.assessed, r.self_score) {
                (Some(a), _) => Some((a, &r.assessed_src)),
                (None, Some(s)) => Some((s, &r.self_src)),
                (None, None) => None,
            });
            if let Some((score, src)) = scored
                && !unmet.is_empty()
                && score == item.max
            {
                self.diags.warning(
                    src,
                    format!(
                        "项目 {} 得满分 {}，但稿件数量未达到要求：{}",
                        item.code,
                        fmt_dec(item.max),
                        unmet.join("；")
                    ),
                );
            }
        }
        groups
    }

    fn infer_level(&self, authority: &str) -> Option<String> {
        let key = name_key(authority);
        if let Some(level) = self.cfg.authority_level(&key) {
            return Some(level.to_string());
        }
        self.rubric
            .honours
            .infer
            .iter()
            .find(|r| {
                r.contains.iter().any(|k| key.contains(k.as_str()))
                    || r.starts_with.iter().any(|k| key.starts_with(k.as_str()))
                    || r.ends_with.iter().any(|k| key.ends_with(k.as_str()))
            })
            .map(|r| r.level.clone())
    }

    /// The level class a level word belongs to, as an index into the rubric's levels.
    fn level_class(&self, word: &str) -> Option<usize> {
        self.rubric
            .honours
            .levels
            .iter()
            .position(|l| l.declared.iter().any(|d| d == word))
    }

    /// One honour earns points once; its level is the authority's administrative level, which
    /// a declared level must not contradict.
    fn honours(&mut self, data: &Dataset) -> Vec<HonourClaim> {
        let mut claims = Vec::new();
        let mut seen: HashMap<(usize, String, String, String), &Honour> = HashMap::new();
        for (k, h) in data.honours.iter().enumerate() {
            if !self.in_year(h.date, &h.date_src, "授予") {
                continue;
            }
            let key = (
                h.hall,
                name_key(&h.title),
                name_key(&h.recipient),
                name_key(&h.doc_no),
            );
            if let Some(first) = seen.get(&key) {
                let same = name_key(&first.authority) == name_key(&h.authority)
                    && first.declared_level == h.declared_level
                    && first.collective == h.collective
                    && first.date == h.date;
                if same {
                    self.diags.warning(
                        &h.src,
                        format!(
                            "与 {} 是同一荣誉（一个荣誉只能一次用于加分），只计一次",
                            first.src.describe()
                        ),
                    );
                } else {
                    self.diags.error(
                        &h.src,
                        format!(
                            "荣誉“{}”与 {} 的名称、获奖人和文号相同，但授予单位、级别、类型或日期不同：请核实后只保留一条",
                            h.title,
                            first.src.describe()
                        ),
                    );
                }
                continue;
            }
            seen.insert(key, h);

            let inferred = self.infer_level(&h.authority);
            let inferred_class = inferred.as_deref().and_then(|l| self.level_class(l));
            let declared_class = h
                .declared_level
                .as_deref()
                .and_then(|l| self.level_class(l));
            let class_name = |c: usize| self.rubric.honours.levels.get(c).map(|l| &l.name);
            let level = match (inferred_class, declared_class) {
                (Some(i), Some(d)) if class_name(i) != class_name(d) => {
                    self.diags.error(
                        &h.level_src,
                        format!(
                            "级别“{}”与授予单位“{}”的行政级别（{}）不符：级别以落款单位的行政级别为准",
                            h.declared_level.as_deref().unwrap_or(""),
                            h.authority,
                            inferred.as_deref().unwrap_or("")
                        ),
                    );
                    continue;
                }
                (Some(i), _) => i,
                (None, Some(d)) => d,
                (None, None) => {
                    self.diags.error(
                        &h.level_src,
                        format!("无法从授予单位“{}”判断表彰级别：请在“级别”中填写，或在 kaohe.toml 的 [authority_levels] 中登记", h.authority),
                    );
                    continue;
                }
            };
            // The claim is listed either way; the warning tells the hall it earns nothing.
            if let Some(class) = self.rubric.honours.levels.get(level) {
                let points = if h.collective {
                    class.collective
                } else {
                    class.individual
                };
                if points.is_zero() {
                    self.diags.warning(
                        &h.level_src,
                        format!("{}表彰（{}）不加分", class.name, h.authority),
                    );
                }
            }
            claims.push(HonourClaim { honour: k, level });
        }
        claims
    }

    /// One red flag per hall and quarter, of the assessment year.
    fn red_flags(&mut self, data: &Dataset) -> Vec<usize> {
        let mut seen: HashMap<(usize, u32), &RedFlag> = HashMap::new();
        let mut counted = Vec::new();
        for (k, f) in data.red_flags.iter().enumerate() {
            if let (Some(y), Some(want)) = (f.year, self.cfg.year)
                && y != want
            {
                self.diags.warning(
                    &f.year_src,
                    format!("流动红旗年度 {y} 不是考核年度 {want}，不计入"),
                );
                continue;
            }
            if let Some(first) = seen.get(&(f.hall, f.quarter)) {
                self.diags.warning(
                    &f.src,
                    format!(
                        "与 {} 重复（同一大厅同一季度的流动红旗），只计一次",
                        first.src.describe()
                    ),
                );
                continue;
            }
            seen.insert((f.hall, f.quarter), f);
            counted.push(k);
        }
        counted
    }

    /// Only competitions the issuer organised earn points.
    fn prizes(&mut self, data: &Dataset) -> Vec<PrizeClaim> {
        let issuer = name_key(&self.cfg.issuer);
        let mut claims = Vec::new();
        for (k, p) in data.prizes.iter().enumerate() {
            if let Some(d) = p.date
                && !self.in_year(d, &p.date_src, "获奖")
            {
                continue;
            }
            let by_issuer = match &p.organiser {
                Some(org) if name_key(org) != issuer => {
                    self.diags.warning(
                        &p.organiser_src,
                        format!(
                            "竞赛主办单位“{org}”不是{}，只有其组织的竞赛获奖才加分，计 0 分",
                            self.cfg.issuer
                        ),
                    );
                    false
                }
                _ => true,
            };
            claims.push(PrizeClaim {
                prize: k,
                by_issuer,
            });
        }
        claims
    }

    fn vetoes(&mut self, data: &Dataset) -> Vec<usize> {
        let mut counted = Vec::new();
        for (k, v) in data.vetoes.iter().enumerate() {
            if let Some(d) = v.date
                && !self.in_year(d, &v.date_src, "否决事项")
            {
                continue;
            }
            counted.push(k);
        }
        counted
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn setup() -> (Config, Rubric) {
        let rubric = Rubric::builtin();
        let (cfg, errs) = Config::parse(
            "year = 2025\nissuer = \"示例市行政服务管理委员会\"\n\
             [[hall]]\nname = \"甲大厅\"\n[[hall]]\nname = \"乙大厅\"\n",
            &rubric,
        );
        assert!(errs.is_empty(), "{errs:?}");
        (cfg, rubric)
    }

    fn at(file: &str, sheet: &str, row: u32, col: u32) -> Source {
        Source {
            file: Arc::from(file),
            sheet: Arc::from(sheet),
            row,
            col,
        }
    }

    fn date(month: u32, day: u32) -> Date {
        Date {
            year: 2025,
            month,
            day,
        }
    }

    fn form(hall: usize, file: &str) -> SelfCheckForm {
        SelfCheckForm {
            hall,
            period: Period::YearEnd,
            src: at(file, "自查评分表", 1, 1),
            has_assessed_column: true,
            rows: Vec::new(),
        }
    }

    /// (severity, file, sheet, cell, message) of every diagnostic, for comparing whole lists.
    fn found(v: &Validated) -> Vec<(Severity, String, String, String, String)> {
        v.diagnostics
            .0
            .iter()
            .map(|d| {
                (
                    d.severity,
                    d.file.clone().unwrap_or_default(),
                    d.sheet.clone().unwrap_or_default(),
                    d.cell.clone().unwrap_or_default(),
                    d.message.clone(),
                )
            })
            .collect()
    }

    fn diag(
        sev: Severity,
        file: &str,
        sheet: &str,
        cell: &str,
        msg: &str,
    ) -> (Severity, String, String, String, String) {
        (sev, file.into(), sheet.into(), cell.into(), msg.into())
    }

    #[test]
    fn the_first_year_end_form_is_the_halls_and_a_second_is_an_error() {
        let (cfg, rubric) = setup();
        let data = Dataset {
            forms: vec![
                form(0, "年终自查/甲大厅.xlsx"),
                form(0, "年终自查/甲大厅副本.xlsx"),
            ],
            ..Dataset::default()
        };
        let v = records(&data, &cfg, &rubric);
        assert_eq!(v.decisions.year_end_forms, vec![Some(0), None]);
        assert_eq!(
            found(&v),
            vec![
                diag(
                    Severity::Error,
                    "年终自查/甲大厅副本.xlsx",
                    "自查评分表",
                    "B2",
                    "大厅“甲大厅”有两份年终自查评分表：另一份在 年终自查/甲大厅.xlsx（自查评分表），每个大厅只能有一份"
                ),
                diag(
                    Severity::Error,
                    "",
                    "",
                    "",
                    "大厅“乙大厅”没有年终自查评分表（自查评分表，考核期间为年终）"
                ),
            ]
        );
    }

    fn attendance(row: u32, person: &str, status: &str) -> Attendance {
        let src = at("考勤/例会.xlsx", "考勤", row, 0);
        Attendance {
            date: date(3, 5),
            activity: "三月例会".into(),
            activity_type: "例会".into(),
            hall: 0,
            person: Some(person.into()),
            status: status.into(),
            date_src: src.clone(),
            status_src: src.at_col(4),
            src,
        }
    }

    #[test]
    fn one_person_with_two_statuses_at_one_meeting_is_a_contradiction() {
        let (cfg, rubric) = setup();
        let data = Dataset {
            forms: vec![form(0, "甲.xlsx"), form(1, "乙.xlsx")],
            attendance: vec![
                attendance(1, "张三", "出席"),
                attendance(2, "张三", "缺席"),
                attendance(3, "张 三", "出席"),
                attendance(4, "李四", "迟到"),
            ],
            ..Dataset::default()
        };
        let v = records(&data, &cfg, &rubric);
        assert_eq!(v.decisions.attendance, vec![0, 3]);
        assert_eq!(
            found(&v),
            vec![
                diag(
                    Severity::Error,
                    "考勤/例会.xlsx",
                    "考勤",
                    "E3",
                    "张三 在 2025-03-05 “三月例会”的考勤为“缺席”，与 考勤/例会.xlsx 考勤!E2 记录的“出席”矛盾"
                ),
                diag(
                    Severity::Warning,
                    "考勤/例会.xlsx",
                    "考勤",
                    "A4",
                    "与 考勤/例会.xlsx 考勤!A2 重复（同一日期、活动、大厅和人员），只计一次"
                ),
            ]
        );
    }

    fn honour(row: u32, authority: &str) -> Honour {
        let src = at("加分/加分申报汇总.xlsx", "表彰", row, 0);
        Honour {
            hall: 0,
            title: "青年文明号".into(),
            authority: authority.into(),
            authority_src: src.at_col(2),
            declared_level: None,
            level_src: src.at_col(3),
            collective: true,
            recipient: String::new(),
            doc_no: "示文〔2025〕1号".into(),
            date: date(6, 1),
            date_src: src.at_col(5),
            src,
        }
    }

    #[test]
    fn an_honour_counts_once_and_a_conflicting_copy_is_an_error() {
        let (cfg, rubric) = setup();
        let data = Dataset {
            forms: vec![form(0, "甲.xlsx"), form(1, "乙.xlsx")],
            honours: vec![
                honour(1, "示例省人民政府"),
                honour(2, "示例省人民政府"),
                honour(3, "示例市人民政府"),
            ],
            ..Dataset::default()
        };
        let v = records(&data, &cfg, &rubric);
        let province = rubric.honours.levels.iter().position(|l| l.name == "省级");
        assert_eq!(
            v.decisions.honours,
            vec![HonourClaim {
                honour: 0,
                level: province.expect("the built-in rubric has 省级")
            }]
        );
        assert_eq!(
            found(&v),
            vec![
                diag(
                    Severity::Warning,
                    "加分/加分申报汇总.xlsx",
                    "表彰",
                    "A3",
                    "与 加分/加分申报汇总.xlsx 表彰!A2 是同一荣誉（一个荣誉只能一次用于加分），只计一次"
                ),
                diag(
                    Severity::Error,
                    "加分/加分申报汇总.xlsx",
                    "表彰",
                    "A4",
                    "荣誉“青年文明号”与 加分/加分申报汇总.xlsx 表彰!A2 的名称、获奖人和文号相同，但授予单位、级别、类型或日期不同：请核实后只保留一条"
                ),
            ]
        );
    }

    fn article(row: u32, title: &str, category: &str) -> Article {
        let src = at("加分/加分申报汇总.xlsx", "稿件", row, 0);
        Article {
            hall: 0,
            title: title.into(),
            outlet: String::new(),
            category: category.into(),
            date: date(4, row),
            date_src: src.at_col(4),
            src,
        }
    }

    #[test]
    fn one_article_in_several_outlets_counts_once_at_its_highest_category() {
        let (cfg, rubric) = setup();
        let max = rubric
            .items
            .iter()
            .find(|i| i.code == "4.3")
            .map(|i| i.max)
            .expect("the built-in rubric has item 4.3");
        let mut full = form(0, "年终自查/甲大厅.xlsx");
        let src = at("年终自查/甲大厅.xlsx", "自查评分表", 20, 3);
        full.rows.push(FormRow {
            code: "4.3".into(),
            code_src: src.at_col(0),
            max,
            self_score: Some(max),
            self_src: src.clone(),
            assessed: None,
            assessed_src: src.at_col(4),
            note: String::new(),
        });
        let data = Dataset {
            forms: vec![full, form(1, "乙.xlsx")],
            articles: vec![
                article(1, "窗口服务暖人心", "简报"),
                article(2, "窗口服务 暖人心", "日报"),
                article(3, "另一篇", "简报"),
            ],
            ..Dataset::default()
        };
        let v = records(&data, &cfg, &rubric);
        assert_eq!(
            v.decisions.articles,
            vec![
                vec![
                    ArticleGroup {
                        counted: 1,
                        repeats: vec![0]
                    },
                    ArticleGroup {
                        counted: 2,
                        repeats: vec![]
                    },
                ],
                vec![]
            ]
        );
        // The 简报 copy went to the 日报 group, so the form's full score is not backed.
        let quota = format!(
            "项目 4.3 得满分 {}，但稿件数量未达到要求：日报+电视台+广播 不少于 4 篇（实际 1 篇）；日报 不少于 2 篇（实际 1 篇）；简报 不少于 2 篇（实际 1 篇）",
            fmt_dec(max)
        );
        assert_eq!(
            found(&v),
            vec![
                diag(
                    Severity::Warning,
                    "年终自查/甲大厅.xlsx",
                    "自查评分表",
                    "E21",
                    "考核组尚未评定 1 个项目（4.3）：考核得分为空，以自评得分计"
                ),
                diag(
                    Severity::Warning,
                    "年终自查/甲大厅.xlsx",
                    "自查评分表",
                    "D21",
                    &quota
                ),
            ]
        );
    }
}
