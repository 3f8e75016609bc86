//! `Edm.Duration`.

use std::fmt;
use std::str::FromStr;

use super::calendar::{TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND};
use super::text::{fraction_to_ticks, serde_via_text, Cursor, TextBuffer};
use super::{ParseError, RangeError};

/// `Edm.Duration`: a signed length of time in OData's ISO 8601 day-time form,
/// such as `P1DT2H`, `PT0.5S` or `-P3D`, kept as 100 ns ticks in an `i64`
/// (about ±29,000 years).
///
/// Reading accepts the OData ABNF `durationValue`: an optional sign, `P`,
/// then days, and after `T` hours, minutes and seconds, each optional but in
/// that order, with a fraction on seconds only. At least one part is
/// required. Years, months and weeks have no fixed length and are rejected.
/// Fraction digits past the seventh are dropped.
///
/// Writing is canonical: whole days, then hours, minutes and seconds below a
/// day, zero parts left out, and `PT0S` for zero. `PT36H` therefore writes
/// back as `P1DT12H`, the same length. `Default` is zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Duration {
    ticks: i64,
}

impl Duration {
    /// The zero duration.
    pub const ZERO: Duration = Duration { ticks: 0 };

    /// Creates a duration of `ticks` 100 ns units.
    pub const fn from_ticks(ticks: i64) -> Self {
        Duration { ticks }
    }

    /// Returns the length in 100 ns ticks, negative for a negative duration.
    pub const fn ticks(self) -> i64 {
        self.ticks
    }

    /// Returns true for a duration below zero.
    pub const fn is_negative(self) -> bool {
        self.ticks < 0
    }

    /// Converts to `std::time::Duration`, or returns None when negative.
    pub fn to_std(self) -> Option<std::time::Duration> {
        let ticks = u64::try_from(self.ticks).ok()?;
        let tick_per_second = TICKS_PER_SECOND as u64;
        Some(std::time::Duration::new(
            ticks / tick_per_second,
            (ticks % tick_per_second) as u32 * 100,
        ))
    }

    fn parse(text: &str) -> Result<Self, &'static str> {
        let mut cursor = Cursor::new(text);
        let negative = cursor.eat(b'-');
        if !negative {
            cursor.eat(b'+');
        }
        cursor.expect(b'P', "expected `P` at the start")?;
        let mut total: i128 = 0;
        let mut has_part = false;
        if cursor.peek().is_some_and(|b| b.is_ascii_digit()) {
            let days = parse_count(&mut cursor)?;
            match cursor.peek() {
                Some(b'D') => cursor.eat(b'D'),
                Some(b'Y' | b'M' | b'W') => return Err(CALENDAR_PARTS),
                Some(b'H' | b'S') => return Err("expected `T` before hours and seconds"),
                _ => return Err("expected `D` after the number of days"),
            };
            total += days * i128::from(TICKS_PER_DAY);
            has_part = true;
        }
        if cursor.eat(b'T') {
            let (ticks, has_time_part) = parse_time_parts(&mut cursor)?;
            if !has_time_part {
                return Err("expected hours, minutes or seconds after `T`");
            }
            total += ticks;
            has_part = true;
        }
        if !cursor.is_at_end() {
            return match cursor.peek() {
                Some(b'Y' | b'M' | b'W') => Err(CALENDAR_PARTS),
                _ => Err("unexpected text in the duration"),
            };
        }
        if !has_part {
            return Err("expected at least one of days, hours, minutes or seconds");
        }
        let total = if negative { -total } else { total };
        i64::try_from(total)
            .map(Duration::from_ticks)
            .map_err(|_| "duration out of range")
    }

    fn write_to(self, buffer: &mut TextBuffer) {
        if self.ticks < 0 {
            buffer.push(b'-');
        }
        buffer.push(b'P');
        let magnitude = self.ticks.unsigned_abs();
        let days = magnitude / TICKS_PER_DAY as u64;
        let rest = magnitude % TICKS_PER_DAY as u64;
        if days > 0 {
            buffer.push_number(days);
            buffer.push(b'D');
        }
        if rest == 0 && days > 0 {
            return;
        }
        buffer.push(b'T');
        let hours = rest / TICKS_PER_HOUR as u64;
        let minutes = rest % TICKS_PER_HOUR as u64 / TICKS_PER_MINUTE as u64;
        let second_ticks = rest % TICKS_PER_MINUTE as u64;
        if hours > 0 {
            buffer.push_number(hours);
            buffer.push(b'H');
        }
        if minutes > 0 {
            buffer.push_number(minutes);
            buffer.push(b'M');
        }
        if second_ticks > 0 || rest == 0 {
            buffer.push_number(second_ticks / TICKS_PER_SECOND as u64);
            buffer.push_fraction(second_ticks % TICKS_PER_SECOND as u64);
            buffer.push(b'S');
        }
    }
}

const CALENDAR_PARTS: &str =
    "years, months and weeks are not allowed, because they have no fixed length";

/// Reads a run of digits as a count; the caller multiplies it by a unit.
fn parse_count(cursor: &mut Cursor<'_>) -> Result<i128, &'static str> {
    let digits = cursor.digit_run();
    // Any count longer than 20 digits overflows the i64 tick range anyway,
    // and the limit keeps the i128 arithmetic below from overflowing.
    if digits.len() > 20 {
        return Err("duration out of range");
    }
    Ok(digits
        .iter()
        .fold(0i128, |value, digit| value * 10 + i128::from(digit - b'0')))
}

/// Reads the hours, minutes and seconds after `T`, returning the ticks and
/// whether any part was present.
fn parse_time_parts(cursor: &mut Cursor<'_>) -> Result<(i128, bool), &'static str> {
    let units = [
        (b'H', TICKS_PER_HOUR),
        (b'M', TICKS_PER_MINUTE),
        (b'S', TICKS_PER_SECOND),
    ];
    let mut next_unit = 0;
    let mut total = 0i128;
    let mut has_part = false;
    while cursor.peek().is_some_and(|b| b.is_ascii_digit()) {
        let count = parse_count(cursor)?;
        let fraction = if cursor.eat(b'.') {
            let digits = cursor.digit_run();
            if digits.is_empty() {
                return Err("expected digits after `.`");
            }
            Some(fraction_to_ticks(digits))
        } else {
            None
        };
        let unit = cursor
            .peek()
            .ok_or("expected `H`, `M` or `S` after the number")?;
        let index = units
            .iter()
            .position(|(letter, _)| *letter == unit)
            .ok_or("expected `H`, `M` or `S` after the number")?;
        if index < next_unit {
            return Err("hours, minutes and seconds must appear once each, in that order");
        }
        if fraction.is_some() && unit != b'S' {
            return Err("only seconds may have a fraction");
        }
        cursor.eat(unit);
        total += count * i128::from(units[index].1) + i128::from(fraction.unwrap_or(0));
        next_unit = index + 1;
        has_part = true;
    }
    Ok((total, has_part))
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buffer = TextBuffer::new();
        self.write_to(&mut buffer);
        f.write_str(buffer.as_str())
    }
}

impl FromStr for Duration {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        Duration::parse(text).map_err(|reason| ParseError::new("Edm.Duration", text, reason))
    }
}

serde_via_text!(Duration, "an Edm.Duration string such as `P1DT2H`");

/// Fails for a negative duration.
impl TryFrom<Duration> for std::time::Duration {
    type Error = RangeError;

    fn try_from(value: Duration) -> Result<Self, RangeError> {
        value.to_std().ok_or(RangeError::new("std::time::Duration"))
    }
}

/// Drops any part below 100 ns; fails beyond about 29,000 years.
impl TryFrom<std::time::Duration> for Duration {
    type Error = RangeError;

    fn try_from(value: std::time::Duration) -> Result<Self, RangeError> {
        i64::try_from(value.as_nanos() / 100)
            .map(Duration::from_ticks)
            .map_err(|_| RangeError::new("Edm.Duration"))
    }
}
