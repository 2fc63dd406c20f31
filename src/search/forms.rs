//! The surface forms a query matched across every matching passage, with their counts —
//! what stemming, folding, prefixes and variants pulled in.

use std::collections::HashMap;

use tantivy::collector::DocSetCollector;
use tantivy::query::Query;
use tantivy::Searcher;

use crate::error::{Error, Result};
use crate::highlight::{highlight, Pattern};
use crate::index::SearchIndex;

/// A written form (lower-cased, soft hyphens removed) and how many times it was matched.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FormCount {
    pub form: String,
    pub occurrences: u64,
}

impl SearchIndex {
    /// Counts the marked forms of `patterns` in every passage matching `query`; most
    /// frequent first, then alphabetical.
    pub fn surface_forms(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        patterns: &[Pattern],
    ) -> Result<Vec<FormCount>> {
        let mut docs: Vec<_> = searcher
            .search(query, &DocSetCollector)
            .map_err(|e| Error::index(self.path(), e))?
            .into_iter()
            .collect();
        docs.sort();
        let mut counts: HashMap<String, u64> = HashMap::new();
        for addr in docs {
            let passage = self.passage(searcher, addr)?;
            for span in highlight(&passage.text, patterns) {
                let form = passage.text[span.start..span.end]
                    .replace('\u{AD}', "")
                    .to_lowercase();
                *counts.entry(form).or_insert(0) += 1;
            }
        }
        let mut forms: Vec<FormCount> = counts
            .into_iter()
            .map(|(form, count)| FormCount {
                form,
                occurrences: count,
            })
            .collect();
        forms.sort_by(|a, b| {
            b.occurrences
                .cmp(&a.occurrences)
                .then_with(|| a.form.cmp(&b.form))
        });
        Ok(forms)
    }
}
