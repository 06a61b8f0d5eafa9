//! `--mask`: IDs and names as they may appear in files shared outside the
//! bank or ministry — `079******123`, `Nguyễn V. H.` — enough for a clerk to
//! find the record in their own system, not enough to identify a person.

use super::ResultRecord;
use crate::read::mapping::Role;

/// What `--mask` covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mask {
    /// Nothing masked.
    #[default]
    Off,
    /// Files written for sharing: split files and reports.
    Shared,
    /// Those and the results too.
    All,
}

impl Mask {
    /// True when files for sharing are masked.
    pub fn shared(self) -> bool {
        self != Mask::Off
    }

    /// True when the results are masked too.
    pub fn results(self) -> bool {
        self == Mask::All
    }
}

/// How a kept cell is masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hide {
    /// Not at all: the cell holds neither an ID nor a name.
    Nothing,
    /// As an ID.
    Id,
    /// As a whole name.
    Name,
    /// As the middle or given part of a name held in columns of its own.
    Initials,
    /// Whole, by its shape (letters `x`, digits `9`): a cell whose meaning
    /// is not known, as in a row whose fields may have shifted.
    Shape,
}

impl Hide {
    /// How a kept cell read by `role` (and which of the role's columns it is) is masked.
    pub fn of(role: Option<(Role, usize)>) -> Hide {
        match role {
            Some((Role::Id | Role::OldId, _)) => Hide::Id,
            Some((Role::Name, 0)) => Hide::Name,
            Some((Role::Name, _)) => Hide::Initials,
            _ => Hide::Nothing,
        }
    }

    /// The cell masked.
    pub fn apply(self, cell: &str) -> Option<String> {
        match self {
            Hide::Nothing => None,
            Hide::Id => Some(id(cell)),
            Hide::Name => Some(name(cell)),
            Hide::Initials => Some(initials(cell)),
            Hide::Shape => Some(shape(cell)),
        }
    }
}

/// Masks a results row's IDs, its key as `key` says and each kept cell as `hides` says.
pub fn record(rec: &mut ResultRecord, key: Hide, hides: &[Hide]) {
    if let Some(masked) = rec.key.as_deref().and_then(|k| key.apply(k)) {
        rec.key = Some(masked);
    }
    rec.person_id = id(&rec.person_id);
    rec.suggested_id = id(&rec.suggested_id);
    rec.candidates = ids(&rec.candidates);
    for (cell, hide) in rec.keep.iter_mut().zip(hides) {
        if let Some(masked) = hide.apply(cell) {
            *cell = masked;
        }
    }
}

/// Text by its shape: every letter `x`, every digit `9`, the rest as it is.
pub fn shape(value: &str) -> String {
    value.chars().map(shape_char).collect()
}

/// One character by its shape: a letter `x`, a digit `9`, the rest as it is.
pub fn shape_char(c: char) -> char {
    if c.is_alphabetic() {
        'x'
    } else if c.is_numeric() {
        '9'
    } else {
        c
    }
}

/// An ID with its middle starred, a quarter of it shown at each end at
/// most three characters: `079******123` (a CCCD), `12*****89` (a CMND);
/// three characters or fewer entirely. Empty stays empty.
pub fn id(value: &str) -> String {
    let chars: Vec<char> = value.trim().chars().collect();
    let n = chars.len();
    let shown = (n / 4).min(3);
    chars[..shown].iter().chain(std::iter::repeat_n(&'*', n - 2 * shown)).chain(&chars[n - shown..]).collect()
}

/// Several IDs joined by `|`, each masked.
pub fn ids(joined: &str) -> String {
    if joined.is_empty() {
        return String::new();
    }
    joined.split('|').map(id).collect::<Vec<_>>().join("|")
}

/// A name with its surname (first word) whole and each other word cut to
/// its initial and a dot: `Nguyễn Văn Hùng` → `Nguyễn V. H.`. A name of one
/// word (a given name alone, as often) is cut to its initial.
pub fn name(value: &str) -> String {
    let mut words = value.split_whitespace();
    let Some(surname) = words.next() else { return String::new() };
    if value.split_whitespace().nth(1).is_none() {
        return initials(surname);
    }
    let mut out = surname.to_string();
    let rest = initials(&words.collect::<Vec<_>>().join(" "));
    if !rest.is_empty() {
        out.push(' ');
        out.push_str(&rest);
    }
    out
}

/// Every word of a name cut to its initial and a dot (`Văn Hùng` → `V. H.`):
/// the middle or given name held in a column of its own.
pub fn initials(value: &str) -> String {
    let words: Vec<String> = value
        .split_whitespace()
        .map(|w| {
            format!("{}.", unicode_normalization::UnicodeNormalization::nfc(w).take(1).collect::<String>())
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_their_ends_and_names_their_surname() {
        assert_eq!(id("079123456123"), "079******123");
        assert_eq!(id("123456789"), "12*****89");
        assert_eq!(id("1234567"), "1*****7");
        assert_eq!(id("123456"), "1****6");
        assert_eq!(id("123"), "***");
        assert_eq!(id(""), "");
        assert_eq!(ids("079123456123|001099000111"), "079******123|001******111");
        assert_eq!(ids(""), "");
        assert_eq!(name("Nguyễn Văn Hùng"), "Nguyễn V. H.");
        assert_eq!(name("NGUYEN  VAN HUNG "), "NGUYEN V. H.");
        assert_eq!(name("Đặng Đức Ưng"), "Đặng Đ. Ư.");
        assert_eq!(name("Thành"), "T.");
        assert_eq!(shape("Lê 079-12"), "xx 999-99");
        assert_eq!(Hide::of(Some((Role::Name, 1))).apply("Văn Hùng").unwrap(), "V. H.");
        assert_eq!(Hide::of(Some((Role::Dob, 0))).apply("01/02/1990"), None);
        assert_eq!(name("  "), "");
        assert_eq!(initials("Văn Hùng"), "V. H.");
        assert_eq!(initials(""), "");
    }
}
