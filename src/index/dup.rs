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

/// The key of a passage: the hash of its normalised text.
pub fn passage_key(text: &str) -> u64 {
    xxh3_64(normalise(text).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_same_key() {
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
            assert_eq!(passage_key(a) == passage_key(b), same, "{a:?} vs {b:?}");
        }
        assert_eq!(normalise("  L'AFP, 12h "), "l afp 12h");
    }
}
