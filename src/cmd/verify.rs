//! `doisoat verify`: wiring to [`crate::tools::verify`].

use crate::cli::VerifyArgs;
use crate::error::{Error, Result};
use crate::tools::verify;

/// Runs `doisoat verify`: what was found as recorded to stdout; any
/// difference makes the command fail (exit 1), each one named.
pub fn run(args: VerifyArgs) -> Result<()> {
    let found = verify::verify(&args.dir, args.outputs_only)?;
    let mut text: String = found.ok.iter().map(|line| format!("ok  {line}\n")).collect();
    if found.problems.is_empty() {
        text.push_str(&format!("{}: verified, as the run recorded it\n", args.dir.display()));
        return super::write_stdout(&text);
    }
    super::write_stdout(&text)?;
    Err(Error::data(
        args.dir.join("manifest.json"),
        format!(
            "{} difference(s) from the run's record:\n  {}",
            found.problems.len(),
            found.problems.join("\n  ")
        ),
    ))
}
