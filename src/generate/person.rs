//! Synthetic persons: sex, date of birth, birth-registration province by
//! population, a realistic name, a CCCD consistent with province, century/sex
//! digit and birth year (domain.md §1.1), an old CMND for a share of adults,
//! and a few deceased persons and numbers with the wrong structure, as the
//! real base has.

use std::collections::HashMap;

use super::names;
use super::rng::{Rng, Weighted};
use crate::normalize::province::{Province, PROVINCES};
use crate::normalize::{Dob, Sex};

/// The reference date of the synthetic base (ages are counted to it).
pub const REFERENCE_YEAR: u32 = 2025;

/// One synthetic person.
#[derive(Debug, Clone)]
pub struct Person {
    /// 12-digit CCCD.
    pub id: String,
    /// Old 9-digit CMND, for some adults.
    pub old_id: Option<String>,
    /// Name tokens, surname first.
    pub name: Vec<&'static str>,
    /// Sex.
    pub sex: Sex,
    /// Date of birth.
    pub dob: Dob,
    /// The base knows only the birth year.
    pub year_only: bool,
    /// Birth-registration province.
    pub province: &'static Province,
    /// Date of death, if deceased.
    pub death: Option<Dob>,
    /// The CCCD's century/sex or year digits disagree with the record.
    pub wrong_structure: bool,
}

impl Person {
    /// The full name, tokens joined by spaces.
    pub fn full_name(&self) -> String {
        self.name.join(" ")
    }
}

/// Makes persons with unique ID numbers.
pub struct PersonFactory {
    provinces: Weighted<usize>,
    surnames: Weighted<&'static str>,
    middle_m: Weighted<&'static str>,
    middle_f: Weighted<&'static str>,
    given_m: Weighted<&'static str>,
    given_f: Weighted<&'static str>,
    second_middle: Weighted<&'static str>,
    cccd_counters: HashMap<u32, u32>,
    cmnd_counters: HashMap<u32, u32>,
    salt: u64,
    descending: bool,
}

fn weighted(table: &'static [(&'static str, f64)]) -> Weighted<&'static str> {
    Weighted::new(table.iter().copied())
}

/// A bijection of `0..modulus` (affine map with a multiplier coprime to 10),
/// so sequential counters give unique, random-looking serial numbers.
fn scramble(n: u64, salt: u64, modulus: u64) -> u64 {
    (n * 387_403 + salt % modulus) % modulus
}

impl PersonFactory {
    /// A factory whose numbering depends on `seed`.
    pub fn new(seed: u64) -> PersonFactory {
        PersonFactory {
            provinces: Weighted::new(
                PROVINCES.iter().enumerate().map(|(i, p)| (i, f64::from(p.population_k))),
            ),
            surnames: weighted(names::SURNAMES),
            middle_m: weighted(names::MIDDLE_MALE),
            middle_f: weighted(names::MIDDLE_FEMALE),
            given_m: weighted(names::GIVEN_MALE),
            given_f: weighted(names::GIVEN_FEMALE),
            second_middle: weighted(names::SECOND_MIDDLE),
            cccd_counters: HashMap::new(),
            cmnd_counters: HashMap::new(),
            salt: Rng::new(seed).next_u64(),
            descending: false,
        }
    }

    /// A factory for persons outside the base: the same numbering, counted
    /// from the other end, so their numbers are never a base person's.
    pub fn outsiders(seed: u64) -> PersonFactory {
        PersonFactory { descending: true, ..PersonFactory::new(seed) }
    }

    /// The `n`-th serial of a block of `modulus`, in this factory's direction.
    fn serial(&self, n: u32, salt: u64, modulus: u64) -> u64 {
        let n = if self.descending { modulus - 1 - u64::from(n) } else { u64::from(n) };
        scramble(n, salt, modulus)
    }

    /// One person with the given traits.
    pub fn person(&mut self, rng: &mut Rng, traits: Traits) -> Person {
        let deceased = traits.deceased;
        let sex = if rng.chance(0.5) { Sex::Male } else { Sex::Female };
        let dob = birth_date(rng, traits.birth_year);
        let province = &PROVINCES[self.provinces.draw(rng)];
        let name = self.name(rng, sex);
        let wrong_structure = rng.chance(0.003);
        let id = self.cccd(province.code, sex, dob.year(), wrong_structure, rng);
        let adult_before_2016 = dob.year() + 14 <= 2015;
        let old_id = (adult_before_2016 && rng.chance(0.35)).then(|| self.cmnd(province.code));
        let year_only = dob.year() < 1955 && rng.chance(0.05);
        let death = deceased.then(|| {
            let year = dob.year() + rng.below(u64::from(REFERENCE_YEAR - dob.year()) + 1) as u32;
            let death =
                Dob::new(year.min(REFERENCE_YEAR), 1 + rng.below(12) as u32, 1 + rng.below(28) as u32);
            // Death comes after birth, even within the birth year.
            if death > dob {
                death
            } else {
                Dob::new(dob.year(), 12, 31)
            }
        });
        Person { id, old_id, name, sex, dob, year_only, province, death, wrong_structure }
    }

    fn name(&self, rng: &mut Rng, sex: Sex) -> Vec<&'static str> {
        let (middle, given, p4, p2) = match sex {
            Sex::Male => (&self.middle_m, &self.given_m, 0.26, 0.01),
            Sex::Female => (&self.middle_f, &self.given_f, 0.63, 0.01),
        };
        let mut name = vec![self.surnames.draw(rng)];
        let x = rng.unit();
        if x >= p2 {
            name.push(middle.draw(rng));
        }
        if x >= 1.0 - p4 {
            let second = self.second_middle.draw(rng);
            if name.last() != Some(&second) {
                name.push(second);
            }
        }
        // A token never repeats the one before it (Hoàng Hoàng).
        let last = *name.last().expect("a surname");
        let given = (0..20).map(|_| given.draw(rng)).find(|g| *g != last).unwrap_or("An");
        name.push(given);
        name
    }

    fn cccd(&mut self, code: u16, sex: Sex, year: u32, wrong: bool, rng: &mut Rng) -> String {
        let mut g = 2 * ((year - 1900) / 100) + u32::from(sex == Sex::Female);
        let mut yy = year % 100;
        let mut code = code;
        if wrong {
            match rng.below(5) {
                0 | 1 => g ^= 1,                                   // sex digit disagrees
                2 | 3 => yy = (yy + 1) % 100,                      // year digits disagree
                _ => code = [3, 5, 97, 99][rng.below(4) as usize], // no such province
            }
        }
        let key = u32::from(code) * 1000 + g * 100 + yy;
        let n = self.cccd_counters.entry(key).or_insert(0);
        let count = *n;
        *n += 1;
        let serial = self.serial(count, self.salt ^ u64::from(key), 1_000_000);
        format!("{code:03}{g}{yy:02}{serial:06}")
    }

    fn cmnd(&mut self, code: u16) -> String {
        let prefix = cmnd_prefix(code);
        let n = self.cmnd_counters.entry(prefix).or_insert(0);
        let count = *n;
        *n += 1;
        let serial = self.serial(count, self.salt.rotate_left(17) ^ u64::from(prefix), 10_000_000);
        format!("{prefix:02}{serial:07}")
    }
}

/// The 2-digit CMND prefix of a province (domain.md §1.5 where known; a
/// stand-in for the others: synthetic numbers only need to look plausible).
fn cmnd_prefix(code: u16) -> u32 {
    match code {
        1 => 1,
        79 => 2,
        31 => 3,
        14 => 5,
        2 => 7,
        22 => 10,
        17 => 11,
        24 | 27 => 12,
        25 => 13,
        30 | 33 => 14,
        35 => 16,
        42 => 18,
        44 | 45 => 19,
        49 => 20,
        51 | 52 => 21,
        54 | 56 => 22,
        64 => 23,
        58 | 60 => 26,
        77 | 75 => 27,
        74 => 28,
        72 => 29,
        83 => 32,
        89 => 35,
        93 | 94 => 36,
        95 => 38,
        other => 40 + u32::from(other) % 50,
    }
}

/// What is decided about person `i` before the person is made, from the
/// seed and the index alone, so that export rows can be planned for
/// deceased persons or an exam cohort while persons stream out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Traits {
    /// Deceased (about 1%).
    pub deceased: bool,
    /// Birth year: ages 0–100 at the reference year, fewer at the old end.
    pub birth_year: u32,
    /// A uniform number for choices made from the traits (an exam cohort).
    pub lot: u16,
}

impl Traits {
    /// The traits of person `i` under `seed`.
    pub fn of(seed: u64, i: u64) -> Traits {
        let mut rng = Rng::new(seed ^ 0x7a17_5eed).fork(i);
        let age = loop {
            let a = rng.below(101) as u32;
            let keep = if a <= 60 { 1.0 } else { 1.0 - f64::from(a - 60) / 42.0 };
            if rng.chance(keep) {
                break a;
            }
        };
        // The old die more often; about 1% overall.
        let deceased = rng.chance(if age >= 60 { 0.03 } else { 0.004 });
        let lot = rng.below(1 << 16) as u16;
        Traits { deceased, birth_year: REFERENCE_YEAR - age, lot }
    }
}

fn birth_date(rng: &mut Rng, year: u32) -> Dob {
    // Older records often carry 01/01 for an unknown day and month (domain.md §5).
    if year < 1960 && rng.chance(0.1) {
        return Dob::new(year, 1, 1);
    }
    let month = 1 + rng.below(12) as u32;
    let days = match month {
        2 if year.is_multiple_of(4) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    Dob::new(year, month, 1 + rng.below(days) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::province::by_code;

    #[test]
    fn cccd_agrees_with_province_sex_and_year() {
        let mut f = PersonFactory::new(3);
        let mut rng = Rng::new(3);
        let mut seen = std::collections::HashSet::new();
        for i in 0..20_000 {
            let p = f.person(&mut rng, Traits::of(3, i));
            assert!(seen.insert(p.id.clone()), "IDs are unique");
            assert_eq!(p.id.len(), 12);
            let code: u16 = p.id[0..3].parse().unwrap();
            assert!(code == p.province.code || p.wrong_structure);
            assert!(by_code(code).is_some() || p.wrong_structure);
            if !p.wrong_structure {
                let g: u32 = p.id[3..4].parse().unwrap();
                let yy: u32 = p.id[4..6].parse().unwrap();
                assert_eq!(1900 + 100 * (g / 2) + yy, p.dob.year());
                assert_eq!(g % 2 == 1, p.sex == Sex::Female);
            }
            assert!(p.name.len() >= 2);
            if let Some(old) = &p.old_id {
                assert_eq!(old.len(), 9);
            }
        }
    }
}
