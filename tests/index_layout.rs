//! What the index stores once per article (title, id, file, url, date, source on the head
//! passage) still comes with every hit, through updates that delete, add and merge; reprints
//! are found through the duplicate table after updates; an index of an older layout asks to
//! be rebuilt.

mod common;

use std::fs;
use std::path::Path;

use common::{json_lines, run};

/// Writes `corpus/part{n}.jsonl` with articles `from..to`, each of four paragraphs that all
/// hold `commun`, the third also `troisième{i}`; `version` changes their titles.
fn write_part(dir: &Path, n: usize, from: usize, to: usize, version: &str) {
    let mut out = String::new();
    for i in from..to {
        let text = format!(
            "Premier paragraphe commun de l'article {i}, assez long.\n\nDeuxième paragraphe \
             commun, assez long pour être un passage.\n\nTroisième paragraphe commun, avec le \
             mot troisième{i} dedans.\n\nDernier paragraphe commun, assez long pour être un passage."
        );
        let line = serde_json::json!({
            "id": format!("a{i}"),
            "title": format!("Titre {version} {i}"),
            "date": format!("2023-09-{:02}", 1 + i % 28),
            "source": if i.is_multiple_of(2) { "AFP" } else { "Reuters" },
            "url": format!("https://example.org/{i}"),
            "text": text,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    fs::create_dir_all(dir.join("corpus")).unwrap();
    fs::write(dir.join(format!("corpus/part{n}.jsonl")), out).unwrap();
}

fn query(dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["query"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json", "--no-collapse"]);
    let out = run(dir, &all);
    let hits = json_lines(&out.stdout);
    let code = if hits.is_empty() { 1 } else { 0 };
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    hits
}

/// Every hit of `commun` names its own article's fields, whatever its passage.
fn check_every_hit(dir: &Path, articles: usize, titles: &dyn Fn(usize) -> String) {
    let hits = query(dir, &["commun", "--limit", "100000"]);
    assert_eq!(hits.len(), articles * 4);
    for h in &hits {
        let i: usize = h["doc_id"].as_str().unwrap()[1..].parse().unwrap();
        assert_eq!(h["title"], titles(i), "{h}");
        assert_eq!(h["date"], format!("2023-09-{:02}", 1 + i % 28), "{h}");
        assert_eq!(
            h["source"],
            if i.is_multiple_of(2) {
                "AFP"
            } else {
                "Reuters"
            }
        );
        assert_eq!(h["url"], format!("https://example.org/{i}"));
        // The file's absolute path (usable from any folder).
        let path = h["path"].as_str().unwrap();
        assert!(
            std::path::Path::new(path).is_absolute() && path.contains("/corpus/part"),
            "{path}"
        );
    }
}

#[test]
fn every_passage_shows_its_article_fields_through_updates() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_part(d, 0, 0, 120, "v1");
    write_part(d, 1, 120, 240, "v1");
    assert_eq!(run(d, &["index", "corpus"]).status.code(), Some(0));

    // A third-paragraph hit: passage 2, with the fields of its article and its neighbours.
    let hits = query(d, &["troisième57", "--context", "1"]);
    assert_eq!(hits.len(), 1);
    let h = &hits[0];
    assert_eq!(
        (&h["doc_id"], &h["passage"], &h["title"]),
        (&"a57".into(), &2.into(), &"Titre v1 57".into())
    );
    assert_eq!(
        (&h["date"], &h["source"]),
        (&"2023-09-02".into(), &"Reuters".into())
    );
    assert_eq!(h["url"], "https://example.org/57");
    let context: Vec<_> = h["context"].as_array().unwrap().iter().collect();
    assert_eq!(context.len(), 2, "{h}");
    assert_eq!(
        context[0]["text"],
        "Deuxième paragraphe commun, assez long pour être un passage."
    );
    check_every_hit(d, 240, &|i| format!("Titre v1 {i}"));

    // Change half the articles (deleted and added again), add more, remove some: several
    // segments with deletions, then merged.
    write_part(d, 1, 120, 240, "v2");
    write_part(d, 2, 240, 300, "v1");
    assert_eq!(run(d, &["index", "corpus"]).status.code(), Some(0));
    let title = |i: usize| {
        format!(
            "Titre {} {i}",
            if (120..240).contains(&i) { "v2" } else { "v1" }
        )
    };
    check_every_hit(d, 300, &title);
    write_part(d, 0, 0, 60, "v1");
    assert_eq!(run(d, &["index", "corpus"]).status.code(), Some(0));
    let hits = query(d, &["commun", "--limit", "100000"]);
    assert_eq!(hits.len(), 240 * 4);
    for h in &hits {
        let i: usize = h["doc_id"].as_str().unwrap()[1..].parse().unwrap();
        assert_eq!(h["title"], title(i), "{h}");
    }
    // Filters still hold on every passage.
    let afp = query(d, &["troisième181", "--source", "reuters"]);
    assert_eq!(afp.len(), 1);
    let none = query(d, &["troisième181", "--source", "afp"]);
    assert!(none.is_empty());
    let dated = query(
        d,
        &[
            "commun",
            "--from",
            "2023-09-05",
            "--to",
            "2023-09-05",
            "--limit",
            "1000",
        ],
    );
    assert!(!dated.is_empty());
    assert!(dated.iter().all(|h| h["date"] == "2023-09-05"), "{dated:?}");
    assert!(dated.len().is_multiple_of(4));
}

#[test]
fn reprints_are_listed_after_updates() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let c = d.join("corpus");
    fs::create_dir(&c).unwrap();
    let wire = "Un cessez-le-feu a été signé dans la nuit à Stepanakert entre les deux camps, selon l'AFP.";
    fs::write(c.join("matin.txt"), format!("Édito du Matin.\n\n{wire}")).unwrap();
    fs::write(c.join("autre.txt"), "Rien à voir, un article sur la pêche.").unwrap();
    assert_eq!(run(d, &["index", "corpus"]).status.code(), Some(0));
    // Each hit as its article followed by the articles it is also in.
    let hits = |d: &Path| -> Vec<Vec<String>> {
        let out = run(d, &["query", "Stepanakert", "--format", "json"]);
        json_lines(&out.stdout)
            .iter()
            .map(|h| {
                let mut ids = vec![h["doc_id"].as_str().unwrap().to_string()];
                for id in h["also_in"].as_array().into_iter().flatten() {
                    ids.push(id.as_str().unwrap().to_string());
                }
                ids
            })
            .collect()
    };
    // The hit shown is the best ranked copy; the others follow in index order.
    let expect = |all: &[&str], got: Vec<Vec<String>>| {
        assert_eq!(got.len(), 1, "{got:?}");
        let shown = got[0][0].clone();
        let mut want = vec![shown.clone()];
        want.extend(
            all.iter()
                .filter(|id| **id != shown)
                .map(|id| id.to_string()),
        );
        assert_eq!(got[0], want);
    };
    expect(&["matin"], hits(d));

    // Reprints added by later runs are found.
    fs::write(
        c.join("soir.txt"),
        format!("Analyse du Soir.\n\n« {} »", wire.to_uppercase()),
    )
    .unwrap();
    assert_eq!(run(d, &["index", "corpus"]).status.code(), Some(0));
    expect(&["matin", "soir"], hits(d));
    fs::write(c.join("midi.txt"), format!("Le Midi.\n\n{wire}")).unwrap();
    assert_eq!(run(d, &["index", "corpus"]).status.code(), Some(0));
    expect(&["matin", "soir", "midi"], hits(d));

    // Removing the reprints removes them from the list.
    fs::remove_file(c.join("soir.txt")).unwrap();
    fs::remove_file(c.join("midi.txt")).unwrap();
    assert_eq!(run(d, &["index", "corpus"]).status.code(), Some(0));
    expect(&["matin"], hits(d));
    let tables = fs::read_dir(d.join("index"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("dups-")
        })
        .count();
    assert!(
        tables <= 2,
        "old duplicate tables are removed ({tables} left)"
    );
}

#[test]
fn an_index_of_an_older_layout_asks_for_a_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_part(d, 0, 0, 3, "v1");
    assert_eq!(run(d, &["index", "corpus"]).status.code(), Some(0));
    // Make it look like an index of format 1 (which did not record its format).
    let meta_path = d.join("index/meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_slice(&fs::read(&meta_path).unwrap()).unwrap();
    let mut payload: serde_json::Value =
        serde_json::from_str(meta["payload"].as_str().unwrap()).unwrap();
    payload.as_object_mut().unwrap().remove("format");
    meta["payload"] = payload.to_string().into();
    fs::write(&meta_path, meta.to_string()).unwrap();

    let out = run(d, &["query", "commun"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "search: index was built by another version of search (index format 1, this build \
         reads format 3): rebuild it with `search index PATH... --index index`"
    );
    // `search index` rebuilds it.
    assert_eq!(run(d, &["index", "corpus"]).status.code(), Some(0));
    assert_eq!(query(d, &["commun"]).len(), 10);
}
