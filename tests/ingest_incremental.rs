//! Re-running `search index`: additions, changes, removals, duplicates, collapsed passages,
//! and a run killed midway then completed, compared with a clean build.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use common::{json_lines, run, search};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn totals(dir: &Path) -> serde_json::Value {
    let r: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("report.json")).unwrap()).unwrap();
    r["totals"].clone()
}

/// Sorted (doc_id, passage, text) of every hit of `query`, duplicates not collapsed.
fn hits(dir: &Path, index: &str, query: &str) -> Vec<(String, u64, String)> {
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
    assert!(out.status.code() != Some(2), "{}", stderr(&out));
    let mut got: Vec<_> = json_lines(&out.stdout)
        .iter()
        .map(|h| {
            (
                h["doc_id"].as_str().unwrap().to_string(),
                h["passage"].as_u64().unwrap(),
                h["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    got
}

fn ids(dir: &Path, query: &str) -> Vec<String> {
    let mut v: Vec<String> = hits(dir, "index", query).into_iter().map(|h| h.0).collect();
    v.dedup();
    v
}

#[test]
fn add_change_remove_keep_and_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("corpus");
    fs::create_dir(&c).unwrap();
    fs::write(c.join("a.txt"), "Le mot héron est ici.").unwrap();
    fs::write(c.join("b.txt"), "Le mot aigrette est ici.").unwrap();
    fs::write(c.join("c.jsonl"), "{\"id\": \"c1\", \"text\": \"Le mot ibis.\"}\n{\"id\": \"c2\", \"text\": \"Le mot spatule.\"}\n").unwrap();
    let index = |extra: &[&str]| {
        let mut args = vec!["index", "corpus", "--report", "report.json"];
        args.extend(extra);
        let out = run(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        totals(dir.path())
    };
    let t = index(&[]);
    assert_eq!(
        (t["added"].as_u64(), t["articles"].as_u64()),
        (Some(4), Some(4))
    );

    // Nothing changed: nothing re-indexed.
    let t = index(&[]);
    assert_eq!(t["unchanged"], 4);
    assert_eq!(
        t["added"].as_u64().unwrap()
            + t["updated"].as_u64().unwrap()
            + t["removed"].as_u64().unwrap(),
        0
    );

    // One file added, one changed, one line changed, one removed.
    fs::write(c.join("d.md"), "Le mot flamant est ici.").unwrap();
    fs::write(c.join("a.txt"), "Le mot bihoreau remplace l'autre.").unwrap();
    fs::write(c.join("c.jsonl"), "{\"id\": \"c1\", \"text\": \"Le mot ibis.\"}\n{\"id\": \"c2\", \"text\": \"Le mot tadorne.\"}\n").unwrap();
    fs::remove_file(c.join("b.txt")).unwrap();
    let t = index(&[]);
    assert_eq!(
        [
            &t["added"],
            &t["updated"],
            &t["unchanged"],
            &t["removed"],
            &t["articles"]
        ]
        .map(|v| v.as_u64().unwrap()),
        [1, 2, 1, 1, 4]
    );
    assert_eq!(ids(dir.path(), "bihoreau"), ["a"]);
    assert!(
        ids(dir.path(), "héron").is_empty(),
        "the old text of a is gone"
    );
    assert!(ids(dir.path(), "aigrette").is_empty(), "b was removed");
    assert!(ids(dir.path(), "spatule").is_empty());
    assert_eq!(ids(dir.path(), "tadorne"), ["c2"]);
    assert_eq!(ids(dir.path(), "flamant"), ["d"]);
    assert_eq!(ids(dir.path(), "ibis"), ["c1"]);

    // --keep-missing keeps what is gone.
    fs::remove_file(c.join("d.md")).unwrap();
    let t = index(&["--keep-missing"]);
    assert_eq!(
        (t["removed"].as_u64(), t["kept_missing"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(ids(dir.path(), "flamant"), ["d"]);
    let t = index(&[]);
    assert_eq!(t["removed"], 1);
    assert!(ids(dir.path(), "flamant").is_empty());

    // --rebuild starts over.
    let t = index(&["--rebuild"]);
    assert_eq!(
        (
            t["added"].as_u64(),
            t["unchanged"].as_u64(),
            t["articles"].as_u64()
        ),
        (Some(3), Some(0), Some(3))
    );
}

#[test]
fn same_article_twice_is_indexed_once() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("corpus");
    fs::create_dir(&c).unwrap();
    fs::write(
        c.join("a.jsonl"),
        "{\"id\": \"x\", \"text\": \"Le mot gypaète.\"}\n",
    )
    .unwrap();
    fs::write(
        c.join("b.jsonl"),
        "{\"id\": \"x\", \"text\": \"Le mot gypaète, autre version.\"}\n",
    )
    .unwrap();
    fs::write(c.join("c.txt"), "Le mot gypaète.").unwrap();
    let out = run(dir.path(), &["index", "corpus", "--report", "report.json"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains(
            "search: duplicate: corpus/b.jsonl:1: article id \"x\" was already read, indexed once"
        ),
        "{err}"
    );
    assert_eq!(
        err.matches("search: duplicate:").count(),
        1,
        "another id is another article: {err}"
    );
    assert_eq!(totals(dir.path())["duplicates"], 1);
    assert_eq!(totals(dir.path())["articles"], 2);
    let text = "Le mot gypaète.".to_string();
    assert_eq!(
        hits(dir.path(), "index", "gypaète"),
        [
            ("c".to_string(), 0, text.clone()),
            ("x".to_string(), 0, text)
        ]
    );
}

#[test]
fn reprinted_passages_are_collapsed() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("corpus");
    fs::create_dir(&c).unwrap();
    let wire = "Un cessez-le-feu a été signé dans la nuit à Stepanakert entre les deux camps, selon l'AFP.";
    fs::write(
        c.join("le-matin.txt"),
        format!("{wire}\n\nAnalyse du Matin."),
    )
    .unwrap();
    fs::write(
        c.join("le-soir.txt"),
        format!("« {} »\n\nAnalyse du Soir.", wire.to_uppercase()),
    )
    .unwrap();
    fs::write(c.join("autre.txt"), "Le cessez-le-feu a été rompu.").unwrap();
    // Short passages are never collapsed: the same short line is not a reprint.
    fs::write(c.join("bref-1.txt"), "Lire aussi : le cessez-le-feu.").unwrap();
    fs::write(c.join("bref-2.txt"), "Lire aussi : le cessez-le-feu.").unwrap();
    assert_eq!(run(dir.path(), &["index", "corpus"]).status.code(), Some(0));

    let out = run(dir.path(), &["query", "cessez-le-feu", "--format", "json"]);
    let got = json_lines(&out.stdout);
    assert_eq!(got.len(), 4, "{got:?}");
    let wire_hit = got
        .iter()
        .find(|h| h["also_in"].is_array())
        .expect("one hit lists the reprints");
    let other = if wire_hit["doc_id"] == "le-matin" {
        "le-soir"
    } else {
        "le-matin"
    };
    assert_eq!(wire_hit["also_in"], serde_json::json!([other]));
    let single = got.iter().find(|h| h["doc_id"] == "autre").unwrap();
    assert!(single.get("also_in").is_none());

    let out = run(
        dir.path(),
        &[
            "query",
            "cessez-le-feu",
            "--format",
            "json",
            "--no-collapse",
        ],
    );
    let all = json_lines(&out.stdout);
    assert_eq!(all.len(), 5);
    assert!(all.iter().all(|h| h.get("also_in").is_none()));
    let text = run(dir.path(), &["query", "cessez-le-feu"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains(&format!("also in: {other}")));
}

/// A generated corpus of `files` JSON Lines files of `per_file` distinct articles each.
fn generate(dir: &Path, files: usize, per_file: usize) {
    const WORDS: [&str; 24] = [
        "gouvernement",
        "élection",
        "cessez-le-feu",
        "Stepanakert",
        "réforme",
        "hôpital",
        "grève",
        "économie",
        "l'Assemblée",
        "député",
        "manifestation",
        "pétrole",
        "négociations",
        "Europe",
        "climat",
        "tribunal",
        "enquête",
        "ministre",
        "budget",
        "sécurité",
        "école",
        "récolte",
        "incendie",
        "frontière",
    ];
    let mut seed: u64 = 42;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    fs::create_dir_all(dir).unwrap();
    for f in 0..files {
        let mut out = String::new();
        for a in 0..per_file {
            let mut text = String::new();
            for p in 0..4 {
                for _ in 0..40 {
                    text.push_str(WORDS[next() % WORDS.len()]);
                    text.push(' ');
                }
                text.push_str(&format!("numéro {f}-{a}-{p}.\n\n"));
            }
            let line = serde_json::json!({"id": format!("g{f}-{a}"), "title": WORDS[next() % WORDS.len()], "text": text});
            out.push_str(&line.to_string());
            out.push('\n');
        }
        fs::write(dir.join(format!("part{f:02}.jsonl")), out).unwrap();
    }
}

fn payload(index: &Path) -> Option<serde_json::Value> {
    let meta: serde_json::Value =
        serde_json::from_slice(&fs::read(index.join("meta.json")).ok()?).ok()?;
    serde_json::from_str(meta["payload"].as_str()?).ok()
}

#[test]
fn killed_run_resumes_to_exactly_the_corpus() {
    let dir = tempfile::tempdir().unwrap();
    // Enough articles for the run to outlast its first intermediate commit (0.2 s), ten
    // times more for an optimised build.
    let per_file = if cfg!(debug_assertions) { 150 } else { 1500 };
    let total = 12 * per_file as u64;
    generate(&dir.path().join("corpus"), 12, per_file);
    // A first, complete build of half the corpus, so that the killed run also has removals to do.
    fs::create_dir(dir.path().join("old")).unwrap();
    fs::write(
        dir.path().join("old/gone.txt"),
        "Un article disparu sur le gouvernement.",
    )
    .unwrap();
    let first = run(
        dir.path(),
        &["index", "corpus/part00.jsonl", "old", "--index", "idx"],
    );
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before = payload(&dir.path().join("idx")).unwrap();

    let mut child = search(dir.path())
        .args([
            "index",
            "corpus",
            "--index",
            "idx",
            "--commit-every",
            "0.2",
            "--quiet",
        ])
        .spawn()
        .unwrap();
    // Wait for an intermediate commit, query meanwhile, then kill.
    let started = Instant::now();
    let mut killed_after = None;
    while started.elapsed() < Duration::from_secs(120) {
        if let Some(p) = payload(&dir.path().join("idx")) {
            if p["complete"] == false && p["articles"].as_u64() > before["articles"].as_u64() {
                let during = run(
                    dir.path(),
                    &["query", "gouvernement", "--index", "idx", "--limit", "1"],
                );
                assert_eq!(
                    during.status.code(),
                    Some(0),
                    "queries work during an update: {}",
                    stderr(&during)
                );
                child.kill().unwrap(); // SIGKILL
                killed_after = Some(p["articles"].as_u64().unwrap());
                break;
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait().unwrap();
    let killed_after = killed_after.expect("the run was killed after an intermediate commit");
    assert!(
        killed_after < total,
        "killed before the end ({killed_after} articles)"
    );
    // The last commit is intact and queryable.
    let out = run(
        dir.path(),
        &["query", "gouvernement", "--index", "idx", "--limit", "1"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // The next run completes the work.
    let out = run(
        dir.path(),
        &[
            "index",
            "corpus",
            "--index",
            "idx",
            "--report",
            "report.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let t = totals(dir.path());
    assert_eq!(t["articles"], total);
    assert!(t["unchanged"].as_u64().unwrap() >= killed_after - 1, "{t}");
    assert_eq!(t["removed"], 1, "the article of old/ is removed");

    // Same content as a clean build.
    let clean = run(dir.path(), &["index", "corpus", "--index", "clean"]);
    assert_eq!(clean.status.code(), Some(0));
    let (resumed, fresh) = (
        payload(&dir.path().join("idx")).unwrap(),
        payload(&dir.path().join("clean")).unwrap(),
    );
    assert_eq!(resumed["articles"], fresh["articles"]);
    assert_eq!(resumed["passages"], fresh["passages"]);
    assert_eq!(resumed["complete"], true);
    for query in ["gouvernement", "Stepanakert", "numéro", "disparu"] {
        assert_eq!(
            hits(dir.path(), "idx", query),
            hits(dir.path(), "clean", query),
            "{query}"
        );
    }
}

/// Re-indexing one folder into an index built from two removes the other's articles, and says
/// so, with how many and what to do instead (issue 18).
#[test]
fn indexing_fewer_paths_says_what_it_removes() {
    let dir = tempfile::tempdir().unwrap();
    for (folder, text) in [
        ("a", "Texte un de la source a."),
        ("b", "Texte deux de la source b."),
    ] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        std::fs::write(dir.path().join(folder).join(format!("{folder}.txt")), text).unwrap();
    }
    let out = common::run(dir.path(), &["index", "a", "b", "--index", "idx"]);
    assert!(out.status.success());
    let out = common::run(dir.path(), &["index", "a", "--index", "idx"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        // The other path as the index records it: absolute.
        err.contains("1 article was removed: the index was built from /")
            && err.contains("/b too")
            && err.contains("--keep-missing"),
        "{err}"
    );
    // The same paths again: nothing removed, no warning.
    let out = common::run(dir.path(), &["index", "a", "--index", "idx"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("search: warning"));
}
