//! Base and input given the wrong way round (`--base khach_hang.csv
//! --input dan_cu.csv`): both map, every population row is looked for
//! among the customers, and the run ends in `--max-rejects` or 77 %
//! `NOT_FOUND`. Caught from the headers before anything is read: columns
//! only a population register has (date of death, vital status, old CMND)
//! in the input, and columns only an export has (customer code, candidate
//! number, disbursement date) in the base — or one of those with an input
//! twice the base's size.

use std::path::Path;

use crate::error::{Error, Result};
use crate::read::mapping::header_form;

/// Headers (compared form) only a population register carries.
const REGISTER_ONLY: &[&str] = &[
    "socmndcu",
    "cmndcu",
    "ngaymat",
    "ngaychet",
    "ngaytu",
    "deathdate",
    "dateofdeath",
    "tinhtrangsong",
    "vitalstatus",
];

/// Headers (compared form) only an export carries: its customers' and
/// candidates' codes, its loans' dates — a chosen part of the `key` and
/// `record_date` synonyms of `read::roles`, without the generic ones a
/// register may carry too (`key`, `ma`, `recid`, `mahoso`, `maho`,
/// `ngaydangky`, `ngayghinhan`, `recorddate`, `transactiondate`).
const EXPORT_ONLY: &[&str] = &[
    "makhachhang",
    "makh",
    "macif",
    "cif",
    "sobaodanh",
    "sbd",
    "customerid",
    "customercode",
    "ngaygiaingan",
    "ngaygn",
    "ngayvay",
    "ngaymohopdong",
    "ngaykyhopdong",
    "disbursementdate",
];

/// An input this many times the base's size (in bytes) is suspect.
const SIZE_RATIO: u64 = 2;

/// The headers of `headers` whose compared form is in `list`.
fn among(headers: &[String], list: &[&str]) -> Vec<String> {
    headers.iter().filter(|h| list.contains(&header_form(h).as_str())).cloned().collect()
}

/// Refuses a base and an input that look swapped: the input carries a
/// register's columns and the base an export's, or one of them with an
/// input at least twice the base's size. `configured`: the config names the
/// base's columns (the files are taken as given).
pub fn check(
    base: &Path,
    base_headers: &[String],
    input: &Path,
    input_headers: &[String],
    configured: bool,
) -> Result<()> {
    if configured {
        return Ok(());
    }
    let in_input = among(input_headers, REGISTER_ONLY);
    let in_base = among(base_headers, EXPORT_ONLY);
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let (base_size, input_size) = (size(base), size(input));
    let larger = base_size > 0 && input_size >= SIZE_RATIO * base_size;
    let swapped = !in_input.is_empty() && !in_base.is_empty()
        || larger && (!in_input.is_empty() || !in_base.is_empty());
    if !swapped {
        return Ok(());
    }
    let mut why = Vec::new();
    if !in_input.is_empty() {
        why.push(format!("the input has a population register's columns ({})", in_input.join(", ")));
    }
    if !in_base.is_empty() {
        why.push(format!("the base has an export's columns ({})", in_base.join(", ")));
    }
    if larger {
        why.push(format!("the input is {:.1}× the base's size", input_size as f64 / base_size as f64));
    }
    Err(Error::Usage(format!(
        "--base {} and --input {} look swapped: {}. Give the population register as --base and the export \
         to check as --input; if they are the right way round, name the base's columns in a config file \
         ([base.columns] id = \"…\", name = \"…\") and they are taken as given",
        base.display(),
        input.display(),
        why.join("; ")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_register_as_input_and_an_export_as_base_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (b, i) = (dir.path().join("b.csv"), dir.path().join("i.csv"));
        std::fs::write(&b, "x".repeat(100)).unwrap();
        std::fs::write(&i, "x".repeat(150)).unwrap();
        let register = h(&["so_cccd", "ho_ten", "ngay_sinh", "so_cmnd_cu", "Tình trạng sống"]);
        let export = h(&["MA_KH", "ho_ten", "ngay_sinh", "so_cccd", "NGAY_GN"]);
        let err = check(&b, &export, &i, &register, false).unwrap_err().to_string();
        assert!(err.contains("look swapped"), "{err}");
        assert!(err.contains("so_cmnd_cu, Tình trạng sống") && err.contains("MA_KH, NGAY_GN"), "{err}");
        assert!(!err.contains("size"), "the sizes say nothing at 1.5×: {err}");
        // The right way round, or named in the config: nothing to say.
        assert!(check(&b, &register, &i, &export, false).is_ok());
        assert!(check(&b, &export, &i, &register, true).is_ok());
        // One side's columns alone need an input twice the base's size.
        let plain = h(&["so_cccd", "ho_ten", "ngay_sinh"]);
        assert!(check(&b, &plain, &i, &register, false).is_ok());
        std::fs::write(&i, "x".repeat(200)).unwrap();
        let err = check(&b, &plain, &i, &register, false).unwrap_err().to_string();
        assert!(err.contains("2.0× the base's size"), "{err}");
        assert!(check(&b, &plain, &i, &plain, false).is_ok(), "no column says which is which");
    }
}
