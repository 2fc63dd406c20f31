//! The query language: French-friendly text → a syntax tree → tantivy queries and the
//! patterns the highlighter marks.
//!
//! ```
//! use search::query::{parse, Node};
//!
//! let ast = parse("l'armée -Russie").unwrap();
//! assert!(matches!(ast, Node::Seq(ref clauses) if clauses.len() == 2));
//! ```

mod ast;
mod build;
mod compile;
mod error;
mod expand;
mod lexer;
mod parser;
mod sloppy;
mod terms;
mod words;

pub use crate::ranking::{
    is_question_word, strip_inverted_subject, Focus, RankOptions, EXACT_BOOST, TITLE_BOOST,
};
pub use crate::ranking::{Bm25Params, WordQuery};
pub use ast::{Clause, DateBound, DateRange, Leaf, Node, Occur};
pub(crate) use build::date_query;
pub(crate) use compile::source_key;
pub(crate) use compile::sources_query;
pub use compile::{compile, CompileOptions, Compiled, Scope, ScoredPart, SourcePattern};
pub use error::QueryError;
pub use expand::auto_distance;
pub use expand::Expansion;
pub use parser::{parse, MAX_QUERY_CHARS};
pub use terms::{QueryTerm, TermKind};
