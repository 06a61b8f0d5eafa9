//! An output directory that changes from one complete run to the next in
//! one step, whatever happens in between (a full disk, an error, SIGKILL).
//!
//! A run writes all its files into its own hidden directory,
//! `DIR/.runs/<id>/`. `DIR/.current` is a symbolic link to the complete
//! run, and each output `DIR/<name>` a link to `.current/<name>`, so
//! readers open `DIR/results.csv` as always. Committing replaces
//! `.current` by a rename — one atomic step: before it, every name shows
//! the old run; after it, the new one. Names the new run does not write
//! (the other results format, a file of the old run only) are then removed,
//! and so is the old run's directory. A run that never commits leaves its
//! directory behind only if killed; the next run into DIR removes it.
//!
//! One run at a time: the run holds a lock on `DIR/.lock` from start to end.
//!
//! Nothing outside DIR is touched, whatever was planted in it: `.lock` is
//! opened without following a link, `.runs` must be a directory (not a
//! link), `.current` a link to `.runs/<run id>`; anything else there is
//! refused with the path and what to do. Only entries of `.runs` named as
//! runs are removed, and a link is removed as a link, never followed.

use std::fs::{self, File, OpenOptions};
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Where the runs live, inside the output directory.
const RUNS: &str = ".runs";
/// The link to the complete run.
const CURRENT: &str = ".current";

/// A run's files being written, not yet the output directory's.
#[derive(Debug)]
pub struct RunDir {
    dir: PathBuf,
    id: String,
    /// Held until the run ends: released when the file is closed.
    _lock: File,
    committed: bool,
}

impl RunDir {
    /// Creates `dir` if needed, takes its lock (failing at once if another
    /// run holds it), removes what killed runs left, and creates this run's
    /// own directory: a DIR that cannot be written fails here, before any work.
    pub fn begin(dir: &Path) -> Result<RunDir> {
        super::create_dir(dir)?;
        let lock = lock(dir)?;
        let runs = dir.join(RUNS);
        own_directory(&runs)?;
        let current = current_run(dir)?;
        for entry in fs::read_dir(&runs).map_err(|e| Error::io(&runs, "listing", e))? {
            let entry = entry.map_err(|e| Error::io(&runs, "listing", e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            // What killed runs left; nothing else (not ours: left alone).
            if is_run_id(&name) && Some(&name) != current.as_ref() {
                remove_tree(&entry.path())?;
            }
        }
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let id = format!("{nanos}-{}", std::process::id());
        super::create_dir(&runs.join(&id))?;
        Ok(RunDir { dir: dir.to_path_buf(), id, _lock: lock, committed: false })
    }

    /// The directory this run's files are written to.
    pub fn path(&self) -> PathBuf {
        self.dir.join(RUNS).join(&self.id)
    }

    /// Makes this run the output directory's, in one rename: every file
    /// written to [`RunDir::path`] (hidden ones excepted) appears under its
    /// name in the output directory. `ours` names the files earlier
    /// versions wrote in place (not as links): they are replaced too.
    pub fn commit(mut self, ours: &[&str]) -> Result<()> {
        let stage = self.path();
        let names = visible_names(&stage)?;
        // An earlier version's manifest, written in place, goes first: from
        // here to the swap the directory shows no complete run rather than a mixed one.
        let manifest = self.dir.join("manifest.json");
        if fs::symlink_metadata(&manifest).is_ok_and(|m| !m.file_type().is_symlink()) {
            super::remove_if_present(&manifest)?;
        }
        // Links for the new names, pointing into `.current`: until the swap
        // they show the old run's file of that name, or nothing.
        for name in &names {
            let link = self.dir.join(name);
            let target = Path::new(CURRENT).join(name);
            if fs::read_link(&link).is_ok_and(|t| t == target) {
                continue;
            }
            replace_with_link(&target, &link)?;
        }
        let old = current_run(&self.dir)?;
        replace_with_link(&Path::new(RUNS).join(&self.id), &self.dir.join(CURRENT))?;
        sync_dir(&self.dir)?;
        self.committed = true;
        // The swap is done: what is left is tidying.
        for entry in fs::read_dir(&self.dir).map_err(|e| Error::io(&self.dir, "listing", e))? {
            let entry = entry.map_err(|e| Error::io(&self.dir, "listing", e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let ours_in_place = ours.contains(&name.as_str()) && !names.contains(&name);
            let dangling = fs::read_link(&path).is_ok_and(|t| t.starts_with(CURRENT)) && !path.exists();
            if dangling || (ours_in_place && fs::symlink_metadata(&path).is_ok_and(|m| m.is_file())) {
                super::remove_if_present(&path)?;
            }
        }
        if let Some(old) = old.filter(|o| *o != self.id) {
            remove_tree(&self.dir.join(RUNS).join(old))?;
        }
        Ok(())
    }
}

impl Drop for RunDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(self.path());
        }
    }
}

/// Takes `dir/.lock` (created mode 0600 if absent, never through a link),
/// failing at once if another run holds it.
fn lock(dir: &Path) -> Result<File> {
    let path = dir.join(".lock");
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let lock = options.open(&path).map_err(|e| {
        if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            not_ours(&path, "a link")
        } else {
            Error::io(&path, "creating", e)
        }
    })?;
    if !lock.metadata().is_ok_and(|m| m.is_file()) {
        return Err(not_ours(&path, "not a file"));
    }
    match lock.try_lock() {
        Ok(()) => Ok(lock),
        Err(fs::TryLockError::WouldBlock) => Err(Error::Busy(dir.to_path_buf())),
        Err(fs::TryLockError::Error(e)) => Err(Error::io(&path, "locking", e)),
    }
}

/// Creates the directory `path` (mode 0700) unless it is there; one that is
/// there must be a directory itself, not a link to one elsewhere.
fn own_directory(path: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    match builder.create(path) {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
            return Err(Error::io(path, "creating", e));
        }
        _ => {}
    }
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(m) if m.file_type().is_symlink() => Err(not_ours(path, "a link")),
        Ok(_) => Err(not_ours(path, "not a directory")),
        Err(e) => Err(Error::io(path, "reading", e)),
    }
}

/// The id of the run `dir/.current` points to (none before the first
/// run). A `.current` that is not a link to `.runs/<run id>` was not made
/// by doisoat, and is refused.
fn current_run(dir: &Path) -> Result<Option<String>> {
    let path = dir.join(CURRENT);
    match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, "reading", e)),
        Ok(m) if !m.file_type().is_symlink() => return Err(not_ours(&path, "not a link")),
        Ok(_) => {}
    }
    let target = fs::read_link(&path).map_err(|e| Error::io(&path, "reading", e))?;
    let mut parts = target.components();
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Component::Normal(runs)), Some(Component::Normal(id)), None) if runs == RUNS => {
            match id.to_str() {
                Some(id) if is_run_id(id) => Ok(Some(id.to_string())),
                _ => Err(not_ours(&path, "a link to something else than a run")),
            }
        }
        _ => Err(not_ours(&path, "a link to something else than a run")),
    }
}

/// A run's directory name as [`RunDir::begin`] makes it: nanoseconds, a
/// dash, the process id.
fn is_run_id(name: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    name.split_once('-').is_some_and(|(a, b)| digits(a) && digits(b))
}

/// The error for a file in DIR that doisoat did not make.
fn not_ours(path: &Path, what: &str) -> Error {
    Error::data(
        path,
        format!(
            "is {what}, which doisoat never makes here: nothing was changed; move it out of the output \
             directory (or give another --out) and run again"
        ),
    )
}

/// The names of the files in `dir` that do not start with a dot, sorted.
fn visible_names(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, "listing", e))? {
        let name = entry.map_err(|e| Error::io(dir, "listing", e))?.file_name();
        let name = name.to_string_lossy().into_owned();
        if !name.starts_with('.') {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// Puts a symbolic link to `target` at `link`, replacing what is there in
/// one rename (a file or a link; a directory there is an error).
fn replace_with_link(target: &Path, link: &Path) -> Result<()> {
    let name = link.file_name().and_then(|n| n.to_str()).unwrap_or("link");
    let tmp = link.with_file_name(format!(".{name}.link"));
    super::remove_if_present(&tmp)?;
    make_link(target, &tmp)?;
    fs::rename(&tmp, link).map_err(|e| Error::io(link, "replacing", e))
}

#[cfg(unix)]
fn make_link(target: &Path, link: &Path) -> Result<()> {
    std::os::unix::fs::symlink(target, link).map_err(|e| Error::io(link, "creating a link", e))
}

#[cfg(not(unix))]
fn make_link(_target: &Path, link: &Path) -> Result<()> {
    Err(Error::io(link, "creating a link", std::io::Error::from(std::io::ErrorKind::Unsupported)))
}

/// Makes the directory's entries durable (a rename is in the directory).
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    File::open(dir).and_then(|d| d.sync_all()).map_err(|e| Error::io(dir, "syncing", e))?;
    Ok(())
}

fn remove_tree(path: &Path) -> Result<()> {
    match fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(path, "removing", e)),
        _ => Ok(()),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn run(dir: &Path, files: &[(&str, &str)]) -> RunDir {
        let run = RunDir::begin(dir).unwrap();
        for (name, text) in files {
            fs::write(run.path().join(name), text).unwrap();
        }
        run
    }

    #[test]
    fn a_run_replaces_the_last_in_one_step_and_a_failed_one_changes_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        run(&dir, &[("results.csv", "old"), ("manifest.json", "m1"), ("rejects.csv", "r")])
            .commit(&[])
            .unwrap();
        assert_eq!(fs::read_to_string(dir.join("results.csv")).unwrap(), "old");
        // A run that fails before committing leaves the last run as it was, and no directory of its own.
        drop(run(&dir, &[("results.csv", "half")]));
        assert_eq!(fs::read_to_string(dir.join("results.csv")).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.join(RUNS)).unwrap().count(), 1);
        // One run at a time.
        let held = RunDir::begin(&dir).unwrap();
        assert!(matches!(RunDir::begin(&dir), Err(Error::Busy(_))));
        drop(held);
        // The next run's files replace the last run's; a name it does not write is gone.
        run(&dir, &[("results.parquet", "new"), ("manifest.json", "m2")]).commit(&[]).unwrap();
        assert_eq!(fs::read_to_string(dir.join("results.parquet")).unwrap(), "new");
        assert_eq!(fs::read_to_string(dir.join("manifest.json")).unwrap(), "m2");
        assert!(fs::symlink_metadata(dir.join("results.csv")).is_err());
        assert!(fs::symlink_metadata(dir.join("rejects.csv")).is_err());
        assert_eq!(fs::read_dir(dir.join(RUNS)).unwrap().count(), 1);
    }

    #[test]
    fn files_an_earlier_version_wrote_in_place_are_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        for name in ["results.csv", "summary.json", "manifest.json", "notes.txt"] {
            fs::write(dir.join(name), "old").unwrap();
        }
        run(dir, &[("results.parquet", "new"), ("summary.json", "new")])
            .commit(&["results.csv", "summary.json", "manifest.json"])
            .unwrap();
        assert_eq!(fs::read_to_string(dir.join("summary.json")).unwrap(), "new");
        assert!(!dir.join("results.csv").exists() && !dir.join("manifest.json").exists());
        assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), "old", "not ours: kept");
    }
}
