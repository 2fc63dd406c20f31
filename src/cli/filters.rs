//! The filter options shared by `query`, `count` and `kwic`: `--source`, `--from`, `--to`.

use clap::Args;

use super::CliError;
use crate::corpus::Date;
use crate::query::DateBound;
use crate::search::Filters;

/// Which articles a query may match, on top of the query text.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only articles from this source (repeatable; case-insensitive)
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,
    /// Only articles dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only articles dated on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD; inclusive)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

impl FilterArgs {
    /// The filters given on the command line; a bad date is a usage error.
    pub fn filters(&self) -> Result<Filters, CliError> {
        Ok(Filters {
            sources: self.source.clone(),
            from: parse_bound(self.from.as_deref(), "--from", true)?,
            to: parse_bound(self.to.as_deref(), "--to", false)?,
        })
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the first (`first`) or last day it covers.
fn parse_bound(value: Option<&str>, flag: &str, first: bool) -> Result<Option<Date>, CliError> {
    let Some(v) = value else { return Ok(None) };
    let bound = DateBound::parse(v.trim()).ok_or_else(|| {
        CliError::Usage(format!(
            "{flag} {v:?}: not a date; use YYYY, YYYY-MM or YYYY-MM-DD"
        ))
    })?;
    Ok(Some(if first {
        bound.first_day()
    } else {
        bound.last_day()
    }))
}
