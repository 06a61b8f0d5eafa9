//! Placeholder values: what a form or a clerk writes where the value is not
//! known (`Không rõ`, `Chưa có tên`, `KXĐ`, `N/A`, `Unknown`, `Refused`,
//! `Baby Girl`, `000000000`). They are missing values, never evidence: two
//! rows that both say "Unknown" are not the same person.
//!
//! A value is compared folded (no diacritics, upper case) with its
//! punctuation and spaces squeezed out, so `Không rõ`, `KHONG RO` and
//! `không-rõ` are one entry. The lists hold no word that is also a
//! Vietnamese name syllable (`Sơn`, `Na`, `Con` stay names).

use std::collections::HashSet;

use super::text;

/// Default name placeholders, Vietnamese and English, squeezed.
#[rustfmt::skip]
const NAMES: &[&str] = &[
    // Vietnamese: not known, no name yet, not determined, nameless, newborn.
    "KHONGRO", "KHONGBIET", "CHUACOTEN", "CHUADATTEN", "CHUACO", "KHONGTEN", "KHONGCO", "KXD",
    "KHONGXACDINH", "CHUAXACDINH", "VODANH", "VOTEN", "KHONGCOTEN", "TRESOSINH", "CHAUBE", "BEGAI",
    "BETRAI", "SOSINH",
    // English: not known, refused, filler words for a missing name (`N/A`
    // apart: squeezed it is the name Na).
    "NONE", "NULL", "NIL", "UNKNOWN", "UNK", "NOTKNOWN", "NOTSTATED", "NOTGIVEN", "NONAME", "REFUSED",
    "REFUSE", "DECLINED", "DECLINE", "DONTKNOW", "DOESNTKNOW", "ANONYMOUS", "RESPONDENT", "RESPONDANT",
    "TEST", "XXX", "BABY", "BABYBOY", "BABYGIRL", "INFANT", "NEWBORN", "MOTHER", "FATHER", "CHILD",
    "RESIDENT", "OCCUPANT", "HEADOFHOUSEHOLD", "LADYOFTHEHOUSE", "MANOFTHEHOUSE",
    // Kinship words and titles written where a name belongs (none a
    // Vietnamese syllable: `Con`, `Bà`, `Mẫn` stay names).
    "WIFE", "HUSBAND", "SPOUSE", "DAUGHTER", "BROTHER", "SISTER", "GRANDSON", "GRANDDAUGHTER",
    "GRANDCHILD", "GRANDMOTHER", "GRANDFATHER", "MINOR", "DAD", "MOM", "MR", "MRS", "MS", "MISS", "SENOR",
    "SENORA",
    // Words for a person who has no name on the form (none a Vietnamese
    // syllable either: `Sơn`, `Dậu`, `Mẫn` stay names).
    "GIRL", "BOY", "ADULT", "PERSON", "MALE", "FEMALE", "WOMAN", "GENT", "GENTLEMAN", "FRIEND",
    "ROOMMATE", "NEPHEW", "NIECE", "COUSIN", "UNCLE", "AUNT", "HOUSE", "HOUSEHOLD", "YOUNGEST", "OLDEST",
    "ELDEST", "ONE", "OTHER",
];

/// Default ID placeholders, squeezed (any run of one digit, and the
/// counting run, are recognised apart from this list).
const IDS: &[&str] =
    &["NA", "NONE", "NULL", "UNKNOWN", "KHONGCO", "KHONGRO", "CHUACO", "KXD", "X", "XX", "XXX"];

/// A set of squeezed values (every name and ID of a base is looked up).
type Set = HashSet<Box<[u8]>, foldhash::fast::FixedState>;

/// Placeholders: the defaults plus what the configuration adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholders {
    /// Name placeholders, squeezed.
    names: Set,
    /// For each first letter (`A`–`Z`), the lengths (bits) of the names
    /// beginning with it: a name of another shape is none, and is not
    /// squeezed or looked up (every name of a base goes through here).
    shapes: [u64; 26],
    /// ID placeholders, squeezed.
    ids: Set,
    /// Some of them are all digits (else a number is not looked up).
    numeric_ids: bool,
}

impl Default for Placeholders {
    /// The built-in lists.
    fn default() -> Placeholders {
        Placeholders::new(&[], &[])
    }
}

impl Placeholders {
    /// The defaults plus `names` and `ids` as written in the configuration.
    pub fn new(names: &[String], ids: &[String]) -> Placeholders {
        let set = |defaults: &[&str], extra: &[String]| -> Set {
            let extra = extra.iter().map(|s| Box::from(squeeze(s, &mut [0; LONGEST])));
            defaults
                .iter()
                .map(|d| Box::<[u8]>::from(d.as_bytes()))
                .chain(extra)
                .filter(|s| !s.is_empty())
                .collect()
        };
        let (names, ids) = (set(NAMES, names), set(IDS, ids));
        let mut shapes = [0u64; 26];
        for n in &names {
            if let (Some(&b @ b'A'..=b'Z'), true) = (n.first(), n.len() < 64) {
                shapes[usize::from(b - b'A')] |= 1 << n.len();
            }
        }
        Placeholders { shapes, numeric_ids: ids.iter().any(|i| i.iter().all(u8::is_ascii_digit)), names, ids }
    }

    /// A whole name value (or one column of a name) that says the name is not known.
    pub fn is_name(&self, value: &str) -> bool {
        let mut buf = [0; LONGEST];
        not_applicable(value)
            || self.is_squeezed_name(squeeze(value, &mut buf))
            || value.contains(' ') && {
                let folded = text::fold(value);
                let words: Vec<&str> =
                    folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
                self.is_phrase(&words.join(" "))
            }
    }

    /// [`Placeholders::is_name`] of a name already normalised: `raw` as
    /// written, `folded` its folded form (upper-case ASCII words), which
    /// spares folding every name of a base again.
    pub fn is_normalised_name(&self, raw: &str, folded: &str) -> bool {
        // The folded form is upper-case letters, digits and single spaces:
        // its first byte and its length less its spaces are its shape.
        let letters = folded.len() - folded.bytes().filter(|&b| b == b' ').count();
        let mut buf = [0; LONGEST];
        not_applicable(raw)
            || self.shaped(folded.as_bytes(), letters)
                && self.is_squeezed_name(squeeze_ascii(folded, &mut buf))
            || self.is_phrase(folded)
    }

    /// A folded value beginning so and of `letters` letters may be listed
    /// (its first byte and its length less its spaces are its shape).
    fn shaped(&self, folded: &[u8], letters: usize) -> bool {
        match folded.first() {
            Some(&b @ b'A'..=b'Z') => letters < 64 && self.shapes[usize::from(b - b'A')] >> letters & 1 == 1,
            _ => true,
        }
    }

    fn is_squeezed_name(&self, s: &[u8]) -> bool {
        !s.is_empty() && self.names.contains(s)
    }

    /// A phrase of placeholder and English filler words that a form's
    /// fake-name generator or a clerk writes for a person (`Of The Home`,
    /// `Lady In The`, `Gentleman Of`, `Son Of`, `The House`, `Male Child`,
    /// `Adult Male`, `Child F`); `folded` is upper-case ASCII words. Filler
    /// words that are also names or syllables (`THE`, `LADY`, `MAN`,
    /// `HOME`, `SON`) count only beside `OF` or `IN` (neither is a
    /// Vietnamese syllable), or as `THE HOUSE`/`THE HOME`: `Thế Mẫn` and
    /// `Sơn` are names. Without them, listed words and single letters make
    /// a phrase when one listed word is there.
    fn is_phrase(&self, folded: &str) -> bool {
        let (mut words, mut listed, mut fillers) = (0, 0, 0);
        let mut joined = false;
        for w in folded.split(' ') {
            words += 1;
            match w {
                "OF" | "IN" => joined = true,
                "THE" | "LADY" | "MAN" | "HOME" | "SON" => fillers += 1,
                w if w.len() == 1 => {}
                w if self.shaped(w.as_bytes(), w.len()) && self.names.contains(w.as_bytes()) => listed += 1,
                _ => return false,
            }
        }
        words >= 2 && (joined || listed > 0 && fillers == 0 || matches!(folded, "THE HOUSE" | "THE HOME"))
    }

    /// An ID value that says the number is not known: a listed word, one
    /// digit repeated (`000000000`, `999999999`) or the counting run
    /// `123456789` (6 to 17 digits: a longer run is no ID at all).
    pub fn is_id(&self, value: &str) -> bool {
        let v = value.as_bytes();
        if !self.numeric_ids && v.iter().all(u8::is_ascii_digit) {
            // A clean number (most IDs): only a run can be a placeholder.
            return (6..=17).contains(&v.len())
                && (v.iter().all(|&c| c == v[0]) || b"1234567890".starts_with(v));
        }
        let mut buf = [0; LONGEST];
        let b = if value.is_ascii() { squeeze_ascii(value, &mut buf) } else { squeeze(value, &mut buf) };
        if b.is_empty() {
            return false;
        }
        let digits = b.iter().all(u8::is_ascii_digit);
        if digits && !self.numeric_ids {
            return (6..=17).contains(&b.len())
                && (b.iter().all(|&c| c == b[0]) || b"1234567890".starts_with(b));
        }
        (digits
            && (6..=17).contains(&b.len())
            && (b.iter().all(|&c| c == b[0]) || b"1234567890".starts_with(b)))
            || self.ids.contains(b)
    }
}

/// The longest squeezed value compared; a longer one is no placeholder
/// (nor ID placeholder: 17 digits at most), and is not squeezed further.
const LONGEST: usize = 40;

/// `N/A` and its kin: squeezed, they would be the name Na.
fn not_applicable(value: &str) -> bool {
    ["N/A", "#N/A", "N.A."].iter().any(|p| value.trim().eq_ignore_ascii_case(p))
}

/// [`squeeze`] of ASCII text (no folding needed).
fn squeeze_ascii<'b>(value: &str, buf: &'b mut [u8; LONGEST]) -> &'b [u8] {
    let mut n = 0;
    for b in value.bytes().filter(u8::is_ascii_alphanumeric) {
        if n == LONGEST {
            return &[];
        }
        buf[n] = b.to_ascii_uppercase();
        n += 1;
    }
    &buf[..n]
}

/// The value folded, upper case, letters and digits only, in `buf`; empty
/// when that is longer than `buf` (no placeholder is that long). Nothing
/// is allocated: every name and ID of a base goes through it.
fn squeeze<'b>(value: &str, buf: &'b mut [u8; LONGEST]) -> &'b [u8] {
    let mut n = 0;
    for c in value.chars() {
        let c = text::fold_char(c).to_ascii_uppercase();
        if c.is_ascii_alphanumeric() {
            if n == LONGEST {
                return &[];
            }
            buf[n] = c as u8;
            n += 1;
        }
    }
    &buf[..n]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_in_any_spelling_and_real_names_left_alone() {
        let p = Placeholders::default();
        for v in [
            "Không rõ",
            "KHONG RO",
            "không-rõ",
            "KXĐ",
            "N/A",
            "Unknown",
            "Dont Know",
            "Baby Girl",
            "Vô danh",
            "Of The Home",
            "Lady In The",
            "Gentleman Of",
            "The House",
            "Girl",
            "Son Of",
            "Male Child",
            "Adult Male",
            "Child F",
        ] {
            assert!(p.is_name(v), "{v}");
        }
        for v in [
            "Sơn",
            "Na",
            "Con",
            "Nguyễn Văn Hùng",
            "Nhi",
            "Lady",
            "Thế Mẫn",
            "THE MAN",
            "Man Of Hill",
            "Dậu",
            "Son",
            "A B",
            "Son Male",
            "Nguyễn Văn A",
        ] {
            assert!(!p.is_name(v), "{v}");
        }
        // Checked on the normalised form, as the reader does, the same answers.
        for v in [
            "Không rõ",
            "KXĐ",
            "N/A",
            "Baby Girl",
            "Lady of the House",
            "Sơn",
            "Nguyễn Văn Hùng",
            "Lady",
            "",
            "Of The Home",
            "Thế Mẫn",
        ] {
            let folded = super::super::normalize_name(v).folded;
            assert_eq!(p.is_normalised_name(v, &folded), p.is_name(v), "{v}");
        }
        let extra = Placeholders::new(&["Chưa khai".into()], &["KHAIBAO".into()]);
        assert!(extra.is_name("chưa  khai") && !p.is_name("chưa khai"));
        assert!(extra.is_id("khai-bao"));
    }

    #[test]
    fn id_placeholders() {
        let p = Placeholders::default();
        for v in ["000000000", "999-99-9999", "123456789", "N/A", "không có", "xxx"] {
            assert!(p.is_id(v), "{v}");
        }
        for v in ["079123456789", "001234567", "B1234567", "12345", ""] {
            assert!(!p.is_id(v), "{v}");
        }
    }
}
