//! Edits to a valid alert, for the structure-aware `alert_edits` target.
//!
//! A byte-level fuzzer spends most inputs on JSON syntax errors. Here the fuzzer picks a
//! place in a valid alert (the alert itself, an evidence item, a comment or a nested
//! object), a property name that the model declares (or any name), and a value that is likely
//! to be interesting there: a date-time at the edge of its range, an enum member in odd
//! case, an `@odata.type`, an integer at the edge of `i64`, or a small nested value.

use arbitrary::{Arbitrary, Result, Unstructured};
use serde_json::{Map, Number, Value};

/// The alert that every edit list starts from.
pub const BASE_ALERT: &str = include_str!("../seeds/alert_json/base_alert.json");

/// The maximum nesting of a generated value. Deeper values only reach the JSON parser's
/// limit, which the byte-level target already covers.
const MAX_VALUE_DEPTH: u32 = 4;

/// Property names of alerts, comments, evidence and their nested objects, plus
/// annotations, so most edits hit a typed field.
const KEYS: &[&str] = &[
    "@odata.type",
    "@odata.context",
    "@odata.id",
    "id@odata.type",
    "createdDateTime@odata.type",
    "id",
    "actorDisplayName",
    "additionalData",
    "alertPolicyId",
    "alertWebUrl",
    "assignedTo",
    "categories",
    "category",
    "classification",
    "comments",
    "createdDateTime",
    "customDetails",
    "description",
    "detectionSource",
    "detectorId",
    "determination",
    "evidence",
    "firstActivityDateTime",
    "incidentId",
    "incidentWebUrl",
    "investigationState",
    "lastActivityDateTime",
    "lastUpdateDateTime",
    "mitreTechniques",
    "productName",
    "providerAlertId",
    "recommendedActions",
    "resolvedDateTime",
    "serviceSource",
    "severity",
    "status",
    "systemTags",
    "tenantId",
    "threatDisplayName",
    "threatFamilyName",
    "title",
    "comment",
    "createdByDisplayName",
    "detailedRoles",
    "remediationStatus",
    "remediationStatusDetails",
    "roles",
    "tags",
    "verdict",
    "detectionStatus",
    "fileDetails",
    "mdeDeviceId",
    "imageFile",
    "parentProcessCreationDateTime",
    "parentProcessId",
    "parentProcessImageFile",
    "processCommandLine",
    "processCreationDateTime",
    "processId",
    "userAccount",
    "stream",
    "countryLetterCode",
    "ipAddress",
    "location",
    "azureAdDeviceId",
    "defenderAvStatus",
    "firstSeenDateTime",
    "healthStatus",
    "hostName",
    "ipInterfaces",
    "loggedOnUsers",
    "onboardingStatus",
    "osBuild",
    "rbacGroupId",
    "riskScore",
    "vmMetadata",
    "fileName",
    "fileSize",
    "sha256",
    "accountName",
    "activeDirectoryObjectGuid",
    "url",
];

/// `@odata.type` values: known evidence types, their base, other types and odd forms.
const TYPES: &[&str] = &[
    "#microsoft.graph.security.fileEvidence",
    "#microsoft.graph.security.processEvidence",
    "#microsoft.graph.security.userEvidence",
    "#microsoft.graph.security.ipEvidence",
    "#microsoft.graph.security.deviceEvidence",
    "#microsoft.graph.security.urlEvidence",
    "#microsoft.graph.security.mailboxEvidence",
    "#microsoft.graph.security.kubernetesPodEvidence",
    "#microsoft.graph.security.alertEvidence",
    "#microsoft.graph.security.alert",
    "#microsoft.graph.security.fileDetails",
    "#Microsoft.Graph.Security.FileEvidence",
    "microsoft.graph.security.userEvidence",
    "#microsoft.graph.security.",
    "#",
    "",
];

/// Strings that parse as, or nearly as, the Edm types and enums of the model.
const STRINGS: &[&str] = &[
    "2024-05-01T10:00:00Z",
    "2024-05-01T10:00:00.1234567Z",
    "2024-05-01T10:00:00.123456789012Z",
    "2024-02-29T23:59:60Z",
    "2023-02-29T00:00:00Z",
    "9999-12-31T23:59:59.9999999+14:00",
    "0000-01-01T00:00:00-14:00",
    "-0001-01-01T00:00:00Z",
    "2024-05-01T10:00:00+24:00",
    "2024-05-01T10:00:00",
    "2024-05-01",
    "10:00:00",
    "P1DT2H3M4.5S",
    "-P1Y",
    "0b1c2d3e-0000-4000-8000-000000000002",
    "{0b1c2d3e-0000-4000-8000-000000000002}",
    "unknownFutureValue",
    "HIGH",
    "inprogress",
    "low,high",
    "suspicious, malicious",
    "attacker",
    "1e400",
    "-0",
    "NaN",
    "",
    " ",
    "\u{0}",
    "\u{fffd}",
    "\u{1f600}",
    "\\u0000",
];

/// A list of edits to the base alert.
#[derive(Debug, Arbitrary)]
pub struct Edits {
    edits: Vec<Edit>,
}

#[derive(Debug, Arbitrary)]
struct Edit {
    place: Place,
    key: Key,
    value: FuzzValue,
}

#[derive(Debug, Arbitrary)]
enum Place {
    Alert,
    Evidence(u8),
    Comment(u8),
    /// An object inside an evidence item, such as `imageFile` or `userAccount`.
    Nested(u8, u8),
    /// A new evidence item with the `@odata.type` at this index of [`TYPES`].
    NewEvidence(u8),
}

#[derive(Debug, Arbitrary)]
enum Key {
    Known(u8),
    Any(String),
}

/// A JSON value, or the removal of the property.
#[derive(Debug)]
struct FuzzValue(Option<Value>);

impl<'a> Arbitrary<'a> for FuzzValue {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        if u.ratio(1, 8)? {
            return Ok(FuzzValue(None));
        }
        Ok(FuzzValue(Some(value(u, 0)?)))
    }
}

fn value(u: &mut Unstructured<'_>, depth: u32) -> Result<Value> {
    let nested = depth < MAX_VALUE_DEPTH;
    let choices = if nested { 10 } else { 8 };
    Ok(match u.choose_index(choices)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::from(*u.choose(&[0i64, -1, 1, i64::MIN, i64::MAX, 255, 256, -129])?),
        3 => Value::from(u.arbitrary::<u64>()?),
        4 => Number::from_f64(u.arbitrary()?).map_or(Value::Null, Value::Number),
        5 => Value::from(*u.choose(STRINGS)?),
        6 => Value::from(*u.choose(TYPES)?),
        7 => Value::from(u.arbitrary::<String>()?),
        8 => {
            let len = u.int_in_range(0..=3)?;
            let items: Result<Vec<Value>> = (0..len).map(|_| value(u, depth + 1)).collect();
            Value::Array(items?)
        }
        _ => {
            let mut map = Map::new();
            for _ in 0..u.int_in_range(0..=3)? {
                let key = key_name(&u.arbitrary::<Key>()?);
                map.insert(key, value(u, depth + 1)?);
            }
            Value::Object(map)
        }
    })
}

fn key_name(key: &Key) -> String {
    match key {
        Key::Known(index) => KEYS[usize::from(*index) % KEYS.len()].to_owned(),
        Key::Any(name) => name.clone(),
    }
}

impl Edits {
    /// Applies the edits to [`BASE_ALERT`] and returns the edited alert as JSON bytes.
    pub fn apply_to_base_alert(&self) -> Vec<u8> {
        let mut alert: Value = serde_json::from_str(BASE_ALERT).expect("the base alert is JSON");
        for edit in &self.edits {
            if let Some(target) = place(&mut alert, &edit.place) {
                let key = key_name(&edit.key);
                match &edit.value.0 {
                    Some(value) => target.insert(key, value.clone()),
                    None => target.remove(&key),
                };
            }
        }
        serde_json::to_vec(&alert).expect("a JSON value encodes")
    }
}

/// Finds the object an edit applies to, or `None` when an earlier edit replaced the path
/// to it with something that is not an object.
fn place<'v>(alert: &'v mut Value, place: &Place) -> Option<&'v mut Map<String, Value>> {
    let nth = |items: &'v mut Value, index: u8| -> Option<&'v mut Value> {
        let items = items.as_array_mut()?;
        if items.is_empty() {
            return None;
        }
        let len = items.len();
        items.get_mut(usize::from(index) % len)
    };
    match *place {
        Place::Alert => alert.as_object_mut(),
        Place::Evidence(index) => nth(alert.get_mut("evidence")?, index)?.as_object_mut(),
        Place::Comment(index) => nth(alert.get_mut("comments")?, index)?.as_object_mut(),
        Place::Nested(index, which) => {
            let evidence = nth(alert.get_mut("evidence")?, index)?.as_object_mut()?;
            let nested = ["imageFile", "userAccount", "fileDetails", "loggedOnUsers"];
            let key = nested[usize::from(which) % nested.len()];
            match evidence.get_mut(key)? {
                Value::Array(items) => items.first_mut()?.as_object_mut(),
                other => other.as_object_mut(),
            }
        }
        Place::NewEvidence(index) => {
            let items = alert.get_mut("evidence")?.as_array_mut()?;
            let odata_type = TYPES[usize::from(index) % TYPES.len()];
            let mut item = Map::new();
            item.insert("@odata.type".to_owned(), Value::from(odata_type));
            items.push(Value::Object(item));
            items.last_mut()?.as_object_mut()
        }
    }
}
