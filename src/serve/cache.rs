//! Answers kept in memory, by request: the index never changes under a running server, so
//! an answer stays right. Counts (the chart's lines) cost a read of every matching passage;
//! viewing the chart again, as a share or per year, asks them again. A concordance is sorted
//! whole before any page of it is shown; turning its pages asks it again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::audit::Concordance;

/// What an answer kept takes in memory, about.
pub trait Footprint {
    /// Bytes, about.
    fn footprint(&self) -> usize;
}

impl Footprint for Vec<u8> {
    fn footprint(&self) -> usize {
        self.len()
    }
}

impl Footprint for Concordance {
    fn footprint(&self) -> usize {
        let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        self.lines
            .iter()
            .map(|l| {
                std::mem::size_of_val(l)
                    + l.doc_id.len()
                    + l.path.len()
                    + text(&l.title)
                    + text(&l.source)
                    + text(&l.url)
                    + l.left.len()
                    + l.matched.len()
                    + l.right.len()
                    + l.term.len()
            })
            .sum::<usize>()
            + self.query.len()
    }
}

/// Answers by request, and the bytes they take.
type Store<T> = (HashMap<String, Arc<T>>, usize);

/// A bounded store of answers: when a new one would pass the budget, all are dropped (a
/// simple rule that keeps memory bounded; the next requests fill it again).
pub struct Cache<T = Vec<u8>> {
    budget: usize,
    inner: Mutex<Store<T>>,
}

impl<T: Footprint> Cache<T> {
    /// A cache holding at most `budget` bytes of answers.
    pub fn new(budget: usize) -> Cache<T> {
        Cache {
            budget,
            inner: Mutex::new((HashMap::new(), 0)),
        }
    }

    /// The answer kept for `key`.
    pub fn get(&self, key: &str) -> Option<Arc<T>> {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.0.get(key).cloned()
    }

    /// Keeps `body` for `key`, unless it is over an eighth of the budget.
    pub fn put(&self, key: String, body: Arc<T>) {
        let size = key.len() + body.footprint();
        if size > self.budget / 8 {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.1 + size > self.budget {
            inner.0.clear();
            inner.1 = 0;
        }
        if inner.0.insert(key, body).is_none() {
            inner.1 += size;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_answers_within_its_budget() {
        let c: Cache = Cache::new(800);
        c.put("a".into(), Arc::new(vec![0; 99]));
        assert_eq!(c.get("a").unwrap().len(), 99);
        c.put("big".into(), Arc::new(vec![0; 101]));
        assert!(c.get("big").is_none(), "over an eighth of the budget");
        for i in 0..8 {
            c.put(format!("k{i}"), Arc::new(vec![0; 90]));
        }
        assert!(c.get("a").is_none(), "dropped when the budget was reached");
        assert!(c.get("k7").is_some());
    }
}
