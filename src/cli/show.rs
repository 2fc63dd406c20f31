//! `search show`: one article whole, with the matches of a query marked.

use std::io::{BufWriter, IsTerminal};
use std::path::PathBuf;

use clap::Args;

use super::filters::ScopeArg;
use super::query::{open_or_build, Color, Format};
use super::{CliError, Outcome, DEFAULT_INDEX};
use crate::output::{JsonPrinter, TextConfig, TextPrinter};
use crate::search::Scope;

/// Arguments of `search show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's doc_id (as `search query` prints it)
    pub id: String,
    /// Mark the matches of this query (same syntax as `search query`)
    #[arg(long, short = 'q', value_name = "QUERY", default_value = "")]
    pub query: String,
    /// The index to read
    #[arg(long, env = "SEARCH_INDEX", default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Colour the matches: auto (on a terminal, unless NO_COLOR is set), always, never
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Words without operator are optional (as with `search query --any`)
    #[arg(long)]
    pub any: bool,
    /// Where the query's boolean logic applies (as with `search query --scope`)
    #[arg(long, value_enum, default_value_t = ScopeArg::Passage)]
    pub scope: ScopeArg,
}

pub fn run(args: ShowArgs) -> Result<Outcome, CliError> {
    let index = open_or_build(&args.index)?;
    let scope = match args.scope {
        ScopeArg::Passage => Scope::Passage,
        ScopeArg::Article => Scope::Article,
    };
    let query = args.query.trim();
    let Some(view) = index.article(&args.id, query, args.any, scope)? else {
        return Err(CliError::Usage(format!(
            "no article {:?} in the index",
            args.id
        )));
    };
    let out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        Format::Json => {
            let mut p = JsonPrinter::new(out);
            p.article(query, &view)?;
            p.flush()?;
        }
        Format::Text => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            let mut p = TextPrinter::new(
                out,
                TextConfig {
                    color,
                    ..TextConfig::default()
                },
            );
            p.article(&view)?;
            p.flush()?;
        }
    }
    Ok(Outcome::Matched)
}
