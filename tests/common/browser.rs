//! Headless Chromium for the tests of `search serve`'s page: found on PATH (or
//! `SEARCH_CHROMIUM`), skipped with a message when absent unless `SEARCH_REQUIRE_SHARED=1`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The browser to drive, or `None` with a visible skip message.
pub fn chromium(test: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("SEARCH_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            if dir.join(name).is_file() {
                return Some(dir.join(name));
            }
        }
    }
    if std::env::var("SEARCH_REQUIRE_SHARED").is_ok_and(|v| v == "1") {
        panic!(
            "{test}: no chromium on PATH and SEARCH_REQUIRE_SHARED=1 (apt-get install chromium)"
        );
    }
    eprintln!(
        "SKIPPED {test}: no chromium on PATH (apt-get install chromium, or set SEARCH_CHROMIUM)"
    );
    None
}

/// Headless Chromium on `url`: the DOM once the page's script has run (and a screenshot to
/// `shot` at `size`, when given).
pub fn browse(browser: &Path, profile: &Path, url: &str, shot: Option<(&Path, &str)>) -> String {
    let mut c = Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--hide-scrollbars",
        "--virtual-time-budget=10000",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    match shot {
        Some((path, size)) => {
            c.arg(format!("--screenshot={}", path.display()));
            c.arg(format!("--window-size={size}"));
        }
        None => {
            c.arg("--dump-dom");
        }
    }
    let out = c.arg(url).output().expect("run chromium");
    assert!(
        out.status.success(),
        "chromium {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
