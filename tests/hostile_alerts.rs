//! Alert JSON that the fuzz targets `alert_json` and `alert_edits` found to break the
//! round trip, kept as regression cases.
//!
//! Each case must decode to an `Alert`, encode, and decode again to an equal `Alert`: the
//! same check the fuzz targets make. The encoded JSON must also be equal to the input as a
//! JSON value, so a round trip neither adds nor drops a property.

use graph_security::models::security::{Alert, AnyAlertEvidence};
use graph_security::runtime::json;
use serde_json::Value;

/// Decodes `input`, round-trips it, and returns the encoded JSON value.
#[track_caller]
fn check_round_trip(input: &str) -> Value {
    let alert: Alert = json::from_str(input).unwrap_or_else(|e| panic!("does not decode: {e}"));
    let encoded = json::to_vec(&alert).expect("a decoded alert encodes");
    let again: Alert = json::from_slice(&encoded).unwrap_or_else(|e| {
        panic!(
            "the encoding does not decode: {e}\n{}",
            String::from_utf8_lossy(&encoded)
        )
    });
    assert_eq!(alert, again, "the alert changed in a round trip");
    serde_json::from_slice(&encoded).expect("encoded alert is JSON")
}

#[test]
fn evidence_without_odata_type_stays_untyped() {
    let input = r#"{"id":"a","evidence":[{"verdict":"suspicious","@adota.type":"x"}]}"#;

    let encoded = check_round_trip(input);

    let evidence = &encoded["evidence"][0];
    assert_eq!(evidence.get("@odata.type"), None, "{evidence}");
    assert_eq!(evidence["@adota.type"], "x");
}

#[test]
fn empty_evidence_object_round_trips() {
    let input = r#"{"id":"a","evidence":[{}]}"#;

    let encoded = check_round_trip(input);

    assert_eq!(encoded["evidence"], serde_json::json!([{}]));
}

#[test]
fn base_type_named_explicitly_is_kept() {
    let input = r##"{"id":"a","evidence":[
        {"@odata.type":"#microsoft.graph.security.alertEvidence","verdict":"unknown"}]}"##;

    let encoded = check_round_trip(input);

    assert_eq!(
        encoded["evidence"][0]["@odata.type"],
        "#microsoft.graph.security.alertEvidence"
    );
}

#[test]
fn evidence_built_in_code_names_its_type() {
    let alert = Alert {
        evidence: vec![
            AnyAlertEvidence::AlertEvidence(Default::default()),
            AnyAlertEvidence::UrlEvidence(Default::default()),
        ],
        ..Alert::default()
    };

    let encoded = json::to_value(&alert).expect("alert encodes");

    assert_eq!(encoded["evidence"][0].get("@odata.type"), None);
    assert_eq!(
        encoded["evidence"][1]["@odata.type"],
        "#microsoft.graph.security.urlEvidence"
    );
}
