//! Diagnostics are plain data with a location; rendering them (human text, JSON) is separate.

use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Notice,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Notice => "提示",
        }
    }
}

/// Where a value came from: a file relative to the input folder, a sheet and a cell.
/// Cheap to clone: file and sheet names are shared.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Source {
    pub file: Arc<str>,
    pub sheet: Arc<str>,
    /// Absolute 0-based row and column in the sheet (A1 is 0, 0).
    pub row: u32,
    pub col: u32,
}

impl Source {
    pub fn cell(&self) -> String {
        crate::text::a1(self.row, self.col)
    }

    pub fn at_col(&self, col: u32) -> Source {
        Source {
            col,
            ..self.clone()
        }
    }

    /// `自查/不动产.xlsx 自查评分表!E7`, for messages that point at another place.
    pub fn describe(&self) -> String {
        format!("{} {}!{}", self.file, self.sheet, self.cell())
    }
}

impl Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Source", 3)?;
        st.serialize_field("file", &*self.file)?;
        st.serialize_field("sheet", &*self.sheet)?;
        st.serialize_field("cell", &self.cell())?;
        st.end()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: Option<String>,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub message: String,
}

impl Diagnostic {
    pub fn at(severity: Severity, src: &Source, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            file: Some(src.file.to_string()),
            sheet: Some(src.sheet.to_string()),
            cell: Some(src.cell()),
            message: message.into(),
        }
    }

    pub fn in_sheet(
        severity: Severity,
        file: &str,
        sheet: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            file: Some(file.to_string()),
            sheet: Some(sheet.to_string()),
            cell: None,
            message: message.into(),
        }
    }

    pub fn in_file(severity: Severity, file: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            file: Some(file.to_string()),
            sheet: None,
            cell: None,
            message: message.into(),
        }
    }

    pub fn general(severity: Severity, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            file: None,
            sheet: None,
            cell: None,
            message: message.into(),
        }
    }
}

/// Collects diagnostics while a stage runs; stages never stop at the first problem.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn error(&mut self, src: &Source, msg: impl Into<String>) {
        self.0.push(Diagnostic::at(Severity::Error, src, msg));
    }
    pub fn warning(&mut self, src: &Source, msg: impl Into<String>) {
        self.0.push(Diagnostic::at(Severity::Warning, src, msg));
    }
    pub fn notice(&mut self, src: &Source, msg: impl Into<String>) {
        self.0.push(Diagnostic::at(Severity::Notice, src, msg));
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
}

pub fn count(diags: &[Diagnostic], severity: Severity) -> usize {
    diags.iter().filter(|d| d.severity == severity).count()
}

/// Orders diagnostics for reporting: general ones first, then by file in path (code-point)
/// order; within a file the order they were found in is kept.
pub fn sort_for_report(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| a.file.cmp(&b.file));
}

/// Human text, grouped by file, in Chinese.
pub fn render_human(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    let mut current: Option<Option<&str>> = None;
    for d in diags {
        let file = d.file.as_deref();
        if current != Some(file) {
            if current.is_some() {
                out.push('\n');
            }
            out.push_str(file.unwrap_or("（总体）"));
            out.push('\n');
            current = Some(file);
        }
        let place = match (&d.sheet, &d.cell) {
            (Some(s), Some(c)) => format!("[{s}!{c}] "),
            (Some(s), None) => format!("[{s}] "),
            _ => String::new(),
        };
        out.push_str(&format!(
            "  {}：{}{}\n",
            d.severity.label(),
            place,
            d.message
        ));
    }
    let (e, w, n) = (
        count(diags, Severity::Error),
        count(diags, Severity::Warning),
        count(diags, Severity::Notice),
    );
    if !diags.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!("共 {e} 个错误，{w} 个警告，{n} 条提示。\n"));
    out
}
