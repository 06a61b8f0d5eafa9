//! Another given name under the row's own ID: the person under a nickname
//! or a misspelling, or a family member carrying the ID? With a date of
//! birth on both sides the date says; without one, the middle name and the
//! sex the names speak for do.

use super::{DobLevel, NameLevel, Row, SexLevel};
use crate::index::name_sex::SexByName;
use crate::index::BaseIndex;

/// Share of persons sharing a middle name above which agreeing on it does
/// not tell a person from a brother or sister (`VĂN`, `THỊ`; `J` and `M`
/// among American middle initials stay below).
const KIN_MIDDLE_SHARE: f64 = 0.2;

/// With no date of birth to weigh (the row's or the person's), another
/// given name under the same surname and middle name is the person's own —
/// not a family member's — when both write a middle name few persons share
/// and the given names do not speak for different sexes (`Gloria R Roldan`
/// on the ID of `Eric Richard Roldan` is his family's; `Molly C Laduke` on
/// `Mary Cathy Laduke`'s is Mary).
pub fn not_kin(row: &Row, base: &BaseIndex, p: usize, name: NameLevel, dob: DobLevel, sex: SexLevel) -> bool {
    if name != NameLevel::GivenDiffers || dob != DobLevel::Missing || sex == SexLevel::Different {
        return false;
    }
    let folded = &row.input.name.folded;
    let mut words = folded.split(' ');
    let (Some(_), Some(row_middle), Some(_)) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    let [_, middle, _, ..] = base.name_tokens(p) else { return false };
    let learnt = base.name_sex();
    learnt.middle_share(row_middle, base.vocab().folded(*middle)) <= KIN_MIDDLE_SHARE
        && !matches!(learnt.compare(folded, base, p), SexByName::Contradicts | SexByName::Mixed)
}
