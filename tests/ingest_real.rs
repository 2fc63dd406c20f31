//! Incremental indexing on a slice of the real OrangeSum corpus (release, `--ignored`): an
//! update after edits equals a clean build of the edited corpus.

mod common;

use std::fs;
use std::path::Path;

use common::{json_lines, run};

fn payload(index: &Path) -> serde_json::Value {
    let meta: serde_json::Value =
        serde_json::from_slice(&fs::read(index.join("meta.json")).unwrap()).unwrap();
    serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap()
}

fn ids(dir: &Path, index: &str, query: &str) -> Vec<(String, u64)> {
    let out = run(
        dir,
        &[
            "query",
            query,
            "--index",
            index,
            "--format",
            "json",
            "--limit",
            "100000",
            "--no-collapse",
        ],
    );
    let mut v: Vec<(String, u64)> = json_lines(&out.stdout)
        .iter()
        .map(|h| {
            (
                h["doc_id"].as_str().unwrap().to_string(),
                h["passage"].as_u64().unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
#[ignore = "real corpus: run by .ci/run in release"]
fn orangesum_slice_update_equals_clean_build() {
    let Some(shared) = common::shared("orangesum_slice_update_equals_clean_build") else {
        return;
    };
    let all = fs::read_to_string(shared.join("corpora/orangesum/articles.jsonl")).unwrap();
    let lines: Vec<&str> = all.lines().take(3000).collect();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.jsonl"), lines[..2000].join("\n")).unwrap();
    let out = run(dir.path(), &["index", "a.jsonl", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(0));

    // Edit: drop 100 articles, change 100, add 1000.
    let mut edited: Vec<String> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if i < 100 {
            continue;
        }
        if (100..200).contains(&i) {
            edited.push(line.replacen("\"text\": \"", "\"text\": \"Mise à jour. ", 1));
        } else {
            edited.push(line.to_string());
        }
    }
    fs::write(dir.path().join("a.jsonl"), edited.join("\n")).unwrap();
    let out = run(
        dir.path(),
        &["index", "a.jsonl", "--index", "idx", "--report", "r.json"],
    );
    assert_eq!(out.status.code(), Some(0));
    let r: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("r.json")).unwrap()).unwrap();
    let t = &r["totals"];
    assert_eq!(
        [&t["added"], &t["updated"], &t["removed"], &t["unchanged"]].map(|v| v.as_u64().unwrap()),
        [1000, 100, 100, 1800]
    );

    let out = run(dir.path(), &["index", "a.jsonl", "--index", "clean"]);
    assert_eq!(out.status.code(), Some(0));
    let (a, b) = (
        payload(&dir.path().join("idx")),
        payload(&dir.path().join("clean")),
    );
    assert_eq!(
        (&a["articles"], &a["passages"]),
        (&b["articles"], &b["passages"])
    );
    for q in ["Macron", "\"mise à jour\"", "coronavirus", "Paris"] {
        assert_eq!(
            ids(dir.path(), "idx", q),
            ids(dir.path(), "clean", q),
            "{q}"
        );
    }
}
