//! `doisoat generate`: a synthetic population base and an export drawn from
//! it with faults, plus the ground truth. Deterministic: the same seed and
//! options give byte-identical files. No real person's data is involved.
//!
//! Persons are streamed to `population.csv` as they are made; only the
//! persons that export rows will use are kept in memory, with a compact
//! count of (name, date of birth) pairs that tells whether a row without a
//! usable ID can still be resolved to one person.

pub mod faults;
pub mod names;
pub mod person;
pub mod rng;

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::PathBuf;

use faults::{Fault, Profile};
use person::{Person, PersonFactory};
use rng::Rng;

use crate::error::{Error, Result};
use crate::normalize::{normalize_name, Dob, Sex};
use crate::report::output::{create_dir, OutputFile};

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Persons in the base.
    pub persons: u64,
    /// Rows in the export.
    pub records: u64,
    /// Random seed.
    pub seed: u64,
    /// Fault rates.
    pub profile: Profile,
    /// Output directory.
    pub out: PathBuf,
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    /// Rows per expected status.
    pub expected: BTreeMap<&'static str, u64>,
    /// Rows per fault.
    pub faults: BTreeMap<&'static str, u64>,
}

/// One planned export row.
struct Plan {
    person: Option<u64>,
    other: Option<u64>,
    faults: Vec<Fault>,
}

fn dmy(d: Dob) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

fn sex_text(s: Sex, ascii: bool) -> &'static str {
    match (s, ascii) {
        (Sex::Male, false) => "Nam",
        (Sex::Female, false) => "Nữ",
        (Sex::Male, true) => "NAM",
        (Sex::Female, true) => "NU",
    }
}

fn identity_hash(name: &str, dob: Dob) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    normalize_name(name).folded.hash(&mut h);
    dob.year().hash(&mut h);
    dob.month().hash(&mut h);
    dob.day().hash(&mut h);
    h.finish()
}

fn csv_writer(path: PathBuf) -> Result<csv::Writer<OutputFile>> {
    Ok(csv::Writer::from_writer(OutputFile::create(&path)?))
}

fn write_row(w: &mut csv::Writer<OutputFile>, fields: &[&str], name: &str) -> Result<()> {
    w.write_record(fields).map_err(|e| Error::io(name, "writing", e.into()))
}

fn commit(w: csv::Writer<OutputFile>, name: &str) -> Result<()> {
    w.into_inner().map_err(|e| Error::io(name, "writing", e.into_error()))?.commit().map(|_| ())
}

/// Plans every export row: which person, which faults.
fn plan(opts: &GenerateOptions, rng: &mut Rng) -> Vec<Plan> {
    let p = &opts.profile;
    let mut plans: Vec<Plan> = Vec::with_capacity(opts.records as usize);
    // Each person appears once unless the export is larger than the base
    // (or a duplicate is planned on purpose).
    let mut used = std::collections::HashSet::new();
    let fresh = |used: &mut std::collections::HashSet<u64>, rng: &mut Rng| {
        let mut i = rng.below(opts.persons);
        for _ in 0..64 {
            if used.insert(i) {
                break;
            }
            i = rng.below(opts.persons);
        }
        i
    };
    for _ in 0..opts.records {
        let mut faults = Vec::new();
        if rng.chance(p.not_in_base) || opts.persons == 0 {
            plans.push(Plan { person: None, other: None, faults: vec![Fault::NotInBase] });
            continue;
        }
        if !plans.is_empty() && rng.chance(p.duplicate) {
            let earlier = plans[rng.below(plans.len() as u64) as usize].person;
            if let Some(person) = earlier {
                plans.push(Plan { person: Some(person), other: None, faults: vec![Fault::Duplicate] });
                continue;
            }
        }
        let mut person = None;
        if rng.chance(p.deceased) {
            person = (0..10_000)
                .map(|_| rng.below(opts.persons))
                .find(|&i| is_deceased(opts.seed, i) && used.insert(i));
            if person.is_some() {
                faults.push(Fault::Deceased);
            }
        }
        let person = person.unwrap_or_else(|| fresh(&mut used, rng));
        let mut other = None;
        if rng.chance(p.id_rate) {
            let f = p.id.draw(rng);
            if f == Fault::OtherPersonsId {
                other = Some(rng.below(opts.persons));
            }
            faults.push(f);
        }
        let id_unusable = faults.iter().any(|f| id_replaced(*f));
        if rng.chance(p.identity_rate) {
            let f = p.identity.draw(rng);
            // A row whose ID is unusable keeps a clean identity: the truth
            // must say unambiguously what a perfect reconciler can do.
            if !id_unusable || matches!(f, Fault::NameNfd | Fault::NameToneStyle) {
                faults.push(f);
            }
        }
        if rng.chance(p.ascii_names) {
            faults.push(Fault::NameAscii);
        }
        plans.push(Plan { person: Some(person), other, faults });
    }
    plans
}

/// About 1% of persons are deceased; which ones depends only on the seed
/// and the index, so rows can be planned for deceased persons before the
/// persons are made.
fn is_deceased(seed: u64, i: u64) -> bool {
    Rng::new(seed ^ 0x00de_cea5).fork(i).below(1000) < 10
}

/// Faults after which the row's ID does not lead to the person.
fn id_replaced(f: Fault) -> bool {
    matches!(
        f,
        Fault::IdScientific
            | Fault::IdDigitTypo
            | Fault::IdTransposed
            | Fault::OtherPersonsId
            | Fault::IdMissing
            | Fault::OldCmnd
    )
}

/// Writes `population.csv`, `credit.csv` and `truth.csv` into `opts.out`.
pub fn generate(opts: &GenerateOptions) -> Result<Generated> {
    create_dir(&opts.out)?;
    let root = Rng::new(opts.seed);
    let mut plans_rng = root.fork(1);
    let plans = plan(opts, &mut plans_rng);
    let mut wanted: HashMap<u64, Option<Person>> = HashMap::new();
    for p in &plans {
        for i in p.person.iter().chain(p.other.iter()) {
            wanted.insert(*i, None);
        }
    }

    let mut factory = PersonFactory::new(opts.seed);
    let mut people_rng = root.fork(2);
    let mut identities: HashMap<u64, u32> = HashMap::new();
    let mut pop = csv_writer(opts.out.join("population.csv"))?;
    let header = [
        "so_dinh_danh",
        "so_cmnd_cu",
        "ho_va_ten",
        "ngay_sinh",
        "gioi_tinh",
        "noi_dang_ky_khai_sinh",
        "tinh_trang",
        "ngay_mat",
    ];
    write_row(&mut pop, &header, "population.csv")?;
    for i in 0..opts.persons {
        let person = factory.person(&mut people_rng, is_deceased(opts.seed, i));
        let name = person.full_name();
        *identities.entry(identity_hash(&name, person.dob)).or_default() += 1;
        let dob = if person.year_only { format!("{:04}", person.dob.year()) } else { dmy(person.dob) };
        let death = person.death.map(dmy).unwrap_or_default();
        let fields = [
            person.id.as_str(),
            person.old_id.as_deref().unwrap_or(""),
            name.as_str(),
            dob.as_str(),
            sex_text(person.sex, false),
            person.province.name,
            if person.death.is_some() { "Đã mất" } else { "Còn sống" },
            death.as_str(),
        ];
        write_row(&mut pop, &fields, "population.csv")?;
        if let Some(slot) = wanted.get_mut(&i) {
            *slot = Some(person);
        }
    }
    commit(pop, "population.csv")?;

    let mut rows_rng = root.fork(3);
    let mut outsiders = PersonFactory::new(opts.seed ^ 0xdead_beef);
    let mut credit = csv_writer(opts.out.join("credit.csv"))?;
    let mut truth = csv_writer(opts.out.join("truth.csv"))?;
    write_row(
        &mut credit,
        &["ma_khach_hang", "ten_khach_hang", "ngay_sinh", "gioi_tinh", "so_giay_to", "ma_chi_nhanh", "du_no"],
        "credit.csv",
    )?;
    write_row(&mut truth, &["row", "key", "person_id", "faults", "expected_status"], "truth.csv")?;
    let mut generated = Generated::default();
    for (n, plan) in plans.iter().enumerate() {
        let rng = &mut rows_rng;
        let outsider;
        let person = match plan.person {
            Some(i) => wanted[&i].as_ref().expect("planned persons are kept"),
            None => {
                outsider = outsiders.person(rng, false);
                &outsider
            }
        };
        let mut faults = plan.faults.clone();
        faults.retain(|f| *f != Fault::OldCmnd || person.old_id.is_some());
        if person.death.is_some() && plan.person.is_some() && !faults.contains(&Fault::Deceased) {
            faults.push(Fault::Deceased);
        }
        if person.year_only && plan.person.is_some() {
            faults.push(Fault::BaseDobYearOnly);
        }
        let ascii = faults.contains(&Fault::NameAscii);
        let mut name = person.full_name();
        let mut dob = dmy(person.dob);
        let mut id = person.id.clone();
        for &f in &faults {
            match f {
                Fault::NameNfd
                | Fault::NameToneStyle
                | Fault::NameTypo
                | Fault::NameMiddleMissing
                | Fault::NameOrder => name = faults::fault_name(&name, f, rng),
                Fault::DobSwapped if person.dob.day() <= 12 && person.dob.day() != person.dob.month() => {
                    dob = dmy(Dob::new(person.dob.year(), person.dob.day(), person.dob.month()))
                }
                Fault::DobYearOnly => dob = format!("{:04}", person.dob.year()),
                Fault::OldCmnd => id = person.old_id.clone().unwrap_or(id),
                Fault::OtherPersonsId => {
                    let other = plan.other.and_then(|o| wanted[&o].as_ref()).filter(|o| o.id != person.id);
                    match other {
                        Some(o) => id = o.id.clone(),
                        None => id = faults::fault_id(&id, Fault::IdMissing, rng),
                    }
                }
                _ => id = faults::fault_id(&id, f, rng),
            }
        }
        faults.retain(|f| {
            *f != Fault::DobSwapped || person.dob.day() <= 12 && person.dob.day() != person.dob.month()
        });
        if ascii {
            name = faults::ascii_name(&name);
        }
        let unique = identities.get(&identity_hash(&person.full_name(), person.dob)).copied() == Some(1);
        let expected = expected_status(&faults, unique);
        let key = format!("KH{:08}", (n as u64 * 7_919 + opts.seed % 7_919) % 100_000_000);
        let branch = format!("CN{:03}", person.province.code);
        let balance = (rng.below(50_000) * 100_000).to_string();
        write_row(
            &mut credit,
            &[&key, &name, &dob, sex_text(person.sex, ascii), &id, &branch, &balance],
            "credit.csv",
        )?;
        faults.sort();
        let codes: Vec<&str> = faults.iter().map(|f| f.code()).collect();
        let truth_id = if plan.person.is_some() { person.id.as_str() } else { "" };
        write_row(
            &mut truth,
            &[&(n + 1).to_string(), &key, truth_id, &codes.join("|"), expected],
            "truth.csv",
        )?;
        *generated.expected.entry(expected).or_default() += 1;
        for c in codes {
            *generated.faults.entry(c).or_default() += 1;
        }
    }
    commit(credit, "credit.csv")?;
    commit(truth, "truth.csv")?;
    Ok(generated)
}

/// The status a perfect reconciler gives a row with these faults.
/// `unique`: the person's name and date of birth are shared by nobody else in the base.
fn expected_status(faults: &[Fault], unique: bool) -> &'static str {
    if faults.contains(&Fault::NotInBase) {
        return "NOT_FOUND";
    }
    if let Some(&f) = faults.iter().find(|f| id_replaced(**f)) {
        let with_id_evidence = matches!(f, Fault::OldCmnd | Fault::IdDigitTypo | Fault::IdTransposed);
        return if unique || with_id_evidence { "ID_CORRECTED" } else { "AMBIGUOUS" };
    }
    let differs = faults.iter().any(|f| {
        matches!(
            f,
            Fault::NameTypo
                | Fault::NameMiddleMissing
                | Fault::NameOrder
                | Fault::DobSwapped
                | Fault::DobYearOnly
                | Fault::BaseDobYearOnly
        )
    });
    if differs {
        "MATCH_WITH_DIFFS"
    } else {
        "MATCH"
    }
}

/// Writes a small text report of what was generated (for the terminal).
pub fn describe(g: &Generated, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "expected statuses:")?;
    for (s, n) in &g.expected {
        writeln!(out, "  {s:<18} {n}")?;
    }
    writeln!(out, "faults:")?;
    for (f, n) in &g.faults {
        writeln!(out, "  {f:<22} {n}")?;
    }
    Ok(())
}
