//! Printers: hits in, bytes out. Text for people (with colour on a terminal), JSON Lines for
//! programs, CSV for spreadsheets. They take plain data, never tantivy types.

mod audit_json;
mod audit_text;
mod csv;
mod error_line;
mod json;
mod safe;
mod text;

pub use self::csv::CsvPrinter;
pub use audit_json::AuditJsonPrinter;
pub use audit_text::AuditTextPrinter;
pub use error_line::error_line;
pub use json::{JsonHit, JsonPrinter};
pub use safe::{csv_cell, json_line, terminal};
pub use text::{describe, TextConfig, TextPrinter};
