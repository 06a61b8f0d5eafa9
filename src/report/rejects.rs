//! `rejects.csv` and `base_rejects.csv`: every row that could not be read
//! (or, in the base, has no usable ID), streamed as it is met — its row
//! number, line, byte offset, reason, and its text as read, at most
//! [`RAW_MAX`](crate::read::RAW_MAX) bytes, masked (letters `x`, digits `9`,
//! the rest kept, so a stray quote or a missing delimiter still shows)
//! unless `--debug-values`. Counts per reason and the first row numbers
//! are kept for the messages.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Result;
use crate::output::table::TableWriter;
use crate::read::{Format, Raw, Row};

/// The columns of a rejects file.
const COLUMNS: [&str; 5] = ["row", "line", "byte_offset", "reason", "text"];

/// Row numbers kept for a message.
const FIRST: usize = 10;

/// A rejects file being written.
pub struct Rejects {
    table: TableWriter,
    debug_values: bool,
    /// Rows per reason code.
    pub per_reason: BTreeMap<&'static str, u64>,
    /// The first rows' numbers.
    pub first: Vec<u64>,
}

impl Rejects {
    /// Starts the file at `path`; `debug_values` shows rows' text unmasked.
    pub fn create(path: &Path, debug_values: bool) -> Result<Rejects> {
        let table = TableWriter::create(path, Format::Csv, &COLUMNS)?;
        Ok(Rejects { table, debug_values, per_reason: BTreeMap::new(), first: Vec::new() })
    }

    /// Adds one row, rejected for `reason` (a reason code).
    pub fn add(&mut self, row: &Row, reason: &'static str) -> Result<()> {
        *self.per_reason.entry(reason).or_default() += 1;
        if self.first.len() < FIRST {
            self.first.push(row.number);
        }
        let (line, offset, text) = match row.raw.as_deref() {
            Some(Raw { line, offset, text }) => {
                (line.to_string(), offset.to_string(), shown(text, self.debug_values))
            }
            None => Default::default(),
        };
        self.table.row(&[&row.number.to_string(), &line, &offset, reason, &text])
    }

    /// Rows written.
    pub fn count(&self) -> u64 {
        self.per_reason.values().sum()
    }

    /// `ROW_MALFORMED 12, ROW_BAD_TEXT 3`.
    pub fn counts_text(&self) -> String {
        let counts: Vec<String> = self.per_reason.iter().map(|(code, n)| format!("{code} {n}")).collect();
        counts.join(", ")
    }

    /// Completes the file.
    pub fn finish(self) -> Result<()> {
        self.table.finish().map(|_| ())
    }
}

/// A row's text as `rejects.csv` shows it: bytes that are not text as
/// `\xNN`, control characters escaped; masked, every letter is `x` and
/// every digit `9`.
fn shown(text: &[u8], debug_values: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for chunk in text.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                _ if c.is_control() => out.push_str(&c.escape_default().to_string()),
                _ if debug_values => out.push(c),
                _ => out.push(super::mask::shape_char(c)),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_masked_but_keeps_its_shape() {
        let raw = "079190000123,\"Nguyễn Văn,01/02/1990\tx".as_bytes();
        assert_eq!(shown(raw, false), "999999999999,\"xxxxxx xxx,99/99/9999\\tx");
        assert_eq!(shown(raw, true), "079190000123,\"Nguyễn Văn,01/02/1990\\tx");
        assert_eq!(shown(b"An,\xff\xfe", false), "xx,\\xFF\\xFE");
    }
}
