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

/// [`normalise`] into `out` (cleared first); returns the number of words.
fn normalise_into(text: &str, out: &mut String) -> usize {
    out.clear();
    let mut gap = false;
    let mut words = 0;
    for c in text.chars() {
        let alnum = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if !alnum {
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
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    words
}

/// Passages of fewer words are never treated as duplicates: identical short lines (a
/// dateline, "Lire aussi", a one-sentence lead) are not reprints.
pub const MIN_WORDS: usize = 12;

/// The key of a passage: the hash of its normalised text, or `None` for a passage shorter
/// than [`MIN_WORDS`] words.
pub fn passage_key(text: &str) -> Option<u64> {
    thread_local! {
        static BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    BUFFER.with(|buffer| {
        let mut norm = buffer.borrow_mut();
        let words = normalise_into(text, &mut norm);
        (words >= MIN_WORDS).then(|| xxh3_64(norm.as_bytes()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
                "« Nous partons », dit-il.\n",
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
        assert_eq!(normalise("  L'AFP, 12h "), "l afp 12h");
    }
}
