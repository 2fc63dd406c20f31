//! Hostile and broken inputs (issue 17, items 5, 13, 14 and 15; issue 18's one format for
//! input-error locations): memory bounded whatever the file, linear work on deep HTML, bad
//! records reported with their line and the rest read, FIFOs and devices skipped without
//! blocking. Each test failed on the `main` before its fix.

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Output;

use common::run;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The number of articles in the index's last commit.
fn articles(index: &Path) -> u64 {
    let meta: serde_json::Value =
        serde_json::from_slice(&fs::read(index.join("meta.json")).unwrap()).unwrap();
    let payload: serde_json::Value =
        serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    payload["articles"].as_u64().unwrap()
}

/// Item 5: a line, a text file and a gzip stream past their limits are each reported (with
/// the file and line) and skipped; the rest of the file and of the run is read. The limits
/// are 32 MB a record, 16 MB an article, 100 times its size for gzip (README, "Limits").
#[test]
fn input_past_a_size_limit_is_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    fs::create_dir(&c).unwrap();
    // A JSON Lines file whose second line is over 32 MB.
    let mut lines = fs::File::create(c.join("lines.jsonl")).unwrap();
    writeln!(
        lines,
        r#"{{"id": "avant", "text": "Le mot albatros avant."}}"#
    )
    .unwrap();
    let big = "mot ".repeat(8_400_000);
    writeln!(lines, r#"{{"id": "long", "text": "{big}"}}"#).unwrap();
    writeln!(
        lines,
        r#"{{"id": "apres", "text": "Le mot albatros après."}}"#
    )
    .unwrap();
    drop(lines);
    // A text file over 16 MB.
    fs::write(c.join("roman.txt"), "mot ".repeat(4_100_000)).unwrap();
    // A gzip stream of 70 MB of blank lines, then an article, from about 70 KB: 70 gzip
    // members of 1 MB each (gzip readers read them as one stream).
    let mut member = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let blank = format!("{}\n", " ".repeat(999));
    member.write_all(blank.repeat(1000).as_bytes()).unwrap();
    let member = member.finish().unwrap();
    let mut bomb = member.repeat(70);
    let mut last = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    last.write_all(b"{\"id\": \"cache\", \"text\": \"Le mot albatros cache.\"}\n")
        .unwrap();
    bomb.extend(last.finish().unwrap());
    fs::write(c.join("bombe.jsonl.gz"), bomb).unwrap();
    fs::write(c.join("court.txt"), "Le mot albatros, court.").unwrap();

    let out = common::index_within_a_minute(dir.path(), &["c", "--index", "idx"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    for want in [
        "search: skipped: c/lines.jsonl:2: line over 32 MB (the limit for one record)",
        "search: skipped: c/roman.txt: article text over 16 MB (the limit for one article)",
        "search: skipped: c/bombe.jsonl.gz:",
        "gzip data unpacks to more than 100 times its size",
    ] {
        assert!(err.contains(want), "{want:?} in:\n{err}");
    }
    assert_eq!(articles(&dir.path().join("idx")), 3, "{err}");
}

/// Item 5: `--threads` is lowered so that each thread has tantivy's 15 MB of `--memory`,
/// with one line that says so; a `--memory` under 15 MB is an error.
#[test]
fn threads_are_lowered_to_fit_the_memory_budget() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("c")).unwrap();
    fs::write(dir.path().join("c/a.txt"), "Le mot albatros.").unwrap();
    let out = run(
        dir.path(),
        &[
            "index",
            "c",
            "--index",
            "idx",
            "--memory",
            "40",
            "--threads",
            "8",
        ],
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let lowered: Vec<&str> = err.lines().filter(|l| l.contains("--threads")).collect();
    assert_eq!(
        lowered,
        ["search: --threads 8 lowered to 2: each indexing thread needs 15 MB of --memory 40"],
        "{err}"
    );
    let out = run(
        dir.path(),
        &["index", "c", "--index", "idx", "--memory", "5"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim_end(),
        "search: --memory 5: the indexer needs at least 15 MB"
    );
}

/// Item 13: a page of 200,000 nested `<div>`s is read in seconds (it took 116 s), and its
/// text is found.
#[test]
fn deeply_nested_html_is_read_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("c")).unwrap();
    let n = 200_000;
    let page = format!(
        "<html><body>{}<p>Le mot albatros au fond.</p>{}<p>Et après.</p></body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    fs::write(dir.path().join("c/profond.html"), page).unwrap();
    let out = common::index_within_a_minute(dir.path(), &["c", "--index", "idx"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = run(
        dir.path(),
        &["query", "--index", "idx", "--format", "json", "albatros"],
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Le mot albatros au fond."),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Item 14: a NUL byte in one JSON Lines record skips that record, not the file; a CSV row
/// with more fields than the header and a quote never closed are reported with their line.
#[test]
fn bad_records_are_reported_with_their_line_and_the_rest_read() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    fs::create_dir(&c).unwrap();
    fs::write(
        c.join("a.jsonl"),
        b"{\"id\": \"a1\", \"text\": \"Le mot albatros un.\"}\n{\"id\": \"a2\", \"text\": \"\x00\x00\"}\n{\"id\": \"a3\", \"text\": \"Le mot albatros trois.\"}\n",
    )
    .unwrap();
    fs::write(
        c.join("b.csv"),
        "id,text\nb1,Le mot albatros un.\nb2,Le mot albatros, deux.\nb3,\"Le mot albatros trois.\nb4,quatre\n",
    )
    .unwrap();
    let out = run(dir.path(), &["index", "c", "--index", "idx"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    let skipped: Vec<&str> = err.lines().filter(|l| l.contains("skipped:")).collect();
    assert_eq!(
        skipped,
        [
            "search: skipped: c/a.jsonl:2: a NUL byte (binary data) in the record",
            "search: skipped: c/b.csv:3: row has 3 fields, the header 2 (a comma not quoted in a field?)",
            "search: skipped: c/b.csv:4: a quote opened in this row is never closed: lines 4 to 5 (the end of the file) read as one field, skipped",
        ],
        "{err}"
    );
    assert_eq!(articles(&dir.path().join("idx")), 3, "{err}");
}

/// Item 15: a FIFO and a device are said to be what they are, and skipped without being
/// opened (a FIFO with no writer blocked a reader forever; `/dev/zero` never ends).
#[cfg(unix)]
#[test]
fn fifos_and_devices_are_skipped_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    fs::create_dir(&c).unwrap();
    fs::write(c.join("a.txt"), "Le mot albatros.").unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(c.join("tube.jsonl"))
        .status()
        .expect("mkfifo");
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", c.join("zero.txt")).unwrap();
    let out = common::index_within_a_minute(dir.path(), &["c", "--index", "idx"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    for want in [
        "search: skipped: c/tube.jsonl: not a regular file: a FIFO (named pipe)",
        "search: skipped: c/zero.txt: not a regular file: a character device",
    ] {
        assert!(err.contains(want), "{want:?} in:\n{err}");
    }
    assert!(!err.contains("empty file"), "{err}");
    assert_eq!(articles(&dir.path().join("idx")), 1);
}

/// Issue 18: every message about a place in an input reads `PATH:LINE: reason` (or `PATH:
/// reason` for a whole file), whatever the format, duplicates included, and `--report`
/// gives the same line.
#[test]
fn input_errors_are_located_the_same_way_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    fs::create_dir(&c).unwrap();
    fs::write(
        c.join("a.json"),
        "[\n  {\"id\": \"j1\", \"text\": \"Le mot albatros.\"},\n  3,\n  {\"id\": \"j3\",\n   \"date\": \"hier\", \"text\": \"Le mot albatros encore.\"},\n  {\"id\": \"j4\"}\n]\n",
    )
    .unwrap();
    fs::write(
        c.join("b.jsonl"),
        "{\"id\": \"l1\", \"text\": \"Le mot albatros.\"}\n{\"id\": \"l2\"}\n{\"id\": \"l1\", \"text\": \"Autre.\"}\n",
    )
    .unwrap();
    fs::write(c.join("c.csv"), "id,text\nc1,Le mot albatros.\nc2,\n").unwrap();
    fs::write(c.join("d.txt"), "  \n").unwrap();
    let out = run(
        dir.path(),
        &["index", "c", "--index", "idx", "--report", "report.json"],
    );
    let err = stderr(&out);
    let located: Vec<&str> = err
        .lines()
        .filter(|l| {
            ["skipped", "warning", "duplicate"]
                .iter()
                .any(|kind| l.starts_with(&format!("search: {kind}:")))
        })
        .collect();
    assert_eq!(
        located,
        [
            "search: skipped: c/a.json:3: not a json object (element 2 of the array)",
            "search: warning: c/a.json:4: date \"hier\" not understood (expected e.g. 2023-09-20, 20/09/2023 or 20 septembre 2023), ignored (element 3 of the array)",
            "search: skipped: c/a.json:6: missing \"text\" field (element 4 of the array)",
            "search: skipped: c/b.jsonl:2: missing \"text\" field",
            "search: duplicate: c/b.jsonl:3: article id \"l1\" was already read, indexed once",
            "search: skipped: c/c.csv:3: empty \"text\" field",
            "search: skipped: c/d.txt: empty file",
        ],
        "{err}"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    let json = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "c/a.json")
        .unwrap();
    let lines: Vec<u64> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [3, 6]);
    assert_eq!(json["warnings"][0]["line"], 4);
}
