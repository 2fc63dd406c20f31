//! A score added to every passage of an article: the article's title matching the query.
//!
//! The title is an article's, not a passage's: it is scored once per article (on the
//! passage that carries it) and the score is added to each of the article's passages as
//! they are collected, instead of being indexed and scored again on every passage.

use rustc_hash::FxHashMap;
use tantivy::query::{EnableScoring, Query};
use tantivy::Searcher;

use crate::index::SearchIndex;

/// Most article ordinals held in a dense table (4 bytes each); past it, a hash map.
const MAX_DENSE: u64 = 4_000_000;

/// Each article's bonus (articles without one get 0).
#[derive(Debug, Default)]
pub struct ArticleBonus {
    /// By article ordinal, when the index's ordinals are few (a lookup per matching passage
    /// then costs one load).
    dense: Vec<f32>,
    /// By article ordinal, for the ordinals past `dense`.
    sparse: FxHashMap<u64, f32>,
    matched: bool,
    /// The largest bonus.
    max: f32,
}

impl ArticleBonus {
    /// No bonus for any article.
    pub fn none() -> ArticleBonus {
        ArticleBonus::default()
    }

    /// The score of `query` for each article it matches (the best of its passages).
    pub fn of_query(
        index: &SearchIndex,
        searcher: &Searcher,
        query: &dyn Query,
    ) -> tantivy::Result<ArticleBonus> {
        let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
        let mut pairs: Vec<(u64, f32)> = Vec::new();
        for segment in searcher.segment_readers() {
            let articles = index.columns().u64(segment, "article")?;
            let alive = segment.alive_bitset();
            weight.for_each(segment, &mut |doc, score| {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    return;
                }
                if let Some(article) = articles.first(doc) {
                    pairs.push((article, score));
                }
            })?;
        }
        // A table as long as the index has articles pays off only for many matches.
        let articles = index.meta().next_article.min(MAX_DENSE);
        let mut bonus = ArticleBonus {
            matched: !pairs.is_empty(),
            max: pairs.iter().map(|p| p.1).fold(0.0, f32::max),
            ..ArticleBonus::default()
        };
        if pairs.len() as u64 * 16 > articles {
            bonus.dense = vec![0.0; articles as usize];
        }
        for (article, score) in pairs {
            let best = match bonus.dense.get_mut(article as usize) {
                Some(slot) => slot,
                None => bonus.sparse.entry(article).or_insert(0.0),
            };
            *best = best.max(score);
        }
        Ok(bonus)
    }

    /// The largest bonus.
    pub fn max(&self) -> f32 {
        self.max
    }

    /// True when no article has a bonus.
    pub fn is_empty(&self) -> bool {
        !self.matched
    }

    /// The bonus of `article`.
    pub fn get(&self, article: u64) -> f32 {
        match self.dense.get(article as usize) {
            Some(&score) => score,
            None => self.sparse.get(&article).copied().unwrap_or(0.0),
        }
    }
}
