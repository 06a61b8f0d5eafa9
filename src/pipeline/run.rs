//! One reconciliation, stage by stage: a [`Run`] carries what each stage
//! hands the next, and each of its methods is one stage. [`super::reconcile`]
//! calls them in order; nothing else does.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::{Instant, SystemTime};

use rayon::prelude::*;

use super::checks::Checks;
use super::gather::Gather;
use super::guards::{
    conservation, finish_base_rejects, refuse_directories_in_the_way, refuse_outputs_as_inputs,
    refuse_too_many_rejects, OUTPUT_NAMES,
};
use super::mapping::InputMapping;
use super::options::Settings;
use super::setup::{self, load_config, BaseInput, Opened, Prepared};
use super::spill::{Kept, Spill};
use super::write::{self, Written};
use super::{record, Notes, ReconcileOptions, BATCH_ROWS};
use crate::classify::crossrow::{self, CrossFlags, RowFacts};
use crate::classify::{self, Outcome};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::index::BaseIndex;
use crate::normalize::Identity;
use crate::output::RunDir;
use crate::progress::{self, Progress};
use crate::read;
use crate::read::kind::{Kind, KindChoice};
use crate::read::mapping::Layout;
use crate::read::prefetch::{each_batch, freeing};
use crate::report::about::About;
use crate::report::manifest::{self, FileDigest, Source};
use crate::report::rejects::Rejects;
use crate::report::summary::{MatchCounts, Stopwatch};
use crate::report::words::Quality;
use crate::report::{document, render, summary, Summary};

/// A reconciliation under way: what was asked, and what the stages so far
/// have settled for the ones after them.
pub(super) struct Run<'a> {
    /// What was asked and configured, settled once.
    settings: Settings,
    notes: &'a dyn Notes,
    started: (Instant, SystemTime),
    /// The input as named (`-` for standard input), for the reports.
    input_given: PathBuf,
    /// The copy of standard input, which is no output.
    spooled: Option<read::stdin::Spooled>,
    /// The input as first seen: every pass over it checks it unchanged.
    input_print: read::Fingerprint,
    /// The inputs' hashes, taken beside the work.
    sources: JoinHandle<Result<Vec<Source>>>,
    /// The input's unreadable rows, listed as they are met.
    rejects: Option<Rejects>,
    /// Seconds per stage, from the set-up's.
    watch: Stopwatch,
    /// The run's own directory, made the output's in one step at the end
    /// (declared last: what writes into it is dropped before it).
    dir: RunDir,
}

/// What the match pass hands on.
pub(super) struct Matched {
    /// Each row's outcome, in row order.
    spill: Spill,
    /// Each row's cross-row facts, in row order.
    facts: Vec<RowFacts>,
    /// What the search did.
    counts: MatchCounts,
    /// Rows that could not be read.
    unreadable: u64,
    /// What the exam's and residence's check needs of the rows (taken by the check).
    gathered: Option<Gather>,
}

impl<'a> Run<'a> {
    /// Stage 1: refuses what cannot work, opens both tables and maps their
    /// columns before any work, and starts the run's directory, its lists
    /// of unreadable rows and the hashing of its inputs.
    pub fn open(opts: &ReconcileOptions, notes: &'a dyn Notes) -> Result<(Run<'a>, Opened)> {
        let started = (Instant::now(), SystemTime::now());
        super::guards::refuse_missing(opts.inputs().map(|(flag, _, path)| (flag, path)))?;
        let mut config = load_config(opts.config.as_deref())?;
        if let Some(kind) = opts.check.kind {
            config.input.kind = kind;
        }
        let encoding = config.input.encoding_given(opts.input_encoding);
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
        let input_given = opts.input.clone();
        let opts = match &spooled {
            Some(spool) => ReconcileOptions { input: spool.path().to_path_buf(), ..opts.clone() },
            None => opts.clone(),
        };
        let input_print = read::Fingerprint::of(&opts.input)?;
        let mut opened = setup::open(&opts.base, &opts.input, encoding, &opts.sheets, &config, notes)?;
        write::check_columns(&opts, opened.input_src.headers(), &opened.input.layout)?;
        let dir = match early {
            Some(run) => run,
            None => RunDir::begin(&opts.out)?,
        };
        let sources = hash_sources(&opts, &config);
        // Rows that cannot be read (and base rows without a usable ID) are listed as they are met.
        let staged = dir.path();
        if let BaseInput::File(file) = &mut opened.base {
            file.rejects =
                Some(Box::new(Rejects::create(&staged.join("base_rejects.csv"), opts.debug_values)?));
        }
        let rejects = Some(Rejects::create(&staged.join("rejects.csv"), opts.debug_values)?);
        let watch = Stopwatch::after(Vec::new());
        let run = Run {
            settings: Settings { opts, config, encoding },
            notes,
            started,
            input_given,
            spooled,
            input_print,
            dir,
            sources,
            rejects,
            watch,
        };
        Ok((run, opened))
    }

    /// Stages 2–4 on the base: normalise it, index it, estimate the model;
    /// then the base's unreadable rows stop the run or are listed.
    pub fn prepare(&mut self, opened: &mut Opened) -> Result<Prepared> {
        let (opts, history) = (&self.settings.opts, self.settings.opts.check.base_residence.as_deref());
        let input = (opts.input.as_path(), self.settings.encoding);
        let prepared =
            setup::prepare(opened, input, history, &self.settings.config, opts.progress, self.notes)?;
        let base_rejects = match &mut opened.base {
            BaseInput::File(file) => file.rejects.take(),
            BaseInput::Snapshot(_) => None,
        };
        finish_base_rejects(opts, &prepared.base, base_rejects)?;
        self.watch = Stopwatch::after(prepared.stages.clone());
        Ok(prepared)
    }

    /// Stages 2, 4, 5 on the input, batch by batch: each row's outcome to
    /// the spill file, 16 bytes of it kept for the cross-row flags. The
    /// exam's and residence's side files are read first (but for the
    /// history, read after it for the persons it linked).
    pub fn match_rows(
        &mut self,
        input_src: Box<dyn read::Source>,
        mapping: &InputMapping,
        prepared: &Prepared,
    ) -> Result<(Checks, Matched)> {
        let opts = &self.settings.opts;
        let mut input_src = read::capped::Capped::wrap(input_src, &opts.input, opts.max_input)?;
        let (matcher, policy, base) = (prepared.deciding_matcher(), prepared.policy, &prepared.base);
        let checks =
            Checks::load(opts, &self.settings.config, (mapping.kind, &mapping.layout), base, self.notes)?;
        let input_rules = &prepared.input_rules;
        let rejects = self.rejects.as_mut().expect("the rejects file is open until the match pass ends");
        let mut gathered = checks.gather();
        let (spill, mut spilled) = Spill::create(&self.dir.path())?;
        let mut facts: Vec<RowFacts> = Vec::new();
        let mut counts = MatchCounts::default();
        let bar = Progress::new(opts.progress, "match", input_src.unit());
        // The batch before, freed while this one is matched.
        let mut spent = Vec::new();
        each_batch(input_src.as_mut(), BATCH_ROWS, |batch, (done, total)| {
            let outcomes: Vec<(Outcome, RowFacts, MatchCounts, _)> =
                freeing(std::mem::take(&mut spent), || {
                    batch
                        .par_iter()
                        .map(|row| match row.malformed {
                            Some(fault) => (
                                classify::unreadable(fault),
                                RowFacts::default(),
                                MatchCounts::default(),
                                None,
                            ),
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
                                (d.outcome, facts, work, gathered.period(&mapping.layout, &row.cells))
                            }
                        })
                        .collect()
                });
            for row in batch.iter().filter(|r| r.malformed.is_some()) {
                rejects.add(row, classify::fault_reason(row.malformed.expect("filtered")).code())?;
            }
            for (o, f, work, period) in outcomes {
                gathered.add(facts.len(), &o, period, base);
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
        self.watch.lap("match");
        spilled.finish()?;
        self.input_print.check(&opts.input)?;
        refuse_too_many_rejects(&opts.input, rejects, facts.len() as u64, opts.max_rejects)?;
        let unreadable = rejects.count();
        self.rejects.take().expect("open until now").finish()?;
        Ok((checks, Matched { spill, facts, counts, unreadable, gathered: Some(gathered) }))
    }

    /// The exam's and residence's check, made ready: the base's history of
    /// the linked persons, the exam year, and a residence export's periods
    /// missing from the base.
    pub fn check(&mut self, checks: &mut Checks, matched: &mut Matched, base: &BaseIndex) -> Result<()> {
        let gathered = matched.gathered.take().expect("the check runs once");
        checks.finish(gathered, base, self.notes)?;
        if checks.summary().is_some_and(|c| c.ran) {
            self.watch.lap("residence");
        }
        Ok(())
    }

    /// Stage 5, across rows: the same person twice (but in a residence
    /// export, a row per period), one ID for several identities.
    pub fn cross_row(&mut self, matched: &mut Matched, kind: Kind) -> Vec<CrossFlags> {
        let step = Progress::step(self.settings.opts.progress, "cross_row");
        let flags = crossrow::flags(std::mem::take(&mut matched.facts), kind != Kind::Residence);
        step.finish();
        self.watch.lap("cross_row");
        flags
    }

    /// Stage 6: the input again, for keys and kept columns, each row with
    /// its verdict; every row accounted for once.
    pub fn write(
        &mut self,
        input: (&InputMapping, Layout),
        base: &BaseIndex,
        (flags, checks): (&[CrossFlags], &Checks),
        matched: Matched,
    ) -> Result<(Written, MatchCounts, u64)> {
        let written = write::write_pass(
            &self.settings,
            &self.dir.path(),
            input,
            base,
            (flags, checks),
            &matched.spill,
        )?;
        self.input_print.check(&self.settings.opts.input)?;
        let rows = written.results.1 as u64;
        conservation(flags.len() as u64, rows, &written.tally, matched.unreadable)?;
        drop(matched.spill);
        self.watch.lap("write");
        Ok((written, matched.counts, matched.unreadable))
    }

    /// The files for people (the summary, the model, the reports), a stage
    /// of its own on the screen.
    pub fn report(
        &mut self,
        prepared: &Prepared,
        checks: &Checks,
        kind: Kind,
        (written, counts): (&Written, MatchCounts),
    ) -> Result<Summary> {
        let elapsed = self.started.0.elapsed().as_secs_f64();
        let step = Progress::step(self.settings.opts.progress, "report");
        let base = &prepared.base;
        let stages = std::mem::replace(&mut self.watch, Stopwatch::after(Vec::new())).stages();
        let mut summary =
            Summary::with_stages(&written.tally, base.len() as u64, base.rejected, elapsed, stages, counts);
        summary.quality_rows =
            Quality::ALL.iter().map(|q| q.code()).zip(written.digest.quality_met).collect();
        summary.check = checks.summary();
        let staged = self.dir.path();
        summary::write_json(&staged.join("summary.json"), &summary)?;
        summary::write_json(&staged.join("model.json"), &prepared.model_json())?;
        let lang = self.settings.opts.report.lang;
        let detected = self.settings.config.input.kind == KindChoice::Auto;
        let started = progress::minute(self.started.1);
        let about = About::new(kind, detected, &self.input_given, &self.settings.opts.base, started);
        let document =
            document::build(&summary, &written.digest, &about, lang, written.group_header.as_deref());
        crate::output::write_all(&staged.join("report.md"), render::markdown(&document).as_bytes())?;
        crate::output::write_all(&staged.join("report.html"), render::html(&document).as_bytes())?;
        step.finish();
        Ok(summary)
    }

    /// The run's record (the inputs' hashes, taken beside the work, and the
    /// outputs'), then the run's directory made the output's.
    pub fn record(
        self,
        base_input: &BaseInput,
        base: &BaseIndex,
        (written, unreadable): (Written, u64),
    ) -> Result<()> {
        let step = Progress::step(self.settings.opts.progress, "manifest");
        let sources = self.sources.join();
        let sources =
            sources.map_err(|_| Error::data(&self.settings.opts.input, "hashing the inputs failed"))??;
        // A snapshot's tables as read are the ones `doisoat index` wrote.
        if let (BaseInput::Snapshot(dir), Some(base)) =
            (base_input, sources.iter().find(|s| s.role == "base"))
        {
            crate::index::snapshot::check_tables(dir, &base.files)?;
        }
        // What the inputs were when hashed is what the run read.
        self.input_print.check(&self.settings.opts.input)?;
        // The results (the one large output) as hashed while written.
        let (results_name, results_rows, results_hash) = written.results;
        let known: Vec<(String, FileDigest)> =
            results_hash.map(|h| (results_name.clone(), h)).into_iter().collect();
        let mut files = vec![(results_name, results_rows as u64), ("rejects.csv".into(), unreadable)];
        // A base file's unreadable rows are listed; a snapshot has none.
        if matches!(base_input, BaseInput::File(_)) {
            files.push(("base_rejects.csv".into(), base.rejected));
        }
        files.extend([("summary.json".into(), 1), ("model.json".into(), 1)]);
        files.extend([("report.md".into(), 1), ("report.html".into(), 1)]);
        files.extend(written.split.into_iter().map(|(name, rows)| (format!("split/{name}"), rows)));
        let staged = self.dir.path();
        let manifest = record::run_record(&self.settings.opts, &staged, sources, files, known)?;
        summary::write_json(&staged.join("manifest.json"), &manifest)?;
        step.finish();
        // The copy of standard input is no output.
        drop(self.spooled);
        self.dir.commit(&OUTPUT_NAMES)
    }
}

/// Hashes every file the run reads, on a thread of its own.
fn hash_sources(opts: &ReconcileOptions, config: &Config) -> JoinHandle<Result<Vec<Source>>> {
    let given = opts.inputs().into_iter().filter_map(|(_, role, path)| Some((role, path?.to_path_buf())));
    let mut files: Vec<(&str, PathBuf)> = given.collect();
    files.extend(config.places.file.clone().map(|c| ("places", c)));
    std::thread::spawn(move || -> Result<Vec<Source>> {
        files.iter().map(|(role, path)| manifest::source(role, path)).collect()
    })
}

/// The cross-row facts of a readable row linked to `person`: its ID key
/// and the hash of its folded name and date of birth.
fn row_facts(identity: &Identity, person: Option<usize>) -> RowFacts {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    identity.name.folded.hash(&mut h);
    identity.dob().map(|d| d.0).hash(&mut h);
    RowFacts::new(person.map(|p| p as u32), identity.id.key().map(|k| k.0), h.finish())
}
