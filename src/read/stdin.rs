//! `--input -`: the export piped in. The input is read more than once (a
//! sample for the model, the match pass, the write pass), so standard input
//! is first copied to a private temporary file in the run's own directory
//! (mode 0600, removed when the run ends, or with the directory of a killed
//! run), named after what its first bytes show it to be.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Standard input, copied to a temporary file.
#[derive(Debug)]
pub struct Spooled {
    path: PathBuf,
}

impl Spooled {
    /// Copies all of standard input into a new file in `dir`: no more
    /// than `max_bytes` (`--max-input-bytes`; compressed input is counted
    /// as piped, which is never more than its text).
    pub fn stdin(dir: &Path, max_bytes: Option<u64>) -> Result<Spooled> {
        let mut input = std::io::stdin().lock();
        let mut head = Vec::new();
        (&mut input).take(4).read_to_end(&mut head).map_err(|e| Error::io("stdin", "reading", e))?;
        let ext = match head.as_slice() {
            [b'P', b'A', b'R', b'1'] => "parquet",
            [0x1f, 0x8b, ..] => "csv.gz",
            [0x28, 0xb5, 0x2f, 0xfd] => "csv.zst",
            _ => "csv",
        };
        let path = dir.join(format!(".stdin.{ext}"));
        let spooled = Spooled { path };
        let mut file = std::io::BufWriter::new(crate::output::create_private(&spooled.path)?);
        let limit = max_bytes.map_or(u64::MAX, |m| m.saturating_add(1)).saturating_sub(head.len() as u64);
        let copy =
            file.write_all(&head).and_then(|()| std::io::copy(&mut (&mut input).take(limit), &mut file));
        let copied = copy
            .and_then(|n| file.flush().map(|()| n + head.len() as u64))
            .map_err(|e| Error::io(&spooled.path, "writing standard input to", e))?;
        if let Some(max) = max_bytes.filter(|&m| copied > m) {
            return Err(Error::InputTooLarge(format!(
                "standard input: more than --max-input-bytes {max} allows; stopped, nothing was written. Check the export, or raise the limit"
            )));
        }
        Ok(spooled)
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Spooled {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
