//! The `.html` / `.htm` reader: one article per page, extracted with a real HTML parser.
//!
//! Title from `og:title`, else the first `<h1>`, else `<title>`; date from
//! `article:published_time`, else the first `<time datetime>` (or its text); source from
//! `og:site_name`; URL from `<link rel=canonical>` or `og:url`; text from the `<p>` elements
//! (those of `<article>` when there is one), one paragraph each, leaving out navigation,
//! headers, footers, asides, forms, scripts and styles.

use std::io::BufRead;

use scraper::{ElementRef, Html, Node, Selector};

use super::article::{Article, Date};
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
    let mut source = String::new();
    if let Err(err) = reader.read_to_string(&mut source) {
        sink(Item::Problem(InputError::file(display, io_reason(&err))));
        return;
    }
    let page = Html::parse_document(&source);
    let text = paragraphs(&page);
    if text.is_empty() {
        sink(Item::Problem(InputError::file(
            display,
            "no paragraph text (<p>) in the page",
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

/// The article text: its paragraphs, separated by blank lines.
fn paragraphs(page: &Html) -> String {
    let in_article = selector("article p");
    let all = selector("p");
    let chosen: Vec<ElementRef> = if page.select(&in_article).next().is_some() {
        page.select(&in_article).collect()
    } else {
        page.select(&all).collect()
    };
    let kept: Vec<String> = chosen
        .into_iter()
        .filter(|p| !p.ancestors().any(|a| is_dropped(a.value())))
        .map(clean_text)
        .filter(|t| !t.is_empty())
        .collect();
    kept.join("\n\n")
}

fn is_dropped(node: &Node) -> bool {
    node.as_element()
        .is_some_and(|e| DROPPED.contains(&e.name()))
}

/// The text of an element without that of dropped children, whitespace collapsed.
fn clean_text(element: ElementRef) -> String {
    let mut out = String::new();
    for node in element.descendants() {
        if let Node::Text(text) = node.value() {
            if node
                .ancestors()
                .take_while(|a| a.id() != element.id())
                .any(|a| is_dropped(a.value()))
            {
                continue;
            }
            out.push_str(text);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
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
