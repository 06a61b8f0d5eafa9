//! `summary.json` and `manifest.json`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::classify::{Action, Reason, Status, Verdict};
use crate::error::Result;
use crate::output;

/// Counts gathered while results are written; merged across batches.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    /// Rows per status.
    pub statuses: BTreeMap<Status, u64>,
    /// Rows per action.
    pub actions: BTreeMap<Action, u64>,
    /// Rows per reason.
    pub reasons: BTreeMap<Reason, u64>,
    /// Input rows that could not be read as records.
    pub rejected: u64,
}

impl Tally {
    /// Counts one row's verdict.
    pub fn add(&mut self, v: Verdict) {
        *self.statuses.entry(v.status).or_default() += 1;
        *self.actions.entry(v.action).or_default() += 1;
        for r in v.reasons.iter() {
            *self.reasons.entry(r).or_default() += 1;
            if crate::classify::is_unreadable(r) {
                self.rejected += 1;
            }
        }
    }

    /// Rows counted.
    pub fn rows(&self) -> u64 {
        self.statuses.values().sum()
    }
}

/// The contents of `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// doisoat's version.
    pub doisoat_version: &'static str,
    /// Persons loaded from the base.
    pub base_rows: u64,
    /// Base rows left out (unreadable, or no usable ID).
    pub base_rejected_rows: u64,
    /// Input data rows (= rows in the results).
    pub input_rows: u64,
    /// Input rows that could not be read as records (status `INVALID`).
    pub rejected_rows: u64,
    /// Rows per status; every status is present and they add up to `input_rows`.
    pub status_counts: BTreeMap<&'static str, u64>,
    /// Rows per action; every action is present and they add up to `input_rows`.
    pub action_counts: BTreeMap<&'static str, u64>,
    /// Rows per reason code.
    pub reason_counts: BTreeMap<&'static str, u64>,
    /// Rows meeting each of the scorecard's quality words (`dung`, `du`, `sach`, `song`).
    pub quality_rows: BTreeMap<&'static str, u64>,
    /// Wall-clock seconds for the whole run.
    pub elapsed_seconds: f64,
    /// Seconds per stage, in order: a slow night explained from its own output.
    pub stages: Vec<Stage>,
    /// What the matching did.
    pub matching: MatchCounts,
    /// For exam and residence exports: the check after the identity's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<KindCheck>,
}

/// `summary.json`'s `check`: what the exam or residence check did.
#[derive(Debug, Clone, Serialize, Default, PartialEq)]
pub struct KindCheck {
    /// `exam` or `residence`.
    pub kind: &'static str,
    /// The check ran (else only the identity was checked).
    pub ran: bool,
    /// Why it did not run and which flag runs it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    /// The flags a skipped check lacked (for the reports; summary.json says them in `skipped`).
    #[serde(skip)]
    pub missing: Vec<&'static str>,
    /// The exam year used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exam_year: Option<u32>,
    /// Where the exam year came from: `--exam-year`, `config` or `inferred`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exam_year_from: Option<&'static str>,
    /// The window `[first day, end)`, `dd/mm/yyyy`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<[String; 2]>,
    /// Months that qualify.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_months: Option<u32>,
    /// `ignore` or `require`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_province: Option<&'static str>,
    /// The rule that judged the declared areas (exam): `school` or `residence`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
    /// Why that rule.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub rule_why: &'static str,
    /// Schools in the school list (the school rule).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schools_listed: Option<u64>,
    /// Conditions of the rule the inputs cannot show: not checked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_checked: Vec<&'static str>,
    /// Where the base's residence history was read: `file` (`--base-residence`) or `snapshot`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_residence_from: Option<&'static str>,
    /// Rows of the base's residence history read.
    pub base_residence_rows: u64,
    /// Of those, rows whose person is not in the base (left out).
    pub base_residence_rows_not_in_base: u64,
    /// Of those, rows of a period that ends the day it begins (left out).
    pub base_residence_rows_empty: u64,
    /// Of those, rows of base persons no row of the export links (read and checked, not held).
    pub base_residence_rows_unused: u64,
    /// Of those, rows whose commune code is in neither era of the register
    /// of communes (their province not guessed).
    pub base_residence_communes_unknown: u64,
    /// Of those, rows whose province is not their commune's (the commune decides).
    pub base_residence_province_differs: u64,
    /// Export rows (residence) whose commune code is in neither era of the register.
    pub communes_unknown: u64,
    /// Export rows (residence) whose province is not their commune's.
    pub province_differs: u64,
    /// Stretches in the priority-area list.
    pub priority_area_stretches: u64,
    /// Communes of the priority-area list in neither era of the register of communes.
    pub priority_area_communes_unknown: u64,
}

/// One stage's wall-clock seconds.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stage {
    /// `base`, `blocks`, `model`, `added_blocks` (an export without dates),
    /// `match`, `cross_row`, `write`.
    pub name: &'static str,
    /// Seconds (milliseconds precision).
    #[serde(serialize_with = "millis")]
    pub seconds: f64,
}

/// Times stages one after another.
#[derive(Debug, Clone)]
pub struct Stopwatch {
    clock: std::time::Instant,
    stages: Vec<Stage>,
}

impl Stopwatch {
    /// Starts timing after the stages already timed.
    pub fn after(stages: Vec<Stage>) -> Stopwatch {
        Stopwatch { clock: std::time::Instant::now(), stages }
    }

    /// Ends the stage `name` and starts the next.
    pub fn lap(&mut self, name: &'static str) {
        self.stages.push(Stage { name, seconds: self.clock.elapsed().as_secs_f64() });
        self.clock = std::time::Instant::now();
    }

    /// The stages timed.
    pub fn stages(self) -> Vec<Stage> {
        self.stages
    }
}

fn millis<S: serde::Serializer>(s: &f64, ser: S) -> std::result::Result<S::Ok, S::Error> {
    ser.serialize_f64((s * 1000.0).round() / 1000.0)
}

/// Counts of the matching work, summed over the rows.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct MatchCounts {
    /// Rows settled by their ID's owner alone (no search).
    pub rows_settled_by_id: u64,
    /// Rows searched through the blocks and the ID neighbourhood.
    pub rows_searched: u64,
    /// Candidate persons compared with a row, all rows together.
    pub candidates_compared: u64,
    /// Rows for which a block was cut at `block_cap`.
    pub rows_with_a_cut_block: u64,
}

impl MatchCounts {
    /// Adds another row's or batch's counts.
    pub fn add(&mut self, other: &MatchCounts) {
        self.rows_settled_by_id += other.rows_settled_by_id;
        self.rows_searched += other.rows_searched;
        self.candidates_compared += other.candidates_compared;
        self.rows_with_a_cut_block += other.rows_with_a_cut_block;
    }
}

impl Summary {
    /// Builds the summary from a tally.
    pub fn new(tally: &Tally, base_rows: u64, base_rejected_rows: u64, elapsed_seconds: f64) -> Summary {
        Summary::with_stages(
            tally,
            base_rows,
            base_rejected_rows,
            elapsed_seconds,
            Vec::new(),
            MatchCounts::default(),
        )
    }

    /// Builds the summary with the stages' seconds and the matching counts.
    pub fn with_stages(
        tally: &Tally,
        base_rows: u64,
        base_rejected_rows: u64,
        elapsed_seconds: f64,
        stages: Vec<Stage>,
        matching: MatchCounts,
    ) -> Summary {
        Summary {
            doisoat_version: env!("CARGO_PKG_VERSION"),
            base_rows,
            base_rejected_rows,
            input_rows: tally.rows(),
            rejected_rows: tally.rejected,
            status_counts: Status::ALL
                .iter()
                .map(|s| (s.code(), tally.statuses.get(s).copied().unwrap_or(0)))
                .collect(),
            action_counts: Action::ALL
                .iter()
                .map(|a| (a.code(), tally.actions.get(a).copied().unwrap_or(0)))
                .collect(),
            reason_counts: tally.reasons.iter().map(|(r, n)| (r.code(), *n)).collect(),
            quality_rows: BTreeMap::new(),
            elapsed_seconds: (elapsed_seconds * 1000.0).round() / 1000.0,
            stages,
            matching,
            check: None,
        }
    }
}

/// Writes a value as pretty JSON (with a final newline) to `path`.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value).expect("plain data serialises");
    text.push('\n');
    output::write_all(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::finish;
    use crate::classify::Reasons;

    #[test]
    fn summary_lists_every_status_and_sums_to_the_rows() {
        let mut t = Tally::default();
        let mut reasons = Reasons::default();
        reasons.add(Reason::RowMalformed);
        for status in [Status::Match, Status::Match, Status::Invalid] {
            let r = if status == Status::Invalid { reasons } else { Reasons::default() };
            t.add(finish(status, [r]));
        }
        let s = Summary::new(&t, 10, 1, 0.5);
        assert_eq!(s.input_rows, 3);
        assert_eq!(s.rejected_rows, 1);
        assert_eq!(s.status_counts.len(), 7);
        assert_eq!(s.status_counts.values().sum::<u64>(), 3);
        assert_eq!(s.status_counts["MATCH"], 2);
        assert_eq!(s.reason_counts["ROW_MALFORMED"], 1);
    }
}
