//! Character classes of French text: which characters make words, join compounds, or separate.

/// Apostrophes of every kind an author or a keyboard produces: `'` `’` `ʼ` `‘`.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}' | '\u{2018}')
}

/// Hyphens that join the parts of a compound when they stand between two word characters.
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// The soft hyphen, invisible inside a word: ignored.
pub fn is_soft_hyphen(c: char) -> bool {
    c == '\u{00AD}'
}

/// Combining marks (decomposed accents), which belong to the letter before them.
pub fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Characters that start or continue a word.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() && !is_apostrophe(c)
    }
}

/// Spaces that may separate the digit groups of a number (`2 000`, `2 000`, `2 000`).
pub fn is_number_space(c: char) -> bool {
    matches!(c, ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

/// Punctuation that ends a clause or sentence, and line breaks (a heading joined to its
/// paragraph, see `passage`): a phrase does not run across them.
pub fn is_pause(c: char) -> bool {
    matches!(
        c,
        ',' | ';'
            | ':'
            | '.'
            | '!'
            | '?'
            | '…'
            | '('
            | ')'
            | '['
            | ']'
            | '–'
            | '—'
            | '\n'
            | '\r'
            | '\u{0B}'
            | '\u{0C}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        for c in ['\'', '’', 'ʼ', '‘'] {
            assert!(is_apostrophe(c), "{c}");
        }
        assert!(!is_apostrophe('"'));
        assert!(is_hyphen('-') && is_hyphen('\u{2011}') && !is_hyphen('—'));
        assert!(is_combining('\u{0301}') && !is_combining('e'));
        assert!(is_word_char('é') && is_word_char('7') && is_word_char('Œ') && !is_word_char('«'));
        assert!(is_number_space('\u{202F}') && !is_number_space('\t'));
    }
}
