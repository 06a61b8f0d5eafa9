//! Where a run reads the base's residence history from — the file
//! `--base-residence` names, or the snapshot `--base` names when `doisoat
//! index` kept one in it — and what is said of it on the way.

use std::path::Path;

use super::{Notes, ReconcileOptions};
use crate::config::Config;
use crate::error::Result;
use crate::index::residence::Residence;
use crate::index::snapshot::history::{HistoryMeta, HistorySettings, HistorySource};
use crate::index::snapshot::{is_snapshot, read_meta};
use crate::index::BaseIndex;
use crate::progress::Progress;
use crate::read::kind::Kind;

/// How a history is read under `config`.
pub(super) fn history_settings(config: &Config) -> HistorySettings {
    HistorySettings::new(config.base_residence.clone(), config.id_scheme)
}

/// The history a reconciliation of `kind` reads: `--base-residence`'s
/// file, else the snapshot's own (a credit export reads none).
pub(super) fn history_source(
    opts: &ReconcileOptions,
    kind: Kind,
    notes: &dyn Notes,
) -> Result<Option<HistorySource>> {
    let kept = kind != Kind::Credit && is_snapshot(&opts.base) && read_meta(&opts.base)?.residence.is_some();
    Ok(match &opts.check.base_residence {
        Some(path) => {
            if kept {
                notes.note(
                    "note: the snapshot's residence history is not used: --base-residence FILE is given",
                );
            }
            Some(HistorySource::File(path.clone()))
        }
        None if kept => Some(HistorySource::Snapshot(opts.base.clone())),
        None => None,
    })
}

/// Says on `notes` how the history's columns were mapped (`lines`) and
/// which of its rows were left out.
pub(super) fn say_history(residence: &Residence, lines: &[String], notes: &dyn Notes) {
    lines.iter().for_each(|l| notes.note(&format!("residence {l}")));
    if residence.not_in_base > 0 {
        notes.note(&format!(
            "base residence: {} of {} rows are of persons not in the base (left out)",
            residence.not_in_base, residence.rows
        ));
    }
    if residence.empty > 0 {
        notes.note(&format!(
            "base residence: {} rows are periods that end the day they begin (no day of residence: left out)",
            residence.empty
        ));
    }
    if let Some(line) = residence.places.said("base residence") {
        notes.note(&format!("note: {line}"));
    }
}

/// `doisoat index --base-residence`: the whole history of `path` for the
/// snapshot of `base`, with its record.
pub(super) fn index_history(
    path: &Path,
    config: &Config,
    base: &BaseIndex,
    progress: bool,
    notes: &dyn Notes,
) -> Result<(Residence, HistoryMeta)> {
    let step = Progress::step(progress, "residence");
    let (residence, lines) =
        Residence::load(path, &config.base_residence, config.id_scheme, base, &|_| true)?;
    step.finish();
    say_history(&residence, &lines, notes);
    let meta = HistoryMeta::of(&residence, path, history_settings(config).fingerprint, lines);
    notes.note(&format!("base residence: {} periods kept in the snapshot", meta.periods));
    Ok((residence, meta))
}
