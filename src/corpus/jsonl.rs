//! The JSON Lines reader (`.jsonl`, `.ndjson`): one article per line, read streaming.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::article::Article;
use super::fields::{article_from_record, FieldMap};
use super::limits::{self, Line, MAX_RECORD_BYTES};
use super::walk::{io_reason, InputError, Item};

/// The reason for a line that is not a valid article, without serde's "at line 1".
pub(crate) fn json_reason(err: &serde_json::Error) -> String {
    json_reason_at(err, err.column())
}

/// [`json_reason`] naming `column` (0: none) rather than serde's own.
pub(crate) fn json_reason_at(err: &serde_json::Error, column: usize) -> String {
    let full = err.to_string();
    let msg = full
        .rfind(" at line ")
        .map_or(full.as_str(), |i| &full[..i]);
    let what = match err.classify() {
        serde_json::error::Category::Data => "invalid article",
        _ => "malformed json",
    };
    match column {
        0 => format!("{what}: {msg}"),
        column => format!("{what}: {msg} (column {column})"),
    }
}

/// Parses one non-blank line (1-based `line_no`) of the file shown as `display`,
/// passing to `sink` a warning (bad date) then the article, or one problem.
pub fn parse_line(
    bytes: &[u8],
    display: &str,
    line_no: usize,
    fields: &FieldMap,
    sink: &mut dyn FnMut(Item),
) {
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        let reason = "malformed json: expected an object starting with '{'";
        sink(Item::Problem(InputError::at_line(display, line_no, reason)));
        return;
    }
    let record: Map<String, Value> = match serde_json::from_slice(bytes) {
        Ok(record) => record,
        Err(err) => {
            sink(Item::Problem(InputError::at_line(
                display,
                line_no,
                json_reason(&err),
            )));
            return;
        }
    };
    match article_from_record(&record, fields, display, || format!("{display}:{line_no}")) {
        Ok(got) => {
            if let Some(w) = got.warning {
                sink(Item::Warning(InputError::at_line(display, line_no, w)));
            }
            sink(Item::Article(Article {
                line: Some(line_no),
                ..got.article
            }));
        }
        Err(reason) => sink(Item::Problem(InputError::at_line(display, line_no, reason))),
    }
}

/// The reason for a record holding a NUL byte (binary data in a text format).
pub(crate) const NUL_REASON: &str = "a NUL byte (binary data) in the record";

/// Reads JSON Lines from a UTF-8 stream line by line, passing items to `sink`: blank lines
/// are skipped, a bad line (malformed, holding a NUL byte, over [`MAX_RECORD_BYTES`]) is a
/// problem with its line number, and the others are kept.
pub fn read_jsonl(
    reader: &mut dyn BufRead,
    display: &str,
    fields: &FieldMap,
    sink: &mut dyn FnMut(Item),
) {
    let mut buf: Vec<u8> = Vec::with_capacity(1 << 14);
    let mut line_no = 0usize;
    loop {
        line_no += 1;
        match limits::read_line(reader, &mut buf, MAX_RECORD_BYTES) {
            Ok(Line::End) => break,
            Ok(Line::Read) => {}
            Ok(Line::TooLong) => {
                let reason = limits::record_too_long("line");
                sink(Item::Problem(InputError::at_line(display, line_no, reason)));
                continue;
            }
            Err(err) => {
                sink(Item::Problem(InputError::at_line(
                    display,
                    line_no,
                    io_reason(&err),
                )));
                break;
            }
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if buf.contains(&0) {
            sink(Item::Problem(InputError::at_line(
                display, line_no, NUL_REASON,
            )));
            continue;
        }
        parse_line(&buf, display, line_no, fields, sink);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Date;

    fn run(input: &str) -> Vec<Item> {
        let mut items = Vec::new();
        let mut reader = input.as_bytes();
        read_jsonl(&mut reader, "f.jsonl", &FieldMap::default(), &mut |i| {
            items.push(i)
        });
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
                line: Some(1),
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
                Item::Warning(w) | Item::Info(w) => panic!("unexpected {w}"),
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
    fn a_nul_byte_or_a_long_line_is_one_problem() {
        let long = format!("{{\"text\": \"{}\"}}\n", "x".repeat(MAX_RECORD_BYTES));
        let input =
            format!("{{\"text\": \"un\"}}\n{{\"text\": \"\0\"}}\n{long}{{\"text\": \"deux\"}}\n");
        let shown: Vec<String> = run(&input)
            .iter()
            .map(|i| match i {
                Item::Article(a) => a.text.clone(),
                Item::Problem(p) => p.to_string(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "un".to_string(),
                format!("f.jsonl:2: {NUL_REASON}"),
                format!("f.jsonl:3: {}", limits::record_too_long("line")),
                "deux".to_string(),
            ]
        );
    }

    #[test]
    fn bad_date_warns_and_keeps_article() {
        let items = run(concat!(
            "{\"id\": \"a\", \"text\": \"t\", \"date\": \"hier\"}\n",
            "{\"id\": \"b\", \"text\": \"t\", \"date\": 1695200000}\n",
            "{\"id\": \"c\", \"text\": \"t\", \"date\": \"2023-09-20T13:00:00+04:00\"}\n",
        ));
        assert_eq!(items.len(), 5);
        assert_eq!(
            items[0],
            Item::Warning(InputError::at_line(
                "f.jsonl",
                1,
                "date \"hier\" not understood (expected e.g. 2023-09-20, 20/09/2023 or 20 septembre 2023), ignored"
            ))
        );
        assert_eq!(article(&items[1]).date, None);
        assert!(matches!(&items[2], Item::Warning(w) if w.line == Some(2)));
        assert_eq!(article(&items[3]).date, None);
        assert_eq!(article(&items[4]).date, Date::new(2023, 9, 20));
    }
}
