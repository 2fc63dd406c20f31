//! What `search` records about an index: analysis version, when and from what it was built.
//!
//! Stored as the payload of the index's last commit, so it changes atomically with it.

use serde::{Deserialize, Serialize};

/// Version of the index layout (schema, what each passage stores, the files beside the
/// index). Bump it whenever a change makes older indexes unreadable or wrong: they are then
/// rebuilt by `search index`, and `search query` says to rebuild them.
///
/// 1: the article's fields on every passage, duplicate keys indexed. 2: the article's fields
/// on its head passage only, duplicate table beside the index, no field norms on keywords.
/// 3: a passage's article ordinal, number and byte range in columns instead of the doc store,
/// which is compressed with zstd level 3.
pub const INDEX_FORMAT: u32 = 3;

/// Facts about an index, recorded at each commit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexMeta {
    /// Version of the French analysis that built the index.
    pub analysis_version: u32,
    /// Version of the index layout ([`INDEX_FORMAT`]); 1 for indexes that did not record it.
    #[serde(default = "first_format")]
    pub format: u32,
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
    /// The file of this commit's duplicate table, in the index folder (see
    /// [`super::DupTable`]); `None` when no passage text is held twice.
    #[serde(default)]
    pub dup_table: Option<String>,
    /// [`inputs_stamp`] of `paths` when the last complete build finished (`None` for an
    /// incomplete build or an index built before it was recorded): the automatic build of
    /// `corpus/` updates the index when it differs.
    #[serde(default)]
    pub inputs_stamp: Option<u64>,
    /// The source aliases file applied (canonical path; see `aliases.rs`), none when no
    /// `sources.tsv` was found or given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<String>,
}

/// A fingerprint of the files under `paths` as the file system lists them: each file's path,
/// size and modification time. Cheap (no file is read): it tells whether a corpus folder may
/// have changed since an index was built from it.
pub fn inputs_stamp(paths: &[std::path::PathBuf]) -> u64 {
    let mut files: Vec<(String, u64, u128)> = Vec::new();
    for path in paths {
        for entry in walkdir::WalkDir::new(path).into_iter().flatten() {
            let Ok(m) = entry.metadata() else { continue };
            if !m.is_file() {
                continue;
            }
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            files.push((entry.path().display().to_string(), m.len(), modified));
        }
    }
    files.sort();
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for (path, len, modified) in &files {
        h.update(path.as_bytes());
        h.update(&[0]);
        h.update(&len.to_le_bytes());
        h.update(&modified.to_le_bytes());
    }
    h.digest()
}

fn yes() -> bool {
    true
}

fn first_format() -> u32 {
    1
}

impl IndexMeta {
    /// The metadata recorded in `index`'s last commit, if it was built by `search`.
    pub fn read(index: &tantivy::Index) -> Option<IndexMeta> {
        let metas = index.load_metas().ok()?;
        serde_json::from_str(metas.payload.as_deref()?).ok()
    }
}
