//! Reading the corpus: the article model, decoding, and one reader per format.

pub mod article;
pub mod csv;
pub mod decode;
pub mod fields;
pub mod html;
pub mod json;
pub mod jsonl;
pub mod limits;
pub mod text;
pub mod walk;

pub use article::{Article, Date};
pub use fields::FieldMap;
pub use walk::{
    input_size, no_input_files, read_corpus, read_corpus_with, InputError, Item, ReadOptions,
    ReadSummary, SUPPORTED,
};
