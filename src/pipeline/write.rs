//! Stage 6: the input read again beside each row's outcome — the results
//! file, the reports' row-by-row counts, and the split files for data owners.

use std::path::Path;

use rayon::prelude::*;

use super::spill::{Kept, Spill};
use super::{ReconcileOptions, BATCH_ROWS};
use crate::classify::crossrow::CrossFlags;
use crate::classify::{self, Action, Status};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::index::BaseIndex;
use crate::progress::Progress;
use crate::read::encoding::Encoding;
use crate::read::mapping::{header_form, headers_seen, Layout, Role};
use crate::read::prefetch::each_batch;
use crate::read::{self, Row};
use crate::report::digest::Digest;
use crate::report::mask::{self, Mask};
use crate::report::split::{self, SplitFormat, Splitter};
use crate::report::words::Lang;
use crate::report::{ResultRecord, ResultsWriter, Tally};

/// What the reports and the split files show, and what is masked.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// The reports' and split files' language.
    pub lang: Lang,
    /// An input column to group the reports by.
    pub group_by: Option<String>,
    /// An input column to split the rows to act on by, into `DIR/split/`.
    pub split_by: Option<String>,
    /// The split files' format.
    pub split_format: SplitFormat,
    /// What is masked.
    pub mask: Mask,
}

/// What the write pass wrote and counted.
pub(super) struct Written {
    /// The results file's name and rows.
    pub results: (String, usize),
    /// Rows per status, action and reason.
    pub tally: Tally,
    /// The reports' counts.
    pub digest: Digest,
    /// The split files (under `split/`) and their rows.
    pub split: Vec<(String, u64)>,
}

/// Writes the results (and split files) for the rows whose outcomes are in `spill`.
#[allow(clippy::too_many_arguments)]
pub(super) fn write_pass(
    opts: &ReconcileOptions,
    config: &Config,
    encoding: Option<Encoding>,
    staged: &Path,
    keep: &[String],
    base: &BaseIndex,
    flags: &[CrossFlags],
    spill: &Spill,
) -> Result<Written> {
    let input_csv = matches!(read::format_of(&opts.input)?, read::Format::Csv);
    let mut input_src = read::open_sheet(&opts.input, encoding, opts.sheets.input.as_deref())?;
    let mapping = super::setup::input_mapping(&opts.input, input_src.as_mut(), config, &super::Silent)?;
    let mut layout = mapping.layout;
    let headers = input_src.headers().to_vec();
    let report = &opts.report;
    let group_slot =
        column_slot(&opts.input, &headers, report.group_by.as_deref(), "--group-by", &mut layout)?;
    let split_slot =
        column_slot(&opts.input, &headers, report.split_by.as_deref(), "--split-by", &mut layout)?;
    input_src.project(layout.columns().to_vec());
    let has_key = mapping.has_key;
    let kept_roles = layout.kept_roles();
    let mut writer = ResultsWriter::create(staged, opts.format, has_key, keep, opts.excel_csv)?;
    let mut splitter = match split_slot {
        Some(_) => Some(Splitter::create(
            &staged.join("split"),
            split::headers(report.lang, has_key, keep),
            report.split_format,
        )?),
        None => None,
    };
    let bar = Progress::new(opts.progress, "write", input_csv);
    let (mut i, mut tally, mut digest) = (0, Tally::default(), Digest::new(group_slot.is_some()));
    let mut outcomes = spill.reader()?;
    each_batch(input_src.as_mut(), BATCH_ROWS, |batch, (done, total)| {
        // More rows than the match pass read: the file changed in between.
        if i + batch.len() > flags.len() {
            return Err(read::changed(&opts.input));
        }
        let mut kept = Vec::with_capacity(batch.len());
        for (j, row) in batch.iter().enumerate() {
            let mut k = outcomes.next()?;
            k.reasons.extend(flags[i + j].reasons());
            tally.add(k.status, k.reasons);
            digest.add(k.status, k.reasons, k.score, cell(row, group_slot));
            kept.push(k);
        }
        let rows: Vec<(ResultRecord, Option<Vec<String>>)> = batch
            .par_iter()
            .zip(&kept)
            .map(|(row, k)| {
                let mut rec = record(row, k, &layout, has_key, base);
                let split = splitter.as_ref().and_then(|_| split_row(&rec, k, base, report, &kept_roles));
                if report.mask.results() {
                    mask_record(&mut rec, &kept_roles);
                }
                (rec, split)
            })
            .collect();
        i += rows.len();
        if let Some(s) = splitter.as_mut() {
            for (row, (_, cells)) in batch.iter().zip(&rows) {
                if let Some(cells) = cells {
                    s.add(cell(row, split_slot).unwrap_or(""), cells)?;
                }
            }
        }
        let records: Vec<ResultRecord> = rows.into_iter().map(|r| r.0).collect();
        writer.write(&records)?;
        bar.set(done, total);
        Ok(())
    })?;
    bar.finish();
    if i != flags.len() {
        return Err(read::changed(&opts.input));
    }
    let results = writer.finish()?;
    let split = splitter.map(Splitter::finish).transpose()?.unwrap_or_default();
    Ok(Written { results, tally, digest, split })
}

/// A projected row's cell at `slot`, if any (an unreadable row may lack it).
fn cell(row: &Row, slot: Option<usize>) -> Option<&str> {
    slot.and_then(|s| row.cells.get(s)).map(String::as_str)
}

/// The slot of the input column `name` (given with `flag`), added to the
/// layout's projection; the header as written, else compared as headers
/// are detected (case, accents and separators aside).
fn column_slot(
    path: &Path,
    headers: &[String],
    name: Option<&str>,
    flag: &str,
    layout: &mut Layout,
) -> Result<Option<usize>> {
    let Some(name) = name else { return Ok(None) };
    let col = headers
        .iter()
        .position(|h| h == name)
        .or_else(|| headers.iter().position(|h| header_form(h) == header_form(name)))
        .ok_or_else(|| Error::Mapping {
            path: path.into(),
            message: format!("{flag} {name}: no such column. Headers seen: {}", headers_seen(headers)),
        })?;
    Ok(Some(layout.slot(col)))
}

/// One results row.
fn record(row: &Row, o: &Kept, layout: &Layout, has_key: bool, base: &BaseIndex) -> ResultRecord {
    // An unreadable row still shows its key and kept cells as far as they could be read.
    let text = |role| layout.get(role, &row.cells).map(|s| s.trim().to_string()).unwrap_or_default();
    let ids: Vec<String> = o.candidates.iter().map(|k| k.to_string()).collect();
    ResultRecord {
        row: row.number,
        key: has_key.then(|| text(Role::Key)),
        status: o.status.code(),
        action: classify::action(o.status, o.reasons).code(),
        person_id: o.person.map(|p| base.id(p as usize).to_string()).unwrap_or_default(),
        score: o.score,
        reasons: o.reasons.joined(),
        suggested_id: o.suggested.map(|k| k.to_string()).unwrap_or_default(),
        candidates: ids.join("|"),
        keep: layout.kept(&row.cells).map(str::to_string).collect(),
    }
}

/// A split file's row for a row someone has to act on (else none).
fn split_row(
    rec: &ResultRecord,
    k: &Kept,
    base: &BaseIndex,
    report: &ReportOptions,
    kept_roles: &[Option<(Role, usize)>],
) -> Option<Vec<String>> {
    let action = classify::action(k.status, k.reasons);
    if action == Action::None {
        return None;
    }
    let lang = report.lang;
    let mut rec = rec.clone();
    let person = k.person.map(|p| p as usize).filter(|_| k.status != Status::IdConflict);
    let mut base_name = person.map(|p| base.name(p)).unwrap_or_default();
    if report.mask.shared() {
        mask_record(&mut rec, kept_roles);
        base_name = mask::name(&base_name);
    }
    let words: Vec<&str> = k.reasons.iter().map(|r| lang.reason(r)).collect();
    let mut cells = vec![rec.row.to_string()];
    cells.extend(rec.key);
    cells.extend([rec.status.to_string(), rec.action.to_string(), lang.action(action).to_string()]);
    cells.extend([rec.reasons, words.join(" ")]);
    cells.extend([rec.person_id, rec.suggested_id, rec.candidates, base_name]);
    cells.push(person.and_then(|p| base.dob(p)).map(|d| d.iso()).unwrap_or_default());
    cells.extend(rec.keep);
    Some(cells)
}

/// Masks a results row's IDs, and its kept cells that hold an ID or a name.
fn mask_record(rec: &mut ResultRecord, kept_roles: &[Option<(Role, usize)>]) {
    rec.person_id = mask::id(&rec.person_id);
    rec.suggested_id = mask::id(&rec.suggested_id);
    rec.candidates = mask::ids(&rec.candidates);
    for (cell, role) in rec.keep.iter_mut().zip(kept_roles) {
        match role {
            Some((Role::Id | Role::OldId, _)) => *cell = mask::id(cell),
            Some((Role::Name, 0)) => *cell = mask::name(cell),
            Some((Role::Name, _)) => *cell = mask::initials(cell),
            _ => {}
        }
    }
}
