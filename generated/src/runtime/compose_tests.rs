//! A hand-written copy of the code the generator emits for an entity, to
//! prove that the runtime pieces compose: visitor-based `Deserialize` with
//! [`Key`] and [`Decode`], `Serialize` with [`Encode`], kept unknown
//! properties, [`AbsentProperties`] for a non-nullable property, an open
//! enum collection, a nested struct and a polymorphic collection.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Map, Value};

use super::edm::DateTimeOffset;
use super::enums::tests::AlertSeverity;
use super::json;
use super::object::{write_additional, write_odata_type};
use super::polymorphic::serialize_unknown;
use super::{AbsentProperties, Decode, Encode, Invalid, Key};

/// `microsoft.graph.security.alert`, cut down.
#[derive(Debug, Clone, PartialEq, Default)]
struct Alert {
    /// Non-nullable `Edm.String`.
    id: String,
    title: Option<String>,
    created_date_time: Option<DateTimeOffset>,
    /// Non-nullable `Collection(alertSeverity)`.
    severity_history: Vec<AlertSeverity>,
    last_comment: Option<AlertComment>,
    evidence: Vec<AnyAlertEvidence>,
    additional_properties: Map<String, Value>,
    absent_properties: AbsentProperties,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct AlertComment {
    comment: Option<String>,
    created_date_time: Option<DateTimeOffset>,
    additional_properties: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct AlertEvidence {
    created_date_time: Option<DateTimeOffset>,
    additional_properties: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct DeviceEvidence {
    created_date_time: Option<DateTimeOffset>,
    os_build: Option<i64>,
    additional_properties: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq)]
enum AnyAlertEvidence {
    AlertEvidence(AlertEvidence),
    DeviceEvidence(DeviceEvidence),
    Unknown(Map<String, Value>),
    Invalid(Invalid),
}

impl<'de> Deserialize<'de> for Alert {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AlertVisitor;

        impl<'de> Visitor<'de> for AlertVisitor {
            type Value = Alert;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a microsoft.graph.security.alert object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Alert, A::Error> {
                let mut out = Alert::default();
                let mut has_id = false;
                let mut has_severity_history = false;
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match key.as_str() {
                        "id" => {
                            out.id = map.next_value_seed(Decode::<String>::new())?;
                            has_id = true;
                        }
                        "title" => out.title = map.next_value_seed(Decode::new())?,
                        "createdDateTime" => {
                            out.created_date_time = map.next_value_seed(Decode::new())?
                        }
                        "severityHistory" => {
                            out.severity_history = map.next_value_seed(Decode::new())?;
                            has_severity_history = true;
                        }
                        "lastComment" => out.last_comment = map.next_value_seed(Decode::new())?,
                        "evidence" => out.evidence = map.next_value_seed(Decode::new())?,
                        _ => {
                            let value: Value = map.next_value()?;
                            out.additional_properties.insert(key.into_string(), value);
                        }
                    }
                }
                if !has_id {
                    out.absent_properties.insert("id");
                }
                if !has_severity_history {
                    out.absent_properties.insert("severityHistory");
                }
                Ok(out)
            }
        }

        deserializer.deserialize_map(AlertVisitor)
    }
}

impl Serialize for Alert {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        write_odata_type(&mut map, &self.additional_properties, None)?;
        if !self.absent_properties.contains("id") {
            map.serialize_entry("id", &Encode(&self.id))?;
        }
        map.serialize_entry("title", &Encode(&self.title))?;
        map.serialize_entry("createdDateTime", &Encode(&self.created_date_time))?;
        if !self.absent_properties.contains("severityHistory") {
            map.serialize_entry("severityHistory", &Encode(&self.severity_history))?;
        }
        map.serialize_entry("lastComment", &Encode(&self.last_comment))?;
        map.serialize_entry("evidence", &Encode(&self.evidence))?;
        write_additional(&mut map, &self.additional_properties)?;
        map.end()
    }
}

crate::runtime::wire_via_serde!(Alert);

impl<'de> Deserialize<'de> for AlertComment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CommentVisitor;

        impl<'de> Visitor<'de> for CommentVisitor {
            type Value = AlertComment;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a microsoft.graph.security.alertComment object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AlertComment, A::Error> {
                let mut out = AlertComment::default();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match key.as_str() {
                        "comment" => out.comment = map.next_value_seed(Decode::new())?,
                        "createdDateTime" => {
                            out.created_date_time = map.next_value_seed(Decode::new())?
                        }
                        _ => {
                            let value: Value = map.next_value()?;
                            out.additional_properties.insert(key.into_string(), value);
                        }
                    }
                }
                Ok(out)
            }
        }

        deserializer.deserialize_map(CommentVisitor)
    }
}

impl Serialize for AlertComment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        write_odata_type(&mut map, &self.additional_properties, None)?;
        map.serialize_entry("comment", &Encode(&self.comment))?;
        map.serialize_entry("createdDateTime", &Encode(&self.created_date_time))?;
        write_additional(&mut map, &self.additional_properties)?;
        map.end()
    }
}

crate::runtime::wire_via_serde!(AlertComment);

impl<'de> Deserialize<'de> for AlertEvidence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EvidenceVisitor;

        impl<'de> Visitor<'de> for EvidenceVisitor {
            type Value = AlertEvidence;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a microsoft.graph.security.alertEvidence object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AlertEvidence, A::Error> {
                let mut out = AlertEvidence::default();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match key.as_str() {
                        "createdDateTime" => {
                            out.created_date_time = map.next_value_seed(Decode::new())?
                        }
                        _ => {
                            let value: Value = map.next_value()?;
                            out.additional_properties.insert(key.into_string(), value);
                        }
                    }
                }
                Ok(out)
            }
        }

        deserializer.deserialize_map(EvidenceVisitor)
    }
}

impl Serialize for AlertEvidence {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        write_odata_type(&mut map, &self.additional_properties, None)?;
        map.serialize_entry("createdDateTime", &Encode(&self.created_date_time))?;
        write_additional(&mut map, &self.additional_properties)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for DeviceEvidence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DeviceVisitor;

        impl<'de> Visitor<'de> for DeviceVisitor {
            type Value = DeviceEvidence;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a microsoft.graph.security.deviceEvidence object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DeviceEvidence, A::Error> {
                let mut out = DeviceEvidence::default();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    match key.as_str() {
                        "createdDateTime" => {
                            out.created_date_time = map.next_value_seed(Decode::new())?
                        }
                        "osBuild" => {
                            out.os_build = map.next_value_seed(Decode::<Option<i64>>::new())?
                        }
                        _ => {
                            let value: Value = map.next_value()?;
                            out.additional_properties.insert(key.into_string(), value);
                        }
                    }
                }
                Ok(out)
            }
        }

        deserializer.deserialize_map(DeviceVisitor)
    }
}

impl Serialize for DeviceEvidence {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        let hint = Some("#microsoft.graph.security.deviceEvidence");
        write_odata_type(&mut map, &self.additional_properties, hint)?;
        map.serialize_entry("createdDateTime", &Encode(&self.created_date_time))?;
        map.serialize_entry("osBuild", &Encode(&self.os_build))?;
        write_additional(&mut map, &self.additional_properties)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for AnyAlertEvidence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let item = crate::runtime::polymorphic::Item::deserialize(deserializer)?;
        Ok(match item.type_name() {
            None | Some("microsoft.graph.security.alertevidence") => {
                item.decode(Self::AlertEvidence, Self::Invalid)
            }
            Some("microsoft.graph.security.deviceevidence") => {
                item.decode(Self::DeviceEvidence, Self::Invalid)
            }
            Some(_) => item.unknown(Self::Unknown, Self::Invalid),
        })
    }
}

impl Serialize for AnyAlertEvidence {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::AlertEvidence(value) => value.serialize(serializer),
            Self::DeviceEvidence(value) => value.serialize(serializer),
            Self::Unknown(map) => serialize_unknown(map, serializer),
            Self::Invalid(invalid) => invalid.serialize(serializer),
        }
    }
}

crate::runtime::wire_via_serde!(AnyAlertEvidence);

fn sample() -> Value {
    json!({
        "@odata.context": "https://example.invalid/$metadata#security/alerts_v2/$entity",
        "@odata.etag": "W/\"1\"",
        "id": "da637551227677560813_-961444813",
        "title": "Suspicious execution",
        "createdDateTime": "2021-04-27T12:19:27.7211305+05:30",
        "severityHistory": ["low", "HIGH", 3, "criticalNew"],
        "lastComment": {
            "comment": "checked",
            "createdDateTime": "2021-04-28T00:00:00Z",
            "createdByDisplayName": "analyst"
        },
        "evidence": [
            {
                "@odata.type": "#microsoft.graph.security.deviceEvidence",
                "createdDateTime": "2021-04-27T12:19:27.7211305Z",
                "osBuild": "22631",
                "deviceDnsName": "host.contoso.example"
            },
            {
                "@odata.type": "#microsoft.graph.security.deviceEvidence",
                "createdDateTime": null,
                "osBuild": "build-x"
            },
            {
                "@odata.type": "#microsoft.graph.security.cloudLogonSessionEvidence",
                "sessionId": "abc",
                "nested": {"a": [1, 2.5, null]}
            },
            {"createdDateTime": "2021-04-27T00:00:00-08:00", "remediationStatus": "none"},
            null
        ],
        "futureProperty": {"x": [true, false]}
    })
}

#[test]
fn alert_decodes_through_every_entry_point() {
    let input = sample();
    let text = input.to_string();
    let from_str: Alert = json::from_str(&text).unwrap();
    let from_slice: Alert = json::from_slice(text.as_bytes()).unwrap();
    let from_value: Alert = json::from_value(input.clone()).unwrap();
    let plain: Alert = serde_json::from_str(&text).unwrap();
    assert_eq!(from_slice, from_str);
    assert_eq!(from_value, from_str);
    assert_eq!(plain, from_str);
}

#[test]
fn alert_fields_are_typed() {
    let alert: Alert = json::from_value(sample()).unwrap();
    assert_eq!(alert.id, "da637551227677560813_-961444813");
    let created = alert.created_date_time.unwrap();
    assert_eq!(created.offset_minutes(), 330);
    assert_eq!(created.to_string(), "2021-04-27T12:19:27.7211305+05:30");
    assert_eq!(
        alert.severity_history,
        [
            AlertSeverity::Low,
            AlertSeverity::High,
            AlertSeverity::Medium,
            AlertSeverity::Other("criticalNew".to_owned()),
        ]
    );
    let comment = alert.last_comment.unwrap();
    assert_eq!(comment.comment.as_deref(), Some("checked"));
    assert_eq!(
        comment.additional_properties["createdByDisplayName"],
        "analyst"
    );
    assert!(alert.absent_properties.is_empty());
    assert!(alert.additional_properties.contains_key("futureProperty"));
    assert!(alert.additional_properties.contains_key("@odata.etag"));
}

#[test]
fn alert_evidence_variants() {
    let alert: Alert = json::from_value(sample()).unwrap();
    let [device, broken, unknown, base, null] = &alert.evidence[..] else {
        panic!("expected five evidence items, got {:?}", alert.evidence);
    };
    let AnyAlertEvidence::DeviceEvidence(device) = device else {
        panic!("expected device evidence, got {device:?}");
    };
    assert_eq!(device.os_build, Some(22631));
    let AnyAlertEvidence::Invalid(broken) = broken else {
        panic!("expected invalid evidence, got {broken:?}");
    };
    assert_eq!(
        broken.error,
        "osBuild: invalid value: string \"build-x\", expected Edm.Int64"
    );
    assert!(matches!(unknown, AnyAlertEvidence::Unknown(_)));
    assert!(matches!(base, AnyAlertEvidence::AlertEvidence(_)));
    let AnyAlertEvidence::Invalid(null) = null else {
        panic!("expected invalid evidence, got {null:?}");
    };
    assert_eq!(null.error, "invalid type: null, expected a JSON object");
}

#[test]
fn alert_round_trip_is_lossless() {
    let input = sample();
    let alert: Alert = json::from_value(input.clone()).unwrap();
    let written = json::to_value(&alert).unwrap();
    let mut expected = input;
    // Writing normalizes values, keeping their meaning: Int64 strings become
    // numbers and enum names take their declared case.
    expected["evidence"][0]["osBuild"] = json!(22631);
    expected["severityHistory"] = json!(["low", "high", "medium", "criticalNew"]);
    assert_eq!(written, expected);
    let again: Alert = json::from_str(&json::to_string(&alert).unwrap()).unwrap();
    assert_eq!(again, alert);
}

#[test]
fn absent_non_nullable_stays_absent() {
    let input = json!({"title": null, "evidence": []});
    let alert: Alert = json::from_value(input).unwrap();
    assert!(alert.absent_properties.contains("id"));
    assert!(alert.absent_properties.contains("severityHistory"));
    let written = json::to_value(&alert).unwrap();
    let expected = json!({
        "title": null,
        "createdDateTime": null,
        "lastComment": null,
        "evidence": [],
    });
    assert_eq!(written, expected);
}

#[test]
fn alert_errors_name_the_path() {
    let cases = [
        (
            json!({"lastComment": {"createdDateTime": "2021-13-01T00:00:00Z"}}),
            "lastComment.createdDateTime",
            "invalid Edm.DateTimeOffset `2021-13-01T00:00:00Z`: month must be 01 to 12",
        ),
        (
            json!({"severityHistory": ["low", 42]}),
            "severityHistory[1]",
            "invalid value: integer `42`, expected a member of \
             microsoft.graph.security.alertSeverity",
        ),
        (
            json!({"severityHistory": ["low", null]}),
            "severityHistory[1]",
            "invalid type: null, expected a member name of \
             microsoft.graph.security.alertSeverity",
        ),
        (
            json!({"id": 5}),
            "id",
            "invalid type: integer `5`, expected a string",
        ),
        (
            json!({"evidence": {}}),
            "evidence",
            "invalid type: map, expected a JSON array",
        ),
    ];
    for (input, path, message) in cases {
        let error = json::from_str::<Alert>(&input.to_string()).unwrap_err();
        assert_eq!(error.path(), path, "decoding {input}");
        assert_eq!(error.message(), message, "decoding {input}");
        let error = json::from_value::<Alert>(input.clone()).unwrap_err();
        assert_eq!(error.path(), path, "decoding value {input}");
    }
}
