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
            message: r.message().to_string(),
        },
        other => TemplateError {
            template: template.to_string(),
            line: None,
            column: None,
            message: other.to_string(),
        },
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
