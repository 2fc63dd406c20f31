//! Running a query: ranking, filtering, collecting hits with their highlights and context.

mod article;
mod collapse;
mod hit;
mod run;

pub use crate::engine::{Filters, FormCount, Scope};
pub use crate::ranking::ArticleBonus;
pub use article::{Article, ArticleOptions, ArticlePassage};
pub use hit::{ContextPassage, Contribution, Hit, SearchResults};
pub use run::{SearchOptions, SortOrder};
