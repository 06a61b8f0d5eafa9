//! The Parquet reader on arbitrary bytes: `read::open` of a `.parquet`
//! file, every column projected, every batch read. An `Err` is fine; a
//! panic, a hang or a crash is a finding. Checked on the way (documented in
//! `doisoat::read`): rows are numbered 1, 2, 3 ... across batches, a batch
//! holds at most `max` rows, and a row one cell per projected column.
//!
//! A panic that doisoat catches itself (it reads Parquet under
//! `catch_unwind`) is no finding; see `as_the_binary`, also for
//! `DOISOAT_FUZZ_SKIP_DEP_PANICS=1`, which lets fuzzing go on past the known
//! findings in polars (tests/fuzz/findings/parquet_read-*.bin).
#![no_main]
// `set_alloc_error_hook` (nightly; cargo fuzz needs nightly anyway).
#![feature(alloc_error_hook)]

mod common;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| as_the_binary(|| common::read_all("x.parquet", data)));

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
