//! The scoring scheme as data: items, maxima, vocabularies and every bonus and deduction amount.
//! Built in from `rubric.toml`; a `rubric.toml` in the input folder replaces it whole.

use crate::diag::Diagnostic;
use crate::tomlx::{TomlReader, join, parse_table};
use rust_decimal::Decimal;
use std::collections::HashSet;

pub const BUILTIN: &str = include_str!("rubric.toml");
/// The file in an input folder that replaces the built-in rubric.
pub const FILE: &str = "rubric.toml";

#[derive(Debug, Clone)]
pub struct Rubric {
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
    pub recommend_count: usize,
    pub bonus_cap: Option<Decimal>,
    pub attendance: Attendance,
    pub articles: Articles,
    pub honours: Honours,
    pub red_flag_points: Decimal,
    pub prizes: Vec<(String, Decimal)>,
    pub inspections: Inspections,
    /// The text it was read from, for the manifest's digest.
    pub source_text: String,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub number: u32,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub code: String,
    pub section: u32,
    pub name: String,
    pub max: Decimal,
}

#[derive(Debug, Clone)]
pub struct Attendance {
    pub item: String,
    /// 考勤 value → deduction, in the rubric's order.
    pub deductions: Vec<(String, Decimal)>,
}

#[derive(Debug, Clone)]
pub struct ArticleCategory {
    pub name: String,
    pub rank: i64,
    pub city: bool,
    pub bonus: Decimal,
}

#[derive(Debug, Clone)]
pub struct Quota {
    pub categories: Vec<String>,
    pub min: usize,
}

#[derive(Debug, Clone)]
pub struct Articles {
    pub item: String,
    pub city_free: usize,
    pub city_bonus: Decimal,
    pub categories: Vec<ArticleCategory>,
    pub quotas: Vec<Quota>,
}

#[derive(Debug, Clone)]
pub struct HonourLevel {
    pub name: String,
    pub declared: Vec<String>,
    pub collective: Decimal,
    pub individual: Decimal,
}

#[derive(Debug, Clone)]
pub struct InferRule {
    /// A declared-level word (部级, 县级 …).
    pub level: String,
    pub contains: Vec<String>,
    pub starts_with: Vec<String>,
    pub ends_with: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Honours {
    pub levels: Vec<HonourLevel>,
    pub infer: Vec<InferRule>,
}

#[derive(Debug, Clone)]
pub struct Inspections {
    pub levels: Vec<String>,
    pub methods: Vec<String>,
    pub disqualifying_levels: Vec<String>,
    pub no_problem: Vec<String>,
}

impl Rubric {
    pub fn builtin() -> Rubric {
        match Rubric::parse("内置考核细则", BUILTIN) {
            Ok(r) => r,
            Err(d) => panic!("the built-in rubric is invalid: {d:?}"),
        }
    }

    /// The rubric of an input folder: its `rubric.toml`, else the built-in one.
    pub fn for_folder(dir: &std::path::Path) -> Result<Rubric, Vec<Diagnostic>> {
        match std::fs::read_to_string(dir.join(FILE)) {
            Ok(text) => Rubric::parse(FILE, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Rubric::builtin()),
            Err(e) => Err(vec![Diagnostic::in_file(
                crate::diag::Severity::Error,
                FILE,
                format!("无法读取：{e}"),
            )]),
        }
    }

    pub fn item(&self, code: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.code == code)
    }

    pub fn item_index(&self, code: &str) -> Option<usize> {
        self.items.iter().position(|i| i.code == code)
    }

    pub fn category(&self, name: &str) -> Option<&ArticleCategory> {
        self.articles.categories.iter().find(|c| c.name == name)
    }

    /// The honour level class a declared word (部级, 区级 …) belongs to.
    pub fn honour_level(&self, declared: &str) -> Option<&HonourLevel> {
        self.honours
            .levels
            .iter()
            .find(|l| l.declared.iter().any(|d| d == declared))
    }

    pub fn declared_levels(&self) -> Vec<&str> {
        self.honours
            .levels
            .iter()
            .flat_map(|l| l.declared.iter().map(String::as_str))
            .collect()
    }

    pub fn total_max(&self) -> Decimal {
        self.items.iter().map(|i| i.max).sum()
    }

    /// Parses and validates a rubric; every problem names its key.
    pub fn parse(file: &str, text: &str) -> Result<Rubric, Vec<Diagnostic>> {
        let table = parse_table(file, text).map_err(|d| vec![d])?;
        let mut r = TomlReader::new(file);
        r.deny_unknown(
            &table,
            "",
            &[
                "recommend_count",
                "bonus_cap",
                "section",
                "item",
                "attendance",
                "articles",
                "honours",
                "red_flag",
                "prizes",
                "inspections",
            ],
        );
        let recommend_count = match r.integer(&table, "", "recommend_count") {
            Some(n) if n >= 1 => n as usize,
            Some(n) => {
                r.error(format!("设置项 recommend_count 应为正整数，实际为 {n}"));
                4
            }
            None => {
                r.missing("recommend_count", "推荐表彰名额");
                4
            }
        };
        let bonus_cap = r.decimal(&table, "", "bonus_cap");

        let sections = read_sections(&mut r, &table);
        let items = read_items(&mut r, &table, &sections);
        let attendance = read_attendance(&mut r, &table);
        let articles = read_articles(&mut r, &table);
        let honours = read_honours(&mut r, &table);
        let red_flag_points = read_red_flag(&mut r, &table);

        let prizes = read_prizes(&mut r, &table);

        let inspections = read_inspections(&mut r, &table);

        for (key, code) in [
            ("attendance.item", &attendance.item),
            ("articles.item", &articles.item),
        ] {
            if !items.iter().any(|i: &Item| &i.code == code) {
                r.error(format!(
                    "设置项 {key} 应为已定义的考核项目编号，实际为“{code}”"
                ));
            }
        }

        if !r.diags.is_empty() {
            return Err(r.diags);
        }
        Ok(Rubric {
            sections,
            items,
            recommend_count,
            bonus_cap,
            attendance,
            articles,
            honours,
            red_flag_points,
            prizes,
            inspections,
            source_text: text.to_string(),
        })
    }
}

/// The [[section]] tables.
fn read_sections(r: &mut TomlReader, table: &toml::Table) -> Vec<Section> {
    let mut sections = Vec::new();
    for (key, t) in r.tables(table, "", "section") {
        r.deny_unknown(t, &key, &["number", "name"]);
        let number = r.integer(t, &key, "number");
        let name = r.string(t, &key, "name");
        match (number, name) {
            (Some(n), Some(name)) if n > 0 => sections.push(Section {
                number: n as u32,
                name,
            }),
            (None, _) => r.missing(&join(&key, "number"), "部分序号"),
            (_, None) => r.missing(&join(&key, "name"), "部分名称"),
            (Some(n), _) => r.error(format!("设置项 {key}.number 应为正整数，实际为 {n}")),
        }
    }
    sections
}

/// The [[item]] tables; each item's section must be among `sections`.
fn read_items(r: &mut TomlReader, table: &toml::Table, sections: &[Section]) -> Vec<Item> {
    let mut items = Vec::new();
    let mut seen = HashSet::new();
    for (key, t) in r.tables(table, "", "item") {
        r.deny_unknown(t, &key, &["code", "name", "max"]);
        let code = r.string(t, &key, "code");
        let name = r.string(t, &key, "name").unwrap_or_default();
        let max = r.decimal(t, &key, "max");
        let Some(code_text) = code else {
            r.missing(&join(&key, "code"), "项目编号，如 1.1");
            continue;
        };
        let Some(code) = crate::text::normalize_item_code(&code_text) else {
            r.error(format!(
                "设置项 {key}.code 应为“部分.序号”形式的编号（如 1.1），实际为“{code_text}”"
            ));
            continue;
        };
        if !seen.insert(code.clone()) {
            r.error(format!("设置项 {key}.code：项目编号 {code} 重复"));
        }
        let section: u32 = code
            .split('.')
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        if !sections.iter().any(|s: &Section| s.number == section) {
            r.error(format!(
                "设置项 {key}.code：项目 {code} 所属的第 {section} 部分未在 [[section]] 中定义"
            ));
        }
        match max {
            Some(m) if m > Decimal::ZERO => items.push(Item {
                code,
                section,
                name,
                max: m,
            }),
            Some(m) => r.error(format!("设置项 {key}.max 应大于 0，实际为 {m}")),
            None => r.missing(&join(&key, "max"), "分值"),
        }
    }
    if items.is_empty() {
        r.error("考核细则中没有任何考核项目（[[item]]）");
    }
    items
}

/// A rubric key's item code, normalised (１.２ → 1.2).
fn known_item(code: &Option<String>) -> Option<String> {
    code.as_deref().and_then(crate::text::normalize_item_code)
}

/// [attendance]: the item charged and the deduction per status.
fn read_attendance(r: &mut TomlReader, table: &toml::Table) -> Attendance {
    let t = r
        .table(table, "", "attendance")
        .cloned()
        .unwrap_or_default();
    r.deny_unknown(&t, "attendance", &["item", "deductions"]);
    let item = known_item(&r.string(&t, "attendance", "item"));
    let mut deductions = Vec::new();
    if let Some(d) = r.table(&t, "attendance", "deductions") {
        for (k, v) in d {
            if let Some(x) = r.decimal_value(&format!("attendance.deductions.{k}"), v) {
                deductions.push((k.clone(), x));
            }
        }
    }
    if deductions.is_empty() {
        r.missing("attendance.deductions", "考勤取值及其扣分");
    }
    Attendance {
        item: item.unwrap_or_default(),
        deductions,
    }
}

/// [articles]: media categories, quotas and the city bonus.
fn read_articles(r: &mut TomlReader, table: &toml::Table) -> Articles {
    let t = r.table(table, "", "articles").cloned().unwrap_or_default();
    r.deny_unknown(
        &t,
        "articles",
        &["item", "city_free", "city_bonus", "category", "quota"],
    );
    let item = known_item(&r.string(&t, "articles", "item")).unwrap_or_default();
    let city_free = r.integer(&t, "articles", "city_free").unwrap_or(0).max(0) as usize;
    let city_bonus = r.decimal(&t, "articles", "city_bonus").unwrap_or_default();
    let mut categories = Vec::new();
    for (key, c) in r.tables(&t, "articles", "category") {
        r.deny_unknown(c, &key, &["name", "rank", "city", "bonus"]);
        let Some(name) = r.string(c, &key, "name") else {
            r.missing(&join(&key, "name"), "媒体类别名称");
            continue;
        };
        categories.push(ArticleCategory {
            name,
            rank: r.integer(c, &key, "rank").unwrap_or(0),
            city: r.boolean(c, &key, "city").unwrap_or(false),
            bonus: r.decimal(c, &key, "bonus").unwrap_or_default(),
        });
    }
    let mut quotas = Vec::new();
    for (key, q) in r.tables(&t, "articles", "quota") {
        r.deny_unknown(q, &key, &["categories", "min"]);
        let cats = r.strings(q, &key, "categories").unwrap_or_default();
        for c in &cats {
            if !categories.iter().any(|x| &x.name == c) {
                r.error(format!(
                    "设置项 {key}.categories 中的“{c}”不是已定义的媒体类别"
                ));
            }
        }
        quotas.push(Quota {
            categories: cats,
            min: r.integer(q, &key, "min").unwrap_or(0).max(0) as usize,
        });
    }
    if categories.is_empty() {
        r.missing("articles.category", "稿件媒体类别");
    }
    Articles {
        item,
        city_free,
        city_bonus,
        categories,
        quotas,
    }
}

/// [honours]: levels with their points, and the rules that infer a level.
fn read_honours(r: &mut TomlReader, table: &toml::Table) -> Honours {
    let t = r.table(table, "", "honours").cloned().unwrap_or_default();
    r.deny_unknown(&t, "honours", &["level", "infer"]);
    let mut levels = Vec::new();
    for (key, l) in r.tables(&t, "honours", "level") {
        r.deny_unknown(l, &key, &["name", "declared", "collective", "individual"]);
        let name = r.string(l, &key, "name").unwrap_or_default();
        let declared = r
            .strings(l, &key, "declared")
            .unwrap_or_else(|| vec![name.clone()]);
        let collective = r.decimal(l, &key, "collective");
        let individual = r.decimal(l, &key, "individual");
        match (collective, individual) {
            (Some(collective), Some(individual)) => levels.push(HonourLevel {
                name,
                declared,
                collective,
                individual,
            }),
            (None, _) => r.missing(&join(&key, "collective"), "集体表彰加分"),
            (_, None) => r.missing(&join(&key, "individual"), "个人表彰加分"),
        }
    }
    let mut infer = Vec::new();
    for (key, i) in r.tables(&t, "honours", "infer") {
        r.deny_unknown(i, &key, &["level", "contains", "starts_with", "ends_with"]);
        let level = r.string(i, &key, "level").unwrap_or_default();
        if !levels
            .iter()
            .any(|l: &HonourLevel| l.declared.contains(&level))
        {
            r.error(format!(
                "设置项 {key}.level 的“{level}”不是 [[honours.level]] 中声明的级别"
            ));
        }
        infer.push(InferRule {
            level,
            contains: r.strings(i, &key, "contains").unwrap_or_default(),
            starts_with: r.strings(i, &key, "starts_with").unwrap_or_default(),
            ends_with: r.strings(i, &key, "ends_with").unwrap_or_default(),
        });
    }
    if levels.is_empty() {
        r.missing("honours.level", "表彰级别及加分");
    }
    Honours { levels, infer }
}

/// [red_flag]: points per 流动红旗.
fn read_red_flag(r: &mut TomlReader, table: &toml::Table) -> Decimal {
    let t = r.table(table, "", "red_flag").cloned().unwrap_or_default();
    r.deny_unknown(&t, "red_flag", &["points"]);
    r.decimal(&t, "red_flag", "points").unwrap_or_else(|| {
        r.missing("red_flag.points", "每面流动红旗加分");
        Decimal::ZERO
    })
}

/// [prizes]: points per place.
fn read_prizes(r: &mut TomlReader, table: &toml::Table) -> Vec<(String, Decimal)> {
    let mut prizes = Vec::new();
    if let Some(t) = r.table(table, "", "prizes") {
        for (k, v) in t {
            if let Some(x) = r.decimal_value(&format!("prizes.{k}"), v) {
                prizes.push((k.clone(), x));
            }
        }
    }
    prizes
}

/// [inspections]: levels, methods, which levels' criticism disqualifies, what counts as no problem.
fn read_inspections(r: &mut TomlReader, table: &toml::Table) -> Inspections {
    let t = r
        .table(table, "", "inspections")
        .cloned()
        .unwrap_or_default();
    r.deny_unknown(
        &t,
        "inspections",
        &["levels", "methods", "disqualifying_levels", "no_problem"],
    );
    let levels = r.strings(&t, "inspections", "levels").unwrap_or_default();
    if levels.is_empty() {
        r.missing("inspections.levels", "检查层级的取值");
    }
    Inspections {
        methods: r.strings(&t, "inspections", "methods").unwrap_or_default(),
        disqualifying_levels: r
            .strings(&t, "inspections", "disqualifying_levels")
            .unwrap_or_default(),
        no_problem: r
            .strings(&t, "inspections", "no_problem")
            .unwrap_or_default(),
        levels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rubric_holds_the_scheme() {
        let r = Rubric::builtin();
        assert_eq!(r.items.len(), 17);
        assert_eq!(r.total_max(), Decimal::from(100));
        assert_eq!(r.item("4.1").map(|i| i.max), Some(Decimal::from(10)));
        assert_eq!(r.recommend_count, 4);
        assert_eq!(
            r.honour_level("区级").map(|l| l.name.as_str()),
            Some("市级以下")
        );
        assert_eq!(r.prizes.len(), 3);
    }

    #[test]
    fn bad_rubric_names_the_key() {
        let text = BUILTIN
            .replace("max = \"10\"", "max = \"十\"")
            .replace("recommend_count = 4", "recommend_count = 4\ncolour = 1");
        let errs = Rubric::parse("rubric.toml", &text).unwrap_err();
        let msgs: Vec<&str> = errs.iter().map(|d| d.message.as_str()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("item[14].max") && m.contains("十")),
            "{msgs:?}"
        );
        assert!(msgs.iter().any(|m| m.contains("colour")), "{msgs:?}");
        assert!(
            errs.iter()
                .all(|d| d.file.as_deref() == Some("rubric.toml"))
        );
    }
}
