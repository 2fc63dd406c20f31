//! `search index`: build an index from a corpus.

use std::path::PathBuf;

use clap::Args;

use super::{CliError, Outcome, DEFAULT_CORPUS};
use crate::index::{build_index, BuildOptions, BuildReport};

/// Arguments of `search index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or folders to index (folders are walked recursively) [default: corpus]
    pub paths: Vec<PathBuf>,
    /// Where to write the index (it is rebuilt from scratch)
    #[arg(long, default_value = super::DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Memory budget of the indexer, in MB
    #[arg(long, default_value_t = 400)]
    pub memory: usize,
    /// Indexing threads (0 = one per core)
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Print nothing but errors
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: IndexArgs) -> Result<Outcome, CliError> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(DEFAULT_CORPUS)]
    } else {
        args.paths
    };
    let options = BuildOptions {
        memory_mb: args.memory,
        threads: args.threads,
    };
    let report = build(&paths, &args.index, &options, args.quiet)?;
    Ok(if report.articles > 0 {
        Outcome::Matched
    } else {
        Outcome::NoMatch
    })
}

/// Builds an index, reporting problems and a summary on stderr.
pub(crate) fn build(
    paths: &[PathBuf],
    index: &std::path::Path,
    options: &BuildOptions,
    quiet: bool,
) -> Result<BuildReport, CliError> {
    let report = build_index(paths, index, options, &mut |problem, skipped| {
        let what = if skipped { "skipped" } else { "warning" };
        eprintln!("search: {what}: {problem}");
    })?;
    if !quiet {
        eprintln!("{}", summary(&report, index));
    }
    Ok(report)
}

fn summary(r: &BuildReport, index: &std::path::Path) -> String {
    format!(
        "indexed {} articles, {} passages into {} in {:.2} s ({:.1} MB/s); {} inputs skipped, {} warnings",
        r.articles,
        r.passages,
        index.display(),
        r.seconds,
        r.mb_per_second(),
        r.skipped,
        r.warnings
    )
}
