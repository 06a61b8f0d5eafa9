//! Field-level Bloom filters (Schnell, Bachteler & Reiher 2009): a value's
//! tokens (q-grams of a name part, a date's parts) each set `hashes` bits
//! of a `bits`-bit array, and two values compare by the Dice coefficient of
//! their arrays — close spellings share most tokens, so most bits.
//!
//! Hardened against the attacks published on plain filters:
//! - the positions come from a keyed hash (HMAC-SHA256 under the field's
//!   own sub-key), each position from its own two bytes of the digest
//!   ("random hashing": no double-hashing pattern to mine), so without the
//!   key nobody can encode a guess to compare;
//! - every record's filter has a fixed number of its bits flipped, at
//!   places drawn from a keyed per-record stream (randomised response, as
//!   in BLIP, with a fixed count): the same value never gives the same
//!   array twice, so counting equal arrays — the frequency attack — finds
//!   nothing to count; and two encodings of one value differ in at most
//!   the two counts' sum of bits, so "the same value" is still told apart
//!   from "one letter off" (which moves some twenty bits more).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::key::SubKey;
use crate::rng::Rng;

/// Most positions a token sets (16 two-byte slices of a 32-byte digest).
pub const MAX_HASHES: usize = 16;

/// The size of one field's filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shape {
    /// Bits (a power of two, a multiple of 64, at most 65,536).
    pub bits: u32,
    /// Positions each token sets (at most [`MAX_HASHES`]).
    pub hashes: u32,
}

impl Shape {
    /// 64-bit words of a filter.
    pub fn words(self) -> usize {
        self.bits as usize / 64
    }
}

/// One field's encoder: the field's sub-key and shape, and the positions of
/// the tokens seen so far (a handful of distinct q-grams recur in millions
/// of names, so each is hashed once per batch).
pub struct FieldCoder {
    key: SubKey,
    shape: Shape,
    cache: HashMap<Box<str>, [u16; MAX_HASHES]>,
}

impl FieldCoder {
    /// An encoder for one field.
    pub fn new(key: SubKey, shape: Shape) -> FieldCoder {
        assert!(shape.bits.is_power_of_two() && (64..=65_536).contains(&shape.bits));
        assert!((1..=MAX_HASHES as u32).contains(&shape.hashes));
        FieldCoder { key, shape, cache: HashMap::new() }
    }

    /// The filter's shape.
    pub fn shape(&self) -> Shape {
        self.shape
    }

    /// Sets the bits of `tokens` in `out` (`shape.words()` words, cleared first).
    pub fn set(&mut self, tokens: &[String], out: &mut [u64]) {
        out.fill(0);
        let (mask, k) = (self.shape.bits - 1, self.shape.hashes as usize);
        for t in tokens {
            let positions = match self.cache.get(t.as_str()) {
                Some(p) => *p,
                None => {
                    let d = self.key.digest(t.as_bytes());
                    let p: [u16; MAX_HASHES] = std::array::from_fn(|i| {
                        (u16::from_le_bytes([d[2 * i], d[2 * i + 1]]) as u32 & mask) as u16
                    });
                    self.cache.insert(t.as_str().into(), p);
                    p
                }
            };
            for &p in &positions[..k] {
                out[p as usize / 64] |= 1 << (p % 64);
            }
        }
    }
}

/// Flips `count` distinct bits of the `bits`-bit `filter`, drawn from
/// `rng`: always as many, so two encodings of one value differ in at most
/// twice that many bits, and almost never in none.
pub fn flip(filter: &mut [u64], bits: u32, count: u32, rng: &mut Rng) {
    let mut flipped = [0u32; 64];
    let count = count.min(64) as usize;
    let mut n = 0;
    while n < count {
        let b = rng.below(u64::from(bits)) as u32;
        if !flipped[..n].contains(&b) {
            flipped[n] = b;
            n += 1;
            filter[b as usize / 64] ^= 1 << (b % 64);
        }
    }
}

/// The bits in which two filters differ.
pub fn hamming(a: &[u64], b: &[u64]) -> u32 {
    a.iter().zip(b).map(|(x, y)| (x ^ y).count_ones()).sum()
}

/// The Dice coefficient of two filters: twice the shared bits over the bits set in both.
pub fn dice(a: &[u64], b: &[u64]) -> f64 {
    let (mut both, mut total) = (0u32, 0u32);
    for (x, y) in a.iter().zip(b) {
        both += (x & y).count_ones();
        total += x.count_ones() + y.count_ones();
    }
    if total == 0 {
        return 0.0;
    }
    2.0 * f64::from(both) / f64::from(total)
}

/// The padded bigrams of a folded value (`_N NG GU UY YE EN N_` for `NGUYEN`):
/// one letter keyed differently changes two of them.
pub fn bigrams(value: &str, tag: &str) -> Vec<String> {
    let chars: Vec<char> = std::iter::once('_').chain(value.chars()).chain(std::iter::once('_')).collect();
    chars.windows(2).map(|w| format!("{tag}{}{}", w[0], w[1])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoded::key::Key;

    fn coder() -> FieldCoder {
        FieldCoder::new(Key::from_bytes(&[3; 32]).sub("bloom/given"), Shape { bits: 256, hashes: 10 })
    }

    fn filter(c: &mut FieldCoder, v: &str, noise: u32, seed: u64) -> Vec<u64> {
        let mut f = vec![0; c.shape().words()];
        c.set(&bigrams(v, ""), &mut f);
        flip(&mut f, c.shape().bits, noise, &mut Rng::new(seed));
        f
    }

    #[test]
    fn close_spellings_share_most_bits_and_others_few() {
        let mut c = coder();
        let same = dice(&filter(&mut c, "NGUYEN", 0, 1), &filter(&mut c, "NGUYEN", 0, 2));
        let typo = dice(&filter(&mut c, "NGUYEN", 0, 1), &filter(&mut c, "NGUYN", 0, 2));
        let other = dice(&filter(&mut c, "NGUYEN", 0, 1), &filter(&mut c, "TRAN", 0, 2));
        assert_eq!(same, 1.0);
        assert!(typo > 0.6 && typo < 0.95, "{typo}");
        assert!(other < 0.35, "{other}");
    }

    #[test]
    fn noise_makes_equal_values_unequal_arrays_still_told_from_a_letter_off() {
        let mut c = coder();
        for (seed, (same, near)) in
            [("AN", "ANH"), ("HUNG", "HUONG"), ("NGUYEN", "NGUYN"), ("LAN", "LANH")].iter().enumerate()
        {
            let seed = seed as u64 * 10;
            let a = filter(&mut c, same, 8, seed);
            let b = filter(&mut c, same, 8, seed + 1);
            assert_ne!(a, b);
            assert!(hamming(&a, &b) <= 16, "{same}");
            assert!(hamming(&a, &filter(&mut c, near, 8, seed + 2)) > 16, "{same} {near}");
        }
    }

    #[test]
    fn flipping_flips_exactly_as_many_bits_as_asked() {
        let mut f = vec![0u64; 4];
        flip(&mut f, 256, 8, &mut Rng::new(9));
        assert_eq!(f.iter().map(|w| w.count_ones()).sum::<u32>(), 8);
    }

    #[test]
    fn another_key_sets_other_bits() {
        let mut a = coder();
        let mut b =
            FieldCoder::new(Key::from_bytes(&[4; 32]).sub("bloom/given"), Shape { bits: 256, hashes: 10 });
        assert!(dice(&filter(&mut a, "NGUYEN", 0, 1), &filter(&mut b, "NGUYEN", 0, 1)) < 0.5);
    }
}
