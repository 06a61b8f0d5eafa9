//! Names held compactly: each distinct name token is stored once in a
//! vocabulary with its count, and each person's name is a short run of
//! token numbers. Vietnamese names come from a few thousand syllables, so
//! 100M names take a few bytes each, and token counts give the term
//! frequencies that make agreement on `NGUYỄN` weigh less than on a rare name.

use std::collections::HashMap;

use rayon::prelude::*;

/// Distinct name tokens (canonical form) with their counts in the base.
#[derive(Debug, Default, Clone)]
pub struct Vocab {
    lookup: HashMap<Box<str>, u32, foldhash::fast::FixedState>,
    tokens: Vec<Box<str>>,
    folded: Vec<Box<str>>,
    counts: Vec<u32>,
    /// Counts by folded form, derived from `folded` and `counts` when first
    /// asked for (once the base is read).
    folded_counts: std::sync::OnceLock<FoldedCounts>,
}

/// Occurrences of each folded form (all its spellings together), and of
/// folded forms by first letter (`A`–`Z`, then anything else): how common
/// a word is whatever its diacritics, and how common an initial is.
#[derive(Debug, Clone)]
struct FoldedCounts {
    words: HashMap<Box<str>, u32, foldhash::fast::FixedState>,
    initials: [u64; 27],
}

/// The slot of a folded token's first letter in [`FoldedCounts::initials`].
pub(super) fn initial_slot(folded: &str) -> usize {
    match folded.bytes().next() {
        Some(b @ b'A'..=b'Z') => usize::from(b - b'A'),
        _ => 26,
    }
}

impl Vocab {
    /// The number of a token, adding it (and counting it) if new.
    pub fn intern(&mut self, token: &str) -> u32 {
        let id = match self.lookup.get(token) {
            Some(&id) => id,
            None => {
                let id = self.tokens.len() as u32;
                self.lookup.insert(token.into(), id);
                self.tokens.push(token.into());
                self.folded.push(crate::normalize::text::fold(token).into());
                self.counts.push(0);
                id
            }
        };
        self.count_once_more(id)
    }

    /// A vocabulary from its tokens (distinct, in number order) and their counts.
    pub fn from_parts(tokens: Vec<Box<str>>, counts: Vec<u32>) -> Vocab {
        let folded: Vec<Box<str>> = tokens.iter().map(|t| crate::normalize::text::fold(t).into()).collect();
        let lookup = tokens.iter().zip(0u32..).map(|(t, i)| (t.clone(), i)).collect();
        Vocab { lookup, tokens, folded, counts, folded_counts: Default::default() }
    }

    /// Counts one more occurrence of the known token `id`; returns `id`.
    pub fn count_once_more(&mut self, id: u32) -> u32 {
        self.counts[id as usize] += 1;
        id
    }

    /// The counts by folded form, made when first asked for.
    fn folded_counts(&self) -> &FoldedCounts {
        self.folded_counts.get_or_init(|| {
            let mut f = FoldedCounts { words: HashMap::default(), initials: [0; 27] };
            for (word, &c) in self.folded.iter().zip(&self.counts) {
                *f.words.entry(word.clone()).or_insert(0) += c;
                f.initials[initial_slot(word)] += u64::from(c);
            }
            f
        })
    }

    /// The share of token occurrences whose folded form begins like the
    /// folded word `word` (how much agreeing on its initial says).
    pub fn initial_share(&self, word: &str) -> f64 {
        let initials = &self.folded_counts().initials;
        initials[initial_slot(word)] as f64 / initials.iter().sum::<u64>().max(1) as f64
    }

    /// How many times tokens that fold to `word` occur in the base.
    pub fn folded_count(&self, word: &str) -> u32 {
        self.folded_counts().words.get(word).copied().unwrap_or(0)
    }

    /// The token with number `id`.
    pub fn token(&self, id: u32) -> &str {
        &self.tokens[id as usize]
    }

    /// The token with number `id`, folded (no diacritics, `Đ→D`).
    pub fn folded(&self, id: u32) -> &str {
        &self.folded[id as usize]
    }

    /// The number of a known token.
    pub fn get(&self, token: &str) -> Option<u32> {
        self.lookup.get(token).copied()
    }

    /// How many times the token occurs in the base.
    pub fn count(&self, id: u32) -> u32 {
        self.counts[id as usize]
    }

    /// The number of distinct tokens.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// True when no token was interned.
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

/// Every person's name as a run of token numbers.
#[derive(Debug, Default, Clone)]
pub struct NameStore {
    tokens: Vec<u32>,
    ends: Vec<u32>,
}

impl NameStore {
    /// Names from their token numbers, end to end, and where each name ends.
    pub fn from_parts(tokens: Vec<u32>, ends: Vec<u32>) -> NameStore {
        NameStore { tokens, ends }
    }

    /// The token numbers of all names, end to end, and where each name ends.
    pub fn parts(&self) -> (&[u32], &[u32]) {
        (&self.tokens, &self.ends)
    }

    /// Appends one name.
    pub fn push(&mut self, tokens: impl IntoIterator<Item = u32>) {
        self.tokens.extend(tokens);
        self.ends.push(self.tokens.len() as u32);
    }

    /// The token numbers of name `i`.
    pub fn get(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.tokens[start..self.ends[i] as usize]
    }

    /// The number of names.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// A copy with names in the order `order` gives.
    pub fn permuted(&self, order: &[u32]) -> NameStore {
        let mut ends: Vec<u32> = order.par_iter().map(|&i| self.get(i as usize).len() as u32).collect();
        let mut end = 0;
        for e in &mut ends {
            end += *e;
            *e = end;
        }
        // Stretches of names copied on every core, each into its own part of the tokens.
        const STRETCH: usize = 1 << 16;
        let mut tokens = vec![0u32; end as usize];
        let mut rest = &mut tokens[..];
        let mut parts = Vec::with_capacity(order.len() / STRETCH + 1);
        for (k, stretch) in order.chunks(STRETCH).enumerate() {
            let start = if k == 0 { 0 } else { ends[k * STRETCH - 1] };
            let (part, tail) = rest.split_at_mut((ends[k * STRETCH + stretch.len() - 1] - start) as usize);
            parts.push((stretch, part));
            rest = tail;
        }
        parts.into_par_iter().for_each(|(stretch, part)| {
            let mut at = 0;
            for &i in stretch {
                let name = self.get(i as usize);
                part[at..at + name.len()].copy_from_slice(name);
                at += name.len();
            }
        });
        NameStore { tokens, ends }
    }

    /// Name `i` in canonical form, tokens joined by single spaces.
    pub fn canonical(&self, i: usize, vocab: &Vocab) -> String {
        self.joined(i, |t| vocab.token(t))
    }

    /// Name `i` in folded form, tokens joined by single spaces.
    pub fn folded(&self, i: usize, vocab: &Vocab) -> String {
        self.joined(i, |t| vocab.folded(t))
    }

    fn joined<'a>(&self, i: usize, form: impl Fn(u32) -> &'a str) -> String {
        let mut s = String::new();
        for &t in self.get(i) {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(form(t));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_stored_once_and_counted() {
        let mut v = Vocab::default();
        let mut names = NameStore::default();
        for n in ["NGUYỄN VĂN AN", "NGUYỄN THỊ BÌNH", "TRẦN AN"] {
            let ids: Vec<u32> = n.split(' ').map(|t| v.intern(t)).collect();
            names.push(ids);
        }
        assert_eq!(v.len(), 6);
        assert_eq!(v.count(v.get("NGUYỄN").unwrap()), 2);
        assert_eq!(v.count(v.get("AN").unwrap()), 2);
        assert_eq!(names.canonical(1, &v), "NGUYỄN THỊ BÌNH");
        assert_eq!(names.folded(1, &v), "NGUYEN THI BINH");
        let p = names.permuted(&[2, 0, 1]);
        assert_eq!(p.canonical(0, &v), "TRẦN AN");
        assert_eq!(p.canonical(2, &v), "NGUYỄN THỊ BÌNH");
    }

    #[test]
    fn permutations_over_many_stretches_keep_every_name() {
        // Names of 0 to 4 tokens, more than two stretches of them, reversed.
        let mut names = NameStore::default();
        let n = 150_001u32;
        for i in 0..n {
            names.push((0..i % 5).map(|k| i * 7 + k));
        }
        let order: Vec<u32> = (0..n).rev().collect();
        let p = names.permuted(&order);
        assert_eq!(p.len(), n as usize);
        for (new, &old) in order.iter().enumerate() {
            assert_eq!(p.get(new), names.get(old as usize), "{old}");
        }
    }
}
