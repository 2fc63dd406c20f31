//! The analyzer as tantivy tokenizers, and the single place that registers them.

use std::cell::RefCell;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::Index;

use super::analyzer::{FrenchAnalyzer, Word};

/// Version of the analysis baked into an index. Bump it whenever a change to this module
/// changes the tokens of any text: indexes built by another version must be rebuilt.
///
/// 2: Snowball stems. 3: lemmas from the French lexicon (`data/lexicon`). 4: the spellings
/// of the 1990 rectifications (`ile`, `chaine`) are the words of the classical spellings;
/// paragraphs under 8 words head the next one (`passage`), and a line break ends a phrase.
pub const ANALYSIS_VERSION: u32 = 4;

/// Name of the lemma analyzer (see the `lexicon` module) in tantivy's tokenizer manager.
pub const STEM_ANALYZER: &str = "french";
/// Name of the exact-form analyzer (lower case, accents kept, no lemmas).
pub const EXACT_ANALYZER: &str = "french_exact";

/// Which form of each word the tokenizer emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenizerMode {
    /// Folded stems (both stems when they differ, at the same position).
    Stem,
    /// Exact forms.
    Exact,
}

/// [`FrenchAnalyzer`] as a tantivy [`Tokenizer`]. Tokens are written into a reused buffer, so
/// after warm-up a text costs no allocation per token.
///
/// Two shortcuts keep indexing to one analysis per text, with the same tokens as analysing
/// again: a tokenizer given the same text twice in a row (a title repeated on every passage
/// of its article) replays its last tokens; and the stem tokenizer leaves the exact forms of
/// the text it analysed to the exact tokenizer of the same thread, which runs next on the
/// same passage (tantivy indexes a document's fields in schema order: `text`, then `exact`).
/// Both assume that no token filter rewrites the tokens in place ([`register`] adds none).
#[derive(Clone)]
pub struct FrenchTokenizer {
    mode: TokenizerMode,
    analyzer: FrenchAnalyzer,
    tokens: Vec<Token>,
    /// Tokens of `last` in `tokens[..len]`, when `memo` is true.
    len: usize,
    last: String,
    memo: bool,
}

impl FrenchTokenizer {
    /// A tokenizer emitting the given form.
    pub fn new(mode: TokenizerMode) -> FrenchTokenizer {
        FrenchTokenizer {
            mode,
            analyzer: FrenchAnalyzer::new(),
            tokens: Vec::new(),
            len: 0,
            last: String::new(),
            memo: false,
        }
    }
}

/// Exact-form tokens left by a stem tokenizer for the exact tokenizer of the same thread.
#[derive(Default)]
struct Handover {
    /// The text they are the tokens of (valid when `ready`).
    text: String,
    tokens: Vec<Token>,
    len: usize,
    ready: bool,
}

thread_local! {
    static HANDOVER: RefCell<Handover> = RefCell::new(Handover::default());
}

/// Writes a token into `tokens[*len]`, reusing its string buffer.
fn push(tokens: &mut Vec<Token>, len: &mut usize, text: &str, w: &Word) {
    if *len == tokens.len() {
        tokens.push(Token::default());
    }
    let t = &mut tokens[*len];
    t.offset_from = w.start;
    t.offset_to = w.end;
    t.position = w.position as usize;
    t.position_length = 1;
    t.text.clear();
    t.text.push_str(text);
    *len += 1;
}

/// Iterates over the tokens the tokenizer produced for one text.
pub struct FrenchTokenStream<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl FrenchTokenizer {
    /// Analyses `text` into `self.tokens[..self.len]` (and, in stem mode, hands its exact
    /// forms over to this thread's exact tokenizer).
    fn analyze(&mut self, text: &str) {
        let (tokens, len) = (&mut self.tokens, &mut self.len);
        *len = 0;
        match self.mode {
            TokenizerMode::Exact => {
                let taken = HANDOVER.with(|h| {
                    let mut h = h.borrow_mut();
                    if !(h.ready && h.text == text) {
                        return false;
                    }
                    h.ready = false;
                    std::mem::swap(tokens, &mut h.tokens);
                    *len = h.len;
                    true
                });
                if !taken {
                    self.analyzer
                        .analyze_forms(text, false, |w| push(tokens, len, w.exact, w));
                }
            }
            TokenizerMode::Stem => HANDOVER.with(|h| {
                let mut h = h.borrow_mut();
                let h = &mut *h;
                h.len = 0;
                self.analyzer.analyze(text, |w| {
                    push(&mut h.tokens, &mut h.len, w.exact, w);
                    for lemma in w.stems() {
                        push(tokens, len, lemma, w);
                    }
                });
                h.text.clear();
                h.text.push_str(text);
                h.ready = true;
            }),
        }
    }
}

impl Tokenizer for FrenchTokenizer {
    type TokenStream<'a> = FrenchTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FrenchTokenStream<'a> {
        if !(self.memo && self.last == text) {
            self.analyze(text);
            self.last.clear();
            self.last.push_str(text);
            self.memo = true;
        }
        FrenchTokenStream {
            tokens: &mut self.tokens[..self.len],
            next: 0,
        }
    }
}

impl TokenStream for FrenchTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Registers both analyzers with `index`. Called by the writer and by every reader.
pub fn register(index: &Index) {
    let manager = index.tokenizers();
    manager.register(STEM_ANALYZER, FrenchTokenizer::new(TokenizerMode::Stem));
    manager.register(EXACT_ANALYZER, FrenchTokenizer::new(TokenizerMode::Exact));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(mode: TokenizerMode, text: &str) -> Vec<(String, usize)> {
        let mut t = FrenchTokenizer::new(mode);
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            out.push((s.token().text.clone(), s.token().position));
        }
        out
    }

    #[test]
    fn stem_mode_emits_every_lemma_at_one_position() {
        assert_eq!(
            tokens(TokenizerMode::Stem, "Les blessées"),
            [
                ("les".to_string(), 0),
                ("blesser".to_string(), 1),
                ("blessé".to_string(), 1)
            ]
        );
        assert_eq!(
            tokens(TokenizerMode::Exact, "Les blessées"),
            [("les".to_string(), 0), ("blessées".to_string(), 1)]
        );
    }

    #[test]
    fn shortcuts_give_the_tokens_of_a_fresh_analysis() {
        let texts = [
            "L’Élysée a salué le cessez-le-feu à Stepanakert.",
            "L’Élysée a salué le cessez-le-feu à Stepanakert.",
            "Les blessées, 2 000 civils et l'anti-terroriste.",
            "Titre",
            "Les blessées, 2 000 civils et l'anti-terroriste.",
        ];
        let mut stem = FrenchTokenizer::new(TokenizerMode::Stem);
        let mut exact = FrenchTokenizer::new(TokenizerMode::Exact);
        let all = |t: &mut FrenchTokenizer, text: &str| {
            let mut s = t.token_stream(text);
            let mut out = Vec::new();
            while s.advance() {
                let k = s.token();
                out.push((k.text.clone(), k.position, k.offset_from, k.offset_to));
            }
            out
        };
        for text in texts {
            // As tantivy does for a passage: the stem field, then the exact field.
            let got_stem = all(&mut stem, text);
            let got_exact = all(&mut exact, text);
            let fresh_stem = all(&mut FrenchTokenizer::new(TokenizerMode::Stem), text);
            let fresh_exact = all(&mut FrenchTokenizer::new(TokenizerMode::Exact), text);
            assert_eq!(got_stem, fresh_stem, "{text}");
            assert_eq!(got_exact, fresh_exact, "{text}");
            assert!(!got_exact.is_empty());
        }
        // The exact tokenizer alone, on a text the stem tokenizer did not see.
        assert_eq!(
            all(&mut exact, "Une œuvre"),
            [
                ("une".to_string(), 0, 0, 3),
                ("oeuvre".to_string(), 1, 4, 10)
            ]
        );
    }

    #[test]
    fn buffer_is_reused_across_texts() {
        let mut t = FrenchTokenizer::new(TokenizerMode::Exact);
        let n = {
            let mut s = t.token_stream("un deux trois");
            let mut n = 0;
            while s.advance() {
                n += 1;
            }
            n
        };
        assert_eq!(n, 3);
        let mut s = t.token_stream("quatre");
        assert!(s.advance());
        assert_eq!(s.token().text, "quatre");
        assert!(!s.advance());
    }
}
