//! The prepared name comparison (`NameQuery`, token numbers over the
//! base's vocabulary) gives the level the plain string comparison it
//! replaced gives ([`reference`]), on generated names with every name fault.

use doisoat::compare::{NameLevel, NameQuery};
use doisoat::generate::alter::{ascii_name, fault_name};
use doisoat::generate::faults::Fault;
use doisoat::generate::person::{PersonFactory, Traits};
use doisoat::index::{NameStore, Vocab};
use doisoat::normalize::{normalize_name, NormName};
use doisoat::rng::Rng;

/// The level of `a` against `b`, both sides as plain strings, the way it
/// was computed before [`NameQuery`]; `b` is read back from the base's
/// tokens, as the base gives it.
fn reference_level(a: &str, b: &str) -> (NameLevel, NameLevel) {
    let mut vocab = Vocab::default();
    let mut store = NameStore::default();
    store.push(normalize_name(b).tokens().map(|t| vocab.intern(t)).collect::<Vec<_>>());
    let canonical = store.canonical(0, &vocab);
    let folded = store.folded(0, &vocab);
    let base = NormName { has_diacritics: folded != canonical, canonical, folded, ..NormName::default() };
    let input = normalize_name(a);
    let fast = NameQuery::new(&input, &vocab).compare(store.get(0), Default::default(), &vocab);
    (reference::compare_names(&input, &base), fast)
}

#[test]
fn prepared_comparison_gives_the_levels_of_the_string_comparison() {
    let mut factory = PersonFactory::new(11);
    let mut rng = Rng::new(12);
    let persons: Vec<String> =
        (0..1500).map(|i| factory.person(&mut rng, Traits::of(11, i)).full_name()).collect();
    let name_faults: Vec<Fault> =
        Fault::ALL.iter().copied().filter(|f| f.code().starts_with("name")).collect();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (i, name) in persons.iter().enumerate() {
        for &f in &name_faults {
            pairs.push((fault_name(name, f, &mut rng), name.clone()));
        }
        let typo = fault_name(name, Fault::NameTypo, &mut rng);
        pairs.push((fault_name(&typo, Fault::NameTypo, &mut rng), name.clone()));
        pairs.push((ascii_name(&fault_name(name, Fault::NameMiddleMissing, &mut rng)), name.clone()));
        pairs.push((persons[(i * 7 + 3) % persons.len()].clone(), name.clone()));
        pairs.push((persons[(i + 1) % persons.len()].clone(), name.clone()));
    }
    let long = "Nguyễn Văn Thị Hoàng Phủ Ngọc Tường Công Tôn Nữ Thượng Quan Âu Dương Tư Mã Gia Cát An";
    for (a, b) in [
        (long, long),
        (&long[..long.len() - 2], long),
        (long, "Nguyễn An"),
        ("A B C D E F G H I J K L M N O P Q R", "A B C D E F G H I J K L M N O P Q"),
        ("Straße Müller", "STRASSE MULLER"),
        ("李 小龍", "李 小龙"),
        ("NguyÔn V¨n H¶i", "Nguyễn Văn Hải"),
        ("Nguyeãn Vaên Ñöùc", "Nguyễn Văn Đức"),
        ("H'Hen Niê", "H'HEN NIE"),
        ("Lý Thị Mỹ", "Lí Thị Mỹ"),
        ("Y", "I"),
        ("Ý", "Í"),
        ("Diana P Kofron", "Diana Patricia Kofron"),
        ("Timmy N Corlew", "Timothy Nicholas Corlew"),
        ("Dad M Hall", "Sandra Mary Hall"),
        ("Kofron P Dianne", "Kofron Patricia Diana"),
        ("Kofron P Dad", "Kofron Patricia Diana"),
        ("Wayne R", "Wayne Ray Johnson"),
        ("Hebb William", "Hebb W James"),
        ("No Last Name Jeremiah James", "Cramer J James"),
        ("Pr:ce Eric Robert", "Price Eric Robert"),
        ("Wiliam R Drayton", "William Roger Drayton"),
        ("Jvlia L Vosburgh", "Julia Leticia Vosburqh"),
        ("Kenneth W Oavenport", "Ken Weldon Davenport"),
        ("Davenport K Tonya", "Davenport Leilani Tohya"),
        ("Oddo C Patrick", "Oddo Becky Patricia"),
        ("Jacobqon R Ashley", "Jacobson Erica Rose Ashley"),
        ("Nguyễn Văn Hoàng", "Nguyễn Đức Hoàn"),
        ("B Lana", "Abner Marco Landen"),
        ("L Lin", "Lê Linh"),
    ] {
        pairs.push((a.to_string(), b.to_string()));
    }
    let mut seen = [0usize; NameLevel::ALL.len()];
    for (a, b) in pairs.iter().flat_map(|(a, b)| [(a, b), (b, a)]) {
        let (want, got) = reference_level(a, b);
        assert_eq!(got, want, "{a:?} vs {b:?}");
        seen[want.index()] += 1;
    }
    // Every level was met, so every branch was compared (but `PartClose`,
    // of a name with a blank column, which names in one string never have).
    for level in NameLevel::ALL.iter().filter(|&&l| l != NameLevel::PartClose) {
        assert!(seen[level.index()] > 0, "no pair at {level:?}: {seen:?}");
    }
}

/// The string comparison the prepared one replaced, kept as the reference.
mod reference {
    use doisoat::compare::NameLevel;
    use doisoat::normalize::{text, NormName};

    /// Compares two normalised names.
    pub fn compare_names(a: &NormName, b: &NormName) -> NameLevel {
        let level = compare_forms(a, b);
        if level <= NameLevel::NoDiacritics {
            return level;
        }
        let mut best = level;
        if let Some(original) = &a.unrepaired {
            best = best.min(compare_forms(original, b));
        }
        if let Some(raw) = &a.maybe_legacy {
            for (reading, _) in doisoat::normalize::legacy::readings(raw) {
                best = best.min(compare_forms(&doisoat::normalize::normalize_name(&reading), b));
            }
        }
        best
    }

    fn compare_forms(a: &NormName, b: &NormName) -> NameLevel {
        if a.is_empty() || b.is_empty() {
            return NameLevel::Missing;
        }
        if a.canonical == b.canonical {
            return NameLevel::Exact;
        }
        if a.folded.len() == b.folded.len() && unify_y(&a.canonical) == unify_y(&b.canonical) {
            return NameLevel::SpellingVariant;
        }
        if a.folded == b.folded {
            return if a.has_diacritics && b.has_diacritics {
                NameLevel::Diacritics
            } else {
                NameLevel::NoDiacritics
            };
        }
        let ta: Vec<&str> = a.folded.split(' ').collect();
        let tb: Vec<&str> = b.folded.split(' ').collect();
        let (mut sa, mut sb) = (ta.clone(), tb.clone());
        sa.sort_unstable();
        sb.sort_unstable();
        if sa == sb {
            return NameLevel::Order;
        }
        let distance = strsim::osa_distance(&a.folded, &b.folded);
        let longest = a.folded.len().max(b.folded.len());
        if distance == 1 && longest >= 5 {
            return NameLevel::Typo;
        }
        let (short, long) = if ta.len() < tb.len() { (&sa, &sb) } else { (&sb, &sa) };
        let two_parts = ta.len() >= 2 && tb.len() >= 2;
        let middles = || {
            let (ma, mb) = (&ta[1..ta.len() - 1], &tb[1..tb.len() - 1]);
            let initial = |x: &str, y: &str| x.len() == 1 && y.starts_with(x);
            ma.is_empty()
                || mb.is_empty()
                || ma.len() == mb.len()
                    && ma.iter().zip(mb).all(|(x, y)| x == y || initial(x, y) || initial(y, x))
        };
        if two_parts && ta[0] == tb[0] && ta.last() == tb.last() {
            return if is_sub_multiset(short, long) {
                NameLevel::MiddleName
            } else if middles() {
                NameLevel::Initials
            } else {
                NameLevel::MiddleDiffers
            };
        }
        let (fa, fb, la, lb) = (ta[0], tb[0], ta[ta.len() - 1], tb[tb.len() - 1]);
        let both_middles = ta.len() >= 3 && tb.len() >= 3;
        if both_middles && middles() {
            let typo =
                |x: &str, y: &str| x != y && x.len().max(y.len()) >= 4 && strsim::osa_distance(x, y) == 1;
            if typo(fa, fb) && typo(la, lb) {
                return NameLevel::Similar;
            }
            if typo(fa, fb) && la == lb || typo(la, lb) && fa == fb {
                return NameLevel::Typo;
            }
        }
        if short.len() < long.len() && (is_sub_multiset(short, long) || kept_in_order(&ta, &tb)) {
            return NameLevel::Partial;
        }
        if distance == 2 && longest >= 8 || strsim::jaro_winkler(&a.folded, &b.folded) >= 0.94 {
            return NameLevel::Similar;
        }
        let close = |x: &str, y: &str| {
            x.starts_with(y)
                || y.starts_with(x)
                || x.len() > 1 && y.len() > 1 && strsim::jaro_winkler(x, y) >= 0.7
        };
        if two_parts && ta[0] == tb[0] && middles() {
            return if close(la, lb) { NameLevel::GivenClose } else { NameLevel::GivenDiffers };
        }
        if two_parts && la == lb && middles() {
            return if close(ta[0], tb[0]) { NameLevel::SurnameClose } else { NameLevel::SurnameDiffers };
        }
        // A surname of several words: the given names agree, the words before them up to an initial.
        let initial = |x: &str, y: &str| x.len() == 1 && y.starts_with(x);
        if ta.len() >= 3 && tb.len() >= 3 && la == lb {
            let (x, y) = (ta[ta.len() - 2], tb[tb.len() - 2]);
            if initial(x, y) || initial(y, x) {
                return NameLevel::SurnameDiffers;
            }
        }
        let words = [fa, fb, la, lb];
        if both_middles && words.iter().all(|w| w.len() > 1) && close(fa, fb) && close(la, lb) && middles() {
            return NameLevel::BothClose;
        }
        // One end the same, the other one keying error off, one side's middle names initials.
        let typo = |x: &str, y: &str| x.len().max(y.len()) >= 4 && strsim::osa_distance(x, y) == 1;
        let initials = |t: &[&str]| t[1..t.len() - 1].iter().all(|w| w.len() == 1);
        if both_middles
            && (fa == fb && typo(la, lb) || la == lb && typo(fa, fb))
            && (initials(&ta) || initials(&tb))
        {
            return NameLevel::EndsClose;
        }
        NameLevel::Different
    }

    /// The shorter name's words stand in the longer one in order, each the
    /// same word or its initial, one whole word at least the same.
    fn kept_in_order(a: &[&str], b: &[&str]) -> bool {
        let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
        let mut rest = long.iter();
        let initial = |x: &str, y: &str| x.len() == 1 && y.starts_with(x);
        let kept = short.iter().all(|w| rest.by_ref().any(|l| w == l || initial(w, l) || initial(l, w)));
        kept && short.iter().any(|w| w.len() > 1 && long.contains(w))
    }

    fn is_sub_multiset(short: &[&str], long: &[&str]) -> bool {
        let mut rest = long.iter();
        short.iter().all(|t| rest.by_ref().any(|u| u == t))
    }

    fn unify_y(canonical: &str) -> String {
        canonical
            .split(' ')
            .map(|syl| {
                let chars: Vec<char> = syl.chars().collect();
                let Some((&last, init)) = chars.split_last() else {
                    return syl.to_string();
                };
                let base = text::fold_char(last);
                let consonant_before =
                    init.last().is_some_and(|c| !"AĂÂEÊIOÔƠUƯY".contains(*c) || init.ends_with(&['Q', 'U']));
                if base == 'Y' && last != 'Y' && consonant_before {
                    let i = match last {
                        'Ý' => 'Í',
                        'Ỳ' => 'Ì',
                        'Ỷ' => 'Ỉ',
                        'Ỹ' => 'Ĩ',
                        'Ỵ' => 'Ị',
                        other => other,
                    };
                    init.iter().chain(std::iter::once(&i)).collect()
                } else {
                    syl.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}
