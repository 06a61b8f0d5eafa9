//! Shared by the fuzz targets (`mod common;` in each).
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

/// `path` named `name` in a per-process scratch folder under the temp dir,
/// holding `data` (rewritten on every run).
pub fn scratch_file(name: &str, data: &[u8]) -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("doisoat-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("creating the fuzz scratch folder");
        dir
    });
    let path = dir.join(name);
    std::fs::write(&path, data).expect("writing the fuzz input file");
    path
}

/// Whether to assert the documented invariants (on unless
/// `DOISOAT_FUZZ_INVARIANTS=0`, to keep looking for crashes alone once an
/// invariant finding is noted).
pub fn invariants() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var("DOISOAT_FUZZ_INVARIANTS").map_or(true, |v| v != "0"))
}
