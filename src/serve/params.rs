//! The parameters of an API request: the URL's query string decoded (strictly: invalid
//! UTF-8 or an unknown name is an error), then turned into the library's options with the
//! server's limits applied. The names mirror the CLI's flags (`per_article` for
//! `--per-article`).

use crate::audit::{By, CountOptions, KwicOptions, KwicSort};
use crate::corpus::Date;
use crate::query::DateBound;
use crate::search::{Filters, Scope, SearchOptions, SortOrder};

use super::Limits;

/// A request's parameters, in URL order (a name may repeat, as `source`).
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

/// A bad request: its one-line message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRequest(pub String);

type Res<T> = Result<T, BadRequest>;

fn bad<T>(message: String) -> Res<T> {
    Err(BadRequest(message))
}

/// Percent-decodes one component (`+` is a space) into UTF-8, or fails.
fn decode(s: &str) -> Res<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).or_else(|_| bad("the URL's parameters are not UTF-8".into()))
}

impl Params {
    /// Decodes a query string; only the names in `allowed` are accepted.
    pub fn parse(raw: Option<&str>, allowed: &[&str]) -> Res<Params> {
        let mut pairs = Vec::new();
        for part in raw.unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            let (name, value) = (decode(name)?, decode(value)?);
            if !allowed.contains(&name.as_str()) {
                let shown: String = name.chars().take(40).collect();
                return bad(format!(
                    "unknown parameter {shown:?}; this endpoint takes {}",
                    allowed.join(", ")
                ));
            }
            pairs.push((name, value));
        }
        Ok(Params { pairs })
    }

    /// The last value given for `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every non-empty value given for `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    /// The query `q` (required, non-empty, at most `limits.max_query_chars` characters).
    pub fn query(&self, limits: &Limits) -> Res<String> {
        let q = self.get("q").unwrap_or_default().trim();
        if q.is_empty() {
            return bad("no query: give one as q=…".into());
        }
        let n = q.chars().count();
        if n > limits.max_query_chars {
            return bad(format!(
                "the query is {n} characters long, at most {}",
                limits.max_query_chars
            ));
        }
        Ok(q.to_string())
    }

    fn flag(&self, name: &str) -> Res<bool> {
        match self.get(name) {
            None | Some("false") | Some("0") => Ok(false),
            Some("") | Some("true") | Some("1") => Ok(true),
            Some(v) => bad(format!("{name}={v:?}: use true or false")),
        }
    }

    /// A number in `min..=max`, or `default` when absent or empty.
    pub(super) fn number(&self, name: &str, default: usize, min: usize, max: usize) -> Res<usize> {
        let Some(v) = self.get(name).map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(default);
        };
        let shown: String = v.chars().take(40).collect();
        match v.parse::<u128>() {
            Ok(n) if n > max as u128 => bad(format!("{name}={shown}: at most {max}")),
            Ok(n) if n < min as u128 => bad(format!("{name}={shown}: at least {min}")),
            Ok(n) => Ok(n as usize),
            Err(_) => bad(format!("{name}={shown:?}: not a number")),
        }
    }

    /// One of `choices` (by name), or the first when absent.
    fn choice<T: Copy>(&self, name: &str, choices: &[(&str, T)]) -> Res<T> {
        let Some(v) = self.get(name).filter(|v| !v.is_empty()) else {
            return Ok(choices[0].1);
        };
        match choices.iter().find(|(n, _)| *n == v) {
            Some((_, t)) => Ok(*t),
            None => {
                let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
                let shown: String = v.chars().take(40).collect();
                bad(format!("{name}={shown:?}: use one of {}", names.join(", ")))
            }
        }
    }

    /// `source`, `from` and `to`, as the CLI's `--source`, `--from` and `--to`.
    pub fn filters(&self) -> Res<Filters> {
        let from = bound(self.get("from"), "from", true)?;
        let to = bound(self.get("to"), "to", false)?;
        if let (Some(f), Some(t)) = (from, to) {
            if f.to_unix_days() > t.to_unix_days() {
                return bad(format!(
                    "from {} is after to {}: no article can match",
                    self.get("from").unwrap_or_default(),
                    self.get("to").unwrap_or_default()
                ));
            }
        }
        Ok(Filters {
            sources: self.all("source"),
            from,
            to,
        })
    }

    /// `scope=passage|article`.
    pub fn scope(&self) -> Res<Scope> {
        self.choice(
            "scope",
            &[("passage", Scope::Passage), ("article", Scope::Article)],
        )
    }

    /// `any=true`.
    pub fn any(&self) -> Res<bool> {
        self.flag("any")
    }

    /// `show_query=true` (as `--show-query`).
    pub fn show_query(&self) -> Res<bool> {
        self.flag("show_query")
    }

    /// `offset` and `limit` within the limits (`offset + limit` at most
    /// `limits.max_window`).
    pub fn window(&self, limits: &Limits, default_limit: usize) -> Res<(usize, usize)> {
        let limit = self.number("limit", default_limit, 0, limits.max_limit)?;
        let offset = self.number("offset", 0, 0, limits.max_window)?;
        if offset + limit > limits.max_window {
            return bad(format!(
                "offset + limit is {}, at most {}",
                offset + limit,
                limits.max_window
            ));
        }
        Ok((offset, limit))
    }

    /// The options of `/api/query`, as `search query`'s flags.
    pub fn search(&self, limits: &Limits) -> Res<SearchOptions> {
        let (offset, limit) = self.window(limits, 10)?;
        let filters = self.filters()?;
        let per_article = match self.get("per_article").filter(|v| !v.is_empty()) {
            Some(_) => Some(self.number("per_article", 1, 1, usize::MAX)?),
            None => None,
        };
        Ok(SearchOptions {
            limit,
            offset,
            any: self.any()?,
            sources: filters.sources,
            from: filters.from,
            to: filters.to,
            sort: self.choice(
                "sort",
                &[
                    ("score", SortOrder::Score),
                    ("date", SortOrder::Date),
                    ("-date", SortOrder::DateDesc),
                ],
            )?,
            per_article,
            context: self.number("context", 0, 0, limits.max_context)?,
            collapse: !self.flag("no_collapse")?,
            forms: self.flag("exact_report")?,
            scope: self.scope()?,
            ..SearchOptions::default()
        })
    }

    /// The options of `/api/count`, as `search count`'s flags.
    pub fn count(&self) -> Res<CountOptions> {
        let by = self.choice(
            "by",
            &[
                ("", None),
                ("source", Some(By::Source)),
                ("year", Some(By::Year)),
                ("month", Some(By::Month)),
                ("day", Some(By::Day)),
                ("article", Some(By::Article)),
            ],
        )?;
        Ok(CountOptions {
            by,
            forms: self.flag("forms")?,
            any: self.any()?,
            filters: self.filters()?,
            scope: self.scope()?,
        })
    }

    /// The options of `/api/kwic`, as `search kwic`'s flags.
    pub fn kwic(&self, limits: &Limits) -> Res<KwicOptions> {
        Ok(KwicOptions {
            width: self.number("width", 40, 0, limits.max_width)?,
            sort: self.choice(
                "sort",
                &[
                    ("doc", KwicSort::Doc),
                    ("left", KwicSort::Left),
                    ("right", KwicSort::Right),
                    ("date", KwicSort::Date),
                ],
            )?,
            any: self.any()?,
            filters: self.filters()?,
            scope: self.scope()?,
            // The server pages the concordance with `offset` and `limit` itself.
            limit: None,
            sample: None,
        })
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the first (`first`) or last day it covers.
fn bound(value: Option<&str>, name: &str, first: bool) -> Res<Option<Date>> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let Some(b) = DateBound::parse(v) else {
        let shown: String = v.chars().take(40).collect();
        return bad(format!(
            "{name} {shown:?}: not a date; use YYYY, YYYY-MM or YYYY-MM-DD"
        ));
    };
    Ok(Some(if first { b.first_day() } else { b.last_day() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Res<Params> {
        Params::parse(Some(raw), &["q", "limit", "offset", "source", "from", "to"])
    }

    #[test]
    fn decodes_percent_plus_and_repeats() {
        let p = parse("q=cessez%2Dle-feu+%C3%A0&source=AFP&source=Reuters").unwrap();
        assert_eq!(p.get("q"), Some("cessez-le-feu à"));
        assert_eq!(p.all("source"), ["AFP", "Reuters"]);
    }

    #[test]
    fn refuses_bad_input_with_one_line() {
        let limits = Limits::default();
        let table = [
            ("q=%FF%FE", "not UTF-8"),
            ("qq=x", "unknown parameter \"qq\""),
            ("q=x&limit=1000000000", "limit=1000000000: at most"),
            ("q=x&limit=-1", "not a number"),
            ("q=x&offset=99999999999999999999999999", "offset="),
            ("q=x&from=hier", "from \"hier\": not a date"),
            ("q=x&from=2021&to=2020", "from 2021 is after to 2020"),
            ("q=", "no query"),
        ];
        for (raw, message) in table {
            let err = parse(raw)
                .and_then(|p| p.query(&limits).and(p.search(&limits)))
                .unwrap_err();
            assert!(err.0.contains(message), "{raw}: {}", err.0);
        }
    }
}
