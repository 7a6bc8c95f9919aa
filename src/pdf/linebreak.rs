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
//!
//! Punctuation compression (标点挤压, W3C "Requirements for Chinese Text Layout" 3.1.6): a
//! full-width mark's glyph fills half its em box, the other half is blank. [`adjacent`] sets
//! one of two adjacent marks at half width (`，“` `”）。` `（“`); [`break_lines`] sets an
//! opening mark that starts a line (other than a paragraph's first) at half width, and a closing
//! mark pulled onto a full line loses its blank half before any letter-spacing is squeezed.

/// Characters that must not begin a line.
pub const NO_START: &str = "，。、；：？！）》」』〕】〉］｝〗…%·”’,.;:?!)]}％‰℃°～";
/// Characters that must not end a line.
pub const NO_END: &str = "（《「『〔【〈［｛〖“‘([{￥$";

/// Full-width marks whose blank half is on their left (set right in the em box).
pub const OPENING: &str = "（《「『〔【〈［｛〖“‘";
/// Full-width marks whose blank half is on their right (set left in the em box, as GB fonts
/// set the comma, full stop, 顿号, semicolon and colon).
pub const CLOSING: &str = "，。、；：）》」』〕】〉］｝〗”’";
/// Centred marks: never compressed themselves, but a neighbour next to them is.
const CENTRED: &str = "？！·";

const EPS: f32 = 0.01;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    pub ch: char,
    /// Advance in pt, including any tracking.
    pub width: f32,
    /// The blank half of a full-width mark of [`OPENING`] or [`CLOSING`] that may still be
    /// removed at a line start or end; 0 for every other character.
    pub half: f32,
}

/// Space removed from each mark of a run by adjacency (`left`: its blank left half, the
/// glyph then drawn that much further left; `right`: its blank right half).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Cut {
    pub left: f32,
    pub right: f32,
}

/// Adjacent punctuation set tight: a closing mark followed by another mark loses its blank
/// right half (`，“` `”。` `）、`); an opening mark after another mark that kept its own blank
/// loses its blank left half (`（“` `？“`). `half[k]` is what item k may give (0 when its glyph
/// is not a full-width mark).
pub fn adjacent(chars: &[char], half: &[f32]) -> Vec<Cut> {
    let punct = |c: char| OPENING.contains(c) || CLOSING.contains(c) || CENTRED.contains(c);
    let mut cuts = vec![Cut::default(); chars.len()];
    for k in 0..chars.len() {
        if half[k] <= 0.0 {
            continue;
        }
        let next = chars.get(k + 1).copied();
        if CLOSING.contains(chars[k]) && next.is_some_and(punct) {
            cuts[k].right = half[k];
        }
        if OPENING.contains(chars[k]) && k > 0 && punct(chars[k - 1]) && cuts[k - 1].right == 0.0 {
            cuts[k].left = half[k];
        }
    }
    cuts
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
    /// An opening mark starts the line at half width: every item is drawn this much left.
    pub lead: f32,
    /// Closing marks set at half width to fit the line (item index, space removed after it).
    pub squeezed: Vec<(usize, f32)>,
}

impl Line {
    /// x offset of each item of the line, from the line start.
    pub fn positions(&self, items: &[Item]) -> Vec<f32> {
        let mut out = Vec::with_capacity(self.end - self.start);
        let mut x = -self.lead;
        let mut next_unit = self.unit_starts.iter().skip(1).peekable();
        for (k, it) in items[self.start..self.end].iter().enumerate() {
            let idx = self.start + k;
            if next_unit.peek() == Some(&&idx) {
                next_unit.next();
                x += self.gap;
            }
            out.push(x);
            x += it.width;
            if let Some((_, cut)) = self.squeezed.iter().find(|(i, _)| *i == idx) {
                x -= cut;
            }
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
        // a line (not the paragraph's first) opening with a full-width opening mark sets it
        // at half width, so the line does not look indented
        let lead = if !lines.is_empty() && OPENING.contains(first_char(i)) {
            items[u[i]].half
        } else {
            0.0
        };
        let mut j = i;
        let mut acc = -lead;
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
                lead: 0.0,
                squeezed: Vec::new(),
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
        let mut natural: f32 = uw[i..last].iter().sum::<f32>() - lead;
        // an overfull line (a closing mark pulled in) takes the room from the blank halves of
        // its closing marks, the last first, before squeezing the characters together
        let mut squeezed = Vec::new();
        let mut k = u[last];
        while natural > width + EPS && k > u[i] {
            k -= 1;
            let it = &items[k];
            if CLOSING.contains(it.ch) && it.half > 0.0 {
                let cut = it.half.min(natural - width);
                natural -= cut;
                squeezed.push((k, cut));
            }
        }
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
            lead,
            squeezed,
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
                half: if OPENING.contains(ch) || CLOSING.contains(ch) {
                    15.79 / 2.0
                } else {
                    0.0
                },
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
        // the stop gives up its blank half before the characters are squeezed: half as much
        // squeezing as without compression
        let expected = (W - (28.0 * 15.79 + HALF)) / 28.0;
        assert!((lines[0].gap - expected).abs() < 0.001, "{}", lines[0].gap);
        // with a comma in the line, its blank half takes the rest: no squeezing at all
        let s = format!("{}，{}。后文", "字".repeat(13), "字".repeat(14));
        let items = measure(&s);
        let lines = break_lines(&items, W, W, true);
        assert_eq!(lines[0].end, 29);
        assert!(lines[0].gap.abs() < 0.01, "{}", lines[0].gap);
        assert_eq!(lines[0].squeezed.len(), 2);
        let pos = lines[0].positions(&items);
        // the characters after the comma move left by the comma's cut
        let cut = lines[0]
            .squeezed
            .iter()
            .find(|(i, _)| *i == 13)
            .map(|c| c.1)
            .unwrap();
        assert!((pos[14] - (14.0 * 15.79 - cut)).abs() < 0.01, "{pos:?}");
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

    /// Widths after adjacency compression, as the layout sets them.
    fn compressed(s: &str) -> Vec<Item> {
        let mut items = measure(s);
        let chars: Vec<char> = items.iter().map(|i| i.ch).collect();
        let halves: Vec<f32> = items.iter().map(|i| i.half).collect();
        for (it, cut) in items.iter_mut().zip(adjacent(&chars, &halves)) {
            if cut.left + cut.right > 0.0 {
                it.width -= cut.left + cut.right;
                it.half = 0.0;
            }
        }
        items
    }

    const HALF: f32 = 15.79 / 2.0;

    #[test]
    fn adjacent_marks_are_set_at_half_width() {
        let cuts = |s: &str| {
            let items = measure(s);
            let chars: Vec<char> = items.iter().map(|i| i.ch).collect();
            let halves: Vec<f32> = items.iter().map(|i| i.half).collect();
            adjacent(&chars, &halves)
        };
        let none = Cut::default();
        let left = Cut {
            left: HALF,
            right: 0.0,
        };
        let right = Cut {
            left: 0.0,
            right: HALF,
        };
        // （“983”目标）: the quote after the bracket loses its blank left half
        assert_eq!(
            cuts("（“983”目标）"),
            vec![none, left, none, none, none, none, none, none, none]
        );
        // “Sheet1”）。: the closing quote and bracket before another mark
        let c = cuts("“Sheet1”）。");
        assert_eq!(&c[7..], &[right, right, none]);
        // ，“: the comma gives up its half; the quote keeps its own
        assert_eq!(cuts("说，“好"), vec![none, right, none, none]);
        // ？“: the centred mark keeps its width, the quote is set tight
        assert_eq!(cuts("吗？“好"), vec![none, none, left, none]);
        // exact advances: 字，“字” is 4.5 em, not 5
        let total: f32 = compressed("字，“字”").iter().map(|i| i.width).sum();
        assert!((total - 4.5 * 15.79).abs() < 0.001, "{total}");
        // proportional marks (half 0) are left alone
        assert_eq!(adjacent(&['，', '“'], &[0.0, 0.0]), vec![none, none]);
    }

    #[test]
    fn an_opening_mark_starting_a_line_is_set_at_half_width() {
        let s = format!("{}“引文”在第二行", "字".repeat(28));
        let items = compressed(&s);
        let lines = break_lines(&items, W, W, true);
        assert_eq!(lines[1].start, 28);
        assert_eq!(lines[1].lead, HALF);
        let pos = lines[1].positions(&items);
        assert!((pos[0] + HALF).abs() < 0.001, "{pos:?}");
        // the ink of the quote starts at the measure's edge; the next character follows it
        assert!((pos[1] - HALF).abs() < 0.001, "{pos:?}");
        // not at a paragraph's start: its indent stays as set
        let first = break_lines(&compressed("“引文”"), W, W, true);
        assert_eq!(first[0].lead, 0.0);
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
