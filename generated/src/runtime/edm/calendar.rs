//! Proleptic Gregorian calendar arithmetic in 100 ns ticks, the unit of .NET
//! `DateTime` and of the seven fraction digits Graph writes.
//!
//! Day numbers count 0001-01-01 as day 0. The conversions between day
//! numbers and (year, month, day) follow Howard Hinnant's public-domain
//! `days_from_civil` and `civil_from_days` algorithms.

pub(super) const TICKS_PER_SECOND: i64 = 10_000_000;
pub(super) const TICKS_PER_MINUTE: i64 = 60 * TICKS_PER_SECOND;
pub(super) const TICKS_PER_HOUR: i64 = 60 * TICKS_PER_MINUTE;
pub(super) const TICKS_PER_DAY: i64 = 24 * TICKS_PER_HOUR;

/// Day number of 1970-01-01.
pub(super) const UNIX_EPOCH_DAY: i64 = 719_162;

/// Day number of 9999-12-31, the last day these types represent.
pub(super) const MAX_DAY: i64 = 3_652_058;

/// The last tick of 9999-12-31.
pub(super) const MAX_TICKS: i64 = (MAX_DAY + 1) * TICKS_PER_DAY - 1;

pub(super) fn is_leap_year(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub(super) fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Returns the day number of a valid date.
pub(super) fn day_number(year: u32, month: u32, day: u32) -> i64 {
    let (year, month, day) = (i64::from(year), i64::from(month), i64::from(day));
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468 + UNIX_EPOCH_DAY
}

/// Returns (year, month, day) of a day number.
pub(super) fn civil_date(day_number: i64) -> (i64, u32, u32) {
    let days = day_number - UNIX_EPOCH_DAY + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_day_numbers() {
        assert_eq!(day_number(1, 1, 1), 0);
        assert_eq!(day_number(1970, 1, 1), UNIX_EPOCH_DAY);
        assert_eq!(day_number(9999, 12, 31), MAX_DAY);
        assert_eq!(day_number(2000, 3, 1) - day_number(2000, 2, 28), 2);
        assert_eq!(day_number(1900, 3, 1) - day_number(1900, 2, 28), 1);
        assert_eq!(MAX_TICKS, 3_155_378_975_999_999_999);
    }

    #[test]
    fn civil_date_inverts_day_number() {
        for day in (0..=MAX_DAY).step_by(97).chain([MAX_DAY, 59, 60, 365, 366]) {
            let (year, month, date) = civil_date(day);
            assert!((1..=9999).contains(&year), "day {day}");
            assert_eq!(day_number(year as u32, month, date), day, "day {day}");
        }
    }
}
