//! The run's record (`manifest.json`): its command, what it read, and each
//! file it wrote with its rows, size and SHA-256.

use std::path::Path;

use rayon::prelude::*;

use super::ReconcileOptions;
use crate::error::Result;
use crate::report::manifest::{self, Source};
use crate::report::{Manifest, ManifestFile};

/// The record of the run `opts` describes: `sources` as hashed, and the
/// files `written` (name, rows) in `staged`.
pub(super) fn run_record(
    opts: &ReconcileOptions,
    staged: &Path,
    sources: Vec<Source>,
    written: Vec<(String, u64)>,
    known: Vec<(String, manifest::FileDigest)>,
) -> Result<Manifest> {
    let absolute =
        |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf()).display().to_string();
    let files = written
        .into_par_iter()
        .map(|(name, rows)| {
            let (bytes, sha256) = match known.iter().find(|(k, _)| *k == name) {
                Some((_, digest)) => digest.clone(),
                None => manifest::hash_file(&staged.join(&name))?,
            };
            Ok(ManifestFile { name, rows, bytes: Some(bytes), sha256: Some(sha256) })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Manifest {
        doisoat_version: env!("CARGO_PKG_VERSION").to_string(),
        base: absolute(&opts.base),
        input: absolute(&opts.input),
        config: opts.config.as_deref().map(absolute),
        input_encoding: opts.input_encoding.map(|e| e.name().to_string()),
        base_sheet: opts.sheets.base.clone(),
        input_sheet: opts.sheets.input.clone(),
        arguments: opts.arguments.clone(),
        sources,
        files,
    })
}
