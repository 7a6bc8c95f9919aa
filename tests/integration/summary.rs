//! The summary workbook as leadership reads it: a title row with 制表单位 and 制表日期, the
//! rubric's section names in the headers, real numbers showing the decimals they have, real
//! dates, a legend for every shading, disqualified halls marked, and a chart whose bars start
//! at 0 and carry their totals.

use crate::support::*;
use calamine::{Data, Range, Reader, open_workbook_auto};
use kaohe::Evaluation;
use kaohe::text::Date;
use std::io::Read;
use std::path::{Path, PathBuf};

const DATE: Date = Date {
    year: 2026,
    month: 1,
    day: 15,
};

/// Rows above the data of a sheet with one header row.
const HEADER_ROW: u32 = 2;
const FIRST_ROW: u32 = 3;

fn sample() -> Evaluation {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
    kaohe::evaluate(&dir).expect("sample")
}

fn write(ev: &Evaluation, folder: &Folder, name: &str, draft: bool) -> PathBuf {
    let path = folder.dir.join(name);
    kaohe::xlsx::summary::write(ev, &path, DATE, draft).expect("write summary");
    path
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut wb = open_workbook_auto(path).expect("open");
    wb.worksheet_range(name).expect("sheet")
}

fn text(r: &Range<Data>, row: u32, col: u32) -> String {
    match r.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        other => panic!("({row},{col}) is not text: {other:?}"),
    }
}

fn number(r: &Range<Data>, row: u32, col: u32) -> f64 {
    match r.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("({row},{col}) is not a number: {other:?}"),
    }
}

fn date(r: &Range<Data>, row: u32, col: u32) -> Date {
    match r.get_value((row, col)) {
        Some(Data::DateTime(d)) => Date::from_excel_serial(d.as_f64()).expect("date"),
        other => panic!("({row},{col}) is not a date cell: {other:?}"),
    }
}

fn f64_of(d: rust_decimal::Decimal) -> f64 {
    d.to_string().parse().expect("f64")
}

/// The column whose header is `header` (line breaks ignored).
fn column(r: &Range<Data>, header_row: u32, header: &str) -> u32 {
    (0..r.width() as u32)
        .find(|c| text(r, header_row, *c).replace('\n', "") == header)
        .unwrap_or_else(|| panic!("no column {header}"))
}

fn headers(r: &Range<Data>, row: u32) -> Vec<String> {
    (0..r.width() as u32).map(|c| text(r, row, c)).collect()
}

/// Every text cell of a sheet, for legend lines wherever they are.
fn texts(r: &Range<Data>) -> Vec<String> {
    r.used_cells()
        .filter_map(|(_, _, v)| match v {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

fn zip_text(path: &Path, member: &str) -> String {
    let file = std::fs::File::open(path).expect("open xlsx");
    let mut zip = zip::ZipArchive::new(file).expect("xlsx is a zip");
    let mut s = String::new();
    zip.by_name(member)
        .unwrap_or_else(|_| panic!("no {member}"))
        .read_to_string(&mut s)
        .expect("read member");
    s
}

/// The value of attribute `name` in an XML start tag.
fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].to_string())
}

/// The number format code of cell `a1` in worksheet XML `sheet` (e.g. `xl/worksheets/sheet1.xml`).
fn format_code(path: &Path, sheet: &str, a1: &str) -> String {
    let xml = zip_text(path, sheet);
    let at = xml
        .find(&format!("<c r=\"{a1}\""))
        .unwrap_or_else(|| panic!("no cell {a1}"));
    let tag = &xml[at..at + xml[at..].find('>').expect("tag end")];
    let style: usize = attr(tag, "s").map_or(0, |s| s.parse().expect("style index"));
    let styles = zip_text(path, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").expect("cellXfs")..];
    let xf = xfs
        .split("<xf ")
        .nth(style + 1)
        .expect("xf of the cell's style");
    let id: u32 = attr(&format!(" {xf}"), "numFmtId")
        .expect("numFmtId")
        .parse()
        .expect("id");
    match id {
        0 => "General".to_string(),
        1 => "0".to_string(),
        2 => "0.00".to_string(),
        _ => {
            let key = format!("<numFmt numFmtId=\"{id}\" formatCode=\"");
            let start = styles.find(&key).expect("custom format") + key.len();
            let len = styles[start..].find('"').expect("end");
            styles[start..start + len].replace("&quot;", "\"")
        }
    }
}

/// Row heights (points) of worksheet XML by 1-based row number.
fn row_height(path: &Path, sheet: &str, row: u32) -> f64 {
    let xml = zip_text(path, sheet);
    let at = xml
        .find(&format!("<row r=\"{row}\""))
        .unwrap_or_else(|| panic!("no row {row}"));
    let tag = &xml[at..at + xml[at..].find('>').expect("tag end")];
    attr(tag, "ht")
        .map(|h| h.parse().expect("height"))
        .unwrap_or(13.5)
}

fn a1(row: u32, col: u32) -> String {
    kaohe::text::a1(row, col)
}

#[test]
fn every_sheet_opens_with_its_title_issuer_and_date() {
    let ev = sample();
    assert_eq!(ev.error_count(), 0);
    let f = Folder::new("summary-titles");
    let path = write(&ev, &f, "考核汇总.xlsx", false);
    let wb = open_workbook_auto(&path).expect("open");
    let names = wb.sheet_names();
    assert_eq!(
        names,
        [
            "总分排名",
            "分项得分",
            "扣分明细",
            "加分明细",
            "自评对比",
            "校验报告"
        ]
    );
    let titles = [
        "2025年度全市专业办事大厅窗口服务工作考核汇总",
        "2025年度专业办事大厅窗口服务工作考核分项得分",
        "2025年度专业办事大厅窗口服务工作考核扣分明细",
        "2025年度专业办事大厅窗口服务工作考核加分明细",
        "2025年度专业办事大厅窗口服务工作考核自评得分与考核得分对比",
        "2025年度专业办事大厅窗口服务工作考核数据校验报告",
    ];
    let mut date_cells = Vec::new();
    for (name, title) in names.iter().zip(titles) {
        let r = sheet(&path, name);
        assert_eq!(text(&r, 0, 0), title, "{name}");
        assert_eq!(
            text(&r, 1, 0),
            "制表单位：示例市行政服务管理委员会",
            "{name}"
        );
        // 制表日期 is a date cell (shown as 制表日期：2026年1月15日) at the right of row 2.
        let dated: Vec<u32> = (1..r.width() as u32)
            .filter(|c| matches!(r.get_value((1, *c)), Some(Data::DateTime(_))))
            .collect();
        assert_eq!(dated.len(), 1, "{name}");
        assert_eq!(date(&r, 1, dated[0]), DATE, "{name}");
        date_cells.push(a1(1, dated[0]));
    }
    for (n, cell) in date_cells.iter().enumerate() {
        assert_eq!(
            format_code(&path, &format!("xl/worksheets/sheet{}.xml", n + 1), cell),
            "\"制表日期：\"yyyy\"年\"m\"月\"d\"日\""
        );
    }
    // The same in the page footer, with the page numbers, on every sheet.
    for n in 1..=6 {
        let xml = zip_text(&path, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(
            xml.contains("制表单位：示例市行政服务管理委员会")
                && xml.contains("制表日期：2026年1月15日")
                && xml.contains("第 &amp;P 页，共 &amp;N 页"),
            "footer of sheet{n}"
        );
        assert!(xml.contains(&format!("&amp;12 {}</oddHeader>", titles[n - 1])));
        // A4 landscape, one page wide.
        for setting in [
            "paperSize=\"9\"",
            "orientation=\"landscape\"",
            "<pageSetUpPr fitToPage=\"1\"/>",
            "fitToHeight=\"0\"",
        ] {
            assert!(xml.contains(setting), "sheet{n}: {setting}");
        }
    }
}

#[test]
fn ranking_headers_name_the_rubric_sections() {
    let ev = sample();
    let f = Folder::new("summary-sections");
    let path = write(&ev, &f, "考核汇总.xlsx", false);
    let r = sheet(&path, "总分排名");
    let h = headers(&r, HEADER_ROW);
    assert_eq!(
        h[..7],
        [
            "名次",
            "大厅",
            "一、围绕中心工作，服务发展大局\n（20分）",
            "二、强化内部管理，创新服务方式，提升服务水平\n（30分）",
            "三、开展活动，改进作风，提升服务素质\n（30分）",
            "四、强化信息宣传，完成各项任务\n（20分）",
            "项目得分\n（100分）",
        ]
    );
    // Straight from the rubric, whatever it names its sections.
    for (k, sec) in ev.rubric.sections.iter().enumerate() {
        assert!(h[2 + k].contains(&sec.name), "{}", sec.name);
    }
    // No hall lost a deduction to an item's floor: no column for it, and no jargon anywhere.
    assert!(ev.scores.halls.iter().all(|h| h.cut_off.is_zero()));
    assert_eq!(
        h[7..],
        ["加分", "总分", "推荐表彰", "取消评先评优资格", "原因"]
    );
    assert!(!texts(&r).iter().any(|t| t.contains("封底")));

    // 分项得分: the section names above their items.
    let r = sheet(&path, "分项得分");
    assert_eq!(
        text(&r, HEADER_ROW, 2),
        "一、围绕中心工作，服务发展大局\n（20分）"
    );
    assert_eq!(text(&r, HEADER_ROW + 1, 2), "1.1\n绿色通道建设\n（5分）");
    assert_eq!(
        text(&r, HEADER_ROW, 6),
        "二、强化内部管理，创新服务方式，提升服务水平\n（30分）"
    );
    assert_eq!(
        text(&r, HEADER_ROW + 1, 6),
        "2.1\n贯彻《管理办法》，每月一考核一通报\n（6分）"
    );
}

#[test]
fn ranking_holds_numbers_marks_and_a_legend_for_its_shading() {
    let ev = sample();
    let f = Folder::new("summary-ranking");
    let path = write(&ev, &f, "考核汇总.xlsx", false);
    let r = sheet(&path, "总分排名");
    let total = column(&r, HEADER_ROW, "总分");
    let bonus = column(&r, HEADER_ROW, "加分");
    let recommended = column(&r, HEADER_ROW, "推荐表彰");
    let disqualified = column(&r, HEADER_ROW, "取消评先评优资格");
    let reason = column(&r, HEADER_ROW, "原因");
    for (i, h) in ev.scores.halls.iter().enumerate() {
        let row = FIRST_ROW + i as u32;
        assert_eq!(number(&r, row, 0), h.rank as f64);
        assert_eq!(text(&r, row, 1), h.name);
        for (k, (_, v)) in h.sections.iter().enumerate() {
            assert_eq!(number(&r, row, 2 + k as u32), f64_of(*v), "{}", h.name);
        }
        assert_eq!(number(&r, row, total), f64_of(h.total), "{}", h.name);
        assert_eq!(number(&r, row, bonus), f64_of(h.bonus), "{}", h.name);
        assert_eq!(
            text(&r, row, recommended),
            if h.recommended { "推荐" } else { "" }
        );
        assert_eq!(
            text(&r, row, disqualified),
            if h.disqualified { "取消" } else { "" }
        );
        assert_eq!(text(&r, row, reason), h.reasons.join("；"));
    }
    // The sample's two disqualified halls, marked on their rows.
    let marked: Vec<String> = (0..ev.scores.halls.len() as u32)
        .filter(|i| text(&r, FIRST_ROW + i, disqualified) == "取消")
        .map(|i| text(&r, FIRST_ROW + i, 1))
        .collect();
    assert_eq!(marked, ["不动产登记大厅", "住建审批大厅"]);
    assert_eq!(text(&r, FIRST_ROW + 1, 1), "不动产登记大厅");
    assert!(text(&r, FIRST_ROW + 1, reason).contains("党风廉政"));

    let legend = texts(&r);
    for line in [
        "浅绿底色：拟推荐提请表彰的大厅（总分前4名，取消评先评优资格的大厅除外），图中为绿色",
        "浅红底色：取消评先评优资格的大厅，不参加推荐，原因见“原因”列，图中为红色",
        "总分＝项目得分＋加分；项目得分为上列各部分得分之和。",
    ] {
        assert!(legend.iter().any(|t| t == line), "legend {line}");
    }
    // The legend sits one row below the table, its colour swatch in the first column.
    let last = FIRST_ROW + ev.scores.halls.len() as u32 - 1;
    assert_eq!(r.get_value((last + 1, 0)), Some(&Data::Empty));
    assert!(text(&r, last + 2, 1).starts_with("浅绿底色："));

    // The shading the legend explains: the swatch and the recommended and disqualified rows.
    let fill_of = |a1: &str| {
        let xml = zip_text(&path, "xl/worksheets/sheet1.xml");
        let at = xml.find(&format!("<c r=\"{a1}\"")).expect("cell");
        let tag = &xml[at..at + xml[at..].find('>').expect("end")];
        let s: usize = attr(tag, "s").expect("style").parse().expect("n");
        let styles = zip_text(&path, "xl/styles.xml");
        let xfs = &styles[styles.find("<cellXfs").expect("xfs")..];
        let xf = xfs.split("<xf ").nth(s + 1).expect("xf").to_string();
        attr(&format!(" {xf}"), "fillId").expect("fill")
    };
    let first_recommended = a1(FIRST_ROW, 1);
    let first_disqualified = a1(FIRST_ROW + 1, 1);
    let plain = a1(FIRST_ROW + 5, 1);
    assert_eq!(fill_of(&a1(last + 2, 0)), fill_of(&first_recommended));
    assert_eq!(fill_of(&a1(last + 3, 0)), fill_of(&first_disqualified));
    assert_ne!(fill_of(&first_recommended), fill_of(&first_disqualified));
    assert_ne!(fill_of(&plain), fill_of(&first_recommended));
    assert_ne!(fill_of(&plain), fill_of(&first_disqualified));
}

#[test]
fn numbers_show_the_decimals_they_have_in_a_cjk_font() {
    let ev = sample();
    let f = Folder::new("summary-formats");
    let path = write(&ev, &f, "考核汇总.xlsx", false);
    let r = sheet(&path, "总分排名");
    let total = column(&r, HEADER_ROW, "总分");
    let sheet1 = "xl/worksheets/sheet1.xml";
    // every score column shows one decimal ([document] decimals): 101.7 and 93.0 alike
    let first = &ev.scores.halls[0];
    assert_eq!(first.total, dec("101.7"));
    assert_eq!(format_code(&path, sheet1, &a1(FIRST_ROW, total)), "0.0");
    let ninety_three = ev
        .scores
        .halls
        .iter()
        .position(|h| h.total == dec("93"))
        .expect("a hall with 93") as u32;
    assert_eq!(
        format_code(&path, sheet1, &a1(FIRST_ROW + ninety_three, total)),
        "0.0"
    );
    assert_eq!(first.sections[0].1, dec("19"));
    assert_eq!(format_code(&path, sheet1, &a1(FIRST_ROW, 2)), "0.0");
    // the rank is a count, not a score
    assert_eq!(format_code(&path, sheet1, &a1(FIRST_ROW, 0)), "0");
    // with `decimals = 0` a column still shows one number of decimals, and never rounds: the
    // 101.7 keeps the total column at one decimal, 93 included
    let mut whole = sample();
    whole.config.document.decimals = Some(0);
    let path0 = write(&whole, &f, "考核汇总0.xlsx", false);
    assert_eq!(format_code(&path0, sheet1, &a1(FIRST_ROW, total)), "0.0");
    assert_eq!(
        format_code(&path0, sheet1, &a1(FIRST_ROW + ninety_three, total)),
        "0.0"
    );
    let styles = zip_text(&path, "xl/styles.xml");
    // No padded 0.00 (built-in format 2) anywhere, nor a format that could print "19.".
    assert!(!styles.contains("numFmtId=\"2\""), "{styles}");
    assert!(!styles.contains("#"), "{styles}");
    // Every font is 宋体; Calibri has no CJK glyphs.
    let fonts =
        &styles[styles.find("<fonts").expect("fonts")..styles.find("</fonts>").expect("end")];
    assert!(fonts.matches("<font>").count() >= 1);
    assert_eq!(
        fonts.matches("<name val=\"宋体\"/>").count(),
        fonts.matches("<font>").count(),
        "{fonts}"
    );
    assert!(!styles.contains("Calibri"), "{styles}");
}

#[test]
fn deduction_dates_are_date_cells() {
    let ev = sample();
    let f = Folder::new("summary-dates");
    let path = write(&ev, &f, "考核汇总.xlsx", false);
    let r = sheet(&path, "扣分明细");
    let day = column(&r, HEADER_ROW, "日期");
    let amount = column(&r, HEADER_ROW, "扣分");
    let lines: Vec<&kaohe::score::Deduction> = ev
        .scores
        .halls
        .iter()
        .flat_map(|h| &h.items)
        .flat_map(|i| &i.deductions)
        .collect();
    assert!(lines.len() > 10);
    for (i, d) in lines.iter().enumerate() {
        let row = FIRST_ROW + i as u32;
        assert_eq!(date(&r, row, day), d.date, "row {row}");
        assert_eq!(number(&r, row, amount), f64_of(d.amount), "row {row}");
    }
    assert_eq!(
        format_code(&path, "xl/worksheets/sheet3.xml", &a1(FIRST_ROW, day)),
        "yyyy-mm-dd"
    );
}

#[test]
fn rows_are_as_high_as_their_lines() {
    let ev = sample();
    let f = Folder::new("summary-heights");
    let path = write(&ev, &f, "考核汇总.xlsx", false);
    let sheet1 = "xl/worksheets/sheet1.xml";
    let heights: Vec<f64> = (0..ev.scores.halls.len() as u32)
        .map(|i| row_height(&path, sheet1, FIRST_ROW + i + 1))
        .collect();
    // Halls without a reason take one line; the two with a long reason take more.
    let one_line = heights[0];
    assert!(one_line < 24.0, "{heights:?}");
    for (h, height) in ev.scores.halls.iter().zip(&heights) {
        if h.reasons.is_empty() {
            assert_eq!(*height, one_line, "{}", h.name);
        } else {
            assert!(*height > one_line * 1.5, "{} {height}", h.name);
        }
    }
    // 扣分明细: a short line is one line high, however long the lines around it.
    let r = sheet(&path, "扣分明细");
    let content = column(&r, HEADER_ROW, "内容");
    let lines = ev
        .scores
        .halls
        .iter()
        .flat_map(|h| &h.items)
        .map(|i| i.deductions.len())
        .sum::<usize>() as u32;
    let short = (FIRST_ROW..FIRST_ROW + lines)
        .find(|row| text(&r, *row, content).chars().count() <= 16)
        .expect("a short line");
    assert_eq!(
        row_height(&path, "xl/worksheets/sheet3.xml", short + 1),
        one_line
    );
}

#[test]
fn chart_bars_start_at_zero_with_their_totals_in_rank_order() {
    let ev = sample();
    let f = Folder::new("summary-chart");
    let path = write(&ev, &f, "考核汇总.xlsx", false);
    let chart = zip_text(&path, "xl/charts/chart1.xml");
    assert!(chart.contains("<c:barChart><c:barDir val=\"bar\"/>"));
    assert!(chart.contains("<c:min val=\"0\"/>"), "{chart}");
    assert!(chart.contains("<c:dLbls>"), "{chart}");
    assert!(chart.contains("<c:showVal val=\"1\"/>"), "{chart}");
    assert!(chart.contains("各大厅考核总分（按名次排列）"));
    // The halls in rank order, rank 1 on top.
    let n = ev.scores.halls.len() as u32;
    let total = 2 + ev.rubric.sections.len() as u32 + 2;
    let col = |c: u32| kaohe::text::a1(0, c).trim_end_matches('1').to_string();
    assert!(chart.contains(&format!(
        "<c:f>总分排名!$B${}:$B${}</c:f>",
        FIRST_ROW + 1,
        FIRST_ROW + n
    )));
    assert!(chart.contains(&format!(
        "<c:f>总分排名!${0}${1}:${0}${2}</c:f>",
        col(total),
        FIRST_ROW + 1,
        FIRST_ROW + n
    )));
    assert!(chart.contains("<c:orientation val=\"maxMin\"/>"));
    // Recommended bars green, disqualified red: the table's legend says so.
    assert_eq!(chart.matches("70AD47").count(), 4, "{chart}");
    assert_eq!(chart.matches("C0504D").count(), 2, "{chart}");
    assert!(chart.contains("<a:latin typeface=\"宋体\""));
    // Thirteen halls and the chart do not fit one printed page: the chart starts a page of its
    // own, in the row it is anchored to, rather than being cut in two.
    let drawing = zip_text(&path, "xl/drawings/drawing1.xml");
    let from = &drawing[drawing.find("<xdr:from>").expect("anchor")..];
    let row: u32 = from
        [from.find("<xdr:row>").expect("row") + 9..from.find("</xdr:row>").expect("end")]
        .parse()
        .expect("row");
    assert!(row > FIRST_ROW + n, "below the table");
    let sheet1 = zip_text(&path, "xl/worksheets/sheet1.xml");
    assert!(
        sheet1.contains(&format!("<brk id=\"{row}\" max=\"16383\" man=\"1\"/>")),
        "{sheet1}"
    );
}

#[test]
fn deductions_beyond_an_item_get_a_plainly_named_column() {
    let f = Folder::with_halls("summary-cut-off", 2);
    f.form("甲大厅", &[("3.5", 1.0)]);
    f.book(
        "检查.xlsx",
        vec![crate::support::sheet(
            "检查记录",
            vec![
                inspection_header(),
                vec![
                    D(2025, 3, 5),
                    S("委内"),
                    S("暗访"),
                    S("甲大厅"),
                    S("玩手机"),
                    S("3.5"),
                    N(0.75),
                    S("否"),
                ],
                vec![
                    D(2025, 4, 7),
                    S("市级"),
                    S("明察"),
                    S("甲大厅"),
                    S("未佩戴工作牌"),
                    S("3.5"),
                    N(0.5),
                    E,
                ],
            ],
        )],
    );
    let ev = f.eval();
    assert!(errors(&ev).is_empty(), "{:?}", errors(&ev));
    assert_eq!(hall(&ev, "甲大厅").cut_off, dec("0.25"));
    let path = write(&ev, &f, "考核汇总.xlsx", false);
    let r = sheet(&path, "总分排名");
    let cut = column(&r, HEADER_ROW, "超出项目分值未扣的分数");
    assert_eq!(cut, column(&r, HEADER_ROW, "加分") + 1);
    let row = (FIRST_ROW..FIRST_ROW + 2)
        .find(|row| text(&r, *row, 1) == "甲大厅")
        .expect("甲");
    assert_eq!(number(&r, row, cut), 0.25);
    assert_eq!(
        format_code(&path, "xl/worksheets/sheet1.xml", &a1(row, cut)),
        "0.00"
    );
    assert!(
        texts(&r)
            .iter()
            .any(|t| t.starts_with("超出项目分值未扣的分数："))
    );
    let r = sheet(&path, "扣分明细");
    assert_eq!(
        text(&r, FIRST_ROW, column(&r, HEADER_ROW, "是否计入")),
        "部分计入"
    );
    assert_eq!(
        text(&r, FIRST_ROW, column(&r, HEADER_ROW, "说明")),
        "该项扣分合计 1.25，多于该项得分 1，只扣到 0 分，多出的 0.25 分不再扣"
    );
    assert!(
        texts(&r)
            .iter()
            .any(|t| t == "浅黄底色：该项扣分多于该项得分，超出的部分不再扣（见“说明”列）")
    );
    assert!(!texts(&r).iter().any(|t| t.contains("封底")));
}

#[test]
fn a_draft_says_so_in_every_title_and_without_draft_only_the_report_is_written() {
    let f = Folder::with_halls("summary-draft", 1);
    f.write("坏.xlsx", "not a workbook");
    let ev = f.eval();
    assert!(ev.error_count() > 0);
    let path = write(&ev, &f, "草稿.xlsx", true);
    let wb = open_workbook_auto(&path).expect("open");
    assert_eq!(wb.sheet_names().len(), 6);
    for name in wb.sheet_names() {
        let r = sheet(&path, &name);
        assert!(
            text(&r, 0, 0).ends_with("（草稿：数据未通过校验）"),
            "{name}"
        );
    }
    let path = write(&ev, &f, "校验.xlsx", false);
    let wb = open_workbook_auto(&path).expect("open");
    assert_eq!(wb.sheet_names(), ["校验报告"]);
    let r = sheet(&path, "校验报告");
    assert_eq!(
        text(&r, 0, 0),
        "2025年度专业办事大厅窗口服务工作考核数据校验报告"
    );
    assert_eq!(text(&r, FIRST_ROW, 0), "错误");
    assert!(
        texts(&r)
            .iter()
            .any(|t| t == "浅红底色：错误：必须改正后重新运行，否则考核结果不可信")
    );
}

#[test]
fn summary_is_byte_identical_on_rerun() {
    let ev = sample();
    let f = Folder::new("summary-rerun");
    let a = write(&ev, &f, "a.xlsx", false);
    let b = write(&ev, &f, "b.xlsx", false);
    assert!(std::fs::read(a).expect("a") == std::fs::read(b).expect("b"));
}
