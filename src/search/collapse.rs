//! Collapsing duplicate passages: the same text (after normalisation) in several articles —
//! wire copy reprinted by several outlets — is shown once, with the other articles listed.

use std::collections::HashSet;

use tantivy::{DocAddress, Searcher};

use crate::error::{Error, Result};
use crate::index::SearchIndex;

/// At most this many other articles are listed for a duplicate passage.
pub const ALSO_IN_LIMIT: usize = 100;

/// Remembers the duplicate keys of the passages kept so far.
#[derive(Default)]
pub(super) struct Collapser {
    seen: HashSet<u64>,
}

impl Collapser {
    /// True when the passage with duplicate key `key` (its `dup` fast field) is the first
    /// with its text (keep it); a passage too short to have a duplicate key is always kept.
    pub(super) fn first_key(&mut self, key: Option<u64>) -> bool {
        match key {
            Some(key) => self.seen.insert(key),
            None => true,
        }
    }
}

fn dup_key(index: &SearchIndex, searcher: &Searcher, addr: DocAddress) -> Result<Option<u64>> {
    let segment = searcher.segment_reader(addr.segment_ord);
    let col = index
        .columns()
        .u64(segment, "dup")
        .map_err(|e| Error::index(index.path(), e))?;
    Ok(col.first(addr.doc_id))
}

/// The ids of the other articles holding the same passage as the one at `addr` (of article
/// `doc_id`), in index order, from the index's duplicate table.
pub(super) fn also_in(
    index: &SearchIndex,
    searcher: &Searcher,
    addr: DocAddress,
    doc_id: &str,
) -> Result<Vec<String>> {
    let Some(key) = dup_key(index, searcher, addr)? else {
        return Ok(Vec::new());
    };
    let mut out: Vec<String> = Vec::new();
    for member in index
        .dup_table()
        .members(key)
        .iter()
        .take(ALSO_IN_LIMIT + 1)
    {
        let id = member.doc_id.as_str();
        if id != doc_id && !out.iter().any(|o| o == id) && out.len() < ALSO_IN_LIMIT {
            out.push(id.to_string());
        }
    }
    Ok(out)
}
