//! `doisoat profile`: wiring from arguments to [`crate::tools::profile`].

use super::Stderr;
use crate::cli::ProfileArgs;
use crate::error::Result;
use crate::tools::profile::{self, ProfileOptions};

/// Runs `doisoat profile`.
pub fn run(args: ProfileArgs) -> Result<()> {
    super::set_threads(args.threads)?;
    let opts = ProfileOptions {
        input: args.input,
        config: args.config,
        encoding: args.encoding,
        sheet: args.sheet,
        progress: !args.quiet,
    };
    let profile = profile::profile(&opts, &Stderr { quiet: args.quiet })?;
    let text = if args.json {
        serde_json::to_string_pretty(&profile).expect("plain data serialises") + "\n"
    } else {
        profile.table()
    };
    super::write_stdout(&text)
}
