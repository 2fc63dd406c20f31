//! Any string as a query (the first byte chooses the options: `--any`, article scope,
//! `--explain`, forms, sort, context), parsed, planned and run by `query`, `count` and `kwic`
//! against a tiny index: an error or a result, never a panic, a stack overflow or
//! unbounded time or memory.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let index = search_fuzz::index();
    let _ = search::query::parse(&text);
    search_fuzz::check_query(index, flags, &text, flags & 128 != 0);
});
