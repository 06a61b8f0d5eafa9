//! The Fellegi–Sunter parameters, estimated from the data: `u` (how often a
//! level occurs between two random persons) from random pairs of the base,
//! `m` (how often it occurs for the same person) by expectation–maximisation
//! over the pairs the exact-ID pass finds in a sample of the input. Both
//! samples are fixed (seeded, first rows), so results never vary between
//! runs. Too few pairs keep the built-in defaults.

use serde_json::json;

use super::weights::{dob_mu, name_mu, sex_mu, Mu};
use super::{compare_dobs, compare_names, compare_sex, Comparison, DobLevel, NameLevel, SexLevel};
use crate::generate::rng::Rng;
use crate::index::BaseIndex;

const NAMES: [NameLevel; 9] = [
    NameLevel::Exact,
    NameLevel::SpellingVariant,
    NameLevel::NoDiacritics,
    NameLevel::Diacritics,
    NameLevel::Order,
    NameLevel::MiddleName,
    NameLevel::Typo,
    NameLevel::Different,
    NameLevel::Missing,
];
const DOBS: [DobLevel; 5] =
    [DobLevel::Exact, DobLevel::YearOnly, DobLevel::Swapped, DobLevel::Different, DobLevel::Missing];
const SEXES: [SexLevel; 3] = [SexLevel::Same, SexLevel::Different, SexLevel::Unknown];

/// Fewer pairs than this keep the defaults.
const MIN_PAIRS: usize = 1_000;

/// The `(m, u)` of every level.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    name: [Mu; 9],
    dob: [Mu; 5],
    sex: [Mu; 3],
    /// Random base pairs behind `u` (0: defaults).
    pub u_pairs: usize,
    /// Exact-ID pairs behind `m` (0: defaults).
    pub m_pairs: usize,
}

impl Default for Model {
    fn default() -> Model {
        Model {
            name: NAMES.map(name_mu),
            dob: DOBS.map(dob_mu),
            sex: SEXES.map(sex_mu),
            u_pairs: 0,
            m_pairs: 0,
        }
    }
}

fn index<T: PartialEq>(all: &[T], x: &T) -> usize {
    all.iter().position(|a| a == x).expect("every level is listed")
}

/// Weighted shares of `n` levels seen by index, smoothed so that none is 0 (add-one).
fn shares(n: usize, seen: impl Iterator<Item = (usize, f64)>) -> Vec<f64> {
    let mut counts = vec![1.0; n];
    for (i, w) in seen {
        counts[i] += w;
    }
    let total: f64 = counts.iter().sum();
    counts.into_iter().map(|c| c / total).collect()
}

impl Model {
    /// The name level's `(m, u)`.
    pub fn name(&self, l: NameLevel) -> Mu {
        self.name[index(&NAMES, &l)]
    }
    /// The date level's `(m, u)`.
    pub fn dob(&self, l: DobLevel) -> Mu {
        self.dob[index(&DOBS, &l)]
    }
    /// The sex level's `(m, u)`.
    pub fn sex(&self, l: SexLevel) -> Mu {
        self.sex[index(&SEXES, &l)]
    }

    /// Estimates `u` from `pairs` random pairs of base persons.
    pub fn estimate_u(&mut self, base: &BaseIndex, pairs: usize) {
        let n = base.len() as u64;
        if n < 2 || pairs < MIN_PAIRS {
            return;
        }
        let mut rng = Rng::new(0x005e_ed0f);
        let mut folded_equal = 0usize;
        let levels: Vec<Comparison> = (0..pairs)
            .map(|_| {
                let a = rng.below(n) as usize;
                let b = (a + 1 + rng.below(n - 1) as usize) % n as usize;
                let (na, nb) = (base.norm_name(a), base.norm_name(b));
                folded_equal += usize::from(na.folded == nb.folded);
                Comparison {
                    name: compare_names(&na, &nb),
                    dob: compare_dobs(base.dob(a), base.dob(b)),
                    sex: compare_sex(base.sex(a), base.sex(b)),
                    fields: Default::default(),
                    name_u: 0.0,
                }
            })
            .collect();
        let weights = vec![1.0; levels.len()];
        self.set_shares(&levels, &weights, |mu, u| mu.u = u);
        // A name without diacritics agrees with every name that folds the
        // same way: base pairs (all with diacritics) show that share directly.
        self.name[index(&NAMES, &NameLevel::NoDiacritics)].u = (folded_equal + 1) as f64 / (pairs + 1) as f64;
        self.u_pairs = pairs;
    }

    /// Estimates `m` by expectation–maximisation over the pairs the exact
    /// ID pass found: most are the same person, some are another person
    /// carrying the ID; `u` stays fixed.
    pub fn estimate_m(&mut self, pairs: &[Comparison]) {
        if pairs.len() < MIN_PAIRS {
            return;
        }
        let mut lambda = 0.9;
        for _ in 0..20 {
            let post: Vec<f64> = pairs
                .iter()
                .map(|c| {
                    let (mn, md, ms) = (self.name(c.name), self.dob(c.dob), self.sex(c.sex));
                    let same = lambda * mn.m * md.m * ms.m;
                    let other = (1.0 - lambda) * mn.u * md.u * ms.u;
                    same / (same + other)
                })
                .collect();
            lambda = (post.iter().sum::<f64>() / pairs.len() as f64).clamp(0.01, 0.999);
            self.set_shares(pairs, &post, |mu, m| mu.m = m);
        }
        self.m_pairs = pairs.len();
    }

    /// Sets `m` or `u` (by `set`) of every level to its weighted share
    /// among `pairs`; a missing value stays neutral whatever the data.
    fn set_shares(&mut self, pairs: &[Comparison], weights: &[f64], set: fn(&mut Mu, f64)) {
        let seen =
            |level: fn(&Comparison) -> usize| pairs.iter().zip(weights).map(move |(c, &w)| (level(c), w));
        let name = shares(NAMES.len(), seen(|c| index(&NAMES, &c.name)));
        let dob = shares(DOBS.len(), seen(|c| index(&DOBS, &c.dob)));
        let sex = shares(SEXES.len(), seen(|c| index(&SEXES, &c.sex)));
        self.name.iter_mut().zip(name).for_each(|(mu, x)| set(mu, x));
        self.dob.iter_mut().zip(dob).for_each(|(mu, x)| set(mu, x));
        self.sex.iter_mut().zip(sex).for_each(|(mu, x)| set(mu, x));
        self.name[index(&NAMES, &NameLevel::Missing)] = Mu { m: 1.0, u: 1.0 };
        self.dob[index(&DOBS, &DobLevel::Missing)] = Mu { m: 1.0, u: 1.0 };
        self.sex[index(&SEXES, &SexLevel::Unknown)] = Mu { m: 1.0, u: 1.0 };
    }

    /// `model.json`.
    pub fn to_json(&self, base_len: usize) -> serde_json::Value {
        let level =
            |name: String, mu: Mu| json!({"level": name, "m": mu.m, "u": mu.u, "weight": mu.weight()});
        let source = |pairs: usize, what: &str| {
            if pairs == 0 {
                "built-in default (too few pairs to estimate)".to_string()
            } else {
                format!("estimated from {pairs} {what}")
            }
        };
        json!({
            "u": source(self.u_pairs, "random pairs of base persons"),
            "m": source(self.m_pairs, "pairs found by the exact-ID pass (expectation-maximisation)"),
            "prior": 1.0 / base_len.max(2) as f64,
            "id_exact": level("Exact".into(), super::weights::id_mu(base_len)),
            "name": NAMES.iter().map(|&l| level(format!("{l:?}"), self.name(l))).collect::<Vec<_>>(),
            "name_term_frequency": "u of an agreeing name = product of its tokens' shares in the base",
            "dob": DOBS.iter().map(|&l| level(format!("{l:?}"), self.dob(l))).collect::<Vec<_>>(),
            "sex": SEXES.iter().map(|&l| level(format!("{l:?}"), self.sex(l))).collect::<Vec<_>>(),
            "extra_field": {"agree": (0.9f64 / 0.1).log2(), "disagree": -(0.9f64 / 0.1).log2()},
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(name: NameLevel, dob: DobLevel, sex: SexLevel) -> Comparison {
        Comparison { name, dob, sex, fields: Default::default(), name_u: 0.0 }
    }

    #[test]
    fn em_learns_how_often_true_pairs_differ() {
        let mut model = Model::default();
        // 90% agree fully, 8% have a typo, 2% are someone else.
        let mut pairs = vec![c(NameLevel::Exact, DobLevel::Exact, SexLevel::Same); 900];
        pairs.extend(vec![c(NameLevel::Typo, DobLevel::Exact, SexLevel::Same); 80]);
        pairs.extend(vec![c(NameLevel::Different, DobLevel::Different, SexLevel::Different); 20]);
        model.estimate_m(&pairs);
        let typo = model.name(NameLevel::Typo).m;
        assert!((0.06..0.11).contains(&typo), "{typo}");
        assert!(model.name(NameLevel::Different).m < 0.02);
        assert_eq!(model.m_pairs, 1000);
        assert_eq!(model.name(NameLevel::Missing).weight(), 0.0);
    }

    #[test]
    fn too_few_pairs_keep_the_defaults() {
        let mut model = Model::default();
        model.estimate_m(&[c(NameLevel::Exact, DobLevel::Exact, SexLevel::Same); 10]);
        assert_eq!(model, Model::default());
    }
}
