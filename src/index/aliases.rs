//! Source aliases: one name for the many spellings of a source (`Source BFMTV`, `BFM TV`,
//! `BFMTV` → `BFMTV`), applied when articles are indexed.
//!
//! The file is UTF-8 text, one alias a line: `spelling<TAB>name`. A spelling is compared as
//! `--source` compares (case and runs of spaces aside) and may be a glob (`Source BFM*`,
//! `?`, `[…]`); an exact spelling wins over a glob, and globs are tried in the order of the
//! file. Blank lines and lines starting with `#` are comments. A source no line names is kept
//! as it is. A bad line is an error that names it (`FILE:LINE: reason`): nothing is indexed.
//!
//! `search index` reads `sources.tsv` beside each path indexed (in the folder that holds
//! `corpus/`, or the file given), or the file of `--sources FILE`. The index records the
//! source an article was given as its `source` (filters and counts use it) and the spelling
//! read as `source_raw`; the hash of each article covers both, so a changed aliases file
//! re-indexes the articles whose source it changes, and only them.
//!
//! ```
//! use search::index::SourceAliases;
//!
//! let aliases = SourceAliases::parse("sources.tsv", "# BFM\nBFM TV\tBFMTV\nSource BFM*\tBFMTV\n").unwrap();
//! assert_eq!(aliases.name("bfm  tv"), Some("BFMTV"));
//! assert_eq!(aliases.name("Source BFMTV"), Some("BFMTV"));
//! assert_eq!(aliases.name("AFP"), None);
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::query::SourcePattern;

/// The name of the aliases file found beside the paths indexed.
pub const ALIASES_FILE: &str = "sources.tsv";

/// Source spellings mapped to names.
pub struct SourceAliases {
    /// Exact spellings (by their key: lower case, single spaces) → name.
    exact: HashMap<String, String>,
    /// Globs, in the order of the file.
    globs: Vec<(SourcePattern, String)>,
    /// Where they were read from.
    pub file: String,
    /// How many aliases (lines) the file holds.
    pub lines: usize,
}

impl std::fmt::Debug for SourceAliases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceAliases")
            .field("file", &self.file)
            .field("lines", &self.lines)
            .finish()
    }
}

/// Bad lines of an aliases file, each as `FILE:LINE: reason`, one a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasesError(pub Vec<String>);

impl std::fmt::Display for AliasesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}; nothing was indexed or removed", self.0.join("; "))
    }
}

impl std::error::Error for AliasesError {}

impl SourceAliases {
    /// Reads the aliases of `text`, named `file` in messages.
    pub fn parse(file: &str, text: &str) -> Result<SourceAliases, AliasesError> {
        let mut exact: HashMap<String, (String, usize)> = HashMap::new();
        let mut globs = Vec::new();
        let mut bad = Vec::new();
        let mut lines = 0;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            let mut fail = |reason: String| bad.push(format!("{file}:{n}: {reason}"));
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let Some((spelling, name)) = line.split_once('\t') else {
                fail("expected `spelling<TAB>name` (no tab)".to_string());
                continue;
            };
            let (spelling, name) = (spelling.trim(), name.trim());
            if spelling.is_empty() {
                fail("the spelling (before the tab) is empty".to_string());
                continue;
            }
            if name.is_empty() {
                fail(format!("no name after the tab for {spelling:?}"));
                continue;
            }
            if name.contains('\t') {
                fail("more than one tab: expected `spelling<TAB>name`".to_string());
                continue;
            }
            lines += 1;
            let key = crate::query::source_key(spelling);
            if key.contains(['*', '?', '[']) {
                if glob::Pattern::new(&key).is_err() {
                    fail(format!(
                        "{spelling:?} is not a valid glob (an unclosed `[`?)"
                    ));
                    continue;
                }
                globs.push((SourcePattern::new(spelling), name.to_string()));
            } else {
                match exact.get(&key) {
                    Some((other, at)) if other != name => fail(format!(
                        "{spelling:?} is named {other:?} on line {at} already, here {name:?}"
                    )),
                    Some(_) => {}
                    None => {
                        exact.insert(key, (name.to_string(), n));
                    }
                }
            }
        }
        if !bad.is_empty() {
            return Err(AliasesError(bad));
        }
        Ok(SourceAliases {
            exact: exact.into_iter().map(|(k, (name, _))| (k, name)).collect(),
            globs,
            file: file.to_string(),
            lines,
        })
    }

    /// Reads the aliases file `path`.
    pub fn read(path: &Path) -> crate::Result<SourceAliases> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| crate::Error::Io {
            path: path.to_path_buf(),
            source: e,
        })?;
        Ok(SourceAliases::parse(&shown, &text)?)
    }

    /// The name of the source spelled `source`, when a line names it.
    pub fn name(&self, source: &str) -> Option<&str> {
        let key = crate::query::source_key(source);
        if let Some(name) = self.exact.get(&key) {
            return Some(name);
        }
        self.globs
            .iter()
            .find(|(p, _)| p.matches(source))
            .map(|(_, name)| name.as_str())
    }
}

/// The aliases file of a run: `explicit` when given, else the first `sources.tsv` found
/// beside the paths (in the folder that holds each), if any.
pub fn aliases_file(paths: &[PathBuf], explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(file) = explicit {
        return Some(file.to_path_buf());
    }
    paths.iter().find_map(|p| {
        let canonical = std::fs::canonicalize(p).ok()?;
        let beside = canonical.parent()?.join(ALIASES_FILE);
        beside.is_file().then_some(beside)
    })
}

/// Maps each source read through a set of aliases, remembering the spellings seen (a corpus
/// has few distinct spellings and many articles).
pub(crate) struct Mapper {
    aliases: SourceAliases,
    seen: HashMap<String, Option<String>>,
}

impl Mapper {
    pub(crate) fn new(aliases: SourceAliases) -> Mapper {
        Mapper {
            aliases,
            seen: HashMap::new(),
        }
    }

    /// The name of `source`, or `None` when no alias changes it.
    pub(crate) fn map(&mut self, source: &str) -> Option<String> {
        if let Some(done) = self.seen.get(source) {
            return done.clone();
        }
        let name = self
            .aliases
            .name(source)
            .filter(|n| *n != source)
            .map(str::to_string);
        self.seen.insert(source.to_string(), name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_comments_globs_and_errors() {
        let text = "\u{feff}# outlets\n\nBFM TV\tBFMTV\r\n  Source BFM*\t BFMTV \nbfmtv\tBFMTV\nAFP*\tAFP\n";
        let a = SourceAliases::parse("s.tsv", text).unwrap();
        assert_eq!(a.lines, 4);
        assert_eq!(a.name("BFM  TV"), Some("BFMTV"));
        assert_eq!(a.name("source bfm tv"), Some("BFMTV"));
        assert_eq!(a.name("AFP/Reuters"), Some("AFP"));
        assert_eq!(a.name("Orange avec AFP"), None);
        let bad = "BFM TV\n\tX\nA\t\nA\tB\na\tC\n[x\tY\n";
        let e = SourceAliases::parse("s.tsv", bad).unwrap_err();
        assert_eq!(
            e.0,
            [
                "s.tsv:1: expected `spelling<TAB>name` (no tab)",
                "s.tsv:2: the spelling (before the tab) is empty",
                "s.tsv:3: no name after the tab for \"A\"",
                "s.tsv:5: \"a\" is named \"B\" on line 4 already, here \"C\"",
                "s.tsv:6: \"[x\" is not a valid glob (an unclosed `[`?)",
            ]
        );
    }
}
