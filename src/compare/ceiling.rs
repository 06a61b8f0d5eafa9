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
use super::names::Spellable;
use super::{Comparison, DobLevel, IdLevel, NameLevel, PlaceLevel, SexLevel};
use crate::index::blocking::{Field, Rule, Transform};

/// Levels a candidate is known not to have.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unlike {
    /// Not the same name, nor the same letters without diacritics.
    pub name: bool,
    /// Not a y/i spelling of the row's name.
    pub spelling: bool,
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
    /// that its keys do not follow; `spellable`: the row's syllables that
    /// may differ in a y/i spelling of its name.
    pub fn of_rule(rule: &Rule, names_keyed: bool, spellable: Spellable) -> Vec<Unlike> {
        let part = |field, transform| match (field, transform) {
            (Field::Dob, Transform::Year) => Unlike { year: true, ..Unlike::default() },
            (Field::Dob, _) => Unlike { dob: true, ..Unlike::default() },
            (Field::Sex, _) => Unlike { sex: true, ..Unlike::default() },
            // Equal names (or equal letters) have equal folded tokens, so
            // equal keys whatever the transform; a y/i spelling differs only
            // in a syllable that may (and not at all in phonetic keys).
            (Field::Name | Field::Surname | Field::Given | Field::Middle, transform) => {
                let may_differ = match field {
                    Field::Surname => spellable.first,
                    Field::Given => spellable.last,
                    _ => spellable.any,
                };
                let spelling = transform == Transform::Phonetic || !may_differ;
                Unlike { name: names_keyed, spelling: names_keyed && spelling, ..Unlike::default() }
            }
            (Field::Id | Field::Extra(_), _) => Unlike::default(),
        };
        rule.parts.iter().map(|p| part(p.field, p.transform)).collect()
    }
}

/// What the row itself rules out, whoever the candidate: a row without a
/// date has no candidate with an equal date, and every candidate with an
/// equal date shares the row's date, so its term frequency.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowLimits {
    /// The row has a name (or another reading of one).
    pub name: bool,
    /// The row's name may have a y/i spelling in the base (see
    /// [`super::NameQuery::spellable`]).
    pub spelling_variant: bool,
    /// The weight of the same name, once a candidate with it was compared
    /// (all share the row's name, so its term frequency).
    pub equal_name: Option<f64>,
    /// The weight of the same letters without diacritics, likewise.
    pub folded_name: Option<f64>,
    /// The most the same name, and the same name up to initials, can
    /// weigh (its words' rarity is the row's own).
    pub rare_name: [f64; 2],
    /// The row has a date of birth.
    pub dob: bool,
    /// The row's date is a full date (else day and month cannot be swapped).
    pub full_dob: bool,
    /// The weight of an equal date; `None` when no candidate can have one
    /// (not a full date, or nobody in the base was born on it).
    pub equal_dob: Option<f64>,
    /// The row has a sex.
    pub sex: bool,
    /// The most the row's place can weigh ([`Ceilings::place`]; 0 for a row without one).
    pub place: f64,
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
        let neutral = NEUTRAL;
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

    /// The highest weight a candidate of the row (`row`) with ID level
    /// `id` can have when it has none of the levels `unlike` rules out.
    pub fn weight(&self, id: IdLevel, unlike: Unlike, row: &RowLimits) -> f64 {
        let best = |weights: &[f64], allowed: &dyn Fn(usize) -> bool| {
            weights
                .iter()
                .enumerate()
                .filter(|&(i, _)| allowed(i))
                .map(|(_, &w)| w)
                .fold(f64::NEG_INFINITY, f64::max)
        };
        let name = self.name(unlike, row);
        let dob = best(&self.dob, &|i| match DobLevel::ALL[i] {
            DobLevel::Missing => true,
            _ if !row.dob => false,
            DobLevel::Exact => false, // below, with the row's own date
            DobLevel::YearOnly => !unlike.year,
            DobLevel::Swapped => !unlike.year && row.full_dob,
            DobLevel::Off | DobLevel::Different => true,
        });
        let equal = match row.equal_dob {
            Some(w) if row.dob && !unlike.dob && !unlike.year => w,
            _ => f64::NEG_INFINITY,
        };
        let sex = best(&self.sex, &|i| match SexLevel::ALL[i] {
            SexLevel::Unknown => true,
            _ if !row.sex => false,
            SexLevel::Same => !unlike.sex,
            SexLevel::Different => true,
        });
        self.prior + self.id[id.index()] + name + dob.max(equal) + sex + self.fields + row.place
    }

    /// The highest name weight of a candidate of the row without the
    /// levels `unlike` rules out.
    pub fn name(&self, unlike: Unlike, row: &RowLimits) -> f64 {
        NameLevel::ALL
            .iter()
            .zip(&self.name)
            .filter_map(|(&level, &w)| match level {
                NameLevel::Missing => Some(w),
                _ if !row.name => None,
                NameLevel::Exact => (!unlike.name).then(|| row.equal_name.unwrap_or(row.rare_name[0].min(w))),
                NameLevel::Initials => Some(row.rare_name[1].min(w)),
                NameLevel::NoDiacritics => (!unlike.name).then(|| row.folded_name.unwrap_or(w)),
                NameLevel::SpellingVariant => (row.spelling_variant && !unlike.spelling).then_some(w),
                _ => Some(w),
            })
            .fold(f64::NEG_INFINITY, f64::max)
    }

    /// The highest weight of a candidate whose date and sex levels are
    /// known and whose name weighs `name` at the most.
    pub fn known(&self, id: IdLevel, name: f64, dob: DobLevel, sex: SexLevel, row: &RowLimits) -> f64 {
        // An equal date is the row's date, with its term frequency.
        let dob = match dob {
            DobLevel::Exact => row.equal_dob.unwrap_or(self.dob[dob.index()]),
            _ => self.dob[dob.index()],
        };
        self.prior + self.id[id.index()] + name + dob + self.sex[sex.index()] + self.fields + row.place
    }

    /// The ceiling of a person outside the row's whole block of a rule
    /// (`parts`: [`Unlike::of_rule`]): one part differs at least, whichever.
    pub fn outside(&self, id: IdLevel, parts: &[Unlike], row: &RowLimits) -> f64 {
        parts.iter().map(|&u| self.weight(id, u, row)).fold(f64::NEG_INFINITY, f64::max)
    }

    /// The most the same name (`level` Exact) or the same up to initials
    /// can weigh for a row whose words are as rare as `rarity`.
    pub fn rare_name(model: &Model, level: NameLevel, rarity: f64) -> f64 {
        let weight = |name_count| {
            model.name_weight(&Comparison { name: level, name_count, name_rarity: rarity, ..NEUTRAL })
        };
        weight(0).max(weight(1))
    }

    /// The most a place can weigh for a row whose commune `count.0`
    /// persons lived in, and its province `count.1` persons (0: the row has
    /// none): every level, each with the row's own counts.
    pub fn place(model: &Model, counts: (u32, u32)) -> f64 {
        PlaceLevel::ALL
            .iter()
            .map(|&place| {
                let place_count = match place {
                    PlaceLevel::Commune | PlaceLevel::EarlierCommune => counts.0,
                    PlaceLevel::Province => counts.1,
                    _ => 0,
                };
                model.place_weight(&Comparison { place, place_count, ..NEUTRAL })
            })
            .fold(f64::NEG_INFINITY, f64::max)
    }

    /// The weight of an equal date shared by `count` persons.
    pub fn equal_dob(model: &Model, count: u32) -> f64 {
        model.dob_weight(&Comparison { dob: DobLevel::Exact, dob_count: count, ..NEUTRAL })
    }
}

/// A comparison where nothing is known.
const NEUTRAL: Comparison = Comparison {
    id: IdLevel::Missing,
    name: NameLevel::Missing,
    dob: DobLevel::Missing,
    sex: SexLevel::Unknown,
    fields: super::fields::FieldLevels { exact: 0, close: 0, differ: 0 },
    place: PlaceLevel::Missing,
    place_count: 0,
    name_count: 0,
    dob_count: 0,
    // The rarest a name can be: ceilings hold whatever its words.
    name_rarity: 0.0,
    not_kin: false,
};

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
        model.use_places();
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
                place: PlaceLevel::ALL[pick(&mut rng, PlaceLevel::ALL.len())],
                place_count: [0, 1, 40, 90_000][pick(&mut rng, 4)],
                name_count: [0, 1, 2, 1000][pick(&mut rng, 4)],
                dob_count: [0, 1, 3, 5000][pick(&mut rng, 4)],
                name_rarity: [0.0, 1e-12, 1e-6, 1.0][pick(&mut rng, 4)],
                not_kin: pick(&mut rng, 2) == 1,
            };
            let unlike = Unlike {
                name: !matches!(c.name, NameLevel::Exact | NameLevel::NoDiacritics),
                spelling: c.name != NameLevel::SpellingVariant,
                dob: c.dob != DobLevel::Exact,
                year: !matches!(c.dob, DobLevel::Exact | DobLevel::YearOnly | DobLevel::Swapped),
                sex: c.sex != SexLevel::Same,
            };
            // The row limits what its own fields allow, no more.
            let coin = |rng: &mut Rng| rng.below(2) == 1;
            let row = RowLimits {
                name: c.name != NameLevel::Missing || coin(&mut rng),
                spelling_variant: c.name == NameLevel::SpellingVariant || coin(&mut rng),
                equal_name: match c.name {
                    NameLevel::Exact => coin(&mut rng).then(|| model.name_weight(&c)),
                    _ => coin(&mut rng).then_some(-2.0),
                },
                rare_name: [NameLevel::Exact, NameLevel::Initials].map(|level| {
                    Ceilings::rare_name(&model, level, if c.name == level { c.name_rarity } else { 0.0 })
                }),
                folded_name: match c.name {
                    NameLevel::NoDiacritics => coin(&mut rng).then(|| model.name_weight(&c)),
                    _ => coin(&mut rng).then_some(-2.0),
                },
                dob: c.dob != DobLevel::Missing || coin(&mut rng),
                full_dob: matches!(c.dob, DobLevel::Exact | DobLevel::Swapped) || coin(&mut rng),
                equal_dob: match c.dob {
                    DobLevel::Exact => Some(Ceilings::equal_dob(&model, c.dob_count)),
                    _ => coin(&mut rng).then_some(-3.0),
                },
                sex: c.sex != SexLevel::Unknown || coin(&mut rng),
                place: {
                    let other = [0, 1, 40, 90_000][pick(&mut rng, 4)];
                    let counts = match c.place {
                        PlaceLevel::Commune | PlaceLevel::EarlierCommune => (c.place_count, other),
                        PlaceLevel::Province => (other, c.place_count),
                        _ => (other, [0, 1, 40, 90_000][pick(&mut rng, 4)]),
                    };
                    Ceilings::place(&model, counts)
                },
            };
            // Everything the comparison does not have may be ruled out.
            let ceiling = ceilings.weight(c.id, unlike, &row);
            let known = ceilings.known(c.id, ceilings.name(unlike, &row), c.dob, c.sex, &row);
            assert!(known <= ceiling + 1e-9 && model.log_odds(&c) <= known + 1e-9, "{c:?}: {known}");
            assert!(model.log_odds(&c) <= ceiling + 1e-9, "{c:?}: {} > {ceiling}", model.log_odds(&c));
        }
    }

    #[test]
    fn ruling_levels_out_lowers_the_ceiling() {
        let model = Model::new(1_000_000, 0, 0.9);
        let ceilings = Ceilings::of(&model);
        let any = RowLimits {
            rare_name: [f64::INFINITY; 2],
            name: true,
            spelling_variant: true,
            equal_name: None,
            folded_name: None,
            dob: true,
            full_dob: true,
            equal_dob: Some(Ceilings::equal_dob(&model, 1)),
            sex: true,
            place: 0.0,
        };
        let weight = |unlike| ceilings.weight(IdLevel::Missing, unlike, &any);
        let open = weight(Unlike::default());
        let no_name = weight(Unlike { name: true, ..Unlike::default() });
        let no_date = weight(Unlike { dob: true, ..Unlike::default() });
        let no_year = weight(Unlike { year: true, ..Unlike::default() });
        assert!(
            no_name < open && no_date < open && no_year < no_date,
            "{open} {no_name} {no_date} {no_year}"
        );
        let rule = Rule::defaults().remove(0);
        assert_eq!(rule.text, "name.given + dob:unordered");
        let parts = Unlike::of_rule(&rule, true, Spellable { first: true, last: true, any: true });
        assert_eq!(ceilings.outside(IdLevel::Missing, &parts, &any), no_name.max(no_date));
        let unkeyed = Unlike::of_rule(&rule, false, Spellable::default());
        assert_eq!(
            ceilings.outside(IdLevel::Missing, &unkeyed, &any),
            open,
            "a name in another reading rules nothing out"
        );
        assert!(ceilings.weight(IdLevel::Different, Unlike::default(), &any) < open);
        // A common date weighs less than a rare one; a year-only date, no date or no name less still.
        let common = RowLimits { equal_dob: Some(Ceilings::equal_dob(&model, 5_000)), ..any };
        let year_only = RowLimits { full_dob: false, equal_dob: None, ..any };
        let dateless = RowLimits { dob: false, ..year_only };
        let at = |row: &RowLimits| ceilings.weight(IdLevel::Missing, Unlike::default(), row);
        assert!(at(&common) < open && at(&year_only) < at(&common) && at(&dateless) < at(&year_only));
        assert!(at(&RowLimits { name: false, ..any }) < open && at(&RowLimits { sex: false, ..any }) < open);
        // A common name (its weight known from a candidate) weighs less than the rarest.
        let common_name =
            Some(model.name_weight(&Comparison { name: NameLevel::Exact, name_count: 900, ..NEUTRAL }));
        let known = RowLimits { equal_name: common_name, folded_name: common_name, ..any };
        assert!(at(&known) < open);
        let no_variant = RowLimits { spelling_variant: false, ..any };
        let unlike_name = Unlike { name: true, ..Unlike::default() };
        let outside = |row: &RowLimits| ceilings.weight(IdLevel::Missing, unlike_name, row);
        assert!(outside(&no_variant) < outside(&any), "a y/i spelling was the best other name");
        // Outside the given name's block, a name whose given name has no y/i spelling has none.
        let plain = Unlike::of_rule(&rule, true, Spellable { first: true, last: false, any: true });
        assert!(
            ceilings.outside(IdLevel::Missing, &plain, &any)
                < ceilings.outside(IdLevel::Missing, &parts, &any)
        );
    }
}
