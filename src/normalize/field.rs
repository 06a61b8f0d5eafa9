//! Extra field values (`[[compare]]` in the configuration): how each is
//! compared, and the form a value is stored and compared in, the same on
//! both sides.

use serde::Deserialize;

use super::place::merged_province;
use super::{parse_dob, text};

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
    /// The same province through the 2025 merger: a name (`Hà Giang`,
    /// `TP. Hồ Chí Minh`), a 3-digit CCCD code or a 2-digit post-merger code,
    /// each read as the merged province (Hà Giang and Tuyên Quang are one).
    Province,
}

/// The form a value is stored and compared in.
pub fn prepare(method: Method, raw: &str) -> String {
    let folded = text::fold(&text::nfc_clean(raw.trim()));
    match method {
        Method::Exact | Method::JaroWinkler | Method::Levenshtein => {
            folded.split_whitespace().collect::<Vec<_>>().join(" ")
        }
        Method::Date => parse_dob(raw).map(|(d, _)| d.iso()).unwrap_or_default(),
        // Unknown to the list of provinces: missing, never "different".
        Method::Province => merged_province(raw).map(|p| format!("{p:02}")).unwrap_or_default(),
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
