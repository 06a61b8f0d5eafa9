//! The Fellegi–Sunter model: every comparison level's `m` and `u`, the
//! prior, and the match weight and probability of a pair.
//!
//! Estimated from the data ([`super::estimate`]): `u` from random pairs of
//! base persons; `m` of name, date, sex and extra fields by
//! expectation–maximisation over the pairs the exact ID finds in a sample
//! of the input (without IDs, over the pairs each rule's blocks find and
//! the pairs born the same day, row by row, each sample for the fields it
//! is not keyed on: [`em`]); `m` of the ID levels by counting, over the
//! sampled rows whose other fields identify their person beyond doubt, how the row's ID
//! relates to that person's (a field a sample was found by is not estimated
//! from it). Every sample is fixed (seeded, first rows), so results never
//! vary between runs. Too few pairs keep the built-in defaults ([`super::weights`]).

use serde_json::json;

use super::fields::FieldLevel;
use super::weights::{dob_mu, field_mu, id_m, name_mu, place_mu, sex_mu, Mu};
use super::{Comparison, DobLevel, IdLevel, NameLevel, PlaceLevel, SexLevel};

mod em;
pub use em::{Keyed, Tally};

/// How much rarer than its count says a name's words may make it, and
/// how far one agreeing word's frequency may move its level's weight (6 bits).
const RARITY_ROOM: f64 = 64.0;

/// Fewer pairs than this keep the defaults.
pub const MIN_PAIRS: usize = 1_000;

/// An export without IDs whose blocks find fewer than [`MIN_PAIRS`] pairs
/// (a small export) still has its `m` estimated from as few as this many,
/// drawn toward the defaults as if [`PRIOR_MATCHES`] pairs of the same
/// person had shown them: a few hundred rows say how their names are
/// written (initials, say) better than defaults set for other data.
pub const MIN_SMALL_PAIRS: usize = 100;
const PRIOR_MATCHES: f64 = 50.0;

/// The `(m, u)` of every level, and the prior.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    id_m: Vec<f64>,
    /// Base persons one substitution / one adjacent transposition / two
    /// substitutions away from a random base person's ID, on average (the
    /// `u` of those ID levels).
    id_neighbours: [f64; 3],
    /// The share of rows with an ID whose number nobody in the base has
    /// (behind the `u` of [`IdLevel::Different`]; 1 until estimated).
    id_nobody: f64,
    name: Vec<Mu>,
    dob: Vec<Mu>,
    sex: Vec<Mu>,
    fields: Vec<[Mu; 3]>,
    /// The place levels, when the rows give places ([`Model::use_places`]);
    /// `None`: places weigh nothing and the model says nothing of them.
    place: Option<Vec<Mu>>,
    /// The share of random base pairs whose first words agree, and whose
    /// last words agree: how much more a rare word says than an average one.
    word_u: [f64; 2],
    base_len: usize,
    match_share: f64,
    share_source: &'static str,
    /// Random base pairs behind `u` (0: defaults).
    u_pairs: usize,
    /// Pairs behind `m` of name, date, sex, fields (0: defaults).
    m_pairs: usize,
    /// Those pairs were the blocks' candidates, not found by the exact ID.
    m_unsupervised: bool,
    /// Rows identified beyond doubt behind `m` of the ID levels (0: defaults).
    id_pairs: usize,
}

/// One term of a pair's match weight: field, level, weight in bits.
pub type Step = (&'static str, String, f64);

impl Model {
    /// The defaults for a base of `base_len` persons, `extra_fields` extra
    /// compared fields, and `match_share` of input rows expected in the base.
    pub fn new(base_len: usize, extra_fields: usize, match_share: f64) -> Model {
        Model {
            id_m: IdLevel::ALL.iter().map(|&l| id_m(l)).collect(),
            id_neighbours: [1.0, 0.1, 50.0],
            id_nobody: 1.0,
            name: NameLevel::ALL.iter().map(|&l| name_mu(l)).collect(),
            dob: DobLevel::ALL.iter().map(|&l| dob_mu(l)).collect(),
            sex: SexLevel::ALL.iter().map(|&l| sex_mu(l)).collect(),
            fields: vec![FieldLevel::ALL.map(field_mu); extra_fields],
            place: None,
            word_u: [0.05, 0.01],
            base_len,
            match_share,
            share_source: "built-in default (too few rows to estimate)",
            u_pairs: 0,
            m_pairs: 0,
            m_unsupervised: false,
            id_pairs: 0,
        }
    }

    fn n(&self) -> f64 {
        self.base_len.max(2) as f64
    }

    /// The ID level's `(m, u)`, `u` being the level's probability for a
    /// row whose person is not this one (the reference is a person outside
    /// the base, see [`Model::prior`]). IDs are unique, so such a row shares
    /// this person's ID only when it carries a wrong ID that happens to be
    /// theirs: `u` of an exact (or old-ID) agreement is the share of wrong
    /// IDs spread over the base; of an ID one digit away, the neighbours a
    /// random ID has, over the base. Another base person's ID says nothing
    /// for or against this one (that person is scored on their own, and
    /// competes through the margin): neutral. A number nobody has is what
    /// many outsiders carry, but a true match only when mistyped: `u` is
    /// the share of outsiders who carry one, what is left of the rows
    /// carrying one once the matches' (`λ` times the `m` of every level
    /// whose number may be nobody's: a digit or two off, transposed,
    /// further) are taken out, over the outsiders' share `1 − λ` (between
    /// `m` and 1: never evidence for).
    pub fn id(&self, level: IdLevel) -> Mu {
        let m = self.id_m[level.index()];
        let n = self.n();
        let u = match level {
            IdLevel::Exact | IdLevel::OldId => (1.0 - self.id_m[IdLevel::Exact.index()]).max(0.001) / n,
            IdLevel::OneDigit => self.id_neighbours[0] / n,
            IdLevel::Transposed => self.id_neighbours[1] / n,
            IdLevel::TwoDigits => self.id_neighbours[2] / n,
            IdLevel::Different => {
                let lambda = self.match_share.min(0.999);
                let mistyped: f64 =
                    [IdLevel::OneDigit, IdLevel::Transposed, IdLevel::TwoDigits, IdLevel::Different]
                        .iter()
                        .map(|l| self.id_m[l.index()])
                        .sum();
                ((self.id_nobody - lambda * mistyped) / (1.0 - lambda)).clamp(m, 1.0)
            }
            IdLevel::OtherOwner | IdLevel::Missing => return Mu::NEUTRAL,
        };
        Mu { m, u: u.min(1.0) }
    }

    /// The name level's `(m, u)`.
    pub fn name(&self, l: NameLevel) -> Mu {
        self.name[l.index()]
    }
    /// The date level's `(m, u)`.
    pub fn dob(&self, l: DobLevel) -> Mu {
        self.dob[l.index()]
    }
    /// The sex level's `(m, u)`.
    pub fn sex(&self, l: SexLevel) -> Mu {
        self.sex[l.index()]
    }
    /// The place level's `(m, u)` (neutral when places are not used).
    pub fn place(&self, l: PlaceLevel) -> Mu {
        self.place.as_ref().map_or(Mu::NEUTRAL, |p| p[l.index()])
    }

    /// Weighs places from here on, from the defaults.
    pub fn use_places(&mut self) {
        self.place = Some(PlaceLevel::ALL.iter().map(|&l| place_mu(l)).collect());
    }

    /// Places are weighed.
    pub fn uses_places(&self) -> bool {
        self.place.is_some()
    }

    /// The place level's weight, with the term frequency of the commune or
    /// province the places agree on (its share of those who lived there):
    /// a small commune says more than Hà Nội.
    pub fn place_weight(&self, c: &Comparison) -> f64 {
        let mu = self.place(c.place);
        let agrees =
            matches!(c.place, PlaceLevel::Commune | PlaceLevel::EarlierCommune | PlaceLevel::Province);
        if agrees && c.place_count > 0 {
            Mu { m: mu.m, u: self.term_frequency(c.place_count, mu.u).min(mu.m) }.weight()
        } else {
            mu.weight()
        }
    }

    /// Extra field `i`'s level's `(m, u)`.
    pub fn field(&self, i: usize, l: FieldLevel) -> Mu {
        self.fields[i][l as usize]
    }

    /// How many extra fields are compared.
    pub fn field_count(&self) -> usize {
        self.fields.len()
    }

    /// The prior log-odds (bits) that a row is one given base person
    /// rather than someone outside the base: `match_share` of rows have
    /// their person among the base's `N`, the rest are outsiders, so the
    /// odds are `match_share / ((1 - match_share) · N)`. Other base persons
    /// compete through the runner-up margin.
    pub fn prior(&self) -> f64 {
        (self.match_share / (1.0 - self.match_share) / self.n()).log2()
    }

    /// The name level's weight, with the term frequency of what the names
    /// agree on (else the level's own `u`): the person's name when the
    /// names agree or differ only by initials; the one word that agrees
    /// when the other end differs, its share of the base against an
    /// average word's (a rare surname says more than Nguyễn).
    pub fn name_weight(&self, c: &Comparison) -> f64 {
        let mu = self.name(c.name);
        if c.name_count == 0 {
            return mu.weight();
        }
        // Within RARITY_ROOM of the level's own `u` either way: a word the
        // base holds once says more, but not without bound.
        let word = |which: usize| {
            let share = f64::from(c.name_count) / self.n();
            let u =
                (mu.u * share / self.word_u[which]).clamp(mu.u / RARITY_ROOM, (mu.u * RARITY_ROOM).min(1.0));
            Mu { m: mu.m, u }.weight()
        };
        match c.name {
            // A person carrying another's ID is most often of the same
            // family: against the ID's owner, a shared surname is no evidence,
            // and another given name is as telling as another name — unless
            // the middle name and the names' sex say it is no family member.
            NameLevel::GivenDiffers if c.id == IdLevel::Exact && !c.not_kin => {
                self.name(NameLevel::Different).weight().min(mu.weight())
            }
            NameLevel::GivenClose | NameLevel::GivenDiffers => word(0),
            NameLevel::SurnameClose | NameLevel::SurnameDiffers => word(1),
            level if level.agrees() || level == NameLevel::Initials => {
                // A name the base holds only a few times is rarer than the
                // base can show: its words' shares say how rare, within
                // RARITY_ROOM of what its count says.
                let counted = self.term_frequency(c.name_count, mu.u);
                let u = counted.min(c.name_rarity.max(counted / RARITY_ROOM));
                Mu { m: mu.m, u: u.min(mu.m) }.weight()
            }
            _ => mu.weight(),
        }
    }

    /// The share of persons with a value that `count` base persons share,
    /// smoothed toward the level's own `u` as if `1/u` persons had been seen
    /// besides the base's other `N − 1`: the base's own count decides in a
    /// large base, the level's `u` in a small one (in a base of three, one
    /// date in three says nothing about how rare a birthday is).
    fn term_frequency(&self, count: u32, level_u: f64) -> f64 {
        f64::from(count) / (self.n() - 1.0 + 1.0 / level_u)
    }

    /// The date level's weight, with the term frequency of the person's
    /// date when the dates are equal (else the level's own `u`): random
    /// pairs are too few to see how rarely two persons share a birthday.
    pub fn dob_weight(&self, c: &Comparison) -> f64 {
        let mu = self.dob(c.dob);
        if c.dob == DobLevel::Exact && c.dob_count > 0 {
            Mu { m: mu.m, u: self.term_frequency(c.dob_count, mu.u).min(mu.m) }.weight()
        } else {
            mu.weight()
        }
    }

    /// The extra fields' weight.
    pub fn fields_weight(&self, c: &Comparison) -> f64 {
        (0..self.fields.len()).filter_map(|i| c.fields.get(i).map(|l| self.field(i, l).weight())).sum()
    }

    /// The terms of the pair's match weight, prior first.
    pub fn steps(&self, c: &Comparison) -> Vec<Step> {
        let mut steps = vec![
            ("prior", format!("{} persons, λ {:.3}", self.base_len, self.match_share), self.prior()),
            ("id", c.id.label().into(), self.id(c.id).weight()),
            ("name", name_label(c), self.name_weight(c)),
            ("dob", c.dob.label().into(), self.dob_weight(c)),
            ("sex", c.sex.label().into(), self.sex(c.sex).weight()),
        ];
        if !self.fields.is_empty() {
            let count = |mask: u32| mask.count_ones();
            let (e, cl, d) = (count(c.fields.exact), count(c.fields.close), count(c.fields.differ));
            steps.push(("fields", format!("{e} equal, {cl} close, {d} differ"), self.fields_weight(c)));
        }
        if self.uses_places() {
            steps.push(("place", c.place.label().into(), self.place_weight(c)));
        }
        steps
    }

    /// The pair's match weight: log2 of the posterior odds (bits).
    pub fn log_odds(&self, c: &Comparison) -> f64 {
        self.prior()
            + self.id(c.id).weight()
            + self.name_weight(c)
            + self.dob_weight(c)
            + self.sex(c.sex).weight()
            + self.fields_weight(c)
            + self.place_weight(c)
    }

    /// Estimates `u` of name, date, sex, extra fields and places from
    /// comparisons of random base pairs (`by_province`: the same pairs'
    /// places compared as a row giving a province only would), and the ID
    /// neighbourhood's size from `neighbours`: persons one substitution,
    /// one transposition, two substitutions away, each found around so
    /// many sampled base IDs.
    pub fn estimate_u(
        &mut self,
        pairs: &[Comparison],
        by_province: &[PlaceLevel],
        neighbours: [(usize, usize); 3],
    ) {
        if pairs.len() < MIN_PAIRS {
            return;
        }
        let weights = vec![1.0; pairs.len()];
        self.set_shares(pairs, &weights, by_province, |mu, u| mu.u = u);
        self.id_neighbours = neighbours.map(|(k, sampled)| (k as f64 + 1.0) / (sampled as f64 + 1.0));
        self.u_pairs = pairs.len();
    }

    /// Sets the `u` of a name without diacritics: the share of random base
    /// pairs whose names fold the same way.
    pub fn set_folded_u(&mut self, share: f64) {
        self.name[NameLevel::NoDiacritics.index()].u = share;
    }

    /// Sets the shares of random base pairs whose first words, and whose
    /// last words, agree (folded).
    pub fn set_word_u(&mut self, first: f64, last: f64) {
        self.word_u = [first, last];
    }

    /// The share of input rows expected to have their person in the base.
    pub fn match_share(&self) -> f64 {
        self.match_share
    }

    /// Sets the share of input rows expected to have their person in the
    /// base, and says where it comes from (for `model.json`).
    pub fn set_match_share(&mut self, share: f64, source: &'static str) {
        self.match_share = share;
        self.share_source = source;
    }

    /// Sets the share of rows carrying a number nobody has, behind its `u`:
    /// `nobody` of the `with_id` sampled rows that carry an ID (unset from
    /// fewer than [`MIN_PAIRS`] rows).
    pub fn set_id_nobody(&mut self, nobody: usize, with_id: usize) {
        if with_id >= MIN_PAIRS {
            self.id_nobody = (nobody as f64 + 1.0) / (with_id as f64 + 1.0);
        }
    }

    /// Sets `m` of the ID levels from the levels seen between sampled rows
    /// and the persons their other fields identify beyond doubt (the ID
    /// left out): how often a row's ID is its person's, one or two digits
    /// off, transposed, the old CMND, another's, or a number nobody has.
    pub fn estimate_id_m(&mut self, levels: &[IdLevel]) {
        let known: Vec<usize> =
            levels.iter().filter(|&&l| l != IdLevel::Missing).map(|l| l.index()).collect();
        if known.len() < MIN_PAIRS {
            return;
        }
        let n = IdLevel::ALL.len() - 1;
        let m = shares(n, known.into_iter().map(|i| (i, 1.0)));
        self.id_m[..n].copy_from_slice(&m);
        self.id_pairs = levels.len();
    }

    /// The pair's match weight without the ID level (what the other fields say).
    pub fn log_odds_without_id(&self, c: &Comparison) -> f64 {
        self.log_odds(c) - self.id(c.id).weight()
    }

    /// Sets `m` or `u` (by `set`) of every level to its weighted share
    /// among `pairs` (and of the place levels, `extra_places` with weight 1
    /// too); a missing value stays neutral whatever the data.
    fn set_shares(
        &mut self,
        pairs: &[Comparison],
        weights: &[f64],
        extra_places: &[PlaceLevel],
        set: fn(&mut Mu, f64),
    ) {
        let seen = |level: fn(&Comparison) -> usize| {
            pairs.iter().zip(weights).map(move |(c, &w)| (level(c), w)).collect::<Vec<_>>()
        };
        // Missing levels are left out of the shares: they stay neutral.
        let known =
            |all: usize, v: Vec<(usize, f64)>| shares(all - 1, v.into_iter().filter(|&(i, _)| i < all - 1));
        let name = known(NameLevel::ALL.len(), seen(|c| c.name.index()));
        let dob = known(DobLevel::ALL.len(), seen(|c| c.dob.index()));
        let sex = known(SexLevel::ALL.len(), seen(|c| c.sex.index()));
        self.name.iter_mut().zip(name).for_each(|(mu, x)| set(mu, x));
        self.dob.iter_mut().zip(dob).for_each(|(mu, x)| set(mu, x));
        self.sex.iter_mut().zip(sex).for_each(|(mu, x)| set(mu, x));
        if let Some(place) = &mut self.place {
            // A distribution per group of levels (PlaceLevel::group).
            let seen: Vec<(PlaceLevel, f64)> = pairs
                .iter()
                .zip(weights)
                .map(|(c, &w)| (c.place, w))
                .chain(extra_places.iter().map(|&l| (l, 1.0)))
                .collect();
            for g in 0..3 {
                let levels: Vec<PlaceLevel> =
                    PlaceLevel::ALL.iter().copied().filter(|l| l.group() == Some(g)).collect();
                let at = |l: PlaceLevel| levels.iter().position(|&x| x == l);
                let shares = shares(levels.len(), seen.iter().filter_map(|&(l, w)| Some((at(l)?, w))));
                levels.iter().zip(shares).for_each(|(l, x)| set(&mut place[l.index()], x));
            }
        }
        for (i, levels) in self.fields.iter_mut().enumerate() {
            let seen =
                pairs.iter().zip(weights).filter_map(|(c, &w)| c.fields.get(i).map(|l| (l as usize, w)));
            levels.iter_mut().zip(shares(3, seen)).for_each(|(mu, x)| set(mu, x));
        }
    }

    /// `model.json`.
    pub fn to_json(&self, link_threshold: f64, ambiguity_margin: f64, blocks: &[&str]) -> serde_json::Value {
        let level = |name: &str, mu: Mu| json!({"level": name, "m": mu.m, "u": mu.u, "weight": mu.weight()});
        let source = |pairs: usize, what: &str| {
            if pairs == 0 {
                "built-in default (too few pairs to estimate)".to_string()
            } else {
                format!("estimated from {pairs} {what}")
            }
        };
        let mut model = json!({
            "decision": {
                "link_threshold": link_threshold,
                "ambiguity_margin_bits": ambiguity_margin,
                "rule": "link the best candidate when its probability >= link_threshold and its weight \
                         beats the runner-up's by ambiguity_margin bits",
            },
            "prior": {
                "expected_match_share": self.match_share,
                "expected_match_share_source": self.share_source,
                "base_persons": self.base_len,
                "log2_odds": self.prior(),
            },
            "u": source(self.u_pairs, "random pairs of base persons"),
            "id_u": "Exact, OldId: wrong IDs spread over the base; OneDigit, Transposed, TwoDigits: the neighbours sampled base IDs have, over the base; Different: the share of rows with an ID that carry a number nobody has, less the matches', over the outsiders' share",
            "id_nobody_share": self.id_nobody,
            "m": source(self.m_pairs, if self.m_unsupervised {
                "pairs found by the blocks and pairs born the same day (too few rows with an ID): \
                 expectation-maximisation over each rule's pairs for the fields it is not keyed on"
            } else {
                "pairs found by the exact ID (expectation-maximisation)"
            }),
            "id_m": source(self.id_pairs, "rows whose person the other fields identify beyond doubt"),
            "id": IdLevel::ALL.iter().map(|&l| level(l.label(), self.id(l))).collect::<Vec<_>>(),
            "name": NameLevel::ALL.iter().map(|&l| level(l.label(), self.name(l))).collect::<Vec<_>>(),
            "term_frequency": "u of an agreeing name (or equal date) = count / (N - 1 + 1/u_level), count being the base persons with the same name (canonical, or folded for a name without diacritics) or the same date",
            "dob": DobLevel::ALL.iter().map(|&l| level(l.label(), self.dob(l))).collect::<Vec<_>>(),
            "sex": SexLevel::ALL.iter().map(|&l| level(l.label(), self.sex(l))).collect::<Vec<_>>(),
            "fields": self.fields.iter().map(|levels| {
                FieldLevel::ALL.iter().map(|&l| level(&format!("{l:?}"), levels[l as usize])).collect::<Vec<_>>()
            }).collect::<Vec<_>>(),
            "blocks": blocks,
        });
        if let Some(place) = &self.place {
            model["place"] = json!({
                "levels": PlaceLevel::ALL.iter().zip(place).map(|(l, &mu)| level(l.label(), mu)).collect::<Vec<_>>(),
                "term_frequency": "u of the same commune (latest or earlier) or province = count / (N - 1 + 1/u_level), \
                                   count being the base persons who lived there (by the three communes kept of their history, under any of the commune's codes)",
            });
        }
        model
    }
}

/// Weighted shares of `n` levels seen by index, smoothed so that none is 0 (add-one).
fn shares(n: usize, seen: impl IntoIterator<Item = (usize, f64)>) -> Vec<f64> {
    let mut counts = vec![1.0; n];
    for (i, w) in seen {
        counts[i] += w;
    }
    let total: f64 = counts.iter().sum();
    counts.into_iter().map(|c| c / total).collect()
}

/// The name level as `explain` shows it: another given name under the
/// row's own ID says which way it was read (a family member's, or — the
/// middle name and the names' sex agreeing, no date to weigh — the person's own).
fn name_label(c: &Comparison) -> String {
    match (c.name, c.id) {
        (NameLevel::GivenDiffers, IdLevel::Exact) if c.not_kin => "GivenDiffers (own, not kin)".into(),
        (NameLevel::GivenDiffers, IdLevel::Exact) => "GivenDiffers (as kin)".into(),
        _ => c.name.label().into(),
    }
}

/// A probability from a match weight in bits.
pub fn probability(log_odds: f64) -> f64 {
    1.0 / (1.0 + (-log_odds).exp2())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: IdLevel, name: NameLevel, dob: DobLevel, sex: SexLevel) -> Comparison {
        Comparison {
            id,
            name,
            dob,
            sex,
            fields: Default::default(),
            name_count: 0,
            dob_count: 0,
            name_rarity: 1.0,
            not_kin: false,
            place: PlaceLevel::Missing,
            place_count: 0,
        }
    }

    #[test]
    fn em_learns_how_often_true_pairs_differ() {
        let mut model = Model::new(100_000, 0, 0.9);
        // 90% agree fully, 8% have a typo, 2% are someone else.
        let e = IdLevel::Exact;
        let mut pairs = vec![c(e, NameLevel::Exact, DobLevel::Exact, SexLevel::Same); 900];
        pairs.extend(vec![c(e, NameLevel::Typo, DobLevel::Exact, SexLevel::Same); 80]);
        pairs.extend(vec![c(e, NameLevel::Different, DobLevel::Different, SexLevel::Different); 20]);
        model.estimate_m(&pairs);
        let typo = model.name(NameLevel::Typo).m;
        assert!((0.06..0.11).contains(&typo), "{typo}");
        assert!(model.name(NameLevel::Different).m < 0.02);
        assert_eq!(model.m_pairs, 1000);
        assert_eq!(model.name(NameLevel::Missing).weight(), 0.0);
    }

    #[test]
    fn id_levels_are_counted_and_another_persons_id_is_neutral() {
        let mut model = Model::new(100_000, 0, 0.9);
        let mut levels = vec![IdLevel::Exact; 950];
        levels.extend([IdLevel::OneDigit; 30]);
        levels.extend([IdLevel::OtherOwner; 20]);
        levels.extend([IdLevel::Missing; 500]);
        model.estimate_id_m(&levels);
        let exact = model.id(IdLevel::Exact).m;
        assert!((0.93..0.96).contains(&exact), "{exact}");
        assert_eq!(model.id_pairs, 1500);
        assert_eq!(model.id(IdLevel::OtherOwner).weight(), 0.0);
        assert!(model.id(IdLevel::Different).weight() < -5.0);
        assert!(model.id(IdLevel::OneDigit).weight() > 10.0);
    }

    #[test]
    fn agreement_raises_and_disagreement_lowers_the_probability() {
        let m = Model::new(1_000_000, 0, 0.9);
        let p = |c: Comparison| probability(m.log_odds(&c));
        let full = p(c(IdLevel::Exact, NameLevel::Exact, DobLevel::Exact, SexLevel::Unknown));
        let typo = p(c(IdLevel::Exact, NameLevel::Typo, DobLevel::Exact, SexLevel::Unknown));
        let other = p(c(IdLevel::Exact, NameLevel::Different, DobLevel::Different, SexLevel::Unknown));
        let no_id = p(c(IdLevel::Different, NameLevel::Exact, DobLevel::Exact, SexLevel::Unknown));
        assert!(full > 0.9999, "{full}");
        assert!(typo < full && typo > 0.99, "{typo}");
        assert!(other < 0.1, "{other}");
        assert!(no_id < full, "another ID counts against a namesake");
    }

    #[test]
    fn a_common_name_weighs_less_than_a_rare_one() {
        let m = Model::new(1_000_000, 0, 0.9);
        let mut common = c(IdLevel::Missing, NameLevel::Exact, DobLevel::Exact, SexLevel::Same);
        common.name_count = 10_000;
        let mut rare = common;
        rare.name_count = 1;
        assert!(m.name_weight(&rare) > m.name_weight(&common) + 10.0);
        assert!(m.log_odds(&rare) > m.log_odds(&common));
    }

    #[test]
    fn a_small_export_without_ids_learns_its_names_against_the_defaults() {
        // 100 rows, 150 pairs: each row's person (names with a middle
        // initial where the base has the middle name), half the rows a
        // stranger besides.
        let x = IdLevel::Missing;
        let person = c(x, NameLevel::Initials, DobLevel::Exact, SexLevel::Same);
        let stranger = c(x, NameLevel::Different, DobLevel::Different, SexLevel::Different);
        let rows: Vec<Tally> =
            (0..100).map(|i| tally(&[vec![person], vec![stranger; 1 - i % 2]].concat())).collect();
        let default = Model::new(100_000, 0, 0.9).name(NameLevel::Initials).m;
        let mut model = Model::new(100_000, 0, 0.9);
        model.estimate_m_unsupervised(&[(Keyed::default(), rows.clone())]);
        let learnt = model.name(NameLevel::Initials).m;
        // 100 pairs of the same person against 50 at the default: two thirds.
        assert!((0.55..0.7).contains(&learnt), "{learnt} (default {default})");
        assert!(model.m_unsupervised && model.m_pairs == 150);
        // Fewer than MIN_SMALL_PAIRS pairs: the defaults.
        let mut few = Model::new(100_000, 0, 0.9);
        few.estimate_m_unsupervised(&[(Keyed::default(), rows[..60].to_vec())]);
        assert_eq!(few, Model::new(100_000, 0, 0.9));
    }

    fn tally(pairs: &[Comparison]) -> Tally {
        pairs.iter().fold(Tally::default(), |mut t, c| {
            t.add(c);
            t
        })
    }

    #[test]
    fn without_ids_each_field_is_learnt_from_the_pairs_not_found_by_it() {
        use {DobLevel as D, NameLevel as N, SexLevel as S};
        let x = IdLevel::Missing;
        // Found by the date: 1,000 rows, each its person (100 with a typo in
        // the name) and 9 strangers born the same day, of either sex.
        let by_date: Vec<Tally> = (0..1_000)
            .map(|i| {
                let name = if i < 100 { N::Typo } else { N::Exact };
                let mut pairs = vec![c(x, name, D::Exact, S::Same)];
                let sex = |k| if (i + k) % 2 == 0 { S::Same } else { S::Different };
                pairs.extend((0..9).map(|k| c(x, N::Different, D::Exact, sex(k))));
                tally(&pairs)
            })
            .collect();
        // Found by the given name: 1,000 rows, each its person (50 with
        // another date) and 5 namesakes of another middle name born another
        // day, nearly all of the same sex (a given name tells the sex).
        let by_name: Vec<Tally> = (0..1_000)
            .map(|i| {
                let dob = if i < 50 { D::Different } else { D::Exact };
                let mut pairs = vec![c(x, N::Exact, dob, S::Same)];
                let sex = |k| if k == 0 && i % 4 == 0 { S::Different } else { S::Same };
                pairs.extend((0..5).map(|k| c(x, N::MiddleDiffers, D::Different, sex(k))));
                tally(&pairs)
            })
            .collect();
        let samples = [(Keyed::DOB, by_date.clone()), (Keyed::NAME.and(Keyed::SEX), by_name.clone())];
        let mut model = Model::new(1_000_000, 0, 0.9);
        model.estimate_m_unsupervised(&samples);
        let (typo, other_date) = (model.name(N::Typo).m, model.dob(D::Different).m);
        assert!((0.07..0.13).contains(&typo), "{typo}");
        // The namesakes' sex, shared with the given name, does not make them
        // pass for persons with another date.
        assert!(other_date < 0.08, "{other_date}");
        assert!(model.sex(S::Same).m > 0.95, "{}", model.sex(S::Same).m);
        // The strangers born the row's day share the one chance that the
        // row's person is among its candidates: they do not pass for it.
        assert!(model.name(N::Different).m < 0.02, "{}", model.name(N::Different).m);
    }

    #[test]
    fn too_few_pairs_keep_the_defaults() {
        let mut model = Model::new(10, 0, 0.9);
        model.estimate_m(&[c(IdLevel::Exact, NameLevel::Exact, DobLevel::Exact, SexLevel::Same); 10]);
        assert_eq!(model, Model::new(10, 0, 0.9));
    }
}
