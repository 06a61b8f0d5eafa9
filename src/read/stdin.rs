//! `--input -`: the export piped in. The input is read more than once (a
//! sample for the model, the match pass, the write pass), so standard input
//! is first copied to a private temporary file (mode 0600, removed when the
//! run ends), named after what its first bytes show it to be.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Standard input, copied to a temporary file.
#[derive(Debug)]
pub struct Spooled {
    path: PathBuf,
}

impl Spooled {
    /// Copies all of standard input into a new file in `dir`.
    pub fn stdin(dir: &Path) -> Result<Spooled> {
        let mut input = std::io::stdin().lock();
        let mut head = Vec::new();
        (&mut input).take(4).read_to_end(&mut head).map_err(|e| Error::io("stdin", "reading", e))?;
        let ext = match head.as_slice() {
            [b'P', b'A', b'R', b'1'] => "parquet",
            [0x1f, 0x8b, ..] => "csv.gz",
            [0x28, 0xb5, 0x2f, 0xfd] => "csv.zst",
            _ => "csv",
        };
        let path = dir.join(format!(".doisoat-stdin-{}.{ext}", std::process::id()));
        let spooled = Spooled { path };
        let mut file = std::io::BufWriter::new(crate::output::create_private(&spooled.path)?);
        let copy = file.write_all(&head).and_then(|()| std::io::copy(&mut input, &mut file).map(|_| ()));
        copy.and_then(|()| file.flush())
            .map_err(|e| Error::io(&spooled.path, "writing standard input to", e))?;
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
