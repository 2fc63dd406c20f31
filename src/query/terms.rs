//! How each term of a query was understood: what `--show-query` prints and JSON carries.

use serde::Serialize;

use super::expand::Expansion;

/// What kind of term a [`QueryTerm`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    Word,
    Compound,
    Phrase,
    Exact,
    Prefix,
    Variant,
    Title,
    Source,
    Date,
}

/// How one term of the query was understood.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryTerm {
    /// The term as written.
    pub term: String,
    pub kind: TermKind,
    /// Excluded (`-`, `NOT`).
    pub excluded: bool,
    /// The words after normalisation and elision (exact forms).
    pub words: Vec<String>,
    /// The lemmas they are matched by (from the French lexicon; see `analysis::lexicon`).
    pub lemmas: Vec<String>,
    /// How each word's lemmas were found: `word → lemma, lemma (how)`.
    pub lexicon: Vec<String>,
    /// Elided articles that were removed (`l'`, `qu'`…).
    pub elided: Vec<String>,
    /// The words that are stop words (kept, and matched, but discounted in `--any`).
    pub stop_words: Vec<String>,
    /// Forms of the index a prefix or variant term expanded to, with their passage counts.
    pub expansions: Vec<Expansion>,
    /// True when the expansion was cut at its limit.
    pub truncated: bool,
    /// Phrase slop.
    pub slop: u32,
}
