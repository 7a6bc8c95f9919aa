//! `kaohe.toml`: the assessment year, the issuing body, the hall registry and authority levels.

use crate::diag::Diagnostic;
use crate::pdf::{FontRole, FontSpec};
use crate::rubric::Rubric;
use crate::text::{edit_distance, name_key};
use crate::tomlx::{TomlReader, parse_table};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

pub const FILE: &str = "kaohe.toml";

#[derive(Debug, Clone)]
pub struct Hall {
    pub name: String,
    pub aliases: Vec<String>,
}

/// Settings of the documents (`[document]` in kaohe.toml); every field has a default.
#[derive(Debug, Clone, Default)]
pub struct DocumentSettings {
    /// 成文日期; also the creation date written into every output file. Default: today.
    pub date: Option<crate::text::Date>,
    /// 机关代字 of 发文字号 (示行管 in 示行管〔2026〕1号)
    pub code: Option<String>,
    /// 序号 of the year-end circular's 发文字号
    pub number: Option<u32>,
    /// 序号 of each quarter's circular, quarter 1 first
    pub quarter_numbers: Vec<u32>,
    /// 成文日期 of each quarter's circular, quarter 1 first (default: `date`)
    pub quarter_dates: Vec<crate::text::Date>,
    /// 主送机关
    pub addressee: Option<String>,
    /// 抄送机关
    pub cc: Option<String>,
    /// 印发机关 (default: the issuer)
    pub printer: Option<String>,
    /// 发文机关署名 (default: the issuer)
    pub signature: Option<String>,
    /// The most rows a table of a quarterly circular lists; beyond it the body summarises and
    /// the full lists go to a workbook beside the circular.
    pub quarter_rows: Option<usize>,
    /// Decimals every column of scores shows (more where a value has more).
    pub decimals: Option<u32>,
    /// 签发人 of the 提请表彰请示; without it no 请示 is written.
    pub signer: Option<String>,
    /// 主送 of the 请示 (default: the city's 人民政府, from the issuer's name).
    pub request_to: Option<String>,
    /// 序号 of the 请示's 发文字号 (default: the year-end circular's + 1).
    pub request_number: Option<u32>,
    /// 联系人 and 电话 of the 请示's 附注.
    pub contact: Option<String>,
    pub phone: Option<String>,
    /// `formats = ["pdf", "ofd"]`: every document also as OFD (GB/T 33190) beside its PDF.
    pub ofd: bool,
}

/// Default of [`DocumentSettings::decimals`]: 93.0, 28.8.
pub const DECIMALS: u32 = 1;

impl DocumentSettings {
    pub fn decimals(&self) -> u32 {
        self.decimals.unwrap_or(DECIMALS)
    }

    pub fn quarter_rows(&self) -> usize {
        self.quarter_rows.unwrap_or(QUARTER_ROWS)
    }
}

/// Default of [`DocumentSettings::quarter_rows`]: about two pages of the small table.
pub const QUARTER_ROWS: usize = 40;

#[derive(Debug, Clone, Default)]
pub struct Config {
    pub year: Option<i32>,
    pub issuer: String,
    pub halls: Vec<Hall>,
    /// Normalised authority name → declared level word (部级, 市级 …).
    pub authority_levels: Vec<(String, String)>,
    pub document: DocumentSettings,
    /// `[fonts]`: the face of a role, as a font file (relative to the input folder) or a
    /// family name.
    pub fonts: BTreeMap<FontRole, FontSpec>,
    lookup: HashMap<String, usize>,
    /// `[history] previous`: last year's output folder (relative to the input folder).
    pub previous: Option<std::path::PathBuf>,
}

/// A `[fonts]` value: a path when it looks like one (a folder separator or a font file's
/// extension), else a family name.
fn font_spec(v: &str) -> FontSpec {
    let lower = v.to_ascii_lowercase();
    let is_file = v.contains(['/', '\\'])
        || [".ttf", ".otf", ".ttc", ".otc"]
            .iter()
            .any(|e| lower.ends_with(e));
    if is_file {
        FontSpec::File(PathBuf::from(v))
    } else {
        FontSpec::Family(v.to_string())
    }
}

/// `[fonts]`: the face chosen for each role.
fn read_fonts(r: &mut TomlReader, table: &toml::Table) -> BTreeMap<FontRole, FontSpec> {
    let mut fonts = BTreeMap::new();
    let Some(t) = r.table(table, "", "fonts") else {
        return fonts;
    };
    let keys: Vec<&str> = FontRole::ALL.iter().map(|r| r.label()).collect();
    r.deny_unknown(t, "fonts", &keys);
    for role in FontRole::ALL {
        match r.string(t, "fonts", role.label()) {
            Some(v) if v.trim().is_empty() => r.error(format!(
                "设置项 fonts.{}（{}用字体）不能为空：写字体文件的路径或字体名称",
                role.label(),
                role.label()
            )),
            Some(v) => {
                fonts.insert(role, font_spec(v.trim()));
            }
            None => {}
        }
    }
    fonts
}

/// `year`: the assessment year.
fn read_year(r: &mut TomlReader, table: &toml::Table) -> Option<i32> {
    match r.integer(table, "", "year") {
        Some(y) if (1900..=9999).contains(&y) => return Some(y as i32),
        Some(y) => r.error(format!("设置项 year（考核年度）应为四位年份，实际为 {y}")),
        // a year of the wrong type is already reported by the reader
        None if table.contains_key("year") => {}
        None => r.missing("year", "考核年度，如 year = 2025"),
    }
    None
}

/// `issuer`: the issuing body (发文机关); empty when missing or blank.
fn read_issuer(r: &mut TomlReader, table: &toml::Table) -> String {
    match r.string(table, "", "issuer") {
        Some(s) if !s.trim().is_empty() => return s.trim().to_string(),
        Some(_) => r.error("设置项 issuer（发文机关）不能为空"),
        None if table.contains_key("issuer") => {}
        None => r.missing(
            "issuer",
            "发文机关，如 issuer = \"示例市行政服务管理委员会\"",
        ),
    }
    String::new()
}

/// The `[[hall]]` registry: the halls, and the name key of every name and alias → hall index.
fn read_halls(r: &mut TomlReader, table: &toml::Table) -> (Vec<Hall>, HashMap<String, usize>) {
    let tables = r.tables(table, "", "hall");
    match table.get("hall") {
        None => r.error("kaohe.toml 中没有大厅名录：请用 [[hall]] 列出每个大厅（name = \"…\"）"),
        // `hall = []` is a registry with no hall: nothing could be read or scored.
        Some(toml::Value::Array(items)) if items.is_empty() => r.error(
            "设置项 hall 为空：大厅名录中至少要有一个大厅，请用 [[hall]] 列出每个大厅（name = \"…\"）",
        ),
        _ => {}
    }
    let mut halls = Vec::new();
    let mut lookup = HashMap::new();
    let mut owner: HashMap<String, (String, usize)> = HashMap::new();
    for (key, t) in tables {
        r.deny_unknown(t, &key, &["name", "aliases"]);
        let Some(name) = r.string(t, &key, "name").filter(|n| !n.trim().is_empty()) else {
            r.missing(&format!("{key}.name"), "大厅名称");
            continue;
        };
        let name = name.trim().to_string();
        let aliases: Vec<String> = r
            .strings(t, &key, "aliases")
            .unwrap_or_default()
            .into_iter()
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect();
        let index = halls.len();
        for (what, n) in
            std::iter::once(("name", &name)).chain(aliases.iter().map(|a| ("aliases", a)))
        {
            let k = name_key(n);
            match owner.get(&k) {
                Some((other, i)) if *i != index => r.error(format!(
                    "设置项 {key}.{what}：名称“{n}”已被大厅“{other}”使用，同一名称或别名不能属于两个大厅"
                )),
                Some(_) => {}
                None => {
                    owner.insert(k.clone(), (name.clone(), index));
                    lookup.insert(k, index);
                }
            }
        }
        halls.push(Hall { name, aliases });
    }
    (halls, lookup)
}

/// `[history] previous`: last year's output folder.
fn read_history(r: &mut TomlReader, table: &toml::Table) -> Option<PathBuf> {
    let history = r.table(table, "", "history")?;
    r.deny_unknown(history, "history", &["previous"]);
    match r.string(history, "history", "previous") {
        Some(p) if p.trim().is_empty() => {
            r.error(
                "设置项 history.previous 不能为空：写上一年度 kaohe run 的输出文件夹".to_string(),
            );
            None
        }
        Some(p) => Some(PathBuf::from(p.trim())),
        None => None,
    }
}

/// `[authority_levels]`: each authority's level, one of the levels the rubric declares.
fn read_authority_levels(
    r: &mut TomlReader,
    table: &toml::Table,
    rubric: &Rubric,
) -> Vec<(String, String)> {
    let mut levels = Vec::new();
    let Some(t) = r.table(table, "", "authority_levels") else {
        return levels;
    };
    let allowed = rubric.declared_levels();
    for (authority, v) in t {
        match v.as_str() {
            Some(level) if allowed.contains(&level.trim()) => {
                levels.push((name_key(authority), level.trim().to_string()))
            }
            Some(level) => r.error(format!(
                "设置项 authority_levels.\"{authority}\" 的级别“{level}”无效，应为：{}",
                allowed.join("、")
            )),
            None => r.error(format!(
                "设置项 authority_levels.\"{authority}\" 应为文本（级别）"
            )),
        }
    }
    levels
}

/// `[document]`: the settings of the documents written.
fn read_document(r: &mut TomlReader, table: &toml::Table) -> DocumentSettings {
    let mut document = DocumentSettings::default();
    let Some(doc) = r.table(table, "", "document") else {
        return document;
    };
    r.deny_unknown(
        doc,
        "document",
        &[
            "date",
            "code",
            "number",
            "quarter_numbers",
            "quarter_dates",
            "addressee",
            "cc",
            "printer",
            "signature",
            "signer",
            "request_to",
            "request_number",
            "contact",
            "phone",
            "quarter_rows",
            "decimals",
            "formats",
        ],
    );
    document.date = read_document_date(r, doc);
    document.code = r.string(doc, "document", "code");
    match r.integer(doc, "document", "decimals") {
        Some(n) if (0..=4).contains(&n) => document.decimals = Some(n as u32),
        Some(n) => r.error(format!(
            "设置项 document.decimals（分数显示的小数位数）应为 0 到 4 的整数，实际为 {n}"
        )),
        None => {}
    }
    match r.integer(doc, "document", "quarter_rows") {
        Some(n) if (5..=10_000).contains(&n) => document.quarter_rows = Some(n as usize),
        Some(n) => r.error(format!(
            "设置项 document.quarter_rows（季度通报每张表最多列出的行数）应为 5 到 10000 的整数，实际为 {n}"
        )),
        None => {}
    }
    match r.integer(doc, "document", "number") {
        Some(n) if (1..=9999).contains(&n) => document.number = Some(n as u32),
        Some(n) => r.error(format!(
            "设置项 document.number（发文字号序号）应为 1 到 9999 的整数，实际为 {n}"
        )),
        None => {}
    }
    document.quarter_dates = read_quarter_dates(r, doc);
    document.quarter_numbers = read_quarter_numbers(r, doc);
    document.addressee = r.string(doc, "document", "addressee");
    document.cc = r.string(doc, "document", "cc");
    document.printer = r.string(doc, "document", "printer");
    document.signature = r.string(doc, "document", "signature");
    document.signer = r.string(doc, "document", "signer");
    document.request_to = r.string(doc, "document", "request_to");
    document.contact = r.string(doc, "document", "contact");
    document.phone = r.string(doc, "document", "phone");
    document.ofd = read_formats(r, doc);
    match r.integer(doc, "document", "request_number") {
        // the 发文字号 shares its line with the 签发人
        Some(n) if (1..=9999).contains(&n) => document.request_number = Some(n as u32),
        Some(n) => r.error(format!(
            "设置项 document.request_number（请示的发文序号）应为 1 到 9999 的整数，实际为 {n}"
        )),
        None => {}
    }
    document
}

/// `document.formats`: whether OFD is asked for. PDF/A is always written — the manifest,
/// `verify` and every later run (diff, last year) rely on it — so a list without it is an error.
fn read_formats(r: &mut TomlReader, doc: &toml::Table) -> bool {
    let Some(list) = r.strings(doc, "document", "formats") else {
        return false;
    };
    let mut ofd = false;
    for f in &list {
        match f.trim().to_ascii_lowercase().as_str() {
            "pdf" => {}
            "ofd" => ofd = true,
            _ => r.error(format!(
                "设置项 document.formats 只能列出 \"pdf\" 和 \"ofd\"，实际有“{f}”"
            )),
        }
    }
    if !list.iter().any(|f| f.trim().eq_ignore_ascii_case("pdf")) {
        r.error("设置项 document.formats 应包含 \"pdf\"：PDF 文件总会生成，OFD 是它之外的另一份，如 formats = [\"pdf\", \"ofd\"]");
    }
    ofd
}

/// `document.date`, written as a quoted date text or a bare TOML date.
fn read_document_date(r: &mut TomlReader, doc: &toml::Table) -> Option<crate::text::Date> {
    match doc.get("date") {
        None => {}
        Some(toml::Value::String(d)) => match crate::text::parse_date_text(d) {
            Some(date) => return Some(date),
            None => r.error(format!(
                "设置项 document.date 应为日期，如 \"2026-01-15\"，实际为“{d}”"
            )),
        },
        Some(toml::Value::Datetime(dt)) => {
            match dt.date.and_then(|d| {
                crate::text::Date::new(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            }) {
                Some(date) => return Some(date),
                None => r.error("设置项 document.date 应为日期，如 2026-01-15"),
            }
        }
        Some(_) => r.error("设置项 document.date 应为日期，如 \"2026-01-15\""),
    }
    None
}

/// `document.quarter_dates`: the dates that read, quarter 1 first.
fn read_quarter_dates(r: &mut TomlReader, doc: &toml::Table) -> Vec<crate::text::Date> {
    let mut dates = Vec::new();
    if let Some(list) = r.strings(doc, "document", "quarter_dates") {
        for (i, d) in list.iter().enumerate() {
            match crate::text::parse_date_text(d) {
                Some(date) => dates.push(date),
                None => r.error(format!(
                    "设置项 document.quarter_dates[{i}] 应为日期，如 \"2025-04-10\"，实际为“{d}”"
                )),
            }
        }
    }
    dates
}

/// `document.quarter_numbers`: the positive numbers, quarter 1 first.
fn read_quarter_numbers(r: &mut TomlReader, doc: &toml::Table) -> Vec<u32> {
    let mut numbers = Vec::new();
    match doc.get("quarter_numbers") {
        None => {}
        Some(toml::Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                match v.as_integer() {
                    Some(n) if n >= 1 => numbers.push(n as u32),
                    _ => r.error(format!(
                        "设置项 document.quarter_numbers[{i}] 应为正整数（发文字号序号）"
                    )),
                }
            }
        }
        Some(_) => r.error("设置项 document.quarter_numbers 应为整数数组，如 [3, 8, 12, 16]"),
    }
    numbers
}

impl Config {
    /// Parses kaohe.toml; returns what could be read plus every problem found.
    pub fn parse(text: &str, rubric: &Rubric) -> (Config, Vec<Diagnostic>) {
        let table = match parse_table(FILE, text) {
            Ok(t) => t,
            Err(d) => return (Config::default(), vec![d]),
        };
        let mut r = TomlReader::new(FILE);
        r.deny_unknown(
            &table,
            "",
            &[
                "year",
                "issuer",
                "hall",
                "authority_levels",
                "document",
                "fonts",
                "history",
            ],
        );
        let fonts = read_fonts(&mut r, &table);
        let year = read_year(&mut r, &table);
        let issuer = read_issuer(&mut r, &table);
        let (halls, lookup) = read_halls(&mut r, &table);
        let previous = read_history(&mut r, &table);
        let authority_levels = read_authority_levels(&mut r, &table, rubric);
        let document = read_document(&mut r, &table);
        let cfg = Config {
            year,
            issuer,
            halls,
            authority_levels,
            document,
            fonts,
            lookup,
            previous,
        };
        (cfg, r.diags)
    }

    /// The date written into documents and file metadata: the setting, else today.
    /// The assessment year: `year`, or the year of the document date when it is not set
    /// (kaohe.toml without a year is an error, reported; documents of a draft still need one).
    pub fn assessment_year(&self) -> i32 {
        self.year.unwrap_or_else(|| self.document_date().year)
    }

    pub fn document_date(&self) -> crate::text::Date {
        self.document.date.unwrap_or_else(crate::text::Date::today)
    }

    /// Finds a hall by name or alias (normalised).
    pub fn hall_index(&self, text: &str) -> Option<usize> {
        self.lookup.get(&name_key(text)).copied()
    }

    /// The registry name closest to an unknown one, for "did you mean".
    pub fn closest_hall(&self, text: &str) -> Option<&str> {
        let key = name_key(text);
        let mut best: Option<(usize, &str)> = None;
        for hall in &self.halls {
            for n in std::iter::once(&hall.name).chain(&hall.aliases) {
                let d = edit_distance(&key, &name_key(n));
                if best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, hall.name.as_str()));
                }
            }
        }
        let (d, name) = best?;
        // A suggestion sharing almost nothing with the input only confuses.
        (d < key.chars().count().max(2)).then_some(name)
    }

    pub fn authority_level(&self, authority_key: &str) -> Option<&str> {
        self.authority_levels
            .iter()
            .find(|(a, _)| a == authority_key)
            .map(|(_, l)| l.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Config, Vec<String>) {
        let (c, d) = Config::parse(text, &Rubric::builtin());
        (c, d.into_iter().map(|d| d.message).collect())
    }

    #[test]
    fn reads_registry_and_aliases() {
        let (c, errs) = parse(
            "year = 2025\nissuer = \"示例市行管委\"\n[[hall]]\nname = \"不动产登记大厅\"\naliases = [\"不动产大厅\"]\n[[hall]]\nname = \"公积金大厅\"\n",
        );
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(c.year, Some(2025));
        assert_eq!(c.hall_index("不动产 大厅"), Some(0));
        assert_eq!(c.hall_index("公积金大厅"), Some(1));
        assert_eq!(c.hall_index("社保大厅"), None);
        assert_eq!(c.closest_hall("不动产登记中心"), Some("不动产登记大厅"));
    }

    #[test]
    fn every_problem_names_its_key() {
        let (_, errs) = parse(
            "yaer = 2025\n[[hall]]\nname = \"A大厅\"\n[[hall]]\nname = \"B大厅\"\naliases = [\"A大厅\"]\n[authority_levels]\n\"某局\" = \"乡级\"\n",
        );
        let all = errs.join("\n");
        assert!(all.contains("未知的设置项 yaer"), "{all}");
        assert!(all.contains("缺少必填设置项 year"), "{all}");
        assert!(all.contains("缺少必填设置项 issuer"), "{all}");
        assert!(
            all.contains("hall[1].aliases") && all.contains("A大厅"),
            "{all}"
        );
        assert!(all.contains("authority_levels.\"某局\""), "{all}");
    }

    #[test]
    fn syntax_error_gives_line() {
        let (_, errs) = parse("year = 2025\nissuer = \"x\n");
        assert!(errs[0].contains("第 2 行"), "{errs:?}");
    }

    #[test]
    fn document_settings() {
        let (c, errs) = parse(
            "year = 2025\nissuer = \"x\"\n[[hall]]\nname = \"A\"\n[document]\ndate = 2026-01-15\ncode = \"示行管\"\nnumber = 3\nquarter_numbers = [4, 5]\nquarter_dates = [\"2025-04-10\"]\n",
        );
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(
            c.document_date(),
            crate::text::Date::new(2026, 1, 15).unwrap()
        );
        assert_eq!(c.document.number, Some(3));
        assert_eq!(c.document.quarter_numbers, vec![4, 5]);
        assert_eq!(c.document.quarter_dates[0].to_string(), "2025-04-10");
        let (_, errs) = parse(
            "year = 2025\nissuer = \"x\"\n[[hall]]\nname = \"A\"\n[document]\ndate = \"明年\"\nnumber = 0\nseal = 1\n",
        );
        let all = errs.join("\n");
        assert!(
            all.contains("document.date")
                && all.contains("document.number")
                && all.contains("document.seal"),
            "{all}"
        );
    }

    #[test]
    fn no_halls_is_an_error() {
        let (_, errs) = parse("year = 2025\nissuer = \"x\"\n");
        assert!(errs.iter().any(|e| e.contains("大厅名录")), "{errs:?}");
        let (c, errs) = parse("year = 2025\nissuer = \"x\"\nhall = []\n");
        assert!(c.halls.is_empty());
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].contains("设置项 hall 为空"), "{errs:?}");
        // Every hall without a name: each entry is named, and the registry is still empty.
        let (c, errs) = parse("year = 2025\nissuer = \"x\"\n[[hall]]\naliases = []\n");
        assert!(c.halls.is_empty());
        assert!(errs.iter().any(|e| e.contains("hall[0].name")), "{errs:?}");
    }
}
