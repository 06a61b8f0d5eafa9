//! `--mask`: IDs and names as they may appear in files shared outside the
//! bank or ministry — `079******123`, `Nguyễn V. H.` — enough for a clerk to
//! find the record in their own system, not enough to identify a person.

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

/// An ID with all but its first three and last three characters starred
/// (`079******123`); a short one (six or fewer) entirely. Empty stays empty.
pub fn id(value: &str) -> String {
    let chars: Vec<char> = value.trim().chars().collect();
    if chars.len() <= 6 {
        return "*".repeat(chars.len());
    }
    let n = chars.len();
    chars[..3].iter().chain(std::iter::repeat_n(&'*', n - 6)).chain(&chars[n - 3..]).collect()
}

/// Several IDs joined by `|`, each masked.
pub fn ids(joined: &str) -> String {
    if joined.is_empty() {
        return String::new();
    }
    joined.split('|').map(id).collect::<Vec<_>>().join("|")
}

/// A name with its surname (first word) whole and each other word cut to
/// its initial and a dot: `Nguyễn Văn Hùng` → `Nguyễn V. H.`.
pub fn name(value: &str) -> String {
    let mut words = value.split_whitespace();
    let Some(surname) = words.next() else { return String::new() };
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
        assert_eq!(id("123456789"), "123***789");
        assert_eq!(id("123456"), "******");
        assert_eq!(id(""), "");
        assert_eq!(ids("079123456123|001099000111"), "079******123|001******111");
        assert_eq!(ids(""), "");
        assert_eq!(name("Nguyễn Văn Hùng"), "Nguyễn V. H.");
        assert_eq!(name("NGUYEN  VAN HUNG "), "NGUYEN V. H.");
        assert_eq!(name("Đặng Đức Ưng"), "Đặng Đ. Ư.");
        assert_eq!(name("Hà"), "Hà");
        assert_eq!(name("  "), "");
        assert_eq!(initials("Văn Hùng"), "V. H.");
        assert_eq!(initials(""), "");
    }
}
