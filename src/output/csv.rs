//! CSV for spreadsheets and data frames: counts, surface forms and concordance lines.
//!
//! Dialect (stable; documented in the README): RFC 4180, comma-separated, UTF-8 without BOM,
//! `\n` line ends, a header row, fields quoted only when they hold a comma, a quote or a line
//! break; a missing value (no source, no date) is an empty field. Columns:
//!
//! ```text
//! counts: name,query,by,bucket,articles,passages,occurrences,total_articles,scope
//! forms:  name,query,form,occurrences            (count --forms)
//!         name,query,by,bucket,form,occurrences  (count --forms --by …)
//! kwic:   name,query,doc_id,date,source,article,passage,start,end,char_start,char_end,
//!         article_start,article_end,left,match,right,term,title,url
//! query:  name,query,rank,score,doc_id,title,date,source,url,passage,start,end,text,matches
//! ```
//!
//! `article` in kwic rows is the article's ordinal in the index (it changes when the index is
//! rebuilt): `doc_id` is the article's id. In query rows `start,end` is the byte range of the
//! passage in the article text and `matches` the matched words, ` | ` between them.
//!
//! Without `--by`, counts have one row per query with `by` and `bucket` both `all`; with it,
//! one row per bucket (the rows add up to the totals). A cell that starts with `=`, `+`, `-`,
//! `@`, a tab or a carriage return gets a `'` before it (OWASP's rule against formula
//! injection), and controls in corpus text are shown as U+FFFD.

use std::io::{self, Write};

use super::safe::{csv_cell, terminal};
use crate::audit::{Concordance, Counts, KwicLine};
use crate::search::Hit;

const COUNT_HEADER: [&str; 9] = [
    "name",
    "query",
    "by",
    "bucket",
    "articles",
    "passages",
    "occurrences",
    "total_articles",
    "scope",
];
const FORMS_HEADER: [&str; 4] = ["name", "query", "form", "occurrences"];
const FORMS_BY_HEADER: [&str; 6] = ["name", "query", "by", "bucket", "form", "occurrences"];
const QUERY_HEADER: [&str; 14] = [
    "name", "query", "rank", "score", "doc_id", "title", "date", "source", "url", "passage",
    "start", "end", "text", "matches",
];
const KWIC_HEADER: [&str; 19] = [
    "name",
    "query",
    "doc_id",
    "date",
    "source",
    "article",
    "passage",
    "start",
    "end",
    "char_start",
    "char_end",
    "article_start",
    "article_end",
    "left",
    "match",
    "right",
    "term",
    "title",
    "url",
];

/// The cells of a row, their controls neutralised ([`terminal`]: a CSV is read on a terminal
/// too) and each guarded against formula injection ([`csv_cell`]).
fn guarded<const N: usize>(cells: [&str; N]) -> impl Iterator<Item = String> + '_ {
    cells
        .into_iter()
        .map(|c| csv_cell(&terminal(c)).into_owned())
}

/// Writes audit results as CSV, the header once before the first row.
pub struct CsvPrinter<W: Write> {
    out: csv::Writer<W>,
    header: bool,
}

impl<W: Write> CsvPrinter<W> {
    /// A printer writing CSV to `out`.
    pub fn new(out: W) -> Self {
        CsvPrinter {
            out: csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(out),
            header: false,
        }
    }

    fn header(&mut self, names: &[&str]) -> io::Result<()> {
        if !self.header {
            self.header = true;
            self.out.write_record(names)?;
        }
        Ok(())
    }

    /// The count rows of one query, keyed by `name`.
    pub fn counts(&mut self, name: &str, counts: &Counts) -> io::Result<()> {
        self.header(&COUNT_HEADER)?;
        let mut row = |by: &str, bucket: &str, t: &crate::audit::Tally| {
            self.out.write_record(guarded([
                name,
                &counts.query,
                by,
                bucket,
                &t.articles.to_string(),
                &t.passages.to_string(),
                &t.occurrences.to_string(),
                &t.total_articles.to_string(),
                counts.scope.name(),
            ]))
        };
        match counts.by {
            None => row("all", "all", &counts.total)?,
            Some(by) => {
                for b in &counts.buckets {
                    row(by.name(), b.bucket.as_deref().unwrap_or(""), &b.tally)?;
                }
            }
        }
        Ok(())
    }

    /// The surface forms of one query (counted with `forms`), most frequent first; with
    /// `by`, per bucket (a bucket where nothing matched has no row).
    pub fn forms(&mut self, name: &str, counts: &Counts) -> io::Result<()> {
        if let Some(by) = counts.by {
            self.header(&FORMS_BY_HEADER)?;
            for b in &counts.buckets {
                for f in b.forms.iter().flatten() {
                    self.out.write_record(guarded([
                        name,
                        &counts.query,
                        by.name(),
                        b.bucket.as_deref().unwrap_or(""),
                        &f.form,
                        &f.occurrences.to_string(),
                    ]))?;
                }
            }
            return Ok(());
        }
        self.header(&FORMS_HEADER)?;
        for f in counts.forms.iter().flatten() {
            self.out.write_record(guarded([
                name,
                &counts.query,
                &f.form,
                &f.occurrences.to_string(),
            ]))?;
        }
        Ok(())
    }

    /// The concordance lines of one query.
    pub fn kwic(&mut self, name: &str, kwic: &Concordance) -> io::Result<()> {
        self.kwic_header()?;
        for l in &kwic.lines {
            self.kwic_line(name, &kwic.query, l)?;
        }
        Ok(())
    }

    /// The header of concordance rows (once; a concordance with no row still has it).
    pub fn kwic_header(&mut self) -> io::Result<()> {
        self.header(&KWIC_HEADER)
    }

    /// One concordance line of `query` (named `name`), as one row.
    pub fn kwic_line(&mut self, name: &str, query: &str, l: &KwicLine) -> io::Result<()> {
        self.header(&KWIC_HEADER)?;
        self.out.write_record(guarded([
            name,
            query,
            &l.doc_id,
            &l.date.map(|d| d.to_string()).unwrap_or_default(),
            l.source.as_deref().unwrap_or(""),
            &l.article.to_string(),
            &l.passage.to_string(),
            &l.start.to_string(),
            &l.end.to_string(),
            &l.char_start.to_string(),
            &l.char_end.to_string(),
            &l.article_start.to_string(),
            &l.article_end.to_string(),
            &l.left,
            &l.matched,
            &l.right,
            &l.term,
            l.title.as_deref().unwrap_or(""),
            l.url.as_deref().unwrap_or(""),
        ]))?;
        Ok(())
    }

    /// One row per hit of a query, ranked from `rank` (1-based).
    pub fn hits(&mut self, name: &str, query: &str, rank: usize, hits: &[Hit]) -> io::Result<()> {
        self.header(&QUERY_HEADER)?;
        for (i, h) in hits.iter().enumerate() {
            let matches: Vec<&str> = h
                .highlights
                .iter()
                .filter_map(|s| h.text.get(s.start..s.end))
                .collect();
            self.out.write_record(guarded([
                name,
                query,
                &rank.saturating_add(i).to_string(),
                &format!("{:.4}", h.score),
                &h.doc_id,
                h.title.as_deref().unwrap_or(""),
                &h.date.map(|d| d.to_string()).unwrap_or_default(),
                h.source.as_deref().unwrap_or(""),
                h.url.as_deref().unwrap_or(""),
                &h.passage.to_string(),
                &h.start.to_string(),
                &h.end.to_string(),
                &h.text,
                &matches.join(" | "),
            ]))?;
        }
        Ok(())
    }

    /// Writes the header alone (a query that printed no row still prints it).
    pub fn query_header(&mut self) -> io::Result<()> {
        self.header(&QUERY_HEADER)
    }

    /// Writes out what is buffered.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
