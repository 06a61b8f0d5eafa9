//! `--fail-on` rules: data-quality alerts a nightly job turns into an exit
//! status (5), e.g. `NOT_FOUND>5%`, `investigate>0`, `MATCH<90%`. A rule
//! names a status, an action or a reason code (in any case), a comparison
//! and a count or a share of the input rows; it is checked against the
//! run's summary once the run is complete and in place (the results are
//! valid, the data is not as wanted).

use std::fmt;
use std::str::FromStr;

use crate::classify::{Action, Reason, Status};
use crate::report::Summary;

/// One `--fail-on` rule.
#[derive(Debug, Clone, PartialEq)]
pub struct FailOn {
    /// The code as summary.json writes it (statuses and reasons in capitals, actions not).
    code: &'static str,
    /// Which of summary.json's counts it is: `status_counts`, `action_counts` or `reason_counts`.
    counted: Counted,
    op: Op,
    limit: Limit,
    text: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Counted {
    Status,
    Action,
    Reason,
}

/// The status, action or reason `code` names, compared in capitals.
fn known(code: &str) -> Option<(&'static str, Counted)> {
    let statuses = Status::ALL.iter().map(|s| (s.code(), Counted::Status));
    let actions = Action::ALL.iter().map(|a| (a.code(), Counted::Action));
    let reasons = Reason::ALL.iter().map(|r| (r.code(), Counted::Reason));
    statuses.chain(actions).chain(reasons).find(|(k, _)| k.eq_ignore_ascii_case(code))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Above,
    AtLeast,
    Below,
    AtMost,
}

/// A number of rows, or a share of them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    /// So many rows.
    Rows(u64),
    /// So many percent of the rows.
    Percent(f64),
}

impl FromStr for Limit {
    type Err = String;

    fn from_str(value: &str) -> Result<Limit, String> {
        let bad = || "the limit must be a whole number of rows or a percentage (5%, 0.5%)".to_string();
        match value.trim().strip_suffix('%') {
            Some(p) => {
                let p: f64 = p.trim().parse().map_err(|_| bad())?;
                if !(0.0..=100.0).contains(&p) {
                    return Err(bad());
                }
                Ok(Limit::Percent(p))
            }
            None => Ok(Limit::Rows(value.trim().parse().map_err(|_| bad())?)),
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Rows(n) => write!(f, "{n}"),
            Limit::Percent(p) => write!(f, "{p}%"),
        }
    }
}

impl Limit {
    /// `count` of `rows` and the limit, in the limit's unit.
    fn compared(self, count: u64, rows: u64) -> (f64, f64) {
        match self {
            Limit::Rows(n) => (count as f64, n as f64),
            Limit::Percent(p) => (share(count, rows), p),
        }
    }

    /// True when `count` of `rows` is above the limit.
    pub fn exceeded(self, count: u64, rows: u64) -> bool {
        let (value, limit) = self.compared(count, rows);
        value > limit
    }
}

/// `count` as a percentage of `rows` (0 of none).
fn share(count: u64, rows: u64) -> f64 {
    if rows == 0 {
        0.0
    } else {
        count as f64 * 100.0 / rows as f64
    }
}

impl FromStr for FailOn {
    type Err = String;

    fn from_str(s: &str) -> Result<FailOn, String> {
        let text: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let at = text.find(['>', '<']).ok_or_else(|| {
            format!("'{s}': expected CODE>N, CODE>N%, CODE>=N or CODE<N%, e.g. NOT_FOUND>5% or ID_CONFLICT>0")
        })?;
        let (code, rest) = text.split_at(at);
        let Some((code, counted)) = known(code) else {
            return Err(format!(
                "'{s}': {code:?} is not a status, action or reason code (statuses: {}; actions: {}; \
                 reason codes such as DECEASED_BEFORE_RECORD are accepted too: see the README's Reasons)",
                Status::ALL.map(|s| s.code()).join(", "),
                Action::ALL.map(|a| a.code()).join(", ")
            ));
        };
        let (op, value) = match rest.as_bytes() {
            [b'>', b'=', ..] => (Op::AtLeast, &rest[2..]),
            [b'<', b'=', ..] => (Op::AtMost, &rest[2..]),
            [b'>', ..] => (Op::Above, &rest[1..]),
            _ => (Op::Below, &rest[1..]),
        };
        let limit = value.parse().map_err(|e| format!("'{s}': {e}"))?;
        Ok(FailOn { code, counted, op, limit, text })
    }
}

impl fmt::Display for FailOn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FailOn {
    /// When the rule holds for `summary`: what it found, for the message.
    pub fn hit(&self, summary: &Summary) -> Option<String> {
        let counts = match self.counted {
            Counted::Status => &summary.status_counts,
            Counted::Action => &summary.action_counts,
            Counted::Reason => &summary.reason_counts,
        };
        // A reason no row has is not in summary.json's counts: 0.
        let count = counts.get(self.code).copied().unwrap_or(0);
        let rows = summary.input_rows;
        let share = share(count, rows);
        let (value, limit) = self.limit.compared(count, rows);
        let holds = match self.op {
            Op::Above => value > limit,
            Op::AtLeast => value >= limit,
            Op::Below => value < limit,
            Op::AtMost => value <= limit,
        };
        holds.then(|| {
            format!("--fail-on {}: {} is {count} of {rows} rows ({share:.2} %)", self.text, self.code)
        })
    }
}

/// The rules that hold for `summary`, one line each.
pub fn hits(rules: &[FailOn], summary: &Summary) -> Vec<String> {
    rules.iter().filter_map(|r| r.hit(summary)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Tally;

    fn summary(statuses: &[(Status, u64)]) -> Summary {
        let mut t = Tally::default();
        for &(s, n) in statuses {
            for _ in 0..n {
                t.add(crate::classify::finish(s, []));
            }
        }
        Summary::with_stages(&t, 10, 0, 1.0, Vec::new(), Default::default())
    }

    #[test]
    fn rules_parse_and_hold_by_count_or_share() {
        let s = summary(&[(Status::Match, 90), (Status::NotFound, 6), (Status::IdConflict, 4)]);
        let rule = |t: &str| t.parse::<FailOn>().unwrap();
        assert!(rule("NOT_FOUND>5%").hit(&s).unwrap().contains("6 of 100 rows"));
        assert!(rule("not_found > 6%").hit(&s).is_none());
        assert!(rule("NOT_FOUND>=6%").hit(&s).is_some());
        assert!(rule("ID_CONFLICT>0").hit(&s).is_some());
        assert!(rule("ID_CONFLICT>4").hit(&s).is_none());
        assert!(rule("MATCH<95%").hit(&s).is_some());
        assert!(rule("MATCH<=89%").hit(&s).is_none());
        assert!(rule("AMBIGUOUS>0").hit(&s).is_none(), "a status no row has counts 0");
        assert!(rule("DECEASED_BEFORE_RECORD>0").hit(&s).is_none(), "a reason code");
        for bad in ["NOT_FOUND", "NOTFOUND>5%", "NOT_FOUND>five", "NOT_FOUND>120%", ">3", "NOT_FOUND>-1"] {
            assert!(bad.parse::<FailOn>().is_err(), "{bad}");
        }
    }

    #[test]
    fn actions_are_counted_from_the_action_counts_in_any_case() {
        let mut t = Tally::default();
        let mut deceased = crate::classify::Reasons::default();
        deceased.add(Reason::Deceased);
        (0..97).for_each(|_| t.add(crate::classify::finish(Status::Match, [])));
        (0..2).for_each(|_| t.add(crate::classify::finish(Status::Match, [deceased])));
        t.add(crate::classify::finish(Status::NotFound, []));
        let s = Summary::new(&t, 10, 0, 1.0);
        let rule = |t: &str| t.parse::<FailOn>().unwrap();
        let hit = rule("investigate>0").hit(&s).expect("two deceased persons' rows");
        assert_eq!(hit, "--fail-on investigate>0: investigate is 2 of 100 rows (2.00 %)");
        assert!(rule("INVESTIGATE>=2").hit(&s).is_some() && rule("Investigate>2").hit(&s).is_none());
        assert!(rule("check_identity>0.5%").hit(&s).is_some() && rule("check_identity>2%").hit(&s).is_none());
        // `none` counts the action (97 rows), `MATCH` the status (99): each from its own table.
        assert!(rule("NONE<=97").hit(&s).is_some() && rule("none<97").hit(&s).is_none());
        assert!(rule("MATCH>98").hit(&s).is_some());
        assert!(rule("check_residence>0").hit(&s).is_none(), "an action no row has counts 0");
        // No action is spelt like a status or a reason, so a code names one count.
        for a in Action::ALL {
            assert_eq!(known(&a.code().to_ascii_uppercase()), Some((a.code(), Counted::Action)));
        }
        let err = "investigat>0".parse::<FailOn>().unwrap_err();
        for listed in
            ["statuses: MATCH, MATCH_WITH_DIFFS", "actions: none, update_id", "investigate", "reason codes"]
        {
            assert!(err.contains(listed), "{listed}: {err}");
        }
    }

    #[test]
    fn limits_in_rows_or_percent() {
        assert!("1%".parse::<Limit>().unwrap().exceeded(2, 100));
        assert!(!"1%".parse::<Limit>().unwrap().exceeded(1, 100));
        assert!(!"0".parse::<Limit>().unwrap().exceeded(0, 100));
        assert!("0".parse::<Limit>().unwrap().exceeded(1, 100));
        assert!(!"100%".parse::<Limit>().unwrap().exceeded(100, 100));
        assert!("x%".parse::<Limit>().is_err() && "-1".parse::<Limit>().is_err());
    }
}
