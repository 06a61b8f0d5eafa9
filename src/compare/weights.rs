//! Fellegi–Sunter `(m, u)` pairs and their built-in defaults.
//!
//! For each level, `m` is the probability of the level among true matches
//! and `u` among pairs of different persons; the level's weight is
//! `log2(m/u)`. The defaults are chosen from the domain facts (name + date
//! collisions, domain.md §2.5); estimation from the data itself
//! ([`super::model`]) replaces them where the data is large enough.

use super::fields::FieldLevel;
use super::{DobLevel, IdLevel, NameLevel, PlaceLevel, SexLevel};

/// An `(m, u)` pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mu {
    /// P(level | same person).
    pub m: f64,
    /// P(level | different persons).
    pub u: f64,
}

impl Mu {
    /// A level that says nothing (a missing value): weight 0.
    pub const NEUTRAL: Mu = Mu { m: 1.0, u: 1.0 };

    /// The match weight `log2(m/u)`.
    pub fn weight(self) -> f64 {
        (self.m / self.u).log2()
    }
}

/// Default `m` of an ID level (its `u` follows from the base, see [`super::model::Model::id`]).
pub fn id_m(level: IdLevel) -> f64 {
    match level {
        IdLevel::Exact => 0.95,
        IdLevel::OldId => 0.02,
        IdLevel::OneDigit => 0.01,
        IdLevel::Transposed => 0.005,
        IdLevel::TwoDigits => 0.003,
        IdLevel::OtherOwner => 0.01,
        IdLevel::Different => 0.002,
        IdLevel::Missing => 1.0,
    }
}

/// Default `(m, u)` of a name level.
pub fn name_mu(level: NameLevel) -> Mu {
    let (m, u) = match level {
        NameLevel::Exact => (0.86, 0.000_5),
        NameLevel::SpellingVariant => (0.005, 0.000_01),
        NameLevel::NoDiacritics => (0.05, 0.000_6),
        NameLevel::Diacritics => (0.01, 0.000_2),
        NameLevel::Order => (0.005, 0.000_01),
        NameLevel::MiddleName => (0.02, 0.000_5),
        NameLevel::Initials => (0.004, 0.000_01),
        NameLevel::MiddleDiffers => (0.002, 0.002),
        NameLevel::Partial => (0.005, 0.000_5),
        NameLevel::Typo => (0.02, 0.000_5),
        NameLevel::Similar => (0.01, 0.001),
        NameLevel::GivenClose => (0.002, 0.002),
        NameLevel::GivenDiffers => (0.002, 0.01),
        NameLevel::SurnameClose => (0.001, 0.000_5),
        NameLevel::SurnameDiffers => (0.001, 0.002),
        NameLevel::BothClose => (0.002, 0.000_2),
        NameLevel::EndsClose => (0.002, 0.000_5),
        NameLevel::PartClose => (0.000_5, 0.000_5),
        NameLevel::Different => (0.008, 0.985),
        NameLevel::Missing => return Mu::NEUTRAL,
    };
    Mu { m, u }
}

/// Default `(m, u)` of a date-of-birth level.
pub fn dob_mu(level: DobLevel) -> Mu {
    let (m, u) = match level {
        DobLevel::Exact => (0.92, 1.0 / 30_000.0),
        DobLevel::YearOnly => (0.03, 0.012),
        DobLevel::Swapped => (0.005, 1.0 / 30_000.0),
        DobLevel::Off => (0.01, 0.003),
        DobLevel::Different => (0.035, 0.985),
        DobLevel::Missing => return Mu::NEUTRAL,
    };
    Mu { m, u }
}

/// Default `(m, u)` of a sex level.
pub fn sex_mu(level: SexLevel) -> Mu {
    let (m, u) = match level {
        SexLevel::Same => (0.99, 0.5),
        SexLevel::Different => (0.01, 0.5),
        SexLevel::Unknown => return Mu::NEUTRAL,
    };
    Mu { m, u }
}

/// Default `(m, u)` of a place level (the communes' and provinces' `u`
/// are their shares of the population, see [`super::model::Model::place_weight`]).
pub fn place_mu(level: PlaceLevel) -> Mu {
    let (m, u) = match level {
        PlaceLevel::Commune => (0.8, 0.000_1),
        PlaceLevel::EarlierCommune => (0.07, 0.000_1),
        PlaceLevel::CommuneTypo => (0.01, 0.005),
        PlaceLevel::OtherCommune => (0.02, 0.02),
        PlaceLevel::BirthProvince => (0.02, 0.03),
        PlaceLevel::Different => (0.08, 0.9),
        PlaceLevel::Province => (0.9, 0.03),
        PlaceLevel::ProvinceOfBirth => (0.04, 0.03),
        PlaceLevel::OtherProvince => (0.06, 0.94),
        PlaceLevel::UnrecordedBornThere => (0.8, 0.03),
        PlaceLevel::UnrecordedBornElsewhere => (0.2, 0.97),
        PlaceLevel::Missing => return Mu::NEUTRAL,
    };
    Mu { m, u }
}

/// Default `(m, u)` of an extra field's level.
pub fn field_mu(level: FieldLevel) -> Mu {
    let (m, u) = match level {
        FieldLevel::Exact => (0.85, 0.05),
        FieldLevel::Close => (0.1, 0.02),
        FieldLevel::Different => (0.05, 0.93),
    };
    Mu { m, u }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_probabilities_and_agreement_weighs_for_a_match() {
        let sum = |ms: Vec<f64>| ms.iter().sum::<f64>();
        let ids = IdLevel::ALL.iter().filter(|&&l| l != IdLevel::Missing).map(|&l| id_m(l));
        assert!((sum(ids.collect()) - 1.0).abs() < 1e-9);
        let names = NameLevel::ALL.iter().filter(|&&l| l != NameLevel::Missing).map(|&l| name_mu(l).m);
        assert!((sum(names.collect()) - 1.0).abs() < 0.01);
        assert!(name_mu(NameLevel::Exact).weight() > 0.0 && name_mu(NameLevel::Different).weight() < 0.0);
        assert!(dob_mu(DobLevel::Exact).weight() > dob_mu(DobLevel::YearOnly).weight());
        assert_eq!(dob_mu(DobLevel::Missing).weight(), 0.0);
        assert_eq!(sex_mu(SexLevel::Unknown).weight(), 0.0);
        for g in 0..3 {
            let group = PlaceLevel::ALL.iter().filter(|&&l| l.group() == Some(g));
            let (m, u): (Vec<f64>, Vec<f64>) = group.map(|&l| (place_mu(l).m, place_mu(l).u)).unzip();
            assert!((sum(m) - 1.0).abs() < 1e-9 && sum(u) <= 1.0 + 1e-9, "group {g}");
        }
        assert!(
            place_mu(PlaceLevel::Commune).weight() > 0.0 && place_mu(PlaceLevel::Different).weight() < 0.0
        );
    }
}
