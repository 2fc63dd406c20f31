//! `search count` and `kwic` on a slice of OrangeSum, checked against an independent scanner.

mod common;
#[path = "audit/scan.rs"]
mod scan;

use std::path::Path;

use scan::{expect, Doc, Forms};
use serde_json::Value;

fn ok(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = common::run(dir, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "search {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn tally(v: &Value) -> scan::Expected {
    let n = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}"));
    scan::Expected {
        articles: n("articles"),
        passages: n("passages"),
        occurrences: n("occurrences"),
        total_articles: n("total_articles"),
    }
}

/// The first `n` articles of OrangeSum in a temp dir, indexed into `idx/`.
fn orangesum_slice(test: &str, n: usize) -> Option<(tempfile::TempDir, Vec<Doc>)> {
    let shared = common::shared(test)?;
    let all = std::fs::read_to_string(shared.join("corpora/orangesum/articles.jsonl"))
        .expect("read the OrangeSum corpus");
    let slice: Vec<&str> = all.lines().take(n).collect();
    let docs = scan::read_jsonl(&all, n);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("slice.jsonl"), slice.join("\n") + "\n").unwrap();
    let out = common::run(dir.path(), &["index", "slice.jsonl", "--index", "idx"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some((dir, docs))
}

#[test]
#[ignore = "real corpus: run by .ci/run in release"]
fn orangesum_counts_equal_an_independent_scan() {
    let Some((dir, docs)) = orangesum_slice("orangesum_counts_equal_an_independent_scan", 2000)
    else {
        return;
    };
    assert!(scan::distinct(docs.iter().map(|d| &d.date)) > 10);
    let words = [
        "gouvernement",
        "président",
        "macron",
        "blessés",
        "france",
        "euros",
        "police",
        "coronavirus",
        "élection",
    ];
    let mut queries: Vec<(String, Vec<Forms>)> = Vec::new();
    let one: Vec<[&str; 1]> = words.iter().map(|w| [*w]).collect();
    let positions: Vec<[&[&str]; 1]> = one.iter().map(|f| [&f[..]]).collect();
    for (w, p) in words.iter().zip(&positions) {
        queries.push((format!("={w}"), vec![&p[..]]));
    }
    const GJ: Forms = &[&["gilet", "gilets"], &["jaune", "jaunes"]];
    const PM: Forms = &[
        &[
            "premier",
            "premiers",
            "première",
            "premières",
            "premiere",
            "premieres",
        ],
        &["ministre", "ministres"],
    ];
    queries.push(("\"gilets jaunes\"".into(), vec![GJ]));
    queries.push(("\"premier ministre\"".into(), vec![PM]));
    // One batch for all, and the same queries one by one must agree.
    let file: String = queries.iter().map(|(q, _)| format!("{q}\n")).collect();
    std::fs::write(dir.path().join("q.txt"), file).unwrap();
    let batch = common::json_lines(&ok(
        dir.path(),
        &[
            "count",
            "--queries-file",
            "q.txt",
            "--index",
            "idx",
            "--format",
            "json",
            "--by",
            "month",
        ],
    ));
    assert_eq!(batch.len(), queries.len());
    for ((query, alternatives), got) in queries.iter().zip(&batch) {
        assert_eq!(got["query"], query.as_str());
        let (want, by_month) = expect(&docs, alternatives, |d| {
            d.date.as_ref().map(|s| s[..7].to_string())
        });
        assert!(want.occurrences > 0, "{query}: must occur in the slice");
        assert_eq!(tally(got), want, "{query}");
        for b in got["buckets"].as_array().unwrap() {
            let k = b["bucket"].as_str().map(str::to_string);
            // A month with no article between the first and the last is listed with 0.
            let want = by_month.get(&k).copied().unwrap_or_default();
            assert_eq!(tally(b), want, "{query} {k:?}");
        }
    }
    // kwic finds one line per occurrence, and its CSV reads back.
    let csv_out = ok(
        dir.path(),
        &[
            "kwic",
            "--queries-file",
            "q.txt",
            "--index",
            "idx",
            "--format",
            "csv",
        ],
    );
    let mut lines = std::collections::HashMap::<String, u64>::new();
    for row in csv::Reader::from_reader(&csv_out[..]).records() {
        // A cell that a spreadsheet would run as a formula (`=gouvernement`) is written
        // with a `'` before it: read back without it.
        let row = row.unwrap();
        let name = row[0]
            .strip_prefix("'=")
            .map_or(row[0].to_string(), |n| format!("={n}"));
        *lines.entry(name).or_default() += 1;
    }
    for got in &batch {
        let name = got["name"].as_str().unwrap();
        assert_eq!(lines[name], got["occurrences"].as_u64().unwrap(), "{name}");
    }
}
