//! Blocking: indexes over the base that find the candidates for a row whose
//! ID does not lead to its person (missing, damaged, not in the base, or
//! another person's). A rule (`[[block]]` in the configuration) names the
//! parts of a key — fields with a transform, such as
//! `["name.surname:phonetic", "dob:year"]` —; persons whose keys are equal
//! are candidates for each other. Each rule is a sorted array of (key hash,
//! person), built once; a lookup is a binary search, never a scan. Blocks
//! larger than the cap (very common name + date pairs; 200 unless
//! configured) are cut, and the cut is reported.
//!
//! ID neighbourhoods need no index of their own: the base's IDs are sorted,
//! so the ~120 numbers one substitution or one adjacent transposition away
//! from an ID are each one binary search.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::hash::{BuildHasher, Hash, Hasher};

use rayon::prelude::*;

pub use super::rules::{Field, Part, Rule, Transform, SKIPPING_LARGE};
use super::BaseIndex;
use crate::normalize::phonetic::token_key;
use crate::normalize::{BlankEnds, DigitEdit, Dob, IdKey, Identity, Precision, Sex};

/// The fields of one side (a base person or an input row) that keys are
/// made of. Its vectors are refilled person after person, so building the
/// keys of a whole base allocates nothing per person.
#[derive(Default)]
struct View<'a> {
    /// Folded name tokens, in written order.
    tokens: Vec<&'a str>,
    /// Phonetic keys of the tokens.
    phonetic: Vec<&'a str>,
    dob: Option<Dob>,
    sex: Option<Sex>,
    id: Option<IdKey>,
    extras: Vec<&'a str>,
    /// The name's ends whose column was blank: the words are not read into them.
    blank: BlankEnds,
}

impl<'a> View<'a> {
    /// The phonetic keys of a row's name words, for [`View::of`].
    fn phonetic_of(input: &Identity) -> Vec<String> {
        input.name.folded.split(' ').filter(|t| !t.is_empty()).map(token_key).collect()
    }

    /// An input row's view (`phonetic` from [`View::phonetic_of`]).
    fn of(input: &'a Identity, phonetic: &'a [String]) -> View<'a> {
        View {
            tokens: input.name.folded.split(' ').filter(|t| !t.is_empty()).collect(),
            phonetic: phonetic.iter().map(String::as_str).collect(),
            dob: input.dob(),
            sex: input.sex,
            id: input.id.key(),
            extras: input.fields.iter().map(String::as_str).collect(),
            blank: input.name.blank,
        }
    }

    /// Refills the view with base person `p`'s fields that `rule` uses.
    fn fill(&mut self, base: &'a BaseIndex, phonetic: &'a [String], p: usize, rule: &Rule) {
        let vocab = base.vocab();
        let tokens = base.name_tokens(p);
        let uses = |f: fn(&Part) -> bool| rule.parts.iter().any(f);
        self.tokens.clear();
        if uses(|p| p.field.is_name() && p.transform != Transform::Phonetic) {
            self.tokens.extend(tokens.iter().map(|&t| vocab.folded(t)));
        }
        self.phonetic.clear();
        if uses(|p| p.field.is_name() && p.transform == Transform::Phonetic) {
            self.phonetic.extend(tokens.iter().map(|&t| phonetic[t as usize].as_str()));
        }
        self.dob = base.dob(p);
        self.sex = base.sex(p);
        self.id = Some(base.id(p));
        self.blank = base.name_blank(p);
        self.extras.clear();
        if uses(|p| matches!(p.field, Field::Extra(_))) {
            self.extras.extend(base.fields(p).iter().map(|v| &**v));
        }
    }

    /// Appends the part's value to `key`; false when the part has no value.
    fn push(&self, part: Part, key: &mut String) -> bool {
        let start = key.len();
        match (part.field, part.transform) {
            (Field::Dob, Transform::Year) => {
                let Some(d) = self.dob else { return false };
                push_decimal(key, u64::from(d.year()));
            }
            (Field::Dob, Transform::MonthDay) => {
                let Some(month_day) = self.dob.and_then(Dob::month_day) else { return false };
                push_decimal(key, u64::from(month_day));
            }
            (Field::Dob, Transform::Unordered) => {
                let Some(date) = self.dob.and_then(Dob::unordered) else { return false };
                push_decimal(key, u64::from(date));
            }
            (Field::Dob, _) => {
                let Some(d) = self.dob.filter(|d| d.precision() == Precision::Day) else { return false };
                push_decimal(key, u64::from(d.0));
            }
            (Field::Sex, _) => {
                let Some(s) = self.sex else { return false };
                push_decimal(key, s as u64);
            }
            (Field::Name | Field::Surname | Field::Given | Field::Middle, Transform::Phonetic) => {
                let keys = name_part(&self.phonetic, part.field, self.blank);
                // Any word order: the keys sorted (names have a handful of words).
                let mut order: [usize; 16] = std::array::from_fn(|i| i);
                let n = keys.len().min(16);
                order[..n].sort_unstable_by_key(|&i| keys[i]);
                for (k, &i) in order[..n].iter().enumerate() {
                    if k > 0 {
                        key.push(' ');
                    }
                    key.push_str(keys[i]);
                }
            }
            (field, transform) => {
                match field {
                    Field::Name | Field::Surname | Field::Given | Field::Middle => {
                        for (i, t) in name_part(&self.tokens, field, self.blank).iter().enumerate() {
                            if i > 0 {
                                key.push(' ');
                            }
                            key.push_str(t);
                        }
                    }
                    Field::Id => {
                        if let Some(k) = self.id {
                            let _ = write!(key, "{k}");
                        }
                    }
                    Field::Extra(i) => key.push_str(self.extras.get(i).copied().unwrap_or("")),
                    Field::Dob | Field::Sex => unreachable!("handled above"),
                }
                match transform {
                    Transform::First(n) => {
                        let end = key[start..].char_indices().nth(n).map_or(key.len(), |(i, _)| start + i);
                        key.truncate(end);
                    }
                    Transform::Digits => {
                        let digits: String = key[start..].chars().filter(char::is_ascii_digit).collect();
                        key.truncate(start);
                        key.push_str(&digits);
                    }
                    Transform::Phonetic => {
                        let mut keys: Vec<String> = key[start..].split(' ').map(token_key).collect();
                        keys.sort_unstable();
                        key.truncate(start);
                        key.push_str(&keys.join(" "));
                    }
                    Transform::Exact | Transform::Year | Transform::MonthDay | Transform::Unordered => {}
                }
            }
        }
        key.len() > start
    }

    /// Writes the rule's key text into `buf`; false when a part has no value.
    fn text(&self, rule: &Rule, buf: &mut String) -> bool {
        buf.clear();
        for part in &rule.parts {
            if !self.push(*part, buf) {
                return false;
            }
            buf.push('\u{1f}');
        }
        true
    }

    /// The rule's key hash, `None` when a part has no value.
    fn key(&self, index: usize, rule: &Rule, buf: &mut String) -> Option<u64> {
        if !self.text(rule, buf) {
            return None;
        }
        // A fixed seed: the same keys, so the same blocks, on every run and machine.
        let mut h = foldhash::fast::FixedState::with_seed(0x626c_6f63).build_hasher();
        index.hash(&mut h);
        buf.hash(&mut h);
        Some(h.finish().min(NO_KEY - 1))
    }
}

/// The text of each rule's key for a row (what a lookup hashes), `None`
/// where a part of the rule has no value: an encoded file carries these
/// texts under a keyed hash instead, so both sides still block alike.
pub fn key_texts(rules: &[Rule], input: &Identity) -> Vec<Option<String>> {
    let phonetic_part = |r: &Rule| r.parts.iter().any(|p| p.transform == Transform::Phonetic);
    let phonetic = if rules.iter().any(phonetic_part) { View::phonetic_of(input) } else { Vec::new() };
    let view = View::of(input, &phonetic);
    rules
        .iter()
        .map(|rule| {
            let mut key = String::new();
            view.text(rule, &mut key).then_some(key)
        })
        .collect()
}

/// The words of a name's `field` (the whole name, the surname, the
/// middle names, the given name); the surname and given name are the
/// first and last words (of a one-word name, both that word), the middle
/// names those between, unless an end's column was `blank`: then the
/// words are not read into it.
fn name_part<'s, 'a>(words: &'s [&'a str], field: Field, blank: BlankEnds) -> &'s [&'a str] {
    let n = words.len();
    let (s, g) = (usize::from(!blank.surname), usize::from(!blank.given));
    match field {
        Field::Surname if blank.surname => &[],
        Field::Surname => &words[..n.min(1)],
        Field::Given if blank.given => &[],
        Field::Given => &words[n.saturating_sub(1)..],
        Field::Middle if n < s + g => &[],
        Field::Middle => &words[s..n - g],
        _ => words,
    }
}

/// Appends `n` in decimal (as `write!` would, without its machinery: a
/// base's keys are built hundreds of millions of times).
fn push_decimal(key: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    key.extend(digits[i..].iter().map(|&d| d as char));
}

/// The key hash that stands for "no key" while an index is built.
const NO_KEY: u64 = u64::MAX;

/// The blocking indexes.
#[derive(Debug, Default)]
pub struct Blocks {
    rules: Vec<(Rule, KeyIndex)>,
    cap: usize,
}

/// One rule's index: the key hashes in ascending order and each one's
/// person, in two arrays (12 bytes an entry, no padding), and a bucket
/// table over the hashes' top bits (about eight keys a bucket, 0.5 bytes
/// an entry): a lookup reads one table entry and then one or two cache
/// lines of keys, where a binary search would miss the cache at each step.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct KeyIndex {
    /// Key hashes, ascending.
    pub keys: Vec<u64>,
    /// The person of each key (ascending among equal keys).
    pub persons: Vec<u32>,
    /// `starts[b]`: the position of the first key whose top bits
    /// (`key >> shift`) are `b` or more; one more entry than buckets.
    starts: Vec<u32>,
    shift: u32,
}

/// Keys per bucket of a [`KeyIndex`]'s table, about (a power of two).
const KEYS_PER_BUCKET: usize = 8;

impl KeyIndex {
    /// The index of sorted `keys` and their `persons`.
    pub fn new(keys: Vec<u64>, persons: Vec<u32>) -> KeyIndex {
        assert!(keys.len() < u32::MAX as usize, "a blocking index holds fewer than 2^32 keys");
        let bits = (keys.len() / KEYS_PER_BUCKET).max(1).ilog2() + 1;
        let shift = 64 - bits.min(32);
        let starts = bucket_starts(&keys, shift);
        KeyIndex { keys, persons, starts, shift }
    }

    /// The persons whose key is `key`.
    fn block(&self, key: u64) -> &[u32] {
        let b = (key >> self.shift) as usize;
        let (lo, hi) = (self.starts[b] as usize, self.starts[b + 1] as usize);
        let start = lo + self.keys[lo..hi].partition_point(|&k| k < key);
        let size = run_length(&self.keys[start..], key);
        &self.persons[start..start + size]
    }
}

/// Per bucket of top bits (`key >> shift`), the position of its first key,
/// and the keys' length at the end; worked out a stretch of buckets per core.
fn bucket_starts(keys: &[u64], shift: u32) -> Vec<u32> {
    let buckets = 1usize << (64 - shift);
    let mut starts = vec![0u32; buckets + 1];
    starts.par_chunks_mut(1 << 16).enumerate().for_each(|(c, chunk)| {
        let first = c << 16;
        let mut at = keys.partition_point(|&k| ((k >> shift) as usize) < first);
        for (i, start) in chunk.iter_mut().enumerate() {
            while at < keys.len() && ((keys[at] >> shift) as usize) < first + i {
                at += 1;
            }
            *start = at as u32;
        }
    });
    starts
}

/// The most persons a block of a rule that skips large blocks gives
/// ([`Rule::skip_large`]): a name shared by more is no lead without a date.
pub const SMALL_BLOCK: usize = 16;

/// The one person left of a block a rule that skips large blocks skips.
pub const LARGE_BLOCK: u32 = u32::MAX;

/// Keeps the blocks of at most [`SMALL_BLOCK`] persons of sorted `entries`
/// (key, person), and of each larger one a single [`LARGE_BLOCK`] entry: a
/// rule that skips large blocks never reads their persons, which at ten
/// million persons are most of its index.
fn keep_small_blocks(entries: &mut Vec<(u64, u32)>) {
    let (mut kept, mut start) = (0, 0);
    while start < entries.len() {
        let key = entries[start].0;
        let end = start + entries[start..].partition_point(|e| e.0 == key);
        if end - start <= SMALL_BLOCK {
            entries.copy_within(start..end, kept);
            kept += end - start;
        } else {
            entries[kept] = (key, LARGE_BLOCK);
            kept += 1;
        }
        start = end;
    }
    entries.truncate(kept);
}

/// Candidates found for one row.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Found {
    /// Persons, each once, in ascending order.
    pub persons: Vec<usize>,
    /// Those of them found in a block that was not cut (ascending): anyone
    /// with the same key was found too.
    pub whole: Vec<usize>,
    /// A block was larger than the cap and was cut.
    pub capped: bool,
}

impl Blocks {
    /// Builds every rule's index over the base; blocks give `cap` candidates at the most.
    pub fn build(base: &BaseIndex, rules: Vec<Rule>, cap: usize) -> Blocks {
        let mut blocks = Blocks { rules: Vec::new(), cap };
        blocks.extend(base, rules);
        blocks
    }

    /// Adds `rules` after those there are, each indexed over `base`.
    pub fn extend(&mut self, base: &BaseIndex, rules: Vec<Rule>) {
        let vocab = base.vocab();
        let phonetic_part = |r: &Rule| r.parts.iter().any(|p| p.transform == Transform::Phonetic);
        let phonetic: Vec<String> = if rules.iter().any(phonetic_part) {
            (0..vocab.len() as u32).map(|t| token_key(vocab.folded(t))).collect()
        } else {
            Vec::new()
        };
        // One rule at a time, each person's key in its own slot (no key: a
        // sentinel that sorts last and is cut off), so memory is the index itself.
        for rule in rules {
            let index = self.rules.len();
            let mut entries: Vec<(u64, u32)> = (0..base.len())
                .into_par_iter()
                .map_init(
                    || (View::default(), String::new()),
                    |(view, buf), p| {
                        view.fill(base, &phonetic, p, &rule);
                        (view.key(index, &rule, buf).unwrap_or(NO_KEY), p as u32)
                    },
                )
                .collect();
            entries.par_sort_unstable();
            let keyed = entries.partition_point(|e| e.0 != NO_KEY);
            entries.truncate(keyed);
            if rule.skip_large {
                keep_small_blocks(&mut entries);
            }
            let keys = KeyIndex::new(
                entries.par_iter().map(|e| e.0).collect(),
                entries.par_iter().map(|e| e.1).collect(),
            );
            self.rules.push((rule, keys));
        }
    }

    /// Blocks from rules and their built indexes (a snapshot read back).
    pub fn from_parts(rules: Vec<(Rule, KeyIndex)>, cap: usize) -> Blocks {
        Blocks { rules, cap }
    }

    /// The rules and their indexes.
    pub fn parts(&self) -> &[(Rule, KeyIndex)] {
        &self.rules
    }

    /// The rules, as written.
    pub fn rules(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|(r, _)| r.text.as_str())
    }

    /// The most candidates a block gives.
    pub fn cap(&self) -> usize {
        self.cap
    }

    /// The rule at position `i`.
    pub fn rule(&self, i: usize) -> &Rule {
        &self.rules[i].0
    }

    /// The row's block in each rule that gives the row a key (a block
    /// larger than the cap: its first `cap` persons, see [`Hit::cut_by_place`]).
    pub fn lookup(&self, input: &Identity) -> Vec<Hit<'_>> {
        let phonetic = View::phonetic_of(input);
        let view = View::of(input, &phonetic);
        let mut buf = String::new();
        let mut hits = Vec::with_capacity(self.rules.len());
        for (index, (rule, keys)) in self.rules.iter().enumerate() {
            let Some(k) = view.key(index, rule, &mut buf) else { continue };
            let all = keys.block(k);
            if rule.skip_large && (all.len() > self.cap.min(SMALL_BLOCK) || all == [LARGE_BLOCK]) {
                continue;
            }
            let (whole, cap) = (all.len() <= self.cap, self.cap);
            hits.push(Hit {
                rule: index,
                persons: Cow::Borrowed(&all[..all.len().min(cap)]),
                whole,
                all,
                cap,
                placed: false,
            });
        }
        hits
    }

    /// The candidates for an input row, from every rule.
    pub fn candidates(&self, input: &Identity) -> Found {
        let mut found = Found::default();
        for hit in self.lookup(input) {
            found.persons.extend(hit.persons.iter().map(|&p| p as usize));
            if hit.whole {
                found.whole.extend(hit.persons.iter().map(|&p| p as usize));
            } else {
                found.capped = true;
            }
        }
        for v in [&mut found.persons, &mut found.whole] {
            v.sort_unstable();
            v.dedup();
        }
        found
    }
}

/// A row's block in one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit<'a> {
    /// The rule's position.
    pub rule: usize,
    /// The persons with the row's key, ascending (`cap` of them when cut).
    pub persons: Cow<'a, [u32]>,
    /// The block was not cut: nobody with the row's key is left out.
    pub whole: bool,
    /// Everyone with the row's key.
    all: &'a [u32],
    cap: usize,
    /// Cut by place already ([`Hit::cut_by_place`]).
    placed: bool,
}

impl Hit<'_> {
    /// Cuts a block larger than the cap by place, when it is about to be
    /// searched (a search that ends before it reads none of it): the
    /// persons `near` takes (who may live where the row says) first, then
    /// the others, `cap` in all, ascending. The block stays cut (a person
    /// found only in it is not linked without the ID) unless the search
    /// completes it ([`Hit::complete`]). Once: a block cut already is left
    /// as it is.
    pub fn cut_by_place(&mut self, near: &dyn Fn(&[u32]) -> Vec<bool>) {
        if self.whole || self.placed {
            return;
        }
        let flags = near(self.all);
        let with =
            |wanted: bool| self.all.iter().zip(&flags).filter(move |(_, &n)| n == wanted).map(|(&p, _)| p);
        let mut kept: Vec<u32> = with(true).take(self.cap).collect();
        kept.extend(with(false).take(self.cap - kept.len()));
        self.placed = true;
        kept.sort_unstable();
        self.persons = Cow::Owned(kept);
    }

    /// Everyone with the row's key, compared or not.
    pub fn size(&self) -> usize {
        self.all.len()
    }

    /// The block becomes whole: everyone with the row's key, for the
    /// search to compare.
    pub fn complete(&mut self) {
        self.persons = Cow::Borrowed(self.all);
        self.whole = true;
    }

    /// A cut block with person `p` among everyone with the row's key.
    pub fn cut_holding(&self, p: u32) -> bool {
        !self.whole && self.all.binary_search(&p).is_ok()
    }
}

/// How many keys at the start of `keys` are `k`. Blocks are
/// short and the index is long: galloping from the start reads a few
/// neighbouring cache lines where a binary search over the rest would jump
/// across the whole index.
fn run_length(keys: &[u64], k: u64) -> usize {
    let mut bound = 1;
    while bound < keys.len() && keys[bound] == k {
        bound *= 2;
    }
    let lo = bound / 2;
    lo + keys[lo..bound.min(keys.len())].partition_point(|&e| e == k)
}

/// The base persons whose ID is one substitution or one adjacent
/// transposition away from `key` (numeric keys), generated as integers and
/// each probed in the sorted ID column.
pub fn id_neighbours(base: &BaseIndex, key: IdKey) -> Vec<(usize, DigitEdit)> {
    let Some((n, len)) = key.digits() else { return Vec::new() };
    let mut keys = Vec::with_capacity(10 * len as usize);
    let mut edits = Vec::with_capacity(10 * len as usize);
    let mut look = |m: u64, how| {
        keys.push(IdKey::from_digits(m, len));
        edits.push(how);
    };
    let mut place = 1u64;
    for _ in 0..len {
        let digit = n / place % 10;
        for d in 0..10 {
            if d != digit {
                look(n - digit * place + d * place, DigitEdit::Substitution);
            }
        }
        let next = n / (place * 10) % 10;
        if place * 10 < 10u64.pow(len) && next != digit {
            // Swap this digit with the one to its left.
            let swapped = n - digit * place - next * place * 10 + next * place + digit * place * 10;
            look(swapped, DigitEdit::Transposition);
        }
        place *= 10;
    }
    let mut out = Vec::new();
    base.ids().find_each(&keys, |i, at| out.extend(at.map(|p| (p, edits[i]))));
    out.sort_unstable_by_key(|&(p, _)| p);
    out.dedup_by_key(|&mut (p, _)| p);
    out
}

/// How many base persons have an ID two substitutions away from `key`
/// (numeric keys; not an adjacent transposition): the density behind the
/// `u` of an ID two keying errors off (about a fifth as many numbers are as
/// close to one with a digit added; about twice as many to one with a digit
/// dropped, whose `u` this puts a bit low). Such persons are found by the
/// other fields' blocks, never looked for around a row's ID.
pub fn ids_two_digits_off(base: &BaseIndex, key: IdKey) -> usize {
    let Some((n, len)) = key.digits() else { return 0 };
    let digit = |place: u64| n / place % 10;
    let mut keys = Vec::with_capacity(81 * (len * len.saturating_sub(1) / 2) as usize);
    let mut low = 1u64;
    for _ in 0..len {
        let mut high = low * 10;
        while high < 10u64.pow(len) {
            let (a, b) = (digit(low), digit(high));
            let swap = high == low * 10;
            for x in (0..10).filter(|&x| x != a) {
                for y in (0..10).filter(|&y| y != b) {
                    if swap && x == b && y == a {
                        continue;
                    }
                    keys.push(IdKey::from_digits(n - a * low + x * low - b * high + y * high, len));
                }
            }
            high *= 10;
        }
        low *= 10;
    }
    let mut count = 0;
    base.ids().find_each(&keys, |_, at| count += at.len());
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::tests::{base_of, identity};

    #[test]
    fn blocks_find_namesakes_and_cut_huge_blocks() {
        let mut rows: Vec<(String, &str, &str)> =
            (0..250).map(|i| (format!("0010500{i:05}"), "Nguyễn Văn Hùng", "01/01/1950")).collect();
        rows.push(("001085000001".into(), "Trần Thị Lan", "05/03/1985"));
        let base = base_of(&rows);
        let blocks = Blocks::build(&base, Rule::defaults(), 200);
        let lan = blocks.candidates(&identity("", "TRAN THI LAN", "05/03/1985"));
        assert_eq!(lan.persons.len(), 1);
        assert!(!lan.capped);
        let hung = blocks.candidates(&identity("", "Nguyễn Văn Hùng", "01/01/1950"));
        assert!(hung.capped, "a block of 250 namesakes is cut");
        assert!(lan.whole == lan.persons && hung.whole.is_empty(), "{:?}", hung.whole);
        assert!(hung.persons.len() >= 200 && hung.persons.len() < 250);
        let year_only = blocks.candidates(&identity("", "Chần Thị Nan", "1985"));
        assert_eq!(
            year_only.persons.len(),
            1,
            "a year-only date blocks only with the phonetic key of the name"
        );
        // The phonetic key of a whole name is its words' keys in any order.
        let given_first = blocks.candidates(&identity("", "Lan Trần Thị", "1985"));
        assert_eq!(given_first.persons, year_only.persons, "words in another order, one key");
    }

    #[test]
    fn a_rule_skipping_large_blocks_keeps_one_entry_of_each() {
        // 20 namesakes (a block too large for a rule skipping them) and 3.
        let mut rows: Vec<(String, &str, &str)> =
            (0..20).map(|i| (format!("0010500{i:05}"), "Nguyễn Văn Hùng", "01/01/1950")).collect();
        rows.extend((0..3).map(|i| (format!("0010850{i:05}"), "Trần Thị Lan", "05/03/1985")));
        let base = base_of(&rows);
        let rule = Rule::parse(&["name.surname".into(), "name.given".into()], &[]).unwrap();
        let skipping = Blocks::build(&base, vec![rule.clone().skipping_large()], 200);
        assert_eq!(skipping.parts()[0].1.keys.len(), 1 + 3, "the large block kept as one entry");
        let hits = |b: &Blocks, name| {
            b.lookup(&identity("", name, "")).iter().map(|h| h.persons.len()).collect::<Vec<_>>()
        };
        assert_eq!(hits(&skipping, "Trần Văn Lan"), [3]);
        assert!(hits(&skipping, "Nguyễn Thị Hùng").is_empty(), "a large block gives no hit");
        assert_eq!(hits(&skipping, "Lê Văn Tám"), [0], "nobody with the key: an empty hit, as before");
        let keeping = Blocks::build(&base, vec![rule], 200);
        assert_eq!(hits(&keeping, "Nguyễn Thị Hùng"), [20]);
    }

    #[test]
    fn configured_rules_parse_and_find() {
        let base = base_of(&[("001085000123".into(), "Trần Thị Lan", "05/03/1985")]);
        let on = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let rule = Rule::parse(&on(&["name.given:first:2", "id:first:6"]), &[]).unwrap();
        let blocks = Blocks::build(&base, vec![rule], 10);
        assert_eq!(blocks.candidates(&identity("001085999999", "Lam Lanh", "")).persons, [0]);
        assert!(blocks.candidates(&identity("002085999999", "Lam Lanh", "")).persons.is_empty());
        // The middle names: the words between the first and the last.
        let rule = Rule::parse(&on(&["name.surname", "name.middle:first:1"]), &[]).unwrap();
        let blocks = Blocks::build(&base, vec![rule], 10);
        assert_eq!(blocks.candidates(&identity("", "Trần T Hoa", "")).persons, [0]);
        assert!(blocks.candidates(&identity("", "Trần Văn Lan", "")).persons.is_empty());
        assert!(
            blocks.candidates(&identity("", "Trần Lan", "")).persons.is_empty(),
            "no middle name, no key"
        );
        // A blank surname column: the first word is a middle name, not the surname.
        let mut no_surname = identity("", "T Lan", "");
        let rule = Rule::parse(&on(&["name.given", "name.middle:first:1"]), &[]).unwrap();
        let blocks = Blocks::build(&base, vec![rule], 10);
        assert!(blocks.candidates(&no_surname).persons.is_empty(), "read by place, T is the surname");
        no_surname.name.blank.surname = true;
        assert_eq!(blocks.candidates(&no_surname).persons, [0]);
        let rule = Rule::parse(&on(&["name.surname", "name.given"]), &[]).unwrap();
        assert!(Blocks::build(&base, vec![rule], 10).candidates(&no_surname).persons.is_empty());
        // A year mistyped: the month and day, any year.
        let rule = Rule::parse(&on(&["name.given", "dob:monthday"]), &[]).unwrap();
        let blocks = Blocks::build(&base, vec![rule], 10);
        assert_eq!(blocks.candidates(&identity("", "Lê Lan", "05/03/1958")).persons, [0]);
        assert!(blocks.candidates(&identity("", "Lê Lan", "03/05/1985")).persons.is_empty());
        assert!(blocks.candidates(&identity("", "Lê Lan", "1985")).persons.is_empty(), "no day, no key");
        let placeholder = base_of(&[("001085000124".into(), "Trần Thị Mai", "01/01/1985")]);
        let rule = Rule::parse(&on(&["name.given", "dob:monthday"]), &[]).unwrap();
        let blocks = Blocks::build(&placeholder, vec![rule], 10);
        assert!(
            blocks.candidates(&identity("", "Lê Mai", "01/01/1990")).persons.is_empty(),
            "01/01 says nothing"
        );
        // The day and month in either order.
        let rule = Rule::parse(&on(&["name.given", "dob:unordered"]), &[]).unwrap();
        let blocks = Blocks::build(&base, vec![rule], 10);
        for found in ["05/03/1985", "03/05/1985"] {
            assert_eq!(blocks.candidates(&identity("", "Lê Lan", found)).persons, [0], "{found}");
        }
        for other in ["05/03/1986", "04/03/1985", "1985"] {
            assert!(blocks.candidates(&identity("", "Lê Lan", other)).persons.is_empty(), "{other}");
        }
        for bad in [
            &["nmae"][..],
            &["name.given:unordered"],
            &["dob:soundex"],
            &["name:year"],
            &["id:first:0"],
            &["dob:first:4"],
            &["name:monthday"],
            &["sex:phonetic"],
            &[],
        ] {
            assert!(Rule::parse(&on(bad), &[]).is_err(), "{bad:?}");
        }
        let extra = Rule::parse(&on(&["postcode:digits"]), &["postcode".into()]).unwrap();
        assert_eq!(extra.parts[0], Part { field: Field::Extra(0), transform: Transform::Digits });
    }

    #[test]
    fn decimals_are_written_as_format_writes_them() {
        for n in [0, 7, 10, 1985, 20_261_128, u64::MAX] {
            let mut key = String::from("x");
            push_decimal(&mut key, n);
            assert_eq!(key, format!("x{n}"));
        }
    }

    #[test]
    fn run_lengths_are_found_by_galloping() {
        for len in 0..40u64 {
            for run in 0..=len {
                let keys: Vec<u64> = (0..len).map(|i| u64::from(i >= run) + 5).collect();
                assert_eq!(run_length(&keys, 5), run as usize, "{len} {run}");
            }
        }
    }

    #[test]
    fn blocks_are_found_through_the_bucket_table_whatever_the_keys_spread() {
        let mut rng = crate::rng::Rng::new(7);
        for len in [0usize, 1, 5, 9, 100, 5000] {
            // Spread keys, keys crowded into one bucket, and the extremes.
            for crowded in [false, true] {
                let mut keys: Vec<u64> = (0..len)
                    .map(|_| if crowded { 1000 + rng.below(40) } else { rng.next_u64() >> rng.below(3) })
                    .chain([0, NO_KEY - 1].into_iter().take(len.min(2)))
                    .collect();
                keys.sort_unstable();
                let persons: Vec<u32> = (0..keys.len() as u32).collect();
                let index = KeyIndex::new(keys.clone(), persons);
                let probes = keys.iter().copied().chain([1, 1001, 1039, u64::MAX >> 1, NO_KEY - 2]);
                for k in probes {
                    let want: Vec<u32> = (0..keys.len() as u32).filter(|&i| keys[i as usize] == k).collect();
                    assert_eq!(index.block(k), &want[..], "{len} {crowded} {k}");
                }
            }
        }
    }

    #[test]
    fn id_neighbourhood_finds_one_digit_and_transposition_errors() {
        let base = base_of(&[("001085000123".into(), "Trần Thị Lan", "05/03/1985")]);
        let k = |s: &str| IdKey::encode(s).unwrap();
        assert_eq!(id_neighbours(&base, k("001085000124")), [(0, DigitEdit::Substitution)]);
        assert_eq!(id_neighbours(&base, k("001085000213")), [(0, DigitEdit::Transposition)]);
        assert_eq!(id_neighbours(&base, k("010085000123")), [(0, DigitEdit::Transposition)]);
        assert!(id_neighbours(&base, k("001085000999")).is_empty());
        assert!(id_neighbours(&base, k("001085000123")).is_empty(), "the ID itself is not its neighbour");
    }

    #[test]
    fn two_digits_off_are_counted_apart_from_one_keying_error() {
        let ids = ["001085000123", "001085000456", "901085000723", "001085000213", "001085000124"];
        let rows: Vec<_> = ids.iter().map(|&id| (id.into(), "Trần Thị Lan", "05/03/1985")).collect();
        let base = base_of(&rows);
        let k = |s: &str| IdKey::encode(s).unwrap();
        // 901085000723 only: 001085000456 is three off, the others one
        // keying error (a digit, a swap), the ID itself none.
        assert_eq!(ids_two_digits_off(&base, k("001085000123")), 1);
        // 001085000213 (7→2, 2→1: not a swap) and 001085000124; the other
        // two are one digit off.
        assert_eq!(ids_two_digits_off(&base, k("001085000723")), 2);
        assert_eq!(ids_two_digits_off(&base, k("AB12")), 0);
    }
}
