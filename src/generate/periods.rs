//! A residence export's rows: one per period of where the person lived,
//! with the faults that live in the export (another commune, shifted dates,
//! a period left out) and those of the base that show on a row, and the
//! reasons a perfect reconciler gives each ([`super::truth::residence`]).

use super::calendar::{date, day};
use super::faults::{Fault, Profile};
use super::geo::{self, Period};
use super::residence::{Lived, PeriodRow};
use super::rng::Rng;
use super::truth;

/// The faults of an exported period, in drawing order (at most one a row).
const PERIOD_FAULTS: [Fault; 3] =
    [Fault::ResidenceWrongCommune, Fault::ResidenceDatesShifted, Fault::ResidenceExtraInBase];

/// Applies a fault to exported period `j` (`dropped`: periods left out of
/// the export); false when it cannot apply.
fn period_fault(f: Fault, j: usize, rows: &mut [PeriodRow], dropped: &mut [bool], rng: &mut Rng) -> bool {
    let p = &rows[j].period;
    match f {
        Fault::ResidenceWrongCommune => {
            let Some(province) = geo::province_of(p.commune) else { return false };
            let other = (0..20)
                .map(|_| geo::commune(province, rng))
                .find(|c| rows.iter().all(|r| r.period.commune != *c));
            other.map(|c| rows[j].period.commune = c).is_some()
        }
        Fault::ResidenceDatesShifted => {
            let len = p.to.map_or(i64::MAX, |t| day(t) - day(p.from));
            let most = len.saturating_sub(1).min(90);
            if most < 1 {
                return false;
            }
            let delta = 1 + rng.below(most as u64) as i64;
            // The first period starts at birth: it moves later, the others either way.
            let first = rows.iter().all(|r| r.period.from >= p.from);
            let delta = if first || rng.chance(0.5) { delta } else { -delta };
            let p = &mut rows[j].period;
            (p.from, p.to) = (date(day(p.from) + delta), p.to.map(|t| date(day(t) + delta)));
            true
        }
        Fault::ResidenceExtraInBase => {
            let kept = dropped.iter().filter(|d| !**d).count();
            kept > 1 && !std::mem::replace(&mut dropped[j], true)
        }
        _ => false,
    }
}

/// The periods as exported (the 3-digit province code), without faults.
fn exported(history: &[Period]) -> Vec<PeriodRow> {
    let row = |p: &Period| PeriodRow {
        period: Period { new_code: false, ..p.clone() },
        faults: vec![],
        reasons: vec![],
    };
    history.iter().map(row).collect()
}

/// A person's exported periods, with the faults of the export and of the
/// base, each labelled on the rows whose reasons show it.
pub(super) fn periods(profile: &Profile, rng: &mut Rng, lived: &Lived) -> Vec<PeriodRow> {
    let mut rows = exported(&lived.history);
    let mut dropped = vec![false; rows.len()];
    for j in 0..rows.len() {
        for f in PERIOD_FAULTS {
            if rows[j].faults.is_empty()
                && !lived.lacking[j]
                && rng.chance(profile.rate(f))
                && period_fault(f, j, &mut rows, &mut dropped, rng)
            {
                rows[j].faults.push(f);
            }
        }
    }
    let lacking = rows.iter().zip(&lived.lacking).map(|(r, &l)| (r.period.clone(), l)).collect::<Vec<_>>();
    let mut rows: Vec<PeriodRow> =
        rows.into_iter().zip(&dropped).filter(|(_, d)| !**d).map(|(r, _)| r).collect();
    let periods: Vec<Period> = rows.iter().map(|r| r.period.clone()).collect();
    for (row, reasons) in rows.iter_mut().zip(truth::residence::reasons(&periods, &lived.base)) {
        row.reasons = reasons;
    }
    for row in rows.iter_mut() {
        let lacks = lacking.iter().any(|(p, l)| *l && *p == row.period);
        if lacks && row.reasons.contains(&"RESIDENCE_NOT_IN_BASE") {
            row.faults.push(Fault::ResidenceNotInBase);
        }
        // A hole in the base's record, or none: said where the row does not match.
        let base_fault = lived.fault.filter(|f| matches!(f, Fault::ResidenceGap | Fault::ResidenceMissing));
        if row.reasons.iter().any(|r| !matches!(*r, "RESIDENCE_MATCH" | "RESIDENCE_EXTRA_IN_BASE")) {
            row.faults.extend(base_fault);
        }
    }
    // A period left out of the export is said on the first row.
    if rows[0].reasons.contains(&"RESIDENCE_EXTRA_IN_BASE") {
        rows[0].faults.push(Fault::ResidenceExtraInBase);
    }
    for row in rows.iter_mut() {
        row.faults.sort();
        row.faults.dedup();
    }
    rows
}

/// An outsider's periods: no faults, no reasons.
pub(super) fn outsider_periods(history: &[Period]) -> Vec<PeriodRow> {
    exported(history)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::residence::tests::{histories, only};
    use crate::generate::residence::{base_rng, export_rng, lived};

    #[test]
    fn persons_of_exam_age_export_their_periods_too() {
        let all = Profile::named("hostile").unwrap();
        for (i, h) in histories(2007, 300).into_iter().enumerate() {
            let l = lived(&all, &mut base_rng(5, i as u64), h, true);
            assert_eq!(l.lacking.len(), l.history.len());
            let rows = periods(&all, &mut export_rng(5, i as u64), &l);
            let missing = l.fault == Some(Fault::ResidenceMissing);
            assert!(rows.iter().all(|r| !missing || r.reasons.contains(&"RESIDENCE_NOT_IN_BASE")));
        }
    }

    #[test]
    fn each_residence_fault_gives_its_reason() {
        let want = [
            (Fault::ResidenceWrongCommune, "RESIDENCE_PLACE_DIFFERS"),
            (Fault::ResidenceDatesShifted, "RESIDENCE_DATES_DIFFER"),
            (Fault::ResidenceNotInBase, "RESIDENCE_NOT_IN_BASE"),
            (Fault::ResidenceExtraInBase, "RESIDENCE_EXTRA_IN_BASE"),
        ];
        let none = Profile::named("none").unwrap();
        for (f, reason) in want {
            let mut seen = 0;
            for (i, h) in histories(1980, 200).into_iter().enumerate() {
                let clean = lived(&none, &mut base_rng(5, i as u64), h.clone(), false);
                assert_eq!(clean.base, h);
                let rows = periods(&none, &mut export_rng(5, i as u64), &clean);
                assert!(rows.iter().all(|r| r.reasons == ["RESIDENCE_MATCH"] && r.faults.is_empty()));
                let l = lived(&only(f), &mut base_rng(5, i as u64), h.clone(), false);
                let rows = periods(&only(f), &mut export_rng(5, i as u64), &l);
                assert!(l.base.len() <= h.len() && rows.len() <= h.len());
                for r in &rows {
                    assert_eq!(r.faults.contains(&f), r.reasons.contains(&reason), "{f:?} {r:?}");
                    seen += usize::from(r.faults.contains(&f));
                }
                if f == Fault::ResidenceExtraInBase {
                    assert!(rows.iter().skip(1).all(|r| r.faults.is_empty()), "said on the first row only");
                }
            }
            assert!(seen > 100, "{f:?} on {seen} rows");
        }
    }
}
