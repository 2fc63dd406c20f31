//! The index schema: one document per passage; the article's own fields (title, id, file,
//! url, date and source as shown, hash) only on its head passage (passage 0).

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED,
};

use crate::analysis::{EXACT_ANALYZER, STEM_ANALYZER};

/// The fields of a passage document.
///
/// Every passage holds its text (stored, indexed twice), its article's ordinal, its number
/// and byte range, its build ordinal and duplicate key, and the article's date and source as
/// filters (indexed or fast, not stored). The article's head passage (passage 0) also holds
/// what is said once per article: the title (indexed and stored), id, file, url, date and
/// source as shown (stored), and the content hash. An article's passages are added as one batch, so
/// they are contiguous in one segment: the head of passage `n` at document `d` is `d - n`.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Passage text, folded and stemmed (stored: the text shown and highlighted).
    pub text: Field,
    /// Passage text, exact forms (lower case, accents kept).
    pub exact: Field,
    /// The article title, folded and stemmed (head passage only; stored).
    pub title: Field,
    /// The article's id (head passage only; stored, fast).
    pub doc_id: Field,
    /// The file the article came from (head passage only; stored, fast).
    pub path: Field,
    /// Publication date, days precision (fast, on every passage: filters and date sorts).
    pub date: Field,
    /// The outlet or agency (keyword without field norms, and fast, on every passage:
    /// filters and counts).
    pub source: Field,
    /// The article's date as shown (head passage only; stored).
    pub article_date: Field,
    /// The article's source as shown (head passage only; stored).
    pub article_source: Field,
    /// The article URL (head passage only; stored).
    pub url: Field,
    /// The article's ordinal in the build (indexed, fast): groups its passages, and
    /// is the key of updates and removals.
    pub article: Field,
    /// Passage number in the article, 0-based (fast).
    pub passage: Field,
    /// Byte offset of the passage in the article text (fast).
    pub start: Field,
    /// Byte offset past the passage's end in the article text (fast).
    pub end: Field,
    /// The passage's ordinal in the build (fast): breaks ties in a stable order.
    pub order: Field,
    /// Hash of the article as indexed (fields, text and path; head passage only; fast):
    /// tells a changed article.
    pub hash: Field,
    /// Hash of the passage text after normalisation (fast): collapses the same passage
    /// reprinted in other articles; the reprints of each are listed in the index's
    /// duplicate table (see `dup_table.rs`).
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
        let doc_id = b.add_text_field("doc_id", STORED | FAST);
        let path = b.add_text_field("path", STORED | FAST);
        let date = b.add_date_field(
            "date",
            DateOptions::default()
                .set_fast()
                .set_precision(DateTimePrecision::Seconds),
        );
        // A keyword without field norms: filters only, never scored.
        let keyword = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        );
        let source = b.add_text_field("source", keyword | FAST);
        let url = b.add_text_field("url", STORED);
        let article_date = b.add_date_field(
            "article_date",
            DateOptions::default()
                .set_stored()
                .set_precision(DateTimePrecision::Seconds),
        );
        let article_source = b.add_text_field("article_source", STORED);
        // A passage's numbers are columns, not stored: bit-packed they take a fraction of
        // what they took in the doc store, and reading one costs no decompression.
        let article = b.add_u64_field(
            "article",
            NumericOptions::default().set_indexed().set_fast(),
        );
        let passage = b.add_u64_field("passage", FAST);
        let start = b.add_u64_field("start", FAST);
        let end = b.add_u64_field("end", FAST);
        let order = b.add_u64_field("order", FAST);
        let hash = b.add_u64_field("hash", FAST);
        let dup = b.add_u64_field("dup", FAST);
        let fields = Fields {
            text,
            exact,
            title,
            doc_id,
            path,
            date,
            source,
            article_date,
            article_source,
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
