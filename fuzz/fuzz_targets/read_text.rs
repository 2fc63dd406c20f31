//! Any bytes as a `.txt` file, read as `search index` reads it: no panic, bounded time
//! and memory.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| search_fuzz::read_as("txt", data));
