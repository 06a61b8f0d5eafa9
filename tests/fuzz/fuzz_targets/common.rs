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

/// Runs `f`, and when `DOISOAT_FUZZ_SKIP_DEP_PANICS=1` lets a panic raised
/// in a dependency's code (a crates.io crate: polars on a damaged Parquet
/// file) end the run quietly instead of being a finding, so that fuzzing
/// goes on past a dependency's known panic to look for doisoat's own
/// faults. Off by default: every panic is a finding. doisoat's own panics,
/// and sanitizer reports from any code, stay findings either way.
pub fn skipping_dependency_panics(f: impl FnOnce()) {
    static SKIP: OnceLock<bool> = OnceLock::new();
    let skip = *SKIP.get_or_init(|| {
        let skip = std::env::var("DOISOAT_FUZZ_SKIP_DEP_PANICS").is_ok_and(|v| v == "1");
        if skip {
            // libfuzzer-sys's hook aborts at once; keep it for every other panic.
            let abort = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if !info.location().is_some_and(|l| l.file().contains("/registry/src/")) {
                    abort(info);
                }
            }));
        }
        skip
    });
    if skip {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    } else {
        f();
    }
}
