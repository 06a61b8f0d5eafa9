//! Dates of birth as they appear in Vietnamese exports (domain.md §5):
//! day-month-year order, year-only dates, `00/00/yyyy`, Excel serial
//! numbers, timestamps, and impossible dates that real documents carry.
//!
//! A parsed date is packed as `yyyymmdd` in a `u32`, with `00` for an
//! unknown month or day, so it is compact, sortable and keeps its precision.

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    /// Year only.
    Year,
    /// Year and month.
    Month,
    /// Full date.
    Day,
}

impl Precision {
    /// Lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }
}

/// A date of birth, packed as `yyyymmdd` (`mm`/`dd` = 0 when unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Dob(pub u32);

impl Dob {
    /// Packs a date.
    pub fn new(year: u32, month: u32, day: u32) -> Dob {
        Dob(year * 10_000 + month * 100 + day)
    }
    /// The year.
    pub fn year(self) -> u32 {
        self.0 / 10_000
    }
    /// The month, 0 when unknown.
    pub fn month(self) -> u32 {
        self.0 / 100 % 100
    }
    /// The day, 0 when unknown.
    pub fn day(self) -> u32 {
        self.0 % 100
    }
    /// How much of the date is known.
    pub fn precision(self) -> Precision {
        match (self.month(), self.day()) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }
    /// ISO form at its precision: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub fn iso(self) -> String {
        match self.precision() {
            Precision::Day => format!("{:04}-{:02}-{:02}", self.year(), self.month(), self.day()),
            Precision::Month => format!("{:04}-{:02}", self.year(), self.month()),
            Precision::Year => format!("{:04}", self.year()),
        }
    }
    /// As Vietnamese documents write it, at its precision: `dd/mm/yyyy`, `mm/yyyy` or `yyyy`.
    pub fn day_month_year(self) -> String {
        match self.precision() {
            Precision::Day => format!("{:02}/{:02}/{:04}", self.day(), self.month(), self.year()),
            Precision::Month => format!("{:02}/{:04}", self.month(), self.year()),
            Precision::Year => format!("{:04}", self.year()),
        }
    }
    /// True when a full date does not exist in the calendar (30/02, 31/04 ...).
    pub fn is_impossible(self) -> bool {
        self.precision() == Precision::Day && self.day() > days_in_month(self.year(), self.month())
    }
    /// 1 January: often a placeholder for an unknown day and month.
    pub fn is_placeholder(self) -> bool {
        self.month() == 1 && self.day() == 1
    }
    /// The month and day (`MMDD`) of a full date that is no placeholder:
    /// what a mistyped year leaves.
    pub fn month_day(self) -> Option<u32> {
        (self.precision() == Precision::Day && !self.is_placeholder()).then_some(self.0 % 10_000)
    }
    /// A full date with its day and month in either order (`YYYYMMDD` with
    /// the smaller first, when both could be a month): the same for a date
    /// and the date with its day and month swapped.
    pub fn unordered(self) -> Option<u32> {
        let (m, d) = (self.month(), self.day());
        (self.precision() == Precision::Day).then(|| {
            if d <= 12 && d < m {
                Dob::new(self.year(), d, m).0
            } else {
                self.0
            }
        })
    }
}

/// What parsing noticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateNotes {
    /// Day and month could both be either; read day-first.
    pub ambiguous_order: bool,
    /// Read month-first because the first number cannot be a month.
    pub month_first: bool,
    /// Came from an Excel serial number.
    pub excel_serial: bool,
    /// Letters that OCR or keying makes of digits (`O`, `l`, `|`) were read as digits.
    pub ocr: bool,
}

/// Why a value is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Empty cell.
    Missing,
    /// Not recognisable as a date.
    Unparseable,
}

/// The order of day, month and year in a column's dates when the form
/// itself does not say (`05/03/1990`). Vietnamese data is day-first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Day, month, year (default).
    #[default]
    Dmy,
    /// Month, day, year (US-style exports).
    Mdy,
    /// Year, month, day (also for 8-digit `yyyymmdd`).
    Ymd,
}

/// Parses one date value, day-first.
pub fn parse_dob(raw: &str) -> Result<(Dob, DateNotes), DateError> {
    parse_date(raw, DateOrder::Dmy)
}

/// Parses one date value in the given order. An unambiguous value (a
/// 4-digit year first, a day above 12) is read as it must be, whatever the order.
pub fn parse_date(raw: &str, order: DateOrder) -> Result<(Dob, DateNotes), DateError> {
    let parsed = parse_clean(raw, order);
    if parsed != Err(DateError::Unparseable) {
        return parsed;
    }
    // `o1/07/1994`, `1|/05/1997`, `0G/O4/1992`: one or two letters that OCR
    // or keying made of digits, read as those digits and noted.
    let t = raw.trim();
    let letters = t.chars().filter(|c| c.is_alphabetic() || matches!(c, '|' | '!')).count();
    if letters == 0 || letters > 2 || t.chars().filter(char::is_ascii_digit).count() < 4 {
        return parsed;
    }
    let read: Option<String> = t
        .chars()
        .map(|c| if matches!(c, '/' | '-' | '.') { Some(c) } else { super::id::ocr_digit(c) })
        .collect();
    let Some(read) = read else { return parsed };
    parse_clean(&read, order).map(|(d, notes)| (d, DateNotes { ocr: true, ..notes })).or(parsed)
}

/// [`parse_date`] of a value as written.
fn parse_clean(raw: &str, order: DateOrder) -> Result<(Dob, DateNotes), DateError> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(DateError::Missing);
    }
    // Drop a time part: "1990-05-01 00:00:00", "01/05/1990 0:00", "1990-05-01T00:00:00Z".
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    let mut notes = DateNotes::default();
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    let nums: Option<Vec<u32>> = parts
        .iter()
        .map(|p| {
            let ok = !p.is_empty() && p.len() <= 8 && p.bytes().all(|b| b.is_ascii_digit());
            ok.then(|| p.parse().ok()).flatten()
        })
        .collect();
    let nums = nums.ok_or(DateError::Unparseable)?;
    let dob = match (parts.as_slice(), nums.as_slice()) {
        ([y], [n]) if y.len() == 4 => year_only(*n)?,
        ([s], _) if s.len() == 8 => eight_digits(s, order, &mut notes)?,
        ([s], [n]) if s.len() <= 5 && *n >= 1 => {
            notes.excel_serial = true;
            excel_serial(*n)?
        }
        ([y, _, _], [year, m, d]) if y.len() == 4 => year_first(*year, *m, *d, &mut notes)?,
        ([_, _, y], [a, b, year]) if y.len() == 4 => {
            let month_first = order == DateOrder::Mdy;
            let (d, m) = if *a > 12 && *b <= 12 || *a == 0 {
                (*a, *b)
            } else if *b > 12 && *a <= 12 {
                notes.month_first = !month_first;
                (*b, *a)
            } else {
                notes.ambiguous_order = *a != *b && *a <= 12 && *b <= 12 && *a > 0 && *b > 0;
                if month_first {
                    (*b, *a)
                } else {
                    (*a, *b)
                }
            };
            full(*year, m, d)?
        }
        ([y, _], [year, m]) | ([_, y], [m, year]) if y.len() == 4 && (1..=12).contains(m) => {
            check_year(*year)?;
            Dob::new(*year, *m, 0)
        }
        _ => return Err(DateError::Unparseable),
    };
    Ok((dob, notes))
}

fn check_year(y: u32) -> Result<(), DateError> {
    if (1800..=2199).contains(&y) {
        Ok(())
    } else {
        Err(DateError::Unparseable)
    }
}

fn year_only(y: u32) -> Result<Dob, DateError> {
    check_year(y)?;
    Ok(Dob::new(y, 0, 0))
}

/// `00/00/1950` is a year-only date; `00/05/1950` a month date. Impossible
/// days up to 31 are kept (documents carry them); months above 12 are not dates.
fn full(y: u32, m: u32, d: u32) -> Result<Dob, DateError> {
    check_year(y)?;
    if m > 12 || d > 31 || (m == 0 && d != 0) {
        return Err(DateError::Unparseable);
    }
    Ok(Dob::new(y, m, d))
}

/// A year-first date; one whose second number cannot be a month but whose
/// third can (`1962-22-04`) was written year, day, month, and is read so
/// (noted as read with day and month the other way round).
fn year_first(y: u32, m: u32, d: u32, notes: &mut DateNotes) -> Result<Dob, DateError> {
    if m > 12 && (1..=12).contains(&d) && m <= 31 {
        notes.month_first = true;
        return full(y, d, m);
    }
    full(y, m, d)
}

/// `yyyymmdd` when the first four digits make a plausible year and the rest
/// a valid month/day (`yyyyddmm` when only that reading is), else
/// `ddmmyyyy` (chip-card QR style; `mmddyyyy` in month-first columns), else
/// the year last with day and month the other way round when only that
/// reading is a date (`23101989` in a month-first column; noted as
/// `dd/mm/yyyy` with a day above 12 is).
fn eight_digits(s: &str, order: DateOrder, notes: &mut DateNotes) -> Result<Dob, DateError> {
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().map_err(|_| DateError::Unparseable);
    let month_first = order == DateOrder::Mdy;
    let year_last = |month_first: bool| match month_first {
        true => full(n(4..8)?, n(0..2)?, n(2..4)?),
        false => full(n(4..8)?, n(2..4)?, n(0..2)?),
    };
    full(n(0..4)?, n(4..6)?, n(6..8)?)
        .or_else(|_| year_last(month_first))
        .or_else(|_| year_first(n(0..4)?, n(4..6)?, n(6..8)?, notes))
        .or_else(|_| {
            let dob = year_last(!month_first)?;
            notes.month_first = !month_first;
            Ok(dob)
        })
}

/// Excel's day count from 1899-12-30 (serial 60 is the non-existent
/// 29/02/1900 of Lotus' leap-year bug, kept as such).
fn excel_serial(n: u32) -> Result<Dob, DateError> {
    if n == 60 {
        return Ok(Dob::new(1900, 2, 29));
    }
    let days = if n < 60 { n + 1 } else { n } as i64;
    // Serial 25569 is 1970-01-01.
    let (y, m, d) = civil_from_days(days - 25_569);
    Ok(Dob::new(y as u32, m, d))
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

pub(crate) fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> String {
        parse_dob(s).unwrap().0.iso()
    }

    #[test]
    fn day_first_forms() {
        for s in ["05/03/1990", "5/3/1990", "05-03-1990", "05.03.1990", "1990-03-05", "19900305", "05031990"]
        {
            assert_eq!(iso(s), "1990-03-05", "{s}");
        }
    }

    #[test]
    fn time_parts_are_ignored() {
        assert_eq!(iso("1990-03-05 00:00:00"), "1990-03-05");
        assert_eq!(iso("1990-03-05T00:00:00Z"), "1990-03-05");
        assert_eq!(iso("05/03/1990 0:00"), "1990-03-05");
    }

    #[test]
    fn year_only_dates() {
        let (d, _) = parse_dob("1950").unwrap();
        assert_eq!((d.iso().as_str(), d.precision()), ("1950", Precision::Year));
        assert_eq!(parse_dob("00/00/1950").unwrap().0.precision(), Precision::Year);
        assert_eq!(iso("03/1950"), "1950-03");
        assert_eq!(iso("1950-03"), "1950-03");
    }

    #[test]
    fn order_notes() {
        let (_, n) = parse_dob("05/03/1990").unwrap();
        assert!(n.ambiguous_order && !n.month_first);
        let (d, n) = parse_dob("03/25/1990").unwrap();
        assert_eq!(d.iso(), "1990-03-25");
        assert!(n.month_first);
        let (_, n) = parse_dob("25/03/1990").unwrap();
        assert!(!n.ambiguous_order && !n.month_first);
        // Year first, then a number that is no month: year, day, month.
        for v in ["1962-22-04", "19622204"] {
            let (d, n) = parse_date(v, DateOrder::Ymd).unwrap();
            assert_eq!(d.iso(), "1962-04-22", "{v}");
            assert!(n.month_first, "{v}");
        }
        assert!(!parse_dob("1962-04-22").unwrap().1.month_first);
    }

    #[test]
    fn impossible_dates_are_kept_and_detectable() {
        let (d, _) = parse_dob("30/02/1985").unwrap();
        assert_eq!(d.iso(), "1985-02-30");
        assert!(d.is_impossible());
        assert!(!parse_dob("29/02/1984").unwrap().0.is_impossible());
        assert!(parse_dob("29/02/1985").unwrap().0.is_impossible());
    }

    #[test]
    fn excel_serials_with_the_1900_bug() {
        assert_eq!(Dob::new(1990, 1, 2).day_month_year(), "02/01/1990");
        assert_eq!(Dob::new(1990, 0, 0).day_month_year(), "1990");
        assert_eq!(iso("32874"), "1990-01-01");
        assert_eq!(iso("1"), "1900-01-01");
        assert_eq!(iso("61"), "1900-03-01");
        assert!(parse_dob("32874").unwrap().1.excel_serial);
    }

    #[test]
    fn garbage_is_rejected() {
        assert_eq!(parse_dob(""), Err(DateError::Missing));
        for s in ["abc", "32/13/1990", "1990-13-13", "1990-32-01", "12/2/90x", "0"] {
            assert_eq!(parse_dob(s), Err(DateError::Unparseable), "{s}");
        }
    }

    #[test]
    fn column_order_override() {
        let mdy = |s| parse_date(s, DateOrder::Mdy).unwrap().0.iso();
        assert_eq!(mdy("03/05/1990"), "1990-03-05");
        assert_eq!(mdy("25/03/1990"), "1990-03-25", "an impossible month is read as a day");
        assert_eq!(mdy("03051990"), "1990-03-05");
        assert_eq!(mdy("23101989"), "1989-10-23", "eight digits with an impossible month: day first");
        let (d, notes) = parse_dob("10231989").unwrap();
        assert_eq!((d.iso().as_str(), notes.month_first), ("1989-10-23", true));
        assert_eq!(mdy("1990-03-05"), "1990-03-05");
        assert!(
            !parse_date("03/25/1990", DateOrder::Mdy).unwrap().1.month_first,
            "expected in an mdy column"
        );
    }

    #[test]
    fn a_date_and_its_day_and_month_swapped_are_alike_unordered() {
        let d = |y, m, day| Dob::new(y, m, day).unordered();
        assert_eq!(d(1985, 3, 5), d(1985, 5, 3));
        assert_eq!(d(1985, 12, 11), Some(19_851_112));
        assert_ne!(d(1985, 3, 5), d(1985, 3, 6));
        assert_eq!(d(1985, 3, 25), Some(19_850_325), "a day past 12 is no month");
        assert_eq!(Dob::new(1985, 3, 0).unordered(), None, "not a full date");
    }

    #[test]
    fn placeholder() {
        assert!(parse_dob("01/01/1960").unwrap().0.is_placeholder());
    }
}
