//! JSON Lines for audits: one object per query for counts, one per occurrence for
//! concordances, one for index statistics.
//!
//! Wire format (stable; documented in the README):
//!
//! ```text
//! count: {"name": "blessés", "query": "=blessés", "scope": "passage", "by": "year", "articles": 3, "passages": 4,
//!         "occurrences": 5, "total_articles": 10,
//!         "buckets": [{"bucket": "2020", "articles": 2, "passages": 3, "occurrences": 4,
//!                      "total_articles": 6}, {"bucket": null, …}],
//!         "forms": [{"form": "blessés", "occurrences": 5}]}
//! kwic:  {"name": …, "query": …, "scope": "passage", "doc_id": …, "path": …, "title": …, "date": "2020-07-02",
//!         "source": …, "article": 0, "passage": 2, "start": 10, "end": 17, "char_start": 10,
//!         "char_end": 17, "article_start": 410, "article_end": 417, "left": "…",
//!         "match": "blessés", "right": "…", "term": "=blessés"}
//! ```
//!
//! `by` is null and `buckets` absent without `--by`; `forms` is present only with `--forms`;
//! `bucket` is null for articles without a source or a date.

use std::io::{self, Write};

use serde::Serialize;

use crate::audit::{BucketCount, By, Concordance, Counts, FormCount, IndexStats, KwicLine};
use crate::engine::Scope;

#[derive(Serialize)]
struct JsonCounts<'a> {
    name: &'a str,
    query: &'a str,
    scope: Scope,
    by: Option<By>,
    articles: u64,
    passages: u64,
    occurrences: u64,
    total_articles: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    buckets: Option<&'a [BucketCount]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forms: Option<&'a [FormCount]>,
}

#[derive(Serialize)]
struct JsonKwic<'a> {
    name: &'a str,
    query: &'a str,
    scope: Scope,
    #[serde(flatten)]
    line: &'a KwicLine,
}

/// Writes audit results as JSON Lines.
pub struct AuditJsonPrinter<W: Write> {
    out: W,
}

impl<W: Write> AuditJsonPrinter<W> {
    /// A printer writing JSON Lines to `out`.
    pub fn new(out: W) -> Self {
        AuditJsonPrinter { out }
    }

    fn line<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        let line = super::safe::json_line(serde_json::to_string(value)?);
        self.out.write_all(line.as_bytes())?;
        self.out.write_all(b"\n")
    }

    /// One object with the counts of a query, keyed by `name`.
    pub fn counts(&mut self, name: &str, counts: &Counts) -> io::Result<()> {
        let t = &counts.total;
        self.line(&JsonCounts {
            name,
            query: &counts.query,
            scope: counts.scope,
            by: counts.by,
            articles: t.articles,
            passages: t.passages,
            occurrences: t.occurrences,
            total_articles: t.total_articles,
            buckets: counts.by.map(|_| counts.buckets.as_slice()),
            forms: counts.forms.as_deref(),
        })
    }

    /// One object per concordance line.
    pub fn kwic(&mut self, name: &str, kwic: &Concordance) -> io::Result<()> {
        for line in &kwic.lines {
            self.line(&JsonKwic {
                name,
                query: &kwic.query,
                scope: kwic.scope,
                line,
            })?;
        }
        Ok(())
    }

    /// The index statistics, as one object.
    pub fn stats(&mut self, stats: &IndexStats) -> io::Result<()> {
        self.line(stats)
    }

    /// Writes out what is buffered.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
