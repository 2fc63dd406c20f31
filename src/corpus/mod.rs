//! Reading the corpus: the article model, and readers for folders, text files and JSON Lines.

pub mod article;
pub mod jsonl;
pub mod text;
pub mod walk;

pub use article::{Article, Date};
pub use walk::{read_corpus, InputError, Item, ReadSummary};
