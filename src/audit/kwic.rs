//! Concordances (key word in context): every occurrence of a query with the words around it,
//! cut at word boundaries, sortable by the words before or after it as in corpus tools.

use serde::Serialize;

use super::session::Audit;
use crate::analysis::fold_into;
use crate::corpus::Date;
use crate::engine::Scope;
use crate::error::Result;
use crate::highlight::Span;
use crate::index::StoredPassage;
use crate::search::Filters;

/// Order of the concordance lines. Ties are always broken by index order, then offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KwicSort {
    /// By the words before the match, read right to left (nearest word first).
    Left,
    /// By the words after the match, nearest first.
    Right,
    /// Oldest article first, undated last.
    Date,
    /// Newest article first, undated last.
    DateDesc,
    /// Index order: article, passage, offset.
    #[default]
    Doc,
}

/// How to build a concordance.
#[derive(Debug, Clone)]
pub struct KwicOptions {
    /// Most characters of context on each side (cut back to a word boundary).
    pub width: usize,
    /// Order of the lines.
    pub sort: KwicSort,
    /// Words without operator are optional (as `search query --any`).
    pub any: bool,
    /// Which articles may match.
    pub filters: Filters,
    /// Where the query's boolean logic applies: each passage or each whole article.
    pub scope: Scope,
    /// Most lines to return, after sorting (`None`: all); [`Concordance::total`] counts them
    /// all.
    pub limit: Option<usize>,
    /// A random sample of the occurrences instead of all of them (then sorted as asked).
    pub sample: Option<Sample>,
}

/// A random sample of occurrences, the same for the same seed on the same index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    /// How many occurrences to keep (all of them when there are fewer).
    pub size: usize,
    /// The seed of the random choice.
    pub seed: u64,
}

impl Default for KwicOptions {
    fn default() -> Self {
        KwicOptions {
            width: 40,
            sort: KwicSort::Doc,
            any: false,
            filters: Filters::default(),
            scope: Scope::Passage,
            limit: None,
            sample: None,
        }
    }
}

/// One occurrence in its context. Offsets are into the passage text (`start..end` in bytes,
/// `char_start..char_end` in characters) and into the article text (`article_start..
/// article_end`, bytes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KwicLine {
    /// The article's id.
    pub doc_id: String,
    /// The file the article came from.
    pub path: String,
    /// The article's title, if any.
    pub title: Option<String>,
    /// The article's date, if any.
    pub date: Option<Date>,
    /// The article's source, if any.
    pub source: Option<String>,
    /// The article's URL, if any.
    pub url: Option<String>,
    /// The article's ordinal in this index (internal: it changes when the index is rebuilt;
    /// `doc_id` is the article's id).
    pub article: u64,
    /// The passage number in the article (0-based).
    pub passage: u64,
    /// Byte offset of the match in the passage.
    pub start: usize,
    /// Byte offset past the match in the passage.
    pub end: usize,
    /// Character offset of the match in the passage.
    pub char_start: usize,
    /// Character offset past the match in the passage.
    pub char_end: usize,
    /// Byte offset of the match in the article text.
    pub article_start: u64,
    /// Byte offset past the match in the article text.
    pub article_end: u64,
    /// Context before the match (line breaks and tabs as spaces), at most `width` characters.
    pub left: String,
    /// The matched text, as written.
    #[serde(rename = "match")]
    pub matched: String,
    /// Context after the match, at most `width` characters.
    pub right: String,
    /// The query term that matched.
    pub term: String,
}

/// The concordance of one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concordance {
    /// The query text.
    pub query: String,
    /// Where the query's boolean logic applied.
    pub scope: Scope,
    /// Every occurrence, in the requested order (the first [`KwicOptions::limit`] of them).
    pub lines: Vec<KwicLine>,
    /// How many occurrences there are in all, before the limit.
    pub total: usize,
}

/// What [`Audit::kwic_each`] went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KwicEnd {
    /// How many occurrences there are in all (counted to the end even past the limit;
    /// those given until then when `stopped`).
    pub total: usize,
    /// How many lines were given.
    pub shown: usize,
    /// True when `each` asked to stop before the end.
    pub stopped: bool,
    /// Where the query's boolean logic applied.
    pub scope: Scope,
}

impl Audit<'_> {
    /// Every occurrence of `query`, in context.
    pub fn kwic(&self, query: &str, options: &KwicOptions) -> Result<Concordance> {
        self.kwic_at_most(query, options, usize::MAX)
    }

    /// Like [`Audit::kwic`], refused with [`crate::Error::TooMany`] before any passage is
    /// loaded when the query matches more than `max_passages` passages (a concordance holds
    /// every line in memory to sort them: `search serve` bounds it so).
    pub fn kwic_at_most(
        &self,
        query: &str,
        options: &KwicOptions,
        max_passages: usize,
    ) -> Result<Concordance> {
        let plan = self.plan(query, options.any, options.scope, &options.filters)?;
        let located = self.every(&plan)?;
        if located.len() > max_passages {
            let query: String = query.chars().take(40).collect();
            return Err(crate::Error::TooMany {
                query,
                found: located.len(),
                max: max_passages,
            });
        }
        let mut keyed: Vec<(SortKey, KwicLine)> = Vec::new();
        let mut seen = 0usize;
        let mut random = options.sample.map(|s| SplitMix64(s.seed));
        plan.each_match(self.index, &self.searcher, &located, |m| {
            let p = &m.passage;
            for s in &m.spans {
                let before = &p.text[..s.start];
                let after = &p.text[s.end..];
                let words = match options.sort {
                    KwicSort::Left => sort_words(before.split(is_separator).rev()),
                    KwicSort::Right => sort_words(after.split(is_separator)),
                    KwicSort::Date | KwicSort::DateDesc | KwicSort::Doc => Vec::new(),
                };
                let date = match options.sort {
                    KwicSort::Date => Some(p.date.map_or((1, 0), |d| (0, d.to_unix_days()))),
                    KwicSort::DateDesc => Some(p.date.map_or((1, 0), |d| (0, -d.to_unix_days()))),
                    _ => None,
                };
                let key = (words, date, m.order, s.start);
                seen += 1;
                match (options.sample, random.as_mut()) {
                    // Reservoir sampling (algorithm R): each occurrence is kept with the
                    // same chance, holding only `size` of them.
                    (Some(sample), Some(random)) if keyed.len() >= sample.size => {
                        let j = random.below(seen as u64) as usize;
                        if j < sample.size {
                            keyed[j] = (key, line(p, s, options.width));
                        }
                    }
                    _ => keyed.push((key, line(p, s, options.width))),
                }
            }
        })?;
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        let total = seen;
        keyed.truncate(options.limit.unwrap_or(usize::MAX));
        Ok(Concordance {
            query: query.to_string(),
            scope: options.scope,
            lines: keyed.into_iter().map(|(_, l)| l).collect(),
            total,
        })
    }

    /// Every occurrence of `query`, in context, given to `each` one by one as it is found
    /// (in index order, [`KwicSort::Doc`]: nothing is held, the first line comes at once; the
    /// other orders sort them all first). `each` returns false to stop (a reader that went
    /// away). Past [`KwicOptions::limit`] lines, occurrences are only counted.
    ///
    /// ```no_run
    /// use search::audit::KwicOptions;
    /// # let index = search::SearchIndex::open("index".as_ref())?;
    /// let audit = index.audit();
    /// let end = audit.kwic_each("cessez-le-feu", &KwicOptions::default(), |line| {
    ///     println!("{} [{}] {}", line.left, line.matched, line.right);
    ///     true
    /// })?;
    /// println!("{} occurrences", end.total);
    /// # Ok::<(), search::Error>(())
    /// ```
    pub fn kwic_each(
        &self,
        query: &str,
        options: &KwicOptions,
        mut each: impl FnMut(KwicLine) -> bool,
    ) -> Result<KwicEnd> {
        let limit = options.limit.unwrap_or(usize::MAX);
        let mut end = KwicEnd {
            total: 0,
            shown: 0,
            stopped: false,
            scope: options.scope,
        };
        if options.sort != KwicSort::Doc || options.sample.is_some() {
            let kwic = self.kwic(query, options)?;
            end.total = kwic.total;
            for l in kwic.lines {
                if !each(l) {
                    end.stopped = true;
                    break;
                }
                end.shown += 1;
            }
            return Ok(end);
        }
        let plan = self.plan(query, options.any, options.scope, &options.filters)?;
        let located = self.every(&plan)?;
        plan.each_match_while(self.index, &self.searcher, &located, |m| {
            for s in &m.spans {
                end.total += 1;
                if end.shown < limit {
                    if !each(line(&m.passage, s, options.width)) {
                        end.stopped = true;
                        return false;
                    }
                    end.shown += 1;
                }
            }
            true
        })?;
        Ok(end)
    }
}

/// A small, fast, seeded generator (SplitMix64), so that a sample is reproducible without a
/// dependency.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0), without modulo bias worth the name at these sizes.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }
}

/// The concordance line of the occurrence `s` of passage `p`, `width` characters of context
/// on each side.
fn line(p: &StoredPassage, s: &Span, width: usize) -> KwicLine {
    KwicLine {
        doc_id: p.doc_id.clone(),
        path: p.path.clone(),
        title: p.title.clone(),
        date: p.date,
        source: p.source.clone(),
        url: p.url.clone(),
        article: p.article,
        passage: p.passage,
        start: s.start,
        end: s.end,
        char_start: s.char_start,
        char_end: s.char_end,
        article_start: p.start + s.start as u64,
        article_end: p.start + s.end as u64,
        left: left_context(&p.text[..s.start], width),
        matched: flatten(&p.text[s.start..s.end]),
        right: right_context(&p.text[s.end..], width),
        term: s.term.clone(),
    }
}

/// Words compared (folded then exact, lower case), date, passage order, offset.
type SortKey = (Vec<(String, String)>, Option<(u8, i64)>, u64, usize);

fn is_separator(c: char) -> bool {
    !c.is_alphanumeric()
}

/// Contexts are cut between whitespace-separated words, so that `Haut-Karabakh` or
/// `d’âpres` is kept whole or left out.
fn in_word(c: char) -> bool {
    !c.is_whitespace()
}

/// Sort keys of words: accents folded first (so that `é` sorts with `e`), exact form second.
fn sort_words<'t>(words: impl Iterator<Item = &'t str>) -> Vec<(String, String)> {
    words
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lower = w.to_lowercase();
            let mut folded = String::with_capacity(lower.len());
            fold_into(&lower, &mut folded);
            (folded, lower)
        })
        .collect()
}

/// Line breaks, tabs and other control characters as one space (a heading and its paragraph
/// are one passage: `Aucun` after `Une blessée.\n\n` reads `Une blessée. Aucun`).
fn flatten(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut after_space = false;
    for c in s.chars() {
        if c.is_control() {
            if !after_space {
                out.push(' ');
            }
            after_space = true;
        } else {
            out.push(c);
            after_space = c == ' ';
        }
    }
    out
}

/// The last `width` characters of `before`, without a cut word at the start.
pub(crate) fn left_context(before: &str, width: usize) -> String {
    let before = before.trim_end();
    let n = before.chars().count();
    let mut cut = before;
    if n > width {
        let at = before
            .char_indices()
            .nth(n - width)
            .map_or(before.len(), |(i, _)| i);
        cut = &before[at..];
        let prev = before[..at].chars().next_back();
        if prev.is_some_and(in_word) && cut.starts_with(in_word) {
            cut = cut.trim_start_matches(in_word);
        }
    }
    flatten(cut.trim())
}

/// The first `width` characters of `after`, without a cut word at the end.
pub(crate) fn right_context(after: &str, width: usize) -> String {
    let after = after.trim_start();
    let mut cut = after;
    if let Some((at, next)) = after.char_indices().nth(width) {
        cut = &after[..at];
        if in_word(next) && cut.ends_with(in_word) {
            cut = cut.trim_end_matches(in_word);
        }
    }
    flatten(cut.trim())
}

#[cfg(test)]
mod tests {
    use super::{left_context, right_context};

    #[test]
    fn contexts_are_cut_at_word_boundaries() {
        for (before, width, want) in [
            ("Un cessez-le-feu a été ", 40, "Un cessez-le-feu a été"),
            ("Un cessez-le-feu a été ", 19, "cessez-le-feu a été"),
            ("Un cessez-le-feu a été ", 18, "a été"),
            ("Un cessez-le-feu a été ", 9, "a été"),
            ("Un cessez-le-feu a été ", 5, "a été"),
            ("Un cessez-le-feu a été ", 4, "été"),
            ("l'", 5, "l'"),
            ("mot ", 0, ""),
        ] {
            assert_eq!(left_context(before, width), want, "{before:?} {width}");
        }
        for (after, width, want) in [
            (" a été conclu.", 40, "a été conclu."),
            (" a été conclu.", 7, "a été"),
            (" a été conclu.", 9, "a été"),
            (" a été conclu.", 8, "a été"),
            (", les Arméniens", 7, ", les"),
            ("\nsuite", 40, "suite"),
            (" deux jours d’âpres combats", 13, "deux jours"),
        ] {
            assert_eq!(right_context(after, width), want, "{after:?} {width}");
        }
    }
}
