//! The lines `reconcile` ends with on stderr: what the run found (the
//! statuses in report order, the rows to act on by action, a check that
//! did not run) and where it is
//! (the results, the report, the split files, the file Excel opens). In
//! English, as the CLI speaks, counts grouped by thousands (`2,000,000`);
//! a fact a line, so a cron log reads them one by one and a JSON log gets
//! an object each. Counts and file names only, never a value of the data.

use std::path::Path;

use super::words::Lang;
use super::Summary;
use crate::classify::{Action, Status};
use crate::read::Format;

/// What the run wrote where, as the end lines name it.
#[derive(Debug, Clone, Copy)]
pub struct Written<'a> {
    /// The output directory, as given.
    pub out: &'a Path,
    /// The results' format.
    pub format: Format,
    /// results.csv starts with a byte-order mark (`--excel-csv`).
    pub excel_csv: bool,
    /// The column the rows to act on were split by (`--split-by`).
    pub split_by: Option<&'a str>,
}

/// The end lines of a run.
pub fn lines(summary: &Summary, written: &Written) -> Vec<String> {
    let count = |n: u64| Lang::En.count(n);
    let statuses: Vec<String> = Status::ALL
        .iter()
        .map(|s| (s.code(), summary.status_counts.get(s.code()).copied().unwrap_or(0)))
        .filter(|(_, n)| *n > 0)
        .map(|(code, n)| format!("{code} {}", count(n)))
        .collect();
    let mut lines = vec![format!(
        "reconciled {} rows against {} persons in {:.1} s: {}",
        count(summary.input_rows),
        count(summary.base_rows),
        summary.elapsed_seconds,
        if statuses.is_empty() { "no rows".to_string() } else { statuses.join(", ") }
    )];
    let actions: Vec<(&str, u64)> = Action::ALL
        .iter()
        .filter(|&&a| a != Action::None)
        .map(|a| (a.code(), summary.action_counts.get(a.code()).copied().unwrap_or(0)))
        .filter(|(_, n)| *n > 0)
        .collect();
    let to_act: u64 = actions.iter().map(|(_, n)| n).sum();
    lines.push(if to_act == 0 {
        "to act on: no rows".to_string()
    } else {
        let each: Vec<String> = actions.iter().map(|(code, n)| format!("{code} {}", count(*n))).collect();
        let rows = if to_act == 1 { "row" } else { "rows" };
        format!("to act on: {} {rows} ({})", count(to_act), each.join(", "))
    });
    // A check that did not run is said, not left as a zero.
    lines.extend(super::not_run::of(summary).map(|n| n.line()));
    // Which rule judged an exam's declared areas, and why that one.
    if let Some((rule, why)) =
        summary.check.as_ref().filter(|c| c.ran).and_then(|c| Some((c.rule?, c.rule_why)))
    {
        lines.push(format!("priority areas: the {rule} rule ({why})"));
    }
    let out = written.out;
    let results = out.join(match written.format {
        Format::Csv => "results.csv",
        Format::Parquet => "results.parquet",
        Format::Excel => "results.xlsx",
    });
    lines.push(format!(
        "results: {}; report: {} (and report.md)",
        results.display(),
        out.join("report.html").display()
    ));
    if let Some(column) = written.split_by {
        lines.push(format!(
            "split: {}/, a file of rows to act on per {column} (index.csv lists them)",
            out.join("split").display()
        ));
    }
    match (written.format, written.excel_csv) {
        (Format::Csv, false) => lines.push(
            "for Excel: --excel-csv writes a results.csv that Excel opens by double-click \
             (or --format xlsx: results.xlsx)"
                .into(),
        ),
        (Format::Csv, true) => lines.push(format!("for Excel: {} opens by double-click", results.display())),
        (Format::Excel, _) => lines.push(format!("for Excel: {}", results.display())),
        (Format::Parquet, _) => {}
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{Reason, Reasons};
    use crate::report::Tally;

    /// 2,000,000 rows: none to act on but 58, in every action's order.
    fn summary() -> Summary {
        let mut t = Tally::default();
        let with = |r: Reason| {
            let mut set = Reasons::default();
            set.add(r);
            set
        };
        t.add(crate::classify::finish(Status::Invalid, [with(Reason::RowMalformed)]));
        t.add(crate::classify::finish(Status::Invalid, [with(Reason::RowMalformed)]));
        (0..10).for_each(|_| t.add(crate::classify::finish(Status::NotFound, [])));
        (0..20).for_each(|_| t.add(crate::classify::finish(Status::MatchWithDiffs, [])));
        (0..26).for_each(|_| t.add(crate::classify::finish(Status::IdCorrected, [])));
        let mut s = Summary::new(&t, 91_000_000, 0, 12.34);
        s.input_rows = 2_000_000;
        *s.status_counts.get_mut("MATCH").unwrap() = 2_000_000 - 58;
        *s.action_counts.get_mut("none").unwrap() = 2_000_000 - 58;
        s
    }

    #[test]
    fn statuses_and_actions_in_report_order_with_grouped_counts() {
        let out = Path::new("kq");
        let at = Written { out, format: Format::Csv, excel_csv: false, split_by: None };
        let got = lines(&summary(), &at);
        assert_eq!(
            got[0],
            "reconciled 2,000,000 rows against 91,000,000 persons in 12.3 s: MATCH 1,999,942, \
             MATCH_WITH_DIFFS 20, ID_CORRECTED 26, NOT_FOUND 10, INVALID 2"
        );
        assert_eq!(
            got[1],
            "to act on: 58 rows (update_id 26, fix_fields 20, check_identity 10, repair_row 2)"
        );
        assert_eq!(got[2], "results: kq/results.csv; report: kq/report.html (and report.md)");
        assert!(
            got[3].starts_with("for Excel: --excel-csv writes a results.csv that Excel opens"),
            "{got:?}"
        );
        assert_eq!(got.len(), 4, "no split line without --split-by: {got:?}");
    }

    #[test]
    fn the_split_folder_and_the_file_excel_opens_are_named() {
        let out = Path::new("kq");
        let split = Written { out, format: Format::Csv, excel_csv: true, split_by: Some("ma_chi_nhanh") };
        let got = lines(&summary(), &split);
        assert_eq!(
            got[3],
            "split: kq/split/, a file of rows to act on per ma_chi_nhanh (index.csv lists them)"
        );
        assert_eq!(got[4], "for Excel: kq/results.csv opens by double-click");
        let xlsx = lines(&summary(), &Written { format: Format::Excel, ..split });
        assert!(xlsx[2].starts_with("results: kq/results.xlsx;") && xlsx[4] == "for Excel: kq/results.xlsx");
        let parquet = lines(&summary(), &Written { format: Format::Parquet, split_by: None, ..split });
        assert!(parquet.len() == 3 && !parquet.iter().any(|l| l.contains("Excel")), "{parquet:?}");
        let none = lines(&Summary::new(&Tally::default(), 5, 0, 0.0), &split);
        assert_eq!(
            (none[0].as_str(), none[1].as_str()),
            ("reconciled 0 rows against 5 persons in 0.0 s: no rows", "to act on: no rows")
        );
    }
}
