//! `doisoat normalize` and `doisoat profile`.

use serde_json::Value;

use crate::util::{repo, Workdir};

fn normalize_json(wd: &Workdir, field: &str, values: &[&str]) -> Vec<Value> {
    let mut args = vec!["normalize", "--json", "--field", field];
    args.extend_from_slice(values);
    let out = wd.run(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn normalize_json_gives_the_forms_issue_3_promises() {
    let wd = Workdir::new();
    let names = normalize_json(
        &wd,
        "name",
        &["Nguyễn Văn Hoà", "NGUYEN VAN HOA", "Nguyễn Văn Hòa", "NguyÔn V¨n H¶i"],
    );
    assert_eq!(names[0]["field"], "name");
    assert_eq!(names[0]["input"], "Nguyễn Văn Hoà");
    assert_eq!(names[0]["folded"], names[1]["folded"]);
    assert_eq!(names[0]["canonical"], names[2]["canonical"]);
    assert_eq!(names[3]["canonical"], "NGUYỄN VĂN HẢI");
    assert!(names[3]["flags"].as_array().unwrap().contains(&Value::from("NAME_LEGACY_ENCODING")));

    let ids = normalize_json(&wd, "id", &["79123456789", "7.91234E+11", "123456789"]);
    assert_eq!(ids[0]["normalized"], "079123456789");
    assert_eq!(ids[0]["kind"], "cccd");
    assert_eq!(ids[0]["flags"][0], "ID_LEADING_ZERO_RESTORED");
    assert_eq!((ids[1]["kind"].as_str(), ids[1]["flags"][0].as_str()), (Some("invalid"), Some("ID_DAMAGED")));
    assert_eq!(ids[2]["kind"], "cmnd");

    let dobs = normalize_json(&wd, "dob", &["1950", "00/00/1950", "30/02/1985", "05/03/1990"]);
    assert_eq!((dobs[0]["normalized"].as_str(), dobs[0]["precision"].as_str()), (Some("1950"), Some("year")));
    assert_eq!(dobs[1]["precision"], "year");
    assert_eq!(dobs[2]["flags"][0], "DOB_IMPOSSIBLE");
    assert_eq!(dobs[3]["normalized"], "1990-03-05");
}

#[test]
fn normalize_text_output_is_one_line_per_value() {
    let wd = Workdir::new();
    let out = wd.run(&["normalize", "--field", "province", "TP.HCM", "Sài Gòn", "Atlantis"]);
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].contains("079 Hồ Chí Minh"), "{text}");
    assert!(lines[2].contains("PROVINCE_UNKNOWN"), "{text}");
}

#[test]
fn profile_runs_on_sample_data() {
    let wd = Workdir::new();
    let input = repo().join("sample-data/credit.csv");
    let out = wd.run(&["profile", "--input", input.to_str().unwrap(), "--json", "-q"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["rows"], 500);
    let id = &p["columns"]["id"];
    let kinds: u64 =
        ["cccd", "cmnd", "other", "invalid", "missing"].iter().map(|k| id[k].as_u64().unwrap_or(0)).sum();
    let unreadable: u64 = p["unreadable"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(kinds + unreadable, 500, "every readable row has one ID kind");
    assert!(id["ID_LEADING_ZERO_RESTORED"].as_u64().unwrap() > 0);
    assert!(p["columns"]["name"]["NAME_NO_DIACRITICS"].as_u64().unwrap() > 100);
    let dob = &p["columns"]["dob"];
    let dates: u64 = ["day", "month", "year", "DOB_MISSING", "DOB_INVALID"]
        .iter()
        .map(|k| dob[k].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(dates + unreadable, 500, "every readable row has one date outcome");

    let table = wd.run(&["profile", "--input", input.to_str().unwrap(), "-q"]);
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.starts_with("column") && text.contains("duplicate IDs"), "{text}");
}

/// `normalize`, `profile` and the results say the same of the same values:
/// the codes are one definition (a missing date is DOB_MISSING in all three).
#[test]
fn normalize_profile_and_results_flag_values_alike() {
    let wd = Workdir::new();
    wd.write(
        "input.csv",
        "key,so_cccd,ho_ten,ngay_sinh\na,O79190O12345,Nguyễn Văn An,\nb,079190012345,Không rõ,2O/05/1990\n",
    );
    wd.write("base.csv", "so_cccd,ho_ten,ngay_sinh\n079190012345,Nguyễn Văn An,20/05/1990\n");
    wd.ok(&[
        "reconcile",
        "--base",
        "base.csv",
        "--input",
        "input.csv",
        "--out",
        "out",
        "-q",
        "--max-rejects",
        "100%",
    ]);
    let (_, results) = crate::util::read_csv(&wd.path("out/results.csv"));
    let out = wd.run(&["profile", "--input", "input.csv", "--json", "-q"]);
    let profile: Value = serde_json::from_slice(&out.stdout).unwrap();
    let flags = |field: &str, value: &str| -> Vec<String> {
        normalize_json(&wd, field, &[value])[0]["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect()
    };
    for (code, field, value, column, row) in [
        ("ID_OCR", "id", "O79190O12345", "id", 0),
        ("DOB_MISSING", "dob", "", "dob", 0),
        ("DOB_OCR", "dob", "2O/05/1990", "dob", 1),
    ] {
        assert!(
            flags(field, value).contains(&code.to_string()),
            "normalize {field} {value:?}: {:?}",
            flags(field, value)
        );
        assert_eq!(profile["columns"][column][code], 1, "profile {column}: {}", profile["columns"][column]);
        assert!(results[row]["reasons"].contains(code), "results row {row}: {:?}", results[row]);
    }
}

/// Property tests over many generated names and their spelling variants (the
/// generator's name tables and faults, at library level: normalisation itself
/// knows nothing of the generator).
#[test]
fn properties_hold_for_generated_names_and_their_variants() {
    use doisoat::generate::alter::{ascii_name, fault_name};
    use doisoat::generate::faults::Fault;
    use doisoat::generate::names;
    use doisoat::normalize::{normalize_name, text};
    use doisoat::rng::{Rng, Weighted};
    let tables =
        [names::SURNAMES, names::MIDDLE_FEMALE, names::MIDDLE_MALE, names::GIVEN_FEMALE, names::GIVEN_MALE];
    let pick: Vec<Weighted<&str>> = tables.iter().map(|t| Weighted::new(t.iter().copied())).collect();
    let mut rng = Rng::new(42);
    for _ in 0..5_000 {
        let name = format!(
            "{} {} {}",
            pick[0].draw(&mut rng),
            pick[1 + rng.below(2) as usize].draw(&mut rng),
            pick[3 + rng.below(2) as usize].draw(&mut rng)
        );
        let n = normalize_name(&name);
        // Idempotent, and folding the canonical form gives the folded form.
        assert_eq!(normalize_name(&n.canonical).canonical, n.canonical, "{name}");
        assert_eq!(text::fold(&n.canonical), n.folded, "{name}");
        assert_eq!(normalize_name(&ascii_name(&name)).folded, n.folded, "{name}");
        // Spelling variants that are the same name share the canonical form.
        let variants = [
            fault_name(&name, Fault::NameNfd, &mut rng),
            fault_name(&name, Fault::NameToneStyle, &mut rng),
            name.to_uppercase(),
            format!("  {}  ", name.replace(' ', "   ")),
            name.replace('Đ', "Ð"),
        ];
        for v in variants {
            assert_eq!(normalize_name(&v).canonical, n.canonical, "{name} / {v}");
        }
    }
}
