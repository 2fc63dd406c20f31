//! What an index already holds, for incremental updates: each article's id, hash, file,
//! ordinal and passage count, read from fast fields (no stored document is loaded).

use std::collections::HashMap;

use tantivy::Index;

/// One article found in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// The hash recorded when it was indexed.
    pub hash: u64,
    /// Its ordinal.
    pub article: u64,
    /// The file it came from.
    pub path: String,
    /// Its passages (index documents).
    pub passages: u64,
    /// True when the index holds it inconsistently (two ordinals, differing hashes): it is
    /// re-indexed.
    pub broken: bool,
}

/// The articles in the last commit of `index`, by id, and the next free article and
/// passage ordinals.
pub fn load(index: &Index) -> tantivy::Result<(HashMap<String, Known>, u64, u64)> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    // By ordinal first: strings are resolved once per article.
    struct Acc {
        hash: u64,
        passages: u64,
        mixed: bool,
        id: Option<(String, String)>,
    }
    let mut by_ordinal: HashMap<u64, Acc> = HashMap::new();
    let (mut next_article, mut next_order) = (0u64, 0u64);
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let article = ff.u64("article")?;
        let passage = ff.u64("passage")?;
        let hash = ff.u64("hash")?;
        let order = ff.u64("order")?;
        let doc_id = ff.str("doc_id")?;
        let path = ff.str("path")?;
        for doc in segment.doc_ids_alive() {
            let ord = article.first(doc).unwrap_or(0);
            let h = hash.first(doc).unwrap_or(0);
            next_article = next_article.max(ord + 1);
            next_order = next_order.max(order.first(doc).unwrap_or(0) + 1);
            let acc = by_ordinal.entry(ord).or_insert(Acc {
                hash: h,
                passages: 0,
                mixed: false,
                id: None,
            });
            acc.passages += 1;
            acc.mixed |= acc.hash != h;
            if acc.id.is_none() && passage.first(doc) == Some(0) {
                acc.id = Some((column_str(&doc_id, doc)?, column_str(&path, doc)?));
            }
        }
    }
    let mut known: HashMap<String, Known> = HashMap::with_capacity(by_ordinal.len());
    for (ordinal, acc) in by_ordinal {
        // An article without its first passage cannot be named: it is left to `rebuild`.
        let Some((id, path)) = acc.id else { continue };
        match known.get_mut(&id) {
            Some(k) => {
                k.broken = true;
                k.passages += acc.passages;
            }
            None => {
                known.insert(
                    id,
                    Known {
                        hash: acc.hash,
                        article: ordinal,
                        path,
                        passages: acc.passages,
                        broken: acc.mixed,
                    },
                );
            }
        }
    }
    Ok((known, next_article, next_order))
}

fn column_str(column: &Option<tantivy::columnar::StrColumn>, doc: u32) -> tantivy::Result<String> {
    let mut out = String::new();
    if let Some(col) = column {
        if let Some(ord) = col.ords().first(doc) {
            col.ord_to_str(ord, &mut out)?;
        }
    }
    Ok(out)
}
