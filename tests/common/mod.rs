//! Helpers shared by the integration tests: the real binary in a temp dir, and `../shared`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared`, or `None` with a visible skip message. With `SEARCH_REQUIRE_SHARED=1` (set by
/// `.ci/run`) a missing `../shared` is a failure, not a skip.
pub fn shared(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("SEARCH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"));
    if dir.join("french").is_dir() {
        return Some(dir);
    }
    if std::env::var("SEARCH_REQUIRE_SHARED").is_ok_and(|v| v == "1") {
        panic!(
            "{test}: {} is missing and SEARCH_REQUIRE_SHARED=1",
            dir.display()
        );
    }
    eprintln!(
        "SKIPPED {test}: {} not found (set SEARCH_SHARED or run from the project checkout)",
        dir.display()
    );
    None
}

/// The `search` binary built for these tests, run with a cleared environment in `cwd`.
pub fn search(cwd: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_search"));
    c.current_dir(cwd)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    c
}

/// Runs `search args…` in `cwd` and returns its output.
pub fn run(cwd: &Path, args: &[&str]) -> Output {
    search(cwd).args(args).output().expect("run search")
}

/// A temp dir holding a copy of the sample corpus in `corpus/`.
pub fn sample_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(root().join("corpus")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
    }
    dir
}

/// Parses JSON Lines output.
pub fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

/// The highlighted substrings of a JSON hit.
pub fn marked(hit: &serde_json::Value) -> Vec<String> {
    let text = hit["text"].as_str().unwrap().as_bytes();
    hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let (s, e) = (
                h["start"].as_u64().unwrap() as usize,
                h["end"].as_u64().unwrap() as usize,
            );
            String::from_utf8(text[s..e].to_vec()).expect("span on char boundaries")
        })
        .collect()
}

/// Lower-cased words of `text`: runs of alphanumerics, an apostrophe or hyphen between two
/// letters kept inside (so `macron’s` is not `macron`), elided articles split off.
pub fn words(text: &str) -> Vec<String> {
    let lower = text.to_lowercase().replace(['’', 'ʼ'], "'");
    let chars: Vec<char> = lower.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let inner = c == '\''
            && i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.into_iter()
        .map(|w| match w.split_once('\'') {
            Some((a, rest))
                if [
                    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu",
                    "quoiqu",
                ]
                .contains(&a) =>
            {
                rest.to_string()
            }
            _ => w,
        })
        .collect()
}

/// Builds an index of `inputs` into `dir/idx` through the library (small memory, one
/// thread) and opens it.
pub fn library_index(dir: &Path, inputs: &[PathBuf]) -> search::SearchIndex {
    let idx = dir.join("idx");
    search::build_index(
        inputs,
        &idx,
        &search::BuildOptions {
            memory_mb: 50,
            threads: 1,
            ..search::BuildOptions::default()
        },
        &mut |_, _| {},
    )
    .expect("build the index");
    search::SearchIndex::open(&idx).expect("open the index")
}
