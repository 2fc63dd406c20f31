//! `search kwic`: a concordance of every occurrence, left context | match | right context.

use std::io::BufWriter;
use std::time::Instant;

use clap::{Args, ValueEnum};

use super::audit::{one_source, queries, run_all, AuditArgs, Printer};
use super::query::open_or_build;
use super::{CliError, Outcome};
use crate::audit::{KwicLine, KwicOptions, KwicSort, Sample};
use crate::output::{Asked, Summary};

/// Order of the lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// By the words before the match, nearest first
    Left,
    /// By the words after the match, nearest first
    Right,
    /// Oldest first, undated last
    Date,
    /// Newest first, undated last
    #[value(name = "-date")]
    DateDesc,
    /// Index order
    Doc,
}

/// Arguments of `search kwic`.
#[derive(Debug, Args)]
#[command(after_help = KWIC_HELP)]
pub struct KwicArgs {
    /// The query (same syntax as `search query`): several words are one query; one
    /// starting with `-` goes after `--` (`search query -- -Chine coronavirus`)
    #[arg(required_unless_present = "queries_file", num_args = 1..)]
    pub query: Vec<String>,
    /// Characters of context on each side (cut back to a word boundary)
    #[arg(long, value_name = "N", default_value_t = 40)]
    pub width: usize,
    /// Order of the lines (ties in index order)
    #[arg(long, value_enum, default_value_t = SortArg::Doc, allow_hyphen_values = true)]
    pub sort: SortArg,
    /// Most lines to print per query, after sorting (the JSON summary counts them all)
    #[arg(long, short = 'n', value_name = "N")]
    pub limit: Option<usize>,
    /// A random sample of N occurrences (each as likely), then sorted by --sort
    #[arg(long, value_name = "N")]
    pub sample: Option<usize>,
    /// The seed of --sample: the same seed on the same index gives the same sample
    #[arg(long, value_name = "S", default_value_t = 0, requires = "sample")]
    pub seed: u64,
    #[command(flatten)]
    pub common: AuditArgs,
}

const KWIC_HELP: &str = "\
Every occurrence of the query, in its passage: a phrase or compound is one occurrence.
Text output: doc_id:passage, date, left context, match, right context.

Exit status: 0 when something matched, 1 when nothing did, 2 on error.";

pub fn run(args: KwicArgs) -> Result<Outcome, CliError> {
    let options = KwicOptions {
        width: args.width,
        sort: match args.sort {
            SortArg::Left => KwicSort::Left,
            SortArg::Right => KwicSort::Right,
            SortArg::Date => KwicSort::Date,
            SortArg::DateDesc => KwicSort::DateDesc,
            SortArg::Doc => KwicSort::Doc,
        },
        any: args.common.any,
        filters: args.common.filters.filters()?,
        scope: args.common.filters.scope(),
        limit: args.limit,
        sample: args.sample.map(|size| Sample {
            size,
            seed: args.seed,
        }),
    };
    let file = args.common.queries_file.as_deref();
    one_source(&args.query, file)?;
    let queries = queries(super::joined(&args.query).as_deref(), file)?;
    let index = open_or_build(&args.common.index)?;
    super::filters::warn_unknown_sources(&index, &options.filters)?;
    let audit = index.audit();
    let mut printer = Printer::new(
        args.common.format,
        args.common.color,
        BufWriter::new(std::io::stdout().lock()),
    );
    let outcome = run_all(&queries, file, &mut printer, |printer, q| {
        let started = Instant::now();
        // Lines are printed as they are found; text is aligned in blocks of this many.
        const BLOCK: usize = 1000;
        let mut block = Vec::new();
        let mut failed: Option<std::io::Error> = None;
        let mut first = true;
        let mut each = |line: KwicLine| -> bool {
            let written = (|| -> std::io::Result<()> {
                match &mut *printer {
                    Printer::Text(p) => {
                        if first {
                            p.kwic_start(file.map(|_| q.name.as_str()), &q.query, options.scope)?;
                        }
                        block.push(line);
                        if block.len() == BLOCK {
                            p.kwic_lines(&block)?;
                            block.clear();
                        }
                    }
                    Printer::Csv(p) => p.kwic_line(&q.name, &q.query, &line)?,
                    Printer::Json(p) => p.kwic_line(&q.name, &q.query, options.scope, &line)?,
                }
                Ok(())
            })();
            first = false;
            match written {
                Ok(()) => true,
                Err(e) => {
                    failed = Some(e);
                    false
                }
            }
        };
        let end = audit.kwic_each(&q.query, &options, &mut each)?;
        if let Some(e) = failed {
            return Err(e.into());
        }
        let elapsed_ms = crate::output::millis(started.elapsed());
        match printer {
            Printer::Text(p) => {
                if first {
                    p.kwic_start(file.map(|_| q.name.as_str()), &q.query, end.scope)?;
                }
                p.kwic_lines(&block)?;
                let why = match (options.sample.is_some(), options.limit.is_some()) {
                    (true, true) => "--sample, --limit",
                    (true, false) => "--sample",
                    _ => "--limit",
                };
                p.kwic_end(&q.query, end.total, end.shown, why)?;
            }
            Printer::Csv(p) => p.kwic_header()?,
            Printer::Json(p) => {
                let asked = Asked {
                    query: &q.query,
                    name: Some(&q.name),
                    index: None,
                };
                p.summary(
                    &asked,
                    &Summary {
                        total: end.total,
                        shown: end.shown,
                        offset: 0,
                        elapsed_ms,
                        scope: Some(end.scope.name()),
                    },
                )?;
            }
        }
        Ok(end.total > 0)
    });
    printer.flush()?;
    outcome
}
