//! Stage 1: reading tables in bounded batches.
//!
//! A [`Source`] yields batches of rows, each row holding only the projected
//! columns as text, in input order, with its 1-based data-row number. CSV
//! is streamed with the `csv` crate; Parquet is read through polars a slice
//! of rows at a time. Either way memory stays bounded by the batch size.

pub mod by_content;
pub mod capped;
pub mod csv;
pub mod encoding;
pub mod excel;
pub mod kind;
pub mod mapping;
pub mod parquet;
pub mod prefetch;
pub mod roles;
pub mod side;
pub mod stdin;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub use crate::output::Format;
pub use mapping::{map_roles, Mapped, Role};

/// One input row: the projected cells, or a note that it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based data-row number (the header is not counted).
    pub number: u64,
    /// The projected cells, in projection order (as far as they could be read when `malformed`).
    pub cells: Vec<String>,
    /// Why the row could not be read as a record.
    pub malformed: Option<RowFault>,
    /// For a malformed row of a text file: where it is and how it reads.
    pub raw: Option<Box<Raw>>,
}

/// Where an unreadable row is in its file, and its text as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raw {
    /// 1-based line (counted by line feeds) where the row starts.
    pub line: u64,
    /// Byte offset where the row starts, in the text as decoded (the
    /// file's own bytes for UTF-8).
    pub offset: u64,
    /// The row's first [`RAW_MAX`] bytes.
    pub text: Box<[u8]>,
}

/// Bytes of an unreadable row's text kept for `rejects.csv`.
pub const RAW_MAX: usize = 200;

/// Why a row could not be read as a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFault {
    /// It has more or fewer fields than the header.
    FieldCount,
    /// A cell is not valid text in the file's encoding.
    Encoding,
    /// A quote opened on the line never closes where a record could end
    /// (the line alone is the row).
    UnbalancedQuote,
    /// The line runs past the row-length cap ([`max_row_bytes`]): skipped
    /// to its end, never held whole (one line of gigabytes is a damaged file).
    TooLong,
}

impl RowFault {
    /// Every fault.
    pub const ALL: [RowFault; 4] =
        [RowFault::FieldCount, RowFault::Encoding, RowFault::UnbalancedQuote, RowFault::TooLong];
}

/// Bytes one row may take before it is `ROW_TOO_LONG` (`[input]
/// max_row_bytes`; by default 16 MiB, thousands of times a real row).
static MAX_ROW_BYTES: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(DEFAULT_MAX_ROW_BYTES);

/// The default row-length cap.
pub const DEFAULT_MAX_ROW_BYTES: usize = 16 << 20;

/// The row-length cap text files are read with.
pub fn max_row_bytes() -> usize {
    MAX_ROW_BYTES.load(std::sync::atomic::Ordering::Relaxed)
}

/// Sets the row-length cap for the files read from here on (once per run,
/// from the configuration).
pub fn set_max_row_bytes(bytes: usize) {
    MAX_ROW_BYTES.store(bytes.max(1024), std::sync::atomic::Ordering::Relaxed);
}

/// What identifies a file's content cheaply: its size and its last
/// modification time. The input is read more than once (a sample for the
/// model, the match pass, the write pass); a file that changes in between
/// would pair one row's outcome with another row, so the run stops instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    size: u64,
    modified: Option<std::time::SystemTime>,
}

impl Fingerprint {
    /// The file's fingerprint now.
    pub fn of(path: &std::path::Path) -> Result<Fingerprint> {
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, "reading", e))?;
        Ok(Fingerprint { size: meta.len(), modified: meta.modified().ok() })
    }

    /// An error unless the file at `path` still has this fingerprint.
    pub fn check(&self, path: &std::path::Path) -> Result<()> {
        if Fingerprint::of(path)? == *self {
            Ok(())
        } else {
            Err(changed(path))
        }
    }
}

/// The error for a file that changed while it was being read.
pub fn changed(path: &std::path::Path) -> Error {
    Error::data(
        path,
        "the file changed while doisoat was reading it (another size, rows or modification time than at the \
         start); nothing was written: run again once the file is complete and no longer being written",
    )
}

/// A reader of rows in batches.
pub trait Source: Send {
    /// Column names, in file order.
    fn headers(&self) -> &[String];
    /// Chooses which columns the rows carry, by index into [`Source::headers`].
    fn project(&mut self, columns: Vec<usize>);
    /// The next batch of at most `max` rows; `None` at the end.
    fn next_batch(&mut self, max: usize) -> Result<Option<Vec<Row>>>;
    /// Progress so far and total, in the source's own unit ([`Source::unit`]).
    fn progress(&self) -> (u64, u64);
    /// What [`Source::progress`] counts: rows, unless said otherwise.
    fn unit(&self) -> crate::progress::Unit {
        crate::progress::Unit::Rows
    }
    /// The text encoding read (`None` for binary formats).
    fn encoding(&self) -> Option<encoding::Encoding> {
        None
    }
    /// Bytes of text read so far, after decompression (`None` for binary formats).
    fn text_read(&self) -> Option<u64> {
        None
    }
}

/// The format a path's extension names (a text file may be compressed:
/// `.csv.gz`, `.csv.zst`).
pub fn format_of(path: &Path) -> Result<Format> {
    let lower = path.to_string_lossy().to_ascii_lowercase();
    let inner = [".gz", ".zst"].iter().find_map(|c| lower.strip_suffix(c)).map(Path::new);
    let ext = inner
        .unwrap_or(path)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if inner.is_some() && !matches!(ext.as_str(), "csv" | "tsv" | "txt" | "tab") {
        return Err(Error::Usage(format!(
            "{}: only delimited text is read compressed (.csv.gz, .csv.zst); decompress the file first",
            path.display()
        )));
    }
    match ext.as_str() {
        "csv" | "tsv" | "txt" | "tab" => Ok(Format::Csv),
        "parquet" | "pq" => Ok(Format::Parquet),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Ok(Format::Excel),
        _ => Err(Error::Usage(format!(
            "{}: unknown file type '.{ext}'; doisoat reads .csv, .tsv, .txt (also gzip- or zstd-compressed: \
             .csv.gz, .csv.zst), .parquet and Excel (.xlsx, .xls, .ods) files (rename the file to show its format)",
            path.display()
        ))),
    }
}

/// Opens a table by extension; `encoding` forces a text file's encoding
/// (else it is detected). A workbook's first sheet is read.
pub fn open(path: &Path, encoding: Option<encoding::Encoding>) -> Result<Box<dyn Source>> {
    open_sheet(path, encoding, None)
}

/// [`open`], reading the sheet named `sheet` of an Excel workbook (without
/// one, its first). Naming a sheet of any other file is a usage error.
pub fn open_sheet(
    path: &Path,
    encoding: Option<encoding::Encoding>,
    sheet: Option<&str>,
) -> Result<Box<dyn Source>> {
    if !path.exists() {
        return Err(Error::io(
            PathBuf::from(path),
            "opening",
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        ));
    }
    // A FIFO or a device would hang the run or never end: a file is read
    // more than once, so it must be a regular file.
    if !path.metadata().is_ok_and(|m| m.is_file()) {
        return Err(Error::Usage(format!(
            "{}: not a regular file (a pipe, a device or a directory); give a file on disk",
            path.display()
        )));
    }
    let format = format_of(path)?;
    if sheet.is_some() && format != Format::Excel {
        return Err(Error::Usage(format!(
            "{}: a sheet is named for it (--sheet, --base-sheet), but only an Excel workbook (.xlsx, .xlsm, .xls, \
             .ods) has sheets; leave the option out for this file",
            path.display()
        )));
    }
    Ok(match format {
        Format::Csv => Box::new(csv::CsvSource::open(path, encoding)?),
        Format::Parquet => Box::new(parquet::ParquetSource::open(path)?),
        Format::Excel => Box::new(excel::ExcelSource::open(path, sheet)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(format_of(Path::new("a.CSV")).unwrap(), Format::Csv);
        assert_eq!(format_of(Path::new("a.tsv")).unwrap(), Format::Csv);
        assert_eq!(format_of(Path::new("a.parquet")).unwrap(), Format::Parquet);
        assert_eq!(format_of(Path::new("a.xlsx")).unwrap(), Format::Excel);
        assert_eq!(format_of(Path::new("a.csv.gz")).unwrap(), Format::Csv);
        let e = format_of(Path::new("a.docx")).unwrap_err().to_string();
        assert!(e.contains("a.docx") && e.contains(".parquet"), "{e}");
        assert!(format_of(Path::new("a.parquet.zst")).is_err());
    }
}
