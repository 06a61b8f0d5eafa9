//! Excel workbooks (`.xlsx`) written a row at a time, for the people who
//! open results in Excel: every cell text unless its column is a number
//! column, so an ID keeps its leading zero (`030141417263`) and is never
//! shown as `3.01E+10`. A sheet holds 1,048,576 rows; rows beyond a
//! sheet's share go on to the next sheet (`results`, `results 2`, …), each
//! under its own header.
//!
//! Rows are streamed (rust_xlsxwriter's constant-memory mode): memory does
//! not grow with them. Each sheet's rows wait, as XML, in an unnamed
//! temporary file in the destination's directory (a run's own, mode 0700;
//! never the system's temporary directory: they are personal data) until
//! [`Workbook::finish`] packs them into the workbook. The workbook is
//! written through [`crate::output::Pending`]: mode 0600, under a
//! temporary name, renamed into place when complete.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, IgnoreError, Worksheet, XlsxError};

use super::Pending;
use crate::error::{Error, Result};
use crate::normalize::date::{days_in_month, parse_date, DateOrder, Precision};

/// Data rows a sheet holds under its header (Excel's 1,048,576 rows, less one).
pub const SHEET_ROWS: u32 = 1_048_575;

/// Columns an Excel sheet holds.
const MAX_COLUMNS: usize = 16_384;
/// Characters (UTF-16 units) an Excel cell holds.
const MAX_CELL: usize = 32_767;
/// Characters of a sheet name.
const MAX_SHEET_NAME: usize = 31;
/// Data rows whose text, with the header's, sets the column widths (no
/// fitting over millions of rows).
const WIDTH_ROWS: u64 = 1_000;
/// Column widths, in Excel's character units, at the least and the most.
const WIDTH_RANGE: (usize, usize) = (6, 50);

/// How a column's cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// As text, whatever it looks like (an ID keeps its leading zeros).
    Text,
    /// As a number; a value that is not one is written as text.
    Number,
    /// By the value: a plain number (an amount: `1500000`, `-2.5`; no
    /// leading zero, 11 digits at most before the point) as a number, an
    /// ISO date (`2024-03-15`) as a date shown `15/03/2024`, anything else as
    /// text — for the export's own columns that are not IDs, keys or names
    /// (a pivot can sum `du_no` and sort `ngay_giai_ngan`). Settled for the
    /// whole column by its first rows: one type per column.
    Auto,
    /// As a date read in this order (an ISO date whatever the order), shown
    /// `dd/mm/yyyy`; a value that is not a whole date as written (a year
    /// alone, a repaired one) is written as text. (What [`Cell::Auto`]
    /// settles to for a column of ISO dates.)
    Date(DateOrder),
}

/// Rows that settle an [`Cell::Auto`] column's type.
const RESOLVE_ROWS: u64 = 1_000;

/// What an [`Cell::Auto`] value is, read from its text.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Typed {
    Number(f64),
    Date(u16, u8, u8),
}

/// A whole date as written (no letter read as a digit, no Excel serial)
/// and a day the calendar has (the reader keeps `31/04/1990` to compare,
/// flagged impossible; Excel has no such day).
fn as_date(cell: &str, order: DateOrder) -> Option<Typed> {
    let (dob, notes) = parse_date(cell, order).ok()?;
    let (y, m, d) = (dob.year(), dob.month(), dob.day());
    let whole = dob.precision() == Precision::Day && !notes.ocr && !notes.excel_serial && y >= 1900;
    (whole && d <= days_in_month(y, m)).then_some(Typed::Date(y as u16, m as u8, d as u8))
}

/// Reads an [`Cell::Auto`] value: a plain number or an ISO date, else nothing.
fn typed(cell: &str) -> Option<Typed> {
    let b = cell.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        return as_date(cell, DateOrder::Ymd);
    }
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    let leading_zero = whole.len() > 1 && whole.starts_with('0');
    if !plain(whole) || !plain(fraction) || leading_zero || whole.len() > 11 {
        return None;
    }
    cell.parse::<f64>().ok().filter(|n| n.is_finite()).map(Typed::Number)
}

/// A workbook being written, sheet after sheet as rows exceed `rows_per_sheet`.
pub struct Workbook {
    book: rust_xlsxwriter::Workbook,
    file: File,
    pending: Pending,
    /// The first sheet's name: the others are named after it.
    sheet: String,
    headers: Vec<String>,
    kinds: Vec<Cell>,
    /// While an [`Cell::Auto`] column is unresolved: the first rows, held
    /// until [`RESOLVE_ROWS`] say what each such column is.
    sample: Option<Vec<Vec<String>>>,
    rows_per_sheet: u32,
    /// Data rows in each sheet begun.
    sheet_rows: Vec<u32>,
    /// Data rows written in all.
    rows: u64,
    /// The widest text seen per column, in characters.
    widths: Vec<usize>,
    bold: Format,
    text: Format,
    date_format: Format,
}

impl Workbook {
    /// `sheet` is the first sheet's name; `kinds` one per header.
    ///
    /// `rows_per_sheet` is the data rows a sheet takes before the next
    /// begins (1 to [`SHEET_ROWS`]; beyond, [`SHEET_ROWS`]). Nothing is at
    /// `path` until [`Workbook::finish`].
    pub fn create(
        path: &Path,
        sheet: &str,
        headers: &[String],
        kinds: &[Cell],
        rows_per_sheet: u32,
    ) -> Result<Workbook> {
        if headers.len() != kinds.len() {
            return Err(Error::Internal(format!(
                "{}: {} headers but {} column kinds",
                path.display(),
                headers.len(),
                kinds.len()
            )));
        }
        if headers.len() > MAX_COLUMNS {
            return Err(Error::Usage(format!(
                "{}: {} columns, more than an Excel sheet holds ({MAX_COLUMNS}); keep fewer input columns \
                 ([input.columns] keep) or write csv or parquet",
                path.display(),
                headers.len()
            )));
        }
        let (file, pending) = Pending::create(path)?;
        let mut book = rust_xlsxwriter::Workbook::new();
        // A fixed creation date, so that the same run writes the same bytes
        // (the manifest records when it ran); the zip's times are fixed too.
        let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(|e| xlsx_error(path, e))?;
        book.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
        // The sheets' rows wait beside the workbook, in the run's own directory.
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        book.set_tempdir(dir).map_err(|e| xlsx_error(path, e))?;
        let mut workbook = Workbook {
            book,
            file,
            pending,
            sheet: sheet.to_string(),
            headers: headers.to_vec(),
            kinds: kinds.to_vec(),
            sample: kinds.contains(&Cell::Auto).then(Vec::new),
            rows_per_sheet: rows_per_sheet.clamp(1, SHEET_ROWS),
            sheet_rows: Vec::new(),
            rows: 0,
            widths: headers.iter().map(|h| h.chars().count() + 3).collect(),
            bold: Format::new().set_bold(),
            text: Format::new().set_num_format("@"),
            date_format: Format::new().set_num_format("dd/mm/yyyy"),
        };
        workbook.begin_sheet()?;
        Ok(workbook)
    }

    /// One data row (as many cells as headers); a Number cell that does not parse, or is empty, is written as text / left blank.
    pub fn write_row(&mut self, cells: &[&str]) -> Result<()> {
        if cells.len() != self.headers.len() {
            return Err(Error::Internal(format!(
                "{}: a row of {} cells under {} headers",
                self.pending.path().display(),
                cells.len(),
                self.headers.len()
            )));
        }
        if let Some(sample) = &mut self.sample {
            sample.push(cells.iter().map(|c| c.to_string()).collect());
            if sample.len() as u64 >= RESOLVE_ROWS {
                self.resolve()?;
            }
            return Ok(());
        }
        self.write_cells(cells)
    }

    /// Settles each [`Cell::Auto`] column by the rows held: a number column
    /// when every value there is a plain number, a date column when every
    /// one is an ISO date, else text (a code column of `001` and `101` is
    /// one type, not two); then writes the rows held.
    fn resolve(&mut self) -> Result<()> {
        let Some(sample) = self.sample.take() else { return Ok(()) };
        for (col, kind) in self.kinds.iter_mut().enumerate().filter(|(_, k)| **k == Cell::Auto) {
            let mut values = sample.iter().map(|r| r[col].as_str()).filter(|c| !c.is_empty()).map(typed);
            *kind = match values.next() {
                Some(Some(Typed::Number(_))) if values.all(|v| matches!(v, Some(Typed::Number(_)))) => {
                    Cell::Number
                }
                Some(Some(Typed::Date(..))) if values.all(|v| matches!(v, Some(Typed::Date(..)))) => {
                    Cell::Date(DateOrder::Ymd)
                }
                _ => Cell::Text,
            };
        }
        for row in &sample {
            self.write_cells(&row.iter().map(String::as_str).collect::<Vec<_>>())?;
        }
        Ok(())
    }

    /// Writes one row by its columns' settled kinds.
    fn write_cells(&mut self, cells: &[&str]) -> Result<()> {
        if self.sheet_rows.last().is_some_and(|&n| n >= self.rows_per_sheet) {
            self.begin_sheet()?;
        }
        let Workbook { book, pending, kinds, headers, widths, text, date_format, sheet_rows, rows, .. } =
            self;
        let (path, index) = (pending.path(), sheet_rows.len() - 1);
        let (row, data_row, measure) = (sheet_rows[index] + 1, *rows + 1, *rows < WIDTH_ROWS);
        guarded(path, || {
            let sheet = book.worksheet_from_index(index).map_err(|e| xlsx_error(path, e))?;
            for (col, (&cell, kind)) in cells.iter().zip(kinds.iter()).enumerate() {
                if cell.is_empty() {
                    continue;
                }
                let value = match kind {
                    Cell::Number => cell.parse::<f64>().ok().filter(|n| n.is_finite()).map(Typed::Number),
                    Cell::Date(order) => as_date(cell, *order),
                    Cell::Auto | Cell::Text => None,
                };
                let c = col as u16;
                let written = match value {
                    Some(Typed::Number(n)) => sheet.write_number(row, c, n),
                    Some(Typed::Date(y, m, d)) => {
                        let date = ExcelDateTime::from_ymd(y, m, d).map_err(|e| xlsx_error(path, e))?;
                        sheet.write_datetime_with_format(row, c, &date, date_format)
                    }
                    None if cell.len() > MAX_CELL && cell.encode_utf16().count() > MAX_CELL => {
                        return Err(too_long(path, data_row, &headers[col]));
                    }
                    None => sheet.write_string_with_format(row, c, cell, text),
                };
                written.map_err(|e| xlsx_error(path, e))?;
                if measure {
                    widths[col] = widths[col].max(cell.chars().count());
                }
            }
            Ok(())
        })?;
        sheet_rows[index] += 1;
        *rows += 1;
        Ok(())
    }

    /// Closes the workbook (renamed into place) and returns the data rows written.
    pub fn finish(mut self) -> Result<u64> {
        self.resolve()?;
        let Workbook { mut book, file, pending, sheet_rows, widths, rows, .. } = self;
        let path = pending.path().to_path_buf();
        let last_col = (widths.len().max(1) - 1) as u16;
        guarded(&path, || {
            for (index, &n) in sheet_rows.iter().enumerate() {
                let sheet = book.worksheet_from_index(index).map_err(|e| xlsx_error(&path, e))?;
                finish_sheet(sheet, n, last_col, &widths).map_err(|e| xlsx_error(&path, e))?;
            }
            let mut out = BufWriter::with_capacity(1 << 20, &file);
            book.save_to_writer(&mut out).map_err(|e| xlsx_error(&path, e))?;
            out.flush().map_err(|e| Error::io(&path, "writing", e))
        })?;
        pending.commit(file)?;
        Ok(rows)
    }

    /// Starts the next sheet, with its header: bold, frozen.
    fn begin_sheet(&mut self) -> Result<()> {
        let path = self.pending.path().to_path_buf();
        let name = sheet_name(&self.sheet, self.sheet_rows.len() + 1);
        let Workbook { book, headers, bold, .. } = self;
        guarded(&path, || {
            let sheet = book.add_worksheet_with_constant_memory().map_err(|e| xlsx_error(&path, e))?;
            sheet.set_name(&name).map_err(|_| bad_sheet_name(&path))?;
            for (col, h) in headers.iter().enumerate() {
                sheet.write_string_with_format(0, col as u16, h, bold).map_err(|e| xlsx_error(&path, e))?;
            }
            sheet.set_freeze_panes(1, 0).map_err(|e| xlsx_error(&path, e))?;
            Ok(())
        })?;
        self.sheet_rows.push(0);
        Ok(())
    }
}

/// A sheet's filter over its header and rows, its column widths, and no
/// "number stored as text" marks on its text cells (text is what they are meant to be).
fn finish_sheet(
    sheet: &mut Worksheet,
    rows: u32,
    last_col: u16,
    widths: &[usize],
) -> std::result::Result<(), XlsxError> {
    sheet.autofilter(0, 0, rows, last_col)?;
    if rows > 0 {
        sheet.ignore_error_range(1, 0, rows, last_col, IgnoreError::NumberStoredAsText)?;
    }
    for (col, &w) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, (w + 1).clamp(WIDTH_RANGE.0, WIDTH_RANGE.1) as f64)?;
    }
    Ok(())
}

/// The name of the `n`th sheet (1-based): `first`, then `first 2`, `first 3` …,
/// `first` shortened as the 31 characters of a sheet name require.
fn sheet_name(first: &str, n: usize) -> String {
    if n == 1 {
        return first.to_string();
    }
    let suffix = format!(" {n}");
    let stem: String = first.chars().take(MAX_SHEET_NAME - suffix.len()).collect();
    format!("{}{suffix}", stem.trim_end_matches([' ', '\'']))
}

/// Runs `write` on the workbook: rust_xlsxwriter panics when the temporary
/// file its rows wait in cannot be written (a full disk); that is an error
/// naming the workbook, not a fault of doisoat's.
fn guarded<T>(path: &Path, write: impl FnOnce() -> Result<T>) -> Result<T> {
    let _quiet = crate::progress::QuietPanics::new();
    catch_unwind(AssertUnwindSafe(write)).unwrap_or_else(|_| {
        Err(Error::io(
            path,
            "writing",
            std::io::Error::other(
                "the rows waiting in a temporary file beside it could not be written (is the disk full?); \
                 free space and run again",
            ),
        ))
    })
}

fn xlsx_error(path: &Path, e: XlsxError) -> Error {
    match e {
        XlsxError::IoError(e) | XlsxError::TempFileError(_, e) => Error::io(path, "writing", e),
        e => Error::io(
            path,
            "writing",
            std::io::Error::other(format!("{e}; write the results as csv or parquet instead")),
        ),
    }
}

fn bad_sheet_name(path: &Path) -> Error {
    Error::Usage(format!(
        "{}: not a sheet name Excel takes; give 1 to {MAX_SHEET_NAME} characters, none of [ ] : * ? / \\, \
         not starting or ending with an apostrophe",
        path.display()
    ))
}

fn too_long(path: &Path, row: u64, column: &str) -> Error {
    Error::Data {
        path: path.into(),
        row: Some(row),
        column: Some(column.to_string()),
        message: format!(
            "the cell holds more than the {MAX_CELL} characters an Excel cell can; write the results as csv \
             or parquet, or leave the column out ([input.columns] keep)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{open_workbook, Data, Reader, Xlsx};

    /// Every sheet of the workbook at `path`: its name and its cells.
    fn read_back(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
        let mut book: Xlsx<_> = open_workbook(path).unwrap();
        let names = book.sheet_names();
        names
            .into_iter()
            .map(|n| {
                let range = book.worksheet_range(&n).unwrap();
                (n, range.rows().map(<[Data]>::to_vec).collect())
            })
            .collect()
    }

    #[test]
    fn auto_columns_take_one_type_from_their_values() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("results.xlsx");
        let headers = ["du_no", "ma_cn", "ngay", "ghi_chu", "ngay_sinh"].map(String::from).to_vec();
        let kinds = [Cell::Auto, Cell::Auto, Cell::Auto, Cell::Auto, Cell::Date(DateOrder::Dmy)];
        let mut book = Workbook::create(&path, "results", &headers, &kinds, SHEET_ROWS).unwrap();
        // Amounts; branch codes of which one has a leading zero; ISO dates;
        // a note column of numbers and words; day-first dates and a year alone.
        book.write_row(&["1500000", "101", "2024-03-15", "12", "15/03/1990"]).unwrap();
        book.write_row(&["-2.5", "001", "", "xem lại", "1990"]).unwrap();
        book.write_row(&["", "102", "2023-12-31", "7", "31/12/1985"]).unwrap();
        assert_eq!(book.finish().unwrap(), 3);
        let rows = &read_back(&path)[0].1;
        assert_eq!((&rows[1][0], &rows[2][0]), (&Data::Float(1_500_000.0), &Data::Float(-2.5)));
        let text = |r: usize, c: usize| rows[r][c] == Data::String(["101", "001", "102"][r - 1].into());
        assert!((1..=3).all(|r| text(r, 1)), "one code with a leading zero makes the column text");
        assert!(matches!(rows[1][2], Data::DateTime(_)) && matches!(rows[3][2], Data::DateTime(_)));
        assert_eq!(rows[1][3], Data::String("12".into()), "a column with words is text throughout");
        assert!(matches!(rows[1][4], Data::DateTime(_)) && matches!(rows[3][4], Data::DateTime(_)));
        assert_eq!(rows[2][4], Data::String("1990".into()), "a year alone is no date");
        for (cell, number) in
            [("007", false), ("12345678901", true), ("123456789012", false), ("1.5e3", false)]
        {
            assert_eq!(typed(cell).is_some(), number, "{cell}");
        }
        assert_eq!(typed("2023-02-29"), None, "no such day");
        assert_eq!(as_date("31/04/1990", DateOrder::Dmy), None, "no such day: text, not a failed workbook");
        assert_eq!(as_date("29/02/2024", DateOrder::Dmy), Some(Typed::Date(2024, 2, 29)));
    }

    #[test]
    fn rows_beyond_a_sheet_go_on_to_the_next_with_text_ids_and_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("results.xlsx");
        let headers = ["row", "person_id", "score", "ten"].map(String::from).to_vec();
        let kinds = [Cell::Number, Cell::Text, Cell::Number, Cell::Text];
        let mut book = Workbook::create(&path, "results", &headers, &kinds, 3).unwrap();
        for i in 1..=7u64 {
            let (row, id) = (i.to_string(), format!("03014141726{i}"));
            let score = if i == 2 {
                ""
            } else if i == 3 {
                "n/a"
            } else {
                "0.953210"
            };
            book.write_row(&[&row, &id, score, "Nguyễn Văn Hòa"]).unwrap();
        }
        assert!(!path.exists(), "nothing under the final name before finish");
        assert_eq!(book.finish().unwrap(), 7);
        let sheets = read_back(&path);
        let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["results", "results 2", "results 3"]);
        let header: Vec<Data> = headers.iter().map(|h| Data::String(h.clone())).collect();
        let mut seen = 0;
        for ((_, rows), want) in sheets.iter().zip([3, 3, 1]) {
            assert_eq!(rows[0], header, "each sheet starts with the header");
            assert_eq!(rows.len(), want + 1);
            for r in &rows[1..] {
                seen += 1;
                assert_eq!(r[0], Data::Float(seen as f64));
                assert_eq!(
                    r[1],
                    Data::String(format!("03014141726{seen}")),
                    "an ID is text, leading zero kept"
                );
                assert_eq!(r[3], Data::String("Nguyễn Văn Hòa".into()));
                let score = match seen {
                    2 => Data::Empty,
                    3 => Data::String("n/a".into()),
                    _ => Data::Float(0.95321),
                };
                assert_eq!(r[2], score, "row {seen}");
            }
        }
        assert_eq!(seen, 7);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, ["results.xlsx"], "no temporary file is left");
    }

    #[test]
    fn a_workbook_without_rows_has_its_header_and_one_left_unfinished_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.xlsx");
        let headers = ["row", "status"].map(String::from).to_vec();
        let book =
            Workbook::create(&path, "results", &headers, &[Cell::Number, Cell::Text], SHEET_ROWS).unwrap();
        assert_eq!(book.finish().unwrap(), 0);
        let sheets = read_back(&path);
        assert_eq!(sheets.len(), 1);
        assert_eq!(sheets[0].1, [vec![Data::String("row".into()), Data::String("status".into())]]);
        let unfinished = dir.path().join("half.xlsx");
        let mut book =
            Workbook::create(&unfinished, "results", &headers, &[Cell::Number, Cell::Text], 5).unwrap();
        book.write_row(&["1", "MATCH"]).unwrap();
        drop(book);
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, ["empty.xlsx"]);
    }

    #[test]
    fn sheet_names_cells_and_rows_excel_cannot_hold_are_errors() {
        assert_eq!(sheet_name("results", 1), "results");
        assert_eq!(sheet_name("results", 12), "results 12");
        let long = "Chi nhánh Hà Nội - Hoàn Kiếm 0123";
        assert_eq!(
            sheet_name(long, 2),
            "Chi nhánh Hà Nội - Hoàn Kiếm 2",
            "cut to 31 characters, no space doubled"
        );
        assert_eq!(sheet_name(&"x".repeat(31), 10).chars().count(), 31);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.xlsx");
        let h = ["a", "b"].map(String::from).to_vec();
        let e = Workbook::create(&path, "a/b", &h, &[Cell::Text, Cell::Text], 5).err().unwrap();
        assert!(matches!(e, Error::Usage(_)) && e.to_string().contains("r.xlsx"), "{e}");
        assert!(Workbook::create(&path, "a", &h, &[Cell::Text], 5).is_err(), "a kind per header");
        let mut book = Workbook::create(&path, "results", &h, &[Cell::Text, Cell::Text], 5).unwrap();
        assert!(book.write_row(&["x"]).is_err(), "a cell per header");
        let e = book.write_row(&["x", &"9".repeat(MAX_CELL + 1)]).unwrap_err().to_string();
        assert!(e.contains("r.xlsx, row 1, column 'b'") && e.contains("csv"), "{e}");
        let wide: Vec<String> = (0..=MAX_COLUMNS).map(|i| i.to_string()).collect();
        let e = Workbook::create(&path, "results", &wide, &vec![Cell::Text; wide.len()], 5).err().unwrap();
        assert!(e.to_string().contains("16384"), "{e}");
    }
}
