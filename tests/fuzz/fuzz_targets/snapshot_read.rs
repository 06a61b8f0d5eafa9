//! The snapshot loader on damaged snapshots: a valid snapshot of a small
//! base (made once per process by `pipeline::index`), one of its files —
//! the input's first byte picks which — replaced by the rest of the input,
//! then `index::snapshot::read` as `reconcile --base SNAPSHOT` calls it
//! (under `read::parquet::guarded`, which turns a reader's panic into an
//! error: such a panic is no finding, see `common::as_the_binary`). The tables' checksums are not checked first: a snapshot whose
//! `snapshot.json` was rewritten to match must still be refused cleanly or
//! read, never crash, hang or index out of bounds. An `Err` is fine.
//! Checked on the way: a snapshot that loads has as many persons as its
//! `snapshot.json` says, and every person's name tokens are in its vocabulary.
#![no_main]
// `set_alloc_error_hook` in common::as_the_binary (cargo fuzz needs nightly anyway).
#![feature(alloc_error_hook)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use doisoat::config::Config;
use libfuzzer_sys::fuzz_target;

/// The files of the snapshot, in a fixed order (the first byte's choice).
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

struct Quiet;
impl doisoat::pipeline::Notes for Quiet {
    fn note(&self, _: &str) {}
}

/// A snapshot of the sample base, made once; its files' bytes by `FILES`.
fn original() -> &'static (PathBuf, Vec<Vec<u8>>) {
    static MADE: OnceLock<(PathBuf, Vec<Vec<u8>>)> = OnceLock::new();
    MADE.get_or_init(|| {
        let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample-data/population.csv");
        let dir = common::scratch_file("unused", b"").with_file_name("snapshot");
        let _ = std::fs::remove_dir_all(&dir);
        doisoat::pipeline::index(&base, None, None, &dir, false, &Quiet).expect("indexing the sample base");
        let bytes = FILES.iter().map(|f| std::fs::read(dir.join(f)).unwrap_or_default()).collect();
        (dir, bytes)
    })
}

fuzz_target!(|data: &[u8]| common::as_the_binary(|| load(data)));

fn load(data: &[u8]) {
    let Some((&pick, content)) = data.split_first() else { return };
    let (dir, bytes) = original();
    let damaged = usize::from(pick) % FILES.len();
    for (i, (name, original)) in FILES.iter().zip(bytes).enumerate() {
        let now = if i == damaged { content } else { original.as_slice() };
        std::fs::write(dir.join(name), now).expect("writing the snapshot file");
    }
    let config = Config::default();
    let read = doisoat::read::parquet::guarded(dir, || {
        doisoat::index::snapshot::read(
            dir,
            &config.base_fingerprint(),
            config.field_methods(),
            config.block_rules(),
            config.matching.block_cap,
        )
    });
    if let (Ok((base, _)), true) = (read, common::invariants()) {
        let meta = doisoat::index::snapshot::read_meta(dir).expect("a snapshot that loads has its meta");
        assert_eq!(base.len(), meta.persons, "persons loaded against snapshot.json");
        let vocab = base.vocab();
        for p in 0..base.len() {
            assert!(base.name_tokens(p).iter().all(|&t| (t as usize) < vocab.len()), "person {p}: a token beyond the vocabulary");
        }
    }
}
