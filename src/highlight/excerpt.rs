//! Excerpt windows: the part of a passage around its best matches, cut at word or sentence
//! boundaries, measured in characters.

use super::matcher::Span;

/// A window of a passage, with the highlights that fall inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    /// Byte range of the window in the passage.
    pub start: usize,
    pub end: usize,
    /// True when the window does not start at the start of the passage (print `…`).
    pub cut_before: bool,
    /// True when the window does not reach the end of the passage (print `…`).
    pub cut_after: bool,
    /// Highlights inside the window, as byte ranges into the passage.
    pub marks: Vec<(usize, usize)>,
}

/// The window of at most about `max_chars` characters of `text` that holds the most
/// highlights, starting at a sentence or word boundary. It never cuts inside a highlight:
/// one that crosses an edge of the window is shown whole (the window grows to hold it).
pub fn excerpt(text: &str, spans: &[Span], max_chars: usize) -> Excerpt {
    let total_chars = text.chars().count();
    if total_chars <= max_chars {
        return Excerpt {
            start: 0,
            end: text.len(),
            cut_before: false,
            cut_after: false,
            marks: spans.iter().map(|s| (s.start, s.end)).collect(),
        };
    }
    // The span that starts the densest window of `max_chars` characters.
    let mut best = 0;
    let mut best_count = 0;
    for (i, s) in spans.iter().enumerate() {
        let count = spans[i..]
            .iter()
            .take_while(|t| t.char_end <= s.char_start + max_chars)
            .count();
        if count > best_count {
            best = i;
            best_count = count;
        }
    }
    let anchor_char = spans.get(best).map_or(0, |s| s.char_start);
    // Start a little before the anchor, at a sentence start if one is near, else a word.
    let lead = max_chars / 4;
    let from_char = anchor_char.saturating_sub(lead);
    let mut start = byte_at_char(text, from_char);
    if from_char > 0 {
        let window = &text[start..byte_at_char(text, anchor_char)];
        start = match window.rfind(['.', '!', '?', '…']) {
            Some(i) => start + i + window[i..].chars().next().map_or(1, char::len_utf8),
            None => match window.find(char::is_whitespace) {
                Some(i) => start + i,
                None => start,
            },
        };
        // Begin at a word (or an opening quote), not at the punctuation that ended a sentence.
        let anchor_byte = byte_at_char(text, anchor_char);
        if let Some(i) =
            text[start..anchor_byte].find(|c: char| c.is_alphanumeric() || c == '«' || c == '"')
        {
            start += i;
        } else {
            start = anchor_byte;
        }
    }
    let mut end = byte_at_char(text, text[..start].chars().count() + max_chars).max(start);
    if end == text.len() && start > 0 {
        // The window reaches the end of the passage: use the whole budget before the match
        // instead of showing less (from a word start).
        let earliest = byte_at_char(text, total_chars.saturating_sub(max_chars));
        if earliest < start {
            start = match text[earliest..start].find(char::is_whitespace) {
                Some(i) if earliest > 0 => earliest + i + 1,
                _ => earliest,
            };
            start += text[start..].len() - text[start..].trim_start().len();
        }
    }
    if end < text.len() {
        if let Some(i) = text[start..end].rfind(char::is_whitespace) {
            if i > 0 {
                end = start + i;
            }
        }
        end = start + text[start..end].trim_end().len();
    }
    // Never cut inside a match: a window edge that falls in one moves out to its end.
    for s in spans {
        if s.start < start && start < s.end {
            start = s.start;
        }
        if s.start < end && end < s.end {
            end = s.end;
        }
    }
    if let Some(anchor) = spans.get(best) {
        start = start.min(anchor.start);
        end = end.max(anchor.end);
    }
    Excerpt {
        start,
        end,
        cut_before: start > 0,
        cut_after: end < text.len(),
        marks: spans
            .iter()
            .filter(|s| s.start >= start && s.end <= end)
            .map(|s| (s.start, s.end))
            .collect(),
    }
}

fn byte_at_char(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, word: &str) -> Span {
        let start = text.find(word).unwrap();
        let end = start + word.len();
        Span {
            start,
            end,
            char_start: text[..start].chars().count(),
            char_end: text[..end].chars().count(),
            term: word.into(),
        }
    }

    #[test]
    fn a_match_near_the_end_gets_the_whole_budget_before_it() {
        let t = "Des frappes de drones et des obus d’artillerie auraient touché hier les zones autour de Stepanakert.";
        let e = excerpt(t, &[span(t, "Stepanakert")], 40);
        assert_eq!(&t[e.start..e.end], "hier les zones autour de Stepanakert.");
        assert!(e.cut_before && !e.cut_after);
    }

    #[test]
    fn short_text_is_whole() {
        let t = "Un cessez-le-feu a été conclu.";
        let e = excerpt(t, &[span(t, "cessez-le-feu")], 200);
        assert_eq!(
            (e.start, e.end, e.cut_before, e.cut_after),
            (0, t.len(), false, false)
        );
    }

    #[test]
    fn a_window_never_cuts_inside_a_match() {
        let t = format!(
            "{} Un cessez-le-feu humanitaire durable a été signé. {}",
            "Début. ".repeat(20),
            "fin ".repeat(40)
        );
        let long = span(&t, "cessez-le-feu humanitaire durable");
        let early = span(&t, "Début");
        for max in [5, 10, 20, 40, 60, 100] {
            let e = excerpt(&t, &[early.clone(), long.clone()], max);
            for s in [&early, &long] {
                let inside = e.start <= s.start && s.end <= e.end;
                let outside = s.end <= e.start || e.end <= s.start;
                assert!(
                    inside || outside,
                    "{max}: {:?} cuts {s:?}",
                    (e.start, e.end)
                );
            }
            assert!(t.is_char_boundary(e.start) && t.is_char_boundary(e.end));
        }
        let e = excerpt(&t, std::slice::from_ref(&long), 10);
        assert_eq!(&t[e.start..e.end], "cessez-le-feu humanitaire durable");
        assert_eq!(e.marks, vec![(long.start, long.end)]);
    }

    #[test]
    fn long_text_is_cut_at_boundaries_around_the_match() {
        let t = format!(
            "{} Une trêve est annoncée à Stepanakert. {}",
            "Début très long. ".repeat(30),
            "fin ".repeat(80)
        );
        let s = span(&t, "Stepanakert");
        let e = excerpt(&t, std::slice::from_ref(&s), 100);
        assert!(e.cut_before && e.cut_after);
        assert!(e.start <= s.start && s.end <= e.end);
        assert_eq!(e.marks, vec![(s.start, s.end)]);
        let window = &t[e.start..e.end];
        assert!(window.chars().count() <= 100, "{window}");
        assert!(!window.starts_with(' ') && !window.ends_with(' '));
    }
}
