//! A phrase with a slop, matched by the slop's definition: each word `k` of the phrase is
//! placed at a position `p_k` of the passage, and the sum over the phrase of
//! `|(p_k - k) - (p_(k-1) - (k-1))|` is at most the slop (Lucene's sloppy phrase: two words
//! swapped cost 2).
//!
//! tantivy 0.27's `PhraseQuery` with a slop approximates this for three words or more
//! (`intersection_count_with_carrying_slop`, whose own comment says so) and lets one word of
//! the text stand for two of the phrase: `"porte porte-parole"~1` matched `porte a parole`,
//! which the highlighter, following the definition, does not mark. This query reads the same
//! postings and decides with the same rule as `highlight::matcher`, so what a search finds a
//! count counts and the highlighter marks (`tests/agreement.rs`).

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Words at their offsets in the phrase (offsets may skip the places of punctuation), within
/// `slop` moves.
#[derive(Debug, Clone)]
pub struct SloppyPhraseQuery {
    terms: Vec<(usize, Term)>,
    slop: u32,
}

impl SloppyPhraseQuery {
    /// At least two terms, on one field indexed with positions.
    pub fn new(terms: Vec<(usize, Term)>, slop: u32) -> SloppyPhraseQuery {
        debug_assert!(terms.len() >= 2);
        SloppyPhraseQuery { terms, slop }
    }
}

impl Query for SloppyPhraseQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let terms: Vec<Term> = self.terms.iter().map(|(_, t)| t.clone()).collect();
        let bm25 = match enable_scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(Bm25Weight::for_terms(statistics_provider, &terms)?),
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(SloppyWeight {
            terms: self.terms.clone(),
            slop: self.slop,
            bm25,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (_, term) in &self.terms {
            visitor(term, true);
        }
    }
}

struct SloppyWeight {
    terms: Vec<(usize, Term)>,
    slop: u32,
    bm25: Option<Bm25Weight>,
}

impl Weight for SloppyWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut postings = Vec::with_capacity(self.terms.len());
        for (offset, term) in &self.terms {
            let Some(p) = reader
                .inverted_index(term.field())?
                .read_postings(term, IndexRecordOption::WithFreqsAndPositions)?
            else {
                return Ok(Box::new(EmptyScorer));
            };
            postings.push((*offset as i64, p));
        }
        let fieldnorms = reader.get_fieldnorms_reader(self.terms[0].1.field())?;
        // Leapfrog from the rarest word, as tantivy's intersections do.
        let mut rarest: Vec<usize> = (0..postings.len()).collect();
        rarest.sort_by_key(|&i| postings[i].1.size_hint());
        let mut scorer = SloppyScorer {
            postings,
            rarest,
            slop: self.slop,
            bm25: self.bm25.as_ref().map(|w| w.boost_by(boost)),
            fieldnorms,
            doc: 0,
            count: 0,
            positions: Vec::new(),
        };
        scorer.doc = scorer.settle();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document #({doc}) does not match"
            )));
        }
        Ok(Explanation::new("sloppy phrase BM25", scorer.score()))
    }
}

struct SloppyScorer {
    /// Each word's postings, with its offset in the phrase.
    postings: Vec<(i64, SegmentPostings)>,
    /// Indexes of `postings`, rarest word first.
    rarest: Vec<usize>,
    slop: u32,
    bm25: Option<Bm25Weight>,
    fieldnorms: FieldNormReader,
    doc: DocId,
    /// Placements of the phrase in the current document.
    count: u32,
    positions: Vec<Vec<u32>>,
}

impl SloppyScorer {
    /// From the postings' current documents, the first document at or after them where
    /// every word occurs and the phrase can be placed; its number, or `TERMINATED`.
    fn settle(&mut self) -> DocId {
        loop {
            // Leapfrog to a document that holds every word.
            let mut target = self
                .postings
                .iter()
                .map(|(_, p)| p.doc())
                .max()
                .unwrap_or(TERMINATED);
            loop {
                if target == TERMINATED {
                    return TERMINATED;
                }
                let mut agreed = true;
                for &i in &self.rarest {
                    let p = &mut self.postings[i].1;
                    if p.doc() < target {
                        p.seek(target);
                    }
                    if p.doc() != target {
                        target = p.doc();
                        agreed = false;
                        break;
                    }
                }
                if agreed {
                    break;
                }
            }
            self.count = self.placements();
            if self.count > 0 {
                return target;
            }
            self.postings[self.rarest[0]].1.advance();
        }
    }

    /// How many first-word positions start a placement within the slop (0: no match).
    fn placements(&mut self) -> u32 {
        self.positions.resize_with(self.postings.len(), Vec::new);
        for ((_, p), out) in self.postings.iter_mut().zip(&mut self.positions) {
            p.positions(out);
        }
        let offsets: Vec<i64> = self.postings.iter().map(|(o, _)| *o).collect();
        let mut count = 0;
        for &start in &self.positions[0] {
            if placeable(&self.positions, &offsets, start, self.slop) {
                count += 1;
            }
        }
        count
    }
}

/// Whether the phrase can be placed with its first word at `start`: the search of
/// `highlight::matcher::match_sloppy`, over positions. States are (adjusted position, slop
/// spent); the cheapest state at each adjusted position is enough to go on from.
fn placeable(positions: &[Vec<u32>], offsets: &[i64], start: u32, slop: u32) -> bool {
    let mut states: Vec<(i64, u32)> = vec![(i64::from(start) - offsets[0], 0)];
    for (k, list) in positions.iter().enumerate().skip(1) {
        let mut next = Vec::new();
        for &(adjusted, spent) in &states {
            let budget = i64::from(slop - spent);
            let low = adjusted + offsets[k] - budget;
            let high = adjusted + offsets[k] + budget;
            // Positions are sorted: only those in [low, high] are read.
            let from = list.partition_point(|&p| i64::from(p) < low);
            for &pos in list[from..].iter().take_while(|&&p| i64::from(p) <= high) {
                let pos = i64::from(pos);
                let here = pos - offsets[k];
                let cost = spent + (here - adjusted).unsigned_abs() as u32;
                if cost <= slop {
                    next.push((here, cost));
                }
            }
        }
        if next.is_empty() {
            return false;
        }
        next.sort_unstable();
        next.dedup_by_key(|s| s.0);
        states = next;
    }
    true
}

impl DocSet for SloppyScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.postings[self.rarest[0]].1.advance();
        self.doc = self.settle();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for (_, p) in &mut self.postings {
            if p.doc() < target {
                p.seek(target);
            }
        }
        self.doc = self.settle();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.postings
            .iter()
            .map(|(_, p)| p.size_hint())
            .min()
            .unwrap_or(0)
    }
}

impl Scorer for SloppyScorer {
    fn score(&mut self) -> Score {
        match &self.bm25 {
            Some(w) => w.score(self.fieldnorms.fieldnorm_id(self.doc), self.count),
            None => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::placeable;

    #[test]
    fn the_slop_is_the_sum_of_the_moves() {
        // `"Merkel Macron"~N` on `Macron a reçu Merkel`: the swap costs 2, the two words
        // between them 2 more.
        let positions = vec![vec![3], vec![0]];
        assert!(placeable(&positions, &[0, 1], 3, 4));
        assert!(!placeable(&positions, &[0, 1], 3, 3));
        // `"porte porte-parole"~1` on `porte a parole`: one word of the text does not stand
        // for two of the phrase at no cost (tantivy's own sloppy phrase matched it).
        let positions = vec![vec![0], vec![0], vec![2]];
        assert!(!placeable(&positions, &[0, 1, 2], 0, 1));
        assert!(placeable(&positions, &[0, 1, 2], 0, 2));
        // Offsets skip the place of punctuation in the phrase.
        let positions = vec![vec![5], vec![7]];
        assert!(placeable(&positions, &[0, 2], 5, 0));
        assert!(!placeable(&positions, &[0, 1], 5, 0));
    }
}
