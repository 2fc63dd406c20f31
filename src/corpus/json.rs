//! The `.json` reader: an array of articles (read element by element) or one article.
//!
//! The array is cut into its elements by a small scanner (strings, escapes and nesting
//! depth), and each element is parsed on its own: a large file is never held whole, a bad
//! element is reported with the line where it starts and the next one is read, and an
//! element over [`MAX_RECORD_BYTES`] is skipped without being held.

use std::io::{self, BufRead};

use serde_json::{Map, Value};

use super::article::Article;
use super::fields::{article_from_record, FieldMap};
use super::jsonl::{json_reason_at, NUL_REASON};
use super::limits::{self, MAX_RECORD_BYTES};
use super::walk::{io_reason, InputError, Item};

/// Reads a JSON file's UTF-8 stream: an array is read one element at a time, each object an
/// article; a single object is one article. A problem names the line where its element
/// starts (and, in an array, the element's number).
pub fn read_json(
    reader: &mut dyn BufRead,
    display: &str,
    fields: &FieldMap,
    sink: &mut dyn FnMut(Item),
) {
    let mut bytes = Bytes {
        reader,
        line: 1,
        column: 1,
        error: None,
    };
    let mut file = File {
        display,
        fields,
        sink,
    };
    bytes.skip_whitespace();
    match bytes.peek() {
        None => file.end(&mut bytes, "empty file"),
        Some(b'[') => {
            bytes.bump();
            read_array(&mut bytes, &mut file);
        }
        Some(b'{') => {
            let element = Element::read(&mut bytes);
            file.element(element, None);
            expect_end(&mut bytes, &mut file, "the article");
        }
        Some(_) => file.problem(
            bytes.line,
            "malformed json: expected an array of articles or one article object",
        ),
    }
}

/// The elements of an array whose `[` was just read.
fn read_array(bytes: &mut Bytes, file: &mut File) {
    bytes.skip_whitespace();
    if bytes.peek() == Some(b']') {
        bytes.bump();
    } else {
        let mut n = 0;
        loop {
            n += 1;
            bytes.skip_whitespace();
            let element = Element::read(bytes);
            let ended = element.at_end;
            if !file.element(element, Some(n)) && ended {
                return;
            }
            match bytes.peek() {
                Some(b',') => bytes.bump(),
                Some(_) => {
                    bytes.bump();
                    break;
                }
                None => {
                    file.end(
                        bytes,
                        "malformed json: the array is not closed (end of file)",
                    );
                    return;
                }
            }
        }
    }
    expect_end(bytes, file, "the array");
}

/// After the file's one value (`what`): nothing but white space, and no read error.
fn expect_end(bytes: &mut Bytes, file: &mut File, what: &str) {
    bytes.skip_whitespace();
    if bytes.peek().is_some() {
        file.problem(
            bytes.line,
            format!("malformed json: trailing characters after {what}"),
        );
    } else if let Some(err) = bytes.error.take() {
        file.problem(bytes.line, io_reason(&err));
    }
}

/// The input one byte at a time, with the line and column of the next byte.
struct Bytes<'a> {
    reader: &'a mut dyn BufRead,
    line: usize,
    column: usize,
    /// The read error that ended the input early, if any.
    error: Option<io::Error>,
}

impl Bytes<'_> {
    fn peek(&mut self) -> Option<u8> {
        if self.error.is_some() {
            return None;
        }
        loop {
            match self.reader.fill_buf() {
                Ok(buf) => return buf.first().copied(),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.error = Some(e);
                    return None;
                }
            }
        }
    }

    /// Moves past the byte [`Bytes::peek`] returned.
    fn bump(&mut self) {
        if let Ok(buf) = self.reader.fill_buf() {
            if buf.first() == Some(&b'\n') {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.reader.consume(1);
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }
}

/// One element of the array (or the whole single object), as bytes.
struct Element {
    bytes: Vec<u8>,
    line: usize,
    column: usize,
    /// Longer than [`MAX_RECORD_BYTES`]: read to its end, not kept.
    too_long: bool,
    /// The input ended inside it.
    at_end: bool,
}

impl Element {
    /// Reads up to the `,` or `]` that ends the element at depth 0 (not consumed), or the end.
    fn read(bytes: &mut Bytes) -> Element {
        let mut element = Element {
            bytes: Vec::new(),
            line: bytes.line,
            column: bytes.column,
            too_long: false,
            at_end: false,
        };
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        loop {
            if bytes.peek().is_none() {
                element.at_end = true;
                break;
            }
            let Ok(available) = bytes.reader.fill_buf() else {
                continue;
            };
            let mut used = available.len();
            let mut done = false;
            for (i, &b) in available.iter().enumerate() {
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if b == b'\\' {
                        escaped = true;
                    } else if b == b'"' {
                        in_string = false;
                    }
                } else {
                    match b {
                        b'"' => in_string = true,
                        b'{' | b'[' => depth += 1,
                        b',' | b']' if depth == 0 => {
                            used = i;
                            done = true;
                            break;
                        }
                        b'}' | b']' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                }
                if b == b'\n' {
                    bytes.line += 1;
                    bytes.column = 1;
                } else {
                    bytes.column += 1;
                }
            }
            if !element.too_long {
                if element.bytes.len() + used > MAX_RECORD_BYTES {
                    element.too_long = true;
                    element.bytes = Vec::new();
                } else {
                    element.bytes.extend_from_slice(&available[..used]);
                }
            }
            bytes.reader.consume(used);
            if done {
                break;
            }
        }
        element
    }
}

/// What is passed on from one file.
struct File<'a> {
    display: &'a str,
    fields: &'a FieldMap,
    sink: &'a mut dyn FnMut(Item),
}

impl File<'_> {
    fn problem(&mut self, line: usize, reason: impl Into<String>) {
        (self.sink)(Item::Problem(InputError::at_line(
            self.display,
            line,
            reason,
        )));
    }

    /// The problem of an input that ended where it should not: its read error, else `reason`.
    fn end(&mut self, bytes: &mut Bytes, reason: &str) {
        match bytes.error.take() {
            Some(err) => self.problem(bytes.line, io_reason(&err)),
            None if reason == "empty file" => {
                (self.sink)(Item::Problem(InputError::file(self.display, reason)))
            }
            None => self.problem(bytes.line, reason),
        }
    }

    /// Passes on the article of element `number` (None for a file of one object); false
    /// when it was a problem.
    fn element(&mut self, element: Element, number: Option<usize>) -> bool {
        let of = |reason: String| match number {
            Some(n) => format!("{reason} (element {n} of the array)"),
            None => reason,
        };
        let line = element.line;
        if element.too_long {
            let what = match number {
                Some(n) => format!("element {n} of the array"),
                None => "article".to_string(),
            };
            self.problem(line, limits::record_too_long(&what));
            return false;
        }
        if element.bytes.contains(&0) {
            self.problem(line, of(NUL_REASON.to_string()));
            return false;
        }
        let value: Value = match serde_json::from_slice(&element.bytes) {
            Ok(value) => value,
            Err(err) => {
                let (at, column) = match err.line() {
                    0 => (line, 0),
                    1 => (line, element.column + err.column().saturating_sub(1)),
                    n => (line + n - 1, err.column()),
                };
                self.problem(at, of(json_reason_at(&err, column)));
                return false;
            }
        };
        let Value::Object(record) = value else {
            self.problem(line, of("not a json object".to_string()));
            return false;
        };
        self.record(&record, number, line, of)
    }

    fn record(
        &mut self,
        record: &Map<String, Value>,
        number: Option<usize>,
        line: usize,
        of: impl Fn(String) -> String,
    ) -> bool {
        let display = self.display;
        let default_id = || match number {
            Some(n) => format!("{display}#{n}"),
            None => display.to_string(),
        };
        match article_from_record(record, self.fields, display, default_id) {
            Ok(got) => {
                if let Some(w) = got.warning {
                    (self.sink)(Item::Warning(InputError::at_line(display, line, of(w))));
                }
                (self.sink)(Item::Article(Article {
                    line: Some(line),
                    ..got.article
                }));
                true
            }
            Err(reason) => {
                self.problem(line, of(reason));
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str) -> Vec<Item> {
        let mut items = Vec::new();
        let mut reader = input.as_bytes();
        read_json(&mut reader, "a.json", &FieldMap::default(), &mut |i| {
            items.push(i)
        });
        items
    }

    fn shown(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                Item::Article(a) => {
                    format!("article {} {:?}", a.doc_id, a.date.map(|d| d.to_string()))
                }
                Item::Problem(p) => format!("problem {p}"),
                Item::Warning(w) => format!("warning {w}"),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn array_object_and_errors() {
        let items = run(
            r#"[{"id": "x", "text": "un"}, 3, {"text": "deux", "date": "20/09/2023"}, {"id": "y"}]"#,
        );
        assert_eq!(
            shown(&items),
            [
                "article x None",
                "problem a.json:1: not a json object (element 2 of the array)",
                "article a.json#3 Some(\"2023-09-20\")",
                "problem a.json:1: missing \"text\" field (element 4 of the array)",
            ]
        );
        let one = run(r#"{"text": "seul"}"#);
        assert!(matches!(&one[..], [Item::Article(a)] if a.doc_id == "a.json"));
        let broken = run("[{\"text\": \"un\"},\n{\"text\": ");
        assert!(matches!(&broken[0], Item::Article(_)));
        assert!(
            matches!(&broken[1..], [Item::Problem(p)] if p.line == Some(2)),
            "{broken:?}"
        );
        let scalar = run("42");
        assert!(
            matches!(&scalar[..], [Item::Problem(p)] if p.reason.contains("array of articles")),
            "{scalar:?}"
        );
        assert_eq!(run("[]"), []);
        assert_eq!(shown(&run(" \n ")), ["problem a.json: empty file"]);
    }

    #[test]
    fn a_bad_element_is_reported_at_its_line_and_the_next_is_read() {
        let input = "[\n  {\"id\": \"a\", \"text\": \"un\"},\n  {\"id\": \"b\",\n   \"text\": tru},\n  {\"id\": \"c\", \"text\": \"x\\u0000\", \"date\": \"hier\"},\n  {\"id\": \"d\", \"text\": \"quatre\"}\n]\n";
        let got = shown(&run(input));
        assert_eq!(got[0], "article a None");
        assert!(
            got[1].starts_with("problem a.json:4: malformed json: ")
                && got[1].ends_with("(element 2 of the array)"),
            "{got:?}"
        );
        assert!(
            got[2].starts_with("warning a.json:5: date \"hier\" not understood"),
            "{got:?}"
        );
        assert_eq!(got[3..], ["article c None", "article d None"]);
        let unclosed = shown(&run("[{\"text\": \"un\"}"));
        assert_eq!(
            unclosed,
            [
                "article a.json#1 None",
                "problem a.json:1: malformed json: the array is not closed (end of file)"
            ]
        );
        let nul = shown(&run("[{\"text\": \"un\"},\n{\"text\": \"\0\"}]"));
        assert_eq!(
            nul[1],
            format!("problem a.json:2: {NUL_REASON} (element 2 of the array)")
        );
    }

    #[test]
    fn an_element_over_the_limit_is_skipped() {
        let big = "x".repeat(MAX_RECORD_BYTES);
        let input = format!("[{{\"text\": \"{big}\"}},\n{{\"text\": \"deux\"}}]");
        let got = shown(&run(&input));
        assert_eq!(
            got,
            [
                format!(
                    "problem a.json:1: {}",
                    limits::record_too_long("element 1 of the array")
                ),
                "article a.json#2 None".to_string()
            ]
        );
    }
}
