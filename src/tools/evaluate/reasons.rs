//! Reason agreement for the exam and residence checks (issue 12): when the
//! truth has `expected_reasons` (the generator's, for exam and residence
//! exports), the share of rows whose results' reasons of the residence and
//! priority-area family are exactly the expected set, overall and per fault.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Share;

/// A reason of the residence and priority-area family.
pub fn in_family(code: &str) -> bool {
    ["RESIDENCE_", "PRIORITY_AREA_", "SCHOOL_", "CLAIM_", "POLICY_GROUP_"].iter().any(|p| code.starts_with(p))
        || code == "AREA_DECLARED_INVALID"
}

/// The family's codes in a `|`-joined list of reasons.
fn family(reasons: &str) -> BTreeSet<&str> {
    reasons.split('|').map(str::trim).filter(|c| in_family(c)).collect()
}

/// Rows whose family reasons are as expected.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Reasons {
    /// All rows.
    pub all: Share,
    /// Per fault code of the truth.
    pub faults: BTreeMap<String, Share>,
}

impl Reasons {
    /// Counts one row: the results' `reasons`, the truth's `expected_reasons`
    /// and `faults` (both `|`-joined).
    pub fn count(&mut self, got: &str, expected: &str, faults: &str) {
        let want: BTreeSet<&str> = expected.split('|').map(str::trim).filter(|c| !c.is_empty()).collect();
        let right = u64::from(family(got) == want);
        let count = |share: &mut Share| {
            share.rows += 1;
            share.right += right;
        };
        count(&mut self.all);
        for f in faults.split('|').filter(|f| !f.is_empty()) {
            count(self.faults.entry(f.to_string()).or_default());
        }
    }

    /// The lines of the plain-text report.
    pub fn table(&self) -> String {
        let mut out = format!(
            "reasons   {:.5} ({} of {} rows with the expected residence and priority-area reasons)\n\n\
             {:<24} {:>8} {:>9}\n",
            self.all.ratio(),
            self.all.right,
            self.all.rows,
            "fault",
            "rows",
            "right"
        );
        for (f, s) in &self.faults {
            out.push_str(&format!("{f:<24} {:>8} {:>8.2}%\n", s.rows, 100.0 * s.ratio()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Result;
    use crate::tools::evaluate::Accuracy;
    use std::path::Path;

    fn run(results: &str, truth: &str) -> Result<Accuracy> {
        let (rp, tp) = (Path::new("results.csv"), Path::new("truth.csv"));
        super::super::evaluate_readers(rp, results.as_bytes(), tp, truth.as_bytes(), false)
    }

    #[test]
    fn only_the_family_counts_and_the_set_must_be_exact() {
        let mut r = Reasons::default();
        // Other reasons aside, order aside.
        r.count(
            "NAME_DIFF|RESIDENCE_GAP|PRIORITY_AREA_SUPPORTED",
            "PRIORITY_AREA_SUPPORTED|RESIDENCE_GAP",
            "",
        );
        // One missing, one too many.
        r.count(
            "PRIORITY_AREA_UNSUPPORTED",
            "PRIORITY_AREA_UNSUPPORTED|RESIDENCE_TOO_SHORT",
            "residence_too_short",
        );
        r.count("RESIDENCE_MATCH|RESIDENCE_EXTRA_IN_BASE", "RESIDENCE_MATCH", "name_ascii");
        // Nothing expected, nothing of the family given.
        r.count("ID_NOT_FOUND", "", "not_in_base");
        r.count("AREA_DECLARED_INVALID", "", "");
        assert_eq!(r.all, Share { rows: 5, right: 2 });
        assert_eq!(r.faults["residence_too_short"], Share { rows: 1, right: 0 });
        assert_eq!(r.faults["not_in_base"], Share { rows: 1, right: 1 });
        assert!(!r.faults.contains_key(""));
        let t = r.table();
        assert!(t.starts_with("reasons   0.40000 (2 of 5 rows with the expected"), "{t}");
        assert!(t.contains("residence_too_short             1     0.00%"), "{t}");
    }

    #[test]
    fn expected_reasons_are_scored_when_the_truth_has_them() {
        let results = "row,key,status,person_id,reasons\n\
                       1,a,MATCH,001,PRIORITY_AREA_SUPPORTED\n\
                       2,b,MATCH,002,PRIORITY_AREA_UNSUPPORTED\n\
                       3,c,MATCH_WITH_DIFFS,003,NAME_DIFF|RESIDENCE_GAP|PRIORITY_AREA_SUPPORTED\n\
                       4,d,NOT_FOUND,,\n";
        let truth = "row,key,person_id,faults,expected_status,expected_reasons\n\
                     1,a,001,,MATCH,PRIORITY_AREA_SUPPORTED\n\
                     2,b,002,residence_too_short,MATCH,PRIORITY_AREA_UNSUPPORTED|RESIDENCE_TOO_SHORT\n\
                     3,c,003,name_typo|residence_gap,MATCH_WITH_DIFFS,PRIORITY_AREA_SUPPORTED|RESIDENCE_GAP\n\
                     4,d,,not_in_base,NOT_FOUND,\n";
        let a = run(results, truth).unwrap();
        let r = a.reasons.as_ref().unwrap();
        assert_eq!(r.all, Share { rows: 4, right: 3 });
        assert_eq!(r.faults["residence_too_short"], Share { rows: 1, right: 0 });
        assert_eq!(r.faults["residence_gap"], Share { rows: 1, right: 1 });
        assert_eq!(a.status, Some(Share { rows: 4, right: 4 }), "statuses apart from reasons");
        let table = a.table();
        assert!(table.contains("\nreasons   0.75000 (3 of 4 rows with the expected"), "{table}");
        let json = serde_json::to_value(&a).unwrap();
        assert_eq!(json["reasons"]["all"]["right"], 3);
        assert_eq!(json["reasons"]["faults"]["residence_gap"]["rows"], 1);
        // Without the column, no reasons section; with it, the results need reasons.
        let a = run(
            super::super::tests::RESULTS,
            "row,key,person_id\n1,a,001\n2,b,\n3,c,\n4,d,004\n5,e,005\n6,f,\n",
        )
        .unwrap();
        assert!(a.reasons.is_none() && !a.table().contains("reasons"));
        assert_eq!(serde_json::to_value(&a).unwrap()["reasons"], serde_json::Value::Null);
        let m = run(super::super::tests::RESULTS, truth).unwrap_err().to_string();
        assert!(m.starts_with("results.csv: no column 'reasons'"), "{m}");
    }
}
