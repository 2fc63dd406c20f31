//! The duplicate-passage key: a hash of the passage text after normalisation, so that the
//! same wire copy reprinted by several outlets gets the same key.

use xxhash_rust::xxh3::xxh3_64;

/// The normalised form compared: letters and digits in lower case, every run of anything
/// else (spaces, punctuation, quotes, line breaks) made one space.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// Passages of fewer words are never treated as duplicates: identical short lines (a
/// dateline, "Lire aussi", a one-sentence lead) are not reprints.
pub const MIN_WORDS: usize = 12;

/// The key of a passage: the hash of its normalised text, or `None` for a passage shorter
/// than [`MIN_WORDS`] words.
pub fn passage_key(text: &str) -> Option<u64> {
    let norm = normalise(text);
    let words = norm.split(' ').filter(|w| !w.is_empty()).count();
    (words >= MIN_WORDS).then(|| xxh3_64(norm.as_bytes()))
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
