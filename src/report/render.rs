//! A [`Document`] written as Markdown (report.md) and as one self-contained
//! HTML file (report.html: inline CSS and SVG, no script, nothing fetched).
//! Cells may hold `code` and **bold** marks; Markdown keeps them, HTML
//! turns them into elements after escaping the text.

use std::fmt::Write;

use super::document::Document;
use super::section::Table;
use super::svg::escape;
use super::words::Label;

const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;\
margin:0;color:#212121;background:#fafafa}main{max-width:980px;margin:0 auto;padding:24px}\
h1{font-size:1.6em;margin:0 0 6px}.about{margin:0 0 16px;color:#616161;font-size:.9em}h2{font-size:1.2em;margin:28px 0 8px;border-bottom:1px solid #ddd}\
.headline{display:flex;flex-wrap:wrap;gap:12px;margin:0}.headline div{background:#fff;border:1px solid #ddd;\
border-radius:6px;padding:10px 14px;min-width:150px}.headline dt{font-size:.85em;color:#616161}\
.headline dd{margin:4px 0 0;font-size:1.3em;font-weight:600}table{border-collapse:collapse;margin:8px 0;\
background:#fff;font-size:.92em}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}\
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th{background:#eee}\
code{font-family:ui-monospace,Consolas,monospace;font-size:.92em}svg.chart{max-width:100%;height:auto;\
display:block;margin:8px 0}svg text{font-size:12px;fill:#212121}svg text.small{font-size:10px}\
.chart-note{margin:0 0 8px;color:#616161;font-size:.85em}.notice{background:#fff3e0;border:1px solid #ef6c00;border-left:6px solid #ef6c00;border-radius:6px;\
padding:10px 14px;margin:0 0 16px}footer{margin-top:32px;font-size:.8em;color:#757575}@media print{body{background:#fff}main{padding:0}\
section{break-inside:avoid}}";

/// The document as Markdown.
pub fn markdown(doc: &Document) -> String {
    let mut s = format!("# {}\n\n{}\n\n", md_text(&doc.title), md_text(&doc.about));
    for notice in &doc.notices {
        let _ = write!(s, "> ⚠ {}\n\n", md_text(notice));
    }
    for h in &doc.headline {
        let _ = writeln!(s, "- {}: **{}**", h.label, h.text);
    }
    for section in &doc.sections {
        let _ = write!(s, "\n## {}\n\n", md_text(&section.heading));
        md_table(&mut s, &section.table);
        if let Some(note) = &section.note {
            let _ = write!(s, "\n{}\n", md_text(note));
        }
    }
    let _ = write!(s, "\n---\n{} {}\n", doc.lang.label(Label::Generated), env!("CARGO_PKG_VERSION"));
    s
}

fn md_table(s: &mut String, t: &Table) {
    let row = |cells: &[String]| {
        format!("| {} |\n", cells.iter().map(|c| md_text(c)).collect::<Vec<_>>().join(" | "))
    };
    s.push_str(&row(&t.headers));
    let rule: Vec<String> = t.numeric.iter().map(|&n| if n { "---:".into() } else { "---".into() }).collect();
    let _ = writeln!(s, "|{}|", rule.join("|"));
    for r in &t.rows {
        s.push_str(&row(r));
    }
}

/// Text safe inside a Markdown table cell: pipes escaped, line ends folded.
fn md_text(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The document as one self-contained HTML page.
pub fn html(doc: &Document) -> String {
    let mut s = String::with_capacity(64 << 10);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n<h1>{}</h1>\n<p class=\"about\">{}</p>\n",
        doc.lang.tag(),
        escape(&doc.title),
        escape(&doc.title),
        inline(&doc.about)
    );
    for notice in &doc.notices {
        let _ = writeln!(s, "<p class=\"notice\" role=\"note\">⚠ {}</p>", inline(notice));
    }
    s.push_str("<dl class=\"headline\">\n");
    for h in &doc.headline {
        let _ = writeln!(
            s,
            "<div id=\"{}\" data-value=\"{}\"><dt>{}</dt><dd>{}</dd></div>",
            h.id,
            escape(&h.value),
            escape(h.label),
            escape(&h.text)
        );
    }
    s.push_str("</dl>\n");
    for section in &doc.sections {
        let _ = writeln!(s, "<section id=\"{}\">\n<h2>{}</h2>", section.id, inline(&section.heading));
        if let Some(chart) = &section.chart {
            s.push_str(chart);
            s.push('\n');
        }
        if let Some(note) = &section.chart_note {
            let _ = writeln!(s, "<p class=\"chart-note\">{}</p>", escape(note));
        }
        html_table(&mut s, &section.table);
        if let Some(note) = &section.note {
            let _ = writeln!(s, "<p>{}</p>", escape(note));
        }
        s.push_str("</section>\n");
    }
    let _ = write!(
        s,
        "<footer>{} {}</footer>\n</main>\n</body>\n</html>\n",
        escape(doc.lang.label(Label::Generated)),
        env!("CARGO_PKG_VERSION")
    );
    s
}

fn html_table(s: &mut String, t: &Table) {
    s.push_str("<table>\n<thead><tr>");
    for h in &t.headers {
        let _ = write!(s, "<th>{}</th>", inline(h));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for r in &t.rows {
        s.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let class = if t.numeric.get(i).copied().unwrap_or(false) { " class=\"n\"" } else { "" };
            let _ = write!(s, "<td{class}>{}</td>", inline(c));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
}

/// Escaped text with `code` and **bold** marks made elements.
fn inline(text: &str) -> String {
    let escaped = escape(text);
    let mut out = String::with_capacity(escaped.len());
    let mut rest = escaped.as_str();
    let (mut code, mut bold) = (false, false);
    while let Some(i) = rest.find(['`', '*', '\\']) {
        out.push_str(&rest[..i]);
        if rest[i..].starts_with('\\') {
            // An escaped character stands for itself.
            let next = rest[i + 1..].chars().next().map_or(0, char::len_utf8);
            out.push_str(&rest[i + 1..i + 1 + next]);
            rest = &rest[i + 1 + next..];
        } else if rest[i..].starts_with('`') {
            out.push_str(if code { "</code>" } else { "<code>" });
            code = !code;
            rest = &rest[i + 1..];
        } else if rest[i..].starts_with("**") {
            out.push_str(if bold { "</strong>" } else { "<strong>" });
            bold = !bold;
            rest = &rest[i + 2..];
        } else {
            out.push('*');
            rest = &rest[i + 1..];
        }
    }
    out.push_str(rest);
    // A mark left open (a value with a lone backtick) is closed.
    if code {
        out.push_str("</code>");
    }
    if bold {
        out.push_str("</strong>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::finish;
    use std::path::Path;

    use crate::classify::{Reason, Reasons, Status};
    use crate::read::kind::Kind;
    use crate::report::about::About;
    use crate::report::digest::Digest;
    use crate::report::document::build;
    use crate::report::words::Lang;
    use crate::report::{Summary, Tally};

    fn about() -> About {
        let at = "2026-12-06T09:03Z".to_string();
        About::new(Kind::Credit, true, Path::new("d/kh_<1>.csv"), Path::new("dan_cu.csv"), at)
    }

    fn run() -> (Summary, Digest) {
        let (mut tally, mut digest) = (Tally::default(), Digest::new(true));
        let mut deceased = Reasons::default();
        deceased.add(Reason::Deceased);
        for (i, (status, reasons)) in [
            (Status::Match, Reasons::default()),
            (Status::Match, deceased),
            (Status::NotFound, Reasons::default()),
        ]
        .into_iter()
        .enumerate()
        {
            tally.add(finish(status, [reasons]));
            digest.add(finish(status, [reasons]), Some(0.99), Some(["CN|1", "<b>", ""][i]));
        }
        (Summary::new(&tally, 2000, 0, 1.25), digest)
    }

    #[test]
    fn the_html_report_is_one_escaped_page_with_its_figures_and_charts() {
        let (summary, digest) = run();
        let page = html(&build(&summary, &digest, &about(), Lang::Vi, Some("ma_chi_nhanh")));
        assert!(
            page.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">")
                && page.contains("<meta charset=\"utf-8\">")
        );
        assert!(
            page.contains("<div id=\"rows\" data-value=\"3\">")
                && page.contains("<div id=\"base\" data-value=\"2000\">")
        );
        assert!(page.contains("<dd>2.000</dd>"), "Vietnamese grouping");
        assert!(page.contains("&lt;b&gt;") && !page.contains("<b>"), "values are escaped");
        assert!(page.contains(
            "<h1>Báo cáo đối soát hồ sơ tín dụng</h1>\n<p class=\"about\">Tệp đối soát: <strong>kh_&lt;1&gt;.csv</strong>"
        ), "the title by kind, the file names escaped");
        assert!(page.matches("<svg").count() >= 6, "a chart per section");
        for outside in ["http://", "https://", "<script", "<link", "<img", "url("] {
            let refs = page.matches(outside).count();
            let svg_ns = page.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
            assert!(refs == 0 || (outside == "http://" && refs == svg_ns), "{outside}");
        }
        assert!(page.contains("<code>DECEASED</code>") && page.contains("<strong>Sống</strong>"));
        let english = html(&build(&summary, &digest, &about(), Lang::En, None));
        assert!(english.contains("<html lang=\"en\">") && english.contains("Persons in the base"));
        assert!(!english.contains("id=\"groups\""), "no grouping, no group section");
    }

    #[test]
    fn the_markdown_report_keeps_tables_whole() {
        let (summary, digest) = run();
        let md = markdown(&build(&summary, &digest, &about(), Lang::En, Some("branch")));
        assert!(md.starts_with(
            "# Reconciliation report: credit records\n\nInput: **kh\\_\\<1\\>.csv** · Base: **dan\\_cu.csv** · \
             Kind: `credit` (detected) · Run: 2026-12-06T09:03Z (UTC) · doisoat "
        ), "{md}");
        assert!(md.contains("| CN\\|1 |"), "a pipe in a value is escaped: {md}");
        assert!(md.contains("| (no branch) |"), "the group without a value says so");
        for line in md.lines().filter(|l| l.starts_with('|')) {
            assert!(line.ends_with('|'), "{line}");
        }
        assert!(md.contains("- Rows reconciled: **3**") && md.contains("| `MATCH` | Match | 2 | 66.7 % |"));
    }

    #[test]
    fn inline_marks_become_elements_and_a_lone_mark_is_closed() {
        assert_eq!(inline("`A` and **b**"), "<code>A</code> and <strong>b</strong>");
        assert_eq!(inline("a*b"), "a*b");
        assert_eq!(inline("x`y"), "x<code>y</code>");
        assert_eq!(inline("\\*\\*b\\*\\* \\`c\\` a\\\\"), "**b** `c` a\\");
    }
}
