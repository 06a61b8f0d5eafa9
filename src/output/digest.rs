//! SHA-256 of files, as they are written or read back: what the run record
//! (`manifest.json`) and a snapshot's `snapshot.json` say a file was.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The size and SHA-256 (hex) of the file at `path`, read through once.
pub fn hash_file(path: &Path) -> Result<FileDigest> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, "reading", e))?;
    let mut hasher = Hasher::default();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).map_err(|e| Error::io(path, "reading", e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finish())
}

/// A file's size and SHA-256 (hex).
pub type FileDigest = (u64, String);

/// The size and SHA-256 of bytes as they are written (a large output
/// is not read again to be recorded).
#[derive(Default)]
pub struct Hasher {
    sha: Sha256,
    bytes: u64,
}

impl Hasher {
    /// Takes in the next bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        self.sha.update(bytes);
        self.bytes += bytes.len() as u64;
    }

    /// The size and SHA-256 (hex) of all the bytes taken in.
    pub fn finish(self) -> FileDigest {
        (self.bytes, hex(&self.sha.finalize()))
    }
}

/// Bytes in lower-case hex.
pub fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
