//! Delimited text: delimiter sniffed among `,` `;` tab `|`, UTF-8 with or
//! without BOM, CRLF or LF, quoted fields with embedded newlines.
//!
//! Decoded in parallel: the text is read in chunks of several megabytes;
//! one quick sequential pass of the CSV parser finds where records end
//! (quoted newlines kept, a stray quote costing only its own line: see
//! `record_ends`), then the pieces between those ends are parsed into rows
//! on every core, and the rows are numbered in order.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

use super::encoding::{self, Decoder, Encoding};
use super::{Raw, Row, RowFault, Source, RAW_MAX};
use crate::error::{Error, Result};

/// Text read per chunk.
const CHUNK: usize = 8 << 20;
/// Text parsed per parallel piece of a chunk (about 3,000 rows).
const PIECE: usize = 256 << 10;

/// A streaming CSV reader.
pub struct CsvSource {
    path: PathBuf,
    /// The decoded text after the header line.
    text: Box<dyn Read + Send>,
    delimiter: u8,
    /// The header line ends with a line feed (LF or CRLF): records end at
    /// line feeds only, a CR before one is no part of the last cell, and a
    /// lone CR is a character of its cell. Else (old Mac files, CR line
    /// ends) a CR ends a record too.
    lf_only: bool,
    /// Text read per chunk ([`CHUNK`]; smaller in tests).
    chunk: usize,
    /// Bytes a record may take ([`super::max_row_bytes`]): a line past it
    /// is skipped to its end as `ROW_TOO_LONG`, and a quoted field may run
    /// across line ends only within it.
    max_row: usize,
    /// Text after the last complete record read so far.
    carry: Vec<u8>,
    eof: bool,
    /// Rows parsed, not yet handed out.
    pending: VecDeque<Row>,
    headers: Vec<String>,
    projection: Vec<usize>,
    next_row: u64,
    /// Where the text not yet parsed starts: its line and its byte offset.
    next_line: u64,
    offset: u64,
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
        let max_row = super::max_row_bytes();
        let mut head = Vec::with_capacity(64 * 1024);
        decompressed(path, Arc::new(AtomicU64::new(0)))?
            .take(64 * 1024)
            .read_to_end(&mut head)
            .map_err(io)?;
        // A workbook renamed .csv would read as legacy-code-page noise.
        if head.starts_with(b"PK\x03\x04") || head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Err(Error::Usage(format!(
                "{}: this is an Excel workbook (or another zipped document), not delimited text; \
                 name it .xlsx (or .xls) to read its first sheet",
                path.display()
            )));
        }
        let encoding = forced.unwrap_or_else(|| encoding::detect(&head));
        let text_head = encoding::decode_all(&head, encoding);
        let delimiter = if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv")) {
            b'\t'
        } else {
            sniff_delimiter(text_head.as_bytes())
        };
        let first_end = text_head.bytes().position(|b| b == b'\n' || b == b'\r');
        let lf_only = first_end.is_some_and(|i| {
            text_head.as_bytes()[i..].starts_with(b"\n") || text_head.as_bytes()[i..].starts_with(b"\r\n")
        });
        let size = File::open(path).and_then(|f| f.metadata()).map_err(io)?.len();
        let decoded = |count: Arc<AtomicU64>| -> Result<Box<dyn Read + Send>> {
            Ok(Box::new(BufReader::with_capacity(
                1 << 20,
                Decoder::new(decompressed(path, count)?, encoding),
            )))
        };
        let mut reader = ::csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .terminator(terminator(lf_only))
            .flexible(true)
            .has_headers(true)
            .from_reader(decoded(Arc::new(AtomicU64::new(0)))?.take(max_row as u64));
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
        // The rows are read from a second reading of the text, from just after the header.
        let header_end = reader.position().byte();
        if header_end >= max_row as u64 {
            return Err(Error::data(
                path,
                format!(
                    "the header line is longer than {max_row} bytes (max_row_bytes): not a delimited export, \
                     or its line ends were lost; check the file"
                ),
            ));
        }
        let next_line = reader.position().line();
        let read = Arc::new(AtomicU64::new(0));
        let mut text = decoded(Arc::clone(&read))?;
        std::io::copy(&mut text.by_ref().take(header_end), &mut std::io::sink()).map_err(io)?;
        Ok(CsvSource {
            path: path.into(),
            text,
            delimiter,
            lf_only,
            chunk: CHUNK,
            max_row,
            carry: Vec::new(),
            eof: false,
            pending: VecDeque::new(),
            headers,
            projection: Vec::new(),
            next_row: 1,
            next_line,
            // Offsets count the byte-order mark the decoder leaves out: a UTF-8 file's own bytes.
            offset: header_end + encoding.bom_len(&head) as u64,
            size,
            read,
            encoding,
        })
    }

    /// Reads the next chunk of text and parses its complete records into `pending`.
    fn refill(&mut self) -> Result<()> {
        let mut text = std::mem::take(&mut self.carry);
        let ends = loop {
            let start = text.len();
            text.resize(start + self.chunk, 0);
            let mut filled = start;
            while filled < text.len() {
                let n =
                    self.text.read(&mut text[filled..]).map_err(|e| Error::io(&self.path, "reading", e))?;
                if n == 0 {
                    self.eof = true;
                    break;
                }
                filled += n;
            }
            text.truncate(filled);
            let ends = self.record_ends(&text)?;
            // A record longer than a chunk: read on until it ends, or until it is too long.
            if !ends.is_empty() || self.eof {
                break ends;
            }
            if text.len() >= self.max_row {
                return self.skip_long_line(&text);
            }
        };
        let complete = ends.last().map_or(0, |e| e.0);
        self.carry = text[complete..].to_vec();
        // Pieces of whole records parsed in parallel; a broken line is a piece of its own.
        let mut pieces: Vec<(std::ops::Range<usize>, bool)> = Vec::new();
        let mut from = 0;
        let piece = PIECE.min(self.chunk / 4).max(1);
        for (k, &(end, broken)) in ends.iter().enumerate() {
            let next_broken = ends.get(k + 1).is_some_and(|e| e.1);
            if broken || next_broken || end - from >= piece || end == complete {
                pieces.push((from..end, broken));
                from = end;
            }
        }
        let (width, projection, path, delimiter, max_row, lf_only) =
            (self.headers.len(), &self.projection, &self.path, self.delimiter, self.max_row, self.lf_only);
        // Per piece: its rows, and the line feeds in it. A malformed row's
        // place is first counted within its piece, then made the file's.
        let parsed: Vec<(Vec<Row>, u64)> = pieces
            .into_par_iter()
            .map(|(piece, broken)| {
                let piece_text = &text[piece.clone()];
                let lines = piece_text.iter().filter(|&&b| b == b'\n').count() as u64;
                if broken {
                    return Ok((vec![broken_line(piece_text, piece.start, delimiter, projection)], lines));
                }
                let mut parser = parser(delimiter, lf_only, piece_text);
                let mut record = ::csv::ByteRecord::new();
                let mut rows = Vec::new();
                while parser.read_byte_record(&mut record).map_err(|e| csv_error(path, e))? {
                    let mut row = project_row(0, &record, width, projection, lf_only);
                    let start = record.position().map_or(0, |p| p.byte());
                    if parser.position().byte() - start > max_row as u64 {
                        // Whatever the chunks, a line past the cap is no row (as when skipped).
                        row.malformed = Some(RowFault::TooLong);
                        row.cells.iter_mut().for_each(String::clear);
                    }
                    if row.malformed.is_some() {
                        let mut start = record.position().map_or(0, |p| p.byte() as usize);
                        let end = parser.position().byte() as usize;
                        let mut line = record.position().map_or(1, |p| p.line()) - 1;
                        // Blank lines before the record are no part of it.
                        while let Some(&b) =
                            piece_text[start..end].first().filter(|&&b| b == b'\n' || b == b'\r')
                        {
                            line += u64::from(b == b'\n');
                            start += 1;
                        }
                        row.raw = Some(raw(&piece_text[start..end], line, piece.start + start));
                    }
                    rows.push(row);
                }
                Ok((rows, lines))
            })
            .collect::<Result<_>>()?;
        for (rows, lines) in parsed {
            for mut row in rows {
                row.number = self.next_row;
                self.next_row += 1;
                if let Some(raw) = &mut row.raw {
                    raw.line += self.next_line;
                    raw.offset += self.offset;
                }
                self.pending.push_back(row);
            }
            self.next_line += lines;
        }
        self.offset += complete as u64;
        Ok(())
    }

    /// The line `text` begins, longer than [`CsvSource::max_row`] and
    /// without a line end yet: one `ROW_TOO_LONG` row (its first bytes kept
    /// for `rejects.csv`), the rest of the line read and dropped a chunk at
    /// a time, reading going on after its line feed.
    fn skip_long_line(&mut self, text: &[u8]) -> Result<()> {
        self.pending.push_back(Row {
            number: self.next_row,
            cells: vec![String::new(); self.projection.len()],
            malformed: Some(RowFault::TooLong),
            raw: Some(raw(&text[..text.len().min(RAW_MAX)], self.next_line, self.offset as usize)),
        });
        self.next_row += 1;
        let mut skipped = text.len() as u64;
        let mut buf = vec![0u8; self.chunk.max(1)];
        self.carry = loop {
            let n = self.text.read(&mut buf).map_err(|e| Error::io(&self.path, "reading", e))?;
            if n == 0 {
                self.eof = true;
                break Vec::new();
            }
            if let Some(i) = buf[..n].iter().position(|&b| b == b'\n') {
                skipped += i as u64 + 1;
                break buf[i + 1..n].to_vec();
            }
            skipped += n as u64;
        };
        self.offset += skipped;
        self.next_line += 1;
        Ok(())
    }

    /// Where the complete records of `text` end: every record but one that
    /// runs to the end of the text, unless the file has ended. Found by the
    /// same parser that parses the pieces, so a piece always starts where
    /// a record starts.
    ///
    /// A quoted field that runs across a line end is taken only when the
    /// record it closes has the header's number of fields, stays under
    /// [`CsvSource::max_row`], and none of the lines it swallows would be a
    /// whole record by itself (as many delimiters as the header): otherwise
    /// its quote is a stray one, and the physical line alone is a row
    /// (marked `true`: broken), reading going on at the next line. One
    /// stray quote costs one row, never the rest of the file.
    fn record_ends(&self, text: &[u8]) -> Result<Vec<(usize, bool)>> {
        if let Some(ends) = self.line_ends(text) {
            return Ok(ends);
        }
        let mut ends = Vec::new();
        let mut at = 0;
        'parse: while at < text.len() {
            let mut parser = parser(self.delimiter, self.lf_only, &text[at..]);
            let mut record = ::csv::ByteRecord::new();
            let mut start = at;
            while parser.read_byte_record(&mut record).map_err(|e| csv_error(&self.path, e))? {
                let end = at + parser.position().byte() as usize;
                // Blank lines before a record are no part of it.
                let first =
                    start + text[start..end].iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
                let line_end = line_end(&text[..end], first, self.lf_only);
                let incomplete = end >= text.len() && !self.eof;
                if let Some(line_end) = line_end.filter(|&l| l < end) {
                    let too_long = end - first > self.max_row;
                    let width = self.headers.len();
                    // The lines wholly inside the quoted text (not the first,
                    // not the one the record ends on).
                    let mut inner: Vec<&[u8]> = text[line_end..end]
                        .split(|&b| b == b'\n' || b == b'\r' && !self.lf_only)
                        .filter(|l| !l.is_empty())
                        .collect();
                    inner.pop();
                    let swallows_a_record = width > 1
                        && inner
                            .iter()
                            .any(|l| l.iter().filter(|&&b| b == self.delimiter).count() + 1 >= width);
                    if too_long || swallows_a_record || !incomplete && record.len() != width {
                        ends.push((line_end, true));
                        at = line_end;
                        continue 'parse;
                    }
                }
                if incomplete {
                    break;
                }
                ends.push((end, false));
                start = end;
            }
            break;
        }
        if self.eof && ends.last().map(|e| e.0) != Some(text.len()) && !text.is_empty() {
            // Trailing blank lines: the text ends without another record.
            ends.push((text.len(), false));
        }
        Ok(ends)
    }
}

impl CsvSource {
    /// [`CsvSource::record_ends`] for text without a quote or a lone
    /// carriage return (most text): every line end ends a record, so only
    /// the ends pieces are cut at are looked for — about one per [`PIECE`]
    /// bytes, and the last — with no parser run over the text. `None` for
    /// other text.
    fn line_ends(&self, text: &[u8]) -> Option<Vec<(usize, bool)>> {
        let lone_cr = || text.iter().enumerate().any(|(i, &b)| b == b'\r' && text.get(i + 1) != Some(&b'\n'));
        if text.contains(&b'"') || !self.lf_only && text.contains(&b'\r') && lone_cr() {
            return None;
        }
        let last = if self.eof { text.len() } else { text.iter().rposition(|&b| b == b'\n')? + 1 };
        let piece = PIECE.min(self.chunk / 4).max(1);
        let mut ends = Vec::new();
        let mut at = 0;
        while at + piece < last {
            match text[at + piece..last].iter().position(|&b| b == b'\n') {
                Some(i) => {
                    at += piece + i + 1;
                    ends.push((at, false));
                }
                None => break,
            }
        }
        if ends.last().map(|e| e.0) != Some(last) && last > 0 {
            ends.push((last, false));
        }
        Some(ends)
    }
}

/// The file's bytes, decompressed when they start as gzip or zstd data
/// (whatever the name says); `count` counts the file's own bytes read.
fn decompressed(path: &Path, count: Arc<AtomicU64>) -> Result<Box<dyn Read + Send>> {
    let open = || File::open(path).map_err(|e| Error::io(path, "opening", e));
    let mut magic = [0u8; 4];
    let got = open()?.read(&mut magic).map_err(|e| Error::io(path, "reading", e))?;
    let counted = BufReader::with_capacity(1 << 20, Counting { inner: open()?, count });
    Ok(match &magic[..got] {
        [0x1f, 0x8b, ..] => Box::new(flate2::read::MultiGzDecoder::new(counted)),
        [0x28, 0xb5, 0x2f, 0xfd] => {
            Box::new(zstd::Decoder::with_buffer(counted).map_err(|e| Error::io(path, "reading", e))?)
        }
        _ => Box::new(counted),
    })
}

/// A parser of data records (no header line) in `text`.
fn parser(delimiter: u8, lf_only: bool, text: &[u8]) -> ::csv::Reader<&[u8]> {
    ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .terminator(terminator(lf_only))
        .flexible(true)
        .has_headers(false)
        .from_reader(text)
}

/// What ends a record: a line feed only, or any of CRLF, LF and CR.
fn terminator(lf_only: bool) -> ::csv::Terminator {
    if lf_only {
        ::csv::Terminator::Any(b'\n')
    } else {
        ::csv::Terminator::CRLF
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
        while self.pending.len() < max && !(self.eof && self.carry.is_empty()) {
            self.refill()?;
        }
        let rows: Vec<Row> = self.pending.drain(..max.min(self.pending.len())).collect();
        Ok((!rows.is_empty()).then_some(rows))
    }

    /// Bytes: a CSV file's rows are not known before it is read.
    fn unit(&self) -> crate::progress::Unit {
        crate::progress::Unit::Bytes
    }

    fn progress(&self) -> (u64, u64) {
        (self.read.load(Ordering::Relaxed).min(self.size), self.size)
    }

    fn encoding(&self) -> Option<Encoding> {
        Some(self.encoding)
    }

    fn text_read(&self) -> Option<u64> {
        Some(self.offset + self.carry.len() as u64)
    }
}

/// Just after the first line end (LF, CRLF or a lone CR) in `text` from `from` on.
fn line_end(text: &[u8], from: usize, lf_only: bool) -> Option<usize> {
    (from..text.len())
        .find(|&i| text[i] == b'\n' || !lf_only && text[i] == b'\r' && text.get(i + 1) != Some(&b'\n'))
        .map(|i| i + 1)
}

/// A physical line whose quote never closed where a record could end: its
/// cells split at every delimiter, quotes and all, as far as they go.
fn broken_line(line: &[u8], at: usize, delimiter: u8, projection: &[usize]) -> Row {
    let start = line.iter().take_while(|&&b| b == b'\n' || b == b'\r').count();
    let skipped = line[..start].iter().filter(|&&b| b == b'\n').count() as u64;
    let line = &line[start..];
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let unquote = |f: &[u8]| -> Vec<u8> {
        match f.strip_prefix(b"\"").and_then(|f| f.strip_suffix(b"\"")) {
            Some(inner) => String::from_utf8_lossy(inner).replace("\"\"", "\"").into_bytes(),
            None => f.to_vec(),
        }
    };
    let fields: Vec<Vec<u8>> = line.split(|&b| b == delimiter).map(unquote).collect();
    let cells = projection
        .iter()
        .map(|&i| String::from_utf8_lossy(fields.get(i).map_or(&[][..], Vec::as_slice)).into_owned())
        .collect();
    let raw = raw(line, skipped, at + start);
    Row { number: 0, cells, malformed: Some(RowFault::UnbalancedQuote), raw: Some(raw) }
}

/// An unreadable row's text (its first [`RAW_MAX`] bytes, line end left
/// out), at this line and offset within the text being parsed.
fn raw(text: &[u8], line: u64, offset: usize) -> Box<Raw> {
    let text = text.strip_suffix(b"\n").unwrap_or(text);
    let text = text.strip_suffix(b"\r").unwrap_or(text);
    let text = text[..text.len().min(RAW_MAX)].into();
    Box::new(Raw { line, offset: offset as u64, text })
}

/// The projected cells of a record. A record with the wrong number of
/// fields or with bytes that are not valid text is marked, but its cells are
/// still taken as far as they go (lossily), so its key reaches the results.
fn project_row(
    number: u64,
    record: &::csv::ByteRecord,
    width: usize,
    projection: &[usize],
    lf_only: bool,
) -> Row {
    let mut malformed = (record.len() != width).then_some(RowFault::FieldCount);
    let mut cells = Vec::with_capacity(projection.len());
    for &i in projection {
        let mut bytes = record.get(i).unwrap_or_default();
        if lf_only && i + 1 == record.len() {
            // A CRLF line end: its CR is no part of the last cell.
            bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => cells.push(s.to_string()),
            Err(_) => {
                malformed = malformed.or(Some(RowFault::Encoding));
                cells.push(String::from_utf8_lossy(bytes).into_owned());
            }
        }
    }
    Row { number, cells, malformed, raw: None }
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
    fn a_line_past_the_cap_is_one_row_skipped_in_constant_memory() {
        // Between two good rows, a line of 3 MB with no line end inside,
        // then a quoted multi-line note longer than 64 KiB (a real field).
        let mut text = b"id,note\n1,a\n2,".to_vec();
        text.extend(std::iter::repeat_n(b'x', 3 << 20));
        text.extend(b"\n3,\"");
        let note = "dòng\n".repeat(20_000);
        text.extend(note.as_bytes());
        text.extend(b"\"\n4,b,c\n");
        let (_d, p) = write(&text, "csv");
        for chunk in [16 << 10, 256 << 10, CHUNK] {
            let mut s = CsvSource::open(&p, None).unwrap();
            (s.chunk, s.max_row) = (chunk, 1 << 20);
            s.project(vec![0, 1]);
            let mut rows = Vec::new();
            while let Some(batch) = s.next_batch(2).unwrap() {
                rows.extend(batch);
            }
            let got: Vec<(&str, Option<RowFault>)> =
                rows.iter().map(|r| (r.cells[0].as_str(), r.malformed)).collect();
            assert_eq!(
                got,
                [("1", None), ("", Some(RowFault::TooLong)), ("3", None), ("4", Some(RowFault::FieldCount))],
                "chunk {chunk}"
            );
            assert_eq!(rows[2].cells[1], note, "chunk {chunk}");
            let long = rows[1].raw.as_deref().unwrap();
            assert_eq!((long.line, long.offset, long.text.len()), (3, 12, RAW_MAX), "chunk {chunk}");
            // Rows after it know their place in the file.
            let after = rows[3].raw.as_deref().unwrap();
            assert_eq!(
                after.line as usize,
                1 + text[..after.offset as usize].iter().filter(|&&b| b == b'\n').count()
            );
            assert!(text[after.offset as usize..].starts_with(b"4,"), "chunk {chunk}");
        }
    }

    #[test]
    fn a_lone_cr_in_an_lf_file_is_a_character_and_old_mac_files_still_read() {
        for text in [
            &b"id,name\n1,Nguyen\rVan\n2,Le\r\n3,\"Tran\"\n"[..],
            b"id,name\n1,Nguyen\rVan\n\"2\",Le\r\n3,Tran",
        ] {
            let (_d, p) = write(text, "csv");
            let (_, rows) = read_all(&p, vec![0, 1]);
            let cells: Vec<Vec<String>> = rows.iter().map(|r| r.cells.clone()).collect();
            assert_eq!(
                cells,
                [["1", "Nguyen\rVan"], ["2", "Le"], ["3", "Tran"]],
                "{:?}",
                String::from_utf8_lossy(text)
            );
            assert!(rows.iter().all(|r| r.malformed.is_none()));
        }
        let (_d, p) = write(b"id,name\r1,a\r2,b\r", "csv");
        assert_eq!(read_all(&p, vec![0, 1]).1.len(), 2, "CR line ends");
        let (_d, p) = write(b"id,name\r\n1,a\rb\r\n2,\"c\"\r\n", "csv");
        let cells: Vec<Vec<String>> = read_all(&p, vec![0, 1]).1.iter().map(|r| r.cells.clone()).collect();
        assert_eq!(cells, [["1", "a\rb"], ["2", "c"]], "in a CRLF file too");
    }

    #[test]
    fn bad_rows_are_marked_not_dropped() {
        let (_d, p) = write(b"a,b\n1,2\n3\n4,\xff\n5,6\n", "csv");
        let (_, rows) = read_all(&p, vec![0, 1]);
        let marks: Vec<_> = rows.iter().map(|r| r.malformed).collect();
        assert_eq!(marks, [None, Some(RowFault::FieldCount), Some(RowFault::Encoding), None]);
        assert_eq!(rows[3].number, 4);
    }

    /// A row as read: number, cells, fault, raw text.
    type Read = (u64, Vec<String>, Option<RowFault>, Option<Box<Raw>>);

    /// The rows of the three-column file at `p`, read `chunk` bytes at a time in batches of `batch`.
    fn rows_in_chunks(p: &Path, chunk: usize, batch: usize) -> Vec<Read> {
        let mut s = CsvSource::open(p, None).unwrap();
        s.chunk = chunk;
        s.project(vec![0, 1, 2]);
        let mut rows = Vec::new();
        while let Some(b) = s.next_batch(batch).unwrap() {
            rows.extend(b.into_iter().map(|r| (r.number, r.cells, r.malformed, r.raw)));
        }
        rows
    }

    /// Each unreadable row has its place and text, and they lead to its text in the file.
    fn raws_lead_to_their_text(text: &[u8], rows: &[Read]) {
        let raws: Vec<&Raw> = rows.iter().filter_map(|r| r.3.as_deref()).collect();
        assert_eq!(raws.len(), rows.iter().filter(|r| r.2.is_some()).count());
        for raw in raws {
            let at = raw.offset as usize;
            assert!(text[at..].starts_with(&raw.text), "{raw:?}");
            assert_eq!(raw.line, 1 + text[..at].iter().filter(|&&b| b == b'\n').count() as u64, "{raw:?}");
        }
    }

    #[test]
    fn rows_are_the_same_whatever_the_chunk_size() {
        // Quoted newlines and delimiters, stray quotes, CRLF, blank lines, a
        // field longer than a chunk, bad UTF-8, a short row, no final newline.
        let mut text = b"\xef\xbb\xbfid,name,note\r\n".to_vec();
        for i in 0..300 {
            let row = match i % 9 {
                0 => format!("{i},\"Nguyen\nVan, An\",x\r\n"),
                1 => format!("{i},Le \"Be\" Ba,\"say \"\"hi\"\"\"\n"),
                2 => format!("{i},Tran,\n\n"),
                3 => format!("{i},\"{}\",long\n", "dài ".repeat(40)),
                4 => format!("{i},only\n"),
                5 => format!("{i},\"open quote never closed here,z\n\"\n"),
                _ => format!("{i},Phạm Thị {i},ok\n"),
            };
            text.extend_from_slice(row.as_bytes());
            if i == 150 {
                text.extend_from_slice(b"150b,\xff\xfe,bad\n");
            }
        }
        text.extend_from_slice(b"last,row,no newline");
        let (_d, p) = write(&text, "csv");
        let rows_with = |chunk: usize| rows_in_chunks(&p, chunk, 7);
        let whole = rows_with(1 << 30);
        raws_lead_to_their_text(&text, &whole);
        assert!(whole.len() > 250, "{}", whole.len());
        assert_eq!(whole.last().unwrap().1, ["last", "row", "no newline"]);
        assert_eq!(
            whole.iter().map(|r| r.0).collect::<Vec<_>>(),
            (1..=whole.len() as u64).collect::<Vec<_>>()
        );
        for chunk in [1, 2, 3, 16, 61, 64, 200, 1000, 4096] {
            assert_eq!(rows_with(chunk), whole, "chunk {chunk}");
        }
        // Every row is there once: a stray quote costs its own line (and
        // the lone quote on the next), never the rows after it.
        for i in 0..300 {
            let n = whole.iter().filter(|r| r.1[0] == i.to_string()).count();
            assert_eq!(n, 1, "row {i}");
        }
        let broken: Vec<&String> =
            whole.iter().filter(|r| r.2 == Some(RowFault::UnbalancedQuote)).map(|r| &r.1[0]).collect();
        assert_eq!(broken.len(), 2 * (0..300).filter(|i| i % 9 == 5).count(), "{broken:?}");
        assert!(
            broken.iter().all(|b| *b == "\"" || b.parse::<u32>().is_ok_and(|i| i % 9 == 5)),
            "{broken:?}"
        );
        // Quoted line ends in records that close with the header's fields are kept.
        assert!(whole.iter().any(|r| r.1[1] == "Nguyen\nVan, An" && r.2.is_none()));
    }

    #[test]
    fn text_without_quotes_is_cut_at_line_ends_as_the_parser_would() {
        // CRLF and LF, blank lines, bad UTF-8, short and long rows, no final newline.
        let mut text = b"id,name,note\r\n".to_vec();
        for i in 0..400 {
            let row = match i % 7 {
                0 => format!("{i},Nguyen Van An,x\r\n"),
                1 => format!("{i},Tran,\n\n"),
                2 => format!("{i},only\n"),
                3 => format!("{i},a,b,c\n"),
                4 => format!("{i},{},long\n", "dài ".repeat(30)),
                _ => format!("{i},Phạm Thị {i},ok\n"),
            };
            text.extend_from_slice(row.as_bytes());
            if i == 200 {
                text.extend_from_slice(b"200b,\xff\xfe,bad\n");
            }
        }
        text.extend_from_slice(b"last,row,no newline");
        let (_d, p) = write(&text, "csv");
        assert!(
            CsvSource::open(&p, None).unwrap().line_ends(&text[14..]).is_some(),
            "the fast path is taken"
        );
        let rows_with = |chunk: usize| rows_in_chunks(&p, chunk, 5);
        let whole = rows_with(1 << 30);
        // What the parser makes of the whole text in one go.
        let mut parser = ::csv::ReaderBuilder::new().flexible(true).from_reader(&text[..]);
        let want: Vec<Vec<String>> = parser
            .byte_records()
            .map(|r| {
                let r = r.unwrap();
                (0..3).map(|i| String::from_utf8_lossy(r.get(i).unwrap_or_default()).into_owned()).collect()
            })
            .collect();
        assert_eq!(whole.iter().map(|r| r.1.clone()).collect::<Vec<_>>(), want);
        raws_lead_to_their_text(&text, &whole);
        let short_or_long = (0..400).filter(|i| matches!(i % 7, 2 | 3)).count();
        assert_eq!(whole.iter().filter(|r| r.2.is_some()).count(), short_or_long + 1);
        for chunk in [1, 2, 3, 16, 61, 64, 200, 1000, 4096] {
            assert_eq!(rows_with(chunk), whole, "chunk {chunk}");
        }
    }

    #[test]
    fn a_stray_quote_costs_one_row_not_the_rest_of_the_file() {
        // The quote in row 100 never closes; 500 rows, every one read.
        let mut text = String::from("id,name,dob\n");
        for i in 1..=500 {
            let name = if i == 100 { "\"Nguyen Van".to_string() } else { format!("Tran Thi {i}") };
            text.push_str(&format!("{i:012},{name},01/02/1990\n"));
        }
        // The same quote opening the last column, and a quoted ID before it.
        let last =
            text.replace("000000000100,\"Nguyen Van,01/02/1990", "\"000000000100\",Nguyen Van,\"01/02/1990");
        for (line_end, text) in [("\n", &text), ("\r\n", &text), ("\r", &text), ("\n", &last)] {
            let (_d, p) = write(text.replace('\n', line_end).as_bytes(), "csv");
            let (_, rows) = read_all(&p, vec![0, 1]);
            assert_eq!(rows.len(), 500, "{line_end:?}");
            let faults: Vec<u64> = rows.iter().filter(|r| r.malformed.is_some()).map(|r| r.number).collect();
            assert_eq!(faults, [100], "{line_end:?}");
            assert_eq!(rows[99].malformed, Some(RowFault::UnbalancedQuote));
            assert_eq!(rows[99].cells[0], "000000000100");
            assert_eq!(rows[100].cells, ["000000000101", "Tran Thi 101"]);
        }
    }

    #[test]
    fn empty_file_is_an_error() {
        let (_d, p) = write(b"", "csv");
        assert!(CsvSource::open(&p, None).is_err());
    }
}
