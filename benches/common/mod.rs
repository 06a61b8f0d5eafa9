//! What the benches share: a synthetic base and export written once by
//! doisoat's own generator into a temporary directory, and the pipeline's
//! own set-up (open, map, index, blocks, model) run over them.

#![allow(dead_code)] // each bench uses a part

use std::path::{Path, PathBuf};

use doisoat::config::Config;
use doisoat::generate::faults::Profile;
use doisoat::generate::{generate, GenerateOptions, Generated, Kind};
use doisoat::normalize::Identity;
use doisoat::pipeline::setup::{self, Opened, Prepared};
use doisoat::pipeline::Silent;
use doisoat::read::Format;

/// A generated base (`population.csv`) and credit export (`credit.csv`).
pub struct Data {
    /// Keeps the files until the bench ends.
    _dir: tempfile::TempDir,
    /// `population.csv`.
    pub base: PathBuf,
    /// `credit.csv`.
    pub input: PathBuf,
    /// Persons asked of the generator (base rows).
    pub persons: u64,
    /// What the generator wrote.
    pub generated: Generated,
}

/// Generates `persons` base rows and `records` export rows (realistic
/// faults, fixed seed, so every run benches the same rows).
pub fn data(persons: u64, records: u64) -> Data {
    let dir = tempfile::tempdir().expect("temporary directory");
    let opts = GenerateOptions {
        persons,
        records,
        kind: Kind::Credit,
        seed: 11,
        profile: Profile::named("realistic").expect("a named profile"),
        format: Format::Csv,
        out: dir.path().to_path_buf(),
        omit: Default::default(),
        schools: false,
    };
    let generated = generate(&opts).expect("generate");
    assert_eq!(generated.rows, records, "export rows generated");
    let base = dir.path().join("population.csv");
    let input = dir.path().join("credit.csv");
    Data { _dir: dir, base, input, persons, generated }
}

/// Both files opened and mapped as `reconcile` does it (default config).
pub fn open(base: &Path, input: &Path) -> Opened {
    setup::open(base, input, None, &Default::default(), &Config::default(), &Silent).expect("open")
}

/// The base indexed, blocked and the model estimated, as `reconcile` does it.
pub fn prepare(d: &Data) -> Prepared {
    let mut opened = open(&d.base, &d.input);
    let prepared = setup::prepare(&mut opened, (&d.input, None), None, &Config::default(), false, &Silent)
        .expect("prepare");
    assert_eq!(prepared.base.rows_read, d.persons, "base rows read");
    assert_eq!(prepared.base.len() as u64 + prepared.base.rejected, d.persons, "persons indexed");
    prepared
}

/// The export's readable rows, normalised.
pub fn identities(d: &Data) -> Vec<Identity> {
    let mut opened = open(&d.base, &d.input);
    let rules = Config::default().input_rules();
    let mut out = Vec::new();
    let mut rows = 0;
    while let Some(batch) = opened.input_src.next_batch(1 << 16).expect("read the export") {
        rows += batch.len() as u64;
        out.extend(
            batch
                .iter()
                .filter(|r| r.malformed.is_none())
                .map(|r| opened.input.layout.identity(&r.cells, &rules)),
        );
    }
    assert_eq!(rows, d.generated.rows, "export rows read");
    assert!(out.len() as u64 * 100 >= rows * 95, "most export rows readable: {} of {rows}", out.len());
    out
}
