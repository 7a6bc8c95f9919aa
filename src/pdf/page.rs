//! The laid-out page: what the writer draws. Layout produces these plain records (glyphs
//! already positioned, rules and boxes in page coordinates from the top) and the writer turns
//! them into content streams, so neither has to know how the other works.

use super::fonts::FaceId;

pub(crate) type Rgb = [f32; 3];

#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    pub ch: char,
    pub face: FaceId,
    pub gid: u16,
    pub x: f32,
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
