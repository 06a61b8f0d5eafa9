//! The encoded base's lookups and the comparison of a row with a person:
//! persons sorted by ID hash and by old-ID hash, one sorted array of
//! (key, person) per blocking rule; a row's candidates scored.

use rayon::prelude::*;

use super::levels::{compare, Compared, NameLevel};
use super::model::Model;
use crate::encoded::file::Table;
use crate::encoded::rarity::{name_rule_at, EXTRA_MASK, EXTRA_SHIFT, MAX_EXTRA};
use crate::index::blocking::SKIPPING_LARGE;

/// The most a name's rarity adds to an agreeing name's weight ([`Base::rarity`]).
pub const MOST_RARITY: f64 = COUNT_ROOM + MAX_EXTRA as f64;

/// A rule that passes over large blocks passes over blocks larger than this.
const SMALL_BLOCK: usize = 16;

/// The encoded base with its lookups.
pub struct Base {
    /// The persons' encodings.
    pub table: Table,
    by_id: Vec<(u64, u32)>,
    by_old: Vec<(u64, u32)>,
    blocks: Vec<Vec<(u64, u32)>>,
    skip_large: Vec<bool>,
    cap: usize,
    /// The rule whose key is the surname and the given name, when there is
    /// one: its blocks count the persons of each name.
    name_rule: Option<usize>,
    /// Per person, the persons sharing its surname and given name (0: no key).
    name_count: Vec<u32>,
    /// The mean of those counts over the persons with a key.
    mean_count: f64,
}

/// How far a name's count moves the weight of an agreeing name, in bits
/// either way (as in plaintext).
const COUNT_ROOM: f64 = 6.0;

fn sorted(keys: &[u64]) -> Vec<(u64, u32)> {
    let mut v: Vec<(u64, u32)> =
        keys.iter().enumerate().filter(|(_, &k)| k != 0).map(|(p, &k)| (k, p as u32)).collect();
    v.par_sort_unstable();
    v
}

fn range(sorted: &[(u64, u32)], key: u64) -> &[(u64, u32)] {
    let start = sorted.partition_point(|&(k, _)| k < key);
    let end = start + sorted[start..].partition_point(|&(k, _)| k == key);
    &sorted[start..end]
}

/// A row's candidates.
#[derive(Debug, Default)]
pub struct Found {
    /// Persons, ascending; each with whether it came by ID or from a block that was not cut.
    pub persons: Vec<(u32, bool)>,
    /// Persons whose ID is the row's.
    pub owners: Vec<u32>,
    /// Persons whose old ID is the row's.
    pub old_owners: Vec<u32>,
    /// A block was cut.
    pub capped: bool,
}

impl Base {
    /// Indexes `table`; `rules` as the header writes them.
    pub fn new(table: Table, rules: &[String], cap: usize) -> Base {
        let by_id = sorted(&table.ids);
        let by_old = sorted(&table.old_ids);
        let blocks: Vec<Vec<(u64, u32)>> = table.blocks.iter().map(|b| sorted(b)).collect();
        let skip_large = rules.iter().map(|r| r.ends_with(SKIPPING_LARGE)).collect();
        let name_rule = name_rule_at(rules);
        let mut name_count = vec![0u32; table.len()];
        if let Some(r) = name_rule {
            for run in blocks[r].chunk_by(|a, b| a.0 == b.0) {
                for &(_, p) in run {
                    name_count[p as usize] = run.len() as u32;
                }
            }
        }
        let keyed: Vec<f64> = name_count.iter().filter(|&&c| c > 0).map(|&c| f64::from(c)).collect();
        let mean_count = keyed.iter().sum::<f64>() / keyed.len().max(1) as f64;
        Base { table, by_id, by_old, blocks, skip_large, cap, name_rule, name_count, mean_count }
    }

    /// The bits a name's rarity adds to (or takes from) the weight of row
    /// `i`'s name agreeing with person `p`'s: their surname and given name
    /// are one key of the name rule, shared by so many persons against the
    /// mean (splink's term-frequency adjustment, within [`COUNT_ROOM`]),
    /// and the bits by which the name's words make it rarer still than its
    /// count says (the base's owner reckoned them: [`crate::encoded::rarity`]).
    fn rarity(&self, input: &Table, i: usize, p: usize) -> f64 {
        let Some(r) = self.name_rule else { return 0.0 };
        let key = input.blocks[r][i];
        if key == 0 || key != self.table.blocks[r][p] {
            return 0.0;
        }
        let counted = (self.mean_count / f64::from(self.name_count[p].max(1))).log2();
        let extra = ((self.table.flags[p] & EXTRA_MASK) >> EXTRA_SHIFT).min(MAX_EXTRA);
        counted.clamp(-COUNT_ROOM, COUNT_ROOM) + f64::from(extra)
    }

    /// Row `i` of `input`'s candidates by its ID alone: the persons whose ID
    /// or old ID it is.
    pub fn owners(&self, input: &Table, i: usize) -> Found {
        let mut found = Found::default();
        let id = input.ids[i];
        if id != 0 {
            found.owners = range(&self.by_id, id).iter().map(|&(_, p)| p).collect();
            found.old_owners = range(&self.by_old, id).iter().map(|&(_, p)| p).collect();
        }
        found.persons.extend(found.owners.iter().chain(&found.old_owners).map(|&p| (p, true)));
        found.persons.sort_unstable();
        found.persons.dedup();
        found
    }

    /// Row `i` of `input`'s candidates: its ID's owners and its blocks.
    pub fn candidates(&self, input: &Table, i: usize) -> Found {
        let mut found = self.owners(input, i);
        for (rule, keys) in self.blocks.iter().enumerate() {
            let k = input.blocks[rule][i];
            if k == 0 {
                continue;
            }
            let block = range(keys, k);
            if self.skip_large[rule] && block.len() > self.cap.min(SMALL_BLOCK) {
                continue;
            }
            let whole = block.len() <= self.cap;
            found.capped |= !whole;
            found.persons.extend(block[..block.len().min(self.cap)].iter().map(|&(_, p)| (p, whole)));
        }
        // One entry a person, marked whole when any of its entries is.
        found.persons.sort_unstable_by_key(|&(p, whole)| (p, !whole));
        found.persons.dedup_by_key(|&mut (p, _)| p);
        found
    }
}

/// A row compared with one person.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The person.
    pub person: u32,
    /// How they compare.
    pub compared: Compared,
    /// Found by its ID or in a block that was not cut.
    pub whole: bool,
    /// The total weight.
    pub weight: f64,
    /// The match probability.
    pub probability: f64,
}

impl Pair {
    /// The level of model field `f` ([`super::levels::AT_NAME`] ...).
    pub fn at(&self, f: usize) -> u8 {
        self.compared.levels[f]
    }
}

/// Row `i` scored against every candidate, best first (ties: the lower person first).
pub fn score(input: &Table, i: usize, base: &Base, found: &Found, model: &Model) -> Vec<Pair> {
    let mut pairs: Vec<Pair> = found
        .persons
        .iter()
        .map(|&(p, whole)| {
            let compared = compare(input, i, &base.table, p as usize);
            let agrees =
                matches!(compared.name(), NameLevel::Same | NameLevel::MiddleMissing | NameLevel::Initials);
            let rarity = if agrees { base.rarity(input, i, p as usize) } else { 0.0 };
            let weight = model.total(&compared.levels) + rarity;
            Pair { person: p, compared, whole, weight, probability: model.probability(weight) }
        })
        .collect();
    pairs.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.person.cmp(&b.person)));
    pairs
}
