//! Calendar arithmetic for residence periods: dates as day numbers, and
//! whole calendar months counted from a day (the exam rules count months
//! of residence so).

use crate::normalize::Dob;

/// Days since 1970-01-01 (proleptic Gregorian calendar).
pub fn day(d: Dob) -> i64 {
    let (m, dd) = (i64::from(d.month()), i64::from(d.day()));
    let y = i64::from(d.year()) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + dd - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// The date of a day number (the inverse of [`day`]): the year and the
/// month found by counting from a year surely not later.
pub fn date(n: i64) -> Dob {
    let mut year = (1969 + n.div_euclid(365).min(n.div_euclid(366))) as u32;
    while day(Dob::new(year + 1, 1, 1)) <= n {
        year += 1;
    }
    let mut month = 1;
    while month < 12 && day(Dob::new(year, month + 1, 1)) <= n {
        month += 1;
    }
    Dob::new(year, month, (n - day(Dob::new(year, month, 1)) + 1) as u32)
}

/// Days in a month.
pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The same day `n` months later (the month's last day when it is shorter:
/// 31/01 + 1 month = 28/02 or 29/02).
pub fn add_months(d: Dob, n: u32) -> Dob {
    let months = d.year() * 12 + (d.month() - 1) + n;
    let (year, month) = (months / 12, months % 12 + 1);
    Dob::new(year, month, d.day().min(days_in_month(year, month)))
}

/// The whole calendar months from day `from` that fit in `[from, to)`, and
/// the days left over.
pub fn months_and_days(from: i64, to: i64) -> (u32, i64) {
    let start = date(from);
    let mut months = 0;
    while day(add_months(start, months + 1)) <= to {
        months += 1;
    }
    (months, to - day(add_months(start, months)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_and_count_leap_days() {
        assert_eq!(day(Dob::new(1970, 1, 1)), 0);
        assert_eq!(day(Dob::new(2000, 3, 1)) - day(Dob::new(2000, 2, 28)), 2);
        assert_eq!(day(Dob::new(1900, 3, 1)) - day(Dob::new(1900, 2, 28)), 1);
        assert_eq!(day(Dob::new(2025, 7, 1)) - day(Dob::new(2022, 9, 1)), 1034);
        for n in (-30_000..40_000).step_by(7) {
            assert_eq!(day(date(n)), n);
        }
    }

    #[test]
    fn months_are_calendar_months() {
        let d = |y, m, dd| day(Dob::new(y, m, dd));
        assert_eq!(months_and_days(d(2022, 9, 1), d(2024, 3, 1)), (18, 0));
        assert_eq!(months_and_days(d(2022, 9, 1), d(2024, 2, 29)), (17, 28));
        assert_eq!(months_and_days(d(2023, 1, 31), d(2023, 2, 28)), (1, 0));
        assert_eq!(months_and_days(d(2023, 1, 31), d(2023, 2, 27)), (0, 27));
        assert_eq!(months_and_days(d(2023, 5, 5), d(2023, 5, 5)), (0, 0));
        assert_eq!(add_months(Dob::new(2024, 1, 31), 1), Dob::new(2024, 2, 29));
        assert_eq!(add_months(Dob::new(2024, 11, 15), 3), Dob::new(2025, 2, 15));
    }
}
