//! Running a query: ranking, filtering, collecting hits with their highlights and context.

mod collapse;
mod collect;
mod forms;
mod hit;
mod run;

pub use forms::FormCount;
pub use hit::{ContextPassage, Contribution, Hit, SearchResults};
pub use run::{SearchOptions, SortOrder};
