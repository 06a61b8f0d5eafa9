//! The exam check: does a candidate's residence history support the
//! priority area they declare? Permanent residence only counts, inside a
//! window before the exam (by default 1 September three years before to 1
//! July of the exam year). A day's area is its commune's on that day. A set
//! of days qualifies when it makes more than `min_months` months (Thông tư
//! 08/2022/TT-BGDĐT Art. 7(1)(c): "trên 18 tháng"; exactly 18 do not, 18
//! and a day do): in each stretch of consecutive days whole calendar months
//! are counted from its first day, and the days left over in all stretches
//! together count 30 to a month. The supported area is the best area whose
//! days (that area's or better) qualify.
//!
//! That is the rule for an export without the candidates' schools. With
//! them, the regulation's own rule applies ([`school`]): the area of the
//! school attended longest, residence only for its exceptions.

use super::{Reason, Reasons};
use crate::index::areas::{Areas, Zone};
use crate::index::residence::Period;
use crate::normalize::day::{add_months, Day};
use crate::normalize::place::Area;

/// The rules of one run.
#[derive(Debug, Clone, Copy)]
pub struct ExamRules {
    /// The window's first day.
    pub start: Day,
    /// The window's end (excluded).
    pub end: Day,
    /// Months to exceed: more than these qualify.
    pub min_months: u32,
    /// The school years of grades 10, 11 and 12: `[first day, end)`.
    pub grades: [(Day, Day); 3],
    /// The regulation's exceptions that apply (the school rule).
    pub exceptions: Exceptions,
}

/// Which of the admission regulation's residence exceptions apply
/// (TT 08/2022 Art. 7(1)(c), and policy group 01).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exceptions {
    /// Ethnic boarding-school students: the area of their residence.
    pub boarding: bool,
    /// A claim of more than `min_months` months of residence in KV1.
    pub kv1: bool,
    /// A claim of more than `min_months` months in an extremely disadvantaged commune.
    pub dbkk: bool,
    /// Policy group 01: more than `min_months` months of residence in KV1.
    pub policy_01: bool,
}

impl Exceptions {
    /// All of them, as TT 08/2022 has it.
    pub const ALL: Exceptions = Exceptions { boarding: true, kv1: true, dbkk: true, policy_01: true };
}

/// What the check found for one candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExamCheck {
    /// The reasons.
    pub reasons: Reasons,
    /// The area the history supports (none when even all residence in the
    /// window falls short, or when the history is missing).
    pub supported: Option<Area>,
}

/// Checks the declared area `declared` (as written) against `periods`, the
/// person's residence history. With `school` (a post-merger province code),
/// only residence in that province counts toward the supported area.
pub fn check(
    rules: &ExamRules,
    periods: &[Period],
    areas: &Areas,
    declared: &str,
    school: Option<u8>,
) -> ExamCheck {
    let (start, end) = (rules.start, rules.end);
    let permanent = || periods.iter().filter(|p| p.permanent());
    let mut out = ExamCheck::default();
    // An unreadable declared area is said whatever the history: the value
    // itself is to be corrected.
    let declared = Area::parse(declared);
    if declared.is_none() {
        out.reasons.add(Reason::AreaDeclaredInvalid);
    }
    if !permanent().any(|p| p.overlaps(start, end)) {
        out.reasons.add(Reason::ResidenceHistoryMissing);
        return out;
    }
    let tally = tally(rules, periods, areas, school);
    let pieces = &tally.pieces;
    out.supported = supported(&tally, rules.min_months);
    match declared {
        None => {}
        Some(d) if out.supported.is_some_and(|s| d >= s) => out.reasons.add(Reason::PriorityAreaSupported),
        Some(d) => {
            out.reasons.add(Reason::PriorityAreaUnsupported);
            if pieces.iter().any(|p| p.2.area <= d) {
                out.reasons.add(Reason::ResidenceTooShort);
            }
        }
    }
    if has_gap(periods, start, end) {
        out.reasons.add(Reason::ResidenceGap);
    }
    out
}

/// The window's days of permanent residence that count, and the months they make.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// The days, in pieces of one zone: `[from, to)` and the zone.
    pub pieces: Vec<(Day, Day, Zone)>,
    /// Per area (best first): the months and days beyond them of the
    /// pieces of that area or better ([`months`]).
    pub months: [(u32, u32); 4],
    /// The months and days of the pieces in extremely disadvantaged communes.
    pub dbkk: (u32, u32),
}

impl Tally {
    /// True when the days of area `worst` or better make more than `min` months.
    pub fn qualifies(&self, worst: Area, min: u32) -> bool {
        self.months[worst.rank() as usize] > (min, 0)
    }
}

/// The pieces and months of `periods`' permanent residence in the window
/// (with `school`, in that province only).
pub fn tally(rules: &ExamRules, periods: &[Period], areas: &Areas, school: Option<u8>) -> Tally {
    let (start, end) = (rules.start, rules.end);
    let pieces = permanent_pieces(periods, areas, (start, end), school);
    let months_of = |keep: &dyn Fn(Zone) -> bool| {
        months(pieces.iter().filter(|p| keep(p.2)).map(|p| (p.0, p.1)).collect())
    };
    let by_area = Area::ALL.map(|worst| months_of(&|z: Zone| z.area <= worst));
    let dbkk = months_of(&|z: Zone| z.dbkk);
    Tally { months: by_area, dbkk, pieces }
}

/// The best area whose days qualify, if any.
pub fn supported(tally: &Tally, min_months: u32) -> Option<Area> {
    Area::ALL.into_iter().find(|&a| tally.qualifies(a, min_months))
}

/// The pieces of `periods`' permanent residence within `[from, to)` (with
/// `school`, in that province only), each of one zone.
pub fn permanent_pieces(
    periods: &[Period],
    areas: &Areas,
    (from, to): (Day, Day),
    school: Option<u8>,
) -> Vec<(Day, Day, Zone)> {
    let mut pieces = Vec::new();
    for p in periods.iter().filter(|p| p.permanent() && p.overlaps(from, to)) {
        let place = p.place();
        if school.is_some_and(|s| place.province != s) {
            continue;
        }
        areas.pieces(place.commune, p.from.max(from), p.to.min(to), |a, b, zone| pieces.push((a, b, zone)));
    }
    pieces
}

/// Months in a set of day spans, and the days beyond them: whole calendar
/// months within each maximal stretch of consecutive days, plus the
/// leftover days of all stretches together, 30 to a month.
pub fn months(mut spans: Vec<(Day, Day)>) -> (u32, u32) {
    spans.sort_unstable();
    let (mut whole, mut leftover) = (0, 0);
    let mut count = |a: Day, b: Day| {
        let mut m = 0;
        while add_months(a, m + 1) <= b {
            m += 1;
        }
        whole += m;
        leftover += b - add_months(a, m);
    };
    let mut stretch: Option<(Day, Day)> = None;
    for (a, b) in spans.into_iter().filter(|s| s.0 < s.1) {
        stretch = match stretch {
            Some((sa, sb)) if a <= sb => Some((sa, sb.max(b))),
            Some((sa, sb)) => {
                count(sa, sb);
                Some((a, b))
            }
            None => Some((a, b)),
        };
    }
    if let Some((a, b)) = stretch {
        count(a, b);
    }
    (whole + leftover / 30, leftover % 30)
}

/// True when a day of the window, from the first day of permanent
/// residence in or before it, is covered by no permanent period.
pub fn has_gap(periods: &[Period], start: Day, end: Day) -> bool {
    let mut spans: Vec<(Day, Day)> =
        periods.iter().filter(|p| p.permanent() && p.from < end).map(|p| (p.from, p.to.min(end))).collect();
    spans.sort_unstable();
    let Some(first) = spans.first().map(|s| s.0.max(start)) else { return false };
    let mut covered = first;
    for (a, b) in spans {
        if a > covered {
            return true;
        }
        covered = covered.max(b);
    }
    covered < end
}

pub mod school;

#[cfg(test)]
mod tests;
