//! Stage 3: the population base in compact columnar form, and its lookups.
//!
//! Persons are sorted by ID key, so the ID column itself is the exact-ID
//! index (binary search, 8 bytes a person). Dates are packed integers,
//! names are token runs over a shared vocabulary ([`names`]), old IDs a
//! sorted alias table.

pub mod areas;
pub mod blocking;
mod born;
pub mod homes;
mod ids;
pub mod name_order;
pub mod name_sex;
pub mod names;
pub mod residence;
pub mod rules;
pub mod schools;
pub mod snapshot;

use std::ops::Range;

use rayon::prelude::*;

use crate::error::Result;
use crate::normalize::ethnicity::{self, Ethnicity};
use crate::normalize::field::Method;
use crate::normalize::{text, BlankEnds, Dob, IdKey, IdKind, NormName, Rules, Sex};
use crate::read::mapping::{Layout, Role};
use crate::read::prefetch::{each_batch, freeing};
use crate::read::{Row, RowFault, Source};

pub(crate) use born::Born;
use born::{dob_table, DobTable};
pub use ids::Ids;
pub use names::{NameStore, Vocab};

const DECEASED: u8 = 1;
/// The flags' two bits of the ethnicity (see [`BaseIndex::ethnicity`]).
const ETHNICITY: u8 = 0b110;
/// The flags' bits of a name's blank ends (see [`BaseIndex::name_blank`]).
const BLANK_SURNAME: u8 = 0b1000;
const BLANK_GIVEN: u8 = 0b1_0000;

/// The flag bits of an ethnicity.
fn ethnicity_bits(e: Option<Ethnicity>) -> u8 {
    match e {
        None => 0,
        Some(Ethnicity::Kinh) => 0b010,
        Some(Ethnicity::Minority) => 0b100,
        Some(Ethnicity::Foreign) => 0b110,
    }
}

/// The population base, ready for lookups.
#[derive(Debug, Default)]
pub struct BaseIndex {
    ids: Ids,
    names: NameStore,
    vocab: Vocab,
    /// Per person: date of birth and sex, read together.
    born: Vec<Born>,
    flags: Vec<u8>,
    /// Per person: how many persons share the canonical name, the folded name.
    name_counts: Vec<(u32, u32)>,
    /// Persons per full date of birth.
    dob_table: DobTable,
    deaths: Vec<(u32, Dob)>,
    old_ids: Vec<(IdKey, u32)>,
    field_methods: Vec<Method>,
    /// Extra compared fields, person-major (`field_methods.len()` per person).
    field_values: Vec<Box<str>>,
    /// Where the persons live and lived, when the run weighs places.
    homes: Option<homes::Homes>,
    /// The sex the base's words speak for, learnt when first asked for.
    name_sex: std::sync::OnceLock<name_sex::NameSex>,
    /// Data rows read from the base file.
    pub rows_read: u64,
    /// Rows left out: unreadable, or without a usable ID.
    pub rejected: u64,
}

/// One base row after normalisation, before it joins the columns.
struct Staged {
    id: IdKey,
    old_id: Option<IdKey>,
    /// The name's tokens: numbered when the vocabulary knows them already.
    tokens: Vec<std::result::Result<u32, String>>,
    blank: BlankEnds,
    dob: Dob,
    sex: Option<Sex>,
    deceased: bool,
    death: Option<Dob>,
    ethnicity: Option<Ethnicity>,
    fields: Vec<String>,
}

impl BaseIndex {
    /// Reads the whole base from `source` (already projected to `layout`).
    /// `progress` is called after each batch with the source's progress.
    /// Each row left out is given to `left_out`, with why.
    pub fn build(
        source: &mut dyn Source,
        layout: &Layout,
        rules: &Rules,
        progress: &mut dyn FnMut(u64, u64),
        left_out: &mut dyn FnMut(&Row, LeftOut) -> Result<()>,
    ) -> Result<BaseIndex> {
        let mut staged_ids = Vec::new();
        let mut index = BaseIndex::default();
        let mut raw_names = NameStore::default();
        index.field_methods = rules.fields.clone();
        let mut raw_fields: Vec<Box<str>> = Vec::new();
        // The batch before, freed while this one is normalised.
        let mut spent: Vec<Row> = Vec::new();
        each_batch(source, 1 << 16, |batch, (done, total)| {
            index.rows_read += batch.len() as u64;
            // Normalised in parallel, known tokens numbered in parallel too:
            // only tokens never seen before are added one at a time.
            let vocab = &index.vocab;
            let staged: Vec<std::result::Result<Staged, LeftOut>> =
                freeing(std::mem::take(&mut spent), || {
                    batch
                        .par_iter()
                        .map(|row| match row.malformed {
                            Some(fault) => Err(LeftOut::Unreadable(fault)),
                            None => stage(layout, &row.cells, rules, vocab),
                        })
                        .collect()
                });
            for (row, s) in batch.iter().zip(staged) {
                let s = match s {
                    Ok(s) => s,
                    Err(why) => {
                        index.rejected += 1;
                        left_out(row, why)?;
                        continue;
                    }
                };
                let person = staged_ids.len() as u32;
                staged_ids.push(s.id);
                let vocab = &mut index.vocab;
                raw_names.push(s.tokens.into_iter().map(|t| match t {
                    Ok(id) => vocab.count_once_more(id),
                    Err(token) => vocab.intern(&token),
                }));
                index.born.push(Born::new(s.dob, s.sex));
                let blank = if s.blank.surname { BLANK_SURNAME } else { 0 }
                    | if s.blank.given { BLANK_GIVEN } else { 0 };
                index.flags.push(if s.deceased { DECEASED } else { 0 } | ethnicity_bits(s.ethnicity) | blank);
                if let Some(d) = s.death {
                    index.deaths.push((person, d));
                }
                if let Some(old) = s.old_id {
                    index.old_ids.push((old, person));
                }
                raw_fields.extend(s.fields.into_iter().map(String::into_boxed_str));
            }
            spent = batch;
            progress(done, total);
            Ok(())
        })?;
        drop(spent);
        // Sort persons by ID; ties keep file order, so the result is deterministic.
        let mut keyed: Vec<(IdKey, u32)> = staged_ids.into_iter().zip(0u32..).collect();
        keyed.par_sort_unstable();
        let order: Vec<u32> = keyed.iter().map(|&(_, i)| i).collect();
        let ids: Vec<IdKey> = keyed.into_iter().map(|(k, _)| k).collect();
        // Each column is permuted and its file-order copy freed at once, so
        // the peak stays near one column over the final size.
        index.names = raw_names.permuted(&order);
        drop(raw_names);
        index.born = permute(&index.born, &order);
        index.flags = permute(&index.flags, &order);
        let stride = index.field_methods.len();
        if stride > 0 {
            index.field_values = order
                .iter()
                .flat_map(|&i| raw_fields[i as usize * stride..(i as usize + 1) * stride].iter().cloned())
                .collect();
        }
        drop(raw_fields);
        let mut rank = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            rank[old as usize] = new as u32;
        }
        drop(order);
        for (p, _) in index.deaths.iter_mut() {
            *p = rank[*p as usize];
        }
        for (_, p) in index.old_ids.iter_mut() {
            *p = rank[*p as usize];
        }
        drop(rank);
        index.deaths.sort_unstable();
        index.old_ids.sort_unstable();
        index.name_counts = name_counts(&index.names, &index.vocab);
        index.dob_table = dob_table(&index.born);
        // Last: its lookup aids are built when the file-order columns are gone.
        index.ids = Ids::new(ids);
        Ok(index)
    }

    /// Where the persons live and lived, when the run weighs places.
    pub fn homes(&self) -> Option<&homes::Homes> {
        self.homes.as_ref()
    }

    /// Sets where the persons live and lived: the run weighs places.
    pub fn set_homes(&mut self, homes: homes::Homes) {
        self.homes = Some(homes);
    }

    /// The number of persons.
    pub fn len(&self) -> usize {
        self.ids.as_slice().len()
    }

    /// True when the base holds nobody.
    pub fn is_empty(&self) -> bool {
        self.ids.as_slice().is_empty()
    }

    /// The persons whose ID is `key` (normally one; more if the base repeats an ID).
    pub fn find(&self, key: IdKey) -> Range<usize> {
        self.ids.find(key)
    }

    /// The sorted ID column, for lookups of many IDs at once.
    pub fn ids(&self) -> &Ids {
        &self.ids
    }

    /// The persons whose old ID (CMND) is `key`.
    pub fn find_old(&self, key: IdKey) -> impl Iterator<Item = usize> + '_ {
        let start = self.old_ids.partition_point(|&(k, _)| k < key);
        self.old_ids[start..].iter().take_while(move |&&(k, _)| k == key).map(|&(_, p)| p as usize)
    }

    /// The first person (in ID order) holding person `p`'s ID: persons who
    /// share an ID share what is recorded under it (their residence history).
    pub fn first_with_id(&self, p: usize) -> usize {
        self.find(self.id(p)).start
    }

    /// Person `p`'s ID.
    pub fn id(&self, p: usize) -> IdKey {
        self.ids[p]
    }

    /// Person `p`'s name in canonical form.
    pub fn name(&self, p: usize) -> String {
        self.names.canonical(p, &self.vocab)
    }

    /// Person `p`'s name in its comparison forms, from the stored tokens
    /// (already canonical: no normalisation at comparison time).
    pub fn norm_name(&self, p: usize) -> NormName {
        let canonical = self.names.canonical(p, &self.vocab);
        let folded = self.names.folded(p, &self.vocab);
        let blank = self.name_blank(p);
        NormName { has_diacritics: folded != canonical, canonical, folded, blank, ..NormName::default() }
    }

    /// Person `p`'s name tokens.
    pub fn name_tokens(&self, p: usize) -> &[u32] {
        self.names.get(p)
    }

    /// How many base persons share person `p`'s canonical name, and its folded name.
    pub fn name_counts(&self, p: usize) -> (u32, u32) {
        self.name_counts[p]
    }

    /// How many base persons share person `p`'s full date of birth (0 when
    /// the date is not a full one).
    pub fn dob_count(&self, p: usize) -> u32 {
        // From the table of a few tens of thousands of dates (in cache), not a column of persons.
        self.dob_table.get(&self.born[p].dob().0).copied().unwrap_or(0)
    }

    /// How many persons were born on `date` (0 when it is not a full date).
    pub fn persons_born_on(&self, date: Dob) -> u32 {
        self.dob_table.get(&date.0).copied().unwrap_or(0)
    }

    /// The name vocabulary with its counts.
    pub fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    /// The sex the base's middle and given names speak for (learnt from
    /// the base when first asked for).
    pub fn name_sex(&self) -> &name_sex::NameSex {
        self.name_sex.get_or_init(|| name_sex::NameSex::learn(self))
    }

    /// Person `p`'s date of birth.
    pub fn dob(&self, p: usize) -> Option<Dob> {
        Some(self.born[p].dob()).filter(|d| d.0 != 0)
    }

    /// Person `p`'s sex.
    pub fn sex(&self, p: usize) -> Option<Sex> {
        self.born[p].sex()
    }

    /// True when person `p` is recorded as deceased.
    pub fn is_deceased(&self, p: usize) -> bool {
        self.flags[p] & DECEASED != 0
    }

    /// Which ends of person `p`'s name (written in several columns) were blank.
    pub fn name_blank(&self, p: usize) -> BlankEnds {
        let f = self.flags[p];
        BlankEnds { surname: f & BLANK_SURNAME != 0, given: f & BLANK_GIVEN != 0 }
    }

    /// Person `p`'s ethnicity, when the base records one that reads.
    pub fn ethnicity(&self, p: usize) -> Option<Ethnicity> {
        match self.flags[p] & ETHNICITY {
            0b010 => Some(Ethnicity::Kinh),
            0b100 => Some(Ethnicity::Minority),
            0b110 => Some(Ethnicity::Foreign),
            _ => None,
        }
    }

    /// True when the base records any person's ethnicity.
    pub fn knows_ethnicity(&self) -> bool {
        self.flags.par_iter().any(|f| f & ETHNICITY != 0)
    }

    /// How the extra compared fields are compared.
    pub fn field_methods(&self) -> &[Method] {
        &self.field_methods
    }

    /// Person `p`'s extra compared fields, prepared for comparison.
    pub fn fields(&self, p: usize) -> &[Box<str>] {
        let stride = self.field_methods.len();
        &self.field_values[p * stride..(p + 1) * stride]
    }

    /// Person `p`'s date of death, when recorded.
    pub fn death_date(&self, p: usize) -> Option<Dob> {
        // Every person with a recorded death is flagged: most need no search.
        if !self.is_deceased(p) {
            return None;
        }
        let i = self.deaths.partition_point(|&(q, _)| (q as usize) < p);
        self.deaths.get(i).filter(|&&(q, _)| q as usize == p).map(|&(_, d)| d)
    }
}

/// `values` in the order `order` gives (positions into `values`).
fn permute<T: Copy + Send + Sync>(values: &[T], order: &[u32]) -> Vec<T> {
    order.par_iter().map(|&i| values[i as usize]).collect()
}

/// Per person, how many persons share its canonical and its folded name
/// (term frequencies), by sorting name hashes.
fn name_counts(names: &NameStore, vocab: &Vocab) -> Vec<(u32, u32)> {
    use std::hash::{BuildHasher, Hash, Hasher};
    const NAME_SEED: u64 = 0x6e61_6d65;
    let hash = |p: usize, folded: bool| {
        let mut h = foldhash::fast::FixedState::with_seed(NAME_SEED).build_hasher();
        for &t in names.get(p) {
            if folded {
                vocab.folded(t).hash(&mut h);
            } else {
                t.hash(&mut h);
            }
        }
        h.finish()
    };
    let count =
        |folded: bool| run_lengths((0..names.len()).into_par_iter().map(|p| hash(p, folded)).collect());
    count(false).into_iter().zip(count(true)).collect()
}

/// For each key, how many keys are equal to it: the keys sorted with their
/// positions, then each run of equal keys written back (no search per key).
fn run_lengths(keys: Vec<u64>) -> Vec<u32> {
    let mut sorted: Vec<(u64, u32)> = keys.into_iter().zip(0u32..).collect();
    sorted.par_sort_unstable();
    let mut counts = vec![0u32; sorted.len()];
    for run in sorted.chunk_by(|a, b| a.0 == b.0) {
        for &(_, i) in run {
            counts[i as usize] = run.len() as u32;
        }
    }
    counts
}

/// Why a base row is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftOut {
    /// It could not be read as a record.
    Unreadable(RowFault),
    /// Its ID cell is empty.
    IdMissing,
    /// Its ID is not a usable number (damaged, or not a number at all).
    IdInvalid,
}

fn stage(
    layout: &Layout,
    cells: &[String],
    rules: &Rules,
    vocab: &Vocab,
) -> std::result::Result<Staged, LeftOut> {
    let identity = layout.person(cells, rules);
    // A person without a name is still found by ID, and by the other fields.
    let id = identity.id.key().ok_or(match identity.id.kind {
        IdKind::Missing => LeftOut::IdMissing,
        _ => LeftOut::IdInvalid,
    })?;
    let old_id = layout
        .get(Role::OldId, cells)
        .and_then(|s| crate::normalize::normalize_id(&s, rules.id_scheme).key());
    let (death, deceased) = death_of(layout, cells, rules);
    Ok(Staged {
        id,
        old_id: old_id.filter(|&k| k != id),
        tokens: identity.name.tokens().map(|t| vocab.get(t).ok_or_else(|| t.to_string())).collect(),
        blank: identity.name.blank,
        dob: identity.dob().unwrap_or(Dob(0)),
        sex: identity.sex,
        deceased,
        death,
        ethnicity: layout.get(Role::Ethnicity, cells).and_then(|e| ethnicity::read(&e)),
        fields: identity.fields,
    })
}

/// A base row's date of death, and whether the row says its person is
/// dead (a date of death, or a status that says so).
pub fn death_of(layout: &Layout, cells: &[String], rules: &Rules) -> (Option<Dob>, bool) {
    let death = layout
        .get(Role::DeathDate, cells)
        .and_then(|s| crate::normalize::parse_date(&s, rules.date_order).ok())
        .map(|(d, _)| d);
    let deceased = death.is_some() || layout.get(Role::Status, cells).is_some_and(|s| status_is_deceased(&s));
    (death, deceased)
}

/// [`is_deceased_text`] remembered for the last value seen on this thread:
/// a status column repeats a handful of values row after row.
fn status_is_deceased(s: &str) -> bool {
    thread_local! {
        static LAST: std::cell::RefCell<(String, bool)> = const { std::cell::RefCell::new((String::new(), false)) };
    }
    LAST.with_borrow_mut(|(text, dead)| {
        if text != s {
            *dead = is_deceased_text(s);
            text.clear();
            text.push_str(s);
        }
        *dead
    })
}

/// `đã chết`, `Đã mất`, `tử vong`, `deceased`, `dead` ... mean deceased.
pub fn is_deceased_text(s: &str) -> bool {
    let folded = text::fold(&text::nfc_clean(s));
    let words: Vec<&str> =
        folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let pair = |a: &str, b: &str| words.windows(2).any(|w| w[0] == a && w[1] == b);
    let dead = words.iter().any(|w| matches!(*w, "CHET" | "MAT" | "DECEASED" | "DEAD")) || pair("TU", "VONG");
    dead && !pair("CON", "SONG")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::read::mapping::{map_roles, RoleSpec};

    /// A man's row with this ID, name and date of birth, normalised.
    pub(crate) fn identity(id: &str, name: &str, dob: &str) -> crate::normalize::Identity {
        use crate::normalize::{normalize_id, normalize_name, parse_dob, IdScheme};
        crate::normalize::Identity {
            id: normalize_id(id, IdScheme::Vn),
            name: normalize_name(name),
            dob: parse_dob(dob),
            sex: Some(Sex::Male),
            fields: Vec::new(),
            record_date: None,
            place: Default::default(),
        }
    }

    /// A base of `(id, name, dob)` rows, all men, read from a CSV file.
    pub(crate) fn base_of(rows: &[(String, &str, &str)]) -> BaseIndex {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.csv");
        let mut text = String::from("cccd,ho_ten,ngay_sinh,gioi_tinh\n");
        for (id, name, dob) in rows {
            text.push_str(&format!("{id},{name},{dob},Nam\n"));
        }
        std::fs::write(&path, text).unwrap();
        let mut src = crate::read::csv::CsvSource::open(&path, None).unwrap();
        let roles: Vec<RoleSpec> = [Role::Id, Role::Name, Role::Dob, Role::Gender]
            .into_iter()
            .map(|role| RoleSpec { role, configured: None, required: true })
            .collect();
        let mapped = map_roles(&path, "base", src.headers(), &roles).unwrap();
        let layout = Layout::new(&mapped, &[]);
        src.project(layout.columns().to_vec());
        BaseIndex::build(&mut src, &layout, &Rules::default(), &mut |_, _| {}, &mut |_, _| Ok(())).unwrap()
    }

    #[test]
    fn ids_are_found_through_the_sample_and_repeated_ids_all_at_once() {
        // 300 persons, every 7th ID given to two persons, over several sample stretches.
        let ids: Vec<String> = (0..300u64)
            .map(|i| format!("{:012}", 1_090_000_000 + (i / 7 * 7 + i % 7 * (i % 7 != 1) as u64) * 13))
            .collect();
        let rows: Vec<(String, &str, &str)> =
            ids.iter().map(|id| (id.clone(), "Trần Thị Lan", "05/03/1985")).collect();
        let base = base_of(&rows);
        for id in &ids {
            let key = IdKey::encode(id).unwrap();
            let want = ids.iter().filter(|other| *other == id).count();
            let found = base.find(key);
            assert_eq!(found.len(), want, "{id}");
            assert!(found.clone().all(|p| base.id(p) == key));
        }
        for absent in ["000000000001", "001090000001", "999999999999"] {
            assert!(base.find(IdKey::encode(absent).unwrap()).is_empty(), "{absent}");
        }
    }

    #[test]
    fn deceased_texts() {
        for s in ["Đã chết", "đã mất", "Tử vong", "DECEASED", "dead"] {
            assert!(is_deceased_text(s), "{s}");
        }
        for s in ["Còn sống", "alive", "", "song", "Matthew"] {
            assert!(!is_deceased_text(s), "{s}");
        }
    }
}
