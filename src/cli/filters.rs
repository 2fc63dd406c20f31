//! The filter options shared by `query`, `count` and `kwic`: `--source`, `--from`, `--to`,
//! `--scope`.

use clap::{Args, ValueEnum};

use super::CliError;
use crate::corpus::Date;
use crate::query::DateBound;
use crate::search::{Filters, Scope};

/// Where the boolean logic of a query applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ScopeArg {
    /// Each passage on its own (the default)
    #[default]
    Passage,
    /// The whole article; hits and counts are the article's passages that hold a word
    Article,
}

/// Which articles a query may match, on top of the query text.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only articles from this source (repeatable; case and spaces aside; a glob: 'AFP*')
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,
    /// Only articles dated on or after DATE (YYYY, YYYY-MM, YYYY-MM-DD or DD/MM/YYYY)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only articles dated on or before DATE (YYYY, YYYY-MM, YYYY-MM-DD or DD/MM/YYYY; inclusive)
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Where AND, OR, -word and required words apply: in each passage, or anywhere in the
    /// article (the passages shown and counted are the article's that hold a query word)
    #[arg(long, value_enum, default_value_t = ScopeArg::Passage)]
    pub scope: ScopeArg,
}

impl FilterArgs {
    /// The scope given on the command line.
    pub fn scope(&self) -> Scope {
        match self.scope {
            ScopeArg::Passage => Scope::Passage,
            ScopeArg::Article => Scope::Article,
        }
    }

    /// The filters given on the command line; a bad date is a usage error.
    pub fn filters(&self) -> Result<Filters, CliError> {
        let from = parse_bound(self.from.as_deref(), "--from", true)?;
        let to = parse_bound(self.to.as_deref(), "--to", false)?;
        if let (Some(f), Some(t)) = (from, to) {
            if f.to_unix_days() > t.to_unix_days() {
                return Err(CliError::Usage(format!(
                    "--from {} is after --to {}: no article can match",
                    self.from.as_deref().unwrap_or_default(),
                    self.to.as_deref().unwrap_or_default()
                )));
            }
        }
        Ok(Filters {
            sources: self.source.clone(),
            from,
            to,
        })
    }
}

/// `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a day as the indexer reads it (`15/03/2020`) as the first (`first`) or last day it covers.
fn parse_bound(value: Option<&str>, flag: &str, first: bool) -> Result<Option<Date>, CliError> {
    let Some(v) = value else { return Ok(None) };
    let bound = DateBound::parse(v.trim()).ok_or_else(|| {
        CliError::Usage(format!(
            "{flag} {v:?}: not a date; use YYYY, YYYY-MM, YYYY-MM-DD or DD/MM/YYYY"
        ))
    })?;
    Ok(Some(if first {
        bound.first_day()
    } else {
        bound.last_day()
    }))
}

/// Warns on stderr, one line each, about `--source` values that no article of `index` has
/// (case ignored): such a filter matches nothing, which looked like "no match" before.
pub(super) fn warn_unknown_sources(
    index: &crate::SearchIndex,
    filters: &Filters,
) -> Result<(), CliError> {
    if filters.sources.is_empty() {
        return Ok(());
    }
    let known: Vec<String> = index
        .stats()?
        .sources
        .into_iter()
        .filter_map(|s| s.source)
        .collect();
    for s in &filters.sources {
        let pattern = crate::query::SourcePattern::new(s);
        if !known.iter().any(|k| pattern.matches(k)) {
            eprintln!(
                "search: warning: --source {}: no article of the index has this source (`search stats` lists them)",
                crate::output::terminal(s)
            );
        }
    }
    Ok(())
}
