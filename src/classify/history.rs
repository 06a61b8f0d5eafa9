//! The residence check: each period of a residence export against the
//! base's periods of the same person and kind — the same period
//! (`RESIDENCE_MATCH`), the same place at other dates
//! (`RESIDENCE_DATES_DIFFER`, with the days they share), another place at
//! those dates (`RESIDENCE_PLACE_DIFFERS`), or nothing
//! (`RESIDENCE_NOT_IN_BASE`); and, across a person's rows, a base period
//! none of them covers (`RESIDENCE_EXTRA_IN_BASE`, on the person's first row).

use rayon::prelude::*;

use super::Reason;
use crate::index::residence::{Given, Period, Residence};
use crate::normalize::day::{Day, OPEN};

/// How a given period compares with the base's: the reason, and for
/// `RESIDENCE_DATES_DIFFER` the days it shares with the closest base period.
pub fn compare(given: Given, base: &[Period]) -> (Reason, Option<u32>) {
    let (reason, days, _) = compare_with_period(given, base);
    (reason, days)
}

/// [`compare`], with the base period the reason is about (for the clerk to
/// set beside the row): of the person's periods of the row's kind that
/// share a day with it, the one at the row's place sharing the most days,
/// else the one sharing the most days (another place); the earlier on a
/// tie. None when none shares a day (`RESIDENCE_NOT_IN_BASE`).
pub fn compare_with_period(given: Given, base: &[Period]) -> (Reason, Option<u32>, Option<Period>) {
    let here = |b: &Period| b.place().same_across(b.from, given.place, given.from);
    let closest = base
        .iter()
        .filter(|b| b.permanent() == given.permanent && b.overlaps(given.from, given.to))
        .max_by_key(|b| (here(b), overlap_days(given, b), std::cmp::Reverse((b.from, b.to))))
        .copied();
    let equal =
        |b: &Period| b.permanent() == given.permanent && here(b) && b.from == given.from && b.to == given.to;
    let (reason, days) = match closest {
        _ if base.iter().any(equal) => (Reason::ResidenceMatch, None),
        Some(b) if here(&b) => (Reason::ResidenceDatesDiffer, Some(overlap_days(given, &b))),
        Some(_) => (Reason::ResidencePlaceDiffers, None),
        None => (Reason::ResidenceNotInBase, None),
    };
    (reason, days, closest)
}

/// The days two overlapping periods share. An open end is measured up to
/// the latest date either period gives (its first day, or the other's end),
/// so two periods both still current share the days from the later first
/// day to that date: none when they start together.
pub fn overlap_days(given: Given, b: &Period) -> u32 {
    let dates = [given.from, given.to, b.from, b.to];
    let latest = dates.into_iter().filter(|&d| d != OPEN).max().unwrap_or(0);
    let end = |to: Day| if to == OPEN { latest } else { to };
    end(given.to).min(end(b.to)).saturating_sub(given.from.max(b.from))
}

/// A linked export row's period, for the cross-row step (16 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowPeriod {
    person: u32,
    row: u32,
    from: Day,
    /// The end (open: `u32::MAX >> 1`) with the kind in the top bit.
    to: u32,
}

const PERMANENT: u32 = 1 << 31;

impl RowPeriod {
    /// Row `row` (0-based) linked to `person` gives this period.
    pub fn new(person: u32, row: u32, given: Given) -> RowPeriod {
        let kind = if given.permanent { PERMANENT } else { 0 };
        RowPeriod { person, row, from: given.from, to: given.to.min(!PERMANENT) | kind }
    }

    /// Row `row` (0-based), linked to `person`, whose period cannot be read: it covers nothing.
    pub fn unreadable(person: u32, row: u32) -> RowPeriod {
        RowPeriod { person, row, from: 0, to: 0 }
    }

    fn covers(&self, b: &Period) -> bool {
        let to = self.to & !PERMANENT;
        let to = if to == !PERMANENT { OPEN } else { to };
        (self.to & PERMANENT != 0) == b.permanent() && b.overlaps(self.from, to)
    }
}

/// The rows (0-based, ascending) that carry `RESIDENCE_EXTRA_IN_BASE`: for
/// each person with a base period that none of their rows' periods of the
/// same kind overlaps, the person's first row in input order (read or not:
/// an unreadable row covers nothing). Sorts `rows` in place.
pub fn extra_in_base(rows: &mut [RowPeriod], history: &Residence) -> Vec<u32> {
    rows.par_sort_unstable();
    let mut out: Vec<u32> = rows
        .par_chunk_by(|a, b| a.person == b.person)
        .filter_map(|person_rows| {
            let base = history.of(person_rows[0].person);
            let uncovered = base.iter().any(|b| !person_rows.iter().any(|r| r.covers(b)));
            uncovered.then_some(person_rows[0].row)
        })
        .collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::day::from_ymd;
    use crate::normalize::place::Place;

    fn place(province: &str, commune: &str) -> Place {
        Place::read(province, commune).unwrap()
    }

    fn given(p: Place, from: Day, to: Day) -> Given {
        Given { place: p, permanent: true, from, to }
    }

    #[test]
    fn each_period_gets_one_verdict() {
        let (a, b, c) = (from_ymd(2015, 1, 1), from_ymd(2020, 1, 1), from_ymd(2024, 1, 1));
        let home = place("079", "79001");
        let base = [Period::new(0, home, true, a, b), Period::new(0, place("079", "79002"), true, b, OPEN)];
        assert_eq!(compare(given(home, a, b), &base), (Reason::ResidenceMatch, None));
        assert_eq!(compare(given(home, a + 30, b), &base), (Reason::ResidenceDatesDiffer, Some(b - a - 30)));
        assert_eq!(compare(given(place("079", "79003"), b, c), &base), (Reason::ResidencePlaceDiffers, None));
        assert_eq!(compare(given(home, c, OPEN), &base).0, Reason::ResidencePlaceDiffers);
        assert_eq!(compare(given(home, from_ymd(2000, 1, 1), a), &base).0, Reason::ResidenceNotInBase);
        let temporary = Given { permanent: false, ..given(home, a, b) };
        assert_eq!(compare(temporary, &base).0, Reason::ResidenceNotInBase, "kinds are compared apart");
        assert_eq!(compare(given(home, a, b), &[]).0, Reason::ResidenceNotInBase);
        // The base period each reason is about.
        let closest = |g: Given| compare_with_period(g, &base).2;
        assert_eq!(closest(given(home, a + 30, b)).map(|p| (p.from, p.to)), Some((a, b)));
        let elsewhere = closest(given(place("079", "79003"), b, c)).unwrap();
        assert!(!elsewhere.place().same(place("079", "79003")) && elsewhere.overlaps(b, c));
        assert_eq!(closest(given(home, from_ymd(2000, 1, 1), a)), None);
    }

    /// Bình Dương's pre-merger code (074) and Hồ Chí Minh City's post-merger code (79) are one place.
    #[test]
    fn a_pre_merger_and_a_post_merger_province_compare_equal() {
        let from = from_ymd(2025, 7, 1);
        let base = [Period::new(0, place("79", ""), true, from, OPEN)];
        assert_eq!(compare(given(place("074", ""), from, OPEN), &base), (Reason::ResidenceMatch, None));
        assert_eq!(compare(given(place("001", ""), from, OPEN), &base).0, Reason::ResidencePlaceDiffers);
    }

    #[test]
    fn open_ends_are_measured_to_the_latest_date_given() {
        let (a, b) = (from_ymd(2020, 1, 1), from_ymd(2022, 1, 1));
        let home = place("001", "1001");
        let open = Period::new(0, home, true, a, OPEN);
        assert_eq!(overlap_days(given(home, b, from_ymd(2023, 1, 1)), &open), 365);
        assert_eq!(overlap_days(given(home, b, OPEN), &open), 0, "both current: up to the later first day");
        assert_eq!(compare(given(home, b, OPEN), &[open]), (Reason::ResidenceDatesDiffer, Some(0)));
    }

    #[test]
    fn a_base_period_no_row_covers_is_flagged_on_the_persons_first_row() {
        let (a, b, c) = (from_ymd(2010, 1, 1), from_ymd(2015, 1, 1), from_ymd(2020, 1, 1));
        let home = place("001", "1001");
        let history = Residence::new(vec![
            Period::new(1, home, true, a, b),
            Period::new(1, home, true, b, c),
            Period::new(2, home, true, a, c),
            Period::new(2, home, false, b, c),
        ]);
        let mut rows = vec![
            RowPeriod::new(1, 5, given(home, b, c)),
            RowPeriod::new(2, 3, given(home, a, OPEN)),
            RowPeriod::new(1, 2, given(home, b + 10, c)),
            RowPeriod::new(2, 4, Given { permanent: false, ..given(home, c - 1, OPEN) }),
        ];
        assert_eq!(std::mem::size_of::<RowPeriod>(), 16);
        // Person 1's first period is in no row: their first row (2) is flagged; person 2's are all covered.
        assert_eq!(extra_in_base(&mut rows, &history), [2]);
        let mut only_permanent = vec![RowPeriod::new(2, 3, given(home, a, OPEN))];
        assert_eq!(extra_in_base(&mut only_permanent, &history), [3]);
        // Rows whose period cannot be read cover nothing, and the person's
        // first row carries the reason, read or not.
        let mut unreadable = vec![RowPeriod::unreadable(2, 7), RowPeriod::unreadable(2, 5)];
        assert_eq!(extra_in_base(&mut unreadable, &history), [5]);
        let mut first_unreadable =
            vec![RowPeriod::new(2, 9, given(home, a, OPEN)), RowPeriod::unreadable(2, 4)];
        assert_eq!(extra_in_base(&mut first_unreadable, &history), [4]);
    }
}
