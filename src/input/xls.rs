//! Checks an .xls workbook (BIFF records in an OLE compound file) before calamine reads it.
//!
//! calamine reads every sheet of an .xls when the file is opened, each into a dense rectangle
//! from its first to its last cell (32 bytes per cell, plus 24 per cell of the rectangle of
//! formulas), copies a shared string into every cell using it and reserves room for the cells a
//! sheet's DIMENSIONS record claims. Two cells at A1 and IV65536 cost 512 MB; a DIMENSIONS
//! record claiming 4 billion rows aborts the process; one long shared string used by every
//! cell multiplies. So the records are walked here first, the way calamine walks them, and the
//! cost of each sheet is added up. A sheet beyond a bound is reported and taken out of the file
//! before calamine sees it: its BOUNDSHEET record is pointed at the end of the stream, where
//! calamine finds no records. A DIMENSIONS record claiming more than a sheet may hold is
//! zeroed (calamine uses it only to reserve memory).

use super::Refusal;
use super::cfb::{Cfb, Stream};
use super::grid::TooLarge;
use super::limits::{
    MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_SHARED_STRINGS, MAX_SHEET_TEXT_BYTES, MAX_SHEETS,
    MAX_XLS_AREA, MAX_XLS_FORMULA_BYTES,
};

/// A CONTINUE run longer than this is refused: calamine takes continuation records off the
/// front of a list one by one, so a long run costs time by its square.
const MAX_CONTINUES: usize = 16_384;

/// The outcome of the check: sheets (by position) taken out of the file and why.
pub struct Checked {
    pub refused: Vec<(usize, TooLarge)>,
}

struct Record<'a> {
    typ: u16,
    /// Offset of the record's data in the stream.
    at: usize,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

/// calamine's record iterator, which merges CONTINUE records into the record before them.
fn records(stream: &[u8], from: usize) -> impl Iterator<Item = Result<Record<'_>, Refusal>> {
    let mut pos = from;
    std::iter::from_fn(move || {
        let rest = stream.get(pos..)?;
        if rest.is_empty() {
            return None;
        }
        if rest.len() < 4 {
            return Some(Err(corrupt("记录不完整")));
        }
        let typ = u16::from_le_bytes([rest[0], rest[1]]);
        let len = u16::from_le_bytes([rest[2], rest[3]]) as usize;
        let Some(data) = rest.get(4..4 + len) else {
            return Some(Err(corrupt("记录长度超出文件")));
        };
        let at = pos + 4;
        pos += 4 + len;
        let mut cont = Vec::new();
        while let Some(next) = stream.get(pos..).filter(|n| n.len() > 4) {
            if u16::from_le_bytes([next[0], next[1]]) != 0x003C {
                break;
            }
            let l = u16::from_le_bytes([next[2], next[3]]) as usize;
            let Some(d) = next.get(4..4 + l) else {
                return Some(Err(corrupt("续记录长度超出文件")));
            };
            cont.push(d);
            pos += 4 + l;
            if cont.len() > MAX_CONTINUES {
                return Some(Err(corrupt("续记录过多")));
            }
        }
        Some(Ok(Record {
            typ,
            at,
            data,
            cont,
        }))
    })
}

fn corrupt(what: &str) -> Refusal {
    Refusal::Corrupt(format!("工作簿结构有误（{what}）"))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// Checks the file and patches it in place so that calamine reads only what fits.
pub fn check(file: &mut [u8]) -> Result<Checked, Refusal> {
    let cfb = Cfb::parse(file).map_err(|e| Refusal::Corrupt(format!("文件结构有误（{e}）")))?;
    if cfb.has("EncryptedPackage") || cfb.has("EncryptionInfo") {
        return Err(Refusal::Password);
    }
    let stream = match cfb.stream(file, "Workbook") {
        Ok(Some(s)) => s,
        Ok(None) => match cfb.stream(file, "Book") {
            Ok(Some(s)) => s,
            Ok(None) => {
                return Err(Refusal::Corrupt(
                    "文件中没有工作簿数据（不是 Excel 工作簿）".to_string(),
                ));
            }
            Err(e) => return Err(Refusal::Corrupt(format!("文件结构有误（{e}）"))),
        },
        Err(e) => return Err(Refusal::Corrupt(format!("文件结构有误（{e}）"))),
    };
    let globals = scan_globals(&stream.bytes)?;
    if globals.password {
        return Err(Refusal::Password);
    }
    if globals.sheets.len() > MAX_SHEETS {
        return Err(Refusal::TooLarge(format!(
            "工作簿有 {} 张工作表，最多 {MAX_SHEETS} 张",
            globals.sheets.len()
        )));
    }
    let mut patches: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut refused = Vec::new();
    let mut area_left = MAX_XLS_AREA;
    let mut text_left = MAX_SHEET_TEXT_BYTES;
    let mut formula_left = MAX_XLS_FORMULA_BYTES;
    for (index, sheet) in globals.sheets.iter().enumerate() {
        let cost = scan_sheet(&stream.bytes, sheet.pos, &globals, &mut patches)?;
        let verdict = cost.verdict(area_left, text_left, formula_left);
        match verdict {
            Some(too_large) => {
                // Pointing the sheet at the end of the stream leaves calamine nothing to read.
                let end = u32::try_from(stream.bytes.len()).unwrap_or(u32::MAX);
                patches.push((sheet.record_at, end.to_le_bytes().to_vec()));
                refused.push((index, too_large));
            }
            None => {
                area_left -= cost.area();
                text_left -= cost.text;
                formula_left -= cost.formula_bytes;
            }
        }
    }
    for (at, bytes) in patches {
        write(file, &stream, at, &bytes)?;
    }
    Ok(Checked { refused })
}

fn write(file: &mut [u8], stream: &Stream, at: usize, bytes: &[u8]) -> Result<(), Refusal> {
    for (k, b) in bytes.iter().enumerate() {
        let o = stream
            .file_offset(at + k)
            .filter(|o| *o < file.len())
            .ok_or_else(|| corrupt("记录位置超出文件"))?;
        file[o] = *b;
    }
    Ok(())
}

struct SheetEntry {
    /// Offset of the sheet's records in the stream.
    pos: usize,
    /// Offset of the BOUNDSHEET record's data (its first field is `pos`).
    record_at: usize,
}

struct Globals {
    password: bool,
    sheets: Vec<SheetEntry>,
    /// Characters of each shared string.
    sst: Vec<u32>,
    /// Longest defined name and sheet name, in characters: formula text repeats them.
    longest_name: u64,
}

fn scan_globals(stream: &[u8]) -> Result<Globals, Refusal> {
    let mut g = Globals {
        password: false,
        sheets: Vec::new(),
        sst: Vec::new(),
        longest_name: 31,
    };
    for r in records(stream, 0) {
        let r = r?;
        match r.typ {
            // FILEPASS: the records after it are encrypted (calamine only notices some kinds).
            0x002F => {
                g.password = true;
                return Ok(g);
            }
            0x0085 => {
                let pos = u32_at(r.data, 0).ok_or_else(|| corrupt("工作表记录过短"))? as usize;
                if pos > stream.len() {
                    return Err(corrupt("工作表位置超出文件"));
                }
                if let Some(&cch) = r.data.get(6) {
                    g.longest_name = g.longest_name.max(u64::from(cch));
                }
                g.sheets.push(SheetEntry {
                    pos,
                    record_at: r.at,
                });
                if g.sheets.len() > MAX_SHEETS {
                    return Ok(g);
                }
            }
            0x0018 => {
                if let Some(&cch) = r.data.get(3) {
                    g.longest_name = g.longest_name.max(u64::from(cch));
                }
            }
            0x00FC => g.sst = shared_string_lengths(&r)?,
            0x000A => break,
            _ => {}
        }
    }
    Ok(g)
}

/// The character count of each string of the SST record, walked as calamine walks it.
fn shared_string_lengths(r: &Record<'_>) -> Result<Vec<u32>, Refusal> {
    let mut data = r.data.get(8..).ok_or_else(|| corrupt("共享字符串表过短"))?;
    let mut conts = r.cont.iter();
    let mut out = Vec::new();
    let too_short = || corrupt("共享字符串表不完整");
    loop {
        if data.is_empty() {
            match conts.next() {
                Some(c) => {
                    data = c;
                    continue;
                }
                None => break,
            }
        }
        if data.len() < 3 {
            return Err(too_short());
        }
        let cch = u16::from_le_bytes([data[0], data[1]]) as usize;
        let flags = data[2];
        data = &data[3..];
        let mut runs = 0usize;
        let mut ext = 0usize;
        if flags & 0x8 != 0 {
            runs = u16_at(data, 0).ok_or_else(too_short)? as usize;
            data = &data[2..];
        }
        if flags & 0x4 != 0 {
            ext = u32_at(data, 0).ok_or_else(too_short)? as usize;
            data = &data[4..];
        }
        let mut high = flags & 0x1 != 0;
        let mut left = cch;
        while left > 0 {
            let l = if high {
                (data.len() / 2).min(left)
            } else {
                data.len().min(left)
            };
            data = &data[if high { 2 * l } else { l }..];
            left -= l;
            if left > 0 {
                let c = conts.next().ok_or_else(too_short)?;
                let (&flag, rest) = c.split_first().ok_or_else(too_short)?;
                high = flag & 0x1 != 0;
                data = rest;
            }
        }
        let mut skip = runs.saturating_mul(4).saturating_add(ext);
        while skip > 0 {
            if data.is_empty() {
                data = conts.next().ok_or_else(too_short)?;
                continue;
            }
            let l = skip.min(data.len());
            data = &data[l..];
            skip -= l;
        }
        out.push(cch as u32);
        if out.len() as u64 > MAX_SHARED_STRINGS {
            return Err(Refusal::TooLarge(format!(
                "共享字符串超过 {MAX_SHARED_STRINGS} 个"
            )));
        }
    }
    Ok(out)
}

/// What calamine will spend on one sheet.
#[derive(Default)]
struct Cost {
    cells: u64,
    values: Option<(u32, u32, u32, u32)>,
    formulas: Option<(u32, u32, u32, u32)>,
    text: u64,
    formula_bytes: u64,
}

fn grow(b: &mut Option<(u32, u32, u32, u32)>, row: u32, col: u32) {
    *b = Some(match *b {
        None => (row, col, row, col),
        Some((r0, c0, r1, c1)) => (r0.min(row), c0.min(col), r1.max(row), c1.max(col)),
    });
}

fn area(b: Option<(u32, u32, u32, u32)>) -> u64 {
    b.map_or(0, |(r0, c0, r1, c1)| {
        (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
    })
}

impl Cost {
    fn area(&self) -> u64 {
        area(self.values) + area(self.formulas)
    }

    fn verdict(&self, area_left: u64, text_left: u64, formula_left: u64) -> Option<TooLarge> {
        let (_, _, r1, c1) = self.values.or(self.formulas)?;
        if r1 >= MAX_ROWS {
            return Some(TooLarge::Row(r1));
        }
        if c1 >= MAX_COLUMNS {
            return Some(TooLarge::Column(c1));
        }
        if self.cells > MAX_CELLS as u64 {
            return Some(TooLarge::Cells);
        }
        if self.area() > area_left {
            return Some(TooLarge::Other(format!(
                ".xls 工作簿各工作表从第一个到最后一个有内容的单元格所占的矩形区域合计超过 {MAX_XLS_AREA} 个单元格"
            )));
        }
        if self.text > text_left {
            return Some(TooLarge::Text);
        }
        if self.formula_bytes > formula_left {
            return Some(TooLarge::Other(format!(
                ".xls 工作簿的公式合计超过 {} MB",
                MAX_XLS_FORMULA_BYTES / (1024 * 1024)
            )));
        }
        None
    }
}

fn scan_sheet(
    stream: &[u8],
    pos: usize,
    g: &Globals,
    patches: &mut Vec<(usize, Vec<u8>)>,
) -> Result<Cost, Refusal> {
    let mut c = Cost::default();
    let mut seen_bof = false;
    let mut depth = 0usize;
    // Formula text repeats sheet and defined names: a reference of a few bytes can become
    // several hundred bytes of text.
    let factor = 16u64.max((g.longest_name * 3 + 40) / 5 + 1);
    let cell = |c: &mut Cost, data: &[u8]| -> Option<(u32, u32)> {
        let row = u32::from(u16_at(data, 0)?);
        let col = u32::from(u16_at(data, 2)?);
        c.cells += 1;
        grow(&mut c.values, row, col);
        Some((row, col))
    };
    for r in records(stream, pos) {
        let r = r?;
        if depth > 0 {
            match r.typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match r.typ {
            0x0809 => {
                if seen_bof {
                    depth += 1;
                } else {
                    seen_bof = true;
                }
            }
            // Only a reservation hint to calamine; an empty one is harmless.
            0x0200 if dimensions_area(r.data) > MAX_XLS_AREA => {
                patches.push((r.at, vec![0; r.data.len().min(12)]));
            }
            0x0203 | 0x0205 | 0x027E => {
                cell(&mut c, r.data);
            }
            0x0204 | 0x00D6 => {
                cell(&mut c, r.data);
                c.text += 2 * r.data.len() as u64;
            }
            0x0207 => c.text += 2 * r.data.len() as u64,
            0x00FD => {
                cell(&mut c, r.data);
                if let Some(i) = u32_at(r.data, 6) {
                    let chars = g.sst.get(i as usize).copied().unwrap_or(0);
                    c.text += 3 * u64::from(chars);
                }
            }
            0x00BD => {
                let (Some(row), Some(first)) = (u16_at(r.data, 0), u16_at(r.data, 2)) else {
                    continue;
                };
                let last = r
                    .data
                    .len()
                    .checked_sub(2)
                    .and_then(|at| u16_at(r.data, at))
                    .unwrap_or(first);
                if last >= first {
                    c.cells += u64::from(last - first) + 1;
                    grow(&mut c.values, u32::from(row), u32::from(first));
                    grow(&mut c.values, u32::from(row), u32::from(last));
                }
            }
            0x0006 => {
                if let Some((row, col)) = cell(&mut c, r.data) {
                    grow(&mut c.formulas, row, col);
                    c.formula_bytes += (r.data.len() as u64).saturating_mul(factor);
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    Ok(c)
}

/// The number of cells calamine reserves room for on a DIMENSIONS record, computed as it does
/// (in 32 bits, wrapping) and saturating where it saturates.
fn dimensions_area(d: &[u8]) -> u64 {
    let (rf, rl, mut cf, cl) = match d.len() {
        10 => (
            u32::from(u16_at(d, 0).unwrap_or(0)),
            u32::from(u16_at(d, 2).unwrap_or(0)),
            u32::from(u16_at(d, 4).unwrap_or(0)),
            u32::from(u16_at(d, 6).unwrap_or(0)),
        ),
        14 | 16 => (
            u32_at(d, 0).unwrap_or(0),
            u32_at(d, 4).unwrap_or(0),
            u32::from(u16_at(d, 8).unwrap_or(0)),
            u32::from(u16_at(d, 10).unwrap_or(0)),
        ),
        _ => return 0,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    if rl < 1 || cl < 1 {
        return 1;
    }
    let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1) as u64;
    let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1) as u64;
    rows.saturating_mul(cols)
}
