//! Round-trips alert payloads through the generated `Alert`: every payload must decode,
//! encode back to JSON equal to the input, and put no known evidence type in `Unknown`.
//!
//! Equality treats `null` and an absent property alike, compares date-times as instants,
//! and compares enum member names without regard to case, because the models write the
//! canonical member name and a canonical date-time form.

use std::path::Path;

use graph_security::models::security::{Alert, AnyAlertEvidence};
use graph_security::runtime::json;
use serde_json::Value;
use tests::{corpus_dir, payload_equivalent};

/// Returns every alert object in a payload: the body itself when it has an `id` and no
/// `value`, or each item of a `value` array.
fn alerts_in(body: &Value) -> Vec<&Value> {
    match body.get("value") {
        Some(Value::Array(items)) => items
            .iter()
            .filter(|i| i.get("severity").is_some() || i.get("evidence").is_some())
            .collect(),
        _ if body.get("severity").is_some() || body.get("evidence").is_some() => vec![body],
        _ => Vec::new(),
    }
}

fn check_alert(origin: &str, value: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let alert: Alert = match json::from_value(value.clone()) {
        Ok(alert) => alert,
        Err(error) => return vec![format!("{origin}: does not decode: {error}")],
    };
    for (index, evidence) in alert.evidence.iter().enumerate() {
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
    let encoded = json::to_value(&alert).expect("a decoded alert encodes");
    if let Err(difference) = payload_equivalent(value, &encoded) {
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
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    entries.sort();
    let mut count = 0;
    let mut problems = Vec::new();
    for path in entries {
        let text = std::fs::read_to_string(&path).expect("payload is readable");
        let body: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
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
