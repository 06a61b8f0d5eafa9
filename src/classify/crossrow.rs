//! Flags that need every row at once: the same person in several rows
//! (`DUPLICATE_IN_INPUT`), and one ID used for different identities
//! (`ID_SHARED_IN_INPUT`: the same ID with another name or date of birth).
//! The facts take 16 bytes a row and the flags are found by sorting row
//! numbers, so 51M rows need about 1 GB here, and no hash table.

use rayon::prelude::*;

use super::{Reason, Reasons};

const NO_PERSON: u32 = u32::MAX;
/// No ID key is all ones (see `IdKey`).
const NO_ID: u64 = u64::MAX;

/// What the cross-row flags need to know of one row (16 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowFacts {
    id: u64,
    person: u32,
    identity: u32,
}

impl Default for RowFacts {
    fn default() -> RowFacts {
        RowFacts { id: NO_ID, person: NO_PERSON, identity: 0 }
    }
}

impl RowFacts {
    /// A row linked to `person` (if any), carrying ID key `id` (if any),
    /// whose name and date of birth hash to `identity`.
    pub fn new(person: Option<u32>, id: Option<u64>, identity: u64) -> RowFacts {
        RowFacts {
            id: id.unwrap_or(NO_ID),
            person: person.unwrap_or(NO_PERSON),
            identity: (identity ^ (identity >> 32)) as u32,
        }
    }
}

/// The cross-row flags of each row, in row order. With `one_row_a_person`
/// false (a residence export: a row per period), a person on several rows
/// is what the export is, not a flag.
pub fn flags(rows: &[RowFacts], one_row_a_person: bool) -> Vec<CrossFlags> {
    let mut out = vec![CrossFlags(0); rows.len()];
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    let fact = |i: &u32| rows[*i as usize];
    if one_row_a_person {
        order.par_sort_unstable_by_key(|i| fact(i).person);
        for run in order.chunk_by(|a, b| fact(a).person == fact(b).person) {
            if run.len() > 1 && fact(&run[0]).person != NO_PERSON {
                run.iter().for_each(|&i| out[i as usize].0 |= DUPLICATE);
            }
        }
    }
    order.par_sort_unstable_by_key(|i| (fact(i).id, fact(i).identity));
    for run in order.chunk_by(|a, b| fact(a).id == fact(b).id) {
        let (first, last) = (fact(&run[0]), fact(&run[run.len() - 1]));
        if first.id != NO_ID && first.identity != last.identity {
            run.iter().for_each(|&i| out[i as usize].0 |= SHARED);
        }
    }
    out
}

const DUPLICATE: u8 = 1;
const SHARED: u8 = 2;

/// One row's cross-row flags (one byte).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrossFlags(u8);

impl CrossFlags {
    /// The flags as reasons.
    pub fn reasons(self) -> Reasons {
        let mut f = Reasons::default();
        if self.0 & DUPLICATE != 0 {
            f.add(Reason::DuplicateInInput);
        }
        if self.0 & SHARED != 0 {
            f.add(Reason::IdSharedInInput);
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_and_shared_ids() {
        let rows = [
            RowFacts::new(Some(1), Some(10), 100),
            RowFacts::new(Some(1), Some(10), 100),
            RowFacts::new(Some(2), Some(20), 200),
            RowFacts::new(None, Some(20), 300),
            RowFacts::new(None, None, 400),
            RowFacts::new(None, None, 500),
            RowFacts::default(),
            RowFacts::new(Some(3), Some(30), 100),
        ];
        let f: Vec<String> = flags(&rows, true).into_iter().map(|r| r.reasons().joined()).collect();
        assert_eq!(
            f,
            [
                "DUPLICATE_IN_INPUT",
                "DUPLICATE_IN_INPUT",
                "ID_SHARED_IN_INPUT",
                "ID_SHARED_IN_INPUT",
                "",
                "",
                "",
                ""
            ]
        );
        let periods: Vec<String> = flags(&rows, false).into_iter().map(|r| r.reasons().joined()).collect();
        assert_eq!(periods[..4], ["", "", "ID_SHARED_IN_INPUT", "ID_SHARED_IN_INPUT"]);
    }
}
