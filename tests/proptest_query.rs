//! Property tests: no query makes parsing, compiling or searching panic, and every highlight
//! lies on character boundaries inside the text, with consistent character offsets.
//!
//! Longer runs: `PROPTEST_CASES=20000 cargo test --release --test proptest_query`.

mod common;

use std::sync::OnceLock;

use proptest::prelude::*;
use search::analysis::FrenchAnalyzer;
use search::highlight::{highlight, Form, Pattern};
use search::{SearchIndex, SearchOptions};

/// French-looking text with the characters that matter to the analyzer and the parser.
const FRENCH: &str = "[a-zA-ZéèêëàâçîïôûùüÉÈÀŒœæ’'ʼ‘\"«»“” ()*~=:+\\-‐‑.,;!?…0-9\u{AD}\u{301}\u{A0}\u{202F}\u{2009}\n]{0,60}";

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<(tempfile::TempDir, SearchIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let corpus = env!("CARGO_MANIFEST_DIR").to_string() + "/corpus";
            let index = common::library_index(dir.path(), &[corpus.into()]);
            (dir, index)
        })
        .1
}

/// The distinct words of the sample corpus, in order of first appearance.
fn corpus_words() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let dir = env!("CARGO_MANIFEST_DIR").to_string() + "/corpus";
        let mut words: Vec<String> = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for w in text.split(|c: char| !c.is_alphabetic()) {
                if w.chars().count() > 3 && !words.iter().any(|x| x == w) {
                    words.push(w.to_string());
                }
            }
        }
        words
    })
}

fn check_spans(text: &str, spans: &[search::highlight::Span]) -> Result<(), TestCaseError> {
    let mut last_end = 0;
    for s in spans {
        prop_assert!(
            s.start < s.end && s.end <= text.len(),
            "span {s:?} outside {text:?}"
        );
        prop_assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "span {s:?} splits a character in {text:?}"
        );
        prop_assert!(s.start >= last_end, "overlapping spans in {text:?}");
        prop_assert_eq!(text[..s.start].chars().count(), s.char_start);
        prop_assert_eq!(text[..s.end].chars().count(), s.char_end);
        last_end = s.end;
    }
    Ok(())
}

/// A pattern for every word of `query`, as the compiler builds for plain words.
fn patterns(query: &str) -> Vec<Pattern> {
    let mut a = FrenchAnalyzer::new();
    let mut out = Vec::new();
    a.analyze(query, |w| {
        let forms: Vec<Box<str>> = w.stems().map(Into::into).collect();
        out.push(Pattern::word(w.exact, Form::Stem, forms));
        out.push(Pattern::word(w.exact, Form::Exact, vec![w.exact.into()]));
    });
    if out.len() >= 4 {
        // The first two words as a phrase with some slop.
        let p = Pattern::phrase(
            "phrase",
            Form::Stem,
            vec![out[0].positions[0].clone(), out[2].positions[0].clone()],
            2,
        );
        out.push(p);
    }
    out
}

proptest! {
    #[test]
    fn parsing_never_panics(q in any::<String>()) {
        let _ = search::query::parse(&q);
    }

    #[test]
    fn parsing_french_like_queries_never_panics(q in FRENCH) {
        let _ = search::query::parse(&q);
    }

    #[test]
    fn searching_never_panics_and_highlights_are_exact(q in prop_oneof![any::<String>(), FRENCH.prop_map(String::from)], any_mode: bool) {
        let options = SearchOptions { limit: 5, any: any_mode, explain: true, ..SearchOptions::default() };
        if let Ok(results) = index().search(&q, &options) {
            for hit in &results.hits {
                check_spans(&hit.text, &hit.highlights)?;
            }
        }
    }

    #[test]
    fn a_keyword_hit_scores_the_sum_of_its_explained_parts(pick in 0usize..100_000, any_mode: bool) {
        // Words of the sample corpus, accented ones included (they have two stems, both
        // scored): the query a user runs must score what `--explain` tells them.
        let words = corpus_words();
        let word = &words[pick % words.len()];
        let options = SearchOptions { limit: 5, any: any_mode, explain: true, ..SearchOptions::default() };
        let results = index().search(word, &options).unwrap();
        prop_assert!(results.total > 0, "{word} matches nothing");
        for hit in &results.hits {
            let sum: f32 = hit.explanation.iter().map(|c| c.score).sum();
            prop_assert!((sum - hit.score).abs() <= 1e-4 * hit.score.abs().max(1.0),
                "{word}: score {} but the parts sum to {sum}: {:?}", hit.score, hit.explanation);
        }
    }

    #[test]
    fn analysis_offsets_are_on_char_boundaries(text in prop_oneof![any::<String>(), FRENCH.prop_map(String::from)]) {
        let mut a = FrenchAnalyzer::new();
        let mut last_position = 0;
        a.analyze(&text, |w| {
            assert!(w.start < w.end && w.end <= text.len());
            assert!(text.is_char_boundary(w.start) && text.is_char_boundary(w.end));
            assert!(!w.exact.is_empty() && !w.stem.is_empty());
            assert!(w.joined || w.position >= last_position);
            last_position = w.position;
        });
    }

    #[test]
    fn highlights_lie_on_char_boundaries(text in prop_oneof![any::<String>(), FRENCH.prop_map(String::from)], query in FRENCH) {
        let spans = highlight(&text, &patterns(&query));
        check_spans(&text, &spans)?;
        // Words of the text itself always highlight.
        let spans = highlight(&text, &patterns(&text));
        check_spans(&text, &spans)?;
    }
}
