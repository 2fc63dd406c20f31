//! Elided articles: `l’enclave` is `enclave`, `qu’elles` is `elles`.

/// The elided forms that Lucene's `FrenchAnalyzer` and Elasticsearch's `french` analyzer strip.
const ELIDED: [&str; 13] = [
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// Whether `prefix` (already lower-cased) is an article elided before an apostrophe.
pub fn is_elided_article(prefix: &str) -> bool {
    prefix.len() <= 6 && ELIDED.contains(&prefix)
}

#[cfg(test)]
mod tests {
    use super::is_elided_article;

    #[test]
    fn table() {
        for (p, want) in [
            ("l", true),
            ("qu", true),
            ("jusqu", true),
            ("quoiqu", true),
            ("aujourd", false),
            ("prud", false),
            ("presqu", false),
            ("", false),
        ] {
            assert_eq!(is_elided_article(p), want, "{p}");
        }
    }
}
