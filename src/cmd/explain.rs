//! `doisoat explain`: wiring to [`crate::pipeline::explain`].

use std::io::Write;

use crate::cli::ExplainArgs;
use crate::error::{Error, Result};
use crate::pipeline::{self, ExplainOptions, Notes};

/// The column mapping was shown when the run was made; explain stays quiet.
struct Quiet;

impl Notes for Quiet {
    fn note(&self, _: &str) {}
}

/// Runs `doisoat explain`.
pub fn run(args: ExplainArgs) -> Result<()> {
    let opts = ExplainOptions { out: args.out, row: args.row, key: args.key };
    let text = pipeline::explain(&opts, &Quiet)?;
    std::io::stdout().write_all(text.as_bytes()).map_err(|e| Error::io("stdout", "writing", e))
}
