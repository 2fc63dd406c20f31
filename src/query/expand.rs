//! Expanding prefix and variant terms against the words the index actually holds.

use std::collections::BTreeMap;

use tantivy::query::FuzzyTermQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use crate::analysis::fold_into;

/// A form found in the index, with the number of passages that hold it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Expansion {
    pub form: String,
    pub passages: u64,
}

/// Most forms a prefix or variant term expands to; beyond, the rarest are dropped and the
/// expansion is reported as truncated.
pub const MAX_EXPANSIONS: usize = 1000;

/// Forms of `field` (exact forms) whose folded spelling starts with `prefix` (folded).
///
/// The term dictionary is searched with [`FoldedPrefix`], so only the branches whose folded
/// spelling can still start with `prefix` are read (`négoci*` visits the `n`, then `ne`, `né`,
/// `nè`… branches, not every word starting with `n` or with an accented letter).
pub fn prefix_terms(searcher: &Searcher, field: Field, prefix: &str) -> (Vec<Expansion>, bool) {
    let mut found = BTreeMap::new();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let dict = inverted.terms();
        let Ok(mut stream) = dict.search(FoldedPrefix::new(prefix)).into_stream() else {
            continue;
        };
        while stream.advance() {
            let Ok(term) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            *found.entry(term.to_string()).or_insert(0u64) += stream.value().doc_freq as u64;
        }
    }
    limit(found)
}

/// An automaton over UTF-8 bytes that accepts the strings whose folded spelling (accents
/// removed, as [`fold_into`] does, one character at a time) starts with a given prefix.
#[derive(Debug, Clone)]
pub struct FoldedPrefix {
    prefix: Box<str>,
}

/// Where [`FoldedPrefix`] stands in a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrefixState {
    /// The folded string cannot start with the prefix.
    Dead,
    /// The folded string starts with the prefix, whatever follows.
    Done,
    /// `matched` bytes of the prefix are matched, and `pending[..len]` holds the first
    /// bytes of a character not yet complete.
    At {
        matched: usize,
        pending: [u8; 4],
        len: u8,
    },
}

impl FoldedPrefix {
    /// Accepts what folds to `prefix` (already folded) followed by anything.
    pub fn new(prefix: &str) -> FoldedPrefix {
        FoldedPrefix {
            prefix: prefix.into(),
        }
    }
}

impl tantivy_fst::Automaton for FoldedPrefix {
    type State = PrefixState;

    fn start(&self) -> PrefixState {
        if self.prefix.is_empty() {
            PrefixState::Done
        } else {
            PrefixState::At {
                matched: 0,
                pending: [0; 4],
                len: 0,
            }
        }
    }

    fn is_match(&self, state: &PrefixState) -> bool {
        *state == PrefixState::Done
    }

    fn can_match(&self, state: &PrefixState) -> bool {
        *state != PrefixState::Dead
    }

    fn will_always_match(&self, state: &PrefixState) -> bool {
        *state == PrefixState::Done
    }

    fn accept(&self, state: &PrefixState, byte: u8) -> PrefixState {
        let PrefixState::At {
            matched,
            mut pending,
            len,
        } = *state
        else {
            return *state;
        };
        pending[len as usize] = byte;
        let len = len as usize + 1;
        let Some(c) = complete_char(&pending[..len]) else {
            return if len < 4 {
                PrefixState::At {
                    matched,
                    pending,
                    len: len as u8,
                }
            } else {
                PrefixState::Dead
            };
        };
        let mut folded = [0u8; 4];
        let owned;
        let f: &str = if c.is_ascii() {
            c.encode_utf8(&mut folded)
        } else {
            let mut s = String::new();
            fold_into(c.encode_utf8(&mut folded), &mut s);
            owned = s;
            &owned
        };
        let rest = &self.prefix[matched..];
        if f.len() >= rest.len() && f.starts_with(rest) {
            PrefixState::Done
        } else if rest.starts_with(f) {
            PrefixState::At {
                matched: matched + f.len(),
                pending: [0; 4],
                len: 0,
            }
        } else {
            PrefixState::Dead
        }
    }
}

/// The character `bytes` encode, once they hold a whole one.
fn complete_char(bytes: &[u8]) -> Option<char> {
    let need = match bytes[0] {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    };
    if bytes.len() < need {
        return None;
    }
    std::str::from_utf8(bytes).ok()?.chars().next()
}

/// Forms of `field` whose folded spelling is within `distance` edits of `word` (folded).
///
/// Candidates come from Levenshtein automata over the term dictionary (around `word` and
/// around `written`, the form as typed, accents included), so only a sliver of the
/// dictionary is read; each candidate is then checked on its folded spelling.
pub fn fuzzy_terms(
    searcher: &Searcher,
    field: Field,
    word: &str,
    written: &str,
    distance: u8,
) -> (Vec<Expansion>, bool) {
    let target: Vec<char> = word.chars().collect();
    // (term, segment) → passages, so that a term both automata find counts once.
    let mut per_segment: BTreeMap<(String, usize), u64> = BTreeMap::new();
    let mut folded = String::new();
    let mut cand: Vec<char> = Vec::new();
    let d = distance as usize;
    let mut seeds = vec![word];
    if written != word {
        seeds.push(written);
    }
    for seed in seeds {
        for_each_near(searcher, field, seed, distance, |ord, term, df| {
            folded.clear();
            fold_into(term, &mut folded);
            cand.clear();
            cand.extend(folded.chars());
            if edit_distance(&target, &cand, d) <= d {
                per_segment.insert((term.to_string(), ord), df as u64);
            }
        });
    }
    let mut found = BTreeMap::new();
    for ((term, _), n) in per_segment {
        *found.entry(term).or_insert(0u64) += n;
    }
    limit(found)
}

/// Edit distance for `mot~`: 0 up to 2 letters, 1 up to 5, 2 beyond.
pub fn auto_distance(chars: usize) -> u8 {
    match chars {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    }
}

/// When none of `stems` is in `field`, the indexed stem closest to the first one (one edit
/// up to 5 letters, two beyond; ties go to the commonest), if any; never for a number.
pub(super) fn closest_unknown(
    searcher: &Searcher,
    field: Field,
    stems: &[Box<str>],
) -> Option<Box<str>> {
    let known = |t: &str| {
        searcher
            .doc_freq(&Term::from_field_text(field, t))
            .map_or(true, |n| n > 0)
    };
    let stem = stems.first()?;
    let target: Vec<char> = stem.chars().collect();
    // Numbers are not misspelt words: `1968` must not turn into `1969`.
    let numeric = target.iter().any(char::is_ascii_digit);
    if target.len() < 4 || numeric || stems.iter().any(|s| known(s)) {
        return None;
    }
    let distance = auto_distance(target.len());
    // Each near stem with its passages in the whole index (summed over the segments, so
    // that the choice does not depend on how the passages fell into segments).
    let mut near: BTreeMap<String, (usize, u64)> = BTreeMap::new();
    for_each_near(searcher, field, stem, distance, |_, term, df| {
        let entry = near.entry(term.to_string()).or_insert_with(|| {
            let cand: Vec<char> = term.chars().collect();
            (edit_distance(&target, &cand, distance as usize), 0)
        });
        entry.1 += u64::from(df);
    });
    // The nearest; among those, the most frequent; then the first in order.
    near.into_iter()
        .min_by(|(ta, (da, na)), (tb, (db, nb))| {
            (da, std::cmp::Reverse(na), ta).cmp(&(db, std::cmp::Reverse(nb), tb))
        })
        .map(|(t, _)| t.into())
}

/// Calls `f(segment, term, passages)` for every term of `field` within `distance` edits of
/// `seed` (raw spelling), segment by segment, through a Levenshtein automaton.
fn for_each_near(
    searcher: &Searcher,
    field: Field,
    seed: &str,
    distance: u8,
    mut f: impl FnMut(usize, &str, u32),
) {
    let query = FuzzyTermQuery::new(Term::from_field_text(field, seed), distance, true);
    let Ok(automaton) = query.automaton() else {
        return;
    };
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().search(&automaton).into_stream() else {
            continue;
        };
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                f(ord, term, stream.value().doc_freq);
            }
        }
    }
}

fn limit(found: BTreeMap<String, u64>) -> (Vec<Expansion>, bool) {
    let mut all: Vec<Expansion> = found
        .into_iter()
        .map(|(form, passages)| Expansion { form, passages })
        .collect();
    let truncated = all.len() > MAX_EXPANSIONS;
    if truncated {
        all.sort_by(|a, b| {
            b.passages
                .cmp(&a.passages)
                .then_with(|| a.form.cmp(&b.form))
        });
        all.truncate(MAX_EXPANSIONS);
        all.sort_by(|a, b| a.form.cmp(&b.form));
    }
    (all, truncated)
}

/// Optimal-string-alignment distance (a transposition counts as one edit), stopping early
/// once it exceeds `max`.
pub fn edit_distance(a: &[char], b: &[char], max: usize) -> usize {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max {
        return max + 1;
    }
    let mut prev2 = vec![0usize; m + 1];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur = vec![0usize; m + 1];
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return max + 1;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m]
}

#[cfg(test)]
mod tests {
    use super::{closest_unknown, edit_distance, FoldedPrefix};
    use crate::analysis::fold_into;
    use tantivy_fst::Automaton;

    fn accepts(a: &FoldedPrefix, word: &str) -> bool {
        let mut state = a.start();
        for &b in word.as_bytes() {
            if !a.can_match(&state) {
                return false;
            }
            state = a.accept(&state, b);
        }
        a.is_match(&state)
    }

    #[test]
    fn folded_prefix_is_fold_then_starts_with() {
        let words = [
            "négociations",
            "negocier",
            "nègociant",
            "néo",
            "ne",
            "n",
            "négoce",
            "cœur",
            "coeur",
            "coe\u{301}ur",
            "straße",
            "strasse",
            "ÉLYSÉE",
            "élysée",
            "ελλάδα",
            "",
            "2000",
        ];
        for prefix in [
            "negoci", "ne", "coe", "coeu", "stras", "strass", "elys", "ελλα", "2", "n",
        ] {
            let a = FoldedPrefix::new(prefix);
            for word in words {
                let mut folded = String::new();
                fold_into(word, &mut folded);
                assert_eq!(
                    accepts(&a, word),
                    folded.starts_with(prefix),
                    "{prefix:?} on {word:?}"
                );
            }
        }
    }

    #[test]
    fn distances() {
        let d = |a: &str, b: &str| {
            edit_distance(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
                3,
            )
        };
        assert_eq!(d("karabakh", "karabagh"), 1);
        assert_eq!(d("karabakh", "karabakh"), 0);
        assert_eq!(d("karabakh", "karbakh"), 1);
        assert_eq!(d("ab", "ba"), 1);
        assert_eq!(d("stepanakert", "xyz"), 4);
    }

    #[test]
    fn the_closest_stem_is_chosen_on_the_whole_index_not_one_segment() {
        use tantivy::schema::{Schema, TEXT};
        use tantivy::{doc, Index, IndexWriter};
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        // One segment: `maison` twice, `maisoz` once; another: `maisoz` twice.
        for t in ["maison", "maison", "maisoz"] {
            writer.add_document(doc!(text => t)).unwrap();
        }
        writer.commit().unwrap();
        for t in ["maisoz", "maisoz"] {
            writer.add_document(doc!(text => t)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        // `maisom` is one edit from both: the one in more passages of the index wins.
        let near = closest_unknown(&searcher, text, &["maisom".into()]);
        assert_eq!(near.as_deref(), Some("maisoz"));
    }
}
