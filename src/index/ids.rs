//! The base's ID column, sorted, and what makes a lookup in it cheap.
//!
//! Every row looks its ID up, and a row that is searched looks up ~120 IDs
//! one keying error away from its own. Most of those lie in stretches of
//! the number line where the base has nobody (another province code,
//! another century digit): an occupancy bitmap over the key range — 2^20
//! bits, 128 KB, small enough to stay in cache — answers them without
//! touching the column. At national scale nearly every stretch is occupied,
//! so a blocked Bloom filter (~11 bits an ID, one cache line a probe)
//! answers most of the rest. A probe that passes both is found through a
//! position table: the numeric key range cut into at most one bucket per
//! four IDs (4–8 IDs a bucket on evenly spread keys; 4 bytes a bucket), each bucket's IDs found by interpolation — the
//! serial digits of a CCCD are spread evenly, so the guess lands within a
//! cache line or two of the ID. A searched row's ~120 neighbour probes
//! are issued together ([`Ids::find_each`]), their filter lines fetched
//! before any is tested, so their memory waits overlap.

use std::ops::Range;

use rayon::prelude::*;

use crate::normalize::IdKey;

/// Keys at or above this hold letters ([`IdKey`]'s tag for them).
const LETTERS: u64 = 1 << 63;

/// Bits of the occupancy bitmap (log2).
const BUCKET_BITS: u32 = 20;

/// The sorted ID column and its lookup aids.
#[derive(Debug, Default)]
pub struct Ids {
    ids: Vec<IdKey>,
    /// `starts[b]`: the position of the first numeric ID whose bucket,
    /// `(key - low) >> table_shift`, is `b` or later.
    starts: Vec<u32>,
    table_shift: u32,
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
        assert!(ids.len() < u32::MAX as usize, "positions are 32-bit");
        // The bitmap and the table cover the numeric keys, which sort first;
        // the few with letters (passport-style) are searched on their own,
        // so that one of them cannot stretch the key range over 2^63.
        let numeric = || ids.iter().map(|k| k.0).filter(|&k| k < LETTERS);
        let low = numeric().min().unwrap_or(0);
        let high = numeric().max().unwrap_or(0);
        // The smallest shift that maps the whole key range onto the bitmap.
        let span = high - low;
        let shift = (u64::BITS - span.leading_zeros()).saturating_sub(BUCKET_BITS);
        let mut occupied = vec![0u64; (span >> shift) as usize / 64 + 1];
        for k in numeric() {
            let bucket = ((k - low) >> shift) as usize;
            occupied[bucket / 64] |= 1 << (bucket % 64);
        }
        // The smallest shift that leaves no more buckets than a quarter of the IDs.
        let want = (ids.len() as u64 / 4).max(1);
        let table_shift = (0..64).find(|&s| (span >> s) < want).unwrap_or(63);
        let mut starts = vec![0u32; (span >> table_shift) as usize + 2];
        for k in numeric() {
            starts[((k - low) >> table_shift) as usize + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        let filter = Filter::new(&ids);
        Ids { ids, starts, table_shift, occupied, low, shift, filter }
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

    /// [`Ids::find`] for each of `keys`, calling `found(i, positions)` for
    /// each key `i` held. The filter's lines of every key are fetched
    /// first, so the memory waits of many probes overlap.
    pub fn find_each(&self, keys: &[IdKey], mut found: impl FnMut(usize, Range<usize>)) {
        for &k in keys {
            self.filter.prefetch(k);
        }
        for (i, &k) in keys.iter().enumerate() {
            let at = self.find(k);
            if !at.is_empty() {
                found(i, at);
            }
        }
    }

    /// The first position whose ID is not below `key`.
    fn lower_bound(&self, key: IdKey) -> usize {
        if key.0 >= LETTERS {
            let numeric = self.starts.last().map_or(0, |&n| n as usize);
            return numeric + self.ids[numeric..].partition_point(|&k| k < key);
        }
        let Some(offset) = key.0.checked_sub(self.low) else { return 0 };
        let b = (offset >> self.table_shift) as usize;
        let (Some(&lo), Some(&hi)) = (self.starts.get(b), self.starts.get(b + 1)) else {
            return self.ids.len();
        };
        let (lo, hi) = (lo as usize, hi as usize);
        let within = offset - ((b as u64) << self.table_shift);
        lo + interpolated(&self.ids[lo..hi], key, within, 1u64 << self.table_shift)
    }

    /// The run of `key` starting at `start`.
    fn run_at(&self, start: usize, key: IdKey) -> Range<usize> {
        start..start + self.ids[start..].iter().take_while(|&&k| k == key).count()
    }

    /// False when no ID lies in `key`'s stretch of the key range.
    fn may_hold(&self, key: IdKey) -> bool {
        if key.0 >= LETTERS {
            return self.filter.may_hold(key);
        }
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
            // The share's IDs a run of [`FILL_RUN`] at a time: the run's
            // blocks are asked for first, so that many come from memory at
            // once, then filled.
            let fill = |words: &mut [u64], run: &[(usize, u64)]| {
                run.iter().for_each(|&(block, _)| prefetch(&words[block * 8]));
                for &(block, h) in run {
                    for (word, bit) in words[block * 8..block * 8 + 8].iter_mut().zip(bits(h)) {
                        *word |= bit;
                    }
                }
            };
            let mut run: Vec<(usize, u64)> = Vec::with_capacity(FILL_RUN);
            for k in ids {
                let h = mix(k.0);
                if let Some(block) = filter.block(h).checked_sub(first).filter(|&b| b < share) {
                    run.push((block, h));
                    if run.len() == FILL_RUN {
                        fill(words, &run);
                        run.clear();
                    }
                }
            }
            fill(words, &run);
        });
        filter.words = words;
        filter
    }

    /// The block of an ID whose hash is `h`.
    fn block(&self, h: u64) -> usize {
        (((h >> 32) * self.blocks) >> 32) as usize
    }

    /// Asks the processor to fetch `key`'s block of the filter.
    fn prefetch(&self, key: IdKey) {
        if let Some(word) = self.words.get(self.block(mix(key.0)) * 8) {
            prefetch(word);
        }
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

/// IDs of one core's share whose filter blocks are fetched together while the filter is made.
const FILL_RUN: usize = 64;

/// Asks the processor to fetch the cache line of `word`.
fn prefetch(word: &u64) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint; it reads nothing and cannot fault.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((word as *const u64).cast())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = word;
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

/// The first position in `sorted` (a bucket's IDs, which lie from its start
/// to `width` keys on) whose ID is not below `key`, `key` being `within`
/// keys from the bucket's start: a guess in proportion, then steps doubling
/// from it until the place is bracketed, then a binary search.
fn interpolated(sorted: &[IdKey], key: IdKey, within: u64, width: u64) -> usize {
    let n = sorted.len();
    if n <= 8 {
        return sorted.partition_point(|&k| k < key);
    }
    let guess = ((u128::from(within) * n as u128) / u128::from(width)).min(n as u128 - 1) as usize;
    if sorted[guess] < key {
        // The place is after the guess: double the step until an ID is not below the key.
        let (mut lo, mut step) = (guess + 1, 1);
        loop {
            let probe = guess + step;
            if probe >= n || sorted[probe] >= key {
                let hi = probe.min(n);
                return lo + sorted[lo..hi].partition_point(|&k| k < key);
            }
            lo = probe + 1;
            step *= 2;
        }
    }
    // The place is at the guess or before it.
    let (mut hi, mut step) = (guess, 1);
    loop {
        if step > guess {
            return sorted[..hi].partition_point(|&k| k < key);
        }
        let probe = guess - step;
        if sorted[probe] < key {
            return probe + 1 + sorted[probe + 1..hi].partition_point(|&k| k < key);
        }
        hi = probe;
        step *= 2;
    }
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
        let probes: Vec<IdKey> = ["001090000010", "079300000001", "001090000050"].map(numeric).to_vec();
        let mut seen = Vec::new();
        ids.find_each(&probes, |i, at| seen.push((i, at)));
        let want: Vec<(usize, Range<usize>)> =
            probes.iter().enumerate().map(|(i, &k)| (i, ids.find(k))).filter(|p| !p.1.is_empty()).collect();
        assert_eq!(seen, want);
        assert!(!seen.is_empty());
        assert!(Ids::new(Vec::new()).find(numeric("1")).is_empty());
        assert!(Ids::default().find(numeric("1")).is_empty());
        let one = Ids::new(vec![numeric("5")]);
        assert_eq!(one.find(numeric("5")), 0..1);
        assert!(one.find(numeric("6")).is_empty());
    }

    /// The table and interpolation find what a binary search finds, on
    /// clustered, duplicated and evenly spread keys, present or not.
    #[test]
    fn lookups_agree_with_a_binary_search() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state = mix(state);
            state
        };
        let mut keys: Vec<IdKey> = Vec::new();
        for cluster in 0..40u64 {
            let start = cluster * 10_000_000_000 + next() % 1_000_000_000;
            let size = next() % 3000;
            keys.extend((0..size).map(|_| IdKey(start + next() % 1_000_000)));
            keys.extend((0..size / 50).map(|_| IdKey(start + 7)));
        }
        keys.sort();
        let ids = Ids::new(keys.clone());
        for probe in keys.iter().map(|k| k.0).chain((0..20_000).map(|_| next() % 410_000_000_000)) {
            for k in [probe.saturating_sub(1), probe, probe + 1] {
                let want = keys.partition_point(|&x| x < IdKey(k));
                assert_eq!(ids.lower_bound(IdKey(k)), want, "{k}");
            }
        }
        assert_eq!(ids.lower_bound(IdKey(0)), 0);
        assert_eq!(ids.lower_bound(IdKey(u64::MAX >> 1)), keys.len());
        // Keys with letters sort after the numeric ones and do not stretch the table.
        let mut mixed = keys.clone();
        mixed.extend([IdKey(LETTERS + 5), IdKey(LETTERS + 5), IdKey(LETTERS + 900)]);
        let ids = Ids::new(mixed.clone());
        assert!(ids.starts.len() <= mixed.len() / 4 + 2, "{} buckets", ids.starts.len());
        for k in mixed.iter().map(|k| k.0).chain([LETTERS, LETTERS + 6, u64::MAX, 3]) {
            assert_eq!(ids.lower_bound(IdKey(k)), mixed.partition_point(|&x| x < IdKey(k)), "{k}");
        }
        assert_eq!(ids.find(IdKey(LETTERS + 5)).len(), 2);
        assert!(ids.find(IdKey(LETTERS + 6)).is_empty());
        let few = Ids::new(vec![IdKey(7), IdKey(7), IdKey(9)]);
        assert_eq!((few.find(IdKey(7)), few.find(IdKey(9)), few.find(IdKey(8))), (0..2, 2..3, 0..0));
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
