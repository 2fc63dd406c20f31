//! What an indexing run did to each input: the data behind `search index --report FILE`.
//!
//! Wire format (JSON, stable):
//!
//! ```text
//! {"index": "index", "complete": true, "rebuilt": false,
//!  "totals": {"files": 3, "articles": 120, "passages": 900, "added": 2, "updated": 1,
//!             "unchanged": 117, "removed": 1, "kept_missing": 0, "duplicates": 1,
//!             "skipped": 2, "warnings": 1},
//!  "files": [{"path": "corpus/a.jsonl", "outcome": "updated", "encoding": "UTF-8",
//!             "added": 2, "updated": 1, "unchanged": 40, "duplicates": 0,
//!             "problems": [{"line": 7, "reason": "malformed json: …"}], "warnings": []}],
//!  "removed": ["old-article-id"]}
//! ```
//!
//! A file's `outcome` is `indexed` (all its articles new), `updated` (some new or changed),
//! `unchanged`, `duplicate` (only duplicates of articles read before) or `skipped` (nothing
//! read from it; see `problems`).

use serde::Serialize;

/// A problem or warning, at a line when it concerns one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub reason: String,
}

/// What happened to one input file (or path that could not be read).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FileReport {
    pub path: String,
    pub outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub duplicates: u64,
    pub problems: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

impl FileReport {
    /// Sets `outcome` from the counts.
    pub(crate) fn settle(&mut self) {
        self.outcome = if self.added + self.updated == 0 {
            if self.unchanged > 0 {
                "unchanged"
            } else if self.duplicates > 0 {
                "duplicate"
            } else {
                "skipped"
            }
        } else if self.updated == 0 && self.unchanged == 0 {
            "indexed"
        } else {
            "updated"
        };
    }
}

/// Run totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Totals {
    /// Files read.
    pub files: u64,
    /// Articles in the index after the run.
    pub articles: u64,
    /// Passages in the index after the run.
    pub passages: u64,
    /// Articles new to the index.
    pub added: u64,
    /// Articles whose content changed, re-indexed.
    pub updated: u64,
    /// Articles already indexed as they are.
    pub unchanged: u64,
    /// Articles removed because they are no longer in the corpus.
    pub removed: u64,
    /// Articles no longer found but kept (`--keep-missing`, or their file unreadable).
    pub kept_missing: u64,
    /// Articles read a second time (same id, or same content as an earlier one): indexed once.
    pub duplicates: u64,
    /// Inputs skipped (files, or lines/rows/items of a file).
    pub skipped: u64,
    /// Warnings.
    pub warnings: u64,
}

/// The whole report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct IngestReport {
    pub index: String,
    pub complete: bool,
    pub rebuilt: bool,
    pub totals: Totals,
    pub files: Vec<FileReport>,
    /// Ids of the articles removed.
    pub removed: Vec<String>,
}
