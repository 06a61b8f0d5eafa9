//! The residence rules as the generator applies them to write the truth:
//! each exported period of a person against the base's periods of the same
//! person (the shared specification of issue 12), written apart from the
//! engine's implementation on purpose.
//!
//! Periods are half-open `[from, to)`, an open end is still current. A row
//! is compared with the base periods of its own kind (permanent or
//! temporary): the same commune with the same days is a match; the same
//! commune overlapping, dates that differ; another commune overlapping, a
//! place that differs; nothing overlapping, not in the base. A period that
//! ends on or before its first day holds no day: invalid, compared with
//! nothing. A base period that no exported period of its kind overlaps is
//! extra, said on the person's first row (valid or not).

use crate::generate::geo::Period;

/// Two half-open periods share a day.
pub fn overlaps(a: &Period, b: &Period) -> bool {
    a.to.is_none_or(|t| b.from < t) && b.to.is_none_or(|t| a.from < t)
}

/// The period holds no day: it ends on or before its first day.
pub fn empty(p: &Period) -> bool {
    p.to.is_some_and(|t| t <= p.from)
}

/// The reasons of each exported period of one person (in export order), sorted.
pub fn reasons(rows: &[Period], base: &[Period]) -> Vec<Vec<&'static str>> {
    let mut out: Vec<Vec<&'static str>> = rows
        .iter()
        .map(|r| {
            let same_kind = || base.iter().filter(|b| b.kind == r.kind);
            let reason = if empty(r) {
                "RESIDENCE_PERIOD_INVALID"
            } else if same_kind().any(|b| b.commune == r.commune && b.from == r.from && b.to == r.to) {
                "RESIDENCE_MATCH"
            } else if same_kind().any(|b| b.commune == r.commune && overlaps(b, r)) {
                "RESIDENCE_DATES_DIFFER"
            } else if same_kind().any(|b| overlaps(b, r)) {
                "RESIDENCE_PLACE_DIFFERS"
            } else {
                "RESIDENCE_NOT_IN_BASE"
            };
            vec![reason]
        })
        .collect();
    let extra = base.iter().any(|b| !rows.iter().any(|r| !empty(r) && r.kind == b.kind && overlaps(b, r)));
    if let (true, Some(first)) = (extra, out.first_mut()) {
        first.push("RESIDENCE_EXTRA_IN_BASE");
        first.sort_unstable();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::geo::{PERMANENT, TEMPORARY};
    use crate::normalize::Dob;

    fn p(commune: u32, from: u32, to: Option<u32>, kind: &'static str) -> Period {
        Period { commune, from: Dob(from), to: to.map(Dob), kind, new_code: false }
    }

    fn base() -> Vec<Period> {
        vec![
            p(1, 20000101, Some(20100501), PERMANENT),
            p(2, 20100501, None, PERMANENT),
            p(3, 20100501, Some(20110501), TEMPORARY),
        ]
    }

    #[test]
    fn the_same_history_matches() {
        let b = base();
        assert!(reasons(&b, &b).iter().all(|r| r == &["RESIDENCE_MATCH"]));
        // A post-merger code is only how the province is written.
        let rows: Vec<Period> = b.iter().map(|q| Period { new_code: true, ..q.clone() }).collect();
        assert!(reasons(&rows, &b).iter().all(|r| r == &["RESIDENCE_MATCH"]));
    }

    #[test]
    fn shifted_dates_another_commune_and_a_period_the_base_lacks() {
        let b = base();
        // Shifted 30 days later: overlaps its own period (and the next one, elsewhere).
        let mut rows = b.clone();
        rows[0] = p(1, 20000131, Some(20100531), PERMANENT);
        assert_eq!(reasons(&rows, &b)[0], ["RESIDENCE_DATES_DIFFER"]);
        // An open end moved: the from differs, both run on.
        rows[0] = b[0].clone();
        rows[1] = p(2, 20100601, None, PERMANENT);
        assert_eq!(reasons(&rows, &b)[1], ["RESIDENCE_DATES_DIFFER"]);
        rows[1] = p(9, 20100501, None, PERMANENT);
        assert_eq!(reasons(&rows, &b)[1], ["RESIDENCE_PLACE_DIFFERS"]);
        // The base lacks the period: its neighbours only touch it (half-open), so nothing overlaps.
        let lacking = vec![b[1].clone(), b[2].clone()];
        let r = reasons(&b, &lacking);
        assert_eq!(r[0], ["RESIDENCE_NOT_IN_BASE"]);
        assert_eq!(r[1], ["RESIDENCE_MATCH"]);
        assert!(reasons(&b, &[]).iter().all(|r| r == &["RESIDENCE_NOT_IN_BASE"]));
        // A temporary stay is compared with temporary periods only.
        let r = reasons(&[p(2, 20100501, Some(20110501), TEMPORARY)], &b[..2]);
        assert_eq!(r[0], ["RESIDENCE_EXTRA_IN_BASE", "RESIDENCE_NOT_IN_BASE"]);
    }

    #[test]
    fn a_base_period_left_out_of_the_export_is_extra_on_the_first_row() {
        let b = base();
        let r = reasons(&b[1..], &b);
        assert_eq!(r[0], ["RESIDENCE_EXTRA_IN_BASE", "RESIDENCE_MATCH"]);
        assert_eq!(r[1], ["RESIDENCE_MATCH"]);
        // The temporary one left out: a permanent row over the same days does not cover it.
        let r = reasons(&b[..2], &b);
        assert_eq!(r[0], ["RESIDENCE_EXTRA_IN_BASE", "RESIDENCE_MATCH"]);
    }

    #[test]
    fn a_period_that_ends_the_day_it_begins_is_invalid_and_covers_nothing() {
        let b = base();
        // [2005-01-01, 2005-01-01) inside the first base period: no day, so no overlap.
        let zero = p(1, 20050101, Some(20050101), PERMANENT);
        let r = reasons(&[zero.clone(), b[1].clone(), b[2].clone()], &b);
        assert_eq!(r[0], ["RESIDENCE_EXTRA_IN_BASE", "RESIDENCE_PERIOD_INVALID"]);
        assert_eq!(r[1], ["RESIDENCE_MATCH"]);
        let inverted = p(1, 20050101, Some(20040101), PERMANENT);
        assert_eq!(reasons(&[inverted], &[])[0], ["RESIDENCE_PERIOD_INVALID"]);
    }
}
