//! Help text and usage errors.

use crate::util::{read_json, Workdir};

#[test]
fn reconcile_help_explains_every_flag_with_an_example() {
    let wd = Workdir::new();
    let out = wd.run(&["reconcile", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for flag in
        ["--base", "--input", "--out", "--config", "--format", "--threads", "--no-progress", "--quiet"]
    {
        assert!(help.contains(flag), "help lacks {flag}:\n{help}");
    }
    assert!(help.contains("EXAMPLES:") && help.contains("doisoat reconcile --base"), "{help}");
}

#[test]
fn top_level_help_lists_the_subcommands_and_exit_codes() {
    let wd = Workdir::new();
    let help = String::from_utf8(wd.run(&["--help"]).stdout).unwrap();
    assert!(help.contains("reconcile") && help.contains("generate"), "{help}");
    assert!(help.contains("EXIT STATUS"), "{help}");
}

#[test]
fn unknown_file_type_is_a_usage_error() {
    let wd = Workdir::new();
    wd.write("b.docx", "x");
    wd.write("i.csv", "ho_ten\nA\n");
    let out = wd.run(&["reconcile", "--base", "b.docx", "--input", "i.csv", "--out", "o"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("b.docx") && err.contains(".parquet"), "{err}");
}

#[test]
fn a_missing_input_file_is_named() {
    let wd = Workdir::new();
    wd.write("b.csv", "cccd,ho_ten\n001090000001,A\n");
    let out = wd.run(&["reconcile", "--base", "b.csv", "--input", "nope.csv", "--out", "o"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.csv"));
}

#[test]
fn cron_style_short_flags_and_the_threads_variable() {
    let wd = Workdir::new();
    let sample = crate::util::repo().join("sample-data");
    let (base, input) = (sample.join("population.csv"), sample.join("credit.csv"));
    let (base, input) = (base.to_str().unwrap(), input.to_str().unwrap());
    wd.ok(&["reconcile", "--base", base, "--input", input, "-o", "out", "-j", "1", "-q"]);
    assert!(wd.path("out/results.csv").exists());
    // DOISOAT_THREADS is read (0 threads is refused as a usage error).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_doisoat"))
        .args(["reconcile", "--base", base, "--input", input, "-o", "out2", "-q"])
        .current_dir(wd.path(""))
        .env("DOISOAT_THREADS", "0")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--threads must be at least 1"));
}

#[test]
fn fail_on_rules_exit_5_with_the_run_in_place_and_max_rejects_covers_the_base() {
    let wd = Workdir::new();
    let sample = crate::util::repo().join("sample-data");
    let (base, input) = (sample.join("population.csv"), sample.join("credit.csv"));
    let (base, input) = (base.to_str().unwrap(), input.to_str().unwrap());
    let run = |extra: &[&str]| {
        let mut args = vec!["reconcile", "--base", base, "--input", input, "-o", "out", "-q"];
        args.extend(extra);
        wd.run(&args)
    };
    let out = run(&["--fail-on", "NOT_FOUND>0", "--fail-on", "MATCH<1%", "--fail-on", "ID_TYPO>=1"]);
    assert_eq!(out.status.code(), Some(5));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--fail-on NOT_FOUND>0: NOT_FOUND is"), "{stderr}");
    assert!(stderr.contains("--fail-on ID_TYPO>=1: ID_TYPO is"), "{stderr}");
    assert!(!stderr.contains("MATCH<1%"), "a rule that does not hold is not printed: {stderr}");
    assert_eq!(wd.run(&["verify", "out"]).status.code(), Some(0), "the run is in place");
    assert_eq!(run(&["--fail-on", "NOT_FOUND>99%"]).status.code(), Some(0));
    for bad in ["NOT_FOUND", "NOPE>1", "NOT_FOUND>1x"] {
        assert_eq!(run(&["--fail-on", bad]).status.code(), Some(2), "{bad}");
    }
    // Actions, in any case, counted as summary.json counts them.
    let actions = read_json(&wd.path("out/summary.json"))["action_counts"].clone();
    let investigate = actions["investigate"].as_u64().unwrap();
    assert!(investigate > 0, "the sample has deceased persons' rows");
    let out = run(&["--fail-on", "investigate>0", "--fail-on", "CHECK_IDENTITY>100000"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains(&format!("--fail-on investigate>0: investigate is {investigate} of ")),
        "{stderr}"
    );
    assert!(!stderr.contains("CHECK_IDENTITY"), "a rule that does not hold is not printed: {stderr}");
    let at_most = format!("Investigate>={}", investigate + 1);
    assert_eq!(run(&["--fail-on", &at_most]).status.code(), Some(0), "{at_most}");
    // The error for an unknown code lists the statuses and the actions, and says reasons count too.
    let out = run(&["--fail-on", "investigat>0"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for listed in ["NOT_FOUND", "investigate", "check_identity", "reason codes"] {
        assert!(stderr.contains(listed), "{listed}: {stderr}");
    }
    // A base whose rows mostly lack an ID stops the run before matching.
    wd.write(
        "noid.csv",
        "cccd,ho_ten,ngay_sinh\n,An,01/01/1990\n,Binh,02/02/1990\n001090000001,Chi,03/03/1990\n",
    );
    let out = wd.run(&["reconcile", "--base", "noid.csv", "--input", input, "-o", "o2"]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 of 3 base rows") && !stderr.contains("match:"), "{stderr}");
    assert!(!wd.path("o2/results.csv").exists());
}

#[test]
fn json_logs_are_one_object_a_line_errors_included() {
    let wd = Workdir::new();
    let sample = crate::util::repo().join("sample-data");
    let (base, input) = (sample.join("population.csv"), sample.join("credit.csv"));
    let (base, input) = (base.to_str().unwrap(), input.to_str().unwrap());
    let out = wd.run(&[
        "--log-format",
        "json",
        "reconcile",
        "--base",
        base,
        "--input",
        input,
        "-o",
        "out",
        "--fail-on",
        "MATCH>0",
    ]);
    assert_eq!(out.status.code(), Some(5));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stderr)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(lines.iter().all(|l| l["time"].as_str().is_some_and(|t| t.ends_with('Z'))));
    let events: Vec<(&str, &str)> =
        lines.iter().filter_map(|l| Some((l["stage"].as_str()?, l["event"].as_str()?))).collect();
    for stage in ["base", "blocks", "model", "match", "cross_row", "write", "report", "manifest"] {
        assert!(
            events.contains(&(stage, "started")) && events.contains(&(stage, "done")),
            "{stage}: {events:?}"
        );
    }
    let last = lines.last().unwrap();
    assert_eq!((last["level"].as_str(), last["exit"].as_u64()), (Some("error"), Some(5)), "{last}");
    // An error that ends a command before any work, by the environment variable.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_doisoat"))
        .args(["verify", "nowhere"])
        .current_dir(wd.path(""))
        .env("DOISOAT_LOG_FORMAT", "json")
        .output()
        .unwrap();
    let line: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(line["exit"].as_u64(), Some(1));
}

#[test]
fn completions_and_manual_pages() {
    let wd = Workdir::new();
    for shell in ["bash", "zsh", "fish"] {
        let out = wd.run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("reconcile") && script.contains("max-rejects"), "{shell}");
    }
    let page = String::from_utf8(wd.run(&["man"]).stdout).unwrap();
    assert!(
        page.starts_with(".ie") && page.contains(".TH doisoat 1") && page.contains("EXIT STATUS"),
        "{page}"
    );
    // A page per subcommand: every page a page names is written by --out, and each is roff.
    let stderr = wd.ok(&["man", "--out", "man1"]);
    assert!(stderr.contains("14 manual pages written to man1"), "{stderr}");
    let mut files: Vec<String> = std::fs::read_dir(wd.path("man1"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert!(files.contains(&"doisoat-reconcile.1".to_string()) && !files.contains(&"doisoat-help.1".into()));
    for file in &files {
        let page = std::fs::read_to_string(wd.path(&format!("man1/{file}"))).unwrap();
        let name = file.trim_end_matches(".1");
        assert!(page.contains(&format!(".TH {name} 1")) && page.contains(".SH \"SEE ALSO\""), "{file}");
        let mut named = 0;
        for (at, _) in page.match_indices("(1)") {
            // `\fBdoisoat\-man\fR(1)` or `doisoat\-man(1)`
            let before = page[..at].trim_end_matches("\\fR");
            let word = before.rsplit([' ', '\n', ',', '(']).next().unwrap().trim_start_matches("\\fB");
            let word = word.replace("\\-", "-");
            assert!(files.contains(&format!("{word}.1")), "{file} names {word}(1), not written");
            named += 1;
        }
        assert!(named >= if name == "doisoat" { 2 * (files.len() - 1) } else { 1 }, "{file}: {named}");
    }
    assert!(
        String::from_utf8(wd.run(&["man"]).stdout).unwrap()
            == std::fs::read_to_string(wd.path("man1/doisoat.1")).unwrap()
    );
    let reconcile = wd.run(&["man", "reconcile"]);
    assert_eq!(reconcile.stdout, std::fs::read(wd.path("man1/doisoat-reconcile.1")).unwrap());
    assert!(String::from_utf8_lossy(&reconcile.stdout).contains("\\-\\-base\\fR"));
    let unknown = wd.run(&["man", "reconcil"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("the subcommands are reconcile, index"));
}

/// A misspelt path names its flag and the file meant, before any work.
#[test]
fn a_misspelt_path_names_its_flag_and_the_nearest_file() {
    let wd = Workdir::new();
    wd.write("population.csv", "so_dinh_danh,ho_va_ten\n001090000001,An\n");
    wd.write("credit.csv", "so_giay_to,ten_khach_hang\n001090000001,An\n");
    let cases = [
        (
            vec!["reconcile", "--base", "population.csv", "--input", "credit.cvs", "-o", "o"],
            "credit.cvs: no such file (given as --input); did you mean credit.csv?",
        ),
        (
            vec!["reconcile", "--base", "populaton.csv", "--input", "credit.csv", "-o", "o"],
            "(given as --base); did you mean population.csv?",
        ),
        (
            vec![
                "reconcile",
                "--base",
                "population.csv",
                "--input",
                "credit.csv",
                "-o",
                "o",
                "--config",
                "x/c.toml",
            ],
            "(given as --config); the folder x is not there either",
        ),
        (vec!["index", "--base", "pop.csv", "--out", "s"], "pop.csv: no such file (given as --base)"),
        (vec!["profile", "--input", "credit.csvv"], "(given as --input); did you mean credit.csv?"),
    ];
    for (args, want) in cases {
        let out = wd.run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(want), "{args:?}: {stderr}");
        assert!(!wd.path("o").exists() && !wd.path("s").exists(), "nothing made");
    }
}

#[test]
fn a_base_and_an_input_given_the_wrong_way_round_are_refused_with_the_fix() {
    let wd = Workdir::new();
    let sample = crate::util::repo().join("sample-data");
    let (population, credit) = (sample.join("population.csv"), sample.join("credit.csv"));
    let (population, credit) = (population.to_str().unwrap(), credit.to_str().unwrap());
    let out = wd.run(&["reconcile", "--base", credit, "--input", population, "--out", "out", "-q"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("look swapped"), "{stderr}");
    assert!(stderr.contains("so_cmnd_cu") && stderr.contains("ma_khach_hang"), "{stderr}");
    assert!(stderr.contains("Give the population register as --base"), "{stderr}");
    assert!(!wd.path("out").exists(), "nothing written");
    // Named in a config, the files are taken as given.
    wd.write("given.toml", "[base.columns]\nid = \"so_giay_to\"\nname = \"ten_khach_hang\"\n");
    let out = wd.run(&[
        "reconcile",
        "--base",
        credit,
        "--input",
        population,
        "--config",
        "given.toml",
        "--out",
        "out",
        "-q",
        "--max-rejects",
        "100%",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("look swapped"), "{stderr}");
    // The right way round runs.
    wd.ok(&["reconcile", "--base", population, "--input", credit, "--out", "right", "-q"]);
}
