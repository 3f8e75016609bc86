//! One Rust type for each Edm primitive type.
//!
//! | Edm type | Rust type |
//! | --- | --- |
//! | `Edm.Boolean` | `bool` |
//! | `Edm.String` | `String` |
//! | `Edm.Byte`, `Edm.SByte` | `u8`, `i8` |
//! | `Edm.Int16`, `Edm.Int32`, `Edm.Int64` | `i16`, `i32`, `i64` |
//! | `Edm.Single`, `Edm.Double` | `f32`, `f64` |
//! | `Edm.Decimal` | [`Decimal`] |
//! | `Edm.DateTimeOffset` | [`DateTimeOffset`] |
//! | `Edm.Date` | [`Date`] |
//! | `Edm.TimeOfDay` | [`TimeOfDay`] |
//! | `Edm.Duration` | [`Duration`] |
//! | `Edm.Guid` | [`Guid`] |
//! | `Edm.Binary` | [`Binary`] |
//! | `Edm.Stream` | [`Stream`] |
//! | `Edm.Untyped` | [`Untyped`] |
//! | `Edm.Geography` and its subtypes (`GeographyPoint`, ...) | [`Geography`] |
//! | `Edm.Geometry` and its subtypes (`GeometryPoint`, ...) | [`Geometry`] |
//!
//! The Rust primitives get their [`Wire`](super::wire::Wire) impls in
//! [`wire`](super::wire). Every type here implements `Wire`, `Serialize`,
//! `Deserialize`, `Display` and `FromStr`. The text forms follow the OData
//! ABNF rules `dateTimeOffsetValue`, `dateValue`, `timeOfDayValue`,
//! `durationValue`, `guidValue` and `binaryValue`.
//!
//! Calendar math is written here (a few lines of proleptic Gregorian
//! arithmetic) instead of depending on the `time` crate, which keeps this
//! crate quick to compile. The `time` feature adds conversions between
//! [`DateTimeOffset`] and `time::OffsetDateTime`.

mod binary;
mod calendar;
mod datetime;
mod decimal;
mod duration;
mod guid;
mod json_value;
mod text;

#[cfg(test)]
mod tests;

pub use binary::Binary;
pub use datetime::{Date, DateTimeOffset, TimeOfDay};
pub use decimal::Decimal;
pub use duration::Duration;
pub use guid::Guid;
pub use json_value::{Geography, Geometry, Stream};

/// `Edm.Untyped`: any JSON value, kept as it was read.
pub type Untyped = serde_json::Value;

/// Text that is not a valid value of an Edm type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {edm_type} `{input}`: {reason}")]
pub struct ParseError {
    edm_type: &'static str,
    input: String,
    reason: &'static str,
}

/// Inputs longer than this are cut in error messages.
const MAX_INPUT_IN_ERROR: usize = 64;

impl ParseError {
    pub(crate) fn new(edm_type: &'static str, input: &str, reason: &'static str) -> Self {
        let mut end = input.len().min(MAX_INPUT_IN_ERROR);
        while !input.is_char_boundary(end) {
            end -= 1;
        }
        let input = if end < input.len() {
            format!("{}...", &input[..end])
        } else {
            input.to_owned()
        };
        ParseError {
            edm_type,
            input,
            reason,
        }
    }

    /// Returns the Edm type name, such as `Edm.DateTimeOffset`.
    pub fn edm_type(&self) -> &'static str {
        self.edm_type
    }

    /// Returns the rejected text, cut to 64 bytes and `...` when longer.
    pub fn input(&self) -> &str {
        &self.input
    }

    /// Returns why the text was rejected.
    pub fn reason(&self) -> &'static str {
        self.reason
    }
}

/// A conversion whose source value does not fit the range of the target type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("value out of range for {target}")]
pub struct RangeError {
    target: &'static str,
}

impl RangeError {
    pub(crate) const fn new(target: &'static str) -> Self {
        RangeError { target }
    }

    /// Returns the name of the target type.
    pub fn target(&self) -> &'static str {
        self.target
    }
}
