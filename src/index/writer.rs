//! Building an index from a corpus: read articles, split passages, analyse, commit once.

use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use tantivy::schema::Schema;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{DateTime, Index, IndexSettings, IndexWriter, TantivyDocument};

use super::meta::IndexMeta;
use super::schema::Fields;
use crate::analysis::{self, ANALYSIS_VERSION};
use crate::corpus::{read_corpus, Article, InputError, Item};
use crate::error::{Error, Result};
use crate::passage::split_passages;

/// How to build an index.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Memory budget of the index writer, in megabytes (shared by its threads).
    pub memory_mb: usize,
    /// Indexing threads; 0 picks one per core (at most 8).
    pub threads: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            memory_mb: 400,
            threads: 0,
        }
    }
}

/// What a build did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BuildReport {
    /// Articles indexed.
    pub articles: u64,
    /// Passages indexed (one index document each).
    pub passages: u64,
    /// Inputs (files, or lines of JSON Lines files) skipped because they could not be read.
    pub skipped: u64,
    /// Inputs indexed with a warning (e.g. invalid UTF-8 replaced, unreadable date).
    pub warnings: u64,
    /// Bytes of article text indexed.
    pub bytes: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl BuildReport {
    /// Throughput in megabytes of article text per second.
    pub fn mb_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        }
    }
}

/// Builds (or rebuilds from scratch) the index in `dir` from the articles under `paths`.
///
/// Inputs that cannot be read are passed to `on_problem` (with `true` when the input was
/// skipped, `false` for a warning) and counted; they never abort the build. The previous
/// index in `dir`, if any, stays readable until the new one is committed.
pub fn build_index(
    paths: &[PathBuf],
    dir: &Path,
    options: &BuildOptions,
    on_problem: &mut dyn FnMut(&InputError, bool),
) -> Result<BuildReport> {
    let started = Instant::now();
    let (schema, fields) = Fields::schema();
    let index = prepare_dir(dir, &schema)?;
    analysis::register(&index);
    let threads = if options.threads == 0 {
        std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .min(8)
    } else {
        options.threads
    };
    let budget = (options.memory_mb.max(15 * threads) * 1_000_000).min(threads * 4_000_000_000);
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(threads, budget)
        .map_err(|e| Error::index(dir, e))?;
    writer
        .delete_all_documents()
        .map_err(|e| Error::index(dir, e))?;

    let mut report = BuildReport::default();
    let mut failure: Option<Error> = None;
    read_corpus(paths, &mut |item| {
        if failure.is_some() {
            return;
        }
        match item {
            Item::Article(article) => {
                if let Err(e) = add_article(&writer, &fields, &article, &mut report) {
                    failure = Some(Error::index(dir, e));
                }
            }
            Item::Problem(problem) => {
                report.skipped += 1;
                on_problem(&problem, true);
            }
            Item::Warning(warning) => {
                report.warnings += 1;
                on_problem(&warning, false);
            }
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }

    let meta = IndexMeta {
        analysis_version: ANALYSIS_VERSION,
        built_by: format!("search {}", env!("CARGO_PKG_VERSION")),
        built_at: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        paths: paths.iter().map(|p| p.display().to_string()).collect(),
        articles: report.articles,
        passages: report.passages,
    };
    let payload = serde_json::to_string(&meta).expect("metadata serialises");
    let mut commit = writer.prepare_commit().map_err(|e| Error::index(dir, e))?;
    commit.set_payload(&payload);
    commit.commit().map_err(|e| Error::index(dir, e))?;
    writer
        .wait_merging_threads()
        .map_err(|e| Error::index(dir, e))?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

fn add_article(
    writer: &IndexWriter<TantivyDocument>,
    f: &Fields,
    article: &Article,
    report: &mut BuildReport,
) -> tantivy::Result<()> {
    let article_no = report.articles;
    report.articles += 1;
    report.bytes += article.text.len() as u64;
    for p in split_passages(&article.text) {
        let mut doc = TantivyDocument::default();
        doc.add_text(f.text, &article.text[p.start..p.end]);
        doc.add_text(f.exact, &article.text[p.start..p.end]);
        if let Some(title) = &article.title {
            doc.add_text(f.title, title);
        }
        doc.add_text(f.doc_id, &article.doc_id);
        doc.add_text(f.path, &article.path);
        if let Some(date) = article.date {
            doc.add_date(
                f.date,
                DateTime::from_timestamp_secs(date.to_unix_days() * 86_400),
            );
        }
        if let Some(source) = &article.source {
            doc.add_text(f.source, source);
        }
        if let Some(url) = &article.url {
            doc.add_text(f.url, url);
        }
        doc.add_u64(f.article, article_no);
        doc.add_u64(f.passage, p.number as u64);
        doc.add_u64(f.start, p.start as u64);
        doc.add_u64(f.end, p.end as u64);
        doc.add_u64(f.order, report.passages);
        writer.add_document(doc)?;
        report.passages += 1;
    }
    Ok(())
}

/// Opens the index in `dir` for rebuilding, or creates it. Refuses to touch a folder that
/// holds something else than an index.
fn prepare_dir(dir: &Path, schema: &Schema) -> Result<Index> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    if dir.join("meta.json").exists() {
        let reusable = Index::open_in_dir(dir).ok().filter(|index| {
            let ours =
                IndexMeta::read(index).is_some_and(|m| m.analysis_version == ANALYSIS_VERSION);
            ours && index.schema() == *schema
        });
        if let Some(index) = reusable {
            return Ok(index);
        }
        remove_index_files(dir)?;
    } else {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            if !entry.file_name().to_string_lossy().starts_with('.') {
                return Err(Error::NotAnIndex {
                    path: dir.to_path_buf(),
                    reason: format!("it holds {}", entry.file_name().to_string_lossy()),
                });
            }
        }
    }
    Index::builder()
        .schema(schema.clone())
        .settings(index_settings())
        .create_in_dir(dir)
        .map_err(|e| Error::index(dir, e))
}

/// Settings of a new index: the passage texts are stored with zstd, which keeps the doc store
/// to about half of what lz4 takes for French prose, at a few microseconds per loaded block.
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(3),
        }),
        ..IndexSettings::default()
    }
}

/// Removes the files of a tantivy index (meta files and segment files) from `dir`.
fn remove_index_files(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let stem = name.split('.').next().unwrap_or("");
        let segment = stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit());
        if segment || name == "meta.json" || name == ".managed.json" {
            std::fs::remove_file(entry.path()).map_err(|e| Error::io(&entry.path(), e))?;
        }
    }
    Ok(())
}
