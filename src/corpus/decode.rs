//! Opening an input as UTF-8: gzip undone, byte-order marks honoured, legacy encodings detected.
//!
//! Every reader gets a buffered stream of UTF-8 bytes, decoded on the fly so a large file is
//! never held in memory. The encoding is chosen once from the first 64 KiB: a BOM (UTF-8,
//! UTF-16 LE/BE) wins; else valid UTF-8 is UTF-8; else the legacy encoding is guessed with
//! chardetng (Windows-1252 for French, which also covers ISO-8859-1). Invalid sequences are
//! replaced with U+FFFD and remembered, so the file can be reported with a warning.
//!
//! A file with a NUL byte in its first 64 KiB is binary; for a record format (JSON Lines,
//! JSON, CSV) only its first line counts, so one bad record does not hide the others (it is
//! reported by the reader with its line). A gzip stream that unpacks to more than
//! [`MAX_GZIP_RATIO`] times its size is cut short with an error (a decompression bomb).

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8};
use flate2::read::MultiGzDecoder;

use super::limits::{mb, GZIP_RATIO_AFTER, MAX_GZIP_RATIO};

/// How many bytes are looked at to choose the encoding.
const SNIFF: usize = 64 * 1024;

/// An input opened for reading as UTF-8.
pub struct Decoded {
    /// The UTF-8 stream.
    pub reader: Box<dyn BufRead>,
    /// The encoding found (`UTF-8`, `UTF-16LE`, `windows-1252`…).
    pub encoding: &'static str,
    /// Whether the encoding came from a byte-order mark.
    pub bom: bool,
    /// Set once an invalid sequence has been replaced.
    pub replaced: Rc<Cell<bool>>,
}

/// Why an input cannot be decoded.
#[derive(Debug)]
pub enum DecodeError {
    /// An I/O error (including a bad gzip stream).
    Io(io::Error),
    /// The bytes look like a binary file, not text.
    Binary,
}

/// What a NUL byte in the first 64 KiB means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nul {
    /// Anywhere there: a binary file (text, HTML).
    Binary,
    /// Only in the first line: a binary file; after it, a bad record that the reader reports
    /// (JSON Lines, JSON, CSV).
    BinaryInFirstLine,
}

/// Opens `path` (gunzipped when `gzip`) as a UTF-8 stream; the bytes read from the file
/// are added to `counter` as they are read.
pub fn open(
    path: &Path,
    gzip: bool,
    counter: &Arc<AtomicU64>,
    nul: Nul,
) -> Result<Decoded, DecodeError> {
    let file = File::open(path).map_err(DecodeError::Io)?;
    let read = Arc::new(AtomicU64::new(0));
    let file = Counted {
        inner: file,
        counters: [Arc::clone(counter), Arc::clone(&read)],
    };
    let raw: Box<dyn Read> = if gzip {
        Box::new(Unpacked {
            inner: MultiGzDecoder::new(BufReader::with_capacity(1 << 16, file)),
            packed: read,
            unpacked: 0,
            bomb: false,
        })
    } else {
        Box::new(file)
    };
    from_reader_with(raw, nul)
}

/// A reader that counts the bytes read through it (for the progress bar, and for the file).
struct Counted<R> {
    inner: R,
    counters: [Arc<AtomicU64>; 2],
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for counter in &self.counters {
            counter.fetch_add(n as u64, Ordering::Relaxed);
        }
        Ok(n)
    }
}

/// A gzip stream that fails (for good) once it has unpacked to more than [`MAX_GZIP_RATIO`]
/// times the compressed bytes read, past [`GZIP_RATIO_AFTER`] bytes: a 10 MB file that
/// unpacks to 10 GB is stopped after 64 MB, not read for minutes.
struct Unpacked<R> {
    inner: R,
    packed: Arc<AtomicU64>,
    unpacked: u64,
    bomb: bool,
}

impl<R: Read> Unpacked<R> {
    fn bomb(&self) -> io::Error {
        let packed = self.packed.load(Ordering::Relaxed);
        io::Error::other(format!(
            "gzip data unpacks to more than {MAX_GZIP_RATIO} times its size ({} from {}: a decompression bomb?), the rest of the file skipped",
            mb(self.unpacked),
            mb(packed)
        ))
    }
}

impl<R: Read> Read for Unpacked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.bomb {
            return Err(self.bomb());
        }
        let n = self.inner.read(buf)?;
        self.unpacked += n as u64;
        if self.unpacked > GZIP_RATIO_AFTER
            && self.unpacked > MAX_GZIP_RATIO * self.packed.load(Ordering::Relaxed)
        {
            self.bomb = true;
            return Err(self.bomb());
        }
        Ok(n)
    }
}

/// Chooses the encoding of `raw` from its first bytes and returns it as a UTF-8 stream.
pub fn from_reader(raw: Box<dyn Read>) -> Result<Decoded, DecodeError> {
    from_reader_with(raw, Nul::Binary)
}

/// [`from_reader`], with what a NUL byte in the first 64 KiB means.
pub fn from_reader_with(mut raw: Box<dyn Read>, nul: Nul) -> Result<Decoded, DecodeError> {
    let mut head = Vec::with_capacity(SNIFF);
    (&mut raw)
        .take(SNIFF as u64)
        .read_to_end(&mut head)
        .map_err(DecodeError::Io)?;
    let whole = head.len() < SNIFF;
    let (encoding, bom_len) = match Encoding::for_bom(&head) {
        Some((enc, len)) => (enc, len),
        None => {
            let sniffed = match nul {
                Nul::Binary => &head[..],
                Nul::BinaryInFirstLine => {
                    let end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
                    &head[..end]
                }
            };
            if sniffed.contains(&0) {
                return Err(DecodeError::Binary);
            }
            (guess(&head, whole), 0)
        }
    };
    let bom = bom_len > 0;
    head.drain(..bom_len);
    let replaced = Rc::new(Cell::new(false));
    let stream = DecodeReader::new(
        Cursor::new(head).chain(raw),
        encoding.new_decoder_without_bom_handling(),
        Rc::clone(&replaced),
    );
    Ok(Decoded {
        reader: Box::new(BufReader::with_capacity(1 << 16, stream)),
        encoding: encoding.name(),
        bom,
        replaced,
    })
}

/// UTF-8 when `head` is valid UTF-8 (a sequence cut at the end of an incomplete sample is
/// fine); otherwise chardetng's guess for a legacy encoding.
fn guess(head: &[u8], whole: bool) -> &'static Encoding {
    match std::str::from_utf8(head) {
        Ok(_) => UTF_8,
        Err(e) if e.error_len().is_none() && !whole => UTF_8,
        Err(e) => {
            // Mostly UTF-8 with a few broken bytes is still UTF-8 (replaced and reported).
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(head, whole);
            let guessed = det.guess(None, chardetng::Utf8Detection::Allow);
            if guessed == UTF_8 || mostly_utf8(head, e.valid_up_to()) {
                UTF_8
            } else {
                guessed
            }
        }
    }
}

/// True when `head` has many valid multi-byte UTF-8 sequences: then stray bad bytes are
/// errors in a UTF-8 file, not a legacy encoding.
fn mostly_utf8(head: &[u8], valid_up_to: usize) -> bool {
    let lossy = String::from_utf8_lossy(head);
    let multibyte = lossy
        .chars()
        .filter(|c| (*c as u32) > 0x7f && *c != '\u{FFFD}')
        .count();
    let bad = lossy.chars().filter(|c| *c == '\u{FFFD}').count();
    valid_up_to > 0 && multibyte > 4 * bad
}

/// A `Read` that decodes its input to UTF-8 with encoding_rs, replacing invalid sequences.
struct DecodeReader<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    in_start: usize,
    in_end: usize,
    output: Vec<u8>,
    out_start: usize,
    out_end: usize,
    eof: bool,
    done: bool,
    replaced: Rc<Cell<bool>>,
}

impl<R: Read> DecodeReader<R> {
    fn new(inner: R, decoder: Decoder, replaced: Rc<Cell<bool>>) -> Self {
        DecodeReader {
            inner,
            decoder,
            input: vec![0; 1 << 15],
            in_start: 0,
            in_end: 0,
            output: vec![0; 1 << 16],
            out_start: 0,
            out_end: 0,
            eof: false,
            done: false,
            replaced,
        }
    }
}

impl<R: Read> Read for DecodeReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.out_start < self.out_end {
                let n = buf.len().min(self.out_end - self.out_start);
                buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
                self.out_start += n;
                return Ok(n);
            }
            if self.done {
                return Ok(0);
            }
            if self.in_start == self.in_end && !self.eof {
                let n = self.inner.read(&mut self.input)?;
                self.in_start = 0;
                self.in_end = n;
                self.eof = n == 0;
            }
            let (result, read, written, replaced) = self.decoder.decode_to_utf8(
                &self.input[self.in_start..self.in_end],
                &mut self.output,
                self.eof,
            );
            self.in_start += read;
            self.out_start = 0;
            self.out_end = written;
            if replaced {
                self.replaced.set(true);
            }
            if self.eof && result == CoderResult::InputEmpty {
                self.done = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (String, &'static str, bool) {
        let mut d = from_reader(Box::new(Cursor::new(bytes.to_vec())))
            .ok()
            .unwrap();
        let mut s = String::new();
        d.reader.read_to_string(&mut s).unwrap();
        (s, d.encoding, d.replaced.get())
    }

    #[test]
    fn encodings_table() {
        let cases: &[(&[u8], &str, &str, bool)] = &[
            (b"d\xC3\xA9j\xC3\xA0", "déjà", "UTF-8", false),
            (b"\xEF\xBB\xBFd\xC3\xA9j\xC3\xA0", "déjà", "UTF-8", false),
            (b"\xFF\xFEd\x00\xE9\x00", "dé", "UTF-16LE", false),
            (b"\xFE\xFF\x00d\x00\xE9", "dé", "UTF-16BE", false),
            (
                b"L'\xE9t\xE9 dernier, la r\xE9gion a \xE9t\xE9 d\xE9vast\xE9e par les \xE9meutes.",
                "L'été dernier, la région a été dévastée par les émeutes.",
                "windows-1252",
                false,
            ),
            (b"", "", "UTF-8", false),
        ];
        for (bytes, text, enc, replaced) in cases {
            assert_eq!(
                decode(bytes),
                (text.to_string(), *enc, *replaced),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn stray_bad_byte_in_utf8_is_replaced() {
        let mut bytes = "l'été à Montréal, déjà, énième, élève "
            .repeat(3)
            .into_bytes();
        bytes.push(0xFF);
        let (text, enc, replaced) = decode(&bytes);
        assert_eq!(enc, "UTF-8");
        assert!(replaced);
        assert!(text.ends_with('\u{FFFD}'));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let r = from_reader(Box::new(Cursor::new(b"\x7fELF\x02\x01\x00\x00".to_vec())));
        assert!(matches!(r, Err(DecodeError::Binary)));
    }

    #[test]
    fn a_nul_after_the_first_line_of_records_is_left_to_the_reader() {
        let bytes = b"{\"text\": \"un\"}\n{\"text\": \"\x00\"}\n".to_vec();
        let r = from_reader_with(Box::new(Cursor::new(bytes.clone())), Nul::BinaryInFirstLine);
        assert!(r.is_ok());
        let r = from_reader_with(Box::new(Cursor::new(bytes)), Nul::Binary);
        assert!(matches!(r, Err(DecodeError::Binary)));
        let first = b"\x00{}\n{}\n".to_vec();
        let r = from_reader_with(Box::new(Cursor::new(first)), Nul::BinaryInFirstLine);
        assert!(matches!(r, Err(DecodeError::Binary)));
    }

    #[test]
    fn a_gzip_bomb_is_cut_short() {
        use flate2::{write::GzEncoder, Compression};
        use std::io::Write;
        // Gzip members of 1 MiB each, one after the other (read as one stream).
        let mut gz = GzEncoder::new(Vec::new(), Compression::best());
        gz.write_all(&vec![b'a'; 1 << 20]).unwrap();
        let packed = gz
            .finish()
            .unwrap()
            .repeat((GZIP_RATIO_AFTER >> 20) as usize + 8);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bomb.txt.gz");
        std::fs::write(&path, &packed).unwrap();
        let counter = Arc::new(AtomicU64::new(0));
        let mut d = open(&path, true, &counter, Nul::Binary).ok().unwrap();
        let mut sink = Vec::new();
        let err = d.reader.read_to_end(&mut sink).unwrap_err();
        assert!(err.to_string().contains("decompression bomb"), "{err}");
        assert!(
            sink.len() as u64 <= GZIP_RATIO_AFTER + (1 << 20),
            "{}",
            sink.len()
        );
    }

    #[test]
    fn long_input_streams_across_buffers() {
        let text = "é".repeat(200_000);
        assert_eq!(decode(text.as_bytes()).0, text);
    }
}
