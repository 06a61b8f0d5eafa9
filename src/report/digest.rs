//! What the reports show beyond summary.json's counts, gathered row by row
//! in the write pass: the quality scorecard, the score distribution and,
//! with `--group-by`, the counts per group (one per [`group_value::key`],
//! shown by its most frequent spelling). Memory stays bounded: past
//! [`MAX_GROUPS`] distinct values, further values share one bucket.

use std::collections::HashMap;

use super::group_value::{self, Spellings};
use super::words::Quality;
use crate::classify::{Action, Reason, Status, Verdict};

/// Distinct group values counted one by one; rows of further values share a bucket.
pub const MAX_GROUPS: usize = 100_000;

/// Upper edges of the score bins (the last bin holds scores of at least 0.999).
pub const SCORE_EDGES: [f64; 12] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999];

/// One group's counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupTally {
    /// Rows in the group.
    pub rows: u64,
    /// Rows per status, in [`Status::ALL`] order.
    pub statuses: [u64; Status::ALL.len()],
    /// Rows per action, in [`Action::ALL`] order.
    pub actions: [u64; Action::ALL.len()],
    /// Rows per reason, indexed by the reason's place in [`Reason::ALL`].
    pub reasons: Vec<u64>,
    /// The value's spellings, with their rows.
    pub spellings: Spellings,
}

impl GroupTally {
    fn add(&mut self, Verdict { status, reasons, action }: Verdict) {
        if self.reasons.is_empty() {
            self.reasons = vec![0; Reason::ALL.len()];
        }
        self.rows += 1;
        self.statuses[Status::ALL.iter().position(|&s| s == status).expect("every status is listed")] += 1;
        self.actions[Action::ALL.iter().position(|&a| a == action).expect("every action is listed")] += 1;
        for r in reasons.iter() {
            self.reasons[r as usize] += 1;
        }
    }

    /// Rows whose action is not `none`.
    pub fn actionable(&self) -> u64 {
        self.rows - self.actions[0]
    }

    /// The share of its rows to act on.
    fn share(&self) -> f64 {
        self.actionable() as f64 / self.rows.max(1) as f64
    }

    /// The group's most frequent reasons that count against a quality word
    /// (informational ones left out), most first (ties in code order), at most `n`.
    pub fn top_reasons(&self, n: usize) -> Vec<(Reason, u64)> {
        let counted = Reason::ALL.iter().filter(|&&r| Quality::of(r).is_some());
        let mut top = ranked(counted.map(|&r| (r, self.reasons.get(r as usize).copied().unwrap_or(0))));
        top.truncate(n);
        top
    }
}

/// Reasons with their counts, the zero ones left out, most first (ties in code order).
pub fn ranked(counts: impl IntoIterator<Item = (Reason, u64)>) -> Vec<(Reason, u64)> {
    let mut found: Vec<(Reason, u64)> = counts.into_iter().filter(|p| p.1 > 0).collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    found
}

/// The report's row-by-row counts.
#[derive(Debug, Clone, Default)]
pub struct Digest {
    /// Rows counted.
    pub rows: u64,
    /// Rows meeting each quality word, in [`Quality::ALL`] order.
    pub quality_met: [u64; 4],
    /// Rows per score bin ([`SCORE_EDGES`], then one more bin).
    pub scores: [u64; SCORE_EDGES.len() + 1],
    /// Rows without a score (no candidate).
    pub no_score: u64,
    /// Counts per group, by the key of its value, when grouping.
    groups: HashMap<String, GroupTally>,
    /// Rows of values past [`MAX_GROUPS`].
    pub other_group: GroupTally,
    grouping: bool,
    /// An exam export: candidates by declared and supported area.
    pub areas: super::areas::AreaCross,
}

impl Digest {
    /// A digest; `grouping` when rows come with a group value.
    pub fn new(grouping: bool) -> Digest {
        Digest { grouping, ..Digest::default() }
    }

    /// Counts one row.
    pub fn add(&mut self, v: Verdict, score: Option<f64>, group: Option<&str>) {
        self.rows += 1;
        for (met, q) in self.quality_met.iter_mut().zip(Quality::ALL) {
            *met += u64::from(q.met(v.status, v.reasons));
        }
        match score {
            Some(s) => self.scores[SCORE_EDGES.iter().take_while(|&&e| s >= e).count()] += 1,
            None => self.no_score += 1,
        }
        if let (true, Some(value)) = (self.grouping, group) {
            let value = value.trim();
            let key = group_value::key(value);
            let room = self.groups.len() < MAX_GROUPS;
            let tally = if room || self.groups.contains_key(&key) {
                self.groups.entry(key).or_default()
            } else {
                &mut self.other_group
            };
            tally.add(v);
            tally.spellings.add(value);
        }
    }

    /// True when rows were grouped.
    pub fn grouping(&self) -> bool {
        self.grouping
    }

    /// The groups, shown by their value's most frequent spelling, most
    /// rows to act on first: then the larger share of rows to act on, the
    /// more rows, and the value's key (so the order is the same every run).
    pub fn ranked_groups(&self) -> Vec<(&str, &GroupTally)> {
        let mut all: Vec<(&String, &GroupTally)> = self.groups.iter().collect();
        all.sort_by(|(ka, a), (kb, b)| {
            (b.actionable().cmp(&a.actionable()))
                .then(b.share().total_cmp(&a.share()))
                .then(b.rows.cmp(&a.rows))
                .then(ka.cmp(kb))
        });
        all.into_iter().map(|(_, t)| (t.spellings.shown(), t)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::{finish, Reasons};

    fn with(rs: &[Reason]) -> Reasons {
        let mut set = Reasons::default();
        rs.iter().for_each(|&r| set.add(r));
        set
    }

    #[test]
    fn rows_are_counted_per_quality_word_score_bin_and_group() {
        let mut d = Digest::new(true);
        d.add(finish(Status::Match, [with(&[Reason::NameNoDiacritics])]), Some(1.0), Some("CN01"));
        d.add(finish(Status::Match, [with(&[Reason::Deceased])]), Some(0.9999), Some(" CN01 "));
        d.add(finish(Status::NotFound, [with(&[Reason::IdNotInBase])]), Some(0.2), Some("CN02"));
        d.add(finish(Status::Invalid, [with(&[Reason::RowMalformed])]), None, Some("CN02"));
        d.add(finish(Status::Match, []), Some(0.95), Some("CN03"));
        assert_eq!(d.rows, 5);
        assert_eq!(d.quality_met, [3, 5, 4, 4]);
        assert_eq!(d.no_score, 1);
        assert_eq!(d.scores[SCORE_EDGES.len()], 2, "1.0 and 0.9999 in the last bin");
        assert_eq!(d.scores[2], 1, "0.2 in [0.2, 0.3)");
        assert_eq!(d.scores[10], 1, "0.95 in [0.95, 0.99)");
        let order: Vec<&str> = d.ranked_groups().iter().map(|g| g.0).collect();
        assert_eq!(order, ["CN02", "CN01", "CN03"]);
        let cn01 = d.ranked_groups()[1].1.clone();
        assert_eq!((cn01.rows, cn01.actionable()), (2, 1));
        assert_eq!(cn01.top_reasons(5), [(Reason::Deceased, 1)], "NAME_NO_DIACRITICS is informational");
    }

    #[test]
    fn values_past_the_limit_share_one_bucket() {
        let mut d = Digest::new(true);
        for i in 0..MAX_GROUPS + 3 {
            d.add(finish(Status::Match, []), Some(1.0), Some(&i.to_string()));
        }
        assert_eq!(d.ranked_groups().len(), MAX_GROUPS);
        assert_eq!(d.other_group.rows, 3);
        let mut ungrouped = Digest::new(false);
        ungrouped.add(finish(Status::Match, []), None, Some("x"));
        assert!(ungrouped.ranked_groups().is_empty());
    }

    /// A branch of 51 rows with 11 to act on comes before one of 6 with 5;
    /// of equal counts, the larger share first; spellings of one value are one group.
    #[test]
    fn groups_rank_by_rows_to_act_on_then_share_and_fold_spellings() {
        let mut d = Digest::new(true);
        let mut rows = |n: usize, to_act: usize, value: &str| {
            for i in 0..n {
                let status = if i < to_act { Status::NotFound } else { Status::Match };
                d.add(finish(status, []), None, Some(value));
            }
        };
        rows(6, 5, "CN019");
        rows(51, 11, "CN079");
        rows(4, 2, "CN058");
        rows(8, 2, "CN024");
        rows(3, 0, "");
        rows(2, 1, "NU");
        rows(3, 1, "Nữ");
        rows(1, 1, " nữ ");
        let order: Vec<(&str, u64, u64)> =
            d.ranked_groups().iter().map(|(v, t)| (*v, t.rows, t.actionable())).collect();
        assert_eq!(
            order,
            [("CN079", 51, 11), ("CN019", 6, 5), ("Nữ", 6, 3), ("CN058", 4, 2), ("CN024", 8, 2), ("", 3, 0)]
        );
    }
}
