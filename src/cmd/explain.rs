//! `doisoat explain`: wiring to [`crate::tools::explain`].

use crate::cli::ExplainArgs;
use crate::error::Result;
use crate::pipeline::Silent;
use crate::tools::explain::{self, ExplainOptions};

/// Runs `doisoat explain`.
pub fn run(args: ExplainArgs) -> Result<()> {
    let opts =
        ExplainOptions { out: args.out, row: args.row, key: args.key, debug_values: args.debug_values };
    let text = explain::explain(&opts, &Silent)?;
    super::write_stdout(&text)
}
