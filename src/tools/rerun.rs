//! A completed run opened again: its manifest read, its inputs checked
//! unchanged, and its set-up (configuration, column mapping, base index,
//! model) redone exactly as `reconcile` did it.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::pipeline::setup::{self, load_config, Opened, Prepared, Silent};
use crate::pipeline::Notes;
use crate::pipeline::Sheets;
use crate::read::encoding::Encoding;
use crate::report::manifest::{self, Source};
use crate::report::Manifest;

/// A completed run's inputs opened again and its set-up redone, exactly as
/// `reconcile` did it.
pub(super) fn reopen(out: &Path, notes: &dyn Notes) -> Result<(Opened, Prepared, Reread)> {
    let manifest = manifest::load(out)?;
    if let Some(change) = manifest.sources.iter().find_map(Source::changed) {
        return Err(Error::data(
            out.join("manifest.json"),
            format!("{change}: the answer would come from other data than the run's; run reconcile again"),
        ));
    }
    let config = load_config(manifest.config.as_deref().map(Path::new))?;
    let (base_path, input_path) = (PathBuf::from(&manifest.base), PathBuf::from(&manifest.input));
    let encoding = config.input.encoding_given(manifest.input_encoding.as_deref().and_then(Encoding::parse));
    let sheets = Sheets { base: manifest.base_sheet.clone(), input: manifest.input_sheet.clone() };
    let mut opened = setup::open(&base_path, &input_path, encoding, &sheets, &config, notes)?;
    let history =
        manifest.sources.iter().find(|s| s.role == "base_residence").map(|s| PathBuf::from(&s.path));
    let prepared =
        setup::prepare(&mut opened, (&input_path, encoding), history.as_deref(), &config, false, &Silent)?;
    Ok((opened, prepared, Reread { manifest, config }))
}

/// What a completed run's record and configuration say, read again.
pub(super) struct Reread {
    pub manifest: Manifest,
    pub config: Config,
}
