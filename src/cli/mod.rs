//! The command line: clap definitions turned once into options, then library calls.

mod audit;
mod check;
mod count;
mod filters;
mod index;
mod kwic;
mod query;
mod serve;
mod show;
mod stats;

use std::io::Write;

use clap::{CommandFactory, Parser, Subcommand};

pub use audit::{AuditArgs, AuditFormat};
pub use check::{CheckArgs, CheckFormat};
pub use count::CountArgs;
pub use filters::FilterArgs;
pub use index::IndexArgs;
pub use kwic::KwicArgs;
pub use query::QueryArgs;
pub use serve::ServeArgs;
pub use show::ShowArgs;
pub use stats::StatsArgs;

/// Full-text search for corpora of French news: French analysis, passage ranking, exact
/// highlights.
#[derive(Debug, Parser)]
#[command(name = "search", version, about, long_about = None)]
pub struct Opts {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the index from articles (.txt, .md, .jsonl, .ndjson files or folders).
    Index(IndexArgs),
    /// Search the index and print the best passages, with the matched words highlighted.
    Query(QueryArgs),
    /// Count every match (articles, passages, occurrences), per source, year, month, day or article.
    Count(CountArgs),
    /// Show every occurrence in context (a concordance), sortable by the words around it.
    Kwic(KwicArgs),
    /// Describe the index: articles, passages, terms, size, dates, sources, how it was built.
    Stats(StatsArgs),
    /// Print an article by its id: title, date, source, URL and text, a query's matches marked.
    Show(ShowArgs),
    /// Verify the index's files (checksums): name the damaged ones, exit 2 if there is one.
    Check(CheckArgs),
    /// Serve the index in a browser, with an HTTP API answering the commands' JSON records.
    Serve(ServeArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) on stdout.
    #[command(after_help = COMPLETIONS_HELP)]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout: `search man > search.1`, `search man query`.
    Man {
        /// A subcommand, for its own page (`search-query.1`)
        command: Option<String>,
    },
}

const COMPLETIONS_HELP: &str = "\
Install:
  bash  search completions bash > ~/.local/share/bash-completion/completions/search
  zsh   search completions zsh > ~/.zfunc/_search   (with fpath+=~/.zfunc before compinit)
  fish  search completions fish > ~/.config/fish/completions/search.fish";

/// What a command found, for the exit status (0 = something matched, 1 = nothing,
/// 3 = `search index` skipped some inputs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Matched,
    NoMatch,
    /// Some inputs could not be indexed (each was reported).
    Incomplete,
}

/// The words given as the query, joined by spaces as a web search does; `None` when none.
pub(crate) fn joined(words: &[String]) -> Option<String> {
    (!words.is_empty()).then(|| words.join(" "))
}

/// Where an index lives when `--index` is not given (or `SEARCH_INDEX`).
pub const DEFAULT_INDEX: &str = "index";
/// What `search index` reads when no path is given.
pub const DEFAULT_CORPUS: &str = "corpus";

/// Runs a parsed command line.
pub fn run(opts: Opts) -> Result<Outcome, CliError> {
    match opts.command {
        Command::Index(args) => index::run(args),
        Command::Query(args) => reading(&args.index.clone(), || query::run(args)),
        Command::Count(args) => reading(&args.common.index.clone(), || count::run(args)),
        Command::Kwic(args) => reading(&args.common.index.clone(), || kwic::run(args)),
        Command::Stats(args) => reading(&args.index.clone(), || stats::run(args)),
        Command::Show(args) => reading(&args.index.clone(), || show::run(args)),
        Command::Check(args) => reading(&args.index.clone(), || check::run(args)),
        Command::Serve(args) => serve::run(args),
        Command::Completions { shell } => {
            // Generated in memory: clap_complete panics on a write error (a closed pipe).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Opts::command(), "search", &mut script);
            let mut out = std::io::stdout().lock();
            out.write_all(&script)?;
            out.flush()?;
            Ok(Outcome::Matched)
        }
        Command::Man { command } => man(command.as_deref()),
    }
}

/// Runs a command that reads the index in `dir`: a panic while reading (the engine meeting
/// damaged bytes) becomes the damaged-index error, naming the damaged files when a
/// verification of the index finds them; no panic message is printed.
fn reading(
    dir: &std::path::Path,
    command: impl FnOnce() -> Result<Outcome, CliError>,
) -> Result<Outcome, CliError> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(command));
    std::panic::set_hook(previous);
    match result {
        Ok(outcome) => outcome,
        Err(_) => {
            let found = crate::index::check_index(dir).map(|r| r.damaged);
            let err = match found.as_deref().ok().and_then(|d| crate::index::damaged_error(dir, d)) {
                Some(err) => err,
                None => crate::Error::Corrupt {
                    path: dir.to_path_buf(),
                    reason: format!(
                        "its files are damaged: reading them failed; `search check --index {}` verifies them",
                        dir.display()
                    ),
                },
            };
            Err(err.into())
        }
    }
}

/// Writes the manual page of `search`, or of one of its subcommands, on stdout.
fn man(command: Option<&str>) -> Result<Outcome, CliError> {
    let top = Opts::command();
    let page = match command {
        None => top,
        Some(name) => {
            let names: Vec<String> = top
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            let Some(sub) = top.find_subcommand(name) else {
                return Err(CliError::Usage(format!(
                    "no command {name:?} for `search man`: one of {}",
                    names.join(", ")
                )));
            };
            let display = format!("search-{name}");
            sub.clone()
                .name(display.clone())
                .display_name(display)
                .version(top.get_version().unwrap_or_default().to_string())
        }
    };
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(page).render(&mut out)?;
    out.flush()?;
    Ok(Outcome::Matched)
}

/// An error from a command: a library error, a write error on stdout, or a usage error.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Search(#[from] crate::Error),
    #[error("writing output: {0}")]
    Output(#[from] std::io::Error),
    #[error("{0}")]
    Usage(String),
    /// Some queries of a batch failed (each was reported); the others ran.
    #[error("{failed} of {total} {} failed", if *total == 1 { "query" } else { "queries" })]
    Batch { failed: usize, total: usize },
}

impl CliError {
    /// True when stdout was closed by the reader (e.g. `| head`): exit quietly.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}
