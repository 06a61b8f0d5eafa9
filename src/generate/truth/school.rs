//! The admission regulation's school rule as the generator applies it to
//! write the truth (README, "The school rule"), written apart from the
//! engine's implementation: the truth is a second opinion, not a copy.
//!
//! A candidate's area is the area of the school attended for most grades (a
//! tie: the one attended last), as the school list has it for most of that
//! grade's school year; ethnic boarding-school students take the area their
//! permanent residence supports; a ticked claim of more than 18 months'
//! permanent residence in KV1 (or in a commune marked extremely
//! disadvantaged) gives KV1 when the base's history in the window bears it
//! out; the span written is compared with the history on its own; policy
//! group 01 needs the KV1 test too.

use super::exam::{self, merged, months, Window, MIN_MONTHS};
use crate::generate::calendar::{date, day};
use crate::generate::geo::{self, Period, PERMANENT};
use crate::generate::school::School;
use crate::normalize::Dob;

/// A grade's school as the export writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grade {
    /// Left blank.
    Blank,
    /// Cells that cannot be read as a school.
    Unreadable,
    /// A school (listed or not).
    At(School),
}

/// The span a candidate writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Not written (a ticked claim's span is then unreadable).
    None,
    /// Written so that it cannot be read.
    Unreadable,
    /// First and last day (both included).
    Days(Dob, Dob),
}

/// What an exam row says beyond its identity and declared area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// Grades 10, 11 and 12.
    pub grades: [Grade; 3],
    /// Ticked: more than 18 months of permanent residence in KV1.
    pub kv1: bool,
    /// Ticked: … in an extremely disadvantaged commune.
    pub dbkk: bool,
    /// The span written.
    pub span: Span,
    /// Ticked: an ethnic boarding school.
    pub boarding: bool,
    /// Policy group written as `01`.
    pub policy_01: bool,
    /// The base's ethnicity of the person: a minority or not (`None`: not recorded).
    pub minority: Option<bool>,
}

/// The school year `[from, to)` of grade `g` (0: grade 10) of exam year `year`.
pub fn school_year(year: u32, g: usize) -> (i64, i64) {
    let from = day(Dob::new(year - 3 + g as u32, 9, 1));
    let to = if g == 2 { day(Window::of(year).to) } else { day(Dob::new(year - 2 + g as u32, 9, 1)) };
    (from, to)
}

/// A listed school's area over `[from, to)`: its stretch with most days
/// there (the later on a tie), as a rank; `None` when unlisted.
fn school_area(school: School, (from, to): (i64, i64)) -> Option<usize> {
    if !school.listed() {
        return None;
    }
    let mut best: Option<(i64, i64, usize)> = None;
    for (area, a, b) in geo::stretches(school.commune()) {
        let days = b.map_or(to, |b| day(b).min(to)) - day(a).max(from);
        if days > 0 && best.is_none_or(|(d, start, _)| (days, day(a)) > (d, start)) {
            best = Some((days, day(a), geo::rank(area)?));
        }
    }
    best.map(|b| b.2)
}

/// Permanent days of `periods` in `[from, to)` in a commune `keep`
/// accepts on that day (by area stretch), merged.
fn days_where(
    periods: &[Period],
    (from, to): (i64, i64),
    keep: &dyn Fn(u32, usize) -> bool,
) -> Vec<(i64, i64)> {
    let mut spans = Vec::new();
    for p in periods.iter().filter(|p| p.kind == PERMANENT) {
        let (a, b) = (day(p.from).max(from), p.to.map_or(to, |t| day(t).min(to)));
        for (area, s, e) in geo::stretches(p.commune) {
            let (x, y) = (a.max(day(s)), e.map_or(b, |e| b.min(day(e))));
            if x < y && geo::rank(area).is_some_and(|r| keep(p.commune, r)) {
                spans.push((x, y));
            }
        }
    }
    merged(spans)
}

/// Days in KV1 communes.
fn kv1(_: u32, rank: usize) -> bool {
    rank == 0
}

/// Days in communes marked extremely disadvantaged.
fn marked(commune: u32, _: usize) -> bool {
    geo::dbkk(commune)
}

/// True when the stretches make more than the months.
fn more_than_min(stretches: &[(i64, i64)]) -> bool {
    months(stretches) > (MIN_MONTHS, 0)
}

/// The expected priority-area reasons (sorted) and the entitled area (a
/// rank) of `candidate` declaring `declared`, against `base` (the base's
/// history of the person), in exam year `year`.
pub fn reasons(
    candidate: &Candidate,
    declared: &str,
    base: &[Period],
    year: u32,
) -> (Vec<&'static str>, Option<usize>) {
    let w = Window::of(year);
    let window = (day(w.from), day(w.to));
    let mut out = Vec::new();
    let declared = geo::rank(declared);
    if declared.is_none() {
        out.push("AREA_DECLARED_INVALID");
    }
    // The grades' schools and their areas that year.
    let mut areas = [None; 3];
    for (g, grade) in candidate.grades.iter().enumerate() {
        match grade {
            Grade::Blank => {}
            Grade::Unreadable => out.push("SCHOOL_NOT_IN_LIST"),
            Grade::At(s) => {
                areas[g] = school_area(*s, school_year(year, g));
                if areas[g].is_none() {
                    out.push("SCHOOL_NOT_IN_LIST");
                }
            }
        }
    }
    if candidate.grades.iter().all(|g| *g == Grade::Blank) {
        out.push("SCHOOL_MISSING");
    }
    // The school attended for most grades (unreadable cells count for
    // none), on a tie the last attended.
    let attended = |g: usize| candidate.grades.iter().filter(|&&o| o == candidate.grades[g]).count();
    let deciding =
        (0..3).filter(|&g| matches!(candidate.grades[g], Grade::At(_))).max_by_key(|&g| (attended(g), g));
    let school = deciding.and_then(|g| areas[g]);
    // The list marks boarding schools: its word outweighs the tick, for a school it lists that year.
    let boarding = match deciding.map(|g| (candidate.grades[g], areas[g])) {
        Some((Grade::At(s), Some(_))) => s.boarding(),
        _ => candidate.boarding,
    };
    let mut entitled = school;
    if boarding || candidate.kv1 || candidate.dbkk || candidate.policy_01 {
        let assessed = exam::assess(base, w, &geo::stretches);
        // Policy group 01 is a minority's: a person the base records otherwise
        // has no claim to it, whatever the residence.
        let not_minority = candidate.policy_01 && candidate.minority == Some(false);
        if assessed.missing {
            out.push("RESIDENCE_HISTORY_MISSING");
            if not_minority {
                out.push("POLICY_GROUP_UNSUPPORTED");
            }
        } else {
            let mut better = |r: Option<usize>| entitled = [entitled, r].into_iter().flatten().min();
            if boarding {
                better(assessed.supported);
            }
            let in_kv1 = days_where(base, window, &kv1);
            let in_marked = days_where(base, window, &marked);
            for (ticked, days) in [(candidate.kv1, &in_kv1), (candidate.dbkk, &in_marked)] {
                if !ticked {
                    continue;
                }
                if more_than_min(days) {
                    better(Some(0));
                } else {
                    out.push("RESIDENCE_CLAIM_UNSUPPORTED");
                    if !days.is_empty() {
                        out.push("RESIDENCE_TOO_SHORT");
                    }
                }
            }
            if candidate.policy_01 && (!more_than_min(&in_kv1) || not_minority) {
                out.push("POLICY_GROUP_UNSUPPORTED");
            }
            if assessed.gap {
                out.push("RESIDENCE_GAP");
            }
        }
        if candidate.kv1 || candidate.dbkk {
            match candidate.span {
                Span::None | Span::Unreadable => out.push("CLAIM_SPAN_INVALID"),
                Span::Days(first, _) if day(first) + 30 * 366 < window.0 => out.push("CLAIM_SPAN_INVALID"),
                Span::Days(_, last) if day(last) + 1 > window.1 + 366 => out.push("CLAIM_SPAN_INVALID"),
                Span::Days(first, last) => {
                    let span = (day(first), day(last) + 1);
                    let keep =
                        |c: u32, r: usize| (candidate.kv1 && r == 0) || (candidate.dbkk && geo::dbkk(c));
                    let borne: i64 = days_where(base, span, &keep).iter().map(|(a, b)| b - a).sum();
                    if span.1 - span.0 - borne > 1 {
                        out.push("CLAIM_SPAN_DIFFERS");
                    }
                }
            }
        }
    }
    match declared {
        None => {}
        Some(d) if d >= entitled.unwrap_or(3) => out.push("PRIORITY_AREA_SUPPORTED"),
        Some(d) => {
            out.push("PRIORITY_AREA_UNSUPPORTED");
            if school.is_some_and(|s| d < s) {
                out.push("SCHOOL_AREA_LOWER");
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    (out, entitled)
}

/// An honest claim's span: the stretch of days `keep` accepts that has
/// most days in the window, from its first day to its last day in the
/// window; `None` when the days do not make more than the months.
pub fn honest_span(history: &[Period], year: u32, keep: &dyn Fn(u32, usize) -> bool) -> Option<(Dob, Dob)> {
    let w = Window::of(year);
    let window = (day(w.from), day(w.to));
    if !more_than_min(&days_where(history, window, keep)) {
        return None;
    }
    let all = days_where(history, (i64::MIN / 4, window.1), keep);
    let inside = |&(a, b): &(i64, i64)| b.min(window.1) - a.max(window.0);
    let best = all.into_iter().filter(|s| inside(s) > 0).max_by_key(inside)?;
    Some((date(best.0), date(best.1 - 1)))
}

/// The claim tests an honest candidate applies: KV1 days, marked days.
pub const CLAIMS: [fn(u32, usize) -> bool; 2] = [kv1, marked];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn school_years_run_from_september_and_grade_12_ends_with_the_window() {
        assert_eq!(date(school_year(2025, 0).0), Dob::new(2022, 9, 1));
        assert_eq!(date(school_year(2025, 1).1), Dob::new(2024, 9, 1));
        assert_eq!(date(school_year(2025, 2).1), Dob::new(2025, 7, 1));
    }
}
