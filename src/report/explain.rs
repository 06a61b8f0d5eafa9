//! `doisoat explain`: for one input row, the chosen person and the
//! runner-up, each with every comparison level, its Fellegi–Sunter weight
//! (log2 of m/u, in bits) and the total: a waterfall a clerk can read.
//! Levels, not values, are shown: the row's name and date stay off the terminal.

use std::fmt::Write;

use crate::classify::Outcome;
use crate::compare::search::candidates;
use crate::compare::weights::{fields_weight, id_mu, name_weight, Mu};
use crate::compare::{compare, Comparison};
use crate::index::blocking::{Blocks, Neighbour};
use crate::index::BaseIndex;
use crate::normalize::Identity;

/// How the row's ID relates to a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdEvidence {
    /// The same ID.
    Exact,
    /// The candidate's old CMND.
    OldCmnd,
    /// One digit different or two swapped.
    Neighbour(Neighbour),
    /// The ID says nothing about this candidate.
    None,
}

/// One candidate's waterfall.
#[derive(Debug, Clone)]
pub struct Column {
    /// The candidate's ID.
    pub id: String,
    /// The ID evidence.
    pub evidence: IdEvidence,
    /// Field levels.
    pub comparison: Comparison,
    /// (field, level, weight in bits), prior first.
    pub steps: Vec<(&'static str, String, f64)>,
    /// Sum of the weights.
    pub total: f64,
}

impl Column {
    /// The match probability the total gives.
    pub fn probability(&self) -> f64 {
        1.0 / (1.0 + (-self.total).exp2())
    }
}

fn column(input: &Identity, base: &BaseIndex, person: usize, evidence: IdEvidence) -> Column {
    let c = compare(input, base, person);
    let n = base.len().max(2) as f64;
    let id_weight = match evidence {
        IdEvidence::Exact | IdEvidence::OldCmnd => id_mu(base.len()).weight(),
        IdEvidence::Neighbour(_) => Mu { m: 0.03, u: 120.0 / n.max(120.0) }.weight(),
        IdEvidence::None => 0.0,
    };
    let prior = 1.0 / n;
    let steps = vec![
        ("prior", format!("1 in {}", base.len()), (prior / (1.0 - prior)).log2()),
        ("id", format!("{evidence:?}"), id_weight),
        ("name", format!("{:?}", c.name), name_weight(&c, base.model())),
        ("dob", format!("{:?}", c.dob), base.model().dob(c.dob).weight()),
        ("sex", format!("{:?}", c.sex), base.model().sex(c.sex).weight()),
        (
            "fields",
            format!("{} agree, {} differ", c.fields.agree.count_ones(), c.fields.disagree.count_ones()),
            fields_weight(c.fields),
        ),
    ];
    let total = steps.iter().map(|s| s.2).sum();
    Column { id: base.id(person).to_string(), evidence, comparison: c, steps, total }
}

/// The chosen person (if any) and the best other candidate.
pub fn columns(input: &Identity, outcome: &Outcome, base: &BaseIndex, blocks: &Blocks) -> Vec<Column> {
    let mut all: Vec<(usize, IdEvidence)> = Vec::new();
    if let Some(key) = input.id.key() {
        all.extend(base.find(key).map(|p| (p, IdEvidence::Exact)));
        all.extend(base.find_old(key).map(|p| (p, IdEvidence::OldCmnd)));
    }
    for (p, how) in candidates(input, base, blocks, None).0 {
        if !all.iter().any(|(q, _)| *q == p) {
            all.push((p, how.map_or(IdEvidence::None, IdEvidence::Neighbour)));
        }
    }
    let mut cols: Vec<(usize, Column)> =
        all.into_iter().map(|(p, e)| (p, column(input, base, p, e))).collect();
    cols.sort_by(|a, b| b.1.total.total_cmp(&a.1.total).then(a.0.cmp(&b.0)));
    let chosen = outcome.person.and_then(|p| cols.iter().position(|(q, _)| *q == p));
    let mut out = Vec::new();
    if let Some(i) = chosen {
        out.push(cols.remove(i).1);
    }
    out.extend(cols.into_iter().take(if out.is_empty() { 2 } else { 1 }).map(|(_, c)| c));
    out
}

/// The waterfall as text.
pub fn text(row: u64, key: &str, outcome: &Outcome, cols: &[Column]) -> String {
    let mut s = String::new();
    let key = if key.is_empty() { String::new() } else { format!(" (key {key})") };
    let _ = writeln!(s, "row {row}{key}: {}", outcome.status.code());
    let _ = writeln!(
        s,
        "reasons: {}",
        if outcome.reasons.joined().is_empty() { "-".into() } else { outcome.reasons.joined() }
    );
    if cols.is_empty() {
        let _ = writeln!(s, "\nno candidate in the base (no ID match, no namesake born the same day)");
        return s;
    }
    let labels: Vec<&str> = cols
        .iter()
        .enumerate()
        .map(|(i, _)| match (i, outcome.person.is_some()) {
            (0, true) => "chosen",
            (0, false) => "best candidate",
            _ => "runner-up",
        })
        .collect();
    let _ = write!(s, "\n{:<8}", "");
    for (l, c) in labels.iter().zip(cols) {
        let _ = write!(s, "{:<36}", format!("{l} {}", c.id));
    }
    let _ = writeln!(s);
    for step in 0..cols[0].steps.len() {
        let _ = write!(s, "{:<8}", cols[0].steps[step].0);
        for c in cols {
            let (_, level, w) = &c.steps[step];
            let _ = write!(s, "{:<36}", format!("{level:<22} {w:>+8.2}"));
        }
        let _ = writeln!(s);
    }
    let _ = write!(s, "{:<8}", "total");
    for c in cols {
        let _ =
            write!(s, "{:<36}", format!("{:<22} {:>+8.2}", format!("p = {:.6}", c.probability()), c.total));
    }
    if cols.len() == 1 {
        let _ = write!(
            s,
            "\n\nno other candidate: nobody else has this ID, an ID one digit away, or the name and date"
        );
    }
    let _ = writeln!(
        s,
        "\n\nweights are log2(m/u) in bits; the status follows the rules in the README, not the total alone"
    );
    s
}
