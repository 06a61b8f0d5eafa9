//! String metrics on character slices, without allocating for names of
//! ordinary length: the optimal string alignment distance as far as a name
//! comparison needs it (0, 1, 2 or more), and Jaro–Winkler. Both give
//! exactly what `strsim::osa_distance` and `strsim::jaro_winkler` give on
//! the same characters (the tests check it), at a fraction of the cost.

/// Characters a name may have for the metrics to work on the stack; a
/// longer one takes a heap buffer.
pub const STACK_CHARS: usize = 64;

/// The optimal string alignment distance (Damerau–Levenshtein restricted
/// to adjacent transpositions, as `strsim::osa_distance`), capped at 3:
/// exact for 0, 1 and 2, and 3 for any larger distance.
///
/// Only the band of cells within two of the diagonal is computed: every
/// cell's distance is at least its distance from the diagonal, and the
/// cells an alignment of cost at most 2 passes through are all in the band.
pub fn osa_capped(a: &[char], b: &[char]) -> u8 {
    const CAP: u8 = 3;
    if a.len().abs_diff(b.len()) > 2 {
        return CAP;
    }
    // Row i holds the cells (i, i + k - 2) for k in 0..5; outside the
    // matrix or the band, CAP.
    let at = |row: &[u8; 5], k: isize| if (0..5).contains(&k) { row[k as usize] } else { CAP };
    let mut two_back = [CAP; 5];
    let mut prev = [CAP; 5];
    for (k, cell) in prev.iter_mut().enumerate().skip(2) {
        if k - 2 <= b.len() {
            *cell = (k - 2) as u8;
        }
    }
    for i in 1..=a.len() {
        let mut row = [CAP; 5];
        for k in 0..5isize {
            let j = i as isize + k - 2;
            if j < 0 || j > b.len() as isize {
                continue;
            }
            if j == 0 {
                row[k as usize] = (i as u8).min(CAP);
                continue;
            }
            let j = j as usize;
            let (ac, bc) = (a[i - 1], b[j - 1]);
            let left = if k > 0 { row[k as usize - 1] } else { CAP };
            let mut d = (left + 1).min(at(&prev, k + 1) + 1).min(prev[k as usize] + u8::from(ac != bc));
            if i > 1 && j > 1 && ac != bc && ac == b[j - 2] && bc == a[i - 2] {
                d = d.min(two_back[k as usize] + 1);
            }
            row[k as usize] = d.min(CAP);
        }
        two_back = prev;
        prev = row;
    }
    // The last cell (a.len(), b.len()) is at k = b.len() - a.len() + 2.
    prev[(b.len() as isize - a.len() as isize + 2) as usize]
}

/// Jaro–Winkler similarity, computed as `strsim::jaro_winkler` computes it
/// (the same operations in the same order, so the same `f64`).
pub fn jaro_winkler(a: &[char], b: &[char]) -> f64 {
    let sim = jaro(a, b);
    if sim > 0.7 {
        let prefix_length = a.iter().take(4).zip(b).take_while(|(x, y)| x == y).count();
        sim + 0.1 * prefix_length as f64 * (1.0 - sim)
    } else {
        sim
    }
}

/// False when the Jaro–Winkler similarity of `a` and `b` is surely below
/// 0.94, by their lengths alone. It reaches 0.94 only from a Jaro
/// similarity of 0.9 (the prefix bonus adds at most 0.4 of what is left),
/// and Jaro is at most (s/L + 1 + 1) / 3 for lengths s ≤ L (no more
/// matches than the shorter has): 0.9 needs s/L ≥ 0.7. Below it the true
/// value is short of 0.94 by far more than any rounding.
pub fn jaro_winkler_may_reach_094(a: &[char], b: &[char]) -> bool {
    let (s, l) = (a.len().min(b.len()), a.len().max(b.len()));
    10 * s >= 7 * l
}

/// Jaro similarity, as `strsim::generic_jaro`.
fn jaro(a: &[char], b: &[char]) -> f64 {
    let (a_len, b_len) = (a.len(), b.len());
    if a_len == 0 && b_len == 0 {
        return 1.0;
    } else if a_len == 0 || b_len == 0 {
        return 0.0;
    }
    let search_range = (a_len.max(b_len) / 2).saturating_sub(1);
    let mut stack = [false; 2 * STACK_CHARS];
    let mut heap = Vec::new();
    let flags: &mut [bool] = if a_len + b_len <= stack.len() {
        &mut stack[..a_len + b_len]
    } else {
        heap.resize(a_len + b_len, false);
        &mut heap
    };
    let (a_flags, b_flags) = flags.split_at_mut(a_len);
    let mut matches = 0usize;
    for (i, x) in a.iter().enumerate() {
        let lo = i.saturating_sub(search_range);
        let hi = b_len.min(i + search_range + 1);
        for j in lo..hi {
            if *x == b[j] && !b_flags[j] {
                a_flags[i] = true;
                b_flags[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut b_matched = b.iter().zip(b_flags.iter()).filter(|(_, f)| **f).map(|(c, _)| c);
    for (x, _) in a.iter().zip(a_flags.iter()).filter(|(_, f)| **f) {
        if b_matched.next().is_some_and(|y| x != y) {
            transpositions += 1;
        }
    }
    transpositions /= 2;
    ((matches as f64 / a_len as f64)
        + (matches as f64 / b_len as f64)
        + ((matches - transpositions) as f64 / matches as f64))
        / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// Random strings over a small alphabet (so that they share letters),
    /// with a space and a non-ASCII letter among them.
    fn random(rng: &mut Rng, max: u64) -> String {
        const ALPHABET: [char; 8] = ['A', 'N', 'H', 'G', 'U', ' ', 'Ư', 'T'];
        (0..rng.below(max + 1)).map(|_| ALPHABET[rng.below(ALPHABET.len() as u64) as usize]).collect()
    }

    fn edited(rng: &mut Rng, s: &str) -> String {
        let mut c: Vec<char> = s.chars().collect();
        for _ in 0..rng.below(4) {
            let i = rng.below(c.len() as u64 + 1) as usize;
            match rng.below(4) {
                0 if i < c.len() => drop(c.remove(i)),
                1 if i + 1 < c.len() => c.swap(i, i + 1),
                2 if i < c.len() => c[i] = 'X',
                _ => c.insert(i, 'N'),
            }
        }
        c.into_iter().collect()
    }

    #[test]
    fn osa_and_jaro_winkler_agree_with_strsim() {
        let mut rng = Rng::new(7);
        for round in 0..60_000 {
            let a = random(&mut rng, if round % 10 == 0 { 90 } else { 14 });
            let b = if round % 2 == 0 { edited(&mut rng, &a) } else { random(&mut rng, 14) };
            let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let want = strsim::osa_distance(&a, &b).min(3) as u8;
            assert_eq!(osa_capped(&ac, &bc), want, "{a:?} {b:?}");
            let want = strsim::jaro_winkler(&a, &b);
            assert_eq!(jaro_winkler(&ac, &bc).to_bits(), want.to_bits(), "{a:?} {b:?}");
            assert!(want < 0.94 || jaro_winkler_may_reach_094(&ac, &bc), "{a:?} {b:?}");
        }
    }

    #[test]
    fn known_values() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(osa_capped(&c("HUNG"), &c("HUGN")), 1);
        assert_eq!(osa_capped(&c(""), &c("AB")), 2);
        assert_eq!(osa_capped(&c("ABC"), &c("")), 3);
        assert_eq!(osa_capped(&c("CA"), &c("ABC")), 3);
        assert_eq!(osa_capped(&c("NGUYEN VAN AN"), &c("NGUYEN VAN AN")), 0);
    }
}
