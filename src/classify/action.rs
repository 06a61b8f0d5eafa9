//! What a person should do about a row: one action from a small fixed set,
//! derived from the status *and* the reasons — a `MATCH` of a deceased
//! person, or of a person linked from several rows, is not "nothing". The
//! README's action table is this function in words, and a test keeps them
//! in step.

use super::{Reason, Reasons, Status};

/// The action a row calls for. The set is fixed (the results schema never changes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Nothing to do.
    None,
    /// Replace the row's ID by `suggested_id` (after a check).
    UpdateId,
    /// Correct the fields the reasons name, from the base if the base is right.
    FixFields,
    /// Check the person's identity document: nobody, or not one person, fits.
    CheckIdentity,
    /// A signal of fraud or mix-up: a deceased person, one ID or person on several rows.
    Investigate,
    /// The row cannot be used as it is: repair it in the export.
    RepairRow,
    /// The declared priority area is not supported by the residence history: check the claim.
    CheckPriorityArea,
    /// The residence record and the base disagree: check the residence history.
    CheckResidence,
}

impl Action {
    /// Every action, in report order.
    pub const ALL: [Action; 8] = [
        Action::None,
        Action::UpdateId,
        Action::FixFields,
        Action::CheckPriorityArea,
        Action::CheckResidence,
        Action::CheckIdentity,
        Action::Investigate,
        Action::RepairRow,
    ];

    /// The code written to results.
    pub fn code(self) -> &'static str {
        match self {
            Action::None => "none",
            Action::UpdateId => "update_id",
            Action::FixFields => "fix_fields",
            Action::CheckIdentity => "check_identity",
            Action::Investigate => "investigate",
            Action::RepairRow => "repair_row",
            Action::CheckPriorityArea => "check_priority_area",
            Action::CheckResidence => "check_residence",
        }
    }
}

/// A row's last word: its status, all its reasons — the row's own, the
/// other rows' (the cross-row flags), its kind's check's — and the one
/// action they make. Made by [`finish`], which gives the action the status
/// and reasons make; the results, the reports' counts and the split files
/// all read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// The status.
    pub status: Status,
    /// Every reason.
    pub reasons: Reasons,
    /// The action the status and the reasons make.
    pub action: Action,
}

/// A row's verdict from its status and the sets of reasons found for it
/// (by the match, across rows, by the kind's check).
pub fn finish(status: Status, found: impl IntoIterator<Item = Reasons>) -> Verdict {
    let mut reasons = Reasons::default();
    found.into_iter().for_each(|r| reasons.extend(r));
    Verdict { status, reasons, action: action(status, reasons) }
}

/// Reasons that make any linked row one to investigate.
const INVESTIGATE: [Reason; 5] = [
    Reason::DeceasedBeforeRecord,
    Reason::Deceased,
    Reason::IdSharedInInput,
    Reason::DuplicateInInput,
    Reason::IdDuplicateInBase,
];

/// Reasons that make a linked row's priority area one to check.
const CHECK_AREA: [Reason; 10] = [
    Reason::PriorityAreaUnsupported,
    Reason::ResidenceTooShort,
    Reason::AreaDeclaredInvalid,
    Reason::SchoolAreaLower,
    Reason::SchoolNotInList,
    Reason::SchoolMissing,
    Reason::ResidenceClaimUnsupported,
    Reason::ClaimSpanDiffers,
    Reason::ClaimSpanInvalid,
    Reason::PolicyGroupUnsupported,
];

/// Reasons that make a linked row's residence one to check.
const CHECK_RESIDENCE: [Reason; 7] = [
    Reason::ResidenceHistoryMissing,
    Reason::ResidenceGap,
    Reason::ResidenceDatesDiffer,
    Reason::ResidencePlaceDiffers,
    Reason::ResidenceNotInBase,
    Reason::ResidenceExtraInBase,
    Reason::ResidencePeriodInvalid,
];

/// The action for a row with this status and these reasons: an unusable
/// row is repaired first; then fraud and mix-up signals; then the status,
/// where it asks for an identity check or a new ID; then the priority area
/// and the residence; then differing fields.
fn action(status: Status, reasons: Reasons) -> Action {
    if status == Status::Invalid {
        return Action::RepairRow;
    }
    if INVESTIGATE.iter().any(|&r| reasons.has(r)) {
        return Action::Investigate;
    }
    match status {
        Status::IdConflict | Status::Ambiguous | Status::NotFound => Action::CheckIdentity,
        Status::IdCorrected => Action::UpdateId,
        // A match through the old CMND: the ID to carry is the CCCD.
        Status::Match | Status::MatchWithDiffs if reasons.has(Reason::OldCmnd) => Action::UpdateId,
        _ if CHECK_AREA.iter().any(|&r| reasons.has(r)) => Action::CheckPriorityArea,
        _ if CHECK_RESIDENCE.iter().any(|&r| reasons.has(r)) => Action::CheckResidence,
        Status::MatchWithDiffs => Action::FixFields,
        // The person's own values, but written with look-alike letters: the cell is to be corrected.
        Status::Match if reasons.has(Reason::IdOcr) || reasons.has(Reason::DobOcr) => Action::FixFields,
        Status::Match | Status::Invalid => Action::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(reasons: &[Reason]) -> Reasons {
        let mut set = Reasons::default();
        reasons.iter().for_each(|&r| set.add(r));
        set
    }

    #[test]
    fn status_and_reasons_give_the_action() {
        assert_eq!(action(Status::Match, with(&[Reason::NameNoDiacritics])), Action::None);
        assert_eq!(action(Status::Match, with(&[Reason::Deceased])), Action::Investigate);
        assert_eq!(action(Status::Match, with(&[Reason::DuplicateInInput])), Action::Investigate);
        assert_eq!(action(Status::NotFound, with(&[Reason::IdSharedInInput])), Action::Investigate);
        assert_eq!(action(Status::Match, with(&[Reason::OldCmnd])), Action::UpdateId);
        assert_eq!(action(Status::IdCorrected, with(&[Reason::IdTypo])), Action::UpdateId);
        assert_eq!(action(Status::MatchWithDiffs, with(&[Reason::DobTypo])), Action::FixFields);
        assert_eq!(action(Status::Match, with(&[Reason::IdOcr])), Action::FixFields);
        assert_eq!(action(Status::Ambiguous, Reasons::default()), Action::CheckIdentity);
        assert_eq!(action(Status::Invalid, with(&[Reason::Deceased])), Action::RepairRow);
        let unsupported = [Reason::PriorityAreaUnsupported, Reason::ResidenceTooShort, Reason::ResidenceGap];
        assert_eq!(action(Status::MatchWithDiffs, with(&unsupported)), Action::CheckPriorityArea);
        assert_eq!(action(Status::IdCorrected, with(&unsupported)), Action::UpdateId);
        let gap = [Reason::PriorityAreaSupported, Reason::ResidenceGap];
        assert_eq!(action(Status::Match, with(&gap)), Action::CheckResidence);
        assert_eq!(action(Status::Match, with(&[Reason::PriorityAreaSupported])), Action::None);
        assert_eq!(action(Status::Match, with(&[Reason::ResidenceMatch])), Action::None);
        assert_eq!(action(Status::Match, with(&[Reason::ResidenceExtraInBase])), Action::CheckResidence);
    }

    /// Every action and the reasons that decide one are in the README's action table.
    #[test]
    fn the_readme_documents_every_action() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        let table =
            readme.split("### Actions").nth(1).expect("an Actions section").split("\n## ").next().unwrap();
        for a in Action::ALL {
            assert!(table.contains(&format!("| `{}` |", a.code())), "{}", a.code());
        }
        for r in INVESTIGATE.iter().chain(&CHECK_AREA).chain(&CHECK_RESIDENCE).chain([&Reason::OldCmnd]) {
            assert!(table.contains(&format!("`{}`", r.code())), "{}", r.code());
        }
    }
}
