//! Savoy's light French stemmer, for measuring it against Snowball (feature `light-stemmer`).
//!
//! J. Savoy, *A Stemming Procedure and Stopword List for General French Corpora* (JASIS 1999),
//! as Lucene's `FrenchLightStemmer` applies it: remove the plural, map a few derivational
//! endings to their base (`-issement` → `-ir`, `-atrice` → `-er`, `-ive` → `-if`…), then
//! normalise: fold accents, collapse doubled letters and drop a final `r`, `e`, `ie`.
//! It conflates less than Snowball (`nation` and `national` stay apart) and is the stemmer
//! of Lucene's `FrenchAnalyzer`, the best peer in `EVALUATION.md`.
//!
//! The engine's default stays rust-stemmers' Snowball (the user's choice); this one is built
//! only with `--features light-stemmer`, for the stemming row of `EVALUATION.md`.
//!
//! ```
//! use search::analysis::light_stem;
//!
//! assert_eq!(light_stem("chevaux"), "cheval");
//! assert_eq!(light_stem("rapidement"), "rapid");
//! ```

/// The light stem of `word` (lower case; accents may be kept, they are folded here).
pub fn light_stem(word: &str) -> String {
    let mut w = Word(word.chars().collect());
    w.stem();
    w.0.into_iter().collect()
}

/// A word being stemmed, as characters.
struct Word(Vec<char>);

/// What a rule does once it has matched: stop (then normalise) or go on with the next rules.
#[derive(Clone, Copy, PartialEq)]
enum Then {
    Stop,
    Go,
}

impl Word {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn ends(&self, suffix: &str) -> bool {
        let n = suffix.chars().count();
        self.len() >= n && self.0[self.len() - n..].iter().copied().eq(suffix.chars())
    }

    fn last(&self) -> Option<char> {
        self.0.last().copied()
    }

    /// When the word is longer than `longer_than` and ends with `suffix`, puts `by` in its
    /// place and says so.
    fn swap(&mut self, longer_than: usize, suffix: &str, by: &str) -> bool {
        if self.len() <= longer_than || !self.ends(suffix) {
            return false;
        }
        let keep = self.len() - suffix.chars().count();
        self.0.truncate(keep);
        self.0.extend(by.chars());
        true
    }

    fn stem(&mut self) {
        self.plural();
        self.derivation();
        self.normalise();
    }

    /// `-aux` → `-al` (but `-eaux` → `-eau`), then a final `x` or `s` goes.
    fn plural(&mut self) {
        let n = self.len();
        if n > 5 && self.last() == Some('x') {
            if self.0[n - 3] == 'a' && self.0[n - 2] == 'u' && self.0[n - 4] != 'e' {
                self.0[n - 2] = 'l';
            }
            self.0.pop();
        }
        for end in ['x', 's'] {
            if self.len() > 3 && self.last() == Some(end) {
                self.0.pop();
            }
        }
    }

    /// Derivational endings, in order; the first that matches with `Then::Stop` ends them.
    /// Lengths are those of the word when the rule is tried.
    fn derivation(&mut self) {
        use Then::{Go, Stop};
        if self.swap(9, "issement", "ir") || self.swap(8, "issant", "ir") {
            return;
        }
        if self.swap(6, "ement", "e") {
            self.swap(3, "ive", "if");
            return;
        }
        // (longer than, ending, replacement, then)
        const RULES: &[(usize, &str, &str, Then)] = &[
            (11, "ficatrice", "fier", Stop),
            (10, "ficateur", "fier", Stop),
            (9, "catrice", "quer", Stop),
            (8, "cateur", "quer", Stop),
            (8, "atrice", "er", Stop),
            (7, "ateur", "er", Stop),
            (6, "trice", "teur", Go),
            (5, "ième", "", Stop),
            (7, "teuse", "ter", Stop),
            (6, "teur", "ter", Stop),
            (5, "euse", "eu", Stop),
            (8, "ère", "er", Stop),
            (7, "ive", "if", Stop),
            (4, "folle", "fou", Stop),
            (4, "molle", "mou", Stop),
            (9, "nnelle", "n", Stop),
            (9, "nnel", "n", Stop),
            (4, "ète", "et", Go),
            (8, "ique", "", Go),
            (8, "esse", "e", Stop),
            (7, "inage", "in", Stop),
        ];
        for &(longer_than, suffix, by, then) in RULES {
            if self.swap(longer_than, suffix, by) && then == Stop {
                return;
            }
        }
        if self.swap(9, "isation", "") {
            // `actualisation` → `actuel`
            self.swap(5, "ual", "uel");
            return;
        }
        for (longer_than, suffix) in [(9, "isateur"), (8, "ation"), (8, "ition")] {
            if self.swap(longer_than, suffix, "") {
                return;
            }
        }
    }

    /// Folds accents and collapses doubled letters (words of more than four letters), then
    /// drops a final `ie`, and a final `r`, `e`, `e` and doubled letter.
    fn normalise(&mut self) {
        if self.len() > 4 {
            for c in &mut self.0 {
                *c = match *c {
                    'à' | 'á' | 'â' => 'a',
                    'ô' => 'o',
                    'è' | 'é' | 'ê' => 'e',
                    'ù' | 'û' => 'u',
                    'î' => 'i',
                    'ç' => 'c',
                    other => other,
                };
            }
            self.0.dedup_by(|b, a| a == b && a.is_alphabetic());
        }
        if self.len() > 4 && self.ends("ie") {
            self.0.truncate(self.len() - 2);
        }
        if self.len() > 4 {
            for end in ['r', 'e', 'e'] {
                if self.last() == Some(end) {
                    self.0.pop();
                }
            }
            let n = self.len();
            if self.0[n - 1] == self.0[n - 2] && self.0[n - 1].is_alphabetic() {
                self.0.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::light_stem;

    #[test]
    fn table() {
        for (word, stem) in [
            // plurals
            ("chevaux", "cheval"),
            ("bateaux", "bateau"),
            ("maisons", "maison"),
            ("nez", "nez"),
            // derivations
            ("finissement", "fini"),
            ("finissant", "fini"),
            ("rapidement", "rapid"),
            ("activement", "actif"),
            ("purificatrice", "purifi"),
            ("communicatrice", "comuniqu"),
            ("éducateur", "eduqu"),
            ("animatrice", "anim"),
            ("animateur", "anim"),
            ("chanteuse", "chant"),
            ("chanteur", "chant"),
            ("sportive", "sportif"),
            ("folle", "fou"),
            ("traditionnelle", "tradition"),
            ("politique", "polit"),
            ("politiques", "polit"),
            ("gentillesse", "gentil"),
            ("actualisation", "actuel"),
            ("organisation", "organ"),
            ("nation", "nation"),
            ("civilisation", "civil"),
            ("deuxième", "deux"),
            // normalisation
            ("évacués", "evacu"),
            ("élysée", "elys"),
            ("russie", "rus"),
            ("été", "été"),
            ("civils", "civil"),
            ("année", "ane"),
        ] {
            assert_eq!(light_stem(word), stem, "{word}");
        }
    }

    #[test]
    fn never_empty_never_panics() {
        for word in [
            "",
            "a",
            "s",
            "x",
            "ès",
            "aux",
            "eaux",
            "ie",
            "rrrrr",
            "ééééé",
            "ement",
        ] {
            let stem = light_stem(word);
            assert!(word.is_empty() || !stem.is_empty(), "{word}");
        }
    }
}
