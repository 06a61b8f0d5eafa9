//! The population database's four quality words — đúng, đủ, sạch, sống —
//! as a scorecard of an export: which reasons count against each.

use crate::classify::{Reason, Status};

/// The population database's four quality words, as a scorecard of the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Quality {
    /// Đúng: the row's fields agree with the base (status `MATCH`).
    Dung,
    /// Đủ: required fields present.
    Du,
    /// Sạch: well-formed, no duplicates, no ID reuse.
    Sach,
    /// Sống: a current CCCD rather than an old CMND, the person alive.
    Song,
}

impl Quality {
    /// Every word, in the order the population database names them.
    pub const ALL: [Quality; 4] = [Quality::Dung, Quality::Du, Quality::Sach, Quality::Song];

    /// The code used in summary.json.
    pub fn code(self) -> &'static str {
        match self {
            Quality::Dung => "dung",
            Quality::Du => "du",
            Quality::Sach => "sach",
            Quality::Song => "song",
        }
    }

    /// The word a reason counts against, if any (informational reasons count against none).
    pub fn of(r: Reason) -> Option<Quality> {
        use Reason::*;
        Some(match r {
            NameDiacritics
            | NameOrder
            | NameMiddle
            | NamePartial
            | NameTypo
            | NameGivenDiff
            | NameSurnameDiff
            | NameDiff
            | DobSwapped
            | DobTypo
            | DobDiff
            | SexDiff
            | FieldDiff
            | IdTypo
            | IdTransposed
            | IdTwoDigits
            | IdBelongsToOther
            | IdNotInBase
            | IdSexMismatch
            | IdYearMismatch
            | PriorityAreaUnsupported
            | ResidenceTooShort
            | SchoolAreaLower
            | ResidenceClaimUnsupported
            | ClaimSpanDiffers
            | PolicyGroupUnsupported
            | ResidenceDatesDiffer
            | ResidencePlaceDiffers
            | ResidenceNotInBase => Quality::Dung,
            IdMissing | IdPlaceholder | NameMissing | NamePlaceholder | DobMissing | DobYearOnly
            | ResidenceExtraInBase | SchoolMissing => Quality::Du,
            RowMalformed
            | RowBadText
            | RowUnbalancedQuote
            | RowTooLong
            | IdDamaged
            | IdMalformed
            | IdLeadingZeroRestored
            | IdOcr
            | IdProvinceInvalid
            | NameLegacyEncoding
            | DobInvalid
            | DobOcr
            | DobImpossible
            | DuplicateInInput
            | IdSharedInInput
            | IdDuplicateInBase
            | AreaDeclaredInvalid
            | SchoolNotInList
            | ClaimSpanInvalid
            | ResidencePeriodInvalid => Quality::Sach,
            OldCmnd | Deceased | DeceasedBeforeRecord => Quality::Song,
            NameNoDiacritics
            | NameSpellingVariant
            | BlockCapped
            | PriorityAreaSupported
            | ResidenceMatch
            | ResidenceGap
            | ResidenceHistoryMissing => return None,
        })
    }

    /// True when a row with this status and these reasons meets the word:
    /// no reason against it, and for đúng the status `MATCH` itself.
    pub fn met(self, status: Status, reasons: crate::classify::Reasons) -> bool {
        (self != Quality::Dung || status == Status::Match)
            && !reasons.iter().any(|r| Quality::of(r) == Some(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Reasons;
    use crate::report::words::Lang;

    #[test]
    fn a_row_meets_a_quality_word_unless_a_reason_or_its_status_counts_against_it() {
        let with = |rs: &[Reason]| {
            let mut set = Reasons::default();
            rs.iter().for_each(|&r| set.add(r));
            set
        };
        let informational = with(&[Reason::NameNoDiacritics]);
        assert!(Quality::ALL.iter().all(|q| q.met(Status::Match, informational)));
        assert!(!Quality::Dung.met(Status::NotFound, Reasons::default()));
        assert!(Quality::Du.met(Status::NotFound, Reasons::default()));
        let old_deceased = with(&[Reason::OldCmnd, Reason::Deceased]);
        assert!(
            !Quality::Song.met(Status::Match, old_deceased) && Quality::Sach.met(Status::Match, old_deceased)
        );
        assert!(!Quality::Du.met(Status::Invalid, with(&[Reason::IdMissing])));
        assert!(!Quality::Sach.met(Status::Match, with(&[Reason::DuplicateInInput])));
    }

    /// Every reason counted against a word is in the README's scorecard table, under that word.
    #[test]
    fn the_readme_documents_the_scorecard() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        let table =
            readme.split("### Scorecard").nth(1).expect("a Scorecard section").split("\n#").next().unwrap();
        for q in Quality::ALL {
            let (word, _) = Lang::Vi.quality(q);
            let line = table
                .lines()
                .find(|l| l.starts_with(&format!("| **{word}**")))
                .unwrap_or_else(|| panic!("{word}"));
            for r in Reason::ALL.iter().filter(|&&r| Quality::of(r) == Some(q)) {
                assert!(line.contains(&format!("`{}`", r.code())), "{} under {word}", r.code());
            }
        }
    }
}
