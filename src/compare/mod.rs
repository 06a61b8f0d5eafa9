//! Stage 4: comparing an input row with one base person, field by field.
//!
//! Each field comparison gives an ordered *level* (splink's model: a
//! comparison is an ordered list of levels), not just a score, so that the
//! classification and the reasons a clerk reads both come from the levels,
//! and [`weights`] turns levels into Fellegi–Sunter match weights.

pub mod fields;
pub mod model;
pub mod search;
pub mod weights;

use crate::index::BaseIndex;
use crate::normalize::{text, Dob, Identity, NormName, Precision, Sex};

/// How two names compare, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NameLevel {
    /// Same canonical form (both tone styles are one form).
    Exact,
    /// Same but for a toned `y`/`i` spelling (Lý/Lí, Kỳ/Kì, Quý/Quí).
    SpellingVariant,
    /// Same letters; one side has no diacritics at all (bank style).
    NoDiacritics,
    /// Same letters, different diacritics on both sides (Dương vs Đường).
    Diacritics,
    /// Same tokens in another order (given name first).
    Order,
    /// Same surname and given name; middle name missing, added or different.
    MiddleName,
    /// Close spelling (a typo or two).
    Typo,
    /// Different names.
    Different,
    /// One side has no name.
    Missing,
}

/// How two dates of birth compare, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DobLevel {
    /// Equal full dates.
    Exact,
    /// One side knows only the year (or month), and what both know agrees.
    YearOnly,
    /// Day and month swapped.
    Swapped,
    /// Different dates.
    Different,
    /// One side has no date.
    Missing,
}

/// How two sexes compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SexLevel {
    /// Same.
    Same,
    /// Different.
    Different,
    /// One side unknown.
    Unknown,
}

/// The field levels of one input/person pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    /// Name level.
    pub name: NameLevel,
    /// Date of birth level.
    pub dob: DobLevel,
    /// Sex level.
    pub sex: SexLevel,
    /// Extra fields from the configuration.
    pub fields: fields::FieldLevels,
    /// Term frequency of the base person's name: the share of random
    /// persons whose name agrees with it (0 when not computed). Agreement
    /// on `NGUYỄN VĂN HÙNG` weighs less than on a rare name.
    pub name_u: f32,
}

/// Compares an input identity with base person `p`.
pub fn compare(input: &Identity, base: &BaseIndex, p: usize) -> Comparison {
    Comparison {
        name: compare_names(&input.name, &base.norm_name(p)),
        dob: compare_dobs(input.dob(), base.dob(p)),
        sex: compare_sex(input.sex, base.sex(p)),
        fields: fields::compare_fields(base.field_methods(), &input.fields, &base.fields(p)),
        name_u: name_frequency(base, p),
    }
}

/// The probability that a random person's name agrees with person `p`'s:
/// the product of its tokens' shares in the base (independence assumed,
/// domain.md §2.5), never below one in the base's size.
pub fn name_frequency(base: &BaseIndex, p: usize) -> f32 {
    let n = base.len().max(1) as f64;
    let share: f64 = base.name_tokens(p).iter().map(|&t| f64::from(base.vocab().count(t)) / n).product();
    share.clamp(1.0 / n, 1.0) as f32
}

/// Compares two normalised names.
pub fn compare_names(a: &NormName, b: &NormName) -> NameLevel {
    let level = compare_forms(a, b);
    if level <= NameLevel::NoDiacritics {
        return level;
    }
    // A value repaired as legacy-encoded text might have been a misspelling
    // after all, and a well-formed value might be legacy text: the other
    // reading counts when it compares better.
    let mut best = level;
    if let Some(original) = &a.unrepaired {
        best = best.min(compare_forms(original, b));
    }
    if let Some(raw) = &a.maybe_legacy {
        for (reading, _) in crate::normalize::legacy::readings(raw) {
            best = best.min(compare_forms(&crate::normalize::normalize_name(&reading), b));
        }
    }
    best
}

fn compare_forms(a: &NormName, b: &NormName) -> NameLevel {
    if a.is_empty() || b.is_empty() {
        return NameLevel::Missing;
    }
    if a.canonical == b.canonical {
        return NameLevel::Exact;
    }
    if unify_y(&a.canonical) == unify_y(&b.canonical) {
        return NameLevel::SpellingVariant;
    }
    if a.folded == b.folded {
        return if a.has_diacritics && b.has_diacritics {
            NameLevel::Diacritics
        } else {
            NameLevel::NoDiacritics
        };
    }
    let ta: Vec<&str> = a.folded.split(' ').collect();
    let tb: Vec<&str> = b.folded.split(' ').collect();
    let (mut sa, mut sb) = (ta.clone(), tb.clone());
    sa.sort_unstable();
    sb.sort_unstable();
    if sa == sb {
        return NameLevel::Order;
    }
    if ta.len() >= 2 && tb.len() >= 2 && ta[0] == tb[0] && ta.last() == tb.last() {
        return NameLevel::MiddleName;
    }
    let distance = strsim::levenshtein(&a.folded, &b.folded);
    let longest = a.folded.len().max(b.folded.len());
    let close = distance == 1 && longest >= 5 || distance == 2 && longest >= 8;
    if close || strsim::jaro_winkler(&a.folded, &b.folded) >= 0.94 {
        return NameLevel::Typo;
    }
    NameLevel::Different
}

/// Maps a toned `y` that is a syllable's only vowel after a consonant to
/// `i` (Lý→Lí, Kỳ→Kì, Mỹ→Mĩ, Quý→Quí). Untoned `y` is left alone: Vy/Vi,
/// My/Mi, Thy/Thi are registered as different given names (domain.md §4).
fn unify_y(canonical: &str) -> String {
    canonical
        .split(' ')
        .map(|syl| {
            let chars: Vec<char> = syl.chars().collect();
            let Some((&last, init)) = chars.split_last() else {
                return syl.to_string();
            };
            let base = text::fold_char(last);
            let consonant_before =
                init.last().is_some_and(|c| !"AĂÂEÊIOÔƠUƯY".contains(*c) || init.ends_with(&['Q', 'U']));
            if base == 'Y' && last != 'Y' && consonant_before {
                let i = match last {
                    'Ý' => 'Í',
                    'Ỳ' => 'Ì',
                    'Ỷ' => 'Ỉ',
                    'Ỹ' => 'Ĩ',
                    'Ỵ' => 'Ị',
                    other => other,
                };
                init.iter().chain(std::iter::once(&i)).collect()
            } else {
                syl.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Compares two dates of birth.
pub fn compare_dobs(a: Option<Dob>, b: Option<Dob>) -> DobLevel {
    let (Some(a), Some(b)) = (a, b) else {
        return DobLevel::Missing;
    };
    if a == b && a.precision() == Precision::Day {
        return DobLevel::Exact;
    }
    if a.year() == b.year() {
        let coarse = a.precision().min(b.precision());
        let agree = match coarse {
            Precision::Year => true,
            Precision::Month => a.month() == b.month(),
            Precision::Day => false,
        };
        if agree {
            return DobLevel::YearOnly;
        }
        if coarse == Precision::Day && a.day() == b.month() && a.month() == b.day() {
            return DobLevel::Swapped;
        }
    }
    DobLevel::Different
}

/// Compares two sexes.
pub fn compare_sex(a: Option<Sex>, b: Option<Sex>) -> SexLevel {
    match (a, b) {
        (Some(a), Some(b)) if a == b => SexLevel::Same,
        (Some(_), Some(_)) => SexLevel::Different,
        _ => SexLevel::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_name;

    fn names(a: &str, b: &str) -> NameLevel {
        compare_names(&normalize_name(a), &normalize_name(b))
    }

    #[test]
    fn name_levels() {
        assert_eq!(names("Nguyễn Văn Hoà", "NGUYỄN VĂN HÒA"), NameLevel::Exact);
        assert_eq!(names("Lý Thị Mỹ", "Lí Thị Mĩ"), NameLevel::SpellingVariant);
        assert_eq!(names("Nguyễn Văn Hoà", "NGUYEN VAN HOA"), NameLevel::NoDiacritics);
        assert_eq!(names("Dương Văn An", "Đường Văn An"), NameLevel::Diacritics);
        assert_eq!(names("Hùng Nguyễn Văn", "Nguyễn Văn Hùng"), NameLevel::Order);
        assert_eq!(names("Nguyễn Lan", "Nguyễn Thị Lan"), NameLevel::MiddleName);
        assert_eq!(names("Nguyễn Văn Hưng", "Nguyễn Văn Hừng"), NameLevel::Diacritics);
        assert_eq!(names("Nguyen Van Hungg", "Nguyen Van Hung"), NameLevel::Typo);
        assert_eq!(names("Trần Thị Mai", "Phạm Quốc Bảo"), NameLevel::Different);
        assert_eq!(names("", "Phạm Quốc Bảo"), NameLevel::Missing);
    }

    #[test]
    fn well_formed_legacy_text_is_compared_in_its_legacy_reading_too() {
        // VNI "Hoà" is "Hồ"; as Unicode it is the name Hoà.
        assert_eq!(names("Hoà Thanh Giang", "Hồ Thanh Giang"), NameLevel::Exact);
        assert_eq!(names("Hoà Thanh Giang", "Hòa Thanh Giang"), NameLevel::Exact);
    }

    #[test]
    fn untoned_y_and_i_stay_different_and_uy_is_not_ui() {
        assert_ne!(names("Trần Thị Vy", "Trần Thị Vi"), NameLevel::SpellingVariant);
        assert_ne!(names("Lê Văn Huy", "Lê Văn Hui"), NameLevel::SpellingVariant);
        assert_eq!(names("Lê Quý Đôn", "Lê Quí Đôn"), NameLevel::SpellingVariant);
    }

    #[test]
    fn dob_levels() {
        let d = |y, m, day| Some(Dob::new(y, m, day));
        assert_eq!(compare_dobs(d(1990, 3, 5), d(1990, 3, 5)), DobLevel::Exact);
        assert_eq!(compare_dobs(d(1990, 0, 0), d(1990, 3, 5)), DobLevel::YearOnly);
        assert_eq!(compare_dobs(d(1990, 3, 0), d(1990, 4, 5)), DobLevel::Different);
        assert_eq!(compare_dobs(d(1990, 3, 5), d(1990, 5, 3)), DobLevel::Swapped);
        assert_eq!(compare_dobs(d(1990, 3, 5), d(1991, 3, 5)), DobLevel::Different);
        assert_eq!(compare_dobs(None, d(1991, 3, 5)), DobLevel::Missing);
    }

    #[test]
    fn sex_levels() {
        assert_eq!(compare_sex(Some(Sex::Male), Some(Sex::Male)), SexLevel::Same);
        assert_eq!(compare_sex(Some(Sex::Male), Some(Sex::Female)), SexLevel::Different);
        assert_eq!(compare_sex(None, Some(Sex::Female)), SexLevel::Unknown);
    }
}
