//! One status and its reasons for an encoded row, by the plaintext rules
//! where the encodings can support them: link the best candidate only when
//! probable enough, clearly ahead and not a name that is another's; doubt
//! is `AMBIGUOUS` or `ID_CONFLICT`, never a link.
//!
//! What encodings cannot say, they do not: an ID a digit off or transposed
//! is only "another number" (`ID_NOT_IN_BASE`, `ID_BELONGS_TO_OTHER`: its
//! neighbours are not hashed), and the person's own ID is not given back
//! (`person_ref`, which the base's owner resolves); names compare without
//! their diacritics (no `NAME_DIACRITICS`, `NAME_SPELLING_VARIANT`); a
//! date's swapped day and month is a date "off" (`DOB_TYPO`).

use super::levels::{NameLevel, Part, AT_DOB, AT_EXTRA, AT_SEX, AT_YOB, MISSING, SAME};
use super::model::{IdLevel, Model};
use super::search::{Found, Pair};
use crate::classify::{Reason, Reasons, Status};
use crate::encoded::file::Table;
use crate::encoded::record::{HAS_DIACRITICS, NAME};

/// Several close candidates make a row `AMBIGUOUS` when the row is more likely than not one of them.
const AMBIGUITY_FLOOR: f64 = 0.5;

/// How rows are decided.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Link when the best candidate's probability is at least this ...
    pub threshold: f64,
    /// ... and its weight beats the runner-up's by this many bits.
    pub margin: f64,
    /// Link a row whose ID does not lead to its person by its other fields.
    pub link_without_id: bool,
    /// Candidates listed for an `AMBIGUOUS` row at the most.
    pub max_candidates: usize,
}

/// A row's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The status.
    pub status: Status,
    /// Why.
    pub reasons: Reasons,
    /// The linked person.
    pub person: Option<u32>,
    /// The probability of the chosen or best candidate.
    pub score: Option<f64>,
    /// An `AMBIGUOUS` row's candidates, best first.
    pub candidates: Vec<u32>,
}

/// Decides row `i` from its own reasons, candidates and their scores.
pub fn decide(
    (input, i): (&Table, usize),
    base: &Table,
    own: Reasons,
    (found, pairs): (&Found, &[Pair]),
    policy: Policy,
    model: &Model,
) -> Outcome {
    let mut reasons = own;
    let new =
        |status, reasons| Outcome { status, reasons, person: None, score: None, candidates: Vec::new() };
    let unreadable = own.iter().any(crate::classify::is_unreadable);
    if unreadable || (input.ids[i] == 0 && input.filters[NAME].get(i).is_none()) {
        return new(Status::Invalid, reasons);
    }
    if found.owners.len() > 1 {
        reasons.add(Reason::IdDuplicateInBase);
    }
    if input.ids[i] != 0 && found.owners.is_empty() && found.old_owners.is_empty() {
        reasons.add(Reason::IdNotInBase);
    }
    let id = |p: &Pair| p.at(0);
    let own_id = |p: &Pair| id(p) == IdLevel::Exact as u8 || id(p) == IdLevel::OldId as u8;
    let linkable = |p: &Pair| own_id(p) || policy.link_without_id && (!found.capped || p.whole);
    // The date (or its year, or an extra field) says the same person.
    let corroborated = |p: &Pair| {
        p.at(AT_DOB) <= 2
            || p.at(AT_DOB) == MISSING && p.at(AT_YOB) <= 1
            || (AT_EXTRA..p.compared.levels.len()).any(|f| p.at(f) == SAME)
    };
    // Even the row's own ID does not link a name that is another's (wholly,
    // or another given name) when nothing else agrees: a family member
    // carrying the ID looks just so. Without its own ID a row links no
    // other name, no other given name unless both sides give the same sex
    // (a sibling's, else), and no other surname of the other sex.
    let other_name = |p: &Pair| matches!(p.compared.name(), NameLevel::GivenDiffers | NameLevel::Different);
    let sex = |p: &Pair| (p.at(AT_SEX) == SAME, !matches!(p.at(AT_SEX), SAME | MISSING));
    let names_differ = |p: &Pair| {
        if own_id(p) {
            return other_name(p) && !corroborated(p);
        }
        let (same_sex, other_sex) = sex(p);
        match p.compared.name() {
            NameLevel::Different => true,
            NameLevel::GivenDiffers => !same_sex,
            NameLevel::SurnameDiffers => other_sex,
            _ => false,
        }
    };
    let (best, runner) = (pairs.first(), pairs.get(1));
    let clear = |b: &Pair| runner.is_none_or(|r| b.weight - r.weight >= policy.margin);
    let close: Vec<&Pair> = match best {
        Some(b) => pairs.iter().take_while(|c| b.weight - c.weight < policy.margin).collect(),
        None => Vec::new(),
    };
    let one_of = model.probability(close.iter().map(|c| c.weight.exp2()).sum::<f64>().log2());
    let flags = |p: &Pair| (input.flags[i], base.flags[p.person as usize]);
    match best {
        Some(b) if b.probability >= policy.threshold && clear(b) && linkable(b) && !names_differ(b) => {
            linked(flags(b), b, reasons, found)
        }
        Some(b) if close.len() > 1 && one_of >= AMBIGUITY_FLOOR => {
            // A cut block matters only when nobody was linked.
            if found.capped {
                reasons.add(Reason::BlockCapped);
            }
            let mut o = new(Status::Ambiguous, reasons);
            o.score = Some(b.probability);
            o.candidates = close.iter().take(policy.max_candidates).map(|c| c.person).collect();
            o
        }
        _ => {
            if found.capped {
                reasons.add(Reason::BlockCapped);
            }
            match pairs.iter().find(|p| id(p) == IdLevel::Exact as u8) {
                Some(owner) => {
                    let mut o = new(Status::IdConflict, reasons);
                    add_level_reasons(&mut o.reasons, owner, flags(owner));
                    o.score = Some(owner.probability);
                    o
                }
                None => {
                    let mut o = new(Status::NotFound, reasons);
                    o.score = best.map(|b| b.probability);
                    o
                }
            }
        }
    }
}

fn linked(flags: (u8, u8), b: &Pair, mut reasons: Reasons, found: &Found) -> Outcome {
    add_level_reasons(&mut reasons, b, flags);
    let status = if b.at(0) == IdLevel::Exact as u8 {
        if agrees(b) {
            Status::Match
        } else {
            Status::MatchWithDiffs
        }
    } else {
        if b.at(0) == IdLevel::OldId as u8 {
            reasons.add(Reason::OldCmnd);
        } else if !found.owners.is_empty() {
            reasons.add(Reason::IdBelongsToOther);
        }
        Status::IdCorrected
    };
    Outcome { status, reasons, person: Some(b.person), score: Some(b.probability), candidates: Vec::new() }
}

/// Every field the same (or missing on a side): a middle name on one side
/// only, a date known only by its year or a name written in another order
/// is a difference, as in plaintext.
fn agrees(p: &Pair) -> bool {
    let same = |f: usize| matches!(p.at(f), SAME | MISSING);
    !p.compared.reordered
        && matches!(p.compared.name(), NameLevel::Same | NameLevel::Missing)
        && same(AT_DOB)
        && p.at(AT_YOB) == MISSING
        && same(AT_SEX)
        && (AT_EXTRA..p.compared.levels.len()).all(same)
}

/// The reasons a pair's levels give; `flags`: the row's and the person's.
fn add_level_reasons(r: &mut Reasons, p: &Pair, flags: (u8, u8)) {
    if p.compared.reordered {
        r.add(Reason::NameOrder);
    }
    let [s, m, g] = p.compared.parts;
    match p.compared.name() {
        NameLevel::Same => {
            // The letters agree; only the row lacks the diacritics.
            if flags.0 & HAS_DIACRITICS == 0 && flags.1 & HAS_DIACRITICS != 0 {
                r.add(Reason::NameNoDiacritics);
            }
        }
        NameLevel::MiddleMissing | NameLevel::Initials | NameLevel::MiddleDiffers => {
            r.add(Reason::NameMiddle)
        }
        NameLevel::Partial => r.add(Reason::NamePartial),
        NameLevel::GivenDiffers => r.add(Reason::NameGivenDiff),
        NameLevel::SurnameDiffers => r.add(Reason::NameSurnameDiff),
        NameLevel::Different => r.add(Reason::NameDiff),
        NameLevel::Missing => {}
        NameLevel::Typo | NameLevel::Close => {
            r.add(Reason::NameTypo);
            if m == Part::Close && s == Part::Same && g == Part::Same
                || p.compared.middles.0 != p.compared.middles.1
            {
                r.add(Reason::NameMiddle);
            }
        }
    }
    match (p.at(AT_DOB), p.at(AT_YOB)) {
        (SAME, _) | (MISSING, MISSING) => {}
        (1..=2, _) => r.add(Reason::DobTypo),
        (MISSING, SAME) => r.add(Reason::DobYearOnly),
        (MISSING, 1) => {
            r.add(Reason::DobYearOnly);
            r.add(Reason::DobTypo);
        }
        _ => r.add(Reason::DobDiff),
    }
    if !matches!(p.at(AT_SEX), SAME | MISSING) {
        r.add(Reason::SexDiff);
    }
    if (AT_EXTRA..p.compared.levels.len()).any(|f| !matches!(p.at(f), SAME | MISSING)) {
        r.add(Reason::FieldDiff);
    }
}
