//! `search serve` on the OrangeSum corpus (34,029 articles): the API against the CLI, the
//! page in headless Chromium (its screenshots are the README's, in `docs/screenshots/`), a
//! search over the time limit answered 503 while the server keeps serving, and queries
//! answered during a rebuild of the index by `search index`.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/server.rs"]
mod server;

use std::time::{Duration, Instant};

use server::{enc, Server};

/// A temp dir with OrangeSum in `idx/`, or `None` (skipped) without `../shared`.
fn orangesum(test: &str) -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    let shared = common::shared(test)?;
    let corpus = shared.join("corpora/orangesum/articles.jsonl");
    let dir = tempfile::tempdir().unwrap();
    let out = common::run(
        dir.path(),
        &["index", corpus.to_str().unwrap(), "--index", "idx"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some((dir, corpus))
}

#[test]
#[ignore = "real corpus: run by .ci/run in release"]
fn orangesum_served_as_the_cli_prints_and_within_limits() {
    let Some((dir, corpus)) = orangesum("orangesum_served_as_the_cli_prints_and_within_limits")
    else {
        return;
    };
    let server = Server::start(dir.path(), &[]);
    let cases = [
        (
            format!(
                "/api/query?q={}&limit=20&from=2020-06&to=2020-12",
                enc("\"gilets jaunes\"")
            ),
            vec![
                "query",
                "\"gilets jaunes\"",
                "--format",
                "json",
                "--limit",
                "20",
                "--from",
                "2020-06",
                "--to",
                "2020-12",
            ],
        ),
        (
            format!("/api/count?q={}&by=month", enc("confinement")),
            vec!["count", "confinement", "--format", "json", "--by", "month"],
        ),
    ];
    // The time a query took is the one field that differs from run to run.
    let elapsed = regex::Regex::new(r#""elapsed_ms":[0-9.e-]+"#).unwrap();
    let same = |s: &str| elapsed.replace_all(s, r#""elapsed_ms":0"#).into_owned();
    for (target, args) in &cases {
        let a = server.get(target);
        assert_eq!(a.status, 200, "{target}: {}", a.text());
        let mut all = args.clone();
        all.extend(["--index", "idx"]);
        let out = common::run(dir.path(), &all);
        assert_eq!(
            same(&a.text()),
            same(&String::from_utf8(out.stdout).unwrap()),
            "{target}"
        );
    }

    // Queries answered during a rebuild of the same index.
    let mut rebuild = common::search(dir.path())
        .args([
            "index",
            corpus.to_str().unwrap(),
            "--index",
            "idx",
            "--rebuild",
        ])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut answered = 0;
    while rebuild.try_wait().unwrap().is_none() {
        let a = server.get(&format!("/api/query?q={}", enc("Véran")));
        assert_eq!(a.status, 200, "during a rebuild: {}", a.text());
        assert_eq!(common::json_lines(&a.body).len(), 10);
        answered += 1;
    }
    assert!(rebuild.wait().unwrap().success());
    assert!(answered > 0, "the rebuild ended before any query");
    // A concordance too large to hold: refused before it is read.
    let a = server.get("/api/kwic?q=le&limit=1");
    assert_eq!(a.status, 400, "{}", a.text());
    assert!(
        a.text().contains("matches 170473 passages, at most 50000"),
        "{}",
        a.text()
    );
    drop(server);

    // A search over the time limit: a 503 with one line; the server serves again after it.
    let slow = Server::start(dir.path(), &["--timeout", "1", "--max-running", "1"]);
    let a = slow.get("/api/count?q=le&by=day");
    assert_eq!(a.status, 503, "{}", a.text());
    assert!(
        a.text().starts_with("search: no answer within 1 s"),
        "{}",
        a.text()
    );
    let started = Instant::now();
    loop {
        let a = slow.get("/api/query?q=Macron&limit=1");
        if a.status == 200 {
            break;
        }
        assert_eq!(a.status, 503, "{}", a.text());
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "never served again"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
#[ignore = "real corpus: run by .ci/run in release"]
fn orangesum_in_the_browser_with_screenshots() {
    let test = "orangesum_in_the_browser_with_screenshots";
    let Some(chromium) = browser::chromium(test) else {
        return;
    };
    let Some((dir, _)) = orangesum(test) else {
        return;
    };
    let server = Server::start(dir.path(), &[]);
    let base = format!("http://{}", server.addr);
    let profile = tempfile::tempdir().unwrap();
    let hits = browser::browse(
        &chromium,
        profile.path(),
        &format!("{base}/?q=%22gilets+jaunes%22"),
        None,
    );
    assert_eq!(hits.matches("class=\"hit\"").count(), 20, "{hits}");
    assert!(
        hits.contains("<mark title=\"&quot;gilets jaunes&quot;\">"),
        "{hits}"
    );
    let chart_url = format!(
        "{base}/?q={}&tab=chart",
        enc("\"gilets jaunes\", confinement, Macron")
    );
    let chart = browser::browse(&chromium, profile.path(), &chart_url, None);
    assert_eq!(chart.matches("class=\"series\"").count(), 3, "{chart}");

    // The article view of the first hit, every match marked.
    let first = server.get("/api/query?q=%22gilets+jaunes%22&limit=1");
    let first = common::json_lines(&first.body);
    let id = first[0]["doc_id"].as_str().expect("a doc_id").to_string();
    let article_url = format!("{base}/?q=%22gilets+jaunes%22&tab=article&id={}", enc(&id));
    let article = browser::browse(&chromium, profile.path(), &article_url, None);
    assert!(article.contains("id=\"article\""), "{article}");
    assert!(
        article.contains("<mark title=\"&quot;gilets jaunes&quot;\">"),
        "{article}"
    );

    let shots = common::root().join("docs/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let views = [
        (
            "hits",
            format!("{base}/?q=%22gilets+jaunes%22"),
            "1200,1000",
        ),
        ("chart", chart_url.clone(), "1200,800"),
        ("share", format!("{chart_url}&mode=share"), "1200,800"),
        (
            "kwic",
            format!("{base}/?q=confinement&tab=kwic"),
            "1200,900",
        ),
        ("article", article_url.clone(), "1200,900"),
        ("phone", format!("{base}/?q=%22gilets+jaunes%22"), "390,844"),
        ("phone-chart", format!("{chart_url}&mode=share"), "390,844"),
    ];
    for (name, url, size) in &views {
        let file = shots.join(format!("{name}.png"));
        let _ = std::fs::remove_file(&file);
        browser::browse(&chromium, profile.path(), url, Some((&file, size)));
        let len = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        assert!(len > 10_000, "{name}: screenshot of {len} bytes");
    }
}
