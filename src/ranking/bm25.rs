//! BM25 with chosen parameters.
//!
//! tantivy's term queries score with BM25 at k1 = 1.2 and b = 0.75, fixed. [`WordQuery`]
//! scores one word of a question (`--any`) with the `k1` and `b` of [`Bm25Params`]:
//!
//! - its **stems** (an accented word has two, at the same position) are alternatives: the
//!   word scores as the better of them (or their sum);
//!
//! For a term with frequency `tf` in a passage of length `dl` (average `avgdl`):
//! `idf · (k1 + 1) · t / (k1 + t)` with `t = Σ wᵢ · tfᵢ / (1 − b + b · dlᵢ / avgdlᵢ)`; with one
//! field of weight 1 this is BM25 as tantivy and Lucene compute it.

use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// The two parameters of BM25.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bm25Params {
    /// Term-frequency saturation: how fast repeated occurrences stop adding.
    pub k1: f32,
    /// Length normalisation: 0 ignores the passage's length, 1 divides by it fully.
    pub b: f32,
    /// Added to the saturated frequency of a term that occurs (BM25+, Lv and Zhai): a lower
    /// bound on what a matching term brings, whatever the passage's length (0 = BM25).
    pub delta: f32,
}

impl Default for Bm25Params {
    /// tantivy's and Lucene's: k1 = 1.2, b = 0.75.
    fn default() -> Self {
        Bm25Params {
            k1: 1.2,
            b: 0.75,
            delta: 0.0,
        }
    }
}

/// One word: alternative stems (or forms) in one field.
#[derive(Debug, Clone)]
pub struct WordQuery {
    stems: Vec<Term>,
    best: bool,
    params: Bm25Params,
}

impl WordQuery {
    /// A word scored by the better of its `stems` (`best`) or their sum.
    pub fn new(stems: Vec<Term>, best: bool, params: Bm25Params) -> WordQuery {
        WordQuery {
            stems,
            best,
            params,
        }
    }
}

impl Query for WordQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let stats = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(statistics_provider),
            EnableScoring::Disabled { .. } => None,
        };
        let mut sources = Vec::new();
        for term in &self.stems {
            let (idf, norms) = match stats {
                Some(s) => (idf(s, term)?, length_norms(s, term.field(), self.params)?),
                None => (1.0, Arc::new([1.0; 256])),
            };
            sources.push(SourceWeight {
                term: term.clone(),
                idf,
                norms,
            });
        }
        Ok(Box::new(WordWeight {
            sources,
            best: self.best,
            k1: self.params.k1,
            delta: self.params.delta,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for t in &self.stems {
            visitor(t, false);
        }
    }
}

/// `log(1 + (N − n + 0.5) / (n + 0.5))`, as tantivy and Lucene.
fn idf(stats: &dyn Bm25StatisticsProvider, term: &Term) -> tantivy::Result<f32> {
    Ok(bm25_idf(stats.total_num_docs()?, stats.doc_freq(term)?))
}

/// BM25's idf of a term held by `df` of `docs` documents, as tantivy and Lucene compute it.
pub(crate) fn bm25_idf(docs: u64, df: u64) -> f32 {
    let (n, df) = (docs as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// `1 − b + b · dl / avgdl` for each of the 256 coded passage lengths of `field`.
fn length_norms(
    stats: &dyn Bm25StatisticsProvider,
    field: Field,
    params: Bm25Params,
) -> tantivy::Result<Arc<[f32; 256]>> {
    let docs = stats.total_num_docs()?.max(1) as f32;
    let avg = (stats.total_num_tokens(field)? as f32 / docs).max(f32::MIN_POSITIVE);
    let mut norms = [0.0; 256];
    for (id, n) in norms.iter_mut().enumerate() {
        let dl = FieldNormReader::id_to_fieldnorm(id as u8) as f32;
        *n = 1.0 - params.b + params.b * dl / avg;
    }
    Ok(Arc::new(norms))
}

struct SourceWeight {
    term: Term,
    idf: f32,
    norms: Arc<[f32; 256]>,
}

struct WordWeight {
    sources: Vec<SourceWeight>,
    best: bool,
    k1: f32,
    delta: f32,
}

impl Weight for WordWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut sources = Vec::new();
        for s in &self.sources {
            let field = s.term.field();
            let Some(postings) = reader
                .inverted_index(field)?
                .read_postings(&s.term, IndexRecordOption::WithFreqs)?
            else {
                continue;
            };
            sources.push(Source {
                postings,
                fieldnorms: reader.get_fieldnorms_reader(field)?,
                norms: s.norms.clone(),
                idf: s.idf,
            });
        }
        let doc = sources
            .iter()
            .map(|s| s.postings.doc())
            .min()
            .unwrap_or(TERMINATED);
        Ok(Box::new(WordScorer {
            sources,
            doc,
            best: self.best,
            k1: self.k1,
            delta: self.delta,
            boost,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document #({doc}) does not match"
            )));
        }
        Ok(Explanation::new("word BM25", scorer.score()))
    }
}

struct Source {
    postings: SegmentPostings,
    fieldnorms: FieldNormReader,
    norms: Arc<[f32; 256]>,
    idf: f32,
}

impl Source {
    /// The length-normalised frequency at `doc` (0 when the term is not there).
    fn tf(&self, doc: DocId) -> f32 {
        if self.postings.doc() != doc {
            return 0.0;
        }
        let norm = self.norms[self.fieldnorms.fieldnorm_id(doc) as usize];
        self.postings.term_freq() as f32 / norm
    }
}

struct WordScorer {
    sources: Vec<Source>,
    doc: DocId,
    best: bool,
    k1: f32,
    delta: f32,
    boost: f32,
}

impl WordScorer {
    fn settle(&mut self) -> DocId {
        self.doc = self
            .sources
            .iter()
            .map(|s| s.postings.doc())
            .min()
            .unwrap_or(TERMINATED);
        self.doc
    }
}

impl DocSet for WordScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for s in &mut self.sources {
            if s.postings.doc() == doc {
                s.postings.advance();
            }
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        for s in &mut self.sources {
            if s.postings.doc() < target {
                s.postings.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.sources
            .iter()
            .map(|s| s.postings.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for WordScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let (k1, delta) = (self.k1, self.delta);
        let saturate = |t: f32| {
            if t > 0.0 {
                (k1 + 1.0) * t / (k1 + t) + delta
            } else {
                0.0
            }
        };
        let mut total = 0.0f32;
        for s in &self.sources {
            let tf = s.tf(doc);
            if tf == 0.0 {
                continue;
            }
            let score = s.idf * saturate(tf);
            total = if self.best {
                total.max(score)
            } else {
                total + score
            };
        }
        self.boost * total
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index};

    use super::*;

    /// Passages of different lengths and frequencies; the scores of each passage, best first.
    fn scores(query: &dyn Query) -> Vec<(u32, f32)> {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 15_000_000).unwrap();
        for passage in [
            "russie",
            "russie russie russie civils",
            "la russie et la turquie ont signe un accord sur les cereales",
            "civils evacues",
        ] {
            writer.add_document(doc!(text => passage)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let hits = searcher
            .search(query, &TopDocs::with_limit(10).order_by_score())
            .unwrap();
        let mut out: Vec<(u32, f32)> = hits.iter().map(|(s, a)| (a.doc_id, *s)).collect();
        out.sort_by_key(|(d, _)| *d);
        out
    }

    fn term(word: &str) -> Term {
        Term::from_field_text(Field::from_field_id(0), word)
    }

    #[test]
    fn at_tantivys_parameters_it_scores_as_a_term_query() {
        let ours = scores(&WordQuery::new(
            vec![term("russie")],
            true,
            Bm25Params::default(),
        ));
        let theirs = scores(&TermQuery::new(
            term("russie"),
            IndexRecordOption::WithFreqs,
        ));
        assert_eq!(ours.len(), 3);
        for ((d1, s1), (d2, s2)) in ours.iter().zip(&theirs) {
            assert_eq!(d1, d2);
            assert!((s1 - s2).abs() < 1e-4, "{s1} against {s2}");
        }
    }

    #[test]
    fn k1_and_b_change_what_repetition_and_length_weigh() {
        // b = 0: length does not count, `russie` alone and in a long passage score the same.
        let flat = Bm25Params {
            b: 0.0,
            ..Bm25Params::default()
        };
        let s = scores(&WordQuery::new(vec![term("russie")], true, flat));
        assert!((s[0].1 - s[2].1).abs() < 1e-6, "{s:?}");
        // k1 small: three occurrences weigh hardly more than one.
        let saturated = Bm25Params {
            k1: 0.01,
            b: 0.0,
            ..Bm25Params::default()
        };
        let s = scores(&WordQuery::new(vec![term("russie")], true, saturated));
        assert!(s[1].1 / s[0].1 < 1.01, "{s:?}");
        let s = scores(&WordQuery::new(vec![term("russie")], true, flat));
        assert!(s[1].1 / s[0].1 > 1.3, "{s:?}");
    }

    #[test]
    fn alternatives_count_once_or_summed() {
        let terms = vec![term("civils"), term("evacues")];
        let best = scores(&WordQuery::new(terms.clone(), true, Bm25Params::default()));
        let sum = scores(&WordQuery::new(terms, false, Bm25Params::default()));
        // Passage 3 holds both: the sum is more than the better one; passage 1 holds one.
        assert!(sum[1].1 > best[1].1 + 0.1, "{best:?} {sum:?}");
        assert!((sum[0].1 - best[0].1).abs() < 1e-6);
    }
}
