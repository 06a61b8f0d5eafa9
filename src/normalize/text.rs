//! Character-level text rules shared by every normaliser: Unicode NFC,
//! look-alike letters, ASCII folding and the Vietnamese tone-mark position.
//!
//! Facts (domain.md §3.1–3.2): NFC does not unify tone placement (`hoà` vs
//! `hòa`), `Đ` has no decomposition (folding needs an explicit `Đ→D`), and
//! `Ð` (U+00D0, Eth) is routinely typed or decoded in place of `Đ`.

use unicode_normalization::char::decompose_canonical;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::letters;

/// Combining tone marks of Vietnamese: grave, acute, tilde, hook above, dot below.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// `s` without its C0 control characters (a NUL, an ESC from a terminal
/// export), whitespace excepted: they are no part of any text, so they
/// neither split a word nor keep a legacy-encoded value from being read.
/// C1 controls stay: mis-decoded legacy text is made of them.
pub fn without_controls(s: &str) -> std::borrow::Cow<'_, str> {
    let stray = |c: char| (c < ' ' || c == '\u{7f}') && !c.is_whitespace();
    // C0 controls are single bytes in UTF-8: a byte scan finds them.
    if s.bytes().any(|b| stray(char::from(b))) {
        s.chars().filter(|&c| !stray(c)).collect::<String>().into()
    } else {
        s.into()
    }
}

/// `s` without C0 controls (whitespace excepted, as [`without_controls`])
/// nor the invisible format characters a copy or a concatenated file
/// leaves in a value: a byte-order mark, zero-width spaces and joiners, a
/// word joiner. For values that are codes (IDs, row keys), not text.
pub fn without_invisibles(s: &str) -> std::borrow::Cow<'_, str> {
    let invisible = |c: char| matches!(c, '\u{feff}' | '\u{200b}'..='\u{200d}' | '\u{2060}');
    match without_controls(s) {
        std::borrow::Cow::Borrowed(b) if !b.chars().any(invisible) => b.into(),
        clean => clean.chars().filter(|&c| !invisible(c)).collect::<String>().into(),
    }
}

/// NFC with the Vietnamese look-alikes mapped: Eth `Ð/ð` and African `Ɖ/ɖ`
/// become `Đ/đ`. Odd spaces become a plain space.
pub fn nfc_clean(s: &str) -> String {
    if let std::borrow::Cow::Owned(clean) = without_controls(s) {
        return nfc_clean(&clean);
    }
    let map = |c| match c {
        'Ð' | 'Ɖ' => 'Đ',
        'ð' | 'ɖ' => 'đ',
        c if c.is_whitespace() => ' ',
        c => c,
    };
    // Vietnamese text is nearly always precomposed letters or letters with
    // combining marks (NFD, "Unicode tổ hợp"); both are composed by table.
    if let Some(composed) = compose_vietnamese(s, map) {
        return composed;
    }
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s.chars().map(map).collect()
    } else {
        s.nfc().map(map).collect()
    }
}

/// Composes text made only of ASCII, Latin-1, precomposed Vietnamese
/// letters and the Vietnamese combining marks (NFD, or Unikey's "Unicode tổ
/// hợp"); `None` for anything else, which then takes the full Unicode path.
fn compose_vietnamese(s: &str, map: impl Fn(char) -> char) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut last: Option<letters::Letter> = None;
    for c in s.chars() {
        let tone = letters::TONE_MARKS.iter().skip(1).position(|&m| m == c).map(|t| t as u8 + 1);
        if tone.is_some() || matches!(c, '\u{302}' | '\u{306}' | '\u{31B}') {
            let mut l = last?;
            match tone {
                Some(_) if l.tone != 0 => return None,
                Some(t) => l.tone = t,
                None => {
                    l.vowel = match (l.bare(), c) {
                        ('a', '\u{302}') => 2,
                        ('a', '\u{306}') => 1,
                        ('e', '\u{302}') => 4,
                        ('o', '\u{302}') => 7,
                        ('o', '\u{31B}') => 8,
                        ('u', '\u{31B}') => 10,
                        _ => return None,
                    }
                }
            }
            out.pop();
            out.push(letters::compose(l.vowel, l.tone, l.upper));
            last = Some(l);
            continue;
        }
        last = if c.is_ascii() {
            letters::vowel_index(c.to_ascii_lowercase()).map(|vowel| letters::Letter {
                vowel,
                tone: 0,
                upper: c.is_ascii_uppercase(),
            })
        } else if let Some(l) = letters::decompose(c) {
            Some(l).filter(|l| l.vowel < 12)
        } else if matches!(u32::from(c), 0xA0..=0xFF) || c == 'Ɖ' || c == 'ɖ' || c.is_whitespace() {
            None
        } else {
            return None;
        };
        out.push(map(c));
    }
    Some(out)
}

/// The base letter of `c` without any diacritic; `Đ/đ` fold to `D/d`.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    if let Some(l) = letters::decompose(c) {
        return l.ascii();
    }
    match c {
        'Ð' | 'Ɖ' => return 'D',
        'ð' | 'ɖ' => return 'd',
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

/// Appends the canonical (upper-case, tone placed) form of one NFC token to
/// `out`: the fast path of [`place_tone`], by table lookups. Returns false,
/// appending nothing, for a token with a letter outside the Vietnamese set.
pub fn canonical_token(token: &str, out: &mut String) -> bool {
    let mut bare = [' '; 24];
    let mut vowel = [u8::MAX; 24];
    let mut n = 0;
    let mut tone = 0u8;
    for c in token.chars() {
        if n == bare.len() {
            return false;
        }
        if c.is_ascii() {
            bare[n] = c.to_ascii_lowercase();
            vowel[n] = letters::vowel_index(bare[n]).unwrap_or(u8::MAX);
        } else {
            let Some(l) = letters::decompose(c) else { return false };
            bare[n] = l.bare();
            vowel[n] = l.vowel;
            if tone == 0 {
                tone = l.tone;
            }
        }
        n += 1;
    }
    let pos = if tone == 0 { None } else { tone_position(&bare[..n]) };
    if tone != 0 && pos.is_none() {
        return false;
    }
    for i in 0..n {
        match vowel[i] {
            u8::MAX => out.push(bare[i].to_ascii_uppercase()),
            v => out.push(letters::compose(v, if Some(i) == pos { tone } else { 0 }, true)),
        }
    }
    true
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
    fn control_characters_are_dropped_but_c1_kept() {
        assert_eq!(nfc_clean("Qu\u{0}ang"), "Quang");
        assert_eq!(nfc_clean("\u{16}An\u{7f}"), "An");
        assert_eq!(nfc_clean("An\tBình"), "An Bình");
        assert_eq!(nfc_clean("\u{90}"), "\u{90}");
        // Fuzzing finding normalize_fields-1: a control character kept a
        // legacy reading from being taken once, not the second time.
        let once = crate::normalize::normalize_name("\u{16}Ï");
        assert_eq!(crate::normalize::normalize_name(&once.canonical).canonical, once.canonical);
    }

    #[test]
    fn table_composition_agrees_with_unicode_nfc() {
        for s in [
            "Nguyễn Thị Thuỷ",
            "ĐẶNG VĂN ĐƯỢC",
            "Hoàng Phủ Ngọc Tường",
            "ƯỚC",
            "Ngọc",
            "José García",
            "a\u{301}\u{301}",
        ] {
            let nfd: String = s.nfd().collect();
            let want: String = s.nfc().collect();
            assert_eq!(nfc_clean(&nfd), want, "{s}");
            assert_eq!(nfc_clean(s), want, "{s}");
        }
        // Marks in non-canonical order (dot below after circumflex) compose too.
        assert_eq!(nfc_clean("e\u{302}\u{323}"), "ệ");
        // Unikey's "Unicode tổ hợp": precomposed â/ê/ô/ơ/ư/ă plus a combining tone.
        assert_eq!(nfc_clean("Nguy\u{ea}\u{303}n"), "Nguyễn");
    }

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
    fn the_fast_path_agrees_with_the_general_one() {
        for s in
            ["hoà", "Thuỷ", "NGUYỄN", "hùynh", "qúy", "gía", "Đặng", "khoái", "van", "H'Hen", "Ngọc", "Y-Bih"]
        {
            let mut fast = String::new();
            assert!(canonical_token(s, &mut fast), "{s}");
            let slow: String = place_tone(&s.to_lowercase()).chars().flat_map(char::to_uppercase).collect();
            assert_eq!(fast, slow, "{s}");
        }
        assert!(!canonical_token("josé", &mut String::new()), "two vowel groups and a tone: general path");
        assert!(!canonical_token("straße", &mut String::new()));
    }

    #[test]
    fn tokens_that_are_not_one_syllable_are_untouched() {
        assert_eq!(place_tone("josé"), "josé");
        assert_eq!(place_tone("van"), "van");
    }
}
