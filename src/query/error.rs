//! Errors for queries that cannot be read: what is wrong, and where.

/// A query that cannot be read. `column` is 1-based, in characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("query {query:?}: {message}{}", column.map(|c| format!(" (at column {c})")).unwrap_or_default())]
pub struct QueryError {
    /// The query as typed.
    pub query: String,
    /// What is wrong, in a lowercase sentence.
    pub message: String,
    /// Where, when it applies.
    pub column: Option<usize>,
}

impl QueryError {
    pub(crate) fn new(query: &str, message: impl Into<String>, column: Option<usize>) -> Self {
        QueryError {
            query: query.to_string(),
            message: message.into(),
            column,
        }
    }
}
