//! `search show`: one article read back by its id, its passages in order, the matches of a
//! query marked.

use std::io::BufWriter;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::query::{color_on, open_or_build, Color};
use super::{CliError, Outcome, DEFAULT_INDEX};
use crate::output::{JsonPrinter, TextConfig, TextPrinter};
use crate::search::ArticleOptions;

/// Output format of `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// For people: title, date, source, URL, then each passage as `¶N text`.
    Text,
    /// One JSON object, `"type": "article"` (see the README).
    Json,
}

/// Arguments of `search show`.
#[derive(Debug, Args)]
#[command(after_help = SHOW_HELP)]
pub struct ShowArgs {
    /// The article's id: the `doc_id` of `search query` output (the text output shows it in
    /// brackets after the title)
    pub doc_id: String,
    /// Only this passage (the ¶ number of a hit, `passage` in JSON)
    #[arg(long, value_name = "N")]
    pub passage: Option<u64>,
    /// Mark the matches of this query (same syntax as `search query`)
    #[arg(long, short = 'q', value_name = "QUERY", allow_hyphen_values = true)]
    pub query: Option<String>,
    /// The index to read
    #[arg(long, env = "SEARCH_INDEX", default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
    /// Colour the matches, title, date and source: auto (on a terminal, unless NO_COLOR is
    /// set or TERM=dumb; CLICOLOR_FORCE forces it), always, never; without colour, matches are
    /// shown [in brackets]
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

const SHOW_HELP: &str = "\
Examples:
  search show 000_cbd53b12c595d70f
  search show 000_cbd53b12c595d70f --passage 6 --query Stepanakert

Exit status: 0 when the article was printed (and, with --query, something in it matched),
1 when --query matched nothing in it, 2 on error (no such article or passage).";

pub fn run(args: ShowArgs) -> Result<Outcome, CliError> {
    let options = ArticleOptions {
        passage: args.passage,
        query: args.query.clone(),
    };
    let index = open_or_build(&args.index)?;
    let article = index.article(&args.doc_id, &options)?;
    let out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        ShowFormat::Text => {
            let mut p = TextPrinter::new(
                out,
                TextConfig {
                    color: color_on(args.color),
                    ..TextConfig::default()
                },
            );
            p.article(&article)?;
            p.flush()?;
        }
        ShowFormat::Json => {
            let mut p = JsonPrinter::new(out);
            p.article(&article)?;
            p.flush()?;
        }
    }
    let unmatched =
        args.query.is_some() && article.passages.iter().all(|p| p.highlights.is_empty());
    Ok(if unmatched {
        Outcome::NoMatch
    } else {
        Outcome::Matched
    })
}
