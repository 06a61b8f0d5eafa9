//! The Fellegi–Sunter model over encodings: each field compares at a level
//! ([`super::levels`]: the ID's, the name's, a filter's same value or Dice
//! band), each level has an `m` (how often a pair of the same person shows
//! it) and a `u` (how often a pair of two persons does), and a pair's
//! weight is the sum of `log2(m/u)` over its fields.
//!
//! Estimated from the encodings alone ([`super::estimate`]), as the
//! plaintext model is from the values: `u` from random pairs of base
//! persons; `m` of each field from the sampled rows the other fields single
//! out, or by expectation-maximisation where they cannot; the share of rows
//! in the base by expectation. Samples are fixed (first rows, seeded
//! pairs): the same files give the same model.

use serde_json::{json, Value};

/// Levels of a filter field (a date, a year, an extra field): the same
/// value, three Dice bands, below them, missing ([`super::levels`]).
pub const FILTER_LEVELS: usize = 6;

/// How the row's ID hash relates to a person's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum IdLevel {
    /// The person's ID.
    Exact = 0,
    /// The person's old ID.
    OldId = 1,
    /// Another number (someone else's, or nobody's).
    Differs = 2,
    /// The row has no usable ID.
    Missing = 3,
}

/// Names of the ID levels, for the summary.
const ID_LEVELS: [&str; 4] = ["Exact", "OldId", "Differs", "Missing"];

/// One field's `m` and `u` per level.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The field's name.
    pub name: String,
    /// Each level's label.
    pub labels: Vec<String>,
    /// `m` per level.
    pub m: Vec<f64>,
    /// `u` per level.
    pub u: Vec<f64>,
    /// Weight per level (bits), from `m` and `u`.
    weight: Vec<f64>,
}

impl Table {
    fn new(name: &str, labels: Vec<String>, m: Vec<f64>, u: Vec<f64>) -> Table {
        let mut t = Table { name: name.into(), labels, m, u, weight: Vec::new() };
        t.refresh();
        t
    }

    fn refresh(&mut self) {
        // The last level (missing) weighs nothing.
        let last = self.m.len() - 1;
        self.weight =
            (0..self.m.len()).map(|l| if l == last { 0.0 } else { (self.m[l] / self.u[l]).log2() }).collect();
    }
}

/// The model: a table per field (ID first, then the filter fields), the
/// base's size and the share of rows expected in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// ID, then each filter field.
    pub tables: Vec<Table>,
    base_len: usize,
    /// The share of input rows whose person is in the base.
    pub match_share: f64,
    /// Pairs behind `u`, rows behind `m`.
    pub u_pairs: usize,
    /// Rows behind each field's `m` (0: default).
    pub m_rows: Vec<usize>,
}

/// `u` never below this: a level never seen among random pairs is rare, not impossible.
const U_FLOOR: f64 = 1e-5;
/// Fields counted on fewer rows than this keep their `m` (the estimate
/// turns to expectation-maximisation for them).
pub const MIN_ROWS: usize = 50;
/// `m` never below this.
const M_FLOOR: f64 = 1e-4;

impl Model {
    /// The defaults for a base of `base_len` persons and these fields
    /// after the ID (`fields`: name and level labels), before anything is estimated.
    pub fn new(base_len: usize, fields: &[(String, Vec<String>)]) -> Model {
        let n = base_len.max(2) as f64;
        let mut tables = vec![Table::new(
            "id",
            ID_LEVELS.iter().map(|l| l.to_string()).collect(),
            vec![0.92, 0.02, 0.06, 1.0],
            vec![1.0 / n, 0.01 / n, 1.0 - 1.01 / n, 1.0],
        )];
        for (name, labels) in fields {
            // The first level agrees, the others fall away, the last is missing.
            let k = labels.len() - 1;
            let m: Vec<f64> =
                (0..k).map(|l| if l == 0 { 0.9 } else { 0.1 / (k - 1) as f64 }).chain([1.0]).collect();
            let u: Vec<f64> =
                (0..k).map(|l| if l == 0 { 0.01 } else { 0.99 / (k - 1) as f64 }).chain([1.0]).collect();
            tables.push(Table::new(name, labels.clone(), m, u));
        }
        Model { tables, base_len, match_share: 0.9, u_pairs: 0, m_rows: vec![0; fields.len() + 1] }
    }

    /// Field `f`'s weight at `level`.
    pub fn weight(&self, f: usize, level: u8) -> f64 {
        self.tables[f].weight[level as usize]
    }

    /// The most a pair whose ID is not the row's can weigh (every other
    /// field at its best level).
    pub fn ceiling_without_id(&self) -> f64 {
        let best = |t: &Table| t.weight.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        self.weight(0, IdLevel::Differs as u8) + self.tables[1..].iter().map(best).sum::<f64>()
    }

    /// A pair's total weight.
    pub fn total(&self, levels: &[u8]) -> f64 {
        levels.iter().enumerate().map(|(f, &l)| self.weight(f, l)).sum()
    }

    /// The probability that a pair of this weight is one person, with the
    /// prior of one person among the base's for a row in the base.
    pub fn probability(&self, weight: f64) -> f64 {
        let share = self.match_share;
        let prior = (share / (1.0 - share)).log2() - (self.base_len.max(1) as f64).log2();
        1.0 / (1.0 + (-(weight + prior)).exp2())
    }

    /// Sets `u` of every field after the ID from level counts over random
    /// pairs (`counts[f][level]`); the ID's is the base's size.
    pub fn set_u(&mut self, counts: &[Vec<u64>], pairs: usize) {
        self.u_pairs = pairs;
        for (t, c) in self.tables[1..].iter_mut().zip(counts) {
            let seen: u64 = c[..c.len() - 1].iter().sum();
            if seen == 0 {
                continue;
            }
            for (u, &n) in t.u.iter_mut().zip(&c[..c.len() - 1]) {
                *u = (n as f64 / seen as f64).max(U_FLOOR);
            }
            t.refresh();
        }
    }

    /// Sets `m` of field `f` from the levels counted over `rows` rows.
    pub fn set_m(&mut self, f: usize, counts: &[u64]) {
        let seen: u64 = counts[..counts.len() - 1].iter().sum();
        self.m_rows[f] = seen as usize;
        if (seen as usize) < MIN_ROWS {
            return;
        }
        let t = &mut self.tables[f];
        for l in 0..counts.len() - 1 {
            // A little of the default mixed in, so a level the sample never showed is not impossible.
            t.m[l] = ((counts[l] as f64 + 1.0) / (seen as f64 + counts.len() as f64)).max(M_FLOOR);
        }
        t.refresh();
    }

    /// Sets `m` of field `f` from the expected level counts of matches
    /// (expectation-maximisation); its rows are the expected matches.
    pub fn set_m_expected(&mut self, f: usize, expected: &[f64]) {
        let seen: f64 = expected[..expected.len() - 1].iter().sum();
        if seen <= 0.0 {
            return;
        }
        self.m_rows[f] = seen.round() as usize;
        let t = &mut self.tables[f];
        for (m, &e) in t.m.iter_mut().zip(&expected[..expected.len() - 1]) {
            *m = (e / seen).max(M_FLOOR);
        }
        t.refresh();
    }

    /// The model for the summary.
    pub fn to_json(&self) -> Value {
        let fields: Vec<Value> = self
            .tables
            .iter()
            .enumerate()
            .map(|(f, t)| {
                let levels: Vec<Value> = (0..t.m.len() - 1)
                    .map(|l| json!({"level": t.labels[l], "m": t.m[l], "u": t.u[l], "weight": t.weight[l]}))
                    .collect();
                json!({"field": t.name, "levels": levels, "m_rows": self.m_rows[f]})
            })
            .collect();
        json!({"fields": fields, "match_share": self.match_share, "u_pairs": self.u_pairs, "base_persons": self.base_len})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_order_as_agreement() {
        let labels: Vec<String> = ["same", "close", "far", "missing"].iter().map(|s| s.to_string()).collect();
        let m = Model::new(1_000_000, &[("given".into(), labels)]);
        assert!(m.weight(1, 0) > 5.0 && m.weight(1, 2) < -2.0);
        assert_eq!(m.weight(1, 3), 0.0);
        assert!(m.weight(0, IdLevel::Exact as u8) > 15.0);
        assert!(m.probability(40.0) > 0.999 && m.probability(0.0) < 0.01);
    }
}
