//! `kaohe template`: blank workbooks for the halls and inspectors, laid out exactly as the readers
//! expect, with dropdowns, validation, hints, protection and print set-up, so a form filled in
//! with valid values always reads back without a diagnostic.
//!
//! The same writers take optional rows, which is how tests fill a template in the very layout a
//! clerk receives.

use super::{SaveError, fit_width, properties, save_atomic};
use crate::config::Config;
use crate::rubric::Rubric;
use crate::text::{Date, fmt_dec};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use std::path::{Path, PathBuf};

/// Rows with validation and unlocked cells below each header.
const INPUT_ROWS: u32 = 1000;
const INSTRUCTIONS: &str = "填表说明";
/// Where the hall list lives on the instructions sheet (column D), for the 大厅 dropdowns.
const HALL_LIST_COL: u16 = 3;
const HALL_LIST_FIRST_ROW: u32 = 2;

/// A value a test (or a future import) fills into a form.
#[derive(Debug, Clone)]
pub enum Fill {
    Text(String),
    Number(f64),
    Date(Date),
    Blank,
}

/// What a column accepts: drives its dropdown, validation, format and hint.
#[derive(Debug, Clone)]
pub enum Input {
    Text,
    Hall,
    Date,
    /// A decimal in [min, max].
    Decimal(f64, f64),
    Year,
    /// A closed vocabulary; `strict = false` also accepts other text (with a reminder).
    List(Vec<String>, bool),
}

#[derive(Debug, Clone)]
pub struct Column {
    pub header: &'static str,
    pub input: Input,
    pub required: bool,
    /// One line for the cell hint; the instructions sheet gives the full rule.
    pub hint: String,
    pub sample: &'static str,
}

fn col(
    header: &'static str,
    input: Input,
    required: bool,
    hint: impl Into<String>,
    sample: &'static str,
) -> Column {
    Column {
        header,
        input,
        required,
        hint: hint.into(),
        sample,
    }
}

/// A log-style sheet: a title row, a header row, then one record per row.
#[derive(Debug, Clone)]
pub struct LogSheet {
    pub name: &'static str,
    pub title: String,
    pub columns: Vec<Column>,
    pub rule: &'static str,
}

/// A workbook of log sheets.
#[derive(Debug, Clone)]
pub struct LogBook {
    pub file: &'static str,
    pub sheets: Vec<LogSheet>,
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// The inspector and clerk workbooks of INPUTS.md, with the rubric's vocabularies.
pub fn log_books(cfg: &Config, rubric: &Rubric) -> Vec<LogBook> {
    let year = cfg.year.unwrap_or_else(|| Date::today().year);
    let codes: Vec<String> = rubric.items.iter().map(|i| i.code.clone()).collect();
    let date_hint = format!("{year} 年内的日期，如 {year}-03-05");
    let hall = || {
        col(
            "大厅",
            Input::Hall,
            true,
            "从下拉列表选择大厅（名录见“填表说明”）",
            "不动产登记大厅",
        )
    };
    vec![
        LogBook {
            file: "明察暗访检查记录.xlsx",
            sheets: vec![LogSheet {
                name: "检查记录",
                title: format!("{year}年专业办事大厅明察暗访检查记录"),
                rule: "每次检查一行。未发现问题的记录可不填发现问题、考核项目和扣分；发现问题或扣分时，考核项目和扣分必须填写。被省级、市级通报批评的大厅取消当年评先评优资格。",
                columns: vec![
                    col(
                        "检查日期",
                        Input::Date,
                        true,
                        date_hint.clone(),
                        "2025-03-05",
                    ),
                    col(
                        "检查层级",
                        Input::List(rubric.inspections.levels.clone(), true),
                        true,
                        "省级、市级或委内",
                        "委内",
                    ),
                    col(
                        "检查方式",
                        Input::List(rubric.inspections.methods.clone(), true),
                        false,
                        "明察、暗访或集中抽查",
                        "集中抽查",
                    ),
                    hall(),
                    col("窗口", Input::Text, false, "被检查的窗口或人员", "3号窗口"),
                    col(
                        "发现问题",
                        Input::Text,
                        false,
                        "没有问题可留空",
                        "窗口工作人员上班时间玩手机",
                    ),
                    col(
                        "考核项目",
                        Input::List(codes.clone(), true),
                        false,
                        "问题对应的考核项目编号，如 3.5",
                        "3.5",
                    ),
                    col(
                        "扣分",
                        Input::Decimal(0.0, 10.0),
                        false,
                        "扣分（0 或正数），扣在考核项目上",
                        "0.5",
                    ),
                    col(
                        "通报批评",
                        Input::List(strings(&["是", "否"]), true),
                        false,
                        "是否通报批评；空白视为否",
                        "否",
                    ),
                    col("检查人", Input::Text, false, "", "王明"),
                ],
            }],
        },
        LogBook {
            file: "会议考勤.xlsx",
            sheets: vec![LogSheet {
                name: "会议考勤",
                title: format!("{year}年例会、竞赛、学习活动考勤表"),
                rule: "每人每次活动一行。迟到一次扣 0.1 分、缺席一次扣 0.5 分，扣在项目 4.1 上；请假不扣分。",
                columns: vec![
                    col("日期", Input::Date, true, date_hint.clone(), "2025-03-05"),
                    col(
                        "活动名称",
                        Input::Text,
                        true,
                        "会议、竞赛或学习活动的名称",
                        "第一季度工作例会",
                    ),
                    col(
                        "活动类型",
                        Input::List(strings(&["例会", "竞赛", "学习"]), true),
                        false,
                        "例会、竞赛或学习",
                        "例会",
                    ),
                    hall(),
                    col("人员", Input::Text, false, "参加人姓名", "张三"),
                    col(
                        "考勤",
                        Input::List(
                            rubric
                                .attendance
                                .deductions
                                .iter()
                                .map(|(k, _)| k.clone())
                                .collect(),
                            true,
                        ),
                        true,
                        "出席、迟到、缺席或请假",
                        "出席",
                    ),
                ],
            }],
        },
        LogBook {
            file: "加分申报.xlsx",
            sheets: vec![
                LogSheet {
                    name: "表彰",
                    title: format!("{year}年度表彰加分申报表"),
                    rule: "级别以落款单位（授予单位）的行政级别为准；只计本年度授予的表彰；一个荣誉只能加一次分。个人表彰须填写获奖人。",
                    columns: vec![
                        hall(),
                        col("荣誉名称", Input::Text, true, "荣誉称号全称", "青年文明号"),
                        col(
                            "授予单位",
                            Input::Text,
                            true,
                            "表彰文件的落款单位全称",
                            "示例市人民政府",
                        ),
                        col(
                            "级别",
                            Input::List(
                                rubric
                                    .declared_levels()
                                    .iter()
                                    .map(|s| s.to_string())
                                    .collect(),
                                true,
                            ),
                            false,
                            "与授予单位的行政级别一致",
                            "市级",
                        ),
                        col(
                            "类型",
                            Input::List(strings(&["集体", "个人"]), true),
                            true,
                            "集体或个人",
                            "集体",
                        ),
                        col("获奖人", Input::Text, false, "个人表彰必填", "张三"),
                        col(
                            "文号",
                            Input::Text,
                            false,
                            "表彰文件的文号",
                            "示政〔2025〕12号",
                        ),
                        col(
                            "授予日期",
                            Input::Date,
                            true,
                            date_hint.clone(),
                            "2025-03-05",
                        ),
                    ],
                },
                LogSheet {
                    name: "流动红旗",
                    title: format!("{year}年度季度“流动红旗”"),
                    rule: "每面流动红旗一行；同一大厅同一季度只计一次。",
                    columns: vec![
                        hall(),
                        col(
                            "季度",
                            Input::List(
                                strings(&["第一季度", "第二季度", "第三季度", "第四季度"]),
                                true,
                            ),
                            true,
                            "第一季度至第四季度",
                            "第一季度",
                        ),
                        col(
                            "年度",
                            Input::Year,
                            false,
                            format!("空白即 {year} 年"),
                            "2025",
                        ),
                    ],
                },
                LogSheet {
                    name: "稿件",
                    title: format!("{year}年度信息宣传稿件"),
                    rule: "每篇稿件一行；同一稿件投多家媒体（一稿多投）只计一篇。",
                    columns: vec![
                        hall(),
                        col(
                            "稿件标题",
                            Input::Text,
                            true,
                            "刊登时的标题",
                            "我市不动产登记实现“一窗受理”",
                        ),
                        col("刊登媒体", Input::Text, false, "媒体名称", "示例日报"),
                        col(
                            "媒体类别",
                            Input::List(
                                rubric
                                    .articles
                                    .categories
                                    .iter()
                                    .map(|c| c.name.clone())
                                    .collect(),
                                true,
                            ),
                            true,
                            "日报、电视台、广播、简报、省级报刊或部级报刊",
                            "省级报刊",
                        ),
                        col(
                            "刊登日期",
                            Input::Date,
                            true,
                            date_hint.clone(),
                            "2025-03-05",
                        ),
                    ],
                },
                LogSheet {
                    name: "竞赛获奖",
                    title: format!("{year}年度竞赛获奖"),
                    rule: "只计本委组织的竞赛；其他单位主办的竞赛获奖不加分。",
                    columns: vec![
                        hall(),
                        col("竞赛名称", Input::Text, true, "", "窗口服务技能竞赛"),
                        col(
                            "名次",
                            Input::List(
                                rubric.prizes.iter().map(|(k, _)| k.clone()).collect(),
                                true,
                            ),
                            true,
                            "一等奖、二等奖或三等奖",
                            "一等奖",
                        ),
                        col(
                            "主办单位",
                            Input::Text,
                            false,
                            "主办单位全称",
                            "示例市行政服务管理委员会",
                        ),
                        col(
                            "获奖日期",
                            Input::Date,
                            false,
                            date_hint.clone(),
                            "2025-03-05",
                        ),
                    ],
                },
            ],
        },
        LogBook {
            file: "否决事项.xlsx",
            sheets: vec![LogSheet {
                name: "否决事项",
                title: format!("{year}年度否决事项"),
                rule: "有任一否决事项（如党风廉政方面出现问题）的大厅取消当年评先评优资格，得分和名次照常列出。",
                columns: vec![
                    hall(),
                    col(
                        "事项",
                        Input::Text,
                        true,
                        "发生的问题",
                        "工作人员违规收受财物",
                    ),
                    col(
                        "类别",
                        Input::List(strings(&["通报批评", "党风廉政"]), false),
                        true,
                        "通报批评、党风廉政或其他",
                        "党风廉政",
                    ),
                    col("日期", Input::Date, false, date_hint, "2025-03-05"),
                ],
            }],
        },
    ]
}

struct Styles {
    title: Format,
    header: Format,
    locked: Format,
    locked_wrap: Format,
    input: Format,
    input_date: Format,
    section: Format,
    section_wrap: Format,
    note: Format,
}

impl Styles {
    fn new() -> Styles {
        let border = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            header: border
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            locked: border.clone(),
            locked_wrap: border.clone().set_text_wrap(),
            input: border
                .clone()
                .set_unlocked()
                .set_background_color(Color::RGB(0xFFFDE7)),
            input_date: border
                .clone()
                .set_unlocked()
                .set_num_format("yyyy-mm-dd")
                .set_background_color(Color::RGB(0xFFFDE7)),
            section_wrap: border
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xF2F2F2)),
            section: border.set_bold().set_background_color(Color::RGB(0xF2F2F2)),
            note: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

fn protect(ws: &mut Worksheet) {
    // No password: protection guards the layout against slips, not against the clerk.
    let options = ProtectionOptions {
        insert_rows: true,
        delete_rows: true,
        format_columns: true,
        format_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

fn date_of(d: Date) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year.clamp(1900, 9999) as u16, d.month as u8, d.day as u8)
}

fn validation(
    column: &Column,
    year: i32,
    hall_count: usize,
) -> Result<Option<DataValidation>, XlsxError> {
    let title: String = column.header.chars().take(30).collect();
    let hint: String = column.hint.chars().take(250).collect();
    let v = match &column.input {
        Input::Text => {
            if hint.is_empty() {
                return Ok(None);
            }
            DataValidation::new().allow_any_value()
        }
        Input::Hall => {
            let last = HALL_LIST_FIRST_ROW + hall_count.max(1) as u32;
            let range = format!("={INSTRUCTIONS}!$D${}:$D${}", HALL_LIST_FIRST_ROW + 1, last);
            DataValidation::new()
                .allow_list_formula(Formula::new(range))
                .set_error_title("大厅名称不在名录中")?
                .set_error_message(
                    "请从下拉列表中选择大厅。名录由 kaohe.toml 决定，新增大厅请联系监督科。",
                )?
        }
        Input::Date => {
            let first = date_of(Date {
                year,
                month: 1,
                day: 1,
            })?;
            let last = date_of(Date {
                year,
                month: 12,
                day: 31,
            })?;
            DataValidation::new()
                .allow_date(DataValidationRule::Between(first, last))
                .set_error_title("日期不对")?
                .set_error_message(format!("请填写 {year} 年内的日期，如 {year}-03-05。"))?
        }
        Input::Decimal(min, max) => DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(*min, *max))
            .set_error_title("数值超出范围")?
            .set_error_message(format!(
                "请填写 {} 到 {} 之间的数。",
                fmt_num(*min),
                fmt_num(*max)
            ))?,
        Input::Year => DataValidation::new()
            .allow_whole_number(DataValidationRule::EqualTo(year))
            .set_error_title("年度不对")?
            .set_error_message(format!("只计 {year} 年度的流动红旗；空白即 {year} 年。"))?,
        Input::List(values, strict) => {
            let mut v = DataValidation::new()
                .allow_list_strings(values)?
                .set_error_title("请从下拉列表中选择")?
                .set_error_message(format!("可填写：{}", values.join("、")))?;
            if !strict {
                v = v.set_error_style(DataValidationErrorStyle::Information);
            }
            v
        }
    };
    let v = if hint.is_empty() {
        v
    } else {
        v.set_input_title(title)?.set_input_message(hint)?
    };
    Ok(Some(v))
}

fn fmt_num(x: f64) -> String {
    crate::text::decimal_from_f64(x)
        .map(fmt_dec)
        .unwrap_or_default()
}

fn write_fill(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    fill: &Fill,
    st: &Styles,
) -> Result<(), XlsxError> {
    match fill {
        Fill::Text(t) => ws.write_with_format(row, col, t, &st.input)?,
        Fill::Number(n) => ws.write_with_format(row, col, *n, &st.input)?,
        Fill::Date(d) => ws.write_with_format(row, col, &date_of(*d)?, &st.input_date)?,
        Fill::Blank => ws.write_blank(row, col, &st.input)?,
    };
    Ok(())
}

fn print_setup(ws: &mut Worksheet, landscape: bool, repeat_to: u32) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    if landscape {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, repeat_to)?;
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

fn log_sheet(
    ws: &mut Worksheet,
    sheet: &LogSheet,
    year: i32,
    halls: usize,
    rows: &[Vec<Fill>],
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(sheet.name)?;
    let last_col = sheet.columns.len() as u16 - 1;
    ws.merge_range(0, 0, 0, last_col, &sheet.title, &st.title)?;
    ws.set_row_height(0, 32)?;
    let header_row = 1;
    for (c, column) in sheet.columns.iter().enumerate() {
        let c = c as u16;
        ws.write_with_format(header_row, c, column.header, &st.header)?;
        let width = fit_width(
            [column.header, column.sample, column.hint.as_str()]
                .into_iter()
                .take(2),
        );
        ws.set_column_width(
            c,
            width.max(if matches!(column.input, Input::Date) {
                12.0
            } else {
                8.0
            }),
        )?;
        let fmt = if matches!(column.input, Input::Date) {
            &st.input_date
        } else {
            &st.input
        };
        ws.set_column_format(c, fmt)?;
        if let Some(v) = validation(column, year, halls)? {
            ws.add_data_validation(header_row + 1, c, header_row + INPUT_ROWS, c, &v)?;
        }
    }
    ws.set_row_height(header_row, 24)?;
    for (r, row) in rows.iter().enumerate() {
        for (c, fill) in row.iter().enumerate() {
            write_fill(ws, header_row + 1 + r as u32, c as u16, fill, st)?;
        }
    }
    ws.set_freeze_panes(header_row + 1, 0)?;
    print_setup(ws, sheet.columns.len() > 6, header_row)?;
    protect(ws);
    Ok(())
}

/// The instructions sheet: every column explained, the rules, and the hall list the 大厅
/// dropdowns read from. The readers skip a sheet of this name.
fn instructions(
    ws: &mut Worksheet,
    sheets: &[&LogSheet],
    extra: &[String],
    cfg: &Config,
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(INSTRUCTIONS)?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 70)?;
    ws.set_column_width(2, 4)?;
    ws.set_column_width(
        HALL_LIST_COL,
        fit_width(
            cfg.halls
                .iter()
                .map(|h| h.name.as_str())
                .chain(["大厅名录"]),
        ),
    )?;
    ws.write_with_format(0, 0, "填表说明", &st.title)?;
    ws.write_with_format(
        HALL_LIST_FIRST_ROW - 1,
        HALL_LIST_COL,
        "大厅名录",
        &st.header,
    )?;
    ws.write_with_format(
        HALL_LIST_FIRST_ROW,
        HALL_LIST_COL,
        "（下拉选项来源）",
        &st.locked,
    )?;
    for (i, h) in cfg.halls.iter().enumerate() {
        ws.write_with_format(
            HALL_LIST_FIRST_ROW + 1 + i as u32,
            HALL_LIST_COL,
            &h.name,
            &st.locked,
        )?;
    }
    let mut row = 2;
    let general = [
        "1. 只在浅黄色单元格中填写；表头和项目栏已锁定（无密码），请勿改动列名和列的顺序。",
        "2. 一条记录占一行，中间不要留空行；不要合并单元格；可以插入或删除行。",
        "3. 日期直接填写为日期（如 2025-03-05）；数字直接填写数字，不要写“分”字。",
        "4. 有下拉列表的单元格请从列表中选择。",
        "5. 填好后原样交回监督科，由 kaohe 统一读取、校验、计分；有问题时会指出文件、工作表和单元格。",
    ];
    for line in general
        .iter()
        .map(|s| s.to_string())
        .chain(extra.iter().cloned())
    {
        ws.merge_range(row, 0, row, 1, &line, &st.note)?;
        ws.set_row_height(row, row_height(&line, 84.0))?;
        row += 1;
    }
    for sheet in sheets {
        row += 1;
        let caption = format!("工作表“{}”：{}", sheet.name, sheet.rule);
        ws.merge_range(row, 0, row, 1, &caption, &st.section_wrap)?;
        ws.set_row_height(row, row_height(&caption, 84.0))?;
        row += 1;
        for column in &sheet.columns {
            let need = if column.required { "必填" } else { "选填" };
            let values = match &column.input {
                Input::List(v, true) => format!("只能填：{}。", v.join("、")),
                Input::List(v, false) => format!("常用：{}，也可填其他。", v.join("、")),
                _ => String::new(),
            };
            ws.write_with_format(row, 0, column.header, &st.locked)?;
            let text = format!("{need}。{} {values}", column.hint);
            ws.set_row_height(row, row_height(&text, 68.0))?;
            ws.write_with_format(row, 1, text, &st.locked_wrap)?;
            row += 1;
        }
    }
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    protect(ws);
    Ok(())
}

/// Height of a row whose wrapped text runs in a column `width` characters wide: programs
/// must size such rows themselves.
fn row_height(text: &str, width: f64) -> f64 {
    let lines = (super::text_width(text) / width).ceil().max(1.0);
    16.0 * lines + 4.0
}

/// Writes one log workbook; `fills[i]` are the rows of its i-th sheet.
pub fn write_log_book(
    path: &Path,
    book: &LogBook,
    cfg: &Config,
    date: Date,
    fills: &[Vec<Vec<Fill>>],
) -> Result<(), SaveError> {
    let build = || -> Result<Workbook, XlsxError> {
        let year = cfg.year.unwrap_or(date.year);
        let st = Styles::new();
        let mut wb = Workbook::new();
        wb.set_properties(&properties(
            book.file.trim_end_matches(".xlsx"),
            &cfg.issuer,
            date,
        )?);
        for (i, sheet) in book.sheets.iter().enumerate() {
            let rows = fills.get(i).map(Vec::as_slice).unwrap_or(&[]);
            log_sheet(wb.add_worksheet(), sheet, year, cfg.halls.len(), rows, &st)?;
        }
        let sheets: Vec<&LogSheet> = book.sheets.iter().collect();
        instructions(wb.add_worksheet(), &sheets, &[], cfg, &st)?;
        Ok(wb)
    };
    let mut wb = build().map_err(|source| SaveError::Build {
        path: path.to_path_buf(),
        source,
    })?;
    save_atomic(&mut wb, path)
}

/// The self and assessed score of one item, for filling a form.
pub type ScorePair = (Option<f64>, Option<f64>);

/// Writes a hall's self-check form (自查评分表), pre-filled with the hall and every rubric item.
pub fn write_self_check(
    path: &Path,
    hall: &str,
    cfg: &Config,
    rubric: &Rubric,
    date: Date,
    half_year: bool,
    scores: &[ScorePair],
) -> Result<(), SaveError> {
    let build = || -> Result<Workbook, XlsxError> {
        let year = cfg.year.unwrap_or(date.year);
        let st = Styles::new();
        let mut wb = Workbook::new();
        let period = if half_year { "半年" } else { "年终" };
        wb.set_properties(&properties(
            &format!("{hall}{year}年度{period}自查评分表"),
            &cfg.issuer,
            date,
        )?);
        let ws = wb.add_worksheet();
        ws.set_name("自查评分表")?;
        ws.merge_range(
            0,
            0,
            0,
            5,
            &format!("{year}年度专业办事大厅窗口服务工作{period}自查评分表"),
            &st.title,
        )?;
        ws.set_row_height(0, 36)?;
        ws.merge_range(
            1,
            0,
            1,
            1,
            &format!("填报单位：{hall}"),
            &Format::new().set_bold(),
        )?;
        ws.merge_range(1, 2, 1, 3, &format!("考核年度：{year}"), &Format::new())?;
        ws.merge_range(1, 4, 1, 5, &format!("考核期间：{period}"), &Format::new())?;
        let headers = [
            "编号",
            "考核内容",
            "分值",
            "自评得分",
            "考核得分",
            "自查说明",
        ];
        for (c, h) in headers.iter().enumerate() {
            ws.write_with_format(2, c as u16, *h, &st.header)?;
        }
        ws.set_row_height(2, 24)?;
        let mut row = 3;
        let first_item_row = row;
        let (mut sum_max, mut sum_self, mut sum_assessed) = (0.0, 0.0, 0.0);
        for sec in &rubric.sections {
            let sec_items: Vec<(usize, &crate::rubric::Item)> = rubric
                .items
                .iter()
                .enumerate()
                .filter(|(_, i)| i.section == sec.number)
                .collect();
            let sec_max: rust_decimal::Decimal = sec_items.iter().map(|(_, i)| i.max).sum();
            let caption = format!(
                "（{}）{}（{}分）",
                crate::text::numeral(sec.number),
                sec.name,
                fmt_dec(sec_max)
            );
            ws.merge_range(row, 0, row, 5, &caption, &st.section)?;
            row += 1;
            for (idx, item) in sec_items {
                let max = super::f64_of(item.max);
                ws.write_with_format(row, 0, &item.code, &st.locked)?;
                ws.write_with_format(row, 1, &item.name, &st.locked_wrap)?;
                ws.write_with_format(row, 2, max, &st.locked)?;
                let (own, assessed) = scores.get(idx).copied().unwrap_or((None, None));
                for (c, v) in [(3u16, own), (4, assessed)] {
                    match v {
                        Some(x) => ws.write_with_format(row, c, x, &st.input)?,
                        None => ws.write_blank(row, c, &st.input)?,
                    };
                }
                ws.write_blank(row, 5, &st.input)?;
                let hint = format!("填写 0 到 {} 之间的得分", fmt_dec(item.max));
                let v = DataValidation::new()
                    .allow_decimal_number(DataValidationRule::Between(0.0, max))
                    .set_input_title(format!("{} 得分", item.code))?
                    .set_input_message(hint.clone())?
                    .set_error_title("得分超出分值")?
                    .set_error_message(format!(
                        "项目 {} 的得分应在 0 到 {} 之间。",
                        item.code,
                        fmt_dec(item.max)
                    ))?;
                ws.add_data_validation(row, 3, row, 4, &v)?;
                sum_max += max;
                sum_self += own.unwrap_or(0.0);
                sum_assessed += assessed.unwrap_or(0.0);
                row += 1;
            }
        }
        let last_item_row = row - 1;
        ws.write_with_format(row, 0, "合计", &st.header)?;
        ws.write_with_format(row, 1, "", &st.header)?;
        for (c, sum) in [(2u16, sum_max), (3, sum_self), (4, sum_assessed)] {
            let letter = (b'A' + c as u8) as char;
            let f = Formula::new(format!(
                "=SUM({letter}{}:{letter}{})",
                first_item_row + 1,
                last_item_row + 1
            ))
            .set_result(fmt_num(sum));
            ws.write_formula_with_format(row, c, f, &st.header)?;
        }
        ws.write_with_format(row, 5, "", &st.header)?;
        row += 2;
        ws.write(row, 0, "填表人：")?;
        ws.write(row, 2, "审核人：")?;
        ws.write(row, 4, "填报日期：")?;
        for (c, w) in [
            (0u16, 7.0),
            (1, 46.0),
            (2, 7.0),
            (3, 10.0),
            (4, 10.0),
            (5, 30.0),
        ] {
            ws.set_column_width(c, w)?;
        }
        ws.set_freeze_panes(3, 0)?;
        print_setup(ws, false, 2)?;
        protect(ws);
        let extra = vec![
            "6. 自查评分表：本表已填好大厅名称、考核项目和分值，请勿改动；大厅填写“自评得分”和“自查说明”，考核组填写“考核得分”。得分不能超过分值，可保留小数。".to_string(),
            "7. 单项考核内容全部未完成的，扣完本分值；部分未完成的酌情扣分。".to_string(),
        ];
        let st2 = Styles::new();
        instructions(wb.add_worksheet(), &[], &extra, cfg, &st2)?;
        Ok(wb)
    };
    let mut wb = build().map_err(|source| SaveError::Build {
        path: path.to_path_buf(),
        source,
    })?;
    save_atomic(&mut wb, path)
}

/// A file name safe on every system for a hall name.
pub fn file_stem(name: &str) -> String {
    name.chars()
        .map(|c| if "/\\:*?\"<>|".contains(c) { '_' } else { c })
        .collect()
}

/// What `kaohe template` wrote and skipped.
#[derive(Debug, Default)]
pub struct TemplateReport {
    pub written: Vec<PathBuf>,
    pub skipped: Vec<PathBuf>,
}

/// Writes every blank workbook into `dir`; existing files are kept unless `force`.
pub fn write_templates(
    dir: &Path,
    cfg: &Config,
    rubric: &Rubric,
    date: Date,
    force: bool,
) -> Result<TemplateReport, SaveError> {
    let mut report = TemplateReport::default();
    enum Job<'a> {
        Form(&'a str),
        Book(LogBook),
    }
    let mut plan: Vec<(PathBuf, Job)> = cfg
        .halls
        .iter()
        .map(|h| {
            (
                dir.join("年终自查")
                    .join(format!("{}.xlsx", file_stem(&h.name))),
                Job::Form(h.name.as_str()),
            )
        })
        .collect();
    plan.extend(
        log_books(cfg, rubric)
            .into_iter()
            .map(|b| (dir.join(b.file), Job::Book(b))),
    );
    for (path, job) in plan {
        if path.exists() && !force {
            report.skipped.push(path);
            continue;
        }
        match job {
            Job::Form(hall) => write_self_check(&path, hall, cfg, rubric, date, false, &[])?,
            Job::Book(book) => write_log_book(&path, &book, cfg, date, &[])?,
        }
        report.written.push(path);
    }
    Ok(report)
}

/// A commented kaohe.toml for a folder that has none yet.
pub fn sample_config(year: i32) -> String {
    format!(
        r#"# kaohe 考核设置。改好大厅名录后重新运行 `kaohe template <文件夹>`，即可为每个大厅生成自查评分表。

# 考核年度
year = {year}
# 发文机关（也是“市行管委组织的竞赛”的主办单位）
issuer = "示例市行政服务管理委员会"

# 大厅名录：每个大厅一节；顺序即总分相同时的排列顺序。aliases 为表格中可能出现的简称（可省略）。
[[hall]]
name = "不动产登记大厅"
aliases = ["不动产大厅"]

[[hall]]
name = "公积金办事大厅"

[[hall]]
name = "社保医保办事大厅"

# 可选：按名称关键字推断表彰级别会出错的授予单位，在此写明其级别（部级、省级、市级、县级、区级、单位内部）。
# [authority_levels]
# "示例省示例市人民政府" = "市级"
"#
    )
}
