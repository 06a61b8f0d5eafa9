//! Another given name under the row's own ID, in an export with no date of
//! birth and no sex: the person under another name, or a family member
//! carrying the ID? The middle name and the sex the names speak for decide.

use std::fmt::Write;

use crate::util::{read_csv, Workdir};

/// A base of 400 persons: 200 men (100 `VĂN HÙNG`, 100 with rarer middle
/// names and other given names), 200 women (100 `THỊ LAN`, 100 with rarer
/// middle names), so that `VĂN` and `THỊ` are common middle names (a
/// quarter of the base each), `HÙNG` a man's and `LAN` a woman's given name.
fn base() -> String {
    let mut csv = String::from("cccd,ho_ten,ngay_sinh,gioi_tinh\n");
    let middles = ["Ngọc", "Minh", "Quỳnh", "Hải", "Đức", "Bảo", "Xuân", "Thu", "Kim", "Gia"];
    let givens = ["Phúc", "Khang", "Nhật", "Sơn", "Tài", "Toàn", "Vinh", "Quân", "Long", "Thịnh"];
    for i in 0..100 {
        let _ = writeln!(csv, "001080{i:06},Nguyễn Văn Hùng,01/01/1980,Nam");
        let _ = writeln!(csv, "001081{i:06},Phạm {} {},01/01/1981,Nam", middles[i % 10], givens[i / 10]);
        let _ = writeln!(csv, "001182{i:06},Trần Thị Lan,01/01/1982,Nữ");
        let _ = writeln!(csv, "001183{i:06},Lê {} Như,01/01/1983,Nữ", middles[i % 10]);
    }
    let _ = writeln!(csv, "001183999999,Đoàn Quỳnh Nguyệt,14/03/1983,Nữ");
    csv
}

#[test]
fn another_given_name_on_the_own_id_is_the_person_unless_the_names_say_family() {
    let wd = Workdir::new();
    wd.write("base.csv", base());
    wd.write(
        "input.csv",
        "key,cccd,ho_ten\n\
         nickname,001183999999,Đoàn Quỳnh Mi\n\
         brother,001183999999,Đoàn Quỳnh Hùng\n\
         common_middle,001080000003,Nguyễn Văn Khoa\n\
         no_middle,001183000004,Lê Mi\n",
    );
    wd.ok(&["reconcile", "--base", "base.csv", "--input", "input.csv", "--out", "out", "-q"]);
    let (_, rows) = read_csv(&wd.path("out/results.csv"));
    let got: Vec<(&str, &str, &str)> =
        rows.iter().map(|r| (r["key"].as_str(), r["status"].as_str(), r["person_id"].as_str())).collect();
    assert_eq!(
        got,
        [
            // Đoàn Quỳnh Nguyệt's ID, surname and rare middle name: her, as Mi.
            ("nickname", "MATCH_WITH_DIFFS", "001183999999"),
            // The same, with a man's given name: her brother carrying her ID.
            ("brother", "ID_CONFLICT", ""),
            // Văn is every other man's middle name: a brother as likely.
            ("common_middle", "ID_CONFLICT", ""),
            // No middle name written: nothing but the surname agrees.
            ("no_middle", "ID_CONFLICT", ""),
        ],
        "{rows:?}"
    );
    assert!(rows[0]["reasons"].contains("NAME_GIVEN_DIFF"), "{:?}", rows[0]);
    // explain says which way the other given name was read.
    let explained =
        |key: &str| String::from_utf8(wd.run(&["explain", "--out", "out", "--key", key]).stdout).unwrap();
    assert!(explained("nickname").contains("GivenDiffers (own, not kin)"), "{}", explained("nickname"));
    assert!(explained("brother").contains("GivenDiffers (as kin)"), "{}", explained("brother"));

    // With a date of birth column, the date decides: another date is a family member's.
    wd.write(
        "dated.csv",
        "key,cccd,ho_ten,ngay_sinh\nnickname,001183999999,Đoàn Quỳnh Mi,05/06/2001\nsame_day,001183999999,Đoàn Quỳnh Mi,14/03/1983\n",
    );
    wd.ok(&["reconcile", "--base", "base.csv", "--input", "dated.csv", "--out", "dated", "-q"]);
    let (_, rows) = read_csv(&wd.path("dated/results.csv"));
    assert_eq!(rows[0]["status"], "ID_CONFLICT", "{:?}", rows[0]);
    assert_eq!(rows[1]["status"], "MATCH_WITH_DIFFS", "{:?}", rows[1]);
}

#[test]
fn a_name_one_letter_off_with_another_middle_initial_is_the_owner_unless_the_sex_differs() {
    let wd = Workdir::new();
    wd.write("base.csv", base());
    // Đoàn Quỳnh Nguyệt's ID, her surname, a middle initial that is not
    // hers and a given name one letter off: written by someone else's hand.
    wd.write(
        "input.csv",
        "key,cccd,ho_ten,gioi_tinh\nsame_sex,001183999999,Đoàn K Nguyên,Nữ\nother_sex,001183999999,Đoàn K Nguyên,Nam\n",
    );
    wd.ok(&["reconcile", "--base", "base.csv", "--input", "input.csv", "--out", "out", "-q"]);
    let (_, rows) = read_csv(&wd.path("out/results.csv"));
    assert_eq!(rows[0]["status"], "MATCH_WITH_DIFFS", "{:?}", rows[0]);
    assert_eq!(rows[0]["reasons"], "NAME_MIDDLE|NAME_TYPO", "{:?}", rows[0]);
    // The other sex: a sibling's name, whatever the ID's weight.
    assert_eq!(rows[1]["status"], "ID_CONFLICT", "{:?}", rows[1]);
    let explained =
        String::from_utf8(wd.run(&["explain", "--out", "out", "--key", "other_sex"]).stdout).unwrap();
    assert!(explained.contains("EndsClose"), "{explained}");
}
