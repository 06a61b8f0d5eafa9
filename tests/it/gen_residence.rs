//! `doisoat generate` for the exam and residence checks (issue 12): the
//! base's residence history, the priority-area list, the residence faults
//! and the truth's `expected_reasons`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::os::unix::fs::PermissionsExt;

use crate::util::{read_csv, Workdir};

type Rows = Vec<HashMap<String, String>>;

fn generate(wd: &Workdir, kind: &str, persons: &str, records: &str, out: &str) {
    let args = ["generate", "-q", "--kind", kind, "--persons", persons, "--records", records, "--seed", "7"];
    wd.ok(&[&args[..], &["--out", out]].concat());
}

const LINKED: [&str; 3] = ["MATCH", "MATCH_WITH_DIFFS", "ID_CORRECTED"];

/// Each fault's share of the rows (over `of`, the share of rows that count)
/// is within `rates`, and its linked rows all expect its reason.
fn faults_give_reasons(truth: &Rows, of: f64, rates: std::ops::Range<f64>, want: [(&str, &str); 4]) {
    let mut by_fault: BTreeMap<&str, (f64, HashSet<&str>)> = BTreeMap::new();
    for t in truth {
        for f in t["faults"].split('|').filter(|f| !f.is_empty()) {
            let e = by_fault.entry(f).or_default();
            e.0 += 1.0 / truth.len() as f64 / of;
            if LINKED.contains(&t["expected_status"].as_str()) {
                e.1.insert(&t["expected_reasons"]);
            }
        }
    }
    for (fault, reason) in want {
        let (share, reasons) = &by_fault[fault];
        assert!(rates.contains(share), "{fault}: {share:.4}");
        assert!(reasons.iter().all(|r| r.split('|').any(|c| c == reason)), "{fault}: {reasons:?}");
    }
}

fn ddmmyyyy(s: &str) -> (u32, u32, u32) {
    let p: Vec<u32> = s.split('/').map(|x| x.parse().unwrap()).collect();
    (p[2], p[1], p[0])
}

#[test]
fn exam_samples_carry_the_history_the_areas_and_the_expected_reasons() {
    let wd = Workdir::new();
    generate(&wd, "exam", "200000", "1500", "e");
    // The base's history is the same whatever the kind and the rows exported.
    generate(&wd, "credit", "200000", "10", "c");
    let history = std::fs::read(wd.path("e/residence_base.csv")).unwrap();
    assert!(history == std::fs::read(wd.path("c/residence_base.csv")).unwrap());
    let (h, base) = read_csv(&wd.path("e/residence_base.csv"));
    assert_eq!(h, ["so_dinh_danh", "ma_tinh", "ma_xa", "tu_ngay", "den_ngay", "loai_cu_tru"]);
    let (h, areas) = read_csv(&wd.path("e/priority_areas.csv"));
    assert_eq!(h, ["ma_xa", "khu_vuc", "tu_ngay", "den_ngay"]);
    let (h, truth) = read_csv(&wd.path("e/truth.csv"));
    assert_eq!(h.last().unwrap(), "expected_reasons");
    let (_, exam) = read_csv(&wd.path("e/exam.csv"));
    for f in ["residence_base.csv", "priority_areas.csv", "truth.csv"] {
        let mode = std::fs::metadata(wd.path("e").join(f)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{f}");
    }
    // About 80 % of the candidates turn 18 in the exam year.
    let born_2007 = exam.iter().filter(|r| r["ngay_sinh"].ends_with("2007")).count();
    assert!(born_2007 * 100 > exam.len() * 72 && born_2007 * 100 < exam.len() * 88, "{born_2007}");
    // Every linked row has reasons, an unlinked one none.
    for t in &truth {
        let linked = LINKED.contains(&t["expected_status"].as_str());
        assert_eq!(linked, !t["expected_reasons"].is_empty(), "row {}", t["row"]);
    }
    // Rates among the rows of base persons (outsiders have no base history).
    let in_base = truth.iter().filter(|t| !t["person_id"].is_empty()).count() as f64 / truth.len() as f64;
    let want = [
        ("area_better_than_history", "PRIORITY_AREA_UNSUPPORTED"),
        ("residence_too_short", "RESIDENCE_TOO_SHORT"),
        ("residence_gap", "RESIDENCE_GAP"),
        ("residence_missing", "RESIDENCE_HISTORY_MISSING"),
    ];
    faults_give_reasons(&truth, in_base, 0.025..0.06, want);
    // A missing history is missing from the base file; everybody else's is there.
    let with_history: HashSet<&str> = base.iter().map(|r| r["so_dinh_danh"].as_str()).collect();
    for t in truth.iter().filter(|t| !t["person_id"].is_empty() && !t["faults"].contains("base_duplicate_id"))
    {
        let missing = t["faults"].contains("residence_missing");
        assert_eq!(missing, !with_history.contains(t["person_id"].as_str()), "row {}", t["row"]);
    }
    // Post-merger province codes on some periods from 1 July 2025 on, and never before.
    let new_codes: Vec<&HashMap<String, String>> = base.iter().filter(|r| r["ma_tinh"].len() == 2).collect();
    assert!(!new_codes.is_empty());
    assert!(new_codes.iter().all(|r| ddmmyyyy(&r["tu_ngay"]) >= (2025, 7, 1)));
    // Some candidate lived in the window in a commune whose area changed inside it.
    let changed: HashMap<&str, (u32, u32, u32)> = areas
        .iter()
        .filter(|a| !a["den_ngay"].is_empty())
        .map(|a| (a["ma_xa"].as_str(), ddmmyyyy(&a["den_ngay"])))
        .collect();
    let share = changed.len() as f64 / areas.len() as f64;
    assert!((0.06..0.13).contains(&share), "{share}");
    let candidates: HashSet<&str> = truth.iter().map(|t| t["person_id"].as_str()).collect();
    let lived_through_a_change = base.iter().filter(|r| {
        let (from, to) = (ddmmyyyy(&r["tu_ngay"]), r["den_ngay"].as_str());
        let to = if to.is_empty() { (9999, 1, 1) } else { ddmmyyyy(to) };
        candidates.contains(r["so_dinh_danh"].as_str())
            && r["loai_cu_tru"] == "thuong_tru"
            && changed
                .get(r["ma_xa"].as_str())
                .is_some_and(|&c| (2022, 9, 1) < c && c < (2025, 7, 1) && from < c && c < to)
    });
    assert!(lived_through_a_change.count() > 5);
}

#[test]
fn residence_samples_and_their_faults() {
    let wd = Workdir::new();
    generate(&wd, "residence", "5000", "1500", "r");
    generate(&wd, "residence", "5000", "1500", "again");
    for f in ["residence.csv", "residence_base.csv", "priority_areas.csv", "truth.csv"] {
        let a = std::fs::read(wd.path("r").join(f)).unwrap();
        assert!(a == std::fs::read(wd.path("again").join(f)).unwrap(), "{f} differs with the same seed");
    }
    let (_, base) = read_csv(&wd.path("r/residence_base.csv"));
    let (_, rows) = read_csv(&wd.path("r/residence.csv"));
    let (_, truth) = read_csv(&wd.path("r/truth.csv"));
    assert_eq!(rows.len(), truth.len());
    let period = |r: &HashMap<String, String>, id: &str| {
        (id.to_string(), r["ma_xa"].clone(), r["tu_ngay"].clone(), r["den_ngay"].clone())
    };
    let in_base: HashSet<_> = base.iter().map(|r| period(r, &r["so_dinh_danh"])).collect();
    let want = [
        ("residence_wrong_commune", "RESIDENCE_PLACE_DIFFERS"),
        ("residence_dates_shifted", "RESIDENCE_DATES_DIFFER"),
        ("residence_not_in_base", "RESIDENCE_NOT_IN_BASE"),
        ("residence_extra_in_base", "RESIDENCE_EXTRA_IN_BASE"),
    ];
    faults_give_reasons(&truth, 1.0, 0.03..0.05, want);
    for (t, r) in truth.iter().zip(&rows) {
        let clean = !t["faults"].contains("residence_");
        let exact = in_base.contains(&period(r, &t["person_id"]));
        if clean {
            assert!(exact, "row {}: a clean period is the base's", t["row"]);
            if LINKED.contains(&t["expected_status"].as_str()) {
                assert_eq!(t["expected_reasons"], "RESIDENCE_MATCH", "row {}", t["row"]);
            }
        }
        if t["faults"].contains("residence_not_in_base") {
            assert!(!exact, "row {}", t["row"]);
        }
    }
}

/// `evaluate` scores the expected reasons of a generated truth: a perfect
/// results file scores 1, one row's reasons wrong shows on its faults.
#[test]
fn evaluate_scores_the_expected_reasons() {
    let wd = Workdir::new();
    generate(&wd, "residence", "3000", "300", "r");
    let (_, truth) = read_csv(&wd.path("r/truth.csv"));
    let wrong = truth.iter().position(|t| t["faults"].contains("residence_dates_shifted")).unwrap();
    let mut results = String::from("row,key,status,person_id,reasons\n");
    for (i, t) in truth.iter().enumerate() {
        let linked = LINKED.contains(&t["expected_status"].as_str());
        let person = if linked { t["person_id"].as_str() } else { "" };
        // Other reasons (identity ones) do not count; the family must be exact.
        let reasons = if i == wrong { "RESIDENCE_MATCH".to_string() } else { t["expected_reasons"].clone() };
        let reasons = format!("NAME_DIFF|{reasons}");
        results.push_str(&format!("{},{},{},{person},{reasons}\n", t["row"], t["key"], t["expected_status"]));
    }
    wd.write("results.csv", results);
    let out = wd.run(&["evaluate", "--results", "results.csv", "--truth", "r/truth.csv", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = truth.len() as u64;
    assert_eq!(json["reasons"]["all"]["rows"], n);
    assert_eq!(json["reasons"]["all"]["right"], n - 1);
    let shifted = &json["reasons"]["faults"]["residence_dates_shifted"];
    assert_eq!(shifted["right"].as_u64().unwrap() + 1, shifted["rows"].as_u64().unwrap());
    assert_eq!(
        json["reasons"]["faults"]["residence_wrong_commune"]["right"],
        json["reasons"]["faults"]["residence_wrong_commune"]["rows"]
    );
    let out = wd.run(&["evaluate", "--results", "results.csv", "--truth", "r/truth.csv"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let line = format!("reasons   {:.5} ({} of {n} rows", (n - 1) as f64 / n as f64, n - 1);
    assert!(text.contains(&line), "{text}");
}
