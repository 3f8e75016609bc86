//! Round-trips our own alert payloads in `fixtures/payloads/` through the generated
//! `Alert`, and checks what they were written to cover. That is every evidence type of
//! the schema, an unknown evidence type, and unknown properties and enum members at every
//! level. It is also members declared after `unknownFutureValue`, odd `@odata.type`
//! spellings, evidence without `@odata.type`, `Edm.Int64` strings, every date-time
//! fraction length, nulls, and non-nullable properties left out.
//! `fixtures/payloads/README.md` lists the files.

use std::collections::BTreeSet;
use std::path::Path;

use graph_security::models::security::{
    Alert, AlertClassification, AlertEvidence, AlertSeverity, AnyAlertEvidence, DeviceEvidence,
    EvidenceVerdict, KubernetesServiceEvidence,
};
use graph_security::runtime::edm::DateTimeOffset;
use graph_security::runtime::{json, OpenEnum};
use serde_json::{json, Value};
use tests::{
    alerts_in, evidence_types, is_enum, load_schema, payload_equivalent, read_json_files,
    round_trip_alert, variant_name, RoundTrip,
};

/// One alert of a fixture file, decoded and written back.
struct Fixture {
    /// The file name and the alert's `id`, for messages.
    origin: String,
    input: Value,
    alert: Alert,
    written: Value,
}

fn read_fixtures() -> Vec<Fixture> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/payloads");
    let mut fixtures = Vec::new();
    for (name, body) in read_json_files(&dir) {
        for input in alerts_in(&body) {
            let origin = format!("{name} {}", input["id"]);
            let RoundTrip { alert, written } =
                round_trip_alert(input).unwrap_or_else(|error| panic!("{origin}: {error}"));
            fixtures.push(Fixture {
                origin,
                input: input.clone(),
                alert,
                written,
            });
        }
    }
    fixtures
}

/// Returns the fixture alert with this `id`.
#[track_caller]
fn fixture(id: &str) -> Fixture {
    read_fixtures()
        .into_iter()
        .find(|fixture| fixture.input["id"] == id)
        .unwrap_or_else(|| panic!("no fixture alert has the id {id}"))
}

/// Returns the written value at a JSON pointer such as `/evidence/1/verdict`.
#[track_caller]
fn written_at<'a>(fixture: &'a Fixture, pointer: &str) -> &'a Value {
    fixture
        .written
        .pointer(pointer)
        .unwrap_or_else(|| panic!("{}: nothing written at {pointer}", fixture.origin))
}

#[track_caller]
fn evidence(fixture: &Fixture, index: usize) -> &AnyAlertEvidence {
    fixture
        .alert
        .evidence
        .get(index)
        .unwrap_or_else(|| panic!("{}: no evidence[{index}]", fixture.origin))
}

#[test]
fn own_alerts_round_trip() {
    let fixtures = read_fixtures();
    assert_eq!(fixtures.len(), 12, "the six fixture files hold 12 alerts");
    for fixture in &fixtures {
        let difference = payload_equivalent(&fixture.input, &fixture.written).err();
        assert_eq!(difference, None, "{}: round trip differs", fixture.origin);
    }
}

#[test]
fn written_alerts_decode_to_same_model() {
    for fixture in read_fixtures() {
        let again = round_trip_alert(&fixture.written)
            .unwrap_or_else(|error| panic!("{}: written JSON {error}", fixture.origin));
        assert_eq!(
            again.alert, fixture.alert,
            "{}: the written JSON decodes to another model",
            fixture.origin
        );
        assert_eq!(
            again.written, fixture.written,
            "{}: writing is not stable",
            fixture.origin
        );
    }
}

#[test]
fn own_evidence_is_never_invalid() {
    for fixture in read_fixtures() {
        for (index, item) in fixture.alert.evidence.iter().enumerate() {
            if let AnyAlertEvidence::Invalid(invalid) = item {
                panic!(
                    "{}: evidence[{index}] is Invalid: {invalid}",
                    fixture.origin
                );
            }
        }
    }
}

#[test]
fn every_evidence_type_decodes_typed() {
    let types = evidence_types(&load_schema());
    assert_eq!(
        types.len(),
        48,
        "the schema derives 48 types from alertEvidence"
    );
    let decoded: BTreeSet<String> = read_fixtures()
        .iter()
        .flat_map(|fixture| fixture.alert.evidence.iter().map(variant_name))
        .collect();
    for evidence_type in &types {
        assert!(
            decoded.contains(&evidence_type.variant),
            "no fixture evidence decodes as {} ({}); decoded variants: {decoded:?}",
            evidence_type.variant,
            evidence_type.qualified_name
        );
    }
}

#[test]
fn unknown_evidence_type_is_kept_whole() {
    let fixture = fixture("edge-unknown-values");
    let AnyAlertEvidence::Unknown(kept) = evidence(&fixture, 0) else {
        panic!("evidence[0] is not Unknown: {:?}", evidence(&fixture, 0));
    };
    let input = &fixture.input["evidence"][0];
    assert_eq!(
        &Value::Object(kept.clone()),
        input,
        "the kept object is the input"
    );
    assert_eq!(
        written_at(&fixture, "/evidence/0"),
        input,
        "the unknown item is written back unchanged"
    );
    assert_eq!(
        kept["sessions"][0]["bytes"].to_string(),
        "9007199254740993",
        "an integer beyond f64 precision keeps every digit"
    );
}

/// JSON pointers of enum values in `edge-unknown-values` that name no declared member,
/// and the qualified enum type each one is declared with.
const UNKNOWN_MEMBERS: [(&str, &str); 19] = [
    ("/severity", "alertSeverity"),
    ("/status", "alertStatus"),
    ("/classification", "alertClassification"),
    ("/determination", "alertDetermination"),
    ("/serviceSource", "serviceSource"),
    ("/detectionSource", "detectionSource"),
    ("/investigationState", "investigationState"),
    ("/evidence/1/verdict", "evidenceVerdict"),
    ("/evidence/1/remediationStatus", "evidenceRemediationStatus"),
    ("/evidence/1/roles/1", "evidenceRole"),
    ("/evidence/1/defenderAvStatus", "defenderAvStatus"),
    ("/evidence/1/healthStatus", "deviceHealthStatus"),
    ("/evidence/1/riskScore", "deviceRiskScore"),
    ("/evidence/1/onboardingStatus", "onboardingStatus"),
    ("/evidence/1/vmMetadata/cloudProvider", "vmCloudProvider"),
    ("/evidence/3/detectionStatus", "detectionStatus"),
    ("/evidence/4/serviceType", "kubernetesServiceType"),
    (
        "/evidence/4/servicePorts/0/protocol",
        "containerPortProtocol",
    ),
    ("/evidence/5/algorithm", "fileHashAlgorithm"),
];

#[test]
fn unknown_enum_members_are_written_back() {
    let model = load_schema();
    let fixture = fixture("edge-unknown-values");
    for (pointer, enum_type) in UNKNOWN_MEMBERS {
        let qualified = format!("microsoft.graph.security.{enum_type}");
        assert!(is_enum(&model, &qualified), "{qualified} is an enum type");
        let input = fixture.input.pointer(pointer).expect("the fixture sets it");
        assert_eq!(
            written_at(&fixture, pointer),
            input,
            "{pointer}: the unknown member is written back with its own spelling"
        );
    }
}

#[test]
fn unknown_enum_members_land_in_other() {
    let fixture = fixture("edge-unknown-values");
    let alert = &fixture.alert;
    assert_eq!(alert.severity, AlertSeverity::Other("critical".to_owned()));
    assert_eq!(
        alert.classification,
        Some(AlertClassification::Other("benignPositive".to_owned()))
    );
    assert_eq!(alert.status.name(), "dismissed");
    assert_eq!(alert.status.value(), None, "status keeps the unknown name");
    let determination = alert.determination.as_ref().expect("determination is set");
    assert_eq!(determination.name(), "insiderThreat");
    assert_eq!(
        determination.value(),
        None,
        "determination keeps the unknown name"
    );
    assert_eq!(alert.service_source.value(), None, "serviceSource");
    let detection_source = alert.detection_source.as_ref().expect("detectionSource");
    assert_eq!(detection_source.value(), None, "detectionSource");
    let state = alert
        .investigation_state
        .as_ref()
        .expect("investigationState");
    assert_eq!(state.value(), None, "investigationState");

    let AnyAlertEvidence::DeviceEvidence(device) = evidence(&fixture, 1) else {
        panic!("evidence[1] is not a device: {:?}", evidence(&fixture, 1));
    };
    assert_eq!(
        device.verdict,
        EvidenceVerdict::Other("likelyMalicious".to_owned())
    );
    assert_eq!(device.remediation_status.value(), None, "remediationStatus");
    assert_eq!(device.roles[0].name(), "source", "a known role stays known");
    assert_eq!(device.roles[1].value(), None, "an unknown role is kept");
    let vm = device.vm_metadata.as_ref().expect("vmMetadata is set");
    assert_eq!(vm.cloud_provider.name(), "oracleCloud");
    assert_eq!(vm.cloud_provider.value(), None, "cloudProvider");

    let AnyAlertEvidence::KubernetesServiceEvidence(service) = evidence(&fixture, 4) else {
        panic!("evidence[4] is not a service: {:?}", evidence(&fixture, 4));
    };
    assert_eq!(service.service_type.name(), "headless");
    assert_eq!(service.service_type.value(), None, "serviceType");
}

/// JSON pointers of properties in `edge-unknown-values` that the schema does not declare,
/// at the alert, in a comment, in a dictionary, in evidence and in nested complex values.
const UNKNOWN_PROPERTIES: [&str; 14] = [
    "/@odata.etag",
    "/futureRiskScore",
    "/containment",
    "/comments/0/reactions",
    "/additionalData/hugeCounter",
    "/additionalData/preciseRatio",
    "/evidence/1/exposureLevel",
    "/evidence/1/loggedOnUsers/0/logonType",
    "/evidence/1/vmMetadata/osDiskId",
    "/evidence/2/location/accuracyRadiusKm",
    "/evidence/2/stream/channel",
    "/evidence/3/imageFile/signatureVerifiedDateTime",
    "/evidence/3/userAccount/department",
    "/evidence/4/servicePorts/0/hostPort",
];

#[test]
fn unknown_properties_are_written_back() {
    let fixture = fixture("edge-unknown-values");
    for pointer in UNKNOWN_PROPERTIES {
        let input = fixture.input.pointer(pointer).expect("the fixture sets it");
        assert_eq!(
            written_at(&fixture, pointer),
            input,
            "{pointer}: the unknown property is written back unchanged"
        );
    }
}

#[test]
fn unknown_properties_are_kept_at_each_level() {
    let fixture = fixture("edge-unknown-values");
    let alert = &fixture.alert;
    assert_eq!(alert.additional_properties["futureRiskScore"], json!(87));
    assert_eq!(
        alert.comments[0].additional_properties["reactions"],
        json!({"agree": 3})
    );
    let dictionary = alert
        .additional_data
        .as_ref()
        .expect("additionalData is set");
    assert_eq!(
        dictionary.additional_properties["hugeCounter"].to_string(),
        "1234567890123456789012345678901234567890",
        "a 40-digit integer in a dictionary keeps every digit"
    );
    let AnyAlertEvidence::DeviceEvidence(device) = evidence(&fixture, 1) else {
        panic!("evidence[1] is not a device: {:?}", evidence(&fixture, 1));
    };
    assert_eq!(device.additional_properties["exposureLevel"], json!("High"));
    let vm = device.vm_metadata.as_ref().expect("vmMetadata is set");
    assert_eq!(vm.additional_properties["osDiskId"], json!("disk-77-os"));
    assert_eq!(
        device.logged_on_users[0].additional_properties["logonType"],
        json!("RemoteInteractive")
    );
}

#[test]
fn members_after_unknown_future_value_are_declared() {
    let fixture = fixture("edge-type-spelling");
    let alert = &fixture.alert;
    assert_eq!(alert.service_source.name(), "microsoftSecurityForAI");
    assert_eq!(alert.service_source.value(), Some(4096), "serviceSource");

    let detection_source = alert.detection_source.as_ref().expect("detectionSource");
    assert_eq!(detection_source.name(), "securityCopilot");
    assert_eq!(
        detection_source.value(),
        Some(1073741851),
        "detectionSource"
    );

    let expected = [
        "active",
        "pendingApproval",
        "declined",
        "unremediated",
        "running",
        "partiallyRemediated",
    ];
    for (index, name) in expected.into_iter().enumerate() {
        // Every evidence type inherits `remediationStatus`, so the base type reads it
        // from any of them.
        let item = fixture.input["evidence"][index].clone();
        let base: AlertEvidence = json::from_value(item).expect("the item decodes");
        assert_eq!(base.remediation_status.name(), name, "evidence[{index}]");
        assert!(
            base.remediation_status.value().is_some(),
            "evidence[{index}]: {name} is a declared member, not an unknown one"
        );
        let written = written_at(&fixture, &format!("/evidence/{index}/remediationStatus"));
        assert_eq!(written, &json!(name), "evidence[{index}] writes {name}");
    }

    let AnyAlertEvidence::UrlEvidence(url) = evidence(&fixture, 0) else {
        panic!("evidence[0] is not a URL: {:?}", evidence(&fixture, 0));
    };
    assert_eq!(
        url.remediation_status.value(),
        Some(6),
        "active is declared as 6"
    );
    assert_eq!(url.verdict, EvidenceVerdict::UnknownFutureValue);
}

#[test]
fn odata_type_spelling_is_kept() {
    let fixture = fixture("edge-type-spelling");
    let expected = [
        (0, "UrlEvidence", "microsoft.graph.security.urlEvidence"),
        (1, "IpEvidence", "#Microsoft.Graph.Security.IPEVIDENCE"),
        (
            2,
            "FileHashEvidence",
            "MICROSOFT.GRAPH.security.fileHashEvidence",
        ),
        (3, "UserEvidence", "#microsoft.graph.security.UserEvidence"),
    ];
    for (index, variant, type_name) in expected {
        assert_eq!(
            variant_name(evidence(&fixture, index)),
            variant,
            "evidence[{index}] with @odata.type {type_name}"
        );
        assert_eq!(
            written_at(&fixture, &format!("/evidence/{index}/@odata.type")),
            &json!(type_name),
            "evidence[{index}] writes its @odata.type as it was read"
        );
    }
}

#[test]
fn evidence_without_type_is_base() {
    let fixture = fixture("edge-type-spelling");
    let AnyAlertEvidence::AlertEvidence(base) = evidence(&fixture, 6) else {
        panic!(
            "evidence[6] is not the base type: {:?}",
            evidence(&fixture, 6)
        );
    };
    assert_eq!(base.tags, ["untyped"]);
    assert_eq!(
        fixture.written["evidence"][6].get("@odata.type"),
        None,
        "evidence read without @odata.type is written without it"
    );
}

#[test]
fn int64_strings_decode_as_numbers() {
    let fixture = fixture("edge-numbers-and-times");
    let cases = [
        ("/evidence/0/osBuild", json!(22631)),
        ("/evidence/1/processId", json!(4242)),
        ("/evidence/1/parentProcessId", json!(i64::MAX)),
        ("/evidence/1/imageFile/fileSize", json!(1048576)),
        ("/evidence/2/attachmentsCount", json!(0)),
        ("/evidence/2/urlCount", json!(0)),
        ("/evidence/3/emailCount", json!(i64::MIN)),
        ("/evidence/4/projectNumber", json!(842113370561i64)),
        ("/evidence/5/appId", json!(11161)),
        ("/evidence/5/instanceId", json!(0)),
    ];
    for (pointer, number) in cases {
        let input = fixture.input.pointer(pointer).expect("the fixture sets it");
        assert!(input.is_string(), "{pointer} is a string in the fixture");
        assert_eq!(written_at(&fixture, pointer), &number, "{pointer}");
    }
    let AnyAlertEvidence::DeviceEvidence(DeviceEvidence { os_build, .. }) = evidence(&fixture, 0)
    else {
        panic!("evidence[0] is not a device: {:?}", evidence(&fixture, 0));
    };
    assert_eq!(*os_build, Some(22631));
}

#[test]
fn date_time_fractions_keep_instants() {
    let fixture = fixture("edge-numbers-and-times");
    let mut inputs = vec![
        fixture.input["createdDateTime"].clone(),
        fixture.input["firstActivityDateTime"].clone(),
        fixture.input["lastActivityDateTime"].clone(),
        fixture.input["lastUpdateDateTime"].clone(),
        fixture.input["resolvedDateTime"].clone(),
    ];
    for comment in fixture.input["comments"].as_array().expect("comments") {
        inputs.push(comment["createdDateTime"].clone());
    }
    let fraction_lengths: BTreeSet<usize> = inputs
        .iter()
        .filter_map(Value::as_str)
        .map(|text| fraction_digits(text).len())
        .collect();
    assert_eq!(
        fraction_lengths,
        (0..=7).collect(),
        "the fixture has every fraction length from 0 to 7"
    );

    let comments = &fixture.alert.comments;
    let seven = comments[2].created_date_time;
    assert_eq!(seven.offset_minutes(), 5 * 60 + 45, "the offset is kept");
    assert_eq!(
        seven.time().subsecond_ticks(),
        1_234_567,
        "all 7 digits are kept"
    );
    assert_eq!(seven.to_string(), "2026-03-12T08:00:00.1234567+05:45");
    let zero_offset = fixture
        .alert
        .last_update_date_time
        .expect("lastUpdateDateTime");
    assert_eq!(
        zero_offset.to_string(),
        "2026-03-12T08:00:00.123Z",
        "+00:00 writes Z"
    );
    let lower_case = comments[3].created_date_time;
    assert_eq!(lower_case.to_string(), "2026-03-12T08:00:00.5Z");
    let no_seconds = comments[4].created_date_time;
    assert_eq!(no_seconds.to_string(), "2026-03-12T08:00:00Z");
    let trailing_zeros = comments[5].created_date_time;
    assert_eq!(trailing_zeros.to_string(), "2026-03-12T08:00:00.1-00:30");
    let expected: DateTimeOffset = "2026-03-13T23:29:00.0000001Z".parse().unwrap();
    assert!(
        comments[6].created_date_time.instant_eq(&expected),
        "-23:59 moves the instant to the next day"
    );
}

/// Returns the fraction digits of a date-time text, empty when it has none.
fn fraction_digits(text: &str) -> &str {
    let Some((_, after_point)) = text.split_once('.') else {
        return "";
    };
    let end = after_point
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(after_point.len());
    &after_point[..end]
}

#[test]
fn nulls_are_written_as_absent() {
    let fixture = fixture("edge-numbers-and-times");
    let nulls = [
        "/assignedTo",
        "/classification",
        "/additionalData",
        "/evidence/0/vmMetadata",
        "/evidence/1/userAccount",
        "/evidence/2/p1Sender",
    ];
    for pointer in nulls {
        let input = fixture.input.pointer(pointer).expect("the fixture sets it");
        assert!(input.is_null(), "{pointer} is null in the fixture");
        assert_eq!(
            fixture.written.pointer(pointer),
            None,
            "{pointer}: a null nullable property is written as absent"
        );
    }
    assert_eq!(fixture.alert.assigned_to, None);
}

#[test]
fn absent_non_nullable_stay_absent() {
    let fixture = fixture("edge-select-shape");
    let alert = &fixture.alert;
    for name in [
        "severity",
        "status",
        "serviceSource",
        "categories",
        "comments",
    ] {
        assert!(
            alert.absent_properties.contains(name),
            "{name} is recorded as absent"
        );
        assert_eq!(fixture.written.get(name), None, "{name} is not written");
    }
    let absent_in_evidence = [
        (0, "isPrivileged"),
        (0, "verdict"),
        (0, "roles"),
        (1, "serviceType"),
        (1, "servicePorts/0/port"),
        (1, "servicePorts/0/nodePort"),
        (2, "fileHashes/0/algorithm"),
        (3, "vmMetadata/cloudProvider"),
        (4, "trustedDomains"),
    ];
    for (index, path) in absent_in_evidence {
        let pointer = format!("/evidence/{index}/{path}");
        assert_eq!(
            fixture.written.pointer(&pointer),
            None,
            "{pointer} is not written"
        );
    }
    let AnyAlertEvidence::KubernetesServiceEvidence(KubernetesServiceEvidence {
        absent_properties,
        service_ports,
        ..
    }) = evidence(&fixture, 1)
    else {
        panic!("evidence[1] is not a service: {:?}", evidence(&fixture, 1));
    };
    assert!(absent_properties.contains("serviceType"));
    assert!(service_ports[0].absent_properties.contains("port"));
}

#[test]
fn list_bodies_keep_every_alert() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/payloads");
    for (name, body) in read_json_files(&dir) {
        let Some(items) = body.get("value").and_then(Value::as_array) else {
            continue;
        };
        assert_eq!(
            alerts_in(&body).len(),
            items.len(),
            "{name}: every item of `value` is an alert"
        );
    }
}
