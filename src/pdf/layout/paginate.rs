//! Pagination: placing the flow on pages (keep chains, droppable blanks, repeated table
//! headers), and for a document with a 版记 the trials of one or two earlier page breaks that
//! make the text end on an even page with room for it.

use super::flow::Flow;
use super::furniture::Banji;
use crate::pdf::geom::*;
use crate::pdf::page::{Mark, Page, TextLine};

/// Where the paginator put something: the marks are moved into place once the last trial
/// pagination is chosen (a circular tries dozens to place its 版记).
enum Placement {
    /// Flow item `i`, its top at `y`.
    Item { i: usize, y: f32 },
    /// Header row `row` of table `table`, repeated at `y` on a continued page.
    Header { table: usize, row: usize, y: f32 },
}

pub(super) struct Paginator<'h> {
    /// What each page holds, in drawing order.
    pages: Vec<Vec<Placement>>,
    /// Top of the free space on the current page.
    pub(super) y: f32,
    /// Nothing placed on the current page yet.
    fresh: bool,
    headers: &'h [Vec<(f32, Vec<Mark>)>],
    /// Page index each flow item landed on (`usize::MAX`: not placed).
    placed: Vec<usize>,
    /// Where the text of each finished page ended.
    ends: Vec<f32>,
}

impl Paginator<'_> {
    fn new_page(&mut self) {
        self.ends.push(self.y);
        self.pages.push(Vec::new());
        self.y = TOP;
        self.fresh = true;
    }

    fn place(&mut self, p: Placement) {
        let n = self.pages.len() - 1;
        self.pages[n].push(p);
    }

    /// The pages with their marks, moved out of the flow; `header` (the document's head)
    /// goes first on the first page.
    pub(super) fn into_pages(
        self,
        mut flow: Vec<Flow>,
        header: Vec<Mark>,
        headers: &[Vec<(f32, Vec<Mark>)>],
    ) -> Vec<Page> {
        let mut header = Some(header);
        self.pages
            .into_iter()
            .map(|placements| {
                let mut marks = header.take().unwrap_or_default();
                for p in placements {
                    match p {
                        Placement::Header { table, row, y } => {
                            if let Some((_, row)) = headers.get(table).and_then(|t| t.get(row)) {
                                marks.extend(row.iter().map(|m| m.shifted(y)));
                            }
                        }
                        Placement::Item { i, y } => match flow.get_mut(i) {
                            Some(Flow::Line { spec, .. }) => {
                                marks.push(Mark::Text(TextLine::upright(
                                    std::mem::take(&mut spec.glyphs),
                                    spec.size,
                                    baseline_in(y, PITCH, spec.size),
                                    spec.color,
                                    spec.part,
                                )));
                            }
                            Some(Flow::Block { marks: block, .. }) => {
                                marks.extend(std::mem::take(block).into_iter().map(|mut m| {
                                    m.shift(y);
                                    m
                                }));
                            }
                            _ => {}
                        },
                    }
                }
                Page {
                    marks,
                    number: None,
                }
            })
            .collect()
    }

    /// The largest empty space at the foot of a finished page, in pt.
    fn slack(&self) -> f32 {
        self.ends
            .iter()
            .map(|y| (BOTTOM - y).max(0.0))
            .fold(0.0, f32::max)
    }

    /// Places the flow; `force` lists items that start a new page.
    fn run(&mut self, flow: &[Flow], force: &[usize]) {
        for i in 0..flow.len() {
            let forced = force.contains(&i) && !self.fresh;
            if forced {
                self.new_page();
            }
            match &flow[i] {
                Flow::NewPage => {
                    if !self.fresh {
                        self.new_page();
                    }
                }
                Flow::Snap => {
                    let k = grid_at_or_below(self.y + 3.0);
                    self.y = grid_top(k);
                    if self.y + PITCH > BOTTOM + 0.01 {
                        self.y = BOTTOM;
                    }
                }
                Flow::Blank { droppable, .. } => {
                    if self.fresh && *droppable && self.pages.len() > 1 {
                        continue;
                    }
                    if self.y + PITCH > BOTTOM + 0.01 {
                        self.new_page();
                        if *droppable {
                            continue;
                        }
                    }
                    self.y += PITCH;
                }
                item @ (Flow::Line { .. } | Flow::Block { .. }) => {
                    let h = item.height();
                    // the chain of items kept together with this one
                    let mut chain = 0.0;
                    for f in &flow[i..] {
                        if matches!(f, Flow::NewPage) {
                            break;
                        }
                        chain += f.height();
                        if !f.keep() {
                            break;
                        }
                    }
                    let room = BOTTOM + 0.01 - self.y;
                    let need_break = !self.fresh && (h > room || (chain > room && chain <= HEIGHT));
                    if need_break {
                        self.new_page();
                    }
                    // a table continued on a new page repeats its header rows
                    if (need_break || forced)
                        && let Flow::Block {
                            table: Some((tid, false)),
                            ..
                        } = item
                    {
                        for (row, (hh, _)) in self.headers[*tid].iter().enumerate() {
                            let y = self.y;
                            self.place(Placement::Header {
                                table: *tid,
                                row,
                                y,
                            });
                            self.y += hh;
                        }
                    }
                    let y = self.y;
                    self.place(Placement::Item { i, y });
                    self.placed[i] = self.pages.len() - 1;
                    self.y += h;
                    self.fresh = false;
                }
            }
        }
    }
}

/// Paginates the flow. With a 版记 (`banji`), when the text does not end on an even page with
/// room for it, the pagination that does with the fewest empty lines and split blocks wins.
pub(super) fn paginate<'h>(
    flow: &[Flow],
    headers: &'h [Vec<(f32, Vec<Mark>)>],
    start_line: usize,
    banji: Option<&Banji>,
) -> Paginator<'h> {
    let paginate = |force: &[usize]| {
        let mut pg = Paginator {
            pages: vec![Vec::new()],
            y: grid_top(start_line),
            fresh: true,
            headers,
            placed: vec![usize::MAX; flow.len()],
            ends: Vec::new(),
        };
        pg.run(flow, force);
        pg
    };
    let mut pg = paginate(&[]);
    if let Some(bj) = banji {
        let fits = |pg: &Paginator| {
            pg.pages.len().is_multiple_of(2) && pg.y + PITCH / 2.0 <= BOTTOM - bj.height
        };
        if !fits(&pg) {
            // 版记 belongs on an even last page, and a page that holds nothing but the 版记
            // reads as a mistake: move the tail of the text over by breaking pages before
            // blocks near the end (one break, else two), latest first.
            let last_two = pg.pages.len().saturating_sub(2);
            let line = |i: usize| matches!(flow.get(i), Some(Flow::Line { .. }));
            // a break inside a paragraph that leaves two lines on either side
            let clean = |i: usize| {
                line(i - 1)
                    && !flow[i - 1].starts_block()
                    && line(i + 1)
                    && !flow[i + 1].starts_block()
            };
            // a table that fits its page is never split to place the 版记: a page of its own
            // for the 版记 (GB/T 9704 7.5) reads better than half a page left blank
            let inside_table = |i: usize| {
                matches!(
                    (&flow[i - 1], &flow[i]),
                    (
                        Flow::Block {
                            table: Some((a, false)),
                            ..
                        },
                        Flow::Block {
                            table: Some((b, false)),
                            ..
                        },
                    ) if a == b
                )
            };
            let movable = |i: usize| {
                pg.placed[i] != usize::MAX
                    && pg.placed[i] >= last_two
                    && !flow[i - 1].keep()
                    && !matches!(flow[i - 1], Flow::NewPage)
                    && !inside_table(i)
            };
            // splitting a table or a paragraph costs as much as that much empty space
            let penalty = |f: &[usize]| -> f32 {
                f.iter()
                    .map(|&i| match &flow[i] {
                        Flow::Block {
                            table: Some((_, false)),
                            ..
                        } => 200.0,
                        f if f.starts_block() => 0.0,
                        _ if clean(i) => 60.0,
                        _ => 150.0,
                    })
                    .sum()
            };
            // widows and orphans only when nothing else works
            for strict in [true, false] {
                let candidates: Vec<usize> = (2..flow.len())
                    .rev()
                    .filter(|&i| {
                        movable(i) && (flow[i].starts_block() || (line(i) && (!strict || clean(i))))
                    })
                    .take(24)
                    .collect();
                // the trial whose emptiest page is fullest wins (pages stay balanced);
                // ties: the latest break
                let single = candidates.iter().map(|&i| vec![i]);
                let double = candidates
                    .iter()
                    .enumerate()
                    .flat_map(|(a, &j)| candidates[a + 1..].iter().map(move |&i| vec![i, j]));
                let mut best: Option<(f32, Paginator)> = None;
                for f in single.chain(double) {
                    let t = paginate(&f);
                    let cost = t.slack() + penalty(&f);
                    if fits(&t) && best.as_ref().is_none_or(|(b, _)| cost < *b - 0.5) {
                        best = Some((cost, t));
                    }
                }
                if let Some((_, t)) = best {
                    pg = t;
                    break;
                }
            }
        }
    }
    pg
}
