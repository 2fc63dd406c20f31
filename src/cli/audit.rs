//! What `count` and `kwic` share: the index, filters, output format and batches of queries.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::filters::FilterArgs;
use super::{CliError, Outcome, DEFAULT_INDEX};
use crate::audit::{read_queries, NamedQuery};
use crate::output::{Asked, AuditJsonPrinter, AuditTextPrinter, CsvPrinter};

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
    /// Colour text output (matches, headers, sources, dates): auto (on a terminal, unless
    /// NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always, never
    #[arg(long, value_enum, default_value_t = super::query::Color::Auto)]
    pub color: super::query::Color,
    /// Run one query per line of FILE (`name<TAB>query` to name it; `-` reads standard input)
    /// on one open index
    #[arg(long, value_name = "FILE")]
    pub queries_file: Option<PathBuf>,
    /// Words without operator are optional (as with `search query --any`)
    #[arg(long)]
    pub any: bool,
    #[command(flatten)]
    pub filters: FilterArgs,
}

/// The text of a queries file, `-` being standard input.
pub fn read_batch(file: &Path) -> Result<String, CliError> {
    let io_error = |e| crate::Error::Io {
        path: file.to_path_buf(),
        source: e,
    };
    if file == Path::new("-") {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text)
            .map_err(|e| io_error(e).into())
            .map(|_| text)
    } else {
        std::fs::read_to_string(file).map_err(|e| io_error(e).into())
    }
}

/// How a queries file is named in messages: its path, or `standard input` for `-`.
pub fn batch_name(file: &Path) -> String {
    if file == Path::new("-") {
        "standard input".to_string()
    } else {
        file.display().to_string()
    }
}

/// A query on the command line and a queries file are one too many: a usage error.
pub fn one_source(query: &[String], file: Option<&Path>) -> Result<(), CliError> {
    match file {
        Some(file) if !query.is_empty() => Err(CliError::Usage(format!(
            "a query on the command line ({:?}) and --queries-file {}: give one or the other",
            query.join(" "),
            file.display()
        ))),
        _ => Ok(()),
    }
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
            let text = read_batch(file)?;
            read_queries(&text).map_err(|e| CliError::Usage(format!("{}: {e}", batch_name(file))))
        }
    }
}

/// Runs `each` on every query; in a batch a failing query is reported (on stderr, and as an
/// `error` record in JSON) and the others run. `each` returns whether its query matched.
pub fn run_all<W: Write>(
    queries: &[NamedQuery],
    file: Option<&Path>,
    printer: &mut Printer<W>,
    mut each: impl FnMut(&mut Printer<W>, &NamedQuery) -> Result<bool, CliError>,
) -> Result<Outcome, CliError> {
    let mut matched = false;
    let mut failed = 0;
    for q in queries {
        match (each(printer, q), file) {
            (Ok(m), _) => matched |= m,
            (Err(CliError::Search(e)), Some(file)) => {
                failed += 1;
                let line = format!("search: {}:{}: {e}", batch_name(file), q.line);
                eprintln!("{}", crate::output::terminal(&line));
                if let Printer::Json(p) = printer {
                    let asked = Asked {
                        query: &q.query,
                        name: Some(&q.name),
                        index: None,
                    };
                    p.error(&asked, q.line, &e.to_string())?;
                }
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
    /// The printer of `format`; text in colour when `color` says so (`--color`).
    pub fn new(format: AuditFormat, color: super::query::Color, out: W) -> Self {
        match format {
            AuditFormat::Text => Printer::Text(AuditTextPrinter::with_color(
                out,
                super::query::color_on(color),
            )),
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
