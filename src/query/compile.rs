//! Turning a syntax tree into a tantivy query, the highlighter's patterns, and a report of
//! how each term was understood.

use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, EmptyQuery, Occur as TOccur, PhraseQuery, Query,
};
use tantivy::{Searcher, Term};

use super::ast::{Leaf, Node, Occur};
use super::bm25::WordQuery;
use super::build::{
    articles_matching, date_query, exact_positions, single_position, source_query, term_query,
    terms_or, unit_query,
};
use super::error::QueryError;
use super::expand::{auto_distance, closest_unknown, fuzzy_terms, prefix_terms, Expansion};
use super::rank::{is_function_word, is_name, strip_inverted_subject, Focus, RankOptions};
pub use super::terms::{QueryTerm, TermKind};
use super::words::{analyse, Analysed};
use crate::analysis::{fold_into, is_stop_word};
use crate::highlight::{Form, Pattern};
use crate::index::Fields;

/// How to compile.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompileOptions {
    /// Words without operator are optional (ranked OR) instead of required.
    pub any: bool,
    /// Weights and the treatment of questions in `any` mode.
    pub rank: RankOptions,
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
        }
    }

    fn node(&mut self, node: &Node, negated: bool) -> Result<Option<Box<dyn Query>>, QueryError> {
        match node {
            Node::Leaf(leaf) => {
                if !matches!(leaf, Leaf::Word(_)) {
                    self.neighbours.push(None);
                    self.focus.reset();
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
        // The question's focus (`Quelle ville…`): a word of the question, never a name.
        let is_focus = if single && self.optional && !negated {
            self.focus_of(&a)
        } else {
            self.focus.reset();
            false
        };
        let focus = if is_focus && (self.options.rank.focus_names || !is_name(self.text, label)) {
            self.options.rank.focus_weight
        } else {
            1.0
        };
        if negated {
            return Some(stem_q);
        }
        // A word of a question (an optional clause of an `any` query).
        let optional = single && self.optional;
        // A question word on our own BM25 (its parameters, its exact form inside, BM25F).
        let own = optional && self.options.rank.own_bm25 && a.stems.len() == 1;
        let bm25f = own && self.options.rank.bm25f_exact > 0.0 && !a.exact[0].is_empty();
        if own {
            let rank = self.options.rank;
            let stems = a.stems[0].iter().chain(&a.joined_stems);
            let terms = stems.map(|s| Term::from_field_text(f.text, s)).collect();
            let mut q = WordQuery::new(terms, rank.best_stem, rank.bm25);
            if bm25f {
                let plain = a.exact[0].is_ascii();
                let weight = rank.bm25f_exact * if plain { rank.plain_exact } else { 1.0 };
                q = q.with_exact(Term::from_field_text(f.exact, &a.exact[0]), weight);
            }
            stem_q = Box::new(q);
        } else if optional
            && self.options.rank.best_stem
            && a.stems.len() == 1
            && a.stems[0].len() > 1
        {
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
            let rank = self.options.rank;
            let weight = rank.function_weight;
            let common = a
                .stems
                .iter()
                .any(|s| self.more_common_than(s, rank.function_max_df));
            if own && weight > 0.0 && !common {
                // A function word kept at a small weight (stem only, no proximity).
                let q: Box<dyn Query> = Box::new(BoostQuery::new(stem_q, weight));
                self.part(label, "text", &*q);
                return Some(q);
            }
            return None;
        }
        let rank = self.options.rank;
        let words = a.stems.iter().filter(|s| !s.is_empty()).count();
        if !single {
            self.neighbours.push(None);
        }
        let split = optional && words > 1 && rank.split_compounds;
        let near_focus = focus == 1.0 || self.options.rank.focus_proximity;
        if optional && (words == 1 || split) && near_focus {
            for &i in &content {
                self.neighbours
                    .push(Some((a.exact[i].clone(), a.stems[i][0].clone())));
            }
        } else if near_focus {
            self.neighbours.push(None);
        }
        let exact_positions = exact_positions(&a.exact);
        let exact_q = unit_query(f.exact, &exact_positions, &a.joined_exact, slop);
        // A title holding only a stop word of the query (`le`, `de`) says nothing of the
        // article, and such words are in most titles: no bonus for them.
        let only_stop_words = a
            .exact
            .iter()
            .filter(|e| !e.is_empty())
            .all(|e| function_word(e, false));
        if rank.title_boost > 0.0 && !only_stop_words {
            let title_q: Box<dyn Query> = Box::new(BoostQuery::new(
                unit_query(f.title, &a.stems, &a.joined_stems, slop),
                rank.title_boost,
            ));
            self.part(label, "title", &*title_q);
            self.title.push(title_q);
        }
        let emphasis = if optional && is_name(self.text, label) {
            rank.name_weight
        } else if optional && label.chars().any(|c| c.is_ascii_digit()) {
            rank.number_weight
        } else {
            1.0
        } * focus;
        if emphasis != 1.0 {
            stem_q = Box::new(BoostQuery::new(stem_q, emphasis));
        }
        self.part(label, "text", &*stem_q);
        // Where the written form matches, so do the stems (both fields index the same words
        // at the same positions): for a phrase, the exact form is checked only on passages
        // the stems matched, instead of being searched on its own.
        let stems_occur = if words > 1 && !optional {
            TOccur::Must
        } else {
            TOccur::Should
        };
        let mut clauses = vec![(stems_occur, stem_q)];
        let plain = optional && a.exact.iter().all(|e| e.is_ascii());
        let exact_boost = if own {
            rank.question_exact
        } else {
            rank.exact_boost
        };
        let exact_boost = exact_boost * if plain { rank.plain_exact } else { 1.0 } * focus;
        if exact_boost > 0.0 && !bm25f {
            let exact_q = if own {
                let forms = a.exact.iter().chain(&a.joined_exact);
                let forms = forms.filter(|e| !e.is_empty());
                let terms = forms.map(|e| Term::from_field_text(f.exact, e)).collect();
                Box::new(WordQuery::new(terms, false, rank.bm25))
            } else {
                exact_q
            };
            let exact_q: Box<dyn Query> = Box::new(BoostQuery::new(exact_q, exact_boost));
            self.part(label, "exact", &*exact_q);
            clauses.push((TOccur::Should, exact_q));
        }
        if optional && words == 1 && rank.respell {
            // A question word the index does not hold is likely misspelt: its closest stem.
            if let Some(near) = closest_unknown(self.searcher, f.text, &a.stems[content[0]]) {
                self.patterns
                    .push(Pattern::word(label, Form::Stem, vec![near.clone()]));
                let mut q: Box<dyn Query> = if own {
                    let term = Term::from_field_text(f.text, &near);
                    Box::new(WordQuery::new(vec![term], false, rank.bm25))
                } else {
                    terms_or(f.text, &[near])
                };
                if focus != 1.0 {
                    q = Box::new(BoostQuery::new(q, focus));
                }
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
        // A keyword word: its stems and exact forms as one flat union of terms, the same sum
        // as the clauses above in one union instead of a union of unions (an accented word
        // has two stems): a third less time for such words.
        let flat = (!optional && words == 1 && !split && emphasis == 1.0)
            .then(|| {
                let stems = single_position(&a.stems, &a.joined_stems)?;
                let exact = single_position(&exact_positions, &a.joined_exact)?;
                let stems = stems.map(|s| term_query(f.text, s, 1.0));
                let exact = exact.filter(|_| exact_boost > 0.0);
                let exact = exact.map(|e| term_query(f.exact, e, exact_boost));
                Some(stems.chain(exact).map(|q| (TOccur::Should, q)).collect())
            })
            .flatten();
        let mut p = Pattern::phrase(label, Form::Stem, a.stems, slop);
        p.joined = a.joined_stems;
        self.patterns.push(p);
        Some(Box::new(BooleanQuery::new(flat.unwrap_or(clauses))))
    }

    /// Whether this word of a question is its focus (see [`Focus`]).
    fn focus_of(&mut self, a: &Analysed) -> bool {
        let mut forms = a.exact.iter().filter(|e| !e.is_empty());
        let word = forms.next().map(|e| &**e);
        let single = forms.next().is_none();
        let function = a
            .exact
            .iter()
            .filter(|e| !e.is_empty())
            .all(|e| function_word(e, self.options.rank.question_words));
        self.focus.next(word.filter(|_| single), function)
    }

    /// Whether a word's stems are all in more than `max_df` of the passages: a word of the
    /// corpus so common that it ranks like a stop word.
    fn too_common(&self, stems: &[Box<str>]) -> bool {
        self.more_common_than(stems, self.options.rank.max_df)
    }

    /// Whether a word's stems are all in more than `max_df` of the passages.
    fn more_common_than(&self, stems: &[Box<str>], max_df: f32) -> bool {
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
        values.into_iter().collect()
    }
}

/// Whether an exact (lower-case) query word is a stop word or a question word.
fn function_word(exact: &str, question_words: bool) -> bool {
    let mut folded = String::new();
    fold_into(exact, &mut folded);
    is_function_word(&folded, question_words)
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
