//! Candidate search for a row whose ID does not lead to its person: the
//! blocking indexes and the ID neighbourhood give candidates; each is
//! compared field by field, and the ones whose evidence is strong enough to
//! link without the row's ID are returned, best first.

use super::{compare, weights, Comparison, DobLevel, NameLevel, SexLevel};
use crate::index::blocking::{id_neighbours, Blocks, Neighbour};
use crate::index::BaseIndex;
use crate::normalize::{IdKind, Identity};

/// A candidate strong enough to link.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The person.
    pub person: usize,
    /// The field levels.
    pub comparison: Comparison,
    /// Match probability.
    pub score: f64,
    /// The row's ID is one digit off this person's.
    pub neighbour: Option<Neighbour>,
}

/// What a search found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Search {
    /// Strong candidates, best first (ties by base order, so results never vary).
    pub strong: Vec<Candidate>,
    /// A block was larger than its cap and was cut.
    pub capped: bool,
}

/// Name and full date agree (sex does not disagree): enough to link a
/// person without the row's ID.
pub fn strong_identity(c: &Comparison) -> bool {
    name_agrees(c.name) && c.dob == DobLevel::Exact && c.sex != SexLevel::Different && c.fields.disagree == 0
}

fn name_agrees(n: NameLevel) -> bool {
    matches!(n, NameLevel::Exact | NameLevel::SpellingVariant | NameLevel::NoDiacritics)
}

/// With an ID one digit away (or the person's old CMND) as extra evidence, a little less is needed: a
/// name that agrees or is a near variant, and a date that agrees as far as
/// both sides know it.
pub fn strong_with_id(c: &Comparison) -> bool {
    let name = name_agrees(c.name)
        || matches!(
            c.name,
            NameLevel::Diacritics | NameLevel::Order | NameLevel::MiddleName | NameLevel::Typo
        );
    let dob = matches!(c.dob, DobLevel::Exact | DobLevel::YearOnly | DobLevel::Swapped)
        || c.dob == DobLevel::Missing && name_agrees(c.name);
    name && dob && c.sex != SexLevel::Different && c.fields.disagree == 0
}

/// Searches the base for the row's person, leaving out `exclude` (the
/// person whose ID the row carries but who is someone else).
///
/// A row whose well-formed 12-digit ID is in nobody's hands may be a person
/// missing from the base who shares a namesake's birthday (domain.md §2.5):
/// a candidate found by name and date must then also agree with the ID's
/// structure (province, century/sex and year digits) — a mistyped ID keeps
/// those, another person's does not.
pub fn search(input: &Identity, base: &BaseIndex, blocks: &Blocks, exclude: Option<usize>) -> Search {
    let (persons, capped) = candidates(input, base, blocks, exclude);
    let mut strong: Vec<Candidate> = persons
        .into_iter()
        .filter_map(|(person, neighbour)| {
            let comparison = compare(input, base, person);
            let ok =
                if neighbour.is_some() { strong_with_id(&comparison) } else { strong_identity(&comparison) };
            ok.then(|| Candidate {
                person,
                score: weights::candidate_probability(
                    &comparison,
                    base.len(),
                    neighbour.is_some(),
                    base.model(),
                ),
                comparison,
                neighbour,
            })
        })
        .collect();
    strong.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.person.cmp(&b.person)));
    Search { strong, capped }
}

/// Every candidate the blocks and the ID neighbourhood give (without
/// `exclude`, and without namesakes whose CCCD structure disagrees with an
/// unknown CCCD), with how the ID relates; and whether a block was cut.
pub fn candidates(
    input: &Identity,
    base: &BaseIndex,
    blocks: &Blocks,
    exclude: Option<usize>,
) -> (Vec<(usize, Option<Neighbour>)>, bool) {
    let found = blocks.candidates(input);
    let unknown_cccd = exclude.is_none() && input.id.kind == IdKind::Cccd;
    let structure_agrees =
        |p: usize| !unknown_cccd || base.id(p).to_string().get(..6) == input.id.value.get(..6);
    // Any numeric ID has neighbours (a generic scheme's numbers are mistyped too).
    let neighbours = match input.id.kind {
        IdKind::Cccd | IdKind::Cmnd | IdKind::Other => id_neighbours(base, &input.id.value),
        _ => Vec::new(),
    };
    let mut persons: Vec<(usize, Option<Neighbour>)> =
        found.persons.iter().filter(|&&p| structure_agrees(p)).map(|&p| (p, None)).collect();
    for &(p, how) in &neighbours {
        match persons.iter_mut().find(|(q, _)| *q == p) {
            Some(entry) => entry.1 = Some(how),
            None => persons.push((p, Some(how))),
        }
    }
    persons.retain(|&(p, _)| Some(p) != exclude);
    (persons, found.capped)
}
