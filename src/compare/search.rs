//! Candidates for one row and their match probabilities: the persons the
//! row's ID names (its owner, or whose old CMND it is), and — unless the
//! owner settles the row — the persons the blocking indexes and the ID
//! neighbourhood give. Every candidate is scored by the same model, whatever
//! found it.

use super::ceiling::{Ceilings, RowLimits, Unlike};
use super::model::{probability, Model};
use super::place::{may_live_there, may_live_there_each};
use super::{
    compare_at, compare_dobs, compare_ids, compare_sex, Comparison, DobLevel, IdLevel, NameLevel, Row,
    SexLevel,
};
use crate::index::blocking::{id_neighbours, Blocks, Field, Hit, Part, Transform};
use crate::index::BaseIndex;
use crate::normalize::place::Place;
use crate::normalize::{Dob, IdKey, IdKind, Identity, Precision};

/// A base person compared with the row.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The person.
    pub person: usize,
    /// The field levels.
    pub comparison: Comparison,
    /// Match weight: log2 of the posterior odds (bits).
    pub weight: f64,
    /// Match probability.
    pub probability: f64,
    /// Found in a block that was not cut: nobody with the same key was missed.
    pub in_whole_block: bool,
}

/// Everything the decision needs about a row's candidates.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Search {
    /// Candidates, best first (ties by base order, so results never vary).
    pub candidates: Vec<Candidate>,
    /// Persons whose ID is the row's (normally one).
    pub owners: usize,
    /// The row's ID is some base person's old ID.
    pub old_id_owner: bool,
    /// The blocks and the ID neighbourhood were searched.
    pub searched: bool,
    /// A block was larger than its cap and was cut (and not compared whole after all).
    pub capped: bool,
    /// Blocks cut by place and then compared whole ([`COMPLETED`]).
    pub completed: usize,
    /// Persons the blocks found but the structure veto left out (the row's
    /// CCCD is nobody's, theirs has other province, century/sex or year
    /// digits), in the blocks searched: all of them without [`Prune`] (not
    /// those a block compared whole adds).
    pub vetoed: usize,
}

/// The base, its blocking indexes and the model: what scoring a row needs.
#[derive(Clone, Copy)]
pub struct Matcher<'a> {
    /// The base.
    pub base: &'a BaseIndex,
    /// Its blocking indexes.
    pub blocks: &'a Blocks,
    /// The comparison model.
    pub model: &'a Model,
    /// Leave out the candidates that cannot come within the margin of the
    /// best ([`Prune`]); `None`: compare every candidate found.
    pub prune: Option<&'a Prune>,
    /// Weights count the ID's level (false: weights without the ID, as the
    /// model's estimation of the ID levels needs them).
    pub weigh_id: bool,
}

/// What leaving out candidates that cannot matter needs: the ambiguity
/// margin and the model's ceilings ([`super::ceiling`]). Decisions are
/// the same with and without; only fewer candidates are compared.
#[derive(Debug, Clone, PartialEq)]
pub struct Prune {
    margin: f64,
    ceilings: Ceilings,
}

impl Prune {
    /// Pruning for `model` and the decision's `margin` (bits).
    pub fn new(model: &Model, margin: f64) -> Prune {
        Prune { margin, ceilings: Ceilings::of(model) }
    }
}

/// Rounding room between a ceiling and a weight summed in another order.
const ROUNDING: f64 = 1e-6;

impl<'a> Matcher<'a> {
    /// A matcher that compares every candidate found.
    pub fn new(base: &'a BaseIndex, blocks: &'a Blocks, model: &'a Model) -> Matcher<'a> {
        Matcher { base, blocks, model, prune: None, weigh_id: true }
    }

    /// Compares the row with person `p` and scores the pair.
    pub fn score(&self, row: &Row, p: usize) -> Candidate {
        let comparison = compare_at(row, self.base, p);
        let weight = if self.weigh_id {
            self.model.log_odds(&comparison)
        } else {
            self.model.log_odds_without_id(&comparison)
        };
        Candidate { person: p, comparison, weight, probability: probability(weight), in_whole_block: false }
    }

    /// Finds and scores the row's candidates. The blocks and the ID
    /// neighbourhood are searched unless the one owner of the row's ID
    /// settles the row at `threshold` ([`Candidate::settles`]).
    ///
    /// A row whose well-formed 12-digit ID is in nobody's hands may be a
    /// person missing from the base who shares a namesake's birthday
    /// (domain.md §2.5): a candidate found by the blocks must then also agree
    /// with the ID's structure (province, century/sex and year digits) — a
    /// mistyped ID keeps those, another person's does not. This is the one veto.
    ///
    /// The persons the row's ID names and its ID neighbours are compared
    /// first, then the blocks, whole ones with the lowest ceiling first;
    /// with [`Prune`], the search stops when nobody left can come within
    /// the margin of the best.
    pub fn search(&self, input: &Identity, threshold: f64) -> Search {
        let mut s = Search::default();
        let key = input.id.key();
        let row = Row::new(input, self.base);
        if let Some(key) = key {
            let owners = self.base.find(key);
            s.owners = owners.len();
            s.candidates.extend(owners.map(|p| self.score(&row, p)));
            let old = row.id.old_owners();
            s.old_id_owner = !old.is_empty();
            s.candidates.extend(old.iter().map(|&p| self.score(&row, p)));
        }
        let settle = s.owners == 1 && s.candidates.len() == 1 && s.candidates[0].settles(threshold);
        if !settle {
            s.searched = true;
            self.search_further(&row, key, &mut s);
        }
        s.candidates.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.person.cmp(&b.person)));
        s
    }

    /// What the row's own fields rule out for any candidate.
    fn limits(&self, row: &Row) -> RowLimits {
        let input = row.input;
        let dob = input.dob();
        let full = dob.filter(|d| d.precision() == Precision::Day);
        let born_then = full.map_or(0, |d| self.base.persons_born_on(d));
        let other_readings = row.name.has_other_readings();
        RowLimits {
            name: !input.name.is_empty() || other_readings,
            spelling_variant: other_readings || row.name.spellable().any,
            equal_name: None,
            folded_name: None,
            rare_name: [NameLevel::Exact, NameLevel::Initials].map(|level| {
                Ceilings::rare_name(self.model, level, row.rarity[(level == NameLevel::Initials) as usize])
            }),
            dob: dob.is_some(),
            full_dob: full.is_some(),
            equal_dob: (born_then > 0).then(|| Ceilings::equal_dob(self.model, born_then)),
            sex: input.sex.is_some(),
            place: match self.base.homes() {
                Some(h) if self.model.uses_places() && input.place != Place::default() => Ceilings::place(
                    self.model,
                    (row.place.commune_count(h), h.province_count(input.place.province)),
                ),
                _ => 0.0,
            },
        }
    }

    /// The ID level of a person the blocks find that weighs most, before
    /// the person's ID is read: another's or nobody's number, or — for a
    /// numeric ID — two digits off.
    fn unseen_id(&self, row: &Row) -> IdLevel {
        let stranger = row.id.stranger();
        let two = IdLevel::TwoDigits;
        let numeric = row.input.id.key().is_some_and(|k| k.digits().is_some());
        let weight = |l: IdLevel| self.model.id(l).weight();
        if numeric && weight(two) > weight(stranger) {
            two
        } else {
            stranger
        }
    }

    /// The ID neighbourhood and the blocks.
    fn search_further(&self, row: &Row, key: Option<IdKey>, s: &mut Search) {
        let mut seen: Vec<usize> = s.candidates.iter().map(|c| c.person).collect();
        // Any numeric ID has neighbours (a generic scheme's numbers are mistyped too).
        if let Some(key) = key {
            for (p, _) in id_neighbours(self.base, key) {
                if !seen.contains(&p) {
                    s.candidates.push(self.score(row, p));
                }
            }
        }
        seen.extend(s.candidates.iter().skip(seen.len()).map(|c| c.person));
        seen.sort_unstable();
        let unknown_cccd = s.owners == 0 && !s.old_id_owner && row.input.id.kind == IdKind::Cccd;
        let prefix = |id: IdKey| id.digits().map(|(n, _)| n / 1_000_000);
        let row_prefix = key.and_then(prefix);
        let vetoed =
            |p: usize| unknown_cccd && (row_prefix.is_none() || prefix(self.base.id(p)) != row_prefix);
        self.compare_blocks(row, s, seen, &vetoed);
    }

    /// The persons the blocks give for `input` alone (not its ID's owners
    /// or neighbours, unless the blocks give them too), scored, and with
    /// [`Prune`] only those that may come within its margin of the best.
    /// For a matcher that does not weigh the ID: the search's ceilings
    /// assume the owners and neighbours were compared first.
    pub fn search_blocks(&self, input: &Identity) -> Vec<Candidate> {
        debug_assert!(!self.weigh_id, "search_blocks leaves the ID's owners out");
        let row = Row::new(input, self.base);
        let mut s = Search::default();
        self.compare_blocks(&row, &mut s, Vec::new(), &|_| false);
        s.candidates
    }

    /// Compares the persons of the row's blocks not `seen` (sorted) yet
    /// and not `vetoed`, into `s`.
    fn compare_blocks(
        &self,
        row: &Row,
        s: &mut Search,
        mut seen: Vec<usize>,
        vetoed: &dyn Fn(usize) -> bool,
    ) {
        // A cut block keeps first the persons whose place may be the row's.
        let mut hits = self.blocks.lookup(row.input);
        let by_place = self.model.uses_places() && row.input.place != Place::default();
        let near = |persons: &[u32]| may_live_there_each(self.base, &row.place, persons);
        s.capped = hits.iter().any(|h| !h.whole);
        // Whole blocks first, the one whose outsiders weigh least first.
        let names_keyed = !row.name.has_other_readings();
        let spellable = row.name.spellable();
        let parts: Vec<Vec<Unlike>> =
            hits.iter().map(|h| Unlike::of_rule(self.blocks.rule(h.rule), names_keyed, spellable)).collect();
        let mut stop = self.prune.map(|prune| Stop {
            prune,
            model: self.model,
            limits: self.limits(row),
            // Without the ID's weight, everyone's ID level weighs nothing.
            stranger: if self.weigh_id { self.unseen_id(row) } else { IdLevel::Missing },
            weigh_id: self.weigh_id,
            names_keyed,
            done: Vec::new(),
        });
        if let Some(stop) = &mut stop {
            stop.learn(&s.candidates);
        }
        let outside = |i: usize| match (&stop, hits[i].whole) {
            (Some(stop), true) => stop.outside(&parts[i]),
            _ => f64::INFINITY,
        };
        let mut order: Vec<(f64, usize, usize)> =
            (0..hits.len()).map(|i| (outside(i), hits[i].persons.len(), i)).collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut vetoes: Vec<usize> = Vec::new();
        for &(_, _, i) in &order {
            let mut best = s.candidates.iter().map(|c| c.weight).fold(f64::NEG_INFINITY, f64::max);
            if stop.as_ref().is_some_and(|stop| stop.reached(best)) {
                break;
            }
            // Each person's date and sex are read first: one who cannot
            // come within the margin of the best whatever its name is
            // left out before the name is compared.
            let bounds = stop.as_ref().map(|stop| stop.name_bounds());
            // A block too large for the cap keeps first who may live where the row says.
            if by_place {
                hits[i].cut_by_place(&near);
            }
            let before = s.candidates.len();
            let mut passed = Vec::new();
            // The block's persons ascend, as `seen` does: one walk along both.
            let mut at = 0;
            for p in hits[i].persons.iter().map(|&p| p as usize) {
                while seen.get(at).is_some_and(|&q| q < p) {
                    at += 1;
                }
                if vetoed(p) {
                    vetoes.push(p);
                } else if seen.get(at) != Some(&p) {
                    if let (Some(stop), Some(bounds)) = (&stop, &bounds) {
                        if stop.beyond(best, stop.candidate(row, self.base, p, bounds)) {
                            passed.push(p);
                            continue;
                        }
                    }
                    let c = self.score(row, p);
                    best = best.max(c.weight);
                    s.candidates.push(c);
                }
            }
            seen.extend(s.candidates[before..].iter().map(|c| c.person));
            seen.extend(passed);
            seen.sort_unstable();
            if let Some(stop) = &mut stop {
                stop.learn(&s.candidates[before..]);
                if hits[i].whole {
                    stop.done.push((self.blocks.rule(hits[i].rule).parts.clone(), parts[i].clone()));
                }
            }
        }
        vetoes.sort_unstable();
        vetoes.dedup();
        s.vetoed = vetoes.len();
        mark_whole(s, &hits);
        if by_place {
            self.complete_cut(row, s, &mut hits, vetoed);
        }
    }

    /// When the best candidate is in no whole block, may live where the row
    /// says, and is not named by the row's own ID, each cut block holding
    /// it is compared whole (up to [`COMPLETED`] times the cap): whoever
    /// the cut left out may share every field but the place, so they are
    /// compared too. Blocks the search did not reach count alike, so that
    /// the same blocks are completed whether candidates were left out by
    /// [`Prune`] or not.
    fn complete_cut(&self, row: &Row, s: &mut Search, hits: &mut [Hit], vetoed: &dyn Fn(usize) -> bool) {
        let best = s.candidates.iter().reduce(|a, b| match b.weight.total_cmp(&a.weight) {
            std::cmp::Ordering::Greater => b,
            std::cmp::Ordering::Equal if b.person < a.person => b,
            _ => a,
        });
        let near = |p: usize| may_live_there(self.base, &row.place, p);
        let own_id = |c: &Candidate| matches!(c.comparison.id, IdLevel::Exact | IdLevel::OldId);
        let Some(best) = best.filter(|c| !c.in_whole_block && !own_id(c) && near(c.person)) else {
            return;
        };
        let p = best.person as u32;
        let limit = COMPLETED.saturating_mul(self.blocks.cap());
        let mut seen: Vec<usize> = s.candidates.iter().map(|c| c.person).collect();
        seen.sort_unstable();
        let mut added = Vec::new();
        for hit in hits.iter_mut() {
            if hit.size() <= limit && hit.cut_holding(p) {
                hit.complete();
                s.completed += 1;
                let new = |&q: &usize| seen.binary_search(&q).is_err() && !vetoed(q);
                added.extend(hit.persons.iter().map(|&q| q as usize).filter(new));
            }
        }
        if s.completed > 0 {
            added.sort_unstable();
            added.dedup();
            s.candidates.extend(added.into_iter().map(|q| self.score(row, q)));
            mark_whole(s, hits);
            s.capped = hits.iter().any(|h| !h.whole);
        }
    }
}

/// A cut block is compared whole, for the best candidate found only in
/// cut blocks, when it holds at most this many times the cap.
pub const COMPLETED: usize = 10;

/// Marks the candidates found in a whole block.
fn mark_whole(s: &mut Search, hits: &[Hit]) {
    for c in &mut s.candidates {
        let p = c.person as u32;
        c.in_whole_block = hits.iter().any(|h| h.whole && h.persons.binary_search(&p).is_ok());
    }
}

/// When the search may stop: once the best candidate is more than the
/// margin above the ceiling of everyone not yet compared.
struct Stop<'a> {
    prune: &'a Prune,
    model: &'a Model,
    limits: RowLimits,
    /// The ID level that weighs most among those anyone the blocks find
    /// not yet compared may have (not an owner, not a neighbour).
    stranger: IdLevel,
    /// The ID is weighed (else every ID level weighs nothing).
    weigh_id: bool,
    /// The row's name keys are its only reading.
    names_keyed: bool,
    /// The rules of the whole blocks compared so far, with what each part
    /// rules out when it differs: anyone not yet compared is outside each.
    done: Vec<(Vec<Part>, Vec<Unlike>)>,
}

/// For one whole block compared: its parts that are not the name, and the
/// highest name weight of a person outside it whose other parts are
/// equal to the row's (`None`: the rule has no name part).
type NameBound = (Vec<Part>, Option<f64>);

impl Stop<'_> {
    /// Takes the weight of the row's own name (and its folded form) from
    /// candidates that have it: all such candidates share it.
    fn learn(&mut self, compared: &[Candidate]) {
        if !self.names_keyed {
            return;
        }
        for c in compared {
            match c.comparison.name {
                NameLevel::Exact => self.limits.equal_name = Some(self.model.name_weight(&c.comparison)),
                NameLevel::NoDiacritics => {
                    self.limits.folded_name = Some(self.model.name_weight(&c.comparison))
                }
                _ => {}
            }
        }
    }

    /// The ceiling of a person outside a whole block with these `parts`.
    fn outside(&self, parts: &[Unlike]) -> f64 {
        self.prune.ceilings.outside(self.stranger, parts, &self.limits)
    }

    /// Nobody not yet compared can come within the margin of `best`.
    fn reached(&self, best: f64) -> bool {
        let anyone = self.prune.ceilings.weight(self.stranger, Unlike::default(), &self.limits);
        let ceiling = self.done.iter().map(|(_, unlike)| self.outside(unlike)).fold(anyone, f64::min);
        self.beyond(best, ceiling)
    }

    /// A candidate whose weight is at most `ceiling` cannot come within the margin of `best`.
    fn beyond(&self, best: f64, ceiling: f64) -> bool {
        best - ceiling > self.prune.margin + ROUNDING
    }

    /// Per whole block compared, what [`Stop::candidate`] needs.
    fn name_bounds(&self) -> Vec<NameBound> {
        let ceilings = &self.prune.ceilings;
        self.done
            .iter()
            .map(|(parts, unlike)| {
                let (names, others): (Vec<_>, Vec<_>) =
                    parts.iter().zip(unlike).partition(|(p, _)| p.field.is_name());
                let name = names.iter().map(|(_, &u)| ceilings.name(u, &self.limits)).reduce(f64::max);
                (others.into_iter().map(|(&p, _)| p).collect(), name)
            })
            .collect()
    }

    /// The ceiling of block candidate `p`, not yet compared, once its date
    /// and sex are read: outside each whole block compared, a person whose
    /// other parts equal the row's has a name that differs.
    fn candidate(&self, row: &Row, base: &BaseIndex, p: usize, bounds: &[NameBound]) -> f64 {
        let ceilings = &self.prune.ceilings;
        let (a, b) = (row.input.dob(), base.dob(p));
        let (dob, sex) = (compare_dobs(a, b), compare_sex(row.input.sex, base.sex(p)));
        let equal = |part: &Part| match (part.field, part.transform) {
            (Field::Dob, Transform::Year) => a.zip(b).is_some_and(|(a, b)| a.year() == b.year()),
            (Field::Dob, Transform::MonthDay) => {
                a.and_then(Dob::month_day).is_some_and(|x| b.and_then(Dob::month_day) == Some(x))
            }
            (Field::Dob, Transform::Unordered) => {
                a.and_then(Dob::unordered).is_some_and(|x| b.and_then(Dob::unordered) == Some(x))
            }
            (Field::Dob, _) => dob == DobLevel::Exact,
            (Field::Sex, _) => sex == SexLevel::Same,
            _ => false,
        };
        let open = ceilings.name(Unlike::default(), &self.limits);
        let name = bounds
            .iter()
            .filter_map(|(others, name)| name.filter(|_| others.iter().all(equal)))
            .fold(open, f64::min);
        let id = if self.weigh_id { compare_ids(&row.id, base, p) } else { IdLevel::Missing };
        ceilings.known(id, name, dob, sex, &self.limits)
    }
}

impl Candidate {
    /// An owner of the row's ID who reaches `threshold`, agrees on every
    /// field and on a full date both sides know settles the row: anybody
    /// else would need the same name and date, and would lack the ID's weight.
    pub fn settles(&self, threshold: f64) -> bool {
        self.probability >= threshold && self.comparison.all_agree() && self.comparison.dob == DobLevel::Exact
    }
}

impl Search {
    /// The candidate for person `p`, if it is one.
    pub fn get(&self, p: usize) -> Option<&Candidate> {
        self.candidates.iter().find(|c| c.person == p)
    }

    /// The best candidate whose ID (or old ID) is the row's.
    pub fn owner(&self) -> Option<&Candidate> {
        self.candidates.iter().find(|c| matches!(c.comparison.id, IdLevel::Exact | IdLevel::OldId))
    }
}
