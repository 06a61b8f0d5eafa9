//! One file per subcommand: each turns parsed arguments into library calls
//! and says what a person at the terminal should see.

pub mod audit;
pub mod encode;
pub mod evaluate;
pub mod explain;
pub mod generate;
pub mod index;
pub mod man;
pub mod normalize;
pub mod profile;
pub mod reconcile;
pub mod resolve;
pub mod verify;

use clap::CommandFactory;

use crate::cli::{Cli, Command};
use crate::error::{Error, Result};
use crate::pipeline::Notes;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Reconcile(args) => reconcile::run(*args),
        Command::Index(args) => index::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Normalize(args) => normalize::run(args),
        Command::Profile(args) => profile::run(args),
        Command::Evaluate(args) => evaluate::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Encode(args) => encode::run(args),
        Command::Resolve(args) => resolve::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Completions(args) => {
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "doisoat", &mut script);
            write_stdout(&String::from_utf8_lossy(&script))
        }
        Command::Man(args) => man::run(args),
    }
}

/// Sizes the worker pools: rayon's global pool and polars' (through its
/// environment variable, read when polars first starts its pool).
pub fn set_threads(threads: Option<usize>) -> Result<()> {
    let Some(n) = threads else { return Ok(()) };
    if n == 0 {
        return Err(Error::Usage("--threads must be at least 1".into()));
    }
    std::env::set_var("POLARS_MAX_THREADS", n.to_string());
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build_global()
        .map_err(|e| Error::Usage(format!("cannot start {n} threads: {e}")))
}

/// Writes a command's report to stdout. A reader that stops early (`| head`)
/// ends the command quietly: what it did not read was not wanted.
pub fn write_stdout(text: &str) -> Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("stdout", "writing", e)),
        _ => Ok(()),
    }
}

/// Notes go to stderr unless `--quiet`.
struct Stderr {
    quiet: bool,
}

impl Notes for Stderr {
    fn note(&self, line: &str) {
        if !self.quiet {
            crate::progress::note(line);
        }
    }
}
