//! A sheet as a sparse grid of cell values in absolute coordinates (A1 = row 0, column 0), with
//! merged regions resolved the way a reader of the printed form sees them.
//!
//! Only cells holding something are stored, row by row, so memory follows the number of values
//! and never the distance between them: a value at A1 and one at GR100000 cost two cells.

use super::limits::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Text without control characters; never blank.
    Text(Arc<str>),
    Number(f64),
    /// An Excel date cell, as its serial day number.
    Date(f64),
    /// A date stored as ISO text (OpenDocument).
    DateIso(Arc<str>),
    Bool(bool),
    Error(Arc<str>),
    /// A formula whose result was never calculated: the file was written by a program and never
    /// opened and saved in Excel or WPS, so the value a reader would see is unknown.
    Uncalculated,
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// Whether the cell holds a value (an uncalculated formula holds none yet).
    pub fn has_value(&self) -> bool {
        !matches!(self, Cell::Empty | Cell::Uncalculated)
    }

    /// The cell as the text a person reads, width-folded and trimmed.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty | Cell::Uncalculated => String::new(),
            Cell::Text(s) | Cell::DateIso(s) => crate::text::clean(s),
            Cell::Number(n) => crate::text::decimal_from_f64(*n)
                .map(crate::text::fmt_dec)
                .unwrap_or_else(|| format!("{n}")),
            Cell::Date(serial) => crate::text::Date::from_excel_serial(*serial)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(e) => e.to_string(),
        }
    }

    /// The cell as written, only trimmed: for free text shown back in documents, where
    /// full-width punctuation must stay full-width.
    pub fn display_text(&self) -> String {
        match self {
            Cell::Text(s) => s.trim().to_string(),
            other => other.text(),
        }
    }

    /// How the cell is quoted back to the user in a message.
    pub fn shown(&self) -> String {
        match self {
            Cell::Text(s) => {
                let t = s.trim();
                // A message quoting a whole page of text helps nobody.
                match t.char_indices().nth(40) {
                    Some((at, _)) => format!("“{}…”", &t[..at]),
                    None => format!("“{t}”"),
                }
            }
            Cell::Error(e) => format!("错误值 {e}"),
            Cell::Uncalculated => "没有计算结果的公式".to_string(),
            other => other.text(),
        }
    }
}

/// One merged region, inclusive, in absolute coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first: (u32, u32),
    pub last: (u32, u32),
}

#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// Per row, the cells holding something, by column.
    rows: Vec<Vec<(u32, Cell)>>,
}

/// Which bound of [`super::limits`] a sheet goes beyond.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TooLarge {
    /// A value in this 0-based row.
    Row(u32),
    /// A value in this 0-based column.
    Column(u32),
    Cells,
    /// The text of the sheet's cells, in bytes, once repeated cells are expanded.
    Text,
    /// A bound of a format's own reader, explained.
    Other(String),
}

impl TooLarge {
    /// `工作表过大：…` with the bound that was passed.
    pub fn message(&self) -> String {
        let why = match self {
            TooLarge::Row(r) => format!(
                "第 {} 行有内容，每张工作表最多读取 {} 行",
                u64::from(*r) + 1,
                MAX_ROWS
            ),
            TooLarge::Column(c) => format!(
                "第 {} 列（{} 列）有内容，每张工作表最多读取 {} 列（到 {} 列）",
                u64::from(*c) + 1,
                column_letters(*c),
                MAX_COLUMNS,
                column_letters(MAX_COLUMNS - 1)
            ),
            TooLarge::Cells => format!("有内容的单元格（含合并单元格）超过 {MAX_CELLS} 个"),
            TooLarge::Text => format!(
                "单元格文字合计超过 {} MB",
                super::limits::MAX_SHEET_TEXT_BYTES / (1024 * 1024)
            ),
            TooLarge::Other(s) => s.clone(),
        };
        format!("工作表过大：{why}，未读取；请删除多余的行、列和内容后再提交")
    }
}

fn column_letters(col: u32) -> String {
    let a1 = crate::text::a1(0, col);
    a1.trim_end_matches('1').to_string()
}

/// Collects a sheet's cells in any order, enforcing the bounds as each one arrives.
#[derive(Debug, Default)]
pub struct GridBuilder {
    rows: Vec<Vec<(u32, Cell)>>,
    cells: usize,
    /// Rows whose cells did not arrive in column order.
    unsorted: bool,
    /// Cells whose text lost control characters: (row, column, first character removed).
    pub controls: Vec<(u32, u32, char)>,
}

impl GridBuilder {
    /// Adds a cell; empty cells are not stored. Fails when the sheet goes beyond a bound.
    pub fn put(&mut self, row: u32, col: u32, cell: Cell) -> Result<(), TooLarge> {
        if cell.is_empty() {
            return Ok(());
        }
        if row >= MAX_ROWS {
            return Err(TooLarge::Row(row));
        }
        if col >= MAX_COLUMNS {
            return Err(TooLarge::Column(col));
        }
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(TooLarge::Cells);
        }
        let r = row as usize;
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let cells = &mut self.rows[r];
        if cells.last().is_some_and(|(c, _)| *c >= col) {
            self.unsorted = true;
        }
        cells.push((col, cell));
        Ok(())
    }

    /// Text for a cell: blank text is an empty cell, control characters are removed (and the
    /// cell remembered for a warning).
    pub fn text_cell(&mut self, row: u32, col: u32, s: &str) -> Cell {
        let (clean, removed) = crate::text::strip_controls(s);
        if let Some(c) = removed {
            self.controls.push((row, col, c));
        }
        if clean.trim().is_empty() {
            Cell::Empty
        } else {
            Cell::Text(Arc::from(clean.as_ref()))
        }
    }

    /// Number of cells stored so far.
    pub fn len(&self) -> usize {
        self.cells
    }

    /// The grid, with each merged region's value repeated down its first column, so a hall name
    /// merged over several rows belongs to each of them, while a caption merged across columns
    /// stays in its first column only. Filling counts against the cell bound like any cell.
    pub fn finish(mut self, merges: &[Merge]) -> Result<Grid, TooLarge> {
        if self.unsorted {
            for row in &mut self.rows {
                // Stable: of two cells at one position the later one wins, as in calamine.
                row.sort_by_key(|(c, _)| *c);
                dedup_keep_last(row);
            }
        }
        let mut grid = Grid { rows: self.rows };
        let height = grid.height();
        // Overlapping or absurd regions could make filling loop far longer than the cells it
        // adds; every step is bounded by the cell bound, like the cells themselves.
        let mut steps = 0usize;
        let mut cells = grid.rows.iter().map(Vec::len).sum::<usize>();
        for m in merges {
            let (r0, c0) = m.first;
            if r0 >= height || m.last.0 <= r0 {
                continue;
            }
            let value = grid.get(r0, c0).clone();
            if !value.has_value() {
                continue;
            }
            for r in r0 + 1..=m.last.0.min(height - 1) {
                steps += 1;
                if steps > MAX_CELLS {
                    return Err(TooLarge::Cells);
                }
                let row = &mut grid.rows[r as usize];
                if let Err(at) = row.binary_search_by_key(&c0, |(c, _)| *c) {
                    cells += 1;
                    if cells > MAX_CELLS {
                        return Err(TooLarge::Cells);
                    }
                    row.insert(at, (c0, value.clone()));
                }
            }
        }
        Ok(grid)
    }
}

fn dedup_keep_last(row: &mut Vec<(u32, Cell)>) {
    let mut out: Vec<(u32, Cell)> = Vec::with_capacity(row.len());
    for (c, cell) in row.drain(..) {
        match out.last_mut() {
            Some(last) if last.0 == c => *last = (c, cell),
            _ => out.push((c, cell)),
        }
    }
    *row = out;
}

impl Grid {
    #[cfg(test)]
    pub fn from_rows(rows: Vec<Vec<Cell>>) -> Grid {
        let mut b = GridBuilder::default();
        for (r, row) in rows.into_iter().enumerate() {
            for (c, cell) in row.into_iter().enumerate() {
                b.put(r as u32, c as u32, cell).expect("small test grid");
            }
        }
        b.finish(&[]).expect("small test grid")
    }

    /// Number of cells holding something.
    pub fn cell_count(&self) -> usize {
        self.rows.iter().map(Vec::len).sum()
    }

    /// One past the last row holding a cell.
    pub fn height(&self) -> u32 {
        self.rows.len() as u32
    }

    pub fn get(&self, row: u32, col: u32) -> &Cell {
        self.rows
            .get(row as usize)
            .and_then(|r| {
                r.binary_search_by_key(&col, |(c, _)| *c)
                    .ok()
                    .map(|i| &r[i].1)
            })
            .unwrap_or(&Cell::Empty)
    }

    /// The cells of a row holding something, by column.
    pub fn row(&self, row: u32) -> &[(u32, Cell)] {
        self.rows
            .get(row as usize)
            .map(|r| r.as_slice())
            .unwrap_or(&[])
    }

    /// No cell of the row holds a value (uncalculated formulas hold none).
    pub fn is_blank_row(&self, row: u32) -> bool {
        !self.row(row).iter().any(|(_, c)| c.has_value())
    }

    pub fn is_empty(&self) -> bool {
        self.rows.iter().all(|r| r.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(Arc::from(s))
    }

    #[test]
    fn far_apart_cells_cost_two_cells() {
        let mut b = GridBuilder::default();
        b.put(0, 0, text("a")).unwrap();
        b.put(MAX_ROWS - 1, MAX_COLUMNS - 1, Cell::Number(1.0))
            .unwrap();
        let g = b.finish(&[]).unwrap();
        assert_eq!(g.height(), MAX_ROWS);
        assert_eq!(g.row(MAX_ROWS - 1).len(), 1);
        assert_eq!(g.get(MAX_ROWS - 1, MAX_COLUMNS - 1), &Cell::Number(1.0));
        assert_eq!(g.get(5, 5), &Cell::Empty);
    }

    #[test]
    fn bounds_are_enforced_as_cells_arrive() {
        let mut b = GridBuilder::default();
        assert_eq!(
            b.put(MAX_ROWS, 0, Cell::Number(1.0)),
            Err(TooLarge::Row(MAX_ROWS))
        );
        assert_eq!(
            b.put(0, 16_383, Cell::Number(1.0)),
            Err(TooLarge::Column(16_383))
        );
        // Far-away empty cells are not values and cost nothing.
        assert_eq!(b.put(1_048_575, 16_383, Cell::Empty), Ok(()));
        assert!(TooLarge::Column(16_383).message().contains("XFD"));
        assert!(TooLarge::Row(1_048_575).message().contains("第 1048576 行"));
    }

    #[test]
    fn out_of_order_cells_are_sorted_and_the_last_wins() {
        let mut b = GridBuilder::default();
        b.put(0, 3, text("d")).unwrap();
        b.put(0, 1, text("b")).unwrap();
        b.put(0, 3, text("D")).unwrap();
        let g = b.finish(&[]).unwrap();
        let cols: Vec<u32> = g.row(0).iter().map(|(c, _)| *c).collect();
        assert_eq!(cols, [1, 3]);
        assert_eq!(g.get(0, 3), &text("D"));
    }

    #[test]
    fn merged_value_fills_down_its_first_column_only() {
        let mut b = GridBuilder::default();
        b.put(0, 0, text("甲大厅")).unwrap();
        b.put(0, 1, text("x")).unwrap();
        b.put(2, 1, text("y")).unwrap();
        let merges = [
            Merge {
                first: (0, 0),
                last: (1_048_575, 0),
            },
            Merge {
                first: (0, 1),
                last: (0, 5),
            },
        ];
        let g = b.finish(&merges).unwrap();
        // Filled down only as far as the sheet has rows.
        assert_eq!(g.height(), 3);
        assert_eq!(g.get(2, 0), &text("甲大厅"));
        assert_eq!(g.get(0, 2), &Cell::Empty);
    }

    #[test]
    fn control_characters_are_noted_per_cell() {
        let mut b = GridBuilder::default();
        let c = b.text_cell(4, 2, "甲\u{0}大厅");
        assert_eq!(c, text("甲大厅"));
        assert_eq!(b.text_cell(4, 3, "\u{7}\t"), Cell::Empty);
        assert_eq!(b.controls, [(4, 2, '\u{0}'), (4, 3, '\u{7}')]);
    }
}
