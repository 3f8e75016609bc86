//! Dispatch by `@odata.type`, kept unknown types and kept broken items, read
//! through every kind of deserializer.

use serde::Deserialize;
use serde_json::json;

use super::*;

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct AlertEvidence {
    #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
    odata_type: Option<String>,
    remediation_status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct DeviceEvidence {
    #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
    odata_type: Option<String>,
    os_build: Option<i64>,
}

/// What the generator emits for a property typed `alertEvidence`.
#[derive(Debug, Clone, PartialEq)]
enum AnyAlertEvidence {
    AlertEvidence(AlertEvidence),
    DeviceEvidence(DeviceEvidence),
    Unknown(Map<String, Value>),
    Invalid(Invalid),
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

/// Decodes a list of items through every deserializer the runtime supports
/// and checks that they agree.
#[track_caller]
fn decode_all(input: &Value) -> Vec<AnyAlertEvidence> {
    let text = input.to_string();
    let from_str: Vec<AnyAlertEvidence> = serde_json::from_str(&text).unwrap();
    let from_slice: Vec<AnyAlertEvidence> = serde_json::from_slice(text.as_bytes()).unwrap();
    let from_value: Vec<AnyAlertEvidence> = serde_json::from_value(input.clone()).unwrap();
    let from_value_ref = Vec::<AnyAlertEvidence>::deserialize(input).unwrap();
    let with_path: Vec<AnyAlertEvidence> = json::from_str(&text).unwrap();
    let with_path_value: Vec<AnyAlertEvidence> = json::from_value(input.clone()).unwrap();
    assert_eq!(from_slice, from_str, "from_slice");
    assert_eq!(from_value, from_str, "from_value");
    assert_eq!(from_value_ref, from_str, "from &Value");
    assert_eq!(with_path, from_str, "through serde_path_to_error");
    assert_eq!(
        with_path_value, from_str,
        "value through serde_path_to_error"
    );
    from_str
}

fn invalid(raw: &Value, error: &str) -> Invalid {
    Invalid {
        raw: RawValue::from_string(raw.to_string()).unwrap(),
        error: error.to_owned(),
    }
}

fn device(type_name: &str, os_build: i64) -> AnyAlertEvidence {
    AnyAlertEvidence::DeviceEvidence(DeviceEvidence {
        odata_type: Some(type_name.to_owned()),
        os_build: Some(os_build),
    })
}

#[test]
fn dispatch_by_type_name() {
    let input = json!([
        {"@odata.type": "#microsoft.graph.security.deviceEvidence", "osBuild": 1},
        {"@odata.type": "microsoft.graph.security.deviceEvidence", "osBuild": 2},
        {"osBuild": 3, "@odata.type": "#MICROSOFT.GRAPH.SECURITY.DEVICEEVIDENCE"},
        {"@odata.type": "#microsoft.graph.security.alertEvidence", "remediationStatus": "none"},
        {"remediationStatus": "prevented"},
    ]);
    let items = decode_all(&input);
    assert_eq!(
        items[0],
        device("#microsoft.graph.security.deviceEvidence", 1)
    );
    assert_eq!(
        items[1],
        device("microsoft.graph.security.deviceEvidence", 2)
    );
    assert_eq!(
        items[2],
        device("#MICROSOFT.GRAPH.SECURITY.DEVICEEVIDENCE", 3)
    );
    assert!(matches!(&items[3], AnyAlertEvidence::AlertEvidence(e) if e.odata_type.is_some()));
    let base = AlertEvidence {
        odata_type: None,
        remediation_status: Some("prevented".to_owned()),
    };
    assert_eq!(items[4], AnyAlertEvidence::AlertEvidence(base));
    assert_eq!(serde_json::to_value(&items).unwrap(), input);
}

#[test]
fn unknown_type_is_kept() {
    let input = json!([{
        "@odata.type": "#microsoft.graph.security.futureEvidence",
        "nested": {"a": [1, 2.5, "x", null, {"b": true}]},
        "big": 12345678901234567890u64,
        "text": "é \" \\ \n",
    }]);
    let items = decode_all(&input);
    let AnyAlertEvidence::Unknown(map) = &items[0] else {
        panic!("expected an unknown item, got {:?}", items[0]);
    };
    assert_eq!(Value::Object(map.clone()), input[0]);
    assert_eq!(serde_json::to_value(&items).unwrap(), input);
    assert_eq!(
        crate::runtime::json::to_string(&items).unwrap(),
        serde_json::to_string(&input).unwrap()
    );
}

#[test]
fn broken_item_is_invalid_with_inner_path() {
    let input = json!([
        {"@odata.type": "#microsoft.graph.security.deviceEvidence", "osBuild": "x"},
        {"@odata.type": "#microsoft.graph.security.deviceEvidence", "osBuild": 4},
    ]);
    let items = decode_all(&input);
    let expected = invalid(
        &input[0],
        "osBuild: invalid type: string \"x\", expected i64",
    );
    assert_eq!(items[0], AnyAlertEvidence::Invalid(expected));
    assert_eq!(
        items[1],
        device("#microsoft.graph.security.deviceEvidence", 4)
    );
    assert_eq!(serde_json::to_value(&items).unwrap(), input);
}

#[test]
fn non_object_items_are_invalid() {
    let cases = [
        (json!(null), "invalid type: null, expected a JSON object"),
        (
            json!("text"),
            "invalid type: string, expected a JSON object",
        ),
        (json!([1, 2]), "invalid type: array, expected a JSON object"),
        (json!(-5), "invalid type: number, expected a JSON object"),
        (
            json!(false),
            "invalid type: boolean, expected a JSON object",
        ),
    ];
    for (item, message) in cases {
        let input = json!([item]);
        let items = decode_all(&input);
        let expected = invalid(&item, message);
        assert_eq!(items[0], AnyAlertEvidence::Invalid(expected), "item {item}");
        assert_eq!(serde_json::to_value(&items).unwrap(), input, "item {item}");
    }
}

#[test]
fn unknown_on_non_object_is_invalid() {
    let item: Item = serde_json::from_str("[1]").unwrap();
    assert_eq!(item.type_name(), None);
    assert!(!item.is_object());
    let result = item.unknown(Ok, Err::<Map<String, Value>, Invalid>);
    assert_eq!(
        result.unwrap_err().error,
        "invalid type: array, expected a JSON object"
    );
}

#[track_caller]
fn type_name_of(text: &str) -> Option<String> {
    let item: Item = serde_json::from_str(text).unwrap();
    item.type_name().map(str::to_owned)
}

#[test]
fn type_name_scan() {
    let cases: [(&str, Option<&str>); 14] = [
        (r##"{"@odata.type":"#A.B"}"##, Some("a.b")),
        (r##"  {  "@odata.type"  :  "A.B"  }  "##, Some("a.b")),
        (
            r##"{"x":{"@odata.type":"#Inner"},"@odata.type":"#Outer"}"##,
            Some("outer"),
        ),
        (
            r##"{"x":[1,{"y":"}"}],"z":"a,b","@odata.type":"#T"}"##,
            Some("t"),
        ),
        (
            r##"{"x":"\"@odata.type\":","@odata.type":"#T"}"##,
            Some("t"),
        ),
        (
            r##"{"@odata\u002etype":"#Escaped.Key"}"##,
            Some("escaped.key"),
        ),
        (
            r##"{"@odata.type":"#Escaped\u002eValue"}"##,
            Some("escaped.value"),
        ),
        (
            r##"{"@odata.type":"#First","x":[{"@odata.type":"#Inner"}],"@odata.type":"#Last"}"##,
            Some("last"),
        ),
        (r##"{"@odata.type":"#First","@odata.type":5}"##, None),
        (
            r##"{"x":"a","y":{"z":["@odata.type"]},"@odata.type":"#T"}"##,
            Some("t"),
        ),
        (r##"{"@odata.type":5}"##, None),
        (r##"{"@odata.type":null}"##, None),
        (r##"{"x":1}"##, None),
        (r##"{}"##, None),
    ];
    for (text, expected) in cases {
        assert_eq!(type_name_of(text).as_deref(), expected, "scanning {text}");
    }
    assert_eq!(type_name_of(r#""@odata.type""#), None);
}

#[test]
fn deep_item_does_not_crash() {
    let deep = format!("[{{\"a\": {}}}]", "[".repeat(100_000));
    assert!(serde_json::from_str::<Vec<AnyAlertEvidence>>(&deep).is_err());

    // RawValue validates the item without recursion, and the scan stops the
    // item before any decoder recurses into it.
    let item_text = format!("{{\"a\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    let items: Vec<AnyAlertEvidence> = serde_json::from_str(&format!("[{item_text}]")).unwrap();
    let AnyAlertEvidence::Invalid(kept) = &items[0] else {
        panic!("expected an invalid item, got {:?}", items[0]);
    };
    assert_eq!(
        kept.error,
        "recursion limit exceeded: more than 128 nested arrays and objects"
    );
    assert_eq!(kept.raw.get(), item_text, "the kept text is the item");
    assert!(kept.to_value().is_err(), "a Value cannot hold the item");
    let written = serde_json::to_string(&items).unwrap();
    assert_eq!(written, format!("[{item_text}]"), "written back unchanged");
}

#[test]
fn depth_limit_counts_the_item_object() {
    let nested = |levels: usize| {
        format!(
            "{{\"a\":{}{}}}",
            "[".repeat(levels - 1),
            "]".repeat(levels - 1)
        )
    };
    let item: Item = serde_json::from_str(&nested(MAX_DEPTH)).unwrap();
    assert!(!item.is_too_deep(), "{MAX_DEPTH} levels are allowed");
    let item: Item = serde_json::from_str(&nested(MAX_DEPTH + 1)).unwrap();
    assert!(item.is_too_deep(), "{} levels are too many", MAX_DEPTH + 1);
    let item: Item = serde_json::from_str(r#"{"a":"[[[[[[[[[["}"#).unwrap();
    assert!(!item.is_too_deep(), "brackets inside strings do not count");
}

#[test]
fn unpaired_surrogate_is_kept_as_text() {
    let text = r#"[{"remediationStatus":"\ud800"}]"#;
    let items: Vec<AnyAlertEvidence> = serde_json::from_str(text).unwrap();
    let AnyAlertEvidence::Invalid(kept) = &items[0] else {
        panic!("expected an invalid item, got {:?}", items[0]);
    };
    assert_eq!(serde_json::to_string(&items).unwrap(), text);
    assert!(kept.to_value().is_err(), "a Value cannot hold the item");
    assert!(
        serde_json::to_value(&items).is_err(),
        "encoding into a Value fails instead of losing the item"
    );
}

#[test]
fn invalid_display_and_error() {
    let invalid = invalid(&json!({"a": 1}), "a: bad");
    assert_eq!(invalid.to_string(), "a: bad");
    let error: &dyn std::error::Error = &invalid;
    assert_eq!(error.to_string(), "a: bad");
}
