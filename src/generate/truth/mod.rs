//! The truth: what a perfect reconciler says of each export row, written by
//! rules of the generator's own. This is its written specification; the
//! engine never imports it (the layout test holds both sides apart), so
//! that agreement between the two is a second opinion, not a copy.
//!
//! `truth.csv` has, per export row, `row`, `key`, the true `person_id`
//! (empty when the person is not in the base), the `faults` drawn for it
//! (`|`-joined), the `expected_status` ([`expected_status`]) and, for exam
//! and residence exports, the `expected_reasons` of a linked row (sorted,
//! `|`-joined; empty when the row is not linked). With a column left out
//! of the export (`--omit`), only the true persons are given.
//!
//! **Status**, from the faults alone and one fact about the base:
//! - an unreadable row (`row_malformed`, `row_bad_text`) is `INVALID`;
//! - a person outside the base is `NOT_FOUND`, or `ID_CONFLICT` when the
//!   row carries a base person's ID;
//! - a row whose ID does not lead to its person is `ID_CORRECTED` when the
//!   ID's own evidence finds the person (one digit off, two transposed, the
//!   old CMND) or when nobody else in the base shares the identity the row
//!   writes, else `AMBIGUOUS`. The identity is the name as written
//!   (canonical, or folded for bank-style ASCII) and the full date of
//!   birth; where the base knows only the birth year or the row writes a
//!   placeholder date, the name, birth year and sex. For
//!   `id_and_name_typo` the true name must be unique and the misspelt one
//!   nobody's of the same date;
//! - else `MATCH_WITH_DIFFS` when the identity written differs from the
//!   base's in a way a clerk should see (a name or date fault, the sex, a
//!   base date known only by its year against a row with a date), and
//!   `MATCH` otherwise (a name's style, an ID's form, `deceased`…).
//!   A residence export has no date: a base date known only by its year
//!   differs from nothing there.
//!
//! **Reasons** (exam and residence exports, linked rows only), computed
//! against the base's residence history as the base holds it (its own
//! faults included):
//! - [`exam`]: the priority area the permanent residence supports in the
//!   exam window (more than 18 calendar months, leftover days 30 to a
//!   month, each commune's area as it was on each day), and the reasons a
//!   declared area gets against it (supported, unsupported, too short, a
//!   gap, no history);
//! - [`school`]: the admission regulation's school rule (the school of
//!   most grades, boarding-school and KV1-claim exceptions, claim spans,
//!   policy group 01), when the export is judged by the school list;
//! - [`residence`]: each exported period against the base's periods of
//!   the same person and kind (match, dates differ, place differs, not in
//!   the base, invalid; base periods the export lacks, on the person's
//!   first row).
//!
//! The rules read the generator's own calendar and geography
//! ([`super::calendar`], [`super::geo`]) and the engine's plain data types
//! (a date, a province list); never the engine's decisions.

pub mod exam;
pub mod residence;
pub mod school;

use super::faults::{Fault, Group};

/// The status a perfect reconciler gives a row with these faults.
/// `unique`: the person can be found without the ID, for nobody else in the
/// base shares the name as the row writes it (canonical, or folded for bank
/// ASCII) and the date of birth; or, when the base knows only the birth year
/// or the row writes a placeholder date, the birth year and the sex. For
/// `id_and_name_typo` that is the true name, and the misspelt one matches
/// nobody born the same day.
pub fn expected_status(faults: &[Fault], unique: bool) -> &'static str {
    let has = |f| faults.contains(&f);
    if has(Fault::RowMalformed) || has(Fault::RowBadText) {
        return "INVALID";
    }
    if has(Fault::NotInBase) {
        // Someone outside the base carrying a base person's ID: nobody fits, the ID is another's.
        return if has(Fault::OtherPersonsId) { "ID_CONFLICT" } else { "NOT_FOUND" };
    }
    if let Some(&f) = faults.iter().find(|f| f.group() == Group::Id) {
        // The ID's own evidence (one digit off, transposed, the old CMND) or
        // an identity nobody else in the base has links the row.
        let id_evidence = matches!(f, Fault::OldCmnd | Fault::IdDigitTypo | Fault::IdTransposed);
        return if id_evidence || unique { "ID_CORRECTED" } else { "AMBIGUOUS" };
    }
    let row_has_date = !has(Fault::DobMissing) && !has(Fault::DobInvalid);
    let differs = (has(Fault::BaseDobYearOnly) && row_has_date)
        || faults.iter().any(|f| {
            matches!(
                f,
                Fault::NameTypo
                    | Fault::NameMiddleMissing
                    | Fault::NameMiddleDoubled
                    | Fault::NameOrder
                    | Fault::NameDiacritics
                    | Fault::NameMissing
                    | Fault::DobSwapped
                    | Fault::DobYearOnly
                    | Fault::DobOffByOneYear
                    | Fault::DobImpossible
                    | Fault::WrongSex
                    | Fault::DobPlaceholder
                    | Fault::NamePartMissing
                    | Fault::TwoFields
                    | Fault::NameGivenOther
                    | Fault::NameSurnameOther
                    | Fault::NamePlaceholder
                    | Fault::DobOtherPerson
            )
        });
    if differs {
        "MATCH_WITH_DIFFS"
    } else {
        "MATCH"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_statuses() {
        assert_eq!(expected_status(&[], true), "MATCH");
        assert_eq!(expected_status(&[Fault::NameAscii, Fault::IdLeadingZero], true), "MATCH");
        assert_eq!(expected_status(&[Fault::NameTypo], false), "MATCH_WITH_DIFFS");
        assert_eq!(expected_status(&[Fault::IdMissing], true), "ID_CORRECTED");
        assert_eq!(expected_status(&[Fault::IdMissing], false), "AMBIGUOUS");
        assert_eq!(expected_status(&[Fault::IdDigitTypo], false), "ID_CORRECTED");
        assert_eq!(expected_status(&[Fault::NotInBase], true), "NOT_FOUND");
        assert_eq!(expected_status(&[Fault::NotInBase, Fault::OtherPersonsId], true), "ID_CONFLICT");
        assert_eq!(expected_status(&[Fault::RowBadText, Fault::NotInBase], true), "INVALID");
    }

    #[test]
    fn expected_statuses_with_year_only_or_placeholder_dates() {
        use Fault::*;
        // The ID leads to the person: the dates differ (by the year's precision).
        assert_eq!(expected_status(&[DobPlaceholder], true), "MATCH_WITH_DIFFS");
        assert_eq!(expected_status(&[BaseDobYearOnly], true), "MATCH_WITH_DIFFS");
        assert_eq!(expected_status(&[DobPlaceholder, BaseDobYearOnly], true), "MATCH_WITH_DIFFS");
        // It does not: linked when unique by name, birth year and sex (the
        // caller's `unique`), else ambiguous; never a conflict or not found.
        for id in [IdMissing, OtherPersonsId, IdSharedInInput, IdScientific, IdMalformed] {
            for date in [&[BaseDobYearOnly][..], &[DobPlaceholder], &[DobPlaceholder, BaseDobYearOnly]] {
                let faults: Vec<Fault> = date.iter().copied().chain([id]).collect();
                assert_eq!(expected_status(&faults, true), "ID_CORRECTED", "{faults:?}");
                assert_eq!(expected_status(&faults, false), "AMBIGUOUS", "{faults:?}");
            }
        }
        // Names with a part missing, two fields faulty at once: the ID still leads.
        assert_eq!(expected_status(&[NamePartMissing, NameAscii], false), "MATCH_WITH_DIFFS");
        assert_eq!(expected_status(&[TwoFields], false), "MATCH_WITH_DIFFS");
        assert_eq!(expected_status(&[TwoFields, BaseDobYearOnly, IdSeparators], false), "MATCH_WITH_DIFFS");
        // Another person's ID and a name typo: linked when the person's true
        // name and date are unique (and the misspelt one is nobody's).
        assert_eq!(expected_status(&[IdAndNameTypo, OtherPersonsId, NameAscii], true), "ID_CORRECTED");
        assert_eq!(expected_status(&[IdAndNameTypo, IdMissing], false), "AMBIGUOUS");
        // The ID's own evidence links the row whatever the date.
        for id in [IdDigitTypo, IdTransposed, OldCmnd] {
            assert_eq!(expected_status(&[DobPlaceholder, BaseDobYearOnly, id], false), "ID_CORRECTED");
        }
    }
}
