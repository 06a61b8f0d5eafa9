//! Extra fields compared by configuration (`[[compare]]`), so that data that
//! is not Vietnamese — addresses, postcodes, other numbers — can be
//! reconciled by configuration alone. Each field agrees, disagrees or is
//! missing on one side; the levels are kept as bit masks so a comparison
//! stays a small copyable value (at most 32 extra fields).

use serde::Deserialize;

use crate::normalize::{parse_dob, text};

/// How an extra field is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Equal after trimming, case and accent folding, and single spaces.
    Exact,
    /// Jaro–Winkler similarity of the folded values at least 0.9.
    JaroWinkler,
    /// At most one edit between the folded values (two for 8+ characters).
    Levenshtein,
    /// The same date (any form doisoat reads).
    Date,
    /// The same number (`1 200,0` = `1200`).
    Number,
}

/// One `[[compare]]` entry.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompareField {
    /// The base column.
    pub base: String,
    /// The input column.
    pub input: String,
    /// How to compare.
    pub method: Method,
}

/// The most extra fields a configuration may name.
pub const MAX_FIELDS: usize = 32;

/// The form a value is stored and compared in.
pub fn prepare(method: Method, raw: &str) -> String {
    let folded = text::fold(&text::nfc_clean(raw.trim()));
    match method {
        Method::Exact | Method::JaroWinkler | Method::Levenshtein => {
            folded.split_whitespace().collect::<Vec<_>>().join(" ")
        }
        Method::Date => parse_dob(raw).map(|(d, _)| d.iso()).unwrap_or_default(),
        Method::Number => {
            let t: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
            // One comma with one or two digits after it and no dot is a decimal
            // comma (1 200,5); other commas separate thousands (1,200,000).
            let decimal_comma = !t.contains('.')
                && t.matches(',').count() == 1
                && t.rsplit(',').next().is_some_and(|d| (1..=2).contains(&d.len()));
            let t = if decimal_comma { t.replace(',', ".") } else { t.replace(',', "") };
            t.parse::<f64>().map(|n| n.to_string()).unwrap_or(t)
        }
    }
}

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

/// The levels of all extra fields: bit `i` set in `agree` or `disagree`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct FieldLevels {
    /// Fields that agree.
    pub agree: u32,
    /// Fields that disagree.
    pub disagree: u32,
}

/// Compares prepared values field by field.
pub fn compare_fields(methods: &[Method], input: &[String], base: &[&str]) -> FieldLevels {
    let mut levels = FieldLevels::default();
    for (i, method) in methods.iter().enumerate() {
        let (a, b) = (input.get(i).map_or("", String::as_str), base.get(i).copied().unwrap_or(""));
        if a.is_empty() || b.is_empty() {
            continue;
        }
        if agree(*method, a, b) {
            levels.agree |= 1 << i;
        } else {
            levels.disagree |= 1 << i;
        }
    }
    levels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods() {
        let p = |m, s| prepare(m, s);
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
        assert_eq!(p(Method::Number, "1,200,000"), "1200000");
        assert_eq!(p(Method::Number, "1200.50"), p(Method::Number, "1 200,5"));
        let l = compare_fields(
            &[Method::Exact, Method::Exact, Method::Number],
            &["A".into(), "B".into(), "".into()],
            &["A", "C", "7"],
        );
        assert_eq!((l.agree, l.disagree), (0b001, 0b010));
    }
}
