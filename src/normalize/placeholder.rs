//! Placeholder values: what a form or a clerk writes where the value is not
//! known (`Không rõ`, `Chưa có tên`, `KXĐ`, `N/A`, `Unknown`, `Refused`,
//! `Baby Girl`, `000000000`). They are missing values, never evidence: two
//! rows that both say "Unknown" are not the same person.
//!
//! A value is compared folded (no diacritics, upper case) with its
//! punctuation and spaces squeezed out, so `Không rõ`, `KHONG RO` and
//! `không-rõ` are one entry. The lists hold no word that is also a
//! Vietnamese name syllable (`Sơn`, `Na`, `Con` stay names).

use super::text;

/// Default name placeholders, Vietnamese and English, squeezed.
const NAMES: &[&str] = &[
    // Vietnamese: not known, no name yet, not determined, nameless.
    "KHONGRO",
    "KHONGBIET",
    "CHUACOTEN",
    "CHUADATTEN",
    "CHUACO",
    "KHONGTEN",
    "KHONGCO",
    "KXD",
    "KHONGXACDINH",
    "CHUAXACDINH",
    "VODANH",
    "VOTEN",
    "KHONGCOTEN",
    "TRESOSINH",
    "CHAUBE",
    "BEGAI",
    "BETRAI",
    "SOSINH",
    // English: not known, refused, filler words for a missing name (`N/A`
    // apart: squeezed it is the name Na).
    "NONE",
    "NULL",
    "NIL",
    "UNKNOWN",
    "UNK",
    "NOTKNOWN",
    "NOTSTATED",
    "NOTGIVEN",
    "NONAME",
    "REFUSED",
    "REFUSE",
    "DECLINED",
    "DECLINE",
    "DONTKNOW",
    "DOESNTKNOW",
    "ANONYMOUS",
    "RESPONDENT",
    "RESPONDANT",
    "TEST",
    "XXX",
    "BABY",
    "BABYBOY",
    "BABYGIRL",
    "INFANT",
    "NEWBORN",
    "MOTHER",
    "FATHER",
    "CHILD",
    "RESIDENT",
    "OCCUPANT",
    "HEADOFHOUSEHOLD",
    "LADYOFTHEHOUSE",
    "MANOFTHEHOUSE",
];

/// Default ID placeholders, squeezed (any run of one digit, and the
/// counting run, are recognised apart from this list).
const IDS: &[&str] =
    &["NA", "NONE", "NULL", "UNKNOWN", "KHONGCO", "KHONGRO", "CHUACO", "KXD", "X", "XX", "XXX"];

/// Placeholders: the defaults plus what the configuration adds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placeholders {
    /// Extra name placeholders, squeezed.
    names: Vec<String>,
    /// Extra ID placeholders, squeezed.
    ids: Vec<String>,
}

impl Placeholders {
    /// The defaults plus `names` and `ids` as written in the configuration.
    pub fn new(names: &[String], ids: &[String]) -> Placeholders {
        let squeeze_all = |v: &[String]| v.iter().map(|s| squeeze(s)).filter(|s| !s.is_empty()).collect();
        Placeholders { names: squeeze_all(names), ids: squeeze_all(ids) }
    }

    /// A whole name value (or one column of a name) that says the name is not known.
    pub fn is_name(&self, value: &str) -> bool {
        let s = squeeze(value);
        let not_applicable = ["N/A", "#N/A", "N.A."].iter().any(|p| value.trim().eq_ignore_ascii_case(p));
        not_applicable || !s.is_empty() && (NAMES.contains(&s.as_str()) || self.names.contains(&s))
    }

    /// An ID value that says the number is not known: a listed word, one
    /// digit repeated (`000000000`, `999999999`) or the counting run
    /// `123456789` (6 to 17 digits: a longer run is no ID at all).
    pub fn is_id(&self, value: &str) -> bool {
        let s = squeeze(value);
        if s.is_empty() {
            return false;
        }
        let b = s.as_bytes();
        let digits = b.iter().all(u8::is_ascii_digit);
        (digits
            && (6..=17).contains(&b.len())
            && (b.iter().all(|&c| c == b[0]) || "1234567890".starts_with(&s)))
            || IDS.contains(&s.as_str())
            || self.ids.contains(&s)
    }
}

/// The value folded, upper case, letters and digits only.
fn squeeze(value: &str) -> String {
    text::fold(&value.to_uppercase()).chars().filter(char::is_ascii_alphanumeric).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_in_any_spelling_and_real_names_left_alone() {
        let p = Placeholders::default();
        for v in
            ["Không rõ", "KHONG RO", "không-rõ", "KXĐ", "N/A", "Unknown", "Dont Know", "Baby Girl", "Vô danh"]
        {
            assert!(p.is_name(v), "{v}");
        }
        for v in ["Sơn", "Na", "Con", "Nguyễn Văn Hùng", "Nhi", "Lady"] {
            assert!(!p.is_name(v), "{v}");
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
