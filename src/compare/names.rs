//! Comparing two names: the level of their agreement, from the same
//! canonical form down to different names (see [`NameLevel`]).

use super::NameLevel;
use crate::normalize::{text, NormName};

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
    // y/i keep the length: most pairs are ruled out without building the unified forms.
    if a.folded.len() == b.folded.len() && unify_y(&a.canonical) == unify_y(&b.canonical) {
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
    // One keying error anywhere (the middle name too) is more telling than
    // a middle name that differs.
    let distance = strsim::osa_distance(&a.folded, &b.folded);
    let longest = a.folded.len().max(b.folded.len());
    if distance == 1 && longest >= 5 {
        return NameLevel::Typo;
    }
    let (short, long) = if ta.len() < tb.len() { (&sa, &sb) } else { (&sb, &sa) };
    if ta.len() >= 2 && tb.len() >= 2 && ta[0] == tb[0] && ta.last() == tb.last() {
        return if is_sub_multiset(short, long) { NameLevel::MiddleName } else { NameLevel::MiddleDiffers };
    }
    if short.len() < long.len() && is_sub_multiset(short, long) {
        return NameLevel::Partial;
    }
    if distance == 2 && longest >= 8 || strsim::jaro_winkler(&a.folded, &b.folded) >= 0.94 {
        return NameLevel::Similar;
    }
    NameLevel::Different
}

/// True when every token of `short` is in `long` (both sorted), as many times.
fn is_sub_multiset(short: &[&str], long: &[&str]) -> bool {
    let mut rest = long.iter();
    short.iter().all(|t| rest.by_ref().any(|u| u == t))
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
        assert_eq!(names("Nguyễn Văn Văn Hùng", "Nguyễn Văn Hùng"), NameLevel::MiddleName);
        assert_eq!(names("Nguyễn Mạnh Hùng", "Nguyễn Văn Hùng"), NameLevel::MiddleDiffers);
        assert_eq!(names("Nguyễn Văn Hưng", "Nguyễn Văn Hừng"), NameLevel::Diacritics);
        assert_eq!(names("Nguyen Van Hungg", "Nguyen Van Hung"), NameLevel::Typo);
        assert_eq!(names("Hùng", "Nguyễn Văn Hùng"), NameLevel::Partial);
        assert_eq!(names("Nguyễn Văn", "Nguyễn Văn Hùng"), NameLevel::Partial);
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
}
