//! Stage 5: one status and a set of reasons for every input row.
//!
//! Precision first: a row is linked to a person only when the evidence is
//! unequivocal; otherwise the doubt is itself the status (`ID_CONFLICT`,
//! `AMBIGUOUS`, `NOT_FOUND`). Every status and reason is documented in the
//! README; a test keeps the two in step.

pub mod crossrow;

use crate::compare::search::{self, strong_with_id};
use crate::compare::{self, weights, Comparison, DobLevel, NameLevel, SexLevel};
use crate::index::blocking::{Blocks, Neighbour};
use crate::index::BaseIndex;
use crate::normalize::{cccd_structure, DateError, IdKey, IdKind, Identity};
use crate::read::RowFault;

/// The status of an input row. The set is fixed: the results schema never changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// The ID identifies the person and the identity fields agree.
    Match,
    /// Same person, but some fields differ.
    MatchWithDiffs,
    /// The person was found with strong evidence, but the row's ID is not theirs or not usable.
    IdCorrected,
    /// The ID belongs to someone whose identity clearly disagrees.
    IdConflict,
    /// Two or more persons fit equally well.
    Ambiguous,
    /// Nobody in the base fits.
    NotFound,
    /// The row has neither a usable ID nor a name, or could not be read.
    Invalid,
}

impl Status {
    /// Every status, in report order.
    pub const ALL: [Status; 7] = [
        Status::Match,
        Status::MatchWithDiffs,
        Status::IdCorrected,
        Status::IdConflict,
        Status::Ambiguous,
        Status::NotFound,
        Status::Invalid,
    ];

    /// The code written to results.
    pub fn code(self) -> &'static str {
        match self {
            Status::Match => "MATCH",
            Status::MatchWithDiffs => "MATCH_WITH_DIFFS",
            Status::IdCorrected => "ID_CORRECTED",
            Status::IdConflict => "ID_CONFLICT",
            Status::Ambiguous => "AMBIGUOUS",
            Status::NotFound => "NOT_FOUND",
            Status::Invalid => "INVALID",
        }
    }
}

macro_rules! reasons {
    ($($variant:ident => $code:literal,)*) => {
        /// A reason code. Several can apply to one row; they are written in this order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u8)]
        pub enum Reason { $(#[doc = $code] $variant,)* }

        impl Reason {
            /// Every reason, in output order.
            pub const ALL: &'static [Reason] = &[$(Reason::$variant,)*];

            /// The code written to results.
            pub fn code(self) -> &'static str {
                match self { $(Reason::$variant => $code,)* }
            }
        }
    };
}

reasons! {
    RowMalformed => "ROW_MALFORMED",
    RowBadText => "ROW_BAD_TEXT",
    IdMissing => "ID_MISSING",
    IdDamaged => "ID_DAMAGED",
    IdMalformed => "ID_MALFORMED",
    IdLeadingZeroRestored => "ID_LEADING_ZERO_RESTORED",
    IdProvinceInvalid => "ID_PROVINCE_INVALID",
    IdSexMismatch => "ID_SEX_MISMATCH",
    IdYearMismatch => "ID_YEAR_MISMATCH",
    IdNotInBase => "ID_NOT_IN_BASE",
    IdDuplicateInBase => "ID_DUPLICATE_IN_BASE",
    OldCmnd => "OLD_CMND",
    IdTypo => "ID_TYPO",
    IdTransposed => "ID_TRANSPOSED",
    IdBelongsToOther => "ID_BELONGS_TO_OTHER",
    BlockCapped => "BLOCK_CAPPED",
    NameMissing => "NAME_MISSING",
    NameLegacyEncoding => "NAME_LEGACY_ENCODING",
    NameNoDiacritics => "NAME_NO_DIACRITICS",
    NameSpellingVariant => "NAME_SPELLING_VARIANT",
    NameDiacritics => "NAME_DIACRITICS",
    NameOrder => "NAME_ORDER",
    NameMiddle => "NAME_MIDDLE",
    NameTypo => "NAME_TYPO",
    NameDiff => "NAME_DIFF",
    DobMissing => "DOB_MISSING",
    DobInvalid => "DOB_INVALID",
    DobImpossible => "DOB_IMPOSSIBLE",
    DobYearOnly => "DOB_YEAR_ONLY",
    DobSwapped => "DOB_SWAPPED",
    DobDiff => "DOB_DIFF",
    SexDiff => "SEX_DIFF",
    FieldDiff => "FIELD_DIFF",
    Deceased => "DECEASED",
    DeceasedBeforeRecord => "DECEASED_BEFORE_RECORD",
    DuplicateInInput => "DUPLICATE_IN_INPUT",
    IdSharedInInput => "ID_SHARED_IN_INPUT",
}

/// A set of reasons, iterated in [`Reason::ALL`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Reasons(u64);

impl Reasons {
    /// Adds a reason.
    pub fn add(&mut self, r: Reason) {
        self.0 |= 1 << r as u8;
    }
    /// True when `r` is in the set.
    pub fn has(self, r: Reason) -> bool {
        self.0 & (1 << r as u8) != 0
    }
    /// The reasons in output order.
    pub fn iter(self) -> impl Iterator<Item = Reason> {
        Reason::ALL.iter().copied().filter(move |&r| self.has(r))
    }
    /// Adds every reason of `other`.
    pub fn extend(&mut self, other: Reasons) {
        self.0 |= other.0;
    }
    /// Codes joined by `|`.
    pub fn joined(self) -> String {
        self.iter().map(Reason::code).collect::<Vec<_>>().join("|")
    }
}

/// The decision for one input row.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The status.
    pub status: Status,
    /// The linked person (index into the base), if any.
    pub person: Option<usize>,
    /// Match probability of the chosen or best candidate.
    pub score: Option<f64>,
    /// Why.
    pub reasons: Reasons,
    /// The ID the row should carry, when it carries another.
    pub suggested: Option<IdKey>,
    /// For `AMBIGUOUS`: the candidates' IDs, best first.
    pub candidates: Vec<IdKey>,
}

impl Outcome {
    fn new(status: Status, reasons: Reasons) -> Outcome {
        Outcome { status, person: None, score: None, reasons, suggested: None, candidates: Vec::new() }
    }
}

/// Which optional input fields are mapped (a missing cell is only worth a
/// reason when the column exists).
#[derive(Debug, Clone, Copy, Default)]
pub struct Fields {
    /// A date-of-birth column is mapped.
    pub dob: bool,
    /// Check CCCD structure (Vietnamese ID scheme).
    pub id_structure: bool,
    /// Link by name and date alone when the ID does not lead to the person.
    pub link_without_id: bool,
    /// Candidate IDs listed for an `AMBIGUOUS` row at the most.
    pub max_candidates: usize,
}

/// Classifies a row that could not be read.
pub fn unreadable(fault: RowFault) -> Outcome {
    let mut reasons = Reasons::default();
    reasons.add(match fault {
        RowFault::FieldCount => Reason::RowMalformed,
        RowFault::Encoding => Reason::RowBadText,
    });
    Outcome::new(Status::Invalid, reasons)
}

/// Classifies one normalised input row against the base.
pub fn classify(input: &Identity, fields: Fields, base: &BaseIndex, blocks: &Blocks) -> Outcome {
    let mut o = decide(input, fields, base, blocks);
    // A record dated after the linked person's death: a loan to the dead is a fraud signal.
    let death = o.person.and_then(|p| base.death_date(p));
    if let (Some(death), Some(record)) = (death, input.record_date) {
        if record > death {
            o.reasons.add(Reason::DeceasedBeforeRecord);
        }
    }
    o
}

fn decide(input: &Identity, fields: Fields, base: &BaseIndex, blocks: &Blocks) -> Outcome {
    let mut reasons = input_reasons(input, fields);
    let Some(key) = input.id.key() else {
        if input.name.is_empty() {
            return Outcome::new(Status::Invalid, reasons);
        }
        return by_search(input, fields, base, blocks, None, Outcome::new(Status::NotFound, reasons));
    };
    let persons = base.find(key);
    if persons.len() > 1 {
        reasons.add(Reason::IdDuplicateInBase);
    }
    if persons.is_empty() {
        if input.id.kind == IdKind::Cmnd {
            if let Some(outcome) = via_old_id(input, key, base, reasons) {
                return outcome;
            }
        }
        reasons.add(Reason::IdNotInBase);
        return by_search(input, fields, base, blocks, None, Outcome::new(Status::NotFound, reasons));
    }
    let judged: Vec<(usize, Comparison, Status)> = persons
        .map(|p| {
            let c = compare::compare(input, base, p);
            (p, c, judge(&c))
        })
        .collect();
    let linked: Vec<_> = judged.iter().filter(|j| j.2 != Status::IdConflict).collect();
    match linked.as_slice() {
        [(p, c, status)] => linked_outcome(*p, c, *status, reasons, base),
        [] => {
            let (owner, c, _) = judged[0];
            let mut conflict = Outcome::new(Status::IdConflict, reasons);
            add_level_reasons(&mut conflict.reasons, &c);
            conflict.score = Some(weights::exact_id_probability(&c, base.len(), base.model()));
            let mut o = by_search(input, fields, base, blocks, Some(owner), conflict);
            if o.status == Status::IdCorrected {
                o.reasons.add(Reason::IdBelongsToOther);
            }
            o
        }
        _ => {
            let mut o = Outcome::new(Status::Ambiguous, reasons);
            o.candidates = vec![key];
            o
        }
    }
}

/// Looks for the row's person without its ID. One strong candidate:
/// `ID_CORRECTED`; several: `AMBIGUOUS`; none: `fallback` stands.
fn by_search(
    input: &Identity,
    fields: Fields,
    base: &BaseIndex,
    blocks: &Blocks,
    exclude: Option<usize>,
    fallback: Outcome,
) -> Outcome {
    if input.name.is_empty() {
        return fallback;
    }
    let mut found = search::search(input, base, blocks, exclude);
    if !fields.link_without_id {
        found.strong.retain(|c| c.neighbour.is_some());
    }
    let mut reasons = if exclude.is_some() { input_reasons_of(&fallback) } else { fallback.reasons };
    // A cut block matters only when no single person was found.
    if found.capped && found.strong.len() != 1 {
        reasons.add(Reason::BlockCapped);
    }
    match found.strong.as_slice() {
        [] => Outcome { reasons: if exclude.is_some() { fallback.reasons } else { reasons }, ..fallback },
        [one] => {
            match one.neighbour {
                Some(Neighbour::Substitution) => reasons.add(Reason::IdTypo),
                Some(Neighbour::Transposition) => reasons.add(Reason::IdTransposed),
                None => {}
            }
            let mut o = linked_outcome(one.person, &one.comparison, Status::IdCorrected, reasons, base);
            o.score = Some(one.score);
            o.suggested = Some(base.id(one.person));
            o
        }
        many => {
            let mut o = Outcome::new(Status::Ambiguous, reasons);
            o.score = Some(many[0].score);
            o.candidates = many.iter().take(fields.max_candidates).map(|c| base.id(c.person)).collect();
            o
        }
    }
}

/// The reasons of an outcome that describe the row itself (not its comparison with a person).
fn input_reasons_of(o: &Outcome) -> Reasons {
    let mut r = Reasons::default();
    for reason in o.reasons.iter() {
        let about_pair = matches!(
            reason,
            Reason::NameNoDiacritics
                | Reason::NameSpellingVariant
                | Reason::NameDiacritics
                | Reason::NameOrder
                | Reason::NameMiddle
                | Reason::NameTypo
                | Reason::NameDiff
                | Reason::DobYearOnly
                | Reason::DobSwapped
                | Reason::DobDiff
                | Reason::SexDiff
                | Reason::FieldDiff
        );
        if !about_pair {
            r.add(reason);
        }
    }
    r
}

/// An old 9-digit CMND: the person is found through the base's old IDs.
fn via_old_id(input: &Identity, key: IdKey, base: &BaseIndex, mut reasons: Reasons) -> Option<Outcome> {
    let fits: Vec<(usize, Comparison)> = base
        .find_old(key)
        .map(|p| (p, compare::compare(input, base, p)))
        // The old CMND is the person's own registered alias: strong evidence in itself.
        .filter(|(_, c)| strong_with_id(c))
        .collect();
    match fits.as_slice() {
        [] => None,
        [(p, c)] => {
            reasons.add(Reason::OldCmnd);
            let mut o = linked_outcome(*p, c, Status::IdCorrected, reasons, base);
            o.suggested = Some(base.id(*p));
            Some(o)
        }
        many => {
            reasons.add(Reason::OldCmnd);
            let mut o = Outcome::new(Status::Ambiguous, reasons);
            o.candidates = many.iter().map(|(p, _)| base.id(*p)).collect();
            Some(o)
        }
    }
}

/// The status of a pair found by its exact ID.
fn judge(c: &Comparison) -> Status {
    let name_agrees =
        matches!(c.name, NameLevel::Exact | NameLevel::SpellingVariant | NameLevel::NoDiacritics);
    match (c.name, c.dob) {
        (NameLevel::Different, _) => Status::IdConflict,
        (NameLevel::Missing | NameLevel::Typo | NameLevel::MiddleName, DobLevel::Different) => {
            Status::IdConflict
        }
        _ if name_agrees
            && matches!(c.dob, DobLevel::Exact | DobLevel::Missing)
            && c.sex != SexLevel::Different
            && c.fields.disagree == 0 =>
        {
            Status::Match
        }
        _ => Status::MatchWithDiffs,
    }
}

fn linked_outcome(
    p: usize,
    c: &Comparison,
    status: Status,
    mut reasons: Reasons,
    base: &BaseIndex,
) -> Outcome {
    add_level_reasons(&mut reasons, c);
    if base.is_deceased(p) {
        reasons.add(Reason::Deceased);
    }
    let mut o = Outcome::new(status, reasons);
    o.person = Some(p);
    o.score = Some(weights::exact_id_probability(c, base.len(), base.model()));
    o
}

fn input_reasons(input: &Identity, fields: Fields) -> Reasons {
    let mut r = Reasons::default();
    match input.id.kind {
        IdKind::Missing => r.add(Reason::IdMissing),
        IdKind::Invalid if input.id.damaged => r.add(Reason::IdDamaged),
        IdKind::Invalid => r.add(Reason::IdMalformed),
        _ => {}
    }
    if input.id.zero_restored {
        r.add(Reason::IdLeadingZeroRestored);
    }
    if fields.id_structure {
        let s = cccd_structure(&input.id, input.sex, input.dob());
        for (flag, reason) in [
            (s.province_invalid, Reason::IdProvinceInvalid),
            (s.sex_mismatch, Reason::IdSexMismatch),
            (s.year_mismatch, Reason::IdYearMismatch),
        ] {
            if flag {
                r.add(reason);
            }
        }
    }
    if input.name.is_empty() {
        r.add(Reason::NameMissing);
    }
    if input.name.legacy.is_some() {
        r.add(Reason::NameLegacyEncoding);
    }
    match &input.dob {
        Err(DateError::Missing) if fields.dob => r.add(Reason::DobMissing),
        Err(DateError::Unparseable) => r.add(Reason::DobInvalid),
        Ok((d, _)) if d.is_impossible() => r.add(Reason::DobImpossible),
        _ => {}
    }
    r
}

fn add_level_reasons(r: &mut Reasons, c: &Comparison) {
    match c.name {
        NameLevel::NoDiacritics => r.add(Reason::NameNoDiacritics),
        NameLevel::SpellingVariant => r.add(Reason::NameSpellingVariant),
        NameLevel::Diacritics => r.add(Reason::NameDiacritics),
        NameLevel::Order => r.add(Reason::NameOrder),
        NameLevel::MiddleName => r.add(Reason::NameMiddle),
        NameLevel::Typo => r.add(Reason::NameTypo),
        NameLevel::Different => r.add(Reason::NameDiff),
        NameLevel::Exact | NameLevel::Missing => {}
    }
    match c.dob {
        DobLevel::YearOnly => r.add(Reason::DobYearOnly),
        DobLevel::Swapped => r.add(Reason::DobSwapped),
        DobLevel::Different => r.add(Reason::DobDiff),
        DobLevel::Exact | DobLevel::Missing => {}
    }
    if c.sex == SexLevel::Different {
        r.add(Reason::SexDiff);
    }
    if c.fields.disagree != 0 {
        r.add(Reason::FieldDiff);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(name: NameLevel, dob: DobLevel, sex: SexLevel) -> Comparison {
        Comparison { name, dob, sex, fields: Default::default(), name_u: 0.0 }
    }

    #[test]
    fn judging_pairs_found_by_id() {
        use DobLevel as D;
        use NameLevel as N;
        use SexLevel as S;
        assert_eq!(judge(&c(N::Exact, D::Exact, S::Same)), Status::Match);
        assert_eq!(judge(&c(N::NoDiacritics, D::Missing, S::Unknown)), Status::Match);
        assert_eq!(judge(&c(N::Exact, D::Exact, S::Different)), Status::MatchWithDiffs);
        assert_eq!(judge(&c(N::Diacritics, D::Exact, S::Same)), Status::MatchWithDiffs);
        assert_eq!(judge(&c(N::Exact, D::Different, S::Same)), Status::MatchWithDiffs);
        assert_eq!(judge(&c(N::Different, D::Exact, S::Same)), Status::IdConflict);
        assert_eq!(judge(&c(N::Typo, D::Different, S::Same)), Status::IdConflict);
    }

    #[test]
    fn reasons_keep_a_fixed_order() {
        let mut r = Reasons::default();
        r.add(Reason::DobDiff);
        r.add(Reason::NameDiacritics);
        r.add(Reason::IdLeadingZeroRestored);
        assert_eq!(r.joined(), "ID_LEADING_ZERO_RESTORED|NAME_DIACRITICS|DOB_DIFF");
        assert!(Reason::ALL.len() <= 64);
    }

    #[test]
    fn the_readme_documents_every_status_and_reason() {
        let readme = include_str!("../README.md");
        for s in Status::ALL {
            assert!(readme.contains(&format!("`{}`", s.code())), "README lacks status {}", s.code());
        }
        for r in Reason::ALL {
            assert!(readme.contains(&format!("`{}`", r.code())), "README lacks reason {}", r.code());
        }
    }
}
