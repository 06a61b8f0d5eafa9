//! Writing the export rows of one person, with their faults, and the
//! pending truth record from which [`super::generate`] resolves the
//! expected status once the whole base is known.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

use super::alter::{self, dmy};
use super::faults::{Fault, Group, UNLEADING, YEAR_ONLY_PLACEHOLDER_SHARE};
use super::geo;
use super::person::{Person, REFERENCE_YEAR};
use super::residence::Rows;
use super::rng::Rng;
use super::truth::expected_status;
use super::{GenerateOptions, Generated, Kind};
use crate::error::{Error, Result};
use crate::normalize::{text, Dob, Sex};
use crate::output::table::TableWriter;
use crate::read::Format;

pub(super) fn sex_text(s: Sex, ascii: bool) -> &'static str {
    match (s, ascii) {
        (Sex::Male, false) => "Nam",
        (Sex::Female, false) => "Nữ",
        (Sex::Male, true) => "NAM",
        (Sex::Female, true) => "NU",
    }
}

/// A stable hash of a name form and a date of birth.
pub(super) fn identity_hash(name: &str, dob: Dob) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    name.hash(&mut h);
    dob.0.hash(&mut h);
    h.finish()
}

/// A stable hash of a name form, a birth year and a sex.
pub(super) fn year_hash(name: &str, year: u32, sex: Sex) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    name.hash(&mut h);
    year.hash(&mut h);
    (sex == Sex::Female).hash(&mut h);
    h.finish()
}

/// Row keys that look random but are unique (an affine map modulo 10^8).
pub(super) fn scramble_key(n: u64, seed: u64) -> u64 {
    (n * 48_271 + seed % 100_000_000) % 100_000_000
}

/// The state of the export being written.
pub(super) struct Export<'a> {
    pub(super) opts: &'a GenerateOptions,
    pub(super) table: TableWriter,
    /// The export's columns left out (`--omit`), ascending.
    pub(super) omitted: Vec<usize>,
    pub(super) truth: csv::Writer<std::fs::File>,
    pub(super) rng: Rng,
    pub(super) row: u64,
    pub(super) last_exported_id: Option<String>,
    pub(super) generated: Generated,
}

/// How a row writes the person, its faults applied.
struct Shown {
    /// The name as written (faults, then its style).
    name: String,
    /// The name with its faults, before its style.
    misspelt: String,
    dob: String,
    sex: Sex,
    id: String,
    /// Bank-style ASCII.
    ascii: bool,
}

/// One record of the export: its fields, its own residence faults and its expected reasons.
type Record = (Vec<String>, Vec<Fault>, Vec<&'static str>);

impl Export<'_> {
    /// Writes the rows for one person (`in_base` false for an outsider), with
    /// their residence side (`Rows::None` for credit).
    pub(super) fn person(
        &mut self,
        p: &Person,
        in_base: bool,
        faults: Vec<Fault>,
        other_id: Option<&str>,
        res: Rows,
    ) -> Result<()> {
        let full = p.full_name();
        let mut faults = self.applicable((p, &full), in_base, faults, other_id);
        let shown = self.apply((p, &full), &faults, other_id);
        let hash = unique_by((p, &full), in_base, &faults, &shown);
        let rng = &mut self.rng;
        let row_fault = [Fault::RowMalformed, Fault::RowBadText]
            .into_iter()
            .find(|&f| self.opts.kind != Kind::Residence && rng.chance(self.opts.profile.rate(f)));
        faults.extend(row_fault);
        faults.sort();
        faults.dedup();
        for record in self.records(p, res, &shown) {
            self.write(p, in_base, record, (row_fault, &shown.name), (&faults, hash))?;
        }
        if in_base {
            self.last_exported_id = Some(p.id.clone());
        }
        Ok(())
    }

    /// The faults drawn for person `p` (named `full`) that can apply to
    /// them, and those the base gives them (a year-only date, a wrong
    /// structure, a death).
    fn applicable(
        &mut self,
        (p, full): (&Person, &str),
        in_base: bool,
        mut faults: Vec<Fault>,
        other_id: Option<&str>,
    ) -> Vec<Fault> {
        let rng = &mut self.rng;
        if in_base && p.year_only {
            faults.push(Fault::BaseDobYearOnly);
            // Without a full date, a misspelt name is no way to the person.
            faults.retain(|&f| f != Fault::IdAndNameTypo);
            // Most exports write a placeholder for a date the base knows only by its year.
            let rate = self.opts.profile.rate(Fault::DobPlaceholder);
            if rate > 0.0 && rng.chance(rate.max(YEAR_ONLY_PLACEHOLDER_SHARE)) {
                faults.retain(|f| f.group() != Group::Identity);
                faults.push(Fault::DobPlaceholder);
            }
        }
        if in_base && p.wrong_structure {
            faults.push(Fault::BaseWrongStructure);
        }
        if in_base && p.death.is_some() && !faults.contains(&Fault::Deceased) {
            faults.push(Fault::Deceased);
        }
        // A residence export carries no date of birth or sex: no fault there,
        // and no ID that fails to lead to the person (only the date could
        // find them again); the ID's form and the name's still vary.
        if self.opts.kind == Kind::Residence {
            faults.retain(|&f| {
                !(f.code().starts_with("dob_")
                    || matches!(f, Fault::WrongSex | Fault::TwoFields | Fault::IdSharedInInput)
                    || matches!(f.group(), Group::Id | Group::IdAndName))
            });
        }
        let faults_have_ascii = faults.contains(&Fault::NameAscii);
        // Drop faults that cannot apply to this person.
        faults.retain(|&f| match f {
            Fault::DobSwapped => alter::swappable(p.dob),
            Fault::OldCmnd => p.old_id.is_some(),
            Fault::OtherPersonsId => other_id.is_some_and(|o| o != p.id),
            Fault::IdSharedInInput => self.last_exported_id.as_ref().is_some_and(|o| *o != p.id),
            // Bank-style ASCII erases a changed tone or a y/i spelling.
            Fault::NameDiacritics | Fault::NameSpellingVariant if faults_have_ascii => false,
            f if matches!(f.group(), Group::Style | Group::Identity) && f.code().starts_with("name") => {
                alter::applies_to_name(full, f)
            }
            _ => true,
        });
        if !faults.iter().any(|f| UNLEADING.contains(f)) {
            faults.retain(|&f| f != Fault::IdAndNameTypo);
        }
        faults
    }

    /// The person as the row writes them, `faults` applied.
    fn apply(&mut self, (p, full): (&Person, &str), faults: &[Fault], other_id: Option<&str>) -> Shown {
        let rng = &mut self.rng;
        let mut name = full.to_string();
        let mut dob = dmy(p.dob);
        let mut sex = p.sex;
        let mut id = p.id.clone();
        for &f in faults {
            match f {
                Fault::TwoFields => {
                    name = alter::fault_name(&name, f, rng);
                    dob = alter::fault_dob(p.dob, p.year_only, f, rng);
                }
                f if f.code().starts_with("dob_") => dob = alter::fault_dob(p.dob, p.year_only, f, rng),
                Fault::WrongSex => sex = if sex == Sex::Male { Sex::Female } else { Sex::Male },
                Fault::OldCmnd => id = p.old_id.clone().unwrap_or(id),
                Fault::OtherPersonsId => id = other_id.unwrap_or_default().to_string(),
                Fault::IdSharedInInput => id = self.last_exported_id.clone().unwrap_or_default(),
                f if matches!(f.group(), Group::Identity | Group::IdAndName) => {
                    name = alter::fault_name(&name, f, rng)
                }
                f if matches!(f.group(), Group::Id | Group::IdForm) => id = alter::fault_id(&id, f, rng),
                _ => {}
            }
        }
        let misspelt = name.clone();
        // The style last: it is how the whole (possibly faulty) name is written.
        if let Some(&style) = faults.iter().find(|f| f.group() == Group::Style) {
            name = alter::fault_name(&name, style, rng);
        }
        let ascii = faults.contains(&Fault::NameAscii);
        Shown { name, misspelt, dob, sex, id, ascii }
    }

    /// The export's records of one person.
    fn records(&mut self, p: &Person, res: Rows, shown: &Shown) -> Vec<Record> {
        let (rng, ascii) = (&mut self.rng, shown.ascii);
        let (name, dob, sex, id) = (&shown.name, shown.dob.clone(), shown.sex, &shown.id);
        match res {
            Rows::None => {
                let key = format!("KH{:08}", scramble_key(self.row + 1, self.opts.seed));
                let branch = format!("CN{:03}", p.province.code);
                let balance = (rng.below(50_000) * 100_000).to_string();
                // Loans from 2015 on; a deceased person's loan is dated after the death
                // about half the time (a fraud signal the reconciliation must raise).
                let after_death = p.death.filter(|_| rng.chance(0.5));
                let from = after_death.map_or(2015, |d| (d.year() + 1).max(2015));
                let span = u64::from((REFERENCE_YEAR + 2).saturating_sub(from)).max(1);
                let year = from + rng.below(span) as u32;
                let disbursed = dmy(Dob::new(year, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32));
                let fields = vec![
                    key,
                    name.clone(),
                    dob,
                    sex_text(sex, ascii).into(),
                    id.clone(),
                    branch,
                    balance,
                    disbursed,
                ];
                vec![(fields, vec![], vec![])]
            }
            Rows::Exam(exam) => {
                let province = geo::province_of(exam.home).unwrap_or(p.province);
                let key = format!(
                    "{:02}{:06}",
                    province.moet,
                    scramble_key(self.row + 1, self.opts.seed) % 1_000_000
                );
                let mut fields = vec![
                    key,
                    name.clone(),
                    dob,
                    sex_text(sex, ascii).into(),
                    id.clone(),
                    province.name.into(),
                    exam.declared.into(),
                    exam.written.map(|c| format!("{c:05}")).unwrap_or_default(),
                ];
                if let Some(s) = &exam.schooling {
                    fields.extend(super::schools::cells(s, rng));
                }
                vec![(fields, exam.faults, exam.reasons)]
            }
            Rows::Periods(periods) => periods
                .into_iter()
                .enumerate()
                .map(|(k, r)| {
                    let fields = vec![
                        format!("HS{:08}{k}", scramble_key(self.row + 1, self.opts.seed)),
                        id.clone(),
                        name.clone(),
                        geo::old_province_code(r.period.commune),
                        format!("{:05}", r.period.commune),
                        dmy(r.period.from),
                        r.period.to.map(dmy).unwrap_or_default(),
                        r.period.kind.into(),
                    ];
                    (fields, r.faults, r.reasons)
                })
                .collect(),
        }
    }

    /// Writes one record, and its pending truth.
    fn write(
        &mut self,
        p: &Person,
        in_base: bool,
        (fields, own, reasons): Record,
        (row_fault, name): (Option<Fault>, &str),
        (faults, hash): (&[Fault], Option<(&str, u64, Option<u64>)>),
    ) -> Result<()> {
        self.row += 1;
        let mut bytes: Vec<Vec<u8>> = fields.iter().map(|f| f.as_bytes().to_vec()).collect();
        match row_fault {
            Some(Fault::RowMalformed) => bytes.push(b"?".to_vec()),
            Some(Fault::RowBadText) => {
                let name_col = if self.opts.kind == Kind::Residence { 2 } else { 1 };
                bytes[name_col] = name.chars().map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')).collect();
                if bytes[name_col].is_ascii() {
                    bytes[name_col].push(0xFF);
                }
            }
            _ => {}
        }
        let refs: Vec<&[u8]> = bytes
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.omitted.contains(i))
            .map(|(_, b)| b.as_slice())
            .collect();
        self.table.row_bytes(&refs)?;
        let person_id = if in_base { p.id.as_str() } else { "" };
        let (form, hash, clash) = match hash {
            Some((f, h, c)) => (f, h.to_string(), c.map(|c| c.to_string()).unwrap_or_default()),
            None => ("", String::new(), String::new()),
        };
        let mut all: Vec<Fault> = faults.iter().copied().chain(own).collect();
        all.sort();
        all.dedup();
        let codes: Vec<&str> = all.iter().map(|f| f.code()).collect();
        let row = self.row.to_string();
        let reasons = reasons.join("|");
        let truth = [&row, fields[0].as_str(), person_id, &codes.join("|"), form, &hash, &clash, &reasons];
        self.truth.write_record(truth).map_err(|e| Error::io("truth.csv", "writing", e.into()))?;
        for c in codes {
            *self.generated.faults.entry(c).or_default() += 1;
        }
        Ok(())
    }
}

/// Whether the person can be found without the ID (for a row of a base
/// person whose ID does not lead to them): the form of the identity the
/// truth's last pass counts in the base, its hash, and the misspelt name's.
fn unique_by(
    (p, full): (&Person, &str),
    in_base: bool,
    faults: &[Fault],
    shown: &Shown,
) -> Option<(&'static str, u64, Option<u64>)> {
    let (ascii, misspelt) = (shown.ascii, &shown.misspelt);
    // Whether the person can be found without the ID: unique in the base by
    // the name as the row writes it and the date of birth, or only the
    // year of birth and the sex when either side knows no more — a year-only
    // base date, a placeholder, or a true 1 January birthday, which nobody
    // can tell from the placeholder 01/01.
    // With a name typo, the true name must be unique and the misspelt one
    // nobody's (else the row leads to someone else or to no one alone).
    let needs_unique = faults.iter().any(|f| f.group() == Group::Id) && in_base;
    let form = |n: &str| if ascii { text::fold(n) } else { n.to_string() };
    needs_unique.then(|| {
        let key = form(full);
        let year_level = p.year_only || p.dob.is_placeholder() || faults.contains(&Fault::DobPlaceholder);
        let (form_code, hash) = match (year_level, ascii) {
            (false, false) => ("c", identity_hash(&key, p.dob)),
            (false, true) => ("f", identity_hash(&key, p.dob)),
            (true, false) => ("cy", year_hash(&key, p.dob.year(), p.sex)),
            (true, true) => ("fy", year_hash(&key, p.dob.year(), p.sex)),
        };
        let clash = faults.contains(&Fault::IdAndNameTypo).then(|| identity_hash(&form(misspelt), p.dob));
        (form_code, hash, clash)
    })
}

/// The last pass: writes `truth.csv` from the pending truth, resolving the
/// expected status of rows that need to know whether their person's name
/// and date of birth (or birth year and sex) are unique in the base — by
/// `hashes`, the base's canonical, folded, canonical-year and folded-year
/// hashes — and, for exam and residence, the expected reasons (`shared`:
/// those of rows of persons whose ID a second base record carries).
pub(super) fn resolve_truth(
    opts: &GenerateOptions,
    pending_truth: &Path,
    mut hashes: [Vec<u64>; 4],
    shared: &HashMap<u64, String>,
    generated: &mut Generated,
) -> Result<()> {
    for v in hashes.iter_mut() {
        v.sort_unstable();
    }
    let [canonical_hashes, folded_hashes, canonical_year_hashes, folded_year_hashes] = hashes;
    let count = |v: &[u64], h: u64| v.partition_point(|&x| x <= h) - v.partition_point(|&x| x < h);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(pending_truth)
        .map_err(|e| Error::io(pending_truth, "reading", e.into()))?;
    // Expected statuses assume every column: with one left out, the true persons alone.
    let statuses = !opts.omit.any();
    let mut header = vec!["row", "key", "person_id", "faults", "expected_status"];
    if opts.kind != Kind::Credit {
        header.push("expected_reasons");
    }
    if !statuses {
        header.truncate(4);
    }
    let mut out = TableWriter::create(&opts.out.join("truth"), Format::Csv, &header)?;
    for rec in reader.records() {
        let rec = rec.map_err(|e| Error::io(pending_truth, "reading", e.into()))?;
        let faults: Vec<Fault> = rec[3].split('|').filter_map(Fault::from_code).collect();
        let hashes: Option<&[u64]> = match &rec[4] {
            "c" => Some(&canonical_hashes),
            "f" => Some(&folded_hashes),
            "cy" => Some(&canonical_year_hashes),
            "fy" => Some(&folded_year_hashes),
            _ => None,
        };
        // Unique by the true identity; a misspelt name (`rec[6]`) must be nobody's.
        let unique = match (hashes, rec[5].parse::<u64>()) {
            (Some(v), Ok(h)) => count(v, h) == 1 && rec[6].parse::<u64>().map_or(true, |c| count(v, c) == 0),
            _ => true,
        };
        // A residence export has no date: a base that knows only the year differs from nothing.
        let status = match opts.kind {
            Kind::Residence => {
                let dated: Vec<Fault> =
                    faults.iter().copied().filter(|&f| f != Fault::BaseDobYearOnly).collect();
                expected_status(&dated, unique)
            }
            _ => expected_status(&faults, unique),
        };
        if !statuses {
            out.row(&[&rec[0], &rec[1], &rec[2], &rec[3]])?;
            continue;
        }
        *generated.expected.entry(status).or_default() += 1;
        if opts.kind == Kind::Credit {
            out.row(&[&rec[0], &rec[1], &rec[2], &rec[3], status])?;
        } else {
            // An unlinked row gets no residence reason at all.
            let linked = matches!(status, "MATCH" | "MATCH_WITH_DIFFS" | "ID_CORRECTED");
            let row: u64 = rec[0].parse().unwrap_or(0);
            let reasons = shared.get(&row).map_or(&rec[7], String::as_str);
            out.row(&[&rec[0], &rec[1], &rec[2], &rec[3], status, if linked { reasons } else { "" }])?;
        }
    }
    out.finish()?;
    Ok(())
}
