//! The exam and residence checks on small hand-written files: an exam run
//! and a residence run with the reasons expected of each row, an exam run
//! without the side files (identity only, said once), and a residence file
//! with a bad cell (the error names the file, row and column).

use crate::util::{read_csv, read_json, Workdir};

const BASE: &str = "\
so_dinh_danh,ho_va_ten,ngay_sinh,gioi_tinh
001207000001,Nguyễn Văn An,15/03/2007,Nam
001207000002,Trần Văn Bình,02/05/2007,Nam
001307000003,Lê Thị Chi,20/07/2007,Nữ
001307000004,Phạm Thị Dung,11/11/2007,Nữ
001207000005,Hoàng Văn Em,30/01/2007,Nam
001207000006,Đỗ Văn Hải,08/08/2007,Nam
001207000007,Bùi Văn Khoa,05/05/2007,Nam
";

/// Where each base person lived (real commune codes: 00691 in Hà Giang,
/// 01270 and 01267 in Cao Bằng, 01837 in Bắc Kạn, 00004 in Hà Nội, 26734 in
/// Hồ Chí Minh City). 00691 is KV1, 01270 KV2-NT, 01837 KV1
/// until 15/06/2023 then KV3, 00004 unlisted (KV3). Hoàng Văn Em's row
/// gives the post-merger province code 19 (Bắc Kạn, 006, joined Thái Nguyên).
/// The last row's period ends the day it begins: left out, counted.
const RESIDENCE_BASE: &str = "\
so_dinh_danh,ma_tinh,ma_xa,tu_ngay,den_ngay,loai_cu_tru
001207000001,002,00691,01/01/2010,,thuong_tru
001207000002,001,00004,01/01/2010,01/01/2024,thuong_tru
001207000002,002,00691,01/01/2024,01/07/2024,thuong_tru
001207000002,001,00004,01/07/2024,,thuong_tru
001307000003,004,01270,01/01/2010,01/03/2023,thuong_tru
001307000003,004,01270,02/03/2023,,thuong_tru
001207000005,19,01837,01/01/2010,,thuong_tru
001207000006,002,00691,01/01/2010,,thuong_tru
001207000007,001,00004,01/01/2010,,thuong_tru
079207999999,079,26734,01/01/2010,,thuong_tru
001207000001,002,00691,05/05/2005,05/05/2005,thuong_tru
";

const AREAS: &str = "\
ma_xa,khu_vuc,tu_ngay,den_ngay
00691,KV1,01/01/2015,
01270,KV2-NT,01/01/2015,
01837,KV1,01/01/2015,15/06/2023
01837,KV3,15/06/2023,
99999,KV1,01/01/2015,
";

const EXAM: &str = "\
so_bao_danh,ho_ten,ngay_sinh,gioi_tinh,so_cccd,tinh_truong,khu_vuc_uu_tien,ma_xa
01000001,Nguyễn Văn An,15/03/2007,Nam,001207000001,Hà Giang,KV1,00691
01000002,Trần Văn Bình,02/05/2007,Nam,001207000002,Hà Nội,KV1,00691
01000003,Lê Thị Chi,20/07/2007,Nữ,001307000003,Cao Bằng,KV2,01270
01000004,Phạm Thị Dung,11/11/2007,Nữ,001307000004,Hà Nội,KV3,00004
01000005,Hoàng Văn Em,30/01/2007,Nam,001207000005,Bắc Kạn,KV1,01837
01000006,Vũ Văn Giang,01/01/2007,Nam,,Hà Nội,KV1,00004
01000007,Đỗ Văn Hải,08/08/2007,Nam,001207000006,Hà Giang,KV5,00691
";

fn setup(wd: &Workdir) {
    wd.write("population.csv", BASE);
    wd.write("residence_base.csv", RESIDENCE_BASE);
    wd.write("priority_areas.csv", AREAS);
}

/// Each row's (status, reasons, action, check column).
fn outcomes(wd: &Workdir, dir: &str, column: &str) -> Vec<[String; 4]> {
    let (headers, rows) = read_csv(&wd.path(&format!("{dir}/results.csv")));
    assert_eq!(headers[9], column, "{headers:?}");
    rows.iter()
        .map(|r| [&r["status"], &r["reasons"], &r["action"], &r[column]].map(|s| s.to_string()))
        .collect()
}

/// Row by row, so a difference names its row.
fn same_rows(got: &[[String; 4]], want: &[[String; 4]]) {
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(g, w, "row {}", i + 1);
    }
    assert_eq!(got.len(), want.len());
}

/// `doisoat explain` of row `row` of the run in `o`: its standard output.
fn explain(wd: &Workdir, row: &str) -> String {
    let out = wd.run(&["explain", "--out", "o", "--row", row]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn row(status: &str, reasons: &str, action: &str, value: &str) -> [String; 4] {
    [status, reasons, action, value].map(str::to_string)
}

#[test]
fn an_exam_run_checks_each_linked_candidates_declared_area() {
    let wd = Workdir::new();
    setup(&wd);
    wd.write("exam.csv", EXAM);
    let sides = ["--base-residence", "residence_base.csv", "--priority-areas", "priority_areas.csv"];
    let mut args = vec!["reconcile", "--base", "population.csv", "--input", "exam.csv", "--out", "o", "-q"];
    args.extend(sides);
    wd.ok(&args);
    let got = outcomes(&wd, "o", "supported_area");
    let want = [
        row("MATCH", "PRIORITY_AREA_SUPPORTED", "none", "KV1"),
        row("MATCH", "PRIORITY_AREA_UNSUPPORTED|RESIDENCE_TOO_SHORT", "check_priority_area", "KV3"),
        row("MATCH", "PRIORITY_AREA_SUPPORTED|RESIDENCE_GAP", "check_residence", "KV2-NT"),
        row("MATCH", "RESIDENCE_HISTORY_MISSING", "check_residence", ""),
        row("MATCH", "PRIORITY_AREA_UNSUPPORTED|RESIDENCE_TOO_SHORT", "check_priority_area", "KV3"),
        row("NOT_FOUND", "ID_MISSING", "check_identity", ""),
        row("MATCH", "AREA_DECLARED_INVALID", "check_priority_area", "KV1"),
    ];
    same_rows(&got, &want);
    let check = &read_json(&wd.path("o/summary.json"))["check"];
    assert_eq!(check["kind"], "exam");
    assert_eq!(check["ran"], true);
    assert_eq!(
        (check["exam_year"].as_u64(), check["exam_year_from"].as_str()),
        (Some(2025), Some("inferred"))
    );
    assert_eq!(check["window"], serde_json::json!(["01/09/2022", "01/07/2025"]));
    assert_eq!(check["base_residence_rows_not_in_base"], 1);
    // 99999 is in neither era of the register: kept, counted.
    assert_eq!(check["priority_area_communes_unknown"], 1);
    let report = std::fs::read_to_string(wd.path("o/report.md")).unwrap();
    assert!(
        report.contains("**2025 (01/09/2022 – 01/07/2025)**"),
        "the report names the exam year:\n{report}"
    );

    // Another exam year moves the window: in 2024 Hoàng Văn Em's commune was KV1 long enough.
    args.extend(["--exam-year", "2024"]);
    args[6] = "o2";
    wd.ok(&args);
    assert_eq!(
        outcomes(&wd, "o2", "supported_area")[4],
        row("MATCH", "PRIORITY_AREA_SUPPORTED", "none", "KV1")
    );
    assert_eq!(read_json(&wd.path("o2/summary.json"))["check"]["exam_year_from"], "--exam-year");

    // explain gives the check: the window, the months counted, the rule.
    let said = explain(&wd, "2");
    for part in [
        "priority-area check",
        "window: 01/09/2022 – 01/07/2025",
        "declared: KV1",
        "supported: KV3",
        "RESIDENCE_TOO_SHORT: the candidate did live in the window",
    ] {
        assert!(said.contains(part), "{part:?} in:\n{said}");
    }
    assert!(explain(&wd, "4").contains("no permanent period of the person overlaps"));
}

#[test]
fn an_exam_run_without_the_side_files_checks_identity_and_says_so() {
    let wd = Workdir::new();
    setup(&wd);
    wd.write("exam.csv", EXAM);
    let err = wd.ok(&[
        "reconcile",
        "--base",
        "population.csv",
        "--input",
        "exam.csv",
        "--out",
        "o",
        "--no-progress",
    ]);
    let said: Vec<&str> = err.lines().filter(|l| l.contains("check was skipped")).collect();
    assert_eq!(said.len(), 1, "{err}");
    assert!(said[0].contains("--base-residence") && said[0].contains("--priority-areas"), "{err}");
    let got = outcomes(&wd, "o", "supported_area");
    assert!(got.iter().all(|r| !r[1].contains("AREA") && !r[1].contains("RESIDENCE") && r[3].is_empty()));
    let check = &read_json(&wd.path("o/summary.json"))["check"];
    assert_eq!(check["ran"], false);
    assert!(check["skipped"].as_str().unwrap().contains("--priority-areas"), "{check}");
    // A credit export is untouched by the kinds: no check column, no check in the summary.
    wd.write("credit.csv", "ma_khach_hang,ho_ten,so_cccd\nKH1,Nguyễn Văn An,001207000001\n");
    wd.ok(&["reconcile", "--base", "population.csv", "--input", "credit.csv", "--out", "c", "-q"]);
    let (headers, _) = read_csv(&wd.path("c/results.csv"));
    assert!(!headers.iter().any(|h| h == "supported_area" || h == "overlap_days"), "{headers:?}");
    assert!(read_json(&wd.path("c/summary.json")).get("check").is_none());
}

const RESIDENCE: &str = "\
ma_ho_so,so_dinh_danh,ho_ten,ma_tinh,ma_xa,tu_ngay,den_ngay,loai_cu_tru
HS1,001207000001,Nguyễn Văn An,002,00691,01/01/2010,,thuong_tru
HS2,001207000002,Trần Văn Bình,001,00004,01/01/2010,01/01/2024,thuong_tru
HS3,001207000002,Trần Văn Bình,002,00691,01/02/2024,01/07/2024,thuong_tru
HS4,001307000003,Lê Thị Chi,004,01267,01/01/2010,01/03/2023,thuong_tru
HS5,001307000004,Phạm Thị Dung,001,00004,01/01/2015,,thuong_tru
HS6,001207000005,Hoàng Văn Em,006,,01/01/2010,,thuong_tru
HS7,001207000006,Đỗ Văn Hải,001,00004,01/01/2020,01/01/2021,tam_tru
HS8,001207000006,Đỗ Văn Hải,002,00691,sometime,,thuong_tru
HS9,001207000005,Hoàng Văn Em,006,,01/01/2012,01/01/2012,thuong_tru
HS10,001207000007,Bùi Văn Khoa,001,00004,không rõ,,thuong_tru
";

#[test]
fn a_residence_run_compares_each_period_with_the_bases() {
    let wd = Workdir::new();
    setup(&wd);
    wd.write("residence.csv", RESIDENCE);
    let args = ["reconcile", "--base", "population.csv", "--input", "residence.csv", "--out", "o", "-q"];
    wd.ok(&[&args[..], &["--base-residence", "residence_base.csv"]].concat());
    let got = outcomes(&wd, "o", "overlap_days");
    let want = [
        row("MATCH", "RESIDENCE_MATCH", "none", ""),
        // Trần Văn Bình's last base period is in none of his rows: flagged on his first.
        row("MATCH", "RESIDENCE_MATCH|RESIDENCE_EXTRA_IN_BASE", "check_residence", ""),
        row("MATCH", "RESIDENCE_DATES_DIFFER", "check_residence", "151"),
        row("MATCH", "RESIDENCE_PLACE_DIFFERS|RESIDENCE_EXTRA_IN_BASE", "check_residence", ""),
        row("MATCH", "RESIDENCE_NOT_IN_BASE", "check_residence", ""),
        // 006 (Bắc Kạn) before the merger, 19 (Thái Nguyên) after: one place.
        row("MATCH", "RESIDENCE_MATCH", "none", ""),
        row("MATCH", "RESIDENCE_NOT_IN_BASE|RESIDENCE_EXTRA_IN_BASE", "check_residence", ""),
        row("MATCH", "RESIDENCE_PERIOD_INVALID", "check_residence", ""),
        // A period that ends the day it begins holds no day: invalid, not
        // another date inside the base's period there.
        row("MATCH", "RESIDENCE_PERIOD_INVALID", "check_residence", ""),
        // The person's only row cannot be read: their base period is still
        // in none of their rows, said on that row.
        row("MATCH", "RESIDENCE_EXTRA_IN_BASE|RESIDENCE_PERIOD_INVALID", "check_residence", ""),
    ];
    same_rows(&got, &want);
    let check = &read_json(&wd.path("o/summary.json"))["check"];
    assert_eq!(
        (check["kind"].as_str(), check["base_residence_rows_empty"].as_u64()),
        (Some("residence"), Some(1))
    );
    // explain gives the row's period, the base's, and the rule; a period
    // that cannot be used says why; a cross-row reason comes from the results.
    let said = explain(&wd, "3");
    for part in ["residence check", "same place, 151 days in common", "decided: RESIDENCE_DATES_DIFFER"] {
        assert!(said.contains(part), "{part:?} in:\n{said}");
    }
    assert!(explain(&wd, "9").contains("ends the day it begins"));
    let said = explain(&wd, "10");
    assert!(said.contains("RESIDENCE_EXTRA_IN_BASE (from the run's results)"), "{said}");
    // One thread or several, the same results.
    let one = ["reconcile", "--base", "population.csv", "--input", "residence.csv", "--out", "o1", "-q"];
    wd.ok(&[&one[..], &["--base-residence", "residence_base.csv", "--threads", "1"]].concat());
    let read = |dir: &str| std::fs::read(wd.path(&format!("{dir}/results.csv"))).unwrap();
    assert!(read("o") == read("o1"), "results differ with one thread");
}

#[test]
fn a_bad_residence_file_is_named_with_its_row_and_column() {
    let wd = Workdir::new();
    setup(&wd);
    wd.write("residence.csv", RESIDENCE);
    let bad =
        RESIDENCE_BASE.replace("001307000003,004,01270,02/03/2023", "001307000003,004,01270,31/02/2023");
    wd.write("bad.csv", bad);
    let args = ["reconcile", "--base", "population.csv", "--input", "residence.csv", "--out", "o", "-q"];
    let out = wd.run(&[&args[..], &["--base-residence", "bad.csv"]].concat());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.csv, row 6, column 'tu_ngay'") && err.contains("dd/mm/yyyy"), "{err}");
    assert!(!err.contains("001307000003"), "no ID in messages: {err}");
    assert!(!wd.path("o/results.csv").exists());
    // A file without the columns says which role and how to name it.
    wd.write("cols.csv", "a,b\n1,2\n");
    let out = wd.run(&[&args[..], &["--base-residence", "cols.csv"]].concat());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cols.csv") && err.contains("[base_residence.columns]"), "{err}");
}

#[test]
fn persons_who_share_an_id_share_the_history_kept_under_it() {
    // Two base records carry one ID; the history is listed once, under the ID.
    let wd = Workdir::new();
    wd.write(
        "population.csv",
        "so_dinh_danh,ho_va_ten,ngay_sinh,gioi_tinh\n\
         001207000001,Nguyễn Văn An,15/03/2007,Nam\n\
         001207000001,Trần Văn Bình,02/05/2007,Nam\n",
    );
    wd.write("residence_base.csv", "so_dinh_danh,ma_tinh,ma_xa,tu_ngay,den_ngay,loai_cu_tru\n001207000001,002,00691,01/01/2010,,thuong_tru\n");
    wd.write("priority_areas.csv", AREAS);
    // The second record's candidate, as the exam export has them.
    wd.write(
        "exam.csv",
        "so_bao_danh,ho_ten,ngay_sinh,gioi_tinh,so_cccd,tinh_truong,khu_vuc_uu_tien,ma_xa\n\
         01000002,Trần Văn Bình,02/05/2007,Nam,001207000001,Hà Giang,KV1,00691\n",
    );
    wd.ok(&[
        "reconcile",
        "--base",
        "population.csv",
        "--input",
        "exam.csv",
        "--out",
        "o",
        "-q",
        "--base-residence",
        "residence_base.csv",
        "--priority-areas",
        "priority_areas.csv",
    ]);
    let got = outcomes(&wd, "o", "supported_area");
    assert!(got[0][1].contains("PRIORITY_AREA_SUPPORTED"), "{got:?}");
    assert_eq!(got[0][3], "KV1", "{got:?}");
}

/// Reconciles `input` (sample-data or generated) with its side files and
/// evaluates it against `truth`: the shares of rows with the expected
/// status and with the expected residence and priority-area reasons.
fn reasons_agreement(wd: &Workdir, dir: &std::path::Path, input: &str, truth: &str) -> (f64, f64) {
    let path = |f: &str| dir.join(f).to_str().unwrap().to_string();
    let out = format!("o-{input}");
    wd.ok(&[
        "reconcile",
        "--base",
        &path("population.csv"),
        "--input",
        &path(input),
        "--base-residence",
        &path("residence_base.csv"),
        "--priority-areas",
        &path("priority_areas.csv"),
        "--out",
        &out,
        "-q",
    ]);
    let results = format!("{out}/results.csv");
    let eval = wd.run(&["evaluate", "--results", &results, "--truth", &path(truth), "--json"]);
    assert!(eval.status.success(), "{}", String::from_utf8_lossy(&eval.stderr));
    let e = read_json(&wd.write(&format!("{input}.json"), eval.stdout));
    (
        e["status"]["right"].as_f64().unwrap() / e["status"]["rows"].as_f64().unwrap(),
        e["reasons"]["all"]["right"].as_f64().unwrap() / e["reasons"]["all"]["rows"].as_f64().unwrap(),
    )
}

#[test]
fn the_samples_exam_and_residence_checks_agree_with_the_generators_truth() {
    let wd = Workdir::new();
    let sample = crate::util::repo().join("sample-data");
    for (input, truth) in [("exam.csv", "exam-truth.csv"), ("residence.csv", "residence-truth.csv")] {
        let (status, reasons) = reasons_agreement(&wd, &sample, input, truth);
        assert!(status >= 0.99 && reasons >= 0.99, "{input}: status {status}, reasons {reasons}");
    }
    // A larger generated set, another seed: every residence fault in numbers.
    for kind in ["exam", "residence"] {
        let dir = format!("gen-{kind}");
        wd.ok(&[
            "generate",
            "--persons",
            "60000",
            "--records",
            "600",
            "--kind",
            kind,
            "--seed",
            "5",
            "--out",
            &dir,
        ]);
        let (status, reasons) = reasons_agreement(&wd, &wd.path(&dir), &format!("{kind}.csv"), "truth.csv");
        assert!(status >= 0.99 && reasons >= 0.99, "{kind}: status {status}, reasons {reasons}");
    }
}

/// Commune codes are national and sequential: a commune's province comes
/// from the register of communes the binary carries, never from its
/// digits. 26734 is Phường Tân Định (Hồ Chí Minh City, 079; its digits
/// read Vĩnh Phúc, 026), 25813 a commune of Bình Dương (074, Hồ Chí Minh
/// City's since 1 July 2025).
#[test]
fn communes_are_placed_by_the_register_of_communes() {
    let wd = Workdir::new();
    wd.write("population.csv", BASE);
    wd.write(
        "residence_base.csv",
        "so_dinh_danh,ma_tinh,ma_xa,tu_ngay,den_ngay,loai_cu_tru\n\
         001207000001,079,,01/01/2010,,thuong_tru\n\
         001207000002,79,,01/01/2010,,thuong_tru\n\
         001307000003,,99999,01/08/2025,,thuong_tru\n",
    );
    wd.write(
        "residence.csv",
        "ma_ho_so,so_dinh_danh,ho_ten,ma_tinh,ma_xa,tu_ngay,den_ngay,loai_cu_tru\n\
         HS1,001207000001,Nguyễn Văn An,,26734,01/01/2010,,thuong_tru\n\
         HS2,001207000002,Trần Văn Bình,,25813,01/06/2012,,thuong_tru\n\
         HS3,001307000003,Lê Thị Chi,026,26734,01/01/2010,,thuong_tru\n\
         HS4,001307000004,Phạm Thị Dung,,88888,01/01/2010,,thuong_tru\n",
    );
    let args = [
        "reconcile",
        "--base",
        "population.csv",
        "--input",
        "residence.csv",
        "--base-residence",
        "residence_base.csv",
        "--out",
        "o",
        "--no-progress",
    ];
    let err = wd.ok(&args);
    let want = [
        // The commune alone against its province alone, same dates: the same place.
        row("MATCH", "RESIDENCE_MATCH", "none", ""),
        // A Bình Dương commune against Hồ Chí Minh City's post-merger code, overlapping.
        row("MATCH", "RESIDENCE_DATES_DIFFER", "check_residence", "0"),
        // A province cell (026) that is not the commune's: the commune decides;
        // the base's commune is in neither era of the register.
        row("MATCH", "RESIDENCE_PLACE_DIFFERS", "check_residence", ""),
        row("MATCH", "RESIDENCE_NOT_IN_BASE", "check_residence", ""),
    ];
    same_rows(&outcomes(&wd, "o", "overlap_days"), &want);
    let check = &read_json(&wd.path("o/summary.json"))["check"];
    let counts = [
        "base_residence_communes_unknown",
        "base_residence_province_differs",
        "communes_unknown",
        "province_differs",
    ]
    .map(|k| check[k].as_u64());
    assert_eq!(counts, [Some(1), Some(0), Some(1), Some(1)], "{check}");
    for who in ["base residence: 1 rows give a commune code in neither era", "residence export: 1 rows give"]
    {
        assert_eq!(err.matches(who).count(), 1, "said once: {who}\n{err}");
    }

    // A newer register ([places] file, read from the configuration's folder):
    // 99999 is the commune Tân Định went into on 1 July 2025, so the row's
    // period (from 2010) and the base's (from August 2025) are at one place.
    std::fs::create_dir_all(wd.path("cfg")).unwrap();
    wd.write(
        "cfg/communes.csv",
        "era,commune,province,into\nold,26734,079,99999\nold,25813,074,\nnew,99999,79,\n",
    );
    wd.write("cfg/doisoat.toml", "[places]\nfile = \"communes.csv\"\n");
    let with = [&args[..], &["--config", "cfg/doisoat.toml"]].concat();
    let with: Vec<&str> = with.iter().map(|a| if *a == "o" { "o2" } else { a }).collect();
    let err = wd.ok(&with);
    let third = row("MATCH", "RESIDENCE_DATES_DIFFER", "check_residence", "0");
    assert_eq!(outcomes(&wd, "o2", "overlap_days")[2], third, "{err}");
    let check = &read_json(&wd.path("o2/summary.json"))["check"];
    assert_eq!(
        (check["base_residence_communes_unknown"].as_u64(), check["communes_unknown"].as_u64()),
        (Some(0), Some(1))
    );
    // The register is among the run's sources: explain refuses once it changed.
    wd.write("cfg/communes.csv", "era,commune,province,into\nold,26734,079,\nnew,99999,79,\n");
    let out = wd.run(&["explain", "--out", "o2", "--row", "3"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && stderr.contains("the places"), "{stderr}");
    // A register that cannot be read names its file and line.
    wd.write("cfg/communes.csv", "era,commune,province,into\nold,2673x,079,\n");
    let out = wd.run(&with);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("communes.csv") && stderr.contains("line 2"),
        "{stderr}"
    );
}
