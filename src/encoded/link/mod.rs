//! `reconcile` on encoded files: an encoded export against an encoded
//! base, by a party that may hold neither the values nor the key. The
//! stages in order: check that both files were encoded alike, read them,
//! index the base, estimate the model, decide every row, write the results
//! (`results.csv`: the export's keys, statuses, reasons, probabilities and
//! the base's person references) and `summary.json`.

pub mod decide;
pub mod estimate;
pub mod levels;
pub mod model;
pub mod search;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde_json::json;

use super::file::{Header, Side, Table};
use crate::classify::{finish, Reasons, Status};
use crate::config::Matching;
use crate::error::{Error, Result};
use crate::output::table::TableWriter;
use crate::output::{Format, RunDir};
use crate::pipeline::Notes;
use crate::progress::Progress;
use decide::{decide, Outcome, Policy};
use search::Base;

/// Rows decided between two writes.
const BATCH: usize = 1 << 16;

/// What an encoded reconciliation was asked to do.
#[derive(Debug, Clone)]
pub struct LinkOptions {
    /// The encoded base (`doisoat index --encoded`).
    pub base: PathBuf,
    /// The encoded export (`doisoat encode`).
    pub input: PathBuf,
    /// The output directory.
    pub out: PathBuf,
    /// How far matching may go (the configuration's `[matching]`).
    pub matching: Matching,
    /// Draw progress (on a terminal only).
    pub progress: bool,
}

/// What a run found.
#[derive(Debug, Clone)]
pub struct Linked {
    /// Rows of the export.
    pub rows: u64,
    /// Persons in the base.
    pub persons: u64,
    /// Rows per status.
    pub counts: BTreeMap<Status, u64>,
    /// Seconds.
    pub seconds: f64,
}

/// The encoded headers of the two files, when both are encoded; an error
/// when only one is, or they were not encoded alike.
pub fn headers(base: &Path, input: &Path) -> Result<Option<(Header, Header)>> {
    let (b, i) = (super::file::header(base)?, super::file::header(input)?);
    let (b, i) = match (b, i) {
        (None, None) => return Ok(None),
        (Some(b), Some(i)) => (b, i),
        (Some(_), None) => return Err(mixed(input, "the base is encoded (doisoat index --encoded) and the export is not: encode it with doisoat encode and the same key")),
        (None, Some(_)) => return Err(mixed(base, "the export is encoded (doisoat encode) and the base is not: encode it with doisoat index --encoded and the same key")),
    };
    if b.side != Side::Base {
        return Err(mixed(base, "this is an encoded export, given as --base: give the encoded base (doisoat index --encoded) there"));
    }
    if i.side != Side::Input {
        return Err(mixed(
            input,
            "this is an encoded base, given as --input: give the encoded export (doisoat encode) there",
        ));
    }
    if b.key_check != i.key_check {
        return Err(mixed(
            input,
            "encoded under another key than the base: both sides must encode with the same key file",
        ));
    }
    // The flips may differ between the sides; the filters' sizes may not.
    if b.params.shapes() != i.params.shapes() {
        return Err(mixed(
            input,
            "encoded with other filter sizes than the base: encode both with the same doisoat version",
        ));
    }
    if b.blocks != i.blocks || b.fields != i.fields {
        return Err(mixed(input, "encoded with other [[block]] rules or [[compare]] fields than the base: encode both with the same configuration"));
    }
    Ok(Some((b, i)))
}

fn mixed(path: &Path, message: &str) -> Error {
    Error::Usage(format!("{}: {message}", path.display()))
}

/// Reconciles an encoded export against an encoded base.
pub fn reconcile(
    opts: &LinkOptions,
    (base_header, input_header): (&Header, &Header),
    notes: &dyn Notes,
) -> Result<Linked> {
    let started = Instant::now();
    let run = RunDir::begin(&opts.out)?;
    let step = Progress::step(opts.progress, "base");
    let base = Base::new(Table::read(&opts.base, base_header)?, &base_header.blocks, opts.matching.block_cap);
    step.finish();
    let step = Progress::step(opts.progress, "input");
    let input = Table::read(&opts.input, input_header)?;
    step.finish();
    let step = Progress::step(opts.progress, "model");
    let model = estimate::estimate(&input, &base, &base_header.fields, opts.matching.expected_match_share);
    step.finish();
    let policy = Policy {
        threshold: opts.matching.link_threshold,
        margin: opts.matching.ambiguity_margin,
        link_without_id: opts.matching.link_without_id,
        max_candidates: opts.matching.max_candidates,
    };
    let ceiling = model.ceiling_without_id() + search::MOST_RARITY;
    let own = |i: usize| Reasons::parse(&input.reasons[i]);
    let results = run.path().join("results.csv");
    let names = ["row", "key", "status", "action", "person_ref", "score", "reasons", "candidates"];
    let mut writer = TableWriter::create(&results, Format::Csv, &names)?;
    let bar = Progress::new(opts.progress, "match", crate::progress::Unit::Rows);
    let mut counts: BTreeMap<Status, u64> = BTreeMap::new();
    for start in (0..input.len()).step_by(BATCH) {
        let end = (start + BATCH).min(input.len());
        let outcomes: Vec<Outcome> = (start..end)
            .into_par_iter()
            .map(|i| {
                let decided = |found: &search::Found| {
                    let pairs = search::score(&input, i, &base, found, &model);
                    let best = pairs.first().map(|b| b.weight);
                    (decide((&input, i), &base.table, own(i), (found, &pairs), policy, &model), best)
                };
                // The row's own ID first: when it links a person so far ahead
                // that no one the blocks could find comes within the margin,
                // the blocks would change nothing (the same outcome, sooner).
                let (outcome, best) = decided(&base.owners(&input, i));
                match best {
                    Some(w) if outcome.status.links() && w - ceiling >= policy.margin => outcome,
                    _ => decided(&base.candidates(&input, i)).0,
                }
            })
            .collect();
        for (i, o) in (start..end).zip(outcomes) {
            *counts.entry(o.status).or_default() += 1;
            let verdict = finish(o.status, [o.reasons]);
            let person = o.person.map_or("", |p| base.table.key(p as usize));
            let score = o.score.map(crate::report::results::format_score).unwrap_or_default();
            let candidates: Vec<&str> = o.candidates.iter().map(|&p| base.table.key(p as usize)).collect();
            let row = (i + 1).to_string();
            writer.row(&[
                &row,
                input.key(i),
                o.status.code(),
                verdict.action.code(),
                person,
                &score,
                &verdict.reasons.joined(),
                &candidates.join("|"),
            ])?;
        }
        bar.set(end as u64, input.len() as u64);
    }
    bar.finish();
    writer.finish()?;
    let summary = json!({
        "encoded": true,
        "rows": input.len(),
        "base_persons": base.table.len(),
        "statuses": Status::ALL.iter().map(|s| (s.code(), counts.get(s).copied().unwrap_or(0))).collect::<BTreeMap<_, _>>(),
        "encoding": {"version": base_header.version, "params": base_header.params, "blocks": base_header.blocks, "fields": base_header.fields},
        "model": model.to_json(),
    });
    let json = serde_json::to_string_pretty(&summary).expect("a summary serialises");
    crate::output::write_all(&run.path().join("summary.json"), json.as_bytes())?;
    run.commit(&[])?;
    notes.note(&format!("model: share of rows in the base {:.3}", model.match_share));
    Ok(Linked {
        rows: input.len() as u64,
        persons: base.table.len() as u64,
        counts,
        seconds: started.elapsed().as_secs_f64(),
    })
}
