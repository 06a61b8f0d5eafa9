//! One test per rule edge of the exam check.

use super::*;
use crate::normalize::day::{from_ymd, OPEN};
use crate::normalize::place::Place;

const KV1: u32 = 691; // a Hà Giang commune, KV1 throughout
const KV3: u32 = 4; // a Hà Nội ward, not listed: KV3
const CHANGED: u32 = 1270; // a Cao Bằng commune, KV1 until 15/06/2023, KV3 after
const RAISED: u32 = 1837; // a Bắc Kạn commune, KV3 until 15/06/2023, KV1 after

fn areas() -> Areas {
    let (early, change) = (from_ymd(2010, 1, 1), from_ymd(2023, 6, 15));
    Areas::new(&[
        (KV1, Area::Kv1, early, OPEN),
        (CHANGED, Area::Kv1, early, change),
        (CHANGED, Area::Kv3, change, OPEN),
        (RAISED, Area::Kv3, early, change),
        (RAISED, Area::Kv1, change, OPEN),
    ])
}

fn rules() -> ExamRules {
    let exam = crate::config::ExamSection::default();
    ExamRules {
        start: from_ymd(2022, 9, 1),
        end: from_ymd(2025, 7, 1),
        min_months: 18,
        grades: exam.grades(2025),
        exceptions: Exceptions::ALL,
    }
}

fn lived(commune: u32, from: Day, to: Day) -> Period {
    let province = crate::normalize::place::commune_province(commune).unwrap();
    Period::new(0, Place { commune, province }, true, from, to)
}

fn run(periods: &[Period], declared: &str) -> (String, Option<Area>) {
    let c = check(&rules(), periods, &areas(), declared, None);
    (c.reasons.joined(), c.supported)
}

/// KV3 before and after a stretch in a KV1 commune from 01/01/2023 to `end`.
fn kv1_stretch_to(end: Day) -> Vec<Period> {
    vec![
        lived(KV3, from_ymd(2015, 1, 1), from_ymd(2023, 1, 1)),
        lived(KV1, from_ymd(2023, 1, 1), end),
        lived(KV3, end, OPEN),
    ]
}

/// "More than 18 months" (TT 08/2022 Art. 7(1)(c)): exactly 18 calendar
/// months do not qualify, 18 months and a day do.
#[test]
fn more_than_eighteen_calendar_months_qualify() {
    let periods = kv1_stretch_to(from_ymd(2024, 7, 2));
    assert_eq!(run(&periods, "KV1"), ("PRIORITY_AREA_SUPPORTED".into(), Some(Area::Kv1)));
}

#[test]
fn exactly_eighteen_months_do_not_qualify() {
    let periods = kv1_stretch_to(from_ymd(2024, 7, 1));
    assert_eq!(
        run(&periods, "KV1"),
        ("PRIORITY_AREA_UNSUPPORTED|RESIDENCE_TOO_SHORT".into(), Some(Area::Kv3))
    );
    // Declaring what the history supports is supported.
    assert_eq!(run(&periods, "KV3").0, "PRIORITY_AREA_SUPPORTED");
}

#[test]
fn a_one_day_gap_is_a_gap() {
    let periods =
        [lived(KV1, from_ymd(2015, 1, 1), from_ymd(2023, 5, 1)), lived(KV1, from_ymd(2023, 5, 2), OPEN)];
    assert_eq!(run(&periods, "KV1"), ("PRIORITY_AREA_SUPPORTED|RESIDENCE_GAP".into(), Some(Area::Kv1)));
    // The first day of residence in the window starts the count: moving in late is a gap too.
    assert_eq!(
        run(&[lived(KV1, from_ymd(2022, 9, 1), from_ymd(2025, 6, 30))], "KV1").0,
        "PRIORITY_AREA_SUPPORTED|RESIDENCE_GAP"
    );
    assert_eq!(run(&[lived(KV1, from_ymd(2023, 9, 1), OPEN)], "KV1").0, "PRIORITY_AREA_SUPPORTED");
}

/// Two periods sharing days count those days once, and leave no gap.
#[test]
fn overlapping_periods_count_their_days_once() {
    let (a, b) = (from_ymd(2023, 1, 1), from_ymd(2023, 11, 1));
    assert_eq!(months(vec![(a, from_ymd(2024, 1, 1)), (b, from_ymd(2024, 7, 1))]), (18, 0));
    assert_eq!(months(vec![(a, from_ymd(2024, 1, 1)), (b, from_ymd(2024, 7, 2))]), (18, 1));
    assert_eq!(months(vec![(a, from_ymd(2024, 1, 1)), (b, from_ymd(2024, 6, 30))]), (17, 29));
    let periods = [
        lived(KV3, from_ymd(2015, 1, 1), from_ymd(2023, 1, 1)),
        lived(KV1, a, from_ymd(2024, 1, 1)),
        lived(KV1, b, from_ymd(2024, 6, 30)),
        lived(KV3, from_ymd(2024, 6, 1), OPEN),
    ];
    assert_eq!(
        run(&periods, "KV1"),
        ("PRIORITY_AREA_UNSUPPORTED|RESIDENCE_TOO_SHORT".into(), Some(Area::Kv3))
    );
}

#[test]
fn an_open_ended_current_residence_runs_to_the_windows_end() {
    assert_eq!(
        run(&[lived(KV1, from_ymd(2015, 1, 1), OPEN)], "KV1"),
        ("PRIORITY_AREA_SUPPORTED".into(), Some(Area::Kv1))
    );
    assert_eq!(
        run(&[lived(KV1, from_ymd(2023, 12, 31), OPEN)], "KV1").1,
        Some(Area::Kv1),
        "18 months and a day to 01/07/2025"
    );
    // Exactly 18 months of residence at all: nothing is supported.
    assert_eq!(
        run(&[lived(KV1, from_ymd(2024, 1, 1), OPEN)], "KV1"),
        ("PRIORITY_AREA_UNSUPPORTED|RESIDENCE_TOO_SHORT".into(), None)
    );
}

#[test]
fn a_communes_area_is_the_one_it_had_on_each_day() {
    let whole = |commune| [lived(commune, from_ymd(2015, 1, 1), OPEN)];
    // KV1 for 9 months and 14 days of the window only.
    assert_eq!(
        run(&whole(CHANGED), "KV1"),
        ("PRIORITY_AREA_UNSUPPORTED|RESIDENCE_TOO_SHORT".into(), Some(Area::Kv3))
    );
    // KV1 for the last two years of it.
    assert_eq!(run(&whole(RAISED), "KV1"), ("PRIORITY_AREA_SUPPORTED".into(), Some(Area::Kv1)));
}

/// 10 months 20 days and 7 months 11 days in KV1: 17 months and 31 days
/// left over, 18 months and a day.
#[test]
fn leftover_days_count_thirty_to_a_month_across_stretches() {
    let periods = [
        lived(KV1, from_ymd(2015, 1, 1), from_ymd(2023, 7, 21)),
        lived(KV3, from_ymd(2023, 7, 21), from_ymd(2024, 1, 1)),
        lived(KV1, from_ymd(2024, 1, 1), from_ymd(2024, 8, 12)),
        lived(KV3, from_ymd(2024, 8, 12), OPEN),
    ];
    assert_eq!(run(&periods, "KV1").1, Some(Area::Kv1));
    // A day less: 18 months exactly.
    let one_less =
        [lived(KV1, from_ymd(2024, 1, 1), from_ymd(2024, 8, 11)), lived(KV3, from_ymd(2024, 8, 11), OPEN)];
    let periods = [periods[0], periods[1], one_less[0], one_less[1]];
    assert_eq!(run(&periods, "KV1").1, Some(Area::Kv3));
}

#[test]
fn no_permanent_residence_in_the_window_is_a_missing_history() {
    assert_eq!(run(&[], "KV1"), ("RESIDENCE_HISTORY_MISSING".into(), None));
    let temporary = Period::new(0, Place { commune: KV1, province: 8 }, false, from_ymd(2015, 1, 1), OPEN);
    assert_eq!(run(&[temporary], "KV1"), ("RESIDENCE_HISTORY_MISSING".into(), None));
    assert_eq!(
        run(&[lived(KV1, from_ymd(2015, 1, 1), from_ymd(2022, 9, 1))], "KV1").0,
        "RESIDENCE_HISTORY_MISSING"
    );
}

/// The declared value itself is to be corrected, history or not.
#[test]
fn an_unreadable_declared_area_without_a_history_is_named_too() {
    assert_eq!(run(&[], "KV5"), ("AREA_DECLARED_INVALID|RESIDENCE_HISTORY_MISSING".into(), None));
    assert_eq!(run(&[], ""), ("AREA_DECLARED_INVALID|RESIDENCE_HISTORY_MISSING".into(), None));
}

#[test]
fn an_unreadable_declared_area_is_named_and_not_judged() {
    let periods = [lived(KV1, from_ymd(2015, 1, 1), OPEN)];
    assert_eq!(run(&periods, "KV 1").0, "PRIORITY_AREA_SUPPORTED");
    assert_eq!(run(&periods, "kv2nt").0, "PRIORITY_AREA_SUPPORTED");
    assert_eq!(run(&periods, ""), ("AREA_DECLARED_INVALID".into(), Some(Area::Kv1)));
    assert_eq!(run(&periods, "KV5").0, "AREA_DECLARED_INVALID");
}

#[test]
fn with_the_school_province_rule_only_residence_there_counts() {
    let periods = [lived(KV1, from_ymd(2015, 1, 1), OPEN)];
    let there = crate::normalize::place::commune_province(KV1);
    let c = check(&rules(), &periods, &areas(), "KV1", there);
    assert_eq!(c.supported, Some(Area::Kv1));
    let c = check(&rules(), &periods, &areas(), "KV3", Some(1));
    assert_eq!((c.reasons.joined().as_str(), c.supported), ("PRIORITY_AREA_UNSUPPORTED", None));
}
