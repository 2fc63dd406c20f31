//! The analyzer as tantivy tokenizers, and the single place that registers them.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::Index;

use super::analyzer::FrenchAnalyzer;

/// Version of the analysis baked into an index. Bump it whenever a change to this module
/// changes the tokens of any text: indexes built by another version must be rebuilt.
#[cfg(not(feature = "light-stemmer"))]
pub const ANALYSIS_VERSION: u32 = 2;
/// Version of the analysis baked into an index (the experimental light stemmer: its indexes
/// never open with the default build, nor the other way round).
#[cfg(feature = "light-stemmer")]
pub const ANALYSIS_VERSION: u32 = 1002;

/// Name of the folded-and-stemmed analyzer in tantivy's tokenizer manager.
pub const STEM_ANALYZER: &str = "french";
/// Name of the exact-form analyzer (lower case, accents kept, no stemming).
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
#[derive(Clone)]
pub struct FrenchTokenizer {
    mode: TokenizerMode,
    analyzer: FrenchAnalyzer,
    tokens: Vec<Token>,
}

impl FrenchTokenizer {
    /// A tokenizer emitting the given form.
    pub fn new(mode: TokenizerMode) -> FrenchTokenizer {
        FrenchTokenizer {
            mode,
            analyzer: FrenchAnalyzer::new(),
            tokens: Vec::new(),
        }
    }
}

/// Iterates over the tokens the tokenizer produced for one text.
pub struct FrenchTokenStream<'a> {
    tokens: &'a mut [Token],
    next: usize,
}

impl Tokenizer for FrenchTokenizer {
    type TokenStream<'a> = FrenchTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FrenchTokenStream<'a> {
        let mode = self.mode;
        let tokens = &mut self.tokens;
        let mut len = 0;
        let mut push = |text: &str, w: &super::Word| {
            if len == tokens.len() {
                tokens.push(Token::default());
            }
            let t = &mut tokens[len];
            t.offset_from = w.start;
            t.offset_to = w.end;
            t.position = w.position as usize;
            t.position_length = 1;
            t.text.clear();
            t.text.push_str(text);
            len += 1;
        };
        self.analyzer.analyze(text, |w| match mode {
            TokenizerMode::Exact => push(w.exact, w),
            TokenizerMode::Stem => {
                push(w.stem, w);
                if let Some(alt) = w.alt_stem {
                    push(alt, w);
                }
            }
        });
        FrenchTokenStream {
            tokens: &mut self.tokens[..len],
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
    fn stem_mode_emits_both_stems_at_one_position() {
        assert_eq!(
            tokens(TokenizerMode::Stem, "Les blessées"),
            [
                ("le".to_string(), 0),
                ("bless".to_string(), 1),
                ("blesse".to_string(), 1)
            ]
        );
        assert_eq!(
            tokens(TokenizerMode::Exact, "Les blessées"),
            [("les".to_string(), 0), ("blessées".to_string(), 1)]
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
