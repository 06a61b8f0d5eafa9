//! A person's ethnicity as the base records it (`dan_toc`), read only for
//! what the admission regulation asks of it: policy group 01 is for
//! citizens of an ethnic minority (TT 08/2022 Art. 7(2)). The General
//! Statistics Office's list of Vietnam's 54 ethnic groups (Decision
//! 121-TCTK/PPCĐ, 1979) numbers Kinh 01 and the minorities 02–54 (registers
//! that extend it use `55` for a foreigner); the base gives the code or the
//! name, with or without accents, hyphens or a prefix (`Dân tộc Tày`,
//! `Người Mường`), the list's other name in brackets (`Kinh (Việt)`,
//! `HMông (Mèo)`), or both code and name (`01 - Kinh`). A value none of
//! these, or whose parts say different things (`02 - Kinh`): unknown, so
//! the check is not made, never held against the person. The value is
//! sensitive personal data (Decree 13/2023, Art. 2(4)): it is never written
//! anywhere, only its reading.

use super::text::fold;

/// What the base's ethnicity cell says, for the regulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ethnicity {
    /// Kinh, the majority (code 01).
    Kinh,
    /// One of the 53 minorities (codes 02–54).
    Minority,
    /// A foreigner (code 55): no citizen of a minority.
    Foreign,
}

/// The minorities' names in the list's order (codes 02–54), folded
/// (lowercase, no accents, letters only), with the usual other spellings.
const MINORITIES: [&[&str]; 53] = [
    &["tay"],
    &["thai"],
    &["hoa"],
    &["khome", "khmer", "khmerkrom"],
    &["muong"],
    &["nung"],
    &["hmong", "mong", "meo"],
    &["dao"],
    &["giarai", "jarai", "jrai"],
    &["ngai"],
    &["ede", "rade"],
    &["bana"],
    &["xodang", "sedang"],
    &["sanchay", "caolan", "sanchi"],
    &["coho", "koho"],
    &["cham"],
    &["sandiu"],
    &["hre"],
    &["mnong"],
    &["raglai"],
    &["xtieng", "stieng"],
    &["bruvankieu", "vankieu", "bru"],
    &["tho"],
    &["giay"],
    &["cotu", "katu"],
    &["gietrieng", "gie", "trieng"],
    &["ma"],
    &["khomu", "khmu"],
    &["co"],
    &["taoi"],
    &["choro"],
    &["khang"],
    &["xinhmun"],
    &["hanhi"],
    &["churu"],
    &["lao"],
    &["lachi"],
    &["laha"],
    &["phula"],
    &["lahu"],
    &["lu"],
    &["lolo"],
    &["chut"],
    &["mang"],
    &["pathen"],
    &["colao"],
    &["cong"],
    &["boy", "bouyei"],
    &["sila"],
    &["pupeo"],
    &["brau"],
    &["odu"],
    &["romam"],
];

/// Reads a base cell: a code (`01`, `1`, `08`), a name, a name with
/// another in brackets, or a code and a name; `None` when it is empty,
/// none of these, or its parts disagree.
pub fn read(cell: &str) -> Option<Ethnicity> {
    // A bracketed other name (`Kinh (Việt)`, `Tày (02)`): the main part
    // decides, unless the bracket says something else.
    if let Some((main, rest)) = cell.split_once('(') {
        let inside = rest.trim_end().strip_suffix(')')?;
        let read_main = read(main)?;
        return match read(inside) {
            Some(other) if other != read_main => None,
            _ => Some(read_main),
        };
    }
    // A code and a name (`01 - Kinh`, `Kinh 01`): both must say the same.
    let digits: String = cell.chars().filter(char::is_ascii_digit).collect();
    let letters = cell.chars().any(char::is_alphabetic);
    if !digits.is_empty() && letters {
        let name: String = cell.chars().filter(|c| !c.is_ascii_digit()).collect();
        let (by_code, by_name) = (read(&digits)?, read(&name)?);
        return (by_code == by_name).then_some(by_code);
    }
    read_one(cell)
}

/// A cell that is one code or one name.
fn read_one(cell: &str) -> Option<Ethnicity> {
    let cell = cell.trim();
    if !cell.is_empty() && cell.bytes().all(|b| b.is_ascii_digit()) {
        return match cell.parse::<u32>().ok()? {
            1 => Some(Ethnicity::Kinh),
            2..=54 => Some(Ethnicity::Minority),
            55 => Some(Ethnicity::Foreign),
            _ => None,
        };
    }
    let letters: String = fold(cell).to_lowercase().chars().filter(char::is_ascii_alphabetic).collect();
    let name = ["dantoc", "nguoi"].iter().fold(letters.as_str(), |n, p| n.strip_prefix(p).unwrap_or(n));
    match name {
        "kinh" | "viet" => Some(Ethnicity::Kinh),
        "nuocngoai" | "nguoinuocngoai" | "foreign" | "foreigner" => Some(Ethnicity::Foreign),
        n if MINORITIES.iter().any(|names| names.contains(&n)) => Some(Ethnicity::Minority),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_read_as_the_list_numbers_them() {
        for k in ["01", "1", "Kinh", "KINH", "kinh ", "Dân tộc Kinh", "Người Kinh", "Việt"] {
            assert_eq!(read(k), Some(Ethnicity::Kinh), "{k:?}");
        }
        for m in [
            "02",
            "8",
            "54",
            "Tày",
            "H'Mông",
            "Mông",
            "Ê Đê",
            "Ê-đê",
            "Khơ-me",
            "Gia Rai",
            "Dân tộc Dao",
            "Bru-Vân Kiều",
            "Rơ Măm",
            "Co",
        ] {
            assert_eq!(read(m), Some(Ethnicity::Minority), "{m:?}");
        }
        assert_eq!(read("55"), Some(Ethnicity::Foreign));
        // The list's own spellings, and a code beside the name.
        for (cell, want) in [
            ("Kinh (Việt)", Some(Ethnicity::Kinh)),
            ("HMông (Mèo)", Some(Ethnicity::Minority)),
            ("Hoa (Hán)", Some(Ethnicity::Minority)),
            ("Tày (02)", Some(Ethnicity::Minority)),
            ("01 - Kinh", Some(Ethnicity::Kinh)),
            ("Kinh 01", Some(Ethnicity::Kinh)),
            ("02 - Kinh", None),
            ("Kinh (Tày)", None),
            ("Kinh (", None),
            ("Mường 1", None),
        ] {
            assert_eq!(read(cell), want, "{cell:?}");
        }
        assert_eq!(read("Người nước ngoài"), Some(Ethnicity::Foreign));
        for u in ["", " ", "0", "56", "99", "không rõ", "?", "-", "Kinh, Tày", "x"] {
            assert_eq!(read(u), None, "{u:?}");
        }
    }

    #[test]
    fn the_list_has_no_name_twice() {
        let mut all: Vec<&str> = MINORITIES.iter().flat_map(|n| n.iter().copied()).collect();
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n);
        assert!(!all.contains(&"kinh") && !all.contains(&"viet"));
    }
}
