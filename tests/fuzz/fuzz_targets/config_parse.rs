//! The TOML configuration on arbitrary text: `Config::parse` (what
//! `Config::load` does after reading the file), then everything a run
//! derives from a configuration that loaded: the rules of both files, the
//! blocking rules (`block_rules` expects the rules it checked when loading
//! to parse again), the base fingerprint, and the column mapping of both
//! sections against the sample data's headers. Errors are fine; a panic is
//! a finding.
#![no_main]

use std::path::Path;

use doisoat::config::{Config, Keep};
use doisoat::read::mapping::{map_roles, Layout};
use libfuzzer_sys::fuzz_target;

const BASE_HEADERS: [&str; 8] = [
    "so_dinh_danh",
    "so_cmnd_cu",
    "ho_va_ten",
    "ngay_sinh",
    "gioi_tinh",
    "noi_dang_ky_khai_sinh",
    "tinh_trang",
    "ngay_mat",
];
const INPUT_HEADERS: [&str; 8] = [
    "ma_khach_hang",
    "ten_khach_hang",
    "ngay_sinh",
    "gioi_tinh",
    "so_giay_to",
    "ma_chi_nhanh",
    "du_no",
    "ngay_giai_ngan",
];

fuzz_target!(|data: &[u8]| {
    // `Config::load` reads the file with `read_to_string`: text that is not
    // UTF-8 is an I/O error before parsing, so only UTF-8 reaches the parser.
    let Ok(text) = std::str::from_utf8(data) else { return };
    let path = Path::new("fuzz.toml");
    let Ok(config) = Config::parse(text, path) else { return };
    let base_rules = config.base_rules();
    let input_rules = config.input_rules();
    let rules = config.block_rules();
    assert!(!rules.is_empty(), "no blocking rules");
    let _ = config.base_fingerprint();
    assert_eq!(base_rules.fields.len(), config.compare.len());
    assert_eq!(input_rules.fields.len(), config.compare.len());
    let owned = |h: &[&str]| h.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // Configured columns that name no header are errors; mapped ones make a layout.
    let mut base_headers = owned(&BASE_HEADERS);
    base_headers.extend(config.compare.iter().map(|c| c.base.clone()));
    if let Ok(mapped) = map_roles(path, "base", &base_headers, &config.base.columns.roles()) {
        let layout = Layout::new(&mapped, &[]);
        let cells: Vec<String> = layout.columns().iter().map(|&c| base_headers[c].clone()).collect();
        let _ = layout.identity(&cells, &base_rules);
    }
    let mut input_headers = owned(&INPUT_HEADERS);
    if let Keep::Only(names) = &config.input.columns.keep {
        input_headers.extend(names.iter().cloned());
    }
    let kind = config.input.kind.resolve(&input_headers);
    if let Ok(mapped) = map_roles(path, "input", &input_headers, &config.input.columns.roles(kind)) {
        let keep: Vec<usize> = match &config.input.columns.keep {
            Keep::All => (0..input_headers.len()).collect(),
            Keep::Only(names) => {
                names.iter().filter_map(|k| input_headers.iter().position(|h| h == k)).collect()
            }
        };
        let layout = Layout::new(&mapped, &keep);
        let cells: Vec<String> = layout.columns().iter().map(|&c| input_headers[c].clone()).collect();
        let _ = layout.identity(&cells, &input_rules);
        let _ = layout.kept(&cells).count();
    }
});
