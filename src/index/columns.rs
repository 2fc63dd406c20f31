//! Fast-field columns opened once per segment and kept with the open index.
//!
//! Opening a column decodes its block index, which costs more than reading thousands of
//! values: a query that opened the `order` column of every segment spent an eighth of its
//! time there. Columns never change for a segment (deletes only hide documents), so they are
//! cached by segment id for as long as the index is open.

use std::sync::RwLock;

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
}

impl ColumnCache {
    /// The u64 fast field `name` of `segment`.
    pub fn u64(&self, segment: &SegmentReader, name: &'static str) -> tantivy::Result<Column<u64>> {
        cached(&self.u64s, segment, name, || {
            segment.fast_fields().u64(name)
        })
    }

    /// The u64 fast fields `names` of `segment`, looked up together.
    pub fn u64s<const N: usize>(
        &self,
        segment: &SegmentReader,
        names: [&'static str; N],
    ) -> tantivy::Result<[Column<u64>; N]> {
        let id = segment.segment_id();
        let found: Option<Vec<Column<u64>>> = self.u64s.read().ok().and_then(|map| {
            names
                .iter()
                .map(|&name| map.get(&(id, name)).cloned())
                .collect()
        });
        let columns = match found {
            Some(columns) => columns,
            None => names
                .iter()
                .map(|&name| self.u64(segment, name))
                .collect::<tantivy::Result<Vec<_>>>()?,
        };
        columns
            .try_into()
            .map_err(|_| tantivy::TantivyError::InternalError("column count".to_string()))
    }

    /// The date fast field `name` of `segment`.
    pub fn date(
        &self,
        segment: &SegmentReader,
        name: &'static str,
    ) -> tantivy::Result<Column<DateTime>> {
        cached(&self.dates, segment, name, || {
            segment.fast_fields().date(name)
        })
    }
}

fn cached<T: Clone>(
    map: &RwLock<FxHashMap<(SegmentId, &'static str), T>>,
    segment: &SegmentReader,
    name: &'static str,
    open: impl FnOnce() -> tantivy::Result<T>,
) -> tantivy::Result<T> {
    let key = (segment.segment_id(), name);
    if let Some(col) = map.read().ok().and_then(|m| m.get(&key).cloned()) {
        return Ok(col);
    }
    let col = open()?;
    if let Ok(mut m) = map.write() {
        if m.len() >= MAX_COLUMNS {
            m.clear();
        }
        m.insert(key, col.clone());
    }
    Ok(col)
}
