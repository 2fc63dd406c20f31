//! The French analysis cases of `../shared/french/` (`cases.tsv`, `highlight-cases.tsv`), run
//! through the library exactly as `check.py` runs them through the binary.

mod common;

use std::path::Path;

use search::{build_index, BuildOptions, SearchIndex, SearchOptions};

/// Rows of a TSV file with a header, as maps from column name to value.
fn load(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let content = std::fs::read_to_string(path).unwrap();
    let mut lines = content.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            header
                .iter()
                .map(|h| h.to_string())
                .zip(l.split('\t').map(str::to_string))
                .collect()
        })
        .collect()
}

/// Indexes each case's text as `<id>.txt` and returns the open index.
fn index_cases(
    cases: &[std::collections::HashMap<String, String>],
) -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for c in cases {
        std::fs::write(
            corpus.join(format!("{}.txt", c["id"])),
            format!("{}\n", c["text"]),
        )
        .unwrap();
    }
    let idx = dir.path().join("index");
    let report = build_index(&[corpus], &idx, &BuildOptions::default(), &mut |p, _| {
        panic!("{p}")
    })
    .unwrap();
    assert_eq!(report.articles as usize, cases.len());
    let index = SearchIndex::open(&idx).unwrap();
    (dir, index)
}

fn options() -> SearchOptions {
    SearchOptions {
        limit: 1000,
        ..SearchOptions::default()
    }
}

#[test]
fn match_cases() {
    let Some(shared) = common::shared("match_cases") else {
        return;
    };
    let cases = load(&shared.join("french/cases.tsv"));
    assert!(cases.len() >= 50, "cases.tsv has {} cases", cases.len());
    let (_dir, index) = index_cases(&cases);
    let mut failures = Vec::new();
    for c in &cases {
        let found = match index.search(&c["query"], &options()) {
            Ok(r) => r.hits.iter().any(|h| h.doc_id == c["id"]),
            Err(e) => {
                failures.push(format!("{} {:?}: error {e}", c["id"], c["query"]));
                continue;
            }
        };
        if found != (c["expect"] == "match") {
            failures.push(format!(
                "{} {:?}: expected {}, {}",
                c["id"], c["query"], c["expect"], c["what"]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "failing cases:\n{}",
        failures.join("\n")
    );
}

#[test]
fn highlight_cases() {
    let Some(shared) = common::shared("highlight_cases") else {
        return;
    };
    let cases = load(&shared.join("french/highlight-cases.tsv"));
    assert!(cases.len() >= 10);
    let (_dir, index) = index_cases(&cases);
    let mut failures = Vec::new();
    for c in &cases {
        let results = index.search(&c["query"], &options()).unwrap();
        let Some(hit) = results.hits.iter().find(|h| h.doc_id == c["id"]) else {
            failures.push(format!("{}: no hit", c["id"]));
            continue;
        };
        let mut got = String::new();
        let mut at = 0;
        for s in &hit.highlights {
            got.push_str(&hit.text[at..s.start]);
            got.push('⟦');
            got.push_str(&hit.text[s.start..s.end]);
            got.push('⟧');
            at = s.end;
        }
        got.push_str(&hit.text[at..]);
        if got.trim() != c["marked"].trim() {
            failures.push(format!("{}: got {got:?}, want {:?}", c["id"], c["marked"]));
        }
    }
    assert!(
        failures.is_empty(),
        "failing cases:\n{}",
        failures.join("\n")
    );
}
