//! One pass over a French text: words with their offsets, positions, exact forms and stems.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::chars::{
    is_apostrophe, is_combining, is_hyphen, is_number_space, is_pause, is_soft_hyphen, is_word_char,
};
use super::elision::is_elided_article;
use super::stem::StemCache;

/// One analysed word, borrowed from the analyzer's buffers for the time of a callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    /// Byte offset of the word's first character in the original text (after any elided
    /// article).
    pub start: usize,
    /// Byte offset just past the word's last character in the original text.
    pub end: usize,
    /// Position of the word (0-based; the parts of a compound take consecutive positions).
    pub position: u32,
    /// The written form: lower case, NFC, accents kept, ligatures expanded, `’` as `'`.
    pub exact: &'a str,
    /// The lemmas of the written form, separated by spaces (see the `lexicon` module); use
    /// [`Word::stems`] to go through them.
    pub stem: &'a str,
    /// True for the joined spelling of a compound (`antiterroriste` for `anti-terroriste`),
    /// which stands at the position of the compound's first part and spans all of it.
    pub joined: bool,
}

impl<'a> Word<'a> {
    /// The lemmas the word is indexed under (none for a word left unanalysed).
    pub fn stems(&self) -> impl Iterator<Item = &'a str> {
        self.stem.split(' ').filter(|s| !s.is_empty())
    }
}

/// A part of a compound word, as byte ranges.
#[derive(Debug, Clone, Copy)]
struct Part {
    start: usize,
    end: usize,
}

/// The French analyzer. Holds reusable buffers and a stem cache; cheap to reuse for many
/// texts, so keep one per thread.
pub struct FrenchAnalyzer {
    stems: StemCache,
    parts: Vec<Part>,
    exact: String,
    joined: String,
    nfc: String,
}

impl Default for FrenchAnalyzer {
    fn default() -> Self {
        FrenchAnalyzer::new()
    }
}

impl Clone for FrenchAnalyzer {
    fn clone(&self) -> Self {
        FrenchAnalyzer::new()
    }
}

impl FrenchAnalyzer {
    /// A new analyzer with empty buffers.
    pub fn new() -> FrenchAnalyzer {
        FrenchAnalyzer {
            stems: StemCache::new(),
            parts: Vec::with_capacity(8),
            exact: String::with_capacity(64),
            joined: String::with_capacity(64),
            nfc: String::new(),
        }
    }

    /// Analyses `text`, calling `sink` for every word in order of position.
    pub fn analyze(&mut self, text: &str, sink: impl FnMut(&Word)) {
        self.analyze_forms(text, true, sink)
    }

    /// Like [`FrenchAnalyzer::analyze`], but without lemmas when `stems` is false: then every
    /// word's `stem` is empty (for callers that only need the exact forms; the lexicon is not
    /// consulted).
    pub fn analyze_forms(&mut self, text: &str, stems: bool, mut sink: impl FnMut(&Word)) {
        let bytes = text.as_bytes();
        let mut position: u32 = 0;
        let mut i = 0;
        let mut pause = false;
        while i < bytes.len() {
            let c = char_at(text, i);
            if !is_word_char(c) {
                pause |= is_pause(c);
                i += c.len_utf8();
                continue;
            }
            if pause {
                // Punctuation between two words leaves an empty position, so that a phrase
                // does not run across it (`cessé, le feu` is not `cessez-le-feu`).
                if position > 0 {
                    position += 1;
                }
                pause = false;
            }
            let end = self.scan_word(text, i);
            let start = i;
            i = end;
            if self.parts.len() == 1 {
                if let Some(number_end) = number_extent(text, start, end) {
                    self.exact.clear();
                    for ch in text[start..number_end].chars() {
                        if ch.is_ascii_digit() {
                            self.exact.push(ch);
                        }
                    }
                    let word = Word {
                        start,
                        end: number_end,
                        position,
                        exact: &self.exact,
                        stem: &self.exact,
                        joined: false,
                    };
                    sink(&word);
                    position += 1;
                    i = number_end;
                    continue;
                }
            }
            self.emit_parts(text, stems, &mut position, &mut sink);
        }
    }

    /// Scans the word starting at `start` and records its compound parts; returns its end.
    fn scan_word(&mut self, text: &str, start: usize) -> usize {
        self.parts.clear();
        let mut part_start = start;
        let mut last_end = start; // end of the last word character
        let mut i = start;
        while i < text.len() {
            let c = char_at(text, i);
            let next = i + c.len_utf8();
            if is_word_char(c) || is_combining(c) {
                last_end = next;
                i = next;
            } else if is_soft_hyphen(c) {
                i = next;
            } else if (is_apostrophe(c) || is_hyphen(c))
                && last_end == i
                && next < text.len()
                && is_word_char(char_at(text, next))
            {
                if is_hyphen(c) {
                    self.parts.push(Part {
                        start: part_start,
                        end: last_end,
                    });
                    part_start = next;
                }
                i = next;
            } else {
                break;
            }
        }
        self.parts.push(Part {
            start: part_start,
            end: last_end,
        });
        last_end
    }

    /// Emits the parts of the word just scanned, then its joined spelling if it has several.
    fn emit_parts(
        &mut self,
        text: &str,
        stems: bool,
        position: &mut u32,
        sink: &mut impl FnMut(&Word),
    ) {
        let first_position = *position;
        let several = self.parts.len() > 1;
        self.joined.clear();
        let mut joined_start = usize::MAX;
        let mut joined_end = 0;
        for k in 0..self.parts.len() {
            let Part { start, end } = self.parts[k];
            let start = self.normalise(text, start, end);
            if start >= end || !self.exact.chars().any(char::is_alphanumeric) {
                continue;
            }
            if several {
                joined_start = joined_start.min(start);
                joined_end = end;
                self.joined.push_str(&self.exact);
            }
            let stem = if stems {
                self.stems.stems(&self.exact).0
            } else {
                ""
            };
            sink(&Word {
                start,
                end,
                position: *position,
                exact: &self.exact,
                stem,
                joined: false,
            });
            *position += 1;
        }
        if several && !self.joined.is_empty() && *position > first_position + 1 {
            let stem = if stems {
                self.stems.stems(&self.joined).0
            } else {
                ""
            };
            sink(&Word {
                start: joined_start,
                end: joined_end,
                position: first_position,
                exact: &self.joined,
                stem,
                joined: true,
            });
        }
    }

    /// Writes the normalised form of `text[start..end]` into `self.exact`, strips an elided
    /// article, and returns the start offset of what remains.
    fn normalise(&mut self, text: &str, start: usize, end: usize) -> usize {
        self.exact.clear();
        let mut apostrophe: Option<(usize, usize)> = None; // (byte in exact, byte after in text)
        let mut combining = false;
        for (off, c) in text[start..end].char_indices() {
            if c.is_ascii() {
                if c == '\'' {
                    apostrophe.get_or_insert((self.exact.len(), start + off + 1));
                }
                self.exact.push(c.to_ascii_lowercase());
                continue;
            }
            match c {
                '\u{00AD}' => {}
                '’' | 'ʼ' | '‘' => {
                    apostrophe.get_or_insert((self.exact.len(), start + off + c.len_utf8()));
                    self.exact.push('\'');
                }
                'œ' | 'Œ' => self.exact.push_str("oe"),
                'æ' | 'Æ' => self.exact.push_str("ae"),
                _ => {
                    combining |= is_combining(c);
                    for l in c.to_lowercase() {
                        self.exact.push(l);
                    }
                }
            }
        }
        let mut start = start;
        if let Some((at, text_after)) = apostrophe {
            if is_elided_article(&self.exact[..at]) {
                self.exact.drain(..=at);
                start = text_after;
            }
        }
        if combining && is_nfc_quick(self.exact.chars()) != IsNormalized::Yes {
            self.nfc.clear();
            self.nfc.extend(self.exact.nfc());
            std::mem::swap(&mut self.nfc, &mut self.exact);
        }
        start
    }
}

/// Runs `f` with this thread's analyzer (buffers and stem cache reused across calls).
pub fn with_analyzer<R>(f: impl FnOnce(&mut FrenchAnalyzer) -> R) -> R {
    thread_local! {
        static ANALYZER: std::cell::RefCell<FrenchAnalyzer> = std::cell::RefCell::new(FrenchAnalyzer::new());
    }
    ANALYZER.with(|a| f(&mut a.borrow_mut()))
}

fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or('\0')
}

/// If `text[start..end]` is a group of 1–3 digits followed by groups of exactly 3 digits
/// separated by single spaces (`2 000`, `2 000 000`) or dots (`1.000`, `12.500`: some feeds
/// write the thousands so; French decimals take a comma), the end of the whole number.
fn number_extent(text: &str, start: usize, end: usize) -> Option<usize> {
    let first = &text.as_bytes()[start..end];
    if first.is_empty() || first.len() > 3 || !first.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut number_end = end;
    while let Some(space) = text[number_end..]
        .chars()
        .next()
        .filter(|&c| is_number_space(c) || c == '.')
    {
        let group_start = number_end + space.len_utf8();
        let group = text.as_bytes().get(group_start..group_start + 3);
        if !group.is_some_and(|g| g.iter().all(u8::is_ascii_digit)) {
            break;
        }
        let group_end = group_start + 3;
        if text[group_end..]
            .chars()
            .next()
            .is_some_and(|c| is_word_char(c) || c.is_ascii_digit())
        {
            break;
        }
        number_end = group_end;
    }
    (number_end > end).then_some(number_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (exact, stem, alt, position, original slice, joined)
    fn words(text: &str) -> Vec<(String, String, Option<String>, u32, String, bool)> {
        let mut a = FrenchAnalyzer::new();
        let mut out = Vec::new();
        a.analyze(text, |w| {
            out.push((
                w.exact.to_string(),
                w.stem.to_string(),
                None::<String>,
                w.position,
                text[w.start..w.end].to_string(),
                w.joined,
            ))
        });
        out
    }

    fn exacts(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.0).collect()
    }

    #[test]
    fn segmentation_table() {
        let table: &[(&str, &[&str])] = &[
            ("l’enclave", &["enclave"]),
            ("L'Azerbaïdjan", &["azerbaïdjan"]),
            ("aujourd’hui", &["aujourd'hui"]),
            ("puisqu’il", &["il"]),
            ("prud’hommes presqu’île", &["prud'hommes", "presqu'île"]),
            ("cessez-le-feu", &["cessez", "le", "feu", "cessezlefeu"]),
            ("Stepa\u{AD}nakert", &["stepanakert"]),
            ("Les e\u{301}lections", &["les", "élections"]),
            ("Une œuvre", &["une", "oeuvre"]),
            ("ÉTATS-UNIS", &["états", "unis", "étatsunis"]),
            (
                "plus de 2\u{A0}000 civils",
                &["plus", "de", "2000", "civils"],
            ),
            ("2\u{202F}000\u{202F}000", &["2000000"]),
            ("2 000 000 de", &["2000000", "de"]),
            (
                "1.000 morts, 12.500 euros",
                &["1000", "morts", "12500", "euros"],
            ),
            (
                "version 3.5 et 1.0000",
                &["version", "3", "5", "et", "1", "0000"],
            ),
            ("en 1994 200 soldats", &["en", "1994", "200", "soldats"]),
            ("les 2 0000", &["les", "2", "0000"]),
            ("Mali : un « tournant »", &["mali", "un", "tournant"]),
            ("'citation' -- fin -", &["citation", "fin"]),
            ("A-t-il", &["a", "t", "il", "atil"]),
            ("COVID-19", &["covid", "19", "covid19"]),
        ];
        for (text, want) in table {
            assert_eq!(exacts(text), *want, "{text:?}");
        }
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "Ils ont quitté l’enclave et Stepa\u{AD}nakert, puis 2\u{202F}000 civils.";
        let w = words(text);
        let slices: Vec<&str> = w.iter().map(|w| w.4.as_str()).collect();
        assert_eq!(
            slices,
            [
                "Ils",
                "ont",
                "quitté",
                "enclave",
                "et",
                "Stepa\u{AD}nakert",
                "puis",
                "2\u{202F}000",
                "civils"
            ]
        );
    }

    #[test]
    fn punctuation_leaves_a_gap() {
        let w = words("cessé, le feu. Puis");
        let pos: Vec<(String, u32)> = w.iter().map(|w| (w.0.clone(), w.3)).collect();
        assert_eq!(
            pos,
            [
                ("cessé".to_string(), 0),
                ("le".to_string(), 2),
                ("feu".to_string(), 3),
                ("puis".to_string(), 5)
            ]
        );
        let w = words("« Le Monde » écrit");
        assert_eq!(
            w.iter().map(|w| w.3).collect::<Vec<_>>(),
            [0, 1, 2],
            "quotes are not pauses"
        );
    }

    #[test]
    fn compound_positions() {
        let w = words("Un cessez-le-feu fragile");
        let pos: Vec<(String, u32, bool)> = w.iter().map(|w| (w.0.clone(), w.3, w.5)).collect();
        assert_eq!(
            pos,
            [
                ("un".to_string(), 0, false),
                ("cessez".to_string(), 1, false),
                ("le".to_string(), 2, false),
                ("feu".to_string(), 3, false),
                ("cessezlefeu".to_string(), 1, true),
                ("fragile".to_string(), 4, false),
            ]
        );
        assert_eq!(w[4].4, "cessez-le-feu");
    }

    #[test]
    fn accented_and_unaccented_share_a_stem() {
        for (a, b) in [
            ("Élysée", "elysee"),
            ("blessées", "blessees"),
            ("négociation", "negociations"),
            ("blessé", "blessées"),
            ("Azerbaïdjan", "azerbaidjan"),
        ] {
            let wa = words(a);
            let wb = words(b);
            let sa: Vec<&String> = std::iter::once(&wa[0].1).chain(wa[0].2.as_ref()).collect();
            let sb: Vec<&String> = std::iter::once(&wb[0].1).chain(wb[0].2.as_ref()).collect();
            assert!(
                sa.iter().any(|s| sb.contains(s)),
                "{a} {sa:?} vs {b} {sb:?}"
            );
        }
    }
}
