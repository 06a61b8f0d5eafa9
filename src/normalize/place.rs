//! Residence places and priority areas as the exam and residence checks
//! read them: a commune code, a province compared through the 2025 merger
//! (a pre-merger 3-digit CCCD code and the post-merger 2-digit code of the
//! province it joined are one place), a residence kind, a priority area.

use super::day::{from_ymd, Day};
use super::province::{by_code, parse_province, PROVINCES};
use super::register::{register, Known};
use super::text;

/// A priority area (khu vực ưu tiên), best first: the order is the points'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    /// KV1 (+0.75).
    Kv1,
    /// KV2-NT (+0.5).
    Kv2Nt,
    /// KV2 (+0.25).
    Kv2,
    /// KV3 (no points).
    Kv3,
}

impl Area {
    /// Every area, best first.
    pub const ALL: [Area; 4] = [Area::Kv1, Area::Kv2Nt, Area::Kv2, Area::Kv3];

    /// The code as written (`KV2-NT`).
    pub fn code(self) -> &'static str {
        match self {
            Area::Kv1 => "KV1",
            Area::Kv2Nt => "KV2-NT",
            Area::Kv2 => "KV2",
            Area::Kv3 => "KV3",
        }
    }

    /// Its place in [`Area::ALL`] (0 the best).
    pub fn rank(self) -> u8 {
        self as u8
    }

    /// The area of rank `rank`.
    pub fn of_rank(rank: u8) -> Area {
        Area::ALL[usize::from(rank.min(3))]
    }

    /// Reads an area leniently: case, spaces, hyphens and accents aside
    /// (`KV 1`, `kv2nt`, `Khu vực 2-NT`).
    pub fn parse(raw: &str) -> Option<Area> {
        let mut form = compact(raw);
        if let Some(rest) = form.strip_prefix("KHUVUC") {
            form = format!("KV{rest}");
        }
        match form.as_str() {
            "KV1" => Some(Area::Kv1),
            "KV2NT" => Some(Area::Kv2Nt),
            "KV2" => Some(Area::Kv2),
            "KV3" => Some(Area::Kv3),
            _ => None,
        }
    }
}

/// A value folded to upper-case ASCII letters and digits only.
fn compact(raw: &str) -> String {
    text::fold(&text::nfc_clean(raw))
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Permanent (thường trú) or temporary (tạm trú) residence: true for permanent.
pub fn parse_permanent(raw: &str) -> Option<bool> {
    match compact(raw).as_str() {
        "THUONGTRU" | "PERMANENT" | "TT" | "P" | "1" => Some(true),
        "TAMTRU" | "TEMPORARY" | "KT" | "KT1" | "KT2" | "KT3" | "KT4" | "T" | "2" => Some(false),
        _ => None,
    }
}

/// The post-merger province code (QĐ 19/2025) of a province written as a
/// 3-digit CCCD code (`079`), a post-merger 2-digit code (`79`, `01`; a
/// 2-digit code no merged province has is read as a CCCD code that lost its
/// leading zero: `17`, Hòa Bình) or a name (`Hà Nội`, `TP. Hồ Chí Minh`).
pub fn merged_province(raw: &str) -> Option<u8> {
    let t = raw.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        let code: u16 = t.parse().ok()?;
        return match t.len() {
            3 => by_code(code).map(|p| p.new_code),
            // A post-merger code; else a CCCD code that lost its leading zero.
            1 | 2 => PROVINCES
                .iter()
                .find(|p| u16::from(p.new_code) == code)
                .or_else(|| by_code(code))
                .map(|p| p.new_code),
            _ => None,
        };
    }
    parse_province(t).map(|p| p.new_code)
}

/// A commune code (`26734`, `1` for `00001`): up to 5 digits.
pub fn parse_commune(raw: &str) -> Option<u32> {
    let t = raw.trim();
    if t.is_empty() || t.len() > 5 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let code: u32 = t.parse().ok()?;
    (code > 0).then_some(code)
}

/// Where someone lived: a commune (0: unknown) and a post-merger province (0: unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Place {
    /// The commune code, 0 when not given.
    pub commune: u32,
    /// The post-merger province code, 0 when not known.
    pub province: u8,
}

impl Place {
    /// The place of a province cell and a commune cell (either may be
    /// empty, not both): `Err` names the cell that cannot be read.
    pub fn read(province: &str, commune: &str) -> Result<Place, PlaceError> {
        Place::read_checked(province, commune).map(|(place, _)| place)
    }

    /// [`Place::read`], and what the register says of it. A commune's
    /// province is the register's: a province cell that names another is
    /// counted ([`Known::OtherProvince`]) and the commune decides; a code
    /// in neither era keeps the province cell's province, or none.
    pub fn read_checked(province: &str, commune: &str) -> Result<(Place, Known), PlaceError> {
        let commune = match commune.trim() {
            "" => 0,
            c => parse_commune(c).ok_or(PlaceError::Commune)?,
        };
        let given = match province.trim() {
            "" => None,
            p => Some(merged_province(p).ok_or(PlaceError::Province)?),
        };
        let registered = (commune != 0).then(|| commune_province(commune)).flatten();
        let (province, known) = match (registered, given) {
            (Some(r), Some(g)) if r != g => (r, Known::OtherProvince),
            (Some(r), _) => (r, Known::Yes),
            (None, g) if commune != 0 => (g.unwrap_or(0), Known::UnknownCommune),
            (None, g) => (g.unwrap_or(0), Known::Yes),
        };
        if commune == 0 && province == 0 {
            return Err(PlaceError::Missing);
        }
        Ok((Place { commune, province }, known))
    }

    /// The same place: the same commune when both know theirs, else the
    /// same province through the merger.
    pub fn same(self, other: Place) -> bool {
        if self.commune != 0 && other.commune != 0 {
            return self.commune == other.commune;
        }
        self.province != 0 && self.province == other.province
    }

    /// [`Place::same`] for the places of two periods that begin on `since`
    /// and `other_since`: when one begins before 1 July 2025 and the other
    /// on or after it, an old commune and the new one it went into as a
    /// whole are one place too (the later period's code is read in the new
    /// era). Two periods of one era are never matched so: an old commune's
    /// code can be the code a new commune took, and before the merger they
    /// were two places.
    pub fn same_across(self, since: Day, other: Place, other_since: Day) -> bool {
        if self.same(other) {
            return true;
        }
        let merged = from_ymd(2025, 7, 1);
        let (old, new) = match (since < merged, other_since < merged) {
            (true, false) => (self.commune, other.commune),
            (false, true) => (other.commune, self.commune),
            _ => return false,
        };
        register().went_into(old, new)
    }

    /// Packed in 24 bits: the commune (17 bits), the province above it.
    pub fn pack(self) -> u32 {
        self.commune | u32::from(self.province) << 17
    }

    /// From [`Place::pack`].
    pub fn unpack(bits: u32) -> Place {
        Place { commune: bits & 0x1_ffff, province: (bits >> 17 & 0x7f) as u8 }
    }
}

/// The post-merger province of a commune, from the register of communes
/// (never from its digits); `None` for a code in neither era.
pub fn commune_province(commune: u32) -> Option<u8> {
    register().province(commune)
}

/// Which cell of a place could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceError {
    /// The province is no known code or name.
    Province,
    /// The commune code is not 1–5 digits.
    Commune,
    /// Neither is given.
    Missing,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_are_read_leniently_and_ordered_best_first() {
        assert_eq!(Area::parse("KV 1"), Some(Area::Kv1));
        assert_eq!(Area::parse("kv2nt"), Some(Area::Kv2Nt));
        assert_eq!(Area::parse("KV2-NT"), Some(Area::Kv2Nt));
        assert_eq!(Area::parse("Khu vực 3"), Some(Area::Kv3));
        assert_eq!(Area::parse(""), None);
        assert_eq!(Area::parse("KV4"), None);
        assert!(Area::Kv1 < Area::Kv2Nt && Area::Kv2Nt < Area::Kv2 && Area::Kv2 < Area::Kv3);
    }

    #[test]
    fn residence_kinds() {
        assert_eq!(parse_permanent("thuong_tru"), Some(true));
        assert_eq!(parse_permanent("Thường trú"), Some(true));
        assert_eq!(parse_permanent("tam_tru"), Some(false));
        assert_eq!(parse_permanent("temporary"), Some(false));
        assert_eq!(parse_permanent("x"), None);
    }

    /// Bình Dương (CCCD 074) joined Hồ Chí Minh City (post-merger 79) on 1 July 2025.
    #[test]
    fn a_pre_merger_and_a_post_merger_province_code_are_one_place() {
        assert_eq!(merged_province("074"), Some(79));
        assert_eq!(merged_province("79"), Some(79));
        assert_eq!(merged_province("079"), Some(79));
        assert_eq!(merged_province("Bình Dương"), Some(79));
        assert_eq!(merged_province("03"), None, "no province 03, before or after");
        assert_eq!(merged_province("17"), Some(25), "Hòa Bình's 017 without its zero: Phú Thọ");
        let before = Place::read("074", "").unwrap();
        let after = Place::read("79", "").unwrap();
        assert!(before.same(after));
        assert!(!before.same(Place::read("001", "").unwrap()));
        // Communes decide when both rows have one (25813 and 25814: Bình Dương's).
        assert!(Place::read("074", "25813").unwrap().same(Place::read("79", "25813").unwrap()));
        assert!(!Place::read("074", "25813").unwrap().same(Place::read("074", "25814").unwrap()));
        assert_eq!(Place::read("", "25813").unwrap().province, 79);
        assert_eq!(Place::read("x", ""), Err(PlaceError::Province));
        assert_eq!(Place::read("", ""), Err(PlaceError::Missing));
        let p = Place::read("079", "26734").unwrap();
        assert_eq!(Place::unpack(p.pack()), p);
    }

    /// Commune codes are national: their province comes from the register.
    #[test]
    fn a_communes_province_is_the_registers() {
        // Phường Tân Định (26734, Hồ Chí Minh City) alone against the
        // province 079 alone: one place (it was read as Vĩnh Phúc, 026).
        let tan_dinh = Place::read("", "26734").unwrap();
        assert_eq!(tan_dinh.province, 79);
        assert!(tan_dinh.same(Place::read("079", "").unwrap()));
        assert!(!tan_dinh.same(Place::read("026", "").unwrap()));
        // A province cell that names another province: counted, the commune decides.
        assert_eq!(Place::read_checked("026", "26734"), Ok((tan_dinh, Known::OtherProvince)));
        assert_eq!(Place::read_checked("79", "26734").unwrap().1, Known::Yes);
        // A code in neither era: said, its province not guessed.
        let (unknown, known) = Place::read_checked("", "99999").unwrap();
        assert_eq!((unknown.province, known), (0, Known::UnknownCommune));
        assert!(!unknown.same(Place::read("099", "").unwrap_or_default()));
        assert_eq!(
            Place::read_checked("079", "99999").unwrap(),
            (Place { commune: 99999, province: 79 }, Known::UnknownCommune)
        );
        // An old commune and the one it went into on 1 July 2025: one place
        // across the merger, two before it (26737 was a ward of its own).
        let (before, after) = (from_ymd(2020, 1, 1), from_ymd(2025, 8, 1));
        let new = Place::read("79", "26737").unwrap();
        assert!(tan_dinh.same_across(before, new, after) && new.same_across(after, tan_dinh, before));
        assert!(!tan_dinh.same_across(before, new, before) && !tan_dinh.same(new));
        assert!(!new.same_across(before, tan_dinh, after), "26737 did not go into 26734");
    }
}
