//! The Parquet reader on arbitrary bytes: `read::open` of a `.parquet`
//! file, every column projected, every batch read. An `Err` is fine; a
//! panic, a hang or a crash is a finding. Checked on the way (documented in
//! `doisoat::read`): rows are numbered 1, 2, 3 ... across batches, a batch
//! holds at most `max` rows, and a row one cell per projected column.
//!
//! With `DOISOAT_FUZZ_SKIP_DEP_PANICS=1`, a panic inside polars (a known
//! finding: tests/fuzz/findings/) ends the run quietly, so fuzzing goes on.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::skipping_dependency_panics(|| read_all(data)));

fn read_all(data: &[u8]) {
    let path = common::scratch_file("x.parquet", data);
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
                if common::invariants() {
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
