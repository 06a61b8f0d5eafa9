//! The run's check made again for one row, for `explain`: the side files
//! read again (the history of the row's person only) and the account of
//! what decided.

use std::path::Path;

use super::rule::rules_of;
use super::Checks;
use crate::classify::exam;
use crate::classify::exam::school::{self, Candidate};
use crate::classify::{Reason, Status};
use crate::config::Config;
use crate::error::Result;
use crate::index::areas::Areas;
use crate::index::residence::read_export_period;
use crate::index::schools::Schools;
use crate::index::snapshot::history::HistorySource;
use crate::index::BaseIndex;
use crate::pipeline::gather::holder;
use crate::pipeline::history::history_settings;
use crate::read::kind::Kind;
use crate::read::mapping::{Layout, Role};
use crate::read::roles::GRADES;
use crate::report::explain_check;

impl Checks {
    /// The check of a completed run, for `explain`: its side files read
    /// again (`history`, of `person` only; `areas` for an exam), the exam year it used.
    pub(crate) fn reload(
        config: &Config,
        (kind, input, base): (Kind, &Layout, &BaseIndex),
        (history, areas, schools): (&HistorySource, Option<&Path>, Option<&Path>),
        exam_year: Option<u32>,
        person: Option<u32>,
    ) -> Result<Checks> {
        let of = person.map(|p| holder(base, p as usize));
        let (residence, _) = history.load(&history_settings(config), base, &|h| Some(h) == of)?;
        let areas = match areas {
            Some(path) if kind == Kind::Exam => Areas::load(path, &config.priority_areas)?.0,
            _ => Areas::default(),
        };
        let mut checks = Checks::new(config, kind, input, exam_year);
        if let Some(path) = schools.filter(|_| kind == Kind::Exam) {
            checks.by_school = true;
            checks.schools = Schools::load(path, &config.schools)?.0;
        }
        checks.rules = exam_year.map(|year| rules_of(&config.exam, year));
        checks.sides = Some((residence, areas));
        Ok(checks)
    }

    /// `explain`'s account of a linked row's check (`None` for a row not
    /// linked, or a credit export); `extra`: the run's results gave the
    /// row `RESIDENCE_EXTRA_IN_BASE` (a cross-row reason).
    pub(crate) fn explain(
        &self,
        status: Status,
        person: Option<u32>,
        base: &BaseIndex,
        layout: &Layout,
        cells: &[String],
        extra: bool,
    ) -> Option<String> {
        let (Some((history, areas)), Some(p)) = (&self.sides, person.filter(|_| status.links())) else {
            return None;
        };
        let periods = history.of(holder(base, p as usize));
        let ethnicity = base.ethnicity(p as usize);
        let checked = || self.row(0, status, person, base, layout, cells);
        match self.kind {
            Kind::Credit => None,
            Kind::Residence => {
                let read = read_export_period(layout, cells, self.date_order)
                    .map_err(|bad| format!("{} column: {}", bad.role.key(), bad.why));
                let mut reasons = checked().reasons;
                if extra {
                    reasons.add(Reason::ResidenceExtraInBase);
                }
                Some(explain_check::residence(read, periods, reasons, extra))
            }
            Kind::Exam if self.by_school => {
                let rules = self.rules.as_ref()?;
                let declared = layout.get(Role::Area, cells).unwrap_or_default();
                let candidate = Candidate::read(layout, cells, self.date_order);
                let (c, account) =
                    school::check(rules, &candidate, (&self.schools, areas), (periods, ethnicity), &declared);
                let written = GRADES.map(|g| {
                    let cell = |role| layout.get(role, cells).unwrap_or_default().into_owned();
                    (cell(Role::GradeProvince(g)), cell(Role::GradeSchool(g)))
                });
                Some(explain_check::exam_by_school(rules, (&declared, &written), &account, c.reasons))
            }
            Kind::Exam => {
                let rules = self.rules.as_ref()?;
                let declared = layout.get(Role::Area, cells).unwrap_or_default();
                let tally = exam::tally(rules, periods, areas, self.school(layout, cells));
                let checked = checked();
                let supported = checked.areas.and_then(|(_, supported)| supported);
                Some(explain_check::exam(rules, &declared, &tally, supported, checked.reasons))
            }
        }
    }
}
