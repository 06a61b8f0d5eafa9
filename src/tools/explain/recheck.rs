//! `explain` on an exam or residence row: the run's check made again for
//! the row, from the side files the run read (`manifest.json` records them,
//! checked unchanged) and the exam year it used (`summary.json`).

use std::path::{Path, PathBuf};

use crate::classify::Outcome;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::index::snapshot::history::HistorySource;
use crate::index::BaseIndex;
use crate::pipeline::checks::Checks;
use crate::read::kind::Kind;
use crate::read::mapping::Layout;
use crate::report::Manifest;

/// The account of row `number`'s check (`cells` projected by `layout`,
/// `outcome` its identity's decision), or `None` when the run checked no
/// residence (a credit export, or one without the side files).
pub(super) fn check_text(
    out: &Path,
    manifest: &Manifest,
    config: &Config,
    (layout, base): (&Layout, &BaseIndex),
    (number, cells, outcome): (u64, &[String], &Outcome),
) -> Result<Option<String>> {
    let summary_path = out.join("summary.json");
    let text = std::fs::read_to_string(&summary_path).map_err(|e| Error::io(&summary_path, "reading", e))?;
    let summary: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Error::data(&summary_path, format!("not the run's summary ({e}): run reconcile again"))
    })?;
    let check = &summary["check"];
    let kind = match (check["ran"].as_bool(), check["kind"].as_str()) {
        (Some(true), Some("exam")) => Kind::Exam,
        (Some(true), Some("residence")) => Kind::Residence,
        _ => return Ok(None),
    };
    let side = |role: &str| manifest.sources.iter().find(|s| s.role == role).map(|s| PathBuf::from(&s.path));
    let history = match (side("base_residence"), check["base_residence_from"].as_str(), side("base")) {
        (Some(file), _, _) => HistorySource::File(file),
        (None, Some("snapshot"), Some(dir)) => HistorySource::Snapshot(dir),
        _ => return Ok(None),
    };
    let areas = side("priority_areas");
    // The school rule's list, when the run judged by it.
    let schools = side("schools").filter(|_| check["rule"].as_str() == Some("school"));
    let year = check["exam_year"].as_u64().and_then(|y| u32::try_from(y).ok());
    let person = outcome.person.and_then(|p| u32::try_from(p).ok());
    let sides = (&history, areas.as_deref(), schools.as_deref());
    let checks = Checks::reload(config, (kind, layout, base), sides, year, person)?;
    let extra = kind == Kind::Residence && results_say(out, number, "RESIDENCE_EXTRA_IN_BASE")?;
    Ok(checks.explain(outcome.status, person, base, layout, cells, extra))
}

/// The run's `results.csv` gives row `number` the reason `code` (false
/// when the results are in another format: the account then leaves the
/// cross-row reason out).
fn results_say(out: &Path, number: u64, code: &str) -> Result<bool> {
    let path = out.join("results.csv");
    if !path.exists() {
        return Ok(false);
    }
    let bad = |e: csv::Error| Error::data(&path, format!("cannot be read ({e}): run reconcile again"));
    let mut reader = csv::Reader::from_path(&path).map_err(bad)?;
    let headers = reader.headers().map_err(bad)?.clone();
    let at = |name: &str| headers.iter().position(|h| h == name);
    let (Some(row_at), Some(reasons_at)) = (at("row"), at("reasons")) else { return Ok(false) };
    for record in reader.records() {
        let record = record.map_err(bad)?;
        if record.get(row_at).and_then(|r| r.parse::<u64>().ok()) == Some(number) {
            return Ok(record.get(reasons_at).is_some_and(|r| r.split('|').any(|c| c == code)));
        }
    }
    Ok(false)
}
