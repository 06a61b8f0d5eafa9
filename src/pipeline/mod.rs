//! The reconcile pipeline, in order: read → normalize → index → compare →
//! classify → report. This is the only module that knows the order; each
//! stage only knows its own input and output. [`setup`] is the part every
//! matching command shares.

pub(crate) mod checks;
mod gather;
pub(crate) mod guards;
mod history;
pub(crate) mod mapping;
mod options;
mod record;
pub mod setup;
mod spill;
mod swapped;
mod write;

pub use options::{CheckOptions, ReconcileOptions};
pub use setup::{load_config, Sheets, Silent};
pub use write::ReportOptions;

use std::hash::{Hash, Hasher};
use std::path::Path;
use std::time::{Instant, SystemTime};

use rayon::prelude::*;

use crate::classify::crossrow::{self, RowFacts};
use crate::classify::{self, Outcome};
use crate::error::{Error, Result};
use crate::normalize::Identity;
use crate::output::RunDir;
use crate::progress::{self, Progress};
use crate::read;
use crate::read::kind::{Kind, KindChoice};
use crate::read::prefetch::{each_batch, freeing};
use crate::report::about::About;
use crate::report::manifest::{self, FileDigest, Source};
use crate::report::rejects::Rejects;
use crate::report::summary::{MatchCounts, Stopwatch};
use crate::report::words::Quality;
use crate::report::{document, render, summary, Summary};
use guards::{
    conservation, finish_base_rejects, refuse_directories_in_the_way, refuse_outputs_as_inputs,
    refuse_too_many_rejects, OUTPUT_NAMES,
};
use spill::{Kept, Spill};

/// Rows handled per parallel batch: large enough to keep every core busy,
/// small enough that memory does not grow with the input.
pub const BATCH_ROWS: usize = 1 << 16;

/// Where the pipeline sends its notes for a person (the column mapping, warnings).
pub trait Notes {
    /// One line of information.
    fn note(&self, line: &str);
}

/// What `doisoat index` made.
#[derive(Debug, Clone, Copy)]
pub struct Indexed {
    /// Persons in the snapshot.
    pub persons: usize,
    /// Seconds it took, writing included.
    pub seconds: f64,
}

/// Reads, normalises and indexes the base file `base` (a workbook: its
/// sheet `sheet`, or its first) once, with the base's residence `history`
/// if given, and writes it as a snapshot in `out`, for `reconcile --base
/// out` with the same configuration.
pub fn index(
    (base, sheet, history): (&Path, Option<&str>, Option<&Path>),
    config: Option<&Path>,
    out: &Path,
    progress: bool,
    notes: &dyn Notes,
) -> Result<Indexed> {
    let started = Instant::now();
    guards::refuse_missing([("--base", Some(base)), ("--config", config), ("--base-residence", history)])?;
    let config = load_config(config)?;
    if let Some(path) = history {
        crate::index::residence::Residence::check_columns(path, &config.base_residence)?;
    }
    let mut file = setup::open_base(base, sheet, &config, notes)?;
    let (index, blocks, _) = setup::index_base(&mut file, &config, progress, notes)?;
    let history =
        history.map(|path| history::index_history(path, &config, &index, progress, notes)).transpose()?;
    let step = Progress::step(progress, "write");
    let history = history.as_ref().map(|(h, meta)| (h, meta));
    crate::index::snapshot::write(out, (&index, &blocks), history, &config.base_fingerprint(), base)?;
    step.finish();
    Ok(Indexed { persons: index.len(), seconds: started.elapsed().as_secs_f64() })
}

/// Runs a whole reconciliation and returns its summary.
pub fn reconcile(opts: &ReconcileOptions, notes: &dyn Notes) -> Result<Summary> {
    let (started, started_at) = (Instant::now(), SystemTime::now());
    guards::refuse_missing([
        ("--base", Some(opts.base.as_path())),
        ("--input", Some(opts.input.as_path())),
        ("--config", opts.config.as_deref()),
        ("--base-residence", opts.check.base_residence.as_deref()),
        ("--priority-areas", opts.check.priority_areas.as_deref()),
        ("--schools", opts.check.schools.as_deref()),
    ])?;
    let mut config = load_config(opts.config.as_deref())?;
    if let Some(kind) = opts.check.kind {
        config.input.kind = kind;
    }
    let encoding = opts.input_encoding.or(config.input.encoding);

    // Stage 1: open both tables and map their columns before any work.
    refuse_outputs_as_inputs(opts)?;
    refuse_directories_in_the_way(&opts.out)?;
    // `--input -`: standard input is read more than once, so it is copied
    // first, into the run's own directory once the run holds DIR (a killed
    // run's copy goes with its directory when the next run begins).
    let early = if opts.input.as_os_str() == "-" { Some(RunDir::begin(&opts.out)?) } else { None };
    let spooled = early
        .as_ref()
        .map(|run| read::stdin::Spooled::stdin(&run.path(), opts.max_input.bytes))
        .transpose()?;
    // The input as named (`-` for standard input), for the reports.
    let input_given = opts.input.clone();
    let from_stdin;
    let opts = match &spooled {
        Some(spool) => {
            from_stdin = ReconcileOptions { input: spool.path().to_path_buf(), ..opts.clone() };
            &from_stdin
        }
        None => opts,
    };
    let input_print = read::Fingerprint::of(&opts.input)?;
    let mut opened = setup::open(&opts.base, &opts.input, encoding, &opts.sheets, &config, notes)?;
    write::check_columns(opts, opened.input_src.headers(), &opened.input.layout)?;
    // The run is written to a directory of its own, made the output's in one step at the end.
    let run = match early {
        Some(run) => run,
        None => RunDir::begin(&opts.out)?,
    };
    let staged = run.path();
    // The run's record hashes what it reads, beside the work.
    let sources = {
        let mut files = vec![("base", opts.base.clone()), ("input", opts.input.clone())];
        files.extend(opts.config.clone().map(|c| ("config", c)));
        files.extend(opts.check.base_residence.clone().map(|c| ("base_residence", c)));
        files.extend(opts.check.priority_areas.clone().map(|c| ("priority_areas", c)));
        files.extend(opts.check.schools.clone().map(|c| ("schools", c)));
        files.extend(config.places.file.clone().map(|c| ("places", c)));
        std::thread::spawn(move || -> Result<Vec<Source>> {
            files.iter().map(|(role, path)| manifest::source(role, path)).collect()
        })
    };

    // Rows that cannot be read (and base rows without a usable ID) are listed as they are met.
    if let setup::BaseInput::File(file) = &mut opened.base {
        file.rejects = Some(Box::new(Rejects::create(&staged.join("base_rejects.csv"), opts.debug_values)?));
    }
    let mut rejects = Rejects::create(&staged.join("rejects.csv"), opts.debug_values)?;

    // Stages 2–4: normalise the base, index it, estimate the model.
    let history = opts.check.base_residence.as_deref();
    let prepared =
        setup::prepare(&mut opened, (&opts.input, encoding), history, &config, opts.progress, notes)?;
    let (matcher, policy) = (prepared.deciding_matcher(), prepared.policy);
    let base = &prepared.base;
    let base_rejects = match &mut opened.base {
        setup::BaseInput::File(file) => file.rejects.take(),
        setup::BaseInput::Snapshot(_) => None,
    };
    let base_listed = base_rejects.is_some();
    finish_base_rejects(opts, base, base_rejects)?;

    // Stages 2, 4, 5 on the input, batch by batch: each row's outcome to
    // the spill file, 16 bytes of it kept for the cross-row flags.
    let setup::Opened { input_src, input: mapping, .. } = opened;
    let mut input_src = read::capped::Capped::wrap(input_src, &opts.input, opts.max_input)?;
    // The exam's and residence's side files, read before the match pass
    // but for the history (read after it, for the persons it linked).
    let mut watch = Stopwatch::after(prepared.stages.clone());
    let mut checks = checks::Checks::load(opts, &config, (mapping.kind, &mapping.layout), base, notes)?;
    let mut gather = checks.gather();
    let input_rules = &prepared.input_rules;
    let (spill, mut spilled) = Spill::create(&staged)?;
    let mut facts: Vec<RowFacts> = Vec::new();
    let mut counts = MatchCounts::default();
    let bar = Progress::new(opts.progress, "match", input_src.unit());
    // The batch before, freed while this one is matched.
    let mut spent = Vec::new();
    each_batch(input_src.as_mut(), BATCH_ROWS, |batch, (done, total)| {
        let outcomes: Vec<(Outcome, RowFacts, MatchCounts, _)> = freeing(std::mem::take(&mut spent), || {
            batch
                .par_iter()
                .map(|row| match row.malformed {
                    Some(fault) => {
                        (classify::unreadable(fault), RowFacts::default(), MatchCounts::default(), None)
                    }
                    None => {
                        let identity = mapping.layout.identity(&row.cells, input_rules);
                        let d = classify::decide(&identity, policy, matcher);
                        let s = &d.search;
                        let work = MatchCounts {
                            rows_settled_by_id: u64::from(!s.searched && s.owners > 0),
                            rows_searched: u64::from(s.searched),
                            candidates_compared: s.candidates.len() as u64,
                            rows_with_a_cut_block: u64::from(s.capped),
                        };
                        let facts = row_facts(&identity, d.outcome.person);
                        (d.outcome, facts, work, gather.period(&mapping.layout, &row.cells))
                    }
                })
                .collect()
        });
        for row in batch.iter().filter(|r| r.malformed.is_some()) {
            rejects.add(row, classify::fault_reason(row.malformed.expect("filtered")).code())?;
        }
        for (o, f, work, period) in outcomes {
            gather.add(facts.len(), &o, period, base);
            counts.add(&work);
            facts.push(f);
            spilled.push(&Kept::from(o))?;
        }
        spent = batch;
        bar.set_rows(facts.len() as u64);
        bar.set(done, total);
        Ok(())
    })?;
    drop(spent);
    bar.finish();
    watch.lap("match");
    spilled.finish()?;
    input_print.check(&opts.input)?;
    refuse_too_many_rejects(&opts.input, &rejects, facts.len() as u64, opts.max_rejects)?;
    let unreadable = rejects.count();
    rejects.finish()?;
    // The base's history of the linked persons, the exam year, and a
    // residence export's periods missing from the base.
    checks.finish(gather, base, notes)?;
    if checks.summary().is_some_and(|c| c.ran) {
        watch.lap("residence");
    }
    // Stage 5, across rows: the same person twice (but in a residence export,
    // a row per period), one ID for several identities.
    let step = Progress::step(opts.progress, "cross_row");
    let flags = crossrow::flags(facts, mapping.kind != Kind::Residence);
    step.finish();
    watch.lap("cross_row");

    // Stage 6: the input again, for keys and kept columns, with each row's outcome.
    let written =
        write::write_pass(opts, &config, encoding, &staged, &mapping.keep, base, (&flags, &checks), &spill)?;
    input_print.check(&opts.input)?;
    let write::Written {
        results: (results_name, results_rows, results_hash),
        tally,
        digest,
        split,
        group_header,
    } = written;
    conservation(flags.len() as u64, results_rows as u64, &tally, unreadable)?;
    drop(spill);
    watch.lap("write");

    let elapsed = started.elapsed().as_secs_f64();
    // The files for people, then the run's record: each a stage of its own on the screen.
    let step = Progress::step(opts.progress, "report");
    let mut summary =
        Summary::with_stages(&tally, base.len() as u64, base.rejected, elapsed, watch.stages(), counts);
    summary.quality_rows = Quality::ALL.iter().map(|q| q.code()).zip(digest.quality_met).collect();
    summary.check = checks.summary();
    summary::write_json(&staged.join("summary.json"), &summary)?;
    summary::write_json(&staged.join("model.json"), &prepared.model_json())?;
    let report = &opts.report;
    let detected = config.input.kind == KindChoice::Auto;
    let about = About::new(mapping.kind, detected, &input_given, &opts.base, progress::minute(started_at));
    let document = document::build(&summary, &digest, &about, report.lang, group_header.as_deref());
    crate::output::write_all(&staged.join("report.md"), render::markdown(&document).as_bytes())?;
    crate::output::write_all(&staged.join("report.html"), render::html(&document).as_bytes())?;
    step.finish();
    // The inputs' hashes (taken beside the work: waited for here when the inputs are large) and the outputs'.
    let step = Progress::step(opts.progress, "manifest");
    let sources = sources.join().map_err(|_| Error::data(&opts.input, "hashing the inputs failed"))??;
    // A snapshot's tables as read are the ones `doisoat index` wrote.
    if let (setup::BaseInput::Snapshot(dir), Some(base)) =
        (&opened.base, sources.iter().find(|s| s.role == "base"))
    {
        crate::index::snapshot::check_tables(dir, &base.files)?;
    }
    // What the inputs were when hashed is what the run read.
    input_print.check(&opts.input)?;
    // The results (the one large output) as hashed while written.
    let known: Vec<(String, FileDigest)> =
        results_hash.map(|h| (results_name.clone(), h)).into_iter().collect();
    let mut written = vec![(results_name, results_rows as u64), ("rejects.csv".into(), unreadable)];
    if base_listed {
        written.push(("base_rejects.csv".into(), base.rejected));
    }
    written.extend([("summary.json".into(), 1), ("model.json".into(), 1)]);
    written.extend([("report.md".into(), 1), ("report.html".into(), 1)]);
    written.extend(split.into_iter().map(|(name, rows)| (format!("split/{name}"), rows)));
    let manifest = record::run_record(opts, &staged, sources, written, known)?;
    summary::write_json(&staged.join("manifest.json"), &manifest)?;
    step.finish();
    // The copy of standard input is no output.
    drop(spooled);
    run.commit(&OUTPUT_NAMES)?;
    Ok(summary)
}

/// The cross-row facts of a readable row linked to `person`: its ID key
/// and the hash of its folded name and date of birth.
fn row_facts(identity: &Identity, person: Option<usize>) -> RowFacts {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    identity.name.folded.hash(&mut h);
    identity.dob().map(|d| d.0).hash(&mut h);
    RowFacts::new(person.map(|p| p as u32), identity.id.key().map(|k| k.0), h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::search::Matcher;
    use crate::config::Config;
    use crate::generate::faults::Profile;
    use crate::generate::{generate, GenerateOptions, Kind};
    use crate::read::Format;

    /// Leaving out the candidates that cannot matter changes no decision,
    /// on a hostile export, with the default blocks and with tiny capped
    /// ones, and on an exam export whose places cut and complete blocks;
    /// and it does leave some out.
    #[test]
    fn pruned_search_decides_every_row_as_the_full_search() {
        let dir = tempfile::tempdir().unwrap();
        let path = |kind: Kind, file: &str| dir.path().join(format!("{kind:?}")).join(file);
        for kind in [Kind::Credit, Kind::Exam] {
            let opts = GenerateOptions {
                persons: 20_000,
                records: 4_000,
                kind,
                seed: 5,
                profile: Profile::named("hostile").unwrap(),
                format: Format::Csv,
                out: path(kind, ""),
                omit: Default::default(),
                schools: false,
            };
            generate(&opts).unwrap();
        }
        let history = path(Kind::Exam, "residence_base.csv");
        let tiny = "[matching]\nblock_cap = 3\n";
        let runs = [(Kind::Credit, "credit.csv", None, ""), (Kind::Credit, "credit.csv", None, tiny)];
        // Blocks of a year and a sex: all cut, and by place.
        let years = "[matching]\nblock_cap = 30\n\n[[block]]\non = [\"dob:year\", \"sex\"]\n";
        let exam = [tiny, years].map(|toml| (Kind::Exam, "exam.csv", Some(history.as_path()), toml));
        for (kind, input, history, toml) in runs.into_iter().chain(exam) {
            let (base, input) = (path(kind, "population.csv"), path(kind, input));
            let config = Config::parse(toml, Path::new("c.toml")).unwrap();
            let mut opened = setup::open(&base, &input, None, &Sheets::default(), &config, &Silent).unwrap();
            let prepared =
                setup::prepare(&mut opened, (&input, None), history, &config, false, &Silent).unwrap();
            assert_eq!(prepared.model.uses_places(), history.is_some());
            let (full, pruned) = (prepared.matcher(), prepared.deciding_matcher());
            let ten = crate::compare::search::Prune::new(&prepared.model, 10.0);
            let rules = &prepared.input_rules;
            let (mut compared, mut left_out, mut rows, mut completed) = (0, 0, 0, 0);
            while let Some(batch) = opened.input_src.next_batch(BATCH_ROWS).unwrap() {
                for row in batch.iter().filter(|r| r.malformed.is_none()) {
                    let identity = opened.input.layout.identity(&row.cells, rules);
                    let a = classify::decide(&identity, prepared.policy, full);
                    let b = classify::decide(&identity, prepared.policy, pruned);
                    assert_eq!(a.outcome, b.outcome, "row {rows} ({toml:?})");
                    // The model's estimation: blocks only, weights without the ID, a margin of 10 bits.
                    let top = |m: Matcher| {
                        let mut w: Vec<(f64, usize)> =
                            m.search_blocks(&identity).iter().map(|c| (c.weight, c.person)).collect();
                        w.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                        let gap = if w.len() > 1 { w[0].0 - w[1].0 >= 10.0 } else { true };
                        (w.first().copied(), gap)
                    };
                    let no_id = Matcher { weigh_id: false, ..full };
                    assert_eq!(top(no_id), top(Matcher { prune: Some(&ten), ..no_id }), "row {rows}");
                    assert_eq!(
                        (a.search.capped, a.search.owners, a.search.completed),
                        (b.search.capped, b.search.owners, b.search.completed)
                    );
                    completed += usize::from(a.search.completed > 0);
                    compared += a.search.candidates.len();
                    left_out += a.search.candidates.len() - b.search.candidates.len();
                    rows += 1;
                }
            }
            assert!(rows > 3_000 && left_out > 0, "{left_out} of {compared} left out ({toml:?})");
            // Blocks of a year are all cut by place, and some compared whole.
            assert_eq!(completed > 0, toml.contains("year"), "{completed} rows completed a block ({toml:?})");
        }
    }
}
