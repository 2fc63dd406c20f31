//! Stemming with French Snowball (rust-stemmers), folded after stemming, with a cache.
//!
//! Snowball French expects accented, lower-case input: `élysée` → `élys`, but the unaccented
//! `elysee` → `elyse`. So every word has up to two stems: the folded stem of its written form,
//! and the stem of its folded form. The second one depends only on the folded spelling, so
//! a query typed without accents always shares it with the accented text, and the first one
//! lets inflections (`blessé`, `blessées`) meet.
//!
//! Built with the feature `light-stemmer`, Savoy's light stemmer ([`super::light_stem`])
//! replaces Snowball, for the stemming comparison of `EVALUATION.md` only.

use std::borrow::Cow;
use std::collections::HashMap;

use rust_stemmers::{Algorithm, Stemmer};

use super::fold::fold_into;

/// Stems of one word form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stems {
    /// The folded stem of the written (accented) form.
    pub primary: Box<str>,
    /// The stem of the folded form, when it differs from `primary`.
    pub secondary: Option<Box<str>>,
}

/// A French stemmer that remembers the words it has seen (news vocabulary is Zipfian, so
/// most words are stemmed once per indexing thread).
pub struct StemCache {
    stemmer: Stemmer,
    cache: HashMap<Box<str>, Stems>,
    scratch: String,
}

const CACHE_LIMIT: usize = 400_000;

impl StemCache {
    pub fn new() -> StemCache {
        StemCache {
            stemmer: Stemmer::create(Algorithm::French),
            cache: HashMap::with_capacity(4096),
            scratch: String::new(),
        }
    }

    /// The stems of `exact` (lower case, accents kept).
    pub fn stems(&mut self, exact: &str) -> &Stems {
        if !self.cache.contains_key(exact) {
            if self.cache.len() >= CACHE_LIMIT {
                self.cache.clear();
            }
            let stems = self.compute(exact);
            self.cache.insert(exact.into(), stems);
        }
        &self.cache[exact]
    }

    fn compute(&mut self, exact: &str) -> Stems {
        if exact.bytes().any(|b| b.is_ascii_digit()) {
            return Stems {
                primary: fold_owned(exact, &mut self.scratch),
                secondary: None,
            };
        }
        let stem = stem_word(&self.stemmer, exact);
        let mut primary = fold_owned(&stem, &mut self.scratch);
        if primary.is_empty() {
            // A "word" of combining marks only folds to nothing: keep it as written.
            primary = exact.into();
        }
        if exact.is_ascii() {
            return Stems {
                primary,
                secondary: None,
            };
        }
        self.scratch.clear();
        fold_into(exact, &mut self.scratch);
        let secondary = stem_word(&self.stemmer, &self.scratch).into_owned();
        let secondary =
            (!secondary.is_empty() && *secondary != *primary).then(|| secondary.into_boxed_str());
        Stems { primary, secondary }
    }
}

impl Default for StemCache {
    fn default() -> Self {
        StemCache::new()
    }
}

/// The stemmer's stem of one lower-case word: Snowball by default, Savoy's light stemmer with
/// the feature `light-stemmer`.
#[cfg(not(feature = "light-stemmer"))]
fn stem_word<'a>(stemmer: &Stemmer, word: &'a str) -> Cow<'a, str> {
    stemmer.stem(word)
}

#[cfg(feature = "light-stemmer")]
fn stem_word<'a>(_: &Stemmer, word: &'a str) -> Cow<'a, str> {
    Cow::Owned(super::light_stem(word))
}

fn fold_owned(s: &str, scratch: &mut String) -> Box<str> {
    scratch.clear();
    fold_into(s, scratch);
    scratch.as_str().into()
}

#[cfg(all(test, not(feature = "light-stemmer")))]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let mut c = StemCache::new();
        for (word, primary, secondary) in [
            ("élysée", "elys", Some("elyse")),
            ("elysee", "elyse", None),
            ("blessées", "bless", Some("blesse")),
            ("blessé", "bless", None),
            ("négociations", "negoci", None),
            ("2000", "2000", None),
            ("\u{1abf}", "\u{1abf}", None),
        ] {
            let s = c.stems(word).clone();
            assert_eq!(&*s.primary, primary, "{word}");
            assert_eq!(s.secondary.as_deref(), secondary, "{word}");
        }
    }
}
