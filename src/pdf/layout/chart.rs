//! Charts: horizontal bars with labels, values and a light grid with tick labels; one block
//! when it fits a page, else a block per bar so the chart runs on like a table.

use super::flow::{Builder, Flow};
use super::shape::{SGlyph, natural, place};
use super::{BAR, BLACK, GRID_GREY};
use crate::doc::Chart;
use crate::pdf::PdfError;
use crate::pdf::geom::*;
use crate::pdf::page::{Mark, TextLine};

impl Builder<'_, '_> {
    /// Horizontal bars from `min` to each value, labels left, values at the bar ends, a light
    /// grid of five intervals with tick labels under it.
    pub(super) fn chart(&mut self, c: &Chart) -> Result<(), PdfError> {
        let (min, max) = (c.min, c.max);
        let (size, tick_size) = (SIZE_S4, SIZE_5);
        let row_h = 22.0;
        let bar_h = 12.0;
        if let Some(cap) = &c.caption {
            self.caption(cap);
        }
        let labels: Vec<Vec<SGlyph>> = c
            .bars
            .iter()
            .map(|b| self.sh.shape(&b.label, self.body, size, 0.0))
            .collect();
        let values: Vec<Vec<SGlyph>> = c
            .bars
            .iter()
            .map(|b| self.sh.shape_str(&b.written, self.body, size, 0.0))
            .collect();
        let label_w = labels
            .iter()
            .map(|g| natural(g))
            .fold(0.0f32, f32::max)
            .min(0.4 * WIDTH);
        let value_w = values.iter().map(|g| natural(g)).fold(0.0f32, f32::max);
        let x0 = LEFT + label_w + 6.0;
        let x1 = RIGHT - value_w - 6.0;
        let scale = (x1 - x0) / (max - min) as f32;
        let rows = c.bars.len();
        let ticks: Vec<(f32, Vec<SGlyph>)> = (0..=5)
            .map(|k| {
                let v = min + (max - min) * f64::from(k) / 5.0;
                let x = x0 + (v - min) as f32 * scale;
                (
                    x,
                    self.sh.shape_str(&fmt_tick(v), self.body, tick_size, 0.0),
                )
            })
            .collect();
        let grid = |marks: &mut Vec<Mark>, y2: f32| {
            for (x, _) in &ticks {
                marks.push(Mark::Stroke {
                    x1: *x,
                    y1: 0.0,
                    x2: *x,
                    y2,
                    width: 0.4,
                    color: GRID_GREY,
                });
            }
        };
        let tick_labels = |marks: &mut Vec<Mark>, top: f32| {
            for (x, g) in &ticks {
                let w = natural(g);
                marks.push(Mark::Text(TextLine::upright(
                    place(g, None, &[], x - w / 2.0),
                    tick_size,
                    baseline_in(top + 4.0, tick_size * 1.4, tick_size),
                    BLACK,
                    self.part,
                )));
            }
        };
        let bar = |marks: &mut Vec<Mark>, k: usize, top: f32| {
            let v = c.bars[k].value;
            let w = ((v - min) as f32 * scale).max(0.0);
            marks.push(Mark::Fill {
                x: x0,
                y: top + (row_h - bar_h) / 2.0,
                w,
                h: bar_h,
                color: BAR,
            });
            let baseline = baseline_in(top, row_h, size);
            let lg = &labels[k];
            // labels wider than the column are cut at the column (never over the bars)
            let lw = natural(lg).min(label_w);
            let mut glyphs = place(lg, None, &[], x0 - 6.0 - lw);
            glyphs.retain(|g| g.x >= LEFT - 0.01);
            marks.push(Mark::Text(TextLine::upright(
                glyphs, size, baseline, BLACK, self.part,
            )));
            marks.push(Mark::Text(TextLine::upright(
                place(&values[k], None, &[], x0 + w + 4.0),
                size,
                baseline,
                BLACK,
                self.part,
            )));
        };
        let axis = |marks: &mut Vec<Mark>, y2: f32| {
            marks.push(Mark::Stroke {
                x1: x0,
                y1: 0.0,
                x2: x0,
                y2,
                width: 0.75,
                color: BLACK,
            });
        };
        let plot_h = rows as f32 * row_h;
        let ticks_h = 6.0 + tick_size * 1.6;
        if plot_h + ticks_h <= HEIGHT - 2.0 * PITCH {
            let mut marks = Vec::new();
            grid(&mut marks, plot_h);
            tick_labels(&mut marks, plot_h);
            for k in 0..rows {
                bar(&mut marks, k, k as f32 * row_h);
            }
            axis(&mut marks, plot_h);
            self.flow.push(Flow::Block {
                height: plot_h + ticks_h,
                marks,
                keep: false,
                table: None,
            });
        } else {
            // longer than a page: a block per bar, so pages fill like a table's rows; the
            // grid runs on through them and the scale closes the chart
            for k in 0..rows {
                let mut marks = Vec::new();
                grid(&mut marks, row_h);
                bar(&mut marks, k, 0.0);
                axis(&mut marks, row_h);
                self.flow.push(Flow::Block {
                    height: row_h,
                    marks,
                    keep: k + 1 == rows,
                    table: None,
                });
            }
            let mut marks = Vec::new();
            tick_labels(&mut marks, 0.0);
            self.flow.push(Flow::Block {
                height: ticks_h,
                marks,
                keep: false,
                table: None,
            });
        }
        self.flow.push(Flow::Snap);
        Ok(())
    }
}

fn fmt_tick(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}
