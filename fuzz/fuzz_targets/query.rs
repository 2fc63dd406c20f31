//! Any string as a query (the first byte chooses the options: `--any`, article scope,
//! `--explain`, forms, sort, context), parsed, planned and run by `query`, `count` and `kwic`
//! against a tiny index: an error or a result, never a panic, a stack overflow or
//! unbounded time or memory.
#![no_main]

use search::audit::{By, CountOptions, KwicOptions};
use search::query::Scope;
use search::{SearchOptions, SortOrder};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let index = search_fuzz::index();
    let _ = search::query::parse(&text);
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
    let searched = index.search(&text, &options);
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
    if flags & 128 != 0 {
        let audit = index.audit();
        let count = CountOptions {
            by: Some(By::Source),
            forms: flags & 8 != 0,
            any,
            scope,
            ..CountOptions::default()
        };
        let counted = audit.count(&text, &count);
        assert_eq!(
            searched.is_ok(),
            counted.is_ok(),
            "query and count agree on errors"
        );
        let kwic = KwicOptions {
            any,
            scope,
            limit: Some(5),
            ..KwicOptions::default()
        };
        let _ = audit.kwic(&text, &kwic);
    }
});
