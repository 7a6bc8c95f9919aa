//! Glyph outlines of Type 2 charstrings: decoded, simplified within a tolerance far below a
//! printer dot, and re-encoded without hints or subroutines.
//!
//! Why: the CJK faces draw each character with many short curve pieces (FandolFang ≈ 90
//! per character) and carry hints that no PDF renderer at print resolution needs. A
//! circular uses ~300 distinct characters of the body face; embedded verbatim they are
//! ~125 KB, more than the whole document may weigh. Merging runs of smoothly joined pieces
//! into single cubics that stay within [`TOLERANCE`] of the original outline, and dropping
//! hints, roughly halves that. At 16 pt, one font unit (1/1000 em) is 0.006 mm; a 600 dpi
//! printer dot is 0.042 mm, about seven units.

/// Largest distance (font units) between an original outline and its simplified form.
pub(crate) const TOLERANCE: f64 = 3.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Pt {
    pub x: f64,
    pub y: f64,
}

const fn pt(x: f64, y: f64) -> Pt {
    Pt { x, y }
}

impl Pt {
    fn sub(self, o: Pt) -> Pt {
        pt(self.x - o.x, self.y - o.y)
    }
    fn add(self, o: Pt) -> Pt {
        pt(self.x + o.x, self.y + o.y)
    }
    fn scale(self, k: f64) -> Pt {
        pt(self.x * k, self.y * k)
    }
    fn dot(self, o: Pt) -> f64 {
        self.x * o.x + self.y * o.y
    }
    fn len(self) -> f64 {
        // not hypot: glyph coordinates are far from overflow, and glibc's hypot was a third
        // of a small run's time
        self.dot(self).sqrt()
    }
    fn unit(self) -> Option<Pt> {
        let l = self.len();
        (l > 1e-9).then(|| self.scale(1.0 / l))
    }
    fn round(self) -> Pt {
        pt(self.x.round(), self.y.round())
    }
}

/// A piece of a contour, from the end of the previous one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Seg {
    Line(Pt),
    Curve(Pt, Pt, Pt),
}

impl Seg {
    fn end(&self) -> Pt {
        match *self {
            Seg::Line(e) | Seg::Curve(_, _, e) => e,
        }
    }
}

/// A closed contour: the last piece ends at `start` (a closing line is explicit).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Contour {
    pub start: Pt,
    pub segs: Vec<Seg>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Glyph {
    /// The charstring's width operand (advance − nominalWidthX), when it has one.
    pub width: Option<f64>,
    pub contours: Vec<Contour>,
}

/// Where a charstring's subroutines are: the CFF bytes and the (start, end) of each.
pub(crate) struct Subrs<'a> {
    pub data: &'a [u8],
    pub global: &'a [(usize, usize)],
    pub local: &'a [(usize, usize)],
}

fn bias(count: usize) -> i64 {
    match count {
        0..1240 => 107,
        1240..33900 => 1131,
        _ => 32768,
    }
}

struct Decoder<'a> {
    subrs: &'a Subrs<'a>,
    stack: Vec<f64>,
    at: Pt,
    stems: usize,
    width_seen: bool,
    width: Option<f64>,
    contours: Vec<Contour>,
    current: Option<Contour>,
    ended: bool,
}

/// Decodes a Type 2 charstring into its outline. `None` for what fonts of this product do
/// not use (arithmetic operators, seac-style endchar) or malformed programs.
pub(crate) fn decode(code: &[u8], subrs: &Subrs) -> Option<Glyph> {
    let mut d = Decoder {
        subrs,
        stack: Vec::with_capacity(48),
        at: pt(0.0, 0.0),
        stems: 0,
        width_seen: false,
        width: None,
        contours: Vec::new(),
        current: None,
        ended: false,
    };
    d.run(code, 0)?;
    if !d.ended {
        return None;
    }
    Some(Glyph {
        width: d.width,
        contours: d.contours,
    })
}

impl Decoder<'_> {
    /// The first stack-clearing operator carries the width when it has one extra operand.
    fn take_width(&mut self, extra: bool) {
        if !self.width_seen {
            self.width_seen = true;
            if extra && !self.stack.is_empty() {
                self.width = Some(self.stack.remove(0));
            }
        }
    }

    fn close(&mut self) {
        if let Some(mut c) = self.current.take() {
            if c.segs.is_empty() {
                return;
            }
            if self.at != c.start {
                c.segs.push(Seg::Line(c.start));
            }
            self.contours.push(c);
        }
    }

    fn move_by(&mut self, d: Pt) {
        self.close();
        self.at = self.at.add(d);
        self.current = Some(Contour {
            start: self.at,
            segs: Vec::new(),
        });
    }

    fn line_by(&mut self, d: Pt) -> Option<()> {
        self.at = self.at.add(d);
        self.current.as_mut()?.segs.push(Seg::Line(self.at));
        Some(())
    }

    fn curve_by(&mut self, a: Pt, b: Pt, c: Pt) -> Option<()> {
        let c1 = self.at.add(a);
        let c2 = c1.add(b);
        let e = c2.add(c);
        self.at = e;
        self.current.as_mut()?.segs.push(Seg::Curve(c1, c2, e));
        Some(())
    }

    fn run(&mut self, code: &[u8], depth: u8) -> Option<()> {
        if depth > 10 {
            return None;
        }
        let mut i = 0;
        while i < code.len() && !self.ended {
            let b0 = code[i];
            i += 1;
            match b0 {
                28 => {
                    let v = i16::from_be_bytes(code.get(i..i + 2)?.try_into().ok()?);
                    i += 2;
                    self.stack.push(f64::from(v));
                }
                32..=246 => self.stack.push(f64::from(b0) - 139.0),
                247..=250 => {
                    let b1 = f64::from(*code.get(i)?);
                    i += 1;
                    self.stack
                        .push((f64::from(b0) - 247.0) * 256.0 + b1 + 108.0);
                }
                251..=254 => {
                    let b1 = f64::from(*code.get(i)?);
                    i += 1;
                    self.stack
                        .push(-(f64::from(b0) - 251.0) * 256.0 - b1 - 108.0);
                }
                255 => {
                    let v = i32::from_be_bytes(code.get(i..i + 4)?.try_into().ok()?);
                    i += 4;
                    self.stack.push(f64::from(v) / 65536.0);
                }
                // hstem, vstem, hstemhm, vstemhm
                1 | 3 | 18 | 23 => {
                    self.take_width(self.stack.len() % 2 == 1);
                    self.stems += self.stack.len() / 2;
                    self.stack.clear();
                }
                // hintmask, cntrmask: operands are an implied vstem
                19 | 20 => {
                    self.take_width(self.stack.len() % 2 == 1);
                    self.stems += self.stack.len() / 2;
                    self.stack.clear();
                    i += self.stems.div_ceil(8);
                }
                21 => {
                    self.take_width(self.stack.len() > 2);
                    let [dx, dy] = self.stack.get(..2)?.try_into().ok()?;
                    self.move_by(pt(dx, dy));
                    self.stack.clear();
                }
                22 | 4 => {
                    self.take_width(self.stack.len() > 1);
                    let v = *self.stack.first()?;
                    self.move_by(if b0 == 22 { pt(v, 0.0) } else { pt(0.0, v) });
                    self.stack.clear();
                }
                5 => {
                    let args = std::mem::take(&mut self.stack);
                    for p in args.chunks_exact(2) {
                        self.line_by(pt(p[0], p[1]))?;
                    }
                }
                6 | 7 => {
                    let args = std::mem::take(&mut self.stack);
                    for (k, v) in args.iter().enumerate() {
                        let horizontal = (k % 2 == 0) == (b0 == 6);
                        self.line_by(if horizontal { pt(*v, 0.0) } else { pt(0.0, *v) })?;
                    }
                }
                8 => {
                    let args = std::mem::take(&mut self.stack);
                    for c in args.chunks_exact(6) {
                        self.curve_by(pt(c[0], c[1]), pt(c[2], c[3]), pt(c[4], c[5]))?;
                    }
                }
                24 => {
                    let args = std::mem::take(&mut self.stack);
                    let (curves, line) = args.split_at(args.len().checked_sub(2)?);
                    for c in curves.chunks_exact(6) {
                        self.curve_by(pt(c[0], c[1]), pt(c[2], c[3]), pt(c[4], c[5]))?;
                    }
                    self.line_by(pt(line[0], line[1]))?;
                }
                25 => {
                    let args = std::mem::take(&mut self.stack);
                    let (lines, c) = args.split_at(args.len().checked_sub(6)?);
                    for p in lines.chunks_exact(2) {
                        self.line_by(pt(p[0], p[1]))?;
                    }
                    self.curve_by(pt(c[0], c[1]), pt(c[2], c[3]), pt(c[4], c[5]))?;
                }
                // vvcurveto, hhcurveto
                26 | 27 => {
                    let args = std::mem::take(&mut self.stack);
                    let (mut lead, rest) = if args.len() % 2 == 1 {
                        (args[0], &args[1..])
                    } else {
                        (0.0, &args[..])
                    };
                    for c in rest.chunks_exact(4) {
                        if b0 == 27 {
                            self.curve_by(pt(c[0], lead), pt(c[1], c[2]), pt(c[3], 0.0))?;
                        } else {
                            self.curve_by(pt(lead, c[0]), pt(c[1], c[2]), pt(0.0, c[3]))?;
                        }
                        lead = 0.0;
                    }
                }
                // vhcurveto, hvcurveto
                30 | 31 => {
                    let args = std::mem::take(&mut self.stack);
                    let mut horizontal = b0 == 31;
                    let mut k = 0;
                    while args.len() - k >= 4 {
                        let c = &args[k..k + 4];
                        let last = if args.len() - k == 5 {
                            args[k + 4]
                        } else {
                            0.0
                        };
                        if horizontal {
                            self.curve_by(pt(c[0], 0.0), pt(c[1], c[2]), pt(last, c[3]))?;
                        } else {
                            self.curve_by(pt(0.0, c[0]), pt(c[1], c[2]), pt(c[3], last))?;
                        }
                        horizontal = !horizontal;
                        k += 4;
                    }
                }
                10 | 29 => {
                    let list = if b0 == 10 {
                        self.subrs.local
                    } else {
                        self.subrs.global
                    };
                    let n = self.stack.pop()? as i64 + bias(list.len());
                    let (s, e) = *list.get(usize::try_from(n).ok()?)?;
                    let sub = self.subrs.data.get(s..e)?;
                    self.run(sub, depth + 1)?;
                }
                11 => return Some(()),
                14 => {
                    self.take_width(self.stack.len() == 1 || self.stack.len() == 5);
                    if !self.stack.is_empty() {
                        return None; // seac-style accented glyph
                    }
                    self.close();
                    self.ended = true;
                }
                12 => {
                    let b1 = *code.get(i)?;
                    i += 1;
                    let a = std::mem::take(&mut self.stack);
                    let start = self.at;
                    match (b1, a.len()) {
                        (35, 13) => {
                            self.curve_by(pt(a[0], a[1]), pt(a[2], a[3]), pt(a[4], a[5]))?;
                            self.curve_by(pt(a[6], a[7]), pt(a[8], a[9]), pt(a[10], a[11]))?;
                        }
                        (34, 7) => {
                            self.curve_by(pt(a[0], 0.0), pt(a[1], a[2]), pt(a[3], 0.0))?;
                            let dy = start.y - (self.at.y);
                            self.curve_by(pt(a[4], 0.0), pt(a[5], dy), pt(a[6], 0.0))?;
                        }
                        (36, 9) => {
                            self.curve_by(pt(a[0], a[1]), pt(a[2], a[3]), pt(a[4], 0.0))?;
                            let c3 = self.at.add(pt(a[5], 0.0));
                            let c4 = c3.add(pt(a[6], a[7]));
                            let e = pt(c4.x + a[8], start.y);
                            self.curve_by(c3.sub(self.at), c4.sub(c3), e.sub(c4))?;
                        }
                        (37, 11) => {
                            let sum =
                                (0..5).fold(pt(0.0, 0.0), |s, k| s.add(pt(a[2 * k], a[2 * k + 1])));
                            self.curve_by(pt(a[0], a[1]), pt(a[2], a[3]), pt(a[4], a[5]))?;
                            let c3 = self.at.add(pt(a[6], a[7]));
                            let c4 = c3.add(pt(a[8], a[9]));
                            let e = if sum.x.abs() > sum.y.abs() {
                                pt(c4.x + a[10], start.y)
                            } else {
                                pt(start.x, c4.y + a[10])
                            };
                            self.curve_by(c3.sub(self.at), c4.sub(c3), e.sub(c4))?;
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            }
            if self.stack.len() > 48 {
                return None;
            }
        }
        Some(())
    }
}

// --- simplification ---

fn bezier(p0: Pt, p1: Pt, p2: Pt, p3: Pt, t: f64) -> Pt {
    let u = 1.0 - t;
    p0.scale(u * u * u)
        .add(p1.scale(3.0 * u * u * t))
        .add(p2.scale(3.0 * u * t * t))
        .add(p3.scale(t * t * t))
}

/// `n` points along a piece starting at `from`, excluding `from`, including its end.
fn samples(from: Pt, seg: &Seg, n: usize, out: &mut Vec<Pt>) {
    for k in 1..=n {
        let t = k as f64 / n as f64;
        out.push(match *seg {
            Seg::Line(e) => from.add(e.sub(from).scale(t)),
            Seg::Curve(c1, c2, e) => bezier(from, c1, c2, e, t),
        });
    }
}

fn start_tangent(from: Pt, seg: &Seg) -> Option<Pt> {
    match *seg {
        Seg::Line(e) => e.sub(from).unit(),
        Seg::Curve(c1, c2, e) => [c1, c2, e].iter().find_map(|q| q.sub(from).unit()),
    }
}

fn end_tangent(from: Pt, seg: &Seg) -> Option<Pt> {
    match *seg {
        Seg::Line(e) => e.sub(from).unit(),
        Seg::Curve(c1, c2, e) => [c2, c1, from].iter().find_map(|q| e.sub(*q).unit()),
    }
}

/// Squared distance from `p` to the segment `a`–`b`.
fn distance2_to_segment(p: Pt, a: Pt, b: Pt) -> f64 {
    let ab = b.sub(a);
    let l = ab.dot(ab);
    let t = if l == 0.0 {
        0.0
    } else {
        (p.sub(a).dot(ab) / l).clamp(0.0, 1.0)
    };
    let d = p.sub(a.add(ab.scale(t)));
    d.dot(d)
}

#[cfg(test)]
fn distance_to_polyline(p: Pt, poly: &[Pt]) -> f64 {
    poly.windows(2)
        .map(|w| distance2_to_segment(p, w[0], w[1]))
        .fold(f64::INFINITY, f64::min)
        .sqrt()
}

/// Whether `p` lies within `r` of the polyline: squared distances, first hit wins.
fn within(p: Pt, poly: &[Pt], r: f64) -> bool {
    nearby(p, poly, r, 0).is_some()
}

/// A piece of the polyline (index of its first point) within `r` of `p`, searched from piece
/// `hint` onwards, then from the start: the fitting tests every point of every candidate
/// curve, and a good hint finds the piece at once.
fn nearby(p: Pt, poly: &[Pt], r: f64, hint: usize) -> Option<usize> {
    let r2 = r * r;
    let pieces = poly.len().saturating_sub(1);
    let hint = hint.min(pieces);
    (hint..pieces)
        .chain(0..hint)
        .find(|&k| distance2_to_segment(p, poly[k], poly[k + 1]) <= r2)
}

/// Joins within 20° count as smooth: merging across a sharper corner would round it.
fn smooth(a_from: Pt, a: &Seg, b: &Seg) -> bool {
    match (end_tangent(a_from, a), start_tangent(a.end(), b)) {
        (Some(t1), Some(t0)) => t1.dot(t0) > 20f64.to_radians().cos(),
        _ => false,
    }
}

/// One Newton step towards the parameter of the point of `c` nearest to `p`.
fn reparameterize(c: [Pt; 4], p: Pt, t: f64) -> f64 {
    let u = 1.0 - t;
    let q = bezier(c[0], c[1], c[2], c[3], t);
    let d1 = c[1]
        .sub(c[0])
        .scale(3.0 * u * u)
        .add(c[2].sub(c[1]).scale(6.0 * u * t))
        .add(c[3].sub(c[2]).scale(3.0 * t * t));
    let d2 = c[2]
        .sub(c[1].scale(2.0))
        .add(c[0])
        .scale(6.0 * u)
        .add(c[3].sub(c[2].scale(2.0)).add(c[1]).scale(6.0 * t));
    let diff = q.sub(p);
    let den = d1.dot(d1) + diff.dot(d2);
    if den.abs() < 1e-12 {
        return t;
    }
    (t - diff.dot(d1) / den).clamp(0.0, 1.0)
}

/// One cubic with the run's end tangents, least-squares fitted to points along the run
/// (Schneider's method: chord-length parameters, refined by Newton steps), accepted only
/// if both outlines lie within `tol` of each other.
fn fit(from: Pt, run: &[Seg], tol: f64) -> Option<Seg> {
    let last_from = if run.len() > 1 {
        run[run.len() - 2].end()
    } else {
        from
    };
    let p3 = run.last()?.end();
    let t0 = start_tangent(from, &run[0])?;
    let t1 = end_tangent(last_from, run.last()?)?;
    let mut pts = vec![from];
    let mut at = from;
    for s in run {
        samples(at, s, 8, &mut pts);
        at = s.end();
    }
    let mut acc = vec![0.0];
    for w in pts.windows(2) {
        acc.push(acc[acc.len() - 1] + w[1].sub(w[0]).len());
    }
    let total = *acc.last()?;
    if total < 1e-9 {
        return None;
    }
    let mut ts: Vec<f64> = acc.iter().map(|d| d / total).collect();
    for _ in 0..4 {
        let (mut c00, mut c01, mut c11, mut x0, mut x1) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for (p, t) in pts.iter().zip(&ts) {
            let u = 1.0 - t;
            let (b0, b1, b2, b3) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            let a1 = t0.scale(b1);
            let a2 = t1.scale(-b2);
            let rest = p.sub(from.scale(b0 + b1).add(p3.scale(b2 + b3)));
            c00 += a1.dot(a1);
            c01 += a1.dot(a2);
            c11 += a2.dot(a2);
            x0 += a1.dot(rest);
            x1 += a2.dot(rest);
        }
        let det = c00 * c11 - c01 * c01;
        if det.abs() < 1e-12 {
            return None;
        }
        let alpha1 = (x0 * c11 - x1 * c01) / det;
        let alpha2 = (c00 * x1 - c01 * x0) / det;
        if alpha1 <= 0.0 || alpha2 <= 0.0 {
            return None;
        }
        let c = [
            from,
            from.add(t0.scale(alpha1)).round(),
            p3.sub(t1.scale(alpha2)).round(),
            p3,
        ];
        // distance to the point at the sample's parameter bounds the distance to the curve
        let worst = pts
            .iter()
            .zip(&ts)
            .map(|(p, t)| bezier(c[0], c[1], c[2], c[3], *t).sub(*p).len())
            .fold(0.0, f64::max);
        if worst <= tol {
            // and the other way round, for bulges between samples
            let fitted: Vec<Pt> = (0..=32)
                .map(|k| bezier(c[0], c[1], c[2], c[3], f64::from(k) / 32.0))
                .collect();
            // consecutive points of the curve lie near consecutive pieces of the polyline:
            // each search starts where the previous point was found
            let mut hint = 0;
            let close = fitted.iter().all(|p| match nearby(*p, &pts, tol, hint) {
                Some(k) => {
                    hint = k;
                    true
                }
                None => false,
            });
            return close.then_some(Seg::Curve(c[1], c[2], p3));
        }
        if worst > 10.0 * tol {
            return None; // too far for better parameters to help
        }
        for (t, p) in ts.iter_mut().zip(&pts) {
            *t = reparameterize(c, *p, *t);
        }
    }
    None
}

/// Merges runs of smoothly joined pieces (collinear lines into one line, curves into one
/// cubic) and flattens curves that are straight within `tol`.
pub(crate) fn simplify(c: &Contour, tol: f64) -> Contour {
    let segs = &c.segs;
    let from_of = |k: usize| if k == 0 { c.start } else { segs[k - 1].end() };
    let mut out = Vec::with_capacity(segs.len());
    let mut i = 0;
    while i < segs.len() {
        let from = from_of(i);
        let mut best: Option<(usize, Seg)> = None;
        let mut j = i + 1;
        while j < segs.len() && smooth(from_of(j - 1), &segs[j - 1], &segs[j]) {
            let run = &segs[i..=j];
            let merged = if run.iter().all(|s| matches!(s, Seg::Line(_))) {
                let chord = [from, segs[j].end()];
                run[..run.len() - 1]
                    .iter()
                    .all(|s| within(s.end(), &chord, tol))
                    .then_some(Seg::Line(segs[j].end()))
            } else {
                fit(from, run, tol)
            };
            match merged {
                Some(s) => best = Some((j, s)),
                None => break,
            }
            j += 1;
        }
        match best {
            Some((j, s)) => {
                out.push(s);
                i = j + 1;
            }
            None => {
                let s = segs[i];
                out.push(match s {
                    Seg::Curve(c1, c2, e)
                        if within(c1, &[from, e], tol / 2.0)
                            && within(c2, &[from, e], tol / 2.0) =>
                    {
                        Seg::Line(e)
                    }
                    s => s,
                });
                i += 1;
            }
        }
    }
    Contour {
        start: c.start,
        segs: out,
    }
}

// --- encoding ---

fn push_number(out: &mut Vec<u8>, v: i32) {
    match v {
        -107..=107 => out.push((v + 139) as u8),
        108..=1131 => {
            let w = v - 108;
            out.push((w >> 8) as u8 + 247);
            out.push((w & 0xFF) as u8);
        }
        -1131..=-108 => {
            let w = -v - 108;
            out.push((w >> 8) as u8 + 251);
            out.push((w & 0xFF) as u8);
        }
        _ => {
            out.push(28);
            out.extend((v.clamp(-32768, 32767) as i16).to_be_bytes());
        }
    }
}

fn push_op(out: &mut Vec<u8>, args: &[i32], op: u8) {
    for a in args {
        push_number(out, *a);
    }
    out.push(op);
}

/// Relative pieces in integer units.
#[derive(Clone, Copy)]
enum Rel {
    Line(i32, i32),
    Curve([i32; 6]),
}

/// Whether a curve fits hv/vh/hh/vv-curveto, which take fewer operands than rrcurveto.
fn has_shorthand(c: &[i32; 6]) -> bool {
    c[4] == 0 || c[5] == 0
}

/// The Type 2 stack holds 48 operands; runs are cut well below that.
const MAX_ARGS: usize = 40;

fn encode_pieces(out: &mut Vec<u8>, rel: &[Rel]) {
    let mut i = 0;
    while i < rel.len() {
        let mut args: Vec<i32> = Vec::new();
        match rel[i] {
            Rel::Line(dx, dy) if dx == 0 || dy == 0 => {
                // alternate horizontal and vertical lines
                let op = if dy == 0 { 6 } else { 7 };
                let mut horizontal = dy == 0;
                while let Some(Rel::Line(dx, dy)) = rel.get(i) {
                    let fits = if horizontal { *dy == 0 } else { *dx == 0 };
                    if !fits || args.len() >= MAX_ARGS {
                        break;
                    }
                    args.push(if horizontal { *dx } else { *dy });
                    horizontal = !horizontal;
                    i += 1;
                }
                push_op(out, &args, op);
            }
            Rel::Line(..) => {
                while let Some(Rel::Line(dx, dy)) = rel.get(i) {
                    if *dx == 0 || *dy == 0 || args.len() >= MAX_ARGS {
                        break;
                    }
                    args.extend([*dx, *dy]);
                    i += 1;
                }
                push_op(out, &args, 5);
            }
            Rel::Curve(c) if (c[1] == 0 && c[4] == 0) || (c[0] == 0 && c[5] == 0) => {
                // alternating hvcurveto / vhcurveto; the last may end off-axis
                let op = if c[1] == 0 { 31 } else { 30 };
                let mut horizontal = c[1] == 0;
                while let Some(Rel::Curve(c)) = rel.get(i) {
                    let starts = if horizontal { c[1] == 0 } else { c[0] == 0 };
                    if !starts || args.len() >= MAX_ARGS {
                        break;
                    }
                    let (a, end_along, end_off) = if horizontal {
                        (c[0], c[5], c[4])
                    } else {
                        (c[1], c[4], c[5])
                    };
                    args.extend([a, c[2], c[3], end_along]);
                    i += 1;
                    if end_off != 0 {
                        args.push(end_off);
                        break;
                    }
                    horizontal = !horizontal;
                }
                push_op(out, &args, op);
            }
            Rel::Curve(c) if c[5] == 0 || c[4] == 0 => {
                // hhcurveto (ends horizontal) / vvcurveto (ends vertical); the first
                // may start off-axis
                let hh = c[5] == 0;
                let lead = if hh { c[1] } else { c[0] };
                if lead != 0 {
                    args.push(lead);
                }
                let mut first = true;
                while let Some(Rel::Curve(c)) = rel.get(i) {
                    let (along, off, end_off) = if hh {
                        (c[0], c[1], c[5])
                    } else {
                        (c[1], c[0], c[4])
                    };
                    if end_off != 0 || (!first && off != 0) || args.len() >= MAX_ARGS {
                        break;
                    }
                    let end = if hh { c[4] } else { c[5] };
                    args.extend([along, c[2], c[3], end]);
                    first = false;
                    i += 1;
                }
                push_op(out, &args, if hh { 27 } else { 26 });
            }
            Rel::Curve(_) => {
                while let Some(Rel::Curve(c)) = rel.get(i) {
                    if args.len() >= MAX_ARGS || (!args.is_empty() && has_shorthand(c)) {
                        break;
                    }
                    args.extend(c);
                    i += 1;
                }
                push_op(out, &args, 8);
            }
        }
    }
}

/// A hint-free, subroutine-free charstring drawing `g`, with coordinates rounded to units.
pub(crate) fn encode(g: &Glyph) -> Vec<u8> {
    let mut out = Vec::new();
    let mut width = g.width.map(|w| w.round() as i32);
    let mut at = pt(0.0, 0.0);
    for c in &g.contours {
        let start = c.start.round();
        let mut rel = Vec::with_capacity(c.segs.len());
        let mut p = start;
        for (k, s) in c.segs.iter().enumerate() {
            let d = |q: Pt, from: Pt| {
                let v = q.round().sub(from);
                (v.x as i32, v.y as i32)
            };
            match *s {
                // the closing line is implied by the next moveto or endchar
                Seg::Line(e) if k + 1 == c.segs.len() && e.round() == start => {}
                Seg::Line(e) => {
                    let (dx, dy) = d(e, p);
                    if (dx, dy) != (0, 0) {
                        rel.push(Rel::Line(dx, dy));
                    }
                    p = e.round();
                }
                Seg::Curve(c1, c2, e) => {
                    let (a, b) = d(c1, p);
                    let (cc, dd) = d(c2, c1.round());
                    let (ee, ff) = d(e, c2.round());
                    if [a, b, cc, dd, ee, ff] != [0; 6] {
                        rel.push(Rel::Curve([a, b, cc, dd, ee, ff]));
                    }
                    p = e.round();
                }
            }
        }
        if rel.is_empty() {
            continue;
        }
        let (dx, dy) = {
            let v = start.sub(at);
            (v.x as i32, v.y as i32)
        };
        let mut args: Vec<i32> = width.take().into_iter().collect();
        let op = match (dx, dy) {
            (_, 0) => {
                args.push(dx);
                22
            }
            (0, _) => {
                args.push(dy);
                4
            }
            _ => {
                args.extend([dx, dy]);
                21
            }
        };
        push_op(&mut out, &args, op);
        encode_pieces(&mut out, &rel);
        at = p;
    }
    let args: Vec<i32> = width.into_iter().collect();
    push_op(&mut out, &args, 14);
    out
}

/// Decodes, simplifies and re-encodes one charstring.
pub(crate) fn rewrite(code: &[u8], subrs: &Subrs) -> Option<Vec<u8>> {
    let mut g = decode(code, subrs)?;
    for c in &mut g.contours {
        *c = simplify(c, TOLERANCE);
    }
    Some(encode(&g))
}

/// The largest distance from a point of either contour to the other, densely sampled.
#[cfg(test)]
pub(crate) fn max_deviation(a: &Contour, b: &Contour) -> f64 {
    let dense = |c: &Contour| {
        let mut v = vec![c.start];
        let mut at = c.start;
        for s in &c.segs {
            // a curve gets a point every ~4 units, so the polyline's own error stays far below
            // the tolerance; a line is exact as it is
            let n = match *s {
                Seg::Line(_) => 1.0,
                Seg::Curve(c1, c2, e) => {
                    ((c1.sub(at).len() + c2.sub(c1).len() + e.sub(c2).len()) / 4.0).ceil()
                }
            };
            samples(at, s, n.max(1.0) as usize, &mut v);
            at = s.end();
        }
        v
    };
    let (pa, pb) = (dense(a), dense(b));
    let one_way = |from: &[Pt], to: &[Pt]| {
        from.iter()
            .map(|p| distance_to_polyline(*p, to))
            .fold(0.0, f64::max)
    };
    one_way(&pa, &pb).max(one_way(&pb, &pa))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_SUBRS: Subrs = Subrs {
        data: &[],
        global: &[],
        local: &[],
    };

    fn charstring(args_ops: &[(&[i32], u8)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (args, op) in args_ops {
            push_op(&mut out, args, *op);
        }
        out
    }

    #[test]
    fn decodes_width_hints_and_shorthand_operators() {
        // width 250, two hstems, hintmask (1 byte), a square drawn with hlineto/vlineto
        let mut code = charstring(&[(&[250, 10, 20, 30, 40], 1)]);
        code.extend([19, 0xC0]);
        code.extend(charstring(&[(&[100, 200], 21), (&[50, 60, -50], 6)]));
        code.push(14);
        let g = decode(&code, &NO_SUBRS).expect("decodes");
        assert_eq!(g.width, Some(250.0));
        assert_eq!(
            g.contours,
            vec![Contour {
                start: pt(100.0, 200.0),
                segs: vec![
                    Seg::Line(pt(150.0, 200.0)),
                    Seg::Line(pt(150.0, 260.0)),
                    Seg::Line(pt(100.0, 260.0)),
                    Seg::Line(pt(100.0, 200.0)),
                ],
            }]
        );
    }

    #[test]
    fn decodes_curve_shorthands_and_subroutines() {
        // local subr 0 (bias 107 → index -107) holds an hvcurveto with a final off-axis delta
        let mut data = charstring(&[(&[10, 5, 5, 10, 3], 31)]);
        data.push(11);
        let local = [(0usize, data.len())];
        let subrs = Subrs {
            data: &data,
            global: &[],
            local: &local,
        };
        let mut code = charstring(&[(&[0, 0], 21), (&[-107], 10)]);
        code.extend(charstring(&[(&[7, 1, 2, 3, 4], 27)])); // hhcurveto with dy1 = 7
        code.push(14);
        let g = decode(&code, &subrs).expect("decodes");
        assert_eq!(g.width, None);
        let segs = &g.contours[0].segs;
        assert_eq!(
            segs[0],
            Seg::Curve(pt(10.0, 0.0), pt(15.0, 5.0), pt(18.0, 15.0))
        );
        assert_eq!(
            segs[1],
            Seg::Curve(pt(19.0, 22.0), pt(21.0, 25.0), pt(25.0, 25.0))
        );
        assert_eq!(segs[2], Seg::Line(pt(0.0, 0.0)), "closing line is explicit");
    }

    #[test]
    fn unsupported_operators_are_refused() {
        let mut code = charstring(&[(&[1, 2], 21)]);
        code.extend([12, 10, 14]); // `add`
        assert_eq!(decode(&code, &NO_SUBRS), None);
        assert_eq!(decode(&[139, 139, 21], &NO_SUBRS), None, "no endchar");
    }

    /// Splits a cubic at `t` (de Casteljau).
    fn split(p0: Pt, c: Seg, t: f64) -> (Seg, Seg) {
        let Seg::Curve(p1, p2, p3) = c else {
            unreachable!()
        };
        let lerp = |a: Pt, b: Pt| a.add(b.sub(a).scale(t));
        let (a, b, cc) = (lerp(p0, p1), lerp(p1, p2), lerp(p2, p3));
        let (d, e) = (lerp(a, b), lerp(b, cc));
        let m = lerp(d, e);
        (Seg::Curve(a, d, m), Seg::Curve(e, cc, p3))
    }

    #[test]
    fn pieces_of_one_cubic_merge_back_into_it() {
        let p0 = pt(0.0, 0.0);
        let whole = Seg::Curve(pt(0.0, 300.0), pt(200.0, 500.0), pt(500.0, 500.0));
        let (a, rest) = split(p0, whole, 0.3);
        let (b, c) = split(a.end(), rest, 0.5);
        let contour = Contour {
            start: p0,
            segs: vec![a, b, c, Seg::Line(p0)],
        };
        let s = simplify(&contour, TOLERANCE);
        assert_eq!(s.segs.len(), 2, "{:?}", s.segs);
        let Seg::Curve(c1, c2, e) = s.segs[0] else {
            panic!("{:?}", s.segs[0])
        };
        assert_eq!(e, pt(500.0, 500.0));
        // measured independently of the fitter: densely sampled, both ways
        let dense = |c: Seg| -> Vec<Pt> {
            let mut v = vec![p0];
            samples(p0, &c, 1000, &mut v);
            v
        };
        let (merged, original) = (dense(Seg::Curve(c1, c2, e)), dense(whole));
        let gap = |a: &[Pt], b: &[Pt]| {
            a.iter()
                .map(|p| distance_to_polyline(*p, b))
                .fold(0.0, f64::max)
        };
        let worst = gap(&merged, &original).max(gap(&original, &merged));
        assert!(worst <= TOLERANCE, "deviation {worst}");
        assert!(
            worst > 0.0,
            "rounded control points move the curve a little"
        );
    }

    #[test]
    fn corners_stay_and_collinear_lines_merge() {
        let c = Contour {
            start: pt(0.0, 0.0),
            segs: vec![
                Seg::Line(pt(100.0, 0.0)),
                Seg::Line(pt(200.0, 1.0)), // within tolerance of the chord
                Seg::Line(pt(200.0, 200.0)),
                Seg::Line(pt(0.0, 200.0)),
                Seg::Line(pt(0.0, 0.0)),
            ],
        };
        let s = simplify(&c, TOLERANCE);
        assert_eq!(
            s.segs,
            vec![
                Seg::Line(pt(200.0, 1.0)),
                Seg::Line(pt(200.0, 200.0)),
                Seg::Line(pt(0.0, 200.0)),
                Seg::Line(pt(0.0, 0.0)),
            ]
        );
    }

    #[test]
    fn a_different_curve_is_not_merged() {
        // an S-bend: one cubic with these end tangents cannot follow it within tolerance
        let p0 = pt(0.0, 0.0);
        let a = Seg::Curve(pt(50.0, 0.0), pt(100.0, 50.0), pt(100.0, 100.0));
        let b = Seg::Curve(pt(100.0, 150.0), pt(150.0, 200.0), pt(200.0, 200.0));
        let c = Contour {
            start: p0,
            segs: vec![a, b, Seg::Line(p0)],
        };
        assert_eq!(simplify(&c, TOLERANCE).segs, c.segs);
    }

    #[test]
    fn encoding_round_trips_through_the_decoder() {
        let g = Glyph {
            width: Some(-12.0),
            contours: vec![
                Contour {
                    start: pt(100.0, 0.0),
                    segs: vec![
                        Seg::Line(pt(300.0, 0.0)),                                        // hlineto
                        Seg::Line(pt(300.0, 40.0)),                                       // vlineto
                        Seg::Line(pt(350.0, 90.0)),                                       // rlineto
                        Seg::Curve(pt(400.0, 90.0), pt(450.0, 120.0), pt(450.0, 170.0)),  // hv
                        Seg::Curve(pt(450.0, 220.0), pt(420.0, 250.0), pt(380.0, 250.0)), // vh
                        Seg::Curve(pt(330.0, 260.0), pt(300.0, 280.0), pt(250.0, 280.0)), // hh + dy1
                        Seg::Curve(pt(200.0, 300.0), pt(150.0, 310.0), pt(120.0, 330.0)), // rr
                        Seg::Curve(pt(110.0, 300.0), pt(100.0, 250.0), pt(100.0, 200.0)), // vv + dx1
                        Seg::Line(pt(100.0, 0.0)),
                    ],
                },
                Contour {
                    start: pt(600.0, 600.0),
                    segs: vec![
                        Seg::Curve(pt(650.0, 600.0), pt(700.0, 650.0), pt(700.0, 700.0)),
                        Seg::Line(pt(600.0, 600.0)),
                    ],
                },
            ],
        };
        let code = encode(&g);
        assert_eq!(decode(&code, &NO_SUBRS), Some(g));
        // the horizontal and vertical lines share one hlineto
        for op in [6, 5, 31, 27, 8, 26] {
            assert!(code.contains(&op), "operator {op} used: {code:?}");
        }
    }
}
