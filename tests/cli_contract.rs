//! The command line as people and programs use it (issue 18), through the real binary: the
//! JSON Lines records and their schema (`docs/search.schema.json`), CSV, batches of queries,
//! `search show`, excerpts, messages, completions and the man page.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

use common::{json_records, news_fixture, run, search};
use serde_json::Value;

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `search args…` with `input` on standard input.
fn run_with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = search(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run search");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(common::root().join("docs/search.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a JSON Schema")
}

/// Every line of `out` is a record valid against the schema; returns them.
fn valid_records(validator: &jsonschema::Validator, args: &[&str], out: &Output) -> Vec<Value> {
    let records = json_records(&out.stdout);
    assert!(!records.is_empty(), "search {args:?} printed no record");
    for r in &records {
        let errors: Vec<String> = validator
            .iter_errors(r)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "search {args:?}: {r}\ndoes not fit docs/search.schema.json: {errors:?}"
        );
    }
    records
}

#[test]
fn every_json_record_fits_the_documented_schema() {
    let dir = news_fixture();
    let validator = schema();
    std::fs::write(
        dir.path().join("batch.tsv"),
        "trêve\tcessez-le-feu\n\"\nzzzqqq\n",
    )
    .unwrap();
    let runs: &[&[&str]] = &[
        &["query", "cessez-le-feu", "--show-query", "--exact-report"],
        &["query", "Stepanakert", "--explain", "--context", "1"],
        &[
            "query",
            "coronavirus",
            "--scope",
            "article",
            "--offset",
            "1",
        ],
        &["query", "zzzqqq"],
        &["query", "--queries-file", "batch.tsv", "--show-query"],
        &["count", "cessez-le-feu", "--by", "year", "--forms"],
        &["count", "--queries-file", "batch.tsv"],
        &["count", "zzzqqq", "--by", "source"],
        &["kwic", "cessez-le-feu"],
        &["kwic", "--queries-file", "batch.tsv"],
        &["kwic", "zzzqqq"],
        &["stats"],
        &["show", "af-1", "--query", "cessez-le-feu"],
        &["show", "x-4", "--passage", "0"],
    ];
    let mut seen = std::collections::BTreeSet::new();
    for args in runs {
        let mut all = args.to_vec();
        all.extend(["--index", "idx", "--format", "json"]);
        let out = run(dir.path(), &all);
        assert!(
            matches!(out.status.code(), Some(0..=2)),
            "search {all:?}: {}",
            stderr(&out)
        );
        for r in valid_records(&validator, &all, &out) {
            seen.insert(r["type"].as_str().unwrap().to_string());
        }
    }
    let want = [
        "article", "count", "error", "forms", "hit", "kwic", "query", "stats", "summary",
    ];
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), want);

    // The schema is not a formality: a record with a field it does not know fails.
    let mut bad =
        json_records(&run(dir.path(), &["stats", "--index", "idx", "--format", "json"]).stdout)
            .remove(0);
    bad["surprise"] = Value::Bool(true);
    assert!(!validator.is_valid(&bad));
}

#[test]
fn each_query_ends_with_a_summary_even_when_nothing_matched() {
    let dir = news_fixture();
    let out = run(
        dir.path(),
        &["query", "zzzqqq", "--index", "idx", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    let records = json_records(&out.stdout);
    assert_eq!(records.len(), 1, "{records:?}");
    let s = &records[0];
    assert_eq!(
        (
            &s["type"],
            &s["schema"],
            &s["query"],
            &s["total"],
            &s["shown"],
            &s["offset"]
        ),
        (
            &Value::from("summary"),
            &Value::from(1),
            &Value::from("zzzqqq"),
            &Value::from(0),
            &Value::from(0),
            &Value::from(0)
        )
    );
    assert!(s["elapsed_ms"].as_f64().is_some_and(|ms| ms >= 0.0), "{s}");

    let out = run(
        dir.path(),
        &[
            "query",
            "cessez-le-feu",
            "--index",
            "idx",
            "--format",
            "json",
            "--limit",
            "1",
        ],
    );
    let records = json_records(&out.stdout);
    let types: Vec<&str> = records
        .iter()
        .map(|r| r["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["hit", "summary"]);
    assert_eq!(
        (&records[1]["total"], &records[1]["shown"]),
        (&Value::from(2), &Value::from(1))
    );
    assert!(records.iter().all(|r| r["schema"] == 1));

    let out = run(
        dir.path(),
        &["kwic", "zzzqqq", "--index", "idx", "--format", "json"],
    );
    let records = json_records(&out.stdout);
    assert_eq!(records.len(), 1);
    assert_eq!(
        (&records[0]["type"], &records[0]["total"]),
        (&Value::from("summary"), &Value::from(0))
    );
}

#[test]
fn a_batch_says_for_each_query_that_it_ran() {
    let dir = news_fixture();
    let out = run_with_stdin(
        dir.path(),
        &[
            "query",
            "--queries-file",
            "-",
            "--index",
            "idx",
            "--format",
            "json",
        ],
        "trêve\tcessez-le-feu\n\"\nzzzqqq\ncessez-le-feu\n".as_bytes(),
    );
    assert_eq!(out.status.code(), Some(2), "one query failed");
    assert_eq!(
        stderr(&out),
        "search: standard input:2: query \"\\\"\": a quote opens a phrase but nothing follows (at column 1)\nsearch: 1 of 4 queries failed\n"
    );
    let ends: Vec<(String, String, u64)> = json_records(&out.stdout)
        .iter()
        .filter(|r| r["type"] != "hit")
        .map(|r| {
            (
                r["type"].as_str().unwrap().to_string(),
                r["name"].as_str().unwrap().to_string(),
                r["query_index"].as_u64().unwrap(),
            )
        })
        .collect();
    let s = |t: &str, n: &str, i: u64| (t.to_string(), n.to_string(), i);
    assert_eq!(
        ends,
        [
            s("summary", "trêve", 0),
            s("error", "\"", 1),
            s("summary", "zzzqqq", 2),
            s("summary", "cessez-le-feu", 3)
        ]
    );
}

#[test]
fn show_prints_the_article_with_the_query_marked() {
    let dir = news_fixture();
    let out = run(
        dir.path(),
        &["show", "af-1", "--index", "idx", "--query", "cessez-le-feu"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The file is shown by its absolute path.
    let here = std::fs::canonicalize(dir.path()).unwrap();
    assert_eq!(
        stdout(&out).replace(&format!("{}/", here.display()), ""),
        "Trêve à Stepanakert\n\
         af-1  2020-10-10  AFP  https://example.org/af-1\n\
         news.jsonl (3 passages)\n\
         \n\
         ¶0 Un [cessez-le-feu] a été conclu à Stepanakert samedi.\n\
         \n\
         ¶1 Les combats ont pourtant repris dans la nuit autour de la ville, selon les habitants.\n\
         \n\
         ¶2 Le [cessez-le-feu] humanitaire devait permettre l'échange de prisonniers.\n"
    );
    // Colour on: ANSI marks, no brackets.
    let out = run(
        dir.path(),
        &[
            "show",
            "af-1",
            "--index",
            "idx",
            "-q",
            "cessez-le-feu",
            "--passage",
            "2",
            "--color",
            "always",
        ],
    );
    let text = stdout(&out);
    assert!(
        text.contains("Le \x1b[1m\x1b[31mcessez-le-feu\x1b[0m humanitaire"),
        "{text:?}"
    );
    assert!(
        !text.contains("¶0") && !text.contains("[cessez"),
        "{text:?}"
    );

    // JSON: the same spans as a search's highlights.
    let out = run(
        dir.path(),
        &[
            "show",
            "af-1",
            "--index",
            "idx",
            "-q",
            "Stepanakert",
            "--format",
            "json",
        ],
    );
    let article = &json_records(&out.stdout)[0];
    let hit = &json_records(
        &run(
            dir.path(),
            &["query", "Stepanakert", "--index", "idx", "--format", "json"],
        )
        .stdout,
    )[0];
    let n = hit["passage"].as_u64().unwrap() as usize;
    assert_eq!(article["passages"][n]["highlights"], hit["highlights"]);
    assert_eq!(article["passages"][n]["text"], hit["text"]);
    assert_eq!(article["passages"][n]["range"], hit["range"]);
    assert_eq!(article["title"], "Trêve à Stepanakert");
}

#[test]
fn show_errors_name_the_id_or_the_passage() {
    let dir = news_fixture();
    let out = run(dir.path(), &["show", "nope", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "search: no article \"nope\" in idx: ids are the doc_id of `search query` output\n"
    );
    let out = run(
        dir.path(),
        &["show", "re-2", "--index", "idx", "--passage", "7"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "search: article \"re-2\" has no passage 7: its passages are 0 to 1\n"
    );
    let out = run(
        dir.path(),
        &["show", "re-2", "--index", "idx", "-q", "Stepanakert"],
    );
    assert_eq!(out.status.code(), Some(1), "nothing in it matched");
    assert!(stdout(&out).contains("Les gilets jaunes"));
}

#[test]
fn query_text_says_how_to_open_a_hit() {
    let dir = news_fixture();
    let out = run(
        dir.path(),
        &[
            "query",
            "gilets jaunes",
            "--index",
            "idx",
            "--color",
            "never",
        ],
    );
    let text = stdout(&out);
    assert!(text.contains("[re-2]  2019-01-12  Reuters  ¶0"), "{text}");
    assert!(
        text.ends_with("1–1 of 1 passage\nread a hit's article: search show re-2 --passage 0\n"),
        "{text}"
    );
    // The command it gives works.
    let out = run(
        dir.path(),
        &["show", "re-2", "--passage", "0", "--index", "idx"],
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn query_csv_has_a_header_and_guards_formulas() {
    let dir = news_fixture();
    let out = run(
        dir.path(),
        &["query", "coronavirus", "--index", "idx", "--format", "csv"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    assert_eq!(
        reader
            .headers()
            .unwrap()
            .iter()
            .collect::<Vec<_>>()
            .join(","),
        "name,query,rank,score,doc_id,title,date,source,url,passage,start,end,text,matches"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "{}", stdout(&out));
    let first = &rows[0];
    assert_eq!(&first[4], "af-3", "doc_id is the article's id");
    assert_eq!(
        &first[5], "'=HYPERLINK(\"x\")",
        "a title read as a formula is guarded"
    );
    assert_eq!((&first[6], &first[7], &first[8]), ("2021-03-01", "AFP", ""));
    assert!(
        rows.iter().any(|r| r[12].starts_with("'-Chine :")),
        "{rows:?}"
    );
    assert!(
        rows.iter().all(|r| r[13].to_lowercase() == "coronavirus"),
        "{rows:?}"
    );
    assert_eq!(
        rows.iter().map(|r| r[2].to_string()).collect::<Vec<_>>(),
        ["1", "2"]
    );

    // Nothing matched: the header alone, exit 1.
    let out = run(
        dir.path(),
        &["query", "zzzqqq", "--index", "idx", "--format", "csv"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "name,query,rank,score,doc_id,title,date,source,url,passage,start,end,text,matches\n"
    );
}

#[test]
fn kwic_carries_title_and_url_and_ids_are_article_ids() {
    let dir = news_fixture();
    let out = run(
        dir.path(),
        &[
            "kwic",
            "cessez-le-feu",
            "--index",
            "idx",
            "--format",
            "json",
        ],
    );
    let lines: Vec<Value> = json_records(&out.stdout)
        .into_iter()
        .filter(|r| r["type"] == "kwic")
        .collect();
    assert_eq!(lines.len(), 2);
    for l in &lines {
        assert_eq!(l["doc_id"], "af-1");
        assert_eq!(l["title"], "Trêve à Stepanakert");
        assert_eq!(l["url"], "https://example.org/af-1");
    }
    let out = run(
        dir.path(),
        &["kwic", "cessez-le-feu", "--index", "idx", "--format", "csv"],
    );
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 2);
    for r in &rows {
        assert_eq!(&r[col("doc_id")], "af-1");
        assert_eq!(&r[col("title")], "Trêve à Stepanakert");
        assert_eq!(&r[col("url")], "https://example.org/af-1");
    }
    // The id a hit gives is one `show` takes, in every format.
    let hit = &json_records(
        &run(
            dir.path(),
            &["query", "pluie", "--index", "idx", "--format", "json"],
        )
        .stdout,
    )[0];
    assert_eq!(hit["doc_id"], "x-4");
    let out = run(dir.path(), &["show", "x-4", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn queries_files_take_names_a_bom_and_standard_input() {
    let dir = news_fixture();
    std::fs::write(
        dir.path().join("named.tsv"),
        "\u{feff}trêve\tcessez-le-feu\ngilets\t\"gilets jaunes\"\n",
    )
    .unwrap();
    // query: names in JSON, in CSV and in the text headers; the BOM is not part of a name.
    let out = run(
        dir.path(),
        &[
            "query",
            "--queries-file",
            "named.tsv",
            "--index",
            "idx",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names: Vec<(String, String)> = json_records(&out.stdout)
        .iter()
        .filter(|r| r["type"] == "summary")
        .map(|r| {
            (
                r["name"].as_str().unwrap().into(),
                r["query"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("trêve".to_string(), "cessez-le-feu".to_string()),
            ("gilets".to_string(), "\"gilets jaunes\"".to_string())
        ]
    );
    let out = run(
        dir.path(),
        &[
            "query",
            "--queries-file",
            "named.tsv",
            "--index",
            "idx",
            "--format",
            "csv",
        ],
    );
    let text = stdout(&out);
    assert_eq!(
        text.matches("name,query,rank").count(),
        1,
        "one header: {text}"
    );
    assert!(
        text.contains("\ntrêve,cessez-le-feu,1,")
            && text.contains("\ngilets,\"\"\"gilets jaunes\"\"\",1,"),
        "{text}"
    );
    let out = run(
        dir.path(),
        &[
            "query",
            "--queries-file",
            "named.tsv",
            "--index",
            "idx",
            "--color",
            "never",
        ],
    );
    let text = stdout(&out);
    assert!(
        text.starts_with("## [0] trêve: cessez-le-feu (2 passages)\n"),
        "{text}"
    );
    assert!(
        text.contains("## [1] gilets: \"gilets jaunes\" (1 passage)\n"),
        "{text}"
    );

    // count and kwic: the same file, and from standard input.
    for command in ["count", "kwic"] {
        let out = run_with_stdin(
            dir.path(),
            &[
                command,
                "--queries-file",
                "-",
                "--index",
                "idx",
                "--format",
                "json",
            ],
            &std::fs::read(dir.path().join("named.tsv")).unwrap(),
        );
        assert_eq!(out.status.code(), Some(0), "{command}: {}", stderr(&out));
        let names: std::collections::BTreeSet<String> = json_records(&out.stdout)
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            names.into_iter().collect::<Vec<_>>(),
            ["gilets", "trêve"],
            "{command}"
        );
    }
}

#[test]
fn a_query_and_a_queries_file_together_are_a_one_line_error() {
    let dir = news_fixture();
    std::fs::write(dir.path().join("q.txt"), "trêve\n").unwrap();
    for command in ["query", "count", "kwic"] {
        let out = run(
            dir.path(),
            &[
                command,
                "Stepanakert",
                "--queries-file",
                "q.txt",
                "--index",
                "idx",
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{command}");
        assert!(out.stdout.is_empty(), "{command}");
        assert_eq!(
            stderr(&out),
            "search: a query on the command line (\"Stepanakert\") and --queries-file q.txt: give one or the other\n",
            "{command}"
        );
    }
}

#[test]
fn excerpts_are_sized_never_cut_a_match_and_full_shows_all() {
    let dir = news_fixture();
    let args = |extra: &[&str]| {
        let mut a = vec![
            "query",
            "\"échange de prisonniers\"",
            "--index",
            "idx",
            "--color",
            "never",
        ];
        a.extend_from_slice(extra);
        stdout(&run(dir.path(), &a))
    };
    let passage = "Le cessez-le-feu humanitaire devait permettre l'échange de prisonniers.";
    let excerpt_line = |text: &str| text.lines().nth(1).unwrap().trim().to_string();
    assert_eq!(excerpt_line(&args(&[])), passage);
    assert_eq!(excerpt_line(&args(&["--full"])), passage);
    for n in ["1", "5", "10", "20", "30"] {
        let shown = excerpt_line(&args(&["--excerpt-chars", n]));
        assert!(
            shown.contains("échange de prisonniers"),
            "--excerpt-chars {n}: {shown}"
        );
        assert!(
            shown.chars().count() < passage.chars().count() + 2,
            "{shown}"
        );
    }
    let shown = excerpt_line(&args(&["--excerpt-chars", "30"]));
    assert!(shown.starts_with('…'), "{shown}");
    let out = run(
        dir.path(),
        &[
            "query",
            "pluie",
            "--index",
            "idx",
            "--full",
            "--excerpt-chars",
            "10",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        dir.path(),
        &["query", "pluie", "--index", "idx", "--excerpt-chars", "0"],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn completions_and_man_pages_are_printed() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "_search()"),
        ("zsh", "#compdef search"),
        ("fish", "complete -c search"),
    ] {
        let out = run(dir.path(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(
            script.contains("queries-file") && script.contains("excerpt-chars"),
            "{shell}"
        );
    }
    // A reader that goes away early (`| head -1`) ends it quietly.
    for args in [["completions", "bash"], ["man", "query"]] {
        let mut child = search(dir.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            (out.status.code(), stderr(&out)),
            (Some(0), String::new()),
            "{args:?}"
        );
    }
    let out = run(dir.path(), &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));

    let out = run(dir.path(), &["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = stdout(&out);
    assert!(
        page.starts_with(".ie \\n(.g .ds Aq \\(aq") || page.contains(".TH search 1"),
        "{page}"
    );
    assert!(
        page.contains(".TH search 1") && page.contains("show"),
        "{page}"
    );
    let out = run(dir.path(), &["man", "query"]);
    let page = stdout(&out);
    assert!(
        page.contains(".TH search-query 1") && page.contains("excerpt\\-chars"),
        "{page}"
    );
    let out = run(dir.path(), &["man", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .starts_with("search: no command \"nope\" for `search man`: one of index, query"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn messages_say_1_passage_not_1_passages() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("corpus")).unwrap();
    std::fs::write(
        dir.path().join("corpus/un.txt"),
        "Un seul paragraphe, de plus de huit mots, sur la pluie à Lyon.",
    )
    .unwrap();
    let out = run(dir.path(), &["index", "corpus", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = stderr(&out);
    assert!(
        said.starts_with("indexed 1 article, 1 passage into idx in ")
            && said.ends_with("0 duplicates; 0 inputs skipped, 0 warnings\n"),
        "{said}"
    );
    let out = run(
        dir.path(),
        &["query", "pluie", "--index", "idx", "--offset", "1"],
    );
    assert_eq!(stdout(&out), "1 passage matches; none shown from rank 2\n");
    let out = run(
        dir.path(),
        &[
            "query",
            "pluie",
            "--index",
            "idx",
            "--exact-report",
            "--color",
            "never",
        ],
    );
    let text = stdout(&out);
    assert!(
        text.contains("1–1 of 1 passage\n")
            && text.contains("forms matched in 1 passage: pluie 1\n"),
        "{text}"
    );
    let out = run_with_stdin(
        dir.path(),
        &["query", "--queries-file", "-", "--index", "idx"],
        b"\"\n",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).ends_with("search: 1 of 1 query failed\n"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn colour_follows_no_color_clicolor_force_and_the_flag() {
    let dir = news_fixture();
    let query = |envs: &[(&str, &str)], extra: &[&str]| {
        let mut c = search(dir.path());
        c.args(["query", "pluie", "--index", "idx"]).args(extra);
        for (k, v) in envs {
            c.env(k, v);
        }
        String::from_utf8(c.output().unwrap().stdout).unwrap()
    };
    let ansi = |s: &str| s.contains("\x1b[");
    assert!(!ansi(&query(&[], &[])), "not a terminal: no colour");
    assert!(ansi(&query(&[("CLICOLOR_FORCE", "1")], &[])));
    assert!(!ansi(&query(
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
        &[]
    )));
    assert!(ansi(&query(&[("NO_COLOR", "1")], &["--color", "always"])));
    assert!(!ansi(&query(
        &[("CLICOLOR_FORCE", "1")],
        &["--color", "never"]
    )));
}

#[test]
fn kwic_limits_and_sorts_newest_first() {
    let dir = news_fixture();
    let q = "cessez-le-feu OR coronavirus OR gilets";
    let out = run(
        dir.path(),
        &[
            "kwic", q, "--any", "--index", "idx", "--format", "json", "--sort", "-date",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let records = json_records(&out.stdout);
    let dates: Vec<&str> = records
        .iter()
        .filter(|r| r["type"] == "kwic")
        .map(|r| r["date"].as_str().unwrap())
        .collect();
    assert!(dates.len() >= 5, "{dates:?}");
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
    assert_eq!(dates[0], "2021-03-01");
    let total = records.last().unwrap()["total"].as_u64().unwrap();

    let out = run(
        dir.path(),
        &[
            "kwic", q, "--any", "--index", "idx", "--format", "json", "--sort", "-date", "-n", "2",
        ],
    );
    let limited = json_records(&out.stdout);
    assert_eq!(limited.len(), 3, "two lines and the summary");
    assert_eq!(limited[0]["date"], "2021-03-01");
    let summary = &limited[2];
    assert_eq!(
        (summary["total"].as_u64(), summary["shown"].as_u64()),
        (Some(total), Some(2))
    );
    let out = run(
        dir.path(),
        &["kwic", q, "--any", "--index", "idx", "-n", "1"],
    );
    assert!(
        stdout(&out).ends_with(&format!("1 of {total} occurrences shown (--limit)\n")),
        "{}",
        stdout(&out)
    );
}

#[test]
fn count_forms_by_year_keeps_the_breakdown() {
    let dir = news_fixture();
    let args = [
        "count",
        "cessez-le-feu OR coronavirus",
        "--any",
        "--index",
        "idx",
        "--forms",
        "--by",
        "year",
    ];
    let out = run(dir.path(), &[&args[..], &["--format", "csv"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "name,query,by,bucket,form,occurrences\n\
         cessez-le-feu OR coronavirus,cessez-le-feu OR coronavirus,year,2020,cessez-le-feu,2\n\
         cessez-le-feu OR coronavirus,cessez-le-feu OR coronavirus,year,2021,coronavirus,2\n"
    );
    let out = run(dir.path(), &[&args[..], &["--format", "json"]].concat());
    let record = &json_records(&out.stdout)[0];
    let years: Vec<(&str, usize)> = record["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["bucket"].as_str().unwrap_or("undated"),
                b["forms"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        years,
        [("2019", 0), ("2020", 1), ("2021", 1), ("undated", 0)]
    );
}

#[test]
fn kwic_streams_the_same_lines_and_stops_when_the_reader_goes() {
    let dir = news_fixture();
    let index = search::SearchIndex::open(&dir.path().join("idx")).unwrap();
    let audit = index.audit();
    for (q, limit) in [
        ("cessez-le-feu", None),
        ("la", Some(3)),
        ("la", None),
        ("zzzqqq", None),
    ] {
        let options = search::audit::KwicOptions {
            limit,
            ..search::audit::KwicOptions::default()
        };
        let collected = audit.kwic(q, &options).unwrap();
        let mut streamed = Vec::new();
        let end = audit
            .kwic_each(q, &options, |l| {
                streamed.push(l);
                true
            })
            .unwrap();
        assert_eq!(streamed, collected.lines, "{q}");
        assert_eq!(
            (end.total, end.shown, end.stopped),
            (collected.total, collected.lines.len(), false),
            "{q}"
        );
    }
    let end = audit
        .kwic_each("la", &search::audit::KwicOptions::default(), |_| false)
        .unwrap();
    assert_eq!((end.shown, end.stopped), (0, true));

    // Through the binary: many lines, the reader takes one and goes; search ends quietly.
    let many: String = (0..3000)
        .map(|i| format!("{}\n", serde_json::json!({"id": format!("p{i}"), "text": format!("La pluie tombe sur la ville numéro {i}, dit la météo du jour.")})))
        .collect();
    std::fs::write(dir.path().join("many.jsonl"), many).unwrap();
    let out = run(dir.path(), &["index", "many.jsonl", "--index", "many"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut child = search(dir.path())
        .args(["kwic", "la", "--index", "many"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut first,
    )
    .unwrap();
    assert!(
        first.starts_with("p0:0 ") && first.contains("  La  pluie tombe"),
        "{first:?}"
    );
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "a closed pipe ends quietly");
    assert_eq!(stderr(&out), "");
}

#[test]
fn kwic_samples_reproducibly() {
    let dir = news_fixture();
    let lines = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["kwic", "la", "--index", "idx", "--format", "json"];
        args.extend_from_slice(extra);
        let out = run(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        json_records(&out.stdout)
            .iter()
            .map(|r| match r["type"].as_str() {
                Some("kwic") => format!("{}:{}:{}", r["doc_id"], r["passage"], r["start"]),
                _ => format!("summary {} {}", r["total"], r["shown"]),
            })
            .collect()
    };
    let all = lines(&[]);
    let total = all.len() - 1;
    assert!(total >= 5, "{all:?}");
    let a = lines(&["--sample", "3", "--seed", "7"]);
    assert_eq!(
        a,
        lines(&["--sample", "3", "--seed", "7"]),
        "same seed, same sample"
    );
    assert_eq!(a.len(), 4);
    assert_eq!(a[3], format!("summary {total} 3"));
    // A sample is a subset of all the lines, in index order.
    let positions: Vec<usize> = a[..3]
        .iter()
        .map(|l| {
            all.iter()
                .position(|x| x == l)
                .expect("a line of the concordance")
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    let seeds: std::collections::BTreeSet<Vec<String>> = (0..8)
        .map(|seed| lines(&["--sample", "3", "--seed", &seed.to_string()]))
        .collect();
    assert!(seeds.len() > 1, "other seeds, other samples");
    assert_eq!(
        lines(&["--sample", "1000"]),
        all,
        "a sample larger than all is all"
    );
    let out = run(
        dir.path(),
        &["kwic", "la", "--index", "idx", "--sample", "2"],
    );
    assert!(
        stdout(&out).ends_with(&format!("2 of {total} occurrences shown (--sample)\n")),
        "{}",
        stdout(&out)
    );
}
