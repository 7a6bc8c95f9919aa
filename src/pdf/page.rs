//! The laid-out page: what the writer draws. Layout produces these plain records (glyphs
//! already positioned, rules and boxes in page coordinates from the top) and the writer turns
//! them into content streams, so neither has to know how the other works.

use super::fonts::FaceId;
use std::collections::BTreeMap;

pub(crate) type Rgb = [f32; 3];

#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    pub ch: char,
    pub face: FaceId,
    pub gid: u16,
    pub x: f32,
}

/// The element of GB/T 9704 a line of text belongs to (its chapter 7), for formats that
/// record it (OFD's custom tags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Part {
    Banner,
    DocNumber,
    Signer,
    Title,
    Addressee,
    Body,
    AttachmentNote,
    Signature,
    Date,
    Note,
    Attachment,
    CopyTo,
    Printer,
    PageNumber,
}

impl Part {
    /// The element's name in GB/T 9704.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Part::Banner => "发文机关标志",
            Part::DocNumber => "发文字号",
            Part::Signer => "签发人",
            Part::Title => "标题",
            Part::Addressee => "主送机关",
            Part::Body => "正文",
            Part::AttachmentNote => "附件说明",
            Part::Signature => "发文机关署名",
            Part::Date => "成文日期",
            Part::Note => "附注",
            Part::Attachment => "附件",
            Part::CopyTo => "抄送机关",
            Part::Printer => "印发机关和印发日期",
            Part::PageNumber => "页码",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct TextLine {
    pub glyphs: Vec<Glyph>,
    pub size: f32,
    /// From the page top.
    pub baseline: f32,
    pub color: Rgb,
    /// Horizontal scaling (1 = none) of the glyphs, for the condensed banner; the glyph
    /// positions already include it.
    pub hscale: f32,
    /// Counter-clockwise rotation in degrees about the first glyph's origin.
    pub angle: f32,
    /// `None` for marks that are no element of the document (the draft mark).
    pub part: Option<Part>,
}

#[derive(Debug, Clone)]
pub(crate) enum Mark {
    Text(TextLine),
    /// Filled rectangle; `y` is its top.
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Stroke {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
    },
}

impl TextLine {
    /// A line of `glyphs` set upright at their natural width.
    pub(crate) fn upright(
        glyphs: Vec<Glyph>,
        size: f32,
        baseline: f32,
        color: Rgb,
        part: Option<Part>,
    ) -> TextLine {
        TextLine {
            glyphs,
            size,
            baseline,
            color,
            hscale: 1.0,
            angle: 0.0,
            part,
        }
    }

    /// The line's runs of consecutive glyphs of one face: each is set in one font.
    pub(crate) fn face_runs(&self) -> impl Iterator<Item = &[Glyph]> {
        self.glyphs.chunk_by(|a, b| a.face == b.face)
    }
}

impl Mark {
    pub(super) fn shifted(&self, dy: f32) -> Mark {
        let mut m = self.clone();
        m.shift(dy);
        m
    }

    pub(super) fn shift(&mut self, dy: f32) {
        match self {
            Mark::Text(t) => t.baseline += dy,
            Mark::Fill { y, .. } => *y += dy,
            Mark::Stroke { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Page {
    pub marks: Vec<Mark>,
    /// Printed page number, `None` for the blank page and 版记 page exempt by §7.5.
    pub number: Option<u32>,
}

/// The glyphs drawn with each face: glyph id → the character it draws there, in id order.
pub(crate) fn glyphs_by_face(pages: &[Page]) -> BTreeMap<FaceId, BTreeMap<u16, char>> {
    let mut used: BTreeMap<FaceId, BTreeMap<u16, char>> = BTreeMap::new();
    for p in pages {
        for m in &p.marks {
            if let Mark::Text(t) = m {
                for g in &t.glyphs {
                    used.entry(g.face).or_default().entry(g.gid).or_insert(g.ch);
                }
            }
        }
    }
    used
}
