//! The French analyzer: normalisation, segmentation, elision, compounds, numbers and lemmas.
//!
//! Every text that enters the index, and every word of a query, goes through
//! [`FrenchAnalyzer`]. It reads the original text once and yields [`Word`]s that keep byte
//! offsets into that text, so that highlights mark exactly what the author wrote.
//!
//! ```
//! use search::analysis::FrenchAnalyzer;
//!
//! let mut analyzer = FrenchAnalyzer::new();
//! let mut words = Vec::new();
//! analyzer.analyze("L’Élysée a salué le cessez-le-feu.", |w| {
//!     words.push((w.position, w.exact.to_string(), w.stem.to_string(), w.joined))
//! });
//! // `L’` is an elided article: the word is `élysée`, its own lemma.
//! assert_eq!(words[0], (0, "élysée".to_string(), "élysée".to_string(), false));
//! // A word is indexed under the lemmas of its form: `salué` is a form of `saluer`.
//! assert!(words[2].2.split(' ').any(|lemma| lemma == "saluer"));
//! // A compound is its parts at consecutive positions, plus its joined spelling.
//! assert!(words.iter().any(|w| w.1 == "cessezlefeu" && w.3));
//! ```

mod analyzer;
mod chars;
mod elision;
mod fold;
mod lexicon;
mod stem;
mod stopwords;
mod tokenizer;

pub use analyzer::{with_analyzer, FrenchAnalyzer, Word};
pub use elision::is_elided_article;
pub use fold::fold_into;
pub use lexicon::{lexicon, unknown_variants, How, Lexicon, QueryLemmas};
pub use stopwords::is_stop_word;
pub use tokenizer::{
    register, FrenchTokenizer, TokenizerMode, ANALYSIS_VERSION, EXACT_ANALYZER, STEM_ANALYZER,
};
