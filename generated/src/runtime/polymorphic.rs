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
//! Each item is decoded by a fresh `serde_json` deserializer, whose recursion
//! limit of 128 counts from that item. An item that contains another
//! polymorphic item, such as `kubernetesClusterEvidence.cloudResource`, would
//! therefore start the count again at every level and could overflow the
//! stack. [`Item`] measures the nesting of its text when it is read, and an
//! item nested deeper than [`MAX_DEPTH`] becomes [`Invalid`] without being
//! decoded, so the nested levels of one item together stay within one limit
//! of 128.
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
//! Scanning each item's whole text for its type and depth cost less than the
//! noise of that setup: 1,000 items took 7.9 and 7.8 ms with the scan, and 7.1
//! and 11.2 ms before it (release build, two runs each).

use std::borrow::Cow;
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::json;

/// The control information key that names an item's type.
pub const ODATA_TYPE: &str = "@odata.type";

/// The maximum number of nested arrays and objects in one item, counting the
/// item's own object: the recursion limit of `serde_json`.
pub const MAX_DEPTH: usize = 128;

/// One buffered JSON value of a polymorphic property, with its `@odata.type`
/// found and normalized.
#[derive(Debug, Clone)]
pub struct Item {
    raw: Box<RawValue>,
    is_object: bool,
    type_name: Option<Box<str>>,
    too_deep: bool,
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
    /// Wraps a buffered JSON value, looks up its `@odata.type` and measures
    /// its nesting. This reads the whole text once.
    pub fn from_raw(raw: Box<RawValue>) -> Self {
        let text = raw.get();
        let is_object = first_byte(text) == Some(b'{');
        let (type_name, too_deep) = if is_object {
            let scan = scan_object(text);
            let type_name = scan.type_name.map(|name| normalize_type_name(&name));
            (type_name, scan.too_deep)
        } else {
            (None, false)
        };
        Item {
            raw,
            is_object,
            type_name,
            too_deep,
        }
    }

    /// Returns the `@odata.type` value with a leading `#` removed and ASCII
    /// letters lowercased, such as `microsoft.graph.security.deviceevidence`.
    ///
    /// Returns None when the item is not an object, has no `@odata.type`, or
    /// has one that is not a string. Only top-level keys count. When the key
    /// repeats, the last one wins, as it does for every other key: the
    /// decoded struct keeps the last value and writes it back, so the item
    /// reads back as the same type.
    pub fn type_name(&self) -> Option<&str> {
        self.type_name.as_deref()
    }

    /// Returns true when the item is an object that nests more than
    /// [`MAX_DEPTH`] arrays and objects, so that [`Item::decode`] and
    /// [`Item::unknown`] keep it as [`Invalid`].
    pub fn is_too_deep(&self) -> bool {
        self.too_deep
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
    /// An item that is not an object, nests more than [`MAX_DEPTH`] arrays
    /// and objects, or that `T` rejects, gives `invalid(Invalid { .. })` with
    /// the item's text and the error, whose path starts inside the item
    /// (`osBuild: invalid type: ...`). While [`json`] decodes a document a
    /// second time only to find the path of an error, the item is not decoded
    /// and `invalid` receives a placeholder that the caller discards.
    pub fn decode<T: DeserializeOwned, R>(self, ok: fn(T) -> R, invalid: fn(Invalid) -> R) -> R {
        if json::is_locating() {
            return invalid(self.skipped());
        }
        if let Some(error) = self.shape_error() {
            return invalid(self.into_invalid(error));
        }
        // The plain decoder is the fast path. serde_path_to_error copies every
        // key it sees, so it runs only to describe an error.
        match serde_json::from_str::<T>(self.raw.get()) {
            Ok(value) => ok(value),
            Err(plain_error) => {
                let error = json::locate_in_str::<T>(plain_error, self.raw.get());
                invalid(self.into_invalid(error.path_and_message()))
            }
        }
    }

    /// Keeps an item of a type the generated code does not know, as a JSON
    /// object that writes back equal to what was read.
    ///
    /// An item that is not an object, or that a `serde_json::Value` cannot
    /// hold, gives `invalid(Invalid { .. })`.
    pub fn unknown<R>(self, ok: fn(Map<String, Value>) -> R, invalid: fn(Invalid) -> R) -> R {
        if json::is_locating() {
            return invalid(self.skipped());
        }
        if let Some(error) = self.shape_error() {
            return invalid(self.into_invalid(error));
        }
        match serde_json::from_str::<Map<String, Value>>(self.raw.get()) {
            Ok(map) => ok(map),
            Err(error) => {
                let message = json::DecodeError::from_json(error).path_and_message();
                invalid(self.into_invalid(message))
            }
        }
    }

    /// Returns why the item cannot be decoded at all: it is not an object, or
    /// it is nested too deeply.
    fn shape_error(&self) -> Option<String> {
        if !self.is_object {
            let kind = match first_byte(self.raw.get()) {
                Some(b'n') => "null",
                Some(b't' | b'f') => "boolean",
                Some(b'"') => "string",
                Some(b'[') => "array",
                _ => "number",
            };
            return Some(format!("invalid type: {kind}, expected a JSON object"));
        }
        if self.too_deep {
            return Some(format!(
                "recursion limit exceeded: more than {MAX_DEPTH} nested arrays and objects"
            ));
        }
        None
    }

    /// Returns the placeholder for an item inside a document that is decoded
    /// again only to find the path of an error. The caller discards the
    /// document, so the item is not decoded.
    fn skipped(self) -> Invalid {
        self.into_invalid(String::from(
            "not decoded: only the path of an error was looked up",
        ))
    }

    fn into_invalid(self, error: String) -> Invalid {
        Invalid {
            raw: self.raw,
            error,
        }
    }
}

/// An item of a polymorphic property that could not be decoded, kept so that
/// the rest of the document still decodes and writing it back is lossless.
///
/// The item is kept as its JSON text, because some items that fail cannot be
/// held as a `serde_json::Value`: text nested deeper than 128 levels, or a
/// string with an unpaired surrogate escape such as `"\ud800"`.
#[derive(Debug, Clone)]
pub struct Invalid {
    /// The item's JSON text exactly as it was read, including its
    /// whitespace. An item read from a `serde_json::Value` has that value's
    /// compact text.
    pub raw: Box<RawValue>,
    /// Why decoding failed, with the path inside the item, such as
    /// `osBuild: invalid type: string "x", expected Edm.Int64`.
    pub error: String,
}

impl Invalid {
    /// Parses the kept text as a `serde_json::Value`.
    ///
    /// Fails for the items that a `Value` cannot hold, listed on [`Invalid`].
    pub fn to_value(&self) -> Result<Value, serde_json::Error> {
        serde_json::from_str(self.raw.get())
    }
}

/// Compares the kept text byte for byte, and the error.
impl PartialEq for Invalid {
    fn eq(&self, other: &Self) -> bool {
        self.raw.get() == other.raw.get() && self.error == other.error
    }
}

impl Eq for Invalid {}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.error)
    }
}

impl std::error::Error for Invalid {}

/// Writes the item back exactly as it was read.
///
/// `serde_json`'s text serializers copy the kept text. Other serializers,
/// such as `serde_json::value::Serializer` behind `serde_json::to_value`,
/// parse it and fail for the items that a `Value` cannot hold.
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

/// What one pass over an item's object text finds.
struct ObjectScan<'a> {
    /// The string value of the last top-level `@odata.type` key.
    type_name: Option<Cow<'a, str>>,
    /// Whether arrays and objects nest more than [`MAX_DEPTH`] levels.
    too_deep: bool,
}

/// Scans JSON object text that `RawValue` has already validated, without
/// recursion, for its last top-level `@odata.type` and its nesting depth.
///
/// It stops early when the depth passes [`MAX_DEPTH`], and returns what it
/// found so far on any input it does not expect instead of panicking.
fn scan_object(text: &str) -> ObjectScan<'_> {
    let mut scanner = Scanner::new(text);
    let mut scan = ObjectScan {
        type_name: None,
        too_deep: false,
    };
    let mut depth = 0usize;
    // At depth 1 the next string is a key after `{` or `,`, else a value.
    let mut expect_key = false;
    while let Some(byte) = scanner.peek() {
        match byte {
            b'"' if depth == 1 && expect_key => {
                expect_key = false;
                let Some(key) = scanner.string() else {
                    return scan;
                };
                if key == ODATA_TYPE {
                    scanner.skip_whitespace();
                    if scanner.next() != Some(b':') {
                        return scan;
                    }
                    scanner.skip_whitespace();
                    if scanner.peek() == Some(b'"') {
                        scan.type_name = scanner.string();
                    } else {
                        // A later `@odata.type` that is not a string hides
                        // an earlier one, as it does in the decoded struct.
                        scan.type_name = None;
                    }
                }
            }
            b'"' => {
                if scanner.skip_string().is_none() {
                    return scan;
                }
            }
            b'{' | b'[' => {
                scanner.position += 1;
                depth += 1;
                expect_key = byte == b'{' && depth == 1;
                if depth > MAX_DEPTH {
                    scan.too_deep = true;
                    return scan;
                }
            }
            b'}' | b']' => {
                scanner.position += 1;
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return scan;
                }
            }
            b',' => {
                scanner.position += 1;
                expect_key = depth == 1;
            }
            _ => scanner.position += 1,
        }
    }
    scan
}

/// A byte cursor over valid JSON text.
struct Scanner<'a> {
    bytes: &'a [u8],
    text: &'a str,
    position: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            bytes: text.as_bytes(),
            text,
            position: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.position).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.position += 1;
        Some(byte)
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
        if self.next()? != b'"' {
            return None;
        }
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
}

#[cfg(test)]
mod tests;
