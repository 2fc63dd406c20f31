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
