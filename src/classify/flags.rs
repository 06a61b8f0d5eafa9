//! What a value raises as doisoat reads it, written once: the reasons a
//! row's results carry for its own values (whatever its status), and the
//! notes on how a value was read that are no reason to act (a date read
//! month first, a name without diacritics). `reconcile` takes the reasons;
//! `doisoat normalize` and `doisoat profile`, which show how doisoat reads
//! values, show both, by the same codes.

use super::{Reason, Reasons};
use crate::normalize::{DateError, DateNotes, Dob, IdKind, NormId, NormName, Precision, Structure};

/// A date of birth as read.
pub type ReadDob = Result<(Dob, DateNotes), DateError>;

/// The reasons an ID raises; `structure`, when the ID scheme is the
/// Vietnamese one, is what its digits say against the row.
pub fn id_reasons(id: &NormId, structure: Option<Structure>) -> Reasons {
    let mut r = Reasons::default();
    match id.kind {
        IdKind::Missing if id.placeholder => r.add(Reason::IdPlaceholder),
        IdKind::Missing => r.add(Reason::IdMissing),
        IdKind::Invalid if id.damaged => r.add(Reason::IdDamaged),
        IdKind::Invalid => r.add(Reason::IdMalformed),
        _ => {}
    }
    if id.zero_restored {
        r.add(Reason::IdLeadingZeroRestored);
    }
    if id.ocr {
        r.add(Reason::IdOcr);
    }
    if let Some(s) = structure {
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
    r
}

/// The reasons a name raises.
pub fn name_reasons(name: &NormName) -> Reasons {
    let mut r = Reasons::default();
    if name.placeholder {
        r.add(Reason::NamePlaceholder);
    } else if name.is_empty() {
        r.add(Reason::NameMissing);
    }
    if name.legacy.is_some() {
        r.add(Reason::NameLegacyEncoding);
    }
    r
}

/// The reasons a date of birth raises; a missing one only where the file
/// has a date column (`mapped`).
pub fn dob_reasons(dob: &ReadDob, mapped: bool) -> Reasons {
    let mut r = Reasons::default();
    match dob {
        Err(DateError::Missing) if mapped => r.add(Reason::DobMissing),
        Err(DateError::Missing) => {}
        Err(DateError::Unparseable) => r.add(Reason::DobInvalid),
        Ok((_, notes)) if notes.ocr => r.add(Reason::DobOcr),
        Ok((d, _)) if d.is_impossible() => r.add(Reason::DobImpossible),
        Ok(_) => {}
    }
    r
}

/// How a name was read, beyond its reasons.
pub fn name_notes(name: &NormName) -> Vec<&'static str> {
    if !name.is_empty() && !name.has_diacritics {
        vec![Reason::NameNoDiacritics.code()]
    } else {
        Vec::new()
    }
}

/// How a date of birth was read, beyond its reasons.
pub fn dob_notes(dob: &ReadDob) -> Vec<&'static str> {
    let Ok((d, notes)) = dob else { return Vec::new() };
    [
        (d.precision() == Precision::Day && d.is_placeholder(), "DOB_PLACEHOLDER"),
        (notes.ambiguous_order, "DOB_AMBIGUOUS_ORDER"),
        (notes.month_first, "DOB_MONTH_FIRST"),
        (notes.excel_serial, "DOB_EXCEL_SERIAL"),
    ]
    .into_iter()
    .filter_map(|(on, code)| on.then_some(code))
    .collect()
}

/// The codes of `reasons`, then `notes`: what `normalize` and `profile` show.
pub fn codes(reasons: Reasons, notes: Vec<&'static str>) -> Vec<&'static str> {
    reasons.iter().map(Reason::code).chain(notes).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{normalize_id, normalize_name, parse_date, DateOrder, IdScheme};

    #[test]
    fn each_field_raises_its_reasons_and_notes() {
        let id = normalize_id("79190012345", IdScheme::Vn);
        assert_eq!(codes(id_reasons(&id, None), vec![]), ["ID_LEADING_ZERO_RESTORED"]);
        assert_eq!(codes(id_reasons(&normalize_id("", IdScheme::Vn), None), vec![]), ["ID_MISSING"]);
        let ocr = normalize_id("O79190O12345", IdScheme::Vn);
        assert!(id_reasons(&ocr, None).has(Reason::IdOcr), "{ocr:?}");
        let name = normalize_name("NGUYEN VAN AN");
        assert_eq!(codes(name_reasons(&name), name_notes(&name)), ["NAME_NO_DIACRITICS"]);
        assert_eq!(codes(name_reasons(&normalize_name(" ")), vec![]), ["NAME_MISSING"]);
        let missing = parse_date("", DateOrder::Dmy);
        assert_eq!(codes(dob_reasons(&missing, true), dob_notes(&missing)), ["DOB_MISSING"]);
        assert!(dob_reasons(&missing, false).iter().next().is_none(), "no date column: nothing to say");
        let ocr = parse_date("2O/05/1979", DateOrder::Dmy);
        assert_eq!(codes(dob_reasons(&ocr, true), dob_notes(&ocr)), ["DOB_OCR"]);
        let month_first = parse_date("05/20/1979", DateOrder::Dmy);
        assert_eq!(codes(dob_reasons(&month_first, true), dob_notes(&month_first)), ["DOB_MONTH_FIRST"]);
    }
}
