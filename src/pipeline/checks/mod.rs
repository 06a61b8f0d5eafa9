//! The check after the identity's, for exam and residence exports: their
//! side files loaded before the match pass (the base's history after it,
//! for the persons it linked), what it needs of each row gathered during it
//! ([`super::gather`]), the rule that judges an exam's declared areas (the
//! school rule, or residence alone), then each linked row checked in the
//! write pass, where every row's person is known and the cross-row flags
//! are added. Credit exports skip all of it.

mod explain;
mod rule;

use std::path::PathBuf;

use super::gather::{holder, Gather};
use super::history::{history_settings, history_source, say_history};
use super::{Notes, ReconcileOptions};
use crate::classify::exam::school::{self, Candidate, Claim};
use crate::classify::exam::{self, ExamRules};
use crate::classify::history;
use crate::classify::{Reason, Reasons, Status};
use crate::config::{Config, ExamSection, SchoolRule};
use crate::error::{Error, Result};
use crate::index::areas::Areas;
use crate::index::residence::{read_export_period, Period, Residence};
use crate::index::schools::{SchoolKey, Schools};
use crate::index::snapshot::history::{kept_history, HistorySettings, HistorySource};
use crate::index::BaseIndex;
use crate::normalize::day;
use crate::normalize::place::{merged_province, Area};
use crate::normalize::DateOrder;
use crate::progress::Progress;
use crate::read::kind::Kind;
use crate::read::mapping::{Layout, Role};
use crate::report::summary::KindCheck;
use rule::rules_of;

/// The check of a run, its side files loaded.
pub(crate) struct Checks {
    kind: Kind,
    /// The history and (for the exam) the areas, when the check runs (the
    /// history read after the match pass, for the persons it linked).
    sides: Option<(Residence, Areas)>,
    /// Where the history is, to read once the linked persons are known.
    history: Option<HistorySource>,
    /// How the history is read (and the fingerprint a snapshot's must bear).
    history_settings: HistorySettings,
    /// Show progress.
    progress: bool,
    /// The exam is judged by the school rule (else by residence alone).
    by_school: bool,
    /// The school list (the school rule).
    schools: Schools,
    exam: ExamSection,
    exam_year: Option<u32>,
    /// Where a given exam year came from: `--exam-year` or `config`.
    year_from: &'static str,
    date_order: DateOrder,
    /// The exam's rules, once the year is known.
    rules: Option<ExamRules>,
    /// Rows (0-based, ascending) given `RESIDENCE_EXTRA_IN_BASE`.
    extra: Vec<u32>,
    summary: KindCheck,
}

/// One row's check.
#[derive(Debug, Default)]
pub(super) struct Checked {
    /// Its reasons.
    pub reasons: Reasons,
    /// The kind's results column (`supported_area`, `overlap_days`).
    pub value: String,
    /// An exam row: the area declared (if it is one) and the area supported.
    pub areas: Option<(Option<Area>, Option<Area>)>,
    /// A residence row: the base period its reason is about
    /// ([`history::compare_with_period`]), for the split file.
    pub base_period: Option<Period>,
    /// An exam row under the school rule: what became of its claims, and
    /// the school attended longest.
    pub claims: Option<([Option<Claim>; 3], Option<SchoolKey>)>,
}

impl Checks {
    /// Loads the side files the kind needs but the history (read by
    /// [`Checks::finish`], for the persons the match pass linked); says
    /// on `notes` when the check is skipped and which flags run it.
    pub(super) fn load(
        opts: &ReconcileOptions,
        config: &Config,
        (kind, input): (Kind, &Layout),
        base: &BaseIndex,
        notes: &dyn Notes,
    ) -> Result<Checks> {
        let mut checks = Checks::new(config, kind, input, opts.check.exam_year.or(config.exam.exam_year));
        if opts.check.exam_year.is_some() {
            checks.year_from = "--exam-year";
        }
        let areas = &opts.check.priority_areas;
        let schools = &opts.check.schools;
        if kind == Kind::Exam {
            checks.choose_rule(config, input, &opts.input, base.knows_ethnicity())?;
        }
        let source = history_source(opts, kind, notes)?;
        let history = &source.as_ref().map(|s| s.path().to_path_buf());
        let wanted: &[(&'static str, &Option<PathBuf>)] = match kind {
            Kind::Credit => {
                if opts.check.base_residence.is_some() || areas.is_some() || schools.is_some() {
                    notes.note("note: --base-residence, --priority-areas and --schools serve exam and residence exports; this one is checked for identity only (--kind says otherwise)");
                }
                return Ok(checks);
            }
            Kind::Exam if checks.by_school => {
                &[("--base-residence", history), ("--priority-areas", areas), ("--schools", schools)]
            }
            Kind::Exam => &[("--base-residence", history), ("--priority-areas", areas)],
            Kind::Residence => &[("--base-residence", history)],
        };
        if kind == Kind::Exam
            && !checks.by_school
            && config.exam.school_province == SchoolRule::Require
            && !input.has(Role::SchoolProvince)
        {
            return Err(Error::Mapping {
                path: opts.input.clone(),
                message: "[exam] school_province = \"require\" needs the school's province: no column found \
                          (tinh_truong); name it in [input.columns] school_province = \"...\""
                    .into(),
            });
        }
        let missing: Vec<&'static str> =
            wanted.iter().filter(|(_, p)| p.is_none()).map(|(flag, _)| *flag).collect();
        if !missing.is_empty() {
            let what = if kind == Kind::Exam { "priority-area" } else { "residence" };
            let line = format!(
                "the {what} check was skipped (identity only): give {} FILE to run it",
                missing.join(" FILE and ")
            );
            notes.note(&format!("note: {line}"));
            checks.summary.skipped = Some(line);
            checks.summary.missing = missing;
            return Ok(checks);
        }
        // Read after the match pass; its columns (or the snapshot's settings) are checked now.
        match &source {
            Some(HistorySource::File(path)) => Residence::check_columns(path, &config.base_residence)?,
            Some(HistorySource::Snapshot(dir)) => {
                kept_history(dir, &checks.history_settings.fingerprint).map(drop)?
            }
            None => {}
        }
        checks.summary.base_residence_from = source.as_ref().map(|s| match s {
            HistorySource::File(_) => "file",
            HistorySource::Snapshot(_) => "snapshot",
        });
        checks.history = source;
        checks.progress = opts.progress;
        let areas = match areas {
            Some(path) if kind == Kind::Exam => {
                let (areas, lines) = Areas::load(path, &config.priority_areas)?;
                lines.iter().for_each(|l| notes.note(&format!("areas {l}")));
                if areas.unknown_communes > 0 {
                    notes.note(&format!(
                        "note: priority areas: {} communes are in neither era of the register of communes \
                         (kept: matched to residence by the code alone; a newer register: [places] file)",
                        areas.unknown_communes
                    ));
                }
                areas
            }
            _ => Areas::default(),
        };
        if schools.is_some() && !checks.by_school {
            let why = match kind {
                Kind::Exam => "the residence rule judges this export's areas (see the line on the rule)",
                _ => "it serves exam exports",
            };
            notes.note(&format!("note: --schools is not used: {why}"));
        }
        if let Some(path) = schools.as_deref().filter(|_| checks.by_school) {
            let (schools, lines) = Schools::load(path, &config.schools)?;
            lines.iter().for_each(|l| notes.note(&format!("schools {l}")));
            if schools.is_empty() {
                notes.note("note: the school list has no school: every school given is SCHOOL_NOT_IN_LIST");
            }
            checks.summary.schools_listed = Some(schools.len() as u64);
            checks.schools = schools;
        }
        if let Some(rule) = checks.summary.rule {
            notes.note(&format!("priority areas: the {rule} rule ({})", checks.summary.rule_why));
        }
        if !checks.summary.not_checked.is_empty() {
            notes.note(&format!(
                "note: not checked (the inputs cannot show it; never held against a candidate): {}",
                checks.summary.not_checked.join("; ")
            ));
        }
        checks.summary.ran = true;
        checks.summary.priority_area_stretches = areas.len() as u64;
        checks.summary.priority_area_communes_unknown = areas.unknown_communes;
        checks.sides = Some((Residence::default(), areas));
        Ok(checks)
    }

    /// Reads the base's history, holding the periods of the persons `keep`
    /// takes (by the ID's first holder); says on `notes` what it left out.
    fn read_history(
        &mut self,
        base: &BaseIndex,
        keep: &(dyn Fn(u32) -> bool + Sync),
        notes: &dyn Notes,
    ) -> Result<()> {
        let (Some(source), Some((held, _))) = (&self.history, &mut self.sides) else { return Ok(()) };
        let step = Progress::step(self.progress, "residence");
        let (residence, lines) = source.load(&self.history_settings, base, keep)?;
        step.finish();
        if let HistorySource::Snapshot(_) = source {
            notes.note(&format!(
                "base residence: the snapshot's ({} periods; {} held for the linked persons)",
                residence.len() as u64 + residence.unused,
                residence.len()
            ));
        }
        say_history(&residence, &lines, notes);
        let s = &mut self.summary;
        s.base_residence_rows = residence.rows;
        s.base_residence_rows_not_in_base = residence.not_in_base;
        s.base_residence_rows_empty = residence.empty;
        s.base_residence_rows_unused = residence.unused;
        s.base_residence_communes_unknown = residence.places.unknown;
        s.base_residence_province_differs = residence.places.other_province;
        *held = residence;
        Ok(())
    }

    /// The check of `kind` with no side file loaded yet; `exam_year` as
    /// given (from the configuration unless the caller says otherwise).
    fn new(config: &Config, kind: Kind, input: &Layout, exam_year: Option<u32>) -> Checks {
        Checks {
            kind,
            sides: None,
            history: None,
            history_settings: history_settings(config),
            progress: false,
            by_school: false,
            schools: Schools::default(),
            exam: config.exam.clone(),
            exam_year,
            year_from: "config",
            date_order: input.date_order(&config.input_rules()),
            rules: None,
            extra: Vec::new(),
            summary: KindCheck { kind: kind.code(), ..KindCheck::default() },
        }
    }

    /// The school's province the exam check keeps residence to, if the rule says so.
    fn school(&self, layout: &Layout, cells: &[String]) -> Option<u8> {
        match self.exam.school_province {
            SchoolRule::Ignore => None,
            SchoolRule::Require => layout.get(Role::SchoolProvince, cells).and_then(|s| merged_province(&s)),
        }
    }

    /// What the match pass is to gather.
    pub(super) fn gather(&self) -> Gather {
        Gather::new(self.kind, self.sides.is_some(), self.date_order)
    }

    /// After the match pass: the base's history of the linked persons, the
    /// exam year (given, else the most common birth year + 18 of the linked
    /// candidates, the later on a tie), the rows a base period of their
    /// person is missing from, and the export's places the register cannot
    /// vouch for (said on `notes`).
    pub(super) fn finish(&mut self, mut gathered: Gather, base: &BaseIndex, notes: &dyn Notes) -> Result<()> {
        let linked = std::mem::take(&mut gathered.linked);
        self.read_history(base, &|h| linked.holds(h), notes)?;
        if let Some(line) = gathered.places.said("residence export") {
            notes.note(&format!("note: {line}"));
        }
        self.summary.communes_unknown = gathered.places.unknown;
        self.summary.province_differs = gathered.places.other_province;
        // A check skipped for want of its files has no exam year to tell.
        if self.kind == Kind::Exam && self.runs() {
            let inferred = gathered.years.iter().max_by_key(|(year, n)| (**n, **year)).map(|(y, _)| *y);
            let (year, from) = match (self.exam_year, inferred) {
                (Some(y), _) => (Some(y), self.year_from),
                (None, y) => (y, "inferred"),
            };
            self.exam_year = year;
            self.summary.exam_year = year;
            self.summary.exam_year_from = year.map(|_| from);
            if let Some(year) = year {
                let rules = rules_of(&self.exam, year);
                self.summary.window = Some([day::written(rules.start), day::written(rules.end)]);
                self.rules = Some(rules);
                self.summary.min_months = Some(self.exam.min_months);
                self.summary.school_province = (!self.by_school).then_some(match self.exam.school_province {
                    SchoolRule::Ignore => "ignore",
                    SchoolRule::Require => "require",
                });
            }
        }
        if let Some((history, _)) = &self.sides {
            self.extra = history::extra_in_base(&mut gathered.periods, history);
        }
        Ok(())
    }

    /// The check runs: its side files were given.
    pub(super) fn runs(&self) -> bool {
        self.sides.is_some()
    }

    /// The results column of the kind, if it has one.
    pub(super) fn column(&self) -> Option<&'static str> {
        match self.kind {
            Kind::Credit => None,
            Kind::Exam => Some("supported_area"),
            Kind::Residence => Some("overlap_days"),
        }
    }

    /// Row `i`'s (0-based) check, from its outcome and its cells (projected by `layout`).
    pub(super) fn row(
        &self,
        i: usize,
        status: Status,
        person: Option<u32>,
        base: &BaseIndex,
        layout: &Layout,
        cells: &[String],
    ) -> Checked {
        let (Some((history, areas)), Some(person)) = (&self.sides, person.filter(|_| status.links())) else {
            return Checked::default();
        };
        let periods = history.of(holder(base, person as usize));
        let ethnicity = base.ethnicity(person as usize);
        match self.kind {
            Kind::Credit => Checked::default(),
            Kind::Exam => {
                let Some(rules) = &self.rules else { return Checked::default() };
                let declared = layout.get(Role::Area, cells).unwrap_or_default();
                let (c, claims) = if self.by_school {
                    let candidate = Candidate::read(layout, cells, self.date_order);
                    let (c, account) = school::check(
                        rules,
                        &candidate,
                        (&self.schools, areas),
                        (periods, ethnicity),
                        &declared,
                    );
                    // The school only for a row with a claim (the report counts those by school).
                    let made = account.claims_made();
                    let school = made.iter().any(Option::is_some).then(|| account.deciding_school().cloned());
                    (c, Some((made, school.flatten())))
                } else {
                    (exam::check(rules, periods, areas, &declared, self.school(layout, cells)), None)
                };
                Checked {
                    reasons: c.reasons,
                    value: c.supported.map(|a| a.code().to_string()).unwrap_or_default(),
                    areas: Some((Area::parse(&declared), c.supported)),
                    base_period: None,
                    claims,
                }
            }
            Kind::Residence => {
                let mut reasons = Reasons::default();
                if self.extra.binary_search(&(i as u32)).is_ok() {
                    reasons.add(Reason::ResidenceExtraInBase);
                }
                let mut base_period = None;
                let days = match read_export_period(layout, cells, self.date_order) {
                    Err(_) => {
                        reasons.add(Reason::ResidencePeriodInvalid);
                        None
                    }
                    Ok((given, _)) => {
                        let (reason, days, period) = history::compare_with_period(given, periods);
                        reasons.add(reason);
                        base_period = period;
                        days
                    }
                };
                Checked {
                    reasons,
                    value: days.map(|d| d.to_string()).unwrap_or_default(),
                    areas: None,
                    base_period,
                    claims: None,
                }
            }
        }
    }

    /// `summary.json`'s `check`, for exam and residence exports.
    pub(super) fn summary(&self) -> Option<KindCheck> {
        (self.kind != Kind::Credit).then(|| self.summary.clone())
    }
}
