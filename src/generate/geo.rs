//! Synthetic communes and their exam priority areas (khu vực ưu tiên,
//! domain.md §8), which change by decision over the years, and residence
//! histories over them. Communes are the real ones of before 1 July 2025
//! (the register, [`crate::normalize::register`]): national sequential
//! codes whose province is looked up, never read from the digits (Hà Nội's
//! are 00001–10504 in pieces). Areas do not depend on the seed; a person's
//! history depends on the seed and the person's index only, so the base and
//! every export agree.

use std::path::Path;

use super::alter::dmy;
use super::calendar::{date, day};
use super::person::{Person, REFERENCE_YEAR};
use super::rng::Rng;
use crate::error::Result;
use crate::normalize::province::{by_code, Province, PROVINCES};
use crate::normalize::register::register;
use crate::normalize::Dob;
use crate::output::table::TableWriter;
use crate::read::Format;

/// Exam priority areas, best first, with their share of communes.
pub const AREAS: [(&str, f64); 4] = [("KV1", 0.25), ("KV2-NT", 0.40), ("KV2", 0.20), ("KV3", 0.15)];

/// Permanent residence (thường trú).
pub const PERMANENT: &str = "thuong_tru";
/// Temporary residence (tạm trú).
pub const TEMPORARY: &str = "tam_tru";

/// The first day of the first stretch in `priority_areas.csv`.
pub const AREAS_KNOWN_FROM: Dob = Dob(19900101);

/// A commune of the province (as it was before the merger), uniformly.
pub fn commune(p: &Province, rng: &mut Rng) -> u32 {
    let all = register().communes_of(p.code);
    all[rng.below(all.len() as u64) as usize]
}

/// Every commune, province by province.
pub fn communes() -> impl Iterator<Item = u32> {
    PROVINCES.iter().flat_map(|p| register().communes_of(p.code).iter().copied())
}

/// The province (before the merger) of a commune.
pub fn province_of(commune: u32) -> Option<&'static Province> {
    register().old_province(commune).and_then(by_code)
}

/// The 3-digit CCCD code of a commune's province before the merger (empty for a code in no province).
pub fn old_province_code(commune: u32) -> String {
    province_of(commune).map_or_else(String::new, |p| format!("{:03}", p.code))
}

/// An area by the shares of [`AREAS`], for `x` in `[0, 1)`.
fn area_at(x: f64) -> &'static str {
    let mut acc = 0.0;
    for (name, share) in AREAS {
        acc += share;
        if x < acc {
            return name;
        }
    }
    "KV3"
}

/// The rank of an area: 0 for KV1 (the best) to 3 for KV3.
pub fn rank(area: &str) -> Option<usize> {
    AREAS.iter().position(|(a, _)| *a == area)
}

/// The area a commune had first (from [`AREAS_KNOWN_FROM`]).
fn first_area(commune: u32) -> &'static str {
    area_at(Rng::new(u64::from(commune)).unit())
}

/// About 10 % of communes change area once, by a decision dated between
/// 2015-01-01 and 2025-06-30: that day and the new area.
pub fn area_change(commune: u32) -> Option<(Dob, &'static str)> {
    let mut rng = Rng::new(u64::from(commune) ^ 0xa7ea_dec1_5104);
    if !rng.chance(0.1) {
        return None;
    }
    let (from, to) = (day(Dob::new(2015, 1, 1)), day(Dob::new(2025, 7, 1)));
    let on = date(from + rng.below((to - from) as u64) as i64);
    let old = first_area(commune);
    let new = (0..).map(|_| area_at(rng.unit())).find(|a| *a != old).expect("another area");
    Some((on, new))
}

/// The priority area of a commune on a day.
pub fn area(commune: u32, on: Dob) -> &'static str {
    match area_change(commune) {
        Some((changed, new)) if on >= changed => new,
        _ => first_area(commune),
    }
}

/// A commune's stretches of one area: (area, from, to), `to` exclusive, `None` still valid.
pub fn stretches(commune: u32) -> Vec<(&'static str, Dob, Option<Dob>)> {
    let first = first_area(commune);
    match area_change(commune) {
        None => vec![(first, AREAS_KNOWN_FROM, None)],
        Some((on, new)) => vec![(first, AREAS_KNOWN_FROM, Some(on)), (new, on, None)],
    }
}

/// Whether a commune is marked extremely disadvantaged (`dbkk`, all its
/// stretches): two in five of the communes that were KV1 first, one in
/// twelve of the others.
pub fn dbkk(commune: u32) -> bool {
    let share = if first_area(commune) == "KV1" { 0.4 } else { 1.0 / 12.0 };
    Rng::new(u64::from(commune) ^ 0xdbcc_0000_5eed).chance(share)
}

/// One period of residence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// Commune code.
    pub commune: u32,
    /// First day.
    pub from: Dob,
    /// The first day after it (`None`: still living there).
    pub to: Option<Dob>,
    /// [`PERMANENT`] or [`TEMPORARY`].
    pub kind: &'static str,
    /// The base writes the post-merger 2-digit province code for it.
    pub new_code: bool,
}

impl Period {
    /// The province code as the base writes it: the 3-digit CCCD code, or
    /// the post-merger 2-digit code.
    pub fn province_code(&self) -> String {
        match province_of(self.commune) {
            Some(p) if self.new_code => format!("{:02}", p.new_code),
            _ => old_province_code(self.commune),
        }
    }
}

/// The random stream of the history of base person `i` (outsiders use the seed's complement).
pub fn history_rng(seed: u64, i: u64) -> Rng {
    Rng::new(seed ^ 0x4e51_de9c_e000).fork(i)
}

/// A uniform day in `[from, to)` (`to > from`).
fn day_between(rng: &mut Rng, from: i64, to: i64) -> i64 {
    from + rng.below((to - from) as u64) as i64
}

/// A residence history: permanent periods from birth on (0–3 moves, the
/// last possibly after the 2025 province merger, sometimes to another
/// province), a temporary period after some moves, and now and then a
/// temporary stay of 2–12 months from the age of 14 (study, work).
pub fn history(person: &Person, rng: &mut Rng) -> Vec<Period> {
    let mut periods = Vec::new();
    let mut place = commune(person.province, rng);
    let mut from = day(person.dob);
    let end = day(person.death.unwrap_or(Dob::new(REFERENCE_YEAR, 12, 31)));
    let merger = day(Dob::new(2025, 7, 1));
    let period = |commune, from: i64, to: Option<i64>, kind, rng: &mut Rng| Period {
        commune,
        from: date(from),
        to: to.map(date),
        kind,
        new_code: from >= merger && rng.chance(0.1),
    };
    for _ in 0..rng.below(4) {
        if end - from < 365 + 30 {
            break;
        }
        let moved = day_between(rng, from + 365, end);
        periods.push(period(place, from, Some(moved), PERMANENT, rng));
        if rng.chance(0.2) {
            let elsewhere = commune(&PROVINCES[rng.below(63) as usize], rng);
            periods.push(period(elsewhere, moved, Some((moved + 365).min(end)), TEMPORARY, rng));
        }
        let province = if rng.chance(0.3) { &PROVINCES[rng.below(63) as usize] } else { person.province };
        place = commune(province, rng);
        from = moved;
    }
    periods.push(period(place, from, person.death.map(day), PERMANENT, rng));
    let teen = day(Dob::new(person.dob.year() + 14, person.dob.month(), 1));
    if rng.chance(0.12) && end - teen > 400 {
        let start = day_between(rng, teen, end - 400);
        let stay = 60 + rng.below(305) as i64;
        let elsewhere = commune(&PROVINCES[rng.below(63) as usize], rng);
        periods.push(period(elsewhere, start, Some(start + stay), TEMPORARY, rng));
    }
    periods
}

/// The commune of permanent residence on a day.
pub fn resident_on(periods: &[Period], on: Dob) -> Option<u32> {
    periods
        .iter()
        .filter(|p| p.kind == PERMANENT && p.from <= on && p.to.is_none_or(|t| on < t))
        .map(|p| p.commune)
        .next_back()
}

/// The header of `residence_base.*`.
pub const HISTORY: [&str; 6] = ["so_dinh_danh", "ma_tinh", "ma_xa", "tu_ngay", "den_ngay", "loai_cu_tru"];

/// Writes a person's periods to `residence_base.*`.
pub fn write_history(table: &mut TableWriter, id: &str, periods: &[Period]) -> Result<()> {
    for p in periods {
        let to = p.to.map(dmy).unwrap_or_default();
        table.row(&[id, &p.province_code(), &format!("{:05}", p.commune), &dmy(p.from), &to, p.kind])?;
    }
    Ok(())
}

/// Writes `priority_areas.csv` (at `path`, its extension set): each
/// commune's stretches of one area; with `marks`, a `dbkk` column.
pub fn write_priority_areas(path: &Path, marks: bool) -> Result<()> {
    let header = ["ma_xa", "khu_vuc", "tu_ngay", "den_ngay", "dbkk"];
    let header = if marks { &header[..] } else { &header[..4] };
    let mut table = TableWriter::create(path, Format::Csv, header)?;
    for c in communes() {
        let mark = if dbkk(c) { "1" } else { "" };
        for (area, from, to) in stretches(c) {
            let row = [&format!("{c:05}"), area, &dmy(from), &to.map(dmy).unwrap_or_default(), mark];
            table.row(&row[..header.len()])?;
        }
    }
    table.finish().map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::person::{PersonFactory, Traits};

    #[test]
    fn histories_cover_life_without_gaps_in_permanent_residence() {
        let mut f = PersonFactory::new(2);
        let mut rng = Rng::new(2);
        let (mut after_merger, mut new_code) = (0, 0);
        for i in 0..2_000 {
            let p = f.person(&mut rng, Traits::of(2, i));
            let h = history(&p, &mut history_rng(2, i));
            assert_eq!(h, history(&p, &mut history_rng(2, i)), "a function of the seed and the person");
            let permanent: Vec<&Period> = h.iter().filter(|p| p.kind == PERMANENT).collect();
            assert_eq!(permanent[0].from, p.dob);
            for w in permanent.windows(2) {
                assert_eq!(w[0].to, Some(w[1].from), "permanent periods follow each other");
            }
            assert_eq!(permanent.last().unwrap().to, p.death);
            assert!(h.iter().all(|q| q.to.is_none_or(|t| t > q.from)), "{h:?}");
            assert!(resident_on(&h, p.dob).is_some());
            for q in &h {
                after_merger += u32::from(q.from >= Dob::new(2025, 7, 1));
                new_code += u32::from(q.new_code);
                assert!(!q.new_code || q.from >= Dob::new(2025, 7, 1));
                assert_eq!(q.province_code().len(), if q.new_code { 2 } else { 3 });
            }
        }
        assert!(new_code > 0 && new_code * 5 < after_merger, "{new_code} of {after_merger}");
    }

    #[test]
    fn areas_change_once_for_some_communes() {
        let on = Dob::new(2020, 1, 1);
        assert_eq!(area(79_012, on), area(79_012, on));
        let kv1 = (1..=10_000).filter(|&c| first_area(c) == "KV1").count();
        assert!((2_200..2_800).contains(&kv1), "{kv1}");
        let all: Vec<u32> = communes().collect();
        let changed: Vec<u32> = all.iter().copied().filter(|&c| area_change(c).is_some()).collect();
        let share = changed.len() as f64 / all.len() as f64;
        assert!((0.07..0.13).contains(&share), "{share}");
        let (w0, w1) = (Dob::new(2022, 9, 1), Dob::new(2025, 7, 1));
        let inside = changed.iter().filter(|&&c| area_change(c).is_some_and(|(d, _)| w0 < d && d < w1));
        assert!(inside.count() > 10, "some changes fall inside an exam window");
        for c in changed {
            let (on, new) = area_change(c).unwrap();
            assert_ne!(area(c, date(day(on) - 1)), new);
            assert_eq!(area(c, on), new);
            let s = stretches(c);
            assert_eq!((s.len(), s[0].2, s[1].1, s[1].2), (2, Some(on), on, None));
        }
    }
}
