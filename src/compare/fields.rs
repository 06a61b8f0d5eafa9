//! Extra fields compared by configuration (`[[compare]]`), so that data that
//! is not Vietnamese — addresses, postcodes, other numbers — can be
//! reconciled by configuration alone. Each field is equal, close (the
//! method's fuzzy agreement), different, or missing on one side; the levels
//! are kept as bit masks so a comparison stays a small copyable value (at
//! most 32 extra fields).

pub use crate::normalize::field::Method;

/// True when two prepared, non-empty values agree.
pub fn agree(method: Method, a: &str, b: &str) -> bool {
    match method {
        Method::JaroWinkler => strsim::jaro_winkler(a, b) >= 0.9,
        Method::Levenshtein => {
            let d = strsim::levenshtein(a, b);
            d <= 1 || d <= 2 && a.len().max(b.len()) >= 8
        }
        _ => a == b,
    }
}

/// How one extra field compares, best first (missing on either side: no level).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldLevel {
    /// Equal prepared values.
    Exact,
    /// The method's fuzzy agreement (Jaro–Winkler, edit distance), not equal.
    Close,
    /// Different.
    Different,
}

impl FieldLevel {
    /// Every level, best first.
    pub const ALL: [FieldLevel; 3] = [FieldLevel::Exact, FieldLevel::Close, FieldLevel::Different];
}

/// The levels of all extra fields: bit `i` set in one of the masks, or in
/// none when field `i` is missing on a side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct FieldLevels {
    /// Fields with equal values.
    pub exact: u32,
    /// Fields that agree by the method's fuzzy rule only.
    pub close: u32,
    /// Fields that differ.
    pub differ: u32,
}

impl FieldLevels {
    /// Field `i`'s level, `None` when missing on a side.
    pub fn get(self, i: usize) -> Option<FieldLevel> {
        let bit = 1 << i;
        match () {
            _ if self.exact & bit != 0 => Some(FieldLevel::Exact),
            _ if self.close & bit != 0 => Some(FieldLevel::Close),
            _ if self.differ & bit != 0 => Some(FieldLevel::Different),
            _ => None,
        }
    }
}

/// Compares prepared values field by field.
pub fn compare_fields<A: AsRef<str>, B: AsRef<str>>(methods: &[Method], a: &[A], b: &[B]) -> FieldLevels {
    let mut levels = FieldLevels::default();
    for (i, method) in methods.iter().enumerate() {
        let (a, b) = (a.get(i).map_or("", AsRef::as_ref), b.get(i).map_or("", AsRef::as_ref));
        if a.is_empty() || b.is_empty() {
            continue;
        }
        if a == b {
            levels.exact |= 1 << i;
        } else if agree(*method, a, b) {
            levels.close |= 1 << i;
        } else {
            levels.differ |= 1 << i;
        }
    }
    levels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods() {
        let p = |m, s| crate::normalize::field::prepare(m, s);
        assert_eq!(p(Method::Exact, "  Kingston   Beach "), "KINGSTON BEACH");
        assert!(agree(
            Method::JaroWinkler,
            &p(Method::JaroWinkler, "kingston"),
            &p(Method::JaroWinkler, "kingstn")
        ));
        assert!(!agree(Method::Levenshtein, "2615", "2651"));
        assert!(agree(Method::Levenshtein, "2615", "2616"));
        assert_eq!(p(Method::Date, "19560409"), p(Method::Date, "09/04/1956"));
        assert_eq!(p(Method::Number, "1 200,0"), "1200");
        // Provinces by name or code, through the 2025 merger; unknown is missing.
        assert_eq!(p(Method::Province, "Hà Giang"), p(Method::Province, "Tuyên Quang"));
        assert_eq!(p(Method::Province, "002"), p(Method::Province, "Hà Giang"));
        assert_ne!(p(Method::Province, "Hà Nội"), p(Method::Province, "Đà Nẵng"));
        assert_eq!(p(Method::Province, "Atlantis"), "");
        assert_eq!(p(Method::Number, "1,200,000"), "1200000");
        assert_eq!(p(Method::Number, "1200.50"), p(Method::Number, "1 200,5"));
        let l = compare_fields(
            &[Method::Exact, Method::Exact, Method::Number],
            &["A", "B", ""],
            &["A", "C", "7"],
        );
        assert_eq!((l.exact, l.close, l.differ), (0b001, 0, 0b010));
        let l = compare_fields(&[Method::Levenshtein], &["2615"], &["2616"]);
        assert_eq!((l.get(0), l.get(1)), (Some(FieldLevel::Close), None));
    }
}
