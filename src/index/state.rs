//! What an index already holds, for incremental updates: each article's id, hash, file,
//! ordinal and passage count, and every passage's duplicate key, read from fast fields (no
//! stored document is loaded).

use std::collections::HashMap;

use tantivy::Index;

use super::dup_table::DupTracker;

/// One article found in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// The hash recorded when it was indexed.
    pub hash: u64,
    /// Its ordinal.
    pub article: u64,
    /// Other ordinals holding the same id (only in a broken index); removed with it.
    pub others: Vec<u64>,
    /// The file it came from.
    pub path: String,
    /// Its passages (index documents).
    pub passages: u64,
    /// True when the index holds it inconsistently (two ordinals with the same id): it is
    /// re-indexed.
    pub broken: bool,
}

/// What the last commit of an index holds.
#[derive(Debug, Default)]
pub struct State {
    /// The live articles, by id.
    pub live: HashMap<String, Known>,
    /// The next free article ordinal.
    pub next_article: u64,
    /// The next free passage ordinal.
    pub next_order: u64,
    /// Every live passage's duplicate key.
    pub dups: DupTracker,
}

/// The articles in the last commit of `index`, and its passages' duplicate keys.
pub fn load(index: &Index) -> tantivy::Result<State> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    // By ordinal first: the head passage (passage 0) names the article.
    struct Acc {
        passages: u64,
        head: Option<(u64, String, String)>,
    }
    let mut by_ordinal: HashMap<u64, Acc> = HashMap::new();
    let mut state = State::default();
    for segment in searcher.segment_readers() {
        let ff = segment.fast_fields();
        let article = ff.u64("article")?;
        let passage = ff.u64("passage")?;
        let hash = ff.u64("hash")?;
        let order = ff.u64("order")?;
        let dup = ff.u64("dup")?;
        let doc_id = ff.str("doc_id")?;
        let path = ff.str("path")?;
        for doc in segment.doc_ids_alive() {
            let ord = article.first(doc).unwrap_or(0);
            let passage_order = order.first(doc).unwrap_or(0);
            state.next_article = state.next_article.max(ord + 1);
            state.next_order = state.next_order.max(passage_order + 1);
            if let Some(key) = dup.first(doc) {
                state.dups.add(key, passage_order, ord);
            }
            let acc = by_ordinal.entry(ord).or_insert(Acc {
                passages: 0,
                head: None,
            });
            acc.passages += 1;
            if acc.head.is_none() && passage.first(doc) == Some(0) {
                acc.head = Some((
                    hash.first(doc).unwrap_or(0),
                    column_str(&doc_id, doc)?,
                    column_str(&path, doc)?,
                ));
            }
        }
    }
    let mut ordinals: Vec<(u64, Acc)> = by_ordinal.into_iter().collect();
    ordinals.sort_unstable_by_key(|(ordinal, _)| *ordinal);
    for (ordinal, acc) in ordinals {
        // An article without its head passage cannot be named: it is left to `rebuild`
        // (passages are added by article, in one batch, so this does not happen).
        let Some((hash, id, path)) = acc.head else {
            continue;
        };
        match state.live.get_mut(&id) {
            Some(k) => {
                k.broken = true;
                k.others.push(ordinal);
                k.passages += acc.passages;
            }
            None => {
                state.live.insert(
                    id,
                    Known {
                        hash,
                        article: ordinal,
                        others: Vec::new(),
                        path,
                        passages: acc.passages,
                        broken: false,
                    },
                );
            }
        }
    }
    Ok(state)
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
