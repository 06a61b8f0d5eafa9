//! Personal names: the canonical comparison form and the folded form.
//!
//! * canonical: NFC, look-alikes mapped (`Ð→Đ`), annotations such as `(HN)`
//!   or `(1)` and stray punctuation removed, single spaces, upper case, and
//!   the tone mark of each syllable in one place (old style, see
//!   [`text::place_tone`]). Used for comparison only; the original value is
//!   what results show.
//! * folded: the canonical form without diacritics, `Đ→D`, upper-case ASCII.
//!   Bank systems store names this way (`NGUYEN VAN HUNG`).

use super::legacy::{self, Legacy};
use super::text;

/// A name in its comparison forms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NormName {
    /// Canonical form (upper case, with diacritics, tone placed).
    pub canonical: String,
    /// Folded form (upper-case ASCII).
    pub folded: String,
    /// True when the input carried at least one diacritic.
    pub has_diacritics: bool,
    /// The value was legacy-encoded text read with the wrong code page, and was converted.
    pub legacy: Option<Legacy>,
    /// When converted: the value read as it was, for comparison as a fallback.
    pub unrepaired: Option<Box<NormName>>,
    /// When not converted but it could be legacy text that happens to be
    /// well-formed Vietnamese (VNI `Hoà` for `Hồ`): the value as given, whose
    /// legacy readings comparison tries when the name does not agree.
    pub maybe_legacy: Option<Box<str>>,
    /// The value, or a column of it, was a placeholder (`Không rõ`,
    /// `Unknown`) and was left out.
    pub placeholder: bool,
    /// Of a name written in several columns, the ends whose column was
    /// blank or a placeholder: the words left are not shifted into them.
    pub blank: BlankEnds,
}

/// The ends of a name written in several columns that were blank or a
/// placeholder (`Julie`, `A`, `` for given name, middle initial and
/// surname: no surname, not the surname `A`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BlankEnds {
    /// The surname's column.
    pub surname: bool,
    /// The given name's column.
    pub given: bool,
}

impl BlankEnds {
    /// Either end is blank.
    pub fn any(self) -> bool {
        self.surname || self.given
    }
}

impl NormName {
    /// True when nothing usable was left after cleaning.
    pub fn is_empty(&self) -> bool {
        self.canonical.is_empty()
    }

    /// Canonical tokens (surname first as written).
    pub fn tokens(&self) -> impl Iterator<Item = &str> {
        self.canonical.split(' ')
    }
}

/// The order a file writes a name in, word by word (or column by column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameOrder {
    /// Surname first, given name last (Vietnamese order; the default).
    #[default]
    SurnameFirst,
    /// Given name first, surname last (`John Michael Smith`): read in
    /// reverse, so that the given name is compared as the given name.
    GivenFirst,
}

impl NameOrder {
    /// `parts` (a name's words, or its columns' values) in surname-first order.
    pub fn surname_first<'a>(self, parts: &[&'a str]) -> Vec<&'a str> {
        match self {
            NameOrder::SurnameFirst => parts.to_vec(),
            NameOrder::GivenFirst => parts.iter().rev().copied().collect(),
        }
    }
}

/// Compound surnames (domain.md §2.1), canonical form.
const COMPOUND_SURNAMES: &[&str] =
    &["CÔNG TÔN NỮ", "TÔN THẤT", "TÔN NỮ", "HOÀNG PHỦ", "ÂU DƯƠNG", "TƯ MÃ", "GIA CÁT", "THƯỢNG QUAN"];

/// A name split into surname, middle name(s) and given name, surname first.
/// A heuristic (domain.md §2.1): the given name is the last token, the
/// surname the first token or a known compound surname.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameParts<'a> {
    /// Họ.
    pub surname: &'a str,
    /// Tên đệm (may be empty).
    pub middle: &'a str,
    /// Tên.
    pub given: &'a str,
}

impl NormName {
    /// The canonical name's parts; `None` for a one-token name.
    pub fn parts(&self) -> Option<NameParts<'_>> {
        let c = self.canonical.as_str();
        let given_at = c.rfind(' ')?;
        let surname_len = surname_len(c, given_at);
        let middle = if surname_len < given_at { &c[surname_len + 1..given_at] } else { "" };
        Some(NameParts { surname: &c[..surname_len], middle, given: &c[given_at + 1..] })
    }

    /// The surname, the middle names and the given name, each `None` where
    /// there is none: an end whose column was blank has none (the words
    /// next to it keep their own parts); a one-word name is a given name.
    pub fn placed_parts(&self) -> [Option<&str>; 3] {
        if self.is_empty() {
            return [None; 3];
        }
        if !self.blank.any() {
            return match self.parts() {
                Some(p) => [Some(p.surname), Some(p.middle).filter(|m| !m.is_empty()), Some(p.given)],
                None => [None, None, Some(self.canonical.as_str())],
            };
        }
        let (mut rest, mut surname, mut given) = (self.canonical.as_str(), None, None);
        if !self.blank.surname {
            let len = surname_len(rest, rest.len());
            (surname, rest) = (Some(&rest[..len]), rest.get(len + 1..).unwrap_or(""));
        }
        if !self.blank.given && !rest.is_empty() {
            let (r, g) = rest.rsplit_once(' ').unwrap_or(("", rest));
            (given, rest) = (Some(g), r);
        }
        [surname, Some(rest).filter(|m| !m.is_empty()), given]
    }
}

/// The length of the surname at the start of canonical name `c`: a
/// compound surname that ends by `limit`, or the first word.
fn surname_len(c: &str, limit: usize) -> usize {
    COMPOUND_SURNAMES
        .iter()
        .find(|s| c.starts_with(*s) && c.len() > s.len() && c.as_bytes()[s.len()] == b' ' && s.len() <= limit)
        .map_or_else(|| c.find(' ').unwrap_or(c.len()), |s| s.len())
}

/// Normalises one name value.
pub fn normalize_name(raw: &str) -> NormName {
    let raw = &*text::without_controls(raw);
    if raw.is_ascii() && !raw.contains(['(', '[', '{']) {
        // Bank style and most Western data: no Unicode work at all.
        let mut canonical = String::with_capacity(raw.len());
        for token in tokens(raw) {
            if !canonical.is_empty() {
                canonical.push(' ');
            }
            canonical.extend(token.chars().map(|c| c.to_ascii_uppercase()));
        }
        return NormName {
            folded: canonical.clone(),
            canonical,
            has_diacritics: false,
            legacy: None,
            unrepaired: None,
            maybe_legacy: None,
            placeholder: false,
            blank: BlankEnds::default(),
        };
    }
    if !legacy::could_be_mojibake(raw) {
        return if raw.contains(['(', '[', '{']) { forms(raw, None) } else { forms_by_word(raw) };
    }
    match legacy::repair_suspect(raw) {
        Some((text, legacy)) => {
            let mut n = forms(&text, Some(legacy));
            n.unrepaired = Some(Box::new(forms(raw, None)));
            n
        }
        None => {
            let mut n = forms(raw, None);
            n.maybe_legacy = Some(raw.into());
            n
        }
    }
}

/// The canonical and folded forms of a (repaired) non-ASCII value.
fn forms(raw: &str, legacy: Option<Legacy>) -> NormName {
    let clean = text::nfc_clean(raw);
    let without_notes = strip_annotations(&clean);
    let mut canonical = String::with_capacity(without_notes.len() + 8);
    for token in tokens(&without_notes) {
        if !canonical.is_empty() {
            canonical.push(' ');
        }
        if !text::canonical_token(token, &mut canonical) {
            let lower = token.to_lowercase();
            canonical.extend(text::place_tone(&lower).chars().flat_map(char::to_uppercase));
        }
    }
    let folded = text::fold(&canonical);
    NormName {
        has_diacritics: folded != canonical,
        canonical,
        folded,
        legacy,
        unrepaired: None,
        maybe_legacy: None,
        placeholder: false,
        blank: BlankEnds::default(),
    }
}

/// Words a thread remembers the canonical form of (then it forgets them all).
const WORDS_REMEMBERED: usize = 1 << 16;

/// [`forms`] of a value without brackets, word by word: a word's
/// canonical tokens depend on the word alone (composition, look-alikes,
/// tone placement and token splitting never cross white space), and a few
/// thousand syllables make up most Vietnamese names, so each thread
/// remembers the words it has seen.
fn forms_by_word(raw: &str) -> NormName {
    thread_local! {
        static WORDS: std::cell::RefCell<std::collections::HashMap<Box<str>, Box<str>, foldhash::fast::FixedState>> =
            std::cell::RefCell::default();
    }
    let mut canonical = String::with_capacity(raw.len() + 8);
    WORDS.with_borrow_mut(|words| {
        for word in raw.split(char::is_whitespace).filter(|w| !w.is_empty()) {
            let form = match words.get(word) {
                Some(form) => form,
                None => {
                    if words.len() >= WORDS_REMEMBERED {
                        words.clear();
                    }
                    let form = forms(word, None).canonical.into_boxed_str();
                    words.entry(word.into()).or_insert(form)
                }
            };
            if !form.is_empty() {
                if !canonical.is_empty() {
                    canonical.push(' ');
                }
                canonical.push_str(form);
            }
        }
    });
    let folded = text::fold(&canonical);
    NormName {
        has_diacritics: folded != canonical,
        canonical,
        folded,
        legacy: None,
        unrepaired: None,
        maybe_legacy: None,
        placeholder: false,
        blank: BlankEnds::default(),
    }
}

/// The name tokens of a cleaned value: letters, digits, the joiners, and
/// the glyphs OCR reads for a letter when they stand inside a word.
fn tokens(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| {
        !(c.is_ascii_alphanumeric() || is_name_joiner(c) || is_ocr_glyph(c) || !c.is_ascii() && is_letter(c))
    })
    .map(|t| t.trim_matches(|c| is_name_joiner(c) || is_ocr_glyph(c)))
    .filter(|t| !t.is_empty())
}

/// Glyphs that scanning reads for a letter (`Hewg|ey`, `Pr:ce`, `Wi!son`):
/// inside a word they are kept, so that the word is one keying error from
/// its spelling instead of two words; alone or at a word's end they are
/// punctuation.
fn is_ocr_glyph(c: char) -> bool {
    matches!(c, '|' | '!' | ':')
}

/// A non-ASCII letter or digit (Vietnamese letters by table, others by Unicode).
fn is_letter(c: char) -> bool {
    super::letters::decompose(c).is_some() || c.is_alphanumeric()
}

/// Characters kept inside a name token: the apostrophe and hyphen of
/// minority names such as `H'Hen Niê` or `Y-Bih`.
fn is_name_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-')
}

/// Removes bracketed annotations: `Nguyễn Văn An (HN)` → `Nguyễn Văn An `.
fn strip_annotations(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['(', '[', '{']) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn tone_styles_share_a_canonical_form() {
        assert_eq!(normalize_name("Nguyễn Văn Hoà").canonical, normalize_name("Nguyễn Văn Hòa").canonical);
        assert_eq!(normalize_name("Nguyễn Văn Hòa").canonical, "NGUYỄN VĂN HÒA");
    }

    #[test]
    fn bank_style_ascii_shares_the_folded_form() {
        let a = normalize_name("Nguyễn Văn Hoà");
        let b = normalize_name("NGUYEN VAN HOA");
        assert_eq!(a.folded, b.folded);
        assert!(a.has_diacritics);
        assert!(!b.has_diacritics);
    }

    #[test]
    fn spaces_case_punctuation_and_annotations() {
        let n = normalize_name("  trần\u{a0}thị   THU.  (HN) (1)");
        assert_eq!(n.canonical, "TRẦN THỊ THU");
        assert_eq!(n.folded, "TRAN THI THU");
    }

    #[test]
    fn nfd_and_eth_inputs() {
        let nfd: String = "Đặng Thị Thuỷ".nfd().collect();
        assert_eq!(normalize_name(&nfd).canonical, "ĐẶNG THỊ THỦY");
        assert_eq!(normalize_name("Ðặng Thị Thủy").canonical, "ĐẶNG THỊ THỦY");
    }

    #[test]
    fn legacy_encoded_values_are_converted_and_flagged() {
        let n = normalize_name("NguyÔn V¨n H¶i");
        assert_eq!(n.canonical, "NGUYỄN VĂN HẢI");
        assert_eq!(n.legacy, Some(Legacy::Tcvn3));
        assert_eq!(normalize_name("Nguyeãn Vaên Ñöùc").canonical, "NGUYỄN VĂN ĐỨC");
        assert_eq!(normalize_name("Nguyễn Văn Hải").legacy, None);
    }

    #[test]
    fn parts_with_simple_and_compound_surnames() {
        let n = normalize_name("Nguyễn Ngọc Trường Sơn");
        let p = n.parts().unwrap();
        assert_eq!((p.surname, p.middle, p.given), ("NGUYỄN", "NGỌC TRƯỜNG", "SƠN"));
        let n = normalize_name("Hoàng Phủ Ngọc Tường");
        let p = n.parts().unwrap();
        assert_eq!((p.surname, p.middle, p.given), ("HOÀNG PHỦ", "NGỌC", "TƯỜNG"));
        let n = normalize_name("Nguyễn Trãi");
        let p = n.parts().unwrap();
        assert_eq!((p.surname, p.middle, p.given), ("NGUYỄN", "", "TRÃI"));
        let n = normalize_name("Tôn Thất Thuyết");
        assert_eq!(n.parts().unwrap().surname, "TÔN THẤT");
        assert!(normalize_name("Madonna").parts().is_none());
        // Placed: a blank end has no part, its neighbours keep theirs.
        let placed = |name: &str, surname: bool, given: bool| {
            let name = NormName { blank: BlankEnds { surname, given }, ..normalize_name(name) };
            name.placed_parts().map(|p| p.map(String::from))
        };
        let some = |s: &str| Some(s.to_string());
        assert_eq!(
            placed("Hoàng Phủ Ngọc Tường", false, false),
            [some("HOÀNG PHỦ"), some("NGỌC"), some("TƯỜNG")]
        );
        assert_eq!(placed("Madonna", false, false), [None, None, some("MADONNA")]);
        assert_eq!(placed("A Julie", true, false), [None, some("A"), some("JULIE")]);
        assert_eq!(placed("Hurley A", false, true), [some("HURLEY"), some("A"), None]);
        assert_eq!(placed("Hurley", false, true), [some("HURLEY"), None, None]);
        assert_eq!(placed("Tôn Thất Văn", false, true), [some("TÔN THẤT"), some("VĂN"), None]);
        assert_eq!(placed("Angelique", true, true), [None, some("ANGELIQUE"), None]);
        assert_eq!(placed("", true, false), [None, None, None]);
    }

    #[test]
    fn given_first_names_are_read_in_reverse() {
        assert_eq!(
            NameOrder::GivenFirst.surname_first(&["John", "Michael", "Smith"]),
            ["Smith", "Michael", "John"]
        );
        assert_eq!(NameOrder::SurnameFirst.surname_first(&["Lê", "Hoa"]), ["Lê", "Hoa"]);
    }

    #[test]
    fn ocr_glyphs_inside_a_word_stay_in_it() {
        assert_eq!(normalize_name("Paul Hewg|ey").canonical, "PAUL HEWG|EY");
        assert_eq!(normalize_name("Robert Pr:ce").folded, "ROBERT PR:CE");
        let vietnamese = normalize_name("Trần Th!ị Hà");
        assert_eq!(
            (vietnamese.canonical.as_str(), vietnamese.folded.as_str()),
            ("TRẦN TH!Ị HÀ", "TRAN TH!I HA")
        );
        assert_eq!(normalize_name("Nguyễn Văn Hùng: ").canonical, "NGUYỄN VĂN HÙNG");
        assert_eq!(normalize_name("SMITH: JOHN | !").canonical, "SMITH JOHN");
        assert_eq!(normalize_name("|Anna").canonical, "ANNA");
    }

    #[test]
    fn minority_name_joiners_are_kept() {
        assert_eq!(normalize_name("H'Hen Niê").canonical, "H'HEN NIÊ");
    }

    #[test]
    fn normalising_twice_changes_nothing() {
        for s in ["Nguyễn Văn Hoà", "  lê  thị   thuỷ ", "NGUYEN VAN A (1)", "Ðỗ Hùynh"] {
            let once = normalize_name(s);
            let twice = normalize_name(&once.canonical);
            assert_eq!(once.canonical, twice.canonical, "{s}");
            assert_eq!(once.folded, normalize_name(&once.folded).folded, "{s}");
        }
    }

    #[test]
    fn word_by_word_forms_are_the_whole_value_forms() {
        // Random values from pieces that stress composition, look-alikes,
        // joiners, punctuation and white space of every kind.
        let pieces = [
            "Nguyễn",
            "Hoà",
            "Hòa",
            "thuỷ",
            "Đặng",
            "Ðỗ",
            "H'Hen",
            "Y-Bih",
            "A.",
            ",",
            "-",
            "'",
            "1",
            "Văn",
            "\u{301}",
            "\u{303}",
            "\u{300}",
            "a\u{302}\u{301}",
            "Lý",
            "\u{a0}",
            " ",
            "  ",
            "\t",
            "Mỹ",
            "ß",
            "日本",
        ];
        let mut rng = crate::rng::Rng::new(11);
        let mut checked = 0;
        for _ in 0..20_000 {
            let mut value = String::new();
            for _ in 0..rng.below(7) {
                value.push_str(pieces[rng.below(pieces.len() as u64) as usize]);
                if rng.below(4) == 0 {
                    value.push(' ');
                }
            }
            if legacy::could_be_mojibake(&value) {
                continue;
            }
            checked += 1;
            let (a, b) = (forms_by_word(&value), forms(&value, None));
            assert_eq!(a, b, "{value:?}");
            // Twice: the second time from the remembered words.
            assert_eq!(forms_by_word(&value), b, "{value:?}");
        }
        assert!(checked > 10_000, "{checked}");
    }

    #[test]
    fn empty_and_punctuation_only_values_are_empty() {
        assert!(normalize_name("").is_empty());
        assert!(normalize_name(" ... (x) ").is_empty());
    }
}
