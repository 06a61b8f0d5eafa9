//! Files nobody cleaned: each case a small hand-made file, run through the
//! real binary as a nightly job would run it.

use crate::util::{read_csv, read_json, Workdir};

/// A base of `n` persons (`id,name,dob,sex`), with `faulty` rows written by `line`.
fn lines(n: usize, line: impl Fn(usize) -> String) -> String {
    let mut text = String::from("so_dinh_danh,ho_va_ten,ngay_sinh,gioi_tinh\n");
    for i in 1..=n {
        text.push_str(&line(i));
        text.push('\n');
    }
    text
}

fn person(i: usize) -> String {
    format!("{:012},Trần Văn {},{:02}/03/1990,Nam", 1_090_000_000 + i, given(i), 1 + i % 28)
}

/// Distinct given names, so that each person is found by name and date alone too.
fn given(i: usize) -> String {
    let syllables = ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khoa", "Lâm", "Minh", "Nam"];
    format!("{} {}", syllables[i % 10], syllables[i / 10 % 10])
}

#[test]
fn a_stray_quote_costs_one_row_in_the_input_and_one_person_in_the_base() {
    let wd = Workdir::new();
    wd.write("base.csv", lines(500, person));
    // The input's row 100 opens a quote that never closes.
    let stray = |i: usize| if i == 100 { person(i).replacen("Trần", "\"Trần", 1) } else { person(i) };
    wd.write("input.csv", lines(500, stray));
    wd.ok(&["reconcile", "--base", "base.csv", "--input", "input.csv", "--out", "out"]);
    let (_, rows) = read_csv(&wd.path("out/results.csv"));
    assert_eq!(rows.len(), 500);
    let invalid: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r["status"] != "MATCH")
        .map(|r| (r["row"].as_str(), r["reasons"].as_str()))
        .collect();
    assert_eq!(invalid, [("100", "ROW_UNBALANCED_QUOTE")]);

    // The same flaw in the base loses that one person, not the 400 after it.
    let wd = Workdir::new();
    wd.write("base.csv", lines(500, stray));
    wd.write("input.csv", lines(500, person));
    wd.ok(&["reconcile", "--base", "base.csv", "--input", "input.csv", "--out", "out"]);
    let summary = read_json(&wd.path("out/summary.json"));
    assert_eq!((summary["base_rows"].as_u64(), summary["base_rejected_rows"].as_u64()), (Some(499), Some(1)));
    let (_, rows) = read_csv(&wd.path("out/results.csv"));
    let not_matched: Vec<&str> =
        rows.iter().filter(|r| r["status"] != "MATCH").map(|r| r["row"].as_str()).collect();
    assert_eq!(not_matched, ["100"]);
}
