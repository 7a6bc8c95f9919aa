//! Just enough of the OpenType/TrueType container (sfnt) for kaohe: the table directory of a
//! font or of one face of a collection (`.ttc`), the names a face is known by, the metrics a
//! PDF font descriptor needs, advances and the Unicode `cmap`. Everything is read from
//! borrowed bytes on demand: finding the office's fonts among hundreds of system files reads
//! only each file's directory and `name` table.

use std::collections::BTreeMap;
use std::ops::Range;

pub(crate) fn u16_at(b: &[u8], o: usize) -> Option<u16> {
    Some(u16::from_be_bytes(
        b.get(o..o.checked_add(2)?)?.try_into().ok()?,
    ))
}

pub(crate) fn i16_at(b: &[u8], o: usize) -> Option<i16> {
    u16_at(b, o).map(|v| v as i16)
}

pub(crate) fn u32_at(b: &[u8], o: usize) -> Option<u32> {
    Some(u32::from_be_bytes(
        b.get(o..o.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// Offsets of every face's table directory: one for a single font, several for a collection.
pub(crate) fn face_offsets(data: &[u8]) -> Option<Vec<usize>> {
    match data.get(..4)? {
        b"ttcf" => {
            let n = u32_at(data, 8)? as usize;
            if n == 0 || n > 1024 {
                return None;
            }
            (0..n)
                .map(|i| u32_at(data, 12 + 4 * i).map(|o| o as usize))
                .collect()
        }
        [0, 1, 0, 0] | b"OTTO" | b"true" => Some(vec![0]),
        _ => None,
    }
}

/// One face's tables: tag and byte range in the file (absolute, also in a collection).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Directory {
    tables: Vec<([u8; 4], Range<usize>)>,
}

impl Directory {
    /// The directory of face `index` (0 for a single font). Only the directory is read;
    /// a table whose range lies outside `len` bytes is left out.
    pub(crate) fn read(head: &[u8], index: usize, len: usize) -> Option<Directory> {
        let at = *face_offsets(head)?.get(index)?;
        let n = usize::from(u16_at(head, at + 4)?);
        let mut tables = Vec::with_capacity(n);
        for i in 0..n {
            let rec = at + 12 + 16 * i;
            let tag: [u8; 4] = head.get(rec..rec + 4)?.try_into().ok()?;
            let off = u32_at(head, rec + 8)? as usize;
            let size = u32_at(head, rec + 12)? as usize;
            let end = off.checked_add(size)?;
            if end <= len {
                tables.push((tag, off..end));
            }
        }
        Some(Directory { tables })
    }

    /// Bytes a directory needs to be read: the collection header and face `index`'s records.
    pub(crate) fn span(head: &[u8], index: usize) -> Option<usize> {
        let at = *face_offsets(head)?.get(index)?;
        Some(at + 12 + 16 * usize::from(u16_at(head, at + 4)?))
    }

    pub(crate) fn range(&self, tag: &[u8; 4]) -> Option<Range<usize>> {
        self.tables
            .iter()
            .find(|(t, _)| t == tag)
            .map(|(_, r)| r.clone())
    }

    pub(crate) fn table<'d>(&self, data: &'d [u8], tag: &[u8; 4]) -> Option<&'d [u8]> {
        data.get(self.range(tag)?)
    }

    pub(crate) fn has(&self, tag: &[u8; 4]) -> bool {
        self.range(tag).is_some()
    }
}

/// The names a face goes by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Names {
    /// Family names in every language the face gives (name ids 1 and 16), first seen first.
    pub families: Vec<String>,
    /// The PostScript name (name id 6), used as the PDF /BaseFont.
    pub postscript: Option<String>,
}

/// Reads the `name` table. Strings in UTF-16 (platforms 0 and 3) and ASCII Mac Roman are
/// read; legacy Chinese code pages (platform 3 encodings 3–5) are skipped, as every office
/// font also gives its names in Unicode.
pub(crate) fn names(name: &[u8]) -> Names {
    let mut out = Names::default();
    let (Some(count), Some(storage)) = (u16_at(name, 2), u16_at(name, 4)) else {
        return out;
    };
    let mut postscript: Option<(u8, String)> = None;
    for i in 0..usize::from(count) {
        let rec = 6 + 12 * i;
        let (Some(platform), Some(encoding), Some(id), Some(len), Some(off)) = (
            u16_at(name, rec),
            u16_at(name, rec + 2),
            u16_at(name, rec + 6),
            u16_at(name, rec + 8),
            u16_at(name, rec + 10),
        ) else {
            break;
        };
        if !matches!(id, 1 | 6 | 16) {
            continue;
        }
        let start = usize::from(storage) + usize::from(off);
        let Some(raw) = name.get(start..start + usize::from(len)) else {
            continue;
        };
        let text = match (platform, encoding) {
            (0, _) | (3, 0 | 1 | 10) => {
                let units: Vec<u16> = raw
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16(&units).ok()
            }
            (1, 0) if raw.is_ascii() => Some(String::from_utf8_lossy(raw).into_owned()),
            _ => None,
        };
        let Some(text) = text.map(|t| t.trim_matches(char::from(0)).trim().to_string()) else {
            continue;
        };
        if text.is_empty() {
            continue;
        }
        if id == 6 {
            // Windows' record first, as PDF producers do
            let rank = if platform == 3 { 0 } else { 1 };
            if postscript.as_ref().is_none_or(|(r, _)| rank < *r) {
                postscript = Some((rank, text));
            }
        } else if !out.families.contains(&text) {
            out.families.push(text);
        }
    }
    out.postscript = postscript.map(|(_, s)| s);
    out
}

/// What the PDF font descriptor and the layout need, in font units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Metrics {
    pub units_per_em: u16,
    pub bbox: [i16; 4],
    pub ascender: i16,
    pub descender: i16,
    pub weight: u16,
    pub num_glyphs: u16,
}

pub(crate) fn metrics(data: &[u8], dir: &Directory) -> Option<Metrics> {
    let head = dir.table(data, b"head")?;
    let hhea = dir.table(data, b"hhea")?;
    let maxp = dir.table(data, b"maxp")?;
    let upm = u16_at(head, 18)?;
    let weight = dir
        .table(data, b"OS/2")
        .and_then(|t| u16_at(t, 4))
        .unwrap_or(0);
    Some(Metrics {
        units_per_em: if upm == 0 { 1000 } else { upm },
        bbox: [
            i16_at(head, 36)?,
            i16_at(head, 38)?,
            i16_at(head, 40)?,
            i16_at(head, 42)?,
        ],
        ascender: i16_at(hhea, 4)?,
        descender: i16_at(hhea, 6)?,
        weight,
        num_glyphs: u16_at(maxp, 4)?,
    })
}

/// Advance of every glyph in font units, from `hmtx` (glyphs past `numberOfHMetrics` repeat
/// the last advance).
pub(crate) fn advances(data: &[u8], dir: &Directory, num_glyphs: u16) -> Option<Vec<u16>> {
    let hhea = dir.table(data, b"hhea")?;
    let hmtx = dir.table(data, b"hmtx")?;
    let long = usize::from(u16_at(hhea, 34)?).min(hmtx.len() / 4);
    if long == 0 {
        return None;
    }
    let mut out = Vec::with_capacity(usize::from(num_glyphs));
    let mut last = 0;
    for g in 0..usize::from(num_glyphs) {
        if g < long {
            last = u16_at(hmtx, 4 * g)?;
        }
        out.push(last);
    }
    Some(out)
}

/// Advance and left side bearing of glyph `g` from `hhea` and `hmtx` (glyphs past
/// `numberOfHMetrics` repeat the last advance and have their own bearing).
pub(crate) fn h_metric(hhea: &[u8], hmtx: &[u8], g: u16) -> Option<(u16, i16)> {
    let long = usize::from(u16_at(hhea, 34)?);
    if long == 0 || hmtx.len() < 4 * long {
        return None;
    }
    let g = usize::from(g);
    if g < long {
        Some((u16_at(hmtx, 4 * g)?, i16_at(hmtx, 4 * g + 2)?))
    } else {
        let lsb = i16_at(hmtx, 4 * long + 2 * (g - long)).unwrap_or(0);
        Some((u16_at(hmtx, 4 * (long - 1))?, lsb))
    }
}

/// Glyph id per BMP code point (0 = none), and for the code points above it.
pub(crate) type CharMap = (Vec<u16>, BTreeMap<u32, u16>);

/// The Unicode subtable of `cmap` (format 12, else 4).
pub(crate) fn char_map(cmap: &[u8]) -> Option<CharMap> {
    let n = usize::from(u16_at(cmap, 2)?);
    let mut best: Option<(u8, usize)> = None;
    for i in 0..n {
        let rec = 4 + 8 * i;
        let (platform, encoding) = (u16_at(cmap, rec)?, u16_at(cmap, rec + 2)?);
        let off = u32_at(cmap, rec + 4)? as usize;
        let Some(format) = u16_at(cmap, off) else {
            continue;
        };
        let rank = match (platform, encoding, format) {
            (3, 10, 12) | (0, 4, 12) | (0, 6, 12) => 3,
            (3, 1, 4) | (0, 3, 4) => 2,
            (0, _, 4) => 1,
            _ => continue,
        };
        if best.is_none_or(|(r, _)| rank > r) {
            best = Some((rank, off));
        }
    }
    let (_, off) = best?;
    let mut bmp = vec![0u16; 0x1_0000];
    let mut astral = BTreeMap::new();
    if u16_at(cmap, off)? == 12 {
        let groups = u32_at(cmap, off + 12)? as usize;
        for g in 0..groups {
            let o = off + 16 + 12 * g;
            let (start, end, glyph) =
                (u32_at(cmap, o)?, u32_at(cmap, o + 4)?, u32_at(cmap, o + 8)?);
            if start > end || end > 0x10_FFFF {
                return None;
            }
            for cp in start..=end {
                let gid = u16::try_from(glyph.checked_add(cp - start)?).ok()?;
                if cp < 0x1_0000 {
                    bmp[cp as usize] = gid;
                } else {
                    astral.insert(cp, gid);
                }
            }
        }
    } else {
        let segs = usize::from(u16_at(cmap, off + 6)? / 2);
        let ends = off + 14;
        let starts = ends + 2 * segs + 2;
        let deltas = starts + 2 * segs;
        let ranges = deltas + 2 * segs;
        for s in 0..segs {
            let (end, start) = (u16_at(cmap, ends + 2 * s)?, u16_at(cmap, starts + 2 * s)?);
            let delta = u16_at(cmap, deltas + 2 * s)?;
            let ro = usize::from(u16_at(cmap, ranges + 2 * s)?);
            for cp in start..=end {
                if cp == 0xFFFF {
                    break;
                }
                let gid = if ro == 0 {
                    cp.wrapping_add(delta)
                } else {
                    let at = ranges + 2 * s + ro + 2 * usize::from(cp - start);
                    match u16_at(cmap, at)? {
                        0 => 0,
                        g => g.wrapping_add(delta),
                    }
                };
                bmp[usize::from(cp)] = gid;
            }
        }
    }
    Some((bmp, astral))
}

/// A face's outlines: TrueType (`glyf`) or CFF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outlines {
    TrueType,
    Cff,
}

pub(crate) fn outlines(dir: &Directory) -> Option<Outlines> {
    if dir.has(b"glyf") && dir.has(b"loca") {
        Some(Outlines::TrueType)
    } else if dir.has(b"CFF ") {
        Some(Outlines::Cff)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name table with the given (platform, encoding, language, id, UTF-16 text) records.
    fn name_table(records: &[(u16, u16, u16, u16, &str)]) -> Vec<u8> {
        let mut storage = Vec::new();
        let mut out = vec![0, 0];
        out.extend((records.len() as u16).to_be_bytes());
        out.extend(((6 + 12 * records.len()) as u16).to_be_bytes());
        for (p, e, l, id, text) in records {
            let bytes: Vec<u8> = if *p == 1 {
                text.as_bytes().to_vec()
            } else {
                text.encode_utf16().flat_map(u16::to_be_bytes).collect()
            };
            for v in [*p, *e, *l, *id, bytes.len() as u16, storage.len() as u16] {
                out.extend(v.to_be_bytes());
            }
            storage.extend(bytes);
        }
        out.extend(storage);
        out
    }

    #[test]
    fn family_names_in_every_language_and_the_windows_postscript_name() {
        let t = name_table(&[
            (1, 0, 0, 1, "FangSong_GB2312"),
            (1, 0, 0, 6, "MacName"),
            (3, 1, 0x0409, 1, "FangSong_GB2312"),
            (3, 1, 0x0804, 1, "仿宋_GB2312"),
            (3, 1, 0x0409, 6, "FangSong_GB2312"),
            (3, 3, 0x0804, 1, "\u{FFFF}"),
        ]);
        let n = names(&t);
        assert_eq!(n.families, ["FangSong_GB2312", "仿宋_GB2312"]);
        assert_eq!(n.postscript.as_deref(), Some("FangSong_GB2312"));
    }

    #[test]
    fn a_damaged_name_table_gives_what_it_can() {
        let mut t = name_table(&[(3, 1, 0x0804, 1, "黑体"), (3, 1, 0x0409, 1, "SimHei")]);
        t.truncate(t.len() - 4);
        assert_eq!(names(&t).families, ["黑体"]);
        assert_eq!(names(&[]), Names::default());
    }

    #[test]
    fn collections_list_each_face() {
        let mut ttc = b"ttcf\0\x02\0\0\0\0\0\x02".to_vec();
        ttc.extend(20u32.to_be_bytes());
        ttc.extend(32u32.to_be_bytes());
        assert_eq!(face_offsets(&ttc), Some(vec![20, 32]));
        assert_eq!(face_offsets(b"\0\x01\0\0rest"), Some(vec![0]));
        assert_eq!(face_offsets(b"PK\x03\x04"), None);
    }
}
