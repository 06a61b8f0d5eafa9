//! Places as matching evidence (v2 (8)): candidates without an ID whose
//! namesakes were born the same day are told apart by the home commune
//! against the base's residence history — the current commune, or one
//! lived in before — from a history file or the snapshot alike; without a
//! place, or without a history, they stay `AMBIGUOUS`; the row's own ID
//! outweighs another's commune.

use crate::util::{read_csv, read_json, Workdir};

/// Two Nguyễn Văn Kiên born 23/04/2007 and two Trần Thuỳ Nhi born
/// 20/01/2007, registered in Hà Giang (002), Đà Nẵng (048), Cao Bằng (004).
const BASE: &str = "\
so_dinh_danh,ho_va_ten,ngay_sinh,gioi_tinh
002207000011,Nguyễn Văn Kiên,23/04/2007,Nam
048207000012,Nguyễn Văn Kiên,23/04/2007,Nam
004307000013,Trần Thuỳ Nhi,20/01/2007,Nữ
048307000014,Trần Thuỳ Nhi,20/01/2007,Nữ
001207000015,Lê Văn Tâm,02/02/2007,Nam
";

/// Real commune codes: 00691 in Hà Giang, 20197 and 20194 in Đà Nẵng,
/// 01273 in Cao Bằng, 00004 in Hà Nội. The first Trần Thuỳ Nhi moved from
/// Cao Bằng to Hà Nội in 2024.
const HISTORY: &str = "\
so_dinh_danh,ma_tinh,ma_xa,tu_ngay,den_ngay,loai_cu_tru
002207000011,002,00691,23/04/2007,,thuong_tru
048207000012,048,20197,23/04/2007,,thuong_tru
004307000013,004,01273,20/01/2007,01/09/2024,thuong_tru
004307000013,001,00004,01/09/2024,,thuong_tru
048307000014,048,20194,20/01/2007,,thuong_tru
001207000015,001,00004,02/02/2007,,thuong_tru
";

/// No IDs but the last row's (the second Nguyễn Văn Kiên's, written with
/// the first one's commune).
const EXAM: &str = "\
so_bao_danh,ho_ten,ngay_sinh,gioi_tinh,so_cccd,tinh_truong,khu_vuc_uu_tien,ma_xa
1,Nguyễn Văn Kiên,23/04/2007,Nam,,Hà Giang,KV1,00691
2,NGUYEN VAN KIEN,23/04/2007,NAM,,Đà Nẵng,KV3,20197
3,Nguyễn Văn Kiên,23/04/2007,Nam,,,KV1,
4,Trần Thuỳ Nhi,20/01/2007,Nữ,,Cao Bằng,KV1,01273
5,Trần Thuỳ Nhi,20/01/2007,Nữ,,Đà Nẵng,KV3,20194
6,Nguyễn Văn Kiên,23/04/2007,Nam,048207000012,Hà Giang,KV1,00691
";

fn setup(wd: &Workdir) {
    wd.write("population.csv", BASE);
    wd.write("residence_base.csv", HISTORY);
    wd.write("exam.csv", EXAM);
}

/// Each row's (status, person).
fn linked(wd: &Workdir, out: &str) -> Vec<(String, String)> {
    let (_, rows) = read_csv(&wd.path(&format!("{out}/results.csv")));
    rows.iter().map(|r| (r["status"].clone(), r["person_id"].clone())).collect()
}

fn pairs(want: &[(&str, &str)]) -> Vec<(String, String)> {
    want.iter().map(|(s, p)| (s.to_string(), p.to_string())).collect()
}

#[test]
fn the_home_commune_tells_namesakes_apart_from_a_history_file_or_a_snapshot() {
    let wd = Workdir::new();
    setup(&wd);
    let args = ["reconcile", "--base", "population.csv", "--input", "exam.csv", "--exam-year", "2025", "-q"];
    wd.ok(&[&args[..], &["--base-residence", "residence_base.csv", "--out", "o"]].concat());
    let want = pairs(&[
        ("ID_CORRECTED", "002207000011"),
        ("ID_CORRECTED", "048207000012"),
        ("AMBIGUOUS", ""),
        ("ID_CORRECTED", "004307000013"),
        ("ID_CORRECTED", "048307000014"),
        ("MATCH", "048207000012"),
    ]);
    assert_eq!(linked(&wd, "o"), want);
    let model = read_json(&wd.path("o/model.json"));
    let levels = model["place"]["levels"].as_array().expect("model.json shows the place levels");
    assert_eq!(levels[0]["level"], "Commune");
    // The same from a snapshot made with the history, without the file.
    let index = "index --base population.csv --base-residence residence_base.csv --out snap -q";
    wd.ok(&index.split(' ').collect::<Vec<_>>());
    wd.ok(&["reconcile", "--base", "snap", "--input", "exam.csv", "--exam-year", "2025", "--out", "s", "-q"]);
    assert_eq!(
        std::fs::read(wd.path("o/results.csv")).unwrap(),
        std::fs::read(wd.path("s/results.csv")).unwrap()
    );
    // explain shows the place that decided.
    let shown = String::from_utf8(wd.run(&["explain", "--out", "o", "--row", "4"]).stdout).unwrap();
    assert!(shown.contains("place") && shown.contains("EarlierCommune"), "{shown}");
}

#[test]
fn without_a_history_or_a_place_namesakes_stay_ambiguous() {
    let wd = Workdir::new();
    setup(&wd);
    let args = ["reconcile", "--base", "population.csv", "--input", "exam.csv", "--exam-year", "2025", "-q"];
    wd.ok(&[&args[..], &["--out", "o"]].concat());
    let ambiguous = ("AMBIGUOUS", "");
    let want = pairs(&[ambiguous, ambiguous, ambiguous, ambiguous, ambiguous, ("MATCH", "048207000012")]);
    assert_eq!(linked(&wd, "o"), want);
    assert!(read_json(&wd.path("o/model.json")).get("place").is_none(), "no place levels without a history");
}
