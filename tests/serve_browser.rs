//! The page of `search serve` in a real browser: headless Chromium loads it with a query in
//! its URL (what submitting the form does), runs its script against the API, and the test
//! reads the DOM it built: the hits, their <mark>s, the chart, the concordance, the article
//! view, markup shown as text. Screenshots of each view go to `target/screenshots/`.
//!
//! Needs Debian's `chromium` (or `SEARCH_CHROMIUM=/path/to/chrome`): skipped with a message
//! when absent, a failure when `SEARCH_REQUIRE_SHARED=1` (as `.ci/run` sets it).

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/server.rs"]
mod server;

use browser::{browse, chromium};
use server::{corpus, Server};

fn count(dom: &str, needle: &str) -> usize {
    dom.matches(needle).count()
}

#[test]
fn the_page_shows_hits_marks_chart_concordance_and_article() {
    let Some(browser) = chromium("the_page_shows_hits_marks_chart_concordance_and_article") else {
        return;
    };
    let dir = corpus();
    let profile = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &[]);
    let base = format!("http://{}", server.addr);
    let dom = |path: &str| browse(&browser, profile.path(), &format!("{base}{path}"), None);

    // Hits: the five passages, each with its mark, the total, and a link to the article.
    let hits = dom("/?q=cessez-le-feu");
    assert!(hits.contains("data-ready=\"true\""), "{hits}");
    assert_eq!(count(&hits, "class=\"hit\""), 5, "{hits}");
    assert_eq!(
        count(&hits, "<mark title=\"cessez-le-feu\">cessez-le-feu</mark>"),
        5,
        "{hits}"
    );
    assert!(
        hits.contains("<span id=\"total\">1–5 of 5 passages</span>"),
        "{hits}"
    );
    assert!(hits.contains("tab=article&amp;id=a1"), "{hits}");
    assert!(hits.contains("<textarea id=\"q\""), "the query box");
    // The source filter, as the form sends it.
    let afp = dom("/?q=cessez-le-feu&source=AFP&from=2020-02");
    assert_eq!(count(&afp, "class=\"hit\""), 2, "{afp}");

    // Markup in an article is text: no element made of it.
    let markup = dom("/?q=script");
    assert_eq!(count(&markup, "class=\"hit\""), 1, "{markup}");
    assert!(
        markup.contains("&lt;<mark title=\"script\">script</mark>&gt;alert('x')&lt;/"),
        "{markup}"
    );
    assert!(markup.contains("&lt;b&gt;du gras&lt;/b&gt;"), "{markup}");
    assert_eq!(
        count(&markup, "<script"),
        1,
        "only the page's own script: {markup}"
    );
    assert!(!markup.contains("<b>du gras"), "{markup}");

    // The chart: one line per query over the months from 2020-01 to 2020-04.
    let chart = dom("/?q=cessez-le-feu%2C%22gilets+jaunes%22&tab=chart");
    assert!(chart.contains("<svg id=\"chart\""), "{chart}");
    assert_eq!(count(&chart, "class=\"series\""), 2, "{chart}");
    for month in ["2020-01", "2020-02", "2020-03", "2020-04"] {
        assert!(
            chart.contains(&format!(">{month}</text>")),
            "{month}: {chart}"
        );
    }
    assert!(chart.contains("cessez-le-feu: 5 articles"), "{chart}");
    let share = dom("/?q=cessez-le-feu&tab=chart&mode=share");
    assert!(
        share.contains(">100%</text>"),
        "every article of 2020-01 matches: {share}"
    );

    let years = dom("/?q=cessez-le-feu&tab=chart&by=year");
    assert!(years.contains(">2020</text>"), "{years}");
    assert_eq!(count(&years, "<circle"), 1, "one year, one point: {years}");

    // Top sources, the concordance and the article view.
    let sources = dom("/?q=cessez-le-feu&tab=sources");
    assert!(sources.contains("<td>AFP</td><td>3</td>"), "{sources}");
    let kwic = dom("/?q=cessez-le-feu&tab=kwic");
    assert_eq!(count(&kwic, "<mark>cessez-le-feu</mark>"), 5, "{kwic}");
    let article = dom("/?q=cessez-le-feu&tab=article&id=a4");
    assert!(
        article.contains("<article class=\"view\" id=\"article\"><h2>Balise &lt;script&gt;</h2>"),
        "{article}"
    );
    assert_eq!(
        count(&article, "<mark title=\"cessez-le-feu\">"),
        1,
        "{article}"
    );

    // A query error: the CLI's line, shown as text.
    let error = dom("/?q=%22");
    assert!(error.contains("class=\"error\""), "{error}");
    assert!(error.contains("search: "), "{error}");

    // Screenshots of the views, wide and on a phone.
    let shots = common::root().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    for (name, path, size) in [
        ("hits", "/?q=cessez-le-feu", "1200,900"),
        (
            "chart",
            "/?q=cessez-le-feu%2C%22gilets+jaunes%22&tab=chart",
            "1200,900",
        ),
        ("phone", "/?q=cessez-le-feu", "390,844"),
    ] {
        let file = shots.join(format!("fixture-{name}.png"));
        let _ = std::fs::remove_file(&file);
        browse(
            &browser,
            profile.path(),
            &format!("{base}{path}"),
            Some((&file, size)),
        );
        let len = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        assert!(len > 5_000, "{name}: screenshot of {len} bytes");
    }
}
