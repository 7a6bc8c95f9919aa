//! Typed records read from the workbooks. Every record keeps the cells it came from, so any
//! number in any document can be traced back to a file, sheet and cell.

use crate::diag::Source;
use crate::text::Date;
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Period {
    /// 年终
    YearEnd,
    /// 半年
    HalfYear,
}

impl Period {
    pub fn label(self) -> &'static str {
        match self {
            Period::YearEnd => "年终",
            Period::HalfYear => "半年",
        }
    }
}

/// One 自查评分表: a hall's self-check (and the assessment group's scores) for a period.
#[derive(Debug, Clone)]
pub struct SelfCheckForm {
    pub hall: usize,
    pub period: Period,
    /// The 填报单位 value cell (or the sheet's A1 when only the sheet is known).
    pub src: Source,
    /// Whether the sheet has a 考核得分 column at all.
    pub has_assessed_column: bool,
    pub rows: Vec<FormRow>,
}

#[derive(Debug, Clone)]
pub struct FormRow {
    pub code: String,
    pub code_src: Source,
    pub max: Decimal,
    pub self_score: Option<Decimal>,
    pub self_src: Source,
    pub assessed: Option<Decimal>,
    pub assessed_src: Source,
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct Inspection {
    pub date: Date,
    pub level: String,
    pub method: String,
    pub hall: usize,
    pub window: String,
    pub problem: String,
    pub item: Option<String>,
    pub deduction: Decimal,
    pub criticized: bool,
    pub inspector: String,
    /// The row's 大厅 cell; the other cells are on the same row.
    pub date_src: Source,
    pub src: Source,
    pub deduction_src: Source,
}

#[derive(Debug, Clone)]
pub struct Attendance {
    pub date: Date,
    pub activity: String,
    pub activity_type: String,
    pub hall: usize,
    /// None when the sheet has no 人员 column; a blank cell gives an empty name.
    pub person: Option<String>,
    pub status: String,
    pub date_src: Source,
    pub src: Source,
    pub status_src: Source,
}

#[derive(Debug, Clone)]
pub struct Honour {
    pub hall: usize,
    pub title: String,
    pub authority: String,
    pub authority_src: Source,
    pub declared_level: Option<String>,
    /// The 级别 cell (even when blank), or the 授予单位 cell when there is no 级别 column.
    pub level_src: Source,
    pub collective: bool,
    pub recipient: String,
    pub doc_no: String,
    pub date: Date,
    pub date_src: Source,
    pub src: Source,
}

#[derive(Debug, Clone)]
pub struct RedFlag {
    pub hall: usize,
    pub quarter: u32,
    pub year: Option<i32>,
    pub year_src: Source,
    pub src: Source,
}

#[derive(Debug, Clone)]
pub struct Article {
    pub hall: usize,
    pub title: String,
    pub outlet: String,
    pub category: String,
    pub date: Date,
    pub date_src: Source,
    pub src: Source,
}

#[derive(Debug, Clone)]
pub struct Prize {
    pub hall: usize,
    pub competition: String,
    pub place: String,
    pub organiser: Option<String>,
    pub organiser_src: Source,
    pub date: Option<Date>,
    pub date_src: Source,
    pub src: Source,
}

#[derive(Debug, Clone)]
pub struct Veto {
    pub hall: usize,
    pub matter: String,
    pub category: String,
    pub date: Option<Date>,
    pub date_src: Source,
    pub src: Source,
}

/// Everything read from an input folder, each list in path order, then sheet and row order.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub forms: Vec<SelfCheckForm>,
    pub inspections: Vec<Inspection>,
    pub attendance: Vec<Attendance>,
    pub honours: Vec<Honour>,
    pub red_flags: Vec<RedFlag>,
    pub articles: Vec<Article>,
    pub prizes: Vec<Prize>,
    pub vetoes: Vec<Veto>,
    /// Every input file read, relative to the folder, in path order.
    pub files: Vec<String>,
}

impl Dataset {
    /// The parts joined in order, each list allocated once at its final size: a province's
    /// records grown by doubling would keep up to half their size again as slack.
    pub fn concat(parts: impl IntoIterator<Item = Dataset>) -> Dataset {
        let mut parts: Vec<Dataset> = parts.into_iter().collect();
        fn joined<T>(parts: &mut [Dataset], list: fn(&mut Dataset) -> &mut Vec<T>) -> Vec<T> {
            let mut all = Vec::with_capacity(parts.iter_mut().map(|p| list(p).len()).sum());
            for p in parts.iter_mut() {
                all.append(list(p));
            }
            all
        }
        Dataset {
            forms: joined(&mut parts, |d| &mut d.forms),
            inspections: joined(&mut parts, |d| &mut d.inspections),
            attendance: joined(&mut parts, |d| &mut d.attendance),
            honours: joined(&mut parts, |d| &mut d.honours),
            red_flags: joined(&mut parts, |d| &mut d.red_flags),
            articles: joined(&mut parts, |d| &mut d.articles),
            prizes: joined(&mut parts, |d| &mut d.prizes),
            vetoes: joined(&mut parts, |d| &mut d.vetoes),
            files: joined(&mut parts, |d| &mut d.files),
        }
    }

    pub fn append(&mut self, other: Dataset) {
        self.forms.extend(other.forms);
        self.inspections.extend(other.inspections);
        self.attendance.extend(other.attendance);
        self.honours.extend(other.honours);
        self.red_flags.extend(other.red_flags);
        self.articles.extend(other.articles);
        self.prizes.extend(other.prizes);
        self.vetoes.extend(other.vetoes);
        self.files.extend(other.files);
    }
}
