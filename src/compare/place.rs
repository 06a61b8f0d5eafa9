//! The place comparison (v2 (8)): a row's commune and province against
//! where the base says the person lives and lived ([`crate::index::homes`]),
//! and against the province their birth was registered in. A commune the
//! person lived in before counts (a stale address costs little); a commune
//! that went into the row's in the 2025 merger is the same commune.

use super::PlaceLevel;
use crate::index::homes::{Homes, KEPT};
use crate::index::BaseIndex;
use crate::normalize::place::Place;
use crate::normalize::register::register;

/// A row's place prepared for comparison with many persons: the codes
/// its commune goes by across the 2025 merger, looked up once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceQuery {
    /// The place as the row gives it.
    pub place: Place,
    /// The codes of the row's commune ([`crate::normalize::register::Register::same_commune`]).
    same: Vec<u32>,
}

impl PlaceQuery {
    /// The persons who lived in the row's commune, under any of its codes.
    pub fn commune_count(&self, homes: &Homes) -> u32 {
        self.same.iter().map(|&c| homes.commune_count(c)).sum()
    }

    /// The query for `place`.
    pub fn new(place: Place) -> PlaceQuery {
        let same = match place.commune {
            0 => Vec::new(),
            c => register().same_commune(c),
        };
        PlaceQuery { place, same }
    }
}

/// How the row's place compares with person `p`'s, and how many persons
/// lived in what agrees (the commune, the province; 0 for other levels).
/// `Missing` when the row has no place or the run weighs none.
pub fn compare_place(base: &BaseIndex, row: &PlaceQuery, p: usize) -> (PlaceLevel, u32) {
    let Some(homes) = base.homes().filter(|h| h.has_history()) else { return (PlaceLevel::Missing, 0) };
    let place = row.place;
    if place == Place::default() {
        return (PlaceLevel::Missing, 0);
    }
    let kept = homes.kept(p);
    if place.commune != 0 {
        let same = |c: u16| c != 0 && row.same.contains(&u32::from(c));
        if same(kept[0]) {
            return (PlaceLevel::Commune, row.commune_count(homes));
        }
        if kept[1..].iter().any(|&c| same(c)) {
            return (PlaceLevel::EarlierCommune, row.commune_count(homes));
        }
        if kept.iter().any(|&c| c != 0 && one_keying_error(u32::from(c), place.commune)) {
            return (PlaceLevel::CommuneTypo, 0);
        }
    }
    if kept[0] == 0 {
        // No history of the person: where their birth was registered is all
        // the base says, weighed apart (the share of such persons living in
        // their birth province is not that of movers born there).
        return match homes.registered(base, p) {
            Some(r) if place.province != 0 && r == place.province => (PlaceLevel::UnrecordedBornThere, 0),
            Some(_) if place.province != 0 => (PlaceLevel::UnrecordedBornElsewhere, 0),
            _ => (PlaceLevel::Missing, 0),
        };
    }
    if place.province != 0 {
        let province = |c: u16| register().province(u32::from(c));
        if kept.iter().any(|&c| c != 0 && province(c) == Some(place.province)) {
            return match place.commune {
                0 => (PlaceLevel::Province, homes.province_count(place.province)),
                _ => (PlaceLevel::OtherCommune, 0),
            };
        }
    }
    let born_there = place.province != 0 && homes.registered(base, p) == Some(place.province);
    match (place.commune, born_there) {
        (0, true) => (PlaceLevel::ProvinceOfBirth, 0),
        (0, false) => (PlaceLevel::OtherProvince, 0),
        (_, true) => (PlaceLevel::BirthProvince, 0),
        (_, false) => (PlaceLevel::Different, 0),
    }
}

/// Person `p` may live or have lived where the row says: a commune or a
/// province of theirs is the row's (a commune up to a keying error), or
/// the base has no history of them; anyone else compares as
/// `BirthProvince` or `Different` at best. What a block too large for the
/// cap keeps first ([`crate::index::blocking::Hit::cut_by_place`]). Reads
/// the person's communes only (one memory access).
pub fn may_live_there(base: &BaseIndex, row: &PlaceQuery, p: usize) -> bool {
    base.homes().is_none_or(|homes| lives_near(row, homes.kept(p)))
}

/// [`may_live_there`] for each of `persons`. Their communes are read
/// first, in a loop without branches that keeps many reads from memory in
/// flight (persons of a block lie far apart), then judged.
pub fn may_live_there_each(base: &BaseIndex, row: &PlaceQuery, persons: &[u32]) -> Vec<bool> {
    let Some(homes) = base.homes() else { return vec![true; persons.len()] };
    let kept: Vec<[u16; KEPT]> = persons.iter().map(|&p| homes.kept(p as usize)).collect();
    kept.into_iter().map(|k| lives_near(row, k)).collect()
}

/// A person whose kept communes are `kept` may live where the row says.
fn lives_near(row: &PlaceQuery, kept: [u16; KEPT]) -> bool {
    if kept[0] == 0 {
        return true;
    }
    let Place { commune, province } = row.place;
    kept.iter().any(|&c| {
        c != 0
            && (row.same.contains(&u32::from(c))
                || commune != 0 && one_keying_error(u32::from(c), commune)
                || province != 0 && register().province(u32::from(c)) == Some(province))
    })
}

/// Two 5-digit codes one digit apart, or two adjacent digits swapped.
fn one_keying_error(a: u32, b: u32) -> bool {
    // Either edit changes the value by k × 10^i, k < 10 (a digit) or a
    // multiple of 9 below 90 (two swapped): most pairs fail this at once.
    let mut d = a.abs_diff(b);
    if d == 0 {
        return false;
    }
    while d.is_multiple_of(10) {
        d /= 10;
    }
    if d >= 10 && (!d.is_multiple_of(9) || d >= 90) {
        return false;
    }
    let digits = |n: u32| -> [u32; 5] { std::array::from_fn(|i| n / 10u32.pow(i as u32) % 10) };
    let (x, y) = (digits(a), digits(b));
    let mut differ = (0..5).filter(|&i| x[i] != y[i]);
    match (differ.next(), differ.next(), differ.next()) {
        (Some(_), None, _) => true,
        (Some(i), Some(j), None) => j == i + 1 && x[i] == y[j] && x[j] == y[i],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::tests::base_of;

    #[test]
    fn places_compare_by_commune_then_province_then_birth_province() {
        // Persons 0–4 by ID: registered in Hà Giang (002), Cao Bằng (004),
        // Đà Nẵng (048) twice, Hồ Chí Minh (079).
        let ids = ["002207000011", "004207000012", "048207000013", "048207000014", "079207000015"];
        let rows: Vec<(String, &str, &str)> =
            ids.iter().map(|id| (id.to_string(), "Nguyễn Văn Kiên", "23/04/2007")).collect();
        let mut base = base_of(&rows);
        // 0 lives in 00691 (Hà Giang); 1 moved from 01273 (Cao Bằng) to
        // 00004 (Hà Nội); 2 lives in 20195 (Đà Nẵng, into 20194 in 2025); 3 has no
        // history; 4 lives in 00004 (Hà Nội).
        let communes = vec![[691, 0, 0], [4, 1273, 0], [20195, 0, 0], [0, 0, 0], [4, 0, 0]];
        base.set_homes(Homes::from_communes(communes, true));
        let place = |commune: u32, province: u8| Place { commune, province };
        let level = |row, p| compare_place(&base, &PlaceQuery::new(row), p).0;
        let ha_giang = crate::normalize::place::merged_province("Hà Giang").unwrap();
        let da_nang = crate::normalize::place::merged_province("Đà Nẵng").unwrap();
        let cao_bang = crate::normalize::place::merged_province("Cao Bằng").unwrap();
        assert_eq!(compare_place(&base, &PlaceQuery::new(place(691, ha_giang)), 0), (PlaceLevel::Commune, 1));
        assert_eq!(level(place(1273, cao_bang), 1), PlaceLevel::EarlierCommune, "a stale address");
        assert_eq!(level(place(20194, da_nang), 2), PlaceLevel::Commune, "the merger's new code");
        assert_eq!(level(place(0, da_nang), 2), PlaceLevel::Province);
        assert_eq!(level(place(20207, da_nang), 2), PlaceLevel::OtherCommune);
        assert_eq!(
            level(place(20197, da_nang), 2),
            PlaceLevel::CommuneTypo,
            "a neighbour's code is a digit off too"
        );
        assert_eq!(level(place(20185, da_nang), 2), PlaceLevel::CommuneTypo, "a digit off");
        assert_eq!(level(place(20159, da_nang), 2), PlaceLevel::CommuneTypo, "two digits swapped");
        assert!(!one_keying_error(20195, 20195) && !one_keying_error(20195, 21196));
        // Every pair one edit apart passes, and no other (against the plain digit count).
        let plain = |a: u32, b: u32| {
            let (x, y) = (format!("{a:05}").into_bytes(), format!("{b:05}").into_bytes());
            let differ: Vec<usize> = (0..5).filter(|&i| x[i] != y[i]).collect();
            match differ[..] {
                [_] => true,
                [i, j] => j == i + 1 && x[i] == y[j] && x[j] == y[i],
                _ => false,
            }
        };
        for a in (0..100_000).step_by(997) {
            for b in (0..100_000).step_by(13).chain([a + 1, a + 9, a + 10, a + 90, a + 900, a + 9000]) {
                assert_eq!(one_keying_error(a, b), plain(a, b), "{a:05} {b:05}");
            }
        }
        assert_eq!(level(place(0, cao_bang), 1), PlaceLevel::Province, "a province lived in before");
        assert_eq!(level(place(691, ha_giang), 2), PlaceLevel::Different);
        assert_eq!(
            level(place(0, da_nang), 3),
            PlaceLevel::UnrecordedBornThere,
            "no history: the birth province"
        );
        assert_eq!(level(place(691, ha_giang), 3), PlaceLevel::UnrecordedBornElsewhere);
        assert_eq!(level(place(0, ha_giang), 0), PlaceLevel::Province);
        assert_eq!(level(place(0, da_nang), 1), PlaceLevel::OtherProvince);
        assert_eq!(level(place(0, cao_bang), 0), PlaceLevel::OtherProvince);
        let hcm = crate::normalize::place::merged_province("Hồ Chí Minh").unwrap();
        assert_eq!(level(place(0, hcm), 4), PlaceLevel::ProvinceOfBirth, "born there, never lived there");
        assert_eq!(level(place(26734, hcm), 4), PlaceLevel::BirthProvince);
        assert_eq!(level(Place::default(), 0), PlaceLevel::Missing);
        // A base without history weighs no place.
        base.set_homes(Homes::from_communes(Vec::new(), true));
        assert_eq!(compare_place(&base, &PlaceQuery::new(place(691, ha_giang)), 0).0, PlaceLevel::Missing);
    }
}
