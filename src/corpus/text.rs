//! The `.txt` / `.md` reader: one article per file, the whole file as its text.

use std::path::Path;

use super::article::Article;
use super::walk::{io_reason, InputError, Item};

/// Decodes file bytes as UTF-8 with a leading BOM removed. Invalid sequences are replaced
/// (U+FFFD); the byte offset of the first one is returned alongside.
pub fn decode_utf8(mut bytes: Vec<u8>) -> (String, Option<usize>) {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            (
                String::from_utf8_lossy(err.as_bytes()).into_owned(),
                Some(at),
            )
        }
    }
}

/// Builds the article of a text file from its bytes, passing to `sink` a warning for invalid
/// UTF-8 (then the article), or a problem for an empty file.
pub fn text_article(bytes: Vec<u8>, display: &str, doc_id: String, sink: &mut dyn FnMut(Item)) {
    let (text, invalid_at) = decode_utf8(bytes);
    if text.trim().is_empty() {
        sink(Item::Problem(InputError::file(display, "empty file")));
        return;
    }
    if let Some(at) = invalid_at {
        let reason = format!("invalid utf-8 at byte {at}, decoded with replacement characters");
        sink(Item::Warning(InputError::file(display, reason)));
    }
    sink(Item::Article(Article {
        doc_id,
        path: display.to_string(),
        title: None,
        date: None,
        source: None,
        url: None,
        text,
    }))
}

/// Reads the text file at `path` (shown as `display`) as one article with id `doc_id`,
/// passing items to `sink`. Returns the number of bytes read.
pub fn read_text_file(
    path: &Path,
    display: &str,
    doc_id: String,
    sink: &mut dyn FnMut(Item),
) -> u64 {
    match std::fs::read(path) {
        Ok(bytes) => {
            let len = bytes.len() as u64;
            text_article(bytes, display, doc_id, sink);
            len
        }
        Err(err) => {
            sink(Item::Problem(InputError::file(display, io_reason(&err))));
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(bytes: &[u8]) -> Vec<Item> {
        let mut items = Vec::new();
        text_article(bytes.to_vec(), "c/a.txt", "a".into(), &mut |i| {
            items.push(i)
        });
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
            })]
        );
    }

    #[test]
    fn bom_is_removed() {
        let items = run(b"\xEF\xBB\xBFBonjour");
        assert_eq!(article_text(&items[0]), "Bonjour");
    }

    #[test]
    fn invalid_utf8_warns_and_keeps_article() {
        let items = run(b"caf\xE9 cr\xC3\xA8me");
        assert_eq!(items.len(), 2);
        assert_eq!(
            items[0],
            Item::Warning(InputError::file(
                "c/a.txt",
                "invalid utf-8 at byte 3, decoded with replacement characters"
            ))
        );
        assert_eq!(article_text(&items[1]), "caf\u{FFFD} crème");
    }

    #[test]
    fn empty_files_are_problems() {
        for bytes in [
            &b""[..],
            b"  \n\t\r\n",
            b"\xEF\xBB\xBF\n",
            "\u{a0}\n".as_bytes(),
        ] {
            assert_eq!(
                run(bytes),
                [Item::Problem(InputError::file("c/a.txt", "empty file"))],
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn unreadable_file_is_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        let mut items = Vec::new();
        let n = read_text_file(&dir.path().join("x.txt"), "x.txt", "x".into(), &mut |i| {
            items.push(i)
        });
        assert_eq!(n, 0);
        assert_eq!(
            items,
            [Item::Problem(InputError::file(
                "x.txt",
                "no such file or directory"
            ))]
        );
    }

    #[cfg(unix)]
    #[test]
    fn permission_denied_is_a_problem() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret.txt");
        std::fs::write(&path, "texte").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&path).is_ok() {
            return; // running as root: permissions are not enforced
        }
        let mut items = Vec::new();
        read_text_file(&path, "secret.txt", "secret".into(), &mut |i| items.push(i));
        assert_eq!(
            items,
            [Item::Problem(InputError::file(
                "secret.txt",
                "permission denied"
            ))]
        );
    }
}
