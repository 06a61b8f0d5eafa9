//! Legacy Vietnamese encodings (domain.md §3.3–3.4): byte tables for whole
//! files (TCVN3, VNI, Windows-1258, Windows-1252), and per-value repair of
//! text that was read with the wrong code page and saved as UTF-8:
//!
//! * TCVN3 read as cp1252: `NguyÔn V¨n H¶i`, `Hµ Néi`;
//! * VNI read as cp1252: `Nguyeãn Vaên Ñöùc`;
//! * UTF-8 read as cp1252: `Nguyá»…n VÄƒn`.
//!
//! A value is only converted when it is not already plausible Vietnamese
//! and the conversion is: real Unicode text is never touched.

use unicode_normalization::UnicodeNormalization;

use super::syllable::is_syllable;

/// TCVN3 (ABC) bytes of the 67 lower-case letters (Unikey tables, checked
/// against glibc TCVN5712-1 and npm vietnamese-conversion).
const TCVN3_LOWER: [(u8, char); 67] = [
    (0xB8, 'á'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB9, 'ạ'),
    (0xA8, 'ă'),
    (0xBE, 'ắ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xC6, 'ặ'),
    (0xA9, 'â'),
    (0xCA, 'ấ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCB, 'ậ'),
    (0xAE, 'đ'),
    (0xD0, 'é'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD1, 'ẹ'),
    (0xAA, 'ê'),
    (0xD5, 'ế'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD6, 'ệ'),
    (0xDD, 'í'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDE, 'ị'),
    (0xE3, 'ó'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE4, 'ọ'),
    (0xAB, 'ô'),
    (0xE8, 'ố'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE9, 'ộ'),
    (0xAC, 'ơ'),
    (0xED, 'ớ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xEE, 'ợ'),
    (0xF3, 'ú'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF4, 'ụ'),
    (0xAD, 'ư'),
    (0xF8, 'ứ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF9, 'ự'),
    (0xFD, 'ý'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFE, 'ỵ'),
];

/// TCVN3's only upper-case letters with marks (toned capitals have no code).
const TCVN3_UPPER: [(u8, char); 7] =
    [(0xA1, 'Ă'), (0xA2, 'Â'), (0xA3, 'Ê'), (0xA4, 'Ô'), (0xA5, 'Ơ'), (0xA6, 'Ư'), (0xA7, 'Đ')];

/// Windows-1252 0x80–0x9F (0 = undefined: the byte is kept as its C1 code point).
const CP1252_HIGH: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,
    0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
    0x0153, 0, 0x017E, 0x0178,
];

/// A byte read as Windows-1252.
pub fn cp1252_char(b: u8) -> char {
    match b {
        0x80..=0x9F => {
            let u = CP1252_HIGH[usize::from(b - 0x80)];
            char::from_u32(if u == 0 { u32::from(b) } else { u32::from(u) }).unwrap_or('\u{FFFD}')
        }
        _ => char::from(b),
    }
}

/// A byte read as Windows-1258: cp1252 with Vietnamese letters and
/// combining tone marks in place of some Latin-1 letters. Decoded text is
/// not NFC (`ê` + U+0303): normalise after decoding.
pub fn cp1258_char(b: u8) -> char {
    match b {
        0x8A | 0x8E | 0x9A | 0x9E => char::from(b),
        0xC3 => 'Ă',
        0xCC => '\u{300}',
        0xD0 => 'Đ',
        0xD2 => '\u{309}',
        0xD5 => 'Ơ',
        0xDD => 'Ư',
        0xDE => '\u{303}',
        0xE3 => 'ă',
        0xEC => '\u{301}',
        0xF0 => 'đ',
        0xF2 => '\u{323}',
        0xF5 => 'ơ',
        0xFD => 'ư',
        0xFE => '₫',
        _ => cp1252_char(b),
    }
}

/// A TCVN3 byte; bytes without a letter read as cp1252.
pub fn tcvn3_char(b: u8) -> char {
    if b < 0x80 {
        return char::from(b);
    }
    TCVN3_LOWER
        .iter()
        .chain(TCVN3_UPPER.iter())
        .find(|(code, _)| *code == b)
        .map_or_else(|| cp1252_char(b), |&(_, c)| c)
}

/// Converts TCVN3 text that was read as cp1252 (or Latin-1) back to Unicode.
pub fn from_tcvn3_mojibake(s: &str) -> String {
    s.chars()
        .map(|c| match u32::from(c) {
            0xA0..=0xFF => tcvn3_char(c as u8),
            _ => c,
        })
        .collect()
}

/// Converts VNI-Windows text that was read as cp1252 back to Unicode (NFC).
/// VNI writes most marked vowels as the base letter plus one mark byte.
pub fn from_vni_mojibake(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev_vowel = false;
    for c in s.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let upper = c.is_uppercase();
        let case = |l: char| if upper { l.to_uppercase().next().unwrap_or(l) } else { l };
        if let Some(letter) = vni_letter(lower) {
            out.push(case(letter));
            prev_vowel = letter != 'đ';
            continue;
        }
        if prev_vowel {
            if let Some(marks) = vni_marks(lower) {
                out.push_str(marks);
                continue;
            }
        }
        prev_vowel = matches!(lower, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        out.push(c);
    }
    out.nfc().collect()
}

/// VNI single-byte letters (lower case as cp1252 shows them).
fn vni_letter(c: char) -> Option<char> {
    Some(match c {
        'ñ' => 'đ',
        'ô' => 'ơ',
        'ö' => 'ư',
        'í' => 'í',
        'ì' => 'ì',
        'æ' => 'ỉ',
        'ó' => 'ĩ',
        'ò' => 'ị',
        'î' => 'ỵ',
        _ => return None,
    })
}

/// VNI mark bytes (lower case as cp1252 shows them) as combining marks.
fn vni_marks(c: char) -> Option<&'static str> {
    Some(match c {
        'ù' => "\u{301}",
        'ø' => "\u{300}",
        'û' => "\u{309}",
        'õ' => "\u{303}",
        'ï' => "\u{323}",
        'â' => "\u{302}",
        'ê' => "\u{306}",
        'á' => "\u{302}\u{301}",
        'à' => "\u{302}\u{300}",
        'å' => "\u{302}\u{309}",
        'ã' => "\u{302}\u{303}",
        'ä' => "\u{302}\u{323}",
        'é' => "\u{306}\u{301}",
        'è' => "\u{306}\u{300}",
        'ú' => "\u{306}\u{309}",
        'ü' => "\u{306}\u{303}",
        'ë' => "\u{306}\u{323}",
        _ => return None,
    })
}

/// Converts UTF-8 text that was read as cp1252 (`Nguyá»…n`) back, when
/// every character maps to a cp1252 byte and the bytes are valid UTF-8.
pub fn from_utf8_mojibake(s: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(s.len());
    for c in s.chars() {
        let b = match u32::from(c) {
            0..=0x7F | 0xA0..=0xFF => c as u8,
            _ => (0x80..=0x9Fu8).find(|&b| cp1252_char(b) == c)?,
        };
        bytes.push(b);
    }
    String::from_utf8(bytes).ok().filter(|t| t != s)
}

/// Which legacy encoding a value was repaired from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    /// TCVN3 (ABC) read as cp1252.
    Tcvn3,
    /// VNI-Windows read as cp1252.
    Vni,
    /// UTF-8 read as cp1252.
    Utf8AsCp1252,
}

/// True when every word of `s` is a Vietnamese syllable (digits and
/// punctuation are neutral — a stray `*`, `/` or a U+FFFD from a damaged
/// byte as much as a dot; a value needs one syllable).
fn plausible(s: &str) -> bool {
    // What a legacy byte read as cp1252 leaves: § ¨ ¶ « ... (symbols of the
    // 0x80–0xFF range) never stand in a Vietnamese name.
    let telltale =
        |c: char| (0x80..=0xFF).contains(&u32::from(c)) && !c.is_alphabetic() || is_cp1252_special(c);
    if s.chars().any(telltale) {
        return false;
    }
    let mut any = false;
    for w in s.split(|c: char| !c.is_alphabetic() && !is_mark(c)).filter(|w| !w.is_empty()) {
        if !is_syllable(w) {
            return false;
        }
        any = true;
    }
    any
}

fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// Repairs a value that is legacy-encoded text read with the wrong code
/// page; `None` when it is fine as it is (or cannot be repaired).
pub fn repair(s: &str) -> Option<(String, Legacy)> {
    if !could_be_mojibake(s) {
        return None;
    }
    repair_suspect(s)
}

/// [`repair`] for a value already known to [`could_be_mojibake`].
pub fn repair_suspect(s: &str) -> Option<(String, Legacy)> {
    if plausible(&super::text::nfc_clean(s)) {
        return None;
    }
    readings(s).next()
}

/// True when `s` has only characters a cp1252 reading of legacy bytes can
/// give, and some of them: a letter of the Vietnamese block (ạ ơ ư đ ...)
/// means the text is real Unicode.
pub fn could_be_mojibake(s: &str) -> bool {
    let real = |c: char| matches!(u32::from(c), 0x100..=0x1B0 | 0x1EA0..=0x1EF9) && !is_cp1252_special(c);
    !s.is_ascii()
        && !s.chars().any(real)
        && s.chars().any(|c| matches!(u32::from(c), 0x80..=0xFF) || is_cp1252_special(c))
}

/// The well-formed Vietnamese readings of `s` as legacy text (UTF-8, VNI,
/// TCVN3 read as cp1252), most likely first. A value that is itself
/// well-formed may still have one (VNI `Hoà` is `Hồ`): comparison tries them.
pub fn readings(s: &str) -> impl Iterator<Item = (String, Legacy)> + '_ {
    let candidates = [
        from_utf8_mojibake(s).map(|t| (t, Legacy::Utf8AsCp1252)),
        Some((from_vni_mojibake(s), Legacy::Vni)),
        Some((from_tcvn3_mojibake(s).nfc().collect(), Legacy::Tcvn3)),
    ];
    candidates.into_iter().flatten().filter(move |(t, _)| t != s && plausible(t))
}

/// A character that cp1252 gives for a byte in 0x80–0x9F (€, ‚, ƒ, Œ ...).
fn is_cp1252_special(c: char) -> bool {
    let u = u32::from(c);
    u > 0xFF && CP1252_HIGH.iter().any(|&x| u32::from(x) == u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_examples_from_domain_md() {
        for (seen, real) in [
            ("NguyÔn V¨n §øc", "Nguyễn Văn Đức"),
            ("TrÇn ThÞ Thñy", "Trần Thị Thủy"),
            ("Ph¹m ThÞ H\u{ad}¬ng", "Phạm Thị Hương"),
            ("Lª Hoµng Long", "Lê Hoàng Long"),
            ("Hµ Néi", "Hà Nội"),
            ("NguyÔn V¨n H¶i", "Nguyễn Văn Hải"),
            ("§Æng Thanh Huy", "Đặng Thanh Huy"),
            // A stray character the name's words drop does not stop the repair.
            ("NguyÔn V¨n H¶i*", "Nguyễn Văn Hải*"),
            ("NguyÔn V¨n H¶i/2", "Nguyễn Văn Hải/2"),
            ("NguyÔn V¨n H¶i\u{fffd}", "Nguyễn Văn Hải\u{fffd}"),
        ] {
            let got = repair(seen);
            assert_eq!(got, Some((real.to_string(), Legacy::Tcvn3)), "{seen}");
        }
    }

    #[test]
    fn vni_examples_from_domain_md() {
        for (seen, real) in [
            ("Nguyeãn Vaên Ñöùc", "Nguyễn Văn Đức"),
            ("Traàn Thò Thuûy", "Trần Thị Thủy"),
            ("Phaïm Thò Höông", "Phạm Thị Hương"),
            ("Haø Noäi", "Hà Nội"),
        ] {
            assert_eq!(repair(seen), Some((real.to_string(), Legacy::Vni)), "{seen}");
        }
    }

    #[test]
    fn utf8_read_as_cp1252() {
        assert_eq!(repair("Tráº§n Thá»‹ Thá»§y"), Some(("Trần Thị Thủy".to_string(), Legacy::Utf8AsCp1252)));
    }

    #[test]
    fn real_text_is_never_touched() {
        for s in [
            "Nguyễn Văn Hoà",
            "Lê Thị Hà",
            "Hoà",
            "Hà Nội",
            "NGUYEN VAN A",
            "José García",
            "Trần Thị Thủy",
            "Ô",
        ] {
            assert_eq!(repair(s), None, "{s}");
        }
    }

    #[test]
    fn whole_file_tables() {
        assert_eq!(tcvn3_char(0xB8), 'á');
        assert_eq!(tcvn3_char(0xA7), 'Đ');
        assert_eq!(tcvn3_char(b'a'), 'a');
        assert_eq!(cp1258_char(0xD0), 'Đ');
        assert_eq!(cp1252_char(0xD0), 'Ð');
        assert_eq!(cp1252_char(0x80), '€');
        let cp1258: String =
            [b'N', b'g', b'u', b'y', 0xEA, 0xDE, b'n'].iter().map(|&b| cp1258_char(b)).collect();
        assert_eq!(cp1258.nfc().collect::<String>(), "Nguyễn");
    }
}
