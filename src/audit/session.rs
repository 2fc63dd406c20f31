//! [`Audit`]: one searcher and one read of the article table for a whole batch of queries.

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use tantivy::Searcher;

use super::articles::ArticleTable;
use crate::engine::{filter_query, Filters, Located, Plan, Scope};
use crate::error::Result;
use crate::index::SearchIndex;
use crate::query::CompileOptions;

/// Audits of one index: counts and concordances over every match.
///
/// Open it once and run many queries on it: the searcher, the table of articles (dates and
/// sources, read from fast fields) and the articles a filter admits are shared by all of
/// them.
///
/// ```no_run
/// use search::audit::{CountOptions, KwicOptions};
/// use search::SearchIndex;
///
/// let index = SearchIndex::open("index".as_ref())?;
/// let audit = index.audit();
/// for query in ["=blessés", "cessez-le-feu"] {
///     let counts = audit.count(query, &CountOptions::default())?;
///     println!("{query}: {} occurrences", counts.total.occurrences);
/// }
/// let lines = audit.kwic("cessez-le-feu", &KwicOptions::default())?;
/// # Ok::<(), search::Error>(())
/// ```
pub struct Audit<'a> {
    pub(crate) index: &'a SearchIndex,
    pub(crate) searcher: Searcher,
    articles: OnceCell<ArticleTable>,
    admitted: RefCell<Option<(Filters, Rc<Vec<u64>>)>>,
}

impl SearchIndex {
    /// Starts an audit on the index's last commit (see [`Audit`]).
    pub fn audit(&self) -> Audit<'_> {
        Audit {
            index: self,
            searcher: self.searcher(),
            articles: OnceCell::new(),
            admitted: RefCell::new(None),
        }
    }
}

impl<'a> Audit<'a> {
    /// The index being audited.
    pub fn index(&self) -> &'a SearchIndex {
        self.index
    }

    /// The searcher every query of this audit runs on.
    pub fn searcher(&self) -> &Searcher {
        &self.searcher
    }

    /// The table of articles, read on first use.
    pub(crate) fn articles(&self) -> Result<&ArticleTable> {
        if let Some(t) = self.articles.get() {
            return Ok(t);
        }
        let table = ArticleTable::read(self.index, &self.searcher)?;
        Ok(self.articles.get_or_init(|| table))
    }

    /// The ordinals of the articles `filters` admit (sorted), or `None` when it admits all.
    pub(crate) fn admitted(&self, filters: &Filters) -> Result<Option<Rc<Vec<u64>>>> {
        if *filters == Filters::default() {
            return Ok(None);
        }
        if let Some((f, list)) = &*self.admitted.borrow() {
            if f == filters {
                return Ok(Some(list.clone()));
            }
        }
        let query = filter_query(&self.searcher, self.index.fields(), filters)
            .expect("filters are not empty");
        let mut list: Vec<u64> = crate::engine::every_passage(self.index, &self.searcher, &*query)?
            .into_iter()
            .map(|l| l.article)
            .collect();
        list.sort_unstable();
        list.dedup();
        let list = Rc::new(list);
        *self.admitted.borrow_mut() = Some((filters.clone(), list.clone()));
        Ok(Some(list))
    }

    /// Compiles `query` with `filters`, exactly as `search query` does.
    pub(crate) fn plan(
        &self,
        query: &str,
        any: bool,
        scope: Scope,
        filters: &Filters,
    ) -> Result<Plan> {
        Plan::new(
            &self.searcher,
            self.index.fields(),
            query,
            CompileOptions {
                any,
                scope,
                ..CompileOptions::default()
            },
            filters,
        )
    }

    /// Every passage `plan` matches, in index order.
    pub(crate) fn every(&self, plan: &Plan) -> Result<Vec<Located>> {
        plan.every(self.index, &self.searcher)
    }
}
