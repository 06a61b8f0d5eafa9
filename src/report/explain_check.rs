//! `doisoat explain` on an exam or residence row: after the identity's
//! waterfall, the check the run made of the linked person's residence —
//! the row's period or declared area, the base's periods it was weighed
//! against, the months counted, and the rule that gave each reason. The
//! reasons are the ones `reconcile` computes (the same functions), so the
//! two cannot drift; `RESIDENCE_EXTRA_IN_BASE`, which needs every row of
//! the person, is read from the run's results. Places and dates are shown
//! (they are what a clerk checks), never a name or an ID.

use std::fmt::Write;

use crate::classify::exam::school::Account;
use crate::classify::exam::{ExamRules, Tally};
use crate::classify::{Reason, Reasons};
use crate::index::residence::{Given, Period};
use crate::normalize::day::{self, Day};
use crate::normalize::ethnicity::Ethnicity;
use crate::normalize::place::{Area, Place};
use crate::normalize::register::Known;

/// `[from, to)` as a clerk reads it.
fn span(from: Day, to: Day) -> String {
    let end = if to == day::OPEN { "(still current)".to_string() } else { day::written(to) };
    format!("{} – {end}", day::written(from))
}

/// `18 months and 1 day`.
fn months_days(m: u32, d: u32) -> String {
    let plural = |n: u32, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    format!("{} and {}", plural(m, "month"), plural(d, "day"))
}

fn place(p: Place) -> String {
    match (p.commune, p.province) {
        (0, province) => format!("province {province:02}"),
        (commune, 0) => format!("commune {commune:05} (province unknown)"),
        (commune, province) => format!("commune {commune:05} (province {province:02})"),
    }
}

fn kind(permanent: bool) -> &'static str {
    if permanent {
        "permanent"
    } else {
        "temporary"
    }
}

/// The residence check of a linked row: its period as read (or why it
/// cannot be), the person's base periods of its kind, the reason and the
/// rule that gave it. `reasons` are the row's check reasons, `extra` the
/// run's word on `RESIDENCE_EXTRA_IN_BASE`.
pub fn residence(
    read: Result<(Given, Known), String>,
    periods: &[Period],
    reasons: Reasons,
    extra: bool,
) -> String {
    let mut s =
        String::from("\nresidence check (the row's period against the base's periods of the same kind)\n");
    let given = match read {
        Err(why) => {
            let _ = writeln!(s, "  the row's period cannot be used: {why}");
            None
        }
        Ok((given, known)) => {
            let (k, at) = (kind(given.permanent), place(given.place));
            let _ = writeln!(s, "  row:  {k} {} at {at}", span(given.from, given.to));
            let _ = match known {
                Known::Yes => Ok(()),
                Known::UnknownCommune => writeln!(
                    s,
                    "        the commune code is in neither era of the register of communes: its province is not guessed"
                ),
                Known::OtherProvince => writeln!(
                    s,
                    "        the province cell names another province than the commune's: the commune decides"
                ),
            };
            Some(given)
        }
    };
    let of_kind = |p: &&Period| given.is_none_or(|g| p.permanent() == g.permanent);
    let listed: Vec<&Period> = periods.iter().filter(of_kind).collect();
    if listed.is_empty() {
        let which = given.map(|g| format!(" of {} residence", kind(g.permanent))).unwrap_or_default();
        let _ = writeln!(s, "  base: no period of this person{which}");
    }
    for b in listed {
        let how = match given {
            None => kind(b.permanent()).to_string(),
            Some(g) => relation(g, b),
        };
        let _ = writeln!(s, "  base: {} at {}: {how}", span(b.from, b.to), place(b.place()));
    }
    if extra {
        let _ = writeln!(
            s,
            "  RESIDENCE_EXTRA_IN_BASE (from the run's results): a base period of the person that none of their rows covers"
        );
    }
    let rules =
        "first rule that holds: the same period; the same place overlapping; another place overlapping; \
                 nothing overlapping";
    let _ = writeln!(s, "decided: {} ({rules})", reasons.joined());
    s
}

/// How a base period stands to the row's.
fn relation(given: Given, b: &Period) -> String {
    let here = b.place().same_across(b.from, given.place, given.from);
    match (b.overlaps(given.from, given.to), here) {
        (false, _) => "no day in common".to_string(),
        (true, true) if b.from == given.from && b.to == given.to => "the same period".to_string(),
        (true, true) => {
            format!("same place, {} days in common", crate::classify::history::overlap_days(given, b))
        }
        (true, false) => "another place, overlapping".to_string(),
    }
}

/// The priority-area check of a linked exam row: the window, the declared
/// area, the window's days of permanent residence by area, the months they
/// make at each area, the area supported, and the reasons.
pub fn exam(
    rules: &ExamRules,
    declared: &str,
    tally: &Tally,
    supported: Option<Area>,
    reasons: Reasons,
) -> String {
    let mut s = String::from("\npriority-area check\n");
    let _ = writeln!(
        s,
        "  window: {} (permanent residence only; more than {} months qualify)",
        span(rules.start, rules.end),
        rules.min_months
    );
    let declared_as = Area::parse(declared).map_or("not an area (KV1, KV2-NT, KV2, KV3)", |a| a.code());
    let _ = writeln!(s, "  declared: {declared_as}");
    if tally.pieces.is_empty() {
        let _ = writeln!(s, "  no day of permanent residence in the window counts");
    }
    for (from, to, zone) in &tally.pieces {
        let _ = writeln!(s, "  lived: {} in a commune of {}", span(*from, *to), zone.area.code());
    }
    for area in Area::ALL {
        let (m, d) = tally.months[area.rank() as usize];
        let at =
            if area == Area::Kv3 { "any area".to_string() } else { format!("{} or better", area.code()) };
        let _ = writeln!(s, "  days at {at}: {}", months_days(m, d));
    }
    let supported = supported.map_or("none", |a| a.code());
    let _ = writeln!(
        s,
        "  supported: {supported} (the best area whose days make more than {} months)",
        rules.min_months
    );
    let _ = writeln!(s, "decided: {}", reasons.joined());
    for reason in reasons.iter() {
        if let Some(rule) = exam_rule(reason) {
            let _ = writeln!(s, "  {}: {rule}", reason.code());
        }
    }
    s
}

/// The priority-area check of a linked exam row by the school rule: each
/// grade's school and its area that year, the school that decided, the
/// exceptions that needed the residence and what it showed, the entitled
/// area and the reasons.
/// `written`: each grade's province and school cells as the row gives them
/// (school codes, no personal data), shown for a school that cannot be read.
pub fn exam_by_school(
    rules: &ExamRules,
    (declared, written): (&str, &[(String, String); 3]),
    account: &Account,
    reasons: Reasons,
) -> String {
    let mut s = String::from("\npriority-area check (the school rule: TT 08/2022 Art. 7(1)(b)-(c))\n");
    let declared_as = Area::parse(declared).map_or("not an area (KV1, KV2-NT, KV2, KV3)", |a| a.code());
    let _ = writeln!(s, "  declared: {declared_as}");
    for (i, grade) in account.grades.iter().enumerate() {
        let (from, to) = rules.grades[i];
        let year = span(from, to);
        let said = match grade {
            None => "no school given".to_string(),
            Some((None, _)) => format!(
                "a school that cannot be read (province {:?}, school {:?}): it counts for no school",
                written[i].0, written[i].1
            ),
            Some((Some(key), None)) => format!("school {key}, not in the school list for that year"),
            Some((Some(key), Some(listed))) => {
                let boarding = if listed.boarding { ", ethnic boarding school" } else { "" };
                format!("school {key}, {}{boarding}", listed.area.code())
            }
        };
        let decided = if account.decided_by == Some(i) { "  <- decides" } else { "" };
        let _ = writeln!(s, "  grade {} ({year}): {said}{decided}", 10 + i);
    }
    let school = account.school_area.map_or("none", |a| a.code());
    let _ = writeln!(s, "  school area: {school} (the school attended for most grades, on a tie the last)");
    if let Some(t) = &account.residence {
        let _ = writeln!(
            s,
            "  residence (an exception applies): window {}, more than {} months qualify",
            span(rules.start, rules.end),
            rules.min_months
        );
        for (from, to, zone) in &t.pieces {
            let marked = if zone.dbkk { ", extremely disadvantaged" } else { "" };
            let _ =
                writeln!(s, "    lived: {} in a commune of {}{marked}", span(*from, *to), zone.area.code());
        }
        let (m, d) = t.months[0];
        let _ = writeln!(s, "    in KV1: {}", months_days(m, d));
        let _ = writeln!(s, "    in extremely disadvantaged communes: {}", months_days(t.dbkk.0, t.dbkk.1));
    }
    let borne = |b: bool| if b { "borne out" } else { "not borne out" };
    match (account.boarding, &account.residence) {
        (true, Some(_)) => {
            let _ = writeln!(s, "  ethnic boarding school: the area of the residence counts");
        }
        (true, None) => {
            let _ = writeln!(
                s,
                "  ethnic boarding school: the area of the residence would count; the base has none"
            );
        }
        (false, _) => {}
    }
    for (claim, name) in account.claims.iter().zip(["KV1", "an extremely disadvantaged commune"]) {
        if let Some(holds) = claim {
            let _ =
                writeln!(s, "  claim: more than {} months in {name}: {}", rules.min_months, borne(*holds));
        }
    }
    if let Some(((m, d), unborne)) = account.span {
        let _ =
            writeln!(s, "  span written: {}; days the history does not bear: {unborne}", months_days(m, d));
    }
    if account.made[2] {
        let ethnicity = match account.ethnicity {
            None => "not recorded in the base, or not read as an ethnicity (not checked)",
            Some(Ethnicity::Minority) => "an ethnic minority, as the base records it",
            Some(_) => "not an ethnic minority, as the base records it: the group is not borne out",
        };
        let _ = writeln!(s, "  policy group 01: ethnicity {ethnicity}");
    }
    if let Some(t) = account.residence.as_ref().filter(|_| account.made[2]) {
        let months = borne(t.qualifies(Area::Kv1, rules.min_months));
        let _ = writeln!(s, "  policy group 01: more than {} months in KV1: {months}", rules.min_months);
    }
    let entitled = account.entitled.map_or("none", |a| a.code());
    let _ = writeln!(s, "  entitled: {entitled} (the best of the school area and the exceptions that hold)");
    let _ = writeln!(s, "decided: {}", reasons.joined());
    for reason in reasons.iter() {
        if let Some(rule) = exam_rule(reason) {
            let _ = writeln!(s, "  {}: {rule}", reason.code());
        }
    }
    s
}

/// The rule behind an exam reason, in the README's words.
fn exam_rule(reason: Reason) -> Option<&'static str> {
    Some(match reason {
        Reason::PriorityAreaSupported => "the declared area is the supported one, or worse",
        Reason::PriorityAreaUnsupported => "the declared area is better than the supported one (or none is supported)",
        Reason::ResidenceTooShort => {
            "the candidate did live in the window in a commune of the declared area or better (school rule: of the claimed kind), not long enough"
        }
        Reason::ResidenceGap => {
            "a day of the window, from the first day of permanent residence on, has no permanent period"
        }
        Reason::ResidenceHistoryMissing => "no permanent period of the person overlaps the window",
        Reason::AreaDeclaredInvalid => "the declared area is none of KV1, KV2-NT, KV2, KV3: correct it",
        Reason::SchoolAreaLower => "the declared area is better than the area of the school attended longest",
        Reason::SchoolNotInList => "a grade's school is not in the school list for that school year, or cannot be read",
        Reason::SchoolMissing => "no school is given for any grade",
        Reason::ResidenceClaimUnsupported => {
            "a ticked claim: the window's permanent residence in such communes makes no more than the months"
        }
        Reason::ClaimSpanDiffers => "the span written has days the history does not show in a qualifying commune",
        Reason::ClaimSpanInvalid => "the span written cannot be read",
        Reason::PolicyGroupUnsupported => {
            "policy group 01: no more than the months of permanent residence in KV1, or the base records no ethnic minority"
        }
        _ => return None,
    })
}
