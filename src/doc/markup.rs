//! A small, strict line markup for [`Document`]s, meant to be emitted by Tera templates.
//!
//! One line is one thing. Leading and trailing spaces/tabs are ignored, blank lines too. A line
//! that does not start with `@` is a body paragraph. Directives:
//!
//! | line | block |
//! |---|---|
//! | `@kind official` / `@kind plain` | document kind (default `official`; `plain` has no 版头/版记) |
//! | `@font fangsong\|song\|hei\|kai` | face of body text and table cells of a plain document (default 仿宋) |
//! | `@author 文本`, `@subject 文本` | PDF metadata (the PDF title is the document title) |
//! | `@banner 示例市行政服务管理委员会文件` | 发文机关标志 |
//! | `@docno 示行管〔2026〕1号` | 发文字号 (must follow `@banner`) |
//! | `@signer 张三` | 签发人 of a 上行文 (must follow `@docno`) |
//! | `@title 标题` or `@title 第一行\|第二行` | 公文标题: one line is split automatically, `\|` splits by hand |
//! | `@to 各专业办事大厅：` | 主送机关 |
//! | `@h1 一、总体情况` … `@h4 （1）…` | heading levels 1–4; `@h2 （一）考核组织。\|正文…` runs body text on after it |
//! | `@p 文本` or just `文本` | paragraph |
//! | `@table [normal\|small\|tiny]` … `@endtable` | table in 4号 / 小四 / 五号, see below |
//! | `@chart [最小值] 最大值` … `@endchart` | horizontal bar chart, lines `标签\|数值` |
//! | `@attachnote 名称` | 附件说明; consecutive lines are items 1., 2., … |
//! | `@pagebreak` | new page |
//! | `@attachment 1 标题` / `@attachment 标题` | attachment page "附件1" / "附件"; `\|` splits the title |
//! | `@signature 示例市行政服务管理委员会` | 发文机关署名 |
//! | `@date 2026年1月15日` | 成文日期 |
//! | `@note （此件公开发布）` | 附注 |
//! | `@cc 市政府办公室。` | 抄送 (without "抄送：") |
//! | `@printer 示例市行政服务管理委员会\|2026年1月15日` | 印发机关 and 印发日期 (without "印发") |
//! | `@source 自查/不动产.xlsx 自查评分表!B3` | where the text of the next line came from |
//!
//! Inside `@table`: `@caption 表题`, `@widths 1 3 1` (relative), `@align l c r`, `@header a|b|c`
//! (header rows, repeated on every page), then body rows `a|b|c`, and `@tablenote 注：…` for notes
//! printed under the table in its size. Inside `@chart`: `@caption`
//! and `标签|数值` lines.
//!
//! Escapes, anywhere in text: `\|` is a literal `|`, `\@` a literal `@` (needed at the start of
//! a paragraph), `\\` a backslash. Any other backslash sequence is an error, and so is an
//! unescaped `|` where the line has no fields.
//!
//! Errors name the line (1-based) and the problem; the parser reports all it finds.

use super::{
    Align, Bar, Block, BodyFont, Chart, Document, Kind, OFFICIAL_BODY_FONT, Table, TableSize, Text,
};
use std::fmt;

/// One problem: line number (1-based) and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub line: usize,
    pub message: String,
}

/// Every problem found in a markup text, in line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    pub issues: Vec<Issue>,
}

impl fmt::Display for MarkupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, i) in self.issues.iter().enumerate() {
            if k > 0 {
                writeln!(f)?;
            }
            write!(f, "第 {} 行：{}", i.line, i.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for MarkupError {}

const DIRECTIVES: &[&str] = &[
    "kind",
    "font",
    "author",
    "subject",
    "banner",
    "docno",
    "signer",
    "title",
    "to",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "table",
    "endtable",
    "caption",
    "widths",
    "align",
    "header",
    "tablenote",
    "chart",
    "endchart",
    "attachnote",
    "pagebreak",
    "attachment",
    "signature",
    "date",
    "note",
    "cc",
    "printer",
    "source",
];

enum Open {
    None,
    Table { line: usize, table: Table },
    Chart { line: usize, chart: Chart },
}

struct Parser {
    doc: Document,
    issues: Vec<Issue>,
    open: Open,
    /// `@source` waiting for its line, and the line it was given on.
    source: Option<(usize, String)>,
    /// Block index → line, to report `Document::validate` problems by line.
    block_lines: Vec<usize>,
    /// Line of the last `@attachnote`, to join consecutive ones.
    last_attachnote: Option<usize>,
    /// Line of `@font`, where a face a 公文 may not have is reported.
    font_line: Option<usize>,
}

/// Parses markup into a document and validates it ([`Document::validate`]).
pub fn parse(text: &str) -> Result<Document, MarkupError> {
    let mut p = Parser {
        doc: Document::default(),
        issues: Vec::new(),
        open: Open::None,
        source: None,
        block_lines: Vec::new(),
        last_attachnote: None,
        font_line: None,
    };
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim_matches(|c| c == ' ' || c == '\t' || c == '\r');
        if line.is_empty() {
            continue;
        }
        if let Err(m) = p.line(n, line) {
            p.issues.push(Issue {
                line: n,
                message: m,
            });
        }
    }
    match std::mem::replace(&mut p.open, Open::None) {
        Open::Table { line, .. } => p.issues.push(Issue {
            line,
            message: "@table 没有对应的 @endtable".into(),
        }),
        Open::Chart { line, .. } => p.issues.push(Issue {
            line,
            message: "@chart 没有对应的 @endchart".into(),
        }),
        Open::None => {}
    }
    if let Some((line, _)) = p.source.take() {
        p.issues.push(Issue {
            line,
            message: "@source 后面没有内容行".into(),
        });
    }
    if let Some(line) = p.font_line
        && p.doc.kind == Kind::Official
        && p.doc.body_font != BodyFont::FangSong
    {
        p.issues.push(Issue {
            line,
            message: OFFICIAL_BODY_FONT.into(),
        });
    }
    if p.issues.is_empty() {
        for pr in p.doc.validate() {
            let line = p.block_lines.get(pr.block).copied().unwrap_or(1);
            p.issues.push(Issue {
                line,
                message: pr.message,
            });
        }
    }
    if p.issues.is_empty() {
        Ok(p.doc)
    } else {
        p.issues.sort_by_key(|i| i.line);
        Err(MarkupError { issues: p.issues })
    }
}

impl Parser {
    fn push(&mut self, n: usize, b: Block) {
        self.doc.blocks.push(b);
        self.block_lines.push(n);
    }

    fn take_source(&mut self) -> Option<String> {
        self.source.take().map(|(_, s)| s)
    }

    fn text(&mut self, s: &str) -> Result<Text, String> {
        let t = unescape(s)?;
        Ok(Text::with_source(t, self.take_source()))
    }

    /// `s` as fields separated by unescaped `|`, each unescaped and trimmed.
    fn fields(&mut self, s: &str) -> Result<Vec<Text>, String> {
        let src = self.take_source();
        split_fields(s)?
            .into_iter()
            .map(|f| Ok(Text::with_source(f, src.clone())))
            .collect()
    }

    fn line(&mut self, n: usize, line: &str) -> Result<(), String> {
        let Some(rest) = line.strip_prefix('@') else {
            return self.content(n, line);
        };
        let (name, arg) = match rest.split_once([' ', '\t']) {
            Some((a, b)) => (a, b.trim_matches([' ', '\t'])),
            None => (rest, ""),
        };
        if !DIRECTIVES.contains(&name) {
            let hint = DIRECTIVES
                .iter()
                .min_by_key(|d| crate::text::edit_distance(d, name))
                .filter(|d| crate::text::edit_distance(d, name) <= 2)
                .map(|d| format!("，是否想写 @{d}？"))
                .unwrap_or_default();
            return Err(format!("未知指令 @{name}{hint}（字面的 @ 写作 \\@）"));
        }
        if name != "source" && self.source.is_some() && !takes_content(name) {
            let (l, _) = self.source.take().unwrap_or_default();
            return Err(format!(
                "第 {l} 行的 @source 后面须紧跟内容行，不能是 @{name}"
            ));
        }
        if name != "attachnote" && name != "source" {
            self.last_attachnote = None;
        }

        // Inside a table or chart only its own directives are allowed.
        match &mut self.open {
            Open::Table { .. } => return self.table_line(n, name, arg),
            Open::Chart { .. } => return self.chart_line(n, name, arg),
            Open::None => {}
        }
        match name {
            "kind" | "font" | "author" | "subject" => self.setting(n, name, arg),
            "banner" | "docno" | "signer" | "title" | "to" => self.head(n, name, arg),
            "h1" | "h2" | "h3" | "h4" | "p" | "pagebreak" => self.body(n, name, arg),
            "table" => self.open_table(n, arg),
            "chart" => self.open_chart(n, arg),
            "attachnote" | "attachment" => self.attachment(n, name, arg),
            "signature" | "date" | "note" => self.closing(n, name, arg),
            "cc" | "printer" => self.banji(n, name, arg),
            "source" => self.source_line(n, arg),
            "endtable" | "endchart" => Err(format!("@{name} 前面没有对应的开始指令")),
            "caption" | "widths" | "align" | "header" | "tablenote" => {
                Err(format!("@{name} 只能用在 @table（或 @chart）里面"))
            }
            _ => Err(format!("未知指令 @{name}")),
        }
    }

    /// `@kind`, `@font`, `@author`, `@subject`: settings of the whole document, no block.
    fn setting(&mut self, n: usize, name: &str, arg: &str) -> Result<(), String> {
        match name {
            "kind" => match arg {
                "official" => self.doc.kind = Kind::Official,
                "plain" => self.doc.kind = Kind::Plain,
                _ => return Err(format!("@kind 只能是 official 或 plain，不是“{arg}”")),
            },
            "font" => {
                self.font_line = Some(n);
                self.doc.body_font = match arg {
                    "fangsong" => BodyFont::FangSong,
                    "song" => BodyFont::Song,
                    "hei" => BodyFont::Hei,
                    "kai" => BodyFont::Kai,
                    _ => {
                        return Err(format!(
                            "@font 只能是 fangsong（仿宋）、song（宋体）、hei（黑体）或 kai（楷体），不是“{arg}”"
                        ));
                    }
                }
            }
            "author" => {
                need(name, arg, "作者")?;
                self.doc.meta.author = unescape(arg)?;
            }
            "subject" => {
                need(name, arg, "主题")?;
                self.doc.meta.subject = unescape(arg)?;
            }
            // line() sends only this family here; an error, not a panic, if that changes
            _ => return Err(format!("@{name} 不是可用的指令")),
        }
        Ok(())
    }

    /// 版头 (`@banner`, `@docno`, `@signer`), `@title` and `@to`.
    fn head(&mut self, n: usize, name: &str, arg: &str) -> Result<(), String> {
        let block = match name {
            "banner" => {
                need(name, arg, "发文机关标志")?;
                Block::Banner {
                    text: self.text(arg)?,
                }
            }
            "docno" => {
                need(name, arg, "发文字号")?;
                Block::DocNumber {
                    text: self.text(arg)?,
                }
            }
            "signer" => {
                need(name, arg, "签发人姓名")?;
                Block::Signer {
                    name: self.text(arg)?,
                }
            }
            "title" => {
                need(name, arg, "标题")?;
                Block::Title {
                    lines: self.fields(arg)?,
                }
            }
            "to" => {
                need(name, arg, "主送机关")?;
                Block::Addressee {
                    text: self.text(arg)?,
                }
            }
            // line() sends only this family here; an error, not a panic, if that changes
            _ => return Err(format!("@{name} 不是可用的指令")),
        };
        self.push(n, block);
        Ok(())
    }

    /// Headings `@h1`–`@h4`, `@p` and `@pagebreak`.
    fn body(&mut self, n: usize, name: &str, arg: &str) -> Result<(), String> {
        match name {
            "p" => {
                need(name, arg, "段落文字")?;
                self.content(n, arg)
            }
            "pagebreak" => {
                no_arg(name, arg)?;
                self.push(n, Block::PageBreak);
                Ok(())
            }
            _ => {
                need(name, arg, "标题文字")?;
                let level = name.as_bytes()[1] - b'0';
                let mut f = self.fields(arg)?;
                if f.len() > 2 {
                    return Err(format!(
                        "@{name} 最多一个“|”（标题|接排正文），字面竖线写作 \\|"
                    ));
                }
                let run_in = if f.len() == 2 { f.pop() } else { None };
                let text = f.pop().unwrap_or_default();
                self.push(
                    n,
                    Block::Heading {
                        level,
                        text,
                        run_in,
                    },
                );
                Ok(())
            }
        }
    }

    /// `@table [size]`: rows and table directives follow until `@endtable`.
    fn open_table(&mut self, n: usize, arg: &str) -> Result<(), String> {
        no_arg("table", arg).or_else(|_| match arg {
            "normal" | "small" | "tiny" => Ok(()),
            _ => Err(format!(
                "@table 的字号只能是 normal（4号）、small（小四）或 tiny（五号），不是“{arg}”"
            )),
        })?;
        let size = match arg {
            "small" => TableSize::Small,
            "tiny" => TableSize::Tiny,
            _ => TableSize::Normal,
        };
        self.open = Open::Table {
            line: n,
            table: Table {
                size,
                ..Table::default()
            },
        };
        Ok(())
    }

    /// `@chart [min] max`: rows and chart directives follow until `@endchart`.
    fn open_chart(&mut self, n: usize, arg: &str) -> Result<(), String> {
        let nums: Vec<&str> = arg.split_whitespace().collect();
        let (min, max) = match nums[..] {
            [max] => ("0", max),
            [min, max] => (min, max),
            _ => return Err("@chart 的参数是 [最小值] 最大值，如 @chart 100".into()),
        };
        let num = |v: &str| {
            v.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| format!("@chart 的范围“{v}”不是数字"))
        };
        let (min, max) = (num(min)?, num(max)?);
        self.open = Open::Chart {
            line: n,
            chart: Chart {
                min,
                max,
                ..Chart::default()
            },
        };
        Ok(())
    }

    /// `@attachnote` (附件说明, consecutive ones joined) and `@attachment [number] title`.
    fn attachment(&mut self, n: usize, name: &str, arg: &str) -> Result<(), String> {
        match name {
            "attachnote" => {
                need(name, arg, "附件名称")?;
                let item = self.text(arg)?;
                if let (Some(_), Some(Block::AttachmentNote { items })) =
                    (self.last_attachnote, self.doc.blocks.last_mut())
                {
                    items.push(item);
                } else {
                    self.push(n, Block::AttachmentNote { items: vec![item] });
                }
                self.last_attachnote = Some(n);
            }
            "attachment" => {
                need(name, arg, "附件标题")?;
                let (number, title) = match arg.split_once([' ', '\t']) {
                    Some((num, t))
                        if !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit()) =>
                    {
                        let v = num
                            .parse::<u32>()
                            .map_err(|_| format!("附件序号“{num}”太大"))?;
                        (Some(v), t.trim_matches([' ', '\t']))
                    }
                    _ => (None, arg),
                };
                if title.is_empty() {
                    return Err("@attachment 后面缺少附件标题".into());
                }
                let title = self.fields(title)?;
                self.push(n, Block::Attachment { number, title });
            }
            // line() sends only this family here; an error, not a panic, if that changes
            _ => return Err(format!("@{name} 不是可用的指令")),
        }
        Ok(())
    }

    /// `@signature`, `@date` and `@note`.
    fn closing(&mut self, n: usize, name: &str, arg: &str) -> Result<(), String> {
        let block = match name {
            "signature" => {
                need(name, arg, "发文机关署名")?;
                Block::Signature {
                    text: self.text(arg)?,
                }
            }
            "date" => {
                need(name, arg, "成文日期")?;
                Block::Date {
                    text: self.text(arg)?,
                }
            }
            "note" => {
                need(name, arg, "附注")?;
                Block::Note {
                    text: self.text(arg)?,
                }
            }
            // line() sends only this family here; an error, not a panic, if that changes
            _ => return Err(format!("@{name} 不是可用的指令")),
        };
        self.push(n, block);
        Ok(())
    }

    /// 版记: `@cc` and `@printer`.
    fn banji(&mut self, n: usize, name: &str, arg: &str) -> Result<(), String> {
        let block = match name {
            "cc" => {
                need(name, arg, "抄送机关")?;
                Block::CopyTo {
                    text: self.text(arg)?,
                }
            }
            "printer" => {
                need(name, arg, "印发机关|印发日期")?;
                let mut f = self.fields(arg)?;
                if f.len() != 2 {
                    return Err("@printer 的格式是“印发机关|印发日期”".into());
                }
                let date = f.pop().unwrap_or_default();
                let org = f.pop().unwrap_or_default();
                Block::Printer { org, date }
            }
            // line() sends only this family here; an error, not a panic, if that changes
            _ => return Err(format!("@{name} 不是可用的指令")),
        };
        self.push(n, block);
        Ok(())
    }

    /// `@source`: where the next content line comes from.
    fn source_line(&mut self, n: usize, arg: &str) -> Result<(), String> {
        need("source", arg, "来源")?;
        if let Some((l, _)) = &self.source {
            return Err(format!("第 {l} 行的 @source 还没有用上，又来一个 @source"));
        }
        self.source = Some((n, unescape(arg)?));
        Ok(())
    }

    fn content(&mut self, n: usize, line: &str) -> Result<(), String> {
        self.last_attachnote = None;
        match &self.open {
            Open::Table { .. } => return self.table_row(line, false),
            Open::Chart { .. } => return self.chart_row(line),
            Open::None => {}
        }
        let text = self.text(line)?;
        self.push(n, Block::Paragraph { text });
        Ok(())
    }

    fn table_line(&mut self, n: usize, name: &str, arg: &str) -> Result<(), String> {
        let Open::Table { table, .. } = &mut self.open else {
            return Ok(());
        };
        match name {
            "caption" => {
                if arg.is_empty() {
                    return Err("@caption 后面缺少表题".into());
                }
                if table.caption.is_some() || !table.header.is_empty() || !table.rows.is_empty() {
                    return Err("@caption 须在表格行之前，且只能有一个".into());
                }
                let t = unescape(arg)?;
                let src = self.take_source();
                if let Open::Table { table, .. } = &mut self.open {
                    table.caption = Some(Text::with_source(t, src));
                }
            }
            "widths" => {
                let w: Result<Vec<f32>, _> = arg.split_whitespace().map(str::parse).collect();
                match w {
                    Ok(w) if !w.is_empty() && w.iter().all(|v| v.is_finite() && *v > 0.0) => {
                        table.widths = w
                    }
                    _ => {
                        return Err(format!(
                            "@widths 须为正数列表，如 @widths 1 3 1，不是“{arg}”"
                        ));
                    }
                }
            }
            "align" => {
                let mut out = Vec::new();
                for a in arg.split_whitespace() {
                    out.push(match a {
                        "l" => Align::Left,
                        "c" => Align::Center,
                        "r" => Align::Right,
                        _ => return Err(format!("@align 只能用 l、c、r，不是“{a}”")),
                    });
                }
                if out.is_empty() {
                    return Err("@align 后面缺少对齐方式，如 @align l c r".into());
                }
                table.align = out;
            }
            "header" => {
                if arg.is_empty() {
                    return Err("@header 后面缺少表头单元格".into());
                }
                if !table.rows.is_empty() {
                    return Err("@header 须在表格正文行之前".into());
                }
                return self.table_row(arg, true);
            }
            "p" => return self.table_row(arg, false),
            "tablenote" => {
                if arg.is_empty() {
                    return Err("@tablenote 后面缺少表注文字".into());
                }
                let t = unescape(arg)?;
                let src = self.take_source();
                if let Open::Table { table, .. } = &mut self.open {
                    table.notes.push(Text::with_source(t, src));
                }
            }
            "source" => {
                if arg.is_empty() {
                    return Err("@source 后面缺少来源".into());
                }
                self.source = Some((n, unescape(arg)?));
            }
            "endtable" => {
                if arg.is_empty() {
                    if let Open::Table { line, table } =
                        std::mem::replace(&mut self.open, Open::None)
                    {
                        if table.header.is_empty() && table.rows.is_empty() {
                            return Err("表格没有任何行".into());
                        }
                        self.push(line, Block::Table(table));
                    }
                } else {
                    return Err("@endtable 后面不带参数".into());
                }
            }
            _ => return Err(format!("表格里不能用 @{name}，是否漏了 @endtable？")),
        }
        Ok(())
    }

    fn table_row(&mut self, line: &str, header: bool) -> Result<(), String> {
        let row = self.fields(line)?;
        let Open::Table { table, .. } = &mut self.open else {
            return Ok(());
        };
        let n = table.columns();
        if n != 0 && row.len() != n {
            return Err(format!(
                "这一行有 {} 列，表格有 {n} 列（字面竖线写作 \\|）",
                row.len()
            ));
        }
        if header {
            table.header.push(row);
        } else {
            table.rows.push(row);
        }
        Ok(())
    }

    fn chart_line(&mut self, n: usize, name: &str, arg: &str) -> Result<(), String> {
        match name {
            "caption" => {
                if arg.is_empty() {
                    return Err("@caption 后面缺少图题".into());
                }
                let t = unescape(arg)?;
                let src = self.take_source();
                if let Open::Chart { chart, .. } = &mut self.open {
                    if chart.caption.is_some() || !chart.bars.is_empty() {
                        return Err("@caption 须在数据行之前，且只能有一个".into());
                    }
                    chart.caption = Some(Text::with_source(t, src));
                }
            }
            "p" => return self.chart_row(arg),
            "source" => self.source = Some((n, unescape(arg)?)),
            "endchart" => {
                if !arg.is_empty() {
                    return Err("@endchart 后面不带参数".into());
                }
                if let Open::Chart { line, chart } = std::mem::replace(&mut self.open, Open::None) {
                    if chart.bars.is_empty() {
                        return Err("图表没有数据行".into());
                    }
                    self.push(line, Block::Chart(chart));
                }
            }
            _ => return Err(format!("图表里不能用 @{name}，是否漏了 @endchart？")),
        }
        Ok(())
    }

    fn chart_row(&mut self, line: &str) -> Result<(), String> {
        let mut f = self.fields(line)?;
        if f.len() != 2 {
            return Err("图表数据行的格式是“标签|数值”".into());
        }
        let value = f.pop().unwrap_or_default().string();
        let label = f.pop().unwrap_or_default();
        let v = value.parse::<f64>().ok().filter(|v| v.is_finite());
        let Open::Chart { chart, .. } = &mut self.open else {
            return Ok(());
        };
        let v = match v {
            None => return Err(format!("数值“{value}”不是数字")),
            Some(v) if v < chart.min || v > chart.max => {
                return Err(format!(
                    "数值 {value} 超出图表范围 {}–{}",
                    chart.min, chart.max
                ));
            }
            Some(v) => v,
        };
        chart.bars.push(Bar {
            label,
            value: v,
            written: value,
        });
        Ok(())
    }
}

/// Fails unless directive `name` was given an argument, naming `what` is missing.
fn need(name: &str, arg: &str, what: &str) -> Result<(), String> {
    if arg.is_empty() {
        Err(format!("@{name} 后面缺少{what}"))
    } else {
        Ok(())
    }
}

/// Fails if directive `name`, which takes none, was given an argument.
fn no_arg(name: &str, arg: &str) -> Result<(), String> {
    if arg.is_empty() {
        Ok(())
    } else {
        Err(format!("@{name} 后面不带参数"))
    }
}

/// Directives whose line carries text a preceding `@source` can describe.
fn takes_content(name: &str) -> bool {
    !matches!(
        name,
        "kind"
            | "font"
            | "author"
            | "subject"
            | "table"
            | "endtable"
            | "chart"
            | "endchart"
            | "widths"
            | "align"
            | "pagebreak"
            | "source"
    )
}

/// Resolves escapes; an unescaped `|` is an error here (this text has no fields).
fn unescape(s: &str) -> Result<String, String> {
    let f = split_fields(s)?;
    if f.len() > 1 {
        return Err("这里不分栏，出现了未转义的“|”（字面竖线写作 \\|）".into());
    }
    Ok(f.into_iter().next().unwrap_or_default())
}

/// Splits at unescaped `|`, resolving `\|`, `\@` and `\\`; fields are trimmed.
fn split_fields(s: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        match c {
            '\\' => match it.next() {
                Some(e @ ('|' | '@' | '\\')) => cur.push(e),
                Some(e) => {
                    return Err(format!(
                        "未知的转义“\\{e}”：只有 \\|、\\@ 和 \\\\（字面反斜杠写作 \\\\）"
                    ));
                }
                None => return Err("行末多了一个反斜杠（字面反斜杠写作 \\\\）".into()),
            },
            '|' => out.push(std::mem::take(&mut cur)),
            c if c.is_control() && c != '\t' => {
                return Err(format!("含有控制字符 U+{:04X}", c as u32));
            }
            c => cur.push(c),
        }
    }
    out.push(cur);
    Ok(out
        .into_iter()
        .map(|f| f.trim_matches([' ', '\t']).to_string())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CIRCULAR: &str = "
@banner 示例市行政服务管理委员会文件
@docno 示行管〔2026〕1号
@title 关于2025年度考核结果的通报
@to 各专业办事大厅：
@h1 一、总体情况
@source 自查/不动产.xlsx 自查评分表!B3
各大厅认真开展自查。
@h2 （一）考核组织。|市行管委组织考核组。
\\@开头的段落
@table small
@caption 表1 得分
@widths 1 3 1
@align c l r
@header 名次|大厅|总分
1|不动产登记\\|大厅|98.3
@endtable
@chart 60 100
不动产|98.3
@endchart
@attachnote 2025年度考核得分表
@attachnote 2025年度考核得分图
@signature 示例市行政服务管理委员会
@date 2026年1月15日
@attachment 1 2025年度考核得分表
正文
@cc 市政府办公室。
@printer 示例市行政服务管理委员会|2026年1月15日
";

    #[test]
    fn parses_a_circular() {
        let d = parse(CIRCULAR).unwrap();
        assert_eq!(d.kind, Kind::Official);
        let b = &d.blocks;
        assert_eq!(b.len(), 17, "{b:#?}");
        assert!(
            matches!(&b[0], Block::Banner { text } if text.string() == "示例市行政服务管理委员会文件")
        );
        match &b[5] {
            Block::Paragraph { text } => {
                assert_eq!(
                    text.0[0].source.as_deref(),
                    Some("自查/不动产.xlsx 自查评分表!B3")
                )
            }
            x => panic!("{x:?}"),
        }
        match &b[6] {
            Block::Heading {
                level: 2, run_in, ..
            } => assert_eq!(
                run_in.as_ref().map(Text::string).as_deref(),
                Some("市行管委组织考核组。")
            ),
            x => panic!("{x:?}"),
        }
        assert!(matches!(&b[7], Block::Paragraph { text } if text.string() == "@开头的段落"));
        match &b[8] {
            Block::Table(t) => {
                assert_eq!(t.size, TableSize::Small);
                assert_eq!(t.header.len(), 1);
                assert_eq!(t.rows[0][1].string(), "不动产登记|大厅");
                assert_eq!(t.align, vec![Align::Center, Align::Left, Align::Right]);
            }
            x => panic!("{x:?}"),
        }
        assert!(matches!(&b[10], Block::AttachmentNote { items } if items.len() == 2));
        assert!(matches!(
            &b[13],
            Block::Attachment {
                number: Some(1),
                ..
            }
        ));
        // golden: the model serialises (for template tests)
        let json = serde_json::to_string(&d).unwrap();
        assert!(json.contains("\"type\":\"banner\""));
        let back: Document = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d);
    }

    fn err(text: &str) -> Vec<(usize, String)> {
        parse(text)
            .unwrap_err()
            .issues
            .into_iter()
            .map(|i| (i.line, i.message))
            .collect()
    }

    #[test]
    fn errors_name_their_lines() {
        let e = err("@title 标题\n@bnner 示例\n正文");
        assert_eq!(e[0].0, 2);
        assert!(e[0].1.contains("@banner"), "{e:?}");

        let e = err("@title 标题\n@table\na|b\nc\n@endtable");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].0, 4);

        let e = err("@title 标题\n@table\na|b");
        assert_eq!(e[0], (2, "@table 没有对应的 @endtable".into()));

        let e = err("@title 标题\n正文有|竖线");
        assert_eq!(e[0].0, 2);

        let e = err("@title 标题\n路径 C:\\data");
        assert!(e[0].1.contains("转义"), "{e:?}");

        let e = err("@title 标题\n@source a!B1\n@pagebreak");
        assert_eq!(e[0].0, 3);

        let e = err("@title 标题\n@chart 100\n甲|120\n@endchart");
        assert_eq!(e[0].0, 3);

        // model validation problems come back with the line of their block
        let e = err("@title 标题\n@date 2026年01月15日\n正文");
        assert_eq!(e.iter().map(|x| x.0).collect::<Vec<_>>(), vec![2, 3]);

        let e = err("@banner 示例市文件\n@docno 示〔2026〕01号\n@title 标题");
        assert_eq!(e[0].0, 2);
        assert!(e[0].1.contains("发文字号"));
    }

    #[test]
    fn plain_document() {
        let d = parse("@kind plain\n@title 不动产登记大厅评分明细\n@table\n@header 项目|得分\n1.1|5\n@endtable").unwrap();
        assert_eq!(d.kind, Kind::Plain);
        let e = err("@kind plain\n@banner 某某文件\n@title 标题");
        assert!(e[0].1.contains("普通文档"), "{e:?}");
    }
}
