//! Engine tests with the shipped fonts (`fonts/`, the free set also built into the program).

use super::geom::*;
use super::layout::layout;
use super::page::Mark;
use super::*;
use crate::doc::markup::parse;
use std::sync::OnceLock;

fn fonts() -> &'static Fonts {
    static F: OnceLock<Fonts> = OnceLock::new();
    F.get_or_init(|| Fonts::free().expect("the free font set"))
}

fn opts() -> RenderOptions {
    RenderOptions {
        draft: false,
        creation_date: (2026, 1, 15),
        ofd: false,
    }
}

/// (page, size, baseline, text) of every text line.
fn lines(doc: &Document) -> Vec<(usize, f32, f32, String)> {
    let laid = layout(doc, fonts(), false).unwrap();
    let mut out = Vec::new();
    for (p, page) in laid.pages.iter().enumerate() {
        for m in &page.marks {
            if let Mark::Text(t) = m {
                out.push((
                    p,
                    t.size,
                    t.baseline,
                    t.glyphs.iter().map(|g| g.ch).collect(),
                ));
            }
        }
    }
    out
}

#[test]
fn the_23rd_grid_line_starts_page_2() {
    let body = "考核组对全市专业办事大厅逐一进行了考核。".repeat(80);
    let doc = parse(&format!("@kind plain\n@title 评分明细\n{body}")).unwrap();
    let ls = lines(&doc);
    let body: Vec<_> = ls.iter().filter(|l| l.1 == SIZE_3).collect();
    // page 1: title (line 1), blank (line 2), body on lines 3–22
    let first_page: Vec<_> = body.iter().filter(|l| l.0 == 0).collect();
    assert_eq!(first_page.len(), 20);
    assert!((first_page[0].2 - baseline_in(grid_top(2), PITCH, SIZE_3)).abs() < 0.01);
    for w in first_page.windows(2) {
        assert!((w[1].2 - w[0].2 - PITCH).abs() < 0.01);
    }
    // the next line is the first grid line of page 2
    let next = body.iter().find(|l| l.0 == 1).unwrap();
    assert!((next.2 - baseline_in(TOP, PITCH, SIZE_3)).abs() < 0.01);
    // and page 2 holds 22 lines
    assert_eq!(body.iter().filter(|l| l.0 == 1).count(), 22);
}

#[test]
fn full_lines_hold_28_characters_on_the_grid() {
    let doc = parse(&format!("@kind plain\n@title 标题\n{}", "字".repeat(100))).unwrap();
    let laid = layout(&doc, fonts(), false).unwrap();
    let Mark::Text(t) = laid.pages[0]
        .marks
        .iter()
        .filter(|m| matches!(m, Mark::Text(t) if t.size == SIZE_3))
        .nth(1)
        .unwrap()
    else {
        unreachable!()
    };
    assert_eq!(t.glyphs.len(), 28);
    assert!((t.glyphs[0].x - LEFT).abs() < 0.01);
    assert!((t.glyphs[27].x - (LEFT + 27.0 * CELL)).abs() < 0.01);
}

#[test]
fn title_is_split_into_a_trapezoid() {
    let doc =
        parse("@title 关于2025年度全市专业办事大厅窗口服务工作考核结果的通报\n正文。").unwrap();
    let titles: Vec<String> = lines(&doc)
        .into_iter()
        .filter(|l| l.1 == SIZE_2)
        .map(|l| l.3)
        .collect();
    assert_eq!(
        titles,
        vec!["关于2025年度全市专业办事大厅", "窗口服务工作考核结果的通报"]
    );
    let e = render(
        &parse("@title 第一行八个字的标题|第二行八个字的标题\n正文。").unwrap(),
        fonts(),
        &opts(),
    )
    .unwrap_err();
    assert!(matches!(e, PdfError::Layout(m) if m.contains("梯形")));
}

#[test]
fn a_missing_fangsong_glyph_falls_back_once() {
    let doc = parse(
        "@kind plain\n@title 表彰名单\n@source 表彰/名单.xlsx 名单!B3\n朱镕基、李镕同志，镕。",
    )
    .unwrap();
    let r = render(&doc, fonts(), &opts()).unwrap();
    assert_eq!(
        r.warnings,
        vec![Warning::Fallback {
            ch: '镕',
            wanted: FontRole::FangSong,
            used: FontRole::Song,
            free: false,
            source: Some("表彰/名单.xlsx 名单!B3".into()),
        }]
    );
    assert!(r.warnings[0].to_string().contains("表彰/名单.xlsx 名单!B3"));
}

#[test]
fn a_character_no_font_has_is_an_error_with_its_source() {
    let doc = parse(
        "@kind plain\n@title 名单\n@source 自查/不动产.xlsx 自查评分表!B3\n张\u{E000}三\n李\u{E001}四",
    )
    .unwrap();
    match render(&doc, fonts(), &opts()) {
        Err(PdfError::MissingGlyphs(m)) => {
            assert_eq!(m.len(), 2, "every missing character is listed");
            assert_eq!(m[0].ch, '\u{E000}');
            assert_eq!(
                m[0].source.as_deref(),
                Some("自查/不动产.xlsx 自查评分表!B3")
            );
            assert_eq!(m[1].source, None);
            let msg = PdfError::MissingGlyphs(m).to_string();
            assert!(
                msg.contains("U+E000") && msg.contains("自查评分表!B3"),
                "{msg}"
            );
        }
        other => panic!("{other:?}"),
    }
}

const SHORT: &str = "@banner 示例市行政服务管理委员会文件
@docno 示行管〔2026〕2号
@title 关于开展窗口服务专项检查的通知
@to 各专业办事大厅：
为进一步规范窗口服务，决定开展专项检查。请各大厅认真自查，于2026年2月10日前报送自查情况。
@signature 示例市行政服务管理委员会
@date 2026年1月20日
@cc 市政府办公室。
@printer 示例市行政服务管理委员会|2026年1月20日
";

#[test]
fn banji_ends_on_an_even_page_with_text_from_its_top() {
    let doc = parse(SHORT).unwrap();
    let laid = layout(&doc, fonts(), false).unwrap();
    assert_eq!(laid.pages.len(), 2);
    // the two-line body cannot be split without a lone line on a page, and the 主送 travels
    // with it: the body stays whole with its signature on page 1 and the 版记 takes an even
    // page of its own (GB/T 9704 7.5)
    let texts = |p: usize| -> String {
        laid.pages[p]
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text(t) => Some(t.glyphs.iter().map(|g| g.ch).collect::<String>()),
                _ => None,
            })
            .collect()
    };
    assert!(texts(0).contains("为进一步规范窗口服务"), "{}", texts(0));
    assert!(texts(0).contains("报送自查情况。"), "{}", texts(0));
    assert!(texts(0).contains("2026年1月20日"), "{}", texts(0));
    assert!(!texts(1).contains("自查"), "{}", texts(1));
    assert!(texts(1).contains("抄送"), "{}", texts(1));
    // the last rule of the 版记 sits on the 版心 bottom
    let lowest = laid.pages[1]
        .marks
        .iter()
        .filter_map(|m| match m {
            Mark::Fill { y, h, .. } => Some(y + h),
            _ => None,
        })
        .fold(0.0f32, f32::max);
    assert!((lowest - BOTTOM).abs() < 0.01);
}

#[test]
fn output_is_deterministic() {
    let doc = parse(SHORT).unwrap();
    let a = render(&doc, fonts(), &opts()).unwrap();
    let b = render(&doc, fonts(), &opts()).unwrap();
    assert_eq!(a.bytes, b.bytes);
    // a fresh font set (empty subset cache) gives the same bytes
    let other = Fonts::free().unwrap();
    let c = render(&doc, &other, &opts()).unwrap();
    assert_eq!(a.bytes, c.bytes);
    let d = render(
        &doc,
        fonts(),
        &RenderOptions {
            creation_date: (2026, 1, 16),
            ..opts()
        },
    )
    .unwrap();
    assert_ne!(a.bytes, d.bytes);
}

#[test]
fn pdf_structure_is_archival() {
    let r = render(&parse(SHORT).unwrap(), fonts(), &opts()).unwrap();
    let doc = lopdf::Document::load_mem(&r.bytes).unwrap();
    assert_eq!(doc.get_pages().len(), r.pages);
    let catalog = doc.catalog().unwrap();
    assert!(catalog.get(b"Metadata").is_ok());
    let oi = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
    let oi = oi[0].as_dict().unwrap();
    assert_eq!(oi.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
    assert!(oi.get(b"DestOutputProfile").is_ok());
    assert!(doc.trailer.get(b"ID").is_ok());
    // every font embedded, subset-tagged
    let mut fonts_seen = 0;
    for obj in doc.objects.values() {
        if let Ok(d) = obj.as_dict()
            && d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor".as_slice())
        {
            fonts_seen += 1;
            let name = d.get(b"FontName").unwrap().as_name().unwrap();
            assert_eq!(name[6], b'+', "{}", String::from_utf8_lossy(name));
            assert!(name[..6].iter().all(u8::is_ascii_uppercase));
            assert!(d.has(b"FontFile3") || d.has(b"FontFile2"));
        }
    }
    assert!(fonts_seen >= 3);
    let xmp = String::from_utf8_lossy(&r.bytes);
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"));
    assert!(!xmp.contains("GTS_PDFX"));
}

#[test]
fn draft_pages_say_so() {
    let doc = parse(SHORT).unwrap();
    let laid = layout(&doc, fonts(), true).unwrap();
    for p in &laid.pages {
        let texts: Vec<String> = p
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text(t) => Some(t.glyphs.iter().map(|g| g.ch).collect()),
                _ => None,
            })
            .collect();
        assert!(texts.iter().any(|t| t == "草稿"));
        assert!(texts.iter().any(|t| t.contains("数据未通过校验")));
    }
}

#[test]
fn invalid_models_are_refused() {
    let mut doc = parse(SHORT).unwrap();
    doc.blocks.swap(0, 2);
    assert!(matches!(
        render(&doc, fonts(), &opts()),
        Err(PdfError::Invalid(_))
    ));
    let bad = RenderOptions {
        creation_date: (2026, 2, 30),
        ..opts()
    };
    assert!(matches!(
        render(&parse(SHORT).unwrap(), fonts(), &bad),
        Err(PdfError::Options(_))
    ));
}

#[test]
fn embedded_outlines_stay_within_tolerance_and_shrink() {
    // body text, headings and names: FandolFang has no subroutines, the Noto faces do
    let text = "关于公布年度专业办事大厅服务考核结果的通报各窗口单位社保医保镕堃喆（）。、";
    for role in [FontRole::FangSong, FontRole::Song, FontRole::Hei] {
        let face = fonts().face(role);
        let super::fonts::Program::Cff(fast) = &face.program else {
            panic!("{role}: CID-keyed CFF expected");
        };
        let (mut before, mut after, mut worst) = (0usize, 0usize, 0f64);
        for c in text.chars() {
            let Some((gid, _)) = face.glyph(c) else {
                continue;
            };
            let (original, embedded) = fast.outlines(gid).expect("decodes");
            assert_eq!(original.width, embedded.width, "{role} {c}");
            assert_eq!(
                original.contours.len(),
                embedded.contours.len(),
                "{role} {c}"
            );
            for (a, b) in original.contours.iter().zip(&embedded.contours) {
                before += a.segs.len();
                after += b.segs.len();
                worst = worst.max(super::outline::max_deviation(a, b));
            }
        }
        // rounding to whole units adds up to half a unit per coordinate
        assert!(worst <= super::outline::TOLERANCE + 0.75, "{role}: {worst}");
        assert!(worst > 0.0, "{role}: outlines were simplified");
        assert!(after < before, "{role}: {after} pieces of {before}");
        if role == FontRole::FangSong {
            // FandolFang draws with many short pieces; most of them merge
            assert!(after * 10 < before * 7, "{after} of {before}");
        }
    }
}

#[test]
fn plain_documents_may_set_their_body_face() {
    let text = "@kind plain\n@font song\n@title 评分明细\n@p 正文宋体。\n@table tiny\n@header 项目|得分\n绿色通道|5\n@endtable";
    let doc = parse(text).unwrap();
    let r = render(&doc, fonts(), &opts()).unwrap();
    let pdf = String::from_utf8_lossy(&r.bytes);
    assert!(pdf.contains("NotoSerifCJKsc-Regular"), "宋体 embedded");
    assert!(!pdf.contains("FandolFang"), "no 仿宋 left");
    let err = parse("@font 宋体").unwrap_err().to_string();
    assert!(
        err.contains("@font 只能是") && err.contains("第 1 行"),
        "{err}"
    );
    // a 公文 keeps 仿宋
    let e = parse("@title 关于某事的通报\n@font hei\n正文。")
        .unwrap_err()
        .to_string();
    assert_eq!(e, format!("第 2 行：{}", crate::doc::OFFICIAL_BODY_FONT));
    let mut official = parse("@title 关于某事的通报\n正文。").unwrap();
    official.body_font = crate::doc::BodyFont::Hei;
    let e = render(&official, fonts(), &opts()).unwrap_err().to_string();
    assert!(e.contains(crate::doc::OFFICIAL_BODY_FONT), "{e}");
}

#[test]
fn table_notes_follow_the_table_in_its_size() {
    let doc = parse(
        "@kind plain\n@title 得分表\n@table tiny\n@header 大厅|总分\n甲大厅|99.5\n乙大厅|98\n@tablenote 注：总分为各项得分与加分之和。\n@endtable\n正文继续。",
    )
    .unwrap();
    let l = lines(&doc);
    let find = |s: &str| {
        l.iter()
            .find(|x| x.3.contains(s))
            .unwrap_or_else(|| panic!("{s} not laid out: {l:?}"))
    };
    let (row, note, after) = (find("乙大厅"), find("注：总分"), find("正文继续"));
    assert_eq!(note.1, SIZE_5, "the note is in the table's size");
    assert_eq!(note.0, row.0);
    assert!(
        row.2 < note.2 && note.2 < after.2,
        "{row:?} {note:?} {after:?}"
    );
    // the note starts at the table's left edge, not indented like a paragraph
    let laid = layout(&doc, fonts(), false).unwrap();
    let x = laid.pages[0]
        .marks
        .iter()
        .find_map(|m| match m {
            Mark::Text(t) if t.glyphs.first().map(|g| g.ch) == Some('注') => Some(t.glyphs[0].x),
            _ => None,
        })
        .expect("note line");
    assert!((x - LEFT).abs() < 0.01, "{x}");
    let e = parse("@tablenote 注：表外").unwrap_err().to_string();
    assert!(e.contains("@tablenote 只能用在 @table"), "{e}");
}

#[test]
fn long_documents_get_their_id_too() {
    // the cross-reference stream of a long document outgrows the last kilobyte of the file
    let mut text = String::from("@kind plain\n@title 长文档\n");
    for k in 0..80 {
        text.push_str(&format!("第{k}页。\n@pagebreak\n"));
    }
    text.push_str("完。");
    let r = render(&parse(&text).unwrap(), fonts(), &opts()).unwrap();
    assert_eq!(r.pages, 81);
    let doc = lopdf::Document::load_mem(&r.bytes).unwrap();
    let id = doc.trailer.get(b"ID").unwrap().as_array().unwrap();
    let first = id[0].as_str().unwrap();
    assert_eq!(first.len(), 16);
    assert_ne!(first, [0xAB; 16].as_slice(), "placeholder replaced");
    let again = render(&parse(&text).unwrap(), fonts(), &opts()).unwrap();
    assert_eq!(r.bytes, again.bytes);
}

#[test]
fn a_chart_longer_than_a_page_runs_on_like_a_table() {
    let mut text = String::from("@kind plain\n@title 总分\n@chart 80 100\n");
    for k in 0..60 {
        text.push_str(&format!("第{k:02}号大厅|{}\n", 80 + k % 20));
    }
    text.push_str("@endchart\n完。");
    let l = lines(&parse(&text).unwrap());
    let page_of = |s: &str| {
        l.iter()
            .find(|x| x.3 == s)
            .unwrap_or_else(|| panic!("{s} missing"))
            .0
    };
    let last_bar = page_of("第59号大厅");
    assert!(page_of("第00号大厅") == 0 && last_bar >= 2, "{last_bar}");
    // bars keep their order and each page is filled before the next begins
    let bars: Vec<&(usize, f32, f32, String)> =
        l.iter().filter(|x| x.3.ends_with("号大厅")).collect();
    assert_eq!(bars.len(), 60);
    assert!(bars.windows(2).all(|w| (w[0].0, w[0].2) < (w[1].0, w[1].2)));
    let on_page_1 = bars.iter().filter(|x| x.0 == 1).count();
    assert!(on_page_1 >= 25, "{on_page_1} bars on a continuation page");
    // the scale closes the chart, under the last bar
    let scale = l.iter().find(|x| x.3 == "100").expect("tick label 100");
    assert_eq!(scale.0, last_bar);
    assert!(scale.2 > bars[59].2);
    assert_eq!(page_of("完。"), last_bar);
}

#[test]
#[ignore = "slow: every CJK unified ideograph of every CFF face; run with --release -- --ignored"]
fn every_unified_hanzi_survives_simplification() {
    for role in [
        FontRole::FangSong,
        FontRole::Song,
        FontRole::Hei,
        FontRole::XiaoBiaoSong,
    ] {
        let face = fonts().face(role);
        let super::fonts::Program::Cff(fast) = &face.program else {
            panic!("{role}: CID-keyed CFF expected");
        };
        let (mut n, mut worst) = (0, 0f64);
        for c in (0x4E00u32..=0x9FA5).filter_map(char::from_u32) {
            let Some((gid, _)) = face.glyph(c) else {
                continue;
            };
            let (original, embedded) = fast.outlines(gid).unwrap_or_else(|| panic!("{role} {c}"));
            assert_eq!(
                original.contours.len(),
                embedded.contours.len(),
                "{role} {c}"
            );
            for (a, b) in original.contours.iter().zip(&embedded.contours) {
                let d = super::outline::max_deviation(a, b);
                assert!(d <= super::outline::TOLERANCE + 0.75, "{role} {c}: {d}");
                worst = worst.max(d);
            }
            n += 1;
        }
        eprintln!("{role}: {n} glyphs, worst {worst:.2}");
    }
}

#[test]
fn coverage_from_the_cmaps_agrees_with_the_parsed_faces() {
    let cov = super::Coverage::of(fonts().choice()).expect("cmaps");
    let drawn = |c: char| {
        FontRole::ALL
            .iter()
            .any(|&r| fonts().face(r).glyph(c).is_some())
    };
    for c in "仿宋镕㐀A。（“\u{E000}😀𠀀\u{FFFD}\u{200D}مر한".chars() {
        assert_eq!(cov.covers(c), drawn(c), "{c:?}");
    }
    assert!(cov.covers('镕') && !cov.covers('\u{E000}') && !cov.covers('😀'));
}

#[cfg(feature = "embedded-fonts")]
#[test]
fn the_built_in_fonts_set_documents_exactly_as_the_shipped_folder() {
    let doc = parse("@kind plain\n@title 评分明细\n正文：朱镕同志，楷体与黑体。").expect("markup");
    let opts = RenderOptions {
        draft: false,
        creation_date: (2026, 1, 15),
        ofd: false,
    };
    let from_folder = render(&doc, fonts(), &opts).expect("folder");
    let built_in = Fonts::load(&FontChoice::free(FreeSet::BuiltIn)).expect("built in");
    let from_binary = render(&doc, &built_in, &opts).expect("built in");
    assert!(from_folder.bytes == from_binary.bytes);
    assert!(
        built_in
            .choice()
            .faces
            .iter()
            .all(|f| f.origin == Origin::BuiltIn)
    );
}

/// A paragraph of `n` full lines of `ch` (the first indented two characters).
fn para_of(ch: char, n: usize) -> String {
    ch.to_string().repeat(26 + 28 * (n - 1))
}

#[test]
fn a_paragraph_keeps_two_lines_on_each_page_it_spans() {
    let on_pages = |doc: &str, ch: char| -> Vec<usize> {
        let doc = parse(doc).unwrap();
        lines(&doc)
            .iter()
            .filter(|l| l.1 == SIZE_3 && l.3.starts_with(ch))
            .map(|l| l.0)
            .collect()
    };
    // page 1 holds 20 body lines under the title. A 19-line paragraph, then one of 5: its
    // first line alone at the foot of page 1 would be an orphan, so it starts page 2
    let doc = format!(
        "@kind plain\n@title 评分明细\n{}\n{}",
        para_of('甲', 19),
        para_of('乙', 5)
    );
    assert_eq!(on_pages(&doc, '乙'), vec![1; 5]);
    // 17 lines, then 4: three on page 1 and one on page 2 would leave a widow: two and two
    let doc = format!(
        "@kind plain\n@title 评分明细\n{}\n{}",
        para_of('甲', 17),
        para_of('乙', 4)
    );
    assert_eq!(on_pages(&doc, '乙'), vec![0, 0, 1, 1]);
    // a paragraph that fits where it starts is not moved
    let doc = format!(
        "@kind plain\n@title 评分明细\n{}\n{}",
        para_of('甲', 16),
        para_of('乙', 4)
    );
    assert_eq!(on_pages(&doc, '乙'), vec![0; 4]);
}

#[test]
fn a_table_that_breaks_keeps_two_rows_on_each_page() {
    // every table length after a page-filling paragraph: wherever the break falls, no page
    // holds a single row of the table, nor its header alone
    for rows in 2..40 {
        let body: String = (0..rows).map(|r| format!("第{r}行|{r}\n")).collect();
        let doc = parse(&format!(
            "@kind plain\n@title 得分表\n{}\n@table small\n@header 大厅|总分\n{body}@endtable",
            para_of('甲', 12)
        ))
        .unwrap();
        let ls = lines(&doc);
        let mut per_page = std::collections::BTreeMap::new();
        for l in ls.iter().filter(|l| l.3.starts_with('第')) {
            *per_page.entry(l.0).or_insert(0) += 1;
        }
        assert_eq!(per_page.values().sum::<usize>(), rows);
        for (page, n) in &per_page {
            assert!(*n >= 2, "{rows} rows: {n} on page {page}: {per_page:?}");
        }
    }
}
