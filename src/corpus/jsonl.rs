//! The JSON Lines reader (`.jsonl`, `.ndjson`): one article per line, read streaming.

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use super::article::{Article, Date};
use super::walk::{io_reason, InputError, Item};

/// One line as found in the file. Unknown fields are ignored; `null` counts as missing.
#[derive(Deserialize)]
#[serde(expecting = "a json object")]
struct RawLine {
    #[serde(default)]
    id: Option<Id>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    date: Option<serde_json::Value>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

/// An `id` given as a string or a number, kept as a string.
struct Id(String);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Id, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number for \"id\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Id, E> {
                Ok(Id(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
        }
        deserializer.deserialize_any(IdVisitor)
    }
}

/// The reason for a line that is not a valid article, without serde's "at line 1".
fn json_reason(err: &serde_json::Error) -> String {
    let full = err.to_string();
    let msg = full
        .rfind(" at line ")
        .map_or(full.as_str(), |i| &full[..i]);
    let what = match err.classify() {
        serde_json::error::Category::Data => "invalid article",
        _ => "malformed json",
    };
    match err.column() {
        0 => format!("{what}: {msg}"),
        column => format!("{what}: {msg} (column {column})"),
    }
}

/// `None` for a missing, empty or whitespace-only string.
fn non_blank(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

/// Parses one non-blank line (1-based `line_no`) of the file shown as `display`,
/// passing to `sink` a warning (bad date) then the article, or one problem.
pub fn parse_line(bytes: &[u8], display: &str, line_no: usize, sink: &mut dyn FnMut(Item)) {
    // Serde would also accept an array for a struct; only an object is an article.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        let reason = "malformed json: expected an object starting with '{'";
        sink(Item::Problem(InputError::at_line(display, line_no, reason)));
        return;
    }
    let raw: RawLine = match serde_json::from_slice(bytes) {
        Ok(raw) => raw,
        Err(err) => {
            sink(Item::Problem(InputError::at_line(
                display,
                line_no,
                json_reason(&err),
            )));
            return;
        }
    };
    let Some(text) = raw.text else {
        sink(Item::Problem(InputError::at_line(
            display,
            line_no,
            "missing \"text\" field",
        )));
        return;
    };
    if text.trim().is_empty() {
        sink(Item::Problem(InputError::at_line(
            display,
            line_no,
            "empty \"text\" field",
        )));
        return;
    }
    let date = match raw.date {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => None,
        Some(value) => {
            let parsed = value.as_str().and_then(Date::parse);
            if parsed.is_none() {
                let reason = format!("date {value} not understood (expected YYYY-MM-DD), ignored");
                sink(Item::Warning(InputError::at_line(display, line_no, reason)));
            }
            parsed
        }
    };
    let doc_id = non_blank(raw.id.map(|id| id.0)).unwrap_or_else(|| format!("{display}:{line_no}"));
    sink(Item::Article(Article {
        doc_id,
        path: display.to_string(),
        title: non_blank(raw.title),
        date,
        source: non_blank(raw.source),
        url: non_blank(raw.url),
        text,
    }));
}

/// Reads the JSON Lines file at `path` (shown as `display`) line by line, passing items to
/// `sink`: blank lines are skipped, a bad line is a problem and the others are kept.
/// Returns the number of bytes read.
pub fn read_jsonl_file(path: &Path, display: &str, sink: &mut dyn FnMut(Item)) -> u64 {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(err) => {
            sink(Item::Problem(InputError::file(display, io_reason(&err))));
            return 0;
        }
    };
    read_jsonl(BufReader::with_capacity(1 << 16, file), display, sink)
}

/// Reads JSON Lines from any buffered reader; see [`read_jsonl_file`].
pub fn read_jsonl(mut reader: impl BufRead, display: &str, sink: &mut dyn FnMut(Item)) -> u64 {
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 14);
    let mut bytes = 0u64;
    let mut line_no = 0usize;
    loop {
        buf.clear();
        line_no += 1;
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(n) => bytes += n as u64,
            Err(err) => {
                sink(Item::Problem(InputError::at_line(
                    display,
                    line_no,
                    io_reason(&err),
                )));
                break;
            }
        }
        let mut line = buf.as_slice();
        if line_no == 1 {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        parse_line(line, display, line_no, sink);
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str) -> Vec<Item> {
        let mut items = Vec::new();
        let n = read_jsonl(input.as_bytes(), "f.jsonl", &mut |i| items.push(i));
        assert_eq!(n, input.len() as u64);
        items
    }

    fn article(item: &Item) -> &Article {
        match item {
            Item::Article(a) => a,
            other => panic!("expected an article, got {other:?}"),
        }
    }

    #[test]
    fn all_fields() {
        let items = run(concat!(
            r#"{"id": "orangesum-1", "title": "Titre", "date": "2020-07-02", "source": "Orange", "#,
            r#""url": "https://x.fr/a", "text": "Cela porte.\n\nSuite", "extra": [1, {"a": 2}]}"#,
            "\n"
        ));
        assert_eq!(
            items,
            [Item::Article(Article {
                doc_id: "orangesum-1".into(),
                path: "f.jsonl".into(),
                title: Some("Titre".into()),
                date: Date::new(2020, 7, 2),
                source: Some("Orange".into()),
                url: Some("https://x.fr/a".into()),
                text: "Cela porte.\n\nSuite".into(),
            })]
        );
    }

    #[test]
    fn missing_null_and_blank_fields() {
        let items = run(concat!(
            "{\"text\": \"un\"}\n",
            "{\"id\": null, \"title\": null, \"date\": null, \"source\": \"\", \"url\": null, \"text\": \"deux\"}\n",
            "{\"id\": \"  \", \"text\": \"trois\", \"date\": \"\"}"
        ));
        let want_ids = ["f.jsonl:1", "f.jsonl:2", "f.jsonl:3"];
        assert_eq!(items.len(), 3);
        for (item, want) in items.iter().zip(want_ids) {
            let a = article(item);
            assert_eq!(a.doc_id, want);
            assert_eq!(
                (&a.title, a.date, &a.source, &a.url),
                (&None, None, &None, &None)
            );
        }
    }

    #[test]
    fn id_forms() {
        let cases = [
            (r#"{"id": 42, "text": "t"}"#, "42"),
            (r#"{"id": -7, "text": "t"}"#, "-7"),
            (r#"{"id": 1.5, "text": "t"}"#, "1.5"),
            (r#"{"id": "a\"b", "text": "t"}"#, "a\"b"),
        ];
        for (line, want) in cases {
            assert_eq!(article(&run(line)[0]).doc_id, want, "{line}");
        }
    }

    #[test]
    fn bad_lines_are_problems_with_line_numbers_others_kept() {
        let items = run(concat!(
            "{\"id\": \"a\", \"text\": \"ok\"}\n",
            "{\"id\": \"b\", \"text\": \n",
            "\n",
            "   \r\n",
            "{\"id\": \"c\"}\n",
            "{\"id\": \"d\", \"text\": 3}\n",
            "[1, 2]\n",
            "{\"id\": [1], \"text\": \"x\"}\n",
            "{\"id\": \"e\", \"text\": \"  \"}\n",
            "{\"id\": \"f\", \"text\": \"fin\"} x\n",
            "{\"id\": \"g\", \"text\": \"dernier\"}\r\n",
        ));
        let mut articles = Vec::new();
        let mut problems = Vec::new();
        for item in &items {
            match item {
                Item::Article(a) => articles.push(a.doc_id.as_str()),
                Item::Problem(p) => problems.push((p.line, p.reason.as_str())),
                Item::Warning(w) => panic!("unexpected warning {w}"),
            }
        }
        assert_eq!(articles, ["a", "g"]);
        let lines: Vec<_> = problems.iter().map(|p| p.0).collect();
        assert_eq!(lines, [2, 5, 6, 7, 8, 9, 10].map(Some));
        assert!(
            problems[0]
                .1
                .starts_with("malformed json: EOF while parsing"),
            "{problems:?}"
        );
        assert_eq!(problems[1].1, "missing \"text\" field");
        assert!(
            problems[2]
                .1
                .starts_with("invalid article: invalid type: integer `3`"),
            "{problems:?}"
        );
        assert!(problems[3].1.contains("expected an object"), "{problems:?}");
        assert!(
            problems[4].1.contains("a string or a number"),
            "{problems:?}"
        );
        assert_eq!(problems[5].1, "empty \"text\" field");
        assert!(
            problems[6]
                .1
                .starts_with("malformed json: trailing characters"),
            "{problems:?}"
        );
        let shown = match &items[1] {
            Item::Problem(p) => p.to_string(),
            other => panic!("{other:?}"),
        };
        assert!(shown.starts_with("f.jsonl:2: malformed json"), "{shown}");
    }

    #[test]
    fn bad_date_warns_and_keeps_article() {
        let items = run(concat!(
            "{\"id\": \"a\", \"text\": \"t\", \"date\": \"20/09/2023\"}\n",
            "{\"id\": \"b\", \"text\": \"t\", \"date\": 1695200000}\n",
            "{\"id\": \"c\", \"text\": \"t\", \"date\": \"2023-09-20T13:00:00+04:00\"}\n",
        ));
        assert_eq!(items.len(), 5);
        assert_eq!(
            items[0],
            Item::Warning(InputError::at_line(
                "f.jsonl",
                1,
                "date \"20/09/2023\" not understood (expected YYYY-MM-DD), ignored"
            ))
        );
        assert_eq!(article(&items[1]).date, None);
        assert!(matches!(&items[2], Item::Warning(w) if w.line == Some(2)));
        assert_eq!(article(&items[3]).date, None);
        assert_eq!(article(&items[4]).date, Date::new(2023, 9, 20));
    }

    #[test]
    fn bom_and_invalid_utf8_line() {
        let mut items = Vec::new();
        let input =
            b"\xEF\xBB\xBF{\"text\": \"un\"}\n{\"text\": \"d\xE9j\xE0\"}\n{\"text\": \"trois\"}";
        read_jsonl(&input[..], "f.jsonl", &mut |i| items.push(i));
        assert_eq!(article(&items[0]).text, "un");
        assert!(
            matches!(&items[1], Item::Problem(p) if p.line == Some(2)),
            "{items:?}"
        );
        assert_eq!(article(&items[2]).text, "trois");
    }

    #[test]
    fn missing_file_is_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        let mut items = Vec::new();
        read_jsonl_file(&dir.path().join("x.jsonl"), "x.jsonl", &mut |i| {
            items.push(i)
        });
        assert_eq!(
            items,
            [Item::Problem(InputError::file(
                "x.jsonl",
                "no such file or directory"
            ))]
        );
    }
}
