//! The exam report's tables: candidates by the priority area they
//! declared and the area the check supports (by their residence history,
//! or under the school rule the area it entitles them to), and under the
//! school rule the residence claims made and what became of them, also by
//! the province and the school attended longest (where a school's claims
//! fail often, its candidates' files deserve a look); counted in the write
//! pass over the rows the check ran on.

use super::section::{Section, Table};
use super::words::{Label, Lang};
use std::collections::BTreeMap;

use crate::classify::exam::school::Claim;
use crate::index::schools::SchoolKey;
use crate::normalize::place::Area;

/// Schools listed in the table of claims not borne out, at most.
const TOP_SCHOOLS: usize = 20;

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
    /// Per school attended longest (`None`: no school decided): candidates
    /// with a claim, and of them with one not borne out.
    schools: BTreeMap<Option<SchoolKey>, [u64; 2]>,
}

impl AreaCross {
    /// Counts a checked candidate.
    pub fn add(&mut self, declared: Option<Area>, supported: Option<Area>) {
        let at = |a: Option<Area>| a.map_or(4, |a| usize::from(a.rank()));
        self.counts[at(declared)][at(supported)] += 1;
        self.rows += 1;
    }

    /// Counts a candidate's claims, under the school attended longest
    /// (`school`): the school rule judged the rows.
    pub fn add_claims(&mut self, claims: [Option<Claim>; 3], school: Option<&SchoolKey>) {
        self.by_school = true;
        if claims.iter().any(Option::is_some) {
            let counts = self.schools.entry(school.cloned()).or_default();
            counts[0] += 1;
            counts[1] += u64::from(claims.contains(&Some(Claim::NotBorne)));
        }
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
        if self.by_school && !self.schools.is_empty() {
            out.extend([self.by_province(lang), self.worst_schools(lang)].into_iter().flatten());
        }
        out
    }

    /// Candidates with a claim and with one not borne out, by the province
    /// of the school attended longest.
    fn by_province(&self, lang: Lang) -> Option<Section> {
        let mut provinces: BTreeMap<Option<u16>, [u64; 2]> = BTreeMap::new();
        for (school, n) in &self.schools {
            let p = provinces.entry(school.as_ref().map(SchoolKey::province)).or_default();
            (p[0], p[1]) = (p[0] + n[0], p[1] + n[1]);
        }
        let rows = provinces.into_iter().map(|(p, n)| {
            let name = p.map_or_else(|| lang.label(Label::NoSchool).to_string(), |p| format!("{p:02}"));
            (name, n)
        });
        Some(self.place_table(
            lang,
            "claims_by_province",
            (Label::ClaimsByProvince, Label::ClaimProvince),
            rows,
        ))
    }

    /// The schools whose candidates' claims were most often not borne out
    /// (at most [`TOP_SCHOOLS`]; none when every claim held).
    fn worst_schools(&self, lang: Lang) -> Option<Section> {
        let mut schools: Vec<(&SchoolKey, [u64; 2])> = self
            .schools
            .iter()
            .filter_map(|(k, n)| Some((k.as_ref()?, *n)))
            .filter(|(_, n)| n[1] > 0)
            .collect();
        if schools.is_empty() {
            return None;
        }
        schools.sort_by(|a, b| b.1[1].cmp(&a.1[1]).then_with(|| a.0.cmp(b.0)));
        let rows = schools.into_iter().take(TOP_SCHOOLS).map(|(k, n)| (k.to_string(), n));
        Some(self.place_table(lang, "claims_by_school", (Label::ClaimsBySchool, Label::ClaimSchool), rows))
    }

    /// A table of places (`rows`: a name and its two counts).
    fn place_table(
        &self,
        lang: Lang,
        id: &str,
        (heading, first): (Label, Label),
        rows: impl Iterator<Item = (String, [u64; 2])>,
    ) -> Section {
        let headers = [first, Label::ClaimRows, Label::ClaimRowsNotBorne, Label::ClaimShareNotBorne]
            .map(|l| lang.label(l).to_string())
            .to_vec();
        let rows =
            rows.map(|(name, n)| vec![name, lang.count(n[0]), lang.count(n[1]), lang.percent(n[1], n[0])]);
        Section {
            id: id.into(),
            heading: lang.label(heading).to_string(),
            chart: None,
            chart_note: None,
            table: Table { headers, rows: rows.collect(), numeric: vec![false, true, true, true] },
            note: Some(lang.label(Label::ClaimsPlaceNote).into()),
        }
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
        let (a, b) = (SchoolKey::read("01", "018").flatten(), SchoolKey::read("05", "002").flatten());
        cross.add_claims([Some(Claim::Borne), None, Some(Claim::NotBorne)], a.as_ref());
        cross.add_claims([Some(Claim::Unchecked), None, None], a.as_ref());
        cross.add_claims([None, Some(Claim::NotBorne), None], b.as_ref());
        cross.add_claims([None, Some(Claim::Borne), None], None);
        cross.add_claims([None, None, None], b.as_ref());
        let sections = cross.sections(Lang::En);
        assert_eq!(sections.len(), 4);
        assert!(sections[0].heading.contains("entitled"), "{}", sections[0].heading);
        let rows = &sections[1].table.rows;
        assert_eq!(rows[0][1..], ["1", "0", "1"]);
        assert_eq!(rows[2][1..], ["0", "1", "0"]);
        // By province (no school first), then the schools, most failures first.
        let by = |i: usize| sections[i].table.rows.iter().map(|r| r[..3].join(" ")).collect::<Vec<_>>();
        assert_eq!(by(2), ["(no school) 1 0", "01 2 1", "05 1 1"]);
        assert_eq!(by(3), ["01-018 2 1", "05-002 1 1"]);
    }
}
