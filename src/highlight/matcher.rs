//! Finding a query's patterns in a passage, with phrase-aware marking.

use serde::Serialize;

use super::pattern::{Form, Pattern};
use crate::analysis::with_analyzer;

/// A highlighted span of a passage: byte and character offsets, and the query term it
/// matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Byte offset of the first marked byte.
    pub start: usize,
    /// Byte offset past the last marked byte.
    pub end: usize,
    /// Character offset of the first marked character.
    pub char_start: usize,
    /// Character offset past the last marked character.
    pub char_end: usize,
    /// The query term that matched here.
    pub term: String,
}

/// An analysed word of the passage; its forms are byte ranges into [`Toks::forms`].
struct Tok {
    position: u32,
    start: usize,
    end: usize,
    exact: (u32, u32),
    /// The word's lemmas, separated by spaces.
    stem: (u32, u32),
}

/// The analysed words of a passage, their forms kept in one buffer (no allocation per word).
#[derive(Default)]
struct Toks {
    forms: String,
    toks: Vec<Tok>,
}

impl Toks {
    fn push_form(&mut self, form: &str) -> (u32, u32) {
        let start = self.forms.len() as u32;
        self.forms.push_str(form);
        (start, self.forms.len() as u32)
    }

    fn form(&self, (start, end): (u32, u32)) -> &str {
        &self.forms[start as usize..end as usize]
    }

    fn matches(&self, t: &Tok, form: Form, forms: &[Box<str>]) -> bool {
        let has = |range| {
            // Words not stemmed (see `highlight`) have an empty stem, which matches nothing.
            let f = self.form(range);
            !f.is_empty() && forms.iter().any(|x| **x == *f)
        };
        match form {
            Form::Exact => has(t.exact),
            Form::Stem => {
                let lemmas = self.form(t.stem);
                lemmas.split(' ').any(|l| forms.iter().any(|x| **x == *l))
            }
        }
    }
}

/// The first letters of the forms of `patterns` of this `form`.
fn initials(patterns: &[Pattern], form: Form) -> Vec<char> {
    patterns
        .iter()
        .filter(|p| p.form == form)
        .flat_map(|p| p.positions.iter().flatten().chain(&p.joined))
        .filter_map(|f| f.chars().next())
        .collect()
}

/// The spans of `text` that `patterns` match, sorted, non-overlapping (overlaps merged).
pub fn highlight(text: &str, patterns: &[Pattern]) -> Vec<Span> {
    if patterns.is_empty() {
        return Vec::new();
    }
    let mut all = Toks::default();
    all.forms.reserve(text.len() * 2);
    // A lemma need not start like its word (`va` is `aller`, `yeux` is `oeil`): every word
    // is looked up when a pattern asks for lemmas (the lookups are cached per thread).
    let any_stem = patterns.iter().any(|p| p.form == Form::Stem);
    // The first letters of the exact forms asked for (`=Élysée`).
    let exact_initials = initials(patterns, Form::Exact);
    with_analyzer(|a| {
        a.analyze_forms(text, any_stem, |w| {
            let exact_may_match = w
                .exact
                .chars()
                .next()
                .is_some_and(|c| exact_initials.contains(&c));
            if w.stem.is_empty() && !exact_may_match {
                // Not stemmed, not an exact form asked for: it matches no pattern.
                return;
            }
            let exact = all.push_form(w.exact);
            let stem = all.push_form(w.stem);
            all.toks.push(Tok {
                position: w.position,
                start: w.start,
                end: w.end,
                exact,
                stem,
            })
        })
    });
    let toks = &all.toks;
    // Tokens by position (a joined compound shares the position of its first part); only
    // phrases need them.
    let max_pos = toks
        .iter()
        .map(|t| t.position as usize + 1)
        .max()
        .unwrap_or(0);
    let mut by_pos: Vec<Vec<usize>> = Vec::new();
    if patterns.iter().any(|p| p.positions.len() > 1) {
        by_pos = vec![Vec::new(); max_pos];
        for (i, t) in toks.iter().enumerate() {
            by_pos[t.position as usize].push(i);
        }
    }

    let mut raw: Vec<(usize, usize, usize)> = Vec::new(); // (start, end, pattern)
    for (pi, p) in patterns.iter().enumerate() {
        if p.positions.is_empty() {
            continue;
        }
        if !p.joined.is_empty() {
            for t in toks.iter().filter(|t| all.matches(t, p.form, &p.joined)) {
                raw.push((t.start, t.end, pi));
            }
        }
        if p.positions.len() == 1 {
            for t in toks
                .iter()
                .filter(|t| all.matches(t, p.form, &p.positions[0]))
            {
                raw.push((t.start, t.end, pi));
            }
            continue;
        }
        for first in 0..max_pos {
            if let Some((s, e)) = match_phrase(&all, &by_pos, p, first) {
                raw.push((s, e, pi));
            }
        }
    }
    raw.sort_unstable();
    let mut merged: Vec<(usize, usize, usize)> = Vec::new();
    for (s, e, pi) in raw {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e, pi)),
        }
    }
    let mut spans = Vec::with_capacity(merged.len());
    let mut chars = 0;
    let mut at = 0;
    for (s, e, pi) in merged {
        chars += text[at..s].chars().count();
        let char_start = chars;
        chars += text[s..e].chars().count();
        at = e;
        spans.push(Span {
            start: s,
            end: e,
            char_start,
            char_end: chars,
            term: patterns[pi].term.clone(),
        });
    }
    spans
}

/// A phrase match whose first word is at `first`: the span from the first word's start to the
/// last word's end. Without slop, the words come in order at consecutive positions (as the
/// query's empty positions say); with a slop, see [`match_sloppy`].
fn match_phrase(
    all: &Toks,
    by_pos: &[Vec<usize>],
    p: &Pattern,
    first: usize,
) -> Option<(usize, usize)> {
    if p.slop > 0 {
        return match_sloppy(all, by_pos, p, first);
    }
    let toks = &all.toks;
    let start_tok = by_pos[first]
        .iter()
        .find(|&&i| all.matches(&toks[i], p.form, &p.positions[0]))?;
    let mut prev = first;
    let mut used = 0u32;
    let mut end = toks[*start_tok].end;
    for forms in &p.positions[1..] {
        if forms.is_empty() {
            // An empty position of the phrase (punctuation in the query).
            prev += 1;
            continue;
        }
        let mut found = None;
        for pos in
            prev + 1..=(prev + 1 + (p.slop - used) as usize).min(by_pos.len().saturating_sub(1))
        {
            if pos >= by_pos.len() {
                break;
            }
            if let Some(&i) = by_pos[pos]
                .iter()
                .find(|&&i| all.matches(&toks[i], p.form, forms))
            {
                found = Some((pos, i));
                break;
            }
        }
        let (pos, i) = found?;
        used += (pos - prev - 1) as u32;
        prev = pos;
        end = end.max(toks[i].end);
    }
    Some((toks[*start_tok].start, end))
}

/// A sloppy phrase match whose first word is at `first`, with the meaning the index gives a
/// slop (tantivy's phrase scorer, as Lucene's): each word `k` of the phrase is placed at a
/// position `p_k`, and the sum of `|(p_k - k) - (p_(k-1) - (k-1))|` over the phrase is at most
/// the slop. So `"Merkel Macron"~10` also matches `Macron a reçu Merkel` (the words swapped
/// cost 2, the two words between them 2 more): the highlights, `count` and `kwic` find what
/// the search found. The span covers every word of the cheapest placement.
fn match_sloppy(
    all: &Toks,
    by_pos: &[Vec<usize>],
    p: &Pattern,
    first: usize,
) -> Option<(usize, usize)> {
    let toks = &all.toks;
    let start_tok = by_pos[first]
        .iter()
        .find(|&&i| all.matches(&toks[i], p.form, &p.positions[0]))?;
    // Placements so far: (adjusted position, slop spent, span start, span end).
    let mut states = vec![(
        first as i64,
        0u32,
        toks[*start_tok].start,
        toks[*start_tok].end,
    )];
    let last = by_pos.len() as i64 - 1;
    for (k, forms) in p.positions.iter().enumerate().skip(1) {
        if forms.is_empty() {
            // An empty position of the phrase (punctuation in the query).
            continue;
        }
        let k = k as i64;
        let mut next = Vec::new();
        for &(adjusted, spent, start, end) in &states {
            let budget = i64::from(p.slop - spent);
            let low = (adjusted + k - budget).max(0);
            let high = (adjusted + k + budget).min(last);
            for pos in low..=high {
                for &i in &by_pos[pos as usize] {
                    if !all.matches(&toks[i], p.form, forms) {
                        continue;
                    }
                    let here = pos - k;
                    let cost = spent + (here - adjusted).unsigned_abs() as u32;
                    if cost <= p.slop {
                        next.push((here, cost, start.min(toks[i].start), end.max(toks[i].end)));
                    }
                }
            }
        }
        if next.is_empty() {
            return None;
        }
        // The cheapest placement at each adjusted position is enough to go on from.
        next.sort_unstable_by_key(|s| (s.0, s.1));
        next.dedup_by_key(|s| s.0);
        states = next;
    }
    states.iter().min_by_key(|s| (s.1, s.2)).map(|s| (s.2, s.3))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(v: &[&str]) -> Vec<Box<str>> {
        v.iter().map(|s| Box::<str>::from(*s)).collect()
    }

    fn marked(text: &str, patterns: &[Pattern]) -> String {
        let mut out = String::new();
        let mut at = 0;
        for s in highlight(text, patterns) {
            out.push_str(&text[at..s.start]);
            out.push('⟦');
            out.push_str(&text[s.start..s.end]);
            out.push('⟧');
            at = s.end;
        }
        out.push_str(&text[at..]);
        out
    }

    /// Every word of the sample articles, as a one-word query on its stem, marks exactly the
    /// words that share that stem (the highlighter stems only the words whose initial fits).
    #[test]
    fn stemming_only_likely_words_misses_none() {
        let text = [
            include_str!("../../corpus/000_cbd53b12c595d70f.txt"),
            include_str!("../../corpus/003_3de4f72bbc61e18b.txt"),
            "Élysée, elysee, œuvre, Œdipe, ÉTÉ, été, Ça ira, çà et là, 2 000 euros.",
        ]
        .concat();
        let mut words: Vec<(usize, usize, String, Option<String>)> = Vec::new();
        with_analyzer(|a| {
            a.analyze(&text, |w| {
                for lemma in w.stems() {
                    words.push((w.start, w.end, lemma.to_string(), None));
                }
            })
        });
        let mut stems: Vec<&str> = words.iter().map(|w| w.2.as_str()).collect();
        stems.sort_unstable();
        stems.dedup();
        for stem in stems {
            let p = Pattern::word(stem, Form::Stem, forms(&[stem]));
            let got: Vec<(usize, usize)> = highlight(&text, std::slice::from_ref(&p))
                .iter()
                .map(|s| (s.start, s.end))
                .collect();
            let mut found: Vec<(usize, usize)> = words
                .iter()
                .filter(|w| w.2 == stem || w.3.as_deref() == Some(stem))
                .map(|w| (w.0, w.1))
                .collect();
            found.sort_unstable();
            // A compound's joined spelling spans its parts: overlapping spans are one.
            let mut want: Vec<(usize, usize)> = Vec::new();
            for (start, end) in found {
                match want.last_mut() {
                    Some(last) if start < last.1 => last.1 = last.1.max(end),
                    _ => want.push((start, end)),
                }
            }
            assert_eq!(got, want, "stem {stem:?}");
        }
    }

    #[test]
    fn words_phrases_and_slop() {
        let blesse = Pattern::word("blessé", Form::Stem, forms(&["blessé"]));
        assert_eq!(
            marked("Deux blessés et un blessé grave.", &[blesse]),
            "Deux ⟦blessés⟧ et un ⟦blessé⟧ grave."
        );
        let phrase = Pattern::phrase(
            "\"cessez feu\"~1",
            Form::Stem,
            vec![forms(&["cesser"]), forms(&["feu"])],
            1,
        );
        assert_eq!(
            marked(
                "Un cessez-le-feu, cessez le tir et le feu.",
                std::slice::from_ref(&phrase)
            ),
            "Un ⟦cessez-le-feu⟧, cessez le tir et le feu."
        );
        // In any order within the slop, as the index matches it: swapped words cost 2.
        let near = Pattern::phrase(
            "\"Merkel Macron\"~10",
            Form::Stem,
            vec![forms(&["merkel"]), forms(&["macron"])],
            3,
        );
        assert_eq!(
            marked(
                "Macron a reçu Merkel. Macron et Merkel.",
                std::slice::from_ref(&near)
            ),
            // A pause leaves an empty position, which costs one like any other.
            "Macron a reçu ⟦Merkel. Macron et Merkel⟧."
        );
        let near = Pattern { slop: 4, ..near };
        assert_eq!(
            marked("Macron a reçu Merkel.", &[near]),
            "⟦Macron a reçu Merkel⟧."
        );
        let strict = Pattern { slop: 0, ..phrase };
        assert_eq!(marked("Un cessez-le-feu.", &[strict]), "Un cessez-le-feu.");
    }

    #[test]
    fn char_offsets() {
        let p = Pattern::word("élections", Form::Stem, forms(&["élection"]));
        let text = "Les élections";
        let s = &highlight(text, &[p])[0];
        assert_eq!((s.char_start, s.char_end), (4, 13));
        assert_eq!(&text[s.start..s.end], "élections");
    }
}
