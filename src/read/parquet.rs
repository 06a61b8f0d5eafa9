//! Parquet through polars, read one slice of rows at a time with only the
//! projected columns. Every column is cast to text: a numeric ID column
//! (which has lost its leading zeros) or a date column is then cleaned by
//! the same normalisers as CSV text.

use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::{Row, Source};
use crate::error::{Error, Result};

/// A sliced Parquet reader.
pub struct ParquetSource {
    path: PathBuf,
    headers: Vec<String>,
    projection: Vec<usize>,
    metadata: polars::io::parquet::metadata::FileMetadataRef,
    rows: u64,
    offset: u64,
}

fn polars_error(path: &Path, e: PolarsError) -> Error {
    Error::data(path, format!("cannot read the Parquet file ({e}); check that it is a valid Parquet file"))
}

impl ParquetSource {
    /// Opens `path` and reads its schema.
    pub fn open(path: &Path) -> Result<ParquetSource> {
        guarded(path, || ParquetSource::open_unguarded(path))
    }

    fn open_unguarded(path: &Path) -> Result<ParquetSource> {
        let file = File::open(path).map_err(|e| Error::io(path, "opening", e))?;
        let mut reader = ParquetReader::new(file);
        let schema = reader.schema().map_err(|e| polars_error(path, e))?;
        let headers = schema.iter_names().map(|n| n.to_string()).collect();
        let metadata = reader.get_metadata().map_err(|e| polars_error(path, e))?.clone();
        let rows = metadata.num_rows as u64;
        Ok(ParquetSource { path: path.into(), headers, projection: Vec::new(), metadata, rows, offset: 0 })
    }
}

impl Source for ParquetSource {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn project(&mut self, columns: Vec<usize>) {
        self.projection = columns;
    }

    fn next_batch(&mut self, max: usize) -> Result<Option<Vec<Row>>> {
        let path = self.path.clone();
        guarded(&path, || self.next_batch_unguarded(max))
    }

    fn progress(&self) -> (u64, u64) {
        (self.offset.min(self.rows), self.rows)
    }
}

/// Runs `read` on the Parquet file at `path`: a reader that panics on a
/// damaged file (polars does, on some) gives an error naming the file, not
/// an internal error of doisoat's.
pub fn guarded<T>(path: &Path, read: impl FnOnce() -> Result<T>) -> Result<T> {
    guarded_with(path, "the Parquet file is damaged (its reader stopped on it); export the file again", read)
}

/// [`guarded`], the error saying `damaged` (what is damaged and what to do).
pub fn guarded_with<T>(path: &Path, damaged: &str, read: impl FnOnce() -> Result<T>) -> Result<T> {
    let _quiet = crate::progress::QuietPanics::new();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .unwrap_or_else(|_| Err(Error::data(path, damaged)))
}

impl ParquetSource {
    fn next_batch_unguarded(&mut self, max: usize) -> Result<Option<Vec<Row>>> {
        if self.offset >= self.rows {
            return Ok(None);
        }
        let len = (max as u64).min(self.rows - self.offset) as usize;
        let file = File::open(&self.path).map_err(|e| Error::io(&self.path, "opening", e))?;
        let mut reader = ParquetReader::new(file);
        reader.set_metadata(self.metadata.clone());
        let mut wanted: Vec<usize> = self.projection.clone();
        wanted.sort_unstable();
        wanted.dedup();
        let df = reader
            .with_projection(Some(wanted))
            .with_slice(Some((self.offset as usize, len)))
            .finish()
            .map_err(|e| polars_error(&self.path, e))?;
        let columns = self
            .projection
            .iter()
            .map(|&i| {
                let col = df
                    .column(&self.headers[i])
                    .and_then(|c| c.cast(&DataType::String))
                    .map_err(|e| polars_error(&self.path, e))?;
                let values = col.str().map_err(|e| polars_error(&self.path, e))?;
                Ok(values.iter().map(|v| v.unwrap_or("").to_string()).collect::<Vec<_>>())
            })
            .collect::<Result<Vec<_>>>()?;
        let height = df.height();
        let rows = (0..height)
            .map(|r| Row {
                number: self.offset + r as u64 + 1,
                cells: columns.iter().map(|c| c[r].clone()).collect(),
                malformed: None,
                raw: None,
            })
            .collect();
        self.offset += height.max(1) as u64;
        Ok(Some(rows))
    }
}
