//! Fellegi–Sunter match weights for comparison levels.
//!
//! For each level, `m` is the probability of the level among true matches
//! and `u` among random pairs; the level's weight is `log2(m/u)`. These are
//! built-in defaults, chosen from the domain facts (name + date collisions,
//! domain.md §2.5); estimation from the data itself replaces them where the
//! input is large enough.

use super::fields::FieldLevels;
use super::model::Model;
use super::{Comparison, DobLevel, NameLevel, SexLevel};

/// An `(m, u)` pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mu {
    /// P(level | same person).
    pub m: f64,
    /// P(level | different persons).
    pub u: f64,
}

impl Mu {
    /// The match weight `log2(m/u)`.
    pub fn weight(self) -> f64 {
        (self.m / self.u).log2()
    }
}

/// Default `(m, u)` of a name level.
pub fn name_mu(level: NameLevel) -> Mu {
    let (m, u) = match level {
        NameLevel::Exact => (0.86, 0.000_5),
        NameLevel::SpellingVariant => (0.005, 0.000_01),
        NameLevel::NoDiacritics => (0.06, 0.000_6),
        NameLevel::Diacritics => (0.01, 0.000_2),
        NameLevel::Order => (0.005, 0.000_01),
        NameLevel::MiddleName => (0.02, 0.002),
        NameLevel::Typo => (0.03, 0.001),
        NameLevel::Different => (0.01, 0.995),
        NameLevel::Missing => (1.0, 1.0),
    };
    Mu { m, u }
}

/// The name level's weight, with the term frequency of the person's name
/// when the names agree (else the level's default).
pub fn name_weight(c: &Comparison, model: &Model) -> f64 {
    let mu = model.name(c.name);
    let agrees = matches!(c.name, NameLevel::Exact | NameLevel::SpellingVariant | NameLevel::NoDiacritics);
    if agrees && c.name_u > 0.0 {
        // A bank-style name agrees with every name that folds the same way: a little more common.
        let u = f64::from(c.name_u) * if c.name == NameLevel::NoDiacritics { 2.0 } else { 1.0 };
        Mu { m: mu.m, u: u.min(mu.m) }.weight()
    } else {
        mu.weight()
    }
}

/// Default `(m, u)` of a date-of-birth level.
pub fn dob_mu(level: DobLevel) -> Mu {
    let (m, u) = match level {
        DobLevel::Exact => (0.93, 1.0 / 30_000.0),
        DobLevel::YearOnly => (0.03, 0.012),
        DobLevel::Swapped => (0.005, 1.0 / 30_000.0),
        DobLevel::Different => (0.035, 0.988),
        DobLevel::Missing => (1.0, 1.0),
    };
    Mu { m, u }
}

/// Default `(m, u)` of a sex level.
pub fn sex_mu(level: SexLevel) -> Mu {
    let (m, u) = match level {
        SexLevel::Same => (0.99, 0.5),
        SexLevel::Different => (0.01, 0.5),
        SexLevel::Unknown => (1.0, 1.0),
    };
    Mu { m, u }
}

/// The weight of the extra compared fields: each agreement `log2(0.9/0.1)`,
/// each disagreement the opposite.
pub fn fields_weight(f: FieldLevels) -> f64 {
    let bits = (0.9f64 / 0.1).log2();
    bits * (f64::from(f.agree.count_ones()) - f64::from(f.disagree.count_ones()))
}

/// `(m, u)` of an exact ID agreement in a base of `base_len` persons:
/// IDs are right most of the time, and a random pair shares one with
/// probability `1/base_len`.
pub fn id_mu(base_len: usize) -> Mu {
    Mu { m: 0.95, u: 1.0 / base_len.max(1) as f64 }
}

/// The match probability of a pair found by its exact ID, from the prior
/// `1/base_len` and the sum of the level weights.
pub fn exact_id_probability(c: &Comparison, base_len: usize, model: &Model) -> f64 {
    let prior = 1.0 / base_len.max(2) as f64;
    let log_odds = (prior / (1.0 - prior)).log2()
        + id_mu(base_len).weight()
        + name_weight(c, model)
        + model.dob(c.dob).weight()
        + model.sex(c.sex).weight()
        + fields_weight(c.fields);
    1.0 / (1.0 + (-log_odds).exp2())
}

/// The match probability of a candidate found without its ID (by blocks,
/// or by an ID one digit away when `id_neighbour`).
pub fn candidate_probability(c: &Comparison, base_len: usize, id_neighbour: bool, model: &Model) -> f64 {
    let prior = 1.0 / base_len.max(2) as f64;
    // ~120 numbers lie one edit away; a typo is a few percent of true IDs.
    let id = if id_neighbour { Mu { m: 0.03, u: 120.0 / base_len.max(120) as f64 }.weight() } else { 0.0 };
    let log_odds = (prior / (1.0 - prior)).log2()
        + id
        + name_weight(c, model)
        + model.dob(c.dob).weight()
        + model.sex(c.sex).weight()
        + fields_weight(c.fields);
    1.0 / (1.0 + (-log_odds).exp2())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(name: NameLevel, dob: DobLevel) -> Comparison {
        Comparison { name, dob, sex: SexLevel::Unknown, fields: Default::default(), name_u: 0.0 }
    }

    #[test]
    fn agreement_raises_and_disagreement_lowers_the_probability() {
        let full = exact_id_probability(&c(NameLevel::Exact, DobLevel::Exact), 1_000_000, &Model::default());
        let typo = exact_id_probability(&c(NameLevel::Typo, DobLevel::Exact), 1_000_000, &Model::default());
        let conflict =
            exact_id_probability(&c(NameLevel::Different, DobLevel::Different), 1_000_000, &Model::default());
        assert!(full > 0.999, "{full}");
        assert!(typo < full && typo > 0.9, "{typo}");
        assert!(conflict < 0.01, "{conflict}");
    }

    #[test]
    fn a_common_name_weighs_less_than_a_rare_one() {
        let mut common = c(NameLevel::Exact, DobLevel::Exact);
        common.name_u = 1e-3;
        let mut rare = common;
        rare.name_u = 1e-7;
        let m = Model::default();
        assert!(name_weight(&rare, &m) > name_weight(&common, &m) + 10.0);
        assert!(
            candidate_probability(&rare, 1_000_000, false, &m)
                > candidate_probability(&common, 1_000_000, false, &m)
        );
    }

    #[test]
    fn missing_fields_are_neutral() {
        assert_eq!(name_mu(NameLevel::Missing).weight(), 0.0);
        assert_eq!(dob_mu(DobLevel::Missing).weight(), 0.0);
        assert_eq!(sex_mu(SexLevel::Unknown).weight(), 0.0);
    }
}
