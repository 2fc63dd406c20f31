//! One article whole, with every match of a query marked: the article view of `search serve`.

use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Term};

use crate::corpus::Date;
use crate::engine::{Filters, Plan, Scope};
use crate::error::{Error, Result};
use crate::highlight::{highlight, Span};
use crate::index::SearchIndex;
use crate::query::CompileOptions;

/// An article with its passages in order, each with the spans a query marks in it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleView {
    pub doc_id: String,
    pub path: String,
    pub title: Option<String>,
    pub date: Option<Date>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// The article's passages, in article order.
    pub passages: Vec<ViewPassage>,
}

/// A passage of an [`ArticleView`].
#[derive(Debug, Clone, PartialEq)]
pub struct ViewPassage {
    /// Passage number in the article (0-based).
    pub passage: u64,
    /// Byte range of the passage in the article text.
    pub start: u64,
    pub end: u64,
    pub text: String,
    /// What the query marks in `text` (none without a query).
    pub highlights: Vec<Span>,
}

impl SearchIndex {
    /// The article `doc_id` whole, with the matches of `query` marked (as `search query`
    /// marks them, `any` and `scope` alike); `None` when the index holds no such article.
    /// An empty query marks nothing; a bad one is the query's error.
    ///
    /// ```
    /// use search::{build_index, BuildOptions, SearchIndex};
    /// use search::search::Scope;
    ///
    /// # fn main() -> Result<(), search::Error> {
    /// let dir = tempfile::tempdir().unwrap();
    /// let corpus = dir.path().join("corpus");
    /// std::fs::create_dir(&corpus).unwrap();
    /// std::fs::write(corpus.join("trêve.txt"), "Un cessez-le-feu a été conclu à Stepanakert après deux jours de combats.\n\nLe feu a repris dans la nuit malgré les appels au calme.").unwrap();
    /// let index_dir = dir.path().join("index");
    /// build_index(&[corpus], &index_dir, &BuildOptions::default(), &mut |_, _| {})?;
    ///
    /// let index = SearchIndex::open(&index_dir)?;
    /// let view = index.article("trêve", "feu", false, Scope::Passage)?.unwrap();
    /// assert_eq!(view.passages.len(), 2);
    /// let p = &view.passages[1];
    /// assert_eq!(&p.text[p.highlights[0].start..p.highlights[0].end], "feu");
    /// assert!(index.article("absent", "", false, Scope::Passage)?.is_none());
    /// # Ok(())
    /// # }
    /// ```
    pub fn article(
        &self,
        doc_id: &str,
        query: &str,
        any: bool,
        scope: Scope,
    ) -> Result<Option<ArticleView>> {
        let searcher = self.searcher();
        let patterns = if query.trim().is_empty() {
            Vec::new()
        } else {
            let options = CompileOptions {
                any,
                scope,
                ..CompileOptions::default()
            };
            Plan::new(
                &searcher,
                self.fields(),
                query,
                options,
                &Filters::default(),
            )?
            .patterns
        };
        let Some(first) = self.find_doc_id(&searcher, doc_id)? else {
            return Ok(None);
        };
        let head = self.passage(&searcher, first)?;
        let all = TermQuery::new(
            Term::from_field_u64(self.fields().article, head.article),
            IndexRecordOption::Basic,
        );
        let addresses = searcher
            .search(&all, &DocSetCollector)
            .map_err(|e| Error::index(self.path(), e))?;
        let mut passages = Vec::with_capacity(addresses.len());
        for addr in addresses {
            let p = self.passage(&searcher, addr)?;
            passages.push(ViewPassage {
                passage: p.passage,
                start: p.start,
                end: p.end,
                highlights: highlight(&p.text, &patterns),
                text: p.text,
            });
        }
        passages.sort_by_key(|p| p.passage);
        Ok(Some(ArticleView {
            doc_id: head.doc_id,
            path: head.path,
            title: head.title,
            date: head.date,
            source: head.source,
            url: head.url,
            passages,
        }))
    }

    /// A live passage of the article `doc_id`, from the doc_id column.
    fn find_doc_id(
        &self,
        searcher: &tantivy::Searcher,
        doc_id: &str,
    ) -> Result<Option<DocAddress>> {
        let err = |e| Error::index(self.path(), e);
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let Some(column) = segment.fast_fields().str("doc_id").map_err(err)? else {
                continue;
            };
            let Some(term) = column
                .dictionary()
                .term_ord(doc_id)
                .map_err(|e| Error::io(self.path(), e))?
            else {
                continue;
            };
            for doc in segment.doc_ids_alive() {
                if column.term_ords(doc).any(|t| t == term) {
                    return Ok(Some(DocAddress::new(ord as u32, doc)));
                }
            }
        }
        Ok(None)
    }
}
