//! Any bytes as a gzip-compressed file of each supported format (the first byte chooses),
//! read as `search index` reads it: a damaged stream is a problem reported, not a panic.
#![no_main]

const KINDS: [&str; 6] = [
    "txt.gz", "jsonl.gz", "json.gz", "csv.gz", "tsv.gz", "html.gz",
];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    search_fuzz::read_as(KINDS[which as usize % KINDS.len()], rest);
});
