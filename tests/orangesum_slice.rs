//! The first 2,000 articles of the real OrangeSum corpus: query results checked against
//! counts computed independently here, with plain string matching.

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, Write};

use common::{json_lines, run, shared, words};

const SLICE: usize = 2000;

struct Meta {
    id: String,
    text: String,
    source: Option<String>,
    date: Option<String>,
}

struct Slice {
    dir: tempfile::TempDir,
    articles: Vec<Meta>,
}

fn slice() -> Option<Slice> {
    let shared = shared("orangesum_slice")?;
    let file = std::fs::File::open(shared.join("corpora/orangesum/articles.jsonl")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut out = std::fs::File::create(dir.path().join("slice.jsonl")).unwrap();
    let mut articles = Vec::new();
    for line in std::io::BufReader::new(file).lines().take(SLICE) {
        let line = line.unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        articles.push(Meta {
            id: v["id"].as_str().unwrap().to_string(),
            text: v["text"].as_str().unwrap().to_string(),
            source: v["source"].as_str().map(str::to_string),
            date: v["date"].as_str().map(str::to_string),
        });
        writeln!(out, "{line}").unwrap();
    }
    let status = run(dir.path(), &["index", "slice.jsonl", "--index", "idx"]);
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(String::from_utf8_lossy(&status.stderr).contains(&format!("indexed {SLICE} articles")));
    Some(Slice { dir, articles })
}

impl Slice {
    fn hit_articles(&self, query: &str) -> BTreeSet<String> {
        let out = run(
            self.dir.path(),
            &[
                "query", "--index", "idx", "--format", "json", "--limit", "100000", query,
            ],
        );
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{query}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // A passage reprinted in several articles is shown once, the others in `also_in`.
        json_lines(&out.stdout)
            .iter()
            .flat_map(|h| {
                let also = h["also_in"].as_array().cloned().unwrap_or_default();
                std::iter::once(h["doc_id"].clone()).chain(also)
            })
            .map(|id| id.as_str().unwrap().to_string())
            .collect()
    }

    fn scan(&self, pred: impl Fn(&[String]) -> bool) -> BTreeSet<String> {
        self.scan_meta(|_| true, pred)
    }

    fn scan_meta(
        &self,
        meta: impl Fn(&Meta) -> bool,
        pred: impl Fn(&[String]) -> bool,
    ) -> BTreeSet<String> {
        self.articles
            .iter()
            .filter(|a| meta(a) && pred(&words(&a.text)))
            .map(|a| a.id.clone())
            .collect()
    }
}

#[test]
#[ignore = "real corpus: run by .ci/run in release"]
fn counts_match_an_independent_scan() {
    let Some(s) = slice() else { return };

    let exact = s.hit_articles("=macron");
    let expected = s.scan(|w| w.iter().any(|w| w == "macron"));
    assert!(
        expected.len() > 50,
        "the slice should mention Macron often: {}",
        expected.len()
    );
    assert_eq!(exact, expected, "=macron");

    let phrase = s.hit_articles("\"cessez le feu\"");
    let expected = s.scan(|w| {
        w.windows(3)
            .any(|w| w[0] == "cessez" && w[1] == "le" && w[2] == "feu")
    });
    assert_eq!(phrase, expected, "\"cessez le feu\"");
    assert_eq!(
        s.hit_articles("cessez-le-feu"),
        expected,
        "the compound is the phrase"
    );

    let exact_plural = s.hit_articles("=blessés");
    let expected = s.scan(|w| w.iter().any(|w| w == "blessés"));
    assert_eq!(exact_plural, expected, "=blessés");
    // Stemming finds every form: a superset of each exact form.
    let stemmed = s.hit_articles("blessés");
    let singular = s.scan(|w| w.iter().any(|w| w == "blessé"));
    assert!(stemmed.is_superset(&exact_plural) && stemmed.is_superset(&singular));
}

#[test]
#[ignore = "real corpus: run by .ci/run in release"]
fn filters_match_an_independent_scan() {
    let Some(s) = slice() else { return };
    let afp_2020 = |a: &Meta| {
        a.source
            .as_deref()
            .is_some_and(|x| x.eq_ignore_ascii_case("afp"))
            && a.date.as_deref().is_some_and(|d| d.starts_with("2020"))
    };
    let ceasefire = |w: &[String]| {
        w.windows(3)
            .any(|w| w[0] == "cessez" && w[1] == "le" && w[2] == "feu")
    };
    let expected = s.scan_meta(afp_2020, ceasefire);
    assert!(
        !expected.is_empty(),
        "the slice has AFP articles of 2020 on a ceasefire"
    );
    assert_eq!(
        s.hit_articles("cessez-le-feu source:AFP date:2020"),
        expected
    );
    let out = run(
        s.dir.path(),
        &[
            "query",
            "--index",
            "idx",
            "--format",
            "json",
            "--limit",
            "100000",
            "--source",
            "afp",
            "--from",
            "2020",
            "--to",
            "2020-12-31",
            "\"cessez le feu\"",
        ],
    );
    let by_options: BTreeSet<String> = json_lines(&out.stdout)
        .iter()
        .map(|h| h["doc_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(by_options, expected);
    let not_afp = s.scan_meta(
        |a| !afp_2020(a) && a.date.as_deref().is_some_and(|d| d.starts_with("2020")),
        ceasefire,
    );
    let excluded = s.hit_articles("cessez-le-feu date:2020 -source:AFP");
    assert_eq!(excluded, not_afp);
}
