//! Edm types whose JSON form is kept as a `serde_json::Value`:
//! `Edm.Stream`, `Edm.Geography` and `Edm.Geometry`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

macro_rules! json_value_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
        pub struct $name(pub Value);

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Value::deserialize(deserializer).map($name)
            }
        }

        crate::runtime::wire_via_serde!($name);

        /// Writes the value as compact JSON.
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        /// Parses JSON text.
        impl FromStr for $name {
            type Err = serde_json::Error;

            fn from_str(text: &str) -> Result<Self, serde_json::Error> {
                serde_json::from_str(text).map($name)
            }
        }

        impl From<Value> for $name {
            fn from(value: Value) -> Self {
                $name(value)
            }
        }
    };
}

json_value_type!(
    /// `Edm.Stream`: the value of a stream property, kept as JSON.
    ///
    /// A stream property usually has no value in the payload, only
    /// `@odata.mediaReadLink` and similar control information, which the
    /// containing struct keeps with its other annotations. When a service
    /// includes the stream inline, the JSON shape depends on
    /// `@odata.mediaContentType`: native JSON for JSON media types, a string
    /// for text, and a base64url string for anything else. The media type is
    /// among the containing struct's kept annotations, not in this value, so
    /// the value is kept as read and the caller decodes it.
    Stream
);

json_value_type!(
    /// `Edm.Geography` and its subtypes (`Edm.GeographyPoint`, ...), kept as
    /// the GeoJSON object (RFC 7946) that OData writes, such as
    /// `{"type": "Point", "coordinates": [142.1, 64.1]}`.
    Geography
);

json_value_type!(
    /// `Edm.Geometry` and its subtypes (`Edm.GeometryPoint`, ...), kept as
    /// the GeoJSON object (RFC 7946) that OData writes.
    Geometry
);
