//! The residence side of the data. [`lived`]: where a base person lived
//! and what the base holds of it (`residence_base.*`), with the faults that
//! live in the base, decided from the seed and the person alone so that the
//! base is the same for every kind and whoever is exported. [`exam`]: an
//! exported candidate's row (the declared area), with the faults that live
//! in the export, and the reasons a perfect reconciler gives it
//! ([`super::truth::exam`]); a residence export's periods are in
//! [`super::periods`].

use std::collections::HashMap;

use super::calendar::{add_months, date, day};
use super::faults::{Fault, Profile};
use super::geo::{self, Period, AREAS, PERMANENT};
use super::person::{Traits, REFERENCE_YEAR};
use super::rng::Rng;
use super::schools::{self, Schooling};
use super::truth;
use super::truth::exam::{Assessment, Window};
use super::truth::residence::overlaps;
use crate::normalize::province::PROVINCES;
use crate::normalize::Dob;

/// The faults in the base of a person of exam age, in drawing order (at most one).
const CANDIDATE_BASE_FAULTS: [Fault; 3] =
    [Fault::ResidenceTooShort, Fault::ResidenceGap, Fault::ResidenceMissing];

/// The random stream of base person `i`'s base faults.
pub(super) fn base_rng(seed: u64, i: u64) -> Rng {
    Rng::new(seed ^ 0x5e51_ba5e_0000).fork(i)
}

/// The random stream of base person `i`'s export faults.
pub(super) fn export_rng(seed: u64, i: u64) -> Rng {
    Rng::new(seed ^ 0x5e51_fa17_0000).fork(i)
}

/// The random stream of the home commune as exam row `i` writes it.
pub(super) fn place_rng(seed: u64, i: u64) -> Rng {
    Rng::new(seed ^ 0x5e51_9ace_0000).fork(i)
}

/// Of exam age (17–19 in the exam year) and alive: exam faults go into the
/// base's history of such persons only, period faults into the others'.
pub(super) fn exam_aged(t: Traits) -> bool {
    !t.deceased && (17..=19).contains(&(REFERENCE_YEAR - t.birth_year))
}

/// An exam row's residence side.
#[derive(Debug, Clone)]
pub(super) struct ExamRow {
    /// The declared priority area.
    pub declared: &'static str,
    /// The declared home commune (of permanent residence on 1 January of the exam year).
    pub home: u32,
    /// The home commune as the export writes it (`None`: left empty): `home`
    /// but for a place fault ([`ExamRow::with_place_fault`]).
    pub written: Option<u32>,
    /// Residence faults.
    pub faults: Vec<Fault>,
    /// Expected residence and priority-area reasons, sorted.
    pub reasons: Vec<&'static str>,
    /// The schools, claims and policy group (`--schools`): the school rule judges the row.
    pub schooling: Option<Schooling>,
}

impl ExamRow {
    /// The row under the school rule: its schooling drawn from `rng` (the
    /// true history `lived.history`), declared as it says, and its reasons
    /// against the base's history.
    pub fn with_schooling(
        mut self,
        profile: &Profile,
        rng: &mut Rng,
        lived: &Lived,
        minority: Option<bool>,
    ) -> ExamRow {
        let s = schools::schooling(profile, rng, (&lived.history, minority), REFERENCE_YEAR);
        self.declared = s.declared;
        // The residence rule's faults of the declaration no longer apply.
        self.faults.retain(|f| ![Fault::AreaBetterThanHistory, Fault::ResidenceTooShort].contains(f));
        self.faults.extend(s.fault);
        self.schooling = Some(s);
        self.reasons = self.reasons_against(&lived.base);
        self
    }

    /// The row with at most one place fault drawn from `rng`: the home
    /// commune of a year before or the first one lived in (when another),
    /// one digit of its code wrong, or none written. `history` is where the
    /// candidate lived. Identity, status and reasons stay as they are.
    pub fn with_place_fault(mut self, profile: &Profile, rng: &mut Rng, history: &[Period]) -> ExamRow {
        let year_before = Dob::new(REFERENCE_YEAR - 1, 1, 1);
        for f in [Fault::PlaceStale, Fault::PlaceHometown, Fault::PlaceCommuneTypo, Fault::PlaceMissing] {
            if !rng.chance(profile.rate(f)) {
                continue;
            }
            let written = match f {
                Fault::PlaceStale => geo::resident_on(history, year_before),
                Fault::PlaceHometown => history.first().map(|p| p.commune),
                Fault::PlaceCommuneTypo => {
                    let at = 10u32.pow(rng.below(5) as u32);
                    let digit = self.home / at % 10;
                    let other = (digit + 1 + rng.below(9) as u32) % 10;
                    Some(self.home - digit * at + other * at).filter(|&c| c > 0)
                }
                _ => None,
            };
            if written != Some(self.home) && (written.is_some() || f == Fault::PlaceMissing) {
                self.written = written;
                self.faults.push(f);
            }
            break;
        }
        self
    }

    /// The row's expected reasons against a base history.
    fn reasons_against(&self, base: &[Period]) -> Vec<&'static str> {
        match &self.schooling {
            Some(s) => truth::school::reasons(&s.candidate, self.declared, base, REFERENCE_YEAR).0,
            None => truth::exam::reasons(&assess(base), self.declared),
        }
    }
}

/// One exported period.
#[derive(Debug, Clone)]
pub(super) struct PeriodRow {
    /// The period as exported.
    pub period: Period,
    /// Residence faults.
    pub faults: Vec<Fault>,
    /// Expected residence reasons, sorted.
    pub reasons: Vec<&'static str>,
}

/// The residence side of a person's rows.
#[derive(Debug, Clone)]
pub(super) enum Rows {
    /// None (credit).
    None,
    /// One exam row.
    Exam(ExamRow),
    /// One row per exported period.
    Periods(Vec<PeriodRow>),
}

fn assess(periods: &[Period]) -> Assessment {
    truth::exam::assess(periods, Window::of(REFERENCE_YEAR), &geo::stretches)
}

fn area_name(rank: Option<usize>) -> &'static str {
    AREAS[rank.unwrap_or(3)].0
}

/// The history with permanent residence cut out of `[a, b)` (day numbers),
/// and, with `into`, a permanent period in that commune there instead.
fn cut(history: &[Period], a: i64, b: i64, into: Option<u32>) -> Vec<Period> {
    let mut out = Vec::with_capacity(history.len() + 2);
    for p in history {
        let (f, t) = (day(p.from), p.to.map(day));
        if p.kind != PERMANENT || t.is_some_and(|t| t <= a) || f >= b {
            out.push(p.clone());
            continue;
        }
        if f < a {
            out.push(Period { to: Some(date(a)), ..p.clone() });
        }
        if let Some(commune) = into.filter(|_| f <= a) {
            let (from, to) = (date(a), Some(date(b)));
            out.push(Period { commune, from, to, kind: PERMANENT, new_code: false });
        }
        if t.is_none_or(|t| t > b) {
            out.push(Period { from: date(b), ..p.clone() });
        }
    }
    out
}

/// A commune whose area is better than `than` (a rank) all through `[a, b)`.
fn better_commune(rng: &mut Rng, than: usize, a: i64, b: i64) -> Option<(u32, usize)> {
    (0..50).find_map(|_| {
        let c = geo::commune(&PROVINCES[rng.below(63) as usize], rng);
        let worst = [a, b - 1].iter().filter_map(|&d| geo::rank(geo::area(c, date(d)))).max()?;
        (worst < than).then_some((c, worst))
    })
}

/// Where a base person lived, and what the base holds of it.
#[derive(Debug, Clone)]
pub(super) struct Lived {
    /// Where the person lived (with `residence_too_short`, a short stay elsewhere).
    pub history: Vec<Period>,
    /// The base's history of the person.
    pub base: Vec<Period>,
    /// `residence_too_short`, `residence_gap` or `residence_missing` (persons of exam age).
    pub fault: Option<Fault>,
    /// With `residence_too_short`: the area of the short stay, the one declared.
    pub stay_area: Option<&'static str>,
    /// Per period of `history`: left out of the base (`residence_not_in_base`); as long as `history`.
    pub lacking: Vec<bool>,
}

/// A candidate's short stay (3–15 months) in the window in a commune of a
/// better area than the history supports: the history with it, and its area.
fn short_stay(history: &[Period], honest: &Assessment, rng: &mut Rng) -> Option<(Vec<Period>, &'static str)> {
    let w = Window::of(REFERENCE_YEAR);
    let (w0, w1) = (day(w.from), day(w.to));
    let supported = honest.supported.filter(|&s| s > 0)?;
    let months = 3 + rng.below(13) as u32;
    let a = w0 + rng.below((w1 - w0 - 16 * 31) as u64) as i64;
    let b = day(add_months(date(a), months));
    let (commune, area) = better_commune(rng, supported, a, b)?;
    let lived = cut(history, a, b, Some(commune));
    let declared = AREAS[area].0;
    let r = truth::exam::reasons(&assess(&lived), declared);
    r.contains(&"RESIDENCE_TOO_SHORT").then_some((lived, declared))
}

/// Where base person `i` lived and what the base holds of it: for a person
/// of exam age, perhaps a short stay elsewhere, a hole in the base's record
/// inside the window, or no record; for anyone else, perhaps periods the
/// base lacks.
pub(super) fn lived(profile: &Profile, rng: &mut Rng, history: Vec<Period>, exam_age: bool) -> Lived {
    let n = history.len();
    let mut out =
        Lived { base: history.clone(), history, fault: None, stay_area: None, lacking: vec![false; n] };
    if !exam_age {
        // Only a period that no other of its kind overlaps, so that nothing else stands for it.
        let h = &out.history;
        let alone = |j: usize| {
            !h.iter().enumerate().any(|(k, q)| k != j && q.kind == h[j].kind && overlaps(q, &h[j]))
        };
        for j in 0..n {
            out.lacking[j] = rng.chance(profile.rate(Fault::ResidenceNotInBase)) && alone(j);
        }
        out.base =
            out.history.iter().zip(&out.lacking).filter(|(_, l)| !**l).map(|(p, _)| p.clone()).collect();
        return out;
    }
    let honest = assess(&out.history);
    let w = Window::of(REFERENCE_YEAR);
    let (w0, w1) = (day(w.from), day(w.to));
    for f in CANDIDATE_BASE_FAULTS {
        if out.fault.is_some() || !rng.chance(profile.rate(f)) {
            continue;
        }
        match f {
            Fault::ResidenceTooShort => {
                if let Some((h, area)) = short_stay(&out.history, &honest, rng) {
                    (out.base, out.history, out.stay_area) = (h.clone(), h, Some(area));
                    out.fault = Some(f);
                }
            }
            Fault::ResidenceGap => {
                let len = 1 + rng.below(400) as i64;
                let a = w0 + rng.below((w1 - w0 - len) as u64) as i64;
                let base = cut(&out.history, a, a + len, None);
                if assess(&base).gap {
                    (out.base, out.fault) = (base, Some(f));
                }
            }
            _ => (out.base, out.fault) = (Vec::new(), Some(f)),
        }
    }
    out.lacking = vec![false; out.history.len()];
    out
}

/// The declared home commune: of permanent residence on 1 January of the exam year.
fn home(history: &[Period]) -> u32 {
    geo::resident_on(history, Dob::new(REFERENCE_YEAR, 1, 1)).unwrap_or(0)
}

/// An exam candidate's row: the area the history supports declared, or
/// the short stay's, or (`area_better_than_history`, drawn here when the
/// base has no fault of the person) a better one than any lived in.
pub(super) fn exam(profile: &Profile, rng: &mut Rng, lived: &Lived) -> ExamRow {
    let honest = assess(&lived.history);
    let mut row = ExamRow {
        declared: area_name(honest.supported),
        home: home(&lived.history),
        written: Some(home(&lived.history)),
        faults: vec![],
        reasons: vec![],
        schooling: None,
    };
    row.declared = lived.stay_area.unwrap_or(row.declared);
    row.faults.extend(lived.fault);
    let f = Fault::AreaBetterThanHistory;
    if lived.fault.is_none() && rng.chance(profile.rate(f)) {
        if let Some(best) = honest.best_lived.filter(|&b| b > 0) {
            row.declared = AREAS[rng.below(best as u64) as usize].0;
            row.faults.push(f);
        }
    }
    row.reasons = truth::exam::reasons(&assess(&lived.base), row.declared);
    row
}

/// The same candidate in another row: the honest declaration, checked
/// against the same base; a gap or a missing history carries its fault.
/// Under the school rule, the same row again (its schooling and faults).
pub(super) fn exam_again(first: &ExamRow, lived: &Lived) -> ExamRow {
    if first.schooling.is_some() {
        return first.clone();
    }
    let declared = area_name(assess(&lived.history).supported);
    let carried = [
        Fault::ResidenceGap,
        Fault::ResidenceMissing,
        Fault::PlaceStale,
        Fault::PlaceHometown,
        Fault::PlaceCommuneTypo,
        Fault::PlaceMissing,
    ];
    ExamRow {
        declared,
        home: first.home,
        written: first.written,
        faults: first.faults.iter().copied().filter(|f| carried.contains(f)).collect(),
        reasons: truth::exam::reasons(&assess(&lived.base), declared),
        schooling: None,
    }
}

/// An outsider's exam row: the area its own history supports, no reasons;
/// with `schooling` (`--schools`), honest schools and claims drawn from it.
pub(super) fn outsider_exam(history: &[Period], schooling: Option<&mut Rng>) -> ExamRow {
    let declared = area_name(assess(history).supported);
    let none = Profile::named("none").expect("a profile");
    let schooling = schooling.map(|rng| schools::schooling(&none, rng, (history, None), REFERENCE_YEAR));
    let declared = schooling.as_ref().map_or(declared, |s| s.declared);
    let home = home(history);
    ExamRow { declared, home, written: Some(home), faults: vec![], reasons: vec![], schooling }
}

/// Persons whose base records share an ID (`base_duplicate_id`): a
/// reconciler sees the histories of both under that ID, so their rows'
/// reasons are worked out again once both are known.
#[derive(Debug, Default)]
pub(super) struct SharedIds {
    bases: HashMap<String, Vec<Period>>,
    rows: Vec<(u64, String, Rows)>,
}

impl SharedIds {
    /// Adds a person's base history to the ID's.
    pub fn base(&mut self, id: &str, base: &[Period]) {
        self.bases.entry(id.to_string()).or_default().extend_from_slice(base);
    }

    /// Notes the rows of a person of the ID, the first numbered `first`.
    pub fn rows(&mut self, first: u64, id: &str, rows: &Rows) {
        self.rows.push((first, id.to_string(), rows.clone()));
    }

    /// The reasons of the noted rows against the ID's whole history, by row number.
    pub fn reasons(&self) -> HashMap<u64, String> {
        let mut out = HashMap::new();
        for (first, id, rows) in &self.rows {
            let base = self.bases.get(id).map_or(&[][..], Vec::as_slice);
            let reasons = match rows {
                Rows::Exam(row) => vec![row.reasons_against(base)],
                Rows::Periods(rows) => {
                    let periods: Vec<Period> = rows.iter().map(|r| r.period.clone()).collect();
                    truth::residence::reasons(&periods, base)
                }
                Rows::None => vec![],
            };
            out.extend(reasons.into_iter().enumerate().map(|(k, r)| (first + k as u64, r.join("|"))));
        }
        out
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::generate::person::{PersonFactory, Traits};
    use std::path::Path;

    /// Histories of `n` persons born in `year`.
    pub(crate) fn histories(year: u32, n: u64) -> Vec<Vec<Period>> {
        let mut f = PersonFactory::new(5);
        let mut rng = Rng::new(5);
        let traits = Traits { deceased: false, birth_year: year, lot: 0 };
        (0..n).map(|i| geo::history(&f.person(&mut rng, traits), &mut geo::history_rng(5, i))).collect()
    }

    pub(crate) fn only(f: Fault) -> Profile {
        Profile::parse(&format!("{} = 1.0\n", f.code()), Path::new("f.toml")).unwrap()
    }

    #[test]
    fn rows_of_a_shared_id_are_checked_against_both_histories() {
        let none = Profile::named("none").unwrap();
        // The other record's person was born long before: periods no row overlaps.
        let older = Period {
            commune: 1001,
            from: Dob(19900101),
            to: Some(Dob(20000101)),
            kind: PERMANENT,
            new_code: false,
        };
        let h = histories(2007, 1);
        let (a, b) = (lived(&none, &mut base_rng(5, 0), h[0].clone(), true), &[older][..]);
        let mut shared = SharedIds::default();
        shared.base("X", &a.base);
        shared.base("X", b);
        let row = exam(&none, &mut export_rng(5, 0), &a);
        assert_eq!(row.reasons, ["PRIORITY_AREA_SUPPORTED"]);
        shared.rows(7, "X", &Rows::Exam(row));
        let periods =
            a.history.iter().map(|p| PeriodRow { period: p.clone(), faults: vec![], reasons: vec![] });
        shared.rows(20, "X", &Rows::Periods(periods.collect()));
        let r = shared.reasons();
        // Two histories that both cover the window: no gap, an area one way or the other.
        assert!(r[&7].starts_with("PRIORITY_AREA_") && !r[&7].contains("GAP"), "{}", r[&7]);
        assert_eq!(r[&20], "RESIDENCE_EXTRA_IN_BASE|RESIDENCE_MATCH", "the other's periods are extra");
        assert_eq!(r.len(), 1 + a.history.len());
        assert!((21..20 + a.history.len() as u64).all(|k| r[&k] == "RESIDENCE_MATCH"));
    }

    #[test]
    fn clean_candidates_declare_the_supported_area() {
        let none = Profile::named("none").unwrap();
        for (i, h) in histories(2007, 300).into_iter().enumerate() {
            let lived = lived(&none, &mut base_rng(5, i as u64), h.clone(), true);
            assert_eq!((&lived.base, &lived.history, lived.fault), (&h, &h, None));
            let row = exam(&none, &mut export_rng(5, i as u64), &lived);
            assert_eq!((row.reasons.as_slice(), row.faults.len()), (&["PRIORITY_AREA_SUPPORTED"][..], 0));
        }
    }

    #[test]
    fn exam_faults_go_to_persons_of_exam_age_and_period_faults_to_the_others() {
        let exam_faults = "residence_too_short = 1.0\nresidence_gap = 1.0\nresidence_missing = 1.0\n";
        let exam_faults = Profile::parse(exam_faults, Path::new("f.toml")).unwrap();
        for (i, h) in histories(1980, 50).into_iter().enumerate() {
            let l = lived(&exam_faults, &mut base_rng(5, i as u64), h.clone(), false);
            assert_eq!((l.base, l.fault), (h.clone(), None));
            let l = lived(&only(Fault::ResidenceNotInBase), &mut base_rng(5, i as u64), h.clone(), true);
            assert_eq!(l.base, h);
        }
    }

    #[test]
    fn each_exam_fault_gives_its_reasons() {
        let faults = [
            Fault::AreaBetterThanHistory,
            Fault::ResidenceTooShort,
            Fault::ResidenceGap,
            Fault::ResidenceMissing,
        ];
        for f in faults {
            let mut applied = 0;
            for (i, h) in histories(2007, 300).into_iter().enumerate() {
                let lived = lived(&only(f), &mut base_rng(5, i as u64), h.clone(), true);
                let row = exam(&only(f), &mut export_rng(5, i as u64), &lived);
                if row.faults.is_empty() {
                    assert_eq!(row.reasons, ["PRIORITY_AREA_SUPPORTED"]);
                    continue;
                }
                assert_eq!(row.faults, [f]);
                applied += 1;
                let r = &row.reasons;
                let has = |c: &str| r.contains(&c);
                match f {
                    Fault::AreaBetterThanHistory => {
                        assert!(has("PRIORITY_AREA_UNSUPPORTED") && !has("RESIDENCE_TOO_SHORT"), "{r:?}");
                        assert!(geo::rank(row.declared) < assess(&h).best_lived, "{row:?}");
                        assert_eq!(lived.base, h);
                    }
                    Fault::ResidenceTooShort => {
                        assert!(has("PRIORITY_AREA_UNSUPPORTED") && has("RESIDENCE_TOO_SHORT"), "{r:?}");
                        assert!(!has("RESIDENCE_GAP"), "the stay replaces days, it leaves no hole");
                        assert!(lived.history != h && lived.base == lived.history);
                    }
                    Fault::ResidenceGap => {
                        assert!(has("RESIDENCE_GAP"), "{r:?}");
                        assert_eq!(row.declared, area_name(assess(&h).supported), "declared honestly");
                    }
                    _ => {
                        assert_eq!((lived.base.len(), r.as_slice()), (0, &["RESIDENCE_HISTORY_MISSING"][..]))
                    }
                }
            }
            // KV1 lived in or supported already leaves the first two nothing better to declare.
            let least = if matches!(f, Fault::ResidenceGap | Fault::ResidenceMissing) { 290 } else { 150 };
            assert!(applied >= least, "{f:?} applied to {applied} of 300");
        }
    }
}
