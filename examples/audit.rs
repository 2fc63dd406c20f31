//! Auditing a corpus from Rust: exact counts per year, surface forms and a concordance,
//! through the library only (no CLI).
//!
//! ```text
//! cargo run --example audit                       # indexes corpus/ into a temp dir
//! cargo run --example audit -- INDEX_DIR QUERY…   # an existing index, your queries
//! ```

use std::path::PathBuf;

use search::audit::{By, CountOptions, KwicOptions, KwicSort};
use search::{build_index, BuildOptions, SearchIndex};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let temp = tempfile::tempdir()?;
    let index_dir = match args.next() {
        Some(dir) => PathBuf::from(dir),
        None => {
            // The sample corpus, indexed the way `search index corpus` does.
            let dir = temp.path().join("index");
            build_index(
                &[PathBuf::from("corpus")],
                &dir,
                &BuildOptions::default(),
                &mut |p, _| eprintln!("{p}"),
            )?;
            dir
        }
    };
    let mut queries: Vec<String> = args.collect();
    if queries.is_empty() {
        queries = vec![
            "=Azerbaïdjan".into(),
            "cessez-le-feu".into(),
            "arménien".into(),
        ];
    }

    let index = SearchIndex::open(&index_dir)?;
    let stats = index.stats()?;
    println!("{} articles, {} passages", stats.articles, stats.passages);

    // One audit for all queries: one searcher, one read of the dates and sources.
    let audit = index.audit();
    let by_year = CountOptions {
        by: Some(By::Year),
        forms: true,
        ..CountOptions::default()
    };
    for query in &queries {
        let counts = audit.count(query, &by_year)?;
        let t = counts.total;
        println!(
            "{query}: {} occurrences in {} passages of {} / {} articles",
            t.occurrences, t.passages, t.articles, t.total_articles
        );
        for b in &counts.buckets {
            let year = b.bucket.as_deref().unwrap_or("undated");
            println!(
                "  {year}: {} articles of {}",
                b.tally.articles, b.tally.total_articles
            );
        }
        let forms: Vec<String> = counts
            .forms
            .unwrap_or_default()
            .iter()
            .map(|f| format!("{} {}", f.form, f.occurrences))
            .collect();
        println!("  forms: {}", forms.join(", "));
    }

    // A concordance of the first query, sorted by the word before the match.
    let kwic = audit.kwic(
        &queries[0],
        &KwicOptions {
            width: 30,
            sort: KwicSort::Left,
            ..KwicOptions::default()
        },
    )?;
    for line in kwic.lines.iter().take(5) {
        println!("{:>30}  {}  {}", line.left, line.matched, line.right);
    }
    Ok(())
}
