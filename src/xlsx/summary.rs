//! `考核汇总.xlsx`: the summary workbook leadership reads at a glance and a clerk filters, prints
//! and forwards. Every sheet opens with a title row and a 制表单位/制表日期 row; every number is
//! a real number cell showing exactly the decimals it has; every date is a date cell; every
//! shading is explained in a legend below its table; every detail line names its source cell.

use super::{SaveError, f64_of, properties, save_atomic, text_width};
use crate::Evaluation;
use crate::score::HallScore;
use crate::text::{Date, fmt_dec, numeral};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartDataLabel, ChartDataLabelPosition, ChartFont, ChartFormat,
    ChartPoint, ChartSolidFill, ChartType, Color, ExcelDateTime, Format, FormatAlign, FormatBorder,
    Workbook, Worksheet, XlsxError,
};
use std::path::Path;

pub const FILE_NAME: &str = "考核汇总.xlsx";

/// The font of every cell, chart and page header: the Chinese Windows default that Excel, WPS
/// and LibreOffice all know by this name (Calibri has no CJK glyphs and falls back unevenly).
const FONT: &str = "宋体";
/// GB2312 character set and the family Excel records for 宋体: with them Excel picks the same
/// font for Latin digits and CJK text.
const FONT_CHARSET: u8 = 134;
const FONT_FAMILY: u8 = 3;
/// Default row height (pixels) and column width (pixels) of 宋体 11 pt in Excel, so charts and
/// column widths are placed for the font the cells use.
const DEFAULT_ROW_PX: u32 = 18;
const DEFAULT_COL_PX: u32 = 72;

/// Height of one line of 11-pt text in a row (points), and the space above and below it. One
/// line of 宋体 needs 13.5 pt; the rest keeps CJK fallback fonts (taller) from being clipped.
const LINE_PT: f64 = 15.0;
const ROW_PAD_PT: f64 = 5.0;
const TITLE_PT: f64 = 16.0;

/// Widest a data column grows before its text wraps, and widest a header makes its column: a
/// long header wraps over two or three lines rather than widening a column of short numbers.
const DATA_WRAP_AT: f64 = 48.0;
const HEADER_WRAP_AT: f64 = 14.0;
/// Room the 制表日期 needs on the right of the second row (character units).
const DATE_CELL_WIDTH: f64 = 30.0;

/// Rows of every sheet above its table.
const TITLE_ROW: u32 = 0;
const INFO_ROW: u32 = 1;
const FIRST_HEADER_ROW: u32 = 2;

/// The shading of a table row. Each one present in a table gets a legend line below it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shade {
    Plain,
    /// 拟推荐表彰
    Recommended,
    /// 取消评先评优资格; errors in the validation report
    Disqualified,
    /// A line the reader should look at: partly counted deductions, capped bonuses, large gaps.
    Attention,
}

impl Shade {
    fn fill(self) -> Option<Color> {
        match self {
            Shade::Plain => None,
            Shade::Recommended => Some(Color::RGB(0xE2EFDA)),
            Shade::Disqualified => Some(Color::RGB(0xFCE4D6)),
            Shade::Attention => Some(Color::RGB(0xFFF2CC)),
        }
    }

    /// What a legend line calls the colour.
    fn name(self) -> &'static str {
        match self {
            Shade::Plain => "",
            Shade::Recommended => "浅绿底色",
            Shade::Disqualified => "浅红底色",
            Shade::Attention => "浅黄底色",
        }
    }
}

/// Bar colours of the chart, the saturated versions of the row shadings.
const BAR_PLAIN: u32 = 0x4472C4;
const BAR_RECOMMENDED: u32 = 0x70AD47;
const BAR_DISQUALIFIED: u32 = 0xC0504D;

/// One cell of a table.
enum Val {
    T(String),
    /// A score: shown with its column's decimals.
    N(Decimal),
    /// Points available (分值): shown as the rubric writes them.
    P(Decimal),
    I(usize),
    D(Date),
    Blank,
}

impl Val {
    fn shown(&self) -> String {
        match self {
            Val::T(s) => s.clone(),
            Val::N(d) | Val::P(d) => fmt_dec(*d),
            Val::I(i) => i.to_string(),
            Val::D(d) => d.to_string(),
            Val::Blank => String::new(),
        }
    }
}

/// One column: its header, how wide its text may make it before wrapping, and its alignment.
struct Col {
    header: String,
    wrap_at: f64,
    /// Widest its header makes it before the header wraps.
    header_wrap_at: f64,
    /// A fixed width instead of one fitted to the text.
    width: Option<f64>,
    /// Short codes and marks (项目 2.3, 推荐, 计入) read best centred under their header.
    center: bool,
}

impl Col {
    fn wrap(mut self, at: f64) -> Col {
        self.wrap_at = at;
        self
    }

    fn centered(mut self) -> Col {
        self.center = true;
        self
    }

    fn header_wrap(mut self, at: f64) -> Col {
        self.header_wrap_at = at;
        self
    }

    fn fixed(mut self, width: f64) -> Col {
        self.width = Some(width);
        self
    }
}

fn col(header: impl Into<String>) -> Col {
    Col {
        header: header.into(),
        wrap_at: DATA_WRAP_AT,
        header_wrap_at: HEADER_WRAP_AT,
        width: None,
        center: false,
    }
}

/// A table below the title rows, with its legend.
struct Table {
    title: String,
    /// Header cells spanning several columns, in a row above the column headers (first column,
    /// last column, text). Columns under no group have their header merged over both rows.
    groups: Vec<(u16, u16, String)>,
    cols: Vec<Col>,
    rows: Vec<Vec<Val>>,
    shades: Vec<Shade>,
    /// Legend lines below the table: a shade with what it marks, or a plain note.
    legend: Vec<(Shade, String)>,
    freeze_cols: u16,
}

/// The legend of a detail table: what `marked` rows mean when there are any, and `empty` when
/// the table has no rows at all.
fn marked_or_empty(
    shades: &[Shade],
    marked: Shade,
    meaning: &str,
    empty: &str,
) -> Vec<(Shade, String)> {
    let mut legend = Vec::new();
    if shades.contains(&marked) {
        legend.push((marked, meaning.to_string()));
    }
    if shades.is_empty() {
        legend.push((Shade::Plain, empty.to_string()));
    }
    legend
}

/// Where a written table ended up.
struct Placed {
    first_row: u32,
    /// First free row below the legend.
    next_row: u32,
    widths: Vec<f64>,
    /// Height of the rows written (points) and the print scale of the page.
    height: f64,
    scale: f64,
}

/// The printable area of a landscape A4 page with Excel's default margins (0.7 in left and
/// right, 0.75 in top and bottom), in points.
const PRINT_WIDTH_PT: f64 = 741.0;
const PRINT_HEIGHT_PT: f64 = 487.0;
const DEFAULT_ROW_PT: f64 = DEFAULT_ROW_PX as f64 * 0.75;

/// Pixels of a column `width` characters wide, for a font with 8-pixel digits.
fn column_px(width: f64) -> f64 {
    (width * 8.0 + 5.0).floor()
}

/// The scale at which a sheet printed one page wide comes out.
fn print_scale(widths: &[f64]) -> f64 {
    let width_pt: f64 = widths.iter().map(|w| column_px(*w) * 0.75).sum();
    (PRINT_WIDTH_PT / width_pt).min(1.0)
}

/// What every sheet shows above its table and in its page header and footer.
struct Page<'a> {
    issuer: &'a str,
    date: Date,
    /// `[document] decimals`: the fewest decimals a score column shows.
    decimals: u32,
    /// Appended to every title while the data has errors (draft run).
    mark: &'static str,
}

fn base_format() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_charset(FONT_CHARSET)
        .set_font_family(FONT_FAMILY)
        .set_font_size(11)
}

fn cell_format(shade: Shade) -> Format {
    let f = base_format()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    match shade.fill() {
        Some(c) => f.set_background_color(c),
        None => f,
    }
}

/// A number format that shows exactly `scale` decimals: `0` (19), `0.0` (28.8), `0.00`
/// (101.75). No single format does it in Excel: `0.##` shows "19.", `General` turns to
/// scientific notation in narrow columns. Padding the shorter numbers with `_0` to line up the
/// points is measured wrongly by LibreOffice with CJK fonts, so numbers are centred instead, as
/// in printed Chinese tables.
fn number_format(scale: u32) -> String {
    if scale == 0 {
        "0".to_string()
    } else {
        format!("0.{}", "0".repeat(scale as usize))
    }
}

/// Decimals a number has, at most six (scores are sums of amounts written with one or two).
fn scale_of(d: Decimal) -> u32 {
    d.normalize().scale().min(6)
}

const DATE_FORMAT: &str = "yyyy-mm-dd";

fn excel_date(d: Date) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year)
        .ok()
        .filter(|y| (1900..=9999).contains(y))?;
    ExcelDateTime::from_ymd(year, d.month as u8, d.day as u8).ok()
}

/// Width of `text` in 宋体 11, in Excel's character units. `text_width` allows a CJK character
/// 2.05 digit widths (right for the fallback fonts of Calibri); 宋体's CJK characters are 1.83
/// and its Latin ones 0.92, so its estimate is scaled down, or one-line texts get two-line rows.
fn measure(text: &str) -> f64 {
    text_width(text) * 0.92
}

/// Lines `text` takes in a column `width` characters wide; a CJK line breaks anywhere.
fn lines_in(text: &str, width: f64) -> f64 {
    // The cell's inner margins take about one character of the width.
    let usable = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|line| (measure(line) / usable).ceil().max(1.0))
        .sum()
}

fn row_height(lines: f64) -> f64 {
    LINE_PT * lines + ROW_PAD_PT
}

/// Writes `text` over columns `first..=last` of `row`, merged when that is more than one cell.
fn span(
    ws: &mut Worksheet,
    row: u32,
    first: u16,
    last: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if first == last {
        ws.write_with_format(row, first, text, format)?;
    } else {
        ws.merge_range(row, first, row, last, text, format)?;
    }
    Ok(())
}

/// `&` starts a code in page headers and footers.
fn header_text(s: &str) -> String {
    s.replace('&', "&&")
}

/// Where a table's rows are.
struct Rows {
    first_row: u32,
    header_row: u32,
    last_row: u32,
    last_col: u16,
}

fn table(ws: &mut Worksheet, page: &Page, t: &Table) -> Result<Placed, XlsxError> {
    let ncols = t.cols.len() as u16;
    let header_row = FIRST_HEADER_ROW + u32::from(!t.groups.is_empty());
    let rows = Rows {
        first_row: header_row + 1,
        header_row,
        last_row: header_row + t.rows.len() as u32,
        last_col: ncols.saturating_sub(1),
    };
    let widths = column_widths(ws, t)?;
    let (title, issuer_text, mut height) = title_rows(ws, page, t, &widths, rows.last_col)?;
    header_rows(ws, t, &widths, header_row, &mut height)?;
    data_rows(ws, page, t, &widths, rows.first_row, &mut height)?;
    let next = legend(ws, t, &widths, &rows, &mut height)?;
    let scale = print_setup(ws, page, t, &widths, (&title, &issuer_text), height, &rows)?;
    Ok(Placed {
        first_row: rows.first_row,
        next_row: next,
        widths,
        height,
        scale,
    })
}

fn column_widths(ws: &mut Worksheet, t: &Table) -> Result<Vec<f64>, XlsxError> {
    // Widths: what the data needs up to its wrap width; a header widens its column only up to
    // HEADER_WRAP_AT and wraps beyond.
    let mut widths = Vec::new();
    for (c, col) in t.cols.iter().enumerate() {
        let data = t
            .rows
            .iter()
            .filter_map(|r| r.get(c))
            .map(|v| measure(&v.shown()))
            .fold(0.0, f64::max);
        let header = col
            .header
            .split('\n')
            .map(measure)
            .fold(0.0, f64::max)
            .min(col.header_wrap_at);
        // Two characters of room: the cell margins and the filter arrow of the header.
        let w = col
            .width
            .unwrap_or_else(|| (data.min(col.wrap_at).max(header) + 2.0).clamp(5.0, 60.0));
        ws.set_column_width(c as u16, w)?;
        widths.push(w);
    }
    Ok(widths)
}

/// The title row and the 制表单位/制表日期 row: the title, the issuer's text and their height.
fn title_rows(
    ws: &mut Worksheet,
    page: &Page,
    t: &Table,
    widths: &[f64],
    last_col: u16,
) -> Result<(String, String, f64), XlsxError> {
    let total_width: f64 = widths.iter().sum();

    // Title and 制表单位/制表日期.
    let title = format!("{}{}", t.title, page.mark);
    let title_format = base_format()
        .set_bold()
        .set_font_size(TITLE_PT)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    span(ws, TITLE_ROW, 0, last_col, &title, &title_format)?;
    let title_lines = lines_in(&title, total_width * 11.0 / TITLE_PT);
    let mut height = (TITLE_PT * 1.4) * title_lines + 10.0;
    ws.set_row_height(TITLE_ROW, height)?;

    let info = base_format().set_align(FormatAlign::VerticalCenter);
    // The date takes the last columns that together are wide enough; the issuer the rest.
    let mut date_col = last_col;
    let mut room = widths.last().copied().unwrap_or(0.0);
    while room < DATE_CELL_WIDTH && date_col > 1 {
        date_col -= 1;
        room += widths[date_col as usize];
    }
    let issuer_text = if page.issuer.is_empty() {
        String::new()
    } else {
        format!("制表单位：{}", page.issuer)
    };
    span(
        ws,
        INFO_ROW,
        0,
        date_col.saturating_sub(1),
        &issuer_text,
        &info,
    )?;
    let date_format = info
        .clone()
        .set_align(FormatAlign::Right)
        .set_num_format("\"制表日期：\"yyyy\"年\"m\"月\"d\"日\"");
    if date_col < last_col {
        ws.merge_range(INFO_ROW, date_col, INFO_ROW, last_col, "", &date_format)?;
    }
    match excel_date(page.date) {
        Some(dt) => ws.write_datetime_with_format(INFO_ROW, date_col, dt, &date_format)?,
        None => ws.write_with_format(
            INFO_ROW,
            date_col,
            format!("制表日期：{}", page.date.chinese()),
            &info,
        )?,
    };
    ws.set_row_height(INFO_ROW, row_height(1.0))?;
    height += row_height(1.0);

    Ok((title, issuer_text, height))
}

fn header_rows(
    ws: &mut Worksheet,
    t: &Table,
    widths: &[f64],
    header_row: u32,
    height: &mut f64,
) -> Result<(), XlsxError> {
    // Headers.
    let header_format = base_format()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    // Row by row, top to bottom: the big sheets are written in constant-memory mode, where
    // a row cannot be touched once a later one has been.
    let grouped = |c: u16| t.groups.iter().any(|(a, b, _)| (*a..=*b).contains(&c));
    if !t.groups.is_empty() {
        let mut group_lines: f64 = 1.0;
        for (c, col) in t.cols.iter().enumerate() {
            let c16 = c as u16;
            if !grouped(c16) {
                ws.merge_range(
                    FIRST_HEADER_ROW,
                    c16,
                    header_row,
                    c16,
                    &col.header,
                    &header_format,
                )?;
            }
        }
        for (a, b, text) in &t.groups {
            span(ws, FIRST_HEADER_ROW, *a, *b, text, &header_format)?;
            let w: f64 = widths[*a as usize..=*b as usize].iter().sum();
            group_lines = group_lines.max(lines_in(text, w));
        }
        ws.set_row_height(FIRST_HEADER_ROW, row_height(group_lines))?;
        *height += row_height(group_lines);
    }
    let mut header_lines: f64 = 1.0;
    for (c, col) in t.cols.iter().enumerate() {
        let c16 = c as u16;
        if t.groups.is_empty() || grouped(c16) {
            ws.write_with_format(header_row, c16, &col.header, &header_format)?;
            header_lines = header_lines.max(lines_in(&col.header, widths[c]));
        }
    }
    ws.set_row_height(header_row, row_height(header_lines))?;
    *height += row_height(header_lines);

    Ok(())
}

fn data_rows(
    ws: &mut Worksheet,
    page: &Page,
    t: &Table,
    widths: &[f64],
    first_row: u32,
    height: &mut f64,
) -> Result<(), XlsxError> {
    // one number of decimals per score column (93.0 beside 28.8), more only where a value
    // has more: a figure is never rounded
    let scales: Vec<u32> = (0..t.cols.len())
        .map(|c| {
            crate::text::column_scale(
                t.rows.iter().filter_map(|row| match row.get(c) {
                    Some(Val::N(d)) => Some(*d),
                    _ => None,
                }),
                page.decimals,
            )
        })
        .collect();
    // Data rows.
    for (r, row) in t.rows.iter().enumerate() {
        let shade = t.shades.get(r).copied().unwrap_or(Shade::Plain);
        let row_no = first_row + r as u32;
        let mut lines: f64 = 1.0;
        for (c, v) in row.iter().enumerate() {
            let c16 = c as u16;
            let cell = if t.cols.get(c).is_some_and(|col| col.center) {
                cell_format(shade).set_align(FormatAlign::Center)
            } else {
                cell_format(shade)
            };
            match v {
                Val::T(s) => {
                    ws.write_with_format(row_no, c16, s, &cell.clone().set_text_wrap())?;
                    lines = lines.max(lines_in(s, widths[c]));
                }
                Val::N(d) => {
                    let fmt = cell
                        .clone()
                        .set_align(FormatAlign::Center)
                        .set_num_format(number_format(scales[c]));
                    ws.write_with_format(row_no, c16, f64_of(*d), &fmt)?;
                }
                Val::P(d) => {
                    let fmt = cell
                        .clone()
                        .set_align(FormatAlign::Center)
                        .set_num_format(number_format(scale_of(*d)));
                    ws.write_with_format(row_no, c16, f64_of(*d), &fmt)?;
                }
                Val::I(i) => {
                    let fmt = cell
                        .clone()
                        .set_num_format("0")
                        .set_align(FormatAlign::Center);
                    ws.write_with_format(row_no, c16, *i as f64, &fmt)?;
                }
                Val::D(d) => {
                    let fmt = cell
                        .clone()
                        .set_num_format(DATE_FORMAT)
                        .set_align(FormatAlign::Center);
                    match excel_date(*d) {
                        Some(dt) => ws.write_datetime_with_format(row_no, c16, dt, &fmt)?,
                        None => ws.write_with_format(row_no, c16, d.to_string(), &fmt)?,
                    };
                }
                Val::Blank => {
                    ws.write_blank(row_no, c16, &cell)?;
                }
            }
        }
        ws.set_row_height(row_no, row_height(lines))?;
        *height += row_height(lines);
    }
    Ok(())
}

/// The legend below the table; the first free row after it.
fn legend(
    ws: &mut Worksheet,
    t: &Table,
    widths: &[f64],
    rows: &Rows,
    height: &mut f64,
) -> Result<u32, XlsxError> {
    let (last_row, last_col) = (rows.last_row, rows.last_col);

    // Legend, one blank row below the table so a filter never takes it in.
    let mut next = last_row + 2;
    *height += DEFAULT_ROW_PT;
    let note = base_format()
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let note_width: f64 = widths.iter().skip(1).sum();
    for (shade, text) in &t.legend {
        let text = if *shade == Shade::Plain {
            text.clone()
        } else {
            format!("{}：{}", shade.name(), text)
        };
        if *shade != Shade::Plain {
            ws.write_blank(next, 0, &cell_format(*shade))?;
        }
        span(ws, next, 1.min(last_col), last_col, &text, &note)?;
        ws.set_row_height(next, row_height(lines_in(&text, note_width)))?;
        *height += row_height(lines_in(&text, note_width));
        next += 1;
    }

    Ok(next)
}

/// Freeze panes, filter, page setup, header and footer; the print scale.
fn print_setup(
    ws: &mut Worksheet,
    page: &Page,
    t: &Table,
    widths: &[f64],
    (title, issuer_text): (&str, &str),
    height: f64,
    rows: &Rows,
) -> Result<f64, XlsxError> {
    let (first_row, header_row, last_row, last_col) = (
        rows.first_row,
        rows.header_row,
        rows.last_row,
        rows.last_col,
    );
    ws.set_freeze_panes(first_row, t.freeze_cols)?;
    ws.autofilter(header_row, 0, last_row, last_col)?;

    // Print: A4 landscape, one page wide, headers repeated, title and issuer on every page.
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    let scale = print_scale(widths);
    // Headers repeated over a one-page table would only print again above the chart.
    if height * scale > PRINT_HEIGHT_PT {
        ws.set_repeat_rows(FIRST_HEADER_ROW, header_row)?;
    }
    // A space after each size code: text starting with digits would extend the size.
    ws.set_header(format!("&C&\"{FONT},Bold\"&12 {}", header_text(title)));
    let small = format!("&\"{FONT},Regular\"&9 ");
    let pages = format!("&C{small}第 &P 页，共 &N 页");
    let dated = format!("&R{small}制表日期：{}", page.date.chinese());
    let issuer = format!("&L{small}{}", header_text(issuer_text));
    let footer = format!("{issuer}{pages}{dated}");
    // Excel refuses a footer over 255 characters: a very long issuer stays on screen only.
    ws.set_footer(if footer.chars().count() <= 255 {
        footer
    } else {
        format!("{pages}{dated}")
    });
    Ok(scale)
}

/// Builds the summary workbook. With input errors only the validation report is written: a
/// workbook of unchecked scores must not circulate as a result.
///
/// The sheets are written in constant-memory mode, each row to an unnamed temporary file in
/// `scratch` as soon as the next row starts: a province's deduction list (~500,000 cells at
/// 2,000 halls) held as cells would cost ~100 MB while the documents are being made.
pub fn build(
    ev: &Evaluation,
    date: Date,
    draft: bool,
    scratch: &Path,
) -> Result<Workbook, XlsxError> {
    let year = ev
        .scores
        .year
        .map(|y| format!("{y}年度"))
        .unwrap_or_default();
    let mut wb = Workbook::new();
    wb.set_tempdir(scratch)?;
    wb.set_default_format(&base_format(), DEFAULT_ROW_PX, DEFAULT_COL_PX)?;
    wb.set_properties(&properties(
        &format!("{year}全市专业办事大厅窗口服务工作考核汇总"),
        &ev.config.issuer,
        date,
    )?);
    let with_scores = ev.error_count() == 0 || draft;
    let page = Page {
        issuer: &ev.config.issuer,
        date,
        decimals: ev.config.document.decimals(),
        // Only a draft carries scores of unchecked data; a lone validation report is no draft.
        mark: if ev.error_count() > 0 && draft {
            "（草稿：数据未通过校验）"
        } else {
            ""
        },
    };
    let titled = |what: &str| format!("{year}专业办事大厅窗口服务工作考核{what}");
    if with_scores {
        ranking(
            wb.add_worksheet_with_constant_memory()?,
            &page,
            ev,
            &format!("{year}全市专业办事大厅窗口服务工作考核汇总"),
        )?;
        items(
            wb.add_worksheet_with_constant_memory()?,
            &page,
            ev,
            &titled("分项得分"),
        )?;
        deductions(
            wb.add_worksheet_with_constant_memory()?,
            &page,
            ev,
            &titled("扣分明细"),
        )?;
        bonuses(
            wb.add_worksheet_with_constant_memory()?,
            &page,
            ev,
            &titled("加分明细"),
        )?;
        self_vs_assessed(
            wb.add_worksheet_with_constant_memory()?,
            &page,
            ev,
            &titled("自评得分与考核得分对比"),
        )?;
        if let Some(h) = &ev.history {
            history(
                wb.add_worksheet_with_constant_memory()?,
                &page,
                ev,
                h,
                &titled("历年对比"),
            )?;
        }
    }
    report(
        wb.add_worksheet_with_constant_memory()?,
        &page,
        ev,
        &titled("数据校验报告"),
    )?;
    Ok(wb)
}

pub fn write(ev: &Evaluation, path: &Path, date: Date, draft: bool) -> Result<(), SaveError> {
    // the workbook's rows wait in its own folder, which must exist before the first row
    let scratch = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    crate::fsio::create_dir_all(scratch)?;
    let mut wb = build(ev, date, draft, scratch).map_err(|source| SaveError::Build {
        path: path.to_path_buf(),
        source,
    })?;
    save_atomic(&mut wb, path)
}

/// The full lists of a quarterly circular too long to print them
/// ([`crate::render::context::condense`]): every hall checked and every problem found.
pub fn quarter_list(
    quarter: &crate::render::context::Quarter,
    date: Date,
    draft: bool,
    decimals: u32,
) -> Result<Workbook, XlsxError> {
    let issuer = &quarter.doc.issuer;
    let title = |what: &str| {
        format!(
            "{}年{}明察暗访{what}",
            quarter.doc.year, quarter.quarter_label
        )
    };
    let mut wb = Workbook::new();
    wb.set_default_format(&base_format(), DEFAULT_ROW_PX, DEFAULT_COL_PX)?;
    wb.set_properties(&properties(&title("问题清单"), issuer, date)?);
    let page = Page {
        issuer,
        date,
        decimals,
        mark: if draft {
            "（草稿：数据未通过校验）"
        } else {
            ""
        },
    };
    let halls = Table {
        title: title("各大厅检查情况"),
        groups: Vec::new(),
        cols: vec![
            col("大厅"),
            col("检查次数").centered(),
            col("发现问题").centered(),
            col("扣分"),
        ],
        rows: quarter
            .per_hall
            .iter()
            .map(|h| {
                vec![
                    Val::T(h.name.clone()),
                    Val::I(h.checks),
                    Val::I(h.problems),
                    Val::N(h.deducted),
                ]
            })
            .collect(),
        shades: vec![Shade::Plain; quarter.per_hall.len()],
        legend: Vec::new(),
        freeze_cols: 1,
    };
    let ws = wb.add_worksheet();
    ws.set_name("各大厅检查情况")?;
    table(ws, &page, &halls)?;
    let shades: Vec<Shade> = quarter
        .problems
        .iter()
        .map(|p| {
            if p.criticized {
                Shade::Attention
            } else {
                Shade::Plain
            }
        })
        .collect();
    let problems = Table {
        title: title("发现的问题"),
        groups: Vec::new(),
        cols: vec![
            col("日期"),
            col("检查层级").centered(),
            col("检查方式").centered(),
            col("大厅"),
            col("发现问题").wrap(44.0),
            col("项目").centered(),
            col("扣分"),
            col("通报批评").centered(),
            col("来源").wrap(40.0),
        ],
        rows: quarter
            .problems
            .iter()
            .map(|p| {
                vec![
                    Val::D(p.on),
                    Val::T(p.level.clone()),
                    Val::T(p.method.clone()),
                    Val::T(p.hall.clone()),
                    Val::T(if p.window.is_empty() {
                        p.problem.clone()
                    } else {
                        format!("{}（{}）", p.problem, p.window)
                    }),
                    Val::T(p.item.clone()),
                    Val::N(p.deducted),
                    Val::T(if p.criticized { "是" } else { "" }.to_string()),
                    Val::T(p.source.clone()),
                ]
            })
            .collect(),
        legend: marked_or_empty(
            &shades,
            Shade::Attention,
            "被通报批评的问题",
            "本季度没有发现问题。",
        ),
        shades,
        freeze_cols: 0,
    };
    let ws = wb.add_worksheet();
    ws.set_name("发现的问题")?;
    table(ws, &page, &problems)?;
    Ok(wb)
}

/// The 复核 workbook of `kaohe diff --xlsx`: every change between two runs, one per row, with
/// the hall's total and rank before and after and the cell the change comes from.
pub fn review(
    diff: &crate::diff::Diff,
    issuer: &str,
    date: Date,
    title: &str,
) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_default_format(&base_format(), DEFAULT_ROW_PX, DEFAULT_COL_PX)?;
    wb.set_properties(&properties(title, issuer, date)?);
    let page = Page {
        issuer,
        date,
        decimals: 0,
        mark: "",
    };
    let opt = |v: &Option<String>| v.clone().map_or(Val::Blank, Val::T);
    let rank = |v: Option<usize>| v.map_or(Val::Blank, Val::I);
    let mut rows = Vec::new();
    let head = |h: &crate::diff::HallDiff| {
        vec![
            Val::T(h.name.clone()),
            opt(&h.total_before),
            opt(&h.total_after),
            rank(h.rank_before),
            rank(h.rank_after),
        ]
    };
    for h in &diff.halls {
        if h.changes.is_empty() {
            let what = match (h.rank_before, h.rank_after) {
                (None, _) => "新出现的大厅",
                (_, None) => "新结果中没有这个大厅",
                _ => "名次随其他大厅变化",
            };
            let mut r = head(h);
            r.extend([Val::T(what.to_string()), Val::Blank, Val::Blank, Val::Blank]);
            rows.push(r);
        }
        for c in &h.changes {
            let mut r = head(h);
            r.extend([
                Val::T(c.what.clone()),
                Val::T(c.before.clone()),
                Val::T(c.after.clone()),
                Val::T(c.source.clone()),
            ]);
            rows.push(r);
        }
    }
    let mut legend = Vec::new();
    if !diff.now_recommended.is_empty() {
        legend.push((
            Shade::Plain,
            format!(
                "新进入拟推荐表彰的大厅：{}",
                diff.now_recommended.join("、")
            ),
        ));
    }
    if !diff.no_longer_recommended.is_empty() {
        legend.push((
            Shade::Plain,
            format!(
                "不再拟推荐表彰的大厅：{}",
                diff.no_longer_recommended.join("、")
            ),
        ));
    }
    if rows.is_empty() {
        legend.push((Shade::Plain, "两次结果相同。".to_string()));
    }
    let t = Table {
        title: title.to_string(),
        groups: Vec::new(),
        cols: vec![
            col("大厅"),
            col("原总分"),
            col("现总分"),
            col("原名次").centered(),
            col("现名次").centered(),
            col("变化").wrap(40.0),
            col("原值"),
            col("现值"),
            col("来源").wrap(40.0),
        ],
        shades: vec![Shade::Plain; rows.len()],
        rows,
        legend,
        freeze_cols: 1,
    };
    let ws = wb.add_worksheet();
    ws.set_name("复核")?;
    table(ws, &page, &t)?;
    Ok(wb)
}

/// 历年对比: this year's rank and total beside last year's, hall by hall; halls new this year
/// and halls of last year not in this year's registry are marked.
fn history(
    ws: &mut Worksheet,
    page: &Page,
    ev: &Evaluation,
    h: &crate::history::History,
    title: &str,
) -> Result<(), XlsxError> {
    ws.set_name("历年对比")?;
    let last = h
        .year
        .map(|y| format!("{y}年度"))
        .unwrap_or("上年".to_string());
    let columns = vec![
        col("大厅"),
        col(format!("{last}名称")),
        col(format!("{last}名次")).centered(),
        col(format!("{last}总分")),
        col("本年名次").centered(),
        col("本年总分"),
        col("总分增减"),
        col("名次变化").centered(),
        col("说明").wrap(36.0),
    ];
    let mut rows = Vec::new();
    let mut shades = Vec::new();
    for hall in &ev.scores.halls {
        let prev = h.of(&hall.name).and_then(|c| c.previous.as_ref());
        let mut r = vec![Val::T(hall.name.clone())];
        match prev {
            Some(p) => {
                let moved = p.rank as i64 - hall.rank as i64;
                r.extend([
                    Val::T(p.name.clone()),
                    Val::I(p.rank),
                    Val::N(p.total),
                    Val::I(hall.rank),
                    Val::N(hall.total),
                    Val::N(hall.total - p.total),
                    Val::T(match moved {
                        0 => "持平".to_string(),
                        m if m > 0 => format!("上升{m}位"),
                        m => format!("下降{}位", -m),
                    }),
                    Val::T(if p.name != hall.name {
                        format!("上年名称“{}”，按简称对应", p.name)
                    } else {
                        String::new()
                    }),
                ]);
                shades.push(Shade::Plain);
            }
            None => {
                r.extend([
                    Val::Blank,
                    Val::Blank,
                    Val::Blank,
                    Val::I(hall.rank),
                    Val::N(hall.total),
                    Val::Blank,
                    Val::Blank,
                    Val::T("本年新增，上年没有考核结果".to_string()),
                ]);
                shades.push(Shade::Attention);
            }
        }
        rows.push(r);
    }
    for g in &h.gone {
        rows.push(vec![
            Val::Blank,
            Val::T(g.clone()),
            Val::Blank,
            Val::Blank,
            Val::Blank,
            Val::Blank,
            Val::Blank,
            Val::Blank,
            Val::T("本年名录中没有（名称和简称都不相符），未作对比".to_string()),
        ]);
        shades.push(Shade::Attention);
    }
    let legend = marked_or_empty(
        &shades,
        Shade::Attention,
        "两年中只有一年有考核结果的大厅（见“说明”列）",
        "没有可对比的大厅。",
    );
    let t = Table {
        title: title.to_string(),
        groups: Vec::new(),
        cols: columns,
        rows,
        shades,
        legend,
        freeze_cols: 1,
    };
    table(ws, page, &t)?;
    Ok(())
}

/// `一、围绕中心工作，服务发展大局（20分）`: the rubric's own section names and maxima. The
/// points go on a line of their own (`sep` = `\n`) in narrow headers, so they never split.
fn section_headers(rubric: &crate::rubric::Rubric, sep: &str) -> Vec<(u32, String)> {
    rubric
        .sections
        .iter()
        .map(|sec| {
            let max: Decimal = rubric
                .items
                .iter()
                .filter(|i| i.section == sec.number)
                .map(|i| i.max)
                .sum();
            (
                sec.number,
                format!(
                    "{}、{}{sep}（{}分）",
                    numeral(sec.number),
                    sec.name,
                    fmt_dec(max)
                ),
            )
        })
        .collect()
}

fn hall_shade(h: &HallScore) -> Shade {
    if h.disqualified {
        Shade::Disqualified
    } else if h.recommended {
        Shade::Recommended
    } else {
        Shade::Plain
    }
}

/// The ranking sheet's name; the chart's series point into it.
const RANKING_SHEET: &str = "总分排名";

fn ranking(ws: &mut Worksheet, page: &Page, ev: &Evaluation, title: &str) -> Result<(), XlsxError> {
    ws.set_name(RANKING_SHEET)?;
    let rubric = &ev.rubric;
    let halls = &ev.scores.halls;
    let items_max: Decimal = rubric.items.iter().map(|i| i.max).sum();
    // Deductions lost to an item's floor of 0 are rare; a column of zeros would only puzzle.
    let show_cut_off = halls.iter().any(|h| !h.cut_off.is_zero());

    let mut columns = vec![col("名次").centered(), col("大厅")];
    // Section names are long; they wrap over a few lines above columns of short numbers.
    columns.extend(
        section_headers(rubric, "\n")
            .into_iter()
            .map(|(_, h)| col(h).header_wrap(13.0)),
    );
    columns.push(col(format!("项目得分\n（{}分）", fmt_dec(items_max))));
    columns.push(col("加分"));
    if show_cut_off {
        columns.push(col("超出项目分值未扣的分数").header_wrap(8.0));
    }
    let total_col = columns.len() as u16;
    columns.push(col("总分"));
    columns.push(col("推荐表彰").centered());
    columns.push(col("取消评先评优资格").header_wrap(8.0).centered());
    columns.push(col("原因").wrap(36.0));

    let rows: Vec<Vec<Val>> = halls
        .iter()
        .map(|h| {
            let mut r = vec![Val::I(h.rank), Val::T(h.name.clone())];
            r.extend(h.sections.iter().map(|(_, v)| Val::N(*v)));
            r.push(Val::N(h.items_total));
            r.push(Val::N(h.bonus));
            if show_cut_off {
                r.push(Val::N(h.cut_off));
            }
            r.push(Val::N(h.total));
            r.push(if h.recommended {
                Val::T("推荐".into())
            } else {
                Val::Blank
            });
            r.push(if h.disqualified {
                Val::T("取消".into())
            } else {
                Val::Blank
            });
            r.push(if h.reasons.is_empty() {
                Val::Blank
            } else {
                Val::T(h.reasons.join("；"))
            });
            r
        })
        .collect();
    let shades: Vec<Shade> = halls.iter().map(hall_shade).collect();

    let legend = ranking_legend(ev, &shades, show_cut_off);

    let t = Table {
        title: title.to_string(),
        groups: Vec::new(),
        cols: columns,
        rows,
        shades,
        legend,
        freeze_cols: 2,
    };
    let placed = table(ws, page, &t)?;

    ranking_chart(ws, page, ev, &placed, total_col)
}

/// What the ranking's shades and columns mean.
fn ranking_legend(ev: &Evaluation, shades: &[Shade], show_cut_off: bool) -> Vec<(Shade, String)> {
    let mut legend = Vec::new();
    if shades.contains(&Shade::Recommended) {
        legend.push((
            Shade::Recommended,
            format!(
                "拟推荐提请表彰的大厅（总分前{}名，取消评先评优资格的大厅除外），图中为绿色",
                ev.scores.recommend_count
            ),
        ));
    }
    if shades.contains(&Shade::Disqualified) {
        legend.push((
            Shade::Disqualified,
            "取消评先评优资格的大厅，不参加推荐，原因见“原因”列，图中为红色".to_string(),
        ));
    }
    if ev.scores.tie_at_boundary {
        legend.push((
            Shade::Plain,
            "注意：推荐名额边界出现并列，推荐的大厅多于名额，请领导小组研究确定。".to_string(),
        ));
    }
    legend.push((
        Shade::Plain,
        "总分＝项目得分＋加分；项目得分为上列各部分得分之和。".to_string(),
    ));
    if show_cut_off {
        legend.push((
            Shade::Plain,
            "超出项目分值未扣的分数：某个项目的扣分多于该项得分时，该项只扣到 0 分，多出的分数不再扣。"
                .to_string(),
        ));
    }

    legend
}

/// The bar chart of the totals, below the ranking or on a page of its own.
fn ranking_chart(
    ws: &mut Worksheet,
    page: &Page,
    ev: &Evaluation,
    placed: &Placed,
    total_col: u16,
) -> Result<(), XlsxError> {
    let halls = &ev.scores.halls;
    let n = halls.len() as u32;
    if n > 0 {
        let first = placed.first_row;
        let last = first + n - 1;
        let font = |size: f64| {
            let mut f = ChartFont::new();
            f.set_name(FONT).set_size(size);
            f
        };
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .title()
            .set_name("各大厅考核总分（按名次排列）")
            .set_font(font(12.0).set_bold());
        chart.legend().set_hidden();
        let points: Vec<ChartPoint> = halls
            .iter()
            .map(|h| {
                let color = match hall_shade(h) {
                    Shade::Recommended => BAR_RECOMMENDED,
                    Shade::Disqualified => BAR_DISQUALIFIED,
                    _ => BAR_PLAIN,
                };
                ChartPoint::new().set_format(
                    ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(color)),
                )
            })
            .collect();
        // each total as the table shows it (101.7, 93.0)
        let total_format = number_format(crate::text::column_scale(
            ev.scores.halls.iter().map(|h| h.total),
            page.decimals,
        ));
        chart
            .add_series()
            .set_name("总分")
            .set_categories((RANKING_SHEET, first, 1, last, 1))
            .set_values((RANKING_SHEET, first, total_col, last, total_col))
            .set_points(&points)
            .set_gap(60)
            .set_data_label(
                ChartDataLabel::new()
                    .show_value()
                    .set_position(ChartDataLabelPosition::OutsideEnd)
                    .set_num_format(&total_format)
                    .set_font(&font(10.0)),
            );
        // A bar's length must be proportional to its total: an axis from 75 makes 85 look a
        // third of 101.
        chart
            .x_axis()
            .set_min(0)
            .set_num_format("0")
            .set_font(&font(10.0));
        // Bar charts list categories bottom-up; reverse so rank 1 is on top like the table,
        // and keep the value axis at the bottom (it follows the first category otherwise).
        chart
            .y_axis()
            .set_reverse()
            .set_crossing(ChartAxisCrossing::Max)
            .set_font(&font(10.0));
        // As wide as most of the table, as tall as the bars need.
        let table_px: f64 = placed.widths.iter().map(|w| column_px(*w)).sum();
        let width = (table_px * 0.8).clamp(480.0, 1000.0) as u32;
        let mut height = (80 + 24 * n).min(2400);
        let row = placed.next_row + 1;
        // Printed, the chart goes below the table when both fit the first page, else on a
        // page of its own rather than cut in two, where it may take most of the page (with
        // bars no fatter than 44 pixels).
        let below = placed.height + DEFAULT_ROW_PT + f64::from(height) * 0.75;
        if below * placed.scale > PRINT_HEIGHT_PT {
            ws.set_page_breaks(&[row])?;
            let page_px = (PRINT_HEIGHT_PT * 0.85 / placed.scale / 0.75) as u32;
            height = height.max(page_px.min(80 + 44 * n)).min(2400);
        }
        chart.set_width(width).set_height(height);
        ws.insert_chart_with_offset(row, 1, &chart, 0, 0)?;
    }
    Ok(())
}

fn items(ws: &mut Worksheet, page: &Page, ev: &Evaluation, title: &str) -> Result<(), XlsxError> {
    ws.set_name("分项得分")?;
    let rubric = &ev.rubric;
    let mut columns = vec![col("名次").centered(), col("大厅")];
    // Seventeen items side by side fit a landscape page only narrow: their names wrap in
    // the header.
    columns.extend(
        rubric
            .items
            .iter()
            .map(|i| col(format!("{}\n{}\n（{}分）", i.code, i.name, fmt_dec(i.max))).fixed(8.5)),
    );
    let items_max: Decimal = rubric.items.iter().map(|i| i.max).sum();
    columns.push(col(format!("项目得分\n（{}分）", fmt_dec(items_max))));
    columns.push(col("加分"));
    columns.push(col("总分"));

    // Each run of consecutive items of one section gets its section's name above it.
    let names = section_headers(rubric, "\n");
    let mut groups: Vec<(u16, u16, String)> = Vec::new();
    let mut prev: Option<u32> = None;
    for (k, item) in rubric.items.iter().enumerate() {
        let c = 2 + k as u16;
        match groups.last_mut() {
            Some(g) if prev == Some(item.section) => g.1 = c,
            _ => {
                let name = names
                    .iter()
                    .find(|(n, _)| *n == item.section)
                    .map(|(_, h)| h.clone())
                    .unwrap_or_default();
                groups.push((c, c, name));
            }
        }
        prev = Some(item.section);
    }

    let rows: Vec<Vec<Val>> = ev
        .scores
        .halls
        .iter()
        .map(|h| {
            let mut r = vec![Val::I(h.rank), Val::T(h.name.clone())];
            r.extend(h.items.iter().map(|i| Val::N(i.score)));
            r.push(Val::N(h.items_total));
            r.push(Val::N(h.bonus));
            r.push(Val::N(h.total));
            r
        })
        .collect();
    let t = Table {
        title: title.to_string(),
        groups,
        cols: columns,
        shades: Vec::new(),
        rows,
        legend: vec![(
            Shade::Plain,
            "各项目得分为考核得分（考核组未评定的项目为自评得分）减去该项扣分，最低 0 分；扣分逐条见“扣分明细”。"
                .to_string(),
        )],
        freeze_cols: 2,
    };
    table(ws, page, &t)?;
    Ok(())
}

fn source_cols(src: &crate::Source) -> [Val; 3] {
    [
        Val::T(src.file.to_string()),
        Val::T(src.sheet.to_string()),
        Val::T(src.cell()),
    ]
}

fn deductions(
    ws: &mut Worksheet,
    page: &Page,
    ev: &Evaluation,
    title: &str,
) -> Result<(), XlsxError> {
    ws.set_name("扣分明细")?;
    let columns = vec![
        col("大厅"),
        col("项目").centered(),
        col("日期"),
        col("类型").centered(),
        col("内容").wrap(44.0),
        col("扣分"),
        col("是否计入").centered(),
        col("说明").wrap(36.0),
        col("来源文件"),
        col("工作表").centered(),
        col("单元格").centered(),
    ];
    let mut rows = Vec::new();
    let mut shades = Vec::new();
    for h in &ev.scores.halls {
        for item in &h.items {
            for d in &item.deductions {
                let (counted, note, shade) = if item.cut_off.is_zero() {
                    ("计入", String::new(), Shade::Plain)
                } else {
                    (
                        "部分计入",
                        format!(
                            "该项扣分合计 {}，多于该项得分 {}，只扣到 0 分，多出的 {} 分不再扣",
                            fmt_dec(item.deducted),
                            fmt_dec(item.base),
                            fmt_dec(item.cut_off)
                        ),
                        Shade::Attention,
                    )
                };
                let mut r = vec![
                    Val::T(h.name.clone()),
                    Val::T(item.code.clone()),
                    Val::D(d.date),
                    Val::T(d.kind.label().into()),
                    Val::T(d.what.clone()),
                    Val::N(d.amount),
                    Val::T(counted.into()),
                    Val::T(note),
                ];
                r.extend(source_cols(&d.source));
                rows.push(r);
                shades.push(shade);
            }
        }
    }
    let legend = marked_or_empty(
        &shades,
        Shade::Attention,
        "该项扣分多于该项得分，超出的部分不再扣（见“说明”列）",
        "本年度没有扣分记录。",
    );
    let t = Table {
        title: title.to_string(),
        groups: Vec::new(),
        cols: columns,
        rows,
        shades,
        legend,
        freeze_cols: 1,
    };
    table(ws, page, &t)?;
    Ok(())
}

fn bonuses(ws: &mut Worksheet, page: &Page, ev: &Evaluation, title: &str) -> Result<(), XlsxError> {
    ws.set_name("加分明细")?;
    let columns = vec![
        col("大厅"),
        col("类别").centered(),
        col("内容").wrap(40.0),
        col("加分"),
        col("是否计入").centered(),
        col("说明").wrap(40.0),
        col("来源文件"),
        col("工作表").centered(),
        col("单元格").centered(),
    ];
    let mut rows = Vec::new();
    let mut shades = Vec::new();
    for h in &ev.scores.halls {
        for b in &h.bonus_lines {
            let mut r = vec![
                Val::T(h.name.clone()),
                Val::T(b.kind.label().into()),
                Val::T(b.what.clone()),
                Val::N(b.points),
                Val::T(if b.counted { "计入" } else { "不计入" }.into()),
                Val::T(b.note.clone()),
            ];
            r.extend(source_cols(&b.source));
            rows.push(r);
            shades.push(Shade::Plain);
        }
        if h.bonus_claimed != h.bonus {
            rows.push(vec![
                Val::T(h.name.clone()),
                Val::T("加分上限".into()),
                Val::T(format!("加分合计 {} 超过上限", fmt_dec(h.bonus_claimed))),
                Val::N(h.bonus - h.bonus_claimed),
                Val::T("计入".into()),
                Val::T(format!("按上限 {} 计", fmt_dec(h.bonus))),
                Val::Blank,
                Val::Blank,
                Val::Blank,
            ]);
            shades.push(Shade::Attention);
        }
    }
    let legend = marked_or_empty(
        &shades,
        Shade::Attention,
        "加分合计超过上限，按上限计：该行减去超出的分数",
        "本年度没有加分申报。",
    );
    let t = Table {
        title: title.to_string(),
        groups: Vec::new(),
        cols: columns,
        rows,
        shades,
        legend,
        freeze_cols: 1,
    };
    table(ws, page, &t)?;
    Ok(())
}

fn self_vs_assessed(
    ws: &mut Worksheet,
    page: &Page,
    ev: &Evaluation,
    title: &str,
) -> Result<(), XlsxError> {
    ws.set_name("自评对比")?;
    let columns = vec![
        col("大厅"),
        col("项目").centered(),
        col("考核内容").wrap(36.0),
        col("分值"),
        col("自评得分"),
        col("考核得分"),
        col("差值（考核−自评）").header_wrap(8.0),
    ];
    let mut rows = Vec::new();
    let mut gaps = Vec::new();
    let by_registry = {
        let mut v: Vec<&HallScore> = ev.scores.halls.iter().collect();
        v.sort_by_key(|h| h.hall);
        v
    };
    for h in by_registry {
        for (item, def) in h.items.iter().zip(&ev.rubric.items) {
            let diff = match (item.self_score, item.assessed) {
                (Some(s), Some(a)) => Some(a - s),
                _ => None,
            };
            gaps.push(diff.map(|d| d.abs()).unwrap_or_default());
            rows.push(vec![
                Val::T(h.name.clone()),
                Val::T(item.code.clone()),
                Val::T(def.name.clone()),
                Val::P(item.max),
                item.self_score.map(Val::N).unwrap_or(Val::Blank),
                item.assessed.map(Val::N).unwrap_or(Val::Blank),
                diff.map(Val::N).unwrap_or(Val::Blank),
            ]);
        }
    }
    // The ten largest gaps (and any tied with the tenth) are what a reviewer looks at first.
    let mut sorted: Vec<Decimal> = gaps.iter().copied().filter(|g| !g.is_zero()).collect();
    sorted.sort_by(|a, b| b.cmp(a));
    let threshold = sorted.get(9).or(sorted.last()).copied();
    let shades: Vec<Shade> = gaps
        .iter()
        .map(|g| {
            if threshold.is_some_and(|t| !g.is_zero() && *g >= t) {
                Shade::Attention
            } else {
                Shade::Plain
            }
        })
        .collect();
    let mut legend = Vec::new();
    if shades.contains(&Shade::Attention) {
        legend.push((
            Shade::Attention,
            "考核得分与自评得分相差最大的10项（相差相同的一并标出）".to_string(),
        ));
    }
    legend.push((
        Shade::Plain,
        "差值为负：考核得分低于自评得分；空白：考核组未评定该项，按自评得分计。".to_string(),
    ));
    let t = Table {
        title: title.to_string(),
        groups: Vec::new(),
        cols: columns,
        rows,
        shades,
        legend,
        freeze_cols: 1,
    };
    table(ws, page, &t)?;
    Ok(())
}

fn report(ws: &mut Worksheet, page: &Page, ev: &Evaluation, title: &str) -> Result<(), XlsxError> {
    ws.set_name("校验报告")?;
    let columns = vec![
        col("级别").centered(),
        col("文件"),
        col("工作表").centered(),
        col("单元格").centered(),
        col("说明").wrap(80.0),
    ];
    let rows: Vec<Vec<Val>> = ev
        .diagnostics
        .iter()
        .map(|d| {
            let opt = |o: &Option<String>| o.clone().map(Val::T).unwrap_or(Val::Blank);
            vec![
                Val::T(d.severity.label().into()),
                opt(&d.file),
                opt(&d.sheet),
                opt(&d.cell),
                Val::T(d.message.clone()),
            ]
        })
        .collect();
    let shades: Vec<Shade> = ev
        .diagnostics
        .iter()
        .map(|d| {
            if d.severity == crate::Severity::Error {
                Shade::Disqualified
            } else {
                Shade::Plain
            }
        })
        .collect();
    let legend = marked_or_empty(
        &shades,
        Shade::Disqualified,
        "错误：必须改正后重新运行，否则考核结果不可信",
        "未发现任何问题。",
    );
    let t = Table {
        title: title.to_string(),
        groups: Vec::new(),
        cols: columns,
        rows,
        shades,
        legend,
        freeze_cols: 0,
    };
    table(ws, page, &t)?;
    if ev.error_count() > 0 {
        ws.set_active(true);
    }
    Ok(())
}
