//! Shared pieces for Edm types with a text form: a stack buffer for writing,
//! a byte cursor for parsing, and the serde impls that go through
//! `Display` and `FromStr`.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{Error, Visitor};

use super::ParseError;

/// A fixed-size ASCII buffer, so that writing a date or a GUID does not
/// allocate.
pub(super) struct TextBuffer {
    bytes: [u8; 64],
    len: usize,
}

impl TextBuffer {
    pub(super) const fn new() -> Self {
        TextBuffer {
            bytes: [0; 64],
            len: 0,
        }
    }

    /// Appends one ASCII byte. Callers write at most 64 bytes.
    #[inline]
    pub(super) fn push(&mut self, byte: u8) {
        debug_assert!(byte.is_ascii());
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = byte;
            self.len += 1;
        }
    }

    /// Appends `value` in decimal, padded with zeros to `width` digits.
    pub(super) fn push_padded(&mut self, value: u64, width: usize) {
        let mut digits = [b'0'; 20];
        let mut rest = value;
        let mut count = 0;
        while rest > 0 || count == 0 {
            digits[19 - count] = b'0' + (rest % 10) as u8;
            rest /= 10;
            count += 1;
        }
        let count = count.max(width).min(20);
        for &digit in &digits[20 - count..] {
            self.push(digit);
        }
    }

    /// Appends `value` in decimal with no padding.
    pub(super) fn push_number(&mut self, value: u64) {
        self.push_padded(value, 1);
    }

    /// Appends `.` and the 7-digit tick fraction with trailing zeros removed,
    /// or nothing when the fraction is 0.
    pub(super) fn push_fraction(&mut self, ticks: u64) {
        if ticks == 0 {
            return;
        }
        let mut fraction = ticks;
        let mut width = 7;
        while fraction % 10 == 0 {
            fraction /= 10;
            width -= 1;
        }
        self.push(b'.');
        self.push_padded(fraction, width);
    }

    pub(super) fn as_str(&self) -> &str {
        // Only ASCII bytes are pushed, so the conversion cannot fail.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

/// A byte cursor over the text being parsed. Reasons for rejection are
/// static strings that the caller wraps in a [`ParseError`].
pub(super) struct Cursor<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Cursor {
            bytes: text.as_bytes(),
            position: 0,
        }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.position).copied()
    }

    pub(super) fn is_at_end(&self) -> bool {
        self.position >= self.bytes.len()
    }

    /// Consumes `byte` if it is next.
    pub(super) fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.position += 1;
            true
        } else {
            false
        }
    }

    /// Consumes `byte` or fails with `reason`.
    pub(super) fn expect(&mut self, byte: u8, reason: &'static str) -> Result<(), &'static str> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(reason)
        }
    }

    /// Reads exactly `count` ASCII digits as a number.
    pub(super) fn fixed_digits(
        &mut self,
        count: usize,
        reason: &'static str,
    ) -> Result<u32, &'static str> {
        let digits = self
            .bytes
            .get(self.position..self.position + count)
            .ok_or(reason)?;
        let mut value = 0u32;
        for &byte in digits {
            if !byte.is_ascii_digit() {
                return Err(reason);
            }
            value = value * 10 + u32::from(byte - b'0');
        }
        self.position += count;
        Ok(value)
    }

    /// Reads one or more ASCII digits, returning them as a slice.
    pub(super) fn digit_run(&mut self) -> &'a [u8] {
        let start = self.position;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.position += 1;
        }
        &self.bytes[start..self.position]
    }

    /// Reads a fraction of a second after its `.`: 1 to `max_digits` digits,
    /// returned as 100 ns ticks with digits past the seventh dropped.
    pub(super) fn fraction_ticks(&mut self, max_digits: usize) -> Result<u64, &'static str> {
        let digits = self.digit_run();
        if digits.is_empty() {
            return Err("expected digits after `.`");
        }
        if digits.len() > max_digits {
            return Err("too many fraction digits");
        }
        Ok(fraction_to_ticks(digits))
    }
}

/// Converts fraction digits to 100 ns ticks, dropping digits past the
/// seventh (truncation toward zero).
pub(super) fn fraction_to_ticks(digits: &[u8]) -> u64 {
    let mut ticks = 0u64;
    for position in 0..7 {
        let digit = digits.get(position).map_or(0, |b| u64::from(b - b'0'));
        ticks = ticks * 10 + digit;
    }
    ticks
}

/// A serde visitor that reads a string through `FromStr`.
pub(super) struct TextVisitor<T> {
    expecting: &'static str,
    marker: PhantomData<T>,
}

impl<T> TextVisitor<T> {
    pub(super) const fn new(expecting: &'static str) -> Self {
        TextVisitor {
            expecting,
            marker: PhantomData,
        }
    }
}

impl<T: FromStr<Err = ParseError>> Visitor<'_> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }
}

/// Implements `Serialize` through `Display`, `Deserialize` through `FromStr`
/// from a JSON string, and `Wire` through both.
macro_rules! serde_via_text {
    ($ty:ty, $expecting:literal) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                deserializer
                    .deserialize_str($crate::runtime::edm::text::TextVisitor::new($expecting))
            }
        }

        $crate::runtime::wire_via_serde!($ty);
    };
}

pub(super) use serde_via_text;
