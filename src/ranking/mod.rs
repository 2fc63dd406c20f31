//! Ranking: every weight that orders hits, in one place, each named after the
//! `EVALUATION.md` row that chose it.
//!
//! Two kinds of queries are ranked differently, because they were measured on different sets:
//!
//! - **keyword queries** (the default: every word required), judged on `eval/keyword/`
//!   (68 queries a news reader types, passages graded 0/1/2 by reading them, nDCG@10;
//!   `EVALUATION.md`, "Keyword ranking"): each word is scored by BM25 with
//!   [`KEYWORD_BM25`] over its stems, plus [`EXACT_BOOST`] times the BM25 of its written
//!   form, plus [`TITLE_BOOST`] times the best score of the query in the article's title,
//!   added to every passage of the article ([`ArticleBonus`]);
//! - **questions** (`--any`), judged on PIAF (`EVALUATION.md`, "Results" and "What each change
//!   gained or cost"): see [`options`] for the words left out or weighed down, the focus, the
//!   proximity bonus and their own BM25 parameters.
//!
//! A phrase (`"…"`, a compound) is scored by tantivy's phrase BM25 (or
//! `query::sloppy`'s, with a slop), and a variant
//! (`mot~`) by the blended rarity times its likeness to the word typed
//! (`query::compile::blended`, `EVALUATION.md`, "Variants").
//!
//! [`RankOptions::parse`] reads the variants measured in `EVALUATION.md` (`search query
//! --ranking …`, a hidden option); variants that the measurements rejected are deleted.

mod bm25;
mod bonus;
mod options;

pub(crate) use bm25::bm25_idf;
pub use bm25::{Bm25Params, WordQuery};
pub use bonus::ArticleBonus;
pub use options::{
    is_function_word, is_name, is_question_word, strip_inverted_subject, Focus, RankOptions,
    EXACT_BOOST, KEYWORD_BM25, TITLE_BOOST,
};
