//! Highlighting: which words of a passage a query matched, as exact byte and character spans,
//! and excerpt windows around them.
//!
//! ```
//! use search::highlight::{highlight, Pattern, Form};
//!
//! // The compound `cessez-le-feu` as a phrase of its lemmas.
//! let phrase = Pattern::phrase("cessez-le-feu", Form::Stem, vec![vec!["cesser".into()], vec!["le".into()], vec!["feu".into()]], 0);
//! let text = "Un cessez-le-feu a été conclu, mais le feu a repris.";
//! let spans = highlight(text, &[phrase]);
//! assert_eq!(spans.len(), 1);
//! assert_eq!(&text[spans[0].start..spans[0].end], "cessez-le-feu");
//! ```

mod excerpt;
mod matcher;
mod pattern;

pub use excerpt::{excerpt, Excerpt};
pub use matcher::{highlight, Span};
pub use pattern::{Form, Pattern};
