//! The base's ID column, sorted, and what makes a lookup in it cheap.
//!
//! Every row looks its ID up, and a row that is searched looks up ~120 IDs
//! one keying error away from its own. Most of those lie in stretches of
//! the number line where the base has nobody (another province code,
//! another century digit): an occupancy bitmap over the key range — 2^20
//! bits, 128 KB, small enough to stay in cache — answers them without
//! touching the column. At national scale nearly every stretch is occupied,
//! so a blocked Bloom filter (~11 bits an ID, one cache line a probe)
//! answers most of the rest: a probe that passes both is found through a
//! sample of every 64th ID (1/64 of the column), then one stretch of 64 IDs.

use std::ops::Range;

use rayon::prelude::*;

use crate::normalize::IdKey;

/// Values per entry of a lookup sample (1/64 of the values: 1.25 MB for
/// 10M IDs).
const STRIDE: usize = 64;

/// Every `STRIDE`-th value of a sorted array: a first level for lookups,
/// small enough to stay in cache.
pub fn sample<T: Copy>(sorted: &[T]) -> Vec<T> {
    sorted.iter().step_by(STRIDE).copied().collect()
}

/// The first position of `sorted` whose value is not below `key`: its
/// `sample` ([`sample`]) is searched first, then one stretch of STRIDE values.
pub fn lower_bound<T: Ord + Copy>(sample: &[T], sorted: &[T], key: T) -> usize {
    let i = sample.partition_point(|&k| k < key);
    let lo = i.saturating_sub(1) * STRIDE;
    let hi = (i * STRIDE + 1).min(sorted.len());
    lo + sorted[lo..hi].partition_point(|&k| k < key)
}

/// Bits of the occupancy bitmap (log2).
const BUCKET_BITS: u32 = 20;

/// The sorted ID column and its lookup aids.
#[derive(Debug, Default)]
pub struct Ids {
    ids: Vec<IdKey>,
    /// Every `STRIDE`-th ID.
    sample: Vec<IdKey>,
    /// Bit `(key - low) >> shift` is set when some ID falls in that stretch.
    occupied: Vec<u64>,
    low: u64,
    shift: u32,
    filter: Filter,
}

impl Ids {
    /// The lookup over `ids`, which must be sorted for lookups to find
    /// them (a snapshot's column is checked after it is read).
    pub fn new(ids: Vec<IdKey>) -> Ids {
        let sample = sample(&ids);
        let low = ids.iter().map(|k| k.0).min().unwrap_or(0);
        let high = ids.iter().map(|k| k.0).max().unwrap_or(0);
        // The smallest shift that maps the whole key range onto the bitmap.
        let span = high - low;
        let shift = (u64::BITS - span.leading_zeros()).saturating_sub(BUCKET_BITS);
        let mut occupied = vec![0u64; (span >> shift) as usize / 64 + 1];
        for k in &ids {
            let bucket = ((k.0 - low) >> shift) as usize;
            occupied[bucket / 64] |= 1 << (bucket % 64);
        }
        let filter = Filter::new(&ids);
        Ids { ids, sample, occupied, low, shift, filter }
    }

    /// The IDs, in order.
    pub fn as_slice(&self) -> &[IdKey] {
        &self.ids
    }

    /// The positions whose ID is `key` (normally one; more if the base repeats an ID).
    pub fn find(&self, key: IdKey) -> Range<usize> {
        if !self.may_hold(key) {
            return 0..0;
        }
        self.run_at(self.lower_bound(key), key)
    }

    /// The positions of the IDs from `low` to `high`, both included.
    pub fn between(&self, low: IdKey, high: IdKey) -> Range<usize> {
        self.lower_bound(low)..self.lower_bound(IdKey(high.0.saturating_add(1)))
    }

    /// [`Ids::find`] for a key known to lie within `within`, positions
    /// that [`Ids::between`] gave: a search of that stretch alone, which a
    /// neighbourhood's many lookups keep in cache.
    pub fn find_within(&self, within: Range<usize>, key: IdKey) -> Range<usize> {
        let stretch = &self.ids[within.clone()];
        self.run_at(within.start + stretch.partition_point(|&k| k < key), key)
    }

    /// The first position whose ID is not below `key`.
    fn lower_bound(&self, key: IdKey) -> usize {
        lower_bound(&self.sample, &self.ids, key)
    }

    /// The run of `key` starting at `start`.
    fn run_at(&self, start: usize, key: IdKey) -> Range<usize> {
        start..start + self.ids[start..].iter().take_while(|&&k| k == key).count()
    }

    /// False when no ID lies in `key`'s stretch of the key range.
    fn may_hold(&self, key: IdKey) -> bool {
        let Some(offset) = key.0.checked_sub(self.low) else { return false };
        let bucket = offset >> self.shift;
        self.occupied.get(bucket as usize / 64).is_some_and(|w| w & (1 << (bucket % 64)) != 0)
            && self.filter.may_hold(key)
    }
}

/// IDs per 512-bit block of the filter: ~10.7 bits an ID, about one probe
/// in a hundred for an absent ID passes.
const PER_BLOCK: usize = 48;

/// A blocked Bloom filter over the IDs: each ID sets one bit in each of
/// the eight words of one 64-byte block, so a probe reads one cache line.
#[derive(Debug, Default)]
struct Filter {
    words: Vec<u64>,
    blocks: u64,
}

impl Filter {
    /// Each core fills its own share of the blocks (reading every ID), so
    /// no two cores write one word.
    fn new(ids: &[IdKey]) -> Filter {
        let blocks = ids.len().div_ceil(PER_BLOCK).max(1);
        let mut filter = Filter { words: vec![0; blocks * 8], blocks: blocks as u64 };
        let share = blocks.div_ceil(rayon::current_num_threads());
        let mut words = std::mem::take(&mut filter.words);
        words.par_chunks_mut(share * 8).enumerate().for_each(|(i, words)| {
            let first = i * share;
            for &k in ids {
                let h = mix(k.0);
                if let Some(block) = filter.block(h).checked_sub(first).filter(|&b| b < share) {
                    for (word, bit) in words[block * 8..block * 8 + 8].iter_mut().zip(bits(h)) {
                        *word |= bit;
                    }
                }
            }
        });
        filter.words = words;
        filter
    }

    /// The block of an ID whose hash is `h`.
    fn block(&self, h: u64) -> usize {
        (((h >> 32) * self.blocks) >> 32) as usize
    }

    /// False when `key` is certainly not among the IDs.
    fn may_hold(&self, key: IdKey) -> bool {
        let h = mix(key.0);
        let first = self.block(h) * 8;
        self.words
            .get(first..first + 8)
            .is_none_or(|words| words.iter().zip(bits(h)).all(|(w, b)| w & b != 0))
    }
}

/// The bit an ID whose hash is `h` sets in each of its block's eight words.
fn bits(h: u64) -> [u64; 8] {
    let g = mix(h ^ 0x5851_f42d_4c95_7f2d);
    std::array::from_fn(|i| 1 << ((g >> (6 * i)) & 63))
}

/// A 64-bit mixing function (splitmix64's finaliser).
fn mix(x: u64) -> u64 {
    let x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

impl std::ops::Index<usize> for Ids {
    type Output = IdKey;

    fn index(&self, p: usize) -> &IdKey {
        &self.ids[p]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_is_found_and_nothing_else() {
        let numeric = |s: &str| IdKey::encode(s).unwrap();
        // Clusters far apart (the bitmap's stretches), repeats, and a letter ID at the top of the range.
        let mut keys: Vec<IdKey> = (0..500u64)
            .map(|i| {
                numeric(&format!(
                    "{:012}",
                    [1_090_000_000, 79_300_000_000, 96_000_000_000][i as usize % 3] + i / 2
                ))
            })
            .collect();
        keys.push(IdKey::encode("B1234567").unwrap());
        keys.sort();
        let ids = Ids::new(keys.clone());
        for k in &keys {
            let found = ids.find(*k);
            assert_eq!(found.len(), keys.iter().filter(|o| *o == k).count(), "{k:?}");
            assert!(found.clone().all(|p| ids[p] == *k));
        }
        for absent in ["000000000001", "001090000999", "079300000001", "999999999999", "1"] {
            assert!(ids.find(numeric(absent)).is_empty(), "{absent}");
        }
        assert!(ids.find(IdKey::encode("B1234568").unwrap()).is_empty());
        // Stretches between two keys, and lookups within them.
        let window = ids.between(numeric("001090000010"), numeric("001090000100"));
        assert!(ids.as_slice()[window.clone()]
            .iter()
            .all(|&k| k >= numeric("001090000010") && k <= numeric("001090000100")));
        assert_eq!(
            window.len(),
            keys.iter().filter(|&&k| k >= numeric("001090000010") && k <= numeric("001090000100")).count()
        );
        for k in ["001090000010", "001090000050", "001090000100", "001090000051"] {
            assert_eq!(ids.find_within(window.clone(), numeric(k)).len(), ids.find(numeric(k)).len(), "{k}");
        }
        assert!(Ids::new(Vec::new()).find(numeric("1")).is_empty());
        assert!(Ids::default().find(numeric("1")).is_empty());
        let one = Ids::new(vec![numeric("5")]);
        assert_eq!(one.find(numeric("5")), 0..1);
        assert!(one.find(numeric("6")).is_empty());
    }

    #[test]
    fn the_filter_passes_every_id_and_few_others() {
        // Dense serials under a few prefixes, as a national base has them.
        let keys: Vec<IdKey> = (0..200_000u64).map(|i| IdKey(79_300_000_000 + i * 7 + i % 3)).collect();
        let filter = Filter::new(&keys);
        assert!(keys.iter().all(|&k| filter.may_hold(k)));
        let absent = (0..100_000u64).map(|i| IdKey(1_000_000_000 + i * 13));
        // Below every key: none of them is an ID.
        let passed = absent.clone().filter(|&k| filter.may_hold(k)).count();
        assert!(passed * 100 < absent.count() * 2, "{passed} absent IDs passed");
    }
}
