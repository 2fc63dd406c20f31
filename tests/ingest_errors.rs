//! `search index` on bad input, a locked index and a damaged one: each reported clearly.

mod common;

use std::fs;
use std::path::Path;

use common::{json_lines, run};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// True when the tests run with permissions not enforced (root).
fn permissions_ignored(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    fs::write(&probe, "x").unwrap();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o000)).unwrap();
    let readable = fs::read(&probe).is_ok();
    fs::remove_file(&probe).unwrap();
    readable
}

#[cfg(unix)]
#[test]
fn bad_inputs_are_reported_and_skipped() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{symlink, PermissionsExt};

    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("corpus");
    fs::create_dir(&c).unwrap();
    fs::write(c.join("good.txt"), "Le mot albatros est ici.").unwrap();
    fs::write(
        c.join("binary.txt"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x02\x00>\x00",
    )
    .unwrap();
    fs::write(c.join("empty.md"), "").unwrap();
    fs::write(c.join("locked.txt"), "Le mot secret est ici.").unwrap();
    fs::set_permissions(c.join("locked.txt"), fs::Permissions::from_mode(0o000)).unwrap();
    symlink(c.join("nowhere.txt"), c.join("broken.txt")).unwrap();
    fs::create_dir(c.join("sub")).unwrap();
    symlink(&c, c.join("sub/loop")).unwrap();
    let odd_name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    fs::write(c.join(odd_name), "Le mot bergeronnette est ici.").unwrap();
    fs::write(
        c.join("lines.jsonl"),
        "{\"id\": \"ok1\", \"text\": \"Le mot cormoran est ici.\"}\n{\"id\": \"bad\", \"text\": \n{\"id\": \"ok2\", \"text\": \"Le mot cormoran encore.\"}\n",
    )
    .unwrap();
    fs::write(c.join("notes.pdf"), "%PDF-1.4").unwrap();
    let root = permissions_ignored(dir.path());

    let out = run(dir.path(), &["index", "corpus", "--report", "report.json"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "some inputs skipped: {err}");
    let c_shown = "corpus";
    for line in [
        format!(
            "search: skipped: {c_shown}/binary.txt: binary file (not text in a known encoding)"
        ),
        format!("search: skipped: {c_shown}/empty.md: empty file"),
        format!("search: skipped: {c_shown}/broken.txt: no such file or directory"),
        format!("search: warning: {c_shown}/sub/loop: symbolic link loop, not followed"),
        format!(
            "search: skipped: {c_shown}/lines.jsonl:2: malformed json: EOF while parsing a value"
        ),
        format!("search: warning: {c_shown}/notes.pdf: unsupported file type, skipped"),
    ] {
        assert!(err.contains(&line), "{line:?} in:\n{err}");
    }
    let denied = format!("search: skipped: {c_shown}/locked.txt: permission denied");
    assert_eq!(err.contains(&denied), !root, "root reads anything: {err}");

    // What could be read is searchable, the non-UTF-8 file name included.
    for (word, ids) in [
        ("albatros", vec!["good"]),
        // A name that is not UTF-8 keeps its byte, escaped (issue 17).
        ("bergeronnette", vec!["caf\\xe9"]),
        ("cormoran", vec!["ok1", "ok2"]),
    ] {
        let out = run(dir.path(), &["query", word, "--format", "json"]);
        let mut got: Vec<String> = json_lines(&out.stdout)
            .iter()
            .map(|h| h["doc_id"].as_str().unwrap().to_string())
            .collect();
        got.sort();
        assert_eq!(got, ids, "{word}");
    }

    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    let file = |name: &str| {
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} in {report:#}"))
            .clone()
    };
    assert_eq!(file("binary.txt")["outcome"], "skipped");
    assert_eq!(
        file("binary.txt")["problems"][0]["reason"],
        "binary file (not text in a known encoding)"
    );
    assert_eq!(file("empty.md")["outcome"], "skipped");
    assert_eq!(file("broken.txt")["outcome"], "skipped");
    assert_eq!(file("good.txt")["outcome"], "indexed");
    let lines = file("lines.jsonl");
    assert_eq!(lines["outcome"], "indexed");
    assert_eq!(lines["added"], 2);
    assert_eq!(lines["problems"][0]["line"], 2);
    assert_eq!(
        file("locked.txt")["outcome"],
        if root { "indexed" } else { "skipped" }
    );
    let skipped = if root { 4 } else { 5 };
    assert_eq!(report["totals"]["skipped"], skipped, "{report:#}");
    assert_eq!(report["totals"]["articles"], if root { 5 } else { 4 });
}

#[test]
fn all_good_exits_zero_and_empty_corpus_exits_one() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "Un texte.").unwrap();
    assert_eq!(run(dir.path(), &["index", "a.txt"]).status.code(), Some(0));
    // A folder with no file to index is refused: an empty index would shadow the
    // automatic build from corpus/ (issue 18). Nothing is written.
    fs::create_dir(dir.path().join("vide")).unwrap();
    let out = run(dir.path(), &["index", "vide", "--index", "autre"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim(),
        "search: vide: no file to index (.txt, .md, .jsonl, .ndjson, .json, .csv, .tsv, .html, gzipped or not); nothing was indexed or removed"
    );
    assert!(!dir.path().join("autre").exists());
    // A file that holds no article is read and reported (exit 3).
    fs::write(dir.path().join("vide/blanc.txt"), "  \n").unwrap();
    let out = run(dir.path(), &["index", "vide", "--index", "autre"]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
}

#[test]
fn second_writer_gets_locked_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "Un texte.").unwrap();
    assert_eq!(run(dir.path(), &["index", "a.txt"]).status.code(), Some(0));
    // Hold the writer lock as a running `search index` would.
    let index = tantivy::Index::open_in_dir(dir.path().join("index")).unwrap();
    let writer: tantivy::IndexWriter = index.writer(50_000_000).unwrap();
    let out = run(dir.path(), &["index", "a.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "search: index index is locked by another process (another `search index` is running)"
    );
    // Queries still work meanwhile.
    assert_eq!(run(dir.path(), &["query", "texte"]).status.code(), Some(0));
    drop(writer);
    assert_eq!(run(dir.path(), &["index", "a.txt"]).status.code(), Some(0));
}

#[test]
fn damaged_or_foreign_index_says_how_to_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), "Un texte.").unwrap();
    assert_eq!(run(dir.path(), &["index", "a.txt"]).status.code(), Some(0));
    fs::write(dir.path().join("index/meta.json"), "{ this is not json").unwrap();

    let out = run(dir.path(), &["index", "a.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("search: index index cannot be read ("),
        "{err}"
    );
    assert!(
        err.contains("rebuild it with `search index PATH... --index index --rebuild`"),
        "{err}"
    );
    let out = run(dir.path(), &["query", "texte"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "search: index index cannot be read (its files are damaged): rebuild it with `search index PATH... --index index --rebuild`"
    );

    let out = run(dir.path(), &["index", "a.txt", "--rebuild"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(run(dir.path(), &["query", "texte"]).status.code(), Some(0));

    // A segment file gone: also caught, also repaired by --rebuild.
    for entry in fs::read_dir(dir.path().join("index")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "term") {
            fs::remove_file(path).unwrap();
        }
    }
    let out = run(dir.path(), &["index", "a.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--rebuild"), "{}", stderr(&out));
    assert_eq!(
        run(dir.path(), &["index", "a.txt", "--rebuild"])
            .status
            .code(),
        Some(0)
    );

    // A folder that holds something else is never touched.
    fs::create_dir(dir.path().join("docs")).unwrap();
    fs::write(dir.path().join("docs/thesis.odt"), "x").unwrap();
    let out = run(
        dir.path(),
        &["index", "a.txt", "--index", "docs", "--rebuild"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("docs is not a search index (it holds thesis.odt"),
        "{}",
        stderr(&out)
    );
    assert!(dir.path().join("docs/thesis.odt").exists());
}
