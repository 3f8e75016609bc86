//! `Edm.Date`, `Edm.TimeOfDay` and `Edm.DateTimeOffset`.
//!
//! Years run from 0001 to 9999, the range of .NET `DateTimeOffset` that Graph
//! is built on; the OData ABNF also allows longer and negative years, which
//! are rejected here. Times keep 100 ns (7 fraction digits). Up to 12
//! fraction digits are read, as the ABNF allows, and digits past the seventh
//! are dropped, rounding toward the earlier tick. Rounding to nearest was not
//! chosen because it can carry into the next second, day or year. A leap
//! second (`:60`) is rejected.

use std::fmt;
use std::str::FromStr;
use std::time::SystemTime;

use super::calendar::{
    civil_date, day_number, days_in_month, MAX_DAY, MAX_TICKS, TICKS_PER_DAY, TICKS_PER_HOUR,
    TICKS_PER_MINUTE, TICKS_PER_SECOND, UNIX_EPOCH_DAY,
};
use super::text::{serde_via_text, Cursor, TextBuffer};
use super::{ParseError, RangeError};

/// The maximum number of fraction digits the OData ABNF allows for seconds.
const MAX_FRACTION_DIGITS: usize = 12;

/// `Edm.Date`: a calendar day such as `2024-05-01`, from 0001-01-01 to
/// 9999-12-31. `Default` is 0001-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The first day, 0001-01-01.
    pub const MIN: Date = Date {
        year: 1,
        month: 1,
        day: 1,
    };

    /// The last day, 9999-12-31.
    pub const MAX: Date = Date {
        year: 9999,
        month: 12,
        day: 31,
    };

    /// Creates a date, or returns None when the day does not exist or the
    /// year is outside 1 to 9999.
    pub fn new(year: u32, month: u32, day: u32) -> Option<Self> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date {
            year: year as u16,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Creates the date of a day number, counting 0001-01-01 as day 0, or
    /// returns None outside 0001-01-01 to 9999-12-31.
    pub fn from_day_number(day: i64) -> Option<Self> {
        if !(0..=MAX_DAY).contains(&day) {
            return None;
        }
        let (year, month, day) = civil_date(day);
        Date::new(year as u32, month, day)
    }

    /// Returns the day number, counting 0001-01-01 as day 0.
    pub fn day_number(self) -> i64 {
        day_number(self.year.into(), self.month.into(), self.day.into())
    }

    /// Returns the year, 1 to 9999.
    pub fn year(self) -> u32 {
        self.year.into()
    }

    /// Returns the month, 1 to 12.
    pub fn month(self) -> u32 {
        self.month.into()
    }

    /// Returns the day of the month, 1 to 31.
    pub fn day(self) -> u32 {
        self.day.into()
    }

    fn parse_from(cursor: &mut Cursor<'_>) -> Result<Self, &'static str> {
        let year = cursor.fixed_digits(4, "expected a four-digit year")?;
        cursor.expect(b'-', "expected `-` after the year")?;
        let month = cursor.fixed_digits(2, "expected a two-digit month")?;
        cursor.expect(b'-', "expected `-` after the month")?;
        let day = cursor.fixed_digits(2, "expected a two-digit day")?;
        if year == 0 {
            return Err("year must be 0001 to 9999");
        }
        if !(1..=12).contains(&month) {
            return Err("month must be 01 to 12");
        }
        Date::new(year, month, day).ok_or("day does not exist in that month")
    }

    fn write_to(self, buffer: &mut TextBuffer) {
        buffer.push_padded(self.year.into(), 4);
        buffer.push(b'-');
        buffer.push_padded(self.month.into(), 2);
        buffer.push(b'-');
        buffer.push_padded(self.day.into(), 2);
    }
}

impl Default for Date {
    fn default() -> Self {
        Date::MIN
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = TextBuffer::new();
        self.write_to(&mut buffer);
        f.write_str(buffer.as_str())
    }
}

impl FromStr for Date {
    type Err = ParseError;

    /// Parses `YYYY-MM-DD`.
    fn from_str(text: &str) -> Result<Self, ParseError> {
        let mut cursor = Cursor::new(text);
        let date = Date::parse_from(&mut cursor).and_then(|date| {
            if cursor.is_at_end() {
                Ok(date)
            } else {
                Err("unexpected text after the date")
            }
        });
        date.map_err(|reason| ParseError::new("Edm.Date", text, reason))
    }
}

serde_via_text!(Date, "an Edm.Date string such as `2024-05-01`");

/// `Edm.TimeOfDay`: a time within a day such as `13:45:00.1234567`, kept in
/// 100 ns ticks since midnight. `Default` is midnight.
///
/// Up to 12 fraction digits are read, and digits past the seventh are
/// dropped. Writing always includes seconds and trims trailing zeros from
/// the fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct TimeOfDay {
    ticks: i64,
}

impl TimeOfDay {
    /// Midnight, 00:00:00.
    pub const MIDNIGHT: TimeOfDay = TimeOfDay { ticks: 0 };

    /// Creates a time from whole hours, minutes and seconds, or returns None
    /// when a part is out of range.
    pub fn new(hour: u32, minute: u32, second: u32) -> Option<Self> {
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        let ticks = i64::from(hour) * TICKS_PER_HOUR
            + i64::from(minute) * TICKS_PER_MINUTE
            + i64::from(second) * TICKS_PER_SECOND;
        Some(TimeOfDay { ticks })
    }

    /// Creates a time from 100 ns ticks since midnight, or returns None when
    /// `ticks` is not within one day.
    pub fn from_ticks(ticks: i64) -> Option<Self> {
        (0..TICKS_PER_DAY)
            .contains(&ticks)
            .then_some(TimeOfDay { ticks })
    }

    /// Returns the 100 ns ticks since midnight.
    pub fn ticks(self) -> i64 {
        self.ticks
    }

    /// Returns the hour, 0 to 23.
    pub fn hour(self) -> u32 {
        (self.ticks / TICKS_PER_HOUR) as u32
    }

    /// Returns the minute, 0 to 59.
    pub fn minute(self) -> u32 {
        (self.ticks % TICKS_PER_HOUR / TICKS_PER_MINUTE) as u32
    }

    /// Returns the second, 0 to 59.
    pub fn second(self) -> u32 {
        (self.ticks % TICKS_PER_MINUTE / TICKS_PER_SECOND) as u32
    }

    /// Returns the fraction of the second in 100 ns ticks, 0 to 9,999,999.
    pub fn subsecond_ticks(self) -> u32 {
        (self.ticks % TICKS_PER_SECOND) as u32
    }

    /// Parses `hh:mm[:ss[.fffffff]]`, the seconds being optional as in the
    /// OData ABNF.
    fn parse_from(cursor: &mut Cursor<'_>) -> Result<Self, &'static str> {
        let hour = cursor.fixed_digits(2, "expected a two-digit hour")?;
        cursor.expect(b':', "expected `:` after the hour")?;
        let minute = cursor.fixed_digits(2, "expected two-digit minutes")?;
        let mut second = 0;
        let mut fraction = 0;
        if cursor.eat(b':') {
            second = cursor.fixed_digits(2, "expected two-digit seconds")?;
            if cursor.eat(b'.') {
                fraction = cursor.fraction_ticks(MAX_FRACTION_DIGITS)?;
            }
        }
        if hour > 23 {
            return Err("hour must be 00 to 23");
        }
        if minute > 59 {
            return Err("minutes must be 00 to 59");
        }
        if second > 59 {
            return Err("seconds must be 00 to 59");
        }
        let whole = TimeOfDay::new(hour, minute, second).ok_or("time out of range")?;
        Ok(TimeOfDay {
            ticks: whole.ticks + fraction as i64,
        })
    }

    fn write_to(self, buffer: &mut TextBuffer) {
        buffer.push_padded(self.hour().into(), 2);
        buffer.push(b':');
        buffer.push_padded(self.minute().into(), 2);
        buffer.push(b':');
        buffer.push_padded(self.second().into(), 2);
        buffer.push_fraction(self.subsecond_ticks().into());
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = TextBuffer::new();
        self.write_to(&mut buffer);
        f.write_str(buffer.as_str())
    }
}

impl FromStr for TimeOfDay {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        let mut cursor = Cursor::new(text);
        let time = TimeOfDay::parse_from(&mut cursor).and_then(|time| {
            if cursor.is_at_end() {
                Ok(time)
            } else {
                Err("unexpected text after the time")
            }
        });
        time.map_err(|reason| ParseError::new("Edm.TimeOfDay", text, reason))
    }
}

serde_via_text!(TimeOfDay, "an Edm.TimeOfDay string such as `13:45:00`");

/// `Edm.DateTimeOffset`: an instant with the UTC offset it was written in,
/// such as `2024-05-01T13:45:00.1234567+05:30`.
///
/// The value keeps 100 ns precision and the offset in whole minutes (up to
/// 23:59 either way, as the OData ABNF allows). Text is read in the form
/// `YYYY-MM-DDThh:mm[:ss[.f]]` followed by `Z` or `+hh:mm` / `-hh:mm`; `t`
/// and `z` are accepted in lower case as RFC 3339 allows. Writing is
/// canonical: seconds always present, the fraction trimmed of trailing zeros
/// (at most 7 digits), and `Z` for a zero offset, so `+00:00` reads back as
/// `Z`.
///
/// Equality, hashing and ordering compare the instant first and then the
/// offset, so `10:00Z` and `15:30+05:30` are the same instant but not equal.
/// Use [`DateTimeOffset::instant_eq`] or compare [`DateTimeOffset::to_utc`]
/// to ignore the offset. `Default` is `0001-01-01T00:00:00Z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct DateTimeOffset {
    /// 100 ns ticks since 0001-01-01T00:00:00Z.
    utc_ticks: i64,
    offset_minutes: i16,
}

/// The largest offset magnitude in minutes, 23:59.
const MAX_OFFSET_MINUTES: i16 = 23 * 60 + 59;

/// `utc_ticks` of the Unix epoch, 1970-01-01T00:00:00Z.
const UNIX_EPOCH_TICKS: i64 = UNIX_EPOCH_DAY * TICKS_PER_DAY;

impl DateTimeOffset {
    /// The earliest value, `0001-01-01T00:00:00Z`.
    pub const MIN: DateTimeOffset = DateTimeOffset {
        utc_ticks: 0,
        offset_minutes: 0,
    };

    /// The latest value, `9999-12-31T23:59:59.9999999Z`.
    pub const MAX: DateTimeOffset = DateTimeOffset {
        utc_ticks: MAX_TICKS,
        offset_minutes: 0,
    };

    /// Creates a value from a local date and time and the offset of that
    /// local time from UTC in minutes, or returns None when the offset is
    /// beyond ±23:59 or the instant falls outside the supported years.
    pub fn new(date: Date, time: TimeOfDay, offset_minutes: i16) -> Option<Self> {
        let local_ticks = date.day_number() * TICKS_PER_DAY + time.ticks();
        let utc_ticks = local_ticks - i64::from(offset_minutes) * TICKS_PER_MINUTE;
        Self::from_utc_ticks(utc_ticks, offset_minutes)
    }

    /// Creates a value from 100 ns ticks since 0001-01-01T00:00:00Z and an
    /// offset in minutes, or returns None when the offset is beyond ±23:59 or
    /// the UTC or local time falls outside years 1 to 9999.
    pub fn from_utc_ticks(utc_ticks: i64, offset_minutes: i16) -> Option<Self> {
        if !(-MAX_OFFSET_MINUTES..=MAX_OFFSET_MINUTES).contains(&offset_minutes) {
            return None;
        }
        let local_ticks = utc_ticks + i64::from(offset_minutes) * TICKS_PER_MINUTE;
        let in_range = |ticks: i64| (0..=MAX_TICKS).contains(&ticks);
        (in_range(utc_ticks) && in_range(local_ticks)).then_some(DateTimeOffset {
            utc_ticks,
            offset_minutes,
        })
    }

    /// Returns the instant as 100 ns ticks since 0001-01-01T00:00:00Z.
    pub fn utc_ticks(self) -> i64 {
        self.utc_ticks
    }

    /// Returns the offset from UTC in minutes, positive east of Greenwich.
    pub fn offset_minutes(self) -> i16 {
        self.offset_minutes
    }

    /// Returns the local date, in the value's own offset.
    pub fn date(self) -> Date {
        let day = self.local_ticks().div_euclid(TICKS_PER_DAY);
        Date::from_day_number(day).unwrap_or_default()
    }

    /// Returns the local time of day, in the value's own offset.
    pub fn time(self) -> TimeOfDay {
        let ticks = self.local_ticks().rem_euclid(TICKS_PER_DAY);
        TimeOfDay { ticks }
    }

    /// Returns the same instant with offset zero.
    pub fn to_utc(self) -> Self {
        DateTimeOffset {
            utc_ticks: self.utc_ticks,
            offset_minutes: 0,
        }
    }

    /// Returns the same instant in another offset, or None when the offset is
    /// beyond ±23:59 or the local time would leave years 1 to 9999.
    pub fn with_offset(self, offset_minutes: i16) -> Option<Self> {
        Self::from_utc_ticks(self.utc_ticks, offset_minutes)
    }

    /// Returns true when both values are the same instant, whatever their
    /// offsets.
    pub fn instant_eq(&self, other: &Self) -> bool {
        self.utc_ticks == other.utc_ticks
    }

    fn local_ticks(self) -> i64 {
        self.utc_ticks + i64::from(self.offset_minutes) * TICKS_PER_MINUTE
    }

    fn parse(text: &str) -> Result<Self, &'static str> {
        let mut cursor = Cursor::new(text);
        let date = Date::parse_from(&mut cursor)?;
        if !cursor.eat(b'T') && !cursor.eat(b't') {
            return Err("expected `T` between the date and the time");
        }
        let time = TimeOfDay::parse_from(&mut cursor)?;
        let offset_minutes = parse_offset(&mut cursor)?;
        if !cursor.is_at_end() {
            return Err("unexpected text after the offset");
        }
        DateTimeOffset::new(date, time, offset_minutes)
            .ok_or("the UTC time is outside years 0001 to 9999")
    }

    fn write_to(self, buffer: &mut TextBuffer) {
        self.date().write_to(buffer);
        buffer.push(b'T');
        self.time().write_to(buffer);
        if self.offset_minutes == 0 {
            buffer.push(b'Z');
            return;
        }
        buffer.push(if self.offset_minutes < 0 { b'-' } else { b'+' });
        let magnitude = self.offset_minutes.unsigned_abs();
        buffer.push_padded((magnitude / 60).into(), 2);
        buffer.push(b':');
        buffer.push_padded((magnitude % 60).into(), 2);
    }
}

/// Parses `Z`, `z`, `+hh:mm` or `-hh:mm` into minutes east of UTC.
fn parse_offset(cursor: &mut Cursor<'_>) -> Result<i16, &'static str> {
    if cursor.eat(b'Z') || cursor.eat(b'z') {
        return Ok(0);
    }
    let sign = match cursor.peek() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        Some(b'.') => return Err("expected digits after `.`"),
        Some(_) => return Err("expected `Z` or an offset such as `+05:30`"),
        None => return Err("missing offset: expected `Z` or an offset such as `+05:30`"),
    };
    cursor.eat(b'+');
    cursor.eat(b'-');
    let hours = cursor.fixed_digits(2, "expected a two-digit offset hour")?;
    cursor.expect(b':', "expected `:` in the offset")?;
    let minutes = cursor.fixed_digits(2, "expected two-digit offset minutes")?;
    if hours > 23 || minutes > 59 {
        return Err("offset must be at most 23:59");
    }
    Ok(sign * (hours * 60 + minutes) as i16)
}

impl fmt::Display for DateTimeOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = TextBuffer::new();
        self.write_to(&mut buffer);
        f.write_str(buffer.as_str())
    }
}

impl FromStr for DateTimeOffset {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        DateTimeOffset::parse(text)
            .map_err(|reason| ParseError::new("Edm.DateTimeOffset", text, reason))
    }
}

serde_via_text!(
    DateTimeOffset,
    "an Edm.DateTimeOffset string such as `2024-05-01T13:45:00Z`"
);

/// Converts with offset zero, dropping any part below 100 ns.
impl TryFrom<SystemTime> for DateTimeOffset {
    type Error = RangeError;

    fn try_from(time: SystemTime) -> Result<Self, RangeError> {
        let nanos_since_epoch = match time.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(after) => after.as_nanos() as i128,
            Err(before) => -(before.duration().as_nanos() as i128),
        };
        let ticks = i128::from(UNIX_EPOCH_TICKS) + nanos_since_epoch.div_euclid(100);
        i64::try_from(ticks)
            .ok()
            .and_then(|ticks| DateTimeOffset::from_utc_ticks(ticks, 0))
            .ok_or(RangeError::new("Edm.DateTimeOffset"))
    }
}

/// Converts the instant; the offset has no `SystemTime` equivalent.
impl TryFrom<DateTimeOffset> for SystemTime {
    type Error = RangeError;

    fn try_from(value: DateTimeOffset) -> Result<Self, RangeError> {
        let ticks = value.utc_ticks - UNIX_EPOCH_TICKS;
        let magnitude = ticks.unsigned_abs();
        let since_epoch = std::time::Duration::new(
            magnitude / TICKS_PER_SECOND as u64,
            (magnitude % TICKS_PER_SECOND as u64) as u32 * 100,
        );
        let time = if ticks >= 0 {
            SystemTime::UNIX_EPOCH.checked_add(since_epoch)
        } else {
            SystemTime::UNIX_EPOCH.checked_sub(since_epoch)
        };
        time.ok_or(RangeError::new("SystemTime"))
    }
}

#[cfg(feature = "time")]
mod time_conversions {
    use super::*;

    /// Converts the instant and the offset, dropping any part below 100 ns.
    impl TryFrom<time::OffsetDateTime> for DateTimeOffset {
        type Error = RangeError;

        fn try_from(value: time::OffsetDateTime) -> Result<Self, RangeError> {
            let out_of_range = RangeError::new("Edm.DateTimeOffset");
            let offset_seconds = value.offset().whole_seconds();
            if offset_seconds % 60 != 0 {
                return Err(out_of_range);
            }
            let offset_minutes = i16::try_from(offset_seconds / 60).map_err(|_| out_of_range)?;
            let ticks = i128::from(UNIX_EPOCH_TICKS) + value.unix_timestamp_nanos().div_euclid(100);
            let ticks = i64::try_from(ticks).map_err(|_| out_of_range)?;
            DateTimeOffset::from_utc_ticks(ticks, offset_minutes).ok_or(out_of_range)
        }
    }

    /// Converts the instant and the offset. Every `DateTimeOffset` fits, so
    /// the error arm only guards the `time` crate's own checks.
    impl TryFrom<DateTimeOffset> for time::OffsetDateTime {
        type Error = RangeError;

        fn try_from(value: DateTimeOffset) -> Result<Self, RangeError> {
            let out_of_range = RangeError::new("time::OffsetDateTime");
            let nanos = i128::from(value.utc_ticks - UNIX_EPOCH_TICKS) * 100;
            let utc =
                time::OffsetDateTime::from_unix_timestamp_nanos(nanos).map_err(|_| out_of_range)?;
            let offset = time::UtcOffset::from_whole_seconds(i32::from(value.offset_minutes) * 60)
                .map_err(|_| out_of_range)?;
            utc.checked_to_offset(offset).ok_or(out_of_range)
        }
    }
}
