//! The `.csv` / `.tsv` reader: a header row, then one article per row, columns mapped by name.

use std::io::BufRead;

use serde_json::{Map, Value};

use super::fields::{article_from_record, FieldMap};
use super::walk::{InputError, Item};

/// Reads a CSV (`delimiter` `,`) or TSV (`\t`) UTF-8 stream row by row. The first row names
/// the columns; a row that cannot be read, or has no text, is a problem with its line.
pub fn read_csv(
    reader: &mut dyn BufRead,
    delimiter: u8,
    display: &str,
    fields: &FieldMap,
    sink: &mut dyn FnMut(Item),
) {
    let mut csv = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .quoting(delimiter != b'\t')
        .from_reader(reader);
    let headers: Vec<String> = match csv.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(err) => {
            sink(Item::Problem(InputError::file(
                display,
                format!("malformed header: {err}"),
            )));
            return;
        }
    };
    if !headers.contains(&fields.text) {
        let reason = format!(
            "no \"{}\" column (columns: {}); name the text column with --field text=NAME",
            fields.text,
            headers.join(", ")
        );
        sink(Item::Problem(InputError::file(display, reason)));
        return;
    }
    let mut record = ::csv::StringRecord::new();
    loop {
        let line = csv.position().line() as usize;
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                let line = err.position().map_or(line, |p| p.line() as usize);
                let reason = format!("malformed row: {}", csv_reason(&err));
                sink(Item::Problem(InputError::at_line(display, line, reason)));
                continue;
            }
        }
        let line = record.position().map_or(line, |p| p.line() as usize);
        if record.iter().all(|f| f.trim().is_empty()) {
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
                sink(Item::Article(got.article));
            }
            Err(reason) => sink(Item::Problem(InputError::at_line(display, line, reason))),
        }
    }
}

fn csv_reason(err: &::csv::Error) -> String {
    match err.kind() {
        ::csv::ErrorKind::Io(e) => super::walk::io_reason(e),
        _ => err.to_string().to_lowercase(),
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
}
