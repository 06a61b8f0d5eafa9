//! Estimating the encoded model from the encodings (see [`super::model`]):
//! `u` from random base pairs; `m` of a field from the sampled rows whose
//! other fields single out one person beyond doubt (the field itself left
//! out of the choice, so its own agreement does not pick the pairs it is
//! counted on), twice, the second time with the first pass's weights, and
//! by expectation-maximisation for a field too few rows settle.

use rayon::prelude::*;

use super::levels::{compare, model_fields};
use super::model::{IdLevel, Model, MIN_ROWS};
use super::search::Base;
use crate::encoded::file::Table;
use crate::rng::Rng;

/// Random base pairs behind `u`.
const RANDOM_PAIRS: usize = 20_000;
/// Input rows sampled for `m` (the first ones).
const SAMPLED_ROWS: usize = 20_000;
/// Bits by which the other fields must single a person out against an
/// outsider (beyond one person in the base) and against the runner-up for
/// a field's level to count.
const BEYOND_OUTSIDER: f64 = 5.0;
const BEYOND_RUNNER: f64 = 10.0;
/// Bounds of the estimated share of rows in the base.
const SHARE_BOUNDS: (f64, f64) = (0.05, 0.98);

/// Estimates the model for `input` against `base`; `extra` names the extra compared fields.
pub fn estimate(input: &Table, base: &Base, extra: &[String], share: Option<f64>) -> Model {
    let persons = base.table.len();
    let fields = model_fields(extra);
    let mut model = Model::new(persons, &fields);
    let empty = || fields.iter().map(|(_, labels)| vec![0u64; labels.len()]).collect::<Vec<_>>();
    if persons >= 2 {
        let mut rng = Rng::new(0x00e0_c0de);
        let pairs: Vec<(usize, usize)> = (0..RANDOM_PAIRS)
            .map(|_| {
                let a = rng.below(persons as u64) as usize;
                (a, (a + 1 + rng.below(persons as u64 - 1) as usize) % persons)
            })
            .collect();
        let counts = pairs
            .par_iter()
            .fold(empty, |mut c, &(a, b)| {
                let l = compare(&base.table, a, &base.table, b).levels;
                for (f, &level) in l[1..].iter().enumerate() {
                    c[f][level as usize] += 1;
                }
                c
            })
            .reduce(empty, add);
        model.set_u(&counts, pairs.len());
    }
    // Each sampled row's candidates and their levels, computed once.
    let sample: Vec<Vec<Vec<u8>>> = (0..input.len().min(SAMPLED_ROWS))
        .into_par_iter()
        .map(|i| {
            let found = base.candidates(input, i);
            found.persons.iter().map(|&(p, _)| compare(input, i, &base.table, p as usize).levels).collect()
        })
        .collect();
    let n = (persons.max(2) as f64).log2();
    for _pass in 0..2 {
        let mut counts: Vec<Vec<u64>> = model.tables.iter().map(|t| vec![0; t.m.len()]).collect();
        for candidates in &sample {
            let totals: Vec<f64> = candidates.iter().map(|l| model.total(l)).collect();
            for (f, c) in counts.iter_mut().enumerate() {
                // The field left out of the choice it is counted on.
                let without: Vec<f64> =
                    candidates.iter().zip(&totals).map(|(l, t)| t - model.weight(f, l[f])).collect();
                if let Some((b, runner)) = ranked(&without) {
                    if without[b] >= n + BEYOND_OUTSIDER && without[b] - runner >= BEYOND_RUNNER {
                        c[candidates[b][f] as usize] += 1;
                    }
                }
            }
        }
        for (f, c) in counts.iter().enumerate() {
            model.set_m(f, c);
        }
        if !sample.is_empty() {
            model.match_share = share.unwrap_or_else(|| estimate_share(&model, &sample));
        }
        // A field too few rows single out without it (an export without
        // IDs has only its name and its date to choose by): its `m` by
        // expectation-maximisation, as the plaintext model does, over the
        // pairs the row's own ID finds, or else over every candidate pair.
        let unsettled: Vec<usize> = (1..model.tables.len()).filter(|&f| model.m_rows[f] < MIN_ROWS).collect();
        if !unsettled.is_empty() {
            let by_id: Vec<&[u8]> =
                sample.iter().flatten().filter(|l| l[0] == IdLevel::Exact as u8).map(Vec::as_slice).collect();
            let pairs: Vec<&[u8]> = if by_id.len() >= MIN_EM_PAIRS {
                by_id
            } else {
                sample.iter().flatten().take(MAX_EM_PAIRS).map(Vec::as_slice).collect()
            };
            if pairs.len() >= MIN_EM_PAIRS {
                let rows = sample.iter().filter(|c| !c.is_empty()).count();
                em(&mut model, &pairs, &unsettled, (rows as f64 / pairs.len() as f64).min(0.95));
            }
        }
    }
    model
}

/// The share of rows whose person is in the base: each row's chance of
/// being one of its candidates (their odds add up), averaged over the
/// sample, the prior set to the average, until it settles.
fn estimate_share(model: &Model, sample: &[Vec<Vec<u8>>]) -> f64 {
    let weights: Vec<Vec<f64>> = sample.iter().map(|c| c.iter().map(|l| model.total(l)).collect()).collect();
    let mut m = model.clone();
    for _ in 0..EM_ROUNDS {
        let mean = weights
            .iter()
            .map(|w| {
                let odds: f64 = w
                    .iter()
                    .map(|&w| (m.probability(w) / (1.0 - m.probability(w)).max(1e-300)).min(1e12))
                    .sum();
                odds / (1.0 + odds)
            })
            .sum::<f64>()
            / weights.len() as f64;
        m.match_share = mean.clamp(SHARE_BOUNDS.0, SHARE_BOUNDS.1);
    }
    m.match_share
}

/// Pairs [`em`] needs at least, and takes at most.
const MIN_EM_PAIRS: usize = 200;
const MAX_EM_PAIRS: usize = 400_000;
/// Rounds of [`em`].
const EM_ROUNDS: usize = 20;

/// Expectation-maximisation of the `m` of `fields` over `pairs` (each
/// pair's levels), `u` fixed; `share` the starting share of matches.
fn em(model: &mut Model, pairs: &[&[u8]], fields: &[usize], mut share: f64) {
    for _ in 0..EM_ROUNDS {
        let prior = (share / (1.0 - share)).log2();
        let mut expected: Vec<Vec<f64>> =
            fields.iter().map(|&f| vec![0.0; model.tables[f].m.len()]).collect();
        let mut total = 0.0;
        for levels in pairs {
            let p = 1.0 / (1.0 + (-(model.total(levels) + prior)).exp2());
            total += p;
            for (e, &f) in expected.iter_mut().zip(fields) {
                e[levels[f] as usize] += p;
            }
        }
        for (e, &f) in expected.iter().zip(fields) {
            model.set_m_expected(f, e);
        }
        share = (total / pairs.len() as f64).clamp(1e-4, 0.999);
    }
}

/// The best entry's position and the runner-up's value (−∞ without one).
fn ranked(values: &[f64]) -> Option<(usize, f64)> {
    let best = (0..values.len()).max_by(|&a, &b| values[a].total_cmp(&values[b]).then(b.cmp(&a)))?;
    let runner = values
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != best)
        .map(|(_, &v)| v)
        .fold(f64::NEG_INFINITY, f64::max);
    Some((best, runner))
}

fn add(mut a: Vec<Vec<u64>>, b: Vec<Vec<u64>>) -> Vec<Vec<u64>> {
    for (x, y) in a.iter_mut().zip(b) {
        for (s, t) in x.iter_mut().zip(y) {
            *s += t;
        }
    }
    a
}
