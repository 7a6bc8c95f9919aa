//! Typesetting the document model into archival PDF in the GB/T 9704 公文 layout.
//!
//! ```no_run
//! use kaohe::{doc, pdf};
//! let fonts = pdf::Fonts::load_default()?;            // once per process; share it
//! let document = doc::markup::parse("@title 关于某事的通报\n正文。")?;
//! let opts = pdf::RenderOptions { draft: false, creation_date: (2026, 1, 15), ofd: false };
//! let out = pdf::render(&document, &fonts, &opts)?;
//! for w in &out.warnings { eprintln!("{w}"); }
//! std::fs::write("out.pdf", &out.bytes)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Output: A4, 版心 156 × 225 mm at 28/37 mm, 22 lines × 28 characters of 3号仿宋, PDF/A-2b,
//! fonts embedded as subsets, byte-identical for the same model and options. `render` takes
//! `&Fonts` and touches no global state, so documents can be rendered in parallel.
//! With [`RenderOptions::ofd`] the same laid-out pages are also written as OFD (GB/T 33190).

mod cff;
pub mod choose;
mod fonts;
mod geom;
mod icc;
mod layout;
mod linebreak;
mod ofd;
mod outline;
mod page;
mod role;
mod sfnt;
#[cfg(test)]
mod tests;
mod truetype;
mod write;

pub use choose::{ChosenFace, FontChoice, FontRequest, FontSpec, FreeSet, Origin, choose};
pub use fonts::{Coverage, FontError, FontRole, Fonts};

use crate::doc::{Block, Document};
use std::fmt;

/// Rendering settings. Nothing is taken from the clock or the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// Every page gets a large diagonal "草稿" and a "数据未通过校验" line.
    pub draft: bool,
    /// (year, month, day) written as the PDF creation and modification date (00:00 +08:00).
    pub creation_date: (i32, u32, u32),
    /// Also write the document as OFD (GB/T 33190), from the same laid-out pages.
    pub ofd: bool,
}

/// A finished PDF and what the reader of the log should know about it.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// The OFD package, when [`RenderOptions::ofd`] asked for it.
    pub ofd: Option<Vec<u8>>,
    pub pages: usize,
    pub warnings: Vec<Warning>,
}

/// Something the PDF shows differently from what was asked, but correctly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// `ch` is missing from the role's face and is drawn with `used`'s face instead (the
    /// free face of that role when `free`, because no chosen face has it).
    Fallback {
        ch: char,
        wanted: FontRole,
        used: FontRole,
        free: bool,
        source: Option<String>,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Fallback {
                ch,
                wanted,
                used,
                free,
                source,
            } => {
                let free = if *free { "kaohe 附带的" } else { "" };
                write!(
                    f,
                    "字符“{ch}”（U+{:04X}）在{wanted}字体中没有，已改用{free}{used}",
                    *ch as u32
                )?;
                if let Some(s) = source {
                    write!(f, "（来源：{s}）")?;
                }
                Ok(())
            }
        }
    }
}

/// A character no shipped font can draw, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    pub ch: char,
    pub source: Option<String>,
}

impl fmt::Display for MissingGlyph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = self.ch as u32;
        if self.ch.is_control() {
            write!(f, "控制字符 U+{code:04X} 不能排印")?;
        } else {
            write!(f, "字符“{}”（U+{code:04X}）所有字体都没有", self.ch)?;
        }
        if let Some(s) = &self.source {
            write!(f, "（来源：{s}）")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// The model breaks the order or formats of GB/T 9704 ([`Document::validate`]).
    #[error("文档结构有误：{}", .0.join("；"))]
    Invalid(Vec<String>),
    /// Characters no shipped font has — every one of them.
    #[error("有 {} 个字符无法排印：{}", .0.len(), .0.iter().map(|g| g.to_string()).collect::<Vec<_>>().join("；"))]
    MissingGlyphs(Vec<MissingGlyph>),
    /// Content that cannot be typeset (a title too long for two lines, a huge table header …).
    #[error("无法排版：{0}")]
    Layout(String),
    /// Bad [`RenderOptions`].
    #[error("排版选项有误：{0}")]
    Options(String),
    /// A failure inside the PDF libraries; a bug rather than a data problem.
    #[error("生成 PDF 时出错：{0}")]
    Internal(String),
}

/// Typesets `doc` into a PDF/A-2b file (and an OFD package with [`RenderOptions::ofd`]).
pub fn render(doc: &Document, fonts: &Fonts, opts: &RenderOptions) -> Result<Rendered, PdfError> {
    let (y, m, d) = opts.creation_date;
    if crate::doc::check_date(&format!("{y}年{m}月{d}日")).is_err() {
        return Err(PdfError::Options(format!("创建日期 {y}-{m}-{d} 无效")));
    }
    let problems = doc.validate();
    if !problems.is_empty() {
        return Err(PdfError::Invalid(
            problems
                .into_iter()
                .map(|p| {
                    format!(
                        "第 {} 块（{}）：{}",
                        p.block + 1,
                        doc.blocks[p.block].name(),
                        p.message
                    )
                })
                .collect(),
        ));
    }
    let laid = layout::layout(doc, fonts, opts.draft)?;
    let info = doc_info(doc);
    let bytes = write::write(&laid.pages, fonts, &info, opts)?;
    let ofd = if opts.ofd {
        Some(ofd::write(&laid.pages, fonts, &info, opts)?)
    } else {
        None
    };
    Ok(Rendered {
        bytes,
        ofd,
        pages: laid.pages.len(),
        warnings: laid.warnings,
    })
}

/// Metadata: the model's, else the title lines, the signature / 印发机关 / banner.
fn doc_info(doc: &Document) -> write::DocInfo {
    let mut title = doc.meta.title.clone();
    let mut author = doc.meta.author.clone();
    let mut banner = None;
    for b in &doc.blocks {
        match b {
            Block::Title { lines } if title.is_empty() => {
                title = lines.iter().map(|t| t.string()).collect();
            }
            Block::Signature { text } | Block::Printer { org: text, .. } if author.is_empty() => {
                author = text.string();
            }
            Block::Banner { text } => banner = Some(text.string()),
            _ => {}
        }
    }
    if author.is_empty()
        && let Some(b) = banner
    {
        author = b.strip_suffix("文件").unwrap_or(&b).to_string();
    }
    write::DocInfo {
        title,
        author,
        subject: doc.meta.subject.clone(),
    }
}
