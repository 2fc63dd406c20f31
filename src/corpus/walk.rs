//! Walking the input paths in a stable order and handing each file to the reader for its extension.

use std::collections::HashSet;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::article::Article;
use super::decode::{self, DecodeError};
use super::fields::FieldMap;
use super::{csv, html, json, jsonl, text};

/// A problem with one input (a file, or one line, row or element of a file): never fatal.
///
/// Displays as `path: reason` or `path:line: reason`, whatever the format: every reader
/// gives the 1-based line where the record concerned starts (the line of a JSON Lines file,
/// the first line of a CSV row or of a JSON array element).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file (or folder) concerned, as a display string.
    pub path: String,
    /// The 1-based line where the record concerned starts, when the problem is not the whole file's.
    pub line: Option<usize>,
    /// What went wrong, in lowercase words.
    pub reason: String,
}

impl InputError {
    /// A problem with a whole file or folder.
    pub fn file(path: impl Into<String>, reason: impl Into<String>) -> InputError {
        InputError {
            path: path.into(),
            line: None,
            reason: reason.into(),
        }
    }

    /// A problem with one line of a file.
    pub fn at_line(path: impl Into<String>, line: usize, reason: impl Into<String>) -> InputError {
        InputError {
            path: path.into(),
            line: Some(line),
            reason: reason.into(),
        }
    }

    /// `path` or `path:line`.
    pub fn location(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", self.path),
            None => self.path.clone(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path, self.reason),
            None => write!(f, "{}: {}", self.path, self.reason),
        }
    }
}

impl std::error::Error for InputError {}

/// What the walk yields: an article, or a problem to report and count.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// An article read successfully (possibly with a warning emitted just before it).
    Article(Article),
    /// An input that was dropped: a missing or unreadable file, an empty file, a bad JSON line.
    Problem(InputError),
    /// Something odd that did not drop an article: invalid UTF-8 decoded lossily,
    /// a date not understood, a file of an unsupported type skipped inside a folder.
    Warning(InputError),
    /// A fact about a file worth showing in verbose mode (its encoding), emitted before
    /// the file's articles.
    Info(InputError),
}

/// How to read the corpus.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Field names of structured records (JSON, JSON Lines, CSV).
    pub fields: FieldMap,
    /// Input bytes read so far (compressed bytes for `.gz`), updated as files are read:
    /// for progress bars.
    pub bytes_read: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

/// Counts over one [`read_corpus`] run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadSummary {
    /// Files read (of a supported type, even if they turned out to hold problems).
    pub files: usize,
    /// Bytes read from those files.
    pub bytes: u64,
    /// Articles yielded.
    pub articles: usize,
    /// Problems yielded (inputs dropped).
    pub problems: usize,
    /// Warnings yielded.
    pub warnings: usize,
    /// Files inside folders skipped because of their extension (each also yielded a warning).
    pub skipped_unsupported: usize,
}

/// The kind of reader an extension selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    JsonLines,
    Json,
    Csv,
    Tsv,
    Html,
}

/// The supported extensions, as shown in messages.
pub const SUPPORTED: &str =
    ".txt, .md, .jsonl, .ndjson, .json, .csv, .tsv, .html, .htm, or any of these .gz";

/// The reader for `path`'s extension, and whether it is gzip-compressed (`name.ext.gz`).
fn kind_of(path: &Path) -> Option<(Kind, bool)> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let (name, gzip) = match name.strip_suffix(".gz") {
        Some(inner) => (inner.to_string(), true),
        None => (name, false),
    };
    let ext = Path::new(&name).extension()?.to_str()?.to_string();
    let kind = match ext.as_str() {
        "txt" | "md" => Kind::Text,
        "jsonl" | "ndjson" => Kind::JsonLines,
        "json" => Kind::Json,
        "csv" => Kind::Csv,
        "tsv" => Kind::Tsv,
        "html" | "htm" => Kind::Html,
        _ => return None,
    };
    Some((kind, gzip))
}

/// The wording of an I/O error, lowercase and without the OS error number.
pub(crate) fn io_reason(err: &io::Error) -> String {
    let text = match err.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::InvalidData => "invalid data".to_string(),
        _ => {
            let s = err.to_string();
            // Drop the " (os error N)" suffix that std appends.
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    };
    lowercase_first(&text)
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A file name or path as text: as it is when it is UTF-8, else with each byte that is not
/// UTF-8 written `\xNN` (`caf\xe9.txt`), so that two names that differ only there keep
/// different ids and paths (`to_string_lossy` wrote both with the replacement character, and
/// the second article was dropped as a duplicate; issue 17).
pub(crate) fn os_text(s: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in s.as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        s.to_string_lossy().into_owned()
    }
}

/// [`os_text`] of a whole path.
pub(crate) fn path_text(p: &Path) -> String {
    os_text(p.as_os_str())
}

/// False for a directory already entered (by its device and inode) on this walk.
fn first_dir_visit(seen: &mut HashSet<(u64, u64)>, e: &walkdir::DirEntry) -> bool {
    if !e.file_type().is_dir() {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match e.metadata() {
            Ok(m) => seen.insert((m.dev(), m.ino())),
            Err(_) => true,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = seen;
        true
    }
}

/// The doc id of a text file: its path relative to `root`, without extension, with `/` separators.
fn relative_doc_id(root: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(root).unwrap_or(file);
    let mut parts: Vec<String> = rel
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
        .map(|c| os_text(c.as_os_str()))
        .collect();
    parts.push(stem(file));
    parts.retain(|p| !p.is_empty());
    parts.join("/")
}

/// The file name without its extension (both of them for `name.ext.gz`).
fn stem(file: &Path) -> String {
    let name = file.file_name().map(os_text).unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    let name = if lower.ends_with(".gz") {
        &name[..name.len() - 3]
    } else {
        &name[..]
    };
    match name.rfind('.') {
        Some(i) if i > 0 => name[..i].to_string(),
        _ => name.to_string(),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// True for a folder to leave out of a walk: hidden, or a `search` index (`search index .`
/// must not read its own index).
fn skipped(e: &walkdir::DirEntry) -> bool {
    e.depth() > 0
        && (is_hidden(e.file_name())
            || e.file_type().is_dir() && crate::index::is_search_index(e.path()))
}

/// Reads every article under `paths`, calling `sink` for each item, in a stable order:
/// paths in the order given; folders walked recursively, entries sorted by file name,
/// symbolic links followed (a loop is reported once, not followed); hidden files and
/// folders (name starting with `.`) and `search` index folders inside a folder skipped
/// silently.
///
/// Never fails: every problem is passed to `sink` and counted in the returned summary.
pub fn read_corpus(paths: &[PathBuf], sink: &mut dyn FnMut(Item)) -> ReadSummary {
    read_corpus_with(paths, &ReadOptions::default(), sink)
}

/// [`read_corpus`] with options (field names).
pub fn read_corpus_with(
    paths: &[PathBuf],
    options: &ReadOptions,
    sink: &mut dyn FnMut(Item),
) -> ReadSummary {
    let mut summary = ReadSummary::default();
    let mut counted = |item: Item, summary: &mut ReadSummary| {
        match &item {
            Item::Article(_) => summary.articles += 1,
            Item::Problem(_) => summary.problems += 1,
            Item::Warning(_) => summary.warnings += 1,
            Item::Info(_) => {}
        }
        sink(item);
    };
    // Files already read, so a file reached twice (overlapping paths, links) is read once.
    let mut seen: HashSet<PathBuf> = HashSet::new();

    for root in paths {
        let display = path_text(root);
        let meta = match std::fs::metadata(root) {
            Ok(meta) => meta,
            Err(err) => {
                counted(
                    Item::Problem(InputError::file(display, io_reason(&err))),
                    &mut summary,
                );
                continue;
            }
        };
        if !meta.is_dir() {
            match kind_of(root) {
                Some(kind) if first_visit(&mut seen, root) => {
                    let doc_id = stem(root);
                    read_file(
                        root,
                        &display,
                        kind,
                        doc_id,
                        options,
                        &mut summary,
                        &mut counted,
                    );
                }
                Some(_) => {}
                None => counted(
                    Item::Problem(InputError::file(
                        display,
                        format!("unsupported file type (expected {SUPPORTED})"),
                    )),
                    &mut summary,
                ),
            }
            continue;
        }

        // Each directory is entered once, however many links lead to it: a graph of links
        // (each folder linking twice to the next) was walked once per path through it,
        // exponentially (issue 17). Its files are read once anyway (`seen`).
        let mut dirs_seen: HashSet<(u64, u64)> = HashSet::new();
        let walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(move |e| !skipped(e) && first_dir_visit(&mut dirs_seen, e));
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let path = path_text(err.path().unwrap_or(root));
                    let item = if err.loop_ancestor().is_some() {
                        Item::Warning(InputError::file(path, "symbolic link loop, not followed"))
                    } else {
                        let reason = err
                            .io_error()
                            .map(io_reason)
                            .unwrap_or_else(|| lowercase_first(&err.to_string()));
                        Item::Problem(InputError::file(path, reason))
                    };
                    counted(item, &mut summary);
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            let path = entry.path();
            let display = path_text(path);
            match kind_of(path) {
                Some(kind) => {
                    if first_visit(&mut seen, path) {
                        let doc_id = relative_doc_id(root, path);
                        read_file(
                            path,
                            &display,
                            kind,
                            doc_id,
                            options,
                            &mut summary,
                            &mut counted,
                        );
                    }
                }
                None => {
                    summary.skipped_unsupported += 1;
                    counted(
                        Item::Warning(InputError::file(display, "unsupported file type, skipped")),
                        &mut summary,
                    );
                }
            }
        }
    }
    summary
}

/// Whether the folders `paths` hold no file of a supported kind at all (false as soon as one
/// path is a file, which is read or reported).
pub fn no_input_files(paths: &[PathBuf]) -> bool {
    paths.iter().all(|root| {
        root.is_dir()
            && !WalkDir::new(root)
                .follow_links(true)
                .into_iter()
                .filter_entry(|e| !skipped(e))
                .flatten()
                .any(|e| e.file_type().is_file() && kind_of(e.path()).is_some())
    })
}

/// The total size in bytes of the supported files under `paths` (for a progress bar).
pub fn input_size(paths: &[PathBuf]) -> u64 {
    let mut total = 0;
    for root in paths {
        let walker = WalkDir::new(root)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| !skipped(e));
        for entry in walker.flatten() {
            if entry.file_type().is_file() && kind_of(entry.path()).is_some() {
                total += entry.metadata().map_or(0, |m| m.len());
            }
        }
    }
    total
}

/// Records `path` as read; false if it was already (same canonical file).
fn first_visit(seen: &mut HashSet<PathBuf>, path: &Path) -> bool {
    let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    seen.insert(key)
}

fn read_file(
    path: &Path,
    display: &str,
    (kind, gzip): (Kind, bool),
    doc_id: String,
    options: &ReadOptions,
    summary: &mut ReadSummary,
    counted: &mut dyn FnMut(Item, &mut ReadSummary),
) {
    summary.files += 1;
    // Items are forwarded as they come (a JSON Lines file may be large), counted locally.
    let mut local = ReadSummary::default();
    let mut forward = |item: Item| counted(item, &mut local);
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    summary.bytes += size;
    read_one(
        path,
        display,
        kind,
        gzip,
        size,
        doc_id,
        options,
        &mut forward,
    );
    summary.articles += local.articles;
    summary.problems += local.problems;
    summary.warnings += local.warnings;
}

/// What `path` is when it is not a regular file (after links): a FIFO or a device is never
/// opened, since reading it could block the run forever or never end.
fn not_regular(path: &Path) -> Option<&'static str> {
    let kind = std::fs::metadata(path).ok()?.file_type();
    if kind.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("neither a file nor a folder")
}

#[allow(clippy::too_many_arguments)]
fn read_one(
    path: &Path,
    display: &str,
    kind: Kind,
    gzip: bool,
    size: u64,
    doc_id: String,
    options: &ReadOptions,
    sink: &mut dyn FnMut(Item),
) {
    if let Some(what) = not_regular(path) {
        let reason = format!("not a regular file: {what}");
        sink(Item::Problem(InputError::file(display, reason)));
        return;
    }
    if size == 0 {
        sink(Item::Problem(InputError::file(display, "empty file")));
        return;
    }
    let nul = match kind {
        Kind::Text | Kind::Html => decode::Nul::Binary,
        Kind::JsonLines | Kind::Json | Kind::Csv | Kind::Tsv => decode::Nul::BinaryInFirstLine,
    };
    let mut input = match decode::open(path, gzip, &options.bytes_read, nul) {
        Ok(input) => input,
        Err(DecodeError::Io(err)) => {
            sink(Item::Problem(InputError::file(display, io_reason(&err))));
            return;
        }
        Err(DecodeError::Binary) => {
            let reason = "binary file (not text in a known encoding)";
            sink(Item::Problem(InputError::file(display, reason)));
            return;
        }
    };
    let bom = if input.bom {
        " with byte-order mark"
    } else {
        ""
    };
    let info = format!("encoding {}{bom}", input.encoding);
    sink(Item::Info(InputError::file(display, info)));
    let reader = &mut input.reader;
    let fields = &options.fields;
    match kind {
        Kind::Text => text::read_text(reader, display, doc_id, sink),
        Kind::Html => html::read_html(reader, display, doc_id, sink),
        Kind::JsonLines => jsonl::read_jsonl(reader, display, fields, sink),
        Kind::Json => json::read_json(reader, display, fields, sink),
        Kind::Csv => csv::read_csv(reader, b',', display, fields, sink),
        Kind::Tsv => csv::read_csv(reader, b'\t', display, fields, sink),
    }
    if input.replaced.get() {
        let reason = format!(
            "invalid {} byte sequences, replaced with U+FFFD",
            input.encoding
        );
        sink(Item::Warning(InputError::file(display, reason)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn collect(paths: &[PathBuf]) -> (Vec<Item>, ReadSummary) {
        let mut items = Vec::new();
        let summary = read_corpus(paths, &mut |item| {
            if !matches!(item, Item::Info(_)) {
                items.push(item)
            }
        });
        (items, summary)
    }

    fn ids(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Article(a) => Some(a.doc_id.clone()),
                _ => None,
            })
            .collect()
    }

    fn write(path: &Path, content: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, content).unwrap();
    }

    #[test]
    fn error_display() {
        assert_eq!(
            InputError::file("a.txt", "empty file").to_string(),
            "a.txt: empty file"
        );
        let e = InputError::at_line("b.jsonl", 3, "missing \"text\"");
        assert_eq!(e.to_string(), "b.jsonl:3: missing \"text\"");
        assert_eq!(e.location(), "b.jsonl:3");
    }

    #[test]
    fn folder_walk_is_sorted_and_ids_are_relative() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        write(&root.join("b.txt"), "bee");
        write(&root.join("a/z.md"), "zed");
        write(&root.join("a/b/c.TXT"), "sea");
        write(&root.join("10.txt"), "ten");
        write(&root.join(".hidden.txt"), "no");
        write(&root.join(".git/x.txt"), "no");
        write(&root.join("notes.pdf"), "pdf");
        let (items, summary) = collect(std::slice::from_ref(&root));
        assert_eq!(ids(&items), ["10", "a/b/c", "a/z", "b"]);
        assert_eq!(summary.files, 4);
        assert_eq!(summary.bytes, 12);
        assert_eq!(summary.articles, 4);
        assert_eq!(summary.skipped_unsupported, 1);
        assert_eq!(summary.warnings, 1);
        assert_eq!(summary.problems, 0);
        let warning = items.iter().find_map(|i| match i {
            Item::Warning(w) => Some(w.to_string()),
            _ => None,
        });
        let want = format!(
            "{}: unsupported file type, skipped",
            root.join("notes.pdf").display()
        );
        assert_eq!(warning, Some(want));
        // Same result twice: the order is stable.
        assert_eq!(collect(&[root]).0, items);
    }

    #[test]
    fn direct_files_keep_given_order_and_use_stem() {
        let dir = tempfile::tempdir().unwrap();
        let b = dir.path().join("sub/b.txt");
        let a = dir.path().join("a.md");
        write(&b, "bee");
        write(&a, "ay");
        let (items, summary) = collect(&[b.clone(), a.clone(), b]);
        assert_eq!(ids(&items), ["b", "a"], "the repeated file is read once");
        assert_eq!(summary.files, 2);
        match &items[0] {
            Item::Article(art) => assert!(art.path.ends_with("b.txt")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn missing_path_and_unsupported_file_are_problems() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let pdf = dir.path().join("x.pdf");
        write(&pdf, "pdf");
        let (items, summary) = collect(&[missing.clone(), pdf]);
        assert_eq!(summary.problems, 2);
        assert_eq!(summary.files, 0);
        assert_eq!(
            items[0],
            Item::Problem(InputError::file(
                missing.display().to_string(),
                "no such file or directory"
            ))
        );
        match &items[1] {
            Item::Problem(e) => assert!(e.reason.starts_with("unsupported file type"), "{e}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn mixed_folder_counts_problems_and_warnings() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        write(
            &root.join("a.jsonl"),
            "{\"text\":\"un\"}\nnot json\n{\"text\":\"deux\",\"date\":\"x\"}\n",
        );
        write(&root.join("b.txt"), "  \n");
        let (items, summary) = collect(&[root]);
        assert_eq!(summary.articles, 2);
        assert_eq!(summary.problems, 2, "{items:?}");
        assert_eq!(summary.warnings, 1);
        assert_eq!(summary.files, 2);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_reported_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("c");
        write(&root.join("a.txt"), "ay");
        std::os::unix::fs::symlink(&root, root.join("loop")).unwrap();
        let (items, summary) = collect(&[root]);
        assert_eq!(ids(&items), ["a"]);
        assert_eq!(summary.warnings, 1, "{items:?}");
    }

    #[test]
    fn io_reason_is_lowercase_without_os_number() {
        let err = io::Error::from_raw_os_error(21); // EISDIR on Linux
        let reason = io_reason(&err);
        assert!(!reason.contains("os error"), "{reason}");
        assert!(
            reason.chars().next().is_some_and(|c| !c.is_uppercase()),
            "{reason}"
        );
        let denied = io::Error::from(io::ErrorKind::PermissionDenied);
        assert_eq!(io_reason(&denied), "permission denied");
    }
}
