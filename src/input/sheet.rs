//! Turns one recognised sheet into typed records, reporting every row it cannot use.

use super::grid::{Cell, Grid};
use super::kinds::{Columns, Field, KINDS, Kind, def, match_header};
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Severity, Source};
use crate::input::limits::{MAX_CELL_CHARS, MAX_MAGNITUDE};
use crate::records::*;
use crate::rubric::Rubric;
use crate::text::{
    self, Date, NumberError, bounded_number_f64, bounded_number_text, compact, same_compact,
};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Said at a cell whose formula was never calculated, wherever its value is needed.
const UNCALCULATED: &str = "公式没有计算结果，请在 Excel/WPS 中打开并保存后再提交";

/// How many rows from the top a header row is looked for in.
const HEADER_SEARCH_ROWS: u32 = 15;

const FOOTER_LABELS: &[&str] = &[
    "填表人",
    "填报人",
    "审核人",
    "制表人",
    "联系人",
    "联系电话",
    "填报日期",
    "说明",
    "备注",
    "注:",
];

pub struct SheetReader<'a> {
    pub file: Arc<str>,
    pub sheet: Arc<str>,
    pub grid: &'a Grid,
    pub cfg: &'a Config,
    pub rubric: &'a Rubric,
    /// The fonts every text must be printable in.
    pub printable: super::Printable<'a>,
    pub diags: &'a mut Diagnostics,
    pub out: &'a mut Dataset,
    /// Cells already reported as unusable, so a cell looked at twice is reported once.
    pub reported: HashSet<(u32, u32)>,
}

impl<'a> SheetReader<'a> {
    fn src(&self, row: u32, col: u32) -> Source {
        Source {
            file: self.file.clone(),
            sheet: self.sheet.clone(),
            row,
            col,
        }
    }

    fn error(&mut self, row: u32, col: u32, msg: impl Into<String>) {
        let s = self.src(row, col);
        self.diags.error(&s, msg);
    }

    /// Whether the value of a cell the program needs can be used. An uncalculated formula and
    /// text longer than a cell may hold are errors at the cell, reported once.
    fn usable(&mut self, row: u32, col: u32) -> bool {
        let problem = match self.grid.get(row, col) {
            Cell::Uncalculated => Some(UNCALCULATED.to_string()),
            Cell::Text(s) => {
                let n = s.chars().count();
                if n > MAX_CELL_CHARS {
                    Some(format!("文字过长：{n} 字，单元格最多 {MAX_CELL_CHARS} 字"))
                } else {
                    self.printable.cell(s)
                }
            }
            _ => None,
        };
        match problem {
            None => true,
            Some(msg) => {
                if self.reported.insert((row, col)) {
                    self.error(row, col, msg);
                }
                false
            }
        }
    }

    /// Finds the header row and reads the sheet's rows; None when the sheet is of no kind.
    pub fn read(mut self) -> Option<Kind> {
        let (header_row, columns) = self.find_header()?;
        let kind = columns.kind;
        let mut rows = RowWalker::new(&columns);
        match kind {
            Kind::SelfCheck => self.read_self_check(header_row, &columns, &mut rows),
            _ => {
                for row in header_row + 1..self.grid.height() {
                    match self.classify(row, &columns, &mut rows) {
                        RowClass::Data => {}
                        _ => continue,
                    }
                    if self.grid.row(row).len() == 1 {
                        let s = self.src(row, 0);
                        self.diags.push(Diagnostic::at(
                            Severity::Notice,
                            &s,
                            format!(
                                "第 {} 行只有一个单元格有内容，不是完整的数据行，已跳过",
                                row + 1
                            ),
                        ));
                        continue;
                    }
                    rows.add(self.grid, row);
                    let before = self.diags.0.len();
                    match kind {
                        Kind::Inspection => self.inspection(row, &columns),
                        Kind::Attendance => self.attendance(row, &columns),
                        Kind::Honour => self.honour(row, &columns),
                        Kind::RedFlag => self.red_flag(row, &columns),
                        Kind::Article => self.article(row, &columns),
                        Kind::Prize => self.prize(row, &columns),
                        Kind::Veto => self.veto(row, &columns),
                        Kind::SelfCheck => unreachable!("handled above"),
                    }
                    if self.diags.0[before..]
                        .iter()
                        .any(|d| d.severity == Severity::Error)
                    {
                        self.note_out_of_year(row, &columns);
                    }
                }
            }
        }
        Some(kind)
    }

    fn find_header(&mut self) -> Option<(u32, Columns)> {
        for row in 0..self.grid.height().min(HEADER_SEARCH_ROWS) {
            let cells: Vec<(u32, String)> = self
                .grid
                .row(row)
                .iter()
                .filter_map(|(c, cell)| match cell {
                    Cell::Text(s) => Some((*c, compact(s))),
                    _ => None,
                })
                .collect();
            if cells.is_empty() {
                continue;
            }
            let mut matches: Vec<(Columns, usize)> = KINDS
                .iter()
                .filter_map(|k| match_header(k, &cells))
                .collect();
            if matches.is_empty() {
                continue;
            }
            let best = matches.iter().map(|(_, n)| *n).max().unwrap_or(0);
            matches.retain(|(_, n)| *n == best);
            if matches.len() > 1 {
                let names: Vec<&str> = matches.iter().map(|(c, _)| def(c.kind).name).collect();
                self.error(
                    row,
                    0,
                    format!(
                        "第 {} 行的表头同时符合{}的格式，无法确定表格种类；请删去多余的列或改用标准表头",
                        row + 1,
                        names.join("和")
                    ),
                );
                return None;
            }
            return matches.pop().map(|(c, _)| (row, c));
        }
        None
    }

    fn classify(&mut self, row: u32, columns: &Columns, walker: &mut RowWalker) -> RowClass {
        if self.grid.is_blank_row(row) {
            return RowClass::Blank;
        }
        let cells = self.grid.row(row);
        if let Some(check) = cells.iter().find_map(|(_, c)| match c {
            Cell::Text(s) if same_compact(s, "小计") => Some(CheckKind::Subtotal),
            Cell::Text(s) if same_compact(s, "合计") => Some(CheckKind::Total),
            _ => None,
        }) {
            for (field, col, label, expected) in walker.check(check, self.grid, row, columns) {
                let s = self.src(row, col);
                self.diags.warning(
                    &s,
                    format!(
                        "{}行的“{}”为 {}，与上方数据行之和 {} 不符",
                        check.label(),
                        label,
                        text::fmt_dec(field),
                        text::fmt_dec(expected)
                    ),
                );
            }
            return RowClass::Check;
        }
        let first = cells
            .iter()
            .find(|(_, c)| c.has_value())
            .map(|(_, c)| compact(&c.text()))
            .unwrap_or_default();
        if FOOTER_LABELS.iter().any(|l| first.starts_with(l)) {
            return RowClass::Note;
        }
        RowClass::Data
    }

    // ---- value accessors: each reports its own problem at the cell and returns None ----

    fn header_name(columns: &Columns, field: Field) -> &'static str {
        def(columns.kind)
            .fields
            .iter()
            .find(|f| f.field == field)
            .map(|f| f.names[0])
            .unwrap_or("")
    }

    /// Optional text: None when the column is absent or the cell blank.
    fn opt_text(&mut self, row: u32, columns: &Columns, field: Field) -> Option<String> {
        let col = columns.get(field)?;
        if !self.usable(row, col) {
            return None;
        }
        let t = self.grid.get(row, col).display_text();
        (!t.is_empty()).then_some(t)
    }

    fn req_text(&mut self, row: u32, columns: &Columns, field: Field) -> Option<String> {
        let col = columns.get(field)?;
        if !self.usable(row, col) {
            return None;
        }
        let t = self.grid.get(row, col).display_text();
        if t.is_empty() {
            self.error(
                row,
                col,
                format!("“{}”为空，此项必须填写", Self::header_name(columns, field)),
            );
            return None;
        }
        Some(t)
    }

    /// A number; Ok(None) for a blank cell, Err(()) after reporting a bad one.
    fn number(&mut self, row: u32, columns: &Columns, field: Field) -> Result<Option<Decimal>, ()> {
        let Some(col) = columns.get(field) else {
            return Ok(None);
        };
        if !self.usable(row, col) {
            return Err(());
        }
        let cell = self.grid.get(row, col);
        let name = Self::header_name(columns, field);
        let parsed = match cell {
            Cell::Empty => return Ok(None),
            Cell::Number(n) => bounded_number_f64(*n),
            Cell::Text(s) => bounded_number_text(s),
            _ => Err(NumberError::NotANumber),
        };
        match parsed {
            Ok(d) => Ok(Some(d)),
            Err(e) => {
                let msg = match (cell, e) {
                    (Cell::Error(e), _) => {
                        format!("“{name}”单元格是错误值 {e}（公式出错），应为数字")
                    }
                    (other, NumberError::OutOfRange) => format!(
                        "数值超出范围：“{name}”为 {}，其绝对值应小于 {MAX_MAGNITUDE}",
                        other.shown()
                    ),
                    (other, NumberError::NotANumber) => {
                        format!("“{name}”应为数字，实际为{}", other.shown())
                    }
                };
                self.error(row, col, msg);
                Err(())
            }
        }
    }

    /// A row dropped for an error is not scored, so the scorer never sees its date: the year
    /// check is made here, so every problem of the row is reported in one pass.
    fn note_out_of_year(&mut self, row: u32, columns: &Columns) {
        let (Some(col), Some(year)) = (columns.get(Field::Date), self.cfg.year) else {
            return;
        };
        if let Some(d) = date_of(self.grid.get(row, col))
            && d.year != year
        {
            let s = self.src(row, col);
            self.diags.warning(
                &s,
                format!("日期 {d} 不在考核年度 {year} 内：本行改正错误后也不计入"),
            );
        }
    }

    fn date_at(&mut self, row: u32, col: u32, name: &str) -> Result<Option<Date>, ()> {
        if !self.usable(row, col) {
            return Err(());
        }
        let cell = self.grid.get(row, col);
        if cell.is_empty() {
            return Ok(None);
        }
        let parsed = date_of(cell);
        match parsed {
            Some(d) => Ok(Some(d)),
            None => {
                self.error(
                    row,
                    col,
                    format!(
                        "“{name}”应为日期（如 2025-03-05、2025/3/5、2025年3月5日 或 20250305），实际为{}",
                        cell.shown()
                    ),
                );
                Err(())
            }
        }
    }

    fn opt_date(&mut self, row: u32, columns: &Columns, field: Field) -> Result<Option<Date>, ()> {
        match columns.get(field) {
            Some(col) => self.date_at(row, col, Self::header_name(columns, field)),
            None => Ok(None),
        }
    }

    fn req_date(&mut self, row: u32, columns: &Columns, field: Field) -> Option<Date> {
        let col = columns.get(field)?;
        match self.date_at(row, col, Self::header_name(columns, field)) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                self.error(
                    row,
                    col,
                    format!("“{}”为空，此项必须填写", Self::header_name(columns, field)),
                );
                None
            }
            Err(()) => None,
        }
    }

    /// A value of a closed vocabulary; Ok(None) when blank.
    fn vocab(
        &mut self,
        row: u32,
        columns: &Columns,
        field: Field,
        allowed: &[&str],
    ) -> Result<Option<String>, ()> {
        let Some(col) = columns.get(field) else {
            return Ok(None);
        };
        if !self.usable(row, col) {
            return Err(());
        }
        let cell = self.grid.get(row, col);
        let t = compact(&cell.text());
        if t.is_empty() {
            return Ok(None);
        }
        if let Some(v) = allowed.iter().find(|a| same_compact(a, &t)) {
            return Ok(Some(v.to_string()));
        }
        self.error(
            row,
            col,
            format!(
                "“{}”应为 {} 之一，实际为{}",
                Self::header_name(columns, field),
                allowed.join("、"),
                cell.shown()
            ),
        );
        Err(())
    }

    fn req_vocab(
        &mut self,
        row: u32,
        columns: &Columns,
        field: Field,
        allowed: &[&str],
    ) -> Option<String> {
        match self.vocab(row, columns, field, allowed) {
            Ok(Some(v)) => Some(v),
            Ok(None) => {
                let col = columns.get(field)?;
                self.error(
                    row,
                    col,
                    format!(
                        "“{}”为空，应为 {} 之一",
                        Self::header_name(columns, field),
                        allowed.join("、")
                    ),
                );
                None
            }
            Err(()) => None,
        }
    }

    fn hall_at(&mut self, row: u32, col: u32, value: &str, label: &str) -> Option<usize> {
        if let Some(i) = self.cfg.hall_index(value) {
            return Some(i);
        }
        let hint = match self.cfg.closest_hall(value) {
            Some(n) => format!("，是否应为“{n}”？"),
            None => "；请在 kaohe.toml 中登记该大厅或其别名".to_string(),
        };
        self.error(
            row,
            col,
            format!("{label}“{value}”不在 kaohe.toml 的大厅名录中{hint}"),
        );
        None
    }

    fn hall(&mut self, row: u32, columns: &Columns) -> Option<usize> {
        let value = self.req_text(row, columns, Field::Hall)?;
        let col = columns.get(Field::Hall)?;
        self.hall_at(row, col, &value, "大厅")
    }

    fn item_code(&mut self, row: u32, col: u32, name: &str) -> Result<Option<String>, ()> {
        if !self.usable(row, col) {
            return Err(());
        }
        let cell = self.grid.get(row, col);
        let t = cell.text();
        if t.is_empty() {
            return Ok(None);
        }
        match text::normalize_item_code(&t) {
            Some(code) if self.rubric.item(&code).is_some() => Ok(Some(code)),
            Some(code) => {
                let codes: Vec<&str> = self.rubric.items.iter().map(|i| i.code.as_str()).collect();
                self.error(
                    row,
                    col,
                    format!(
                        "“{name}”{code} 不是考核细则中的项目编号（应为 {} 之一）",
                        codes.join("、")
                    ),
                );
                Err(())
            }
            None => {
                self.error(
                    row,
                    col,
                    format!("“{name}”应为考核项目编号（如 3.5），实际为{}", cell.shown()),
                );
                Err(())
            }
        }
    }

    /// Checks a dated record's date against nothing here: the assessment year is applied in
    /// scoring, where out-of-year records are set aside with a warning.
    fn row_src(&self, row: u32, columns: &Columns) -> Source {
        self.src(row, columns.get(Field::Hall).unwrap_or(0))
    }

    // ---- the kinds ----

    fn inspection(&mut self, row: u32, c: &Columns) {
        let rubric = self.rubric;
        let date = self.req_date(row, c, Field::Date);
        let levels: Vec<&str> = rubric
            .inspections
            .levels
            .iter()
            .map(String::as_str)
            .collect();
        let level = self.req_vocab(row, c, Field::Level, &levels);
        let methods: Vec<&str> = rubric
            .inspections
            .methods
            .iter()
            .map(String::as_str)
            .collect();
        let method = self.vocab(row, c, Field::Method, &methods);
        let hall = self.hall(row, c);
        let window = self.opt_text(row, c, Field::Window).unwrap_or_default();
        // An unusable 发现问题 cell is reported as such, not again as missing.
        let problem_usable = c
            .get(Field::Problem)
            .is_none_or(|col| self.usable(row, col));
        let problem = self
            .opt_text(row, c, Field::Problem)
            .filter(|p| {
                !rubric
                    .inspections
                    .no_problem
                    .iter()
                    .any(|n| same_compact(n, p))
            })
            .unwrap_or_default();
        let item_col = c.get(Field::Item).unwrap_or(0);
        let item = self.item_code(row, item_col, "考核项目");
        let deduction = self.number(row, c, Field::Deduction);
        let criticized = self.vocab(row, c, Field::Criticized, super::kinds::YES_NO);
        let inspector = self.opt_text(row, c, Field::Inspector).unwrap_or_default();
        let ded_col = c.get(Field::Deduction).unwrap_or(0);
        let mut ok = true;
        if let Ok(Some(d)) = deduction
            && d < Decimal::ZERO
        {
            self.error(
                row,
                ded_col,
                format!("“扣分”不能为负数，实际为 {}", text::fmt_dec(d)),
            );
            ok = false;
        }
        let positive = matches!(deduction, Ok(Some(d)) if d > Decimal::ZERO);
        if let (Ok(Some(d)), Ok(Some(code))) = (&deduction, &item)
            && let Some(it) = rubric.item(code)
            && *d > it.max
        {
            let s = self.src(row, ded_col);
            self.diags.warning(
                &s,
                format!(
                    "扣分 {} 超过项目 {code} 的分值 {}：该项最多扣到 0 分，请核实扣分是否填错",
                    text::fmt_dec(*d),
                    text::fmt_dec(it.max)
                ),
            );
        }
        if !problem.is_empty() || positive {
            if matches!(item, Ok(None)) {
                self.error(row, item_col, "已记录发现问题或扣分，但“考核项目”为空：请填写扣分对应的考核项目编号（如 3.5）");
                ok = false;
            }
            if matches!(deduction, Ok(None)) {
                self.error(
                    row,
                    ded_col,
                    "已记录发现问题，但“扣分”为空：请填写扣分（未扣分填 0）",
                );
                ok = false;
            }
        }
        if !problem_usable {
            ok = false;
        } else if positive && problem.is_empty() {
            let col = c.get(Field::Problem).unwrap_or(ded_col);
            self.error(row, col, "扣分大于 0，但未写明“发现问题”");
            ok = false;
        }
        let (
            Some(date),
            Some(level),
            Ok(method),
            Some(hall),
            Ok(item),
            Ok(deduction),
            Ok(criticized),
        ) = (date, level, method, hall, item, deduction, criticized)
        else {
            return;
        };
        if !ok {
            return;
        }
        let src = self.row_src(row, c);
        self.out.inspections.push(Inspection {
            date,
            level,
            method: method.unwrap_or_default(),
            hall,
            window,
            problem,
            item,
            deduction: deduction.unwrap_or_default(),
            criticized: criticized.as_deref() == Some("是"),
            inspector,
            deduction_src: src.at_col(ded_col),
            date_src: src.at_col(c.get(Field::Date).unwrap_or(0)),
            src,
        });
    }

    fn attendance(&mut self, row: u32, c: &Columns) {
        let date = self.req_date(row, c, Field::Date);
        let activity = self.req_text(row, c, Field::Activity);
        let activity_type = self.vocab(row, c, Field::ActivityType, super::kinds::ACTIVITY_TYPES);
        let hall = self.hall(row, c);
        let person = c
            .get(Field::Person)
            .map(|_| self.opt_text(row, c, Field::Person).unwrap_or_default());
        let values: Vec<&str> = self
            .rubric
            .attendance
            .deductions
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        let status = self.req_vocab(row, c, Field::Status, &values);
        let (Some(date), Some(activity), Ok(activity_type), Some(hall), Some(status)) =
            (date, activity, activity_type, hall, status)
        else {
            return;
        };
        let src = self.row_src(row, c);
        self.out.attendance.push(Attendance {
            date,
            activity,
            activity_type: activity_type.unwrap_or_default(),
            hall,
            person,
            status,
            status_src: src.at_col(c.get(Field::Status).unwrap_or(0)),
            date_src: src.at_col(c.get(Field::Date).unwrap_or(0)),
            src,
        });
    }

    fn honour(&mut self, row: u32, c: &Columns) {
        let hall = self.hall(row, c);
        let title = self.req_text(row, c, Field::Title);
        let authority = self.req_text(row, c, Field::Authority);
        let declared = self.rubric.declared_levels();
        let level = self.vocab(row, c, Field::Level, &declared);
        let kind = self.req_vocab(row, c, Field::HonourType, super::kinds::HONOUR_TYPES);
        let recipient_usable = c
            .get(Field::Recipient)
            .is_none_or(|col| self.usable(row, col));
        let recipient = self.opt_text(row, c, Field::Recipient).unwrap_or_default();
        if !recipient_usable {
            return;
        }
        if kind.as_deref() == Some("个人") && recipient.is_empty() {
            let col = c
                .get(Field::Recipient)
                .or(c.get(Field::HonourType))
                .unwrap_or(0);
            self.error(row, col, "个人表彰须填写“获奖人”");
            return;
        }
        let doc_no = self.opt_text(row, c, Field::DocNo).unwrap_or_default();
        let date = self.req_date(row, c, Field::Date);
        let (Some(hall), Some(title), Some(authority), Ok(level), Some(kind), Some(date)) =
            (hall, title, authority, level, kind, date)
        else {
            return;
        };
        let src = self.row_src(row, c);
        let authority_col = c.get(Field::Authority).unwrap_or(0);
        self.out.honours.push(Honour {
            hall,
            title,
            authority,
            authority_src: src.at_col(authority_col),
            declared_level: level,
            level_src: src.at_col(c.get(Field::Level).unwrap_or(authority_col)),
            collective: kind == "集体",
            recipient,
            doc_no,
            date,
            date_src: src.at_col(c.get(Field::Date).unwrap_or(0)),
            src,
        });
    }

    fn red_flag(&mut self, row: u32, c: &Columns) {
        let hall = self.hall(row, c);
        let quarter = (|| {
            let col = c.get(Field::Quarter)?;
            if !self.usable(row, col) {
                return None;
            }
            let cell = self.grid.get(row, col);
            if cell.is_empty() {
                self.error(row, col, "“季度”为空，此项必须填写");
                return None;
            }
            let q = match cell {
                Cell::Number(n) if n.fract() == 0.0 && (1.0..=4.0).contains(n) => Some(*n as u32),
                Cell::Text(s) => text::parse_quarter_text(s),
                _ => None,
            };
            if q.is_none() {
                self.error(
                    row,
                    col,
                    format!(
                        "“季度”应为 1–4、第一季度、2季度 或 Q3 这样的写法，实际为{}",
                        cell.shown()
                    ),
                );
            }
            q
        })();
        let year = match c.get(Field::Year) {
            None => Ok(None),
            Some(col) if !self.usable(row, col) => Err(()),
            Some(col) => {
                let cell = self.grid.get(row, col);
                match cell {
                    Cell::Empty => Ok(None),
                    Cell::Number(n) if n.fract() == 0.0 && (1000.0..=9999.0).contains(n) => {
                        Ok(Some(*n as i32))
                    }
                    Cell::Text(s) if text::parse_year_text(s).is_some() => {
                        Ok(text::parse_year_text(s))
                    }
                    other => {
                        self.error(
                            row,
                            col,
                            format!(
                                "“年度”应为 2025、2025年 或 2025年度 这样的年份，实际为{}",
                                other.shown()
                            ),
                        );
                        Err(())
                    }
                }
            }
        };
        let (Some(hall), Some(quarter), Ok(year)) = (hall, quarter, year) else {
            return;
        };
        let src = self.row_src(row, c);
        let year_src = src.at_col(c.get(Field::Year).or(c.get(Field::Quarter)).unwrap_or(0));
        self.out.red_flags.push(RedFlag {
            hall,
            quarter,
            year,
            year_src,
            src,
        });
    }

    fn article(&mut self, row: u32, c: &Columns) {
        let hall = self.hall(row, c);
        let title = self.req_text(row, c, Field::Title);
        let outlet = self.opt_text(row, c, Field::Outlet).unwrap_or_default();
        let cats: Vec<&str> = self
            .rubric
            .articles
            .categories
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        let category = self.req_vocab(row, c, Field::Category, &cats);
        let date = self.req_date(row, c, Field::Date);
        let (Some(hall), Some(title), Some(category), Some(date)) = (hall, title, category, date)
        else {
            return;
        };
        let src = self.row_src(row, c);
        let date_src = src.at_col(c.get(Field::Date).unwrap_or(0));
        self.out.articles.push(Article {
            hall,
            title,
            outlet,
            category,
            date,
            date_src,
            src,
        });
    }

    fn prize(&mut self, row: u32, c: &Columns) {
        let hall = self.hall(row, c);
        let competition = self.req_text(row, c, Field::Competition);
        let places: Vec<&str> = self.rubric.prizes.iter().map(|(k, _)| k.as_str()).collect();
        let place = self.req_vocab(row, c, Field::Place, &places);
        let organiser = self.opt_text(row, c, Field::Organiser);
        let date = self.opt_date(row, c, Field::Date);
        let (Some(hall), Some(competition), Some(place), Ok(date)) =
            (hall, competition, place, date)
        else {
            return;
        };
        let src = self.row_src(row, c);
        self.out.prizes.push(Prize {
            hall,
            competition,
            place,
            organiser,
            organiser_src: src.at_col(c.get(Field::Organiser).unwrap_or(0)),
            date,
            date_src: src.at_col(c.get(Field::Date).unwrap_or(0)),
            src,
        });
    }

    fn veto(&mut self, row: u32, c: &Columns) {
        let hall = self.hall(row, c);
        let matter = self.req_text(row, c, Field::Matter);
        let category = self.req_text(row, c, Field::Category);
        let date = self.opt_date(row, c, Field::Date);
        let (Some(hall), Some(matter), Some(category), Ok(date)) = (hall, matter, category, date)
        else {
            return;
        };
        let src = self.row_src(row, c);
        let date_src = src.at_col(c.get(Field::Date).unwrap_or(0));
        self.out.vetoes.push(Veto {
            hall,
            matter,
            category,
            date,
            date_src,
            src,
        });
    }

    // ---- the self-check form ----

    fn read_self_check(&mut self, header_row: u32, c: &Columns, walker: &mut RowWalker) {
        let labels = self.labelled_fields(header_row);
        let (hall, form_src) = self.form_hall(&labels);
        self.check_form_year(&labels);
        let period = self.form_period(&labels);
        let mut form_rows: Vec<FormRow> = Vec::new();
        let mut first_seen: HashMap<String, Source> = HashMap::new();
        for row in header_row + 1..self.grid.height() {
            if let Some(form_row) = self.self_check_row(row, c, walker, &mut first_seen) {
                form_rows.push(form_row);
            }
        }
        self.note_missing_items(&first_seen);
        if let (Some(hall), Some(period)) = (hall, period) {
            self.out.forms.push(SelfCheckForm {
                hall,
                period,
                src: form_src,
                has_assessed_column: c.get(Field::Assessed).is_some(),
                rows: form_rows,
            });
        }
    }

    /// The form's hall (`填报单位`) and where the form is cited: the label's cell, else the
    /// sheet itself.
    fn form_hall(&mut self, labels: &HashMap<&'static str, Labelled>) -> (Option<usize>, Source) {
        let mut hall = None;
        let mut form_src = self.src(0, 0);
        match labels.get("填报单位") {
            Some(l) if !self.usable(l.row, l.col) => {}
            Some(Labelled {
                value: Some(v),
                row,
                col,
            }) => {
                form_src = self.src(*row, *col);
                hall = self.hall_at(*row, *col, v, "填报单位");
            }
            Some(Labelled {
                value: None,
                row,
                col,
            }) => {
                self.error(*row, *col, "“填报单位”为空：请填写本表所属大厅的名称");
            }
            None => {
                self.diags.push(Diagnostic::in_sheet(
                    Severity::Error,
                    &self.file,
                    &self.sheet,
                    "自查评分表缺少“填报单位”：请在表头上方写明“填报单位：大厅名称”",
                ));
            }
        }
        (hall, form_src)
    }

    /// `考核年度`, when given, must be the year of kaohe.toml.
    fn check_form_year(&mut self, labels: &HashMap<&'static str, Labelled>) {
        if let Some(Labelled {
            value: Some(v),
            row,
            col,
        }) = labels.get("考核年度")
            && self.usable(*row, *col)
        {
            match (text::parse_year_text(v), self.cfg.year) {
                (Some(y), Some(want)) if y != want => self.error(
                    *row,
                    *col,
                    format!("“考核年度”为 {y}，与 kaohe.toml 的考核年度 {want} 不符"),
                ),
                (None, _) => self.error(
                    *row,
                    *col,
                    format!("“考核年度”应为 2025、2025年 或 2025年度 这样的年份，实际为“{v}”"),
                ),
                _ => {}
            }
        }
    }

    /// `考核期间`: the year end unless the form says otherwise; `None` when it is unreadable.
    fn form_period(&mut self, labels: &HashMap<&'static str, Labelled>) -> Option<Period> {
        let mut period = Some(Period::YearEnd);
        if let Some(Labelled {
            value: Some(v),
            row,
            col,
        }) = labels.get("考核期间")
            && self.usable(*row, *col)
        {
            period = match v.as_str() {
                "年终" | "年度" | "全年" => Some(Period::YearEnd),
                "半年" | "上半年" => Some(Period::HalfYear),
                _ => {
                    self.error(
                        *row,
                        *col,
                        format!("“考核期间”应为 年终（年度、全年）或 半年（上半年），实际为“{v}”"),
                    );
                    None
                }
            };
        }
        period
    }

    /// One item row of the form; `None` for other rows and for rows that cannot be used.
    /// `first_seen` records where each item code first appeared.
    fn self_check_row(
        &mut self,
        row: u32,
        c: &Columns,
        walker: &mut RowWalker,
        first_seen: &mut HashMap<String, Source>,
    ) -> Option<FormRow> {
        match self.classify(row, c, walker) {
            RowClass::Data => {}
            _ => return None,
        }
        let code_col = c.get(Field::Code).unwrap_or(0);
        let code_cell = self.grid.get(row, code_col);
        let code_text = code_cell.text();
        let code_shape = text::normalize_item_code(&code_text);
        let self_col = c.get(Field::SelfScore).unwrap_or(0);
        let assessed_col = c.get(Field::Assessed);
        let has_score = !self.grid.get(row, self_col).is_empty()
            || assessed_col.is_some_and(|col| !self.grid.get(row, col).is_empty());
        if code_shape.is_none() && !has_score {
            return None; // a section caption such as "（一）围绕中心工作…"
        }
        walker.add(self.grid, row);
        let code = match self.item_code(row, code_col, "编号") {
            Ok(Some(code)) => Some(code),
            Ok(None) => {
                self.error(row, code_col, "“编号”为空：请填写考核项目编号（如 1.1）");
                None
            }
            Err(()) => None,
        };
        let max = match self.number(row, c, Field::Max) {
            Ok(Some(m)) => Some(m),
            Ok(None) => {
                self.error(
                    row,
                    c.get(Field::Max).unwrap_or(0),
                    "“分值”为空，此项必须填写",
                );
                None
            }
            Err(()) => None,
        };
        let self_score = self.number(row, c, Field::SelfScore);
        let assessed = self.number(row, c, Field::Assessed);
        let note = self.opt_text(row, c, Field::Note).unwrap_or_default();
        let code_src = self.src(row, code_col);
        if let Some(code) = &code {
            if let Some(first) = first_seen.get(code) {
                self.diags.error(
                    &code_src,
                    format!(
                        "考核项目 {code} 重复出现（首次出现在 {}）",
                        first.describe()
                    ),
                );
                return None;
            }
            first_seen.insert(code.clone(), code_src.clone());
        }
        let (Some(code), Some(max), Ok(self_score), Ok(assessed)) =
            (code, max, self_score, assessed)
        else {
            return None;
        };
        if !self.check_item_scores(row, c, &code, max, self_score, assessed) {
            return None;
        }
        Some(FormRow {
            code,
            code_src,
            max,
            self_score,
            self_src: self.src(row, self_col),
            assessed,
            assessed_src: self.src(row, assessed_col.unwrap_or(self_col)),
            note,
        })
    }

    /// Checks an item row's 分值 and scores against the rubric; `false` when the row cannot
    /// be used (no score at all).
    fn check_item_scores(
        &mut self,
        row: u32,
        c: &Columns,
        code: &str,
        max: Decimal,
        self_score: Option<Decimal>,
        assessed: Option<Decimal>,
    ) -> bool {
        let self_col = c.get(Field::SelfScore).unwrap_or(0);
        let assessed_col = c.get(Field::Assessed);
        let item_max = self.rubric.item(code).map(|i| i.max).unwrap_or_default();
        let max_col = c.get(Field::Max).unwrap_or(0);
        if max != item_max {
            self.error(
                row,
                max_col,
                format!(
                    "项目 {code} 的“分值”为 {}，考核细则规定为 {}：本表可能不是按现行考核方案制作的",
                    text::fmt_dec(max),
                    text::fmt_dec(item_max)
                ),
            );
        }
        for (score, col, name) in [
            (self_score, Some(self_col), "自评得分"),
            (assessed, assessed_col, "考核得分"),
        ] {
            if let (Some(s), Some(col)) = (score, col)
                && (s < Decimal::ZERO || s > item_max)
            {
                let what = if s < Decimal::ZERO {
                    "不能为负数".to_string()
                } else {
                    format!("超出分值 {}", text::fmt_dec(item_max))
                };
                self.error(
                    row,
                    col,
                    format!(
                        "{name} {} {what}（项目 {code} 的得分应在 0 到 {} 之间）",
                        text::fmt_dec(s),
                        text::fmt_dec(item_max)
                    ),
                );
            }
        }
        if self_score.is_none() {
            if assessed.is_some() {
                self.diags.warning(
                    &self.src(row, self_col),
                    format!("项目 {code} 未填写自评得分（大厅未自评，以考核得分为准）"),
                );
            } else {
                self.error(
                    row,
                    self_col,
                    format!("项目 {code} 的“自评得分”为空，且没有考核得分"),
                );
                return false;
            }
        }
        true
    }

    /// Every rubric item must appear on the form.
    fn note_missing_items(&mut self, first_seen: &HashMap<String, Source>) {
        for item in &self.rubric.items {
            if !first_seen.contains_key(&item.code) {
                self.diags.push(Diagnostic::in_sheet(
                    Severity::Error,
                    &self.file,
                    &self.sheet,
                    format!(
                        "自查评分表缺少考核项目 {}（{}，分值 {}）",
                        item.code,
                        item.name,
                        text::fmt_dec(item.max)
                    ),
                ));
            }
        }
    }

    /// Labelled form fields above the header: `标签：值` in one cell, or the label in one cell
    /// and the value in the next non-empty cell to its right.
    fn labelled_fields(&self, header_row: u32) -> HashMap<&'static str, Labelled> {
        const LABELS: [&str; 3] = ["填报单位", "考核年度", "考核期间"];
        let mut found = HashMap::new();
        for row in 0..header_row {
            let cells = self.grid.row(row);
            for &(col, ref cell) in cells {
                let t = compact(&cell.text());
                for label in LABELS {
                    let Some(rest) = t.strip_prefix(label) else {
                        continue;
                    };
                    if found.contains_key(label) {
                        continue;
                    }
                    let rest = strip_parenthetical(rest);
                    let rest = rest.trim_start_matches(':');
                    let entry = if !rest.is_empty() {
                        Labelled {
                            value: Some(rest.to_string()),
                            row,
                            col,
                        }
                    } else {
                        match cells.iter().find(|(c, _)| *c > col) {
                            Some((ncol, ncell)) => Labelled {
                                value: Some(compact(&ncell.text())),
                                row,
                                col: *ncol,
                            },
                            None => Labelled {
                                value: None,
                                row,
                                col: col + 1,
                            },
                        }
                    };
                    found.insert(label, entry);
                }
            }
        }
        found
    }
}

/// Drops a parenthetical right after a label, as in `填报单位（盖章）：`.
/// A cell as a date, in every form clerks write one.
fn date_of(cell: &Cell) -> Option<Date> {
    match cell {
        Cell::Date(serial) => Date::from_excel_serial(*serial),
        Cell::Number(n) if n.fract() == 0.0 => text::parse_yyyymmdd(*n as i64),
        Cell::Text(s) | Cell::DateIso(s) => text::parse_date_text(s),
        _ => None,
    }
}

fn strip_parenthetical(s: &str) -> &str {
    if let Some(inner) = s.strip_prefix('(')
        && let Some(end) = inner.find(')')
    {
        return &inner[end + 1..];
    }
    s
}

struct Labelled {
    value: Option<String>,
    row: u32,
    col: u32,
}

enum RowClass {
    Blank,
    Check,
    Note,
    Data,
}

#[derive(Clone, Copy)]
enum CheckKind {
    Subtotal,
    Total,
}

impl CheckKind {
    fn label(self) -> &'static str {
        match self {
            CheckKind::Subtotal => "小计",
            CheckKind::Total => "合计",
        }
    }
}

/// Running sums of a kind's numeric columns, for checking 小计 and 合计 rows.
struct RowWalker {
    fields: Vec<(Field, u32, &'static str)>,
    since_check: Vec<Decimal>,
    all: Vec<Decimal>,
}

impl RowWalker {
    fn new(columns: &Columns) -> RowWalker {
        let numeric: &[(Field, &str)] = match columns.kind {
            Kind::SelfCheck => &[
                (Field::Max, "分值"),
                (Field::SelfScore, "自评得分"),
                (Field::Assessed, "考核得分"),
            ],
            Kind::Inspection => &[(Field::Deduction, "扣分")],
            _ => &[],
        };
        let fields: Vec<_> = numeric
            .iter()
            .filter_map(|(f, n)| columns.get(*f).map(|c| (*f, c, *n)))
            .collect();
        let n = fields.len();
        RowWalker {
            fields,
            since_check: vec![Decimal::ZERO; n],
            all: vec![Decimal::ZERO; n],
        }
    }

    /// A number usable in a sum; numbers out of range are reported where the row is read.
    fn value(cell: &Cell) -> Option<Decimal> {
        match cell {
            Cell::Number(n) => bounded_number_f64(*n).ok(),
            Cell::Text(s) => bounded_number_text(s).ok(),
            _ => None,
        }
    }

    fn add(&mut self, grid: &Grid, row: u32) {
        for (i, (_, col, _)) in self.fields.iter().enumerate() {
            if let Some(v) = Self::value(grid.get(row, *col)) {
                // Each value is below MAX_MAGNITUDE and a sheet has at most MAX_CELLS of them,
                // so these sums stay far inside Decimal's range; checked all the same.
                self.since_check[i] = self.since_check[i]
                    .checked_add(v)
                    .unwrap_or(self.since_check[i]);
                self.all[i] = self.all[i].checked_add(v).unwrap_or(self.all[i]);
            }
        }
    }

    /// Mismatches of a check row: (found, column, label, expected).
    fn check(
        &mut self,
        kind: CheckKind,
        grid: &Grid,
        row: u32,
        _c: &Columns,
    ) -> Vec<(Decimal, u32, &'static str, Decimal)> {
        let mut out = Vec::new();
        for (i, (_, col, label)) in self.fields.iter().enumerate() {
            let expected = match kind {
                CheckKind::Subtotal => self.since_check[i],
                CheckKind::Total => self.all[i],
            };
            if let Some(v) = Self::value(grid.get(row, *col))
                && v != expected
            {
                out.push((v, *col, *label, expected));
            }
            self.since_check[i] = Decimal::ZERO;
        }
        out
    }
}
