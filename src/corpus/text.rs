//! The `.txt` / `.md` reader: one article per file, the whole file as its text.

use std::io::BufRead;

use super::article::Article;
use super::limits::{self, MAX_ARTICLE_BYTES};
use super::walk::{io_reason, InputError, Item};

/// Reads a text file's UTF-8 stream (see [`super::decode`]) as one article with id `doc_id`,
/// passing to `sink` the article, or a problem for an empty or unreadable file, or one over
/// [`MAX_ARTICLE_BYTES`] (read no further).
pub fn read_text(
    reader: &mut dyn BufRead,
    display: &str,
    doc_id: String,
    sink: &mut dyn FnMut(Item),
) {
    let bytes = match limits::read_to_end(reader, MAX_ARTICLE_BYTES) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            sink(Item::Problem(InputError::file(
                display,
                limits::article_too_long(),
            )));
            return;
        }
        Err(err) => {
            sink(Item::Problem(InputError::file(display, io_reason(&err))));
            return;
        }
    };
    // The decoder gives UTF-8; a lossy conversion keeps that promise if it ever did not.
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    if text.trim().is_empty() {
        sink(Item::Problem(InputError::file(display, "empty file")));
        return;
    }
    sink(Item::Article(Article {
        doc_id,
        path: display.to_string(),
        title: None,
        date: None,
        source: None,
        url: None,
        text,
        line: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::decode;

    fn run(bytes: &[u8]) -> Vec<Item> {
        let mut items = Vec::new();
        let mut d = decode::from_reader(Box::new(std::io::Cursor::new(bytes.to_vec())))
            .ok()
            .unwrap();
        read_text(&mut d.reader, "c/a.txt", "a".into(), &mut |i| items.push(i));
        items
    }

    fn article_text(item: &Item) -> &str {
        match item {
            Item::Article(a) => &a.text,
            other => panic!("expected an article, got {other:?}"),
        }
    }

    #[test]
    fn plain_file_is_one_article() {
        let items = run("Le Haut-Karabakh.\n\nSuite.".as_bytes());
        assert_eq!(
            items,
            [Item::Article(Article {
                doc_id: "a".into(),
                path: "c/a.txt".into(),
                title: None,
                date: None,
                source: None,
                url: None,
                text: "Le Haut-Karabakh.\n\nSuite.".into(),
                line: None,
            })]
        );
    }

    #[test]
    fn bom_is_removed() {
        let items = run(b"\xEF\xBB\xBFBonjour");
        assert_eq!(article_text(&items[0]), "Bonjour");
    }

    #[test]
    fn a_text_over_the_limit_is_a_problem() {
        let items = run("a".repeat(MAX_ARTICLE_BYTES + 1).as_bytes());
        assert_eq!(
            items,
            [Item::Problem(InputError::file(
                "c/a.txt",
                limits::article_too_long()
            ))]
        );
    }

    #[test]
    fn empty_files_are_problems() {
        for bytes in [&b"  \n\t\r\n"[..], b"\xEF\xBB\xBF\n", "\u{a0}\n".as_bytes()] {
            assert_eq!(
                run(bytes),
                [Item::Problem(InputError::file("c/a.txt", "empty file"))],
                "{bytes:?}"
            );
        }
    }
}
