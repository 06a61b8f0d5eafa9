//! `doisoat evaluate`: wiring to [`crate::report::evaluate`].

use std::io::Write;

use crate::cli::EvaluateArgs;
use crate::error::{Error, Result};
use crate::report::evaluate::evaluate;

/// Runs `doisoat evaluate`.
pub fn run(args: EvaluateArgs) -> Result<()> {
    let accuracy = evaluate(&args.results, &args.truth)?;
    let text = if args.json {
        serde_json::to_string_pretty(&accuracy).expect("plain data serialises") + "\n"
    } else {
        accuracy.table()
    };
    std::io::stdout().write_all(text.as_bytes()).map_err(|e| Error::io("stdout", "writing", e))
}
