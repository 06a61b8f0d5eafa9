//! A report says what it is a report of: a title by the export's kind, and
//! under it the input's and base's file names, the kind, the run's date
//! (UTC, to the minute) and doisoat's version.

use std::process::{Command, Stdio};

use crate::util::{read_json, repo, Workdir};

/// The title and the line under it of a report.md.
fn head(wd: &Workdir, dir: &str) -> (String, String) {
    let md = std::fs::read_to_string(wd.path(&format!("{dir}/report.md"))).unwrap();
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[1], "", "{md}");
    (lines[0].to_string(), lines[2].to_string())
}

#[test]
fn reports_name_their_kind_files_date_and_version() {
    let wd = Workdir::new();
    let sample = repo().join("sample-data");
    let base = sample.join("population.csv");
    let (base, exam) = (base.to_str().unwrap(), sample.join("exam.csv"));
    // The exam sample, its kind detected; the log's times say when the run was.
    let args =
        ["--log-format", "json", "reconcile", "--base", base, "--input", exam.to_str().unwrap(), "-o", "x"];
    let out = wd.run(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let minutes: Vec<String> = String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["time"].as_str().unwrap()[..16].to_string()
        })
        .collect();
    let (title, about) = head(&wd, "x");
    assert_eq!(title, "# Báo cáo đối soát thí sinh dự thi");
    let version = read_json(&wd.path("x/summary.json"))["doisoat_version"].as_str().unwrap().to_string();
    let date = about.split("Chạy lúc: ").nth(1).expect(&about)[..17].to_string();
    assert!(
        minutes.iter().any(|m| format!("{m}Z") == date),
        "{date} is not among the log's minutes {minutes:?}"
    );
    assert_eq!(
        about,
        format!(
            "Tệp đối soát: **exam.csv** · CSDL: **population.csv** · Loại: thí sinh dự thi (`exam`, tự nhận biết) · \
             Chạy lúc: {date} (UTC) · doisoat {version}"
        )
    );
    let page = std::fs::read_to_string(wd.path("x/report.html")).unwrap();
    assert!(page.contains("<title>Báo cáo đối soát thí sinh dự thi</title>"));
    assert!(page.contains(
        "<p class=\"about\">Tệp đối soát: <strong>exam.csv</strong> · CSDL: <strong>population.csv</strong>"
    ));
    assert!(!page.contains("sample-data") && !about.contains("sample-data"), "file names, not paths");

    // Residence periods from standard input, the kind given, in English.
    let residence = std::fs::File::open(sample.join("residence.csv")).unwrap();
    let args =
        ["reconcile", "--base", base, "--input", "-", "--kind", "residence", "--lang", "en", "-q", "-o", "r"];
    let done = Command::new(env!("CARGO_BIN_EXE_doisoat"))
        .args(args)
        .current_dir(wd.path(""))
        .stdin(Stdio::from(residence))
        .output()
        .unwrap();
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let (title, about) = head(&wd, "r");
    assert_eq!(title, "# Reconciliation report: residence periods");
    assert!(
        about.starts_with("Input: **-** · Base: **population.csv** · Kind: `residence` (given) · Run: "),
        "{about}"
    );
    assert!(about.ends_with(&format!(" (UTC) · doisoat {version}")), "{about}");

    // A credit export in English.
    let credit = sample.join("credit.csv");
    wd.ok(&[
        "reconcile",
        "--base",
        base,
        "--input",
        credit.to_str().unwrap(),
        "--lang",
        "en",
        "-q",
        "-o",
        "c",
    ]);
    let (title, about) = head(&wd, "c");
    assert_eq!(title, "# Reconciliation report: credit records");
    assert!(
        about.starts_with("Input: **credit.csv** · Base: **population.csv** · Kind: `credit` (detected)"),
        "{about}"
    );
}
