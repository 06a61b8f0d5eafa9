//! The exam report's tables: candidates by the priority area they
//! declared and the area the check supports (by their residence history,
//! or under the school rule the area it entitles them to), and under the
//! school rule the residence claims made and what became of them; counted
//! in the write pass over the rows the check ran on.

use super::document::{Section, Table};
use super::words::{Label, Lang};
use crate::classify::exam::school::Claim;
use crate::normalize::place::Area;

/// Rows per (declared, supported) area: declared KV1, KV2-NT, KV2, KV3 or
/// none of them; supported likewise or none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AreaCross {
    counts: [[u64; 5]; 5],
    /// Rows counted.
    pub rows: u64,
    /// The school rule judged the rows (else the residence rule): claims were counted.
    by_school: bool,
    /// Per claim (KV1, extremely disadvantaged commune, policy group 01):
    /// rows borne out, not borne out, unchecked.
    claims: [[u64; 3]; 3],
}

impl AreaCross {
    /// Counts a checked candidate.
    pub fn add(&mut self, declared: Option<Area>, supported: Option<Area>) {
        let at = |a: Option<Area>| a.map_or(4, |a| usize::from(a.rank()));
        self.counts[at(declared)][at(supported)] += 1;
        self.rows += 1;
    }

    /// Counts a candidate's claims: the school rule judged the rows.
    pub fn add_claims(&mut self, claims: [Option<Claim>; 3]) {
        self.by_school = true;
        for (counts, claim) in self.claims.iter_mut().zip(claims) {
            match claim {
                Some(Claim::Borne) => counts[0] += 1,
                Some(Claim::NotBorne) => counts[1] += 1,
                Some(Claim::Unchecked) => counts[2] += 1,
                None => {}
            }
        }
    }

    /// The report's sections, when the exam check ran on some row: the
    /// cross table, and under the school rule the claims.
    pub fn sections(&self, lang: Lang) -> Vec<Section> {
        let mut out: Vec<Section> = self.cross(lang).into_iter().collect();
        out.extend(self.by_school.then(|| self.claims_section(lang)).flatten());
        out
    }

    /// The claims made and what became of them, when any was made.
    fn claims_section(&self, lang: Lang) -> Option<Section> {
        if self.claims.iter().flatten().all(|&n| n == 0) {
            return None;
        }
        let names = [Label::ClaimKv1, Label::ClaimDbkk, Label::ClaimPolicy01];
        let headers = [Label::Claim, Label::ClaimBorne, Label::ClaimNotBorne, Label::ClaimUnchecked]
            .map(|l| lang.label(l).to_string())
            .to_vec();
        let rows = names
            .iter()
            .zip(&self.claims)
            .map(|(name, n)| {
                std::iter::once(lang.label(*name).to_string())
                    .chain(n.iter().map(|&n| lang.count(n)))
                    .collect()
            })
            .collect();
        Some(Section {
            id: "claims".into(),
            heading: lang.label(Label::Claims).to_string(),
            chart: None,
            chart_note: None,
            table: Table { headers, rows, numeric: vec![false, true, true, true] },
            note: Some(lang.label(Label::ClaimsNote).into()),
        })
    }

    /// The cross table of declared and supported areas.
    fn cross(&self, lang: Lang) -> Option<Section> {
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
        let (heading, note) = if self.by_school {
            (Label::AreaCrossSchool, Label::AreaNoteSchool)
        } else {
            (Label::AreaCross, Label::AreaNote)
        };
        Some(Section {
            id: "areas".into(),
            heading: lang.label(heading).to_string(),
            chart: None,
            chart_note: None,
            table,
            note: Some(lang.label(note).into()),
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
        let s = &cross.sections(Lang::En)[0];
        assert_eq!(s.table.headers, ["Declared", "KV1", "KV2-NT", "KV2", "KV3", "none"]);
        assert_eq!(s.table.rows, [["KV1", "1", "0", "0", "1", "0"], ["(invalid)", "0", "0", "0", "0", "1"]]);
        assert!(AreaCross::default().sections(Lang::Vi).is_empty());
        assert_eq!(cross.sections(Lang::En).len(), 1, "no claims table under the residence rule");
    }

    #[test]
    fn the_school_rule_adds_the_claims_made_and_what_became_of_them() {
        let mut cross = AreaCross::default();
        cross.add(Some(Area::Kv1), Some(Area::Kv1));
        cross.add_claims([Some(Claim::Borne), None, Some(Claim::NotBorne)]);
        cross.add_claims([Some(Claim::Unchecked), None, None]);
        let sections = cross.sections(Lang::En);
        assert_eq!(sections.len(), 2);
        assert!(sections[0].heading.contains("entitled"), "{}", sections[0].heading);
        let rows = &sections[1].table.rows;
        assert_eq!(rows[0][1..], ["1", "0", "1"]);
        assert_eq!(rows[2][1..], ["0", "1", "0"]);
    }
}
