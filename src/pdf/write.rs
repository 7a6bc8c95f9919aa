//! Laid-out pages → PDF/A-2b bytes.
//!
//! Content streams and the object graph are written here directly with lopdf; fonts are
//! subset by kaohe's own subsetters and embedded as CIDFonts with Identity-H codes (bare
//! CID-keyed CFF as /FontFile3 /CIDFontType0C with charset CIDs as codes; TrueType as
//! /FontFile2 with the subset's glyph ids). An identical glyph set (the headings and page
//! numbers of 2,000 score cards) reuses its finished font objects — see [`FontCache`].
//! PDF/A-2b: XMP with pdfaid, sRGB output intent, an /ID derived from the content, no PDF/X
//! keys, dates from the options.

use super::fonts::{Face, FaceId, Fonts, Program};
use super::geom::{PAGE_H, PAGE_W};
use super::page::{Mark, Page, Rgb, TextLine, glyphs_by_face};
use super::truetype;
use super::{PdfError, RenderOptions, icc};
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

pub(crate) struct DocInfo {
    pub title: String,
    pub author: String,
    pub subject: String,
}

/// A number for a content stream: at most three decimals, no trailing zeros.
pub(super) fn num(out: &mut String, v: f32) {
    // integer arithmetic: float formatting was 4% of a province's run
    let milli = (v * 1000.0).round() as i64;
    if milli < 0 {
        out.push('-');
    }
    fixed(out, milli.unsigned_abs(), 3);
}

/// `scaled / 10^places` in decimal, without trailing zeros.
fn fixed(out: &mut String, scaled: u64, places: u32) {
    let unit = 10u64.pow(places);
    let (whole, mut frac) = (scaled / unit, scaled % unit);
    digits(out, whole);
    if frac != 0 {
        out.push('.');
        let mut shown = places;
        while frac % 10 == 0 {
            frac /= 10;
            shown -= 1;
        }
        // leading zeros of the fraction
        let mut lead = 10u64.pow(shown - 1);
        while lead > frac {
            out.push('0');
            lead /= 10;
        }
        digits(out, frac);
    }
}

/// A whole number in decimal: content streams hold one per glyph advance and coordinate,
/// and the formatting machinery was a visible share of a province's run.
fn digits(out: &mut String, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend(buf[at..].iter().map(|b| char::from(*b)));
}

#[cfg(test)]
#[test]
fn numbers_are_written_as_short_as_they_can_be() {
    let written = |v: f32| {
        let mut s = String::new();
        num(&mut s, v);
        s
    };
    assert_eq!(written(0.0), "0");
    assert_eq!(written(-0.0001), "0");
    assert_eq!(written(12.0), "12");
    assert_eq!(written(841.89), "841.89");
    assert_eq!(written(0.05), "0.05");
    assert_eq!(written(-3.1234), "-3.123");
    assert_eq!(written(0.0996), "0.1");
    assert_eq!(written(-0.5), "-0.5");
    assert_eq!(written(1.007), "1.007");
    assert_eq!(written(100.0), "100");
    assert_eq!(written(-0.012), "-0.012");
    let mut precise = String::new();
    fixed(&mut precise, 12_736, 5);
    assert_eq!(precise, "0.12736");
}

fn nums(out: &mut String, vs: &[f32]) {
    for v in vs {
        num(out, *v);
        out.push(' ');
    }
}

/// A subset font, ready to be copied into documents.
pub(crate) struct Embedded {
    /// `ABCDEF+PostScriptName`.
    base_font: String,
    /// Code to write in content streams for each original glyph id, by glyph id.
    codes: Vec<(u16, u16)>,
    cid_font_type: &'static str,
    font_file_key: &'static str,
    /// The font program, already compressed.
    program: Stream,
    to_unicode: Stream,
    widths: Vec<Object>,
    descriptor: Dictionary,
}

impl Embedded {
    fn code(&self, gid: u16) -> u16 {
        self.codes
            .binary_search_by_key(&gid, |(g, _)| *g)
            .map_or(0, |k| self.codes[k].1)
    }
}

/// The fonts loaded (their [`Fonts::id`]), a face and the glyphs (id, character) a document
/// uses from it.
type GlyphSet = (u64, FaceId, Vec<(u16, char)>);

/// Finished font objects by glyph set, shared by the documents rendered in parallel. It lives
/// here rather than in [`Fonts`] so that the fonts know nothing of the writer; it holds one
/// `Fonts` at a time (a run loads its fonts once) and is bounded: cleared when full, which
/// changes nothing in the output — only how often a subset is rebuilt.
#[derive(Default)]
struct FontCache {
    map: HashMap<GlyphSet, Arc<Embedded>>,
    /// The `Fonts` whose subsets `map` holds.
    fonts: u64,
}

static FONT_CACHE: std::sync::LazyLock<Mutex<FontCache>> =
    std::sync::LazyLock::new(|| Mutex::new(FontCache::default()));

const CACHE_ENTRIES: usize = 512;
/// Subsets larger than this are not kept: they are the per-document body text, which
/// never repeats, and would only hold memory.
const CACHE_MAX_PROGRAM: usize = 32 * 1024;

/// Face `id`'s subset with `glyphs`, built once per run for the small subsets documents share.
fn cached_subset(
    fonts: &Fonts,
    id: FaceId,
    glyphs: Vec<(u16, char)>,
) -> Result<Arc<Embedded>, PdfError> {
    let key = (fonts.id(), id, glyphs);
    if let Some(e) = FONT_CACHE
        .lock()
        .ok()
        .and_then(|c| c.map.get(&key).cloned())
    {
        return Ok(e);
    }
    let e = Arc::new(embed(fonts, id, &key.2)?);
    if e.program.content.len() <= CACHE_MAX_PROGRAM
        && let Ok(mut c) = FONT_CACHE.lock()
    {
        if c.map.len() >= CACHE_ENTRIES || c.fonts != key.0 {
            c.map.clear();
            c.fonts = key.0;
        }
        c.map.insert(key, e.clone());
    }
    Ok(e)
}

/// Measured on a 500-hall year (505 PDFs, `kaohe run` medians of 3): level 9 spends 14% of
/// the run's CPU in the deflate search for files 0.15% smaller than level 6; level 5 takes 5%
/// less CPU than 6 for files 0.03% larger; level 4 is 0.4% and level 2 2% larger again.
const DEFLATE_LEVEL: u32 = 5;

/// Font programs: charstrings hold few repeats for the match search to find, so level 2 gives
/// files 0.05% larger than level 5 for 4% fewer instructions in a 20-hall run (callgrind).
/// Huffman-only coding was measured too: 4% larger cards for only a fifth less deflate work.
const FONT_DEFLATE_LEVEL: u32 = 2;

thread_local! {
    /// One compressor per thread and level, reset between streams: setting one up clears
    /// ~300 KB of tables, which for a score card's nine streams cost more than the
    /// compressing of the small ones.
    static DEFLATERS: std::cell::RefCell<Vec<(u32, flate2::Compress)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// `data` as a zlib stream at `level`.
fn deflate(data: &[u8], level: u32) -> Option<Vec<u8>> {
    DEFLATERS.with(|cell| {
        let mut all = cell.borrow_mut();
        let k = match all.iter().position(|(l, _)| *l == level) {
            Some(k) => k,
            None => {
                all.push((
                    level,
                    flate2::Compress::new(flate2::Compression::new(level), true),
                ));
                all.len() - 1
            }
        };
        let z = &mut all[k].1;
        z.reset();
        // room for a stored stream, so one call always finishes
        let mut out = Vec::with_capacity(data.len() + data.len() / 1000 + 64);
        match z.compress_vec(data, &mut out, flate2::FlushCompress::Finish) {
            Ok(flate2::Status::StreamEnd) => Some(out),
            _ => None,
        }
    })
}

fn compressed(s: Stream) -> Stream {
    compressed_at(s, DEFLATE_LEVEL)
}

fn compressed_at(mut s: Stream, level: u32) -> Stream {
    if let Some(packed) = deflate(&s.content, level)
        && packed.len() + 19 < s.content.len()
    {
        s.dict.set("Filter", "FlateDecode");
        s.set_content(packed);
    }
    s
}

/// The output intent's sRGB profile: the same in every document, so built and deflated once.
fn srgb_stream() -> Stream {
    static STREAM: std::sync::OnceLock<Stream> = std::sync::OnceLock::new();
    STREAM
        .get_or_init(|| {
            compressed(Stream::new(
                Dictionary::from_iter(vec![("N", Object::Integer(3))]),
                icc::srgb_profile(),
            ))
        })
        .clone()
}

/// Subsets face `id` to `glyphs` and builds the PDF objects of the font.
fn embed(fonts: &Fonts, id: FaceId, glyphs: &[(u16, char)]) -> Result<Embedded, PdfError> {
    let role = id.role;
    let face = fonts
        .face_of(id)
        .ok_or_else(|| PdfError::Internal(format!("{role}备用字体无法读取")))?;
    let mut codes = Vec::with_capacity(glyphs.len());
    let mut by_code: BTreeMap<u16, (u16, String)> = BTreeMap::new();
    let gids: Vec<u16> = glyphs.iter().map(|(g, _)| *g).filter(|g| *g != 0).collect();
    let (program, cid_font_type, font_file_key) = match &face.program {
        Program::Cff(fast) => {
            let bare = fast.subset(&gids).ok_or_else(|| {
                PdfError::Internal(format!("{role}字体的字形无法嵌入（CFF 字形程序有误）"))
            })?;
            for (g, c) in glyphs {
                let cid = fast
                    .cid(*g)
                    .ok_or_else(|| PdfError::Internal(format!("{role}字体没有字形 {g}")))?;
                codes.push((*g, cid));
                by_code.insert(cid, (*g, c.to_string()));
            }
            let dict =
                Dictionary::from_iter(vec![("Subtype", Object::Name(b"CIDFontType0C".to_vec()))]);
            (Stream::new(dict, bare), "CIDFontType0", "FontFile3")
        }
        Program::TrueType => {
            let subset = truetype::subset(face.bytes(), &face.dir, &gids).ok_or_else(|| {
                PdfError::Internal(format!("{role}字体的字形无法嵌入（TrueType 字形数据有误）"))
            })?;
            for (g, c) in glyphs {
                let code = subset
                    .new_ids
                    .get(g)
                    .copied()
                    .ok_or_else(|| PdfError::Internal(format!("{role}字体没有字形 {g}")))?;
                codes.push((*g, code));
                by_code.insert(code, (*g, c.to_string()));
            }
            let len = subset.bytes.len() as i64;
            let dict = Dictionary::from_iter(vec![("Length1", Object::Integer(len))]);
            (Stream::new(dict, subset.bytes), "CIDFontType2", "FontFile2")
        }
    };

    codes.sort_unstable();
    codes.dedup_by_key(|(g, _)| *g);

    // tag: six letters from the glyph set, so distinct subsets carry distinct tags (§9.6.4)
    let mut h = Sha256::new();
    h.update(id.resource().as_bytes());
    for (g, _) in glyphs {
        h.update(g.to_be_bytes());
    }
    let tag: String = h
        .finalize()
        .iter()
        .take(6)
        .map(|b| (b'A' + b % 26) as char)
        .collect();
    let base_font = format!("{tag}+{}", face.postscript);

    let widths = width_array(face, &by_code);
    let cmap = to_unicode(&by_code);
    let descriptor = descriptor(face, &base_font);
    Ok(Embedded {
        base_font,
        codes,
        cid_font_type,
        font_file_key,
        program: compressed_at(program, FONT_DEFLATE_LEVEL),
        to_unicode: compressed(Stream::new(Dictionary::new(), cmap.into_bytes())),
        widths,
        descriptor,
    })
}

/// /W: only widths that differ from /DW 1000 (digits, Latin, proportional marks), in runs of
/// consecutive codes.
fn width_array(face: &Face, by_code: &BTreeMap<u16, (u16, String)>) -> Vec<Object> {
    let mut widths = Vec::new();
    let mut run: Option<(u16, Vec<Object>)> = None;
    for (code, (gid, _)) in by_code {
        let w = (face.advance(*gid) * 1000.0).round() as i64;
        if w == 1000 {
            if let Some((start, ws)) = run.take() {
                widths.push(Object::Integer(i64::from(start)));
                widths.push(Object::Array(ws));
            }
            continue;
        }
        match &mut run {
            Some((start, ws)) if usize::from(*start) + ws.len() == usize::from(*code) => {
                ws.push(Object::Integer(w))
            }
            _ => {
                if let Some((start, ws)) = run.take() {
                    widths.push(Object::Integer(i64::from(start)));
                    widths.push(Object::Array(ws));
                }
                run = Some((*code, vec![Object::Integer(w)]));
            }
        }
    }
    if let Some((start, ws)) = run {
        widths.push(Object::Integer(i64::from(start)));
        widths.push(Object::Array(ws));
    }
    widths
}

/// The ToUnicode CMap: each code's text, so copying and searching give the characters.
fn to_unicode(by_code: &BTreeMap<u16, (u16, String)>) -> String {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<_> = by_code.iter().collect();
    for chunk in entries.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
        for (code, (_, s)) in chunk {
            let _ = write!(cmap, "<{code:04X}> <");
            for unit in s.encode_utf16() {
                let _ = write!(cmap, "{unit:04X}");
            }
            cmap.push_str(">\n");
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}

/// The font descriptor: name, bounding box and metrics in thousandths of an em.
fn descriptor(face: &Face, base_font: &str) -> Dictionary {
    let m = &face.metrics;
    let scale = 1000.0 / f32::from(m.units_per_em.max(1));
    let sc = |v: f32| Object::Integer((v * scale).round() as i64);
    let ascent = f32::from(m.ascender);
    let descent = f32::from(m.descender);
    // fonts give no reliable cap height for CJK; the ascent stands in
    let cap = ascent;
    let stem_v = if m.weight == 0 {
        80
    } else {
        50 + (f32::from(m.weight) / 65.0).powi(2).round() as i64
    };
    Dictionary::from_iter(vec![
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", Object::Name(base_font.as_bytes().to_vec())),
        // symbolic: the glyphs lie outside the Adobe standard Latin set
        ("Flags", Object::Integer(4)),
        (
            "FontBBox",
            Object::Array(vec![
                sc(f32::from(m.bbox[0])),
                sc(f32::from(m.bbox[1])),
                sc(f32::from(m.bbox[2])),
                sc(f32::from(m.bbox[3])),
            ]),
        ),
        ("ItalicAngle", Object::Integer(0)),
        ("Ascent", sc(ascent)),
        ("Descent", sc(descent)),
        ("CapHeight", sc(cap)),
        ("StemV", Object::Integer(stem_v)),
    ])
}

/// Adds a font's objects to `doc`; returns the Type0 font dictionary's id.
fn add_font(doc: &mut lopdf::Document, e: &Embedded) -> ObjectId {
    let file = doc.add_object(e.program.clone());
    let mut desc = e.descriptor.clone();
    desc.set(e.font_file_key, Object::Reference(file));
    let desc = doc.add_object(desc);
    let mut cid = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(e.cid_font_type.as_bytes().to_vec())),
        ("BaseFont", Object::Name(e.base_font.clone().into_bytes())),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Registry", Object::string_literal("Adobe")),
                ("Ordering", Object::string_literal("Identity")),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("FontDescriptor", Object::Reference(desc)),
        ("DW", Object::Integer(1000)),
    ]);
    if !e.widths.is_empty() {
        cid.set("W", Object::Array(e.widths.clone()));
    }
    if e.cid_font_type == "CIDFontType2" {
        cid.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
    }
    let to_unicode = doc.add_object(e.to_unicode.clone());
    doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type0".to_vec())),
        ("BaseFont", Object::Name(e.base_font.clone().into_bytes())),
        ("Encoding", Object::Name(b"Identity-H".to_vec())),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Dictionary(cid)]),
        ),
        ("ToUnicode", Object::Reference(to_unicode)),
    ]))
}

/// Decimal places of the character spacing: 0.00001 pt, so that what Tc leaves over rounds
/// to nothing at TJ's 0.01/1000 em.
const SPACING_PLACES: u32 = 5;

/// The character spacing (Tc, in 0.00001 pt) that covers the most frequent of a run's
/// advance adjustments (thousandths of an em, rounded to 0.01 as TJ writes them); 0 when
/// the most frequent is none.
fn common_spacing(adjustments: impl Iterator<Item = f64>, size: f64) -> i64 {
    let mut counts: Vec<(i64, usize)> = Vec::new();
    for a in adjustments {
        let key = (a * 100.0).round() as i64;
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => counts.push((key, 1)),
        }
    }
    // the first of the most frequent: the choice depends on the line alone
    let mut best: Option<(i64, usize)> = None;
    for (k, n) in counts {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((k, n));
        }
    }
    match best {
        Some((key, n)) if key != 0 && n > 1 => {
            // Tc (text space) = −TJ/1000 × size
            let tc = -(key as f64) / 100.0 / 1000.0 * size;
            (tc * 10f64.powi(SPACING_PLACES as i32)).round() as i64
        }
        _ => 0,
    }
}

/// A glyph code as four hex digits.
fn hex4(out: &mut String, code: u16) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        out.push(char::from(HEX[usize::from((code >> shift) & 0xF)]));
    }
}

/// Writes one page's content stream.
struct Content<'a> {
    out: String,
    fonts: &'a Fonts,
    embedded: &'a BTreeMap<FaceId, Arc<Embedded>>,
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    width: Option<f32>,
    /// Character spacing in force (Tc, 0.00001 pt); a page starts at 0.
    spacing: i64,
    /// Font and size (bits) in force; a page starts with none.
    font: Option<(FaceId, u32)>,
    /// Inside BT … ET.
    in_text: bool,
}

impl Content<'_> {
    fn fill(&mut self, c: Rgb) {
        if self.fill != Some(c) {
            nums(&mut self.out, &c);
            self.out.push_str("rg\n");
            self.fill = Some(c);
        }
    }

    fn stroke(&mut self, c: Rgb, w: f32) {
        if self.stroke != Some(c) {
            nums(&mut self.out, &c);
            self.out.push_str("RG\n");
            self.stroke = Some(c);
        }
        if self.width != Some(w) {
            num(&mut self.out, w);
            self.out.push_str(" w\n");
            self.width = Some(w);
        }
    }

    /// Opens a text object unless one is open: consecutive lines and table cells share one,
    /// and the font (text state, which outlives ET) is set only when it changes.
    fn begin_text(&mut self) {
        if !self.in_text {
            self.out.push_str("BT\n");
            self.in_text = true;
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.out.push_str("ET\n");
            self.in_text = false;
        }
    }

    fn text(&mut self, t: &TextLine) {
        if t.glyphs.is_empty() {
            return;
        }
        let special = t.hscale != 1.0 || t.angle != 0.0;
        let before = (self.spacing, self.font);
        if special {
            // Tz is text state, which outlives ET; q/Q confines it, and q is not allowed
            // inside a text object.
            self.end_text();
            self.out.push_str("q\n");
        }
        self.fill(t.color);
        self.begin_text();
        if t.hscale != 1.0 {
            num(&mut self.out, t.hscale * 100.0);
            self.out.push_str(" Tz\n");
        }
        let y = PAGE_H - t.baseline;
        let (sin, cos) = t.angle.to_radians().sin_cos();
        let origin = t.glyphs[0].x;
        for run in t.face_runs() {
            let id = run[0].face;
            let (Some(e), Some(face)) = (self.embedded.get(&id), self.fonts.face_of(id)) else {
                continue;
            };
            let font = Some((id, t.size.to_bits()));
            if self.font != font {
                let _ = write!(self.out, "/{} ", id.resource());
                num(&mut self.out, t.size);
                self.out.push_str(" Tf\n");
                self.font = font;
            }
            let d = run[0].x - origin;
            nums(
                &mut self.out,
                &[cos, sin, -sin, cos, origin + d * cos, y + d * sin],
            );
            self.out.push_str("Tm\n");
            // Each glyph's advance beyond its own width, in thousandths of an em (TJ's unit,
            // positive = move left). A justified line repeats one value: that becomes the
            // character spacing (Tc), and TJ carries only the glyphs that differ — a third
            // of the content stream's bytes, written and compressed for every score card.
            let size = f64::from(t.size);
            let adjustments: Vec<f64> = run
                .windows(2)
                .map(|w| {
                    let want = f64::from((w[1].x - w[0].x) / t.hscale);
                    (f64::from(face.advance(w[0].gid)) * size - want) / size * 1000.0
                })
                .collect();
            let spacing = common_spacing(adjustments.iter().copied(), size);
            if self.spacing != spacing {
                if spacing < 0 {
                    self.out.push('-');
                }
                fixed(&mut self.out, spacing.unsigned_abs(), SPACING_PLACES);
                self.out.push_str(" Tc\n");
                self.spacing = spacing;
            }
            let covered = -(spacing as f64) / 10f64.powi(SPACING_PLACES as i32) * 1000.0 / size;
            self.out.push_str("[<");
            for (k, g) in run.iter().enumerate() {
                hex4(&mut self.out, e.code(g.gid));
                if let Some(adjust) = adjustments.get(k) {
                    let rest = ((adjust - covered) * 100.0).round() / 100.0;
                    // what Tc leaves over is at most half a unit of TJ's last place
                    if rest.abs() > 0.011 {
                        self.out.push_str("> ");
                        num(&mut self.out, rest as f32);
                        self.out.push_str(" <");
                    }
                }
            }
            self.out.push_str(">] TJ\n");
        }
        if special {
            self.end_text();
            self.out.push_str("Q\n");
            // q/Q also restored the colours and the text state
            self.fill = None;
            self.stroke = None;
            self.width = None;
            (self.spacing, self.font) = before;
        }
    }

    fn mark(&mut self, m: &Mark) {
        match m {
            Mark::Text(t) => self.text(t),
            Mark::Fill { x, y, w, h, color } => {
                self.end_text();
                self.fill(*color);
                nums(&mut self.out, &[*x, PAGE_H - y - h, *w, *h]);
                self.out.push_str("re f\n");
            }
            Mark::Stroke {
                x1,
                y1,
                x2,
                y2,
                width,
                color,
            } => {
                self.end_text();
                self.stroke(*color, *width);
                nums(&mut self.out, &[*x1, PAGE_H - y1]);
                self.out.push_str("m ");
                nums(&mut self.out, &[*x2, PAGE_H - y2]);
                self.out.push_str("l S\n");
            }
        }
    }
}

pub(crate) fn write(
    pages: &[Page],
    fonts: &Fonts,
    info: &DocInfo,
    opts: &RenderOptions,
) -> Result<Vec<u8>, PdfError> {
    let used = glyphs_by_face(pages);
    let mut embedded = BTreeMap::new();
    for (id, glyphs) in used {
        let e = cached_subset(fonts, id, glyphs.into_iter().collect())?;
        embedded.insert(id, e);
    }

    let mut doc = lopdf::Document::with_version("1.7");
    let mut font_dict = Dictionary::new();
    for (role, e) in &embedded {
        let id = add_font(&mut doc, e);
        font_dict.set(role.resource(), Object::Reference(id));
    }
    let resources = doc.add_object(Dictionary::from_iter(vec![(
        "Font",
        Object::Dictionary(font_dict),
    )]));
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for p in pages {
        let mut c = Content {
            out: String::new(),
            fonts,
            embedded: &embedded,
            fill: None,
            stroke: None,
            width: None,
            spacing: 0,
            font: None,
            in_text: false,
        };
        // explicit sRGB black: no implicit DeviceGray anywhere (PDF/A colour rules)
        c.fill([0.0; 3]);
        c.stroke([0.0; 3], 1.0);
        for m in &p.marks {
            c.mark(m);
        }
        c.end_text();
        let content = doc.add_object(compressed(Stream::new(
            Dictionary::new(),
            c.out.into_bytes(),
        )));
        let media = Object::Array(
            [0.0, 0.0, PAGE_W, PAGE_H]
                .iter()
                .map(|v| Object::Real((v * 1000.0).round() / 1000.0))
                .collect(),
        );
        kids.push(Object::Reference(doc.add_object(Dictionary::from_iter(
            vec![
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", Object::Reference(pages_id)),
                ("MediaBox", media),
                ("Resources", Object::Reference(resources)),
                ("Contents", Object::Reference(content)),
            ],
        ))));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Kids", Object::Array(kids)),
            ("Count", Object::Integer(count)),
        ])),
    );
    pdfa(&mut doc, pages_id, info, opts);
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| PdfError::Internal(format!("写出 PDF 失败：{e}")))?;
    set_id(&mut out)?;
    Ok(out)
}

const ID_PLACEHOLDER: [u8; 16] = [0xAB; 16];

/// Replaces the placeholder /ID with a SHA-256 digest of the file as written (with the
/// placeholder): the same content always gets the same ID.
fn set_id(out: &mut [u8]) -> Result<(), PdfError> {
    let hex: String = ID_PLACEHOLDER.iter().map(|b| format!("{b:02X}")).collect();
    let pat = format!("<{hex}>");
    // the /ID is in the trailer (or cross-reference stream) that `startxref` points to;
    // search only from there, so no content can be mistaken for it
    let tail = &out[out.len().saturating_sub(64)..];
    let from = tail
        .windows(9)
        .rposition(|w| w == b"startxref")
        .and_then(|k| {
            std::str::from_utf8(&tail[k + 9..])
                .ok()?
                .split_whitespace()
                .next()?
                .parse::<usize>()
                .ok()
        })
        .filter(|n| *n < out.len())
        .ok_or_else(|| PdfError::Internal("PDF 末尾缺少 startxref".into()))?;
    let pos: Vec<usize> = out[from..]
        .windows(pat.len())
        .enumerate()
        .filter(|(_, w)| *w == pat.as_bytes())
        .map(|(i, _)| from + i)
        .collect();
    if pos.len() != 2 {
        return Err(PdfError::Internal("找不到 /ID 占位符".into()));
    }
    let digest = Sha256::digest(&*out);
    let id: String = digest[..16].iter().map(|b| format!("{b:02X}")).collect();
    for p in pos {
        out[p + 1..p + 1 + id.len()].copy_from_slice(id.as_bytes());
    }
    Ok(())
}

fn pdf_date(d: (i32, u32, u32)) -> String {
    format!("D:{:04}{:02}{:02}000000+08'00'", d.0, d.1, d.2)
}

fn xmp_date(d: (i32, u32, u32)) -> String {
    format!("{:04}-{:02}-{:02}T00:00:00+08:00", d.0, d.1, d.2)
}

fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            c => o.push(c),
        }
    }
    o
}

const PRODUCER: &str = concat!("kaohe ", env!("CARGO_PKG_VERSION"), " (lopdf)");

fn xmp(info: &DocInfo, date: &str) -> String {
    let lang_alt = |tag: &str, v: &str| {
        format!(
            "<{tag}><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></{tag}>",
            xml_escape(v)
        )
    };
    let mut dc = lang_alt("dc:title", &info.title);
    if !info.author.is_empty() {
        let _ = write!(
            dc,
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>",
            xml_escape(&info.author)
        );
    }
    if !info.subject.is_empty() {
        dc.push_str(&lang_alt("dc:description", &info.subject));
    }
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">{dc}</rdf:Description>\n\
<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\
<xmp:CreateDate>{date}</xmp:CreateDate><xmp:ModifyDate>{date}</xmp:ModifyDate>\
<xmp:MetadataDate>{date}</xmp:MetadataDate><xmp:CreatorTool>{tool}</xmp:CreatorTool></rdf:Description>\n\
<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"><pdf:Producer>{tool}</pdf:Producer></rdf:Description>\n\
<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\
<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>\n\
</rdf:RDF>\n\
</x:xmpmeta>\n\
<?xpacket end=\"w\"?>",
        tool = xml_escape(PRODUCER),
    )
}

/// Catalog, Info and XMP with the same values, the sRGB output intent, placeholder /ID.
fn pdfa(doc: &mut lopdf::Document, pages: ObjectId, info: &DocInfo, opts: &RenderOptions) {
    let date = opts.creation_date;
    let xmp_id = doc.add_object(Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Metadata".to_vec())),
            ("Subtype", Object::Name(b"XML".to_vec())),
        ]),
        // PDF/A: the metadata stream stays unfiltered
        xmp(info, &xmp_date(date)).into_bytes(),
    ));
    let icc_id = doc.add_object(srgb_stream());
    let intent = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        (
            "OutputConditionIdentifier",
            Object::string_literal(icc::DESCRIPTION),
        ),
        (
            "RegistryName",
            Object::string_literal("http://www.color.org"),
        ),
        ("Info", Object::string_literal(icc::DESCRIPTION)),
        ("DestOutputProfile", Object::Reference(icc_id)),
    ]);
    let catalog = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference(pages)),
        ("Metadata", Object::Reference(xmp_id)),
        (
            "OutputIntents",
            Object::Array(vec![Object::Dictionary(intent)]),
        ),
        ("Lang", Object::string_literal("zh-CN")),
    ]));
    let mut d = Dictionary::new();
    d.set("Title", lopdf::text_string(&info.title));
    if !info.author.is_empty() {
        d.set("Author", lopdf::text_string(&info.author));
    }
    if !info.subject.is_empty() {
        d.set("Subject", lopdf::text_string(&info.subject));
    }
    d.set("Creator", lopdf::text_string(PRODUCER));
    d.set("Producer", lopdf::text_string(PRODUCER));
    let pd = pdf_date(date);
    d.set("CreationDate", Object::string_literal(pd.clone()));
    d.set("ModDate", Object::string_literal(pd));
    let info_id = doc.add_object(Object::Dictionary(d));
    doc.trailer.set("Root", Object::Reference(catalog));
    doc.trailer.set("Info", Object::Reference(info_id));
    let placeholder = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal);
    doc.trailer
        .set("ID", Object::Array(vec![placeholder.clone(), placeholder]));
}
