//! How an index names the files it was built from: by canonical absolute path, so that the
//! same corpus given another way (`corpus`, `./corpus/`, `$(pwd)/corpus`, a symbolic link to
//! it) is recognised as the same files and nothing is re-indexed, and so that the `path` of an
//! article (JSON, `show`) and the paths of `stats` can be used from any folder.
//!
//! The reader of a corpus names a file as it reached it (`corpus/a.txt` under the path given
//! as `corpus`); messages keep that spelling. The key replaces the path given by its canonical
//! form and keeps the rest: a file reached through a link inside the corpus keeps the link's
//! name, so its key does not depend on where the link points.
//!
//! An index built before keys were canonical holds relative paths (as given then): its
//! articles are re-indexed once under their new key (their content is unchanged; the run
//! counts them as updated).

use std::path::{Path, PathBuf};

use crate::corpus::walk::path_text;

/// The key of an input path as given on the command line: its canonical absolute path
/// (symbolic links resolved, `.` and `..` removed), or the path made absolute when it cannot
/// be resolved (it does not exist), as text.
///
/// ```
/// let here = std::env::current_dir().unwrap();
/// let key = search::index::path_key(std::path::Path::new("./src/../src"));
/// assert_eq!(key, search::index::path_key(&here.join("src")));
/// assert!(std::path::Path::new(&key).is_absolute());
/// ```
pub fn path_key(path: &Path) -> String {
    path_text(&canonical(path))
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The keys of the files under some input paths.
#[derive(Debug, Clone)]
pub struct PathKeys {
    /// Each input path as the reader spells it, and its key.
    roots: Vec<(PathBuf, String)>,
}

impl PathKeys {
    /// The keys of the files under `paths` (the inputs of one run).
    pub fn new(paths: &[PathBuf]) -> PathKeys {
        PathKeys {
            roots: paths
                .iter()
                .map(|p| (PathBuf::from(path_text(p)), path_key(p)))
                .collect(),
        }
    }

    /// The key of `file`, a path as the reader spelled it (under one of the inputs): the
    /// input's key followed by the rest of `file`; a path under no input is made absolute.
    pub fn key(&self, file: &str) -> String {
        let path = Path::new(file);
        for (given, key) in &self.roots {
            if let Ok(rest) = path.strip_prefix(given) {
                if rest.as_os_str().is_empty() {
                    return key.clone();
                }
                return Path::new(key).join(rest).to_string_lossy().into_owned();
            }
        }
        if path.is_absolute() {
            file.to_string()
        } else {
            std::path::absolute(path).map_or_else(|_| file.to_string(), |p| path_text(&p))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_key_whatever_the_spelling() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(corpus.join("sub")).unwrap();
        std::fs::write(corpus.join("sub/a.txt"), "x").unwrap();
        let want = std::fs::canonicalize(&corpus)
            .unwrap()
            .join("sub/a.txt")
            .display()
            .to_string();
        for (root, file) in [
            (corpus.clone(), corpus.join("sub/a.txt")),
            (corpus.join("./"), corpus.join("./sub/a.txt")),
            (corpus.join("sub/.."), corpus.join("sub/../sub/a.txt")),
        ] {
            let keys = PathKeys::new(std::slice::from_ref(&root));
            assert_eq!(keys.key(&file.display().to_string()), want, "{root:?}");
        }
        let file = corpus.join("sub/a.txt");
        let keys = PathKeys::new(std::slice::from_ref(&file));
        assert_eq!(keys.key(&file.display().to_string()), want);
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&corpus, &link).unwrap();
            let keys = PathKeys::new(std::slice::from_ref(&link));
            assert_eq!(
                keys.key(&link.join("sub/a.txt").display().to_string()),
                want
            );
        }
    }
}
