//! The `doisoat` binary: parse, run, print the error if any, exit.

use std::process::ExitCode;

use clap::Parser;

/// Matching allocates and frees many small strings on every core; glibc's
/// allocator spends a sixth of a base load on them, mimalloc far less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A fault of doisoat's own is one line and exit status 4, never a
    // backtrace in a cron log (and never a value from the data: the
    // message is the code's, the place is in the source).
    // A damaged file that makes a reader panic is reported as an error by the code that caught it.
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        doisoat::progress::on_panic(&place);
    }));
    let cli = doisoat::cli::Cli::parse();
    doisoat::progress::set_json_log(cli.log_format == doisoat::cli::LogFormat::Json);
    // Unwinding removes the run's temporary files on the way out.
    match std::panic::catch_unwind(|| doisoat::cmd::run(cli)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            doisoat::progress::error(&e.to_string(), e.exit_code());
            ExitCode::from(e.exit_code())
        }
        Err(_) => {
            if let Some(message) = doisoat::progress::unreported_panic() {
                doisoat::progress::error(&message, INTERNAL_ERROR);
            }
            ExitCode::from(INTERNAL_ERROR)
        }
    }
}

/// The exit status of a fault of doisoat's own.
const INTERNAL_ERROR: u8 = 4;
