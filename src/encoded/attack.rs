//! `doisoat audit`: how much of an encoded base's names a frequency
//! attacker re-identifies — run by the base's owner, who holds the values
//! to score the attack against. The attacker holds the encoded base and
//! knows how often each surname and given name occurs in the population
//! (public, for Vietnamese names); the key it does not hold. Two attacks
//! per field:
//! - *frequency*: equal filters grouped, groups ranked by size and matched
//!   rank for rank with the names ranked by frequency (Kuzu et al. 2011;
//!   Christen et al. 2018): a record is re-identified when its group gets
//!   its own name;
//! - the same frequency attack on the blocking key of the surname and the
//!   given name (an exact keyed hash: blocks must find equal keys);
//! - *cluster*: the same, but a filter joins the first group whose first
//!   filter differs from it in no more bits than two encodings flip (the
//!   flips are in the file's metadata): an attacker who expects the noise
//!   and groups the encodings of one value as linkage does.

use std::collections::HashMap;
use std::hash::Hash;
use std::path::PathBuf;

use serde::Serialize;

use super::bloom::hamming;
use super::file::{header, Side, Table};
use super::owner::OwnedBase;
use super::record::{GIVEN, SURNAME};
use crate::error::{Error, Result};
use crate::normalize::text;
use crate::pipeline::Notes;

/// Groups the cluster attack keeps open (the first ones made, which the
/// frequent names make first; later filters that fit none are singletons).
const OPEN_GROUPS: usize = 4_096;

/// What `doisoat audit` was asked to do.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// The plaintext base, and the key it was encoded with.
    pub base: OwnedBase,
    /// Its encoding (`doisoat index --encoded`).
    pub encoded: PathBuf,
}

/// One field's result.
#[derive(Debug, Clone, Serialize)]
pub struct FieldAudit {
    /// `surname` or `given`.
    pub field: &'static str,
    /// Records with the field.
    pub records: u64,
    /// Distinct values among them.
    pub values: u64,
    /// Distinct filters among them.
    pub filters: u64,
    /// Share of records the frequency attack re-identifies.
    pub frequency: f64,
    /// Share of records the cluster attack re-identifies.
    pub cluster: f64,
}

/// Audits an encoded base.
pub fn audit(opts: &AuditOptions, notes: &dyn Notes) -> Result<Vec<FieldAudit>> {
    let key = opts.base.key()?;
    let h = header(&opts.encoded)?.filter(|h| h.side == Side::Base).ok_or_else(|| {
        Error::Usage(format!("{}: not an encoded base (doisoat index --encoded)", opts.encoded.display()))
    })?;
    if h.key_check != key.check_value() {
        return Err(Error::Usage(format!(
            "{}: encoded under another key than --key-file",
            opts.encoded.display()
        )));
    }
    let table = Table::read(&opts.encoded, &h)?;
    // The truth: each encoded person's name parts, found by its reference.
    let mut names: HashMap<String, (String, String)> = HashMap::new();
    opts.base.each_person(notes, |p| {
        let name = &p.identity.name;
        let [surname, _, given] = name.placed_parts().map(|p| text::fold(p.unwrap_or("")));
        let parts = (surname, given);
        names.insert(p.reference, parts);
    })?;
    let truth = |i: usize| names.get(table.key(i));
    let mut audits: Vec<FieldAudit> = [(SURNAME, "surname"), (GIVEN, "given")]
        .into_iter()
        .map(|(f, field)| {
            let rows: Vec<(usize, &str)> = (0..table.len())
                .filter(|&i| table.filters[f].get(i).is_some())
                .filter_map(|i| {
                    truth(i).map(|(s, g)| (i, if f == SURNAME { s.as_str() } else { g.as_str() }))
                })
                .collect();
            attack_field(&table, f, field, &rows)
        })
        .collect();
    // The blocking key of the surname and the given name, when a rule
    // makes one: an exact keyed hash, not hardened.
    if let Some(r) = super::rarity::name_rule_at(&h.blocks) {
        let pairs: HashMap<&str, String> =
            names.iter().map(|(k, (s, g))| (k.as_str(), format!("{s} {g}"))).collect();
        let rows: Vec<(u64, &str)> = (0..table.len())
            .filter(|&i| table.blocks[r][i] != 0)
            .filter_map(|i| pairs.get(table.key(i)).map(|v| (table.blocks[r][i], v.as_str())))
            .collect();
        let (groups, keys) = equal_groups(rows.iter().map(|&(key, _)| key));
        let values: Vec<&str> = rows.iter().map(|&(_, v)| v).collect();
        let share = reidentified(&groups, &values);
        audits.push(FieldAudit {
            field: "surname+given (block key)",
            records: rows.len() as u64,
            values: equal_groups(&values).1 as u64,
            filters: keys as u64,
            frequency: share,
            cluster: share,
        });
    }
    Ok(audits)
}

/// Each item's group, equal items one (numbered as first seen), and how
/// many groups there are.
fn equal_groups<T: Hash + Eq>(items: impl IntoIterator<Item = T>) -> (Vec<usize>, usize) {
    let mut ids: HashMap<T, usize> = HashMap::new();
    let groups = items
        .into_iter()
        .map(|x| {
            let next = ids.len();
            *ids.entry(x).or_insert(next)
        })
        .collect();
    (groups, ids.len())
}

/// The share of records a frequency attacker names rightly: groups ranked
/// by size and matched rank for rank with the true values ranked by
/// frequency (the attacker's knowledge; ties by value, by group).
fn reidentified(groups: &[usize], values: &[&str]) -> f64 {
    let mut by_value: HashMap<&str, u64> = HashMap::new();
    for &v in values {
        *by_value.entry(v).or_default() += 1;
    }
    let mut ranked: Vec<(&str, u64)> = by_value.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut sizes: HashMap<usize, u64> = HashMap::new();
    for &g in groups {
        *sizes.entry(g).or_default() += 1;
    }
    let mut order: Vec<(usize, u64)> = sizes.into_iter().collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let guess: HashMap<usize, &str> = order.iter().zip(&ranked).map(|((g, _), (v, _))| (*g, *v)).collect();
    let hit = values.iter().zip(groups).filter(|(v, g)| guess.get(g) == Some(v)).count();
    hit as f64 / values.len().max(1) as f64
}

/// Both attacks on field `f` of the `rows` (record, true value).
fn attack_field(table: &Table, f: usize, field: &'static str, rows: &[(usize, &str)]) -> FieldAudit {
    let values: Vec<&str> = rows.iter().map(|&(_, v)| v).collect();
    let filter = |i: usize| table.filters[f].get(i).expect("rows with the field only");
    // Frequency attack: equal filters are one group.
    let (exact, filters) = equal_groups(rows.iter().map(|&(i, _)| filter(i)));
    // Cluster attack: a filter joins the first open group whose first
    // filter differs from it by no more than two encodings' flips.
    let (room, mut centres) = (2 * table.flips[f], Vec::new());
    let clustered: Vec<usize> = rows
        .iter()
        .enumerate()
        .map(|(k, &(i, _))| {
            let this = filter(i);
            match centres.iter().position(|&c| hamming(filter(c), this) <= room) {
                Some(g) => g,
                None if centres.len() < OPEN_GROUPS => {
                    centres.push(i);
                    centres.len() - 1
                }
                None => usize::MAX - k,
            }
        })
        .collect();
    FieldAudit {
        field,
        records: rows.len() as u64,
        values: equal_groups(&values).1 as u64,
        filters: filters as u64,
        frequency: reidentified(&exact, &values),
        cluster: reidentified(&clustered, &values),
    }
}
