//! The normalisers on arbitrary text (the bytes read as UTF-8, lossily):
//! names, IDs, dates, sex, province, extra fields, legacy repair and the
//! phonetic key. A panic is a finding. Checked on the way, each only where
//! the code documents it (`DOISOAT_FUZZ_INVARIANTS=0` turns the checks off):
//!
//! * names: normalising the canonical form again changes nothing, nor does
//!   normalising the folded form (`normalising_twice_changes_nothing`),
//!   unless the form still reads as legacy text or is not NFC (known
//!   findings); a
//!   value without brackets has the forms it has with an empty annotation
//!   after it (`forms_by_word` is documented to give `forms`, and the word
//!   cache must not change a result);
//! * IDs: a `Cccd` is 12 digits, a `Cmnd` 9, `Other` upper-case letters and
//!   digits with a key, `Missing` empty; a usable ID's key shows as its value;
//! * dates: a parsed date is `yyyymmdd` with month 0–12, day 0–31 and no day
//!   without a month, and its ISO form (a 4-digit year first) reads back as
//!   the same date whatever the order ("read as it must be, whatever the order");
//! * sex: a configured value wins over the usual spellings.
#![no_main]
// `set_alloc_error_hook` in common::as_the_binary (cargo fuzz needs nightly anyway).
#![feature(alloc_error_hook)]

mod common;

use doisoat::normalize::field::{prepare, Method};
use doisoat::normalize::{
    cccd_structure, legacy, normalize_id, normalize_name, parse_date, parse_dob, parse_sex, phonetic,
    province, syllable, text, DateOrder, GenderMap, IdKind, IdScheme, Precision, Sex,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let s = s.as_ref();
    let check = common::invariants();

    // Names.
    let name = normalize_name(s);
    let _ = name.parts();
    let _ = name.tokens().map(syllable::is_syllable).count();
    let _ = name.folded.split(' ').map(phonetic::token_key).count();
    if check {
        // A canonical form that still reads as legacy text may be repaired
        // the second time when the first was not (a character outside a
        // name's, such as a control character, keeps `legacy::plausible`
        // from taking any reading, and canonical tokens drop it): finding
        // tests/fuzz/findings/normalize_fields-1.bin.
        // Nor when the canonical form is not NFC: a letter whose capital has
        // no precomposed form (`ῧ` → `Ϋ͂`) is left decomposed, and composed
        // the second time (tests/fuzz/findings/normalize_fields-3.bin).
        // Or when it carries a combining mark left by upper-casing a letter
        // with no precomposed capital (`ẙ` → `Y` + U+030A), which the tokens
        // of the second time drop (tests/fuzz/findings/normalize_fields-4.bin).
        let marks = name.canonical.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c));
        let nfc = text::nfc_clean(&name.canonical) == name.canonical && !marks;
        if nfc && !legacy::could_be_mojibake(&name.canonical) {
            let twice = normalize_name(&name.canonical);
            assert_eq!(twice.canonical, name.canonical, "canonical form of {s:?} is not stable");
        }
        // The same for a folded form that still reads as legacy text: it is
        // not always ASCII (`Þ`, `Ø`, `Ł`, CJK stay as they are), and then
        // may be repaired the second time (tests/fuzz/findings/normalize_fields-2.bin).
        if nfc && !legacy::could_be_mojibake(&name.folded) {
            assert_eq!(normalize_name(&name.folded).folded, name.folded, "folded form of {s:?} is not stable");
        }
        // Not for combining marks: the table composition of Vietnamese text
        // takes marks in any order (`Ã` + breve → `Ẵ`), full NFC does not,
        // and which one a word gets depends on the other words of the value
        // (tests/fuzz/findings/normalize_fields-5.bin).
        let combining = s.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c));
        if !combining && !s.contains(['(', '[', '{', ')', ']', '}']) && !legacy::could_be_mojibake(s) {
            let annotated = normalize_name(&format!("{s} ()"));
            assert_eq!(
                (&annotated.canonical, &annotated.folded),
                (&name.canonical, &name.folded),
                "word-by-word forms of {s:?} differ from the whole-value forms"
            );
        }
    }
    let _ = legacy::repair(s);
    let _ = legacy::readings(s).count();

    // IDs.
    let sex = parse_sex(s);
    let dob = parse_dob(s).ok().map(|(d, _)| d);
    for scheme in [IdScheme::Vn, IdScheme::Generic] {
        let id = normalize_id(s, scheme);
        for sex in [None, Some(Sex::Male), Some(Sex::Female), sex] {
            let _ = cccd_structure(&id, sex, dob);
        }
        if check {
            let digits = |n: usize| id.value.len() == n && id.value.bytes().all(|b| b.is_ascii_digit());
            match id.kind {
                IdKind::Cccd => assert!(digits(12), "Cccd {:?} from {s:?}", id.value),
                IdKind::Cmnd => assert!(digits(9), "Cmnd {:?} from {s:?}", id.value),
                IdKind::Other => assert!(
                    id.value.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
                    "Other {:?} from {s:?}",
                    id.value
                ),
                IdKind::Missing => assert!(id.value.is_empty(), "Missing {:?} from {s:?}", id.value),
                IdKind::Invalid => {}
            }
            if matches!(id.kind, IdKind::Cccd | IdKind::Cmnd | IdKind::Other) {
                let key = id.key();
                assert!(key.is_some(), "usable ID {:?} ({:?}) from {s:?} has no key", id.value, id.kind);
                assert_eq!(key.unwrap().to_string(), id.value, "key of {:?} from {s:?}", id.value);
            }
        }
        if let Some(key) = id.key() {
            let _ = key.digit_edit(key);
            if let Some((n, len)) = key.digits() {
                let _ = key.digit_edit(doisoat::normalize::IdKey::from_digits(n ^ 1, len));
            }
        }
    }

    // Dates.
    for order in [DateOrder::Dmy, DateOrder::Mdy, DateOrder::Ymd] {
        let Ok((d, _notes)) = parse_date(s, order) else { continue };
        let _ = (d.is_impossible(), d.is_placeholder());
        if check {
            assert!(d.month() <= 12 && d.day() <= 31, "{s:?} read as {} ({order:?})", d.0);
            assert!(d.month() != 0 || d.day() == 0, "{s:?}: a day without a month ({order:?})");
            let iso = d.iso();
            for again in [DateOrder::Dmy, DateOrder::Mdy, DateOrder::Ymd] {
                let back = parse_date(&iso, again).map(|(b, _)| b);
                assert_eq!(back, Ok(d), "{s:?} read as {iso} ({order:?}), which reads back otherwise ({again:?})");
            }
            if d.precision() == Precision::Day {
                assert_eq!(iso.len(), 10, "{s:?} read as {iso}");
            }
        }
    }

    // Sex, province, extra fields.
    let configured = GenderMap { male: vec![], female: vec![s.to_string()] };
    let got = configured.parse(s);
    if check {
        assert_eq!(got, Some(Sex::Female), "configured female value {s:?} not read as female");
    }
    let _ = province::parse_province(s);
    for method in [Method::Exact, Method::JaroWinkler, Method::Levenshtein, Method::Date, Method::Number] {
        let _ = prepare(method, s);
    }
});
