//! Stage 5: one status and a set of reasons for every input row.
//!
//! Precision first: a row is linked to a person only when its match
//! probability reaches the threshold and it is clearly ahead of everyone
//! else; otherwise the doubt is itself the status (`ID_CONFLICT`,
//! `AMBIGUOUS`, `NOT_FOUND`). Every status and reason is documented in the
//! README; a test keeps the two in step.

mod action;
pub mod crossrow;
pub mod exam;
pub mod flags;
pub mod history;
mod outcome;

pub use action::{finish, Action, Verdict};
pub use outcome::{Outcome, Reason, Reasons, Status};

use crate::compare::model::probability;
use crate::compare::search::{Candidate, Matcher, Search};
use crate::compare::{Comparison, DobLevel, IdLevel, NameLevel, PlaceLevel, SexLevel};
use crate::index::BaseIndex;
use crate::normalize::{cccd_structure, Identity};
use crate::read::RowFault;

/// How rows are decided: which optional input fields are mapped (a missing
/// cell is only worth a reason when the column exists), and the thresholds.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// A date-of-birth column is mapped.
    pub dob: bool,
    /// Check CCCD structure (Vietnamese ID scheme).
    pub id_structure: bool,
    /// Link when the best candidate's probability is at least this ...
    pub link_threshold: f64,
    /// ... and its weight beats the runner-up's by this many bits.
    pub ambiguity_margin: f64,
    /// Link a row whose ID does not lead to its person by its other fields.
    pub link_without_id: bool,
    /// Candidate IDs listed for an `AMBIGUOUS` row at the most.
    pub max_candidates: usize,
}

/// What decided a row, for `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The row could not be read, or has neither a usable ID nor a name.
    Unusable,
    /// The best candidate reached the threshold and beat the runner-up by the margin.
    Linked,
    /// Candidates within the margin of each other: the row is more likely
    /// than not one of them, but none is clearly ahead.
    TooClose,
    /// The best candidate was clearly ahead but was found without the ID,
    /// and `link_without_id = false`, or only in blocks that were cut.
    NeedsId,
    /// The best candidate was clearly ahead, but its name is another's and
    /// no extra field is equal: its ID is not the row's (a digit off,
    /// transposed, missing, or someone else's) — a twin, a sibling born the
    /// same day —, or it is the row's own ID but the date of birth does not
    /// agree either — a family member carrying it.
    NameDiffers,
    /// No candidate reached the threshold.
    BelowThreshold,
    /// No candidate at all.
    NoCandidate,
}

/// A row's outcome with the candidates behind it.
#[derive(Debug, Clone)]
pub struct Decision {
    /// The outcome.
    pub outcome: Outcome,
    /// The candidates, best first.
    pub search: Search,
    /// What decided it.
    pub why: Why,
}

/// Classifies a row that could not be read.
pub fn unreadable(fault: RowFault) -> Outcome {
    let mut reasons = Reasons::default();
    reasons.add(fault_reason(fault));
    Outcome::new(Status::Invalid, reasons)
}

/// True for the reason of a row that could not be read.
pub fn is_unreadable(reason: Reason) -> bool {
    RowFault::ALL.into_iter().any(|f| fault_reason(f) == reason)
}

/// The reason a row that could not be read is given.
pub fn fault_reason(fault: RowFault) -> Reason {
    match fault {
        RowFault::FieldCount => Reason::RowMalformed,
        RowFault::Encoding => Reason::RowBadText,
        RowFault::UnbalancedQuote => Reason::RowUnbalancedQuote,
        RowFault::TooLong => Reason::RowTooLong,
    }
}

/// Decides one normalised input row: its candidates scored by the model,
/// the best linked when it is probable enough and clearly ahead.
pub fn decide(input: &Identity, policy: Policy, matcher: Matcher<'_>) -> Decision {
    let base = matcher.base;
    let mut reasons = input_reasons(input, policy);
    let key = input.id.key();
    if key.is_none() && input.name.is_empty() {
        let outcome = Outcome::new(Status::Invalid, reasons);
        return Decision { outcome, search: Search::default(), why: Why::Unusable };
    }
    let threshold = policy.link_threshold;
    let search = matcher.search(input, threshold);
    if search.owners > 1 {
        reasons.add(Reason::IdDuplicateInBase);
    }
    if key.is_some() && search.owners == 0 && !search.old_id_owner {
        reasons.add(Reason::IdNotInBase);
    }
    // Every candidate competes for the margin; only some may be linked: not
    // one found without the ID when that is turned off, nor one found only in
    // blocks that were cut (an equal namesake may lie beyond the cut).
    let ranked = &search.candidates;
    let (best, runner) = (ranked.first(), ranked.get(1));
    // An ID two digits off is not searched around: its person was found by
    // the blocks, and links as anyone the blocks found does.
    let linkable = |c: &Candidate| {
        let by_id = matches!(
            c.comparison.id,
            IdLevel::Exact | IdLevel::OldId | IdLevel::OneDigit | IdLevel::Transposed
        );
        by_id || policy.link_without_id && (!search.capped || c.in_whole_block)
    };
    // Only the row's own ID may link a different name: a near ID (a digit
    // or two off, transposed), or none, with nothing but the date and sex
    // besides (no extra field equal) is another person as often as not. A
    // near ID does not link another given name either (a twin's ID and
    // given name; another surname is no twin's); without an ID such a name
    // is weighed as it is, unless the sex differs too (a household member
    // whose date the row carries).
    let own_id = |c: &Candidate| matches!(c.comparison.id, IdLevel::Exact | IdLevel::OldId);
    let near_id = |c: &Candidate| {
        matches!(c.comparison.id, IdLevel::OneDigit | IdLevel::Transposed | IdLevel::TwoDigits)
    };
    // Even the row's own ID does not link a name that is another's (wholly,
    // or another given name) when nothing else agrees: a person carrying a
    // family member's ID looks just so. The same given and middle names
    // under another surname are not a family member's (who shares the
    // surname, not the given name): a placeholder or a changed surname.
    let unrelated =
        |c: &Candidate| matches!(c.comparison.name, NameLevel::Different | NameLevel::GivenDiffers);
    let corroborated = |c: &Candidate| {
        c.comparison.fields.exact > 0
            || matches!(
                c.comparison.dob,
                DobLevel::Exact | DobLevel::YearOnly | DobLevel::Swapped | DobLevel::Off
            )
            || c.comparison.not_kin
    };
    // One end a letter off and the middle names other words, with the
    // other sex: a sibling's name (Phạm V Hoàng, Phạm Thị Hoàn), never
    // linked (a household's extra fields are equal too).
    let sibling =
        |c: &Candidate| c.comparison.name == NameLevel::EndsClose && c.comparison.sex == SexLevel::Different;
    // Another given name under the same surname and middle names, where
    // the row says the person lives: a sibling lives there too (a twin,
    // when the date agrees), so the place speaks for the household, not the
    // person; only the row's own ID links it.
    let household = |c: &Candidate| {
        matcher.model.uses_places()
            && matches!(
                c.comparison.place,
                PlaceLevel::Commune | PlaceLevel::EarlierCommune | PlaceLevel::CommuneTypo
            )
    };
    let names_differ = |c: &Candidate| {
        let other_name = if own_id(c) {
            unrelated(c) && !corroborated(c)
        } else {
            c.comparison.name == NameLevel::Different
                || matches!(
                    c.comparison.name,
                    NameLevel::GivenClose | NameLevel::GivenDiffers | NameLevel::PartClose
                ) && near_id(c)
                || matches!(c.comparison.name, NameLevel::GivenDiffers | NameLevel::SurnameDiffers)
                    && c.comparison.sex == SexLevel::Different
                || c.comparison.name == NameLevel::GivenDiffers && household(c)
        };
        sibling(c) || other_name && c.comparison.fields.exact == 0
    };
    let clear = |b: &Candidate| runner.is_none_or(|r| b.weight - r.weight >= policy.ambiguity_margin);
    // The candidates within the margin of the best, and the probability
    // that the row is one of them (their odds add up). An owner of the
    // row's ID whose name is another's is not among them: the row carries
    // that person's ID (`ID_CONFLICT`), unless others are close enough to
    // make it one of them; it still stands in the way of linking another
    // (`clear`): the row may be the owner, its name noised.
    let blocked = |c: &Candidate| own_id(c) && names_differ(c);
    let close: Vec<&Candidate> = match best {
        Some(b) => ranked
            .iter()
            .take_while(|c| b.weight - c.weight < policy.ambiguity_margin)
            .filter(|c| !blocked(c))
            .collect(),
        None => Vec::new(),
    };
    let one_of = probability(close.iter().map(|c| c.weight.exp2()).sum::<f64>().log2());
    let (mut outcome, why) = match best {
        Some(b) if b.probability >= threshold && clear(b) && linkable(b) && !names_differ(b) => {
            (linked(b, reasons, base), Why::Linked)
        }
        Some(_) if close.len() > 1 && one_of >= AMBIGUITY_FLOOR => {
            let mut o = Outcome::new(Status::Ambiguous, reasons);
            o.score = Some(close[0].probability);
            o.candidates = close.iter().take(policy.max_candidates).map(|c| base.id(c.person)).collect();
            (o, Why::TooClose)
        }
        _ => {
            let why = match best {
                Some(b) if b.probability >= threshold && clear(b) && linkable(b) => Why::NameDiffers,
                Some(b) if b.probability >= threshold && clear(b) => Why::NeedsId,
                Some(_) => Why::BelowThreshold,
                None => Why::NoCandidate,
            };
            let o = match search.owner() {
                Some(owner) => {
                    let mut o = Outcome::new(Status::IdConflict, reasons);
                    add_level_reasons(&mut o.reasons, &owner.comparison);
                    o.score = Some(owner.probability);
                    o
                }
                None => {
                    let mut o = Outcome::new(Status::NotFound, reasons);
                    o.score = best.map(|b| b.probability);
                    o
                }
            };
            (o, why)
        }
    };
    // A cut block matters only when nobody was linked.
    if search.capped && outcome.person.is_none() {
        outcome.reasons.add(Reason::BlockCapped);
    }
    // A record dated after the linked person's death: a loan to the dead is a fraud signal.
    let death = outcome.person.and_then(|p| base.death_date(p));
    if let (Some(death), Some(record)) = (death, input.record_date) {
        if record > death {
            outcome.reasons.add(Reason::DeceasedBeforeRecord);
        }
    }
    Decision { outcome, search, why }
}

/// Several close candidates make a row `AMBIGUOUS` when the row is more
/// likely than not one of them (else it is `NOT_FOUND`).
const AMBIGUITY_FLOOR: f64 = 0.5;

/// The outcome of linking the row to candidate `c`.
fn linked(c: &Candidate, mut reasons: Reasons, base: &BaseIndex) -> Outcome {
    let status = match c.comparison.id {
        IdLevel::Exact if c.comparison.all_agree() => Status::Match,
        IdLevel::Exact => Status::MatchWithDiffs,
        id => {
            match id {
                IdLevel::OldId => reasons.add(Reason::OldCmnd),
                IdLevel::OneDigit => reasons.add(Reason::IdTypo),
                IdLevel::Transposed => reasons.add(Reason::IdTransposed),
                IdLevel::TwoDigits => reasons.add(Reason::IdTwoDigits),
                IdLevel::OtherOwner => reasons.add(Reason::IdBelongsToOther),
                // ID_MISSING, ID_DAMAGED, ID_NOT_IN_BASE ... already say why.
                _ => {}
            }
            Status::IdCorrected
        }
    };
    add_level_reasons(&mut reasons, &c.comparison);
    if base.is_deceased(c.person) {
        reasons.add(Reason::Deceased);
    }
    let mut o = Outcome::new(status, reasons);
    o.person = Some(c.person);
    o.score = Some(c.probability);
    if status == Status::IdCorrected {
        o.suggested = Some(base.id(c.person));
    }
    o
}

fn input_reasons(input: &Identity, fields: Policy) -> Reasons {
    own_reasons(input, fields.dob, fields.id_structure)
}

/// The reasons a row raises by its own values, whatever it is matched
/// with: `dob` when the file has a date-of-birth column, `id_structure`
/// when a CCCD's digits are checked against the row (the Vietnamese scheme).
pub fn own_reasons(input: &Identity, dob: bool, id_structure: bool) -> Reasons {
    let structure = id_structure.then(|| cccd_structure(&input.id, input.sex, input.dob()));
    let mut r = flags::id_reasons(&input.id, structure);
    r.extend(flags::name_reasons(&input.name));
    r.extend(flags::dob_reasons(&input.dob, dob));
    r
}

fn add_level_reasons(r: &mut Reasons, c: &Comparison) {
    match c.name {
        NameLevel::NoDiacritics => r.add(Reason::NameNoDiacritics),
        NameLevel::SpellingVariant => r.add(Reason::NameSpellingVariant),
        NameLevel::Diacritics => r.add(Reason::NameDiacritics),
        NameLevel::Order => r.add(Reason::NameOrder),
        NameLevel::MiddleName | NameLevel::Initials | NameLevel::MiddleDiffers => r.add(Reason::NameMiddle),
        NameLevel::GivenClose | NameLevel::GivenDiffers => r.add(Reason::NameGivenDiff),
        NameLevel::SurnameClose | NameLevel::SurnameDiffers => r.add(Reason::NameSurnameDiff),
        NameLevel::Partial => r.add(Reason::NamePartial),
        NameLevel::Typo | NameLevel::Similar | NameLevel::BothClose => r.add(Reason::NameTypo),
        NameLevel::EndsClose => {
            r.add(Reason::NameTypo);
            r.add(Reason::NameMiddle);
        }
        NameLevel::PartClose => {
            r.add(Reason::NamePartial);
            r.add(Reason::NameTypo);
        }
        NameLevel::Different => r.add(Reason::NameDiff),
        NameLevel::Exact | NameLevel::Missing => {}
    }
    match c.dob {
        DobLevel::YearOnly => r.add(Reason::DobYearOnly),
        DobLevel::Swapped => r.add(Reason::DobSwapped),
        DobLevel::Off => r.add(Reason::DobTypo),
        DobLevel::Different => r.add(Reason::DobDiff),
        DobLevel::Exact | DobLevel::Missing => {}
    }
    if c.sex == SexLevel::Different {
        r.add(Reason::SexDiff);
    }
    if c.fields.differ | c.fields.close != 0 {
        r.add(Reason::FieldDiff);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::model::Model;
    use crate::index::blocking::{Blocks, Rule};
    use crate::index::tests::{base_of, identity as row};

    /// Decides rows against a small base with the default model.
    fn decide_all(rows: &[Identity], threshold: f64) -> Vec<(Status, String, String)> {
        decide_with(rows, threshold, true)
    }

    fn decide_with(
        rows: &[Identity],
        threshold: f64,
        link_without_id: bool,
    ) -> Vec<(Status, String, String)> {
        let base = base_of(&[
            ("001090123456".into(), "Nguyễn Văn Hùng", "05/03/1990"),
            ("001191654321".into(), "Trần Thị Lan", "07/08/1991"),
            ("001080777777".into(), "Lê Văn Tám", "01/02/1980"),
            ("001080888888".into(), "Lê Văn Tám", "01/02/1980"),
            ("001086555555".into(), "Đỗ Văn Khoa", "03/04/1986"),
            ("001086666666".into(), "Đỗ Văn Khoai", "03/04/1986"),
        ]);
        let blocks = Blocks::build(&base, Rule::defaults(), 200);
        let model = Model::new(base.len(), 0, 0.95);
        let matcher = Matcher::new(&base, &blocks, &model);
        let policy = Policy {
            dob: true,
            id_structure: true,
            link_threshold: threshold,
            ambiguity_margin: 4.0,
            link_without_id,
            max_candidates: 5,
        };
        rows.iter()
            .map(|r| {
                let o = decide(r, policy, matcher).outcome;
                let person = o.person.map(|p| base.id(p).to_string()).unwrap_or_default();
                (o.status, person, o.reasons.joined())
            })
            .collect()
    }

    #[test]
    fn the_probability_and_the_margin_decide() {
        let got = decide_all(
            &[
                row("001090123456", "NGUYEN VAN HUNG", "05/03/1990"),
                // Another person's ID, but this row's name and date are Trần Thị Lan's.
                row("001090123456", "Trần Thị Lan", "07/08/1991"),
                // No ID, two namesakes born the same day.
                row("", "Lê Văn Tám", "01/02/1980"),
                // The owner's name with another date: a link with differences.
                row("001191654321", "Trần Thị Lan", "07/08/1995"),
                // Nobody fits.
                row("", "Phạm Quốc Bảo", "01/01/2000"),
                // The owner is someone else entirely, and nobody else fits.
                row("001191654321", "Phạm Quốc Bảo", "09/09/1999"),
            ],
            0.99,
        );
        let status: Vec<Status> = got.iter().map(|g| g.0).collect();
        assert_eq!(
            status,
            [
                Status::Match,
                Status::IdCorrected,
                Status::Ambiguous,
                Status::MatchWithDiffs,
                Status::NotFound,
                Status::IdConflict
            ],
            "{got:?}"
        );
        assert_eq!(got[1].1, "001191654321");
        assert!(got[1].2.contains("ID_BELONGS_TO_OTHER"), "{got:?}");
        assert!(got[3].2.contains("DOB_DIFF") || got[3].2.contains("DOB_TYPO"), "{got:?}");
    }

    #[test]
    fn a_candidate_found_without_the_id_still_competes_when_it_may_not_be_linked() {
        // Khoai's ID with Khoa's name and date: the owner differs by a letter,
        // Khoa agrees on everything but the ID. Neither is clearly ahead.
        let rows = [row("001086666666", "Đỗ Văn Khoa", "03/04/1986"), row("", "Trần Thị Lan", "07/08/1991")];
        for link_without_id in [true, false] {
            let got = decide_with(&rows, 0.98, link_without_id);
            assert_eq!(got[0].0, Status::Ambiguous, "link_without_id = {link_without_id}: {got:?}");
        }
        assert_eq!(decide_with(&rows, 0.98, true)[1].0, Status::IdCorrected);
        assert_eq!(decide_with(&rows, 0.98, false)[1].0, Status::NotFound, "no ID: nothing may be linked");
    }

    #[test]
    fn a_corrected_id_never_stands_in_for_the_name() {
        // Trần Thị Lan's ID with two digits swapped, her date and sex, but
        // another name: her twin, say, who is not in the base.
        let got = decide_all(&[row("001191564321", "Võ Thị Hồng", "07/08/1991")], 0.99);
        assert_eq!(got[0].0, Status::NotFound, "{got:?}");
        assert!(got[0].1.is_empty() && got[0].2.contains("ID_NOT_IN_BASE"), "{got:?}");
        // Her own name with the same swapped ID is her.
        let got = decide_all(&[row("001191564321", "Trần Thị Lan", "07/08/1991")], 0.99);
        assert_eq!((got[0].0, got[0].1.as_str()), (Status::IdCorrected, "001191654321"), "{got:?}");
    }

    #[test]
    fn without_an_id_another_given_name_and_the_other_sex_is_another_person() {
        // Khoa's surname, middle name and date, another given name: a
        // nickname, or a household member whose date the row carries.
        let same_sex = row("", "Trần Thị Nhung", "07/08/1991");
        let mut other_sex = same_sex.clone();
        other_sex.sex = Some(crate::normalize::Sex::Female);
        let got = decide_all(&[same_sex, other_sex], 0.5);
        // The base's persons are all men; Lan's row is read as a man's.
        assert_eq!((got[0].0, got[0].1.as_str()), (Status::IdCorrected, "001191654321"), "{got:?}");
        assert!(got[0].2.contains("NAME_GIVEN_DIFF"), "{got:?}");
        assert_eq!(got[1].0, Status::NotFound, "{got:?}");
    }

    #[test]
    fn a_stricter_threshold_links_less() {
        // A typo in the name and no ID: probable, but not beyond 0.99999999.
        let rows = [row("", "Tran Thi Lam", "07/08/1991")];
        assert_eq!(decide_all(&rows, 0.99)[0].0, Status::IdCorrected);
        assert_eq!(decide_all(&rows, 0.999_999_99)[0].0, Status::NotFound);
    }

    #[test]
    fn reasons_keep_a_fixed_order() {
        let mut r = Reasons::default();
        r.add(Reason::DobDiff);
        r.add(Reason::NameDiacritics);
        r.add(Reason::IdLeadingZeroRestored);
        assert_eq!(r.joined(), "ID_LEADING_ZERO_RESTORED|NAME_DIACRITICS|DOB_DIFF");
        assert!(Reason::ALL.len() <= 128);
    }

    #[test]
    fn the_readme_documents_every_status_and_reason() {
        let readme = include_str!("../README.md");
        for s in Status::ALL {
            assert!(readme.contains(&format!("`{}`", s.code())), "README lacks status {}", s.code());
        }
        for r in Reason::ALL {
            assert!(readme.contains(&format!("`{}`", r.code())), "README lacks reason {}", r.code());
        }
    }
}
