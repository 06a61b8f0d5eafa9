//! Upper-secondary schools and the candidates' schooling (`generate
//! --schools`): every province has [`PER_PROVINCE`] schools ([`School`]), each in a
//! commune of it whose area (and its changes) it shares, the last one an
//! ethnic boarding school; `schools.csv` lists them as MOET does. A
//! candidate attends the school of the province they live in at the start
//! of each school year (moving with their home, now and then changing
//! school), ticks the residence claims that hold and writes their span,
//! and declares the area the school rule entitles them to; the export's
//! faults then change what is written ([`super::truth::school`] gives the
//! truth).

use std::path::Path;

use super::alter::dmy;
use super::calendar::{date, day};
use super::faults::{Fault, Profile};
use super::geo::{self, Period, AREAS};
use super::rng::Rng;
use super::school::{School, PER_PROVINCE};
use super::truth;
use super::truth::exam::Window;
use super::truth::school::{Candidate, Grade, Span};
use crate::error::Result;
use crate::normalize::province::PROVINCES;
use crate::normalize::Dob;
use crate::output::table::TableWriter;
use crate::read::Format;

/// Writes `schools.csv` (at `path`, its extension set): a row per stretch of each school's area.
pub fn write_schools(path: &Path) -> Result<()> {
    let header = ["ma_tinh", "ma_truong", "ten_truong", "khu_vuc", "tu_ngay", "den_ngay", "noi_tru", "ma_xa"];
    let mut table = TableWriter::create(path, Format::Csv, &header)?;
    for p in PROVINCES {
        for number in 1..=PER_PROVINCE {
            let s = School { moet: p.moet, number };
            let name = format!("THPT số {number} {}", p.name);
            let boarding = if s.boarding() { "1" } else { "" };
            for (area, from, to) in geo::stretches(s.commune()) {
                let to = to.map(dmy).unwrap_or_default();
                let (moet, code, commune) =
                    (format!("{:02}", p.moet), format!("{number:03}"), format!("{:05}", s.commune()));
                table.row(&[&moet, &code, &name, area, &dmy(from), &to, boarding, &commune])?;
            }
        }
    }
    table.finish().map(drop)
}

/// The school faults, in drawing order (a candidate gets at most one).
pub const FAULTS: [Fault; 10] = [
    Fault::SchoolAreaLower,
    Fault::ResidenceClaimFalse,
    Fault::ClaimSpanOff,
    Fault::ClaimSpanUnreadable,
    Fault::SchoolNotInList,
    Fault::SchoolMissing,
    Fault::SchoolCodeDamaged,
    Fault::PolicyGroupFalse,
    Fault::PolicyGroupKinh,
    Fault::GradeBlank,
];

/// A candidate's exam row under the school rule.
#[derive(Debug, Clone)]
pub struct Schooling {
    /// What the row says.
    pub candidate: Candidate,
    /// The area declared.
    pub declared: &'static str,
    /// The policy group written (`01`–`07`, or empty).
    pub policy: String,
    /// How the codes are written: 0 as MOET does, 1–3 damaged or combined ([`cells`]).
    pub style: u8,
    /// The school fault, if any.
    pub fault: Option<Fault>,
}

/// The random stream of base person `i`'s schooling.
pub fn schooling_rng(seed: u64, i: u64) -> Rng {
    Rng::new(seed ^ 0x5c00_1a11_0000).fork(i)
}

/// Minorities' names as a base writes them.
const MINORITY_NAMES: [&str; 15] = [
    "Tày",
    "Thái",
    "Mường",
    "Khơ-me",
    "H'Mông",
    "Nùng",
    "Dao",
    "Gia Rai",
    "Ê Đê",
    "Ba Na",
    "Chăm",
    "Sán Dìu",
    "Xơ Đăng",
    "Cơ Ho",
    "Hoa",
];

/// Base person `i`'s ethnicity cell (`dan_toc`, `--schools`), and whether
/// it makes a minority (`None`: blank): three in ten a minority, by name or
/// by code (02–54); Kinh as `Kinh` or `01`; one in fifty blank.
pub fn ethnicity(seed: u64, i: u64) -> (String, Option<bool>) {
    let mut rng = Rng::new(seed ^ 0xe7d1_c000_0000).fork(i);
    if rng.chance(0.02) {
        return (String::new(), None);
    }
    let minority = rng.chance(0.3);
    let cell = match (minority, rng.chance(0.25)) {
        (true, true) => format!("{:02}", 2 + rng.below(53)),
        (true, false) => MINORITY_NAMES[rng.below(MINORITY_NAMES.len() as u64) as usize].to_string(),
        (false, true) => "01".into(),
        (false, false) => "Kinh".into(),
    };
    (cell, Some(minority))
}

/// The school of the province lived in at `on` (else `before`'s), kept from
/// `before` when the province is the same (but now and then).
fn school_at(history: &[Period], on: Dob, before: Option<School>, rng: &mut Rng) -> School {
    let home = geo::resident_on(history, on).and_then(geo::province_of).map(|p| p.moet);
    let moet = home.or(before.map(|s| s.moet)).unwrap_or(PROVINCES[0].moet);
    match before {
        Some(s) if s.moet == moet && !rng.chance(0.06) => s,
        _ => School { moet, number: 1 + rng.below(u64::from(PER_PROVINCE)) as u16 },
    }
}

/// A candidate of exam year `year` who lived `history`, a minority or
/// not as the base records it (`minority`): the honest row, then at most
/// one fault of the profile's.
pub fn schooling(
    profile: &Profile,
    rng: &mut Rng,
    (history, minority): (&[Period], Option<bool>),
    year: u32,
) -> Schooling {
    let mut grades = [Grade::Blank; 3];
    let mut before = None;
    for (g, grade) in grades.iter_mut().enumerate() {
        let s = school_at(history, Dob::new(year - 3 + g as u32, 9, 1), before, rng);
        (*grade, before) = (Grade::At(s), Some(s));
    }
    let [kv1_span, dbkk_span] =
        truth::school::CLAIMS.map(|keep| truth::school::honest_span(history, year, &keep));
    let span = kv1_span.or(dbkk_span).map_or(Span::None, |(a, b)| Span::Days(a, b));
    let mut c = Candidate {
        grades,
        kv1: kv1_span.is_some(),
        dbkk: dbkk_span.is_some(),
        span,
        boarding: false,
        // Drawn whatever the ethnicity, so the draws after it stay where they were.
        policy_01: kv1_span.is_some() && rng.chance(0.3) && minority != Some(false),
        minority,
    };
    let deciding = grades[2];
    c.boarding = matches!(deciding, Grade::At(s) if s.boarding()) && rng.chance(0.5);
    let honest = truth::school::reasons(&c, "KV3", history, year).1;
    let mut out = Schooling {
        candidate: c,
        declared: AREAS[honest.unwrap_or(3)].0,
        policy: if c.policy_01 {
            "01".into()
        } else if rng.chance(0.05) {
            format!("0{}", 2 + rng.below(6))
        } else {
            String::new()
        },
        style: 0,
        fault: None,
    };
    for f in FAULTS {
        if out.fault.is_none() && rng.chance(profile.rate(f)) && apply(f, &mut out, honest, year, rng) {
            out.fault = Some(f);
        }
    }
    out
}

/// Applies fault `f` when the row can take it.
fn apply(f: Fault, out: &mut Schooling, honest: Option<usize>, year: u32, rng: &mut Rng) -> bool {
    let c = &mut out.candidate;
    let w = Window::of(year);
    match f {
        Fault::SchoolAreaLower => match honest.filter(|&r| r > 0) {
            Some(r) => out.declared = AREAS[rng.below(r as u64) as usize].0,
            None => return false,
        },
        Fault::ResidenceClaimFalse if !c.kv1 => {
            c.kv1 = true;
            c.span = Span::Days(w.from, date(day(w.to) - 1));
            out.declared = "KV1";
        }
        Fault::ClaimSpanOff => match c.span {
            Span::Days(a, b) => c.span = Span::Days(date(day(a) - 2 - rng.below(120) as i64), b),
            _ => return false,
        },
        Fault::ClaimSpanUnreadable if c.kv1 || c.dbkk => c.span = Span::Unreadable,
        Fault::SchoolNotInList => {
            let g = rng.below(3) as usize;
            let Grade::At(s) = c.grades[g] else { return false };
            c.grades[g] = if rng.chance(0.2) {
                Grade::Unreadable
            } else {
                Grade::At(School { number: 900 + rng.below(99) as u16, ..s })
            };
        }
        Fault::SchoolMissing => c.grades = [Grade::Blank; 3],
        Fault::SchoolCodeDamaged => out.style = 1 + rng.below(3) as u8,
        Fault::PolicyGroupFalse if !c.policy_01 && !c.kv1 => {
            c.policy_01 = true;
            out.policy = "01".into();
        }
        Fault::PolicyGroupKinh if !c.policy_01 && c.kv1 && c.minority == Some(false) => {
            c.policy_01 = true;
            out.policy = "01".into();
        }
        Fault::GradeBlank => c.grades[rng.below(2) as usize] = Grade::Blank,
        _ => return false,
    }
    true
}

/// Ticks as candidates write them.
const TICKS: [&str; 8] = ["x", "X", "1", "có", "Có", "yes", "TRUE", "✓"];

/// The row's school and claim cells, in [`COLUMNS`] order.
pub fn cells(s: &Schooling, rng: &mut Rng) -> Vec<String> {
    let c = &s.candidate;
    let mut out = Vec::with_capacity(COLUMNS.len());
    for grade in c.grades {
        let (province, school) = match grade {
            Grade::Blank => (String::new(), String::new()),
            Grade::Unreadable => (String::new(), "???".into()),
            Grade::At(School { moet, number }) => match s.style {
                0 => (format!("{moet:02}"), format!("{number:03}")),
                1 => (moet.to_string(), number.to_string()),
                2 => (String::new(), format!("{moet:02}-{number:03}")),
                _ => (String::new(), format!("{moet}{number:03}")),
            },
        };
        out.extend([province, school]);
    }
    let tick = |on: bool, rng: &mut Rng| if on { (*rng.pick(&TICKS)).to_string() } else { String::new() };
    out.push(tick(c.kv1, rng));
    out.push(tick(c.dbkk, rng));
    let (from, to) = match c.span {
        Span::None => (String::new(), String::new()),
        Span::Unreadable => ("31/02/2023".into(), String::new()),
        Span::Days(a, b) => (dmy(a), dmy(b)),
    };
    out.extend([from, to]);
    out.push(tick(c.boarding, rng));
    out.push(s.policy.clone());
    out
}

/// The export's school and claim columns.
pub const COLUMNS: [&str; 12] = [
    "ma_tinh_lop10",
    "ma_truong_lop10",
    "ma_tinh_lop11",
    "ma_truong_lop11",
    "ma_tinh_lop12",
    "ma_truong_lop12",
    "tt_kv1_18_thang",
    "tt_xa_dbkk_18_thang",
    "tt_tu_ngay",
    "tt_den_ngay",
    "noi_tru",
    "doi_tuong_uu_tien",
];
