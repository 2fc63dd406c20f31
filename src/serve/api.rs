//! The routes: the page, and the API whose answers are written by the CLI's own printers.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::params::{BadRequest, Params};
use super::{page, App};
use crate::index::SearchIndex;
use crate::output::{error_line, AuditJsonPrinter, CsvPrinter, JsonPrinter};

const FILTERS: [&str; 5] = ["any", "source", "from", "to", "scope"];
const QUERY_PARAMS: &[&str] = &[
    "q",
    "limit",
    "offset",
    "sort",
    "per_article",
    "context",
    "no_collapse",
    "exact_report",
    "show_query",
    "format",
];
const COUNT_PARAMS: &[&str] = &["q", "by", "forms", "format"];
const KWIC_PARAMS: &[&str] = &["q", "width", "sort", "format", "limit", "offset"];
const SHOW_PARAMS: &[&str] = &["id", "q", "passage"];

/// The routes of the server.
pub(super) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/style.css", get(page::style))
        .route("/api/query", get(query))
        .route("/api/count", get(count))
        .route("/api/kwic", get(kwic))
        .route("/api/show", get(show))
        .route("/api/stats", get(stats))
        .fallback(|| async { failure(StatusCode::NOT_FOUND, "search: no such page".into()) })
        .with_state(app)
}

/// A finished answer: a body and its type, with the number of records before paging.
struct Reply {
    body: Vec<u8>,
    csv: bool,
    total: Option<usize>,
}

/// Why a request failed.
enum Failure {
    Bad(String),
    NotFound(String),
    Search(crate::Error),
    Io(std::io::Error),
}

impl From<BadRequest> for Failure {
    fn from(b: BadRequest) -> Self {
        Failure::Bad(b.0)
    }
}
impl From<crate::Error> for Failure {
    fn from(e: crate::Error) -> Self {
        Failure::Search(e)
    }
}
impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

/// A text answer of one line with `status`.
fn failure(status: StatusCode, line: String) -> Response {
    let mut r = (status, format!("{line}\n")).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        match self {
            Failure::Bad(m) => failure(StatusCode::BAD_REQUEST, format!("search: {m}")),
            Failure::NotFound(m) => failure(StatusCode::NOT_FOUND, format!("search: {m}")),
            Failure::Search(e @ (crate::Error::Query(_) | crate::Error::TooMany { .. })) => {
                failure(StatusCode::BAD_REQUEST, error_line(&e))
            }
            Failure::Search(e) => failure(StatusCode::INTERNAL_SERVER_ERROR, error_line(&e)),
            Failure::Io(e) => failure(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("search: writing the answer: {e}"),
            ),
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let kind = if self.csv {
            "text/csv; charset=utf-8"
        } else {
            "application/x-ndjson; charset=utf-8"
        };
        let mut r = self.body.into_response();
        let h = r.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
        h.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        if let Some(total) = self.total {
            h.insert("x-total", HeaderValue::from(total));
        }
        r
    }
}

/// Counts a search as waiting or running while it lives.
struct InFlight(Arc<App>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Runs `job` on the blocking pool within the limits: a 503 when too many searches wait
/// already or when it does not finish in time (it then runs to its end, still holding its
/// turn, so that no more than `max_running` ever run).
async fn run<F>(app: Arc<App>, job: F) -> Response
where
    F: FnOnce(&SearchIndex) -> Result<Reply, Failure> + Send + 'static,
{
    let limits = &app.limits;
    let before = app.in_flight.fetch_add(1, Ordering::SeqCst);
    let _counted = InFlight(app.clone());
    if before >= limits.max_running + limits.max_waiting {
        return failure(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("search: the server is busy ({before} searches under way); try again"),
        );
    }
    let (running, index) = (app.running.clone(), app.index.clone());
    let work = async move {
        let turn = running
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        tokio::task::spawn_blocking(move || {
            let _turn = turn;
            job(&index)
        })
        .await
    };
    match tokio::time::timeout(limits.timeout, work).await {
        Ok(Ok(Ok(reply))) => reply.into_response(),
        Ok(Ok(Err(f))) => f.into_response(),
        Ok(Err(_)) => failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            "search: the search failed unexpectedly".into(),
        ),
        Err(_) => failure(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "search: no answer within {} s; narrow the query or its filters, or try again",
                limits.timeout.as_secs_f32()
            ),
        ),
    }
}

/// The request's parameters: the endpoint's own and the filters.
fn params(raw: Option<String>, own: &[&str], filters: bool) -> Result<Params, BadRequest> {
    let mut allowed = own.to_vec();
    if filters {
        allowed.extend(FILTERS);
    }
    Params::parse(raw.as_deref(), &allowed)
}

/// `format=json` (the default) or `format=csv`.
fn csv_format(p: &Params) -> Result<bool, BadRequest> {
    match p.get("format").unwrap_or("json") {
        "json" | "" => Ok(false),
        "csv" => Ok(true),
        other => {
            let shown: String = other.chars().take(40).collect();
            Err(BadRequest(format!("format={shown:?}: use json or csv")))
        }
    }
}

/// `search query --format json`.
async fn query(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> Response {
    let prepared = (|| {
        let p = params(raw, QUERY_PARAMS, true)?;
        Ok::<_, BadRequest>((
            p.query(&app.limits)?,
            p.search(&app.limits)?,
            p.show_query()?,
            csv_format(&p)?,
        ))
    })();
    let (q, options, show_query, csv) = match prepared {
        Ok(v) => v,
        Err(b) => return Failure::from(b).into_response(),
    };
    run(app, move |index| {
        let started = std::time::Instant::now();
        let results = index.search(&q, &options)?;
        let mut body = Vec::new();
        if csv {
            // `search query --format csv`: the header, then one row per hit.
            let mut p = CsvPrinter::new(&mut body);
            p.query_header()?;
            p.hits(&q, &q, options.offset.saturating_add(1), &results.hits)?;
            p.flush()?;
        } else {
            let mut printer = JsonPrinter::new(&mut body);
            let asked = crate::output::Asked {
                query: &q,
                name: None,
                index: None,
            };
            printer.results(&asked, &options, show_query, &results, started.elapsed())?;
            printer.flush()?;
        }
        Ok(Reply {
            body,
            csv,
            total: Some(results.total),
        })
    })
    .await
}

/// `search count --format json|csv`; an answer is kept and given again for the same
/// request.
async fn count(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> Response {
    let key = raw.clone().unwrap_or_default();
    let prepared = (|| {
        let p = params(raw, COUNT_PARAMS, true)?;
        Ok::<_, BadRequest>((p.query(&app.limits)?, p.count()?, csv_format(&p)?))
    })();
    let (q, options, csv) = match prepared {
        Ok(v) => v,
        Err(b) => return Failure::from(b).into_response(),
    };
    if let Some(body) = app.counts.get(&key) {
        return Reply {
            body: body.to_vec(),
            csv,
            total: None,
        }
        .into_response();
    }
    let shared = app.clone();
    run(app, move |index| {
        let counts = index.audit().count(&q, &options)?;
        let mut body = Vec::new();
        if csv {
            let mut p = CsvPrinter::new(&mut body);
            if options.forms {
                p.forms(&q, &counts)?;
            } else {
                p.counts(&q, &counts)?;
            }
            p.flush()?;
        } else {
            let mut p = AuditJsonPrinter::new(&mut body);
            p.counts(&q, &counts)?;
            p.flush()?;
        }
        shared.counts.put(key, Arc::new(body.clone()));
        Ok(Reply {
            body,
            csv,
            total: None,
        })
    })
    .await
}

/// `search kwic --format json|csv`, lines `offset..offset + limit` of it.
async fn kwic(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> Response {
    let prepared = (|| {
        let p = params(raw, KWIC_PARAMS, true)?;
        let window = p.window(&app.limits, app.limits.max_limit)?;
        Ok::<_, BadRequest>((
            p.query(&app.limits)?,
            p.kwic(&app.limits)?,
            window,
            csv_format(&p)?,
        ))
    })();
    let (q, options, (offset, limit), csv) = match prepared {
        Ok(v) => v,
        Err(b) => return Failure::from(b).into_response(),
    };
    let max_passages = app.limits.max_kwic_passages;
    // Every page of a concordance is cut from the whole, sorted; kept, the next page is too.
    let key = format!("{q}\u{0}{options:?}");
    let shared = app.clone();
    run(app, move |index| {
        let started = std::time::Instant::now();
        let whole = match shared.concordances.get(&key) {
            Some(whole) => whole,
            None => {
                let whole = Arc::new(index.audit().kwic_at_most(&q, &options, max_passages)?);
                shared.concordances.put(key, whole.clone());
                whole
            }
        };
        let total = whole.lines.len();
        let kwic = crate::audit::Concordance {
            query: whole.query.clone(),
            scope: whole.scope,
            lines: whole
                .lines
                .iter()
                .skip(offset)
                .take(limit)
                .cloned()
                .collect(),
            total: whole.total,
        };
        let mut body = Vec::new();
        if csv {
            let mut p = CsvPrinter::new(&mut body);
            p.kwic(&q, &kwic)?;
            p.flush()?;
        } else {
            // As `search kwic --format json`: the lines, then the summary.
            let mut p = AuditJsonPrinter::new(&mut body);
            p.kwic(&q, &kwic)?;
            p.summary(
                &crate::output::Asked {
                    query: &q,
                    name: Some(&q),
                    index: None,
                },
                &crate::output::Summary {
                    total,
                    shown: kwic.lines.len(),
                    offset,
                    elapsed_ms: crate::output::millis(started.elapsed()),
                    scope: Some(options.scope.name()),
                },
            )?;
            p.flush()?;
        }
        Ok(Reply {
            body,
            csv,
            total: Some(total),
        })
    })
    .await
}

/// `search show ID --query … --format json`: an article whole, the query's matches marked.
async fn show(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> Response {
    let prepared = (|| {
        let p = params(raw, SHOW_PARAMS, false)?;
        let id = p.get("id").unwrap_or_default().to_string();
        if id.is_empty() {
            return Err(BadRequest("no article: give its doc_id as id=…".into()));
        }
        let q = p.get("q").unwrap_or_default().trim().to_string();
        if q.chars().count() > app.limits.max_query_chars {
            return Err(BadRequest(format!(
                "the query is {} characters long, at most {}",
                q.chars().count(),
                app.limits.max_query_chars
            )));
        }
        let passage = match p.get("passage").filter(|v| !v.is_empty()) {
            Some(_) => Some(p.number("passage", 0, 0, u64::MAX as usize)? as u64),
            None => None,
        };
        Ok((id, q, passage))
    })();
    let (id, q, passage) = match prepared {
        Ok(v) => v,
        Err(b) => return Failure::from(b).into_response(),
    };
    run(app, move |index| {
        let options = crate::search::ArticleOptions {
            passage,
            query: (!q.is_empty()).then(|| q.clone()),
        };
        let article = match index.article(&id, &options) {
            Ok(a) => a,
            Err(e @ (crate::Error::NoArticle { .. } | crate::Error::NoPassage { .. })) => {
                return Err(Failure::NotFound(e.to_string()));
            }
            Err(e) => return Err(e.into()),
        };
        let mut body = Vec::new();
        let mut p = JsonPrinter::new(&mut body);
        p.article(&article)?;
        p.flush()?;
        Ok(Reply {
            body,
            csv: false,
            total: None,
        })
    })
    .await
}

/// `search stats --format json`, computed on the first request.
async fn stats(State(app): State<Arc<App>>, RawQuery(raw): RawQuery) -> Response {
    if let Err(b) = params(raw, &[], false) {
        return Failure::from(b).into_response();
    }
    if let Some(body) = app.stats.get() {
        return Reply {
            body: body.clone(),
            csv: false,
            total: None,
        }
        .into_response();
    }
    let shared = app.clone();
    run(app, move |index| {
        let stats = index.stats()?;
        let mut body = Vec::new();
        let mut p = AuditJsonPrinter::new(&mut body);
        p.stats(&stats)?;
        p.flush()?;
        let _ = shared.stats.set(body.clone());
        Ok(Reply {
            body,
            csv: false,
            total: None,
        })
    })
    .await
}
