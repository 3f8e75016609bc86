//! JSON entry points that report where in the document a value failed.
//!
//! These wrap `serde_json` with `serde_path_to_error`, so an error names the
//! property path, such as `evidence[1].osBuild`, as well as the line and
//! column. Nesting deeper than `serde_json`'s recursion limit of 128 arrays
//! or objects is an error, not a stack overflow.
//!
//! `serde_path_to_error` copies every object key it passes, which costs an
//! allocation per property. [`from_slice`] and [`from_str`] therefore decode
//! without it first and decode a second time with it only when the first
//! attempt fails, to find the path. [`from_value`] consumes its input, so it
//! tracks the path on its only attempt.
//!
//! The second attempt only looks for the path of an error, so polymorphic
//! items inside it are not decoded again: an item that fails becomes
//! [`Invalid`](super::polymorphic::Invalid) and never fails the document
//! around it. Without this, every level of items nested in failing items
//! would decode its contents again, and the time would grow exponentially
//! with the nesting.

use std::cell::Cell;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// The path that [`DecodeError::path`] and [`EncodeError::path`] return for
/// the document root.
pub const ROOT_PATH: &str = ".";

/// A JSON document that could not be decoded into the requested type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid JSON{}: {message}{}", describe_path(.path), describe_position(*.line, *.column))]
pub struct DecodeError {
    path: String,
    message: String,
    line: usize,
    column: usize,
}

impl DecodeError {
    /// Returns the path of the value that failed, such as
    /// `evidence[1].osBuild`, or [`ROOT_PATH`] (`.`) for the document root.
    /// When the text breaks off between two values, the path names the
    /// array or object around that point.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Returns what went wrong, without the path or position.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Returns the 1-based line of the error, or 0 when the input was a
    /// `serde_json::Value` and has no lines.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Returns the 1-based column of the error, or 0 when the input was a
    /// `serde_json::Value`.
    pub fn column(&self) -> usize {
        self.column
    }

    /// Returns `path: message`, or the message alone at the root: the form
    /// kept in [`Invalid::error`](super::polymorphic::Invalid::error).
    pub fn path_and_message(&self) -> String {
        if self.path == ROOT_PATH {
            self.message.clone()
        } else {
            format!("{}: {}", self.path, self.message)
        }
    }

    pub(crate) fn from_path_error(error: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = describe_tracked_path(error.path());
        let mut decode_error = Self::from_json(error.into_inner());
        decode_error.path = path;
        decode_error
    }

    pub(crate) fn from_json(error: serde_json::Error) -> Self {
        DecodeError {
            path: ROOT_PATH.to_owned(),
            message: message_without_position(&error),
            line: error.line(),
            column: error.column(),
        }
    }
}

/// A value that could not be written as JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("failed to encode JSON{}: {message}", describe_path(.path))]
pub struct EncodeError {
    path: String,
    message: String,
}

impl EncodeError {
    /// Returns the path of the value that failed, or [`ROOT_PATH`] (`.`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Returns what went wrong, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }

    fn from_path_error(error: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = describe_tracked_path(error.path());
        EncodeError {
            path,
            message: message_without_position(error.inner()),
        }
    }
}

/// The prefix of the keys that `serde_json` uses inside `RawValue` and, with its
/// `arbitrary_precision` feature, inside numbers. They name no place in the document.
const PRIVATE_KEY_PREFIX: &str = "$serde_json::private::";

/// Formats a tracked path as `serde_path_to_error` does (`evidence[1].osBuild`), leaving
/// out the segments that name no place in the document: `serde_json`'s private keys, and
/// the unknown segments (`?`) at the end that mark a position between two keys, such as
/// the end of truncated text. A path with no segments left is [`ROOT_PATH`].
fn describe_tracked_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;

    let is_private = |segment: &&Segment| matches!(segment, Segment::Map { key } if key.starts_with(PRIVATE_KEY_PREFIX));
    let mut segments: Vec<&Segment> = path.iter().filter(|s| !is_private(s)).collect();
    while matches!(segments.last(), Some(Segment::Unknown)) {
        segments.pop();
    }
    if segments.is_empty() {
        return ROOT_PATH.to_owned();
    }
    let mut text = String::new();
    for (position, segment) in segments.into_iter().enumerate() {
        let name = match segment {
            Segment::Seq { index } => {
                text.push_str(&format!("[{index}]"));
                continue;
            }
            Segment::Map { key } | Segment::Enum { variant: key } => key.as_str(),
            Segment::Unknown => "?",
        };
        if position > 0 {
            text.push('.');
        }
        text.push_str(name);
    }
    text
}

fn describe_path(path: &str) -> String {
    if path == ROOT_PATH {
        String::new()
    } else {
        format!(" at `{path}`")
    }
}

fn describe_position(line: usize, column: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(" (line {line}, column {column})")
    }
}

/// Returns the message of a `serde_json` error without the
/// ` at line L column C` that its `Display` appends.
fn message_without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    if error.line() == 0 {
        return text;
    }
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    match text.strip_suffix(&suffix) {
        Some(message) => message.to_owned(),
        None => text,
    }
}

/// Decodes a `T` from JSON bytes, reporting the path of the first error.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    match decode(serde_json::Deserializer::from_slice(bytes)) {
        Ok(value) => Ok(value),
        Err(error) => Err(locate::<T, _>(
            error,
            serde_json::Deserializer::from_slice(bytes),
        )),
    }
}

/// Decodes a `T` from JSON text, reporting the path of the first error.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, DecodeError> {
    match decode(serde_json::Deserializer::from_str(text)) {
        Ok(value) => Ok(value),
        Err(error) => Err(locate::<T, _>(
            error,
            serde_json::Deserializer::from_str(text),
        )),
    }
}

/// Decodes a whole document without tracking the path.
fn decode<'de, T, R>(mut deserializer: serde_json::Deserializer<R>) -> serde_json::Result<T>
where
    T: DeserializeOwned,
    R: serde_json::de::Read<'de>,
{
    let value = T::deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

thread_local! {
    /// True while [`locate`] runs on this thread.
    static LOCATING: Cell<bool> = const { Cell::new(false) };
}

/// Returns true while a document is decoded a second time only to find the
/// path of an error, so that the polymorphic items in it can skip decoding.
pub(crate) fn is_locating() -> bool {
    LOCATING.with(Cell::get)
}

/// Restores the previous [`LOCATING`] state when dropped, also on unwind.
struct LocatingGuard {
    previous: bool,
}

impl LocatingGuard {
    fn enter() -> Self {
        LocatingGuard {
            previous: LOCATING.with(|locating| locating.replace(true)),
        }
    }
}

impl Drop for LocatingGuard {
    fn drop(&mut self) {
        LOCATING.with(|locating| locating.set(self.previous));
    }
}

/// Decodes JSON text again, tracking the path, to describe `error`, the
/// error of a first attempt that did not track it.
pub(crate) fn locate_in_str<T: DeserializeOwned>(
    error: serde_json::Error,
    text: &str,
) -> DecodeError {
    locate::<T, _>(error, serde_json::Deserializer::from_str(text))
}

/// Decodes the document again, tracking the path, to describe `error`.
fn locate<'de, T, R>(
    error: serde_json::Error,
    mut deserializer: serde_json::Deserializer<R>,
) -> DecodeError
where
    T: DeserializeOwned,
    R: serde_json::de::Read<'de>,
{
    let _guard = LocatingGuard::enter();
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(tracked) => DecodeError::from_path_error(tracked),
        // Only trailing characters fail after the value, and they have no
        // path; a `Deserialize` impl that fails only once lands here too.
        Ok(_) => DecodeError::from_json(error),
    }
}

/// Decodes a `T` from a JSON value, reporting the path of the first error.
/// Line and column are 0, because a value has no text position.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(value).map_err(DecodeError::from_path_error)
}

/// Encodes a value as compact JSON bytes.
///
/// Like decoding, encoding runs without `serde_path_to_error` first, because
/// it copies every object key it passes, and runs a second time with it only
/// when the first attempt fails, to find the path.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, EncodeError> {
    let mut bytes = Vec::with_capacity(128);
    match value.serialize(&mut serde_json::Serializer::new(&mut bytes)) {
        Ok(()) => Ok(bytes),
        Err(error) => Err(locate_encode_error(value, error)),
    }
}

/// Encodes `value` again into nothing, tracking the path, to describe `error`.
fn locate_encode_error<T: Serialize + ?Sized>(value: &T, error: serde_json::Error) -> EncodeError {
    let mut serializer = serde_json::Serializer::new(std::io::sink());
    match serde_path_to_error::serialize(value, &mut serializer) {
        Err(tracked) => EncodeError::from_path_error(tracked),
        // A `Serialize` impl that fails only once lands here.
        Ok(()) => EncodeError {
            path: ROOT_PATH.to_owned(),
            message: message_without_position(&error),
        },
    }
}

/// Encodes a value as compact JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, EncodeError> {
    let bytes = to_vec(value)?;
    // serde_json writes only valid UTF-8, so this conversion does not fail in
    // practice; the error arm keeps the function free of panics.
    String::from_utf8(bytes).map_err(|error| EncodeError {
        path: ROOT_PATH.to_owned(),
        message: error.to_string(),
    })
}

/// Encodes a value as a `serde_json::Value`.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, EncodeError> {
    serde_path_to_error::serialize(value, serde_json::value::Serializer)
        .map_err(EncodeError::from_path_error)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Alert {
        evidence: Vec<Evidence>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    #[serde(rename_all = "camelCase")]
    struct Evidence {
        os_build: Option<i64>,
    }

    const BAD_SECOND_ITEM: &str = r#"{"evidence": [{"osBuild": 1}, {"osBuild": "x"}]}"#;

    #[test]
    fn from_str_reports_path() {
        let error = from_str::<Alert>(BAD_SECOND_ITEM).unwrap_err();
        assert_eq!(error.path(), "evidence[1].osBuild");
        assert_eq!(error.message(), "invalid type: string \"x\", expected i64");
        assert_eq!(error.line(), 1);
        assert_eq!(error.column(), 45);
        assert_eq!(
            error.to_string(),
            "invalid JSON at `evidence[1].osBuild`: invalid type: string \"x\", \
             expected i64 (line 1, column 45)"
        );
        assert_eq!(
            error.path_and_message(),
            "evidence[1].osBuild: invalid type: string \"x\", expected i64"
        );
    }

    #[test]
    fn from_slice_reports_path() {
        let error = from_slice::<Alert>(BAD_SECOND_ITEM.as_bytes()).unwrap_err();
        assert_eq!(error.path(), "evidence[1].osBuild");
    }

    #[test]
    fn from_value_reports_path_without_position() {
        let value: Value = serde_json::from_str(BAD_SECOND_ITEM).unwrap();
        let error = from_value::<Alert>(value).unwrap_err();
        assert_eq!(error.path(), "evidence[1].osBuild");
        assert_eq!(error.line(), 0);
        assert_eq!(error.column(), 0);
        assert_eq!(
            error.to_string(),
            "invalid JSON at `evidence[1].osBuild`: invalid type: string \"x\", expected i64"
        );
    }

    #[test]
    fn syntax_error_at_root() {
        let error = from_str::<Value>("{\"a\": }").unwrap_err();
        assert_eq!(error.path(), "a");
        let error = from_str::<Value>("[1] 2").unwrap_err();
        assert_eq!(error.path(), ROOT_PATH);
        assert_eq!(error.message(), "trailing characters");
        assert_eq!(
            error.to_string(),
            "invalid JSON: trailing characters (line 1, column 5)"
        );
    }

    #[test]
    fn truncated_text_has_path_of_container() {
        let error = from_str::<Value>(r#"{"id": "a""#).unwrap_err();
        assert_eq!(error.path(), ROOT_PATH, "not `?`: {error}");
        let error = from_str::<Value>(r#"{"evidence": [{"osBuild": 1"#).unwrap_err();
        assert_eq!(error.path(), "evidence[0]", "not `evidence[0].?`: {error}");
        let error = from_str::<Value>(r#"{"evidence": [1, 2"#).unwrap_err();
        assert_eq!(error.path(), "evidence");
    }

    #[test]
    fn encode_error_path_has_no_private_key() {
        let unpaired = serde_json::value::RawValue::from_string(r#""\ud800""#.to_owned());
        let items = vec![unpaired.expect("the text is valid JSON syntax")];
        let error = to_value(&items).unwrap_err();
        assert_eq!(error.path(), "[0]", "{error}");
    }

    #[test]
    fn deep_nesting_is_error() {
        let text = "[".repeat(100_000);
        let error = from_str::<Value>(&text).unwrap_err();
        assert_eq!(error.message(), "recursion limit exceeded");
        let error = from_slice::<Alert>(text.as_bytes()).unwrap_err();
        assert!(error.message().starts_with("invalid type"), "{error}");
        let nested = format!("{{\"evidence\": {text}");
        let error = from_str::<Alert>(&nested).unwrap_err();
        assert!(!error.message().is_empty());
    }

    #[test]
    fn encode_round_trip() {
        let value = serde_json::json!({"a": [1, 2.5, "x", null]});
        assert_eq!(to_string(&value).unwrap(), r#"{"a":[1,2.5,"x",null]}"#);
        assert_eq!(to_vec(&value).unwrap(), br#"{"a":[1,2.5,"x",null]}"#);
        assert_eq!(to_value(&value).unwrap(), value);
    }

    #[test]
    fn encode_error_has_path() {
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1u8], 1);
        let error = to_string(&map).unwrap_err();
        assert_eq!(error.path(), ROOT_PATH);
        assert_eq!(error.message(), "key must be a string");
        assert_eq!(
            error.to_string(),
            "failed to encode JSON: key must be a string"
        );
    }

    #[test]
    fn nested_encode_error_has_path() {
        let mut inner = std::collections::BTreeMap::new();
        inner.insert(vec![1u8], 1);
        let mut outer = std::collections::BTreeMap::new();
        outer.insert("outer", inner);
        let error = to_vec(&outer).unwrap_err();
        assert_eq!(error.path(), "outer");
        assert_eq!(error.message(), "key must be a string");
    }
}
