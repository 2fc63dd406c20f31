//! The index: its schema, building and updating it from a corpus, and opening it for search.

mod aliases;
mod columns;
mod directory;
mod document;
mod dup;
mod dup_table;
mod folder;
mod meta;
mod path_key;
mod reader;
mod report;
mod schema;
mod sink;
mod state;
mod verify;
mod writer;

pub use aliases::{aliases_file, AliasesError, SourceAliases, ALIASES_FILE};
pub use columns::ColumnCache;
pub use dup::{normalise, passage_key};
pub use dup_table::{DupMember, DupTable};
pub use folder::{is_search_index, MARKER};
pub use meta::{inputs_stamp, IndexMeta, INDEX_FORMAT};
pub use path_key::{path_key, PathKeys};
pub use reader::{SearchIndex, StoredPassage};
pub use report::{FileReport, IngestReport, Issue, Totals};
pub use schema::Fields;
pub use verify::{check_index, damaged_error, CheckReport, Damage};
pub use writer::{
    build_index, corpus_stamp, update_index, BuildOptions, BuildReport, Event, Progress,
};
