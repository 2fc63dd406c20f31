//! Text from a corpus or a query made safe for a terminal, a JSON reader and a spreadsheet.
//!
//! An article can hold anything: a CSI sequence that clears the screen, an OSC 52 clipboard
//! write, an OSC 8 link, C1 controls, bidirectional overrides that reorder what is shown.
//! Every field printed for people goes through [`terminal`]: C0 and C1 controls (tab aside)
//! and the bidi controls become U+FFFD (line breaks become spaces, each record stays one
//! line). JSON escapes C0 itself; [`json_line`] escapes C1 and bidi controls too. A CSV cell
//! that a spreadsheet would read as a formula is guarded by [`csv_cell`] (OWASP's rule).

use std::borrow::Cow;

/// True for a character that may act on a terminal instead of being shown: C0 controls but
/// tab, DEL, C1 controls, and the bidirectional controls (embeddings, overrides, isolates,
/// marks).
pub fn is_control(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` as shown to a person: line breaks as spaces, other controls as U+FFFD.
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' | '\r' => ' ',
                c if is_control(c) => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// A serialised JSON value with its C1 and bidi controls escaped as `\uXXXX` (serde_json
/// escapes only C0); they can only stand inside strings, where the escape means the same.
pub fn json_line(json: String) -> String {
    if !json.chars().any(|c| c as u32 >= 0x7f && is_control(c)) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c as u32 >= 0x7f && is_control(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A CSV cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return) with a `'` before it, as OWASP advises; other cells as they are.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A writer that shows what passes through it as [`terminal`] does, line breaks and tabs
/// kept (for printers that write whole lines of corpus text and no escapes of their own).
pub struct TerminalWriter<W: std::io::Write>(pub W);

impl<W: std::io::Write> std::io::Write for TerminalWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match std::str::from_utf8(buf) {
            Ok(s) if s.chars().any(|c| c != '\n' && is_control(c)) => {
                let shown: String = s
                    .chars()
                    .map(|c| {
                        if c != '\n' && is_control(c) {
                            '\u{FFFD}'
                        } else {
                            c
                        }
                    })
                    .collect();
                self.0.write_all(shown.as_bytes())?;
            }
            _ => self.0.write_all(buf)?,
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_neutralised() {
        let hostile = "a\u{1b}[2Jb\u{1b}]52;c;aGk=\u{7}c\u{9b}31md\u{202e}e\tf\ng";
        let shown = terminal(hostile);
        assert!(!shown.chars().any(is_control) || shown.contains('\t'));
        assert_eq!(
            shown,
            "a\u{FFFD}[2Jb\u{FFFD}]52;c;aGk=\u{FFFD}c\u{FFFD}31md\u{FFFD}e\tf g"
        );
        assert!(matches!(terminal("Élysée « ok »"), Cow::Borrowed(_)));
        let json = serde_json::to_string(&hostile).unwrap();
        let json = json_line(json);
        assert!(json.is_ascii() || !json.chars().any(|c| c as u32 >= 0x7f && is_control(c)));
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), hostile);
        assert_eq!(csv_cell("=Azerbaïdjan"), "'=Azerbaïdjan");
        assert_eq!(csv_cell("-Chine"), "'-Chine");
        assert_eq!(csv_cell("Chine"), "Chine");
    }
}
