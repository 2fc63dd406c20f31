//! What the highlighter looks for: a query term as forms at consecutive positions.

/// Which form of each word a pattern compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Folded stems (plain words, phrases, compounds).
    Stem,
    /// Exact forms (`=mot`, prefix and variant expansions).
    Exact,
}

/// One positive query term, as the highlighter sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// The term as the user wrote it (reported with each highlight).
    pub term: String,
    /// The form compared.
    pub form: Form,
    /// For each position, the forms accepted there (empty: a position left by punctuation,
    /// which matches whatever is there).
    pub positions: Vec<Vec<Box<str>>>,
    /// Forms accepted for the joined spelling of a compound (`antiterroriste`).
    pub joined: Vec<Box<str>>,
    /// How many extra positions a phrase may span.
    pub slop: u32,
}

impl Pattern {
    /// A single word accepting any of `forms`.
    pub fn word(term: &str, form: Form, forms: Vec<Box<str>>) -> Pattern {
        Pattern {
            term: term.to_string(),
            form,
            positions: vec![forms],
            joined: Vec::new(),
            slop: 0,
        }
    }

    /// A phrase: `positions[i]` are the forms accepted at its i-th position.
    pub fn phrase(term: &str, form: Form, positions: Vec<Vec<Box<str>>>, slop: u32) -> Pattern {
        Pattern {
            term: term.to_string(),
            form,
            positions,
            joined: Vec::new(),
            slop,
        }
    }
}
