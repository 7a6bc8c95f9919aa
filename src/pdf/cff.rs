//! A fast subsetter for the CID-keyed CFF faces (FandolFang and the Noto CJK faces).
//!
//! The CFF table is indexed once when the fonts are loaded.
//! Each glyph's charstring is rewritten once per run (see [`super::outline`]: simplified
//! outline, no hints, subroutines inlined) and cached, so a document's subset is a copy of
//! its glyphs' programs.
//!
//! The subset keeps every glyph's original CID (charset format 0), so the Identity-H codes
//! written in content streams are the CIDs.

use super::sfnt::u16_at;

fn uint(b: &[u8], o: usize, size: usize) -> Option<u32> {
    let s = b.get(o..o + size)?;
    Some(s.iter().fold(0u32, |acc, x| (acc << 8) | u32::from(*x)))
}

/// An INDEX at `pos`: absolute (start, end) of each item, and the end of the INDEX.
fn index(b: &[u8], pos: usize) -> Option<(Vec<(usize, usize)>, usize)> {
    let count = usize::from(u16_at(b, pos)?);
    if count == 0 {
        return Some((Vec::new(), pos + 2));
    }
    let off_size = usize::from(*b.get(pos + 2)?);
    if !(1..=4).contains(&off_size) {
        return None;
    }
    let base = pos + 3 + (count + 1) * off_size - 1;
    let mut items = Vec::with_capacity(count);
    let mut prev = uint(b, pos + 3, off_size)? as usize;
    for k in 1..=count {
        let next = uint(b, pos + 3 + k * off_size, off_size)? as usize;
        if next < prev {
            return None;
        }
        items.push((base + prev, base + next));
        prev = next;
    }
    let end = base + prev;
    (end <= b.len()).then_some((items, end))
}

fn write_index(out: &mut Vec<u8>, items: &[&[u8]]) {
    out.extend((items.len() as u16).to_be_bytes());
    if items.is_empty() {
        return;
    }
    let total: usize = items.iter().map(|i| i.len()).sum::<usize>() + 1;
    let off_size = match total {
        0..=0xFF => 1,
        0x100..=0xFFFF => 2,
        0x1_0000..=0xFF_FFFF => 3,
        _ => 4,
    };
    out.push(off_size as u8);
    let mut off = 1usize;
    let put = |out: &mut Vec<u8>, v: usize| {
        out.extend(&(v as u32).to_be_bytes()[4 - off_size..]);
    };
    put(out, off);
    for i in items {
        off += i.len();
        put(out, off);
    }
    for i in items {
        out.extend(*i);
    }
}

/// One DICT entry: operator (12 x as 1200 + x) and its raw operand bytes.
#[derive(Clone)]
struct Entry {
    op: u16,
    operands: Vec<u8>,
}

fn parse_dict(b: &[u8]) -> Option<Vec<Entry>> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut start = 0;
    while i < b.len() {
        let b0 = b[i];
        match b0 {
            0..=21 => {
                let op = if b0 == 12 {
                    i += 1;
                    1200 + u16::from(*b.get(i)?)
                } else {
                    u16::from(b0)
                };
                let operands = b[start..if b0 == 12 { i - 1 } else { i }].to_vec();
                out.push(Entry { op, operands });
                i += 1;
                start = i;
            }
            28 => i += 3,
            29 => i += 5,
            30 => {
                i += 1;
                while i < b.len() {
                    let x = b[i];
                    i += 1;
                    if x & 0x0F == 0x0F || x >> 4 == 0x0F {
                        break;
                    }
                }
            }
            32..=246 => i += 1,
            247..=254 => i += 2,
            _ => return None,
        }
    }
    Some(out)
}

/// Integer operands of an entry.
fn ints(operands: &[u8]) -> Option<Vec<i64>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < operands.len() {
        let b0 = operands[i];
        let v = match b0 {
            28 => {
                let v = i16::from_be_bytes(operands.get(i + 1..i + 3)?.try_into().ok()?);
                i += 3;
                i64::from(v)
            }
            29 => {
                let v = i32::from_be_bytes(operands.get(i + 1..i + 5)?.try_into().ok()?);
                i += 5;
                i64::from(v)
            }
            32..=246 => {
                i += 1;
                i64::from(b0) - 139
            }
            247..=250 => {
                let b1 = i64::from(*operands.get(i + 1)?);
                i += 2;
                (i64::from(b0) - 247) * 256 + b1 + 108
            }
            251..=254 => {
                let b1 = i64::from(*operands.get(i + 1)?);
                i += 2;
                -(i64::from(b0) - 251) * 256 - b1 - 108
            }
            _ => return None, // reals are not offsets
        };
        out.push(v);
    }
    Some(out)
}

fn int5(v: usize) -> Vec<u8> {
    let mut o = vec![29];
    o.extend((v as i32).to_be_bytes());
    o
}

fn write_dict(out: &mut Vec<u8>, entries: &[Entry]) {
    for e in entries {
        out.extend(&e.operands);
        if e.op >= 1200 {
            out.push(12);
            out.push((e.op - 1200) as u8);
        } else {
            out.push(e.op as u8);
        }
    }
}

const OP_CHARSET: u16 = 15;
const OP_CHARSTRINGS: u16 = 17;
const OP_PRIVATE: u16 = 18;
const OP_SUBRS: u16 = 19;
const OP_ROS: u16 = 1230;
const OP_FDARRAY: u16 = 1236;
const OP_FDSELECT: u16 = 1237;
const OP_CHARSTRING_TYPE: u16 = 1206;

use super::outline::{self, Subrs};
use std::sync::OnceLock;

pub(crate) struct FastCff {
    data: std::borrow::Cow<'static, [u8]>,
    /// Header and Name INDEX, verbatim.
    head: (usize, usize),
    top: Vec<Entry>,
    /// String INDEX, verbatim.
    strings: (usize, usize),
    global_subrs: Vec<(usize, usize)>,
    charstrings: Vec<(usize, usize)>,
    cids: Vec<u16>,
    fds: Vec<u8>,
    fd_dicts: Vec<FontDict>,
    /// Each glyph's rewritten charstring, made on first use.
    rewritten: Vec<OnceLock<Option<Box<[u8]>>>>,
}

struct FontDict {
    /// Entries without /Private.
    entries: Vec<Entry>,
    /// The Private DICT without /Subrs (subset charstrings call none).
    private: Vec<u8>,
    local_subrs: Vec<(usize, usize)>,
}

impl FastCff {
    /// Indexes the `CFF ` table; `None` when the font is not a CID-keyed CFF (then the
    /// general subsetter is used).
    pub(crate) fn parse(data: std::borrow::Cow<'static, [u8]>) -> Option<FastCff> {
        let b = &data;
        let hdr = usize::from(*b.get(2)?);
        let (_, name_end) = index(b, hdr)?;
        let (tops, top_end) = index(b, name_end)?;
        let (_, strings_end) = index(b, top_end)?;
        let (global_subrs, _) = index(b, strings_end)?;
        if tops.len() != 1 {
            return None;
        }
        let top = parse_dict(&b[tops[0].0..tops[0].1])?;
        let get = |op: u16| -> Option<Vec<i64>> {
            top.iter()
                .find(|e| e.op == op)
                .and_then(|e| ints(&e.operands))
        };
        if top.first().map(|e| e.op) != Some(OP_ROS) {
            return None;
        }
        if get(OP_CHARSTRING_TYPE).is_some_and(|t| t != [2]) {
            return None;
        }
        let cs_off = usize::try_from(*get(OP_CHARSTRINGS)?.first()?).ok()?;
        let (charstrings, _) = index(b, cs_off)?;
        let n = charstrings.len();
        // charset: CID of every glyph (glyph 0 is CID 0)
        let mut cids = vec![0u16; n];
        let cs = usize::try_from(*get(OP_CHARSET)?.first()?).ok()?;
        let mut gid = 1;
        let mut p = cs + 1;
        match *b.get(cs)? {
            0 => {
                while gid < n {
                    cids[gid] = u16_at(b, p)?;
                    p += 2;
                    gid += 1;
                }
            }
            f @ (1 | 2) => {
                while gid < n {
                    let first = u16_at(b, p)?;
                    let left = if f == 1 {
                        u16::from(*b.get(p + 2)?)
                    } else {
                        u16_at(b, p + 2)?
                    };
                    p += if f == 1 { 3 } else { 4 };
                    for k in 0..=left {
                        if gid >= n {
                            break;
                        }
                        cids[gid] = first.checked_add(k)?;
                        gid += 1;
                    }
                }
            }
            _ => return None,
        }
        // FDSelect
        let mut fds = vec![0u8; n];
        let fs = usize::try_from(*get(OP_FDSELECT)?.first()?).ok()?;
        match *b.get(fs)? {
            0 => fds.copy_from_slice(b.get(fs + 1..fs + 1 + n)?),
            3 => {
                let ranges = usize::from(u16_at(b, fs + 1)?);
                for r in 0..ranges {
                    let o = fs + 3 + 3 * r;
                    let first = usize::from(u16_at(b, o)?);
                    let fd = *b.get(o + 2)?;
                    let next = usize::from(u16_at(b, o + 3)?);
                    for f in fds.iter_mut().take(next.min(n)).skip(first) {
                        *f = fd;
                    }
                }
            }
            _ => return None,
        }
        // Font DICTs, their Private DICTs and local subroutines
        let fa = usize::try_from(*get(OP_FDARRAY)?.first()?).ok()?;
        let (fd_items, _) = index(b, fa)?;
        let mut fd_dicts = Vec::new();
        for (s, e) in fd_items {
            let mut entries = parse_dict(&b[s..e])?;
            let pos = entries.iter().position(|e| e.op == OP_PRIVATE)?;
            let pv = ints(&entries.remove(pos).operands)?;
            let (size, off) = (
                usize::try_from(*pv.first()?).ok()?,
                usize::try_from(*pv.get(1)?).ok()?,
            );
            let mut private = parse_dict(b.get(off..off + size)?)?;
            let local_subrs = match private.iter().position(|e| e.op == OP_SUBRS) {
                Some(k) => {
                    let rel = usize::try_from(*ints(&private.remove(k).operands)?.first()?);
                    index(b, off + rel.ok()?)?.0
                }
                None => Vec::new(),
            };
            let mut private_bytes = Vec::new();
            write_dict(&mut private_bytes, &private);
            fd_dicts.push(FontDict {
                entries,
                private: private_bytes,
                local_subrs,
            });
        }
        if fds.iter().any(|f| usize::from(*f) >= fd_dicts.len()) {
            return None;
        }
        Some(FastCff {
            head: (0, name_end),
            strings: (top_end, strings_end),
            top,
            global_subrs,
            rewritten: (0..n).map(|_| OnceLock::new()).collect(),
            charstrings,
            cids,
            fds,
            fd_dicts,
            data,
        })
    }

    pub(crate) fn cid(&self, gid: u16) -> Option<u16> {
        self.cids.get(usize::from(gid)).copied()
    }

    /// Glyph `gid`'s original charstring and the subroutines it may call.
    fn charstring(&self, gid: usize) -> Option<(&[u8], Subrs<'_>)> {
        let (s, e) = *self.charstrings.get(gid)?;
        let fd = self.fd_dicts.get(usize::from(*self.fds.get(gid)?))?;
        let subrs = Subrs {
            data: &self.data,
            global: &self.global_subrs,
            local: &fd.local_subrs,
        };
        Some((self.data.get(s..e)?, subrs))
    }

    /// Glyph `gid`'s outline as the font has it and as it is embedded.
    #[cfg(test)]
    pub(crate) fn outlines(&self, gid: u16) -> Option<(outline::Glyph, outline::Glyph)> {
        let g = usize::from(gid);
        let (code, subrs) = self.charstring(g)?;
        let original = outline::decode(code, &subrs)?;
        let none = Subrs {
            data: &[],
            global: &[],
            local: &[],
        };
        let embedded = outline::decode(self.program(g)?, &none)?;
        Some((original, embedded))
    }

    /// Glyph `gid`'s charstring as embedded: simplified, without hints or subroutine calls.
    fn program(&self, gid: usize) -> Option<&[u8]> {
        self.rewritten
            .get(gid)?
            .get_or_init(|| {
                let (code, subrs) = self.charstring(gid)?;
                outline::rewrite(code, &subrs).map(Vec::into_boxed_slice)
            })
            .as_deref()
    }

    /// A bare CFF with .notdef and `gids` (ascending, without 0), keeping their CIDs;
    /// `None` if a glyph's charstring cannot be rewritten.
    pub(crate) fn subset(&self, gids: &[u16]) -> Option<Vec<u8>> {
        self.subset_numbered(gids, false)
    }

    /// As [`FastCff::subset`], with `identity`: each glyph's CID is its index in the subset.
    /// An OpenType file's glyph ids are CFF glyph indices, but some readers take them for CIDs
    /// (MuPDF draws nothing otherwise); with CID = index both readings agree.
    pub(crate) fn subset_numbered(&self, gids: &[u16], identity: bool) -> Option<Vec<u8>> {
        let d = &self.data;
        let glyphs: Vec<usize> = std::iter::once(0)
            .chain(gids.iter().map(|g| usize::from(*g)))
            .filter(|g| *g < self.charstrings.len())
            .collect();
        let mut charset = vec![0u8];
        for (k, g) in glyphs.iter().enumerate().skip(1) {
            let cid = if identity { k as u16 } else { self.cids[*g] };
            charset.extend(cid.to_be_bytes());
        }
        let mut fdselect = vec![0u8];
        fdselect.extend(glyphs.iter().map(|g| self.fds[*g]));
        let mut cs = Vec::new();
        let items = glyphs
            .iter()
            .map(|g| self.program(*g))
            .collect::<Option<Vec<&[u8]>>>()?;
        write_index(&mut cs, &items);

        // Top DICT with 5-byte offsets, so its size is known before the offsets are
        let placeholder = |top: &[Entry], offs: [usize; 4]| {
            top.iter()
                .map(|e| {
                    let v = match e.op {
                        OP_CHARSET => Some(offs[0]),
                        OP_FDSELECT => Some(offs[1]),
                        OP_CHARSTRINGS => Some(offs[2]),
                        OP_FDARRAY => Some(offs[3]),
                        _ => None,
                    };
                    match v {
                        Some(v) => Entry {
                            op: e.op,
                            operands: int5(v),
                        },
                        None => e.clone(),
                    }
                })
                .collect::<Vec<_>>()
        };
        let mut probe = Vec::new();
        write_dict(&mut probe, &placeholder(&self.top, [0; 4]));
        let mut top_index = Vec::new();
        write_index(&mut top_index, &[&probe]);
        let head = &d[self.head.0..self.head.1];
        let strings = &d[self.strings.0..self.strings.1];
        let no_global_subrs = [0u8, 0];
        let charset_at = head.len() + top_index.len() + strings.len() + no_global_subrs.len();
        let fdselect_at = charset_at + charset.len();
        let cs_at = fdselect_at + fdselect.len();
        let fdarray_at = cs_at + cs.len();
        // Font DICTs: their Private offsets follow the FDArray
        let fd_with = |offs: &[usize]| -> Vec<Vec<u8>> {
            self.fd_dicts
                .iter()
                .zip(offs)
                .map(|(fd, off)| {
                    let mut v = Vec::new();
                    write_dict(&mut v, &fd.entries);
                    let mut p = int5(fd.private.len());
                    p.extend(int5(*off));
                    write_dict(
                        &mut v,
                        &[Entry {
                            op: OP_PRIVATE,
                            operands: p,
                        }],
                    );
                    v
                })
                .collect()
        };
        let zeros = vec![0; self.fd_dicts.len()];
        let probe_fds = fd_with(&zeros);
        let mut fdarray = Vec::new();
        write_index(
            &mut fdarray,
            &probe_fds.iter().map(Vec::as_slice).collect::<Vec<_>>(),
        );
        let mut private_at = fdarray_at + fdarray.len();
        let mut offs = Vec::new();
        for fd in &self.fd_dicts {
            offs.push(private_at);
            private_at += fd.private.len();
        }
        let fds = fd_with(&offs);
        fdarray.clear();
        write_index(
            &mut fdarray,
            &fds.iter().map(Vec::as_slice).collect::<Vec<_>>(),
        );
        let mut top = Vec::new();
        write_dict(
            &mut top,
            &placeholder(&self.top, [charset_at, fdselect_at, cs_at, fdarray_at]),
        );
        top_index.clear();
        write_index(&mut top_index, &[&top]);

        let mut out = Vec::with_capacity(private_at);
        out.extend(head);
        out.extend(&top_index);
        out.extend(strings);
        out.extend(no_global_subrs);
        out.extend(&charset);
        out.extend(&fdselect);
        out.extend(&cs);
        out.extend(&fdarray);
        for fd in &self.fd_dicts {
            out.extend(&fd.private);
        }
        Some(out)
    }
}
