//! `--max-input-rows` and `--max-input-bytes`: an input larger than a
//! nightly job expects stops the run as it is read (exit 3, the counts
//! said), before it fills the memory or the disk — a 56 MB `.csv.gz` can
//! hold 10 GB of rows.

use std::path::{Path, PathBuf};

use super::{Row, Source};
use crate::error::{Error, Result};

/// The input's limits; `None`: no limit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InputLimits {
    /// Data rows.
    pub rows: Option<u64>,
    /// Bytes of text as read (after decompression; a binary file's size).
    pub bytes: Option<u64>,
}

/// A source that stops with an error once the rows or bytes read pass the limits.
pub struct Capped {
    inner: Box<dyn Source>,
    path: PathBuf,
    limits: InputLimits,
    rows: u64,
}

impl Capped {
    /// `inner`, read from `path`, within `limits`. A binary file (Parquet, a
    /// workbook) larger than the byte limit is refused at once.
    pub fn wrap(inner: Box<dyn Source>, path: &Path, limits: InputLimits) -> Result<Box<dyn Source>> {
        if limits == InputLimits::default() {
            return Ok(inner);
        }
        if let (Some(max), None) = (limits.bytes, inner.text_read()) {
            let size = std::fs::metadata(path).map_err(|e| Error::io(path, "reading", e))?.len();
            if size > max {
                return Err(over(
                    path,
                    &format!("--max-input-bytes {max}"),
                    &format!("the file is {size} bytes"),
                ));
            }
        }
        Ok(Box::new(Capped { inner, path: path.into(), limits, rows: 0 }))
    }
}

/// The error for an input past the limit `flag` names, `read` saying how far.
fn over(path: &Path, flag: &str, read: &str) -> Error {
    Error::InputTooLarge(format!(
        "{}: more than {flag} allows ({read}); stopped, nothing was written. Check the export, or raise \
         the limit",
        path.display()
    ))
}

impl Source for Capped {
    fn headers(&self) -> &[String] {
        self.inner.headers()
    }

    fn project(&mut self, columns: Vec<usize>) {
        self.inner.project(columns);
    }

    fn next_batch(&mut self, max: usize) -> Result<Option<Vec<Row>>> {
        let batch = self.inner.next_batch(max)?;
        self.rows += batch.as_ref().map_or(0, |b| b.len() as u64);
        if let Some(limit) = self.limits.rows.filter(|&l| self.rows > l) {
            let read = format!("{} rows read so far", self.rows);
            return Err(over(&self.path, &format!("--max-input-rows {limit}"), &read));
        }
        if let (Some(limit), Some(bytes)) = (self.limits.bytes, self.inner.text_read()) {
            if bytes > limit {
                let read = format!("{bytes} bytes of text and {} rows read so far", self.rows);
                return Err(over(&self.path, &format!("--max-input-bytes {limit}"), &read));
            }
        }
        Ok(batch)
    }

    fn progress(&self) -> (u64, u64) {
        self.inner.progress()
    }

    fn unit(&self) -> crate::progress::Unit {
        self.inner.unit()
    }

    fn encoding(&self) -> Option<super::encoding::Encoding> {
        self.inner.encoding()
    }

    fn text_read(&self) -> Option<u64> {
        self.inner.text_read()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(rows: usize) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("i.csv");
        let text: String =
            std::iter::once("id,name\n".to_string()).chain((0..rows).map(|i| format!("{i},x\n"))).collect();
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    fn read(path: &Path, limits: InputLimits) -> Result<u64> {
        let mut src = Capped::wrap(Box::new(super::super::csv::CsvSource::open(path, None)?), path, limits)?;
        let mut n = 0;
        while let Some(b) = src.next_batch(100)? {
            n += b.len() as u64;
        }
        Ok(n)
    }

    #[test]
    fn rows_and_bytes_past_the_limits_stop_the_read() {
        let (_d, p) = csv(1000);
        assert_eq!(read(&p, InputLimits::default()).unwrap(), 1000);
        assert_eq!(read(&p, InputLimits { rows: Some(1000), bytes: None }).unwrap(), 1000);
        let e = read(&p, InputLimits { rows: Some(999), bytes: None }).unwrap_err();
        assert_eq!(e.exit_code(), 3);
        assert!(e.to_string().contains("--max-input-rows 999"), "{e}");
        let e = read(&p, InputLimits { rows: None, bytes: Some(1000) }).unwrap_err();
        assert!(e.to_string().contains("--max-input-bytes 1000"), "{e}");
        assert_eq!(read(&p, InputLimits { rows: None, bytes: Some(1 << 20) }).unwrap(), 1000);
    }
}
