//! The `.csv` / `.tsv` reader: a header row, then one article per row, columns mapped by name.

use std::io::{self, BufRead};

use serde_json::{Map, Value};

use super::article::Article;
use super::fields::{article_from_record, FieldMap};
use super::jsonl::NUL_REASON;
use super::limits::{self, MAX_RECORD_BYTES};
use super::walk::{io_reason, InputError, Item};

/// Reads a CSV (`delimiter` `,`) or TSV (`\t`, no quoting) UTF-8 stream row by row. The
/// first row names the columns. A row that cannot be read, has no text, has more fields
/// than the header, holds a NUL byte or is over [`MAX_RECORD_BYTES`] is a problem with the
/// line where it starts; a quote never closed is reported at its row (it takes the rest of
/// the file).
pub fn read_csv(
    reader: &mut dyn BufRead,
    delimiter: u8,
    display: &str,
    fields: &FieldMap,
    sink: &mut dyn FnMut(Item),
) {
    let mut rows = Rows {
        reader,
        delimiter,
        quoting: delimiter != b'\t',
        line: 1,
    };
    let problem =
        |line: usize, reason: String| Item::Problem(InputError::at_line(display, line, reason));
    let mut headers: Option<Vec<String>> = None;
    let mut buf = Vec::new();
    loop {
        let row = match rows.next(&mut buf) {
            Ok(Some(row)) => row,
            Ok(None) => break,
            Err(err) => {
                sink(problem(rows.line, io_reason(&err)));
                break;
            }
        };
        let line = row.line;
        if let Some(reason) = row.problem() {
            sink(problem(line, reason));
            if headers.is_none() {
                return;
            }
            continue;
        }
        let record = match parse(&buf, delimiter, rows.quoting) {
            Ok(Some(record)) => record,
            Ok(None) => continue,
            Err(err) => {
                sink(problem(
                    line,
                    format!("malformed row: {}", csv_reason(&err)),
                ));
                continue;
            }
        };
        let Some(headers) = &headers else {
            let names: Vec<String> = record.iter().map(|s| s.trim().to_string()).collect();
            if !names.contains(&fields.text) {
                let reason = format!(
                    "no \"{}\" column (columns: {}); name the text column with --field text=NAME",
                    fields.text,
                    names.join(", ")
                );
                sink(problem(line, reason));
                return;
            }
            headers = Some(names);
            continue;
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let extra = record
            .iter()
            .skip(headers.len())
            .any(|f| !f.trim().is_empty());
        if extra {
            let sep = if rows.quoting { "a comma" } else { "a tab" };
            let reason = format!(
                "row has {} fields, the header {} ({sep} not quoted in a field?)",
                record.len(),
                headers.len()
            );
            sink(problem(line, reason));
            continue;
        }
        let map: Map<String, Value> = headers
            .iter()
            .zip(record.iter())
            .map(|(h, v)| (h.clone(), Value::String(v.to_string())))
            .collect();
        match article_from_record(&map, fields, display, || format!("{display}:{line}")) {
            Ok(got) => {
                if let Some(w) = got.warning {
                    sink(Item::Warning(InputError::at_line(display, line, w)));
                }
                sink(Item::Article(Article {
                    line: Some(line),
                    ..got.article
                }));
            }
            Err(reason) => sink(problem(line, reason)),
        }
    }
}

/// The fields of one row's bytes; `None` for a blank row.
fn parse(
    bytes: &[u8],
    delimiter: u8,
    quoting: bool,
) -> Result<Option<csv::StringRecord>, csv::Error> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .quoting(quoting)
        .from_reader(bytes);
    let mut record = ::csv::StringRecord::new();
    Ok(reader.read_record(&mut record)?.then_some(record))
}

fn csv_reason(err: &::csv::Error) -> String {
    match err.kind() {
        ::csv::ErrorKind::Io(e) => io_reason(e),
        _ => err.to_string().to_lowercase(),
    }
}

/// Cuts the input into rows, as the `csv` crate reads them (a quoted field may hold line
/// breaks; `""` is a quote inside one), keeping at most [`MAX_RECORD_BYTES`] of a row.
struct Rows<'a> {
    reader: &'a mut dyn BufRead,
    delimiter: u8,
    quoting: bool,
    /// The line of the next byte.
    line: usize,
}

/// Where a row is, and what is wrong with its bytes.
struct Row {
    /// The line where it starts.
    line: usize,
    /// The line where it ends.
    last_line: usize,
    too_long: bool,
    /// A quote opened and never closed (the row ran to the end of the input).
    unclosed: bool,
    nul: bool,
}

impl Row {
    fn problem(&self) -> Option<String> {
        if self.unclosed {
            Some(format!(
                "a quote opened in this row is never closed: lines {} to {} (the end of the file) read as one field, skipped",
                self.line, self.last_line
            ))
        } else if self.too_long {
            Some(limits::record_too_long("row"))
        } else if self.nul {
            Some(NUL_REASON.to_string())
        } else {
            None
        }
    }
}

/// Where a byte falls in a row.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A `"` in a quoted field: it closes the field, or starts `""`.
    QuoteInQuoted,
}

impl Rows<'_> {
    /// The next row into `buf` (with its line end), or `None` at the end of the input.
    fn next(&mut self, buf: &mut Vec<u8>) -> io::Result<Option<Row>> {
        buf.clear();
        let mut row = Row {
            line: self.line,
            last_line: self.line,
            too_long: false,
            unclosed: false,
            nul: false,
        };
        let mut state = State::FieldStart;
        let mut any = false;
        let mut after_newline = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                row.unclosed = state == State::Quoted;
                if !after_newline {
                    row.last_line = self.line;
                }
                break;
            }
            any = true;
            let mut used = available.len();
            let mut done = false;
            for (i, &b) in available.iter().enumerate() {
                row.nul |= b == 0;
                after_newline = b == b'\n';
                if b == b'\n' {
                    row.last_line = self.line;
                    self.line += 1;
                }
                state = match (state, b) {
                    (State::Quoted, b'"') => State::QuoteInQuoted,
                    (State::Quoted, _) => State::Quoted,
                    (State::QuoteInQuoted, b'"') => State::Quoted,
                    (State::FieldStart, b'"') if self.quoting => State::Quoted,
                    // A line break ends the row, `\r` too (as the `csv` crate reads it; the
                    // `\n` of `\r\n` is then a blank row).
                    (_, b'\n' | b'\r') => {
                        used = i + 1;
                        done = true;
                        break;
                    }
                    (_, d) if d == self.delimiter => State::FieldStart,
                    _ => State::Unquoted,
                };
            }
            if !row.too_long {
                if buf.len() + used > MAX_RECORD_BYTES {
                    row.too_long = true;
                    *buf = Vec::new();
                } else {
                    buf.extend_from_slice(&available[..used]);
                }
            }
            self.reader.consume(used);
            if done {
                break;
            }
        }
        Ok(any.then_some(row))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str, delimiter: u8, fields: &FieldMap) -> Vec<Item> {
        let mut items = Vec::new();
        let mut reader = input.as_bytes();
        read_csv(&mut reader, delimiter, "a.csv", fields, &mut |i| {
            items.push(i)
        });
        items
    }

    #[test]
    fn rows_become_articles() {
        let mut fields = FieldMap::default();
        fields.set("text=corps").unwrap();
        let input = "id,title,date,corps\n1,Titre,20 septembre 2023,\"Un texte, avec virgule\n\nEt suite\"\n2,,,\n3,T,hier,Trois\n";
        let items = run(input, b',', &fields);
        let shown: Vec<String> = items
            .iter()
            .map(|i| match i {
                Item::Article(a) => format!(
                    "{} {:?} {:?} {:?}",
                    a.doc_id,
                    a.title,
                    a.date.map(|d| d.to_string()),
                    a.text
                ),
                Item::Problem(p) => format!("problem {p}"),
                Item::Warning(w) => format!("warning {w}"),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            shown[0],
            "1 Some(\"Titre\") Some(\"2023-09-20\") \"Un texte, avec virgule\\n\\nEt suite\""
        );
        assert_eq!(shown[1], "problem a.csv:5: empty \"corps\" field");
        assert!(
            shown[2].starts_with("warning a.csv:6: date \"hier\""),
            "{shown:?}"
        );
        assert_eq!(shown[3], "3 Some(\"T\") None \"Trois\"");
    }

    #[test]
    fn tsv_and_missing_column() {
        let items = run("id\ttext\na\tUn \"guillemet\n", b'\t', &FieldMap::default());
        assert!(
            matches!(&items[..], [Item::Article(a)] if a.text == "Un \"guillemet"),
            "{items:?}"
        );
        let items = run("id,body\n1,x\n", b',', &FieldMap::default());
        assert!(
            matches!(&items[..], [Item::Problem(p)] if p.reason.starts_with("no \"text\" column (columns: id, body)")),
            "{items:?}"
        );
    }

    fn shown(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                Item::Article(a) => format!("article {}", a.text),
                Item::Problem(p) => format!("problem {p}"),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn extra_fields_nul_and_unclosed_quotes_are_reported_with_their_line() {
        let input = "id,text\r\n1,un\r\n2,deux,trois\r\n3,quatre,\r\n4,\"cinq\n\"\"six\"\"\"\n5,x\0y\n6,\"sept\n7,huit\n";
        assert_eq!(
            shown(&run(input, b',', &FieldMap::default())),
            [
                "article un",
                "problem a.csv:3: row has 3 fields, the header 2 (a comma not quoted in a field?)",
                "article quatre",
                "article cinq\n\"six\"",
                &format!("problem a.csv:7: {NUL_REASON}"),
                "problem a.csv:8: a quote opened in this row is never closed: lines 8 to 9 (the end of the file) read as one field, skipped",
            ]
        );
    }

    #[test]
    fn a_row_over_the_limit_is_skipped_and_the_next_read() {
        let input = format!("id,text\n1,\"{}\"\n2,deux\n", "x".repeat(MAX_RECORD_BYTES));
        assert_eq!(
            shown(&run(&input, b',', &FieldMap::default())),
            [
                format!("problem a.csv:2: {}", limits::record_too_long("row")),
                "article deux".to_string()
            ]
        );
    }
}
