//! The query syntax tree.

use crate::corpus::Date;

/// How a clause takes part in its sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Occur {
    /// No operator: required by default, optional with `--any`.
    Default,
    /// `+word`, or a side of `AND`: required.
    Must,
    /// `-word` or `NOT word`: excluded.
    MustNot,
}

/// One clause of a sequence.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub occur: Occur,
    pub node: Node,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Clauses side by side (`a b -c +d`, `a AND b`).
    Seq(Vec<Clause>),
    /// `a OR b OR c`.
    Or(Vec<Node>),
    /// A word, phrase or filter.
    Leaf(Leaf),
}

/// A bound of a date range (inclusive), from `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateBound {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// An inclusive date range; a missing bound is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// The leaves of the query language.
#[derive(Debug, Clone, PartialEq)]
pub enum Leaf {
    /// A word as typed (a compound like `cessez-le-feu` is a phrase of its parts).
    Word(String),
    /// `"…"` or `« … »`, with `~N` slop.
    Phrase { text: String, slop: u32 },
    /// `=mot`: this surface form only (case ignored, accents significant, no other form).
    Exact(String),
    /// `négoci*`: words whose folded form starts with this.
    Prefix(String),
    /// `Karabakh~`: spellings within a small edit distance (`~N` sets it).
    Fuzzy { text: String, distance: Option<u8> },
    /// `title:word`: the word in the article title.
    Title(Box<Leaf>),
    /// `source:AFP`.
    Source(String),
    /// `date:2019..2020`.
    Date(DateRange),
}

impl DateBound {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or a day written as the indexer reads dates
    /// (`15/03/2020`, `15.03.2020`, `15 mars 2020`).
    pub fn parse(s: &str) -> Option<DateBound> {
        DateBound::parse_iso(s).or_else(|| {
            let d = Date::parse(s)?;
            Some(DateBound {
                year: d.year,
                month: Some(d.month),
                day: Some(d.day),
            })
        })
    }

    fn parse_iso(s: &str) -> Option<DateBound> {
        let mut it = s.split('-');
        let year_s = it.next()?;
        if year_s.len() != 4 || !year_s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i32 = year_s.parse().ok()?;
        let month = match it.next() {
            None => None,
            Some(m) if m.len() == 2 => {
                Some(m.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?)
            }
            Some(_) => return None,
        };
        let day = match it.next() {
            None => None,
            Some(d) if d.len() == 2 => Some(d.parse::<u32>().ok()?),
            Some(_) => return None,
        };
        if it.next().is_some() {
            return None;
        }
        if let (Some(m), Some(d)) = (month, day) {
            Date::parse(&format!("{year:04}-{m:02}-{d:02}"))?;
        }
        Some(DateBound { year, month, day })
    }

    /// The first day this bound covers.
    pub fn first_day(self) -> Date {
        Date {
            year: self.year,
            month: self.month.unwrap_or(1),
            day: self.day.unwrap_or(1),
        }
    }

    /// The last day this bound covers.
    pub fn last_day(self) -> Date {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        Date {
            year: self.year,
            month,
            day,
        }
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds() {
        let b = DateBound::parse("2020-02").unwrap();
        assert_eq!(b.first_day().to_string(), "2020-02-01");
        assert_eq!(b.last_day().to_string(), "2020-02-29");
        assert_eq!(
            DateBound::parse("2019").unwrap().last_day().to_string(),
            "2019-12-31"
        );
        for bad in [
            "19",
            "2019-13",
            "2019-02-30",
            "2019-1-1",
            "abcd",
            "2019-01-01-01",
            "",
        ] {
            assert!(DateBound::parse(bad).is_none(), "{bad}");
        }
    }
}
