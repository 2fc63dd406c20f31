//! Printers: hits in, bytes out. Text for people (with colour on a terminal), JSON Lines for
//! programs. They take plain hit data, never tantivy types.

mod json;
mod text;

pub use json::{JsonHit, JsonPrinter};
pub use text::{describe, TextConfig, TextPrinter};
