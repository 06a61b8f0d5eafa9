//! Excel workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`) through calamine: the
//! first sheet or the one named (`--sheet`, `--base-sheet`), its first row
//! the header. A sheet holds at most ~1M rows,
//! so it is read whole. Cells become text as the CSV reader would give
//! them: whole numbers without a decimal point (an ID stored as a number,
//! its leading zero lost, is then restored by the ID normaliser), dates as
//! their Excel serial number (the date normaliser converts those), error
//! cells (`#N/A`) empty.
//!
//! A workbook is a zip of XML: before calamine reads one (`.xlsx`,
//! `.xlsm`), what its sheets and strings unpack to and the dimension each
//! sheet declares are checked against [`MAX_UNPACKED`] and [`MAX_CELLS`] —
//! calamine sizes its memory from them, so a 2 KB file declaring
//! `A1:XFD1048576` would take gigabytes.

use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{Data, Range, Reader};

use super::{Row, Source};
use crate::error::{Error, Result};

/// A worksheet, read whole.
pub struct ExcelSource {
    headers: Vec<String>,
    range: Range<Data>,
    projection: Vec<usize>,
    /// Next sheet row to hand out (row 0 is the header).
    next: usize,
    path: PathBuf,
}

impl ExcelSource {
    /// Opens the workbook at `path` and reads the sheet named `sheet`, or
    /// its first. A name the workbook lacks is a usage error that lists the
    /// names it has.
    pub fn open(path: &Path, sheet: Option<&str>) -> Result<ExcelSource> {
        let bad = |e: String| {
            Error::data(
                path,
                format!("cannot read the workbook ({e}); save it again from Excel as .xlsx, or as CSV UTF-8"),
            )
        };
        check_zip_limits(path)?;
        let mut book = calamine::open_workbook_auto(path).map_err(|e| bad(e.to_string()))?;
        let range = match sheet {
            None => book.worksheet_range_at(0).ok_or_else(|| bad("it has no sheet".into()))?,
            Some(want) => {
                let names = book.sheet_names();
                let name = pick(&names, want).ok_or_else(|| unknown_sheet(path, want, &names))?;
                book.worksheet_range(&name)
            }
        }
        .map_err(|e| bad(e.to_string()))?;
        let headers: Vec<String> = range
            .rows()
            .next()
            .map(|row| row.iter().map(|c| text(c).trim().to_string()).collect())
            .unwrap_or_default();
        if headers.iter().all(String::is_empty) {
            let which = sheet.map_or("the first sheet".to_string(), |s| format!("sheet '{s}'"));
            return Err(Error::data(
                path,
                format!("{which} is empty or has no header row; its first row must name the columns"),
            ));
        }
        Ok(ExcelSource { headers, range, projection: Vec::new(), next: 1, path: path.into() })
    }
}

/// What a workbook's sheets and shared strings may unpack to (a full
/// sheet of 1,048,576 rows of a bank export is a few hundred MB).
const MAX_UNPACKED: u64 = 2 << 30;
/// Cells a sheet may declare (1,048,576 rows × 64 columns).
const MAX_CELLS: u64 = 1 << 26;

/// Refuses a zipped workbook whose sheets and strings unpack to more than
/// [`MAX_UNPACKED`], or a sheet declaring more than [`MAX_CELLS`] cells,
/// before any of it is read. Other files (`.xls`, not a zip) pass.
fn check_zip_limits(path: &Path) -> Result<()> {
    let Ok(file) = std::fs::File::open(path) else { return Ok(()) };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else { return Ok(()) };
    let refuse = |what: String| {
        Error::data(
            path,
            format!("{what}: more than a workbook of real data holds, and not read; export the sheet as CSV (a .csv.gz is read as a stream)"),
        )
    };
    let parts: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(std::borrow::Cow::into_owned))
        .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml") || n == "xl/sharedStrings.xml")
        .collect();
    let mut unpacked = 0u64;
    for name in &parts {
        let Ok(mut part) = zip.by_name(name) else { continue };
        unpacked = unpacked.saturating_add(part.size());
        if name.starts_with("xl/worksheets/") {
            let mut head = Vec::new();
            (&mut part).take(4096).read_to_end(&mut head).map_err(|e| Error::io(path, "reading", e))?;
            if let Some((dimension, cells)) = declared_cells(&head).filter(|&(_, c)| c > MAX_CELLS) {
                return Err(refuse(format!("a sheet declares the range {dimension} ({cells} cells)")));
            }
        }
    }
    if unpacked > MAX_UNPACKED {
        return Err(refuse(format!("its sheets and strings unpack to {unpacked} bytes")));
    }
    Ok(())
}

/// The `<dimension ref="A1:H61"/>` a sheet's XML opens with: the range
/// and how many cells it spans.
fn declared_cells(head: &[u8]) -> Option<(String, u64)> {
    let text = String::from_utf8_lossy(head);
    let at = text.find("<dimension ref=\"")? + "<dimension ref=\"".len();
    let range = &text[at..at + text[at..].find('"')?];
    let corner = |r: &str| -> Option<(u64, u64)> {
        let split = r.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = r.split_at(split);
        let col = letters.bytes().try_fold(0u64, |n, b| {
            b.is_ascii_alphabetic().then(|| n * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1))
        })?;
        Some((col, digits.parse().ok()?))
    };
    let (from, to) = range.split_once(':').unwrap_or((range, range));
    let ((c1, r1), (c2, r2)) = (corner(from)?, corner(to)?);
    let cells = (c2.abs_diff(c1) + 1).saturating_mul(r2.abs_diff(r1) + 1);
    Some((range.to_string(), cells))
}

/// The sheet named `want`: so written, or else in other capitals (Excel
/// does not tell names apart by case, so there is at most one).
fn pick(names: &[String], want: &str) -> Option<String> {
    names
        .iter()
        .find(|n| *n == want)
        .or_else(|| names.iter().find(|n| n.to_lowercase() == want.to_lowercase()))
        .cloned()
}

/// The error for a sheet name the workbook lacks: the names it has.
fn unknown_sheet(path: &Path, want: &str, names: &[String]) -> Error {
    let have: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    Error::Usage(format!(
        "{}: the workbook has no sheet named '{want}'; its sheets are {}: name one of them",
        path.display(),
        if have.is_empty() { "none".to_string() } else { have.join(", ") }
    ))
}

/// A cell as text.
fn text(cell: &Data) -> String {
    match cell {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => whole(*f).unwrap_or_else(|| f.to_string()),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        // A date cell as an ISO date (any date order reads it), its time of day dropped.
        // (calamine knows the workbook's date system, 1900 or 1904).
        Data::DateTime(d) if d.is_datetime() && (1.0..2_958_466.0).contains(&d.as_f64()) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTime(d) => whole(d.as_f64()).unwrap_or_else(|| d.as_f64().to_string()),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// A float that is a whole number, written without a decimal point.
fn whole(f: f64) -> Option<String> {
    (f.fract() == 0.0 && f.abs() < 1e15).then(|| format!("{}", f as i64))
}

impl Source for ExcelSource {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn project(&mut self, columns: Vec<usize>) {
        self.projection = columns;
    }

    fn next_batch(&mut self, max: usize) -> Result<Option<Vec<Row>>> {
        let height = self.range.height();
        if self.next >= height {
            return Ok(None);
        }
        let end = (self.next + max).min(height);
        let rows = (self.next..end)
            .map(|r| Row {
                number: r as u64,
                cells: self
                    .projection
                    .iter()
                    .map(|&c| self.range.get((r, c)).map(text).unwrap_or_default())
                    .collect(),
                malformed: None,
                raw: None,
            })
            .collect();
        self.next = end;
        Ok(Some(rows))
    }

    fn progress(&self) -> (u64, u64) {
        (self.next as u64, self.range.height() as u64)
    }
}

impl std::fmt::Debug for ExcelSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ExcelSource({})", self.path.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_the_csv_reader_would_give_them() {
        assert_eq!(text(&Data::Float(79_190_000_123.0)), "79190000123");
        assert_eq!(text(&Data::Float(1.5)), "1.5");
        assert_eq!(text(&Data::Int(42)), "42");
        assert_eq!(text(&Data::Empty), "");
        assert_eq!(text(&Data::String("Nguyễn".into())), "Nguyễn");
    }

    #[test]
    fn declared_dimensions_are_counted_in_cells() {
        let d = |s: &str| declared_cells(s.as_bytes()).map(|(_, c)| c);
        assert_eq!(d(r#"<worksheet><dimension ref="A1:H61"/>"#), Some(8 * 61));
        assert_eq!(d(r#"<dimension ref="A1:XFD1048576"/>"#), Some(16_384 * 1_048_576));
        assert_eq!(d(r#"<dimension ref="C3"/>"#), Some(1));
        assert_eq!(d("<sheetData>"), None);
        assert!(d(r#"<dimension ref="A1:XFD1048576"/>"#).unwrap() > MAX_CELLS && 1_048_576 * 64 <= MAX_CELLS);
    }

    #[test]
    fn sheets_are_named_as_written_or_in_other_capitals() {
        let names = vec!["Tổng hợp".to_string(), "DATA".to_string(), "data".to_string()];
        assert_eq!(pick(&names, "data").as_deref(), Some("data"));
        assert_eq!(pick(&names, "tổng HỢP").as_deref(), Some("Tổng hợp"));
        assert_eq!(pick(&names, "Sheet1"), None);
        let e = unknown_sheet(Path::new("a.xlsx"), "Sheet1", &names);
        assert_eq!(e.exit_code(), 2);
        assert_eq!(
            e.to_string(),
            "a.xlsx: the workbook has no sheet named 'Sheet1'; its sheets are 'Tổng hợp', 'DATA', 'data': name one of them"
        );
    }
}
