//! What classification gives each row: one status, a set of reasons, and
//! the linked person, score, suggested ID and candidates. The sets of
//! statuses and reasons are fixed (the results schema never changes); the
//! README documents each, and a test keeps the two in step.

use crate::normalize::IdKey;

/// The status of an input row. The set is fixed: the results schema never changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// The ID identifies the person and the identity fields agree.
    Match,
    /// Same person, but some fields differ.
    MatchWithDiffs,
    /// The person was found beyond the threshold, but the row's ID is not theirs or not usable.
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
    /// True for the statuses that link the row to its person: `MATCH`,
    /// `MATCH_WITH_DIFFS`, `ID_CORRECTED` (the exam and residence checks run on these).
    pub fn links(self) -> bool {
        matches!(self, Status::Match | Status::MatchWithDiffs | Status::IdCorrected)
    }

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
    RowUnbalancedQuote => "ROW_UNBALANCED_QUOTE",
    RowTooLong => "ROW_TOO_LONG",
    IdMissing => "ID_MISSING",
    IdPlaceholder => "ID_PLACEHOLDER",
    IdDamaged => "ID_DAMAGED",
    IdMalformed => "ID_MALFORMED",
    IdLeadingZeroRestored => "ID_LEADING_ZERO_RESTORED",
    IdOcr => "ID_OCR",
    IdProvinceInvalid => "ID_PROVINCE_INVALID",
    IdSexMismatch => "ID_SEX_MISMATCH",
    IdYearMismatch => "ID_YEAR_MISMATCH",
    IdNotInBase => "ID_NOT_IN_BASE",
    IdDuplicateInBase => "ID_DUPLICATE_IN_BASE",
    OldCmnd => "OLD_CMND",
    IdTypo => "ID_TYPO",
    IdTransposed => "ID_TRANSPOSED",
    IdTwoDigits => "ID_TWO_DIGITS",
    IdBelongsToOther => "ID_BELONGS_TO_OTHER",
    BlockCapped => "BLOCK_CAPPED",
    NameMissing => "NAME_MISSING",
    NamePlaceholder => "NAME_PLACEHOLDER",
    NameLegacyEncoding => "NAME_LEGACY_ENCODING",
    NameNoDiacritics => "NAME_NO_DIACRITICS",
    NameSpellingVariant => "NAME_SPELLING_VARIANT",
    NameDiacritics => "NAME_DIACRITICS",
    NameOrder => "NAME_ORDER",
    NameMiddle => "NAME_MIDDLE",
    NamePartial => "NAME_PARTIAL",
    NameTypo => "NAME_TYPO",
    NameGivenDiff => "NAME_GIVEN_DIFF",
    NameSurnameDiff => "NAME_SURNAME_DIFF",
    NameDiff => "NAME_DIFF",
    DobMissing => "DOB_MISSING",
    DobInvalid => "DOB_INVALID",
    DobOcr => "DOB_OCR",
    DobImpossible => "DOB_IMPOSSIBLE",
    DobYearOnly => "DOB_YEAR_ONLY",
    DobSwapped => "DOB_SWAPPED",
    DobTypo => "DOB_TYPO",
    DobDiff => "DOB_DIFF",
    SexDiff => "SEX_DIFF",
    FieldDiff => "FIELD_DIFF",
    Deceased => "DECEASED",
    DeceasedBeforeRecord => "DECEASED_BEFORE_RECORD",
    DuplicateInInput => "DUPLICATE_IN_INPUT",
    IdSharedInInput => "ID_SHARED_IN_INPUT",
    PriorityAreaSupported => "PRIORITY_AREA_SUPPORTED",
    PriorityAreaUnsupported => "PRIORITY_AREA_UNSUPPORTED",
    AreaDeclaredInvalid => "AREA_DECLARED_INVALID",
    ResidenceTooShort => "RESIDENCE_TOO_SHORT",
    ResidenceGap => "RESIDENCE_GAP",
    ResidenceHistoryMissing => "RESIDENCE_HISTORY_MISSING",
    SchoolAreaLower => "SCHOOL_AREA_LOWER",
    SchoolNotInList => "SCHOOL_NOT_IN_LIST",
    SchoolMissing => "SCHOOL_MISSING",
    ResidenceClaimUnsupported => "RESIDENCE_CLAIM_UNSUPPORTED",
    ClaimSpanDiffers => "CLAIM_SPAN_DIFFERS",
    ClaimSpanInvalid => "CLAIM_SPAN_INVALID",
    PolicyGroupUnsupported => "POLICY_GROUP_UNSUPPORTED",
    ResidenceMatch => "RESIDENCE_MATCH",
    ResidenceDatesDiffer => "RESIDENCE_DATES_DIFFER",
    ResidencePlaceDiffers => "RESIDENCE_PLACE_DIFFERS",
    ResidenceNotInBase => "RESIDENCE_NOT_IN_BASE",
    ResidenceExtraInBase => "RESIDENCE_EXTRA_IN_BASE",
    ResidencePeriodInvalid => "RESIDENCE_PERIOD_INVALID",
}

// A set holds every reason as one bit.
const _: () = assert!(Reason::ALL.len() <= 128);

/// A set of reasons, iterated in [`Reason::ALL`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Reasons(u128);

impl Reasons {
    /// The set as bits (for storage between passes).
    pub fn bits(self) -> u128 {
        self.0
    }

    /// The set from [`Reasons::bits`].
    pub fn from_bits(bits: u128) -> Reasons {
        Reasons(bits)
    }

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
    /// The set [`Reasons::joined`] wrote (unknown codes left out).
    pub fn parse(joined: &str) -> Reasons {
        let mut r = Reasons::default();
        for code in joined.split('|') {
            if let Some(&reason) = Reason::ALL.iter().find(|r| r.code() == code) {
                r.add(reason);
            }
        }
        r
    }

    /// Codes joined by `|`.
    pub fn joined(self) -> String {
        let mut out = String::new();
        for r in self.iter() {
            if !out.is_empty() {
                out.push('|');
            }
            out.push_str(r.code());
        }
        out
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
    pub(super) fn new(status: Status, reasons: Reasons) -> Outcome {
        Outcome { status, person: None, score: None, reasons, suggested: None, candidates: Vec::new() }
    }
}
