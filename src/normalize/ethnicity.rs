//! A person's ethnicity as the base records it (`dan_toc`), read only for
//! what the admission regulation asks of it: policy group 01 is for
//! citizens of an ethnic minority (TT 08/2022 Art. 7(2)). The General
//! Statistics Office's list of Vietnam's 54 ethnic groups numbers Kinh 01
//! and the minorities 02–54 (`55` marks a foreigner); the base gives the
//! code or the name, with or without accents, hyphens or a prefix
//! (`Dân tộc Tày`, `Người Mường`). A value none of these: unknown, so the
//! check is not made, never held against the person. The value is
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

/// Reads a base cell: a code (`01`, `1`, `08`) or a name; `None` when it
/// is empty or neither.
pub fn read(cell: &str) -> Option<Ethnicity> {
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
