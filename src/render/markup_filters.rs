//! Tera filters for writing document markup from data.

use tera::{Kwargs, State, Tera};

/// Escapes text for one markup line: `\`, `|` and `@` lose their meaning, line breaks become
/// spaces, so a hall name or a problem description can never start a directive or split a cell.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '@' => out.push_str("\\@"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub fn register(tera: &mut Tera) {
    tera.register_filter("m", |s: &str, _: Kwargs, _: &State| escape(s));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_directive_characters() {
        assert_eq!(escape("@某|厅\\x\n续"), "\\@某\\|厅\\\\x 续");
    }
}
