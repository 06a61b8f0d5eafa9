//! Calendar days as numbers, for residence periods: a day is the count of
//! days since 1 March of year 0 (proleptic Gregorian), so differences are
//! day counts and a period `[from, to)` is `to - from` days long. An open
//! end ("still current") is [`OPEN`].

use super::date::{days_in_month, parse_date, DateError, DateOrder, Dob, Precision};

/// A calendar day as a number (see the module).
pub type Day = u32;

/// The end of a period that has not ended.
pub const OPEN: Day = u32::MAX;

/// The day number of a date (`month` 1–12, `day` 1–31, valid).
pub fn from_ymd(year: u32, month: u32, day: u32) -> Day {
    // Years start in March, so the leap day is the year's last.
    let (y, m) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era_days = y / 400 * 146_097;
    let yoe = y % 400;
    let doy = (153 * m + 2) / 5 + day - 1;
    era_days + yoe * 365 + yoe / 4 - yoe / 100 + doy
}

/// The year of today's date (UTC) by the system clock.
pub fn this_year() -> u32 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    to_ymd(from_ymd(1970, 1, 1) + (secs / 86_400) as u32).0
}

/// The date of a day number: (year, month, day).
pub fn to_ymd(day: Day) -> (u32, u32, u32) {
    let era = day / 146_097;
    let doe = day % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = era * 400 + yoe + u32::from(m <= 2);
    (y, m, d)
}

/// `day` moved `months` calendar months on. A day the month lacks (31 January
/// plus one month) is that month's last day (28 or 29 February), as the
/// Civil Code counts a term in months (2015, Art. 148: it ends on the
/// corresponding day of the last month, or on its last day when it has none).
pub fn add_months(day: Day, months: u32) -> Day {
    let (y, m, d) = to_ymd(day);
    let index = (m - 1) + months;
    let (y, m) = (y + index / 12, index % 12 + 1);
    from_ymd(y, m, d.min(days_in_month(y, m)))
}

/// A day written as a date (`dd/mm/yyyy`, ISO, ... as dates of birth are
/// read): the full date is needed.
pub fn parse_day(raw: &str, order: DateOrder) -> Result<Day, DateError> {
    let (date, _) = parse_date(raw, order)?;
    if date.precision() != Precision::Day || date.is_impossible() {
        return Err(DateError::Unparseable);
    }
    Ok(of_date(date))
}

/// The day number of a full date.
pub fn of_date(date: Dob) -> Day {
    from_ymd(date.year(), date.month(), date.day())
}

/// A day as `dd/mm/yyyy`; an open end as empty.
pub fn written(day: Day) -> String {
    if day == OPEN {
        return String::new();
    }
    let (y, m, d) = to_ymd(day);
    format!("{d:02}/{m:02}/{y:04}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_count_days_and_come_back() {
        assert_eq!(from_ymd(2024, 3, 1) - from_ymd(2024, 2, 28), 2);
        assert_eq!(from_ymd(2023, 3, 1) - from_ymd(2023, 2, 28), 1);
        assert_eq!(from_ymd(2025, 1, 1) - from_ymd(2024, 1, 1), 366);
        for day in [from_ymd(1900, 1, 1), from_ymd(2000, 2, 29), from_ymd(2025, 12, 31)] {
            let (y, m, d) = to_ymd(day);
            assert_eq!(from_ymd(y, m, d), day);
        }
        assert_eq!(to_ymd(from_ymd(2000, 2, 29)), (2000, 2, 29));
    }

    #[test]
    fn months_move_by_the_calendar() {
        assert_eq!(to_ymd(add_months(from_ymd(2022, 9, 1), 18)), (2024, 3, 1));
        assert_eq!(to_ymd(add_months(from_ymd(2023, 11, 15), 3)), (2024, 2, 15));
        assert_eq!(to_ymd(add_months(from_ymd(2023, 1, 31), 1)), (2023, 2, 28));
        assert_eq!(to_ymd(add_months(from_ymd(2024, 1, 31), 1)), (2024, 2, 29));
        // Counted from the first day, not month after month: 31 January + 2 is 31 March.
        assert_eq!(to_ymd(add_months(from_ymd(2023, 1, 31), 2)), (2023, 3, 31));
    }

    #[test]
    fn days_are_read_whole() {
        assert_eq!(parse_day("01/09/2022", DateOrder::Dmy), Ok(from_ymd(2022, 9, 1)));
        assert_eq!(parse_day("2022-09-01", DateOrder::Dmy), Ok(from_ymd(2022, 9, 1)));
        assert!(parse_day("2022", DateOrder::Dmy).is_err());
        assert!(parse_day("31/02/2022", DateOrder::Dmy).is_err());
        assert_eq!(written(from_ymd(2022, 9, 1)), "01/09/2022");
        assert_eq!(written(OPEN), "");
    }
}
