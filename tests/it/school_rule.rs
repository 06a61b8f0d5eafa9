//! The exam check by the admission regulation's school rule, on small
//! hand-written files that use the exam portal's own column names and the
//! school list's (`--schools`): the school attended longest decides, the
//! ticked residence claims are checked against the base's history ("more
//! than 18 months": exactly 18 fail, 18 and a day hold), and the run says
//! which rule it applied.

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
001207000008,Vũ Văn Long,09/09/2007,Nam
001307000009,Đặng Thị Mai,10/10/2007,Nữ
";

/// 00004 is a Hà Nội ward (unlisted: KV3), 00691 a Hà Giang commune (KV1),
/// 01270 a Cao Bằng commune (KV2-NT, marked extremely disadvantaged).
const RESIDENCE_BASE: &str = "\
so_dinh_danh,ma_tinh,ma_xa,tu_ngay,den_ngay,loai_cu_tru
001207000001,001,00004,01/01/2010,,thuong_tru
001207000002,001,00004,01/01/2010,01/01/2023,thuong_tru
001207000002,002,00691,01/01/2023,01/07/2024,thuong_tru
001207000002,001,00004,01/07/2024,,thuong_tru
001307000003,001,00004,01/01/2010,01/01/2023,thuong_tru
001307000003,002,00691,01/01/2023,02/07/2024,thuong_tru
001307000003,001,00004,02/07/2024,,thuong_tru
001307000004,004,01270,01/01/2010,,thuong_tru
001207000005,001,00004,01/01/2010,,thuong_tru
001207000006,001,00004,01/01/2010,,thuong_tru
001207000007,001,00004,01/01/2010,,thuong_tru
001207000008,002,00691,01/01/2010,,thuong_tru
001307000009,001,00004,01/01/2010,,thuong_tru
";

const AREAS: &str = "\
ma_xa,khu_vuc,tu_ngay,den_ngay,dbkk
00691,KV1,01/01/2015,,
01270,KV2-NT,01/01/2015,,1
";

const SCHOOLS: &str = "\
ma_tinh,ma_truong,ten_truong,khu_vuc,noi_tru
01,001,THPT Nông Thôn,KV2-NT,
01,002,THPT Thành Phố,KV3,
05,010,THPT Vùng Cao,KV1,
";

/// One candidate a case: a city dweller at a rural school; a KV1 claim of
/// exactly 18 months, and of 18 months and a day; an extremely
/// disadvantaged commune's claim with its span; a school the list lacks
/// (one combined cell); a move after grade 10; policy group 01 in the city;
/// an unreadable span; no school at all.
const EXAM: &str = "\
so_bao_danh,ho_ten,ngay_sinh,gioi_tinh,so_cccd,khu_vuc_uu_tien,ma_tinh_lop10,ma_truong_lop10,ma_tinh_lop11,ma_truong_lop11,ma_tinh_lop12,ma_truong_lop12,tt_kv1_18_thang,tt_xa_dbkk_18_thang,tt_tu_ngay,tt_den_ngay,noi_tru,doi_tuong_uu_tien
01000001,Nguyễn Văn An,15/03/2007,Nam,001207000001,KV2-NT,01,001,01,001,01,001,,,,,,
01000002,Trần Văn Bình,02/05/2007,Nam,001207000002,KV1,01,001,01,001,01,001,x,,01/01/2023,30/06/2024,,
01000003,Lê Thị Chi,20/07/2007,Nữ,001307000003,KV1,01,001,01,001,01,001,Có,,01/01/2023,01/07/2024,,
01000004,Phạm Thị Dung,11/11/2007,Nữ,001307000004,KV1,01,002,01,002,01,002,,1,01/02/2020,01/05/2023,,
01000005,Hoàng Văn Em,30/01/2007,Nam,001207000005,KV2,,,,,,09-999,,,,,,
01000006,Đỗ Văn Hải,08/08/2007,Nam,001207000006,KV1,05,010,1,2,01,002,,,,,,
01000007,Bùi Văn Khoa,05/05/2007,Nam,001207000007,KV1,05,010,05,010,05,010,,,,,,01
01000008,Vũ Văn Long,09/09/2007,Nam,001207000008,KV1,01,001,01,001,01,001,yes,,31/02/2023,01/07/2024,,
01000009,Đặng Thị Mai,10/10/2007,Nữ,001307000009,KV3,,,,,,,,,,,,
";

fn setup(wd: &Workdir) {
    wd.write("population.csv", BASE);
    wd.write("residence_base.csv", RESIDENCE_BASE);
    wd.write("priority_areas.csv", AREAS);
    wd.write("schools.csv", SCHOOLS);
    wd.write("exam.csv", EXAM);
}

const SIDES: [&str; 6] = [
    "--base-residence",
    "residence_base.csv",
    "--priority-areas",
    "priority_areas.csv",
    "--schools",
    "schools.csv",
];

/// Each row's (reasons, action, supported_area).
fn outcomes(wd: &Workdir, dir: &str) -> Vec<[String; 3]> {
    let (_, rows) = read_csv(&wd.path(&format!("{dir}/results.csv")));
    rows.iter()
        .map(|r| {
            assert_eq!(r["status"], "MATCH", "{r:?}");
            [&r["reasons"], &r["action"], &r["supported_area"]].map(|s| s.to_string())
        })
        .collect()
}

fn reconcile(wd: &Workdir, out: &str, extra: &[&str]) -> String {
    let mut args = vec!["reconcile", "--base", "population.csv", "--input", "exam.csv", "--out", out];
    args.extend(extra);
    wd.ok(&args)
}

#[test]
fn the_school_attended_longest_decides_and_claims_are_checked() {
    let wd = Workdir::new();
    setup(&wd);
    let said = reconcile(&wd, "o", &SIDES);
    let check = "check_priority_area";
    let want: [[&str; 3]; 9] = [
        ["PRIORITY_AREA_SUPPORTED", "none", "KV2-NT"],
        [
            "PRIORITY_AREA_UNSUPPORTED|RESIDENCE_TOO_SHORT|SCHOOL_AREA_LOWER|RESIDENCE_CLAIM_UNSUPPORTED",
            check,
            "KV2-NT",
        ],
        ["PRIORITY_AREA_SUPPORTED", "none", "KV1"],
        ["PRIORITY_AREA_SUPPORTED", "none", "KV1"],
        ["PRIORITY_AREA_UNSUPPORTED|SCHOOL_NOT_IN_LIST", check, ""],
        ["PRIORITY_AREA_UNSUPPORTED|SCHOOL_AREA_LOWER", check, "KV3"],
        ["PRIORITY_AREA_SUPPORTED|POLICY_GROUP_UNSUPPORTED", check, "KV1"],
        ["PRIORITY_AREA_SUPPORTED|CLAIM_SPAN_INVALID", check, "KV1"],
        ["PRIORITY_AREA_SUPPORTED|SCHOOL_MISSING", check, ""],
    ];
    let got = outcomes(&wd, "o");
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g.clone(), w.map(str::to_string), "row {}", i + 1);
    }
    assert_eq!(got.len(), want.len());

    let check = &read_json(&wd.path("o/summary.json"))["check"];
    assert_eq!((check["rule"].as_str(), check["schools_listed"].as_u64()), (Some("school"), Some(3)));
    assert!(check["rule_why"].as_str().unwrap().contains("schools"), "{check}");
    assert_eq!(check["not_checked"].as_array().map(Vec::len), Some(2), "{check}");
    assert!(said.contains("priority areas: the school rule ("), "{said}");
    assert!(said.contains("not checked"), "{said}");
    // The report: declared against entitled, and the claims (KV1: two borne out, one not).
    let report = std::fs::read_to_string(wd.path("o/report.md")).unwrap();
    assert!(report.contains("khai so với khu vực được hưởng"), "{report}");
    assert!(report.contains("theo trường học lâu nhất"), "the report says which rule ran:\n{report}");
    assert!(report.contains("| Thường trú trên 18 tháng tại KV1 | 2 | 1 | 0 |"), "{report}");
    assert!(report.contains("| Đối tượng 01 | 0 | 1 | 0 |"), "{report}");
    // By the school attended longest: rows 2, 3, 8 (school 01-001: row 2's claim fails), 4 (01-002)
    // and 7 (05-010: group 01 fails); in province 01, 2 of 4 candidates with a claim not borne out.
    assert!(report.contains("Khai theo tỉnh của trường học lâu nhất"), "{report}");
    assert!(
        report.contains("| 01 | 4 | 1 | 25,0 % |") && report.contains("| 05 | 1 | 1 | 100,0 % |"),
        "{report}"
    );
    let schools =
        report.split("Các trường có nhiều thí sinh khai không được chứng minh nhất").nth(1).unwrap();
    let table = schools.split("\n\n").nth(1).unwrap();
    let listed: Vec<&str> = table.lines().filter(|l| l.starts_with("| 0")).collect();
    assert_eq!(listed, ["| 01-001 | 3 | 1 | 33,3 % |", "| 05-010 | 1 | 1 | 100,0 % |"], "{report}");

    // explain shows the grades' schools, the claim and the span.
    let out = wd.run(&["explain", "--out", "o", "--row", "2"]);
    let text = String::from_utf8_lossy(&out.stdout);
    for part in [
        "the school rule",
        "grade 10 (01/09/2022 – 01/09/2023): school 01-001, KV2-NT",
        "grade 12 (01/09/2024 – 01/07/2025): school 01-001, KV2-NT  <- decides",
        "in KV1: 18 months and 0 days",
        "claim: more than 18 months in KV1: not borne out",
        "span written: 18 months and 0 days",
        "entitled: KV2-NT",
    ] {
        assert!(text.contains(part), "{part:?} in:\n{text}");
    }
    let out = wd.run(&["explain", "--out", "o", "--row", "6"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("grade 11 (01/09/2023 – 01/09/2024): school 01-002, KV3"), "{text}");
}

#[test]
fn the_residence_rule_stays_for_exports_without_schools_or_when_configured() {
    let wd = Workdir::new();
    setup(&wd);
    // By residence alone the city dweller at a rural school is unsupported.
    wd.write("residence.toml", "[exam]\nrule = \"residence\"\n");
    let said = reconcile(&wd, "r", &[&SIDES[..], &["--config", "residence.toml"]].concat());
    assert_eq!(
        outcomes(&wd, "r")[0],
        ["PRIORITY_AREA_UNSUPPORTED", "check_priority_area", "KV3"].map(String::from)
    );
    assert_eq!(read_json(&wd.path("r/summary.json"))["check"]["rule"], "residence");
    assert!(said.contains("priority areas: the residence rule ([exam] rule = \"residence\""), "{said}");

    // An export without the school columns: the residence rule, said why.
    let plain: String = EXAM
        .lines()
        .map(|l| l.split(',').take(6).collect::<Vec<_>>().join(","))
        .collect::<Vec<_>>()
        .join("\n");
    wd.write("exam.csv", &plain);
    let said = reconcile(&wd, "p", &SIDES[..4]);
    assert!(said.contains("the export gives no school columns"), "{said}");
    let report = std::fs::read_to_string(wd.path("p/report.md")).unwrap();
    assert!(report.contains("chỉ theo nơi thường trú (tệp không có cột trường học)"), "{report}");
    wd.write("school.toml", "[exam]\nrule = \"school\"\n");
    let out = wd.run(&[
        "reconcile",
        "--base",
        "population.csv",
        "--input",
        "exam.csv",
        "--out",
        "s",
        "--config",
        "school.toml",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code() != Some(0) && err.contains("ma_truong_lop10"), "{err}");
}

#[test]
fn the_school_rule_without_the_school_list_is_skipped_and_said() {
    let wd = Workdir::new();
    setup(&wd);
    let said = reconcile(&wd, "o", &SIDES[..4]);
    assert!(said.contains("give --schools FILE"), "{said}");
    let check = &read_json(&wd.path("o/summary.json"))["check"];
    assert_eq!(check["ran"], false);
    let (_, rows) = read_csv(&wd.path("o/results.csv"));
    assert!(rows.iter().all(|r| r["supported_area"].is_empty() && !r["reasons"].contains("PRIORITY")));
}

/// The sample's exam under the school rule agrees with the generator's truth.
#[test]
fn the_samples_school_rule_agrees_with_the_generators_truth() {
    let wd = Workdir::new();
    let sample = crate::util::repo().join("sample-data");
    let path = |f: &str| sample.join(f).to_str().unwrap().to_string();
    wd.ok(&[
        "reconcile",
        "--base",
        &path("population.csv"),
        "--input",
        &path("schools/exam.csv"),
        "--base-residence",
        &path("residence_base.csv"),
        "--priority-areas",
        &path("schools/priority_areas.csv"),
        "--schools",
        &path("schools/schools.csv"),
        "--out",
        "o",
        "-q",
    ]);
    let eval = wd.run(&[
        "evaluate",
        "--results",
        "o/results.csv",
        "--truth",
        &path("schools/exam-truth.csv"),
        "--json",
    ]);
    let e = read_json(&wd.write("eval.json", eval.stdout));
    assert_eq!(e["reasons"]["all"]["right"], e["reasons"]["all"]["rows"], "{e}");
    assert_eq!(read_json(&wd.path("o/summary.json"))["check"]["rule"], "school");
}

/// A generated set under the school rule (hostile faults, so every school
/// fault comes in numbers): the truth is the generator's own
/// implementation of the rule, and every reason kind of the school rule
/// occurs and agrees. Reasons are compared on the rows linked as the truth
/// expects (a few hostile rows are `AMBIGUOUS`, an identity matter).
#[test]
fn a_generated_set_agrees_with_the_generators_school_rule() {
    let wd = Workdir::new();
    let args =
        ["--persons", "60000", "--records", "1500", "--kind", "exam", "--seed", "7", "--faults", "hostile"];
    wd.ok(&[&["generate"][..], &args, &["--schools", "--out", "g", "-q"]].concat());
    wd.ok(&[
        "reconcile",
        "--base",
        "g/population.csv",
        "--input",
        "g/exam.csv",
        "--base-residence",
        "g/residence_base.csv",
        "--priority-areas",
        "g/priority_areas.csv",
        "--schools",
        "g/schools.csv",
        "--out",
        "o",
        "-q",
    ]);
    let eval = wd.run(&["evaluate", "--results", "o/results.csv", "--truth", "g/truth.csv", "--json"]);
    let e = read_json(&wd.write("eval.json", eval.stdout));
    let status = e["status"]["right"].as_f64().unwrap() / e["status"]["rows"].as_f64().unwrap();
    assert!(status >= 0.99, "status {status}");
    let (_, rows) = read_csv(&wd.path("o/results.csv"));
    let (_, truth) = read_csv(&wd.path("g/truth.csv"));
    let family = |reasons: &str| {
        let mut codes: Vec<String> = reasons
            .split('|')
            .filter(|c| {
                ["PRIORITY_AREA_", "AREA_DECLARED_", "RESIDENCE_", "SCHOOL_", "CLAIM_", "POLICY_GROUP_"]
                    .iter()
                    .any(|p| c.starts_with(p))
            })
            .map(String::from)
            .collect();
        codes.sort();
        codes
    };
    let linked_as_expected: Vec<(&_, &_)> =
        rows.iter().zip(&truth).filter(|(r, t)| r["status"] == t["expected_status"]).collect();
    let right = linked_as_expected
        .iter()
        .filter(|(r, t)| family(&r["reasons"]) == family(&t["expected_reasons"]))
        .count();
    assert!(right * 1000 >= linked_as_expected.len() * 999, "{right} of {}", linked_as_expected.len());
    for code in [
        "SCHOOL_AREA_LOWER",
        "SCHOOL_NOT_IN_LIST",
        "SCHOOL_MISSING",
        "RESIDENCE_CLAIM_UNSUPPORTED",
        "CLAIM_SPAN_DIFFERS",
        "CLAIM_SPAN_INVALID",
        "POLICY_GROUP_UNSUPPORTED",
    ] {
        let n = rows.iter().filter(|r| r["reasons"].split('|').any(|c| c == code)).count();
        assert!(n >= 5, "{code}: {n} rows");
    }
}

/// A school list the run cannot use stops it before any result, naming the
/// file, the row and the column; two stretches of one school that overlap too.
#[test]
fn a_bad_school_list_is_named_with_its_row_and_column() {
    let wd = Workdir::new();
    setup(&wd);
    let run = |wd: &Workdir| {
        let mut args = vec!["reconcile", "--base", "population.csv", "--input", "exam.csv", "--out", "o"];
        args.extend(SIDES);
        let out = wd.run(&args);
        assert_eq!(out.status.code(), Some(1));
        assert!(!wd.path("o/results.csv").exists());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    wd.write("schools.csv", "ma_tinh,ma_truong,ten_truong,khu_vuc\n01,001,A,KV2-NT\n01,002,B,KV9\n");
    let err = run(&wd);
    assert!(err.contains("schools.csv") && err.contains("row 2") && err.contains("khu_vuc"), "{err}");
    wd.write(
        "schools.csv",
        "ma_tinh,ma_truong,khu_vuc,tu_ngay,den_ngay\n01,001,KV1,01/01/2015,01/01/2024\n01,001,KV2,01/06/2023,\n",
    );
    let err = run(&wd);
    assert!(err.contains("school 01-001: two stretches overlap"), "{err}");
    // A list that names the province by its code and by its name: the code is taken.
    wd.write("schools.csv", SCHOOLS.replace("ma_tinh,", "tinh,ma_tinh,").replace("\n0", "\nHà Nội,0"));
    let mut args = vec!["reconcile", "--base", "population.csv", "--input", "exam.csv", "--out", "o2", "-q"];
    args.extend(SIDES);
    wd.ok(&args);
    assert_eq!(read_json(&wd.path("o2/summary.json"))["check"]["schools_listed"], 3);
}

/// Policy group 01 is a minority's (TT 08/2022 Art. 7(2)): a base with an
/// ethnicity column (`dan_toc`) decides it beside the residence, by code or
/// name; an empty cell is not held against the candidate; a snapshot keeps
/// it; the value itself is written nowhere.
#[test]
fn policy_group_01_asks_the_base_for_the_ethnicity_when_it_has_one() {
    let wd = Workdir::new();
    setup(&wd);
    let people = [("11", "Kinh"), ("12", "Tày"), ("13", ""), ("14", "01"), ("15", "H'Mông"), ("16", "55")];
    let mut base = String::from("so_dinh_danh,ho_va_ten,ngay_sinh,gioi_tinh,dan_toc\n");
    let mut history = String::from("so_dinh_danh,ma_tinh,ma_xa,tu_ngay,den_ngay,loai_cu_tru\n");
    let mut exam = EXAM.lines().next().unwrap().to_string() + "\n";
    let names = ["Một", "Hai", "Ba", "Bốn", "Năm", "Sáu"];
    for ((n, ethnicity), name) in people.iter().zip(names) {
        let id = format!("0012070000{n}");
        base += &format!("{id},Nguyễn Văn {name},{n}/01/2007,Nam,{ethnicity}\n");
        // A KV1 commune since 2010: the residence bears group 01 for all.
        history += &format!("{id},002,00691,01/01/2010,,thuong_tru\n");
        exam +=
            &format!("010000{n},Nguyễn Văn {name},{n}/01/2007,Nam,{id},KV1,05,010,05,010,05,010,,,,,,01\n");
    }
    wd.write("population.csv", &base);
    wd.write("residence_base.csv", &history);
    wd.write("exam.csv", &exam);
    let said = reconcile(&wd, "o", &SIDES);
    assert!(said.contains("ethnicity") && said.contains("<- dan_toc"), "{said}");
    let unsupported = "PRIORITY_AREA_SUPPORTED|POLICY_GROUP_UNSUPPORTED";
    let want = ["Kinh", "Tày", "", "01", "H'Mông", "55"].map(|e| match e {
        "Kinh" | "01" | "55" => unsupported,
        _ => "PRIORITY_AREA_SUPPORTED",
    });
    let got: Vec<String> = outcomes(&wd, "o").into_iter().map(|[reasons, _, _]| reasons).collect();
    assert_eq!(got, want, "Kinh, Tày, blank, 01, H'Mông, 55");
    let check = &read_json(&wd.path("o/summary.json"))["check"];
    let not_checked = check["not_checked"].as_array().unwrap();
    assert!(not_checked.iter().all(|n| !n.as_str().unwrap().contains("ethnicity")), "{check}");
    let report = std::fs::read_to_string(wd.path("o/report.md")).unwrap();
    assert!(report.contains("| Đối tượng 01 | 3 | 3 | 0 |"), "{report}");
    let out = wd.run(&["explain", "--out", "o", "--row", "1"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ethnicity not an ethnic minority, as the base records it"), "{text}");
    let out = wd.run(&["explain", "--out", "o", "--row", "3"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ethnicity not recorded in the base, or not read as an ethnicity"), "{text}");
    for file in ["results.csv", "report.md", "report.html", "summary.json"] {
        let written = std::fs::read_to_string(wd.path(&format!("o/{file}"))).unwrap();
        assert!(!written.contains("Tày") && !written.contains("H'Mông"), "{file} holds an ethnicity");
    }
    // A snapshot keeps each person's reading.
    wd.ok(&[
        "index",
        "--base",
        "population.csv",
        "--base-residence",
        "residence_base.csv",
        "--out",
        "snap",
        "-q",
    ]);
    let out = wd.run(&[
        "reconcile",
        "--base",
        "snap",
        "--input",
        "exam.csv",
        "--priority-areas",
        "priority_areas.csv",
        "--schools",
        "schools.csv",
        "--out",
        "s",
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let results = |d: &str| std::fs::read(wd.path(&format!("{d}/results.csv"))).unwrap();
    assert!(results("o") == results("s"), "the snapshot reads the ethnicity otherwise");
    // The same base without the column: the ethnicity is not checked, and said.
    let without: String = base.lines().map(|l| l.rsplit_once(',').unwrap().0.to_string() + "\n").collect();
    wd.write("population.csv", &without);
    reconcile(&wd, "w", &SIDES);
    let got: Vec<String> = outcomes(&wd, "w").into_iter().map(|[reasons, _, _]| reasons).collect();
    assert!(got.iter().all(|r| r == "PRIORITY_AREA_SUPPORTED"), "{got:?}");
    let check = &read_json(&wd.path("w/summary.json"))["check"];
    let not_checked = check["not_checked"].as_array().unwrap();
    assert!(not_checked.iter().any(|n| n.as_str().unwrap().contains("ethnicity")), "{check}");
}

/// `explain` shows a grade's school cells that cannot be read as written
/// (school codes are no personal data), and that they count for no school.
#[test]
fn explain_shows_a_school_cell_that_cannot_be_read() {
    let wd = Workdir::new();
    setup(&wd);
    let header = EXAM.lines().next().unwrap();
    let row = "01000001,Nguyễn Văn An,15/03/2007,Nam,001207000001,KV2-NT,01,00?,01,001,01,001,,,,,,";
    wd.write("exam.csv", format!("{header}\n{row}\n"));
    reconcile(&wd, "o", &SIDES);
    assert_eq!(outcomes(&wd, "o")[0][0], "PRIORITY_AREA_SUPPORTED|SCHOOL_NOT_IN_LIST");
    let out = wd.run(&["explain", "--out", "o", "--row", "1"]);
    let text = String::from_utf8_lossy(&out.stdout);
    for part in [
        "grade 10 (01/09/2022 – 01/09/2023): a school that cannot be read (province \"01\", school \"00?\"): \
         it counts for no school",
        "grade 12 (01/09/2024 – 01/07/2025): school 01-001, KV2-NT  <- decides",
    ] {
        assert!(text.contains(part), "{part:?} in:\n{text}");
    }
}
