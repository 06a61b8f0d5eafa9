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
//! Nothing outside DIR is touched, whatever was planted in it: DIR is
//! opened once, and every step inside it
//! (the lock, `.runs`, `.current`, the links, removing old runs) works
//! relative to that handle with the `*at` calls, never following a link
//! there (`O_NOFOLLOW`, `AT_SYMLINK_NOFOLLOW`). `.lock` must be a file,
//! `.runs` a directory, `.current` a link to `.runs/<run id>`; anything
//! else there is refused with the path and what to do. Only entries of
//! `.runs` named as runs are removed, through the handle of `.runs`, and a
//! link inside is removed as a link. The run's files are written through
//! its directory's path: before the run is put in place, `.runs` and the
//! run's directory must still be the entries this run opened (else one was
//! moved or replaced during the run: nothing is put in place, though files
//! written meanwhile went where the replacement led).

use std::ffi::{OsStr, OsString};
use std::fs::{self, File};
use std::os::fd::OwnedFd;
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path, PathBuf};

use rustix::fs::{self as at, AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;

use crate::error::{Error, Result};

/// Where the runs live, inside the output directory.
const RUNS: &str = ".runs";
/// The link to the complete run.
const CURRENT: &str = ".current";
/// The lock file.
const LOCK: &str = ".lock";

/// A run's files being written, not yet the output directory's.
#[derive(Debug)]
pub struct RunDir {
    dir: Handle,
    runs: Handle,
    run: Handle,
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
        let dir = Handle::open(dir)?;
        let lock = dir.lock(LOCK)?;
        let runs = dir.child_dir(RUNS)?;
        let current = current_run(&dir)?;
        for name in runs.names()? {
            // What killed runs left; nothing else (not ours: left alone).
            if is_run_id(&name) && Some(&name) != current.as_ref() {
                runs.remove_tree(name.as_ref())?;
            }
        }
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let id = format!("{nanos}-{}", std::process::id());
        let run = runs.child_dir(&id)?;
        Ok(RunDir { dir, runs, run, id, _lock: lock, committed: false })
    }

    /// The directory this run's files are written to.
    pub fn path(&self) -> PathBuf {
        self.run.path.clone()
    }

    /// Makes this run the output directory's, in one rename: every file
    /// written to [`RunDir::path`] (hidden ones excepted) appears under its
    /// name in the output directory. `ours` names the files earlier
    /// versions wrote in place (not as links): they are replaced too.
    pub fn commit(mut self, ours: &[&str]) -> Result<()> {
        // The run's files were written through its path: `.runs` and the
        // run's directory must still be the ones this run opened, entries of
        // DIR and of `.runs` themselves (no link), or `.current` would lead elsewhere.
        if !self.dir.holds(RUNS, &self.runs) || !self.runs.holds(&self.id, &self.run) {
            return Err(not_ours(
                &self.run.path,
                "no longer the directory this run made (moved or replaced during the run)",
            ));
        }
        let names: Vec<String> = self.run.names()?.into_iter().filter(|n| !n.starts_with('.')).collect();
        // An earlier version's manifest, written in place, goes first: from
        // here to the swap the directory shows no complete run rather than a mixed one.
        if self.dir.kind("manifest.json")? == Some(FileType::RegularFile) {
            self.dir.remove_file("manifest.json")?;
        }
        // Links for the new names, pointing into `.current`: until the swap
        // they show the old run's file of that name, or nothing.
        for name in &names {
            let target = Path::new(CURRENT).join(name);
            if self.dir.read_link(name)?.is_some_and(|t| t == target) {
                continue;
            }
            self.dir.replace_with_link(&target, name)?;
        }
        let old = current_run(&self.dir)?;
        self.dir.replace_with_link(&Path::new(RUNS).join(&self.id), CURRENT)?;
        // The swap is done (this run is DIR's now, whatever follows).
        self.committed = true;
        self.dir.sync()?;
        // What is left is tidying: a link into `.current` that leads to
        // nothing in this run (a name it did not write) goes.
        for name in self.dir.names()? {
            let into_run =
                self.dir.read_link(&name)?.and_then(|t| t.strip_prefix(CURRENT).ok().map(Path::to_path_buf));
            let dangling = match into_run {
                // (`.current` itself leads to the run.)
                Some(rest) if !rest.as_os_str().is_empty() => self.run.kind_of(&rest)?.is_none(),
                _ => false,
            };
            let ours_in_place = ours.contains(&name.as_str())
                && !names.contains(&name)
                && self.dir.kind(&name)? == Some(FileType::RegularFile);
            if dangling || ours_in_place {
                self.dir.remove_file(&name)?;
            }
        }
        if let Some(old) = old.filter(|o| *o != self.id) {
            self.runs.remove_tree(old.as_ref())?;
        }
        Ok(())
    }
}

impl Drop for RunDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = self.runs.remove_tree(self.id.as_ref());
        }
    }
}

/// The id of the run `dir/.current` points to (none before the first
/// run). A `.current` that is not a link to `.runs/<run id>` was not made
/// by doisoat, and is refused.
fn current_run(dir: &Handle) -> Result<Option<String>> {
    match dir.kind(CURRENT)? {
        None => return Ok(None),
        Some(FileType::Symlink) => {}
        Some(_) => return Err(not_ours(&dir.path.join(CURRENT), "not a link")),
    }
    let target = dir.read_link(CURRENT)?.unwrap_or_default();
    let mut parts = target.components();
    let id = match (parts.next(), parts.next(), parts.next()) {
        (Some(Component::Normal(runs)), Some(Component::Normal(id)), None) if runs == RUNS => {
            id.to_str().filter(|id| is_run_id(id))
        }
        _ => None,
    };
    match id {
        Some(id) => Ok(Some(id.to_string())),
        None => Err(not_ours(&dir.path.join(CURRENT), "a link to something else than a run")),
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

/// A directory opened once: every operation on its entries goes through
/// the handle and never follows a link among them. `path` is for messages
/// (and for the run's writers, see [`RunDir::path`]).
#[derive(Debug)]
struct Handle {
    fd: OwnedFd,
    path: PathBuf,
}

impl Handle {
    /// Opens the output directory the user named (a link given as DIR is
    /// the user's choice: followed, once).
    fn open(path: &Path) -> Result<Handle> {
        let fd = at::open(path, OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC, Mode::empty())
            .map_err(|e| Error::io(path, "opening the output directory", e.into()))?;
        Ok(Handle { fd, path: path.to_path_buf() })
    }

    /// The directory `name` in it, created (mode 0700) unless there; one
    /// that is there must be a directory itself, not a link to one elsewhere.
    fn child_dir(&self, name: &str) -> Result<Handle> {
        let path = self.path.join(name);
        match at::mkdirat(&self.fd, name, Mode::RWXU) {
            Ok(()) | Err(Errno::EXIST) => {}
            Err(e) => return Err(Error::io(&path, "creating", e.into())),
        }
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        // (Systems say "a link" with different errors: ask what is there.)
        match at::openat(&self.fd, name, flags, Mode::empty()) {
            Ok(fd) => Ok(Handle { fd, path }),
            Err(e) => match self.kind(name)? {
                Some(FileType::Symlink) => Err(not_ours(&path, "a link")),
                Some(FileType::Directory) | None => Err(Error::io(&path, "opening", e.into())),
                Some(_) => Err(not_ours(&path, "not a directory")),
            },
        }
    }

    /// Takes the lock file `name` (created mode 0600 if absent, never
    /// through a link), failing at once if another run holds it.
    fn lock(&self, name: &str) -> Result<File> {
        let path = self.path.join(name);
        // Non-blocking: a FIFO planted there must not hold the open.
        let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let lock = match at::openat(&self.fd, name, flags, Mode::RUSR | Mode::WUSR) {
            Ok(fd) => File::from(fd),
            Err(e) => {
                return Err(match self.kind(name)? {
                    Some(FileType::Symlink) => not_ours(&path, "a link"),
                    Some(FileType::RegularFile) | None => Error::io(&path, "creating", e.into()),
                    Some(_) => not_ours(&path, "not a file"),
                })
            }
        };
        if !lock.metadata().is_ok_and(|m| m.is_file()) {
            return Err(not_ours(&path, "not a file"));
        }
        match lock.try_lock() {
            Ok(()) => Ok(lock),
            Err(fs::TryLockError::WouldBlock) => Err(Error::Busy(self.path.clone())),
            Err(fs::TryLockError::Error(e)) => Err(Error::io(&path, "locking", e)),
        }
    }

    /// What `name` is (a link is a link), if it is there.
    fn kind(&self, name: &str) -> Result<Option<FileType>> {
        self.kind_of(Path::new(name))
    }

    /// What the entry at `path` (relative) is, if it is there.
    fn kind_of(&self, path: &Path) -> Result<Option<FileType>> {
        match at::statat(&self.fd, path, AtFlags::SYMLINK_NOFOLLOW) {
            Ok(st) => Ok(Some(FileType::from_raw_mode(st.st_mode))),
            Err(Errno::NOENT | Errno::NOTDIR) => Ok(None),
            Err(e) => Err(Error::io(self.path.join(path), "reading", e.into())),
        }
    }

    /// True when the entry `name` (not followed) is the directory `other` holds.
    fn holds(&self, name: &str, other: &Handle) -> bool {
        match (at::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW), at::fstat(&other.fd)) {
            (Ok(a), Ok(b)) => a.st_dev == b.st_dev && a.st_ino == b.st_ino,
            _ => false,
        }
    }

    /// Where the link `name` points, if `name` is a link.
    fn read_link(&self, name: &str) -> Result<Option<PathBuf>> {
        match at::readlinkat(&self.fd, name, Vec::new()) {
            Ok(target) => Ok(Some(PathBuf::from(OsStr::from_bytes(target.as_bytes())))),
            Err(Errno::NOENT | Errno::INVAL) => Ok(None),
            Err(e) => Err(Error::io(self.path.join(name), "reading", e.into())),
        }
    }

    /// Puts a symbolic link to `target` at `name`, replacing what is there
    /// in one rename (a file or a link; a directory there is an error).
    fn replace_with_link(&self, target: &Path, name: &str) -> Result<()> {
        let tmp = format!(".{name}.link");
        self.remove_file(&tmp)?;
        at::symlinkat(target, &self.fd, tmp.as_str())
            .map_err(|e| Error::io(self.path.join(&tmp), "creating a link", e.into()))?;
        at::renameat(&self.fd, tmp.as_str(), &self.fd, name)
            .map_err(|e| Error::io(self.path.join(name), "replacing", e.into()))
    }

    /// Removes the entry `name` (a link as a link), if it is there.
    fn remove_file(&self, name: &str) -> Result<()> {
        self.unlink(name.as_ref(), AtFlags::empty())
    }

    /// Removes the entry `name` if it is there (an empty directory with `REMOVEDIR`).
    fn unlink(&self, name: &OsStr, flags: AtFlags) -> Result<()> {
        match at::unlinkat(&self.fd, name, flags) {
            Ok(()) | Err(Errno::NOENT) => Ok(()),
            Err(e) => Err(Error::io(self.path.join(name), "removing", e.into())),
        }
    }

    /// Removes the directory `name` and all in it, through handles: a link
    /// inside is removed as a link, never followed.
    fn remove_tree(&self, name: &OsStr) -> Result<()> {
        let path = self.path.join(name);
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = match at::openat(&self.fd, name, flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(Errno::NOENT) => return Ok(()),
            // Not a directory (or a link): an entry of its own.
            Err(Errno::LOOP | Errno::NOTDIR) => return self.unlink(name, AtFlags::empty()),
            Err(e) => return Err(Error::io(&path, "removing", e.into())),
        };
        let inner = Handle { fd, path };
        for entry in inner.entries()? {
            inner.remove_tree(&entry)?;
        }
        self.unlink(name, AtFlags::REMOVEDIR)
    }

    /// The entries of the directory, sorted (not `.` and `..`).
    fn entries(&self) -> Result<Vec<OsString>> {
        let listing = |e: Errno| Error::io(&self.path, "listing", e.into());
        let mut names = Vec::new();
        for entry in at::Dir::read_from(&self.fd).map_err(listing)? {
            let name = OsStr::from_bytes(entry.map_err(listing)?.file_name().to_bytes()).to_os_string();
            if name != "." && name != ".." {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }

    /// The names of the directory's entries that are text, sorted.
    fn names(&self) -> Result<Vec<String>> {
        Ok(self.entries()?.into_iter().filter_map(|n| n.into_string().ok()).collect())
    }

    /// Makes the directory's entries durable (a rename is in the directory).
    fn sync(&self) -> Result<()> {
        at::fsync(&self.fd).map_err(|e| Error::io(&self.path, "syncing", e.into()))
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
    fn a_runs_directory_swapped_during_the_run_is_found_and_nothing_is_put_in_place() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let run = run(dir, &[("results.csv", "new")]);
        // Someone moves `.runs` away and puts a link to elsewhere in its place.
        fs::rename(dir.join(RUNS), dir.join("moved")).unwrap();
        fs::create_dir(dir.join("elsewhere")).unwrap();
        std::os::unix::fs::symlink("elsewhere", dir.join(RUNS)).unwrap();
        let err = run.commit(&[]).unwrap_err().to_string();
        assert!(err.contains("no longer the directory this run made"), "{err}");
        assert!(
            fs::symlink_metadata(dir.join(CURRENT)).is_err()
                && fs::symlink_metadata(dir.join("results.csv")).is_err()
        );
        // The run's own directory was removed where it is, through the handle; the link and its target stay.
        assert_eq!(fs::read_dir(dir.join("moved")).unwrap().count(), 0);
        assert_eq!(fs::read_dir(dir.join("elsewhere")).unwrap().count(), 0);
        assert!(fs::symlink_metadata(dir.join(RUNS)).unwrap().file_type().is_symlink());
    }

    #[test]
    fn a_runs_directory_moved_and_linked_back_is_found_too() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let run = run(&dir, &[("results.csv", "new")]);
        // The same directory, now reached through a link from outside DIR.
        fs::rename(dir.join(RUNS), tmp.path().join("moved")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("moved"), dir.join(RUNS)).unwrap();
        let err = run.commit(&[]).unwrap_err().to_string();
        assert!(err.contains("no longer the directory this run made"), "{err}");
        assert!(fs::symlink_metadata(dir.join(CURRENT)).is_err());
    }

    #[test]
    fn a_link_of_the_users_into_the_current_run_stays_while_it_leads_somewhere() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        run(&dir, &[("results.csv", "old")]).commit(&[]).unwrap();
        std::os::unix::fs::symlink(".current/results.csv", dir.join("latest.csv")).unwrap();
        std::os::unix::fs::symlink(".current/gone.csv", dir.join("stale.csv")).unwrap();
        std::os::unix::fs::symlink(".current", dir.join("latest")).unwrap();
        run(&dir, &[("results.csv", "new")]).commit(&[]).unwrap();
        assert_eq!(fs::read_to_string(dir.join("latest.csv")).unwrap(), "new");
        assert_eq!(fs::read_to_string(dir.join("latest/results.csv")).unwrap(), "new");
        assert!(
            fs::symlink_metadata(dir.join("stale.csv")).is_err(),
            "a link into .current leading nowhere goes"
        );
    }

    #[test]
    fn a_lock_that_is_a_fifo_or_a_directory_is_refused_at_once() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        fs::create_dir(&dir).unwrap();
        rustix::fs::mkfifoat(rustix::fs::CWD, dir.join(LOCK).as_path(), Mode::RUSR | Mode::WUSR).unwrap();
        let err = RunDir::begin(&dir).unwrap_err().to_string();
        assert!(err.contains("not a file") && err.contains("move it"), "{err}");
        fs::remove_file(dir.join(LOCK)).unwrap();
        fs::create_dir(dir.join(LOCK)).unwrap();
        let err = RunDir::begin(&dir).unwrap_err().to_string();
        assert!(err.contains("not a file"), "{err}");
    }

    #[test]
    fn removing_a_killed_run_removes_links_inside_it_as_links() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        fs::create_dir_all(tmp.path().join("victim/sub")).unwrap();
        fs::create_dir_all(dir.join(RUNS).join("1-2")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("victim"), dir.join(RUNS).join("1-2/link")).unwrap();
        drop(RunDir::begin(&dir).unwrap());
        assert!(fs::symlink_metadata(dir.join(RUNS).join("1-2")).is_err(), "the killed run is gone");
        assert!(tmp.path().join("victim/sub").is_dir(), "what its link pointed to is not");
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
