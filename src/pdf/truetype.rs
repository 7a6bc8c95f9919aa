//! Subsetting TrueType (`glyf`) faces, also faces of a collection, for /FontFile2.
//!
//! The subset holds .notdef, the glyphs asked for and the components of composite glyphs,
//! renumbered densely in ascending original order; content streams then write the new ids
//! (CIDToGIDMap /Identity). Only the tables a PDF TrueType program needs are kept (ISO
//! 32000-1 9.9: head, hhea, loca, maxp, cvt, prep, glyf, hmtx, fpgm), so a 10 MB office face
//! gives a subset of a few KB per document. The output depends only on the input bytes and
//! the glyph set.

use super::sfnt::{Directory, h_metric, i16_at, u16_at, u32_at};
use std::collections::{BTreeMap, BTreeSet};

const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;

/// A subset font program and the new glyph id of every original one kept.
pub(crate) struct Subset {
    pub bytes: Vec<u8>,
    pub new_ids: BTreeMap<u16, u16>,
}

struct Source<'a> {
    glyf: &'a [u8],
    loca: &'a [u8],
    long_loca: bool,
    num_glyphs: u16,
}

impl<'a> Source<'a> {
    fn glyph(&self, gid: u16) -> Option<&'a [u8]> {
        if gid >= self.num_glyphs {
            return None;
        }
        let g = usize::from(gid);
        let (start, end) = if self.long_loca {
            (
                u32_at(self.loca, 4 * g)? as usize,
                u32_at(self.loca, 4 * g + 4)? as usize,
            )
        } else {
            (
                2 * usize::from(u16_at(self.loca, 2 * g)?),
                2 * usize::from(u16_at(self.loca, 2 * g + 2)?),
            )
        };
        if start > end {
            return None;
        }
        self.glyf.get(start..end)
    }
}

/// Offsets (within the glyph) of each component's glyph index, and the indices.
fn components(glyph: &[u8]) -> Option<Vec<(usize, u16)>> {
    if glyph.is_empty() || i16_at(glyph, 0)? >= 0 {
        return Some(Vec::new());
    }
    let mut out = Vec::new();
    let mut p = 10;
    loop {
        let flags = u16_at(glyph, p)?;
        out.push((p + 2, u16_at(glyph, p + 2)?));
        p += 4;
        p += if flags & ARG_1_AND_2_ARE_WORDS != 0 {
            4
        } else {
            2
        };
        p += if flags & WE_HAVE_A_SCALE != 0 {
            2
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            4
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 || out.len() > 256 {
            return Some(out);
        }
    }
}

/// A table directory + tables, with checksums and head's checkSumAdjustment as the format
/// asks (some PDF/A validators check them).
fn assemble(tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    assemble_sfnt(*b"\0\x01\0\0", tables)
}

/// An sfnt file of `version` (`OTTO` for CFF outlines) from its tables.
pub(crate) fn assemble_sfnt(version: [u8; 4], mut tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    fn checksum(b: &[u8]) -> u32 {
        b.chunks(4).fold(0u32, |acc, c| {
            let mut w = [0u8; 4];
            w[..c.len()].copy_from_slice(c);
            acc.wrapping_add(u32::from_be_bytes(w))
        })
    }
    tables.sort_by_key(|a| a.0);
    if let Some((_, head)) = tables.iter_mut().find(|(t, _)| t == b"head")
        && head.len() >= 12
    {
        head[8..12].fill(0);
    }
    let n = tables.len() as u16;
    let mut entry_selector = 0u16;
    while (2u16 << entry_selector) <= n {
        entry_selector += 1;
    }
    let search_range = 16u16 << entry_selector;
    let mut out = Vec::new();
    out.extend(version);
    for v in [n, search_range, entry_selector, n * 16 - search_range] {
        out.extend(v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    for (tag, data) in &tables {
        out.extend(tag);
        out.extend(checksum(data).to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    let mut head_at = None;
    for (tag, data) in &tables {
        if tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

/// The subset of the face described by `dir` in `data` holding `gids` (and .notdef).
/// `None` when the face is not a well-formed TrueType face.
pub(crate) fn subset(data: &[u8], dir: &Directory, gids: &[u16]) -> Option<Subset> {
    let (tables, new_ids) = subset_tables(data, dir, gids)?;
    Some(Subset {
        bytes: assemble(tables),
        new_ids,
    })
}

/// A subset's tables (those a PDF TrueType program needs) and the new id of every glyph kept.
pub(crate) type Tables = (Vec<([u8; 4], Vec<u8>)>, BTreeMap<u16, u16>);

pub(crate) fn subset_tables(data: &[u8], dir: &Directory, gids: &[u16]) -> Option<Tables> {
    let head = dir.table(data, b"head")?;
    let hhea = dir.table(data, b"hhea")?;
    let maxp = dir.table(data, b"maxp")?;
    let hmtx = dir.table(data, b"hmtx")?;
    let src = Source {
        glyf: dir.table(data, b"glyf")?,
        loca: dir.table(data, b"loca")?,
        long_loca: i16_at(head, 50)? == 1,
        num_glyphs: u16_at(maxp, 4)?,
    };
    if usize::from(u16_at(hhea, 34)?) == 0 {
        return None;
    }
    let metric = |g: u16| h_metric(hhea, hmtx, g);

    // every glyph drawn, with the components of composites (which may nest)
    let mut keep: BTreeSet<u16> = std::iter::once(0)
        .chain(gids.iter().copied().filter(|g| *g < src.num_glyphs))
        .collect();
    let mut todo: Vec<u16> = keep.iter().copied().collect();
    while let Some(g) = todo.pop() {
        for (_, c) in components(src.glyph(g)?)? {
            if c < src.num_glyphs && keep.insert(c) {
                todo.push(c);
            }
        }
    }
    let new_ids: BTreeMap<u16, u16> = keep
        .iter()
        .enumerate()
        .map(|(new, old)| (*old, new as u16))
        .collect();

    let mut glyf = Vec::new();
    let mut loca = Vec::new();
    let mut hmtx_out = Vec::new();
    for old in &keep {
        loca.extend((glyf.len() as u32).to_be_bytes());
        let start = glyf.len();
        glyf.extend(src.glyph(*old)?);
        for (at, c) in components(src.glyph(*old)?)? {
            let id = new_ids.get(&c).copied().unwrap_or(0);
            glyf[start + at..start + at + 2].copy_from_slice(&id.to_be_bytes());
        }
        glyf.resize(glyf.len().div_ceil(4) * 4, 0);
        let (adv, lsb) = metric(*old)?;
        hmtx_out.extend(adv.to_be_bytes());
        hmtx_out.extend(lsb.to_be_bytes());
    }
    loca.extend((glyf.len() as u32).to_be_bytes());
    let count = keep.len() as u16;

    let mut head = head.to_vec();
    head.get_mut(50..52)?.copy_from_slice(&1i16.to_be_bytes());
    let mut hhea = hhea.to_vec();
    hhea.get_mut(34..36)?.copy_from_slice(&count.to_be_bytes());
    let mut maxp = maxp.to_vec();
    maxp.get_mut(4..6)?.copy_from_slice(&count.to_be_bytes());
    let mut tables = vec![
        (*b"head", head),
        (*b"hhea", hhea),
        (*b"maxp", maxp),
        (*b"hmtx", hmtx_out),
        (*b"loca", loca),
        (*b"glyf", glyf),
    ];
    // hinting programs, as the font has them (small; needed for the glyphs' instructions)
    for tag in [b"cvt ", b"fpgm", b"prep"] {
        if let Some(t) = dir.table(data, tag) {
            tables.push((*tag, t.to_vec()));
        }
    }
    Some((tables, new_ids))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy face: glyphs 1–3 simple (2 unused by the tests), glyph 4 a composite of 3 and 1.
    fn toy() -> Vec<u8> {
        let simple = |x: i16| {
            let mut g = Vec::new();
            for v in [1i16, 0, 0, x, 100] {
                g.extend(v.to_be_bytes());
            }
            g.extend(0u16.to_be_bytes()); // endPts[0]
            g.extend(0u16.to_be_bytes()); // no instructions
            g.push(0x37); // on curve, x/y short positive
            g.push(x as u8);
            g.push(100);
            g.push(0);
            g
        };
        let mut composite = Vec::new();
        for v in [-1i16, 0, 0, 50, 100] {
            composite.extend(v.to_be_bytes());
        }
        composite.extend((MORE_COMPONENTS | ARG_1_AND_2_ARE_WORDS).to_be_bytes());
        composite.extend(3u16.to_be_bytes());
        composite.extend([0, 0, 0, 0]);
        composite.extend(WE_HAVE_A_SCALE.to_be_bytes());
        composite.extend(1u16.to_be_bytes());
        composite.extend([0, 0, 0x40, 0]);
        let glyphs = [Vec::new(), simple(10), simple(30), simple(20), composite];
        let mut glyf = Vec::new();
        let mut loca = Vec::new();
        for g in &glyphs {
            loca.extend((glyf.len() as u32).to_be_bytes());
            glyf.extend(g);
        }
        loca.extend((glyf.len() as u32).to_be_bytes());
        let mut head = vec![0u8; 54];
        head[18..20].copy_from_slice(&1000u16.to_be_bytes());
        head[50..52].copy_from_slice(&1i16.to_be_bytes());
        let mut hhea = vec![0u8; 36];
        hhea[34..36].copy_from_slice(&2u16.to_be_bytes());
        let mut maxp = vec![0, 0, 0x50, 0];
        maxp.extend(5u16.to_be_bytes());
        let mut hmtx = Vec::new();
        for v in [500u16, 0, 1000, 7] {
            hmtx.extend(v.to_be_bytes());
        }
        for lsb in [3i16, 5, 9] {
            hmtx.extend(lsb.to_be_bytes());
        }
        assemble(vec![
            (*b"head", head),
            (*b"hhea", hhea),
            (*b"maxp", maxp),
            (*b"hmtx", hmtx),
            (*b"loca", loca),
            (*b"glyf", glyf),
        ])
    }

    #[test]
    fn composites_bring_their_components_renumbered() {
        let font = toy();
        let dir = Directory::read(&font, 0, font.len()).expect("directory");
        let s = subset(&font, &dir, &[4]).expect("subset");
        assert_eq!(
            s.new_ids.into_iter().collect::<Vec<_>>(),
            [(0, 0), (1, 1), (3, 2), (4, 3)]
        );
        let s = subset(&font, &dir, &[3]).expect("subset");
        assert_eq!(s.new_ids.into_iter().collect::<Vec<_>>(), [(0, 0), (3, 1)]);
        let out = Directory::read(&s.bytes, 0, s.bytes.len()).expect("subset directory");
        let maxp = out.table(&s.bytes, b"maxp").expect("maxp");
        assert_eq!(u16_at(maxp, 4), Some(2));
        // glyph 3 keeps its advance (the last long metric) and its own side bearing
        let hmtx = out.table(&s.bytes, b"hmtx").expect("hmtx");
        assert_eq!(hmtx, [1, 244, 0, 0, 3, 232, 0, 5]);
    }

    #[test]
    fn a_composite_points_at_the_new_ids_of_its_components() {
        let font = toy();
        let dir = Directory::read(&font, 0, font.len()).expect("directory");
        // keep only the composite: its components 3 and 1 come along as new ids 2 and 1
        let s = subset(&font, &dir, &[4]).expect("subset");
        let out = Directory::read(&s.bytes, 0, s.bytes.len()).expect("subset directory");
        let src = Source {
            glyf: out.table(&s.bytes, b"glyf").expect("glyf"),
            loca: out.table(&s.bytes, b"loca").expect("loca"),
            long_loca: true,
            num_glyphs: 4,
        };
        let comps: Vec<u16> = components(src.glyph(3).expect("glyph"))
            .expect("components")
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert_eq!(comps, [2, 1]);
    }

    #[test]
    fn the_checksum_adjustment_makes_the_font_sum_to_the_magic_number() {
        let font = toy();
        let dir = Directory::read(&font, 0, font.len()).expect("directory");
        let s = subset(&font, &dir, &[1]).expect("subset");
        let sum = s.bytes.chunks(4).fold(0u32, |acc, c| {
            let mut w = [0u8; 4];
            w[..c.len()].copy_from_slice(c);
            acc.wrapping_add(u32::from_be_bytes(w))
        });
        assert_eq!(sum, 0xB1B0_AFBA);
    }
}
