//! GB/T 9704-2012 page geometry in PDF points, measured from the page's top-left corner
//! (the layout works top-down; the writer flips y). The measures are those of GB/T 9704-2012
//! §5 (版心, 行数, 字数) and §7.

pub const MM: f32 = 72.0 / 25.4;
pub const PAGE_W: f32 = 210.0 * MM;
pub const PAGE_H: f32 = 297.0 * MM;
/// 订口 28 mm.
pub const LEFT: f32 = 28.0 * MM;
/// 天头 37 mm.
pub const TOP: f32 = 37.0 * MM;
/// 版心 156 × 225 mm.
pub const WIDTH: f32 = 156.0 * MM;
pub const HEIGHT: f32 = 225.0 * MM;
pub const RIGHT: f32 = LEFT + WIDTH;
pub const BOTTOM: f32 = TOP + HEIGHT;
pub const LINES: usize = 22;
pub const CHARS: usize = 28;
/// Line pitch of the 22-line grid: 28.99 pt.
pub const PITCH: f32 = HEIGHT / LINES as f32;
/// Character pitch of the 28-character grid (one 字 of body text): 15.79 pt.
pub const CELL: f32 = WIDTH / CHARS as f32;

/// 2号 (titles), 3号 (body), 4号 (page numbers, 版记, tables), 小四, 五号.
pub const SIZE_2: f32 = 22.0;
pub const SIZE_3: f32 = 16.0;
pub const SIZE_4: f32 = 14.0;
pub const SIZE_S4: f32 = 12.0;
pub const SIZE_5: f32 = 10.5;

/// Tracking that puts 3号 characters on the 15.79 pt grid (−0.21 pt).
pub const BODY_TRACKING: f32 = CELL - SIZE_3;

/// Ideographic em box of every shipped face: 880 above, 120 below the baseline (OS/2 typo
/// metrics). Lines of mixed faces share a baseline computed with it.
pub const IDEO_ASCENT: f32 = 0.88;

/// Top of grid line `k` (0-based) of a page.
pub fn grid_top(k: usize) -> f32 {
    TOP + k as f32 * PITCH
}

/// Baseline for a line box starting at `top` of height `h` holding `size` type: the
/// ideographic em box is centred in the box (spec §4: em top = box top + 6.49 pt for 3号).
pub fn baseline_in(top: f32, h: f32, size: f32) -> f32 {
    top + (h - size) / 2.0 + IDEO_ASCENT * size
}

/// First grid line whose top is at or below `y`.
pub fn grid_at_or_below(y: f32) -> usize {
    let k = ((y - TOP) / PITCH - 1e-3).ceil();
    if k < 0.0 { 0 } else { k as usize }
}
