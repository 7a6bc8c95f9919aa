//! Whether a cell's text can be printed: every character in a face the documents use, no
//! invisible control character. Checked as each cell is read, so the message names its cell;
//! the validate stage checks kaohe.toml's texts with the same rules.

use crate::pdf::Coverage;

/// The characters a text needs that no shipped font has, each once, in order of appearance.
pub fn undrawable(text: &str, coverage: &Coverage) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in text.chars() {
        if !coverage.covers(c) && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// `“😀”（U+1F600）、“”（U+E000）`, for messages.
pub fn describe(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| format!("“{c}”（U+{:04X}）", *c as u32))
        .collect::<Vec<_>>()
        .join("、")
}

/// Control characters other than line breaks and tabs: invisible, and refused by the documents.
pub fn is_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// Checks texts against the faces the documents will use; without them (no face could be
/// chosen) only the shape of the text is checked, and `run` reports the fonts' problem itself.
#[derive(Debug, Clone, Copy)]
pub struct Printable<'a> {
    pub coverage: Option<&'a Coverage>,
}

impl Printable<'_> {
    /// Why a cell text cannot be printed, if it cannot.
    pub fn cell(&self, text: &str) -> Option<String> {
        let missing = undrawable(text, self.coverage?);
        (!missing.is_empty()).then(|| {
            format!(
                "{} 无法印在文档中：所用字体（见 kaohe fonts）都没有这个字符；请删除或改写这个字符",
                describe(&missing)
            )
        })
    }
}
