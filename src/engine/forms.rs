//! The written forms a query matched, with their counts — what lemmas, folding, prefixes and
//! variants pulled in — tallied from the spans of every match.

use std::collections::HashMap;

use crate::highlight::Span;

/// A written form (lower-cased, soft hyphens removed) and how many times it was matched.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FormCount {
    pub form: String,
    pub occurrences: u64,
}

/// Counts of the written forms of spans.
#[derive(Debug, Default)]
pub(crate) struct FormTally(HashMap<String, u64>);

impl FormTally {
    /// Counts the form of each span of `text`.
    pub fn add(&mut self, text: &str, spans: &[Span]) {
        for s in spans {
            // Soft hyphens are invisible: `bles\u{AD}sés` is the form `blessés`.
            let form = text[s.start..s.end].replace('\u{AD}', "").to_lowercase();
            *self.0.entry(form).or_default() += 1;
        }
    }

    /// The forms, most frequent first, then alphabetical.
    pub fn into_sorted(self) -> Vec<FormCount> {
        let mut forms: Vec<FormCount> = self
            .0
            .into_iter()
            .map(|(form, occurrences)| FormCount { form, occurrences })
            .collect();
        forms.sort_by(|a, b| {
            b.occurrences
                .cmp(&a.occurrences)
                .then_with(|| a.form.cmp(&b.form))
        });
        forms
    }
}
