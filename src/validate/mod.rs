//! The validate stage: what `check` reports beyond the reading of single cells, so that `run`
//! never fails on the input and scoring only computes.
//!
//! - Printable text: every character the documents will print exists in a shipped font, no
//!   invisible control character reaches a document, and every text from kaohe.toml fits the
//!   place the 公文 layout gives it. Cell texts are checked where they are read
//!   (`input/printable.rs`, called by the sheet reader); kaohe.toml's texts here, at their key.
//! - Records taken together ([`records`], in `cross.rs`): forms per hall, the assessment year,
//!   repeated and contradictory rows, claims that cannot count. It returns the diagnostics and
//!   the decisions the scorer follows ([`Decisions`]).

mod cross;

pub use cross::{ArticleGroup, Decisions, HonourClaim, PrizeClaim, Validated, records};

use crate::config::Config;
use crate::diag::{Diagnostic, Severity};
pub use crate::input::printable::Printable;
use crate::input::printable::{describe, is_control, undrawable};

/// Longest hall name: the score card's title, 「<大厅>2025年度考核评分明细」, must fit two lines
/// of 2号 小标宋 (about 20 characters each) as a trapezoid.
pub const HALL_NAME_MAX: usize = 24;
/// Longest 印发机关: it shares one line of 4号 仿宋 with the longest 印发日期 in the 版记.
pub const PRINTER_MAX: usize = 18;
/// Longest 发文机关署名: one line, 右空二字.
pub const SIGNATURE_MAX: usize = 24;
/// Longest 机关代字 of the 发文字号 line.
pub const CODE_MAX: usize = 10;
/// 签发人 shares the 发文字号's line (居右空一字) with “签发人：”: four characters (a 复姓 with a
/// two-character given name) leave room for the longest 发文字号 the code limit allows.
pub const SIGNER_MAX: usize = 4;

impl Printable<'_> {
    /// Every text of kaohe.toml that the documents print.
    pub fn config(&self, cfg: &Config) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let doc = &cfg.document;
        let printer = doc.printer.as_deref().unwrap_or(&cfg.issuer);
        let signature = doc.signature.as_deref().unwrap_or(&cfg.issuer);
        let mut texts: Vec<(String, &str, Option<usize>)> = vec![
            ("issuer（发文机关）".to_string(), cfg.issuer.as_str(), None),
            (
                if doc.printer.is_some() {
                    "[document] printer（印发机关）"
                } else {
                    "issuer（发文机关，也用作版记中的印发机关；可在 [document] 中另设较短的 printer）"
                }
                .to_string(),
                printer,
                Some(PRINTER_MAX),
            ),
            (
                if doc.signature.is_some() {
                    "[document] signature（发文机关署名）"
                } else {
                    "issuer（发文机关，也用作署名；可在 [document] 中另设 signature）"
                }
                .to_string(),
                signature,
                Some(SIGNATURE_MAX),
            ),
        ];
        for h in &cfg.halls {
            texts.push((
                format!("[[hall]] name = \"{}\"（大厅名称）", h.name),
                h.name.as_str(),
                Some(HALL_NAME_MAX),
            ));
        }
        if let Some(code) = &doc.code {
            texts.push((
                "[document] code（机关代字）".to_string(),
                code,
                Some(CODE_MAX),
            ));
        }
        if let Some(signer) = &doc.signer {
            texts.push((
                "[document] signer（签发人）".to_string(),
                signer,
                Some(SIGNER_MAX),
            ));
        }
        for (key, v) in [
            ("[document] request_to（请示的主送机关）", &doc.request_to),
            ("[document] contact（联系人）", &doc.contact),
            ("[document] phone（联系电话）", &doc.phone),
        ] {
            if let Some(v) = v {
                texts.push((key.to_string(), v, None));
            }
        }
        if let Some(a) = &doc.addressee {
            texts.push(("[document] addressee（主送机关）".to_string(), a, None));
        }
        if let Some(cc) = &doc.cc {
            texts.push(("[document] cc（抄送机关）".to_string(), cc, None));
            if !cc.trim_end().ends_with('。') {
                out.push(config_error(
                    "设置项 [document] cc（抄送机关）最后一个机关名称后应标句号“。”（GB/T 9704 7.4.2）",
                ));
            }
        }
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for (key, text, max) in &texts {
            let controls: Vec<char> = text.chars().filter(|c| is_control(*c)).collect();
            if !controls.is_empty() && !seen.iter().any(|(_, t)| t == text) {
                out.push(config_error(format!(
                    "设置项 {key}含有不可见的控制字符 {}，请删除",
                    describe(&controls)
                )));
            }
            if let Some(cov) = self.coverage {
                let missing = undrawable(text, cov);
                if !missing.is_empty() && !seen.iter().any(|(_, t)| t == text) {
                    out.push(config_error(format!(
                        "设置项 {key}中的 {} 无法印在文档中：所用字体（见 kaohe fonts）都没有这个字符",
                        describe(&missing)
                    )));
                }
            }
            let n = text.chars().count();
            if let Some(max) = max
                && n > *max
            {
                out.push(config_error(format!(
                    "设置项 {key}太长：{n} 字，文档中这个位置最多排 {max} 字"
                )));
            }
            seen.push((key, text));
        }
        out
    }
}

/// Halls whose documents and forms would get the same file name (评分明细/<大厅>.pdf,
/// 年终自查/<大厅>.xlsx): one would silently replace the other. Compared without case, as the
/// file systems of Windows and macOS do.
pub fn file_names(cfg: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: Vec<(String, &str)> = Vec::new();
    for h in &cfg.halls {
        let stem = crate::text::file_stem(&h.name);
        let key = stem.to_lowercase();
        match seen.iter().find(|(k, _)| *k == key) {
            Some((_, first)) => out.push(config_error(format!(
                "大厅“{first}”和“{}”的文件名相同（{stem}.pdf）：评分明细和填报表会互相覆盖，请改其中一个的名称",
                h.name
            ))),
            None => seen.push((key, &h.name)),
        }
    }
    out
}

fn config_error(message: impl Into<String>) -> Diagnostic {
    Diagnostic::in_file(Severity::Error, crate::config::FILE, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_keep_line_breaks_and_tabs() {
        assert!(is_control('\u{0}') && is_control('\u{7}') && is_control('\u{85}'));
        assert!(!is_control('\n') && !is_control('\t') && !is_control('甲'));
    }

    #[test]
    fn characters_are_described_with_their_code_points() {
        assert_eq!(describe(&['😀', '甲']), "“😀”（U+1F600）、“甲”（U+7532）");
    }
}
