//! The commune → priority-area list (`--priority-areas`): for each commune,
//! stretches of time with one area (an area changes by decision on a
//! date). 16 bytes a stretch, sorted by commune and first day. A commune
//! missing from the list, or a day outside its stretches, has no known
//! area and counts as KV3 (it supports nothing better). An optional `dbkk`
//! column marks a stretch in which the commune was extremely
//! disadvantaged (the admission regulation's "xã đặc biệt khó khăn").

use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::normalize::day::{self, Day, OPEN};
use crate::normalize::place::{parse_commune, Area};
use crate::normalize::tick::ticked;
use crate::normalize::DateError;
use crate::read::mapping::Role;
use crate::read::side::{cell, Bad, Side, SideFile};

/// One stretch of a commune's area (16 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Stretch {
    commune: u32,
    from: Day,
    to: Day,
    rank: u8,
    dbkk: bool,
}

/// What the list says of a commune over a piece of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone {
    /// Its area (KV3 when the list knows none).
    pub area: Area,
    /// Marked extremely disadvantaged.
    pub dbkk: bool,
}

impl Zone {
    const UNKNOWN: Zone = Zone { area: Area::Kv3, dbkk: false };
}

/// The priority-area list.
#[derive(Debug, Default)]
pub struct Areas {
    stretches: Vec<Stretch>,
    /// Communes of the list in neither era of the register of communes
    /// (kept: the list is matched to residence by the code alone).
    pub unknown_communes: u64,
}

impl Areas {
    /// A list of (commune, area, from, to) stretches; stretches of one commune must not overlap.
    pub fn new(list: &[(u32, Area, Day, Day)]) -> Areas {
        Areas::marked(
            list.iter().map(|&(commune, area, from, to)| (commune, Zone { area, dbkk: false }, from, to)),
        )
    }

    /// A list of (commune, zone, from, to) stretches; stretches of one commune must not overlap.
    pub fn marked(list: impl IntoIterator<Item = (u32, Zone, Day, Day)>) -> Areas {
        let mut stretches: Vec<Stretch> = list
            .into_iter()
            .map(|(commune, z, from, to)| Stretch { commune, from, to, rank: z.area.rank(), dbkk: z.dbkk })
            .collect();
        stretches.par_sort_unstable();
        Areas { stretches, unknown_communes: 0 }
    }

    /// Reads the list file `path` (`[priority_areas]` says how); returns it with how its columns were mapped (a line a role).
    pub fn load(path: &Path, file: &SideFile) -> Result<(Areas, Vec<String>)> {
        let side = Side::open(path, "priority_areas", file, &file.columns.area_roles())?;
        let mapped = side.mapping();
        let order = file.date_order;
        let mut list = Vec::new();
        side.read_all(
            |layout, row| {
                let commune = parse_commune(&cell(layout, Role::Commune, &row.cells)).ok_or(Bad {
                    role: Role::Commune,
                    why: "not a commune code (up to 5 digits): correct it".into(),
                })?;
                let area = Area::parse(&cell(layout, Role::Area, &row.cells)).ok_or(Bad {
                    role: Role::Area,
                    why: "not an area: write KV1, KV2-NT, KV2 or KV3".into(),
                })?;
                let dbkk = ticked(&cell(layout, Role::Dbkk, &row.cells));
                let from =
                    day::parse_day(&cell(layout, Role::PeriodStart, &row.cells), order).map_err(|_| Bad {
                        role: Role::PeriodStart,
                        why: "not a whole date: write the first valid day as dd/mm/yyyy".into(),
                    })?;
                let to = match day::parse_day(&cell(layout, Role::PeriodEnd, &row.cells), order) {
                    // 31/12/9999 and the like: lists write them for "still valid".
                    Ok(d) if day::to_ymd(d).0 >= 9999 => OPEN,
                    Ok(d) if d > from => d,
                    Err(DateError::Missing) => OPEN,
                    _ => {
                        return Err(Bad {
                            role: Role::PeriodEnd,
                            why: "not a date after the first day: write the first day no longer valid as \
                                  dd/mm/yyyy, or leave it empty while valid"
                                .into(),
                        })
                    }
                };
                Ok(Some((commune, Zone { area, dbkk }, from, to)))
            },
            |batch| list.extend(batch),
        )?;
        let mut areas = Areas::marked(list.iter().copied());
        let register = crate::normalize::register::register();
        let mut communes: Vec<u32> = list.iter().map(|s| s.0).collect();
        communes.sort_unstable();
        communes.dedup();
        areas.unknown_communes = communes.iter().filter(|&&c| register.province(c).is_none()).count() as u64;
        if let Some(w) =
            areas.stretches.windows(2).find(|w| w[0].commune == w[1].commune && w[1].from < w[0].to)
        {
            return Err(Error::data(
                path,
                format!(
                    "commune {:05}: two stretches overlap (from {} and from {}): a commune has one area on a day",
                    w[0].commune,
                    day::written(w[0].from),
                    day::written(w[1].from)
                ),
            ));
        }
        Ok((areas, mapped))
    }

    /// Calls `each(from, to, zone)` for the pieces of `[from, to)` in
    /// `commune`, in order, covering it whole (days of no known area: KV3).
    pub fn pieces(&self, commune: u32, from: Day, to: Day, mut each: impl FnMut(Day, Day, Zone)) {
        let start = self.stretches.partition_point(|s| s.commune < commune);
        let mut at = from;
        for s in self.stretches[start..].iter().take_while(|s| s.commune == commune) {
            if s.to <= at {
                continue;
            }
            if s.from >= to {
                break;
            }
            if s.from > at {
                each(at, s.from, Zone::UNKNOWN);
                at = s.from;
            }
            let end = s.to.min(to);
            each(at, end, Zone { area: Area::of_rank(s.rank), dbkk: s.dbkk });
            at = end;
        }
        if at < to {
            each(at, to, Zone::UNKNOWN);
        }
    }

    /// The number of stretches held.
    pub fn len(&self) -> usize {
        self.stretches.len()
    }

    /// True when no stretch is held.
    pub fn is_empty(&self) -> bool {
        self.stretches.is_empty()
    }

    /// The area of `commune` on day `d` (KV3 when none is known).
    pub fn on(&self, commune: u32, d: Day) -> Area {
        let mut area = Area::Kv3;
        self.pieces(commune, d, d + 1, |_, _, z| area = z.area);
        area
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::day::from_ymd;

    #[test]
    fn a_communes_area_on_a_day_follows_its_stretches() {
        let change = from_ymd(2023, 6, 15);
        let areas = Areas::new(&[
            (79001, Area::Kv1, from_ymd(2015, 1, 1), change),
            (79001, Area::Kv2, change, OPEN),
            (1001, Area::Kv2Nt, from_ymd(2015, 1, 1), OPEN),
        ]);
        assert_eq!(areas.on(79001, change - 1), Area::Kv1);
        assert_eq!(areas.on(79001, change), Area::Kv2);
        assert_eq!(areas.on(1001, from_ymd(2024, 1, 1)), Area::Kv2Nt);
        assert_eq!(areas.on(1001, from_ymd(2014, 1, 1)), Area::Kv3, "before the list knows it");
        assert_eq!(areas.on(5555, from_ymd(2024, 1, 1)), Area::Kv3, "a commune not listed");
        let mut pieces = Vec::new();
        areas.pieces(79001, from_ymd(2022, 9, 1), from_ymd(2025, 7, 1), |a, b, area| {
            pieces.push((a, b, area.area))
        });
        assert_eq!(
            pieces,
            [(from_ymd(2022, 9, 1), change, Area::Kv1), (change, from_ymd(2025, 7, 1), Area::Kv2)]
        );
    }
}
