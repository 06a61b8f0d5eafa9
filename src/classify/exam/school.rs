//! The priority-area rule as the admission regulation reads it (Thông tư
//! 08/2022/TT-BGDĐT Art. 7(1)(b)–(c)), for an exam export that gives the
//! candidates' schools of grades 10, 11 and 12:
//!
//! - the **school area**: each grade's school's area in that school year
//!   (the list's stretch covering most of it); the school attended for most
//!   grades decides, on a tie the one attended last, with its area in the
//!   last grade there;
//! - the **residence area**, only for the exceptions that apply: an ethnic
//!   boarding school (the candidate's tick or the list's mark) gets the
//!   area its permanent residence supports (as in the residence rule); a
//!   ticked claim of more than 18 months of permanent residence in KV1, or
//!   in an extremely disadvantaged commune, gets KV1 when the history bears
//!   it out inside the window;
//! - the **entitled area** is the best of what holds; a declared area
//!   better than it is unsupported, with a reason for each part that failed;
//! - the span a candidate writes for a claim is compared with the history
//!   on its own; policy group 01 needs more than 18 months in KV1.
//!
//! What the inputs cannot show — the school's district, the candidate's
//! ethnicity — is not checked and never held against the candidate.

use super::{has_gap, months, permanent_pieces, supported, tally, ExamCheck, ExamRules, Tally};
use crate::classify::{Reason, Reasons};
use crate::index::areas::{Areas, Zone};
use crate::index::residence::Period;
use crate::index::schools::{Listed, SchoolKey, Schools};
use crate::normalize::day::{self, Day};
use crate::normalize::ethnicity::Ethnicity;
use crate::normalize::place::Area;
use crate::normalize::tick::ticked;
use crate::normalize::DateOrder;
use crate::read::mapping::Layout;
use crate::read::roles::{Role, GRADES};
use crate::read::side::cell;

/// A grade's school as written: `None` when blank, `Some(None)` when it
/// cannot be read as a school.
pub type Written = Option<Option<SchoolKey>>;

/// What an exam row says beyond its identity and declared area.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidate {
    /// The schools of grades 10, 11 and 12.
    pub grades: [Written; 3],
    /// Ticked: more than 18 months of permanent residence in KV1.
    pub claim_kv1: bool,
    /// Ticked: … in an extremely disadvantaged commune.
    pub claim_dbkk: bool,
    /// The span claimed, `[first day, last day + 1)`: `None` when the
    /// export lacks a span column, `Some(None)` when it cannot be read or
    /// is not written.
    pub span: Option<Option<(Day, Day)>>,
    /// Ticked: an ethnic boarding school.
    pub boarding: bool,
    /// Policy group 01 written.
    pub policy_01: bool,
}

impl Candidate {
    /// The candidate of a projected row (roles the layout lacks are blank).
    pub fn read(layout: &Layout, cells: &[String], order: DateOrder) -> Candidate {
        let text = |role| cell(layout, role, cells);
        let grades =
            GRADES.map(|g| SchoolKey::read(&text(Role::GradeProvince(g)), &text(Role::GradeSchool(g))));
        let (from, to) = (text(Role::ClaimFrom), text(Role::ClaimTo));
        let columns = layout.has(Role::ClaimFrom) && layout.has(Role::ClaimTo);
        let span = columns.then(|| {
            let from = day::parse_day(&from, order).ok()?;
            let last = day::parse_day(&to, order).ok()?;
            (last >= from).then_some((from, last + 1))
        });
        let policy = text(Role::PolicyGroup);
        Candidate {
            grades,
            claim_kv1: ticked(&text(Role::ClaimKv1)),
            claim_dbkk: ticked(&text(Role::ClaimDbkk)),
            span,
            boarding: ticked(&text(Role::Boarding)),
            policy_01: policy.trim_start_matches('0') == "1" && !policy.is_empty(),
        }
    }
}

/// What became of a claim a row makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The history bears it out.
    Borne,
    /// The history does not.
    NotBorne,
    /// The base has no permanent residence in the window to judge it by.
    Unchecked,
}

/// How the rule went for one candidate, for `explain` and the reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Account {
    /// Each grade's school as read and what the list says of it that year.
    pub grades: [Option<(Option<SchoolKey>, Option<Listed>)>; 3],
    /// The grade (0: grade 10) whose school's area decided.
    pub decided_by: Option<usize>,
    /// The school area.
    pub school_area: Option<Area>,
    /// A boarding-school student (tick or list), when the exception applies.
    pub boarding: bool,
    /// The window's residence, when an exception needed it and the history has some.
    pub residence: Option<Tally>,
    /// Claims ticked (that apply): KV1 and extremely disadvantaged, borne out or not.
    pub claims: [Option<bool>; 2],
    /// The span claimed: months and days it makes, and its days the history does not bear.
    pub span: Option<((u32, u32), u32)>,
    /// Policy group 01 written: borne out or not.
    pub policy_01: Option<bool>,
    /// Policy group 01 written: the person's ethnicity as the base records it (`None`: unknown, not checked).
    pub ethnicity: Option<Ethnicity>,
    /// The claims made that apply: KV1, extremely disadvantaged commune, policy group 01.
    pub made: [bool; 3],
    /// The entitled area.
    pub entitled: Option<Area>,
}

/// Checks a candidate's declared area by the school rule: `periods` is the
/// person's residence history, `ethnicity` what the base records of it.
pub fn check(
    rules: &ExamRules,
    candidate: &Candidate,
    (schools, areas): (&Schools, &Areas),
    (periods, ethnicity): (&[Period], Option<Ethnicity>),
    declared: &str,
) -> (ExamCheck, Account) {
    let mut reasons = Reasons::default();
    let mut account = Account::default();
    let declared = Area::parse(declared);
    if declared.is_none() {
        reasons.add(Reason::AreaDeclaredInvalid);
    }
    read_schools(rules, candidate, schools, &mut account, &mut reasons);
    let ex = rules.exceptions;
    account.made =
        [ex.kv1 && candidate.claim_kv1, ex.dbkk && candidate.claim_dbkk, ex.policy_01 && candidate.policy_01];
    let [claim_kv1, claim_dbkk, _] = account.made;
    let mut entitled = account.school_area;
    if account.boarding || account.made.contains(&true) {
        entitled = best(entitled, read_residence(rules, (periods, areas), &mut account, &mut reasons));
        if claim_kv1 || claim_dbkk {
            check_span(rules, candidate.span, (periods, areas), &mut account, &mut reasons);
        }
    }
    // Policy group 01 is for citizens of an ethnic minority: one the base
    // records otherwise is not borne out, whatever the residence.
    if account.made[2] {
        account.ethnicity = ethnicity;
        if ethnicity.is_some_and(|e| e != Ethnicity::Minority) {
            account.policy_01 = Some(false);
            reasons.add(Reason::PolicyGroupUnsupported);
        }
    }
    account.entitled = entitled;
    match declared {
        None => {}
        // KV3 is no priority at all: declaring it asks nothing.
        Some(d) if d >= entitled.unwrap_or(Area::Kv3) => reasons.add(Reason::PriorityAreaSupported),
        Some(d) => {
            reasons.add(Reason::PriorityAreaUnsupported);
            if account.school_area.is_some_and(|s| d < s) {
                reasons.add(Reason::SchoolAreaLower);
            }
        }
    }
    (ExamCheck { reasons, supported: entitled }, account)
}

/// The grades' schools and their areas that year, the school that decides
/// and its area, and whether the candidate is a boarding-school student
/// the exception applies to.
fn read_schools(
    rules: &ExamRules,
    candidate: &Candidate,
    schools: &Schools,
    account: &mut Account,
    reasons: &mut Reasons,
) {
    for (i, written) in candidate.grades.iter().enumerate() {
        let Some(key) = written else { continue };
        let (from, to) = rules.grades[i];
        let listed = key.as_ref().and_then(|k| schools.during(k, from, to));
        if listed.is_none() {
            reasons.add(Reason::SchoolNotInList);
        }
        account.grades[i] = Some((key.clone(), listed));
    }
    if account.grades.iter().all(Option::is_none) {
        reasons.add(Reason::SchoolMissing);
    }
    account.decided_by = longest(&candidate.grades);
    let decided = account.decided_by.and_then(|i| account.grades[i].as_ref()?.1);
    account.school_area = decided.map(|l| l.area);
    // The list's mark, where it marks boarding schools, outweighs the candidate's tick.
    let boarding = match decided {
        Some(l) if schools.marks_boarding() => l.boarding,
        _ => candidate.boarding,
    };
    account.boarding = rules.exceptions.boarding && boarding;
}

/// The exceptions made (`account.made`, `account.boarding`) read from the
/// window's permanent residence: the area they give, if any.
fn read_residence(
    rules: &ExamRules,
    (periods, areas): (&[Period], &Areas),
    account: &mut Account,
    reasons: &mut Reasons,
) -> Option<Area> {
    let window = |p: &&Period| p.permanent() && p.overlaps(rules.start, rules.end);
    if !periods.iter().any(|p| window(&p)) {
        reasons.add(Reason::ResidenceHistoryMissing);
        return None;
    }
    let t = tally(rules, periods, areas, None);
    let min = rules.min_months;
    let mut gives = if account.boarding { supported(&t, min) } else { None };
    let claims = [t.qualifies(Area::Kv1, min), t.dbkk > (min, 0)];
    for (i, holds) in claims.into_iter().enumerate().filter(|(i, _)| account.made[*i]) {
        account.claims[i] = Some(holds);
        if holds {
            gives = Some(Area::Kv1);
        } else {
            reasons.add(Reason::ResidenceClaimUnsupported);
            let lived = |z: Zone| if i == 0 { z.area == Area::Kv1 } else { z.dbkk };
            if t.pieces.iter().any(|p| lived(p.2)) {
                reasons.add(Reason::ResidenceTooShort);
            }
        }
    }
    if account.made[2] {
        let holds = t.qualifies(Area::Kv1, min);
        account.policy_01 = Some(holds);
        if !holds {
            reasons.add(Reason::PolicyGroupUnsupported);
        }
    }
    if has_gap(periods, rules.start, rules.end) {
        reasons.add(Reason::ResidenceGap);
    }
    account.residence = Some(t);
    gives
}

/// The span written for the claims made, against the history (the claim
/// holds or not by the window's residence, on its own).
fn check_span(
    rules: &ExamRules,
    span: Option<Option<(Day, Day)>>,
    (periods, areas): (&[Period], &Areas),
    account: &mut Account,
    reasons: &mut Reasons,
) {
    let [kv1, dbkk, _] = account.made;
    match span {
        None => {}
        Some(None) => reasons.add(Reason::ClaimSpanInvalid),
        // A span starting decades before the window, or ending long after it,
        // is a misread cell (a number read as a serial date), not a claim.
        Some(Some(span)) if span.0 + 30 * 366 < rules.start || span.1 > rules.end + 366 => {
            reasons.add(Reason::ClaimSpanInvalid)
        }
        Some(Some(span)) => {
            let bearing = |z: Zone| (kv1 && z.area == Area::Kv1) || (dbkk && z.dbkk);
            let unborne = unborne_days(periods, areas, span, bearing);
            account.span = Some((months(vec![span]), unborne));
            // One day's grace: a last day written as the first day elsewhere.
            if unborne > 1 {
                reasons.add(Reason::ClaimSpanDiffers);
            }
        }
    }
}

impl Account {
    /// The school attended longest, when one decided and reads.
    pub fn deciding_school(&self) -> Option<&SchoolKey> {
        self.decided_by.and_then(|i| self.grades[i].as_ref()?.0.as_ref())
    }

    /// What became of each claim made (KV1, extremely disadvantaged
    /// commune, policy group 01); `None` for one not made.
    pub fn claims_made(&self) -> [Option<Claim>; 3] {
        let judged = [self.claims[0], self.claims[1], self.policy_01];
        let outcome = |b: Option<bool>| match b {
            Some(true) => Claim::Borne,
            Some(false) => Claim::NotBorne,
            None => Claim::Unchecked,
        };
        [0, 1, 2].map(|i| self.made[i].then(|| outcome(judged[i])))
    }
}

/// The better of two areas, either possibly none.
fn best(a: Option<Area>, b: Option<Area>) -> Option<Area> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The grade (0: grade 10) of the last year at the school attended for
/// most grades, on a tie the one attended last; cells that cannot be read
/// count for none (a province written without its school is common).
fn longest(grades: &[Written; 3]) -> Option<usize> {
    let readable = |i: usize| grades[i].as_ref().and_then(Option::as_ref);
    let count = |key: &SchoolKey| (0..3).filter(|&j| readable(j) == Some(key)).count();
    (0..grades.len()).filter_map(|i| readable(i).map(|k| (count(k), i))).max().map(|(_, i)| i)
}

/// Days of `span` not covered by permanent residence in a zone `bearing` accepts.
fn unborne_days(periods: &[Period], areas: &Areas, span: (Day, Day), bearing: impl Fn(Zone) -> bool) -> u32 {
    let mut covered: Vec<(Day, Day)> = permanent_pieces(periods, areas, span, None)
        .into_iter()
        .filter(|p| bearing(p.2))
        .map(|p| (p.0, p.1))
        .collect();
    covered.sort_unstable();
    let (mut days, mut at) = (0, span.0);
    for (a, b) in covered {
        let a = a.max(at);
        if b > a {
            days += b - a;
            at = b;
        }
    }
    (span.1 - span.0) - days
}

#[cfg(test)]
mod tests;
