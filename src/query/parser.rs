//! Reading tokens into a syntax tree, tolerant of what people type.
//!
//! Grammar (operators in upper case only):
//!
//! ```text
//! query   := or
//! or      := seq ("OR" seq)*
//! seq     := clause+            clauses side by side; "a AND b" makes both required
//! clause  := ("NOT" | "-" | "+")? primary
//! primary := "(" or ")" | "…" | « … » | word | =word | prefix* | word~ | field:value
//! ```
//!
//! An operator with nothing on one side, an unbalanced parenthesis or quote are read as a
//! person means them; a query that is empty, made only of operators, only of exclusions,
//! or that has a field without a value or a bad date is an error.

use super::ast::{Clause, DateBound, DateRange, Leaf, Node, Occur};
use super::error::QueryError;
use super::lexer::{lex, Kind, Modifier, Token};

/// Longest query, in characters (a long question is a few hundred).
pub const MAX_QUERY_CHARS: usize = 10_000;
/// Most terms (words, phrases, operators, parentheses) in a query.
pub const MAX_QUERY_TERMS: usize = 500;
/// Deepest nesting of parentheses.
pub const MAX_NESTING: usize = 32;
/// Most words in one phrase.
pub const MAX_PHRASE_WORDS: usize = 64;

/// The start of a long query, to name it in an error.
pub(crate) fn start_of(query: &str) -> String {
    let mut start: String = query.chars().take(40).collect();
    if start.len() < query.len() {
        start.push('…');
    }
    start
}

/// Parses a query typed by a person. A query over one of the limits above is an error that
/// names the limit (the work and memory a query takes stay bounded, and nothing overflows).
pub fn parse(query: &str) -> Result<Node, QueryError> {
    let chars = query.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(QueryError::new(
            &start_of(query),
            format!("the query is {chars} characters long, at most {MAX_QUERY_CHARS} are read"),
            None,
        ));
    }
    let tokens = lex(query);
    if tokens.is_empty() {
        return Err(QueryError::new(query, "the query is empty", None));
    }
    // Parentheses nested too deep are said as such, before they are counted as terms.
    let mut depth = 0usize;
    for t in &tokens {
        match t.kind {
            Kind::Open => depth += 1,
            Kind::Close => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > MAX_NESTING {
            return Err(QueryError::new(
                &start_of(query),
                format!("parentheses nest more than {MAX_NESTING} deep"),
                Some(t.column),
            ));
        }
    }
    if tokens.len() > MAX_QUERY_TERMS {
        return Err(QueryError::new(
            &start_of(query),
            format!(
                "the query has {} terms (words, phrases, operators, parentheses), at most {MAX_QUERY_TERMS} are read",
                tokens.len()
            ),
            None,
        ));
    }
    let mut p = Parser {
        query,
        tokens,
        pos: 0,
        dangling: None,
        depth: 0,
    };
    let node = p.parse_or()?;
    let node = simplify(node);
    match &node {
        Some(n) if has_positive(n) => Ok(n.clone()),
        Some(_) => Err(QueryError::new(
            query,
            "every word is excluded: add a word to search for",
            None,
        )),
        None => match p.dangling {
            Some((op, column)) => Err(QueryError::new(
                query,
                format!("`{op}` needs a word on each side"),
                Some(column),
            )),
            None => Err(QueryError::new(
                query,
                "the query has nothing to search for",
                None,
            )),
        },
    }
}

struct Parser<'q> {
    query: &'q str,
    tokens: Vec<Token>,
    pos: usize,
    /// The first operator that had nothing to apply to (reported if nothing else remains).
    dangling: Option<(&'static str, usize)>,
    /// Parentheses open around the current position.
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn note_dangling(&mut self, op: &'static str, column: usize) {
        self.dangling.get_or_insert((op, column));
    }

    fn parse_or(&mut self) -> Result<Node, QueryError> {
        let mut alternatives = vec![self.parse_seq()?];
        while let Some(t) = self.peek() {
            if t.kind != Kind::Or {
                break;
            }
            let column = t.column;
            self.pos += 1;
            let next = self.parse_seq()?;
            if is_empty(&next) || alternatives.last().is_some_and(is_empty) {
                self.note_dangling("OR", column);
            }
            alternatives.push(next);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.pop().expect("one")
        } else {
            Node::Or(alternatives)
        })
    }

    fn parse_seq(&mut self) -> Result<Node, QueryError> {
        let mut clauses: Vec<Clause> = Vec::new();
        let mut pending_and: Option<usize> = None;
        let mut pending_not: Option<usize> = None;
        while let Some(t) = self.peek().cloned() {
            match t.kind {
                Kind::Or => break,
                Kind::Close => {
                    // A closing parenthesis ends a group; an unmatched one is ignored at the top.
                    break;
                }
                Kind::And => {
                    self.pos += 1;
                    match clauses.last_mut() {
                        Some(last) if pending_and.is_none() => {
                            if last.occur == Occur::Default {
                                last.occur = Occur::Must;
                            }
                            pending_and = Some(t.column);
                        }
                        _ => self.note_dangling("AND", t.column),
                    }
                }
                Kind::Not => {
                    self.pos += 1;
                    pending_not = Some(t.column);
                }
                _ => {
                    let mut occur = match t.modifier {
                        Modifier::None => Occur::Default,
                        Modifier::Plus => Occur::Must,
                        Modifier::Minus => Occur::MustNot,
                    };
                    if pending_not.take().is_some() {
                        occur = Occur::MustNot;
                    } else if pending_and.take().is_some() && occur == Occur::Default {
                        occur = Occur::Must;
                    }
                    let node = if t.kind == Kind::Open {
                        self.pos += 1;
                        self.depth += 1;
                        if self.depth > MAX_NESTING {
                            return Err(QueryError::new(
                                &start_of(self.query),
                                format!("parentheses nest more than {MAX_NESTING} deep"),
                                Some(t.column),
                            ));
                        }
                        let inner = self.parse_or()?;
                        self.depth -= 1;
                        if self.peek().is_some_and(|t| t.kind == Kind::Close) {
                            self.pos += 1;
                        }
                        inner
                    } else {
                        self.pos += 1;
                        Node::Leaf(self.leaf(&t.kind, t.column)?)
                    };
                    clauses.push(Clause { occur, node });
                }
            }
        }
        if let Some(column) = pending_and {
            self.note_dangling("AND", column);
        }
        if let Some(column) = pending_not {
            self.note_dangling("NOT", column);
        }
        Ok(Node::Seq(clauses))
    }

    fn leaf(&self, kind: &Kind, column: usize) -> Result<Leaf, QueryError> {
        Ok(match kind {
            Kind::Word(w)
                if w.starts_with('=') && w.split_whitespace().count() > MAX_PHRASE_WORDS =>
            {
                return Err(QueryError::new(
                    &start_of(self.query),
                    format!(
                        "a phrase of {} words, at most {MAX_PHRASE_WORDS} are read",
                        w.split_whitespace().count()
                    ),
                    Some(column),
                ));
            }
            Kind::Word(w) => {
                if let Some(problem) = unsupported(w) {
                    return Err(QueryError::new(self.query, problem, Some(column)));
                }
                word_leaf(w)
            }
            Kind::Phrase { text, slop, closed } => {
                // A stray quote at the end of pasted text (`gilets jaunes"`) is read as a
                // person means it: nothing; only a query of quotes alone is an error.
                if text.trim().is_empty() && !closed && !self.query.contains(char::is_alphanumeric)
                {
                    return Err(QueryError::new(
                        self.query,
                        "a quote opens a phrase but nothing follows",
                        Some(column),
                    ));
                }
                let words = text.split_whitespace().count();
                if words > MAX_PHRASE_WORDS {
                    return Err(QueryError::new(
                        &start_of(self.query),
                        format!("a phrase of {words} words, at most {MAX_PHRASE_WORDS} are read"),
                        Some(column),
                    ));
                }
                Leaf::Phrase {
                    text: text.clone(),
                    slop: slop.unwrap_or(0),
                }
            }
            Kind::Field { name, value } => self.field(name, value.as_deref(), column)?,
            Kind::Open | Kind::Close | Kind::And | Kind::Or | Kind::Not => {
                unreachable!("operators are handled by the parser")
            }
        })
    }

    fn field(&self, name: &str, value: Option<&Kind>, column: usize) -> Result<Leaf, QueryError> {
        let text = match value {
            Some(Kind::Word(w)) => w.clone(),
            Some(Kind::Phrase { text, .. }) => text.clone(),
            _ => String::new(),
        };
        if text.trim().is_empty() {
            return Err(QueryError::new(
                self.query,
                format!("`{name}:` needs a value, as in `{}`", example(name)),
                Some(column),
            ));
        }
        Ok(match name {
            "source" => Leaf::Source(text.trim().to_string()),
            "date" => Leaf::Date(parse_date_range(&text).ok_or_else(|| {
                QueryError::new(
                    self.query,
                    format!("bad date `{text}` in `date:`: use YYYY, YYYY-MM, YYYY-MM-DD or DD/MM/YYYY, or a range like 2019..2020"),
                    Some(column),
                )
            })?),
            _ => match value {
                Some(Kind::Phrase { text, slop, .. }) => {
                    Leaf::Title(Box::new(Leaf::Phrase { text: text.clone(), slop: slop.unwrap_or(0) }))
                }
                _ => Leaf::Title(Box::new(word_leaf(&text))),
            },
        })
    }
}

fn example(field: &str) -> &'static str {
    match field {
        "source" => "source:AFP",
        "date" => "date:2019..2020",
        _ => "title:Karabakh",
    }
}

/// What a word asks that the query language does not do: a regular expression (`/…/`) or
/// a `*` elsewhere than at the end of a word (`mani*tion`, `*tion`).
fn unsupported(w: &str) -> Option<String> {
    let body = w.trim_start_matches(['=', '+', '-']);
    if body.len() > 2 && body.starts_with('/') && body.ends_with('/') {
        return Some(format!(
            "`{w}`: regular expressions are not supported; use `prefix*`, `mot~` or a phrase"
        ));
    }
    let inner = body.trim_end_matches('*');
    if inner.contains('*') && inner.chars().any(char::is_alphanumeric) {
        return Some(format!(
            "`{w}`: `*` is read only at the end of a word (`négoci*`), not inside or before it"
        ));
    }
    None
}

/// Reads `=mot`, `prefix*`, `mot~` and `mot~N`; anything else is a plain word.
fn word_leaf(w: &str) -> Leaf {
    if let Some(rest) = w.strip_prefix('=') {
        if !rest.is_empty() {
            return Leaf::Exact(rest.to_string());
        }
    }
    if let Some(rest) = w.strip_suffix('*') {
        if rest.chars().any(char::is_alphanumeric) {
            return Leaf::Prefix(rest.to_string());
        }
    }
    if let Some((rest, n)) = w.rsplit_once('~') {
        if rest.chars().any(char::is_alphanumeric)
            && (n.is_empty() || n.bytes().all(|b| b.is_ascii_digit()))
        {
            let distance = n.parse::<u8>().ok().map(|d| d.min(2));
            return Leaf::Fuzzy {
                text: rest.to_string(),
                distance,
            };
        }
    }
    Leaf::Word(w.to_string())
}

/// Parses `2019`, `2019-09..2020`, `..2020-06-30`, `2019..`.
pub(crate) fn parse_date_range(s: &str) -> Option<DateRange> {
    let s = s.trim();
    let (from, to) = match s.split_once("..") {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (s, s),
    };
    if from.is_empty() && to.is_empty() {
        return None;
    }
    let from = if from.is_empty() {
        None
    } else {
        Some(DateBound::parse(from)?.first_day())
    };
    let to = if to.is_empty() {
        None
    } else {
        Some(DateBound::parse(to)?.last_day())
    };
    Some(DateRange { from, to })
}

fn is_empty(node: &Node) -> bool {
    match node {
        Node::Seq(c) => c.iter().all(|c| is_empty(&c.node)),
        Node::Or(n) => n.iter().all(is_empty),
        Node::Leaf(_) => false,
    }
}

/// Removes empty groups and unwraps single-clause groups.
fn simplify(node: Node) -> Option<Node> {
    match node {
        Node::Leaf(l) => Some(Node::Leaf(l)),
        Node::Or(nodes) => {
            let mut nodes: Vec<Node> = nodes.into_iter().filter_map(simplify).collect();
            match nodes.len() {
                0 => None,
                1 => nodes.pop(),
                _ => Some(Node::Or(nodes)),
            }
        }
        Node::Seq(clauses) => {
            let clauses: Vec<Clause> = clauses
                .into_iter()
                .filter_map(|c| {
                    simplify(c.node).map(|node| Clause {
                        occur: c.occur,
                        node,
                    })
                })
                .collect();
            if clauses.is_empty() {
                None
            } else {
                Some(Node::Seq(clauses))
            }
        }
    }
}

fn has_positive(node: &Node) -> bool {
    match node {
        Node::Leaf(_) => true,
        Node::Or(n) => n.iter().any(has_positive),
        Node::Seq(c) => c
            .iter()
            .any(|c| c.occur != Occur::MustNot && has_positive(&c.node)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(l: Leaf) -> Node {
        Node::Leaf(l)
    }
    fn w(s: &str) -> Leaf {
        Leaf::Word(s.into())
    }
    fn seq(c: Vec<(Occur, Node)>) -> Node {
        Node::Seq(
            c.into_iter()
                .map(|(occur, node)| Clause { occur, node })
                .collect(),
        )
    }

    #[test]
    fn accepted() {
        use Occur::*;
        let table: Vec<(&str, Node)> = vec![
            (
                "cessez-le-feu",
                seq(vec![(Default, leaf(w("cessez-le-feu")))]),
            ),
            (
                "cessez-le-feu -Russie",
                seq(vec![
                    (Default, leaf(w("cessez-le-feu"))),
                    (MustNot, leaf(w("Russie"))),
                ]),
            ),
            (
                "a AND b",
                seq(vec![(Must, leaf(w("a"))), (Must, leaf(w("b")))]),
            ),
            (
                "a NOT b",
                seq(vec![(Default, leaf(w("a"))), (MustNot, leaf(w("b")))]),
            ),
            (
                "(Stepanakert OR Khankendi) AND bombardement*",
                seq(vec![
                    (
                        Must,
                        Node::Or(vec![
                            seq(vec![(Default, leaf(w("Stepanakert")))]),
                            seq(vec![(Default, leaf(w("Khankendi")))]),
                        ]),
                    ),
                    (Must, leaf(Leaf::Prefix("bombardement".into()))),
                ]),
            ),
            (
                "Karabakh~",
                seq(vec![(
                    Default,
                    leaf(Leaf::Fuzzy {
                        text: "Karabakh".into(),
                        distance: None,
                    }),
                )]),
            ),
            (
                "=Stepanakert",
                seq(vec![(Default, leaf(Leaf::Exact("Stepanakert".into())))]),
            ),
            (
                "\"cessez le feu\"~3",
                seq(vec![(
                    Default,
                    leaf(Leaf::Phrase {
                        text: "cessez le feu".into(),
                        slop: 3,
                    }),
                )]),
            ),
            ("Mali AND", seq(vec![(Must, leaf(w("Mali")))])),
            (
                "(Stepanakert",
                seq(vec![(
                    Default,
                    seq(vec![(Default, leaf(w("Stepanakert")))]),
                )]),
            ),
            ("Stepanakert)", seq(vec![(Default, leaf(w("Stepanakert")))])),
        ];
        for (q, want) in table {
            assert_eq!(parse(q).unwrap(), want, "{q}");
        }
    }

    #[test]
    fn rejected_with_a_message() {
        for (q, msg) in [
            ("", "the query is empty"),
            ("   ", "the query is empty"),
            ("AND", "`AND` needs a word on each side"),
            ("OR", "`OR` needs a word on each side"),
            ("title:", "`title:` needs a value"),
            ("\"", "a quote opens a phrase but nothing follows"),
            ("date:2019-13", "bad date `2019-13`"),
            ("-Russie", "every word is excluded"),
        ] {
            let err = parse(q).unwrap_err();
            assert!(err.to_string().contains(msg), "{q:?}: {err}");
        }
    }

    #[test]
    fn date_ranges() {
        let r = parse_date_range("2019..2020").unwrap();
        assert_eq!(r.from.unwrap().to_string(), "2019-01-01");
        assert_eq!(r.to.unwrap().to_string(), "2020-12-31");
        let r = parse_date_range("..2020-06").unwrap();
        assert!(r.from.is_none());
        assert_eq!(r.to.unwrap().to_string(), "2020-06-30");
        assert!(parse_date_range("..").is_none());
    }
}
