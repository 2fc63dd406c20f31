//! The article model: [`Article`], one document of the corpus, and [`Date`], its calendar date.

use std::fmt;

/// A calendar date (no time zone) as found in article metadata.
///
/// Serialized (serde) as the string `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The year, e.g. `2023`.
    pub year: i32,
    /// The month, `1..=12`.
    pub month: u32,
    /// The day of the month, `1..=31` (validated against the month).
    pub day: u32,
}

impl Date {
    /// Builds a date, or `None` when the month or day is out of range (leap years included).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The first date the index can hold: dates are stored as nanoseconds since 1970 in a
    /// signed 64-bit number (tantivy's date field), which spans 1677-09-21 to 2262-04-11.
    pub const FIRST_INDEXED: Date = Date {
        year: 1678,
        month: 1,
        day: 1,
    };
    /// The last date the index can hold (see [`Date::FIRST_INDEXED`]).
    pub const LAST_INDEXED: Date = Date {
        year: 2261,
        month: 12,
        day: 31,
    };

    /// True when the index can hold this date (from [`Date::FIRST_INDEXED`] to
    /// [`Date::LAST_INDEXED`]); another date would wrap around (9999-12-31 was stored as
    /// 1816-03-29).
    pub fn indexable(self) -> bool {
        (Date::FIRST_INDEXED..=Date::LAST_INDEXED).contains(&self)
    }

    /// The nearest date the index can hold (for a filter bound: `--to 3000` means "up to the
    /// last date there can be").
    pub fn clamped(self) -> Date {
        self.clamp(Date::FIRST_INDEXED, Date::LAST_INDEXED)
    }

    /// Parses the date forms found in news metadata; surrounding whitespace is ignored:
    ///
    /// - `2023-09-20`, and an ISO timestamp starting with it (`2023-09-20T13:00:00+04:00`,
    ///   or with a space instead of `T`);
    /// - `20/09/2023` or `20.09.2023` (day first, as in France; `1/9/2023` too);
    /// - `20 septembre 2023`, `1er sept. 2023`, `mercredi 20 septembre 2023 à 13h00`.
    ///
    /// `None` for anything else or an impossible date.
    ///
    /// ```
    /// use search::corpus::Date;
    /// assert_eq!(Date::parse("20 septembre 2023"), Date::new(2023, 9, 20));
    /// assert_eq!(Date::parse("20/09/2023"), Date::new(2023, 9, 20));
    /// ```
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        Date::parse_iso(s)
            .or_else(|| Date::parse_numeric_dmy(s))
            .or_else(|| Date::parse_french(s))
    }

    fn parse_iso(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        if b.len() > 10 {
            // A timestamp: the date must be followed by a separator and a time.
            let sep_ok = matches!(b[10], b'T' | b't' | b' ');
            if !sep_ok || !b.get(11).is_some_and(u8::is_ascii_digit) {
                return None;
            }
        }
        let year = digits(&b[0..4])?;
        let month = digits(&b[5..7])?;
        let day = digits(&b[8..10])?;
        Date::new(year as i32, month, day)
    }

    /// `DD/MM/YYYY` or `DD.MM.YYYY`, one or two digits for day and month.
    fn parse_numeric_dmy(s: &str) -> Option<Date> {
        let sep = if s.contains('/') { '/' } else { '.' };
        let mut parts = s.split(sep);
        let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || d.is_empty() || d.len() > 2 || m.is_empty() || m.len() > 2 {
            return None;
        }
        if y.len() != 4 {
            return None;
        }
        let day = digits(d.as_bytes())?;
        let month = digits(m.as_bytes())?;
        let year = digits(y.as_bytes())?;
        Date::new(year as i32, month, day)
    }

    /// `[weekday] D[er] month YYYY [anything after]`, month names in French, full or abbreviated.
    fn parse_french(s: &str) -> Option<Date> {
        let lower = s.to_lowercase();
        let mut words = lower
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .peekable();
        const WEEKDAYS: [&str; 7] = [
            "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        ];
        if words.peek().is_some_and(|w| WEEKDAYS.contains(w)) {
            words.next();
        }
        let day_word = words.next()?;
        let day_digits = day_word
            .strip_suffix("er")
            .or_else(|| day_word.strip_suffix('e'))
            .unwrap_or(day_word);
        if day_digits.is_empty() || day_digits.len() > 2 {
            return None;
        }
        let day = digits(day_digits.as_bytes())?;
        let month = french_month(words.next()?)?;
        let year_word = words.next()?;
        if year_word.len() != 4 {
            return None;
        }
        let year = digits(year_word.as_bytes())?;
        Date::new(year as i32, month, day)
    }

    /// Days since 1970-01-01 (negative before it); used to store dates in the index.
    pub fn to_unix_days(self) -> i64 {
        // Howard Hinnant's `days_from_civil`.
        let m = i64::from(self.month);
        let d = i64::from(self.day);
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Date::to_unix_days`] (meaningful for years that fit an `i32`).
    pub fn from_unix_days(days: i64) -> Date {
        // Howard Hinnant's `civil_from_days`.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: year as i32,
            month,
            day,
        }
    }
}

/// The month number of a French month name, full or abbreviated (`sept.`), accents optional.
fn french_month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    let w: String = w
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            'û' | 'ù' => 'u',
            _ => c,
        })
        .collect();
    let month = match w.as_str() {
        "janvier" | "janv" | "jan" => 1,
        "fevrier" | "fevr" | "fev" => 2,
        "mars" => 3,
        "avril" | "avr" => 4,
        "mai" => 5,
        "juin" => 6,
        "juillet" | "juil" => 7,
        "aout" => 8,
        "septembre" | "sept" | "sep" => 9,
        "octobre" | "oct" => 10,
        "novembre" | "nov" => 11,
        "decembre" | "dec" => 12,
        _ => return None,
    };
    Some(month)
}

/// Parses ASCII digits into a number; `None` if any byte is not a digit.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
    })
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Date::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("invalid date \"{s}\", expected YYYY-MM-DD"))
        })
    }
}

/// One article read from the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// A stable identifier: the `id` field of a JSON line, or the file's relative path without extension.
    pub doc_id: String,
    /// The file it came from, as a display string (lossy for non-UTF-8 paths).
    pub path: String,
    /// The title, when the source gives one.
    pub title: Option<String>,
    /// The publication date, when the source gives a valid one.
    pub date: Option<Date>,
    /// The publisher or outlet, when given.
    pub source: Option<String>,
    /// The original address, when given.
    pub url: Option<String>,
    /// The body text, unchanged (line breaks kept).
    pub text: String,
    /// The line of `path` where its record starts (JSON Lines, JSON, CSV), for messages;
    /// `None` for an article that is a whole file.
    pub line: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u32, day: u32) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn parse_table() {
        let cases: &[(&str, Option<Date>)] = &[
            ("2023-09-20", Some(d(2023, 9, 20))),
            ("  2023-09-20\n", Some(d(2023, 9, 20))),
            ("2023-09-20T13:00:00+04:00", Some(d(2023, 9, 20))),
            ("2023-09-20T13:00:00Z", Some(d(2023, 9, 20))),
            ("2023-09-20 13:00", Some(d(2023, 9, 20))),
            ("2020-02-29", Some(d(2020, 2, 29))),
            ("2000-02-29", Some(d(2000, 2, 29))),
            ("1900-02-29", None),
            ("2023-02-29", None),
            ("2023-04-31", None),
            ("2023-12-31", Some(d(2023, 12, 31))),
            ("2023-13-01", None),
            ("2023-00-10", None),
            ("2023-01-00", None),
            ("2023-1-01", None),
            ("23-01-01", None),
            ("2023/01/01", None),
            ("2023-01-01T", None),
            ("2023-01-01x", None),
            ("2023-01-0a", None),
            ("20/09/2023", Some(d(2023, 9, 20))),
            ("1/9/2023", Some(d(2023, 9, 1))),
            ("20.09.2023", Some(d(2023, 9, 20))),
            ("31/02/2023", None),
            ("20/09/23", None),
            ("20/09/2023/1", None),
            ("20 septembre 2023", Some(d(2023, 9, 20))),
            ("1er septembre 2023", Some(d(2023, 9, 1))),
            ("Mercredi 20 Septembre 2023 à 13h00", Some(d(2023, 9, 20))),
            ("20 sept. 2023", Some(d(2023, 9, 20))),
            ("3 février 2021", Some(d(2021, 2, 3))),
            ("3 fevrier 2021", Some(d(2021, 2, 3))),
            ("15 août 2020", Some(d(2020, 8, 15))),
            ("32 août 2020", None),
            ("20 brumaire 2023", None),
            ("septembre 2023", None),
            ("+023-01-01", None),
            ("", None),
            ("hier", None),
            ("2023-09-20é", None),
        ];
        for (input, want) in cases {
            assert_eq!(Date::parse(input), *want, "input {input:?}");
        }
    }

    #[test]
    fn display_pads() {
        assert_eq!(d(2023, 9, 2).to_string(), "2023-09-02");
        assert_eq!(d(987, 1, 1).to_string(), "0987-01-01");
    }

    #[test]
    fn unix_days_table() {
        let cases = [
            (d(1970, 1, 1), 0),
            (d(1970, 1, 2), 1),
            (d(1969, 12, 31), -1),
            (d(1969, 1, 1), -365),
            (d(2000, 3, 1), 11_017),
            (d(2020, 2, 29), 18_321),
            (d(2023, 9, 20), 19_620),
            (d(1900, 1, 1), -25_567),
        ];
        for (date, days) in cases {
            assert_eq!(date.to_unix_days(), days, "{date}");
            assert_eq!(Date::from_unix_days(days), date, "{days}");
        }
    }

    #[test]
    fn unix_days_round_trip() {
        for days in (-800_000..800_000).step_by(7) {
            let date = Date::from_unix_days(days);
            assert!(
                Date::new(date.year, date.month, date.day).is_some(),
                "{days}"
            );
            assert_eq!(date.to_unix_days(), days);
        }
        let mut prev = Date::from_unix_days(-1000);
        for days in -999..1000 {
            let date = Date::from_unix_days(days);
            assert!(date > prev, "dates order like days");
            prev = date;
        }
    }

    #[test]
    fn serde_as_string() {
        let json = serde_json::to_string(&d(2023, 9, 20)).unwrap();
        assert_eq!(json, "\"2023-09-20\"");
        let back: Date = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d(2023, 9, 20));
        assert!(serde_json::from_str::<Date>("\"2023-02-30\"").is_err());
    }
}
