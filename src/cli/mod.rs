//! The command line: clap definitions turned once into options, then library calls.

mod audit;
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
        Command::Query(args) => query::run(args),
        Command::Count(args) => count::run(args),
        Command::Kwic(args) => kwic::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Show(args) => show::run(args),
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
