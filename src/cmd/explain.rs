//! `doisoat explain`: wiring to [`crate::pipeline::explain`].

use std::io::Write;

use crate::cli::ExplainArgs;
use crate::error::{Error, Result};
use crate::pipeline::{self, ExplainOptions, Silent};

/// Runs `doisoat explain`.
pub fn run(args: ExplainArgs) -> Result<()> {
    let opts = ExplainOptions { out: args.out, row: args.row, key: args.key };
    let text = pipeline::explain(&opts, &Silent)?;
    std::io::stdout().write_all(text.as_bytes()).map_err(|e| Error::io("stdout", "writing", e))
}
