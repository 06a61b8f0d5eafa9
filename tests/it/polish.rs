//! The reports say what they show in the export's own words: the reasons
//! chart in words and how many it leaves to the table, decimals as the
//! language writes them, only the actions the kind can give, candidates
//! (not customers) in an exam's report; the kind chosen is said on stderr.

use crate::util::{read_json, repo, Workdir};

/// Reconciles the sample `input` into `out` with extra arguments; returns stderr.
fn run(wd: &Workdir, input: &str, out: &str, extra: &[&str]) -> String {
    let sample = repo().join("sample-data");
    let (base, input) = (sample.join("population.csv"), sample.join(input));
    let mut args =
        vec!["reconcile", "--base", base.to_str().unwrap(), "--input", input.to_str().unwrap(), "-o", out];
    args.extend(extra);
    wd.ok(&args)
}

/// The codes of a report.md's actions table.
fn actions(md: &str) -> Vec<String> {
    let table = md.split("## Việc cần làm").nth(1).expect(md).split("\n## ").next().unwrap();
    table.lines().filter_map(|l| Some(l.strip_prefix("| `")?.split('`').next()?.to_string())).collect()
}

#[test]
fn reports_speak_of_the_export_s_kind_in_its_words() {
    let wd = Workdir::new();
    let sample = repo().join("sample-data");
    let (history, areas) = (sample.join("residence_base.csv"), sample.join("priority_areas.csv"));
    let sides = ["--base-residence", history.to_str().unwrap(), "--priority-areas", areas.to_str().unwrap()];
    let credit = run(&wd, "credit.csv", "c", &["--group-by", "ma_chi_nhanh"]);
    let exam = run(&wd, "exam.csv", "x", &[&sides[..], &["--split-by", "tinh_truong"]].concat());
    run(&wd, "residence.csv", "r", &sides[..2]);
    let read = |f: &str| std::fs::read_to_string(wd.path(f)).unwrap();

    // The kind, and how it was chosen, before any work.
    assert!(credit
        .contains("input kind       credit (detected: no exam or residence headers; --kind says otherwise)"));
    assert!(exam.contains(
        "input kind       exam (detected from the headers so_bao_danh, khu_vuc_uu_tien; --kind says otherwise)"
    ), "{exam}");
    let given = run(&wd, "exam.csv", "g", &["--kind", "credit"]);
    assert!(
        given.contains("input kind       credit (given; the headers say exam: so_bao_danh, khu_vuc_uu_tien)")
    );

    // Only the actions the kind can give.
    let (c, x, r) =
        (actions(&read("c/report.md")), actions(&read("x/report.md")), actions(&read("r/report.md")));
    assert!(
        c.len() == 6 && !c.iter().any(|a| a.starts_with("check_priority") || a == "check_residence"),
        "{c:?}"
    );
    assert!(x.contains(&"check_priority_area".into()) && x.contains(&"check_residence".into()), "{x:?}");
    assert!(r.contains(&"check_residence".into()) && !r.contains(&"check_priority_area".into()), "{r:?}");
    let page = read("c/report.html");
    assert!(!page.contains("Kiểm tra hồ sơ khu vực ưu tiên"), "nor in the groups' legend");

    // The reasons chart: in words, and the reasons it leaves to the table counted.
    let summary = read_json(&wd.path("c/summary.json"));
    let reasons = summary["reason_counts"].as_object().unwrap();
    assert!(reasons.len() > 15, "{}", reasons.len());
    let diacritics = &summary["reason_counts"]["NAME_NO_DIACRITICS"];
    assert!(page.contains(&format!("data-label=\"Họ tên không dấu\" data-value=\"{diacritics}\"")));
    assert!(!page.contains("data-label=\"NAME_NO_DIACRITICS\""));
    let note = format!("Biểu đồ: 15 lý do có nhiều dòng nhất trong {}; bảng dưới liệt kê đủ", reasons.len());
    assert!(page.contains(&note), "{note}");

    // Decimals as each language writes them.
    assert!(read("c/report.md").contains("| 0,95–0,99 |") && page.contains("data-label=\"0,95\""));
    run(&wd, "credit.csv", "e", &["--lang", "en"]);
    let english = read("e/report.html");
    assert!(english.contains("data-label=\"0.95\"") && english.contains("<td>0.95–0.99</td>"));
    assert!(english.contains("The chart shows the 15 most frequent of"));

    // An exam's rows are candidates, not customers; a credit export's customers.
    let exam_md = read("x/report.md");
    assert!(exam_md.contains(
        "`ID_NOT_IN_BASE` | Không ai trong CSDL có số định danh này: đối chiếu với giấy tờ của thí sinh."
    ));
    assert!(!exam_md.contains("khách hàng") && !read("x/report.html").contains("khách hàng"));
    assert!(read("c/report.md").contains("giấy tờ của khách hàng"));
    // The split files sent back to schools say so too.
    let split: String = std::fs::read_dir(wd.path("x/split"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(split.contains("đối chiếu với giấy tờ của thí sinh") && !split.contains("khách hàng"));
}
