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
use rustc_hash::FxBuildHasher;

use super::fold::fold_into;

/// Stems of one word form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stems {
    /// The folded stem of the written (accented) form.
    pub primary: Box<str>,
    /// The stem of the folded form, when it differs from `primary`.
    pub secondary: Option<Box<str>>,
}

/// Longest word (in bytes) kept inline in the cache; longer ones go to a slower map.
const INLINE: usize = 30;

/// A short string stored inline: the cache compares and returns it without following a
/// pointer, which keeps a lookup to about one cache miss on a large vocabulary.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Short {
    len: u8,
    bytes: [u8; INLINE],
}

impl Short {
    const EMPTY: Short = Short {
        len: 0,
        bytes: [0; INLINE],
    };

    fn new(s: &str) -> Option<Short> {
        let mut out = Short::EMPTY;
        out.bytes.get_mut(..s.len())?.copy_from_slice(s.as_bytes());
        out.len = s.len() as u8;
        Some(out)
    }

    fn as_str(&self) -> &str {
        // Only built from a whole `&str` in `Short::new`.
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or_default()
    }
}

/// Stems of a short word, inline.
#[derive(Clone, Copy)]
struct ShortStems {
    primary: Short,
    secondary: Option<Short>,
}

/// A French stemmer that remembers the words it has seen (news vocabulary is Zipfian, so
/// most words are stemmed once per indexing thread).
pub struct StemCache {
    stemmer: Stemmer,
    /// Short words and their stems, inline (a fast hash: keys are short and not adversarial).
    short: HashMap<Short, ShortStems, FxBuildHasher>,
    /// Words or stems too long to be inline.
    long: HashMap<Box<str>, Stems, FxBuildHasher>,
    scratch: String,
}

const CACHE_LIMIT: usize = 400_000;

impl StemCache {
    pub fn new() -> StemCache {
        StemCache {
            stemmer: Stemmer::create(Algorithm::French),
            short: HashMap::with_capacity_and_hasher(4096, FxBuildHasher),
            long: HashMap::default(),
            scratch: String::new(),
        }
    }

    /// The stems of `exact` (lower case, accents kept): the primary stem, and the secondary
    /// one when it differs (see [`Stems`]).
    pub fn stems(&mut self, exact: &str) -> (&str, Option<&str>) {
        let key = Short::new(exact);
        if let Some(key) = key {
            if self.short.contains_key(&key) {
                let s = &self.short[&key];
                return (s.primary.as_str(), s.secondary.as_ref().map(Short::as_str));
            }
        } else if self.long.contains_key(exact) {
            let s = &self.long[exact];
            return (&s.primary, s.secondary.as_deref());
        }
        if self.short.len() + self.long.len() >= CACHE_LIMIT {
            self.short.clear();
            self.long.clear();
        }
        let stems = self.compute(exact);
        let short = key.and_then(|key| {
            let primary = Short::new(&stems.primary)?;
            let secondary = match &stems.secondary {
                None => None,
                Some(s) => Some(Short::new(s)?),
            };
            Some((key, ShortStems { primary, secondary }))
        });
        match short {
            Some((key, value)) => {
                let s = self.short.entry(key).or_insert(value);
                (s.primary.as_str(), s.secondary.as_ref().map(Short::as_str))
            }
            None => {
                let s = self.long.entry(exact.into()).or_insert(stems);
                (&s.primary, s.secondary.as_deref())
            }
        }
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
            for _ in 0..2 {
                // First computed, then from the cache.
                assert_eq!(c.stems(word), (primary, secondary), "{word}");
            }
        }
        let long = "anticonstitutionnellementissimes";
        assert!(long.len() > INLINE);
        let first = c.stems(long);
        let first = (first.0.to_string(), first.1.map(str::to_string));
        let again = c.stems(long);
        assert_eq!((again.0, again.1), (first.0.as_str(), first.1.as_deref()));
    }
}
