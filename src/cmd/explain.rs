//! `doisoat explain`: wiring to [`crate::pipeline::explain`].

use crate::cli::ExplainArgs;
use crate::error::Result;
use crate::pipeline::{self, ExplainOptions, Silent};

/// Runs `doisoat explain`.
pub fn run(args: ExplainArgs) -> Result<()> {
    let opts =
        ExplainOptions { out: args.out, row: args.row, key: args.key, debug_values: args.debug_values };
    let text = pipeline::explain(&opts, &Silent)?;
    super::write_stdout(&text)
}
