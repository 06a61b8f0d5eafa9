//! A school of the generated world (`generate --schools`): its province,
//! its number there, the commune it is in (whose area it shares), whether
//! the school list has it and whether it is an ethnic boarding school —
//! the facts both the export's writer ([`super::schools`]) and the truth
//! ([`super::truth::school`]) read.

use super::geo;
use super::rng::Rng;
use crate::normalize::province::{Province, PROVINCES};

/// Schools per province.
pub const PER_PROVINCE: u16 = 12;

/// A school: the province's MOET code and the school's number there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct School {
    /// The province's MOET code.
    pub moet: u8,
    /// The school's number (listed: 1 to [`PER_PROVINCE`]).
    pub number: u16,
}

impl School {
    fn province(self) -> &'static Province {
        PROVINCES.iter().find(|p| p.moet == self.moet).expect("a MOET province code")
    }

    /// The commune the school is in.
    pub fn commune(self) -> u32 {
        let mut rng = Rng::new(u64::from(self.moet) << 16 | u64::from(self.number)).fork(0x5c4001);
        geo::commune(self.province(), &mut rng)
    }

    /// True when the school list has it.
    pub fn listed(self) -> bool {
        (1..=PER_PROVINCE).contains(&self.number)
    }

    /// An ethnic boarding school.
    pub fn boarding(self) -> bool {
        self.number == PER_PROVINCE
    }
}
