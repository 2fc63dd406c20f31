//! JSON Lines: one object per hit.
//!
//! Wire format (stable; documented in the README):
//!
//! ```text
//! {"query": "cessez-le-feu", "rank": 1, "score": 7.31, "doc_id": "000_cbd53b12c595d70f",
//!  "path": "corpus/000_cbd53b12c595d70f.txt", "title": null, "date": null, "source": null,
//!  "url": null, "passage": 0, "range": [0, 262], "text": "…",
//!  "highlights": [{"start": 103, "end": 116, "char_start": 101, "char_end": 114,
//!                  "term": "cessez-le-feu"}]}
//! ```
//!
//! `query_index` (the 0-based line of the query) is added with `--queries-file`; `context`
//! (neighbouring passages) with `--context N`; `explain` (the parts of the score) with
//! `--explain`; `also_in` (ids of the other articles holding the same passage, shown once)
//! when there are any, unless `--no-collapse`.

use std::io::{self, Write};

use serde::Serialize;

use crate::highlight::Span;
use crate::search::{ArticleView, ContextPassage, Contribution, Hit, SearchOptions, SearchResults};

/// The JSON object written for each hit.
#[derive(Debug, Serialize)]
pub struct JsonHit<'a> {
    pub query: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_index: Option<usize>,
    pub rank: usize,
    pub score: f32,
    pub doc_id: &'a str,
    pub path: &'a str,
    pub title: Option<&'a str>,
    pub date: Option<String>,
    pub source: Option<&'a str>,
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
    pub fn new(
        query: &'a str,
        query_index: Option<usize>,
        rank: usize,
        hit: &'a Hit,
    ) -> JsonHit<'a> {
        JsonHit {
            query,
            query_index,
            rank,
            score: hit.score,
            doc_id: &hit.doc_id,
            path: &hit.path,
            title: hit.title.as_deref(),
            date: hit.date.map(|d| d.to_string()),
            source: hit.source.as_deref(),
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

/// Writes hits as JSON Lines.
pub struct JsonPrinter<W: Write> {
    out: W,
}

impl<W: Write> JsonPrinter<W> {
    pub fn new(out: W) -> Self {
        JsonPrinter { out }
    }

    /// Writes one hit as one line.
    pub fn hit(
        &mut self,
        query: &str,
        query_index: Option<usize>,
        rank: usize,
        hit: &Hit,
    ) -> io::Result<()> {
        let hit = JsonHit::new(query, query_index, rank, hit);
        let line = super::safe::json_line(serde_json::to_string(&hit)?);
        self.out.write_all(line.as_bytes())?;
        self.out.write_all(b"\n")
    }

    /// Writes the records of one query's results: how it was understood (with
    /// `show_query`), one line per hit ranked from `options.offset + 1`, and the written
    /// forms (with `options.forms`). The CLI's `search query --format json` and the
    /// server's `/api/query` both write through here.
    pub fn results(
        &mut self,
        query: &str,
        query_index: Option<usize>,
        options: &SearchOptions,
        show_query: bool,
        results: &SearchResults,
    ) -> io::Result<()> {
        if show_query {
            self.value(&serde_json::json!({"query": query, "query_index": query_index, "understood": results.terms}))?;
        }
        for (i, hit) in results.hits.iter().enumerate() {
            self.hit(
                query,
                query_index,
                options.offset.saturating_add(i + 1),
                hit,
            )?;
        }
        if options.forms {
            self.value(&serde_json::json!({"query": query, "query_index": query_index, "passages": results.total, "forms": results.forms}))?;
        }
        Ok(())
    }

    /// Writes an article whole, with what `query` marks in each passage, as one line:
    /// `{"query", "doc_id", "path", "title", "date", "source", "url", "passages":
    /// [{"passage", "range", "text", "highlights"}]}`.
    pub fn article(&mut self, query: &str, view: &ArticleView) -> io::Result<()> {
        #[derive(Serialize)]
        struct JsonPassage<'a> {
            passage: u64,
            range: [u64; 2],
            text: &'a str,
            highlights: &'a [Span],
        }
        #[derive(Serialize)]
        struct JsonArticle<'a> {
            query: &'a str,
            doc_id: &'a str,
            path: &'a str,
            title: Option<&'a str>,
            date: Option<String>,
            source: Option<&'a str>,
            url: Option<&'a str>,
            passages: Vec<JsonPassage<'a>>,
        }
        self.value(&JsonArticle {
            query,
            doc_id: &view.doc_id,
            path: &view.path,
            title: view.title.as_deref(),
            date: view.date.map(|d| d.to_string()),
            source: view.source.as_deref(),
            url: view.url.as_deref(),
            passages: view
                .passages
                .iter()
                .map(|p| JsonPassage {
                    passage: p.passage,
                    range: [p.start, p.end],
                    text: &p.text,
                    highlights: &p.highlights,
                })
                .collect(),
        })
    }

    /// Writes any serialisable value as one line.
    pub fn value<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        let line = super::safe::json_line(serde_json::to_string(value)?);
        self.out.write_all(line.as_bytes())?;
        self.out.write_all(b"\n")
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
