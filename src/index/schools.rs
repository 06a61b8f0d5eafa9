//! MOET's school list (`--schools`): per school — a province code and a
//! school code, as the exam portal writes them — its priority area over
//! time and whether it is an ethnic boarding school. A school whose area
//! changed has a row per stretch (`tu_ngay`, `den_ngay`; empty: open), or a
//! new code per stretch as MOET does since 2025. Codes are compared as
//! numbers where they are digits, so `01`/`018` and an Excel-damaged
//! `1`/`18` are one school.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use crate::error::{Error, Result};
use crate::normalize::day::{self, Day, OPEN};
use crate::normalize::place::Area;
use crate::normalize::tick::ticked;
use crate::normalize::DateError;
use crate::read::mapping::Role;
use crate::read::side::{cell, Bad, Side, SideFile};

/// A school as the list and the exam export name it: province and school code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchoolKey {
    province: u16,
    /// Digits without leading zeros, or upper-case letters and digits.
    code: Box<str>,
}

impl SchoolKey {
    /// The school of a province cell and a school cell (which may hold
    /// both: `PP-SSS`, `PP SSS`, or 4–5 digits `PPSSS` whose last three are
    /// the school — beside an empty province cell, or one that says the
    /// same province). `None` when both are empty, `Some(None)` when they
    /// cannot be read as a school.
    pub fn read(province: &str, school: &str) -> Option<Option<SchoolKey>> {
        let (province, school) = (province.trim(), school.trim());
        if province.is_empty() && school.is_empty() {
            return None;
        }
        // A number read back from a spreadsheet as `18.0`.
        let unfloat = |cell: &str| -> usize {
            let digits =
                cell.strip_suffix(".0").filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
            digits.map_or(cell.len(), str::len)
        };
        let (province, school) = (&province[..unfloat(province)], &school[..unfloat(school)]);
        let split = school.split_once(['-', ' ', '/']);
        let (p, s) = match split {
            // Beside a province cell that says another province: which is right cannot be told.
            Some((p, _)) if !province.is_empty() && !same_number(province, p.trim()) => return Some(None),
            Some((p, s)) => (p.trim(), s.trim()),
            None if province.is_empty()
                && (4..=5).contains(&school.len())
                && school.bytes().all(|b| b.is_ascii_digit()) =>
            {
                school.split_at(school.len() - 3)
            }
            // Beside a province cell: the same province, or which is right cannot be told.
            None if (4..=5).contains(&school.len()) && school.bytes().all(|b| b.is_ascii_digit()) => {
                let (p, s) = school.split_at(school.len() - 3);
                if !same_number(province, p) {
                    return Some(None);
                }
                (p, s)
            }
            None => (province, school),
        };
        Some(Self::of(p, s))
    }

    fn of(province: &str, school: &str) -> Option<SchoolKey> {
        let province =
            (!province.is_empty() && province.len() <= 3 && province.bytes().all(|b| b.is_ascii_digit()))
                .then(|| province.parse::<u16>().ok())
                .flatten()?;
        let code = if school.bytes().all(|b| b.is_ascii_digit()) {
            let trimmed = school.trim_start_matches('0');
            if trimmed.is_empty() && school.is_empty() {
                return None;
            }
            if trimmed.is_empty() { "0" } else { trimmed }.to_string()
        } else if school.len() <= 12 && school.bytes().all(|b| b.is_ascii_alphanumeric()) {
            school.to_ascii_uppercase()
        } else {
            return None;
        };
        Some(SchoolKey { province, code: code.into() })
    }
}

/// A stretch's first day as a message writes it.
fn first_day(d: Day) -> String {
    if d == 0 {
        "(no first day)".into()
    } else {
        day::written(d)
    }
}

/// True when two cells are the same number (`01` and `1`).
fn same_number(a: &str, b: &str) -> bool {
    a.parse::<u32>().is_ok_and(|a| b.parse::<u32>() == Ok(a))
}

impl SchoolKey {
    /// The province's code (MOET's).
    pub fn province(&self) -> u16 {
        self.province
    }
}

impl fmt::Display for SchoolKey {
    /// `PP-SSS`, as MOET writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.code.bytes().all(|b| b.is_ascii_digit()) {
            write!(f, "{:02}-{:0>3}", self.province, self.code)
        } else {
            write!(f, "{:02}-{}", self.province, self.code)
        }
    }
}

/// One stretch of a school's listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stretch {
    from: Day,
    to: Day,
    area: Area,
    boarding: bool,
}

/// What the list says of a school over a school year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listed {
    /// Its area for most of the year (on a tie the later).
    pub area: Area,
    /// An ethnic boarding school then.
    pub boarding: bool,
}

/// The school list.
#[derive(Debug, Default)]
pub struct Schools {
    schools: BTreeMap<SchoolKey, Vec<Stretch>>,
    /// The list has a `noi_tru` column: its marks are the word on boarding schools.
    marks_boarding: bool,
}

impl Schools {
    /// A list of (school, area, boarding, from, to) stretches, its boarding marks the word.
    pub fn new(list: impl IntoIterator<Item = (SchoolKey, Area, bool, Day, Day)>) -> Schools {
        let mut schools: BTreeMap<SchoolKey, Vec<Stretch>> = BTreeMap::new();
        for (key, area, boarding, from, to) in list {
            schools.entry(key).or_default().push(Stretch { from, to, area, boarding });
        }
        schools.values_mut().for_each(|s| s.sort_unstable_by_key(|s| (s.from, s.to)));
        Schools { schools, marks_boarding: true }
    }

    /// Reads the list file `path` (`[schools]` says how); returns it with how its columns were mapped.
    pub fn load(path: &Path, file: &SideFile) -> Result<(Schools, Vec<String>)> {
        let side = Side::open(path, "schools", file, &file.columns.school_roles())?;
        let mapped = side.mapping();
        let marks_boarding = side.has(Role::Boarding);
        let order = file.date_order;
        let mut list = Vec::new();
        side.read_all(
            |layout, row| {
                let text = |role| cell(layout, role, &row.cells);
                let key = SchoolKey::read(&text(Role::ProvinceCode), &text(Role::SchoolCode)).flatten().ok_or(Bad {
                    role: Role::SchoolCode,
                    why: "not a school: give the province code (ma_tinh, digits) and the school code (ma_truong)"
                        .into(),
                })?;
                let area = Area::parse(&text(Role::Area)).ok_or(Bad {
                    role: Role::Area,
                    why: "not an area: write KV1, KV2-NT, KV2 or KV3".into(),
                })?;
                let date = |role, empty: Day| match day::parse_day(&text(role), order) {
                    // 31/12/9999 and the like: lists write them for "still valid".
                    Ok(d) if role == Role::PeriodEnd && day::to_ymd(d).0 >= 9999 => Ok(OPEN),
                    Ok(d) => Ok(d),
                    Err(DateError::Missing) => Ok(empty),
                    Err(_) => Err(Bad { role, why: "not a whole date: write dd/mm/yyyy, or leave it empty".into() }),
                };
                let (from, to) = (date(Role::PeriodStart, 0)?, date(Role::PeriodEnd, OPEN)?);
                if to <= from {
                    return Err(Bad {
                        role: Role::PeriodEnd,
                        why: "not after the first day: write the first day no longer valid, or leave it empty"
                            .into(),
                    });
                }
                Ok(Some((key, area, ticked(&text(Role::Boarding)), from, to)))
            },
            |batch| list.extend(batch),
        )?;
        let mut schools = Schools::new(list);
        schools.marks_boarding = marks_boarding;
        for (key, stretches) in &schools.schools {
            if let Some(w) = stretches.windows(2).find(|w| w[1].from < w[0].to) {
                return Err(Error::data(
                    path,
                    format!(
                        "school {key}: two stretches overlap (from {} and from {}): a school has one area on a day",
                        first_day(w[0].from),
                        first_day(w[1].from)
                    ),
                ));
            }
        }
        Ok((schools, mapped))
    }

    /// The list as one without a `noi_tru` column: a candidate's tick is the word on boarding.
    pub fn without_boarding_marks(self) -> Schools {
        Schools { marks_boarding: false, ..self }
    }

    /// True when the list marks boarding schools (a `noi_tru` column).
    pub fn marks_boarding(&self) -> bool {
        self.marks_boarding
    }

    /// The school over `[from, to)`: the stretch that covers most of it (on
    /// a tie the later); `None` when the list has no stretch of it then.
    pub fn during(&self, key: &SchoolKey, from: Day, to: Day) -> Option<Listed> {
        let stretches = self.schools.get(key)?;
        let days = |s: &Stretch| s.to.min(to).saturating_sub(s.from.max(from));
        let best = stretches.iter().filter(|s| days(s) > 0).max_by_key(|s| (days(s), s.from))?;
        Some(Listed { area: best.area, boarding: best.boarding })
    }

    /// The number of schools listed.
    pub fn len(&self) -> usize {
        self.schools.len()
    }

    /// True when no school is listed.
    pub fn is_empty(&self) -> bool {
        self.schools.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::day::from_ymd;

    fn key(p: &str, s: &str) -> Option<Option<SchoolKey>> {
        SchoolKey::read(p, s)
    }

    #[test]
    fn a_school_is_read_from_two_cells_or_one() {
        let want = key("01", "018").flatten().unwrap();
        assert_eq!(want.to_string(), "01-018");
        for (p, s) in [
            ("1", "18"),
            ("", "01-018"),
            ("", "01018"),
            ("", "1018"),
            (" 01 ", "018 "),
            ("01", "01018"),
            ("1", "1018"),
        ] {
            assert_eq!(key(p, s), Some(Some(want.clone())), "{p:?} {s:?}");
        }
        assert_eq!(key("", ""), None);
        assert_eq!(key("01", ""), Some(None), "a province without a school");
        assert_eq!(key("", "018"), Some(None), "a school without a province");
        assert_eq!(key("Hà Nội", "018"), Some(None));
        assert_eq!(key("02", "01018"), Some(None), "two provinces");
        assert_eq!(key("1.0", "18.0"), Some(Some(want.clone())), "numbers read back as 1.0");
        assert_eq!(key("", "18.5"), Some(None));
        assert_eq!(key("01", "01-018"), Some(Some(want.clone())));
        assert_eq!(key("02", "01-018"), Some(None), "two provinces");
        assert_eq!(key("02", "c3a").flatten().unwrap().to_string(), "02-C3A");
    }

    #[test]
    fn a_school_year_takes_the_stretch_that_covers_most_of_it() {
        let school = key("05", "012").flatten().unwrap();
        let change = from_ymd(2023, 3, 1);
        let schools = Schools::new([
            (school.clone(), Area::Kv1, false, 0, change),
            (school.clone(), Area::Kv2Nt, true, change, OPEN),
        ]);
        let year = |y| schools.during(&school, from_ymd(y, 9, 1), from_ymd(y + 1, 9, 1));
        assert_eq!(year(2021), Some(Listed { area: Area::Kv1, boarding: false }));
        assert_eq!(
            year(2022),
            Some(Listed { area: Area::Kv2Nt, boarding: true }),
            "181 days of KV1, 184 after"
        );
        assert_eq!(year(2023), Some(Listed { area: Area::Kv2Nt, boarding: true }));
        let other = key("05", "013").flatten().unwrap();
        assert!(schools.during(&other, 0, OPEN).is_none());
        let late = Schools::new([(school.clone(), Area::Kv2, false, from_ymd(2024, 1, 1), OPEN)]);
        assert!(
            late.during(&school, from_ymd(2022, 9, 1), from_ymd(2023, 9, 1)).is_none(),
            "not listed then"
        );
    }
}
