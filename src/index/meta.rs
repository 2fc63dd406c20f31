//! What `search` records about an index: analysis version, when and from what it was built.
//!
//! Stored as the payload of the index's last commit, so it changes atomically with it.

use serde::{Deserialize, Serialize};

/// Facts about an index, recorded at each commit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexMeta {
    /// Version of the French analysis that built the index.
    pub analysis_version: u32,
    /// The `search` version that built it.
    pub built_by: String,
    /// When it was built, in seconds since the Unix epoch.
    pub built_at: u64,
    /// The corpus paths it was built from.
    pub paths: Vec<String>,
    /// Number of articles.
    pub articles: u64,
    /// Number of passages.
    pub passages: u64,
    /// False for the intermediate commits of a run still going (or killed): the next run
    /// completes the work.
    #[serde(default = "yes")]
    pub complete: bool,
    /// The next article ordinal to give (ordinals of kept articles never change).
    #[serde(default)]
    pub next_article: u64,
    /// The next passage ordinal to give.
    #[serde(default)]
    pub next_order: u64,
}

fn yes() -> bool {
    true
}

impl IndexMeta {
    /// The metadata recorded in `index`'s last commit, if it was built by `search`.
    pub fn read(index: &tantivy::Index) -> Option<IndexMeta> {
        let metas = index.load_metas().ok()?;
        serde_json::from_str(metas.payload.as_deref()?).ok()
    }
}
