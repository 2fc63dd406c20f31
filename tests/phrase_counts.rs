//! What `search count` counts for phrases, compounds, names and both scopes, on the whole
//! OrangeSum corpus, against `tests/phrase_counts.tsv`: for each query, a hand-written
//! regular expression (no analyzer, no lexicon) says which text is the query. This scanner
//! reads the articles itself, lower-cased and NFC-normalised, and counts the articles, and
//! the occurrences, that the expression finds; `search count` must agree within 0.5% (at least
//! 2), the slack for what a regular expression cannot say (a parenthesis between two words
//! ends a phrase for the engine, `Marine (Le Pen)`; a passage is a paragraph cut at 200 words).
//!
//! The expression language of the TSV: `_` is a run of characters that are not letters or
//! digits (the space between two words, quotes and punctuation included), `~` a hyphen or a
//! space, `'` any apostrophe; `a & b` means both somewhere (in the passage or, with scope
//! `article`, in the article), `!a` that `a` is nowhere. Each expression is matched between
//! word boundaries.

mod common;

use std::io::Write;

use common::{json_lines, run, shared};
use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// One row of the TSV, with its expressions compiled.
struct Row {
    id: String,
    query: String,
    scope: String,
    wanted: Vec<Regex>,
    excluded: Vec<Regex>,
}

fn compile(expr: &str) -> Regex {
    let mut rx = String::from(r"(?:^|[^\p{L}\p{N}])(");
    for c in expr.chars() {
        match c {
            '_' => rx.push_str(r"[^\p{L}\p{N}]+"),
            '~' => rx.push_str(r"[-\x{2010}\x{2011}\s]"),
            '\'' => rx.push_str(r"['\x{2019}\x{2BC}]"),
            c => rx.push(c),
        }
    }
    rx.push_str(r")(?:$|[^\p{L}\p{N}])");
    Regex::new(&rx).unwrap_or_else(|e| panic!("{expr}: {e}"))
}

fn rows() -> Vec<Row> {
    let text = std::fs::read_to_string(common::root().join("tests/phrase_counts.tsv")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 5, "{l}");
            let parts: Vec<&str> = f[3].split(" & ").map(str::trim).collect();
            Row {
                id: f[0].into(),
                query: f[1].into(),
                scope: f[2].into(),
                wanted: parts
                    .iter()
                    .filter(|p| !p.starts_with('!'))
                    .map(|p| compile(p))
                    .collect(),
                excluded: parts
                    .iter()
                    .filter_map(|p| p.strip_prefix('!'))
                    .map(compile)
                    .collect(),
            }
        })
        .collect()
}

/// Non-overlapping matches of `rx` in `text` (a match's closing boundary character may open
/// the next one).
fn occurrences(rx: &Regex, text: &str) -> u64 {
    let mut n = 0;
    let mut at = 0;
    while let Some(c) = rx.captures_at(text, at) {
        let m = c.get(1).expect("the group");
        n += 1;
        at = m.end();
    }
    n
}

/// Articles and occurrences of `row` over `articles` (NFC texts).
fn scan(row: &Row, articles: &[String]) -> (u64, u64) {
    let (mut arts, mut occ) = (0, 0);
    let holds = |t: &str| {
        row.wanted.iter().all(|r| r.is_match(t)) && !row.excluded.iter().any(|r| r.is_match(t))
    };
    for text in articles {
        let units: Vec<String> = if row.scope == "article" {
            vec![text.to_lowercase()]
        } else {
            search::passage::split_passages(text)
                .iter()
                .map(|p| text[p.start..p.end].to_lowercase())
                .collect()
        };
        let mut found = false;
        for u in &units {
            if holds(u) {
                found = true;
                occ += row.wanted.iter().map(|r| occurrences(r, u)).sum::<u64>();
            }
        }
        arts += u64::from(found);
    }
    (arts, occ)
}

#[test]
#[ignore = "real corpus: run by .ci/run in release"]
fn phrase_and_scope_counts_equal_an_independent_scan() {
    let Some(shared) = shared("phrase_counts") else {
        return;
    };
    let rows = rows();
    assert!(rows.len() >= 40, "{} rows", rows.len());
    let corpus = shared.join("corpora/orangesum/articles.jsonl");
    let articles: Vec<String> = std::fs::read_to_string(&corpus)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["text"].as_str().unwrap_or("").nfc().collect::<String>()
        })
        .collect();

    let dir = tempfile::tempdir().unwrap();
    let built = run(
        dir.path(),
        &["index", corpus.to_str().unwrap(), "--index", "idx"],
    );
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let mut failures = Vec::new();
    let mut report = std::io::stderr().lock();
    for scope in ["passage", "article"] {
        let batch: Vec<&Row> = rows.iter().filter(|r| r.scope == scope).collect();
        let file: String = batch
            .iter()
            .map(|r| format!("{}\t{}\n", r.id, r.query))
            .collect();
        std::fs::write(dir.path().join("q.tsv"), file).unwrap();
        let out = run(
            dir.path(),
            &[
                "count",
                "--index",
                "idx",
                "--format",
                "json",
                "--scope",
                scope,
                "--queries-file",
                "q.tsv",
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got = json_lines(&out.stdout);
        assert_eq!(got.len(), batch.len());
        for (row, rec) in batch.iter().zip(&got) {
            assert_eq!(rec["name"], row.id.as_str());
            assert_eq!(rec["scope"], scope);
            let engine = (
                rec["articles"].as_u64().unwrap(),
                rec["occurrences"].as_u64().unwrap(),
            );
            let want = scan(row, &articles);
            assert!(
                want.0 > 0,
                "{} {}: the corpus must hold it",
                row.id,
                row.query
            );
            let near = |a: u64, b: u64| a.abs_diff(b) <= 2.max(b / 200);
            let ok = near(engine.0, want.0) && near(engine.1, want.1);
            writeln!(
                report,
                "{} {} {} [{scope}]: engine {} articles {} occurrences, scan {} {}",
                if ok { "ok  " } else { "FAIL" },
                row.id,
                row.query,
                engine.0,
                engine.1,
                want.0,
                want.1
            )
            .unwrap();
            if !ok {
                failures.push(row.id.clone());
            }
        }
    }
    assert!(failures.is_empty(), "counts off: {failures:?}");
}
