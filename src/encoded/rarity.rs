//! How much rarer a base person's name is than the base's count of it
//! shows — what the plaintext model learns from the name's words (a name
//! the base holds once may be rarer than one in the base's size: `Zamarion
//! E Loniewski` is, `James K Lyons` less so) and the encodings cannot tell:
//! their filters are noised, so equal words do not give equal filters.
//!
//! The base's owner reckons it while encoding the base (its names counted
//! in a first pass: each folded word's occurrences, the persons of each
//! surname + given name) and writes it, in
//! whole bits from 0 to [`MAX_EXTRA`], into three bits of each record's
//! flags. It says of a person only how much rarer the words make the name
//! than its count: the count itself the name rule's block sizes show
//! already. The linkage adds the bits to an agreeing name's weight, beside
//! what the count moves it by, as plaintext lets a name's words make it
//! rarer than its count ([`crate::compare::Model::name_weight`]).

use std::collections::HashMap;
use std::hash::BuildHasher;

use crate::index::blocking::{key_texts, Rule, SKIPPING_LARGE};
use crate::normalize::Identity;

/// The most bits a name's words may add (plaintext's `RARITY_ROOM`, 64).
pub const MAX_EXTRA: u8 = 6;
/// Where the bits sit in a record's flags.
pub const EXTRA_SHIFT: u8 = 4;
/// The flags' bits that hold them.
pub const EXTRA_MASK: u8 = 0b0111_0000;

/// The rule whose blocks count the persons of each name.
pub const NAME_RULE: &str = "name.surname + name.given";

/// The position of the name rule among `rules` (as a file's header writes
/// them, large blocks skipped or not), when it is there.
pub fn name_rule_at<S: AsRef<str>>(rules: &[S]) -> Option<usize> {
    rules.iter().position(|r| r.as_ref().trim_end_matches(SKIPPING_LARGE) == NAME_RULE)
}

/// A base's names, counted.
#[derive(Debug, Default)]
pub struct NameCounts {
    /// Occurrences of each folded word.
    words: HashMap<String, u64>,
    /// Persons by their name rule key.
    names: HashMap<u64, u32>,
    persons: u64,
}

/// The name rule, parsed.
pub fn name_rule() -> Rule {
    let on = NAME_RULE.split(" + ").map(str::to_string).collect::<Vec<_>>();
    Rule::parse(&on, &[]).expect("the name rule parses")
}

/// The name's first and last words (its surname and given name, in the
/// order the base reads names), when it has two words at least.
fn ends(person: &Identity) -> Option<(&str, &str)> {
    let mut words = person.name.folded.split(' ').filter(|w| !w.is_empty());
    let first = words.next()?;
    Some((first, words.next_back()?))
}

impl NameCounts {
    /// Counts one person; `rule` from [`name_rule`].
    pub fn add(&mut self, person: &Identity, rule: &Rule) {
        self.persons += 1;
        for w in person.name.folded.split(' ').filter(|w| !w.is_empty()) {
            *self.words.entry(w.to_string()).or_default() += 1;
        }
        if let Some(k) = name_key(person, rule) {
            *self.names.entry(k).or_default() += 1;
        }
    }

    /// Both counts together.
    pub fn merge(mut self, other: NameCounts) -> NameCounts {
        for (w, c) in other.words {
            *self.words.entry(w).or_default() += c;
        }
        for (k, c) in other.names {
            *self.names.entry(k).or_default() += c;
        }
        self.persons += other.persons;
        self
    }

    /// The bits by which `person`'s name is rarer than its count says:
    /// log2 of the share of persons with its surname + given name over the
    /// product of those two words' shares of the base's words, in whole
    /// bits from 0 to [`MAX_EXTRA`] (0 for a name of one word, or without
    /// a surname or given name). `rule` from [`name_rule`].
    pub fn extra_bits(&self, person: &Identity, rule: &Rule) -> u8 {
        let (Some((surname, given)), Some(k)) = (ends(person), name_key(person, rule)) else { return 0 };
        let Some(&count) = self.names.get(&k) else { return 0 };
        let n = self.persons.max(1) as f64;
        let share = |w: &str| self.words.get(w).copied().unwrap_or(1).max(1) as f64 / n;
        let rarity = (share(surname) * share(given)).min(1.0);
        let bits = (f64::from(count) / n / rarity).log2().floor();
        bits.clamp(0.0, f64::from(MAX_EXTRA)) as u8
    }
}

/// The key of `person`'s surname and given name under the name rule (the
/// text the name rule's block key is made of).
fn name_key(person: &Identity, rule: &Rule) -> Option<u64> {
    let text = key_texts(std::slice::from_ref(rule), person).pop().flatten()?;
    Some(foldhash::fast::FixedState::with_seed(0x6e61_6d65).hash_one(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::tests::identity;

    #[test]
    fn a_name_of_rare_words_is_rarer_than_its_count_says_a_common_one_is_not() {
        let rule = name_rule();
        let mut people = vec![identity("", "Ló Văn Sử", "1990"), identity("", "Sử", "1990")];
        let common = ["Nguyễn Văn An", "Nguyễn Thị Bình", "Trần Văn An"];
        people.extend((0..300).map(|i| identity("", common[i % 3], "1990")));
        let mut counts = NameCounts::default();
        people.iter().for_each(|p| counts.add(p, &rule));
        let halves = people.split_at(150);
        let (mut a, mut b) = (NameCounts::default(), NameCounts::default());
        halves.0.iter().for_each(|p| a.add(p, &rule));
        halves.1.iter().for_each(|p| b.add(p, &rule));
        let merged = a.merge(b);
        for c in [&counts, &merged] {
            // Ló once, Sử twice in 302 persons: 1/302 against 1/302 × 2/302.
            assert_eq!(c.extra_bits(&people[0], &rule), MAX_EXTRA);
            // Nguyễn and An (200 of 302 each) as common as the name (100) says.
            assert_eq!(c.extra_bits(&people[2], &rule), 0);
            // Trần (100) and An (200): 100/302 against 100/302 × 200/302: not a whole bit.
            assert_eq!(c.extra_bits(&people[4], &rule), 0);
            assert_eq!(c.extra_bits(&people[1], &rule), 0, "one word: no surname and given name apart");
        }
    }
}
