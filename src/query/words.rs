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
    /// How each word's lemmas were found, for `--show-query`: `word → lemmas (how)`.
    pub(super) lexicon: Vec<String>,
}

/// The verbs whose forms are everywhere (`a`, `ont`, `est`, `été`): never the reading of a
/// part of a compound when it has another.
const AUXILIARIES: [&str; 2] = ["avoir", "être"];

/// Whether the word at `start..end` of `text` is joined to another by a hyphen.
fn in_compound(text: &str, start: usize, end: usize) -> bool {
    let hyphen = |c: char| matches!(c, '-' | '\u{2010}' | '\u{2011}');
    text[..start].chars().next_back().is_some_and(hyphen)
        || text[end..].chars().next().is_some_and(hyphen)
}

/// `every_reading`: a word means every lemma of its form, not only the headword it is (see
/// `Lexicon::query_lemmas`; for the words of a question). `passages` gives the passages of
/// the index that hold a lemma: a known word typed without accents also means an accented
/// word it may stand for when the index holds that one more often (`tache` → `tâche`, which
/// the corpus holds more; but `retraite` not `retraité`, nor `mur` `mûr`).
pub(super) fn analyse(
    text: &str,
    allow_joined: bool,
    every_reading: bool,
    passages: &dyn Fn(&str) -> u64,
) -> Analysed {
    let mut a = Analysed {
        stems: Vec::new(),
        exact: Vec::new(),
        joined_stems: Vec::new(),
        joined_exact: Vec::new(),
        elided: Vec::new(),
        lexicon: Vec::new(),
    };
    let mut joined_count = 0;
    // Where the joined spelling and the other words are in the query.
    let mut joined_span = (0, 0);
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut first_position: Option<u32> = None;
    with_analyzer(|an| {
        an.analyze(text, |w| {
            let capitalised = text[w.start..w.end]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            let forms: Vec<Box<str>> = if w.stem.is_empty() {
                Vec::new()
            } else {
                let lexicon = crate::analysis::lexicon();
                let mut q = lexicon.query_lemmas(w.exact, capitalised, every_reading);
                if in_compound(text, w.start, w.end) && q.lemmas.len() > 1 {
                    // A part of a compound is a content word: `porte-avions` is not
                    // `porte a` nor `portes ont` (`avions` is also a form of `avoir`).
                    q.lemmas.retain(|l| !AUXILIARIES.contains(&l.as_str()));
                }
                let accented = lexicon.accented(w.exact);
                if !accented.is_empty() {
                    let own: u64 = q.lemmas.iter().map(|l| passages(l)).sum();
                    for alt in accented {
                        if passages(alt) > own && !q.lemmas.iter().any(|l| l == alt) {
                            q.lemmas.push(alt.to_string());
                            q.how = crate::analysis::How::WithAccents;
                        }
                    }
                }
                a.lexicon.push(format!(
                    "{} → {} ({})",
                    w.exact,
                    q.lemmas.join(" | "),
                    q.how.describe()
                ));
                q.lemmas.into_iter().map(String::into_boxed_str).collect()
            };
            if w.joined {
                joined_count += 1;
                joined_span = (w.start, w.end);
                a.joined_stems = forms;
                a.joined_exact = vec![w.exact.into()];
            } else {
                // Empty entries stand for the empty positions punctuation leaves.
                let first = *first_position.get_or_insert(w.position);
                while first + (a.stems.len() as u32) < w.position {
                    a.stems.push(Vec::new());
                    a.exact.push("".into());
                }
                spans.push((w.start, w.end));
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
    // The joined spelling stands for the compound only when the compound is the whole unit:
    // in a phrase that holds a compound and other words (`"porte-parole de l'Élysée"`), an
    // alternative of the whole phrase would match the compound alone.
    let whole = spans
        .iter()
        .all(|&(start, end)| start >= joined_span.0 && end <= joined_span.1);
    if !allow_joined
        || joined_count != 1
        || !whole
        || a.stems.iter().filter(|s| !s.is_empty()).count() < 2
    {
        a.joined_stems.clear();
        a.joined_exact.clear();
    }
    a
}
