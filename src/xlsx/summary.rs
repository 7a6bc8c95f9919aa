//! `考核汇总.xlsx`: the summary workbook a clerk filters, prints and forwards. Every number is a
//! real number cell with a number format; every detail line names its source cell.

use super::{SaveError, f64_of, fit_width, properties, save_atomic};
use crate::Evaluation;
use crate::score::HallScore;
use crate::text::{Date, fmt_dec};
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Chart, ChartType, Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use std::path::Path;

pub const FILE_NAME: &str = "考核汇总.xlsx";

struct Styles {
    header: Format,
    text: Format,
    num: Format,
    int: Format,
    text_hi: Format,
    num_hi: Format,
    int_hi: Format,
}

impl Styles {
    fn new() -> Styles {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let hi = Color::RGB(0xFFF2CC);
        Styles {
            header: Format::new()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            text: cell.clone().set_text_wrap(),
            num: cell.clone().set_num_format("0.00"),
            int: cell
                .clone()
                .set_num_format("0")
                .set_align(FormatAlign::Center),
            text_hi: cell.clone().set_text_wrap().set_background_color(hi),
            num_hi: cell.clone().set_num_format("0.00").set_background_color(hi),
            int_hi: cell
                .set_num_format("0")
                .set_align(FormatAlign::Center)
                .set_background_color(hi),
        }
    }
}

/// One column of a sheet: header and cells.
enum Val {
    T(String),
    N(Decimal),
    I(usize),
    Blank,
}

impl Val {
    fn shown(&self) -> String {
        match self {
            Val::T(s) => s.clone(),
            Val::N(d) => fmt_dec(*d),
            Val::I(i) => i.to_string(),
            Val::Blank => String::new(),
        }
    }
}

/// Writes a table from row 0: header, rows, widths fitted to the text, frozen header,
/// autofilter and print set-up. `highlight` marks rows to shade.
fn table(
    ws: &mut Worksheet,
    st: &Styles,
    title: &str,
    headers: &[String],
    rows: &[Vec<Val>],
    highlight: &[bool],
) -> Result<(), XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        ws.write_with_format(0, c as u16, h, &st.header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let hi = highlight.get(r).copied().unwrap_or(false);
        let row_no = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                Val::T(s) => {
                    ws.write_with_format(row_no, c, s, if hi { &st.text_hi } else { &st.text })?
                }
                Val::N(d) => ws.write_with_format(
                    row_no,
                    c,
                    f64_of(*d),
                    if hi { &st.num_hi } else { &st.num },
                )?,
                Val::I(i) => ws.write_with_format(
                    row_no,
                    c,
                    *i as f64,
                    if hi { &st.int_hi } else { &st.int },
                )?,
                Val::Blank => ws.write_blank(row_no, c, if hi { &st.text_hi } else { &st.text })?,
            };
        }
    }
    let mut widths = Vec::new();
    for (c, h) in headers.iter().enumerate() {
        let cells: Vec<String> = rows
            .iter()
            .filter_map(|r| r.get(c))
            .map(Val::shown)
            .collect();
        let w = fit_width(std::iter::once(h.as_str()).chain(cells.iter().map(String::as_str)))
            .min(48.0);
        ws.set_column_width(c as u16, w)?;
        widths.push(w);
    }
    // Neither Excel nor LibreOffice grows a row for wrapped text written by a program.
    for (r, row) in rows.iter().enumerate() {
        let lines = row
            .iter()
            .zip(&widths)
            .map(|(v, w)| (super::text_width(&v.shown()) / (w - 1.5)).ceil().max(1.0))
            .fold(1.0, f64::max);
        if lines > 1.0 {
            ws.set_row_height(r as u32 + 1, 15.0 * lines + 2.0)?;
        }
    }
    ws.set_row_height(0, 30)?;
    ws.set_freeze_panes(1, 0)?;
    if !headers.is_empty() {
        ws.autofilter(0, 0, rows.len() as u32, headers.len() as u16 - 1)?;
    }
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    // A space after the size code: a title starting with digits would extend the size.
    ws.set_header(format!("&C&\"宋体,Bold\"&14 {title}"));
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

/// Builds the summary workbook. With input errors only the validation report is written: a
/// workbook of unchecked scores must not circulate as a result.
pub fn build(ev: &Evaluation, date: Date, draft: bool) -> Result<Workbook, XlsxError> {
    let year = ev
        .scores
        .year
        .map(|y| format!("{y}年度"))
        .unwrap_or_default();
    let mut wb = Workbook::new();
    wb.set_properties(&properties(
        &format!("{year}专业办事大厅窗口服务工作考核汇总"),
        &ev.config.issuer,
        date,
    )?);
    let st = Styles::new();
    let with_scores = ev.error_count() == 0 || draft;
    let mark = if ev.error_count() > 0 {
        "（草稿：数据未通过校验）"
    } else {
        ""
    };
    if with_scores {
        ranking(
            wb.add_worksheet(),
            &st,
            ev,
            &format!("{year}考核总分排名{mark}"),
        )?;
        items(
            wb.add_worksheet(),
            &st,
            ev,
            &format!("{year}分项得分{mark}"),
        )?;
        deductions(
            wb.add_worksheet(),
            &st,
            ev,
            &format!("{year}扣分明细{mark}"),
        )?;
        bonuses(
            wb.add_worksheet(),
            &st,
            ev,
            &format!("{year}加分明细{mark}"),
        )?;
        self_vs_assessed(
            wb.add_worksheet(),
            &st,
            ev,
            &format!("{year}自评与考核得分对比{mark}"),
        )?;
    }
    report(wb.add_worksheet(), &st, ev, &format!("{year}校验报告"))?;
    Ok(wb)
}

pub fn write(ev: &Evaluation, path: &Path, date: Date, draft: bool) -> Result<(), SaveError> {
    let mut wb = build(ev, date, draft).map_err(|source| SaveError::Build {
        path: path.to_path_buf(),
        source,
    })?;
    save_atomic(&mut wb, path)
}

fn ranking(ws: &mut Worksheet, st: &Styles, ev: &Evaluation, title: &str) -> Result<(), XlsxError> {
    ws.set_name("总分排名")?;
    let rubric = &ev.rubric;
    let mut headers: Vec<String> = vec!["名次".into(), "大厅".into()];
    for sec in &rubric.sections {
        let max: Decimal = rubric
            .items
            .iter()
            .filter(|i| i.section == sec.number)
            .map(|i| i.max)
            .sum();
        headers.push(format!(
            "{}（{}分）",
            crate::text::numeral(sec.number),
            fmt_dec(max)
        ));
    }
    for h in [
        "项目得分",
        "加分",
        "封底未扣分",
        "总分",
        "推荐表彰",
        "取消评先评优资格",
        "原因",
    ] {
        headers.push(h.into());
    }
    let rows: Vec<Vec<Val>> = ev
        .scores
        .halls
        .iter()
        .map(|h| {
            let mut r = vec![Val::I(h.rank), Val::T(h.name.clone())];
            r.extend(h.sections.iter().map(|(_, v)| Val::N(*v)));
            r.push(Val::N(h.items.iter().map(|i| i.score).sum()));
            r.push(Val::N(h.bonus));
            r.push(Val::N(h.cut_off));
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
    let highlight: Vec<bool> = ev.scores.halls.iter().map(|h| h.recommended).collect();
    table(ws, st, title, &headers, &rows, &highlight)?;

    let n = rows.len() as u32;
    if n > 0 {
        let total_col = (2 + rubric.sections.len() + 3) as u16;
        let mut chart = Chart::new(ChartType::Bar);
        chart.title().set_name("各大厅考核总分");
        chart.legend().set_hidden();
        chart
            .add_series()
            .set_name("总分")
            .set_categories(("总分排名", 1, 1, n, 1))
            .set_values(("总分排名", 1, total_col, n, total_col));
        // Bar charts list categories bottom-up; reverse so rank 1 is on top like the table.
        chart.y_axis().set_reverse();
        chart.x_axis().set_name("总分");
        chart.set_width(640).set_height((120 + 26 * n).min(2400));
        ws.insert_chart(n + 3, 1, &chart)?;
    }
    Ok(())
}

fn items(ws: &mut Worksheet, st: &Styles, ev: &Evaluation, title: &str) -> Result<(), XlsxError> {
    ws.set_name("分项得分")?;
    let mut headers: Vec<String> = vec!["名次".into(), "大厅".into()];
    headers.extend(
        ev.rubric
            .items
            .iter()
            .map(|i| format!("{}\n（{}分）", i.code, fmt_dec(i.max))),
    );
    headers.extend(["项目得分".into(), "加分".into(), "总分".into()]);
    let rows: Vec<Vec<Val>> = ev
        .scores
        .halls
        .iter()
        .map(|h| {
            let mut r = vec![Val::I(h.rank), Val::T(h.name.clone())];
            r.extend(h.items.iter().map(|i| Val::N(i.score)));
            r.push(Val::N(h.items.iter().map(|i| i.score).sum()));
            r.push(Val::N(h.bonus));
            r.push(Val::N(h.total));
            r
        })
        .collect();
    table(ws, st, title, &headers, &rows, &[])?;
    for c in 2..2 + ev.rubric.items.len() as u16 {
        ws.set_column_width(c, 7)?;
    }
    ws.set_freeze_panes(1, 2)?;
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
    st: &Styles,
    ev: &Evaluation,
    title: &str,
) -> Result<(), XlsxError> {
    ws.set_name("扣分明细")?;
    let headers: Vec<String> = [
        "大厅",
        "项目",
        "日期",
        "类型",
        "内容",
        "扣分",
        "是否计入",
        "说明",
        "来源文件",
        "工作表",
        "单元格",
    ]
    .map(String::from)
    .to_vec();
    let mut rows = Vec::new();
    for h in &ev.scores.halls {
        for item in &h.items {
            for d in &item.deductions {
                let (counted, note) = if item.cut_off.is_zero() {
                    ("计入", String::new())
                } else {
                    (
                        "部分计入",
                        format!(
                            "该项扣分合计 {}，超过基础分 {}，封底后 {} 分未计（单项最多扣完本分值）",
                            fmt_dec(item.deducted),
                            fmt_dec(item.base),
                            fmt_dec(item.cut_off)
                        ),
                    )
                };
                let kind = d.kind.label();
                let mut r = vec![
                    Val::T(h.name.clone()),
                    Val::T(item.code.clone()),
                    Val::T(d.date.to_string()),
                    Val::T(kind.into()),
                    Val::T(d.what.clone()),
                    Val::N(d.amount),
                    Val::T(counted.into()),
                    Val::T(note),
                ];
                r.extend(source_cols(&d.source));
                rows.push(r);
            }
        }
    }
    table(ws, st, title, &headers, &rows, &[])
}

fn bonuses(ws: &mut Worksheet, st: &Styles, ev: &Evaluation, title: &str) -> Result<(), XlsxError> {
    ws.set_name("加分明细")?;
    let headers: Vec<String> = [
        "大厅",
        "类别",
        "内容",
        "加分",
        "是否计入",
        "说明",
        "来源文件",
        "工作表",
        "单元格",
    ]
    .map(String::from)
    .to_vec();
    let mut rows = Vec::new();
    let mut hi = Vec::new();
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
            hi.push(false);
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
            hi.push(true);
        }
    }
    table(ws, st, title, &headers, &rows, &hi)
}

fn self_vs_assessed(
    ws: &mut Worksheet,
    st: &Styles,
    ev: &Evaluation,
    title: &str,
) -> Result<(), XlsxError> {
    ws.set_name("自评对比")?;
    let headers: Vec<String> = [
        "大厅",
        "项目",
        "考核内容",
        "分值",
        "自评得分",
        "考核得分",
        "差值（考核−自评）",
    ]
    .map(String::from)
    .to_vec();
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
                Val::N(item.max),
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
    let hi: Vec<bool> = gaps
        .iter()
        .map(|g| threshold.is_some_and(|t| !g.is_zero() && *g >= t))
        .collect();
    table(ws, st, title, &headers, &rows, &hi)?;
    ws.set_column_width(2, 36)?;
    Ok(())
}

fn report(ws: &mut Worksheet, st: &Styles, ev: &Evaluation, title: &str) -> Result<(), XlsxError> {
    ws.set_name("校验报告")?;
    let headers: Vec<String> = ["级别", "文件", "工作表", "单元格", "说明"]
        .map(String::from)
        .to_vec();
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
    let hi: Vec<bool> = ev
        .diagnostics
        .iter()
        .map(|d| d.severity == crate::Severity::Error)
        .collect();
    table(ws, st, title, &headers, &rows, &hi)?;
    ws.set_column_width(4, 80)?;
    if ev.error_count() > 0 {
        ws.set_active(true);
    }
    Ok(())
}
