//! Any bytes as a `.csv` or `.tsv` file (the first byte chooses), read as `search index`
//! reads it: no panic, bounded time and memory.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let ext = if which & 1 == 0 { "csv" } else { "tsv" };
    search_fuzz::read_as(ext, rest);
});
