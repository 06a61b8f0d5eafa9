//! One group per value as people mean it: `NU`, `Nữ` and `nữ` in a branch
//! or school column are one group of the reports and one split file. The
//! key of a value folds case and diacritics and takes runs of spaces as
//! one; the group is shown by its most frequent spelling.

use crate::normalize::text::fold_char;

/// The key a value (already trimmed and in NFC) groups under: its letters
/// without diacritics (`Đ` → `D`) and in upper case, words one space apart.
pub fn key(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars().map(fold_char) {
            if c.is_ascii() {
                out.push(c.to_ascii_uppercase());
            } else {
                out.extend(c.to_uppercase());
            }
        }
    }
    out
}

/// Spellings of one key kept with their rows, at the most.
const MAX_SPELLINGS: usize = 16;

/// The spellings of one group's value, with their rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Spellings(Vec<(String, u64)>);

impl Spellings {
    /// Counts one row spelt `spelling`. Past [`MAX_SPELLINGS`] spellings a
    /// new one is not counted (the group is still shown by a spelling it has).
    pub fn add(&mut self, spelling: &str) {
        if let Some(known) = self.0.iter_mut().find(|s| s.0 == spelling) {
            known.1 += 1;
        } else if self.0.len() < MAX_SPELLINGS {
            self.0.push((spelling.to_string(), 1));
        }
    }

    /// The spelling the group is shown by: the most frequent, the first
    /// met on a tie (rows are counted in input order, so it is the same
    /// every run); empty before any row.
    pub fn shown(&self) -> &str {
        let mut best: Option<&(String, u64)> = None;
        for s in &self.0 {
            if best.is_none_or(|b| s.1 > b.1) {
                best = Some(s);
            }
        }
        best.map_or("", |b| b.0.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_value_share_a_key_and_show_the_most_frequent() {
        assert_eq!(key("NU"), key("Nữ"));
        assert_eq!(key("nữ"), "NU");
        assert_eq!(key("Hà  Nội"), key("HA NOI"), "runs of spaces are one");
        assert_eq!(key("Đà Nẵng"), "DA NANG");
        assert_ne!(key("CN01"), key("CN010"));
        assert_ne!(key("Ha Noi"), key("Ha_Noi"), "separators other than spaces stay");
        assert_eq!(key(""), "");
        let mut s = Spellings::default();
        assert_eq!(s.shown(), "");
        for spelling in ["NU", "Nữ", "nữ", "Nữ", "NU"] {
            s.add(spelling);
        }
        assert_eq!(s.shown(), "NU", "a tie goes to the spelling met first");
        s.add("Nữ");
        assert_eq!(s.shown(), "Nữ");
        for i in 0..40 {
            s.add(&format!("x{i}"));
        }
        assert_eq!(s.0.len(), MAX_SPELLINGS);
        assert_eq!(s.shown(), "Nữ");
    }
}
