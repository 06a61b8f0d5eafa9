//! Estimating the model from the data: the samples the [`Model`]'s
//! estimators work on. Random base pairs give `u`; the pairs an exact ID
//! finds among the input's first rows give `m` of name, date, sex and extra
//! fields; the pairs the blocks find for those rows give `m` of the ID
//! levels. Every sample is fixed (seeded, first rows): the same inputs give
//! the same model, whatever the number of threads.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use super::fields::compare_fields;
use super::model::{Keyed, Model, Tally};
use super::place::{compare_place, PlaceQuery};
use super::search::{Matcher, Prune};
use super::{
    compare, compare_at, compare_dobs, compare_sex, Comparison, IdLevel, NameQuery, PlaceLevel, Row,
};
use crate::index::blocking::{id_neighbours, ids_two_digits_off, Blocks, Field, Rule};
use crate::index::BaseIndex;
use crate::normalize::place::Place;
use crate::normalize::{DigitEdit, Dob, Identity, Precision};
use crate::rng::Rng;

/// Random base pairs behind `u`.
const RANDOM_PAIRS: usize = 20_000;
/// Base IDs whose neighbourhood is counted.
const NEIGHBOURHOODS: usize = 2_000;
/// Of those, base IDs whose persons two digits away are counted (at most
/// 5,346 numbers each, for a 12-digit ID).
const TWO_DIGIT_NEIGHBOURHOODS: usize = 200;
/// The owner's probability that spares a sampled row the block search.
const SETTLE_THRESHOLD: f64 = 0.99;
/// Sampled rows searched through the blocks (for the ID levels' `m` and the
/// share of rows in the base): a search costs what a row of the run costs.
const SEARCHED_ROWS: usize = 20_000;
/// Pairs born the same day compared for EM without IDs.
const SAME_DAY_PAIRS: usize = 2_000_000;
/// Bits by which a person must stand out (against an outsider and against
/// the runner-up) for a row's ID level to count towards the ID's `m`.
const BEYOND_DOUBT: f64 = 10.0;

/// The share of rows in the base assumed before it is estimated, and the
/// bounds of the estimate (an outsider share below 2 % is not trusted:
/// it would make every link easier).
const SHARE_START: f64 = 0.9;
const SHARE_BOUNDS: (f64, f64) = (0.05, 0.98);

/// Estimates the model for `base` from a sample of normalised input rows;
/// `match_share`, when given, fixes the share of rows in the base.
pub fn estimate(base: &BaseIndex, blocks: &Blocks, sample: &[Identity], match_share: Option<f64>) -> Model {
    let mut model = Model::new(base.len(), base.field_methods().len(), match_share.unwrap_or(SHARE_START));
    // Places weigh when the base knows where its persons lived and the rows
    // give them; a base without any history weighs none (README).
    if base.homes().is_some_and(|h| h.has_history()) && sample.iter().any(|row| row.place != Place::default())
    {
        model.use_places();
    }
    let n = base.len() as u64;
    // Too small a base has too few distinct pairs to say how often levels occur by chance.
    if n >= 2 && n * (n - 1) / 2 >= super::model::MIN_PAIRS as u64 {
        let mut rng = Rng::new(0x005e_ed0f);
        let pairs: Vec<(usize, usize)> = (0..RANDOM_PAIRS)
            .map(|_| {
                let a = rng.below(n) as usize;
                (a, (a + 1 + rng.below(n - 1) as usize) % n as usize)
            })
            .collect();
        let compared: Vec<(Comparison, [bool; 3], PlaceLevel)> =
            pairs.par_iter().map(|&(a, b)| base_pair(base, a, b)).collect();
        let share = |i: usize| {
            let agree = compared.iter().filter(|(_, same, _)| same[i]).count();
            (agree + 1) as f64 / (RANDOM_PAIRS + 1) as f64
        };
        let (folded, first, last) = (share(0), share(1), share(2));
        let (levels, by_province): (Vec<Comparison>, Vec<PlaceLevel>) =
            compared.into_iter().map(|(c, _, province)| (c, province)).unzip();
        let persons: Vec<usize> = (0..NEIGHBOURHOODS).map(|_| rng.below(n) as usize).collect();
        let counts = persons
            .par_iter()
            .map(|&p| {
                let found = id_neighbours(base, base.id(p));
                let subs = found.iter().filter(|(_, e)| *e == DigitEdit::Substitution).count();
                [subs, found.len() - subs]
            })
            .reduce(|| [0, 0], |a, b| [a[0] + b[0], a[1] + b[1]]);
        // Two digits off: many more numbers to look up around each ID.
        let far = &persons[..persons.len().min(TWO_DIGIT_NEIGHBOURHOODS)];
        let two: usize = far.par_iter().map(|&p| ids_two_digits_off(base, base.id(p))).sum();
        let (near, far) = (persons.len(), far.len());
        model.estimate_u(&levels, &by_province, [(counts[0], near), (counts[1], near), (two, far)]);
        model.set_folded_u(folded);
        model.set_word_u(first, last);
    }
    // How many rows carry a number nobody has, whoever they are.
    let ids: Vec<_> = sample.iter().filter_map(|row| row.id.key()).collect();
    let nobody =
        ids.par_iter().filter(|&&k| base.find(k).is_empty() && base.find_old(k).next().is_none()).count();
    model.set_id_nobody(nobody, ids.len());
    let by_id: Vec<Comparison> = sample
        .par_iter()
        .filter_map(|row| {
            let persons = base.find(row.id.key()?);
            (persons.len() == 1).then(|| compare(row, base, persons.start))
        })
        .collect();
    let searched = &sample[..sample.len().min(SEARCHED_ROWS)];
    if by_id.len() >= super::model::MIN_PAIRS {
        model.estimate_m(&by_id);
    } else {
        // Too few rows carry an ID that finds one person (an export without
        // IDs): EM over the pairs the blocks find for the sampled rows and
        // the pairs born the same day, most of them different persons
        // (which `u` already describes), each sample by the fields it was
        // not found by.
        let mut samples = vec![(Keyed::DOB, born_the_same_day(base, searched))];
        samples.extend(blocked_samples(base, blocks, searched));
        model.estimate_m_unsupervised(&samples);
    }
    // Rows whose other fields identify one person beyond doubt tell how
    // often an ID is right, one digit off, another's ...
    let prune = Prune::new(&model, BEYOND_DOUBT);
    let beyond_doubt = Matcher { prune: Some(&prune), weigh_id: false, ..Matcher::new(base, blocks, &model) };
    let identified: Vec<IdLevel> = searched
        .par_iter()
        .filter(|row| row.id.key().is_some() && !row.name.is_empty())
        .filter_map(|row| {
            // Only the best and anyone within BEYOND_DOUBT of it matter:
            // the others are left out uncompared (exactly, see `ceiling`).
            let mut best: Option<(f64, IdLevel)> = None;
            let mut second = f64::NEG_INFINITY;
            for c in beyond_doubt.search_blocks(row) {
                let w = c.weight;
                match best {
                    Some((b, _)) if w <= b => second = second.max(w),
                    _ => {
                        second = second.max(best.map_or(f64::NEG_INFINITY, |b| b.0));
                        best = Some((w, c.comparison.id));
                    }
                }
            }
            best.filter(|&(w, _)| w >= BEYOND_DOUBT && w - second >= BEYOND_DOUBT).map(|(_, id)| id)
        })
        .collect();
    model.estimate_id_m(&identified);
    if match_share.is_some() {
        model.set_match_share(model.match_share(), "[matching] expected_match_share");
    } else if sample.len() >= super::model::MIN_PAIRS {
        let share = estimate_share(&model, base, blocks, searched);
        model.set_match_share(share, "estimated from the input's first rows (EM over their candidates)");
    }
    model
}

/// The pairs each rule's blocks find for the sampled `rows` (with a name),
/// tallied per row, by the fields the rule is keyed on: rules keyed on the
/// same fields together (a person two of them find, once).
fn blocked_samples(base: &BaseIndex, blocks: &Blocks, rows: &[Identity]) -> Vec<(Keyed, Vec<Tally>)> {
    let flags: Vec<Keyed> = blocks.parts().iter().map(|(rule, _)| keyed_on(rule)).collect();
    let per_row: Vec<BTreeMap<Keyed, Tally>> = rows
        .par_iter()
        .filter(|row| !row.name.is_empty())
        .map(|row| {
            let prepared = Row::new(row, base);
            let mut found: Vec<(Keyed, u32)> = blocks
                .lookup(row)
                .iter()
                .flat_map(|hit| hit.persons.iter().map(|&p| (flags[hit.rule], p)))
                .collect();
            found.sort_unstable();
            found.dedup();
            let mut tallies: BTreeMap<Keyed, Tally> = BTreeMap::new();
            for (flag, p) in found {
                tallies.entry(flag).or_default().add(&compare_at(&prepared, base, p as usize));
            }
            tallies
        })
        .collect();
    let mut samples: BTreeMap<Keyed, Vec<Tally>> = BTreeMap::new();
    for tallies in per_row {
        for (flag, tally) in tallies {
            samples.entry(flag).or_default().push(tally);
        }
    }
    samples.into_iter().collect()
}

/// The fields a rule's key is made of, or tells: a given or middle name
/// (Văn, Thị) says the sex as well, so a block of persons sharing one
/// agrees on the sex far more often than random pairs do.
fn keyed_on(rule: &Rule) -> Keyed {
    rule.parts.iter().fold(Keyed::default(), |b, part| match part.field {
        Field::Surname => b.and(Keyed::NAME),
        f if f.is_name() => b.and(Keyed::NAME).and(Keyed::SEX),
        Field::Dob => b.and(Keyed::DOB),
        Field::Sex => b.and(Keyed::SEX),
        Field::Extra(i) => b.and(Keyed::field(i)),
        _ => b,
    })
}

/// Pairs of sampled `rows` (with a name and a full date) and the base
/// persons born the same day, tallied per row, at most [`SAME_DAY_PAIRS`]:
/// rows are taken in order, each whose date's persons still fit. Keyed on
/// the date alone: what the name's `m` is learnt from (every default rule
/// a row without an ID has is keyed on a part of the name).
fn born_the_same_day(base: &BaseIndex, rows: &[Identity]) -> Vec<Tally> {
    let mut pairs = 0;
    let taken: Vec<(&Identity, Dob)> = rows
        .iter()
        .filter(|row| !row.name.is_empty())
        .filter_map(|row| Some((row, row.dob().filter(|d| d.precision() == Precision::Day)?)))
        .filter(|&(_, d)| {
            let born = base.persons_born_on(d) as usize;
            let fits = born > 0 && pairs + born <= SAME_DAY_PAIRS;
            pairs += if fits { born } else { 0 };
            fits
        })
        .collect();
    let dates: HashSet<Dob> = taken.iter().map(|&(_, d)| d).collect();
    let born: Vec<(Dob, u32)> = (0..base.len())
        .into_par_iter()
        .filter_map(|p| base.dob(p).filter(|d| dates.contains(d)).map(|d| (d, p as u32)))
        .collect();
    let mut by_date: HashMap<Dob, Vec<u32>> = HashMap::new();
    for (d, p) in born {
        by_date.entry(d).or_default().push(p);
    }
    taken
        .par_iter()
        .map(|&(row, d)| {
            let prepared = Row::new(row, base);
            let mut tally = Tally::default();
            for &p in by_date.get(&d).map_or(&[][..], Vec::as_slice) {
                tally.add(&compare_at(&prepared, base, p as usize));
            }
            tally
        })
        .collect()
}

/// The share of rows whose person is in the base, by EM over the rows of
/// the sample: a row is its best candidates' person or an outsider, in
/// proportion to the candidates' likelihood ratios and the current share.
fn estimate_share(model: &Model, base: &BaseIndex, blocks: &Blocks, sample: &[Identity]) -> f64 {
    let matcher = Matcher::new(base, blocks, model);
    let n = base.len().max(2) as f64;
    // Per row: the sum over candidates of m/u (the weight less the prior), in bits.
    let ratios: Vec<f64> = sample
        .par_iter()
        .map(|row| {
            let found = matcher.search(row, SETTLE_THRESHOLD);
            let sum: f64 = found.candidates.iter().map(|c| (c.weight - model.prior()).exp2()).sum();
            sum
        })
        .collect();
    let mut share = model.match_share();
    for _ in 0..30 {
        let in_base = |lr: f64| {
            let inside = share / n * lr;
            inside / (inside + (1.0 - share))
        };
        share = (ratios.iter().map(|&r| in_base(r)).sum::<f64>() / ratios.len() as f64)
            .clamp(SHARE_BOUNDS.0, SHARE_BOUNDS.1);
    }
    share
}

/// Two base persons compared (their IDs differ by construction), and
/// whether their names fold the same way, their first words agree and
/// their last words agree; and their places as a row of `a`'s giving a
/// province only would compare.
fn base_pair(base: &BaseIndex, a: usize, b: usize) -> (Comparison, [bool; 3], PlaceLevel) {
    let (na, nb) = (base.norm_name(a), base.name_tokens(b));
    let (place, by_province) = base.homes().map_or((PlaceLevel::Missing, PlaceLevel::Missing), |h| {
        let own = h.own_place(base, a);
        let province_only = Place { commune: 0, ..own };
        let level = |place| compare_place(base, &PlaceQuery::new(place), b).0;
        (level(own), level(province_only))
    });
    let c = Comparison {
        id: IdLevel::Different,
        name: NameQuery::new(&na, base.vocab()).compare(nb, base.name_blank(b), base.vocab()),
        dob: compare_dobs(base.dob(a), base.dob(b)),
        sex: compare_sex(base.sex(a), base.sex(b)),
        fields: compare_fields(base.field_methods(), base.fields(a), base.fields(b)),
        place,
        place_count: 0,
        name_count: 0,
        dob_count: 0,
        name_rarity: 1.0,
        not_kin: false,
    };
    let fb = base.norm_name(b).folded;
    fn pick(s: &str, last: bool) -> Option<&str> {
        if last {
            s.rsplit(' ').next()
        } else {
            s.split(' ').next()
        }
    }
    let word = |x: &str, y: &str, last: bool| !x.is_empty() && pick(x, last) == pick(y, last);
    (c, [na.folded == fb, word(&na.folded, &fb, false), word(&na.folded, &fb, true)], by_province)
}
