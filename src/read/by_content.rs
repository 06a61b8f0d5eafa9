//! Columns found by their values when no header names them: a core-banking
//! export's `SO_CMT`, a school system's `GTTT_SO` are ID columns whatever
//! they are called, and an ID column left unmapped would make every row
//! `ID_MISSING` — telling clerks to add numbers the file already holds.
//! Likewise a date column's order: `03/25/1990` says month first, and a
//! US-style export read day first would swap every day up to the 12th.

use std::path::Path;

use super::encoding::Encoding;
use super::Row;
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
    let id_like = |v: &str| matches!(v.len(), 9 | 11 | 12) && v.bytes().all(|b| b.is_ascii_digit());
    column_where(path, sheet, encoding, free, id_like)
}

/// The column among `free` where at least nine in ten of the first rows'
/// non-empty values are `like`, with [`MIN_VALUES`] of them at least: the
/// one with the most (the first on a tie), if any.
fn column_where(
    path: &Path,
    sheet: Option<&str>,
    encoding: Option<Encoding>,
    free: &[usize],
    like: impl Fn(&str) -> bool,
) -> Result<Option<Found>> {
    if free.is_empty() {
        return Ok(None);
    }
    let rows = first_rows(path, sheet, encoding, free)?;
    let best = free
        .iter()
        .enumerate()
        .map(|(k, &column)| {
            let (mut hits, mut n) = (0, 0);
            for v in values(&rows, k) {
                n += 1;
                hits += u64::from(like(v));
            }
            Found { column, hits, values: n }
        })
        .filter(|f| f.values >= MIN_VALUES && f.hits * 10 >= f.values * 9)
        .max_by_key(|f| (f.hits, std::cmp::Reverse(f.column)));
    Ok(best)
}

/// The column among `free` whose values are persons' names: at least nine
/// in ten of its first rows' non-empty values are two to six words of
/// letters (an apostrophe, a hyphen or a dot inside allowed; no digit), and
/// it holds at least [`MIN_VALUES`] of them. The best such column, if any.
pub fn name_column(
    path: &Path,
    sheet: Option<&str>,
    encoding: Option<Encoding>,
    free: &[usize],
) -> Result<Option<Found>> {
    let name_like = |v: &str| {
        let words = v.split_whitespace().count();
        (2..=6).contains(&words)
            && v.chars().all(|c| c.is_alphabetic() || c.is_whitespace() || matches!(c, '\'' | '-' | '.'))
    };
    if free.is_empty() {
        return Ok(None);
    }
    // Place names and titles are words too: of the columns that qualify,
    // the one with the most distinct values (names vary, places repeat);
    // two as varied refuse the choice.
    let rows = first_rows(path, sheet, encoding, free)?;
    let mut qualified: Vec<(usize, Found)> = free
        .iter()
        .enumerate()
        .filter_map(|(k, &column)| {
            let mut all: Vec<&str> = values(&rows, k).collect();
            let hits = all.iter().filter(|v| name_like(v)).count() as u64;
            let n = all.len() as u64;
            all.sort_unstable();
            all.dedup();
            let found = Found { column, hits, values: n };
            (n >= MIN_VALUES && hits * 10 >= n * 9).then_some((all.len(), found))
        })
        .collect();
    qualified.sort_by_key(|(distinct, f)| (std::cmp::Reverse(*distinct), f.column));
    match qualified.as_slice() {
        [(a, _), (b, _), ..] if a == b => Ok(None),
        [(_, best), ..] => Ok(Some(*best)),
        [] => Ok(None),
    }
}

/// The column among `free` whose values are sexes written as words (`Nam`,
/// `Nữ`, `F`, `Male` …: nine in ten of them; a column of 0 and 1 says
/// nothing, it could be any flag).
pub fn sex_column(
    path: &Path,
    sheet: Option<&str>,
    encoding: Option<Encoding>,
    free: &[usize],
) -> Result<Option<Found>> {
    let sex_word =
        |v: &str| !v.bytes().all(|b| b.is_ascii_digit()) && crate::normalize::parse_sex(v).is_some();
    column_where(path, sheet, encoding, free, sex_word)
}

/// A column of dates: its column (file index), the values that are dates
/// of the `values` non-empty ones read, and their mean year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dates {
    /// The column (file index).
    pub column: usize,
    /// Values that are dates.
    pub hits: u64,
    /// Non-empty values read.
    pub values: u64,
    /// The dates' mean year.
    pub mean_year: f64,
}

/// The columns among `free` whose values are dates (at least nine in ten
/// of the first rows' non-empty values: `d/m/yyyy` or `m/d/yyyy` with `/`,
/// `-` or `.`, `yyyy-mm-dd`, `yyyymmdd`; [`MIN_VALUES`] of them at least),
/// earliest mean year first (a date of birth before a disbursement date).
pub fn date_columns(
    path: &Path,
    sheet: Option<&str>,
    encoding: Option<Encoding>,
    free: &[usize],
) -> Result<Vec<Dates>> {
    if free.is_empty() {
        return Ok(Vec::new());
    }
    let rows = first_rows(path, sheet, encoding, free)?;
    let mut found: Vec<Dates> = free
        .iter()
        .enumerate()
        .filter_map(|(k, &column)| {
            let (mut hits, mut n, mut years) = (0u64, 0u64, 0u64);
            for v in values(&rows, k) {
                n += 1;
                if let Some(year) = date_year(v) {
                    hits += 1;
                    years += u64::from(year);
                }
            }
            let dates = n >= MIN_VALUES && hits * 10 >= n * 9;
            dates.then(|| Dates { column, hits, values: n, mean_year: years as f64 / hits as f64 })
        })
        .collect();
    found.sort_by(|a, b| a.mean_year.total_cmp(&b.mean_year).then(a.column.cmp(&b.column)));
    Ok(found)
}

/// The year of a value shaped like a whole date (day and month in range,
/// either order; a year from 1800 to 2199), else `None`.
fn date_year(v: &str) -> Option<u32> {
    let parts: Vec<&str> = v.split(['/', '-', '.']).collect();
    let number =
        |t: &str| (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse::<u32>().ok())?;
    let (a, b, y) = match parts.as_slice() {
        [a, b, y] if y.len() == 4 && a.len() <= 2 && b.len() <= 2 => (number(a)?, number(b)?, number(y)?),
        [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => (number(d)?, number(m)?, number(y)?),
        [s] if year_first(s) => (number(&s[6..])?, number(&s[4..6])?, number(&s[..4])?),
        _ => return None,
    };
    let day_month =
        (1..=31).contains(&a) && (1..=12).contains(&b) || (1..=12).contains(&a) && (1..=31).contains(&b);
    (day_month && (1800..=2199).contains(&y)).then_some(y)
}

/// What the year-last dates of a column say about their order: values
/// whose first number cannot be a month (`25/03/1990`: day first) and
/// values whose second cannot (`03/25/1990`: month first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateShapes {
    /// Day first for certain.
    pub day_first: u64,
    /// Month first for certain.
    pub month_first: u64,
    /// Non-empty values read.
    pub values: u64,
}

impl DateShapes {
    /// Month first when at least [`MIN_ORDERED`] values can only be read so
    /// and no more than one in twenty of the certain ones says otherwise.
    pub fn month_first(&self) -> bool {
        self.month_first >= MIN_ORDERED && self.day_first * 20 <= self.month_first
    }

    /// The shapes of one value: `a/b/yyyy` (any of `/ - .`) or eight
    /// digits that are no `yyyymmdd` date.
    fn add(&mut self, value: &str) {
        self.values += 1;
        let parts: Vec<&str> = value.split(['/', '-', '.']).collect();
        let (a, b) = match parts.as_slice() {
            [a, b, y] if y.len() == 4 && a.len() <= 2 && b.len() <= 2 => (*a, *b),
            [s] if s.len() == 8 && s.bytes().all(|c| c.is_ascii_digit()) && !year_first(s) => {
                (&s[..2], &s[2..4])
            }
            _ => return,
        };
        let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) else { return };
        match (a, b) {
            (13..=31, 1..=12) => self.day_first += 1,
            (1..=12, 13..=31) => self.month_first += 1,
            _ => {}
        }
    }
}

/// Values that must read one order before a column is read month first.
const MIN_ORDERED: u64 = 5;

/// Eight digits that read as `yyyymmdd` (a plausible year, month and day).
fn year_first(s: &str) -> bool {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    (1800..=2199).contains(&n(0..4)) && (1..=12).contains(&n(4..6)) && (1..=31).contains(&n(6..8))
}

/// The date shapes of the first rows' values of `column` (a file index).
pub fn date_shapes(
    path: &Path,
    sheet: Option<&str>,
    encoding: Option<Encoding>,
    column: usize,
) -> Result<DateShapes> {
    let rows = first_rows(path, sheet, encoding, &[column])?;
    let mut shapes = DateShapes::default();
    values(&rows, 0).for_each(|v| shapes.add(v));
    Ok(shapes)
}

/// The first [`SAMPLE_ROWS`] rows of the file, `columns` (file indices) only.
fn first_rows(
    path: &Path,
    sheet: Option<&str>,
    encoding: Option<Encoding>,
    columns: &[usize],
) -> Result<Vec<Row>> {
    let mut src = super::open_sheet(path, encoding, sheet)?;
    src.project(columns.to_vec());
    Ok(src.next_batch(SAMPLE_ROWS)?.unwrap_or_default())
}

/// The trimmed, non-empty values of the `k`-th projected column of `rows`.
fn values(rows: &[Row], k: usize) -> impl Iterator<Item = &str> {
    rows.iter().filter_map(move |r| r.cells.get(k)).map(|v| v.trim()).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` written to a file in a fresh folder (kept while the folder lives).
    fn file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn an_id_column_is_known_by_its_values() {
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
        let (_dir, path) = file(&text);
        // CIF (8 digits), the amount (7) and the yyyymmdd date (8) are no IDs.
        let found = id_column(&path, None, None, &[0, 3, 4, 5]).unwrap().unwrap();
        assert_eq!((found.column, found.hits, found.values), (3, 49, 49));
        assert_eq!(id_column(&path, None, None, &[0, 4, 5]).unwrap(), None);
    }

    #[test]
    fn a_name_column_is_known_by_its_values() {
        let mut text = String::from("A,B,C,D\n");
        for i in 0..30u64 {
            let name = ["Nguyễn Văn An", "TRAN THI BICH NGOC", "Lê Đức", "H'Hen Niê", "Nguyen-Tran Minh"]
                [i as usize % 5];
            text.push_str(&format!("{i:08},{name},CN{i:03} Hà Nội,Anytown\n"));
        }
        let (_dir, path) = file(&text);
        // The branch has digits, the city one word.
        let found = name_column(&path, None, None, &[0, 1, 2, 3]).unwrap().unwrap();
        assert_eq!((found.column, found.hits, found.values), (1, 30, 30));
        assert_eq!(name_column(&path, None, None, &[0, 2, 3]).unwrap(), None);
        // A column of place names before the names: the names vary more.
        let mut text = String::from("A,B\n");
        for i in 0..30 {
            let place = ["Hà Nội", "Thành phố Hồ Chí Minh", "Đà Nẵng"][i % 3];
            text.push_str(&format!(
                "{place},Người Thứ {}\n",
                ["Một", "Hai", "Ba", "Bốn", "Năm", "Sáu"][i % 6]
            ));
        }
        let (_dir, path) = file(&text);
        assert_eq!(name_column(&path, None, None, &[0, 1]).unwrap().map(|f| f.column), Some(1));
    }

    #[test]
    fn a_sex_column_is_known_by_its_words_not_by_zeros_and_ones() {
        let mut text = String::from("A,B,C\n");
        for i in 0..30u64 {
            text.push_str(&format!("{},{},{}\n", ["Nam", "Nữ", "NU", "nam"][i as usize % 4], i % 2, i));
        }
        let (_dir, path) = file(&text);
        assert_eq!(sex_column(&path, None, None, &[0, 1, 2]).unwrap().map(|f| f.column), Some(0));
        assert_eq!(sex_column(&path, None, None, &[1, 2]).unwrap(), None);
    }

    #[test]
    fn date_columns_are_known_by_their_values_earliest_first() {
        let mut text = String::from("CIF,TEN_KH,COL3,SO_CMT,DU_NO,COL8,NOTE\n");
        for i in 0..40u64 {
            let born =
                if i == 5 { "không rõ".to_string() } else { format!("{:02}/03/19{}", 1 + i % 28, 50 + i) };
            let paid = format!("2024{:02}{:02}", 1 + i % 12, 1 + i % 28);
            text.push_str(&format!(
                "{i:08},Nguyen Van A,{born},07909000{i:04},{},{paid},x{i}\n",
                1_000_000 + i
            ));
        }
        let (_dir, path) = file(&text);
        let found = date_columns(&path, None, None, &[0, 2, 4, 5, 6]).unwrap();
        let columns: Vec<(usize, u64, u64)> = found.iter().map(|d| (d.column, d.hits, d.values)).collect();
        assert_eq!(
            columns,
            [(2, 39, 40), (5, 40, 40)],
            "birth dates first; CIF, amounts and notes are no dates"
        );
        assert!((found[0].mean_year - 1969.5).abs() < 1.0 && found[1].mean_year == 2024.0);
        // Eight bytes of letters (Cường) are no date, and no panic.
        let cases = [
            ("2024-01-31", Some(2024)),
            ("31.12.1999", Some(1999)),
            ("13/13/1990", None),
            ("12345678", None),
        ];
        for (v, want) in cases.into_iter().chain([("Cường", None), ("Hưởng", None)]) {
            assert_eq!(date_year(v), want, "{v}");
        }
    }

    #[test]
    fn a_date_column_is_month_first_by_its_values() {
        let shapes = |values: &[&str]| {
            let mut s = DateShapes::default();
            values.iter().for_each(|v| s.add(v));
            s
        };
        let us = shapes(&["03/25/1990", "12/31/1985", "1-13-2001", "07/04/1976", "02/28/1960", "11/30/1999"]);
        assert_eq!((us.month_first, us.day_first, us.values), (5, 0, 6));
        assert!(us.month_first());
        // MMDDYYYY, and yyyymmdd that says nothing about the order.
        let wic = shapes(&["12252018", "01312019", "06152017", "10302016", "03142020", "20190314"]);
        assert_eq!((wic.month_first, wic.day_first), (5, 0));
        // Day first, or too few to tell, or mixed: not month first.
        assert!(
            !shapes(&["25/03/1990", "31/12/1985", "13/01/2001", "04/07/1976", "28/02/1960"]).month_first()
        );
        assert!(!shapes(&["03/25/1990", "12/31/1985", "07/04/1976"]).month_first());
        let mixed = ["03/25/1990", "12/31/1985", "1/13/2001", "02/28/1960", "11/30/1999", "25/03/1990"];
        assert!(!shapes(&mixed).month_first());
    }
}
