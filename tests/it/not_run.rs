//! A check that did not run (an exam export without the residence files, a
//! residence export without the base's history) is a notice at the top of
//! every report, "not run" where its actions' counts would be, and an end
//! line: never a zero that reads as "nothing found".

use crate::util::{read_json, repo, Workdir};

/// Reconciles a sample export into `out` with extra arguments; returns stderr.
fn run(wd: &Workdir, input: &str, out: &str, extra: &[&str]) -> String {
    let sample = repo().join("sample-data");
    let (base, input) = (sample.join("population.csv"), sample.join(input));
    let mut args =
        vec!["reconcile", "--base", base.to_str().unwrap(), "--input", input.to_str().unwrap(), "-o", out];
    args.extend(["--no-progress"].iter().chain(extra));
    wd.ok(&args)
}

fn read(wd: &Workdir, path: &str) -> String {
    std::fs::read_to_string(wd.path(path)).unwrap()
}

/// The Markdown table row of an action: `| \`code\` | words | count | share |`.
fn row<'a>(md: &'a str, code: &str) -> &'a str {
    md.lines().find(|l| l.starts_with(&format!("| `{code}` |"))).unwrap_or_else(|| panic!("{code}:\n{md}"))
}

#[test]
fn an_exam_run_without_the_residence_files_says_its_check_did_not_run() {
    let wd = Workdir::new();
    let stderr = run(&wd, "exam.csv", "vi", &[]);
    assert!(
        stderr.contains(
            "\nnot run: the priority-area check (check_priority_area, check_residence): \
             give --base-residence FILE and --priority-areas FILE to run it\n"
        ),
        "{stderr}"
    );
    let md = read(&wd, "vi/report.md");
    let top = md.split("\n## ").next().unwrap();
    let notice = top.lines().find(|l| l.starts_with("> ⚠")).unwrap_or_else(|| panic!("no notice:\n{top}"));
    for said in ["Kiểm tra khu vực ưu tiên: không chạy", "`--base-residence FILE` và `--priority-areas FILE`"]
    {
        assert!(notice.contains(said), "{said}: {notice}");
    }
    assert!(top.contains("- Kiểm tra khu vực ưu tiên: **không chạy**"), "{top}");
    for code in ["check_priority_area", "check_residence"] {
        let line = row(&md, code);
        assert!(line.ends_with("| **không chạy** | – |"), "{line}");
    }
    assert!(row(&md, "check_identity").ends_with(" % |"), "the others keep their counts");
    // summary.json is as it was: the check's flags are said in `skipped`, no new field.
    let check = read_json(&wd.path("vi/summary.json"))["check"].clone();
    assert_eq!((check["ran"].as_bool(), check.get("missing")), (Some(false), None), "{check}");
    assert_eq!(read_json(&wd.path("vi/summary.json"))["action_counts"]["check_priority_area"], 0);

    // In English, and in the HTML page above the headline figures.
    run(&wd, "exam.csv", "en", &["--lang", "en"]);
    let page = read(&wd, "en/report.html");
    let (notice, headline) =
        (page.find("<p class=\"notice\"").expect("a notice"), page.find("<dl class=\"headline\">"));
    assert!(notice < headline.unwrap(), "the notice comes first");
    assert!(page[notice..]
        .starts_with("<p class=\"notice\" role=\"note\">⚠ <strong>Priority-area check: not run.</strong>"));
    assert!(page.contains("<td><code>check_priority_area</code></td><td>Check the priority-area claim</td><td class=\"n\"><strong>not run</strong></td>"));
    assert!(page.contains(
        "<div id=\"not_run\" data-value=\"false\"><dt>Priority-area check</dt><dd>not run</dd></div>"
    ));

    // With the history but not the areas, the notice names the one flag missing.
    let history = repo().join("sample-data/residence_base.csv");
    run(&wd, "exam.csv", "half", &["--base-residence", history.to_str().unwrap()]);
    let md = read(&wd, "half/report.md");
    assert!(md.contains("Chạy lại với `--priority-areas FILE` để kiểm tra."), "{md}");

    // With both, the check ran: no notice, the counts are counts.
    let areas = repo().join("sample-data/priority_areas.csv");
    let stderr = run(
        &wd,
        "exam.csv",
        "ran",
        &["--base-residence", history.to_str().unwrap(), "--priority-areas", areas.to_str().unwrap()],
    );
    let md = read(&wd, "ran/report.md");
    assert!(!md.contains("> ⚠") && !md.contains("không chạy") && !stderr.contains("not run:"), "{md}");
    assert!(row(&md, "check_priority_area").ends_with(" % |"));
    assert!(!read(&wd, "ran/report.html").contains("class=\"notice\""));
}

#[test]
fn a_residence_run_without_the_history_says_its_check_did_not_run() {
    let wd = Workdir::new();
    let stderr = run(&wd, "residence.csv", "o", &["--lang", "en"]);
    assert!(
        stderr.contains(
            "\nnot run: the residence check (check_residence): give --base-residence FILE to run it\n"
        ),
        "{stderr}"
    );
    let md = read(&wd, "o/report.md");
    assert!(
        md.contains("> ⚠ **Residence check: not run.**")
            && md.contains("Run again with `--base-residence FILE`")
    );
    assert!(row(&md, "check_residence").ends_with("| **not run** | – |"));
    // A residence export has no priority area to check, with or without its history: not listed.
    assert!(!md.contains("`check_priority_area`"), "{md}");
}
