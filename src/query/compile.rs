//! Turning a syntax tree into a tantivy query, the highlighter's patterns, and a report of
//! how each term was understood.

use tantivy::query::{
    BooleanQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, Occur as TOccur, Query,
};
use tantivy::schema::Field;
use tantivy::Searcher;

use super::ast::{Leaf, Node, Occur};
use super::build::{
    articles_matching, date_query, exact_positions, source_query, term_query, terms_or, unit_query,
};
use super::error::QueryError;
use super::expand::{auto_distance, fuzzy_terms, prefix_terms, Expansion};
pub use super::terms::{QueryTerm, TermKind};
use super::words::{analyse, Analysed};
use crate::analysis::{fold_into, is_stop_word};
use crate::highlight::{Form, Pattern};
use crate::index::Fields;
use crate::ranking::{strip_inverted_subject, Focus, RankOptions};

mod words;

/// How to compile.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompileOptions {
    /// Words without operator are optional (ranked OR) instead of required.
    pub any: bool,
    /// Weights and the treatment of questions in `any` mode.
    pub rank: RankOptions,
    /// Where the boolean logic of the query applies.
    pub scope: Scope,
}

/// Where the boolean logic of a query (`AND`, `OR`, `-mot`, required words) applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Each passage on its own: `Macron retraites` matches the passages that hold both.
    #[default]
    Passage,
    /// The whole article: `Macron retraites` matches the articles that hold both anywhere,
    /// `-mot` excludes the articles that hold `mot` anywhere. The passages shown and counted
    /// are those of a matching article that hold a word of the query (not an excluded one).
    Article,
}

impl Scope {
    /// The name used on the command line and in the output.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Passage => "passage",
            Scope::Article => "article",
        }
    }
}

/// A compiled query.
pub struct Compiled {
    /// The tantivy query to run.
    pub query: Box<dyn Query>,
    /// What to highlight.
    pub patterns: Vec<Pattern>,
    /// How each term was understood, in query order.
    pub terms: Vec<QueryTerm>,
    /// The scored parts of the query, for explaining scores (`--explain`).
    pub parts: Vec<ScoredPart>,
    /// The query's words on the article titles: its score for an article is added to the
    /// article's matching passages (see `search::ArticleBonus`).
    pub title: Option<Box<dyn Query>>,
}

/// One scored part of a query: a term on one field, with its weight applied.
pub struct ScoredPart {
    /// The query term as written.
    pub term: String,
    /// The field it scores on: `text` (folded stems), `exact` (written forms) or `title`.
    pub field: &'static str,
    /// Its query (its score is its contribution to a hit's score).
    pub query: Box<dyn Query>,
}

/// Compiles `node` (parsed from `text`) against the index behind `searcher`.
pub fn compile(
    text: &str,
    node: &Node,
    searcher: &Searcher,
    fields: &Fields,
    options: CompileOptions,
) -> Result<Compiled, QueryError> {
    let mut c = Compiler::new(text, searcher, fields, options);
    let mut main = c.node(node, false)?;
    if main.is_none() && c.dropped {
        // Only function words (`Qui est-ce ?`): search them after all.
        c = Compiler::new(text, searcher, fields, options);
        c.keep_function_words = true;
        main = c.node(node, false)?;
    }
    let Some(main) = main else {
        return Err(QueryError::new(
            text,
            "the query has no word to search for",
            None,
        ));
    };
    let main = match (options.scope, c.shown.len()) {
        // Only titles, sources or dates: every passage of the articles they admit.
        (Scope::Passage, _) | (Scope::Article, 0) => main,
        (Scope::Article, _) => {
            let shown: Box<dyn Query> = if c.shown.len() == 1 {
                c.shown.pop().expect("one passage query")
            } else {
                Box::new(BooleanQuery::new(
                    c.shown.drain(..).map(|q| (TOccur::Should, q)).collect(),
                ))
            };
            Box::new(BooleanQuery::new(vec![
                (TOccur::Must, Box::new(ConstScoreQuery::new(main, 0.0))),
                (TOccur::Must, shown),
            ]))
        }
    };
    let proximity = c.proximity_clauses();
    let query: Box<dyn Query> = if proximity.is_empty() {
        main
    } else {
        let mut clauses = vec![(TOccur::Must, main)];
        clauses.extend(proximity.into_iter().map(|q| (TOccur::Should, q)));
        Box::new(BooleanQuery::new(clauses))
    };
    let title: Option<Box<dyn Query>> = match c.title.len() {
        0 => None,
        1 => c.title.pop(),
        _ => Some(Box::new(BooleanQuery::new(
            c.title.drain(..).map(|q| (TOccur::Should, q)).collect(),
        ))),
    };
    Ok(Compiled {
        query,
        patterns: c.patterns,
        terms: c.terms,
        parts: c.parts,
        title,
    })
}

struct Compiler<'a> {
    text: &'a str,
    searcher: &'a Searcher,
    fields: &'a Fields,
    options: CompileOptions,
    patterns: Vec<Pattern>,
    terms: Vec<QueryTerm>,
    title: Vec<Box<dyn Query>>,
    /// Compiling an optional clause of an `any` query (function words may be left out).
    optional: bool,
    /// Keep function words even in optional clauses.
    keep_function_words: bool,
    /// A function word was left out.
    dropped: bool,
    /// The optional content words in query order (written form, stem), for the proximity
    /// bonus; `None` marks a break (a phrase, an operator) between two runs of neighbours.
    neighbours: Vec<Option<(Box<str>, Box<str>)>>,
    parts: Vec<ScoredPart>,
    /// Finds the question's focus among its words.
    focus: Focus,
    /// Forms the prefix and variant terms expanded to so far.
    expanded: usize,
    /// With [`Scope::Article`]: the passage queries of the words not excluded, which pick
    /// the passages shown and counted in the matching articles.
    shown: Vec<Box<dyn Query>>,
}

/// Most forms the prefix and variant terms of one query may expand to, all together: past
/// it the query is refused (249 two-letter prefixes ORed made 249,000 forms, and a count of
/// 5.5 million occurrences that took 8 minutes).
pub const MAX_QUERY_EXPANSIONS: usize = 5_000;

impl Compiler<'_> {
    /// Adds `n` forms to the query's expansions; an error past [`MAX_QUERY_EXPANSIONS`].
    fn count_expansions(&mut self, n: usize) -> Result<(), QueryError> {
        self.expanded += n;
        if self.expanded > MAX_QUERY_EXPANSIONS {
            return Err(QueryError::new(
                &super::parser::start_of(self.text),
                format!(
                    "its prefixes and variants match more than {MAX_QUERY_EXPANSIONS} forms of the index: make them longer"
                ),
                None,
            ));
        }
        Ok(())
    }

    fn part(&mut self, term: &str, field: &'static str, query: &dyn Query) {
        self.parts.push(ScoredPart {
            term: term.to_string(),
            field,
            query: query.box_clone(),
        });
    }
}

impl<'a> Compiler<'a> {
    fn new(
        text: &'a str,
        searcher: &'a Searcher,
        fields: &'a Fields,
        options: CompileOptions,
    ) -> Compiler<'a> {
        Compiler {
            text,
            searcher,
            fields,
            options,
            patterns: Vec::new(),
            terms: Vec::new(),
            title: Vec::new(),
            optional: false,
            keep_function_words: false,
            dropped: false,
            neighbours: Vec::new(),
            parts: Vec::new(),
            focus: Focus::new(&options.rank),
            expanded: 0,
            shown: Vec::new(),
        }
    }

    fn node(&mut self, node: &Node, negated: bool) -> Result<Option<Box<dyn Query>>, QueryError> {
        match node {
            Node::Leaf(leaf) => {
                if !matches!(leaf, Leaf::Word(_)) {
                    self.neighbours.push(None);
                    self.focus.reset();
                }
                let q = self.leaf(leaf, negated)?;
                match q {
                    Some(q) if self.options.scope == Scope::Article && on_passages(leaf) => {
                        self.in_articles(q, negated).map(Some)
                    }
                    q => Ok(q),
                }
            }
            Node::Or(nodes) => {
                self.neighbours.push(None);
                let mut subs = Vec::new();
                for n in nodes {
                    if let Some(q) = self.node(n, negated)? {
                        subs.push((TOccur::Should, q));
                    }
                }
                Ok(match subs.len() {
                    0 => None,
                    1 => subs.pop().map(|(_, q)| q),
                    _ => Some(Box::new(BooleanQuery::new(subs))),
                })
            }
            Node::Seq(clauses) => {
                let mut subs = Vec::new();
                let mut positive = 0;
                let outer = self.optional;
                for clause in clauses {
                    let excluded = clause.occur == Occur::MustNot;
                    self.optional = self.options.any && clause.occur == Occur::Default;
                    if !self.optional {
                        self.neighbours.push(None);
                    }
                    let q = self.node(&clause.node, negated ^ excluded);
                    self.optional = outer;
                    let Some(q) = q? else {
                        continue;
                    };
                    let is_filter =
                        matches!(clause.node, Node::Leaf(Leaf::Source(_) | Leaf::Date(_)));
                    let occur = match clause.occur {
                        Occur::MustNot => TOccur::MustNot,
                        Occur::Must => TOccur::Must,
                        Occur::Default if self.options.any && !is_filter => TOccur::Should,
                        Occur::Default => TOccur::Must,
                    };
                    if occur != TOccur::MustNot {
                        positive += 1;
                    }
                    subs.push((occur, q));
                }
                if subs.is_empty() {
                    return Ok(None);
                }
                if positive == 0 {
                    // Only exclusions inside a group: it matches what they exclude from all.
                    subs.push((TOccur::Must, Box::new(tantivy::query::AllQuery)));
                }
                if subs.len() == 1 && subs[0].0 != TOccur::MustNot {
                    return Ok(subs.pop().map(|(_, q)| q));
                }
                Ok(Some(Box::new(BooleanQuery::new(subs))))
            }
        }
    }

    fn leaf(&mut self, leaf: &Leaf, negated: bool) -> Result<Option<Box<dyn Query>>, QueryError> {
        let f = *self.fields;
        match leaf {
            Leaf::Word(w) => {
                // In a question, `remporte-t-il` is searched as `remporte`.
                let text = match strip_inverted_subject(w) {
                    Some(verb) if self.optional && self.options.rank.inverted_subject => verb,
                    _ => w.as_str(),
                };
                Ok(self.words(w, text, 0, negated, true))
            }
            Leaf::Phrase { text, slop } => {
                let label = if *slop > 0 {
                    format!("\"{}\"~{slop}", text.trim())
                } else {
                    format!("\"{}\"", text.trim())
                };
                Ok(self.words(&label, text, *slop, negated, false))
            }
            Leaf::Exact(w) => {
                let a = analyse(w, true, false, &self.passages_fn());
                if a.exact.is_empty() {
                    return Ok(None);
                }
                let label = format!("={w}");
                let positions = exact_positions(&a.exact);
                let q = unit_query(f.exact, &positions, &a.joined_exact, 0);
                if !negated {
                    let mut p = Pattern::phrase(&label, Form::Exact, positions, 0);
                    p.joined = a.joined_exact.clone();
                    self.patterns.push(p);
                    self.part(&label, "exact", &*q);
                }
                self.report(&label, TermKind::Exact, negated, &a, Vec::new(), false, 0);
                Ok(Some(q))
            }
            Leaf::Prefix(p) => {
                let mut folded = String::new();
                fold_into(&p.to_lowercase().replace(['’', 'ʼ', '‘'], "'"), &mut folded);
                let folded = strip_elision(&folded);
                let label = format!("{p}*");
                let (exp, truncated) = prefix_terms(self.searcher, f.exact, &folded);
                self.count_expansions(exp.len())?;
                Ok(self.expansion(&label, &folded, TermKind::Prefix, negated, exp, truncated))
            }
            Leaf::Fuzzy { text, distance } => {
                let a = analyse(text, true, false, &self.passages_fn());
                let Some(exact) = a.exact.first() else {
                    return Ok(None);
                };
                let mut folded = String::new();
                fold_into(exact, &mut folded);
                let d = distance.unwrap_or_else(|| auto_distance(folded.chars().count()));
                let label = format!("{text}~");
                let (exp, truncated) = fuzzy_terms(self.searcher, f.exact, &folded, exact, d);
                let exp = own_spellings(exact, exp);
                self.count_expansions(exp.len())?;
                Ok(self.expansion(&label, exact, TermKind::Variant, negated, exp, truncated))
            }
            Leaf::Title(inner) => {
                let (text, slop) = match &**inner {
                    Leaf::Phrase { text, slop } => (text.as_str(), *slop),
                    Leaf::Word(w) => (w.as_str(), 0),
                    Leaf::Exact(w) | Leaf::Prefix(w) => (w.as_str(), 0),
                    Leaf::Fuzzy { text, .. } => (text.as_str(), 0),
                    _ => return Ok(None),
                };
                let a = analyse(text, true, false, &self.passages_fn());
                if a.stems.is_empty() {
                    return Ok(None);
                }
                self.report(
                    &format!("title:{text}"),
                    TermKind::Title,
                    negated,
                    &a,
                    Vec::new(),
                    false,
                    slop,
                );
                let q = unit_query(f.title, &a.stems, &a.joined_stems, slop);
                let filter = articles_matching(self.searcher, f.article, &*q).map_err(|e| {
                    QueryError::new(self.text, format!("reading the titles: {e}"), None)
                })?;
                if !negated {
                    self.part(&format!("title:{text}"), "title", &*q);
                    self.title.push(q);
                }
                Ok(Some(filter))
            }
            Leaf::Source(s) => {
                let values = self.source_values(s);
                self.terms.push(QueryTerm {
                    term: format!("source:{s}"),
                    kind: TermKind::Source,
                    excluded: negated,
                    words: values.clone(),
                    lemmas: Vec::new(),
                    lexicon: Vec::new(),
                    elided: Vec::new(),
                    stop_words: Vec::new(),
                    expansions: Vec::new(),
                    truncated: false,
                    slop: 0,
                });
                Ok(Some(source_query(f.source, &values)))
            }
            Leaf::Date(range) => {
                self.terms.push(QueryTerm {
                    term: format!(
                        "date:{}..{}",
                        range.from.map(|d| d.to_string()).unwrap_or_default(),
                        range.to.map(|d| d.to_string()).unwrap_or_default()
                    ),
                    kind: TermKind::Date,
                    excluded: negated,
                    words: Vec::new(),
                    lemmas: Vec::new(),
                    lexicon: Vec::new(),
                    elided: Vec::new(),
                    stop_words: Vec::new(),
                    expansions: Vec::new(),
                    truncated: false,
                    slop: 0,
                });
                Ok(Some(date_query(f.date, range)))
            }
        }
    }

    /// With [`Scope::Article`]: the passages of the articles where the passage query `q`
    /// matches somewhere (with no score of their own); `q` itself picks the passages shown unless `negated`.
    fn in_articles(
        &mut self,
        q: Box<dyn Query>,
        negated: bool,
    ) -> Result<Box<dyn Query>, QueryError> {
        let articles = articles_matching(self.searcher, self.fields.article, &*q)
            .map_err(|e| QueryError::new(self.text, format!("reading the articles: {e}"), None))?;
        if !negated {
            self.shown.push(q);
        }
        Ok(articles)
    }

    /// The query of a prefix or variant term (`typed`: the word a variant is a spelling of).
    #[allow(clippy::too_many_arguments)]
    fn expansion(
        &mut self,
        label: &str,
        typed: &str,
        kind: TermKind,
        negated: bool,
        exp: Vec<Expansion>,
        truncated: bool,
    ) -> Option<Box<dyn Query>> {
        let f = *self.fields;
        let forms: Vec<Box<str>> = exp.iter().map(|e| e.form.as_str().into()).collect();
        let q: Box<dyn Query> = if forms.is_empty() {
            Box::new(EmptyQuery)
        } else if kind == TermKind::Variant {
            blended(self.searcher, f.exact, &exp, typed)
        } else {
            terms_or(f.exact, &forms)
        };
        if !negated && !forms.is_empty() {
            self.patterns.push(Pattern::word(label, Form::Exact, forms));
            self.part(label, "exact", &*q);
        }
        let a = Analysed {
            stems: Vec::new(),
            exact: Vec::new(),
            joined_stems: Vec::new(),
            joined_exact: Vec::new(),
            elided: Vec::new(),
            lexicon: Vec::new(),
        };
        self.report(label, kind, negated, &a, exp, truncated, 0);
        Some(q)
    }

    #[allow(clippy::too_many_arguments)]
    fn report(
        &mut self,
        label: &str,
        kind: TermKind,
        excluded: bool,
        a: &Analysed,
        expansions: Vec<Expansion>,
        truncated: bool,
        slop: u32,
    ) {
        let mut stop_words = Vec::new();
        let mut folded = String::new();
        for e in &a.exact {
            folded.clear();
            fold_into(e, &mut folded);
            if is_stop_word(&folded) {
                stop_words.push(e.to_string());
            }
        }
        let mut words: Vec<String> = a.exact.iter().map(|s| s.to_string()).collect();
        words.extend(a.joined_exact.iter().map(|s| s.to_string()));
        let mut lemmas: Vec<String> = a.stems.iter().flatten().map(|s| s.to_string()).collect();
        lemmas.extend(a.joined_stems.iter().map(|s| s.to_string()));
        self.terms.push(QueryTerm {
            term: label.to_string(),
            kind,
            excluded,
            words,
            lemmas,
            lexicon: a.lexicon.clone(),
            elided: a.elided.clone(),
            stop_words,
            expansions,
            truncated,
            slop,
        });
    }

    /// The source values of the index equal to `s`, ignoring case; `s` itself if none.
    fn source_values(&self, s: &str) -> Vec<String> {
        let wanted = SourcePattern::new(s);
        let mut values = std::collections::BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.fields.source) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().stream() else {
                continue;
            };
            while stream.advance() {
                if let Ok(v) = std::str::from_utf8(stream.key()) {
                    if wanted.matches(v) {
                        values.insert(v.to_string());
                    }
                }
            }
        }
        if values.is_empty() {
            values.insert(s.to_string());
        }
        values.into_iter().collect()
    }
}

/// A source as a filter names it (`source:AFP`, `--source 'AFP*'`): case and spaces aside, a
/// glob when it holds `*`, `?` or `[…]` (`AFP*` is `AFP`, `afp`, `AFP/Reuters`…).
pub struct SourcePattern {
    plain: String,
    glob: Option<glob::Pattern>,
}

impl SourcePattern {
    /// The pattern of a filter's value.
    pub fn new(s: &str) -> SourcePattern {
        let plain = source_key(s);
        let glob = if plain.contains(['*', '?', '[']) {
            glob::Pattern::new(&plain).ok()
        } else {
            None
        };
        SourcePattern { plain, glob }
    }

    /// Whether a source of the index is one this pattern names.
    ///
    /// ```
    /// use search::query::SourcePattern;
    ///
    /// assert!(SourcePattern::new("afp").matches("AFP"));
    /// assert!(SourcePattern::new("AFP*").matches("AFP / Reuters"));
    /// assert!(SourcePattern::new("*bfm*").matches("Source BFMTV"));
    /// assert!(!SourcePattern::new("AFP*").matches("Orange avec AFP"));
    /// ```
    pub fn matches(&self, source: &str) -> bool {
        let key = source_key(source);
        match &self.glob {
            Some(g) => g.matches(&key),
            None => key == self.plain,
        }
    }
}

/// A source's spelling, case and spaces aside.
pub(crate) fn source_key(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The spellings of a variant term (`mot~`) that may be the typed word. For a word of the
/// lexicon: its own forms (the same lemmas) and spellings the lexicon does not know, never
/// another word of the lexicon (`Macron~` is not `maison`, `patron` nor `micro`). For a word
/// the lexicon lacks, every spelling (`Karabakh~` finds `Karabagh`, which the lexicon has).
fn own_spellings(typed: &str, exp: Vec<Expansion>) -> Vec<Expansion> {
    let lexicon = crate::analysis::lexicon();
    if lexicon.form(typed).is_none() {
        return exp;
    }
    let mut own = String::new();
    lexicon.index_lemmas(typed, &mut own);
    let mut typed_folded = String::new();
    fold_into(typed, &mut typed_folded);
    let mut lemmas = String::new();
    let mut folded = String::new();
    exp.into_iter()
        .filter(|e| {
            folded.clear();
            fold_into(&e.form, &mut folded);
            if folded == typed_folded {
                return true;
            }
            let known = lexicon.form(&e.form).is_some() || lexicon.folded(&folded).is_some();
            if !known {
                return true;
            }
            lexicon.index_lemmas(&e.form, &mut lemmas);
            lemmas.split(' ').any(|l| own.split(' ').any(|o| o == l))
        })
        .collect()
}

/// The forms of a variant term, each scored with the rarity of the commonest (as Lucene's
/// `TopTermsBlendedFreqScoringRewrite`) times its likeness to the word typed, a passage by
/// its best form (several look-alikes in one passage do not add up): a rare look-alike does
/// not outscore the word typed, nor a common one (`Biden~` ranked `bien` first).
fn blended(searcher: &Searcher, field: Field, exp: &[Expansion], typed: &str) -> Box<dyn Query> {
    let idf = |n: u64| crate::ranking::bm25_idf(searcher.num_docs(), n);
    let commonest = exp.iter().map(|e| e.passages).max().unwrap_or(0);
    let fold = |s: &str| {
        let mut f = String::new();
        fold_into(&s.to_lowercase(), &mut f);
        f.chars().collect::<Vec<char>>()
    };
    let target = fold(typed);
    let qs: Vec<Box<dyn Query>> = exp
        .iter()
        .map(|e| {
            let blend = (idf(commonest) / idf(e.passages).max(f32::EPSILON)).min(1.0);
            // Lucene's FuzzyTermsEnum likeness: 1 - edits / the shorter length (accents and
            // case aside, so `economie` is `économie`). Measured by `eval/variants_first.py`
            // (EVALUATION.md, "Variants").
            let form = fold(&e.form);
            let edits = super::expand::edit_distance(&target, &form, target.len().max(form.len()));
            let shorter = target.len().min(form.len()).max(1);
            // Never zero: a form as many edits away as it has letters still matches, last.
            let likeness = (1.0 - edits as f32 / shorter as f32).max(0.1);
            term_query(field, &e.form, blend * likeness)
        })
        .collect();
    Box::new(DisjunctionMaxQuery::new(qs))
}

/// Whether a leaf matches passages by their text (titles, sources and dates are the same for
/// every passage of an article, so already whole-article).
fn on_passages(leaf: &Leaf) -> bool {
    matches!(
        leaf,
        Leaf::Word(_) | Leaf::Phrase { .. } | Leaf::Exact(_) | Leaf::Prefix(_) | Leaf::Fuzzy { .. }
    )
}

fn strip_elision(folded: &str) -> String {
    if let Some((art, rest)) = folded.split_once('\'') {
        if crate::analysis::is_elided_article(art) && !rest.is_empty() {
            return rest.to_string();
        }
    }
    folded.to_string()
}

/// Passages of articles from any of `sources` (case-insensitive).
pub(crate) fn sources_query(
    searcher: &Searcher,
    fields: &Fields,
    sources: &[String],
) -> Box<dyn Query> {
    let c = Compiler::new("", searcher, fields, CompileOptions::default());
    let values: Vec<String> = sources.iter().flat_map(|s| c.source_values(s)).collect();
    source_query(fields.source, &values)
}
