//! `doisoat generate`: a synthetic population base and an export drawn from
//! it with faults, plus the ground truth. Deterministic: the same seed and
//! options give byte-identical files. No real person's data is involved.
//!
//! Everything streams: persons are written as they are made, and the export
//! rows for a person are written right after it (the persons exported are
//! chosen by selection sampling, so exactly `records` rows come out in one
//! pass). Memory is 32 bytes a person: the hashes of names (canonical and
//! folded) with the date of birth, and with the birth year and sex, that
//! tell, once all persons exist, whether a row without a usable ID can still
//! be resolved to one person; a last pass over the truth file fills in those
//! rows' expected status.
//!
//! Every person's residence history (a function of the seed and the person)
//! goes to `residence_base.*` as the person is made, with the faults that
//! live in the base (decided for every person, so the file is the same for
//! every kind); `priority_areas.csv` lists the communes' areas. Exam and residence rows carry the reasons a perfect
//! reconciler gives them ([`truth`], which specifies the truth), written to the
//! truth's `expected_reasons` when the row is linked.

pub mod alter;
pub mod calendar;
mod export;
pub mod faults;
pub mod geo;
pub mod names;
mod periods;
pub mod person;
mod residence;
mod school;
mod schools;
pub mod truth;
pub use crate::rng;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use alter::dmy;
use export::{identity_hash, sex_text, year_hash, Export};
use faults::{Fault, Group, Profile};
use person::{Person, PersonFactory, Traits, REFERENCE_YEAR};
use residence::{Lived, Rows};
use rng::Rng;

use crate::error::{Error, Result};
use crate::normalize::{text, Dob};
use crate::output::create_dir;
use crate::output::table::TableWriter;
use crate::read::Format;

/// The kind of export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A bank's credit records: one row per customer.
    Credit,
    /// Exam candidates (aged 17–19): one row per candidate.
    Exam,
    /// Residence history: one row per period of residence; `records` counts persons.
    Residence,
}

/// Columns an export may leave out (an export without dates of birth, or
/// without IDs): the truth then gives only the true persons, no expected
/// statuses (those assume every column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Omit {
    /// The date of birth.
    pub dob: bool,
    /// The ID number.
    pub id: bool,
}

impl Omit {
    /// Some column is left out.
    pub fn any(self) -> bool {
        self.dob || self.id
    }
}

impl Kind {
    /// The export's columns left out by `omit` (indices into [`Kind::header`]).
    fn omitted(self, omit: Omit) -> Vec<usize> {
        let (dob, id) = match self {
            Kind::Credit | Kind::Exam => (Some(2), 4),
            Kind::Residence => (None, 1),
        };
        let mut columns: Vec<usize> = dob.filter(|_| omit.dob).into_iter().collect();
        columns.extend(Some(id).filter(|_| omit.id));
        columns
    }

    fn stem(self) -> &'static str {
        match self {
            Kind::Credit => "credit",
            Kind::Exam => "exam",
            Kind::Residence => "residence",
        }
    }

    fn header(self) -> &'static [&'static str] {
        match self {
            Kind::Credit => &[
                "ma_khach_hang",
                "ten_khach_hang",
                "ngay_sinh",
                "gioi_tinh",
                "so_giay_to",
                "ma_chi_nhanh",
                "du_no",
                "ngay_giai_ngan",
            ],
            Kind::Exam => &[
                "so_bao_danh",
                "ho_ten",
                "ngay_sinh",
                "gioi_tinh",
                "so_cccd",
                "tinh_truong",
                "khu_vuc_uu_tien",
                "ma_xa",
            ],
            Kind::Residence => &[
                "ma_ho_so",
                "so_dinh_danh",
                "ho_ten",
                "ma_tinh",
                "ma_xa",
                "tu_ngay",
                "den_ngay",
                "loai_cu_tru",
            ],
        }
    }

    /// Whether a person may be exported: exam candidates are alive and
    /// 18 in the reference year (the exam year), or for one in five 17 or 19.
    fn eligible(self, t: Traits) -> bool {
        match self {
            Kind::Exam => {
                let age = REFERENCE_YEAR - t.birth_year;
                !t.deceased && (age == 18 || ((17..=19).contains(&age) && t.lot < (1 << 13)))
            }
            _ => true,
        }
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Persons in the base.
    pub persons: u64,
    /// Rows in the export (for `residence`: persons whose history is exported).
    pub records: u64,
    /// The kind of export.
    pub kind: Kind,
    /// Random seed.
    pub seed: u64,
    /// Fault rates.
    pub profile: Profile,
    /// CSV or Parquet for the base and the export (the truth is always CSV).
    pub format: Format,
    /// Columns the export leaves out.
    pub omit: Omit,
    /// Exam exports give each candidate's schools, claims and policy group,
    /// and `schools.csv` lists the schools: the school rule judges them.
    pub schools: bool,
    /// Output directory.
    pub out: PathBuf,
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    /// Export rows written.
    pub rows: u64,
    /// Rows per expected status.
    pub expected: BTreeMap<&'static str, u64>,
    /// Rows per fault.
    pub faults: BTreeMap<&'static str, u64>,
}

/// Selection sampling (Knuth's algorithm S): take `need` of `pool` items seen one by one.
struct Selector {
    need: u64,
    pool: u64,
}

impl Selector {
    fn take(&mut self, rng: &mut Rng) -> bool {
        if self.pool == 0 {
            return false;
        }
        let take = rng.below(self.pool) < self.need;
        self.pool -= 1;
        if take {
            self.need -= 1;
        }
        take
    }
}

/// Traits for an outsider near person `i`: alive, and of the export's cohort.
fn outsider_traits(opts: &GenerateOptions, i: u64) -> Traits {
    (0..)
        .map(|k| Traits::of(!opts.seed, i.wrapping_mul(1_000).wrapping_add(k)))
        .find(|t| !t.deceased && opts.kind.eligible(*t))
        .expect("some traits are eligible")
}

/// The residence side of an outsider's row (`n`: rows written so far): a
/// history of its own, nowhere in the base.
fn outsider_rows(opts: &GenerateOptions, o: &Person, n: u64) -> Rows {
    let history = || geo::history(o, &mut geo::history_rng(!opts.seed, n));
    match opts.kind {
        Kind::Credit => Rows::None,
        Kind::Exam => {
            let mut rng = schools::schooling_rng(!opts.seed, n);
            Rows::Exam(residence::outsider_exam(&history(), opts.schools.then_some(&mut rng)))
        }
        Kind::Residence => Rows::Periods(periods::outsider_periods(&history())),
    }
}

/// Writes `population.*`, `residence_base.*`, `priority_areas.csv`,
/// `<kind>.*` and `truth.csv` into `opts.out`.
pub fn generate(opts: &GenerateOptions) -> Result<Generated> {
    create_dir(&opts.out)?;
    let root = Rng::new(opts.seed);
    let p = &opts.profile;
    let kind = opts.kind;

    let Plan { mut outsiders, mut duplicates, mut alive, mut dead } = plan(opts);

    let mut base = BaseFiles::create(opts)?;
    let pending_truth = opts.out.join(".truth.pending.csv");
    let truth = csv::Writer::from_path(&pending_truth)
        .map_err(|e| Error::io(&pending_truth, "creating", e.into()))?;
    let omitted = kind.omitted(opts.omit);
    let mut export = Export {
        opts,
        table: export_table(opts, &omitted)?,
        omitted,
        truth,
        rng: root.fork(3),
        row: 0,
        last_exported_id: None,
        generated: Generated::default(),
    };
    let mut factory = PersonFactory::new(opts.seed);
    let mut outsider_factory = PersonFactory::outsiders(opts.seed);
    let mut people_rng = root.fork(2);
    let mut pick_rng = root.fork(1);
    let mut previous_id: Option<String> = None;
    let mut shared_ids = residence::SharedIds::default();
    let mut rows_left = alive.need + dead.need;
    // A few base records carry the ID of the record before (a real base has such errors).
    let takes_previous_id = |i: u64| i > 0 && Rng::new(opts.seed ^ 0xd0b1).fork(i).chance(0.0003);
    for i in 0..opts.persons {
        let traits = Traits::of(opts.seed, i);
        let mut person = factory.person(&mut people_rng, traits);
        if takes_previous_id(i) {
            person.id = previous_id.clone().unwrap_or(person.id);
        }
        let shared_id = takes_previous_id(i) || takes_previous_id(i + 1);
        let (lived, minority) =
            base.person(opts, (i, traits), &person, shared_id.then_some(&mut shared_ids))?;
        let chosen = kind.eligible(traits)
            && if traits.deceased { dead.take(&mut pick_rng) } else { alive.take(&mut pick_rng) };
        if chosen {
            // Outsiders and duplicates are spread among the base rows.
            while outsiders > 0 && pick_rng.below(rows_left + outsiders) < outsiders {
                let o = outsider_factory.person(&mut pick_rng, outsider_traits(opts, i));
                // How the row is written, and sometimes a base person's ID (a
                // reused or fake ID); no other ID fault: a mistyped ID of an
                // outsider could be a base person's by chance.
                let f = p.draw(&mut export.rng).into_iter();
                let f = f.filter(|f| f.group() == Group::Style || *f == Fault::OtherPersonsId);
                let faults = std::iter::once(Fault::NotInBase).chain(f).collect();
                let res = outsider_rows(opts, &o, export.row);
                export.person(&o, false, faults, previous_id.as_deref(), res)?;
                outsiders -= 1;
            }
            let mut f = p.draw(&mut export.rng);
            if traits.deceased {
                f.push(Fault::Deceased);
            }
            if shared_id {
                f.push(Fault::BaseDuplicateId);
            }
            let (res, again) = residence_rows(opts, i, &lived, minority);
            if shared_id {
                shared_ids.rows(export.row + 1, &person.id, &res);
            }
            export.person(&person, true, f, previous_id.as_deref(), res)?;
            rows_left -= 1;
            if duplicates > 0 && pick_rng.below(rows_left + duplicates) < duplicates {
                let f = p.draw(&mut export.rng);
                let f = f.into_iter().filter(|f| f.group() == Group::Style);
                let shared = shared_id.then_some(Fault::BaseDuplicateId);
                if shared_id {
                    shared_ids.rows(export.row + 1, &person.id, &again);
                }
                export.person(
                    &person,
                    true,
                    [Fault::Duplicate].into_iter().chain(shared).chain(f).collect(),
                    None,
                    again,
                )?;
                duplicates -= 1;
            }
        }
        previous_id = Some(person.id);
    }
    for _ in 0..outsiders {
        let o = outsider_factory.person(&mut pick_rng, outsider_traits(opts, opts.persons));
        let res = outsider_rows(opts, &o, export.row);
        export.person(&o, false, vec![Fault::NotInBase], None, res)?;
    }
    let hashes = base.finish()?;
    geo::write_priority_areas(&opts.out.join("priority_areas"), opts.schools)?;
    if opts.schools {
        schools::write_schools(&opts.out.join("schools"))?;
    }
    let Export { table, truth, mut generated, row, .. } = export;
    table.finish()?;
    truth.into_inner().map_err(|e| Error::io(&pending_truth, "writing", e.into_error()))?;
    generated.rows = row;

    export::resolve_truth(opts, &pending_truth, hashes, &shared_ids.reasons(), &mut generated)?;
    std::fs::remove_file(&pending_truth).map_err(|e| Error::io(&pending_truth, "removing", e))?;
    Ok(generated)
}

/// How many rows of each sort: outsiders and duplicates from their rates,
/// deceased persons from theirs, the rest alive persons of the base.
struct Plan {
    outsiders: u64,
    duplicates: u64,
    alive: Selector,
    dead: Selector,
}

fn plan(opts: &GenerateOptions) -> Plan {
    let (p, kind) = (&opts.profile, opts.kind);
    let (mut alive_pool, mut dead_pool) = (0u64, 0u64);
    for i in 0..opts.persons {
        let t = Traits::of(opts.seed, i);
        if kind.eligible(t) {
            if t.deceased {
                dead_pool += 1;
            } else {
                alive_pool += 1;
            }
        }
    }
    let share =
        |f: Fault| if kind == Kind::Residence { 0 } else { (opts.records as f64 * p.rate(f)).round() as u64 };
    let mut outsiders = if opts.persons == 0 { opts.records } else { share(Fault::NotInBase) };
    let duplicates = share(Fault::Duplicate).min(opts.records - outsiders);
    let base_rows = opts.records - outsiders - duplicates;
    let dead_rows = share(Fault::Deceased).min(dead_pool).min(base_rows);
    let alive = Selector { need: (base_rows - dead_rows).min(alive_pool), pool: alive_pool };
    let dead = Selector { need: dead_rows, pool: dead_pool };
    // Rows the base cannot supply (a small cohort) are made up by outsiders.
    outsiders += base_rows - dead_rows - alive.need;
    Plan { outsiders, duplicates, alive, dead }
}

/// The base as it is written: its tables, and the hashes of every
/// person's identity the truth's last pass counts (canonical, folded,
/// canonical-year, folded-year).
struct BaseFiles {
    population: TableWriter,
    residence_base: TableWriter,
    hashes: [Vec<u64>; 4],
}

impl BaseFiles {
    fn create(opts: &GenerateOptions) -> Result<BaseFiles> {
        let mut base_header = vec![
            "so_dinh_danh",
            "so_cmnd_cu",
            "ho_va_ten",
            "ngay_sinh",
            "gioi_tinh",
            "noi_dang_ky_khai_sinh",
            "tinh_trang",
            "ngay_mat",
        ];
        // The school rule's policy group 01 asks the base for the ethnicity.
        if opts.schools {
            base_header.push("dan_toc");
        }
        let population = TableWriter::create(&opts.out.join("population"), opts.format, &base_header)?;
        let residence_base =
            TableWriter::create(&opts.out.join("residence_base"), opts.format, &geo::HISTORY)?;
        let hashes = std::array::from_fn(|_| Vec::with_capacity(opts.persons as usize));
        Ok(BaseFiles { population, residence_base, hashes })
    }

    /// Writes base person `i`'s (of `traits`) record and residence history (kept in
    /// `shared` too when another record shares the ID); returns where the
    /// person lived and what the base holds of it, and whether the person
    /// is of a minority (the school rule's data).
    fn person(
        &mut self,
        opts: &GenerateOptions,
        (i, traits): (u64, Traits),
        person: &Person,
        shared: Option<&mut residence::SharedIds>,
    ) -> Result<(Lived, Option<bool>)> {
        let [canonical_hashes, folded_hashes, canonical_year_hashes, folded_year_hashes] = &mut self.hashes;
        let name = person.full_name();
        // By the date the base shows: a year-only date is no person's full date.
        let shown = if person.year_only { Dob::new(person.dob.year(), 0, 0) } else { person.dob };
        let folded = text::fold(&name);
        canonical_hashes.push(identity_hash(&name, shown));
        folded_hashes.push(identity_hash(&folded, shown));
        canonical_year_hashes.push(year_hash(&name, person.dob.year(), person.sex));
        folded_year_hashes.push(year_hash(&folded, person.dob.year(), person.sex));
        let dob = if person.year_only { format!("{:04}", person.dob.year()) } else { dmy(person.dob) };
        let death = person.death.map(dmy).unwrap_or_default();
        let (ethnic, minority) =
            if opts.schools { schools::ethnicity(opts.seed, i) } else { (String::new(), None) };
        let mut cells = vec![
            person.id.as_str(),
            person.old_id.as_deref().unwrap_or(""),
            &name,
            &dob,
            sex_text(person.sex, false),
            person.province.name,
            if person.death.is_some() { "Đã mất" } else { "Còn sống" },
            &death,
        ];
        if opts.schools {
            cells.push(&ethnic);
        }
        self.population.row(&cells)?;
        // Where the person lived and what the base holds of it, whatever is exported.
        let history = geo::history(person, &mut geo::history_rng(opts.seed, i));
        let exam_age = residence::exam_aged(traits);
        let lived =
            residence::lived(&opts.profile, &mut residence::base_rng(opts.seed, i), history, exam_age);
        geo::write_history(&mut self.residence_base, &person.id, &lived.base)?;
        if let Some(shared) = shared {
            shared.base(&person.id, &lived.base);
        }
        Ok((lived, minority))
    }

    fn finish(self) -> Result<[Vec<u64>; 4]> {
        self.population.finish()?;
        self.residence_base.finish()?;
        Ok(self.hashes)
    }
}

/// The export's table, its columns but those left out.
fn export_table(opts: &GenerateOptions, omitted: &[usize]) -> Result<TableWriter> {
    let kind = opts.kind;
    let mut header: Vec<&str> =
        kind.header().iter().enumerate().filter(|(i, _)| !omitted.contains(i)).map(|(_, h)| *h).collect();
    if opts.schools && kind == Kind::Exam {
        header.extend(schools::COLUMNS);
    }
    TableWriter::create(&opts.out.join(kind.stem()), opts.format, &header)
}

/// Person `i`'s residence side of the export (none for credit): the row
/// or periods exported, and a duplicate row's.
fn residence_rows(opts: &GenerateOptions, i: u64, lived: &Lived, minority: Option<bool>) -> (Rows, Rows) {
    let p = &opts.profile;
    let mut rng = residence::export_rng(opts.seed, i);
    let res = match opts.kind {
        Kind::Credit => Rows::None,
        Kind::Exam if opts.schools => {
            let row = residence::exam(p, &mut rng, lived);
            Rows::Exam(row.with_schooling(p, &mut schools::schooling_rng(opts.seed, i), lived, minority))
        }
        Kind::Exam => Rows::Exam(residence::exam(p, &mut rng, lived)),
        Kind::Residence => Rows::Periods(periods::periods(p, &mut rng, lived)),
    };
    let res = match res {
        Rows::Exam(row) => {
            Rows::Exam(row.with_place_fault(p, &mut residence::place_rng(opts.seed, i), &lived.history))
        }
        other => other,
    };
    let again = match &res {
        Rows::Exam(first) => Rows::Exam(residence::exam_again(first, lived)),
        _ => Rows::None,
    };
    (res, again)
}

/// Writes a small text report of what was generated (for the terminal).
pub fn describe(g: &Generated, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "expected statuses:")?;
    for (s, n) in &g.expected {
        writeln!(out, "  {s:<18} {n}")?;
    }
    writeln!(out, "faults (rows):")?;
    for (f, n) in &g.faults {
        writeln!(out, "  {f:<22} {n}")?;
    }
    Ok(())
}
