//! Columns found by their values when no header names them: a core-banking
//! export's `SO_CMT`, a school system's `GTTT_SO` are ID columns whatever
//! they are called, and an ID column left unmapped would make every row
//! `ID_MISSING` — telling clerks to add numbers the file already holds.

use std::path::Path;

use super::encoding::Encoding;
use crate::error::Result;

/// Rows looked at.
const SAMPLE_ROWS: usize = 2_000;
/// Values a column needs before its shape says anything.
const MIN_VALUES: u64 = 20;

/// What the values of one column showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The column (file index).
    pub column: usize,
    /// Values of the ID's shape, of `values` non-empty ones read.
    pub hits: u64,
    /// Non-empty values read.
    pub values: u64,
}

/// The column among `free` (file indices no role took) whose values are
/// CCCD/CMND numbers: at least nine in ten of its first rows' non-empty
/// values are 9, 11 or 12 digits (11: a CCCD whose leading zero a
/// spreadsheet dropped), and it holds at least [`MIN_VALUES`] of them. An
/// 8-digit value (a CMND that lost its zero, or a `yyyymmdd` date) counts
/// for nothing. The best such column, if any.
pub fn id_column(
    path: &Path,
    sheet: Option<&str>,
    encoding: Option<Encoding>,
    free: &[usize],
) -> Result<Option<Found>> {
    if free.is_empty() {
        return Ok(None);
    }
    let mut src = super::open_sheet(path, encoding, sheet)?;
    src.project(free.to_vec());
    let rows = src.next_batch(SAMPLE_ROWS)?.unwrap_or_default();
    let best = free
        .iter()
        .enumerate()
        .map(|(k, &column)| {
            let values =
                rows.iter().filter_map(|r| r.cells.get(k)).map(|v| v.trim()).filter(|v| !v.is_empty());
            let (mut hits, mut n) = (0, 0);
            for v in values {
                n += 1;
                hits += u64::from(matches!(v.len(), 9 | 11 | 12) && v.bytes().all(|b| b.is_ascii_digit()));
            }
            Found { column, hits, values: n }
        })
        .filter(|f| f.values >= MIN_VALUES && f.hits * 10 >= f.values * 9)
        .max_by_key(|f| (f.hits, std::cmp::Reverse(f.column)));
    Ok(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_column_is_known_by_its_values() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("core.csv");
        let mut text = String::from("CIF,TEN_KH,NGAYSINH,SO_CMT,DU_NO,NGAY_GN\n");
        for i in 0..50u64 {
            // Every tenth ID lost its leading zero in a spreadsheet; one is empty.
            let id = match i {
                7 => String::new(),
                i if i % 10 == 3 => format!("{}", 79_090_000_000 + i),
                i => format!("0790900{i:05}"),
            };
            text.push_str(&format!("{i:08},Nguyen Van A,01/02/1990,{id},{},20240105\n", 1_000_000 + i));
        }
        std::fs::write(&path, text).unwrap();
        // CIF (8 digits), the amount (7) and the yyyymmdd date (8) are no IDs.
        let found = id_column(&path, None, None, &[0, 3, 4, 5]).unwrap().unwrap();
        assert_eq!((found.column, found.hits, found.values), (3, 49, 49));
        assert_eq!(id_column(&path, None, None, &[0, 4, 5]).unwrap(), None);
    }
}
