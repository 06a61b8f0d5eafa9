//! `doisoat explain`: for one input row, the chosen person (or the best
//! candidate) and the runner-up, each with every comparison level, its
//! Fellegi–Sunter weight (log2 of m/u, in bits), the total and the
//! probability, then what decided the status: a threshold, the margin over
//! the runner-up, or the one veto. The candidates and the decision are the
//! ones `reconcile` computes ([`crate::classify::decide`]), so the two cannot
//! drift. Levels, not values, are shown: the row's name and date stay off the terminal.

use std::fmt::Write;

use crate::classify::Policy;
use crate::classify::{Decision, Outcome, Why};
use crate::compare::model::Model;
use crate::compare::search::{Candidate, COMPLETED};
use crate::index::BaseIndex;

const WIDTH: usize = 38;

/// The explanation of a row that could not be read.
pub fn unreadable(row: u64, key: &str, outcome: &Outcome) -> String {
    let mut s = header(row, key, outcome);
    let _ = writeln!(s, "\nthe row could not be read, so it was not compared with anyone");
    s
}

fn header(row: u64, key: &str, outcome: &Outcome) -> String {
    let key = if key.is_empty() { String::new() } else { format!(" (key {key})") };
    let reasons = outcome.reasons.joined();
    format!(
        "row {row}{key}: {}\nreasons: {}\n",
        outcome.status.code(),
        if reasons.is_empty() { "-" } else { &reasons }
    )
}

/// The waterfall and the decision as text.
/// IDs are masked (`079******496`) unless `full_ids`.
pub fn text(
    row: u64,
    key: &str,
    d: &Decision,
    (base, model, policy): (&BaseIndex, &Model, &Policy),
    full_ids: bool,
) -> String {
    let mut s = header(row, key, &d.outcome);
    let cands = &d.search.candidates;
    if cands.is_empty() {
        let _ = writeln!(s, "\nno candidate in the base (no ID match, no one found by the blocks)");
        let _ = writeln!(s, "\ndecided: {}", decided(d, policy));
        return s;
    }
    let chosen = d.outcome.person.and_then(|p| d.search.get(p));
    let mut cols: Vec<(&str, &Candidate)> = Vec::new();
    match chosen {
        Some(c) => cols.push(("chosen", c)),
        None => cols.push(("best candidate", &cands[0])),
    }
    if let Some(r) = cands.iter().find(|c| c.person != cols[0].1.person) {
        cols.push(("runner-up", r));
    }
    let _ = write!(s, "\n{:<8}", "");
    for (label, c) in &cols {
        let id = base.id(c.person).to_string();
        let _ = write!(
            s,
            "{:<WIDTH$}",
            format!("{label} {}", if full_ids { id } else { crate::report::mask::id(&id) })
        );
    }
    let _ = writeln!(s);
    let steps: Vec<_> = cols.iter().map(|(_, c)| model.steps(&c.comparison)).collect();
    for i in 0..steps[0].len() {
        let _ = write!(s, "{:<8}", steps[0][i].0);
        for col in &steps {
            let (_, level, w) = &col[i];
            let _ = write!(s, "{:<WIDTH$}", format!("{level:<24} {w:>+9.2}"));
        }
        let _ = writeln!(s);
    }
    let _ = write!(s, "{:<8}", "total");
    for (_, c) in &cols {
        let p = format!("p = {:.6}", c.probability);
        let _ = write!(s, "{:<WIDTH$}", format!("{p:<24} {:>+9.2}", c.weight));
    }
    let _ = writeln!(s);
    if !d.search.searched {
        let _ = writeln!(
            s,
            "\nthe blocks were not searched: the ID's owner agrees on every field, so no one else could score higher"
        );
    } else if cols.len() == 1 {
        let _ = writeln!(
            s,
            "\nno other candidate: nobody else has this ID, an ID one digit away, or a block key"
        );
    }
    let _ = writeln!(s, "\ndecided: {}", decided(d, policy));
    let _ = writeln!(s, "weights are log2(m/u) in bits; the total is the posterior log-odds (model.json)");
    s
}

/// Which rule decided the row, in words.
fn decided(d: &Decision, policy: &Policy) -> String {
    let t = policy.link_threshold;
    let cands = &d.search.candidates;
    let gap = match cands.as_slice() {
        [a, b, ..] => format!("{:.1} bits ahead of the runner-up", a.weight - b.weight),
        _ => "no runner-up".into(),
    };
    let mut out = match d.why {
        Why::Unusable => "the row has neither a usable ID nor a name".into(),
        Why::Linked => format!(
            "linked: p >= link_threshold {t} and {gap} (ambiguity_margin {} bits)",
            policy.ambiguity_margin
        ),
        Why::TooClose => format!(
            "not linked: the row is more likely than not one of the candidates within \
             ambiguity_margin {} bits of the best, but the best is only {gap}",
            policy.ambiguity_margin
        ),
        Why::NeedsId => format!(
            "not linked: the best reaches link_threshold {t} and is {gap}, but was found without the \
             ID, and link_without_id = false or it was found only in blocks cut at block_cap (a row with \
             a place has such a block compared whole when it holds at most {COMPLETED} times block_cap)"
        ),
        Why::NameDiffers => format!(
            "not linked: the best reaches link_threshold {t} and is {gap}, but its name is another's and no \
             extra field is equal: only the row's own ID may link a different name (a near ID not even one \
             different at one end; without an ID, not one with an unrelated word at one end and the other \
             sex, nor another given name at the row's commune), and even the own ID only with the date of birth agreeing"
        ),
        Why::BelowThreshold => format!("not linked: no candidate reaches link_threshold {t}"),
        Why::NoCandidate => "not linked: no candidate".into(),
    };
    if d.search.vetoed > 0 {
        out.push_str(&format!(
            "; veto: the row's well-formed CCCD is nobody's, so {} person(s) found by name and date \
             were left out: their CCCD has other first six digits (province, century/sex, year)",
            d.search.vetoed
        ));
    }
    if d.search.capped && d.outcome.person.is_none() {
        out.push_str("; a block was cut at block_cap: someone found only there is not linked without the ID");
    }
    out
}
