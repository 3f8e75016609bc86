//! The [`Wire`] trait: how one value of a generated model is read from and
//! written to OData JSON.
//!
//! Generated `Deserialize` impls read each property with
//! `map.next_value_seed(Decode::<T>::new())` and generated `Serialize` impls
//! write it with `map.serialize_entry(name, &Encode(&value))`. Going through
//! [`Wire`] instead of plain serde lets a property typed `i64` also accept the
//! string form that OData uses for `IEEE754Compatible=true`, and lets `f64`
//! read and write `NaN`, `INF` and `-INF`.

mod numbers;

pub(crate) use numbers::{number_from_map, visit_number_map};

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// How a value of a generated model is read from and written to OData JSON.
pub trait Wire: Sized {
    /// Reads a value from `deserializer`.
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;

    /// Writes the value to `serializer`.
    fn encode<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

/// A [`DeserializeSeed`] that reads a `T` through [`Wire::decode`].
pub struct Decode<T>(PhantomData<T>);

impl<T> Decode<T> {
    /// Creates the seed, which contains no data.
    #[inline]
    pub const fn new() -> Self {
        Decode(PhantomData)
    }
}

impl<T> Default for Decode<T> {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Clone for Decode<T> {
    #[inline]
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Decode<T> {}

impl<T> fmt::Debug for Decode<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Decode")
    }
}

impl<'de, T: Wire> DeserializeSeed<'de> for Decode<T> {
    type Value = T;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::decode(deserializer)
    }
}

/// A [`Serialize`] view of a borrowed value that writes it through
/// [`Wire::encode`].
#[derive(Debug)]
pub struct Encode<'a, T>(pub &'a T);

// Written out because a derive would require `T: Clone`, and a shared
// reference is `Copy` whatever `T` is.
impl<T> Clone for Encode<'_, T> {
    #[inline]
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Encode<'_, T> {}

impl<T: Wire> Serialize for Encode<'_, T> {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.encode(serializer)
    }
}

/// A JSON object key that borrows from the input when the deserializer allows
/// it and owns a copy otherwise.
///
/// `serde_json::from_str` and `from_slice` lend keys without escapes, so
/// matching a key against the known property names costs no allocation.
/// Keys with escapes, and keys read from a `serde_json::Value`, are owned.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key<'de>(Cow<'de, str>);

impl<'de> Key<'de> {
    /// Returns the key text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Returns the key as an owned string, copying only when it is borrowed.
    #[inline]
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }

    /// Returns true when the key borrows from the input.
    #[inline]
    pub fn is_borrowed(&self) -> bool {
        matches!(self.0, Cow::Borrowed(_))
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    #[inline]
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(v)))
    }

    #[inline]
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
    }

    #[inline]
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(v)))
    }
}

/// Paths that [`wire_via_serde!`] expands to, so that crates using the macro
/// need no direct `serde` dependency.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}

/// Implements [`Wire`] for a type by calling its own `Serialize` and
/// `Deserialize` impls.
///
/// Generated structs and enums write those impls by hand and then add
/// `crate::runtime::wire_via_serde!(Alert);`. Another crate writes
/// `::graph_security::runtime::wire_via_serde!(Foo);`.
#[doc(hidden)]
#[macro_export]
macro_rules! __graph_security_wire_via_serde {
    ($ty:ty $(,)?) => {
        impl $crate::runtime::wire::Wire for $ty {
            #[inline]
            fn decode<'de, D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: $crate::runtime::wire::__private::serde::Deserializer<'de>,
            {
                <Self as $crate::runtime::wire::__private::serde::Deserialize<'de>>::deserialize(
                    deserializer,
                )
            }

            #[inline]
            fn encode<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: $crate::runtime::wire::__private::serde::Serializer,
            {
                $crate::runtime::wire::__private::serde::Serialize::serialize(self, serializer)
            }
        }
    };
}

/// Implements [`Wire`] for a type through its own `Serialize` and
/// `Deserialize` impls: `wire_via_serde!(Alert);`.
pub use crate::__graph_security_wire_via_serde as wire_via_serde;

impl Wire for String {
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)
    }

    #[inline]
    fn encode<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

impl Wire for bool {
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        bool::deserialize(deserializer)
    }

    #[inline]
    fn encode<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(*self)
    }
}

impl Wire for Value {
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer)
    }

    #[inline]
    fn encode<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize(serializer)
    }
}

impl Wire for Map<String, Value> {
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer)
    }

    #[inline]
    fn encode<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize(serializer)
    }
}

impl<T: Wire> Wire for Box<T> {
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::decode(deserializer).map(Box::new)
    }

    #[inline]
    fn encode<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).encode(serializer)
    }
}

/// JSON `null` reads as `None`; `None` writes `null`.
impl<T: Wire> Wire for Option<T> {
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }

    #[inline]
    fn encode<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.encode(serializer),
            None => serializer.serialize_none(),
        }
    }
}

struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: Wire> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    #[inline]
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    #[inline]
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        T::decode(deserializer).map(Some)
    }
}

/// A JSON array. A `null` item is an error unless `T` is an `Option`, because
/// the item's own [`Wire::decode`] rejects it.
impl<T: Wire> Wire for Vec<T> {
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(VecVisitor(PhantomData))
    }

    fn encode<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for item in self {
            seq.serialize_element(&Encode(item))?;
        }
        seq.end()
    }
}

/// Caps the capacity reserved from a length hint, so that a hostile length
/// cannot make one allocation huge before any item is read.
const MAX_PREALLOCATED_ITEMS: usize = 1024;

/// The capacity of a decoded non-empty array when the input gives no length.
/// Most Graph collections inside an object, such as an alert's evidence,
/// hold a handful of items.
const MIN_ALLOCATED_ITEMS: usize = 4;

struct VecVisitor<T>(PhantomData<T>);

impl<'de, T: Wire> Visitor<'de> for VecVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // serde_json gives no length hint, and growing from one item by
        // doubling reallocates and copies large items such as evidence
        // several times. An empty array allocates nothing, and a non-empty
        // one starts with room for a few items.
        let Some(first) = seq.next_element_seed(Decode::<T>::new())? else {
            return Ok(Vec::new());
        };
        let hint = seq.size_hint().unwrap_or(0).saturating_add(1);
        let mut items = Vec::with_capacity(hint.clamp(MIN_ALLOCATED_ITEMS, MAX_PREALLOCATED_ITEMS));
        items.push(first);
        while let Some(item) = seq.next_element_seed(Decode::<T>::new())? {
            items.push(item);
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests;
