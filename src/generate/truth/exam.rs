//! The exam rules as the generator applies them to write the truth: which
//! priority area a residence history supports, and the reasons a perfect
//! reconciler gives a declared area (the shared specification of issue 12).
//! Written apart from the engine's implementation on purpose: the truth is
//! a second opinion, not a copy.
//!
//! Only permanent residence counts. The days of the window with an area at
//! least as good as A are merged into stretches of consecutive days; each
//! stretch counts its whole calendar months, the days left over of all
//! stretches count 30 to a month, and more than [`MIN_MONTHS`] qualify
//! (TT 08/2022 Art. 7(1)(c), "trên 18 tháng": 18 months and a day). The supported
//! area is the best A that qualifies (KV3 counts every day of permanent
//! residence, with a known area or not).

use crate::generate::calendar::{day, months_and_days};
use crate::generate::geo::{rank, Period, PERMANENT};
use crate::normalize::Dob;

/// Months of permanent residence to exceed: more than these qualify.
pub const MIN_MONTHS: u32 = 18;

/// The exam window: the three upper-secondary school years before the exam.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First day: 1 September, three years before.
    pub from: Dob,
    /// The first day after: 1 July of the exam year.
    pub to: Dob,
}

impl Window {
    /// The window of an exam year.
    pub fn of(exam_year: u32) -> Window {
        Window { from: Dob::new(exam_year - 3, 9, 1), to: Dob::new(exam_year, 7, 1) }
    }
}

/// A commune's stretches of one area: (area, from, to exclusive or `None`).
pub type Stretches = Vec<(&'static str, Dob, Option<Dob>)>;

/// What a history supports in a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assessment {
    /// No permanent period overlaps the window.
    pub missing: bool,
    /// The rank of the supported area (0 = KV1), `None` when even all days do not qualify.
    pub supported: Option<usize>,
    /// The rank of the best area of a commune lived in (permanently) on some day of the window.
    pub best_lived: Option<usize>,
    /// A day of the window, from the first day of permanent residence on, is not covered.
    pub gap: bool,
}

/// Days `[from, to)` of the window with the area's rank (`None`: no known area).
type Segment = (i64, i64, Option<usize>);

fn segments(periods: &[Period], w: Window, areas: &dyn Fn(u32) -> Stretches) -> Vec<Segment> {
    let (w0, w1) = (day(w.from), day(w.to));
    let mut out = Vec::new();
    for p in periods.iter().filter(|p| p.kind == PERMANENT) {
        let (a, b) = (day(p.from).max(w0), p.to.map_or(w1, day).min(w1));
        if a >= b {
            continue;
        }
        out.push((a, b, None));
        for (area, from, to) in areas(p.commune) {
            let (x, y) = (a.max(day(from)), to.map_or(b, |t| b.min(day(t))));
            if x < y {
                out.push((x, y, rank(area)));
            }
        }
    }
    out
}

/// Merges intervals into maximal stretches of consecutive days.
pub fn merged(mut spans: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    spans.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::new();
    for (a, b) in spans {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// The months the stretches count, and the days beyond them: whole
/// calendar months each, and the leftover days of all of them 30 to a month.
pub fn months(stretches: &[(i64, i64)]) -> (u32, i64) {
    let (mut whole, mut left) = (0, 0);
    for &(a, b) in stretches {
        let (m, d) = months_and_days(a, b);
        whole += m;
        left += d;
    }
    (whole + (left / 30) as u32, left % 30)
}

/// Assesses a history in a window, with each commune's area stretches.
pub fn assess(periods: &[Period], w: Window, areas: &dyn Fn(u32) -> Stretches) -> Assessment {
    let segs = segments(periods, w, areas);
    let qualifies = |a: usize| {
        let days = segs.iter().filter(|s| a == 3 || s.2.is_some_and(|r| r <= a)).map(|s| (s.0, s.1));
        months(&merged(days.collect())) > (MIN_MONTHS, 0)
    };
    let first = periods.iter().filter(|p| p.kind == PERMANENT).map(|p| day(p.from)).min();
    let covered = merged(segs.iter().map(|s| (s.0, s.1)).collect());
    let start = first.map_or(day(w.to), |f| f.max(day(w.from)));
    let gap = !covered.is_empty() && covered != [(start, day(w.to))];
    Assessment {
        missing: segs.is_empty(),
        supported: (0..4).find(|&a| qualifies(a)),
        best_lived: segs.iter().filter_map(|s| s.2).min(),
        gap,
    }
}

/// The residence and priority-area reasons of a declared area, sorted.
pub fn reasons(a: &Assessment, declared: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let declared = rank(declared);
    if declared.is_none() {
        out.push("AREA_DECLARED_INVALID");
    }
    if a.missing {
        out.push("RESIDENCE_HISTORY_MISSING");
        return out;
    }
    if let Some(d) = declared {
        if a.supported.is_some_and(|s| d >= s) {
            out.push("PRIORITY_AREA_SUPPORTED");
        } else {
            out.push("PRIORITY_AREA_UNSUPPORTED");
            if a.best_lived.is_some_and(|b| b <= d) {
                out.push("RESIDENCE_TOO_SHORT");
            }
        }
    }
    if a.gap {
        out.push("RESIDENCE_GAP");
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::geo::{AREAS_KNOWN_FROM, TEMPORARY};

    const W: Window = Window { from: Dob(20220901), to: Dob(20250701) };

    /// Communes 1 (KV1), 2 (KV2-NT), 3 (KV2), 4 (KV3); 5 is KV1 until
    /// 2024-03-01, then KV3; 6 is in no list.
    fn areas(c: u32) -> Stretches {
        let always = |a| vec![(a, AREAS_KNOWN_FROM, None)];
        match c {
            1 => always("KV1"),
            2 => always("KV2-NT"),
            3 => always("KV2"),
            4 => always("KV3"),
            5 => vec![("KV1", AREAS_KNOWN_FROM, Some(Dob(20240301))), ("KV3", Dob(20240301), None)],
            _ => vec![],
        }
    }

    fn p(commune: u32, from: u32, to: Option<u32>) -> Period {
        Period { commune, from: Dob(from), to: to.map(Dob), kind: PERMANENT, new_code: false }
    }

    fn check(history: &[Period], declared: &str) -> (Option<&'static str>, Vec<&'static str>) {
        let a = assess(history, W, &areas);
        (a.supported.map(|r| crate::generate::geo::AREAS[r].0), reasons(&a, declared))
    }

    #[test]
    fn eighteen_months_and_a_day_qualify_and_exactly_eighteen_do_not() {
        let h = [p(1, 20100101, Some(20240302)), p(4, 20240302, None)];
        assert_eq!(months(&[(day(Dob(20220901)), day(Dob(20240301)))]), (18, 0));
        assert_eq!(months(&[(day(Dob(20220901)), day(Dob(20240302)))]), (18, 1));
        assert_eq!(check(&h, "KV1"), (Some("KV1"), vec!["PRIORITY_AREA_SUPPORTED"]));
        let h = [p(1, 20100101, Some(20240301)), p(4, 20240301, None)];
        let want = vec!["PRIORITY_AREA_UNSUPPORTED", "RESIDENCE_TOO_SHORT"];
        assert_eq!(check(&h, "KV1"), (Some("KV3"), want));
        assert_eq!(check(&h, "KV3").1, vec!["PRIORITY_AREA_SUPPORTED"]);
    }

    #[test]
    fn leftover_days_of_stretches_add_up_thirty_to_a_month() {
        // 8 months 20 days of KV1, 4 months of KV3, 9 months 15 days of KV1 again:
        // 17 months and 35 days, so 18 and 5 days.
        let h = [
            p(1, 20100101, Some(20230521)),
            p(4, 20230521, Some(20240101)),
            p(1, 20240101, Some(20241016)),
            p(4, 20241016, None),
        ];
        assert_eq!(check(&h, "KV1").0, Some("KV1"));
        // 9 months 10 days instead: 17 months and 30 days, 18 exactly.
        let h = [h[0].clone(), h[1].clone(), p(1, 20240101, Some(20241011)), p(4, 20241011, None)];
        assert_eq!(check(&h, "KV1").0, Some("KV3"));
    }

    #[test]
    fn a_mix_of_areas_supports_the_worse_one_and_a_move_counts_both() {
        // 10 months KV1, then KV2-NT: days at KV2-NT or better are the whole window.
        let h = [p(1, 20100101, Some(20230701)), p(2, 20230701, None)];
        assert_eq!(check(&h, "KV2-NT"), (Some("KV2-NT"), vec!["PRIORITY_AREA_SUPPORTED"]));
        assert_eq!(check(&h, "KV2"), (Some("KV2-NT"), vec!["PRIORITY_AREA_SUPPORTED"]));
        let want = vec!["PRIORITY_AREA_UNSUPPORTED", "RESIDENCE_TOO_SHORT"];
        assert_eq!(check(&h, "KV1").1, want);
        // Never lived in KV1 in the window: unsupported, not too short.
        let h = [p(3, 20100101, None)];
        assert_eq!(check(&h, "KV1"), (Some("KV2"), vec!["PRIORITY_AREA_UNSUPPORTED"]));
    }

    #[test]
    fn a_one_day_gap_is_a_gap_and_an_open_end_is_none() {
        let h = [p(2, 20100101, Some(20230101)), p(2, 20230102, None)];
        let want = vec!["PRIORITY_AREA_SUPPORTED", "RESIDENCE_GAP"];
        assert_eq!(check(&h, "KV2-NT"), (Some("KV2-NT"), want));
        let h = [p(2, 20100101, None)];
        assert_eq!(check(&h, "KV2-NT"), (Some("KV2-NT"), vec!["PRIORITY_AREA_SUPPORTED"]));
        // Residence that ends before the window's end leaves a gap; one that
        // starts inside the window does not (counted from its first day).
        let h = [p(2, 20100101, Some(20250630))];
        assert!(assess(&h, W, &areas).gap);
        let h = [p(2, 20230101, None)];
        assert_eq!(check(&h, "KV2-NT"), (Some("KV2-NT"), vec!["PRIORITY_AREA_SUPPORTED"]));
    }

    #[test]
    fn an_area_that_changed_inside_the_window_counts_as_it_was_on_each_day() {
        // Commune 5 is KV1 for exactly 18 months of the window, then KV3: not more than 18.
        let h = [p(5, 20150101, None)];
        let want = vec!["PRIORITY_AREA_UNSUPPORTED", "RESIDENCE_TOO_SHORT"];
        assert_eq!(check(&h, "KV1"), (Some("KV3"), want));
        // Moving in two months later leaves 16 months of KV1.
        let h = [p(4, 20150101, Some(20221101)), p(5, 20221101, None)];
        let want = vec!["PRIORITY_AREA_UNSUPPORTED", "RESIDENCE_TOO_SHORT"];
        assert_eq!(check(&h, "KV1"), (Some("KV3"), want));
    }

    #[test]
    fn a_post_merger_province_code_changes_nothing() {
        let h = [p(1, 20100101, Some(20250701)), Period { new_code: true, ..p(4, 20250701, None) }];
        assert_eq!(check(&h, "KV1"), (Some("KV1"), vec!["PRIORITY_AREA_SUPPORTED"]));
        assert_eq!(h[1].province_code(), "01", "commune 4 is a Hà Nội ward");
    }

    #[test]
    fn missing_history_and_unknown_areas() {
        assert_eq!(check(&[], "KV1").1, vec!["RESIDENCE_HISTORY_MISSING"]);
        assert_eq!(check(&[], "KV5").1, vec!["AREA_DECLARED_INVALID", "RESIDENCE_HISTORY_MISSING"]);
        let before = [p(1, 20100101, Some(20220901))];
        assert_eq!(check(&before, "KV1").1, vec!["RESIDENCE_HISTORY_MISSING"]);
        let temporary = [Period { kind: TEMPORARY, ..p(1, 20100101, None) }];
        assert_eq!(check(&temporary, "KV1").1, vec!["RESIDENCE_HISTORY_MISSING"]);
        // A commune in no list supports KV3 only; too little of anything supports nothing.
        assert_eq!(check(&[p(6, 20100101, None)], "KV3"), (Some("KV3"), vec!["PRIORITY_AREA_SUPPORTED"]));
        let short = [p(1, 20240601, None)];
        let want = vec!["PRIORITY_AREA_UNSUPPORTED", "RESIDENCE_TOO_SHORT"];
        assert_eq!(check(&short, "KV3"), (None, want.clone()));
        assert_eq!(check(&short, "KV1"), (None, want));
    }
}
