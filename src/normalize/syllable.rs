//! Is a token a well-formed Vietnamese syllable? Used to tell real Unicode
//! text from legacy-encoded text read with the wrong code page (where
//! `Nguyễn` shows as `NguyÔn` or `Nguyeãn`): only text that is not already
//! plausible Vietnamese is ever converted.
//!
//! A syllable is: an initial consonant (possibly none), a vowel group from
//! the closed list of Vietnamese rhymes' vowels, an optional final consonant,
//! and at most one tone mark.

use unicode_normalization::UnicodeNormalization;

use super::letters;

const INITIALS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p",
    "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];

const FINALS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Vowel groups (without tone) that occur in Vietnamese rhymes, including
/// the ones that end in a semivowel (`ai`, `ao`, `ươu` ...).
const VOWEL_GROUPS: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo",
    "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy",
    "ưa", "ưi", "ươ", "ưu", "yê", "iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu",
    "ươi", "ươu", "yêu", "uơi",
];

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y')
}

/// True when `token` (any case, any normal form) is a well-formed syllable.
pub fn is_syllable(token: &str) -> bool {
    let mut chars = Vec::with_capacity(8);
    let mut tones = 0;
    for c in token.chars() {
        if c.is_ascii_alphabetic() {
            chars.push(c.to_ascii_lowercase());
        } else if let Some(l) = letters::decompose(c) {
            chars.push(l.bare());
            tones += usize::from(l.tone != 0);
        } else if !c.is_ascii() {
            // Combining marks or other letters: decompose the long way.
            return is_syllable_nfc(&token.nfc().collect::<String>());
        } else {
            return false;
        }
    }
    tones <= 1 && well_formed(&chars)
}

/// [`is_syllable`] for text with characters outside the Vietnamese tables.
fn is_syllable_nfc(token: &str) -> bool {
    let mut chars = Vec::with_capacity(8);
    let mut tones = 0;
    for c in token.chars() {
        match letters::decompose(c) {
            Some(l) => {
                chars.push(l.bare());
                tones += usize::from(l.tone != 0);
            }
            None if c.is_ascii_alphabetic() => chars.push(c.to_ascii_lowercase()),
            None => return false,
        }
    }
    tones <= 1 && well_formed(&chars)
}

/// Initial consonant, vowel group and final consonant of bare lower-case letters.
fn well_formed(chars: &[char]) -> bool {
    let Some(mut v) = chars.iter().position(|&c| is_vowel(c)) else {
        return false;
    };
    // `qu` and `gi` before another vowel belong to the initial.
    let next_is_vowel = chars.get(v + 1).is_some_and(|&c| is_vowel(c));
    if v > 0 && next_is_vowel && matches!((chars[v - 1], chars[v]), ('q', 'u') | ('g', 'i')) {
        v += 1;
    }
    let initial: String = chars[..v].iter().collect();
    if !INITIALS.contains(&initial.as_str()) {
        return false;
    }
    let end = v + chars[v..].iter().take_while(|&&c| is_vowel(c)).count();
    let group: String = chars[v..end].iter().collect();
    let last: String = chars[end..].iter().collect();
    // After a lone i or ê the velar finals are written -nh and -ch (inh, ich, ênh, êch).
    let velar_after_front = matches!(group.as_str(), "i" | "ê") && matches!(last.as_str(), "ng" | "c");
    // A group that ends in a semivowel (ai, ao, âu, ây, ươi ...) takes no final consonant.
    let ends_in_glide = group.chars().count() > 1
        && (group.ends_with(['i', 'o', 'u']) || matches!(group.as_str(), "ay" | "ây" | "oay" | "uây"));
    // â and ă never end a syllable (ân, ăn, âu, ây ...); after qu no o or u follows.
    let bare_short = matches!(group.as_str(), "â" | "ă") && last.is_empty();
    let qu_round = initial == "qu" && group.starts_with(['o', 'u', 'ư']);
    FINALS.contains(&last.as_str())
        && VOWEL_GROUPS.contains(&group.as_str())
        && !bare_short
        && !qu_round
        && !velar_after_front
        && (!ends_in_glide || last.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_syllables() {
        for s in [
            "Nguyễn",
            "Văn",
            "Hoà",
            "hòa",
            "Thủy",
            "Thuỷ",
            "Đức",
            "Hương",
            "Trường",
            "người",
            "khuya",
            "quý",
            "giá",
            "gì",
            "Ngọc",
            "NGHIÊM",
            "Huỳnh",
            "Khuê",
            "oanh",
            "ươu",
            "Yến",
            "A",
            "Hà",
            "Lê",
            "khoẻ",
        ] {
            assert!(is_syllable(s), "{s}");
        }
    }

    #[test]
    fn mojibake_and_foreign_tokens_are_not_syllables() {
        for s in ["NguyÔn", "Nguyeãn", "Vaên", "V¨n", "Hµ", "Ñöùc", "José", "Smith", "hoàá", "xyz", ""]
        {
            assert!(!is_syllable(s), "{s}");
        }
    }
}
