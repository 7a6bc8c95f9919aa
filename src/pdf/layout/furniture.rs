//! Page furniture: the 版记 (抄送, 印发机关 and date between rules) at the foot of the last,
//! even page, page numbers, and the draft watermark and warning line.

use super::flow::{ParaStyle, paragraph};
use super::shape::{Shaper, natural, place};
use super::{BLACK, RED, WATERMARK_GREY};
use crate::doc::{Align, Block, Document};
use crate::pdf::PdfError;
use crate::pdf::fonts::FontRole;
use crate::pdf::geom::*;
use crate::pdf::page::{Glyph, Mark, Page, Part, TextLine};

pub(super) struct Banji {
    /// Text rows, each one grid line of 4号; the thin rule follows row `thin_after` rows.
    rows: Vec<(Part, Vec<Vec<Glyph>>)>,
    thin_after: Option<usize>,
    pub(super) height: f32,
}

/// 版记 rows: 抄送 (wrapped under the first name), then 印发机关 … 印发日期印发.
pub(super) fn prepare_banji(
    doc: &Document,
    sh: &mut Shaper<'_>,
) -> Result<Option<Banji>, PdfError> {
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
    let mut rows: Vec<(Part, Vec<Vec<Glyph>>)> = Vec::new();
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
            rows.push((Part::CopyTo, vec![l]));
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
        rows.push((
            Part::Printer,
            vec![place(&g, None, &[], LEFT + one), place(&d, None, &[], dx)],
        ));
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
pub(super) fn place_banji(bj: Banji, pages: &mut Vec<Page>, end_y: f32) {
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
    for (k, (part, parts)) in bj.rows.into_iter().enumerate() {
        let row_top = top + k as f32 * PITCH;
        let baseline = baseline_in(row_top, PITCH, SIZE_4);
        for glyphs in parts {
            page.marks.push(Mark::Text(TextLine::upright(
                glyphs,
                SIZE_4,
                baseline,
                BLACK,
                Some(part),
            )));
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
pub(super) fn page_number(sh: &mut Shaper<'_>, page: &mut Page, n: u32) {
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
    page.marks.push(Mark::Text(TextLine::upright(
        place(&g, None, &[], x),
        SIZE_4,
        em_top + SIZE_4 * (1.0 + desc),
        BLACK,
        Some(Part::PageNumber),
    )));
}

/// A large light diagonal 草稿 under everything, and a red warning line above the 版心.
pub(super) fn draft_marks(sh: &mut Shaper<'_>, page: &mut Page) {
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
            part: None,
        }),
    );
    let g = sh.shape_str("草稿　数据未通过校验", FontRole::Hei, SIZE_3, 0.0);
    let w = natural(&g);
    page.marks.push(Mark::Text(TextLine::upright(
        place(&g, None, &[], (PAGE_W - w) / 2.0),
        SIZE_3,
        18.0 * MM,
        RED,
        None,
    )));
}
