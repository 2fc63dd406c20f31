//! Text output for people: one block per hit, the excerpt with the matches in bold colour.

use super::safe::terminal;
use super::style::{self, paint, DATE, DIM, HEADER, MATCH, SOURCE, TITLE};
use anstyle::Style;
use std::io::{self, Write};

use crate::highlight::excerpt;
use crate::query::{QueryTerm, TermKind};
use crate::search::{Article, FormCount, Hit};

/// Longest excerpt of a passage by default, in characters.
pub const DEFAULT_EXCERPT_CHARS: usize = 320;

/// How to print text.
#[derive(Debug, Clone, Copy)]
pub struct TextConfig {
    /// ANSI styles (see [`style`](super::style)): matches in bold red, titles in bold,
    /// sources, dates and details each in their own; without, plain text.
    pub color: bool,
    /// Longest excerpt, in characters (`usize::MAX`: whole passages).
    pub excerpt_chars: usize,
}

impl Default for TextConfig {
    fn default() -> Self {
        TextConfig {
            color: false,
            excerpt_chars: DEFAULT_EXCERPT_CHARS,
        }
    }
}

/// Writes hits as text.
pub struct TextPrinter<W: Write> {
    out: W,
    config: TextConfig,
}

impl<W: Write> TextPrinter<W> {
    pub fn new(out: W, config: TextConfig) -> Self {
        TextPrinter { out, config }
    }

    /// A line before the hits of a query (used with `--queries-file`): its 0-based line,
    /// its name when it has one, the query and how many passages match.
    pub fn query_header(
        &mut self,
        index: usize,
        name: Option<&str>,
        query: &str,
        total: usize,
    ) -> io::Result<()> {
        let (on, off) = self.style(HEADER);
        let query = terminal(query);
        let name = name
            .map(|n| format!("{}: ", terminal(n)))
            .unwrap_or_default();
        let total = super::count_of(total, "passage", "passages");
        writeln!(self.out, "{on}## [{index}] {name}{query}{off} ({total})")
    }

    /// Writes one hit.
    pub fn hit(&mut self, rank: usize, hit: &Hit) -> io::Result<()> {
        let color = self.config.color;
        let (on, off) = self.style(TITLE);
        let id = terminal(&hit.doc_id);
        match &hit.title {
            Some(t) => write!(
                self.out,
                "{on}{rank:>3}. {}{off} {}",
                terminal(t),
                paint(color, DIM, &format!("[{id}]"))
            )?,
            None => write!(self.out, "{on}{rank:>3}. {id}{off}")?,
        }
        let (dim, dim_off) = self.style(DIM);
        write!(self.out, "  ")?;
        if let Some(d) = hit.date {
            write!(self.out, "{}  ", paint(color, DATE, &d.to_string()))?;
        }
        if let Some(s) = &hit.source {
            write!(self.out, "{}  ", paint(color, SOURCE, &terminal(s)))?;
        }
        writeln!(
            self.out,
            "{dim}¶{}  score {:.3}{dim_off}",
            hit.passage, hit.score
        )?;
        if !hit.explanation.is_empty() {
            let parts: Vec<String> = hit
                .explanation
                .iter()
                .map(|c| format!("{:.3} {} [{}]", c.score, terminal(&c.term), c.field))
                .collect();
            writeln!(self.out, "     {dim}= {}{dim_off}", parts.join(" + "))?;
        }
        for c in hit.context.iter().filter(|c| c.passage < hit.passage) {
            self.context_line(c.passage, &c.text)?;
        }
        let ex = excerpt(&hit.text, &hit.highlights, self.config.excerpt_chars);
        write!(self.out, "     ")?;
        if ex.cut_before {
            write!(self.out, "…")?;
        }
        let mut at = ex.start;
        let (mark, mark_off) = self.style(MATCH);
        for &(s, e) in &ex.marks {
            write!(
                self.out,
                "{}{mark}{}{mark_off}",
                flat(&hit.text[at..s]),
                flat(&hit.text[s..e])
            )?;
            at = e;
        }
        write!(self.out, "{}", flat(&hit.text[at..ex.end]))?;
        if ex.cut_after {
            write!(self.out, "…")?;
        }
        writeln!(self.out)?;
        for c in hit.context.iter().filter(|c| c.passage > hit.passage) {
            self.context_line(c.passage, &c.text)?;
        }
        if !hit.also_in.is_empty() {
            let (dim, off) = self.style(DIM);
            writeln!(
                self.out,
                "     {dim}also in: {}{off}",
                terminal(&hit.also_in.join(", "))
            )?;
        }
        writeln!(self.out)
    }

    fn context_line(&mut self, passage: u64, text: &str) -> io::Result<()> {
        let (dim, off) = self.style(DIM);
        let ex = excerpt(text, &[], self.config.excerpt_chars);
        let more = if ex.cut_after { "…" } else { "" };
        writeln!(
            self.out,
            "     {dim}¶{passage} {}{more}{off}",
            flat(&text[ex.start..ex.end])
        )
    }

    /// An article (`search show`): its title, id, date, source, URL and path, then each
    /// passage as `¶N text`, the query's matches in colour, or `[in brackets]` without.
    pub fn article(&mut self, a: &Article) -> io::Result<()> {
        let color = self.config.color;
        let (head, off) = self.style(TITLE);
        let (dim, dim_off) = self.style(DIM);
        if let Some(t) = &a.title {
            writeln!(self.out, "{head}{}{off}", terminal(t))?;
        }
        let mut meta = vec![paint(color, DIM, &terminal(&a.doc_id))];
        meta.extend(a.date.map(|d| paint(color, DATE, &d.to_string())));
        meta.extend(
            a.source
                .as_deref()
                .map(|s| paint(color, SOURCE, &terminal(s))),
        );
        if let Some(raw) = &a.source_raw {
            meta.push(paint(color, DIM, &format!("(spelled {})", terminal(raw))));
        }
        meta.extend(a.url.as_deref().map(|u| paint(color, DIM, &terminal(u))));
        writeln!(self.out, "{}", meta.join("  "))?;
        let passages = super::count_of(a.passage_count as usize, "passage", "passages");
        writeln!(self.out, "{dim}{} ({passages}){dim_off}", terminal(&a.path))?;
        let (mark, mark_off) = if color {
            self.style(MATCH)
        } else {
            ("[".to_string(), "]".to_string())
        };
        for p in &a.passages {
            write!(self.out, "\n{dim}¶{}{dim_off} ", p.passage)?;
            let mut at = 0;
            for s in &p.highlights {
                if s.start < at {
                    continue;
                }
                write!(
                    self.out,
                    "{}{mark}{}{mark_off}",
                    flat(&p.text[at..s.start]),
                    flat(&p.text[s.start..s.end])
                )?;
                at = s.end;
            }
            writeln!(self.out, "{}", flat(&p.text[at..]))?;
        }
        Ok(())
    }

    /// How the query was understood, one line per term.
    pub fn understood(&mut self, query: &str, terms: &[QueryTerm]) -> io::Result<()> {
        let (on, off) = self.style(TITLE);
        writeln!(self.out, "{on}query{off} {}", terminal(query))?;
        for t in terms {
            writeln!(self.out, "  {}", terminal(&describe(t)))?;
        }
        writeln!(self.out)
    }

    /// The written forms matched, with counts.
    pub fn forms(&mut self, total: usize, forms: &[FormCount]) -> io::Result<()> {
        let list: Vec<String> = forms
            .iter()
            .map(|f| format!("{} {}", f.form, f.occurrences))
            .collect();
        writeln!(
            self.out,
            "forms matched in {}: {}",
            super::count_of(total, "passage", "passages"),
            terminal(&list.join(", "))
        )
    }

    /// A line of advice, dimmed on a terminal.
    pub fn hint(&mut self, s: &str) -> io::Result<()> {
        let (dim, off) = self.style(DIM);
        writeln!(self.out, "{dim}{}{off}", terminal(s))
    }

    /// Any line of text.
    pub fn line(&mut self, s: &str) -> io::Result<()> {
        writeln!(self.out, "{}", terminal(s))
    }

    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// The sequences that open and close `s`, empty without colour.
    fn style(&self, s: Style) -> (String, String) {
        style::codes(self.config.color, s)
    }
}

/// Line breaks inside a passage shown as spaces, so each excerpt is one line.
fn flat(s: &str) -> std::borrow::Cow<'_, str> {
    terminal(s)
}

/// One line saying how a query term was understood.
pub fn describe(t: &QueryTerm) -> String {
    let kind = match t.kind {
        TermKind::Word => "word",
        TermKind::Compound => "compound (its words in a row, or joined)",
        TermKind::Phrase => "phrase",
        TermKind::Exact => "exact form (no other form, accents significant)",
        TermKind::Prefix => "prefix (folded)",
        TermKind::Variant => "variant spellings",
        TermKind::Title => "in the title",
        TermKind::Source => "source filter",
        TermKind::Date => "date filter",
    };
    let mut line = format!(
        "{}{}: {kind}",
        if t.excluded { "excluded " } else { "" },
        t.term
    );
    if !t.words.is_empty() {
        line.push_str(&format!("; words {}", t.words.join(" ")));
    }
    if !t.lexicon.is_empty() {
        line.push_str(&format!("; lemmas {}", t.lexicon.join(", ")));
    }
    if t.slop > 0 {
        line.push_str(&format!("; up to {} extra words", t.slop));
    }
    if !t.elided.is_empty() {
        line.push_str(&format!("; elision removed {}", t.elided.join(" ")));
    }
    if !t.stop_words.is_empty() {
        line.push_str(&format!("; stop words kept {}", t.stop_words.join(" ")));
    }
    if matches!(t.kind, TermKind::Prefix | TermKind::Variant) {
        if t.expansions.is_empty() {
            line.push_str("; no form in the index");
        } else {
            let list: Vec<String> = t
                .expansions
                .iter()
                .map(|e| format!("{} ({})", e.form, e.passages))
                .collect();
            line.push_str(&format!("; forms (passages): {}", list.join(", ")));
        }
        if t.truncated {
            line.push_str(" … (cut at the expansion limit)");
        }
    }
    line
}
