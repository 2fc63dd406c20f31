//! The every-match driver: every passage a query matches — not the top k — in index order,
//! with its occurrences.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::Query;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::error::{Error, Result};
use crate::highlight::{highlight, Pattern, Span};
use crate::index::{SearchIndex, StoredPassage};

/// A matching passage, located by its global ordinal and its article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Located {
    /// The passage's ordinal in the build (the stable index order).
    pub order: u64,
    /// The article's ordinal in the build.
    pub article: u64,
    /// Where the passage is in this searcher.
    pub address: DocAddress,
}

/// A matching passage with its stored fields and the spans the query marks in it.
pub(crate) struct Matched {
    pub order: u64,
    pub passage: StoredPassage,
    pub spans: Vec<Span>,
}

/// Collects every matching document with its `order` and `article` fast fields; no scoring.
pub(crate) struct AllMatches;

pub(crate) struct SegmentMatches {
    segment: SegmentOrdinal,
    order: Column<u64>,
    article: Column<u64>,
    found: Vec<Located>,
}

impl Collector for AllMatches {
    type Fruit = Vec<Located>;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        let fast = reader.fast_fields();
        Ok(SegmentMatches {
            segment,
            order: fast.u64("order")?,
            article: fast.u64("article")?,
            found: Vec::new(),
        })
    }

    /// Not scored: the same matches as the top-k driver's scored pass (tantivy's own phrase
    /// with a slop differed between the two, so sloppy phrases are our own query:
    /// `query::sloppy`).
    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Located>>) -> tantivy::Result<Vec<Located>> {
        let mut all: Vec<Located> = fruits.into_iter().flatten().collect();
        all.sort_unstable();
        Ok(all)
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<Located>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.found.push(Located {
            order: self.order.first(doc).unwrap_or(u64::from(doc)),
            article: self.article.first(doc).unwrap_or(0),
            address: DocAddress::new(self.segment, doc),
        });
    }

    fn harvest(self) -> Vec<Located> {
        self.found
    }
}

/// Every passage `query` matches, in index order.
pub(crate) fn locate(
    index: &SearchIndex,
    searcher: &Searcher,
    query: &dyn Query,
) -> Result<Vec<Located>> {
    searcher
        .search(query, &AllMatches)
        .map_err(|e| Error::index(index.path(), e))
}

/// Loads each located passage in order and gives it, with its spans, to `each`.
pub(crate) fn load_each(
    index: &SearchIndex,
    searcher: &Searcher,
    located: &[Located],
    patterns: &[Pattern],
    mut each: impl FnMut(Matched),
) -> Result<()> {
    load_while(index, searcher, located, patterns, |m| {
        each(m);
        true
    })
}

/// Like [`load_each`], as long as `each` returns true (a reader that went away stops it).
pub(crate) fn load_while(
    index: &SearchIndex,
    searcher: &Searcher,
    located: &[Located],
    patterns: &[Pattern],
    mut each: impl FnMut(Matched) -> bool,
) -> Result<()> {
    for l in located {
        let passage = index.passage(searcher, l.address)?;
        let spans = highlight(&passage.text, patterns);
        let more = each(Matched {
            order: l.order,
            passage,
            spans,
        });
        if !more {
            break;
        }
    }
    Ok(())
}
