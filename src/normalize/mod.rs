//! Stage 2: normalisation of names, ID numbers, dates and sex.
//!
//! The same normalisers serve the base and the input, so both sides of every
//! comparison are in the same form. Each returns the normalised value and
//! what it noticed; the reasons a clerk reads are decided later, in
//! `classify`, from these notes.

pub mod date;
pub mod day;
pub mod ethnicity;
pub mod field;
pub mod gender;
pub mod id;
pub mod legacy;
pub mod letters;
pub mod name;
pub mod phonetic;
pub mod place;
pub mod placeholder;
pub mod province;
pub mod register;
pub mod syllable;
pub mod text;
pub mod tick;

pub use date::{parse_date, parse_dob, DateError, DateNotes, DateOrder, Dob, Precision};
pub use gender::{parse_sex, GenderMap, Sex};
pub use id::{cccd_structure, normalize_id, DigitEdit, IdKey, IdKind, IdScheme, NormId, Structure};
pub use name::{normalize_name, BlankEnds, NameOrder, NormName};
pub use placeholder::Placeholders;

/// How one file's values are read (from the config).
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// ID scheme.
    pub id_scheme: IdScheme,
    /// Order of ambiguous dates.
    pub date_order: DateOrder,
    /// Order of a name's words.
    pub name_order: NameOrder,
    /// Extra sex values.
    pub gender: GenderMap,
    /// How each extra compared field is compared.
    pub fields: Vec<field::Method>,
    /// Values that stand for an unknown name or ID.
    pub placeholders: Placeholders,
}

/// The identity fields of one row, normalised.
#[derive(Debug, Clone)]
pub struct Identity {
    /// The ID number.
    pub id: NormId,
    /// The name.
    pub name: NormName,
    /// The date of birth, or why there is none.
    pub dob: Result<(Dob, DateNotes), DateError>,
    /// The sex, when known.
    pub sex: Option<Sex>,
    /// Extra compared fields, prepared for comparison (`[[compare]]` order).
    pub fields: Vec<String>,
    /// The record's own date, when mapped and readable.
    pub record_date: Option<Dob>,
    /// Where the row places the person (a commune, a province; both 0:
    /// none, or unreadable), compared with where the base says they live.
    pub place: place::Place,
}

impl Identity {
    /// The date of birth when one was parsed.
    pub fn dob(&self) -> Option<Dob> {
        self.dob.as_ref().ok().map(|(d, _)| *d)
    }
}
