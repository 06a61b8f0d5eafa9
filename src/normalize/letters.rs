//! The 134 Vietnamese letters as table lookups: a precomposed letter ↔
//! (bare vowel with its quality marks, tone). Normalising 100M names cannot
//! afford Unicode decomposition per character; these tables make the common
//! case a couple of array reads (domain.md §3.1: every Vietnamese letter is
//! one precomposed code point in NFC).

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// The bare vowels (lower case), with circumflex, breve and horn as part of the letter.
pub const VOWELS: [char; 12] = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];

/// Combining tone marks, indexed by tone number (0 = no tone).
pub const TONE_MARKS: [char; 6] = ['\0', '\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The ASCII letter each bare vowel folds to.
const FOLDED: [char; 12] = ['a', 'a', 'a', 'e', 'e', 'i', 'o', 'o', 'o', 'u', 'u', 'y'];

/// A decomposed Vietnamese letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Letter {
    /// Index into [`VOWELS`], or 12 for `đ`.
    pub vowel: u8,
    /// Tone number (0–5).
    pub tone: u8,
    /// Upper case.
    pub upper: bool,
}

impl Letter {
    /// The bare lower-case letter (no tone).
    pub fn bare(self) -> char {
        VOWELS.get(usize::from(self.vowel)).copied().unwrap_or('đ')
    }

    /// The ASCII letter it folds to, in its case.
    pub fn ascii(self) -> char {
        let c = FOLDED.get(usize::from(self.vowel)).copied().unwrap_or('d');
        if self.upper {
            c.to_ascii_uppercase()
        } else {
            c
        }
    }
}

struct Tables {
    /// Code points U+00C0..=U+01B0.
    latin: Vec<Option<Letter>>,
    /// Code points U+1EA0..=U+1EF9.
    extended: Vec<Option<Letter>>,
    /// `[vowel][tone]` → (lower, upper).
    composed: [[(char, char); 6]; 12],
}

const LATIN: (u32, u32) = (0xC0, 0x1B0);
const EXTENDED: (u32, u32) = (0x1EA0, 0x1EF9);

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = Tables {
            latin: vec![None; (LATIN.1 - LATIN.0 + 1) as usize],
            extended: vec![None; (EXTENDED.1 - EXTENDED.0 + 1) as usize],
            composed: [[(' ', ' '); 6]; 12],
        };
        let mut put = |c: char, letter: Letter| {
            let u = u32::from(c);
            if (LATIN.0..=LATIN.1).contains(&u) {
                t.latin[(u - LATIN.0) as usize] = Some(letter);
            } else if (EXTENDED.0..=EXTENDED.1).contains(&u) {
                t.extended[(u - EXTENDED.0) as usize] = Some(letter);
            }
        };
        let mut composed = [[(' ', ' '); 6]; 12];
        for (v, &bare) in VOWELS.iter().enumerate() {
            for (tone, &mark) in TONE_MARKS.iter().enumerate() {
                let lower: char = if tone == 0 {
                    bare
                } else {
                    [bare, mark].iter().collect::<String>().nfc().next().unwrap_or(bare)
                };
                let upper = lower.to_uppercase().next().unwrap_or(lower);
                composed[v][tone] = (lower, upper);
                let (v, tone) = (v as u8, tone as u8);
                put(lower, Letter { vowel: v, tone, upper: false });
                put(upper, Letter { vowel: v, tone, upper: true });
            }
        }
        put('đ', Letter { vowel: 12, tone: 0, upper: false });
        put('Đ', Letter { vowel: 12, tone: 0, upper: true });
        t.composed = composed;
        t
    })
}

/// The letter a non-ASCII code point is, if it is a Vietnamese letter with a mark.
pub fn decompose(c: char) -> Option<Letter> {
    let u = u32::from(c);
    let t = tables();
    if (LATIN.0..=LATIN.1).contains(&u) {
        t.latin[(u - LATIN.0) as usize]
    } else if (EXTENDED.0..=EXTENDED.1).contains(&u) {
        t.extended[(u - EXTENDED.0) as usize]
    } else {
        None
    }
}

/// The precomposed letter for a bare vowel index and tone.
pub fn compose(vowel: u8, tone: u8, upper: bool) -> char {
    if vowel == 12 {
        return if upper { 'Đ' } else { 'đ' };
    }
    let (lower, up) = tables().composed[usize::from(vowel)][usize::from(tone)];
    if upper {
        up
    } else {
        lower
    }
}

/// The index in [`VOWELS`] of a bare lower-case vowel.
pub fn vowel_index(c: char) -> Option<u8> {
    Some(match c {
        'a' => 0,
        'e' => 3,
        'i' => 5,
        'o' => 6,
        'u' => 9,
        'y' => 11,
        _ if c.is_ascii() => return None,
        _ => return VOWELS.iter().position(|&v| v == c).map(|i| i as u8),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_134_letters_round_trip() {
        let mut n = 0;
        for v in 0..12u8 {
            for tone in 0..6u8 {
                for upper in [false, true] {
                    let c = compose(v, tone, upper);
                    if c.is_ascii() {
                        continue;
                    }
                    n += 1;
                    assert_eq!(decompose(c), Some(Letter { vowel: v, tone, upper }), "{c}");
                }
            }
        }
        // 12 vowels × 6 tones × 2 cases = 144, less the 10 plain ASCII vowels,
        // plus Đ/đ: the 134 letters of domain.md §3.1.
        assert_eq!(n + 2, 134);
        assert_eq!(decompose('ặ').map(|l| (l.bare(), l.tone)), Some(('ă', 5)));
        assert_eq!(decompose('Ữ').map(|l| (l.bare(), l.ascii())), Some(('ư', 'U')));
        assert_eq!(decompose('Đ').map(|l| l.ascii()), Some('D'));
        assert_eq!(decompose('ß'), None);
    }
}
