//! Issue 18's last items through the real binary: colour on a terminal (and never in a pipe),
//! source aliases at index time (`sources.tsv`, `--sources`), files keyed by canonical path.

mod common;

use std::path::Path;
use std::process::Output;

use common::{json_records, run, search};
use serde_json::Value;

fn ok(dir: &Path, args: &[&str]) -> Output {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "search {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `search args…` with `envs` set.
fn run_env(dir: &Path, envs: &[(&str, &str)], args: &[&str]) -> Output {
    let mut c = search(dir);
    c.args(args);
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().unwrap()
}

/// A corpus of four articles whose title, source and text hold escape sequences (a screen
/// clear, an OSC 52 clipboard write, a C1 CSI, a colour of their own).
fn hostile_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("corpus")).unwrap();
    let lines = [
        serde_json::json!({"id": "h1", "title": "Titre \u{1b}[2J effacé", "date": "2020-03-01",
            "source": "AFP\u{1b}]52;c;aGk=\u{7}", "text": "La pluie \u{1b}[31mrouge\u{1b}[0m tombe sur Paris."}),
        serde_json::json!({"id": "h2", "title": "Deux", "date": "2020-03-02", "source": "Reuters",
            "text": "Encore de la pluie \u{9b}1m sur Lyon, et du vent."}),
    ];
    let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    std::fs::write(dir.path().join("corpus/news.jsonl"), text.join("\n") + "\n").unwrap();
    ok(dir.path(), &["index", "--index", "idx"]);
    dir
}

/// Our own SGR sequences (anstyle's rendering of the styles of `output/style.rs`).
fn only_our_escapes(text: &str) -> Result<(), String> {
    let ours = regex::Regex::new(r"\x1b\[(0|1|2|3[1-7])m").unwrap();
    let stripped = ours.replace_all(text, "");
    if let Some(i) = stripped.find(['\u{1b}', '\u{9b}', '\u{7}']) {
        return Err(format!(
            "a foreign control at byte {i}: {:?}",
            &stripped[i.saturating_sub(20)..(i + 20).min(stripped.len())]
        ));
    }
    if !ours.is_match(text) {
        return Err("no colour at all".to_string());
    }
    Ok(())
}

#[test]
fn forced_colour_holds_only_our_escape_sequences() {
    let dir = hostile_corpus();
    let d = dir.path();
    let commands: &[&[&str]] = &[
        &["query", "pluie", "--index", "idx"],
        &[
            "query",
            "pluie",
            "--index",
            "idx",
            "--full",
            "--context",
            "1",
        ],
        &["kwic", "pluie", "--index", "idx"],
        &["count", "pluie", "--index", "idx", "--by", "source"],
        &["count", "pluie", "--index", "idx", "--by", "day", "--forms"],
        &["show", "h1", "--index", "idx", "--query", "pluie"],
    ];
    let ansi = regex::Regex::new(r"\x1b\[[0-9;]*m").unwrap();
    for args in commands {
        let coloured = run_env(d, &[("CLICOLOR_FORCE", "1")], args);
        let text = String::from_utf8(coloured.stdout).unwrap();
        if let Err(e) = only_our_escapes(&text) {
            panic!("search {args:?} with CLICOLOR_FORCE=1: {e}\n{text}");
        }
        // The match itself is styled (a count shows no text).
        if args[0] != "count" {
            assert!(
                text.contains("\x1b[1m\x1b[31mpluie\x1b[0m"),
                "{args:?}: {text}"
            );
        }
        // A pipe gets no escape at all; NO_COLOR wins over CLICOLOR_FORCE; --color never
        // wins over both.
        let piped = run(d, args).stdout;
        assert!(!piped.contains(&0x1b), "{args:?} in a pipe");
        for (envs, extra) in [
            (&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")][..], &[][..]),
            (&[("CLICOLOR_FORCE", "1")][..], &["--color", "never"][..]),
        ] {
            let mut all = args.to_vec();
            all.extend_from_slice(extra);
            assert_eq!(run_env(d, envs, &all).stdout, piped, "{all:?} {envs:?}");
        }
        // Colour changes the styles, not the text: without them it is the pipe's, but for
        // `show`, whose matches are [in brackets] without colour.
        if args[0] != "show" {
            assert_eq!(
                ansi.replace_all(&text, "").replace('\n', " "),
                String::from_utf8(piped).unwrap().replace('\n', " "),
                "{args:?}"
            );
        }
    }
}

#[test]
fn kwic_and_count_take_the_color_flag() {
    let dir = hostile_corpus();
    for cmd in ["kwic", "count"] {
        let out = ok(
            dir.path(),
            &[cmd, "pluie", "--index", "idx", "--color", "always"],
        );
        assert!(out.stdout.starts_with(b"\x1b["), "{cmd}");
        let bad = run(
            dir.path(),
            &[cmd, "pluie", "--index", "idx", "--color", "sometimes"],
        );
        assert_eq!(bad.status.code(), Some(2));
    }
}

#[test]
fn singular_and_plural_in_messages() {
    let dir = hostile_corpus();
    let d = dir.path();
    let out = ok(d, &["query", "Lyon", "--index", "idx"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1–1 of 1 passage\n"), "{text}");
    let out = ok(d, &["show", "h2", "--index", "idx"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("(1 passage)"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = ok(d, &["kwic", "pluie", "--index", "idx", "--limit", "1"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).ends_with("1 of 2 occurrences shown (--limit)\n"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    std::fs::write(d.join("corpus/one.txt"), "Un seul article, sur la neige.").unwrap();
    let out = ok(d, &["index", "corpus/one.txt", "--index", "one"]);
    assert!(
        stderr(&out).contains("indexed 1 article, 1 passage into one in "),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("0 duplicates; 0 inputs skipped, 0 warnings"),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------------------------------------
// Source aliases

/// Six articles from four spellings of BFMTV, AFP twice, and one without a source.
fn outlets_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("corpus")).unwrap();
    let rows = [
        ("b1", Some("Source BFMTV")),
        ("b2", Some("BFM TV")),
        ("b3", Some("Source : BFM TV")),
        ("b4", Some("bfmtv")),
        ("a1", Some("AFP")),
        ("a2", Some("AFP / Reuters")),
        ("n1", None),
    ];
    let lines: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(i, (id, source))| {
            serde_json::json!({"id": id, "title": format!("Article {id}"),
                "date": format!("2021-05-{:02}", i + 1), "source": source,
                "text": format!("Le gouvernement annonce une mesure, dit l'article {id}.")})
            .to_string()
        })
        .collect();
    std::fs::write(
        dir.path().join("corpus/news.jsonl"),
        lines.join("\n") + "\n",
    )
    .unwrap();
    dir
}

/// `count --by source` as (bucket, total_articles), from JSON.
fn by_source(dir: &Path) -> Vec<(String, u64)> {
    let out = ok(
        dir,
        &[
            "count",
            "gouvernement",
            "--by",
            "source",
            "--format",
            "json",
        ],
    );
    let mut rows: Vec<(String, u64)> = json_records(&out.stdout)
        .iter()
        .filter(|r| r["type"] == "count")
        .flat_map(|r| r["buckets"].as_array().cloned().unwrap_or_default())
        .map(|b| {
            (
                b["bucket"].as_str().unwrap_or("(none)").to_string(),
                b["total_articles"].as_u64().unwrap(),
            )
        })
        .collect();
    rows.sort();
    rows
}

fn hits(dir: &Path, query: &str) -> Vec<Value> {
    let out = ok(dir, &["query", query, "--format", "json", "-n", "100"]);
    json_records(&out.stdout)
        .into_iter()
        .filter(|r| r["type"] == "hit")
        .collect()
}

fn totals(out: &Output) -> String {
    let err = stderr(out);
    let re = regex::Regex::new(r"\d+ added, \d+ updated, \d+ unchanged, \d+ removed").unwrap();
    re.find(&err)
        .unwrap_or_else(|| panic!("no totals in {err}"))
        .as_str()
        .to_string()
}

#[test]
fn sources_tsv_beside_the_corpus_names_the_sources() {
    let dir = outlets_corpus();
    let d = dir.path();
    ok(d, &["index"]);
    let s = |v: &[(&str, u64)]| -> Vec<(String, u64)> {
        v.iter().map(|(a, n)| (a.to_string(), *n)).collect()
    };
    // Grouped case-insensitively already, but four spellings of BFMTV remain.
    let before = by_source(d);
    assert_eq!(before.len(), 7, "{before:?}");
    std::fs::write(
        d.join("sources.tsv"),
        "# outlet spellings\n\nSource*BFM*TV\tBFMTV\nBFM TV\tBFMTV\nbfmtv\tBFMTV\r\nAFP / Reuters\tAFP\n",
    )
    .unwrap();
    let out = ok(d, &["index"]);
    // Only the articles whose source changes are re-indexed: b1 to b4 (`bfmtv` becomes
    // `BFMTV` too) and a2; a1 and n1 are unchanged.
    assert_eq!(totals(&out), "0 added, 5 updated, 2 unchanged, 0 removed");
    assert!(stderr(&out).contains("sources.tsv"), "{}", stderr(&out));
    assert_eq!(by_source(d), s(&[("(none)", 1), ("AFP", 2), ("BFMTV", 4)]));
    // The spelling read stays visible: `source_raw` when an alias renamed the source.
    let by_id: std::collections::HashMap<String, Value> = hits(d, "gouvernement")
        .into_iter()
        .map(|h| (h["doc_id"].as_str().unwrap().to_string(), h))
        .collect();
    assert_eq!(by_id["b3"]["source"], "BFMTV");
    assert_eq!(by_id["b3"]["source_raw"], "Source : BFM TV");
    assert_eq!(by_id["a1"]["source"], "AFP");
    assert!(by_id["a1"].get("source_raw").is_none(), "{}", by_id["a1"]);
    assert_eq!(by_id["b4"]["source_raw"], "bfmtv");
    let show = ok(d, &["show", "b1"]);
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(text.contains("  BFMTV  (spelled Source BFMTV)"), "{text}");
    let show = ok(d, &["show", "b1", "--format", "json"]);
    let article = &json_records(&show.stdout)[0];
    assert_eq!(article["source_raw"], "Source BFMTV");
    // Filters see the name.
    assert_eq!(hits(d, "gouvernement source:BFMTV").len(), 4);
    // Indexing again changes nothing; a changed line re-indexes the articles it concerns.
    assert_eq!(
        totals(&ok(d, &["index"])),
        "0 added, 0 updated, 7 unchanged, 0 removed"
    );
    std::fs::write(
        d.join("sources.tsv"),
        "Source*BFM*TV\tBFMTV\nBFM TV\tBFMTV\nbfmtv\tBFMTV\n",
    )
    .unwrap();
    assert_eq!(
        totals(&ok(d, &["index"])),
        "0 added, 1 updated, 6 unchanged, 0 removed"
    );
    // Without the file, every source is as spelled again.
    std::fs::remove_file(d.join("sources.tsv")).unwrap();
    assert_eq!(
        totals(&ok(d, &["index"])),
        "0 added, 4 updated, 3 unchanged, 0 removed"
    );
    assert_eq!(by_source(d), before);
}

#[test]
fn the_automatic_build_follows_sources_tsv() {
    let dir = outlets_corpus();
    let d = dir.path();
    std::fs::write(
        d.join("sources.tsv"),
        "Source*BFM*TV\tBFMTV\nBFM TV\tBFMTV\n",
    )
    .unwrap();
    // First use of the default index: built with the aliases.
    ok(d, &["query", "gouvernement"]);
    assert_eq!(hits(d, "gouvernement source:BFMTV").len(), 4);
    // Changing the aliases file is a change the next query sees.
    std::fs::write(d.join("sources.tsv"), "BFM TV\tBFMTV\n").unwrap();
    let out = ok(d, &["query", "gouvernement"]);
    assert!(
        stderr(&out).contains("corpus/ or sources.tsv changed since index/ was built: updating it"),
        "{}",
        stderr(&out)
    );
    assert_eq!(hits(d, "gouvernement source:BFMTV").len(), 2);
}

#[test]
fn an_explicit_sources_file_and_bad_lines() {
    let dir = outlets_corpus();
    let d = dir.path();
    std::fs::write(d.join("names.txt"), "AFP*\tAFP\n").unwrap();
    ok(
        d,
        &[
            "index",
            "corpus",
            "--index",
            "idx",
            "--sources",
            "names.txt",
        ],
    );
    let out = ok(
        d,
        &["count", "gouvernement", "--index", "idx", "--source", "AFP"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\ntotal         2         2  "), "{text}");
    // Bad lines: each named FILE:LINE, nothing written.
    std::fs::write(
        d.join("bad.tsv"),
        "# ok\nBFM TV\tBFMTV\nBFMTV sans tabulation\n\tvide\nAFP\t\n[AFP\tAFP\nbfm tv\tAutre\n",
    )
    .unwrap();
    let out = run(
        d,
        &[
            "index",
            "corpus",
            "--index",
            "fresh",
            "--sources",
            "bad.tsv",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    for want in [
        "bad.tsv:3: expected `spelling<TAB>name` (no tab)",
        "bad.tsv:4: the spelling (before the tab) is empty",
        "bad.tsv:5: no name after the tab for \"AFP\"",
        "bad.tsv:6: \"[AFP\" is not a valid glob",
        "bad.tsv:7: \"bfm tv\" is named \"BFMTV\" on line 2 already, here \"Autre\"",
        "nothing was indexed or removed",
    ] {
        assert!(err.contains(want), "{want}\n{err}");
    }
    assert!(!d.join("fresh").exists());
    let out = run(
        d,
        &[
            "index",
            "corpus",
            "--index",
            "fresh",
            "--sources",
            "nope.tsv",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nope.tsv"), "{}", stderr(&out));
}

#[test]
fn aliased_records_fit_the_schema() {
    let dir = outlets_corpus();
    let d = dir.path();
    std::fs::write(d.join("sources.tsv"), "Source*BFM*TV\tBFMTV\n").unwrap();
    ok(d, &["index"]);
    let text = std::fs::read_to_string(common::root().join("docs/search.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for args in [
        &["query", "gouvernement", "--format", "json"][..],
        &["show", "b1", "--format", "json"][..],
    ] {
        let out = ok(d, args);
        let records = json_records(&out.stdout);
        assert!(
            records.iter().any(|r| r.get("source_raw").is_some()),
            "{args:?}"
        );
        for r in &records {
            let errors: Vec<String> = validator.iter_errors(r).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{args:?}: {r}: {errors:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Canonical paths

#[test]
fn another_spelling_of_the_corpus_is_the_same_files() {
    let dir = outlets_corpus();
    let d = dir.path();
    std::fs::write(
        d.join("corpus/extra.txt"),
        "Un texte de plus, sur le gouvernement.",
    )
    .unwrap();
    let first = ok(d, &["index", "corpus"]);
    assert_eq!(totals(&first), "8 added, 0 updated, 0 unchanged, 0 removed");
    let absolute = std::fs::canonicalize(d).unwrap().join("corpus");
    let absolute = absolute.to_str().unwrap();
    let mut spellings = vec![
        absolute.to_string(),
        "./corpus/".to_string(),
        "corpus/../corpus".to_string(),
    ];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("corpus", d.join("link")).unwrap();
        spellings.push("link".to_string());
    }
    for spelling in &spellings {
        let out = ok(d, &["index", spelling]);
        assert_eq!(
            totals(&out),
            "0 added, 0 updated, 8 unchanged, 0 removed",
            "{spelling}: {}",
            stderr(&out)
        );
    }
    // Paths usable from anywhere: absolute in JSON, `show` and `stats`.
    let elsewhere = tempfile::tempdir().unwrap();
    let index = d.join("index");
    let index = index.to_str().unwrap();
    let out = ok(
        elsewhere.path(),
        &[
            "query",
            "gouvernement",
            "--index",
            index,
            "--format",
            "json",
        ],
    );
    for hit in json_records(&out.stdout)
        .iter()
        .filter(|r| r["type"] == "hit")
    {
        let path = hit["path"].as_str().unwrap();
        assert!(path.starts_with(absolute), "{path}");
        assert!(Path::new(path).is_file(), "{path}");
    }
    let out = ok(
        elsewhere.path(),
        &["stats", "--index", index, "--format", "json"],
    );
    let stats = &json_records(&out.stdout)[0];
    assert_eq!(stats["paths"], serde_json::json!([absolute]), "{stats}");
    let out = ok(elsewhere.path(), &["show", "extra", "--index", index]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("{absolute}/extra.txt (1 passage)")),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // A single file given two ways is one file too.
    ok(d, &["index", "corpus/extra.txt", "--index", "one"]);
    let out = ok(
        d,
        &["index", &format!("{absolute}/extra.txt"), "--index", "one"],
    );
    assert_eq!(totals(&out), "0 added, 0 updated, 1 unchanged, 0 removed");
}

/// The automatic build of `corpus/` and an explicit `search index $(pwd)/corpus` agree: the
/// next query does not rebuild.
#[test]
fn the_automatic_build_knows_the_corpus_by_any_spelling() {
    let dir = outlets_corpus();
    let d = dir.path();
    let absolute = std::fs::canonicalize(d).unwrap().join("corpus");
    ok(d, &["index", absolute.to_str().unwrap()]);
    let out = ok(d, &["query", "gouvernement"]);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------
// OrangeSum

/// `count --by source` on OrangeSum before and after an aliases file for BFMTV's spellings;
/// the expected total is counted here with a regex over the JSON Lines.
#[test]
#[ignore = "indexes OrangeSum twice; run with --ignored (fast-release advised)"]
fn orangesum_sources_before_and_after_aliases() {
    let Some(shared) = common::shared("orangesum_sources_before_and_after_aliases") else {
        return;
    };
    let corpus = shared.join("corpora/orangesum/articles.jsonl");
    let bfm = regex::Regex::new(r"(?i)^\s*(source\s*:?\s*)?bfm\s*tv(\.com)?\s*$").unwrap();
    let mut expected = 0u64;
    let mut spellings = std::collections::BTreeSet::new();
    for line in std::fs::read_to_string(&corpus).unwrap().lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        if let Some(s) = v["source"].as_str().filter(|s| bfm.is_match(s)) {
            expected += 1;
            spellings.insert(s.to_string());
        }
    }
    assert!(
        spellings.len() > 3 && expected > 400,
        "{spellings:?} {expected}"
    );
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let corpus = corpus.to_str().unwrap();
    let args = |idx: &'static str| -> Vec<String> {
        [
            "count",
            "gouvernement",
            "--by",
            "source",
            "--index",
            idx,
            "--format",
            "json",
        ]
        .map(String::from)
        .to_vec()
    };
    let buckets = |idx: &'static str| -> Vec<(String, u64)> {
        let a = args(idx);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let out = ok(d, &a);
        json_records(&out.stdout)
            .iter()
            .filter(|r| r["type"] == "count")
            .flat_map(|r| r["buckets"].as_array().cloned().unwrap_or_default())
            .map(|b| {
                (
                    b["bucket"].as_str().unwrap_or("").to_string(),
                    b["total_articles"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    ok(d, &["index", corpus, "--index", "before"]);
    let before = buckets("before");
    let bfm_before: Vec<&(String, u64)> = before.iter().filter(|(s, _)| bfm.is_match(s)).collect();
    std::fs::write(
        d.join("aliases.tsv"),
        "# BFMTV however spelled\nBFM*TV\tBFMTV\nSource*BFM*TV\tBFMTV\nSource*BFMTV.com\tBFMTV\nBFMTV.com\tBFMTV\n",
    )
    .unwrap();
    ok(
        d,
        &[
            "index",
            corpus,
            "--index",
            "after",
            "--sources",
            "aliases.tsv",
        ],
    );
    let after = buckets("after");
    let bfm_after: Vec<&(String, u64)> = after.iter().filter(|(s, _)| bfm.is_match(s)).collect();
    println!(
        "before: {} sources; BFMTV spelled {} ways: {bfm_before:?}",
        before.len(),
        bfm_before.len()
    );
    println!("after: {} sources; BFMTV: {bfm_after:?}", after.len());
    assert_eq!(bfm_after, [&("BFMTV".to_string(), expected)]);
    assert!(bfm_before.len() > 1);
    assert_eq!(before.len() - after.len(), bfm_before.len() - 1);
}
