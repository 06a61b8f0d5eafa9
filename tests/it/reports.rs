//! report.md / report.html, `--split-by`, `--mask`: what people act on.

use std::collections::{BTreeMap, HashMap};
use std::process::Command;

use crate::util::{read_csv, read_json, repo, Workdir};

/// Reconciles the credit sample into `out` with extra arguments.
fn run(wd: &Workdir, out: &str, extra: &[&str]) {
    let sample = repo().join("sample-data");
    let (b, i) = (sample.join("population.csv"), sample.join("credit.csv"));
    let mut args =
        vec!["reconcile", "--base", b.to_str().unwrap(), "--input", i.to_str().unwrap(), "-o", out, "-q"];
    args.extend(extra);
    wd.ok(&args);
}

/// The report.md of a run with its one varying line (the run time) blanked.
fn stable_markdown(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with("- Thời gian chạy:") || l.starts_with("- Run time:") {
                "- (time)"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// report.md on the credit sample, grouped by branch, is the one kept in
/// `tests/it/data/report.md` (set `DOISOAT_UPDATE_SNAPSHOTS=1` to write it
/// anew after an intended change, and read the difference).
#[test]
fn the_markdown_report_of_the_sample_is_the_snapshot() {
    let wd = Workdir::new();
    run(&wd, "o", &["--group-by", "ma_chi_nhanh"]);
    let got = stable_markdown(&std::fs::read_to_string(wd.path("o/report.md")).unwrap());
    let kept = repo().join("tests/it/data/report.md");
    if std::env::var_os("DOISOAT_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&kept, &got).unwrap();
    }
    let want = std::fs::read_to_string(&kept).expect("tests/it/data/report.md");
    assert!(got == want, "report.md changed; the new one:\n{got}");
}

/// What the HTML report says it counted is summary.json's count, in both languages.
#[test]
fn the_html_report_carries_the_summary_s_figures() {
    let wd = Workdir::new();
    run(&wd, "vi", &[]);
    run(&wd, "en", &["--lang", "en", "--group-by", "ma_chi_nhanh"]);
    let summary = read_json(&wd.path("vi/summary.json"));
    for dir in ["vi", "en"] {
        let page = std::fs::read_to_string(wd.path(&format!("{dir}/report.html"))).unwrap();
        assert!(page.contains(&format!("<html lang=\"{dir}\">")));
        for (id, key) in [("rows", "input_rows"), ("base", "base_rows"), ("rejected", "rejected_rows")] {
            assert!(page.contains(&format!("id=\"{id}\" data-value=\"{}\"", summary[key])), "{dir} {id}");
        }
        for (code, n) in summary["status_counts"].as_object().unwrap() {
            let shown = page.contains(&format!("data-value=\"{n}\""))
                && page.contains(&format!("<code>{code}</code>"));
            assert!(shown, "{dir}: {code} {n}");
        }
        for (word, code) in [("Đúng", "dung"), ("Đủ", "du"), ("Sạch", "sach"), ("Sống", "song")] {
            let bar = format!("data-label=\"{word}\" data-value=\"{}\"", summary["quality_rows"][code]);
            assert!(page.contains(&bar), "{dir}: {bar}");
        }
        assert!(page.len() < 1 << 20);
    }
    let en = std::fs::read_to_string(wd.path("en/report.html")).unwrap();
    assert!(en.contains("id=\"groups\"") && en.contains("By ma_chi_nhanh"));
    let vi = std::fs::read_to_string(wd.path("vi/report.html")).unwrap();
    assert!(!vi.contains("id=\"groups\"") && vi.contains("Báo cáo đối soát"));
    let unknown = wd.run(&["reconcile", "--base", "x", "--input", "y", "-o", "z", "--lang", "fr"]);
    assert_eq!(unknown.status.code(), Some(2));
}

/// report.html rendered by a real browser (headless Chromium): its DOM has
/// the charts with their data and the headline figures, it references
/// nothing outside itself, and it paints.
#[test]
fn the_html_report_renders_in_a_browser() {
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()))
    else {
        panic!("no Chromium: install it (`apt-get install -y chromium`; .ci/run does)");
    };
    let wd = Workdir::new();
    run(&wd, "o", &["--group-by", "ma_chi_nhanh"]);
    let page = std::fs::canonicalize(wd.path("o/report.html")).unwrap();
    let url = format!("file://{}", page.display());
    let browse = |extra: &[&str]| {
        let profile = wd.path(&format!("profile{}", extra.len()));
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-quic".into(),
            format!("--user-data-dir={}", profile.display()),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        args.push(url.clone());
        let out = Command::new(chromium).args(&args).current_dir(wd.path("")).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let dom = browse(&["--dump-dom"]);
    let summary = read_json(&wd.path("o/summary.json"));
    assert!(dom.contains(&format!("id=\"rows\" data-value=\"{}\"", summary["input_rows"])), "{dom}");
    assert!(dom.contains(&format!("id=\"base\" data-value=\"{}\"", summary["base_rows"])));
    let charts = dom.matches("<svg").count();
    let bars = dom.matches("<rect").count();
    assert!(charts >= 6 && bars > 30, "{charts} charts, {bars} bars");
    let matched = summary["status_counts"]["MATCH"].to_string();
    assert!(dom.contains(&format!("data-value=\"{matched}\"")), "a bar carries the MATCH count");
    for outside in ["<script", "<link", "<img", "src=", "href=", "url("] {
        assert!(!dom.contains(outside), "{outside}");
    }
    browse(&["--window-size=1000,3000", "--screenshot=shot.png"]);
    let png = std::fs::read(wd.path("shot.png")).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 50_000, "{} bytes", png.len());
}

/// `--split-by ma_chi_nhanh`: one file per branch holding exactly that
/// branch's rows to act on — deceased `MATCH` rows included — and an index.
#[test]
fn split_by_branch_writes_each_branch_its_rows_to_act_on() {
    let wd = Workdir::new();
    run(&wd, "o", &["--split-by", "ma_chi_nhanh"]);
    let (_, results) = read_csv(&wd.path("o/results.csv"));
    let mut want: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in results.iter().filter(|r| r["action"] != "none") {
        want.entry(r["ma_chi_nhanh"].clone()).or_default().push(r["row"].clone());
    }
    assert!(results
        .iter()
        .any(|r| r["status"] == "MATCH" && r["reasons"].contains("DECEASED") && r["action"] != "none"));
    let (_, index) = read_csv(&wd.path("o/split/index.csv"));
    assert_eq!(index.len(), want.len());
    for entry in &index {
        let (headers, rows) = read_csv(&wd.path(&format!("o/split/{}", entry["file"])));
        assert_eq!(headers[0], "row", "the byte-order mark is not part of the first header");
        assert!(headers.contains(&"ly_do".to_string()) && headers.contains(&"ho_ten_csdl".to_string()));
        let got: Vec<String> = rows.iter().map(|r| r["row"].clone()).collect();
        assert_eq!(got, want[&entry["value"]], "{}", entry["value"]);
        assert_eq!(entry["rows"], got.len().to_string());
        assert!(rows.iter().all(|r| r["ma_chi_nhanh"] == entry["value"] && r["action"] != "none"));
        assert!(rows.iter().all(|r| !r["ly_do"].is_empty()));
    }
    let with_deceased = index.iter().any(|e| {
        let (_, rows) = read_csv(&wd.path(&format!("o/split/{}", e["file"])));
        rows.iter().any(|r| r["status"] == "MATCH" && r["reasons"].contains("DECEASED"))
    });
    assert!(with_deceased);
    let verified = wd.run(&["verify", "o"]);
    let out = String::from_utf8_lossy(&verified.stdout);
    assert!(verified.status.success() && out.contains("ok  split/index.csv"), "{out}");
    let bad = wd.run(&["reconcile", "--base", "x", "--input", "y", "-o", "z", "--split-format", "csv"]);
    assert_eq!(bad.status.code(), Some(2), "--split-format needs --split-by");
}

/// `--mask` masks IDs and names in the split files and leaves the results
/// alone; `--mask all` masks the results too. Nothing else changes.
#[test]
fn mask_hides_ids_and_names_where_asked() {
    let wd = Workdir::new();
    run(&wd, "plain", &["--split-by", "ma_chi_nhanh"]);
    run(&wd, "shared", &["--split-by", "ma_chi_nhanh", "--mask"]);
    run(&wd, "all", &["--split-by", "ma_chi_nhanh", "--mask", "all"]);
    let results = |dir: &str| read_csv(&wd.path(&format!("{dir}/results.csv"))).1;
    assert!(
        std::fs::read(wd.path("plain/results.csv")).unwrap()
            == std::fs::read(wd.path("shared/results.csv")).unwrap()
    );
    let (plain, all) = (results("plain"), results("all"));
    let full_id = |s: &str| s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit());
    let masked_id = |s: &str| s.is_empty() || (s.len() == 12 && s[3..9] == *"******");
    for (p, a) in plain.iter().zip(&all) {
        assert_eq!((&p["status"], &p["reasons"]), (&a["status"], &a["reasons"]));
        assert!(masked_id(&a["person_id"]) && masked_id(&a["suggested_id"]), "{a:?}");
        assert_eq!(p["person_id"].get(..3), a["person_id"].get(..3));
        assert!(!full_id(&a["so_giay_to"]), "{}", a["so_giay_to"]);
        let words: Vec<&str> = a["ten_khach_hang"].split_whitespace().collect();
        assert!(words.iter().skip(1).all(|w| w.chars().count() == 2 && w.ends_with('.')), "{words:?}");
        assert_eq!(p["ten_khach_hang"].split_whitespace().next(), words.first().copied());
    }
    let split_files = |dir: &str| -> HashMap<String, String> {
        std::fs::read_dir(wd.path(&format!("{dir}/split")))
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap())
            })
            .collect()
    };
    let (open, masked) = (split_files("plain"), split_files("shared"));
    assert_eq!(open.len(), masked.len());
    let twelve_digits = |text: &str| text.split(|c: char| !c.is_ascii_digit()).any(|t| t.len() == 12);
    assert!(open.values().any(|t| twelve_digits(t)));
    assert!(masked.values().all(|t| !twelve_digits(t)), "no whole ID in a masked split file");
}
