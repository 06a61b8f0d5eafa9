//! `doisoat encode`: wiring from arguments to [`crate::encoded::encode`].

use super::Stderr;
use crate::cli::EncodeArgs;
use crate::encoded::encode::{encode, EncodeOptions};
use crate::encoded::file::Side;
use crate::error::Result;
use crate::pipeline::Notes;

/// Runs `doisoat encode`.
pub fn run(args: EncodeArgs) -> Result<()> {
    super::set_threads(args.run.threads)?;
    let notes = Stderr { quiet: args.run.quiet };
    let opts = EncodeOptions {
        input: args.input,
        side: Side::Input,
        key_file: args.key_file,
        out: args.out,
        config: args.config,
        encoding: args.encoding,
        sheet: args.sheet,
        flips: args.flips,
        progress: args.run.progress(),
    };
    encoded(&opts, &notes, "rows")
}

/// Encodes one side (`what`: its records, `rows` or `persons`) and says where it went.
pub(super) fn encoded(opts: &EncodeOptions, notes: &dyn Notes, what: &str) -> Result<()> {
    let done = encode(opts, notes)?;
    notes.note(&format!(
        "{} {what} encoded in {:.1}s: {} (keep the key file apart from it)",
        done.written,
        done.seconds,
        opts.out.display()
    ));
    Ok(())
}
