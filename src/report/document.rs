//! report.md and report.html: one document built once from the run's
//! summary and digest, then written as Markdown and as self-contained HTML
//! (`render`). The document aggregates, so its size does not grow with
//! the rows: at most [`super::groups::GROUPS_SHOWN`] groups and every reason.

use super::about::About;
use super::digest::{ranked, Digest, SCORE_EDGES};
use super::not_run::{self, NotRun};
use super::section::{actions_of, literal, reason_list, Section, Table};
use super::svg::{self, Bar};
use super::words::{Label, Lang, Quality};
use super::Summary;
use crate::classify::{Action, Reason, Status};
use crate::read::kind::Kind;

/// A headline figure: its id, label, text as shown and raw value.
#[derive(Debug, Clone)]
pub struct Headline {
    /// The HTML element id (`rows`, `base`, …).
    pub id: &'static str,
    /// Its label.
    pub label: &'static str,
    /// As shown.
    pub text: String,
    /// As in summary.json.
    pub value: String,
}

/// The whole report.
#[derive(Debug, Clone)]
pub struct Document {
    /// The language.
    pub lang: Lang,
    /// The title.
    pub title: String,
    /// The line under it: the files, the kind, the date, the version (with **bold** and `code` marks).
    pub about: String,
    /// Notices shown above everything else (a check that did not run), with `code` and **bold** marks.
    pub notices: Vec<String>,
    /// The headline figures.
    pub headline: Vec<Headline>,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

const STATUS_COLOURS: [&str; 7] =
    ["#2e7d32", "#9ccc65", "#0288d1", "#ef6c00", "#f9a825", "#c62828", "#757575"];

/// Builds the report of the run `about`; `group_by` names the grouping column when rows were grouped.
pub fn build(
    summary: &Summary,
    digest: &Digest,
    about: &About,
    lang: Lang,
    group_by: Option<&str>,
) -> Document {
    let rows = summary.input_rows;
    let actionable = rows - summary.action_counts.get(Action::None.code()).copied().unwrap_or(0);
    let seconds = format!("{:.1}", summary.elapsed_seconds);
    let mut headline = vec![
        Headline {
            id: "rows",
            label: lang.label(Label::Rows),
            text: lang.count(rows),
            value: rows.to_string(),
        },
        Headline {
            id: "base",
            label: lang.label(Label::BasePersons),
            text: lang.count(summary.base_rows),
            value: summary.base_rows.to_string(),
        },
        Headline {
            id: "actionable",
            label: lang.label(Label::Actionable),
            text: format!("{} ({})", lang.count(actionable), lang.percent(actionable, rows)),
            value: actionable.to_string(),
        },
        Headline {
            id: "rejected",
            label: lang.label(Label::Unreadable),
            text: lang.count(summary.rejected_rows),
            value: summary.rejected_rows.to_string(),
        },
        Headline {
            id: "time",
            label: lang.label(Label::Time),
            text: format!(
                "{} {}",
                if lang == Lang::Vi { seconds.replace('.', ",") } else { seconds },
                lang.label(Label::Seconds)
            ),
            value: summary.elapsed_seconds.to_string(),
        },
    ];
    // An exam export: the year its priority areas were checked for, and the window.
    if let Some((year, Some([start, end]))) =
        summary.check.as_ref().and_then(|c| Some((c.exam_year?, c.window.as_ref())))
    {
        headline.push(Headline {
            id: "exam_year",
            label: lang.label(Label::ExamYear),
            text: format!("{year} ({start} – {end})"),
            value: year.to_string(),
        });
    }
    // Which rule judged the declared areas, and why that one.
    if let Some((rule, why)) =
        summary.check.as_ref().filter(|c| c.ran).and_then(|c| Some((c.rule?, c.rule_why)))
    {
        let said = match (rule, why.starts_with("[exam]")) {
            ("school", _) => Label::RuleSchool,
            (_, true) => Label::RuleResidenceConfigured,
            _ => Label::RuleResidenceNoSchools,
        };
        headline.push(Headline {
            id: "area_rule",
            label: lang.label(Label::AreaRule),
            text: lang.label(said).into(),
            value: rule.into(),
        });
    }
    // A check that did not run: said at the top and in its place, never a zero.
    let not_run = not_run::of(summary);
    if let Some(n) = not_run {
        headline.push(Headline {
            id: "not_run",
            label: n.name(lang),
            text: NotRun::words(lang).into(),
            value: "false".into(),
        });
    }
    let kind = about.kind;
    let mut sections = vec![
        statuses(summary, lang),
        actions(summary, lang, kind, not_run),
        scorecard(summary, digest, lang),
    ];
    sections.push(reasons(summary, lang, kind));
    sections.extend(digest.areas.sections(lang));
    sections.push(scores(digest, lang));
    if let (true, Some(column)) = (digest.grouping(), group_by) {
        sections.push(super::groups::section(digest, lang, kind, column));
    }
    let notices = not_run.map(|n| n.notice(lang)).into_iter().collect();
    let (title, about) = (about.title(lang), about.line(lang, literal));
    Document { lang, title, about, notices, headline, sections }
}

fn count_table(lang: Lang, first: Label) -> Table {
    Table {
        headers: [first, Label::Meaning, Label::Count, Label::Share]
            .iter()
            .map(|&l| lang.label(l).to_string())
            .collect(),
        rows: Vec::new(),
        numeric: vec![false, false, true, true],
    }
}

fn statuses(summary: &Summary, lang: Lang) -> Section {
    let items = Status::ALL.iter().zip(STATUS_COLOURS).map(|(s, c)| (s.code(), lang.status(*s), c));
    coded_counts(
        "statuses",
        lang.label(Label::Statuses),
        lang,
        summary.input_rows,
        &summary.status_counts,
        items,
        None,
    )
}

fn actions(summary: &Summary, lang: Lang, kind: Kind, not_run: Option<NotRun>) -> Section {
    let items = actions_of(kind).map(|(a, c)| (a.code(), lang.action(a), c));
    coded_counts(
        "actions",
        lang.label(Label::Actions),
        lang,
        summary.input_rows,
        &summary.action_counts,
        items,
        not_run,
    )
}

/// A section of codes (statuses, actions) with their words, counts and shares, and a bar each;
/// the codes of a check that did not run say so instead of a count.
fn coded_counts<'a>(
    id: &str,
    heading: &str,
    lang: Lang,
    rows: u64,
    counts: &std::collections::BTreeMap<&str, u64>,
    items: impl Iterator<Item = (&'a str, &'a str, &'static str)>,
    not_run: Option<NotRun>,
) -> Section {
    let mut table = count_table(lang, Label::Code);
    let mut bars = Vec::new();
    for (code, words, colour) in items {
        let n = counts.get(code).copied().unwrap_or(0);
        let mut bar = Bar { label: words.into(), value: n, note: share_note(lang, n, rows), colour };
        let mut cells = vec![format!("`{code}`"), words.into(), lang.count(n), lang.percent(n, rows)];
        if not_run.is_some_and(|c| c.has(code)) {
            let said = NotRun::words(lang);
            (cells[2], cells[3]) = (format!("**{said}**"), "–".into());
            (bar.note, bar.colour) = (said.into(), "#bdbdbd");
        }
        table.rows.push(cells);
        bars.push(bar);
    }
    Section {
        id: id.into(),
        chart: Some(svg::bars(heading, &bars)),
        chart_note: None,
        heading: heading.into(),
        table,
        note: None,
    }
}

fn scorecard(summary: &Summary, digest: &Digest, lang: Lang) -> Section {
    let rows = digest.rows;
    let mut table = Table {
        headers: [
            "",
            lang.label(Label::Meaning),
            lang.label(Label::Count),
            lang.label(Label::Share),
            lang.label(Label::Drivers),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        rows: Vec::new(),
        numeric: vec![false, false, true, true, false],
    };
    let mut bars = Vec::new();
    for (q, met) in Quality::ALL.iter().zip(digest.quality_met) {
        let (word, gloss) = lang.quality(*q);
        let against = Reason::ALL.iter().filter(|&&r| Quality::of(r) == Some(*q));
        let drivers = ranked(against.map(|&r| (r, reason_count(summary, r))));
        table.rows.push(vec![
            format!("**{word}**"),
            gloss.into(),
            lang.count(met),
            lang.percent(met, rows),
            reason_list(lang, &drivers),
        ]);
        let colour = if met * 100 >= rows * 95 {
            "#2e7d32"
        } else if met * 100 >= rows * 80 {
            "#f9a825"
        } else {
            "#c62828"
        };
        bars.push(Bar { label: word.into(), value: met, note: lang.percent(met, rows), colour });
    }
    let heading = lang.label(Label::Scorecard).to_string();
    let chart = Some(svg::bars(&heading, &bars));
    Section { id: "scorecard".into(), chart, chart_note: None, heading, table, note: None }
}

/// Reasons the chart shows at the most; the table lists every one.
const REASON_BARS: usize = 15;

fn reasons(summary: &Summary, lang: Lang, kind: Kind) -> Section {
    let rows = summary.input_rows;
    let found = ranked(Reason::ALL.iter().map(|&r| (r, reason_count(summary, r))));
    let mut table = count_table(lang, Label::Code);
    let mut bars = Vec::new();
    for (r, n) in &found {
        table.rows.push(vec![
            format!("`{}`", r.code()),
            lang.reason_of(*r, kind).into_owned(),
            lang.count(*n),
            lang.percent(*n, rows),
        ]);
        if bars.len() < REASON_BARS {
            // Named in words, as the statuses' chart names them.
            let (label, note) = (lang.reason_name(*r).into(), share_note(lang, *n, rows));
            bars.push(Bar { label, value: *n, note, colour: "#5c6bc0" });
        }
    }
    let heading = lang.label(Label::Reasons).to_string();
    let chart = (!bars.is_empty()).then(|| svg::bars(&heading, &bars));
    let (shown, all) = (lang.count(bars.len() as u64), lang.count(found.len() as u64));
    let chart_note = (found.len() > bars.len()).then(|| match lang {
        Lang::Vi => {
            format!("Biểu đồ: {shown} lý do có nhiều dòng nhất trong {all}; bảng dưới liệt kê đủ {all}.")
        }
        Lang::En => {
            format!("The chart shows the {shown} most frequent of {all} reasons; the table lists all {all}.")
        }
    });
    Section { id: "reasons".into(), chart, chart_note, heading, table, note: None }
}

fn scores(digest: &Digest, lang: Lang) -> Section {
    let mut table = Table {
        headers: [lang.label(Label::Score), lang.label(Label::Count)].iter().map(|s| s.to_string()).collect(),
        rows: Vec::new(),
        numeric: vec![false, true],
    };
    let mut bars = Vec::new();
    let lows = std::iter::once(0.0).chain(SCORE_EDGES);
    for (i, (low, n)) in lows.zip(digest.scores).enumerate() {
        let label = match SCORE_EDGES.get(i) {
            Some(&high) => format!("{}–{}", lang.decimal(low), lang.decimal(high)),
            None => format!("≥ {}", lang.decimal(low)),
        };
        table.rows.push(vec![label.clone(), lang.count(n)]);
        let colour = if low >= 0.95 {
            "#2e7d32"
        } else if low >= 0.5 {
            "#f9a825"
        } else {
            "#c62828"
        };
        bars.push(Bar { label: lang.decimal(low), value: n, note: lang.count(n), colour });
    }
    table.rows.push(vec![lang.label(Label::NoScore).into(), lang.count(digest.no_score)]);
    let heading = lang.label(Label::Scores).to_string();
    let chart = Some(svg::columns(&heading, &bars));
    Section { id: "scores".into(), chart, chart_note: None, heading, table, note: None }
}

/// The rows with reason `r` in the run.
fn reason_count(summary: &Summary, r: Reason) -> u64 {
    summary.reason_counts.get(r.code()).copied().unwrap_or(0)
}

fn share_note(lang: Lang, n: u64, whole: u64) -> String {
    format!("{} · {}", lang.count(n), lang.percent(n, whole))
}
