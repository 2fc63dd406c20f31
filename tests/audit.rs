//! `search count`, `kwic` and `stats` on fixtures, checked against an independent scanner.

mod common;
#[path = "audit/scan.rs"]
mod scan;

use std::path::Path;

use scan::{expect, forms, Doc, Forms};
use serde_json::Value;

const BLESSES: Forms = &[&["blessés"]];
const BLESSE_ALL: Forms = &[&["blessé", "blessés", "blessée", "blessées"]];
const GILETS: Forms = &[&["gilet", "gilets"], &["jaune", "jaunes"]];
const CESSEZ: Forms = &[&["cessez"], &["le"], &["feu"]];
const CESSEZ_JOINED: Forms = &[&["cessezlefeu"]];

/// Articles with dates and sources (one undated, one without source), several passages.
fn fixture_docs() -> Vec<Doc> {
    let d = |id: &str, date: Option<&str>, source: Option<&str>, text: &str| Doc {
        id: id.into(),
        date: date.map(Into::into),
        source: source.map(Into::into),
        text: text.into(),
    };
    vec![
        d("a1", Some("2020-07-02"), Some("AFP"), "Trois blessés à Lyon après l'accident.\n\nUn blessé grave et deux Blessés légers ont été transportés.\n\nLe cessez-le-feu tient."),
        d("a2", Some("2020-07-15"), Some("Reuters"), "Les gilets jaunes manifestent. Une blessée.\n\nAucun blessé. Les Gilets Jaunes reviennent samedi avec un gilet jaune."),
        d("a3", Some("2021-01-03"), Some("AFP"), "Un cessez-le-feu fragile. Le cessezlefeu est rompu, un nouveau cessez le feu est signé.\n\nDes blessées et des BLESSÉS."),
        d("a4", None, Some("AFP"), "Rien à signaler à Lyon."),
        d("a5", Some("2021-02-10"), None, "Les blessés sont soignés. Des gilets jaunes blessés."),
        d("a6", Some("2020-12-31"), Some("Reuters"), "Bilan : aucun mort."),
    ]
}

/// A temp dir with the fixture in `corpus.jsonl` and its index in `idx/`.
fn fixture() -> (tempfile::TempDir, Vec<Doc>) {
    let docs = fixture_docs();
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for d in &docs {
        let v = serde_json::json!({"id": d.id, "title": format!("Article {}", d.id), "date": d.date, "source": d.source, "text": d.text});
        lines.push_str(&v.to_string());
        lines.push('\n');
    }
    std::fs::write(dir.path().join("corpus.jsonl"), lines).unwrap();
    let out = common::run(dir.path(), &["index", "corpus.jsonl", "--index", "idx"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, docs)
}

fn ok(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = common::run(dir, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "search {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn count_json(dir: &Path, query: &str, extra: &[&str]) -> Value {
    let mut args = vec!["count", query, "--index", "idx", "--format", "json"];
    args.extend_from_slice(extra);
    let lines = common::json_lines(&ok(dir, &args));
    assert_eq!(lines.len(), 1, "one object per query");
    lines.into_iter().next().unwrap()
}

fn tally(v: &Value) -> scan::Expected {
    let n = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}"));
    scan::Expected {
        articles: n("articles"),
        passages: n("passages"),
        occurrences: n("occurrences"),
        total_articles: n("total_articles"),
    }
}

#[test]
fn counts_equal_an_independent_scan() {
    let (dir, docs) = fixture();
    for (query, alternatives) in [
        ("=blessés", vec![BLESSES]),
        ("=BLESSÉS", vec![BLESSES]),
        ("blessé", vec![BLESSE_ALL]),
        ("\"gilets jaunes\"", vec![GILETS]),
        ("cessez-le-feu", vec![CESSEZ, CESSEZ_JOINED]),
        ("=Lyon", vec![&[&["lyon"][..]][..]]),
    ] {
        let got = count_json(dir.path(), query, &[]);
        let (want, _) = expect(&docs, &alternatives, |_| None);
        assert!(want.occurrences > 0, "{query}: the fixture must contain it");
        assert_eq!(tally(&got), want, "{query}");
    }
}

/// The bucket of a fixture article.
type KeyFn = fn(&Doc) -> Option<String>;

#[test]
fn buckets_by_source_year_month_day_and_article() {
    let (dir, docs) = fixture();
    let by_key: [(&str, KeyFn); 4] = [
        ("source", |d| d.source.clone()),
        ("year", |d| d.date.as_ref().map(|s| s[..4].to_string())),
        ("month", |d| d.date.as_ref().map(|s| s[..7].to_string())),
        ("day", |d| d.date.clone()),
    ];
    for (by, key) in by_key {
        let got = count_json(dir.path(), "blessé", &["--by", by]);
        let (want_total, mut want) = expect(&docs, &[BLESSE_ALL], key);
        // Years and months with no article between the first and the last are listed with 0,
        // so that a series plots as is: the fixture has none in 2020-08 … 2020-11.
        if by == "month" {
            for m in ["2020-08", "2020-09", "2020-10", "2020-11"] {
                assert!(want
                    .insert(Some(m.to_string()), Default::default())
                    .is_none());
            }
        }
        assert_eq!(got["by"], by);
        assert_eq!(tally(&got), want_total, "{by}");
        let buckets = got["buckets"].as_array().unwrap();
        // Every bucket, matching or not, keys ascending and the missing key last.
        let mut order: Vec<Option<String>> = want.keys().filter(|k| k.is_some()).cloned().collect();
        if want.contains_key(&None) {
            order.push(None);
        }
        let keys: Vec<Option<String>> = buckets
            .iter()
            .map(|b| b["bucket"].as_str().map(str::to_string))
            .collect();
        assert_eq!(keys, order, "{by}");
        for b in buckets {
            let k = b["bucket"].as_str().map(str::to_string);
            assert_eq!(tally(b), want[&k], "{by} {k:?}");
        }
    }
    // By article: matching articles only, in index order, each out of 1.
    let got = count_json(dir.path(), "=blessés", &["--by", "article"]);
    let ids: Vec<&str> = got["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["bucket"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a1", "a3", "a5"]);
    let (_, want) = expect(&docs, &[BLESSES], |d| Some(d.id.clone()));
    for b in got["buckets"].as_array().unwrap() {
        let mut w = want[&b["bucket"].as_str().map(str::to_string)];
        w.total_articles = 1;
        assert_eq!(tally(b), w);
    }
}

#[test]
fn filters_restrict_matches_and_denominators() {
    let (dir, docs) = fixture();
    let got = count_json(
        dir.path(),
        "blessé",
        &["--source", "afp", "--from", "2021", "--by", "year"],
    );
    let kept: Vec<Doc> = docs
        .into_iter()
        .filter(|d| {
            d.source.as_deref() == Some("AFP") && d.date.as_deref().is_some_and(|s| s >= "2021")
        })
        .collect();
    let (want, _) = expect(&kept, &[BLESSE_ALL], |_| None);
    assert_eq!(tally(&got), want);
    assert_eq!(got["buckets"].as_array().unwrap().len(), 1, "{got}");
    assert_eq!(got["buckets"][0]["bucket"], "2021");
}

#[test]
fn forms_list_the_written_forms_most_frequent_first() {
    let (dir, docs) = fixture();
    let got = count_json(dir.path(), "blessé", &["--forms"]);
    let want = forms(&docs, &[BLESSE_ALL]);
    let list: Vec<(String, u64)> = got["forms"]
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
    let mut want_list: Vec<(String, u64)> = want.into_iter().collect();
    want_list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    assert_eq!(list, want_list);
    // A compound is one form, whichever way it is written.
    let got = count_json(dir.path(), "cessez-le-feu", &["--forms"]);
    let list: Vec<&str> = got["forms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["form"].as_str().unwrap())
        .collect();
    assert_eq!(list, ["cessez-le-feu", "cessez le feu", "cessezlefeu"]);
    // Text output lists them on one line.
    let text = String::from_utf8(ok(
        dir.path(),
        &["count", "blessé", "--index", "idx", "--forms"],
    ))
    .unwrap();
    assert!(
        text.contains("forms: blessés 5, blessé 2, blessée 1, blessées 1"),
        "{text}"
    );
}

fn kwic_json(dir: &Path, query: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["kwic", query, "--index", "idx", "--format", "json"];
    args.extend_from_slice(extra);
    common::json_lines(&ok(dir, &args))
}

#[test]
fn kwic_lists_every_occurrence_with_exact_offsets() {
    let (dir, docs) = fixture();
    let lines = kwic_json(dir.path(), "blessé", &["--width", "12"]);
    let (want, _) = expect(&docs, &[BLESSE_ALL], |_| None);
    assert_eq!(lines.len() as u64, want.occurrences);
    for l in &lines {
        let doc = docs
            .iter()
            .find(|d| d.id == l["doc_id"].as_str().unwrap())
            .unwrap();
        let (s, e) = (
            l["article_start"].as_u64().unwrap() as usize,
            l["article_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&doc.text[s..e], l["match"].as_str().unwrap());
        assert!(l["left"].as_str().unwrap().chars().count() <= 12);
        assert!(l["right"].as_str().unwrap().chars().count() <= 12);
        assert_eq!(doc.date.as_deref(), l["date"].as_str());
        assert_eq!(doc.source.as_deref(), l["source"].as_str());
    }
    // Contexts are cut at word boundaries, never inside a word.
    let first = &lines[0];
    assert_eq!(
        (
            first["left"].as_str().unwrap(),
            first["match"].as_str().unwrap(),
            first["right"].as_str().unwrap()
        ),
        ("Trois", "blessés", "à Lyon après")
    );
    // A compound is one occurrence.
    let lines = kwic_json(dir.path(), "cessez-le-feu", &[]);
    let matched: Vec<&str> = lines.iter().map(|l| l["match"].as_str().unwrap()).collect();
    assert_eq!(
        matched,
        [
            "cessez-le-feu",
            "cessez-le-feu",
            "cessezlefeu",
            "cessez le feu"
        ]
    );
}

fn folded_words(s: &str) -> Vec<String> {
    scan::words(s).into_iter().map(|w| w.2).collect()
}

#[test]
fn kwic_sort_orders() {
    let (dir, _) = fixture();
    let field = |lines: &[Value], k: &str| -> Vec<String> {
        lines
            .iter()
            .map(|l| l[k].as_str().unwrap_or("").to_string())
            .collect()
    };
    let left = kwic_json(dir.path(), "blessé", &["--sort", "left"]);
    let keys: Vec<Vec<String>> = field(&left, "left")
        .iter()
        .map(|l| folded_words(l).into_iter().rev().collect())
        .collect();
    assert_eq!(
        field(&left, "left"),
        // Paragraphs of fewer than eight words join the next one: the context runs across
        // their break (`Une blessée. Aucun`).
        [
            "jaunes manifestent. Une blessée. Aucun",
            "le feu est signé. Des blessées et des",
            "un nouveau cessez le feu est signé. Des",
            "l'accident. Un blessé grave et deux",
            "blessés sont soignés. Des gilets jaunes",
            "Les",
            "Trois",
            "blessés à Lyon après l'accident. Un",
            "Les gilets jaunes manifestent. Une",
        ]
    );
    let mut sorted = keys.clone();
    sorted.sort_by_key(|k| k.iter().map(|w| fold(w)).collect::<Vec<_>>());
    assert_eq!(keys, sorted, "left contexts read right to left");
    let right = kwic_json(dir.path(), "blessé", &["--sort", "right"]);
    let rights = field(&right, "right");
    let keys: Vec<Vec<String>> = rights.iter().map(|r| folded_words(r)).collect();
    let mut sorted = keys.clone();
    sorted.sort_by_key(|k| k.iter().map(|w| fold(w)).collect::<Vec<_>>());
    assert_eq!(keys, sorted, "right contexts read left to right");
    assert_eq!(
        rights[..2],
        [".", "."],
        "no word after the match sorts first"
    );
    assert_eq!(rights[2], "à Lyon après l'accident. Un blessé");
    let date = kwic_json(dir.path(), "blessé", &["--sort", "date"]);
    let dates = field(&date, "date");
    let dated: Vec<&String> = dates.iter().filter(|d| !d.is_empty()).collect();
    assert!(dated.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    let doc = kwic_json(dir.path(), "blessé", &["--sort", "doc"]);
    let pos: Vec<(u64, u64, u64)> = doc
        .iter()
        .map(|l| {
            (
                l["article"].as_u64().unwrap(),
                l["passage"].as_u64().unwrap(),
                l["start"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = pos.clone();
    sorted.sort();
    assert_eq!(pos, sorted);
    assert_eq!(doc.len(), left.len());
}

/// Accents removed, for comparing sort keys the way concordancers do.
fn fold(w: &str) -> String {
    let mut out = String::new();
    search::analysis::fold_into(w, &mut out);
    out
}

#[test]
fn kwic_text_aligns_the_matches() {
    let (dir, _) = fixture();
    let text = String::from_utf8(ok(
        dir.path(),
        &["kwic", "=blessés", "--index", "idx", "--width", "20"],
    ))
    .unwrap();
    let cols: Vec<usize> = text
        .lines()
        .map(|l| {
            l.find("blessés")
                .or_else(|| l.find("Blessés"))
                .or_else(|| l.find("BLESSÉS"))
                .map(|b| l[..b].chars().count())
                .unwrap()
        })
        .collect();
    assert!(
        cols.len() >= 4 && cols.windows(2).all(|w| w[0] == w[1]),
        "{text}"
    );
}

#[test]
fn batch_files_are_keyed_by_name() {
    let (dir, _) = fixture();
    std::fs::write(
        dir.path().join("q.tsv"),
        "blessés\t=blessés\n\ncessez-le-feu\ngj\t\"gilets jaunes\"\n",
    )
    .unwrap();
    let lines = common::json_lines(&ok(
        dir.path(),
        &[
            "count",
            "--queries-file",
            "q.tsv",
            "--index",
            "idx",
            "--format",
            "json",
            "--by",
            "year",
        ],
    ));
    let names: Vec<&str> = lines.iter().map(|l| l["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["blessés", "cessez-le-feu", "gj"]);
    for l in &lines {
        let single = count_json(dir.path(), l["query"].as_str().unwrap(), &["--by", "year"]);
        assert_eq!(l["buckets"], single["buckets"]);
        assert_eq!(tally(l), tally(&single));
    }
    // kwic: one line per occurrence, keyed too.
    let kwic = common::json_lines(&ok(
        dir.path(),
        &[
            "kwic",
            "--queries-file",
            "q.tsv",
            "--index",
            "idx",
            "--format",
            "json",
        ],
    ));
    assert_eq!(kwic.iter().filter(|l| l["name"] == "gj").count(), 4);
    // Text output: a header per query.
    let text = String::from_utf8(ok(
        dir.path(),
        &["count", "--queries-file", "q.tsv", "--index", "idx"],
    ))
    .unwrap();
    assert!(text.starts_with("== blessés: =blessés\n"), "{text}");
    assert!(
        text.contains("\n== cessez-le-feu\n") && text.contains("\n== gj: \"gilets jaunes\"\n"),
        "{text}"
    );
}

#[test]
fn batch_errors_are_reported_by_line() {
    let (dir, _) = fixture();
    std::fs::write(dir.path().join("dup.tsv"), "a\t=blessés\na\tblessé\n").unwrap();
    let out = common::run(
        dir.path(),
        &["count", "--queries-file", "dup.tsv", "--index", "idx"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "search: dup.tsv: line 2: the name \"a\" is already used on line 1\n"
    );
    std::fs::write(dir.path().join("bad.txt"), "=blessés\n-blessé\n").unwrap();
    let out = common::run(
        dir.path(),
        &[
            "count",
            "--queries-file",
            "bad.txt",
            "--index",
            "idx",
            "--format",
            "csv",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("search: bad.txt:2: ") && err.ends_with("search: 1 of 2 queries failed\n"),
        "{err}"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        2,
        "the good query still printed"
    );
}

#[test]
fn exit_status_is_one_when_nothing_matches() {
    let (dir, _) = fixture();
    for cmd in ["count", "kwic"] {
        let out = common::run(dir.path(), &[cmd, "=zébulon", "--index", "idx"]);
        assert_eq!(out.status.code(), Some(1), "{cmd}");
    }
}

#[test]
fn output_is_byte_identical_across_runs_and_rebuilds() {
    let (dir, _) = fixture();
    let runs = [
        vec![
            "count", "blessé", "--index", "idx", "--by", "month", "--forms",
        ],
        vec![
            "count", "blessé", "--index", "idx", "--by", "source", "--format", "csv",
        ],
        vec![
            "count",
            "cessez-le-feu",
            "--index",
            "idx",
            "--by",
            "article",
            "--format",
            "json",
            "--forms",
        ],
        vec!["kwic", "blessé", "--index", "idx", "--sort", "left"],
        vec![
            "kwic", "blessé", "--index", "idx", "--format", "csv", "--sort", "right",
        ],
        vec![
            "kwic", "blessé", "--index", "idx", "--format", "json", "--sort", "date",
        ],
    ];
    // Everything but the time a query took (`elapsed_ms` in JSON summaries) is reproducible.
    let timeless = regex::Regex::new(r#""elapsed_ms":[0-9.e+-]+"#).unwrap();
    let outputs = || -> Vec<String> {
        runs.iter()
            .map(|a| {
                let out = String::from_utf8(ok(dir.path(), a)).unwrap();
                timeless.replace_all(&out, r#""elapsed_ms":_"#).into_owned()
            })
            .collect()
    };
    let first = outputs();
    assert!(first[5].contains(r#""elapsed_ms":_"#), "{}", first[5]);
    let again = outputs();
    assert_eq!(first, again);
    let out = common::run(dir.path(), &["index", "corpus.jsonl", "--index", "idx"]);
    assert!(out.status.success());
    let rebuilt = outputs();
    assert_eq!(first, rebuilt);
}

#[test]
fn csv_reads_back_to_the_same_values() {
    let (dir, _) = fixture();
    let csv_out = ok(
        dir.path(),
        &["kwic", "blessé", "--index", "idx", "--format", "csv"],
    );
    let json = kwic_json(dir.path(), "blessé", &[]);
    let mut reader = csv::Reader::from_reader(&csv_out[..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header.join(","), "name,query,doc_id,date,source,article,passage,start,end,char_start,char_end,article_start,article_end,left,match,right,term,title,url");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), json.len());
    for (row, j) in rows.iter().zip(&json) {
        for (k, v) in header.iter().zip(row.iter()) {
            let want = match &j[k.as_str()] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(v, want, "{k}");
        }
    }
    let counts = ok(
        dir.path(),
        &[
            "count", "blessé", "--index", "idx", "--format", "csv", "--by", "source",
        ],
    );
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(&counts[..])
        .records()
        .map(Result::unwrap)
        .collect();
    let buckets: Vec<(&str, &str, &str)> = rows.iter().map(|r| (&r[2], &r[3], &r[6])).collect();
    assert_eq!(
        buckets,
        [
            ("source", "AFP", "5"),
            ("source", "Reuters", "2"),
            ("source", "", "2")
        ]
    );
    let forms = ok(
        dir.path(),
        &[
            "count", "blessé", "--index", "idx", "--format", "csv", "--forms",
        ],
    );
    assert!(String::from_utf8(forms)
        .unwrap()
        .starts_with("name,query,form,occurrences\nblessé,blessé,blessés,5\n"));
}

#[test]
fn stats_describe_the_index() {
    let (dir, docs) = fixture();
    let out = common::json_lines(&ok(
        dir.path(),
        &["stats", "--index", "idx", "--format", "json"],
    ));
    let s = &out[0];
    assert_eq!(s["articles"], docs.len());
    let passages: usize = docs
        .iter()
        .map(|d| search::passage::split_passages(&d.text).len())
        .sum();
    assert_eq!(s["passages"], passages);
    assert_eq!(
        (s["first_date"].as_str(), s["last_date"].as_str()),
        (Some("2020-07-02"), Some("2021-02-10"))
    );
    assert_eq!(s["undated_articles"], 1);
    assert_eq!(
        s["sources"],
        serde_json::json!([{"source": "AFP", "articles": 3}, {"source": "Reuters", "articles": 2}, {"source": null, "articles": 1}])
    );
    assert_eq!(
        s["years"],
        serde_json::json!([{"year": 2020, "articles": 3}, {"year": 2021, "articles": 2}, {"year": null, "articles": 1}])
    );
    // Recorded by absolute path (usable from any folder).
    let file = std::fs::canonicalize(dir.path().join("corpus.jsonl")).unwrap();
    assert_eq!(s["paths"], serde_json::json!([file.to_str().unwrap()]));
    assert!(
        s["terms"]["exact"].as_u64().unwrap() > 20 && s["terms"]["title"].as_u64().unwrap() >= 6
    );
    assert!(s["size_bytes"].as_u64().unwrap() > 1000);
    let text = String::from_utf8(ok(dir.path(), &["stats", "--index", "idx"])).unwrap();
    assert!(
        text.contains("articles        6\n")
            && text.contains("dates           2020-07-02 to 2021-02-10, 1 undated article\n"),
        "{text}"
    );
}

#[test]
fn sample_corpus_counts_equal_a_scan() {
    let dir = common::sample_corpus();
    let docs: Vec<Doc> = std::fs::read_dir(dir.path().join("corpus"))
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            Doc {
                id: p.file_stem().unwrap().to_string_lossy().into(),
                date: None,
                source: None,
                text: std::fs::read_to_string(&p).unwrap(),
            }
        })
        .collect();
    // First use builds the default index from corpus/.
    for (query, alternatives) in [
        ("=Karabakh", vec![&[&["karabakh"][..]][..]]),
        ("cessez-le-feu", vec![CESSEZ, CESSEZ_JOINED]),
        ("=Azerbaïdjan", vec![&[&["azerbaïdjan"][..]][..]]),
    ] {
        let out = common::run(dir.path(), &["count", query, "--format", "json"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got = &common::json_lines(&out.stdout)[0];
        let (want, _) = expect(&docs, &alternatives, |_| None);
        assert_eq!(tally(got), want, "{query}");
        let kwic = common::json_lines(&ok(dir.path(), &["kwic", query, "--format", "json"]));
        assert_eq!(kwic.len() as u64, want.occurrences, "{query}");
    }
}
