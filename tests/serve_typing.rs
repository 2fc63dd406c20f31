//! The page of `search serve` used as a person uses it: headless Chromium, driven through the
//! DevTools protocol (`headless_chrome`), opens the empty page, the test TYPES a query into
//! the query box and presses Enter, then clicks the tabs and a hit's title. At each step it
//! reads what the page's script built: hits and their <mark>s, the chart's lines (one per
//! query, their heights the fixture's counts), the concordance, the article view. Screenshots
//! of the four views go to `target/screenshots/typed-*.png`.
//!
//! If typing or Enter did nothing, no hit ever appears and the test fails.
//! Needs Debian's `chromium` (or `SEARCH_CHROMIUM`): skipped with a message when absent, a
//! failure when `SEARCH_REQUIRE_SHARED=1` (as `.ci/run` sets it).

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/server.rs"]
mod server;

use std::ffi::OsStr;
use std::path::Path;
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};
use server::{corpus, Server};

/// Evaluates `js` in the page until it gives `true`, for at most 20 s; the page's DOM in the
/// failure message.
fn wait_until(tab: &Tab, what: &str, js: &str) {
    let started = Instant::now();
    loop {
        let ok = tab
            .evaluate(js, false)
            .ok()
            .and_then(|r| r.value)
            .is_some_and(|v| v == true);
        if ok {
            return;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let dom = tab.get_content().unwrap_or_default();
            panic!(
                "{what}: not seen after 20 s (`{js}`); url {}\n{dom}",
                tab.get_url()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// What `js` evaluates to, as JSON (arrays too: serialised in the page).
fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    let text = tab
        .evaluate(&format!("JSON.stringify({js})"), false)
        .unwrap_or_else(|e| panic!("{js}: {e}"))
        .value;
    match text {
        Some(serde_json::Value::String(s)) => serde_json::from_str(&s).unwrap(),
        _ => serde_json::Value::Null,
    }
}

fn click(tab: &Tab, selector: &str) {
    tab.wait_for_element(selector)
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .click()
        .unwrap_or_else(|e| panic!("click {selector}: {e}"));
}

fn screenshot(tab: &Tab, dir: &Path, name: &str) {
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    assert!(
        png.len() > 5_000,
        "{name}: screenshot of {} bytes",
        png.len()
    );
    std::fs::write(dir.join(format!("typed-{name}.png")), png).unwrap();
}

/// The y of each point of the chart's line `i` (SVG y grows downwards: higher is less).
fn heights(tab: &Tab, i: usize) -> Vec<f64> {
    let points = eval(
        tab,
        &format!("document.querySelectorAll('#chart .series')[{i}].getAttribute('points')"),
    );
    let points = points.as_str().expect("a polyline's points").to_string();
    points
        .split_whitespace()
        .map(|p| p.split(',').nth(1).unwrap().parse().unwrap())
        .collect()
}

#[test]
fn a_query_typed_in_the_box_shows_hits_marks_chart_concordance_and_article() {
    let test = "a_query_typed_in_the_box_shows_hits_marks_chart_concordance_and_article";
    let Some(chromium) = browser::chromium(test) else {
        return;
    };
    let dir = corpus();
    let server = Server::start(dir.path(), &[]);
    let base = format!("http://{}", server.addr);
    let profile = tempfile::tempdir().unwrap();
    // The flags that keep Chromium from reaching out to the network at start.
    let args: Vec<&OsStr> = [
        "--disable-gpu",
        "--disable-quic",
        "--disable-component-update",
        "--hide-scrollbars",
    ]
    .iter()
    .map(OsStr::new)
    .collect();
    let browser = Browser::new(LaunchOptions {
        headless: true,
        sandbox: false,
        path: Some(chromium),
        window_size: Some((1200, 900)),
        user_data_dir: Some(profile.path().to_path_buf()),
        args,
        idle_browser_timeout: Duration::from_secs(120),
        ..LaunchOptions::default()
    })
    .expect("start chromium");
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(20));
    let shots = common::root().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();

    // The empty page: a query box, no hit.
    tab.navigate_to(&format!("{base}/")).unwrap();
    tab.wait_until_navigated().unwrap();
    wait_until(
        &tab,
        "the page's script",
        "document.getElementById('tabs').children.length > 0",
    );
    assert_eq!(eval(&tab, "document.querySelectorAll('.hit').length"), 0);

    // Typed, then Enter: the form is sent, the hits come.
    click(&tab, "#q");
    tab.type_str("cessez-le-feu").unwrap();
    assert_eq!(
        eval(&tab, "document.getElementById('q').value"),
        "cessez-le-feu",
        "the keys typed reach the box"
    );
    tab.press_key("Enter").unwrap();
    wait_until(
        &tab,
        "five hits after typing and Enter",
        "document.querySelectorAll('#hits .hit').length === 5",
    );
    assert!(
        tab.get_url().contains("q=cessez-le-feu"),
        "{}",
        tab.get_url()
    );
    let marks = eval(
        &tab,
        "Array.from(document.querySelectorAll('#hits mark')).map(m => m.textContent)",
    );
    assert_eq!(
        marks,
        serde_json::json!(vec!["cessez-le-feu"; 5]),
        "one mark a hit"
    );
    assert_eq!(
        eval(&tab, "document.getElementById('total').textContent"),
        "1–5 of 5 passages"
    );
    assert_eq!(
        eval(&tab, "document.getElementById('q').value"),
        "cessez-le-feu",
        "the box keeps the query"
    );
    screenshot(&tab, &shots, "hits");

    // The chart tab, then a second query typed after the first: two lines.
    click(&tab, "#tabs a[href*='tab=chart']");
    wait_until(
        &tab,
        "the chart of one query",
        "document.querySelectorAll('#chart .series').length === 1",
    );
    eval(
        &tab,
        "(() => { const q = document.getElementById('q'); q.focus(); \
         q.setSelectionRange(q.value.length, q.value.length); return true; })()",
    );
    tab.type_str(", \"gilets jaunes\"").unwrap();
    tab.press_key("Enter").unwrap();
    wait_until(
        &tab,
        "the chart of two queries",
        "document.querySelectorAll('#chart .series').length === 2",
    );
    let legend = eval(&tab, "document.querySelector('.legend').textContent");
    let legend = legend.as_str().unwrap();
    assert!(legend.contains("cessez-le-feu: 5 articles"), "{legend}");
    assert!(legend.contains("\"gilets jaunes\": 1 articles"), "{legend}");
    let months = eval(
        &tab,
        "Array.from(document.querySelectorAll('#chart text')).map(t => t.textContent).filter(t => /^\\d{4}-\\d\\d$/.test(t))",
    );
    assert_eq!(
        months,
        serde_json::json!(["2020-01", "2020-02", "2020-03", "2020-04"])
    );
    // The fixture's articles per month: cessez-le-feu 1, 2, 0, 2; "gilets jaunes" 0, 1, 0, 0.
    let c = heights(&tab, 0);
    assert_eq!(c.len(), 4, "{c:?}");
    assert!(
        c[1] == c[3] && c[3] < c[0] && c[0] < c[2],
        "cessez-le-feu's line: {c:?}"
    );
    let g = heights(&tab, 1);
    assert_eq!(g.len(), 4, "{g:?}");
    assert!(
        g[1] < g[0] && g[0] == g[2] && g[2] == g[3] && g[0] == c[2],
        "\"gilets jaunes\"' line: {g:?}"
    );
    screenshot(&tab, &shots, "chart");

    // The concordance of the first query: five lines, each match marked.
    click(&tab, "#tabs a[href*='tab=kwic']");
    wait_until(
        &tab,
        "the concordance",
        "document.querySelectorAll('#kwic tr').length === 5",
    );
    let matches = eval(
        &tab,
        "Array.from(document.querySelectorAll('#kwic mark')).map(m => m.textContent)",
    );
    assert_eq!(matches, serde_json::json!(vec!["cessez-le-feu"; 5]));
    screenshot(&tab, &shots, "kwic");

    // Back to the hits, and the first hit's title: the article, its match marked.
    click(&tab, "#tabs a[href*='tab=hits']");
    wait_until(
        &tab,
        "the hits again",
        "document.querySelectorAll('#hits .hit').length === 5",
    );
    click(&tab, "#hits .hit h2 a");
    wait_until(
        &tab,
        "the article view",
        "document.querySelector('#article') !== null",
    );
    let article = eval(&tab, "document.getElementById('article').textContent");
    let article = article.as_str().unwrap();
    assert!(article.contains("cessez-le-feu"), "{article}");
    let marks = eval(
        &tab,
        "Array.from(document.querySelectorAll('#article mark')).map(m => m.textContent)",
    );
    assert!(
        !marks.as_array().unwrap().is_empty()
            && marks
                .as_array()
                .unwrap()
                .iter()
                .all(|m| m == "cessez-le-feu"),
        "{marks}"
    );
    screenshot(&tab, &shots, "article");
}
