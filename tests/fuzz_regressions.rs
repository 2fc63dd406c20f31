//! The fuzz targets' inputs replayed on stable Rust (issue 17): the seeds in `fuzz/seeds/` and
//! every input a fuzz run found (crash, timeout, out of memory), kept minimised in
//! `tests/fuzz/<target>/`. Each goes through the same entry points as the target of the same
//! name in `fuzz/fuzz_targets/` (see `fuzz/README.md`): the readers through `read_corpus` on a
//! file of the right extension, queries through `search`, `count` and `kwic`. None may panic.

use std::fs;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use search::corpus::decode::{from_reader, DecodeError};
use search::corpus::{read_corpus, Item};
use search::{build_index, BuildOptions, SearchIndex};

#[path = "../fuzz/src/query_check.rs"]
mod query_check;
use query_check::check_query;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The inputs of `target`: its seeds and its findings, sorted, with their names.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in [
        root().join("fuzz/seeds").join(target),
        root().join("tests/fuzz").join(target),
    ] {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let bytes = fs::read(&path).unwrap();
            out.push((path, bytes));
        }
    }
    out.sort();
    out
}

/// `data` as a file `input.{ext}` read by `read_corpus`, as the fuzz targets do: the summary
/// counts what was yielded.
fn read_as(dir: &Path, ext: &str, data: &[u8]) {
    let path = dir.join(format!("input.{ext}"));
    fs::write(&path, data).unwrap();
    let mut articles = 0;
    let summary = read_corpus(std::slice::from_ref(&path), &mut |item| {
        if let Item::Article(_) = item {
            articles += 1;
        }
    });
    assert_eq!(summary.articles, articles);
    assert_eq!(summary.files, 1);
}

#[test]
fn reader_inputs_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut n = 0;
    for (target, ext) in [
        ("read_jsonl", "jsonl"),
        ("read_json", "json"),
        ("read_html", "html"),
        ("read_text", "txt"),
    ] {
        for (path, data) in inputs(target) {
            eprintln!("{}", path.display());
            read_as(dir.path(), ext, &data);
            n += 1;
        }
    }
    for (path, data) in inputs("read_csv") {
        eprintln!("{}", path.display());
        if let Some((&which, rest)) = data.split_first() {
            read_as(dir.path(), if which & 1 == 0 { "csv" } else { "tsv" }, rest);
            n += 1;
        }
    }
    let kinds = [
        "txt.gz", "jsonl.gz", "json.gz", "csv.gz", "tsv.gz", "html.gz",
    ];
    for (path, data) in inputs("read_gz") {
        eprintln!("{}", path.display());
        if let Some((&which, rest)) = data.split_first() {
            read_as(dir.path(), kinds[which as usize % kinds.len()], rest);
            n += 1;
        }
    }
    assert!(n > 20, "the seeds are in fuzz/seeds/ ({n} inputs found)");
}

#[test]
fn decode_inputs_give_utf8() {
    let found = inputs("decode");
    assert!(!found.is_empty());
    for (path, data) in found {
        match from_reader(Box::new(Cursor::new(data.clone()))) {
            Ok(mut decoded) => {
                let mut out = Vec::new();
                decoded.reader.read_to_end(&mut out).unwrap();
                assert!(String::from_utf8(out).is_ok(), "{}", path.display());
            }
            Err(DecodeError::Binary) => {}
            Err(DecodeError::Io(err)) => panic!("{}: {err}", path.display()),
        }
    }
}

#[test]
fn query_inputs_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    for entry in fs::read_dir(root().join("corpus")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
    }
    fs::write(
        corpus.join("articles.jsonl"),
        concat!(
            r#"{"source":"AFP","date":"2019-11-10","title":"Cessez-le-feu","text":"Un cessez-le-feu a été conclu à Stepanakert.\n\nLa Russie négocie."}"#,
            "\n",
            r#"{"source":"Le Monde","date":"2020-07-02","title":"Retraites","text":"Macron défend la réforme des retraites, 11 fois en 2020."}"#,
            "\n"
        ),
    )
    .unwrap();
    let index_dir = dir.path().join("index");
    build_index(
        &[corpus],
        &index_dir,
        &BuildOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let index = SearchIndex::open(&index_dir).unwrap();
    let found = inputs("query");
    assert!(found.len() > 20, "the seeds are in fuzz/seeds/query");
    for (path, data) in found {
        let Some((&flags, rest)) = data.split_first() else {
            continue;
        };
        let text = String::from_utf8_lossy(rest);
        eprintln!("{}: {:?}", path.display(), text);
        check_query(&index, flags, &text, true);
    }
}
