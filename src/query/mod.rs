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
mod compile;
mod error;
mod expand;
mod lexer;
mod parser;
mod rank;

pub use ast::{Clause, DateBound, DateRange, Leaf, Node, Occur};
pub use compile::{
    auto_distance, compile, CompileOptions, Compiled, QueryTerm, ScoredPart, TermKind,
};
pub(crate) use compile::{date_query, sources_query};
pub use error::QueryError;
pub use expand::Expansion;
pub use parser::parse;
pub use rank::{is_question_word, RankOptions, EXACT_BOOST, TITLE_BOOST};
