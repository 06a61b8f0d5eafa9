//! report.md / report.html, `--split-by`, `--mask`: what people act on.

use std::collections::{BTreeMap, HashMap};
use std::process::Command;

use crate::util::{read_csv, read_json, repo, Workdir};

/// Reconciles the credit sample into `out` with extra arguments.
fn run(wd: &Workdir, out: &str, extra: &[&str]) {
    let input = repo().join("sample-data/credit.csv");
    let done = run_on(wd, &input, out, &[&["-q"], extra].concat());
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
}

/// Reconciles `input` against the sample base into `out` with extra arguments.
fn run_on(wd: &Workdir, input: &std::path::Path, out: &str, extra: &[&str]) -> std::process::Output {
    let base = repo().join("sample-data/population.csv");
    let mut args =
        vec!["reconcile", "--base", base.to_str().unwrap(), "--input", input.to_str().unwrap(), "-o", out];
    args.extend(extra);
    wd.run(&args)
}

/// The report.md of a run with what varies blanked: the run time, and the
/// date in the line under the title (checked to be UTC to the minute).
fn stable_markdown(text: &str) -> String {
    text.lines()
        .map(|l| {
            let about = l.starts_with("Tệp đối soát:") || l.starts_with("Input:");
            let date = ["Chạy lúc: ", "Run: "].iter().find_map(|p| Some(l.find(p)? + p.len()));
            if l.starts_with("- Thời gian chạy:") || l.starts_with("- Run time:") {
                "- (time)".to_string()
            } else if let (true, Some(at)) = (about, date) {
                let shape: String =
                    l[at..].chars().take(17).map(|c| if c.is_ascii_digit() { '9' } else { c }).collect();
                assert_eq!(shape, "9999-99-99T99:99Z", "the run's date, UTC to the minute: {l}");
                format!("{}(date){}", &l[..at], &l[at + 17..])
            } else {
                l.to_string()
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
        // Each status's bar, by its label in the report's language, carries its count.
        let words: [(&str, &str, &str); 7] = [
            ("MATCH", "Khớp", "Match"),
            ("MATCH_WITH_DIFFS", "Khớp, có trường sai khác", "Match with differences"),
            ("ID_CORRECTED", "Tìm ra số định danh đúng", "ID corrected"),
            ("ID_CONFLICT", "Số định danh của người khác", "ID conflict"),
            ("AMBIGUOUS", "Nhiều người cùng phù hợp", "Ambiguous"),
            ("NOT_FOUND", "Không tìm thấy", "Not found"),
            ("INVALID", "Dòng không dùng được", "Invalid row"),
        ];
        for (code, vi, en) in words {
            let label = if dir == "vi" { vi } else { en };
            let bar = format!("data-label=\"{label}\" data-value=\"{}\"", summary["status_counts"][code]);
            assert!(page.contains(&bar) && page.contains(&format!("<code>{code}</code>")), "{dir}: {bar}");
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

/// The headless browser to render reports with, if there is one. Without
/// one the browser tests say so and pass, unless `DOISOAT_REQUIRE_BROWSER`
/// is set (`.ci/run` sets it, after installing Chromium), so `cargo test`
/// works on a fresh machine.
fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()));
    if found.is_none() {
        let install = "no Chromium: install it (`apt-get install -y chromium`; .ci/run does)";
        assert!(std::env::var_os("DOISOAT_REQUIRE_BROWSER").is_none(), "{install}");
        eprintln!("SKIPPED a browser test: {install}");
    }
    found
}

/// Opens `page` (a file in `wd`) in headless `chromium` with `extra`
/// arguments; returns its standard output.
fn browse(chromium: &str, wd: &Workdir, page: &str, extra: &[&str]) -> String {
    let url = format!("file://{}", std::fs::canonicalize(wd.path(page)).unwrap().display());
    let profile = wd.path(&format!("profile-{}", extra.len()));
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
    args.push(url);
    let out = Command::new(chromium).args(&args).current_dir(wd.path("")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// report.html rendered by a real browser (headless Chromium): its DOM has
/// the charts with their data and the headline figures, it references
/// nothing outside itself, and it paints.
#[test]
fn the_html_report_renders_in_a_browser() {
    let Some(chromium) = chromium() else { return };
    let wd = Workdir::new();
    run(&wd, "o", &["--group-by", "ma_chi_nhanh"]);
    let dom = browse(chromium, &wd, "o/report.html", &["--dump-dom"]);
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
    browse(chromium, &wd, "o/report.html", &["--window-size=1000,3000", "--screenshot=shot.png"]);
    let png = std::fs::read(wd.path("shot.png")).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 50_000, "{} bytes", png.len());
}

/// The groups' chart as the browser lays it out: every legend square and
/// its words lie inside the chart (they were cut off below it), measured
/// by the browser itself (a page holding the report's chart and a script
/// that compares their boxes with the chart's).
#[test]
fn the_group_chart_legend_is_inside_the_chart_in_a_browser() {
    let Some(chromium) = chromium() else { return };
    let wd = Workdir::new();
    // An exam's report: its actions make the longest legend.
    let sample = repo().join("sample-data");
    let (history, areas) = (sample.join("residence_base.csv"), sample.join("priority_areas.csv"));
    let extra = [
        "-q",
        "--group-by",
        "tinh_truong",
        "--base-residence",
        history.to_str().unwrap(),
        "--priority-areas",
        areas.to_str().unwrap(),
    ];
    let done = run_on(&wd, &sample.join("exam.csv"), "o", &extra);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let html = std::fs::read_to_string(wd.path("o/report.html")).unwrap();
    // The stacked chart: the one with the legend's squares.
    let chart = html
        .split("<svg")
        .skip(1)
        .map(|s| format!("<svg{}</svg>", s.split("</svg>").next().unwrap()))
        .max_by_key(|svg| svg.matches(r#"width="12""#).count())
        .expect("the groups' chart");
    let entries = chart.matches(r#"width="12""#).count();
    assert!(entries >= 7, "an exam's actions: {entries} legend entries (three rows)");
    let page = format!(
        r#"<!doctype html><html><body style="margin:0">{chart}<script>
const svg = document.querySelector("svg");
const bottom = svg.getBoundingClientRect().bottom;
let lowest = 0;
for (const el of svg.querySelectorAll('rect[width="12"], text.small')) {{
  lowest = Math.max(lowest, el.getBoundingClientRect().bottom);
}}
document.body.setAttribute("data-legend", (lowest <= bottom + 0.5 ? "inside" : "cut") + " " + lowest + " " + bottom);
</script></body></html>"#
    );
    wd.write("chart.html", page);
    let dom = browse(chromium, &wd, "chart.html", &["--dump-dom"]);
    let verdict =
        dom.split("data-legend=\"").nth(1).and_then(|s| s.split('"').next()).expect("the script ran");
    assert!(verdict.starts_with("inside "), "legend bottom, chart bottom: {verdict}");
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
        // A row whose fields may have shifted has no branch to trust: it goes to `_empty`.
        let shifted = r["reasons"].contains("ROW_MALFORMED") || r["reasons"].contains("ROW_UNBALANCED_QUOTE");
        let branch = if shifted { String::new() } else { r["ma_chi_nhanh"].clone() };
        want.entry(branch).or_default().push(r["row"].clone());
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
        assert!(rows.iter().all(|r| r["action"] != "none"));
        assert!(entry["value"].is_empty() || rows.iter().all(|r| r["ma_chi_nhanh"] == entry["value"]));
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
    // A file slipped in among the split files is named.
    std::fs::write(wd.path("o/split/CN999.csv"), "row\n").unwrap();
    let verified = wd.run(&["verify", "o", "--outputs-only"]);
    let all =
        String::from_utf8_lossy(&verified.stdout).into_owned() + &String::from_utf8_lossy(&verified.stderr);
    assert_eq!(verified.status.code(), Some(1), "{all}");
    assert!(all.contains("split/CN999.csv: not written by the run"), "{all}");
    let bad = wd.run(&["reconcile", "--base", "x", "--input", "y", "-o", "z", "--split-format", "csv"]);
    assert_eq!(bad.status.code(), Some(2), "--split-format needs --split-by");
    // A real directory where the run puts its split link (a `cp -rL` copy) is refused before any
    // work, and the run in place stays whole.
    std::fs::create_dir_all(wd.path("copy/split")).unwrap();
    let credit = repo().join("sample-data/credit.csv");
    let refused = run_on(&wd, &credit, "copy", &["--split-by", "ma_chi_nhanh"]);
    assert_eq!(refused.status.code(), Some(2), "{}", String::from_utf8_lossy(&refused.stderr));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("copy/split: a directory"));
    assert!(!wd.path("copy/results.csv").exists());
}

/// Group and split values from the data are shown as they are: marks
/// that the reports give meaning to stay text, a value typed in NFC and in
/// NFD is one group and one file, and no split cell starts a formula.
#[test]
fn hostile_values_stay_plain_values() {
    let wd = Workdir::new();
    let text =
        String::from_utf8_lossy(&std::fs::read(repo().join("sample-data/credit.csv")).unwrap()).into_owned();
    let values = [
        "**đậm**",
        "`mã`",
        "Hà Nội",
        "Ha\u{300} N\u{f4}\u{323}i",
        "=HYPERLINK(\"x\")",
        "![x](http://e.x/i.png)",
    ];
    let mut out = String::new();
    for (n, line) in text.lines().enumerate() {
        let mut cells: Vec<String> = line.split(',').map(String::from).collect();
        if n > 0 && cells.len() == 8 {
            cells[5] = format!("\"{}\"", values[n % values.len()].replace('"', "\"\""));
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    let input = wd.write("hostile.csv", out);
    let done = run_on(&wd, &input, "o", &["-q", "--group-by", "ma_chi_nhanh", "--split-by", "ma_chi_nhanh"]);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let page = std::fs::read_to_string(wd.path("o/report.html")).unwrap();
    assert!(page.contains("<td>**đậm**</td>") && page.contains("<td>`mã`</td>"), "values shown as typed");
    assert!(!page.contains("<strong>đậm</strong>") && !page.contains("<code>mã</code>"));
    assert!(
        page.contains("<td>![x](http://e.x/i.png)</td>") || page.contains("<td>![x](http:"),
        "a link stays text"
    );
    let md = std::fs::read_to_string(wd.path("o/report.md")).unwrap();
    assert!(md.contains("| \\*\\*đậm\\*\\* |") && md.contains("\\!\\[x\\]"), "Markdown marks escaped");
    assert_eq!(page.matches("<td>Hà Nội</td>").count(), 1, "NFC and NFD are one group");
    let (_, index) = read_csv(&wd.path("o/split/index.csv"));
    assert!(
        index.iter().any(|e| e["file"] == "Ha_Noi.csv")
            && !index.iter().any(|e| e["file"].starts_with("Ha_Noi-"))
    );
    let formula = index.iter().find(|e| e["value"].contains("=HYPERLINK")).expect("its file");
    let (_, rows) = read_csv(&wd.path(&format!("o/split/{}", formula["file"])));
    assert!(rows.iter().all(|r| r["ma_chi_nhanh"].starts_with("'=")), "a formula is kept as text");
    assert!(formula["value"].starts_with("'="), "in the index too");
    // The results meant for Excel are guarded the same way; plain results.csv is data, as typed.
    let excel = run_on(&wd, &input, "x", &["-q", "--excel-csv"]);
    assert!(excel.status.success(), "{}", String::from_utf8_lossy(&excel.stderr));
    let cells = |dir: &str| -> Vec<String> {
        read_csv(&wd.path(&format!("{dir}/results.csv")))
            .1
            .iter()
            .map(|r| r["ma_chi_nhanh"].clone())
            .collect()
    };
    let (plain, guarded) = (cells("o"), cells("x"));
    assert!(plain.iter().any(|c| c.starts_with("=HYPERLINK")), "plain results keep the value");
    for (p, g) in plain.iter().zip(&guarded) {
        let want = if p.starts_with('=') { format!("'{p}") } else { p.clone() };
        assert_eq!(*g, want);
    }
    // A column that is not there stops the run before any work.
    let out = run_on(&wd, &input, "n", &["--split-by", "chi_nhanh_x"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--split-by chi_nhanh_x: no such column") && !stderr.contains("match"),
        "{stderr}"
    );
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
        if a["reasons"].contains("ROW_MALFORMED") {
            // Cells that may have shifted are masked whole, by shape.
            assert!(a["so_giay_to"].chars().all(|c| !c.is_ascii_digit() || c == '9'), "{a:?}");
            continue;
        }
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
    for (name, text) in masked.iter().filter(|(n, _)| *n != "index.csv") {
        let mut r = ::csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let headers = r.headers().unwrap().clone();
        let at = |h: &str| headers.iter().position(|x| x == h).unwrap();
        for row in r.records().map(Result::unwrap).filter(|r| !r[at("reasons")].contains("ROW_MALFORMED")) {
            for column in ["ten_khach_hang", "ho_ten_csdl"] {
                let words: Vec<&str> = row[at(column)].split_whitespace().collect();
                assert!(
                    words.iter().skip(1).all(|w| w.chars().count() == 2 && w.ends_with('.')),
                    "{name}: {words:?}"
                );
            }
        }
    }
    assert_eq!(open.len(), masked.len());
    // A twelve-digit number other than a masked shape (all nines).
    let twelve_digits =
        |text: &str| text.split(|c: char| !c.is_ascii_digit()).any(|t| t.len() == 12 && t != "999999999999");
    assert!(open.values().any(|t| twelve_digits(t)));
    assert!(masked.values().all(|t| !twelve_digits(t)), "no whole ID in a masked split file");
    // An ID or name column cannot group or split masked output: its values would be the file names.
    let credit = repo().join("sample-data/credit.csv");
    for flag in ["--split-by", "--group-by"] {
        for column in ["so_giay_to", "ten_khach_hang"] {
            let out = run_on(&wd, &credit, "x", &["-q", "--mask", flag, column]);
            assert_eq!(out.status.code(), Some(2), "{flag} {column}");
            assert!(String::from_utf8_lossy(&out.stderr).contains("holds IDs or names"));
        }
    }
    // A row whose fields shifted (an unquoted comma in the name) shows nothing in clear either.
    let text = String::from_utf8_lossy(&std::fs::read(&credit).unwrap()).into_owned();
    let lines: Vec<String> = text.lines().map(String::from).collect();
    // The key column moved after the name, so a shifted row's key cell holds part of the name.
    let reorder = |line: &str| {
        let c: Vec<&str> = line.split(',').collect();
        [c[1], c[0], c[2], c[3], c[4], c[5], c[6], c[7]].join(",")
    };
    let mut lines: Vec<String> =
        lines.iter().map(|l| if l.split(',').count() == 8 { reorder(l) } else { l.clone() }).collect();
    let mut cells: Vec<String> = lines[3].split(',').map(String::from).collect();
    let id = cells[4].clone();
    let given = cells[0].split_whitespace().last().unwrap().to_string();
    cells[0] = cells[0].replacen(' ', ", ", 1);
    lines[3] = cells.join(",");
    let input = wd.write("shifted.csv", lines.join("\n") + "\n");
    let done = run_on(&wd, &input, "s", &["-q", "--mask", "all", "--split-by", "ma_chi_nhanh"]);
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let (_, rows) = read_csv(&wd.path("s/results.csv"));
    assert!(rows[2]["status"] == "INVALID" && id.len() == 12, "{:?}", rows[2]);
    let everything: String = std::fs::read_dir(wd.path("s/.current"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect::<String>()
        + &std::fs::read_to_string(wd.path("s/split/index.csv")).unwrap();
    assert!(!everything.contains(&id), "the shifted row's ID is nowhere in clear");
    assert!(given.len() > 2 && !rows[2]["key"].contains(&given), "nor its name, in the key: {:?}", rows[2]);
}

/// Split files carry the column their check's reasons cite: an exam's
/// `supported_area` ("the area the history supports"), a residence
/// export's `overlap_days`, each as results.csv has it for the same row.
#[test]
fn split_files_carry_the_check_column_their_reasons_cite() {
    let wd = Workdir::new();
    let sample = repo().join("sample-data");
    let history = sample.join("residence_base.csv");
    let areas = sample.join("priority_areas.csv");
    let (history, areas) = (history.to_str().unwrap(), areas.to_str().unwrap());
    for (input, column, split_by, extra) in [
        (
            "exam.csv",
            "supported_area",
            "tinh_truong",
            vec!["--base-residence", history, "--priority-areas", areas],
        ),
        ("residence.csv", "overlap_days", "ma_tinh", vec!["--base-residence", history]),
    ] {
        let out = format!("o-{column}");
        let args = [&["-q", "--split-by", split_by][..], &extra[..]].concat();
        let done = run_on(&wd, &sample.join(input), &out, &args);
        assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
        let (_, results) = read_csv(&wd.path(&format!("{out}/results.csv")));
        let by_row: BTreeMap<&str, &str> =
            results.iter().map(|r| (r["row"].as_str(), r[column].as_str())).collect();
        let (_, index) = read_csv(&wd.path(&format!("{out}/split/index.csv")));
        let (mut rows, mut filled) = (0, 0);
        for entry in &index {
            let (headers, split) = read_csv(&wd.path(&format!("{out}/split/{}", entry["file"])));
            assert!(headers.contains(&column.to_string()), "{input}: {headers:?}");
            for r in &split {
                assert_eq!(r[column], by_row[r["row"].as_str()], "{input} row {}", r["row"]);
                rows += 1;
                filled += usize::from(!r[column].is_empty());
            }
        }
        assert!(rows > 0 && filled > 0, "{input}: {filled} of {rows} split rows carry {column}");
    }
    // A residence row's split line sets the base period its reason is about beside it.
    let (mut dates, mut elsewhere) = (0, 0);
    let (_, index) = read_csv(&wd.path("o-overlap_days/split/index.csv"));
    for entry in &index {
        let (headers, split) = read_csv(&wd.path(&format!("o-overlap_days/split/{}", entry["file"])));
        for name in ["ma_tinh_csdl", "ma_xa_csdl", "tu_ngay_csdl", "den_ngay_csdl"] {
            assert!(headers.contains(&name.to_string()), "{headers:?}");
        }
        for r in &split {
            let base_side = [&r["ma_tinh_csdl"], &r["ma_xa_csdl"], &r["tu_ngay_csdl"], &r["den_ngay_csdl"]];
            if r["reasons"].contains("RESIDENCE_NOT_IN_BASE") || r["status"] == "NOT_FOUND" {
                assert!(base_side.iter().all(|c| c.is_empty()), "{r:?}");
            }
            if r["reasons"].contains("RESIDENCE_DATES_DIFFER") {
                dates += 1;
                assert!(!r["tu_ngay_csdl"].is_empty() && r["ma_tinh_csdl"] == r["ma_tinh"], "{r:?}");
            }
            if r["reasons"].contains("RESIDENCE_PLACE_DIFFERS") {
                elsewhere += 1;
                assert!(!r["tu_ngay_csdl"].is_empty(), "{r:?}");
                assert!(r["ma_xa_csdl"] != r["ma_xa"] || r["ma_tinh_csdl"] != r["ma_tinh"], "{r:?}");
            }
        }
    }
    assert!(dates > 0 && elsewhere > 0, "{dates} rows with other dates, {elsewhere} at another place");
}
