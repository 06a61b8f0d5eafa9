//! `manifest.json`, the record of a completed run: what it read (paths,
//! sizes, modification times, SHA-256), how it was asked (the argument
//! list, the configuration's hash), what it wrote (rows, sizes, SHA-256).
//! `doisoat verify` checks an output directory against it; `explain` refuses to
//! answer from inputs that are no longer the ones the run read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use crate::output::digest::{hash_file, hex, FileDigest, Hasher};

use crate::error::{Error, Result};

/// One file the run wrote, in the output directory.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestFile {
    /// File name inside the output directory.
    pub name: String,
    /// Data rows it holds (for JSON files: 1).
    pub rows: u64,
    /// Its size in bytes.
    #[serde(default)]
    pub bytes: Option<u64>,
    /// Its SHA-256, in hex.
    #[serde(default)]
    pub sha256: Option<String>,
}

/// One file the run read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// `base`, `input` or `config`.
    pub role: String,
    /// Absolute path (a snapshot: its directory).
    pub path: String,
    /// Size in bytes (a snapshot: all its files).
    pub bytes: u64,
    /// Last modification, seconds since 1970 with nanoseconds (a snapshot: its `snapshot.json`'s).
    pub modified: Option<String>,
    /// SHA-256 in hex (a snapshot: of its files' names and hashes, in name order).
    pub sha256: String,
    /// A snapshot's files by name, each one's SHA-256 (the run checked
    /// them against what `snapshot.json` records).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub files: BTreeMap<String, String>,
}

/// The contents of `manifest.json`: written last, so its presence means the
/// run completed; `explain` reads the inputs back from it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// doisoat's version.
    pub doisoat_version: String,
    /// The base file (absolute path).
    pub base: String,
    /// The input file (absolute path).
    pub input: String,
    /// The config file (absolute path), if any.
    pub config: Option<String>,
    /// The input's encoding, when it was given on the command line.
    #[serde(default)]
    pub input_encoding: Option<String>,
    /// The base's sheet, when it is a workbook and one was named (`--base-sheet`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_sheet: Option<String>,
    /// The input's sheet, when it is a workbook and one was named (`--sheet`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_sheet: Option<String>,
    /// The command line, program name excluded.
    #[serde(default)]
    pub arguments: Vec<String>,
    /// The files read: base, input, config.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// The files written.
    pub files: Vec<ManifestFile>,
}

/// Size, modification time and SHA-256 of the file (or snapshot directory) at `path`.
pub fn source(role: &str, path: &Path) -> Result<Source> {
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut files = BTreeMap::new();
    let (bytes, modified, sha256) = if path.is_dir() {
        let names = snapshot_files(path)?;
        let mut all = Sha256::new();
        let mut bytes = 0;
        for file in &names {
            let (n, sha) = hash_file(file)?;
            bytes += n;
            let name = file.file_name().unwrap_or_default().to_string_lossy().into_owned();
            all.update(format!("{name}\0{sha}\n"));
            files.insert(name, sha);
        }
        (bytes, latest_modified(&names), hex(&all.finalize()))
    } else {
        let (bytes, sha) = hash_file(path)?;
        (bytes, modified(path), sha)
    };
    Ok(Source { role: role.into(), path: absolute.display().to_string(), bytes, modified, sha256, files })
}

/// The files of a snapshot directory (hidden ones excepted), in name order.
fn snapshot_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, "listing", e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    files.sort();
    Ok(files)
}

/// The file's last modification time as text, exactly.
fn modified(path: &Path) -> Option<String> {
    latest_modified(&[path.to_path_buf()])
}

/// The latest of the files' modification times as text, exactly (a
/// snapshot changed in any of its tables is a changed snapshot).
fn latest_modified(files: &[PathBuf]) -> Option<String> {
    let times = files.iter().map(|f| std::fs::metadata(f).ok()?.modified().ok());
    let latest = times.collect::<Option<Vec<_>>>()?.into_iter().max()?;
    let d = latest.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!("{}.{:09}", d.as_secs(), d.subsec_nanos()))
}

impl Source {
    /// What differs between this record and the file now, cheaply (size
    /// and modification time only; `None`: the same, as far as they tell).
    pub fn changed(&self) -> Option<String> {
        let path = Path::new(&self.path);
        if !path.exists() {
            return Some(format!("the {} {} is no longer there", self.role, self.path));
        }
        let now = source_stat(path);
        (now != (self.bytes, self.modified.clone())).then(|| {
            format!(
                "the {} {} changed after the run (size or modification time differ)",
                self.role, self.path
            )
        })
    }
}

/// Size and modification time, as [`source`] records them, without hashing.
fn source_stat(path: &Path) -> (u64, Option<String>) {
    if path.is_dir() {
        let files = snapshot_files(path).unwrap_or_default();
        let bytes = files.iter().filter_map(|p| std::fs::metadata(p).ok().map(|m| m.len())).sum();
        (bytes, latest_modified(&files))
    } else {
        (std::fs::metadata(path).map_or(0, |m| m.len()), modified(path))
    }
}

/// The manifest of a completed run in `dir`.
pub fn load(dir: &Path) -> Result<Manifest> {
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Error::io(&path, "reading (is this the --out directory of a completed doisoat reconcile run?)", e)
    })?;
    serde_json::from_str(&text).map_err(|e| {
        Error::data(
            &path,
            format!("not a doisoat manifest ({e}); give the --out directory of a completed run"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_sha256_and_changes_are_seen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, "abc").unwrap();
        let s = source("input", &path).unwrap();
        assert_eq!(s.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(s.bytes, 3);
        assert_eq!(s.changed(), None);
        std::fs::write(&path, "abcd").unwrap();
        assert!(s.changed().is_some());
        std::fs::remove_file(&path).unwrap();
        assert!(s.changed().unwrap().contains("no longer there"));
    }
}
