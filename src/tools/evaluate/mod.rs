//! Accuracy of a reconciliation against a ground truth, in one of two forms:
//!
//! * the *generator truth* (`truth.csv` from `doisoat generate`, or any file
//!   with a `row` column): one truth row per results row, paired in order,
//!   with `person_id` and, optionally, `faults` and `expected_status`;
//! * a *link truth* (a `key` column and no `row` column): the true
//!   `person_id` of each input key, e.g. a public benchmark's list of true
//!   pairs. Results rows are paired with it by their `key`; a results row
//!   whose key the truth lacks is not linkable (a link there is a wrong link).
//!
//! Measured:
//!
//! * precision: of the rows linked to a person, the share linked to the
//!   right one (a wrong link hurts a citizen: the target is 0.9995);
//! * recall: of the rows a perfect reconciler would link (`MATCH`,
//!   `MATCH_WITH_DIFFS`, `ID_CORRECTED`; without `expected_status`, the rows
//!   whose truth has a `person_id`), the share linked to the right person;
//! * F1: 2PR/(P+R);
//! * with `expected_status`: status agreement overall and per fault, the
//!   share of rows whose status is the one a perfect reconciler gives;
//! * with `expected_reasons` (exam and residence truths): reason agreement
//!   overall and per fault ([`reasons`]).

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};

pub mod completeness;
pub mod reasons;
use reasons::Reasons;

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

/// How results rows were paired with truth rows.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Pairing {
    /// Row by row, in order (the truth has a `row` column).
    #[default]
    Row,
    /// By the results' `key` (a link truth: a `key` column, no `row`).
    Key,
}

/// Labels of the confusion table's "expected" side when the truth has no
/// `expected_status`.
const LINKABLE: &str = "(linkable)";
const NOT_LINKABLE: &str = "(not linkable)";
/// A results row whose key the truth lacks (key pairing).
const NOT_IN_TRUTH: &str = "(not in truth)";

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
    /// `2 · precision · recall / (precision + recall)`.
    pub f1: f64,
    /// How results rows were paired with the truth.
    pub paired_by: Pairing,
    /// Results rows whose key the truth lacks (key pairing only): not linkable.
    pub not_in_truth: u64,
    /// Truth rows with a person whose key is on no results row (key pairing
    /// only): counted in `linkable` as links missed.
    pub not_in_results: u64,
    /// All rows: status as expected; `null` when the truth has no
    /// `expected_status` column.
    pub status: Option<Share>,
    /// Per fault code: status as expected (empty without `expected_status`).
    pub faults: BTreeMap<String, Share>,
    /// Residence and priority-area reasons as expected, overall and per
    /// fault; `null` when the truth has no `expected_reasons` column.
    pub reasons: Option<Reasons>,
    /// Expected status → actual status → rows. Without `expected_status`, the
    /// expected side is `(linkable)`, `(not linkable)` or `(not in truth)`.
    pub confusion: BTreeMap<String, BTreeMap<String, u64>>,
    /// The share of true persons that reached the candidate list at all
    /// (`--completeness`): blocking losses, apart from decision losses.
    pub pairs_completeness: Option<Completeness>,
    /// Per results row, the true person of a linkable row (empty otherwise).
    #[serde(skip)]
    pub true_persons: Vec<String>,
}

/// Pairs completeness: of the linkable rows, those whose true person was
/// among the candidates the search compared.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Completeness {
    /// Linkable rows.
    pub linkable: u64,
    /// Of those, rows whose true person was a candidate.
    pub reached: u64,
    /// `reached / linkable`.
    pub share: f64,
}

impl Accuracy {
    /// Records pairs completeness from `reached` (per results row: the true
    /// person was a candidate).
    pub fn set_completeness(&mut self, reached: &[bool]) {
        let linkable = self.true_persons.iter().filter(|p| !p.is_empty()).count() as u64;
        let hit = self.true_persons.iter().zip(reached).filter(|(p, &r)| !p.is_empty() && r).count() as u64;
        let share = if linkable == 0 { 1.0 } else { hit as f64 / linkable as f64 };
        self.pairs_completeness = Some(Completeness { linkable, reached: hit, share });
    }
}

/// A CSV reader over a file (flexible: short rows read as empty fields) and its headers.
fn reader<R: Read>(path: &Path, source: R) -> Result<(csv::Reader<R>, Vec<String>)> {
    let mut r = csv::ReaderBuilder::new().flexible(true).from_reader(source);
    // A results file written for Excel starts with a byte-order mark.
    let headers = r
        .headers()
        .map_err(|e| Error::io(path, "reading", e.into()))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_string())
        .collect();
    Ok((r, headers))
}

fn position(headers: &[String], name: &str) -> Option<usize> {
    headers.iter().position(|h| h == name)
}

fn column(path: &Path, headers: &[String], name: &str) -> Result<usize> {
    position(headers, name).ok_or_else(|| Error::Mapping {
        path: path.into(),
        message: format!(
            "no column '{name}' (headers seen: {})",
            crate::read::mapping::headers_seen(headers)
        ),
    })
}

/// A field of a (flexible) record, empty when the row is short.
fn field(record: &csv::StringRecord, i: usize) -> &str {
    record.get(i).unwrap_or("")
}

/// Compares `results.csv` with a truth file (see the module documentation).
/// Results are read a row at a time, and so is a truth paired by row (the
/// generator's, as long as the export): memory does not grow with them. A
/// link truth is held whole (one entry per key). `keep_true_persons` keeps
/// each row's true person for pairs completeness.
pub fn evaluate(results: &Path, truth: &Path, keep_true_persons: bool) -> Result<Accuracy> {
    let open = |p: &Path| std::fs::File::open(p).map_err(|e| Error::io(p, "reading", e));
    let (r, t) = (std::io::BufReader::new(open(results)?), std::io::BufReader::new(open(truth)?));
    evaluate_readers(results, r, truth, t, keep_true_persons)
}

/// The columns evaluation reads.
struct Columns {
    status: usize,
    person: usize,
    t_person: usize,
    t_faults: Option<usize>,
    t_status: Option<usize>,
    /// The truth's `expected_reasons` and the results' `reasons`.
    reasons: Option<(usize, usize)>,
}

/// A reading error of `path`, for `map_err`.
fn read_err(path: &Path) -> impl Fn(csv::Error) -> Error + '_ {
    move |e| Error::io(path, "reading", e.into())
}

fn evaluate_readers(
    results: &Path,
    results_source: impl Read,
    truth: &Path,
    truth_source: impl Read,
    keep_true_persons: bool,
) -> Result<Accuracy> {
    let (mut rr, rh) = reader(results, results_source)?;
    let (mut tr, th) = reader(truth, truth_source)?;
    let paired_by = if position(&th, "row").is_some() {
        Pairing::Row
    } else if position(&th, "key").is_some() {
        Pairing::Key
    } else {
        return Err(Error::Mapping {
            path: truth.into(),
            message: format!(
                "neither a 'row' column (a truth.csv of doisoat generate, paired with the results row by \
                 row) nor a 'key' column (a link truth: key and person_id, paired by the results' key); \
                 headers seen: {}",
                crate::read::mapping::headers_seen(&th)
            ),
        });
    };
    let cols = Columns {
        status: column(results, &rh, "status")?,
        person: column(results, &rh, "person_id")?,
        t_person: column(truth, &th, "person_id")?,
        t_faults: position(&th, "faults"),
        t_status: position(&th, "expected_status"),
        reasons: match position(&th, "expected_reasons") {
            Some(t) => Some((t, column(results, &rh, "reasons")?)),
            None => None,
        },
    };
    let mut a = Accuracy {
        paired_by,
        status: cols.t_status.map(|_| Share::default()),
        reasons: cols.reasons.map(|_| Reasons::default()),
        ..Accuracy::default()
    };
    match paired_by {
        Pairing::Row => pair_by_row(&mut a, (results, &mut rr), (truth, &mut tr), &cols, keep_true_persons)?,
        Pairing::Key => {
            pair_by_key(&mut a, (results, &mut rr, &rh), (truth, &mut tr, &th), &cols, keep_true_persons)?
        }
    }
    a.precision = if a.links == 0 { 1.0 } else { a.right_links as f64 / a.links as f64 };
    a.recall = if a.linkable == 0 { 1.0 } else { a.found as f64 / a.linkable as f64 };
    a.f1 = f1(a.precision, a.recall);
    Ok(a)
}

/// Counts the results against a generator's truth, paired row by row.
fn pair_by_row(
    a: &mut Accuracy,
    (results, rr): (&Path, &mut csv::Reader<impl Read>),
    (truth, tr): (&Path, &mut csv::Reader<impl Read>),
    cols: &Columns,
    keep_true_persons: bool,
) -> Result<()> {
    let (mut n_results, mut n_truth) = (0u64, 0u64);
    let mut truth_rows = tr.records();
    for row in rr.records() {
        let row = row.map_err(read_err(results))?;
        n_results += 1;
        match truth_rows.next() {
            Some(t) => {
                n_truth += 1;
                a.count(&row, Some(&t.map_err(read_err(truth))?), cols, keep_true_persons);
            }
            None => continue,
        }
    }
    n_truth += truth_rows.count() as u64;
    if n_results != n_truth {
        return Err(Error::data(
            results,
            format!(
                "{n_results} rows, but the truth {} has {n_truth}; compare the results of the same export",
                truth.display(),
            ),
        ));
    }
    Ok(())
}

/// Counts the results against a link truth, paired by their key; a true
/// link no results row carries is a link missed.
fn pair_by_key(
    a: &mut Accuracy,
    (results, rr, rh): (&Path, &mut csv::Reader<impl Read>, &[String]),
    (truth, tr, th): (&Path, &mut csv::Reader<impl Read>, &[String]),
    cols: &Columns,
    keep_true_persons: bool,
) -> Result<()> {
    let t_rows = tr.records().collect::<std::result::Result<Vec<_>, _>>().map_err(read_err(truth))?;
    let t_key = column(truth, th, "key")?;
    let r_key = column(results, rh, "key").map_err(|_| Error::Mapping {
        path: results.into(),
        message: format!(
            "no column 'key', but the truth {} pairs rows by key (headers seen: {})",
            truth.display(),
            crate::read::mapping::headers_seen(rh)
        ),
    })?;
    let mut by_key: HashMap<&str, usize> = HashMap::with_capacity(t_rows.len());
    for (i, row) in t_rows.iter().enumerate() {
        let key = field(row, t_key);
        let data_row = Some(i as u64 + 1);
        if key.is_empty() {
            return Err(Error::Data {
                path: truth.into(),
                row: data_row,
                column: Some("key".into()),
                message: "empty key; every row of a link truth needs the key of an input row".into(),
            });
        }
        if let Some(first) = by_key.insert(key, i) {
            return Err(Error::Data {
                path: truth.into(),
                row: data_row,
                column: Some("key".into()),
                message: format!("the key of row {} again; a link truth has one row per key", first + 1),
            });
        }
    }
    let (mut seen, mut rows, mut keyed) = (vec![false; t_rows.len()], 0u64, 0u64);
    for row in rr.records() {
        let row = row.map_err(read_err(results))?;
        rows += 1;
        keyed += u64::from(!field(&row, r_key).is_empty());
        let paired = by_key.get(field(&row, r_key)).copied();
        if let Some(i) = paired {
            seen[i] = true;
        }
        a.count(&row, paired.map(|i| &t_rows[i]), cols, keep_true_persons);
    }
    if rows > 0 && keyed == 0 {
        return Err(Error::data(
            results,
            format!(
                "no row has a key, but the truth {} pairs rows by key; map the input's key \
                 column ([input.columns] key = \"…\" in the config) and reconcile again",
                truth.display()
            ),
        ));
    }
    // True links that no results row carries are links missed.
    let missed =
        t_rows.iter().zip(&seen).filter(|(row, seen)| !**seen && !field(row, cols.t_person).is_empty());
    a.not_in_results = missed.count() as u64;
    a.linkable += a.not_in_results;
    Ok(())
}

impl Accuracy {
    /// Counts one results row against its truth row (`None`: its key is not in the truth).
    fn count(
        &mut self,
        row: &csv::StringRecord,
        truth_row: Option<&csv::StringRecord>,
        c: &Columns,
        keep: bool,
    ) {
        let got = field(row, c.status);
        let linked = !field(row, c.person).is_empty();
        if let (Some(r), Some((t, g))) = (&mut self.reasons, c.reasons) {
            let truth_field = |i| truth_row.map_or("", |tr| field(tr, i));
            r.count(field(row, g), truth_field(t), c.t_faults.map_or("", truth_field));
        }
        let Some(truth_row) = truth_row else {
            // Not in the truth: not linkable, and any link is a wrong one.
            self.not_in_truth += 1;
            if keep {
                self.true_persons.push(String::new());
            }
            self.links += u64::from(linked);
            if let Some(share) = &mut self.status {
                share.rows += 1;
            }
            *self
                .confusion
                .entry(NOT_IN_TRUTH.to_string())
                .or_default()
                .entry(got.to_string())
                .or_default() += 1;
            return;
        };
        let true_person = field(truth_row, c.t_person);
        let right_person = field(row, c.person) == true_person;
        if linked {
            self.links += 1;
            self.right_links += u64::from(right_person);
        }
        let expected = match c.t_status {
            Some(col) => field(truth_row, col),
            None if true_person.is_empty() => NOT_LINKABLE,
            None => LINKABLE,
        };
        let linkable = match c.t_status {
            Some(_) => matches!(expected, "MATCH" | "MATCH_WITH_DIFFS" | "ID_CORRECTED"),
            None => !true_person.is_empty(),
        };
        if linkable {
            self.linkable += 1;
            self.found += u64::from(linked && right_person);
        }
        if keep {
            self.true_persons.push(if linkable { true_person.to_string() } else { String::new() });
        }
        if let Some(share) = &mut self.status {
            let right = got == expected && (!linked || right_person);
            let count = |share: &mut Share| {
                share.rows += 1;
                share.right += u64::from(right);
            };
            count(share);
            if let Some(col) = c.t_faults {
                for f in field(truth_row, col).split('|').filter(|f| !f.is_empty()) {
                    count(self.faults.entry(f.to_string()).or_default());
                }
            }
        }
        *self.confusion.entry(expected.to_string()).or_default().entry(got.to_string()).or_default() += 1;
    }
}

/// The harmonic mean of precision and recall (0 when both are 0).
fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

impl Accuracy {
    /// A plain-text report.
    pub fn table(&self) -> String {
        let mut out = format!(
            "precision {:.5} ({} of {} links right)\nrecall    {:.5} ({} of {} linkable rows found)\nf1        {:.5}\n",
            self.precision, self.right_links, self.links, self.recall, self.found, self.linkable, self.f1
        );
        if let Some(c) = &self.pairs_completeness {
            out.push_str(&format!(
                "pairs completeness {:.5} ({} of {} true persons among the candidates)\n",
                c.share, c.reached, c.linkable
            ));
        }
        if self.paired_by == Pairing::Key {
            out.push_str(&format!(
                "paired    by key ({} results rows not in the truth, {} truth links on no results row)\n",
                self.not_in_truth, self.not_in_results
            ));
        }
        match &self.status {
            Some(status) => {
                out.push_str(&format!(
                    "status    {:.5} ({} of {} rows as expected)\n\n{:<24} {:>8} {:>9}\n",
                    status.ratio(),
                    status.right,
                    status.rows,
                    "fault",
                    "rows",
                    "right"
                ));
                for (f, s) in &self.faults {
                    out.push_str(&format!("{f:<24} {:>8} {:>8.2}%\n", s.rows, 100.0 * s.ratio()));
                }
            }
            None => out.push_str("status    n/a (the truth has no expected_status column)\n"),
        }
        if let Some(r) = &self.reasons {
            out.push('\n');
            out.push_str(&r.table());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn run(results: &str, truth: &str) -> Result<Accuracy> {
        let (rp, tp) = (Path::new("results.csv"), Path::new("truth.csv"));
        evaluate_readers(rp, results.as_bytes(), tp, truth.as_bytes(), true)
    }

    pub(super) const RESULTS: &str = "row,key,status,person_id\n\
                           1,a,MATCH,001\n\
                           2,b,ID_CORRECTED,009\n\
                           3,c,NOT_FOUND,\n\
                           4,d,MATCH_WITH_DIFFS,004\n\
                           5,e,ID_CORRECTED,005\n\
                           6,f,NOT_FOUND,\n";

    #[test]
    fn f1_is_the_harmonic_mean() {
        assert_eq!(f1(1.0, 1.0), 1.0);
        assert_eq!(f1(0.0, 0.0), 0.0);
        assert_eq!(f1(1.0, 0.0), 0.0);
        assert!((f1(1.0, 0.5) - 2.0 / 3.0).abs() < 1e-12);
        assert!((f1(0.75, 0.6) - 2.0 * 0.45 / 1.35).abs() < 1e-12);
    }

    #[test]
    fn generator_truth_pairs_rows_in_order() {
        let truth = "row,key,person_id,faults,expected_status\n\
                     1,a,001,,MATCH\n\
                     2,b,002,id_digit_typo,ID_CORRECTED\n\
                     3,c,003,name_typo,MATCH_WITH_DIFFS\n\
                     4,d,004,name_typo,MATCH_WITH_DIFFS\n\
                     5,e,,not_in_base,NOT_FOUND\n\
                     6,f,,not_in_base,NOT_FOUND\n";
        let a = run(RESULTS, truth).unwrap();
        assert_eq!(a.paired_by, Pairing::Row);
        assert_eq!((a.links, a.right_links, a.linkable, a.found), (4, 2, 4, 2));
        assert_eq!((a.precision, a.recall, a.f1), (0.5, 0.5, 0.5));
        assert_eq!(a.status, Some(Share { rows: 6, right: 3 }));
        assert_eq!(a.faults["name_typo"], Share { rows: 2, right: 1 });
        assert_eq!(a.faults["id_digit_typo"], Share { rows: 1, right: 0 });
        assert_eq!(a.confusion["MATCH_WITH_DIFFS"]["NOT_FOUND"], 1);
        assert_eq!((a.not_in_truth, a.not_in_results), (0, 0));
        let table = a.table();
        assert!(table.contains("f1        0.50000\n"), "{table}");
        assert!(table.contains("status    0.50000 (3 of 6 rows as expected)"), "{table}");
        assert!(!table.contains("paired"), "{table}");
        // The truth must describe the same export.
        let e = run(RESULTS, "row,key,person_id,faults,expected_status\n1,a,001,,MATCH\n").unwrap_err();
        assert!(e.to_string().starts_with("results.csv: 6 rows, but the truth truth.csv has 1"), "{e}");
    }

    #[test]
    fn link_truth_pairs_rows_by_key() {
        // In another order, with an extra column; "f" is not in the truth and
        // "g" is a true link that no results row carries.
        let truth = "person_id,note,key\n\
                     005,x,e\n\
                     001,x,a\n\
                     002,x,b\n\
                     003,x,c\n\
                     004,x,d\n\
                     007,x,g\n";
        let a = run(RESULTS, truth).unwrap();
        assert_eq!(a.paired_by, Pairing::Key);
        // a right, b a wrong link, c missed, d right, e right, f not in the truth.
        assert_eq!((a.links, a.right_links), (4, 3));
        assert_eq!((a.not_in_truth, a.not_in_results), (1, 1));
        // a b c d e, plus g missed.
        assert_eq!((a.linkable, a.found), (6, 3));
        assert_eq!((a.precision, a.recall), (0.75, 0.5));
        assert!((a.f1 - 0.6).abs() < 1e-12);
        assert_eq!(a.status, None);
        assert!(a.faults.is_empty());
        assert_eq!(a.confusion["(linkable)"]["ID_CORRECTED"], 2);
        assert_eq!(a.confusion["(linkable)"]["NOT_FOUND"], 1);
        assert_eq!(a.confusion["(not in truth)"]["NOT_FOUND"], 1);
        let table = a.table();
        assert!(table.contains("status    n/a"), "{table}");
        assert!(!table.contains("fault"), "{table}");
        assert!(
            table.contains("paired    by key (1 results rows not in the truth, 1 truth links"),
            "{table}"
        );
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["status"], serde_json::Value::Null);
        assert_eq!(json["paired_by"], "key");
    }

    #[test]
    fn a_link_to_a_key_missing_from_the_truth_is_wrong() {
        let results = "row,key,status,person_id\n1,a,MATCH,001\n2,z,MATCH,002\n";
        let a = run(results, "key,person_id\na,001\n").unwrap();
        assert_eq!((a.links, a.right_links, a.linkable, a.found), (2, 1, 1, 1));
        assert_eq!((a.precision, a.recall), (0.5, 1.0));
        // A key in the truth without a person: not linkable, a link is wrong.
        let a = run(results, "key,person_id\na,001\nz,\n").unwrap();
        assert_eq!((a.links, a.right_links, a.linkable, a.not_in_truth), (2, 1, 1, 0));
        assert_eq!(a.confusion["(not linkable)"]["MATCH"], 1);
    }

    #[test]
    fn link_truth_with_expected_status() {
        let results = "row,key,status,person_id\n1,a,MATCH,001\n2,b,AMBIGUOUS,\n3,z,NOT_FOUND,\n";
        let truth = "key,person_id,expected_status,faults\na,001,MATCH,\nb,002,AMBIGUOUS,name_typo\n";
        let a = run(results, truth).unwrap();
        // AMBIGUOUS is not linkable, and the row missing from the truth is not as expected.
        assert_eq!((a.linkable, a.found), (1, 1));
        assert_eq!(a.status, Some(Share { rows: 3, right: 2 }));
        assert_eq!(a.faults["name_typo"], Share { rows: 1, right: 1 });
        assert_eq!(a.confusion["(not in truth)"]["NOT_FOUND"], 1);
    }

    #[test]
    fn errors_name_the_file_and_what_is_missing() {
        let e = run(RESULTS, "id,person_id\na,001\n").unwrap_err();
        let m = e.to_string();
        assert!(m.starts_with("truth.csv: neither a 'row' column"), "{m}");
        assert!(m.contains("nor a 'key' column") && m.contains("headers seen: id, person_id"), "{m}");
        assert_eq!(e.exit_code(), 2);
        let m = run(RESULTS, "key,pid\na,001\n").unwrap_err().to_string();
        assert!(m.starts_with("truth.csv: no column 'person_id'"), "{m}");
        let m = run("row,status,person_id\n1,MATCH,001\n", "key,person_id\na,001\n").unwrap_err().to_string();
        assert!(
            m.starts_with("results.csv: no column 'key', but the truth truth.csv pairs rows by key"),
            "{m}"
        );
        let m = run("row,key,status,person_id\n1,,MATCH,001\n", "key,person_id\na,001\n")
            .unwrap_err()
            .to_string();
        assert!(m.starts_with("results.csv: no row has a key"), "{m}");
        let m = run(RESULTS, "key,person_id\na,001\nb,002\na,003\n").unwrap_err().to_string();
        assert_eq!(
            m,
            "truth.csv, row 3, column 'key': the key of row 1 again; a link truth has one row per key"
        );
        let m = run(RESULTS, "key,person_id\n,001\n").unwrap_err().to_string();
        assert!(m.starts_with("truth.csv, row 1, column 'key': empty key"), "{m}");
        let m = run("row,key,person_id\n1,a,001\n", "key,person_id\na,001\n").unwrap_err().to_string();
        assert!(m.starts_with("results.csv: no column 'status'"), "{m}");
    }
}
