//! Running a query: ranking, filtering, collecting hits with their highlights and context.

mod collapse;
mod collect;
mod hit;
mod run;

pub use hit::{ContextPassage, Hit, SearchResults};
pub use run::{SearchOptions, SortOrder};
