//! How an encoded row and a base person compare, field by field: the
//! levels the model weighs. The name is one field, as in plaintext: its
//! parts' filters compared one by one and the result read as one level
//! (the same name, a middle name missing, one part a keying error off,
//! another given name ...), so a typo is weighed as rare as a typo in a
//! whole name is, not as common as two syllables one letter apart are.

use super::model::{IdLevel, FILTER_LEVELS};
use crate::encoded::bloom::{dice, hamming};
use crate::encoded::file::Table;
use crate::encoded::record::{DOB, GIVEN, JANUARY_FIRST, MIDDLE, NAME, SEX, SURNAME, YOB};

/// Two filters of the same value: they differ in no more bits than their encodings flipped.
pub const SAME: u8 = 0;
/// The Dice bands below the same value, best first (dates, years, extra
/// fields): a year a digit off compares near 0.7, a day and month swapped
/// near 0.55, another date of the same year near 0.3.
pub const BANDS: [f64; 3] = [0.65, 0.45, 0.25];
/// The level of a filter field when either side has no value.
pub const MISSING: u8 = FILTER_LEVELS as u8 - 1;
/// The level below every band.
pub const BELOW: u8 = FILTER_LEVELS as u8 - 2;

/// A name part's Dice coefficient (of folded words: Hùng and Hưng are one)
/// from which it is a keying error or two away rather than another word
/// (NGUYEN/NGUYN ~0.7, TRAM/TRAO ~0.55 under the flips; LE/LY ~0.3).
const CLOSE: f64 = 0.5;

/// Position of the name, the date, the year, the sex and the first extra field in [`Compared::levels`].
pub const AT_NAME: usize = 1;
/// The date.
pub const AT_DOB: usize = 2;
/// The year.
pub const AT_YOB: usize = 3;
/// The sex.
pub const AT_SEX: usize = 4;
/// The first extra field.
pub const AT_EXTRA: usize = 5;
// The levels after the name are the filters' from the date on, in order.
const _: () = assert!(AT_YOB - AT_DOB == YOB - DOB && AT_SEX - AT_DOB == SEX - DOB && AT_EXTRA == AT_SEX + 1);

/// How one name part compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The same word(s).
    Same,
    /// One side gives only the initial of the other's.
    Initial,
    /// A keying error or two away.
    Close,
    /// Another word.
    Far,
    /// Missing on a side.
    Missing,
}

macro_rules! name_levels {
    ($($variant:ident => $label:literal,)*) => {
        /// How two names compare, best first.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u8)]
        pub enum NameLevel { $(#[doc = $label] $variant,)* }

        /// The name levels' labels, in order.
        pub const NAME_LABELS: &[&str] = &[$($label,)*];

        /// Every name level, in order (its position is its level).
        const NAME_LEVELS: &[NameLevel] = &[$(NameLevel::$variant,)*];
    };
}

name_levels! {
    Same => "same",
    MiddleMissing => "middle_missing",
    Initials => "middle_initials",
    Partial => "partial",
    Typo => "one_part_close",
    Close => "parts_close",
    MiddleDiffers => "middle_differs",
    GivenDiffers => "given_differs",
    SurnameDiffers => "surname_differs",
    Different => "different",
    Missing => "missing",
}

/// Row `i` against person `p`, as the model and the reasons see them.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    /// The ID, the name, the date, the year, the sex, each extra field.
    pub levels: Vec<u8>,
    /// Surname, middle names, given name, one by one.
    pub parts: [Part; 3],
    /// The name's words in another order (given name first).
    pub reordered: bool,
    /// Whether the row and the person have middle names.
    pub middles: (bool, bool),
}

/// The model's fields after the ID, each with its levels' labels: the
/// name, the date, the year, the sex, each extra field.
pub fn model_fields(extra: &[String]) -> Vec<(String, Vec<String>)> {
    let mut bands = vec!["same".to_string()];
    bands.extend(BANDS.iter().map(|b| format!("dice>={b}")));
    bands.extend(["different".to_string(), "missing".to_string()]);
    let name = NAME_LABELS.iter().map(|s| s.to_string()).collect();
    let mut fields = vec![
        ("name".to_string(), name),
        ("dob".into(), bands.clone()),
        ("yob".into(), bands.clone()),
        ("sex".into(), bands.clone()),
    ];
    fields.extend(extra.iter().map(|f| (f.clone(), bands.clone())));
    fields
}

impl Compared {
    /// The name's level.
    pub fn name(&self) -> NameLevel {
        NAME_LEVELS[self.levels[AT_NAME] as usize]
    }
}

/// Field `f` of row `i` and of person `p`, and the bits their encodings flipped.
fn filters<'t>(
    input: &'t Table,
    i: usize,
    f: usize,
    base: &'t Table,
    p: usize,
) -> Option<(&'t [u64], &'t [u64], u32)> {
    Some((input.filters[f].get(i)?, base.filters[f].get(p)?, input.flips[f] + base.flips[f]))
}

/// Field `f`'s level: the same value, else its Dice band.
fn banded(input: &Table, i: usize, f: usize, base: &Table, p: usize) -> u8 {
    let Some((a, b, flipped)) = filters(input, i, f, base, p) else { return MISSING };
    if hamming(a, b) <= flipped {
        return SAME;
    }
    let d = dice(a, b);
    1 + BANDS.iter().position(|&band| d >= band).unwrap_or(BANDS.len()) as u8
}

fn part(input: &Table, i: usize, f: usize, base: &Table, p: usize) -> Part {
    let Some((a, b, flipped)) = filters(input, i, f, base, p) else { return Part::Missing };
    // A lone initial sets its two tokens' bits (and the flipped ones).
    let lone =
        |x: &[u64], flips: u32| x.iter().map(|w| w.count_ones()).sum::<u32>() <= 2 * input.hashes[f] + flips;
    if hamming(a, b) <= flipped {
        Part::Same
    } else if (lone(a, input.flips[f]) && within(a, b, flipped))
        || (lone(b, base.flips[f]) && within(b, a, flipped))
    {
        Part::Initial
    } else if dice(a, b) >= CLOSE {
        Part::Close
    } else {
        Part::Far
    }
}

/// `a`'s tokens all among `b`'s: no more of its bits outside `b` than
/// flipping puts there (three quarters of the `flipped` bits at the most:
/// about half of them land outside; a word not among the other's sets
/// some twenty bits outside).
fn within(a: &[u64], b: &[u64], flipped: u32) -> bool {
    a.iter().zip(b).map(|(x, y)| (x & !y).count_ones()).sum::<u32>() <= flipped * 3 / 4
}

/// One name's words all among the other's.
fn words_within(input: &Table, i: usize, base: &Table, p: usize) -> bool {
    let Some((a, b, flipped)) = filters(input, i, NAME, base, p) else { return false };
    within(a, b, flipped) || within(b, a, flipped)
}

/// Row `i` of `input` compared with person `p` of `base`.
pub fn compare(input: &Table, i: usize, base: &Table, p: usize) -> Compared {
    let id = match input.ids[i] {
        0 => IdLevel::Missing,
        h if h == base.ids[p] => IdLevel::Exact,
        h if h == base.old_ids[p] => IdLevel::OldId,
        _ => IdLevel::Differs,
    };
    let mut parts = [SURNAME, MIDDLE, GIVEN].map(|f| part(input, i, f, base, p));
    // An end neither name has (a name of one word, a surname column blank
    // on both sides) is no difference: `An` and `An` are the same name.
    for (at, f) in [(0, SURNAME), (2, GIVEN)] {
        if input.filters[f].get(i).is_none() && base.filters[f].get(p).is_none() {
            parts[at] = Part::Same;
        }
    }
    // The same words in another order: the same name, written otherwise.
    let reordered = parts.iter().any(|&x| x != Part::Same && x != Part::Missing)
        && filters(input, i, NAME, base, p).is_some_and(|(a, b, flipped)| hamming(a, b) <= flipped);
    if reordered {
        parts = parts.map(|x| if x == Part::Missing { x } else { Part::Same });
    }
    let has = |f: usize| (input.filters[f].get(i).is_some(), base.filters[f].get(p).is_some());
    let middles = has(MIDDLE);
    let name = name_level(parts, (has(NAME), middles), || words_within(input, i, base, p));
    let mut levels = vec![id as u8, name as u8];
    levels.extend((DOB..input.filters.len()).map(|f| banded(input, i, f, base, p)));
    // Of two values, the other is the other, however many bits apart.
    if !matches!(levels[AT_SEX], SAME | MISSING) {
        levels[AT_SEX] = BELOW;
    }
    // The year weighs where a side lacks the whole date, or where one
    // side's whole date is 1 January (a placeholder as often as not) and
    // the dates differ; else the date says it all.
    let placeholder = (input.flags[i] | base.flags[p]) & JANUARY_FIRST != 0;
    match levels[AT_DOB] {
        MISSING => {}
        SAME => levels[AT_YOB] = MISSING,
        _ if placeholder => levels[AT_DOB] = MISSING,
        _ => levels[AT_YOB] = MISSING,
    }
    Compared { levels, parts, reordered, middles }
}

/// The name's level from its parts; `named`, `middles`: whether each side
/// has a name, middle names; `within`: one name's words are all among the other's.
fn name_level(
    parts: [Part; 3],
    (named, middles): ((bool, bool), (bool, bool)),
    within: impl Fn() -> bool,
) -> NameLevel {
    use Part::*;
    if !(named.0 && named.1) {
        return NameLevel::Missing;
    }
    let [s, m, g] = parts;
    let ends_same = s == Same && g == Same;
    let close = [s, m, g].iter().filter(|&&x| x == Close).count();
    match (s, m, g) {
        _ if ends_same && middles.0 != middles.1 => NameLevel::MiddleMissing,
        (Same, Same | Missing, Same) => NameLevel::Same,
        // The middle names agree but one side gives initials.
        (Same, Initial, Same) => NameLevel::Initials,
        (Same, Far, Same) if within() => NameLevel::Initials,
        (Same | Close, Same | Close | Missing, Same | Close) if close == 1 && middles.0 == middles.1 => {
            NameLevel::Typo
        }
        (Same | Close, Same | Close | Initial | Missing, Same | Close) => NameLevel::Close,
        (Same, Far, Same) => NameLevel::MiddleDiffers,
        // One name is a part of the other (no surname, no given name, a
        // word short, a word given as its initial), or an end missing (its
        // column blank) and the rest agreeing.
        (Missing, Same | Initial | Missing, Same) | (Same, Same | Initial | Missing, Missing) => {
            NameLevel::Partial
        }
        _ if within() => NameLevel::Partial,
        (Missing, Same | Initial, Close) | (Close, Same | Initial, Missing) => NameLevel::Close,
        // One end another word, the rest the same.
        (Far, Same | Initial | Missing, Same) => NameLevel::SurnameDiffers,
        (Same, Same | Initial | Missing, Far) => NameLevel::GivenDiffers,
        _ => NameLevel::Different,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Part::*;

    #[test]
    fn name_levels_read_the_parts_as_plaintext_levels() {
        let never = || false;
        let both = ((true, true), (true, true));
        let no_middles = ((true, true), (false, false));
        assert_eq!(name_level([Same, Same, Same], both, never), NameLevel::Same);
        assert_eq!(name_level([Same, Missing, Same], no_middles, || true), NameLevel::Same);
        assert_eq!(
            name_level([Same, Missing, Same], ((true, true), (true, false)), || true),
            NameLevel::MiddleMissing
        );
        assert_eq!(name_level([Same, Same, Close], both, never), NameLevel::Typo);
        assert_eq!(name_level([Close, Same, Close], both, never), NameLevel::Close);
        assert_eq!(name_level([Same, Same, Far], both, never), NameLevel::GivenDiffers);
        assert_eq!(name_level([Far, Same, Same], both, never), NameLevel::SurnameDiffers);
        assert_eq!(name_level([Far, Far, Far], both, never), NameLevel::Different);
        assert_eq!(name_level([Same, Same, Far], both, || true), NameLevel::Partial);
        // An end missing (a blank column), the rest agreeing, or the other end spelt alike.
        assert_eq!(name_level([Missing, Initial, Same], both, never), NameLevel::Partial);
        assert_eq!(name_level([Same, Same, Missing], both, never), NameLevel::Partial);
        assert_eq!(name_level([Missing, Initial, Close], both, never), NameLevel::Close);
        assert_eq!(name_level([Missing, Far, Close], both, never), NameLevel::Different);
        assert_eq!(name_level([Missing, Initial, Far], both, never), NameLevel::Different);
        assert_eq!(name_level([Same, Same, Same], ((true, false), (true, true)), never), NameLevel::Missing);
    }
}
