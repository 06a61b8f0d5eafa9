//! `doisoat index`: wiring from arguments to [`crate::pipeline::index`].

use super::Stderr;
use crate::cli::IndexArgs;
use crate::encoded::encode::EncodeOptions;
use crate::encoded::file::Side;
use crate::error::Result;
use crate::pipeline::{self, Notes};

/// Runs `doisoat index`.
pub fn run(args: IndexArgs) -> Result<()> {
    super::set_threads(args.run.threads)?;
    let notes = Stderr { quiet: args.run.quiet };
    let progress = args.run.progress();
    if let (true, Some(key_file)) = (args.encoded, args.key_file) {
        let opts = EncodeOptions {
            input: args.base,
            side: Side::Base,
            key_file,
            out: args.out,
            config: args.config,
            encoding: None,
            sheet: args.base_sheet,
            flips: args.flips,
            progress,
        };
        return super::encode::encoded(&opts, &notes, "persons");
    }
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
