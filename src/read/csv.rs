//! Delimited text: delimiter sniffed among `,` `;` tab `|`, UTF-8 with or
//! without BOM, CRLF or LF, quoted fields with embedded newlines.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::encoding::{self, Decoder, Encoding};
use super::{Row, RowFault, Source};
use crate::error::{Error, Result};

/// A streaming CSV reader.
pub struct CsvSource {
    path: PathBuf,
    reader: ::csv::Reader<Box<dyn Read + Send>>,
    headers: Vec<String>,
    projection: Vec<usize>,
    record: ::csv::ByteRecord,
    next_row: u64,
    size: u64,
    read: Arc<AtomicU64>,
    encoding: Encoding,
}

/// Counts the file bytes read, for progress.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl CsvSource {
    /// Opens `path`, finds its encoding (unless `forced`) and delimiter, and
    /// reads its header.
    pub fn open(path: &Path, forced: Option<Encoding>) -> Result<CsvSource> {
        let io = |e| Error::io(path, "reading", e);
        let mut head = Vec::with_capacity(64 * 1024);
        File::open(path)
            .map_err(|e| Error::io(path, "opening", e))?
            .take(64 * 1024)
            .read_to_end(&mut head)
            .map_err(io)?;
        let encoding = forced.unwrap_or_else(|| encoding::detect(&head));
        let text_head = encoding::decode_all(&head, encoding);
        let delimiter = if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv")) {
            b'\t'
        } else {
            sniff_delimiter(text_head.as_bytes())
        };
        let file = File::open(path).map_err(|e| Error::io(path, "opening", e))?;
        let size = file.metadata().map_err(io)?.len();
        let read = Arc::new(AtomicU64::new(0));
        let counted = Counting { inner: file, count: Arc::clone(&read) };
        let decoded: Box<dyn Read + Send> =
            Box::new(BufReader::with_capacity(1 << 20, Decoder::new(counted, encoding)));
        let mut reader = ::csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(true)
            .from_reader(decoded);
        let headers = reader
            .byte_headers()
            .map_err(|e| csv_error(path, e))?
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = String::from_utf8_lossy(h);
                let h = if i == 0 { h.trim_start_matches('\u{feff}') } else { &h };
                h.trim().to_string()
            })
            .collect::<Vec<_>>();
        if headers.iter().all(String::is_empty) {
            return Err(Error::data(
                path,
                "the file is empty or has no header line; the first line must name the columns",
            ));
        }
        Ok(CsvSource {
            path: path.into(),
            reader,
            headers,
            projection: Vec::new(),
            record: ::csv::ByteRecord::new(),
            next_row: 1,
            size,
            read,
            encoding,
        })
    }
}

/// The candidate delimiter that splits the header line into most fields.
pub fn sniff_delimiter(head: &[u8]) -> u8 {
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let count = |d: u8| {
        let mut quoted = false;
        first_line
            .iter()
            .filter(|&&b| {
                if b == b'"' {
                    quoted = !quoted;
                }
                !quoted && b == d
            })
            .count()
    };
    [b',', b';', b'\t', b'|'].into_iter().max_by_key(|&d| (count(d), d == b',')).unwrap_or(b',')
}

fn csv_error(path: &Path, e: ::csv::Error) -> Error {
    let row = e.position().map(|p| p.record());
    match e.into_kind() {
        ::csv::ErrorKind::Io(io) => Error::io(path, "reading", io),
        other => Error::Data {
            path: path.into(),
            row,
            column: None,
            message: format!("cannot parse the file as CSV ({other:?}); check that it is delimited text"),
        },
    }
}

impl Source for CsvSource {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn project(&mut self, columns: Vec<usize>) {
        self.projection = columns;
    }

    fn next_batch(&mut self, max: usize) -> Result<Option<Vec<Row>>> {
        let mut rows = Vec::with_capacity(max.min(1 << 16));
        while rows.len() < max {
            let more =
                self.reader.read_byte_record(&mut self.record).map_err(|e| csv_error(&self.path, e))?;
            if !more {
                break;
            }
            let number = self.next_row;
            self.next_row += 1;
            rows.push(project_row(number, &self.record, self.headers.len(), &self.projection));
        }
        Ok((!rows.is_empty()).then_some(rows))
    }

    fn progress(&self) -> (u64, u64) {
        (self.read.load(Ordering::Relaxed).min(self.size), self.size)
    }

    fn encoding(&self) -> Option<Encoding> {
        Some(self.encoding)
    }
}

/// The projected cells of a record. A record with the wrong number of
/// fields or with bytes that are not valid text is marked, but its cells are
/// still taken as far as they go (lossily), so its key reaches the results.
fn project_row(number: u64, record: &::csv::ByteRecord, width: usize, projection: &[usize]) -> Row {
    let mut malformed = (record.len() != width).then_some(RowFault::FieldCount);
    let mut cells = Vec::with_capacity(projection.len());
    for &i in projection {
        let bytes = record.get(i).unwrap_or_default();
        match std::str::from_utf8(bytes) {
            Ok(s) => cells.push(s.to_string()),
            Err(_) => {
                malformed = malformed.or(Some(RowFault::Encoding));
                cells.push(String::from_utf8_lossy(bytes).into_owned());
            }
        }
    }
    Row { number, cells, malformed }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(content: &[u8], ext: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("t.{ext}"));
        File::create(&path).unwrap().write_all(content).unwrap();
        (dir, path)
    }

    fn read_all(path: &Path, projection: Vec<usize>) -> (Vec<String>, Vec<Row>) {
        let mut s = CsvSource::open(path, None).unwrap();
        s.project(projection);
        let mut rows = Vec::new();
        while let Some(batch) = s.next_batch(2).unwrap() {
            rows.extend(batch);
        }
        (s.headers().to_vec(), rows)
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1;2;3"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b|c"), b'|');
        assert_eq!(sniff_delimiter(b"\"x;y\",b,c"), b',');
        assert_eq!(sniff_delimiter(b"single"), b',');
    }

    #[test]
    fn bom_crlf_semicolons_and_projection() {
        let (_d, p) =
            write("\u{feff}Họ tên;CCCD\r\nAn;001\r\nBình;002\r\n\"Chi\nX\";003\r\n".as_bytes(), "csv");
        let (h, rows) = read_all(&p, vec![1, 0]);
        assert_eq!(h, ["Họ tên", "CCCD"]);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].cells, ["002", "Bình"]);
        assert_eq!(rows[2].cells, ["003", "Chi\nX"]);
        assert_eq!(rows[2].number, 3);
    }

    #[test]
    fn bad_rows_are_marked_not_dropped() {
        let (_d, p) = write(b"a,b\n1,2\n3\n4,\xff\n5,6\n", "csv");
        let (_, rows) = read_all(&p, vec![0, 1]);
        let marks: Vec<_> = rows.iter().map(|r| r.malformed).collect();
        assert_eq!(marks, [None, Some(RowFault::FieldCount), Some(RowFault::Encoding), None]);
        assert_eq!(rows[3].number, 4);
    }

    #[test]
    fn empty_file_is_an_error() {
        let (_d, p) = write(b"", "csv");
        assert!(CsvSource::open(&p, None).is_err());
    }
}
