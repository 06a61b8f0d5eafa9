//! The configuration of the exam check: `[exam]` (the window and the
//! rules). The side files' tables (`[base_residence]`, `[priority_areas]`)
//! are [`crate::read::side::SideFile`].

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::normalize::day::{self, Day};

/// `[exam]`: how a candidate's declared priority area is checked.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExamSection {
    /// The exam's year (`--exam-year` wins); without it, inferred from the candidates.
    pub exam_year: Option<u32>,
    /// The window starts this many years before the exam year.
    pub window_years: u32,
    /// The window's first day in its year, `MM-DD`.
    pub window_start: String,
    /// The window's end (excluded) in the exam year, `MM-DD`.
    pub window_end: String,
    /// Months of permanent residence that qualify a candidate for an area.
    pub min_months: u32,
    /// `ignore`, or `require`: only residence in the school's province counts.
    pub school_province: SchoolRule,
}

impl Default for ExamSection {
    fn default() -> ExamSection {
        ExamSection {
            exam_year: None,
            window_years: 3,
            window_start: "09-01".into(),
            window_end: "07-01".into(),
            min_months: 18,
            school_province: SchoolRule::Ignore,
        }
    }
}

/// Whether residence must be in the school's province to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SchoolRule {
    /// Residence anywhere counts.
    #[default]
    Ignore,
    /// Only residence in the school's province (through the 2025 merger) counts.
    Require,
}

impl ExamSection {
    /// The window `[start, end)` of exam year `year`.
    pub fn window(&self, year: u32) -> (Day, Day) {
        let (sm, sd) = month_day(&self.window_start).expect("checked when loaded");
        let (em, ed) = month_day(&self.window_end).expect("checked when loaded");
        (day::from_ymd(year - self.window_years, sm, sd), day::from_ymd(year, em, ed))
    }

    /// An error naming the key when a setting cannot be used.
    pub fn check(&self, path: &Path) -> Result<()> {
        let bad = |what: String| Error::Config { path: path.into(), message: format!("[exam] {what}") };
        for (key, value) in [("window_start", &self.window_start), ("window_end", &self.window_end)] {
            if month_day(value).is_none() {
                return Err(bad(format!(
                    "{key} = \"{value}\": give a month and day as MM-DD, e.g. \"09-01\""
                )));
            }
        }
        if !(1..=12).contains(&self.window_years) {
            return Err(bad("window_years must be from 1 to 12".into()));
        }
        if !(1..=120).contains(&self.min_months) {
            return Err(bad("min_months must be from 1 to 120".into()));
        }
        if self.exam_year.is_some_and(|y| !(1950..=2200).contains(&y)) {
            return Err(bad("exam_year must be a year from 1950 to 2200".into()));
        }
        Ok(())
    }
}

/// `MM-DD` as (month, day), a day every year has (29 February is refused).
fn month_day(text: &str) -> Option<(u32, u32)> {
    let (m, d) = text.trim().split_once('-')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    let last = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    ((1..=12).contains(&m) && d >= 1 && d <= last[m as usize - 1]).then_some((m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_three_school_years_before_the_exam() {
        let exam = ExamSection::default();
        let (start, end) = exam.window(2025);
        assert_eq!(day::to_ymd(start), (2022, 9, 1));
        assert_eq!(day::to_ymd(end), (2025, 7, 1));
        assert!(exam.check(Path::new("c.toml")).is_ok());
        let bad = ExamSection { window_start: "02-29".into(), ..ExamSection::default() };
        let e = bad.check(Path::new("c.toml")).unwrap_err().to_string();
        assert!(e.contains("window_start") && e.contains("c.toml"), "{e}");
    }
}
