//! Which way round an export writes its names, judged against the base:
//! the words the base holds first (surnames: `NGUYỄN`, `SMITH`) and last
//! (given names: `HÙNG`, `JOHN`). An export of `John Michael Smith` read
//! surname first would compare every given name with a surname — nothing
//! links — so an input without `name_order` is read given name first when
//! its first rows' names plainly are.

use std::collections::HashMap;

use super::BaseIndex;
use crate::normalize::NormName;

/// Base persons looked at (every k-th, whatever the base's size).
const BASE_SAMPLE: usize = 100_000;
/// A word counts as the base's first (last) word when at least this share
/// of its first-or-last places in the base are first (last).
const CLEAR: f64 = 0.8;
/// Names that must read reversed before the order is turned round.
const MIN_REVERSED: u64 = 20;

/// What an export's names say about their order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NameOrderEvidence {
    /// Names whose first word the base holds first and last word last.
    pub as_written: u64,
    /// Names whose first word the base holds last and last word first.
    pub reversed: u64,
    /// Names of two words or more looked at.
    pub names: u64,
}

impl NameOrderEvidence {
    /// Given name first: at least [`MIN_REVERSED`] names read reversed, and
    /// four times as many as read as written.
    pub fn given_first(&self) -> bool {
        self.reversed >= MIN_REVERSED && self.reversed >= 4 * self.as_written
    }
}

/// Weighs `names` (read surname first) against where the base holds their words.
pub fn evidence<'a>(base: &BaseIndex, names: impl Iterator<Item = &'a NormName>) -> NameOrderEvidence {
    // Per token: how often it is a base name's first word, and its last.
    let mut places: HashMap<u32, [u32; 2], foldhash::fast::FixedState> = HashMap::default();
    let step = (base.len() / BASE_SAMPLE).max(1);
    for p in (0..base.len()).step_by(step) {
        if let [first, .., last] = base.name_tokens(p) {
            places.entry(*first).or_default()[0] += 1;
            places.entry(*last).or_default()[1] += 1;
        }
    }
    let vocab = base.vocab();
    // The share of a word's places that are first, if the base holds it first or last.
    let first_share = |word: &str| {
        let [f, l] = *places.get(&vocab.get(word)?)?;
        Some(f64::from(f) / f64::from(f + l))
    };
    let mut found = NameOrderEvidence::default();
    for name in names {
        let mut words = name.tokens();
        let (Some(first), Some(last)) = (words.next(), words.last()) else { continue };
        found.names += 1;
        let (Some(a), Some(b)) = (first_share(first), first_share(last)) else { continue };
        if a >= CLEAR && b <= 1.0 - CLEAR {
            found.as_written += 1;
        } else if a <= 1.0 - CLEAR && b >= CLEAR {
            found.reversed += 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_name;

    #[test]
    fn names_written_given_name_first_are_seen_so() {
        let surnames = ["Smith", "Jones", "Brown", "Garcia", "Miller"];
        let given = ["John", "Mary", "James", "Linda", "Robert", "Susan"];
        let rows: Vec<(String, String)> = (0..60)
            .map(|i| (format!("{:012}", 1_090_000_000 + i), format!("{} {}", surnames[i % 5], given[i % 6])))
            .collect();
        let rows: Vec<(String, &str, &str)> =
            rows.iter().map(|(id, n)| (id.clone(), n.as_str(), "01/02/1990")).collect();
        let base = crate::index::tests::base_of(&rows);
        let names = |order: &dyn Fn(&str, &str) -> String| -> Vec<NormName> {
            (0..30).map(|i| normalize_name(&order(surnames[i % 5], given[i % 6]))).collect()
        };
        let written = names(&|s, g| format!("{s} Q {g}"));
        let reversed = names(&|s, g| format!("{g} Q {s}"));
        let e = evidence(&base, written.iter());
        assert_eq!((e.as_written, e.reversed, e.names), (30, 0, 30));
        assert!(!e.given_first());
        let e = evidence(&base, reversed.iter());
        assert_eq!((e.as_written, e.reversed), (0, 30));
        assert!(e.given_first());
        // Too few to say.
        assert!(!evidence(&base, reversed[..10].iter()).given_first());
        // Words the base does not hold say nothing.
        let unknown = [normalize_name("Xyz Abc"), normalize_name("Hùng")];
        assert_eq!(evidence(&base, unknown.iter()), NameOrderEvidence { names: 1, ..Default::default() });
    }
}
