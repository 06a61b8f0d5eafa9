//! Candidates for one row and their match probabilities: the persons the
//! row's ID names (its owner, or whose old CMND it is), and — unless the
//! owner settles the row — the persons the blocking indexes and the ID
//! neighbourhood give. Every candidate is scored by the same model, whatever
//! found it.

use super::model::{probability, Model};
use super::{compare_at, Comparison, DobLevel, IdLevel, Row};
use crate::index::blocking::{id_neighbours, Blocks};
use crate::index::BaseIndex;
use crate::normalize::{IdKind, Identity};

/// A base person compared with the row.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The person.
    pub person: usize,
    /// The field levels.
    pub comparison: Comparison,
    /// Match weight: log2 of the posterior odds (bits).
    pub weight: f64,
    /// Match probability.
    pub probability: f64,
    /// Found in a block that was not cut: nobody with the same key was missed.
    pub in_whole_block: bool,
}

/// Everything the decision needs about a row's candidates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Search {
    /// Candidates, best first (ties by base order, so results never vary).
    pub candidates: Vec<Candidate>,
    /// Persons whose ID is the row's (normally one).
    pub owners: usize,
    /// The row's ID is some base person's old ID.
    pub old_id_owner: bool,
    /// The blocks and the ID neighbourhood were searched.
    pub searched: bool,
    /// A block was larger than its cap and was cut.
    pub capped: bool,
    /// Persons the blocks found but the structure veto left out (the row's
    /// CCCD is nobody's, theirs has other province, century/sex or year digits).
    pub vetoed: usize,
}

/// The base, its blocking indexes and the model: what scoring a row needs.
#[derive(Clone, Copy)]
pub struct Matcher<'a> {
    /// The base.
    pub base: &'a BaseIndex,
    /// Its blocking indexes.
    pub blocks: &'a Blocks,
    /// The comparison model.
    pub model: &'a Model,
}

impl Matcher<'_> {
    /// Compares the row with person `p` and scores the pair.
    pub fn score(&self, row: &Row, p: usize) -> Candidate {
        let comparison = compare_at(row, self.base, p);
        let weight = self.model.log_odds(&comparison);
        Candidate { person: p, comparison, weight, probability: probability(weight), in_whole_block: false }
    }

    /// Finds and scores the row's candidates. The blocks and the ID
    /// neighbourhood are searched unless the one owner of the row's ID
    /// settles the row at `threshold` ([`Candidate::settles`]).
    ///
    /// A row whose well-formed 12-digit ID is in nobody's hands may be a
    /// person missing from the base who shares a namesake's birthday
    /// (domain.md §2.5): a candidate found by the blocks must then also agree
    /// with the ID's structure (province, century/sex and year digits) — a
    /// mistyped ID keeps those, another person's does not. This is the one veto.
    pub fn search(&self, input: &Identity, threshold: f64) -> Search {
        let mut s = Search::default();
        let key = input.id.key();
        let row = Row::new(input, self.base);
        if let Some(key) = key {
            let owners = self.base.find(key);
            s.owners = owners.len();
            s.candidates.extend(owners.map(|p| self.score(&row, p)));
            let old = row.id.old_owners();
            s.old_id_owner = !old.is_empty();
            s.candidates.extend(old.iter().map(|&p| self.score(&row, p)));
        }
        let settle = s.owners == 1 && s.candidates.len() == 1 && s.candidates[0].settles(threshold);
        if !settle {
            s.searched = true;
            let found = self.blocks.candidates(input);
            s.capped = found.capped;
            let unknown_cccd = s.owners == 0 && !s.old_id_owner && input.id.kind == IdKind::Cccd;
            let structure_agrees = |p: usize| {
                let (Some((a, _)), Some((b, _))) = (self.base.id(p).digits(), key.and_then(|k| k.digits()))
                else {
                    return false;
                };
                a / 1_000_000 == b / 1_000_000
            };
            let before = found.persons.len();
            let mut persons: Vec<usize> =
                found.persons.iter().copied().filter(|&p| !unknown_cccd || structure_agrees(p)).collect();
            s.vetoed = before - persons.len();
            // Any numeric ID has neighbours (a generic scheme's numbers are mistyped too).
            if let Some(key) = key {
                persons.extend(id_neighbours(self.base, key).into_iter().map(|(p, _)| p));
            }
            persons.sort_unstable();
            persons.dedup();
            let known: Vec<usize> = s.candidates.iter().map(|c| c.person).collect();
            s.candidates
                .extend(persons.into_iter().filter(|p| !known.contains(p)).map(|p| self.score(&row, p)));
            for c in &mut s.candidates {
                c.in_whole_block = found.whole.binary_search(&c.person).is_ok();
            }
        }
        s.candidates.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.person.cmp(&b.person)));
        s
    }
}

impl Candidate {
    /// An owner of the row's ID who reaches `threshold`, agrees on every
    /// field and on a full date both sides know settles the row: anybody
    /// else would need the same name and date, and would lack the ID's weight.
    pub fn settles(&self, threshold: f64) -> bool {
        self.probability >= threshold && self.comparison.all_agree() && self.comparison.dob == DobLevel::Exact
    }
}

impl Search {
    /// The candidate for person `p`, if it is one.
    pub fn get(&self, p: usize) -> Option<&Candidate> {
        self.candidates.iter().find(|c| c.person == p)
    }

    /// The best candidate whose ID (or old ID) is the row's.
    pub fn owner(&self) -> Option<&Candidate> {
        self.candidates.iter().find(|c| matches!(c.comparison.id, IdLevel::Exact | IdLevel::OldId))
    }
}
