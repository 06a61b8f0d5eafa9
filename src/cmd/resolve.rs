//! `doisoat resolve`: wiring from arguments to [`crate::encoded::resolve`].

use super::Stderr;
use crate::cli::ResolveArgs;
use crate::encoded::resolve::{resolve, ResolveOptions};
use crate::error::Result;
use crate::pipeline::Notes;

/// Runs `doisoat resolve`.
pub fn run(args: ResolveArgs) -> Result<()> {
    let notes = Stderr { quiet: args.quiet };
    let opts = ResolveOptions { results: args.results, base: args.base.into(), out: args.out };
    let n = resolve(&opts, &notes)?;
    notes.note(&format!("{n} person references resolved: {}", opts.out.display()));
    Ok(())
}
