//! `doisoat index`: a base snapshot gives byte-identical results, and a
//! snapshot that does not fit the configuration or the version is refused.

use crate::util::{read_json, Workdir};

/// A configuration with an extra compared field and its own blocking rule,
/// so the snapshot has to carry both.
const CONFIG: &str = r#"
[[compare]]
base = "noi_dang_ky_khai_sinh"
input = "ma_chi_nhanh"
method = "exact"

[[block]]
on = ["name.given", "dob"]
[[block]]
on = ["name:phonetic", "dob:year"]
[[block]]
on = ["dob", "sex", "id:first:3"]
"#;

fn generated(wd: &Workdir) {
    wd.ok(&["generate", "--persons", "20000", "--records", "6000", "--seed", "31", "--out", "g", "-q"]);
    wd.write("c.toml", CONFIG);
}

fn reconcile(wd: &Workdir, base: &str, out: &str, extra: &[&str]) {
    let mut args = vec!["reconcile", "--base", base, "--input", "g/credit.csv", "--out", out, "-q"];
    args.extend_from_slice(extra);
    wd.ok(&args);
}

#[test]
fn results_from_a_snapshot_are_byte_identical_to_results_from_the_csv() {
    let wd = Workdir::new();
    generated(&wd);
    for (config, snap, from_csv, from_snap) in
        [(None, "snap", "o_csv", "o_snap"), (Some("c.toml"), "snap_c", "oc_csv", "oc_snap")]
    {
        let with: Vec<&str> = config.map(|c| vec!["--config", c]).unwrap_or_default();
        let mut index = vec!["index", "--base", "g/population.csv", "--out", snap, "-q"];
        index.extend_from_slice(&with);
        wd.ok(&index);
        reconcile(&wd, "g/population.csv", from_csv, &with);
        let mut threads = with.clone();
        threads.extend_from_slice(&["--threads", "1"]);
        reconcile(&wd, snap, from_snap, &threads);
        for file in ["results.csv", "model.json"] {
            let a = std::fs::read(wd.path(from_csv).join(file)).unwrap();
            let b = std::fs::read(wd.path(from_snap).join(file)).unwrap();
            assert!(a == b, "{file} differs between the CSV base and its snapshot (config {config:?})");
        }
        let summary = |out: &str| read_json(&wd.path(out).join("summary.json"));
        let (a, b) = (summary(from_csv), summary(from_snap));
        assert_eq!(a["status_counts"], b["status_counts"]);
        assert_eq!(a["base_rows"], b["base_rows"]);
        assert_eq!(b["stages"][0]["name"], "snapshot", "the snapshot is loaded, not the base rebuilt");
    }
    // explain recomputes a row of a run made from a snapshot as it does from the CSV.
    for row in ["3", "17"] {
        let explained = |out: &str| wd.run(&["explain", "--out", out, "--row", row]).stdout;
        let from_snap = explained("oc_snap");
        assert!(!from_snap.is_empty());
        assert_eq!(from_snap, explained("oc_csv"), "row {row}");
    }
}

#[cfg(unix)]
#[test]
fn a_snapshot_is_private_and_replaced_only_whole() {
    use std::os::unix::fs::PermissionsExt;
    let wd = Workdir::new();
    generated(&wd);
    wd.ok(&["index", "--base", "g/population.csv", "--out", "snap", "-q"]);
    wd.ok(&["index", "--base", "g/population.csv", "--out", "snap", "-q"]);
    let dir = wd.path("snap");
    assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(!name.starts_with('.'), "temporary file left: {name}");
        assert_eq!(entry.metadata().unwrap().permissions().mode() & 0o777, 0o600, "{name}");
    }
    assert!(!wd.path(".snap.partial").exists());
    // A directory that is not a snapshot is never replaced.
    std::fs::create_dir(wd.path("precious")).unwrap();
    wd.write("precious/notes.txt", "keep me");
    let out = wd.run(&["index", "--base", "g/population.csv", "--out", "precious", "-q"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a doisoat snapshot"));
    assert!(wd.path("precious/notes.txt").exists());
}

#[test]
fn a_snapshot_of_other_settings_another_version_or_damaged_is_refused() {
    let wd = Workdir::new();
    generated(&wd);
    wd.ok(&["index", "--base", "g/population.csv", "--out", "snap", "-q"]);
    let refused = |config: Option<&str>, want: &str| {
        let mut args = vec!["reconcile", "--base", "snap", "--input", "g/credit.csv", "--out", "o", "-q"];
        if let Some(c) = config {
            args.extend_from_slice(&["--config", c]);
        }
        let out = wd.run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "a wrong snapshot was used");
        assert!(stderr.contains(want) && stderr.contains("doisoat index"), "{stderr}");
        assert!(!wd.path("o/results.csv").exists());
    };
    // A directory that is not a snapshot (one cut short has no snapshot.json).
    std::fs::create_dir(wd.path("half")).unwrap();
    let out = wd.run(&["reconcile", "--base", "half", "--input", "g/credit.csv", "--out", "o", "-q"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a doisoat snapshot"));
    // Other blocking rules, another date order: other settings.
    refused(Some("c.toml"), "other settings");
    wd.write("d.toml", "[base]\ndate_order = \"mdy\"\n");
    refused(Some("d.toml"), "other settings");
    // Thresholds do not shape the index: the snapshot serves.
    wd.write("t.toml", "[matching]\nlink_threshold = 0.97\n");
    reconcile(&wd, "snap", "o_t", &["--config", "t.toml"]);
    // Another version.
    let meta = wd.path("snap/snapshot.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    std::fs::write(&meta, text.replace(env!("CARGO_PKG_VERSION"), "0.0.1-other")).unwrap();
    refused(None, "made by doisoat 0.0.1-other");
    std::fs::write(&meta, &text).unwrap();
    // A damaged table: one block table swapped for another of a different base.
    wd.ok(&["generate", "--persons", "3000", "--records", "10", "--seed", "2", "--out", "small", "-q"]);
    wd.ok(&["index", "--base", "small/population.csv", "--out", "snap_small", "-q"]);
    std::fs::copy(wd.path("snap_small/persons.parquet"), wd.path("snap/persons.parquet")).unwrap();
    refused(None, "persons.parquet: differs from the checksum");
}

#[test]
fn one_flipped_byte_in_any_table_is_refused_before_results_are_written() {
    let wd = Workdir::new();
    wd.ok(&["generate", "--persons", "3000", "--records", "300", "--seed", "5", "--out", "g", "-q"]);
    wd.ok(&["index", "--base", "g/population.csv", "--out", "snap", "-q"]);
    let meta = read_json(&wd.path("snap/snapshot.json"));
    let tables = meta["tables"].as_object().expect("snapshot.json lists its tables' checksums");
    assert!(tables.len() >= 8 && tables.contains_key("vocab.parquet"), "{tables:?}");
    reconcile(&wd, "snap", "ok", &[]);
    // A byte in the middle of a table's data (the damage that reads as other
    // values, not as an unreadable file), in three different tables.
    for table in ["vocab.parquet", "persons.parquet", "block_1.parquet"] {
        let path = wd.path(&format!("snap/{table}"));
        let good = std::fs::read(&path).unwrap();
        let mut bad = good.clone();
        let at = bad.len() / 2;
        bad[at] ^= 0x01;
        std::fs::write(&path, &bad).unwrap();
        let out = wd.run(&["reconcile", "--base", "snap", "--input", "g/credit.csv", "--out", "o", "-q"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{table}: {stderr}");
        assert!(stderr.contains(table) && stderr.contains("doisoat index"), "{stderr}");
        assert!(!wd.path("o/results.csv").exists(), "{table}: results written");
        std::fs::write(&path, &good).unwrap();
    }
    // The run's record keeps each table's checksum as checked.
    let manifest = read_json(&wd.path("ok/manifest.json"));
    let base = manifest["sources"].as_array().unwrap().iter().find(|s| s["role"] == "base").unwrap().clone();
    assert_eq!(base["files"]["vocab.parquet"], tables["vocab.parquet"]);
}

/// A snapshot table the fuzzer found to stop polars' reader (panicking on
/// one of its threads: tests/fuzz/findings/snapshot_read-*.bin, the first
/// byte naming the table), with snapshot.json's checksum rewritten to match
/// — a snapshot altered by hand, or written damaged: refused, exit 1, the
/// snapshot named and remade, no internal error and no results.
#[test]
fn a_damaged_table_whose_checksum_was_rewritten_is_refused() {
    use sha2::{Digest, Sha256};
    const FILES: [&str; 12] = [
        "snapshot.json",
        "persons.parquet",
        "vocab.parquet",
        "name_tokens.parquet",
        "fields.parquet",
        "old_ids.parquet",
        "deaths.parquet",
        "block_1.parquet",
        "block_2.parquet",
        "block_3.parquet",
        "block_4.parquet",
        "block_5.parquet",
    ];
    let wd = Workdir::new();
    let sample = crate::util::repo().join("sample-data");
    let (base, input) = (sample.join("population.csv"), sample.join("credit.csv"));
    let findings = crate::util::repo().join("tests/fuzz/findings");
    let mut seen = 0;
    for entry in std::fs::read_dir(findings).unwrap() {
        let path = entry.unwrap().path();
        if !path.file_name().unwrap().to_string_lossy().starts_with("snapshot_read-") {
            continue;
        }
        seen += 1;
        let _ = std::fs::remove_dir_all(wd.path("snap"));
        wd.ok(&["index", "--base", base.to_str().unwrap(), "--out", "snap", "-q"]);
        let finding = std::fs::read(&path).unwrap();
        let table = FILES[usize::from(finding[0]) % FILES.len()];
        std::fs::write(wd.path(&format!("snap/{table}")), &finding[1..]).unwrap();
        let mut meta = read_json(&wd.path("snap/snapshot.json"));
        let sha: String = Sha256::digest(&finding[1..]).iter().map(|b| format!("{b:02x}")).collect();
        meta["tables"][table] = sha.into();
        std::fs::write(wd.path("snap/snapshot.json"), meta.to_string()).unwrap();
        let out = wd.run(&["reconcile", "--base", "snap", "--input", input.to_str().unwrap(), "--out", "o"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {stderr}", path.display());
        assert!(stderr.contains("snap") && stderr.contains("make the snapshot again"), "{stderr}");
        assert!(!stderr.contains("internal error") && !stderr.contains("panicked"), "{stderr}");
        assert!(!wd.path("o/results.csv").exists());
    }
    assert!(seen >= 1, "the findings are kept in tests/fuzz/findings");
}

/// `index --base-residence`: the history kept in the snapshot checks an
/// exam (school rule) and a residence export byte for byte as the history
/// file does, read for the linked persons only; `--base-residence` given
/// beside it wins; a history read with other settings, or a damaged table,
/// is refused before results are written; `explain` reads it as the run did.
#[test]
fn a_snapshot_keeps_the_residence_history_and_checks_as_the_file_does() {
    let wd = Workdir::new();
    let gen = |kind: &str, out: &str, extra: &[&str]| {
        let mut args = vec!["generate", "--persons", "20000", "--records", "1500", "--kind", kind];
        args.extend_from_slice(&["--seed", "41", "--out", out, "-q"]);
        args.extend_from_slice(extra);
        wd.ok(&args);
    };
    gen("exam", "e", &["--schools"]);
    gen("residence", "r", &[]);
    let exam_sides = ["--priority-areas", "e/priority_areas.csv", "--schools", "e/schools.csv"];
    for (dir, input, sides) in [("e", "e/exam.csv", &exam_sides[..]), ("r", "r/residence.csv", &[][..])] {
        let (base, history, snap) =
            (format!("{dir}/population.csv"), format!("{dir}/residence_base.csv"), format!("{dir}/snap"));
        wd.ok(&["index", "--base", &base, "--base-residence", &history, "--out", &snap, "-q"]);
        let meta = read_json(&wd.path(&snap).join("snapshot.json"));
        assert!(meta["residence"]["periods"].as_u64().unwrap() > 1000, "{meta}");
        let run = |base: &str, out: &str, extra: &[&str]| {
            let mut args = vec!["reconcile", "--base", base, "--input", input, "--out", out, "-q"];
            args.extend_from_slice(sides);
            args.extend_from_slice(extra);
            wd.ok(&args);
            read_json(&wd.path(out).join("summary.json"))
        };
        let (o_file, o_snap, o_both) =
            (format!("{dir}/o_file"), format!("{dir}/o_snap"), format!("{dir}/o_both"));
        let file = run(&base, &o_file, &["--base-residence", &history]);
        let kept = run(&snap, &o_snap, &[]);
        let both = run(&snap, &o_both, &["--base-residence", &history]);
        let results = |out: &str| std::fs::read(wd.path(out).join("results.csv")).unwrap();
        assert!(results(&o_file) == results(&o_snap), "{dir}: results differ with the snapshot's history");
        assert!(results(&o_file) == results(&o_both), "{dir}: results differ with both");
        assert!(file["check"]["ran"].as_bool().unwrap(), "{file}");
        assert_eq!(file["check"]["base_residence_from"], "file");
        assert_eq!(both["check"]["base_residence_from"], "file");
        assert_eq!(kept["check"]["base_residence_from"], "snapshot");
        assert_eq!(kept["check"]["base_residence_rows"], file["check"]["base_residence_rows"]);
        // Only the linked persons' periods are held; the rest are counted unused.
        let unused = kept["check"]["base_residence_rows_unused"].as_u64().unwrap();
        assert!(unused > meta["residence"]["periods"].as_u64().unwrap() / 2, "{kept}");
        // explain reads the snapshot's history as the run did.
        // The first linked row.
        let text = String::from_utf8(results(&o_snap)).unwrap();
        let linked = text.lines().skip(1).find(|l| l.split(',').nth(2) == Some("MATCH")).unwrap();
        let row = linked.split(',').next().unwrap().to_string();
        let explained = |out: &str| wd.run(&["explain", "--out", out, "--row", &row]).stdout;
        let text = explained(&o_snap);
        assert!(String::from_utf8_lossy(&text).contains(if dir == "e" {
            "priority-area check"
        } else {
            "residence"
        }));
        assert_eq!(text, explained(&o_file), "{dir}: explain differs");
    }
    // A history read with other [base_residence] settings is refused.
    wd.write("mdy.toml", "[base_residence]\ndate_order = \"mdy\"\n");
    let args = [
        "reconcile",
        "--base",
        "r/snap",
        "--input",
        "r/residence.csv",
        "--out",
        "o_mdy",
        "--config",
        "mdy.toml",
    ];
    let out = wd.run(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("other settings") && stderr.contains("--base-residence"), "{stderr}");
    assert!(!wd.path("o_mdy/results.csv").exists());
    // One flipped byte in the history's table: refused, nothing written.
    let table = wd.path("r/snap/residence.parquet");
    let mut bytes = std::fs::read(&table).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x01;
    std::fs::write(&table, &bytes).unwrap();
    let out =
        wd.run(&["reconcile", "--base", "r/snap", "--input", "r/residence.csv", "--out", "o_bad", "-q"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("residence.parquet") && stderr.contains("doisoat index"), "{stderr}");
    assert!(!wd.path("o_bad/results.csv").exists());
}
