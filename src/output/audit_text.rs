//! Text for people: count tables with rates, aligned concordances, index statistics.

use crate::engine::Scope;
use std::io::{self, Write};

use super::safe::{terminal, TerminalWriter};
use super::style::{paint, DATE, DIM, HEADER, MATCH, SOURCE, TITLE};
use crate::audit::{Concordance, Counts, IndexStats, KwicLine, Tally};

/// Writes audit results as aligned plain text.
pub struct AuditTextPrinter<W: Write> {
    out: TerminalWriter<W>,
    blocks: usize,
    /// Styles on (a terminal): headers, sources, dates and matches each in their own.
    color: bool,
}

impl<W: Write> AuditTextPrinter<W> {
    /// A printer writing text to `out`.
    pub fn new(out: W) -> Self {
        AuditTextPrinter {
            out: TerminalWriter(out),
            blocks: 0,
            color: false,
        }
    }

    /// A printer writing text to `out`, styled when `color` is true (see
    /// [`style`](super::style)); the text between the styles is the same.
    pub fn with_color(out: W, color: bool) -> Self {
        AuditTextPrinter {
            color,
            ..Self::new(out)
        }
    }

    /// Writes a line holding our own escape sequences: `line` must have been neutralised
    /// (every piece of corpus or query text in it through [`terminal`]) before it was styled.
    fn styled_line(&mut self, line: &str) -> io::Result<()> {
        writeln!(self.out.0, "{line}")
    }

    /// A blank line between blocks, and `== name` before each block of a batch.
    fn start(&mut self, name: Option<&str>, query: &str) -> io::Result<()> {
        if self.blocks > 0 {
            writeln!(self.out)?;
        }
        self.blocks += 1;
        let head = match name {
            Some(name) if name != query => format!("== {}: {}", terminal(name), terminal(query)),
            Some(_) => format!("== {}", terminal(query)),
            None => return Ok(()),
        };
        if self.color {
            self.styled_line(&paint(true, HEADER, &head))
        } else {
            writeln!(self.out, "{head}")
        }
    }

    /// Says so when the query's logic applied to whole articles.
    fn scope(&mut self, scope: Scope) -> io::Result<()> {
        match scope {
            Scope::Passage => Ok(()),
            Scope::Article => writeln!(
                self.out,
                "scope: article (the query holds in each article counted; its passages and occurrences are those with a query word)"
            ),
        }
    }

    /// A table of counts: one row per bucket, then the total, then the forms.
    ///
    /// ```text
    /// year       articles  passages  occurrences  total_articles    rate
    /// 2020              2         3            4               6  33.33%
    /// total             2         3            4              10  20.00%
    /// ```
    pub fn counts(&mut self, name: Option<&str>, counts: &Counts) -> io::Result<()> {
        self.start(name, &counts.query)?;
        self.scope(counts.scope)?;
        let mut rows: Vec<(String, &Tally)> = Vec::new();
        let missing = match counts.by {
            Some(crate::audit::By::Source) => "(no source)",
            _ => "(undated)",
        };
        for b in &counts.buckets {
            let label = b.bucket.clone().unwrap_or_else(|| missing.to_string());
            rows.push((label, &b.tally));
        }
        rows.push(("total".to_string(), &counts.total));
        let head = counts.by.map_or("", |b| b.name());
        let w = rows
            .iter()
            .map(|(l, _)| l.chars().count())
            .chain([head.chars().count()])
            .max()
            .unwrap_or(0);
        let header = format!(
            "{head:<w$}  {:>8}  {:>8}  {:>11}  {:>14}  {:>7}",
            "articles", "passages", "occurrences", "total_articles", "rate"
        );
        if self.color {
            self.styled_line(&paint(true, TITLE, &header))?;
        } else {
            writeln!(self.out, "{header}")?;
        }
        let last = rows.len() - 1;
        for (i, (label, t)) in rows.into_iter().enumerate() {
            let rate = if t.total_articles == 0 {
                "-".to_string()
            } else {
                format!(
                    "{:.2}%",
                    t.articles as f64 * 100.0 / t.total_articles as f64
                )
            };
            let numbers = format!(
                "{:>8}  {:>8}  {:>11}  {:>14}  {rate:>7}",
                t.articles, t.passages, t.occurrences, t.total_articles
            );
            if self.color {
                let cell = format!("{:<w$}", terminal(&label));
                let line = if i == last {
                    paint(true, TITLE, &format!("{cell}  {numbers}"))
                } else {
                    let style = match counts.by {
                        Some(crate::audit::By::Source) => SOURCE,
                        Some(crate::audit::By::Article) => DIM,
                        Some(_) => DATE,
                        None => TITLE,
                    };
                    format!("{}  {numbers}", paint(true, style, &cell))
                };
                self.styled_line(&line)?;
            } else {
                writeln!(self.out, "{label:<w$}  {numbers}")?;
            }
        }
        if let Some(forms) = &counts.forms {
            let list: Vec<String> = forms
                .iter()
                .map(|f| format!("{} {}", f.form, f.occurrences))
                .collect();
            writeln!(self.out, "forms: {}", list.join(", "))?;
        }
        Ok(())
    }

    /// A concordance: `doc_id:passage  date  left  match  right`, matches in one column.
    pub fn kwic(&mut self, name: Option<&str>, kwic: &Concordance) -> io::Result<()> {
        self.kwic_start(name, &kwic.query, kwic.scope)?;
        self.kwic_lines(&kwic.lines)?;
        self.kwic_end(&kwic.query, kwic.total, kwic.lines.len(), "--limit")
    }

    /// What comes before the lines of a concordance: the name in a batch, the scope.
    pub fn kwic_start(&mut self, name: Option<&str>, query: &str, scope: Scope) -> io::Result<()> {
        self.start(name, query)?;
        self.scope(scope)
    }

    /// Concordance lines, their matches in one column (a concordance printed as it is found
    /// comes in blocks, each aligned on its own).
    pub fn kwic_lines(&mut self, lines: &[KwicLine]) -> io::Result<()> {
        let len = |s: &str| s.chars().count();
        let places: Vec<String> = lines
            .iter()
            .map(|l| format!("{}:{}", l.doc_id, l.passage))
            .collect();
        let pw = places.iter().map(|p| len(p)).max().unwrap_or(0);
        let lw = lines.iter().map(|l| len(&l.left)).max().unwrap_or(0);
        let mw = lines.iter().map(|l| len(&l.matched)).max().unwrap_or(0);
        for (l, place) in lines.iter().zip(&places) {
            let date = l.date.map_or_else(|| "-".to_string(), |d| d.to_string());
            if self.color {
                // The same columns, each piece neutralised, then styled.
                let place = format!("{:<pw$}", terminal(place));
                let left = format!("{:>lw$}", terminal(&l.left));
                let pad = " ".repeat(mw - len(&l.matched));
                let line = format!(
                    "{}  {}  {left}  {}{pad}  {}",
                    paint(true, DIM, &place),
                    paint(true, DATE, &format!("{date:<10}")),
                    paint(true, MATCH, &terminal(&l.matched)),
                    terminal(&l.right)
                );
                self.styled_line(line.trim_end())?;
            } else {
                let line = format!(
                    "{place:<pw$}  {date:<10}  {:>lw$}  {:<mw$}  {}",
                    l.left, l.matched, l.right
                );
                writeln!(self.out, "{}", line.trim_end())?;
            }
        }
        Ok(())
    }

    /// What comes after the lines: that nothing matched, or how many were left out and `why`
    /// (`--limit`, `--sample`).
    pub fn kwic_end(
        &mut self,
        query: &str,
        total: usize,
        shown: usize,
        why: &str,
    ) -> io::Result<()> {
        if total == 0 {
            writeln!(self.out, "no occurrence of {query:?}")?;
        } else if shown < total {
            writeln!(
                self.out,
                "{shown} of {} shown ({why})",
                super::count_of(total, "occurrence", "occurrences")
            )?;
        }
        Ok(())
    }

    /// What the index holds.
    pub fn stats(&mut self, s: &IndexStats) -> io::Result<()> {
        let undated = |n: u64| {
            super::count_of(
                usize::try_from(n).unwrap_or(usize::MAX),
                "undated article",
                "undated articles",
            )
        };
        let o = &mut self.out;
        writeln!(o, "index           {}", s.index)?;
        writeln!(o, "articles        {}", s.articles)?;
        writeln!(o, "passages        {}", s.passages)?;
        let terms: Vec<String> = s.terms.iter().map(|(f, n)| format!("{f} {n}")).collect();
        writeln!(o, "distinct terms  {}", terms.join(", "))?;
        let size = match s.size_bytes {
            n if n >= 1_000_000 => format!("{:.1} MB", n as f64 / 1e6),
            n => format!("{:.1} kB", n as f64 / 1e3),
        };
        writeln!(o, "size on disk    {size} ({} bytes)", s.size_bytes)?;
        match (s.first_date, s.last_date) {
            (Some(a), Some(b)) => writeln!(
                o,
                "dates           {a} to {b}, {}",
                undated(s.undated_articles)
            )?,
            _ => writeln!(o, "dates           none ({})", undated(s.undated_articles))?,
        }
        writeln!(o, "analysis        version {}", s.analysis_version)?;
        writeln!(o, "built           {} by {}", s.built_at_utc, s.built_by)?;
        writeln!(o, "built from      {}", s.paths.join(", "))?;
        writeln!(o, "articles per source")?;
        for c in &s.sources {
            let name = c.source.as_deref().unwrap_or("(no source)");
            writeln!(o, "  {:>8}  {name}", c.articles)?;
        }
        writeln!(o, "articles per year")?;
        for c in &s.years {
            let year = c
                .year
                .map_or_else(|| "(undated)".to_string(), |y| y.to_string());
            writeln!(o, "  {:>8}  {year}", c.articles)?;
        }
        Ok(())
    }

    /// Writes out what is buffered.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}
