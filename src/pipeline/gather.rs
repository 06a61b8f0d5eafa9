//! What the match pass gathers for the exam's and residence's checks, row
//! by row in row order: the persons linked (theirs is the history read
//! after the pass), the candidates' birth years (the exam year), a
//! residence export's linked periods (the cross-row step) and the places
//! the register cannot vouch for.

use std::collections::BTreeMap;

use crate::classify::history::RowPeriod;
use crate::classify::Outcome;
use crate::index::residence::{read_export_period, Given, Places};
use crate::index::BaseIndex;
use crate::normalize::register::Known;
use crate::normalize::DateOrder;
use crate::read::kind::Kind;
use crate::read::mapping::Layout;

/// What the match pass gathers for the check.
pub(super) struct Gather {
    kind: Kind,
    runs: bool,
    date_order: DateOrder,
    /// Linked candidates per (birth year + 18).
    pub(super) years: BTreeMap<u32, u64>,
    /// Linked rows' periods (residence).
    pub(super) periods: Vec<RowPeriod>,
    /// The export's places the register cannot vouch for (residence, every readable row).
    pub(super) places: Places,
    /// The persons linked (by the ID's first holder), a bit each: theirs is the history kept.
    pub(super) linked: Linked,
}

/// A set of persons (by index), a bit each.
#[derive(Debug, Default)]
pub(super) struct Linked(Vec<u64>);

impl Linked {
    fn add(&mut self, h: u32) {
        let h = h as usize;
        if self.0.len() <= h / 64 {
            self.0.resize(h / 64 + 1, 0);
        }
        self.0[h / 64] |= 1 << (h % 64);
    }

    /// True when person `h` is in the set.
    pub(super) fn holds(&self, h: u32) -> bool {
        self.0.get(h as usize / 64).is_some_and(|w| w >> (h % 64) & 1 == 1)
    }
}

impl Gather {
    /// What the match pass gathers for a check of `kind` (`runs`: its side
    /// files were given), the export's dates read in `date_order`.
    pub(super) fn new(kind: Kind, runs: bool, date_order: DateOrder) -> Gather {
        Gather {
            kind,
            runs,
            date_order,
            years: BTreeMap::new(),
            periods: Vec::new(),
            places: Places::default(),
            linked: Linked::default(),
        }
    }

    /// A row's period when the residence check runs (in parallel, per
    /// row): `Some(None)` when it cannot be read.
    pub(super) fn period(&self, layout: &Layout, cells: &[String]) -> Option<Option<(Given, Known)>> {
        if !(self.runs && self.kind == Kind::Residence) {
            return None;
        }
        Some(read_export_period(layout, cells, self.date_order).ok())
    }

    /// Takes in row `i`'s (0-based) outcome and period, in row order.
    pub(super) fn add(
        &mut self,
        i: usize,
        o: &Outcome,
        period: Option<Option<(Given, Known)>>,
        base: &BaseIndex,
    ) {
        if let Some(Some((_, known))) = period {
            self.places.count(known);
        }
        let Some(person) = o.person.filter(|_| o.status.links()) else { return };
        if self.runs {
            self.linked.add(holder(base, person));
        }
        match self.kind {
            Kind::Exam => {
                if let Some(dob) = base.dob(person) {
                    *self.years.entry(dob.year() + 18).or_default() += 1;
                }
            }
            Kind::Residence if self.runs => {
                // Every linked row, its period read or not: the person's
                // first row carries RESIDENCE_EXTRA_IN_BASE either way.
                let person = holder(base, person);
                self.periods.push(match period.flatten() {
                    Some((given, _)) => RowPeriod::new(person, i as u32, given),
                    None => RowPeriod::unreadable(person, i as u32),
                });
            }
            Kind::Residence | Kind::Credit => {}
        }
    }
}

/// Whose history person `p`'s is: the history is kept under the ID, as
/// its first holder's, for all who share it.
pub(super) fn holder(base: &BaseIndex, p: usize) -> u32 {
    base.first_with_id(p) as u32
}
