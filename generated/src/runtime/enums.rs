//! Open enums, whose unknown member names survive decoding, and flag sets for
//! enum types declared with `IsFlags="true"`.
//!
//! A generated enum looks like this, with `impl OpenEnum` written by the
//! generator and `Serialize` and `Deserialize` calling [`serialize_enum`] and
//! [`deserialize_enum`]:
//!
//! ```text
//! pub enum AlertSeverity { Unknown, Informational, Low, Medium, High, UnknownFutureValue, Other(String) }
//! ```
//!
//! OData writes an enum value as its member name. The ABNF also allows the
//! member's numeric value, so reading accepts an integer or a string of
//! digits, and writing always uses the name.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{Error, Expected, MapAccess, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::wire::{visit_number_map, Wire};

/// A generated enum whose wire form is a member name; unknown names are kept.
pub trait OpenEnum: Sized + Clone {
    /// Qualified type name, such as `microsoft.graph.security.alertSeverity`, for messages.
    const TYPE_NAME: &'static str;

    /// Returns the member for an exact or case-insensitive name; unknown strings give the variant that keeps them.
    fn from_name(name: &str) -> Self;

    /// Returns the member declared with this numeric `Value`, if any.
    fn from_value(value: i64) -> Option<Self>;

    /// The canonical member name (or the kept unknown string).
    fn name(&self) -> &str;

    /// The declared numeric value; None for the unknown-keeping variant.
    fn value(&self) -> Option<i64>;
}

/// Reads an open enum from a member name, a string of digits or a JSON
/// integer.
///
/// A name with no member is kept through [`OpenEnum::from_name`], and so is a
/// string of digits that matches no value. A JSON integer that matches no
/// value is an error naming the type, because there is no name to keep.
pub fn deserialize_enum<'de, E: OpenEnum, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<E, D::Error> {
    deserializer.deserialize_any(EnumVisitor(PhantomData))
}

/// Writes an open enum as its member name, or the kept unknown string.
pub fn serialize_enum<E: OpenEnum, S: Serializer>(
    value: &E,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.name())
}

/// The `expected` part of an error for a number that is no member.
struct ExpectedMember(&'static str);

impl Expected for ExpectedMember {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a member of {}", self.0)
    }
}

struct EnumVisitor<E>(PhantomData<E>);

impl<E: OpenEnum> EnumVisitor<E> {
    fn member<Err: Error>(value: i64, unexpected: Unexpected<'_>) -> Result<E, Err> {
        E::from_value(value)
            .ok_or_else(|| Err::invalid_value(unexpected, &ExpectedMember(E::TYPE_NAME)))
    }
}

impl<'de, E: OpenEnum> Visitor<'de> for EnumVisitor<E> {
    type Value = E;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a member name of {}", E::TYPE_NAME)
    }

    fn visit_str<Err: Error>(self, v: &str) -> Result<E, Err> {
        if is_integer_text(v) {
            if let Some(member) = v.parse().ok().and_then(E::from_value) {
                return Ok(member);
            }
        }
        Ok(E::from_name(v))
    }

    fn visit_i64<Err: Error>(self, v: i64) -> Result<E, Err> {
        Self::member(v, Unexpected::Signed(v))
    }

    fn visit_u64<Err: Error>(self, v: u64) -> Result<E, Err> {
        match i64::try_from(v) {
            Ok(value) => Self::member(value, Unexpected::Unsigned(v)),
            Err(_) => Err(Err::invalid_value(
                Unexpected::Unsigned(v),
                &ExpectedMember(E::TYPE_NAME),
            )),
        }
    }

    /// Reads a number that is not an `i64` or `u64`, which `serde_json`
    /// passes as a map; it is never a member.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<E, A::Error> {
        visit_number_map(map, self)
    }
}

/// Returns true for an optional `-` followed by ASCII digits.
fn is_integer_text(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// A set of members of an `IsFlags` enum, written as comma-separated names
/// (`"a,b"`) and read from that string (spaces around commas allowed, names in
/// any case) or from an integer bit mask.
///
/// Members are kept in one canonical order, so two sets with the same members
/// are equal and write the same text: declared members by ascending value,
/// then unknown names in byte order. Members are deduplicated by name.
/// Reading `"b,a"` therefore writes `"a,b"`, the same set.
pub struct Flags<E> {
    members: Vec<E>,
}

/// An `IsFlags` value that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FlagsError {
    /// A bit mask with a bit that no single-bit member declares.
    #[error("invalid {type_name} bit mask {mask}: no member has the value {bit}")]
    UnknownBit {
        /// Qualified enum type name.
        type_name: &'static str,
        /// The whole mask that was read.
        mask: i64,
        /// The lowest bit with no member.
        bit: i64,
    },
    /// A negative bit mask.
    #[error("invalid {type_name} bit mask {mask}: a mask must not be negative")]
    NegativeMask {
        /// Qualified enum type name.
        type_name: &'static str,
        /// The mask that was read.
        mask: i64,
    },
    /// A list with an empty name, such as `"a,,b"`.
    #[error("invalid {type_name} value `{text}`: empty member name in the list")]
    EmptyName {
        /// Qualified enum type name.
        type_name: &'static str,
        /// The text that was read.
        text: String,
    },
}

impl<E> Flags<E> {
    /// Creates an empty set. It does not allocate.
    pub const fn new() -> Self {
        Flags {
            members: Vec::new(),
        }
    }

    /// Returns true when the set has no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Returns the number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Returns the members in canonical order.
    pub fn iter(&self) -> std::slice::Iter<'_, E> {
        self.members.iter()
    }

    /// Returns the members in canonical order as a slice.
    pub fn as_slice(&self) -> &[E] {
        &self.members
    }
}

impl<E: OpenEnum> Flags<E> {
    /// Adds a member; returns false when a member of that name was already
    /// there.
    pub fn insert(&mut self, member: E) -> bool {
        match self.search(&member) {
            Ok(_) => false,
            Err(index) => {
                self.members.insert(index, member);
                true
            }
        }
    }

    /// Removes the member with this member's name; returns true when it was
    /// there.
    pub fn remove(&mut self, member: &E) -> bool {
        match self.search(member) {
            Ok(index) => {
                self.members.remove(index);
                true
            }
            Err(_) => false,
        }
    }

    /// Returns true when the set has a member with this member's name.
    pub fn contains(&self, member: &E) -> bool {
        self.search(member).is_ok()
    }

    /// Returns the bit mask of the members, or None when an unknown name is
    /// in the set.
    pub fn bits(&self) -> Option<i64> {
        self.members
            .iter()
            .try_fold(0, |mask, member| Some(mask | member.value()?))
    }

    /// Reads a set from a bit mask, one member per set bit.
    ///
    /// Each bit must be the value of a declared member. The mask 0 gives the
    /// member declared with value 0 if there is one, and the empty set
    /// otherwise.
    pub fn from_bits(mask: i64) -> Result<Self, FlagsError> {
        if mask < 0 {
            return Err(FlagsError::NegativeMask {
                type_name: E::TYPE_NAME,
                mask,
            });
        }
        let mut flags = Flags::new();
        if mask == 0 {
            flags.extend(E::from_value(0));
            return Ok(flags);
        }
        for shift in 0..63 {
            let bit = 1i64 << shift;
            if mask & bit == 0 {
                continue;
            }
            let member = E::from_value(bit).ok_or(FlagsError::UnknownBit {
                type_name: E::TYPE_NAME,
                mask,
                bit,
            })?;
            flags.insert(member);
        }
        Ok(flags)
    }

    /// Reads a set from comma-separated member names, or from a string of
    /// digits holding a bit mask.
    ///
    /// Spaces around names are ignored and names match in any case. Unknown
    /// names are kept. The empty string is the empty set.
    pub fn parse(text: &str) -> Result<Self, FlagsError> {
        let trimmed = text.trim_matches(' ');
        if trimmed.is_empty() {
            return Ok(Flags::new());
        }
        if trimmed.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(mask) = trimmed.parse() {
                return Flags::from_bits(mask);
            }
        }
        let mut flags = Flags::new();
        for name in trimmed.split(',') {
            let name = name.trim_matches(' ');
            if name.is_empty() {
                return Err(FlagsError::EmptyName {
                    type_name: E::TYPE_NAME,
                    text: text.to_owned(),
                });
            }
            flags.insert(E::from_name(name));
        }
        Ok(flags)
    }

    /// Finds a member by canonical order; equal keys mean equal names.
    fn search(&self, member: &E) -> Result<usize, usize> {
        let key = sort_key(member);
        self.members
            .binary_search_by(|probe| sort_key(probe).cmp(&key))
    }
}

/// Orders declared members by value, then unknown names, with the name
/// breaking ties between members that share a value.
fn sort_key<E: OpenEnum>(member: &E) -> (bool, i64, &str) {
    let value = member.value();
    (value.is_none(), value.unwrap_or(0), member.name())
}

impl<E> Default for Flags<E> {
    fn default() -> Self {
        Flags::new()
    }
}

impl<E: Clone> Clone for Flags<E> {
    fn clone(&self) -> Self {
        Flags {
            members: self.members.clone(),
        }
    }
}

/// Compares member names, so the enum type needs no `PartialEq`.
impl<E: OpenEnum> PartialEq for Flags<E> {
    fn eq(&self, other: &Self) -> bool {
        self.members.len() == other.members.len()
            && self
                .members
                .iter()
                .zip(&other.members)
                .all(|(a, b)| a.name() == b.name())
    }
}

impl<E: OpenEnum> Eq for Flags<E> {}

/// Hashes member names, matching [`PartialEq`].
impl<E: OpenEnum> Hash for Flags<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.members.len());
        for member in &self.members {
            member.name().hash(state);
        }
    }
}

impl<E: OpenEnum> fmt::Debug for Flags<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set()
            .entries(self.members.iter().map(OpenEnum::name))
            .finish()
    }
}

/// Writes the comma-separated member names, such as `a,b`.
impl<E: OpenEnum> fmt::Display for Flags<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, member) in self.members.iter().enumerate() {
            if index > 0 {
                f.write_str(",")?;
            }
            f.write_str(member.name())?;
        }
        Ok(())
    }
}

impl<E: OpenEnum> FromStr for Flags<E> {
    type Err = FlagsError;

    fn from_str(text: &str) -> Result<Self, FlagsError> {
        Flags::parse(text)
    }
}

impl<E: OpenEnum> FromIterator<E> for Flags<E> {
    fn from_iter<I: IntoIterator<Item = E>>(members: I) -> Self {
        let mut flags = Flags::new();
        flags.extend(members);
        flags
    }
}

impl<E: OpenEnum> Extend<E> for Flags<E> {
    fn extend<I: IntoIterator<Item = E>>(&mut self, members: I) {
        for member in members {
            self.insert(member);
        }
    }
}

impl<E: OpenEnum, const N: usize> From<[E; N]> for Flags<E> {
    fn from(members: [E; N]) -> Self {
        members.into_iter().collect()
    }
}

impl<E: OpenEnum> From<Vec<E>> for Flags<E> {
    fn from(members: Vec<E>) -> Self {
        members.into_iter().collect()
    }
}

impl<'a, E> IntoIterator for &'a Flags<E> {
    type Item = &'a E;
    type IntoIter = std::slice::Iter<'a, E>;

    fn into_iter(self) -> Self::IntoIter {
        self.members.iter()
    }
}

impl<E: OpenEnum> Serialize for Flags<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let [member] = self.members.as_slice() {
            return serializer.serialize_str(member.name());
        }
        serializer.collect_str(self)
    }
}

impl<'de, E: OpenEnum> Deserialize<'de> for Flags<E> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FlagsVisitor(PhantomData))
    }
}

impl<E: OpenEnum> Wire for Flags<E> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize(deserializer)
    }

    fn encode<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize(serializer)
    }
}

struct FlagsVisitor<E>(PhantomData<E>);

impl<'de, E: OpenEnum> Visitor<'de> for FlagsVisitor<E> {
    type Value = Flags<E>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "comma-separated member names of {} or an integer bit mask",
            E::TYPE_NAME
        )
    }

    fn visit_str<Err: Error>(self, v: &str) -> Result<Flags<E>, Err> {
        Flags::parse(v).map_err(Err::custom)
    }

    fn visit_i64<Err: Error>(self, v: i64) -> Result<Flags<E>, Err> {
        Flags::from_bits(v).map_err(Err::custom)
    }

    fn visit_u64<Err: Error>(self, v: u64) -> Result<Flags<E>, Err> {
        match i64::try_from(v) {
            Ok(mask) => self.visit_i64(mask),
            Err(_) => Err(Err::invalid_value(Unexpected::Unsigned(v), &self)),
        }
    }

    /// Reads a number that is not an `i64` or `u64`, which `serde_json`
    /// passes as a map; it is never a bit mask.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Flags<E>, A::Error> {
        visit_number_map(map, self)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::runtime::json;

    /// A hand-written copy of what the generator emits for an open enum.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub(crate) enum AlertSeverity {
        Unknown,
        Informational,
        Low,
        Medium,
        High,
        UnknownFutureValue,
        Other(String),
    }

    impl OpenEnum for AlertSeverity {
        const TYPE_NAME: &'static str = "microsoft.graph.security.alertSeverity";

        fn from_name(name: &str) -> Self {
            match name {
                "unknown" => return Self::Unknown,
                "informational" => return Self::Informational,
                "low" => return Self::Low,
                "medium" => return Self::Medium,
                "high" => return Self::High,
                "unknownFutureValue" => return Self::UnknownFutureValue,
                _ => {}
            }
            const NAMES: [(&str, AlertSeverity); 6] = [
                ("unknown", AlertSeverity::Unknown),
                ("informational", AlertSeverity::Informational),
                ("low", AlertSeverity::Low),
                ("medium", AlertSeverity::Medium),
                ("high", AlertSeverity::High),
                ("unknownFutureValue", AlertSeverity::UnknownFutureValue),
            ];
            NAMES
                .into_iter()
                .find(|(known, _)| known.eq_ignore_ascii_case(name))
                .map_or_else(|| Self::Other(name.to_owned()), |(_, member)| member)
        }

        fn from_value(value: i64) -> Option<Self> {
            Some(match value {
                0 => Self::Unknown,
                1 => Self::Informational,
                2 => Self::Low,
                3 => Self::Medium,
                4 => Self::High,
                5 => Self::UnknownFutureValue,
                _ => return None,
            })
        }

        fn name(&self) -> &str {
            match self {
                Self::Unknown => "unknown",
                Self::Informational => "informational",
                Self::Low => "low",
                Self::Medium => "medium",
                Self::High => "high",
                Self::UnknownFutureValue => "unknownFutureValue",
                Self::Other(name) => name,
            }
        }

        fn value(&self) -> Option<i64> {
            Some(match self {
                Self::Unknown => 0,
                Self::Informational => 1,
                Self::Low => 2,
                Self::Medium => 3,
                Self::High => 4,
                Self::UnknownFutureValue => 5,
                Self::Other(_) => return None,
            })
        }
    }

    impl Serialize for AlertSeverity {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serialize_enum(self, serializer)
        }
    }

    impl<'de> Deserialize<'de> for AlertSeverity {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_enum(deserializer)
        }
    }

    crate::runtime::wire_via_serde!(AlertSeverity);

    /// A hand-written `IsFlags` enum with a zero member.
    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Permission {
        None,
        Read,
        Write,
        Delete,
        Other(String),
    }

    impl OpenEnum for Permission {
        const TYPE_NAME: &'static str = "test.permission";

        fn from_name(name: &str) -> Self {
            [Self::None, Self::Read, Self::Write, Self::Delete]
                .into_iter()
                .find(|member| member.name().eq_ignore_ascii_case(name))
                .unwrap_or_else(|| Self::Other(name.to_owned()))
        }

        fn from_value(value: i64) -> Option<Self> {
            Some(match value {
                0 => Self::None,
                1 => Self::Read,
                2 => Self::Write,
                4 => Self::Delete,
                _ => return None,
            })
        }

        fn name(&self) -> &str {
            match self {
                Self::None => "none",
                Self::Read => "read",
                Self::Write => "write",
                Self::Delete => "delete",
                Self::Other(name) => name,
            }
        }

        fn value(&self) -> Option<i64> {
            Some(match self {
                Self::None => 0,
                Self::Read => 1,
                Self::Write => 2,
                Self::Delete => 4,
                Self::Other(_) => return None,
            })
        }
    }

    #[track_caller]
    fn check_enum(input: Value, expected: AlertSeverity, written: &str) {
        let decoded: AlertSeverity = json::from_value(input.clone()).unwrap();
        assert_eq!(decoded, expected, "decoding {input}");
        let from_text: AlertSeverity = json::from_str(&input.to_string()).unwrap();
        assert_eq!(from_text, expected, "decoding text {input}");
        assert_eq!(
            json::to_string(&decoded).unwrap(),
            written,
            "encoding {input}"
        );
    }

    #[test]
    fn enum_names_and_values() {
        let other = |name: &str| AlertSeverity::Other(name.to_owned());
        let cases = [
            (json!("high"), AlertSeverity::High, r#""high""#),
            (json!("HIGH"), AlertSeverity::High, r#""high""#),
            (
                json!("unknownfuturevalue"),
                AlertSeverity::UnknownFutureValue,
                r#""unknownFutureValue""#,
            ),
            (json!(2), AlertSeverity::Low, r#""low""#),
            (json!("3"), AlertSeverity::Medium, r#""medium""#),
            (json!("critical"), other("critical"), r#""critical""#),
            (
                json!("Critical Now"),
                other("Critical Now"),
                r#""Critical Now""#,
            ),
            (json!("99"), other("99"), r#""99""#),
            (json!(""), other(""), r#""""#),
        ];
        for (input, expected, written) in cases {
            check_enum(input, expected, written);
        }
    }

    #[test]
    fn enum_unknown_number_is_error() {
        let error = json::from_str::<AlertSeverity>("99").unwrap_err();
        assert_eq!(
            error.message(),
            "invalid value: integer `99`, expected a member of \
             microsoft.graph.security.alertSeverity"
        );
        let error = json::from_str::<AlertSeverity>("-1").unwrap_err();
        assert!(error.message().starts_with("invalid value: integer `-1`"));
        let error = json::from_str::<AlertSeverity>("18446744073709551615").unwrap_err();
        assert!(error
            .message()
            .starts_with("invalid value: integer `18446744073709551615`"));
        let error = json::from_str::<AlertSeverity>("1.5").unwrap_err();
        assert_eq!(
            error.message(),
            "invalid type: floating point `1.5`, expected a member name of \
             microsoft.graph.security.alertSeverity"
        );
        let error = json::from_str::<AlertSeverity>("null").unwrap_err();
        assert!(error.message().starts_with("invalid type: null"));
    }

    #[track_caller]
    fn check_flags(input: Value, written: &str) {
        let decoded: Flags<Permission> = json::from_value(input.clone()).unwrap();
        assert_eq!(
            json::to_string(&decoded).unwrap(),
            written,
            "encoding {input}"
        );
        let again: Flags<Permission> = json::from_str(written).unwrap();
        assert_eq!(again, decoded, "decoding {written} again");
    }

    #[test]
    fn flags_read_and_write() {
        let cases = [
            (json!("read, Write"), r#""read,write""#),
            (json!("read,write"), r#""read,write""#),
            (json!(" WRITE ,read "), r#""read,write""#),
            (json!("delete,read,read"), r#""read,delete""#),
            (json!("read,custom,Zed,alpha"), r#""read,Zed,alpha,custom""#),
            (json!(3), r#""read,write""#),
            (json!(5), r#""read,delete""#),
            (json!("6"), r#""write,delete""#),
            (json!(4), r#""delete""#),
            (json!(0), r#""none""#),
            (json!(""), r#""""#),
            (json!("none"), r#""none""#),
        ];
        for (input, written) in cases {
            check_flags(input, written);
        }
    }

    #[test]
    fn flags_errors() {
        let error = json::from_str::<Flags<Permission>>("8").unwrap_err();
        assert_eq!(
            error.message(),
            "invalid test.permission bit mask 8: no member has the value 8"
        );
        let error = json::from_str::<Flags<Permission>>("-1").unwrap_err();
        assert_eq!(
            error.message(),
            "invalid test.permission bit mask -1: a mask must not be negative"
        );
        let error = json::from_str::<Flags<Permission>>(r#""read,,write""#).unwrap_err();
        assert_eq!(
            error.message(),
            "invalid test.permission value `read,,write`: empty member name in the list"
        );
        let error = json::from_str::<Flags<Permission>>("true").unwrap_err();
        assert!(error.message().starts_with("invalid type: boolean `true`"));
    }

    #[test]
    fn flags_set_operations() {
        let mut flags = Flags::new();
        assert!(flags.is_empty());
        assert!(flags.insert(Permission::Write));
        assert!(flags.insert(Permission::Read));
        assert!(!flags.insert(Permission::Read));
        assert!(flags.contains(&Permission::Read));
        assert!(!flags.contains(&Permission::Delete));
        assert_eq!(flags.len(), 2);
        assert_eq!(flags.bits(), Some(3));
        let names: Vec<&str> = flags.iter().map(OpenEnum::name).collect();
        assert_eq!(names, ["read", "write"]);
        assert_eq!(flags.to_string(), "read,write");
        assert_eq!(format!("{flags:?}"), r#"{"read", "write"}"#);
        assert_eq!(flags, Flags::from([Permission::Write, Permission::Read]));
        assert!(flags.remove(&Permission::Write));
        assert!(!flags.remove(&Permission::Write));
        flags.insert(Permission::Other("x".to_owned()));
        assert_eq!(flags.bits(), None);
        assert_eq!("read, x".parse::<Flags<Permission>>().unwrap(), flags);
    }

    #[test]
    fn flags_hash_matches_eq() {
        use std::collections::hash_map::DefaultHasher;

        let hash = |flags: &Flags<Permission>| {
            let mut hasher = DefaultHasher::new();
            flags.hash(&mut hasher);
            hasher.finish()
        };
        let a = Flags::from([Permission::Read, Permission::Write]);
        let b: Flags<Permission> = "WRITE,read".parse().unwrap();
        assert_eq!(a, b);
        assert_eq!(hash(&a), hash(&b));
    }
}
