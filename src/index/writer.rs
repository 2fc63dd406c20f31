//! Building and updating an index from a corpus: read articles, skip the unchanged ones,
//! re-index the changed, remove the gone, commit atomically.
//!
//! Crash safety: tantivy commits are atomic, so a killed run leaves the last commit intact.
//! Long runs commit every [`BuildOptions::commit_every`] (marked incomplete in the commit
//! payload); the next run finds what was committed unchanged, indexes the rest and removes
//! what is gone, so the index ends holding exactly the corpus.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tantivy::schema::Schema;
use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexSettings};
use xxhash_rust::xxh3::Xxh3;

use super::aliases::{aliases_file, Mapper, SourceAliases};
use super::directory::{Access, IndexDirectory};
use super::folder;
use super::meta::{IndexMeta, INDEX_FORMAT};
use super::path_key::{path_key, PathKeys};
use super::report::{FileReport, IngestReport, Issue, Totals};
use super::schema::Fields;
use super::sink::Sink;
use super::state::{self, Known, State};
use crate::analysis::{self, ANALYSIS_VERSION};
use crate::corpus::{read_corpus_with, Article, FieldMap, InputError, Item, ReadOptions};
use crate::error::{Error, Result};

/// How to build or update an index.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Memory budget of the index writer, in megabytes (shared by its threads).
    pub memory_mb: usize,
    /// Indexing threads; 0 picks one per core (at most 8).
    pub threads: usize,
    /// Field names of structured records (JSON, JSON Lines, CSV).
    pub fields: FieldMap,
    /// Start over: drop everything indexed before (also repairs an unreadable index).
    pub rebuild: bool,
    /// Keep articles whose files are gone instead of removing them.
    pub keep_missing: bool,
    /// Commit at least this often, so a long run keeps its progress if killed.
    pub commit_every: Duration,
    /// The source aliases file (`spelling<TAB>name` lines, see `aliases.rs`); `None` reads
    /// `sources.tsv` beside the paths indexed when there is one.
    pub sources: Option<PathBuf>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            memory_mb: 200,
            threads: 0,
            fields: FieldMap::default(),
            rebuild: false,
            keep_missing: false,
            commit_every: Duration::from_secs(30),
            sources: None,
        }
    }
}

/// What a build did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BuildReport {
    /// Articles in the index after the run.
    pub articles: u64,
    /// Passages in the index after the run (one index document each).
    pub passages: u64,
    /// Inputs (files, or lines of JSON Lines files) skipped because they could not be read.
    pub skipped: u64,
    /// Inputs indexed with a warning (e.g. invalid UTF-8 replaced, unreadable date).
    pub warnings: u64,
    /// Bytes of input read.
    pub bytes: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Per-file outcomes and totals.
    pub details: IngestReport,
}

impl BuildReport {
    /// Throughput in megabytes of input per second.
    pub fn mb_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.bytes as f64 / 1e6 / self.seconds
        } else {
            0.0
        }
    }
}

/// Progress of a run, for a progress bar.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Progress {
    /// Files started.
    pub files: u64,
    /// Articles read.
    pub articles: u64,
    /// Input bytes read so far (compressed bytes for `.gz`).
    pub bytes: u64,
}

/// What an indexing run tells its caller as it goes.
#[derive(Debug)]
pub enum Event<'a> {
    /// An input skipped.
    Skipped(&'a InputError),
    /// An input read with a warning.
    Warning(&'a InputError),
    /// A detail for verbose output (a file's encoding).
    Info(&'a InputError),
    /// An article read twice: `doc_id` in `path` (at `line`, for a record) is the same as
    /// `of`; indexed once.
    Duplicate {
        path: &'a str,
        line: Option<usize>,
        doc_id: &'a str,
        of: &'a str,
        same_id: bool,
    },
    /// Progress so far.
    Progress(Progress),
    /// An intermediate commit was made.
    Committed { articles: u64 },
}

/// Builds (or rebuilds from scratch) the index in `dir` from the articles under `paths`;
/// problems go to `on_problem` (`true` when the input was skipped, `false` for a warning).
///
/// This is [`update_index`] with [`BuildOptions::rebuild`] set.
pub fn build_index(
    paths: &[PathBuf],
    dir: &Path,
    options: &BuildOptions,
    on_problem: &mut dyn FnMut(&InputError, bool),
) -> Result<BuildReport> {
    let options = BuildOptions {
        rebuild: true,
        ..options.clone()
    };
    update_index(paths, dir, &options, &mut |event| match event {
        Event::Skipped(p) => on_problem(p, true),
        Event::Warning(p) => on_problem(p, false),
        _ => {}
    })
}

/// Brings the index in `dir` in line with the articles under `paths`: adds new articles,
/// re-indexes changed ones (by content hash), removes those no longer found (unless
/// `keep_missing`, or their file could not be read this time), indexes an article read
/// twice (the same id) once. Creates the index if needed. Never fails on bad input: it is reported
/// through `observer` and counted. Queries on the index see the last commit meanwhile.
pub fn update_index(
    paths: &[PathBuf],
    dir: &Path,
    options: &BuildOptions,
    observer: &mut dyn FnMut(Event),
) -> Result<BuildReport> {
    let started = Instant::now();
    check_inputs(paths)?;
    // Files are recorded by canonical path, however the inputs are spelled (path_key.rs).
    let keys = PathKeys::new(paths);
    // Source aliases, read before anything is written: a bad line stops the run.
    let sources_file = aliases_file(paths, options.sources.as_deref());
    let mut aliases = match &sources_file {
        Some(file) => Some(Mapper::new(SourceAliases::read(file)?)),
        None => None,
    };
    let sources_key = sources_file.as_deref().map(path_key);
    let claimed = folder::claim(dir)?;
    let (schema, _) = Fields::schema();
    let target = open_target(&claimed, &schema, options.rebuild)?;
    let index = &target.index;
    let work_dir = target.dir.as_path();
    analysis::register(index);
    let threads = if options.threads == 0 {
        std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .min(8)
    } else {
        options.threads
    };
    let budget = (options.memory_mb.max(15 * threads) * 1_000_000).min(threads * 4_000_000_000);
    let mut sink =
        Sink::new(index, work_dir, threads, budget).map_err(|e| Error::index(work_dir, e))?;
    let rebuild = target.rebuild;
    let State {
        mut live,
        mut next_article,
        mut next_order,
        dups,
    } = if rebuild {
        State::default()
    } else {
        state::load(index).map_err(|e| Error::corrupt(dir, &e))?
    };
    sink.track(dups);
    let mut passages: u64 = live.values().map(|k| k.passages).sum();
    if rebuild {
        // A new index is a `search` index from the start: an empty commit, marked
        // incomplete, so that a run killed before its first commit leaves an index that
        // says so (and that the next run finishes) rather than a folder of stray files.
        let meta = meta(
            paths,
            sources_key.as_deref(),
            &live,
            0,
            next_article,
            next_order,
            false,
        );
        sink.commit(meta, &live)
            .map_err(|e| Error::index(work_dir, e))?;
    }

    let read_options = ReadOptions {
        fields: options.fields.clone(),
        ..ReadOptions::default()
    };
    let bytes_read = read_options.bytes_read.clone();
    let mut run = Run::default();
    let mut failure: Option<Error> = None;
    let mut last_commit = Instant::now();
    let summary = read_corpus_with(paths, &read_options, &mut |item| {
        if failure.is_some() {
            return;
        }
        match item {
            Item::Article(mut article) => {
                run.progress.articles += 1;
                // Reports name the file as it was reached; the index records its key.
                let key = keys.key(&article.path);
                let shown = std::mem::replace(&mut article.path, key);
                // The source's name by the aliases, the spelling read kept beside it.
                let renamed = match (&mut aliases, &article.source) {
                    (Some(aliases), Some(source)) => aliases.map(source),
                    _ => None,
                };
                let source_raw = renamed.and_then(|name| article.source.replace(name));
                let outcome = run.article(&article, source_raw.as_deref(), &shown, &live);
                match outcome {
                    Outcome::Duplicate { of, same_id } => observer(Event::Duplicate {
                        path: &shown,
                        line: article.line,
                        doc_id: &article.doc_id,
                        of: &of,
                        same_id,
                    }),
                    Outcome::Unchanged => {}
                    Outcome::Add { hash } | Outcome::Update { hash } => {
                        if let Some(old) = live.remove(&article.doc_id) {
                            sink.delete(&old);
                            passages -= old.passages;
                        }
                        match sink.add(
                            &article,
                            source_raw.as_deref(),
                            hash,
                            next_article,
                            next_order,
                        ) {
                            Ok(n) => {
                                live.insert(
                                    article.doc_id.clone(),
                                    Known {
                                        hash,
                                        article: next_article,
                                        others: Vec::new(),
                                        path: article.path.clone(),
                                        passages: n,
                                        broken: false,
                                    },
                                );
                                passages += n;
                                next_article += 1;
                                next_order += n;
                            }
                            Err(e) => failure = Some(Error::index(dir, e)),
                        }
                    }
                }
                if last_commit.elapsed() >= options.commit_every && failure.is_none() {
                    let meta = meta(
                        paths,
                        sources_key.as_deref(),
                        &live,
                        passages,
                        next_article,
                        next_order,
                        false,
                    );
                    match sink.commit(meta, &live) {
                        Ok(()) => observer(Event::Committed {
                            articles: live.len() as u64,
                        }),
                        Err(e) => failure = Some(Error::index(dir, e)),
                    }
                    last_commit = Instant::now();
                }
                run.progress.bytes = bytes_read.load(Ordering::Relaxed);
                observer(Event::Progress(run.progress));
            }
            Item::Problem(problem) => {
                run.problem(&problem, &keys);
                observer(Event::Skipped(&problem));
            }
            Item::Warning(warning) => {
                run.file(&warning.path).warnings.push(issue(&warning));
                run.totals.warnings += 1;
                observer(Event::Warning(&warning));
            }
            Item::Info(info) => {
                run.progress.files += 1;
                run.file(&info.path).encoding =
                    info.reason.strip_prefix("encoding ").map(str::to_string);
                observer(Event::Info(&info));
            }
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }

    // Articles no longer found.
    let mut removed = Vec::new();
    let mut missing: Vec<(u64, String)> = live
        .iter()
        .filter(|(id, _)| !run.seen_ids.contains(*id))
        .map(|(id, known)| (known.article, id.clone()))
        .collect();
    missing.sort();
    for (_, id) in missing {
        let known = &live[&id];
        if options.keep_missing || run.unreadable_holds(&keys.key(&known.path)) {
            run.totals.kept_missing += 1;
            continue;
        }
        if let Some(old) = live.remove(&id) {
            sink.delete(&old);
            passages -= old.passages;
            removed.push(id);
        }
    }
    run.totals.removed = removed.len() as u64;

    let meta = meta(
        paths,
        sources_key.as_deref(),
        &live,
        passages,
        next_article,
        next_order,
        true,
    );
    sink.commit(meta, &live)
        .map_err(|e| Error::index(work_dir, e))?;
    sink.finish().map_err(|e| Error::index(work_dir, e))?;
    // What was written is read back whole: every segment file's checksum (0.07 s on
    // OrangeSum's 104 MB index, against 30 s to build it).
    let (_, _, damaged) = super::verify::check_segments(&target.index, work_dir, None);
    if let Some(err) = super::verify::damaged_error(work_dir, &damaged) {
        return Err(err);
    }
    let Target { index, side, .. } = target;
    drop(index);
    if let Some(side) = side {
        folder::swap_in(&side, dir)?;
    }
    drop(claimed);

    let mut totals = run.totals;
    totals.files = summary.files as u64;
    totals.articles = live.len() as u64;
    totals.passages = passages;
    let mut files = run.files;
    for f in &mut files {
        f.settle();
    }
    let details = IngestReport {
        index: dir.display().to_string(),
        complete: true,
        rebuilt: rebuild,
        totals,
        files,
        removed,
    };
    Ok(BuildReport {
        articles: totals.articles,
        passages,
        skipped: totals.skipped,
        warnings: totals.warnings,
        bytes: summary.bytes,
        seconds: started.elapsed().as_secs_f64(),
        details,
    })
}

/// What to do with an article read.
enum Outcome {
    Add { hash: u64 },
    Update { hash: u64 },
    Unchanged,
    Duplicate { of: String, same_id: bool },
}

/// The bookkeeping of one run.
#[derive(Default)]
struct Run {
    /// Ids read so far.
    seen_ids: HashSet<String>,
    /// Files and folders that could not be read this time (their articles are not removed).
    unreadable: HashSet<String>,
    files: Vec<FileReport>,
    file_index: HashMap<String, usize>,
    totals: Totals,
    progress: Progress,
}

impl Run {
    fn file(&mut self, path: &str) -> &mut FileReport {
        let i = match self.file_index.get(path) {
            Some(&i) => i,
            None => {
                self.files.push(FileReport {
                    path: path.to_string(),
                    ..FileReport::default()
                });
                self.file_index
                    .insert(path.to_string(), self.files.len() - 1);
                self.files.len() - 1
            }
        };
        &mut self.files[i]
    }

    /// True when `path` is, or is inside, an input that could not be read this time.
    fn unreadable_holds(&self, path: &str) -> bool {
        self.unreadable.contains(path)
            || self.unreadable.iter().any(|u| {
                path.strip_prefix(u.as_str())
                    .is_some_and(|rest| rest.starts_with(std::path::MAIN_SEPARATOR))
            })
    }

    fn problem(&mut self, problem: &InputError, keys: &PathKeys) {
        self.totals.skipped += 1;
        if problem.line.is_none() && problem.reason != "no such file or directory" {
            self.unreadable.insert(keys.key(&problem.path));
        }
        self.file(&problem.path).problems.push(issue(problem));
    }

    /// What to do with `article` (its `path` a key), read from the file `shown`.
    fn article(
        &mut self,
        article: &Article,
        source_raw: Option<&str>,
        shown: &str,
        live: &HashMap<String, Known>,
    ) -> Outcome {
        let content = content_hash(article, source_raw);
        let outcome = if self.seen_ids.contains(&article.doc_id) {
            Outcome::Duplicate {
                of: article.doc_id.clone(),
                same_id: true,
            }
        } else {
            self.seen_ids.insert(article.doc_id.clone());
            let hash = stored_hash(content, article);
            match live.get(&article.doc_id) {
                Some(k) if k.hash == hash && !k.broken => Outcome::Unchanged,
                Some(_) => Outcome::Update { hash },
                None => Outcome::Add { hash },
            }
        };
        let file = self.file(shown);
        match outcome {
            Outcome::Add { .. } => file.added += 1,
            Outcome::Update { .. } => file.updated += 1,
            Outcome::Unchanged => file.unchanged += 1,
            Outcome::Duplicate { .. } => file.duplicates += 1,
        }
        match outcome {
            Outcome::Add { .. } => self.totals.added += 1,
            Outcome::Update { .. } => self.totals.updated += 1,
            Outcome::Unchanged => self.totals.unchanged += 1,
            Outcome::Duplicate { .. } => self.totals.duplicates += 1,
        }
        outcome
    }
}

fn issue(e: &InputError) -> Issue {
    Issue {
        line: e.line,
        reason: e.reason.clone(),
    }
}

/// The hash of what an article says (title, date, source, url, text, and the source's
/// spelling when an alias renamed it), not where it is.
fn content_hash(a: &Article, source_raw: Option<&str>) -> u64 {
    let mut h = Xxh3::new();
    for part in [
        a.title.as_deref().unwrap_or(""),
        &a.date.map(|d| d.to_string()).unwrap_or_default(),
        a.source.as_deref().unwrap_or(""),
        a.url.as_deref().unwrap_or(""),
        &a.text,
    ] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    // Without aliases the hash is what it was before they existed (nothing re-indexed).
    if let Some(raw) = source_raw {
        h.update(b"source_raw");
        h.update(&(raw.len() as u64).to_le_bytes());
        h.update(raw.as_bytes());
    }
    h.digest()
}

/// The hash recorded in the index: the content, the file, and the analysis version (so a
/// new analysis re-indexes everything).
fn stored_hash(content: u64, a: &Article) -> u64 {
    let mut h = Xxh3::new();
    h.update(&content.to_le_bytes());
    h.update(a.path.as_bytes());
    h.update(&ANALYSIS_VERSION.to_le_bytes());
    h.digest()
}

#[allow(clippy::too_many_arguments)]
fn meta(
    paths: &[PathBuf],
    sources: Option<&str>,
    live: &HashMap<String, Known>,
    passages: u64,
    next_article: u64,
    next_order: u64,
    complete: bool,
) -> IndexMeta {
    IndexMeta {
        analysis_version: ANALYSIS_VERSION,
        format: INDEX_FORMAT,
        built_by: format!("search {}", env!("CARGO_PKG_VERSION")),
        built_at: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        paths: paths.iter().map(|p| path_key(p)).collect(),
        articles: live.len() as u64,
        passages,
        complete,
        next_article,
        next_order,
        dup_table: None,
        inputs_stamp: complete.then(|| corpus_stamp(paths, sources)),
        sources: sources.map(str::to_string),
    }
}

/// The [`inputs_stamp`](super::meta::inputs_stamp) an index records: of the files under
/// `paths` by their keys (the stamp does not depend on how the corpus was spelled) and of the
/// aliases file `sources` (the automatic build of `corpus/` follows its changes too).
pub fn corpus_stamp(paths: &[PathBuf], sources: Option<&str>) -> u64 {
    let mut all: Vec<PathBuf> = paths.iter().map(|p| PathBuf::from(path_key(p))).collect();
    all.extend(sources.map(PathBuf::from));
    super::meta::inputs_stamp(&all)
}

/// Where a run writes: the index itself, or a side folder swapped in at the end.
struct Target {
    index: Index,
    /// The folder the index being written is in.
    dir: PathBuf,
    /// True when nothing indexed before is kept (a new index, or a rebuild).
    rebuild: bool,
    /// Set when the run builds in a side folder, to be swapped in for the claimed one.
    side: Option<PathBuf>,
}

/// Opens the claimed index for updating, or starts a new one: in place when the folder is new
/// (or holds only the start of a first build), in a side folder when it is rebuilt (asked
/// for, or built by another analysis version or index format). An unreadable index is an
/// error unless `rebuild`.
fn open_target(claimed: &folder::Claimed, schema: &Schema, rebuild: bool) -> Result<Target> {
    let dir = &claimed.dir;
    let in_place = |index: Index, rebuild: bool| Target {
        index,
        dir: dir.clone(),
        rebuild,
        side: None,
    };
    if claimed.fresh || !dir.join("meta.json").exists() {
        let index = create(dir, schema)?;
        return Ok(in_place(index, true));
    }
    if !rebuild {
        check_managed(dir)?;
        let opened = IndexDirectory::open(dir, Access::Write)
            .map_err(tantivy::TantivyError::from)
            .and_then(Index::open);
        match opened {
            Ok(index) => {
                let same_schema = index.schema() == *schema;
                match IndexMeta::read(&index) {
                    Some(m)
                        if m.analysis_version == ANALYSIS_VERSION
                            && m.format == INDEX_FORMAT
                            && same_schema =>
                    {
                        return Ok(in_place(index, false));
                    }
                    // A first build killed before its first commit: carry on in place.
                    None if same_schema
                        && index.load_metas().is_ok_and(|m| m.segments.is_empty()) =>
                    {
                        return Ok(in_place(index, true));
                    }
                    // Another analysis version or format: rebuilt aside below.
                    _ => {}
                }
            }
            Err(e) => return Err(Error::corrupt(dir, &e)),
        }
    }
    let side = folder::fresh_side_folder(dir)?;
    let index = create(&side, schema)?;
    Ok(Target {
        index,
        dir: side.clone(),
        rebuild: true,
        side: Some(side),
    })
}

/// Creates a new, empty index in `dir`.
fn create(dir: &Path, schema: &Schema) -> Result<Index> {
    let directory = IndexDirectory::open(dir, Access::Write)
        .map_err(|e| Error::index(dir, tantivy::TantivyError::from(e)))?;
    Index::create(directory, schema.clone(), index_settings()).map_err(|e| Error::index(dir, e))
}

/// Fails when tantivy's list of managed files in `dir` names a file outside the folder
/// (tantivy removes the files it lists when no segment uses them: a crafted list would make
/// a writer remove any file).
fn check_managed(dir: &Path) -> Result<()> {
    let path = dir.join(".managed.json");
    match std::fs::read(&path) {
        Ok(bytes) => super::verify::managed_names(&bytes)
            .map(|_| ())
            .map_err(|reason| Error::Corrupt {
                path: dir.to_path_buf(),
                reason: format!(".managed.json is damaged: {reason}"),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(&path, e)),
    }
}

/// Fails with [`Error::MissingInput`] when a corpus path given does not exist (a typo must
/// not empty the index of every article it held).
fn check_inputs(paths: &[PathBuf]) -> Result<()> {
    for path in paths {
        if let Err(e) = std::fs::metadata(path) {
            if e.kind() == std::io::ErrorKind::NotFound {
                return Err(Error::MissingInput { path: path.clone() });
            }
        }
    }
    // Empty folders would make an empty index (or empty an existing one), which then
    // shadows the automatic build from `corpus/` (issue 18).
    if crate::corpus::no_input_files(paths) {
        return Err(Error::NoInputFiles {
            paths: paths.iter().map(|p| p.display().to_string()).collect(),
        });
    }
    Ok(())
}

/// Settings of a new index: the passage texts are stored with zstd, which keeps the doc store
/// to about half of what lz4 takes for French prose, at a few microseconds per loaded block.
/// Level 3 compresses about three times as fast as level 7, for 5% more bytes.
fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor {
            compression_level: Some(3),
        }),
        docstore_blocksize: 65536,
        ..IndexSettings::default()
    }
}
