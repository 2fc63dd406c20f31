//! The index folder: proving that a folder is a `search` index before anything in it is
//! written or removed, the writer lock, and the side folder a rebuild is made in.
//!
//! A folder is a `search` index when it holds the marker file [`MARKER`] (written when the
//! folder is claimed, before any index file), or, for indexes built before the marker
//! existed, a `meta.json` whose commit payload parses as [`IndexMeta`]. Any other folder
//! that holds something is refused, even with `--rebuild`: a project folder with its own
//! `meta.json` or an md5-named photo is never touched.
//!
//! Writers take [`LOCK`] in the folder first, and only then look at, clear or replace what
//! it holds. A rebuild is made in a side folder beside it ([`side_folder`]) and exchanged
//! with the old index when complete, so a killed rebuild leaves the old index whole.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use super::directory::is_tmp_file;
use super::dup_table::is_table_file;
use super::meta::IndexMeta;
use crate::error::{Error, Result};

/// The marker file of a `search` index folder.
pub const MARKER: &str = "search-index.json";

/// The writer lock file, held by `search index` for the whole run.
pub const LOCK: &str = ".search-writer.lock";

/// What the marker file says.
const MARKER_TEXT: &str = "{\"search_index\": true, \"note\": \"this folder is an index built by `search index`; `search index --rebuild` may replace every file in it\"}\n";

/// True when `dir` holds the marker of a `search` index.
pub fn has_marker(dir: &Path) -> bool {
    dir.join(MARKER).is_file()
}

/// True when `dir` is proven to be a `search` index: it holds the marker, or a `meta.json`
/// whose payload was written by `search`.
pub fn is_search_index(dir: &Path) -> bool {
    has_marker(dir) || legacy_payload(dir)
}

/// True when `dir/meta.json` is a tantivy meta file whose payload is a `search` [`IndexMeta`]
/// (indexes built before the marker file).
fn legacy_payload(dir: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(dir.join("meta.json")) else {
        return false;
    };
    #[derive(serde::Deserialize)]
    struct Metas {
        payload: Option<String>,
    }
    serde_json::from_str::<Metas>(&text)
        .ok()
        .and_then(|m| m.payload)
        .is_some_and(|p| serde_json::from_str::<IndexMeta>(&p).is_ok())
}

/// The exclusive writer lock of an index folder, released when dropped.
#[derive(Debug)]
pub struct WriterLock {
    _file: File,
}

/// A folder claimed for writing: proven (or made) a `search` index, its writer lock held.
#[derive(Debug)]
pub struct Claimed {
    /// The index folder.
    pub dir: PathBuf,
    /// True when the folder was created or empty (nothing indexed in it yet).
    pub fresh: bool,
    _lock: WriterLock,
}

/// Claims `dir` for a writer: creates it (with its marker) if it does not exist or is empty,
/// accepts it if it is proven a `search` index, and refuses anything else with
/// [`Error::NotAnIndex`]; then takes the writer lock ([`Error::Locked`] if another process
/// holds it). Nothing in the folder is removed here.
pub fn claim(dir: &Path) -> Result<Claimed> {
    let fresh = match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => {
            return Err(Error::IndexIsFile {
                path: dir.to_path_buf(),
            })
        }
        Ok(_) => {
            if is_search_index(dir) {
                false
            } else if let Some(name) = first_visible_entry(dir)? {
                return Err(Error::NotAnIndex {
                    path: dir.to_path_buf(),
                    reason: format!(
                        "it holds {name} and no {MARKER}; nothing in it was changed, even with --rebuild"
                    ),
                });
            } else {
                true
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            true
        }
        Err(e) => return Err(Error::io(dir, e)),
    };
    if !has_marker(dir) {
        write_marker(dir)?;
    }
    let lock = lock(dir)?;
    remove_stale_tmp_files(dir);
    ensure_meta_lock(dir);
    Ok(Claimed {
        dir: dir.to_path_buf(),
        fresh,
        _lock: lock,
    })
}

/// Removes the temporary files that a killed writer left in `dir` (whose lock the caller
/// holds, so no writer is using them): those of atomic writes (ours, and tantivy's
/// `.tmpXXXXXX` of older builds) and of duplicate tables being written. A file that cannot
/// be removed is left for the next run.
fn remove_stale_tmp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let tmp = is_tmp_file(&name)
            || is_tantivy_tmp(&name)
            || (name.ends_with(".tmp") && is_table_file(&name));
        if tmp && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Creates tantivy's meta lock file in `dir` if it is missing, so that a reader who may not
/// write in the folder can take it (see [`super::directory`]).
fn ensure_meta_lock(dir: &Path) {
    let _ = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".tantivy-meta.lock"));
}

/// True for the name of a temporary file of tantivy's own atomic writes (`.tmp` and six
/// letters or digits), which older builds of `search` left when killed.
fn is_tantivy_tmp(name: &str) -> bool {
    name.strip_prefix(".tmp")
        .is_some_and(|rest| rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Writes the marker file in `dir`.
fn write_marker(dir: &Path) -> Result<()> {
    let path = dir.join(MARKER);
    std::fs::write(&path, MARKER_TEXT).map_err(|e| Error::io(&path, e))
}

/// Takes the writer lock of `dir`, without waiting.
fn lock(dir: &Path) -> Result<WriterLock> {
    let path = dir.join(LOCK);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(WriterLock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(Error::Locked {
            path: dir.to_path_buf(),
        }),
        Err(TryLockError::Error(e)) => Err(Error::io(&path, e)),
    }
}

/// The name of a file or folder in `dir` that is not hidden, if any.
fn first_visible_entry(dir: &Path) -> Result<Option<String>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with('.') {
            return Ok(Some(name));
        }
    }
    Ok(None)
}

/// The side folder a rebuild of `dir` is made in: a hidden sibling.
pub fn side_folder(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "index".into());
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    parent.join(format!(".{name}.search-rebuild"))
}

/// Prepares the side folder of a rebuild of `dir` (whose lock the caller holds): a side
/// folder left by a killed rebuild is cleared first if it is proven ours; one that is not
/// is refused.
pub fn fresh_side_folder(dir: &Path) -> Result<PathBuf> {
    let side = side_folder(dir);
    if side.exists() {
        if !has_marker(&side) {
            return Err(Error::NotAnIndex {
                path: side,
                reason: format!(
                    "a rebuild of {} is made there, and it holds files that search did not write",
                    dir.display()
                ),
            });
        }
        remove_index_folder(&side)?;
    }
    std::fs::create_dir(&side).map_err(|e| Error::io(&side, e))?;
    write_marker(&side)?;
    Ok(side)
}

/// Puts the complete rebuild in `side` in place of `dir`, then removes the old index (now
/// in `side`). Readers that opened the old index keep reading it; on Linux the two folders
/// are exchanged in one step, so a reader never finds no index.
pub fn swap_in(side: &Path, dir: &Path) -> Result<()> {
    exchange(side, dir)?;
    remove_index_folder(side)
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes()).map_err(|_| Error::NotAnIndex {
        path: a.to_path_buf(),
        reason: "its path holds a NUL byte".into(),
    })?;
    let cb = CString::new(b.as_os_str().as_bytes()).map_err(|_| Error::NotAnIndex {
        path: b.to_path_buf(),
        reason: "its path holds a NUL byte".into(),
    })?;
    // SAFETY: both paths are valid NUL-terminated C strings that live across the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        // File systems (or kernels) without the exchange: two renames.
        Some(libc::EINVAL) | Some(libc::ENOSYS) => two_renames(a, b),
        _ => Err(Error::io(b, err)),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> Result<()> {
    two_renames(a, b)
}

/// Exchanges two folders with two renames through a third name.
fn two_renames(a: &Path, b: &Path) -> Result<()> {
    let mut old = b.as_os_str().to_owned();
    old.push(".search-old");
    let old = PathBuf::from(old);
    std::fs::rename(b, &old).map_err(|e| Error::io(b, e))?;
    std::fs::rename(a, b).map_err(|e| Error::io(a, e))?;
    std::fs::rename(&old, a).map_err(|e| Error::io(&old, e))
}

/// True for the name of a file that a `search` index folder holds: tantivy's meta, managed
/// list, locks and segment files, the temporary files of atomic writes (left by a killed
/// run), the duplicate tables, the marker and the
/// writer lock.
pub fn is_index_file(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("");
    let segment = stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit());
    let atomic_write = is_tantivy_tmp(name) || is_tmp_file(name);
    segment
        || atomic_write
        || is_table_file(name)
        || matches!(
            name,
            "meta.json"
                | ".managed.json"
                | ".tantivy-writer.lock"
                | ".tantivy-meta.lock"
                | MARKER
                | LOCK
        )
}

/// Removes the index files of a folder proven ours, then the folder if nothing else is left
/// in it (anything else is left where it is).
pub fn remove_index_folder(dir: &Path) -> Result<()> {
    clear_index_files(dir)?;
    let _ = std::fs::remove_dir(dir);
    Ok(())
}

/// Removes the index files (see [`is_index_file`]) of a folder.
fn clear_index_files(dir: &Path) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_index_file(&name) && entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::remove_file(entry.path()).map_err(|e| Error::io(&entry.path(), e))?;
        }
    }
    Ok(())
}
