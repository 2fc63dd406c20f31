//! Ranking of natural-language questions (`--any`): which words count, how much the exact
//! written form adds, and the proximity bonus for query words found close together.
//!
//! A question such as `Combien de civils ont été évacués par la Russie ?` is a bag of
//! optional words. Five things decide how well BM25 ranks its passages:
//!
//! - **BM25 for short passages**: a question word is scored by [`WordQuery`](super::WordQuery)
//!   with k1 = 0.6 and b = 0.3 (a second occurrence adds little, a passage's length counts
//!   lightly), not tantivy's fixed 1.2 and 0.75; and as BM25+ (Lv and Zhai), a word found
//!   adds at least 0.05 of its idf, however long the passage.
//! - **function words**: stop words (`de`, `ont`, `la`…) and question words (`combien`,
//!   `pourquoi`…) say little about the answer; a question word is even rare in prose, so
//!   BM25 would reward the few passages that contain it. In `--any` mode they count at 0.6,
//!   by their stem only, with no exact-form or proximity bonus.
//! - **compounds** in a question are often inverted verbs (`appelle-t-on`, `a-t-elle`):
//!   counting a compound as its content words, the whole as a bonus, cost both halves of
//!   PIAF (`EVALUATION.md`, ablations, first round) and was removed.
//! - **proximity**: two neighbouring query words found near each other in a passage
//!   (`ministère … sports`) add a bonus, a sloppy phrase of the two stems.
//! - **the focus**: in `Quelle ville…`, `En quelle année…`, `Quel est le nom…`, the noun
//!   after `quel` names the kind of answer wanted (a city, a year, a name), which the
//!   passage that answers usually gives (`Paris`, `1962`) rather than names; so does the
//!   first content word after a `qui` or `que` that opens the question (`Qui a fondé…`,
//!   `Qui est le président…`): it weighs 0.6, unless it is a name.
//!
//! The weights below are the defaults; [`RankOptions::parse`] reads variants for the
//! ablations of `EVALUATION.md` (`search query --ranking …`, hidden).

use super::bm25::Bm25Params;

/// Weight of a keyword word's written form, added to the match of its lemmas, so that the
/// form typed ranks first (`pêche` before `péché`): `EVALUATION.md`, "Keyword ranking", rows
/// `exact=…` (0 scored 0.007 higher, within the spread of the rows, and would lose that
/// order). Questions use [`RankOptions::question_exact`].
pub const EXACT_BOOST: f32 = 0.3;
/// Weight of the query's best match in the article's title, added to each passage of the
/// article: `EVALUATION.md`, "Keyword ranking", rows `title=…` (for questions, the PIAF rows
/// there: 0.4 and 1.2 rank PIAF's questions alike, among OrangeSum's articles too).
pub const TITLE_BOOST: f32 = 1.2;
/// BM25 of a keyword word: tantivy's k1, and no length normalisation (b 0), so that a short
/// passage that only names the subject does not outrank a paragraph about it (passages are
/// paragraphs of 8 to 120 words): `EVALUATION.md`, "Keyword ranking", rows `kb=…` (tantivy's
/// b 0.75 was the default before).
pub const KEYWORD_BM25: Bm25Params = Bm25Params {
    k1: 1.2,
    b: 0.0,
    delta: 0.0,
};

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
    /// `--any`: weight of the sloppy phrase of two neighbouring query words (0 = off).
    pub proximity_boost: f32,
    /// Positions allowed between two neighbouring query words for the proximity bonus.
    pub proximity_slop: u32,
    /// `--any`: a word the index does not hold is searched by its closest indexed stem.
    pub respell: bool,
    /// `--any`: a question word also matches the lemmas that share its Snowball stem
    /// (`évacués` → `évacuation`): derived words help a question find its answer, though a
    /// count must never merge them (EVALUATION.md, "Lemmas and Snowball for questions").
    pub snowball: bool,
    /// `--any`: an inverted subject pronoun is cut off its verb (`remporte-t-il` →
    /// `remporte`), see [`strip_inverted_subject`].
    pub inverted_subject: bool,
    /// `--any`: a word with two stems scores the better of them, not their sum.
    pub best_stem: bool,
    /// `--any`: weight of a capitalised word after the question's first (a name), 1 = as
    /// any other word.
    pub name_weight: f32,
    /// `--any`: a question word is scored by [`WordQuery`](super::WordQuery) with `k1` and
    /// `b`, not by tantivy's term queries (whose BM25 parameters are fixed).
    pub own_bm25: bool,
    /// BM25 parameters of a question word (with `own_bm25`).
    pub bm25: Bm25Params,
    /// `--any` with `own_bm25`: weight of a question word's exact-form clause (in place of
    /// `exact_boost`, tuned for the word's own BM25).
    pub question_exact: f32,
    /// `--any` with `own_bm25`: weight of a function word instead of leaving it out (0).
    pub function_weight: f32,
    /// `--any`: weight of a word written with digits (a year, a number), 1 = as any other.
    pub number_weight: f32,
    /// `--any`: weight of the question's focus, the first content word after `quel`,
    /// `quelle`, `quels`, `quelles` (`Quelle ville…`, `En quelle année…`, `Quel est le nom…`)
    /// or after `qui`, `que` opening the question (`Qui a fondé…`, `Que signifie…`), 1 = as
    /// any other word. It names the kind of answer wanted or the relation asked about, which
    /// the passage that answers gives (`Paris`, `1962`) rather than repeats.
    pub focus_weight: f32,
    /// The focus is the first content word after the interrogative (`Quelle est la
    /// monnaie…`), not only the word right after it.
    pub focus_skip: bool,
    /// Which interrogatives announce a focus: 0 none, 1 `quel`…, 2 `quel`… and `comment`,
    /// 3 these and `qui`, `que` anywhere, 4 `quel`… anywhere and `qui`, `que` opening the
    /// question (elsewhere they are relative pronouns or conjunctions), 5 also `où` opening it.
    pub focus_after: u32,
    /// The focus takes part in the proximity bonus (false: its neighbours pair up across it).
    pub focus_proximity: bool,
    /// BM25 parameters of a keyword word (not `--any`), see [`KEYWORD_BM25`].
    pub keyword_bm25: Bm25Params,
}

impl Default for RankOptions {
    fn default() -> Self {
        // Each value names the row of `EVALUATION.md` that chose it ("ablations" is the table
        // "What each change gained or cost", by round).
        RankOptions {
            // "Keyword ranking".
            exact_boost: EXACT_BOOST,
            title_boost: TITLE_BOOST,
            // Ablations, first round: "function words counted", "question words counted".
            drop_function_words: true,
            question_words: true,
            // Ablations, first round: "no proximity bonus", "proximity bonus 0.5".
            proximity_boost: 0.25,
            proximity_slop: 3,
            // Ablations, first round: "no respelling of unknown words".
            respell: true,
            // "Lemmas and Snowball for questions".
            snowball: true,
            // Ablations, second round: "inverted subjects kept on their verb",
            // "a word's two stems summed".
            inverted_subject: true,
            best_stem: true,
            // Ablations, third round: "names weigh 1.3 (as before)".
            name_weight: 1.6,
            // Ablations, third round: "tantivy's term queries", "own BM25 at tantivy's k1 1.2,
            // b 0.75", "own BM25 at Anserini's k1 0.9, b 0.4"; fourth: "no BM25+ lower bound".
            own_bm25: true,
            bm25: Bm25Params {
                k1: 0.6,
                b: 0.3,
                delta: 0.05,
            },
            // Ablations, third round: "exact-form weight 0.6 (as before)", "no exact-form
            // bonus"; "function words left out (as before)", "function words at full weight";
            // "numbers weigh as other words".
            question_exact: 0.5,
            function_weight: 0.6,
            number_weight: 1.6,
            // Ablations, fourth round: "no focus", "focus 0.5", "focus 0.75", "focus only the
            // word right after the interrogative", "focus after `quel`… only" and the other
            // `focus_after` rows.
            focus_weight: 0.6,
            focus_skip: true,
            focus_after: 4,
            focus_proximity: true,
            // "Keyword ranking".
            keyword_bm25: KEYWORD_BM25,
        }
    }
}

impl RankOptions {
    /// Reads `name=value` pairs separated by commas over the defaults, e.g.
    /// `exact=0.3,proximity=0`. Names: `exact`, `title`, `function_words` (1 keeps
    /// them), `question_words` (0: only stop words are function words), `proximity`, `slop`,
    /// `respell`, `snowball`, `inverted` (1 cuts inverted subject pronouns), `best_stem`,
    /// `names`, `bm25` (1: own BM25 scorer for question words), `k1`, `b`, `delta`,
    /// `question_exact`, `function_weight`, `numbers`, `focus`, `focus_skip`, `focus_after`,
    /// `focus_proximity`, `kb` and `kk1` (keyword words on our BM25 with this b and k1).
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
                "proximity" => r.proximity_boost = number,
                "slop" => r.proximity_slop = number as u32,
                "respell" => r.respell = number != 0.0,
                "snowball" => r.snowball = number != 0.0,
                "inverted" => r.inverted_subject = number != 0.0,
                "best_stem" => r.best_stem = number != 0.0,
                "names" => r.name_weight = number,
                "bm25" => r.own_bm25 = number != 0.0,
                "k1" => r.bm25.k1 = number,
                "b" => r.bm25.b = number,
                "delta" => r.bm25.delta = number,
                "focus" => r.focus_weight = number,
                "focus_skip" => r.focus_skip = number != 0.0,
                "focus_after" => r.focus_after = number as u32,
                "focus_proximity" => r.focus_proximity = number != 0.0,
                "question_exact" => r.question_exact = number,
                "function_weight" => r.function_weight = number,
                "numbers" => r.number_weight = number,
                "kb" => r.keyword_bm25.b = number,
                "kk1" => r.keyword_bm25.k1 = number,
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

/// Whether `word` of `question` is a name: capitalised, and not the question's first word
/// (which is capitalised anyway). `Martin` in `Qui sont les sœurs de Martin ?`.
pub fn is_name(question: &str, word: &str) -> bool {
    let first = question.trim_start().starts_with(word);
    // `l'ONU`, `d'Einstein`: the name follows the elided article.
    let name = match word.split_once(['\'', '’']) {
        Some((article, rest)) if crate::analysis::is_elided_article(&article.to_lowercase()) => {
            rest
        }
        _ => word,
    };
    !first && name.chars().next().is_some_and(char::is_uppercase)
}

/// Finds a question's focus word by word: the first content word after an interrogative that
/// announces one (`quel`…, or `qui`, `que` opening the question; see
/// [`RankOptions::focus_after`]), function words in between skipped with `focus_skip`.
///
/// ```
/// use search::query::{Focus, RankOptions};
///
/// let mut focus = Focus::new(&RankOptions::default());
/// // `Quelle est la ville …`: `ville` is the focus.
/// let words = [("quelle", true), ("est", true), ("la", true), ("ville", false), ("accueille", false)];
/// let found: Vec<bool> = words.iter().map(|&(w, f)| focus.next(Some(w), f)).collect();
/// assert_eq!(found, [false, false, false, true, false]);
/// ```
#[derive(Debug, Clone)]
pub struct Focus {
    after: u32,
    skip: bool,
    /// The last word announced a focus (or was a function word after one, with `skip`).
    pending: bool,
    /// The words read so far (`qui`, `que` are interrogatives only when they come first).
    seen: u32,
}

impl Focus {
    /// A question's first word is next.
    pub fn new(rank: &RankOptions) -> Focus {
        Focus {
            after: rank.focus_after,
            skip: rank.focus_skip,
            pending: false,
            seen: 0,
        }
    }

    /// Reads the question's next word: `word` its exact lower-case form (`None` for a word of
    /// several forms, a compound), `function` whether it is a function word. True when it is
    /// the focus.
    pub fn next(&mut self, word: Option<&str>, function: bool) -> bool {
        let opening = self.seen == 0;
        self.seen += 1;
        let quel = |w: &str| matches!(w, "quel" | "quelle" | "quels" | "quelles");
        let trigger = word.is_some_and(|w| match self.after {
            0 => false,
            1 => quel(w),
            2 => quel(w) || w == "comment",
            3 => quel(w) || matches!(w, "comment" | "qui" | "que"),
            4 => quel(w) || (opening && matches!(w, "qui" | "que")),
            _ => quel(w) || (opening && matches!(w, "qui" | "que" | "où")),
        });
        let pending = self.pending;
        self.pending = trigger || (pending && function && self.skip);
        pending && !function
    }

    /// Something other than a word of the question (a phrase, a required or excluded word):
    /// no focus is pending.
    pub fn reset(&mut self) {
        self.pending = false;
    }
}

/// Subject pronouns that follow their verb in an inverted question (`a-t-il`, `peut-on`).
const INVERTED_SUBJECTS: &[&str] = &[
    "ce", "elle", "elles", "il", "ils", "je", "nous", "on", "tu", "vous",
];

/// The verb of a verb with an inverted subject pronoun (`remporte-t-il` → `remporte`,
/// `s'appelle-t-elle` → `s'appelle`, `peut-on` → `peut`), `None` for any other word.
///
/// French puts the subject after the verb, joined by hyphens (with a euphonic `-t-` between
/// two vowels), in a question: the whole is no compound a passage would contain, and the
/// pronoun says nothing of the answer, so in a question only the verb is searched.
///
/// ```
/// use search::query::strip_inverted_subject;
///
/// assert_eq!(strip_inverted_subject("remporte-t-il"), Some("remporte"));
/// assert_eq!(strip_inverted_subject("Peut-on"), Some("Peut"));
/// assert_eq!(strip_inverted_subject("États-Unis"), None);
/// ```
pub fn strip_inverted_subject(word: &str) -> Option<&str> {
    let is_hyphen = |c: char| matches!(c, '-' | '\u{2010}' | '\u{2011}');
    let (rest, last) = word.rsplit_once(is_hyphen)?;
    if !INVERTED_SUBJECTS.contains(&last.to_lowercase().as_str()) {
        return None;
    }
    let verb = match rest.rsplit_once(is_hyphen) {
        Some((verb, t)) if t.eq_ignore_ascii_case("t") => verb,
        _ => rest,
    };
    let is_verb = !verb.is_empty() && !verb.eq_ignore_ascii_case("t") && !verb.contains(is_hyphen);
    is_verb.then_some(verb)
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
    fn names_are_capitalised_words_after_the_first() {
        let q = "Qui sont les sœurs de Martin ?";
        assert!(is_name(q, "Martin"));
        assert!(!is_name(q, "Qui") && !is_name(q, "sœurs"));
        assert!(is_name("Où siège ONU ?", "ONU") && is_name("où vit Élise", "Élise"));
        assert!(is_name("Où est l'ONU ?", "l'ONU") && is_name("Où est l’ONU ?", "l’ONU"));
        assert!(!is_name("Où est l'eau ?", "l'eau"));
        assert!(!is_name("Martin est né où ?", "Martin"));
    }

    #[test]
    fn the_focus_follows_quel_anywhere_and_qui_que_first() {
        // Each word: its exact form; `*` marks the expected focus.
        for question in [
            "quelle *ville accueille le festival",
            "en quelle *année le club devient amateur",
            "quel est le *nom du fleuve",
            "qui a *fondé la ville",
            "que *signifie le mot",
            "la ville qui accueille le festival",
            "combien de civils",
            "où se trouve la ville",
        ] {
            let mut focus = Focus::new(&RankOptions::default());
            for word in question.split(' ') {
                let plain = word.trim_start_matches('*');
                let function = is_function_word(plain, true);
                let found = focus.next(Some(plain), function);
                assert_eq!(found, word.starts_with('*'), "{question}: {word}");
            }
        }
        // Only the word right after the interrogative without `focus_skip`.
        let rank = RankOptions::parse("focus_skip=0").unwrap();
        let mut focus = Focus::new(&rank);
        let found: Vec<bool> = ["quel", "est", "le", "nom"]
            .iter()
            .map(|w| focus.next(Some(w), is_function_word(w, true)))
            .collect();
        assert_eq!(found, [false, false, false, false]);
    }

    #[test]
    fn inverted_subjects() {
        assert!(INVERTED_SUBJECTS.windows(2).all(|w| w[0] < w[1]));
        for (word, verb) in [
            ("a-t-il", Some("a")),
            ("remporte-t-elle", Some("remporte")),
            ("s'appelle-t-on", Some("s'appelle")),
            ("sont-ils", Some("sont")),
            ("qu'est-ce", Some("qu'est")),
            ("Fait\u{2011}il", Some("Fait")),
            ("états-unis", None),
            ("Jean-Paul", None),
            ("saints-pierre-et-paul", None),
            ("-il", None),
            ("il", None),
            ("t-il", None),
        ] {
            assert_eq!(strip_inverted_subject(word), verb, "{word}");
        }
    }

    #[test]
    fn parse_reads_pairs_and_rejects_unknown() {
        let r = RankOptions::parse("function_words=1, respell=0, slop=5").unwrap();
        assert!(!r.drop_function_words && !r.respell);
        assert_eq!(r.proximity_slop, 5);
        assert_eq!(RankOptions::parse("").unwrap(), RankOptions::default());
        assert!(RankOptions::parse("exact").is_err());
        assert!(RankOptions::parse("exact=x").is_err());
    }
}
