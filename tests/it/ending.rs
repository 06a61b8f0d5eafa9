//! The lines `reconcile` ends with: the statuses in report order, the rows
//! to act on by action, and where the results, the report, the split files
//! and the file for Excel are.

use crate::util::{read_json, repo, Workdir};

/// Reconciles the credit sample into `out`; returns the end lines (from the one starting `reconciled`).
fn end_lines(wd: &Workdir, out: &str, extra: &[&str]) -> Vec<String> {
    let (base, input) = (repo().join("sample-data/population.csv"), repo().join("sample-data/credit.csv"));
    let mut args =
        vec!["reconcile", "--base", base.to_str().unwrap(), "--input", input.to_str().unwrap(), "-o", out];
    args.extend(extra);
    let stderr = wd.ok(&args);
    let lines: Vec<String> = stderr.lines().map(String::from).collect();
    let at = lines.iter().position(|l| l.starts_with("reconciled ")).unwrap_or_else(|| panic!("{stderr}"));
    lines[at..].to_vec()
}

#[test]
fn the_end_lines_say_what_was_found_in_report_order_and_where_it_is() {
    let wd = Workdir::new();
    let lines = end_lines(&wd, "o", &["--no-progress", "--split-by", "ma_chi_nhanh"]);
    let summary = read_json(&wd.path("o/summary.json"));
    // Statuses in report order (MATCH before ID_CORRECTED before NOT_FOUND), with their counts.
    let statuses =
        ["MATCH", "MATCH_WITH_DIFFS", "ID_CORRECTED", "ID_CONFLICT", "AMBIGUOUS", "NOT_FOUND", "INVALID"];
    let listed: Vec<String> = statuses
        .iter()
        .filter(|s| summary["status_counts"][**s].as_u64().unwrap() > 0)
        .map(|s| format!("{s} {}", summary["status_counts"][*s]))
        .collect();
    assert!(listed.len() >= 4, "{listed:?}");
    assert!(lines[0].starts_with("reconciled 500 rows against 2,000 persons in "), "{}", lines[0]);
    assert!(lines[0].ends_with(&format!(" s: {}", listed.join(", "))), "{}", lines[0]);
    // The rows to act on, each action in report order with its count.
    let actions = [
        "update_id",
        "fix_fields",
        "check_priority_area",
        "check_residence",
        "check_identity",
        "investigate",
        "repair_row",
    ];
    let counts = &summary["action_counts"];
    let each: Vec<String> = actions
        .iter()
        .filter(|a| counts[**a].as_u64().unwrap() > 0)
        .map(|a| format!("{a} {}", counts[*a]))
        .collect();
    let to_act = 500 - counts["none"].as_u64().unwrap();
    assert!(each.len() >= 4 && to_act > 0);
    assert_eq!(lines[1], format!("to act on: {to_act} rows ({})", each.join(", ")));
    assert_eq!(lines[2], "results: o/results.csv; report: o/report.html (and report.md)");
    assert_eq!(lines[3], "split: o/split/, a file of rows to act on per ma_chi_nhanh (index.csv lists them)");
    assert!(
        lines[4].contains("--excel-csv writes a results.csv that Excel opens by double-click"),
        "{lines:?}"
    );
    assert_eq!(lines.len(), 5, "{lines:?}");
    // The file Excel opens is named when there is one.
    let excel = end_lines(&wd, "x", &["--no-progress", "--excel-csv"]);
    assert_eq!(
        excel[2..],
        [
            "results: x/results.csv; report: x/report.html (and report.md)",
            "for Excel: x/results.csv opens by double-click"
        ]
    );
    let xlsx = end_lines(&wd, "w", &["--no-progress", "--format", "xlsx"]);
    assert_eq!(xlsx.last().unwrap(), "for Excel: w/results.xlsx");
    // The README's quick start shows them as the sample gives them (the times aside).
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let shown = readme.split("## Quick start").nth(1).unwrap().split("```text\n").nth(1).unwrap();
    // The stage times' line is a terminal's only.
    let shown: Vec<&str> =
        shown.split("\n```").next().unwrap().lines().filter(|l| !l.starts_with("time by stage: ")).collect();
    let quick = end_lines(&wd, "out", &["--no-progress"]);
    let untimed = |l: &str| l.split(" in ").next().unwrap().to_string() + &l[l.find(" s: ").unwrap()..];
    assert_eq!(untimed(shown[0]), untimed(&quick[0]), "README quick start");
    assert_eq!(shown[1..], quick[1..], "README quick start");
    // A JSON log has an object a line.
    let out = wd.run(&[
        "--log-format",
        "json",
        "reconcile",
        "--base",
        repo().join("sample-data/population.csv").to_str().unwrap(),
        "--input",
        repo().join("sample-data/credit.csv").to_str().unwrap(),
        "-o",
        "j",
    ]);
    assert!(out.status.success());
    let messages: Vec<String> = String::from_utf8(out.stderr)
        .unwrap()
        .lines()
        .filter_map(|l| {
            serde_json::from_str::<serde_json::Value>(l).ok()?["message"].as_str().map(String::from)
        })
        .collect();
    assert!(messages.contains(&lines[1]), "{messages:?}");
}
