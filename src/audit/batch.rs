//! Batches of queries: one per line, optionally named with `name<TAB>query`.

use std::collections::HashMap;

/// A query of a batch file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedQuery {
    /// Line number in the file (1-based).
    pub line: usize,
    /// The name before the tab, or the query itself when there is none.
    pub name: String,
    /// The query text.
    pub query: String,
}

/// A line of a batch file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct BatchError {
    pub line: usize,
    pub message: String,
}

/// Reads a batch: one query per line, `name<TAB>query` to name it; blank lines are skipped,
/// and so is a UTF-8 byte order mark at the start. Names must be unique, since output is
/// keyed by them.
///
/// ```
/// use search::audit::read_queries;
///
/// let batch = read_queries("blessés\t=blessés\ncessez-le-feu\n").unwrap();
/// assert_eq!(batch[0].name, "blessés");
/// assert_eq!(batch[0].query, "=blessés");
/// assert_eq!(batch[1].name, "cessez-le-feu");
/// ```
pub fn read_queries(text: &str) -> Result<Vec<NamedQuery>, BatchError> {
    read(text, true)
}

/// Like [`read_queries`], but two lines may have the same name (or be the same query): for
/// output keyed by line, as `search query`'s.
///
/// ```
/// use search::audit::read_queries_by_line;
///
/// let batch = read_queries_by_line("\u{feff}trêve\ntrêve\n").unwrap();
/// assert_eq!((batch.len(), batch[0].query.as_str(), batch[1].line), (2, "trêve", 2));
/// ```
pub fn read_queries_by_line(text: &str) -> Result<Vec<NamedQuery>, BatchError> {
    read(text, false)
}

fn read(text: &str, unique: bool) -> Result<Vec<NamedQuery>, BatchError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out: Vec<NamedQuery> = Vec::new();
    let mut names: HashMap<String, usize> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let (name, query) = match raw.split_once('\t') {
            Some((name, query)) => (name.trim(), query.trim()),
            None => ("", raw.trim()),
        };
        if query.is_empty() {
            return Err(BatchError {
                line,
                message: format!("{name:?} has no query after the tab"),
            });
        }
        let name = if name.is_empty() { query } else { name };
        if let Some(first) = names.insert(name.to_string(), line).filter(|_| unique) {
            return Err(BatchError {
                line,
                message: format!("the name {name:?} is already used on line {first}"),
            });
        }
        out.push(NamedQuery {
            line,
            name: name.to_string(),
            query: query.to_string(),
        });
    }
    Ok(out)
}
