//! Collapsing duplicate passages: the same text (after normalisation) in several articles —
//! wire copy reprinted by several outlets — is shown once, with the other articles listed.

use std::collections::HashSet;

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

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
/// `doc_id`), in index order.
pub(super) fn also_in(
    index: &SearchIndex,
    searcher: &Searcher,
    addr: DocAddress,
    doc_id: &str,
) -> Result<Vec<String>> {
    let Some(key) = dup_key(index, searcher, addr)? else {
        return Ok(Vec::new());
    };
    let f = index.fields();
    let term = Term::from_field_u64(f.dup, key);
    // Most passages are the only ones with their text: no need to look further.
    if searcher
        .doc_freq(&term)
        .map_err(|e| Error::index(index.path(), e))?
        < 2
    {
        return Ok(Vec::new());
    }
    let query = TermQuery::new(term, IndexRecordOption::Basic);
    let mut docs = searcher
        .search(
            &query,
            &TopDocs::with_limit(ALSO_IN_LIMIT + 1)
                .order_by_u64_field("order", tantivy::Order::Asc),
        )
        .map_err(|e| Error::index(index.path(), e))?;
    docs.sort_by_key(|(order, _)| *order);
    let mut out: Vec<String> = Vec::new();
    for (_, other) in docs {
        let doc: TantivyDocument = searcher
            .doc(other)
            .map_err(|e| Error::index(index.path(), e))?;
        let id = doc
            .get_first(f.doc_id)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        if id != doc_id && !out.iter().any(|o| o == id) && out.len() < ALSO_IN_LIMIT {
            out.push(id.to_string());
        }
    }
    Ok(out)
}
