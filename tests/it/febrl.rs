//! The public Febrl 4 benchmark (5,000 originals, 5,000 corrupted
//! duplicates), reconciled with `scripts/febrl4.toml` and measured against
//! its true pairs as a link truth: the targets are precision ≥ 0.999 and
//! F1 ≥ 0.999. `scripts/febrl4.sh` runs the same from the shell.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::util::{read_csv, read_json, repo, Workdir};

/// The benchmark folder, carried by the repository (`tests/data/febrl4`,
/// with its origin and licence).
fn benchmark() -> PathBuf {
    let dir = repo().join("tests/data/febrl4");
    for f in ["a.csv", "b.csv", "truth.csv"] {
        assert!(
            dir.join(f).is_file(),
            "the Febrl 4 benchmark is missing: {} not found",
            dir.join(f).display()
        );
    }
    dir
}

/// `key,person_id`: each b row's rec_id and the soc_sec_id of its original in a.
fn link_truth(dir: &std::path::Path) -> String {
    let (_, base) = read_csv(&dir.join("a.csv"));
    let person: HashMap<&str, &str> =
        base.iter().map(|r| (r["rec_id"].as_str(), r["soc_sec_id"].as_str())).collect();
    let (_, truth) = read_csv(&dir.join("truth.csv"));
    let mut out = String::from("key,person_id\n");
    for t in &truth {
        let id = person.get(t["true_rec_id"].as_str()).expect("every true record is in a.csv");
        out.push_str(&format!("{},{id}\n", t["rec_id"]));
    }
    assert_eq!(truth.len(), 5000);
    out
}

#[test]
fn febrl4_precision_and_f1_meet_the_targets() {
    let dir = benchmark();
    let wd = Workdir::new();
    wd.write("links.csv", link_truth(&dir));
    let config = repo().join("scripts/febrl4.toml");
    let (a, b) = (dir.join("a.csv"), dir.join("b.csv"));
    wd.ok(&[
        "reconcile",
        "--base",
        a.to_str().unwrap(),
        "--input",
        b.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
        "--out",
        "out",
        "-q",
    ]);
    let out = wd.run(&["evaluate", "--results", "out/results.csv", "--truth", "links.csv", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let e = read_json(&wd.write("eval.json", out.stdout));
    assert_eq!(e["paired_by"], "key");
    assert_eq!((e["linkable"].as_u64(), e["not_in_truth"].as_u64()), (Some(5000), Some(0)));
    let (p, r, f1) =
        (e["precision"].as_f64().unwrap(), e["recall"].as_f64().unwrap(), e["f1"].as_f64().unwrap());
    assert!(p >= 0.999 && f1 >= 0.999, "Febrl 4: precision {p:.5}, recall {r:.5}, F1 {f1:.5}");
}

#[test]
fn evaluate_pairs_a_link_truth_by_key() {
    let wd = Workdir::new();
    wd.write("links.csv", "key,person_id,note\nb,002,x\na,001,x\nc,003,x\n");
    wd.write(
        "results.csv",
        "row,key,status,person_id\n1,a,MATCH,001\n2,b,MATCH,009\n3,c,NOT_FOUND,\n4,z,MATCH,004\n",
    );
    let out = wd.run(&["evaluate", "--results", "results.csv", "--truth", "links.csv", "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((a["links"].as_u64(), a["right_links"].as_u64()), (Some(3), Some(1)));
    assert_eq!((a["linkable"].as_u64(), a["found"].as_u64()), (Some(3), Some(1)));
    assert_eq!(a["status"], serde_json::Value::Null);
    let table = wd.run(&["evaluate", "--results", "results.csv", "--truth", "links.csv"]);
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("f1        0.33333\n"), "{table}");
    assert!(table.contains("status    n/a"), "{table}");

    wd.write("bad.csv", "id,person_id\na,001\n");
    let out = wd.run(&["evaluate", "--results", "results.csv", "--truth", "bad.csv"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.csv: neither a 'row' column"), "{stderr}");
}
