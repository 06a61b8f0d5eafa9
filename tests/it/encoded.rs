//! Reconciling on keyed encodings (`encode`, `index --encoded`,
//! `reconcile` on the two, `resolve`): the encoded files hold no value of
//! the inputs, the linkage keeps the plaintext's precision and nearly all
//! its recall — on our generator and on the public Febrl 4 benchmark —,
//! the same inputs give the same bytes, and files that do not belong
//! together are refused.

use std::collections::HashMap;

use polars::prelude::*;

use crate::util::{read_csv, read_json, repo, three_column_persons, Workdir};

/// A key file (mode 0600) in the work directory.
fn key(wd: &Workdir, name: &str, byte: u8) -> String {
    let path = wd.write(name, [byte; 32]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    name.to_string()
}

/// Encodes the generated base `g/population.csv` under `key` into `out`.
fn encode_base(wd: &Workdir, key: &str, out: &str, extra: &[&str]) {
    let args = ["index", "--base", "g/population.csv", "--encoded", "--key-file", key, "--out", out, "-q"];
    wd.ok(&[&args[..], extra].concat());
}

/// Encodes both sides of `dir` (`population.csv`, `credit.csv`), reconciles the
/// encodings into `out` and resolves the references; extra arguments for each.
fn encoded_run(wd: &Workdir, (base, input): (&str, &str), config: &[&str], out: &str) {
    let k = key(wd, "k", 7);
    let mut encode = vec!["encode", "--input", input, "--key-file", &k, "--out", "x.parquet", "-q"];
    encode.extend_from_slice(config);
    wd.ok(&encode);
    let mut index = vec!["index", "--base", base, "--encoded", "--key-file", &k, "--out", "b.parquet", "-q"];
    index.extend_from_slice(config);
    wd.ok(&index);
    let mut reconcile = vec!["reconcile", "--base", "b.parquet", "--input", "x.parquet", "--out", out, "-q"];
    reconcile.extend_from_slice(config);
    wd.ok(&reconcile);
    let results = format!("{out}/results.csv");
    let resolved = format!("{out}/resolved.csv");
    let mut resolve =
        vec!["resolve", "--results", &results, "--base", base, "--key-file", &k, "--out", &resolved, "-q"];
    resolve.extend_from_slice(config);
    wd.ok(&resolve);
}

/// `evaluate --json` of `results` against `truth`.
fn evaluate(wd: &Workdir, results: &str, truth: &str) -> (f64, f64) {
    let out = wd.run(&["evaluate", "--results", results, "--truth", truth, "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let e = read_json(&wd.write("eval.json", out.stdout));
    (e["precision"].as_f64().unwrap(), e["recall"].as_f64().unwrap())
}

#[test]
fn encoded_reconciliation_keeps_the_plaintext_precision_and_recall() {
    let wd = Workdir::new();
    wd.ok(&["generate", "--persons", "30000", "--records", "6000", "--seed", "41", "--out", "g", "-q"]);
    wd.ok(&["reconcile", "--base", "g/population.csv", "--input", "g/credit.csv", "--out", "plain", "-q"]);
    let (_, plain_recall) = evaluate(&wd, "plain/results.csv", "g/truth.csv");
    encoded_run(&wd, ("g/population.csv", "g/credit.csv"), &[], "enc");
    let (p, r) = evaluate(&wd, "enc/resolved.csv", "g/truth.csv");
    assert!(p >= 0.999, "precision {p}");
    assert!(r >= 0.99 * plain_recall, "recall {r} against plaintext {plain_recall}");
    // Every input row has one status; the references are the base's, not its IDs.
    let (headers, rows) = read_csv(&wd.path("enc/results.csv"));
    assert_eq!(headers, ["row", "key", "status", "action", "person_ref", "score", "reasons", "candidates"]);
    assert_eq!(rows.len(), 6000);
    let refs: Vec<&str> = rows.iter().map(|r| r["person_ref"].as_str()).filter(|r| !r.is_empty()).collect();
    assert!(refs.len() > 5000);
    assert!(refs.iter().all(|r| r.len() == 24 && r.chars().all(|c| c.is_ascii_hexdigit())));
    // Resolved, the references are the persons' IDs, in plain results' columns.
    let (headers, resolved) = read_csv(&wd.path("enc/resolved.csv"));
    assert_eq!(headers[4], "person_id");
    assert_eq!(resolved.iter().filter(|r| !r["person_id"].is_empty()).count(), refs.len());
    let summary = read_json(&wd.path("enc/summary.json"));
    assert_eq!(summary["rows"], 6000);
    // The sex is encoded and compared: where both link a row to one
    // person, both say whether the sexes differ (the generator's wrong sex).
    let (_, plain) = read_csv(&wd.path("plain/results.csv"));
    let sex_diff = |r: &HashMap<String, String>| r["reasons"].split('|').any(|x| x == "SEX_DIFF");
    let same_person: Vec<(bool, bool)> = plain
        .iter()
        .zip(&resolved)
        .filter(|(a, b)| !a["person_id"].is_empty() && a["person_id"] == b["person_id"])
        .map(|(a, b)| (sex_diff(a), sex_diff(b)))
        .collect();
    let differ = same_person.iter().filter(|(a, _)| *a).count();
    assert!(differ > 0, "the generator's wrong sexes: {differ}");
    assert!(same_person.iter().all(|(a, b)| a == b), "plaintext and encoded see the same sex differences");
}

/// A name of one word on both sides is the same name, as in plaintext:
/// `MATCH`, not a part of the other.
#[test]
fn encoded_one_word_names_match_as_in_plaintext() {
    let wd = Workdir::new();
    let base = "cccd,ho_ten,ngay_sinh\n001090000001,An,01/02/1990\n001090000002,Bình,01/02/1990\n";
    wd.write("base.csv", base);
    wd.write("input.csv", base);
    wd.ok(&["reconcile", "--base", "base.csv", "--input", "input.csv", "--out", "plain", "-q"]);
    encoded_run(&wd, ("base.csv", "input.csv"), &[], "enc");
    let statuses = |path: &str| -> Vec<String> {
        read_csv(&wd.path(path)).1.iter().map(|r| format!("{} {}", r["status"], r["person_id"])).collect()
    };
    let plain = statuses("plain/results.csv");
    assert_eq!(plain, ["MATCH 001090000001", "MATCH 001090000002"]);
    assert_eq!(statuses("enc/resolved.csv"), plain);
}

/// Without its own ID, an encoded row links another given name (a
/// nickname) under the same surname, middle name and date only where
/// both sides give the same sex; of the other sex it is a sibling's.
#[test]
fn encoded_another_given_name_links_only_with_the_same_sex() {
    let wd = Workdir::new();
    let date = |i: usize| (1930 + i as u64 % 60) * 10_000 + (1 + i as u64 % 12) * 100 + 1 + i as u64 % 28;
    wd.write("base.csv", three_column_persons(400, date, true, &[]));
    // Person 0: abernathy quentin john, born 1930-01-01, a man.
    wd.write(
        "input.csv",
        "key,surname,middle,given,date_of_birth,sex\na,abernathy,q,bart,19300101,M\nb,abernathy,q,bart,19300101,F\n",
    );
    wd.write(
        "c.toml",
        "id_scheme = \"generic\"\n[base.columns]\nid = \"ssn\"\nname = [\"surname\", \"middle\", \"given\"]\n\
         dob = \"date_of_birth\"\ngender = \"sex\"\n[input.columns]\nkey = \"key\"\n\
         name = [\"surname\", \"middle\", \"given\"]\ndob = \"date_of_birth\"\ngender = \"sex\"\n",
    );
    encoded_run(&wd, ("base.csv", "input.csv"), &["--config", "c.toml"], "enc");
    let (_, rows) = read_csv(&wd.path("enc/resolved.csv"));
    let got: Vec<(&str, &str)> =
        rows.iter().map(|r| (r["status"].as_str(), r["person_id"].as_str())).collect();
    assert_eq!(got[0], ("ID_CORRECTED", "5000001"), "{rows:?}");
    assert_eq!(got[1].1, "", "{rows:?}");
}

#[test]
fn febrl4_encoded_keeps_the_plaintext_precision_and_nearly_all_its_recall() {
    let dir = repo().join("tests/data/febrl4");
    let wd = Workdir::new();
    let (_, a) = read_csv(&dir.join("a.csv"));
    let person: HashMap<&str, &str> =
        a.iter().map(|r| (r["rec_id"].as_str(), r["soc_sec_id"].as_str())).collect();
    let (_, truth) = read_csv(&dir.join("truth.csv"));
    let mut links = String::from("key,person_id\n");
    for t in &truth {
        links.push_str(&format!("{},{}\n", t["rec_id"], person[t["true_rec_id"].as_str()]));
    }
    wd.write("links.csv", links);
    let config = repo().join("scripts/febrl4.toml");
    let (a, b) = (dir.join("a.csv"), dir.join("b.csv"));
    encoded_run(
        &wd,
        (a.to_str().unwrap(), b.to_str().unwrap()),
        &["--config", config.to_str().unwrap()],
        "enc",
    );
    let (p, r) = evaluate(&wd, "enc/resolved.csv", "links.csv");
    // Plaintext finds all 5,000 (tests/it/febrl.rs).
    assert!(p >= 0.999, "precision {p}");
    assert!(r >= 0.99, "recall {r}");
}

/// A Parquet file's text columns by name, its numbers, its byte strings,
/// and the file's raw bytes (its metadata is not compressed).
type Contents = (HashMap<String, Vec<String>>, Vec<u64>, Vec<Vec<u8>>, Vec<u8>);

fn contents(path: &std::path::Path) -> Contents {
    let df = ParquetReader::new(std::fs::File::open(path).unwrap()).finish().unwrap();
    let (mut texts, mut numbers, mut bytes) = (HashMap::new(), Vec::new(), Vec::new());
    for c in df.columns() {
        match c.dtype() {
            DataType::String => {
                texts.insert(
                    c.name().to_string(),
                    c.str().unwrap().iter().map(|v| v.unwrap_or("").to_string()).collect(),
                );
            }
            DataType::UInt64 => numbers.extend(c.u64().unwrap().iter().flatten()),
            DataType::UInt32 => numbers.extend(c.u32().unwrap().iter().flatten().map(u64::from)),
            DataType::Binary => bytes.extend(c.binary().unwrap().iter().flatten().map(<[u8]>::to_vec)),
            other => panic!("unexpected column type {other}"),
        }
    }
    (texts, numbers, bytes, std::fs::read(path).unwrap())
}

#[test]
fn an_encoded_file_holds_no_input_value_and_the_same_inputs_give_the_same_bytes() {
    let wd = Workdir::new();
    wd.ok(&["generate", "--persons", "3000", "--records", "800", "--seed", "43", "--out", "g", "-q"]);
    let k = key(&wd, "k", 9);
    for (out, threads) in [("x.parquet", "1"), ("x2.parquet", "2")] {
        wd.ok(&[
            "encode",
            "--input",
            "g/credit.csv",
            "--key-file",
            &k,
            "--out",
            out,
            "-q",
            "--threads",
            threads,
        ]);
    }
    encode_base(&wd, &k, "b.parquet", &[]);
    assert_eq!(std::fs::read(wd.path("x.parquet")).unwrap(), std::fs::read(wd.path("x2.parquet")).unwrap());
    // The values: each cell of both files, whole and word by word, and its
    // digits (dates as written, ID numbers as written and as numbers).
    let mut values: Vec<String> = Vec::new();
    let (_, credit) = read_csv(&wd.path("g/credit.csv"));
    let (_, base) = read_csv(&wd.path("g/population.csv"));
    for row in credit.iter().chain(&base) {
        for (column, v) in row {
            // The export's key is its owner's and is kept as it is.
            if column != "ma_khach_hang" {
                values.push(v.trim().to_string());
                values.extend(v.split_whitespace().map(String::from));
                values.push(v.chars().filter(char::is_ascii_digit).collect());
            }
        }
    }
    values.sort();
    values.dedup();
    let numbers: std::collections::HashSet<u64> =
        values.iter().filter_map(|v| v.parse().ok()).filter(|&n: &u64| n >= 100).collect();
    // Long enough that a keyed hash or a compressed byte run holds none by chance.
    let long: Vec<&[u8]> = values.iter().filter(|v| v.len() >= 6).map(|v| v.as_bytes()).collect();
    let keys: Vec<String> = credit.iter().map(|r| r["ma_khach_hang"].clone()).collect();
    for file in ["x.parquet", "b.parquet"] {
        let (texts, nums, bytes, raw) = contents(&wd.path(file));
        assert_eq!(texts.keys().count(), 2, "{file}: text columns {:?}", texts.keys());
        // The key column: the export's own keys, or 24 hex digits (a keyed hash).
        let key_column = &texts["key"];
        if file == "x.parquet" {
            assert_eq!(key_column, &keys);
        } else {
            assert!(key_column.iter().all(|k| k.len() == 24 && k.chars().all(|c| c.is_ascii_hexdigit())));
        }
        // The reasons column: reason codes only.
        for code in texts["reasons"].iter().flat_map(|r| r.split('|')).filter(|c| !c.is_empty()) {
            assert!(
                code.contains('_') && code.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
                "{file}: {code}"
            );
        }
        assert!(nums.iter().all(|n| !numbers.contains(n)), "{file}: a number is an input value");
        for needle in &long {
            assert!(
                !raw.windows(needle.len()).any(|w| w == *needle),
                "{file}: the file's bytes hold an input value"
            );
            assert!(
                bytes.iter().all(|b| !b.windows(needle.len()).any(|w| w == *needle)),
                "{file}: a filter holds an input value"
            );
        }
    }
    // Results byte-identical whatever the threads.
    for (threads, out) in [("1", "o1"), ("2", "o2")] {
        wd.ok(&[
            "reconcile",
            "--base",
            "b.parquet",
            "--input",
            "x.parquet",
            "--out",
            out,
            "-q",
            "--threads",
            threads,
        ]);
    }
    assert_eq!(
        std::fs::read(wd.path("o1/results.csv")).unwrap(),
        std::fs::read(wd.path("o2/results.csv")).unwrap()
    );
}

#[test]
fn files_that_do_not_belong_together_are_refused() {
    let wd = Workdir::new();
    wd.ok(&["generate", "--persons", "500", "--records", "100", "--seed", "44", "--out", "g", "-q"]);
    let (k1, k2) = (key(&wd, "k1", 1), key(&wd, "k2", 2));
    wd.ok(&["encode", "--input", "g/credit.csv", "--key-file", &k1, "--out", "x1.parquet", "-q"]);
    wd.ok(&["encode", "--input", "g/credit.csv", "--key-file", &k2, "--out", "x2.parquet", "-q"]);
    encode_base(&wd, &k1, "b1.parquet", &[]);
    let refused = |args: &[&str], says: &str| {
        let out = wd.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && stderr.contains(says), "{args:?}: {stderr}");
        assert!(!wd.path("o/results.csv").exists());
    };
    let run = |base: &'static str, input: &'static str| {
        ["reconcile", "--base", base, "--input", input, "--out", "o", "-q"]
    };
    refused(&run("b1.parquet", "x2.parquet"), "another key");
    refused(&run("b1.parquet", "g/credit.csv"), "encode it with doisoat encode");
    refused(&run("g/population.csv", "x1.parquet"), "doisoat index --encoded");
    refused(&run("x1.parquet", "b1.parquet"), "given as --base");
    let mut split = run("b1.parquet", "x1.parquet").to_vec();
    split.extend(["--split-by", "ma_chi_nhanh"]);
    refused(&split, "--split-by: not for encoded files");
    // A key others can read is refused before anything is written.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(wd.path("k2"), std::fs::Permissions::from_mode(0o644)).unwrap();
        refused(
            &["encode", "--input", "g/credit.csv", "--key-file", "k2", "--out", "x3.parquet"],
            "chmod 600",
        );
        assert!(!wd.path("x3.parquet").exists());
    }
    wd.ok(&run("b1.parquet", "x1.parquet"));
}

/// An export whose key column is also its ID column: the encoded file keys
/// its rows by number, and the ID is nowhere in it.
#[test]
fn a_key_column_that_is_the_id_stays_out_of_the_encoded_file() {
    let wd = Workdir::new();
    wd.write(
        "x.csv",
        "so_cccd,ho_ten,ngay_sinh\n001090000001,Nguyễn Văn An,02/03/1990\n079185000123,Trần Thị Bình,1985\n",
    );
    wd.write(
        "c.toml",
        "[input.columns]\nkey = \"so_cccd\"\nid = \"so_cccd\"\nname = \"ho_ten\"\ndob = \"ngay_sinh\"\n",
    );
    let k = key(&wd, "k", 3);
    let stderr =
        wd.ok(&["encode", "--input", "x.csv", "--config", "c.toml", "--key-file", &k, "--out", "x.parquet"]);
    assert!(stderr.contains("keyed by their number"), "{stderr}");
    let (texts, nums, _, raw) = contents(&wd.path("x.parquet"));
    assert_eq!(texts["key"], ["1", "2"]);
    for id in ["001090000001", "079185000123"] {
        assert!(!raw.windows(id.len()).any(|w| w == id.as_bytes()));
        assert!(!nums.contains(&id.parse::<u64>().unwrap()));
    }
}

/// `doisoat audit`: the frequency attack names most surnames of an
/// unhardened encoding and none of a hardened one; the unhardened block
/// key is named as often either way.
#[test]
fn the_frequency_attack_fails_on_hardened_filters_only() {
    let wd = Workdir::new();
    wd.ok(&["generate", "--persons", "5000", "--records", "10", "--seed", "45", "--out", "g", "-q"]);
    let k = key(&wd, "k", 4);
    let audit = |flips: &str| {
        let out = format!("b{flips}.parquet");
        encode_base(&wd, &k, &out, &["--flips", flips]);
        let run =
            wd.run(&["audit", "--base", "g/population.csv", "--encoded", &out, "--key-file", &k, "--json"]);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let fields: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
        let share = |field: &str, attack: &str| {
            fields.as_array().unwrap().iter().find(|f| f["field"] == field).unwrap()[attack].as_f64().unwrap()
        };
        (
            share("surname", "frequency"),
            share("given", "frequency"),
            share("surname+given (block key)", "frequency"),
        )
    };
    let (hard_surname, hard_given, hard_block) = audit("8");
    let (plain_surname, plain_given, plain_block) = audit("0");
    assert!(hard_surname < 0.01 && hard_given < 0.01, "{hard_surname} {hard_given}");
    assert!(plain_surname > 0.5 && plain_given > 0.3, "{plain_surname} {plain_given}");
    assert_eq!(hard_block, plain_block, "block keys are not hardened");
}
