//! The duplicate-passage key: a hash of the passage text after normalisation, so that the
//! same wire copy reprinted by several outlets gets the same key.

use xxhash_rust::xxh3::xxh3_64;

/// The normalised form compared: letters and digits in lower case, every run of anything
/// else (spaces, punctuation, quotes, line breaks) made one space.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalise_into(text, &mut out);
    out
}

/// Each ASCII byte in lower case if it is a letter or digit, else 0.
const ASCII_ALNUM_LOWER: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// [`normalise`] into `out` (cleared first); returns the number of words.
///
/// ASCII, most of the text, goes through a loop without branches on the text (a word
/// boundary is as cheap as a letter): every byte writes a space and its letter, and the
/// length grows only by what is kept.
fn normalise_into(text: &str, out: &mut String) -> usize {
    let mut buf = std::mem::take(out).into_bytes();
    // A lower-case char takes at most 3 bytes more than its upper case (`İ` → `i̇`), and a
    // space: room for the worst case, cut to the real length at the end.
    buf.clear();
    buf.resize(text.len() * 2 + 8, 0);
    let bytes = text.as_bytes();
    let (mut len, mut words, mut gap) = (0usize, 0usize, 1usize);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 128 {
            let lower = ASCII_ALNUM_LOWER[b as usize];
            let kept = usize::from(lower != 0);
            let starts = kept & gap;
            buf[len] = b' ';
            len += starts & usize::from(len > 0);
            words += starts;
            buf[len] = lower;
            len += kept;
            gap = 1 - kept;
            i += 1;
            continue;
        }
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        if b == 0xE2 && next == 0x80 {
            // U+2000–U+203F, general punctuation (’ – — … and narrow spaces): no letter.
            gap = 1;
            i += 3;
            continue;
        }
        if b == 0xC3 {
            // U+00C0–U+00FF, the accented letters of French (all letters but × and ÷).
            let c = 0xC0 | (next & 0x3F);
            i += 2;
            if c == 0xD7 || c == 0xF7 {
                gap = 1;
                continue;
            }
            let lower = if c <= 0xDE { c + 0x20 } else { c };
            buf[len] = b' ';
            len += gap & usize::from(len > 0);
            words += gap;
            buf[len] = 0xC3;
            buf[len + 1] = 0x80 | (lower & 0x3F);
            len += 2;
            gap = 0;
            continue;
        }
        let c = text[i..].chars().next().expect("a char starts here");
        i += c.len_utf8();
        if !c.is_alphanumeric() {
            gap = 1;
            continue;
        }
        if gap == 1 {
            if len > 0 {
                buf[len] = b' ';
                len += 1;
            }
            words += 1;
            gap = 0;
        }
        let mut utf8 = [0u8; 4];
        for lower in c.to_lowercase() {
            let lower = lower.encode_utf8(&mut utf8).as_bytes();
            if len + lower.len() + 1 > buf.len() {
                buf.resize(buf.len() * 2, 0);
            }
            buf[len..len + lower.len()].copy_from_slice(lower);
            len += lower.len();
        }
    }
    buf.truncate(len);
    *out = String::from_utf8(buf).expect("whole characters were written");
    words
}

/// Passages of fewer words are never treated as duplicates: identical short lines (a
/// dateline, "Lire aussi", a one-sentence lead) are not reprints.
pub const MIN_WORDS: usize = 12;

/// The key of a passage: the hash of its normalised text, or `None` for a passage shorter
/// than [`MIN_WORDS`] words. The short lines a passage may hold (a heading, a caption: see
/// `passage::MIN_PASSAGE_WORDS`) are left out of it: the same wire under another outlet's
/// heading is a reprint.
pub fn passage_key(text: &str) -> Option<u64> {
    thread_local! {
        static BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    let body = passage_body(text);
    BUFFER.with(|buffer| {
        let mut norm = buffer.borrow_mut();
        let words = normalise_into(&body, &mut norm);
        (words >= MIN_WORDS).then(|| xxh3_64(norm.as_bytes()))
    })
}

/// The lines of `text` of at least `MIN_PASSAGE_WORDS` words (all of it when it has one line,
/// or none that long).
fn passage_body(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains([
        '\n', '\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{2028}', '\u{2029}',
    ]) {
        return text.into();
    }
    let long: Vec<&str> = text
        .split([
            '\n', '\r', '\u{0B}', '\u{0C}', '\u{85}', '\u{2028}', '\u{2029}',
        ])
        .filter(|l| l.split_whitespace().count() >= crate::passage::MIN_PASSAGE_WORDS)
        .collect();
    if long.is_empty() {
        text.into()
    } else {
        long.join("\n").into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The normalisation written plainly, char by char.
    fn reference(text: &str) -> (String, usize) {
        let mut out = String::new();
        let (mut gap, mut words) = (false, 0);
        for c in text.chars() {
            if !c.is_alphanumeric() {
                gap = true;
                continue;
            }
            if out.is_empty() || gap {
                if !out.is_empty() {
                    out.push(' ');
                }
                words += 1;
            }
            gap = false;
            out.extend(c.to_lowercase());
        }
        (out, words)
    }

    #[test]
    fn the_branch_free_loop_normalises_as_the_plain_one() {
        let mut texts: Vec<String> = [
            "",
            "  ",
            "a",
            ",a",
            "a,",
            "L'ÉTÉ ŒUVRE, à Saint-Étienne : 12h30 !",
            "İstanbul ẞtraße «ΣΟΦΊΑ» №5 ½ x²",
            "\u{a0}Déjà\u{202f}vu\n\n—  fin…",
            "abc\u{301}def e\u{301}te\u{301}",
            "ÀÉÈÊËÎÏÔÙÛÜÇŸÆŒ àéèêëîïôùûüçÿæœ ×÷ ÞßÐØ ’‘“”–—… \u{2009}x\u{202f}y ⁱ",
        ]
        .map(String::from)
        .to_vec();
        // Every character of U+0080–U+20FF between two letters.
        texts.push(
            (0x80..0x2100u32)
                .filter_map(char::from_u32)
                .flat_map(|c| ['a', c])
                .collect(),
        );
        // Only characters whose lower case is longer than themselves.
        texts.push("İ".repeat(50));
        texts.push("İ İ,İ".repeat(20));
        for text in &texts {
            let mut out = String::new();
            let words = normalise_into(text, &mut out);
            assert_eq!((out, words), reference(text), "{text:?}");
        }
    }

    #[test]
    fn same_text_same_key() {
        let long = "dans la nuit de samedi à dimanche, selon les autorités locales, le";
        let cases = [
            (
                "Le cessez-le-feu a été signé.",
                "le cessez le feu  a été signé",
                true,
            ),
            (
                "« Nous partons », dit-il. ",
                "\"Nous partons\" dit-il",
                true,
            ),
            ("Le feu a repris.", "Le feu a repris ce matin.", false),
            ("été", "ete", false),
        ];
        for (a, b, same) in cases {
            let (a, b) = (format!("{a} {long}"), format!("{b} {long}"));
            assert_eq!(passage_key(&a) == passage_key(&b), same, "{a:?} vs {b:?}");
            assert!(passage_key(&a).is_some());
        }
        assert_eq!(
            passage_key("Lire aussi : le cessez-le-feu a été signé."),
            None
        );
        // A heading or a caption joined to a passage is not part of its key: the same wire
        // under two outlets' headings is a reprint.
        let wire = format!("Un cessez-le-feu a été signé {long}");
        assert_eq!(
            passage_key(&format!("Édito du Matin.\n\n{wire}")),
            passage_key(&wire)
        );
        assert_eq!(
            passage_key(&format!("{wire}\nPhoto AFP")),
            passage_key(&format!("ANALYSE\n{wire}"))
        );
        assert_eq!(normalise("  L'AFP, 12h "), "l afp 12h");
    }
}
