//! How faults alter a row's values: names (style and identity faults),
//! IDs and dates of birth. Which faults a row gets, and what a perfect
//! reconciler makes of them, is in [`super::faults`].

use super::faults::Fault;
use super::rng::Rng;
use crate::normalize::{text, Dob};

/// A date as `dd/mm/yyyy`.
pub fn dmy(d: Dob) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// Day and month can be swapped into another valid date.
pub fn swappable(dob: Dob) -> bool {
    dob.day() <= 12 && dob.day() != dob.month()
}

/// The forms an export writes for a birth date known only by its year.
const PLACEHOLDERS: [&str; 5] = ["01/01/", "1/1/", "00/00/", "0/0/", ""];

/// Writes a person's date of birth with a date fault (`year_only`: the base
/// knows only the year). Faults that are not about the date give `dd/mm/yyyy`.
pub fn fault_dob(dob: Dob, year_only: bool, fault: Fault, rng: &mut Rng) -> String {
    let year = dob.year();
    match fault {
        Fault::DobSwapped => dmy(Dob::new(year, dob.day(), dob.month())),
        Fault::DobYearOnly => format!("{year:04}"),
        Fault::DobOffByOneYear => {
            let year = if rng.chance(0.5) { year + 1 } else { year - 1 };
            dmy(Dob::new(year, dob.month(), dob.day().min(28)))
        }
        Fault::DobMissing => String::new(),
        Fault::DobInvalid => format!("32/13/{year}"),
        Fault::DobOtherPerson => {
            let shift = 2 + rng.below(29) as u32;
            let other = if rng.chance(0.5) || year < 1900 + shift { year + shift } else { year - shift };
            let month = 1 + (dob.month() + 1 + rng.below(10) as u32) % 12;
            dmy(Dob::new(other, month, 1 + rng.below(28) as u32))
        }
        Fault::DobOcr => {
            // One digit of the written date as its look-alike letter.
            let written = dmy(dob);
            let at: Vec<usize> =
                written.char_indices().filter(|(_, c)| "015".contains(*c)).map(|(i, _)| i).collect();
            match at.is_empty() {
                true => written,
                false => {
                    let i = *rng.pick(&at);
                    let letter = match &written[i..=i] {
                        "0" => "O",
                        "1" => "l",
                        _ => "S",
                    };
                    format!("{}{letter}{}", &written[..i], &written[i + 1..])
                }
            }
        }
        Fault::DobImpossible if dob.month() == 2 => format!("30/02/{year}"),
        Fault::DobImpossible => format!("31/04/{year}"),
        Fault::DobPlaceholder => {
            // 01/01 is no placeholder for someone the base knows was born on 1 January.
            let born_1_jan = !year_only && dob.month() == 1 && dob.day() == 1;
            let forms = if born_1_jan { &PLACEHOLDERS[2..] } else { &PLACEHOLDERS[..] };
            format!("{}{year:04}", rng.pick(forms))
        }
        Fault::TwoFields => {
            // A date fault that still differs from what the base knows.
            let mut faults = vec![Fault::DobOffByOneYear];
            if !year_only {
                faults.push(Fault::DobPlaceholder);
                if swappable(dob) {
                    faults.push(Fault::DobSwapped);
                }
            }
            fault_dob(dob, year_only, *rng.pick(&faults), rng)
        }
        _ => dmy(dob),
    }
}

/// Applies a name fault to a full name (NFC, surname first).
pub fn fault_name(name: &str, fault: Fault, rng: &mut Rng) -> String {
    use unicode_normalization::UnicodeNormalization;
    let tokens: Vec<&str> = name.split(' ').collect();
    match fault {
        Fault::NameAscii => ascii_name(name),
        Fault::NameNfd => name.nfd().collect(),
        Fault::NameToneStyle => tokens.iter().map(|t| new_tone_style(t)).collect::<Vec<_>>().join(" "),
        Fault::NameLegacyTcvn3 => to_tcvn3_mojibake(name),
        Fault::NameLegacyVni => to_vni_mojibake(name),
        Fault::NameTypo => typo(name, rng),
        Fault::NameMiddleMissing if tokens.len() >= 3 => [tokens[0], tokens[tokens.len() - 1]].join(" "),
        Fault::NameMiddleDoubled if tokens.len() >= 3 => {
            let mut t = tokens.clone();
            t.insert(1, tokens[1]);
            t.join(" ")
        }
        Fault::NameOrder => match tokens.split_last() {
            Some((given, rest)) if !rest.is_empty() => {
                std::iter::once(*given).chain(rest.iter().copied()).collect::<Vec<_>>().join(" ")
            }
            _ => name.to_string(),
        },
        Fault::NameDiacritics => change_tone(name, rng),
        Fault::NameSpellingVariant => tokens.iter().map(|t| y_to_i(t)).collect::<Vec<_>>().join(" "),
        Fault::NameMissing => String::new(),
        Fault::NamePartMissing => match tokens.split_last() {
            // Only the given name, as a form that asks for "name" gets it.
            Some((given, _)) if rng.chance(0.5) => given.to_string(),
            Some((_, rest)) if !rest.is_empty() => rest.join(" "),
            _ => name.to_string(),
        },
        Fault::TwoFields | Fault::IdAndNameTypo => typo(name, rng),
        Fault::NameGivenOther | Fault::NameSurnameOther if tokens.len() >= 2 => {
            let mut t: Vec<String> = tokens.iter().map(|s| s.to_string()).collect();
            let (slot, pool) = match fault {
                Fault::NameGivenOther => {
                    (t.len() - 1, [super::names::GIVEN_MALE, super::names::GIVEN_FEMALE])
                }
                _ => (0, [super::names::SURNAMES, super::names::SURNAMES]),
            };
            let pool = pool[rng.below(2) as usize];
            loop {
                let (other, _) = *rng.pick(pool);
                if other != t[slot] {
                    t[slot] = other.to_string();
                    break t.join(" ");
                }
            }
        }
        Fault::NamePlaceholder => rng.pick(&["Không rõ", "Chưa có tên", "KXĐ", "Vô danh", "N/A"]).to_string(),
        _ => name.to_string(),
    }
}

/// True when the fault changes this name (some faults need a middle name, a tone, a toned y).
pub fn applies_to_name(name: &str, fault: Fault) -> bool {
    let tokens = name.split(' ').count();
    match fault {
        Fault::NameMiddleMissing | Fault::NameMiddleDoubled => tokens >= 3,
        Fault::NameGivenOther | Fault::NameSurnameOther => tokens >= 2,
        Fault::NameSpellingVariant => name.split(' ').any(|t| y_to_i(t) != t),
        Fault::NameDiacritics | Fault::NameToneStyle | Fault::NameLegacyTcvn3 | Fault::NameLegacyVni => {
            fault_name(name, fault, &mut Rng::new(0)) != name
        }
        _ => true,
    }
}

/// Bank style: upper-case ASCII.
pub fn ascii_name(name: &str) -> String {
    text::fold(&text::nfc_clean(name))
}

const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The new ("modern") tone style for open oa/oe/uy: hòa → hoà, thủy → thuỷ.
fn new_tone_style(syllable: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let lower = syllable.to_lowercase();
    let tone = lower.nfd().find(|c| TONE_MARKS.contains(c));
    let bare: String = lower.nfd().filter(|c| !TONE_MARKS.contains(c)).nfc().collect();
    let open = ["oa", "oe", "uy"].iter().any(|e| bare.ends_with(e)) && !bare.ends_with("quy");
    let (Some(tone), true) = (tone, open) else {
        return syllable.to_string();
    };
    let stripped: String = syllable.nfd().filter(|c| *c != tone).collect();
    let mut chars: Vec<char> = stripped.nfc().collect();
    let last = chars.pop().expect("an open syllable ends in a vowel");
    let toned: String = [last, tone].iter().collect::<String>().nfc().collect();
    chars.into_iter().collect::<String>() + &toned
}

/// Replaces one tone mark by another (or removes it).
fn change_tone(name: &str, rng: &mut Rng) -> String {
    use unicode_normalization::UnicodeNormalization;
    let nfd: Vec<char> = name.nfd().collect();
    let toned: Vec<usize> = (0..nfd.len()).filter(|&i| TONE_MARKS.contains(&nfd[i])).collect();
    if toned.is_empty() {
        return name.to_string();
    }
    let i = *rng.pick(&toned);
    let mut out = nfd.clone();
    let other: Vec<char> = TONE_MARKS.iter().copied().filter(|&t| t != nfd[i]).collect();
    out[i] = *rng.pick(&other);
    out.into_iter().collect::<String>().nfc().collect()
}

/// Lý → Lí, Kỳ → Kì, Quý → Quí: a toned y that is the only vowel after a consonant.
fn y_to_i(token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    let Some((&last, init)) = chars.split_last() else { return token.to_string() };
    let i = match last {
        'ý' => 'í',
        'ỳ' => 'ì',
        'ỷ' => 'ỉ',
        'ỹ' => 'ĩ',
        'ỵ' => 'ị',
        'Ý' => 'Í',
        'Ỳ' => 'Ì',
        'Ỷ' => 'Ỉ',
        'Ỹ' => 'Ĩ',
        'Ỵ' => 'Ị',
        _ => return token.to_string(),
    };
    let after_consonant = init.last().is_some_and(|c| !"aăâeêioôơuưyAĂÂEÊIOÔƠUƯY".contains(*c))
        || init.ends_with(&['q', 'u'])
        || init.ends_with(&['Q', 'u']);
    if after_consonant {
        init.iter().chain(std::iter::once(&i)).collect()
    } else {
        token.to_string()
    }
}

/// The name as TCVN3 bytes read as cp1252 (`Nguyễn` → `NguyÔn`).
fn to_tcvn3_mojibake(name: &str) -> String {
    use crate::normalize::legacy::tcvn3_char;
    name.chars()
        .map(|c| {
            let lower = c.to_lowercase().next().unwrap_or(c);
            (0xA1..=0xFEu8).find(|&b| tcvn3_char(b) == lower || tcvn3_char(b) == c).map_or(c, char::from)
        })
        .collect()
}

/// The name as VNI bytes read as cp1252 (`Nguyễn` → `Nguyeãn`).
fn to_vni_mojibake(name: &str) -> String {
    use crate::normalize::legacy::from_vni_mojibake;
    use unicode_normalization::UnicodeNormalization;
    // Encode letter by letter: find the cp1252 spelling that VNI decoding turns into it.
    let singles = ['ñ', 'ô', 'ö', 'í', 'ì', 'æ', 'ó', 'ò', 'î'];
    let marks = ['ù', 'ø', 'û', 'õ', 'ï', 'â', 'ê', 'á', 'à', 'å', 'ã', 'ä', 'é', 'è', 'ú', 'ü', 'ë'];
    let mut out = String::new();
    for c in name.nfc() {
        if c.is_ascii() || c == ' ' {
            out.push(c);
            continue;
        }
        let upper = c.is_uppercase();
        let case = |s: String| if upper { s.to_uppercase() } else { s };
        let target: String = c.to_string();
        let mut found = None;
        'search: for base in singles.iter().map(|s| s.to_string()).chain("aeiouy".chars().map(String::from)) {
            for m in std::iter::once(None).chain(marks.iter().map(Some)) {
                let mut cand = base.clone();
                cand.extend(m);
                let cand = case(cand);
                if from_vni_mojibake(&cand) == target {
                    found = Some(cand);
                    break 'search;
                }
            }
        }
        out.push_str(&found.unwrap_or(target));
    }
    out
}

/// One edit on a random letter of the name (not a token's first letter).
fn typo(name: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    let positions: Vec<usize> =
        (1..chars.len()).filter(|&i| chars[i].is_alphabetic() && chars[i - 1].is_alphabetic()).collect();
    if positions.is_empty() {
        return name.to_string();
    }
    let i = *rng.pick(&positions);
    match rng.below(4) {
        0 if chars.len() > 4 => {
            chars.remove(i);
        }
        // Not two letters that bank ASCII writes alike (ữu → uữ is HUU either way).
        1 if i + 1 < chars.len()
            && chars[i + 1].is_alphabetic()
            && !text::fold_char(chars[i + 1]).eq_ignore_ascii_case(&text::fold_char(chars[i])) =>
        {
            chars.swap(i, i + 1)
        }
        2 => chars.insert(i, chars[i]),
        _ => {
            let subs = ['n', 'h', 'a', 'o', 'u', 'i', 't', 'm'];
            let c = *rng.pick(&subs);
            let c = if chars[i].is_uppercase() { c.to_ascii_uppercase() } else { c };
            chars[i] = if text::fold_char(chars[i]).eq_ignore_ascii_case(&c) { 'x' } else { c };
        }
    }
    chars.into_iter().collect()
}

/// Applies an ID-form or ID fault to a clean 12-digit CCCD.
pub fn fault_id(id: &str, fault: Fault, rng: &mut Rng) -> String {
    match fault {
        Fault::IdLeadingZero => id.trim_start_matches('0').to_string(),
        Fault::IdSeparators => {
            let sep = *rng.pick(&[" ", ".", "-"]);
            format!("{}{sep}{}{sep}{}{sep}{}", &id[0..3], &id[3..6], &id[6..9], &id[9..])
        }
        Fault::IdApostrophe => format!("'{id}"),
        Fault::IdScientific => {
            let digits = id.trim_start_matches('0');
            format!("{}.{}E+{}", &digits[..1], &digits[1..6.min(digits.len())], digits.len() - 1)
        }
        Fault::IdDigitTypo => {
            let mut b = id.as_bytes().to_vec();
            let i = 6 + rng.below(6) as usize;
            b[i] = b'0' + ((b[i] - b'0' + 1 + rng.below(9) as u8) % 10);
            String::from_utf8(b).expect("digits")
        }
        Fault::IdTransposed => {
            let mut b = id.as_bytes().to_vec();
            let i = (6..11).find(|&i| b[i] != b[i + 1]).unwrap_or(6);
            b.swap(i, i + 1);
            String::from_utf8(b).expect("digits")
        }
        Fault::IdMissing => String::new(),
        Fault::IdOcr => {
            let letter = |d: u8| match d {
                b'0' => Some('O'),
                b'1' => Some('l'),
                b'5' => Some('S'),
                b'8' => Some('B'),
                _ => None,
            };
            let at: Vec<usize> =
                id.bytes().enumerate().filter(|&(_, d)| letter(d).is_some()).map(|(i, _)| i).collect();
            let mut out: Vec<char> = id.chars().collect();
            for _ in 0..1 + rng.below(2) {
                if !at.is_empty() {
                    let i = *rng.pick(&at);
                    out[i] = letter(id.as_bytes()[i]).expect("a look-alike digit");
                }
            }
            out.into_iter().collect()
        }
        Fault::IdMalformed => rng.pick(&["chưa có", "N/A", "x", "???", "đang cập nhật"]).to_string(),
        _ => id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize_name;

    #[test]
    fn style_faults_keep_the_canonical_form() {
        let mut r = Rng::new(1);
        for name in ["Nguyễn Thị Hòa", "Trần Văn Thủy", "Đặng Ngọc Lý", "Phạm Thị Hương"]
        {
            let want = normalize_name(name).canonical;
            for f in [Fault::NameNfd, Fault::NameToneStyle, Fault::NameLegacyTcvn3, Fault::NameLegacyVni] {
                let faulty = fault_name(name, f, &mut r);
                assert_eq!(normalize_name(&faulty).canonical, want, "{f:?}: {faulty}");
            }
            assert_eq!(
                normalize_name(&fault_name(name, Fault::NameAscii, &mut r)).folded,
                normalize_name(name).folded
            );
        }
        assert_eq!(fault_name("Nguyễn Thị Hòa", Fault::NameToneStyle, &mut r), "Nguyễn Thị Hoà");
        assert_eq!(fault_name("Nguyễn Văn Hải", Fault::NameLegacyTcvn3, &mut r), "NguyÔn V¨n H¶i");
        assert_eq!(fault_name("Nguyễn Văn Đức", Fault::NameLegacyVni, &mut r), "Nguyeãn Vaên Ñöùc");
    }

    #[test]
    fn identity_faults_change_the_name() {
        let mut r = Rng::new(5);
        assert_eq!(fault_name("Lê Thị Mai", Fault::NameMiddleMissing, &mut r), "Lê Mai");
        assert_eq!(fault_name("Lê Thị Mai", Fault::NameMiddleDoubled, &mut r), "Lê Thị Thị Mai");
        assert_eq!(fault_name("Lê Thị Mai", Fault::NameOrder, &mut r), "Mai Lê Thị");
        assert_eq!(fault_name("Lý Thị Mỹ", Fault::NameSpellingVariant, &mut r), "Lí Thị Mĩ");
        for _ in 0..50 {
            assert_ne!(fault_name("Lê Thị Mai", Fault::NameTypo, &mut r), "Lê Thị Mai");
            assert_ne!(fault_name("Lê Thị Mai", Fault::IdAndNameTypo, &mut r), "Lê Thị Mai");
            // Seen in bank ASCII too.
            assert_ne!(text::fold(&fault_name("Hồ Hữu Sơn", Fault::NameTypo, &mut r)), "HO HUU SON");
            let d = fault_name("Dương Văn Hải", Fault::NameDiacritics, &mut r);
            assert_ne!(d, "Dương Văn Hải");
            assert_eq!(text::fold(&d), "DUONG VAN HAI");
        }
    }

    #[test]
    fn placeholder_dates_carry_only_the_year() {
        use crate::normalize::{parse_dob, Precision};
        let mut r = Rng::new(2);
        let dob = Dob::new(1931, 3, 15);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            seen.insert(fault_dob(dob, false, Fault::DobPlaceholder, &mut r));
        }
        assert_eq!(
            seen.into_iter().collect::<Vec<_>>(),
            ["0/0/1931", "00/00/1931", "01/01/1931", "1/1/1931", "1931"]
        );
        // 01/01 reads as a full date (the engine takes it as a placeholder);
        // the others say the year only.
        for (text, precision) in [
            ("01/01/1931", Precision::Day),
            ("1/1/1931", Precision::Day),
            ("00/00/1931", Precision::Year),
            ("0/0/1931", Precision::Year),
            ("1931", Precision::Year),
        ] {
            let (d, _) = parse_dob(text).unwrap();
            assert_eq!((d.year(), d.precision()), (1931, precision), "{text}");
        }
        // For someone the base knows was born on 1 January, 01/01 is the date itself.
        let jan1 = Dob::new(1950, 1, 1);
        for _ in 0..100 {
            let d = fault_dob(jan1, false, Fault::DobPlaceholder, &mut r);
            assert!(["00/00/1950", "0/0/1950", "1950"].contains(&d.as_str()), "{d}");
        }
        // A year-only base date may be written 01/01 whatever day the person was born.
        let all = (0..200).map(|_| fault_dob(jan1, true, Fault::DobPlaceholder, &mut r)).collect::<Vec<_>>();
        assert!(all.iter().any(|d| d == "01/01/1950"));
    }

    #[test]
    fn a_part_of_the_name_missing() {
        let mut r = Rng::new(6);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..50 {
            seen.insert(fault_name("Nguyễn Văn Hùng", Fault::NamePartMissing, &mut r));
            let two = fault_name("Lê Mai", Fault::NamePartMissing, &mut r);
            assert!(two == "Lê" || two == "Mai", "{two}");
        }
        assert_eq!(seen.into_iter().collect::<Vec<_>>(), ["Hùng", "Nguyễn Văn"]);
    }

    #[test]
    fn two_fields_at_once() {
        use crate::normalize::parse_dob;
        let mut r = Rng::new(8);
        for (dob, year_only) in [(Dob::new(1980, 3, 9), false), (Dob::new(1940, 1, 1), true)] {
            let mut kinds = std::collections::BTreeSet::new();
            for _ in 0..200 {
                let name = fault_name("Trần Thị Lan", Fault::TwoFields, &mut r);
                assert_ne!(name, "Trần Thị Lan");
                assert_ne!(text::fold(&name), "TRAN THI LAN");
                let d = fault_dob(dob, year_only, Fault::TwoFields, &mut r);
                let (got, _) = parse_dob(&d).unwrap();
                assert_ne!(got, dob, "{d}");
                kinds.insert(match () {
                    _ if got.year() != dob.year() => "year",
                    _ if got.month() == dob.day() && got.day() == dob.month() => "swapped",
                    _ => "placeholder",
                });
            }
            let want: &[&str] = if year_only { &["year"] } else { &["placeholder", "swapped", "year"] };
            assert_eq!(kinds.into_iter().collect::<Vec<_>>(), want);
        }
    }

    #[test]
    fn date_faults() {
        let mut r = Rng::new(4);
        let dob = Dob::new(1990, 5, 7);
        assert_eq!(fault_dob(dob, false, Fault::NameTypo, &mut r), "07/05/1990");
        assert_eq!(fault_dob(dob, false, Fault::DobSwapped, &mut r), "05/07/1990");
        assert_eq!(fault_dob(dob, false, Fault::DobYearOnly, &mut r), "1990");
        assert_eq!(fault_dob(dob, false, Fault::DobMissing, &mut r), "");
        assert_eq!(fault_dob(dob, false, Fault::DobImpossible, &mut r), "31/04/1990");
        let off = fault_dob(dob, false, Fault::DobOffByOneYear, &mut r);
        assert!(off == "07/05/1989" || off == "07/05/1991", "{off}");
        assert!(swappable(dob) && !swappable(Dob::new(1990, 5, 5)) && !swappable(Dob::new(1990, 5, 13)));
    }

    #[test]
    fn id_faults() {
        let id = "001090123456";
        let mut r = Rng::new(1);
        assert_eq!(fault_id(id, Fault::IdLeadingZero, &mut r), "1090123456");
        assert_eq!(fault_id(id, Fault::IdScientific, &mut r), "1.09012E+9");
        assert_ne!(fault_id(id, Fault::IdTransposed, &mut r), id);
        let d = fault_id(id, Fault::IdDigitTypo, &mut r);
        assert_eq!(d.chars().zip(id.chars()).filter(|(a, b)| a != b).count(), 1);
    }
}
