//! Compiling a word, a compound or a phrase: its stems required, its exact form and its
//! article's title as bonuses; for questions (`--any`), the weights of names, numbers,
//! function words and the question's focus, and the proximity of neighbouring words.

use tantivy::query::{
    BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur as TOccur, PhraseQuery, Query,
};
use tantivy::Term;

use super::Compiler;
use crate::analysis::fold_into;
use crate::highlight::{Form, Pattern};
use crate::query::build::{exact_positions, single_position, terms_or, unit_query};
use crate::query::expand::{closest_unknown, prefix_terms};
use crate::query::terms::TermKind;
use crate::query::words::{analyse, Analysed};
use crate::ranking::WordQuery;
use crate::ranking::{is_function_word, is_name};

/// Most lemmas a question word's Snowball stem adds (see `Compiler::snowball_mates`): a cap
/// on the work, not tuned; EVALUATION.md, "Lemmas and Snowball for questions", measured
/// Snowball mates with it.
const MAX_SNOWBALL_MATES: usize = 16;

impl Compiler<'_> {
    /// A word, compound or phrase: stems required, exact form and title as bonuses.
    pub(super) fn words(
        &mut self,
        label: &str,
        text: &str,
        slop: u32,
        negated: bool,
        single: bool,
    ) -> Option<Box<dyn Query>> {
        let f = *self.fields;
        let every_reading = single && self.optional && !negated;
        let a = analyse(text, true, every_reading, &self.passages_fn());
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
        let focus = if is_focus && !is_name(self.text, label) {
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
        let mut snowball = false;
        if own {
            let rank = self.options.rank;
            let mut stems: Vec<Box<str>> =
                a.stems[0].iter().chain(&a.joined_stems).cloned().collect();
            // Never for a name: `Russie` is not `russe` (spec: Names).
            if rank.snowball && !is_name(self.text, label) {
                let mates = self.snowball_mates(&a.exact[0], &stems);
                snowball = !mates.is_empty();
                stems.extend(mates);
            }
            let terms = stems
                .iter()
                .map(|s| Term::from_field_text(f.text, s))
                .collect();
            stem_q = Box::new(WordQuery::new(terms, rank.best_stem, rank.bm25));
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
            .collect();
        if content.is_empty() {
            self.dropped = true;
            let rank = self.options.rank;
            let weight = rank.function_weight;
            if own && weight > 0.0 {
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
        let near_focus = focus == 1.0 || self.options.rank.focus_proximity;
        if optional && words == 1 && near_focus {
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
        let title_boost = rank.title_boost;
        if title_boost > 0.0 && !only_stop_words {
            let title_q: Box<dyn Query> = Box::new(BoostQuery::new(
                unit_query(f.title, &a.stems, &a.joined_stems, slop),
                title_boost,
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
        // `--explain` says when the lemmas of a question word's Snowball stem were added.
        let field = if snowball {
            "text (lemmas + Snowball)"
        } else {
            "text"
        };
        // A keyword word of one position is scored by the flat clauses below, which carry
        // its explained parts instead.
        let flat = !optional
            && words == 1
            && emphasis == 1.0
            && single_position(&a.stems, &a.joined_stems).is_some()
            && single_position(&exact_positions, &a.joined_exact).is_some();
        if !flat {
            self.part(label, field, &*stem_q);
        }
        // Where the written form matches, so do the stems (both fields index the same words
        // at the same positions): for a phrase, the exact form is checked only on passages
        // the stems matched, instead of being searched on its own.
        let stems_occur = if words > 1 && !optional {
            TOccur::Must
        } else {
            TOccur::Should
        };
        let mut clauses = vec![(stems_occur, stem_q)];
        let exact_boost = if own {
            rank.question_exact
        } else {
            rank.exact_boost
        };
        let exact_boost = exact_boost * focus;
        if exact_boost > 0.0 {
            let exact_q = if own {
                let forms = a.exact.iter().chain(&a.joined_exact);
                let forms = forms.filter(|e| !e.is_empty());
                let terms = forms.map(|e| Term::from_field_text(f.exact, e)).collect();
                Box::new(WordQuery::new(terms, false, rank.bm25))
            } else {
                exact_q
            };
            let exact_q: Box<dyn Query> = Box::new(BoostQuery::new(exact_q, exact_boost));
            if !flat {
                self.part(label, "exact", &*exact_q);
            }
            clauses.push((TOccur::Should, exact_q));
        }
        if optional && words == 1 && rank.respell {
            // A question word the index does not hold is likely misspelt: the lemmas of the
            // closest written form the index holds (`évakués` → `évacués` → `évacuer`).
            if let Some(near) = self.respelled(&a.stems[content[0]], &a.exact[content[0]]) {
                self.patterns
                    .push(Pattern::word(label, Form::Stem, near.clone()));
                let mut q: Box<dyn Query> = if own {
                    let terms = near
                        .iter()
                        .map(|l| Term::from_field_text(f.text, l))
                        .collect();
                    Box::new(WordQuery::new(terms, rank.best_stem, rank.bm25))
                } else {
                    terms_or(f.text, &near)
                };
                if focus != 1.0 {
                    q = Box::new(BoostQuery::new(q, focus));
                }
                self.part(label, "text", &*q);
                clauses.push((TOccur::Should, q));
            }
        }
        // A keyword word: one BM25 of its stems (alternatives at one position, summed as
        // tantivy sums its term queries) and one of its written forms, weighed by
        // `exact_boost`, with the keyword BM25 parameters (`ranking::KEYWORD_BM25`).
        let flat = flat
            .then(|| {
                let stems = single_position(&a.stems, &a.joined_stems)?;
                let exact = single_position(&exact_positions, &a.joined_exact)?;
                let word = |field, forms: &mut dyn Iterator<Item = &Box<str>>| -> Box<dyn Query> {
                    let terms = forms.map(|s| Term::from_field_text(field, s)).collect();
                    Box::new(WordQuery::new(terms, false, rank.keyword_bm25))
                };
                let text = word(f.text, &mut stems.into_iter());
                self.part(label, "text", &*text);
                let mut clauses = vec![(TOccur::Should, text)];
                if exact_boost > 0.0 {
                    let q: Box<dyn Query> = Box::new(BoostQuery::new(
                        word(f.exact, &mut exact.into_iter()),
                        exact_boost,
                    ));
                    self.part(label, "exact", &*q);
                    clauses.push((TOccur::Should, q));
                }
                Some(clauses)
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

    /// The lemmas of the index that share the Snowball stem of a question word's written form
    /// and are not among its own `lemmas` (`évacués` → `évacuation`), at most
    /// [`MAX_SNOWBALL_MATES`], the commonest first; none when the stem has fewer than four
    /// letters. Said in `--show-query`.
    fn snowball_mates(&mut self, exact: &str, lemmas: &[Box<str>]) -> Vec<Box<str>> {
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::French);
        let snowball = |word: &str| {
            let mut folded = String::new();
            fold_into(&stemmer.stem(word), &mut folded);
            folded
        };
        let stem = snowball(exact);
        if stem.chars().count() < 4 || exact.bytes().any(|b| b.is_ascii_digit()) {
            return Vec::new();
        }
        let (mut found, _) = prefix_terms(self.searcher, self.fields.text, &stem);
        found.retain(|e| !lemmas.iter().any(|l| **l == *e.form) && snowball(&e.form) == stem);
        found.sort_by(|a, b| {
            b.passages
                .cmp(&a.passages)
                .then_with(|| a.form.cmp(&b.form))
        });
        found.truncate(MAX_SNOWBALL_MATES);
        let mates: Vec<Box<str>> = found.into_iter().map(|e| e.form.into_boxed_str()).collect();
        if let Some(t) = self.terms.last_mut() {
            if !mates.is_empty() {
                t.lexicon.push(format!(
                    "{exact} + Snowball stem {stem}: {} (question words only)",
                    mates.join(" | ")
                ));
            }
        }
        mates
    }

    /// The passages of the index that hold a lemma.
    pub(super) fn passages_fn(&self) -> impl Fn(&str) -> u64 + '_ {
        let field = self.fields.text;
        move |lemma: &str| {
            self.searcher
                .doc_freq(&Term::from_field_text(field, lemma))
                .unwrap_or(0)
        }
    }

    /// For a question word none of whose lemmas the index holds: the lemmas of the written
    /// form of the index closest to it (see [`closest_unknown`]), if any.
    fn respelled(&self, lemmas: &[Box<str>], exact: &str) -> Option<Vec<Box<str>>> {
        let f = self.fields;
        let known = |t: &str| {
            self.searcher
                .doc_freq(&Term::from_field_text(f.text, t))
                .is_ok_and(|n| n > 0)
        };
        if lemmas.iter().any(|l| known(l)) {
            return None;
        }
        let near = closest_unknown(self.searcher, f.exact, &[exact.into()])?;
        let mut packed = String::new();
        crate::analysis::lexicon().index_lemmas(&near, &mut packed);
        let near: Vec<Box<str>> = packed
            .split(' ')
            .filter(|l| known(l))
            .map(Into::into)
            .collect();
        (!near.is_empty()).then_some(near)
    }

    /// The proximity bonus: each pair of neighbouring optional words as a sloppy phrase.
    pub(super) fn proximity_clauses(&mut self) -> Vec<Box<dyn Query>> {
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
        for pair in neighbours.windows(2) {
            if let [Some((xw, x)), Some((yw, y))] = pair {
                if x != y {
                    let q = phrase(x, y, rank.proximity_slop, rank.proximity_boost);
                    self.part(&format!("{xw} … {yw} (near)"), "text", &*q);
                    out.push(q);
                }
            }
        }
        out
    }
}

/// Whether an exact (lower-case) query word is a stop word or a question word.
fn function_word(exact: &str, question_words: bool) -> bool {
    let mut folded = String::new();
    fold_into(exact, &mut folded);
    is_function_word(&folded, question_words)
}
