//! Faults injected into export rows, each with a rate per profile, and the
//! status a perfect reconciler would give the faulty row.

use super::rng::{Rng, Weighted};
use crate::normalize::text;

/// One kind of fault. Its `code` is what `truth.csv` records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fault {
    /// Name in bank style: upper-case ASCII (not a fault to a reconciler, but a difference).
    NameAscii,
    /// Name in NFD (decomposed) Unicode.
    NameNfd,
    /// The other tone-mark style (hoà vs hòa).
    NameToneStyle,
    /// One letter dropped, swapped, substituted or inserted.
    NameTypo,
    /// Middle name left out.
    NameMiddleMissing,
    /// Given name written first.
    NameOrder,
    /// Day and month swapped.
    DobSwapped,
    /// Only the year of birth.
    DobYearOnly,
    /// ID stored as a number: leading zero lost.
    IdLeadingZero,
    /// ID with spaces, dots or dashes.
    IdSeparators,
    /// ID with Excel's leading apostrophe.
    IdApostrophe,
    /// ID in scientific notation (digits lost).
    IdScientific,
    /// One ID digit wrong.
    IdDigitTypo,
    /// Two adjacent ID digits swapped.
    IdTransposed,
    /// The old 9-digit CMND instead of the CCCD.
    OldCmnd,
    /// Another person's ID.
    OtherPersonsId,
    /// No ID.
    IdMissing,
    /// A person who is not in the base.
    NotInBase,
    /// A person who is deceased in the base.
    Deceased,
    /// The same person in several rows.
    Duplicate,
    /// The base knows only the birth year; the export has the full date.
    BaseDobYearOnly,
}

impl Fault {
    /// The code in `truth.csv`.
    pub fn code(self) -> &'static str {
        match self {
            Fault::NameAscii => "name_ascii",
            Fault::NameNfd => "name_nfd",
            Fault::NameToneStyle => "name_tone_style",
            Fault::NameTypo => "name_typo",
            Fault::NameMiddleMissing => "name_middle_missing",
            Fault::NameOrder => "name_order",
            Fault::DobSwapped => "dob_swapped",
            Fault::DobYearOnly => "dob_year_only",
            Fault::IdLeadingZero => "id_leading_zero",
            Fault::IdSeparators => "id_separators",
            Fault::IdApostrophe => "id_apostrophe",
            Fault::IdScientific => "id_scientific",
            Fault::IdDigitTypo => "id_digit_typo",
            Fault::IdTransposed => "id_transposed",
            Fault::OldCmnd => "old_cmnd",
            Fault::OtherPersonsId => "other_persons_id",
            Fault::IdMissing => "id_missing",
            Fault::NotInBase => "not_in_base",
            Fault::Deceased => "deceased",
            Fault::Duplicate => "duplicate",
            Fault::BaseDobYearOnly => "base_dob_year_only",
        }
    }
}

/// Fault rates for a named profile.
#[derive(Debug, Clone)]
pub struct Profile {
    /// Share of names written bank style (upper-case ASCII).
    pub ascii_names: f64,
    /// Share of rows with one identity fault (name/date), drawn from `identity`.
    pub identity_rate: f64,
    /// Which identity fault.
    pub identity: Weighted<Fault>,
    /// Share of rows with one ID fault, drawn from `id`.
    pub id_rate: f64,
    /// Which ID fault.
    pub id: Weighted<Fault>,
    /// Share of rows for persons not in the base.
    pub not_in_base: f64,
    /// Share of rows for deceased persons.
    pub deceased: f64,
    /// Share of rows repeating an earlier row's person.
    pub duplicate: f64,
}

impl Profile {
    /// `none`, `light`, `realistic` or `hostile`.
    pub fn named(name: &str) -> Option<Profile> {
        let scale: f64 = match name {
            "none" => 0.0,
            "light" => 0.4,
            "realistic" => 1.0,
            "hostile" => 3.0,
            _ => return None,
        };
        let identity = Weighted::new([
            (Fault::NameNfd, 2.0),
            (Fault::NameToneStyle, 2.0),
            (Fault::NameTypo, 3.0),
            (Fault::NameMiddleMissing, 1.5),
            (Fault::NameOrder, 0.5),
            (Fault::DobSwapped, 1.0),
            (Fault::DobYearOnly, 1.0),
        ]);
        let id = Weighted::new([
            (Fault::IdLeadingZero, 3.0),
            (Fault::IdSeparators, 1.5),
            (Fault::IdApostrophe, 1.0),
            (Fault::IdScientific, 0.7),
            (Fault::IdDigitTypo, 1.0),
            (Fault::IdTransposed, 0.7),
            (Fault::OldCmnd, 2.0),
            (Fault::OtherPersonsId, 0.5),
            (Fault::IdMissing, 1.0),
        ]);
        Some(Profile {
            ascii_names: if scale == 0.0 { 0.0 } else { 0.5 },
            identity_rate: (0.08 * scale).min(0.6),
            identity,
            id_rate: (0.10 * scale).min(0.6),
            id,
            not_in_base: (0.02 * scale).min(0.2),
            deceased: (0.01 * scale).min(0.1),
            duplicate: (0.01 * scale).min(0.1),
        })
    }
}

/// Applies a name fault to a full name.
pub fn fault_name(name: &str, fault: Fault, rng: &mut Rng) -> String {
    use unicode_normalization::UnicodeNormalization;
    match fault {
        Fault::NameNfd => name.nfd().collect(),
        Fault::NameToneStyle => name.split(' ').map(new_tone_style).collect::<Vec<_>>().join(" "),
        Fault::NameTypo => typo(name, rng),
        Fault::NameMiddleMissing => {
            let t: Vec<&str> = name.split(' ').collect();
            if t.len() >= 3 {
                [t[0], t[t.len() - 1]].join(" ")
            } else {
                name.to_string()
            }
        }
        Fault::NameOrder => match name.split(' ').collect::<Vec<_>>().split_last() {
            Some((given, rest)) if !rest.is_empty() => {
                std::iter::once(*given).chain(rest.iter().copied()).collect::<Vec<_>>().join(" ")
            }
            _ => name.to_string(),
        },
        _ => name.to_string(),
    }
}

/// Bank style: upper-case ASCII.
pub fn ascii_name(name: &str) -> String {
    text::fold(&text::nfc_clean(name))
}

/// The new ("modern") tone style for open oa/oe/uy: hòa → hoà, thủy → thuỷ.
fn new_tone_style(syllable: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let lower = syllable.to_lowercase();
    let bare: String = lower
        .nfd()
        .filter(|c| !matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
        .nfc()
        .collect();
    let tone = lower.nfd().find(|c| matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'));
    let (Some(tone), true) =
        (tone, ["oa", "oe", "uy"].iter().any(|e| bare.ends_with(e) && !bare.ends_with("quy")))
    else {
        return syllable.to_string();
    };
    let mut chars: Vec<char> =
        syllable.nfc().collect::<String>().nfd().filter(|c| *c != tone).collect::<String>().nfc().collect();
    let last = chars.len() - 1;
    let toned: String = [chars[last], tone].iter().collect::<String>().nfc().collect();
    chars.truncate(last);
    chars.iter().collect::<String>() + &toned
}

/// One edit on a random letter of a random token (not the first letter).
fn typo(name: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    let positions: Vec<usize> =
        (1..chars.len()).filter(|&i| chars[i].is_alphabetic() && chars[i - 1].is_alphabetic()).collect();
    if positions.is_empty() {
        return name.to_string();
    }
    let i = *rng.pick(&positions);
    match rng.below(4) {
        0 if chars.len() > 4 => {
            chars.remove(i);
        }
        1 if i + 1 < chars.len() && chars[i + 1].is_alphabetic() => chars.swap(i, i + 1),
        2 => chars.insert(i, chars[i]),
        _ => {
            let subs = ['n', 'h', 'a', 'o', 'u', 'i', 't', 'm'];
            let c = *rng.pick(&subs);
            chars[i] = if chars[i].is_uppercase() { c.to_ascii_uppercase() } else { c };
        }
    }
    chars.into_iter().collect()
}

/// Applies an ID fault to a clean 12-digit CCCD.
pub fn fault_id(id: &str, fault: Fault, rng: &mut Rng) -> String {
    match fault {
        Fault::IdLeadingZero => id.trim_start_matches('0').to_string(),
        Fault::IdSeparators => {
            let sep = *rng.pick(&[" ", ".", "-"]);
            format!("{}{sep}{}{sep}{}{sep}{}", &id[0..3], &id[3..6], &id[6..9], &id[9..])
        }
        Fault::IdApostrophe => format!("'{id}"),
        Fault::IdScientific => {
            let digits = id.trim_start_matches('0');
            format!("{}.{}E+{}", &digits[..1], &digits[1..6.min(digits.len())], digits.len() - 1)
        }
        Fault::IdDigitTypo => {
            let mut b = id.as_bytes().to_vec();
            let i = 6 + rng.below(6) as usize;
            b[i] = b'0' + ((b[i] - b'0' + 1 + rng.below(9) as u8) % 10);
            String::from_utf8(b).expect("digits")
        }
        Fault::IdTransposed => {
            let mut b = id.as_bytes().to_vec();
            let i = (6..11).find(|&i| b[i] != b[i + 1]).unwrap_or(6);
            b.swap(i, i + 1);
            String::from_utf8(b).expect("digits")
        }
        Fault::IdMissing => String::new(),
        _ => id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_name;

    #[test]
    fn tone_style_fault_changes_text_but_not_the_canonical_form() {
        let faulty = fault_name("Nguyễn Thị Hòa", Fault::NameToneStyle, &mut Rng::new(1));
        assert_eq!(faulty, "Nguyễn Thị Hoà");
        assert_eq!(normalize_name(&faulty).canonical, normalize_name("Nguyễn Thị Hòa").canonical);
        assert_eq!(new_tone_style("Thủy"), "Thuỷ");
        assert_eq!(new_tone_style("Quý"), "Quý");
    }

    #[test]
    fn id_faults() {
        let id = "001090123456";
        let mut r = Rng::new(1);
        assert_eq!(fault_id(id, Fault::IdLeadingZero, &mut r), "1090123456");
        assert_eq!(fault_id(id, Fault::IdScientific, &mut r), "1.09012E+9");
        let t = fault_id(id, Fault::IdTransposed, &mut r);
        assert_ne!(t, id);
        let d = fault_id(id, Fault::IdDigitTypo, &mut r);
        assert_eq!(d.chars().zip(id.chars()).filter(|(a, b)| a != b).count(), 1);
    }

    #[test]
    fn name_faults() {
        let mut r = Rng::new(5);
        assert_eq!(fault_name("Lê Thị Mai", Fault::NameMiddleMissing, &mut r), "Lê Mai");
        assert_eq!(fault_name("Lê Thị Mai", Fault::NameOrder, &mut r), "Mai Lê Thị");
        let t = fault_name("Lê Thị Mai", Fault::NameTypo, &mut r);
        assert_ne!(t, "Lê Thị Mai");
    }
}
