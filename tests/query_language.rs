//! The query language through the real binary: operators, filters, order, paging, context,
//! variants, exact forms, phrase-aware marking and malformed queries, on a JSON Lines fixture
//! with metadata and on the sample corpus.

mod common;

use std::collections::BTreeSet;

use common::{json_lines, marked, run, sample_corpus};
use serde_json::Value;

const FIXTURE: &[&str] = &[
    r#"{"id":"a1","title":"Offensive au Karabakh","date":"2023-09-19","source":"AFP","text":"L'Azerbaïdjan lance une offensive au Karabakh.\nDes bombardements visent Stepanakert depuis l'aube."}"#,
    r#"{"id":"a2","title":"Trêve","date":"2023-09-20","source":"Reuters","text":"Un cessez-le-feu est conclu à midi, la Russie salue l'accord.\nLes habitants restent prudents."}"#,
    r#"{"id":"a3","title":"Khankendi","date":"2023-09-21","source":"AFP","text":"Le cessez-le-feu tient à Khankendi, nouveau nom de Stepanakert.\nLes bombardements de Khankendi ont cessé, le feu s'est éteint."}"#,
    r#"{"id":"a4","title":"Pourparlers","date":"2022-05-01","source":"Le Monde","text":"Les négociations reprennent au Karabagh.\nLe négociateur russe est arrivé. Cessez de jouer avec le feu, dit-il."}"#,
    r#"{"id":"a5","date":"2019-03-03","source":"afp","text":"La pêche est interdite sur la côte.\nDeux blessés et un blessé grave."}"#,
    r#"{"id":"a6","text":"Il a commis un péché de ce côté.\nUne blessée légère. État d'urgence décrété, puis l'état de crise."}"#,
];

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("news.jsonl"), FIXTURE.join("\n") + "\n").unwrap();
    let out = run(dir.path(), &["index", "news.jsonl", "--index", "idx"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

fn query(dir: &std::path::Path, q: &str, extra: &[&str]) -> (i32, Vec<Value>, String) {
    let mut args = vec!["query", "--index", "idx", "--format", "json"];
    if !extra.contains(&"--limit") {
        args.extend(["--limit", "100"]);
    }
    args.extend_from_slice(extra);
    // After `--`: a query may start with `-`.
    args.extend(["--", q]);
    let out = run(dir, &args);
    (
        out.status.code().unwrap_or(-1),
        json_lines(&out.stdout),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn docs(hits: &[Value]) -> BTreeSet<String> {
    hits.iter()
        .filter_map(|h| h["doc_id"].as_str().map(str::to_string))
        .collect()
}

fn marks(hits: &[Value]) -> BTreeSet<String> {
    hits.iter()
        .filter(|h| h.get("doc_id").is_some())
        .flat_map(marked)
        .collect()
}

/// (query, options, articles found, every marked text)
type Row = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

#[test]
fn table_of_queries() {
    let dir = fixture();
    // (query, options, articles found, every marked text)
    let table: &[Row] = &[
        ("cessez-le-feu", &[], &["a2", "a3"], &["cessez-le-feu"]),
        ("cessez-le-feu -Russie", &[], &["a3"], &["cessez-le-feu"]),
        ("cessez-le-feu NOT Russie", &[], &["a3"], &["cessez-le-feu"]),
        (
            "(Stepanakert OR Khankendi) AND bombardement*",
            &[],
            &["a1", "a3"],
            &["Stepanakert", "bombardements", "Khankendi"],
        ),
        (
            "Stepanakert OR Khankendi",
            &[],
            &["a1", "a3"],
            &["Stepanakert", "Khankendi"],
        ),
        ("Karabakh~", &[], &["a1", "a4"], &["Karabakh", "Karabagh"]),
        ("Karabakh", &[], &["a1"], &["Karabakh"]),
        ("négoci*", &[], &["a4"], &["négociations", "négociateur"]),
        ("negoci*", &[], &["a4"], &["négociations", "négociateur"]),
        ("=pêche", &[], &["a5"], &["pêche"]),
        ("=péché", &[], &["a6"], &["péché"]),
        ("=blessés", &[], &["a5"], &["blessés"]),
        (
            "blessés",
            &[],
            &["a5", "a6"],
            &["blessés", "blessé", "blessée"],
        ),
        ("\"état d'urgence\"", &[], &["a6"], &["État d'urgence"]),
        ("\"cessez feu\"~1", &[], &["a2", "a3"], &["cessez-le-feu"]),
        ("\"jouer feu\"~3", &[], &["a4"], &["jouer avec le feu"]),
        (
            "+Karabakh offensive Russie",
            &["--any"],
            &["a1"],
            &["Karabakh", "offensive"],
        ),
        ("cessez-le-feu source:AFP", &[], &["a3"], &["cessez-le-feu"]),
        (
            "cessez-le-feu date:2023-09-20",
            &[],
            &["a2"],
            &["cessez-le-feu"],
        ),
        ("blessés date:2019", &[], &["a5"], &["blessés", "blessé"]),
        ("title:Khankendi", &[], &["a3"], &[]),
        (
            "cessez-le-feu",
            &["--source", "reuters"],
            &["a2"],
            &["cessez-le-feu"],
        ),
        (
            "bombardements",
            &["--from", "2023-09-20"],
            &["a3"],
            &["bombardements"],
        ),
        (
            "bombardements",
            &["--to", "2023-09"],
            &["a1", "a3"],
            &["bombardements"],
        ),
        (
            "bombardements",
            &["--from", "2023-09-20", "--to", "2023-09-20"],
            &[],
            &[],
        ),
        ("Mali : AND", &[], &[], &[]),
    ];
    let mut failures = Vec::new();
    for (q, opts, want_docs, want_marks) in table {
        let (code, hits, err) = query(dir.path(), q, opts);
        let want_docs: BTreeSet<String> = want_docs.iter().map(|s| s.to_string()).collect();
        let want_marks: BTreeSet<String> = want_marks.iter().map(|s| s.to_string()).collect();
        let want_code = if want_docs.is_empty() { 1 } else { 0 };
        if code != want_code || docs(&hits) != want_docs || marks(&hits) != want_marks {
            failures.push(format!(
                "{q:?} {opts:?}: exit {code} (want {want_code}), docs {:?} (want {want_docs:?}), marks {:?} (want {want_marks:?}) {err}",
                docs(&hits),
                marks(&hits)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_lone_word_of_a_phrase_is_not_marked() {
    let dir = fixture();
    let (_, hits, _) = query(dir.path(), "cessez-le-feu", &[]);
    let a3: Vec<&Value> = hits.iter().filter(|h| h["doc_id"] == "a3").collect();
    // The second paragraph of a3 has `le feu` alone: it does not match the compound at all.
    assert_eq!(a3.len(), 1);
    assert_eq!(marked(a3[0]), ["cessez-le-feu"]);
    for h in &hits {
        for span in h["highlights"].as_array().unwrap() {
            assert_eq!(span["term"], "cessez-le-feu");
        }
    }
}

#[test]
fn sort_by_date_offset_and_per_article() {
    let dir = fixture();
    let ids = |hits: &[Value]| {
        hits.iter()
            .map(|h| h["doc_id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let (_, hits, _) = query(
        dir.path(),
        "cessez-le-feu OR bombardements OR blessés",
        &["--sort", "date"],
    );
    let dates: Vec<&str> = hits
        .iter()
        .map(|h| h["date"].as_str().unwrap_or("~"))
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "oldest first, undated last");
    let (_, newest, _) = query(
        dir.path(),
        "cessez-le-feu OR bombardements",
        &["--sort", "-date"],
    );
    assert_eq!(newest[0]["doc_id"], "a3");
    assert_eq!(newest.last().unwrap()["doc_id"], "a1");

    let (_, all, _) = query(dir.path(), "bombardements OR Khankendi", &[]);
    assert_eq!(all.len(), 3, "a1 once, a3 twice: {all:?}");
    let (_, page, _) = query(
        dir.path(),
        "bombardements OR Khankendi",
        &["--offset", "1", "--limit", "1"],
    );
    assert_eq!(ids(&page), ids(&all)[1..2]);
    assert_eq!(page[0]["rank"], 2);
    let (_, per, _) = query(
        dir.path(),
        "bombardements OR Khankendi",
        &["--per-article", "1"],
    );
    assert_eq!(per.len(), 2);
    assert_eq!(docs(&per).len(), 2);
}

#[test]
fn context_shows_neighbours_unmarked() {
    let dir = fixture();
    let (_, hits, _) = query(dir.path(), "tient", &["--context", "1"]);
    assert_eq!(hits.len(), 1);
    let ctx = hits[0]["context"].as_array().expect("context");
    assert_eq!(ctx.len(), 1);
    assert_eq!(ctx[0]["passage"], 1);
    assert!(ctx[0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Les bombardements"));
    assert_eq!(marked(&hits[0]), ["tient"]);
}

#[test]
fn show_query_explain_and_exact_report() {
    let dir = fixture();
    let (_, lines, _) = query(
        dir.path(),
        "l'Azerbaïdjan Karabakh~",
        &["--show-query", "--explain", "--exact-report", "--any"],
    );
    let understood = lines[0]["understood"].as_array().expect("understood first");
    assert_eq!(understood[0]["elided"][0], "l'");
    assert_eq!(understood[0]["words"][0], "azerbaïdjan");
    let forms: Vec<&str> = understood[1]["expansions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["form"].as_str().unwrap())
        .collect();
    assert_eq!(forms, ["karabagh", "karabakh"]);
    let hit = &lines[1];
    let parts = hit["explain"].as_array().expect("explain");
    let sum: f64 = parts.iter().map(|p| p["score"].as_f64().unwrap()).sum();
    assert!(
        (sum - hit["score"].as_f64().unwrap()).abs() < 1e-3,
        "{parts:?} vs {}",
        hit["score"]
    );
    let report = lines.last().unwrap();
    let counts: Vec<(String, u64)> = report["forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["form"].as_str().unwrap().to_string(),
                f["occurrences"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("azerbaïdjan".to_string(), 1),
            ("karabagh".to_string(), 1),
            ("karabakh".to_string(), 1)
        ]
    );

    let text = run(
        dir.path(),
        &["query", "--index", "idx", "--show-query", "Karabakh~"],
    );
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Karabakh~: variant spellings; forms (passages): karabagh (1), karabakh (1)"),
        "{text}"
    );
}

/// The title belongs to the whole article: `title:` admits each of its passages, and a title
/// that holds a query word adds to the score of each matching passage, not only the first.
#[test]
fn the_title_counts_for_every_passage_of_its_article() {
    let dir = fixture();
    let d = dir.path();
    let (code, hits, _) = query(d, "title:Khankendi bombardements", &[]);
    assert_eq!(code, 0);
    let found: Vec<(&str, u64)> = hits
        .iter()
        .map(|h| {
            (
                h["doc_id"].as_str().unwrap(),
                h["passage"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, [("a3", 1)], "{hits:?}");

    let (code, hits, _) = query(d, "Khankendi", &["--explain"]);
    assert_eq!(code, 0);
    assert_eq!(hits.len(), 2, "{hits:?}");
    for h in &hits {
        assert_eq!(h["doc_id"], "a3");
        let parts = h["explain"].as_array().unwrap();
        let title: f64 = parts
            .iter()
            .filter(|p| p["field"] == "title")
            .map(|p| p["score"].as_f64().unwrap())
            .sum();
        let all: f64 = parts.iter().map(|p| p["score"].as_f64().unwrap()).sum();
        assert!(
            title > 0.0,
            "no title bonus on passage {}: {h}",
            h["passage"]
        );
        assert!((all - h["score"].as_f64().unwrap()).abs() < 1e-3, "{h}");
    }

    // `bombardements` is in no title: the passages score on their text alone.
    let (_, hits, _) = query(d, "bombardements", &["--explain"]);
    assert_eq!(docs(&hits), BTreeSet::from(["a1".into(), "a3".into()]));
    for h in &hits {
        assert!(
            h["explain"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["field"] != "title"),
            "{h}"
        );
    }
}

#[test]
fn malformed_queries_get_one_line_and_status_2() {
    let dir = fixture();
    for (q, msg) in [
        ("AND", "`AND` needs a word on each side (at column 1)"),
        ("title:", "`title:` needs a value"),
        ("\"", "a quote opens a phrase but nothing follows"),
        ("", "the query is empty"),
        ("date:2019-02-30", "bad date `2019-02-30`"),
        ("-Russie", "every word is excluded"),
    ] {
        let (code, hits, err) = query(dir.path(), q, &[]);
        assert_eq!(code, 2, "{q:?}");
        assert!(hits.is_empty());
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(msg), "{q:?}: {err}");
    }
}

#[test]
fn french_is_never_a_syntax_error() {
    let dir = sample_corpus();
    assert!(run(dir.path(), &["index", "corpus", "--index", "idx"])
        .status
        .success());
    for q in [
        "l'armée",
        "aujourd’hui",
        "« cessez-le-feu »",
        "Mali :",
        "(Stepanakert",
        "\"cessez-le-feu",
        "a-t-il",
        "C'est-à-dire",
    ] {
        let out = run(dir.path(), &["query", "--index", "idx", q]);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{q}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// `="…"` is an exact phrase: its written forms only (the `=` used to be dropped, and the
/// phrase matched its other forms: `="gilets jaunes"` counted `gilet jaune`).
#[test]
fn an_exact_phrase_matches_its_written_forms_only() {
    let dir = fixture();
    let (code, hits, _) = query(dir.path(), "\"deux blessés\"", &[]);
    assert_eq!(code, 0);
    assert_eq!(docs(&hits), BTreeSet::from(["a5".to_string()]));
    let (code, hits, err) = query(dir.path(), "=\"un blessé\"", &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(marks(&hits), BTreeSet::from(["un blessé".to_string()]));
    // `une blessée` (a6) is another written form: not found by the exact phrase.
    let (_, hits, _) = query(dir.path(), "\"un blessé\"", &[]);
    assert!(
        docs(&hits).contains("a6"),
        "the plain phrase finds its forms"
    );
    let (code, hits, _) = query(dir.path(), "=\"une blessé\"", &[]);
    assert_eq!((code, hits.len()), (1, 0));
}

/// A sloppy phrase means what the index matches (in any order within the slop): every hit is
/// highlighted, and `count` and `kwic` find the same occurrences (they saw the written order
/// only: 47 passages, 15 occurrences for `"Merkel Macron"~10` on OrangeSum).
#[test]
fn a_sloppy_phrase_is_highlighted_counted_and_listed_where_it_matched() {
    let dir = fixture();
    let q = "\"Stepanakert bombardements\"~4";
    let (code, hits, err) = query(dir.path(), q, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(docs(&hits), BTreeSet::from(["a1".to_string()]));
    assert_eq!(
        marks(&hits),
        BTreeSet::from(["bombardements visent Stepanakert".to_string()])
    );
    let out = run(
        dir.path(),
        &["count", "--index", "idx", "--format", "json", q],
    );
    let count = &json_lines(&out.stdout)[0];
    assert_eq!(
        (count["passages"].as_u64(), count["occurrences"].as_u64()),
        (Some(1), Some(1))
    );
    let out = run(
        dir.path(),
        &["kwic", "--index", "idx", "--format", "json", q],
    );
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["match"], "bombardements visent Stepanakert");
    // Too far apart for the slop: no hit at all.
    let (code, hits, _) = query(dir.path(), "\"Stepanakert bombardements\"~2", &[]);
    assert_eq!((code, hits.len()), (1, 0));
}

/// `mot~` finds spellings of the typed word, never another word of the lexicon: `Macron~`
/// found `maison` (3,448 passages of OrangeSum), `patron` and `micro`; and a rare look-alike
/// does not outscore the word typed.
#[test]
fn a_variant_is_a_spelling_of_the_typed_word_not_another_word() {
    let dir = tempfile::tempdir().unwrap();
    let articles = [
        r#"{"id":"m1","text":"Emmanuel Macron a parlé. Macron, encore."}"#,
        r#"{"id":"m2","text":"La maison du patron, le micro."}"#,
        r#"{"id":"m3","text":"La Macronie en crise, dit Macrom."}"#,
    ];
    std::fs::write(dir.path().join("m.jsonl"), articles.join("\n") + "\n").unwrap();
    let out = run(dir.path(), &["index", "m.jsonl", "--index", "idx"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (code, hits, err) = query(dir.path(), "Macron~", &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        docs(&hits),
        BTreeSet::from(["m1".to_string(), "m3".to_string()])
    );
    assert_eq!(hits[0]["doc_id"], "m1", "the word typed first: {hits:?}");
    let found = marks(&hits);
    assert!(
        found.contains("Macrom") && found.contains("Macronie"),
        "{found:?}"
    );
}

/// A stray quote at the end of pasted text is read as a person means it (issue 18): the
/// same hits as without it; a query of a quote alone is still an error.
#[test]
fn a_stray_closing_quote_is_not_an_error() {
    let dir = sample_corpus();
    assert!(run(dir.path(), &["index", "corpus", "--index", "idx"])
        .status
        .success());
    let hits = |q: &str| {
        let out = run(
            dir.path(),
            &["query", "--index", "idx", "--format", "json", "--", q],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{q}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        json_lines(&out.stdout)
            .iter()
            .map(|h| (h["doc_id"].to_string(), h["passage"].to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(hits("forces séparatistes\""), hits("forces séparatistes"));
    assert_eq!(hits("cessez-le-feu \""), hits("cessez-le-feu"));
    let alone = run(dir.path(), &["query", "--index", "idx", "--", "\""]);
    assert_eq!(alone.status.code(), Some(2));
}

/// Dates as the indexer reads them (`20/09/2023`), and a `date:` range typed with spaces
/// around `..`, filter what the ISO range filters (issue 18).
#[test]
fn dates_in_filters_read_as_the_indexer_reads_them() {
    let dir = fixture();
    let ids = |q: &str, extra: &[&str]| {
        let (code, hits, err) = query(dir.path(), q, extra);
        assert_eq!(code, 0, "{q:?} {extra:?}: {err}");
        docs(&hits)
    };
    let want: BTreeSet<String> = ["a2", "a3"].iter().map(|s| s.to_string()).collect();
    assert_eq!(ids("cessez-le-feu date:2023-09-20..2023-09-21", &[]), want);
    for q in [
        "cessez-le-feu date:2023-09-20 .. 2023-09-21",
        "cessez-le-feu date:2023-09-20.. 2023-09-21",
        "cessez-le-feu date:2023-09-20 ..2023-09-21",
        "cessez-le-feu date:20/09/2023..21/09/2023",
        "date:20.09.2023 .. 21/09/2023 cessez-le-feu",
    ] {
        assert_eq!(ids(q, &[]), want, "{q}");
    }
    // Only a2 on the 20th, through the flags too.
    let a2: BTreeSet<String> = ["a2".to_string()].into();
    assert_eq!(
        ids(
            "cessez-le-feu",
            &["--from", "20/09/2023", "--to", "20/09/2023"]
        ),
        a2
    );
    assert_eq!(ids("cessez-le-feu date:..20/09/2023", &[]), a2);
    let (code, _, err) = query(dir.path(), "cessez-le-feu", &["--from", "31/02/2023"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("not a date") && err.contains("DD/MM/YYYY"),
        "{err}"
    );
}

/// What the language does not do gets a one-line error that names it, not a silent
/// search for a word nobody wrote (issue 18).
#[test]
fn regular_expressions_and_inner_stars_are_named() {
    let dir = fixture();
    for (q, msg) in [
        ("/cessez.*feu/", "regular expressions are not supported"),
        ("-/Russie/ feu", "regular expressions are not supported"),
        ("bomb*ments", "`*` is read only at the end of a word"),
        ("*ments", "`*` is read only at the end of a word"),
    ] {
        let (code, hits, err) = query(dir.path(), q, &[]);
        assert_eq!(code, 2, "{q:?}: {err}");
        assert!(hits.is_empty());
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(err.contains(msg), "{q:?}: {err}");
    }
    // A prefix and a lone star are no error.
    assert_eq!(query(dir.path(), "bombardement*", &[]).0, 0);
}

/// `--source` and `source:` take a glob, case and spaces aside; `count --by source` groups the
/// spellings that differ only in case under the commonest (issue 18).
#[test]
fn sources_by_glob_and_grouped_whatever_their_case() {
    let dir = fixture();
    let ids = |q: &str, extra: &[&str]| {
        let (code, hits, err) = query(dir.path(), q, extra);
        assert_eq!(code, 0, "{q:?} {extra:?}: {err}");
        docs(&hits)
    };
    let set = |v: &[&str]| -> BTreeSet<String> { v.iter().map(|s| s.to_string()).collect() };
    assert_eq!(ids("cessez-le-feu", &["--source", "Reut*"]), set(&["a2"]));
    assert_eq!(ids("feu", &["--source", "*e*"]), set(&["a2", "a4"]));
    assert_eq!(
        ids("blessés OR Karabakh", &["--source", "AFP"]),
        set(&["a1", "a5"])
    );
    assert_eq!(
        ids("(blessés OR Karabakh) source:a?p", &[]),
        set(&["a1", "a5"])
    );
    let out = run(
        dir.path(),
        &[
            "count",
            "--index",
            "idx",
            "--by",
            "source",
            "--format",
            "csv",
            "le OR la OR les",
        ],
    );
    assert!(out.status.success());
    let csv = String::from_utf8_lossy(&out.stdout);
    let sources: Vec<&str> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(3))
        .collect();
    assert!(!sources.contains(&"afp"), "{csv}");
    // AFP: a1, a3 and a5 (`afp`) among the articles of the index.
    let afp = csv.lines().find(|l| l.split(',').nth(3) == Some("AFP"));
    assert_eq!(afp.and_then(|l| l.split(',').nth(7)), Some("3"), "{csv}");
}
