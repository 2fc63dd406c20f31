//! Corpus audits: exact counts, concordances and index statistics over every match, not
//! the top k, as plain data for studies to cite.
//!
//! Counts are exhaustive and reproducible: every passage the query matches is visited in
//! index order and its occurrences are the spans [`crate::highlight::highlight`] marks (a
//! phrase or a compound is one occurrence), so counts, concordances and highlights agree.
//!
//! ```
//! use search::audit::{By, CountOptions, KwicOptions};
//! use search::{build_index, BuildOptions, SearchIndex};
//!
//! # fn main() -> Result<(), search::Error> {
//! let dir = tempfile::tempdir().unwrap();
//! let corpus = dir.path().join("corpus");
//! std::fs::create_dir(&corpus).unwrap();
//! std::fs::write(corpus.join("a.txt"), "Trois blessés à Lyon après un accident de la route.\n\nUn blessé grave, deux blessés légers sont soignés ce soir.").unwrap();
//! let index_dir = dir.path().join("index");
//! build_index(&[corpus], &index_dir, &BuildOptions::default(), &mut |p, _| eprintln!("{p}"))?;
//!
//! let index = SearchIndex::open(&index_dir)?;
//! let audit = index.audit();
//! let counts = audit.count("=blessés", &CountOptions { forms: true, ..CountOptions::default() })?;
//! assert_eq!((counts.total.articles, counts.total.passages, counts.total.occurrences), (1, 2, 2));
//!
//! let kwic = audit.kwic("blessé", &KwicOptions::default())?;
//! assert_eq!(kwic.lines.len(), 3);
//! assert_eq!((kwic.lines[1].left.as_str(), kwic.lines[1].matched.as_str()), ("Un", "blessé"));
//! # Ok(())
//! # }
//! ```

mod articles;
mod batch;
mod count;
mod kwic;
mod session;
mod stats;

pub use articles::By;
pub use batch::{read_queries, read_queries_by_line, BatchError, NamedQuery};
pub use count::{BucketCount, CountOptions, Counts, FormCount, Tally};
pub use kwic::{Concordance, KwicEnd, KwicLine, KwicOptions, KwicSort, Sample};
pub use session::Audit;
pub use stats::{IndexStats, SourceCount, YearCount};
