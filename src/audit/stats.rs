//! What an index holds: articles, passages, distinct terms, size, dates, sources, years, and
//! how and when it was built.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use tantivy::schema::Field;

use super::articles::ArticleTable;
use crate::corpus::Date;
use crate::error::{Error, Result};
use crate::index::SearchIndex;

/// Facts about an index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexStats {
    /// Where the index lives.
    pub index: String,
    pub articles: u64,
    pub passages: u64,
    /// Distinct terms per analysed field (`text`: stems, `exact`: written forms, `title`).
    pub terms: BTreeMap<String, u64>,
    /// Bytes of the index's files.
    pub size_bytes: u64,
    /// The oldest and newest article dates, if any article is dated.
    pub first_date: Option<Date>,
    pub last_date: Option<Date>,
    pub undated_articles: u64,
    /// Articles per source, most first then by name; `None` for articles without a source.
    pub sources: Vec<SourceCount>,
    /// Articles per year, chronologically; `None` (undated) last.
    pub years: Vec<YearCount>,
    /// The analysis version the index was built with.
    pub analysis_version: u32,
    /// The `search` version that built it.
    pub built_by: String,
    /// When it was built: seconds since the Unix epoch, and as UTC `YYYY-MM-DDTHH:MM:SSZ`.
    pub built_at: u64,
    pub built_at_utc: String,
    /// The corpus paths it was built from.
    pub paths: Vec<String>,
}

/// Articles of one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceCount {
    pub source: Option<String>,
    pub articles: u64,
}

/// Articles of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearCount {
    pub year: Option<i32>,
    pub articles: u64,
}

impl SearchIndex {
    /// Counts what the index holds (reads fast fields and term dictionaries, no documents).
    pub fn stats(&self) -> Result<IndexStats> {
        let searcher = self.searcher();
        let table = ArticleTable::read(self, &searcher)?;
        let mut sources: BTreeMap<Option<&str>, u64> = BTreeMap::new();
        let mut years: BTreeMap<(bool, i32), u64> = BTreeMap::new();
        let (mut first, mut last, mut undated) = (None::<Date>, None::<Date>, 0);
        for (_, a) in table.iter() {
            *sources.entry(a.source.as_deref()).or_default() += 1;
            match a.date {
                Some(d) => {
                    *years.entry((false, d.year)).or_default() += 1;
                    first = Some(first.map_or(d, |f| f.min(d)));
                    last = Some(last.map_or(d, |l| l.max(d)));
                }
                None => {
                    undated += 1;
                    *years.entry((true, 0)).or_default() += 1;
                }
            }
        }
        let mut sources: Vec<SourceCount> = sources
            .into_iter()
            .map(|(s, articles)| SourceCount {
                source: s.map(str::to_string),
                articles,
            })
            .collect();
        sources.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then_with(|| a.source.is_none().cmp(&b.source.is_none()))
                .then_with(|| a.source.cmp(&b.source))
        });
        let years = years
            .into_iter()
            .map(|((none, y), articles)| YearCount {
                year: (!none).then_some(y),
                articles,
            })
            .collect();
        let f = self.fields();
        let mut terms = BTreeMap::new();
        for (name, field) in [("exact", f.exact), ("text", f.text), ("title", f.title)] {
            terms.insert(name.to_string(), self.distinct_terms(&searcher, field)?);
        }
        let meta = self.meta();
        Ok(IndexStats {
            index: self.path().display().to_string(),
            articles: table.len(),
            passages: searcher.num_docs(),
            terms,
            size_bytes: dir_size(self.path())?,
            first_date: first,
            last_date: last,
            undated_articles: undated,
            sources,
            years,
            analysis_version: meta.analysis_version,
            built_by: meta.built_by.clone(),
            built_at: meta.built_at,
            built_at_utc: utc(meta.built_at),
            paths: meta.paths.clone(),
        })
    }

    /// Distinct terms of `field` over all segments.
    fn distinct_terms(&self, searcher: &tantivy::Searcher, field: Field) -> Result<u64> {
        let err = |e| Error::index(self.path(), e);
        let segments = searcher.segment_readers();
        if segments.len() == 1 {
            let inverted = segments[0].inverted_index(field).map_err(err)?;
            return Ok(inverted.terms().num_terms() as u64);
        }
        let mut all: BTreeSet<Vec<u8>> = BTreeSet::new();
        for segment in segments {
            let inverted = segment.inverted_index(field).map_err(err)?;
            let mut stream = inverted
                .terms()
                .stream()
                .map_err(|e| Error::io(self.path(), e))?;
            while stream.advance() {
                all.insert(stream.key().to_vec());
            }
        }
        Ok(all.len() as u64)
    }
}

/// Total size of the files in `dir` (not recursive: an index is one flat folder).
fn dir_size(dir: &std::path::Path) -> Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let meta = entry.metadata().map_err(|e| Error::io(&entry.path(), e))?;
        if meta.is_file() {
            total += meta.len();
        }
    }
    Ok(total)
}

/// `secs` since the epoch as `YYYY-MM-DDTHH:MM:SSZ`.
fn utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let d = Date::from_unix_days(days);
    format!(
        "{d}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
