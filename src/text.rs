//! Text normalisation shared by every reader: width folding, white space, numbers, dates and
//! item codes in the forms clerks really type.

use rust_decimal::Decimal;
use std::str::FromStr;

/// Folds full-width ASCII variants (U+FF01..U+FF5E) and the ideographic space to half-width.
pub fn fold_width(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

fn compact_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().map(fold_char).filter(|c| !c.is_whitespace())
}

/// Whether two texts are equal once [`compact`]ed, without building either: every cell of a
/// province's sheets is compared with its column's vocabulary.
pub fn same_compact(a: &str, b: &str) -> bool {
    compact_chars(a).eq(compact_chars(b))
}

/// Width-folded and trimmed: the form every text value is compared in.
pub fn clean(s: &str) -> String {
    fold_width(s).trim().to_string()
}

/// Width-folded with every white-space character removed, wherever it is.
pub fn compact(s: &str) -> String {
    compact_chars(s).collect()
}

/// The key halls, authorities, honour titles and recipients are compared by.
pub fn name_key(s: &str) -> String {
    compact(s)
}

/// Title key for 一稿多投: width-folded, without white space and punctuation.
pub fn title_key(s: &str) -> String {
    fold_width(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !is_punctuation(*c))
        .collect()
}

/// Unicode general category P* (connector, dash, open, close, initial, final, other), covering
/// the ranges where Chinese and Western text actually uses them.
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation()
            && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~');
    }
    matches!(c as u32,
        0x00A1 | 0x00A7 | 0x00AB | 0x00B6 | 0x00B7 | 0x00BB | 0x00BF
        | 0x2010..=0x2027 | 0x2030..=0x2043 | 0x2045..=0x2051 | 0x2053..=0x205E
        | 0x2E00..=0x2E4F
        | 0x3001..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F | 0x3030 | 0x303D | 0x30A0 | 0x30FB
        | 0xFE10..=0xFE19 | 0xFE30..=0xFE52 | 0xFE54..=0xFE61 | 0xFE63 | 0xFE68 | 0xFE6A | 0xFE6B
        | 0xFF5F..=0xFF65)
}

/// Why a cell's number cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// Not shaped like a number at all.
    NotANumber,
    /// Shaped like a number, but too large in magnitude (or not representable).
    OutOfRange,
}

/// Parses a number a person typed or a cell holds (`5`, `４.５`, `5分`, `-0.5`, `+1`), refusing
/// magnitudes of
/// [`crate::input::limits::MAX_MAGNITUDE`] and above so that no sum of such numbers can
/// overflow.
pub fn bounded_number_text(s: &str) -> Result<Decimal, NumberError> {
    let t = compact(s);
    let t = t.strip_suffix('分').unwrap_or(&t);
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Err(NumberError::NotANumber);
    }
    match Decimal::from_str(t) {
        Ok(d) => bounded(d.normalize()),
        // Digits that Decimal cannot hold (more than 28 of them, or beyond its range).
        Err(_) if looks_numeric(t) => Err(NumberError::OutOfRange),
        Err(_) => Err(NumberError::NotANumber),
    }
}

/// A spreadsheet float as a bounded decimal (see [`bounded_number_text`]).
pub fn bounded_number_f64(f: f64) -> Result<Decimal, NumberError> {
    let limit = crate::input::limits::MAX_MAGNITUDE as f64;
    if !f.is_finite() || f.abs() >= limit {
        return Err(NumberError::OutOfRange);
    }
    decimal_from_f64(f)
        .ok_or(NumberError::OutOfRange)
        .and_then(bounded)
}

fn bounded(d: Decimal) -> Result<Decimal, NumberError> {
    if d.abs() >= Decimal::from(crate::input::limits::MAX_MAGNITUDE) {
        Err(NumberError::OutOfRange)
    } else {
        Ok(d)
    }
}

/// One optional sign, digits with at most one point: `-12.5`.
fn looks_numeric(t: &str) -> bool {
    let body = t.strip_prefix('-').unwrap_or(t);
    let mut parts = body.split('.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    parts.next().is_none()
        && !(int.is_empty() && frac.is_none_or(str::is_empty))
        && int.chars().all(|c| c.is_ascii_digit())
        && frac.is_none_or(|f| f.chars().all(|c| c.is_ascii_digit()))
}

/// Removes C0 and C1 control characters (U+0000–U+001F, U+007F–U+009F) except line feed and
/// carriage return, and the invisible format characters pasted text carries (zero-width
/// spaces and joiners, direction marks, byte-order marks, soft hyphens), and turns tabs into
/// spaces. They are invisible in a spreadsheet, no font draws them and they break typesetting;
/// the first one removed is returned for the message.
pub fn strip_controls(s: &str) -> (std::borrow::Cow<'_, str>, Option<char>) {
    let is_removed = |c: char| {
        (matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}') && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(c,
                '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    };
    if !s.chars().any(|c| c == '\t' || is_removed(c)) {
        return (std::borrow::Cow::Borrowed(s), None);
    }
    let mut first = None;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\t' {
            out.push(' ');
        } else if is_removed(c) {
            first.get_or_insert(c);
        } else {
            out.push(c);
        }
    }
    (std::borrow::Cow::Owned(out), first)
}

/// A spreadsheet float as the decimal the user typed: shortest round-trip text, then rounded to
/// ten places so formula noise such as 0.30000000000000004 reads as 0.3.
pub fn decimal_from_f64(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    let d = Decimal::from_str(&format!("{f}"))
        .or_else(|_| Decimal::from_scientific(&format!("{f:e}")))
        .ok()?;
    Some(d.round_dp(10).normalize())
}

/// A calendar date; ordering is chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Converts an Excel serial day number (1900 date system, time part ignored).
    pub fn from_excel_serial(serial: f64) -> Option<Date> {
        if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
            return None;
        }
        let mut days = serial.floor() as i64;
        // Excel counts the non-existent 1900-02-29 as day 60.
        if days < 60 {
            days += 1;
        }
        Some(civil_from_days(days - 25_569))
    }

    /// Today's date in China Standard Time (UTC+8), where the assessments happen.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        civil_from_days((secs + 8 * 3600).div_euclid(86_400))
    }

    /// `2026年1月15日`, as dates are written in documents.
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    pub fn quarter(&self) -> u32 {
        (self.month - 1) / 3 + 1
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

/// Parses a date typed as text: `2025-03-05`, `2025/3/5`, `2025.3.5`, `2025年3月5日`, `20250305`.
/// An ISO date-time (`2025-03-05T00:00:00`, as OpenDocument stores dates) gives its date.
pub fn parse_date_text(s: &str) -> Option<Date> {
    let t = compact(s);
    if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
        return parse_yyyymmdd(t.parse().ok()?);
    }
    let t = match t.find('T') {
        Some(i) if t[..i].contains('-') => &t[..i],
        _ => t.as_str(),
    };
    let parts: Vec<&str> = if let Some(rest) = t.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        vec![y, m, d]
    } else {
        let sep = ['-', '/', '.'].into_iter().find(|c| t.contains(*c))?;
        t.split(sep).collect()
    };
    if parts.len() != 3
        || parts[0].len() != 4
        || !(1..=2).contains(&parts[1].len())
        || !(1..=2).contains(&parts[2].len())
        || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    Date::new(
        parts[0].parse().ok()?,
        parts[1].parse().ok()?,
        parts[2].parse().ok()?,
    )
}

/// An 8-digit whole number such as 20250305.
pub fn parse_yyyymmdd(n: i64) -> Option<Date> {
    if !(10_000_000..=99_999_999).contains(&n) {
        return None;
    }
    Date::new(
        (n / 10_000) as i32,
        (n / 100 % 100) as u32,
        (n % 100) as u32,
    )
}

/// A year written `2025`, `2025年` or `2025年度`.
pub fn parse_year_text(s: &str) -> Option<i32> {
    let t = compact(s);
    let t = t
        .strip_suffix("年度")
        .or_else(|| t.strip_suffix('年'))
        .unwrap_or(&t);
    if t.len() == 4 && t.chars().all(|c| c.is_ascii_digit()) {
        t.parse().ok()
    } else {
        None
    }
}

/// 一, 二 … 十 for 1–10 (section and quarter numbers); other numbers in digits.
pub fn numeral(n: u32) -> String {
    "一二三四五六七八九十"
        .chars()
        .nth((n as usize).wrapping_sub(1))
        .map(String::from)
        .unwrap_or_else(|| n.to_string())
}

fn chinese_numeral(c: char) -> Option<u32> {
    "一二三四五六七八九十"
        .chars()
        .position(|x| x == c)
        .map(|i| i as u32 + 1)
}

/// Normalises an item code: `1.1`, `1-1`, `一.1`, `一、1`, `（一）1`, `(一)1` → `1.1`.
/// Returns None when the text is not shaped like an item code at all.
pub fn normalize_item_code(s: &str) -> Option<String> {
    let t = compact(s);
    let t = t.trim_end_matches('.');
    let (section, rest): (u32, &str) = if let Some(inner) = t.strip_prefix('(') {
        let (sec, rest) = inner.split_once(')')?;
        (section_number(sec)?, rest)
    } else {
        let first = t.chars().next()?;
        if let Some(n) = chinese_numeral(first) {
            let rest = &t[first.len_utf8()..];
            let rest = rest
                .strip_prefix('.')
                .or_else(|| rest.strip_prefix('、'))
                .or_else(|| rest.strip_prefix('-'))
                .unwrap_or(rest);
            (n, rest)
        } else {
            let (sec, rest) = t.split_once(['.', '-', '、'])?;
            (sec.parse().ok()?, rest)
        }
    };
    let rest = rest.trim_start_matches(['.', '、']);
    if rest.is_empty() || rest.len() > 2 || !rest.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let item: u32 = rest.parse().ok()?;
    Some(format!("{section}.{item}"))
}

fn section_number(s: &str) -> Option<u32> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => chinese_numeral(c).or_else(|| c.to_digit(10)),
        _ => s.parse().ok(),
    }
}

/// A quarter: `1`–`4`, `N季度`, `第N季度` (N = 1–4 or 一–四), `Q1`–`Q4`.
pub fn parse_quarter_text(s: &str) -> Option<u32> {
    let t = compact(s);
    let t = t.to_ascii_uppercase();
    let core = if let Some(q) = t.strip_prefix('Q') {
        q
    } else {
        let t = t.strip_prefix('第').unwrap_or(&t);
        t.strip_suffix("季度").unwrap_or(t)
    };
    let mut chars = core.chars();
    let n = match (chars.next(), chars.next()) {
        (Some(c), None) => c.to_digit(10).or_else(|| chinese_numeral(c))?,
        _ => return None,
    };
    (1..=4).contains(&n).then_some(n)
}

/// Formats a decimal trimmed: `95`, `95.5`, `95.25`.
pub fn fmt_dec(d: Decimal) -> String {
    let n = d.normalize();
    if n.is_zero() {
        "0".to_string()
    } else {
        n.to_string()
    }
}

/// The decimals a column of figures is shown with: `min` (the `[document] decimals` setting),
/// or more when a value has more, so that no figure is ever rounded.
pub fn column_scale(values: impl IntoIterator<Item = Decimal>, min: u32) -> u32 {
    values
        .into_iter()
        .map(|d| d.normalize().scale())
        .fold(min, u32::max)
}

/// `d` with exactly `scale` decimals (93.0, 28.8, 101.75); never rounds when `scale` is at
/// least the value's own (see [`column_scale`]).
pub fn fmt_fixed(d: Decimal, scale: u32) -> String {
    let mut n = d.normalize();
    if n.is_zero() {
        n = Decimal::ZERO;
    }
    if n.scale() < scale {
        n.rescale(scale);
    }
    n.to_string()
}

/// Column index (0-based) and row index (0-based) to an A1 reference.
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

/// Edit distance over characters, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A file name safe on every system for a hall name.
pub fn file_stem(name: &str) -> String {
    name.chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_of_figures_shows_one_number_of_decimals_without_rounding() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let column = [d("93"), d("28.8"), d("101.75"), d("0")];
        assert_eq!(column_scale(column[..2].iter().copied(), 1), 1);
        assert_eq!(column_scale(column.iter().copied(), 1), 2);
        assert_eq!(column_scale([d("5.00"), d("6")], 0), 0);
        let shown: Vec<String> = column[..2].iter().map(|v| fmt_fixed(*v, 1)).collect();
        assert_eq!(shown, ["93.0", "28.8"]);
        assert_eq!(fmt_fixed(d("101.75"), 2), "101.75");
        assert_eq!(fmt_fixed(d("0"), 1), "0.0");
        assert_eq!(fmt_fixed(d("-0.50"), 1), "-0.5");
        assert_eq!(fmt_fixed(d("12.30"), 0), "12.3");
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn folds_full_width_and_spaces() {
        assert_eq!(fold_width("４．５"), "4.5");
        assert_eq!(fold_width("１－１"), "1-1");
        assert_eq!(compact(" 考 核\n得\u{3000}分 "), "考核得分");
    }

    #[test]
    fn numbers_in_text() {
        assert_eq!(bounded_number_text("５").ok(), Some(d("5")));
        assert_eq!(bounded_number_text("4.5分").ok(), Some(d("4.5")));
        assert_eq!(bounded_number_text("-0.5").ok(), Some(d("-0.5")));
        assert_eq!(bounded_number_text("５．５ 分").ok(), Some(d("5.5")));
        assert_eq!(bounded_number_text("五分").ok(), None);
        assert_eq!(bounded_number_text("4.5.1").ok(), None);
        assert_eq!(bounded_number_text("").ok(), None);
    }

    #[test]
    fn bounded_numbers() {
        assert_eq!(bounded_number_text("４.５分"), Ok(d("4.5")));
        assert_eq!(bounded_number_text("999999.99"), Ok(d("999999.99")));
        assert_eq!(bounded_number_text("1000000"), Err(NumberError::OutOfRange));
        assert_eq!(
            bounded_number_text("79228162514264337593543950335"),
            Err(NumberError::OutOfRange)
        );
        assert_eq!(
            bounded_number_text("792281625142643375935439503350"),
            Err(NumberError::OutOfRange)
        );
        assert_eq!(
            bounded_number_text("-0.00000000000000000000000000001"),
            Ok(d("0"))
        );
        assert_eq!(bounded_number_text("4.5.1"), Err(NumberError::NotANumber));
        assert_eq!(bounded_number_text("-"), Err(NumberError::NotANumber));
        assert_eq!(bounded_number_f64(-999_999.5), Ok(d("-999999.5")));
        assert_eq!(bounded_number_f64(1e6), Err(NumberError::OutOfRange));
        assert_eq!(bounded_number_f64(f64::NAN), Err(NumberError::OutOfRange));
        assert_eq!(bounded_number_f64(1e300), Err(NumberError::OutOfRange));
    }

    #[test]
    fn invisible_format_characters_are_removed() {
        let (t, first) = strip_controls("\u{FEFF}甲\u{200D}大厅\u{200B}");
        assert_eq!((t.as_ref(), first), ("甲大厅", Some('\u{FEFF}')));
    }

    #[test]
    fn control_characters_are_removed() {
        let (t, first) = strip_controls("甲\u{0}大\u{1B}厅\t3号\u{85}\n窗口\r");
        assert_eq!(t, "甲大厅 3号\n窗口\r");
        assert_eq!(first, Some('\u{0}'));
        let (t, first) = strip_controls("a\tb");
        assert_eq!((t.as_ref(), first), ("a b", None));
        assert!(matches!(
            strip_controls("普通").0,
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn float_noise_is_removed() {
        assert_eq!(decimal_from_f64(0.1 + 0.2), Some(d("0.3")));
        assert_eq!(decimal_from_f64(5.5), Some(d("5.5")));
        assert_eq!(decimal_from_f64(1e-12), Some(d("0")));
    }

    #[test]
    fn dates_in_every_form() {
        let want = Date::new(2025, 3, 5);
        for s in [
            "2025-03-05",
            "2025/3/5",
            "2025.3.5",
            "2025年3月5日",
            "20250305",
            "２０２５年３月５日",
            "2025-03-05T00:00:00",
        ] {
            assert_eq!(parse_date_text(s), want, "{s}");
        }
        for s in [
            "2025-02-30",
            "3/5/2025",
            "2025年3月",
            "2025-3",
            "明天",
            "2025-03-05 10:00",
        ] {
            assert_eq!(parse_date_text(s), None, "{s}");
        }
        assert_eq!(parse_yyyymmdd(20251231), Date::new(2025, 12, 31));
    }

    #[test]
    fn excel_serials() {
        assert_eq!(Date::from_excel_serial(45721.0), Date::new(2025, 3, 5));
        assert_eq!(Date::from_excel_serial(45721.75), Date::new(2025, 3, 5));
        assert_eq!(Date::from_excel_serial(1.0), Date::new(1900, 1, 1));
        assert_eq!(Date::from_excel_serial(61.0), Date::new(1900, 3, 1));
    }

    #[test]
    fn item_codes() {
        for s in [
            "1.1",
            "1-1",
            "一.1",
            "一、1",
            "（一）1",
            "(一)1",
            "１－１",
            "一1",
            "(1)1",
        ] {
            assert_eq!(normalize_item_code(s).as_deref(), Some("1.1"), "{s}");
        }
        assert_eq!(normalize_item_code("四.3").as_deref(), Some("4.3"));
        for s in ["（一）围绕中心工作", "一", "合计", "", "1", "a.b"] {
            assert_eq!(normalize_item_code(s), None, "{s}");
        }
    }

    #[test]
    fn quarters_and_years() {
        for (s, q) in [
            ("1", 1),
            ("第一季度", 1),
            ("2季度", 2),
            ("q3", 3),
            ("Q4", 4),
            ("第4季度", 4),
        ] {
            assert_eq!(parse_quarter_text(s), Some(q), "{s}");
        }
        for s in ["5", "第五季度", "Q0", "一季"] {
            assert_eq!(parse_quarter_text(s), None, "{s}");
        }
        assert_eq!(parse_year_text("2025年度"), Some(2025));
        assert_eq!(parse_year_text("2025年"), Some(2025));
        assert_eq!(parse_year_text("25年"), None);
    }

    #[test]
    fn titles_drop_punctuation() {
        assert_eq!(
            title_key("《便民服务》再升级！"),
            title_key("便民服务 再升级")
        );
        assert_eq!(title_key("“一网通办”：提速"), "一网通办提速");
    }

    #[test]
    fn a1_refs() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 4), "E7");
        assert_eq!(a1(9, 26), "AA10");
    }
}
