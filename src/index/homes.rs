//! Where the base says each person lives and lived, compactly, for the
//! matcher to weigh an export's commune and province (v2 (8)): per person
//! three communes of their residence history — of permanent residence
//! first, the latest first: where they live, lived before, and often were
//! born — in 6 bytes, and
//! the province their birth was registered in, read from the CCCD's first
//! three digits (no column needed). A national base of 100M persons takes
//! 600 MB. Kept in a snapshot made with `--base-residence` (`homes` table).
//!
//! Counts per commune and per province (persons who lived there, by their
//! kept communes) give each place's share of the population: agreeing on a
//! small commune says more than agreeing on Hà Nội. The comparison itself
//! is the matcher's (`compare/place.rs`).

use rayon::prelude::*;

use super::residence::Residence;
use super::BaseIndex;
use crate::normalize::place::Place;
use crate::normalize::province::by_code;
use crate::normalize::register::register;

/// Communes kept per person.
pub const KEPT: usize = 3;

/// Commune codes are below this (5 digits, the register's largest 32,248).
const CODES: usize = 1 << 16;

/// The places of every base person.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Homes {
    /// Per person: the communes kept ([`of_periods`]; 0: none; a commune kept once).
    communes: Vec<[u16; KEPT]>,
    /// Persons per commune code, by their kept communes.
    commune_counts: Vec<u32>,
    /// Persons per post-merger province, by their kept communes' provinces.
    province_counts: Vec<u32>,
    /// The base's IDs are CCCDs: their first three digits say where a birth was registered.
    by_id: bool,
}

impl Homes {
    /// The places of `base`'s persons from `history` (none: only the
    /// registration province), the IDs read as CCCDs when `by_id`.
    pub fn new(base: &BaseIndex, history: Option<&Residence>, by_id: bool) -> Homes {
        let communes = history.map_or_else(Vec::new, |h| kept_communes(base, h, |k| k));
        Homes::from_communes(communes, by_id)
    }

    /// The places from each person's kept communes (empty: no history).
    pub fn from_communes(communes: Vec<[u16; KEPT]>, by_id: bool) -> Homes {
        // Counted a stretch of persons per task, the stretches' counts added up.
        let count = |mut counts: (Vec<u32>, Vec<u32>), kept: &[u16; KEPT]| {
            let mut provinces = [0u8; KEPT];
            for (i, &c) in kept.iter().enumerate().filter(|(_, &c)| c != 0) {
                counts.0[usize::from(c)] += 1;
                provinces[i] = register().province(u32::from(c)).unwrap_or(0);
                if provinces[i] != 0 && !provinces[..i].contains(&provinces[i]) {
                    counts.1[usize::from(provinces[i])] += 1;
                }
            }
            counts
        };
        let zero = || (vec![0u32; CODES], vec![0u32; 256]);
        let add = |mut a: (Vec<u32>, Vec<u32>), b: (Vec<u32>, Vec<u32>)| {
            a.0.iter_mut().zip(&b.0).for_each(|(x, y)| *x += y);
            a.1.iter_mut().zip(&b.1).for_each(|(x, y)| *x += y);
            a
        };
        let (commune_counts, province_counts) =
            communes.par_chunks(1 << 20).map(|chunk| chunk.iter().fold(zero(), count)).reduce(zero, add);
        Homes { communes, commune_counts, province_counts, by_id }
    }

    /// The history is known: persons have communes to compare.
    pub fn has_history(&self) -> bool {
        !self.communes.is_empty()
    }

    /// Person `p`'s place as a row of theirs would give it (the latest
    /// commune, else the registration province): what random pairs of base
    /// persons compare to learn how often places agree by chance.
    pub fn own_place(&self, base: &BaseIndex, p: usize) -> Place {
        let latest = self.communes.get(p).map_or(0, |k| u32::from(k[0]));
        if latest != 0 {
            return Place { commune: latest, province: register().province(latest).unwrap_or(0) };
        }
        Place { commune: 0, province: self.registered(base, p).unwrap_or(0) }
    }

    /// The province person `p`'s birth was registered in (post-merger code).
    pub fn registered(&self, base: &BaseIndex, p: usize) -> Option<u8> {
        if !self.by_id {
            return None;
        }
        let (n, len) = base.id(p).digits()?;
        (len == 12).then(|| by_code((n / 1_000_000_000) as u16)).flatten().map(|p| p.new_code)
    }

    /// Person `p`'s kept communes: the latest, the one before, the first (0: none).
    pub fn kept(&self, p: usize) -> [u16; KEPT] {
        self.communes.get(p).copied().unwrap_or_default()
    }

    /// The persons sharing commune `c` (by their kept communes).
    pub fn commune_count(&self, c: u32) -> u32 {
        self.commune_counts.get(c as usize).copied().unwrap_or(0)
    }

    /// The persons who lived in post-merger province `p`.
    pub fn province_count(&self, p: u8) -> u32 {
        self.province_counts[usize::from(p)]
    }
}

/// Each person's kept communes from the history, each as `form` makes it
/// (a snapshot packs them in a number). Persons who share an ID have none:
/// the periods recorded under it may be any of theirs.
pub fn kept_communes<T: Copy + Default + Send>(
    base: &BaseIndex,
    history: &Residence,
    form: fn([u16; KEPT]) -> T,
) -> Vec<T> {
    let mut out = vec![T::default(); base.len()];
    out.par_iter_mut().enumerate().for_each(|(p, slot)| {
        let periods = history.of(p as u32);
        *slot = form(of_periods(periods.iter().map(|q| (q.permanent(), q.to, q.place().commune))));
    });
    for p in 1..out.len() {
        if base.id(p) == base.id(p - 1) {
            out[p - 1] = form([0; KEPT]);
            out[p] = form([0; KEPT]);
        }
    }
    out
}

/// The kept communes of one person's periods (`(permanent, end, commune)`
/// in any order): three distinct communes, those of permanent residence
/// before those of temporary, each kind by its latest end (a current period
/// first). The first is where the person lives; a stay elsewhere begun the
/// day they moved does not push out the commune they left.
pub fn of_periods(periods: impl Iterator<Item = (bool, u32, u32)>) -> [u16; KEPT] {
    let mut ranked: Vec<(bool, u32, u16)> = periods
        .filter_map(|(permanent, to, c)| {
            u16::try_from(c).ok().filter(|&c| c != 0).map(|c| (permanent, to, c))
        })
        .collect();
    // Permanent first, then the latest end, then the larger code (any fixed order).
    ranked.sort_unstable_by(|a, b| b.cmp(a));
    let mut kept = [0u16; KEPT];
    let mut n = 0;
    for (_, _, c) in ranked {
        if n < KEPT && !kept[..n].contains(&c) {
            kept[n] = c;
            n += 1;
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permanent_communes_are_kept_first_the_latest_first() {
        let open = crate::normalize::day::OPEN;
        let (perm, temp) = (true, false);
        // Born in 5, moved to 6, then to 8 with a stay in 7 begun that day.
        let moves = [(perm, 20, 5), (perm, 30, 6), (temp, 40, 7), (perm, open, 8)];
        assert_eq!(of_periods(moves.into_iter()), [8, 6, 5]);
        assert_eq!(of_periods([(perm, 20, 5), (temp, open, 7)].into_iter()), [5, 7, 0]);
        assert_eq!(of_periods([(perm, 20, 5), (perm, open, 6), (perm, 10, 5)].into_iter()), [6, 5, 0]);
        assert_eq!(of_periods(std::iter::empty()), [0, 0, 0]);
        // A code beyond 16 bits is no commune.
        assert_eq!(of_periods([(perm, 10, 70_000), (perm, 20, 6)].into_iter()), [6, 0, 0]);
    }

    #[test]
    fn counts_are_of_persons_not_periods() {
        // Hà Nội's communes 4 and 8 (province 1), Huế's 19753 (46).
        let homes = Homes::from_communes(vec![[4, 8, 0], [4, 0, 0], [19753, 4, 0]], false);
        assert_eq!(homes.commune_count(4), 3);
        assert_eq!(homes.commune_count(8), 1);
        assert_eq!(homes.province_count(1), 3, "person 0 counted once for two communes of one province");
    }
}
