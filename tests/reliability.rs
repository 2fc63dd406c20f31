//! What a hostile probe found (issue 17): a user's files deleted by `--rebuild`, an index
//! emptied by a mistyped corpus path, a rebuild that destroys another writer's build or is
//! lost when killed. Each test failed on the `main` before its fix.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use common::{run, sample_corpus, search};

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            files.insert(
                entry.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(entry.path()).unwrap(),
            );
        }
    }
    files
}

/// The `search` payload of an index's last commit.
fn payload(index: &Path) -> Option<serde_json::Value> {
    let meta: serde_json::Value =
        serde_json::from_slice(&fs::read(index.join("meta.json")).ok()?).ok()?;
    serde_json::from_str(meta["payload"].as_str()?).ok()
}

fn articles(index: &Path) -> u64 {
    payload(index).expect("a search commit")["articles"]
        .as_u64()
        .unwrap()
}

/// `search index CORPUS --index idx --quiet EXTRA…` started in `dir`, not waited for.
fn index_in_background(dir: &Path, corpus: &Path, extra: &[&str]) -> std::process::Child {
    search(dir)
        .args([
            "index",
            corpus.to_str().unwrap(),
            "--index",
            "idx",
            "--quiet",
        ])
        .args(extra)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Item 1: a folder that is not a `search` index (a project holding its own `meta.json`,
/// `.managed.json` and an md5-named photo) is refused, even with `--rebuild`, and nothing in
/// it changes.
#[test]
fn a_foreign_folder_is_never_written_or_cleared() {
    let dir = sample_corpus();
    let proj = dir.path().join("proj");
    fs::create_dir(&proj).unwrap();
    fs::write(proj.join("meta.json"), b"{\"name\": \"my project\"}\n").unwrap();
    fs::write(proj.join(".managed.json"), b"[\"notes.txt\"]\n").unwrap();
    fs::write(
        proj.join("0123456789abcdef0123456789abcdef.jpg"),
        b"\xff\xd8\xff a photo",
    )
    .unwrap();
    fs::write(proj.join("notes.txt"), b"my notes\n").unwrap();
    let before = snapshot(&proj);
    for extra in [&[][..], &["--rebuild"][..]] {
        let mut args = vec!["index", "corpus", "--index", "proj"];
        args.extend_from_slice(extra);
        let out = run(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("not a search index"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
        assert_eq!(snapshot(&proj), before, "{args:?} changed the folder");
    }
    // A query on it does not touch it either.
    let out = run(dir.path(), &["query", "gouvernement", "--index", "proj"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(snapshot(&proj), before);
}

/// Item 1, the other side: an index that `search` built (it carries the marker) is rebuilt
/// by `--rebuild` even when its files are damaged, and stays queryable.
#[test]
fn a_damaged_search_index_is_rebuilt() {
    let dir = sample_corpus();
    let out = run(dir.path(), &["index", "corpus", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let idx = dir.path().join("idx");
    assert!(
        idx.join("search-index.json").is_file(),
        "the marker is written"
    );
    fs::write(idx.join("meta.json"), b"{ damaged").unwrap();
    let out = run(dir.path(), &["index", "corpus", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--rebuild"), "{}", stderr(&out));
    let out = run(
        dir.path(),
        &["index", "corpus", "--index", "idx", "--rebuild"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(articles(&idx), 2);
    let out = run(dir.path(), &["query", "cessez-le-feu", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // No side folder is left beside it.
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("rebuild"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Item 2: a corpus path that does not exist is an error before anything is touched; the
/// index keeps every article.
#[test]
fn a_mistyped_corpus_path_removes_nothing() {
    let dir = sample_corpus();
    let out = run(dir.path(), &["index", "corpus", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let idx = dir.path().join("idx");
    let before = snapshot(&idx);
    let out = run(
        dir.path(),
        &["index", "corpus/articles.jsonl.typo", "--index", "idx"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("corpus/articles.jsonl.typo: no such file or folder"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(&idx), before);
    // Without a path where there is no corpus/ folder.
    let elsewhere = tempfile::tempdir().unwrap();
    let idx_arg = idx.to_string_lossy().into_owned();
    let out = run(elsewhere.path(), &["index", "--index", &idx_arg]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no corpus/ folder"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(&idx), before);
    assert_eq!(articles(&idx), 2);
}

/// Item 3: `--rebuild` takes the writer lock before touching anything, so run during
/// another writer's first build it is refused and that build completes.
#[test]
fn a_rebuild_during_another_build_is_refused() {
    let dir = sample_corpus();
    let big = common::generate(dir.path(), 20_000);
    let idx = dir.path().join("idx");
    let mut first = index_in_background(dir.path(), &big, &[]);
    let deadline = Instant::now() + Duration::from_secs(60);
    while !idx.join("meta.json").exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    let out = run(
        dir.path(),
        &["index", "corpus", "--index", "idx", "--rebuild"],
    );
    let still_running = first.try_wait().unwrap().is_none();
    assert!(
        still_running,
        "the first build ended before the rebuild was tried"
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("locked"), "{}", stderr(&out));
    let status = first.wait().unwrap();
    assert!(status.success(), "the first build failed");
    assert_eq!(articles(&idx), 20_000);
    assert_eq!(payload(&idx).unwrap()["complete"], true);
}

/// Item 3: a rebuild is made aside and swapped in when complete, so a rebuild killed midway
/// (after several intermediate commits) leaves the old index whole and queryable.
#[test]
fn a_killed_rebuild_leaves_the_old_index_whole() {
    let dir = sample_corpus();
    let big = common::generate(dir.path(), 20_000);
    let out = run(dir.path(), &["index", "corpus", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let idx = dir.path().join("idx");
    let mut rebuild =
        index_in_background(dir.path(), &big, &["--rebuild", "--commit-every", "0.1"]);
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        rebuild.try_wait().unwrap().is_none(),
        "the rebuild ended before it was killed"
    );
    rebuild.kill().unwrap();
    rebuild.wait().unwrap();
    let p = payload(&idx).expect("the old index is still there");
    assert_eq!(p["articles"], 2, "{p}");
    assert_eq!(p["complete"], true, "{p}");
    let out = run(dir.path(), &["query", "cessez-le-feu", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Run again, it completes and replaces the old index; nothing is left aside.
    let out = run(
        dir.path(),
        &[
            "index",
            big.to_str().unwrap(),
            "--index",
            "idx",
            "--rebuild",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(articles(&idx), 20_000);
    assert!(!dir.path().join(".idx.search-rebuild").exists());
}

/// Issue 13 (also noticed): `search index .` does not walk into its own index folder (it
/// read `./index/meta.json` as an article file and reported it skipped).
#[test]
fn indexing_a_folder_skips_the_index_inside_it() {
    let dir = sample_corpus();
    let corpus = dir.path().join("corpus");
    for _ in 0..2 {
        let out = run(&corpus, &["index", ".", "--index", "idx"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(
            !stderr(&out).contains("search: skipped"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(articles(&corpus.join("idx")), 2);
}

/// Issue 17, item 6: a query over a limit (length, terms, nesting, phrase length) is one
/// exit-2 line that names the limit, at once; in a batch, the other queries still run.
/// 1,000 nested parentheses overflowed the stack (exit 134, the whole batch lost).
#[test]
fn a_query_over_a_limit_is_refused_with_one_line() {
    let dir = sample_corpus();
    let out = run(dir.path(), &["index", "corpus", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let phrase = format!("\"{}\"", vec!["mot"; 875].join(" "));
    let hostile = [
        ("(".repeat(100) + "Stepanakert", "nest more than 32 deep"),
        (
            "NOT (".repeat(100) + "Stepanakert",
            "nest more than 32 deep",
        ),
        // Nesting is named as such, not as 1,001 terms.
        ("(".repeat(1000) + "Stepanakert", "nest more than 32 deep"),
        (
            "x ".repeat(600),
            "600 terms (words, phrases, operators, parentheses), at most 500",
        ),
        // (an argument holds at most 128 KB; the 1 MB query goes through the batch below)
        ("x".repeat(100_000), "characters long, at most 10000"),
        (
            vec!["ab*"; 1000].join(" OR "),
            "1999 terms (words, phrases, operators, parentheses), at most 500",
        ),
        (phrase.clone(), "a phrase of 875 words, at most 64"),
        (format!("={}", &phrase), "a phrase of 875 words, at most 64"),
    ];
    for (q, message) in &hostile {
        let started = Instant::now();
        let out = run(dir.path(), &["query", "--index", "idx", q]);
        assert_eq!(out.status.code(), Some(2), "{message}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{}", stderr(&out));
        assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
        assert!(stderr(&out).len() < 300, "the error quotes the query whole");
        assert!(started.elapsed() < Duration::from_secs(10));
    }
    // In a batch, the hostile lines fail and the others run.
    let batch = format!(
        "{}\ncessez-le-feu\n{}\n",
        "x ".repeat(500_000),
        hostile[6].0
    );
    fs::write(dir.path().join("batch.txt"), batch).unwrap();
    let out = run(
        dir.path(),
        &[
            "count",
            "--index",
            "idx",
            "--queries-file",
            "batch.txt",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let counted = common::json_lines(&out.stdout);
    assert!(
        counted
            .iter()
            .any(|c| c["query"] == "cessez-le-feu" && c["occurrences"] == 5),
        "{counted:?}"
    );
}

/// Issue 17, item 4: article text, title, id, source and url never reach the terminal raw
/// (CSI screen clears, OSC 52 clipboard writes, C1 controls, bidi overrides), in `query`,
/// `--explain`, `count`, `kwic`, `stats` and on stderr; JSON escapes C1 and bidi controls
/// too; a CSV cell that a spreadsheet would run as a formula is guarded.
#[test]
fn corpus_text_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "\u{1b}[2J\u{1b}]52;c;aGFjaw==\u{7}\u{9b}31m\u{202e}";
    let article = serde_json::json!({
        "id": format!("id{evil}"),
        "title": format!("Titre {evil}"),
        "source": format!("=HYPERLINK(\"x\"){evil}"),
        "url": format!("http://x/{evil}"),
        "text": format!("Le gouvernement {evil} a parlé du gouvernement."),
    });
    fs::write(dir.path().join("a.jsonl"), format!("{article}\n")).unwrap();
    let out = run(dir.path(), &["index", "a.jsonl", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let raw = |bytes: &[u8]| {
        let s = String::from_utf8_lossy(bytes);
        s.chars().any(|c| {
            (c.is_control() && c != '\n' && c != '\t') || ('\u{202a}'..='\u{202e}').contains(&c)
        })
    };
    for args in [
        &[
            "query",
            "gouvernement",
            "--index",
            "idx",
            "--explain",
            "--show-query",
        ][..],
        &[
            "count",
            "gouvernement",
            "--index",
            "idx",
            "--by",
            "source",
            "--forms",
        ],
        &["count", "gouvernement", "--index", "idx", "--by", "article"],
        &["kwic", "gouvernement", "--index", "idx"],
        &["stats", "--index", "idx"],
        &["query", &format!("gouvernement{evil}"), "--index", "idx"],
        &["query", &format!("(({evil}"), "--index", "idx"],
    ] {
        let out = run(dir.path(), args);
        assert!(
            !raw(&out.stdout),
            "{args:?} stdout: {:?}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(
            !raw(&out.stderr),
            "{args:?} stderr: {:?}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // JSON: the text is all there, every control escaped.
    let out = run(
        dir.path(),
        &[
            "query",
            "gouvernement",
            "--index",
            "idx",
            "--format",
            "json",
        ],
    );
    assert!(
        !raw(&out.stdout),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let hit = &common::json_lines(&out.stdout)[0];
    assert!(hit["text"].as_str().unwrap().contains(evil));
    // CSV: the source starting with `=` is not a formula.
    let out = run(
        dir.path(),
        &["kwic", "gouvernement", "--index", "idx", "--format", "csv"],
    );
    assert!(
        !raw(&out.stdout),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        csv.contains(",\"'=HYPERLINK") || csv.contains(",'=HYPERLINK"),
        "{csv}"
    );
}

/// Issue 17, item 6: prefixes and variants expand to at most 5,000 forms in all (249
/// two-letter prefixes ORed took 8 minutes of counting on OrangeSum); past it, one line.
#[test]
fn prefixes_expanding_to_too_many_forms_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let letters: Vec<char> = ('a'..='z').collect();
    let mut words = Vec::new();
    for first in ['b', 'c', 'd', 'f', 'g', 'h'] {
        for i in 0..1100 {
            let (x, y, z) = (i % 26, (i / 26) % 26, i / 676);
            words.push(format!("{first}{}{}{}", letters[x], letters[y], letters[z]));
        }
    }
    let article = serde_json::json!({"id": "w", "text": words.join(" ")});
    fs::write(dir.path().join("w.jsonl"), format!("{article}\n")).unwrap();
    let out = run(dir.path(), &["index", "w.jsonl", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(dir.path(), &["count", "--index", "idx", "b* OR c* OR d*"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let started = Instant::now();
    let out = run(
        dir.path(),
        &[
            "count",
            "--index",
            "idx",
            "b* OR c* OR d* OR f* OR g* OR h*",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("match more than 5000 forms of the index"),
        "{}",
        stderr(&out)
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// Issue 17, item 15: a huge `--context` shows the whole article instead of aborting.
#[test]
fn a_huge_context_shows_the_whole_article() {
    let dir = sample_corpus();
    let out = run(dir.path(), &["index", "corpus", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(
        dir.path(),
        &[
            "query",
            "Stepanakert",
            "--index",
            "idx",
            "--limit",
            "1",
            "--format",
            "json",
            "--context",
            "18446744073709551615",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let hit = &common::json_lines(&out.stdout)[0];
    assert!(hit["context"].as_array().unwrap().len() >= 10, "{hit}");
}

/// Issue 17, item 8: an index whose build was killed after an intermediate commit is said to
/// be incomplete by every command that reads it (it was shown as complete).
#[test]
fn an_interrupted_build_is_said_incomplete() {
    let dir = sample_corpus();
    let big = common::generate(dir.path(), 20_000);
    let idx = dir.path().join("idx");
    let mut build = index_in_background(dir.path(), &big, &["--commit-every", "0.1"]);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if payload(&idx).is_some_and(|p| p["complete"] == false && p["articles"].as_u64() > Some(0))
        {
            break;
        }
        assert!(Instant::now() < deadline, "no intermediate commit");
        assert!(build.try_wait().unwrap().is_none(), "the build ended first");
        std::thread::sleep(Duration::from_millis(20));
    }
    build.kill().unwrap();
    build.wait().unwrap();
    for args in [
        &["stats", "--index", "idx"][..],
        &["count", "numéro", "--index", "idx"],
        &["query", "numéro", "--index", "idx", "--limit", "1"],
        &["kwic", "numéro", "--index", "idx"],
    ] {
        let out = run(dir.path(), args);
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains("is incomplete"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // Finished, it says nothing more.
    let out = run(
        dir.path(),
        &["index", big.to_str().unwrap(), "--index", "idx"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(dir.path(), &["stats", "--index", "idx"]);
    assert!(!stderr(&out).contains("incomplete"), "{}", stderr(&out));
}

/// Issue 17, item 9: dates the index cannot hold (before 1678, after 2261) were stored
/// wrapped (9999-12-31 as 1816-03-29); they are reported and the article kept undated, and a
/// filter bound past them (`--to 3000`, `date:2019..9999`) means the last date there can be.
#[test]
fn dates_out_of_range_are_reported_and_filters_clamped() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id":"far","date":"9999-12-31","text":"Une élection lointaine."}"#,
        r#"{"id":"old","date":"0001-01-01","text":"Une élection ancienne."}"#,
        r#"{"id":"now","date":"2019-05-05","text":"Une élection récente."}"#,
    ];
    fs::write(dir.path().join("d.jsonl"), lines.join("\n") + "\n").unwrap();
    let out = run(dir.path(), &["index", "d.jsonl", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out)
            .matches("outside 1678-01-01 to 2261-12-31")
            .count(),
        2,
        "{}",
        stderr(&out)
    );
    let out = run(
        dir.path(),
        &[
            "count",
            "élection",
            "--index",
            "idx",
            "--by",
            "year",
            "--format",
            "json",
        ],
    );
    let counts = &common::json_lines(&out.stdout)[0];
    let buckets: Vec<(serde_json::Value, u64)> = counts["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["bucket"].clone(), b["articles"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        buckets,
        [(serde_json::json!("2019"), 1), (serde_json::Value::Null, 2)]
    );
    for args in [
        &[
            "query",
            "élection",
            "--index",
            "idx",
            "--to",
            "3000",
            "--format",
            "json",
        ][..],
        &[
            "query",
            "élection date:2019..9999",
            "--index",
            "idx",
            "--format",
            "json",
        ],
    ] {
        let out = run(dir.path(), args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let ids: Vec<String> = common::json_lines(&out.stdout)
            .iter()
            .filter_map(|h| h["doc_id"].as_str().map(str::to_string))
            .collect();
        assert_eq!(ids, ["now"], "{args:?}");
    }
}

/// Two file names that are not UTF-8 and differ only in such a byte are two articles, with
/// ids that keep the byte (`caf\xe9`), not one article and a "duplicate" (issue 17, item 12).
#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_keep_distinct_ids() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    fs::create_dir(&corpus).unwrap();
    fs::write(
        corpus.join(OsStr::from_bytes(b"caf\xe9.txt")),
        "Un café serré au comptoir.\n",
    )
    .unwrap();
    fs::write(
        corpus.join(OsStr::from_bytes(b"caf\xe8.txt")),
        "Un café crème en terrasse.\n",
    )
    .unwrap();
    let out = run(dir.path(), &["index", "c", "--index", "idx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(articles(&dir.path().join("idx")), 2, "{}", stderr(&out));
    let out = run(
        dir.path(),
        &["query", "--index", "idx", "--format", "json", "café"],
    );
    let ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["doc_id"].as_str().map(str::to_string))
        .collect();
    assert!(ids.contains(&"caf\\xe9".to_string()), "{ids:?}");
    assert!(ids.contains(&"caf\\xe8".to_string()), "{ids:?}");
}

/// A graph of symbolic links where each folder links twice to the next, 24 deep, is walked
/// in a moment: each folder is entered once (2^24 paths lead to the last one; issue 17,
/// item 13).
#[cfg(unix)]
#[test]
fn a_graph_of_links_is_walked_once_per_folder() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    let depth = 24;
    for i in 0..=depth {
        fs::create_dir_all(corpus.join(format!("d{i}"))).unwrap();
    }
    for i in 0..depth {
        for link in ["a", "b"] {
            std::os::unix::fs::symlink(
                corpus.join(format!("d{}", i + 1)),
                corpus.join(format!("d{i}/{link}")),
            )
            .unwrap();
        }
    }
    fs::write(
        corpus.join(format!("d{depth}/fin.txt")),
        "Le bout du chemin.\n",
    )
    .unwrap();
    // Before the fix this ran for hours.
    let out = common::index_within_a_minute(dir.path(), &["c/d0", "--index", "idx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(articles(&dir.path().join("idx")), 1);
}
