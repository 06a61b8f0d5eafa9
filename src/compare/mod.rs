//! Stage 4: comparing an input row with one base person, field by field.
//!
//! Each field comparison gives an ordered *level* (splink's model: a
//! comparison is an ordered list of levels), not just a score, so that the
//! classification and the reasons a clerk reads both come from the levels,
//! and the [`model`] turns levels into Fellegi–Sunter match weights.

pub mod ceiling;
pub mod estimate;
pub mod fields;
mod kin;
mod metrics;
pub mod model;
mod names;
#[cfg(test)]
mod names_tests;
pub mod place;
pub mod search;
pub mod weights;

pub use names::{NameQuery, Spellable};

use crate::index::BaseIndex;
use crate::normalize::{DigitEdit, Dob, IdKey, Identity, Precision, Sex};

/// Defines a level enum with its fixed order (`ALL`), a dense index for
/// model tables, and a label for `model.json` and `explain`.
macro_rules! levels {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vdoc])* $variant,)* }

        impl $name {
            /// Every level, best first.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The level's position in [`Self::ALL`].
            pub fn index(self) -> usize {
                self as usize
            }

            /// The level's name in `model.json` and `explain`.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => stringify!($variant),)* }
            }
        }
    };
}

levels! {
    /// How the row's ID relates to a person's, best first.
    IdLevel {
        /// The person's ID.
        Exact,
        /// The person's old ID (9-digit CMND) kept by the base.
        OldId,
        /// One digit different.
        OneDigit,
        /// Two adjacent digits swapped.
        Transposed,
        /// Two keying errors: two digits different, or a digit added or
        /// dropped with at most one more error (found by the other fields'
        /// blocks, not by the ID).
        TwoDigits,
        /// Another base person's ID (that person is scored on their own).
        OtherOwner,
        /// A number nobody in the base has, not one keying error away.
        Different,
        /// The row has no usable ID (missing, damaged, not an ID).
        Missing,
    }
}

levels! {
    /// How two names compare, best first.
    NameLevel {
        /// Same canonical form (both tone styles are one form).
        Exact,
        /// Same but for a toned `y`/`i` spelling (Lý/Lí, Kỳ/Kì, Quý/Quí).
        SpellingVariant,
        /// Same letters; one side has no diacritics at all (bank style).
        NoDiacritics,
        /// Same letters, different diacritics on both sides (Dương vs Đường).
        Diacritics,
        /// Same tokens in another order (given name first).
        Order,
        /// Same surname and given name; the middle name missing or added on one side.
        MiddleName,
        /// Same first and last words; the middle names agree but one side
        /// gives initials (Diana P Kofron, Diana Patricia Kofron).
        Initials,
        /// Same surname and given name, but other middle names on both sides
        /// (Nguyễn Văn Hùng, Nguyễn Mạnh Hùng: usually two persons).
        MiddleDiffers,
        /// One name is a part of the other (only the given name, no given name).
        Partial,
        /// One keying error in the spelling (a letter dropped, added,
        /// replaced, or two swapped).
        Typo,
        /// Close spelling (two errors, or Jaro–Winkler at least 0.94).
        Similar,
        /// The first word (the surname) and the middle names agree (initials
        /// allowed), the last word (the given name) is spelt alike: a typo
        /// or an OCR'd letter in it, a short form.
        GivenClose,
        /// The first word (the surname) and the middle names agree, the last
        /// word (the given name) is another word: a nickname, a placeholder
        /// — or a sibling.
        GivenDiffers,
        /// The last word and the middle names agree, the first word is spelt alike.
        SurnameClose,
        /// The last word (the given name) and the middle names agree, the
        /// first word (the surname) is another word: a placeholder or a
        /// changed surname.
        SurnameDiffers,
        /// Neither the first nor the last word is the same, but each is spelt
        /// alike (a typo, an OCR'd letter, a short form: `Kenneth W
        /// Oavenport`, `Ken Weldon Davenport`; none of the four a lone
        /// letter) and both names have middle names that agree up to initials.
        BothClose,
        /// One end the same, the other one keying error off, the middle
        /// names other words, one side's given as initials (`Christian A
        /// Hester`, `Christian Man Heater`; `Ashley R Jacobqon`, `Ashley
        /// Erica Jacobson`).
        EndsClose,
        /// One name lacks an end (its column blank or a placeholder); the
        /// end both have is spelt alike (a typo, an OCR'd letter, a short
        /// form) and both have middle names that agree up to initials
        /// (`Sue S` with no surname, `Susan Shirley Dahl`).
        PartClose,
        /// Different names.
        Different,
        /// One side has no name.
        Missing,
    }
}

levels! {
    /// How two dates of birth compare, best first.
    DobLevel {
        /// Equal dates.
        Exact,
        /// One side knows only the year (or month) — a year-only date or a
        /// placeholder such as `01/01/YYYY` — and what both know agrees.
        YearOnly,
        /// Day and month swapped.
        Swapped,
        /// Off by one digit, or by one year with the same day and month (or
        /// when the year is all one side knows).
        Off,
        /// Different dates.
        Different,
        /// One side has no date.
        Missing,
    }
}

levels! {
    /// How two sexes compare.
    SexLevel {
        /// Same.
        Same,
        /// Different.
        Different,
        /// One side unknown.
        Unknown,
    }
}

levels! {
    /// How the row's place (a commune, a province) compares with where the
    /// base says the person lives, lived and was registered at birth, best
    /// first within each of three groups ([`PlaceLevel::group`]): a row with
    /// a commune, a row with a province only, a person without a history.
    PlaceLevel {
        /// The commune of the person's latest period of residence.
        Commune,
        /// A commune the person lived in before (a stale address), or was born in.
        EarlierCommune,
        /// The row's commune code is one keying error (a digit, two swapped)
        /// from a commune the person lived in.
        CommuneTypo,
        /// A commune the person never lived in, of a province they lived in.
        OtherCommune,
        /// No place the person lived in, but the province their birth was
        /// registered in (the CCCD's first digits).
        BirthProvince,
        /// Neither a place the person lived in nor their birth province.
        Different,
        /// The row gives a province, no commune: one the person lived in
        /// (through the 2025 merger).
        Province,
        /// The row gives a province only: not one the person lived in, but
        /// the one their birth was registered in.
        ProvinceOfBirth,
        /// The row gives a province only: neither one the person lived in
        /// nor their birth province.
        OtherProvince,
        /// The base has no history of the person, whose birth was registered
        /// in the row's province: all the base says of where they live.
        UnrecordedBornThere,
        /// The base has no history of the person, whose birth was registered
        /// in another province.
        UnrecordedBornElsewhere,
        /// The row has no place, or the base neither a history of the person
        /// nor where their birth was registered.
        Missing,
    }
}

impl PlaceLevel {
    /// The group of levels this one is weighed within (`None`: `Missing`):
    /// 0 a row with a commune, 1 a row with a province only, 2 a person the
    /// base has no history of. `m` and `u` are shares within the group: how
    /// a row gives its place, and whether the base kept someone's history,
    /// say nothing of whether the row is theirs.
    pub fn group(self) -> Option<usize> {
        use PlaceLevel::*;
        match self {
            Commune | EarlierCommune | CommuneTypo | OtherCommune | BirthProvince | Different => Some(0),
            Province | ProvinceOfBirth | OtherProvince => Some(1),
            UnrecordedBornThere | UnrecordedBornElsewhere => Some(2),
            Missing => None,
        }
    }
}

impl NameLevel {
    /// One end of the name differs, the rest agrees.
    pub fn one_end(self) -> bool {
        matches!(
            self,
            NameLevel::GivenClose
                | NameLevel::GivenDiffers
                | NameLevel::SurnameClose
                | NameLevel::SurnameDiffers
        )
    }

    /// The names agree (as far as a clerk need not act): same canonical
    /// form, a y/i spelling, or one side without diacritics. The one
    /// definition used by the statuses, the model's term frequencies and the search.
    pub fn agrees(self) -> bool {
        matches!(self, NameLevel::Exact | NameLevel::SpellingVariant | NameLevel::NoDiacritics)
    }
}

/// The field levels of one input/person pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    /// ID level.
    pub id: IdLevel,
    /// Name level.
    pub name: NameLevel,
    /// Date of birth level.
    pub dob: DobLevel,
    /// Sex level.
    pub sex: SexLevel,
    /// Extra fields from the configuration.
    pub fields: fields::FieldLevels,
    /// Place level.
    pub place: PlaceLevel,
    /// How many base persons lived in what the place level agrees on (the
    /// commune, the province); 0 for other levels.
    pub place_count: u32,
    /// How many base persons share what the name level agrees on: the
    /// canonical name, the folded one for a name without diacritics or
    /// with initials, the first word when only the last differs, the last
    /// word when only the first differs; 0 for other levels. Agreement on
    /// `NGUYỄN VĂN HÙNG` weighs less than on a rare name.
    pub name_count: u32,
    /// How many base persons share the base person's full date of birth (0:
    /// not a full date). Agreement on a common date (01/01) weighs less.
    pub dob_count: u32,
    /// For the same name, or the same up to initials: the product of each
    /// of the row's words' share of the base (folded; a middle word's
    /// initial's share for initials), how rare the name would be if its
    /// words were drawn apart — what says more than the base's size when
    /// the base holds the name once. 1 otherwise.
    pub name_rarity: f64,
    /// The name is [`NameLevel::GivenDiffers`] with no date of birth to
    /// weigh, and the middle name and the names' sex say the other given
    /// name is the person's own, not a family member's ([`kin::not_kin`]).
    pub not_kin: bool,
}

impl Comparison {
    /// Every field agrees as far as both sides know: the pair is a `MATCH`
    /// when linked by its ID, not a `MATCH_WITH_DIFFS`.
    pub fn all_agree(&self) -> bool {
        self.name.agrees()
            && matches!(self.dob, DobLevel::Exact | DobLevel::Missing)
            && self.sex != SexLevel::Different
            && self.fields.differ == 0
            && self.fields.close == 0
    }
}

/// Compares an input identity with base person `p`.
pub fn compare(input: &Identity, base: &BaseIndex, p: usize) -> Comparison {
    compare_at(&Row::new(input, base), base, p)
}

/// An input row prepared for comparison with many base persons: its ID
/// looked up and its name split and looked up once, for all its candidates.
#[derive(Debug)]
pub struct Row<'a> {
    /// The row.
    pub input: &'a Identity,
    /// Its ID as the base knows it.
    pub id: RowId,
    /// Its name, prepared.
    pub name: NameQuery,
    /// How rare the row's name is by its words (see [`Comparison::name_rarity`]):
    /// for the same name, and for the same name up to initials.
    pub rarity: [f64; 2],
    /// Its place, prepared.
    pub place: place::PlaceQuery,
}

impl<'a> Row<'a> {
    /// Prepares `input` for comparison with the persons of `base`.
    pub fn new(input: &'a Identity, base: &BaseIndex) -> Row<'a> {
        let rarity = name_rarity(&input.name.folded, base);
        Row {
            input,
            id: RowId::of(input.id.key(), base),
            name: NameQuery::new(&input.name, base.vocab()),
            rarity,
            place: place::PlaceQuery::new(input.place),
        }
    }
}

/// The product of the shares of the base's words that fold like each word
/// of `folded` (for the same name), and the same with each middle word
/// counted as its initial's share (for the same name up to initials: the
/// initial's letter is the same on either side). Both depend on the row
/// alone, so every candidate at the level shares them.
fn name_rarity(folded: &str, base: &BaseIndex) -> [f64; 2] {
    let (vocab, n) = (base.vocab(), base.len().max(1) as f64);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let (mut exact, mut initials) = (1.0f64, 1.0f64);
    for (i, w) in words.iter().enumerate() {
        let share = f64::from(vocab.folded_count(w).max(1)) / n;
        exact *= share;
        let middle = i > 0 && i + 1 < words.len();
        initials *= if middle { vocab.initial_share(w) } else { share };
    }
    [exact.min(1.0), initials.min(1.0)]
}

/// The row's ID as the base knows it, looked up once for all its candidates.
#[derive(Debug, Clone, Default)]
pub struct RowId {
    key: Option<IdKey>,
    /// Persons whose old ID (CMND) the row's ID is.
    old_owners: Vec<usize>,
    /// Somebody in the base has the row's ID as their ID or old ID.
    in_base: bool,
}

impl RowId {
    /// Looks the row's ID key up in the base.
    pub fn of(key: Option<IdKey>, base: &BaseIndex) -> RowId {
        let Some(k) = key else { return RowId::default() };
        let old_owners: Vec<usize> = base.find_old(k).collect();
        let in_base = !old_owners.is_empty() || !base.find(k).is_empty();
        RowId { key, old_owners, in_base }
    }

    /// The ID level of a person whose ID is neither the row's, nor one or
    /// two keying errors away from it, and whose old ID is not the row's.
    pub fn stranger(&self) -> IdLevel {
        match (self.key, self.in_base) {
            (None, _) => IdLevel::Missing,
            (Some(_), true) => IdLevel::OtherOwner,
            (Some(_), false) => IdLevel::Different,
        }
    }

    /// The persons whose old ID the row's ID is.
    pub fn old_owners(&self) -> &[usize] {
        &self.old_owners
    }
}

/// [`compare`] with the row already prepared.
pub fn compare_at(row: &Row, base: &BaseIndex, p: usize) -> Comparison {
    let input = row.input;
    let name = row.name.compare(base.name_tokens(p), base.name_blank(p), base.vocab());
    let (dob, sex) = (compare_dobs(input.dob(), base.dob(p)), compare_sex(input.sex, base.sex(p)));
    let (place, place_count) = place::compare_place(base, &row.place, p);
    Comparison {
        id: compare_ids(&row.id, base, p),
        name,
        dob,
        sex,
        not_kin: kin::not_kin(row, base, p, name, dob, sex),
        fields: fields::compare_fields(base.field_methods(), &input.fields, base.fields(p)),
        place,
        place_count,
        name_count: name_count(base, p, name),
        dob_count: base.dob_count(p),
        name_rarity: match name {
            NameLevel::Exact => row.rarity[0],
            NameLevel::Initials => row.rarity[1],
            _ => 1.0,
        },
    }
}

/// How the row's ID key relates to person `p`'s ID (and old ID).
fn compare_ids(row: &RowId, base: &BaseIndex, p: usize) -> IdLevel {
    let Some(key) = row.key else { return IdLevel::Missing };
    let own = base.id(p);
    if own == key {
        return IdLevel::Exact;
    }
    if row.old_owners.contains(&p) {
        return IdLevel::OldId;
    }
    match key.digit_edit(own) {
        Some(DigitEdit::Substitution) => IdLevel::OneDigit,
        Some(DigitEdit::Transposition) => IdLevel::Transposed,
        Some(DigitEdit::TwoDigits) => IdLevel::TwoDigits,
        None => row.stranger(),
    }
}

/// How many base persons share what `level` agrees on in person `p`'s
/// name: the same canonical name, the same folded name (no diacritics, or
/// initials for middle names), or the one word that agrees when the other
/// end of the name differs (Splink's term frequencies). 0 for other levels.
fn name_count(base: &BaseIndex, p: usize, level: NameLevel) -> u32 {
    // Most candidates' names do not agree: their counts are not even read.
    let word = |t: Option<&u32>| t.map_or(0, |&t| base.vocab().count(t));
    match level {
        NameLevel::Exact | NameLevel::SpellingVariant => base.name_counts(p).0,
        NameLevel::NoDiacritics | NameLevel::Initials => base.name_counts(p).1,
        NameLevel::GivenClose | NameLevel::GivenDiffers => word(base.name_tokens(p).first()),
        NameLevel::SurnameClose | NameLevel::SurnameDiffers => word(base.name_tokens(p).last()),
        _ => 0,
    }
}

/// Compares two dates of birth. A placeholder (`01/01/YYYY`, the form a
/// register gives a person whose day and month are unknown) counts as a
/// year-only date unless both sides carry the same date.
pub fn compare_dobs(a: Option<Dob>, b: Option<Dob>) -> DobLevel {
    let (Some(a), Some(b)) = (a, b) else {
        return DobLevel::Missing;
    };
    if a == b && a.precision() == Precision::Day {
        return DobLevel::Exact;
    }
    let known = |d: Dob| if d.is_placeholder() { Precision::Year } else { d.precision() };
    let coarse = known(a).min(known(b));
    if a.year() == b.year() {
        let agree = match coarse {
            Precision::Year => true,
            Precision::Month => a.month() == b.month(),
            Precision::Day => false,
        };
        if agree {
            return DobLevel::YearOnly;
        }
        if coarse == Precision::Day && a.day() == b.month() && a.month() == b.day() {
            return DobLevel::Swapped;
        }
    }
    if coarse == Precision::Day {
        let same_day = a.month() == b.month() && a.day() == b.day();
        let (mut x, mut y, mut differ) = (a.0, b.0, 0);
        for _ in 0..8 {
            differ += usize::from(x % 10 != y % 10);
            (x, y) = (x / 10, y / 10);
        }
        let one_digit = differ == 1;
        if one_digit || same_day && a.year().abs_diff(b.year()) == 1 {
            return DobLevel::Off;
        }
    } else if a.year().abs_diff(b.year()) == 1 {
        // What both know is the year, and it is one off.
        return DobLevel::Off;
    }
    DobLevel::Different
}

/// Compares two sexes.
pub fn compare_sex(a: Option<Sex>, b: Option<Sex>) -> SexLevel {
    match (a, b) {
        (Some(a), Some(b)) if a == b => SexLevel::Same,
        (Some(_), Some(_)) => SexLevel::Different,
        _ => SexLevel::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dob_levels() {
        let d = |y, m, day| Some(Dob::new(y, m, day));
        assert_eq!(compare_dobs(d(1990, 3, 5), d(1990, 3, 5)), DobLevel::Exact);
        assert_eq!(compare_dobs(d(1990, 0, 0), d(1990, 3, 5)), DobLevel::YearOnly);
        assert_eq!(compare_dobs(d(1990, 3, 0), d(1990, 4, 5)), DobLevel::Different);
        assert_eq!(compare_dobs(d(1990, 3, 5), d(1990, 5, 3)), DobLevel::Swapped);
        assert_eq!(compare_dobs(d(1990, 3, 5), d(1991, 3, 5)), DobLevel::Off);
        assert_eq!(compare_dobs(d(1990, 3, 5), d(1990, 3, 8)), DobLevel::Off);
        assert_eq!(compare_dobs(d(1990, 3, 5), d(1992, 7, 5)), DobLevel::Different);
        assert_eq!(compare_dobs(d(1931, 1, 1), d(1931, 0, 0)), DobLevel::YearOnly, "placeholder, year-only");
        assert_eq!(compare_dobs(d(1931, 1, 1), d(1931, 6, 9)), DobLevel::YearOnly, "placeholder, full");
        assert_eq!(compare_dobs(d(1931, 1, 1), d(1931, 1, 1)), DobLevel::Exact);
        assert_eq!(compare_dobs(d(1931, 1, 1), d(1932, 0, 0)), DobLevel::Off, "years one apart");
        assert_eq!(compare_dobs(d(1931, 1, 1), d(1933, 5, 5)), DobLevel::Different);
        assert_eq!(compare_dobs(None, d(1991, 3, 5)), DobLevel::Missing);
    }

    #[test]
    fn sex_levels() {
        assert_eq!(compare_sex(Some(Sex::Male), Some(Sex::Male)), SexLevel::Same);
        assert_eq!(compare_sex(Some(Sex::Male), Some(Sex::Female)), SexLevel::Different);
        assert_eq!(compare_sex(None, Some(Sex::Female)), SexLevel::Unknown);
    }
}
