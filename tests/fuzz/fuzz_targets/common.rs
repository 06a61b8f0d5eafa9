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

/// Reads `data` as a file called `name` (its extension chooses the reader)
/// through `read::open`, every column projected, every batch read. An
/// `Err` is fine. Checked on the way (documented in `doisoat::read`): rows
/// are numbered 1, 2, 3 ... across batches, a batch holds at most `max`
/// rows, and a row one cell per projected column.
pub fn read_all(name: &str, data: &[u8]) {
    let path = scratch_file(name, data);
    let Ok(mut src) = doisoat::read::open(&path, None) else { return };
    let width = src.headers().len();
    // Every column, last first and the first twice: projection order is the cells' order.
    let mut projection: Vec<usize> = (0..width).rev().collect();
    projection.extend((0..width).take(1));
    src.project(projection.clone());
    let max = 1000;
    let mut next = 1u64;
    loop {
        match src.next_batch(max) {
            Ok(Some(batch)) => {
                if invariants() {
                    assert!(batch.len() <= max, "a batch of {} rows for max {max}", batch.len());
                    for row in &batch {
                        assert_eq!(row.number, next, "row numbers are not 1, 2, 3 ...");
                        assert_eq!(row.cells.len(), projection.len(), "row {}: not one cell per column", row.number);
                        next += 1;
                    }
                }
                let _ = src.progress();
            }
            Ok(None) => break,
            Err(_) => return,
        }
    }
}

/// Runs `f` as the doisoat binary runs a reader, as far as panics go.
///
/// * A panic while doisoat expects one to be caught
///   (`doisoat::progress::panics_quiet()`: Parquet reading runs under
///   `catch_unwind` and turns a reader's panic into an error) is left to
///   doisoat, as the binary's panic hook does; libfuzzer-sys's hook would
///   abort at once. Any other panic is a finding.
/// * With `DOISOAT_FUZZ_SKIP_DEP_PANICS=1`, known findings in dependencies
///   end the run quietly so that fuzzing goes on past them: a panic raised
///   in a crates.io crate's code, and a failed allocation (polars-parquet
///   sizes a list by the count the file claims:
///   tests/fuzz/findings/parquet_read-3.bin), which is made a panic here
///   (the binary aborts). For the allocation to fail rather than be
///   reported, run with `ASAN_OPTIONS=allocator_may_return_null=1` and
///   libFuzzer's `-malloc_limit_mb` above the sizes asked (the RSS limit
///   still holds). Off by default: every such panic or abort is a finding.
///   doisoat's own panics, and sanitizer reports, stay findings either way.
pub fn as_the_binary(f: impl FnOnce()) {
    static SKIP: OnceLock<bool> = OnceLock::new();
    let skip = *SKIP.get_or_init(|| {
        let skip = std::env::var("DOISOAT_FUZZ_SKIP_DEP_PANICS").is_ok_and(|v| v == "1");
        // libfuzzer-sys's hook aborts at once; kept for every panic that is a finding.
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_dependency = info.location().is_some_and(|l| l.file().contains("/registry/src/"));
            let failed_allocation =
                info.payload().downcast_ref::<String>().is_some_and(|m| m.starts_with(ALLOCATION_FAILED));
            if doisoat::progress::panics_quiet() || skip && (in_dependency || failed_allocation) {
                return;
            }
            abort(info);
        }));
        if skip {
            std::alloc::set_alloc_error_hook(|layout| panic!("{ALLOCATION_FAILED} {} bytes", layout.size()));
        }
        skip
    });
    if skip {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    } else {
        f();
    }
}

const ALLOCATION_FAILED: &str = "fuzz harness: failed allocation of";
