//! What `search count --forms` counts for a query word, on 10,000 articles of the real
//! OrangeSum corpus, against `tests/french_forms.tsv`: a hand-written list (French grammar,
//! not the engine) of the forms each word must count (its own inflections) and must not
//! (derived words, accent pairs, stem-mates). A `must` form is checked only where the slice
//! holds it, by an independent word scan here; a `mustnot` form must never be counted.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Write};

use common::{json_lines, run, shared, words};

const SLICE: usize = 10_000;

/// `œ` and `æ` as the engine lists them.
fn spelled(form: &str) -> String {
    form.to_lowercase().replace('œ', "oe").replace('æ', "ae")
}

#[test]
#[ignore = "real corpus: run by .ci/run in release"]
fn count_forms_counts_a_words_own_forms_and_nothing_else() {
    let Some(shared) = shared("french_forms") else {
        return;
    };
    let rows = std::fs::read_to_string(common::root().join("tests/french_forms.tsv")).unwrap();
    let rows: Vec<Vec<&str>> = rows
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(rows.len() >= 200, "{} rows", rows.len());

    let dir = tempfile::tempdir().unwrap();
    let file = std::fs::File::open(shared.join("corpora/orangesum/articles.jsonl")).unwrap();
    let mut out = std::fs::File::create(dir.path().join("slice.jsonl")).unwrap();
    let mut held: HashMap<String, u64> = HashMap::new();
    for line in std::io::BufReader::new(file).lines().take(SLICE) {
        let line = line.unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        for field in ["title", "text"] {
            for w in words(v[field].as_str().unwrap_or("")) {
                *held.entry(spelled(&w)).or_default() += 1;
            }
        }
        writeln!(out, "{line}").unwrap();
    }
    let built = run(dir.path(), &["index", "slice.jsonl", "--index", "idx"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );

    let mut queries = String::new();
    for r in &rows {
        queries.push_str(&format!("{}\t{}\n", r[0], r[1]));
    }
    std::fs::write(dir.path().join("queries.tsv"), queries).unwrap();
    let out = run(
        dir.path(),
        &[
            "count",
            "--index",
            "idx",
            "--forms",
            "--format",
            "json",
            "--queries-file",
            "queries.tsv",
        ],
    );
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut counted: BTreeMap<String, HashMap<String, u64>> = BTreeMap::new();
    for rec in json_lines(&out.stdout) {
        let Some(name) = rec["name"].as_str() else {
            continue;
        };
        let forms = counted.entry(name.to_string()).or_default();
        for f in rec["forms"].as_array().into_iter().flatten() {
            forms.insert(
                spelled(f["form"].as_str().unwrap()),
                f["occurrences"].as_u64().unwrap(),
            );
        }
    }

    let mut failures = Vec::new();
    let (mut checked_must, mut checked_mustnot) = (0, 0);
    for r in &rows {
        let (id, query) = (r[0], r[1]);
        let forms = counted.get(id).cloned().unwrap_or_default();
        let list = |col: &str| -> Vec<String> {
            col.split(',')
                .filter(|s| !s.is_empty())
                .map(spelled)
                .collect()
        };
        let missing: Vec<String> = list(r[2])
            .into_iter()
            .filter(|f| held.get(f).is_some_and(|&n| n > 0))
            .inspect(|_| checked_must += 1)
            .filter(|f| !forms.contains_key(f))
            .map(|f| format!("{f} ({} in the slice)", held[&f]))
            .collect();
        let extra: Vec<String> = list(r.get(3).copied().unwrap_or(""))
            .into_iter()
            .inspect(|_| checked_mustnot += 1)
            .filter(|f| forms.contains_key(f))
            .map(|f| format!("{f} ({} counted)", forms[&f]))
            .collect();
        if !missing.is_empty() || !extra.is_empty() {
            failures.push(format!(
                "{id} {query}: missing {missing:?}, wrongly counted {extra:?}"
            ));
        }
    }
    eprintln!(
        "french_forms: {} rows, {checked_must} must forms held by the slice, {checked_mustnot} mustnot forms, {} failures",
        rows.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} rows fail:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}
