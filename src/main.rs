//! The `doisoat` binary: parse, run, print the error if any, exit.

use std::process::ExitCode;

use clap::Parser;

/// Matching allocates and frees many small strings on every core; glibc's
/// allocator spends a sixth of a base load on them, mimalloc far less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = doisoat::cli::Cli::parse();
    match doisoat::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("doisoat: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
