//! Round-trips alert payloads through the generated `Alert`: every payload must decode,
//! encode back to JSON equal to the input, and put no known evidence type in `Unknown`.
//!
//! Equality is `tests::payload_equivalent`'s. It treats `null` and an absent property
//! alike, compares date-times as instants, enum member names without regard to case, and
//! `Edm.Int64` strings with numbers, because the models write canonical forms.

use std::path::Path;

use graph_security::models::security::AnyAlertEvidence;
use graph_security::runtime::json;
use serde_json::Value;
use tests::{alerts_in, corpus_dir, payload_equivalent, read_json_files, round_trip_alert};

fn check_alert(origin: &str, value: &Value) -> Vec<String> {
    let round_trip = match round_trip_alert(value) {
        Ok(round_trip) => round_trip,
        Err(error) => return vec![format!("{origin}: {error}")],
    };
    let mut problems = Vec::new();
    for (index, evidence) in round_trip.alert.evidence.iter().enumerate() {
        match evidence {
            AnyAlertEvidence::Unknown(object) => problems.push(format!(
                "{origin}: evidence[{index}] is Unknown with @odata.type {:?}",
                object.get("@odata.type")
            )),
            AnyAlertEvidence::Invalid(invalid) => problems.push(format!(
                "{origin}: evidence[{index}] is Invalid: {}",
                invalid.error
            )),
            _ => {}
        }
    }
    if let Err(difference) = payload_equivalent(value, &round_trip.written) {
        problems.push(format!("{origin}: round trip differs: {difference}"));
    }
    problems
}

/// Decodes a lone evidence object and round-trips it. Documentation templates put type
/// names where values go (`"createdDateTime": "String (timestamp)"`), so such an object
/// is `Invalid`, kept whole with its error; it must still never be `Unknown`.
fn check_evidence(origin: &str, value: &Value) -> Vec<String> {
    let evidence: AnyAlertEvidence = match json::from_value(value.clone()) {
        Ok(evidence) => evidence,
        Err(error) => return vec![format!("{origin}: does not decode: {error}")],
    };
    let mut problems = Vec::new();
    match &evidence {
        AnyAlertEvidence::Unknown(_) => problems.push(format!(
            "{origin}: a known evidence type decoded as Unknown"
        )),
        AnyAlertEvidence::Invalid(invalid) => {
            eprintln!("{origin}: kept as Invalid: {}", invalid.error)
        }
        _ => {}
    }
    let encoded = json::to_value(&evidence).expect("decoded evidence encodes");
    if let Err(difference) = payload_equivalent(value, &encoded) {
        problems.push(format!("{origin}: round trip differs: {difference}"));
    }
    problems
}

fn is_evidence(value: &Value) -> bool {
    value
        .get("@odata.type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.to_ascii_lowercase().ends_with("evidence"))
}

fn check_folder(dir: &Path) -> (usize, Vec<String>) {
    let mut count = 0;
    let mut problems = Vec::new();
    for (name, body) in read_json_files(dir) {
        for (index, alert) in alerts_in(&body).into_iter().enumerate() {
            count += 1;
            problems.extend(check_alert(&format!("{name} #{index}"), alert));
        }
        if is_evidence(&body) {
            count += 1;
            problems.extend(check_evidence(&name, &body));
        }
    }
    (count, problems)
}

#[test]
fn shared_alert_payloads_round_trip() {
    let Some(dir) = corpus_dir("PAYLOADS_DIR", "shared_alert_payloads_round_trip") else {
        return;
    };
    let (count, problems) = check_folder(&dir);
    eprintln!(
        "checked {count} alert and evidence objects in {}",
        dir.display()
    );
    assert!(count > 0, "no alert payloads found in {}", dir.display());
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
