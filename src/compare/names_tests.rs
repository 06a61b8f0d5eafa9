//! Name comparison tests. That [`NameQuery`] gives the levels the plain
//! string comparison it replaced gives, on generated names with every name
//! fault, is checked in `tests/it/names.rs` (the generator is a later module).

use super::names::{NameQuery, Spellable};
use super::NameLevel;
use crate::index::Vocab;
use crate::normalize::{normalize_name, text, BlankEnds};

/// Compares `a` (a row's name) with `b` as a base name, each written
/// surname first; `_` stands for a blank column (a blank end).
fn names(a: &str, b: &str) -> NameLevel {
    let name = |s: &str| {
        let words: Vec<&str> = s.split(' ').collect();
        let blank = BlankEnds { surname: words.first() == Some(&"_"), given: words.last() == Some(&"_") };
        let kept: Vec<&str> = words.into_iter().filter(|w| *w != "_").collect();
        crate::normalize::NormName { blank, ..normalize_name(&kept.join(" ")) }
    };
    let (a, b) = (name(a), name(b));
    let mut vocab = Vocab::default();
    let tokens: Vec<u32> = b.tokens().map(|t| vocab.intern(t)).collect();
    NameQuery::new(&a, &vocab).compare(&tokens, b.blank, &vocab)
}

#[test]
fn names_with_blank_ends_compare_without_panic_and_are_the_same_only_with_the_same_ends() {
    let words = ["", "A", "Julie", "A Julie", "Hurley A Julie", "Tôn Thất Văn Hùng", "X Y Z W V", "J J"];
    let written = |w: &str, blank: u8| {
        let (s, g) = (if blank & 1 != 0 { "_ " } else { "" }, if blank & 2 != 0 { " _" } else { "" });
        format!("{s}{w}{g}").trim().to_string()
    };
    for (a, b) in words.iter().flat_map(|a| words.iter().map(move |b| (a, b))) {
        for (x, y) in (0..4u8).flat_map(|x| (0..4u8).map(move |y| (x, y))) {
            let (row, base) = (written(a, x), written(b, y));
            let level = names(&row, &base);
            if level <= NameLevel::Order && !a.is_empty() && !b.is_empty() {
                assert_eq!(x, y, "{row:?} vs {base:?}: {level:?} with other blank ends");
            }
        }
    }
}

#[test]
fn a_blank_end_is_not_filled_by_the_other_words() {
    // No surname: the middle initial is not read as one.
    assert_eq!(names("_ A Julie", "Hurley Angelique Jul'le"), NameLevel::PartClose);
    assert_eq!(names("_ A Julie", "_ Angelique Julle"), NameLevel::PartClose);
    assert_eq!(names("Hurley A Julie", "Respondent Angelique Julle"), NameLevel::Different);
    assert_eq!(names("Hurley A Julie", "_ Angelique Julle"), NameLevel::PartClose);
    assert_eq!(names("Nguyen A Julie", "_ Anne Julie"), NameLevel::Partial);
    // No given name: the surname and the middle names.
    assert_eq!(names("Nguyễn Văn _", "Nguyen Van Hung"), NameLevel::Partial);
    assert_eq!(names("Vosburgh L _", "Vosburqh Leticia Julia"), NameLevel::PartClose);
    // The same words with another blank end are not the same name.
    assert_eq!(names("_ A Julie", "A Julie"), NameLevel::Partial);
    assert_eq!(names("A Julie", "_ A Julie"), NameLevel::Partial);
    assert_eq!(names("_ A Julie", "_ A Julie"), NameLevel::Exact);
    assert_eq!(names("_ _ Julie", "Julie"), NameLevel::Partial, "a one-word name is a given name");
    assert_eq!(names("Julie", "_ _ Julie"), NameLevel::Partial);
    // The same blank end on both sides: the word beside it is no surname.
    assert_eq!(names("_ A Julie", "_ A Mary"), NameLevel::Different);
    assert_eq!(names("_ A Julie", "_ A Julle"), NameLevel::PartClose);
    // What is left must agree: another given name, other middle names, a
    // lone letter, or nothing but the end on one side.
    assert_eq!(names("_ A Julie", "Hurley Angelique Selena"), NameLevel::Different);
    assert_eq!(names("_ B Julie", "Hurley Angelique Julle"), NameLevel::Different);
    assert_eq!(names("_ A J", "Hurley Angelique Julle"), NameLevel::Different);
    assert_eq!(names("_ Julie", "Hurley Angelique Julle"), NameLevel::Different);
    assert_eq!(names("_ A _", "Hurley Angelique Julle"), NameLevel::Different);
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
    assert_eq!(names("Phạm Quốc Bảo", ""), NameLevel::Missing);
}

#[test]
fn names_by_part() {
    // Initials for middle names, on either side.
    assert_eq!(names("Diana P Kofron", "Diana Patricia Kofron"), NameLevel::Initials);
    assert_eq!(names("Eric Robert Alonso Tellez", "Eric R Alonso Tellez"), NameLevel::Initials);
    assert_eq!(names("Diana Q Kofron", "Diana Patricia Kofron"), NameLevel::MiddleDiffers);
    // One end broken, the rest intact: spelt alike, or another word.
    assert_eq!(names("Nguyễn Văn Hunng", "Nguyễn Văn Hùng"), NameLevel::Typo);
    assert_eq!(names("Nguyễn Văn Hừngg", "Nguyễn Văn Hưng"), NameLevel::Typo);
    assert_eq!(names("Timmy N Corlew", "Timothy Nicholas Corlew"), NameLevel::SurnameClose);
    assert_eq!(names("Dad M Hall", "Sandra Mary Hall"), NameLevel::SurnameDiffers);
    assert_eq!(names("Nguyễn Văn Tý", "Nguyễn Văn Hùng"), NameLevel::GivenDiffers);
    assert_eq!(names("Christine V Fillarresl", "Christine Victoria Villarreal"), NameLevel::GivenClose);
    assert_eq!(names("Nguyễn Lan", "Nguyễn Thị Hồng"), NameLevel::GivenDiffers, "no middle name on one side");
    // A surname of several words on one side: the given name and the word
    // before it agree (up to an initial), the words before those differ.
    assert_eq!(names("No Last Name Jeremiah James", "Cramer J James"), NameLevel::SurnameDiffers);
    assert_eq!(names("Biggs Soria K Christina", "De Casa Katherine Christina"), NameLevel::SurnameDiffers);
    assert_eq!(names("Trần Văn Minh Hùng", "Lê Thị Anh Hùng"), NameLevel::Different);
    assert_eq!(names("Nguyễn Thu Hà", "Trần Thị Thu Hà"), NameLevel::Different, "a middle word in full");
    // OCR'd glyphs inside a word: one keying error, not two words.
    assert_eq!(names("Paul Sidney Hewg|ey", "Paul Sidney Hewgley"), NameLevel::Typo);
    // Both ends differ: another name.
    assert_eq!(names("Trần Văn Hùng", "Nguyễn Văn Tuấn"), NameLevel::Different);
    // A keying error at one end or at each, a middle initial against the
    // full middle name (the whole-name distance counts the initial too).
    assert_eq!(names("Wiliam R Drayton", "William Roger Drayton"), NameLevel::Typo);
    assert_eq!(names("Jvlia L Vosburgh", "Julia Leticia Vosburqh"), NameLevel::Similar);
    assert_eq!(
        names("Jvlia Q Vosburgh", "Julia Leticia Vosburqh"),
        NameLevel::Different,
        "another middle name"
    );
    assert_ne!(names("Nguyễn Hương", "Nguyễn Văn Hùng"), NameLevel::Typo, "no middle name on one side");
    // Each end spelt alike, neither the same (a short form, an OCR'd letter).
    assert_eq!(names("Kenneth W Oavenport", "Ken Weldon Davenport"), NameLevel::BothClose);
    assert_eq!(names("Kenneth C DCtavez", "Kenny Calvin Chavez"), NameLevel::BothClose);
    // One end the same, the other one keying error off, the middle names
    // other words: an initial written by whoever filled the form in.
    assert_eq!(names("Jacobqon R Ashley", "Jacobson Erica Ashley"), NameLevel::EndsClose);
    assert_eq!(names("Davenport K Tonya", "Davenport Leilani Tohya"), NameLevel::EndsClose);
    // Looser spellings are a family's names; short words one letter apart are other names.
    assert_eq!(names("Oddo C Patrick", "Oddo Becky Patricia"), NameLevel::Different);
    assert_eq!(names("Nguyễn Văn Hoàng", "Nguyễn Đức Hoàn"), NameLevel::Different, "middle names in full");
    assert_eq!(names("Nguyễn V Hoàng", "Nguyễn Đức Hoàn"), NameLevel::EndsClose);
    // A lone letter is close to a word only as its initial.
    assert_eq!(names("B Lana", "Abner Marco Landen"), NameLevel::Different);
    // Words left out, some given as initials; initials alone are not enough.
    assert_eq!(names("Wayne R", "Wayne Ray Johnson"), NameLevel::Partial);
    assert_eq!(names("Hebb W James", "Hebb William"), NameLevel::Partial, "the base lacks the given name");
    assert_eq!(names("W R", "Wayne Ray Johnson"), NameLevel::Different);
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

#[test]
fn folding_never_makes_a_space() {
    // The token-by-token comparisons rest on it: a folded form splits at
    // the same places as its canonical form.
    let mut all = (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|&c| c != ' ');
    assert!(all.all(|c| text::fold_char(c) != ' '));
}

#[test]
fn only_names_with_a_toned_y_or_i_have_y_i_spellings() {
    let query = |a: &str| NameQuery::new(&normalize_name(a), &Vocab::default());
    let at = |a: &str| query(a).spellable();
    assert_eq!(at("Lý Thị Mỹ"), Spellable { first: true, last: true, any: true });
    assert_eq!(at("Trần Thị Lan"), Spellable { first: false, last: false, any: true });
    assert_eq!(at("Trần Quý"), Spellable { first: false, last: true, any: true });
    assert_eq!(at("Nguyễn Văn Hùng"), Spellable::default());
    assert_eq!(at("NGUYEN THI LAN"), Spellable::default(), "no tone, no y/i spelling");
    assert_eq!(at("Vy"), Spellable::default(), "an untoned y is a name of its own");
    // Whenever two names compare as y/i spellings, the row's name says it may.
    let syllables = [
        "Lý", "Lí", "Mỹ", "Mĩ", "Kỳ", "Kì", "Quý", "Quí", "Thị", "Thỵ", "Vy", "Vi", "Hùng", "Huy", "Hủy",
        "Ý", "Í",
    ];
    let mut found = 0;
    for a in syllables {
        for b in syllables {
            for (x, y) in [(a.to_string(), b.to_string()), (format!("Trần {a}"), format!("Trần {b}"))] {
                if names(&x, &y) == NameLevel::SpellingVariant {
                    found += 1;
                    // The syllables that differ are the ones that may.
                    let (sx, sy): (Vec<&str>, Vec<&str>) = (x.split(' ').collect(), y.split(' ').collect());
                    let s = at(&x);
                    assert!(s.any, "{x} / {y}");
                    assert!(s.first || sx[0] == sy[0], "{x} / {y}");
                    assert!(s.last || sx.last() == sy.last(), "{x} / {y}");
                }
            }
        }
    }
    assert!(found >= 10, "{found}");
}
