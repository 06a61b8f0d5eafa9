//! The reports' section per group (`--group-by`): the groups with the most
//! rows to act on first, each shown by its value's most frequent spelling;
//! a group of rows without a value says so, and the groups left out are
//! counted with their rows, never dropped silently.

use super::digest::{Digest, GroupTally, MAX_GROUPS};
use super::section::{actions_of, literal, reason_list, Section, Table, ACTION_COLOURS};
use super::svg;
use super::words::{Label, Lang};
use crate::classify::Action;
use crate::read::kind::Kind;

/// Groups shown in the reports, most rows to act on first.
pub const GROUPS_SHOWN: usize = 50;

/// The section of the groups of `column`.
pub fn section(digest: &Digest, lang: Lang, kind: Kind, column: &str) -> Section {
    let all = digest.ranked_groups();
    let mut table = Table {
        headers: vec![
            literal(column),
            lang.label(Label::Count).into(),
            lang.label(Label::Actionable).into(),
            lang.label(Label::Share).into(),
            lang.label(Label::TopReasons).into(),
        ],
        rows: Vec::new(),
        numeric: vec![false, true, true, true, false],
    };
    let mut stacks = Vec::new();
    let shown = all.iter().take(GROUPS_SHOWN);
    let other =
        (digest.other_group.rows > 0).then_some((lang.label(Label::OtherValues), &digest.other_group));
    for (value, t) in shown.copied().chain(other) {
        // Cut for the table (split/index.csv has the values as grouped, up to 100 characters).
        let name = match value.char_indices().nth(48) {
            _ if value.is_empty() => no_value(lang, column),
            Some((at, _)) => format!("{}…", &value[..at]),
            None => value.to_string(),
        };
        table.rows.push(row(lang, &literal(&name), t));
        let parts = Action::ALL
            .iter()
            .zip(ACTION_COLOURS)
            .zip(t.actions)
            .map(|((a, c), n)| (a.code(), n, c))
            .collect();
        stacks.push((name, parts));
    }
    let heading =
        format!("{} {} ({})", lang.label(Label::Groups), literal(column), lang.label(Label::WorstFirst));
    let mut notes = Vec::new();
    if all.iter().any(|(value, _)| value.is_empty()) {
        notes.push(empty_note(lang, column));
    }
    let hidden = all.get(GROUPS_SHOWN..).unwrap_or_default();
    if !hidden.is_empty() {
        let rows: u64 = hidden.iter().map(|g| g.1.rows).sum();
        let to_act: u64 = hidden.iter().map(|g| g.1.actionable()).sum();
        notes.push(not_shown(lang, hidden.len() as u64, rows, to_act));
    }
    if digest.other_group.rows > 0 {
        let (cap, other) = (lang.count(MAX_GROUPS as u64), lang.label(Label::OtherValues));
        notes.push(format!("{} {cap}: {other}", lang.label(Label::PastTheCap)));
    }
    // The actions an export of this kind can give: a credit export's legend has no exam's.
    let legend: Vec<(&str, &str)> = actions_of(kind).map(|(a, c)| (lang.action(a), c)).collect();
    let chart = svg::stacked(&heading, &stacks, &legend);
    Section {
        id: "groups".into(),
        chart: Some(chart),
        chart_note: None,
        heading,
        table,
        note: (!notes.is_empty()).then(|| notes.join(". ")),
    }
}

fn row(lang: Lang, name: &str, t: &GroupTally) -> Vec<String> {
    vec![
        name.to_string(),
        lang.count(t.rows),
        lang.count(t.actionable()),
        lang.percent(t.actionable(), t.rows),
        reason_list(lang, &t.top_reasons(3)),
    ]
}

/// The name of the group of rows without a value: `(no ma_chi_nhanh)`.
fn no_value(lang: Lang, column: &str) -> String {
    match lang {
        Lang::Vi => format!("(không có {column})"),
        Lang::En => format!("(no {column})"),
    }
}

/// What the group of rows without a value holds.
fn empty_note(lang: Lang, column: &str) -> String {
    let name = literal(&no_value(lang, column));
    match lang {
        Lang::Vi => format!(
            "{name}: các dòng để trống cột {}, và dòng không đọc được (các ô có thể đã lệch cột)",
            literal(column)
        ),
        Lang::En => format!(
            "{name}: rows with {} empty, and unreadable rows (their cells may have shifted)",
            literal(column)
        ),
    }
}

/// The groups left out of the table, with their rows.
fn not_shown(lang: Lang, groups: u64, rows: u64, to_act: u64) -> String {
    let (groups, rows, to_act) = (lang.count(groups), lang.count(rows), lang.count(to_act));
    match lang {
        Lang::Vi => format!("{groups} nhóm khác không hiện ở đây: {rows} dòng, {to_act} dòng cần xử lý"),
        Lang::En => format!("{groups} more groups not shown: {rows} rows, {to_act} to act on"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::finish;
    use crate::classify::Status;

    #[test]
    fn every_group_is_shown_or_counted_and_the_empty_one_says_what_it_holds() {
        let mut d = Digest::new(true);
        for i in 0..GROUPS_SHOWN + 3 {
            let status = if i < 10 { Status::NotFound } else { Status::Match };
            d.add(finish(status, []), None, Some(&format!("B{i:02}")));
        }
        d.add(finish(Status::NotFound, []), None, Some("B53"));
        d.add(finish(Status::NotFound, []), None, Some("b53"));
        d.add(finish(Status::Invalid, []), None, Some(""));
        let en = section(&d, Lang::En, Kind::Credit, "branch");
        assert_eq!(en.table.rows.len(), GROUPS_SHOWN);
        assert_eq!(en.table.rows[0][..3], ["B53".to_string(), "2".into(), "2".into()]);
        assert_eq!(en.table.rows[1][0], "(no branch)");
        let note = en.note.unwrap();
        assert!(note.starts_with("(no branch): rows with branch empty, and unreadable rows"), "{note}");
        // 55 groups, 50 shown: the five left out hold a row each, none to act on.
        assert!(note.ends_with("5 more groups not shown: 5 rows, 0 to act on"), "{note}");
        let vi = section(&d, Lang::Vi, Kind::Credit, "ma_chi_nhanh").note.unwrap();
        assert!(vi.contains("5 nhóm khác không hiện ở đây: 5 dòng, 0 dòng cần xử lý"), "{vi}");
        assert!(
            vi.starts_with("(không có ma\\_chi\\_nhanh): các dòng để trống cột ma\\_chi\\_nhanh"),
            "{vi}"
        );
    }
}
