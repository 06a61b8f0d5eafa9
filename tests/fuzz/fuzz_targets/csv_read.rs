//! The CSV reader on arbitrary bytes: open, project every column, read every
//! batch, then map the input roles and normalise each row's identity as a
//! run does. An `Err` anywhere is fine; a panic, a hang or a crash is a
//! finding. Checked on the way (documented in `doisoat::read`):
//!
//! * rows are numbered 1, 2, 3 ... across batches;
//! * a batch holds at most `max` rows and is never empty;
//! * a row holds one cell per projected column;
//! * an unreadable row of a UTF-8 file carries where it starts: its byte
//!   offset leads to its text in the file, on the line counted by line feeds
//!   (not checked for gzip or zstd data, whose offsets are in the text).
//!
//! Gzip and zstd data are read decompressed whatever the file's name, so
//! the seeds hold a compressed file of each kind.
//!
//! The chunk size of `CsvSource` is private (`chunk`, set only by the unit
//! tests), so it cannot be made small here: inputs are read in one chunk.
#![no_main]
// `set_alloc_error_hook` in common::as_the_binary (cargo fuzz needs nightly anyway).
#![feature(alloc_error_hook)]

mod common;

use doisoat::normalize::Rules;
use doisoat::read::csv::CsvSource;
use doisoat::read::encoding::Encoding;
use doisoat::read::mapping::{map_roles, Layout};
use doisoat::read::{Row, Source};
use libfuzzer_sys::fuzz_target;

const ENCODINGS: [Encoding; 7] = [
    Encoding::Utf8,
    Encoding::Utf16Le,
    Encoding::Utf16Be,
    Encoding::Cp1258,
    Encoding::Tcvn3,
    Encoding::Vni,
    Encoding::Cp1252,
];

fuzz_target!(|data: &[u8]| {
    // As a run reads it: the encoding detected, `.csv` (delimiter sniffed).
    let path = common::scratch_file("x.csv", data);
    read_all(&path, None, data);
    // Some inputs again with a forced encoding (`--encoding`), as `.tsv`
    // (tab delimiter) every other time.
    let pick = data.len() % 8;
    if pick < ENCODINGS.len() {
        let name = if data.len() % 16 < 8 { "x.tsv" } else { "x.csv" };
        let path = common::scratch_file(name, data);
        read_all(&path, Some(ENCODINGS[pick]), data);
    }
});

fn read_all(path: &std::path::Path, forced: Option<Encoding>, data: &[u8]) {
    let Ok(mut src) = CsvSource::open(path, forced) else { return };
    let width = src.headers().len();
    src.project((0..width).collect());
    // Offsets are in the decompressed text for gzip or zstd data: checked
    // against the file's bytes only when they are the text.
    let compressed = data.starts_with(&[0x1f, 0x8b]) || data.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]);
    let utf8 = src.encoding() == Some(Encoding::Utf8) && !compressed;
    let mut rows: Vec<Row> = Vec::new();
    let max = 1000;
    loop {
        match src.next_batch(max) {
            Ok(Some(batch)) => {
                if common::invariants() {
                    assert!(!batch.is_empty(), "an empty batch before the end");
                    assert!(batch.len() <= max, "a batch of {} rows for max {max}", batch.len());
                }
                rows.extend(batch);
            }
            Ok(None) => break,
            Err(_) => return,
        }
    }
    if common::invariants() {
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(row.number, i as u64 + 1, "row numbers are not 1, 2, 3 ...");
            assert_eq!(row.cells.len(), width, "row {} has not one cell per projected column", row.number);
            if let (true, Some(raw)) = (utf8, &row.raw) {
                let at = raw.offset as usize;
                assert!(
                    data.get(at..).is_some_and(|rest| rest.starts_with(&raw.text)),
                    "row {}: offset {at} does not lead to its text {:?}",
                    row.number,
                    String::from_utf8_lossy(&raw.text)
                );
                let line = 1 + data[..at].iter().filter(|&&b| b == b'\n').count() as u64;
                assert_eq!(raw.line, line, "row {}: line of the row starting at offset {at}", row.number);
            }
        }
    }
    // The roles of an input file, detected from the headers, and every row's identity.
    let kind = doisoat::read::kind::KindChoice::Auto.resolve(src.headers());
    let roles = doisoat::config::InputColumns::default().roles(kind);
    let Ok(mapped) = map_roles(path, "input", src.headers(), &roles) else { return };
    let layout = Layout::new(&mapped, &[]);
    let rules = Rules::default();
    for row in &rows {
        let cells: Vec<String> = layout.columns().iter().map(|&c| row.cells[c].clone()).collect();
        let identity = layout.identity(&cells, &rules);
        let _ = doisoat::normalize::cccd_structure(&identity.id, identity.sex, identity.dob());
    }
}
