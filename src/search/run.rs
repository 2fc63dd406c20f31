//! The search entry point: parse, compile, filter, collect, load, highlight.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::query::{EnableScoring, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, Term};

use super::collapse::{also_in, Collapser};
use super::hit::{ContextPassage, Contribution, Hit, SearchResults};
use crate::corpus::Date;
use crate::engine::{Columns, Filters, Plan, Scope};
use crate::error::{Error, Result};
use crate::highlight::highlight;
use crate::index::SearchIndex;
use crate::query::{CompileOptions, RankOptions, ScoredPart};
use crate::ranking::ArticleBonus;

/// Order of the hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Best score first.
    #[default]
    Score,
    /// Oldest first (undated passages last).
    Date,
    /// Newest first (undated passages last).
    DateDesc,
}

/// Most neighbouring passages `--context` shows on each side of a hit.
pub const MAX_CONTEXT: usize = 10_000;

/// How to run a query.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Most hits to return.
    pub limit: usize,
    /// Hits to skip first.
    pub offset: usize,
    /// Words without operator are optional (ranked OR), for natural-language questions.
    pub any: bool,
    /// Only articles from these sources (case-insensitive); empty means all.
    pub sources: Vec<String>,
    /// Only articles dated on or after this day.
    pub from: Option<Date>,
    /// Only articles dated on or before this day.
    pub to: Option<Date>,
    /// Order of the hits.
    pub sort: SortOrder,
    /// At most this many passages per article.
    pub per_article: Option<usize>,
    /// Neighbouring passages to attach to each hit, on each side.
    pub context: usize,
    /// Ranking weights (the defaults are the best measured, see `EVALUATION.md`).
    pub rank: RankOptions,
    /// Show a passage found in several articles once, listing the others in `also_in`.
    pub collapse: bool,
    /// Explain each hit's score (per term and field).
    pub explain: bool,
    /// Count the written forms matched in every matching passage.
    pub forms: bool,
    /// Where the query's boolean logic applies: each passage (the default) or each article.
    pub scope: Scope,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            any: false,
            sources: Vec::new(),
            from: None,
            to: None,
            sort: SortOrder::Score,
            per_article: None,
            context: 0,
            rank: RankOptions::default(),
            collapse: true,
            explain: false,
            forms: false,
            scope: Scope::Passage,
        }
    }
}

/// How a part of a query scores a passage.
enum PartScore {
    /// On the passage itself.
    Passage(Box<dyn Weight>),
    /// On its article (the title), the same for each of its passages.
    Article(ArticleBonus),
}

/// The scored parts of a query, ready to score single passages (for `explain`).
struct Explainer<'p> {
    parts: Vec<(&'p ScoredPart, PartScore)>,
}

impl<'p> Explainer<'p> {
    fn new(
        index: &SearchIndex,
        searcher: &Searcher,
        parts: &'p [ScoredPart],
    ) -> tantivy::Result<Self> {
        let parts = parts
            .iter()
            .map(|p| {
                let score = if p.field == "title" {
                    PartScore::Article(ArticleBonus::of_query(index, searcher, &*p.query)?)
                } else {
                    PartScore::Passage(
                        p.query
                            .weight(EnableScoring::enabled_from_searcher(searcher))?,
                    )
                };
                Ok((p, score))
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(Explainer { parts })
    }

    /// Each part's share of the score of the passage at `addr`, of article `article` (parts
    /// that do not match it are left out). Scorers are used directly: `Query::explain` trips
    /// on a debug assertion of tantivy 0.27's boolean queries.
    fn explain(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        article: u64,
    ) -> tantivy::Result<Vec<Contribution>> {
        let reader = searcher.segment_reader(addr.segment_ord);
        let mut out = Vec::new();
        for (part, how) in &self.parts {
            let score = match how {
                PartScore::Article(bonus) => bonus.get(article),
                PartScore::Passage(weight) => {
                    let mut scorer = weight.scorer(reader, 1.0)?;
                    if scorer.doc() > addr.doc_id || scorer.seek(addr.doc_id) != addr.doc_id {
                        continue;
                    }
                    scorer.score()
                }
            };
            if score > 0.0 {
                out.push(Contribution {
                    term: part.term.clone(),
                    field: part.field.to_string(),
                    score,
                });
            }
        }
        Ok(out)
    }
}

impl SearchIndex {
    /// Runs `query` and returns its hits with highlights.
    ///
    /// ```no_run
    /// use search::{SearchIndex, SearchOptions};
    ///
    /// let index = SearchIndex::open("index".as_ref())?;
    /// let results = index.search("cessez-le-feu", &SearchOptions::default())?;
    /// for hit in &results.hits {
    ///     for span in &hit.highlights {
    ///         println!("{}: {}", hit.doc_id, &hit.text[span.start..span.end]);
    ///     }
    /// }
    /// # Ok::<(), search::Error>(())
    /// ```
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResults> {
        let searcher = self.searcher();
        self.search_with(&searcher, query, options)
    }

    /// Like [`SearchIndex::search`], on a given searcher (to run many queries on one).
    pub fn search_with(
        &self,
        searcher: &Searcher,
        query: &str,
        options: &SearchOptions,
    ) -> Result<SearchResults> {
        let filters = Filters {
            sources: options.sources.clone(),
            from: options.from,
            to: options.to,
        };
        let compile_options = CompileOptions {
            any: options.any,
            rank: options.rank,
            scope: options.scope,
        };
        let compiled = Plan::new(searcher, self.fields(), query, compile_options, &filters)?;

        let index_err = |e| Error::index(self.path(), e);
        let wanted = options.offset.saturating_add(options.limit);
        // Grouped results (per article, or collapsed) need more than the top `limit`.
        let grouped = options
            .per_article
            .or(options.collapse.then_some(usize::MAX));
        let bonus = match &compiled.title {
            Some(title) if options.limit > 0 => {
                ArticleBonus::of_query(self, searcher, &**title).map_err(index_err)?
            }
            _ => ArticleBonus::none(),
        };
        let collect = |offset: usize, limit: usize| {
            compiled.top(self, searcher, &bonus, options.sort, offset, limit)
        };
        // A few more than asked, for the duplicates and extra passages of an article that
        // grouping drops; fetched again with more when that was not enough.
        let mut fetch = wanted.saturating_mul(2).saturating_add(8);
        let (total, mut picked, mut first) = match grouped {
            None => {
                let (total, picked) = collect(options.offset, options.limit)?;
                (total, picked, None)
            }
            Some(_) => {
                let (total, all) = collect(0, fetch)?;
                (total, Vec::new(), Some(all))
            }
        };
        if options.limit > 0 && total > 0 {
            if let Some(per) = grouped {
                let articles = Columns::new(self, searcher, "article");
                let dups = Columns::new(self, searcher, "dup");
                loop {
                    let all = match first.take() {
                        Some(all) => all,
                        None => collect(0, fetch)?.1,
                    };
                    let exhausted = all.len() < fetch;
                    let mut counts = std::collections::HashMap::new();
                    let mut kept = Vec::new();
                    let mut collapser = Collapser::default();
                    for (key, addr) in all {
                        if options.collapse
                            && !collapser.first_key(dups.first(addr).map_err(index_err)?)
                        {
                            continue;
                        }
                        let art = articles.first(addr).map_err(index_err)?.unwrap_or(0);
                        let n = counts.entry(art).or_insert(0usize);
                        if *n < per {
                            *n += 1;
                            kept.push((key, addr));
                        }
                    }
                    if kept.len() >= wanted || exhausted {
                        picked = kept
                            .into_iter()
                            .skip(options.offset)
                            .take(options.limit)
                            .collect();
                        break;
                    }
                    fetch = fetch.saturating_mul(4);
                }
            }
        }

        let explainer = if options.explain {
            Some(Explainer::new(self, searcher, &compiled.parts).map_err(index_err)?)
        } else {
            None
        };
        let mut hits = Vec::with_capacity(picked.len());
        for (key, addr) in picked {
            let score = key.score;
            let p = self.passage(searcher, addr)?;
            let highlights = highlight(&p.text, &compiled.patterns);
            let explanation = match &explainer {
                Some(e) => e.explain(searcher, addr, p.article).map_err(index_err)?,
                None => Vec::new(),
            };
            let context = if options.context > 0 {
                self.context(searcher, p.article, p.passage, options.context)?
            } else {
                Vec::new()
            };
            let also_in = if options.collapse {
                also_in(self, searcher, addr, &p.doc_id)?
            } else {
                Vec::new()
            };
            hits.push(Hit {
                score,
                doc_id: p.doc_id,
                path: p.path,
                title: p.title,
                date: p.date,
                source: p.source,
                source_raw: p.source_raw,
                url: p.url,
                article: p.article,
                passage: p.passage,
                start: p.start,
                end: p.end,
                text: p.text,
                highlights,
                context,
                also_in,
                explanation,
            });
        }
        let forms = if options.forms && total > 0 {
            compiled.forms(self, searcher)?
        } else {
            Vec::new()
        };
        Ok(SearchResults {
            hits,
            total,
            terms: compiled.terms,
            scope: options.scope,
            forms,
        })
    }

    /// The passages of `article` within `n` of `passage` (the passage itself excluded); `n`
    /// is taken as at most [`MAX_CONTEXT`].
    fn context(
        &self,
        searcher: &Searcher,
        article: u64,
        passage: u64,
        n: usize,
    ) -> Result<Vec<ContextPassage>> {
        let f = self.fields();
        // No article has more passages than this: a larger `n` means "the whole article"
        // (a huge `--context` asked for a buffer of that size and aborted).
        let n = n.min(MAX_CONTEXT);
        let lo = passage.saturating_sub(n as u64);
        let hi = passage.saturating_add(n as u64);
        let q = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_u64(f.article, article),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (
                Occur::Must,
                Box::new(RangeQuery::new(
                    std::ops::Bound::Included(Term::from_field_u64(f.passage, lo)),
                    std::ops::Bound::Included(Term::from_field_u64(f.passage, hi)),
                )),
            ),
        ]);
        let docs = searcher
            .search(&q, &TopDocs::with_limit(2 * n + 1).order_by_score())
            .map_err(|e| Error::index(self.path(), e))?;
        let mut out = Vec::new();
        for (_, addr) in docs {
            let p = self.passage(searcher, addr)?;
            if p.passage != passage {
                out.push(ContextPassage {
                    passage: p.passage,
                    text: p.text,
                });
            }
        }
        out.sort_by_key(|c| c.passage);
        Ok(out)
    }
}
