//! `--group-by`: groups ranked by rows to act on, every group shown or
//! counted, the group without a value named, spellings of one value one group.

use std::collections::HashMap;

use crate::util::{read_csv, repo, Workdir};

/// The credit sample with some branches spelt `Nữ`, `NU` and ` nữ` (one value, three spellings).
fn spelt_three_ways(wd: &Workdir) -> std::path::PathBuf {
    let text =
        String::from_utf8_lossy(&std::fs::read(repo().join("sample-data/credit.csv")).unwrap()).into_owned();
    let mut out = String::new();
    for (n, line) in text.lines().enumerate() {
        let mut cells: Vec<String> = line.split(',').map(String::from).collect();
        if n > 0 && cells.len() == 8 {
            match n % 25 {
                0 | 5 | 10 => cells[5] = "Nữ".into(),
                1 | 7 => cells[5] = "NU".into(),
                3 => cells[5] = " nữ".into(),
                _ => {}
            }
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    wd.write("credit.csv", out)
}

#[test]
fn groups_rank_by_rows_to_act_on_and_none_is_left_unsaid() {
    let wd = Workdir::new();
    let (base, input) = (repo().join("sample-data/population.csv"), spelt_three_ways(&wd));
    let args = [
        "reconcile",
        "--base",
        base.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
        "-o",
        "o",
        "-q",
        "--lang",
        "en",
        "--group-by",
        "ma_chi_nhanh",
        "--split-by",
        "ma_chi_nhanh",
    ];
    wd.ok(&args);
    // Each group's rows and rows to act on, from the results: a shifted row has no value.
    let (_, results) = read_csv(&wd.path("o/results.csv"));
    let mut want: HashMap<String, (u64, u64)> = HashMap::new();
    for r in &results {
        let shifted = r["reasons"].contains("ROW_MALFORMED") || r["reasons"].contains("ROW_UNBALANCED_QUOTE");
        let value = match r["ma_chi_nhanh"].trim() {
            _ if shifted => "(no ma\\_chi\\_nhanh)".to_string(),
            "" => "(no ma\\_chi\\_nhanh)".to_string(),
            "NU" | "Nữ" | "nữ" => "Nữ".to_string(),
            v => v.to_string(),
        };
        let g = want.entry(value).or_default();
        g.0 += 1;
        g.1 += u64::from(r["action"] != "none");
    }
    assert!(want["Nữ"].0 >= 100, "{:?}", want["Nữ"]);
    let md = std::fs::read_to_string(wd.path("o/report.md")).unwrap();
    let section = md.split("## By ma\\_chi\\_nhanh (most rows to act on first)").nth(1).expect(&md);
    let mut shown = Vec::new();
    for line in section.lines().filter(|l| l.starts_with("| ")).skip(1) {
        let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
        let (rows, to_act) = (cells[1].parse::<u64>().unwrap(), cells[2].parse::<u64>().unwrap());
        assert_eq!(want.get(cells[0]), Some(&(rows, to_act)), "{line}");
        shown.push((cells[0].to_string(), rows, to_act));
    }
    assert_eq!(shown.len(), 50, "{section}");
    // Most rows to act on first; of equal counts, the larger share.
    for pair in shown.windows(2) {
        let ((_, ra, aa), (_, rb, ab)) = (&pair[0], &pair[1]);
        assert!(aa > ab || (aa == ab && aa * rb >= ab * ra), "{pair:?}");
    }
    let most = want.values().map(|g| g.1).max().unwrap();
    assert_eq!(shown[0].2, most);
    assert!(!section.contains("| NU |") && !section.contains("| nữ |"), "one group for three spellings");
    // The groups not shown are counted with their rows; the group without a value is explained.
    let (rows, to_act) = (shown.iter().map(|g| g.1).sum::<u64>(), shown.iter().map(|g| g.2).sum::<u64>());
    let all_to_act = results.iter().filter(|r| r["action"] != "none").count() as u64;
    let note = format!(
        "{} more groups not shown: {} rows, {} to act on",
        want.len() - 50,
        results.len() as u64 - rows,
        all_to_act - to_act
    );
    assert!(section.contains(&note), "{note}\n{section}");
    assert!(section.contains("(no ma\\_chi\\_nhanh): rows with ma\\_chi\\_nhanh empty, and unreadable rows"));
    // The split files group alike: one file for the three spellings, under the most frequent.
    let (_, index) = read_csv(&wd.path("o/split/index.csv"));
    let nu: Vec<_> = index.iter().filter(|e| e["file"].starts_with("Nu") || e["file"] == "NU.csv").collect();
    assert_eq!(nu.len(), 1, "{index:?}");
    assert_eq!((nu[0]["value"].as_str(), nu[0]["file"].as_str()), ("Nữ", "Nu.csv"));
    assert_eq!(nu[0]["rows"], want["Nữ"].1.to_string());
}
