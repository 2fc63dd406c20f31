//! Reading one article back by its id, its passages in order, with the matches of a query
//! marked: what `search show` prints and what a reader behind a web page needs.

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use crate::corpus::Date;
use crate::engine::{Filters, Plan, Scope};
use crate::error::{Error, Result};
use crate::highlight::{highlight, Span};
use crate::index::SearchIndex;
use crate::query::{CompileOptions, RankOptions};

/// What to read of an article.
#[derive(Debug, Clone, Default)]
pub struct ArticleOptions {
    /// Only this passage (0-based), as a hit's `passage`; all of them when `None`.
    pub passage: Option<u64>,
    /// Mark the matches of this query (same syntax and highlighting as a search).
    pub query: Option<String>,
}

/// An article as indexed: its metadata and its passages in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    /// The article's id.
    pub doc_id: String,
    /// The file it came from.
    pub path: String,
    /// Its title, if any.
    pub title: Option<String>,
    /// Its date, if any.
    pub date: Option<Date>,
    /// Its source, if any.
    pub source: Option<String>,
    /// Its source as the article spelled it, when a source alias renamed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_raw: Option<String>,
    /// Its URL, if any.
    pub url: Option<String>,
    /// The query whose matches are marked, if one was given.
    pub query: Option<String>,
    /// How many passages the article has (all of them, even when one was asked for).
    #[serde(skip)]
    pub passage_count: u64,
    /// Its passages in order (only the one asked for, with [`ArticleOptions::passage`]).
    pub passages: Vec<ArticlePassage>,
}

/// A passage of an [`Article`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticlePassage {
    /// Its number in the article (0-based).
    pub passage: u64,
    /// Its byte range in the article text.
    pub range: [u64; 2],
    /// Its text.
    pub text: String,
    /// The query's matches in `text` (empty without a query).
    pub highlights: Vec<Span>,
}

impl SearchIndex {
    /// The article `doc_id`, its passages in order, with the matches of `options.query`
    /// marked as a search marks them.
    ///
    /// ```
    /// use search::search::ArticleOptions;
    /// use search::{build_index, BuildOptions, SearchIndex};
    ///
    /// # fn main() -> Result<(), search::Error> {
    /// let dir = tempfile::tempdir().unwrap();
    /// let corpus = dir.path().join("corpus");
    /// std::fs::create_dir(&corpus).unwrap();
    /// std::fs::write(corpus.join("trêve.txt"), "Un cessez-le-feu a été conclu à Stepanakert samedi soir.\n\nLe feu a pourtant repris dans la nuit, disent les habitants.").unwrap();
    /// build_index(&[corpus], &dir.path().join("index"), &BuildOptions::default(), &mut |_, _| {})?;
    ///
    /// let index = SearchIndex::open(&dir.path().join("index"))?;
    /// let options = ArticleOptions { query: Some("cessez-le-feu".into()), ..ArticleOptions::default() };
    /// let article = index.article("trêve", &options)?;
    /// assert_eq!(article.passages.len(), 2);
    /// let first = &article.passages[0];
    /// let span = &first.highlights[0];
    /// assert_eq!(&first.text[span.start..span.end], "cessez-le-feu");
    /// assert!(article.passages[1].highlights.is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn article(&self, doc_id: &str, options: &ArticleOptions) -> Result<Article> {
        let searcher = self.searcher();
        let head = self
            .find_head(&searcher, doc_id)?
            .ok_or_else(|| Error::NoArticle {
                path: self.path().to_path_buf(),
                doc_id: doc_id.to_string(),
            })?;
        let first = self.passage(&searcher, head)?;
        let patterns = match &options.query {
            Some(q) => {
                let compile = CompileOptions {
                    any: false,
                    rank: RankOptions::default(),
                    scope: Scope::Passage,
                };
                Plan::new(&searcher, self.fields(), q, compile, &Filters::default())?.patterns
            }
            None => Vec::new(),
        };
        let query = TermQuery::new(
            Term::from_field_u64(self.fields().article, first.article),
            IndexRecordOption::Basic,
        );
        let addresses = searcher
            .search(&query, &DocSetCollector)
            .map_err(|e| Error::index(self.path(), e))?;
        let mut passages = Vec::with_capacity(addresses.len());
        for addr in addresses {
            let p = self.passage(&searcher, addr)?;
            passages.push(ArticlePassage {
                passage: p.passage,
                range: [p.start, p.end],
                highlights: highlight(&p.text, &patterns),
                text: p.text,
            });
        }
        passages.sort_by_key(|p| p.passage);
        let passage_count = passages.len() as u64;
        if let Some(n) = options.passage {
            passages.retain(|p| p.passage == n);
            if passages.is_empty() {
                return Err(Error::NoPassage {
                    doc_id: doc_id.to_string(),
                    passage: n,
                    passages: passage_count,
                });
            }
        }
        Ok(Article {
            doc_id: first.doc_id,
            path: first.path,
            title: first.title,
            date: first.date,
            source: first.source,
            source_raw: first.source_raw,
            url: first.url,
            query: options.query.clone(),
            passage_count,
            passages,
        })
    }

    /// The head passage (passage 0, which holds the id) of the live article `doc_id`.
    fn find_head(&self, searcher: &Searcher, doc_id: &str) -> Result<Option<DocAddress>> {
        let err = |e: tantivy::TantivyError| Error::index(self.path(), e);
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let Some(ids) = segment.fast_fields().str("doc_id").map_err(err)? else {
                continue;
            };
            let Some(ord) = ids
                .dictionary()
                .term_ord(doc_id)
                .map_err(|e| err(e.into()))?
            else {
                continue;
            };
            let mut docs = Vec::new();
            ids.ords()
                .get_docids_for_value_range(ord..=ord, 0..segment.max_doc(), &mut docs);
            let alive = segment.alive_bitset();
            if let Some(&doc) = docs.iter().find(|&&d| alive.is_none_or(|a| a.is_alive(d))) {
                let segment_ord = u32::try_from(segment_ord).unwrap_or(u32::MAX);
                return Ok(Some(DocAddress::new(segment_ord, doc)));
            }
        }
        Ok(None)
    }
}
