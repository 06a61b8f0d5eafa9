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
    let (_, rejects) = read_csv(&wd.path("out/rejects.csv"));
    assert_eq!(rejects.len(), 1);
    assert_eq!((rejects[0]["row"].as_str(), rejects[0]["line"].as_str()), ("100", "101"));
    assert!(rejects[0]["text"].contains(",\"xxxx"), "masked, the stray quote shown: {:?}", rejects[0]);

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
    let (_, base_rejects) = read_csv(&wd.path("out/base_rejects.csv"));
    let listed: Vec<(&str, &str)> =
        base_rejects.iter().map(|r| (r["row"].as_str(), r["reason"].as_str())).collect();
    assert_eq!(listed, [("100", "ROW_UNBALANCED_QUOTE")]);
}

#[test]
fn a_stderr_that_cannot_be_written_does_not_break_the_run() {
    let wd = Workdir::new();
    wd.write("base.csv", lines(50, person));
    wd.write("input.csv", lines(50, person));
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_doisoat"))
        .args(["reconcile", "--base", "base.csv", "--input", "input.csv", "--out", "out"])
        .current_dir(wd.path(""))
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(wd.path("out/results.csv").exists());
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    use std::io::Read;
    // Far more than a pipe holds, so the writer meets the closed pipe.
    let values: Vec<String> = (0..20_000).map(|i| format!("Nguyễn Văn {i}")).collect();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_doisoat"))
        .args(["normalize", "--field", "name"])
        .args(&values)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    // The read end is closed here, as `| head` closes it.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Starts doisoat with `args` in `wd` and reads its stderr until a line
/// containing `line` (or its end): the child, the rest of stderr, the log so far.
fn run_until(
    wd: &Workdir,
    args: &[&str],
    line: &str,
) -> (std::process::Child, std::io::BufReader<std::process::ChildStderr>, String) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_doisoat"))
        .args(args)
        .current_dir(wd.path(""))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut log = String::new();
    while stderr.read_line(&mut log).unwrap() > 0 && !log.contains(line) {}
    (child, stderr, log)
}

#[test]
fn an_input_that_changes_during_the_run_stops_it_with_exit_1() {
    use std::io::Write;
    let wd = Workdir::new();
    wd.write("base.csv", lines(2_000, person));
    // Enough rows that the match pass is still running when the file grows.
    wd.write("input.csv", lines(200_000, |i| person(i % 2_000 + 1)));
    for change in ["append", "truncate"] {
        let out = wd.path("out");
        let (mut child, mut stderr, mut log) = run_until(
            &wd,
            &["reconcile", "--base", "base.csv", "--input", "input.csv", "--out", "out"],
            "match: started",
        );
        let mut file = std::fs::OpenOptions::new().append(true).open(wd.path("input.csv")).unwrap();
        match change {
            "append" => writeln!(file, "{}", person(7)).unwrap(),
            _ => file.set_len(1_000).unwrap(),
        }
        std::io::Read::read_to_string(&mut stderr, &mut log).unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(1), "{change}: {log}");
        assert!(log.contains("the file changed while doisoat was reading it"), "{log}");
        assert!(!out.join("results.csv").exists(), "no results from a changed file");
        wd.write("input.csv", lines(200_000, |i| person(i % 2_000 + 1)));
    }
}

#[test]
fn small_hostile_cases_are_refused_or_warned_about() {
    let wd = Workdir::new();
    wd.write("base.csv", lines(20, person));
    wd.write("input.csv", lines(20, person));
    // An input that is one of the run's own outputs.
    std::fs::create_dir(wd.path("out")).unwrap();
    wd.write("out/results.csv", lines(20, person));
    let out = wd.run(&["reconcile", "--base", "base.csv", "--input", "out/results.csv", "--out", "out"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(wd.path("out/results.csv")).unwrap(), lines(20, person));
    // A FIFO is not read (it would hang the run).
    let fifo = wd.path("pipe.csv");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let out = wd.run(&["reconcile", "--base", "base.csv", "--input", "pipe.csv", "--out", "o2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    // Two columns with one header, and a base of nobody: warned about, by column number.
    wd.write("dup.csv", "so_dinh_danh,ho_va_ten,ho_va_ten,ngay_sinh\n001090000001,An,Bình,01/01/1990\n");
    let stderr = wd.ok(&["reconcile", "--base", "base.csv", "--input", "dup.csv", "--out", "o3"]);
    assert!(stderr.contains("input columns 2 and 3 have the same header"), "{stderr}");
    wd.write("empty.csv", "so_dinh_danh,ho_va_ten,ngay_sinh\n");
    let stderr = wd.ok(&["reconcile", "--base", "empty.csv", "--input", "input.csv", "--out", "o4"]);
    assert!(stderr.contains("the base holds nobody"), "{stderr}");
    // A headerless file: its first line (a person's data) is not printed.
    wd.write("headerless.csv", "KH1,NGUYEN TUAN PHUC,17/01/2012,040212546007\n");
    let out = wd.run(&["reconcile", "--base", "base.csv", "--input", "headerless.csv", "--out", "o5"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("NGUYEN") && !stderr.contains("040212546007"), "{stderr}");
}

#[test]
fn an_unwritable_directory_is_found_first_and_a_rerun_leaves_no_stale_results() {
    let wd = Workdir::new();
    wd.write("base.csv", lines(20, person));
    wd.write("input.csv", lines(20, person));
    wd.ok(&["reconcile", "--base", "base.csv", "--input", "input.csv", "--out", "out"]);
    wd.ok(&[
        "reconcile",
        "--base",
        "base.csv",
        "--input",
        "input.csv",
        "--out",
        "out",
        "--format",
        "parquet",
    ]);
    assert!(wd.path("out/results.parquet").exists() && !wd.path("out/results.csv").exists());
    // A directory nobody may write in (root may: the check is skipped then).
    std::fs::create_dir(wd.path("ro")).unwrap();
    std::fs::set_permissions(wd.path("ro"), std::os::unix::fs::PermissionsExt::from_mode(0o500)).unwrap();
    if std::fs::write(wd.path("ro/x"), "x").is_err() {
        let out = wd.run(&["reconcile", "--base", "base.csv", "--input", "input.csv", "--out", "ro"]);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("ro") && !stderr.contains("match:"), "{stderr}");
    }
}

#[test]
fn a_run_killed_at_any_point_leaves_the_last_complete_run_or_the_new_one() {
    let wd = Workdir::new();
    wd.write("base.csv", lines(2_000, person));
    wd.write("a.csv", lines(3_000, |i| person(i % 2_000 + 1)));
    wd.write("b.csv", lines(40_000, |i| person(i % 1_999 + 2)));
    wd.ok(&["reconcile", "--base", "base.csv", "--input", "a.csv", "--out", "out"]);
    let reconcile_b = ["reconcile", "--base", "base.csv", "--input", "b.csv", "--out", "out"];
    // Killed when each stage line appears, and just after the last one (the commit's window).
    let points = ["base: started", "blocks: done", "match: started", "write: started", "write: done"];
    let mut seen = Vec::new();
    for (point, delay_ms) in points.iter().map(|p| (*p, 0)).chain([("write: done", 2), ("write: done", 10)]) {
        let (mut child, _stderr, _log) = run_until(&wd, &reconcile_b, point);
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let verified = wd.run(&["verify", "out"]);
        assert_eq!(
            verified.status.code(),
            Some(0),
            "killed at {point}: {}",
            String::from_utf8_lossy(&verified.stderr)
        );
        let manifest = read_json(&wd.path("out/manifest.json"));
        let input = manifest["input"].as_str().unwrap().to_string();
        let rows = read_csv(&wd.path("out/results.csv")).1.len();
        let summary = read_json(&wd.path("out/summary.json"));
        assert_eq!(summary["input_rows"].as_u64(), Some(rows as u64), "killed at {point}: a mixed directory");
        assert_eq!(rows, if input.ends_with("a.csv") { 3_000 } else { 40_000 }, "killed at {point}");
        seen.push(input.ends_with("a.csv"));
    }
    assert!(seen[0], "killed before any work, the last run stands");
    // Nothing of the killed runs is left once the next run ends.
    wd.ok(&reconcile_b);
    assert_eq!(std::fs::read_dir(wd.path("out/.runs")).unwrap().count(), 1);
    assert_eq!(read_csv(&wd.path("out/results.csv")).1.len(), 40_000);
}

#[test]
fn verify_finds_changed_outputs_and_inputs_and_explain_refuses_a_changed_input() {
    let wd = Workdir::new();
    wd.write("base.csv", lines(50, person));
    wd.write("input.csv", lines(50, person));
    wd.ok(&["reconcile", "--base", "base.csv", "--input", "input.csv", "--out", "out"]);
    let stdout = String::from_utf8(wd.run(&["verify", "out"]).stdout).unwrap();
    assert!(stdout.contains("ok  results.csv: 50 rows") && stdout.contains("verified"), "{stdout}");
    // An output edited afterwards.
    let results = std::fs::read_to_string(wd.path("out/results.csv")).unwrap();
    std::fs::write(wd.path("out/results.csv"), results.replacen("MATCH", "NOT_FOUND", 1)).unwrap();
    let out = wd.run(&["verify", "out"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("results.csv: its content is not what the run wrote")
    );
    std::fs::write(wd.path("out/results.csv"), &results).unwrap();
    assert_eq!(wd.run(&["verify", "out"]).status.code(), Some(0));
    // An input changed afterwards: verify says so (unless only the outputs are asked about), explain refuses.
    wd.write("input.csv", lines(51, person));
    let out = wd.run(&["verify", "out"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("input.csv: changed since the run"));
    assert_eq!(wd.run(&["verify", "out", "--outputs-only"]).status.code(), Some(0));
    let out = wd.run(&["explain", "--out", "out", "--row", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("changed after the run"));
    // Not a run's directory at all.
    assert_eq!(wd.run(&["verify", "."]).status.code(), Some(1));
}

/// Hand-made bad files (`tests/it/bad/`), each against the sample base:
/// how it ends, and each result row's status and reasons.
#[test]
fn bad_input_files_end_as_documented() {
    let bad = crate::util::repo().join("tests/it/bad");
    let base = crate::util::repo().join("sample-data/population.csv");
    let cases: [(&str, i32, &[&str]); 10] = [
        ("empty.csv", 1, &[]),
        ("header_only.csv", 0, &[]),
        ("cr_only.csv", 0, &["MATCH", "MATCH"]),
        // A NUL inside a name is dropped: no part of any text.
        ("nul_bytes.csv", 0, &["MATCH", "MATCH"]),
        // Two exports concatenated: the second header (after its BOM) is one bad row, the rest is read.
        ("bom_mid_file.csv", 0, &["MATCH", "MATCH", "NOT_FOUND ID_MALFORMED|DOB_INVALID", "MATCH", "MATCH"]),
        ("stray_quote.csv", 0, &["MATCH", "INVALID ROW_UNBALANCED_QUOTE", "MATCH", "MATCH"]),
        ("field_count.csv", 0, &["MATCH", "MATCH", "INVALID ROW_MALFORMED", "MATCH", "MATCH"]),
        ("not_utf8.csv", 0, &["MATCH", "MATCH", "INVALID ROW_BAD_TEXT"]),
        // Integer IDs (the leading zero lost), a float and an all-null column.
        ("typed_columns.parquet", 0, &["MATCH ID_LEADING_ZERO_RESTORED", "MATCH ID_LEADING_ZERO_RESTORED"]),
        ("big_field.csv", 0, &["MATCH", "INVALID ID_MALFORMED|NAME_MISSING|DOB_MISSING"]),
    ];
    let wd = Workdir::new();
    // A 10 MB field, longer than a read chunk.
    let big = format!(
        "so_giay_to,ten_khach_hang,ngay_sinh\n087057433618,Dương Quang Lâm,09/04/1957\n{},,\n",
        "7".repeat(10 << 20)
    );
    wd.write("big_field.csv", big);
    for (file, code, want) in cases {
        let input = if file == "big_field.csv" { wd.path(file) } else { bad.join(file) };
        let out = wd.run(&[
            "reconcile",
            "--base",
            base.to_str().unwrap(),
            "--input",
            input.to_str().unwrap(),
            "--out",
            &format!("out-{file}"),
            "--max-rejects",
            "100%",
        ]);
        assert_eq!(out.status.code(), Some(code), "{file}: {}", String::from_utf8_lossy(&out.stderr));
        if code != 0 {
            continue;
        }
        let (_, rows) = read_csv(&wd.path(&format!("out-{file}/results.csv")));
        let got: Vec<String> = rows
            .iter()
            .map(|r| {
                let reasons: Vec<&str> = r["reasons"]
                    .split('|')
                    .filter(|c| !c.is_empty() && !c.starts_with("DUPLICATE_"))
                    .collect();
                format!("{} {}", r["status"], reasons.join("|")).trim_end().to_string()
            })
            .collect();
        assert_eq!(got, want, "{file}");
    }
}

/// Fuzzing findings kept as regression tests: damaged Parquet files that
/// made polars panic end with an error naming the file (exit 1), not an
/// internal error.
#[test]
fn damaged_parquet_files_found_by_fuzzing_are_errors() {
    let findings = crate::util::repo().join("tests/fuzz/findings");
    let base = crate::util::repo().join("sample-data/population.csv");
    let wd = Workdir::new();
    let mut seen = 0;
    for entry in std::fs::read_dir(findings).unwrap() {
        let path = entry.unwrap().path();
        if !path.file_name().unwrap().to_string_lossy().starts_with("parquet_read-") {
            continue;
        }
        seen += 1;
        std::fs::copy(&path, wd.path("damaged.parquet")).unwrap();
        let out =
            wd.run(&["reconcile", "--base", base.to_str().unwrap(), "--input", "damaged.parquet", "-o", "o"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {stderr}", path.display());
        assert!(
            stderr.contains("damaged.parquet:")
                && stderr.contains("Parquet file")
                && !stderr.contains("internal error"),
            "{stderr}"
        );
    }
    assert!(seen >= 2, "the findings are kept in tests/fuzz/findings");
}

/// One line of a compressed export that never ends (its line ends lost):
/// one `ROW_TOO_LONG` row, skipped without being held, the rows after it read.
#[test]
fn a_line_past_the_row_cap_costs_one_row() {
    use std::io::Write;
    let wd = Workdir::new();
    wd.write("base.csv", lines(20, person));
    let mut text = lines(3, person).into_bytes();
    text.extend(b"001090000004,");
    text.extend(std::iter::repeat_n(b'x', 5 << 20));
    text.push(b'\n');
    text.extend(lines(6, person).lines().skip(4).collect::<Vec<_>>().join("\n").as_bytes());
    text.push(b'\n');
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&text).unwrap();
    wd.write("input.csv.gz", gz.finish().unwrap());
    wd.write("c.toml", "[input]\nmax_row_bytes = 1048576\n");
    let args = ["reconcile", "--base", "base.csv", "--input", "input.csv.gz", "--out", "out", "-q"];
    let args: Vec<&str> = args.into_iter().chain(["--config", "c.toml", "--max-rejects", "1"]).collect();
    wd.ok(&args);
    let (_, rows) = read_csv(&wd.path("out/results.csv"));
    let got: Vec<(&str, &str)> = rows.iter().map(|r| (r["status"].as_str(), r["reasons"].as_str())).collect();
    assert_eq!(got.len(), 7, "{got:?}");
    assert_eq!(got[3], ("INVALID", "ROW_TOO_LONG"));
    assert!(got.iter().enumerate().all(|(i, g)| i == 3 || g.0 == "MATCH"), "{got:?}");
    let (_, rejects) = read_csv(&wd.path("out/rejects.csv"));
    assert_eq!((rejects[0]["row"].as_str(), rejects[0]["line"].as_str()), ("4", "5"));
    // A header line past the cap: not a delimited export.
    wd.write("flat.csv", vec![b'a'; 2 << 20]);
    let out = wd.run(&[
        "reconcile",
        "--base",
        "base.csv",
        "--input",
        "flat.csv",
        "--out",
        "o2",
        "--config",
        "c.toml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("header line is longer"));
}

/// Headers and cells as concatenated or hand-edited files have them: two
/// columns of one name, a NUL in an ID, a byte-order mark in a key.
#[test]
fn duplicate_headers_and_invisible_characters_in_ids_and_keys() {
    let wd = Workdir::new();
    wd.write("base.csv", lines(5, person));
    let mut text = String::from("ma_kh,so_dinh_danh,ho_va_ten,ngay_sinh,gioi_tinh,ghi_chu,ghi_chu\n");
    for i in 1..=5 {
        let p = person(i);
        let (id, rest) = p.split_once(',').unwrap();
        let (id, key) = match i {
            2 => (format!("{}\u{0}{}", &id[..4], &id[4..]), "K2".to_string()),
            3 => (id.to_string(), "\u{feff}K3".to_string()),
            _ => (id.to_string(), format!("K{i}")),
        };
        text.push_str(&format!("{key},{id},{rest},first {i},second {i}\n"));
    }
    wd.write("input.csv", text);
    let stderr = wd.ok(&["reconcile", "--base", "base.csv", "--input", "input.csv", "--out", "out"]);
    assert!(!stderr.contains("keep = \"all\" keeps them"), "{stderr}");
    let (headers, rows) = read_csv(&wd.path("out/results.csv"));
    assert!(headers.ends_with(&["ghi_chu".to_string(), "ghi_chu_2".to_string()]), "{headers:?}");
    assert_eq!((rows[4]["ghi_chu"].as_str(), rows[4]["ghi_chu_2"].as_str()), ("first 5", "second 5"));
    let got: Vec<(&str, &str)> = rows.iter().map(|r| (r["key"].as_str(), r["status"].as_str())).collect();
    assert_eq!(got, [("K1", "MATCH"), ("K2", "MATCH"), ("K3", "MATCH"), ("K4", "MATCH"), ("K5", "MATCH")]);
    let out = wd.run(&["explain", "--out", "out", "--key", "K3"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A carriage return inside an unquoted field of an LF (or CRLF) file is a
/// character of that field, not a line end: one record, every row number kept.
#[test]
fn a_lone_cr_inside_a_field_does_not_split_the_record() {
    let wd = Workdir::new();
    wd.write("base.csv", lines(500, person));
    let cr =
        |i: usize| if i == 100 { person(i).replacen("Trần Văn", "Trần\rVăn", 1) } else { person(i) };
    for (name, text) in [("lf.csv", lines(500, cr)), ("crlf.csv", lines(500, cr).replace('\n', "\r\n"))] {
        wd.write(name, text);
        wd.ok(&["reconcile", "--base", "base.csv", "--input", name, "--out", "out", "-q"]);
        let (_, rows) = read_csv(&wd.path("out/results.csv"));
        assert_eq!(rows.len(), 500, "{name}");
        assert!(rows.iter().enumerate().all(|(i, r)| r["row"] == (i + 1).to_string()), "{name}");
        let not_matched: Vec<&str> =
            rows.iter().filter(|r| r["status"] != "MATCH").map(|r| r["row"].as_str()).collect();
        assert_eq!(not_matched, Vec::<&str>::new(), "{name}: the name reads as Trần Văn …");
    }
}

/// A small compressed export that holds far more rows than the night expects:
/// `--max-input-rows` / `--max-input-bytes` stop it as it is read (exit 3).
#[test]
fn an_input_past_its_size_limits_stops_the_run_with_exit_3() {
    use std::io::Write;
    let wd = Workdir::new();
    wd.write("base.csv", lines(20, person));
    let text = lines(30_000, |i| person(1 + i % 20));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(text.as_bytes()).unwrap();
    wd.write("big.csv.gz", gz.finish().unwrap());
    let run = |flag: &str, value: &str| {
        let args = ["reconcile", "--base", "base.csv", "--input", "big.csv.gz", "--out", "out", flag, value];
        let out = wd.run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(3), "{flag} {value}: {stderr}");
        assert!(stderr.contains(&format!("{flag} ")) && stderr.contains("nothing was written"), "{stderr}");
        assert!(!wd.path("out/results.csv").exists());
    };
    run("--max-input-rows", "10000");
    run("--max-input-bytes", "512K");
    // Piped in, the copy itself stops at the limit.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_doisoat"))
        .args([
            "reconcile",
            "--base",
            "base.csv",
            "--input",
            "-",
            "--out",
            "piped",
            "--max-input-bytes",
            "64K",
        ])
        .current_dir(wd.path(""))
        .stdin(std::fs::File::open(wd.path("big.csv.gz")).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    // Within the limits the run is as ever.
    let ok = ["reconcile", "--base", "base.csv", "--input", "big.csv.gz", "--out", "out", "-q"];
    wd.ok(&[&ok[..], &["--max-input-rows", "30000", "--max-input-bytes", "1G"]].concat());
}
