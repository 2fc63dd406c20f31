//! Turning a syntax tree into a tantivy query, the highlighter's patterns, and a report of
//! how each term was understood.

use std::ops::Bound;

use serde::Serialize;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, FuzzyTermQuery,
    Occur as TOccur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DateTime, Searcher, Term};

use super::ast::{DateRange, Leaf, Node, Occur};
use super::error::QueryError;
use super::expand::{edit_distance, fuzzy_terms, prefix_terms, Expansion};
use super::rank::{is_function_word, is_name, strip_inverted_subject, RankOptions};
use crate::analysis::{fold_into, is_stop_word, with_analyzer};
use crate::highlight::{Form, Pattern};
use crate::index::Fields;

/// Most phrase spellings tried when several words of a phrase have two stems.
const MAX_PHRASE_VARIANTS: usize = 16;

/// How to compile.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompileOptions {
    /// Words without operator are optional (ranked OR) instead of required.
    pub any: bool,
    /// Weights and the treatment of questions in `any` mode.
    pub rank: RankOptions,
}

/// What kind of term a [`QueryTerm`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    Word,
    Compound,
    Phrase,
    Exact,
    Prefix,
    Variant,
    Title,
    Source,
    Date,
}

/// How one term of the query was understood.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryTerm {
    /// The term as written.
    pub term: String,
    pub kind: TermKind,
    /// Excluded (`-`, `NOT`).
    pub excluded: bool,
    /// The words after normalisation and elision (exact forms).
    pub words: Vec<String>,
    /// Their folded stems (with the second stem when it differs).
    pub stems: Vec<String>,
    /// Elided articles that were removed (`l'`, `qu'`…).
    pub elided: Vec<String>,
    /// The words that are stop words (kept, and matched, but discounted in `--any`).
    pub stop_words: Vec<String>,
    /// Forms of the index a prefix or variant term expanded to, with their passage counts.
    pub expansions: Vec<Expansion>,
    /// True when the expansion was cut at its limit.
    pub truncated: bool,
    /// Phrase slop.
    pub slop: u32,
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
    let proximity = c.proximity_clauses();
    let query: Box<dyn Query> = if c.title.is_empty() && proximity.is_empty() {
        main
    } else {
        let mut clauses = vec![(TOccur::Must, main)];
        clauses.extend(c.title.drain(..).map(|q| (TOccur::Should, q)));
        clauses.extend(proximity.into_iter().map(|q| (TOccur::Should, q)));
        Box::new(BooleanQuery::new(clauses))
    };
    Ok(Compiled {
        query,
        patterns: c.patterns,
        terms: c.terms,
        parts: c.parts,
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
}

impl Compiler<'_> {
    fn part(&mut self, term: &str, field: &'static str, query: &dyn Query) {
        self.parts.push(ScoredPart {
            term: term.to_string(),
            field,
            query: query.box_clone(),
        });
    }
}

/// A query word after analysis.
struct Analysed {
    /// Stem alternatives per position (joined compound spellings excluded).
    stems: Vec<Vec<Box<str>>>,
    /// Exact form per position.
    exact: Vec<Box<str>>,
    /// The joined spelling's stems and exact form, for a single compound.
    joined_stems: Vec<Box<str>>,
    joined_exact: Vec<Box<str>>,
    elided: Vec<String>,
}

fn analyse(text: &str, allow_joined: bool) -> Analysed {
    let mut a = Analysed {
        stems: Vec::new(),
        exact: Vec::new(),
        joined_stems: Vec::new(),
        joined_exact: Vec::new(),
        elided: Vec::new(),
    };
    let mut joined_count = 0;
    let mut first_position: Option<u32> = None;
    with_analyzer(|an| {
        an.analyze(text, |w| {
            let mut forms: Vec<Box<str>> = vec![w.stem.into()];
            if let Some(alt) = w.alt_stem {
                forms.push(alt.into());
            }
            if w.joined {
                joined_count += 1;
                a.joined_stems = forms;
                a.joined_exact = vec![w.exact.into()];
            } else {
                // Empty entries stand for the empty positions punctuation leaves.
                let first = *first_position.get_or_insert(w.position);
                while first + (a.stems.len() as u32) < w.position {
                    a.stems.push(Vec::new());
                    a.exact.push("".into());
                }
                a.stems.push(forms);
                a.exact.push(w.exact.into());
            }
        })
    });
    // Elided articles: what stands between a word's start in the query and the word.
    for token in text.split_whitespace() {
        let t = token.trim_start_matches(|c: char| !c.is_alphanumeric());
        if let Some(i) = t.find(['\'', '’', 'ʼ', '‘']) {
            let prefix = t[..i].to_lowercase();
            if crate::analysis::is_elided_article(&prefix) {
                a.elided.push(format!("{}'", &t[..i]));
            }
        }
    }
    if !allow_joined || joined_count != 1 || a.stems.iter().filter(|s| !s.is_empty()).count() < 2 {
        a.joined_stems.clear();
        a.joined_exact.clear();
    }
    a
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
        }
    }

    fn node(&mut self, node: &Node, negated: bool) -> Result<Option<Box<dyn Query>>, QueryError> {
        match node {
            Node::Leaf(leaf) => {
                if !matches!(leaf, Leaf::Word(_)) {
                    self.neighbours.push(None);
                }
                self.leaf(leaf, negated)
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
                let a = analyse(w, true);
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
                Ok(self.expansion(&label, TermKind::Prefix, negated, exp, truncated))
            }
            Leaf::Fuzzy { text, distance } => {
                let a = analyse(text, true);
                let Some(exact) = a.exact.first() else {
                    return Ok(None);
                };
                let mut folded = String::new();
                fold_into(exact, &mut folded);
                let d = distance.unwrap_or_else(|| auto_distance(folded.chars().count()));
                let label = format!("{text}~");
                let (exp, truncated) = fuzzy_terms(self.searcher, f.exact, &folded, exact, d);
                Ok(self.expansion(&label, TermKind::Variant, negated, exp, truncated))
            }
            Leaf::Title(inner) => {
                let (text, slop) = match &**inner {
                    Leaf::Phrase { text, slop } => (text.as_str(), *slop),
                    Leaf::Word(w) => (w.as_str(), 0),
                    Leaf::Exact(w) | Leaf::Prefix(w) => (w.as_str(), 0),
                    Leaf::Fuzzy { text, .. } => (text.as_str(), 0),
                    _ => return Ok(None),
                };
                let a = analyse(text, true);
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
                if !negated {
                    self.part(&format!("title:{text}"), "title", &*q);
                }
                Ok(Some(q))
            }
            Leaf::Source(s) => {
                let values = self.source_values(s);
                self.terms.push(QueryTerm {
                    term: format!("source:{s}"),
                    kind: TermKind::Source,
                    excluded: negated,
                    words: values.clone(),
                    stems: Vec::new(),
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
                    stems: Vec::new(),
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

    /// A word, compound or phrase: stems required, exact form and title as bonuses.
    fn words(
        &mut self,
        label: &str,
        text: &str,
        slop: u32,
        negated: bool,
        single: bool,
    ) -> Option<Box<dyn Query>> {
        let f = *self.fields;
        let a = analyse(text, true);
        if a.stems.is_empty() {
            return None;
        }
        let kind = if !single {
            TermKind::Phrase
        } else if a.stems.len() > 1 {
            TermKind::Compound
        } else {
            TermKind::Word
        };
        self.report(label, kind, negated, &a, Vec::new(), false, slop);
        let mut stem_q = unit_query(f.text, &a.stems, &a.joined_stems, slop);
        if negated {
            return Some(stem_q);
        }
        // A word of a question (an optional clause of an `any` query).
        let optional = single && self.optional;
        if optional && self.options.rank.best_stem && a.stems.len() == 1 && a.stems[0].len() > 1 {
            // Both stems of an accented word are indexed at its position: their sum would
            // count the word twice where an unaccented word counts once.
            let alternatives = a.stems[0]
                .iter()
                .map(|s| terms_or(f.text, std::slice::from_ref(s)));
            stem_q = Box::new(DisjunctionMaxQuery::new(alternatives.collect()));
        }
        let drop = optional && self.options.rank.drop_function_words && !self.keep_function_words;
        // The positions that hold a word carrying content (punctuation leaves empty ones).
        let content: Vec<usize> = (0..a.exact.len())
            .filter(|&i| !a.stems[i].is_empty())
            .filter(|&i| !drop || !function_word(&a.exact[i], self.options.rank.question_words))
            .filter(|&i| !drop || !self.too_common(&a.stems[i]))
            .collect();
        if content.is_empty() {
            self.dropped = true;
            return None;
        }
        let rank = self.options.rank;
        let words = a.stems.iter().filter(|s| !s.is_empty()).count();
        if !single {
            self.neighbours.push(None);
        }
        let split = optional && words > 1 && rank.split_compounds;
        if optional && (words == 1 || split) {
            for &i in &content {
                self.neighbours
                    .push(Some((a.exact[i].clone(), a.stems[i][0].clone())));
            }
        } else {
            self.neighbours.push(None);
        }
        let exact_positions = exact_positions(&a.exact);
        let exact_q = unit_query(f.exact, &exact_positions, &a.joined_exact, slop);
        if rank.title_boost > 0.0 {
            let title_q: Box<dyn Query> = Box::new(BoostQuery::new(
                unit_query(f.title, &a.stems, &a.joined_stems, slop),
                rank.title_boost,
            ));
            self.part(label, "title", &*title_q);
            self.title.push(title_q);
        }
        if optional && rank.name_weight != 1.0 && is_name(self.text, label) {
            stem_q = Box::new(BoostQuery::new(stem_q, rank.name_weight));
        }
        self.part(label, "text", &*stem_q);
        let mut clauses = vec![(TOccur::Should, stem_q)];
        let plain = optional && a.exact.iter().all(|e| e.is_ascii());
        let exact_boost = rank.exact_boost * if plain { rank.plain_exact } else { 1.0 };
        if exact_boost > 0.0 {
            let exact_q: Box<dyn Query> = Box::new(BoostQuery::new(exact_q, exact_boost));
            self.part(label, "exact", &*exact_q);
            clauses.push((TOccur::Should, exact_q));
        }
        if optional && words == 1 && rank.respell {
            // A question word the index does not hold is likely misspelt: its closest stem.
            if let Some(near) = closest_unknown(self.searcher, f.text, &a.stems[content[0]]) {
                self.patterns
                    .push(Pattern::word(label, Form::Stem, vec![near.clone()]));
                let q = terms_or(f.text, &[near]);
                self.part(label, "text", &*q);
                clauses.push((TOccur::Should, q));
            }
        }
        if split {
            // Each content part on its own; the whole compound above is a bonus.
            for &i in &content {
                let part = a.exact[i].to_string();
                let q = unit_query(f.text, &a.stems[i..=i], &[], 0);
                self.part(&part, "text", &*q);
                clauses.push((TOccur::Should, q));
                if rank.exact_boost > 0.0 {
                    let exact = unit_query(f.exact, &exact_positions[i..=i], &[], 0);
                    let q: Box<dyn Query> = Box::new(BoostQuery::new(exact, rank.exact_boost));
                    self.part(&part, "exact", &*q);
                    clauses.push((TOccur::Should, q));
                }
                self.patterns
                    .push(Pattern::word(label, Form::Stem, a.stems[i].clone()));
            }
        }
        let mut p = Pattern::phrase(label, Form::Stem, a.stems, slop);
        p.joined = a.joined_stems;
        self.patterns.push(p);
        Some(Box::new(BooleanQuery::new(clauses)))
    }

    /// Whether a word's stems are all in more than `max_df` of the passages: a word of the
    /// corpus so common that it ranks like a stop word.
    fn too_common(&self, stems: &[Box<str>]) -> bool {
        let max_df = self.options.rank.max_df;
        if max_df >= 1.0 {
            return false;
        }
        let n = self.searcher.num_docs() as f64;
        stems.iter().all(|s| {
            let df = self
                .searcher
                .doc_freq(&Term::from_field_text(self.fields.text, s))
                .unwrap_or(0) as f64;
            df > f64::from(max_df) * n
        })
    }

    /// The proximity bonus: each pair of neighbouring optional words as a sloppy phrase.
    fn proximity_clauses(&mut self) -> Vec<Box<dyn Query>> {
        let rank = self.options.rank;
        if !self.options.any || rank.proximity_boost <= 0.0 {
            return Vec::new();
        }
        let field = self.fields.text;
        let phrase = |x: &str, y: &str, slop: u32, boost: f32| -> Box<dyn Query> {
            let terms = vec![
                (0, Term::from_field_text(field, x)),
                (1, Term::from_field_text(field, y)),
            ];
            let phrase = PhraseQuery::new_with_offset_and_slop(terms, slop);
            Box::new(BoostQuery::new(Box::new(phrase), boost))
        };
        let mut out = Vec::new();
        let neighbours = std::mem::take(&mut self.neighbours);
        if rank.skip_boost > 0.0 {
            for triple in neighbours.windows(3) {
                if let [Some((xw, x)), Some(_), Some((yw, y))] = triple {
                    if x != y {
                        let q = phrase(x, y, rank.proximity_slop + 1, rank.skip_boost);
                        self.part(&format!("{xw} … {yw} (near)"), "text", &*q);
                        out.push(q);
                    }
                }
            }
        }
        for pair in neighbours.windows(2) {
            if let [Some((xw, x)), Some((yw, y))] = pair {
                if x != y {
                    let mut orders = vec![(x, y)];
                    if rank.proximity_any_order {
                        orders.push((y, x));
                    }
                    for (x, y) in orders {
                        let q = phrase(x, y, rank.proximity_slop, rank.proximity_boost);
                        self.part(&format!("{xw} … {yw} (near)"), "text", &*q);
                        out.push(q);
                        if rank.far_boost > 0.0 {
                            let q = phrase(x, y, rank.far_slop, rank.far_boost);
                            self.part(&format!("{xw} … {yw} (not far)"), "text", &*q);
                            out.push(q);
                        }
                    }
                }
            }
        }
        out
    }

    fn expansion(
        &mut self,
        label: &str,
        kind: TermKind,
        negated: bool,
        exp: Vec<Expansion>,
        truncated: bool,
    ) -> Option<Box<dyn Query>> {
        let f = *self.fields;
        let forms: Vec<Box<str>> = exp.iter().map(|e| e.form.as_str().into()).collect();
        let q: Box<dyn Query> = if forms.is_empty() {
            Box::new(EmptyQuery)
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
        let mut stems: Vec<String> = a.stems.iter().flatten().map(|s| s.to_string()).collect();
        stems.extend(a.joined_stems.iter().map(|s| s.to_string()));
        self.terms.push(QueryTerm {
            term: label.to_string(),
            kind,
            excluded,
            words,
            stems,
            elided: a.elided.clone(),
            stop_words,
            expansions,
            truncated,
            slop,
        });
    }

    /// The source values of the index equal to `s`, ignoring case; `s` itself if none.
    fn source_values(&self, s: &str) -> Vec<String> {
        let wanted = s.to_lowercase();
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
                    if v.to_lowercase() == wanted {
                        values.insert(v.to_string());
                    }
                }
            }
        }
        if values.is_empty() {
            values.insert(s.to_string());
        }
        let _ = self.text;
        values.into_iter().collect()
    }
}

/// When none of `stems` is in `field`, the indexed stem closest to the first one (one edit
/// up to 5 letters, two beyond; ties go to the commonest), if any; never for a number.
fn closest_unknown(searcher: &Searcher, field: Field, stems: &[Box<str>]) -> Option<Box<str>> {
    let known = |t: &str| {
        searcher
            .doc_freq(&Term::from_field_text(field, t))
            .map_or(true, |n| n > 0)
    };
    let stem = stems.first()?;
    let target: Vec<char> = stem.chars().collect();
    // Numbers are not misspelt words: `1968` must not turn into `1969`.
    let numeric = target.iter().any(char::is_ascii_digit);
    if target.len() < 4 || numeric || stems.iter().any(|s| known(s)) {
        return None;
    }
    let distance = auto_distance(target.len());
    let automaton = FuzzyTermQuery::new(Term::from_field_text(field, stem), distance, true)
        .automaton()
        .ok()?;
    let mut best: Option<(usize, u32, String)> = None;
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().search(&automaton).into_stream() else {
            continue;
        };
        while stream.advance() {
            let Ok(term) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let cand: Vec<char> = term.chars().collect();
            let d = edit_distance(&target, &cand, distance as usize);
            let df = stream.value().doc_freq;
            let better = match &best {
                None => true,
                Some((bd, bdf, bt)) => {
                    (d, std::cmp::Reverse(df), term) < (*bd, std::cmp::Reverse(*bdf), bt.as_str())
                }
            };
            if better {
                best = Some((d, df, term.to_string()));
            }
        }
    }
    best.map(|(_, _, t)| t.into())
}

/// Whether an exact (lower-case) query word is a stop word or a question word.
fn function_word(exact: &str, question_words: bool) -> bool {
    let mut folded = String::new();
    fold_into(exact, &mut folded);
    is_function_word(&folded, question_words)
}

/// One exact form per position (none where punctuation left an empty position).
fn exact_positions(exact: &[Box<str>]) -> Vec<Vec<Box<str>>> {
    exact
        .iter()
        .map(|e| {
            if e.is_empty() {
                Vec::new()
            } else {
                vec![e.clone()]
            }
        })
        .collect()
}

/// Edit distance for `mot~`: 0 up to 2 letters, 1 up to 5, 2 beyond.
pub fn auto_distance(chars: usize) -> u8 {
    match chars {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    }
}

fn strip_elision(folded: &str) -> String {
    if let Some((art, rest)) = folded.split_once('\'') {
        if crate::analysis::is_elided_article(art) && !rest.is_empty() {
            return rest.to_string();
        }
    }
    folded.to_string()
}

/// Any of `forms` in `field`.
fn terms_or(field: Field, forms: &[Box<str>]) -> Box<dyn Query> {
    let mut qs: Vec<(TOccur, Box<dyn Query>)> = forms
        .iter()
        .map(|f| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, f),
                IndexRecordOption::WithFreqs,
            ));
            (TOccur::Should, q)
        })
        .collect();
    if qs.len() == 1 {
        qs.pop().map(|(_, q)| q).expect("one")
    } else {
        Box::new(BooleanQuery::new(qs))
    }
}

/// A word (one position) or a phrase (several) of alternatives, plus a joined spelling.
fn unit_query(
    field: Field,
    positions: &[Vec<Box<str>>],
    joined: &[Box<str>],
    slop: u32,
) -> Box<dyn Query> {
    // Positions that hold words, with their offsets (punctuation leaves empty positions).
    let offsets: Vec<usize> = (0..positions.len())
        .filter(|&i| !positions[i].is_empty())
        .collect();
    let positions: Vec<&Vec<Box<str>>> = offsets.iter().map(|&i| &positions[i]).collect();
    if positions.len() == 1 {
        let mut all: Vec<Box<str>> = positions[0].clone();
        all.extend(joined.iter().cloned());
        return terms_or(field, &all);
    }
    let combos: usize = positions.iter().map(|p| p.len()).product();
    let mut variants: Vec<Vec<&str>> = vec![Vec::new()];
    if combos <= MAX_PHRASE_VARIANTS {
        for alts in &positions {
            variants = variants
                .into_iter()
                .flat_map(|v| {
                    alts.iter().map(move |a| {
                        let mut v = v.clone();
                        v.push(a);
                        v
                    })
                })
                .collect();
        }
    } else {
        variants = vec![positions.iter().map(|alts| &*alts[0]).collect()];
    }
    let mut qs: Vec<(TOccur, Box<dyn Query>)> = variants
        .into_iter()
        .map(|v| {
            let terms = v
                .iter()
                .zip(&offsets)
                .map(|(t, &i)| (i, Term::from_field_text(field, t)))
                .collect();
            let q: Box<dyn Query> = Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop));
            (TOccur::Should, q)
        })
        .collect();
    if !joined.is_empty() {
        qs.push((TOccur::Should, terms_or(field, joined)));
    }
    if qs.len() == 1 {
        qs.pop().map(|(_, q)| q).expect("one")
    } else {
        Box::new(BooleanQuery::new(qs))
    }
}

fn source_query(field: Field, values: &[String]) -> Box<dyn Query> {
    let qs: Vec<(TOccur, Box<dyn Query>)> = values
        .iter()
        .map(|v| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ));
            (TOccur::Should, q)
        })
        .collect();
    Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(qs)), 0.0))
}

/// Passages whose article date falls in `range` (inclusive).
pub(crate) fn date_query(field: Field, range: &DateRange) -> Box<dyn Query> {
    let bound = |d: Option<crate::corpus::Date>| match d {
        Some(d) => Bound::Included(Term::from_field_date(
            field,
            DateTime::from_timestamp_secs(d.to_unix_days() * 86_400),
        )),
        None => Bound::Unbounded,
    };
    let q = RangeQuery::new(bound(range.from), bound(range.to));
    Box::new(ConstScoreQuery::new(Box::new(q), 0.0))
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
