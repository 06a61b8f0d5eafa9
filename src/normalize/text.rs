//! Character-level text rules shared by every normaliser: Unicode NFC,
//! look-alike letters, ASCII folding and the Vietnamese tone-mark position.
//!
//! Facts (domain.md §3.1–3.2): NFC does not unify tone placement (`hoà` vs
//! `hòa`), `Đ` has no decomposition (folding needs an explicit `Đ→D`), and
//! `Ð` (U+00D0, Eth) is routinely typed or decoded in place of `Đ`.

use unicode_normalization::char::decompose_canonical;
use unicode_normalization::UnicodeNormalization;

/// Combining tone marks of Vietnamese: grave, acute, tilde, hook above, dot below.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// NFC with the Vietnamese look-alikes mapped: Eth `Ð/ð` and African `Ɖ/ɖ`
/// become `Đ/đ`. Odd spaces become a plain space.
pub fn nfc_clean(s: &str) -> String {
    s.nfc()
        .map(|c| match c {
            'Ð' | 'Ɖ' => 'Đ',
            'ð' | 'ɖ' => 'đ',
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect()
}

/// The base letter of `c` without any diacritic; `Đ/đ` fold to `D/d`.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    match c {
        'Đ' | 'Ð' | 'Ɖ' => return 'D',
        'đ' | 'ð' | 'ɖ' => return 'd',
        _ => {}
    }
    let mut base = c;
    let mut first = true;
    decompose_canonical(c, |d| {
        if first {
            base = d;
            first = false;
        }
    });
    base
}

/// True when `s` has at least one letter carrying a diacritic (including `Đ`).
pub fn has_diacritics(s: &str) -> bool {
    s.chars().any(|c| !c.is_ascii() && c.is_alphabetic() && fold_char(c) != c)
}

/// Upper-case ASCII folding of an already NFC-clean string.
pub fn fold(s: &str) -> String {
    s.chars().map(|c| fold_char(c).to_ascii_uppercase()).collect()
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y')
}

/// Puts the tone mark of one lower-case NFC syllable where the traditional
/// ("old") style puts it, so that `hoà`/`hòa`, `thuỷ`/`thủy` and misspellings
/// such as `hùynh`, `qúy`, `gía` all give one form. A token that is not a
/// single Vietnamese syllable (one vowel group) is returned unchanged.
///
/// The rules follow Unikey's `getTonePosition` (domain.md §3.2) with the
/// old style for open `oa`, `oe`, `uy`. Old style is a design choice: it is
/// Unikey's default and what `vi-fix` uses; the canonical form is used for
/// comparison only, never shown in place of the original.
pub fn place_tone(syllable: &str) -> String {
    let mut tone = None;
    let mut bare = String::with_capacity(syllable.len());
    for c in syllable.nfd() {
        if TONES.contains(&c) {
            tone.get_or_insert(c);
        } else {
            bare.push(c);
        }
    }
    let Some(tone) = tone else {
        return syllable.to_string();
    };
    let letters: Vec<char> = bare.nfc().collect();
    let Some(pos) = tone_position(&letters) else {
        return syllable.to_string();
    };
    // Tone after its vowel, then NFC: composition needs canonical order
    // (ặ is ạ + breve, not ă + dot below), which NFC restores.
    let mut out = String::with_capacity(syllable.len() + 2);
    for (i, &c) in letters.iter().enumerate() {
        out.push(c);
        if i == pos {
            out.push(tone);
        }
    }
    out.nfc().collect()
}

/// Index in `letters` (lower case, no tone) of the vowel that takes the tone.
fn tone_position(letters: &[char]) -> Option<usize> {
    let mut start = letters.iter().position(|&c| is_vowel(c))?;
    // `qu` and `gi` followed by another vowel act as consonants.
    if start > 0 {
        let prev = letters[start - 1];
        let next_is_vowel = letters.get(start + 1).is_some_and(|&c| is_vowel(c));
        if (prev == 'q' && letters[start] == 'u' || prev == 'g' && letters[start] == 'i') && next_is_vowel {
            start += 1;
        }
    }
    let end = start + letters[start..].iter().take_while(|&&c| is_vowel(c)).count();
    if letters[end..].iter().any(|&c| is_vowel(c)) {
        return None; // two vowel groups: not one Vietnamese syllable
    }
    let group = &letters[start..end];
    let closed = end < letters.len();
    let at = |i: usize| Some(start + i);
    if group.len() == 1 {
        return at(0);
    }
    if let Some(i) = group.iter().position(|&c| matches!(c, 'â' | 'ê' | 'ô' | 'ă')) {
        return at(i);
    }
    if let Some(i) = group.iter().position(|&c| c == 'ơ') {
        return at(i); // ươ, ươi, ươu and ơ alone: the tone sits on ơ
    }
    if let Some(i) = group.iter().position(|&c| c == 'ư') {
        return at(i);
    }
    if group.len() >= 3 {
        return at(1);
    }
    if closed {
        at(1)
    } else {
        at(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eth_becomes_d_with_stroke() {
        assert_eq!(nfc_clean("Ðức"), "Đức");
        assert_eq!(nfc_clean("ðức"), "đức");
    }

    #[test]
    fn nfd_input_becomes_nfc() {
        let nfd: String = "Nguyễn".nfd().collect();
        assert_ne!(nfd, "Nguyễn");
        assert_eq!(nfc_clean(&nfd), "Nguyễn");
    }

    #[test]
    fn folding_removes_every_mark_and_the_stroke() {
        assert_eq!(fold("Đặng Văn Được"), "DANG VAN DUOC");
        assert_eq!(fold("Nguyễn Thị Thủy"), "NGUYEN THI THUY");
    }

    #[test]
    fn diacritics_detection() {
        assert!(has_diacritics("Đang"));
        assert!(has_diacritics("Hòa"));
        assert!(!has_diacritics("NGUYEN VAN HUNG"));
    }

    #[test]
    fn both_tone_styles_give_one_form() {
        for (old, new) in [
            ("hòa", "hoà"),
            ("thủy", "thuỷ"),
            ("khỏe", "khoẻ"),
            ("thụy", "thuỵ"),
            ("họa", "hoạ"),
            ("túy", "tuý"),
        ] {
            assert_eq!(place_tone(new), old, "{new}");
            assert_eq!(place_tone(old), old, "{old}");
        }
    }

    #[test]
    fn closed_syllables_and_roofed_vowels_keep_their_place() {
        for s in [
            "hoàn",
            "thuyết",
            "huỳnh",
            "tuấn",
            "huế",
            "trường",
            "người",
            "quý",
            "giá",
            "khoái",
            "nguyễn",
            "gìn",
            "cứu",
            "mía",
            "đặng",
            "thuộc",
            "ngọc",
        ] {
            assert_eq!(place_tone(s), s);
        }
    }

    #[test]
    fn misplaced_tones_are_repaired() {
        assert_eq!(place_tone("hùynh"), "huỳnh");
        assert_eq!(place_tone("qúy"), "quý");
        assert_eq!(place_tone("gía"), "giá");
        assert_eq!(place_tone("tòan"), "toàn");
    }

    #[test]
    fn tokens_that_are_not_one_syllable_are_untouched() {
        assert_eq!(place_tone("josé"), "josé");
        assert_eq!(place_tone("van"), "van");
    }
}
