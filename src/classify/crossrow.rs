//! Flags that need every row at once: the same person in several rows
//! (`DUPLICATE_IN_INPUT`), and one ID used for different identities
//! (`ID_SHARED_IN_INPUT`: the same ID with another name or date of birth).

use std::collections::HashMap;

use super::{Reason, Reasons};

/// What the cross-row flags need to know of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RowFacts {
    /// The linked person, if any.
    pub person: Option<u32>,
    /// The row's usable ID, if any.
    pub id: Option<u64>,
    /// A hash of the row's folded name and date of birth.
    pub identity: u64,
}

/// The flags each row gets, in row order.
pub fn flags(rows: &[RowFacts]) -> Vec<Reasons> {
    let mut persons: HashMap<u32, u32> = HashMap::new();
    // ID → the first identity seen with it, and whether another was seen.
    let mut ids: HashMap<u64, (u64, bool)> = HashMap::new();
    for r in rows {
        if let Some(p) = r.person {
            *persons.entry(p).or_default() += 1;
        }
        if let Some(id) = r.id {
            let entry = ids.entry(id).or_insert((r.identity, false));
            if entry.0 != r.identity {
                entry.1 = true;
            }
        }
    }
    rows.iter()
        .map(|r| {
            let mut f = Reasons::default();
            if r.person.is_some_and(|p| persons[&p] > 1) {
                f.add(Reason::DuplicateInInput);
            }
            if r.id.is_some_and(|id| ids[&id].1) {
                f.add(Reason::IdSharedInInput);
            }
            f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_and_shared_ids() {
        let rows = [
            RowFacts { person: Some(1), id: Some(10), identity: 100 },
            RowFacts { person: Some(1), id: Some(10), identity: 100 },
            RowFacts { person: Some(2), id: Some(20), identity: 200 },
            RowFacts { person: None, id: Some(20), identity: 300 },
            RowFacts { person: None, id: None, identity: 400 },
        ];
        let f: Vec<String> = flags(&rows).into_iter().map(|r| r.joined()).collect();
        assert_eq!(
            f,
            ["DUPLICATE_IN_INPUT", "DUPLICATE_IN_INPUT", "ID_SHARED_IN_INPUT", "ID_SHARED_IN_INPUT", ""]
        );
    }
}
