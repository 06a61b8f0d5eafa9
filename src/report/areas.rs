//! The exam report's cross table: candidates by the priority area they
//! declared and the area their residence history supports, counted in the
//! write pass over the rows the check ran on.

use super::document::{Section, Table};
use super::words::{Label, Lang};
use crate::normalize::place::Area;

/// Rows per (declared, supported) area: declared KV1, KV2-NT, KV2, KV3 or
/// none of them; supported likewise or none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AreaCross {
    counts: [[u64; 5]; 5],
    /// Rows counted.
    pub rows: u64,
}

impl AreaCross {
    /// Counts a checked candidate.
    pub fn add(&mut self, declared: Option<Area>, supported: Option<Area>) {
        let at = |a: Option<Area>| a.map_or(4, |a| usize::from(a.rank()));
        self.counts[at(declared)][at(supported)] += 1;
        self.rows += 1;
    }

    /// The report's section, when the exam check ran on some row.
    pub fn section(&self, lang: Lang) -> Option<Section> {
        if self.rows == 0 {
            return None;
        }
        let names =
            |last: Label| Area::ALL.iter().map(|a| a.code().to_string()).chain([lang.label(last).into()]);
        let mut headers = vec![lang.label(Label::DeclaredArea).to_string()];
        headers.extend(names(Label::NoArea));
        let rows = names(Label::InvalidArea)
            .zip(&self.counts)
            .filter(|(_, counts)| counts.iter().sum::<u64>() > 0)
            .map(|(name, counts)| {
                std::iter::once(name).chain(counts.iter().map(|&n| lang.count(n))).collect()
            })
            .collect();
        let table = Table { headers, rows, numeric: vec![false, true, true, true, true, true] };
        let heading = lang.label(Label::AreaCross).to_string();
        Some(Section {
            id: "areas".into(),
            heading,
            chart: None,
            chart_note: None,
            table,
            note: Some(lang.label(Label::AreaNote).into()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_areas_by_supported_area() {
        let mut cross = AreaCross::default();
        cross.add(Some(Area::Kv1), Some(Area::Kv1));
        cross.add(Some(Area::Kv1), Some(Area::Kv3));
        cross.add(None, None);
        let s = cross.section(Lang::En).unwrap();
        assert_eq!(s.table.headers, ["Declared", "KV1", "KV2-NT", "KV2", "KV3", "none"]);
        assert_eq!(s.table.rows, [["KV1", "1", "0", "0", "1", "0"], ["(invalid)", "0", "0", "0", "0", "1"]]);
        assert!(AreaCross::default().section(Lang::Vi).is_none());
    }
}
