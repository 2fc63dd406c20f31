//! Plain hit data: what a search returns, free of tantivy types.

use crate::corpus::Date;
use crate::highlight::Span;
use crate::query::QueryTerm;

/// A passage that matched, with its article's fields and its highlights.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The ranking score (BM25 plus exact-form and title bonuses); for date sorts, still
    /// the relevance score.
    pub score: f32,
    pub doc_id: String,
    pub path: String,
    pub title: Option<String>,
    pub date: Option<Date>,
    pub source: Option<String>,
    /// The source as the article spelled it, when a source alias renamed it.
    pub source_raw: Option<String>,
    pub url: Option<String>,
    /// The article's ordinal in the index.
    pub article: u64,
    /// Passage number in the article (0-based).
    pub passage: u64,
    /// Byte range of the passage in the article text.
    pub start: u64,
    pub end: u64,
    /// The passage text.
    pub text: String,
    /// Matched words, as spans into `text`.
    pub highlights: Vec<Span>,
    /// Neighbouring passages of the same article (with `--context`), in article order.
    pub context: Vec<ContextPassage>,
    /// Ids of the other articles holding the same passage (same text after normalisation),
    /// when duplicates are collapsed.
    pub also_in: Vec<String>,
    /// What the score is made of (with `explain`): one entry per term and field that scored.
    pub explanation: Vec<Contribution>,
}

/// A part of a hit's score: one query term on one field.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Contribution {
    /// The query term as written.
    pub term: String,
    /// `text` (folded stems), `exact` (written form) or `title`.
    pub field: String,
    /// Its share of the score (weights applied).
    pub score: f32,
}

/// A passage shown around a hit, not itself highlighted.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ContextPassage {
    pub passage: u64,
    pub text: String,
}

/// The answer to one query.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// The hits, best first (or in the requested order).
    pub hits: Vec<Hit>,
    /// How many passages match in all (before offset, limit and per-article).
    pub total: usize,
    /// How each term of the query was understood.
    pub terms: Vec<QueryTerm>,
    /// With `forms`: the written forms matched in all matching passages, with counts.
    pub forms: Vec<super::FormCount>,
    /// Where the query's boolean logic applied.
    pub scope: super::Scope,
}
