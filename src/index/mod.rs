//! The index: its schema, building it from a corpus, and opening it for search.

mod meta;
mod reader;
mod schema;
mod writer;

pub use meta::IndexMeta;
pub use reader::{SearchIndex, StoredPassage};
pub use schema::Fields;
pub use writer::{build_index, BuildOptions, BuildReport};
