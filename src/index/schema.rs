//! The index schema: one document per passage, with its article's fields.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::analysis::{EXACT_ANALYZER, STEM_ANALYZER};

/// The fields of a passage document.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Passage text, folded and stemmed (stored: the text shown and highlighted).
    pub text: Field,
    /// Passage text, exact forms (lower case, accents kept).
    pub exact: Field,
    /// The article title, folded and stemmed (stored).
    pub title: Field,
    /// The article's id (keyword, stored, fast): the key of incremental updates.
    pub doc_id: Field,
    /// The file the article came from (keyword, stored, fast).
    pub path: Field,
    /// Publication date (days precision; indexed, stored, fast).
    pub date: Field,
    /// The outlet or agency (keyword, stored, fast).
    pub source: Field,
    /// The article URL (stored).
    pub url: Field,
    /// The article's ordinal in the build (indexed, stored, fast): groups its passages.
    pub article: Field,
    /// Passage number in the article, 0-based (indexed, stored, fast).
    pub passage: Field,
    /// Byte offset of the passage in the article text (stored).
    pub start: Field,
    /// Byte offset past the passage's end in the article text (stored).
    pub end: Field,
    /// The passage's ordinal in the build (fast): breaks ties in a stable order.
    pub order: Field,
    /// Hash of the article as indexed (fields, text and path; fast): tells a changed article.
    pub hash: Field,
    /// Hash of the passage text after normalisation (indexed, fast): finds the same passage
    /// reprinted in other articles.
    pub dup: Field,
}

impl Fields {
    /// The schema and its fields.
    pub fn schema() -> (Schema, Fields) {
        let mut b = Schema::builder();
        let analysed = |tokenizer: &str| {
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions)
        };
        let text = b.add_text_field(
            "text",
            TextOptions::default()
                .set_indexing_options(analysed(STEM_ANALYZER))
                .set_stored(),
        );
        let exact = b.add_text_field(
            "exact",
            TextOptions::default().set_indexing_options(analysed(EXACT_ANALYZER)),
        );
        let title = b.add_text_field(
            "title",
            TextOptions::default()
                .set_indexing_options(analysed(STEM_ANALYZER))
                .set_stored(),
        );
        let doc_id = b.add_text_field("doc_id", STRING | STORED | FAST);
        let path = b.add_text_field("path", STRING | STORED | FAST);
        let date = b.add_date_field(
            "date",
            DateOptions::default()
                .set_indexed()
                .set_stored()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        );
        let source = b.add_text_field("source", STRING | STORED | FAST);
        let url = b.add_text_field("url", STORED);
        let num = || {
            NumericOptions::default()
                .set_indexed()
                .set_stored()
                .set_fast()
        };
        let article = b.add_u64_field("article", num());
        let passage = b.add_u64_field("passage", num());
        let start = b.add_u64_field("start", STORED);
        let end = b.add_u64_field("end", STORED);
        let order = b.add_u64_field("order", NumericOptions::default().set_fast());
        let hash = b.add_u64_field("hash", NumericOptions::default().set_fast());
        let dup = b.add_u64_field("dup", NumericOptions::default().set_indexed().set_fast());
        let fields = Fields {
            text,
            exact,
            title,
            doc_id,
            path,
            date,
            source,
            url,
            article,
            passage,
            start,
            end,
            order,
            hash,
            dup,
        };
        (b.build(), fields)
    }
}
