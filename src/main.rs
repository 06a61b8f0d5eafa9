//! The `doisoat` binary: parse, run, print the error if any, exit.

use std::process::ExitCode;

use clap::Parser;

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
