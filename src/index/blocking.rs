//! Blocking: indexes over the base that find the candidates for a row whose
//! ID does not lead to its person (missing, damaged, not in the base, or
//! another person's). Each rule is a sorted array of (key hash, person),
//! built once; a lookup is a binary search, never a scan. Blocks larger
//! than the cap (very common name + date pairs; 200 unless configured) are
//! cut, and the cut is reported.
//!
//! ID neighbourhoods need no index of their own: the base's IDs are sorted,
//! so the ~120 numbers one substitution or one adjacent transposition away
//! from an ID are each one binary search.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::BaseIndex;
use crate::normalize::phonetic::{name_key, token_key};
use crate::normalize::{Dob, IdKey, Identity, Precision, Sex};

/// A blocking rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Folded given name (last word) + full date of birth.
    GivenDob,
    /// Folded surname (first word) + full date of birth.
    SurnameDob,
    /// Full date of birth + sex + birth-registration province (CCCD prefix).
    DobSexProvince,
    /// Vietnamese phonetic key of the whole name (any word order) + birth year.
    PhoneticYear,
}

const RULES: [Rule; 4] = [Rule::GivenDob, Rule::SurnameDob, Rule::DobSexProvince, Rule::PhoneticYear];

/// What a key is made of.
struct KeyParts<'a> {
    surname: &'a str,
    given: &'a str,
    dob: Option<Dob>,
    sex: Option<Sex>,
    province: Option<u16>,
    phonetic: &'a str,
}

fn key(rule: Rule, k: &KeyParts<'_>) -> Option<u64> {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (rule as u8).hash(&mut h);
    if rule == Rule::PhoneticYear {
        if k.phonetic.is_empty() {
            return None;
        }
        k.dob?.year().hash(&mut h);
        k.phonetic.hash(&mut h);
        return Some(h.finish());
    }
    let dob = k.dob.filter(|d| d.precision() == Precision::Day)?;
    dob.0.hash(&mut h);
    match rule {
        Rule::GivenDob if !k.given.is_empty() => k.given.hash(&mut h),
        Rule::SurnameDob if !k.surname.is_empty() => k.surname.hash(&mut h),
        Rule::DobSexProvince => {
            (k.sex? as u8).hash(&mut h);
            k.province?.hash(&mut h);
        }
        _ => return None,
    }
    Some(h.finish())
}

/// The CCCD's birth-registration code, for a 12-digit numeric key.
fn province_of(id: IdKey) -> Option<u16> {
    let s = id.to_string();
    (s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s[..3].parse().ok()).flatten()
}

/// The blocking indexes.
#[derive(Debug, Default)]
pub struct Blocks {
    rules: Vec<(Rule, Vec<(u64, u32)>)>,
    cap: usize,
}

/// Candidates found for one row.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Found {
    /// Persons, each once, in ascending order.
    pub persons: Vec<usize>,
    /// A block was larger than the cap and was cut.
    pub capped: bool,
}

impl Blocks {
    /// Builds every rule's index over the base; blocks give `cap` candidates at the most.
    pub fn build(base: &BaseIndex, cap: usize) -> Blocks {
        let vocab = base.vocab();
        let phonetic: Vec<String> = (0..vocab.len() as u32).map(|t| token_key(vocab.folded(t))).collect();
        let rules = RULES
            .iter()
            .map(|&rule| {
                let mut entries: Vec<(u64, u32)> = (0..base.len())
                    .into_par_iter()
                    .filter_map(|p| {
                        let tokens = base.name_tokens(p);
                        let mut keys: Vec<&str> =
                            tokens.iter().map(|&t| phonetic[t as usize].as_str()).collect();
                        keys.sort_unstable();
                        let name_key = keys.join(" ");
                        let parts = KeyParts {
                            phonetic: &name_key,
                            surname: tokens.first().map_or("", |&t| vocab.folded(t)),
                            given: tokens.last().map_or("", |&t| vocab.folded(t)),
                            dob: base.dob(p),
                            sex: base.sex(p),
                            province: province_of(base.id(p)),
                        };
                        key(rule, &parts).map(|k| (k, p as u32))
                    })
                    .collect();
                entries.par_sort_unstable();
                (rule, entries)
            })
            .collect();
        Blocks { rules, cap }
    }

    /// The candidates for an input row, from every rule.
    pub fn candidates(&self, input: &Identity) -> Found {
        let folded = &input.name.folded;
        let name_key = name_key(folded);
        let parts = KeyParts {
            phonetic: &name_key,
            surname: folded.split(' ').next().unwrap_or(""),
            given: folded.rsplit(' ').next().unwrap_or(""),
            dob: input.dob(),
            sex: input.sex,
            province: input.id.key().and_then(province_of),
        };
        let mut found = Found::default();
        for (rule, entries) in &self.rules {
            let Some(k) = key(*rule, &parts) else { continue };
            let start = entries.partition_point(|e| e.0 < k);
            let block = entries[start..].iter().take_while(|e| e.0 == k);
            for (n, &(_, p)) in block.enumerate() {
                if n == self.cap {
                    found.capped = true;
                    break;
                }
                found.persons.push(p as usize);
            }
        }
        found.persons.sort_unstable();
        found.persons.dedup();
        found
    }
}

/// How an ID relates to a neighbour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Neighbour {
    /// One digit different.
    Substitution,
    /// Two adjacent digits swapped.
    Transposition,
}

/// The base persons whose ID is one substitution or one adjacent
/// transposition away from `value` (digits only).
pub fn id_neighbours(base: &BaseIndex, value: &str) -> Vec<(usize, Neighbour)> {
    let digits = value.as_bytes();
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut probe = digits.to_vec();
    let look = |probe: &[u8], how, out: &mut Vec<(usize, Neighbour)>| {
        let key = std::str::from_utf8(probe).ok().and_then(IdKey::encode);
        if let Some(key) = key {
            out.extend(base.find(key).map(|p| (p, how)));
        }
    };
    for i in 0..digits.len() {
        for d in b'0'..=b'9' {
            if d != digits[i] {
                probe[i] = d;
                look(&probe, Neighbour::Substitution, &mut out);
            }
        }
        probe[i] = digits[i];
    }
    for i in 0..digits.len().saturating_sub(1) {
        if digits[i] != digits[i + 1] {
            probe.swap(i, i + 1);
            look(&probe, Neighbour::Transposition, &mut out);
            probe.swap(i, i + 1);
        }
    }
    out.sort_unstable_by_key(|&(p, _)| p);
    out.dedup_by_key(|&mut (p, _)| p);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{normalize_id, normalize_name, parse_dob, IdScheme, Rules};
    use crate::read::mapping::{map_roles, Layout};
    use crate::read::Source;

    fn base_of(rows: &[(String, &str, &str)]) -> BaseIndex {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.csv");
        let mut text = String::from("cccd,ho_ten,ngay_sinh,gioi_tinh\n");
        for (id, name, dob) in rows {
            text.push_str(&format!("{id},{name},{dob},Nam\n"));
        }
        std::fs::write(&path, text).unwrap();
        let mut src = crate::read::csv::CsvSource::open(&path, None).unwrap();
        let mapped =
            map_roles(&path, "base", src.headers(), &crate::config::BaseColumns::default().roles()).unwrap();
        let layout = Layout::new(&mapped, &[]);
        src.project(layout.columns().to_vec());
        BaseIndex::build(&mut src, &layout, &Rules::default(), &mut |_, _| {}).unwrap()
    }

    fn identity(id: &str, name: &str, dob: &str) -> Identity {
        Identity {
            id: normalize_id(id, IdScheme::Vn),
            name: normalize_name(name),
            dob: parse_dob(dob),
            sex: Some(Sex::Male),
            fields: Vec::new(),
            record_date: None,
        }
    }

    #[test]
    fn blocks_find_namesakes_and_cut_huge_blocks() {
        let mut rows: Vec<(String, &str, &str)> =
            (0..250).map(|i| (format!("0010500{i:05}"), "Nguyễn Văn Hùng", "01/01/1950")).collect();
        rows.push(("001085000001".into(), "Trần Thị Lan", "05/03/1985"));
        let base = base_of(&rows);
        let blocks = Blocks::build(&base, 200);
        let lan = blocks.candidates(&identity("", "TRAN THI LAN", "05/03/1985"));
        assert_eq!(lan.persons.len(), 1);
        assert!(!lan.capped);
        let hung = blocks.candidates(&identity("", "Nguyễn Văn Hùng", "01/01/1950"));
        assert!(hung.capped, "a block of 250 namesakes is cut");
        assert!(hung.persons.len() >= 200 && hung.persons.len() < 250);
        let year_only = blocks.candidates(&identity("", "Chần Thị Nan", "1985"));
        assert_eq!(
            year_only.persons.len(),
            1,
            "a year-only date blocks only with the phonetic key of the name"
        );
    }

    #[test]
    fn id_neighbourhood_finds_one_digit_and_transposition_errors() {
        let base = base_of(&[("001085000123".into(), "Trần Thị Lan", "05/03/1985")]);
        assert_eq!(id_neighbours(&base, "001085000124"), [(0, Neighbour::Substitution)]);
        assert_eq!(id_neighbours(&base, "001085000213"), [(0, Neighbour::Transposition)]);
        assert!(id_neighbours(&base, "001085000999").is_empty());
        assert!(id_neighbours(&base, "001085000123").is_empty(), "the ID itself is not its neighbour");
    }
}
