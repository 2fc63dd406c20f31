//! Building tantivy queries: alternatives of a word, phrases with empty positions, filters.

use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, EnableScoring, Occur as TOccur,
    PhraseQuery, Query, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DateTime, Searcher, Term};

use super::ast::DateRange;

/// Most phrase spellings tried when several words of a phrase have two stems.
const MAX_PHRASE_VARIANTS: usize = 16;

/// One exact form per position (none where punctuation left an empty position).
pub(super) fn exact_positions(exact: &[Box<str>]) -> Vec<Vec<Box<str>>> {
    exact
        .iter()
        .map(|e| {
            if e.is_empty() {
                Vec::new()
            } else {
                vec![e.clone()]
            }
        })
        .collect()
}

/// The forms of a word that holds one position (besides empty ones), with its joined
/// spellings; `None` when it holds several (a phrase).
pub(super) fn single_position<'a>(
    positions: &'a [Vec<Box<str>>],
    joined: &'a [Box<str>],
) -> Option<impl Iterator<Item = &'a Box<str>>> {
    let mut held = positions.iter().filter(|p| !p.is_empty());
    let first = held.next()?;
    held.next().is_none().then(|| first.iter().chain(joined))
}

/// `form` in `field`, its score multiplied by `boost`.
pub(super) fn term_query(field: Field, form: &str, boost: f32) -> Box<dyn Query> {
    let q: Box<dyn Query> = Box::new(TermQuery::new(
        Term::from_field_text(field, form),
        IndexRecordOption::WithFreqs,
    ));
    if boost == 1.0 {
        q
    } else {
        Box::new(BoostQuery::new(q, boost))
    }
}

/// Any of `forms` in `field`.
pub(super) fn terms_or(field: Field, forms: &[Box<str>]) -> Box<dyn Query> {
    let mut qs: Vec<(TOccur, Box<dyn Query>)> = forms
        .iter()
        .map(|f| (TOccur::Should, term_query(field, f, 1.0)))
        .collect();
    if qs.len() == 1 {
        qs.pop().map(|(_, q)| q).expect("one")
    } else {
        Box::new(BooleanQuery::new(qs))
    }
}

/// A word (one position) or a phrase (several) of alternatives, plus a joined spelling.
pub(super) fn unit_query(
    field: Field,
    positions: &[Vec<Box<str>>],
    joined: &[Box<str>],
    slop: u32,
) -> Box<dyn Query> {
    // Positions that hold words, with their offsets (punctuation leaves empty positions).
    let offsets: Vec<usize> = (0..positions.len())
        .filter(|&i| !positions[i].is_empty())
        .collect();
    let positions: Vec<&Vec<Box<str>>> = offsets.iter().map(|&i| &positions[i]).collect();
    if positions.len() == 1 {
        let mut all: Vec<Box<str>> = positions[0].clone();
        all.extend(joined.iter().cloned());
        return terms_or(field, &all);
    }
    let combos: usize = positions.iter().map(|p| p.len()).product();
    let mut variants: Vec<Vec<&str>> = vec![Vec::new()];
    if combos <= MAX_PHRASE_VARIANTS {
        for alts in &positions {
            variants = variants
                .into_iter()
                .flat_map(|v| {
                    alts.iter().map(move |a| {
                        let mut v = v.clone();
                        v.push(a);
                        v
                    })
                })
                .collect();
        }
    } else {
        variants = vec![positions.iter().map(|alts| &*alts[0]).collect()];
    }
    let mut qs: Vec<(TOccur, Box<dyn Query>)> = variants
        .into_iter()
        .map(|v| {
            let terms = v
                .iter()
                .zip(&offsets)
                .map(|(t, &i)| (i, Term::from_field_text(field, t)))
                .collect();
            // A slop by its definition, as the highlighter (see `sloppy`).
            let q: Box<dyn Query> = if slop > 0 {
                Box::new(super::sloppy::SloppyPhraseQuery::new(terms, slop))
            } else {
                Box::new(PhraseQuery::new_with_offset_and_slop(terms, 0))
            };
            (TOccur::Should, q)
        })
        .collect();
    if !joined.is_empty() {
        qs.push((TOccur::Should, terms_or(field, joined)));
    }
    if qs.len() == 1 {
        qs.pop().map(|(_, q)| q).expect("one")
    } else {
        Box::new(BooleanQuery::new(qs))
    }
}

pub(super) fn source_query(field: Field, values: &[String]) -> Box<dyn Query> {
    let qs: Vec<(TOccur, Box<dyn Query>)> = values
        .iter()
        .map(|v| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ));
            (TOccur::Should, q)
        })
        .collect();
    Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(qs)), 0.0))
}

/// Passages whose article date falls in `range` (inclusive).
pub(crate) fn date_query(field: Field, range: &DateRange) -> Box<dyn Query> {
    let bound = |d: Option<crate::corpus::Date>| match d {
        Some(d) => Bound::Included(Term::from_field_date(
            field,
            // A bound past what the index holds (`--to 3000`) is the last date it can hold.
            DateTime::from_timestamp_secs(d.clamped().to_unix_days() * 86_400),
        )),
        None => Bound::Unbounded,
    };
    let q = RangeQuery::new(bound(range.from), bound(range.to));
    Box::new(ConstScoreQuery::new(Box::new(q), 0.0))
}

/// Every passage of the articles that `head` matches. Article-level fields (the title) are
/// indexed on one passage of each article; this spreads such a match to all of its passages.
/// Scores nothing: the title's score is added as a per-article bonus when collecting.
pub(super) fn articles_matching(
    searcher: &Searcher,
    article: Field,
    head: &dyn Query,
) -> tantivy::Result<Box<dyn Query>> {
    let weight = head.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut ordinals = std::collections::BTreeSet::new();
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().u64("article")?;
        let alive = segment.alive_bitset();
        weight.for_each_no_score(segment, &mut |docs| {
            for &doc in docs {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    ordinals.extend(column.first(doc));
                }
            }
        })?;
    }
    if ordinals.is_empty() {
        return Ok(Box::new(EmptyQuery));
    }
    let terms = ordinals
        .into_iter()
        .map(|n| Term::from_field_u64(article, n));
    Ok(Box::new(ConstScoreQuery::new(
        Box::new(TermSetQuery::new(terms)),
        0.0,
    )))
}
