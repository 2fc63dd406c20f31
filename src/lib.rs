//! `search`: full-text search for corpora of French news.
//!
//! Index French articles as passages (paragraphs) with a French analysis that handles
//! elisions, compounds, accents, numbers and stemming; rank passages with BM25; get exact
//! highlights (byte and character offsets into the passage text). For studies, [`audit`] counts
//! every match (per source, year, month, day, article), lists every occurrence in context and
//! describes an index.
//!
//! ```
//! use search::{build_index, BuildOptions, SearchIndex, SearchOptions};
//!
//! # fn main() -> Result<(), search::Error> {
//! let dir = tempfile::tempdir().unwrap();
//! let corpus = dir.path().join("corpus");
//! std::fs::create_dir(&corpus).unwrap();
//! std::fs::write(corpus.join("trêve.txt"), "Un cessez-le-feu a été conclu à Stepanakert.\nLe feu a repris.").unwrap();
//!
//! let index_dir = dir.path().join("index");
//! build_index(&[corpus], &index_dir, &BuildOptions::default(), &mut |problem, _| eprintln!("{problem}"))?;
//!
//! let index = SearchIndex::open(&index_dir)?;
//! let results = index.search("cessez-le-feu", &SearchOptions::default())?;
//! let hit = &results.hits[0];
//! assert_eq!(hit.doc_id, "trêve");
//! let span = &hit.highlights[0];
//! assert_eq!(&hit.text[span.start..span.end], "cessez-le-feu");
//! # Ok(())
//! # }
//! ```

pub mod analysis;
pub mod audit;
pub mod cli;
pub mod corpus;
pub mod engine;
mod error;
pub mod highlight;
pub mod index;
pub mod output;
pub mod passage;
pub mod query;
pub mod ranking;
pub mod search;
pub mod serve;

pub use error::{Error, Result};
pub use index::{build_index, BuildOptions, BuildReport, SearchIndex};
pub use search::{Hit, SearchOptions, SearchResults, SortOrder};
