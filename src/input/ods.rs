//! OpenDocument spreadsheets: `content.xml` read as one stream straight into sparse grids, one
//! sheet at a time.
//!
//! calamine is not used for .ods: it reads every sheet of the file before any can be looked at,
//! copies a repeated cell once per repeated column and a repeated row once per repetition, and
//! builds each sheet as a dense rectangle of 56-byte cells (value and formula) from the first to
//! the last value. A 1.4 KB file repeating one value a million times grows to gigabytes before a
//! bound could be checked. Here a repeated row or cell costs one cell per position only when it
//! holds something, so LibreOffice's usual trailing empty row repeated a million times costs
//! nothing, and every bound is checked before the cells are made.
//!
//! Values follow calamine's reading of the format (office:value, office:string-value or the
//! paragraphs of a string cell, office:date-value as ISO text, office:boolean-value), so a file
//! reads the same as before; in addition a formula without a stored result is
//! [`Cell::Uncalculated`] and a cell spanning rows is a merged region.

use super::SheetOutcome;
use super::grid::{Cell, GridBuilder, Merge, TooLarge};
use super::limits::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_SHEET_TEXT_BYTES};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;
use std::io::BufRead;
use std::sync::Arc;

/// What the user is told instead of the XML parser's English error text.
const XML_DAMAGED: &str = "content.xml 的内容已损坏，不是完整的 OpenDocument 表格";
const TABLE: &str = "table:table";
const ROW: &str = "table:table-row";
const CELL: &str = "table:table-cell";
const COVERED: &str = "table:covered-table-cell";

/// Reads every sheet of `content.xml`, handing each to `visit` as soon as it is complete.
/// An error is the reason the rest of the file could not be read.
pub fn read<R: BufRead>(
    content: R,
    visit: &mut dyn FnMut(&str, SheetOutcome),
) -> Result<(), String> {
    let mut reader = Reader::from_reader(content);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.trim_text(false);
    let mut buf = Vec::with_capacity(1024);
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.name().as_ref() == TABLE => {
                let name = match attr(&e, "table:name") {
                    Ok(n) => n,
                    Err(Failure::Xml(msg)) => return Err(msg),
                    Err(Failure::TooLarge(t)) => return Err(t.message()),
                };
                let Some(name) = name else {
                    // calamine reads no table without a name either.
                    skip(&mut reader, TABLE)?;
                    continue;
                };
                let name = crate::text::strip_controls(&name).0.into_owned();
                let mut sheet = Sheet::default();
                let outcome = match sheet.read(&mut reader) {
                    Ok(()) => sheet
                        .finish()
                        .map(|(grid, controls)| SheetOutcome::Grid(grid, controls))
                        .unwrap_or_else(SheetOutcome::TooLarge),
                    Err(Failure::TooLarge(t)) => {
                        skip(&mut reader, TABLE)?;
                        SheetOutcome::TooLarge(t)
                    }
                    Err(Failure::Xml(msg)) => {
                        visit(&name, SheetOutcome::Unreadable(msg.clone()));
                        return Err(msg);
                    }
                };
                visit(&name, outcome);
            }
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(_) => return Err(XML_DAMAGED.to_string()),
        }
    }
}

fn skip<R: BufRead>(reader: &mut Reader<R>, name: &str) -> Result<(), String> {
    let mut buf = Vec::new();
    reader
        .read_to_end_into(QName(name), &mut buf)
        .map(|_| ())
        .map_err(|_| XML_DAMAGED.to_string())
}

enum Failure {
    TooLarge(TooLarge),
    Xml(String),
}

impl From<quick_xml::Error> for Failure {
    fn from(_: quick_xml::Error) -> Failure {
        Failure::Xml(XML_DAMAGED.to_string())
    }
}

impl From<TooLarge> for Failure {
    fn from(t: TooLarge) -> Failure {
        Failure::TooLarge(t)
    }
}

#[derive(Default)]
struct Sheet {
    cells: GridBuilder,
    merges: Vec<Merge>,
    /// The next row's index; u64 so that repeat counts of any size add up without wrapping.
    row: u64,
    /// Bytes of distinct cell texts (a repeated cell shares its text).
    text_bytes: u64,
}

/// One cell element as read, before it is placed (maybe several times).
struct Parsed {
    cell: Cell,
    /// The first control character removed from its text.
    removed: Option<char>,
    repeat: u64,
    span: (u64, u64),
}

impl Sheet {
    fn read<R: BufRead>(&mut self, reader: &mut Reader<R>) -> Result<(), Failure> {
        let mut buf = Vec::with_capacity(1024);
        loop {
            buf.clear();
            match reader.read_event_into(&mut buf)? {
                Event::Start(e) if e.name().as_ref() == ROW => {
                    let repeat = count(&e, "table:number-rows-repeated")?;
                    self.row(reader, repeat)?;
                }
                Event::Empty(e) if e.name().as_ref() == ROW => {
                    let repeat = count(&e, "table:number-rows-repeated")?;
                    self.row = self.row.saturating_add(repeat);
                }
                Event::End(e) if e.name().as_ref() == TABLE => return Ok(()),
                Event::Eof => return Err(Failure::Xml("content.xml 意外结束".to_string())),
                _ => {}
            }
        }
    }

    fn row<R: BufRead>(&mut self, reader: &mut Reader<R>, repeat: u64) -> Result<(), Failure> {
        let mut cells: Vec<(u32, Cell, Option<char>)> = Vec::new();
        let mut spans: Vec<Merge> = Vec::new();
        let mut col: u64 = 0;
        let mut buf = Vec::with_capacity(256);
        loop {
            buf.clear();
            let parsed = match reader.read_event_into(&mut buf)? {
                Event::Start(e) if matches!(e.name().as_ref(), CELL | COVERED) => {
                    let e = e.into_owned();
                    self.cell(reader, &e, true)?
                }
                Event::Empty(e) if matches!(e.name().as_ref(), CELL | COVERED) => {
                    let e = e.into_owned();
                    self.cell(reader, &e, false)?
                }
                Event::End(e) if e.name().as_ref() == ROW => break,
                Event::Eof => return Err(Failure::Xml("content.xml 意外结束".to_string())),
                _ => continue,
            };
            if !parsed.cell.is_empty() {
                let last = col.saturating_add(parsed.repeat - 1);
                if last >= u64::from(MAX_COLUMNS) {
                    return Err(TooLarge::Column(clamp(last)).into());
                }
                if self.row >= u64::from(MAX_ROWS) {
                    return Err(TooLarge::Row(clamp(self.row)).into());
                }
                if parsed.span.0 > 1 || parsed.span.1 > 1 {
                    spans.push(Merge {
                        first: (self.row as u32, col as u32),
                        last: (
                            clamp(self.row.saturating_add(parsed.span.0 - 1)),
                            clamp(col.saturating_add(parsed.span.1 - 1)),
                        ),
                    });
                }
                for c in col..=last {
                    cells.push((c as u32, parsed.cell.clone(), parsed.removed));
                }
            }
            col = col.saturating_add(parsed.repeat);
        }
        if !cells.is_empty() {
            let last = self.row.saturating_add(repeat - 1);
            if last >= u64::from(MAX_ROWS) {
                return Err(TooLarge::Row(clamp(last)).into());
            }
            let total = (cells.len() as u64)
                .saturating_mul(repeat)
                .saturating_add(self.cells.len() as u64);
            if total > MAX_CELLS as u64 {
                return Err(TooLarge::Cells.into());
            }
            for r in self.row..=last {
                for (c, cell, removed) in &cells {
                    self.cells.put(r as u32, *c, cell.clone())?;
                    if let Some(ch) = removed {
                        self.cells.controls.push((r as u32, *c, *ch));
                    }
                }
            }
            if self.merges.len() + spans.len() > MAX_CELLS {
                return Err(TooLarge::Cells.into());
            }
            self.merges.extend(spans);
        }
        self.row = self.row.saturating_add(repeat);
        Ok(())
    }

    /// Reads one cell element (its content too when `open`).
    fn cell<R: BufRead>(
        &mut self,
        reader: &mut Reader<R>,
        e: &BytesStart<'_>,
        open: bool,
    ) -> Result<Parsed, Failure> {
        let repeat = count(e, "table:number-columns-repeated")?;
        let span = (
            count(e, "table:number-rows-spanned")?,
            count(e, "table:number-columns-spanned")?,
        );
        let mut value: Option<Cell> = None;
        let mut removed = None;
        let mut is_string = false;
        let mut is_error = false;
        let mut empty_string = false;
        let mut formula = false;
        for a in e.attributes().with_checks(false) {
            let a = a.map_err(|_| Failure::Xml(XML_DAMAGED.to_string()))?;
            let key = a.key.as_ref();
            let raw = || unescape(&a.value);
            match key {
                "office:value" if value.is_none() => {
                    let text = raw()?;
                    value = Some(match text.trim().parse::<f64>() {
                        Ok(n) => Cell::Number(n),
                        // calamine refuses the whole file; the cell's own message is kinder.
                        Err(_) => {
                            let (cell, r) = self.text(&text)?;
                            removed = r;
                            cell
                        }
                    });
                }
                "office:string-value" if value.is_none() => {
                    let text = raw()?;
                    empty_string = text.is_empty();
                    let (cell, r) = self.text(&text)?;
                    removed = r;
                    value = Some(cell);
                }
                "office:date-value" if value.is_none() => {
                    let text = raw()?;
                    let (cell, r) = self.text(&text)?;
                    removed = r;
                    value = Some(match cell {
                        Cell::Text(s) => Cell::DateIso(s),
                        other => other,
                    });
                }
                "office:time-value" if value.is_none() => {
                    let (cell, r) = self.text(&raw()?)?;
                    removed = r;
                    value = Some(cell);
                }
                "office:boolean-value" if value.is_none() => {
                    let text = raw()?;
                    value = Some(Cell::Bool(text == "true" || text == "TRUE"));
                }
                "office:value-type" if value.is_none() => is_string = a.value == "string",
                "calcext:value-type" => is_error = a.value == "error",
                "table:formula" => formula = !a.value.is_empty(),
                _ => {}
            }
        }
        let wants_text = (value.is_none() && is_string) || (is_error && empty_string);
        let cell = if wants_text && open {
            let text = self.paragraphs(reader, e.name().as_ref())?;
            let (cell, r) = self.text(&text)?;
            removed = r;
            cell
        } else {
            if open {
                let mut buf = Vec::new();
                reader.read_to_end_into(e.name(), &mut buf)?;
            }
            match value {
                Some(v) => v,
                None if formula && !wants_text => Cell::Uncalculated,
                None => Cell::Empty,
            }
        };
        Ok(Parsed {
            cell,
            removed,
            repeat,
            span,
        })
    }

    /// The text of a string cell: its paragraphs joined by line breaks, comments left out.
    fn paragraphs<R: BufRead>(
        &mut self,
        reader: &mut Reader<R>,
        end: &str,
    ) -> Result<String, Failure> {
        let mut s = String::new();
        let mut first = true;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let more: u64 = match reader.read_event_into(&mut buf)? {
                Event::Text(t) => {
                    let t = t.xml10_content();
                    self.budget(&s, t.len() as u64)?;
                    s.push_str(&t);
                    0
                }
                Event::CData(t) => {
                    self.budget(&s, t.len() as u64)?;
                    s.push_str(&t);
                    0
                }
                Event::GeneralRef(r) => {
                    match quick_xml::escape::resolve_xml_entity(&r) {
                        Some(v) => s.push_str(v),
                        None => {
                            if let Ok(Some(c)) = r.resolve_char_ref() {
                                s.push(c);
                            }
                        }
                    }
                    0
                }
                Event::Start(e) if e.name().as_ref() == "office:annotation" => {
                    let name = e.name().as_ref().to_string();
                    let mut skip_buf = Vec::new();
                    reader.read_to_end_into(QName(&name), &mut skip_buf)?;
                    0
                }
                Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                    "text:p" => {
                        if !first {
                            s.push('\n');
                        }
                        first = false;
                        0
                    }
                    "text:s" => count(&e, "text:c")?,
                    "text:tab" => {
                        s.push('\t');
                        0
                    }
                    "text:line-break" => {
                        s.push('\n');
                        0
                    }
                    _ => 0,
                },
                Event::End(e) if e.name().as_ref() == end => return Ok(s),
                Event::Eof => return Err(Failure::Xml("content.xml 意外结束".to_string())),
                _ => 0,
            };
            if more > 0 {
                // `<text:s text:c="2000000000"/>` is a few bytes asking for 2 GB of spaces.
                self.budget(&s, more)?;
                s.extend(std::iter::repeat_n(' ', more as usize));
            }
        }
    }

    fn budget(&self, so_far: &str, more: u64) -> Result<(), TooLarge> {
        if self
            .text_bytes
            .saturating_add(so_far.len() as u64)
            .saturating_add(more)
            > MAX_SHEET_TEXT_BYTES
        {
            Err(TooLarge::Text)
        } else {
            Ok(())
        }
    }

    /// A text cell; the control character removed, if any, is noted when the cell is placed.
    fn text(&mut self, s: &str) -> Result<(Cell, Option<char>), TooLarge> {
        self.budget("", s.len() as u64)?;
        self.text_bytes += s.len() as u64;
        let (clean, removed) = crate::text::strip_controls(s);
        let cell = if clean.trim().is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Arc::from(clean.as_ref()))
        };
        Ok((cell, removed))
    }

    /// The grid, with the cells whose text lost control characters.
    fn finish(mut self) -> Result<(super::grid::Grid, Controls), TooLarge> {
        let controls = std::mem::take(&mut self.cells.controls);
        Ok((self.cells.finish(&self.merges)?, controls))
    }
}

/// Cells whose text lost control characters: (row, column, first character removed).
type Controls = Vec<(u32, u32, char)>;

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A repeat or span count: a positive integer, 1 when absent.
fn count(e: &BytesStart<'_>, key: &str) -> Result<u64, Failure> {
    match attr(e, key)? {
        None => Ok(1),
        Some(v) => match v.trim().parse::<u64>() {
            Ok(0) | Err(_) => Err(Failure::Xml(format!("{} 的值“{v}”不是正整数", key))),
            Ok(n) => Ok(n),
        },
    }
}

fn attr(e: &BytesStart<'_>, key: &str) -> Result<Option<String>, Failure> {
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|_| Failure::Xml(XML_DAMAGED.to_string()))?;
        if a.key.as_ref() == key {
            return unescape(&a.value).map(Some);
        }
    }
    Ok(None)
}

fn unescape(raw: &str) -> Result<String, Failure> {
    quick_xml::escape::unescape(raw)
        .map(|c| c.into_owned())
        .map_err(|_| Failure::Xml(XML_DAMAGED.to_string()))
}
