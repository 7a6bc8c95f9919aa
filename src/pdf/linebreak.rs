//! Chinese line breaking (禁则) for a measured character sequence. Pure: the caller supplies
//! each character's advance, so the rules are testable without fonts.
//!
//! * Break anywhere between two CJK characters.
//! * A run of ASCII letters, digits and decimal points ("2025", "99.6", "A3") is one unit and
//!   never split (unless it alone is wider than the line).
//! * "——" and "……" are units.
//! * No line starts with closing punctuation (`NO_START`), none ends with opening punctuation
//!   (`NO_END`): a single closing mark that overflows is pulled onto the line (the line is
//!   compressed by at most that one character); otherwise characters are pushed to the next
//!   line (the line is stretched).
//! * Spaces are break opportunities and vanish at line ends.

/// Characters that must not begin a line.
pub const NO_START: &str = "，。、；：？！）》」』〕】〉］｝〗…%·”’,.;:?!)]}％‰℃°～";
/// Characters that must not end a line.
pub const NO_END: &str = "（《「『〔【〈［｛〖“‘([{￥$";

const EPS: f32 = 0.01;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    pub ch: char,
    /// Advance in pt, including any tracking.
    pub width: f32,
}

/// One broken line: items `start..end`, and the extra space to add after each unit but the
/// last (negative when compressed). `units` are the indices (into the items) where units start.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    /// Sum of the item widths, trailing spaces excluded.
    pub natural: f32,
    pub gap: f32,
    pub unit_starts: Vec<usize>,
}

impl Line {
    /// x offset of each item of the line, from the line start.
    pub fn positions(&self, items: &[Item]) -> Vec<f32> {
        let mut out = Vec::with_capacity(self.end - self.start);
        let mut x = 0.0;
        let mut next_unit = self.unit_starts.iter().skip(1).peekable();
        for (k, it) in items[self.start..self.end].iter().enumerate() {
            let idx = self.start + k;
            if next_unit.peek() == Some(&&idx) {
                next_unit.next();
                x += self.gap;
            }
            out.push(x);
            x += it.width;
        }
        out
    }
}

fn alnum(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.'
}

/// Unit boundaries: `units[k]..units[k+1]`.
fn units(items: &[Item]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        out.push(i);
        let c = items[i].ch;
        let mut j = i + 1;
        if alnum(c) {
            while j < items.len() && alnum(items[j].ch) {
                j += 1;
            }
        } else if (c == '—' || c == '…') && j < items.len() && items[j].ch == c {
            j += 1;
        }
        i = j;
    }
    out.push(items.len());
    out
}

/// Breaks `items` into lines of `first` (first line) and `rest` pt. With `justify`, every line
/// but the last gets a `gap` that makes it exactly fill its width.
pub fn break_lines(items: &[Item], first: f32, rest: f32, justify: bool) -> Vec<Line> {
    let u = units(items);
    let nu = u.len() - 1;
    let uw: Vec<f32> = (0..nu)
        .map(|k| items[u[k]..u[k + 1]].iter().map(|i| i.width).sum())
        .collect();
    let first_char = |k: usize| items[u[k]].ch;
    let last_char = |k: usize| items[u[k + 1] - 1].ch;
    let is_space = |k: usize| first_char(k) == ' ';
    // may the line break between unit k-1 and unit k?
    let can_break = |k: usize| {
        k == 0
            || k >= nu
            || is_space(k - 1)
            || is_space(k)
            || !(NO_START.contains(first_char(k)) || NO_END.contains(last_char(k - 1)))
    };

    let mut lines = Vec::new();
    let mut i = 0;
    while i < nu {
        if !lines.is_empty() {
            while i < nu && is_space(i) {
                i += 1;
            }
            if i == nu {
                break;
            }
        }
        let width = if lines.is_empty() { first } else { rest };
        let mut j = i;
        let mut acc = 0.0;
        while j < nu && acc + uw[j] <= width + EPS {
            acc += uw[j];
            j += 1;
        }
        let mut split_unit = None;
        if j == nu {
            // fits: last line
        } else if j == i {
            // one unit wider than the line: split it by characters
            split_unit = Some(i);
        } else if NO_START.contains(first_char(j))
            && u[j + 1] - u[j] == 1
            && can_break(j + 1)
            && (j + 1 == nu || !NO_START.contains(first_char(j + 1)))
        {
            j += 1; // pull the closing mark in
        } else {
            let mut k = j;
            while k > i + 1 && !can_break(k) {
                k -= 1;
            }
            if can_break(k) {
                j = k;
            }
        }
        if let Some(su) = split_unit {
            let mut end = u[su];
            let mut w = 0.0;
            while end < u[su + 1] && (end == u[su] || w + items[end].width <= width + EPS) {
                w += items[end].width;
                end += 1;
            }
            lines.push(Line {
                start: u[su],
                end,
                natural: w,
                gap: 0.0,
                unit_starts: vec![u[su]],
            });
            if end < u[su + 1] {
                // continue with the rest of the unit as a pseudo unit
                let rest_items = &items[end..];
                let mut tail = break_lines(rest_items, rest, rest, justify);
                for l in &mut tail {
                    l.start += end;
                    l.end += end;
                    for s in &mut l.unit_starts {
                        *s += end;
                    }
                }
                lines.extend(tail);
                return lines;
            }
            i = su + 1;
            continue;
        }
        // trailing spaces do not count
        let mut last = j;
        while last > i && is_space(last - 1) {
            last -= 1;
        }
        let natural: f32 = uw[i..last].iter().sum();
        let starts: Vec<usize> = u[i..last].to_vec();
        let gaps = starts.len().saturating_sub(1);
        // a pulled-in closing mark may overflow even the last line: compress it back
        let gap = if gaps > 0 && ((justify && j < nu) || natural > width + EPS) {
            (width - natural) / gaps as f32
        } else {
            0.0
        };
        lines.push(Line {
            start: u[i],
            end: u[last],
            natural,
            gap,
            unit_starts: starts,
        });
        i = j;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Body grid: full-width characters 15.79 pt, half-width (ASCII) 7.79 pt.
    fn measure(s: &str) -> Vec<Item> {
        s.chars()
            .map(|ch| Item {
                ch,
                width: if ch.is_ascii() { 7.79 } else { 15.79 },
            })
            .collect()
    }

    fn texts(s: &str, first: f32, rest: f32) -> Vec<String> {
        let items = measure(s);
        break_lines(&items, first, rest, true)
            .iter()
            .map(|l| items[l.start..l.end].iter().map(|i| i.ch).collect())
            .collect()
    }

    const W: f32 = 442.2; // 28 × 15.79 ≈ 156 mm

    #[test]
    fn known_paragraph_at_28_characters() {
        let p = "为深入贯彻落实国务院关于加快推进政务服务标准化、规范化、便利化的部署要求，持续优化营商环境，市政府办公室组织开展了上半年政务服务工作情况检查。现将有关情况通报如下。";
        let lines = texts(p, W - 2.0 * 15.79, W);
        assert_eq!(
            lines,
            vec![
                "为深入贯彻落实国务院关于加快推进政务服务标准化、规范",
                "化、便利化的部署要求，持续优化营商环境，市政府办公室组织",
                "开展了上半年政务服务工作情况检查。现将有关情况通报如下。",
            ]
        );
        assert_eq!(lines[0].chars().count(), 26);
        assert_eq!(lines[1].chars().count(), 28);
    }

    #[test]
    fn punctuation_never_starts_a_line() {
        // 28 characters, then a full stop: the stop is pulled onto the line (compressed)
        let s = format!("{}。后文", "字".repeat(28));
        let items = measure(&s);
        let lines = break_lines(&items, W, W, true);
        assert_eq!(lines[0].end, 29);
        assert!(lines[0].gap < 0.0);
        // two closing marks: the last character is pushed instead (stretched line)
        let s = format!("{}”。后文", "字".repeat(28));
        let t = texts(&s, W, W);
        assert_eq!(t[0].chars().count(), 27);
        assert_eq!(t[1], "字”。后文");
        for t in [t, texts(&format!("{}，（注）", "字".repeat(27)), W, W)] {
            for l in &t[1..] {
                assert!(!NO_START.contains(l.chars().next().unwrap()), "{t:?}");
            }
            for l in &t {
                assert!(!NO_END.contains(l.chars().last().unwrap()), "{t:?}");
            }
        }
    }

    #[test]
    fn opening_bracket_never_ends_a_line() {
        let s = format!("{}（一）", "字".repeat(27));
        let t = texts(&s, W, W);
        assert_eq!(t[0].chars().count(), 27);
        assert_eq!(t[1], "（一）");
    }

    #[test]
    fn digit_runs_are_not_split() {
        // "12345.67" would straddle the line end: the whole number moves down
        let s = format!("{}共12345.67万件", "字".repeat(24));
        let t = texts(&s, W, W);
        assert_eq!(t[0], format!("{}共", "字".repeat(24)));
        assert_eq!(t[1], "12345.67万件");
        // the stretched line still fills the width
        let items = measure(&s);
        let l = &break_lines(&items, W, W, true)[0];
        let pos = l.positions(&items);
        let right = pos.last().unwrap() + items[l.end - 1].width;
        assert!((right - W).abs() < 0.05, "{right}");
    }

    #[test]
    fn last_line_is_not_justified() {
        let items = measure("短句。");
        let l = break_lines(&items, W, W, true);
        assert_eq!(l.len(), 1);
        assert_eq!(l[0].gap, 0.0);
    }

    #[test]
    fn overlong_unit_is_split() {
        let s = "a".repeat(70);
        let t = texts(&s, W, W);
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].len(), 56);
    }
}
