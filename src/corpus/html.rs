//! The `.html` / `.htm` reader: one article per page, extracted with a real HTML parser.
//!
//! Title from `og:title`, else the first `<h1>`, else `<title>`; date from
//! `article:published_time`, else the first `<time datetime>` (or its text); source from
//! `og:site_name`; URL from `<link rel=canonical>` or `og:url`; text from the `<p>` elements
//! (those of `<article>` when there is one), one paragraph each, leaving out navigation,
//! headers, footers, asides, forms, scripts and styles.
//!
//! Work is linear in the size of the page: elements nested deeper than [`MAX_DEPTH`] are
//! read as their text only (html5ever's tree builder walks the stack of open elements on
//! each tag, so 200,000 nested `<div>`s took minutes), and the elements to leave out are
//! found in one walk down the tree.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::BufRead;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::TokenizerResult;
use scraper::{ElementRef, Html, HtmlTreeSink, Node, Selector};

use super::article::{Article, Date};
use super::limits::{self, MAX_ARTICLE_BYTES, MAX_RECORD_BYTES};
use super::walk::{io_reason, InputError, Item};

/// Elements whose text is never article text.
const DROPPED: [&str; 9] = [
    "nav", "header", "footer", "aside", "form", "script", "style", "noscript", "template",
];

/// Reads an HTML page's UTF-8 stream as one article with id `doc_id`.
pub fn read_html(
    reader: &mut dyn BufRead,
    display: &str,
    doc_id: String,
    sink: &mut dyn FnMut(Item),
) {
    let source = match limits::read_to_end(reader, MAX_RECORD_BYTES) {
        Ok(Some(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
        Ok(None) => {
            let reason = limits::record_too_long("page");
            sink(Item::Problem(InputError::file(display, reason)));
            return;
        }
        Err(err) => {
            sink(Item::Problem(InputError::file(display, io_reason(&err))));
            return;
        }
    };
    let page = parse(&source);
    drop(source);
    let text = paragraphs(&page);
    if text.is_empty() {
        sink(Item::Problem(InputError::file(
            display,
            "no paragraph text (<p>) in the page",
        )));
        return;
    }
    if text.len() > MAX_ARTICLE_BYTES {
        sink(Item::Problem(InputError::file(
            display,
            limits::article_too_long(),
        )));
        return;
    }
    let title = meta(&page, "og:title")
        .or_else(|| first_text(&page, "h1"))
        .or_else(|| first_text(&page, "title"));
    let date_text = meta(&page, "article:published_time")
        .or_else(|| attr(&page, "time[datetime]", "datetime"))
        .or_else(|| first_text(&page, "time"));
    let date = date_text
        .as_deref()
        .and_then(Date::parse)
        .filter(|d| d.indexable());
    if let (Some(raw), None) = (&date_text, date) {
        let reason = format!("date {raw:?} not understood, ignored");
        sink(Item::Warning(InputError::file(display, reason)));
    }
    sink(Item::Article(Article {
        doc_id,
        path: display.to_string(),
        title,
        date,
        source: meta(&page, "og:site_name"),
        url: attr(&page, "link[rel=canonical]", "href").or_else(|| meta(&page, "og:url")),
        text,
        line: None,
    }));
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("a valid built-in selector")
}

/// The content of `<meta property=NAME>` (or `name=NAME`), when not blank.
fn meta(page: &Html, name: &str) -> Option<String> {
    attr(page, &format!("meta[property=\"{name}\"]"), "content")
        .or_else(|| attr(page, &format!("meta[name=\"{name}\"]"), "content"))
}

fn attr(page: &Html, css: &str, name: &str) -> Option<String> {
    page.select(&selector(css))
        .filter_map(|e| e.value().attr(name))
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
}

fn first_text(page: &Html, css: &str) -> Option<String> {
    page.select(&selector(css))
        .map(|e| clean_text(e))
        .find(|t| !t.is_empty())
}

/// The article text: its paragraphs, separated by blank lines. One walk down the tree tells
/// each `<p>` whether it is inside an `<article>` and inside an element left out.
fn paragraphs(page: &Html) -> String {
    let mut all = Vec::new();
    let mut in_article = Vec::new();
    let mut stack = vec![(page.tree.root(), false, false)];
    while let Some((node, dropped, article)) = stack.pop() {
        let (mut dropped_below, mut article_below) = (dropped, article);
        if let Some(element) = ElementRef::wrap(node) {
            let name = element.value().name();
            if name == "p" {
                all.push((element, dropped));
                if article {
                    in_article.push((element, dropped));
                }
            }
            dropped_below |= DROPPED.contains(&name);
            article_below |= name == "article";
        }
        for child in node.children().rev() {
            stack.push((child, dropped_below, article_below));
        }
    }
    let chosen = if in_article.is_empty() {
        all
    } else {
        in_article
    };
    let kept: Vec<String> = chosen
        .into_iter()
        .filter(|(_, dropped)| !dropped)
        .map(|(p, _)| clean_text(p))
        .filter(|t| !t.is_empty())
        .collect();
    kept.join("\n\n")
}

/// The text of an element without that of dropped children, whitespace collapsed.
fn clean_text(element: ElementRef) -> String {
    let mut out = String::new();
    let mut stack: Vec<_> = element.children().rev().collect();
    while let Some(node) = stack.pop() {
        match node.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(e) if DROPPED.contains(&e.name()) => {}
            _ => stack.extend(node.children().rev()),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The deepest nesting of elements passed to the tree builder (Chromium's parser stops at
/// the same depth, `kMaximumHTMLParserDOMTreeDepth`); deeper tags are left out, their text
/// kept.
pub const MAX_DEPTH: usize = 512;

/// Parses a page as [`Html::parse_document`] does, through [`Capped`].
fn parse(source: &str) -> Html {
    let builder = TreeBuilder::new(
        HtmlTreeSink::new(Html::new_document()),
        TreeBuilderOpts::default(),
    );
    let tokenizer = Tokenizer::new(Capped::new(builder), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(source));
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.inner.sink.finish()
}

/// Formatting elements: never passed on. Their text is all the reader wants, and the tree
/// builder's list of active formatting elements (reopened after each block) is a way to
/// nest deeper than the tags say.
const FORMATTING: [&str; 14] = [
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// Elements that close one another rather than nest (`<p>a<p>b`), and those always open
/// (`html`, `head`, `body`): not counted.
const NOT_NESTING: [&str; 16] = [
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "rb", "rt", "rp", "rtc", "html",
    "head", "body",
];

/// Elements without content.
const VOID: [&str; 17] = [
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track",
];

/// Elements whose content is text to the tokenizer: always passed on (the tree builder
/// switches the tokenizer's state for them; they cannot nest).
const RAW: [&str; 10] = [
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Elements an end tag does not reach past (`</div>` in a `<table>` is ignored).
const BARRIERS: [&str; 8] = [
    "applet", "caption", "marquee", "object", "table", "template", "svg", "math",
];

/// A token sink in front of html5ever's tree builder that keeps a model of its stack of open
/// elements (never shallower than the real one) and leaves out the start tags, and their
/// end tags, past [`MAX_DEPTH`].
struct Capped<S> {
    inner: S,
    open: RefCell<Vec<String>>,
    /// Start tags left out, by name, whose end tags are left out too.
    left_out: RefCell<HashMap<String, usize>>,
}

impl<S> Capped<S> {
    fn new(inner: S) -> Self {
        Capped {
            inner,
            open: RefCell::new(Vec::new()),
            left_out: RefCell::new(HashMap::new()),
        }
    }

    /// Whether to pass the tag on, updating the model.
    fn pass(&self, kind: TagKind, name: &str, self_closing: bool) -> bool {
        if FORMATTING.contains(&name) {
            return false;
        }
        if NOT_NESTING.contains(&name) || VOID.contains(&name) {
            return true;
        }
        let mut open = self.open.borrow_mut();
        match kind {
            TagKind::StartTag => {
                // `<div/>` opens a div in HTML; `<path/>` in SVG opens nothing.
                let foreign = open.iter().any(|n| n == "svg" || n == "math");
                if self_closing && foreign {
                    return true;
                }
                if open.len() >= MAX_DEPTH && !RAW.contains(&name) {
                    *self
                        .left_out
                        .borrow_mut()
                        .entry(name.to_string())
                        .or_default() += 1;
                    return false;
                }
                open.push(name.to_string());
                true
            }
            TagKind::EndTag => {
                if let Some(n) = self.left_out.borrow_mut().get_mut(name).filter(|n| **n > 0) {
                    *n -= 1;
                    return false;
                }
                let reach = open
                    .iter()
                    .rposition(|n| BARRIERS.contains(&n.as_str()))
                    .unwrap_or(0);
                if let Some(at) = open[reach..].iter().rposition(|n| n == name) {
                    open.truncate(reach + at);
                }
                true
            }
        }
    }
}

impl<S: TokenSink> TokenSink for Capped<S> {
    type Handle = S::Handle;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<S::Handle> {
        if let Token::TagToken(tag) = &token {
            if !self.pass(tag.kind, &tag.name, tag.self_closing) {
                return TokenSinkResult::Continue;
            }
        }
        self.inner.process_token(token, line)
    }

    fn end(&self) {
        self.inner.end()
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(html: &str) -> Vec<Item> {
        let mut items = Vec::new();
        let mut reader = html.as_bytes();
        read_html(&mut reader, "p.html", "p".into(), &mut |i| items.push(i));
        items
    }

    #[test]
    fn extracts_metadata_and_paragraphs() {
        let items = run(r#"<!doctype html><html><head><title>Titre - Journal</title>
            <meta property="og:title" content="Le vrai titre">
            <meta property="article:published_time" content="2023-09-20T13:00:00+04:00">
            <meta property="og:site_name" content="Journal">
            <link rel="canonical" href="https://j.fr/a"><style>p { color: red }</style></head>
            <body><nav><p>Accueil Politique</p></nav><header><p>Se connecter</p></header>
            <article><h1>Le vrai titre</h1><p>Premier   paragraphe,
            avec <b>gras</b>.<script>track()</script></p><p>  </p><p>Second&nbsp;paragraphe.</p></article>
            <footer><p>Mentions légales</p></footer><script>var x = "<p>non</p>";</script></body></html>"#);
        let [Item::Article(a)] = &items[..] else {
            panic!("{items:?}")
        };
        assert_eq!(a.title.as_deref(), Some("Le vrai titre"));
        assert_eq!(a.date, Date::new(2023, 9, 20));
        assert_eq!(a.source.as_deref(), Some("Journal"));
        assert_eq!(a.url.as_deref(), Some("https://j.fr/a"));
        assert_eq!(
            a.text,
            "Premier paragraphe, avec gras.\n\nSecond paragraphe."
        );
    }

    #[test]
    fn fallbacks_and_bad_date() {
        let items = run("<title> Page </title><time>20 septembre 2023</time><p>Texte.</p>");
        let [Item::Article(a)] = &items[..] else {
            panic!("{items:?}")
        };
        assert_eq!(a.title.as_deref(), Some("Page"));
        assert_eq!(a.date, Date::new(2023, 9, 20));
        let items = run("<h1>H</h1><time datetime=\"bientôt\"></time><p>Texte.</p>");
        assert!(
            matches!(&items[0], Item::Warning(w) if w.reason.contains("bientôt")),
            "{items:?}"
        );
        assert!(matches!(&items[1], Item::Article(a) if a.title.as_deref() == Some("H")));
        let items = run("<html><body><div>rien</div></body></html>");
        assert!(matches!(&items[..], [Item::Problem(p)] if p.reason.contains("no paragraph")));
    }
}
