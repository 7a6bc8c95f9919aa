//! The document model the Tera templates render into: headings, paragraphs, tables, attachment
//! pages, signature, date and 版记 — structure, never positions.
//!
//! A [`Document`] is a flat list of [`Block`]s in reading order. Templates usually produce it
//! through the line markup in [`markup`]; code may build it directly. [`Document::validate`]
//! checks the order and the formats GB/T 9704-2012 fixes (文号, 成文日期, 抄送 …); the PDF
//! engine ([`crate::pdf`]) calls it before typesetting, so a model that passes it only fails
//! later for reasons of typesetting (a missing glyph, a title that does not fit).

pub mod markup;

use serde::{Deserialize, Serialize};
use std::fmt;

/// Which layout the engine applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 公文 per GB/T 9704-2012: 版头 (banner, 文号, red rule), 主体, 版记 on the last even page.
    #[default]
    Official,
    /// Same page geometry and page numbers, but no 版头/版记 (per-hall score cards and the like).
    Plain,
}

/// The face of body text, table cells and the lower headings. A 公文 is always 仿宋
/// (GB/T 9704 §7.3.5); other faces are for plain documents, e.g. score cards, whose dense
/// tables the user may prefer in 宋体 or 黑体 (the 仿宋 face costs the most bytes per glyph).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyFont {
    #[default]
    FangSong,
    Song,
    Hei,
    Kai,
}

pub(crate) const OFFICIAL_BODY_FONT: &str =
    "公文正文只能用仿宋；其他正文字体（@font）只用于 @kind plain 的文档";

/// PDF metadata. Empty fields are derived from the content (see `crate::pdf`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Meta {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub subject: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Document {
    pub kind: Kind,
    #[serde(default)]
    pub meta: Meta,
    #[serde(default)]
    pub body_font: BodyFont,
    pub blocks: Vec<Block>,
}

/// A piece of text and where its characters came from (for messages about missing glyphs).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Run {
    pub text: String,
    /// e.g. `自查/不动产.xlsx 自查评分表!B3`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Text made of runs that may come from different places; typeset as one string.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(pub Vec<Run>);

impl Text {
    pub fn plain(s: impl Into<String>) -> Text {
        Text(vec![Run {
            text: s.into(),
            source: None,
        }])
    }

    pub fn with_source(s: impl Into<String>, source: Option<String>) -> Text {
        Text(vec![Run {
            text: s.into(),
            source,
        }])
    }

    /// The whole text as one string.
    pub fn string(&self) -> String {
        self.0.iter().map(|r| r.text.as_str()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|r| r.text.is_empty())
    }

    /// Each character with the source of its run.
    pub fn chars(&self) -> impl Iterator<Item = (char, Option<&str>)> + '_ {
        self.0
            .iter()
            .flat_map(|r| r.text.chars().map(move |c| (c, r.source.as_deref())))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::plain(s)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.0 {
            f.write_str(&r.text)?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// Type size of a table's text. 4号 suits a few columns; 小四/五号 dense score tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableSize {
    /// 4号, 14 pt.
    #[default]
    Normal,
    /// 小四, 12 pt.
    Small,
    /// 五号, 10.5 pt.
    Tiny,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Table {
    /// 表题, centred above the table in 黑体.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<Text>,
    #[serde(default)]
    pub size: TableSize,
    /// Relative column widths; empty = equal. The table always spans the 版心 width.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub widths: Vec<f32>,
    /// Alignment per column; empty = left.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub align: Vec<Align>,
    /// Header rows (黑体, centred), repeated at the top of every page the table spans.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub header: Vec<Vec<Text>>,
    pub rows: Vec<Vec<Text>>,
    /// Notes printed under the table in its size (表注, e.g. "注：…").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Text>,
}

impl Table {
    pub fn columns(&self) -> usize {
        self.header
            .first()
            .or(self.rows.first())
            .map_or(0, |r| r.len())
    }
}

/// A horizontal bar chart drawn as vector graphics: one bar per row, from `min` to the value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Chart {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<Text>,
    pub min: f64,
    pub max: f64,
    pub bars: Vec<Bar>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Bar {
    pub label: Text,
    /// The bar's length, between the chart's `min` and `max`.
    pub value: f64,
    /// `value` as the source wrote it, printed at the end of the bar ("93.50" keeps its zero).
    pub written: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// 发文机关标志, e.g. 示例市行政服务管理委员会文件 (red, centred, 35 mm below the 版心 top).
    Banner {
        text: Text,
    },
    /// 发文字号, e.g. 示行管〔2026〕1号.
    DocNumber {
        text: Text,
    },
    /// 签发人 of an upward document (上行文): set on the 发文字号's line, which then moves
    /// to the left (GB/T 9704 7.2.5, 7.2.6).
    Signer {
        name: Text,
    },
    /// 公文标题. One line = split automatically into a trapezoid; two = as given.
    Title {
        lines: Vec<Text>,
    },
    /// 主送机关, ends with "：".
    Addressee {
        text: Text,
    },
    /// 一、 (黑体) / （一） (楷体) / 1. and （1） (仿宋). The number is part of `text`.
    /// `run_in` continues on the same line in body type (e.g. "（一）考核组织。" + body).
    Heading {
        level: u8,
        text: Text,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        run_in: Option<Text>,
    },
    /// Body paragraph: first line indented two characters, full justification.
    Paragraph {
        text: Text,
    },
    Table(Table),
    Chart(Chart),
    /// 附件说明: "附件：1．名称" … after the body. One item = unnumbered.
    AttachmentNote {
        items: Vec<Text>,
    },
    PageBreak,
    /// Starts an attachment on a new page: "附件N" (黑体) on line 1, its title on line 3.
    Attachment {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        number: Option<u32>,
        title: Vec<Text>,
    },
    /// 发文机关署名.
    Signature {
        text: Text,
    },
    /// 成文日期, e.g. 2026年1月15日.
    Date {
        text: Text,
    },
    /// 附注, e.g. （此件公开发布）, on the line after the date.
    Note {
        text: Text,
    },
    /// 抄送 list without the "抄送：" label, ending with "。".
    CopyTo {
        text: Text,
    },
    /// 印发机关 and 印发日期 (without "印发").
    Printer {
        org: Text,
        date: Text,
    },
}

impl Block {
    /// The markup directive that produces this block, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Block::Banner { .. } => "@banner",
            Block::DocNumber { .. } => "@docno",
            Block::Signer { .. } => "@signer",
            Block::Title { .. } => "@title",
            Block::Addressee { .. } => "@to",
            Block::Heading { .. } => "@h1…@h4",
            Block::Paragraph { .. } => "@p",
            Block::Table(_) => "@table",
            Block::Chart(_) => "@chart",
            Block::AttachmentNote { .. } => "@attachnote",
            Block::PageBreak => "@pagebreak",
            Block::Attachment { .. } => "@attachment",
            Block::Signature { .. } => "@signature",
            Block::Date { .. } => "@date",
            Block::Note { .. } => "@note",
            Block::CopyTo { .. } => "@cc",
            Block::Printer { .. } => "@printer",
        }
    }
}

/// One problem found by [`Document::validate`]: the index of the block and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub block: usize,
    pub message: String,
}

/// Where a block may stand. Documents read top to bottom through these phases, never back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Head,
    Body,
    Closing,
    Attachments,
    Banji,
}

impl Document {
    /// Checks order and GB/T 9704 formats. Returns every problem, in block order.
    pub fn validate(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let plain = self.kind == Kind::Plain;
        if !plain && self.body_font != BodyFont::FangSong {
            out.push(Problem {
                block: 0,
                message: "公文正文只能用仿宋；其他正文字体（@font）只用于 @kind plain 的文档"
                    .into(),
            });
        }
        let mut order = Order {
            phase: Phase::Head,
            seen: std::collections::BTreeSet::new(),
        };
        let mut seen_title = false;
        let mut prev: Option<&Block> = None;
        for (i, b) in self.blocks.iter().enumerate() {
            let mut bad = |m: String| {
                out.push(Problem {
                    block: i,
                    message: m,
                })
            };
            order.check(b, plain, &mut bad);
            seen_title |= matches!(b, Block::Title { .. });
            check_block(b, prev, &mut bad);
            prev = Some(b);
        }
        if !seen_title && !self.blocks.is_empty() {
            out.push(Problem {
                block: 0,
                message: "文档没有标题（@title）".into(),
            });
        }
        if order.seen.contains("@docno") && !order.seen.contains("@banner") {
            out.push(Problem {
                block: 0,
                message: "有发文字号却没有发文机关标志（@banner）".into(),
            });
        }
        out
    }
}

/// How far the blocks read so far have come, so that one standing too early is caught.
struct Order {
    phase: Phase,
    /// Names of the blocks that may appear only once and have.
    seen: std::collections::BTreeSet<&'static str>,
}

impl Order {
    /// Reports a repeated once-only block, a block a plain document may not have,
    /// and a block that stands before a phase already reached.
    fn check(&mut self, b: &Block, plain: bool, bad: &mut dyn FnMut(String)) {
        let (want, once) = match b {
            Block::Banner { .. } | Block::DocNumber { .. } | Block::Signer { .. } => {
                (Phase::Head, true)
            }
            Block::Title { .. } => (Phase::Head, true),
            Block::Addressee { .. } => (Phase::Body, true),
            Block::Heading { .. }
            | Block::Paragraph { .. }
            | Block::Table(_)
            | Block::Chart(_)
            | Block::PageBreak => (Phase::Body, false),
            Block::AttachmentNote { .. } => (Phase::Body, true),
            Block::Signature { .. } | Block::Date { .. } | Block::Note { .. } => {
                (Phase::Closing, true)
            }
            Block::Attachment { .. } => (Phase::Attachments, false),
            Block::CopyTo { .. } | Block::Printer { .. } => (Phase::Banji, true),
        };
        if once && !self.seen.insert(b.name()) {
            bad(format!("{} 只能出现一次", b.name()));
        }
        if plain
            && matches!(
                b,
                Block::Banner { .. }
                    | Block::DocNumber { .. }
                    | Block::Signer { .. }
                    | Block::CopyTo { .. }
                    | Block::Printer { .. }
            )
        {
            bad(format!("普通文档（@kind plain）不能有 {}", b.name()));
        }
        // Content blocks inside an attachment stay in the attachment phase.
        let want = if self.phase == Phase::Attachments && want == Phase::Body && !once {
            Phase::Attachments
        } else {
            want
        };
        if want < self.phase {
            bad(format!(
                "{} 的位置不对：版头（@banner @docno @title）、正文、附件说明、署名和日期、附件、版记（@cc @printer）须依次排列",
                b.name()
            ));
        } else {
            self.phase = want;
        }
    }
}

/// The format of one block on its own; `prev` is the block before it.
fn check_block(b: &Block, prev: Option<&Block>, bad: &mut dyn FnMut(String)) {
    match b {
        Block::Banner { .. }
        | Block::DocNumber { .. }
        | Block::Signer { .. }
        | Block::Title { .. }
        | Block::Addressee { .. } => check_head(b, prev, bad),
        Block::Heading { .. } | Block::Paragraph { .. } => check_text(b, bad),
        Block::Table(t) => check_table(t, bad),
        Block::Chart(c) => check_chart(c, bad),
        Block::AttachmentNote { .. } | Block::Attachment { .. } => check_attachments(b, bad),
        Block::Signature { .. } | Block::Date { .. } | Block::Note { .. } => check_closing(b, bad),
        Block::CopyTo { .. } | Block::Printer { .. } => check_banji(b, bad),
        Block::PageBreak => {}
    }
}

/// 版头 blocks, the title and the addressee.
fn check_head(b: &Block, prev: Option<&Block>, bad: &mut dyn FnMut(String)) {
    match b {
        Block::Banner { text } if text.is_empty() => bad("发文机关标志为空".into()),
        Block::DocNumber { text } => {
            if let Err(m) = check_docno(&text.string()) {
                bad(m);
            }
            if !matches!(prev, Some(Block::Banner { .. })) {
                bad("@docno 须紧跟在 @banner 之后".into());
            }
        }
        Block::Signer { name } => {
            if name.is_empty() {
                bad("签发人姓名为空".into());
            }
            if !matches!(prev, Some(Block::DocNumber { .. })) {
                bad("@signer 须紧跟在 @docno 之后".into());
            }
        }
        Block::Title { lines } => {
            if lines.is_empty() || lines.len() > 2 {
                bad("标题须为一行（自动分行）或两行".into());
            }
            if lines.iter().any(Text::is_empty) {
                bad("标题为空".into());
            }
        }
        Block::Addressee { text } if !text.string().ends_with('：') => {
            bad("主送机关须以全角冒号“：”结尾".into())
        }
        _ => {}
    }
}

/// Headings and paragraphs of the body.
fn check_text(b: &Block, bad: &mut dyn FnMut(String)) {
    match b {
        Block::Heading { level, text, .. } => {
            if !(1..=4).contains(level) {
                bad(format!("标题层级 {level} 无效，只有 1–4 级"));
            }
            if text.is_empty() {
                bad("层级标题为空".into());
            }
        }
        Block::Paragraph { text } if text.is_empty() => bad("空段落".into()),
        _ => {}
    }
}

/// 附件说明 and the attachments' own titles.
fn check_attachments(b: &Block, bad: &mut dyn FnMut(String)) {
    match b {
        Block::AttachmentNote { items } => {
            if items.is_empty() {
                bad("附件说明没有附件名称".into());
            }
            for t in items {
                let s = t.string();
                if s.is_empty() {
                    bad("附件名称为空".into());
                } else if s.ends_with(|c: char| "，。、；：？！.,;:?!".contains(c)) {
                    bad(format!("附件名称“{s}”后不加标点符号"));
                }
            }
        }
        Block::Attachment { number, title } => {
            if number == &Some(0) {
                bad("附件序号从 1 开始".into());
            }
            if title.is_empty() || title.len() > 2 || title.iter().any(Text::is_empty) {
                bad("附件标题须为一行（自动分行）或两行".into());
            }
        }
        _ => {}
    }
}

/// 署名, 成文日期 and 附注.
fn check_closing(b: &Block, bad: &mut dyn FnMut(String)) {
    match b {
        Block::Signature { text } if text.is_empty() => bad("发文机关署名为空".into()),
        Block::Date { text } => {
            if let Err(m) = check_date(&text.string()) {
                bad(format!("成文日期{m}"));
            }
        }
        Block::Note { text } => {
            let s = text.string();
            if !(s.starts_with('（') && s.ends_with('）')) {
                bad("附注须加圆括号，如“（此件公开发布）”".into());
            }
        }
        _ => {}
    }
}

/// 版记: 抄送 and 印发.
fn check_banji(b: &Block, bad: &mut dyn FnMut(String)) {
    match b {
        Block::CopyTo { text } => {
            let s = text.string();
            if s.starts_with("抄送") {
                bad("@cc 只写抄送机关，“抄送：”由排版加上".into());
            }
            if !s.ends_with('。') {
                bad("抄送机关最后一个机关名称后标句号“。”".into());
            }
        }
        Block::Printer { org, date } => {
            if org.is_empty() {
                bad("印发机关为空".into());
            }
            let d = date.string();
            if d.ends_with("印发") {
                bad("印发日期不写“印发”，由排版加上".into());
            } else if let Err(m) = check_date(&d) {
                bad(format!("印发日期{m}"));
            }
        }
        _ => {}
    }
}

/// `代字〔YYYY〕N号`: 六角括号, no 第, no leading zero (GB/T 9704 §7.2.5).
pub fn check_docno(s: &str) -> Result<(), String> {
    let err = || {
        Err(format!(
            "发文字号“{s}”格式不对，应为“代字〔年份〕序号号”，如“示行管〔2026〕1号”（六角括号，不加“第”，序号不编虚位）"
        ))
    };
    let Some((code, rest)) = s.split_once('〔') else {
        return err();
    };
    let Some((year, rest)) = rest.split_once('〕') else {
        return err();
    };
    let Some(num) = rest.strip_suffix('号') else {
        return err();
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if code.is_empty()
        || code.contains(char::is_whitespace)
        || year.len() != 4
        || !digits(year)
        || !digits(num)
        || num.starts_with('0')
        || num.starts_with('第')
    {
        return err();
    }
    Ok(())
}

/// `2026年1月15日`: Arabic numerals, 年月日标全, no leading zeros (GB/T 9704 §7.3.5).
pub fn check_date(s: &str) -> Result<(), String> {
    let err = || {
        Err(format!(
            "“{s}”格式不对，应用阿拉伯数字写全年月日，月日不编虚位，如“2026年1月15日”"
        ))
    };
    let parse = |t: &str, max: u32| -> Option<u32> {
        if t.is_empty()
            || t.len() > 4
            || t.starts_with('0')
            || !t.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        t.parse().ok().filter(|v| (1..=max).contains(v))
    };
    let Some((y, rest)) = s.split_once('年') else {
        return err();
    };
    let Some((m, rest)) = rest.split_once('月') else {
        return err();
    };
    let Some(d) = rest.strip_suffix('日') else {
        return err();
    };
    let (Some(yv), Some(mv), Some(dv)) = (parse(y, 9999), parse(m, 12), parse(d, 31)) else {
        return err();
    };
    let leap = yv % 4 == 0 && (yv % 100 != 0 || yv % 400 == 0);
    let days = match mv {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if y.len() != 4 || dv > days {
        return err();
    }
    Ok(())
}

fn check_table(t: &Table, bad: &mut dyn FnMut(String)) {
    let n = t.columns();
    if n == 0 {
        bad("表格没有任何行".into());
        return;
    }
    for (k, row) in t.header.iter().chain(&t.rows).enumerate() {
        if row.len() != n {
            bad(format!(
                "表格第 {} 行有 {} 列，应为 {n} 列",
                k + 1,
                row.len()
            ));
        }
    }
    if !t.widths.is_empty() && t.widths.len() != n {
        bad(format!(
            "@widths 给了 {} 个列宽，表格有 {n} 列",
            t.widths.len()
        ));
    }
    if t.widths.iter().any(|w| !(w.is_finite() && *w > 0.0)) {
        bad("列宽须为正数".into());
    }
    if !t.align.is_empty() && t.align.len() != n {
        bad(format!(
            "@align 给了 {} 个对齐方式，表格有 {n} 列",
            t.align.len()
        ));
    }
}

fn check_chart(c: &Chart, bad: &mut dyn FnMut(String)) {
    let (min, max) = (c.min, c.max);
    if !(min.is_finite() && max.is_finite()) {
        bad(format!("图表范围“{min}–{max}”不是数字"));
        return;
    }
    if max <= min {
        bad(format!("图表最大值 {} 须大于最小值 {}", c.max, c.min));
    }
    if c.bars.is_empty() {
        bad("图表没有数据行".into());
    }
    for b in &c.bars {
        if !b.value.is_finite() {
            bad(format!("“{}”的数值“{}”不是数字", b.label, b.written));
        } else if b.value < min || b.value > max {
            bad(format!(
                "“{}”的数值 {} 超出图表范围 {min}–{max}",
                b.label, b.written
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docno_format() {
        assert!(check_docno("示行管〔2026〕1号").is_ok());
        assert!(check_docno("示行管〔2026〕01号").is_err());
        assert!(check_docno("示行管[2026]1号").is_err());
        assert!(check_docno("示行管〔2026〕第1号").is_err());
        assert!(check_docno("〔2026〕1号").is_err());
    }

    #[test]
    fn date_format() {
        assert!(check_date("2026年1月15日").is_ok());
        assert!(check_date("2026年01月15日").is_err());
        assert!(check_date("二〇二六年一月十五日").is_err());
        assert!(check_date("2026年13月1日").is_err());
        assert!(check_date("2026年1月").is_err());
        assert!(check_date("2026年2月29日").is_err());
        assert!(check_date("2028年2月29日").is_ok());
    }

    #[test]
    fn order_is_checked() {
        let d = Document {
            kind: Kind::Official,
            meta: Meta::default(),
            body_font: BodyFont::FangSong,
            blocks: vec![
                Block::Title {
                    lines: vec!["关于某事的通报".into()],
                },
                Block::Signature {
                    text: "某机关".into(),
                },
                Block::Paragraph {
                    text: "正文。".into(),
                },
            ],
        };
        let p = d.validate();
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].block, 2);
    }

    #[test]
    fn chart_values_outside_the_range_or_not_numbers_are_reported() {
        let bar = |value: f64, written: &str| Bar {
            label: "甲".into(),
            value,
            written: written.into(),
        };
        let d = Document {
            kind: Kind::Plain,
            meta: Meta::default(),
            body_font: BodyFont::FangSong,
            blocks: vec![
                Block::Title {
                    lines: vec!["总分".into()],
                },
                Block::Chart(Chart {
                    caption: None,
                    min: 80.0,
                    max: 100.0,
                    bars: vec![bar(90.0, "90"), bar(120.0, "120"), bar(f64::NAN, "NaN")],
                }),
            ],
        };
        let p = d.validate();
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p.iter().all(|x| x.block == 1), "{p:?}");
        assert!(p[0].message.contains("超出图表范围 80–100"), "{p:?}");
        assert!(p[1].message.contains("不是数字"), "{p:?}");
    }
}
