//! A plain table written row by row as CSV or Parquet (all columns text),
//! through [`crate::output`] so it appears complete or not at all. Used for
//! files whose columns are all text, such as the generator's outputs.

use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::{Format, OutputFile, Pending};
use crate::error::{Error, Result};

/// Rows buffered per Parquet row group.
const ROW_GROUP: usize = 1 << 16;

/// A table being written.
pub enum TableWriter {
    /// CSV (flexible: a row may have another number of fields, on purpose).
    Csv {
        /// The writer.
        writer: Box<csv::Writer<OutputFile>>,
        /// The final path, for messages.
        path: PathBuf,
    },
    /// Parquet, all columns strings.
    Parquet {
        /// polars' batched writer.
        writer: Box<polars::io::parquet::write::BatchedWriter<File>>,
        /// Kept to sync the file.
        file: File,
        /// The file's final place.
        pending: Pending,
        /// Column names.
        names: Vec<String>,
        /// Buffered columns.
        columns: Vec<Vec<String>>,
    },
}

fn pl_error(path: &Path, e: PolarsError) -> Error {
    Error::data(path, format!("cannot write Parquet: {e}"))
}

impl TableWriter {
    /// Starts `path` (its extension is replaced to match `format`) with these column names.
    pub fn create(path: &Path, format: Format, names: &[&str]) -> Result<TableWriter> {
        match format {
            Format::Excel => Err(Error::Usage("results are written as csv or parquet, not Excel".into())),
            Format::Csv => {
                let path = path.with_extension("csv");
                let mut writer =
                    csv::WriterBuilder::new().flexible(true).from_writer(OutputFile::create(&path)?);
                writer.write_record(names).map_err(|e| Error::io(&path, "writing", e.into()))?;
                Ok(TableWriter::Csv { writer: Box::new(writer), path })
            }
            Format::Parquet => {
                let path = path.with_extension("parquet");
                let (file, pending) = Pending::create(&path)?;
                let handle = file.try_clone().map_err(|e| Error::io(&path, "opening", e))?;
                let schema: Schema =
                    names.iter().map(|n| Field::new((*n).into(), DataType::String)).collect();
                let writer = ParquetWriter::new(file)
                    .with_compression(ParquetCompression::Zstd(None))
                    .batched(&schema)
                    .map_err(|e| pl_error(&path, e))?;
                Ok(TableWriter::Parquet {
                    writer: Box::new(writer),
                    file: handle,
                    pending,
                    names: names.iter().map(|n| n.to_string()).collect(),
                    columns: vec![Vec::new(); names.len()],
                })
            }
        }
    }

    /// Appends a row of text fields.
    pub fn row(&mut self, fields: &[&str]) -> Result<()> {
        self.row_bytes(&fields.iter().map(|f| f.as_bytes()).collect::<Vec<_>>())
    }

    /// Appends a row of raw fields (CSV only writes them as given, even
    /// when they are not UTF-8; Parquet stores them lossily as text).
    pub fn row_bytes(&mut self, fields: &[&[u8]]) -> Result<()> {
        match self {
            TableWriter::Csv { writer, path } => {
                writer.write_record(fields).map_err(|e| Error::io(path.as_path(), "writing", e.into()))
            }
            TableWriter::Parquet { columns, .. } => {
                for (i, col) in columns.iter_mut().enumerate() {
                    col.push(
                        fields.get(i).map(|f| String::from_utf8_lossy(f).into_owned()).unwrap_or_default(),
                    );
                }
                if columns[0].len() >= ROW_GROUP {
                    self.flush()?;
                }
                Ok(())
            }
        }
    }

    fn flush(&mut self) -> Result<()> {
        if let TableWriter::Parquet { writer, pending, names, columns, .. } = self {
            let height = columns[0].len();
            if height == 0 {
                return Ok(());
            }
            let cols: Vec<Column> = names
                .iter()
                .zip(columns.iter_mut())
                .map(|(n, c)| Column::new(n.as_str().into(), std::mem::take(c)))
                .collect();
            let df = DataFrame::new(height, cols).map_err(|e| pl_error(pending.path(), e))?;
            writer.write_batch(&df).map_err(|e| pl_error(pending.path(), e))?;
        }
        Ok(())
    }

    /// Finishes the file and moves it into place.
    pub fn finish(mut self) -> Result<PathBuf> {
        self.flush()?;
        match self {
            TableWriter::Csv { writer, path } => {
                let out = writer.into_inner().map_err(|e| Error::io(&path, "writing", e.into_error()))?;
                out.commit()
            }
            TableWriter::Parquet { writer, file, pending, .. } => {
                writer.finish().map_err(|e| pl_error(pending.path(), e))?;
                drop(writer);
                pending.commit(file)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_and_parquet_hold_the_same_rows() {
        let dir = tempfile::tempdir().unwrap();
        for format in [Format::Csv, Format::Parquet] {
            let mut t = TableWriter::create(&dir.path().join("t"), format, &["a", "b"]).unwrap();
            for i in 0..70_000 {
                t.row(&[&i.to_string(), "Nguyễn"]).unwrap();
            }
            t.finish().unwrap();
        }
        let text = std::fs::read_to_string(dir.path().join("t.csv")).unwrap();
        assert_eq!(text.lines().count(), 70_001);
        let df = ParquetReader::new(File::open(dir.path().join("t.parquet")).unwrap()).finish().unwrap();
        assert_eq!(df.height(), 70_000);
        assert_eq!(df.column("b").unwrap().str().unwrap().get(69_999), Some("Nguyễn"));
    }
}
