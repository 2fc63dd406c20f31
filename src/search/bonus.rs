//! A score added to every passage of an article: the article's title matching the query.
//!
//! The title is an article's, not a passage's: it is scored once per article (on the
//! passage that carries it) and the score is added to each of the article's passages as
//! they are collected, instead of being indexed and scored again on every passage.

use rustc_hash::FxHashMap;
use tantivy::query::{EnableScoring, Query};
use tantivy::Searcher;

use crate::index::SearchIndex;

/// Each article's bonus (articles without one get 0).
#[derive(Debug, Default)]
pub struct ArticleBonus {
    scores: FxHashMap<u64, f32>,
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
        let mut scores = FxHashMap::default();
        for segment in searcher.segment_readers() {
            let articles = index.columns().u64(segment, "article")?;
            let alive = segment.alive_bitset();
            weight.for_each(segment, &mut |doc, score| {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    return;
                }
                if let Some(article) = articles.first(doc) {
                    let best = scores.entry(article).or_insert(score);
                    *best = best.max(score);
                }
            })?;
        }
        Ok(ArticleBonus { scores })
    }

    /// True when no article has a bonus.
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    /// The bonus of `article`.
    pub fn get(&self, article: u64) -> f32 {
        self.scores.get(&article).copied().unwrap_or(0.0)
    }

    /// The largest bonus.
    pub fn max(&self) -> f32 {
        self.scores.values().copied().fold(0.0, f32::max)
    }
}
