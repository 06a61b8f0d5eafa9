//! Synthetic communes and their exam priority areas (khu vực ưu tiên,
//! domain.md §8), and residence histories over them. Commune codes are
//! synthetic: the province's CCCD code times 1000 plus a number, so a
//! commune's province can be read from its code.

use super::person::{Person, REFERENCE_YEAR};
use super::rng::Rng;
use crate::normalize::province::{Province, PROVINCES};
use crate::normalize::Dob;

/// Exam priority areas, with their share of communes.
pub const AREAS: [(&str, f64); 4] = [("KV1", 0.25), ("KV2-NT", 0.40), ("KV2", 0.20), ("KV3", 0.15)];

/// The number of communes of a province (more for larger ones).
fn communes_in(p: &Province) -> u32 {
    20 + p.population_k / 50
}

/// A commune of the province, uniformly.
pub fn commune(p: &Province, rng: &mut Rng) -> u32 {
    u32::from(p.code) * 1000 + 1 + rng.below(u64::from(communes_in(p))) as u32
}

/// The priority area of a commune (fixed for a code).
pub fn area(commune: u32) -> &'static str {
    let x = Rng::new(u64::from(commune)).unit();
    let mut acc = 0.0;
    for (name, share) in AREAS {
        acc += share;
        if x < acc {
            return name;
        }
    }
    "KV3"
}

/// One period of residence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// Commune code.
    pub commune: u32,
    /// First day.
    pub from: Dob,
    /// Last day (`None`: still living there).
    pub to: Option<Dob>,
    /// `thuong_tru` (permanent) or `tam_tru` (temporary).
    pub kind: &'static str,
}

/// A residence history: permanent periods from birth to now (1–3 moves,
/// sometimes to another province), and now and then a temporary one.
pub fn history(person: &Person, rng: &mut Rng) -> Vec<Period> {
    let mut periods = Vec::new();
    let mut place = commune(person.province, rng);
    let mut from = person.dob;
    let end = person.death.unwrap_or(Dob::new(REFERENCE_YEAR, 6, 30));
    let moves = rng.below(4);
    for _ in 0..moves {
        let span = end.year().saturating_sub(from.year());
        if span < 2 {
            break;
        }
        let year = from.year() + 1 + rng.below(u64::from(span - 1)) as u32;
        let moved = Dob::new(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32);
        periods.push(Period { commune: place, from, to: Some(moved), kind: "thuong_tru" });
        if rng.chance(0.2) {
            let until = Dob::new((year + 1).min(end.year()), moved.month(), moved.day());
            let elsewhere = commune(&PROVINCES[rng.below(63) as usize], rng);
            periods.push(Period { commune: elsewhere, from: moved, to: Some(until), kind: "tam_tru" });
        }
        let province = if rng.chance(0.3) { &PROVINCES[rng.below(63) as usize] } else { person.province };
        place = commune(province, rng);
        from = moved;
    }
    periods.push(Period { commune: place, from, to: person.death, kind: "thuong_tru" });
    periods
}

/// The commune of permanent residence on a day.
pub fn resident_on(periods: &[Period], day: Dob) -> Option<u32> {
    periods
        .iter()
        .filter(|p| p.kind == "thuong_tru" && p.from <= day && p.to.is_none_or(|t| day < t))
        .map(|p| p.commune)
        .next_back()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::person::{PersonFactory, Traits};

    #[test]
    fn histories_cover_life_without_gaps_in_permanent_residence() {
        let mut f = PersonFactory::new(2);
        let mut rng = Rng::new(2);
        for i in 0..2_000 {
            let p = f.person(&mut rng, Traits::of(2, i));
            let h = history(&p, &mut rng);
            let permanent: Vec<&Period> = h.iter().filter(|p| p.kind == "thuong_tru").collect();
            assert_eq!(permanent[0].from, p.dob);
            for w in permanent.windows(2) {
                assert_eq!(w[0].to, Some(w[1].from), "permanent periods follow each other");
            }
            assert_eq!(permanent.last().unwrap().to, p.death);
            assert!(resident_on(&h, p.dob).is_some());
        }
    }

    #[test]
    fn areas_are_fixed_per_commune() {
        assert_eq!(area(79_012), area(79_012));
        let kv1 = (1..=10_000).filter(|&c| area(c) == "KV1").count();
        assert!((2_200..2_800).contains(&kv1), "{kv1}");
    }
}
