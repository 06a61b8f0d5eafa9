//! What a report's document is made of — a section and its table — and
//! what the sections share: the actions' colours and which apply to a
//! kind of export, a data value shown literally, the first reasons of a
//! list. The sections themselves are built by `document`, `groups` and
//! `areas`.

use super::words::Lang;
use crate::classify::{Action, Reason};
use crate::read::kind::Kind;

/// A table: headers, rows of cells, and which columns hold numbers (right-aligned).
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Column headings.
    pub headers: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
    /// Per column: a number.
    pub numeric: Vec<bool>,
}

/// A section: a heading, a table, a chart for the HTML report and a note.
#[derive(Debug, Clone)]
pub struct Section {
    /// The HTML element id.
    pub id: String,
    /// The heading.
    pub heading: String,
    /// Its chart (inline SVG), if any.
    pub chart: Option<String>,
    /// A line under the chart (report.html only), if any.
    pub chart_note: Option<String>,
    /// Its table.
    pub table: Table,
    /// A line under the table, if any.
    pub note: Option<String>,
}

pub(super) const ACTION_COLOURS: [&str; 8] =
    ["#2e7d32", "#0288d1", "#9ccc65", "#7b1fa2", "#00897b", "#f9a825", "#c62828", "#757575"];

/// True when an export of `kind` can give action `a`: only an exam's
/// check gives `check_priority_area`, only an exam's or a residence
/// export's `check_residence`.
pub(super) fn applies(a: Action, kind: Kind) -> bool {
    match a {
        Action::CheckPriorityArea => kind == Kind::Exam,
        Action::CheckResidence => kind != Kind::Credit,
        _ => true,
    }
}

/// The actions an export of `kind` can give, with their colours.
pub(super) fn actions_of(kind: Kind) -> impl Iterator<Item = (Action, &'static str)> {
    Action::ALL.into_iter().zip(ACTION_COLOURS).filter(move |(a, _)| applies(*a, kind))
}

/// A value from the data shown as it is: the marks the reports give meaning
/// to (`*`, backticks, links, tags) escaped with a backslash. Pipes are left
/// to the Markdown table writer.
pub(super) fn literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '!' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The first three reasons of a ranked list with their counts: `` `DECEASED` 5, … ``.
pub(super) fn reason_list(lang: Lang, ranked: &[(Reason, u64)]) -> String {
    let shown: Vec<String> =
        ranked.iter().take(3).map(|(r, n)| format!("`{}` {}", r.code(), lang.count(*n))).collect();
    shown.join(", ")
}
