//! `kaohe template`: the forms halls and inspectors fill in, laid out exactly as the readers
//! expect, with dropdowns, validation, hints, protection and print set-up, so a form filled in
//! with valid values always reads back without a diagnostic.
//!
//! The same writers take optional values, which is how tests fill a form in the very layout a
//! clerk receives. Every form carries a marker ([`super::blank`]) so a rerun of `template` can
//! tell a form nobody has touched (regenerated for the current roster and year) from one holding
//! data (never overwritten without `--force`).

use super::blank::{self, Existing, Marker};
use super::{SaveError, fit_width, properties};
use crate::config::Config;
use crate::input::kinds::{
    ACTIVITY_TYPES, Field, HONOUR_TYPES, Kind, KindDef, QUARTERS, VETO_CATEGORIES, YES_NO, def,
};
use crate::rubric::Rubric;
use crate::text::{Date, fmt_dec};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Formula, Note, ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use std::path::{Path, PathBuf};

/// Body font of every form: present on every Chinese Windows and in WPS, unlike Calibri whose
/// Chinese falls back to whatever the system picks.
const FONT: &str = "宋体";
const TITLE_FONT: &str = "黑体";
/// GB2312_CHARSET, with which Excel and WPS record a Chinese font.
const CHARSET: u8 = 134;
/// Bordered, printable empty rows below each record sheet's header.
pub const RULED_ROWS: u32 = 20;
/// Rows below the header that keep the validation and stay editable, past the ruled ones, so
/// records typed or pasted further down are still checked.
const INPUT_ROWS: u32 = 1000;
pub const INSTRUCTIONS: &str = "填表说明";
/// Folders of the self-check forms, one workbook per hall.
pub const YEAR_END_DIR: &str = "年终自查";
pub const HALF_YEAR_DIR: &str = "半年自查";
/// Marker names of the two self-check forms.
const YEAR_END_FORM: &str = "年终自查评分表";
const HALF_YEAR_FORM: &str = "半年自查评分表";

const INPUT_FILL: u32 = 0xFFF2CC;
const GROUP_FILL: u32 = 0xDDEBF7;
const GROUP_HEADER_FILL: u32 = 0xBDD7EE;
const HEADER_FILL: u32 = 0xD9D9D9;
const SECTION_FILL: u32 = 0xF2F2F2;
const RED: u32 = 0xC00000;

/// A value a test (or a future import) fills into a form.
#[derive(Debug, Clone)]
pub enum Fill {
    Text(String),
    Number(f64),
    Date(Date),
    Blank,
}

/// The signing block of a form a hall signs: 填报单位 (加分申报 only; the self-check form has
/// its hall printed), 填表人 or 经办人, 审核人 (self-check forms only) and 填报日期.
#[derive(Debug, Clone, Default)]
pub struct Signed {
    pub unit: Option<String>,
    pub filler: Option<String>,
    pub reviewer: Option<String>,
    pub date: Option<Date>,
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
    /// Whether every record must have a value here (marked with a red asterisk). This is about
    /// the value; the reader may require the column itself even when its value can be blank.
    pub required: bool,
    /// What the column holds, one sentence; the allowed values are added from `input`.
    pub about: String,
    /// How a filled cell looks, shown on the instructions sheet.
    pub sample: String,
}

/// A record sheet: a title row, the signing block when the sheet is signed, a header row, then
/// one record per row.
#[derive(Debug, Clone)]
pub struct LogSheet {
    pub name: &'static str,
    pub title: String,
    pub columns: Vec<Column>,
    pub rule: String,
}

/// A workbook of record sheets.
#[derive(Debug, Clone)]
pub struct LogBook {
    pub file: &'static str,
    pub sheets: Vec<LogSheet>,
    /// Whether a hall fills, signs and stamps it (加分申报): each sheet gets the signing block.
    pub signed: bool,
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Orders in which people say these words, for vocabularies the rubric keeps in a table (whose
/// keys come sorted by code point: 出席、缺席、请假、迟到).
const ATTENDANCE_ORDER: &[&str] = &["出席", "迟到", "早退", "请假", "缺席"];
const PRIZE_ORDER: &[&str] = &[
    "特等奖",
    "一等奖",
    "二等奖",
    "三等奖",
    "优秀奖",
    "优胜奖",
    "鼓励奖",
];

/// `values` with the words of `order` first, in that order, and any others after, as given.
pub fn natural_order(values: impl IntoIterator<Item = String>, order: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = values.into_iter().collect();
    v.sort_by_key(|x| order.iter().position(|o| o == x).unwrap_or(order.len()));
    v
}

/// The rule of the attendance sheet, from the rubric's deductions.
fn attendance_rule(rubric: &Rubric) -> String {
    let statuses = natural_order(
        rubric.attendance.deductions.iter().map(|(k, _)| k.clone()),
        ATTENDANCE_ORDER,
    );
    let mut parts = Vec::new();
    let mut free = Vec::new();
    for s in &statuses {
        let Some((_, d)) = rubric.attendance.deductions.iter().find(|(k, _)| k == s) else {
            continue;
        };
        if d.is_zero() {
            if s != "出席" {
                free.push(s.as_str());
            }
        } else {
            parts.push(format!("{s}一次扣 {} 分", fmt_dec(*d)));
        }
    }
    let mut rule = String::from("每人每次活动填一行。");
    if !parts.is_empty() {
        rule.push_str(&parts.join("，"));
        rule.push_str(&format!("，扣在考核项目 {} 上", rubric.attendance.item));
        if !free.is_empty() {
            rule.push_str(&format!("；{}不扣分", free.join("、")));
        }
        rule.push('。');
    }
    rule
}

/// The inspector and clerk workbooks (the sheet kinds of `input/kinds.rs`), with the rubric's
/// vocabularies. Sheet names, headers, which cells must be filled and the fixed vocabularies
/// come from `KINDS`, so a form always reads back as the sheet kind it is for.
pub fn log_books(cfg: &Config, rubric: &Rubric) -> Vec<LogBook> {
    let ex = Examples::new(cfg, rubric);
    vec![
        inspection_book(&ex, rubric),
        attendance_book(&ex, rubric),
        bonus_book(&ex, cfg, rubric),
        veto_book(&ex),
    ]
}

/// What the forms show as a filled cell.
struct Examples {
    year: i32,
    hall: String,
    item: String,
}

impl Examples {
    fn new(cfg: &Config, rubric: &Rubric) -> Examples {
        Examples {
            year: cfg.assessment_year(),
            hall: cfg
                .halls
                .first()
                .map(|h| h.name.clone())
                .unwrap_or_default(),
            item: rubric
                .items
                .last()
                .map(|i| i.code.clone())
                .unwrap_or_default(),
        }
    }

    fn day(&self, m: u32, d: u32) -> String {
        format!("{}-{m:02}-{d:02}", self.year)
    }
}

/// Builds the columns of one sheet kind: the header and whether the value is required are the
/// reader's (`KINDS`).
struct Columns {
    kind: &'static KindDef,
}

impl Columns {
    fn of(kind: Kind) -> Columns {
        Columns { kind: def(kind) }
    }

    fn col(
        &self,
        field: Field,
        input: Input,
        about: impl Into<String>,
        sample: impl Into<String>,
    ) -> Column {
        let fd = self.kind.field(field);
        Column {
            header: fd.map(|f| f.header()).unwrap_or_default(),
            input,
            required: fd.is_some_and(|f| f.value_required()),
            about: about.into(),
            sample: sample.into(),
        }
    }

    fn hall(&self, ex: &Examples, about: &str) -> Column {
        self.col(Field::Hall, Input::Hall, about, ex.hall.clone())
    }

    fn sheet(&self, title: String, rule: String, columns: Vec<Column>) -> LogSheet {
        LogSheet {
            name: self.kind.name,
            title,
            columns,
            rule,
        }
    }
}

fn inspection_book(ex: &Examples, rubric: &Rubric) -> LogBook {
    let c = Columns::of(Kind::Inspection);
    let codes: Vec<String> = rubric.items.iter().map(|i| i.code.clone()).collect();
    let levels = &rubric.inspections.levels;
    let methods = &rubric.inspections.methods;
    LogBook {
        file: "明察暗访检查记录.xlsx",
        signed: false,
        sheets: vec![c.sheet(
            format!("{}年专业办事大厅明察暗访检查记录", ex.year),
            format!(
                "每次检查填一行。没有发现问题的检查，“发现问题”“考核项目”“扣分”三列空着；发现问题或扣分时，这三列都要填写。被{}通报批评的大厅，取消当年评先评优资格。",
                rubric.inspections.disqualifying_levels.join("、")
            ),
            vec![
                c.col(Field::Date, Input::Date, "检查的日期。", ex.day(3, 5)),
                c.col(
                    Field::Level,
                    Input::List(levels.clone(), true),
                    "组织这次检查的层级。",
                    levels.last().cloned().unwrap_or_default(),
                ),
                c.col(
                    Field::Method,
                    Input::List(methods.clone(), true),
                    "检查的方式。",
                    methods.first().cloned().unwrap_or_default(),
                ),
                c.hall(ex, "被检查的大厅。"),
                c.col(Field::Window, Input::Text, "被检查的窗口或人员。", "3号窗口"),
                c.col(
                    Field::Problem,
                    Input::Text,
                    "发现的问题；没有发现问题时空着。",
                    "窗口工作人员上班时间玩手机",
                ),
                c.col(
                    Field::Item,
                    Input::List(codes, true),
                    "问题对应的考核项目编号，与自查评分表的编号相同。",
                    ex.item.clone(),
                ),
                c.col(
                    Field::Deduction,
                    Input::Decimal(0.0, 10.0),
                    "这个问题扣的分数，扣在所填的考核项目上。",
                    "0.5",
                ),
                c.col(
                    Field::Criticized,
                    Input::List(strings(YES_NO), true),
                    "是否被通报批评；空着即为“否”。",
                    "否",
                ),
                c.col(Field::Inspector, Input::Text, "检查人的姓名。", "王明"),
            ],
        )],
    }
}

fn attendance_book(ex: &Examples, rubric: &Rubric) -> LogBook {
    let c = Columns::of(Kind::Attendance);
    let statuses = natural_order(
        rubric.attendance.deductions.iter().map(|(k, _)| k.clone()),
        ATTENDANCE_ORDER,
    );
    LogBook {
        file: "会议考勤.xlsx",
        signed: false,
        sheets: vec![c.sheet(
            format!("{}年例会、竞赛、学习活动考勤表", ex.year),
            attendance_rule(rubric),
            vec![
                c.col(Field::Date, Input::Date, "活动的日期。", ex.day(3, 5)),
                c.col(
                    Field::Activity,
                    Input::Text,
                    "会议、竞赛或学习活动的名称。",
                    "第一季度工作例会",
                ),
                c.col(
                    Field::ActivityType,
                    Input::List(strings(ACTIVITY_TYPES), true),
                    "活动的类型。",
                    ACTIVITY_TYPES.first().copied().unwrap_or_default(),
                ),
                c.hall(ex, "参加活动的大厅。"),
                c.col(Field::Person, Input::Text, "参加人的姓名。", "张三"),
                c.col(
                    Field::Status,
                    Input::List(statuses, true),
                    "这个人这次活动的出勤情况。",
                    "出席",
                ),
            ],
        )],
    }
}

fn bonus_book(ex: &Examples, cfg: &Config, rubric: &Rubric) -> LogBook {
    LogBook {
        file: "加分申报.xlsx",
        signed: true,
        sheets: vec![
            honour_sheet(ex, rubric),
            red_flag_sheet(ex),
            article_sheet(ex, rubric),
            prize_sheet(ex, cfg, rubric),
        ],
    }
}

fn honour_sheet(ex: &Examples, rubric: &Rubric) -> LogSheet {
    let c = Columns::of(Kind::Honour);
    let levels = rubric
        .declared_levels()
        .iter()
        .map(|s| s.to_string())
        .collect();
    c.sheet(
        format!("{}年度表彰加分申报表", ex.year),
        "每项表彰填一行。级别以表彰文件落款单位（授予单位）的行政级别为准；只计本年度授予的表彰，同一荣誉只加一次分。".to_string(),
        vec![
            c.hall(ex, "获得表彰的大厅。"),
            c.col(Field::Title, Input::Text, "荣誉称号的全称。", "青年文明号"),
            c.col(
                Field::Authority,
                Input::Text,
                "表彰文件的落款单位全称。",
                "示例市人民政府",
            ),
            c.col(
                Field::Level,
                Input::List(levels, true),
                "授予单位的行政级别。",
                "市级",
            ),
            c.col(
                Field::HonourType,
                Input::List(strings(HONOUR_TYPES), true),
                "授予集体还是个人。",
                HONOUR_TYPES.first().copied().unwrap_or_default(),
            ),
            c.col(
                Field::Recipient,
                Input::Text,
                "个人表彰填写获奖人的姓名（必须填写）；集体表彰空着。",
                "",
            ),
            c.col(
                Field::DocNo,
                Input::Text,
                "表彰文件的文号。",
                format!("示政〔{}〕12号", ex.year),
            ),
            c.col(Field::Date, Input::Date, "表彰文件的日期。", ex.day(3, 5)),
        ],
    )
}

fn red_flag_sheet(ex: &Examples) -> LogSheet {
    let c = Columns::of(Kind::RedFlag);
    c.sheet(
        format!("{}年度季度“流动红旗”申报表", ex.year),
        "每面流动红旗填一行；同一大厅同一季度只计一次。".to_string(),
        vec![
            c.hall(ex, "获得流动红旗的大厅。"),
            c.col(
                Field::Quarter,
                Input::List(strings(QUARTERS), true),
                "获得流动红旗的季度。",
                QUARTERS.first().copied().unwrap_or_default(),
            ),
            c.col(
                Field::Year,
                Input::Year,
                "获得流动红旗的年度。",
                ex.year.to_string(),
            ),
        ],
    )
}

fn article_sheet(ex: &Examples, rubric: &Rubric) -> LogSheet {
    let c = Columns::of(Kind::Article);
    let categories = rubric
        .articles
        .categories
        .iter()
        .map(|c| c.name.clone())
        .collect();
    c.sheet(
        format!("{}年度信息宣传稿件申报表", ex.year),
        "每篇稿件填一行；同一篇稿件投给多家媒体（一稿多投）只计一篇。".to_string(),
        vec![
            c.hall(ex, "稿件所属的大厅。"),
            c.col(
                Field::Title,
                Input::Text,
                "刊登时的标题。",
                "我市不动产登记实现“一窗受理”",
            ),
            c.col(Field::Outlet, Input::Text, "媒体的名称。", "示例日报"),
            c.col(
                Field::Category,
                Input::List(categories, true),
                "刊登媒体的类别。",
                "日报",
            ),
            c.col(Field::Date, Input::Date, "刊登的日期。", ex.day(3, 5)),
        ],
    )
}

fn prize_sheet(ex: &Examples, cfg: &Config, rubric: &Rubric) -> LogSheet {
    let c = Columns::of(Kind::Prize);
    let places = natural_order(rubric.prizes.iter().map(|(k, _)| k.clone()), PRIZE_ORDER);
    c.sheet(
        format!("{}年度竞赛获奖申报表", ex.year),
        format!(
            "每个奖项填一行。只计{}组织的竞赛，其他单位主办的竞赛获奖不加分。",
            cfg.issuer
        ),
        vec![
            c.hall(ex, "获奖的大厅。"),
            c.col(
                Field::Competition,
                Input::Text,
                "竞赛的名称。",
                "窗口服务技能竞赛",
            ),
            c.col(
                Field::Place,
                Input::List(places, true),
                "获得的奖项。",
                "一等奖",
            ),
            c.col(
                Field::Organiser,
                Input::Text,
                "主办单位的全称。",
                cfg.issuer.clone(),
            ),
            c.col(Field::Date, Input::Date, "获奖的日期。", ex.day(3, 5)),
        ],
    )
}

fn veto_book(ex: &Examples) -> LogBook {
    let c = Columns::of(Kind::Veto);
    LogBook {
        file: "否决事项.xlsx",
        signed: false,
        sheets: vec![
            c.sheet(
                format!("{}年度否决事项", ex.year),
                "每个否决事项填一行。有否决事项的大厅取消当年评先评优资格，得分和名次照常列出。"
                    .to_string(),
                vec![
                    c.hall(ex, "发生否决事项的大厅。"),
                    c.col(
                        Field::Matter,
                        Input::Text,
                        "发生的问题。",
                        "工作人员违规收受财物",
                    ),
                    c.col(
                        Field::Category,
                        Input::List(strings(VETO_CATEGORIES), false),
                        "否决事项的类别。",
                        "党风廉政",
                    ),
                    c.col(Field::Date, Input::Date, "发生或处理的日期。", ex.day(3, 5)),
                ],
            ),
        ],
    }
}

/// What a column accepts, in a sentence for the instructions and the cell hint.
fn accepts(input: &Input, year: i32) -> String {
    match input {
        Input::Text => String::new(),
        Input::Hall => "从下拉列表中选择。".to_string(),
        Input::Date => format!("填写 {year} 年内的日期，如 {year}-03-05。"),
        Input::Decimal(min, max) => {
            format!("填写 {} 到 {} 之间的数。", fmt_num(*min), fmt_num(*max))
        }
        Input::Year => format!("填写 {year}，或者空着（即 {year} 年）。"),
        Input::List(values, true) => format!("从下拉列表中选择：{}。", values.join("、")),
        Input::List(values, false) => format!(
            "可从下拉列表中选择：{}；也可以直接填写其他类别。",
            values.join("、")
        ),
    }
}

fn requirement(column: &Column, year: i32) -> String {
    format!("{}{}", column.about, accepts(&column.input, year))
}

struct Styles {
    title: Format,
    header: Format,
    header_group: Format,
    header_text: Format,
    asterisk: Format,
    locked: Format,
    locked_center: Format,
    locked_wrap: Format,
    input: Format,
    input_wrap: Format,
    input_date: Format,
    input_center: Format,
    group: Format,
    open_column: Format,
    open_date_column: Format,
    section: Format,
    section_wrap: Format,
    label: Format,
    plain: Format,
    note: Format,
}

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_font_charset(CHARSET)
}

impl Styles {
    fn new() -> Styles {
        let border = base()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        let input = border
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(INPUT_FILL));
        let header = border
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(HEADER_FILL))
            .set_align(FormatAlign::Center)
            .set_text_wrap();
        Styles {
            title: base()
                .set_font_name(TITLE_FONT)
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            header_group: header
                .clone()
                .set_background_color(Color::RGB(GROUP_HEADER_FILL)),
            header,
            header_text: base().set_bold(),
            asterisk: base().set_bold().set_font_color(Color::RGB(RED)),
            locked: border.clone(),
            locked_center: border.clone().set_align(FormatAlign::Center),
            locked_wrap: border.clone().set_text_wrap(),
            input_wrap: input.clone().set_text_wrap(),
            input_date: input
                .clone()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Center),
            input_center: input.clone().set_align(FormatAlign::Center),
            input,
            // Locked: halls cannot type a score there; the group lifts the (password-less)
            // protection to fill it in.
            group: border
                .clone()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(GROUP_FILL)),
            open_column: base().set_unlocked(),
            open_date_column: base().set_unlocked().set_num_format("yyyy-mm-dd"),
            section_wrap: border
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(SECTION_FILL)),
            section: border
                .set_bold()
                .set_background_color(Color::RGB(SECTION_FILL)),
            label: base()
                .set_align(FormatAlign::Right)
                .set_align(FormatAlign::VerticalCenter),
            plain: base().set_align(FormatAlign::VerticalCenter),
            note: base().set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

/// A workbook whose default font is [`FONT`], so even cells kaohe never formats (and the column
/// widths Excel derives from the default font) are Chinese.
fn new_workbook() -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    // 宋体 11 in Excel: 18-pixel rows, 72-pixel (8.38-character) columns.
    wb.set_default_format(&base(), 18, 72)?;
    Ok(wb)
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

/// The range of the hall list on the instructions sheet, as a list validation reads it.
fn roster_formula(first_row: u32, halls: usize) -> String {
    let last = first_row + halls.max(1) as u32 - 1;
    let c = col_letter(ROSTER_COL);
    format!("='{INSTRUCTIONS}'!${c}${}:${c}${}", first_row + 1, last + 1)
}

fn col_letter(c: u16) -> char {
    (b'A' + c as u8) as char
}

/// The validation of a record column: its dropdown or range, and the hint shown on entering a
/// cell.
fn validation(column: &Column, year: i32, roster: &str) -> Result<DataValidation, XlsxError> {
    let title: String = column.header.chars().take(30).collect();
    let hint: String = format!("{}{}", column.about, accepts(&column.input, year))
        .chars()
        .take(250)
        .collect();
    let v = match &column.input {
        Input::Text => DataValidation::new().allow_any_value(),
        Input::Hall => DataValidation::new()
            .allow_list_formula(Formula::new(roster))
            .set_error_title("大厅名称不在名录中")?
            .set_error_message(
                "请从下拉列表中选择大厅。名录由监督科确定，缺少大厅时请联系监督科。",
            )?,
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
            .set_error_message(format!("只计 {year} 年度的流动红旗；空着即为 {year} 年。"))?,
        Input::List(values, strict) => {
            let mut v = DataValidation::new()
                .allow_list_strings(values)?
                .set_error_title("请从下拉列表中选择")?
                .set_error_message(format!("可填写：{}。", values.join("、")))?;
            if !strict {
                v = v.set_error_style(DataValidationErrorStyle::Information);
            }
            v
        }
    };
    v.set_input_title(title)?.set_input_message(hint)
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

/// A header cell: the name, with a red asterisk in front when the column must be filled in.
/// The reader ignores the asterisk (`input::kinds::header_text`).
fn write_header(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    header: &str,
    required: bool,
    cell: &Format,
    st: &Styles,
) -> Result<(), XlsxError> {
    if required {
        ws.write_rich_string_with_format(
            row,
            col,
            &[(&st.asterisk, "＊"), (&st.header_text, header)],
            cell,
        )?;
    } else {
        ws.write_with_format(row, col, header, cell)?;
    }
    Ok(())
}

fn print_setup(ws: &mut Worksheet, landscape: bool, repeat_row: u32) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    if landscape {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_repeat_rows(repeat_row, repeat_row)?;
    ws.set_footer("&C&\"宋体,常规\"&10第 &P 页，共 &N 页");
    Ok(())
}

/// One label and its input cells in a signing block.
struct SignField {
    label: &'static str,
    /// Width (in characters) the input should have at least.
    width: f64,
    /// Row height in points: the unit's row leaves room for the stamp.
    height: f64,
    /// Beside the previous field when the row has room, else on a row of its own.
    beside: bool,
    value: Option<Fill>,
    date: bool,
}

fn sign_field(label: &'static str, width: f64, beside: bool, value: Option<Fill>) -> SignField {
    SignField {
        label,
        width,
        height: 24.0,
        beside,
        value,
        date: false,
    }
}

/// The last column of the span from `first` wide enough for `need`, or the sheet's last column.
fn span(widths: &[f64], first: usize, need: f64) -> usize {
    let mut sum = 0.0;
    for (c, w) in widths.iter().enumerate().skip(first) {
        sum += w;
        if sum >= need {
            return c;
        }
    }
    widths.len().saturating_sub(1).max(first)
}

/// Where a signing field goes: its row, then the first and last columns of its label and of
/// its input.
type Placed = (u32, (usize, usize), (usize, usize));

/// The signing block. A field starting a row has its label in the leftmost columns (as wide as
/// the longest such label, so the inputs line up); a field marked `beside` follows the previous
/// one on its row when the row has room. Labels are locked, inputs unlocked. Returns the rows
/// used.
fn sign_block(
    ws: &mut Worksheet,
    first_row: u32,
    widths: &[f64],
    fields: &[SignField],
    st: &Styles,
) -> Result<u32, XlsxError> {
    let last = widths.len().saturating_sub(1);
    let label_w = |f: &SignField| super::text_width(f.label) + 0.5;
    let lead_w = fields.iter().map(label_w).fold(0.0, f64::max);
    // At least one column is left for the inputs.
    let lead = span(widths, 0, lead_w).min(last.saturating_sub(1));
    let mut placed: Vec<Placed> = Vec::new();
    for f in fields {
        let beside = match placed.last() {
            Some(&(row, _, (_, end))) if f.beside && end + 1 < last => {
                let l1 = span(widths, end + 1, label_w(f));
                (l1 < last).then(|| (row, (end + 1, l1), (l1 + 1, span(widths, l1 + 1, f.width))))
            }
            _ => None,
        };
        let spot = beside.unwrap_or_else(|| {
            let row = placed.last().map_or(0, |p| p.0 + 1);
            (row, (0, lead), (lead + 1, span(widths, lead + 1, f.width)))
        });
        placed.push(spot);
    }
    let rows = placed.last().map_or(0, |p| p.0 + 1);
    for r in 0..rows {
        let h = fields
            .iter()
            .zip(&placed)
            .filter(|(_, p)| p.0 == r)
            .map(|(f, _)| f.height)
            .fold(0.0, f64::max);
        ws.set_row_height(first_row + r, h)?;
    }
    for (f, &(r, (l0, l1), (i0, i1))) in fields.iter().zip(&placed) {
        let r = first_row + r;
        let (l0, l1, i0, i1) = (l0 as u16, l1 as u16, i0 as u16, i1 as u16);
        if l1 > l0 {
            ws.merge_range(r, l0, r, l1, f.label, &st.label)?;
        } else {
            ws.write_with_format(r, l0, f.label, &st.label)?;
        }
        let fmt = if f.date { &st.input_date } else { &st.input };
        if i1 > i0 {
            ws.merge_range(r, i0, r, i1, "", fmt)?;
        }
        match &f.value {
            Some(v) => write_fill(ws, r, i0, v, st)?,
            None => {
                ws.write_blank(r, i0, fmt)?;
            }
        }
    }
    Ok(rows)
}

/// The 填报日期 field of a signing block.
fn date_field(beside: bool, value: Option<Date>) -> SignField {
    SignField {
        date: true,
        ..sign_field("填报日期：", 12.0, beside, value.map(Fill::Date))
    }
}

fn fill_of_text(v: &Option<String>) -> Option<Fill> {
    v.as_ref().map(|t| Fill::Text(t.clone()))
}

fn log_sheet(
    ws: &mut Worksheet,
    sheet: &LogSheet,
    signed: Option<&Signed>,
    year: i32,
    roster: &str,
    rows: &[Vec<Fill>],
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(sheet.name)?;
    let last_col = sheet.columns.len() as u16 - 1;
    ws.merge_range(0, 0, 0, last_col, &sheet.title, &st.title)?;
    ws.set_row_height(0, 32)?;
    let widths: Vec<f64> = sheet
        .columns
        .iter()
        .map(|column| {
            let least = match column.input {
                Input::Date => 12.0,
                Input::Hall => 22.0,
                Input::List(..) => 10.0,
                _ => 8.0,
            };
            fit_width([
                format!("＊{}", column.header).as_str(),
                column.sample.as_str(),
            ])
            .clamp(least, 40.0)
        })
        .collect();
    let mut header_row = 1;
    if let Some(s) = signed {
        let fields = [
            SignField {
                height: 32.0,
                ..sign_field("填报单位（盖章）：", 24.0, false, fill_of_text(&s.unit))
            },
            sign_field("经办人：", 12.0, false, fill_of_text(&s.filler)),
            date_field(true, s.date),
        ];
        header_row += sign_block(ws, 1, &widths, &fields, st)?;
    }
    for (c, (column, width)) in sheet.columns.iter().zip(&widths).enumerate() {
        let c = c as u16;
        write_header(
            ws,
            header_row,
            c,
            column.header,
            column.required,
            &st.header,
            st,
        )?;
        ws.set_column_width(c, *width)?;
        // Beyond the ruled rows the cells stay editable (records may run on), unformatted so
        // they do not print as empty boxes.
        let open = if matches!(column.input, Input::Date) {
            &st.open_date_column
        } else {
            &st.open_column
        };
        ws.set_column_format(c, open)?;
        let v = validation(column, year, roster)?;
        ws.add_data_validation(header_row + 1, c, header_row + INPUT_ROWS, c, &v)?;
    }
    ws.set_row_height(header_row, 30)?;
    let ruled = RULED_ROWS.max(rows.len() as u32);
    // The ruled rows get no height of their own but a taller sheet default: Excel and WPS grow
    // a row to fit text that wraps in it, which they do not for a row given a height.
    ws.set_default_row_height(19);
    for r in 0..ruled {
        let row = header_row + 1 + r;
        for (c, column) in sheet.columns.iter().enumerate() {
            let fill = rows
                .get(r as usize)
                .and_then(|cells| cells.get(c))
                .unwrap_or(&Fill::Blank);
            let fmt = match column.input {
                Input::Date => &st.input_date,
                Input::Text | Input::Hall => &st.input_wrap,
                _ => &st.input_center,
            };
            let c = c as u16;
            match fill {
                Fill::Text(t) => ws.write_with_format(row, c, t, fmt)?,
                Fill::Number(n) => ws.write_with_format(row, c, *n, fmt)?,
                Fill::Date(d) => ws.write_with_format(row, c, &date_of(*d)?, &st.input_date)?,
                Fill::Blank => ws.write_blank(row, c, fmt)?,
            };
        }
    }
    ws.set_freeze_panes(header_row + 1, 0)?;
    let total: f64 = widths.iter().sum();
    print_setup(ws, total > 90.0, header_row)?;
    protect(ws);
    Ok(())
}

/// One line of an instructions sheet.
enum Line {
    Title(String),
    Note(String),
    Blank,
    Caption(String),
    TableHead,
    Column {
        header: String,
        need: &'static str,
        text: String,
        sample: String,
    },
    RosterHead,
    Hall(usize, String),
}

/// Column of the instructions sheet holding the hall names the 大厅 dropdowns list.
const ROSTER_COL: u16 = 2;

/// Where the first hall of the roster lands on the instructions sheet.
fn roster_row(lines: &[Line]) -> u32 {
    lines
        .iter()
        .position(|l| matches!(l, Line::Hall(..)))
        .unwrap_or(lines.len()) as u32
}

fn general_notes(signed: bool, year: i32) -> Vec<String> {
    let mut v = vec![
        "只在浅黄色单元格中填写。标题和表头已锁定（没有设密码），请不要改动列名和列的顺序。"
            .to_string(),
        "列名前有红色星号（＊）的列必须填写；其他列没有相应内容时空着。".to_string(),
        "每条记录填一行，从表头下面第一行起往下填，中间不留空行，不合并单元格。划好格子的行用完时，接着往下填写即可。".to_string(),
        format!("有下拉箭头的单元格，从下拉列表中选择。日期写成 {year}-03-05 的样子；分数只写数字，不带“分”字。"),
        "下面逐表说明每一列的填法；“示例”一列是填好的样子，不要抄进表中。".to_string(),
    ];
    if signed {
        v.push("每张表上方的“填报单位（盖章）”“经办人”“填报日期”由申报的大厅填写；打印后在填报单位处加盖公章。".to_string());
    }
    v.push("填好后保存，把本文件交回监督科。".to_string());
    v
}

fn log_book_lines(book: &LogBook, cfg: &Config, year: i32) -> Vec<Line> {
    let mut lines = vec![Line::Title(INSTRUCTIONS.to_string())];
    for (i, n) in general_notes(book.signed, year).iter().enumerate() {
        lines.push(Line::Note(format!("{}. {n}", i + 1)));
    }
    for sheet in &book.sheets {
        lines.push(Line::Blank);
        lines.push(Line::Caption(format!("“{}”表：{}", sheet.name, sheet.rule)));
        lines.push(Line::TableHead);
        for column in &sheet.columns {
            lines.push(Line::Column {
                header: column.header.to_string(),
                need: if column.required { "必填" } else { "选填" },
                text: requirement(column, year),
                sample: column.sample.clone(),
            });
        }
    }
    lines.push(Line::Blank);
    lines.push(Line::RosterHead);
    for (i, h) in cfg.halls.iter().enumerate() {
        lines.push(Line::Hall(i + 1, h.name.clone()));
    }
    lines
}

/// The instructions sheet. The readers skip a sheet of this name, so the examples on it are
/// never taken for data.
fn instructions(ws: &mut Worksheet, lines: &[Line], st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(INSTRUCTIONS)?;
    let widths = [12.0, 6.0, 58.0, 30.0];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let all: f64 = widths.iter().sum();
    for (row, line) in lines.iter().enumerate() {
        let row = row as u32;
        match line {
            Line::Title(t) => {
                ws.merge_range(row, 0, row, 3, t, &st.title)?;
                ws.set_row_height(row, 36)?;
            }
            Line::Note(t) => {
                ws.merge_range(row, 0, row, 3, t, &st.note)?;
                ws.set_row_height(row, row_height(t, all - 2.0))?;
            }
            Line::Blank => {}
            Line::Caption(t) => {
                ws.merge_range(row, 0, row, 3, t, &st.section_wrap)?;
                ws.set_row_height(row, row_height(t, all - 2.0))?;
            }
            Line::TableHead => {
                for (c, h) in ["列名", "必填", "填写要求", "示例"].iter().enumerate() {
                    ws.write_with_format(row, c as u16, *h, &st.header)?;
                }
                ws.set_row_height(row, 20)?;
            }
            Line::Column {
                header,
                need,
                text,
                sample,
            } => {
                ws.write_with_format(row, 0, header, &st.locked_wrap)?;
                ws.write_with_format(row, 1, *need, &st.locked_center)?;
                ws.write_with_format(row, 2, text, &st.locked_wrap)?;
                ws.write_with_format(row, 3, sample, &st.locked_wrap)?;
                let h = row_height(text, widths[2] - 1.0)
                    .max(row_height(sample, widths[3] - 1.0))
                    .max(row_height(header, widths[0] - 1.0));
                ws.set_row_height(row, h)?;
            }
            Line::RosterHead => {
                let t = "大厅名录：“大厅”一列下拉列表中的选项。缺少大厅时请联系监督科。";
                ws.merge_range(row, 0, row, 3, t, &st.section_wrap)?;
                ws.set_row_height(row, row_height(t, all - 2.0))?;
            }
            Line::Hall(n, name) => {
                ws.merge_range(row, 0, row, 1, &n.to_string(), &st.locked_center)?;
                ws.merge_range(row, ROSTER_COL, row, 3, name, &st.locked)?;
                ws.set_row_height(row, 18)?;
            }
        }
    }
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_footer("&C&\"宋体,常规\"&10第 &P 页，共 &N 页");
    protect(ws);
    Ok(())
}

/// Height (points) of a row whose wrapped text runs in a column `width` characters wide:
/// programs must size such rows themselves.
fn row_height(text: &str, width: f64) -> f64 {
    // Fonts standing in for 宋体 run a little wider than text_width assumes: wrap early.
    let usable = (width - 3.0).max(1.0);
    let lines: f64 = text
        .lines()
        .map(|l| (super::text_width(l) / usable).ceil().max(1.0))
        .sum::<f64>()
        .max(1.0);
    15.0 * lines + 6.0
}

fn saving(path: &Path) -> impl Fn(XlsxError) -> SaveError + '_ {
    move |source| SaveError::Build {
        path: path.to_path_buf(),
        source,
    }
}

/// Document properties of a form, with its marker.
fn form_properties(
    title: &str,
    cfg: &Config,
    date: Date,
    marker: Option<&Marker>,
) -> Result<rust_xlsxwriter::DocProperties, XlsxError> {
    let mut p = properties(title, &cfg.issuer, date)?;
    if let Some(m) = marker {
        p = p
            .set_custom_property(blank::PROP_FORM, m.form.as_str())
            .set_custom_property(blank::PROP_VERSION, m.version.as_str())
            .set_custom_property(blank::PROP_BLANK, m.blank.as_str());
        if let Some(h) = &m.hall {
            p = p.set_custom_property(blank::PROP_HALL, h.as_str());
        }
    }
    Ok(p)
}

/// The bytes of a form with its marker: the form is built blank once to fingerprint its cells,
/// then built again, with `fill` when given, carrying that fingerprint.
fn with_marker(
    path: &Path,
    form: &str,
    hall: Option<&str>,
    build: impl Fn(bool, Option<&Marker>) -> Result<Workbook, XlsxError>,
) -> Result<(Vec<u8>, Marker), SaveError> {
    let bytes = build(false, None)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(saving(path))?;
    let blank = blank::fingerprint(&bytes).map_err(|reason| SaveError::Check {
        path: path.to_path_buf(),
        reason,
    })?;
    let marker = Marker {
        form: form.to_string(),
        hall: hall.map(str::to_string),
        version: env!("CARGO_PKG_VERSION").to_string(),
        blank,
    };
    let bytes = build(true, Some(&marker))
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(saving(path))?;
    Ok((bytes, marker))
}

fn log_book_bytes(
    path: &Path,
    book: &LogBook,
    cfg: &Config,
    date: Date,
    fills: &[Vec<Vec<Fill>>],
    signed: &Signed,
) -> Result<(Vec<u8>, Marker), SaveError> {
    let form = book.file.trim_end_matches(".xlsx");
    with_marker(path, form, None, |filled, marker| {
        let year = cfg.year.unwrap_or(date.year);
        let st = Styles::new();
        let mut wb = new_workbook()?;
        wb.set_properties(&form_properties(form, cfg, date, marker)?);
        let lines = log_book_lines(book, cfg, year);
        let roster = roster_formula(roster_row(&lines), cfg.halls.len());
        let no_sign = Signed::default();
        for (i, sheet) in book.sheets.iter().enumerate() {
            let rows = match fills.get(i) {
                Some(r) if filled => r.as_slice(),
                _ => &[],
            };
            let sign = book
                .signed
                .then_some(if filled { signed } else { &no_sign });
            log_sheet(wb.add_worksheet(), sheet, sign, year, &roster, rows, &st)?;
        }
        instructions(wb.add_worksheet(), &lines, &st)?;
        Ok(wb)
    })
}

/// Writes one record workbook; `fills[i]` are the rows of its i-th sheet.
pub fn write_log_book(
    path: &Path,
    book: &LogBook,
    cfg: &Config,
    date: Date,
    fills: &[Vec<Vec<Fill>>],
) -> Result<(), SaveError> {
    write_log_book_signed(path, book, cfg, date, fills, &Signed::default())
}

/// [`write_log_book`] with the signing block of a signed workbook filled in.
pub fn write_log_book_signed(
    path: &Path,
    book: &LogBook,
    cfg: &Config,
    date: Date,
    fills: &[Vec<Vec<Fill>>],
    signed: &Signed,
) -> Result<(), SaveError> {
    let (bytes, _) = log_book_bytes(path, book, cfg, date, fills, signed)?;
    Ok(crate::fsio::write_atomic(path, &bytes)?)
}

/// The self and assessed score of one item, for filling a form.
pub type ScorePair = (Option<f64>, Option<f64>);

/// What a hall (and the assessment group) writes into a self-check form.
#[derive(Debug, Clone, Default)]
pub struct SelfCheckFill {
    /// Per rubric item, in order.
    pub scores: Vec<ScorePair>,
    /// 自查说明 per rubric item, in order.
    pub notes: Vec<Option<String>>,
    pub signed: Signed,
}

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
    let fill = SelfCheckFill {
        scores: scores.to_vec(),
        ..SelfCheckFill::default()
    };
    write_self_check_filled(path, hall, cfg, rubric, date, half_year, &fill)
}

/// [`write_self_check`] with notes and the signing block.
pub fn write_self_check_filled(
    path: &Path,
    hall: &str,
    cfg: &Config,
    rubric: &Rubric,
    date: Date,
    half_year: bool,
    fill: &SelfCheckFill,
) -> Result<(), SaveError> {
    let (bytes, _) = self_check_bytes(path, hall, cfg, rubric, date, half_year, fill)?;
    Ok(crate::fsio::write_atomic(path, &bytes)?)
}

fn self_check_bytes(
    path: &Path,
    hall: &str,
    cfg: &Config,
    rubric: &Rubric,
    date: Date,
    half_year: bool,
    fill: &SelfCheckFill,
) -> Result<(Vec<u8>, Marker), SaveError> {
    let form = if half_year {
        HALF_YEAR_FORM
    } else {
        YEAR_END_FORM
    };
    let empty = SelfCheckFill::default();
    with_marker(path, form, Some(hall), |filled, marker| {
        let fill = if filled { fill } else { &empty };
        self_check_workbook(hall, cfg, rubric, date, half_year, fill, marker)
    })
}

fn self_check_workbook(
    hall: &str,
    cfg: &Config,
    rubric: &Rubric,
    date: Date,
    half_year: bool,
    fill: &SelfCheckFill,
    marker: Option<&Marker>,
) -> Result<Workbook, XlsxError> {
    let year = cfg.year.unwrap_or(date.year);
    let st = Styles::new();
    let mut wb = new_workbook()?;
    let (period, title) = if half_year {
        (
            "半年",
            format!("{year}年上半年专业办事大厅窗口服务工作自查评分表"),
        )
    } else {
        (
            "年终",
            format!("{year}年度专业办事大厅窗口服务工作考核自查评分表"),
        )
    };
    wb.set_properties(&form_properties(
        &format!("{hall}{year}年{period}自查评分表"),
        cfg,
        date,
        marker,
    )?);
    let ws = wb.add_worksheet();
    ws.set_name("自查评分表")?;
    // Half-year forms have no 考核得分 column: nobody assesses them; their summary uses the
    // self scores only.
    let group_col: Option<u16> = (!half_year).then_some(4);
    let note_col: u16 = if half_year { 4 } else { 5 };
    let last_col = note_col;
    let widths: Vec<f64> = if half_year {
        vec![11.0, 50.0, 7.0, 10.0, 34.0]
    } else {
        vec![11.0, 46.0, 7.0, 10.0, 10.0, 28.0]
    };
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.merge_range(0, 0, 0, last_col, &title, &st.title)?;
    ws.set_row_height(0, 40)?;
    // Room for the stamp over the hall's name.
    ws.set_row_height(1, 36)?;
    ws.merge_range(1, 0, 1, 1, &format!("填报单位（盖章）：{hall}"), &st.plain)?;
    ws.merge_range(1, 2, 1, 3, &format!("考核年度：{year}"), &st.plain)?;
    if last_col > 4 {
        ws.merge_range(1, 4, 1, last_col, &format!("考核期间：{period}"), &st.plain)?;
    } else {
        ws.write_with_format(1, 4, format!("考核期间：{period}"), &st.plain)?;
    }
    let header_row = 2;
    // the reader's headers; the asterisk marks what the hall fills (编号 and 分值 come filled)
    let self_check = def(Kind::SelfCheck);
    let header = |f: Field| self_check.field(f).map(|d| d.header()).unwrap_or_default();
    let mut headers: Vec<(&str, bool)> = vec![
        (header(Field::Code), false),
        (header(Field::Content), false),
        (header(Field::Max), false),
        (header(Field::SelfScore), true),
    ];
    if group_col.is_some() {
        headers.push((header(Field::Assessed), false));
    }
    headers.push((header(Field::Note), false));
    for (c, (h, required)) in headers.iter().enumerate() {
        let c = c as u16;
        let cell = if Some(c) == group_col {
            &st.header_group
        } else {
            &st.header
        };
        write_header(ws, header_row, c, h, *required, cell, &st)?;
    }
    if let Some(g) = group_col {
        let note = Note::new("由考核组填写，大厅不填。本列已锁定：考核组填写前，先在“审阅”菜单中点“撤销工作表保护”（没有密码）。")
            .add_author_prefix(false)
            .set_font_name(FONT)
            .set_width(260)
            .set_height(80);
        ws.insert_note(header_row, g, &note)?;
    }
    ws.set_row_height(header_row, 30)?;
    let first_item_row = header_row + 1;
    let layout = SelfCheckColumns {
        group_col,
        note_col,
        last_col,
        name_width: widths[1],
    };
    let (mut row, sum_max, sum_self, sum_assessed) =
        item_rows(ws, &st, rubric, fill, &layout, first_item_row)?;
    let last_item_row = row - 1;
    ws.merge_range(row, 0, row, 1, "合计", &st.header)?;
    let mut sums = vec![(2u16, sum_max), (3, sum_self)];
    if let Some(g) = group_col {
        sums.push((g, sum_assessed));
    }
    for (c, sum) in sums {
        let letter = col_letter(c);
        let f = Formula::new(format!(
            "=SUM({letter}{}:{letter}{})",
            first_item_row + 1,
            last_item_row + 1
        ))
        .set_result(fmt_num(sum));
        ws.write_formula_with_format(row, c, f, &st.header)?;
    }
    ws.write_with_format(row, note_col, "", &st.header)?;
    ws.set_row_height(row, 22)?;
    row += 2;
    let s = &fill.signed;
    let fields = [
        sign_field("填表人：", 16.0, false, fill_of_text(&s.filler)),
        sign_field("审核人：", 16.0, true, fill_of_text(&s.reviewer)),
        date_field(false, s.date),
    ];
    row += sign_block(ws, row, &widths, &fields, &st)?;
    row += 1;
    let note = if half_year {
        "注：列名前有红色星号（＊）的列必须填写；只在浅黄色单元格中填写。"
    } else {
        "注：列名前有红色星号（＊）的列必须填写；只在浅黄色单元格中填写。浅蓝色的“考核得分”一列由考核组填写，大厅不填。"
    };
    ws.merge_range(row, 0, row, last_col, note, &st.note)?;
    ws.set_row_height(row, row_height(note, widths.iter().sum::<f64>() - 2.0))?;
    ws.set_freeze_panes(header_row + 1, 0)?;
    print_setup(ws, false, header_row)?;
    protect(ws);

    let lines = self_check_lines(half_year, year);
    instructions(wb.add_worksheet(), &lines, &st)?;
    Ok(wb)
}

/// Where the self-check form's optional columns are.
struct SelfCheckColumns {
    group_col: Option<u16>,
    note_col: u16,
    last_col: u16,
    /// Width of the 考核内容 column, for the row heights.
    name_width: f64,
}

/// The rubric's sections and items from `first_row` on, with the hall's filled scores: the
/// row after the last item and the sums of 分值, 自评得分 and 考核得分.
fn item_rows(
    ws: &mut Worksheet,
    st: &Styles,
    rubric: &Rubric,
    fill: &SelfCheckFill,
    layout: &SelfCheckColumns,
    first_row: u32,
) -> Result<(u32, f64, f64, f64), XlsxError> {
    let SelfCheckColumns {
        group_col,
        note_col,
        last_col,
        name_width,
    } = *layout;
    let mut row = first_row;
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
        ws.merge_range(row, 0, row, last_col, &caption, &st.section)?;
        ws.set_row_height(row, 20)?;
        row += 1;
        for (idx, item) in sec_items {
            let max = super::f64_of(item.max);
            ws.write_with_format(row, 0, &item.code, &st.locked_center)?;
            ws.write_with_format(row, 1, &item.name, &st.locked_wrap)?;
            ws.write_with_format(row, 2, max, &st.locked_center)?;
            let (own, assessed) = fill.scores.get(idx).copied().unwrap_or((None, None));
            match own {
                Some(x) => ws.write_with_format(row, 3, x, &st.input_center)?,
                None => ws.write_blank(row, 3, &st.input_center)?,
            };
            if let Some(g) = group_col {
                match assessed {
                    Some(x) => ws.write_with_format(row, g, x, &st.group)?,
                    None => ws.write_blank(row, g, &st.group)?,
                };
            }
            match fill.notes.get(idx).and_then(Option::as_ref) {
                Some(n) => ws.write_with_format(row, note_col, n, &st.input_wrap)?,
                None => ws.write_blank(row, note_col, &st.input_wrap)?,
            };
            let h = row_height(&item.name, name_width - 1.0).max(22.0);
            ws.set_row_height(row, h)?;
            let v = DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(0.0, max))
                .set_input_title(format!("项目 {} 得分", item.code))?
                .set_input_message(format!(
                    "填写 0 到 {} 之间的数，可以有小数。",
                    fmt_dec(item.max)
                ))?
                .set_error_title("得分超出分值")?
                .set_error_message(format!(
                    "项目 {} 的得分应在 0 到 {} 之间。",
                    item.code,
                    fmt_dec(item.max)
                ))?;
            ws.add_data_validation(row, 3, row, 3, &v)?;
            if let Some(g) = group_col {
                let v = v
                    .clone()
                    .set_input_title("由考核组填写")?
                    .set_input_message("考核得分由考核组填写，大厅不填。")?;
                ws.add_data_validation(row, g, row, g, &v)?;
            }
            sum_max += max;
            sum_self += own.unwrap_or(0.0);
            sum_assessed += assessed.unwrap_or(0.0);
            row += 1;
        }
    }
    Ok((row, sum_max, sum_self, sum_assessed))
}

fn self_check_lines(half_year: bool, year: i32) -> Vec<Line> {
    let sample_date = if half_year {
        format!("{year}-06-28")
    } else {
        format!("{year}-12-20")
    };
    let mut notes = vec![
        "“自查评分表”已填好大厅名称、考核年度、考核项目和分值，请不要改动。".to_string(),
        "只在浅黄色单元格中填写：逐项填写“自评得分”（必填，列名前有红色星号），需要说明的写在“自查说明”里，最后填写表格下方的填表人、审核人和填报日期。".to_string(),
        "得分不能超过该项的分值，可以有小数；分数只写数字，不带“分”字。".to_string(),
        "单项考核内容全部没有完成的，该项得 0 分；部分没有完成的，酌情扣分，并在“自查说明”中写明原因。".to_string(),
    ];
    if !half_year {
        notes.push("浅蓝色的“考核得分”一列由考核组填写，大厅不填。".to_string());
    }
    notes
        .push("填好后打印，在“填报单位（盖章）”处加盖公章，连同本文件一起交回监督科。".to_string());
    let mut lines = vec![Line::Title(INSTRUCTIONS.to_string())];
    for (i, n) in notes.iter().enumerate() {
        lines.push(Line::Note(format!("{}. {n}", i + 1)));
    }
    lines.push(Line::Blank);
    lines.push(Line::Caption("各列的填法".to_string()));
    lines.push(Line::TableHead);
    let column = |header: &str, need: &'static str, text: &str, sample: &str| Line::Column {
        header: header.to_string(),
        need,
        text: text.to_string(),
        sample: sample.to_string(),
    };
    lines.push(column(
        "编号、考核内容、分值",
        "",
        "已按考核细则填好，不要改动。",
        "",
    ));
    lines.push(column(
        "自评得分",
        "必填",
        "本大厅对该项目的自评得分，填写 0 到该项分值之间的数。",
        "5.5",
    ));
    if !half_year {
        lines.push(column(
            "考核得分",
            "考核组",
            "由考核组填写，大厅不填。本列已锁定；考核组填写前，先在“审阅”菜单中点“撤销工作表保护”（没有密码）。",
            "5",
        ));
    }
    lines.push(column(
        "自查说明",
        "选填",
        "自评得分低于分值时，写明扣分的原因。",
        "3月5日暗访发现1名工作人员上班时间玩手机，扣0.5分",
    ));
    lines.push(column("填表人、审核人", "必填", "填写姓名。", "张三"));
    lines.push(column("填报日期", "必填", "填表的日期。", &sample_date));
    lines
}

pub use crate::text::file_stem;

/// Why `template` left a file as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// A form kaohe wrote, and somebody has typed into it since.
    Filled,
    /// A workbook kaohe did not write (or an older kaohe without the marker).
    Foreign,
    /// The file could not be read; the reason in Chinese.
    Unreadable(String),
}

impl Kept {
    pub fn reason(&self) -> String {
        match self {
            Kept::Filled => "已有填写内容".to_string(),
            Kept::Foreign => "不是 kaohe 生成的空白表".to_string(),
            Kept::Unreadable(r) => format!("无法读取（{r}）"),
        }
    }
}

/// What `kaohe template` did; paths are relative to the folder.
#[derive(Debug, Default)]
pub struct TemplateReport {
    /// New forms.
    pub written: Vec<PathBuf>,
    /// Blank forms rewritten for the current roster, year or kaohe version.
    pub regenerated: Vec<PathBuf>,
    /// Blank forms already as they would be written.
    pub unchanged: Vec<PathBuf>,
    /// Forms left as they were, and why.
    pub kept: Vec<(PathBuf, Kept)>,
    /// Forms `--force` replaced although they were not blank, and what they were.
    pub overwritten: Vec<(PathBuf, Kept)>,
    /// Blank self-check forms of halls no longer in the roster, deleted (hall named).
    pub removed: Vec<(PathBuf, String)>,
    /// Self-check forms of halls no longer in the roster that hold data: kept (hall named).
    pub stale: Vec<(PathBuf, String)>,
}

/// One form `template` writes.
enum Job<'a> {
    SelfCheck { hall: &'a str, half_year: bool },
    Book(LogBook),
}

/// The forms of the current roster: a year-end and a half-year self-check form per hall, and
/// the record workbooks. Paths relative to the folder.
fn plan<'a>(cfg: &'a Config, rubric: &Rubric) -> Vec<(PathBuf, Job<'a>)> {
    let mut plan = Vec::new();
    for (dir, half_year) in [(YEAR_END_DIR, false), (HALF_YEAR_DIR, true)] {
        for h in &cfg.halls {
            plan.push((
                Path::new(dir).join(format!("{}.xlsx", file_stem(&h.name))),
                Job::SelfCheck {
                    hall: h.name.as_str(),
                    half_year,
                },
            ));
        }
    }
    plan.extend(
        log_books(cfg, rubric)
            .into_iter()
            .map(|b| (PathBuf::from(b.file), Job::Book(b))),
    );
    plan
}

/// Writes every form of the roster into `dir`. A file already there is regenerated only when
/// it is a kaohe form nobody has filled in; one holding data, or not written by kaohe, is kept
/// and reported, unless `force`. Blank self-check forms of halls no longer in the roster are
/// deleted; ones holding data are kept and reported.
pub fn write_templates(
    dir: &Path,
    cfg: &Config,
    rubric: &Rubric,
    date: Date,
    force: bool,
) -> Result<TemplateReport, SaveError> {
    let mut report = TemplateReport::default();
    let plan = plan(cfg, rubric);
    for (rel, job) in &plan {
        let path = dir.join(rel);
        let (bytes, marker) = match job {
            Job::SelfCheck { hall, half_year } => self_check_bytes(
                &path,
                hall,
                cfg,
                rubric,
                date,
                *half_year,
                &SelfCheckFill::default(),
            )?,
            Job::Book(book) => log_book_bytes(&path, book, cfg, date, &[], &Signed::default())?,
        };
        let existing = if std::fs::symlink_metadata(&path).is_ok() {
            Some(blank::inspect(&path))
        } else {
            None
        };
        let kept = match existing {
            None => {
                crate::fsio::write_atomic(&path, &bytes)?;
                report.written.push(rel.clone());
                continue;
            }
            Some(Existing::Blank(old)) => {
                if old.blank == marker.blank && old.version == marker.version {
                    report.unchanged.push(rel.clone());
                } else {
                    crate::fsio::write_atomic(&path, &bytes)?;
                    report.regenerated.push(rel.clone());
                }
                continue;
            }
            Some(Existing::Filled(_)) => Kept::Filled,
            Some(Existing::Foreign) => Kept::Foreign,
            Some(Existing::Unreadable(r)) => Kept::Unreadable(r),
        };
        if force {
            crate::fsio::write_atomic(&path, &bytes)?;
            report.overwritten.push((rel.clone(), kept));
        } else {
            report.kept.push((rel.clone(), kept));
        }
    }
    let planned: Vec<&PathBuf> = plan.iter().map(|(p, _)| p).collect();
    for (folder, form) in [
        (YEAR_END_DIR, YEAR_END_FORM),
        (HALF_YEAR_DIR, HALF_YEAR_FORM),
    ] {
        let Ok(entries) = std::fs::read_dir(dir.join(folder)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.to_lowercase().ends_with(".xlsx") && !n.starts_with(['.', '~']))
            .collect();
        names.sort();
        for name in names {
            let rel = Path::new(folder).join(&name);
            if planned.contains(&&rel) {
                continue;
            }
            match blank::inspect(&dir.join(&rel)) {
                Existing::Blank(m) if m.form == form => {
                    let hall = m.hall.unwrap_or_default();
                    match std::fs::remove_file(dir.join(&rel)) {
                        Ok(()) => report.removed.push((rel, hall)),
                        Err(_) => report.stale.push((rel, hall)),
                    }
                }
                Existing::Filled(m) if m.form == form => {
                    report.stale.push((rel, m.hall.unwrap_or_default()));
                }
                _ => {}
            }
        }
    }
    Ok(report)
}

/// The issuer and halls of [`sample_config`]: a kaohe.toml still holding them was not edited.
const SAMPLE_ISSUER: &str = "示例市行政服务管理委员会";
const SAMPLE_HALLS: [&str; 3] = ["不动产登记大厅", "公积金办事大厅", "社保医保办事大厅"];

/// Whether kaohe.toml still has the sample's issuer and roster, i.e. nobody has edited them.
pub fn is_unedited_sample(cfg: &Config) -> bool {
    cfg.issuer == SAMPLE_ISSUER
        && cfg.halls.len() == SAMPLE_HALLS.len()
        && cfg.halls.iter().zip(SAMPLE_HALLS).all(|(h, s)| h.name == s)
}

/// The assessment year a new kaohe.toml proposes on `today`: forms go out and come back around
/// the turn of the year, so in January the year just ended is meant (Jan 2027 → 2026); in any
/// other month, December included, the current year (Dec 2026 → 2026, Jun 2026 → 2026).
pub fn sample_year(today: Date) -> i32 {
    if today.month == 1 {
        today.year - 1
    } else {
        today.year
    }
}

/// A commented kaohe.toml for a folder that has none yet.
pub fn sample_config(year: i32) -> String {
    let halls: String = SAMPLE_HALLS
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if i == 0 {
                format!("[[hall]]\nname = \"{h}\"\naliases = [\"不动产大厅\"]\n")
            } else {
                format!("\n[[hall]]\nname = \"{h}\"\n")
            }
        })
        .collect();
    format!(
        r#"# kaohe 考核设置。
# 请先改好下面三处，保存后再运行一次 kaohe template <文件夹>，为名录中的每个大厅生成填报表：
#   1. year    考核年度；
#   2. issuer  发文机关；
#   3. 大厅名录 每个大厅写一节 [[hall]]，下面三个大厅只是示例。

# 考核年度。示例值按运行的日期给出：1 月运行时为上一年，其他月份（含 12 月）为当年。
year = {year}

# 发文机关（也是“市行管委组织的竞赛”的主办单位）
issuer = "{SAMPLE_ISSUER}"

# 大厅名录：每个大厅一节；顺序即总分相同时的排列顺序。aliases 为表格中可能出现的简称（可省略）。
{halls}
# 可选：按名称关键字推断表彰级别会出错的授予单位，在此写明其级别（部级、省级、市级、县级、区级、单位内部）。
# [authority_levels]
# "示例省示例市人民政府" = "市级"

# 可选：文档用的字体。不写时自动使用本机已安装的公文字体（方正小标宋简体、仿宋_GB2312、黑体、楷体_GB2312、
# 宋体等），没有的用 kaohe 附带的免费字体；运行 kaohe fonts 可查看。每类写字体文件的路径或字体名称，
# 类别名要加英文双引号。
# [fonts]
# "小标宋" = "方正小标宋简体"
# "仿宋" = "C:/Windows/Fonts/simfang.ttf"
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each record sheet is one sheet kind of the reader, with a column for every field it
    /// knows, headed by its canonical name, and asterisks exactly where a value is required.
    #[test]
    fn record_sheets_are_the_readers_sheet_kinds() {
        let rubric = Rubric::builtin();
        let (cfg, _) = Config::parse("year = 2025\nissuer = \"某市\"\n", &rubric);
        let mut seen = Vec::new();
        for book in log_books(&cfg, &rubric) {
            for sheet in &book.sheets {
                let kind = crate::input::kinds::KINDS
                    .iter()
                    .find(|k| k.name == sheet.name)
                    .expect("a sheet kind of this name");
                seen.push(kind.kind);
                let headers: Vec<&str> = sheet.columns.iter().map(|c| c.header).collect();
                let expected: Vec<&str> = kind.fields.iter().map(|f| f.header()).collect();
                let mut sorted = headers.clone();
                sorted.sort_unstable();
                let mut want = expected.clone();
                want.sort_unstable();
                assert_eq!(sorted, want, "{}", sheet.name);
                for c in &sheet.columns {
                    let fd = kind
                        .fields
                        .iter()
                        .find(|f| f.header() == c.header)
                        .expect("known column");
                    assert_eq!(
                        c.required,
                        fd.value_required(),
                        "{} {}",
                        sheet.name,
                        c.header
                    );
                }
            }
        }
        assert_eq!(
            seen.len(),
            crate::input::kinds::KINDS.len() - 1,
            "all but 自查评分表"
        );
    }

    fn day(year: i32, month: u32) -> Date {
        Date {
            year,
            month,
            day: 15,
        }
    }

    #[test]
    fn sample_year_is_the_year_ending_around_new_year() {
        assert_eq!(sample_year(day(2026, 12)), 2026);
        assert_eq!(sample_year(day(2027, 1)), 2026);
        assert_eq!(sample_year(day(2026, 6)), 2026);
        assert_eq!(sample_year(day(2026, 2)), 2026);
    }

    #[test]
    fn sample_config_parses_and_is_recognised_as_unedited() {
        let rubric = Rubric::builtin();
        let (cfg, errs) = Config::parse(&sample_config(2026), &rubric);
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(cfg.year, Some(2026));
        assert!(is_unedited_sample(&cfg));
        // the commented [fonts] example is valid once uncommented
        let fonts = sample_config(2026)
            .replace("# [fonts]", "[fonts]")
            .replace("# \"小标宋\"", "\"小标宋\"")
            .replace("# \"仿宋\"", "\"仿宋\"");
        let (cfg, errs) = Config::parse(&fonts, &rubric);
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(cfg.fonts.len(), 2);
        let edited = sample_config(2026).replace("公积金办事大厅", "住房公积金大厅");
        let (cfg, _) = Config::parse(&edited, &rubric);
        assert!(!is_unedited_sample(&cfg));
    }

    #[test]
    fn natural_order_puts_known_words_first() {
        let v = natural_order(strings(&["出席", "缺席", "请假", "迟到"]), ATTENDANCE_ORDER);
        assert_eq!(v, ["出席", "迟到", "请假", "缺席"]);
        let v = natural_order(
            strings(&["一等奖", "三等奖", "二等奖", "纪念奖"]),
            PRIZE_ORDER,
        );
        assert_eq!(v, ["一等奖", "二等奖", "三等奖", "纪念奖"]);
    }

    #[test]
    fn signing_fields_share_a_row_only_when_it_has_room() {
        let fields = || {
            [
                sign_field("填报单位（盖章）：", 24.0, false, None),
                sign_field("经办人：", 12.0, false, None),
                date_field(true, None),
            ]
        };
        let st = Styles::new();
        let mut wb = Workbook::new();
        // Eight columns: 经办人 and 填报日期 share the second row.
        let wide = [22.0, 13.0, 17.0, 10.0, 10.0, 10.0, 19.0, 13.0];
        let rows = sign_block(wb.add_worksheet(), 1, &wide, &fields(), &st).expect("block");
        assert_eq!(rows, 2);
        // Three narrow columns: every field on a row of its own.
        let rows =
            sign_block(wb.add_worksheet(), 1, &[22.0, 11.0, 10.0], &fields(), &st).expect("block");
        assert_eq!(rows, 3);
        assert_eq!(span(&[10.0, 12.0, 14.0, 20.0], 0, 19.0), 1);
        // Past the last column the span stops there.
        assert_eq!(span(&[10.0, 12.0], 1, 100.0), 1);
    }
}
