//! One test per part of the school rule.

use super::*;
use crate::index::areas::Zone;
use crate::normalize::day::{from_ymd, OPEN};
use crate::normalize::place::Place;

const KV1: u32 = 691; // a Hà Giang commune, KV1 throughout
const KV3: u32 = 4; // a Hà Nội ward, not listed: KV3
const DBKK: u32 = 1270; // a Cao Bằng commune: KV2-NT, extremely disadvantaged

fn areas() -> Areas {
    let early = from_ymd(2010, 1, 1);
    Areas::marked([
        (KV1, Zone { area: Area::Kv1, dbkk: false }, early, OPEN),
        (DBKK, Zone { area: Area::Kv2Nt, dbkk: true }, early, OPEN),
    ])
}

fn key(p: &str, s: &str) -> SchoolKey {
    SchoolKey::read(p, s).flatten().unwrap()
}

/// 01-001 rural (KV2-NT), 01-002 in the city (KV3), 05-010 mountain (KV1),
/// 05-020 an ethnic boarding school (KV1), 07-030 raised from KV2 to KV1 on 01/01/2024.
fn schools() -> Schools {
    let raised = from_ymd(2024, 1, 1);
    Schools::new([
        (key("01", "001"), Area::Kv2Nt, false, 0, OPEN),
        (key("01", "002"), Area::Kv3, false, 0, OPEN),
        (key("05", "010"), Area::Kv1, false, 0, OPEN),
        (key("05", "020"), Area::Kv1, true, 0, OPEN),
        (key("07", "030"), Area::Kv2, false, 0, raised),
        (key("07", "030"), Area::Kv1, false, raised, OPEN),
    ])
}

fn rules() -> ExamRules {
    let sept = |y| from_ymd(y, 9, 1);
    ExamRules {
        start: sept(2022),
        end: from_ymd(2025, 7, 1),
        min_months: 18,
        grades: [(sept(2022), sept(2023)), (sept(2023), sept(2024)), (sept(2024), from_ymd(2025, 7, 1))],
        exceptions: crate::classify::exam::Exceptions::ALL,
    }
}

fn lived(commune: u32, from: Day, to: Day) -> Period {
    let province = crate::normalize::place::commune_province(commune).unwrap();
    Period::new(0, Place { commune, province }, true, from, to)
}

fn at(schools: [&str; 3]) -> Candidate {
    let grade = |s: &str| SchoolKey::read("", s);
    Candidate { grades: schools.map(grade), ..Candidate::default() }
}

fn run(c: &Candidate, periods: &[Period], declared: &str) -> (String, Option<Area>) {
    let (check, _) = check(&rules(), c, (&schools(), &areas()), (periods, None), declared);
    (check.reasons.joined(), check.supported)
}

fn city() -> Vec<Period> {
    vec![lived(KV3, from_ymd(2010, 1, 1), OPEN)]
}

/// KV1 residence from 01/01/2023 to `end`, the city before and after.
fn kv1_to(end: Day) -> Vec<Period> {
    vec![
        lived(KV3, from_ymd(2010, 1, 1), from_ymd(2023, 1, 1)),
        lived(KV1, from_ymd(2023, 1, 1), end),
        lived(KV3, end, OPEN),
    ]
}

#[test]
fn a_city_dweller_at_a_rural_school_has_the_schools_area() {
    let c = at(["01-001", "01-001", "01-001"]);
    assert_eq!(run(&c, &city(), "KV2-NT"), ("PRIORITY_AREA_SUPPORTED".into(), Some(Area::Kv2Nt)));
    assert_eq!(run(&c, &city(), "KV3").0, "PRIORITY_AREA_SUPPORTED");
    assert_eq!(
        run(&c, &city(), "KV1"),
        ("PRIORITY_AREA_UNSUPPORTED|SCHOOL_AREA_LOWER".into(), Some(Area::Kv2Nt))
    );
    // Without any history the school still decides: residence is not consulted.
    assert_eq!(run(&c, &[], "KV2-NT").0, "PRIORITY_AREA_SUPPORTED");
}

#[test]
fn the_school_attended_longest_decides_and_a_tie_goes_to_the_last() {
    assert_eq!(run(&at(["05-010", "05-010", "01-002"]), &city(), "KV1").1, Some(Area::Kv1));
    assert_eq!(run(&at(["01-002", "05-010", "05-010"]), &city(), "KV1").1, Some(Area::Kv1));
    assert_eq!(run(&at(["05-010", "01-001", "01-002"]), &city(), "KV3").1, Some(Area::Kv3), "three schools");
    assert_eq!(run(&at(["05-010", "", "01-001"]), &city(), "KV3").1, Some(Area::Kv2Nt), "two grades given");
    assert_eq!(run(&at(["", "", "05-010"]), &city(), "KV3").1, Some(Area::Kv1));
}

#[test]
fn a_schools_area_is_the_one_of_the_last_year_there() {
    // 07-030 was KV2 until 01/01/2024: grade 11 (2023–24) is mostly KV1.
    assert_eq!(run(&at(["07-030", "", ""]), &city(), "KV3").1, Some(Area::Kv2));
    assert_eq!(run(&at(["07-030", "07-030", "01-001"]), &city(), "KV3").1, Some(Area::Kv1));
}

#[test]
fn a_school_the_list_lacks_or_none_given_is_named() {
    assert_eq!(
        run(&at(["09-999", "09-999", "09-999"]), &city(), "KV2-NT"),
        ("PRIORITY_AREA_UNSUPPORTED|SCHOOL_NOT_IN_LIST".into(), None)
    );
    assert_eq!(
        run(&at(["01-001", "01-001", "nope"]), &city(), "KV2-NT"),
        ("PRIORITY_AREA_SUPPORTED|SCHOOL_NOT_IN_LIST".into(), Some(Area::Kv2Nt)),
        "an unreadable grade-12 school named, the longest one decides"
    );
    assert_eq!(
        run(&at(["", "", ""]), &city(), "KV2"),
        ("PRIORITY_AREA_UNSUPPORTED|SCHOOL_MISSING".into(), None)
    );
    // KV3 asks for nothing: supported whatever is known.
    assert_eq!(
        run(&at(["", "", ""]), &city(), "KV3"),
        ("PRIORITY_AREA_SUPPORTED|SCHOOL_MISSING".into(), None)
    );
    // Cells that cannot be read count for none: the listed school decides.
    let grades = [SchoolKey::read("01", ""), SchoolKey::read("01", ""), SchoolKey::read("01", "001")];
    let half = Candidate { grades, ..Candidate::default() };
    assert_eq!(
        run(&half, &city(), "KV2-NT"),
        ("PRIORITY_AREA_SUPPORTED|SCHOOL_NOT_IN_LIST".into(), Some(Area::Kv2Nt))
    );
}

#[test]
fn a_kv1_claim_needs_more_than_eighteen_months() {
    let claim = Candidate { claim_kv1: true, ..at(["01-001", "01-001", "01-001"]) };
    // Exactly 18 months (01/01/2023 to 01/07/2024) do not bear the claim out.
    assert_eq!(
        run(&claim, &kv1_to(from_ymd(2024, 7, 1)), "KV1"),
        (
            "PRIORITY_AREA_UNSUPPORTED|RESIDENCE_TOO_SHORT|SCHOOL_AREA_LOWER|RESIDENCE_CLAIM_UNSUPPORTED"
                .into(),
            Some(Area::Kv2Nt)
        )
    );
    // 18 months and a day do.
    assert_eq!(
        run(&claim, &kv1_to(from_ymd(2024, 7, 2)), "KV1"),
        ("PRIORITY_AREA_SUPPORTED".into(), Some(Area::Kv1))
    );
    // A claim the history does not bear at all, the declared area the school's.
    assert_eq!(
        run(&claim, &city(), "KV2-NT"),
        ("PRIORITY_AREA_SUPPORTED|RESIDENCE_CLAIM_UNSUPPORTED".into(), Some(Area::Kv2Nt))
    );
    assert_eq!(
        run(&claim, &[], "KV1").0,
        "PRIORITY_AREA_UNSUPPORTED|RESIDENCE_HISTORY_MISSING|SCHOOL_AREA_LOWER"
    );
}

#[test]
fn an_extremely_disadvantaged_commune_claim_reads_the_lists_mark() {
    let claim = Candidate { claim_dbkk: true, ..at(["01-002", "01-002", "01-002"]) };
    let lived_dbkk = [lived(DBKK, from_ymd(2010, 1, 1), OPEN)];
    assert_eq!(run(&claim, &lived_dbkk, "KV1"), ("PRIORITY_AREA_SUPPORTED".into(), Some(Area::Kv1)));
    // KV1 residence is not an extremely disadvantaged commune's.
    assert_eq!(
        run(&claim, &[lived(KV1, from_ymd(2010, 1, 1), OPEN)], "KV1").0,
        "PRIORITY_AREA_UNSUPPORTED|SCHOOL_AREA_LOWER|RESIDENCE_CLAIM_UNSUPPORTED"
    );
    // The claim off in the year's rules: not checked, the school decides.
    let mut rules = rules();
    rules.exceptions.dbkk = false;
    let (c, account) = check(&rules, &claim, (&schools(), &areas()), (&lived_dbkk, None), "KV1");
    assert_eq!(
        (c.reasons.joined().as_str(), account.claims),
        ("PRIORITY_AREA_UNSUPPORTED|SCHOOL_AREA_LOWER", [None, None])
    );
}

#[test]
fn a_boarding_student_has_the_area_of_their_residence() {
    let lives_kv1 = [lived(KV1, from_ymd(2010, 1, 1), OPEN)];
    // The list marks 05-020 a boarding school (KV1 itself).
    let (_, account) =
        check(&rules(), &at(["05-020", "05-020", "05-020"]), (&schools(), &areas()), (&city(), None), "KV1");
    assert!(account.boarding && account.residence.is_some(), "{account:?}");
    // A tick at a city school the list does not mark: the list's word counts.
    let ticked = Candidate { boarding: true, ..at(["01-002", "01-002", "01-002"]) };
    assert_eq!(
        run(&ticked, &lives_kv1, "KV1"),
        ("PRIORITY_AREA_UNSUPPORTED|SCHOOL_AREA_LOWER".into(), Some(Area::Kv3))
    );
    // A list without boarding marks: the tick counts, the residence's area with it.
    let unmarked = Schools::new([(key("01", "002"), Area::Kv3, false, 0, OPEN)]).without_boarding_marks();
    let (c, _) = check(&rules(), &ticked, (&unmarked, &areas()), (&lives_kv1, None), "KV1");
    assert_eq!((c.reasons.joined().as_str(), c.supported), ("PRIORITY_AREA_SUPPORTED", Some(Area::Kv1)));
    let (c, _) = check(&rules(), &ticked, (&unmarked, &areas()), (&city(), None), "KV1");
    assert_eq!(c.supported, Some(Area::Kv3));
}

#[test]
fn the_span_written_is_compared_with_the_history() {
    let periods = kv1_to(OPEN);
    let claim = |from: Day, last: Day| Candidate {
        claim_kv1: true,
        span: Some(Some((from, last + 1))),
        ..at(["01-001", "01-001", "01-001"])
    };
    let borne = claim(from_ymd(2023, 1, 1), from_ymd(2025, 5, 31));
    assert_eq!(run(&borne, &periods, "KV1").0, "PRIORITY_AREA_SUPPORTED");
    // The last day written as the first day elsewhere: one day's grace.
    assert_eq!(
        run(&claim(from_ymd(2022, 12, 31), from_ymd(2024, 8, 1)), &periods, "KV1").0,
        "PRIORITY_AREA_SUPPORTED"
    );
    // Two months before the history's first day in KV1: the span differs, the claim still holds.
    assert_eq!(
        run(&claim(from_ymd(2022, 11, 1), from_ymd(2025, 5, 31)), &periods, "KV1").0,
        "PRIORITY_AREA_SUPPORTED|CLAIM_SPAN_DIFFERS"
    );
    let unreadable = Candidate { span: Some(None), ..borne.clone() };
    assert_eq!(run(&unreadable, &periods, "KV1").0, "PRIORITY_AREA_SUPPORTED|CLAIM_SPAN_INVALID");
    let (_, account) = check(&rules(), &borne, (&schools(), &areas()), (&periods, None), "KV1");
    assert_eq!(account.span, Some(((29, 0), 0)), "01/01/2023 to 31/05/2025: 29 months");
}

#[test]
fn policy_group_01_needs_more_than_eighteen_months_in_kv1() {
    let group = Candidate { policy_01: true, ..at(["05-010", "05-010", "05-010"]) };
    assert_eq!(run(&group, &city(), "KV1").0, "PRIORITY_AREA_SUPPORTED|POLICY_GROUP_UNSUPPORTED");
    assert_eq!(run(&group, &kv1_to(OPEN), "KV1").0, "PRIORITY_AREA_SUPPORTED");
    // The base's ethnicity, where it records one: a minority's claim holds,
    // anyone else's does not, whatever the residence; unknown is not held against.
    let with = |e| check(&rules(), &group, (&schools(), &areas()), (&kv1_to(OPEN), e), "KV1");
    let (c, account) = with(Some(Ethnicity::Minority));
    assert_eq!((c.reasons.joined(), account.policy_01), ("PRIORITY_AREA_SUPPORTED".into(), Some(true)));
    for other in [Ethnicity::Kinh, Ethnicity::Foreign] {
        let (c, account) = with(Some(other));
        assert_eq!(c.reasons.joined(), "PRIORITY_AREA_SUPPORTED|POLICY_GROUP_UNSUPPORTED");
        assert_eq!((account.policy_01, account.ethnicity), (Some(false), Some(other)));
    }
    assert_eq!(with(None).1.policy_01, Some(true));
    // No group written: the ethnicity is not looked at.
    let plain = at(["05-010", "05-010", "05-010"]);
    let (_, account) =
        check(&rules(), &plain, (&schools(), &areas()), (&city(), Some(Ethnicity::Kinh)), "KV3");
    assert_eq!((account.policy_01, account.ethnicity), (None, None));
}

#[test]
fn a_candidates_cells_are_read_leniently() {
    use crate::read::mapping::Mapped;
    let roles = [
        Role::GradeProvince(10),
        Role::GradeSchool(10),
        Role::GradeSchool(11),
        Role::ClaimKv1,
        Role::ClaimFrom,
        Role::ClaimTo,
        Role::Boarding,
        Role::PolicyGroup,
    ];
    let mapped: Vec<Mapped> = roles
        .iter()
        .enumerate()
        .map(|(i, &role)| Mapped { role, columns: vec![i], from_config: false })
        .collect();
    let layout = Layout::new(&mapped, &[]);
    let cells = |v: [&str; 8]| v.map(String::from).to_vec();
    let c = Candidate::read(
        &layout,
        &cells(["1", "18", "01-018", "Có", "01/02/2020", "01/05/2023", "", "01"]),
        DateOrder::Dmy,
    );
    assert_eq!(c.grades[0], c.grades[1]);
    assert_eq!(c.grades[0].clone().flatten().unwrap().to_string(), "01-018");
    assert_eq!(c.grades[2], None);
    assert!(c.claim_kv1 && !c.claim_dbkk && !c.boarding && c.policy_01);
    assert_eq!(c.span, Some(Some((from_ymd(2020, 2, 1), from_ymd(2023, 5, 2)))));
    let c = Candidate::read(&layout, &cells(["", "", "", "", "01/02/2020", "", "x", "02"]), DateOrder::Dmy);
    assert_eq!((c.span, c.boarding, c.policy_01), (Some(None), true, false));
    let c = Candidate::read(&layout, &cells(["", "", "", "x", "", "", "", ""]), DateOrder::Dmy);
    assert_eq!(c.span, Some(None), "a claim's span not written, its columns there");
    let no_span = Layout::new(&mapped[..4], &[]);
    assert_eq!(
        Candidate::read(&no_span, &cells(["", "", "", "x", "", "", "", ""]), DateOrder::Dmy).span,
        None
    );
}

#[test]
fn the_claims_made_are_borne_out_or_not_or_unchecked() {
    let c = Candidate { claim_kv1: true, claim_dbkk: true, ..at(["01-001", "01-001", "01-001"]) };
    let (_, a) = check(&rules(), &c, (&schools(), &areas()), (&kv1_to(OPEN), None), "KV1");
    assert_eq!(a.claims_made(), [Some(Claim::Borne), Some(Claim::NotBorne), None]);
    let (_, a) = check(&rules(), &c, (&schools(), &areas()), (&[], None), "KV1");
    assert_eq!(a.claims_made(), [Some(Claim::Unchecked), Some(Claim::Unchecked), None]);
}
