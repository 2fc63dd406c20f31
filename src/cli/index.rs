//! `search index`: build or update an index from a corpus.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{CliError, Outcome, DEFAULT_CORPUS};
use crate::corpus::{input_size, FieldMap};
use crate::index::{update_index, BuildOptions, BuildReport, Event};

/// Arguments of `search index`.
#[derive(Debug, Args)]
#[command(after_help = INDEX_HELP)]
pub struct IndexArgs {
    /// Files or folders to index (folders are walked recursively) [default: corpus]
    pub paths: Vec<PathBuf>,
    /// Where the index lives (created if needed, else updated)
    #[arg(long, env = "SEARCH_INDEX", default_value = super::DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Memory budget of the indexer, in MB (at least 15)
    #[arg(long, value_name = "MB", default_value_t = 200)]
    pub memory: usize,
    /// Indexing threads (0 = one per core, at most 8; lowered to give each 15 MB of --memory)
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Record field or CSV column to read for an article field, e.g. text=body (repeatable)
    #[arg(long = "field", value_name = "FIELD=NAME")]
    pub fields: Vec<String>,
    /// Start over: drop what was indexed before (also repairs a damaged index)
    #[arg(long)]
    pub rebuild: bool,
    /// Keep articles whose files are gone instead of removing them
    #[arg(long)]
    pub keep_missing: bool,
    /// Source aliases: `spelling<TAB>name` lines mapping source spellings to one name
    /// (globs allowed on the left, `#` comments) [default: sources.tsv beside the paths
    /// indexed, if there is one]
    #[arg(long, value_name = "FILE")]
    pub sources: Option<PathBuf>,
    /// Write a JSON report of every input and its outcome to FILE
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Commit at least every SECS seconds (progress survives a crash)
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    pub commit_every: f64,
    /// Print nothing but skipped inputs and errors
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print each file's encoding and each commit
    #[arg(long, short)]
    pub verbose: bool,
}

const INDEX_HELP: &str = "\
Formats: .txt .md (one article per file), .jsonl .ndjson (one per line), .json (an array or one
article), .csv .tsv (a header row, one article per row), .html .htm (one page), and any of them
gzip-compressed (.gz). Encodings: UTF-8 (with or without BOM), UTF-16 with BOM, and legacy
Windows-1252/ISO-8859-1 (detected).

Re-running updates the index: new articles are added, changed ones re-indexed, those whose
files are gone removed (unless --keep-missing). A killed run loses nothing committed; run it
again to finish.

Exit status: 0 when every input was indexed, 3 when some inputs were skipped (see the messages
or --report), 1 when the index ends up empty, 2 on error (e.g. the index is locked by another
`search index`, or the folders given hold no file to index).";

/// How `search index` talks on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

pub fn run(args: IndexArgs) -> Result<Outcome, CliError> {
    let paths = if args.paths.is_empty() {
        if !Path::new(DEFAULT_CORPUS).exists() {
            return Err(CliError::Usage(format!(
                "no path given and no {DEFAULT_CORPUS}/ folder here: name the files or folders to index (nothing was indexed or removed)"
            )));
        }
        vec![PathBuf::from(DEFAULT_CORPUS)]
    } else {
        args.paths
    };
    let mut fields = FieldMap::default();
    for spec in &args.fields {
        fields.set(spec).map_err(CliError::Usage)?;
    }
    if !(args.commit_every > 0.0 && args.commit_every.is_finite()) {
        return Err(CliError::Usage(format!(
            "--commit-every {}: expected a positive number of seconds",
            args.commit_every
        )));
    }
    let threads = fit_threads(args.threads, args.memory)?;
    let options = BuildOptions {
        memory_mb: args.memory,
        threads,
        fields,
        rebuild: args.rebuild,
        keep_missing: args.keep_missing,
        commit_every: Duration::from_secs_f64(args.commit_every),
        sources: args.sources.clone(),
    };
    let verbosity = match (args.quiet, args.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    // The paths of the last build, to explain removals when other paths are given now.
    let before: Option<Vec<String>> = args
        .index
        .join("meta.json")
        .exists()
        .then(|| crate::SearchIndex::open(&args.index).ok())
        .flatten()
        .map(|i| i.meta().paths.clone());
    if let Some(old) = before
        .as_ref()
        .filter(|b| b.iter().any(|p| Path::new(p).is_relative()))
    {
        // Built before files were keyed by canonical path (path_key.rs).
        eprintln!(
            "search: note: {} recorded its files by relative path ({}; an older search): their articles are re-indexed once under their absolute paths",
            crate::output::terminal(&args.index.display().to_string()),
            crate::output::terminal(&old.join(", ")),
        );
    }
    let report = index_with(&paths, &args.index, &options, verbosity)?;
    if let Some(file) = crate::index::aliases_file(&paths, args.sources.as_deref()) {
        if verbosity != Verbosity::Quiet {
            eprintln!(
                "search: sources named by the aliases of {}",
                crate::output::terminal(&file.display().to_string())
            );
        }
    }
    let removed = report.details.totals.removed;
    let now: Vec<String> = paths.iter().map(|p| crate::index::path_key(p)).collect();
    if let Some(before) = before.filter(|b| removed > 0 && !args.keep_missing && *b != now) {
        let others: Vec<&String> = before.iter().filter(|b| !now.contains(b)).collect();
        if !others.is_empty() {
            eprintln!(
                "search: warning: {removed} article{} removed: the index was built from {} too, and the articles of files not under the paths given now are removed; name every path, or add --keep-missing to keep them",
                if removed == 1 { " was" } else { "s were" },
                crate::output::terminal(
                    &others.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                ),
            );
        }
    }
    if let Some(file) = &args.report {
        let json = serde_json::to_string_pretty(&report.details).expect("report serialises");
        std::fs::write(file, json + "\n").map_err(|e| crate::Error::Io {
            path: file.clone(),
            source: e,
        })?;
    }
    Ok(if report.skipped > 0 {
        Outcome::Incomplete
    } else if report.articles > 0 {
        Outcome::Matched
    } else {
        Outcome::NoMatch
    })
}

/// The indexing threads for `--threads asked` (0: one per core, at most 8) within
/// `--memory memory_mb`: each thread gets at least tantivy's minimum share, so the threads are
/// lowered to fit (with a line on stderr when they were asked for); a budget under one
/// share is an error.
fn fit_threads(asked: usize, memory_mb: usize) -> Result<usize, CliError> {
    let per_thread = crate::corpus::limits::MIN_MB_PER_THREAD;
    if memory_mb < per_thread {
        return Err(CliError::Usage(format!(
            "--memory {memory_mb}: the indexer needs at least {per_thread} MB"
        )));
    }
    let wanted = if asked == 0 {
        std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .min(8)
    } else {
        asked
    };
    let fit = wanted.min(memory_mb / per_thread);
    if fit < asked {
        eprintln!(
            "search: --threads {asked} lowered to {fit}: each indexing thread needs {per_thread} MB of --memory {memory_mb}"
        );
    }
    Ok(fit)
}

/// Builds or updates an index, reporting problems and a summary on stderr.
pub(crate) fn build(
    paths: &[PathBuf],
    index: &Path,
    options: &BuildOptions,
    quiet: bool,
) -> Result<BuildReport, CliError> {
    let verbosity = if quiet {
        Verbosity::Quiet
    } else {
        Verbosity::Normal
    };
    index_with(paths, index, options, verbosity)
}

fn index_with(
    paths: &[PathBuf],
    index: &Path,
    options: &BuildOptions,
    verbosity: Verbosity,
) -> Result<BuildReport, CliError> {
    let bar = progress_bar(paths, verbosity);
    let say = |line: String| match &bar {
        Some(bar) => bar.suspend(|| eprintln!("{}", crate::output::terminal(&line))),
        None => eprintln!("{}", crate::output::terminal(&line)),
    };
    let verbose = verbosity == Verbosity::Verbose;
    let normal = verbosity != Verbosity::Quiet;
    let result = update_index(paths, index, options, &mut |event| match event {
        Event::Skipped(p) => say(format!("search: skipped: {p}")),
        Event::Warning(w) if normal => say(format!("search: warning: {w}")),
        Event::Duplicate {
            path,
            line,
            doc_id,
            of,
            same_id,
        } if normal => {
            let path = match line {
                Some(line) => format!("{path}:{line}"),
                None => path.to_string(),
            };
            say(if same_id {
                format!("search: duplicate: {path}: article id {doc_id:?} was already read, indexed once")
            } else {
                format!("search: duplicate: {path}: article {doc_id:?} has the same content as {of:?}, indexed once")
            })
        }
        Event::Info(i) if verbose => say(format!("search: {i}")),
        Event::Committed { articles } if verbose => say(format!(
            "search: committed ({} so far)",
            count(articles, "article", "articles")
        )),
        Event::Progress(p) => {
            if let Some(bar) = &bar {
                bar.set_position(p.bytes);
                bar.set_message(format!(
                    "{}, {}",
                    count(p.files, "file", "files"),
                    count(p.articles, "article", "articles")
                ));
            }
        }
        _ => {}
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = result?;
    if normal {
        eprintln!("{}", crate::output::terminal(&summary(&report, index)));
    }
    Ok(report)
}

/// `n` with the noun that fits it (`1 article`, `2 articles`).
fn count(n: u64, one: &str, many: &str) -> String {
    crate::output::count_of(usize::try_from(n).unwrap_or(usize::MAX), one, many)
}

/// A progress bar on stderr when it is a terminal (and not `--quiet`); `None` otherwise.
fn progress_bar(paths: &[PathBuf], verbosity: Verbosity) -> Option<ProgressBar> {
    if verbosity == Verbosity::Quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(input_size(paths)), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{bar:30} {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} eta {eta} {msg}",
    )
    .expect("a valid template");
    bar.set_style(style);
    Some(bar)
}

fn summary(r: &BuildReport, index: &Path) -> String {
    let t = &r.details.totals;
    let n = |n: u64, one: &str, many: &str| {
        crate::output::count_of(usize::try_from(n).unwrap_or(usize::MAX), one, many)
    };
    format!(
        "indexed {}, {} into {} in {:.2} s ({:.1} MB/s): {} added, {} updated, {} unchanged, {} removed, {}; {} skipped, {}",
        n(r.articles, "article", "articles"),
        n(r.passages, "passage", "passages"),
        index.display(),
        r.seconds,
        r.mb_per_second(),
        t.added,
        t.updated,
        t.unchanged,
        t.removed,
        n(t.duplicates, "duplicate", "duplicates"),
        n(r.skipped, "input", "inputs"),
        n(r.warnings, "warning", "warnings"),
    )
}
