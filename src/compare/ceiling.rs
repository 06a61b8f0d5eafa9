//! The most a candidate could weigh before it is compared: what lets the
//! search leave out candidates that cannot matter.
//!
//! A row is decided by its best candidate and by those within the
//! ambiguity margin of it. A person whose key for a blocking rule differs
//! from the row's cannot have the levels that equal keys follow from (a
//! different `name.given + dob` key rules out the same name or the same
//! date), so its weight has a ceiling: the highest weight of the levels
//! left, term frequencies at their rarest. Once the best candidate is more
//! than the margin above the ceiling of everyone not yet compared, comparing
//! them changes nothing: not the best, not the runner-up within the margin,
//! not the candidates a row is `AMBIGUOUS` between.

use super::fields::FieldLevel;
use super::model::Model;
use super::{Comparison, DobLevel, IdLevel, NameLevel, SexLevel};
use crate::index::blocking::{Field, Rule, Transform};

/// Levels a candidate is known not to have.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unlike {
    /// Not the same name, nor the same letters without diacritics.
    pub name: bool,
    /// Not the same full date of birth.
    pub dob: bool,
    /// Not born in the same year (so not the same date, year-only or swapped either).
    pub year: bool,
    /// Not the same sex.
    pub sex: bool,
}

impl Unlike {
    /// What a person outside the row's block of `rule` does not share
    /// with the row: at least one part of the key differs, so one entry per
    /// part. A part whose difference rules nothing out (an ID prefix, an
    /// extra field) gives `Unlike::default()`. `names_keyed` is false when
    /// the row's name is also compared in another reading (legacy text)
    /// that its keys do not follow.
    pub fn of_rule(rule: &Rule, names_keyed: bool) -> Vec<Unlike> {
        let part = |field, transform| match (field, transform) {
            (Field::Dob, Transform::Year) => Unlike { year: true, ..Unlike::default() },
            (Field::Dob, _) => Unlike { dob: true, ..Unlike::default() },
            (Field::Sex, _) => Unlike { sex: true, ..Unlike::default() },
            // Equal names (or equal letters) have equal folded tokens, so
            // equal keys whatever the transform.
            (Field::Name | Field::Surname | Field::Given, _) => {
                Unlike { name: names_keyed, ..Unlike::default() }
            }
            (Field::Id | Field::Extra(_), _) => Unlike::default(),
        };
        rule.parts.iter().map(|p| part(p.field, p.transform)).collect()
    }
}

/// The highest weight each level can add (term frequencies at their
/// rarest), from one model.
#[derive(Debug, Clone, PartialEq)]
pub struct Ceilings {
    prior: f64,
    id: Vec<f64>,
    name: Vec<f64>,
    dob: Vec<f64>,
    sex: Vec<f64>,
    /// The extra fields together (each at its best level, or missing).
    fields: f64,
}

impl Ceilings {
    /// The ceilings of `model`'s levels.
    pub fn of(model: &Model) -> Ceilings {
        let neutral = Comparison {
            id: IdLevel::Missing,
            name: NameLevel::Missing,
            dob: DobLevel::Missing,
            sex: SexLevel::Unknown,
            fields: Default::default(),
            name_count: 0,
            dob_count: 0,
        };
        // A count of one is the rarest value; a count of 0 is the level's own `u`.
        let rarest = |weight: &dyn Fn(u32) -> f64| weight(0).max(weight(1));
        let name = NameLevel::ALL
            .iter()
            .map(|&name| rarest(&|name_count| model.name_weight(&Comparison { name, name_count, ..neutral })))
            .collect();
        let dob = DobLevel::ALL
            .iter()
            .map(|&dob| rarest(&|dob_count| model.dob_weight(&Comparison { dob, dob_count, ..neutral })))
            .collect();
        let fields = (0..model.field_count())
            .map(|i| FieldLevel::ALL.iter().map(|&l| model.field(i, l).weight()).fold(0.0, f64::max))
            .sum();
        Ceilings {
            prior: model.prior(),
            id: IdLevel::ALL.iter().map(|&l| model.id(l).weight()).collect(),
            name,
            dob,
            sex: SexLevel::ALL.iter().map(|&l| model.sex(l).weight()).collect(),
            fields,
        }
    }

    /// The highest weight a candidate with ID level `id` can have when it
    /// has none of the levels `unlike` rules out.
    pub fn weight(&self, id: IdLevel, unlike: Unlike) -> f64 {
        let best = |weights: &[f64], allowed: &dyn Fn(usize) -> bool| {
            weights
                .iter()
                .enumerate()
                .filter(|&(i, _)| allowed(i))
                .map(|(_, &w)| w)
                .fold(f64::NEG_INFINITY, f64::max)
        };
        let name = best(&self.name, &|i| {
            !unlike.name || !matches!(NameLevel::ALL[i], NameLevel::Exact | NameLevel::NoDiacritics)
        });
        let dob = best(&self.dob, &|i| {
            let level = DobLevel::ALL[i];
            let same_year = matches!(level, DobLevel::Exact | DobLevel::YearOnly | DobLevel::Swapped);
            !(unlike.dob && level == DobLevel::Exact || unlike.year && same_year)
        });
        let sex = best(&self.sex, &|i| !unlike.sex || SexLevel::ALL[i] != SexLevel::Same);
        self.prior + self.id[id.index()] + name + dob + sex + self.fields
    }

    /// The ceiling of a person outside the row's whole block of a rule
    /// (`parts`: [`Unlike::of_rule`]): one part differs at least, whichever.
    pub fn outside(&self, id: IdLevel, parts: &[Unlike]) -> f64 {
        parts.iter().map(|&u| self.weight(id, u)).fold(f64::NEG_INFINITY, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// Every comparison's weight is at most the ceiling of the levels it
    /// has, whatever the counts.
    #[test]
    fn no_comparison_weighs_more_than_its_ceiling() {
        let mut model = Model::new(1_000_000, 2, 0.9);
        model.set_folded_u(0.01);
        let ceilings = Ceilings::of(&model);
        let mut rng = Rng::new(7);
        let pick = |rng: &mut Rng, n: usize| rng.below(n as u64) as usize;
        for _ in 0..20_000 {
            let c = Comparison {
                id: IdLevel::ALL[pick(&mut rng, IdLevel::ALL.len())],
                name: NameLevel::ALL[pick(&mut rng, NameLevel::ALL.len())],
                dob: DobLevel::ALL[pick(&mut rng, DobLevel::ALL.len())],
                sex: SexLevel::ALL[pick(&mut rng, SexLevel::ALL.len())],
                fields: super::super::fields::FieldLevels {
                    exact: pick(&mut rng, 4) as u32,
                    close: 0,
                    differ: pick(&mut rng, 4) as u32 & !1,
                },
                name_count: [0, 1, 2, 1000][pick(&mut rng, 4)],
                dob_count: [0, 1, 3, 5000][pick(&mut rng, 4)],
            };
            let unlike = Unlike {
                name: !matches!(c.name, NameLevel::Exact | NameLevel::NoDiacritics),
                dob: c.dob != DobLevel::Exact,
                year: !matches!(c.dob, DobLevel::Exact | DobLevel::YearOnly | DobLevel::Swapped),
                sex: c.sex != SexLevel::Same,
            };
            // Everything the comparison does not have may be ruled out.
            let ceiling = ceilings.weight(c.id, unlike);
            assert!(model.log_odds(&c) <= ceiling + 1e-9, "{c:?}: {} > {ceiling}", model.log_odds(&c));
        }
    }

    #[test]
    fn ruling_levels_out_lowers_the_ceiling() {
        let ceilings = Ceilings::of(&Model::new(1_000_000, 0, 0.9));
        let open = ceilings.weight(IdLevel::Missing, Unlike::default());
        let no_name = ceilings.weight(IdLevel::Missing, Unlike { name: true, ..Unlike::default() });
        let no_date = ceilings.weight(IdLevel::Missing, Unlike { dob: true, ..Unlike::default() });
        let no_year = ceilings.weight(IdLevel::Missing, Unlike { year: true, ..Unlike::default() });
        assert!(
            no_name < open && no_date < open && no_year < no_date,
            "{open} {no_name} {no_date} {no_year}"
        );
        let rule = Rule::defaults().remove(0);
        assert_eq!(rule.text, "name.given + dob");
        let parts = Unlike::of_rule(&rule, true);
        assert_eq!(ceilings.outside(IdLevel::Missing, &parts), no_name.max(no_date));
        let unkeyed = Unlike::of_rule(&rule, false);
        assert_eq!(
            ceilings.outside(IdLevel::Missing, &unkeyed),
            open,
            "a name in another reading rules nothing out"
        );
        assert!(ceilings.weight(IdLevel::Different, Unlike::default()) < open);
    }
}
