//! Typesetting: document model → pages of positioned glyphs, rules and boxes ([`Page`]).
//!
//! Body content flows through the 22-line grid: every text line occupies one grid line box
//! (28.99 pt); tables and charts take their natural height and the flow resumes on the next
//! grid line. Page 1 of a 公文 carries the 版头 at fixed positions above the grid. The stages,
//! in order: shaping (`shape`), building the flow (`flow`, with `head`, `table`, `chart`),
//! pagination (`paginate`), then page furniture (`furniture`); this module runs them.

mod chart;
mod flow;
mod furniture;
mod head;
mod paginate;
mod shape;
mod table;

use super::fonts::{FontRole, Fonts};
use super::page::{Page, Rgb};
use super::{PdfError, Warning};
use crate::doc::{BodyFont, Document, Kind};
use flow::Builder;
use furniture::{draft_marks, page_number, place_banji, prepare_banji};
use paginate::paginate;
use shape::Shaper;
use std::collections::BTreeSet;

const BLACK: Rgb = [0.0, 0.0, 0.0];
/// 公文红. Written as sRGB, the colour space of the PDF/A output intent.
const RED: Rgb = [0.9, 0.0, 0.0];
const BAR: Rgb = [0.36, 0.45, 0.58];
const GRID_GREY: Rgb = [0.75, 0.75, 0.75];
const WATERMARK_GREY: Rgb = [0.88, 0.88, 0.88];

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
        part: None,
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
    let pg = paginate(&flow, &headers, start_line, banji.as_ref());
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
