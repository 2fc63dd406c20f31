//! Running a query: ranking, filtering, collecting hits with their highlights and context.

mod bonus;
mod collapse;
mod collect;
mod forms;
mod hit;
mod prepare;
mod run;

pub use bonus::ArticleBonus;
pub use forms::FormCount;
pub use hit::{ContextPassage, Contribution, Hit, SearchResults};
pub use prepare::{filter_query, prepare_query, Filters, PreparedQuery};
pub use run::{SearchOptions, SortOrder};
