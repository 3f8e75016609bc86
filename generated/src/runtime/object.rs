//! Helpers for the `Serialize` and `Deserialize` impls of generated structs.
//!
//! A generated struct keeps every property it does not declare, including
//! control information such as `@odata.type` and `@odata.etag`, in an
//! `additional_properties: serde_json::Map<String, Value>` field, and remembers
//! in an [`AbsentProperties`] which non-nullable properties the JSON left out.
//! Writing the struct back then gives the JSON it was read from, up to the
//! order of keys.

use serde::ser::SerializeMap;
use serde_json::{Map, Value};

use super::http::Patch;
use super::polymorphic::ODATA_TYPE;
use super::wire::{Encode, Wire};

/// The wire names of non-nullable properties that were absent from the
/// decoded JSON, so that encoding leaves them out again.
///
/// A response shaped by `$select` omits properties that the schema declares
/// non-nullable. The generated struct stores the Rust default in those fields
/// and lists their names here. The set is a small vector, because a struct
/// has few such properties and lookups compare a handful of short strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AbsentProperties {
    names: Vec<&'static str>,
}

impl AbsentProperties {
    /// Creates an empty set. It does not allocate.
    pub const fn new() -> Self {
        AbsentProperties { names: Vec::new() }
    }

    /// Adds a wire name; returns false when it was already there.
    pub fn insert(&mut self, name: &'static str) -> bool {
        if self.contains(name) {
            return false;
        }
        self.names.push(name);
        true
    }

    /// Removes a wire name, for example after the caller sets that property;
    /// returns true when it was there.
    pub fn remove(&mut self, name: &str) -> bool {
        match self.names.iter().position(|known| *known == name) {
            Some(index) => {
                self.names.swap_remove(index);
                true
            }
            None => false,
        }
    }

    /// Returns true when the property with this wire name was absent.
    #[inline]
    pub fn contains(&self, name: &str) -> bool {
        self.names.contains(&name)
    }

    /// Returns true when no property was absent.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Returns the number of absent properties.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Returns the absent wire names, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.names.iter().copied()
    }
}

/// Writes `@odata.type` as the first entry: the value kept in `additional` if
/// there is one, else `type_hint` (such as
/// `#microsoft.graph.security.deviceEvidence`) if it is Some.
///
/// The kept value wins so that an item read with a type name in another case
/// or without `#` writes back unchanged.
pub fn write_odata_type<M: SerializeMap>(
    map: &mut M,
    additional: &Map<String, Value>,
    type_hint: Option<&str>,
) -> Result<(), M::Error> {
    if let Some(kept) = additional.get(ODATA_TYPE) {
        return map.serialize_entry(ODATA_TYPE, kept);
    }
    match type_hint {
        Some(type_name) => map.serialize_entry(ODATA_TYPE, type_name),
        None => Ok(()),
    }
}

/// Writes every kept unknown property except `@odata.type`, which
/// [`write_odata_type`] writes first.
pub fn write_additional<M: SerializeMap>(
    map: &mut M,
    additional: &Map<String, Value>,
) -> Result<(), M::Error> {
    for (key, value) in additional {
        if key != ODATA_TYPE {
            map.serialize_entry(key, value)?;
        }
    }
    Ok(())
}

/// Writes one field of a PATCH body: nothing for `Absent`, `null` for `Null`,
/// and the value through [`Wire`] for `Value`.
///
/// Going through `Wire`, as the models' own `Serialize` impls do, sends a
/// `NaN` of a `Double` property as `"NaN"`. Plain serde would write `null`,
/// which clears the property.
pub fn write_patch<M: SerializeMap, T: Wire>(
    map: &mut M,
    name: &'static str,
    field: &Patch<T>,
) -> Result<(), M::Error> {
    match field {
        Patch::Absent => Ok(()),
        Patch::Null => map.serialize_entry(name, &Option::<()>::None),
        Patch::Value(value) => map.serialize_entry(name, &Encode(value)),
    }
}

#[cfg(test)]
mod tests {
    use serde::{Serialize, Serializer};
    use serde_json::json;

    use super::*;

    #[test]
    fn absent_properties_set() {
        let mut absent = AbsentProperties::new();
        assert!(absent.is_empty());
        assert_eq!(absent, AbsentProperties::default());
        assert!(absent.insert("osBuild"));
        assert!(!absent.insert("osBuild"));
        assert!(absent.insert("id"));
        assert!(absent.contains("osBuild"));
        assert!(absent.contains(&String::from("id")));
        assert!(!absent.contains("other"));
        assert_eq!(absent.len(), 2);
        let mut names: Vec<&str> = absent.iter().collect();
        names.sort_unstable();
        assert_eq!(names, ["id", "osBuild"]);
        assert!(absent.remove("osBuild"));
        assert!(!absent.remove("osBuild"));
        assert!(!absent.contains("osBuild"));
        assert_eq!(absent.len(), 1);
    }

    #[test]
    fn absent_properties_default_does_not_allocate() {
        let absent = AbsentProperties::default();
        assert_eq!(absent.names.capacity(), 0);
    }

    /// Writes `@odata.type`, one declared property and the kept ones.
    struct Written<'a> {
        additional: &'a Map<String, Value>,
        hint: Option<&'a str>,
    }

    impl Serialize for Written<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(None)?;
            write_odata_type(&mut map, self.additional, self.hint)?;
            map.serialize_entry("declared", &1)?;
            write_additional(&mut map, self.additional)?;
            map.end()
        }
    }

    #[track_caller]
    fn check_written(additional: Value, hint: Option<&str>, expected: &str) {
        let additional = additional.as_object().unwrap();
        let text = serde_json::to_string(&Written { additional, hint }).unwrap();
        assert_eq!(text, expected);
    }

    #[test]
    fn odata_type_is_written_first() {
        let hint = Some("#microsoft.graph.security.deviceEvidence");
        check_written(
            json!({"a": 1, "@odata.type": "#Kept.Type", "z": 2}),
            hint,
            r##"{"@odata.type":"#Kept.Type","declared":1,"a":1,"z":2}"##,
        );
        check_written(
            json!({"a": 1}),
            hint,
            r##"{"@odata.type":"#microsoft.graph.security.deviceEvidence","declared":1,"a":1}"##,
        );
        check_written(json!({"a": 1}), None, r#"{"declared":1,"a":1}"#);
        check_written(json!({}), None, r#"{"declared":1}"#);
    }

    /// A PATCH body with one field of each `Patch` state.
    struct PatchBody {
        absent: Patch<f64>,
        null: Patch<f64>,
        value: Patch<f64>,
    }

    impl Serialize for PatchBody {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(None)?;
            write_patch(&mut map, "absent", &self.absent)?;
            write_patch(&mut map, "null", &self.null)?;
            write_patch(&mut map, "value", &self.value)?;
            map.end()
        }
    }

    #[test]
    fn patch_fields_written_by_state() {
        let body = PatchBody {
            absent: Patch::Absent,
            null: Patch::Null,
            value: Patch::Value(1.5),
        };
        let text = serde_json::to_string(&body).unwrap();
        assert_eq!(text, r#"{"null":null,"value":1.5}"#);
    }

    #[test]
    fn patch_nan_written_as_string() {
        let body = PatchBody {
            absent: Patch::Absent,
            null: Patch::Absent,
            value: Patch::Value(f64::NAN),
        };
        let text = serde_json::to_string(&body).unwrap();
        assert_eq!(text, r#"{"value":"NaN"}"#);
    }
}
