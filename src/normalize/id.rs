//! Identity numbers: cleaning, repair of spreadsheet damage, kind, and a
//! compact integer key.
//!
//! Facts (domain.md §1.1, §1.5): a CCCD is 12 digits with no check digit, a
//! CMND 9 digits; spreadsheets drop leading zeros (11 or 8 digits remain),
//! add `.0`, an apostrophe, or turn the value into scientific notation, which
//! loses digits for good.

use std::fmt;

use super::{province, Dob, Sex};

/// What kind of number a cleaned ID is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// 12-digit personal identification number (CCCD, or a 12-digit CMND: same number).
    Cccd,
    /// Old 9-digit CMND.
    Cmnd,
    /// Something else that is still a usable key (generic scheme, passport, other lengths).
    Other,
    /// Unusable: damaged (scientific notation) or not a number at all.
    Invalid,
    /// Empty cell.
    Missing,
}

impl IdKind {
    /// Lower-case name used in JSON and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::Cccd => "cccd",
            IdKind::Cmnd => "cmnd",
            IdKind::Other => "other",
            IdKind::Invalid => "invalid",
            IdKind::Missing => "missing",
        }
    }
}

/// How ID values are interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IdScheme {
    /// Vietnamese CCCD/CMND rules (default).
    #[default]
    Vn,
    /// Any digits or letters, no structure rules.
    Generic,
}

/// A cleaned ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormId {
    /// The cleaned value (digits, or upper-case letters and digits).
    pub value: String,
    /// Its kind.
    pub kind: IdKind,
    /// A leading zero lost by a spreadsheet was put back.
    pub zero_restored: bool,
    /// The value was damaged beyond repair (scientific notation).
    pub damaged: bool,
    /// The value was a placeholder (`N/A`, `000000000`): read as missing.
    pub placeholder: bool,
    /// Letters that OCR or keying makes of digits (`O`→0, `l`→1, `S`→5)
    /// were read as those digits.
    pub ocr: bool,
}

impl NormId {
    /// An empty cell.
    pub fn missing() -> NormId {
        NormId {
            value: String::new(),
            kind: IdKind::Missing,
            zero_restored: false,
            damaged: false,
            placeholder: false,
            ocr: false,
        }
    }

    /// The integer key of a usable ID.
    pub fn key(&self) -> Option<IdKey> {
        match self.kind {
            IdKind::Invalid | IdKind::Missing => None,
            _ => IdKey::encode(&self.value),
        }
    }
}

/// What a 12-digit number's structure says against the record it is on
/// (domain.md §1.1: `PPP G YY NNNNNN`, no check digit). Disagreements are
/// flags, never rejections: numbers with the wrong structure were issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Structure {
    /// `PPP` is neither one of the 63 province codes nor a country code 101–295.
    pub province_invalid: bool,
    /// The century/sex digit's sex disagrees with the record's sex.
    pub sex_mismatch: bool,
    /// Century and year digits disagree with the record's birth year (or name a future year).
    pub year_mismatch: bool,
}

/// Checks a CCCD's structure against the record's sex and date of birth.
pub fn cccd_structure(id: &NormId, sex: Option<Sex>, dob: Option<Dob>) -> Structure {
    let mut s = Structure::default();
    if id.kind != IdKind::Cccd {
        return s;
    }
    let digits = id.value.as_bytes();
    let num = |r: std::ops::Range<usize>| id.value[r].parse::<u32>().unwrap_or(0);
    s.province_invalid = !province::is_valid_cccd_code(num(0..3) as u16);
    let g = u32::from(digits[3] - b'0');
    let year = 1900 + 100 * (g / 2) + num(4..6);
    if let Some(sex) = sex {
        s.sex_mismatch = (g % 2 == 1) != (sex == Sex::Female);
    }
    s.year_mismatch = year > CURRENT_YEAR || dob.is_some_and(|d| d.year() != year);
    s
}

/// The year used to call a birth year impossible (in the future).
const CURRENT_YEAR: u32 = 2026;

/// Cleans one ID value.
pub fn normalize_id(raw: &str, scheme: IdScheme) -> NormId {
    // The common case: a clean CCCD or CMND.
    let b = raw.as_bytes();
    if scheme == IdScheme::Vn && (b.len() == 12 || b.len() == 9) && b.iter().all(u8::is_ascii_digit) {
        let kind = if b.len() == 12 { IdKind::Cccd } else { IdKind::Cmnd };
        return NormId {
            value: raw.to_string(),
            kind,
            zero_restored: false,
            damaged: false,
            placeholder: false,
            ocr: false,
        };
    }
    let clean = super::text::without_invisibles(raw);
    let t = clean.trim().trim_start_matches(['\'', '`', '=']).trim_matches('"');
    let mut out = NormId::missing();
    if t.is_empty() {
        return out;
    }
    if is_scientific(t) {
        out.kind = IdKind::Invalid;
        out.damaged = true;
        return out;
    }
    let t = strip_float_suffix(t);
    let kept = || t.chars().filter(|c| !(c.is_whitespace() || matches!(c, '.' | '-' | '_' | '/')));
    out.value = kept().map(|c| c.to_ascii_uppercase()).collect();
    if let Some(digits) = ocr_digits(kept(), scheme) {
        out.value = digits;
        out.ocr = true;
    }
    let all_digits = !out.value.is_empty() && out.value.bytes().all(|b| b.is_ascii_digit());
    let alnum = !out.value.is_empty() && out.value.bytes().all(|b| b.is_ascii_alphanumeric());
    out.kind = match (scheme, all_digits, out.value.len()) {
        (IdScheme::Vn, true, 12) => IdKind::Cccd,
        (IdScheme::Vn, true, 9) => IdKind::Cmnd,
        // Codes 001–009 lose two zeros when stored as a number (a 10-digit
        // value starting with 0 is a phone number, not an ID).
        (IdScheme::Vn, true, 10) if out.value.as_bytes()[0] != b'0' => {
            out.value.insert_str(0, "00");
            out.zero_restored = true;
            IdKind::Cccd
        }
        (IdScheme::Vn, true, 11 | 8) => {
            out.value.insert(0, '0');
            out.zero_restored = true;
            if out.value.len() == 12 {
                IdKind::Cccd
            } else {
                IdKind::Cmnd
            }
        }
        // A Vietnamese ID document number (passport B1234567 …) has digits;
        // `N/A`, `x`, `chưa có` are placeholders, not numbers.
        (IdScheme::Vn, _, _) if !out.value.bytes().any(|b| b.is_ascii_digit()) => IdKind::Invalid,
        (_, _, _) if alnum && IdKey::encode(&out.value).is_some() => IdKind::Other,
        _ => IdKind::Invalid,
    };
    out
}

/// The digit OCR or keying reads a character as, for the characters that
/// look like one (`O`, `o`, `D`, `Q` → 0; `I`, `l`, `|`, `!` → 1; `Z` → 2;
/// `S` → 5; `G`, `b` → 6; `T` → 7; `B` → 8; `g`, `q` → 9).
pub fn ocr_digit(c: char) -> Option<char> {
    Some(match c {
        '0'..='9' => c,
        'O' | 'o' | 'D' | 'Q' => '0',
        'I' | 'l' | '|' | '!' => '1',
        'Z' | 'z' => '2',
        'S' | 's' => '5',
        'G' | 'b' => '6',
        'T' => '7',
        'B' => '8',
        'g' | 'q' => '9',
        _ => return None,
    })
}

/// A number with one or two characters that OCR or keying made of digits,
/// read as its digits: at least 6 digits besides, every other character
/// one of [`ocr_digit`]'s, and the result a CCCD or CMND length (12 or 9
/// digits) under the Vietnamese scheme. `None` for anything else (a
/// passport number `B1234567` keeps its letter).
fn ocr_digits(chars: impl Iterator<Item = char> + Clone, scheme: IdScheme) -> Option<String> {
    let letters = chars.clone().filter(|c| !c.is_ascii_digit()).count();
    let digits = chars.clone().filter(char::is_ascii_digit).count();
    if letters == 0 || letters > 2 || digits < 6 {
        return None;
    }
    let out: String = chars.map(ocr_digit).collect::<Option<_>>()?;
    let fits = match scheme {
        IdScheme::Vn => matches!(out.len(), 12 | 9),
        IdScheme::Generic => true,
    };
    fits.then_some(out)
}

/// `7.91234E+11`, `7,9E+11`, `1e11`: a number that a spreadsheet shortened.
fn is_scientific(t: &str) -> bool {
    let Some((mantissa, exp)) = t.split_once(['e', 'E']) else {
        return false;
    };
    let exp = exp.strip_prefix('+').unwrap_or(exp);
    !mantissa.is_empty()
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        && mantissa.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && !exp.is_empty()
        && exp.bytes().all(|b| b.is_ascii_digit())
}

/// `79123456789.0` → `79123456789` (a number stored as a float).
fn strip_float_suffix(t: &str) -> &str {
    if let Some((int, frac)) = t.rsplit_once('.') {
        if !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && !frac.is_empty()
            && frac.bytes().all(|b| b == b'0')
        {
            return int;
        }
    }
    t
}

/// A compact, order-free integer key for an ID of up to 17 digits or up to
/// 12 letters and digits. Numeric keys keep their length, so `0123` and
/// `123` stay different.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IdKey(pub u64);

const ALNUM_TAG: u64 = 1 << 63;

impl IdKey {
    /// Encodes a cleaned value; `None` when it is too long or not alphanumeric.
    pub fn encode(value: &str) -> Option<IdKey> {
        let bytes = value.as_bytes();
        if bytes.is_empty() {
            return None;
        }
        if bytes.iter().all(u8::is_ascii_digit) {
            if bytes.len() > 17 {
                return None;
            }
            let n = bytes.iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
            return Some(IdKey(n * 32 + bytes.len() as u64));
        }
        if bytes.len() > 12 {
            return None;
        }
        let mut n = 0u64;
        for &b in bytes {
            let d = match b {
                b'0'..=b'9' => b - b'0' + 1,
                b'A'..=b'Z' => b - b'A' + 11,
                _ => return None,
            };
            n = n * 37 + u64::from(d);
        }
        Some(IdKey(ALNUM_TAG | n))
    }
}

/// How two numbers differ by one or two keying errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigitEdit {
    /// One digit different.
    Substitution,
    /// Two adjacent digits swapped.
    Transposition,
    /// Two digits different (not two neighbours swapped), or a digit added
    /// or dropped with at most one more error.
    TwoDigits,
}

impl IdKey {
    /// The number and its digit count, for a numeric key.
    pub fn digits(self) -> Option<(u64, u32)> {
        (self.0 & ALNUM_TAG == 0).then_some((self.0 / 32, (self.0 % 32) as u32))
    }

    /// The numeric key of `n` written with `len` digits.
    pub fn from_digits(n: u64, len: u32) -> IdKey {
        IdKey(n * 32 + u64::from(len))
    }

    /// Whether `other` is one substitution or one adjacent transposition
    /// away, or two keying errors (two substitutions; a digit added or
    /// dropped, with at most one more error) — numeric keys only; no
    /// allocation.
    pub fn digit_edit(self, other: IdKey) -> Option<DigitEdit> {
        let ((mut a, la), (mut b, lb)) = (self.digits()?, other.digits()?);
        if la.abs_diff(lb) == 1 {
            return within_two_edits(a, la, b, lb).then_some(DigitEdit::TwoDigits);
        }
        if la != lb || a == b {
            return None;
        }
        let mut differ = [0u32; 3];
        let mut pairs = [(0u64, 0u64); 3];
        let mut n = 0;
        for pos in 0..la {
            let (x, y) = (a % 10, b % 10);
            if x != y {
                if n == 3 {
                    return None;
                }
                differ[n] = pos;
                pairs[n] = (x, y);
                n += 1;
            }
            a /= 10;
            b /= 10;
        }
        match n {
            1 => Some(DigitEdit::Substitution),
            2 if differ[1] == differ[0] + 1 && pairs[0] == (pairs[1].1, pairs[1].0) => {
                Some(DigitEdit::Transposition)
            }
            2 => Some(DigitEdit::TwoDigits),
            _ => None,
        }
    }
}

/// Whether the `la` digits of `a` and the `lb` digits of `b` are at most two
/// edits apart (a digit replaced, added, dropped; two neighbours swapped):
/// the optimal string alignment distance, on at most 18 digits each.
fn within_two_edits(a: u64, la: u32, b: u64, lb: u32) -> bool {
    const MAX: usize = 18;
    let digits = |mut n: u64, len: u32| {
        let mut d = [0u8; MAX];
        for i in (0..len as usize).rev() {
            d[i] = (n % 10) as u8;
            n /= 10;
        }
        d
    };
    if la as usize > MAX || lb as usize > MAX {
        return false;
    }
    let (x, y, lx, ly) = (digits(a, la), digits(b, lb), la as usize, lb as usize);
    let mut rows = [[0u8; MAX + 1]; MAX + 1];
    for (i, row) in rows.iter_mut().enumerate().take(lx + 1) {
        row[0] = i as u8;
    }
    for (j, cell) in rows[0].iter_mut().enumerate().take(ly + 1) {
        *cell = j as u8;
    }
    for i in 1..=lx {
        for j in 1..=ly {
            let cost = u8::from(x[i - 1] != y[j - 1]);
            let mut d = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[lx][ly] <= 2
}

impl fmt::Display for IdKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 & ALNUM_TAG == 0 {
            let len = (self.0 % 32) as usize;
            return write!(f, "{:0len$}", self.0 / 32);
        }
        let mut n = self.0 & !ALNUM_TAG;
        let mut buf = Vec::with_capacity(12);
        while n > 0 {
            let d = (n % 37) as u8;
            buf.push(if d <= 10 { b'0' + d - 1 } else { b'A' + d - 11 });
            n /= 37;
        }
        buf.reverse();
        f.write_str(std::str::from_utf8(&buf).map_err(|_| fmt::Error)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vn(s: &str) -> NormId {
        normalize_id(s, IdScheme::Vn)
    }

    #[test]
    fn digit_edits() {
        let k = |s: &str| IdKey::encode(s).unwrap();
        assert_eq!(k("001085000123").digit_edit(k("001085000124")), Some(DigitEdit::Substitution));
        assert_eq!(k("001085000123").digit_edit(k("001085000213")), Some(DigitEdit::Transposition));
        assert_eq!(k("001085000123").digit_edit(k("001085000321")), Some(DigitEdit::TwoDigits));
        assert_eq!(k("001085000123").digit_edit(k("901085000723")), Some(DigitEdit::TwoDigits));
        assert_eq!(k("001085000123").digit_edit(k("001085000456")), None, "three digits");
        assert_eq!(k("345584401").digit_edit(k("3455844101")), Some(DigitEdit::TwoDigits), "one added");
        assert_eq!(k("784617211").digit_edit(k("8846187211")), Some(DigitEdit::TwoDigits), "added, replaced");
        assert_eq!(k("784617211").digit_edit(k("88461872")), None, "dropped, two replaced");
        assert_eq!(k("784617211").digit_edit(k("78461721")), Some(DigitEdit::TwoDigits), "one dropped");
        assert_eq!(
            k("001085000123").digit_edit(k("01085000123")),
            Some(DigitEdit::TwoDigits),
            "a zero dropped"
        );
        assert_eq!(k("001085000123").digit_edit(k("1085000123")), None, "lengths two apart");
        assert_eq!(k("001085000123").digit_edit(k("001085000123")), None);
        assert_eq!(k("AB12").digit_edit(k("AB13")), None, "letters: no digit edits");
        assert_eq!(IdKey::from_digits(1_085_000_123, 12), k("001085000123"));
    }

    #[test]
    fn controls_and_invisible_characters_are_no_part_of_an_id() {
        for raw in ["0581\u{0}79520832", "\u{feff}058179520832", "058179\u{200b}520832", "058179\t520832\r"] {
            let id = vn(raw);
            assert_eq!((id.kind, id.value.as_str()), (IdKind::Cccd, "058179520832"), "{raw:?}");
        }
    }

    #[test]
    fn clean_cccd() {
        let id = vn(" 079 123-456.789 ");
        assert_eq!((id.value.as_str(), id.kind), ("079123456789", IdKind::Cccd));
        assert!(!id.zero_restored);
    }

    #[test]
    fn letters_that_ocr_makes_of_digits_are_read_as_digits() {
        let id = vn("O79l23456789");
        assert_eq!((id.value.as_str(), id.kind, id.ocr), ("079123456789", IdKind::Cccd, true));
        let generic = normalize_id("1o8848903", IdScheme::Generic);
        assert_eq!((generic.value.as_str(), generic.ocr), ("108848903", true));
        assert_eq!(normalize_id("884|91153", IdScheme::Generic).value, "884191153");
        // A passport number keeps its letter; three letters are no OCR slip.
        assert!(!vn("B1234567").ocr && !vn("B1234567").value.contains('8'));
        assert!(!normalize_id("12OO3456O", IdScheme::Generic).ocr);
        assert!(!vn("079123456789").ocr);
    }

    #[test]
    fn lost_leading_zero_is_restored_and_flagged() {
        let id = vn("79123456789");
        assert_eq!(id.value, "079123456789");
        assert_eq!(id.kind, IdKind::Cccd);
        assert!(id.zero_restored);
        let cmnd = vn("12345678");
        assert_eq!((cmnd.value.as_str(), cmnd.kind), ("012345678", IdKind::Cmnd));
        assert!(cmnd.zero_restored);
    }

    #[test]
    fn excel_markers() {
        assert_eq!(vn("'001090123456").value, "001090123456");
        assert_eq!(vn("1090123456.0").value, "001090123456");
        assert_eq!(vn("0912345678").kind, IdKind::Other, "a phone number");
        assert_eq!(vn("79123456789.0").value, "079123456789");
        assert!(vn("79123456789.0").zero_restored);
    }

    #[test]
    fn scientific_notation_is_damaged() {
        for s in ["7.91234E+11", "7,91234E+11", "1e11"] {
            let id = vn(s);
            assert!(id.damaged, "{s}");
            assert_eq!(id.kind, IdKind::Invalid);
            assert_eq!(id.key(), None);
        }
    }

    #[test]
    fn missing_and_other() {
        assert_eq!(vn("  ").kind, IdKind::Missing);
        assert_eq!(vn("B1234567").kind, IdKind::Other);
        assert_eq!(vn("12345").kind, IdKind::Other);
        assert_eq!(vn("số 12?").kind, IdKind::Invalid);
    }

    #[test]
    fn structure_against_the_record() {
        let id = vn("037153000257"); // Ninh Bình, female, 1953 (domain.md §1.1)
        let female = Some(Sex::Female);
        assert_eq!(cccd_structure(&id, female, Some(Dob::new(1953, 5, 1))), Structure::default());
        let s = cccd_structure(&id, Some(Sex::Male), Some(Dob::new(1954, 5, 1)));
        assert!(s.sex_mismatch && s.year_mismatch && !s.province_invalid);
        assert!(cccd_structure(&vn("003153000257"), female, None).province_invalid);
        assert!(!cccd_structure(&vn("175153000257"), female, None).province_invalid, "country code");
        assert!(cccd_structure(&vn("001399000001"), None, None).year_mismatch, "born in 2099");
        assert_eq!(cccd_structure(&vn("123456789"), Some(Sex::Male), None), Structure::default());
    }

    #[test]
    fn keys_round_trip_and_keep_leading_zeros() {
        for s in ["001090123456", "0123", "123", "99999999999999999", "B1234567", "ZZZZZZZZZZZZ"] {
            let key = IdKey::encode(s).unwrap();
            assert_eq!(key.to_string(), s);
        }
        assert_ne!(IdKey::encode("0123"), IdKey::encode("123"));
        assert_eq!(IdKey::encode("123456789012345678"), None);
    }
}
