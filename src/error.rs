//! The library's errors: one type, with messages written for people.

use std::path::PathBuf;

/// Everything that can go wrong in the library. Messages are one lowercase line that names
/// what failed and where; the cause is chained with `source()`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A corpus path given to `search index` does not exist: nothing was touched.
    #[error("{}: no such file or folder; nothing was indexed or removed", path.display())]
    MissingInput { path: PathBuf },
    /// The folders to index hold no file of a supported kind.
    #[error("{}: no file to index (.txt, .md, .jsonl, .ndjson, .json, .csv, .tsv, .html, gzipped or not); nothing was indexed or removed", paths.join(", "))]
    NoInputFiles { paths: Vec<String> },
    /// No index at this path.
    #[error("no index at {}: build one with `search index PATH... --index {}`", path.display(), path.display())]
    NoIndex { path: PathBuf },
    /// No index at this path, which holds files to index: the corpus was named for the index.
    #[error("no index at {}: it holds files to index; index them with `search index {} --index index`, then search with `--index index`", path.display(), path.display())]
    CorpusNotIndex { path: PathBuf },
    /// `--index` names a file: an index is a folder.
    #[error("{} is a file: --index names the folder that holds (or will hold) an index, such as `index`; nothing was changed", path.display())]
    IndexIsFile { path: PathBuf },
    /// The folder exists but does not hold a `search` index.
    #[error("{} is not a search index ({reason}): choose another folder, or remove it and run `search index PATH... --index {}`", path.display(), path.display())]
    NotAnIndex { path: PathBuf, reason: String },
    /// The index was built with another version of the French analysis.
    #[error("{} was built with analysis version {found}, this build uses version {expected}: rebuild it with `search index PATH... --index {}`", path.display(), path.display())]
    AnalysisVersion {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
    /// The index was built by a version of `search` with another index layout.
    #[error("{} was built by another version of search (index format {found}, this build reads format {expected}): rebuild it with `search index PATH... --index {}`", path.display(), path.display())]
    IndexFormat {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
    /// The index files cannot be read (damaged, or partly removed).
    #[error("index {} cannot be read ({reason}): rebuild it with `search index PATH... --index {} --rebuild`", path.display(), path.display())]
    Corrupt { path: PathBuf, reason: String },
    /// The first build of the index stopped (killed, Ctrl-C) before it committed anything.
    #[error("index {} is incomplete (empty so far): its first build stopped before it committed anything; run `search index PATH... --index {}` to finish it", path.display(), path.display())]
    EmptyBuild { path: PathBuf },
    /// Another process holds the index writer lock.
    #[error("index {} is locked by another process (another `search index` is running)", path.display())]
    Locked { path: PathBuf },
    /// No article has this id in the index.
    #[error("no article {doc_id:?} in {}: ids are the doc_id of `search query` output", path.display())]
    NoArticle { path: PathBuf, doc_id: String },
    /// The article has no passage of this number.
    #[error("article {doc_id:?} has no passage {passage}: its passages are 0 to {}", passages.saturating_sub(1))]
    NoPassage {
        doc_id: String,
        passage: u64,
        passages: u64,
    },
    /// A query that cannot be read.
    #[error(transparent)]
    Query(#[from] crate::query::QueryError),

    /// Bad lines in a source aliases file (`sources.tsv`), each as `FILE:LINE: reason`.
    #[error(transparent)]
    Aliases(#[from] crate::index::AliasesError),
    /// An error from the index engine.
    #[error("index {}: {message}", path.display())]
    Index { path: PathBuf, message: String },
    /// A query matches more than a caller's bound allows (the server's concordances).
    #[error("query {query:?} matches {found} passages, at most {max} here: narrow it or its filters, or use the command line")]
    TooMany {
        query: String,
        found: usize,
        max: usize,
    },
}

impl Error {
    pub(crate) fn index(path: &std::path::Path, err: tantivy::TantivyError) -> Error {
        use tantivy::directory::error::LockError;
        match err {
            tantivy::TantivyError::LockFailure(LockError::LockBusy, _) => Error::Locked {
                path: path.to_path_buf(),
            },
            other => Error::Index {
                path: path.to_path_buf(),
                message: other.to_string(),
            },
        }
    }

    /// An index whose files cannot be read, with a short reason (tantivy's own messages
    /// quote file contents and debug output).
    pub(crate) fn corrupt(path: &std::path::Path, err: &tantivy::TantivyError) -> Error {
        use tantivy::TantivyError as T;
        if let Some(e) = permission_denied(path, err) {
            return e;
        }
        let reason = match err {
            T::DataCorruption(_) => "its files are damaged".to_string(),
            T::OpenReadError(_) | T::OpenDirectoryError(_) => {
                "some of its files are missing or unreadable".to_string()
            }
            T::IoError(e) => format!("i/o error: {e}"),
            other => other.to_string(),
        };
        Error::Corrupt {
            path: path.to_path_buf(),
            reason,
        }
    }

    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// An error of tantivy's that is a permission denied, as an [`Error::Io`] naming the file
/// (a user who may not read an index is told so, not that it is damaged).
fn permission_denied(dir: &std::path::Path, err: &tantivy::TantivyError) -> Option<Error> {
    use std::io::ErrorKind::PermissionDenied;
    use tantivy::directory::error::{LockError, OpenDirectoryError, OpenReadError};
    use tantivy::TantivyError as T;
    let (file, io): (Option<&std::path::Path>, &std::io::Error) = match err {
        T::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            (Some(filepath.as_path()), &**io_error)
        }
        T::OpenDirectoryError(OpenDirectoryError::IoError { io_error, .. }) => (None, &**io_error),
        T::LockFailure(LockError::IoError(io_error), _) => (None, &**io_error),
        T::IoError(io_error) => (None, &**io_error),
        _ => return None,
    };
    if io.kind() != PermissionDenied {
        return None;
    }
    let path = file.map_or_else(|| dir.to_path_buf(), |f| dir.join(f));
    Some(Error::Io {
        path,
        source: std::io::Error::new(PermissionDenied, "permission denied"),
    })
}

/// The library's result type.
pub type Result<T> = std::result::Result<T, Error>;
