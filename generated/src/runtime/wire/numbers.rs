//! [`Wire`] for the Rust integer and float types behind the numeric Edm
//! primitives.
//!
//! OData JSON writes numbers as JSON numbers, but a client that sends
//! `IEEE754Compatible=true` gets `Edm.Int64` and `Edm.Decimal` as strings, and
//! `Edm.Single` and `Edm.Double` use the strings `NaN`, `INF` and `-INF` for
//! values JSON numbers cannot hold. Reading accepts every one of these forms;
//! writing always uses a JSON number, except for the three special floats.
//!
//! With its `arbitrary_precision` feature, `serde_json` hands a number that
//! is not an `i64` or `u64` to `deserialize_any` visitors as a map with one
//! private key, so every visitor here that accepts numbers also implements
//! `visit_map` through [`visit_number_map`].

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapDeserializer;
use serde::de::{Error, Expected, MapAccess, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serializer};
use serde_json::{Number, Value};

use super::Wire;

/// Reads the number that `serde_json` with `arbitrary_precision` passes as a
/// map, or fails with `invalid type: map` for any other map.
///
/// The first entry is read as plain data and handed to `Number`'s own
/// `Deserialize` impl, which knows the private key. Letting that impl read
/// the map directly would put the first key of a real object into the path
/// of the error, such as `severity.a` for `"severity": {"a": 1}`.
pub(crate) fn number_from_map<'de, A: MapAccess<'de>>(
    mut map: A,
    expected: &dyn Expected,
) -> Result<Number, A::Error> {
    let not_a_number = || A::Error::invalid_type(Unexpected::Map, expected);
    let Some(key) = map.next_key::<String>()? else {
        return Err(not_a_number());
    };
    let value: Value = map.next_value()?;
    let entry = MapDeserializer::<_, serde_json::Error>::new(std::iter::once((key, value)));
    Number::deserialize(entry).map_err(|_| not_a_number())
}

/// Passes a number that `serde_json` with `arbitrary_precision` passes as a
/// map on to `visitor` the way `serde_json` does without that feature:
/// `visit_u64`, `visit_i64`, or `visit_f64` with the nearest `f64`.
///
/// A number beyond the range of `f64`, such as `1e400`, is an error, as
/// `serde_json` reports it without the feature.
pub(crate) fn visit_number_map<'de, A, V>(map: A, visitor: V) -> Result<V::Value, A::Error>
where
    A: MapAccess<'de>,
    V: Visitor<'de>,
{
    let number = number_from_map(map, &visitor)?;
    if let Some(unsigned) = number.as_u64() {
        visitor.visit_u64(unsigned)
    } else if let Some(signed) = number.as_i64() {
        visitor.visit_i64(signed)
    } else if let Some(float) = number.as_f64() {
        visitor.visit_f64(float)
    } else {
        Err(A::Error::invalid_value(
            Unexpected::Other("number beyond the range of f64"),
            &visitor,
        ))
    }
}

/// A Rust integer type that carries an Edm integer primitive.
trait EdmInteger: Sized + TryFrom<i64> + TryFrom<u64> {
    /// The Edm type name used in error messages, such as `Edm.Byte`.
    const EDM_NAME: &'static str;
}

struct IntegerVisitor<T>(PhantomData<T>);

impl<'de, T: EdmInteger> Visitor<'de> for IntegerVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EDM_NAME)
    }

    #[inline]
    fn visit_i64<E: Error>(self, v: i64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
    }

    #[inline]
    fn visit_u64<E: Error>(self, v: u64) -> Result<T, E> {
        T::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    /// Reads the `IEEE754Compatible` string form: an optional sign and ASCII
    /// digits, parsed as an integer so no precision is lost to `f64`.
    fn visit_str<E: Error>(self, v: &str) -> Result<T, E> {
        if !is_integer_text(v) {
            return Err(E::invalid_value(Unexpected::Str(v), &self));
        }
        match v.parse::<i64>() {
            Ok(number) => self.visit_i64(number),
            Err(_) => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        visit_number_map(map, self)
    }
}

/// Returns true for an optional `+` or `-` followed by one or more ASCII
/// digits.
fn is_integer_text(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

macro_rules! wire_integer {
    ($ty:ty, $edm:literal, $serialize:ident) => {
        impl EdmInteger for $ty {
            const EDM_NAME: &'static str = $edm;
        }

        #[doc = concat!("`", $edm, "`: a JSON number, or a string of digits.")]
        impl Wire for $ty {
            #[inline]
            fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                // `deserialize_any`, because serde_json's typed integer entry
                // points reject strings before calling the visitor.
                deserializer.deserialize_any(IntegerVisitor::<$ty>(PhantomData))
            }

            #[inline]
            fn encode<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.$serialize(*self)
            }
        }
    };
}

wire_integer!(u8, "Edm.Byte", serialize_u8);
wire_integer!(i8, "Edm.SByte", serialize_i8);
wire_integer!(i16, "Edm.Int16", serialize_i16);
wire_integer!(i32, "Edm.Int32", serialize_i32);
wire_integer!(i64, "Edm.Int64", serialize_i64);

/// A Rust float type that carries `Edm.Single` or `Edm.Double`.
trait EdmFloat: Sized + Copy + std::str::FromStr {
    const EDM_NAME: &'static str;
    const NAN: Self;
    const INFINITY: Self;
    const NEG_INFINITY: Self;

    /// Converts a JSON number, or returns None when it is out of range.
    fn from_f64(v: f64) -> Option<Self>;

    fn is_finite(self) -> bool;
}

impl EdmFloat for f64 {
    const EDM_NAME: &'static str = "Edm.Double";
    const NAN: Self = f64::NAN;
    const INFINITY: Self = f64::INFINITY;
    const NEG_INFINITY: Self = f64::NEG_INFINITY;

    #[inline]
    fn from_f64(v: f64) -> Option<Self> {
        Some(v)
    }

    #[inline]
    fn is_finite(self) -> bool {
        f64::is_finite(self)
    }
}

impl EdmFloat for f32 {
    const EDM_NAME: &'static str = "Edm.Single";
    const NAN: Self = f32::NAN;
    const INFINITY: Self = f32::INFINITY;
    const NEG_INFINITY: Self = f32::NEG_INFINITY;

    #[inline]
    fn from_f64(v: f64) -> Option<Self> {
        let narrowed = v as f32;
        (narrowed.is_finite() || !v.is_finite()).then_some(narrowed)
    }

    #[inline]
    fn is_finite(self) -> bool {
        f32::is_finite(self)
    }
}

struct FloatVisitor<T>(PhantomData<T>);

impl<'de, T: EdmFloat> Visitor<'de> for FloatVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (a JSON number, `NaN`, `INF` or `-INF`)", T::EDM_NAME)
    }

    #[inline]
    fn visit_f64<E: Error>(self, v: f64) -> Result<T, E> {
        T::from_f64(v).ok_or_else(|| E::invalid_value(Unexpected::Float(v), &self))
    }

    #[inline]
    fn visit_i64<E: Error>(self, v: i64) -> Result<T, E> {
        self.visit_f64(v as f64)
    }

    #[inline]
    fn visit_u64<E: Error>(self, v: u64) -> Result<T, E> {
        self.visit_f64(v as f64)
    }

    /// Reads an integer beyond 64 bits, which a `serde_json::Value` passes
    /// this way.
    fn visit_i128<E: Error>(self, v: i128) -> Result<T, E> {
        self.visit_f64(v as f64)
    }

    /// Reads an integer beyond 64 bits, which a `serde_json::Value` passes
    /// this way.
    fn visit_u128<E: Error>(self, v: u128) -> Result<T, E> {
        self.visit_f64(v as f64)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        visit_number_map(map, self)
    }

    /// Reads `NaN`, `INF`, `-INF` (exact case, as the OData ABNF spells them)
    /// and numbers written as strings, such as `"1.5"`.
    fn visit_str<E: Error>(self, v: &str) -> Result<T, E> {
        match v {
            "NaN" => return Ok(T::NAN),
            "INF" => return Ok(T::INFINITY),
            "-INF" => return Ok(T::NEG_INFINITY),
            _ => {}
        }
        // Rust's float parser also takes `inf`, `infinity` and `nan` in any
        // case; OData does not, so only number characters get this far.
        if !is_float_text(v) {
            return Err(E::invalid_value(Unexpected::Str(v), &self));
        }
        match v.parse::<T>() {
            Ok(number) if number.is_finite() => Ok(number),
            _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }
}

/// Returns true when the text starts with a digit, a sign or a point and has
/// only the characters of a decimal number with an exponent.
fn is_float_text(text: &str) -> bool {
    let has_digit = text.bytes().any(|b| b.is_ascii_digit());
    let only_number_chars = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
    has_digit && only_number_chars
}

/// Writes a finite float as a JSON number and the others as OData's strings.
#[inline]
fn encode_float<S: Serializer>(
    serializer: S,
    is_nan: bool,
    is_infinite: bool,
    is_negative: bool,
    finite: impl FnOnce(S) -> Result<S::Ok, S::Error>,
) -> Result<S::Ok, S::Error> {
    if is_nan {
        serializer.serialize_str("NaN")
    } else if is_infinite && is_negative {
        serializer.serialize_str("-INF")
    } else if is_infinite {
        serializer.serialize_str("INF")
    } else {
        finite(serializer)
    }
}

/// `Edm.Double`: a JSON number, `"NaN"`, `"INF"`, `"-INF"`, or a number in a
/// string.
impl Wire for f64 {
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FloatVisitor::<f64>(PhantomData))
    }

    #[inline]
    fn encode<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = *self;
        encode_float(
            serializer,
            value.is_nan(),
            value.is_infinite(),
            value.is_sign_negative(),
            |s| s.serialize_f64(value),
        )
    }
}

/// `Edm.Single`: as `Edm.Double`, and a finite number too large for `f32` is
/// an error.
impl Wire for f32 {
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FloatVisitor::<f32>(PhantomData))
    }

    #[inline]
    fn encode<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value = *self;
        encode_float(
            serializer,
            value.is_nan(),
            value.is_infinite(),
            value.is_sign_negative(),
            |s| s.serialize_f32(value),
        )
    }
}
