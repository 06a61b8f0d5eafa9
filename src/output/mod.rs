//! Output files (results, reports, snapshots): created with mode 0600
//! (they hold personal data, Decree 13/2023), written under a temporary
//! name in the destination directory and renamed into place only when
//! complete, so a crashed run never leaves a truncated file under a final name.

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub mod digest;
pub mod table;
pub mod xlsx;
#[cfg(not(unix))]
compile_error!("doisoat's output directory is worked in through directory handles (openat and the like): build it for a Unix system");
mod run_dir;
pub use run_dir::RunDir;

/// File formats doisoat reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Delimited text.
    Csv,
    /// Apache Parquet.
    Parquet,
    /// An Excel (or OpenDocument) workbook: read, and written as `.xlsx`.
    Excel,
}

/// Creates `dir` (mode 0700 when new) if it does not exist.
pub fn create_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| Error::io(dir, "creating the output directory", e))
}

/// Removes the file at `path`, if there is one.
pub fn remove_if_present(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(path, "removing", e)),
        _ => Ok(()),
    }
}

/// Creates a new file at `path` for writing, mode 0600 whatever was there:
/// a leftover of an earlier run (or a symbolic link planted in its place)
/// is removed, not followed or reused, and the file is created only if
/// nothing is there (`O_EXCL`), so it is this run's own.
pub fn create_private(path: &Path) -> Result<File> {
    remove_if_present(path)?;
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(|e| Error::io(path, "creating", e))
}

/// A file under its temporary name, waiting to be renamed into place
/// (removed if it never is: a failed run leaves no temporary file).
#[derive(Debug)]
pub struct Pending {
    tmp: PathBuf,
    dest: PathBuf,
}

impl Pending {
    /// Creates the temporary file for `dest` (mode 0600) beside it.
    pub fn create(dest: &Path) -> Result<(File, Pending)> {
        let name = dest.file_name().and_then(|n| n.to_str()).unwrap_or("out");
        let tmp = dest.with_file_name(format!(".{name}.partial"));
        let file = create_private(&tmp)?;
        Ok((file, Pending { tmp, dest: dest.into() }))
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.dest
    }

    /// Syncs `file` (the temporary file, fully written) and renames it into place.
    pub fn commit(self, file: File) -> Result<PathBuf> {
        file.sync_all().map_err(|e| Error::io(&self.tmp, "writing", e))?;
        fs::rename(&self.tmp, &self.dest).map_err(|e| Error::io(&self.dest, "renaming into place", e))?;
        Ok(self.dest.clone())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        // Gone already once renamed into place.
        let _ = fs::remove_file(&self.tmp);
    }
}

/// A buffered file being written; [`OutputFile::commit`] moves it to its final name.
pub struct OutputFile {
    pending: Pending,
    writer: BufWriter<File>,
}

impl OutputFile {
    /// Starts writing `dest` (through a hidden temporary file beside it).
    pub fn create(dest: &Path) -> Result<OutputFile> {
        let (file, pending) = Pending::create(dest)?;
        Ok(OutputFile { pending, writer: BufWriter::with_capacity(1 << 20, file) })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        self.pending.path()
    }

    /// The buffered writer.
    pub fn writer(&mut self) -> &mut BufWriter<File> {
        &mut self.writer
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(self) -> Result<PathBuf> {
        let file =
            self.writer.into_inner().map_err(|e| Error::io(&self.pending.tmp, "writing", e.into_error()))?;
        self.pending.commit(file)
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

/// Writes a whole small file (JSON) through [`OutputFile`].
pub fn write_all(dest: &Path, bytes: &[u8]) -> Result<()> {
    let mut out = OutputFile::create(dest)?;
    out.writer().write_all(bytes).map_err(|e| Error::io(dest, "writing", e))?;
    out.commit().map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn temporary_files_never_follow_a_link_or_keep_an_old_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, "keep me").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join(".s.json.partial")).unwrap();
        write_all(&dir.path().join("s.json"), b"{}").unwrap();
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
        // A leftover temporary file with a loose mode gives no loose mode.
        let loose = dir.path().join(".r.csv.partial");
        fs::write(&loose, "old").unwrap();
        fs::set_permissions(&loose, fs::Permissions::from_mode(0o644)).unwrap();
        write_all(&dir.path().join("r.csv"), b"new").unwrap();
        let mode = fs::metadata(dir.path().join("r.csv")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        // A file never committed leaves nothing behind.
        drop(OutputFile::create(&dir.path().join("x.csv")).unwrap());
        assert!(!dir.path().join(".x.csv.partial").exists());
    }

    #[test]
    fn files_appear_only_when_committed_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("sub/r.csv");
        create_dir(dest.parent().unwrap()).unwrap();
        let mut out = OutputFile::create(&dest).unwrap();
        out.writer().write_all(b"a\n").unwrap();
        assert!(!dest.exists());
        out.commit().unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"a\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&dest).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
