//! Font files for OFD: a subset of a face as a complete OpenType file, because an OFD reader
//! opens an embedded font as a file of its own and looks the characters of `TextCode` up in
//! its `cmap` (GB/T 33190 11.1). The PDF embeds bare CFF, which no OFD reader takes: CFF
//! outlines get the sfnt tables around them (`OTTO`), TrueType subsets get the tables a
//! font file needs beside the glyphs (`cmap`, `name`, `OS/2`, `post`).

use super::super::fonts::{Face, Program};
use super::super::sfnt::h_metric;
use super::super::truetype;
use std::collections::BTreeMap;

/// A subset face as an OpenType file.
pub(crate) struct FontFile {
    pub bytes: Vec<u8>,
    /// The file's glyph id of each original glyph id used.
    pub ids: BTreeMap<u16, u16>,
    /// The file's `cmap`: character → glyph id in the file.
    pub cmap: BTreeMap<char, u16>,
    /// `.otf` or `.ttf`.
    pub extension: &'static str,
}

/// The subset of `face` with `glyphs` (original id, the character it draws), ascending by id.
/// `None` when the face's tables are damaged (the PDF writer would have failed first).
pub(crate) fn subset(face: &Face, glyphs: &[(u16, char)]) -> Option<FontFile> {
    let data = face.bytes();
    let dir = &face.dir;
    let gids: Vec<u16> = {
        let mut g: Vec<u16> = glyphs.iter().map(|(g, _)| *g).filter(|g| *g != 0).collect();
        g.sort_unstable();
        g.dedup();
        g
    };
    let hhea = dir.table(data, b"hhea")?;
    let hmtx = dir.table(data, b"hmtx")?;
    let (mut tables, ids, version, extension) = match &face.program {
        Program::Cff(fast) => {
            let cff = fast.subset_numbered(&gids, true)?;
            // FastCff keeps .notdef and the glyphs in ascending order
            let ids: BTreeMap<u16, u16> = std::iter::once(0)
                .chain(gids.iter().copied())
                .enumerate()
                .map(|(new, old)| (old, new as u16))
                .collect();
            let count = u16::try_from(ids.len()).ok()?;
            let mut metrics = Vec::with_capacity(4 * ids.len());
            for old in ids.keys() {
                let (advance, lsb) = h_metric(hhea, hmtx, *old)?;
                metrics.extend(advance.to_be_bytes());
                metrics.extend(lsb.to_be_bytes());
            }
            let mut hhea = hhea.to_vec();
            hhea.get_mut(34..36)?.copy_from_slice(&count.to_be_bytes());
            // maxp 0.5: CFF outlines need only the glyph count
            let mut maxp = vec![0, 0, 0x50, 0];
            maxp.extend(count.to_be_bytes());
            let tables = vec![
                (*b"CFF ", cff),
                (*b"head", dir.table(data, b"head")?.to_vec()),
                (*b"hhea", hhea),
                (*b"hmtx", metrics),
                (*b"maxp", maxp),
            ];
            (tables, ids, *b"OTTO", "otf")
        }
        Program::TrueType => {
            let (tables, ids) = truetype::subset_tables(data, dir, &gids)?;
            (tables, ids, *b"\0\x01\0\0", "ttf")
        }
    };
    let mut cmap = BTreeMap::new();
    // the lowest glyph id drawing a character is the one the cmap names; the others are
    // selected by CGTransform where they are used
    let mut by_id: Vec<(u16, char)> = glyphs.to_vec();
    by_id.sort_unstable();
    for (old, ch) in by_id {
        if let Some(new) = ids.get(&old) {
            cmap.entry(ch).or_insert(*new);
        }
    }
    tables.push((*b"cmap", cmap_table(&cmap)));
    tables.push((*b"name", name_table(&face.family, &face.postscript)));
    tables.push((*b"post", post_table(dir.table(data, b"post"))));
    if let Some(os2) = dir.table(data, b"OS/2") {
        tables.push((*b"OS/2", os2.to_vec()));
    }
    Some(FontFile {
        bytes: truetype::assemble_sfnt(version, tables),
        ids,
        cmap,
        extension,
    })
}

/// `cmap` with a format 4 subtable for the BMP and, when characters above it are used, a
/// format 12 subtable for all (Windows Unicode encodings 1 and 10).
fn cmap_table(map: &BTreeMap<char, u16>) -> Vec<u8> {
    // runs of consecutive characters with consecutive glyph ids
    let mut runs: Vec<(u32, u32, u16)> = Vec::new();
    for (c, g) in map {
        let c = *c as u32;
        match runs.last_mut() {
            Some((start, end, first))
                if c == *end + 1 && u32::from(*g) == u32::from(*first) + (c - *start) =>
            {
                *end = c;
            }
            _ => runs.push((c, c, *g)),
        }
    }
    let bmp: Vec<(u16, u16, u16)> = runs
        .iter()
        .filter(|(s, _, _)| *s < 0xFFFF)
        .map(|&(s, e, g)| (s as u16, e.min(0xFFFE) as u16, g))
        .collect();
    let astral = runs.iter().any(|(_, e, _)| *e > 0xFFFF);

    let mut f4 = Vec::new();
    let seg_count = bmp.len() + 1;
    let mut entry_selector = 0u16;
    while (2usize << entry_selector) <= seg_count {
        entry_selector += 1;
    }
    let search_range = 2u16 << entry_selector;
    let length = 16 + 8 * seg_count;
    for v in [
        4u16,
        length as u16,
        0,
        (2 * seg_count) as u16,
        search_range,
        entry_selector,
        (2 * seg_count) as u16 - search_range,
    ] {
        f4.extend(v.to_be_bytes());
    }
    for (_, end, _) in &bmp {
        f4.extend(end.to_be_bytes());
    }
    f4.extend(0xFFFFu16.to_be_bytes());
    f4.extend(0u16.to_be_bytes()); // reservedPad
    for (start, _, _) in &bmp {
        f4.extend(start.to_be_bytes());
    }
    f4.extend(0xFFFFu16.to_be_bytes());
    for (start, _, g) in &bmp {
        f4.extend(g.wrapping_sub(*start).to_be_bytes());
    }
    f4.extend(1u16.to_be_bytes());
    f4.extend(vec![0u8; 2 * seg_count]); // idRangeOffset: none

    let mut f12 = Vec::new();
    if astral {
        f12.extend(12u16.to_be_bytes());
        f12.extend(0u16.to_be_bytes());
        f12.extend((16 + 12 * runs.len() as u32).to_be_bytes());
        f12.extend(0u32.to_be_bytes());
        f12.extend((runs.len() as u32).to_be_bytes());
        for (s, e, g) in &runs {
            f12.extend(s.to_be_bytes());
            f12.extend(e.to_be_bytes());
            f12.extend(u32::from(*g).to_be_bytes());
        }
    }
    let subtables = if astral { 2u16 } else { 1 };
    let mut out = Vec::new();
    out.extend(0u16.to_be_bytes());
    out.extend(subtables.to_be_bytes());
    let first = 4 + 8 * u32::from(subtables);
    out.extend([0, 3, 0, 1]);
    out.extend(first.to_be_bytes());
    if astral {
        out.extend([0, 3, 0, 10]);
        out.extend((first + f4.len() as u32).to_be_bytes());
    }
    out.extend(f4);
    out.extend(f12);
    out
}

/// A `name` table with the family and PostScript names (Windows, Unicode, en-US).
fn name_table(family: &str, postscript: &str) -> Vec<u8> {
    let records: [(u16, &str); 5] = [
        (1, family),
        (2, "Regular"),
        (3, postscript),
        (4, family),
        (6, postscript),
    ];
    let mut storage = Vec::new();
    let mut out = Vec::new();
    out.extend(0u16.to_be_bytes());
    out.extend((records.len() as u16).to_be_bytes());
    out.extend((6 + 12 * records.len() as u16).to_be_bytes());
    for (id, text) in records {
        let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for v in [
            3u16,
            1,
            0x0409,
            id,
            bytes.len() as u16,
            storage.len() as u16,
        ] {
            out.extend(v.to_be_bytes());
        }
        storage.extend(bytes);
    }
    out.extend(storage);
    out
}

/// `post` version 3 (no glyph names), with the face's italic angle and underline.
fn post_table(original: Option<&[u8]>) -> Vec<u8> {
    let mut post = vec![0u8; 32];
    if let Some(o) = original.filter(|o| o.len() >= 32) {
        post.copy_from_slice(&o[..32]);
    }
    post[..4].copy_from_slice(&[0, 3, 0, 0]);
    post
}

#[cfg(test)]
mod tests {
    use super::super::super::fonts::{FontRole, Fonts};
    use super::super::super::sfnt;
    use super::*;

    /// Glyph id the file's `cmap` gives `c`, read back by the face reader.
    fn lookup(file: &[u8], c: char) -> u16 {
        let dir = sfnt::Directory::read(file, 0, file.len()).expect("directory");
        let (bmp, astral) = sfnt::char_map(dir.table(file, b"cmap").expect("cmap")).expect("map");
        let cp = c as u32;
        if cp < 0x1_0000 {
            bmp[cp as usize]
        } else {
            astral.get(&cp).copied().unwrap_or(0)
        }
    }

    #[test]
    fn the_cmap_maps_every_character_and_nothing_else() {
        // consecutive characters with consecutive ids share a segment; an astral character
        // brings the format 12 subtable
        let map: BTreeMap<char, u16> = [
            ('0', 1),
            ('1', 2),
            ('2', 3),
            ('示', 4),
            ('例', 9),
            ('𠀀', 5),
        ]
        .into_iter()
        .collect();
        let mut file_tables = vec![(*b"cmap", cmap_table(&map))];
        file_tables.push((*b"head", vec![0; 54]));
        let file = truetype::assemble_sfnt(*b"OTTO", file_tables);
        for (c, g) in &map {
            assert_eq!(lookup(&file, *c), *g, "{c}");
        }
        assert_eq!(lookup(&file, '3'), 0);
        assert_eq!(lookup(&file, '市'), 0);
    }

    fn subset_of(role: FontRole, text: &str) -> (FontFile, Vec<(u16, char)>) {
        let fonts = Fonts::free().expect("free fonts");
        let face = fonts.face(role);
        let glyphs: Vec<(u16, char)> = text
            .chars()
            .map(|c| (face.glyph(c).expect("glyph").0, c))
            .collect();
        (subset(face, &glyphs).expect("subset"), glyphs)
    }

    #[test]
    fn a_cff_face_becomes_an_opentype_file_whose_glyph_ids_are_its_cids() {
        let (file, glyphs) = subset_of(FontRole::FangSong, "示例市2026年");
        assert_eq!(&file.bytes[..4], b"OTTO");
        assert_eq!(file.extension, "otf");
        let dir = sfnt::Directory::read(&file.bytes, 0, file.bytes.len()).expect("directory");
        let cff = dir.table(&file.bytes, b"CFF ").expect("CFF table").to_vec();
        let parsed =
            super::super::super::cff::FastCff::parse(std::borrow::Cow::Owned(cff)).expect("CFF");
        let metrics = sfnt::metrics(&file.bytes, &dir).expect("metrics");
        // .notdef and the seven distinct characters (2 is used twice)
        assert_eq!(metrics.num_glyphs, 8);
        let advances = sfnt::advances(&file.bytes, &dir, metrics.num_glyphs).expect("hmtx");
        let fonts = Fonts::free().expect("free fonts");
        let face = fonts.face(FontRole::FangSong);
        for (old, c) in glyphs {
            let new = lookup(&file.bytes, c);
            assert_eq!(Some(&new), file.ids.get(&old), "{c}");
            assert_eq!(parsed.cid(new), Some(new), "{c}: CID is the glyph id");
            let upm = f32::from(metrics.units_per_em);
            assert_eq!(
                f32::from(advances[usize::from(new)]) / upm,
                face.advance(old),
                "{c}"
            );
        }
        let names = sfnt::names(dir.table(&file.bytes, b"name").expect("name"));
        assert_eq!(names.postscript.as_deref(), Some("FandolFang-Regular"));
        assert_eq!(names.families, vec![face.family.clone()]);
        assert_eq!(face.family, "FandolFang R");
    }

    #[test]
    fn a_truetype_face_gets_the_tables_a_font_file_needs() {
        let (file, glyphs) = subset_of(FontRole::Kai, "二、考核");
        assert_eq!(&file.bytes[..4], b"\0\x01\0\0");
        assert_eq!(file.extension, "ttf");
        let dir = sfnt::Directory::read(&file.bytes, 0, file.bytes.len()).expect("directory");
        for tag in [
            b"cmap", b"glyf", b"loca", b"head", b"hhea", b"hmtx", b"maxp", b"name", b"post",
        ] {
            assert!(dir.has(tag), "{}", String::from_utf8_lossy(tag));
        }
        for (old, c) in glyphs {
            assert_eq!(Some(&lookup(&file.bytes, c)), file.ids.get(&old), "{c}");
        }
    }
}
