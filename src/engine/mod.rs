//! The execution core. Every command runs a query the same way: one [`Plan`] (the query text
//! parsed and compiled against the index, with its filters and its scope) and one of two
//! drivers over it:
//!
//! - **every match** ([`Plan::every`], then [`Plan::each_match`]): each matching passage in
//!   index order with the spans the highlighter marks in it — `search count`, `search kwic`,
//!   the written forms of `count --forms` and `query --exact-report`;
//! - **the top k** ([`Plan::top`]): the matching passages scored and ranked — `search query`.
//!
//! Both drivers read the same tantivy query and the same patterns, so what a count counts is
//! what a search ranks and highlights, and what a concordance lists.

mod every;
mod forms;
mod plan;
mod top;

pub use crate::query::Scope;
pub(crate) use every::{locate as every_passage, Located};
pub use forms::FormCount;
pub(crate) use forms::FormTally;
pub use plan::{filter_query, Filters, Plan};
pub(crate) use top::Columns;
