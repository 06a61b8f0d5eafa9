//! One row, encoded: what its owner's file carries instead of the values.
//!
//! From the row normalised exactly as `reconcile` normalises it:
//! - the ID and old ID as keyed hashes (64 bits; equal IDs, equal hashes);
//! - each blocking rule's key as a keyed hash (the base and the export
//!   block alike without showing what they block on);
//! - the surname, the middle names, the given name, the date of birth, its
//!   year, the sex and each extra compared field as a hardened Bloom filter
//!   ([`super::bloom`]), the name parts under one sub-key so that a name
//!   written given name first still compares;
//! - what the row's own values raise (`ID_LEADING_ZERO_RESTORED`,
//!   `DOB_YEAR_ONLY` ...), as reason codes, and whether the name had
//!   diacritics: facts about the file's data, not about the person.

use serde::{Deserialize, Serialize};

use super::bloom::{bigrams, flip, FieldCoder, Shape};
use super::key::{Key, SubKey};
use crate::index::blocking::{key_texts, Rule};
use crate::normalize::{text, IdKey, Identity, Precision};
use crate::rng::Rng;

/// The encoding's version: files of another version are refused.
pub const VERSION: u32 = 4;

/// The fields every encoded file has a filter for, in column order (the
/// extra compared fields follow).
pub const FIELDS: [&str; 7] = ["surname", "middle", "given", "name", "dob", "yob", "sex"];
/// Positions in [`FIELDS`].
pub const SURNAME: usize = 0;
/// The middle names.
pub const MIDDLE: usize = 1;
/// The given name.
pub const GIVEN: usize = 2;
/// The whole name's words in any order, and their initials (to find a
/// name written in another order, or a part of another; not weighed itself).
pub const NAME: usize = 3;
/// The full date of birth (rows whose date is whole).
pub const DOB: usize = 4;
/// The year of birth (any row with a year).
pub const YOB: usize = 5;
/// The sex (in the year's shape: a value of two, as telling as a year is
/// to whoever groups the filters).
pub const SEX: usize = 6;

/// Flag: the name had diacritics.
pub const HAS_DIACRITICS: u8 = 1;
/// Flag: the date of birth is 1 January, the placeholder of an unknown
/// date as often as a birthday (compared by its year when the dates differ).
pub const JANUARY_FIRST: u8 = 4;

/// The encoding's parameters, written into each file's metadata; both
/// sides must use the same.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Name parts' filters.
    pub name: Shape,
    /// The full date's filter.
    pub dob: Shape,
    /// The year's filter.
    pub yob: Shape,
    /// Each extra compared field's filter.
    pub field: Shape,
    /// The whole name's words' filter.
    pub words: Shape,
    /// The bits flipped in each filter of every record (0: not hardened).
    pub flips: u32,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            name: Shape { bits: 256, hashes: 10 },
            words: Shape { bits: 1024, hashes: 8 },
            dob: Shape { bits: 128, hashes: 8 },
            yob: Shape { bits: 128, hashes: 8 },
            field: Shape { bits: 512, hashes: 6 },
            flips: 8,
        }
    }
}

impl Params {
    /// The shape of field `f` ([`FIELDS`], then the extra fields).
    pub fn shape(&self, f: usize) -> Shape {
        match f {
            SURNAME | MIDDLE | GIVEN => self.name,
            NAME => self.words,
            DOB => self.dob,
            YOB | SEX => self.yob,
            _ => self.field,
        }
    }

    /// Every shape, name parts first (the files of two sides must agree on all).
    pub fn shapes(&self) -> [Shape; 5] {
        [self.name, self.words, self.dob, self.yob, self.field]
    }

    /// A shape and flip count this doisoat can work with: a filter a
    /// power of two from 128 to 65,536 bits with 1 to 16 positions a
    /// token, at most one bit in sixteen flipped (more, and two encodings
    /// of different values could differ by no more than the flips).
    pub fn check(&self) -> Result<(), String> {
        for s in self.shapes() {
            if !s.bits.is_power_of_two() || !(128..=65_536).contains(&s.bits) || !(1..=16).contains(&s.hashes)
            {
                return Err(format!("a filter of {} bits with {} positions a token", s.bits, s.hashes));
            }
            if self.flips > s.bits / 16 {
                return Err(format!("{} bits flipped in a filter of {}", self.flips, s.bits));
            }
        }
        Ok(())
    }
}

/// One encoded row.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The export's key (as the owner wrote it), or the base person's reference.
    pub key: String,
    /// The ID's keyed hash.
    pub id: Option<u64>,
    /// The old ID's keyed hash (base only).
    pub old_id: Option<u64>,
    /// Each blocking rule's keyed key.
    pub blocks: Vec<Option<u64>>,
    /// Each field's filter ([`FIELDS`], then the extra fields).
    pub filters: Vec<Option<Vec<u64>>>,
    /// [`HAS_DIACRITICS`], [`JANUARY_FIRST`].
    pub flags: u8,
    /// What the row's own values raise, as reason codes joined by `|`.
    pub reasons: String,
}

/// Turns normalised rows into [`Record`]s under one key.
pub struct Encoder {
    params: Params,
    id: SubKey,
    reference: SubKey,
    noise: SubKey,
    rules: Vec<Rule>,
    blocks: Vec<SubKey>,
    fields: Vec<SubKey>,
}

/// The per-batch state of an encoder: each field's q-gram positions seen so far.
pub struct Coders(Vec<FieldCoder>);

impl Encoder {
    /// An encoder for `rules` and `extra` compared fields (by name).
    pub fn new(key: &Key, params: Params, rules: Vec<Rule>, extra: &[String]) -> Encoder {
        let name = key.sub("bloom/name");
        let mut fields = vec![
            name.clone(),
            name.clone(),
            name.clone(),
            name,
            key.sub("bloom/dob"),
            key.sub("bloom/yob"),
            key.sub("bloom/sex"),
        ];
        fields.extend(extra.iter().map(|f| key.sub(&format!("bloom/field/{f}"))));
        Encoder {
            params,
            id: key.sub("id"),
            reference: key.sub("ref"),
            noise: key.sub("noise"),
            blocks: rules.iter().map(|r| key.sub(&format!("block/{}", r.text))).collect(),
            rules,
            fields,
        }
    }

    /// Fresh per-batch coders.
    pub fn coders(&self) -> Coders {
        Coders(
            self.fields
                .iter()
                .enumerate()
                .map(|(f, k)| FieldCoder::new(k.clone(), self.params.shape(f)))
                .collect(),
        )
    }

    /// The keyed hash of an ID.
    pub fn id_hash(&self, id: IdKey) -> u64 {
        self.id.hash64(&id.0.to_le_bytes()).max(1)
    }

    /// A base person's reference: a keyed hash of the ID that only a
    /// holder of the key (the base's owner) can tell back to the person.
    pub fn reference(&self, id: IdKey) -> String {
        self.reference.digest(&id.0.to_le_bytes())[..12].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Encodes row `row` (its position in the file, which seeds its noise).
    pub fn record(&self, coders: &mut Coders, key: String, row: u64, identity: &Identity) -> Record {
        // Each field's flips from its own keyed stream: one field's flips
        // tell nothing of another's.
        let mut seed = row.to_le_bytes().to_vec();
        seed.extend_from_slice(key.as_bytes());
        seed.push(0);
        let tokens = tokens(identity);
        let filters = tokens
            .iter()
            .zip(&mut coders.0)
            .enumerate()
            .map(|(f, (tokens, coder))| {
                let tokens = tokens.as_ref()?;
                let shape = coder.shape();
                let mut filter = vec![0; shape.words()];
                coder.set(tokens, &mut filter);
                *seed.last_mut().expect("a field byte") = f as u8;
                flip(&mut filter, shape.bits, self.params.flips, &mut Rng::new(self.noise.hash64(&seed)));
                Some(filter)
            })
            .collect();
        let blocks = key_texts(&self.rules, identity)
            .into_iter()
            .zip(&self.blocks)
            .map(|(text, k)| text.map(|t| k.hash64(t.as_bytes()).max(1)))
            .collect();
        let mut flags = if identity.name.has_diacritics { HAS_DIACRITICS } else { 0 };
        if identity.dob().is_some_and(|d| d.precision() == Precision::Day && d.is_placeholder()) {
            flags |= JANUARY_FIRST;
        }
        Record {
            key,
            id: identity.id.key().map(|k| self.id_hash(k)),
            old_id: None,
            blocks,
            filters,
            flags,
            reasons: String::new(),
        }
    }
}

/// The tokens of folded words: each word's bigrams and its initial, a
/// lone letter its initial only. A name whose words are all among
/// another's, initials among words that start with them, is part of it
/// (Diana P Kofron, Diana Patricia Kofron); a part given as its initial
/// is within the part it stands for.
fn words(folded: &str) -> Vec<String> {
    let mut t = Vec::new();
    for w in folded.split(' ').filter(|w| !w.is_empty()) {
        if w.chars().count() > 1 {
            t.extend(bigrams(w, ""));
        }
        // The initial twice over: a lone letter sets as many bits as a
        // short word, so "within" tells it from a letter that is not there.
        t.extend(w.chars().next().into_iter().flat_map(|c| [format!("*{c}"), format!("+{c}")]));
    }
    t
}

/// Each field's tokens, `None` where the row has no value.
fn tokens(identity: &Identity) -> Vec<Option<Vec<String>>> {
    let name = &identity.name;
    let [surname, middle, given] = name.placed_parts();
    let part = |p: Option<&str>| p.map(|p| words(&text::fold(p)));
    let dob = identity.dob();
    // The year, month and day, and the day and month as a pair in either
    // order (twice: a swap keeps two of five tokens' worth more in common
    // than another day does).
    let full = dob.filter(|d| d.precision() == Precision::Day).map(|d| {
        let (day, month) = (d.day(), d.month());
        let pair = format!("{}-{}", day.min(month), day.max(month));
        vec![
            format!("Y{}", d.year()),
            format!("M{month}"),
            format!("D{day}"),
            format!("S{pair}"),
            format!("T{pair}"),
        ]
    });
    let year = dob.map(|d| {
        let digits = format!("{:04}", d.year());
        let mut t = vec![format!("Y{}", d.year())];
        t.extend(digits.chars().enumerate().map(|(i, c)| format!("P{i}{c}")));
        t
    });
    // Each word's bigrams and its initial, a lone letter its initial only:
    // a name whose words are all among another's, initials among words
    // that start with them, is part of it (Diana P Kofron, Diana Patricia Kofron).
    let whole = (!name.is_empty()).then(|| words(&text::fold(&name.canonical)));
    // Three tokens: the two values' filters differ in some forty bits,
    // far more than two encodings of one value flip.
    let sex = identity.sex.map(|s| ["X", "Y", "Z"].map(|t| format!("{t}{}", s as u8)).to_vec());
    let mut all = vec![part(surname), part(middle), part(given), whole, full, year, sex];
    all.extend(identity.fields.iter().map(|v| (!v.is_empty()).then(|| bigrams(v, ""))));
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoded::bloom::dice;
    use crate::index::tests::identity;

    fn encoder(flips: u32) -> Encoder {
        let params = Params { flips, ..Params::default() };
        Encoder::new(&Key::from_bytes(&[5; 32]), params, Rule::defaults(), &[])
    }

    fn filters(e: &Encoder, row: u64, id: &str, name: &str, dob: &str) -> Record {
        e.record(&mut e.coders(), format!("k{row}"), row, &identity(id, name, dob))
    }

    #[test]
    fn equal_rows_compare_alike_and_names_swap_compares_across_parts() {
        let e = encoder(8);
        let a = filters(&e, 1, "001090000001", "Nguyễn Văn An", "02/03/1990");
        let b = filters(&e, 2, "001090000001", "NGUYEN VAN AN", "02/03/1990");
        assert_eq!(a.id, b.id);
        assert_eq!(a.blocks, b.blocks);
        assert_ne!(a.filters, b.filters, "noise makes each record's arrays its own");
        let d = |f: usize, x: &Record, g: usize, y: &Record| {
            dice(x.filters[f].as_ref().unwrap(), y.filters[g].as_ref().unwrap())
        };
        for f in [SURNAME, MIDDLE, GIVEN, NAME, DOB, YOB] {
            assert!(d(f, &a, f, &b) > 0.75, "{}", FIELDS[f]);
        }
        let swapped = filters(&e, 3, "", "An Nguyễn Văn", "1990");
        assert!(d(NAME, &a, NAME, &swapped) > 0.85);
        assert!(swapped.filters[DOB].is_none() && swapped.filters[YOB].is_some() && swapped.id.is_none());
        let mut female = identity("", "Nguyễn Thị An", "02/03/1990");
        female.sex = Some(crate::normalize::Sex::Female);
        let female = e.record(&mut e.coders(), "k4".into(), 4, &female);
        let bits = |x: &Record, y: &Record| {
            crate::encoded::bloom::hamming(x.filters[SEX].as_ref().unwrap(), y.filters[SEX].as_ref().unwrap())
        };
        assert!(bits(&a, &b) <= 16, "one sex: no more bits apart than the flips");
        assert!(bits(&a, &female) > 24, "two sexes: {}", bits(&a, &female));
        assert_eq!(a.flags & HAS_DIACRITICS, HAS_DIACRITICS);
        assert_eq!(b.flags & HAS_DIACRITICS, 0);
    }

    #[test]
    fn without_noise_equal_values_give_equal_arrays() {
        let e = encoder(0);
        let a = filters(&e, 1, "", "Trần Thị Bình", "1990");
        let b = filters(&e, 2, "", "Trần Thị Bình", "1990");
        assert_eq!(a.filters, b.filters);
    }
}
