//! Comparing two names: the level of their agreement, from the same
//! canonical form down to different names (see [`NameLevel`]).
//!
//! A row's name is compared with dozens of base names, each a run of token
//! numbers over the base's vocabulary. So the row's side is prepared once
//! ([`NameQuery`]: tokens split, sorted, looked up in the vocabulary) and
//! the base side is read straight from the vocabulary's token strings: the
//! cheap checks (token numbers, folded tokens, lengths) come first, the
//! string metrics last, and nothing is allocated per base name.

use std::cell::OnceCell;

use super::metrics::{jaro_winkler, jaro_winkler_may_reach_094, osa_capped, STACK_CHARS};
use super::NameLevel;
use crate::index::Vocab;
use crate::normalize::{text, BlankEnds, NormName};

/// Tokens a base name may have for its sorted copy to live on the stack.
const STACK_TOKENS: usize = 16;

/// Which syllables of a name may have a y/i spelling ([`NameQuery::spellable`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spellable {
    /// The first (the surname).
    pub first: bool,
    /// The last (the given name).
    pub last: bool,
    /// Any.
    pub any: bool,
}

/// A row's name, prepared for comparison with many base names.
#[derive(Debug)]
pub struct NameQuery {
    canonical: String,
    folded: String,
    has_diacritics: bool,
    /// The number of tokens.
    count: usize,
    /// The canonical tokens' numbers in the vocabulary; `None` when one of
    /// them is not in it (then no base name has the same canonical form).
    ids: Option<Vec<u32>>,
    /// What only names that are not the same need, prepared when first
    /// needed (a row settled by its ID never needs it).
    spelling: OnceCell<Spelling>,
    /// The value as read, when it was repaired as legacy-encoded text.
    unrepaired: Option<Box<NormName>>,
    /// The value as given, when it might be legacy-encoded text.
    maybe_legacy: Option<Box<str>>,
    /// The ends whose column was blank.
    blank: BlankEnds,
    /// The other readings of the value, prepared when first needed.
    alternates: OnceCell<Vec<NameQuery>>,
}

impl NameQuery {
    /// Prepares `name` for comparison with names over `vocab`.
    pub fn new(name: &NormName, vocab: &Vocab) -> NameQuery {
        NameQuery {
            canonical: name.canonical.clone(),
            folded: name.folded.clone(),
            has_diacritics: name.has_diacritics,
            count: name.folded.split(' ').count(),
            ids: name.canonical.split(' ').map(|t| vocab.get(t)).collect(),
            spelling: OnceCell::new(),
            unrepaired: name.unrepaired.clone(),
            maybe_legacy: name.maybe_legacy.clone(),
            blank: name.blank,
            alternates: OnceCell::new(),
        }
    }

    /// The value is also compared in other readings (as read before its
    /// repair, or as legacy-encoded text), which its blocking keys do not follow.
    pub fn has_other_readings(&self) -> bool {
        self.unrepaired.is_some() || self.maybe_legacy.is_some()
    }

    /// Which syllables end in a toned `y` or `i` after a consonant: only
    /// those can differ in a base name that is a y/i spelling of this
    /// reading ([`NameLevel::SpellingVariant`]).
    pub fn spellable(&self) -> Spellable {
        let y_i = |t: &str| {
            t.chars().next_back().is_some_and(|last| {
                TONED_Y_AS_I.iter().any(|&(y, i)| last == y || last == i)
                    && after_consonant(&t[..t.len() - last.len_utf8()])
            })
        };
        let mut tokens = self.canonical.split(' ');
        Spellable {
            first: tokens.clone().next().is_some_and(y_i),
            last: tokens.clone().next_back().is_some_and(y_i),
            any: tokens.any(y_i),
        }
    }

    /// Compares the name with the base name made of `tokens` over `vocab`,
    /// whose `blank` ends were blank columns.
    pub fn compare(&self, tokens: &[u32], blank: BlankEnds, vocab: &Vocab) -> NameLevel {
        let mut level = self.level(tokens, vocab);
        // A name with a blank end (a blank or placeholder column): words
        // read by their place take the blank end's, so the ends both names
        // have are also compared in place, and the better reading counts.
        // The same words with other blank ends are not the same name (`A
        // Julie` without a surname, the surname `A`; other blocking keys).
        // With the same blank ends the words align, but a level beyond
        // the same letters reads the word beside a blank end as that end.
        if (self.blank.any() || blank.any()) && level != NameLevel::Missing {
            let in_place = self.in_place(tokens, blank, vocab);
            let same_letters = level <= NameLevel::Order;
            level = match (same_letters, self.blank == blank) {
                (true, true) => level,
                (true, false) | (false, true) => in_place,
                (false, false) => level.min(in_place),
            };
        }
        if level <= NameLevel::NoDiacritics {
            return level;
        }
        // A value repaired as legacy-encoded text might have been a misspelling
        // after all, and a well-formed value might be legacy text: the other
        // reading counts when it compares better.
        let alternates = self.alternates.get_or_init(|| self.readings(vocab));
        alternates.iter().map(|q| q.level(tokens, vocab)).fold(level, NameLevel::min)
    }

    /// The other readings of the value: as read before repair, and as legacy text.
    fn readings(&self, vocab: &Vocab) -> Vec<NameQuery> {
        let mut out: Vec<NameQuery> = self.unrepaired.iter().map(|n| NameQuery::new(n, vocab)).collect();
        if let Some(raw) = &self.maybe_legacy {
            for (reading, _) in crate::normalize::legacy::readings(raw) {
                out.push(NameQuery::new(&crate::normalize::normalize_name(&reading), vocab));
            }
        }
        out
    }

    /// The level of this reading against the base name (no other readings).
    fn level(&self, tokens: &[u32], vocab: &Vocab) -> NameLevel {
        let b_empty = match tokens {
            [] => true,
            [t] => vocab.token(*t).is_empty(),
            _ => false,
        };
        if self.canonical.is_empty() || b_empty {
            return NameLevel::Missing;
        }
        // Tokens hold no space, so equal canonical forms are equal token runs.
        if self.ids.as_deref() == Some(tokens) {
            return NameLevel::Exact;
        }
        let n = tokens.len();
        let folded_len = tokens.iter().map(|&t| vocab.folded(t).len()).sum::<usize>() + n - 1;
        // Equal folded lengths and token counts: necessary for a y/i
        // spelling, the same folded form and the same tokens in another order.
        let same_shape = folded_len == self.folded.len() && n == self.count;
        if same_shape && self.canonical.split(' ').zip(tokens).all(|(a, &t)| same_but_y(a, vocab.token(t))) {
            return NameLevel::SpellingVariant;
        }
        if same_shape && self.folded.split(' ').zip(tokens).all(|(a, &t)| a == vocab.folded(t)) {
            let b_diacritics = tokens.iter().any(|&t| vocab.folded(t) != vocab.token(t));
            return if self.has_diacritics && b_diacritics {
                NameLevel::Diacritics
            } else {
                NameLevel::NoDiacritics
            };
        }
        let mut stack = [""; STACK_TOKENS];
        let mut heap = Vec::new();
        let sorted_b = scratch(&mut stack, &mut heap, n, "");
        for (slot, &t) in sorted_b.iter_mut().zip(tokens) {
            *slot = vocab.folded(t);
        }
        sorted_b.sort_unstable();
        let sorted_b: &[&str] = sorted_b;
        let spelling = self.spelling.get_or_init(|| Spelling::of(&self.folded));
        let sorted_a = || spelling.sorted.split(' ');
        if same_shape && sorted_a().eq(sorted_b.iter().copied()) {
            return NameLevel::Order;
        }
        let mut stack = ['\0'; STACK_CHARS];
        let mut heap = Vec::new();
        let b_chars = folded_chars(tokens, vocab, &mut stack, &mut heap);
        // One keying error anywhere (the middle name too) is more telling than
        // a middle name that differs.
        let distance = osa_capped(&spelling.chars, b_chars);
        let longest = self.folded.len().max(folded_len);
        if distance == 1 && longest >= 5 {
            return NameLevel::Typo;
        }
        let first_a = self.folded.split(' ').next();
        let last_a = self.folded.rsplit(' ').next();
        let (first_b, last_b) =
            (tokens.first().map(|&t| vocab.folded(t)), tokens.last().map(|&t| vocab.folded(t)));
        let a_shorter = self.count < n;
        let sub_multiset = || {
            if a_shorter {
                is_sub_multiset(sorted_a(), sorted_b.iter().copied())
            } else {
                is_sub_multiset(sorted_b.iter().copied(), sorted_a())
            }
        };
        let two_parts = self.count >= 2 && n >= 2;
        // The middle names (between the first and the last word) agree
        // up to initials, or one side has none.
        let middles_agree = || {
            let a = self.folded.split(' ').skip(1).take(self.count - 2);
            middles_agree((a, self.count - 2), (tokens[1..n - 1].iter().map(|&t| vocab.folded(t)), n - 2))
        };
        if two_parts && first_a == first_b && last_a == last_b {
            if sub_multiset() {
                return NameLevel::MiddleName;
            }
            return if middles_agree() { NameLevel::Initials } else { NameLevel::MiddleDiffers };
        }
        // A keying error in one end of the name, or one in each, both names
        // with middle names that agree up to initials (`Jvlia L Vosburgh`,
        // `Julia Leticia Vosburqh`): the whole-name distance counts the
        // initial as errors. (Without a middle name on one side, a given
        // name one letter from another is as often another name: Hùng, Hương.)
        let both_middles = self.count >= 3 && n >= 3;
        if both_middles && middles_agree() {
            let typo = |a: Option<&str>, b: Option<&str>| {
                let (a, b) = (a.unwrap_or(""), b.unwrap_or(""));
                a != b && a.len().max(b.len()) >= 4 && one_edit(a, b)
            };
            let (surname, given) = (typo(first_a, first_b), typo(last_a, last_b));
            if surname && given {
                return NameLevel::Similar;
            }
            if surname && last_a == last_b || given && first_a == first_b {
                return NameLevel::Typo;
            }
        }
        if self.count != n && (sub_multiset() || self.part_with_initials(tokens, vocab)) {
            return NameLevel::Partial;
        }
        if distance == 2 && longest >= 8
            || jaro_winkler_may_reach_094(&spelling.chars, b_chars)
                && jaro_winkler(&spelling.chars, b_chars) >= 0.94
        {
            return NameLevel::Similar;
        }
        // One end broken (a typo, an OCR'd, nickname or placeholder word),
        // the rest intact; close spellings apart from unrelated words.
        if two_parts && first_a == first_b && middles_agree() {
            let close = words_close(last_a.unwrap_or(""), last_b.unwrap_or(""));
            return if close { NameLevel::GivenClose } else { NameLevel::GivenDiffers };
        }
        if two_parts && last_a == last_b && middles_agree() {
            let close = words_close(first_a.unwrap_or(""), first_b.unwrap_or(""));
            return if close { NameLevel::SurnameClose } else { NameLevel::SurnameDiffers };
        }
        // Each end spelt alike (not a lone letter), the middle names agreeing.
        let ends = [first_a, first_b, last_a, last_b].map(|w| w.unwrap_or(""));
        if both_middles
            && ends.iter().all(|w| w.len() > 1)
            && words_close(ends[0], ends[1])
            && words_close(ends[2], ends[3])
            && middles_agree()
        {
            return NameLevel::BothClose;
        }
        // A surname of several words on one side (`Garcia Morales`, `De La
        // Casa`, a placeholder phrase such as `No Last Name`) before a
        // middle initial: the given names agree and the word just before
        // them is the initial of the other's; the words before those are
        // the surname, and differ. (The same middle word in full says less:
        // `Nguyễn Thu Hà`, `Trần Thị Thu Hà` are two persons.)
        if self.count >= 3 && n >= 3 && last_a == last_b {
            let (x, y) = (self.folded.rsplit(' ').nth(1).unwrap_or(""), vocab.folded(tokens[n - 2]));
            if initial_of(x, y) || initial_of(y, x) {
                return NameLevel::SurnameDiffers;
            }
        }
        // One end the same, the other one keying error off, the middle
        // names not alike, one side's given as initials: an initial
        // written by whoever filled the form in, the ends still speak for
        // one person. (Looser spellings — Patrick, Patricia — are a
        // family's names; middle names in full that differ, two persons'.)
        let typo = |a: &str, b: &str| a.len().max(b.len()) >= 4 && one_edit(a, b);
        if both_middles
            && (ends[0] == ends[1] && typo(ends[2], ends[3]) || ends[2] == ends[3] && typo(ends[0], ends[1]))
        {
            let lone = |w: &str| w.len() == 1;
            let initials_a = self.folded.split(' ').skip(1).take(self.count - 2).all(lone);
            let initials_b = tokens[1..n - 1].iter().all(|&t| lone(vocab.folded(t)));
            if initials_a || initials_b {
                return NameLevel::EndsClose;
            }
        }
        NameLevel::Different
    }

    /// The level of a name with a blank end against the base name: the
    /// ends both have, equal or spelt alike (not a lone letter), and the
    /// middle names agreeing up to initials; `Different` otherwise.
    fn in_place(&self, tokens: &[u32], blank: BlankEnds, vocab: &Vocab) -> NameLevel {
        let a: Vec<&str> = self.folded.split(' ').collect();
        let b: Vec<&str> = tokens.iter().map(|&t| vocab.folded(t)).collect();
        let (Some(a), Some(b)) = (Placed::of(&a, self.blank), Placed::of(&b, blank)) else {
            return NameLevel::Different;
        };
        let (mut compared, mut close) = (false, false);
        for pair in [(a.surname, b.surname), (a.given, b.given)] {
            let (Some(x), Some(y)) = pair else { continue };
            compared = true;
            if x != y {
                if x.len() == 1 || y.len() == 1 || !words_close(x, y) {
                    return NameLevel::Different;
                }
                close = true;
            }
        }
        let (m, n) = (a.middle, b.middle);
        if !compared || !middles_agree((m.iter().copied(), m.len()), (n.iter().copied(), n.len())) {
            return NameLevel::Different;
        }
        match close {
            false => NameLevel::Partial,
            true if !m.is_empty() && !n.is_empty() => NameLevel::PartClose,
            true => NameLevel::Different,
        }
    }

    /// One name is the other with words left out, the words kept in order
    /// and some given as initials on either side (`Wayne R` of `Wayne Ray
    /// Johnson`, `Hebb William` of `Hebb W James`), one whole word at
    /// least the same.
    fn part_with_initials(&self, tokens: &[u32], vocab: &Vocab) -> bool {
        let a = self.folded.split(' ');
        let b = tokens.iter().map(|&t| vocab.folded(t));
        if self.count < tokens.len() {
            kept_in_order(a, b)
        } else {
            kept_in_order(b, a)
        }
    }
}

/// A name's words in their places, an end whose column was blank absent.
struct Placed<'a> {
    surname: Option<&'a str>,
    middle: &'a [&'a str],
    given: Option<&'a str>,
}

impl<'a> Placed<'a> {
    /// `None` for no words; one word and no blank end is a given name.
    fn of(words: &'a [&'a str], blank: BlankEnds) -> Option<Placed<'a>> {
        if words.iter().all(|w| w.is_empty()) {
            return None;
        }
        if let [one] = words {
            if !blank.any() {
                return Some(Placed { surname: None, middle: &[], given: Some(one) });
            }
        }
        let (s, g) = (usize::from(!blank.surname), usize::from(!blank.given));
        if words.len() < s + g {
            return None;
        }
        Some(Placed {
            surname: (s == 1).then(|| words[0]),
            middle: &words[s..words.len() - g],
            given: (g == 1).then(|| words[words.len() - 1]),
        })
    }
}

/// A folded name as the token multiset and string metrics see it.
#[derive(Debug)]
struct Spelling {
    /// The folded tokens sorted, joined by single spaces.
    sorted: String,
    /// The folded form's characters.
    chars: Vec<char>,
}

impl Spelling {
    fn of(folded: &str) -> Spelling {
        let mut sorted: Vec<&str> = folded.split(' ').collect();
        sorted.sort_unstable();
        Spelling { sorted: sorted.join(" "), chars: folded.chars().collect() }
    }
}

/// `len` slots of `stack`, or of `heap` when `stack` is too short.
pub(super) fn scratch<'s, T: Copy>(
    stack: &'s mut [T],
    heap: &'s mut Vec<T>,
    len: usize,
    fill: T,
) -> &'s mut [T] {
    if len <= stack.len() {
        &mut stack[..len]
    } else {
        heap.resize(len, fill);
        heap
    }
}

/// The characters of a base name's folded form (tokens joined by spaces).
fn folded_chars<'s>(
    tokens: &[u32],
    vocab: &Vocab,
    stack: &'s mut [char; STACK_CHARS],
    heap: &'s mut Vec<char>,
) -> &'s [char] {
    let mut chars = tokens
        .iter()
        .enumerate()
        .flat_map(|(i, &t)| (i > 0).then_some(' ').into_iter().chain(vocab.folded(t).chars()));
    let mut len = 0;
    for c in chars.by_ref() {
        if len == STACK_CHARS {
            heap.extend_from_slice(stack);
            heap.push(c);
            heap.extend(chars);
            return heap;
        }
        stack[len] = c;
        len += 1;
    }
    &stack[..len]
}

/// Two (folded) words are spelt alike: one is the other's initial or
/// beginning, or, both longer than a letter, their Jaro–Winkler
/// similarity is at least 0.7 (a typo,
/// an OCR'd letter, `Timmy` for `Timothy`), not unrelated words.
fn words_close(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.starts_with(b) || b.starts_with(a) {
        return true;
    }
    // A letter is close to a word only as its initial.
    if a.len() == 1 || b.len() == 1 {
        return false;
    }
    // Words are short: their characters on the stack (a longer one on the heap).
    let (mut sa, mut sb) = (['\0'; STACK_CHARS], ['\0'; STACK_CHARS]);
    let (mut ha, mut hb) = (Vec::new(), Vec::new());
    let a = fill_chars(a, &mut sa, &mut ha);
    let b = fill_chars(b, &mut sb, &mut hb);
    jaro_winkler(a, b) >= 0.7
}

/// Two (folded) words are one keying error apart.
fn one_edit(a: &str, b: &str) -> bool {
    let (mut sa, mut sb) = (['\0'; STACK_CHARS], ['\0'; STACK_CHARS]);
    let (mut ha, mut hb) = (Vec::new(), Vec::new());
    osa_capped(fill_chars(a, &mut sa, &mut ha), fill_chars(b, &mut sb, &mut hb)) == 1
}

/// The words of `short` stand in `long` in order, each the same word or an
/// initial of it on either side, one whole word at least the same.
fn kept_in_order<'x>(short: impl Iterator<Item = &'x str>, long: impl Iterator<Item = &'x str>) -> bool {
    let mut rest = long;
    let mut short = short;
    let mut whole = false;
    let kept = short.all(|w| {
        rest.by_ref().any(|l| {
            let same = w == l;
            whole |= same && w.len() > 1;
            same || initial_of(w, l) || initial_of(l, w)
        })
    });
    kept && whole
}

/// The characters of `w` in `stack`, or in `heap` when it is too long.
fn fill_chars<'s>(w: &str, stack: &'s mut [char; STACK_CHARS], heap: &'s mut Vec<char>) -> &'s [char] {
    let slots = scratch(stack, heap, w.chars().count(), '\0');
    slots.iter_mut().zip(w.chars()).for_each(|(s, c)| *s = c);
    slots
}

/// The middle names of two names agree: one side has none, or they have as
/// many words and each pair is the same word or a word and its initial
/// (`P` and `PATRICIA`).
/// Each side is its middle words and how many there are.
fn middles_agree<'x>(
    (a, a_len): (impl Iterator<Item = &'x str>, usize),
    (b, b_len): (impl Iterator<Item = &'x str>, usize),
) -> bool {
    if a_len == 0 || b_len == 0 {
        return true;
    }
    a_len == b_len && a.zip(b).all(|(x, y)| x == y || initial_of(x, y) || initial_of(y, x))
}

/// `x` is the initial of the word `y` (`P` of `PATRICIA`).
fn initial_of(x: &str, y: &str) -> bool {
    x.len() == 1 && y.starts_with(x)
}

/// True when every token of `short` is in `long` (both sorted), as many times.
fn is_sub_multiset<'x>(short: impl Iterator<Item = &'x str>, long: impl Iterator<Item = &'x str>) -> bool {
    let mut rest = long;
    let mut short = short;
    short.all(|t| rest.by_ref().any(|u| u == t))
}

/// True when two canonical tokens are the same once a toned `y` that is a
/// syllable's only vowel after a consonant is read as `i` (Lý/Lí, Kỳ/Kì,
/// Mỹ/Mĩ, Quý/Quí). Untoned `y` is left alone: Vy/Vi, My/Mi, Thy/Thi are
/// registered as different given names (domain.md §4).
fn same_but_y(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (Some(la), Some(lb)) = (a.chars().next_back(), b.chars().next_back()) else {
        return false;
    };
    let (init_a, init_b) = (&a[..a.len() - la.len_utf8()], &b[..b.len() - lb.len_utf8()]);
    init_a == init_b && y_as_i(init_a, la) == y_as_i(init_b, lb)
}

/// The last letter of a syllable, a toned `y` after a consonant read as `i`.
fn y_as_i(init: &str, last: char) -> char {
    if text::fold_char(last) != 'Y' || last == 'Y' || !after_consonant(init) {
        return last;
    }
    TONED_Y_AS_I.iter().find(|&&(y, _)| y == last).map_or(last, |&(_, i)| i)
}

/// The syllable start `init` ends in a consonant (or `QU`).
fn after_consonant(init: &str) -> bool {
    init.chars().next_back().is_some_and(|c| !"AĂÂEÊIOÔƠUƯY".contains(c) || init.ends_with("QU"))
}

/// Each toned `Y` and the toned `I` it is read as.
const TONED_Y_AS_I: [(char, char); 5] = [('Ý', 'Í'), ('Ỳ', 'Ì'), ('Ỷ', 'Ỉ'), ('Ỹ', 'Ĩ'), ('Ỵ', 'Ị')];
