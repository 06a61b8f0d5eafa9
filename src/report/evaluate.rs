//! Accuracy of a reconciliation against a ground truth (`truth.csv` from
//! `doisoat generate`, or any file with the same columns):
//!
//! * precision: of the rows linked to a person, the share linked to the
//!   right one (a wrong link hurts a citizen: the target is 0.9995);
//! * recall: of the rows a perfect reconciler would link (`MATCH`,
//!   `MATCH_WITH_DIFFS`, `ID_CORRECTED`), the share linked to the right person;
//! * status agreement overall and per fault: the share of rows whose status
//!   is the one a perfect reconciler gives.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};

/// Counts for one fault (or for all rows).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Share {
    /// Rows.
    pub rows: u64,
    /// Rows with the expected status (and, when linked, the right person).
    pub right: u64,
}

impl Share {
    /// `right / rows` (1 for no rows).
    pub fn ratio(&self) -> f64 {
        if self.rows == 0 {
            1.0
        } else {
            self.right as f64 / self.rows as f64
        }
    }
}

/// The accuracy of one run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Accuracy {
    /// Rows linked to a person.
    pub links: u64,
    /// Links to the right person.
    pub right_links: u64,
    /// Rows a perfect reconciler links.
    pub linkable: u64,
    /// Of those, rows linked to the right person.
    pub found: u64,
    /// `right_links / links`.
    pub precision: f64,
    /// `found / linkable`.
    pub recall: f64,
    /// All rows: status as expected.
    pub status: Share,
    /// Per fault code: status as expected.
    pub faults: BTreeMap<String, Share>,
    /// Expected status → actual status → rows.
    pub confusion: BTreeMap<String, BTreeMap<String, u64>>,
}

fn read(path: &Path) -> Result<(Vec<String>, Vec<csv::StringRecord>)> {
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| Error::io(path, "reading", e.into()))?;
    let headers =
        r.headers().map_err(|e| Error::io(path, "reading", e.into()))?.iter().map(String::from).collect();
    let rows = r
        .records()
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| Error::io(path, "reading", e.into()))?;
    Ok((headers, rows))
}

fn column(path: &Path, headers: &[String], name: &str) -> Result<usize> {
    headers.iter().position(|h| h == name).ok_or_else(|| Error::Mapping {
        path: path.into(),
        message: format!("no column '{name}' (headers seen: {})", headers.join(", ")),
    })
}

/// Compares `results.csv` with `truth.csv`, row by row.
pub fn evaluate(results: &Path, truth: &Path) -> Result<Accuracy> {
    let (rh, rrows) = read(results)?;
    let (th, trows) = read(truth)?;
    if rrows.len() != trows.len() {
        return Err(Error::data(
            results,
            format!(
                "{} rows, but the truth {} has {}; compare the results of the same export",
                rrows.len(),
                truth.display(),
                trows.len()
            ),
        ));
    }
    let (status, person) = (column(results, &rh, "status")?, column(results, &rh, "person_id")?);
    let (t_person, t_faults, t_status) = (
        column(truth, &th, "person_id")?,
        column(truth, &th, "faults")?,
        column(truth, &th, "expected_status")?,
    );
    let mut a = Accuracy::default();
    for (r, t) in rrows.iter().zip(&trows) {
        let (got, expected) = (&r[status], &t[t_status]);
        let linked = !r[person].is_empty();
        let right_person = r[person] == t[t_person];
        if linked {
            a.links += 1;
            a.right_links += u64::from(right_person);
        }
        if matches!(expected, "MATCH" | "MATCH_WITH_DIFFS" | "ID_CORRECTED") {
            a.linkable += 1;
            a.found += u64::from(linked && right_person);
        }
        let right = got == expected && (!linked || right_person);
        let count = |share: &mut Share| {
            share.rows += 1;
            share.right += u64::from(right);
        };
        count(&mut a.status);
        for f in t[t_faults].split('|').filter(|f| !f.is_empty()) {
            count(a.faults.entry(f.to_string()).or_default());
        }
        *a.confusion.entry(expected.to_string()).or_default().entry(got.to_string()).or_default() += 1;
    }
    a.precision = if a.links == 0 { 1.0 } else { a.right_links as f64 / a.links as f64 };
    a.recall = if a.linkable == 0 { 1.0 } else { a.found as f64 / a.linkable as f64 };
    Ok(a)
}

impl Accuracy {
    /// A plain-text report.
    pub fn table(&self) -> String {
        let mut out = format!(
            "precision {:.5} ({} of {} links right)\nrecall    {:.5} ({} of {} linkable rows found)\nstatus    {:.5} ({} of {} rows as expected)\n\n{:<24} {:>8} {:>9}\n",
            self.precision, self.right_links, self.links, self.recall, self.found, self.linkable,
            self.status.ratio(), self.status.right, self.status.rows, "fault", "rows", "right"
        );
        for (f, s) in &self.faults {
            out.push_str(&format!("{f:<24} {:>8} {:>8.2}%\n", s.rows, 100.0 * s.ratio()));
        }
        out.push_str("\nexpected -> got\n");
        for (e, got) in &self.confusion {
            for (g, n) in got {
                out.push_str(&format!("  {e:<17} -> {g:<17} {n}\n"));
            }
        }
        out
    }
}
