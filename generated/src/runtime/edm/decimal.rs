//! `Edm.Decimal`.

use std::fmt;
use std::str::FromStr;

use serde::de::{Error, MapAccess, Visitor};
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use super::{ParseError, RangeError};

/// `Edm.Decimal`: an exact decimal number kept as its validated text, so a
/// value such as `123456789012345678901234567890.123` round-trips unchanged.
///
/// The text follows the JSON number grammar (optional `-`, no leading zeros,
/// optional fraction and exponent). Reading accepts a JSON string, as a
/// service sends with `IEEE754Compatible=true`, or a JSON number. Writing
/// always produces a JSON number with the same text, through
/// `serde_json::value::RawValue`; serializers other than `serde_json`'s
/// receive RawValue's private struct form instead.
///
/// Equality and hashing compare the text, so `1.0` and `1.00` differ. There
/// is no arithmetic; use [`Decimal::to_f64`] or parse [`Decimal::as_str`]
/// with a decimal library. `Default` is `0`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal(Box<str>);

impl Decimal {
    /// Returns the decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Returns the nearest `f64`, which loses digits beyond about 17
    /// significant ones and is infinite beyond `f64::MAX`.
    pub fn to_f64(&self) -> f64 {
        // The text is a valid JSON number, which Rust's parser accepts.
        self.0.parse().unwrap_or(f64::NAN)
    }
}

impl Default for Decimal {
    fn default() -> Self {
        Decimal("0".into())
    }
}

/// Returns true when `text` matches the JSON number grammar.
fn is_json_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut position = usize::from(bytes.first() == Some(&b'-'));
    let digits_from = |position: &mut usize| {
        let start = *position;
        while bytes.get(*position).is_some_and(u8::is_ascii_digit) {
            *position += 1;
        }
        *position - start
    };
    let integer_start = position;
    let integer_digits = digits_from(&mut position);
    if integer_digits == 0 || (integer_digits > 1 && bytes[integer_start] == b'0') {
        return false;
    }
    if bytes.get(position) == Some(&b'.') {
        position += 1;
        if digits_from(&mut position) == 0 {
            return false;
        }
    }
    if matches!(bytes.get(position), Some(b'e' | b'E')) {
        position += 1;
        if matches!(bytes.get(position), Some(b'+' | b'-')) {
            position += 1;
        }
        if digits_from(&mut position) == 0 {
            return false;
        }
    }
    position == bytes.len()
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Decimal {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        if is_json_number(text) {
            Ok(Decimal(text.into()))
        } else {
            Err(ParseError::new(
                "Edm.Decimal",
                text,
                "expected a decimal number such as `-12.50` or `1e-3`",
            ))
        }
    }
}

macro_rules! decimal_from_integer {
    ($($ty:ty),*) => {$(
        impl From<$ty> for Decimal {
            fn from(value: $ty) -> Self {
                Decimal(value.to_string().into())
            }
        }
    )*};
}

decimal_from_integer!(i8, i16, i32, i64, i128, u8, u16, u32, u64, u128);

/// Uses the shortest text that reads back as the same `f64`; fails for NaN
/// and infinities, which `Edm.Decimal` cannot hold.
impl TryFrom<f64> for Decimal {
    type Error = RangeError;

    fn try_from(value: f64) -> Result<Self, RangeError> {
        if !value.is_finite() {
            return Err(RangeError::new("Edm.Decimal"));
        }
        Ok(Decimal(zmij::Buffer::new().format_finite(value).into()))
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Borrowing a RawValue from the text validates it again but does not
        // allocate.
        let raw: &RawValue = serde_json::from_str(&self.0).map_err(S::Error::custom)?;
        raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DecimalVisitor)
    }
}

crate::runtime::wire_via_serde!(Decimal);

struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Edm.Decimal (a JSON number or a string holding one)")
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i128<E: Error>(self, v: i128) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u128<E: Error>(self, v: u128) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    /// Reads a number that a `serde_json::Value` passes as an `f64` because
    /// that `f64` writes back as the same text.
    fn visit_f64<E: Error>(self, v: f64) -> Result<Decimal, E> {
        Decimal::try_from(v).map_err(E::custom)
    }

    /// Reads any other number with every digit: `serde_json` with its
    /// `arbitrary_precision` feature passes it as a map holding its text.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Decimal, A::Error> {
        let number = crate::runtime::wire::number_from_map(map, &self)?;
        number.to_string().parse().map_err(A::Error::custom)
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<Decimal, E> {
        v.parse().map_err(E::custom)
    }
}
