//! Article fields in structured records (JSON, JSON Lines, CSV): which names to read, and
//! turning one record into an [`Article`].

use serde_json::{Map, Value};

use super::article::{Article, Date};

/// The record field (or CSV column) read for each article field. Defaults are the article
/// field names: `id`, `title`, `date`, `source`, `url`, `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap {
    pub id: String,
    pub title: String,
    pub date: String,
    pub source: String,
    pub url: String,
    pub text: String,
}

impl Default for FieldMap {
    fn default() -> Self {
        FieldMap {
            id: "id".into(),
            title: "title".into(),
            date: "date".into(),
            source: "source".into(),
            url: "url".into(),
            text: "text".into(),
        }
    }
}

impl FieldMap {
    /// Applies one `FIELD=NAME` mapping (e.g. `text=body`); an error names what is wrong.
    pub fn set(&mut self, spec: &str) -> Result<(), String> {
        let (field, name) = spec
            .split_once('=')
            .ok_or_else(|| format!("--field {spec:?}: expected FIELD=NAME, e.g. text=body"))?;
        let name = name.trim();
        if name.is_empty() {
            return Err(format!("--field {spec:?}: the name after '=' is empty"));
        }
        let slot = match field.trim() {
            "id" => &mut self.id,
            "title" => &mut self.title,
            "date" => &mut self.date,
            "source" => &mut self.source,
            "url" => &mut self.url,
            "text" => &mut self.text,
            other => {
                return Err(format!(
                    "--field {spec:?}: unknown field {other:?} (expected id, title, date, source, url or text)"
                ))
            }
        };
        *slot = name.to_string();
        Ok(())
    }
}

/// What a record gave: an article (with maybe a warning about its date), or why it is not one.
pub struct FromRecord {
    pub article: Article,
    /// A bad date, kept as missing.
    pub warning: Option<String>,
}

/// Builds the article of one record. `default_id` is used when the id is missing or blank.
pub fn article_from_record(
    record: &Map<String, Value>,
    fields: &FieldMap,
    path: &str,
    default_id: impl FnOnce() -> String,
) -> Result<FromRecord, String> {
    let text = match record.get(&fields.text) {
        None | Some(Value::Null) => return Err(format!("missing \"{}\" field", fields.text)),
        Some(Value::String(s)) => s,
        Some(other) => return Err(invalid(&fields.text, other, "a string")),
    };
    if text.trim().is_empty() {
        return Err(format!("empty \"{}\" field", fields.text));
    }
    if text.len() > super::limits::MAX_ARTICLE_BYTES {
        return Err(super::limits::article_too_long());
    }
    let id = match record.get(&fields.id) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(other) => return Err(invalid(&fields.id, other, "a string or a number")),
    };
    let string = |name: &str| -> Result<Option<String>, String> {
        match record.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(non_blank(s)),
            Some(other) => Err(invalid(name, other, "a string")),
        }
    };
    let title = string(&fields.title)?;
    let source = string(&fields.source)?;
    let url = string(&fields.url)?;
    let mut warning = None;
    let date = match record.get(&fields.date) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(value) => {
            let parsed = value.as_str().and_then(Date::parse);
            match parsed {
                None => {
                    warning = Some(format!(
                        "date {value} not understood (expected e.g. 2023-09-20, 20/09/2023 or 20 septembre 2023), ignored"
                    ));
                    None
                }
                Some(d) if !d.indexable() => {
                    warning = Some(format!(
                        "date {value} outside {} to {} (the dates the index can hold), the article is kept undated",
                        Date::FIRST_INDEXED,
                        Date::LAST_INDEXED
                    ));
                    None
                }
                Some(d) => Some(d),
            }
        }
    };
    Ok(FromRecord {
        article: Article {
            doc_id: id.and_then(|s| non_blank(&s)).unwrap_or_else(default_id),
            path: path.to_string(),
            title,
            date,
            source,
            url,
            text: text.clone(),
            line: None,
        },
        warning,
    })
}

fn invalid(name: &str, value: &Value, expected: &str) -> String {
    let found = match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    };
    format!("invalid article: invalid type: {found} for \"{name}\", expected {expected}")
}

fn non_blank(s: &str) -> Option<String> {
    (!s.trim().is_empty()).then(|| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_specs() {
        let mut f = FieldMap::default();
        f.set("text=body").unwrap();
        f.set("date = published_at").unwrap();
        assert_eq!(f.text, "body");
        assert_eq!(f.date, "published_at");
        assert!(f.set("body").unwrap_err().contains("FIELD=NAME"));
        assert!(f.set("author=x").unwrap_err().contains("unknown field"));
        assert!(f.set("text=").unwrap_err().contains("empty"));
    }

    #[test]
    fn record_with_mapped_names() {
        let mut f = FieldMap::default();
        f.set("text=body").unwrap();
        f.set("id=guid").unwrap();
        let rec: Map<String, Value> = serde_json::from_str(
            r#"{"guid": 7, "body": "Texte", "title": " ", "date": "20 septembre 2023"}"#,
        )
        .unwrap();
        let got = article_from_record(&rec, &f, "a.json", || "x".into()).unwrap();
        assert_eq!(got.article.doc_id, "7");
        assert_eq!(got.article.title, None);
        assert_eq!(got.article.date, Date::new(2023, 9, 20));
        assert!(got.warning.is_none());
        let rec: Map<String, Value> = serde_json::from_str(r#"{"text": "t"}"#).unwrap();
        let err = article_from_record(&rec, &f, "a.json", || "x".into()).err();
        assert_eq!(err.as_deref(), Some("missing \"body\" field"));
    }
}
