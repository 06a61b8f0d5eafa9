//! The base's residence history kept in a snapshot (`doisoat index
//! --base-residence FILE`): the `residence` table, a row a period sorted by
//! person (`person`, `from`, `to`, `place`: the numbers a [`Period`] is
//! made of), in row groups of a million. A run reads it slice by slice and
//! holds only the periods of the persons it linked, so a national history
//! (266M periods, 4.3 GB) costs a few seconds and the linked persons' share
//! of memory, where its CSV costs minutes.

use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::index::residence::{Period, Places, Residence};
use crate::index::BaseIndex;
use crate::normalize::register::register;
use crate::normalize::IdScheme;
use crate::read::parquet::guarded_with;
use crate::read::side::SideFile;

/// The table's name in the snapshot.
pub(super) const TABLE: &str = "residence";
/// Rows per row group, and a slice read is four groups.
pub(super) const GROUP_ROWS: usize = 1 << 20;
const SLICE_ROWS: usize = 4 * GROUP_ROWS;

/// What `snapshot.json` says of the history it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryMeta {
    /// The history file it was made from, as given.
    pub source: String,
    /// Fingerprint of the settings that read it ([`fingerprint`]).
    pub fingerprint: String,
    /// Data rows of the file.
    pub rows: u64,
    /// Rows of persons not in the base (left out).
    pub not_in_base: u64,
    /// Rows of periods that end the day they begin (left out).
    pub empty: u64,
    /// Rows with a commune code in neither era of the register.
    pub communes_unknown: u64,
    /// Rows giving a province other than their commune's.
    pub province_differs: u64,
    /// Periods in the table.
    pub periods: u64,
    /// How the file's columns were mapped (a line a role).
    pub mapped: Vec<String>,
}

impl HistoryMeta {
    /// The record of `history`, read from `source` with settings of `fingerprint`.
    pub fn of(history: &Residence, source: &Path, fingerprint: String, mapped: Vec<String>) -> HistoryMeta {
        HistoryMeta {
            source: source.display().to_string(),
            fingerprint,
            rows: history.rows,
            not_in_base: history.not_in_base,
            empty: history.empty,
            communes_unknown: history.places.unknown,
            province_differs: history.places.other_province,
            periods: history.len() as u64,
            mapped,
        }
    }
}

/// The fingerprint of the settings that shape a history as read: the
/// `[base_residence]` section, the ID scheme and the register of communes
/// in use (by its content).
pub fn fingerprint(file: &SideFile, scheme: IdScheme) -> String {
    use std::hash::BuildHasher;
    let text = format!("{file:?}|{scheme:?}|{:016x}", register().fingerprint());
    format!("{:016x}", foldhash::fast::FixedState::with_seed(0x7265_7369).hash_one(text))
}

/// The table's columns, each a `u32`.
const COLUMNS: [&str; 4] = ["person", "from", "to", "place"];

/// The table's schema.
pub(super) fn schema() -> Schema {
    COLUMNS.iter().map(|&c| Field::new(c.into(), DataType::UInt32)).collect()
}

/// The table's row groups of `rows` periods for `periods`, made one at a
/// time (so writing a national history holds one group's columns beside
/// it, not a copy).
pub(super) fn groups(periods: &[Period], rows: usize) -> impl Iterator<Item = Vec<Column>> + '_ {
    periods.chunks(rows).map(|periods| {
        let fields: [fn(&Period) -> u32; 4] = [|p| p.person, |p| p.from, |p| p.to, Period::place_word];
        COLUMNS
            .iter()
            .zip(fields)
            .map(|(name, f)| {
                let values = periods.iter().map(f).collect();
                ChunkedArray::<UInt32Type>::from_vec((*name).into(), values).into_series().into()
            })
            .collect()
    })
}

/// How a history file is read (`[base_residence]`, the ID scheme), and the
/// fingerprint of those settings a snapshot's history must bear.
#[derive(Debug, Clone)]
pub struct HistorySettings {
    /// `[base_residence]`.
    pub file: SideFile,
    /// How its IDs are read.
    pub scheme: IdScheme,
    /// [`fingerprint`] of both, with the register in use.
    pub fingerprint: String,
}

impl HistorySettings {
    /// The settings of `file` and `scheme`, fingerprinted.
    pub fn new(file: SideFile, scheme: IdScheme) -> HistorySettings {
        let fingerprint = fingerprint(&file, scheme);
        HistorySettings { file, scheme, fingerprint }
    }
}

/// Where a run reads the base's history from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistorySource {
    /// A file (`--base-residence FILE`), read whole.
    File(PathBuf),
    /// The snapshot in this directory, made with `--base-residence`.
    Snapshot(PathBuf),
}

impl HistorySource {
    /// The path named in notes and the run's record.
    pub fn path(&self) -> &Path {
        match self {
            HistorySource::File(p) | HistorySource::Snapshot(p) => p,
        }
    }

    /// Reads the history with `settings`, holding the periods of the
    /// persons `keep` takes (by the ID's first holder); a snapshot's is
    /// refused unless made with the same settings. Returns it with how its
    /// columns were mapped.
    pub fn load(
        &self,
        settings: &HistorySettings,
        base: &BaseIndex,
        keep: &(dyn Fn(u32) -> bool + Sync),
    ) -> Result<(Residence, Vec<String>)> {
        match self {
            HistorySource::File(path) => Residence::load(path, &settings.file, settings.scheme, base, keep),
            HistorySource::Snapshot(dir) => {
                let meta = kept_history(dir, &settings.fingerprint)?;
                // A damaged table can stop polars' reader: an error naming the table.
                let table = dir.join(format!("{TABLE}.parquet"));
                let damaged =
                    "the snapshot's residence table is damaged (its reader stopped on it); make the \
                               snapshot again with `doisoat index`";
                let read = || read(&table, &meta, (base.len(), SLICE_ROWS), keep);
                let history = guarded_with(&table, damaged, read)?;
                Ok((history, meta.mapped))
            }
        }
    }
}

/// The record of the history kept in the snapshot `dir`, refused unless
/// read with settings of fingerprint `print`.
pub fn kept_history(dir: &Path, print: &str) -> Result<HistoryMeta> {
    let meta = super::read_meta(dir)?.residence.ok_or_else(|| {
        Error::data(dir, "the snapshot holds no residence history: give --base-residence FILE")
    })?;
    if meta.fingerprint != print {
        return Err(Error::data(
            dir,
            format!(
                "the snapshot's residence history was read with other settings ([base_residence], the ID \
                 scheme or the [places] register differ: fingerprint {}, this configuration's is {print}); \
                 give --base-residence FILE, or make the snapshot again with `doisoat index \
                 --base-residence`",
                meta.fingerprint
            ),
        ));
    }
    Ok(meta)
}

/// Reads the snapshot's history table `path` (`meta` its record,
/// `persons` the base's size) a slice of `slice` rows at a time, holding
/// the periods `keep` takes.
fn read(
    path: &Path,
    meta: &HistoryMeta,
    (persons, slice): (usize, usize),
    keep: &(dyn Fn(u32) -> bool + Sync),
) -> Result<Residence> {
    let open = || File::open(path).map_err(|e| Error::io(path, "opening", e));
    let damaged = |what: &str| {
        Error::data(path, format!("damaged snapshot: {what}; make it again with `doisoat index`"))
    };
    let polars = |e: PolarsError| damaged(&format!("unreadable residence table ({e})"));
    // The file's metadata parsed once, for every slice; its rows must be
    // the periods snapshot.json records (which has no checksum of its own).
    let metadata = ParquetReader::new(open()?).get_metadata().map_err(polars)?.clone();
    if metadata.num_rows != meta.periods as usize {
        return Err(damaged("the residence table has another number of rows than snapshot.json says"));
    }
    let mut periods = Vec::new();
    let (mut at, mut last) = (0usize, 0u32);
    while at < meta.periods as usize {
        let mut reader = ParquetReader::new(open()?);
        reader.set_metadata(metadata.clone());
        let df = reader.with_slice(Some((at, slice))).finish().map_err(polars)?;
        if df.height() == 0 {
            return Err(damaged("the residence table has fewer rows than snapshot.json says"));
        }
        let column = |name: &str| -> Result<Vec<u32>> {
            let values = df.column(name).map_err(polars)?.u32().map_err(polars)?.rechunk();
            if values.null_count() > 0 {
                return Err(damaged(&format!("column {name} of the residence table has empty values")));
            }
            Ok(values.downcast_iter().flat_map(|c| c.values().iter().copied()).collect())
        };
        let (person, from, to, place) = (column("person")?, column("from")?, column("to")?, column("place")?);
        for i in 0..person.len() {
            let p = person[i];
            if p < last || p as usize >= persons || to[i] < from[i] {
                return Err(damaged(
                    "the residence table is unsorted, or names a person beyond the persons table",
                ));
            }
            last = p;
            if keep(p) {
                periods.push(Period::from_place_word(p, place[i], from[i], to[i]));
            }
        }
        at += df.height();
    }
    if at != meta.periods as usize {
        return Err(damaged("the residence table has more rows than snapshot.json says"));
    }
    periods.shrink_to_fit();
    let unused = meta.periods - periods.len() as u64;
    let mut history = Residence::new(periods);
    history.rows = meta.rows;
    history.not_in_base = meta.not_in_base;
    history.empty = meta.empty;
    history.unused = unused;
    history.places = Places { unknown: meta.communes_unknown, other_province: meta.province_differs };
    Ok(history)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::place::Place;

    /// 20 periods of persons 0–6, three a person, in order.
    fn periods() -> Vec<Period> {
        let place = |i: u32| Place { commune: 1001 + i, province: 1 };
        (0..20).map(|i| Period::new(i / 3, place(i), i % 2 == 0, i * 10, i * 10 + 5)).collect()
    }

    /// Writes `periods` as a table in row groups of 3; returns its path and record.
    fn table(dir: &Path, periods: &[Period]) -> (PathBuf, HistoryMeta) {
        let path = dir.join("residence.parquet");
        super::super::write_groups(&path, &schema(), groups(periods, 3)).unwrap();
        let history = Residence::new(periods.to_vec());
        (path, HistoryMeta::of(&history, Path::new("h.csv"), "print".into(), Vec::new()))
    }

    #[test]
    fn a_history_is_read_across_row_groups_and_slices_for_the_kept_persons() {
        let dir = tempfile::tempdir().unwrap();
        let all = periods();
        let (path, meta) = table(dir.path(), &all);
        let odd = |p: u32| p % 2 == 1;
        let kept = read(&path, &meta, (7, 4), &odd).unwrap();
        let want: Vec<Period> = all.iter().filter(|p| odd(p.person)).copied().collect();
        assert_eq!(kept.periods(), want);
        assert_eq!(kept.unused, 20 - want.len() as u64);
        assert_eq!(read(&path, &meta, (7, 64), &|_| true).unwrap().periods(), all);
    }

    #[test]
    fn a_table_that_does_not_fit_its_record_or_the_base_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (path, meta) = table(dir.path(), &periods());
        let refused = |meta: &HistoryMeta, persons: usize| {
            let e = read(&path, meta, (persons, 4), &|_| true).unwrap_err().to_string();
            assert!(e.contains("doisoat index"), "{e}");
        };
        // A person beyond the base.
        refused(&meta, 6);
        // Fewer or more rows recorded than the table has.
        refused(&HistoryMeta { periods: 16, ..meta.clone() }, 7);
        refused(&HistoryMeta { periods: 21, ..meta.clone() }, 7);
        // Out of order across a slice's edge (rows 3 and 4).
        let mut unsorted = periods();
        unsorted[4].person = 0;
        let (path, meta) = table(dir.path(), &unsorted);
        let e = read(&path, &meta, (7, 4), &|_| true).unwrap_err().to_string();
        assert!(e.contains("unsorted"), "{e}");
    }
}
