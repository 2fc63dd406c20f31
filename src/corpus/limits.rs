//! The size limits on input, so that no file can make a run take unbounded memory.
//!
//! Each reader holds at most one record (a line of JSON Lines, a row of CSV, an element of a
//! JSON array, an HTML page) and one article at a time; these limits bound both. What is
//! over a limit is reported with its file and line and skipped; the rest of the file is read.

/// The most bytes of one record: a line of a JSON Lines file, a row of a CSV or TSV file, an
/// element of a JSON array (or a whole JSON file holding one object), an HTML page.
pub const MAX_RECORD_BYTES: usize = 32_000_000;

/// The most bytes of an article's text (UTF-8), whatever its format: a `.txt` file, the text
/// field of a record, the paragraphs of an HTML page.
pub const MAX_ARTICLE_BYTES: usize = 16_000_000;

/// A gzip stream that unpacks to more than this many times its compressed size is a
/// decompression bomb (news text compresses 3 to 10 times)…
pub const MAX_GZIP_RATIO: u64 = 100;

/// …once it has unpacked to at least this many bytes (so that a small file of repeated
/// lines is read whole).
pub const GZIP_RATIO_AFTER: u64 = 64_000_000;

/// The least memory tantivy gives each indexing thread (its `MEMORY_BUDGET_NUM_BYTES_MIN`,
/// 15 MB): `--threads` is lowered so that each thread's share of `--memory` is at least this.
pub const MIN_MB_PER_THREAD: usize = 15;

use std::io::{self, BufRead, Read};

/// `bytes` as megabytes (10^6 bytes, as `--memory`) for messages: `32 MB`, `0.5 MB`.
pub fn mb(bytes: u64) -> String {
    let mb = bytes as f64 / 1e6;
    if mb >= 10.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

/// The reason for a record over [`MAX_RECORD_BYTES`]: `what` is `line`, `row`, `article`, `page`.
pub fn record_too_long(what: &str) -> String {
    format!(
        "{what} over {} (the limit for one record)",
        mb(MAX_RECORD_BYTES as u64)
    )
}

/// The reason for an article text over [`MAX_ARTICLE_BYTES`].
pub fn article_too_long() -> String {
    format!(
        "article text over {} (the limit for one article)",
        mb(MAX_ARTICLE_BYTES as u64)
    )
}

/// What [`read_line`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// The end of the input: nothing was read.
    End,
    /// A line (in the buffer, with its `\n` if any).
    Read,
    /// A line longer than the limit: read to its end but not kept (the buffer is empty).
    TooLong,
}

/// Reads one line into `buf` (cleared first), keeping at most `max` bytes: a longer line is
/// consumed to its end without being held, so memory stays bounded whatever the input.
pub fn read_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<Line> {
    buf.clear();
    let mut any = false;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        let n = chunk.len();
        if !too_long {
            if buf.len() + n > max {
                too_long = true;
                buf.clear();
                buf.shrink_to(1 << 16);
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        reader.consume(n);
        if done {
            break;
        }
    }
    Ok(match (any, too_long) {
        (false, _) => Line::End,
        (true, false) => Line::Read,
        (true, true) => Line::TooLong,
    })
}

/// Reads the whole input, or `None` as soon as it is over `max` bytes (the rest unread).
pub fn read_to_end(reader: &mut dyn BufRead, max: usize) -> io::Result<Option<Vec<u8>>> {
    let mut out = Vec::new();
    reader.take(max as u64 + 1).read_to_end(&mut out)?;
    Ok((out.len() <= max).then_some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn megabytes_read_well() {
        assert_eq!(mb(MAX_RECORD_BYTES as u64), "32 MB");
        assert_eq!(mb(MAX_ARTICLE_BYTES as u64), "16 MB");
        assert_eq!(mb(500_000), "0.5 MB");
    }

    #[test]
    fn a_long_line_is_skipped_to_its_end() {
        let input = format!("court\n{}\nfin", "x".repeat(100_000));
        let mut reader = std::io::BufReader::with_capacity(1000, input.as_bytes());
        let mut buf = Vec::new();
        let mut got = Vec::new();
        loop {
            match read_line(&mut reader, &mut buf, 10).unwrap() {
                Line::End => break,
                Line::Read => got.push(String::from_utf8(buf.clone()).unwrap()),
                Line::TooLong => got.push("(too long)".into()),
            }
        }
        assert_eq!(got, ["court\n", "(too long)", "fin"]);
        assert_eq!(
            read_to_end(&mut "abc".as_bytes(), 3).unwrap(),
            Some(b"abc".to_vec())
        );
        assert_eq!(read_to_end(&mut "abcd".as_bytes(), 3).unwrap(), None);
    }
}
