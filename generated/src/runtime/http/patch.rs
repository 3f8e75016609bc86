//! `Patch<T>`: a PATCH body field that is left out, set to null, or set to a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One field of a PATCH body.
///
/// Graph PATCH changes only the properties present in the body, so "leave
/// unchanged" (`Absent`) differs from "clear" (`Null`). Use it with both
/// attributes, so that `Absent` writes nothing and a missing field reads back
/// as `Absent`:
///
/// ```
/// use graph_security::runtime::http::Patch;
///
/// #[derive(serde::Serialize, Default)]
/// #[serde(rename_all = "camelCase")]
/// struct AlertUpdate {
///     #[serde(default, skip_serializing_if = "Patch::is_absent")]
///     assigned_to: Patch<String>,
///     #[serde(default, skip_serializing_if = "Patch::is_absent")]
///     status: Patch<String>,
/// }
///
/// let update = AlertUpdate { assigned_to: Patch::Null, ..Default::default() };
/// assert_eq!(serde_json::to_string(&update).unwrap(), r#"{"assignedTo":null}"#);
/// ```
///
/// Serializing `Absent` without `skip_serializing_if` is an error rather than
/// a silent `null`, so a missing attribute cannot clear a property.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Patch<T> {
    /// Leave the property unchanged: the field is not written.
    #[default]
    Absent,
    /// Clear the property: the field is written as `null`.
    Null,
    /// Set the property to this value.
    Value(T),
}

impl<T> Patch<T> {
    /// Returns whether the field is left out, for `skip_serializing_if`.
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// Returns whether the field is written as `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// Returns the value, if one is set.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            _ => None,
        }
    }
}

impl<T> From<T> for Patch<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

impl<T> From<Option<T>> for Patch<T> {
    /// Maps `None` to `Null`, because an explicit `Option` means "set or clear".
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Self::Value)
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Absent => Err(serde::ser::Error::custom(
                "`Patch::Absent` cannot be serialized: \
                 add `#[serde(skip_serializing_if = \"Patch::is_absent\")]` to the field",
            )),
            Self::Null => serializer.serialize_none(),
            Self::Value(value) => serializer.serialize_some(value),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Patch<T> {
    /// Reads `null` as `Null` and anything else as `Value`. A missing field
    /// becomes `Absent` through `#[serde(default)]`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Default, Debug, PartialEq)]
    struct Body {
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        field: Patch<u32>,
    }

    #[track_caller]
    fn check(field: Patch<u32>, json: &str) {
        let body = Body { field };
        assert_eq!(serde_json::to_string(&body).unwrap(), json);
        assert_eq!(serde_json::from_str::<Body>(json).unwrap(), body);
    }

    #[test]
    fn patch_round_trips() {
        check(Patch::Absent, "{}");
        check(Patch::Null, r#"{"field":null}"#);
        check(Patch::Value(3), r#"{"field":3}"#);
    }

    #[test]
    fn patch_absent_without_skip_fails() {
        let error = serde_json::to_string(&Patch::<u32>::Absent).unwrap_err();
        assert!(error.to_string().contains("skip_serializing_if"), "{error}");
    }
}
