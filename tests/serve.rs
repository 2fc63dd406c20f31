//! `search serve` through the real binary on a free port: each API endpoint answers what the
//! CLI prints for the same parameters; hostile requests get their 4xx and the server keeps
//! serving; Ctrl-C stops it cleanly.

mod common;
#[path = "common/server.rs"]
mod server;

use std::path::Path;

use server::{corpus, enc, Server};

/// What `search args… --index idx` prints on stdout (it must succeed).
fn cli(dir: &Path, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend(["--index", "idx"]);
    let out = common::run(dir, &all);
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "search {all:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn each_endpoint_answers_what_the_cli_prints() {
    let dir = corpus();
    let server = Server::start(dir.path(), &[]);
    let get_ok = |target: &str| {
        let a = server.get(target);
        assert_eq!(a.status, 200, "{target}: {}", a.text());
        assert!(!a.body.is_empty(), "{target}: empty answer");
        a
    };
    let q = enc("cessez-le-feu");
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            format!("/api/query?q={q}"),
            vec!["query", "cessez-le-feu", "--format", "json"],
        ),
        (
            format!("/api/query?q={q}&limit=2&offset=1&source=AFP&from=2020-02"),
            vec![
                "query",
                "cessez-le-feu",
                "--format",
                "json",
                "--limit",
                "2",
                "--offset",
                "1",
                "--source",
                "AFP",
                "--from",
                "2020-02",
            ],
        ),
        (
            format!(
                "/api/query?q={}&sort=-date&per_article=1&context=1",
                enc("blessé OR négociations")
            ),
            vec![
                "query",
                "blessé OR négociations",
                "--format",
                "json",
                "--sort=-date",
                "--per-article",
                "1",
                "--context",
                "1",
            ],
        ),
        (
            format!(
                "/api/query?q={}&any=true&show_query=true",
                enc("feu gilets")
            ),
            vec![
                "query",
                "feu gilets",
                "--format",
                "json",
                "--any",
                "--show-query",
            ],
        ),
        (
            format!("/api/count?q={q}"),
            vec!["count", "cessez-le-feu", "--format", "json"],
        ),
        (
            format!("/api/count?q={q}&by=month&to=2020-03"),
            vec![
                "count",
                "cessez-le-feu",
                "--format",
                "json",
                "--by",
                "month",
                "--to",
                "2020-03",
            ],
        ),
        (
            format!("/api/count?q={q}&by=source&forms=true"),
            vec![
                "count",
                "cessez-le-feu",
                "--format",
                "json",
                "--by",
                "source",
                "--forms",
            ],
        ),
        (
            format!("/api/count?q={q}&by=month&format=csv"),
            vec!["count", "cessez-le-feu", "--format", "csv", "--by", "month"],
        ),
        (
            format!("/api/kwic?q={q}&sort=left&width=20"),
            vec![
                "kwic",
                "cessez-le-feu",
                "--format",
                "json",
                "--sort",
                "left",
                "--width",
                "20",
            ],
        ),
        (
            format!("/api/kwic?q={q}&format=csv&scope=article"),
            vec![
                "kwic",
                "cessez-le-feu",
                "--format",
                "csv",
                "--scope",
                "article",
            ],
        ),
        (
            format!("/api/query?q={q}&format=csv&limit=2"),
            vec!["query", "cessez-le-feu", "--format", "csv", "--limit", "2"],
        ),
        (
            format!("/api/show?id=a2&q={q}"),
            vec!["show", "a2", "--query", "cessez-le-feu", "--format", "json"],
        ),
        ("/api/stats".to_string(), vec!["stats", "--format", "json"]),
    ];
    // The time a query took is the one field that differs from run to run.
    let elapsed = regex::Regex::new(r#""elapsed_ms":[0-9.e-]+"#).unwrap();
    let same = |s: &str| elapsed.replace_all(s, r#""elapsed_ms":0"#).into_owned();
    // Twice: the second answer of a count comes from the server's cache.
    for round in 0..2 {
        for (target, args) in &cases {
            let a = get_ok(target);
            assert_eq!(
                same(&a.text()),
                same(&cli(dir.path(), args)),
                "round {round}: {target} against search {args:?}"
            );
        }
    }
    // The total before paging is in a header; the records are JSON Lines.
    let a = get_ok(&format!("/api/query?q={q}&limit=1"));
    assert_eq!(a.header("x-total").as_deref(), Some("5"), "{}", a.head);
    assert!(a
        .header("content-type")
        .unwrap()
        .starts_with("application/x-ndjson"));
    let hits = common::json_lines(&a.body);
    assert_eq!(hits.len(), 1);
    assert_eq!(common::marked(&hits[0]), ["cessez-le-feu"]);
    // A kwic page: lines offset..offset+limit of the CLI's.
    let all: Vec<String> = cli(dir.path(), &["kwic", "cessez-le-feu", "--format", "json"])
        .lines()
        .filter(|l| l.starts_with(r#"{"type":"kwic""#))
        .map(String::from)
        .collect();
    // Pages are cut from the concordance kept by the first: each page once computed, then
    // again from the cache, then the others.
    for target in [
        format!("/api/kwic?q={q}&offset=1&limit=2"),
        format!("/api/kwic?q={q}&offset=1&limit=2"),
        format!("/api/kwic?q={q}&offset=3&limit=2"),
    ] {
        let from = if target.contains("offset=1") { 1 } else { 3 };
        let page = get_ok(&target);
        let text = page.text();
        let lines: Vec<&str> = text.lines().collect();
        let want = all[from..(from + 2).min(all.len())].to_vec();
        assert_eq!(lines[..want.len()].to_vec(), want, "{target}");
        assert!(
            lines[want.len()].contains(r#""type":"summary""#)
                && lines[want.len()]
                    .contains(&format!(r#""shown":{},"offset":{from}"#, want.len())),
            "{target}: {}",
            lines[want.len()]
        );
        assert_eq!(page.header("x-total"), Some(all.len().to_string()));
    }
    // An unknown article is a 404 with one line.
    let a = server.get("/api/show?id=absent");
    assert_eq!(a.status, 404);
    let text = a.text();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("search: no article \"absent\""), "{text}");
}

#[test]
fn a_query_error_is_a_400_with_the_cli_message() {
    let dir = corpus();
    let server = Server::start(dir.path(), &[]);
    let mut compared = 0;
    for q in ["\"", "(feu", "feu)", "date:hier", "source:"] {
        let out = common::run(dir.path(), &["query", "--index", "idx", "--", q]);
        if out.status.code() != Some(2) {
            continue;
        }
        let cli_line = String::from_utf8(out.stderr).unwrap();
        let a = server.get(&format!("/api/query?q={}", enc(q)));
        assert_eq!(a.status, 400, "{q}: {}", a.text());
        assert_eq!(a.text(), cli_line, "{q}");
        compared += 1;
    }
    assert!(
        compared >= 2,
        "a lone quote and a bad date are query errors"
    );
    let a = server.get(&format!("/api/query?q={}", enc("\"")));
    assert_eq!(a.status, 400, "a lone quote is a query error: {}", a.text());
}

#[test]
fn hostile_requests_get_their_error_and_the_server_keeps_serving() {
    let dir = corpus();
    let server = Server::start(dir.path(), &[]);
    let nested = format!("{}feu{}", "(".repeat(10_000), ")".repeat(10_000));
    let deep = format!("{}feu{}", "(".repeat(100), ")".repeat(100));
    let cases: Vec<(String, u16, &str)> = vec![
        (
            format!("/api/query?q={}", enc(&nested)),
            400,
            "characters long, at most 10000",
        ),
        (
            format!("/api/count?q={}", enc(&deep)),
            400,
            "nest more than 32 deep",
        ),
        (
            "/api/query?q=feu&limit=1000000000".into(),
            400,
            "limit=1000000000: at most 1000",
        ),
        (
            "/api/query?q=feu&offset=18446744073709551615".into(),
            400,
            "at most 10000",
        ),
        (
            "/api/kwic?q=feu&limit=999999999999999999999999".into(),
            400,
            "at most 1000",
        ),
        ("/api/query?q=%FF%FEfeu".into(), 400, "not UTF-8"),
        (
            "/api/query?q=feu&index=/etc".into(),
            400,
            "unknown parameter \"index\"",
        ),
        ("/api/query?q=feu&from=demain".into(), 400, "not a date"),
        ("/api/count?q=feu&by=week".into(), 400, "use one of"),
        ("/api/query".into(), 400, "no query"),
        ("/etc/passwd".into(), 404, "no such page"),
    ];
    for (target, status, message) in &cases {
        let a = server.get(target);
        assert_eq!(
            a.status,
            *status,
            "{}: {}",
            &target[..target.len().min(80)],
            a.text()
        );
        assert!(a.text().contains(message), "{message}: {}", a.text());
        assert_eq!(a.text().lines().count(), 1, "one line: {}", a.text());
        assert!(a.text().len() < 400, "the error quotes the request whole");
    }
    // A 1 MB query: refused before any search, with a 4xx.
    let huge = format!(
        "GET /api/query?q={} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
        "x".repeat(1 << 20)
    );
    let a = server
        .raw(huge.as_bytes())
        .expect("an answer to a 1 MB request");
    assert!((400..500).contains(&a.status), "1 MB query: {}", a.head);
    // Raw bytes that are not UTF-8 in the request line.
    let a =
        server.raw(b"GET /api/query?q=\xff\xfe HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    assert!(
        a.is_none_or(|a| (400..500).contains(&a.status)),
        "raw invalid UTF-8"
    );
    // A POST is not allowed: the server is read-only.
    let a = server.raw(b"POST /api/query?q=feu HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").unwrap();
    assert_eq!(a.status, 405);
    // Still serving, and right.
    let a = server.get("/api/count?q=feu");
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(common::json_lines(&a.body)[0]["articles"], 5);
}

#[test]
fn markup_in_an_article_stays_text_in_json_and_the_page_sets_no_html() {
    let dir = corpus();
    let server = Server::start(dir.path(), &[]);
    let a = server.get(&format!("/api/query?q={}", enc("script")));
    assert_eq!(a.status, 200);
    let hits = common::json_lines(&a.body);
    assert!(hits[0]["text"]
        .as_str()
        .unwrap()
        .contains("<script>alert('x')</script>"));
    assert!(!a.text().contains('\u{1b}'), "ESC is escaped in JSON");
    assert!(a.header("x-content-type-options").as_deref() == Some("nosniff"));
    // The page: its own script only, and text set as text.
    let page = server.get("/");
    assert_eq!(page.status, 200);
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let script = server.get("/app.js").text();
    assert!(
        !script.contains("innerHTML")
            && !script.contains("insertAdjacentHTML")
            && !script.contains("document.write")
    );
    assert!(server.get("/style.css").status == 200);
}

#[test]
fn ctrl_c_stops_the_server_cleanly() {
    let dir = corpus();
    let mut server = Server::start(dir.path(), &[]);
    assert_eq!(server.get("/api/count?q=feu").status, 200);
    let pid = server.child.id() as libc::pid_t;
    // SAFETY: kill(2) on our own child's pid.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let status = server.child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{}", server.stderr.lock().unwrap());
    std::thread::sleep(std::time::Duration::from_millis(100));
    assert!(server.stderr.lock().unwrap().contains("search: stopped"));
    assert!(
        std::net::TcpStream::connect(&server.addr).is_err(),
        "no longer listening"
    );
}

#[test]
fn slow_clients_do_not_stop_the_others() {
    let dir = corpus();
    let server = Server::start(dir.path(), &[]);
    // 200 connections that send half a request line and wait.
    let slow: Vec<std::net::TcpStream> = (0..200)
        .map(|_| {
            let mut s = std::net::TcpStream::connect(&server.addr).unwrap();
            std::io::Write::write_all(&mut s, b"GET /api/count?q=fe").unwrap();
            s
        })
        .collect();
    let started = std::time::Instant::now();
    let a = server.get("/api/count?q=feu");
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    drop(slow);
}

/// A connection that sends nothing for `--idle-timeout` is closed by the server (a slow client
/// cannot hold a socket forever), and the server answers the next client.
#[test]
fn an_idle_connection_is_closed() {
    use std::io::Read;
    let dir = corpus();
    let server = Server::start(dir.path(), &["--idle-timeout", "1"]);
    let mut slow = std::net::TcpStream::connect(&server.addr).unwrap();
    std::io::Write::write_all(&mut slow, b"GET /api/count?q=fe").unwrap();
    // A guard against a hang only: the server closes it after about a second.
    slow.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let mut rest = Vec::new();
    let closed = slow.read_to_end(&mut rest);
    assert!(
        closed.is_ok(),
        "the server did not close the idle connection: {closed:?}"
    );
    let a = server.get("/api/count?q=feu");
    assert_eq!(a.status, 200, "{}", a.text());
}

#[test]
fn show_prints_the_article_whole_with_its_matches() {
    let dir = corpus();
    let out = common::run(
        dir.path(),
        &[
            "show",
            "a4",
            "--query",
            "cessez-le-feu",
            "--index",
            "idx",
            "--color",
            "always",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("\x1b[1mBalise <script>\x1b[0m\n"),
        "{text}"
    );
    // Id, date and source each in their own style (output/style.rs).
    assert!(
        text.contains("a4\x1b[0m  \x1b[32m2020-04-11\x1b[0m  \x1b[36mAFP"),
        "{text}"
    );
    assert!(text.contains("corpus.jsonl (1 passage)"), "{text}");
    assert!(
        text.contains("\x1b[1m\x1b[31mcessez-le-feu\x1b[0m"),
        "{text}"
    );
    assert!(
        !text.contains("\x1b[31m une"),
        "the article's own escape is neutralised: {text}"
    );
    let out = common::run(dir.path(), &["show", "absent", "--index", "idx"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("search: ") && err.contains("\"absent\""),
        "{err}"
    );
}
