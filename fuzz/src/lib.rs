//! Shared by the fuzz targets: feeding bytes to the readers through `search index`'s own
//! entry point, and a tiny index built once for the query target.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use search::corpus::{read_corpus, Item};

mod query_check;
pub use query_check::check_query;

/// A folder for this process's inputs: in /dev/shm when it exists (no disk writes).
fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let mut builder = tempfile::Builder::new();
        builder.prefix("search-fuzz-");
        let dir = if Path::new("/dev/shm").is_dir() {
            builder.tempdir_in("/dev/shm")
        } else {
            builder.tempdir()
        }
        .expect("a scratch folder");
        dir.keep()
    })
}

/// Writes `data` to a file named `input.{ext}` and reads it with [`read_corpus`], as
/// `search index input.{ext}` does. Checks what can be checked without an oracle: each item
/// displays, the summary counts what was yielded, and articles are not empty.
pub fn read_as(ext: &str, data: &[u8]) {
    let path = scratch().join(format!("input.{ext}"));
    std::fs::write(&path, data).expect("write the input");
    let (mut articles, mut problems, mut warnings) = (0, 0, 0);
    let summary = read_corpus(std::slice::from_ref(&path), &mut |item| match &item {
        Item::Article(a) => {
            articles += 1;
            let _ = format!("{a:?}");
        }
        Item::Problem(p) => {
            problems += 1;
            let _ = p.to_string();
        }
        Item::Warning(w) => {
            warnings += 1;
            let _ = w.to_string();
        }
        Item::Info(i) => {
            let _ = i.to_string();
        }
    });
    assert_eq!(summary.articles, articles);
    assert_eq!(summary.problems, problems);
    assert_eq!(summary.warnings, warnings);
    assert_eq!(summary.files, 1);
}

/// A tiny index, built once per process: the repository's two sample articles, a few dated
/// articles from two sources with titles, and 3,000 made-up words sharing prefixes, so that
/// prefixes, fuzzy words and variants reach the expansion limits.
pub fn index() -> &'static search::SearchIndex {
    static INDEX: OnceLock<search::SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let root = scratch().join("index-corpus");
        std::fs::create_dir_all(&root).expect("corpus folder");
        let samples = [
            include_str!("../../corpus/000_cbd53b12c595d70f.txt"),
            include_str!("../../corpus/003_3de4f72bbc61e18b.txt"),
        ];
        for (i, text) in samples.iter().enumerate() {
            std::fs::write(root.join(format!("sample{i}.txt")), text).expect("write sample");
        }
        let mut jsonl = String::new();
        let lines = [
            ("AFP", "2019-11-10", "Cessez-le-feu au Haut-Karabakh", "Un cessez-le-feu a été conclu à Stepanakert. L'armée russe déploie des soldats.\n\nLes négociations ont repris à Moscou ; la Russie négocie."),
            ("Le Monde", "2020-07-02", "Retraites : la réforme", "Macron défend la réforme des retraites. Les gilets jaunes manifestent.\n\n« Nous ne céderons pas », dit le Premier ministre."),
            ("AFP", "1999-01-01", "L'été", "L'été dernier, la région a été dévastée par les émeutes. Aujourd'hui, c'est-à-dire hier."),
        ];
        for (source, date, title, text) in lines {
            jsonl.push_str(&format!(
                "{{\"source\":{source:?},\"date\":{date:?},\"title\":{title:?},\"text\":{text:?}}}\n"
            ));
        }
        std::fs::write(root.join("articles.jsonl"), jsonl).expect("write jsonl");
        let letters = ["a", "b", "c", "d", "e", "é", "i", "o", "u", "t", "r", "s", "n", "l", "m"];
        let mut words = String::new();
        let mut n = 0;
        'outer: for a in letters {
            for b in letters {
                for c in letters {
                    words.push_str(&format!("ma{a}{b}{c}tion "));
                    n += 1;
                    if n % 12 == 0 {
                        words.push('\n');
                    }
                    if n >= 3000 {
                        break 'outer;
                    }
                }
            }
        }
        std::fs::write(root.join("words.txt"), words).expect("write words");
        let dir = scratch().join("index");
        search::build_index(
            &[root],
            &dir,
            &search::BuildOptions::default(),
            &mut |_, _| {},
        )
        .expect("build the fuzz index");
        search::SearchIndex::open(&dir).expect("open the fuzz index")
    })
}
