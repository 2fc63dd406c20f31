//! The articles of an index read from fast fields (date, source), and the buckets they fall
//! in: the denominators of rates, computed over the whole index without loading documents.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::Searcher;

use crate::corpus::Date;
use crate::error::{Error, Result};
use crate::index::SearchIndex;

/// How to group counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// The article's source (outlet or agency).
    Source,
    /// The article's year, `2020`.
    Year,
    /// The article's month, `2020-07`.
    Month,
    /// The article's day, `2020-07-02`.
    Day,
    /// Each article, by its doc_id (only articles that match are listed).
    Article,
}

impl By {
    /// The name used on the command line and in CSV and JSON.
    pub fn name(self) -> &'static str {
        match self {
            By::Source => "source",
            By::Year => "year",
            By::Month => "month",
            By::Day => "day",
            By::Article => "article",
        }
    }
}

/// What the fast fields say about one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ArticleInfo {
    pub date: Option<Date>,
    pub source: Option<String>,
}

/// A bucket's sort key: present keys first in ascending order, the missing key (no source,
/// no date) last; articles by their ordinal in the index.
pub(crate) type BucketKey = (bool, u64, Option<String>);

/// Every live article of the index, by ordinal.
pub(crate) struct ArticleTable {
    articles: Vec<Option<ArticleInfo>>,
    count: u64,
}

impl ArticleTable {
    /// Reads the article, date and source fast fields of every live passage.
    pub fn read(index: &SearchIndex, searcher: &Searcher) -> Result<ArticleTable> {
        let err = |e| Error::index(index.path(), e);
        let mut articles: Vec<Option<ArticleInfo>> = Vec::new();
        let mut count = 0;
        let mut name = String::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let article_col = fast.u64("article").map_err(err)?;
            let date_col = fast.date("date").map_err(err)?;
            let source_col = fast.str("source").map_err(err)?;
            for doc in segment.doc_ids_alive() {
                let Some(article) = article_col.first(doc) else {
                    continue;
                };
                let slot = article as usize;
                if slot >= articles.len() {
                    articles.resize(slot + 1, None);
                }
                if articles[slot].is_some() {
                    continue;
                }
                let date = date_col
                    .first(doc)
                    .map(|d| Date::from_unix_days(d.into_timestamp_secs().div_euclid(86_400)));
                let mut source = None;
                if let Some(col) = &source_col {
                    if let Some(ord) = col.term_ords(doc).next() {
                        name.clear();
                        if col
                            .ord_to_str(ord, &mut name)
                            .map_err(|e| Error::io(index.path(), e))?
                        {
                            source = Some(name.clone());
                        }
                    }
                }
                articles[slot] = Some(ArticleInfo { date, source });
                count += 1;
            }
        }
        canonical_sources(&mut articles);
        Ok(ArticleTable { articles, count })
    }

    /// Number of live articles.
    pub fn len(&self) -> u64 {
        self.count
    }

    /// The article with this ordinal, if it is in the index.
    pub fn get(&self, article: u64) -> Option<&ArticleInfo> {
        self.articles.get(article as usize).and_then(Option::as_ref)
    }

    /// Every live article with its ordinal, in index order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, &ArticleInfo)> {
        self.articles
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.as_ref().map(|a| (i as u64, a)))
    }

    /// Articles per bucket, over the given articles (all when `only` is `None`).
    pub fn totals(&self, by: By, only: Option<&[u64]>) -> BTreeMap<BucketKey, u64> {
        let mut totals = BTreeMap::new();
        let mut add = |ordinal: u64, info: &ArticleInfo| {
            *totals
                .entry(bucket_key(by, ordinal, info, None))
                .or_insert(0) += 1;
        };
        match only {
            None => self.iter().for_each(|(i, a)| add(i, a)),
            Some(list) => {
                for &i in list {
                    if let Some(a) = self.get(i) {
                        add(i, a);
                    }
                }
            }
        }
        totals
    }
}

/// One spelling for each source written several ways that differ only in case or spaces
/// (`AFP`, `afp`, `Afp `): the commonest (the first in sort order among equals), so that
/// `count --by source` groups them (issue 18).
fn canonical_sources(articles: &mut [Option<ArticleInfo>]) {
    let key = crate::query::source_key;
    let mut spellings: std::collections::HashMap<String, BTreeMap<&str, u64>> =
        std::collections::HashMap::new();
    for a in articles.iter().flatten() {
        if let Some(s) = &a.source {
            *spellings.entry(key(s)).or_default().entry(s).or_insert(0) += 1;
        }
    }
    let canonical: std::collections::HashMap<String, String> = spellings
        .into_iter()
        .filter(|(_, forms)| forms.len() > 1)
        .map(|(k, forms)| {
            let mut best: Vec<(&str, u64)> = forms.into_iter().collect();
            best.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            (k, best[0].0.to_string())
        })
        .collect();
    if canonical.is_empty() {
        return;
    }
    for a in articles.iter_mut().flatten() {
        if let Some(s) = &mut a.source {
            if let Some(c) = canonical.get(&key(s)) {
                if c != s {
                    *s = c.clone();
                }
            }
        }
    }
}

/// The bucket of an article; `doc_id` names it for [`By::Article`].
pub(crate) fn bucket_key(
    by: By,
    ordinal: u64,
    info: &ArticleInfo,
    doc_id: Option<&str>,
) -> BucketKey {
    let label = match by {
        By::Source => info.source.clone(),
        By::Year => info.date.map(|d| format!("{:04}", d.year)),
        By::Month => info.date.map(|d| format!("{:04}-{:02}", d.year, d.month)),
        By::Day => info.date.map(|d| d.to_string()),
        By::Article => {
            return (false, ordinal, Some(doc_id.unwrap_or_default().to_string()));
        }
    };
    (label.is_none(), 0, label)
}
