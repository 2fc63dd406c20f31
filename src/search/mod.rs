//! Running a query: ranking, filtering, collecting hits with their highlights and context.

mod collapse;
mod hit;
mod run;
mod show;

pub use crate::engine::{Filters, FormCount, Scope};
pub use crate::ranking::ArticleBonus;
pub use hit::{ContextPassage, Contribution, Hit, SearchResults};
pub use run::{SearchOptions, SortOrder};
pub use show::{ArticleView, ViewPassage};
