//! The guards of a reconcile run: a file named that is not there, an input
//! that is one of its own outputs, files too broken to reconcile
//! (`--max-rejects`), rows that do not add up.

use std::path::Path;

use super::ReconcileOptions;
use crate::error::{Error, Result};
use crate::index::BaseIndex;
use crate::report::fail_on::Limit;
use crate::report::rejects::Rejects;
use crate::report::results::RESULT_NAMES;
use crate::report::Tally;

/// The files a run writes in its output directory.
pub(super) const OUTPUT_NAMES: [&str; 11] = [
    RESULT_NAMES[0],
    RESULT_NAMES[1],
    RESULT_NAMES[2],
    "rejects.csv",
    "base_rejects.csv",
    "summary.json",
    "model.json",
    "report.md",
    "report.html",
    "split",
    "manifest.json",
];

/// Each file named on the command line (`--base FILE` …) that is not
/// there: an error (exit 1, as any file that cannot be read: a night's
/// export not yet delivered) naming the flag, with the nearest name in that
/// folder when one is a slip of the keyboard away (`credit.cvs`).
pub(crate) fn refuse_missing<'a>(files: impl IntoIterator<Item = (&'a str, Option<&'a Path>)>) -> Result<()> {
    for (flag, path) in files.into_iter().filter_map(|(f, p)| Some((f, p?))) {
        if path.as_os_str() == "-" || std::fs::symlink_metadata(path).is_ok() {
            continue;
        }
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut near: Vec<(usize, String)> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .map(|n| (strsim::levenshtein(&n.to_lowercase(), &name.to_lowercase()), n))
            .filter(|(d, _)| *d <= 2.max(name.chars().count() / 4))
            .collect();
        near.sort();
        let hint = match near.first() {
            Some((_, n)) => format!("; did you mean {}?", path.with_file_name(n).display()),
            None if !dir.is_dir() => format!("; the folder {} is not there either", dir.display()),
            None => String::new(),
        };
        return Err(Error::data(path, format!("no such file (given as {flag}){hint}")));
    }
    Ok(())
}

/// An input or base that is one of the files the run writes would be
/// overwritten by its own results: refused before any work.
pub(super) fn refuse_outputs_as_inputs(opts: &ReconcileOptions) -> Result<()> {
    let Ok(out) = std::fs::canonicalize(&opts.out) else { return Ok(()) };
    let sides = [
        ("--base-residence", &opts.check.base_residence),
        ("--priority-areas", &opts.check.priority_areas),
        ("--schools", &opts.check.schools),
    ];
    let sides = sides.into_iter().filter_map(|(flag, path)| Some((flag, path.as_ref()?)));
    for (flag, path) in [("--input", &opts.input), ("--base", &opts.base)].into_iter().chain(sides) {
        let Ok(file) = std::fs::canonicalize(path) else { continue };
        // The name as given (an output is a link into the run it belongs to), and where it leads.
        let given = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let given = std::fs::canonicalize(given).ok().zip(path.file_name());
        let name = given.as_ref().and_then(|(_, n)| n.to_str()).unwrap_or("");
        let in_out = given.as_ref().is_some_and(|(dir, _)| *dir == out) && OUTPUT_NAMES.contains(&name);
        if in_out || file.starts_with(out.join(".runs")) {
            return Err(Error::Usage(format!(
                "{flag} {}: it is one of the output directory's own files, which this run replaces; copy it elsewhere or give another --out",
                path.display()
            )));
        }
    }
    Ok(())
}

/// An output name that is a real directory in the output directory (a
/// copy made with `cp -rL`, a folder of the user's) cannot be replaced by
/// the run's link: refused before any work, rather than failing at the end.
pub(super) fn refuse_directories_in_the_way(out: &Path) -> Result<()> {
    for name in OUTPUT_NAMES {
        let path = out.join(name);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            return Err(Error::Usage(format!(
                "{}: a directory where this run writes its {name}; move it away or give another --out",
                path.display()
            )));
        }
    }
    Ok(())
}

/// Stops the run when more input rows than `limit` could not be read:
/// the first rows' numbers and the count per fault say where to look.
pub(super) fn refuse_too_many_rejects(
    input: &Path,
    rejects: &Rejects,
    rows: u64,
    limit: Limit,
) -> Result<()> {
    if !limit.exceeded(rejects.count(), rows) {
        return Ok(());
    }
    Err(Error::TooManyRejects(format!(
        "{}: {} of {rows} rows cannot be read ({}), more than --max-rejects {limit} allows; nothing was written. \
         First rows: {}. Fix the file (doisoat profile --input FILE), or give --max-rejects 100% to reconcile \
         it anyway (the rows are then INVALID, listed in rejects.csv)",
        input.display(),
        rejects.count(),
        rejects.counts_text(),
        rows_text(&rejects.first),
    )))
}

/// Stops the run when more base rows than `--max-rejects` are left out;
/// else completes `base_rejects.csv` (a base file's; a snapshot has none).
pub(super) fn finish_base_rejects(
    opts: &ReconcileOptions,
    base: &BaseIndex,
    listed: Option<Box<Rejects>>,
) -> Result<()> {
    if opts.max_rejects.exceeded(base.rejected, base.rows_read) {
        let how =
            listed.as_ref().map(|r| format!(" ({}; first rows: {})", r.counts_text(), rows_text(&r.first)));
        return Err(Error::TooManyRejects(format!(
            "{}: {} of {} base rows cannot be read or have no usable ID{}, more than --max-rejects {} allows; \
             nothing was written. Check the base file (doisoat profile --input BASE shows what is wrong), or raise --max-rejects",
            opts.base.display(),
            base.rejected,
            base.rows_read,
            how.unwrap_or_default(),
            opts.max_rejects
        )));
    }
    listed.map_or(Ok(()), |r| r.finish())
}

/// `2, 3, 17`.
fn rows_text(rows: &[u64]) -> String {
    rows.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
}

/// Every input row is accounted for once: as many results as rows read,
/// statuses that add up to them, and every unreadable row among them.
pub(super) fn conservation(read: u64, written: u64, tally: &Tally, unreadable: u64) -> Result<()> {
    if read == written && tally.rows() == written && tally.rejected == unreadable {
        return Ok(());
    }
    Err(Error::Internal(format!(
        "rows do not add up: {read} read, {written} results written, statuses for {}, {unreadable} unreadable read \
         against {} counted",
        tally.rows(),
        tally.rejected
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_that_do_not_add_up_are_an_internal_error() {
        let mut t = Tally::default();
        t.add(crate::classify::finish(crate::classify::Status::Match, []));
        assert!(conservation(1, 1, &t, 0).is_ok());
        for (read, written, unreadable) in [(2, 1, 0), (1, 2, 0), (1, 1, 1)] {
            let e = conservation(read, written, &t, unreadable).unwrap_err();
            assert!(matches!(e, Error::Internal(_)) && e.exit_code() == 4, "{e}");
        }
    }
}
