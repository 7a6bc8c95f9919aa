//! Opening one workbook from its bytes, whatever its format, and handing its sheets one at a
//! time as sparse grids, within the bounds of [`super::limits`].
//!
//! The format is told from the bytes, not the file name: an OLE compound file is an .xls or an
//! encrypted workbook; a zip is an .xlsx/.xlsm, an .xlsb or an .ods. Every zip part is inflated
//! once first with a byte cap, so a part that inflates beyond the bound is refused before
//! calamine inflates it. .xlsx and .xlsb cells are streamed from calamine's cell readers into
//! the grid (never through calamine's dense ranges); .ods is read by [`super::ods`]; .xls is
//! checked by [`super::xls`] and then read by calamine.

use super::grid::{Cell, Grid, GridBuilder, Merge, TooLarge};
use super::limits::{
    MAX_PART_BYTES, MAX_SHARED_STRINGS, MAX_SHEETS, MAX_STYLE_ATTRIBUTE_BYTES, MAX_STYLE_FORMATS,
};
use calamine::{Data, DataRef, Reader, SheetType, Xls, Xlsb, Xlsx};
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::sync::Arc;

/// Why a whole workbook is not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a workbook, or damaged; the detail says what was found.
    Corrupt(String),
    /// Protected by a password to open.
    Password,
    /// Beyond a bound of [`super::limits`]; the detail says which.
    TooLarge(String),
}

impl Refusal {
    pub fn message(&self) -> String {
        match self {
            Refusal::Corrupt(detail) => {
                format!("文件已损坏或不是有效的工作簿，无法打开（{detail}）")
            }
            Refusal::Password => "工作簿设有打开密码，请取消密码后再提交".to_string(),
            Refusal::TooLarge(detail) => {
                format!("工作簿过大：{detail}，未读取；请删除多余的内容后再提交")
            }
        }
    }
}

/// What became of one sheet.
pub enum SheetOutcome {
    /// The sheet's cells, and the cells whose text lost control characters.
    Grid(Grid, Vec<(u32, u32, char)>),
    TooLarge(TooLarge),
    Unreadable(String),
}

type Bytes = Cursor<Vec<u8>>;

enum Kind {
    Xlsx(Box<Xlsx<Bytes>>),
    Xlsb(Box<Xlsb<Bytes>>),
    Xls(Box<Xls<Bytes>>, HashMap<usize, TooLarge>),
    Ods(Vec<u8>),
}

/// An opened workbook.
pub struct Book {
    kind: Kind,
}

const ZIP: &[u8] = b"PK\x03\x04";
/// What the user is told instead of a library's English error text.
const STRUCTURE: &str = "工作簿内部结构有误，可能不是 Excel/WPS 保存的文件";
const SHEET_STRUCTURE: &str = "工作表内部结构有误";
const DAMAGED_ZIP: &str = "压缩包已损坏，文件可能没有下载或复制完整";
const EMPTY_ZIP: &[u8] = b"PK\x05\x06";

/// calamine can panic on some malformed files; that must cost the file (or sheet), never the
/// run. Every input this module knows to be dangerous is refused before calamine sees it; this
/// net is for what no check foresaw.
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok()
}

impl Book {
    pub fn open(mut bytes: Vec<u8>) -> Result<Book, Refusal> {
        if super::cfb::is_cfb(&bytes) {
            let checked = super::xls::check(&mut bytes)?;
            let refused: HashMap<usize, TooLarge> = checked.refused.into_iter().collect();
            let book = guarded(|| Xls::new(Cursor::new(bytes)))
                .ok_or_else(|| Refusal::Corrupt("读取时出错".to_string()))?
                .map_err(|e| match e {
                    calamine::XlsError::Password => Refusal::Password,
                    _ => Refusal::Corrupt(STRUCTURE.to_string()),
                })?;
            return Ok(Book {
                kind: Kind::Xls(Box::new(book), refused),
            });
        }
        if !(bytes.starts_with(ZIP) || bytes.starts_with(EMPTY_ZIP)) {
            return Err(Refusal::Corrupt(
                "既不是 Excel/WPS 工作簿也不是 OpenDocument 表格".to_string(),
            ));
        }
        let format = prescan_zip(&bytes)?;
        let kind = match format {
            ZipFormat::Ods => Kind::Ods(bytes),
            ZipFormat::Xlsb => {
                let book = guarded(|| Xlsb::new(Cursor::new(bytes)))
                    .ok_or_else(|| Refusal::Corrupt("读取时出错".to_string()))?
                    .map_err(|e| match e {
                        calamine::XlsbError::Password => Refusal::Password,
                        _ => Refusal::Corrupt(STRUCTURE.to_string()),
                    })?;
                Kind::Xlsb(Box::new(book))
            }
            ZipFormat::Xlsx => {
                let book = guarded(|| Xlsx::new(Cursor::new(bytes)))
                    .ok_or_else(|| Refusal::Corrupt("读取时出错".to_string()))?
                    .map_err(|e| match e {
                        calamine::XlsxError::Password => Refusal::Password,
                        _ => Refusal::Corrupt(STRUCTURE.to_string()),
                    })?;
                Kind::Xlsx(Box::new(book))
            }
        };
        Ok(Book { kind })
    }

    /// The sheet names, when the format lists them before the sheets are read (all but .ods).
    pub fn sheet_names(&self) -> Option<Vec<String>> {
        let sheets = match &self.kind {
            Kind::Xlsx(b) => b.sheets_metadata(),
            Kind::Xlsb(b) => b.sheets_metadata(),
            Kind::Xls(b, _) => b.sheets_metadata(),
            Kind::Ods(_) => return None,
        };
        Some(sheets.iter().map(|s| s.name.clone()).collect())
    }

    /// Hands each worksheet to `visit` in order, until it returns false. An error is why the
    /// rest of the workbook could not be read.
    pub fn each_sheet(
        &mut self,
        visit: &mut dyn FnMut(&str, SheetOutcome) -> bool,
    ) -> Result<(), Refusal> {
        match &mut self.kind {
            Kind::Ods(bytes) => read_ods(bytes, visit),
            Kind::Xlsx(book) => each_listed(book.as_mut(), &mut HashMap::new(), xlsx_sheet, visit),
            Kind::Xlsb(book) => each_listed(book.as_mut(), &mut HashMap::new(), xlsb_sheet, visit),
            Kind::Xls(book, refused) => each_listed(book.as_mut(), refused, xls_sheet, visit),
        }
    }
}

/// Hands each worksheet of a book calamine lists to `visit`, in order, until it returns false:
/// a sheet in `refused` (by position) as too large, any other read by `read`, a panic inside
/// calamine costing that sheet only.
fn each_listed<B: Reader<Bytes>>(
    book: &mut B,
    refused: &mut HashMap<usize, TooLarge>,
    read: fn(&mut B, &str) -> SheetOutcome,
    visit: &mut dyn FnMut(&str, SheetOutcome) -> bool,
) -> Result<(), Refusal> {
    let sheets: Vec<(String, SheetType)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.typ))
        .collect();
    for (index, (name, typ)) in sheets.into_iter().enumerate().take(MAX_SHEETS) {
        let outcome = match refused.remove(&index) {
            Some(too_large) => SheetOutcome::TooLarge(too_large),
            None if typ != SheetType::WorkSheet => continue,
            None => guarded(|| read(book, &name))
                .unwrap_or_else(|| SheetOutcome::Unreadable("读取时出错".to_string())),
        };
        if !visit(&name, outcome) {
            break;
        }
    }
    Ok(())
}

fn text_of(b: &mut GridBuilder, row: u32, col: u32, s: &str) -> Cell {
    b.text_cell(row, col, s)
}

/// A calamine value as a cell; text goes through the builder (control characters).
fn cell_of(b: &mut GridBuilder, row: u32, col: u32, d: &DataRef<'_>) -> Cell {
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) | DataRef::DurationIso(s) => text_of(b, row, col, s),
        DataRef::SharedString(s) => text_of(b, row, col, s),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Bool(v) => Cell::Bool(*v),
        DataRef::DateTime(dt) => Cell::Date(dt.as_f64()),
        DataRef::DateTimeIso(s) => match text_of(b, row, col, s) {
            Cell::Text(t) => Cell::DateIso(t),
            other => other,
        },
        DataRef::Error(e) => Cell::Error(Arc::from(e.to_string().as_str())),
    }
}

fn merges_of(dims: Vec<calamine::Dimensions>) -> Vec<Merge> {
    dims.into_iter()
        .map(|d| Merge {
            first: d.start,
            last: d.end,
        })
        .collect()
}

fn finish(mut b: GridBuilder, merges: &[Merge]) -> SheetOutcome {
    let controls = std::mem::take(&mut b.controls);
    match b.finish(merges) {
        Ok(grid) => SheetOutcome::Grid(grid, controls),
        Err(t) => SheetOutcome::TooLarge(t),
    }
}

fn xlsx_sheet(book: &mut Xlsx<Bytes>, name: &str) -> SheetOutcome {
    let mut b = GridBuilder::default();
    {
        let mut cells = match book.worksheet_cells_reader(name) {
            Ok(c) => c,
            Err(_) => return SheetOutcome::Unreadable(SHEET_STRUCTURE.to_string()),
        };
        // Shared strings are used by many cells: each is cleaned once and then shared, with
        // the control character it lost (if any) noted again for every cell using it.
        let mut shared: HashMap<usize, (Cell, Option<char>)> = HashMap::new();
        loop {
            // Formula metadata without expansion: calamine sizes its table of shared formulas
            // by the index a cell claims, which a hostile file sets to four billion.
            let record = match cells.next_cell_with_formula_metadata() {
                Ok(Some(r)) => r,
                Ok(None) => break,
                Err(_) => return SheetOutcome::Unreadable(SHEET_STRUCTURE.to_string()),
            };
            let (row, col) = record.pos;
            let cell = match &record.value {
                DataRef::Empty if record.formula.is_some() => Cell::Uncalculated,
                DataRef::SharedString(s) => match shared.get(&(s.as_ptr() as usize)) {
                    Some((c, removed)) => {
                        if let Some(ch) = removed {
                            b.controls.push((row, col, *ch));
                        }
                        c.clone()
                    }
                    None => {
                        let before = b.controls.len();
                        let c = cell_of(&mut b, row, col, &record.value);
                        let removed = b.controls.get(before).map(|n| n.2);
                        shared.insert(s.as_ptr() as usize, (c.clone(), removed));
                        c
                    }
                },
                v => cell_of(&mut b, row, col, v),
            };
            if let Err(t) = b.put(row, col, cell) {
                return SheetOutcome::TooLarge(t);
            }
        }
    }
    let merges = book.merge_cells_by_sheet_name(name).unwrap_or_default();
    finish(b, &merges_of(merges))
}

fn xlsb_sheet(book: &mut Xlsb<Bytes>, name: &str) -> SheetOutcome {
    let mut b = GridBuilder::default();
    let mut cells = match book.worksheet_cells_reader(name) {
        Ok(c) => c,
        Err(_) => return SheetOutcome::Unreadable(SHEET_STRUCTURE.to_string()),
    };
    loop {
        let c = match cells.next_cell() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(_) => return SheetOutcome::Unreadable(SHEET_STRUCTURE.to_string()),
        };
        let (row, col) = c.get_position();
        let cell = cell_of(&mut b, row, col, c.get_value());
        if let Err(t) = b.put(row, col, cell) {
            return SheetOutcome::TooLarge(t);
        }
    }
    finish(b, &[])
}

fn xls_sheet(book: &mut Xls<Bytes>, name: &str) -> SheetOutcome {
    // Dense, but bounded by the check made before calamine opened the file.
    let range = match book.worksheet_range(name) {
        Ok(r) => r,
        Err(_) => return SheetOutcome::Unreadable(SHEET_STRUCTURE.to_string()),
    };
    let mut b = GridBuilder::default();
    let start = range.start().unwrap_or((0, 0));
    for (row, col, d) in range.used_cells() {
        let (row, col) = (start.0 + row as u32, start.1 + col as u32);
        let cell = match d {
            Data::Empty => continue,
            Data::String(s) | Data::DurationIso(s) => b.text_cell(row, col, s),
            Data::Int(i) => Cell::Number(*i as f64),
            Data::Float(f) => Cell::Number(*f),
            Data::Bool(v) => Cell::Bool(*v),
            Data::DateTime(dt) => Cell::Date(dt.as_f64()),
            Data::DateTimeIso(s) => match b.text_cell(row, col, s) {
                Cell::Text(t) => Cell::DateIso(t),
                other => other,
            },
            Data::Error(e) => Cell::Error(Arc::from(e.to_string().as_str())),
        };
        if let Err(t) = b.put(row, col, cell) {
            return SheetOutcome::TooLarge(t);
        }
    }
    drop(range);
    let merges = book.merge_cells_by_sheet_name(name).unwrap_or_default();
    finish(b, &merges_of(merges))
}

fn read_ods(
    bytes: &[u8],
    visit: &mut dyn FnMut(&str, SheetOutcome) -> bool,
) -> Result<(), Refusal> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| Refusal::Corrupt(DAMAGED_ZIP.to_string()))?;
    let part = zip
        .by_name("content.xml")
        .map_err(|_| Refusal::Corrupt("缺少 content.xml".to_string()))?;
    let reader = std::io::BufReader::new(part.take(MAX_PART_BYTES));
    let mut sheets = 0usize;
    let mut stopped = false;
    let result = super::ods::read(reader, &mut |name, outcome| {
        if stopped {
            return;
        }
        sheets += 1;
        if sheets > MAX_SHEETS || !visit(name, outcome) {
            stopped = true;
        }
    });
    result.map_err(Refusal::Corrupt)
}

enum ZipFormat {
    Xlsx,
    Xlsb,
    Ods,
}

/// Inflates every part once with a byte cap, and checks the parts calamine sizes its tables
/// by. Returns the format the parts show.
fn prescan_zip(bytes: &[u8]) -> Result<ZipFormat, Refusal> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| Refusal::Corrupt(DAMAGED_ZIP.to_string()))?;
    let mut names = Vec::with_capacity(zip.len());
    let mut ods_encrypted = false;
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|_| Refusal::Corrupt(DAMAGED_ZIP.to_string()))?;
        if part.is_dir() {
            continue;
        }
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        if part.encrypted() {
            return Err(Refusal::Password);
        }
        let lower = name.to_ascii_lowercase();
        let limited = (&mut part).take(MAX_PART_BYTES + 1);
        let mut counter = Counter {
            inner: limited,
            count: 0,
        };
        let checked = if lower.ends_with("sharedstrings.xml") {
            check_xml(&mut counter, &name, XmlCheck::SharedStrings)
        } else if lower.ends_with("styles.xml") {
            check_xml(&mut counter, &name, XmlCheck::Styles)
        } else if lower.ends_with("workbook.xml") {
            check_xml(&mut counter, &name, XmlCheck::Workbook)
        } else if lower == "meta-inf/manifest.xml" {
            let mut text = Vec::new();
            counter
                .read_to_end(&mut text)
                .map_err(|_| Refusal::Corrupt(format!("其中的 {name} 已损坏")))?;
            ods_encrypted = text
                .windows(b"encryption-data".len())
                .any(|w| w == b"encryption-data");
            Ok(())
        } else {
            Ok(())
        };
        // The rest of the part (all of it for most parts) is only counted.
        let drained = std::io::copy(&mut counter, &mut std::io::sink());
        if counter.count > MAX_PART_BYTES {
            return Err(Refusal::TooLarge(format!(
                "其中的 {name} 解压后超过 {} MB（可能是“压缩炸弹”）",
                MAX_PART_BYTES / (1024 * 1024)
            )));
        }
        checked?;
        drained.map_err(|_| Refusal::Corrupt(format!("其中的 {name} 已损坏")))?;
        names.push(lower);
    }
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("content.xml") && (has("mimetype") || has("meta-inf/manifest.xml")) {
        if ods_encrypted {
            return Err(Refusal::Password);
        }
        return Ok(ZipFormat::Ods);
    }
    if names.iter().any(|n| n.ends_with("workbook.bin")) {
        return Ok(ZipFormat::Xlsb);
    }
    Ok(ZipFormat::Xlsx)
}

struct Counter<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

#[derive(Clone, Copy)]
enum XmlCheck {
    SharedStrings,
    Styles,
    Workbook,
}

/// Counts what calamine will make a table entry of, before calamine reads the part.
fn check_xml(r: &mut impl Read, name: &str, what: XmlCheck) -> Result<(), Refusal> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(r));
    // As calamine configures its reader, so both read the part alike.
    let config = reader.config_mut();
    config.check_end_names = false;
    config.check_comments = false;
    config.trim_text(false);
    let mut buf = Vec::new();
    let mut count: u64 = 0;
    let too_large = |detail: String| Err(Refusal::TooLarge(format!("其中的 {name} {detail}")));
    loop {
        buf.clear();
        let e = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => e,
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => continue,
            // calamine reads the part with the same parser: it would fail too.
            Err(_) => return Err(Refusal::Corrupt(format!("其中的 {name} 已损坏"))),
        };
        let local = e.local_name();
        match (what, local.as_ref()) {
            (XmlCheck::SharedStrings, "sst") => {
                for a in e.attributes().with_checks(false).flatten() {
                    if a.key.local_name().as_ref() == "uniqueCount"
                        && a.value
                            .trim()
                            .parse::<u64>()
                            .is_ok_and(|n| n > MAX_SHARED_STRINGS)
                    {
                        return too_large(format!(
                            "声明了 {} 个共享字符串，最多 {MAX_SHARED_STRINGS} 个",
                            a.value
                        ));
                    }
                }
            }
            (XmlCheck::SharedStrings, "si") => {
                count += 1;
                if count > MAX_SHARED_STRINGS {
                    return too_large(format!("有超过 {MAX_SHARED_STRINGS} 个共享字符串"));
                }
            }
            (XmlCheck::Styles, tag) => {
                if tag == "xf" {
                    count += 1;
                    if count > MAX_STYLE_FORMATS {
                        return too_large(format!("有超过 {MAX_STYLE_FORMATS} 个单元格格式"));
                    }
                }
                for a in e.attributes().with_checks(false).flatten() {
                    if a.value.len() > MAX_STYLE_ATTRIBUTE_BYTES {
                        return too_large(format!("的属性值超过 {MAX_STYLE_ATTRIBUTE_BYTES} 字节"));
                    }
                }
            }
            (XmlCheck::Workbook, "sheet") => {
                count += 1;
                if count > MAX_SHEETS as u64 {
                    return too_large(format!("列出了超过 {MAX_SHEETS} 张工作表"));
                }
            }
            _ => {}
        }
    }
}
