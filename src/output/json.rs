//! JSON Lines: one object per hit, then one summary per query.
//!
//! Wire format (stable; documented in the README and in `docs/search.schema.json`). Every
//! record carries `"type"` (`hit`, `query`, `forms`, `summary`, `error`, and for the audits
//! `count`, `kwic`, `stats`) and `"schema"`, the version of this format ([`SCHEMA_VERSION`]):
//!
//! ```text
//! {"type": "hit", "schema": 1, "query": "cessez-le-feu", "rank": 1, "score": 7.31, "doc_id": "000_cbd53b12c595d70f",
//!  "path": "corpus/000_cbd53b12c595d70f.txt", "title": null, "date": null, "source": null,
//!  "url": null, "passage": 0, "range": [0, 262], "text": "…",
//!  "highlights": [{"start": 103, "end": 116, "char_start": 101, "char_end": 114,
//!                  "term": "cessez-le-feu"}]}
//! {"type": "summary", "schema": 1, "query": "cessez-le-feu", "total": 4, "shown": 4,
//!  "offset": 0, "elapsed_ms": 1.2}
//! ```
//!
//! `query_index` (the 0-based line of the query) is added with `--queries-file`; `context`
//! (neighbouring passages) with `--context N`; `explain` (the parts of the score) with
//! `--explain`; `also_in` (ids of the other articles holding the same passage, shown once)
//! when there are any, unless `--no-collapse`.

use std::io::{self, Write};

use serde::Serialize;

use crate::highlight::Span;
use crate::search::{Article, ContextPassage, Contribution, Hit, SearchOptions, SearchResults};

/// The version of the JSON Lines format, in the `"schema"` field of every record. It changes
/// when a field is renamed or removed or changes meaning; fields may be added within a
/// version.
pub const SCHEMA_VERSION: u32 = 1;

/// The JSON object written for each hit.
#[derive(Debug, Serialize)]
pub struct JsonHit<'a> {
    /// Always `"hit"`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// [`SCHEMA_VERSION`].
    pub schema: u32,
    pub query: &'a str,
    /// With `--queries-file`: the query's name (the text before a tab, or the query).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_index: Option<usize>,
    pub rank: usize,
    pub score: f32,
    pub doc_id: &'a str,
    pub path: &'a str,
    pub title: Option<&'a str>,
    pub date: Option<String>,
    pub source: Option<&'a str>,
    /// The source as the article spelled it, when a source alias renamed it (absent else).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_raw: Option<&'a str>,
    pub url: Option<&'a str>,
    pub passage: u64,
    /// Byte range of the passage in the article text.
    pub range: [u64; 2],
    pub text: &'a str,
    pub highlights: &'a [Span],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub context: &'a [ContextPassage],
    /// Other articles with the same passage (duplicates collapsed; absent when none).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub also_in: &'a [String],
    /// With `--explain`: the parts of the score.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub explain: &'a [Contribution],
}

impl<'a> JsonHit<'a> {
    /// The JSON view of `hit`, ranked `rank` (1-based) for `query`.
    pub fn new(query: &'a Asked<'a>, rank: usize, hit: &'a Hit) -> JsonHit<'a> {
        JsonHit {
            kind: "hit",
            schema: SCHEMA_VERSION,
            query: query.query,
            name: query.name,
            query_index: query.index,
            rank,
            score: hit.score,
            doc_id: &hit.doc_id,
            path: &hit.path,
            title: hit.title.as_deref(),
            date: hit.date.map(|d| d.to_string()),
            source: hit.source.as_deref(),
            source_raw: hit.source_raw.as_deref(),
            url: hit.url.as_deref(),
            passage: hit.passage,
            range: [hit.start, hit.end],
            text: &hit.text,
            highlights: &hit.highlights,
            context: &hit.context,
            also_in: &hit.also_in,
            explain: &hit.explanation,
        }
    }
}

/// Which query a record is about: its text, and in a batch its name and 0-based line.
#[derive(Debug, Clone, Copy)]
pub struct Asked<'a> {
    /// The query text.
    pub query: &'a str,
    /// With `--queries-file`: the name given before a tab, or the query itself.
    pub name: Option<&'a str>,
    /// With `--queries-file`: the 0-based line of the query in the file.
    pub index: Option<usize>,
}

/// The record that ends the output of each query, whether it matched or not.
#[derive(Debug, Serialize)]
pub struct Summary<'a> {
    /// How many results there are in all (passages for `query`, occurrences for `kwic`).
    pub total: usize,
    /// How many were printed.
    pub shown: usize,
    /// How many were skipped first (`--offset`).
    pub offset: usize,
    /// Time the query took, in milliseconds.
    pub elapsed_ms: f64,
    /// The scope the query's logic applied to (`passage` or `article`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<&'a str>,
}

#[derive(Serialize)]
struct Record<'a, T: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    schema: u32,
    query: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    query_index: Option<usize>,
    #[serde(flatten)]
    body: T,
}

/// Writes one record typed `kind` about `asked`, with the fields of `body`, as one line.
pub(crate) fn record<W: Write, T: Serialize>(
    out: &mut W,
    kind: &'static str,
    asked: &Asked,
    body: T,
) -> io::Result<()> {
    let record = Record {
        kind,
        schema: SCHEMA_VERSION,
        query: asked.query,
        name: asked.name,
        query_index: asked.index,
        body,
    };
    let line = super::safe::json_line(serde_json::to_string(&record)?);
    out.write_all(line.as_bytes())?;
    out.write_all(b"\n")
}

/// Writes hits as JSON Lines.
pub struct JsonPrinter<W: Write> {
    out: W,
}

impl<W: Write> JsonPrinter<W> {
    pub fn new(out: W) -> Self {
        JsonPrinter { out }
    }

    /// Writes one hit as one line.
    pub fn hit(&mut self, query: &Asked, rank: usize, hit: &Hit) -> io::Result<()> {
        let hit = JsonHit::new(query, rank, hit);
        let line = super::safe::json_line(serde_json::to_string(&hit)?);
        self.out.write_all(line.as_bytes())?;
        self.out.write_all(b"\n")
    }

    /// Writes the records of one query's results: how it was understood (with `show_query`),
    /// one `hit` per hit ranked from `options.offset + 1`, the written forms (with
    /// `options.forms`) and the `summary`. The CLI's `search query --format json` and the
    /// server's `/api/query` both write through here.
    pub fn results(
        &mut self,
        asked: &Asked,
        options: &SearchOptions,
        show_query: bool,
        results: &SearchResults,
        elapsed: std::time::Duration,
    ) -> io::Result<()> {
        let first_rank = options.offset.saturating_add(1);
        if show_query {
            self.record(
                "query",
                asked,
                serde_json::json!({"understood": results.terms}),
            )?;
        }
        for (i, hit) in results.hits.iter().enumerate() {
            self.hit(asked, first_rank.saturating_add(i), hit)?;
        }
        if options.forms {
            self.record(
                "forms",
                asked,
                serde_json::json!({"passages": results.total, "forms": results.forms}),
            )?;
        }
        self.summary(
            asked,
            &Summary {
                total: results.total,
                shown: results.hits.len(),
                offset: options.offset,
                elapsed_ms: super::millis(elapsed),
                scope: Some(results.scope.name()),
            },
        )
    }

    /// Writes a record typed `kind` (`query`, `forms`, `summary`, `error`) about `query`,
    /// with the fields of `body`, as one line.
    pub fn record<T: Serialize>(
        &mut self,
        kind: &'static str,
        query: &Asked,
        body: T,
    ) -> io::Result<()> {
        record(&mut self.out, kind, query, body)
    }

    /// Writes an article (`search show`) as one `article` record.
    pub fn article(&mut self, article: &Article) -> io::Result<()> {
        #[derive(Serialize)]
        struct JsonArticle<'a> {
            #[serde(rename = "type")]
            kind: &'static str,
            schema: u32,
            #[serde(flatten)]
            article: &'a Article,
        }
        self.value(&JsonArticle {
            kind: "article",
            schema: SCHEMA_VERSION,
            article,
        })
    }

    /// Writes any serialisable value as one line.
    pub fn value<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        let line = super::safe::json_line(serde_json::to_string(value)?);
        self.out.write_all(line.as_bytes())?;
        self.out.write_all(b"\n")
    }

    /// Writes the summary that ends the output of `query`.
    pub fn summary(&mut self, query: &Asked, summary: &Summary) -> io::Result<()> {
        self.record("summary", query, summary)
    }

    /// Writes an error record: `query` of a batch could not run (`line` is 1-based).
    pub fn error(&mut self, query: &Asked, line: usize, message: &str) -> io::Result<()> {
        self.record("error", query, ErrorBody { line, message })
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The fields of an error record.
#[derive(Serialize)]
pub(crate) struct ErrorBody<'a> {
    /// The line of the queries file (1-based).
    pub line: usize,
    /// What went wrong, as printed on stderr.
    pub message: &'a str,
}
