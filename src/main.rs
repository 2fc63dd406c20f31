//! The `search` binary: parse the command line, call the library, print errors, exit.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: allocations and frees in the analysis, the index writer and per query cost
/// less than with the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use search::cli::{run, CliError, Opts, Outcome};

fn main() -> ExitCode {
    let opts = Opts::parse();
    match run(opts) {
        Ok(Outcome::Matched) => ExitCode::SUCCESS,
        Ok(Outcome::NoMatch) => ExitCode::from(1),
        Ok(Outcome::Incomplete) => ExitCode::from(3),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::from(2)
        }
    }
}

/// The one place that prints errors: one line, with the chain of causes.
fn report(e: &CliError) {
    eprintln!("{}", search::output::error_line(e));
}
