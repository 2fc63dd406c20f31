//! The French lexicon: written form → lemmas, from the Dicollecte dictionary (Debian's
//! `hunspell-fr-comprehensive`, MPL-2.0; see `data/lexicon/README.md`).
//!
//! A word is indexed under the lemmas of its written form, so that a query word finds the
//! forms of its own word (number, gender, the conjugation of one verb) and nothing else:
//! `passagers` is indexed as `passager`, `va` as `aller` and `va`, `marché` as `marché` and
//! `marcher`. The tables are built by `data/lexicon/generate.py` and
//! `examples/build_lexicon.rs` and compiled into the binary.
//!
//! Text side ([`Lexicon::index_lemmas`]): a known form gives its lemmas; an unknown form that
//! folds to known spellings gives theirs (capitals often lose their accents: `ELYSEE`,
//! `ETATS`); any other word is its own lemma, folded (names, neologisms). A known form
//! written in capitals is taken as written: `SUR` is the preposition, not `sûr`, as it
//! almost always is in a heading (`forms_check.py` counts `sur` wrongly for `sûr` otherwise).
//!
//! Query side ([`Lexicon::query_lemmas`]): a form that is a headword means that headword
//! (`marché` is the noun, not a form of `marcher`; `armée` is not `armer`); another form
//! means its lemmas (`travaux` → `travail`). A query typed without accents also means the
//! accented headwords it folds to (`tache` → `tache`, `tâche`). Words the lexicon lacks keep
//! their own form, with a conservative plural ([`unknown_variants`]).

use std::sync::OnceLock;

use tantivy_fst::raw::Fst;
use tantivy_fst::Map;

use super::fold::fold_into;

static FORMS: &[u8] = include_bytes!("../../data/lexicon/forms.fst");
static FOLDED: &[u8] = include_bytes!("../../data/lexicon/folded.fst");
static LISTS: &str = include_str!("../../data/lexicon/lists.txt");

/// The lexicon tables.
pub struct Lexicon {
    forms: Map<&'static [u8]>,
    folded: Map<&'static [u8]>,
    lists: &'static str,
}

/// What the lexicon says of a folded (accentless) spelling.
#[derive(Debug, Clone, Copy)]
pub struct Folded {
    /// The headwords among the forms that fold to it (may be empty).
    pub headwords: &'static str,
    /// The lemmas of every form that folds to it.
    pub lemmas: &'static str,
}

/// The lexicon compiled into the binary.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon {
        // The tables are checked by `tests` below and by every test that analyses text; a
        // damaged table cannot be built into the binary.
        forms: Map::from(Fst::new(FORMS).expect("data/lexicon/forms.fst is a valid FST")),
        folded: Map::from(Fst::new(FOLDED).expect("data/lexicon/folded.fst is a valid FST")),
        lists: LISTS,
    })
}

impl Lexicon {
    fn list(&self, offset: u64) -> &'static str {
        let rest = self.lists.get(offset as usize..).unwrap_or("");
        let end = rest.find('\n').unwrap_or(rest.len());
        &rest[..end]
    }

    /// The lemmas of a written form (lower case, accents kept, `œ` as `oe`), space-separated,
    /// and whether the form is a headword; `None` when the lexicon lacks it.
    pub fn form(&self, form: &str) -> Option<(&'static str, bool)> {
        let v = self.forms.get(form)?;
        Some((self.list(v >> 1), v & 1 == 1))
    }

    /// What the lexicon says of the forms that fold to `folded`.
    pub fn folded(&self, folded: &str) -> Option<Folded> {
        let v = self.folded.get(folded)?;
        let heads = v >> 32;
        Some(Folded {
            headwords: if heads == u64::from(u32::MAX) {
                ""
            } else {
                self.list(heads)
            },
            lemmas: self.list(v & 0xffff_ffff),
        })
    }

    /// The lemmas a word of a text is indexed under, space-separated, written into `out`:
    /// see the module documentation.
    pub fn index_lemmas(&self, exact: &str, out: &mut String) {
        out.clear();
        if exact.bytes().any(|b| b.is_ascii_digit()) {
            fold_into(exact, out);
            return;
        }
        let mut folded = String::new();
        fold_into(exact, &mut folded);
        match self.form(exact) {
            Some((lemmas, _)) => push_all(out, lemmas),
            None => match self.folded(&folded) {
                Some(f) => push_all(out, f.lemmas),
                None => {
                    if folded.is_empty() {
                        // A "word" of combining marks only folds to nothing: keep it.
                        out.push_str(exact);
                    } else {
                        out.push_str(&folded);
                    }
                }
            },
        }
    }

    /// The accented headwords that a known word typed without accents may stand for
    /// (`tache` → `tâche`; `cote` → `côte`, `côté`), for the caller to weigh: see
    /// `query::words`. None for a function word, which means itself (`a` is not `à`, `ou`
    /// not `où`, `sur` not `sûr`), nor for a word that carries an accent.
    pub fn accented(&self, exact: &str) -> Vec<&'static str> {
        let mut folded = String::new();
        fold_into(exact, &mut folded);
        if folded != exact || super::is_stop_word(exact) || self.form(exact).is_none() {
            return Vec::new();
        }
        self.folded(&folded)
            .map(|f| {
                f.headwords
                    .split(' ')
                    .filter(|h| !h.is_empty() && *h != exact)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// How a query word is understood: the lemmas it means, and how they were found.
    /// `every_reading` takes every lemma of a known form, not only the headword it is (for
    /// questions, where `signe` in `signe-t-elle` is the verb `signer` as much as the noun).
    pub fn query_lemmas(&self, exact: &str, capitalised: bool, every_reading: bool) -> QueryLemmas {
        let mut lemmas = String::new();
        if exact.bytes().any(|b| b.is_ascii_digit()) {
            fold_into(exact, &mut lemmas);
            return QueryLemmas {
                lemmas: split(&lemmas),
                how: How::Number,
            };
        }
        let mut folded = String::new();
        fold_into(exact, &mut folded);
        if let Some((form_lemmas, headword)) = self.form(exact) {
            if headword {
                push_all(&mut lemmas, exact);
            }
            if !headword || every_reading {
                push_all(&mut lemmas, form_lemmas);
            }
            let how = if headword { How::Headword } else { How::FormOf };
            return QueryLemmas {
                lemmas: split(&lemmas),
                how,
            };
        }
        if let Some(f) = self.folded(&folded) {
            push_all(
                &mut lemmas,
                if f.headwords.is_empty() {
                    f.lemmas
                } else {
                    f.headwords
                },
            );
            return QueryLemmas {
                lemmas: split(&lemmas),
                how: How::Respelled,
            };
        }
        let word = if folded.is_empty() {
            exact.to_string()
        } else {
            folded
        };
        // A variant that is a word of the lexicon is another word (`temp` is not `temps`,
        // `deu` not `deux`): on OrangeSum, 94 of the 578 unknown words whose variant occurs.
        let lemmas = if capitalised {
            vec![word]
        } else {
            unknown_variants(&word)
                .into_iter()
                .filter(|v| *v == word || (self.form(v).is_none() && self.folded(v).is_none()))
                .collect()
        };
        QueryLemmas {
            lemmas,
            how: if capitalised { How::Name } else { How::Unknown },
        }
    }
}

/// How a query word's lemmas were found, as `--show-query` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// A number: itself.
    Number,
    /// A headword of the lexicon: itself.
    Headword,
    /// An inflected form: its lemmas.
    FormOf,
    /// Typed without accents: itself and the accented headwords it folds to that the index
    /// holds more often than it.
    WithAccents,
    /// Not in the lexicon as typed, but its accentless spelling is.
    Respelled,
    /// A capitalised word the lexicon lacks (a name): its own form only.
    Name,
    /// A lower-case word the lexicon lacks: itself and its plural (or singular).
    Unknown,
}

impl How {
    /// A few words for `--show-query`.
    pub fn describe(self) -> &'static str {
        match self {
            How::Number => "number",
            How::Headword => "lexicon headword",
            How::FormOf => "lexicon form",
            How::WithAccents => "lexicon, and the accented words more frequent than it",
            How::Respelled => "lexicon, accents restored",
            How::Name => "not in the lexicon, capitalised: its own form only",
            How::Unknown => "not in the lexicon: its own form and plural",
        }
    }
}

/// The lemmas of a query word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryLemmas {
    pub lemmas: Vec<String>,
    pub how: How,
}

/// A lower-case word the lexicon lacks, and its plural or singular when that is safe: `-s`
/// added to a word of 3 letters or more that does not end in `s`, `x` or `z` (and `-x` after
/// `eau`/`au`/`eu`); `-s` taken off a word of 5 letters or more that ends in a single `s`
/// after a letter other than `u`, `i`, `s` (`virus`, `bis`, `stress` stay whole).
pub fn unknown_variants(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let last = chars.last().copied();
    match last {
        Some('s') if n >= 5 && !matches!(chars[n - 2], 'u' | 'i' | 's') => {
            out.push(chars[..n - 1].iter().collect());
        }
        Some('x') | Some('z') | Some('s') => {}
        Some(_) if n >= 3 => {
            out.push(format!("{word}s"));
            if word.ends_with("au") || word.ends_with("eu") {
                out.push(format!("{word}x"));
            }
        }
        _ => {}
    }
    out
}

/// Appends the space-separated `items` to the space-separated `out`, skipping those it holds.
fn push_all(out: &mut String, items: &str) {
    for item in items.split(' ').filter(|s| !s.is_empty()) {
        if !out.split(' ').any(|o| o == item) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(item);
        }
    }
}

fn split(s: &str) -> Vec<String> {
    s.split(' ')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(word: &str) -> String {
        let mut out = String::new();
        lexicon().index_lemmas(word, &mut out);
        out
    }

    fn query(word: &str) -> Vec<String> {
        lexicon().query_lemmas(word, false, false).lemmas
    }

    #[test]
    fn text_forms_are_indexed_under_their_lemmas() {
        assert_eq!(index("passagers"), "passager");
        assert_eq!(index("travaux"), "travail");
        assert_eq!(index("yeux"), "oeil");
        assert!(index("va").split(' ').any(|l| l == "aller"));
        assert!(index("marché").split(' ').any(|l| l == "marcher"));
        assert_eq!(index("elysee"), "élysée");
        // Unknown words are their own folded form.
        assert_eq!(index("stepanakert"), "stepanakert");
        assert_eq!(index("2000"), "2000");
    }

    #[test]
    fn query_words_mean_their_own_word() {
        assert_eq!(query("marché"), ["marché"]);
        assert_eq!(query("armée"), ["armée"]);
        assert_eq!(query("sûr"), ["sûr"]);
        assert_eq!(query("travaux"), ["travail"]);
        assert_eq!(query("sur"), ["sur"]);
        assert!(query("ete").contains(&"été".to_string()));
        assert_eq!(lexicon().accented("tache"), ["tâche"]);
        assert!(lexicon().accented("sur").is_empty());
        assert!(lexicon().accented("tâche").is_empty());
        assert_eq!(query("stepanakert"), ["stepanakert", "stepanakerts"]);
        // A variant that is another word is left out.
        assert_eq!(query("temp"), ["temp"]);
        assert_eq!(
            lexicon().query_lemmas("stepanakert", true, false).lemmas,
            ["stepanakert"]
        );
    }

    #[test]
    fn odd_words_get_a_lemma_and_never_panic() {
        let long = "a".repeat(300);
        assert_eq!(index(&long), long);
        assert_eq!(query(&long), [long.clone(), format!("{long}s")]);
        // Mixed scripts, digits inside words, combining marks, an empty word.
        assert_eq!(index("москваparis"), "москваparis");
        assert_eq!(index("covid19"), "covid19");
        assert_eq!(index("a1b2"), "a1b2");
        assert_eq!(index("e\u{301}t\u{e9}"), "été être");
        assert_eq!(index(""), "");
        for w in ["\u{1abf}", "ꙮ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "l'", "'"] {
            let _ = index(w);
            let _ = query(w);
            let _ = lexicon().accented(w);
        }
    }

    #[test]
    fn unknown_plurals_are_conservative() {
        assert_eq!(unknown_variants("covid"), ["covid", "covids"]);
        assert_eq!(unknown_variants("virus"), ["virus"]);
        assert_eq!(unknown_variants("stress"), ["stress"]);
        assert_eq!(unknown_variants("youtubeurs"), ["youtubeurs", "youtubeur"]);
        assert_eq!(unknown_variants("ox"), ["ox"]);
    }
}
