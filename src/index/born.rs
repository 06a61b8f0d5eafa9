//! Each person's date of birth and sex, packed in one word, and the
//! count of persons per full date of birth (a date's term frequency: a
//! placeholder-like 01/01 is common, most days are not).

use std::collections::HashMap;

use rayon::prelude::*;

use crate::normalize::{Dob, Precision, Sex};

/// A person's date of birth (`yyyymmdd`, below 2^30) and sex in one
/// word, so a candidate's date and sex cost one memory read.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Born(pub(crate) u32);

impl Born {
    const DOB_BITS: u32 = 30;

    pub(crate) fn new(dob: Dob, sex: Option<Sex>) -> Born {
        Born::from_codes(dob.0, sex.map_or(0, |s| s as u32 + 1))
    }

    /// From a date and a sex code ([`Born::sex_code`]), as a snapshot stores them.
    pub(crate) fn from_codes(dob: u32, sex: u32) -> Born {
        Born((dob & ((1 << Self::DOB_BITS) - 1)) | (sex.min(2) << Self::DOB_BITS))
    }

    pub(crate) fn dob(self) -> Dob {
        Dob(self.0 & ((1 << Self::DOB_BITS) - 1))
    }

    /// 0: unknown, 1: male, 2: female.
    pub(crate) fn sex_code(self) -> u32 {
        self.0 >> Self::DOB_BITS
    }

    pub(crate) fn sex(self) -> Option<Sex> {
        match self.sex_code() {
            1 => Some(Sex::Male),
            2 => Some(Sex::Female),
            _ => None,
        }
    }
}

/// Persons per full date of birth.
pub(crate) type DobTable = HashMap<u32, u32, foldhash::fast::FixedState>;

/// How many persons have each full date of birth: a few tens of thousands
/// of dates, counted in a table per core.
pub(crate) fn dob_table(born: &[Born]) -> DobTable {
    type Table = DobTable;
    let full = |d: &Dob| d.0 != 0 && d.precision() == Precision::Day;
    born.par_iter()
        .map(|b| b.dob())
        .filter(full)
        .fold(Table::default, |mut t, d| {
            *t.entry(d.0).or_default() += 1;
            t
        })
        .reduce(Table::default, |mut a, b| {
            for (d, n) in b {
                *a.entry(d).or_default() += n;
            }
            a
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_sexes_come_back_as_packed() {
        for dob in [Dob(0), Dob::new(1931, 0, 0), Dob::new(2008, 2, 29), Dob::new(9999, 12, 31)] {
            for sex in [None, Some(Sex::Male), Some(Sex::Female)] {
                let b = Born::new(dob, sex);
                assert_eq!((b.dob(), b.sex()), (dob, sex));
                assert_eq!(Born::from_codes(b.dob().0, b.sex_code()), b);
            }
        }
    }
}
