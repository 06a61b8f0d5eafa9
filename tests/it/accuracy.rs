//! Accuracy against generated ground truth: the targets of the matching
//! engine (precision ≥ 0.9995, recall ≥ 0.995), checked on a small run.

use crate::util::{read_json, Workdir};

fn accuracy(wd: &Workdir, seed: &str, faults: &str) -> serde_json::Value {
    let dir = format!("g{seed}{faults}");
    wd.ok(&[
        "generate",
        "--persons",
        "50000",
        "--records",
        "10000",
        "--seed",
        seed,
        "--faults",
        faults,
        "--out",
        &dir,
        "-q",
    ]);
    let (base, input, out) =
        (format!("{dir}/population.csv"), format!("{dir}/credit.csv"), format!("{dir}/out"));
    wd.ok(&["reconcile", "--base", &base, "--input", &input, "--out", &out, "-q"]);
    let out = wd.run(&[
        "evaluate",
        "--results",
        &format!("{out}/results.csv"),
        "--truth",
        &format!("{dir}/truth.csv"),
        "--json",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let path = wd.write("eval.json", out.stdout);
    read_json(&path)
}

#[test]
fn precision_and_recall_meet_the_targets() {
    let wd = Workdir::new();
    for (seed, faults) in [("77", "realistic"), ("78", "hostile")] {
        let a = accuracy(&wd, seed, faults);
        let (p, r) = (a["precision"].as_f64().unwrap(), a["recall"].as_f64().unwrap());
        assert!(p >= 0.9995, "seed {seed} {faults}: precision {p}");
        assert!(r >= 0.995, "seed {seed} {faults}: recall {r}");
        assert!(a["links"].as_u64().unwrap() > 9_000);
    }
}

#[test]
fn evaluate_reports_a_wrong_link() {
    let wd = Workdir::new();
    wd.write("truth.csv", "row,key,person_id,faults,expected_status\n1,a,001,,MATCH\n2,b,002,,MATCH\n");
    wd.write("results.csv", "row,key,status,person_id\n1,a,MATCH,001\n2,b,MATCH,003\n");
    let out = wd.run(&["evaluate", "--results", "results.csv", "--truth", "truth.csv", "--json"]);
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a["precision"], 0.5);
    assert_eq!(a["recall"], 0.5);
    assert_eq!(a["status"]["right"], 1);
}
