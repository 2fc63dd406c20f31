//! Encoding detection and decoding (`corpus::decode::from_reader`, which every reader goes
//! through): any bytes give either "binary" or a stream of valid UTF-8; valid UTF-8 without
//! a byte-order mark or NUL comes out unchanged.
#![no_main]

use std::io::{Cursor, Read};

use search::corpus::decode::{from_reader, DecodeError};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    match from_reader(Box::new(Cursor::new(data.to_vec()))) {
        Ok(mut decoded) => {
            let mut out = Vec::new();
            decoded
                .reader
                .read_to_end(&mut out)
                .expect("reading from memory");
            let text = String::from_utf8(out).expect("the stream is UTF-8");
            let has_bom = data.starts_with(b"\xEF\xBB\xBF")
                || data.starts_with(b"\xFF\xFE")
                || data.starts_with(b"\xFE\xFF");
            if !has_bom && std::str::from_utf8(data).is_ok() {
                assert_eq!(decoded.encoding, "UTF-8");
                assert_eq!(text.as_bytes(), data);
                assert!(!decoded.replaced.get());
            }
        }
        Err(DecodeError::Binary) => {}
        Err(DecodeError::Io(err)) => panic!("reading from memory failed: {err}"),
    }
});
