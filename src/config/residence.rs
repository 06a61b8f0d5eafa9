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
    pub window_start: MonthDay,
    /// The window's end (excluded) in the exam year, `MM-DD`.
    pub window_end: MonthDay,
    /// Months of permanent residence that qualify a candidate for an area.
    pub min_months: u32,
    /// `ignore`, or `require`: only residence in the school's province counts.
    pub school_province: SchoolRule,
    /// Which rule judges the declared area: `auto` (the school rule when the
    /// export gives the candidates' schools, else the residence rule),
    /// `school` or `residence`.
    pub rule: AreaRule,
    /// The regulation's exceptions that apply under the school rule.
    pub exceptions: Vec<Exception>,
}

/// Which rule judges a declared priority area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AreaRule {
    /// The school rule when the export has the schools' columns, else the residence rule.
    #[default]
    Auto,
    /// The admission regulation's: the school attended longest, residence for the exceptions.
    School,
    /// Permanent residence alone.
    Residence,
}

/// One of the admission regulation's residence exceptions (TT 08/2022 Art. 7(1)(c)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exception {
    /// Ethnic boarding-school students take the area of their residence.
    Boarding,
    /// A ticked claim of more than `min_months` months' residence in KV1.
    Kv1,
    /// A ticked claim of more than `min_months` months in an extremely disadvantaged commune.
    Dbkk,
    /// Policy group 01 needs more than `min_months` months' residence in KV1.
    #[serde(rename = "policy_01")]
    Policy01,
}

impl Default for ExamSection {
    fn default() -> ExamSection {
        ExamSection {
            exam_year: None,
            window_years: 3,
            window_start: MonthDay { month: 9, day: 1 },
            window_end: MonthDay { month: 7, day: 1 },
            min_months: 18,
            school_province: SchoolRule::Ignore,
            rule: AreaRule::Auto,
            exceptions: vec![Exception::Boarding, Exception::Kv1, Exception::Dbkk, Exception::Policy01],
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
        let (s, e) = (self.window_start, self.window_end);
        (day::from_ymd(year - self.window_years, s.month, s.day), day::from_ymd(year, e.month, e.day))
    }

    /// The school years of grades 10, 11 and 12 of exam year `year`: each
    /// from `window_start` to the next, grade 12's to the window's end.
    pub fn grades(&self, year: u32) -> [(Day, Day); 3] {
        let s = self.window_start;
        let first = |y: u32| day::from_ymd(y, s.month, s.day);
        [
            (first(year - 3), first(year - 2)),
            (first(year - 2), first(year - 1)),
            (first(year - 1), self.window(year).1),
        ]
    }

    /// An error naming the key when a setting cannot be used.
    pub fn check(&self, path: &Path) -> Result<()> {
        let bad = |what: String| Error::Config { path: path.into(), message: format!("[exam] {what}") };
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

/// A month and day every year has (29 February is refused), written
/// `MM-DD`: read and checked once, when the configuration is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct MonthDay {
    month: u32,
    day: u32,
}

impl TryFrom<String> for MonthDay {
    type Error = String;

    fn try_from(text: String) -> std::result::Result<MonthDay, String> {
        let parsed = text.trim().split_once('-').and_then(|(m, d)| Some((m.parse().ok()?, d.parse().ok()?)));
        let last = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
        match parsed {
            Some((month, day))
                if (1..=12).contains(&month) && day >= 1 && day <= last[month as usize - 1] =>
            {
                Ok(MonthDay { month, day })
            }
            _ => Err(format!("\"{text}\": give a month and day as MM-DD, e.g. \"09-01\"")),
        }
    }
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
        let grades = exam.grades(2025).map(|(a, b)| (day::to_ymd(a), day::to_ymd(b)));
        assert_eq!(grades[0], ((2022, 9, 1), (2023, 9, 1)));
        assert_eq!(grades[2], ((2024, 9, 1), (2025, 7, 1)));
        let read = |text: &str| toml::from_str::<ExamSection>(text).map_err(|e| e.to_string());
        assert_eq!(read("window_start = \"03-15\"").unwrap().window_start, MonthDay { month: 3, day: 15 });
        let e = read("window_start = \"02-29\"").unwrap_err();
        assert!(e.contains("window_start") && e.contains("MM-DD"), "{e}");
    }
}
