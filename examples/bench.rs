//! Benchmark of the library on a real corpus: indexing, index size, query latency.
//!
//! Run through `bench/run.sh`, which builds it in release, runs the peers on the same data
//! and prints ratios. It can also be run alone; every subcommand prints one JSON object per
//! line on stdout (progress on stderr):
//!
//! ```text
//! cargo run --release --example bench -- index ARTICLES.jsonl INDEX_DIR [--memory MB] [--threads N]
//! cargo run --release --example bench -- query INDEX_DIR QUERIES.txt [--repeat 5] [--limit 10]
//! cargo run --release --example bench -- space INDEX_DIR
//! cargo run --release --example bench -- analyze ARTICLES.jsonl
//! ```
//!
//! `index` rebuilds the index from scratch and reports the time, the throughput in MB of
//! article text per second, the index size and the peak resident memory of the process
//! (`VmHWM`, which is the indexing peak since the process does nothing else).
//!
//! `query` opens the index, runs every query once to warm up (the times of that first pass
//! are reported as `cold`), then runs each query `--repeat` times and keeps the median. A
//! query's time covers everything a program using the library pays: parsing, ranking,
//! counting all matches, loading the top `--limit` passages, highlighting them and writing
//! them as JSON Lines (into memory). p50/p95/p99/max are over the queries' medians; each
//! query's fastest run is given too (`min_ms`: steadier than the median on a busy machine).
//!
//! `space` prints the bytes of the index per file kind and per field.
//!
//! `analyze` times the French analysis alone (one thread, texts in memory), twice: the
//! second pass is the steady state of an indexing thread's stem cache.

use std::path::{Path, PathBuf};
use std::time::Instant;

use search::output::{Asked, JsonPrinter};

/// mimalloc: allocations and frees in the analysis, the index writer and per query cost
/// less than with the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use search::{build_index, BuildOptions, SearchIndex, SearchOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("index") if args.len() >= 3 => index(&args[1], &args[2], &args[3..]),
        Some("query") if args.len() >= 3 => query(&args[1], &args[2], &args[3..]),
        Some("space") if args.len() == 2 => space(&args[1]),
        Some("analyze") if args.len() == 2 => analyze(&args[1]),
        _ => Err(
            "usage: bench index ARTICLES INDEX_DIR [--memory MB] [--threads N] | \
                  bench query INDEX_DIR QUERIES [--repeat N] [--limit N] | bench space INDEX_DIR | \
                  bench analyze ARTICLES"
                .to_string(),
        ),
    };
    if let Err(e) = result {
        eprintln!("bench: {e}");
        std::process::exit(2);
    }
}

/// The value of `--name N` in `rest`, or `default`.
fn flag(rest: &[String], name: &str, default: usize) -> Result<usize, String> {
    match rest.iter().position(|a| a == name) {
        None => Ok(default),
        Some(i) => rest
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("{name} needs a number")),
    }
}

fn index(corpus: &str, dir: &str, rest: &[String]) -> Result<(), String> {
    let mut options = BuildOptions::default();
    options.memory_mb = flag(rest, "--memory", options.memory_mb)?;
    options.threads = flag(rest, "--threads", options.threads)?;
    let started = Instant::now();
    let report = build_index(
        &[PathBuf::from(corpus)],
        Path::new(dir),
        &options,
        &mut |problem, _| eprintln!("bench: {problem}"),
    )
    .map_err(|e| e.to_string())?;
    let seconds = started.elapsed().as_secs_f64();
    let index_bytes = dir_bytes(Path::new(dir));
    println!(
        "{{\"bench\": \"index\", \"articles\": {}, \"passages\": {}, \"text_bytes\": {}, \
         \"seconds\": {:.3}, \"mb_per_s\": {:.2}, \"index_bytes\": {}, \"peak_rss_kb\": {}, \
         \"memory_mb\": {}, \"threads\": {}}}",
        report.articles,
        report.passages,
        report.bytes,
        seconds,
        report.bytes as f64 / 1e6 / seconds,
        index_bytes,
        status_kb("VmHWM:"),
        options.memory_mb,
        options.threads,
    );
    Ok(())
}

fn query(dir: &str, queries_file: &str, rest: &[String]) -> Result<(), String> {
    let repeat = flag(rest, "--repeat", 5)?.max(1);
    let limit = flag(rest, "--limit", 10)?;
    let text = std::fs::read_to_string(queries_file).map_err(|e| format!("{queries_file}: {e}"))?;
    let queries: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|q| !q.is_empty() && !q.starts_with('#'))
        .collect();
    let rss_before = status_kb("VmRSS:");
    let opened = Instant::now();
    let index = SearchIndex::open(Path::new(dir)).map_err(|e| e.to_string())?;
    let searcher = index.searcher();
    let open_ms = opened.elapsed().as_secs_f64() * 1e3;
    let options = SearchOptions {
        limit,
        ..SearchOptions::default()
    };
    let mut out = Vec::with_capacity(1 << 20);
    let mut run = |q: &str| -> (f64, usize, usize) {
        out.clear();
        let t = Instant::now();
        let (hits, total) = match index.search_with(&searcher, q, &options) {
            Ok(results) => {
                let mut printer = JsonPrinter::new(&mut out);
                let asked = Asked {
                    query: q,
                    name: None,
                    index: None,
                };
                for (i, hit) in results.hits.iter().enumerate() {
                    printer.hit(&asked, i + 1, hit).expect("write to memory");
                }
                (results.hits.len(), results.total)
            }
            Err(_) => (0, 0),
        };
        (t.elapsed().as_secs_f64() * 1e3, hits, total)
    };
    let cold: Vec<f64> = queries.iter().map(|q| run(q).0).collect();
    let mut medians = Vec::with_capacity(queries.len());
    for (i, q) in queries.iter().enumerate() {
        let mut times = Vec::with_capacity(repeat);
        let mut found = (0, 0);
        for _ in 0..repeat {
            let (ms, hits, total) = run(q);
            times.push(ms);
            found = (hits, total);
        }
        let ms = median(&mut times);
        medians.push(ms);
        println!(
            "{{\"bench\": \"query\", \"query\": {}, \"ms\": {:.4}, \"min_ms\": {:.4}, \
             \"cold_ms\": {:.4}, \"hits\": {}, \"total\": {}}}",
            json_string(q),
            ms,
            times[0],
            cold[i],
            found.0,
            found.1
        );
    }
    let mut sorted = medians.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "{{\"bench\": \"query-summary\", \"queries\": {}, \"repeat\": {}, \"limit\": {}, \
         \"open_ms\": {:.3}, \"p50_ms\": {:.4}, \"p95_ms\": {:.4}, \"p99_ms\": {:.4}, \
         \"max_ms\": {:.4}, \"mean_ms\": {:.4}, \"cold_max_ms\": {:.4}, \"rss_growth_kb\": {}}}",
        queries.len(),
        repeat,
        limit,
        open_ms,
        percentile(&sorted, 50.0),
        percentile(&sorted, 95.0),
        percentile(&sorted, 99.0),
        sorted.last().copied().unwrap_or(0.0),
        sorted.iter().sum::<f64>() / sorted.len().max(1) as f64,
        cold.iter().copied().fold(0.0, f64::max),
        status_kb("VmRSS:").saturating_sub(rss_before),
    );
    Ok(())
}

fn space(dir: &str) -> Result<(), String> {
    let index = SearchIndex::open(Path::new(dir)).map_err(|e| e.to_string())?;
    let searcher = index.searcher();
    let usage = searcher.space_usage().map_err(|e| e.to_string())?;
    let mut per_field: std::collections::BTreeMap<String, [u64; 5]> = Default::default();
    let mut store = 0u64;
    for segment in usage.segments() {
        store += segment.store().total().get_bytes();
        let parts = [
            segment.termdict(),
            segment.postings(),
            segment.positions(),
            segment.fast_fields(),
            segment.fieldnorms(),
        ];
        for (k, part) in parts.iter().enumerate() {
            for u in part.fields() {
                let name = u.field_name().to_string();
                per_field.entry(name).or_default()[k] += u.total().get_bytes();
            }
        }
    }
    for (name, b) in &per_field {
        println!(
            "{{\"bench\": \"space\", \"field\": \"{name}\", \"terms\": {}, \"postings\": {}, \
             \"positions\": {}, \"fast\": {}, \"fieldnorms\": {}}}",
            b[0], b[1], b[2], b[3], b[4]
        );
    }
    println!(
        "{{\"bench\": \"space\", \"field\": \"(doc store)\", \"store\": {store}, \"total\": {}}}",
        usage.total().get_bytes()
    );
    Ok(())
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    percentile(v, 50.0)
}

/// Linear-interpolated percentile of sorted values (as numpy's default and the peers').
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let k = (sorted.len() - 1) as f64 * p / 100.0;
    let lo = k.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (k - lo as f64)
}

/// A line of `/proc/self/status` in kB (0 where there is no procfs).
fn status_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// Times the French analysis alone, on one thread, over every article text of `corpus` (read
/// into memory first), twice: the first pass fills the stem cache, the second is the steady
/// state of an indexing thread.
fn analyze(corpus: &str) -> Result<(), String> {
    let mut texts = Vec::new();
    search::corpus::read_corpus(&[PathBuf::from(corpus)], &mut |item| {
        if let search::corpus::Item::Article(a) = item {
            texts.push(a.text);
        }
    });
    let bytes: usize = texts.iter().map(String::len).sum();
    for pass in 1..=2 {
        let started = Instant::now();
        let mut words = 0u64;
        search::analysis::with_analyzer(|a| {
            for text in &texts {
                a.analyze(text, |_| words += 1);
            }
        });
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{{\"bench\": \"analyze\", \"pass\": {pass}, \"words\": {words}, \"text_bytes\": {bytes}, \
             \"seconds\": {seconds:.3}, \"mb_per_s\": {:.1}}}",
            bytes as f64 / 1e6 / seconds
        );
    }
    Ok(())
}
