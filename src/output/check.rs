//! The report of `search check`, as text (one line per damaged file, then a summary) or as
//! one JSON record:
//!
//! ```text
//! check: {"type": "check", "schema": 1, "index": "index", "whole": false, "complete": true,
//!         "files": 15, "bytes": 103993241,
//!         "damaged": [{"file": "53dd….fast", "reason": "its checksum does not match its bytes"}]}
//! ```

use std::io::{self, Write};

use serde::Serialize;

use crate::index::{CheckReport, Damage};

/// Writes `report` for people: each damaged file (`INDEX/FILE: WHAT IS WRONG`), then one summary
/// line.
pub fn check_text<W: Write>(out: &mut W, report: &CheckReport) -> io::Result<()> {
    let index = super::terminal(&report.index).into_owned();
    for d in &report.damaged {
        let line = format!("{index}/{}: {}", d.file, d.reason);
        writeln!(out, "{}", super::terminal(&line))?;
    }
    let size = match report.bytes {
        n if n >= 1_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        n => format!("{:.1} kB", n as f64 / 1e3),
    };
    let verified = format!(
        "{} verified ({size})",
        super::count_of(report.files as usize, "file", "files")
    );
    let state = if report.is_whole() {
        "whole".to_string()
    } else {
        format!(
            "{} damaged, missing or unreadable",
            super::count_of(report.damaged.len(), "file", "files")
        )
    };
    let incomplete = if report.complete {
        ""
    } else {
        "; its last build did not finish (run `search index` again to finish it)"
    };
    writeln!(out, "{index}: {state}, {verified}{incomplete}")
}

/// Writes `report` as one JSON record of type `check`.
pub fn check_json<W: Write>(out: &mut W, report: &CheckReport) -> io::Result<()> {
    #[derive(Serialize)]
    struct JsonCheck<'a> {
        #[serde(rename = "type")]
        kind: &'static str,
        schema: u32,
        index: &'a str,
        whole: bool,
        complete: bool,
        files: u64,
        bytes: u64,
        damaged: &'a [Damage],
    }
    let record = JsonCheck {
        kind: "check",
        schema: super::SCHEMA_VERSION,
        index: &report.index,
        whole: report.is_whole(),
        complete: report.complete,
        files: report.files,
        bytes: report.bytes,
        damaged: &report.damaged,
    };
    let line = super::json_line(serde_json::to_string(&record)?);
    out.write_all(line.as_bytes())?;
    out.write_all(b"\n")
}
