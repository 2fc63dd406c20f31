//! What `count` and `kwic` share: the index, filters, output format and batches of queries.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::filters::FilterArgs;
use super::{CliError, Outcome, DEFAULT_INDEX};
use crate::audit::{read_queries, NamedQuery};
use crate::output::{AuditJsonPrinter, AuditTextPrinter, CsvPrinter};

/// Output format of audits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// Aligned columns for people.
    Text,
    /// CSV with a header row (RFC 4180, UTF-8; see the README).
    Csv,
    /// JSON Lines (see the README for the fields).
    Json,
}

/// Options of `count` and `kwic`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The index to read
    #[arg(long, env = "SEARCH_INDEX", default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
    pub format: AuditFormat,
    /// Run one query per line of FILE (`name<TAB>query` to name it) on one open index
    #[arg(long, value_name = "FILE")]
    pub queries_file: Option<PathBuf>,
    /// Words without operator are optional (as with `search query --any`)
    #[arg(long)]
    pub any: bool,
    #[command(flatten)]
    pub filters: FilterArgs,
}

/// The queries to run: the one on the command line (named by itself), or the batch file's.
pub fn queries(query: Option<&str>, file: Option<&Path>) -> Result<Vec<NamedQuery>, CliError> {
    match file {
        None => {
            let query = query.unwrap_or_default().to_string();
            Ok(vec![NamedQuery {
                line: 0,
                name: query.clone(),
                query,
            }])
        }
        Some(file) => {
            let text = std::fs::read_to_string(file).map_err(|e| crate::Error::Io {
                path: file.to_path_buf(),
                source: e,
            })?;
            read_queries(&text).map_err(|e| CliError::Usage(format!("{}: {e}", file.display())))
        }
    }
}

/// Runs `each` on every query; in a batch a failing query is reported and the others run.
/// `each` returns whether its query matched anything.
pub fn run_all(
    queries: &[NamedQuery],
    file: Option<&Path>,
    mut each: impl FnMut(&NamedQuery) -> Result<bool, CliError>,
) -> Result<Outcome, CliError> {
    let mut matched = false;
    let mut failed = 0;
    for q in queries {
        match (each(q), file) {
            (Ok(m), _) => matched |= m,
            (Err(CliError::Search(e)), Some(file)) => {
                failed += 1;
                let line = format!("search: {}:{}: {e}", file.display(), q.line);
                eprintln!("{}", crate::output::terminal(&line));
            }
            (Err(e), _) => return Err(e),
        }
    }
    if failed > 0 {
        return Err(CliError::Batch {
            failed,
            total: queries.len(),
        });
    }
    Ok(if matched {
        Outcome::Matched
    } else {
        Outcome::NoMatch
    })
}

/// One of the audit printers.
pub enum Printer<W: Write> {
    Text(AuditTextPrinter<W>),
    Csv(Box<CsvPrinter<W>>),
    Json(AuditJsonPrinter<W>),
}

impl<W: Write> Printer<W> {
    pub fn new(format: AuditFormat, out: W) -> Self {
        match format {
            AuditFormat::Text => Printer::Text(AuditTextPrinter::new(out)),
            AuditFormat::Csv => Printer::Csv(Box::new(CsvPrinter::new(out))),
            AuditFormat::Json => Printer::Json(AuditJsonPrinter::new(out)),
        }
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Printer::Text(p) => p.flush(),
            Printer::Csv(p) => p.flush(),
            Printer::Json(p) => p.flush(),
        }
    }
}
