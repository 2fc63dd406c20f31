//! The directory tantivy reads and writes an index folder through: tantivy's memory-mapped
//! directory, with two changes.
//!
//! - A reader never writes into the folder: the lock that keeps a writer from removing
//!   segment files while a reader opens them (`.tantivy-meta.lock`) is taken on the file
//!   opened read-only (`flock` needs no write access), and not at all when the file is
//!   absent or cannot be opened (a read-only mount, another user's index). So an index can
//!   be searched by a user who cannot write to it.
//! - A writer's atomic writes (`meta.json`, `.managed.json`) make files with the mode the
//!   umask gives (`0644` typically), not `0600` as tantivy's temporary files do, so other
//!   users can read an index; the temporary file is named [`TMP_PREFIX`]`…`, and one left by
//!   a killed run is removed by the next writer ([`super::folder::claim`]).

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tantivy::directory::error::OpenWriteError;
use tantivy::directory::error::{DeleteError, LockError, OpenDirectoryError, OpenReadError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::Directory;

/// The start of the name of a temporary file of an atomic write.
pub const TMP_PREFIX: &str = ".search-tmp-";

/// Whether the directory is opened by a reader or a writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Searching: nothing is written into the folder.
    Read,
    /// Building: atomic writes keep the umask's mode.
    Write,
}

/// An index folder, as tantivy sees it (see the module docs).
#[derive(Debug, Clone)]
pub struct IndexDirectory {
    inner: MmapDirectory,
    root: PathBuf,
    access: Access,
}

impl IndexDirectory {
    /// The directory of the index folder `root`.
    pub fn open(root: &Path, access: Access) -> Result<IndexDirectory, OpenDirectoryError> {
        Ok(IndexDirectory {
            inner: MmapDirectory::open(root)?,
            root: root.to_path_buf(),
            access,
        })
    }
}

/// A counter that makes the names of temporary files unique within a process.
static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// True for the name of a temporary file of [`IndexDirectory`]'s atomic writes.
pub fn is_tmp_file(name: &str) -> bool {
    name.starts_with(TMP_PREFIX)
}

/// Writes `bytes` to `path` through a temporary file in the same folder, synced before it is
/// renamed, so that `path` is either absent, as it was, or complete. The file gets the mode
/// the umask gives.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!("{TMP_PREFIX}{}-{n}-{name}", std::process::id()));
    let result = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A lock held on a file opened read-only.
struct ReadLock {
    _file: File,
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        write_atomic(&self.root.join(path), data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        if self.access == Access::Write {
            return self.inner.acquire_lock(lock);
        }
        // A reader: the lock file opened read-only, never created.
        let file = match OpenOptions::new()
            .read(true)
            .open(self.root.join(&lock.filepath))
        {
            Ok(file) => file,
            // No writer ever ran here, or the file cannot be opened (another user's index,
            // a read-only mount): no writer of ours can be at work that we could stop.
            Err(_) => return Ok(DirectoryLock::from(Box::new(()))),
        };
        if lock.is_blocking {
            file.lock().map_err(LockError::wrap_io_error)?;
        } else {
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => return Err(LockError::LockBusy),
                Err(std::fs::TryLockError::Error(e)) => return Err(LockError::wrap_io_error(e)),
            }
        }
        Ok(DirectoryLock::from(Box::new(ReadLock { _file: file })))
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
