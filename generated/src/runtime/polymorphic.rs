//! Decoding of a property whose declared type has derived types, chosen by
//! the item's `@odata.type`.
//!
//! ```xml
//! <ComplexType Name="alertEvidence" />
//! <ComplexType Name="deviceEvidence" BaseType="microsoft.graph.security.alertEvidence" />
//! <Property Name="evidence" Type="Collection(microsoft.graph.security.alertEvidence)" />
//! ```
//!
//! Generated code reads each item as an [`Item`], matches on
//! [`Item::type_name`] and calls [`Item::decode`] with the variant for that
//! type, or [`Item::unknown`] for a type it does not know. One broken item
//! becomes an [`Invalid`] value carrying its JSON and the error, so the rest
//! of the response still decodes.
//!
//! An item is buffered as a `Box<serde_json::value::RawValue>`: one copy of
//! its text, validated but not parsed into a tree. That works from
//! `serde_json::from_str` and `from_slice`, from a `serde_json::Value` used
//! as the deserializer (which writes the value back to text), and through
//! `serde_path_to_error`. Decoding the chosen type then parses that text
//! once more. Decoding 1,000 device evidence items from text took about 25%
//! less time this way than buffering each item as a `serde_json::Value`;
//! decoding from a `Value` was about 25% slower, because the item is turned
//! back into text (release build, 2-core shared machine, noisy timings).

use std::borrow::Cow;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::json;

/// The control information key that names an item's type.
pub const ODATA_TYPE: &str = "@odata.type";

/// One buffered JSON value of a polymorphic property, with its `@odata.type`
/// found and normalized.
#[derive(Debug, Clone)]
pub struct Item {
    raw: Box<RawValue>,
    is_object: bool,
    type_name: Option<Box<str>>,
}

impl<'de> Deserialize<'de> for Item {
    /// Accepts any JSON value, so a value that is not an object does not fail
    /// the surrounding document.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(deserializer)?;
        Ok(Item::from_raw(raw))
    }
}

impl Item {
    /// Wraps a buffered JSON value and looks up its `@odata.type`.
    pub fn from_raw(raw: Box<RawValue>) -> Self {
        let text = raw.get();
        let is_object = first_byte(text) == Some(b'{');
        let type_name = if is_object {
            find_odata_type(text).map(|name| normalize_type_name(&name))
        } else {
            None
        };
        Item {
            raw,
            is_object,
            type_name,
        }
    }

    /// Returns the `@odata.type` value with a leading `#` removed and ASCII
    /// letters lowercased, such as `microsoft.graph.security.deviceevidence`.
    ///
    /// Returns None when the item is not an object, has no `@odata.type`, or
    /// has one that is not a string. Only top-level keys count, and the first
    /// `@odata.type` wins if the key repeats.
    pub fn type_name(&self) -> Option<&str> {
        self.type_name.as_deref()
    }

    /// Returns true when the item is a JSON object.
    pub fn is_object(&self) -> bool {
        self.is_object
    }

    /// Returns the buffered JSON text of the item.
    pub fn raw(&self) -> &RawValue {
        &self.raw
    }

    /// Decodes the item into `T` and wraps it with `ok`.
    ///
    /// An item that is not an object, or that `T` rejects, gives
    /// `invalid(Invalid { .. })` with the JSON value and the error, whose path
    /// starts inside the item (`osBuild: invalid type: ...`).
    pub fn decode<T: DeserializeOwned, R>(self, ok: fn(T) -> R, invalid: fn(Invalid) -> R) -> R {
        if !self.is_object {
            return invalid(self.not_an_object());
        }
        // The plain decoder is the fast path. serde_path_to_error copies every
        // key it sees, so it runs only to describe an error.
        match serde_json::from_str::<T>(self.raw.get()) {
            Ok(value) => ok(value),
            Err(plain_error) => {
                let message = match json::from_str::<T>(self.raw.get()) {
                    Err(error) => error.path_and_message(),
                    Ok(_) => json::DecodeError::from_json(plain_error).path_and_message(),
                };
                invalid(self.into_invalid(message))
            }
        }
    }

    /// Keeps an item of a type the generated code does not know, as a JSON
    /// object that writes back equal to what was read.
    ///
    /// An item that is not an object gives `invalid(Invalid { .. })`.
    pub fn unknown<R>(self, ok: fn(Map<String, Value>) -> R, invalid: fn(Invalid) -> R) -> R {
        if !self.is_object {
            return invalid(self.not_an_object());
        }
        match serde_json::from_str::<Map<String, Value>>(self.raw.get()) {
            Ok(map) => ok(map),
            Err(error) => {
                let message = json::DecodeError::from_json(error).path_and_message();
                invalid(self.into_invalid(message))
            }
        }
    }

    fn not_an_object(self) -> Invalid {
        let kind = match first_byte(self.raw.get()) {
            Some(b'n') => "null",
            Some(b't' | b'f') => "boolean",
            Some(b'"') => "string",
            Some(b'[') => "array",
            _ => "number",
        };
        self.into_invalid(format!("invalid type: {kind}, expected a JSON object"))
    }

    fn into_invalid(self, error: String) -> Invalid {
        // NOTE: RawValue validation has no nesting limit but `Value` parsing
        // stops at 128 levels, so an item nested deeper keeps `null` as `raw`.
        let raw = serde_json::from_str(self.raw.get()).unwrap_or(Value::Null);
        Invalid { raw, error }
    }
}

/// An item of a polymorphic property that could not be decoded, kept so that
/// the rest of the document still decodes and writing it back is lossless.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The item as it was read.
    pub raw: Value,
    /// Why decoding failed, with the path inside the item, such as
    /// `osBuild: invalid type: string "x", expected Edm.Int64`.
    pub error: String,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.error)
    }
}

impl std::error::Error for Invalid {}

/// Writes the item back exactly as it was read.
impl Serialize for Invalid {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(serializer)
    }
}

/// Writes an item of an unknown type, kept by [`Item::unknown`], unchanged.
pub fn serialize_unknown<S: Serializer>(
    map: &Map<String, Value>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    map.serialize(serializer)
}

fn first_byte(text: &str) -> Option<u8> {
    text.bytes().find(|b| !b.is_ascii_whitespace())
}

/// Strips a leading `#` and lowercases ASCII letters.
fn normalize_type_name(name: &str) -> Box<str> {
    let name = name.strip_prefix('#').unwrap_or(name);
    name.to_ascii_lowercase().into_boxed_str()
}

/// Finds the string value of the first top-level `@odata.type` key in JSON
/// object text that `RawValue` has already validated.
///
/// This scans bytes instead of parsing, and stops at the key, which Graph
/// writes first. It returns None on any input it does not expect instead of
/// panicking.
fn find_odata_type(text: &str) -> Option<Cow<'_, str>> {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        text,
        position: 0,
    };
    scanner.skip_whitespace();
    scanner.expect(b'{')?;
    loop {
        scanner.skip_whitespace();
        if scanner.peek()? != b'"' {
            return None;
        }
        let key = scanner.string()?;
        scanner.skip_whitespace();
        scanner.expect(b':')?;
        scanner.skip_whitespace();
        if key == ODATA_TYPE {
            return match scanner.peek()? {
                b'"' => scanner.string(),
                _ => None,
            };
        }
        scanner.skip_value()?;
        scanner.skip_whitespace();
        match scanner.next()? {
            b',' => continue,
            _ => return None,
        }
    }
}

/// A byte cursor over valid JSON text.
struct Scanner<'a> {
    bytes: &'a [u8],
    text: &'a str,
    position: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.position).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.position += 1;
        Some(byte)
    }

    fn expect(&mut self, expected: u8) -> Option<()> {
        (self.next()? == expected).then_some(())
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.position += 1;
        }
    }

    /// Reads a string starting at its opening quote, borrowing it when it
    /// has no escapes.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.position;
        self.skip_string()?;
        let quoted = self.text.get(start..self.position)?;
        let inner = &quoted[1..quoted.len() - 1];
        if inner.contains('\\') {
            serde_json::from_str::<String>(quoted).ok().map(Cow::Owned)
        } else {
            Some(Cow::Borrowed(inner))
        }
    }

    fn skip_string(&mut self) -> Option<()> {
        self.expect(b'"')?;
        loop {
            match self.next()? {
                b'"' => return Some(()),
                b'\\' => {
                    self.next()?;
                }
                _ => {}
            }
        }
    }

    /// Skips one value. Nested arrays and objects are skipped by counting
    /// brackets, with no recursion.
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => self.skip_string()?,
                b'{' | b'[' => {
                    depth += 1;
                    self.position += 1;
                }
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    self.position += 1;
                }
                b',' | b'}' | b']' if depth == 0 => return Some(()),
                _ => self.position += 1,
            }
            if depth == 0 && matches!(self.peek(), Some(b',' | b'}')) {
                return Some(());
            }
        }
    }
}

#[cfg(test)]
mod tests;
