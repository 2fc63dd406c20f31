//! `search index` on every supported format, encoding and date form, with fixtures made here.

mod common;

use std::fs;
use std::io::Write;
use std::path::Path;

use common::{json_lines, run};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// The hits of `query` as (doc_id, title, date) triples.
fn hits(dir: &Path, query: &str) -> Vec<(String, String, String)> {
    let out = run(dir, &["query", query, "--format", "json", "--limit", "50"]);
    json_lines(&out.stdout)
        .iter()
        .map(|h| {
            (
                h["doc_id"].as_str().unwrap().to_string(),
                h["title"].as_str().unwrap_or("").to_string(),
                h["date"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn hit_ids(dir: &Path, query: &str) -> Vec<String> {
    hits(dir, query).into_iter().map(|h| h.0).collect()
}

fn report(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(dir.join("report.json")).unwrap()).unwrap()
}

#[test]
fn every_format_plain_and_gzipped() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("corpus");
    fs::create_dir(&c).unwrap();
    let jsonl = r#"{"id": "l1", "title": "Ligne", "date": "2023-09-20", "text": "Le mot zanzibar est ici."}"#;
    let json = r#"[{"id": "j1", "text": "Le mot yokohama est ici."}, {"id": "j2", "title": "Deux", "date": "20/09/2023", "text": "Et xylophone ici."}]"#;
    let csv = "id,title,date,text\nc1,Colonne,20 septembre 2023,\"Le mot wapiti, avec virgule\"\n";
    let tsv = "id\ttitle\ttext\nt1\tTab\tLe mot vortex ici.\n";
    let html = r#"<html><head><title>Page</title><meta property="og:title" content="Page HTML">
        <meta property="article:published_time" content="2023-09-20T13:00:00+04:00"></head>
        <body><nav><p>menu ukulele</p></nav><article><p>Le mot toucan est ici.</p></article>
        <script>var s = "ukulele";</script></body></html>"#;
    fs::write(c.join("a.txt"), "Le mot sarabande est ici.").unwrap();
    fs::write(c.join("b.md"), "# Titre\n\nLe mot rutabaga est ici.").unwrap();
    fs::write(c.join("c.jsonl"), jsonl).unwrap();
    fs::write(c.join("d.json"), json).unwrap();
    fs::write(
        c.join("e.json"),
        r#"{"id": "e1", "text": "Le mot quetzal est ici."}"#,
    )
    .unwrap();
    fs::write(c.join("f.csv"), csv).unwrap();
    fs::write(c.join("g.tsv"), tsv).unwrap();
    fs::write(c.join("h.html"), html).unwrap();
    fs::write(c.join("i.htm"), "<p>Le mot pangolin est ici.</p>").unwrap();
    fs::create_dir(c.join("gz")).unwrap();
    fs::write(
        c.join("gz/a.txt.gz"),
        gzip("Le mot okapi est ici.".as_bytes()),
    )
    .unwrap();
    fs::write(
        c.join("gz/c.jsonl.gz"),
        gzip(r#"{"id": "gl", "text": "Le mot narval est ici."}"#.as_bytes()),
    )
    .unwrap();
    fs::write(
        c.join("gz/d.json.gz"),
        gzip(r#"[{"id": "gj", "text": "Le mot mangouste est ici."}]"#.as_bytes()),
    )
    .unwrap();
    fs::write(
        c.join("gz/f.csv.gz"),
        gzip(b"id,text\ngc,Le mot lemming est ici.\n"),
    )
    .unwrap();
    fs::write(
        c.join("gz/h.html.gz"),
        gzip(b"<p>Le mot koala est ici.</p>"),
    )
    .unwrap();

    let out = run(dir.path(), &["index", "corpus", "--report", "report.json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("indexed 15 articles"), "{stderr}");

    let cases: &[(&str, &str, &str, &str)] = &[
        ("sarabande", "a", "", ""),
        ("rutabaga", "b", "", ""),
        ("zanzibar", "l1", "Ligne", "2023-09-20"),
        ("yokohama", "j1", "", ""),
        ("xylophone", "j2", "Deux", "2023-09-20"),
        ("quetzal", "e1", "", ""),
        ("wapiti", "c1", "Colonne", "2023-09-20"),
        ("vortex", "t1", "Tab", ""),
        ("toucan", "h", "Page HTML", "2023-09-20"),
        ("pangolin", "i", "", ""),
        ("okapi", "gz/a", "", ""),
        ("narval", "gl", "", ""),
        ("mangouste", "gj", "", ""),
        ("lemming", "gc", "", ""),
        ("koala", "gz/h", "", ""),
    ];
    for (word, id, title, date) in cases {
        let got = hits(dir.path(), word);
        assert_eq!(
            got,
            [(id.to_string(), title.to_string(), date.to_string())],
            "{word}"
        );
    }
    assert!(
        hit_ids(dir.path(), "ukulele").is_empty(),
        "navigation and scripts are dropped"
    );

    let r = report(dir.path());
    assert_eq!(r["totals"]["articles"], 15);
    assert_eq!(r["totals"]["skipped"], 0);
    let files = r["files"].as_array().unwrap();
    assert_eq!(files.len(), 14, "{r:#}");
    assert!(files.iter().all(|f| f["outcome"] == "indexed"), "{r:#}");
}

#[test]
fn field_names_are_configurable() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("export.csv"),
        "guid,headline,published_at,body\nx7,Le titre,2023-09-20T08:00:00Z,Le mot ornithorynque ici.\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("dump.jsonl"),
        r#"{"guid": "y8", "headline": "Autre", "published_at": "1er octobre 2023", "body": "Le mot ornithorynque encore."}"#,
    )
    .unwrap();
    let plain = run(dir.path(), &["index", "export.csv"]);
    assert_eq!(plain.status.code(), Some(3), "no text column: skipped");
    let stderr = String::from_utf8_lossy(&plain.stderr);
    assert!(stderr.contains("no \"text\" column (columns: guid, headline, published_at, body); name the text column with --field text=NAME"), "{stderr}");

    let args = [
        "index",
        "export.csv",
        "dump.jsonl",
        "--field",
        "text=body",
        "--field",
        "id=guid",
        "--field",
        "title=headline",
        "--field",
        "date=published_at",
    ];
    let out = run(dir.path(), &args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut got = hits(dir.path(), "ornithorynque");
    got.sort();
    assert_eq!(
        got,
        [
            ("x7".into(), "Le titre".into(), "2023-09-20".into()),
            ("y8".into(), "Autre".into(), "2023-10-01".into())
        ]
    );
    let bad = run(dir.path(), &["index", "export.csv", "--field", "body"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("expected FIELD=NAME"));
}

#[test]
fn encodings_are_detected_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("corpus");
    fs::create_dir(&c).unwrap();
    let text = "L'été dernier, la forêt a brûlé près de Besançon, déjà.";
    // Windows-1252, no BOM.
    let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    fs::write(c.join("latin.txt"), &*cp1252).unwrap();
    // UTF-16 little and big endian, with BOM.
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in text.replace("Besançon", "Montbéliard").encode_utf16() {
        le.extend(u.to_le_bytes());
    }
    for u in text.replace("Besançon", "Montélimar").encode_utf16() {
        be.extend(u.to_be_bytes());
    }
    fs::write(c.join("utf16le.txt"), le).unwrap();
    fs::write(c.join("utf16be.txt"), be).unwrap();
    // UTF-8 with BOM, in a CSV (the BOM must not stick to the first column name).
    let csv = format!(
        "\u{FEFF}id,text\nbom,\"{}\"\n",
        text.replace("Besançon", "Bézier")
    );
    fs::write(c.join("bom.csv"), csv).unwrap();
    // UTF-8 with one invalid byte: kept, with a warning.
    let mut broken = text.replace("Besançon", "Valençay").into_bytes();
    broken.extend(b" fin \xFF.");
    fs::write(c.join("broken.txt"), broken).unwrap();

    let out = run(
        dir.path(),
        &["index", "corpus", "--verbose", "--report", "report.json"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings do not make inputs skipped: {stderr}"
    );
    for line in [
        "latin.txt: encoding windows-1252",
        "utf16le.txt: encoding UTF-16LE with byte-order mark",
        "utf16be.txt: encoding UTF-16BE with byte-order mark",
        "bom.csv: encoding UTF-8 with byte-order mark",
        "broken.txt: encoding UTF-8",
        "broken.txt: invalid UTF-8 byte sequences, replaced with U+FFFD",
    ] {
        assert!(stderr.contains(line), "{line:?} in {stderr}");
    }
    for (place, id) in [
        ("Besançon", "latin"),
        ("Montbéliard", "utf16le"),
        ("Montélimar", "utf16be"),
        ("Bézier", "bom"),
        ("Valençay", "broken"),
    ] {
        let out = run(
            dir.path(),
            &["query", &format!("={place}"), "--format", "json"],
        );
        let hits = json_lines(&out.stdout);
        assert_eq!(hits.len(), 1, "{place}");
        assert_eq!(hits[0]["doc_id"], id);
        assert!(
            hits[0]["text"]
                .as_str()
                .unwrap()
                .contains("L'été dernier, la forêt a brûlé"),
            "{place}: {}",
            hits[0]["text"]
        );
    }
    let r = report(dir.path());
    let latin = r["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("latin.txt"))
        .unwrap();
    assert_eq!(latin["encoding"], "windows-1252");
    assert_eq!(r["totals"]["warnings"], 1);
}

#[test]
fn date_forms() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"id": "iso", "date": "2023-09-20", "text": "Mot datation iso."}"#,
        r#"{"id": "ts", "date": "2023-09-20T13:00:00+04:00", "text": "Mot datation ts."}"#,
        r#"{"id": "fr", "date": "20/09/2023", "text": "Mot datation fr."}"#,
        r#"{"id": "long", "date": "20 septembre 2023", "text": "Mot datation long."}"#,
        r#"{"id": "bad", "date": "la semaine dernière", "text": "Mot datation bad."}"#,
    ];
    fs::write(dir.path().join("d.jsonl"), lines.join("\n")).unwrap();
    let out = run(dir.path(), &["index", "d.jsonl"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("d.jsonl:5: date \"la semaine dernière\" not understood"),
        "{stderr}"
    );
    let out = run(
        dir.path(),
        &[
            "query",
            "datation",
            "--format",
            "json",
            "--no-collapse",
            "--sort",
            "date",
        ],
    );
    let got: Vec<(String, String)> = json_lines(&out.stdout)
        .iter()
        .map(|h| {
            (
                h["doc_id"].as_str().unwrap().into(),
                h["date"].as_str().unwrap_or("none").into(),
            )
        })
        .collect();
    let want = [
        ("iso", "2023-09-20"),
        ("ts", "2023-09-20"),
        ("fr", "2023-09-20"),
        ("long", "2023-09-20"),
        ("bad", "none"),
    ];
    assert_eq!(got, want.map(|(a, b)| (a.to_string(), b.to_string())));
}
