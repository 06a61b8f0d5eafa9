//! The Parquet reader on arbitrary bytes: `read::open` of a `.parquet`
//! file, every column projected, every batch read. An `Err` is fine; a
//! panic, a hang or a crash is a finding. Checked on the way (documented in
//! `doisoat::read`): rows are numbered 1, 2, 3 ... across batches, a batch
//! holds at most `max` rows, and a row one cell per projected column.
//!
//! A panic that doisoat catches itself (it reads Parquet under
//! `catch_unwind`) is no finding; see `common::as_the_binary`, also for
//! `DOISOAT_FUZZ_SKIP_DEP_PANICS=1`, which lets fuzzing go on past the known
//! findings in polars (tests/fuzz/findings/parquet_read-*.bin).
#![no_main]
// `set_alloc_error_hook` (nightly; cargo fuzz needs nightly anyway).
#![feature(alloc_error_hook)]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::as_the_binary(|| common::read_all("x.parquet", data)));
