//! The core engine through the real binary, on the sample corpus in a temp dir.

mod common;

use common::{json_lines, marked, run, sample_corpus};

fn index_sample() -> tempfile::TempDir {
    let dir = sample_corpus();
    let out = run(dir.path(), &["index", "corpus", "--index", "idx"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("indexed 2 articles"), "summary: {stderr}");
    dir
}

fn query_json(dir: &std::path::Path, q: &str) -> (i32, Vec<serde_json::Value>) {
    let out = run(
        dir,
        &[
            "query", "--index", "idx", "--format", "json", "--limit", "100", q,
        ],
    );
    (out.status.code().unwrap_or(-1), json_lines(&out.stdout))
}

const FIRST: &str = "000_cbd53b12c595d70f";
const SECOND: &str = "003_3de4f72bbc61e18b";

#[test]
fn compound_finds_both_articles_as_one_span() {
    let dir = index_sample();
    let (code, hits) = query_json(dir.path(), "cessez-le-feu");
    assert_eq!(code, 0);
    let docs: std::collections::BTreeSet<&str> =
        hits.iter().map(|h| h["doc_id"].as_str().unwrap()).collect();
    assert_eq!(docs.into_iter().collect::<Vec<_>>(), [FIRST, SECOND]);
    for h in &hits {
        let m = marked(h);
        assert!(!m.is_empty(), "{h}");
        assert!(
            m.iter().all(|s| s.to_lowercase() == "cessez-le-feu"),
            "{m:?}"
        );
    }
}

#[test]
fn stepanakert_finds_the_three_passages_of_the_first_article() {
    let dir = index_sample();
    let (code, hits) = query_json(dir.path(), "Stepanakert");
    assert_eq!(code, 0);
    assert_eq!(hits.len(), 3, "{hits:?}");
    for h in &hits {
        assert_eq!(h["doc_id"], FIRST);
        assert_eq!(marked(h), ["Stepanakert"]);
    }
    let mut passages: Vec<u64> = hits
        .iter()
        .map(|h| h["passage"].as_u64().unwrap())
        .collect();
    passages.sort();
    passages.dedup();
    assert_eq!(passages.len(), 3);
}

#[test]
fn compound_finds_joined_and_hyphenated_spellings() {
    let dir = index_sample();
    let (_, hits) = query_json(dir.path(), "anti-terroriste");
    let mut forms: Vec<String> = hits.iter().flat_map(marked).collect();
    forms.sort();
    forms.dedup();
    assert_eq!(forms, ["anti-terroristes", "antiterroriste"]);
    let (_, joined) = query_json(dir.path(), "antiterroriste");
    assert_eq!(
        joined.len(),
        hits.len(),
        "both spellings find the same passages"
    );
}

#[test]
fn elided_article_in_the_query() {
    let dir = index_sample();
    for q in ["l'enclave", "l’enclave", "enclave"] {
        let (code, hits) = query_json(dir.path(), q);
        assert_eq!(code, 0, "{q}");
        assert_eq!(hits.len(), 2, "{q}: {hits:?}");
        for h in &hits {
            assert_eq!(
                marked(h)
                    .iter()
                    .map(|s| s.to_lowercase())
                    .collect::<Vec<_>>(),
                ["enclave"]
            );
        }
    }
}

#[test]
fn no_match_exits_1_and_prints_only_a_summary_in_json() {
    let dir = index_sample();
    let out = run(
        dir.path(),
        &["query", "--index", "idx", "--format", "json", "Tombouctou"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(json_lines(&out.stdout).is_empty(), "no hit");
    let all = common::json_records(&out.stdout);
    assert_eq!(all.len(), 1);
    assert_eq!(
        (&all[0]["type"], &all[0]["total"]),
        (&"summary".into(), &0.into())
    );
}

#[test]
fn json_fields_and_spans_are_exact() {
    let dir = index_sample();
    let (_, hits) = query_json(dir.path(), "Azerbaïdjan");
    assert!(!hits.is_empty());
    for (i, h) in hits.iter().enumerate() {
        for key in [
            "query",
            "rank",
            "score",
            "doc_id",
            "path",
            "title",
            "date",
            "source",
            "url",
            "passage",
            "text",
            "highlights",
        ] {
            assert!(h.get(key).is_some(), "missing {key} in {h}");
        }
        assert_eq!(h["rank"].as_u64(), Some(i as u64 + 1));
        assert_eq!(h["query"], "Azerbaïdjan");
        let text = h["text"].as_str().unwrap();
        for span in h["highlights"].as_array().unwrap() {
            let (cs, ce) = (
                span["char_start"].as_u64().unwrap() as usize,
                span["char_end"].as_u64().unwrap() as usize,
            );
            let by_chars: String = text.chars().skip(cs).take(ce - cs).collect();
            let (s, e) = (
                span["start"].as_u64().unwrap() as usize,
                span["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(by_chars, text[s..e]);
            assert!(
                by_chars.to_lowercase().starts_with("azerbaïdjan"),
                "{by_chars}"
            );
        }
        // The passage's byte range slices the article file to the passage text.
        let path = dir.path().join(h["path"].as_str().unwrap());
        let article = std::fs::read_to_string(&path).unwrap();
        let range = h["range"].as_array().unwrap();
        let (a, b) = (
            range[0].as_u64().unwrap() as usize,
            range[1].as_u64().unwrap() as usize,
        );
        assert_eq!(&article[a..b], text);
    }
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "ranked: {scores:?}"
    );
}

#[test]
fn exact_spelling_ranks_first() {
    // `pêche` and `péché` fold to the same letters: the exact spelling must rank first.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "Le péché avoué du ministre.").unwrap();
    std::fs::write(corpus.join("b.txt"), "La pêche reprend au large.").unwrap();
    assert!(run(dir.path(), &["index", "corpus", "--index", "idx"])
        .status
        .success());
    let (_, hits) = query_json(dir.path(), "pêche");
    assert_eq!(hits[0]["doc_id"], "b", "{hits:?}");
    let (_, hits) = query_json(dir.path(), "péché");
    assert_eq!(hits[0]["doc_id"], "a", "{hits:?}");
}

#[test]
fn first_use_indexes_corpus_into_index() {
    let dir = sample_corpus();
    let out = run(dir.path(), &["query", "Stepanakert"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("index/meta.json").exists());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(FIRST) && text.contains("Stepanakert"),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "no colour when piped");
    let colored = run(dir.path(), &["query", "--color", "always", "Stepanakert"]);
    assert!(String::from_utf8_lossy(&colored.stdout).contains("\x1b[1m\x1b[31mStepanakert\x1b[0m"));
}

/// Files added to, changed in or removed from `corpus/` after the automatic build are seen by
/// the next query, which says it updated the index (issue 18); an unchanged corpus is not
/// read again.
#[test]
fn the_default_index_follows_corpus() {
    let dir = sample_corpus();
    assert!(run(dir.path(), &["query", "Stepanakert"]).status.success());
    let out = run(dir.path(), &["query", "Tombouctou"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    std::fs::write(
        dir.path().join("corpus/mali.txt"),
        "Tombouctou\n\nLes habitants de Tombouctou attendent la saison des pluies.\n",
    )
    .unwrap();
    let out = run(dir.path(), &["query", "Tombouctou"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("corpus/ changed since index/ was built: updating it"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Tombouctou"));

    // Nothing changed: no update, no message.
    let out = run(dir.path(), &["count", "Tombouctou"]);
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Removed: gone from the next answer.
    std::fs::remove_file(dir.path().join("corpus/mali.txt")).unwrap();
    let out = run(dir.path(), &["query", "Tombouctou"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // An index given by --index is never updated behind the user's back.
    assert!(run(dir.path(), &["index", "corpus", "--index", "idx"])
        .status
        .success());
    std::fs::write(
        dir.path().join("corpus/mali.txt"),
        "Tombouctou sous la pluie.\n",
    )
    .unwrap();
    let out = run(dir.path(), &["query", "--index", "idx", "Tombouctou"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn errors_are_one_line_with_status_2() {
    let dir = index_sample();
    for args in [
        vec!["query", "--index", "nowhere", "Stepanakert"],
        vec!["query", "--index", "idx", ""],
        vec!["query", "--index", "idx", "AND"],
        vec!["query", "--index", "idx", "--from", "2020-13", "x"],
    ] {
        let out = run(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("search: "), "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn queries_file_tags_hits_with_their_line() {
    let dir = index_sample();
    std::fs::write(
        dir.path().join("q.txt"),
        "Stepanakert\nTombouctou\nPashinyan\n",
    )
    .unwrap();
    let out = run(
        dir.path(),
        &[
            "query",
            "--index",
            "idx",
            "--format",
            "json",
            "--queries-file",
            "q.txt",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let hits = json_lines(&out.stdout);
    assert!(hits
        .iter()
        .any(|h| h["query_index"] == 0 && h["query"] == "Stepanakert"));
    assert!(hits.iter().all(|h| h["query_index"] != 1));
    assert!(hits.iter().any(|h| h["query_index"] == 2));
}

#[test]
fn indexing_reports_bad_inputs_and_goes_on() {
    let dir = sample_corpus();
    std::fs::write(dir.path().join("corpus/empty.txt"), "").unwrap();
    std::fs::write(
        dir.path().join("corpus/bad.jsonl"),
        "{\"id\": \"ok\", \"text\": \"Une trêve.\"}\n{not json\n",
    )
    .unwrap();
    let out = run(dir.path(), &["index", "corpus", "--index", "idx"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("empty.txt"), "{err}");
    assert!(err.contains("bad.jsonl:2"), "{err}");
    assert!(err.contains("indexed 3 articles"), "{err}");
    assert!(err.contains("2 inputs skipped"), "{err}");
    let (code, _) = query_json(dir.path(), "trêve");
    assert_eq!(code, 0);
}

/// Words typed without quotes are one query, as in a web search; a mistyped option is
/// clap's error with its suggestion, not a query; a query that starts with `-` goes after
/// `--`; `SEARCH_INDEX` names the index.
#[test]
fn the_command_line_reads_as_people_type_it() {
    let dir = index_sample();
    let joined = run(
        dir.path(),
        &[
            "query", "--index", "idx", "--format", "json", "cessez", "le", "feu",
        ],
    );
    let quoted = run(
        dir.path(),
        &[
            "query",
            "--index",
            "idx",
            "--format",
            "json",
            "cessez le feu",
        ],
    );
    assert_eq!(joined.status.code(), Some(0));
    assert_eq!(
        json_lines(&joined.stdout).len(),
        json_lines(&quoted.stdout).len()
    );
    assert_eq!(json_lines(&joined.stdout)[0]["query"], "cessez le feu");

    let typo = run(dir.path(), &["query", "--index", "idx", "--exlpain", "x"]);
    assert_eq!(typo.status.code(), Some(2));
    let err = String::from_utf8_lossy(&typo.stderr);
    assert!(
        err.contains("'--exlpain'") && err.contains("'--explain'"),
        "{err}"
    );

    let excluded = run(
        dir.path(),
        &[
            "query",
            "--index",
            "idx",
            "--format",
            "json",
            "--",
            "-Russie",
            "cessez-le-feu",
        ],
    );
    let all = run(
        dir.path(),
        &[
            "query",
            "--index",
            "idx",
            "--format",
            "json",
            "cessez-le-feu",
        ],
    );
    assert_eq!(excluded.status.code(), Some(0));
    assert!(json_lines(&excluded.stdout).len() < json_lines(&all.stdout).len());

    let by_env = common::search(dir.path())
        .env("SEARCH_INDEX", "idx")
        .args(["count", "cessez-le-feu", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(by_env.status.code(), Some(0));
    assert_eq!(json_lines(&by_env.stdout)[0]["occurrences"], 5);
}

/// Filters and paging that cannot work say so in one line instead of failing silently or
/// aborting (issue 18).
#[test]
fn impossible_filters_and_paging_are_named() {
    let dir = index_sample();
    let far = run(
        dir.path(),
        &[
            "query",
            "--index",
            "idx",
            "cessez-le-feu",
            "--offset",
            "18446744073709551614",
        ],
    );
    assert_eq!(far.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&far.stdout).contains("5 passages match; none shown"));
    let zero = run(
        dir.path(),
        &[
            "query",
            "--index",
            "idx",
            "cessez-le-feu",
            "--per-article",
            "0",
        ],
    );
    assert_eq!(zero.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&zero.stderr).contains("--per-article"));
    let reversed = run(
        dir.path(),
        &[
            "count",
            "--index",
            "idx",
            "cessez-le-feu",
            "--from",
            "2021",
            "--to",
            "2020",
        ],
    );
    assert_eq!(reversed.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&reversed.stderr).trim(),
        "search: --from 2021 is after --to 2020: no article can match"
    );
}

/// A `--source` that no article has is named on stderr, not taken silently for "no match".
#[test]
fn an_unknown_source_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.jsonl"),
        "{\"id\": \"a\", \"source\": \"AFP\", \"text\": \"Un cessez-le-feu a été signé dans la nuit à Stepanakert.\"}\n",
    )
    .unwrap();
    assert!(run(dir.path(), &["index", "a.jsonl", "--index", "idx"])
        .status
        .success());
    let known = run(
        dir.path(),
        &[
            "query",
            "--index",
            "idx",
            "cessez-le-feu",
            "--source",
            "afp",
        ],
    );
    assert_eq!(known.status.code(), Some(0));
    assert!(
        known.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&known.stderr)
    );
    let unknown = run(
        dir.path(),
        &[
            "count",
            "--index",
            "idx",
            "cessez-le-feu",
            "--source",
            "Reuters",
        ],
    );
    assert_eq!(unknown.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&unknown.stderr).trim(),
        "search: warning: --source Reuters: no article of the index has this source (`search stats` lists them)"
    );
}

/// `--index` naming a corpus file or the corpus folder gets advice that fits, not an offer to
/// write an index over the corpus (issue 18).
#[test]
fn index_naming_the_corpus_gets_advice_that_fits() {
    let dir = sample_corpus();
    let file = format!("corpus/{FIRST}.txt");
    for args in [
        vec!["query", "--index", file.as_str(), "Stepanakert"],
        vec!["index", "corpus", "--index", file.as_str()],
    ] {
        let out = run(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("is a file: --index names the folder that holds (or will hold) an index"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("remove it"), "{err}");
    }
    assert!(
        dir.path().join(&file).is_file(),
        "the corpus file is untouched"
    );
    let out = run(dir.path(), &["query", "--index", "corpus", "Stepanakert"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no index at corpus: it holds files to index; index them with `search index corpus --index index`"),
        "{err}"
    );
}
