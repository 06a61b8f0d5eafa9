//! `doisoat index`: wiring from arguments to [`crate::pipeline::index`].

use super::Stderr;
use crate::cli::IndexArgs;
use crate::error::Result;
use crate::pipeline::{self, Notes};

/// Runs `doisoat index`.
pub fn run(args: IndexArgs) -> Result<()> {
    super::set_threads(args.run.threads)?;
    let notes = Stderr { quiet: args.run.quiet };
    let progress = args.run.progress();
    let sheet = args.base_sheet.as_deref();
    let inputs = (args.base.as_path(), sheet, args.base_residence.as_deref());
    let made = pipeline::index(inputs, args.config.as_deref(), &args.out, progress, &notes)?;
    crate::progress::stage_times_line().iter().for_each(|line| notes.note(line));
    notes.note(&format!(
        "{} persons indexed in {:.1}s; snapshot in {}",
        made.persons,
        made.seconds,
        args.out.display()
    ));
    Ok(())
}
