//! How much rarer a base person's name is than the base's count of it
//! shows — what the plaintext model learns from the name's words (a name
//! the base holds once may be rarer than one in the base's size: `Zamarion
//! E Loniewski` is, `James K Lyons` less so) and the encodings cannot tell:
//! their filters are noised, so equal words do not give equal filters.
//!
//! The base's owner reckons it while encoding the base (its names counted
//! in a first pass: each folded word's occurrences, the middle words'
//! initials, the persons of each surname + given name) and writes it, in
//! whole bits from 0 to [`MAX_EXTRA`], into three bits of each record's
//! flags. It says of a person only how much rarer the words make the name
//! than its count: the count itself the name rule's block sizes show
//! already. The linkage adds the bits to an agreeing name's weight, beside
//! what the count moves it by, as plaintext lets a name's words make it
//! rarer than its count ([`crate::compare::Model::name_weight`]).

use std::collections::HashMap;
use std::hash::BuildHasher;

use crate::index::blocking::{key_texts, Rule};
use crate::normalize::Identity;

/// The most bits a name's words may add (plaintext's `RARITY_ROOM`, 64).
pub const MAX_EXTRA: u8 = 6;
/// Where the bits sit in a record's flags.
pub const EXTRA_SHIFT: u8 = 4;
/// The flags' bits that hold them.
pub const EXTRA_MASK: u8 = 0b0111_0000;

/// The rule whose blocks count the persons of each name (the linkage's
/// [`super::link::search::Base`] finds it by its text).
pub const NAME_RULE: &str = "name.surname + name.given";

/// A base's names, counted.
#[derive(Debug)]
pub struct NameCounts {
    /// Occurrences of each folded word.
    words: HashMap<String, u64>,
    /// Occurrences of folded words by initial (`a`–`z`, then any other).
    initials: [u64; 27],
    /// Persons by their name rule key.
    names: HashMap<u64, u32>,
    persons: u64,
    rule: Rule,
}

impl Default for NameCounts {
    fn default() -> NameCounts {
        let on = NAME_RULE.split(" + ").map(str::to_string).collect::<Vec<_>>();
        NameCounts {
            words: HashMap::new(),
            initials: [0; 27],
            names: HashMap::new(),
            persons: 0,
            rule: Rule::parse(&on, &[]).expect("the name rule parses"),
        }
    }
}

fn slot(word: &str) -> usize {
    match word.bytes().next() {
        Some(b @ b'a'..=b'z') => usize::from(b - b'a'),
        _ => 26,
    }
}

impl NameCounts {
    /// Counts one person.
    pub fn add(&mut self, person: &Identity) {
        self.persons += 1;
        for w in person.name.folded.split(' ').filter(|w| !w.is_empty()) {
            *self.words.entry(w.to_string()).or_default() += 1;
            self.initials[slot(w)] += 1;
        }
        if let Some(k) = self.name_key(person) {
            *self.names.entry(k).or_default() += 1;
        }
    }

    /// Both counts together.
    pub fn merge(mut self, other: NameCounts) -> NameCounts {
        for (w, c) in other.words {
            *self.words.entry(w).or_default() += c;
        }
        for (a, b) in self.initials.iter_mut().zip(other.initials) {
            *a += b;
        }
        for (k, c) in other.names {
            *self.names.entry(k).or_default() += c;
        }
        self.persons += other.persons;
        self
    }

    fn name_key(&self, person: &Identity) -> Option<u64> {
        let text = key_texts(std::slice::from_ref(&self.rule), person).pop().flatten()?;
        Some(foldhash::fast::FixedState::with_seed(0x6e61_6d65).hash_one(text))
    }

    /// The bits by which `person`'s name is rarer than its count says:
    /// log2 of the share of persons with its surname + given name over the
    /// product of its words' shares (a middle word's initial's share), in
    /// whole bits from 0 to [`MAX_EXTRA`] (0 without a surname or given name).
    pub fn extra_bits(&self, person: &Identity) -> u8 {
        let Some(count) = self.name_key(person).and_then(|k| self.names.get(&k)) else { return 0 };
        let n = self.persons.max(1) as f64;
        let words: Vec<&str> = person.name.folded.split(' ').filter(|w| !w.is_empty()).collect();
        let all_initials = self.initials.iter().sum::<u64>().max(1) as f64;
        let rarity: f64 = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i > 0 && i + 1 < words.len() {
                    self.initials[slot(w)] as f64 / all_initials
                } else {
                    self.words.get(*w).copied().unwrap_or(1).max(1) as f64 / n
                }
            })
            .product();
        let bits = (f64::from(*count) / n / rarity.min(1.0)).log2().floor();
        bits.clamp(0.0, f64::from(MAX_EXTRA)) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::tests::identity;

    #[test]
    fn a_name_of_rare_words_is_rarer_than_its_count_says_a_common_one_is_not() {
        let mut counts = NameCounts::default();
        let mut people = vec![identity("", "Ló Văn Sử", "1990")];
        people.extend(
            (0..300)
                .map(|i| identity("", if i % 3 == 0 { "Nguyễn Văn An" } else { "Nguyễn Thị Bình" }, "1990")),
        );
        for p in &people {
            counts.add(p);
        }
        let halves = people.split_at(150);
        let (mut a, mut b) = (NameCounts::default(), NameCounts::default());
        halves.0.iter().for_each(|p| a.add(p));
        halves.1.iter().for_each(|p| b.add(p));
        let merged = a.merge(b);
        for c in [&counts, &merged] {
            // Ló and Sử once each in 301 persons: 1/301 against (1/301)² × the V's share.
            assert_eq!(c.extra_bits(&people[0]), MAX_EXTRA);
            // Nguyễn and An as common as the name itself: nothing to add.
            assert_eq!(c.extra_bits(&people[1]), 0);
        }
        assert_eq!(counts.extra_bits(&identity("", "An", "1990")), 0, "no surname, no name key");
    }
}
