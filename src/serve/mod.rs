//! `search serve`: the index in a browser, and an HTTP API that answers with the CLI's own
//! JSON Lines records.
//!
//! One process, no other service: axum on tokio, the page and its script embedded in the
//! binary. Read-only: the index is opened once and only searched. Every search runs on
//! tokio's blocking pool under [`Limits`]: at most `max_running` at once, at most
//! `max_waiting` more queued (beyond that a 503 at once), and each answered within
//! `timeout` or a 503. Connections are hyper's HTTP/1 ones, bounded in number and closed
//! when silent (`conn.rs`) or when a request's headers have not come whole within
//! `header_timeout` (slow clients). Ctrl-C (or SIGTERM) stops accepting and lets the
//! requests under way finish.
//!
//! | route | answer |
//! |---|---|
//! | `GET /` | the page (`/app.js`, `/style.css` beside it) |
//! | `GET /api/query?q=…` | `search query --format json` |
//! | `GET /api/count?q=…` | `search count --format json` (`format=csv`: `--format csv`) |
//! | `GET /api/kwic?q=…` | `search kwic --format json`, `offset`/`limit` lines of it (`format=csv`) |
//! | `GET /api/show?id=…&q=…` | `search show ID --query … --format json` |
//! | `GET /api/stats` | `search stats --format json` |

mod api;
mod cache;
mod conn;
mod page;
mod params;

use std::net::SocketAddr;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::index::SearchIndex;

pub use params::{BadRequest, Params};

/// What one request may ask and take.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Longest query, in characters (the query parser's own limit).
    pub max_query_chars: usize,
    /// Most hits or concordance lines per request.
    pub max_limit: usize,
    /// Deepest page: `offset + limit` at most this.
    pub max_window: usize,
    /// Most neighbouring passages per hit (`context`).
    pub max_context: usize,
    /// Widest kwic context, in characters.
    pub max_width: usize,
    /// Most passages a concordance may read (it holds all its lines to sort them: ~2 KB
    /// each; `le`, 170,473 passages of OrangeSum, took 337 MB).
    pub max_kwic_passages: usize,
    /// Searches running at once.
    pub max_running: usize,
    /// Searches waiting for a turn; one more is answered 503 at once.
    pub max_waiting: usize,
    /// Longest wait plus run of a search before it is answered 503.
    pub timeout: Duration,
    /// Connections open at once; more wait in the system's queue.
    pub max_connections: usize,
    /// A connection that sends nothing for this long is closed (slow or idle clients).
    pub idle_timeout: Duration,
    /// A request's line and headers must have come whole within this long of the server's
    /// waiting for them, or the connection is closed (a client trickling a byte now and
    /// then is never idle, but cannot hold a connection past this).
    pub header_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_query_chars: crate::query::MAX_QUERY_CHARS,
            max_limit: 1000,
            max_window: 10_000,
            max_context: 100,
            max_width: 500,
            max_kwic_passages: 50_000,
            max_running: std::thread::available_parallelism().map_or(2, |n| n.get()),
            max_waiting: 256,
            timeout: Duration::from_secs(10),
            max_connections: 1024,
            idle_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(10),
        }
    }
}

/// Memory for the answers of `/api/count` kept (a count by month of OrangeSum is ~10 KB).
const COUNT_CACHE_BYTES: usize = 32 << 20;

/// Memory for the concordances kept, sorted, for paging. One over an eighth of it (8 MB,
/// about 18,000 lines at ~450 bytes a line) is not kept.
const CONCORDANCE_CACHE_BYTES: usize = 64 << 20;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Where to listen (port 0: any free port).
    pub addr: SocketAddr,
    pub limits: Limits,
}

/// What the handlers share.
struct App {
    index: Arc<SearchIndex>,
    limits: Limits,
    running: Arc<Semaphore>,
    /// Searches waiting or running.
    in_flight: AtomicUsize,
    /// `/api/stats`, computed once: the index never changes under a running server.
    stats: std::sync::OnceLock<Vec<u8>>,
    /// Answers of `/api/count`, by request.
    counts: cache::Cache,
    /// Concordances of `/api/kwic`, by query and options (any page of one is cut from it).
    concordances: cache::Cache<crate::audit::Concordance>,
}

/// Serves `index` until Ctrl-C or SIGTERM. `listening` is told the address bound (useful
/// with port 0) before the first request is accepted.
pub fn serve(
    index: SearchIndex,
    options: &ServeOptions,
    listening: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let limits = options.limits.clone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(limits.max_running.max(1) + 4)
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(options.addr).await?;
        listening(listener.local_addr()?);
        let mut listener =
            conn::Guarded::new(listener, limits.max_connections, limits.idle_timeout);
        // hyper's HTTP/1 connections, with a timer so that the deadline on headers holds
        // (axum::serve sets none, and hyper's `header_read_timeout` needs one).
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(limits.header_timeout);
        let app = Arc::new(App {
            index: Arc::new(index),
            running: Arc::new(Semaphore::new(limits.max_running.max(1))),
            limits,
            in_flight: AtomicUsize::new(0),
            stats: std::sync::OnceLock::new(),
            counts: cache::Cache::new(COUNT_CACHE_BYTES),
            concordances: cache::Cache::new(CONCORDANCE_CACHE_BYTES),
        });
        let service = hyper_util::service::TowerToHyperService::new(api::router(app));
        let graceful = hyper_util::server::graceful::GracefulShutdown::new();
        let mut stop = std::pin::pin!(shutdown());
        loop {
            tokio::select! {
                (io, _) = axum::serve::Listener::accept(&mut listener) => {
                    let io = hyper_util::rt::TokioIo::new(io);
                    let connection = http.serve_connection(io, service.clone());
                    let connection = graceful.watch(connection);
                    tokio::spawn(async move {
                        // A client gone, too slow or sending garbage: its connection ends,
                        // nothing else to do.
                        let _ = connection.await;
                    });
                }
                () = &mut stop => break,
            }
        }
        // Stop accepting, let the requests under way finish.
        drop(listener);
        graceful.shutdown().await;
        Ok(())
    })
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}
