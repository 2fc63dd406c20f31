//! JSON Lines for audits: one object per query for counts, one per occurrence for
//! concordances, one for index statistics.
//!
//! Wire format (stable; documented in the README and `docs/search.schema.json`). Every record
//! carries `"type"` (`count`, `kwic`, `summary`, `error`, `stats`) and `"schema"`
//! ([`super::SCHEMA_VERSION`]); the concordance of each query ends with a `summary`:
//!
//! ```text
//! count: {"type": "count", "schema": 1, "name": "blessés", "query": "=blessés", "scope": "passage", "by": "year", "articles": 3, "passages": 4,
//!         "occurrences": 5, "total_articles": 10,
//!         "buckets": [{"bucket": "2020", "articles": 2, "passages": 3, "occurrences": 4,
//!                      "total_articles": 6}, {"bucket": null, …}],
//!         "forms": [{"form": "blessés", "occurrences": 5}]}
//! kwic:  {"type": "kwic", "schema": 1, "name": …, "query": …, "scope": "passage", "doc_id": …, "path": …, "title": …, "date": "2020-07-02",
//!         "source": …, "article": 0, "passage": 2, "start": 10, "end": 17, "char_start": 10,
//!         "char_end": 17, "article_start": 410, "article_end": 417, "left": "…",
//!         "match": "blessés", "right": "…", "term": "=blessés", "url": …}
//! summary: {"type": "summary", "schema": 1, "query": …, "name": …, "total": 5, "shown": 5,
//!         "offset": 0, "elapsed_ms": 3.1, "scope": "passage"}
//! stats: {"type": "stats", "schema": 1, "index": …, …}
//! ```
//!
//! `by` is null and `buckets` absent without `--by`; `forms` is present only with `--forms`;
//! `bucket` is null for articles without a source or a date.

use std::io::{self, Write};

use serde::Serialize;

use crate::audit::{BucketCount, By, Concordance, Counts, FormCount, IndexStats, KwicLine};
use crate::engine::Scope;

use super::json::{Asked, ErrorBody, Summary, SCHEMA_VERSION};

#[derive(Serialize)]
struct JsonCounts<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    schema: u32,
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
    #[serde(rename = "type")]
    kind: &'static str,
    schema: u32,
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
            kind: "count",
            schema: SCHEMA_VERSION,
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
            self.kwic_line(name, &kwic.query, kwic.scope, line)?;
        }
        Ok(())
    }

    /// One concordance line of `query` (named `name`), as one object.
    pub fn kwic_line(
        &mut self,
        name: &str,
        query: &str,
        scope: Scope,
        line: &KwicLine,
    ) -> io::Result<()> {
        self.line(&JsonKwic {
            kind: "kwic",
            schema: SCHEMA_VERSION,
            name,
            query,
            scope,
            line,
        })
    }

    /// The summary that ends the concordance of a query: `total` lines, in `elapsed_ms`.
    pub fn summary(&mut self, query: &Asked, summary: &Summary) -> io::Result<()> {
        super::json::record(&mut self.out, "summary", query, summary)
    }

    /// An error record: `query` of a batch could not run (`line` is 1-based).
    pub fn error(&mut self, query: &Asked, line: usize, message: &str) -> io::Result<()> {
        super::json::record(&mut self.out, "error", query, ErrorBody { line, message })
    }

    /// The index statistics, as one object.
    pub fn stats(&mut self, stats: &IndexStats) -> io::Result<()> {
        #[derive(Serialize)]
        struct JsonStats<'a> {
            #[serde(rename = "type")]
            kind: &'static str,
            schema: u32,
            #[serde(flatten)]
            stats: &'a IndexStats,
        }
        self.line(&JsonStats {
            kind: "stats",
            schema: SCHEMA_VERSION,
            stats,
        })
    }

    /// Writes out what is buffered.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
