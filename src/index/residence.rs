//! The base's residence history (`--base-residence`): every period of
//! permanent or temporary residence of the base's persons, 16 bytes a
//! period (the person's index, the place and kind in one word, the first
//! and the end day), sorted by person so a person's periods are one slice
//! found by binary search. 300M periods take 4.8 GB.

use std::path::Path;

use rayon::prelude::*;

use super::BaseIndex;
use crate::error::Result;
use crate::normalize::day::{self, Day, OPEN};
use crate::normalize::place::{parse_permanent, Place, PlaceError};
use crate::normalize::register::Known;
use crate::normalize::{normalize_id, DateError, DateOrder, IdScheme};
use crate::read::mapping::{Layout, Role};
use crate::read::side::{cell, Bad, Side, SideFile};

/// The place word's bit for permanent residence.
const PERMANENT: u32 = 1 << 31;

/// One period of residence (16 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    /// The person's index in the base.
    pub person: u32,
    /// The first day.
    pub from: Day,
    /// The end, excluded ([`OPEN`]: still current).
    pub to: Day,
    /// The place ([`Place::pack`]) with the kind in the top bit.
    place: u32,
}

impl Period {
    /// A period of `person` at `place` over `[from, to)`.
    pub fn new(person: u32, place: Place, permanent: bool, from: Day, to: Day) -> Period {
        let kind = if permanent { PERMANENT } else { 0 };
        Period { person, from, to, place: place.pack() | kind }
    }

    /// The place.
    pub fn place(&self) -> Place {
        Place::unpack(self.place & !PERMANENT)
    }

    /// Permanent residence (thường trú), not temporary.
    pub fn permanent(&self) -> bool {
        self.place & PERMANENT != 0
    }

    /// True when the period shares a day with `[from, to)`.
    pub fn overlaps(&self, from: Day, to: Day) -> bool {
        self.from < to && from < self.to
    }

    /// The place word as a snapshot stores it (the place packed, the kind in the top bit).
    pub fn place_word(&self) -> u32 {
        self.place
    }

    /// A period of `person` over `[from, to)` from its stored place word.
    pub fn from_place_word(person: u32, place: u32, from: Day, to: Day) -> Period {
        Period { person, from, to, place }
    }
}

/// A period as a row gives it (the export's, or the base's before it joins the history).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Given {
    /// Where.
    pub place: Place,
    /// Permanent (else temporary).
    pub permanent: bool,
    /// The first day.
    pub from: Day,
    /// The end, excluded ([`OPEN`] while current).
    pub to: Day,
}

/// The base's residence history.
#[derive(Debug, Default)]
pub struct Residence {
    periods: Vec<Period>,
    /// Data rows read from the file.
    pub rows: u64,
    /// Rows whose person is not in the base (counted, left out).
    pub not_in_base: u64,
    /// Rows of a period that ended the day it began (counted, left out).
    pub empty: u64,
    /// Rows of persons the run has no use for (read and checked, not held).
    pub unused: u64,
    /// Places the register of communes cannot vouch for (counted; see [`Places`]).
    pub places: Places,
}

/// Rows whose place the register of communes cannot vouch for.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Places {
    /// A commune code in neither era: its province is not guessed.
    pub unknown: u64,
    /// A commune of another province than the row gives: the commune decides.
    pub other_province: u64,
}

impl Places {
    /// Counts one row's place.
    pub fn count(&mut self, known: Known) {
        match known {
            Known::Yes => {}
            Known::UnknownCommune => self.unknown += 1,
            Known::OtherProvince => self.other_province += 1,
        }
    }

    /// The counts as a sentence for `who` (`base residence`, `residence
    /// export`), when there is anything to say.
    pub fn said(&self, who: &str) -> Option<String> {
        if self.unknown + self.other_province == 0 {
            return None;
        }
        Some(format!(
            "{who}: {} rows give a commune code in neither era of the register of communes (their \
             province is not guessed: compared by the code alone; a newer register: [places] file), \
             {} rows a province other than their commune's (compared by the commune)",
            self.unknown, self.other_province
        ))
    }
}

impl Residence {
    /// A history of these periods (any order).
    pub fn new(mut periods: Vec<Period>) -> Residence {
        periods.par_sort_unstable();
        let rows = periods.len() as u64;
        Residence { rows, periods, not_in_base: 0, empty: 0, unused: 0, places: Places::default() }
    }

    /// Opens the history file `path` and maps its columns, to stop a run
    /// whose history cannot be read before any work (it is read later).
    pub fn check_columns(path: &Path, file: &SideFile) -> Result<()> {
        Side::open(path, "base_residence", file, &file.columns.residence_roles()).map(drop)
    }

    /// Reads the history file `path` (`[base_residence]` says how); persons
    /// are found by their ID (read by `scheme`) in `base`, and only the
    /// periods of those `keep` takes (by the ID's first holder) are held:
    /// every row is still read and checked. Returns it with how its columns
    /// were mapped (a line a role).
    pub fn load(
        path: &Path,
        file: &SideFile,
        scheme: IdScheme,
        base: &BaseIndex,
        keep: &(dyn Fn(u32) -> bool + Sync),
    ) -> Result<(Residence, Vec<String>)> {
        let side = Side::open(path, "base_residence", file, &file.columns.residence_roles())?;
        let mapped = side.mapping();
        let order = file.date_order;
        // Batch by batch, then moved into one vector of the exact size: no
        // doubling's slack, and a batch freed as soon as it is moved.
        let mut batches: Vec<Vec<Period>> = Vec::new();
        let (mut found, mut empty, mut unused, mut places) = (0u64, 0u64, 0u64, Places::default());
        let rows = side.read_all(
            |layout, row| {
                let key = normalize_id(&cell(layout, Role::Id, &row.cells), scheme).key().ok_or(Bad {
                    role: Role::Id,
                    why: "not an ID number: correct it, or leave the row out".into(),
                })?;
                let persons = base.find(key);
                if persons.is_empty() {
                    return Ok(None);
                }
                let (g, known) = read_period(layout, &row.cells, order)?;
                if g.to == g.from {
                    // Ended the day it began: no day of residence.
                    return Ok(Some((Held::Empty, known)));
                }
                // Under the ID's first holder (`BaseIndex::first_with_id`), for all who share it.
                let holder = persons.start as u32;
                if !keep(holder) {
                    return Ok(Some((Held::Unused, known)));
                }
                Ok(Some((Held::Kept(Period::new(holder, g.place, g.permanent, g.from, g.to)), known)))
            },
            |batch| {
                found += batch.len() as u64;
                batch.iter().for_each(|(_, known)| places.count(*known));
                let periods: Vec<Period> = batch
                    .iter()
                    .filter_map(|(p, _)| if let Held::Kept(p) = p { Some(*p) } else { None })
                    .collect();
                empty += batch.iter().filter(|(p, _)| matches!(p, Held::Empty)).count() as u64;
                unused += batch.iter().filter(|(p, _)| matches!(p, Held::Unused)).count() as u64;
                batches.push(periods);
            },
        )?;
        let mut periods = Vec::with_capacity((found - empty - unused) as usize);
        for batch in batches {
            periods.extend_from_slice(&batch);
        }
        let mut history = Residence::new(periods);
        history.rows = rows;
        history.not_in_base = rows - found;
        history.empty = empty;
        history.unused = unused;
        history.places = places;
        Ok((history, mapped))
    }

    /// Every period held, by person and first day.
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    /// Person `person`'s periods, sorted by first day.
    pub fn of(&self, person: u32) -> &[Period] {
        let start = self.periods.partition_point(|p| p.person < person);
        let end = start + self.periods[start..].partition_point(|p| p.person == person);
        &self.periods[start..end]
    }

    /// The number of periods held.
    pub fn len(&self) -> usize {
        self.periods.len()
    }

    /// True when no period is held.
    pub fn is_empty(&self) -> bool {
        self.periods.is_empty()
    }
}

/// What becomes of a history row of a base person.
enum Held {
    /// Held.
    Kept(Period),
    /// Ends the day it begins: no day of residence.
    Empty,
    /// A person the run has no use for.
    Unused,
}

/// A projected row's period (its place, kind, first day and end) and what
/// the register of communes says of its place, or the cell that cannot be read.
pub fn read_period(
    layout: &Layout,
    row: &[String],
    order: DateOrder,
) -> std::result::Result<(Given, Known), Bad> {
    let place = Place::read_checked(&cell(layout, Role::Province, row), &cell(layout, Role::Commune, row));
    let place = place.map_err(|e| match e {
        PlaceError::Province => Bad {
            role: Role::Province,
            why: "not a province code (3-digit CCCD code such as 079, or the 2-digit post-2025 code) \
                  nor a province name: correct it"
                .into(),
        },
        PlaceError::Commune | PlaceError::Missing => Bad {
            role: Role::Commune,
            why: "not a commune code (up to 5 digits), and no province either: give one".into(),
        },
    })?;
    let (place, known) = place;
    let permanent = parse_permanent(&cell(layout, Role::ResidenceKind, row)).ok_or(Bad {
        role: Role::ResidenceKind,
        why: "not a residence kind: write thuong_tru (permanent) or tam_tru (temporary)".into(),
    })?;
    let date = |role| day::parse_day(&cell(layout, role, row), order).map_err(|e| (e, role));
    let bad = |(e, role): (DateError, Role)| Bad {
        role,
        why: match e {
            DateError::Missing => "the first day is empty: give it as dd/mm/yyyy".into(),
            DateError::Unparseable => "not a whole date: write it dd/mm/yyyy".into(),
        },
    };
    let from = date(Role::PeriodStart).map_err(bad)?;
    let to = match date(Role::PeriodEnd) {
        Err((DateError::Missing, _)) => OPEN,
        other => other.map_err(bad)?,
    };
    if to < from {
        return Err(Bad {
            role: Role::PeriodEnd,
            why: "the period ends before its first day: the end is the first day of the next period, \
                  or empty while it lasts"
                .into(),
        });
    }
    Ok((Given { place, permanent, from, to }, known))
}

/// An export row's period: [`read_period`], and one that ends the day it
/// begins is no period either (no day of residence to compare).
pub fn read_export_period(
    layout: &Layout,
    row: &[String],
    order: DateOrder,
) -> std::result::Result<(Given, Known), Bad> {
    let (given, known) = read_period(layout, row, order)?;
    if given.to == given.from {
        return Err(Bad {
            role: Role::PeriodEnd,
            why: "the period ends the day it begins, so it holds no day of residence: the end is the \
                  first day of the next period, or empty while it lasts"
                .into(),
        });
    }
    Ok((given, known))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_takes_16_bytes_and_keeps_its_fields() {
        assert_eq!(std::mem::size_of::<Period>(), 16);
        let place = Place { commune: 79123, province: 79 };
        let p = Period::new(7, place, true, 100, OPEN);
        assert_eq!((p.person, p.place(), p.permanent(), p.from, p.to), (7, place, true, 100, OPEN));
        assert!(!Period::new(7, place, false, 100, 200).permanent());
        assert!(p.overlaps(50, 101) && !p.overlaps(50, 100));
    }

    #[test]
    fn a_persons_periods_are_one_slice_in_order() {
        let place = Place { commune: 1001, province: 1 };
        let history = Residence::new(vec![
            Period::new(3, place, true, 500, OPEN),
            Period::new(1, place, true, 10, 20),
            Period::new(3, place, false, 100, 500),
        ]);
        assert_eq!(history.of(3).iter().map(|p| p.from).collect::<Vec<_>>(), [100, 500]);
        assert_eq!(history.of(1).len(), 1);
        assert!(history.of(2).is_empty() && history.of(9).is_empty());
    }
}
