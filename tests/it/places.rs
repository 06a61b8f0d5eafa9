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

/// Four men born 23/04/2007: one lives in Hà Giang (00691), three in Đà
/// Nẵng (20197, 20194). The search blocks by the date alone, two persons a block.
const CUT_BASE: &str = "\
so_dinh_danh,ho_va_ten,ngay_sinh,gioi_tinh
048207000021,Trần Văn Kiên,23/04/2007,Nam
048207000022,Lê Văn Kiên,23/04/2007,Nam
048207000023,Phạm Văn Kiên,23/04/2007,Nam
002207000011,Nguyễn Văn Kiên,23/04/2007,Nam
";

const CUT_HISTORY: &str = "\
so_dinh_danh,ma_tinh,ma_xa,tu_ngay,den_ngay,loai_cu_tru
048207000021,048,20197,23/04/2007,,thuong_tru
048207000022,048,20197,23/04/2007,,thuong_tru
048207000023,048,20194,23/04/2007,,thuong_tru
002207000011,002,00691,23/04/2007,,thuong_tru
";

/// Without IDs: the Hà Giang man, a Đà Nẵng man, the Hà Giang man without
/// a place, a man born 01/01/2007 in Đà Nẵng.
const CUT_EXAM: &str = "\
so_bao_danh,ho_ten,ngay_sinh,gioi_tinh,so_cccd,tinh_truong,khu_vuc_uu_tien,ma_xa
1,Nguyễn Văn Kiên,23/04/2007,Nam,,Hà Giang,KV1,00691
2,Phạm Văn Kiên,23/04/2007,Nam,,Đà Nẵng,KV3,20194
3,Nguyễn Văn Kiên,23/04/2007,Nam,,,KV1,
4,Hoàng Văn Nam,01/01/2007,Nam,,Đà Nẵng,KV3,20197
";

#[test]
fn a_cut_block_holding_the_best_is_compared_whole_up_to_ten_times_the_cap() {
    let wd = Workdir::new();
    // Hoàng Văn Nam shares his date with 20 men of Hà Nội: 21 persons, more
    // than 10 × block_cap.
    let (mut base, mut history) = (CUT_BASE.to_string(), CUT_HISTORY.to_string());
    base.push_str("048207000050,Hoàng Văn Nam,01/01/2007,Nam\n");
    history.push_str("048207000050,048,20197,01/01/2007,,thuong_tru\n");
    for i in 51..71 {
        base.push_str(&format!("001207000{i:03},Đỗ Văn Tuấn,01/01/2007,Nam\n"));
        history.push_str(&format!("001207000{i:03},001,00004,01/01/2007,,thuong_tru\n"));
    }
    wd.write("population.csv", &base);
    wd.write("residence_base.csv", &history);
    wd.write("exam.csv", CUT_EXAM);
    wd.write("cut.toml", "[matching]\nblock_cap = 2\n\n[[block]]\non = [\"dob\"]\n");
    let args = ["reconcile", "--base", "population.csv", "--input", "exam.csv", "--exam-year", "2025", "-q"];
    let run = |out: &str, more: &[&str]| {
        wd.ok(&[&args[..], &["--config", "cut.toml", "--out", out], more].concat());
        let (_, rows) = read_csv(&wd.path(&format!("{out}/results.csv")));
        rows.iter()
            .map(|r| (r["status"].clone(), r["person_id"].clone(), r["reasons"].contains("BLOCK_CAPPED")))
            .collect::<Vec<_>>()
    };
    let with = run("o", &["--base-residence", "residence_base.csv"]);
    // Rows 1 and 2: the cut kept the best (the one person who may live in
    // 00691, Hà Giang; one of three who may live in Đà Nẵng), found only
    // there, so the block of four is compared whole. Row 3 has no place
    // to cut by. Row 4's block is too large to compare whole.
    assert_eq!(with[0], ("ID_CORRECTED".to_string(), "002207000011".to_string(), false), "{with:?}");
    assert_eq!(with[1], ("ID_CORRECTED".to_string(), "048207000023".to_string(), false), "{with:?}");
    assert!(with[2].1.is_empty() && with[2].2, "{with:?}");
    assert!(with[3].1.is_empty() && with[3].2, "{with:?}");
    // Without the history, nobody is linked from a cut block.
    let without = run("n", &[]);
    assert!(without.iter().all(|(_, person, capped)| person.is_empty() && *capped), "{without:?}");
}

#[test]
fn another_given_name_at_the_same_commune_is_a_sibling_unless_the_id_says_otherwise() {
    let wd = Workdir::new();
    wd.write("population.csv", BASE);
    wd.write("residence_base.csv", HISTORY);
    // Lê Văn Tâm's twin, Lê Văn Hoàng, is not in the base: same date, same
    // commune (00004), another given name. With Tâm's own ID the row is
    // Tâm's, his given name written otherwise (the ID decides, as ever).
    let exam = "so_bao_danh,ho_ten,ngay_sinh,gioi_tinh,so_cccd,tinh_truong,khu_vuc_uu_tien,ma_xa\n\
                1,Lê Văn Hoàng,02/02/2007,Nam,,Hà Nội,KV3,00004\n\
                2,Lê Văn Hoàng,02/02/2007,Nam,001207000015,Hà Nội,KV3,00004\n";
    wd.write("exam.csv", exam);
    let args = ["reconcile", "--base", "population.csv", "--input", "exam.csv", "--exam-year", "2025", "-q"];
    wd.ok(&[&args[..], &["--base-residence", "residence_base.csv", "--out", "o"]].concat());
    let got = linked(&wd, "o");
    assert_eq!(got[0], ("NOT_FOUND".to_string(), String::new()), "{got:?}");
    assert_eq!(got[1], ("MATCH_WITH_DIFFS".to_string(), "001207000015".to_string()), "{got:?}");
}

#[test]
fn without_a_history_the_birth_province_speaks_and_a_province_alone_weighs() {
    let wd = Workdir::new();
    // Two Phạm Thị Lan born 05/05/2007: the first registered in Cao Bằng
    // (004) with no history in the base, the second registered in Cần
    // Thơ (092) and living there (31120); the rest of the base as above.
    let base =
        format!("{BASE}004307000031,Phạm Thị Lan,05/05/2007,Nữ\n092307000032,Phạm Thị Lan,05/05/2007,Nữ\n");
    let history = format!("{HISTORY}092307000032,092,31120,05/05/2007,,thuong_tru\n");
    wd.write("population.csv", &base);
    wd.write("residence_base.csv", &history);
    // Row 1 lives in Cao Bằng (01273): only the first may, by her birth.
    // Row 2 gives Cần Thơ, a province only: the second lives there, the
    // first was born elsewhere. Row 3 gives Hà Nội: neither lived there
    // nor was born there, so the two stay apart as before.
    let exam = "so_bao_danh,ho_ten,ngay_sinh,gioi_tinh,so_cccd,tinh_truong,khu_vuc_uu_tien,ma_xa\n\
                1,Phạm Thị Lan,05/05/2007,Nữ,,Cao Bằng,KV1,01273\n\
                2,PHAM THI LAN,05/05/2007,NU,,Cần Thơ,KV3,\n\
                3,Phạm Thị Lan,05/05/2007,Nữ,,Hà Nội,KV3,\n";
    wd.write("exam.csv", exam);
    let args = ["reconcile", "--base", "population.csv", "--input", "exam.csv", "--exam-year", "2025", "-q"];
    wd.ok(&[&args[..], &["--base-residence", "residence_base.csv", "--out", "o"]].concat());
    let got = linked(&wd, "o");
    assert_eq!(got[0], ("ID_CORRECTED".to_string(), "004307000031".to_string()), "{got:?}");
    assert_eq!(got[1], ("ID_CORRECTED".to_string(), "092307000032".to_string()), "{got:?}");
    assert_eq!(got[2].1, "", "{got:?}");
    let shown = String::from_utf8(wd.run(&["explain", "--out", "o", "--row", "1"]).stdout).unwrap();
    assert!(shown.contains("UnrecordedBornThere") && shown.contains("Different"), "{shown}");
    let shown = String::from_utf8(wd.run(&["explain", "--out", "o", "--row", "2"]).stdout).unwrap();
    assert!(shown.contains("Province") && shown.contains("UnrecordedBornElsewhere"), "{shown}");
}
