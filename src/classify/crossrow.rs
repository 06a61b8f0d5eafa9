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
/// is what the export is, not a flag. The facts themselves are sorted (no
/// sort through row numbers, whose every comparison would read two rows
/// far apart): first a copy of the persons, 8 bytes a row; then the facts
/// in place, each person number replaced by its row's number once the
/// persons are done with.
pub fn flags(mut rows: Vec<RowFacts>, one_row_a_person: bool) -> Vec<CrossFlags> {
    let mut out = vec![CrossFlags(0); rows.len()];
    if one_row_a_person {
        let mut persons: Vec<u64> = rows
            .par_iter()
            .enumerate()
            .filter(|(_, f)| f.person != NO_PERSON)
            .map(|(i, f)| u64::from(f.person) << 32 | i as u64)
            .collect();
        persons.par_sort_unstable();
        for run in persons.chunk_by(|a, b| a >> 32 == b >> 32).filter(|run| run.len() > 1) {
            run.iter().for_each(|&p| out[p as u32 as usize].0 |= DUPLICATE);
        }
    }
    rows.par_iter_mut().enumerate().for_each(|(i, f)| f.person = i as u32);
    rows.par_sort_unstable_by_key(|f| (f.id, f.identity));
    for run in rows.chunk_by(|a, b| a.id == b.id) {
        let (first, last) = (run[0], run[run.len() - 1]);
        if first.id != NO_ID && first.identity != last.identity {
            run.iter().for_each(|f| out[f.person as usize].0 |= SHARED);
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
    fn flags_are_what_their_definitions_say_on_random_rows() {
        let mut rng = crate::rng::Rng::new(3);
        let rows: Vec<RowFacts> = (0..400)
            .map(|_| {
                let person = (rng.below(3) > 0).then(|| rng.below(60) as u32);
                let id = (rng.below(4) > 0).then(|| rng.below(80));
                RowFacts::new(person, id, rng.below(3))
            })
            .collect();
        let got = flags(rows.clone(), true);
        for (i, r) in rows.iter().enumerate() {
            let others = || rows.iter().enumerate().filter(move |&(j, _)| j != i).map(|(_, o)| o);
            let duplicate = r.person != NO_PERSON && others().any(|o| o.person == r.person);
            let shared = r.id != NO_ID && others().any(|o| o.id == r.id && o.identity != r.identity);
            assert_eq!(got[i].0 & DUPLICATE != 0, duplicate, "{i}");
            assert_eq!(got[i].0 & SHARED != 0, shared, "{i}");
        }
    }

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
        let f: Vec<String> = flags(rows.to_vec(), true).into_iter().map(|r| r.reasons().joined()).collect();
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
        let periods: Vec<String> =
            flags(rows.to_vec(), false).into_iter().map(|r| r.reasons().joined()).collect();
        assert_eq!(periods[..4], ["", "", "ID_SHARED_IN_INPUT", "ID_SHARED_IN_INPUT"]);
    }
}
