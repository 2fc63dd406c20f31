//! Helpers shared by the integration tests: the real binary in a temp dir, and `../shared`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared`, or `None` with a visible skip message. With `SEARCH_REQUIRE_SHARED=1` (set by
/// `.ci/run`) a missing `../shared` is a failure, not a skip.
pub fn shared(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("SEARCH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("../shared"));
    if dir.join("french").is_dir() {
        return Some(dir);
    }
    if std::env::var("SEARCH_REQUIRE_SHARED").is_ok_and(|v| v == "1") {
        panic!(
            "{test}: {} is missing and SEARCH_REQUIRE_SHARED=1",
            dir.display()
        );
    }
    eprintln!(
        "SKIPPED {test}: {} not found (set SEARCH_SHARED or run from the project checkout)",
        dir.display()
    );
    None
}

/// The `search` binary built for these tests, run with a cleared environment in `cwd`.
pub fn search(cwd: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_search"));
    c.current_dir(cwd)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    c
}

/// Runs `search args…` in `cwd` and returns its output.
pub fn run(cwd: &Path, args: &[&str]) -> Output {
    search(cwd).args(args).output().expect("run search")
}

/// A temp dir holding a copy of the sample corpus in `corpus/`.
pub fn sample_corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for entry in std::fs::read_dir(root().join("corpus")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
    }
    dir
}

/// Parses JSON Lines output: the data records (hits, counts, concordance lines…), without
/// the `summary` record that ends each query's output ([`json_records`] has them all).
pub fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    json_records(out)
        .into_iter()
        .filter(|r| r["type"] != "summary")
        .collect()
}

/// Parses JSON Lines output: every record.
pub fn json_records(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
        .collect()
}

/// The highlighted substrings of a JSON hit.
pub fn marked(hit: &serde_json::Value) -> Vec<String> {
    let text = hit["text"].as_str().unwrap().as_bytes();
    hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let (s, e) = (
                h["start"].as_u64().unwrap() as usize,
                h["end"].as_u64().unwrap() as usize,
            );
            String::from_utf8(text[s..e].to_vec()).expect("span on char boundaries")
        })
        .collect()
}

/// Lower-cased words of `text`: runs of alphanumerics, an apostrophe or hyphen between two
/// letters kept inside (so `macron’s` is not `macron`), elided articles split off.
pub fn words(text: &str) -> Vec<String> {
    let lower = text.to_lowercase().replace(['’', 'ʼ'], "'");
    let chars: Vec<char> = lower.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let inner = c == '\''
            && i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
        if c.is_alphanumeric() || inner {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.into_iter()
        .map(|w| match w.split_once('\'') {
            Some((a, rest))
                if [
                    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu",
                    "quoiqu",
                ]
                .contains(&a) =>
            {
                rest.to_string()
            }
            _ => w,
        })
        .collect()
}

/// Builds an index of `inputs` into `dir/idx` through the library (small memory, one
/// thread) and opens it.
pub fn library_index(dir: &Path, inputs: &[PathBuf]) -> search::SearchIndex {
    let idx = dir.join("idx");
    search::build_index(
        inputs,
        &idx,
        &search::BuildOptions {
            memory_mb: 50,
            threads: 1,
            ..search::BuildOptions::default()
        },
        &mut |_, _| {},
    )
    .expect("build the index");
    search::SearchIndex::open(&idx).expect("open the index")
}

/// A temp dir holding `news.jsonl`, four dated French articles with titles, sources and
/// URLs (one without any), indexed into `idx/` by the real binary.
pub fn news_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let articles = [
        serde_json::json!({"id": "af-1", "title": "Trêve à Stepanakert", "date": "2020-10-10", "source": "AFP", "url": "https://example.org/af-1",
            "text": "Un cessez-le-feu a été conclu à Stepanakert samedi.\n\nLes combats ont pourtant repris dans la nuit autour de la ville, selon les habitants.\n\nLe cessez-le-feu humanitaire devait permettre l'échange de prisonniers."}),
        serde_json::json!({"id": "re-2", "title": "Les gilets jaunes dans la rue", "date": "2019-01-12", "source": "Reuters", "url": "https://example.org/re-2",
            "text": "Les gilets jaunes ont manifesté à Paris pour le neuvième samedi consécutif.\n\nUn blessé a été signalé place de la Bastille."}),
        serde_json::json!({"id": "af-3", "title": "=HYPERLINK(\"x\")", "date": "2021-03-01", "source": "AFP", "url": null,
            "text": "-Chine : la Chine annonce un nouveau plan contre le coronavirus.\n\nLe coronavirus circule toujours en Chine selon Pékin."}),
        serde_json::json!({"id": "x-4", "text": "Un article sans titre ni date : il ne parle que de la pluie et du beau temps à Lyon."}),
    ];
    let mut lines = String::new();
    for a in &articles {
        lines.push_str(&a.to_string());
        lines.push('\n');
    }
    std::fs::write(dir.path().join("news.jsonl"), lines).unwrap();
    let out = run(dir.path(), &["index", "news.jsonl", "--index", "idx"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// `articles` JSON Lines articles (made-up sentences of French news words, each paragraph
/// ending with `numéro A-P`) of about 1.7 KB each in `dir/big.jsonl`.
pub fn generate(dir: &Path, articles: usize) -> PathBuf {
    const WORDS: [&str; 12] = [
        "gouvernement",
        "élection",
        "cessez-le-feu",
        "réforme",
        "hôpital",
        "grève",
        "l'Assemblée",
        "député",
        "manifestation",
        "négociations",
        "ministre",
        "sécurité",
    ];
    let mut seed: u64 = 7;
    let mut out = String::new();
    for a in 0..articles {
        let mut text = String::new();
        for p in 0..4 {
            for _ in 0..30 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(WORDS[(seed >> 33) as usize % WORDS.len()]);
                text.push(' ');
            }
            text.push_str(&format!("numéro {a}-{p}.\n\n"));
        }
        let line = serde_json::json!({"id": format!("g{a}"), "title": "essai", "text": text});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    let path = dir.join("big.jsonl");
    std::fs::write(&path, out).unwrap();
    path
}

/// Runs `search index ARGS…` in `dir`, failing the test if it takes more than a minute (a
/// generous bound on a loaded machine for what takes a few seconds).
pub fn index_within_a_minute(dir: &Path, args: &[&str]) -> Output {
    let started = std::time::Instant::now();
    let mut child = search(dir)
        .arg("index")
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("search index {args:?} did not finish in a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}
