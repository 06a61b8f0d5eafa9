//! `doisoat generate`: wiring from arguments to [`crate::generate::generate`].

use std::time::Instant;

use crate::cli::GenerateArgs;
use crate::error::{Error, Result};
use crate::generate::{self, faults::Profile, GenerateOptions};

/// Runs `doisoat generate`.
pub fn run(args: GenerateArgs) -> Result<()> {
    let profile = Profile::named(&args.faults).ok_or_else(|| {
        Error::Usage(format!(
            "--faults {}: unknown profile; use none, light, realistic or hostile",
            args.faults
        ))
    })?;
    let started = Instant::now();
    let opts = GenerateOptions {
        persons: args.persons,
        records: args.records,
        seed: args.seed,
        profile,
        out: args.out,
    };
    let generated = generate::generate(&opts)?;
    if !args.quiet {
        eprintln!(
            "{} persons and {} records written to {} in {:.1}s",
            opts.persons,
            opts.records,
            opts.out.display(),
            started.elapsed().as_secs_f64()
        );
        let mut err = std::io::stderr();
        generate::describe(&generated, &mut err).map_err(|e| Error::io("stderr", "writing", e))?;
    }
    Ok(())
}
