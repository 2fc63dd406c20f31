//! The plan of a query: its text and filters turned into one tantivy query plus the
//! highlighter's patterns, run by the two drivers of [`crate::engine`].

use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::Searcher;

use super::every::{Located, Matched};
use super::forms::{FormCount, FormTally};
use super::top::Ranked;
use crate::corpus::Date;
use crate::error::{Error, Result};
use crate::highlight::Pattern;
use crate::index::{Fields, SearchIndex};
use crate::query::{
    compile, date_query, parse, sources_query, CompileOptions, DateRange, QueryTerm, Scope,
    ScoredPart,
};
use crate::search::{ArticleBonus, SortOrder};

/// Restrictions on which articles a query may match, on top of the query text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only articles from these sources (case-insensitive); empty means all.
    pub sources: Vec<String>,
    /// Only articles dated on or after this day.
    pub from: Option<Date>,
    /// Only articles dated on or before this day.
    pub to: Option<Date>,
}

/// A query ready to run: the full tantivy query (filters and scope included), the patterns
/// that mark its matches in a passage, and how each term was understood. Every command runs
/// its query as a plan, through [`Plan::every`] or [`Plan::top`].
pub struct Plan {
    /// The query with its filters, to give to a collector.
    pub query: Box<dyn Query>,
    /// What [`crate::highlight::highlight`] marks for this query.
    pub patterns: Vec<Pattern>,
    /// How each term of the query was understood.
    pub terms: Vec<QueryTerm>,
    /// The scored parts of the query, to explain a hit's score.
    pub parts: Vec<ScoredPart>,
    /// The query's words on article titles, whose score for an article is a bonus for its
    /// passages (see [`crate::search::ArticleBonus`]); `None` when it has none.
    pub title: Option<Box<dyn Query>>,
    /// Where its boolean logic applied.
    pub scope: Scope,
}

impl Plan {
    /// Parses and compiles `text` on `searcher`, as every command does, and adds `filters`.
    pub fn new(
        searcher: &Searcher,
        fields: &Fields,
        text: &str,
        options: CompileOptions,
        filters: &Filters,
    ) -> Result<Plan> {
        let ast = parse(text)?;
        let compiled = compile(text, &ast, searcher, fields, options)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, compiled.query)];
        if let Some(filter) = filter_query(searcher, fields, filters) {
            clauses.push((Occur::Must, filter));
        }
        let query: Box<dyn Query> = if clauses.len() == 1 {
            clauses.pop().expect("one clause").1
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        Ok(Plan {
            query,
            patterns: compiled.patterns,
            terms: compiled.terms,
            parts: compiled.parts,
            title: compiled.title,
            scope: options.scope,
        })
    }

    /// The first driver: every passage the plan matches, in index order (not scored).
    pub(crate) fn every(&self, index: &SearchIndex, searcher: &Searcher) -> Result<Vec<Located>> {
        super::every::locate(index, searcher, &*self.query)
    }

    /// Loads each of `located` in order and gives it, with the spans the plan marks in it,
    /// to `each`.
    pub(crate) fn each_match(
        &self,
        index: &SearchIndex,
        searcher: &Searcher,
        located: &[Located],
        each: impl FnMut(Matched),
    ) -> Result<()> {
        super::every::load_each(index, searcher, located, &self.patterns, each)
    }

    /// Like [`Plan::each_match`], as long as `each` returns true.
    pub(crate) fn each_match_while(
        &self,
        index: &SearchIndex,
        searcher: &Searcher,
        located: &[Located],
        each: impl FnMut(Matched) -> bool,
    ) -> Result<()> {
        super::every::load_while(index, searcher, located, &self.patterns, each)
    }

    /// The written forms the plan marks in every passage it matches.
    pub(crate) fn forms(&self, index: &SearchIndex, searcher: &Searcher) -> Result<Vec<FormCount>> {
        let located = self.every(index, searcher)?;
        let mut tally = FormTally::default();
        self.each_match(index, searcher, &located, |m| {
            tally.add(&m.passage.text, &m.spans)
        })?;
        Ok(tally.into_sorted())
    }

    /// The second driver: how many passages the plan matches, and the best `limit` after
    /// `offset` in `order` (scores plus the article `bonus`, then index order).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn top(
        &self,
        index: &SearchIndex,
        searcher: &Searcher,
        bonus: &ArticleBonus,
        order: SortOrder,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<Ranked>)> {
        super::top::count_and_top(index, searcher, &*self.query, bonus, order, offset, limit)
            .map_err(|e| Error::index(index.path(), e))
    }
}

/// The passages of the articles `filters` admits, or `None` when it admits everything.
pub fn filter_query(
    searcher: &Searcher,
    fields: &Fields,
    filters: &Filters,
) -> Option<Box<dyn Query>> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !filters.sources.is_empty() {
        clauses.push((
            Occur::Must,
            sources_query(searcher, fields, &filters.sources),
        ));
    }
    if filters.from.is_some() || filters.to.is_some() {
        let range = DateRange {
            from: filters.from,
            to: filters.to,
        };
        clauses.push((Occur::Must, date_query(fields.date, &range)));
    }
    match clauses.len() {
        0 => None,
        1 => clauses.pop().map(|(_, q)| q),
        _ => Some(Box::new(BooleanQuery::new(clauses))),
    }
}
