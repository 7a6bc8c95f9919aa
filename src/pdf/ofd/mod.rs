//! Laid-out pages → OFD (GB/T 33190-2016), the national fixed-layout format archives and
//! document systems take beside PDF/A.
//!
//! The same [`Page`]s the PDF writer reads, so both files show the same glyphs at the same
//! places. The package: `OFD.xml` (DocInfo), `Doc_0/Document.xml` (A4 page area, the pages),
//! `Doc_0/PublicRes.xml` with one font per face used, each a subset OpenType file in
//! `Doc_0/Res/`, and `Doc_0/Pages/Page_N/Content.xml` with one body layer of
//! `TextObject`s (a run of one face: characters in `TextCode`, the advances of the layout in
//! `DeltaX`) and `PathObject`s (rules, table borders, bars). Units are millimetres from the
//! page's top left, as the standard has them. The zip is deterministic: fixed entry order,
//! the document date as every entry's time.

mod font;

use super::fonts::{FaceId, Fonts};
use super::page::{Glyph, Mark, Page, Part, Rgb, TextLine, glyphs_by_face};
use super::write::{DocInfo, num};
use super::{PdfError, RenderOptions};
use font::FontFile;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

/// Millimetres per point.
const MM_PER_PT: f32 = 25.4 / 72.0;

const NS: &str = "http://www.ofdspec.org/2016";

/// The namespace of kaohe's custom tags: the elements of a 公文 by their GB/T 9704 names. The
/// tag set of GB/T 33476 (电子公文 in OFD) was not available to follow. The CustomTag entry
/// carries both the TypeID of the standard's table 63 and the NameSpace of its schema (A.9).
const TAG_NS: &str = "urn:kaohe:gbt9704-2012";

/// Writes `v` points as millimetres (at most three decimals).
fn mm(out: &mut String, v: f32) {
    num(out, v * MM_PER_PT);
}

fn mms(out: &mut String, vs: &[f32]) {
    for (k, v) in vs.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        mm(out, *v);
    }
}

/// Text for XML content or a quoted attribute. Characters XML 1.0 cannot carry (controls
/// from a font's name table; layout never draws any) are left out.
fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\u{0}'..='\u{8}'
            | '\u{b}'
            | '\u{c}'
            | '\u{e}'..='\u{1f}'
            | '\u{fffe}'
            | '\u{ffff}' => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

fn color(out: &mut String, element: &str, c: Rgb) {
    let v = |x: f32| (x.clamp(0.0, 1.0) * 255.0).round() as u8;
    let _ = write!(
        out,
        "<ofd:{element} Value=\"{} {} {}\"/>",
        v(c[0]),
        v(c[1]),
        v(c[2])
    );
}

/// `DeltaX`: the gaps between consecutive glyphs, with runs of one value as `g count value`
/// (GB/T 33190 11.3), which a justified line mostly is.
fn delta_x(out: &mut String, gaps: &[f32]) {
    let mut texts: Vec<String> = gaps
        .iter()
        .map(|g| {
            let mut s = String::new();
            mm(&mut s, *g);
            s
        })
        .collect();
    let mut k = 0;
    let mut first = true;
    while k < texts.len() {
        let mut n = 1;
        while k + n < texts.len() && texts[k + n] == texts[k] {
            n += 1;
        }
        if !first {
            out.push(' ');
        }
        first = false;
        let v = std::mem::take(&mut texts[k]);
        if n > 2 {
            let _ = write!(out, "g {n} {v}");
        } else {
            out.push_str(&v);
            if n == 2 {
                out.push(' ');
                out.push_str(&v);
            }
        }
        k += n;
    }
}

/// Numbers objects across the package (`ST_ID`): every ID unique in the document.
struct Ids(u32);

impl Ids {
    fn next(&mut self) -> u32 {
        self.0 += 1;
        self.0
    }
}

/// One page's `Content.xml` body.
struct Content<'a> {
    out: String,
    ids: &'a mut Ids,
    page_id: u32,
    /// (element, page, object) of every text object that belongs to an element.
    tagged: &'a mut Vec<(Part, u32, u32)>,
    fonts: &'a Fonts,
    files: &'a BTreeMap<FaceId, (u32, FontFile)>,
}

impl Content<'_> {
    fn text(&mut self, t: &TextLine) {
        for run in t.face_runs() {
            self.run(t, run);
        }
    }

    /// `glyphs` of `t`, all of one face, as one text object.
    fn run(&mut self, t: &TextLine, glyphs: &[Glyph]) {
        let (Some((font_id, file)), Some(face)) = (
            self.files.get(&glyphs[0].face),
            self.fonts.face_of(glyphs[0].face),
        ) else {
            return;
        };
        let size = t.size;
        let first = glyphs[0].x;
        let last = &glyphs[glyphs.len() - 1];
        let right = last.x + face.advance(last.gid) * size * t.hscale;
        let object = self.ids.next();
        if let Some(part) = t.part {
            self.tagged.push((part, self.page_id, object));
        }
        let _ = write!(self.out, "<ofd:TextObject ID=\"{object}\" Boundary=\"");
        // the text's own coordinates: the boundary's origin (readers clip to the boundary)
        let (x, y) = if t.angle == 0.0 {
            let left = first - 0.5 * size;
            let top = t.baseline - 1.25 * size;
            mms(
                &mut self.out,
                &[left, top, right - left + size, 1.75 * size],
            );
            self.out.push('"');
            (first - left, t.baseline - top)
        } else {
            // turned about the line's first glyph: the whole page is the boundary, the CTM
            // carries the rotation (y grows downwards, so a counter-clockwise turn is
            // [cos −sin sin cos])
            mms(
                &mut self.out,
                &[0.0, 0.0, super::geom::PAGE_W, super::geom::PAGE_H],
            );
            let (sin, cos) = t.angle.to_radians().sin_cos();
            self.out.push_str("\" CTM=\"");
            for v in [cos, -sin, sin, cos] {
                num(&mut self.out, v);
                self.out.push(' ');
            }
            mms(&mut self.out, &[t.glyphs[0].x, t.baseline]);
            self.out.push('"');
            (first - t.glyphs[0].x, 0.0)
        };
        let _ = write!(self.out, " Font=\"{font_id}\" Size=\"");
        mm(&mut self.out, size);
        self.out.push('"');
        if t.hscale != 1.0 {
            self.out.push_str(" HScale=\"");
            num(&mut self.out, t.hscale);
            self.out.push('"');
        }
        self.out.push('>');
        if t.color != [0.0; 3] {
            color(&mut self.out, "FillColor", t.color);
        }
        // characters whose glyph is not the one the font's cmap gives them name their glyphs
        let new_ids: Vec<u16> = glyphs
            .iter()
            .map(|g| file.ids.get(&g.gid).copied().unwrap_or(0))
            .collect();
        let by_cmap = glyphs
            .iter()
            .zip(&new_ids)
            .all(|(g, id)| file.cmap.get(&g.ch) == Some(id));
        if !by_cmap {
            let n = glyphs.len();
            let _ = write!(
                self.out,
                "<ofd:CGTransform CodePosition=\"0\" CodeCount=\"{n}\" GlyphCount=\"{n}\"><ofd:Glyphs>"
            );
            for (k, id) in new_ids.iter().enumerate() {
                if k > 0 {
                    self.out.push(' ');
                }
                let _ = write!(self.out, "{id}");
            }
            self.out.push_str("</ofd:Glyphs></ofd:CGTransform>");
        }
        self.out.push_str("<ofd:TextCode X=\"");
        mm(&mut self.out, x);
        self.out.push_str("\" Y=\"");
        mm(&mut self.out, y);
        self.out.push('"');
        if glyphs.len() > 1 {
            let gaps: Vec<f32> = glyphs.windows(2).map(|w| w[1].x - w[0].x).collect();
            self.out.push_str(" DeltaX=\"");
            delta_x(&mut self.out, &gaps);
            self.out.push('"');
        }
        self.out.push('>');
        let text: String = glyphs.iter().map(|g| g.ch).collect();
        escape(&mut self.out, &text);
        self.out.push_str("</ofd:TextCode></ofd:TextObject>\n");
    }

    fn mark(&mut self, m: &Mark) {
        match m {
            Mark::Text(t) => self.text(t),
            Mark::Fill {
                x,
                y,
                w,
                h,
                color: c,
            } => {
                let id = self.ids.next();
                let _ = write!(self.out, "<ofd:PathObject ID=\"{id}\" Boundary=\"");
                mms(&mut self.out, &[*x, *y, *w, *h]);
                self.out.push_str("\" Stroke=\"false\" Fill=\"true\">");
                color(&mut self.out, "FillColor", *c);
                self.out.push_str("<ofd:AbbreviatedData>M 0 0 L ");
                mms(&mut self.out, &[*w, 0.0]);
                self.out.push_str(" L ");
                mms(&mut self.out, &[*w, *h]);
                self.out.push_str(" L ");
                mms(&mut self.out, &[0.0, *h]);
                self.out
                    .push_str(" C</ofd:AbbreviatedData></ofd:PathObject>\n");
            }
            Mark::Stroke {
                x1,
                y1,
                x2,
                y2,
                width,
                color: c,
            } => {
                let id = self.ids.next();
                let (left, top) = (x1.min(*x2) - width, y1.min(*y2) - width);
                let (w, h) = ((x1 - x2).abs() + 2.0 * width, (y1 - y2).abs() + 2.0 * width);
                let _ = write!(self.out, "<ofd:PathObject ID=\"{id}\" Boundary=\"");
                mms(&mut self.out, &[left, top, w, h]);
                self.out.push_str("\" LineWidth=\"");
                mm(&mut self.out, *width);
                self.out.push_str("\">");
                color(&mut self.out, "StrokeColor", *c);
                self.out.push_str("<ofd:AbbreviatedData>M ");
                mms(&mut self.out, &[x1 - left, y1 - top]);
                self.out.push_str(" L ");
                mms(&mut self.out, &[x2 - left, y2 - top]);
                self.out
                    .push_str("</ofd:AbbreviatedData></ofd:PathObject>\n");
            }
        }
    }
}

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// The OFD package of `pages`.
pub(crate) fn write(
    pages: &[Page],
    fonts: &Fonts,
    info: &DocInfo,
    opts: &RenderOptions,
) -> Result<Vec<u8>, PdfError> {
    let mut ids = Ids(0);
    let files = font_files(pages, fonts, &mut ids)?;
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let mut tagged = Vec::new();
    let mut page_list = String::new();
    for (k, p) in pages.iter().enumerate() {
        let page_id = ids.next();
        let layer = ids.next();
        let mut c = Content {
            out: String::new(),
            ids: &mut ids,
            page_id,
            tagged: &mut tagged,
            fonts,
            files: &files,
        };
        for m in &p.marks {
            c.mark(m);
        }
        let xml = format!(
            "{XML_DECL}<ofd:Page xmlns:ofd=\"{NS}\"><ofd:Content><ofd:Layer ID=\"{layer}\" Type=\"Body\">\n{}</ofd:Layer></ofd:Content></ofd:Page>\n",
            c.out
        );
        let _ = write!(
            page_list,
            "<ofd:Page ID=\"{page_id}\" BaseLoc=\"Pages/Page_{k}/Content.xml\"/>"
        );
        entries.push((
            format!("Doc_0/Pages/Page_{k}/Content.xml"),
            xml.into_bytes(),
        ));
    }
    let document = format!(
        "{XML_DECL}<ofd:Document xmlns:ofd=\"{NS}\"><ofd:CommonData><ofd:MaxUnitID>{max}</ofd:MaxUnitID>\
<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>\
<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData><ofd:Pages>{page_list}</ofd:Pages>\
<ofd:CustomTags>CustomTags.xml</ofd:CustomTags></ofd:Document>\n",
        max = ids.0
    );
    let (res, font_entries) = public_res(files, fonts);
    // DocID: 32 hexadecimal digits (a UUID's length) from the content, so the same document
    // always gets the same one
    let mut h = Sha256::new();
    for (name, bytes) in entries.iter().chain(&font_entries) {
        h.update(name.as_bytes());
        h.update(bytes);
    }
    let doc_id: String = h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let ofd = format!(
        "{XML_DECL}<ofd:OFD xmlns:ofd=\"{NS}\" Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody>{}\
<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>\n",
        doc_info(info, &doc_id, opts.creation_date)
    );
    let custom_tags = format!(
        "{XML_DECL}<ofd:CustomTags xmlns:ofd=\"{NS}\"><ofd:CustomTag TypeID=\"公文\" NameSpace=\"{TAG_NS}\">\
<ofd:FileLoc>Tags/gongwen.xml</ofd:FileLoc></ofd:CustomTag></ofd:CustomTags>\n"
    );
    let mut all = vec![
        ("OFD.xml".to_string(), ofd.into_bytes()),
        ("Doc_0/Document.xml".to_string(), document.into_bytes()),
        ("Doc_0/PublicRes.xml".to_string(), res.into_bytes()),
        ("Doc_0/CustomTags.xml".to_string(), custom_tags.into_bytes()),
        (
            "Doc_0/Tags/gongwen.xml".to_string(),
            tags(&tagged).into_bytes(),
        ),
    ];
    all.extend(font_entries);
    all.extend(entries);
    package(&all, opts.creation_date)
}

/// One subset font file per face the pages draw with, numbered first.
fn font_files(
    pages: &[Page],
    fonts: &Fonts,
    ids: &mut Ids,
) -> Result<BTreeMap<FaceId, (u32, FontFile)>, PdfError> {
    let used = glyphs_by_face(pages);
    let mut files = BTreeMap::new();
    for (face_id, glyphs) in used {
        let role = face_id.role;
        let face = fonts
            .face_of(face_id)
            .ok_or_else(|| PdfError::Internal(format!("{role}备用字体无法读取")))?;
        let glyphs: Vec<(u16, char)> = glyphs.into_iter().collect();
        let file = font::subset(face, &glyphs)
            .ok_or_else(|| PdfError::Internal(format!("{role}字体的字形无法写入 OFD")))?;
        files.insert(face_id, (ids.next(), file));
    }
    Ok(files)
}

/// `PublicRes.xml` listing the fonts, and the font files' entries.
fn public_res(
    files: BTreeMap<FaceId, (u32, FontFile)>,
    fonts: &Fonts,
) -> (String, Vec<(String, Vec<u8>)>) {
    let mut res = format!("{XML_DECL}<ofd:Res xmlns:ofd=\"{NS}\" BaseLoc=\"Res\"><ofd:Fonts>");
    let mut entries = Vec::new();
    for (face_id, (id, file)) in files {
        let (postscript, family) = fonts
            .face_of(face_id)
            .map(|f| (f.postscript.as_str(), f.family.as_str()))
            .unwrap_or_default();
        let name = format!("font_{id}.{}", file.extension);
        let _ = write!(res, "<ofd:Font ID=\"{id}\" FontName=\"");
        escape(&mut res, postscript);
        res.push_str("\" FamilyName=\"");
        escape(&mut res, family);
        let _ = write!(res, "\"><ofd:FontFile>{name}</ofd:FontFile></ofd:Font>");
        entries.push((format!("Doc_0/Res/{name}"), file.bytes));
    }
    res.push_str("</ofd:Fonts></ofd:Res>\n");
    (res, entries)
}

/// `DocInfo`: the same title, author, subject and date as the PDF's metadata.
fn doc_info(info: &DocInfo, doc_id: &str, (y, m, d): (i32, u32, u32)) -> String {
    let mut out = format!("<ofd:DocInfo><ofd:DocID>{doc_id}</ofd:DocID><ofd:Title>");
    escape(&mut out, &info.title);
    out.push_str("</ofd:Title>");
    for (element, value) in [("Author", &info.author), ("Subject", &info.subject)] {
        if !value.is_empty() {
            let _ = write!(out, "<ofd:{element}>");
            escape(&mut out, value);
            let _ = write!(out, "</ofd:{element}>");
        }
    }
    let date = format!("{y:04}-{m:02}-{d:02}");
    let _ = write!(
        out,
        "<ofd:CreationDate>{date}</ofd:CreationDate><ofd:ModDate>{date}</ofd:ModDate>\
<ofd:Creator>kaohe</ofd:Creator><ofd:CreatorVersion>{}</ofd:CreatorVersion></ofd:DocInfo>",
        env!("CARGO_PKG_VERSION")
    );
    out
}

/// The custom tag file (GB/T 33190 16): one element per 公文 element, in the order they
/// first appear, pointing at its text objects.
fn tags(tagged: &[(Part, u32, u32)]) -> String {
    let mut order: Vec<Part> = Vec::new();
    for (part, _, _) in tagged {
        if !order.contains(part) {
            order.push(*part);
        }
    }
    let mut out = format!("{XML_DECL}<gw:公文 xmlns:gw=\"{TAG_NS}\" xmlns:ofd=\"{NS}\">\n");
    for part in order {
        let name = part.name();
        let _ = write!(out, "<gw:{name}>");
        for (_, page, object) in tagged.iter().filter(|(p, _, _)| *p == part) {
            let _ = write!(
                out,
                "<ofd:ObjectRef PageRef=\"{page}\">{object}</ofd:ObjectRef>"
            );
        }
        let _ = writeln!(out, "</gw:{name}>");
    }
    out.push_str("</gw:公文>\n");
    out
}

/// Deflate levels, as the PDF writer measured them for content streams and font programs
/// (on a 500-hall year: 0.3% larger than level 6 throughout).
const XML_LEVEL: i64 = 5;
const FONT_LEVEL: i64 = 2;

/// The zip: entries in the given order, each stamped with the document date.
fn package(entries: &[(String, Vec<u8>)], date: (i32, u32, u32)) -> Result<Vec<u8>, PdfError> {
    let (y, m, d) = date;
    let time = zip::DateTime::from_date_and_time(
        u16::try_from(y).unwrap_or(1980),
        u8::try_from(m).unwrap_or(1),
        u8::try_from(d).unwrap_or(1),
        0,
        0,
        0,
    )
    .unwrap_or(zip::DateTime::DEFAULT);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(time)
        .unix_permissions(0o644);
    let failed = |e: &dyn std::fmt::Display| PdfError::Internal(format!("写出 OFD 失败：{e}"));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        let level = if name.ends_with(".xml") {
            XML_LEVEL
        } else {
            FONT_LEVEL
        };
        zip.start_file(name.as_str(), options.compression_level(Some(level)))
            .map_err(|e| failed(&e))?;
        zip.write_all(bytes).map_err(|e| failed(&e))?;
    }
    Ok(zip.finish().map_err(|e| failed(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::super::fonts::Fonts;
    use super::super::layout::layout;
    use super::*;
    use crate::doc::markup::parse;
    use std::io::Read;

    fn fonts() -> &'static Fonts {
        static F: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
        F.get_or_init(|| Fonts::free().expect("the free font set"))
    }

    fn info() -> DocInfo {
        DocInfo {
            title: "A&B<C>\"D\u{1}".to_string(),
            author: "示例市".to_string(),
            subject: String::new(),
        }
    }

    fn opts() -> RenderOptions {
        RenderOptions {
            draft: false,
            creation_date: (2026, 1, 15),
            ofd: true,
        }
    }

    /// The package's entries, in order.
    fn entries(ofd: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(ofd)).expect("zip");
        (0..zip.len())
            .map(|k| {
                let mut f = zip.by_index(k).expect("entry");
                let mut v = Vec::new();
                f.read_to_end(&mut v).expect("read");
                (f.name().expect("entry name").to_string(), v)
            })
            .collect()
    }

    /// Every piece of character data of a well-formed XML file, joined.
    fn xml_text(xml: &[u8]) -> String {
        use quick_xml::events::Event;
        let mut r = quick_xml::Reader::from_reader(xml);
        let mut out = String::new();
        let mut buf = Vec::new();
        loop {
            match r.read_event_into(&mut buf).expect("well-formed") {
                Event::Text(t) => out.push_str(&t.xml10_content()),
                Event::GeneralRef(g) => {
                    out.push_str(quick_xml::escape::resolve_xml_entity(&g).expect("entity"))
                }
                Event::Eof => return out,
                _ => {}
            }
            buf.clear();
        }
    }

    #[test]
    fn gaps_of_one_value_are_written_once_with_their_count() {
        let mut out = String::new();
        let pt = 72.0 / 25.4;
        delta_x(
            &mut out,
            &[5.0 * pt, 5.0 * pt, 5.0 * pt, 2.0 * pt, 2.0 * pt, 7.5 * pt],
        );
        assert_eq!(out, "g 3 5 2 2 7.5");
    }

    #[test]
    fn text_from_the_data_is_escaped_and_the_package_is_in_a_fixed_order() {
        let doc = parse("@kind plain\n@title 甲&乙<丙>大厅\n“引号”和 A&B。").expect("markup");
        let laid = layout(&doc, fonts(), false).expect("layout");
        let ofd = write(&laid.pages, fonts(), &info(), &opts()).expect("ofd");
        let all = entries(&ofd);
        let names: Vec<&str> = all.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names[..5],
            [
                "OFD.xml",
                "Doc_0/Document.xml",
                "Doc_0/PublicRes.xml",
                "Doc_0/CustomTags.xml",
                "Doc_0/Tags/gongwen.xml"
            ]
        );
        assert!(
            names[5..]
                .iter()
                .all(|n| n.starts_with("Doc_0/Res/font_") || n.starts_with("Doc_0/Pages/Page_"))
        );
        let ofd_xml = xml_text(&all[0].1);
        assert!(ofd_xml.contains("A&B<C>\"D"), "{ofd_xml}");
        assert!(!ofd_xml.contains('\u{1}'));
        let page = xml_text(
            &all.iter()
                .find(|(n, _)| n.ends_with("Page_0/Content.xml"))
                .expect("page")
                .1,
        );
        assert!(page.contains("甲&乙<丙>大厅"), "{page}");
        assert!(page.contains("A&B"), "{page}");
        for (name, bytes) in &all {
            if name.ends_with(".xml") {
                xml_text(bytes);
            }
        }
        // same pages, same bytes
        assert_eq!(
            ofd,
            write(&laid.pages, fonts(), &info(), &opts()).expect("again")
        );
    }

    #[test]
    fn a_glyph_the_cmap_does_not_give_its_character_is_named_by_cgtransform() {
        let doc = parse("@kind plain\n@title 标题\n一二一").expect("markup");
        let mut laid = layout(&doc, fonts(), false).expect("layout");
        // the body line: make its last 一 a different glyph (that of 二)
        let line = laid.pages[0]
            .marks
            .iter_mut()
            .find_map(|m| match m {
                Mark::Text(t) if t.glyphs.iter().map(|g| g.ch).collect::<String>() == "一二一" => {
                    Some(t)
                }
                _ => None,
            })
            .expect("body line");
        let other = line.glyphs[1].gid;
        line.glyphs[2].gid = other;
        let ofd = write(&laid.pages, fonts(), &info(), &opts()).expect("ofd");
        let page = entries(&ofd)
            .into_iter()
            .find(|(n, _)| n.ends_with("Page_0/Content.xml"))
            .expect("page")
            .1;
        let page = String::from_utf8(page).expect("utf-8");
        let object = page
            .lines()
            .find(|l| l.contains(">一二一</ofd:TextCode>"))
            .expect("the line's object");
        // 一 keeps the cmap's glyph, 二's glyph is used twice: three glyph ids, the last two equal
        let glyphs: Vec<u16> = object
            .split("<ofd:Glyphs>")
            .nth(1)
            .and_then(|r| r.split("</ofd:Glyphs>").next())
            .expect("CGTransform glyphs")
            .split(' ')
            .map(|g| g.parse().expect("id"))
            .collect();
        assert!(
            object.contains("CodePosition=\"0\" CodeCount=\"3\" GlyphCount=\"3\""),
            "{object}"
        );
        assert_eq!(glyphs.len(), 3);
        assert_ne!(glyphs[0], glyphs[1]);
        assert_eq!(glyphs[1], glyphs[2]);
        // a line drawn with the cmap's glyphs needs none
        assert_eq!(page.matches("CGTransform").count(), 2, "{page}");
    }
}
