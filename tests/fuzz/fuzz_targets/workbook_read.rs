//! The workbook reader on arbitrary bytes: `read::open` of an `.xlsx` file
//! (a ZIP of XML parts, read by calamine), every column projected, every
//! batch read. An `Err` is fine; a panic, a hang, a crash or memory beyond
//! libFuzzer's RSS limit (a sheet sized from what it claims, a part
//! inflated without bound: issue v2 2/5, case 3) is a finding. The
//! invariants of `common::read_all` are checked on the way. Seeds: small
//! workbooks written by `doisoat` and by a spreadsheet program
//! (tests/fuzz/seeds/workbook_read).
#![no_main]
// `set_alloc_error_hook` in common::as_the_binary (cargo fuzz needs nightly anyway).
#![feature(alloc_error_hook)]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::read_all("x.xlsx", data));
