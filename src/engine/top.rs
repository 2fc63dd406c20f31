//! The top-k driver: collecting the top passages in a stable order: score (or date), then index order; and
//! counting every match in the same pass.
//!
//! One pass over the matches scores each passage once and compares it with the weakest of
//! the passages kept so far; the passage's index order (the tie-break) is read only for the
//! few that can enter the top, and each segment's columns come from the index's cache.

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use tantivy::collector::Count;
use tantivy::columnar::Column;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DateTime, DocAddress, DocId, Score, Searcher};

use crate::index::SearchIndex;
use crate::search::{ArticleBonus, SortOrder};

/// The sort key of a passage: primary (score or date), score, then first-indexed first.
/// Greater is better.
#[derive(Debug, Clone, Copy)]
pub struct SortKey {
    /// The score, or the date for date sorts (negated for oldest first).
    primary: f64,
    /// The passage's score (BM25 plus the bonuses).
    pub score: Score,
    /// The passage's ordinal in the build.
    order: u64,
}

impl Ord for SortKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.primary
            .total_cmp(&other.primary)
            .then(self.score.total_cmp(&other.score))
            .then(other.order.cmp(&self.order))
    }
}

impl PartialOrd for SortKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for SortKey {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for SortKey {}

/// A passage kept, with its key.
pub type Ranked = (SortKey, DocAddress);

/// The number of passages that match `query`, and its top `limit` passages after `offset`,
/// best first: by `order`, then score, then the order in which passages were indexed.
/// `bonus` adds each article's title score to its passages.
pub(crate) fn count_and_top(
    index: &SearchIndex,
    searcher: &Searcher,
    query: &dyn Query,
    bonus: &ArticleBonus,
    order: SortOrder,
    offset: usize,
    limit: usize,
) -> tantivy::Result<(usize, Vec<Ranked>)> {
    let wanted = offset.saturating_add(limit);
    if limit == 0 {
        return Ok((searcher.search(query, &Count)?, Vec::new()));
    }
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut top = Top::new(wanted);
    let mut total = 0usize;
    let columns = index.columns();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let keys = Keys {
            order: columns.u64(segment, "order")?,
            article: if bonus.is_empty() {
                None
            } else {
                Some(columns.u64(segment, "article")?)
            },
            date: match order {
                SortOrder::Score => None,
                _ => Some(columns.date(segment, "date")?),
            },
            sort: order,
            bonus,
            max_bonus: bonus.max() as f64,
        };
        let alive = segment.alive_bitset();
        weight.for_each(segment, &mut |doc, score| {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                return;
            }
            total += 1;
            if keys.sort == SortOrder::Score && !top.admits(score as f64 + keys.max_bonus) {
                // Even the best title bonus would not lift it into the top.
                return;
            }
            let (primary, score) = keys.primary(doc, score);
            if top.admits(primary) {
                let key = SortKey {
                    primary,
                    score,
                    order: keys.order(doc),
                };
                top.push(key, DocAddress::new(ord as u32, doc));
            }
        })?;
    }
    Ok((total, top.into_sorted(offset)))
}

/// The columns and bonuses that make a passage's sort key, for one segment.
struct Keys<'a> {
    order: Column<u64>,
    article: Option<Column<u64>>,
    date: Option<Column<DateTime>>,
    sort: SortOrder,
    bonus: &'a ArticleBonus,
    /// The largest bonus of any article.
    max_bonus: f64,
}

impl Keys<'_> {
    /// The primary key and the final score of `doc`, whose query score is `score`.
    fn primary(&self, doc: DocId, score: Score) -> (f64, Score) {
        let score = match &self.article {
            Some(col) => score + col.first(doc).map_or(0.0, |a| self.bonus.get(a)),
            None => score,
        };
        let date = || {
            self.date
                .as_ref()
                .and_then(|c| c.first(doc))
                .map(|d| d.into_timestamp_secs() as f64)
        };
        let primary = match self.sort {
            SortOrder::Score => score as f64,
            SortOrder::Date => date().map_or(f64::MIN, |d| -d),
            SortOrder::DateDesc => date().unwrap_or(f64::MIN),
        };
        (primary, score)
    }

    fn order(&self, doc: DocId) -> u64 {
        self.order.first(doc).unwrap_or(doc as u64)
    }
}

/// The best `n` passages seen so far.
struct Top {
    n: usize,
    heap: BinaryHeap<Reverse<Ranked>>,
}

impl Top {
    fn new(n: usize) -> Top {
        Top {
            n,
            // Grown as passages come: `--offset` near `usize::MAX` is no allocation.
            heap: BinaryHeap::with_capacity(n.min(4096) + 1),
        }
    }

    /// Whether a passage with this primary key may enter (ties are decided by the full key).
    fn admits(&self, primary: f64) -> bool {
        self.heap.len() < self.n
            || self
                .heap
                .peek()
                .is_some_and(|Reverse((weakest, _))| primary >= weakest.primary)
    }

    fn push(&mut self, key: SortKey, addr: DocAddress) {
        if self.heap.len() < self.n {
            self.heap.push(Reverse((key, addr)));
        } else if let Some(mut weakest) = self.heap.peek_mut() {
            if key > weakest.0 .0 {
                *weakest = Reverse((key, addr));
            }
        }
    }

    /// The passages kept, best first, after skipping `offset`.
    fn into_sorted(self, offset: usize) -> Vec<Ranked> {
        let mut all: Vec<Ranked> = self.heap.into_iter().map(|Reverse(r)| r).collect();
        all.sort_by_key(|r| Reverse(r.0));
        all.into_iter().skip(offset).collect()
    }
}

/// A u64 fast field read for many passages of one query, through the index's column cache.
pub struct Columns<'s> {
    index: &'s SearchIndex,
    searcher: &'s Searcher,
    name: &'static str,
}

impl<'s> Columns<'s> {
    /// The column `name` of every segment of `searcher`.
    pub fn new(index: &'s SearchIndex, searcher: &'s Searcher, name: &'static str) -> Columns<'s> {
        Columns {
            index,
            searcher,
            name,
        }
    }

    /// The first value of the passage at `addr`.
    pub fn first(&self, addr: DocAddress) -> tantivy::Result<Option<u64>> {
        let segment = self.searcher.segment_reader(addr.segment_ord);
        let col = self.index.columns().u64(segment, self.name)?;
        Ok(col.first(addr.doc_id))
    }
}
