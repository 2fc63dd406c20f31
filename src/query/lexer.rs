//! Splitting a query into tokens: words, phrases, operators, parentheses and fields.
//!
//! Nothing French is an error here: apostrophes are part of words, guillemets quote
//! phrases, an unbalanced quote runs to the end, a lone colon is just punctuation.

/// `+` or `-` written before a word or phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modifier {
    None,
    Plus,
    Minus,
}

/// What a token holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Open,
    Close,
    And,
    Or,
    Not,
    Word(String),
    Phrase {
        text: String,
        slop: Option<u32>,
        closed: bool,
    },
    /// `name:value`; the value is a word or phrase token, or missing.
    Field {
        name: String,
        value: Option<Box<Kind>>,
    },
}

/// A token with the 1-based character column where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: Kind,
    pub modifier: Modifier,
    pub column: usize,
}

const FIELDS: [&str; 3] = ["source", "date", "title"];

fn is_open_quote(c: char) -> bool {
    matches!(c, '"' | '«' | '“' | '„')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '"' | '»' | '”' | '“')
}

fn ends_word(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')') || is_open_quote(c) || is_close_quote(c)
}

/// Splits `query` into tokens.
pub fn lex(query: &str) -> Vec<Token> {
    let chars: Vec<char> = query.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let column = i + 1;
        if c.is_whitespace() || is_close_quote(c) && c != '"' {
            i += 1;
            continue;
        }
        if c == '(' || c == ')' {
            let kind = if c == '(' { Kind::Open } else { Kind::Close };
            tokens.push(Token {
                kind,
                modifier: Modifier::None,
                column,
            });
            i += 1;
            continue;
        }
        let mut modifier = Modifier::None;
        if (c == '+' || c == '-')
            && chars
                .get(i + 1)
                .is_some_and(|&n| !ends_word(n) || is_open_quote(n))
        {
            modifier = if c == '+' {
                Modifier::Plus
            } else {
                Modifier::Minus
            };
            i += 1;
        }
        let kind = if is_open_quote(chars[i]) {
            lex_phrase(&chars, &mut i)
        } else if chars[i] == '=' && chars.get(i + 1).is_some_and(|&n| is_open_quote(n)) {
            // `="gilets jaunes"`: an exact phrase, its written forms only (the `=` used to be
            // dropped, and the phrase matched `gilet jaune`).
            i += 1;
            match lex_phrase(&chars, &mut i) {
                Kind::Phrase { text, .. } => Kind::Word(format!("={}", text.trim())),
                other => other,
            }
        } else {
            let start = i;
            while i < chars.len() && !ends_word(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            match word.as_str() {
                "AND" | "&&" if modifier == Modifier::None => Kind::And,
                "OR" | "||" if modifier == Modifier::None => Kind::Or,
                "NOT" if modifier == Modifier::None => Kind::Not,
                _ => field(&word, &chars, &mut i).unwrap_or(Kind::Word(word)),
            }
        };
        // A number typed with its thousands apart (`2 000`, `2 000 000`) is one number, as
        // in a text: a group of exactly 3 digits joins the number before it.
        if let (Kind::Word(group), Modifier::None) = (&kind, modifier) {
            if let Some(Token {
                kind: Kind::Word(number),
                ..
            }) = tokens.last_mut()
            {
                if is_digits(group, 3, 3) && starts_number(number) {
                    number.push(' ');
                    number.push_str(group);
                    continue;
                }
            }
        }
        tokens.push(Token {
            kind,
            modifier,
            column,
        });
    }
    tokens
}

/// True for `min` to `max` ASCII digits.
fn is_digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// True for a number whose thousands may follow: 1–3 digits, then groups of 3 after spaces.
fn starts_number(s: &str) -> bool {
    let mut groups = s.split(' ');
    groups.next().is_some_and(|g| is_digits(g, 1, 3)) && groups.all(|g| is_digits(g, 3, 3))
}

/// Reads a phrase starting at the open quote `chars[*i]`.
fn lex_phrase(chars: &[char], i: &mut usize) -> Kind {
    *i += 1;
    let start = *i;
    while *i < chars.len() && !is_close_quote(chars[*i]) {
        *i += 1;
    }
    let text: String = chars[start..*i].iter().collect();
    let closed = *i < chars.len();
    if closed {
        *i += 1;
    }
    let mut slop = None;
    if closed && chars.get(*i) == Some(&'~') {
        let digits_start = *i + 1;
        let mut j = digits_start;
        while j < chars.len() && chars[j].is_ascii_digit() {
            j += 1;
        }
        if j > digits_start {
            let digits: String = chars[digits_start..j].iter().collect();
            slop = digits.parse().ok();
            *i = j;
        }
    }
    Kind::Phrase { text, slop, closed }
}

/// `source:AFP`, `date:2019..2020`, `title:"…"`; `None` when `word` is not a known field.
fn field(word: &str, chars: &[char], i: &mut usize) -> Option<Kind> {
    let (name, value) = word.split_once(':')?;
    let lower = name.to_lowercase();
    if !FIELDS.contains(&lower.as_str()) {
        return None;
    }
    let value = if lower == "date" && !value.is_empty() {
        Some(Box::new(Kind::Word(date_range(value, chars, i))))
    } else if !value.is_empty() {
        Some(Box::new(Kind::Word(value.to_string())))
    } else if chars.get(*i).is_some_and(|&c| is_open_quote(c)) {
        Some(Box::new(lex_phrase(chars, i)))
    } else {
        None
    };
    Some(Kind::Field { name: lower, value })
}

/// A `date:` value with the rest of its range when spaces were typed around `..`
/// (`date:2020-03-15 .. 2020-03-20`, `date:2020-03-15.. 2020-03-20`,
/// `date:2020-03-15 ..2020-03-20`): the range as if written without them.
fn date_range(value: &str, chars: &[char], i: &mut usize) -> String {
    let mut out = value.to_string();
    let mut j = *i;
    while j < chars.len() && chars[j].is_whitespace() {
        j += 1;
    }
    if !out.contains("..") {
        if chars.get(j) != Some(&'.') || chars.get(j + 1) != Some(&'.') {
            return out;
        }
        out.push_str("..");
        j += 2;
        *i = j;
        while j < chars.len() && chars[j].is_whitespace() {
            j += 1;
        }
    } else if !out.ends_with("..") {
        return out;
    }
    // The upper bound, if a date follows.
    if chars.get(j).is_some_and(char::is_ascii_digit) {
        let start = j;
        while j < chars.len() && !chars[j].is_whitespace() && !matches!(chars[j], '(' | ')') {
            j += 1;
        }
        out.extend(&chars[start..j]);
        *i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(q: &str) -> Vec<Kind> {
        lex(q).into_iter().map(|t| t.kind).collect()
    }

    fn word(s: &str) -> Kind {
        Kind::Word(s.to_string())
    }

    #[test]
    fn table() {
        assert_eq!(kinds("l'armée -Russie"), [word("l'armée"), word("Russie")]);
        assert_eq!(lex("l'armée -Russie")[1].modifier, Modifier::Minus);
        assert_eq!(
            kinds("« cessez-le-feu »"),
            [Kind::Phrase {
                text: " cessez-le-feu ".into(),
                slop: None,
                closed: true
            }]
        );
        assert_eq!(
            kinds("\"cessez le feu\"~3"),
            [Kind::Phrase {
                text: "cessez le feu".into(),
                slop: Some(3),
                closed: true
            }]
        );
        assert_eq!(
            kinds("\"cessez-le-feu"),
            [Kind::Phrase {
                text: "cessez-le-feu".into(),
                slop: None,
                closed: false
            }]
        );
        assert_eq!(kinds("(Stepanakert"), [Kind::Open, word("Stepanakert")]);
        assert_eq!(kinds("2 000 morts"), [word("2 000"), word("morts")]);
        assert_eq!(
            kinds("=\"gilets jaunes\" x"),
            [word("=gilets jaunes"), word("x")]
        );
        assert_eq!(kinds("=« gilets jaunes »"), [word("=gilets jaunes")]);
        assert_eq!(kinds("2 000 000"), [word("2 000 000")]);
        assert_eq!(kinds("1994 200"), [word("1994"), word("200")]);
        assert_eq!(kinds("2 0000"), [word("2"), word("0000")]);
        assert_eq!(kinds("Mali :"), [word("Mali"), word(":")]);
        assert_eq!(
            kinds("a AND b OR NOT c"),
            [
                word("a"),
                Kind::And,
                word("b"),
                Kind::Or,
                Kind::Not,
                word("c")
            ]
        );
        assert_eq!(
            kinds("source:AFP date:2019..2020"),
            [
                Kind::Field {
                    name: "source".into(),
                    value: Some(Box::new(word("AFP")))
                },
                Kind::Field {
                    name: "date".into(),
                    value: Some(Box::new(word("2019..2020")))
                },
            ]
        );
        assert_eq!(
            kinds("title:"),
            [Kind::Field {
                name: "title".into(),
                value: None
            }]
        );
        assert_eq!(kinds("Mali: crise"), [word("Mali:"), word("crise")]);
        assert_eq!(kinds("- a"), [word("-"), word("a")]);
    }
}
