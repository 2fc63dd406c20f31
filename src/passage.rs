//! Splitting an article's text into passages: its paragraphs, long ones cut at sentence ends,
//! short ones (headings, captions, bullets) joined to the paragraph they head.

/// A passage: a paragraph of an article, or a part of a long one.
///
/// `start..end` is a byte range into the article text, trimmed of surrounding whitespace,
/// never empty and always on UTF-8 character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Passage {
    /// Position in the article, 0-based and consecutive.
    pub number: usize,
    /// First byte of the passage in the article text.
    pub start: usize,
    /// One past the last byte of the passage.
    pub end: usize,
}

/// Target size: a paragraph longer than this many words is split at sentence ends.
pub const MAX_WORDS: usize = 120;

/// Pieces of a split paragraph are not made shorter than this when cutting at a sentence end.
const MIN_WORDS: usize = MAX_WORDS / 4;

/// A paragraph of fewer words is not a passage of its own: an intertitle (`- Violences
/// policières -`), a heading in capitals (`GILETS JAUNES`), a bullet, a caption or a
/// one-word line (`Castex.`) heads the paragraph that follows it (or, at the end of an
/// article, ends the one before). On OrangeSum, half of the hits of the 71 bench queries were
/// such lines (issue 15; `EVALUATION.md`, "Passages").
pub const MIN_PASSAGE_WORDS: usize = 8;

/// Characters that end a paragraph (all of them are also whitespace).
fn is_paragraph_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// What a byte or char is to the splitter: part of a word, a space, or a paragraph break
/// (also a space).
const WORD: u8 = 0;
const SPACE: u8 = 1;
const BREAK: u8 = 2;

/// [`WORD`], [`SPACE`] or [`BREAK`] for each ASCII byte.
const ASCII_CLASS: [u8; 128] = {
    let mut table = [WORD; 128];
    table[b' ' as usize] = SPACE;
    table[b'\t' as usize] = SPACE;
    table[b'\n' as usize] = BREAK;
    table[b'\r' as usize] = BREAK;
    table[0x0B] = BREAK;
    table[0x0C] = BREAK;
    table
};

/// Closing quotes and brackets that may follow a sentence's final punctuation.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '»' | '”' | '’' | ')' | ']' | '›')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '«' | '“' | '‘' | '(' | '[' | '‹')
}

/// Abbreviations followed by a period that do not end a sentence (`M. Dupont`).
const ABBREVIATIONS: &[&str] = &[
    "M", "MM", "Mme", "Mmes", "Mlle", "Mlles", "Dr", "Pr", "Me", "Mgr", "St", "Ste", "Cie", "Jr",
    "cf", "av", "p", "pp", "art", "vol", "n°", "No",
];

/// Whether a word, stripped of trailing closers, ends a sentence: final `.`, `!`, `?` or `…`,
/// and not an abbreviation or initial (`M.`, `J.`, `U.S.`).
fn ends_sentence(core: &str) -> bool {
    if core.ends_with(['!', '?', '…']) {
        return true;
    }
    let Some(stem) = core.strip_suffix('.') else {
        return false;
    };
    if stem.ends_with('.') {
        return true; // "..."
    }
    let stem = stem.trim_start_matches(is_opener);
    let mut chars = stem.chars();
    let single_capital =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    let dotted = stem.contains('.') && stem.split('.').all(|part| part.chars().count() <= 2);
    !(single_capital || dotted || ABBREVIATIONS.contains(&stem))
}

/// Splits `text` into passages: one per paragraph (paragraphs are separated by any line
/// break), a paragraph of more than [`MAX_WORDS`] words being cut into pieces of similar
/// size at the sentence ends closest to the ideal cut points; a stretch of more than
/// `2 * MAX_WORDS` words without a sentence end is cut between words.
pub fn split_passages(text: &str) -> Vec<Passage> {
    let mut out = Vec::new();
    let mut long = LongParagraph::default();
    // The current paragraph: first word start, last word end, word count.
    let (mut start, mut end, mut count) = (0, 0, 0);
    let mut in_word = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Most text is ASCII: decode a char only for other sequences, but for the accented
        // letters (never spaces).
        let b = bytes[i];
        let (class, len) = if b < 128 {
            (ASCII_CLASS[b as usize], 1)
        } else if b == 0xC3 {
            (WORD, 2)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            let class = if is_paragraph_break(c) {
                BREAK
            } else if c.is_whitespace() {
                SPACE
            } else {
                WORD
            };
            (class, c.len_utf8())
        };
        // Without branches on word boundaries (two per word, and unpredictable).
        let space = class != WORD;
        end = if in_word && space { i } else { end };
        let starts = !in_word && !space;
        start = if starts && count == 0 { i } else { start };
        count += usize::from(starts);
        in_word = !space;
        // A short paragraph is kept and joined to the next one.
        if class == BREAK && count >= MIN_PASSAGE_WORDS {
            long.emit(text, start, end, count, &mut out);
            count = 0;
        }
        i += len;
    }
    if in_word {
        end = text.len();
    }
    if count > 0 {
        match out.last_mut() {
            // Short lines at the end of an article (a signature, a caption) end the passage
            // before them.
            Some(last) if count < MIN_PASSAGE_WORDS => last.end = end,
            _ => long.emit(text, start, end, count, &mut out),
        }
    }
    out
}

/// Buffers reused across the (rare) paragraphs that need splitting.
#[derive(Default)]
struct LongParagraph {
    words: Vec<(usize, usize)>,
    cuts: Vec<usize>,
}

impl LongParagraph {
    /// Appends the passages of the paragraph `text[start..end]` (trimmed, `count` words).
    fn emit(&mut self, text: &str, start: usize, end: usize, count: usize, out: &mut Vec<Passage>) {
        if count <= MAX_WORDS {
            let number = out.len();
            out.push(Passage { number, start, end });
            return;
        }
        self.words.clear();
        let base = text.as_ptr() as usize;
        self.words
            .extend(text[start..end].split_whitespace().map(|w| {
                let at = w.as_ptr() as usize - base;
                (at, at + w.len())
            }));
        split_paragraph(text, &self.words, &mut self.cuts, out);
    }
}

/// Appends the passages of one paragraph, given by its (non-empty) list of words.
fn split_paragraph(
    text: &str,
    words: &[(usize, usize)],
    cuts: &mut Vec<usize>,
    out: &mut Vec<Passage>,
) {
    let mut push = |first: usize, last: usize| {
        out.push(Passage {
            number: out.len(),
            start: words[first].0,
            end: words[last].1,
        })
    };
    let n = words.len();
    if n <= MAX_WORDS {
        push(0, n - 1);
        return;
    }
    sentence_cuts(text, words, cuts);
    let mut prev = 0; // words already emitted
    while n - prev > MAX_WORDS {
        let remaining = n - prev;
        let ideal = prev + remaining / remaining.div_ceil(MAX_WORDS);
        let lo = prev + MIN_WORDS;
        let hi = (prev + 2 * MAX_WORDS).min(n - MIN_WORDS);
        if let Some(cut) = nearest(cuts, ideal, lo, hi) {
            push(prev, cut - 1);
            prev = cut;
            continue;
        }
        if remaining <= 2 * MAX_WORDS {
            break; // better one long passage than a cut inside a sentence
        }
        // No sentence end near: cut the stretch up to the next one evenly between words,
        // keeping its last piece to go on with.
        let stretch_end = cuts
            .get(cuts.partition_point(|&c| c <= hi))
            .copied()
            .unwrap_or(n);
        let len = stretch_end - prev;
        if len <= 2 * MAX_WORDS {
            push(prev, ideal - 1);
            prev = ideal;
            continue;
        }
        let pieces = len.div_ceil(MAX_WORDS);
        let start = prev;
        for j in 1..pieces {
            let cut = start + len * j / pieces;
            push(prev, cut - 1);
            prev = cut;
        }
    }
    push(prev, n - 1);
}

/// Fills `cuts` with the word counts after which a sentence ends (ascending).
fn sentence_cuts(text: &str, words: &[(usize, usize)], cuts: &mut Vec<usize>) {
    cuts.clear();
    let mut prev_terminal = false;
    for (i, &(start, end)) in words.iter().enumerate() {
        let core = text[start..end].trim_end_matches(is_closer);
        // A word of closers only (`»` after `Bonjour.`) belongs to the sentence before.
        let terminal = if core.is_empty() {
            prev_terminal
        } else {
            ends_sentence(core)
        };
        prev_terminal = terminal;
        if let (true, Some(&(next_start, next_end))) = (terminal, words.get(i + 1)) {
            let next = &text[next_start..next_end];
            let attached_closer = next.chars().all(is_closer);
            if !attached_closer && !next.chars().next().is_some_and(char::is_lowercase) {
                cuts.push(i + 1);
            }
        }
    }
}

/// The element of sorted `cuts` within `lo..=hi` closest to `ideal` (which lies in that range).
fn nearest(cuts: &[usize], ideal: usize, lo: usize, hi: usize) -> Option<usize> {
    let i = cuts.partition_point(|&c| c < ideal);
    let after = cuts.get(i).copied().filter(|&c| c <= hi);
    let before = i.checked_sub(1).map(|j| cuts[j]).filter(|&c| c >= lo);
    match (before, after) {
        (Some(b), Some(a)) => Some(if ideal - b <= a - ideal { b } else { a }),
        (b, a) => b.or(a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, passages: &[Passage]) -> Vec<&'a str> {
        passages.iter().map(|p| &text[p.start..p.end]).collect()
    }

    /// Invariants every split must hold.
    fn check(text: &str) -> Vec<Passage> {
        let passages = split_passages(text);
        let mut prev_end = 0;
        for (i, p) in passages.iter().enumerate() {
            assert_eq!(p.number, i);
            assert!(p.start < p.end && p.start >= prev_end, "{passages:?}");
            assert!(text.is_char_boundary(p.start) && text.is_char_boundary(p.end));
            let slice = &text[p.start..p.end];
            assert_eq!(slice.trim(), slice, "trimmed");
            prev_end = p.end;
        }
        let all: Vec<&str> = text.split_whitespace().collect();
        let kept: Vec<&str> = texts(text, &passages)
            .iter()
            .flat_map(|s| s.split_whitespace())
            .collect();
        assert_eq!(all, kept, "no word lost or added");
        passages
    }

    fn words_in(text: &str, passages: &[Passage]) -> Vec<usize> {
        texts(text, passages)
            .iter()
            .map(|s| s.split_whitespace().count())
            .collect()
    }

    /// `sentences` sentences of `len` words each: "Mot mot … mot."
    fn paragraph(sentences: usize, len: usize) -> String {
        let sentence = format!("Phrase{} fin.", " mot".repeat(len - 2));
        vec![sentence; sentences].join(" ")
    }

    #[test]
    fn paragraph_separators() {
        // Paragraphs of eight words or more are passages of their own.
        let a = "Un deux trois quatre cinq six sept huit.";
        let b = "Neuf dix onze douze treize quatorze quinze seize.";
        let c = "Été à l’île, « ça va ? » dit-il ce matin.";
        let cases: Vec<(String, Vec<&str>)> = vec![
            (String::new(), vec![]),
            ("  \n\n \u{a0}\r\n".into(), vec![]),
            (format!("{a}\n\n{b}"), vec![a, b]),
            (format!("{a}\n{b}\n\n\n{c}"), vec![a, b, c]),
            (format!("{a}\r\n{b}\r\n\r\n{c}\r\n"), vec![a, b, c]),
            (format!("{a}\r{b}"), vec![a, b]),
            (format!("{a}\u{2029}{b}\u{2028}{c}"), vec![a, b, c]),
            (format!("{a}\u{85}{b}"), vec![a, b]),
        ];
        for (text, want) in &cases {
            assert_eq!(texts(text, &check(text)), *want, "{text:?}");
        }
    }

    #[test]
    fn short_paragraphs_head_the_next_one() {
        let a = "Un deux trois quatre cinq six sept huit.";
        let b = "Neuf dix onze douze treize quatorze quinze seize.";
        let cases: Vec<(String, Vec<String>)> = vec![
            // An article of short lines is one passage.
            ("Un.".into(), vec!["Un.".into()]),
            ("Un.\n\nDeux.".into(), vec!["Un.\n\nDeux.".into()]),
            (
                "  Un  deux \t\n\u{a0}Trois\u{202f}!\u{a0} ".into(),
                vec!["Un  deux \t\n\u{a0}Trois\u{202f}!".into()],
            ),
            // A heading in capitals, an AFP intertitle, a bullet: with what follows.
            (
                format!("GILETS JAUNES\n{a}\n\n- Violences policières -\n\n{b}"),
                vec![
                    format!("GILETS JAUNES\n{a}"),
                    format!("- Violences policières -\n\n{b}"),
                ],
            ),
            (
                format!("{a}\n• Sur les retraites\n• Sur l'emploi\n{b}"),
                vec![
                    a.into(),
                    format!("• Sur les retraites\n• Sur l'emploi\n{b}"),
                ],
            ),
            // At the end of an article, with the passage before.
            (
                format!("{a}\n{b}\nPhoto AFP"),
                vec![a.into(), format!("{b}\nPhoto AFP")],
            ),
        ];
        for (text, want) in &cases {
            assert_eq!(texts(text, &check(text)), *want, "{text:?}");
        }
    }

    #[test]
    fn byte_ranges_are_exact() {
        let first = "Première phrase de huit mots, pas moins que ça.";
        let second = "Second é et sept autres mots ici, voilà.";
        let text = format!("  {first}\n\n{second}");
        let passages = check(&text);
        let at = text.find(second).unwrap();
        assert_eq!(
            passages,
            [
                Passage {
                    number: 0,
                    start: 2,
                    end: 2 + first.len()
                },
                Passage {
                    number: 1,
                    start: at,
                    end: text.len()
                },
            ]
        );
    }

    #[test]
    fn long_paragraph_splits_evenly_at_sentence_ends() {
        let intro = "Une introduction de huit mots en tout, voilà.";
        let end = "Et une fin de huit mots, voilà tout.";
        let text = format!("{intro}\n\n{}\n{end}", paragraph(30, 10));
        let passages = check(&text);
        assert_eq!(words_in(&text, &passages), [8, 100, 100, 100, 8]);
        for s in &texts(&text, &passages)[1..4] {
            assert!(s.starts_with("Phrase") && s.ends_with("fin."), "{s}");
        }
        // Uneven sentences: the cut lands on the sentence end closest to the ideal point.
        let text = format!("{} {}", paragraph(1, 70), paragraph(10, 17));
        assert_eq!(words_in(&text, &check(&text)), [121, 119]);
        // A long sentence with no end nearby is cut between words, evenly.
        let text = format!(
            "{} {} {}",
            paragraph(1, 10),
            paragraph(1, 400),
            paragraph(5, 10)
        );
        assert_eq!(words_in(&text, &check(&text)), [102, 103, 102, 103, 50]);
    }

    #[test]
    fn split_sizes_table() {
        // (sentences, words per sentence) -> passage sizes
        let cases: &[(usize, usize, &[usize])] = &[
            (12, 10, &[120]),
            (13, 10, &[60, 70]),
            (25, 10, &[80, 80, 90]),
            (1, 200, &[200]), // no sentence end to cut at: kept whole
            (1, 240, &[240]),
            (1, 500, &[100, 100, 100, 100, 100]), // cut between words
            (2, 130, &[130, 130]),
            (1, 300, &[100, 100, 100]),
            (1, 250, &[83, 83, 84]),
        ];
        for &(sentences, len, want) in cases {
            let text = paragraph(sentences, len);
            assert_eq!(words_in(&text, &check(&text)), want, "{sentences} x {len}");
        }
    }

    #[test]
    fn sentence_end_rules() {
        let cases: &[(&str, bool)] = &[
            ("fin.", true),
            ("fin!", true),
            ("?", true),
            ("fin…", true),
            ("fin...", true),
            ("M.", false),
            ("Mme.", false),
            ("J.", false),
            ("U.S.", false),
            ("(cf.", false),
            ("fin", false),
            ("fin,", false),
            ("2023.", true),
        ];
        for &(word, want) in cases {
            assert_eq!(
                ends_sentence(word.trim_end_matches(is_closer)),
                want,
                "{word}"
            );
        }
    }

    #[test]
    fn cuts_respect_quotes_abbreviations_and_lowercase() {
        let text =
            "« Bonjour. » Il dit. M. Dupont part ! « Oui » dit-il. et puis (fin.) Alors… non? Si.";
        let words: Vec<(usize, usize)> = text
            .split_whitespace()
            .map(|w| {
                let start = w.as_ptr() as usize - text.as_ptr() as usize;
                (start, start + w.len())
            })
            .collect();
        let mut cuts = Vec::new();
        sentence_cuts(text, &words, &mut cuts);
        let after: Vec<&str> = cuts
            .iter()
            .map(|&c| &text[words[c - 1].0..words[c - 1].1])
            .collect();
        assert_eq!(after, ["»", "dit.", "!", "(fin.)", "non?"]);
    }

    #[test]
    fn non_ascii_long_paragraph() {
        let sentence =
            "Les séparatistes arméniens ont déposé les armes à Stepanakert, d’après l’Azerbaïdjan.";
        let text = vec![sentence; 30].join("\u{a0}");
        let passages = check(&text);
        assert_eq!(passages.len(), 3);
        assert!(texts(&text, &passages)
            .iter()
            .all(|s| s.ends_with("l’Azerbaïdjan.")));
    }

    #[test]
    fn sample_corpus_articles_have_several_passages() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        if !dir.is_dir() {
            return;
        }
        let mut count = 0;
        crate::corpus::read_corpus(&[dir], &mut |item| {
            if let crate::corpus::Item::Article(article) = item {
                assert!(check(&article.text).len() >= 3, "{}", article.path);
                count += 1;
            }
        });
        assert!(count > 0);
    }
}
