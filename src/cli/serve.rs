//! `search serve`: the index in a browser and over HTTP (see [`crate::serve`]).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::query::open_or_build;
use super::{CliError, Outcome, DEFAULT_INDEX};
use crate::serve::{serve, Limits, ServeOptions};

/// Arguments of `search serve`.
#[derive(Debug, Args)]
#[command(after_help = SERVE_HELP)]
pub struct ServeArgs {
    /// The index to serve (read-only)
    #[arg(long, env = "SEARCH_INDEX", default_value = DEFAULT_INDEX)]
    pub index: PathBuf,
    /// Address and port to listen on (0.0.0.0:7700 opens it to the network; port 0 picks a
    /// free one)
    #[arg(long, default_value = "127.0.0.1:7700")]
    pub addr: SocketAddr,
    /// Searches running at once (default: the number of cores); more wait their turn
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub max_running: Option<u64>,
    /// Seconds a search may wait and run before it is answered 503
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub timeout: f64,
    /// Seconds a connection may send nothing before it is closed (slow or idle clients)
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub idle_timeout: f64,
    /// Seconds a request's line and headers may take to arrive whole before the connection
    /// is closed (clients that trickle bytes)
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub header_timeout: f64,
    /// Connections open at once; more wait until one closes
    #[arg(long, value_name = "N", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..=65536))]
    pub max_connections: u64,
}

const SERVE_HELP: &str = "\
Serves the page on http://ADDR/ and the API under /api/ (query, count, kwic, show, stats):
each endpoint answers with the JSON Lines records of the command of the same name (see the
README). Limits: queries of at most 10000 characters, limit at most 1000, offset + limit at
most 10000; a search over --timeout or with too many waiting is answered 503; a connection
that sends nothing for --idle-timeout, or whose request's headers have not come whole within
--header-timeout, is closed, and at most --max-connections are open at once. Ctrl-C stops.";

pub fn run(args: ServeArgs) -> Result<Outcome, CliError> {
    if !(args.timeout > 0.0 && args.timeout <= 3600.0) {
        return Err(CliError::Usage(format!(
            "--timeout {}: give seconds between 0 and 3600",
            args.timeout
        )));
    }
    let index = open_or_build(&args.index)?;
    if !(args.idle_timeout > 0.0 && args.idle_timeout <= 3600.0) {
        return Err(CliError::Usage(format!(
            "--idle-timeout {}: give seconds between 0 and 3600",
            args.idle_timeout
        )));
    }
    if !(args.header_timeout > 0.0 && args.header_timeout <= 3600.0) {
        return Err(CliError::Usage(format!(
            "--header-timeout {}: give seconds between 0 and 3600",
            args.header_timeout
        )));
    }
    let mut limits = Limits {
        timeout: Duration::from_secs_f64(args.timeout),
        idle_timeout: Duration::from_secs_f64(args.idle_timeout),
        header_timeout: Duration::from_secs_f64(args.header_timeout),
        max_connections: args.max_connections as usize,
        ..Limits::default()
    };
    if let Some(n) = args.max_running {
        limits.max_running = n as usize;
    }
    let options = ServeOptions {
        addr: args.addr,
        limits,
    };
    let shown = crate::output::terminal(&args.index.display().to_string()).into_owned();
    serve(index, &options, |addr| {
        eprintln!("search: serving {shown} on http://{addr}/ (Ctrl-C to stop)");
    })
    .map_err(|e| CliError::Usage(format!("cannot serve on {}: {e}", args.addr)))?;
    eprintln!("search: stopped");
    Ok(Outcome::Matched)
}
