//! Faults injected into export rows: each has a rate per row (a named
//! profile or a TOML file), a group (a row gets at most one fault of each
//! group, so that the truth stays unambiguous) and its effect on the status
//! a perfect reconciler would give. How each one alters a value is in
//! [`super::alter`].

use std::collections::BTreeMap;
use std::path::Path;

use super::rng::Rng;
use crate::error::{Error, Result};

macro_rules! faults {
    ($($variant:ident => $code:literal, $group:ident, $rate:expr, $doc:literal;)*) => {
        /// One kind of fault. Its code is what `truth.csv` records.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Fault { $(#[doc = $doc] $variant,)* }

        impl Fault {
            /// Every fault, in drawing order.
            pub const ALL: &'static [Fault] = &[$(Fault::$variant,)*];

            /// The code in `truth.csv` and in fault files.
            pub fn code(self) -> &'static str {
                match self { $(Fault::$variant => $code,)* }
            }

            /// Its group: a row gets at most one fault of each group.
            pub fn group(self) -> Group {
                match self { $(Fault::$variant => Group::$group,)* }
            }

            /// Its rate per row in the `realistic` profile.
            fn realistic_rate(self) -> f64 {
                match self { $(Fault::$variant => $rate,)* }
            }
        }
    };
}

/// Fault groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// How the name is written (bank ASCII, NFD, tone style, legacy encoding).
    Style,
    /// The name, date of birth or sex differs from the base.
    Identity,
    /// The ID's form (still the person's ID).
    IdForm,
    /// The ID does not lead to the person.
    Id,
    /// The ID does not lead to the person (missing, another's, damaged)
    /// and the name has one typo: drawn with an ID fault of [`UNLEADING`].
    IdAndName,
    /// Which person, or the row as a whole.
    Row,
    /// A person's residence history or declared priority area (exam and
    /// residence exports only): drawn per row by [`super::residence`].
    Residence,
    /// A candidate's schools, claims and policy group (exam exports with
    /// `--schools` only): drawn per row by [`super::schools`].
    School,
    /// The home commune as an exam export writes it (exam exports only):
    /// drawn per row by [`super::residence`], never a change of status.
    Place,
    /// A condition of the base person, recorded, never drawn.
    Base,
}

faults! {
    NameAscii => "name_ascii", Style, 0.45, "Name in bank style: upper-case ASCII.";
    NameNfd => "name_nfd", Style, 0.02, "Name in NFD (decomposed) Unicode.";
    NameToneStyle => "name_tone_style", Style, 0.03, "The other tone-mark style (hoà vs hòa).";
    NameLegacyTcvn3 => "name_legacy_tcvn3", Style, 0.004, "Name in TCVN3 read as cp1252 (NguyÔn).";
    NameLegacyVni => "name_legacy_vni", Style, 0.004, "Name in VNI read as cp1252 (Nguyeãn).";
    NameTypo => "name_typo", Identity, 0.02, "One letter dropped, swapped, substituted or inserted.";
    NameMiddleMissing => "name_middle_missing", Identity, 0.01, "Middle name left out.";
    NameMiddleDoubled => "name_middle_doubled", Identity, 0.003, "Middle name written twice.";
    NameOrder => "name_order", Identity, 0.003, "Given name written first.";
    NameDiacritics => "name_diacritics", Identity, 0.004, "One tone mark changed (Dương/Đường-style).";
    // Few names have a toned y to rewrite, so the rate is high to get a few rows.
    NameSpellingVariant => "name_spelling_variant", Identity, 0.03, "Toned y written i (Lý/Lí).";
    NameMissing => "name_missing", Identity, 0.002, "No name.";
    DobSwapped => "dob_swapped", Identity, 0.005, "Day and month swapped.";
    DobYearOnly => "dob_year_only", Identity, 0.005, "Only the year of birth.";
    DobOffByOneYear => "dob_off_by_one_year", Identity, 0.004, "Birth year one off.";
    DobMissing => "dob_missing", Identity, 0.003, "No date of birth.";
    DobImpossible => "dob_impossible", Identity, 0.001, "A day the month does not have (30/02, 31/04).";
    DobInvalid => "dob_invalid", Identity, 0.002, "A date of birth that is not a date.";
    WrongSex => "wrong_sex", Identity, 0.003, "The other sex.";
    DobPlaceholder => "dob_placeholder", Identity, 0.003,
        "A placeholder for an unknown day and month: 01/01/1931, 1/1/1931, 00/00/1931, 0/0/1931 or 1931.";
    NamePartMissing => "name_part_missing", Identity, 0.003,
        "Only the given name (Hùng), or the name without it (Nguyễn Văn).";
    TwoFields => "two_fields", Identity, 0.003,
        "A name typo and a date fault at once (a year off, day and month swapped, or a placeholder).";
    NameGivenOther => "name_given_other", Identity, 0.003,
        "Another given name (a name used at home, a sibling's), surname and middle name kept.";
    NameSurnameOther => "name_surname_other", Identity, 0.002,
        "Another surname (a parent's, a married one), middle and given name kept.";
    NamePlaceholder => "name_placeholder", Identity, 0.002,
        "A placeholder for the name: Không rõ, Chưa có tên, KXĐ, Vô danh, N/A.";
    DobOtherPerson => "dob_other_person", Identity, 0.003,
        "The date of birth of a family member: another year, month and day.";
    DobOcr => "dob_ocr", Identity, 0.002, "A digit of the date read as a look-alike letter (0→O, 1→l).";
    IdOcr => "id_ocr", IdForm, 0.003, "One or two ID digits read as look-alike letters (0→O, 1→l, 5→S, 8→B).";
    IdLeadingZero => "id_leading_zero", IdForm, 0.03, "ID stored as a number: leading zeros lost.";
    IdSeparators => "id_separators", IdForm, 0.015, "ID with spaces, dots or dashes.";
    IdApostrophe => "id_apostrophe", IdForm, 0.01, "ID with Excel's leading apostrophe.";
    IdScientific => "id_scientific", Id, 0.004, "ID in scientific notation (digits lost).";
    IdDigitTypo => "id_digit_typo", Id, 0.006, "One ID digit wrong.";
    IdTransposed => "id_transposed", Id, 0.004, "Two adjacent ID digits swapped.";
    OldCmnd => "old_cmnd", Id, 0.02, "The old 9-digit CMND instead of the CCCD.";
    OtherPersonsId => "other_persons_id", Id, 0.003, "Another person's ID.";
    IdSharedInInput => "id_shared_in_input", Id, 0.002, "The ID of another person in the same export.";
    IdMissing => "id_missing", Id, 0.01, "No ID.";
    IdMalformed => "id_malformed", Id, 0.002, "Text that is not an ID.";
    IdAndNameTypo => "id_and_name_typo", IdAndName, 0.003,
        "An ID that does not lead to the person (missing, another's, damaged) and one name typo.";
    NotInBase => "not_in_base", Row, 0.02, "A person who is not in the base.";
    Deceased => "deceased", Row, 0.01, "A person who is deceased in the base.";
    Duplicate => "duplicate", Row, 0.01, "The same person again, in another row.";
    RowMalformed => "row_malformed", Row, 0.001, "A row with an extra field.";
    RowBadText => "row_bad_text", Row, 0.001, "A row with bytes that are not UTF-8.";
    // Some candidates cannot take the first two (no better area than the one
    // lived in, or KV1 supported already): the rates are a little higher.
    AreaBetterThanHistory => "area_better_than_history", Residence, 0.065,
        "Exam: a declared area better than any commune lived in during the window.";
    ResidenceTooShort => "residence_too_short", Residence, 0.055,
        "Exam: 3–15 months in a better-area commune in the window, and that area declared.";
    ResidenceGap => "residence_gap", Residence, 0.045,
        "Exam: a hole of 1–400 days in permanent residence inside the window.";
    ResidenceMissing => "residence_missing", Residence, 0.04,
        "Exam: the person's history left out of the base.";
    ResidenceWrongCommune => "residence_wrong_commune", Residence, 0.04,
        "Residence: the period's commune changed.";
    ResidenceDatesShifted => "residence_dates_shifted", Residence, 0.04,
        "Residence: the period's dates moved by 1–90 days.";
    ResidenceNotInBase => "residence_not_in_base", Residence, 0.04,
        "Residence: the period left out of the base.";
    ResidenceExtraInBase => "residence_extra_in_base", Residence, 0.04,
        "Residence: a base period left out of the export (said on the person's first row).";
    SchoolAreaLower => "school_area_lower", School, 0.05,
        "Exam, --schools: a declared area better than the school rule entitles.";
    ResidenceClaimFalse => "residence_claim_false", School, 0.04,
        "Exam, --schools: the KV1 claim ticked without more than 18 months there, KV1 declared.";
    ClaimSpanOff => "claim_span_off", School, 0.03,
        "Exam, --schools: a claim's span written 2–121 days earlier than the residence began.";
    ClaimSpanUnreadable => "claim_span_unreadable", School, 0.01,
        "Exam, --schools: a claim's span written so that it cannot be read.";
    SchoolNotInList => "school_not_in_list", School, 0.03,
        "Exam, --schools: a grade's school code not in the list, or unreadable.";
    SchoolMissing => "school_missing", School, 0.02, "Exam, --schools: no school written for any grade.";
    SchoolCodeDamaged => "school_code_damaged", School, 0.05,
        "Exam, --schools: codes without their zeros (1/18), or province and school in one cell.";
    PolicyGroupFalse => "policy_group_false", School, 0.02,
        "Exam, --schools: policy group 01 written without more than 18 months in KV1.";
    PolicyGroupKinh => "policy_group_kinh", School, 0.02,
        "Exam, --schools: policy group 01 written, more than 18 months in KV1, by a person the base records as Kinh.";
    GradeBlank => "grade_blank", School, 0.03, "Exam, --schools: grade 10's or 11's school left blank.";
    PlaceStale => "place_stale", Place, 0.04,
        "Exam: the home commune of a year before (the candidate moved since).";
    PlaceHometown => "place_hometown", Place, 0.02,
        "Exam: the commune the candidate was born in (quê) for the home commune.";
    PlaceCommuneTypo => "place_commune_typo", Place, 0.01, "Exam: one digit of the home commune's code wrong.";
    PlaceMissing => "place_missing", Place, 0.01, "Exam: the home commune left empty.";
    BaseDobYearOnly => "base_dob_year_only", Base, 0.0, "The base knows only the birth year.";
    BaseWrongStructure => "base_wrong_structure", Base, 0.0, "The person's CCCD has the wrong structure.";
    BaseDuplicateId => "base_duplicate_id", Base, 0.0, "Another base record carries the same ID.";
}

/// The share of rows of persons whose base date is year-only that carry
/// `dob_placeholder` (when the profile has it at all): what real exports show.
pub const YEAR_ONLY_PLACEHOLDER_SHARE: f64 = 0.8;

/// The ID faults that leave nothing of the person's ID to go by (unlike a
/// digit typo, a transposition or the old CMND): `id_and_name_typo` goes with one.
pub const UNLEADING: [Fault; 5] = [
    Fault::IdMissing,
    Fault::OtherPersonsId,
    Fault::IdSharedInInput,
    Fault::IdScientific,
    Fault::IdMalformed,
];

impl Fault {
    /// The fault with this code.
    pub fn from_code(code: &str) -> Option<Fault> {
        Fault::ALL.iter().copied().find(|f| f.code() == code)
    }
}

/// Rates per row for every fault.
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    rates: BTreeMap<Fault, f64>,
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
        let rates = Fault::ALL.iter().map(|&f| (f, (f.realistic_rate() * scale).min(0.5))).collect();
        Some(Profile { rates })
    }

    /// A named profile, or a TOML file of `code = rate` lines (`profile =
    /// "NAME"` starts from a named profile; other faults are 0).
    pub fn load(name_or_file: &str) -> Result<Profile> {
        if let Some(p) = Profile::named(name_or_file) {
            return Ok(p);
        }
        let path = Path::new(name_or_file);
        if !path.exists() {
            return Err(Error::Usage(format!(
                "--faults {name_or_file}: neither a profile (none, light, realistic, hostile) nor a file"
            )));
        }
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, "reading", e))?;
        Profile::parse(&text, path)
    }

    /// Parses a fault file.
    pub fn parse(text: &str, path: &Path) -> Result<Profile> {
        let bad = |message: String| Error::Config { path: path.into(), message };
        let table: toml::Table = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        let mut profile = match table.get("profile") {
            Some(toml::Value::String(name)) => {
                Profile::named(name).ok_or_else(|| bad(format!("profile = \"{name}\": unknown profile")))?
            }
            Some(_) => return Err(bad("profile must be a name in quotes".into())),
            None => Profile::named("none").expect("known profile"),
        };
        for (key, value) in &table {
            if key == "profile" {
                continue;
            }
            let fault = Fault::from_code(key).filter(|f| f.group() != Group::Base).ok_or_else(|| {
                let codes: Vec<&str> =
                    Fault::ALL.iter().filter(|f| f.group() != Group::Base).map(|f| f.code()).collect();
                bad(format!("unknown fault '{key}'; known faults: {}", codes.join(", ")))
            })?;
            let rate = value.as_float().or_else(|| value.as_integer().map(|i| i as f64));
            match rate {
                Some(r) if (0.0..=1.0).contains(&r) => profile.rates.insert(fault, r),
                _ => return Err(bad(format!("{key}: the rate must be a number from 0 to 1"))),
            };
        }
        Ok(profile)
    }

    /// One of the [`UNLEADING`] ID faults, by their rates (alike when all are 0).
    fn unleading(&self, rng: &mut Rng) -> Fault {
        let rates = UNLEADING.map(|f| self.rate(f));
        let total: f64 = rates.iter().sum();
        if total <= 0.0 {
            return *rng.pick(&UNLEADING);
        }
        let mut x = rng.unit() * total;
        for (f, r) in UNLEADING.iter().zip(rates) {
            if x < r {
                return *f;
            }
            x -= r;
        }
        UNLEADING[UNLEADING.len() - 1]
    }

    /// The rate of one fault.
    pub fn rate(&self, f: Fault) -> f64 {
        self.rates.get(&f).copied().unwrap_or(0.0)
    }

    /// Draws the style, identity and ID faults of one row (at most one per group).
    pub fn draw(&self, rng: &mut Rng) -> Vec<Fault> {
        let mut out: Vec<Fault> = Vec::new();
        for &f in Fault::ALL {
            if matches!(f.group(), Group::Row | Group::Base | Group::Residence | Group::School | Group::Place)
            {
                continue;
            }
            let rate = self.rate(f);
            if rate > 0.0 && rng.chance(rate) && !out.iter().any(|g| g.group() == f.group()) {
                out.push(f);
            }
        }
        // Legacy-encoded text is repaired by recognising its syllables; a
        // misspelt name in a legacy encoding cannot be, so they do not mix.
        if out.iter().any(|f| matches!(f, Fault::NameLegacyTcvn3 | Fault::NameLegacyVni)) {
            out.retain(|&f| match f.group() {
                Group::Identity => !(f.code().starts_with("name") || f == Fault::TwoFields),
                Group::IdAndName => false,
                _ => true,
            });
        }
        // A name typo with an ID that does not lead to the person: the ID
        // fault is one that leaves nothing of the person's ID.
        let with_typo = out.contains(&Fault::IdAndNameTypo);
        if with_typo && !out.iter().any(|f| UNLEADING.contains(f)) {
            out.retain(|f| f.group() != Group::Id);
            out.push(self.unleading(rng));
        }
        // A row whose ID does not lead to the person keeps its identity and
        // ID form clean, so that the truth says unambiguously what can be
        // done, but for a placeholder date (it then takes the birth year and
        // sex) or the typo of `id_and_name_typo` (never both).
        if out.iter().any(|f| f.group() == Group::Id) {
            out.retain(|&f| {
                (f == Fault::DobPlaceholder && !with_typo)
                    || !matches!(f.group(), Group::Identity | Group::IdForm)
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_from_names_and_files() {
        assert_eq!(Profile::named("none").unwrap().rate(Fault::NameTypo), 0.0);
        assert!(
            Profile::named("hostile").unwrap().rate(Fault::NameTypo)
                > Profile::named("realistic").unwrap().rate(Fault::NameTypo)
        );
        let p = Profile::parse("profile = \"light\"\nname_typo = 0.5\n", Path::new("f.toml")).unwrap();
        assert_eq!(p.rate(Fault::NameTypo), 0.5);
        assert!(p.rate(Fault::OldCmnd) > 0.0);
        let e = Profile::parse("name_tpyo = 0.5\n", Path::new("f.toml")).unwrap_err().to_string();
        assert!(e.contains("f.toml") && e.contains("name_tpyo") && e.contains("name_typo"), "{e}");
        assert!(Profile::parse("name_typo = 2\n", Path::new("f.toml")).is_err());
    }

    #[test]
    fn the_readme_lists_every_fault_code() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        let start = readme.find("## Synthetic data").expect("the generator's section");
        let section = &readme[start..][..readme[start..].find("\n## ").unwrap_or(readme.len() - start)];
        let missing: Vec<&str> =
            Fault::ALL.iter().map(|f| f.code()).filter(|c| !section.contains(&format!("`{c}`"))).collect();
        assert!(missing.is_empty(), "fault codes not in the README's fault list: {missing:?}");
    }

    #[test]
    fn a_row_with_an_unusable_id_keeps_a_clean_identity() {
        let p = Profile::named("hostile").unwrap();
        let mut r = Rng::new(3);
        for _ in 0..10_000 {
            let f = p.draw(&mut r);
            if f.iter().any(|f| f.group() == Group::Id) {
                let clean = |f: &Fault| {
                    matches!(f.group(), Group::Id | Group::Style | Group::IdAndName)
                        || *f == Fault::DobPlaceholder
                };
                assert!(f.iter().all(clean), "{f:?}");
            }
            if f.contains(&Fault::IdAndNameTypo) {
                assert!(f.iter().any(|f| UNLEADING.contains(f)), "{f:?}");
                assert!(!f.contains(&Fault::DobPlaceholder), "{f:?}");
                assert!(!f.iter().any(|f| matches!(f, Fault::NameLegacyTcvn3 | Fault::NameLegacyVni)));
            }
            for g in [Group::Style, Group::Identity, Group::Id, Group::IdForm, Group::IdAndName] {
                assert!(f.iter().filter(|f| f.group() == g).count() <= 1);
            }
        }
    }

    #[test]
    fn a_name_typo_goes_with_an_id_that_leaves_nothing_of_the_persons() {
        let p = Profile::parse("id_and_name_typo = 1.0\nid_digit_typo = 1.0\n", Path::new("f.toml")).unwrap();
        let mut r = Rng::new(9);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..1_000 {
            let f = p.draw(&mut r);
            assert_eq!(f.len(), 2, "{f:?}");
            assert!(f.contains(&Fault::IdAndNameTypo));
            seen.extend(f.iter().copied().filter(|f| UNLEADING.contains(f)));
        }
        assert_eq!(seen.len(), UNLEADING.len(), "all alike when their rates are 0");
        // Otherwise by their rates: id_missing is the most common.
        let p = Profile::named("realistic").unwrap();
        let missing = (0..10_000).filter(|_| p.unleading(&mut r) == Fault::IdMissing).count();
        assert!((4_300..5_200).contains(&missing), "{missing}");
    }
}
