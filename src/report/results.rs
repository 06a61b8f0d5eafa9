//! `results.csv` / `results.parquet` / `results.xlsx`: one row per input
//! data row, in input order. Columns (the contract): `row`, `key` (if
//! mapped), `status`, `action`, `person_id`, `score`, `reasons`,
//! `suggested_id`, `candidates`, for an exam export `supported_area` and
//! for a residence export `overlap_days`, then the `keep` columns under
//! their own names. In the workbook every cell is text but `row` and `score`
//! (numbers), so IDs keep their leading zeros.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use polars::prelude::*;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::output::xlsx::{self, Cell, Workbook};
use crate::output::{OutputFile, Pending};
use crate::read::Format;
use crate::report::manifest::{FileDigest, Hasher};

/// One results row, formatted.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultRecord {
    /// 1-based data-row number in the input.
    pub row: u64,
    /// The row key, when a key column is mapped.
    pub key: Option<String>,
    /// Status code.
    pub status: &'static str,
    /// Action code.
    pub action: &'static str,
    /// Base ID of the linked person, or empty.
    pub person_id: String,
    /// Match probability, when there was a candidate.
    pub score: Option<f64>,
    /// Reason codes joined by `|`.
    pub reasons: String,
    /// The ID the row should carry, or empty.
    pub suggested_id: String,
    /// Candidate IDs joined by `|`, or empty.
    pub candidates: String,
    /// The exam's `supported_area` or the residence's `overlap_days`, for those kinds.
    pub check: Option<String>,
    /// Kept input columns.
    pub keep: Vec<String>,
}

/// Formats a score with a fixed number of decimals (deterministic text).
pub fn format_score(score: f64) -> String {
    let mut out = String::new();
    write_score(&mut out, score);
    out
}

/// Appends a score as [`format_score`] writes it.
fn write_score(out: &mut String, score: f64) {
    use std::fmt::Write;
    let _ = write!(out, "{score:.6}");
}

/// A finished results file: its name, its rows, and for CSV its digest as written.
pub type Finished = (String, usize, Option<FileDigest>);

/// The results file being written.
pub enum ResultsWriter {
    /// CSV: the file, the rows written, the bytes' digest as written, and
    /// whether it is meant for Excel (`--excel-csv`: cells guarded).
    Csv(OutputFile, usize, Box<Hasher>, bool),
    /// Parquet, in row groups of one batch each.
    Parquet {
        /// polars' batched writer.
        writer: Box<polars::io::parquet::write::BatchedWriter<File>>,
        /// A handle kept to sync the file.
        file: File,
        /// Where it goes.
        pending: Pending,
        /// Column names.
        names: Vec<String>,
        /// Rows written.
        rows: usize,
    },
    /// An Excel workbook, sheet after sheet.
    Xlsx(Box<Workbook>),
}

fn column_names(has_key: bool, check: Option<&str>, keep: &[String]) -> Vec<String> {
    let mut names = vec!["row".to_string()];
    if has_key {
        names.push("key".into());
    }
    for n in ["status", "action", "person_id", "score", "reasons", "suggested_id", "candidates"] {
        names.push(n.into());
    }
    names.extend(check.map(String::from));
    names.extend(keep.iter().cloned());
    names
}

fn pl_error(path: &Path, e: PolarsError) -> Error {
    Error::data(path, format!("cannot write Parquet: {e}"))
}

impl ResultsWriter {
    /// Starts `dir/results.csv`, `dir/results.parquet` or (for
    /// [`Format::Excel`]) `dir/results.xlsx`, with the kind's `check` column
    /// (`supported_area`, `overlap_days`) after `candidates` when it has one.
    /// `excel_bom` starts a CSV file with a UTF-8 byte-order mark, so Excel
    /// reads its Vietnamese text as UTF-8, and guards its cells as split
    /// files are ([`inert`]: no cell Excel takes for a formula). A
    /// workbook's cells are text (or numbers and dates), never formulas;
    /// plain CSV is data.
    /// `keep_cells`: how a workbook writes each kept column.
    pub fn create(
        dir: &Path,
        format: Format,
        has_key: bool,
        check: Option<&str>,
        keep: &[String],
        keep_cells: &[Cell],
        excel_bom: bool,
    ) -> Result<ResultsWriter> {
        let names = column_names(has_key, check, keep);
        match format {
            Format::Excel => {
                // `row` and `score` are numbers, doisoat's other columns text,
                // the kept ones as `keep_cells` says.
                let fixed = names.len() - keep.len();
                let kinds: Vec<Cell> = names[..fixed]
                    .iter()
                    .map(|n| if matches!(n.as_str(), "row" | "score") { Cell::Number } else { Cell::Text })
                    .chain(keep_cells.iter().copied())
                    .collect();
                let path = dir.join(RESULT_NAMES[2]);
                let book = Workbook::create(&path, "results", &names, &kinds, xlsx::SHEET_ROWS)?;
                Ok(ResultsWriter::Xlsx(Box::new(book)))
            }
            Format::Csv => {
                let out = OutputFile::create(&dir.join(RESULT_NAMES[0]))?;
                let mut header = ::csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
                header.write_record(&names).map_err(|e| io(e.into()))?;
                let header = header.into_inner().map_err(|e| io(e.into_error()))?;
                let mut w = ResultsWriter::Csv(out, 0, Box::default(), excel_bom);
                if excel_bom {
                    w.write_bytes("\u{feff}".as_bytes())?;
                }
                w.write_bytes(&header)?;
                Ok(w)
            }
            Format::Parquet => {
                let (file, pending) = Pending::create(&dir.join(RESULT_NAMES[1]))?;
                let handle = file.try_clone().map_err(|e| Error::io(pending.path(), "opening", e))?;
                let schema: Schema = names
                    .iter()
                    .map(|n| {
                        let dtype = match n.as_str() {
                            "row" => DataType::UInt64,
                            "score" => DataType::Float64,
                            _ => DataType::String,
                        };
                        Field::new(n.as_str().into(), dtype)
                    })
                    .collect();
                let writer = ParquetWriter::new(file)
                    .with_compression(ParquetCompression::Zstd(None))
                    .batched(&schema)
                    .map_err(|e| pl_error(pending.path(), e))?;
                Ok(ResultsWriter::Parquet { writer: Box::new(writer), file: handle, pending, names, rows: 0 })
            }
        }
    }

    /// Appends a batch of records, in order.
    pub fn write(&mut self, records: Vec<ResultRecord>) -> Result<()> {
        match self {
            ResultsWriter::Csv(_, rows, _, excel) => {
                *rows += records.len();
                let excel = *excel;
                // Formatted in parallel, a chunk of rows into bytes each, then
                // written in order; each chunk's records freed where it was formatted.
                let chunks: Vec<Vec<u8>> =
                    records.into_par_iter().chunks(4096).map(|chunk| csv_bytes(&chunk, excel)).collect();
                chunks.iter().try_for_each(|bytes| self.write_bytes(bytes))
            }
            ResultsWriter::Parquet { writer, pending, names, rows, .. } => {
                let df = to_frame(&records, names).map_err(|e| pl_error(pending.path(), e))?;
                writer.write_batch(&df).map_err(|e| pl_error(pending.path(), e))?;
                *rows += records.len();
                Ok(())
            }
            ResultsWriter::Xlsx(book) => {
                for r in &records {
                    let (row, score) = (r.row.to_string(), r.score.map(format_score).unwrap_or_default());
                    book.write_row(&fields(r, &row, &score).collect::<Vec<_>>())?;
                }
                Ok(())
            }
        }
    }

    /// Appends bytes to a CSV file, counted into its digest.
    fn write_bytes(&mut self, bytes: &[u8]) -> Result<()> {
        if let ResultsWriter::Csv(out, _, hasher, _) = self {
            out.writer().write_all(bytes).map_err(io)?;
            hasher.update(bytes);
        }
        Ok(())
    }

    /// Finishes the file and moves it into place; returns its name, row
    /// count, and for CSV its size and SHA-256 as written.
    pub fn finish(self) -> Result<Finished> {
        match self {
            ResultsWriter::Csv(out, rows, hasher, _) => {
                out.commit()?;
                Ok((RESULT_NAMES[0].into(), rows, Some(hasher.finish())))
            }
            ResultsWriter::Parquet { writer, file, pending, rows, .. } => {
                writer.finish().map_err(|e| pl_error(pending.path(), e))?;
                drop(writer);
                pending.commit(file)?;
                Ok((RESULT_NAMES[1].into(), rows, None))
            }
            ResultsWriter::Xlsx(book) => Ok((RESULT_NAMES[2].into(), book.finish()? as usize, None)),
        }
    }
}

/// A cell a spreadsheet will not take for a formula: text starting with
/// `=`, `+`, `@`, a tab or a carriage return, or a `-` not starting a
/// number, gets a leading `'`, the mark spreadsheets read as "this is text"
/// (files meant for Excel: split files, `--excel-csv`; see OWASP's CSV injection).
pub fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    let number = |s: &str| s.parse::<f64>().is_ok();
    match cell.chars().next() {
        Some('=' | '+' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        Some('-') if !number(cell) => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// The results file's name, as CSV, as Parquet and as an Excel workbook.
pub const RESULT_NAMES: [&str; 3] = ["results.csv", "results.parquet", "results.xlsx"];

fn io(e: std::io::Error) -> Error {
    Error::io(RESULT_NAMES[0], "writing", e)
}

/// Records as CSV lines, in the `csv` writer's default dialect (as the
/// header line); for Excel, each cell [`inert`].
fn csv_bytes(records: &[ResultRecord], excel: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(records.len() * 128);
    // The row number and score formatted into one buffer, reused row after row.
    let mut numbers = String::new();
    for r in records {
        use std::fmt::Write;
        numbers.clear();
        let _ = write!(numbers, "{}", r.row);
        let row_end = numbers.len();
        if let Some(score) = r.score {
            write_score(&mut numbers, score);
        }
        for (i, field) in fields(r, &numbers[..row_end], &numbers[row_end..]).enumerate() {
            if i > 0 {
                out.push(b',');
            }
            if excel {
                push_field(&mut out, inert(field).as_bytes());
            } else {
                push_field(&mut out, field.as_bytes());
            }
        }
        out.push(b'\n');
    }
    out
}

/// Appends a field as the `csv` writer's default dialect does: in quotes,
/// its quotes doubled, when it holds a comma, a quote or a line break.
fn push_field(out: &mut Vec<u8>, field: &[u8]) {
    // Every byte looked at (no early exit), so the test compiles to wide compares.
    let special = field.iter().fold(false, |any, &b| any | matches!(b, b',' | b'"' | b'\n' | b'\r'));
    if !special {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    for &b in field {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// A record's cells in column order, its row number and score formatted.
fn fields<'a>(r: &'a ResultRecord, row: &'a str, score: &'a str) -> impl Iterator<Item = &'a str> {
    std::iter::once(row)
        .chain(r.key.as_deref())
        .chain([r.status, r.action, &r.person_id, score, &r.reasons, &r.suggested_id, &r.candidates])
        .chain(r.check.as_deref())
        .chain(r.keep.iter().map(String::as_str))
}

fn to_frame(records: &[ResultRecord], names: &[String]) -> PolarsResult<DataFrame> {
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let text = |name: &str, f: &dyn Fn(&ResultRecord) -> Option<String>| {
        Column::new(name.into(), records.iter().map(f).collect::<Vec<Option<String>>>())
    };
    let mut columns = Vec::with_capacity(names.len());
    let keep_start = names.len() - records.first().map_or(0, |r| r.keep.len());
    for (i, name) in names.iter().enumerate() {
        let col = match name.as_str() {
            _ if i >= keep_start => text(name, &|r| opt(&r.keep[i - keep_start])),
            "row" => Column::new("row".into(), records.iter().map(|r| r.row).collect::<Vec<u64>>()),
            "key" => text(name, &|r| r.key.clone()),
            "status" => text(name, &|r| Some(r.status.to_string())),
            "action" => text(name, &|r| Some(r.action.to_string())),
            "person_id" => text(name, &|r| opt(&r.person_id)),
            "score" => {
                Column::new("score".into(), records.iter().map(|r| r.score).collect::<Vec<Option<f64>>>())
            }
            "reasons" => text(name, &|r| opt(&r.reasons)),
            "suggested_id" => text(name, &|r| opt(&r.suggested_id)),
            "candidates" => text(name, &|r| opt(&r.candidates)),
            _ => text(name, &|r| r.check.as_deref().and_then(opt)),
        };
        columns.push(col);
    }
    DataFrame::new(records.len(), columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_written_as_the_csv_writer_writes_them() {
        let mut rng = crate::rng::Rng::new(5);
        let alphabet = ["a", ",", "\"", "\n", "\r", " ", "ễ", "'", ";", "=", "\t"];
        for _ in 0..2_000 {
            let cells: Vec<String> = (0..3)
                .map(|_| {
                    (0..rng.below(6)).map(|_| alphabet[rng.below(alphabet.len() as u64) as usize]).collect()
                })
                .collect();
            let mut theirs = ::csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
            theirs.write_record(&cells).unwrap();
            let mut ours = Vec::new();
            for (i, c) in cells.iter().enumerate() {
                if i > 0 {
                    ours.push(b',');
                }
                push_field(&mut ours, c.as_bytes());
            }
            ours.push(b'\n');
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(theirs.into_inner().unwrap()).unwrap()
            );
        }
    }
}
