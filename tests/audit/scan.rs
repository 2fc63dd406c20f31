//! An independent scanner: plain string matching, no analyzer, to check counts against.
//!
//! Text is NFC-normalised and lower-cased, split into runs of alphanumeric characters; a query
//! is a sequence of positions, each a set of accepted written forms.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};

use search::passage::split_passages;
use unicode_normalization::UnicodeNormalization;

/// The accepted forms at each position of a query.
pub type Forms<'a> = &'a [&'a [&'a str]];

/// An article as written by a fixture: id, date, source, text.
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub text: String,
}

/// The lower-cased words of `text` with their byte ranges.
pub fn words(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i, text[s..i].nfc().collect::<String>().to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The matches of `forms` in `text`, non-overlapping, as (start, end) byte ranges.
pub fn find(text: &str, alternatives: &[Forms]) -> Vec<(usize, usize)> {
    let w = words(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < w.len() {
        let hit = alternatives.iter().find(|forms| {
            i + forms.len() <= w.len()
                && forms
                    .iter()
                    .enumerate()
                    .all(|(k, accepted)| accepted.contains(&w[i + k].2.as_str()))
        });
        match hit {
            Some(forms) => {
                found.push((w[i].0, w[i + forms.len() - 1].1));
                i += forms.len();
            }
            None => i += 1,
        }
    }
    found
}

/// Articles, passages and occurrences found by the scanner, overall and per bucket.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Expected {
    pub articles: u64,
    pub passages: u64,
    pub occurrences: u64,
    pub total_articles: u64,
}

/// Scans `docs` for `alternatives`; buckets by `bucket` (None = missing key).
pub fn expect(
    docs: &[Doc],
    alternatives: &[Forms],
    bucket: impl Fn(&Doc) -> Option<String>,
) -> (Expected, BTreeMap<Option<String>, Expected>) {
    let mut total = Expected::default();
    let mut buckets: BTreeMap<Option<String>, Expected> = BTreeMap::new();
    for d in docs {
        total.total_articles += 1;
        let row = buckets.entry(bucket(d)).or_default();
        row.total_articles += 1;
        let mut passages = 0;
        let mut occurrences = 0;
        for p in split_passages(&d.text) {
            let n = find(&d.text[p.start..p.end], alternatives).len() as u64;
            passages += u64::from(n > 0);
            occurrences += n;
        }
        for t in [&mut total, row] {
            t.articles += u64::from(occurrences > 0);
            t.passages += passages;
            t.occurrences += occurrences;
        }
    }
    (total, buckets)
}

/// The surface forms matched, lower-cased, with their counts.
pub fn forms(docs: &[Doc], alternatives: &[Forms]) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for d in docs {
        for (s, e) in find(&d.text, alternatives) {
            *out.entry(d.text[s..e].to_lowercase()).or_default() += 1;
        }
    }
    out
}

/// Reads the first `n` articles of a JSON Lines file (id, date, source, text).
pub fn read_jsonl(text: &str, n: usize) -> Vec<Doc> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(n)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            let s = |k: &str| v[k].as_str().map(str::to_string);
            Doc {
                id: s("id").unwrap_or_default(),
                date: s("date").map(|d| d[..10].to_string()),
                source: s("source"),
                text: s("text").unwrap_or_default(),
            }
        })
        .collect()
}

/// Distinct values, to check there is something to count.
pub fn distinct<T: std::hash::Hash + Eq>(items: impl IntoIterator<Item = T>) -> usize {
    items.into_iter().collect::<HashSet<_>>().len()
}
