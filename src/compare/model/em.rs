//! Expectation–maximisation of `m`: over the pairs an exact ID finds (most
//! of them the same person), or, for an export without IDs, over the pairs
//! the blocks find for sampled rows, row by row (a row's person is one of
//! its candidates or none), one sample per set of fields the pairs were
//! found by (as Splink trains by blocking rule): a date block's pairs all
//! agree on the date, so they say nothing of how often a person's date is
//! written otherwise, and EM over them would read any agreement on the
//! date as the mark of a true pair.

use std::collections::BTreeMap;

use super::{shares, Model, Mu, MIN_PAIRS, MIN_SMALL_PAIRS, PRIOR_MATCHES};
use crate::compare::{Comparison, DobLevel, IdLevel, NameLevel, PlaceLevel, SexLevel};

/// Pairs of different persons a name-keyed sample's `u` of the sex is
/// drawn toward what random pairs show, as if they had shown it.
const SEX_PRIOR: f64 = 50.0;

/// The fields a sample of pairs was found by (keyed on): the search chose
/// their levels, so EM over the sample does not estimate their `m`; it
/// weighs them as estimated so far, among the levels the sample shows
/// ([`Model::condition_keyed`]), to tell the sample's true pairs apart by
/// all they show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Keyed(u64);

impl Keyed {
    /// The name, or a part of it.
    pub const NAME: Keyed = Keyed(1);
    /// The date of birth, or a part of it.
    pub const DOB: Keyed = Keyed(1 << 1);
    /// The sex.
    pub const SEX: Keyed = Keyed(1 << 2);
    /// Places (no rule is keyed on them: the flag of their group).
    const PLACE: Keyed = Keyed(1 << 3);

    /// Extra compared field `i`.
    pub fn field(i: usize) -> Keyed {
        Keyed(1 << (4 + i).min(63))
    }

    /// Both sets.
    pub fn and(self, other: Keyed) -> Keyed {
        Keyed(self.0 | other.0)
    }

    fn has(self, other: Keyed) -> bool {
        self.0 & other.0 != 0
    }
}

/// Pairs counted by their levels (all EM looks at), in a fixed order.
#[derive(Debug, Clone, Default)]
pub struct Tally(BTreeMap<(usize, usize, usize, [u32; 3], usize), (Comparison, f64)>);

impl Tally {
    /// Counts one more pair.
    pub fn add(&mut self, c: &Comparison) {
        let key = (
            c.name.index(),
            c.dob.index(),
            c.sex.index(),
            [c.fields.exact, c.fields.close, c.fields.differ],
            c.place.index(),
        );
        let levels = Comparison {
            id: IdLevel::Missing,
            name_count: 0,
            dob_count: 0,
            name_rarity: 1.0,
            not_kin: false,
            place_count: 0,
            ..*c
        };
        self.0.entry(key).or_insert((levels, 0.0)).1 += 1.0;
    }

    /// How many pairs.
    pub fn pairs(&self) -> usize {
        self.0.values().map(|&(_, n)| n as usize).sum()
    }

    fn split(&self) -> (Vec<Comparison>, Vec<f64>) {
        self.0.values().copied().unzip()
    }
}

/// How EM mixes pairs of the same person with the others.
enum Mixing<'a> {
    /// Any pair is the same person with this probability.
    Pairs(f64),
    /// Each row's person is one of its candidates (`ends`: where each row's
    /// pairs end), equally likely, with probability `among`, or none.
    Rows { ends: &'a [usize], among: f64 },
}

impl Mixing<'_> {
    /// Each pair's posterior of the same person (times its count) from its
    /// levels' `(m, u)`, and the mixing updated from them.
    fn posteriors(&mut self, ratios: &[(f64, f64)], counts: &[f64]) -> Vec<f64> {
        match self {
            Mixing::Pairs(lambda) => {
                let l = *lambda;
                let post: Vec<f64> = ratios
                    .iter()
                    .zip(counts)
                    .map(|(&(m, u), &n)| n * l * m / (l * m + (1.0 - l) * u))
                    .collect();
                *lambda = (post.iter().sum::<f64>() / counts.iter().sum::<f64>()).clamp(0.001, 0.999);
                post
            }
            Mixing::Rows { ends, among } => {
                let mut post = vec![0.0; ratios.len()];
                let (mut start, mut found) = (0, 0.0);
                for &end in ends.iter() {
                    let row = start..end;
                    start = end;
                    let candidates: f64 = counts[row.clone()].iter().sum();
                    if candidates == 0.0 {
                        continue;
                    }
                    let each = *among / candidates;
                    for i in row.clone() {
                        post[i] = counts[i] * ratios[i].0 / ratios[i].1;
                    }
                    let lr: f64 = post[row.clone()].iter().sum();
                    let whole = (1.0 - *among) + each * lr;
                    post[row].iter_mut().for_each(|p| *p *= each / whole);
                    found += each * lr / whole;
                }
                *among = (found / ends.len().max(1) as f64).clamp(0.001, 0.999);
                post
            }
        }
    }
}

/// A field EM estimates.
#[derive(Debug, Clone, Copy)]
enum Group {
    Name,
    Dob,
    Sex,
    Field(usize),
    Place,
}

impl Group {
    fn flag(self) -> Keyed {
        match self {
            Group::Name => Keyed::NAME,
            Group::Dob => Keyed::DOB,
            Group::Sex => Keyed::SEX,
            Group::Field(i) => Keyed::field(i),
            Group::Place => Keyed::PLACE,
        }
    }

    /// Both sides of the pair give the field.
    fn known(self, c: &Comparison) -> bool {
        self.level(c).is_some()
    }

    /// The pair's level of the field (its index), unless a side lacks it.
    fn level(self, c: &Comparison) -> Option<usize> {
        match self {
            Group::Name => (c.name != NameLevel::Missing).then(|| c.name.index()),
            Group::Dob => (c.dob != DobLevel::Missing).then(|| c.dob.index()),
            Group::Sex => (c.sex != SexLevel::Unknown).then(|| c.sex.index()),
            Group::Field(i) => c.fields.get(i).map(|l| l as usize),
            Group::Place => (c.place != PlaceLevel::Missing).then(|| c.place.index()),
        }
    }
}

impl Model {
    /// Estimates `m` of name, date, sex and extra fields by EM over the
    /// pairs an exact ID found: most are the same person, some are another
    /// person carrying the ID; `u` stays fixed.
    pub fn estimate_m(&mut self, pairs: &[Comparison]) {
        if pairs.len() < MIN_PAIRS {
            return;
        }
        let (ones, none) = (vec![1.0; pairs.len()], self.clone());
        self.em_with(pairs, &ones, Mixing::Pairs(0.9), Keyed::default(), 25, (&none, 0.0));
        self.m_pairs = pairs.len();
    }

    /// Estimates `m` likewise for an export without IDs, from `samples` of
    /// the pairs the blocks find (few of them the same person), each a
    /// tally per sampled row ([`Model::em_by_row`]) with the fields it was
    /// keyed on, in turn: EM over a sample estimates `m` of the fields it
    /// was not keyed on, and weighs the keyed ones as estimated so far,
    /// taken among the levels the sample shows (a name its pairs share
    /// still tells a true pair from a namesake by the middle name; a date
    /// they all share tells nothing). A field's `m` is the average of its
    /// estimates, each weighted by the pairs of the same person the sample
    /// shows the field on. A sample of fewer than [`MIN_SMALL_PAIRS`] pairs,
    /// showing fewer than two fields, or none it was not keyed on, is passed
    /// over; a field no sample estimates keeps its default. Samples of fewer
    /// than [`MIN_PAIRS`] rows (a small export) are weighed against the
    /// defaults ([`PRIOR_MATCHES`]).
    pub fn estimate_m_unsupervised(&mut self, samples: &[(Keyed, Vec<Tally>)]) {
        let defaults = self.clone();
        let rows = samples.iter().map(|(_, rows)| rows.len()).max().unwrap_or(0);
        let prior = if rows < MIN_PAIRS { PRIOR_MATCHES } else { 0.0 };
        let groups = self.groups();
        // Per group: the weighted sum of its levels' m, and the weight.
        let mut sums: Vec<(Vec<f64>, f64)> =
            groups.iter().map(|&g| (vec![0.0; self.levels(g).len()], 0.0)).collect();
        let mut used = 0.0;
        for (keyed, rows) in samples {
            let (mut pairs, mut counts, mut ends) = (Vec::new(), Vec::new(), Vec::new());
            for row in rows {
                let (p, c) = row.split();
                pairs.extend(p);
                counts.extend(c);
                ends.push(pairs.len());
            }
            let n: f64 = counts.iter().sum();
            let known: Vec<Group> =
                groups.iter().copied().filter(|g| pairs.iter().any(|c| g.known(c))).collect();
            if n < MIN_SMALL_PAIRS as f64 || known.len() < 2 || known.iter().all(|g| keyed.has(g.flag())) {
                continue;
            }
            let mut model = self.clone();
            let post = model.em_by_row(&pairs, &counts, &ends, *keyed, (&defaults, prior));
            for (&g, (sum, weight)) in groups.iter().zip(&mut sums) {
                if keyed.has(g.flag()) {
                    continue;
                }
                let w: f64 = pairs.iter().zip(&post).filter(|(c, _)| g.known(c)).map(|(_, &p)| p).sum();
                if w > 0.0 {
                    sum.iter_mut().zip(model.levels(g)).for_each(|(s, mu)| *s += w * mu.m);
                    *weight += w;
                    self.levels_mut(g).iter_mut().zip(sum.iter()).for_each(|(mu, s)| mu.m = s / *weight);
                }
            }
            used += n;
        }
        if used > 0.0 {
            self.m_pairs = used as usize;
            self.m_unsupervised = true;
        }
    }

    /// Expectation–maximisation of `m` over the candidate pairs of sampled
    /// rows (`ends`: where each row's pairs end), each row's person being
    /// one of its candidates or nobody among them: a row's candidates share
    /// the one chance its person is among them, so a crowd of strangers born
    /// the row's day cannot pass for true pairs by their numbers.
    fn em_by_row(
        &mut self,
        pairs: &[Comparison],
        counts: &[f64],
        ends: &[usize],
        keyed: Keyed,
        prior: (&Model, f64),
    ) -> Vec<f64> {
        self.em_with(pairs, counts, Mixing::Rows { ends, among: 0.5 }, keyed, 50, prior)
    }

    /// `rounds` of expectation–maximisation of `m`, pairs mixed by `mixing`;
    /// `u` fixed (but the sex's in a sample keyed on it), the `keyed` fields'
    /// `m` too ([`Model::condition_keyed`]). Each round's `m` drawn toward
    /// the `m` of `prior`'s model as if so many more pairs of the same
    /// person had shown it. The last round's posteriors, times the counts.
    fn em_with(
        &mut self,
        pairs: &[Comparison],
        counts: &[f64],
        mut mixing: Mixing,
        keyed: Keyed,
        rounds: usize,
        (toward, prior): (&Model, f64),
    ) -> Vec<f64> {
        let groups = self.groups();
        self.condition_keyed(pairs, keyed, &groups);
        let start = self.clone();
        let total: f64 = counts.iter().sum();
        let mut post = Vec::new();
        for _ in 0..rounds {
            let ratios: Vec<(f64, f64)> = pairs.iter().map(|c| self.level_ratio(c, &groups)).collect();
            post = mixing.posteriors(&ratios, counts);
            let matched = post.iter().sum::<f64>();
            self.set_shares(pairs, &post, &[], |mu, m| mu.m = m);
            for &g in &groups {
                let now = self.levels_mut(g);
                if keyed.has(g.flag()) {
                    now.copy_from_slice(start.levels(g));
                } else if prior > 0.0 {
                    for (a, b) in now.iter_mut().zip(toward.levels(g)) {
                        a.m = (matched * a.m + prior * b.m) / (matched + prior);
                    }
                }
            }
            if keyed.has(Keyed::SEX) {
                // A name tells the sex without ruling a level out: how
                // often the sample's other pairs agree on it, drawn toward
                // what random pairs show.
                let others = pairs.iter().zip(counts.iter().zip(&post));
                let seen = shares(
                    SexLevel::ALL.len() - 1,
                    others.filter_map(|(c, (n, p))| Some((Group::Sex.level(c)?, n - p))),
                );
                let unmatched = total - matched;
                for (now, seen) in self.sex.iter_mut().zip(seen) {
                    now.u = (unmatched * seen + SEX_PRIOR * now.u) / (unmatched + SEX_PRIOR);
                }
            }
        }
        post
    }

    /// The `keyed` fields' `m` and `u` among pairs sharing the key: each
    /// over its sum on the levels the sample shows (a level every pair
    /// shows is neutral).
    fn condition_keyed(&mut self, pairs: &[Comparison], keyed: Keyed, groups: &[Group]) {
        for &g in groups.iter().filter(|g| keyed.has(g.flag())) {
            let levels = self.levels_mut(g);
            let mut shown = vec![false; levels.len()];
            pairs.iter().filter_map(|c| g.level(c)).for_each(|l| shown[l] = true);
            let sum = |f: fn(&Mu) -> f64| -> f64 {
                levels.iter().zip(&shown).filter(|(_, &s)| s).map(|(mu, _)| f(mu)).sum()
            };
            let (m, u) = (sum(|mu| mu.m), sum(|mu| mu.u));
            for (mu, _) in levels.iter_mut().zip(&shown).filter(|(_, &s)| s) {
                *mu = Mu { m: mu.m / m, u: mu.u / u };
            }
        }
    }

    /// The likelihoods `(m, u)` of the pair's levels of `groups` (all but
    /// the ID), without term frequencies (what EM works with).
    fn level_ratio(&self, c: &Comparison, groups: &[Group]) -> (f64, f64) {
        let mut ratio = (1.0, 1.0);
        for &g in groups {
            let mu = match g {
                Group::Name => self.name(c.name),
                Group::Dob => self.dob(c.dob),
                Group::Sex => self.sex(c.sex),
                Group::Field(i) => c.fields.get(i).map_or(Mu::NEUTRAL, |l| self.field(i, l)),
                Group::Place => self.place(c.place),
            };
            ratio = (ratio.0 * mu.m, ratio.1 * mu.u);
        }
        ratio
    }

    /// The fields EM estimates: name, date, sex, the extra fields, places when weighed.
    fn groups(&self) -> Vec<Group> {
        let mut groups = vec![Group::Name, Group::Dob, Group::Sex];
        groups.extend((0..self.fields.len()).map(Group::Field));
        if self.place.is_some() {
            groups.push(Group::Place);
        }
        groups
    }

    fn levels(&self, g: Group) -> &[Mu] {
        match g {
            Group::Name => &self.name,
            Group::Dob => &self.dob,
            Group::Sex => &self.sex,
            Group::Field(i) => &self.fields[i],
            Group::Place => self.place.as_deref().unwrap_or(&[]),
        }
    }

    fn levels_mut(&mut self, g: Group) -> &mut [Mu] {
        match g {
            Group::Name => &mut self.name,
            Group::Dob => &mut self.dob,
            Group::Sex => &mut self.sex,
            Group::Field(i) => &mut self.fields[i],
            Group::Place => self.place.as_deref_mut().unwrap_or(&mut []),
        }
    }
}
