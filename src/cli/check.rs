//! `search check`: verify an index's files (checksums, and the files `search` writes beside
//! tantivy's), name the damaged ones, exit 2 when there is one.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{CliError, Outcome, DEFAULT_INDEX};
use crate::index::{check_index, damaged_error};
use crate::output::{check_json, check_text};

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// One line per damaged file, then a summary
    Text,
    /// One JSON record of type `check`
    Json,
}

/// Arguments of `search check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The index to verify
    #[arg(long, env = "SEARCH_INDEX", default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

pub fn run(args: CheckArgs) -> Result<Outcome, CliError> {
    let report = check_index(&args.index)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        CheckFormat::Text => check_text(&mut out, &report)?,
        CheckFormat::Json => check_json(&mut out, &report)?,
    }
    out.flush()?;
    match damaged_error(&args.index, &report.damaged) {
        None => Ok(Outcome::Matched),
        Some(err) => Err(err.into()),
    }
}
