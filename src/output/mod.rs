//! Printers: hits in, bytes out. Text for people (with colour on a terminal), JSON Lines for
//! programs, CSV for spreadsheets. They take plain data, never tantivy types.

mod audit_json;
mod audit_text;
mod check;
mod csv;
mod error_line;
mod json;
mod safe;
pub mod style;
mod text;

pub use self::csv::CsvPrinter;
pub use audit_json::AuditJsonPrinter;
pub use audit_text::AuditTextPrinter;
pub use check::{check_json, check_text};
pub use error_line::error_line;
pub use json::{Asked, JsonHit, JsonPrinter, Summary, SCHEMA_VERSION};
pub use safe::{csv_cell, json_line, terminal};
pub use text::{describe, TextConfig, TextPrinter, DEFAULT_EXCERPT_CHARS};

/// `n` with the noun that fits it: `1 passage`, `0 passages`, `2 passages`.
///
/// ```
/// assert_eq!(search::output::count_of(1, "passage", "passages"), "1 passage");
/// assert_eq!(search::output::count_of(0, "passage", "passages"), "0 passages");
/// ```
pub fn count_of(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A duration in milliseconds, to the microsecond (as `elapsed_ms` in JSON).
pub fn millis(d: std::time::Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}
