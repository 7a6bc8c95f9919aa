//! `kaohe run --ofd`: every document also as OFD (GB/T 33190), read here by a reader written
//! from the standard (zip + XML, nothing of kaohe's) and compared with its PDF object by object.

use crate::support::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

const MM: f64 = 72.0 / 25.4;
/// The limit for positions, in millimetres.
const TOLERANCE: f64 = 0.5;

/// A text object: its font, size (mm), fill colour, the page position (mm from the top left)
/// of its first glyph's origin, whether it is turned, and its characters.
#[derive(Debug)]
struct OfdText {
    id: String,
    font: String,
    color: [u8; 3],
    x: f64,
    y: f64,
    turned: bool,
    text: String,
}

#[derive(Debug)]
struct OfdPath {
    fill: bool,
    color: [u8; 3],
    width: f64,
    /// Page positions (mm) of the path's points.
    points: Vec<(f64, f64)>,
}

#[derive(Debug, Default)]
struct OfdPage {
    id: String,
    texts: Vec<OfdText>,
    paths: Vec<OfdPath>,
}

#[derive(Debug)]
pub struct Ofd {
    /// DocInfo's elements by name.
    info: BTreeMap<String, String>,
    pub fonts: BTreeMap<String, Vec<u8>>,
    pages: Vec<OfdPage>,
    /// Custom tags (GB/T 33190 16): element name → (page ID, object ID) it points at.
    tags: Vec<(String, Vec<(String, String)>)>,
}

impl Ofd {
    /// The text of the objects the custom tag `name` points at.
    fn tagged(&self, name: &str) -> String {
        let (_, refs) = self
            .tags
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("no tag {name}"));
        refs.iter()
            .map(|(page, object)| {
                let p = self.pages.iter().find(|p| &p.id == page).expect("page");
                let t = p.texts.iter().find(|t| &t.id == object).expect("object");
                t.text.as_str()
            })
            .collect()
    }
}

fn numbers(s: &str) -> Vec<f64> {
    s.split_whitespace()
        .map(|v| v.parse().expect("number"))
        .collect()
}

/// `DeltaX` with the `g count value` shorthand expanded.
fn deltas(s: &str) -> Vec<f64> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < parts.len() {
        if parts[k] == "g" {
            let n: usize = parts[k + 1].parse().expect("count");
            let v: f64 = parts[k + 2].parse().expect("value");
            out.extend(std::iter::repeat_n(v, n));
            k += 3;
        } else {
            out.push(parts[k].parse().expect("delta"));
            k += 1;
        }
    }
    out
}

fn rgb(s: &str) -> [u8; 3] {
    let v: Vec<u8> = s
        .split_whitespace()
        .map(|x| x.parse().expect("colour"))
        .collect();
    [v[0], v[1], v[2]]
}

/// Elements of an XML file as (local name, attributes, text), in document order.
fn elements(xml: &[u8]) -> Vec<(String, BTreeMap<String, String>, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out: Vec<(String, BTreeMap<String, String>, String)> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).expect("well-formed XML");
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name().as_ref().to_string();
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("attribute");
                        (
                            a.key.local_name().as_ref().to_string(),
                            quick_xml::escape::unescape(&a.value)
                                .expect("value")
                                .into_owned(),
                        )
                    })
                    .collect();
                out.push((name, attrs, String::new()));
                if matches!(event, Event::Start(_)) {
                    open.push(out.len() - 1);
                }
            }
            Event::Text(t) => {
                if let Some(k) = open.last() {
                    out[*k].2.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(k) = open.last() {
                    let v = quick_xml::escape::resolve_xml_entity(r).expect("a predefined entity");
                    out[*k].2.push_str(v);
                }
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

fn find<'a>(
    els: &'a [(String, BTreeMap<String, String>, String)],
    name: &str,
) -> &'a (String, BTreeMap<String, String>, String) {
    els.iter()
        .find(|e| e.0 == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

/// Opens an OFD package the way GB/T 33190 describes it: OFD.xml → DocRoot → Document.xml
/// (PublicRes, Pages) → each page's Content.xml.
fn read_ofd(path: &Path) -> Ofd {
    let file = std::fs::File::open(path).expect("open ofd");
    let mut zip = zip::ZipArchive::new(file).expect("an OFD is a zip");
    let mut entry = |name: &str| -> Vec<u8> {
        let mut f = zip
            .by_name(name)
            .unwrap_or_else(|_| panic!("{name} in the package"));
        let mut v = Vec::new();
        f.read_to_end(&mut v).expect("read entry");
        v
    };
    let ofd = elements(&entry("OFD.xml"));
    let (_, root_attrs, _) = find(&ofd, "OFD");
    assert_eq!(root_attrs.get("Version").map(String::as_str), Some("1.0"));
    assert_eq!(root_attrs.get("DocType").map(String::as_str), Some("OFD"));
    let info_fields = [
        "DocID",
        "Title",
        "Author",
        "Subject",
        "CreationDate",
        "ModDate",
        "Creator",
        "CreatorVersion",
    ];
    let info = ofd
        .iter()
        .filter(|e| info_fields.contains(&e.0.as_str()))
        .map(|e| (e.0.clone(), e.2.clone()))
        .collect();
    let root = find(&ofd, "DocRoot").2.trim().to_string();
    let base = root
        .rsplit_once('/')
        .map(|(b, _)| b.to_string())
        .unwrap_or_default();
    let document = elements(&entry(&root));
    let area = numbers(&find(&document, "PhysicalBox").2);
    assert_eq!(area, vec![0.0, 0.0, 210.0, 297.0], "A4");
    let res_loc = find(&document, "PublicRes").2.trim().to_string();
    let res = elements(&entry(&format!("{base}/{res_loc}")));
    let res_base = find(&res, "Res")
        .1
        .get("BaseLoc")
        .cloned()
        .unwrap_or_default();
    let mut fonts = BTreeMap::new();
    let mut font_id = None;
    for (name, attrs, text) in &res {
        match name.as_str() {
            "Font" => font_id = attrs.get("ID").cloned(),
            "FontFile" => {
                let id = font_id.clone().expect("FontFile inside Font");
                fonts.insert(id, entry(&format!("{base}/{res_base}/{}", text.trim())));
            }
            _ => {}
        }
    }
    let page_locs: Vec<(String, String)> = document
        .iter()
        .filter(|e| e.0 == "Page")
        .map(|e| (e.1["ID"].clone(), e.1["BaseLoc"].clone()))
        .collect();
    let pages = page_locs
        .iter()
        .map(|(id, loc)| OfdPage {
            id: id.clone(),
            ..read_page(&entry(&format!("{base}/{loc}")))
        })
        .collect();
    let mut tags = Vec::new();
    if let Some((_, _, loc)) = document.iter().find(|e| e.0 == "CustomTags") {
        let list = elements(&entry(&format!("{base}/{}", loc.trim())));
        let (_, tag_attrs, _) = find(&list, "CustomTag");
        assert_eq!(tag_attrs.get("TypeID").map(String::as_str), Some("公文"));
        assert!(tag_attrs.contains_key("NameSpace"));
        let file = find(&list, "FileLoc").2.trim().to_string();
        let tag_file = elements(&entry(&format!("{base}/{file}")));
        let mut current: Option<(String, Vec<(String, String)>)> = None;
        for (name, attrs, text) in &tag_file[1..] {
            if name == "ObjectRef" {
                let c = current.as_mut().expect("ObjectRef inside a tag");
                c.1.push((attrs["PageRef"].clone(), text.trim().to_string()));
            } else {
                tags.extend(current.take());
                current = Some((name.clone(), Vec::new()));
            }
        }
        tags.extend(current);
    }
    Ofd {
        info,
        fonts,
        pages,
        tags,
    }
}

fn read_page(xml: &[u8]) -> OfdPage {
    let mut page = OfdPage::default();
    let els = elements(xml);
    let mut k = 0;
    while k < els.len() {
        let (name, attrs, _) = &els[k];
        let boundary = attrs.get("Boundary").map(|b| numbers(b));
        match name.as_str() {
            "TextObject" => {
                let b = boundary.expect("a text object has a Boundary");
                let ctm = attrs
                    .get("CTM")
                    .map(|c| numbers(c))
                    .unwrap_or_else(|| vec![1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
                let mut color = [0, 0, 0];
                let mut j = k + 1;
                let mut text = String::new();
                let mut first = None;
                while j < els.len() && !matches!(els[j].0.as_str(), "TextObject" | "PathObject") {
                    match els[j].0.as_str() {
                        "FillColor" => color = rgb(&els[j].1["Value"]),
                        "TextCode" => {
                            let x: f64 = els[j].1["X"].parse().expect("X");
                            let y: f64 = els[j].1["Y"].parse().expect("Y");
                            let chars = els[j].2.chars().count();
                            let d = els[j]
                                .1
                                .get("DeltaX")
                                .map(|d| deltas(d))
                                .unwrap_or_default();
                            assert_eq!(d.len(), chars.saturating_sub(1), "one DeltaX per gap");
                            first.get_or_insert((x, y));
                            text.push_str(&els[j].2);
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let (x, y) = first.expect("a TextCode");
                page.texts.push(OfdText {
                    id: attrs["ID"].clone(),
                    font: attrs["Font"].clone(),
                    color,
                    x: ctm[0] * x + ctm[2] * y + ctm[4] + b[0],
                    y: ctm[1] * x + ctm[3] * y + ctm[5] + b[1],
                    turned: ctm[1] != 0.0,
                    text,
                });
                k = j;
            }
            "PathObject" => {
                let b = boundary.expect("a path has a Boundary");
                let fill = attrs.get("Fill").map(String::as_str) == Some("true");
                let width = attrs
                    .get("LineWidth")
                    .map(|w| w.parse().expect("width"))
                    .unwrap_or(0.353);
                let mut color = [0, 0, 0];
                let mut points = Vec::new();
                let mut j = k + 1;
                while j < els.len() && !matches!(els[j].0.as_str(), "TextObject" | "PathObject") {
                    match els[j].0.as_str() {
                        "FillColor" if fill => color = rgb(&els[j].1["Value"]),
                        "StrokeColor" if !fill => color = rgb(&els[j].1["Value"]),
                        "AbbreviatedData" => {
                            let v: Vec<f64> = els[j]
                                .2
                                .split_whitespace()
                                .filter_map(|t| t.parse().ok())
                                .collect();
                            points = v.chunks(2).map(|p| (b[0] + p[0], b[1] + p[1])).collect();
                        }
                        _ => {}
                    }
                    j += 1;
                }
                page.paths.push(OfdPath {
                    fill,
                    color,
                    width,
                    points,
                });
                k = j;
            }
            _ => k += 1,
        }
    }
    page
}

/// What a PDF page draws, from its content stream, in the same units as [`OfdPage`]: each
/// text run's origin (one `Tm` per run of one font), rectangles filled and lines stroked.
/// A stroked line: colour, width (mm), its ends (mm from the top left).
type PdfLine = ([u8; 3], f64, Point, Point);
type Point = (f64, f64);

#[derive(Debug, Default)]
struct PdfPage {
    texts: Vec<([u8; 3], f64, f64, bool)>,
    fills: Vec<([u8; 3], f64, f64, f64, f64)>,
    strokes: Vec<PdfLine>,
}

fn pdf_pages(path: &Path) -> (lopdf::Document, Vec<PdfPage>) {
    let doc = lopdf::Document::load(path).expect("load pdf");
    let height = 297.0;
    let mut pages = Vec::new();
    for (_, id) in doc.get_pages() {
        let content = doc.get_page_content(id);
        let ops = lopdf::content::Content::decode(&content)
            .expect("decode")
            .operations;
        let f = |o: &lopdf::Object| o.as_float().expect("number") as f64;
        let to255 = |v: f64| (v * 255.0).round() as u8;
        let mut page = PdfPage::default();
        let (mut fill, mut stroke, mut width) = ([0u8; 3], [0u8; 3], 0.0);
        let mut saved = Vec::new();
        let mut at = (0.0, 0.0);
        for op in &ops {
            let n: Vec<f64> = op
                .operands
                .iter()
                .filter_map(|o| o.as_float().ok())
                .map(f64::from)
                .collect();
            match op.operator.as_str() {
                "q" => saved.push((fill, stroke, width)),
                "Q" => (fill, stroke, width) = saved.pop().expect("q before Q"),
                "rg" => fill = [to255(n[0]), to255(n[1]), to255(n[2])],
                "RG" => stroke = [to255(n[0]), to255(n[1]), to255(n[2])],
                "w" => width = n[0] / MM,
                "Tm" => page.texts.push((
                    fill,
                    f(&op.operands[4]) / MM,
                    height - f(&op.operands[5]) / MM,
                    n[1] != 0.0,
                )),
                "re" => page.fills.push((
                    fill,
                    n[0] / MM,
                    height - (n[1] + n[3]) / MM,
                    n[2] / MM,
                    n[3] / MM,
                )),
                "m" => at = (n[0] / MM, height - n[1] / MM),
                "l" => page
                    .strokes
                    .push((stroke, width, at, (n[0] / MM, height - n[1] / MM))),
                _ => {}
            }
        }
        pages.push(page);
    }
    (doc, pages)
}

fn close(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() <= TOLERANCE && (a.1 - b.1).abs() <= TOLERANCE
}

/// The PDF writes colours as decimals (0.9), the OFD as 0–255: a unit apart at most.
fn same_color(a: [u8; 3], b: [u8; 3]) -> bool {
    a.iter().zip(&b).all(|(x, y)| x.abs_diff(*y) <= 1)
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Compares one OFD with its PDF: pages, each page's text, every text run, rule and box at the
/// same place (within 0.5 mm) in the same colour, fonts embedded as subsets.
pub fn compare(pdf_path: &Path, ofd_path: &Path) -> Ofd {
    let what = ofd_path.display();
    let ofd = read_ofd(ofd_path);
    let (doc, pdf) = pdf_pages(pdf_path);
    assert_eq!(ofd.pages.len(), pdf.len(), "{what}: pages");
    let numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    let mut used: BTreeMap<&str, BTreeSet<char>> = BTreeMap::new();
    for (k, (o, p)) in ofd.pages.iter().zip(&pdf).enumerate() {
        let page = k + 1;
        let pdf_text = squash(&doc.extract_text(&[numbers[k]]).expect("pdf text"));
        let ofd_text = squash(&o.texts.iter().map(|t| t.text.as_str()).collect::<String>());
        assert_eq!(ofd_text, pdf_text, "{what} page {page}: text");
        assert_eq!(
            o.texts.len(),
            p.texts.len(),
            "{what} page {page}: text runs"
        );
        for (t, (color, x, y, turned)) in o.texts.iter().zip(&p.texts) {
            assert!(
                close((t.x, t.y), (*x, *y)),
                "{what} page {page}: “{}” at ({:.2}, {:.2}) mm, in the PDF ({x:.2}, {y:.2})",
                t.text,
                t.x,
                t.y
            );
            assert!(
                same_color(t.color, *color),
                "{what} page {page}: colour of “{}”",
                t.text
            );
            assert_eq!(t.turned, *turned, "{what} page {page}: “{}” turned", t.text);
            used.entry(&t.font).or_default().extend(t.text.chars());
        }
        let fills: Vec<&OfdPath> = o.paths.iter().filter(|p| p.fill).collect();
        let strokes: Vec<&OfdPath> = o.paths.iter().filter(|p| !p.fill).collect();
        assert_eq!(fills.len(), p.fills.len(), "{what} page {page}: boxes");
        assert_eq!(strokes.len(), p.strokes.len(), "{what} page {page}: lines");
        for (o, (color, x, y, w, h)) in fills.iter().zip(&p.fills) {
            assert!(
                same_color(o.color, *color),
                "{what} page {page}: box colour"
            );
            assert!(
                close(o.points[0], (*x, *y)),
                "{what} page {page}: box at {:?}, PDF ({x}, {y})",
                o.points[0]
            );
            assert!(
                close(o.points[2], (x + w, y + h)),
                "{what} page {page}: box size"
            );
        }
        for (o, (color, width, a, b)) in strokes.iter().zip(&p.strokes) {
            assert!(
                same_color(o.color, *color),
                "{what} page {page}: line colour"
            );
            assert!(
                (o.width - width).abs() < 0.01,
                "{what} page {page}: line width"
            );
            assert!(
                close(o.points[0], *a) && close(o.points[1], *b),
                "{what} page {page}: line {:?}, PDF {a:?}–{b:?}",
                o.points
            );
        }
    }
    // every font a file of its own, an OpenType or TrueType subset of what is drawn with it
    assert_eq!(
        ofd.fonts
            .keys()
            .map(String::as_str)
            .collect::<BTreeSet<_>>(),
        used.keys().copied().collect::<BTreeSet<_>>(),
        "{what}: fonts embedded are the fonts used"
    );
    for (id, bytes) in &ofd.fonts {
        assert!(
            bytes.starts_with(b"OTTO") || bytes.starts_with(&[0, 1, 0, 0]),
            "{what}: font {id} is not an OpenType file"
        );
        let glyphs = sfnt_glyph_count(bytes);
        let chars = used[id.as_str()].len();
        assert!(
            glyphs <= 2 * chars + 2,
            "{what}: font {id} has {glyphs} glyphs for {chars} characters"
        );
    }
    ofd
}

/// `maxp.numGlyphs` of an sfnt file.
fn sfnt_glyph_count(font: &[u8]) -> usize {
    let u16_at = |o: usize| usize::from(u16::from_be_bytes([font[o], font[o + 1]]));
    let u32_at =
        |o: usize| u32::from_be_bytes([font[o], font[o + 1], font[o + 2], font[o + 3]]) as usize;
    (0..u16_at(4))
        .map(|k| 12 + 16 * k)
        .find(|r| &font[*r..*r + 4] == b"maxp")
        .map(|r| u16_at(u32_at(r + 8) + 4))
        .expect("maxp")
}

fn files_with(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_with(&p, ext));
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn every_document_as_ofd_matches_its_pdf() {
    let out = out_dir("ofd-sample");
    let stdout = run_ok(Path::new(&sample()), &out, &["--ofd"]);
    assert!(
        stdout.contains("每份另有同名 OFD 版式文件，共 20 个"),
        "{stdout}"
    );
    let pdfs = files_with(&out, "pdf");
    assert_eq!(pdfs.len(), 20);
    for pdf in &pdfs {
        compare(pdf, &pdf.with_extension("ofd"));
    }
    assert_eq!(files_with(&out, "ofd").len(), pdfs.len());

    let year_end = compare(
        &out.join("年度考核结果通报.pdf"),
        &out.join("年度考核结果通报.ofd"),
    );
    let info = &year_end.info;
    assert_eq!(
        info["Title"],
        "关于2025年度全市专业办事大厅窗口服务工作考核结果的通报"
    );
    assert_eq!(info["Author"], "示例市行政服务管理委员会");
    assert_eq!(info["CreationDate"], "2026-01-15");
    assert_eq!(info["Creator"], "kaohe");
    assert_eq!(info["DocID"].len(), 32);
    // the red banner and red rule of the 版头, the title in 小标宋 below them
    let first = &year_end.pages[0];
    assert_eq!(first.texts[0].text, "示例市行政服务管理委员会文件");
    assert_eq!(first.texts[0].color, [230, 0, 0]);
    assert!(first.paths.iter().any(|p| p.fill && p.color == [230, 0, 0]));
    // the elements of the 公文, found through the custom tags
    for (tag, text) in [
        ("发文机关标志", "示例市行政服务管理委员会文件"),
        ("发文字号", "示行管〔2026〕1号"),
        (
            "标题",
            "关于2025年度全市专业办事大厅窗口服务工作考核结果的通报",
        ),
        ("主送机关", "各专业办事大厅："),
        ("发文机关署名", "示例市行政服务管理委员会"),
        ("成文日期", "2026年1月15日"),
    ] {
        assert_eq!(year_end.tagged(tag), text, "{tag}");
    }
    assert!(year_end.tagged("附件说明").starts_with("附件：1．"));
    assert!(year_end.tagged("正文").contains("现将考核结果通报"));
    assert!(year_end.tagged("附件").starts_with("附件1"));
    assert!(year_end.tagged("抄送机关").starts_with("抄送："));
    assert!(year_end.tagged("印发机关和印发日期").ends_with("印发"));
    assert_eq!(
        year_end
            .tagged("页码")
            .chars()
            .filter(|c| *c == '—')
            .count(),
        2 * year_end.pages.len()
    );
    // every hall and its total, as the table of the circular shows them
    let ev = kaohe::evaluate(Path::new(&sample())).expect("sample");
    let text: String = year_end
        .pages
        .iter()
        .flat_map(|p| p.texts.iter().map(|t| t.text.as_str()))
        .collect();
    for h in &ev.scores.halls {
        assert!(text.contains(&h.name), "{} missing", h.name);
        assert!(
            text.contains(&kaohe::text::fmt_dec(h.total)),
            "{} total",
            h.name
        );
    }
    // the limit: at most 1.5 times the PDF
    let size = |p: &str| std::fs::metadata(out.join(p)).expect("file").len() as f64;
    assert!(
        size("年度考核结果通报.ofd") <= 1.5 * size("年度考核结果通报.pdf"),
        "{} vs {}",
        size("年度考核结果通报.ofd"),
        size("年度考核结果通报.pdf")
    );
    // listed in the manifest like every output, and the folder verifies
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).expect("manifest"))
            .expect("json");
    let listed: BTreeSet<String> = manifest["outputs"]
        .as_array()
        .expect("outputs")
        .iter()
        .map(|o| o["path"].as_str().expect("path").to_string())
        .collect();
    for ofd in files_with(&out, "ofd") {
        let rel = ofd
            .strip_prefix(&out)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        assert!(listed.contains(&rel), "{rel} not in the manifest");
    }
    let (code, stdout, _) = run(&["verify", &out.to_string_lossy()]);
    assert_eq!(code, 0, "{stdout}");

    // same input, same bytes
    let again = out_dir("ofd-sample-again");
    run_ok(Path::new(&sample()), &again, &["--ofd"]);
    for ofd in files_with(&out, "ofd") {
        let rel = ofd.strip_prefix(&out).expect("inside");
        assert!(
            std::fs::read(&ofd).expect("a") == std::fs::read(again.join(rel)).expect("b"),
            "{} differs between runs",
            rel.display()
        );
    }
}

#[test]
fn without_ofd_no_ofd_is_written() {
    let f = Folder::with_halls("ofd-off", 2);
    let out = out_dir("ofd-off-out");
    run_ok(&f.dir, &out, &[]);
    assert!(files_with(&out, "ofd").is_empty());
    assert!(!files_with(&out, "pdf").is_empty());
}

#[test]
fn kaohe_toml_asks_for_ofd_and_refuses_formats_it_does_not_write() {
    let f = Folder::new("ofd-formats");
    f.config(2, "\n[document]\nformats = [\"pdf\", \"ofd\"]\n");
    for h in HALLS.iter().take(2) {
        f.form(h, &[]);
    }
    let out = out_dir("ofd-formats-out");
    run_ok(&f.dir, &out, &[]);
    let pdfs = files_with(&out, "pdf");
    assert_eq!(files_with(&out, "ofd").len(), pdfs.len());

    for (formats, message) in [
        (
            "[\"ofd\"]",
            "设置项 document.formats 应包含 \"pdf\"：PDF 文件总会生成，OFD 是它之外的另一份，如 formats = [\"pdf\", \"ofd\"]",
        ),
        (
            "[\"pdf\", \"docx\"]",
            "设置项 document.formats 只能列出 \"pdf\" 和 \"ofd\"，实际有“docx”",
        ),
    ] {
        f.config(2, &format!("\n[document]\nformats = {formats}\n"));
        let (code, stdout, _) = run(&["check", &f.dir.to_string_lossy()]);
        assert_eq!(code, 1, "{stdout}");
        assert!(stdout.contains(message), "{stdout}");
    }
}

#[test]
fn a_draft_ofd_carries_the_turned_draft_mark() {
    let f = Folder::with_halls("ofd-draft", 2);
    f.write("坏.xlsx", "not a workbook");
    let out = out_dir("ofd-draft-out");
    let dir = f.dir.to_string_lossy().into_owned();
    let (code, _, _) = run(&[
        "run",
        &dir,
        "--out",
        &out.to_string_lossy(),
        "--draft",
        "--ofd",
    ]);
    assert_eq!(code, 1);
    let ofd = compare(
        &out.join("年度考核结果通报.pdf"),
        &out.join("年度考核结果通报.ofd"),
    );
    for (k, page) in ofd.pages.iter().enumerate() {
        assert!(
            page.texts.iter().any(|t| t.turned && t.text == "草稿"),
            "page {}: no turned 草稿",
            k + 1
        );
        assert!(
            page.texts.iter().any(|t| t.text.contains("数据未通过校验")),
            "page {}",
            k + 1
        );
    }
}

#[test]
fn one_quarter_with_ofd_writes_that_circular_in_both_formats() {
    let out = out_dir("ofd-quarter");
    let stdout = run_ok(Path::new(&sample()), &out, &["--quarter", "2", "--ofd"]);
    assert!(stdout.contains("（另有同名 OFD 版式文件）"), "{stdout}");
    let pdf = out.join("季度通报/2025年第2季度明察暗访情况通报.pdf");
    let ofd = compare(&pdf, &pdf.with_extension("ofd"));
    assert_eq!(
        ofd.tagged("标题"),
        "关于2025年第二季度专业办事大厅明察暗访情况的通报"
    );
    assert_eq!(files_with(&out, "ofd").len(), 1);
}
