//! What people see, as reviewed snapshots (`tests/snapshots/*.snap`): the text output of
//! `query`, `count`, `kwic`, `stats` and `show`, and every `--help`. A change in any of them
//! fails here until its new snapshot is looked at and accepted (`cargo insta review`, or
//! `INSTA_UPDATE=always cargo test --test snapshots` then `git diff tests/snapshots`).

mod common;

use common::{run, sample_corpus};

/// Runs `search args…` in `dir` and returns what it printed: stdout, then stderr if any,
/// then the exit status.
fn shown(dir: &std::path::Path, args: &[&str]) -> String {
    let out = run(dir, args);
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    let err = String::from_utf8_lossy(&out.stderr);
    if !err.is_empty() {
        text.push_str("--- stderr\n");
        text.push_str(&err);
    }
    text.push_str(&format!("--- exit {}\n", out.status.code().unwrap_or(-1)));
    text
}

fn indexed_sample() -> tempfile::TempDir {
    let dir = sample_corpus();
    let out = run(dir.path(), &["index"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

#[test]
fn text_output() {
    let dir = indexed_sample();
    let d = dir.path();
    // The score's digits follow ranking work; what is shown around them is the subject here.
    insta::with_settings!({filters => vec![(r"score \d+\.\d+", "score [score]")]}, {
        insta::assert_snapshot!("query", shown(d, &["query", "TASS", "--color", "never"]));
        insta::assert_snapshot!(
            "query_excerpt",
            shown(d, &["query", "=Stepanakert", "--color", "never", "--excerpt-chars", "40", "--sort", "date", "-n", "2"])
        );
    });
    insta::assert_snapshot!("query_none", shown(d, &["query", "Tombouctou"]));
    insta::assert_snapshot!(
        "count",
        shown(d, &["count", "cessez-le-feu", "--by", "article", "--forms"])
    );
    insta::assert_snapshot!(
        "kwic",
        shown(d, &["kwic", "cessez-le-feu", "--width", "30"])
    );
    insta::assert_snapshot!(
        "kwic_limit",
        shown(d, &["kwic", "Stepanakert", "--width", "20", "--limit", "2"])
    );
    // Files are named by absolute path: the temporary folder's is not compared.
    let here = std::fs::canonicalize(d).unwrap().display().to_string();
    let dir_filter = (regex::escape(&here), "[dir]".to_string());
    insta::with_settings!({filters => vec![(dir_filter.0.as_str(), dir_filter.1.as_str())]}, {
    insta::assert_snapshot!(
        "show",
        shown(
            d,
            &[
                "show",
                "003_3de4f72bbc61e18b",
                "--passage",
                "0",
                "--query",
                "cessez-le-feu"
            ]
        )
    );
    });
    insta::assert_snapshot!("show_unknown", shown(d, &["show", "nope"]));
    insta::with_settings!({filters => vec![
        (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "[time]"),
        (r"by search \S+", "by search [version]"),
        (r"size on disk +.*", "size on disk    [size]"),
        (r"analysis +version \d+", "analysis        version [n]"),
        (dir_filter.0.as_str(), "[dir]"),
    ]}, {
        insta::assert_snapshot!("stats", shown(d, &["stats"]));
    });
}

#[test]
fn help() {
    let dir = tempfile::tempdir().unwrap();
    insta::with_settings!({filters => vec![(r"search \d+\.\d+\.\d+", "search [version]")]}, {
        insta::assert_snapshot!("help", shown(dir.path(), &["--help"]));
        for command in ["index", "query", "count", "kwic", "stats", "show", "completions", "man"] {
            insta::assert_snapshot!(
                format!("help_{command}"),
                shown(dir.path(), &[command, "--help"])
            );
        }
    });
}
