//! The lemmas of every word form, from the French lexicon ([`super::lexicon`]), with a cache
//! (news vocabulary is Zipfian, so most words are looked up once per indexing thread).
//!
//! The cache keeps the name it had when it held Snowball stems: the lemmas of a form are
//! its "stems" in the index's `text` field, separated by spaces.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use rustc_hash::{FxBuildHasher, FxHasher};

use super::lexicon::lexicon;

/// Stems of one word form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stems {
    /// The folded stem of the written (accented) form.
    pub primary: Box<str>,
    /// The stem of the folded form, when it differs from `primary`.
    pub secondary: Option<Box<str>>,
}

/// Longest word (in bytes) kept inline as a key; longer ones go to a slower map.
const INLINE: usize = 31;

/// A short word stored inline (zero-padded): hashing and comparing it follows no pointer.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Short {
    bytes: [u8; INLINE],
    len: u8,
}

impl Short {
    const EMPTY: Short = Short {
        bytes: [0; INLINE],
        len: 0,
    };

    fn new(s: &str) -> Option<Short> {
        let mut out = Short::EMPTY;
        out.bytes.get_mut(..s.len())?.copy_from_slice(s.as_bytes());
        out.len = s.len() as u8;
        Some(out)
    }

    /// A hash of the whole padded key, four words at a time (a generic `Hash` of the byte
    /// array is several times slower, and this runs for every word of every text).
    fn hash(&self) -> u64 {
        let word = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&self.bytes[i..i + 8]);
            u64::from_le_bytes(w)
        };
        let mix = |a: u64, b: u64| {
            let m = u128::from(a ^ 0x243f_6a88_85a3_08d3) * u128::from(b ^ 0x1319_8a2e_0370_7344);
            (m as u64) ^ ((m >> 64) as u64)
        };
        mix(word(0) ^ u64::from(self.len), word(8)) ^ mix(word(16), word(23))
    }
}

impl std::hash::Hash for Short {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(Short::hash(self));
    }
}

/// Slots of the front cache (a power of two): the most frequent words stay there.
const FRONT: usize = 16384;

/// Where a word's stems are in [`StemCache::arena`]: the primary stem, then the secondary
/// one (empty when there is none).
#[derive(Clone, Copy)]
struct Span {
    start: u32,
    primary: u32,
    secondary: u32,
}

/// A front cache slot: a short word and where its stems are.
#[derive(Clone, Copy)]
struct FrontSlot {
    key: Short,
    stems: Span,
    /// Hits since it came, less the misses of other words on the slot: a word leaves the
    /// slot only once rarer words have missed there more often than it was found.
    hits: u32,
}

const EMPTY_SLOT: FrontSlot = FrontSlot {
    key: Short::EMPTY,
    stems: Span {
        start: 0,
        primary: 0,
        secondary: 0,
    },
    hits: 0,
};

/// A French stemmer that remembers the words it has seen (news vocabulary is Zipfian, so
/// most words are stemmed once per indexing thread).
pub struct StemCache {
    /// The stems of every word seen, one after the other, in the order first seen (so the
    /// stems of frequent words, seen early, lie close together).
    arena: String,
    /// A direct-mapped cache in front of `short`: the few thousand most frequent words make
    /// most of a text, and a slot is found without probing a large table, and holds where
    /// the stems are (no other table to read on the way to them).
    front: Box<[FrontSlot]>,
    /// Short words and where their stems are (a fast hash: keys are not adversarial).
    short: HashMap<Short, Span, BuildHasherDefault<FxHasher>>,
    /// Longer words and where their stems are.
    long: HashMap<Box<str>, Span, FxBuildHasher>,
    scratch: String,
}

/// Most words remembered; past it (or past [`ARENA_LIMIT`] bytes of stems) the cache
/// starts over.
const CACHE_LIMIT: usize = 400_000;
const ARENA_LIMIT: usize = 64 << 20;

impl StemCache {
    pub fn new() -> StemCache {
        StemCache {
            arena: String::with_capacity(1 << 16),
            front: vec![EMPTY_SLOT; FRONT].into_boxed_slice(),
            short: HashMap::with_capacity_and_hasher(4096, Default::default()),
            long: HashMap::default(),
            scratch: String::new(),
        }
    }

    /// The stems of `exact` (lower case, accents kept): the primary stem, and the secondary
    /// one when it differs (see [`Stems`]).
    pub fn stems(&mut self, exact: &str) -> (&str, Option<&str>) {
        let span = match Short::new(exact).filter(|_| !exact.is_empty()) {
            Some(key) => self.short_span(exact, key),
            None => self.long_span(exact),
        };
        let (start, primary) = (span.start as usize, span.primary as usize);
        let stems = &self.arena[start..start + primary + span.secondary as usize];
        let (primary, secondary) = stems.split_at(primary);
        (primary, (!secondary.is_empty()).then_some(secondary))
    }

    /// Where the stems of a short word are: from its front slot, else from the map (then it
    /// takes the slot, unless the slot's word has been found there more often than others
    /// missed it), else stemmed.
    fn short_span(&mut self, exact: &str, key: Short) -> Span {
        // An empty key never comes here, so a free slot never matches.
        let slot = key.hash() as usize & (FRONT - 1);
        let front = &mut self.front[slot];
        if front.key == key {
            front.hits = front.hits.saturating_add(1);
            return front.stems;
        }
        let span = match self.short.get(&key) {
            Some(&span) => span,
            None => {
                let span = self.add(exact);
                self.short.insert(key, span);
                span
            }
        };
        let front = &mut self.front[slot];
        if front.hits > 0 {
            front.hits -= 1;
        } else {
            *front = FrontSlot {
                key,
                stems: span,
                hits: 0,
            };
        }
        span
    }

    /// Where the stems of a long word are.
    fn long_span(&mut self, exact: &str) -> Span {
        if let Some(&span) = self.long.get(exact) {
            return span;
        }
        let span = self.add(exact);
        self.long.insert(exact.into(), span);
        span
    }

    /// Stems `exact` and keeps its stems; returns where they are. Starts every map over
    /// first when they hold too much.
    fn add(&mut self, exact: &str) -> Span {
        if self.short.len() + self.long.len() >= CACHE_LIMIT || self.arena.len() >= ARENA_LIMIT {
            self.arena.clear();
            self.short.clear();
            self.long.clear();
            self.front.fill(EMPTY_SLOT);
        }
        let stems = self.compute(exact);
        let secondary = stems.secondary.as_deref().unwrap_or("");
        let span = Span {
            start: self.arena.len() as u32,
            primary: stems.primary.len() as u32,
            secondary: secondary.len() as u32,
        };
        self.arena.push_str(&stems.primary);
        self.arena.push_str(secondary);
        span
    }

    fn compute(&mut self, exact: &str) -> Stems {
        lexicon().index_lemmas(exact, &mut self.scratch);
        Stems {
            primary: self.scratch.as_str().into(),
            secondary: None,
        }
    }
}

impl Default for StemCache {
    fn default() -> Self {
        StemCache::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let mut c = StemCache::new();
        for (word, primary, secondary) in [
            ("élysée", "élysée", None),
            ("elysee", "élysée", None),
            ("blessées", "blesser blessé", None),
            ("travaux", "travail", None),
            ("négociations", "négociation", None),
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

    #[test]
    fn words_sharing_a_front_slot_keep_their_own_stems() {
        // Four times more words than front slots, so many share one; twice over, so the
        // second pass reads the front cache and the maps; then the most frequent ones again.
        let words: Vec<String> = (0..4 * FRONT)
            .map(|i| {
                let mut w = String::from("réf");
                let mut n = i;
                while n > 0 {
                    w.push(char::from(b'a' + (n % 26) as u8));
                    n /= 26;
                }
                // Some too long for a front slot (word or stem), some for the short map.
                w.push_str(
                    [
                        "ées",
                        "ions",
                        "er",
                        "constitutionnellement",
                        "ationnalisations",
                    ][i % 5],
                );
                if i % 7 == 0 {
                    w.push_str("anticonstitutionnel");
                }
                w
            })
            .collect();
        let mut c = StemCache::new();
        for _ in 0..2 {
            for w in &words {
                let expected = StemCache::new().compute(w);
                let (primary, secondary) = c.stems(w);
                assert_eq!(primary, &*expected.primary, "{w}");
                assert_eq!(secondary, expected.secondary.as_deref(), "{w}");
            }
        }
        for _ in 0..3 {
            for w in words.iter().take(FRONT / 2) {
                let expected = StemCache::new().compute(w);
                assert_eq!(
                    c.stems(w),
                    (&*expected.primary, expected.secondary.as_deref())
                );
            }
        }
    }
}
