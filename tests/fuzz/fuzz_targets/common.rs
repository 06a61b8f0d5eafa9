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
