//! Fast-field columns opened once per segment and kept with the open index.
//!
//! Opening a column decodes its block index, which costs more than reading thousands of
//! values: a query that opened the `order` column of every segment spent an eighth of its
//! time there. Columns never change for a segment (deletes only hide documents), so they are
//! cached by segment id for as long as the index is open.

use std::hash::Hash;
use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap;

use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::{DateTime, SegmentReader};

/// Most columns kept; past it the cache starts over (segments come and go with merges).
const MAX_COLUMNS: usize = 512;

/// The u64 and date columns already opened, by segment and field name.
#[derive(Default)]
pub struct ColumnCache {
    u64s: RwLock<FxHashMap<(SegmentId, &'static str), Column<u64>>>,
    dates: RwLock<FxHashMap<(SegmentId, &'static str), Column<DateTime>>>,
    passages: RwLock<FxHashMap<SegmentId, Arc<PassageColumns>>>,
}

/// A segment's columns of a passage's numbers: its article's ordinal, its number in the
/// article, its byte range in the article's text.
pub struct PassageColumns {
    pub article: Column<u64>,
    pub passage: Column<u64>,
    pub start: Column<u64>,
    pub end: Column<u64>,
}

impl ColumnCache {
    /// The u64 fast field `name` of `segment`.
    pub fn u64(&self, segment: &SegmentReader, name: &'static str) -> tantivy::Result<Column<u64>> {
        cached(&self.u64s, (segment.segment_id(), name), || {
            segment.fast_fields().u64(name)
        })
    }

    /// The columns of a passage's numbers in `segment`, looked up together.
    pub fn passages(&self, segment: &SegmentReader) -> tantivy::Result<Arc<PassageColumns>> {
        cached(&self.passages, segment.segment_id(), || {
            Ok(Arc::new(PassageColumns {
                article: self.u64(segment, "article")?,
                passage: self.u64(segment, "passage")?,
                start: self.u64(segment, "start")?,
                end: self.u64(segment, "end")?,
            }))
        })
    }

    /// The date fast field `name` of `segment`.
    pub fn date(
        &self,
        segment: &SegmentReader,
        name: &'static str,
    ) -> tantivy::Result<Column<DateTime>> {
        cached(&self.dates, (segment.segment_id(), name), || {
            segment.fast_fields().date(name)
        })
    }
}

/// The value of `key` in `map`, opened with `open` and kept if not there yet.
fn cached<K: Hash + Eq, T: Clone>(
    map: &RwLock<FxHashMap<K, T>>,
    key: K,
    open: impl FnOnce() -> tantivy::Result<T>,
) -> tantivy::Result<T> {
    if let Some(value) = map.read().ok().and_then(|m| m.get(&key).cloned()) {
        return Ok(value);
    }
    let value = open()?;
    if let Ok(mut m) = map.write() {
        if m.len() >= MAX_COLUMNS {
            m.clear();
        }
        m.insert(key, value.clone());
    }
    Ok(value)
}
