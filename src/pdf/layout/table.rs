//! Tables: column edges from the width weights, cells set in balanced lines, rows as blocks
//! that keep two rows on each page, header rows recorded to repeat after a page break, rows
//! taller than half a page sliced by text line, notes under the table.

use super::BLACK;
use super::flow::{Builder, Flow, ParaStyle, balanced, paragraph, two_lines_each_side};
use crate::doc::{Align, Table, TableSize};
use crate::pdf::PdfError;
use crate::pdf::fonts::FontRole;
use crate::pdf::geom::*;
use crate::pdf::page::{Glyph, Mark, TextLine};

impl Builder<'_, '_> {
    /// A table row taller than half a page, as slices of one text line each (the first and last
    /// carrying the padding), top-aligned, so the page breaks between any two of its lines.
    #[allow(clippy::too_many_arguments)]
    fn tall_row(
        &mut self,
        mut cells: Vec<Vec<Vec<Glyph>>>,
        xs: &[f32],
        lines: usize,
        line_h: f32,
        size: f32,
        pad_v: f32,
        tid: usize,
    ) {
        let lw = 0.5;
        let mut columns: Vec<std::vec::IntoIter<Vec<Glyph>>> =
            cells.drain(..).map(|c| c.into_iter()).collect();
        for l in 0..lines {
            let (first, last) = (l == 0, l + 1 == lines);
            let top = if first { pad_v } else { 0.0 };
            let height = top + line_h + if last { pad_v } else { 0.0 };
            let mut marks = Vec::new();
            for column in columns.iter_mut() {
                if let Some(glyphs) = column.next() {
                    marks.push(Mark::Text(TextLine::upright(
                        glyphs,
                        size,
                        baseline_in(top, line_h, size),
                        BLACK,
                        self.part,
                    )));
                }
            }
            if first {
                marks.push(rule(LEFT, 0.0, RIGHT, 0.0, lw));
            }
            if last {
                marks.push(rule(LEFT, height, RIGHT, height, lw));
            }
            for x in xs {
                marks.push(rule(*x, 0.0, *x, height, lw));
            }
            self.flow.push(Flow::Block {
                height,
                marks,
                // never a lone first or last line of the row on a page
                keep: first || l + 2 == lines,
                table: Some((tid, false)),
            });
        }
    }

    pub(super) fn table(&mut self, t: &Table) -> Result<(), PdfError> {
        let (size, line_h) = match t.size {
            TableSize::Normal => (SIZE_4, SIZE_4 * 1.4),
            TableSize::Small => (SIZE_S4, SIZE_S4 * 1.4),
            TableSize::Tiny => (SIZE_5, SIZE_5 * 1.4),
        };
        let pad_v = size * 0.35;
        let pad_h = size * 0.4;
        let n = t.columns();
        let weights: Vec<f32> = if t.widths.len() == n {
            t.widths.clone()
        } else {
            vec![1.0; n]
        };
        let total: f32 = weights.iter().sum();
        let mut xs = vec![LEFT];
        for w in &weights {
            let last = *xs.last().unwrap_or(&LEFT);
            xs.push(last + WIDTH * w / total);
        }
        if let Some(x) = xs.last_mut() {
            *x = RIGHT;
        }
        if let Some(c) = &t.caption {
            self.caption(c);
        }
        let tid = self.headers.len();
        self.headers.push(Vec::new());
        let rows = t
            .header
            .iter()
            .map(|r| (r, true))
            .chain(t.rows.iter().map(|r| (r, false)));
        for (k, (row, is_header)) in rows.enumerate() {
            let mut cells = Vec::new();
            let mut max_lines = 1;
            for (c, cell) in row.iter().enumerate() {
                let (role, align) = if is_header {
                    (FontRole::Hei, Align::Center)
                } else {
                    (self.body, t.align.get(c).copied().unwrap_or_default())
                };
                let g = self.sh.shape(cell, role, size, 0.0);
                let st = ParaStyle {
                    size,
                    left: xs[c] + pad_h,
                    width: (xs[c + 1] - xs[c] - 2.0 * pad_h).max(size),
                    first_indent: 0.0,
                    rest_indent: 0.0,
                    justify: false,
                    align,
                };
                let lines = balanced(&g, &st);
                max_lines = max_lines.max(lines.len());
                cells.push(lines);
            }
            let height = max_lines as f32 * line_h + 2.0 * pad_v;
            if height > HEIGHT / 2.0 {
                if is_header {
                    return Err(PdfError::Layout(format!(
                        "表头第 {} 行太高（{} 行文字），请缩短列名或加宽该列",
                        k + 1,
                        max_lines
                    )));
                }
                // A row this tall runs on over pages like a paragraph: one slice per text line,
                // ruled at the sides, closed above its first line and below its last.
                self.tall_row(cells, &xs, max_lines, line_h, size, pad_v, tid);
                continue;
            }
            let mut marks = Vec::new();
            for lines in cells {
                // centre the cell's text block vertically in the row
                let top = (height - lines.len() as f32 * line_h) / 2.0;
                for (l, glyphs) in lines.into_iter().enumerate() {
                    marks.push(Mark::Text(TextLine::upright(
                        glyphs,
                        size,
                        baseline_in(top + l as f32 * line_h, line_h, size),
                        BLACK,
                        self.part,
                    )));
                }
            }
            let lw = 0.5;
            for y in [0.0, height] {
                marks.push(rule(LEFT, y, RIGHT, y, lw));
            }
            for x in &xs {
                marks.push(rule(*x, 0.0, *x, height, lw));
            }
            if is_header {
                self.headers[tid].push((height, marks.clone()));
            }
            // the header travels with the first rows; a table that breaks keeps two rows on
            // each page it spans (no orphaned first row, no widow last row)
            let data_row = k.checked_sub(t.header.len());
            self.flow.push(Flow::Block {
                height,
                marks,
                keep: is_header || data_row.is_some_and(|d| two_lines_each_side(d, t.rows.len())),
                table: Some((tid, is_header)),
            });
        }
        self.table_notes(t, size, line_h, pad_v);
        self.flow.push(Flow::Snap);
        Ok(())
    }

    /// The table's notes, each a paragraph in the table's size, kept like a paragraph.
    fn table_notes(&mut self, t: &Table, size: f32, line_h: f32, pad_v: f32) {
        // notes under the table, in its size; the last row stays with the first note line
        if !t.notes.is_empty()
            && let Some(Flow::Block { keep, .. }) = self.flow.last_mut()
        {
            *keep = true;
        }
        let st = ParaStyle {
            size,
            left: LEFT,
            width: WIDTH,
            first_indent: 0.0,
            rest_indent: 0.0,
            justify: true,
            align: Align::Left,
        };
        for (k, note) in t.notes.iter().enumerate() {
            let g = self.sh.shape(note, self.body, size, 0.0);
            let lines = paragraph(&g, &st);
            let n = lines.len();
            for (l, glyphs) in lines.into_iter().enumerate() {
                let gap = if k == 0 && l == 0 { pad_v } else { 0.0 };
                // a short note is read as one: it is not broken over pages; a longer one
                // keeps two lines on each page
                let keep = if n <= 5 {
                    l + 1 < n
                } else {
                    two_lines_each_side(l, n)
                };
                self.flow.push(Flow::Block {
                    height: gap + line_h,
                    marks: vec![Mark::Text(TextLine::upright(
                        glyphs,
                        size,
                        baseline_in(gap, line_h, size),
                        BLACK,
                        self.part,
                    ))],
                    keep,
                    table: None,
                });
            }
        }
    }
}

/// A black rule of `width` pt from (x1, y1) to (x2, y2).
fn rule(x1: f32, y1: f32, x2: f32, y2: f32, width: f32) -> Mark {
    Mark::Stroke {
        x1,
        y1,
        x2,
        y2,
        width,
        color: BLACK,
    }
}
