//! Typesetting: document model → pages of positioned glyphs, rules and boxes.
//!
//! Body content flows through the 22-line grid: every text line occupies one grid line box
//! (28.99 pt); tables and charts take their natural height and the flow resumes on the next
//! grid line. Page 1 of a 公文 carries the 版头 at fixed positions above the grid.

use super::fonts::{FaceId, FontRole, Fonts};
use super::geom::*;
use super::linebreak::{self, Item};
use super::{MissingGlyph, PdfError, Warning};
use crate::doc::{Align, Block, BodyFont, Chart, Document, Kind, Table, TableSize, Text};
use std::collections::BTreeSet;

pub(crate) type Rgb = [f32; 3];
pub(crate) const BLACK: Rgb = [0.0, 0.0, 0.0];
/// 公文红. Written as sRGB, the colour space of the PDF/A output intent.
pub(crate) const RED: Rgb = [0.9, 0.0, 0.0];
const BAR: Rgb = [0.36, 0.45, 0.58];
const GRID_GREY: Rgb = [0.75, 0.75, 0.75];
const WATERMARK_GREY: Rgb = [0.88, 0.88, 0.88];

#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    pub ch: char,
    pub face: FaceId,
    pub gid: u16,
    pub x: f32,
}

#[derive(Debug, Clone)]
pub(crate) struct TextLine {
    pub glyphs: Vec<Glyph>,
    pub size: f32,
    /// From the page top.
    pub baseline: f32,
    pub color: Rgb,
    /// Horizontal scaling (1 = none) of the glyphs, for the condensed banner; the glyph
    /// positions already include it.
    pub hscale: f32,
    /// Counter-clockwise rotation in degrees about the first glyph's origin.
    pub angle: f32,
}

#[derive(Debug, Clone)]
pub(crate) enum Mark {
    Text(TextLine),
    /// Filled rectangle; `y` is its top.
    Fill {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Rgb,
    },
    Stroke {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
    },
}

impl Mark {
    fn shifted(&self, dy: f32) -> Mark {
        let mut m = self.clone();
        m.shift(dy);
        m
    }

    fn shift(&mut self, dy: f32) {
        match self {
            Mark::Text(t) => t.baseline += dy,
            Mark::Fill { y, .. } => *y += dy,
            Mark::Stroke { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Page {
    pub marks: Vec<Mark>,
    /// Printed page number, `None` for the blank page and 版记 page exempt by §7.5.
    pub number: Option<u32>,
}

/// A shaped character: the face that draws it and its advance in pt (tracking included).
#[derive(Debug, Clone, Copy)]
struct SGlyph {
    ch: char,
    face: FaceId,
    gid: u16,
    width: f32,
    draw: bool,
    /// The blank half of a full-width mark still removable at a line start or end.
    half: f32,
    /// The glyph is drawn this far left of its slot (its blank left half removed).
    shift: f32,
}

/// Sets adjacent full-width punctuation tight ([`linebreak::adjacent`]). `size` tells a
/// full-width mark (its advance is the em) from a proportional one, which is left alone.
fn compress(g: &mut [SGlyph], size: f32, tracking: f32) {
    for s in g.iter_mut() {
        let full = s.draw && (s.width - tracking) >= 0.9 * size;
        s.half = if full && (linebreak::OPENING.contains(s.ch) || linebreak::CLOSING.contains(s.ch))
        {
            (s.width - tracking) / 2.0
        } else {
            0.0
        };
    }
    let chars: Vec<char> = g.iter().map(|s| s.ch).collect();
    let halves: Vec<f32> = g.iter().map(|s| s.half).collect();
    for (s, cut) in g.iter_mut().zip(linebreak::adjacent(&chars, &halves)) {
        if cut.left > 0.0 || cut.right > 0.0 {
            s.width -= cut.left + cut.right;
            s.shift = cut.left;
            s.half = 0.0;
        }
    }
}

struct Shaper<'a> {
    fonts: &'a Fonts,
    warnings: Vec<Warning>,
    warned: BTreeSet<(char, FontRole, Option<String>)>,
    missing: Vec<MissingGlyph>,
    missing_seen: BTreeSet<(char, Option<String>)>,
}

impl Shaper<'_> {
    fn shape(&mut self, text: &Text, role: FontRole, size: f32, tracking: f32) -> Vec<SGlyph> {
        let mut out = Vec::with_capacity(text.0.iter().map(|r| r.text.len()).sum());
        for (ch, src) in text.chars() {
            out.push(self.glyph(ch, src, role, size, tracking));
        }
        compress(&mut out, size, tracking);
        out
    }

    fn shape_str(&mut self, s: &str, role: FontRole, size: f32, tracking: f32) -> Vec<SGlyph> {
        let mut out: Vec<SGlyph> = s
            .chars()
            .map(|ch| self.glyph(ch, None, role, size, tracking))
            .collect();
        compress(&mut out, size, tracking);
        out
    }

    fn glyph(
        &mut self,
        ch: char,
        src: Option<&str>,
        role: FontRole,
        size: f32,
        tracking: f32,
    ) -> SGlyph {
        let blank = |em: f32| SGlyph {
            ch,
            face: role.into(),
            gid: 0,
            width: em * size + tracking,
            draw: false,
            half: 0.0,
            shift: 0.0,
        };
        match ch {
            ' ' | '\t' | '\u{a0}' => {
                let em = self.fonts.face(role).glyph(' ').map_or(0.3, |g| g.1);
                return blank(em);
            }
            '\u{3000}' => return blank(1.0),
            '\u{2002}' => return blank(0.5),
            _ => {}
        }
        match self.fonts.resolve(role, ch) {
            Some(r) if !ch.is_control() => {
                if r.face != role.into() && self.warned.insert((ch, role, src.map(str::to_string)))
                {
                    self.warnings.push(Warning::Fallback {
                        ch,
                        wanted: role,
                        used: r.face.role,
                        free: r.face.spare,
                        source: src.map(str::to_string),
                    });
                }
                SGlyph {
                    ch,
                    face: r.face,
                    gid: r.gid,
                    width: r.advance * size + tracking,
                    draw: true,
                    half: 0.0,
                    shift: 0.0,
                }
            }
            _ => {
                if self.missing_seen.insert((ch, src.map(str::to_string))) {
                    self.missing.push(MissingGlyph {
                        ch,
                        source: src.map(str::to_string),
                    });
                }
                blank(1.0)
            }
        }
    }
}

fn natural(g: &[SGlyph]) -> f32 {
    g.iter().map(|g| g.width).sum()
}

/// One grid line's worth of text, x absolute, baseline decided when placed.
#[derive(Debug, Clone)]
struct LineSpec {
    glyphs: Vec<Glyph>,
    size: f32,
    color: Rgb,
}

/// Positions `g` as one line starting at `x`, with `gap` pt between units (linebreak::Line).
fn place(g: &[SGlyph], line: Option<&linebreak::Line>, items: &[Item], x: f32) -> Vec<Glyph> {
    let pos = match line {
        Some(l) => l.positions(items),
        None => {
            let mut acc = 0.0;
            g.iter()
                .map(|s| {
                    let p = acc;
                    acc += s.width;
                    p
                })
                .collect()
        }
    };
    let off = line.map_or(0, |l| l.start);
    pos.iter()
        .enumerate()
        .filter(|(k, _)| g[off + k].draw)
        .map(|(k, p)| Glyph {
            ch: g[off + k].ch,
            face: g[off + k].face,
            gid: g[off + k].gid,
            x: x + p - g[off + k].shift,
        })
        .collect()
}

/// Whether line `k` of an `n`-line paragraph must stay on the page of the next line: the first
/// (no orphan at a page foot) and the last but one (no widow at a page head), so a paragraph
/// that breaks keeps at least two lines on each page.
fn two_lines_each_side(k: usize, n: usize) -> bool {
    n > 1 && (k == 0 || k + 2 == n)
}

#[derive(Clone, Copy)]
struct ParaStyle {
    size: f32,
    /// x of the text column.
    left: f32,
    width: f32,
    first_indent: f32,
    rest_indent: f32,
    justify: bool,
    align: Align,
}

/// Breaks shaped text into lines laid out per `st`.
fn paragraph(g: &[SGlyph], st: &ParaStyle) -> Vec<Vec<Glyph>> {
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
fn balanced(g: &[SGlyph], st: &ParaStyle) -> Vec<Vec<Glyph>> {
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

enum Flow {
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
    fn keep(&self) -> bool {
        match self {
            Flow::Line { keep, .. } | Flow::Blank { keep, .. } | Flow::Block { keep, .. } => *keep,
            Flow::Snap => true,
            Flow::NewPage => false,
        }
    }

    /// Where a page may be broken to move the rest over.
    fn starts_block(&self) -> bool {
        match self {
            Flow::Line { start, .. } => *start,
            Flow::Block { .. } => true,
            _ => false,
        }
    }

    fn height(&self) -> f32 {
        match self {
            Flow::Line { .. } | Flow::Blank { .. } => PITCH,
            Flow::Block { height, .. } => *height,
            Flow::Snap | Flow::NewPage => 0.0,
        }
    }
}

pub(crate) struct Laid {
    pub pages: Vec<Page>,
    pub warnings: Vec<Warning>,
}

pub(crate) fn layout(doc: &Document, fonts: &Fonts, draft: bool) -> Result<Laid, PdfError> {
    let mut sh = Shaper {
        fonts,
        warnings: Vec::new(),
        warned: BTreeSet::new(),
        missing: Vec::new(),
        missing_seen: BTreeSet::new(),
    };
    let mut b = Builder {
        sh: &mut sh,
        body: match doc.body_font {
            BodyFont::FangSong => FontRole::FangSong,
            BodyFont::Song => FontRole::Song,
            BodyFont::Hei => FontRole::Hei,
            BodyFont::Kai => FontRole::Kai,
        },
        flow: Vec::new(),
        header: Vec::new(),
        headers: Vec::new(),
        start_line: 0,
    };
    b.head(doc)?;
    b.body(doc)?;
    let Builder {
        flow,
        header,
        headers,
        start_line,
        ..
    } = b;
    let banji = if doc.kind == Kind::Official {
        prepare_banji(doc, &mut sh)?
    } else {
        None
    };
    let paginate = |force: &[usize]| {
        let mut pg = Paginator {
            pages: vec![Vec::new()],
            y: grid_top(start_line),
            fresh: true,
            headers: &headers,
            placed: vec![usize::MAX; flow.len()],
            ends: Vec::new(),
        };
        pg.run(&flow, force);
        pg
    };
    let mut pg = paginate(&[]);
    if let Some(bj) = &banji {
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
    let end_y = pg.y;
    let mut pages = pg.into_pages(flow, header, &headers);
    for (k, p) in pages.iter_mut().enumerate() {
        p.number = Some(k as u32 + 1);
    }
    if let Some(bj) = banji {
        place_banji(bj, &mut pages, end_y);
    }
    for p in &mut pages {
        if let Some(n) = p.number {
            page_number(&mut sh, p, n);
        }
    }
    if draft {
        for p in &mut pages {
            draft_marks(&mut sh, p);
        }
    }
    if !sh.missing.is_empty() {
        return Err(PdfError::MissingGlyphs(std::mem::take(&mut sh.missing)));
    }
    Ok(Laid {
        pages,
        warnings: std::mem::take(&mut sh.warnings),
    })
}

struct Builder<'s, 'f> {
    sh: &'s mut Shaper<'f>,
    /// Face of body text, table cells and headings of levels 3–4.
    body: FontRole,
    flow: Vec<Flow>,
    /// Fixed marks of page 1 (版头).
    header: Vec<Mark>,
    /// Header rows of each table, repeated after page breaks.
    headers: Vec<Vec<(f32, Vec<Mark>)>>,
    start_line: usize,
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
    fn lines(&mut self, lines: Vec<Vec<Glyph>>, size: f32, keep: bool) {
        let n = lines.len();
        for (k, glyphs) in lines.into_iter().enumerate() {
            self.flow.push(Flow::Line {
                spec: LineSpec {
                    glyphs,
                    size,
                    color: BLACK,
                },
                keep: keep || two_lines_each_side(k, n),
                start: k == 0,
            });
        }
    }

    /// Makes the last `n` text lines travel with what follows (with the closing: GB/T 9704
    /// 7.3.5 wants body text above the signature and date on their page).
    fn keep_last_lines(&mut self, n: usize) {
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

    fn para(&mut self, segs: &[(&Text, FontRole)], st: &ParaStyle, keep: bool) {
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

    /// 版头 on page 1: banner 35 mm below the 版心 top, 文号 two lines below, red rule 4 mm
    /// below the 文号; the grid resumes two lines below the rule.
    fn head(&mut self, doc: &Document) -> Result<(), PdfError> {
        let banner = doc.blocks.iter().find_map(|b| match b {
            Block::Banner { text } => Some(text),
            _ => None,
        });
        let docno = doc.blocks.iter().find_map(|b| match b {
            Block::DocNumber { text } => Some(text),
            _ => None,
        });
        let signer = doc.blocks.iter().find_map(|b| match b {
            Block::Signer { name } => Some(name),
            _ => None,
        });
        let Some(banner) = banner else {
            return Ok(());
        };
        let unit = self.sh.shape(banner, FontRole::XiaoBiaoSong, 1.0, 0.0);
        let em = natural(&unit);
        // Banners are conventionally large and condensed; keep the face ≥ 72 % wide.
        let target = 0.95 * WIDTH;
        let size = (target / (0.72 * em)).min(52.0);
        let hscale = (target / (size * em)).min(1.0);
        // positions already include the horizontal scaling; the writer applies Tz to the glyphs
        let g: Vec<SGlyph> = unit
            .iter()
            .map(|s| SGlyph {
                width: s.width * size * hscale,
                shift: s.shift * size * hscale,
                half: s.half * size * hscale,
                ..*s
            })
            .collect();
        let w = natural(&g);
        let em_top = TOP + 35.0 * MM;
        let desc = self.sh.fonts.face(FontRole::XiaoBiaoSong).descent;
        let baseline = em_top + size * (1.0 + desc);
        let glyphs = place(&g, None, &[], (LEFT + RIGHT - w) / 2.0);
        self.header.push(Mark::Text(TextLine {
            glyphs,
            size,
            baseline,
            color: RED,
            hscale,
            angle: 0.0,
        }));
        let banner_bottom = em_top + size;
        let rule_top = if let Some(docno) = docno {
            let g = self
                .sh
                .shape(docno, FontRole::FangSong, SIZE_3, BODY_TRACKING);
            let w = natural(&g) - BODY_TRACKING;
            let top = banner_bottom + 2.0 * PITCH;
            let baseline = baseline_in(top, PITCH, SIZE_3);
            let desc = self.sh.fonts.face(FontRole::FangSong).descent;
            // 上行文: 发文字号 居左空一字, 签发人 居右空一字 on the same line — "签发人：" in
            // 仿宋, the name in 楷体 (GB/T 9704 7.2.5, 7.2.6)
            let x = match signer {
                Some(name) => {
                    let label =
                        self.sh
                            .shape_str("签发人：", FontRole::FangSong, SIZE_3, BODY_TRACKING);
                    let who = self.sh.shape(name, FontRole::Kai, SIZE_3, BODY_TRACKING);
                    let wl = natural(&label);
                    let wn = natural(&who) - BODY_TRACKING;
                    let start = RIGHT - CELL - wn - wl;
                    if LEFT + CELL + w + CELL / 2.0 > start {
                        return Err(PdfError::Layout(
                            "发文字号和签发人排不下一行：请缩短机关代字或签发人".to_string(),
                        ));
                    }
                    let mut glyphs = place(&label, None, &[], start);
                    glyphs.extend(place(&who, None, &[], start + wl));
                    self.header.push(Mark::Text(TextLine {
                        glyphs,
                        size: SIZE_3,
                        baseline,
                        color: BLACK,
                        hscale: 1.0,
                        angle: 0.0,
                    }));
                    LEFT + CELL
                }
                None => (LEFT + RIGHT - w) / 2.0,
            };
            self.header.push(Mark::Text(TextLine {
                glyphs: place(&g, None, &[], x),
                size: SIZE_3,
                baseline,
                color: BLACK,
                hscale: 1.0,
                angle: 0.0,
            }));
            baseline - desc * SIZE_3 + 4.0 * MM
        } else {
            banner_bottom + PITCH
        };
        let thick = 1.5;
        self.header.push(Mark::Fill {
            x: LEFT,
            y: rule_top,
            w: WIDTH,
            h: thick,
            color: RED,
        });
        // 红线下空二行: the title's line box starts ~two lines below, on the grid.
        self.start_line = grid_at_or_below(rule_top + thick + 1.6 * PITCH);
        Ok(())
    }

    fn body(&mut self, doc: &Document) -> Result<(), PdfError> {
        let blocks = &doc.blocks;
        for (i, b) in blocks.iter().enumerate() {
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

    /// Title lines (2号 小标宋, centred): as given, or one line split into a trapezoid.
    fn title(&mut self, lines: &[Text]) -> Result<Vec<Vec<Glyph>>, PdfError> {
        let shaped: Vec<Vec<SGlyph>> = lines
            .iter()
            .map(|t| self.sh.shape(t, FontRole::XiaoBiaoSong, SIZE_2, 0.0))
            .collect();
        let parts: Vec<Vec<SGlyph>> = if shaped.len() == 1 {
            split_title(&shaped[0]).ok_or_else(|| {
                PdfError::Layout(format!(
                    "标题“{}”太长，两行排不下（每行最多约 20 字）",
                    lines[0]
                ))
            })?
        } else {
            for (t, g) in lines.iter().zip(&shaped) {
                if natural(g) > WIDTH + 0.01 {
                    return Err(PdfError::Layout(format!(
                        "标题行“{t}”太长，一行排不下（每行最多约 20 字）"
                    )));
                }
            }
            if shaped.len() == 2 && (natural(&shaped[0]) - natural(&shaped[1])).abs() < SIZE_2 {
                return Err(PdfError::Layout(format!(
                    "标题两行“{}”“{}”长度相同，应排成梯形或菱形（两行至少相差一字）",
                    lines[0], lines[1]
                )));
            }
            shaped
        };
        Ok(parts
            .iter()
            .map(|g| {
                let w = natural(g);
                place(g, None, &[], (LEFT + RIGHT - w) / 2.0)
            })
            .collect())
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
            self.lines(vec![place(&g, None, &[], x)], SIZE_3, true);
        }
        if let Some(g) = date_g {
            let x = date_end - natural(&g);
            self.lines(vec![place(&g, None, &[], x)], SIZE_3, has_note);
        }
        if let Some(t) = note {
            self.para(&[(t, self.body)], &body_style(2.0 * CELL), false);
        }
    }

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
                    marks.push(Mark::Text(TextLine {
                        glyphs,
                        size,
                        baseline: baseline_in(top, line_h, size),
                        color: BLACK,
                        hscale: 1.0,
                        angle: 0.0,
                    }));
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

    fn table(&mut self, t: &Table) -> Result<(), PdfError> {
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
            let g = self.sh.shape(c, FontRole::Hei, SIZE_3, BODY_TRACKING);
            let w = natural(&g) - BODY_TRACKING;
            self.lines(
                vec![place(&g, None, &[], (LEFT + RIGHT - w) / 2.0)],
                SIZE_3,
                true,
            );
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
                    marks.push(Mark::Text(TextLine {
                        glyphs,
                        size,
                        baseline: baseline_in(top + l as f32 * line_h, line_h, size),
                        color: BLACK,
                        hscale: 1.0,
                        angle: 0.0,
                    }));
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
                    marks: vec![Mark::Text(TextLine {
                        glyphs,
                        size,
                        baseline: baseline_in(gap, line_h, size),
                        color: BLACK,
                        hscale: 1.0,
                        angle: 0.0,
                    })],
                    keep,
                    table: None,
                });
            }
        }
        self.flow.push(Flow::Snap);
        Ok(())
    }

    /// Horizontal bars from `min` to each value, labels left, values at the bar ends, a light
    /// grid of five intervals with tick labels under it.
    fn chart(&mut self, c: &Chart) -> Result<(), PdfError> {
        let num = |s: &str| s.trim().parse::<f64>().unwrap_or(0.0);
        let (min, max) = (num(&c.min), num(&c.max));
        let (size, tick_size) = (SIZE_S4, SIZE_5);
        let row_h = 22.0;
        let bar_h = 12.0;
        if let Some(cap) = &c.caption {
            let g = self.sh.shape(cap, FontRole::Hei, SIZE_3, BODY_TRACKING);
            let w = natural(&g) - BODY_TRACKING;
            self.lines(
                vec![place(&g, None, &[], (LEFT + RIGHT - w) / 2.0)],
                SIZE_3,
                true,
            );
        }
        let labels: Vec<Vec<SGlyph>> = c
            .bars
            .iter()
            .map(|b| self.sh.shape(&b.label, self.body, size, 0.0))
            .collect();
        let values: Vec<Vec<SGlyph>> = c
            .bars
            .iter()
            .map(|b| self.sh.shape_str(&b.value, self.body, size, 0.0))
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
                marks.push(Mark::Text(TextLine {
                    glyphs: place(g, None, &[], x - w / 2.0),
                    size: tick_size,
                    baseline: baseline_in(top + 4.0, tick_size * 1.4, tick_size),
                    color: BLACK,
                    hscale: 1.0,
                    angle: 0.0,
                }));
            }
        };
        let bar = |marks: &mut Vec<Mark>, k: usize, top: f32| {
            let v = num(&c.bars[k].value);
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
            marks.push(Mark::Text(TextLine {
                glyphs,
                size,
                baseline,
                color: BLACK,
                hscale: 1.0,
                angle: 0.0,
            }));
            marks.push(Mark::Text(TextLine {
                glyphs: place(&values[k], None, &[], x0 + w + 4.0),
                size,
                baseline,
                color: BLACK,
                hscale: 1.0,
                angle: 0.0,
            }));
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

/// Common words of 公文 titles a line break should not cut.
const TITLE_WORDS: &[&str] = &[
    "关于",
    "年度",
    "全市",
    "全省",
    "全区",
    "全县",
    "专业",
    "办事",
    "大厅",
    "窗口",
    "服务",
    "工作",
    "考核",
    "结果",
    "情况",
    "通报",
    "通知",
    "报告",
    "意见",
    "决定",
    "批复",
    "有关",
    "事项",
    "进一步",
    "加强",
    "推进",
    "开展",
    "表彰",
    "先进",
    "集体",
    "个人",
    "单位",
    "部门",
    "中心",
    "政务",
    "行政",
    "管理",
    "委员会",
    "人民政府",
    "办公室",
    "检查",
    "评比",
    "明察暗访",
    "季度",
    "上半年",
    "下半年",
    "质量",
    "标准化",
    "规范化",
    "便利化",
    "第一季度",
    "第二季度",
    "第三季度",
    "第四季度",
    "年度考核",
    "专项检查",
];

/// Splits a title into two lines of different length (梯形), as balanced as possible, not
/// inside a digit run, a common word, or against the punctuation rules.
fn split_title(g: &[SGlyph]) -> Option<Vec<Vec<SGlyph>>> {
    let total = natural(g);
    if total <= WIDTH + 0.01 {
        return Some(vec![g.to_vec()]);
    }
    let s: Vec<char> = g.iter().map(|x| x.ch).collect();
    let mut inside_word = vec![false; s.len() + 1];
    for w in TITLE_WORDS {
        let wc: Vec<char> = w.chars().collect();
        for start in 0..s.len().saturating_sub(wc.len() - 1) {
            if s[start..start + wc.len()] == wc[..] {
                for w in &mut inside_word[start + 1..start + wc.len()] {
                    *w = true;
                }
            }
        }
    }
    let alnum = |c: char| c.is_ascii_alphanumeric() || c == '.';
    let mut best: Option<(f32, usize)> = None;
    let mut w1 = 0.0;
    for cut in 1..s.len() {
        w1 += g[cut - 1].width;
        let w2 = total - w1;
        if w1 > WIDTH + 0.01 {
            break;
        }
        if w2 > WIDTH + 0.01 || (w1 - w2).abs() < SIZE_2 + 0.5 {
            continue;
        }
        if (alnum(s[cut - 1]) && alnum(s[cut]))
            || linebreak::NO_START.contains(s[cut])
            || linebreak::NO_END.contains(s[cut - 1])
        {
            continue;
        }
        let score = (w1 - w2).abs() / SIZE_2 + if inside_word[cut] { 4.0 } else { 0.0 };
        if best.is_none_or(|(b, _)| score < b) {
            best = Some((score, cut));
        }
    }
    best.map(|(_, cut)| vec![g[..cut].to_vec(), g[cut..].to_vec()])
}

/// Where the paginator put something: the marks are moved into place once the last trial
/// pagination is chosen (a circular tries dozens to place its 版记).
enum Placement {
    /// Flow item `i`, its top at `y`.
    Item { i: usize, y: f32 },
    /// Header row `row` of table `table`, repeated at `y` on a continued page.
    Header { table: usize, row: usize, y: f32 },
}

struct Paginator<'h> {
    /// What each page holds, in drawing order.
    pages: Vec<Vec<Placement>>,
    /// Top of the free space on the current page.
    y: f32,
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
    fn into_pages(
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
                                marks.push(Mark::Text(TextLine {
                                    glyphs: std::mem::take(&mut spec.glyphs),
                                    size: spec.size,
                                    baseline: baseline_in(y, PITCH, spec.size),
                                    color: spec.color,
                                    hscale: 1.0,
                                    angle: 0.0,
                                }));
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

struct Banji {
    /// Text rows, each one grid line of 4号; the thin rule follows row `thin_after` rows.
    rows: Vec<Vec<Vec<Glyph>>>,
    thin_after: Option<usize>,
    height: f32,
}

/// 版记 rows: 抄送 (wrapped under the first name), then 印发机关 … 印发日期印发.
fn prepare_banji(doc: &Document, sh: &mut Shaper<'_>) -> Result<Option<Banji>, PdfError> {
    let mut cc = None;
    let mut printer = None;
    for b in &doc.blocks {
        match b {
            Block::CopyTo { text } => cc = Some(text),
            Block::Printer { org, date } => printer = Some((org, date)),
            _ => {}
        }
    }
    if cc.is_none() && printer.is_none() {
        return Ok(None);
    }
    let one = SIZE_4; // 一字 of 4号
    let mut rows: Vec<Vec<Vec<Glyph>>> = Vec::new();
    let mut thin_after = None;
    if let Some(cc) = cc {
        let mut g = sh.shape_str("抄送：", FontRole::FangSong, SIZE_4, 0.0);
        g.extend(sh.shape(cc, FontRole::FangSong, SIZE_4, 0.0));
        let st = ParaStyle {
            size: SIZE_4,
            left: LEFT + one,
            width: WIDTH - 2.0 * one,
            first_indent: 0.0,
            rest_indent: 3.0 * one,
            justify: true,
            align: Align::Left,
        };
        for l in paragraph(&g, &st) {
            rows.push(vec![l]);
        }
        if printer.is_some() {
            thin_after = Some(rows.len());
        }
    }
    if let Some((org, date)) = printer {
        let g = sh.shape(org, FontRole::FangSong, SIZE_4, 0.0);
        let mut d = sh.shape(date, FontRole::FangSong, SIZE_4, 0.0);
        d.extend(sh.shape_str("印发", FontRole::FangSong, SIZE_4, 0.0));
        let dx = RIGHT - one - natural(&d);
        if LEFT + one + natural(&g) > dx - one {
            return Err(PdfError::Layout(format!(
                "印发机关“{org}”太长，与印发日期排不进一行"
            )));
        }
        rows.push(vec![
            place(&g, None, &[], LEFT + one),
            place(&d, None, &[], dx),
        ]);
    }
    let height = rows.len() as f32 * PITCH;
    if height > HEIGHT / 2.0 {
        return Err(PdfError::Layout("抄送机关太多，版记超过半页".into()));
    }
    Ok(Some(Banji {
        rows,
        thin_after,
        height,
    }))
}

/// 版记 at the foot of the last page, which must be an even page (双面印刷: the back cover).
/// When the text could not be made to end on such a page: after an odd page a page of its own
/// follows (numbered); with no room on an even last page, a blank page and the 版记 page, both
/// unnumbered (§7.5).
fn place_banji(bj: Banji, pages: &mut Vec<Page>, end_y: f32) {
    let last = pages.len();
    let fits = end_y + PITCH / 2.0 <= BOTTOM - bj.height;
    let target = if last.is_multiple_of(2) && fits {
        last - 1
    } else if last % 2 == 1 {
        pages.push(Page {
            marks: Vec::new(),
            number: Some(last as u32 + 1),
        });
        last
    } else {
        for _ in 0..2 {
            pages.push(Page::default());
        }
        last + 1
    };
    let top = BOTTOM - bj.height;
    let page = &mut pages[target];
    let thick = 0.35 * MM;
    let thin = 0.25 * MM;
    page.marks.push(Mark::Fill {
        x: LEFT,
        y: top - thick / 2.0,
        w: WIDTH,
        h: thick,
        color: BLACK,
    });
    for (k, parts) in bj.rows.into_iter().enumerate() {
        let row_top = top + k as f32 * PITCH;
        let baseline = baseline_in(row_top, PITCH, SIZE_4);
        for glyphs in parts {
            page.marks.push(Mark::Text(TextLine {
                glyphs,
                size: SIZE_4,
                baseline,
                color: BLACK,
                hscale: 1.0,
                angle: 0.0,
            }));
        }
    }
    if let Some(k) = bj.thin_after {
        let y = top + k as f32 * PITCH;
        page.marks.push(Mark::Fill {
            x: LEFT,
            y: y - thin / 2.0,
            w: WIDTH,
            h: thin,
            color: BLACK,
        });
    }
    page.marks.push(Mark::Fill {
        x: LEFT,
        y: BOTTOM - thick,
        w: WIDTH,
        h: thick,
        color: BLACK,
    });
}

/// "— N —" in 4号 宋体, its top 7 mm below the 版心; odd pages right, even pages left, 空一字.
fn page_number(sh: &mut Shaper<'_>, page: &mut Page, n: u32) {
    let s = format!("—\u{2002}{n}\u{2002}—");
    let g = sh.shape_str(&s, FontRole::Song, SIZE_4, 0.0);
    let w = natural(&g);
    let x = if n % 2 == 1 {
        RIGHT - SIZE_4 - w
    } else {
        LEFT + SIZE_4
    };
    let desc = sh.fonts.face(FontRole::Song).descent;
    let em_top = BOTTOM + 7.0 * MM;
    page.marks.push(Mark::Text(TextLine {
        glyphs: place(&g, None, &[], x),
        size: SIZE_4,
        baseline: em_top + SIZE_4 * (1.0 + desc),
        color: BLACK,
        hscale: 1.0,
        angle: 0.0,
    }));
}

/// A large light diagonal 草稿 under everything, and a red warning line above the 版心.
fn draft_marks(sh: &mut Shaper<'_>, page: &mut Page) {
    let size = 150.0;
    let g = sh.shape_str("草稿", FontRole::Hei, size, 0.0);
    let w = natural(&g);
    let angle: f32 = 45.0;
    let (s, c) = angle.to_radians().sin_cos();
    // centre the text's midpoint on the page centre
    let (cx, cy) = (PAGE_W / 2.0, PAGE_H / 2.0);
    let mid_x = w / 2.0;
    let mid_y = size * 0.38;
    let ox = cx - (mid_x * c - mid_y * s);
    let oy = cy + (mid_x * s + mid_y * c);
    let glyphs = place(&g, None, &[], 0.0)
        .into_iter()
        .map(|gl| Glyph { x: ox + gl.x, ..gl })
        .collect();
    page.marks.insert(
        0,
        Mark::Text(TextLine {
            glyphs,
            size,
            baseline: oy,
            color: WATERMARK_GREY,
            hscale: 1.0,
            angle,
        }),
    );
    let g = sh.shape_str("草稿　数据未通过校验", FontRole::Hei, SIZE_3, 0.0);
    let w = natural(&g);
    page.marks.push(Mark::Text(TextLine {
        glyphs: place(&g, None, &[], (PAGE_W - w) / 2.0),
        size: SIZE_3,
        baseline: 18.0 * MM,
        color: RED,
        hscale: 1.0,
        angle: 0.0,
    }));
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
