//! The `.json` reader: an array of articles (read element by element) or one article.

use std::fmt;
use std::io::BufRead;

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::fields::{article_from_record, FieldMap};
use super::jsonl::json_reason;
use super::walk::{InputError, Item};

/// Reads a JSON file's UTF-8 stream: an array is read one element at a time (a large file
/// is never held whole), each object an article; a single object is one article. An element
/// that is not an article is a problem naming its number; a syntax error stops the file
/// (articles before it are kept) and is reported with its line.
pub fn read_json(
    reader: &mut dyn BufRead,
    display: &str,
    fields: &FieldMap,
    sink: &mut dyn FnMut(Item),
) {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let visitor = Articles {
        display,
        fields,
        sink: &mut *sink,
    };
    let result = de.deserialize_any(visitor).and_then(|()| de.end());
    if let Err(err) = result {
        let reason = json_reason(&err);
        let problem = if err.line() > 0 {
            InputError::at_line(display, err.line(), reason)
        } else {
            InputError::file(display, reason)
        };
        sink(Item::Problem(problem));
    }
}

struct Articles<'a> {
    display: &'a str,
    fields: &'a FieldMap,
    sink: &'a mut dyn FnMut(Item),
}

impl Articles<'_> {
    fn record(&mut self, record: &Map<String, Value>, number: Option<usize>) {
        let display = self.display;
        let default_id = || match number {
            Some(n) => format!("{display}#{n}"),
            None => display.to_string(),
        };
        let place = |reason: String| match number {
            Some(n) => InputError::file(display, format!("article {n}: {reason}")),
            None => InputError::file(display, reason),
        };
        match article_from_record(record, self.fields, display, default_id) {
            Ok(got) => {
                if let Some(w) = got.warning {
                    (self.sink)(Item::Warning(place(w)));
                }
                (self.sink)(Item::Article(got.article));
            }
            Err(reason) => (self.sink)(Item::Problem(place(reason))),
        }
    }
}

impl<'de> Visitor<'de> for Articles<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of articles or one article object")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0;
        while let Some(value) = seq.next_element::<Value>()? {
            n += 1;
            match value {
                Value::Object(record) => self.record(&record, Some(n)),
                _ => {
                    let reason = format!("article {n}: not a json object");
                    (self.sink)(Item::Problem(InputError::file(self.display, reason)));
                }
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, map: A) -> Result<(), A::Error> {
        let record = Map::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        self.record(&record, None);
        Ok(())
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

    #[test]
    fn array_object_and_errors() {
        let items = run(
            r#"[{"id": "x", "text": "un"}, 3, {"text": "deux", "date": "20/09/2023"}, {"id": "y"}]"#,
        );
        let shown: Vec<String> = items
            .iter()
            .map(|i| match i {
                Item::Article(a) => {
                    format!("article {} {:?}", a.doc_id, a.date.map(|d| d.to_string()))
                }
                Item::Problem(p) => format!("problem {p}"),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "article x None",
                "problem a.json: article 2: not a json object",
                "article a.json#3 Some(\"2023-09-20\")",
                "problem a.json: article 4: missing \"text\" field",
            ]
        );
        let one = run(r#"{"text": "seul"}"#);
        assert!(matches!(&one[..], [Item::Article(a)] if a.doc_id == "a.json"));
        let broken = run("[{\"text\": \"un\"},\n{\"text\": ");
        assert!(matches!(&broken[0], Item::Article(_)));
        assert!(
            matches!(&broken[1], Item::Problem(p) if p.line == Some(2)),
            "{broken:?}"
        );
        let scalar = run("42");
        assert!(
            matches!(&scalar[..], [Item::Problem(p)] if p.reason.contains("array of articles")),
            "{scalar:?}"
        );
    }
}
