//! Shaping: text to glyphs of the role's face (falling back to another face and recording a
//! warning, or recording a missing glyph), with adjacent full-width punctuation set tight, and
//! placing a run of shaped glyphs on a line. Everything else in layout measures and sets these.

use crate::doc::Text;
use crate::pdf::fonts::{FaceId, FontRole, Fonts};
use crate::pdf::linebreak::{self, Item};
use crate::pdf::page::Glyph;
use crate::pdf::{MissingGlyph, Warning};
use std::collections::BTreeSet;

/// A shaped character: the face that draws it and its advance in pt (tracking included).
#[derive(Debug, Clone, Copy)]
pub(super) struct SGlyph {
    pub(super) ch: char,
    pub(super) face: FaceId,
    pub(super) gid: u16,
    pub(super) width: f32,
    pub(super) draw: bool,
    /// The blank half of a full-width mark still removable at a line start or end.
    pub(super) half: f32,
    /// The glyph is drawn this far left of its slot (its blank left half removed).
    pub(super) shift: f32,
}

/// Sets adjacent full-width punctuation tight ([`linebreak::adjacent`]). `size` tells a
/// full-width mark (its advance is the em) from a proportional one, which is left alone.
fn compress(g: &mut [SGlyph], size: f32, tracking: f32) {
    for s in g.iter_mut() {
        let full = s.draw && (s.width - tracking) >= 0.9 * size;
        s.half = if full && (linebreak::OPENING.contains(s.ch) || linebreak::CLOSING.contains(s.ch))
        {
            (s.width - tracking) / 2.0
        } else {
            0.0
        };
    }
    let chars: Vec<char> = g.iter().map(|s| s.ch).collect();
    let halves: Vec<f32> = g.iter().map(|s| s.half).collect();
    for (s, cut) in g.iter_mut().zip(linebreak::adjacent(&chars, &halves)) {
        if cut.left > 0.0 || cut.right > 0.0 {
            s.width -= cut.left + cut.right;
            s.shift = cut.left;
            s.half = 0.0;
        }
    }
}

pub(super) struct Shaper<'a> {
    pub(super) fonts: &'a Fonts,
    pub(super) warnings: Vec<Warning>,
    pub(super) warned: BTreeSet<(char, FontRole, Option<String>)>,
    pub(super) missing: Vec<MissingGlyph>,
    pub(super) missing_seen: BTreeSet<(char, Option<String>)>,
}

impl Shaper<'_> {
    pub(super) fn shape(
        &mut self,
        text: &Text,
        role: FontRole,
        size: f32,
        tracking: f32,
    ) -> Vec<SGlyph> {
        let mut out = Vec::with_capacity(text.0.iter().map(|r| r.text.len()).sum());
        for (ch, src) in text.chars() {
            out.push(self.glyph(ch, src, role, size, tracking));
        }
        compress(&mut out, size, tracking);
        out
    }

    pub(super) fn shape_str(
        &mut self,
        s: &str,
        role: FontRole,
        size: f32,
        tracking: f32,
    ) -> Vec<SGlyph> {
        let mut out: Vec<SGlyph> = s
            .chars()
            .map(|ch| self.glyph(ch, None, role, size, tracking))
            .collect();
        compress(&mut out, size, tracking);
        out
    }

    fn glyph(
        &mut self,
        ch: char,
        src: Option<&str>,
        role: FontRole,
        size: f32,
        tracking: f32,
    ) -> SGlyph {
        let blank = |em: f32| SGlyph {
            ch,
            face: role.into(),
            gid: 0,
            width: em * size + tracking,
            draw: false,
            half: 0.0,
            shift: 0.0,
        };
        match ch {
            ' ' | '\t' | '\u{a0}' => {
                let em = self.fonts.face(role).glyph(' ').map_or(0.3, |g| g.1);
                return blank(em);
            }
            '\u{3000}' => return blank(1.0),
            '\u{2002}' => return blank(0.5),
            _ => {}
        }
        match self.fonts.resolve(role, ch) {
            Some(r) if !ch.is_control() => {
                if r.face != role.into() && self.warned.insert((ch, role, src.map(str::to_string)))
                {
                    self.warnings.push(Warning::Fallback {
                        ch,
                        wanted: role,
                        used: r.face.role,
                        free: r.face.spare,
                        source: src.map(str::to_string),
                    });
                }
                SGlyph {
                    ch,
                    face: r.face,
                    gid: r.gid,
                    width: r.advance * size + tracking,
                    draw: true,
                    half: 0.0,
                    shift: 0.0,
                }
            }
            _ => {
                if self.missing_seen.insert((ch, src.map(str::to_string))) {
                    self.missing.push(MissingGlyph {
                        ch,
                        source: src.map(str::to_string),
                    });
                }
                blank(1.0)
            }
        }
    }
}

pub(super) fn natural(g: &[SGlyph]) -> f32 {
    g.iter().map(|g| g.width).sum()
}

/// Positions `g` as one line starting at `x`, with `gap` pt between units (linebreak::Line).
pub(super) fn place(
    g: &[SGlyph],
    line: Option<&linebreak::Line>,
    items: &[Item],
    x: f32,
) -> Vec<Glyph> {
    let pos = match line {
        Some(l) => l.positions(items),
        None => {
            let mut acc = 0.0;
            g.iter()
                .map(|s| {
                    let p = acc;
                    acc += s.width;
                    p
                })
                .collect()
        }
    };
    let off = line.map_or(0, |l| l.start);
    pos.iter()
        .enumerate()
        .filter(|(k, _)| g[off + k].draw)
        .map(|(k, p)| Glyph {
            ch: g[off + k].ch,
            face: g[off + k].face,
            gid: g[off + k].gid,
            x: x + p - g[off + k].shift,
        })
        .collect()
}
