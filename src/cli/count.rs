//! `search count`: exact counts of every match, per bucket, with surface forms.

use std::io::BufWriter;

use clap::{Args, ValueEnum};

use super::audit::{one_source, queries, run_all, AuditArgs, Printer};
use super::query::open_or_build;
use super::{CliError, Outcome};
use crate::audit::{By, CountOptions};

/// How to group counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    Source,
    Year,
    Month,
    Day,
    Article,
}

/// Arguments of `search count`.
#[derive(Debug, Args)]
#[command(after_help = COUNT_HELP)]
pub struct CountArgs {
    /// The query (same syntax as `search query`): several words are one query; one
    /// starting with `-` goes after `--` (`search query -- -Chine coronavirus`)
    #[arg(required_unless_present = "queries_file", num_args = 1..)]
    pub query: Vec<String>,
    /// Count per source, year, month, day or article
    #[arg(long, value_enum)]
    pub by: Option<ByArg>,
    /// List the surface forms matched with their counts (in CSV: instead of the counts)
    #[arg(long)]
    pub forms: bool,
    #[command(flatten)]
    pub common: AuditArgs,
}

const COUNT_HELP: &str = "\
Counts every matching passage, not the top k: articles, passages and occurrences (a phrase or
compound is one occurrence), and total_articles, the articles of the bucket that the filters
admit, so that articles / total_articles is a rate.

Exit status: 0 when something matched, 1 when nothing did, 2 on error.";

pub fn run(args: CountArgs) -> Result<Outcome, CliError> {
    let options = CountOptions {
        by: args.by.map(|b| match b {
            ByArg::Source => By::Source,
            ByArg::Year => By::Year,
            ByArg::Month => By::Month,
            ByArg::Day => By::Day,
            ByArg::Article => By::Article,
        }),
        forms: args.forms,
        any: args.common.any,
        filters: args.common.filters.filters()?,
        scope: args.common.filters.scope(),
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
        let counts = audit.count(&q.query, &options)?;
        let name = file.map(|_| q.name.as_str());
        match printer {
            Printer::Text(p) => p.counts(name, &counts)?,
            Printer::Csv(p) if options.forms => p.forms(&q.name, &counts)?,
            Printer::Csv(p) => p.counts(&q.name, &counts)?,
            Printer::Json(p) => p.counts(&q.name, &counts)?,
        }
        Ok(counts.total.passages > 0)
    });
    printer.flush()?;
    outcome
}
