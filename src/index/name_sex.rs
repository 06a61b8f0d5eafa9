//! The sex a name speaks for, learnt from the base: for each word that is
//! not a surname (middle and given names: `THỊ`, `VĂN`, `LAN`, `MARY`), how
//! many women and men of the base carry it. An export without a sex column
//! still says something about sex through its names — a row `Gloria R
//! Roldan` carrying the ID of `Eric Richard Roldan` is a family member, not
//! Eric under a nickname — and the base's own sex column can be wrong where
//! its names are not. Words are counted folded (`THI` and `THỊ` together),
//! as bank exports write them. Middle names are counted too: how many
//! persons share one says how much agreeing on it tells a person from a
//! brother (`VĂN`, `THỊ`: little).

use std::collections::HashMap;

use super::names::initial_slot;
use super::BaseIndex;
use crate::normalize::Sex;

/// Base persons looked at (every k-th, whatever the base's size).
const BASE_SAMPLE: usize = 2_000_000;
/// A word speaks only when this many persons of the sample carry it.
const MIN_CARRIERS: u32 = 5;
/// A name speaks for a sex when its words make it this many times likelier
/// than the other (a base's sex column has errors: 8 to 1, not 100 to 1).
const ODDS: f64 = 8.0;

/// What the base says about the sex of the persons carrying each word.
#[derive(Debug, Default)]
pub struct NameSex {
    /// Per folded word: carriers who are women, men.
    words: HashMap<Box<str>, [u32; 2], foldhash::fast::FixedState>,
    /// Words counted of women, of men.
    totals: [f64; 2],
    /// Per folded first middle name: the persons carrying it.
    middles: HashMap<Box<str>, u32, foldhash::fast::FixedState>,
    /// Persons by the initial of their first middle name (`A`–`Z`, other).
    middle_initials: [u32; 27],
    /// Persons looked at.
    persons: u32,
}

/// How a row's name and a person agree on sex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SexByName {
    /// The row's name speaks for the person's sex (recorded, or what the
    /// person's own name speaks for), and nothing against it (or the
    /// person's record says nothing).
    Agrees,
    /// The row's name speaks for the person's sex by one of them and for
    /// the other by the other (one is wrong: the base's sex column or a name).
    Mixed,
    /// The row's name speaks for the other sex than everything the person's
    /// record says (the recorded sex, what the person's own name speaks for).
    Contradicts,
    /// The row's name speaks for no sex.
    Unknown,
}

fn slot(sex: Sex) -> usize {
    match sex {
        Sex::Female => 0,
        Sex::Male => 1,
    }
}

impl NameSex {
    /// Counts the words after the surname of the base's persons of known sex.
    pub fn learn(base: &BaseIndex) -> NameSex {
        let vocab = base.vocab();
        let mut by_token: HashMap<u32, [u32; 2], foldhash::fast::FixedState> = HashMap::default();
        let step = (base.len() / BASE_SAMPLE).max(1);
        let mut by_middle: HashMap<u32, u32, foldhash::fast::FixedState> = HashMap::default();
        let mut learnt = NameSex::default();
        for p in (0..base.len()).step_by(step) {
            learnt.persons += 1;
            let tokens = base.name_tokens(p);
            if let [_, middle, _, ..] = tokens {
                *by_middle.entry(*middle).or_default() += 1;
            }
            let Some(sex) = base.sex(p) else { continue };
            for &t in tokens.iter().skip(1) {
                by_token.entry(t).or_default()[slot(sex)] += 1;
            }
        }
        for (t, n) in by_middle {
            let word = vocab.folded(t);
            *learnt.middles.entry(word.into()).or_default() += n;
            learnt.middle_initials[initial_slot(word)] += n;
        }
        for (t, counts) in by_token {
            let entry = learnt.words.entry(vocab.folded(t).into()).or_default();
            for s in 0..2 {
                entry[s] += counts[s];
                learnt.totals[s] += f64::from(counts[s]);
            }
        }
        learnt
    }

    /// The share of persons whose first middle name agrees with both `a`
    /// and `b` (folded middle names, either an initial): the chance that a
    /// brother or sister agrees on it too.
    pub fn middle_share(&self, a: &str, b: &str) -> f64 {
        let full = |w: &str| w.chars().nth(1).is_some();
        let n = if full(a) && full(b) {
            self.middles.get(a).copied().unwrap_or(0)
        } else {
            self.middle_initials[initial_slot(a)]
        };
        f64::from(n) / f64::from(self.persons.max(1))
    }

    /// The sex that the words after the surname of a name (folded, surname
    /// first) speak for, if they clearly do. Initials say nothing.
    pub fn implied<'a>(&self, folded_words: impl Iterator<Item = &'a str>) -> Option<Sex> {
        if self.totals.contains(&0.0) {
            return None;
        }
        let mut log_odds = 0.0; // women over men
        for word in folded_words.skip(1).filter(|w| w.chars().nth(1).is_some()) {
            let Some(&[f, m]) = self.words.get(word) else { continue };
            if f + m < MIN_CARRIERS {
                continue;
            }
            let share = |n: u32, total: f64| (f64::from(n) + 0.5) / total;
            log_odds += (share(f, self.totals[0]) / share(m, self.totals[1])).ln();
        }
        if log_odds >= ODDS.ln() {
            Some(Sex::Female)
        } else if log_odds <= -ODDS.ln() {
            Some(Sex::Male)
        } else {
            None
        }
    }

    /// How a row's name (folded, surname first) and person `p` agree on sex.
    pub fn compare(&self, folded_name: &str, base: &BaseIndex, p: usize) -> SexByName {
        let Some(row) = self.implied(folded_name.split(' ')) else { return SexByName::Unknown };
        let vocab = base.vocab();
        let own = self.implied(base.name_tokens(p).iter().map(|&t| vocab.folded(t)));
        let said: Vec<Sex> = [base.sex(p), own].into_iter().flatten().collect();
        match (said.contains(&row), said.iter().any(|&s| s != row)) {
            (true, true) => SexByName::Mixed,
            (false, true) => SexByName::Contradicts,
            _ => SexByName::Agrees,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::tests::base_of;

    fn base() -> BaseIndex {
        // base_of records every person as a man: the women are known by name only.
        let mut rows = Vec::new();
        for i in 0..6 {
            rows.push((format!("0010{i:08}"), "Nguyễn Văn Hùng", "01/01/1990"));
            rows.push((format!("0020{i:08}"), "Trần Minh Hùng", "01/01/1990"));
        }
        rows.push(("004000000001".into(), "Lê Thị Lan", "01/01/1990"));
        base_of(&rows.iter().map(|(a, b, c)| (a.clone(), *b, *c)).collect::<Vec<_>>())
    }

    #[test]
    fn words_carried_by_one_sex_speak_for_it() {
        let b = base();
        let sex = NameSex::learn(&b);
        assert_eq!(sex.implied("NGUYEN VAN HUNG".split(' ')), None, "no women counted: no odds");
        assert_eq!(sex.totals[0], 0.0);
        // 6 VĂN, 6 MINH, 1 THỊ of 13.
        assert!((sex.middle_share("VAN", "V") - 6.0 / 13.0).abs() < 1e-9);
        assert!((sex.middle_share("THI", "THI") - 1.0 / 13.0).abs() < 1e-9);
        assert_eq!(sex.middle_share("TUAN", "TUAN"), 0.0);
    }

    #[test]
    fn contradicts_the_recorded_sex_or_the_own_name() {
        let mut sex = NameSex::default();
        sex.words.insert("THI".into(), [40, 0]);
        sex.words.insert("LAN".into(), [12, 1]);
        sex.words.insert("VAN".into(), [0, 30]);
        sex.words.insert("ANH".into(), [10, 10]);
        sex.words.insert("X".into(), [0, 50]);
        sex.totals = [100.0, 100.0];
        assert_eq!(sex.implied("TRAN THI LAN".split(' ')), Some(Sex::Female));
        assert_eq!(sex.implied("TRAN VAN ANH".split(' ')), Some(Sex::Male));
        assert_eq!(sex.implied("TRAN ANH".split(' ')), None, "a word of both sexes");
        assert_eq!(sex.implied("TRAN X".split(' ')), None, "an initial says nothing");
        assert_eq!(sex.implied("VAN".split(' ')), None, "the surname says nothing");
        let b = base(); // every person recorded a man
        let find = |name: &str| (0..b.len()).find(|&p| b.name(p) == name).unwrap();
        let (lan, hung) = (find("LÊ THỊ LAN"), find("NGUYỄN VĂN HÙNG"));
        assert_eq!(sex.compare("LE THI LAN", &b, hung), SexByName::Contradicts);
        assert_eq!(sex.compare("NGUYEN VAN ANH", &b, hung), SexByName::Agrees);
        assert_eq!(sex.compare("NGUYEN ANH", &b, hung), SexByName::Unknown);
        // Recorded a man, named a woman: a name of either sex agrees with one.
        assert_eq!(sex.compare("LE VAN ANH", &b, lan), SexByName::Mixed);
        assert_eq!(sex.compare("LE THI ANH", &b, lan), SexByName::Mixed);
    }
}
