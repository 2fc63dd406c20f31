//! `search stats`: what an index holds and how it was built.

use std::io::BufWriter;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::query::open_or_build;
use super::{CliError, Outcome, DEFAULT_INDEX};
use crate::output::{AuditJsonPrinter, AuditTextPrinter};

/// Output format of `stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    Text,
    /// One JSON object (see the README for the fields)
    Json,
}

/// Arguments of `search stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The index to describe
    #[arg(long, env = "SEARCH_INDEX", default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
    pub format: StatsFormat,
}

pub fn run(args: StatsArgs) -> Result<Outcome, CliError> {
    let index = open_or_build(&args.index)?;
    let stats = index.stats()?;
    let out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        StatsFormat::Text => {
            let mut p = AuditTextPrinter::new(out);
            p.stats(&stats)?;
            p.flush()?;
        }
        StatsFormat::Json => {
            let mut p = AuditJsonPrinter::new(out);
            p.stats(&stats)?;
            p.flush()?;
        }
    }
    Ok(Outcome::Matched)
}
