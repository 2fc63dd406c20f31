//! A query word, compound or phrase through the French analyzer: stems and exact forms per
//! position, the joined spelling of a compound, and the elided articles removed.

use crate::analysis::with_analyzer;

/// A query word after analysis.
pub(super) struct Analysed {
    /// Stem alternatives per position (joined compound spellings excluded).
    pub(super) stems: Vec<Vec<Box<str>>>,
    /// Exact form per position.
    pub(super) exact: Vec<Box<str>>,
    /// The joined spelling's stems and exact form, for a single compound.
    pub(super) joined_stems: Vec<Box<str>>,
    pub(super) joined_exact: Vec<Box<str>>,
    pub(super) elided: Vec<String>,
}

pub(super) fn analyse(text: &str, allow_joined: bool) -> Analysed {
    let mut a = Analysed {
        stems: Vec::new(),
        exact: Vec::new(),
        joined_stems: Vec::new(),
        joined_exact: Vec::new(),
        elided: Vec::new(),
    };
    let mut joined_count = 0;
    let mut first_position: Option<u32> = None;
    with_analyzer(|an| {
        an.analyze(text, |w| {
            let mut forms: Vec<Box<str>> = vec![w.stem.into()];
            if let Some(alt) = w.alt_stem {
                forms.push(alt.into());
            }
            if w.joined {
                joined_count += 1;
                a.joined_stems = forms;
                a.joined_exact = vec![w.exact.into()];
            } else {
                // Empty entries stand for the empty positions punctuation leaves.
                let first = *first_position.get_or_insert(w.position);
                while first + (a.stems.len() as u32) < w.position {
                    a.stems.push(Vec::new());
                    a.exact.push("".into());
                }
                a.stems.push(forms);
                a.exact.push(w.exact.into());
            }
        })
    });
    // Elided articles: what stands between a word's start in the query and the word.
    for token in text.split_whitespace() {
        let t = token.trim_start_matches(|c: char| !c.is_alphanumeric());
        if let Some(i) = t.find(['\'', '’', 'ʼ', '‘']) {
            let prefix = t[..i].to_lowercase();
            if crate::analysis::is_elided_article(&prefix) {
                a.elided.push(format!("{}'", &t[..i]));
            }
        }
    }
    if !allow_joined || joined_count != 1 || a.stems.iter().filter(|s| !s.is_empty()).count() < 2 {
        a.joined_stems.clear();
        a.joined_exact.clear();
    }
    a
}
