//! `doisoat generate`: wiring from arguments to [`crate::generate::generate`].

use std::time::Instant;

use crate::cli::{ExportKind, GenerateArgs, OmitArg, OutFormat};
use crate::error::{Error, Result};
use crate::generate::{self, faults::Profile, GenerateOptions, Kind};
use crate::read::Format;

/// Runs `doisoat generate`.
pub fn run(args: GenerateArgs) -> Result<()> {
    let profile = Profile::load(&args.faults)?;
    let started = Instant::now();
    let opts = GenerateOptions {
        persons: args.persons,
        records: args.records,
        kind: match args.kind {
            ExportKind::Credit => Kind::Credit,
            ExportKind::Exam => Kind::Exam,
            ExportKind::Residence => Kind::Residence,
        },
        seed: args.seed,
        profile,
        format: match args.format {
            OutFormat::Csv => Format::Csv,
            OutFormat::Parquet => Format::Parquet,
        },
        out: args.out,
        omit: generate::Omit { dob: args.omit.contains(&OmitArg::Dob), id: args.omit.contains(&OmitArg::Id) },
        schools: args.schools,
    };
    let generated = generate::generate(&opts)?;
    if !args.quiet {
        let secs = started.elapsed().as_secs_f64();
        crate::progress::note(&format!(
            "{} persons and {} export rows written to {} in {secs:.1}s ({:.0} rows/s)",
            opts.persons,
            generated.rows,
            opts.out.display(),
            (opts.persons + generated.rows) as f64 / secs.max(1e-9)
        ));
        let mut description = Vec::new();
        generate::describe(&generated, &mut description).map_err(|e| Error::io("stderr", "writing", e))?;
        crate::progress::note(String::from_utf8_lossy(&description).trim_end());
    }
    Ok(())
}
