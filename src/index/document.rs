//! The index documents of one article: one per passage, the article's own fields on the
//! head passage only.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tantivy::schema::document::Document;
use tantivy::{DateTime, TantivyDocument};

use super::dup::passage_key;
use super::schema::Fields;
use crate::corpus::Article;
use crate::passage::split_passages;

/// A passage document with what the writer keeps track of.
pub struct PassageDoc {
    /// The document to add.
    pub doc: TantivyDocument,
    /// The passage's build ordinal.
    pub order: u64,
    /// Its duplicate key, if it is long enough to have one.
    pub dup: Option<u64>,
    /// About how many bytes of memory the document takes.
    pub bytes: usize,
}

/// The documents of `article` as ordinal `article_no`, its passages numbered from
/// `first_order` on. They must be added together (`IndexWriter::run`), so that they stay
/// contiguous in one segment and each passage finds its head.
#[cfg(test)]
pub fn article_docs(
    f: &Fields,
    article: &Article,
    hash: u64,
    article_no: u64,
    first_order: u64,
) -> Vec<PassageDoc> {
    article_docs_with(f, article, None, hash, article_no, first_order)
}

/// [`article_docs`] of an article whose source an alias renamed from `source_raw` (the
/// spelling read): the head passage stores the name, then the spelling.
pub fn article_docs_with(
    f: &Fields,
    article: &Article,
    source_raw: Option<&str>,
    hash: u64,
    article_no: u64,
    first_order: u64,
) -> Vec<PassageDoc> {
    let date = article
        .date
        .filter(|date| date.indexable())
        .map(|date| DateTime::from_timestamp_secs(date.to_unix_days() * 86_400));
    let mut docs = Vec::new();
    for (i, p) in split_passages(&article.text).into_iter().enumerate() {
        let text = &article.text[p.start..p.end];
        let order = first_order + i as u64;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.text, text);
        doc.add_text(f.exact, text);
        if p.number == 0 {
            if let Some(title) = &article.title {
                doc.add_text(f.title, title);
            }
            doc.add_text(f.doc_id, &article.doc_id);
            doc.add_text(f.path, &article.path);
            if let Some(url) = &article.url {
                doc.add_text(f.url, url);
            }
            if let Some(date) = date {
                doc.add_date(f.article_date, date);
            }
            if let Some(source) = &article.source {
                doc.add_text(f.article_source, source);
                if let Some(raw) = source_raw {
                    doc.add_text(f.article_source, raw);
                }
            }
            doc.add_u64(f.hash, hash);
        }
        // Date and source filter every passage (indexed or fast, not stored).
        if let Some(date) = date {
            doc.add_date(f.date, date);
        }
        if let Some(source) = &article.source {
            doc.add_text(f.source, source);
        }
        doc.add_u64(f.article, article_no);
        doc.add_u64(f.passage, p.number as u64);
        doc.add_u64(f.start, p.start as u64);
        doc.add_u64(f.end, p.end as u64);
        doc.add_u64(f.order, order);
        let dup = passage_key(text);
        if let Some(key) = dup {
            doc.add_u64(f.dup, key);
        }
        // The text twice (stem and exact fields), the title on the head, ~30 values.
        let bytes = 2 * text.len() + if p.number == 0 { 1024 } else { 0 } + 1024;
        docs.push(PassageDoc {
            doc,
            order,
            dup,
            bytes,
        });
    }
    docs
}

/// A passage document on its way to the index writer. Its bytes count as in flight until the
/// writer has indexed it and drops it: tantivy queues up to 10,000 batches — one per article
/// here — whatever their size, so the writer bounds the bytes queued itself ([`Queue`]).
pub struct Queued {
    doc: TantivyDocument,
    bytes: usize,
    in_flight: Arc<AtomicUsize>,
}

impl Drop for Queued {
    fn drop(&mut self) {
        self.in_flight.fetch_sub(self.bytes, Ordering::Relaxed);
    }
}

impl Document for Queued {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }
}

/// The bytes of documents handed to the index writer and not yet indexed, kept under a cap.
pub struct Queue {
    in_flight: Arc<AtomicUsize>,
    cap: usize,
}

impl Queue {
    /// A queue holding at most about `cap` bytes of documents.
    pub fn new(cap: usize) -> Queue {
        Queue {
            in_flight: Arc::new(AtomicUsize::new(0)),
            cap,
        }
    }

    /// Waits until the queue has room (or a while: the writer's threads are then stuck,
    /// and adding reports their error). Called before handing the writer an article's batch.
    pub fn wait_for_room(&self) {
        let started = Instant::now();
        while self.in_flight.load(Ordering::Relaxed) > self.cap
            && started.elapsed() < Duration::from_secs(10)
        {
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// `doc`, counted in the queue for about `bytes` (text and overhead).
    pub fn admit(&self, doc: TantivyDocument, bytes: usize) -> Queued {
        self.in_flight.fetch_add(bytes, Ordering::Relaxed);
        Queued {
            doc,
            bytes,
            in_flight: self.in_flight.clone(),
        }
    }
}
