//! Collecting the top passages in a stable order: score (or date), then index order.

use std::cmp::Reverse;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::Query;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader};

use super::run::SortOrder;

/// The sort key of a passage: primary (score or date), score, then first-indexed first.
pub type SortKey = (f64, Score, Reverse<u64>);

/// The number of passages that match `query`, and its top `limit` passages after `offset`
/// (as [`top`]), in one pass over the matches.
pub fn count_and_top(
    searcher: &Searcher,
    query: &dyn Query,
    order: SortOrder,
    offset: usize,
    limit: usize,
) -> tantivy::Result<(usize, Vec<(SortKey, DocAddress)>)> {
    if limit == 0 {
        return Ok((searcher.search(query, &Count)?, Vec::new()));
    }
    searcher.search(query, &(Count, collector(order, offset, limit)))
}

/// The top `limit` passages after `offset` for `query`, in `order`, with ties broken by the
/// order in which passages were indexed.
pub fn top(
    searcher: &Searcher,
    query: &dyn Query,
    order: SortOrder,
    offset: usize,
    limit: usize,
) -> tantivy::Result<Vec<(SortKey, DocAddress)>> {
    searcher.search(query, &collector(order, offset, limit))
}

/// The top-`limit` collector after `offset`, sorted by [`SortKey`].
fn collector(
    order: SortOrder,
    offset: usize,
    limit: usize,
) -> impl tantivy::collector::Collector<Fruit = Vec<(SortKey, DocAddress)>> {
    TopDocs::with_limit(limit.max(1))
        .and_offset(offset)
        .tweak_score(move |segment: &SegmentReader| {
            let order_col = segment
                .fast_fields()
                .u64("order")
                .ok()
                .map(|c| c.first_or_default_col(0));
            let date_col = segment.fast_fields().date("date").ok();
            move |doc: DocId, score: Score| {
                let ordinal = order_col.as_ref().map_or(doc as u64, |c| c.get_val(doc));
                let date = || {
                    date_col
                        .as_ref()
                        .and_then(|c| c.first(doc))
                        .map(|d| d.into_timestamp_secs() as f64)
                };
                let primary = match order {
                    SortOrder::Score => score as f64,
                    SortOrder::Date => date().map_or(f64::MIN, |d| -d),
                    SortOrder::DateDesc => date().unwrap_or(f64::MIN),
                };
                (primary, score, Reverse(ordinal))
            }
        })
}

/// A u64 fast field read for many passages of one query: each segment's column is opened
/// once (opening one decodes its block index, which costs more than reading a value).
pub struct Columns<'s> {
    searcher: &'s Searcher,
    name: &'static str,
    columns: Vec<Option<tantivy::columnar::Column<u64>>>,
}

impl<'s> Columns<'s> {
    /// The column `name` of every segment of `searcher`, opened on first use.
    pub fn new(searcher: &'s Searcher, name: &'static str) -> Columns<'s> {
        Columns {
            searcher,
            name,
            columns: vec![None; searcher.segment_readers().len()],
        }
    }

    /// The first value of the passage at `addr`.
    pub fn first(&mut self, addr: DocAddress) -> tantivy::Result<Option<u64>> {
        let slot = &mut self.columns[addr.segment_ord as usize];
        if slot.is_none() {
            let segment = self.searcher.segment_reader(addr.segment_ord);
            *slot = Some(segment.fast_fields().u64(self.name)?);
        }
        Ok(slot.as_ref().and_then(|c| c.first(addr.doc_id)))
    }
}
