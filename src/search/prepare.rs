//! Turning query text and filters into one tantivy query plus the highlighter's patterns.
//!
//! Shared by everything that runs a query (ranking, counting, concordances), so that the
//! passages a count finds are exactly the ones a search would rank.

use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::Searcher;

use crate::corpus::Date;
use crate::error::Result;
use crate::highlight::Pattern;
use crate::index::Fields;
use crate::query::{
    compile, date_query, parse, sources_query, CompileOptions, DateRange, QueryTerm, ScoredPart,
};

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

/// A query ready to run: the full tantivy query (filters included), the patterns that mark
/// its matches in a passage, and how each term was understood.
pub struct PreparedQuery {
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
}

/// Parses and compiles `text` on `searcher`, as `search query` does, and adds `filters`.
pub fn prepare_query(
    searcher: &Searcher,
    fields: &Fields,
    text: &str,
    options: CompileOptions,
    filters: &Filters,
) -> Result<PreparedQuery> {
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
    Ok(PreparedQuery {
        query,
        patterns: compiled.patterns,
        terms: compiled.terms,
        parts: compiled.parts,
        title: compiled.title,
    })
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
