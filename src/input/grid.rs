//! A sheet as a grid of cell values in absolute coordinates (A1 = row 0, column 0), with merged
//! regions resolved the way a reader of the printed form sees them.

use calamine::{Data, Dimensions, Range};

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// An Excel date cell, as its serial day number.
    Date(f64),
    /// A date stored as ISO text (OpenDocument).
    DateIso(String),
    Bool(bool),
    Error(String),
}

impl Cell {
    fn from_data(d: &Data) -> Cell {
        match d {
            Data::Empty => Cell::Empty,
            Data::String(s) if s.trim().is_empty() => Cell::Empty,
            Data::String(s) => Cell::Text(s.clone()),
            Data::Int(i) => Cell::Number(*i as f64),
            Data::Float(f) => Cell::Number(*f),
            Data::Bool(b) => Cell::Bool(*b),
            Data::DateTime(dt) => Cell::Date(dt.as_f64()),
            Data::DateTimeIso(s) => Cell::DateIso(s.clone()),
            Data::DurationIso(s) => Cell::Text(s.clone()),
            Data::Error(e) => Cell::Error(format!("{e}")),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell as the text a person reads, width-folded and trimmed.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) | Cell::DateIso(s) => crate::text::clean(s),
            Cell::Number(n) => crate::text::decimal_from_f64(*n)
                .map(crate::text::fmt_dec)
                .unwrap_or_default(),
            Cell::Date(serial) => crate::text::Date::from_excel_serial(*serial)
                .map(|d| d.to_string())
                .unwrap_or_default(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(e) => e.clone(),
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
            Cell::Text(s) => format!("“{}”", s.trim()),
            Cell::Error(e) => format!("错误值 {e}"),
            other => other.text(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Grid {
    rows: Vec<Vec<Cell>>,
}

impl Grid {
    /// Builds the grid from a calamine range (which starts at its first used cell, not at A1).
    /// A merged region's value is repeated down its first column, so a hall name merged over
    /// several rows belongs to each of them, while a caption merged across columns stays in
    /// its first column only.
    pub fn new(range: &Range<Data>, merges: &[Dimensions]) -> Grid {
        let Some((r0, c0)) = range.start() else {
            return Grid::default();
        };
        // Size the grid by the cells that hold values: a sheet formatted down to row 1,048,576
        // has an enormous range and a handful of values.
        let (mut r1, mut c1) = (0u32, 0u32);
        let mut any = false;
        for (r, c, d) in range.used_cells() {
            if !matches!(d, Data::Empty) {
                any = true;
                r1 = r1.max(r0 + r as u32);
                c1 = c1.max(c0 + c as u32);
            }
        }
        if !any {
            return Grid::default();
        }
        let width = (c1 + 1) as usize;
        let mut rows = vec![vec![Cell::Empty; width]; (r1 + 1) as usize];
        for (r, c, d) in range.used_cells() {
            let (r, c) = (r0 + r as u32, c0 + c as u32);
            if !matches!(d, Data::Empty) && r <= r1 && c <= c1 {
                rows[r as usize][c as usize] = Cell::from_data(d);
            }
        }
        let mut grid = Grid { rows };
        for m in merges {
            let value = grid.get(m.start.0, m.start.1).clone();
            if value.is_empty() {
                continue;
            }
            if m.start.1 > c1 {
                continue;
            }
            for r in m.start.0 + 1..=m.end.0.min(r1) {
                let slot = &mut grid.rows[r as usize][m.start.1 as usize];
                if slot.is_empty() {
                    *slot = value.clone();
                }
            }
        }
        grid
    }

    #[cfg(test)]
    pub fn from_rows(rows: Vec<Vec<Cell>>) -> Grid {
        Grid { rows }
    }

    pub fn height(&self) -> u32 {
        self.rows.len() as u32
    }

    pub fn get(&self, row: u32, col: u32) -> &Cell {
        self.rows
            .get(row as usize)
            .and_then(|r| r.get(col as usize))
            .unwrap_or(&Cell::Empty)
    }

    pub fn row(&self, row: u32) -> &[Cell] {
        self.rows
            .get(row as usize)
            .map(|r| r.as_slice())
            .unwrap_or(&[])
    }

    pub fn is_blank_row(&self, row: u32) -> bool {
        self.row(row).iter().all(Cell::is_empty)
    }

    pub fn is_empty(&self) -> bool {
        self.rows.iter().all(|r| r.iter().all(Cell::is_empty))
    }
}
