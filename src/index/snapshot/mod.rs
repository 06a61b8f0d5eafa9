//! A snapshot of the indexed base (`doisoat index`): the base normalised
//! once, with every precomputed key, so a nightly run loads it instead of
//! reading and normalising the base again.
//!
//! A snapshot is a directory of Parquet tables (uncompressed, no
//! statistics: they load at memory speed, and polars or DuckDB read them
//! as they are) and `snapshot.json`, which names the doisoat version, the
//! snapshot format and a fingerprint of the configuration that shaped it.
//! A snapshot made by another version or configuration is refused, never
//! half-used. The directory is written under a temporary name and renamed
//! into place when complete.
//!
//! | table | rows | columns |
//! |---|---|---|
//! | `persons` | one a person, by ID | `id`, `name_end`, `dob`, `sex`, `flags`, `name_count`, `folded_count`, `dob_count` |
//! | `name_tokens` | one a name token | `token` (numbers into `vocab`) |
//! | `vocab` | one a distinct token | `token`, `count` |
//! | `fields` | one a person | the `[[compare]]` base columns, prepared |
//! | `old_ids` | one an old ID | `id`, `person` |
//! | `deaths` | one a known death date | `person`, `date` |
//! | `block_N` | one a keyed person | `key`, `person` (rule N of `snapshot.json`) |
//! | `residence` | one a period (with `--base-residence`) | `person`, `from`, `to`, `place` ([`history`]) |
//! | `homes` | one a person (with `--base-residence`) | `communes`: three 16-bit commune codes ([`super::homes`]) |

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};

use polars::prelude::*;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::blocking::{Blocks, KeyIndex, Rule, LARGE_BLOCK};
use super::residence::Residence;
use history::HistoryMeta;

pub mod history;
use super::homes::{self, Homes, KEPT};
use super::{BaseIndex, Born, Ids, NameStore, Vocab};
use crate::error::{Error, Result};
use crate::normalize::field::Method;
use crate::normalize::{Dob, IdKey};
use crate::output::digest::{hash_file, Hasher};
use crate::output::{create_dir, Pending};

/// The layout version of the tables; a change makes older snapshots unreadable
/// (6: the persons' flags carry their names' blank ends).
const FORMAT: u32 = 6;
/// The file that makes a directory a snapshot.
const META: &str = "snapshot.json";

/// What `snapshot.json` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// The doisoat version that wrote it.
    pub doisoat_version: String,
    /// The table layout version.
    pub format: u32,
    /// Fingerprint of the settings that shape the base (see `Config::base_fingerprint`).
    pub config_fingerprint: String,
    /// The base file it was made from, as given.
    pub base: String,
    /// Data rows read from the base file.
    pub rows_read: u64,
    /// Rows left out (unreadable, or no usable ID).
    pub rejected: u64,
    /// Persons indexed.
    pub persons: usize,
    /// Extra compared fields per person.
    pub fields: usize,
    /// The blocking rules, in the order of the `block_N` tables.
    pub block_rules: Vec<String>,
    /// Each table file's SHA-256 as written: a run from the snapshot
    /// checks them (one flipped byte can change results silently).
    #[serde(default)]
    pub tables: BTreeMap<String, String>,
    /// The residence history it holds, if made with one.
    #[serde(default)]
    pub residence: Option<HistoryMeta>,
}

/// True when `path` is a snapshot directory.
pub fn is_snapshot(path: &Path) -> bool {
    path.join(META).is_file()
}

/// Reads a snapshot's `snapshot.json`.
pub fn read_meta(dir: &Path) -> Result<Meta> {
    let path = dir.join(META);
    let text = fs::read_to_string(&path).map_err(|e| Error::io(&path, "reading", e))?;
    serde_json::from_str(&text).map_err(|e| {
        Error::data(&path, format!("not a doisoat snapshot ({e}); make one with `doisoat index`"))
    })
}

fn polars_error(path: &Path, e: PolarsError) -> Error {
    Error::data(
        path,
        format!("unreadable snapshot table ({e}); make the snapshot again with `doisoat index`"),
    )
}

/// Writes `base`, `blocks` and the base's residence `history` (if given,
/// with its record) as a snapshot in `dir` (replacing an older snapshot
/// there — one whose `snapshot.json` reads as a snapshot's — never another
/// kind of directory).
pub fn write(
    dir: &Path,
    (base, blocks): (&BaseIndex, &Blocks),
    history: Option<(&Residence, &HistoryMeta)>,
    fingerprint: &str,
    source: &Path,
) -> Result<()> {
    if fs::symlink_metadata(dir).is_ok() && read_meta(dir).is_err() {
        return Err(Error::data(
            dir,
            "exists and is not a doisoat snapshot; give a new path for --out (it is replaced only when it is a snapshot)",
        ));
    }
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("snapshot");
    let tmp = dir.with_file_name(format!(".{name}.partial"));
    if tmp.exists() {
        fs::remove_dir_all(&tmp).map_err(|e| Error::io(&tmp, "removing a partial snapshot", e))?;
    }
    create_dir(&tmp)?;
    let (tokens, ends) = base.names.parts();
    let flags = base.flags.iter().map(|&f| u32::from(f)).collect();
    // Each table's SHA-256, taken as it is written.
    let mut tables = BTreeMap::new();
    let mut table = |name: &str, columns: Vec<Column>| -> Result<()> {
        let file = format!("{name}.parquet");
        let sha = write_table(&tmp.join(&file), columns)?;
        tables.insert(file, sha);
        Ok(())
    };
    table(
        "persons",
        vec![
            numbers::<UInt64Type>("id", base.ids.as_slice().iter().map(|k| k.0).collect()),
            numbers::<UInt32Type>("name_end", ends.to_vec()),
            numbers::<UInt32Type>("dob", base.born.iter().map(|b| b.dob().0).collect()),
            numbers::<UInt32Type>("sex", base.born.iter().map(|b| b.sex_code()).collect()),
            numbers::<UInt32Type>("flags", flags),
            numbers::<UInt32Type>("name_count", base.name_counts.iter().map(|c| c.0).collect()),
            numbers::<UInt32Type>("folded_count", base.name_counts.iter().map(|c| c.1).collect()),
            numbers::<UInt32Type>("dob_count", (0..base.len()).map(|p| base.dob_count(p)).collect()),
        ],
    )?;
    table("name_tokens", vec![numbers::<UInt32Type>("token", tokens.to_vec())])?;
    let vocab = &base.vocab;
    table(
        "vocab",
        vec![
            Column::new("token".into(), (0..vocab.len() as u32).map(|t| vocab.token(t)).collect::<Vec<_>>()),
            numbers::<UInt32Type>("count", (0..vocab.len() as u32).map(|t| vocab.count(t)).collect()),
        ],
    )?;
    let stride = base.field_methods.len();
    let fields = (0..stride)
        .map(|i| {
            let values: Vec<&str> = base.field_values.iter().skip(i).step_by(stride).map(|v| &**v).collect();
            Column::new(format!("field_{}", i + 1).into(), values)
        })
        .collect();
    table("fields", fields)?;
    table(
        "old_ids",
        vec![
            numbers::<UInt64Type>("id", base.old_ids.iter().map(|o| o.0 .0).collect()),
            numbers::<UInt32Type>("person", base.old_ids.iter().map(|o| o.1).collect()),
        ],
    )?;
    table(
        "deaths",
        vec![
            numbers::<UInt32Type>("person", base.deaths.iter().map(|d| d.0).collect()),
            numbers::<UInt32Type>("date", base.deaths.iter().map(|d| d.1 .0).collect()),
        ],
    )?;
    for (i, (_, keys)) in blocks.parts().iter().enumerate() {
        table(
            &format!("block_{}", i + 1),
            vec![
                numbers::<UInt64Type>("key", keys.keys.clone()),
                numbers::<UInt32Type>("person", keys.persons.clone()),
            ],
        )?;
    }
    let history = match history {
        Some((kept, meta)) => {
            let file = format!("{}.parquet", history::TABLE);
            let groups = history::groups(kept.periods(), history::GROUP_ROWS);
            let sha = write_groups(&tmp.join(&file), &history::schema(), groups)?;
            tables.insert(file, sha);
            let packed = homes::kept_communes(base, kept, pack);
            let file = format!("{HOMES}.parquet");
            tables.insert(
                file.clone(),
                write_table(&tmp.join(file), vec![numbers::<UInt64Type>("communes", packed)])?,
            );
            Some(meta.clone())
        }
        None => None,
    };
    let meta = Meta {
        doisoat_version: env!("CARGO_PKG_VERSION").into(),
        format: FORMAT,
        config_fingerprint: fingerprint.into(),
        base: source.display().to_string(),
        rows_read: base.rows_read,
        rejected: base.rejected,
        persons: base.len(),
        fields: stride,
        block_rules: blocks.parts().iter().map(|(r, _)| r.text.clone()).collect(),
        tables,
        residence: history,
    };
    let json = serde_json::to_string_pretty(&meta).expect("the meta serialises");
    crate::output::write_all(&tmp.join(META), json.as_bytes())?;
    if fs::symlink_metadata(dir).is_ok() {
        fs::remove_dir_all(dir).map_err(|e| Error::io(dir, "replacing the old snapshot", e))?;
    }
    fs::rename(&tmp, dir).map_err(|e| Error::io(dir, "renaming the snapshot into place", e))
}

/// Hashes the snapshot's tables in `dir` and checks them (what a failed
/// load does to tell a damaged snapshot from another fault).
pub fn verify(dir: &Path) -> Result<()> {
    check_tables(dir, &hash_tables(dir)?)
}

/// The SHA-256 of each table file in `dir`, by name.
fn hash_tables(dir: &Path) -> Result<BTreeMap<String, String>> {
    let mut tables = BTreeMap::new();
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, "listing", e))? {
        let path = entry.map_err(|e| Error::io(dir, "listing", e))?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if name.ends_with(".parquet") && !name.starts_with('.') {
            tables.insert(name, hash_file(&path)?.1);
        }
    }
    Ok(tables)
}

/// Checks the snapshot in `dir` against `hashed`, its files' SHA-256 by
/// name as the run read them: every table `snapshot.json` lists must be
/// there as it was written, and no other table.
pub fn check_tables(dir: &Path, hashed: &BTreeMap<String, String>) -> Result<()> {
    let meta = read_meta(dir)?;
    let damaged = |name: &str, what: &str| {
        Error::data(
            dir.join(name),
            format!(
                "{what}: the snapshot was damaged or altered after `doisoat index` made it, and nothing \
                 was written; make it again with `doisoat index`"
            ),
        )
    };
    for (name, sha) in &meta.tables {
        match hashed.get(name) {
            None => return Err(damaged(name, "missing from the snapshot")),
            Some(h) if h != sha => {
                return Err(damaged(name, "differs from the checksum snapshot.json records"))
            }
            Some(_) => {}
        }
    }
    match hashed.keys().find(|n| n.ends_with(".parquet") && !meta.tables.contains_key(*n)) {
        Some(extra) => Err(damaged(extra, "a table snapshot.json does not list")),
        None => Ok(()),
    }
}

/// The persons' dates and sexes in one column, made in the dates' own
/// memory (no third column of persons while two are read).
fn born(persons: &Table) -> Result<Vec<Born>> {
    let mut dobs = persons.numbers::<UInt32Type>("dob")?;
    let sexes = persons.numbers::<UInt32Type>("sex")?;
    dobs.par_iter_mut().zip(sexes).for_each(|(d, sex)| *d = Born::from_codes(*d, sex).0);
    Ok(dobs.into_iter().map(Born).collect())
}

fn numbers<T: PolarsNumericType>(name: &str, values: Vec<T::Native>) -> Column {
    ChunkedArray::<T>::from_vec(name.into(), values).into_series().into()
}

/// Writes one table; returns its SHA-256 (hex), taken as it is written.
fn write_table(path: &Path, columns: Vec<Column>) -> Result<String> {
    let height = columns.first().map_or(0, Column::len);
    let mut df = DataFrame::new(height, columns).map_err(|e| polars_error(path, e))?;
    write_with(path, |writer| writer.finish(&mut df).map(drop))
}

/// Writes one table of `schema` a row group at a time (`groups`: each
/// group's columns); returns its SHA-256 (hex), taken as it is written.
pub(super) fn write_groups(
    path: &Path,
    schema: &Schema,
    groups: impl Iterator<Item = Vec<Column>>,
) -> Result<String> {
    write_with(path, |writer| {
        let mut batched = writer.batched(schema)?;
        for columns in groups {
            let height = columns.first().map_or(0, Column::len);
            batched.write_batch(&DataFrame::new(height, columns)?)?;
        }
        batched.finish().map(drop)
    })
}

/// Writes the file `path` with `write`, through a Parquet writer of the
/// snapshot's settings (uncompressed, no statistics); returns its SHA-256.
fn write_with(
    path: &Path,
    write: impl FnOnce(ParquetWriter<&mut Hashed<'_>>) -> PolarsResult<()>,
) -> Result<String> {
    let (file, pending) = Pending::create(path)?;
    let mut hashed = Hashed { file: &file, hasher: Hasher::default() };
    let writer = ParquetWriter::new(&mut hashed)
        .with_compression(ParquetCompression::Uncompressed)
        .with_statistics(StatisticsOptions::empty());
    write(writer).map_err(|e| Error::data(path, format!("cannot write the snapshot table: {e}")))?;
    let sha = hashed.hasher.finish().1;
    pending.commit(file)?;
    Ok(sha)
}

/// A file written through, its bytes hashed on the way.
struct Hashed<'f> {
    file: &'f File,
    hasher: Hasher,
}

impl std::io::Write for Hashed<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(bytes)?;
        self.hasher.update(&bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Reads the snapshot in `dir`, refusing one made by another version or
/// with settings whose fingerprint is not `fingerprint`. `methods` are how
/// the configuration compares its extra fields, `rules` its blocking rules,
/// `cap` its block cap.
pub fn read(
    dir: &Path,
    fingerprint: &str,
    methods: Vec<Method>,
    rules: Vec<Rule>,
    cap: usize,
) -> Result<(BaseIndex, Blocks)> {
    let meta = read_meta(dir)?;
    let remake = "make it again with `doisoat index`";
    if meta.format != FORMAT || meta.doisoat_version != env!("CARGO_PKG_VERSION") {
        return Err(Error::data(
            dir,
            format!(
                "snapshot made by doisoat {} (format {}); this is doisoat {} (format {FORMAT}): {remake}",
                meta.doisoat_version,
                meta.format,
                env!("CARGO_PKG_VERSION")
            ),
        ));
    }
    if meta.config_fingerprint != fingerprint {
        return Err(Error::data(
            dir,
            format!(
                "snapshot made with other settings (fingerprint {}, this configuration's is {fingerprint}): \
                 the base columns, date order, ID scheme, sex values, [[compare]] fields or [[block]] rules \
                 differ; use the configuration it was made with, or {remake}",
                meta.config_fingerprint
            ),
        ));
    }
    let texts: Vec<&str> = rules.iter().map(|r| r.text.as_str()).collect();
    if texts != meta.block_rules {
        return Err(Error::data(
            dir,
            format!("snapshot blocking rules differ from the configuration's: {remake}"),
        ));
    }
    // The persons and the block tables are independent: read side by side.
    let (base, indexes) = rayon::join(
        || read_base(dir, &meta, methods),
        || -> Result<Vec<(Rule, KeyIndex)>> {
            rules
                .into_par_iter()
                .enumerate()
                .map(|(i, rule)| {
                    let table = Table::read(dir, &format!("block_{}", i + 1))?;
                    let keys = KeyIndex::new(
                        table.numbers::<UInt64Type>("key")?,
                        table.numbers::<UInt32Type>("person")?,
                    );
                    Ok((rule, keys))
                })
                .collect()
        },
    );
    let (base, indexes) = (base?, indexes?);
    let blocks = Blocks::from_parts(indexes, cap);
    check(dir, &meta, &base, &blocks)?;
    Ok((base, blocks))
}

/// The places of the persons of a snapshot read as `base` (`by_id`: its
/// IDs are CCCDs): from its `homes` table when it was made with a history
/// (read with settings of fingerprint `print`), else the registration province only.
pub fn read_homes(dir: &Path, base: &BaseIndex, print: &str, by_id: bool) -> Result<Homes> {
    if read_meta(dir)?.residence.is_none() {
        return Ok(Homes::new(base, None, by_id));
    }
    history::kept_history(dir, print)?;
    let communes = Table::read(dir, HOMES)?.numbers_as::<UInt64Type, [u16; KEPT]>("communes", unpack)?;
    if communes.len() != base.len() {
        return Err(Error::data(
            dir.join(format!("{HOMES}.parquet")),
            "damaged snapshot: the homes table has another number of rows than persons; make it again with `doisoat index`",
        ));
    }
    Ok(Homes::from_communes(communes, by_id))
}

/// Rows read at a time by [`Table::numbers_as`].
const SLICE_ROWS: usize = 1 << 23;

/// The homes table's name.
const HOMES: &str = "homes";

/// A person's kept communes in one number (16 bits each, the latest lowest).
fn pack(kept: [u16; KEPT]) -> u64 {
    kept.iter().rev().fold(0u64, |word, &c| word << 16 | u64::from(c))
}

/// From [`pack`].
fn unpack(word: u64) -> [u16; KEPT] {
    std::array::from_fn(|i| (word >> (16 * i)) as u16)
}

/// The persons' tables of the snapshot in `dir`, as a base index.
fn read_base(dir: &Path, meta: &Meta, methods: Vec<Method>) -> Result<BaseIndex> {
    let persons = Table::read(dir, "persons")?;
    let ids: Vec<IdKey> = persons.numbers::<UInt64Type>("id")?.into_iter().map(IdKey).collect();
    let n = ids.len();
    let vocab = Table::read(dir, "vocab")?;
    let fields = Table::read(dir, "fields")?;
    let columns: Vec<Vec<Box<str>>> =
        (0..meta.fields).map(|i| fields.strings(&format!("field_{}", i + 1))).collect::<Result<_>>()?;
    let old = Table::read(dir, "old_ids")?;
    let deaths = Table::read(dir, "deaths")?;
    let counts = persons.numbers::<UInt32Type>("name_count")?;
    let folded_counts = persons.numbers::<UInt32Type>("folded_count")?;
    let mut base = BaseIndex {
        ids: Ids::new(ids),
        names: NameStore::from_parts(
            Table::read(dir, "name_tokens")?.numbers::<UInt32Type>("token")?,
            persons.numbers::<UInt32Type>("name_end")?,
        ),
        vocab: Vocab::from_parts(vocab.strings("token")?, vocab.numbers::<UInt32Type>("count")?),
        born: born(&persons)?,
        flags: persons.numbers::<UInt32Type>("flags")?.into_iter().map(|f| f as u8).collect(),
        name_counts: counts.into_iter().zip(folded_counts).collect(),
        dob_table: Default::default(),
        deaths: deaths
            .numbers::<UInt32Type>("person")?
            .into_iter()
            .zip(deaths.numbers::<UInt32Type>("date")?.into_iter().map(Dob))
            .collect(),
        old_ids: old
            .numbers::<UInt64Type>("id")?
            .into_iter()
            .map(IdKey)
            .zip(old.numbers::<UInt32Type>("person")?)
            .collect(),
        field_methods: methods,
        field_values: (0..n).flat_map(|p| columns.iter().map(move |c| c[p].clone())).collect(),
        rows_read: meta.rows_read,
        rejected: meta.rejected,
        name_sex: Default::default(),
        homes: None,
    };
    base.dob_table = super::dob_table(&base.born);
    Ok(base)
}

/// Refuses a snapshot whose tables do not fit together (a damaged or
/// hand-edited directory), before anything indexes past their ends.
fn check(dir: &Path, meta: &Meta, base: &BaseIndex, blocks: &Blocks) -> Result<()> {
    let n = base.len();
    let (tokens, ends) = base.names.parts();
    let problem = if n != meta.persons {
        Some("persons table has another number of rows than snapshot.json says")
    } else if !base.ids.as_slice().is_sorted() {
        Some("persons are not in ID order")
    } else if ends.len() != n || !ends.is_sorted() || ends.last().is_some_and(|&e| e as usize != tokens.len())
    {
        Some("name_end does not fit name_tokens")
    } else if tokens.iter().any(|&t| t as usize >= base.vocab.len()) {
        Some("a name token is not in vocab")
    } else if base.field_values.len() != n * meta.fields {
        Some("fields table has the wrong shape")
    } else if base.old_ids.iter().any(|o| o.1 as usize >= n) || base.deaths.iter().any(|d| d.0 as usize >= n)
    {
        Some("old_ids or deaths name a person beyond the persons table")
    } else if blocks.parts().iter().any(|(rule, k)| {
        // A large block a rule skips is one entry, alone under its key
        // (the keys are sorted when this is asked).
        let key = |i: usize| k.keys.get(i).copied();
        let alone = |i: usize| (i == 0 || key(i - 1) != key(i)) && key(i + 1) != key(i);
        let beyond =
            |(i, &p): (usize, &u32)| p as usize >= n && !(rule.skip_large && p == LARGE_BLOCK && alone(i));
        k.keys.len() != k.persons.len() || !k.keys.is_sorted() || k.persons.iter().enumerate().any(beyond)
    }) {
        Some("a block table is unsorted or names a person beyond the persons table")
    } else {
        None
    };
    match problem {
        Some(p) => {
            Err(Error::data(dir, format!("damaged snapshot: {p}; make it again with `doisoat index`")))
        }
        None => Ok(()),
    }
}

/// One table of a snapshot, read a column at a time (so loading holds one
/// column twice at the most, never a whole table).
struct Table {
    path: PathBuf,
}

impl Table {
    fn read(dir: &Path, name: &str) -> Result<Table> {
        let path = dir.join(format!("{name}.parquet"));
        if !path.is_file() {
            return Err(Error::data(&path, "missing from the snapshot: make it again with `doisoat index`"));
        }
        Ok(Table { path })
    }

    fn column(&self, name: &str) -> Result<Series> {
        let file = File::open(&self.path).map_err(|e| Error::io(&self.path, "opening", e))?;
        let df = ParquetReader::new(file)
            .with_columns(Some(vec![name.to_string()]))
            .finish()
            .map_err(|e| polars_error(&self.path, e))?;
        Ok(self.complete(&df, name)?.clone())
    }

    /// The column `name` of `df`, read from this table: a snapshot's
    /// columns have no empty values, or it is damaged.
    fn complete<'d>(&self, df: &'d DataFrame, name: &str) -> Result<&'d Series> {
        let column = df.column(name).map_err(|e| polars_error(&self.path, e))?;
        if column.null_count() > 0 {
            return Err(Error::data(&self.path, format!("column {name} has empty values: damaged snapshot")));
        }
        Ok(column.as_materialized_series())
    }

    fn numbers<T: PolarsNumericType>(&self, name: &str) -> Result<Vec<T::Native>> {
        let column = self.column(name)?;
        let values = column.unpack::<T>().map_err(|e| polars_error(&self.path, e))?;
        let mut out = Vec::with_capacity(values.len());
        for chunk in values.downcast_iter() {
            out.extend_from_slice(chunk.values());
        }
        Ok(out)
    }

    /// A column's numbers each made into `form`'s value, read a slice of
    /// [`SLICE_ROWS`] rows at a time: memory holds the values made and one
    /// slice of numbers, never the whole column twice.
    fn numbers_as<T: PolarsNumericType, U: Send>(
        &self,
        name: &str,
        form: fn(T::Native) -> U,
    ) -> Result<Vec<U>> {
        let polars = |e| polars_error(&self.path, e);
        let open = || File::open(&self.path).map_err(|e| Error::io(&self.path, "opening", e));
        let metadata = ParquetReader::new(open()?).get_metadata().map_err(polars)?.clone();
        let mut out = Vec::with_capacity(metadata.num_rows);
        while out.len() < metadata.num_rows {
            let mut reader = ParquetReader::new(open()?).with_columns(Some(vec![name.to_string()]));
            reader.set_metadata(metadata.clone());
            let df = reader.with_slice(Some((out.len(), SLICE_ROWS))).finish().map_err(polars)?;
            if df.height() == 0 {
                return Err(Error::data(
                    &self.path,
                    "fewer rows than its metadata says: damaged snapshot; make it again with `doisoat index`",
                ));
            }
            let values = self.complete(&df, name)?.unpack::<T>().map_err(polars)?;
            for chunk in values.downcast_iter() {
                out.par_extend(chunk.values().par_iter().map(|&v| form(v)));
            }
        }
        Ok(out)
    }

    fn strings(&self, name: &str) -> Result<Vec<Box<str>>> {
        let column = self.column(name)?;
        let values = column.str().map_err(|e| polars_error(&self.path, e))?;
        Ok(values.iter().map(|v| Box::from(v.unwrap_or_default())).collect())
    }
}
