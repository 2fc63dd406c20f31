//! Opening an index for search, always with the French analyzer registered.

use std::path::{Path, PathBuf};

use tantivy::schema::Value;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};

use super::columns::ColumnCache;
use super::meta::IndexMeta;
use super::schema::Fields;
use crate::analysis::{self, ANALYSIS_VERSION};
use crate::corpus::Date;
use crate::error::{Error, Result};

/// An open index, ready to answer queries.
pub struct SearchIndex {
    path: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    meta: IndexMeta,
    columns: ColumnCache,
}

/// A passage as stored in the index, with its article's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPassage {
    pub doc_id: String,
    pub path: String,
    pub title: Option<String>,
    pub date: Option<Date>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// The article's ordinal in the index.
    pub article: u64,
    /// Passage number in the article (0-based).
    pub passage: u64,
    /// Byte range of the passage in the article text.
    pub start: u64,
    pub end: u64,
    /// The passage text.
    pub text: String,
}

impl SearchIndex {
    /// Opens the index in `dir`. Fails with a message that says how to (re)build it when
    /// there is no index, a foreign one, or one built with another analysis version.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        if !dir.join("meta.json").is_file() {
            return Err(Error::NoIndex {
                path: dir.to_path_buf(),
            });
        }
        let index = Index::open_in_dir(dir).map_err(|e| Error::corrupt(dir, &e))?;
        let meta = IndexMeta::read(&index).ok_or_else(|| Error::NotAnIndex {
            path: dir.to_path_buf(),
            reason: "it was not built by search".into(),
        })?;
        if meta.analysis_version != ANALYSIS_VERSION {
            return Err(Error::AnalysisVersion {
                path: dir.to_path_buf(),
                found: meta.analysis_version,
                expected: ANALYSIS_VERSION,
            });
        }
        let (schema, fields) = Fields::schema();
        if index.schema() != schema {
            return Err(Error::NotAnIndex {
                path: dir.to_path_buf(),
                reason: "its schema is not this version's".into(),
            });
        }
        analysis::register(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| Error::corrupt(dir, &e))?;
        Ok(SearchIndex {
            path: dir.to_path_buf(),
            index,
            reader,
            fields,
            meta,
            columns: ColumnCache::default(),
        })
    }

    /// Where the index lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What was recorded when the index was built.
    pub fn meta(&self) -> &IndexMeta {
        &self.meta
    }

    /// The schema's fields.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The underlying tantivy index.
    pub fn tantivy_index(&self) -> &Index {
        &self.index
    }

    /// The fast-field columns opened so far (each segment's once).
    pub fn columns(&self) -> &ColumnCache {
        &self.columns
    }

    /// A searcher on the last commit.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Loads a stored passage.
    pub fn passage(&self, searcher: &Searcher, address: DocAddress) -> Result<StoredPassage> {
        let doc: TantivyDocument = searcher
            .doc(address)
            .map_err(|e| Error::index(&self.path, e))?;
        let f = &self.fields;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let num = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
        let date = doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .map(|d| Date::from_unix_days(d.into_timestamp_secs().div_euclid(86_400)));
        Ok(StoredPassage {
            doc_id: text(f.doc_id).unwrap_or_default(),
            path: text(f.path).unwrap_or_default(),
            title: text(f.title),
            date,
            source: text(f.source),
            url: text(f.url),
            article: num(f.article),
            passage: num(f.passage),
            start: num(f.start),
            end: num(f.end),
            text: text(f.text).unwrap_or_default(),
        })
    }
}
