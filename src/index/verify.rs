//! Verifying an index folder whole: every segment file's checksum (tantivy ends each with a
//! footer that holds a CRC32 of its bytes), and our own files: the marker, the commit's
//! metadata, tantivy's list of managed files and the duplicate table (named by a hash of
//! its bytes).
//!
//! `search check` prints what [`check_index`] finds; `search index` verifies the segments
//! it wrote before it ends; a reader that fails unexpectedly (a panic in the engine) runs it
//! to name the damaged files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::directory::error::OpenReadError;
use tantivy::index::{SegmentComponent, SegmentId};
use tantivy::Index;

use super::directory::{Access, IndexDirectory};
use super::dup_table::{is_table_file, DupTable};
use super::folder::{self, MARKER};
use super::meta::IndexMeta;
use crate::error::{Error, Result};

/// The reason given for a file the user may not read.
const PERMISSION_DENIED: &str = "permission denied";

/// A file of an index found damaged, missing or unreadable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Damage {
    /// The file's name in the index folder.
    pub file: String,
    /// What is wrong with it, in a few words.
    pub reason: String,
}

/// What [`check_index`] found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CheckReport {
    /// The index folder.
    pub index: String,
    /// Files verified.
    pub files: u64,
    /// Bytes verified.
    pub bytes: u64,
    /// False when the last build stopped before it finished (not damage: running
    /// `search index` again finishes it).
    pub complete: bool,
    /// The damaged, missing or unreadable files; empty when the index is whole.
    pub damaged: Vec<Damage>,
}

impl CheckReport {
    /// True when no file is damaged.
    pub fn is_whole(&self) -> bool {
        self.damaged.is_empty()
    }
}

/// True when `name` is a plain file name (no folder, not `.` or `..`): a name read from an
/// index file must be one, so that a crafted index cannot make `search` read or remove a
/// file elsewhere.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0'])
        && Path::new(name).components().count() == 1
}

/// Verifies every file of the index in `dir`. Fails when `dir` is not a `search` index;
/// what is damaged is listed in the report, not returned as an error.
pub fn check_index(dir: &Path) -> Result<CheckReport> {
    if dir.is_file() {
        return Err(Error::IndexIsFile {
            path: dir.to_path_buf(),
        });
    }
    if !dir.exists() {
        return Err(Error::NoIndex {
            path: dir.to_path_buf(),
        });
    }
    if !folder::is_search_index(dir) {
        return Err(Error::NotAnIndex {
            path: dir.to_path_buf(),
            reason: format!("it holds no {MARKER} and no meta.json written by search"),
        });
    }
    let mut report = CheckReport {
        index: dir.display().to_string(),
        ..CheckReport::default()
    };
    let mut damage = |file: &str, reason: String| {
        report_damage(&mut report.damaged, file, reason);
    };
    if folder::has_marker(dir) {
        match std::fs::read(dir.join(MARKER)) {
            Ok(bytes) => {
                let ok = serde_json::from_slice::<serde_json::Value>(&bytes)
                    .is_ok_and(|v| v["search_index"] == true);
                if !ok {
                    damage(MARKER, "damaged: not the marker search writes".into());
                }
            }
            Err(e) => damage(MARKER, read_reason(&e)),
        }
    }
    let managed = dir.join(".managed.json");
    match std::fs::read(&managed) {
        Ok(bytes) => {
            if let Err(reason) = managed_names(&bytes) {
                damage(".managed.json", format!("damaged: {reason}"));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => damage(".managed.json", read_reason(&e)),
    }
    let meta_text = match std::fs::read(dir.join("meta.json")) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A first build stopped before tantivy wrote its meta file: nothing to verify.
            return Ok(report);
        }
        Err(e) => {
            damage("meta.json", read_reason(&e));
            return Ok(report);
        }
    };
    report.files += 1;
    report.bytes += meta_text.len() as u64;
    if serde_json::from_slice::<serde_json::Value>(&meta_text).is_err() {
        damage("meta.json", "damaged: not valid JSON".into());
        return Ok(report);
    }
    let index = match open_directory(dir) {
        Ok(index) => index,
        Err(e) => {
            damage(
                "meta.json",
                format!("damaged: tantivy cannot read it ({})", short(&e)),
            );
            return Ok(report);
        }
    };
    let meta = match index.load_metas() {
        Ok(metas) => match metas.payload.as_deref() {
            Some(p) => match serde_json::from_str::<IndexMeta>(p) {
                Ok(m) => Some(m),
                Err(_) => {
                    damage(
                        "meta.json",
                        "damaged: its search metadata cannot be read".into(),
                    );
                    None
                }
            },
            None => None,
        },
        Err(e) => {
            damage(
                "meta.json",
                format!("damaged: tantivy cannot read it ({})", short(&e)),
            );
            return Ok(report);
        }
    };
    report.complete = meta.as_ref().is_some_and(|m| m.complete);
    if let Some(name) = meta.as_ref().and_then(|m| m.dup_table.as_deref()) {
        report.files += 1;
        if !is_plain_name(name) || !is_table_file(name) {
            damage(
                "meta.json",
                format!("damaged: it names {name:?} as its duplicate table"),
            );
        } else {
            match std::fs::read(dir.join(name)) {
                Ok(bytes) => {
                    report.bytes += bytes.len() as u64;
                    if let Err(reason) = dup_table_reason(name, bytes) {
                        damage(name, reason);
                    }
                }
                Err(e) => damage(name, read_reason(&e)),
            }
        }
    }
    let (files, bytes, found) = check_segments(&index, dir, None);
    report.files += files;
    report.bytes += bytes;
    for d in found {
        report_damage(&mut report.damaged, &d.file, d.reason);
    }
    Ok(report)
}

/// The damaged-index error naming the files of `damaged`, if any.
pub fn damaged_error(dir: &Path, damaged: &[Damage]) -> Option<Error> {
    if damaged.is_empty() {
        return None;
    }
    // A file the user may not read is not damaged: say so, with its path.
    if let Some(d) = damaged.iter().find(|d| d.reason == PERMISSION_DENIED) {
        return Some(Error::Io {
            path: dir.join(&d.file),
            source: std::io::Error::new(std::io::ErrorKind::PermissionDenied, PERMISSION_DENIED),
        });
    }
    let names: Vec<&str> = damaged.iter().map(|d| d.file.as_str()).collect();
    Some(Error::Corrupt {
        path: dir.to_path_buf(),
        reason: format!(
            "{} damaged: {}",
            crate::output::count_of(names.len(), "file", "files"),
            names.join(", ")
        ),
    })
}

fn report_damage(list: &mut Vec<Damage>, file: &str, reason: String) {
    list.push(Damage {
        file: file.to_string(),
        reason,
    });
}

/// Opens the tantivy index in `dir` for reading (nothing written).
pub(crate) fn open_directory(dir: &Path) -> tantivy::Result<Index> {
    let directory = IndexDirectory::open(dir, Access::Read)?;
    Index::open(directory)
}

/// Verifies the checksums of the segment files of `index` (in `dir`)'s last commit (of the segments in
/// `only`, when given): the number of files and bytes verified, and the damaged ones.
pub(crate) fn check_segments(
    index: &Index,
    dir: &Path,
    only: Option<&HashSet<SegmentId>>,
) -> (u64, u64, Vec<Damage>) {
    check_segment_files(index, dir, only, |_| true)
}

/// The extensions of the segment files a reader verifies when it opens an index: the
/// columns (`.fast`), field norms, term dictionaries and deletion bitsets, about a tenth of
/// the index's bytes. Damage in them would give wrong counts without any error; damage in
/// the postings, positions and stored texts shows as an error when read (and is found by
/// `search check`).
pub(crate) const VERIFIED_AT_OPEN: [&str; 4] = ["fast", "fieldnorm", "term", "del"];

/// [`check_segments`] on the files whose extension `keep` accepts.
pub(crate) fn check_segment_files(
    index: &Index,
    dir: &Path,
    only: Option<&HashSet<SegmentId>>,
    keep: impl Fn(&str) -> bool,
) -> (u64, u64, Vec<Damage>) {
    let mut damaged = Vec::new();
    let Ok(metas) = index.load_metas() else {
        damaged.push(Damage {
            file: "meta.json".into(),
            reason: "damaged: tantivy cannot read it".into(),
        });
        return (0, 0, damaged);
    };
    let wanted: HashSet<String> = metas
        .segments
        .iter()
        .filter(|s| only.is_none_or(|ids| ids.contains(&s.id())))
        .map(|s| s.id().uuid_string())
        .collect();
    let mut paths: Vec<PathBuf> = metas
        .list_segment_files()
        .into_iter()
        .filter(|path| {
            let name = path.to_string_lossy();
            let stem = name.split('.').next().unwrap_or("");
            // The delete bitset exists only when the segment has deletes (added below).
            wanted.contains(stem) && !name.ends_with(".del") && !name.ends_with(".temp")
        })
        .collect();
    for segment in &metas.segments {
        if wanted.contains(&segment.id().uuid_string()) && segment.has_deletes() {
            paths.push(segment.relative_path(SegmentComponent::Delete));
        }
    }
    paths.retain(|p| p.extension().and_then(|e| e.to_str()).is_some_and(&keep));
    paths.sort();
    let (mut files, mut bytes) = (0, 0);
    for path in paths {
        let name = path.display().to_string();
        files += 1;
        bytes += std::fs::metadata(dir.join(&path)).map_or(0, |m| m.len());
        match index.directory().validate_checksum(&path) {
            Ok(true) => {}
            Ok(false) => damaged.push(Damage {
                file: name,
                reason: "damaged: its checksum does not match its bytes".into(),
            }),
            Err(OpenReadError::FileDoesNotExist(_)) => damaged.push(Damage {
                file: name,
                reason: "missing".into(),
            }),
            Err(OpenReadError::IoError { io_error, .. }) => damaged.push(Damage {
                file: name,
                reason: read_reason(&io_error),
            }),
            Err(e) => damaged.push(Damage {
                file: name,
                reason: format!("cannot be read: {e}"),
            }),
        }
    }
    (files, bytes, damaged)
}

/// What is wrong with a file that cannot be read: permission denied, or damage.
fn read_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "missing".into(),
        std::io::ErrorKind::PermissionDenied => PERMISSION_DENIED.into(),
        std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::InvalidData => {
            "damaged: cut short or its footer is damaged".into()
        }
        _ => format!("cannot be read: {e}"),
    }
}

/// The file names tantivy's `.managed.json` lists, each checked to be a plain name.
pub(crate) fn managed_names(bytes: &[u8]) -> std::result::Result<Vec<String>, String> {
    let names: Vec<String> =
        serde_json::from_slice(bytes).map_err(|_| "not a list of file names".to_string())?;
    if let Some(bad) = names.iter().find(|n| !is_plain_name(n)) {
        return Err(format!(
            "it lists {bad:?}, which is not a file of the index folder"
        ));
    }
    Ok(names)
}

/// Why the duplicate table file `name` with `bytes` is damaged, if it is.
fn dup_table_reason(name: &str, bytes: Vec<u8>) -> std::result::Result<(), String> {
    match DupTable::from_bytes(bytes) {
        Some(table) if table.file_name() == name => Ok(()),
        Some(_) => Err("damaged: its bytes do not match the hash in its name".into()),
        None => Err("damaged: not a duplicate table".into()),
    }
}

/// A short reason for a tantivy error (its messages quote debug output).
fn short(e: &tantivy::TantivyError) -> String {
    match e {
        tantivy::TantivyError::DataCorruption(_) => "its bytes do not parse".into(),
        tantivy::TantivyError::IoError(io) => read_reason(io),
        tantivy::TantivyError::OpenReadError(OpenReadError::IoError { io_error, .. }) => {
            read_reason(io_error)
        }
        _ => "its bytes do not parse".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_index_files_must_be_plain() {
        for ok in [
            "meta.json",
            "dups-0123456789abcdef.bin",
            ".managed.json",
            "a..b",
        ] {
            assert!(is_plain_name(ok), "{ok}");
        }
        for bad in ["", ".", "..", "/etc/passwd", "../x", "a/b", "a\\b", "a\0b"] {
            assert!(!is_plain_name(bad), "{bad:?}");
        }
    }
}
