//! A score added to every passage of an article: the article's title matching the query.
//!
//! The title is an article's, not a passage's: it is scored once per article (on the
//! passage that carries it) and the score is added to each of the article's passages as
//! they are collected, instead of being indexed and scored again on every passage.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use tantivy::query::{EnableScoring, Query};
use tantivy::Searcher;

use crate::index::SearchIndex;

/// Most article ordinals held in a dense table (4 bytes each); past it, a hash map.
const MAX_DENSE: u64 = 4_000_000;

thread_local! {
    /// The dense table of the last bonus dropped on this thread, all zeros, for reuse.
    static SPARE: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// Each article's bonus (articles without one get 0).
#[derive(Debug, Default)]
pub struct ArticleBonus {
    /// By article ordinal, for the ordinals below [`MAX_DENSE`] (a lookup per matching
    /// passage then costs one load). Zero but for the articles of `set`.
    dense: Vec<f32>,
    /// The ordinals set in `dense`, to zero them again when the table goes back to
    /// [`SPARE`] (instead of zeroing the whole table at every query).
    set: Vec<u32>,
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
        let mut bonus = ArticleBonus::default();
        for segment in searcher.segment_readers() {
            let articles = index.columns().u64(segment, "article")?;
            let alive = segment.alive_bitset();
            weight.for_each(segment, &mut |doc, score| {
                if alive.is_some_and(|a| !a.is_alive(doc)) {
                    return;
                }
                if let Some(article) = articles.first(doc) {
                    bonus.add(article, score);
                }
            })?;
        }
        Ok(bonus)
    }

    /// Keeps `score` for `article` if it is its best.
    fn add(&mut self, article: u64, score: f32) {
        if !self.matched {
            self.matched = true;
            // A table kept from the last query of this thread, all zeros: a fresh one would
            // come from the system page by page, zeroed, at every query.
            self.dense = SPARE.with(|spare| std::mem::take(&mut *spare.borrow_mut()));
        }
        self.max = self.max.max(score);
        if article < MAX_DENSE {
            let a = article as usize;
            if a >= self.dense.len() {
                self.dense.resize(a + 1, 0.0);
            }
            let best = &mut self.dense[a];
            if *best == 0.0 {
                self.set.push(a as u32);
            }
            *best = best.max(score);
        } else {
            let best = self.sparse.entry(article).or_insert(0.0);
            *best = best.max(score);
        }
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
    #[inline]
    pub fn get(&self, article: u64) -> f32 {
        match self.dense.get(article as usize) {
            Some(&score) => score,
            None if self.sparse.is_empty() => 0.0,
            None => self.sparse.get(&article).copied().unwrap_or(0.0),
        }
    }
}

impl Drop for ArticleBonus {
    fn drop(&mut self) {
        if self.dense.capacity() > 0 {
            let mut dense = std::mem::take(&mut self.dense);
            for &a in &self.set {
                dense[a as usize] = 0.0;
            }
            SPARE.with(|spare| {
                let mut spare = spare.borrow_mut();
                if spare.capacity() < dense.capacity() {
                    *spare = dense;
                }
            });
        }
    }
}
