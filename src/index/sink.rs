//! Writing to the index: each article's passages as one batch, removals by article ordinal,
//! and commits with their duplicate table.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tantivy::indexer::UserOperation;
use tantivy::{Index, IndexWriter, Term};

use super::document::{article_docs_with, Queue, Queued};
use super::dup_table::{is_table_file, DupTracker};
use super::meta::IndexMeta;
use super::schema::Fields;
use super::state::Known;
use crate::corpus::Article;

/// The index writer of a run, with what it keeps track of between commits.
pub(super) struct Sink {
    writer: IndexWriter<Queued>,
    fields: Fields,
    dir: PathBuf,
    /// Documents handed to the writer's threads and not yet indexed.
    queue: Queue,
    /// Every live passage's duplicate key.
    dups: DupTracker,
    /// The duplicate table of the last commit, and the one before it (kept so that a reader
    /// that opened the previous commit a moment ago still finds its table).
    current: Option<String>,
    previous: Option<String>,
}

impl Sink {
    /// A writer on `index` (in `dir`) with `threads` threads sharing `budget` bytes.
    pub fn new(index: &Index, dir: &Path, threads: usize, budget: usize) -> tantivy::Result<Sink> {
        Ok(Sink {
            writer: index.writer_with_num_threads(threads, budget)?,
            fields: Fields::schema().1,
            dir: dir.to_path_buf(),
            // An eighth of the budget (8 to 256 MB) queued for the writer's threads.
            queue: Queue::new((budget / 8).clamp(8_000_000, 256_000_000)),
            dups: DupTracker::default(),
            current: None,
            previous: IndexMeta::read(index).and_then(|m| m.dup_table),
        })
    }

    /// Starts from the duplicate keys of the passages already in the index.
    pub fn track(&mut self, dups: DupTracker) {
        self.dups = dups;
    }

    /// Deletes every passage of an indexed article (by its ordinals: an article's ordinal is
    /// on each of its passages, its id only on the head).
    pub fn delete(&self, known: &Known) {
        for &ordinal in std::iter::once(&known.article).chain(&known.others) {
            self.writer
                .delete_term(Term::from_field_u64(self.fields.article, ordinal));
        }
    }

    /// Adds the passages of `article` as ordinal `article_no`, numbered from `first_order`,
    /// in one batch (so they are contiguous in one segment); returns how many.
    pub fn add(
        &mut self,
        article: &Article,
        source_raw: Option<&str>,
        hash: u64,
        article_no: u64,
        first_order: u64,
    ) -> tantivy::Result<u64> {
        let docs = article_docs_with(
            &self.fields,
            article,
            source_raw,
            hash,
            article_no,
            first_order,
        );
        let n = docs.len() as u64;
        if n == 0 {
            return Ok(0);
        }
        self.queue.wait_for_room();
        let mut batch = Vec::with_capacity(docs.len());
        for d in docs {
            if let Some(key) = d.dup {
                self.dups.add(key, d.order, article_no);
            }
            batch.push(UserOperation::Add(self.queue.admit(d.doc, d.bytes)));
        }
        self.writer.run(batch)?;
        Ok(n)
    }

    /// Commits with `meta` as payload, after writing the duplicate table of the `live`
    /// articles beside the index (a file named by its content, which the payload names),
    /// then removes the table files no longer needed.
    pub fn commit(
        &mut self,
        mut meta: IndexMeta,
        live: &HashMap<String, Known>,
    ) -> tantivy::Result<()> {
        let ids: HashMap<u64, &str> = live
            .iter()
            .map(|(id, k)| (k.article, id.as_str()))
            .collect();
        let table = self.dups.table(&ids);
        if !table.is_empty() {
            let name = table.file_name();
            let path = self.dir.join(&name);
            if !path.exists() {
                super::directory::write_atomic(&path, table.as_bytes())?;
            }
            meta.dup_table = Some(name);
        }
        let payload = serde_json::to_string(&meta).expect("metadata serialises");
        let mut commit = self.writer.prepare_commit()?;
        commit.set_payload(&payload);
        commit.commit()?;
        if self.current != meta.dup_table {
            self.previous = self.current.take().or(self.previous.take());
            self.current = meta.dup_table;
        }
        self.remove_old_tables();
        Ok(())
    }

    /// Waits for the merges to end.
    pub fn finish(self) -> tantivy::Result<()> {
        self.writer.wait_merging_threads()
    }

    /// Removes the duplicate table files other than the current and the previous one (a
    /// file that cannot be removed is left for the next commit).
    fn remove_old_tables(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let keep = [&self.current, &self.previous]
                .iter()
                .any(|t| t.as_deref() == Some(name.as_str()));
            if is_table_file(&name) && !keep {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}
