//! `doisoat generate`.

use crate::util::{read_csv, Workdir};

#[test]
fn same_seed_gives_byte_identical_files() {
    let wd = Workdir::new();
    for dir in ["a", "b"] {
        wd.ok(&["generate", "--persons", "3000", "--records", "800", "--seed", "7", "--out", dir, "-q"]);
    }
    for f in ["population.csv", "credit.csv", "truth.csv"] {
        let a = std::fs::read(wd.path("a").join(f)).unwrap();
        let b = std::fs::read(wd.path("b").join(f)).unwrap();
        assert!(a == b, "{f} differs between two runs with the same seed");
    }
    wd.ok(&["generate", "--persons", "3000", "--records", "800", "--seed", "8", "--out", "c", "-q"]);
    assert_ne!(
        std::fs::read(wd.path("a/credit.csv")).unwrap(),
        std::fs::read(wd.path("c/credit.csv")).unwrap()
    );
}

#[test]
fn truth_is_consistent_with_the_base() {
    let wd = Workdir::new();
    wd.ok(&["generate", "--persons", "5000", "--records", "2000", "--seed", "3", "--out", "g", "-q"]);
    let (_, base) = read_csv(&wd.path("g/population.csv"));
    let (_, credit) = read_csv(&wd.path("g/credit.csv"));
    let (_, truth) = read_csv(&wd.path("g/truth.csv"));
    assert_eq!(base.len(), 5000);
    assert_eq!(credit.len(), 2000);
    assert_eq!(truth.len(), 2000);
    let ids: std::collections::HashSet<&str> = base.iter().map(|r| r["so_dinh_danh"].as_str()).collect();
    assert_eq!(ids.len(), base.len(), "base IDs are unique");
    for (i, (t, c)) in truth.iter().zip(&credit).enumerate() {
        assert_eq!(t["row"], (i + 1).to_string());
        assert_eq!(t["key"], c["ma_khach_hang"]);
        let in_base = !t["person_id"].is_empty();
        assert_eq!(in_base, !t["faults"].contains("not_in_base"), "row {}", i + 1);
        if in_base {
            assert!(
                ids.contains(t["person_id"].as_str()),
                "row {}: truth names a person not in the base",
                i + 1
            );
        }
        if t["faults"].is_empty() {
            assert_eq!(c["so_giay_to"], t["person_id"], "a clean row carries its person's ID");
            assert_eq!(t["expected_status"], "MATCH");
        }
    }
    let faulty = truth.iter().filter(|t| !t["faults"].is_empty()).count();
    assert!(faulty > 200, "the realistic profile injects faults ({faulty})");
}

#[test]
fn unknown_fault_profile_is_a_usage_error() {
    let wd = Workdir::new();
    let out = wd.run(&["generate", "--persons", "10", "--records", "1", "--faults", "nasty", "--out", "g"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nasty"));
}
