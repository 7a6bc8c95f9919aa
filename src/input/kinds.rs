//! The eight sheet kinds: their fields, header names and synonyms. A sheet is recognised by the
//! first row (within the first 15) that holds all required headers of a kind.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    SelfCheck,
    Inspection,
    Attendance,
    Honour,
    RedFlag,
    Article,
    Prize,
    Veto,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Code,
    Content,
    Max,
    SelfScore,
    Assessed,
    Note,
    Date,
    Level,
    Method,
    Hall,
    Window,
    Problem,
    Item,
    Deduction,
    Criticized,
    Inspector,
    Activity,
    ActivityType,
    Person,
    Status,
    Title,
    Authority,
    HonourType,
    Recipient,
    DocNo,
    Quarter,
    Year,
    Outlet,
    Category,
    Competition,
    Place,
    Organiser,
    Matter,
}

pub struct FieldDef {
    pub field: Field,
    /// The canonical header first, then accepted synonyms.
    pub names: &'static [&'static str],
    /// The sheet must have this column.
    pub required: bool,
    /// A record may leave the cell blank even though the column is required (an inspection
    /// that found nothing has no 考核项目 and no 扣分).
    pub blank_ok: bool,
}

impl FieldDef {
    /// The header the blank forms print: the first of the accepted names.
    pub fn header(&self) -> &'static str {
        self.names.first().copied().unwrap_or_default()
    }

    /// Whether every record must fill this cell (a red asterisk on the blank form).
    pub fn value_required(&self) -> bool {
        self.required && !self.blank_ok
    }
}

impl KindDef {
    pub fn field(&self, field: Field) -> Option<&'static FieldDef> {
        self.fields.iter().find(|f| f.field == field)
    }
}

/// Fixed vocabularies of the sheets: the blank forms offer them and the reader accepts them.
pub const YES_NO: &[&str] = &["是", "否"];
pub const ACTIVITY_TYPES: &[&str] = &["例会", "竞赛", "学习"];
pub const HONOUR_TYPES: &[&str] = &["集体", "个人"];
/// What the forms suggest for a 否决事项; the reader takes any category.
pub const VETO_CATEGORIES: &[&str] = &["通报批评", "党风廉政"];
/// The quarters as the forms offer them; the reader also takes 1–4, 2季度, Q3.
pub const QUARTERS: &[&str] = &["第一季度", "第二季度", "第三季度", "第四季度"];

pub struct KindDef {
    pub kind: Kind,
    pub name: &'static str,
    pub fields: &'static [FieldDef],
}

const fn f(field: Field, names: &'static [&'static str], required: bool) -> FieldDef {
    FieldDef {
        field,
        names,
        required,
        blank_ok: false,
    }
}

/// A required column whose cells may be blank.
const fn blank_ok(field: Field, names: &'static [&'static str]) -> FieldDef {
    FieldDef {
        field,
        names,
        required: true,
        blank_ok: true,
    }
}

use Field::*;

pub static KINDS: &[KindDef] = &[
    KindDef {
        kind: Kind::SelfCheck,
        name: "自查评分表",
        fields: &[
            f(Code, &["编号", "序号", "项目编号"], true),
            f(Content, &["考核内容", "考核项目", "内容"], false),
            f(Max, &["分值", "标准分", "满分"], true),
            f(SelfScore, &["自评得分", "自评分", "自查得分"], true),
            f(Assessed, &["考核得分", "考核组评分", "评定得分"], false),
            f(Note, &["自查说明", "说明", "备注"], false),
        ],
    },
    KindDef {
        kind: Kind::Inspection,
        name: "检查记录",
        fields: &[
            f(Date, &["检查日期", "日期"], true),
            f(Level, &["检查层级", "层级"], true),
            f(Method, &["检查方式", "方式"], false),
            f(Hall, &["大厅", "单位", "被检查单位"], true),
            f(Window, &["窗口", "窗口/人员"], false),
            f(Problem, &["发现问题", "存在问题", "问题"], false),
            blank_ok(Item, &["考核项目", "项目编号", "编号"]),
            blank_ok(Deduction, &["扣分"]),
            f(Criticized, &["通报批评"], false),
            f(Inspector, &["检查人"], false),
        ],
    },
    KindDef {
        kind: Kind::Attendance,
        name: "会议考勤",
        fields: &[
            f(Date, &["日期"], true),
            f(Activity, &["活动名称", "会议名称", "活动"], true),
            f(ActivityType, &["活动类型"], false),
            f(Hall, &["大厅", "单位"], true),
            f(Person, &["人员", "姓名"], false),
            f(Status, &["考勤", "考勤情况", "出勤"], true),
        ],
    },
    KindDef {
        kind: Kind::Honour,
        name: "表彰",
        fields: &[
            f(Hall, &["大厅", "单位"], true),
            f(Title, &["荣誉名称", "荣誉", "表彰名称"], true),
            f(Authority, &["授予单位", "表彰单位", "落款单位"], true),
            f(Level, &["级别"], false),
            f(HonourType, &["类型"], true),
            f(Recipient, &["获奖人", "姓名"], false),
            f(DocNo, &["文号", "表彰文号"], false),
            f(Date, &["授予日期", "日期", "表彰日期"], true),
        ],
    },
    KindDef {
        kind: Kind::RedFlag,
        name: "流动红旗",
        fields: &[
            f(Hall, &["大厅", "单位"], true),
            f(Quarter, &["季度"], true),
            f(Year, &["年度"], false),
        ],
    },
    KindDef {
        kind: Kind::Article,
        name: "稿件",
        fields: &[
            f(Hall, &["大厅", "单位"], true),
            f(Title, &["稿件标题", "标题", "题目"], true),
            f(Outlet, &["刊登媒体", "媒体"], false),
            f(Category, &["媒体类别", "类别"], true),
            f(Date, &["刊登日期", "日期"], true),
        ],
    },
    KindDef {
        kind: Kind::Prize,
        name: "竞赛获奖",
        fields: &[
            f(Hall, &["大厅", "单位"], true),
            f(Competition, &["竞赛名称", "竞赛", "比赛名称"], true),
            f(Place, &["名次", "奖项", "获奖等次"], true),
            f(Organiser, &["主办单位"], false),
            f(Date, &["获奖日期", "日期"], false),
        ],
    },
    KindDef {
        kind: Kind::Veto,
        name: "否决事项",
        fields: &[
            f(Hall, &["大厅", "单位"], true),
            f(Matter, &["事项", "问题", "内容"], true),
            f(Category, &["类别"], true),
            f(Date, &["日期"], false),
        ],
    },
];

pub fn def(kind: Kind) -> &'static KindDef {
    KINDS
        .iter()
        .find(|k| k.kind == kind)
        .expect("every kind has a definition")
}

/// Column of each field of a kind in one header row; the leftmost match of a field wins.
#[derive(Debug, Clone)]
pub struct Columns {
    pub kind: Kind,
    cols: Vec<(Field, u32)>,
}

impl Columns {
    pub fn get(&self, field: Field) -> Option<u32> {
        self.cols.iter().find(|(f, _)| *f == field).map(|(_, c)| *c)
    }
}

/// A header cell's name without the asterisks that mark a column as one to fill in (`*大厅`,
/// `大厅*`, `＊大厅` once width-folded), as forms, kaohe's own among them, mark required columns.
pub fn header_text(cell: &str) -> &str {
    cell.trim_matches('*')
}

/// Matches a header row (cells with white space already removed) against one kind.
/// Returns the columns and how many required headers matched when all required ones are there.
pub fn match_header(kind: &KindDef, cells: &[(u32, String)]) -> Option<(Columns, usize)> {
    let mut cols = Vec::new();
    let mut taken = Vec::new();
    for fd in kind.fields {
        // A cell can serve one field only; fields are listed so the specific names come first.
        let found = cells
            .iter()
            .find(|(c, text)| !taken.contains(c) && fd.names.contains(&header_text(text)))
            .map(|(c, _)| *c);
        if let Some(c) = found {
            taken.push(c);
            cols.push((fd.field, c));
        }
    }
    let required = kind.fields.iter().filter(|fd| fd.required).count();
    let matched = kind
        .fields
        .iter()
        .filter(|fd| fd.required && cols.iter().any(|(f, _)| *f == fd.field))
        .count();
    (matched == required).then_some((
        Columns {
            kind: kind.kind,
            cols,
        },
        required,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(names: &[&str]) -> Vec<(u32, String)> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| (i as u32, n.to_string()))
            .collect()
    }

    #[test]
    fn synonyms_are_recognised() {
        let row = cells(&["序号", "考核内容", "标准分", "自评分", "考核组评分", "备注"]);
        let (cols, n) = match_header(def(Kind::SelfCheck), &row).unwrap();
        assert_eq!(n, 3);
        assert_eq!(cols.get(Field::Assessed), Some(4));
        assert_eq!(cols.get(Field::Note), Some(5));
    }

    #[test]
    fn asterisks_marking_required_columns_are_ignored() {
        // Cells arrive width-folded, so a full-width ＊ is already `*` here.
        let row = cells(&[
            "*大厅",
            "*荣誉名称",
            "授予单位*",
            "级别",
            "**类型",
            "*授予日期",
        ]);
        let (cols, _) = match_header(def(Kind::Honour), &row).unwrap();
        assert_eq!(cols.get(Field::Hall), Some(0));
        assert_eq!(cols.get(Field::Authority), Some(2));
        assert_eq!(cols.get(Field::HonourType), Some(4));
        // An asterisk alone names no column.
        assert!(match_header(def(Kind::RedFlag), &cells(&["*", "季度"])).is_none());
    }

    #[test]
    fn missing_required_header_is_no_match() {
        let row = cells(&["大厅", "荣誉名称", "类型", "授予日期"]);
        assert!(match_header(def(Kind::Honour), &row).is_none());
    }
}
