//! One execution core: for random queries drawn from every operator (words, phrases, sloppy
//! phrases, prefixes, variants, `=` forms, `AND`, `OR`, `-`) in both scopes, on random
//! passages, the commands agree with each other:
//!
//! - `count`'s passages are the hits of `search` (all of them, uncollapsed), and its
//!   occurrences are the highlight spans of those hits and the lines of `kwic`;
//! - every hit carries at least one highlight (a passage never matches unmarked);
//! - the forms of `count --forms` add up to its occurrences.
//!
//! Longer runs: `PROPTEST_CASES=2000 cargo test --release --test agreement`.

mod common;

use std::sync::OnceLock;

use proptest::prelude::*;
use search::audit::{CountOptions, KwicOptions};
use search::search::Scope;
use search::{SearchIndex, SearchOptions};

/// Words with their inflections, accents and capitals, compounds, elisions, function words,
/// look-alikes (`vue`/`vu`/`voir`, `porte`/`portes`, `retraite`/`retraité`) and punctuation.
const VOCABULARY: &[&str] = &[
    "gilet",
    "gilets",
    "jaune",
    "jaunes",
    "Gilets",
    "porte-parole",
    "porte",
    "portes",
    "parole",
    "paroles",
    "Élysée",
    "Elysée",
    "ELYSEE",
    "l'Élysée",
    "de",
    "la",
    "le",
    "les",
    "Macron",
    "macron",
    "retraite",
    "retraites",
    "retraité",
    "réforme",
    "réformes",
    "cessez-le-feu",
    "cessez",
    "feu",
    "l'armée",
    "armée",
    "armées",
    "armé",
    "président",
    "présidente",
    "présidents",
    "vue",
    "vu",
    "voir",
    "a",
    "ont",
    "garde",
    "à",
    "Paris",
    "porte-avions",
    "avions",
    "état-major",
    "états-majors",
    "Île-de-France",
    "Ile",
    "France",
    ",",
    ".",
    "(",
    ")",
    "«",
    "»",
    "\"",
];

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<(tempfile::TempDir, SearchIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            // A fixed pseudo-random corpus: 80 articles of 1 to 4 passages of 3 to 17 words.
            let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
            let mut next = |n: usize| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed % n as u64) as usize
            };
            let mut lines = String::new();
            for a in 0..80 {
                let mut passages = Vec::new();
                for _ in 0..1 + next(4) {
                    let words: Vec<&str> = (0..3 + next(15))
                        .map(|_| VOCABULARY[next(VOCABULARY.len())])
                        .collect();
                    passages.push(words.join(" "));
                }
                let record =
                    serde_json::json!({"id": format!("a{a:02}"), "text": passages.join("\n\n")});
                lines.push_str(&format!("{record}\n"));
            }
            std::fs::write(dir.path().join("articles.jsonl"), lines).unwrap();
            let index = common::library_index(dir.path(), &[dir.path().join("articles.jsonl")]);
            (dir, index)
        })
        .1
}

/// A word of the vocabulary (no punctuation).
fn word() -> impl Strategy<Value = String> {
    prop::sample::select(&VOCABULARY[..VOCABULARY.len() - 7]).prop_map(str::to_string)
}

/// One leaf of the query language.
fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => word(),
        2 => prop::collection::vec(word(), 2..4).prop_map(|w| format!("\"{}\"", w.join(" "))),
        1 => (prop::collection::vec(word(), 2..4), 1u32..4)
            .prop_map(|(w, s)| format!("\"{}\"~{s}", w.join(" "))),
        1 => word().prop_filter_map("a prefix needs 3 letters", |w| {
            let letters: String = w.chars().filter(|c| c.is_alphabetic()).take(4).collect();
            (letters.chars().count() >= 3).then(|| format!("{letters}*"))
        }),
        1 => word().prop_filter("a variant needs a word", |w| !w.contains(['-', '\''])).prop_map(|w| format!("{w}~")),
        1 => word().prop_map(|w| format!("={w}")),
        1 => prop::collection::vec(word(), 2..3).prop_map(|w| format!("=\"{}\"", w.join(" "))),
    ]
}

/// A query: one leaf, or two joined by an operator (the first one never excluded).
fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => leaf(),
        1 => (leaf(), leaf()).prop_map(|(a, b)| format!("{a} {b}")),
        1 => (leaf(), leaf()).prop_map(|(a, b)| format!("{a} AND {b}")),
        1 => (leaf(), leaf()).prop_map(|(a, b)| format!("({a} OR {b})")),
        1 => (leaf(), leaf()).prop_map(|(a, b)| format!("{a} -{b}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn count_highlights_and_kwic_agree(q in query(), article in any::<bool>()) {
        let index = index();
        let scope = if article { Scope::Article } else { Scope::Passage };
        let audit = index.audit();
        let counted = audit.count(&q, &CountOptions { forms: true, scope, ..CountOptions::default() });
        let searched = index.search(&q, &SearchOptions {
            limit: 100_000,
            collapse: false,
            scope,
            ..SearchOptions::default()
        });
        let listed = audit.kwic(&q, &KwicOptions { scope, ..KwicOptions::default() });
        let (counted, searched, listed) = match (counted, searched, listed) {
            (Ok(c), Ok(s), Ok(k)) => (c, s, k),
            (Err(a), Err(b), Err(c)) => {
                // The same error from every command.
                prop_assert_eq!(a.to_string(), b.to_string());
                prop_assert_eq!(a.to_string(), c.to_string());
                return Ok(());
            }
            (c, s, k) => {
                return Err(TestCaseError::fail(format!(
                    "{q:?}: the commands disagree on an error: {:?} {:?} {:?}",
                    c.err(), s.err(), k.err()
                )));
            }
        };
        let t = counted.total;
        prop_assert_eq!(t.passages as usize, searched.total, "{:?} {:?}: passages", q, scope);
        prop_assert_eq!(searched.hits.len(), searched.total, "{:?}: every hit returned", q);
        let spans: usize = searched.hits.iter().map(|h| h.highlights.len()).sum();
        prop_assert_eq!(t.occurrences as usize, spans, "{:?} {:?}: occurrences vs highlights", q, scope);
        prop_assert_eq!(t.occurrences as usize, listed.lines.len(), "{:?} {:?}: occurrences vs kwic", q, scope);
        for h in &searched.hits {
            prop_assert!(!h.highlights.is_empty(), "{:?} {:?}: {} ¶{} matched without a highlight: {:?}", q, scope, h.doc_id, h.passage, h.text);
        }
        let articles: std::collections::HashSet<&str> = searched.hits.iter().map(|h| h.doc_id.as_str()).collect();
        prop_assert_eq!(t.articles as usize, articles.len(), "{:?} {:?}: articles", q, scope);
        let forms: u64 = counted.forms.unwrap_or_default().iter().map(|f| f.occurrences).sum();
        prop_assert_eq!(forms, t.occurrences, "{:?}: forms add up", q);
        prop_assert_eq!(counted.scope, scope);
    }
}
