//! Opening an index for search, always with the French analyzer registered, and loading
//! stored passages with their article's fields.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::collector::DocSetCollector;
use tantivy::columnar::Column;
use tantivy::query::TermQuery;
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{Field, IndexRecordOption, OwnedValue};
use tantivy::store::StoreReader;
use tantivy::{DateTime, DocAddress, Index, IndexReader, ReloadPolicy, Searcher, Term};

use super::columns::ColumnCache;
use super::dup_table::{is_table_file, DupTable};
use super::meta::{IndexMeta, INDEX_FORMAT};
use super::schema::Fields;
use super::verify::{
    check_segment_files, damaged_error, is_plain_name, open_directory, VERIFIED_AT_OPEN,
};
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
    /// The duplicate table of the commit opened, read at open (so that a later commit
    /// cannot remove it first).
    dup_table: DupTable,
    columns: ColumnCache,
    /// Each segment's stored texts, opened once (see [`SearchIndex::load`]).
    stores: std::sync::RwLock<rustc_hash::FxHashMap<tantivy::index::SegmentId, Arc<StoreReader>>>,
}

/// A passage as stored in the index, with its article's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPassage {
    pub doc_id: String,
    pub path: String,
    pub title: Option<String>,
    pub date: Option<Date>,
    pub source: Option<String>,
    /// The source as the article spelled it, when a source alias renamed it.
    pub source_raw: Option<String>,
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
    /// there is no index, a foreign one, or one built with another analysis version or
    /// index format.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        if !dir.join("meta.json").is_file() {
            let path = dir.to_path_buf();
            return Err(if dir.is_file() {
                Error::IndexIsFile { path }
            } else if super::folder::has_marker(dir) {
                // A first build stopped before tantivy wrote its meta file.
                Error::EmptyBuild { path }
            } else if dir.is_dir() && !crate::corpus::no_input_files(std::slice::from_ref(&path)) {
                Error::CorpusNotIndex { path }
            } else {
                Error::NoIndex { path }
            });
        }
        // A file the user may not read is said so, with its name (not "damaged").
        let meta_path = dir.join("meta.json");
        if let Err(e) = std::fs::File::open(&meta_path) {
            return Err(Error::io(&meta_path, e));
        }
        let index = open_directory(dir).map_err(|e| Error::corrupt(dir, &e))?;
        let meta = match IndexMeta::read(&index) {
            Some(meta) => meta,
            None if super::folder::has_marker(dir)
                && index.load_metas().is_ok_and(|m| m.segments.is_empty()) =>
            {
                return Err(Error::EmptyBuild {
                    path: dir.to_path_buf(),
                })
            }
            None if super::folder::has_marker(dir) => {
                return Err(Error::Corrupt {
                    path: dir.to_path_buf(),
                    reason: "its last commit has no search metadata".into(),
                })
            }
            None => {
                return Err(Error::NotAnIndex {
                    path: dir.to_path_buf(),
                    reason: "it was not built by search".into(),
                })
            }
        };
        if meta.analysis_version != ANALYSIS_VERSION {
            return Err(Error::AnalysisVersion {
                path: dir.to_path_buf(),
                found: meta.analysis_version,
                expected: ANALYSIS_VERSION,
            });
        }
        if meta.format != INDEX_FORMAT {
            return Err(Error::IndexFormat {
                path: dir.to_path_buf(),
                found: meta.format,
                expected: INDEX_FORMAT,
            });
        }
        let (schema, fields) = Fields::schema();
        if index.schema() != schema {
            return Err(Error::NotAnIndex {
                path: dir.to_path_buf(),
                reason: "its schema is not this version's".into(),
            });
        }
        let dup_table = match &meta.dup_table {
            Some(name) => {
                let corrupt = |reason: String| Error::Corrupt {
                    path: dir.to_path_buf(),
                    reason,
                };
                // A name read from an index file must be a file of the index folder.
                if !is_plain_name(name) || !is_table_file(name) {
                    return Err(corrupt(format!(
                        "its metadata names {name:?} as its duplicate table"
                    )));
                }
                let file = dir.join(name);
                let bytes = std::fs::read(&file).map_err(|e| match e.kind() {
                    std::io::ErrorKind::PermissionDenied => Error::io(&file, e),
                    _ => corrupt(format!("its duplicate table {name} cannot be read: {e}")),
                })?;
                DupTable::from_bytes(bytes)
                    .ok_or_else(|| corrupt(format!("its duplicate table {name} is damaged")))?
            }
            None => DupTable::default(),
        };
        // Damage in the columns, norms and dictionaries would give wrong answers silently:
        // their checksums are verified (the rest shows as an error when read).
        let (_, _, damaged) =
            check_segment_files(&index, dir, None, |ext| VERIFIED_AT_OPEN.contains(&ext));
        if let Some(e) = damaged_error(dir, &damaged) {
            return Err(e);
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
            dup_table,
            columns: ColumnCache::default(),
            stores: Default::default(),
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

    /// The passages held by several articles, of the commit opened.
    pub fn dup_table(&self) -> &DupTable {
        &self.dup_table
    }

    /// Loads a stored passage, with its article's fields (stored on the article's head
    /// passage, usually in the same compressed block).
    pub fn passage(&self, searcher: &Searcher, address: DocAddress) -> Result<StoredPassage> {
        let numbers = self.numbers(searcher, address)?;
        let mut doc = self.load(searcher, address)?;
        let f = &self.fields;
        let mut p = StoredPassage {
            doc_id: String::new(),
            path: String::new(),
            title: None,
            date: None,
            source: None,
            source_raw: None,
            url: None,
            article: numbers.article,
            passage: numbers.passage,
            start: numbers.start,
            end: numbers.end,
            text: doc.take_str(f.text).unwrap_or_default(),
        };
        if p.passage == 0 {
            self.article_fields(doc, &mut p);
        } else {
            let head = self.head(searcher, address, p.article, p.passage)?;
            self.article_fields(head, &mut p);
        }
        Ok(p)
    }

    /// The article ordinal, passage number and byte range of the passage at `address`, from
    /// their columns.
    fn numbers(&self, searcher: &Searcher, address: DocAddress) -> Result<Numbers> {
        let columns = self
            .columns
            .passages(searcher.segment_reader(address.segment_ord))
            .map_err(|e| Error::index(&self.path, e))?;
        let value = |column: &Column<u64>| column.first(address.doc_id).unwrap_or(0);
        Ok(Numbers {
            article: value(&columns.article),
            passage: value(&columns.passage),
            start: value(&columns.start),
            end: value(&columns.end),
        })
    }

    /// The head passage (passage 0) of article `article`, whose passage `passage` is at
    /// `address`: `passage` documents before it, as an article's passages are contiguous;
    /// looked up by the article's ordinal if not.
    fn head(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        article: u64,
        passage: u64,
    ) -> Result<StoredValues> {
        let is_head = |addr: DocAddress| -> Result<bool> {
            let n = self.numbers(searcher, addr)?;
            Ok(n.article == article && n.passage == 0)
        };
        if let Some(doc_id) = u32::try_from(passage)
            .ok()
            .and_then(|n| address.doc_id.checked_sub(n))
        {
            let addr = DocAddress::new(address.segment_ord, doc_id);
            if is_head(addr)? {
                return self.load(searcher, addr);
            }
        }
        let query = TermQuery::new(
            Term::from_field_u64(self.fields.article, article),
            IndexRecordOption::Basic,
        );
        let passages = searcher
            .search(&query, &DocSetCollector)
            .map_err(|e| Error::index(&self.path, e))?;
        for addr in passages {
            if is_head(addr)? {
                return self.load(searcher, addr);
            }
        }
        Err(Error::Corrupt {
            path: self.path.clone(),
            reason: format!("article {article} has no first passage"),
        })
    }

    fn load(&self, searcher: &Searcher, address: DocAddress) -> Result<StoredValues> {
        let damaged = || Error::Corrupt {
            path: self.path.clone(),
            reason: "its stored texts are damaged; `search check` names the file".into(),
        };
        // tantivy trusts the lengths written in a stored document and allocates them: damaged,
        // a length of 10¹⁴ aborted the process. The document's bytes are walked first; its
        // block is then in the store's cache, and read from there.
        let segment = searcher.segment_reader(address.segment_ord);
        let cached = self
            .stores
            .read()
            .ok()
            .and_then(|m| m.get(&segment.segment_id()).cloned());
        let store = match cached {
            Some(store) => store,
            None => {
                // As many blocks as tantivy's own searcher keeps.
                let store = Arc::new(segment.get_store_reader(100).map_err(|_| damaged())?);
                if let Ok(mut m) = self.stores.write() {
                    m.insert(segment.segment_id(), store.clone());
                }
                store
            }
        };
        let bytes = store
            .get_document_bytes(address.doc_id)
            .map_err(|_| damaged())?;
        if !stored_bytes_hold(bytes.as_slice()) {
            return Err(damaged());
        }
        store
            .get::<StoredValues>(address.doc_id)
            .map_err(|e| match e {
                // Stored texts that do not decompress or decode: the doc store is damaged.
                tantivy::TantivyError::DataCorruption(_)
                | tantivy::TantivyError::IoError(_)
                | tantivy::TantivyError::InternalError(_)
                | tantivy::TantivyError::SchemaError(_)
                | tantivy::TantivyError::DeserializeError(_) => Error::Corrupt {
                    path: self.path.clone(),
                    reason: "its stored texts are damaged; `search check` names the file".into(),
                },
                other => Error::index(&self.path, other),
            })
    }

    /// Fills `p` with the article's fields stored on its head passage `head`.
    fn article_fields(&self, mut head: StoredValues, p: &mut StoredPassage) {
        let f = &self.fields;
        p.doc_id = head.take_str(f.doc_id).unwrap_or_default();
        p.path = head.take_str(f.path).unwrap_or_default();
        p.title = head.take_str(f.title);
        p.date = head
            .date(f.article_date)
            .map(|d| Date::from_unix_days(d.into_timestamp_secs().div_euclid(86_400)));
        // The source's name, then the spelling read when an alias renamed it (aliases.rs).
        let mut sources = head.0.iter_mut().filter_map(|(field, v)| match v {
            OwnedValue::Str(s) if *field == f.article_source => Some(std::mem::take(s)),
            _ => None,
        });
        p.source = sources.next();
        p.source_raw = sources.next();
        p.url = head.take_str(f.url);
    }
}

/// The stored values of a document as they come out of the doc store: its strings are moved
/// out, not copied, and no document structure is built around them.
struct StoredValues(Vec<(Field, OwnedValue)>);

impl StoredValues {
    /// The first string of `field`, moved out.
    fn take_str(&mut self, field: Field) -> Option<String> {
        self.0.iter_mut().find_map(|(f, v)| match v {
            OwnedValue::Str(s) if *f == field => Some(std::mem::take(s)),
            _ => None,
        })
    }

    /// The first date of `field`.
    fn date(&self, field: Field) -> Option<DateTime> {
        self.0.iter().find_map(|(f, v)| match v {
            OwnedValue::Date(d) if *f == field => Some(*d),
            _ => None,
        })
    }
}

impl DocumentDeserialize for StoredValues {
    fn deserialize<'de, D>(mut deserializer: D) -> std::result::Result<Self, DeserializeError>
    where
        D: DocumentDeserializer<'de>,
    {
        // The count comes from the stored bytes: damaged, it can be anything (a capacity of
        // 6·10¹⁶ aborted the process). A passage stores a handful of values.
        let mut values = Vec::with_capacity(deserializer.size_hint().min(32));
        while let Some(value) = deserializer.next_field()? {
            values.push(value);
        }
        Ok(StoredValues(values))
    }
}

/// Whether `bytes` can be a stored document of this schema: a count of values, then each
/// value's field and type, texts of a length that fits in what is left, numbers and dates of
/// 8 bytes, nothing after the last. (tantivy's document format, `schema/document/de.rs`:
/// `VInt` lengths end with the byte whose high bit is set.)
fn stored_bytes_hold(mut bytes: &[u8]) -> bool {
    fn vint(bytes: &mut &[u8]) -> Option<u64> {
        let mut value = 0u64;
        for (i, &b) in bytes.iter().enumerate().take(10) {
            value |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 != 0 {
                *bytes = &bytes[i + 1..];
                return Some(value);
            }
        }
        None
    }
    fn take(bytes: &mut &[u8], n: u64) -> bool {
        match usize::try_from(n) {
            Ok(n) if n <= bytes.len() => {
                *bytes = &bytes[n..];
                true
            }
            _ => false,
        }
    }
    let Some(values) = vint(&mut bytes) else {
        return false;
    };
    if values > bytes.len() as u64 {
        return false;
    }
    for _ in 0..values {
        // The field (4 bytes), then the type code.
        if !take(&mut bytes, 4) || bytes.is_empty() {
            return false;
        }
        let code = bytes[0];
        bytes = &bytes[1..];
        let fits = match code {
            // text
            0 => match vint(&mut bytes) {
                Some(len) => take(&mut bytes, len),
                None => false,
            },
            // u64, i64, date, f64
            1 | 2 | 5 | 6 => take(&mut bytes, 8),
            _ => false,
        };
        if !fits {
            return false;
        }
    }
    bytes.is_empty()
}

/// A passage's numbers, read from their columns.
struct Numbers {
    article: u64,
    passage: u64,
    start: u64,
    end: u64,
}

#[cfg(test)]
mod tests {
    use tantivy::{IndexWriter, TantivyDocument};

    use super::*;
    use crate::corpus::Article;
    use crate::index::document::article_docs;

    fn article(id: &str, text: &str) -> Article {
        Article {
            doc_id: id.to_string(),
            path: format!("{id}.txt"),
            title: Some(format!("Paragraphe {id}")),
            date: None,
            source: Some("AFP".to_string()),
            url: None,
            text: text.to_string(),
            line: None,
        }
    }

    #[test]
    fn a_passage_finds_its_head_when_its_article_is_not_contiguous() {
        let dir = tempfile::tempdir().unwrap();
        let (schema, fields) = Fields::schema();
        let index = Index::create_in_dir(dir.path(), schema).unwrap();
        analysis::register(&index);
        let a = article_docs(
            &fields,
            &article("a", "Premier paragraphe, de huit mots pour être un passage.\n\nSecond paragraphe, de huit mots lui aussi, voilà."),
            1,
            0,
            0,
        );
        let b = article_docs(
            &fields,
            &article("b", "Autre article, qui a lui aussi huit mots.\n\nSa suite, qui a aussi huit mots ou plus."),
            2,
            1,
            2,
        );
        assert_eq!((a.len(), b.len()), (2, 2));
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        // a's second passage first and b between a's passages: `passage` documents before
        // a's second passage is not its head.
        let mut docs: Vec<TantivyDocument> = Vec::new();
        let mut a = a.into_iter().map(|p| p.doc);
        let mut b = b.into_iter().map(|p| p.doc);
        let (a0, a1) = (a.next().unwrap(), a.next().unwrap());
        docs.extend([a1, b.next().unwrap(), a0, b.next().unwrap()]);
        for doc in docs {
            writer.add_document(doc).unwrap();
        }
        let meta = IndexMeta {
            analysis_version: ANALYSIS_VERSION,
            format: INDEX_FORMAT,
            built_by: "test".to_string(),
            built_at: 0,
            paths: Vec::new(),
            articles: 2,
            passages: 4,
            complete: true,
            next_article: 2,
            next_order: 4,
            dup_table: None,
            sources: None,
            inputs_stamp: None,
        };
        let mut commit = writer.prepare_commit().unwrap();
        commit.set_payload(&serde_json::to_string(&meta).unwrap());
        commit.commit().unwrap();

        let index = SearchIndex::open(dir.path()).unwrap();
        let searcher = index.searcher();
        let first = index.passage(&searcher, DocAddress::new(0, 0)).unwrap();
        assert_eq!(
            (first.doc_id.as_str(), first.passage, first.title.as_deref()),
            ("a", 1, Some("Paragraphe a"))
        );
        assert_eq!(
            first.text,
            "Second paragraphe, de huit mots lui aussi, voilà."
        );
        let last = index.passage(&searcher, DocAddress::new(0, 3)).unwrap();
        assert_eq!(
            (last.doc_id.as_str(), last.passage, last.source.as_deref()),
            ("b", 1, Some("AFP"))
        );

        // The title bonus reaches both passages of `a`, its head out of place or not, and
        // the explained parts add up to each score.
        let options = crate::SearchOptions {
            explain: true,
            ..crate::SearchOptions::default()
        };
        let results = index.search("paragraphe", &options).unwrap();
        assert_eq!(results.hits.len(), 2);
        for hit in &results.hits {
            let title: f32 = hit
                .explanation
                .iter()
                .filter(|c| c.field == "title")
                .map(|c| c.score)
                .sum();
            let all: f32 = hit.explanation.iter().map(|c| c.score).sum();
            assert!(title > 0.0, "no title bonus on passage {}", hit.passage);
            assert!(
                (all - hit.score).abs() < 1e-3,
                "{all} against {}",
                hit.score
            );
        }
    }
}
