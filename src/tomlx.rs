//! Reading hand-written TOML settings with Chinese messages that name the offending key.

use crate::diag::{Diagnostic, Severity};
use rust_decimal::Decimal;
use std::str::FromStr;
use toml::{Table, Value};

/// Reads typed values out of a parsed TOML table, collecting every problem as a diagnostic
/// on `file` (kaohe.toml, rubric.toml) that names the full key.
pub struct TomlReader<'a> {
    pub file: &'a str,
    pub diags: Vec<Diagnostic>,
    /// Keys already reported as present but wrong, so they are not also reported as missing.
    reported: Vec<String>,
}

pub fn parse_table(file: &str, text: &str) -> Result<Table, Diagnostic> {
    text.parse::<Table>().map_err(|e| {
        let at = e.span().map(|s| s.start.min(text.len()));
        let place = at
            .map(|at| {
                let number = text[..at].matches('\n').count() + 1;
                let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let line = text[start..].lines().next().unwrap_or("").trim();
                format!("第 {number} 行“{line}”：")
            })
            .unwrap_or_default();
        let line = at.map_or("", |at| {
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            text[start..].lines().next().unwrap_or("")
        });
        Diagnostic::in_file(
            Severity::Error,
            file,
            format!("{place}{}", explain_syntax(e.message(), line)),
        )
    })
}

/// The TOML parser's message, said for someone editing the file in Notepad.
fn explain_syntax(message: &str, line: &str) -> String {
    let key = line.split('=').next().unwrap_or("").trim();
    let has = |s: &str| message.contains(s);
    if has("unquoted key") || has("invalid key") {
        if !key.is_ascii() && !key.starts_with('"') {
            return format!("键名“{key}”含汉字，要用英文双引号括起来，写成 \"{key}\" = …");
        }
        return "键名只能由英文字母、数字、“-”和“_”组成，其他字符要用英文双引号括起来".to_string();
    }
    if has("duplicate key") || has("duplicate") {
        return "同一个设置项（或同一节）写了两次，请删去一处".to_string();
    }
    if has("string") || has("quote") || has("escaped") {
        return "文字要用一对英文双引号括起来（中文引号“”不算），文字中的 \\ 要写成 \\\\ 或改用 /"
            .to_string();
    }
    if has("date-time") {
        return "日期写法有误，应写成 2025-12-31".to_string();
    }
    if has("number") || has("float") || has("exponent") || has("fraction") || has("mantissa") {
        return "数字写法有误，只能用半角数字和小数点".to_string();
    }
    if has("table") && !has("inline") {
        return "节名要写在一对英文方括号中，如 [document] 或 [[hall]]".to_string();
    }
    if has("array") || has("comma") {
        return "列表要写在一对英文方括号中，各项之间用英文逗号隔开".to_string();
    }
    if has("assignment") || has("missing value") || has("key-value") {
        return "每行写成“设置项 = 值”，等号和值都不能少".to_string();
    }
    if has("boolean") {
        return "是或否只能写 true 或 false".to_string();
    }
    "写法不符合 TOML 格式（设置项 = 值，文字加英文双引号，节名加方括号）".to_string()
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "文本",
        Value::Integer(_) => "整数",
        Value::Float(_) => "小数",
        Value::Boolean(_) => "布尔值",
        Value::Datetime(_) => "日期时间",
        Value::Array(_) => "数组",
        Value::Table(_) => "表",
    }
}

pub fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

impl<'a> TomlReader<'a> {
    pub fn new(file: &'a str) -> Self {
        TomlReader {
            file,
            diags: Vec::new(),
            reported: Vec::new(),
        }
    }

    pub fn error(&mut self, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::in_file(Severity::Error, self.file, msg));
    }

    /// Reports every key of `table` not in `known`.
    pub fn deny_unknown(&mut self, table: &Table, prefix: &str, known: &[&str]) {
        for key in table.keys() {
            if !known.contains(&key.as_str()) {
                self.error(format!(
                    "未知的设置项 {}（可用的设置项：{}）",
                    join(prefix, key),
                    known.join("、")
                ));
            }
        }
    }

    fn wrong_type(&mut self, key: &str, want: &str, v: &Value) {
        self.reported.push(key.to_string());
        self.error(format!("设置项 {key} 应为{want}，实际为{}", type_name(v)));
    }

    pub fn missing(&mut self, key: &str, what: &str) {
        if self.reported.iter().any(|k| k == key) {
            return;
        }
        self.error(format!("缺少必填设置项 {key}（{what}）"));
    }

    pub fn string(&mut self, table: &Table, prefix: &str, key: &str) -> Option<String> {
        let full = join(prefix, key);
        match table.get(key)? {
            Value::String(s) => Some(s.clone()),
            v => {
                self.wrong_type(&full, "文本", v);
                None
            }
        }
    }

    pub fn integer(&mut self, table: &Table, prefix: &str, key: &str) -> Option<i64> {
        let full = join(prefix, key);
        match table.get(key)? {
            Value::Integer(i) => Some(*i),
            Value::String(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
            v => {
                self.wrong_type(&full, "整数", v);
                None
            }
        }
    }

    pub fn boolean(&mut self, table: &Table, prefix: &str, key: &str) -> Option<bool> {
        let full = join(prefix, key);
        match table.get(key)? {
            Value::Boolean(b) => Some(*b),
            v => {
                self.wrong_type(&full, "布尔值（true 或 false）", v);
                None
            }
        }
    }

    /// A decimal written as a string ("0.5"), an integer or a float.
    pub fn decimal_value(&mut self, full: &str, v: &Value) -> Option<Decimal> {
        let parsed = match v {
            Value::String(s) => Decimal::from_str(s.trim()).ok(),
            Value::Integer(i) => Some(Decimal::from(*i)),
            Value::Float(f) => crate::text::decimal_from_f64(*f),
            _ => None,
        };
        // Points, maxima and deductions are added up over every hall and record: a magnitude
        // bound here keeps every sum far inside Decimal's range.
        let bound = Decimal::from(crate::input::limits::MAX_MAGNITUDE);
        if let Some(d) = parsed
            && d.abs() >= bound
        {
            self.reported.push(full.to_string());
            self.error(format!(
                "设置项 {full} 的值 {d} 超出范围：绝对值应小于 {bound}"
            ));
            return None;
        }
        if parsed.is_none() {
            match v {
                Value::String(s) => {
                    self.reported.push(full.to_string());
                    self.error(format!("设置项 {full} 应为数字，实际为“{s}”"))
                }
                _ => self.wrong_type(full, "数字", v),
            }
        }
        parsed.map(|d| d.normalize())
    }

    pub fn decimal(&mut self, table: &Table, prefix: &str, key: &str) -> Option<Decimal> {
        let v = table.get(key)?;
        self.decimal_value(&join(prefix, key), v)
    }

    pub fn strings(&mut self, table: &Table, prefix: &str, key: &str) -> Option<Vec<String>> {
        let full = join(prefix, key);
        match table.get(key)? {
            Value::Array(items) => {
                let mut out = Vec::new();
                for (i, v) in items.iter().enumerate() {
                    match v {
                        Value::String(s) => out.push(s.clone()),
                        v => self.wrong_type(&format!("{full}[{i}]"), "文本", v),
                    }
                }
                Some(out)
            }
            v => {
                self.wrong_type(&full, "文本数组", v);
                None
            }
        }
    }

    pub fn table<'t>(&mut self, table: &'t Table, prefix: &str, key: &str) -> Option<&'t Table> {
        let full = join(prefix, key);
        match table.get(key)? {
            Value::Table(t) => Some(t),
            v => {
                self.wrong_type(&full, "表", v);
                None
            }
        }
    }

    /// An array of tables (`[[key]]`), each with its index for messages.
    pub fn tables<'t>(
        &mut self,
        table: &'t Table,
        prefix: &str,
        key: &str,
    ) -> Vec<(String, &'t Table)> {
        let full = join(prefix, key);
        match table.get(key) {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for (i, v) in items.iter().enumerate() {
                    match v {
                        Value::Table(t) => out.push((format!("{full}[{i}]"), t)),
                        v => self.wrong_type(&format!("{full}[{i}]"), "表", v),
                    }
                }
                out
            }
            Some(v) => {
                self.wrong_type(&full, "表数组（[[...]]）", v);
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_table;

    fn message(text: &str) -> String {
        parse_table("kaohe.toml", text)
            .expect_err("a syntax error")
            .message
    }

    #[test]
    fn syntax_errors_are_explained_in_chinese_with_the_line() {
        assert_eq!(
            message("year = 2025\n[fonts]\n仿宋 = \"simfang.ttf\"\n"),
            "第 3 行“仿宋 = \"simfang.ttf\"”：键名“仿宋”含汉字，要用英文双引号括起来，写成 \"仿宋\" = …"
        );
        assert!(
            message("issuer = “示例市”\n")
                .starts_with("第 1 行“issuer = “示例市””：文字要用一对英文双引号括起来"),
            "{}",
            message("issuer = “示例市”\n")
        );
        let dup = message("year = 2025\nyear = 2026\n");
        assert!(dup.starts_with("第 2 行"), "{dup}");
        assert!(dup.contains("写了两次"), "{dup}");
        let section = message("[document\nissuer = \"x\"\n");
        assert!(section.contains("方括号"), "{section}");
        for text in [
            "year = 2025\n[fonts]\n仿宋 = \"simfang.ttf\"\n",
            "issuer = “示例市”\n",
            "year = 2025\nyear = 2026\n",
            "[document\n",
            "year = 20x5\n",
            "a = [1, 2\n",
            "year\n",
        ] {
            let m = message(text);
            // what follows the quoted line is kaohe's own words
            let said = m.rsplit("”：").next().unwrap_or(&m);
            let english: String = ["TOML", "true", "false", "document", "hall"]
                .iter()
                .fold(said.to_string(), |t, w| t.replace(w, ""));
            assert!(
                !english.chars().any(|c| c.is_ascii_alphabetic()),
                "English in {m:?}"
            );
        }
    }
}
