//! The document templates: shipped in `templates/` and built into the binary; `--templates DIR`
//! replaces any of them by a user's edited copy of the same name.

use serde::Serialize;
use std::path::Path;
use tera::{Context, ErrorKind, Tera};

/// Every template, by file name, with its built-in text.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "year_end.tera",
        include_str!("../../templates/year_end.tera"),
    ),
    ("quarter.tera", include_str!("../../templates/quarter.tera")),
    (
        "score_card.tera",
        include_str!("../../templates/score_card.tera"),
    ),
    (
        "half_year.tera",
        include_str!("../../templates/half_year.tera"),
    ),
    ("request.tera", include_str!("../../templates/request.tera")),
];

/// A template problem: which template, where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub template: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "模板 {}", self.template)?;
        if let Some(l) = self.line {
            write!(f, " 第 {l} 行")?;
            if let Some(c) = self.column {
                write!(f, "第 {} 列", c + 1)?;
            }
        }
        write!(f, "：{}", self.message)
    }
}

impl std::error::Error for TemplateError {}

fn convert(template: &str, e: &tera::Error) -> TemplateError {
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => TemplateError {
            template: if r.filename().is_empty() {
                template.to_string()
            } else {
                r.filename().to_string()
            },
            line: Some(r.span().start_line),
            column: Some(r.span().start_col),
            message: chinese(r.message()),
        },
        other => TemplateError {
            template: template.to_string(),
            line: None,
            column: None,
            message: chinese(&other.to_string()),
        },
    }
}

/// The text between the first pair of backticks (or quotes) after `after`.
fn quoted<'a>(msg: &'a str, after: &str) -> &'a str {
    let rest = msg.split_once(after).map_or("", |(_, r)| r);
    let rest = rest.trim_start_matches(['`', '\'']);
    rest.split(['`', '\'']).next().unwrap_or("")
}

/// The list after `marker` ("a, b, c"), joined the Chinese way.
fn listed(msg: &str, marker: &str) -> Option<String> {
    let (_, rest) = msg.split_once(marker)?;
    let items: Vec<&str> = rest
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    (!items.is_empty()).then(|| items.join("、"))
}

/// Tera's messages in Chinese: the template's author is a clerk, not a programmer. A message
/// not recognised here says only that the template is written wrongly; the line and column
/// tell where.
fn chinese(message: &str) -> String {
    let m = message.trim().trim_start_matches("error: ").trim();
    let with_list = |text: String, marker: &str, what: &str| match listed(m, marker) {
        Some(list) => format!("{text}（可用的{what}：{list}）"),
        None => text,
    };
    if m.starts_with("Variable `") && m.contains("exists but its value is undefined") {
        format!("变量 {} 没有值", quoted(m, "Variable "))
    } else if m.starts_with("Variable `") {
        with_list(
            format!("没有名为 {} 的变量", quoted(m, "Variable ")),
            "Available variables:",
            "变量",
        )
    } else if m.starts_with("Field `") {
        with_list(
            format!("没有名为 {} 的字段", quoted(m, "Field ")),
            "Available fields:",
            "字段",
        )
    } else if m.starts_with("Unknown filter") {
        format!("没有名为 {} 的过滤器", quoted(m, "filter "))
    } else if m.starts_with("Unknown function") {
        format!("没有名为 {} 的函数", quoted(m, "function "))
    } else if m.starts_with("Unknown test") {
        format!("没有名为 {} 的测试", quoted(m, "test "))
    } else if m.starts_with("Unknown template") {
        format!("找不到模板 {}", quoted(m, "template "))
    } else if m.starts_with("Unknown tag") {
        "不认识的标签，或缺少与之配对的开始标签（如 {% if %} 与 {% endif %}）".to_string()
    } else if m.starts_with("Unexpected end of input") {
        "模板在此意外结束：有未闭合的 {{ }} 或 {% %}，或缺少 {% endif %}、{% endfor %}".to_string()
    } else if m.starts_with("Found ") {
        format!(
            "此处的 {} 不合写法（表达式不完整或有误）",
            m.trim_start_matches("Found ")
                .split(" but ")
                .next()
                .unwrap_or("")
        )
    } else if m.starts_with("Closing tag") {
        format!(
            "结束标签 {} 与开始标签 {} 不配对",
            quoted(m, "Closing tag "),
            quoted(m, "opening tag ")
        )
    } else if m.starts_with("Cannot divide by 0") {
        "除数为 0".to_string()
    } else if m.contains("requires both operands to be numbers") {
        format!("运算 {} 的两边都应为数字", quoted(m, ""))
    } else if m.starts_with("Iteration not possible") {
        "这个值不能用于 for 循环".to_string()
    } else if m.starts_with("Cannot compare") {
        "这两个值无法比较".to_string()
    } else if m.starts_with("Tried to escape an undefined value") {
        "要转义的值不存在".to_string()
    } else {
        "模板写法有误".to_string()
    }
}

pub struct Templates {
    tera: Tera,
}

impl Templates {
    /// The built-in templates, each replaced by `dir/<name>` when that file exists.
    pub fn load(dir: Option<&Path>) -> Result<Templates, TemplateError> {
        let mut tera = Tera::default();
        super::markup_filters::register(&mut tera);
        for (name, builtin) in BUILTIN {
            let user = dir.map(|d| d.join(name)).filter(|p| p.is_file());
            let text = match &user {
                Some(p) => std::fs::read_to_string(p).map_err(|e| TemplateError {
                    template: p.display().to_string(),
                    line: None,
                    column: None,
                    message: format!("无法读取：{e}"),
                })?,
                None => builtin.to_string(),
            };
            tera.add_raw_template(name, &text)
                .map_err(|e| convert(name, &e))?;
        }
        Ok(Templates { tera })
    }

    pub fn render<T: Serialize>(&self, name: &str, ctx: &T) -> Result<String, TemplateError> {
        let context = Context::from_serialize(ctx).map_err(|e| convert(name, &e))?;
        self.tera
            .render(name, &context)
            .map_err(|e| convert(name, &e))
    }
}

#[cfg(test)]
mod chinese_tests {
    use super::chinese;

    #[test]
    fn tera_messages_in_chinese() {
        assert_eq!(
            chinese("Variable `yeer` is not defined. Available variables: doc, halls"),
            "没有名为 yeer 的变量（可用的变量：doc、halls）"
        );
        assert_eq!(
            chinese("Field `yeer` is not defined. Available fields: date, year"),
            "没有名为 yeer 的字段（可用的字段：date、year）"
        );
        assert_eq!(
            chinese("error: Unknown filter `nosuch`"),
            "没有名为 nosuch 的过滤器"
        );
        assert_eq!(
            chinese("Found `%}` but expected one of: integer, float"),
            "此处的 `%}` 不合写法（表达式不完整或有误）"
        );
        assert_eq!(
            chinese("`+` requires both operands to be numbers, found `string` and `i64`"),
            "运算 + 的两边都应为数字"
        );
        assert_eq!(chinese("Something new in a later version"), "模板写法有误");
    }
}
