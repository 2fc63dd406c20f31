//! Article evidence for a passage: a question's words counted over the passage's whole article.
//!
//! A passage is short; the answer to a question may sit in one passage while the question's
//! other words are in the next one of the same article (the engine cuts paragraphs of more
//! than 120 words). [`ArticleQuery`] scores each passage by a BM25 of its whole article (term
//! frequencies summed over the article's passages, no length normalisation), to be added with
//! a small weight to the passage's own score: the classic passage-and-document combination.

use std::collections::HashMap;

use tantivy::postings::Postings;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// The words of a question, each with alternative stems and a weight, scored per article.
#[derive(Debug, Clone)]
pub struct ArticleQuery {
    words: Vec<(Vec<Term>, f32)>,
    k1: f32,
}

impl ArticleQuery {
    /// Each word: its alternative terms (the better counts) and its weight; `k1` saturates.
    pub fn new(words: Vec<(Vec<Term>, f32)>, k1: f32) -> ArticleQuery {
        ArticleQuery { words, k1 }
    }
}

impl Query for ArticleQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let stats = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(statistics_provider),
            EnableScoring::Disabled { .. } => None,
        };
        let mut words = Vec::new();
        for (terms, weight) in &self.words {
            let mut alternatives = Vec::new();
            for t in terms {
                let idf = match stats {
                    Some(s) => {
                        let n = s.total_num_docs()? as f32;
                        let df = s.doc_freq(t)? as f32;
                        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
                    }
                    None => 1.0,
                };
                alternatives.push((t.clone(), idf));
            }
            words.push((alternatives, *weight));
        }
        Ok(Box::new(ArticleWeight { words, k1: self.k1 }))
    }
}

struct ArticleWeight {
    words: Vec<(Vec<(Term, f32)>, f32)>,
    k1: f32,
}

impl Weight for ArticleWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let article = reader
            .fast_fields()
            .u64("article")?
            .first_or_default_col(u64::MAX);
        let k1 = self.k1;
        let mut scores: HashMap<u64, f32> = HashMap::new();
        for (alternatives, weight) in &self.words {
            let mut best: HashMap<u64, f32> = HashMap::new();
            for (term, idf) in alternatives {
                let inverted = reader.inverted_index(term.field())?;
                let Some(mut postings) =
                    inverted.read_postings(term, IndexRecordOption::WithFreqs)?
                else {
                    continue;
                };
                let mut tf: HashMap<u64, u32> = HashMap::new();
                while postings.doc() != TERMINATED {
                    *tf.entry(article.get_val(postings.doc())).or_default() += postings.term_freq();
                    postings.advance();
                }
                for (a, tf) in tf {
                    let tf = tf as f32;
                    let s = idf * (k1 + 1.0) * tf / (k1 + tf);
                    let e = best.entry(a).or_default();
                    *e = e.max(s);
                }
            }
            for (a, s) in best {
                *scores.entry(a).or_default() += weight * s;
            }
        }
        let docs = if scores.is_empty() {
            Vec::new()
        } else {
            (0..reader.max_doc())
                .filter_map(|d| scores.get(&article.get_val(d)).map(|s| (d, boost * s)))
                .collect()
        };
        Ok(Box::new(ListScorer { docs, at: 0 }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document #({doc}) does not match"
            )));
        }
        Ok(Explanation::new("article BM25", scorer.score()))
    }
}

/// Scored documents in order.
struct ListScorer {
    docs: Vec<(DocId, Score)>,
    at: usize,
}

impl DocSet for ListScorer {
    fn advance(&mut self) -> DocId {
        self.at += 1;
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let rest = &self.docs[self.at.min(self.docs.len())..];
        self.at += rest.partition_point(|(d, _)| *d < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.at).map_or(TERMINATED, |(d, _)| *d)
    }

    fn size_hint(&self) -> u32 {
        self.docs.len() as u32
    }
}

impl Scorer for ListScorer {
    fn score(&mut self) -> Score {
        self.docs.get(self.at).map_or(0.0, |(_, s)| *s)
    }
}
