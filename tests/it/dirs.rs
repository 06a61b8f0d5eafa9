//! Hostile output directories: whatever was planted in DIR (links, files
//! where doisoat keeps its own), a run touches nothing outside it, and says
//! what it refused and what to do.

use std::fs;
use std::path::Path;

use crate::util::Workdir;

const BASE: &str = "so_dinh_danh,ho_va_ten,ngay_sinh,gioi_tinh\n\
001090000001,Trần Văn An,01/03/1990,Nam\n\
001090000002,Lê Thị Bình,02/03/1990,Nữ\n";

fn workdir() -> Workdir {
    let wd = Workdir::new();
    wd.write("base.csv", BASE);
    wd.write("input.csv", BASE);
    wd
}

const RUN: &[&str] = &["reconcile", "--base", "base.csv", "--input", "input.csv", "--out", "out", "-q"];

/// Every path under `dir` (links not followed), relative to it; none
/// while it does not exist (a run may be creating it).
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            out.push(e.path().strip_prefix(dir).unwrap().display().to_string());
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(e.path());
            }
        }
    }
    out.sort();
    out
}

fn refused(wd: &Workdir, args: &[&str], what: &str) {
    let out = wd.run(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(what) && stderr.contains("move it"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_planted_runs_link_is_refused_and_nothing_outside_dir_is_touched() {
    use std::os::unix::fs::symlink;
    let wd = workdir();
    fs::create_dir_all(wd.path("victim/sub")).unwrap();
    fs::create_dir(wd.path("out")).unwrap();
    symlink("../victim", wd.path("out/.runs")).unwrap();
    refused(&wd, RUN, ".runs");
    assert_eq!(tree(&wd.path("victim")), ["sub"], "the victim is as it was");
}

#[cfg(unix)]
#[test]
fn a_planted_current_link_is_refused_and_nothing_beside_dir_is_deleted() {
    use std::os::unix::fs::symlink;
    let wd = workdir();
    fs::create_dir_all(wd.path("victim2/sub")).unwrap();
    fs::create_dir_all(wd.path("out/.runs")).unwrap();
    symlink(".runs/../../victim2", wd.path("out/.current")).unwrap();
    refused(&wd, RUN, ".current");
    assert_eq!(tree(&wd.path("victim2")), ["sub"]);
    // A `.current` that is a directory is no run's either.
    let wd = workdir();
    fs::create_dir_all(wd.path("out/.current/mine")).unwrap();
    refused(&wd, RUN, ".current");
    assert_eq!(tree(&wd.path("out/.current")), ["mine"]);
    // What doisoat made itself it runs over as ever.
    let wd = workdir();
    wd.ok(RUN);
    wd.ok(RUN);
    assert!(wd.path("out/results.csv").is_file());
}

#[cfg(unix)]
#[test]
fn a_planted_lock_link_is_not_followed() {
    use std::os::unix::fs::symlink;
    let wd = workdir();
    fs::create_dir(wd.path("out")).unwrap();
    symlink("../elsewhere.lock", wd.path("out/.lock")).unwrap();
    refused(&wd, RUN, ".lock");
    assert!(
        fs::symlink_metadata(wd.path("elsewhere.lock")).is_err(),
        "no file appears where the link points"
    );
}

#[cfg(unix)]
#[test]
fn only_run_directories_are_cleared_from_runs_and_links_there_are_not_followed() {
    use std::os::unix::fs::symlink;
    let wd = workdir();
    fs::create_dir_all(wd.path("victim/sub")).unwrap();
    fs::create_dir_all(wd.path("out/.runs/notes")).unwrap();
    // A killed run's directory, and a link named like one.
    fs::create_dir_all(wd.path("out/.runs/1-2/split")).unwrap();
    symlink("../../victim", wd.path("out/.runs/3-4")).unwrap();
    wd.ok(RUN);
    let runs: Vec<String> = tree(&wd.path("out/.runs")).into_iter().filter(|p| !p.contains('/')).collect();
    assert_eq!(runs.len(), 2, "the new run and the user's folder: {runs:?}");
    assert!(runs.contains(&"notes".to_string()), "{runs:?}");
    assert_eq!(tree(&wd.path("victim")), ["sub"], "the link was removed, not followed");
}

#[cfg(unix)]
#[test]
fn a_killed_stdin_run_leaves_its_copy_only_in_its_own_run_directory() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let wd = workdir();
    let mut child = Command::new(env!("CARGO_BIN_EXE_doisoat"))
        .args(["reconcile", "--base", "base.csv", "--input", "-", "--out", "out", "-q"])
        .current_dir(wd.path(""))
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Half the export is piped in; the run waits for the rest, and is killed.
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(BASE.lines().take(2).collect::<Vec<_>>().join("\n").as_bytes()).unwrap();
    stdin.flush().unwrap();
    let copy =
        |wd: &Workdir| tree(&wd.path("out")).into_iter().filter(|p| p.contains("stdin")).collect::<Vec<_>>();
    let started = std::time::Instant::now();
    while copy(&wd).is_empty() && started.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
    let left = copy(&wd);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].starts_with(".runs/"), "in the run's own directory: {left:?}");
    // The next run clears it.
    wd.ok(RUN);
    assert_eq!(copy(&wd), Vec::<String>::new());
}

#[test]
fn index_out_replaces_only_a_snapshot() {
    let wd = workdir();
    fs::create_dir(wd.path("mine")).unwrap();
    wd.write("mine/snapshot.json", "{\"my\": \"notes\"}");
    wd.write("mine/thesis.txt", "two years of work");
    let out = wd.run(&["index", "--base", "base.csv", "--out", "mine", "-q"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(fs::read_to_string(wd.path("mine/thesis.txt")).unwrap(), "two years of work");
    // A snapshot is replaced by the next.
    wd.ok(&["index", "--base", "base.csv", "--out", "snap", "-q"]);
    wd.write("snap/stale.txt", "x");
    wd.ok(&["index", "--base", "base.csv", "--out", "snap", "-q"]);
    assert!(wd.path("snap/snapshot.json").is_file() && !wd.path("snap/stale.txt").exists());
}
