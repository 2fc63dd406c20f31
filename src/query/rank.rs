//! Ranking of natural-language questions (`--any`): which words count, how much the exact
//! written form adds, and the proximity bonus for query words found close together.
//!
//! A question such as `Combien de civils ont été évacués par la Russie ?` is a bag of
//! optional words. Three things decide how well BM25 ranks its passages:
//!
//! - **function words**: stop words (`de`, `ont`, `la`…) and question words (`combien`,
//!   `pourquoi`…) say nothing about the answer; a question word is even rare in prose, so
//!   BM25 would reward the few passages that contain it. In `--any` mode they are left out
//!   of the ranking when the question has other words.
//! - **compounds** in a question are often inverted verbs (`appelle-t-on`, `a-t-elle`):
//!   counting a compound as its content words, the whole as a bonus (`compounds=1`), was
//!   measured and is off: it helped one half of PIAF and cost the other.
//! - **proximity**: two neighbouring query words found near each other in a passage
//!   (`ministère … sports`) add a bonus, a sloppy phrase of the two stems.
//!
//! The weights below are the defaults; [`RankOptions::parse`] reads variants for the
//! ablations of `EVALUATION.md` (`search query --ranking …`, hidden).

/// Weight of a match on the exact written form, added to the folded-and-stemmed match.
pub const EXACT_BOOST: f32 = 0.6;
/// Weight of a match in the article's title.
pub const TITLE_BOOST: f32 = 0.4;

/// Ranking parameters of a query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankOptions {
    /// Weight of the exact-form match (see [`EXACT_BOOST`]).
    pub exact_boost: f32,
    /// Weight of a title match (see [`TITLE_BOOST`]).
    pub title_boost: f32,
    /// `--any`: leave out stop words and question words when other words remain.
    pub drop_function_words: bool,
    /// Count question words (`combien`, `pourquoi`…) among the function words.
    pub question_words: bool,
    /// `--any`: a compound counts as its content words, the whole as a bonus (off: measured
    /// no gain on both halves of PIAF).
    pub split_compounds: bool,
    /// `--any`: weight of the sloppy phrase of two neighbouring query words (0 = off).
    pub proximity_boost: f32,
    /// Positions allowed between two neighbouring query words for the proximity bonus.
    pub proximity_slop: u32,
    /// The proximity bonus also counts the two words in the reverse order.
    pub proximity_any_order: bool,
    /// `--any`: a word the index does not hold is searched by its closest indexed stem.
    pub respell: bool,
}

impl Default for RankOptions {
    fn default() -> Self {
        RankOptions {
            exact_boost: EXACT_BOOST,
            title_boost: TITLE_BOOST,
            drop_function_words: true,
            question_words: true,
            split_compounds: false,
            proximity_boost: 0.25,
            proximity_slop: 3,
            proximity_any_order: false,
            respell: true,
        }
    }
}

impl RankOptions {
    /// Reads `name=value` pairs separated by commas over the defaults, e.g.
    /// `exact=0.3,proximity=0`. Names: `exact`, `title`, `function_words` (1 keeps them),
    /// `question_words` (0: only stop words are function words), `compounds` (0 keeps
    /// compounds whole), `proximity`, `slop`, `any_order`, `respell`.
    ///
    /// ```
    /// use search::query::RankOptions;
    ///
    /// let r = RankOptions::parse("exact=0.3,proximity=0").unwrap();
    /// assert_eq!(r.exact_boost, 0.3);
    /// assert_eq!(r.proximity_boost, 0.0);
    /// assert!(RankOptions::parse("speed=3").is_err());
    /// ```
    pub fn parse(spec: &str) -> Result<RankOptions, String> {
        let mut r = RankOptions::default();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("ranking option {pair:?} is not name=value"))?;
            let number: f32 = value
                .trim()
                .parse()
                .map_err(|_| format!("ranking option {name}: {value:?} is not a number"))?;
            match name.trim() {
                "exact" => r.exact_boost = number,
                "title" => r.title_boost = number,
                "function_words" => r.drop_function_words = number == 0.0,
                "question_words" => r.question_words = number != 0.0,
                "compounds" => r.split_compounds = number != 0.0,
                "proximity" => r.proximity_boost = number,
                "slop" => r.proximity_slop = number as u32,
                "any_order" => r.proximity_any_order = number != 0.0,
                "respell" => r.respell = number != 0.0,
                other => return Err(format!("unknown ranking option {other:?}")),
            }
        }
        Ok(r)
    }
}

/// French question words (folded), which a question carries but its answer rarely does.
const QUESTION_WORDS: &[&str] = &[
    "auquel",
    "auxquelles",
    "auxquels",
    "combien",
    "comment",
    "desquelles",
    "desquels",
    "duquel",
    "laquelle",
    "lequel",
    "lesquelles",
    "lesquels",
    "ou",
    "pourquoi",
    "quand",
    "quoi",
];

/// Whether a folded, lower-case word is a French question word.
pub fn is_question_word(folded: &str) -> bool {
    QUESTION_WORDS.binary_search(&folded).is_ok()
}

/// Whether a folded word carries no content for ranking: a stop word, or a question word
/// when `question_words` is set.
pub fn is_function_word(folded: &str, question_words: bool) -> bool {
    crate::analysis::is_stop_word(folded) || (question_words && is_question_word(folded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_words_sorted_and_found() {
        assert!(QUESTION_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_question_word("combien") && is_question_word("pourquoi"));
        assert!(is_function_word("de", true) && !is_function_word("civils", true));
        assert!(is_function_word("combien", true) && !is_function_word("combien", false));
    }

    #[test]
    fn parse_reads_pairs_and_rejects_unknown() {
        let r = RankOptions::parse("function_words=1, compounds=0, slop=5").unwrap();
        assert!(!r.drop_function_words && !r.split_compounds);
        assert_eq!(r.proximity_slop, 5);
        assert_eq!(RankOptions::parse("").unwrap(), RankOptions::default());
        assert!(RankOptions::parse("exact").is_err());
        assert!(RankOptions::parse("exact=x").is_err());
    }
}
