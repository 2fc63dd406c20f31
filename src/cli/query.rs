//! `search query`: rank passages and print them with their highlights.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};

use super::filters::FilterArgs;
use super::{CliError, Outcome, DEFAULT_CORPUS, DEFAULT_INDEX};
use crate::audit::{read_queries_by_line, NamedQuery};
use crate::index::{BuildOptions, SearchIndex};
use crate::output::{
    Asked, CsvPrinter, JsonPrinter, TextConfig, TextPrinter, DEFAULT_EXCERPT_CHARS,
};
use crate::query::RankOptions;
use crate::search::{Scope, SearchOptions, SearchResults, SortOrder};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people: excerpts with the matches in bold colour on a terminal.
    Text,
    /// JSON Lines: one object per hit, then a summary (see the README for the fields).
    Json,
    /// CSV with a header row, one row per hit (RFC 4180, UTF-8; see the README).
    Csv,
}

/// When to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Sort order of the hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Sort {
    /// Best score first.
    Score,
    /// Oldest first.
    Date,
    /// Newest first.
    #[value(name = "-date")]
    DateDesc,
}

/// Arguments of `search query`.
#[derive(Debug, Args)]
#[command(after_help = QUERY_HELP)]
pub struct QueryArgs {
    /// The query (see the syntax below): several words are one query; one
    /// starting with `-` goes after `--` (`search query -- -Chine coronavirus`)
    #[arg(required_unless_present = "queries_file", num_args = 1..)]
    pub query: Vec<String>,
    /// The index to search
    #[arg(long, env = "SEARCH_INDEX", default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Most hits to print
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip first (for paging)
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Rank passages that contain any of the words (for questions in natural language)
    #[arg(long)]
    pub any: bool,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Colour the matches, titles, dates and sources: auto (on a terminal, unless NO_COLOR is
    /// set or TERM=dumb; CLICOLOR_FORCE forces it), always, never
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Run one query per line of FILE in the same process (`name<TAB>query` to name it; `-`
    /// reads standard input)
    #[arg(long, value_name = "FILE")]
    pub queries_file: Option<PathBuf>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Order of the hits
    #[arg(long, value_enum, default_value_t = Sort::Score, allow_hyphen_values = true)]
    pub sort: Sort,
    /// At most N passages per article (1 or more)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub per_article: Option<u64>,
    /// Longest excerpt of a passage in text output, in characters (cut at word boundaries,
    /// never inside a match)
    #[arg(long, value_name = "N", default_value_t = DEFAULT_EXCERPT_CHARS as u64,
          value_parser = clap::value_parser!(u64).range(1..), conflicts_with = "full")]
    pub excerpt_chars: u64,
    /// Print whole passages in text output, not excerpts
    #[arg(long)]
    pub full: bool,
    /// Show N neighbouring passages of the same article before and after each hit (at most
    /// 10000: the whole article)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub context: usize,
    /// Ranking variant for the ablations of EVALUATION.md (name=value,…; see RankOptions)
    #[arg(long, hide = true, value_name = "SPEC")]
    pub ranking: Option<String>,
    /// Show every copy of a passage found in several articles (default: once, with `also_in`)
    #[arg(long)]
    pub no_collapse: bool,
    /// Print, per hit, the score and what contributed to it (term, field, weight)
    #[arg(long)]
    pub explain: bool,
    /// Print how the query was understood: words, lemmas, exact forms, phrases, elisions,
    /// stop words, prefix and variant expansions with their passage counts
    #[arg(long)]
    pub show_query: bool,
    /// List the written forms matched in all matching passages, with their counts
    #[arg(long)]
    pub exact_report: bool,
}

const QUERY_HELP: &str = "\
Query syntax (words are required by default; --any makes them optional and ranked):
  cessez-le-feu                a compound: its parts in a row, or joined (cessezlefeu)
  l'enclave                    elided articles (l' d' qu'…) are removed, either apostrophe
  \"cessez le feu\"  « … »        a phrase;  \"cessez feu\"~3  its words within 3 moves, any order
  Stepanakert -Russie          -word or NOT word excludes;  +word requires (with --any)
  (Stepanakert OR Khankendi) AND bombardement*
  négoci*                      prefix on the folded form
  Karabakh~                    spellings within 1 edit (3-5 letters) or 2 (6+) in the index
  =Stepanakert                 this written form only: no other form, accents significant
  source:AFP  date:2019..2020  title:Karabakh     filters in the query text

Exit status: 0 when something matched, 1 when nothing did, 2 on error.";

pub fn run(args: QueryArgs) -> Result<Outcome, CliError> {
    let filters = args.filters.filters()?;
    let options = SearchOptions {
        limit: args.limit,
        offset: args.offset,
        any: args.any,
        sources: filters.sources.clone(),
        from: filters.from,
        to: filters.to,
        sort: match args.sort {
            Sort::Score => SortOrder::Score,
            Sort::Date => SortOrder::Date,
            Sort::DateDesc => SortOrder::DateDesc,
        },
        per_article: args
            .per_article
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        context: args.context,
        rank: match &args.ranking {
            Some(spec) => RankOptions::parse(spec).map_err(CliError::Usage)?,
            None => RankOptions::default(),
        },
        collapse: !args.no_collapse,
        explain: args.explain,
        forms: args.exact_report,
        scope: args.filters.scope(),
    };
    let show_query = args.show_query;
    let file = args.queries_file.as_deref();
    super::audit::one_source(&args.query, file)?;
    let batch = match file {
        Some(file) => {
            let text = super::audit::read_batch(file)?;
            read_queries_by_line(&text)
                .map_err(|e| CliError::Usage(format!("{}: {e}", super::audit::batch_name(file))))?
        }
        None => Vec::new(),
    };
    let index = open_or_build(&args.index)?;
    super::filters::warn_unknown_sources(&index, &filters)?;
    let color = color_on(args.color);
    let stdout = std::io::stdout().lock();
    let out = BufWriter::new(stdout);
    let mut printer = match args.format {
        Format::Json => Printer::Json(JsonPrinter::new(out)),
        Format::Csv => Printer::Csv(Box::new(CsvPrinter::new(out))),
        Format::Text => Printer::Text(TextPrinter::new(
            out,
            TextConfig {
                color,
                excerpt_chars: if args.full {
                    usize::MAX
                } else {
                    usize::try_from(args.excerpt_chars).unwrap_or(usize::MAX)
                },
            },
        )),
    };

    let outcome = match file {
        None => {
            let query = super::joined(&args.query).unwrap_or_default();
            let asked = Asked {
                query: &query,
                name: None,
                index: None,
            };
            let started = Instant::now();
            let results = index.search(&query, &options)?;
            let elapsed = started.elapsed();
            printer.results(&asked, &options, show_query, &results, elapsed)?;
            if results.hits.is_empty() && results.total == 0 {
                Outcome::NoMatch
            } else {
                Outcome::Matched
            }
        }
        Some(file) => run_batch(&index, file, &batch, &options, show_query, &mut printer)?,
    };
    printer.flush()?;
    Ok(outcome)
}

fn run_batch<W: Write>(
    index: &SearchIndex,
    file: &Path,
    batch: &[NamedQuery],
    options: &SearchOptions,
    show_query: bool,
    printer: &mut Printer<W>,
) -> Result<Outcome, CliError> {
    let searcher = index.searcher();
    let mut matched = false;
    let mut failed = 0;
    for q in batch {
        let asked = Asked {
            query: &q.query,
            name: Some(&q.name),
            index: Some(q.line - 1),
        };
        let started = Instant::now();
        match index.search_with(&searcher, &q.query, options) {
            Ok(results) => {
                matched |= results.total > 0;
                printer.results(&asked, options, show_query, &results, started.elapsed())?;
            }
            Err(e) => {
                failed += 1;
                let line = format!("search: {}:{}: {e}", super::audit::batch_name(file), q.line);
                eprintln!("{}", crate::output::terminal(&line));
                if let Printer::Json(p) = printer {
                    p.error(&asked, q.line, &e.to_string())?;
                }
            }
        }
    }
    if failed > 0 {
        printer.flush()?;
        return Err(CliError::Batch {
            failed,
            total: batch.len(),
        });
    }
    Ok(if matched {
        Outcome::Matched
    } else {
        Outcome::NoMatch
    })
}

/// Whether to colour text on stdout: `always`, `never`, or for `auto` anstream's choice, as
/// most terminal tools make it: never with `NO_COLOR` set; always with `CLICOLOR_FORCE` set;
/// else on a terminal, unless `TERM` is unset or `dumb`, or `CLICOLOR=0`.
pub(super) fn color_on(color: Color) -> bool {
    match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

/// Opens the index; on first use of the default index, builds it from `corpus/` first.
pub(super) fn open_or_build(path: &Path) -> Result<SearchIndex, CliError> {
    let first_use = path == Path::new(DEFAULT_INDEX)
        && !path.join("meta.json").exists()
        && Path::new(DEFAULT_CORPUS).is_dir();
    if first_use {
        eprintln!("search: no index yet: indexing {DEFAULT_CORPUS}/ into {DEFAULT_INDEX}/ first");
        super::index::build(
            &[PathBuf::from(DEFAULT_CORPUS)],
            path,
            &BuildOptions::default(),
            false,
        )?;
    }
    let mut index = SearchIndex::open(path)?;
    if !first_use && path == Path::new(DEFAULT_INDEX) && Path::new(DEFAULT_CORPUS).is_dir() {
        index = update_from_corpus(index, path)?;
    }
    let meta = index.meta();
    if !meta.complete {
        // A build was killed after an intermediate commit: what it holds is a part.
        eprintln!(
            "search: warning: {} is incomplete: its last build stopped after {}; run `search index {} --index {}` to finish it",
            crate::output::terminal(&path.display().to_string()),
            crate::output::count_of(
                usize::try_from(meta.articles).unwrap_or(usize::MAX),
                "article",
                "articles"
            ),
            crate::output::terminal(&meta.paths.join(" ")),
            crate::output::terminal(&path.display().to_string()),
        );
    }
    Ok(index)
}

/// The default index built from `corpus/`, brought up to date when files were added to,
/// changed in or removed from `corpus/` since (a fingerprint of the folder's listing tells;
/// the incremental build then reads only what changed). An index built from other paths is
/// left as it is; a failed update (another writer at work) leaves the index as it was.
fn update_from_corpus(index: SearchIndex, path: &Path) -> Result<SearchIndex, CliError> {
    let meta = index.meta();
    let corpus = [PathBuf::from(DEFAULT_CORPUS)];
    // Paths are recorded canonical (`corpus` itself by an index built before they were).
    let key = crate::index::path_key(Path::new(DEFAULT_CORPUS));
    let from_corpus = meta.paths == [key] || meta.paths == [DEFAULT_CORPUS.to_string()];
    // The aliases file it was built with while it is there, else the one a build would find.
    let sources = meta
        .sources
        .as_deref()
        .map(PathBuf::from)
        .filter(|f| f.is_file())
        .or_else(|| crate::index::aliases_file(&corpus, None));
    let sources_key = sources.as_deref().map(crate::index::path_key);
    let stamp = crate::index::corpus_stamp(&corpus, sources_key.as_deref());
    if !from_corpus
        || !meta.complete
        || meta.inputs_stamp == Some(stamp)
        || meta.inputs_stamp == Some(crate::index::inputs_stamp(&corpus))
    {
        return Ok(index);
    }
    // One fingerprint covers both: which of them changed is not known here.
    let what = match &sources {
        Some(file) => {
            // Recorded absolute: shown from the working folder when it is in it.
            let cwd = std::env::current_dir()
                .ok()
                .map(|d| crate::index::path_key(&d));
            let shown = cwd
                .and_then(|d| file.strip_prefix(d).ok().map(Path::to_path_buf))
                .unwrap_or_else(|| file.clone());
            format!(
                "{DEFAULT_CORPUS}/ or {} changed",
                crate::output::terminal(&shown.display().to_string())
            )
        }
        None => format!("{DEFAULT_CORPUS}/ changed"),
    };
    eprintln!("search: {what} since {DEFAULT_INDEX}/ was built: updating it");
    drop(index);
    let options = BuildOptions {
        sources,
        ..BuildOptions::default()
    };
    if let Err(e) = super::index::build(&corpus, path, &options, false) {
        eprintln!("search: warning: {DEFAULT_INDEX}/ was not updated: {e}");
    }
    Ok(SearchIndex::open(path)?)
}

/// Said after the number of passages when the query's logic applied to whole articles.
pub(super) fn scope_note(scope: Scope) -> &'static str {
    match scope {
        Scope::Passage => "",
        Scope::Article => {
            " (--scope article: of the articles where the query holds, the passages with its words)"
        }
    }
}

enum Printer<W: Write> {
    Json(JsonPrinter<W>),
    Csv(Box<CsvPrinter<W>>),
    Text(TextPrinter<W>),
}

impl<W: Write> Printer<W> {
    fn results(
        &mut self,
        asked: &Asked,
        options: &SearchOptions,
        show_query: bool,
        results: &SearchResults,
        elapsed: Duration,
    ) -> std::io::Result<()> {
        let first_rank = options.offset.saturating_add(1);
        match self {
            Printer::Json(p) => p.results(asked, options, show_query, results, elapsed)?,
            Printer::Csv(p) => {
                p.query_header()?;
                let name = asked.name.unwrap_or(asked.query);
                p.hits(name, asked.query, first_rank, &results.hits)?;
            }
            Printer::Text(p) => {
                let query = asked.query;
                if let Some(qi) = asked.index {
                    let name = asked.name.filter(|n| *n != query);
                    p.query_header(qi, name, query, results.total)?;
                }
                if show_query {
                    p.understood(query, &results.terms)?;
                }
                if results.total == 0 {
                    p.line(&format!("no passage matches {query:?}"))?;
                }
                for (i, hit) in results.hits.iter().enumerate() {
                    p.hit(first_rank.saturating_add(i), hit)?;
                }
                let batch = asked.index.is_some();
                if !batch && results.hits.is_empty() && results.total > 0 {
                    p.line(&format!(
                        "{} {}{}; none shown from rank {first_rank}",
                        passages(results.total),
                        if results.total == 1 {
                            "matches"
                        } else {
                            "match"
                        },
                        scope_note(results.scope),
                    ))?;
                }
                if !batch && !results.hits.is_empty() {
                    let last = options.offset.saturating_add(results.hits.len());
                    p.line(&format!(
                        "{first_rank}–{last} of {}{}",
                        passages(results.total),
                        scope_note(results.scope)
                    ))?;
                }
                if let Some(hit) = results.hits.first().filter(|_| !batch) {
                    p.hint(&format!(
                        "read a hit's article: search show {} --passage {}",
                        shell_word(&hit.doc_id),
                        hit.passage
                    ))?;
                }
                if options.forms {
                    p.forms(results.total, &results.forms)?;
                }
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Printer::Json(p) => p.flush(),
            Printer::Csv(p) => p.flush(),
            Printer::Text(p) => p.flush(),
        }
    }
}

/// `word` as one shell word: as it is when it holds only safe characters, else in single
/// quotes.
fn shell_word(word: &str) -> String {
    let safe = |c: char| c.is_alphanumeric() || "_-.:/,@%+=".contains(c);
    if !word.is_empty() && word.chars().all(safe) && !word.starts_with('-') {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// `n passages`, or `1 passage`.
pub(super) fn passages(n: usize) -> String {
    crate::output::count_of(n, "passage", "passages")
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn ids_are_quoted_only_when_the_shell_needs_it() {
        assert_eq!(shell_word("000_cbd53b12c595d70f"), "000_cbd53b12c595d70f");
        assert_eq!(shell_word("news.jsonl:4"), "news.jsonl:4");
        assert_eq!(shell_word("presse/été 2020"), "'presse/été 2020'");
        assert_eq!(shell_word("l'article"), r"'l'\''article'");
        assert_eq!(shell_word("-x"), "'-x'");
        assert_eq!(shell_word(""), "''");
    }
}
