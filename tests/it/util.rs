//! The integration-test harness: a temporary directory per test and a
//! runner for the real `doisoat` binary.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary working directory, removed when dropped.
pub struct Workdir {
    dir: tempfile::TempDir,
}

/// The repository root (for sample-data).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Workdir {
    /// A fresh directory.
    pub fn new() -> Workdir {
        Workdir { dir: tempfile::tempdir().expect("temp dir") }
    }

    /// A path inside the directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file and returns its path.
    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, content).expect("write test file");
        p
    }

    /// Runs `doisoat ARGS` in the directory.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_doisoat"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("run doisoat")
    }

    /// Runs and asserts success; returns stderr.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "doisoat {args:?} failed:\n{stderr}");
        stderr
    }
}

/// Reads a CSV file into a header list and rows of name → value.
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<HashMap<String, String>>) {
    // Flexible and lossy: generated exports hold malformed rows on purpose.
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .byte_records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers.iter().cloned().zip(rec.iter().map(|f| String::from_utf8_lossy(f).into_owned())).collect()
        })
        .collect();
    (headers, rows)
}

/// Reads a JSON file.
pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// `n` persons with IDs (`ssn`, from 5000001), names in three columns
/// (surname, middle, given: the first of eight, five and seven names in
/// turn, `(person, surname)` replacing some) and a date of birth
/// (`date(i)`, `yyyymmdd`); with `sex`, a sex column (`M` at even positions).
pub fn three_column_persons(
    n: usize,
    date: impl Fn(usize) -> u64,
    sex: bool,
    surnames_given: &[(usize, &str)],
) -> String {
    let mut base = String::from("ssn,surname,middle,given,date_of_birth");
    base.push_str(if sex { ",sex\n" } else { "\n" });
    let (surnames, middles, givens) = (
        ["abernathy", "baxter", "collins", "dunmore", "ellison", "fairfax", "garrow", "hollis"],
        ["quentin", "rose", "sterling", "thea", "ulric"],
        ["john", "mary", "peter", "alice", "simon", "grace", "oliver"],
    );
    for i in 0..n {
        let s = surnames_given.iter().find(|(p, _)| *p == i).map_or(surnames[i % 8], |(_, s)| *s);
        let (m, g) = (middles[i % 5], givens[i % 7]);
        base.push_str(&format!("{},{s},{m},{g},{}", 5_000_001 + i * 7_919, date(i)));
        base.push_str(if !sex {
            "\n"
        } else if i % 2 == 0 {
            ",M\n"
        } else {
            ",F\n"
        });
    }
    base
}
