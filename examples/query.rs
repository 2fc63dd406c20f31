//! Index the sample corpus and run a query with the library only.
//!
//! ```text
//! cargo run --example query -- "cessez-le-feu"
//! ```

use search::{build_index, BuildOptions, SearchIndex, SearchOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let query = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "cessez-le-feu".to_string());
    let dir = std::env::temp_dir().join("search-example-index");
    let report = build_index(
        &["corpus".into()],
        &dir,
        &BuildOptions::default(),
        &mut |problem, _| eprintln!("{problem}"),
    )?;
    eprintln!(
        "indexed {} articles, {} passages",
        report.articles, report.passages
    );

    let index = SearchIndex::open(&dir)?;
    let results = index.search(
        &query,
        &SearchOptions {
            limit: 5,
            ..SearchOptions::default()
        },
    )?;
    println!("{} passages match {query:?}", results.total);
    for (rank, hit) in results.hits.iter().enumerate() {
        let marked: Vec<&str> = hit
            .highlights
            .iter()
            .map(|s| &hit.text[s.start..s.end])
            .collect();
        println!(
            "{}. {} ¶{} ({:.2}): {marked:?}",
            rank + 1,
            hit.doc_id,
            hit.passage,
            hit.score
        );
    }
    Ok(())
}
