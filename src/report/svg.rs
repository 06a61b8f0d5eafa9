//! Inline SVG charts for report.html: plain shapes and text, no script, so
//! they render offline, print, and stay readable in any browser. Every bar
//! carries its data (`data-label`, `data-value`) and a `<title>` tooltip.

use std::fmt::Write;

/// Escapes text for HTML and SVG content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// One bar: its label, its value, the text shown beside it and its colour.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Shown left of the bar (and in `data-label`).
    pub label: String,
    /// The bar's length is proportional to it.
    pub value: u64,
    /// Shown right of the bar (a count and share).
    pub note: String,
    /// A CSS colour.
    pub colour: &'static str,
}

const WIDTH: u32 = 720;
const LABEL: u32 = 260;
const NOTE: u32 = 150;
const ROW: u32 = 22;

/// A horizontal bar chart, one bar a row, lengths relative to the largest value.
pub fn bars(title: &str, items: &[Bar]) -> String {
    let height = ROW * items.len() as u32 + 4;
    let max = items.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let span = WIDTH - LABEL - NOTE;
    let mut s = open(title, height);
    for (i, b) in items.iter().enumerate() {
        let y = i as u32 * ROW + 2;
        let w = if b.value == 0 {
            0
        } else {
            ((b.value as f64 / max as f64) * span as f64).ceil().max(1.0) as u32
        };
        let (shown, label, note) = (escape(&short(&b.label)), escape(&b.label), escape(&b.note));
        let _ = write!(
            s,
            r#"<text x="{lx}" y="{ty}" text-anchor="end">{shown}</text><rect x="{LABEL}" y="{y}" width="{w}" height="{h}" fill="{c}" data-label="{label}" data-value="{v}"><title>{label}: {note}</title></rect><text x="{nx}" y="{ty}">{note}</text>"#,
            lx = LABEL - 6,
            ty = y + 14,
            h = ROW - 6,
            c = b.colour,
            v = b.value,
            nx = LABEL + w + 6,
        );
    }
    s.push_str("</svg>");
    s
}

/// One row of a stacked chart: a label and its segments (label, value, colour).
pub type Stack<'a> = (String, Vec<(&'a str, u64, &'static str)>);

/// Horizontal bars each split into coloured segments by share of the row's
/// total, with a legend (name, colour) under them.
pub fn stacked(title: &str, rows: &[Stack<'_>], legend: &[(&str, &str)]) -> String {
    // The bars, then the legend's rows of three (the last square's foot and
    // its text's descenders inside the chart).
    let legend_rows = (legend.len() as u32).div_ceil(3);
    let height = ROW * (rows.len() as u32 + legend_rows) + 14;
    let span = (WIDTH - LABEL - 10) as f64;
    let mut s = open(title, height);
    for (i, (label, parts)) in rows.iter().enumerate() {
        let y = i as u32 * ROW + 2;
        let total: u64 = parts.iter().map(|p| p.1).sum::<u64>().max(1);
        let (shown, label) = (escape(&short(label)), escape(label));
        let _ = write!(s, r#"<text x="{}" y="{}" text-anchor="end">{shown}</text>"#, LABEL - 6, y + 14);
        let mut x = LABEL as f64;
        for (name, value, colour) in parts.iter().filter(|p| p.1 > 0) {
            let w = *value as f64 / total as f64 * span;
            let name = escape(name);
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{y}" width="{w:.1}" height="{h}" fill="{colour}" data-label="{label} / {name}" data-value="{value}"><title>{label} / {name}: {value}</title></rect>"#,
                h = ROW - 6,
            );
            x += w;
        }
    }
    // The legend: rows of three.
    for (i, (name, colour)) in legend.iter().enumerate() {
        let (x, y) = (10 + (i as u32 % 3) * 240, (rows.len() as u32 + i as u32 / 3) * ROW + 10);
        let _ = write!(
            s,
            r#"<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/><text x="{}" y="{}" class="small">{}</text>"#,
            x + 16,
            y + 10,
            escape(name)
        );
    }
    s.push_str("</svg>");
    s
}

/// A label short enough for the chart's label column (the tooltip keeps it whole).
fn short(label: &str) -> String {
    match label.char_indices().nth(36) {
        Some((at, _)) => format!("{}…", &label[..at]),
        None => label.to_string(),
    }
}

/// Vertical bars over ordered bins (a histogram), each labelled below.
pub fn columns(title: &str, items: &[Bar]) -> String {
    let (chart, base) = (160u32, 200u32);
    let max = items.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let step = (WIDTH - 20) / items.len().max(1) as u32;
    let mut s = open(title, base + 40);
    for (i, b) in items.iter().enumerate() {
        let h = if b.value == 0 {
            0
        } else {
            ((b.value as f64 / max as f64) * chart as f64).ceil().max(1.0) as u32
        };
        let x = 10 + i as u32 * step;
        let (label, note) = (escape(&b.label), escape(&b.note));
        let _ = write!(
            s,
            r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{c}" data-label="{label}" data-value="{v}"><title>{label}: {note}</title></rect><text x="{cx}" y="{ly}" text-anchor="middle" class="small">{label}</text><text x="{cx}" y="{vy}" text-anchor="middle" class="small">{n}</text>"#,
            y = base - h,
            w = step - 4,
            c = b.colour,
            v = b.value,
            cx = x + (step - 4) / 2,
            ly = base + 14,
            vy = (base - h).saturating_sub(4).max(10),
            n = b.value,
        );
    }
    s.push_str("</svg>");
    s
}

fn open(title: &str, height: u32) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}"><title>{}</title>"#,
        escape(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_carry_their_data_and_escape_text() {
        let items = vec![
            Bar { label: "A<b>".into(), value: 10, note: "10".into(), colour: "#111" },
            Bar { label: "Đủ".into(), value: 0, note: "0".into(), colour: "#222" },
        ];
        let s = bars("t & u", &items);
        assert!(s.starts_with("<svg") && s.ends_with("</svg>"));
        assert!(s.contains(r#"data-label="A&lt;b&gt;" data-value="10""#), "{s}");
        assert!(s.contains(r#"data-label="Đủ" data-value="0""#) && s.contains(r#"width="0""#));
        assert!(s.contains("<title>t &amp; u</title>") && !s.contains("<b>"));
        let c = columns("h", &items);
        assert_eq!(c.matches("<rect").count(), 2);
        let st = stacked(
            "s",
            &[("CN01".into(), vec![("none", 3, "#1"), ("fix", 1, "#2"), ("x", 0, "#3")])],
            &[("none", "#1")],
        );
        assert_eq!(st.matches("<rect").count(), 3, "empty segments are left out; one legend square");
        assert!(st.contains(">none</text>"));
        let long = bars("t", &[Bar { label: "x".repeat(300), value: 1, note: String::new(), colour: "#1" }]);
        assert!(long.contains(&format!(">{}…</text>", "x".repeat(36))) && long.contains(&"x".repeat(300)));
        assert!(st.contains(r#"width="337.5""#), "{st}");
    }

    /// The viewBox's height of a chart and the lowest point of its legend
    /// squares and their text (a text's descenders reach 4 below its baseline).
    fn height_and_lowest(svg: &str) -> (f64, f64) {
        let attr = |tag: &str, name: &str| -> f64 {
            let at = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            tag[at..].split('"').next().unwrap().parse().unwrap()
        };
        let height = attr(svg.split('>').next().unwrap(), "height");
        let mut lowest: f64 = 0.0;
        for tag in svg.split('<').filter(|t| t.starts_with("rect") && t.contains(r#"width="12""#)) {
            lowest = lowest.max(attr(tag, "y") + 12.0);
        }
        for tag in svg.split('<').filter(|t| t.starts_with("text") && t.contains("class=\"small\"")) {
            lowest = lowest.max(attr(tag, "y") + 4.0);
        }
        (height, lowest)
    }

    #[test]
    fn the_whole_legend_lies_inside_the_chart() {
        let colours = ["#1", "#2", "#3", "#4", "#5", "#6", "#7", "#8"];
        for bars in [0, 1, 2, 10] {
            for entries in 1..=colours.len() {
                let rows: Vec<Stack<'_>> =
                    (0..bars).map(|i| (format!("CN{i}"), vec![("a", 2, "#1"), ("b", 1, "#2")])).collect();
                let legend: Vec<(&str, &str)> = colours[..entries].iter().map(|&c| ("gọi lại", c)).collect();
                let svg = stacked("s", &rows, &legend);
                assert_eq!(svg.matches(r#"width="12""#).count(), entries, "every entry drawn");
                let (height, lowest) = height_and_lowest(&svg);
                assert!(
                    lowest <= height,
                    "{bars} bars, {entries} entries: legend to {lowest}, chart {height}"
                );
            }
        }
    }
}
