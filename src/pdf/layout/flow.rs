//! The flow: the document's blocks turned into a sequence of grid lines, blanks and blocks of
//! their own height, each marked with whether it must stay on the page of what follows. The
//! `Builder` sets paragraphs, headings, the attachment note and the closing (署名、日期) here;
//! the 版头 and title, tables and charts are set by its methods in sibling modules.

use super::BLACK;
use super::shape::{SGlyph, Shaper, natural, place};
use crate::doc::{Align, Block, Document, Text};
use crate::pdf::PdfError;
use crate::pdf::fonts::FontRole;
use crate::pdf::geom::*;
use crate::pdf::linebreak::{self, Item};
use crate::pdf::page::{Glyph, Mark, Part, Rgb};

/// One grid line's worth of text, x absolute, baseline decided when placed.
#[derive(Debug, Clone)]
pub(super) struct LineSpec {
    pub(super) glyphs: Vec<Glyph>,
    pub(super) size: f32,
    pub(super) color: Rgb,
    pub(super) part: Option<Part>,
}

/// Whether line `k` of an `n`-line paragraph must stay on the page of the next line: the first
/// (no orphan at a page foot) and the last but one (no widow at a page head), so a paragraph
/// that breaks keeps at least two lines on each page.
pub(super) fn two_lines_each_side(k: usize, n: usize) -> bool {
    n > 1 && (k == 0 || k + 2 == n)
}

#[derive(Clone, Copy)]
pub(super) struct ParaStyle {
    pub(super) size: f32,
    /// x of the text column.
    pub(super) left: f32,
    pub(super) width: f32,
    pub(super) first_indent: f32,
    pub(super) rest_indent: f32,
    pub(super) justify: bool,
    pub(super) align: Align,
}

/// Breaks shaped text into lines laid out per `st`.
pub(super) fn paragraph(g: &[SGlyph], st: &ParaStyle) -> Vec<Vec<Glyph>> {
    let items: Vec<Item> = g
        .iter()
        .map(|s| Item {
            ch: s.ch,
            width: s.width,
            half: s.half,
        })
        .collect();
    let lines = linebreak::break_lines(
        &items,
        st.width - st.first_indent,
        st.width - st.rest_indent,
        st.justify,
    );
    lines
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let indent = if k == 0 {
                st.first_indent
            } else {
                st.rest_indent
            };
            let avail = st.width - indent;
            let used = l.natural + l.gap * l.unit_starts.len().saturating_sub(1) as f32;
            let x = st.left
                + indent
                + match st.align {
                    Align::Left => 0.0,
                    Align::Center => ((avail - used) / 2.0).max(0.0),
                    Align::Right => (avail - used).max(0.0),
                };
            place(g, Some(l), &items, x)
        })
        .collect()
}

/// A table cell's lines: filled line by line as a printer sets them ("简化程序、优化流程、压缩时限"
/// stays whole on its first line), except that a last line holding a single character is
/// avoided by setting the text on the narrowest measure that keeps its line count, so a cell
/// reads "社会保险经办 / 服务大厅", not "社会保险经办服务大 / 厅".
pub(super) fn balanced(g: &[SGlyph], st: &ParaStyle) -> Vec<Vec<Glyph>> {
    let lines = paragraph(g, st);
    let n = lines.len();
    if n < 2 || lines.last().is_some_and(|l| l.len() > 1) {
        return lines;
    }
    let step = st.size / 2.0;
    let mut w = st.width;
    while w - step >= 2.0 * st.size
        && paragraph(
            g,
            &ParaStyle {
                width: w - step,
                ..*st
            },
        )
        .len()
            == n
    {
        w -= step;
    }
    let shift = match st.align {
        Align::Left => 0.0,
        Align::Center => (st.width - w) / 2.0,
        Align::Right => st.width - w,
    };
    paragraph(
        g,
        &ParaStyle {
            width: w,
            left: st.left + shift,
            ..*st
        },
    )
}

pub(super) enum Flow {
    /// One grid line of text; `start`: the first line of its block.
    Line {
        spec: LineSpec,
        keep: bool,
        start: bool,
    },
    /// An empty grid line; `droppable` ones vanish at the top of a page.
    Blank {
        droppable: bool,
        keep: bool,
    },
    /// A block of its own height (table row, chart); marks relative to its top.
    Block {
        height: f32,
        marks: Vec<Mark>,
        keep: bool,
        /// (table index, is header row)
        table: Option<(usize, bool)>,
    },
    /// End of blocks: continue on the next grid line.
    Snap,
    NewPage,
}

impl Flow {
    pub(super) fn keep(&self) -> bool {
        match self {
            Flow::Line { keep, .. } | Flow::Blank { keep, .. } | Flow::Block { keep, .. } => *keep,
            Flow::Snap => true,
            Flow::NewPage => false,
        }
    }

    /// Where a page may be broken to move the rest over.
    pub(super) fn starts_block(&self) -> bool {
        match self {
            Flow::Line { start, .. } => *start,
            Flow::Block { .. } => true,
            _ => false,
        }
    }

    pub(super) fn height(&self) -> f32 {
        match self {
            Flow::Line { .. } | Flow::Blank { .. } => PITCH,
            Flow::Block { height, .. } => *height,
            Flow::Snap | Flow::NewPage => 0.0,
        }
    }
}

pub(super) struct Builder<'s, 'f> {
    pub(super) sh: &'s mut Shaper<'f>,
    /// Face of body text, table cells and headings of levels 3–4.
    pub(super) body: FontRole,
    pub(super) flow: Vec<Flow>,
    /// Fixed marks of page 1 (版头).
    pub(super) header: Vec<Mark>,
    /// Header rows of each table, repeated after page breaks.
    pub(super) headers: Vec<Vec<(f32, Vec<Mark>)>>,
    pub(super) start_line: usize,
    /// The element the lines being set belong to.
    pub(super) part: Option<Part>,
}

/// The element block `b` sets, given the element before it: everything after an
/// attachment's heading is that attachment.
fn part_of(b: &Block, before: Option<Part>) -> Option<Part> {
    Some(match b {
        Block::Banner { .. } => Part::Banner,
        Block::DocNumber { .. } => Part::DocNumber,
        Block::Signer { .. } => Part::Signer,
        Block::Title { .. } => Part::Title,
        Block::Addressee { .. } => Part::Addressee,
        Block::AttachmentNote { .. } => Part::AttachmentNote,
        Block::Attachment { .. } => Part::Attachment,
        Block::Signature { .. } => Part::Signature,
        Block::Date { .. } => Part::Date,
        Block::Note { .. } => Part::Note,
        Block::CopyTo { .. } => Part::CopyTo,
        Block::Printer { .. } => Part::Printer,
        Block::Heading { .. }
        | Block::Paragraph { .. }
        | Block::Table(_)
        | Block::Chart(_)
        | Block::PageBreak => match before {
            Some(Part::Attachment) => Part::Attachment,
            _ => Part::Body,
        },
    })
}

fn body_style(first_indent: f32) -> ParaStyle {
    ParaStyle {
        size: SIZE_3,
        left: LEFT,
        width: WIDTH,
        first_indent,
        rest_indent: 0.0,
        justify: true,
        align: Align::Left,
    }
}

impl Builder<'_, '_> {
    /// A table's or chart's caption: one centred line of 黑体 that stays with what follows.
    pub(super) fn caption(&mut self, c: &Text) {
        let g = self.sh.shape(c, FontRole::Hei, SIZE_3, BODY_TRACKING);
        let w = natural(&g) - BODY_TRACKING;
        self.lines(
            vec![place(&g, None, &[], (LEFT + RIGHT - w) / 2.0)],
            SIZE_3,
            true,
        );
    }

    pub(super) fn lines(&mut self, lines: Vec<Vec<Glyph>>, size: f32, keep: bool) {
        let n = lines.len();
        for (k, glyphs) in lines.into_iter().enumerate() {
            self.flow.push(Flow::Line {
                spec: LineSpec {
                    glyphs,
                    size,
                    color: BLACK,
                    part: self.part,
                },
                keep: keep || two_lines_each_side(k, n),
                start: k == 0,
            });
        }
    }

    /// Makes the last `n` text lines travel with what follows (with the closing: GB/T 9704
    /// 7.3.5 wants body text above the signature and date on their page).
    pub(super) fn keep_last_lines(&mut self, n: usize) {
        let mut left = n;
        for f in self.flow.iter_mut().rev() {
            if left == 0 {
                break;
            }
            match f {
                Flow::Line { keep, .. } => {
                    *keep = true;
                    left -= 1;
                }
                Flow::Snap | Flow::Blank { .. } => continue,
                Flow::Block { keep, .. } => {
                    // a table or chart right before the closing: its last row travels with it
                    if left == n {
                        *keep = true;
                    }
                    break;
                }
                Flow::NewPage => break,
            }
        }
    }

    /// Makes the last placed line or block travel with what follows.
    fn keep_last(&mut self) {
        for f in self.flow.iter_mut().rev() {
            match f {
                Flow::Snap => continue,
                Flow::Line { keep, .. } | Flow::Block { keep, .. } => *keep = true,
                _ => {}
            }
            break;
        }
    }

    pub(super) fn para(&mut self, segs: &[(&Text, FontRole)], st: &ParaStyle, keep: bool) {
        let tracking = if st.size == SIZE_3 {
            BODY_TRACKING
        } else {
            0.0
        };
        let mut g = Vec::new();
        for (t, role) in segs {
            g.extend(self.sh.shape(t, *role, st.size, tracking));
        }
        let lines = paragraph(&g, st);
        self.lines(lines, st.size, keep);
    }

    pub(super) fn body(&mut self, doc: &Document) -> Result<(), PdfError> {
        let blocks = &doc.blocks;
        for (i, b) in blocks.iter().enumerate() {
            self.part = part_of(b, self.part);
            match b {
                Block::Banner { .. } | Block::DocNumber { .. } | Block::Signer { .. } => {}
                Block::Title { lines } => {
                    let ls = self.title(lines)?;
                    self.lines(ls, SIZE_2, true);
                    // 标题下空一行
                    self.flow.push(Flow::Blank {
                        droppable: false,
                        keep: true,
                    });
                }
                Block::Addressee { text } => {
                    self.para(&[(text, self.body)], &body_style(0.0), true);
                }
                Block::Heading {
                    level,
                    text,
                    run_in,
                } => {
                    let role = match level {
                        1 => FontRole::Hei,
                        2 => FontRole::Kai,
                        _ => self.body,
                    };
                    let mut segs = vec![(text, role)];
                    if let Some(r) = run_in {
                        segs.push((r, self.body));
                    }
                    let before = self.flow.len();
                    self.para(&segs, &body_style(2.0 * CELL), run_in.is_none());
                    // a one-line heading stays with what follows; a longer one (a numbered
                    // item in heading type) breaks like a paragraph
                    let n = self.flow.len() - before;
                    if n > 1 {
                        for (k, f) in self.flow[before..].iter_mut().enumerate() {
                            if let Flow::Line { keep, .. } = f {
                                *keep = two_lines_each_side(k, n);
                            }
                        }
                    }
                }
                Block::Paragraph { text } => {
                    if i > 0 && matches!(blocks[i - 1], Block::Table(_)) {
                        // a paragraph right under a table is its note: keep them together
                        self.keep_last();
                    }
                    self.para(&[(text, self.body)], &body_style(2.0 * CELL), false);
                }
                Block::Table(t) => self.table(t)?,
                Block::Chart(c) => self.chart(c)?,
                Block::AttachmentNote { items } => {
                    self.keep_last();
                    // 正文下空一行
                    self.flow.push(Flow::Blank {
                        droppable: true,
                        keep: true,
                    });
                    self.attachment_note(items);
                }
                Block::PageBreak => self.flow.push(Flow::NewPage),
                Block::Attachment { number, title } => {
                    self.flow.push(Flow::NewPage);
                    let label = match number {
                        Some(n) => format!("附件{n}"),
                        None => "附件".to_string(),
                    };
                    let g = self
                        .sh
                        .shape_str(&label, FontRole::Hei, SIZE_3, BODY_TRACKING);
                    self.lines(vec![place(&g, None, &[], LEFT)], SIZE_3, true);
                    self.flow.push(Flow::Blank {
                        droppable: false,
                        keep: true,
                    });
                    let ls = self.title(title)?;
                    self.lines(ls, SIZE_2, true);
                    self.flow.push(Flow::Blank {
                        droppable: false,
                        keep: true,
                    });
                }
                Block::Signature { .. } | Block::Date { .. } | Block::Note { .. } => {
                    // handled as one group at the first of them
                    let first = blocks[..i].iter().all(|p| {
                        !matches!(
                            p,
                            Block::Signature { .. } | Block::Date { .. } | Block::Note { .. }
                        )
                    });
                    if first {
                        self.closing(blocks);
                    }
                }
                Block::CopyTo { .. } | Block::Printer { .. } => {}
            }
        }
        Ok(())
    }

    /// 附件：1．名称 / 2．名称 …, names aligned, wrapped lines under the names.
    fn attachment_note(&mut self, items: &[Text]) {
        let label = Text::plain("附件：");
        if items.len() == 1 {
            let st = ParaStyle {
                rest_indent: 5.0 * CELL,
                ..body_style(2.0 * CELL)
            };
            self.para(&[(&label, self.body), (&items[0], self.body)], &st, true);
            return;
        }
        for (k, item) in items.iter().enumerate() {
            let num = Text::plain(format!("{}．", k + 1));
            let st = ParaStyle {
                rest_indent: 7.0 * CELL,
                ..body_style(if k == 0 { 2.0 * CELL } else { 5.0 * CELL })
            };
            let mut segs = Vec::new();
            if k == 0 {
                segs.push((&label, self.body));
            }
            segs.push((&num, self.body));
            segs.push((item, self.body));
            self.para(&segs, &st, true);
        }
    }

    /// 署名、日期、附注 (GB/T 9704 §7.3.5.2, unsealed): one blank line after the text, the
    /// signature 右空二字, the date below it starting two characters further right; the date is
    /// kept at 右空二字 or 右空四字 (the positions of §7.3.5.1/.2 the checker measures).
    fn closing(&mut self, blocks: &[Block]) {
        let mut sig = None;
        let mut date = None;
        let mut note = None;
        for b in blocks {
            match b {
                Block::Signature { text } => sig = Some(text),
                Block::Date { text } => date = Some(text),
                Block::Note { text } => note = Some(text),
                _ => {}
            }
        }
        // the last two text lines travel with the closing so that it never stands alone
        self.keep_last_lines(2);
        self.flow.push(Flow::Blank {
            droppable: false,
            keep: true,
        });
        let sig_g = sig.map(|t| self.sh.shape(t, self.body, SIZE_3, BODY_TRACKING));
        let date_g = date.map(|t| self.sh.shape(t, self.body, SIZE_3, BODY_TRACKING));
        let ws = sig_g.as_deref().map_or(0.0, natural);
        let wd = date_g.as_deref().map_or(0.0, natural);
        let (sig_end, date_end) = if ws - wd >= 2.0 * CELL - 0.01 {
            let date_right = if ws - wd >= 3.0 * CELL - 0.01 {
                4.0
            } else {
                2.0
            };
            (RIGHT - 2.0 * CELL, RIGHT - date_right * CELL)
        } else {
            // a date longer than the signature: date 右空二字, signature moved left
            let date_end = RIGHT - 2.0 * CELL;
            (date_end - wd - 2.0 * CELL + ws, date_end)
        };
        let has_note = note.is_some();
        if let Some(g) = sig_g {
            let x = sig_end - natural(&g);
            self.part = Some(Part::Signature);
            self.lines(vec![place(&g, None, &[], x)], SIZE_3, true);
        }
        if let Some(g) = date_g {
            let x = date_end - natural(&g);
            self.part = Some(Part::Date);
            self.lines(vec![place(&g, None, &[], x)], SIZE_3, has_note);
        }
        if let Some(t) = note {
            self.part = Some(Part::Note);
            self.para(&[(t, self.body)], &body_style(2.0 * CELL), false);
        }
    }
}
