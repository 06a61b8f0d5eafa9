//! The register of Vietnam's communes (xã, phường, đặc khu) in both eras:
//! the 10,035 before 1 July 2025 (63 provinces) and the 3,321 from that day
//! (34 provinces), with each one's province, and for an old commune the new
//! one it went into as a whole (`communes.csv`, rebuilt by
//! `scripts/communes.py` from the package vietnamadminunits 1.0.4, MIT).
//!
//! Commune codes are national and sequential, not the province's code with
//! a number after it: 26734 is Phường Tân Định in Hồ Chí Minh City (079),
//! 02269 a commune of Tuyên Quang (008). So a commune's province is looked
//! up here, never read from its digits. A code can be in both eras (most
//! new communes kept the code of one of the old ones they were made of);
//! its post-merger province is then the same in both.
//!
//! The register is built into the binary and read on first use (0.8 ms;
//! a lookup is one array read); `[places] file` installs a newer one in
//! the same format before any place is read.

use std::path::Path;
use std::sync::OnceLock;

use super::province::PROVINCES;

/// The register carried by the binary.
const BUILT_IN: &str = include_str!("communes.csv");

/// Codes are below this (5 digits).
const CODES: usize = 100_000;

/// Communes by code: each one's province in each era and where an old one went.
#[derive(Debug, Clone)]
pub struct Register {
    /// Per code: the old commune's province (its CCCD code), 0 when the code is no old commune.
    old: Vec<u8>,
    /// Per code: the new commune's province (post-merger code), 0 when the code is no new commune.
    new: Vec<u8>,
    /// Per code: the post-merger province (the old commune's province's
    /// merger, else the new commune's), 0 for a code in neither era.
    merged: Vec<u8>,
    /// (old commune, the new one it went into as a whole), by old commune.
    into: Vec<(u32, u32)>,
    /// The same pairs the other way round (new, old), by new commune.
    came_from: Vec<(u32, u32)>,
    /// The old communes of each CCCD province code, ascending.
    by_province: Vec<Vec<u32>>,
}

/// What the register says of a place given as a province and a commune.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// The commune is in the register (or none was given).
    Yes,
    /// The commune code is in neither era of the register: its province is not guessed.
    UnknownCommune,
    /// The commune is in the register, in another province than the row gives.
    OtherProvince,
}

static REGISTER: OnceLock<Register> = OnceLock::new();

/// The register in use: the one installed, else the built-in one.
pub fn register() -> &'static Register {
    REGISTER.get_or_init(|| Register::parse(BUILT_IN).expect("the built-in register parses"))
}

/// Installs the register in `path` (`[places] file`) in place of the
/// built-in one; an error names the file and line. Must come before any
/// place is read; installing the same file again is harmless.
pub fn install(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot be read: {e}"))?;
    let loaded = Register::parse(&text)?;
    let installed = REGISTER.get_or_init(|| loaded.clone());
    if installed.old != loaded.old || installed.new != loaded.new || installed.into != loaded.into {
        return Err("another register was already in use in this process".into());
    }
    Ok(())
}

impl Register {
    /// A fingerprint of what the register says (its content, wherever it was read from).
    pub fn fingerprint(&self) -> u64 {
        use std::hash::BuildHasher;
        foldhash::fast::FixedState::with_seed(0x7265_6769).hash_one((&self.old, &self.new, &self.into))
    }

    /// Reads a register: lines `era,commune,province,into` after a header,
    /// `#` lines are comments. An error names the line.
    pub fn parse(text: &str) -> Result<Register, String> {
        let mut r = Register {
            old: vec![0; CODES],
            new: vec![0; CODES],
            merged: vec![0; CODES],
            into: Vec::with_capacity(10_000),
            came_from: Vec::new(),
            by_province: vec![Vec::new(); 100],
        };
        // Each CCCD province code's post-merger code (0: no province), and the post-merger codes.
        let mut merged_of = [0u8; 100];
        let mut is_new = [false; 100];
        PROVINCES.iter().for_each(|p| {
            merged_of[usize::from(p.code)] = p.new_code;
            is_new[usize::from(p.new_code)] = true;
        });
        let new_code = |p: u8| is_new.get(usize::from(p)).copied().unwrap_or(false);
        let mut header = false;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if !header {
                if line != "era,commune,province,into" {
                    return Err(format!("line {}: the header is era,commune,province,into", i + 1));
                }
                header = true;
                continue;
            }
            // The common row, read byte by byte (the register is read at
            // every start): `old,DDDDD,DDD,DDDDD` or `new,DDDDD,DD,`.
            if let Some((old, at, province, into)) = plain_row(line.as_bytes()) {
                let merged = merged_of.get(usize::from(province)).copied().unwrap_or(0);
                if old && merged != 0 {
                    r.old[at] = province;
                    r.merged[at] = merged;
                    r.by_province[usize::from(province)].push(at as u32);
                    if into != 0 {
                        r.into.push((at as u32, into));
                    }
                    continue;
                }
                if !old && new_code(province) {
                    r.new[at] = province;
                    if r.old[at] == 0 {
                        r.merged[at] = province;
                    }
                    continue;
                }
            }
            let bad = |what: &str| format!("line {}: {what} (\"{line}\")", i + 1);
            let mut cells = line.split(',');
            let (era, commune, province, into) = (cells.next(), cells.next(), cells.next(), cells.next());
            let (Some(era), Some(commune), Some(province)) = (era, commune, province) else {
                return Err(bad("four cells expected: era,commune,province,into"));
            };
            let at = code(commune).ok_or_else(|| bad("the commune is not a code of 1 to 5 digits"))?;
            let province: u8 = province.trim().parse().map_err(|_| bad("the province is not a number"))?;
            match era.trim() {
                "old" => {
                    let merged = merged_of.get(usize::from(province)).copied().unwrap_or(0);
                    if merged == 0 {
                        return Err(bad("the province is none of the 63 CCCD province codes"));
                    }
                    r.old[at] = province;
                    r.merged[at] = merged;
                    r.by_province[usize::from(province)].push(at as u32);
                    if let Some(into) = into.map(str::trim).filter(|s| !s.is_empty()) {
                        let into =
                            code(into).ok_or_else(|| bad("into is not a commune code of 1 to 5 digits"))?;
                        r.into.push((at as u32, into as u32));
                    }
                }
                "new" => {
                    if !new_code(province) {
                        return Err(bad("the province is none of the 34 post-merger province codes"));
                    }
                    r.new[at] = province;
                    if r.old[at] == 0 {
                        r.merged[at] = province;
                    }
                }
                _ => return Err(bad("the era is old or new")),
            }
        }
        if !header {
            return Err("no header line era,commune,province,into".into());
        }
        r.by_province.iter_mut().for_each(|v| v.sort_unstable());
        r.into.sort_unstable();
        r.into.dedup_by_key(|e| e.0);
        r.came_from = r.into.iter().map(|&(old, new)| (new, old)).collect();
        r.came_from.sort_unstable();
        Ok(r)
    }

    /// The post-merger province of a commune, from the old era (its
    /// province's merger) or the new; `None` for a code in neither.
    pub fn province(&self, commune: u32) -> Option<u8> {
        self.merged.get(commune as usize).copied().filter(|&p| p != 0)
    }

    /// The CCCD province code of an old-era commune.
    pub fn old_province(&self, commune: u32) -> Option<u16> {
        let i = usize::try_from(commune).ok().filter(|&i| i < CODES)?;
        Some(u16::from(self.old[i])).filter(|&p| p != 0)
    }

    /// The old commune `old` went into the new commune `new` as a whole.
    pub fn went_into(&self, old: u32, new: u32) -> bool {
        self.into.binary_search_by_key(&old, |e| e.0).is_ok_and(|i| self.into[i].1 == new)
    }

    /// The codes that name the commune `code` names across the 2025 merger
    /// (ascending): itself, the old communes that went into it whole, the
    /// new one it went into whole. [`Register::went_into`] for many pairs.
    pub fn same_commune(&self, code: u32) -> Vec<u32> {
        let mut out = vec![code];
        let at = self.came_from.partition_point(|e| e.0 < code);
        out.extend(self.came_from[at..].iter().take_while(|e| e.0 == code).map(|e| e.1));
        if let Ok(i) = self.into.binary_search_by_key(&code, |e| e.0) {
            out.push(self.into[i].1);
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The old-era communes of a province (its CCCD code), ascending.
    pub fn communes_of(&self, cccd_province: u16) -> &[u32] {
        self.by_province.get(usize::from(cccd_province)).map_or(&[], Vec::as_slice)
    }
}

/// A row of the usual shape, without spaces: (old era, commune, province,
/// into or 0); `None` for anything else (then read the careful way, which
/// names what is wrong).
fn plain_row(line: &[u8]) -> Option<(bool, usize, u8, u32)> {
    let old = match line.get(..4)? {
        b"old," => true,
        b"new," => false,
        _ => return None,
    };
    let mut cells = line[4..].split(|&b| b == b',');
    let number = |cell: &[u8], max: usize| -> Option<u32> {
        if cell.is_empty() || cell.len() > max || !cell.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(cell.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0')))
    };
    let commune = number(cells.next()?, 5)?;
    let province = u8::try_from(number(cells.next()?, 3)?).ok()?;
    let into = match cells.next()? {
        [] => 0,
        cell => number(cell, 5)?,
    };
    cells.next().is_none().then_some((old, commune as usize, province, into))
}

/// A commune code of 1 to 5 digits.
fn code(text: &str) -> Option<usize> {
    let t = text.trim();
    (!t.is_empty() && t.len() <= 5 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok())?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::province::by_code;

    #[test]
    fn the_built_in_register_knows_both_eras() {
        let r = register();
        // Phường Tân Định, Quận 1, Hồ Chí Minh City: not Vĩnh Phúc (026).
        assert_eq!((r.old_province(26734), r.province(26734)), (Some(79), Some(79)));
        // Xã Thượng Lâm, Tuyên Quang (008): not Hà Giang (002).
        assert_eq!(r.old_province(2269), Some(8));
        // Bình Dương (074) communes are Hồ Chí Minh City's (79) since the merger.
        assert_eq!(r.old_province(25813).map(|p| (p, r.province(25813))), Some((74, Some(79))));
        assert_eq!(r.province(99_999), None);
        assert_eq!(r.province(0), None);
        assert_eq!(r.communes_of(1).len(), 526, "Hà Nội's wards and communes before the merger");
        let old: usize = (1..=96).map(|p| r.communes_of(p).len()).sum();
        assert_eq!(old, 10_035);
        assert_eq!(r.new.iter().filter(|&&p| p != 0).count(), 3_321);
        // A code in both eras has one post-merger province.
        for c in 0..CODES as u32 {
            if let (Some(old), true) = (r.old_province(c), r.new[c as usize] != 0) {
                assert_eq!(by_code(old).unwrap().new_code, r.new[c as usize], "commune {c}");
            }
        }
        // Where an old commune went.
        assert!(r.went_into(26734, 26737) && !r.went_into(26737, 26734) && !r.went_into(26734, 1));
    }

    #[test]
    fn a_register_file_is_checked_line_by_line() {
        let ok = "# a comment\nera,commune,province,into\nold,00001,001,00004\nnew,00004,01,\n";
        let r = Register::parse(ok).unwrap();
        assert_eq!((r.province(1), r.province(4), r.province(2)), (Some(1), Some(1), None));
        assert!(r.went_into(1, 4));
        assert_eq!(
            (r.same_commune(1), r.same_commune(4), r.same_commune(2)),
            (vec![1, 4], vec![1, 4], vec![2])
        );
        for (bad, says) in [
            ("era,commune,province,into\nold,0001x,001,\n", "line 2: the commune"),
            ("era,commune,province,into\nold,00001,097,\n", "line 2: the province is none"),
            ("era,commune,province,into\nmid,00001,001,\n", "line 2: the era"),
            ("era,commune,province,into\nnew,00004,200,\n", "line 2: the province is none of the 34"),
            ("era,commune,province,into\nold,00001\n", "line 2: four cells"),
            ("commune,province\n", "line 1: the header"),
            ("", "no header"),
        ] {
            let err = Register::parse(bad).unwrap_err();
            assert!(err.contains(says), "{bad:?}: {err}");
        }
    }
}
