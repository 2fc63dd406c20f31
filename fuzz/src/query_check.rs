//! One input of the `query` target: its first byte chooses the options, the rest is the query.
//! Shared by the fuzz target (`fuzz_targets/query.rs`) and its replay on stable Rust
//! (`tests/fuzz_regressions.rs`, which includes this file by its path).

use search::audit::{By, CountOptions, KwicOptions};
use search::query::Scope;
use search::{SearchIndex, SearchOptions, SortOrder};

/// Runs `text` with the options `flags` chooses: bit 0 `--any`, bit 1 article scope, bit 2
/// `--explain`, bit 3 forms, bits 4–5 the sort, bit 6 context; with `audit`, `count --by
/// source` and `kwic` too. Panics if a highlight is off a character boundary or if `query` and
/// `count` disagree on whether the query is an error.
pub fn check_query(index: &SearchIndex, flags: u8, text: &str, audit: bool) {
    let any = flags & 1 != 0;
    let scope = if flags & 2 != 0 {
        Scope::Article
    } else {
        Scope::Passage
    };
    let options = SearchOptions {
        any,
        scope,
        explain: flags & 4 != 0,
        forms: flags & 8 != 0,
        sort: match (flags >> 4) & 3 {
            0 => SortOrder::Score,
            1 => SortOrder::Date,
            _ => SortOrder::DateDesc,
        },
        context: if flags & 64 != 0 { 2 } else { 0 },
        limit: 5,
        ..SearchOptions::default()
    };
    let searched = index.search(text, &options);
    if let Ok(results) = &searched {
        for hit in &results.hits {
            for span in &hit.highlights {
                assert!(
                    hit.text.get(span.start..span.end).is_some(),
                    "a highlight on a char boundary"
                );
            }
        }
    }
    if !audit {
        return;
    }
    let audit = index.audit();
    let count = CountOptions {
        by: Some(By::Source),
        forms: flags & 8 != 0,
        any,
        scope,
        ..CountOptions::default()
    };
    let counted = audit.count(text, &count);
    assert_eq!(
        searched.is_ok(),
        counted.is_ok(),
        "query and count agree on errors: {text:?}"
    );
    let kwic = KwicOptions {
        any,
        scope,
        limit: Some(5),
        ..KwicOptions::default()
    };
    let _ = audit.kwic(text, &kwic);
}
