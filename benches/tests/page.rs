//! Checks that the benchmark page is deterministic and that every model on it reads
//! every evidence item as the type the page built, so no benchmark measures an error
//! path.

use benches::page::{alert_page, EVIDENCE_TYPES};
use benches::{derive_model, Page};
use graph_security::models::security::{Alert, AnyAlertEvidence};
use graph_security::runtime::json;
use serde_json::Value;

const ALERTS: usize = 200;
const SEED: u64 = 7;

#[test]
fn page_is_deterministic() {
    assert_eq!(alert_page(ALERTS, SEED), alert_page(ALERTS, SEED));
    assert_ne!(alert_page(ALERTS, SEED), alert_page(ALERTS, SEED + 1));
}

#[test]
fn page_uses_every_evidence_type() {
    let page: Value = serde_json::from_slice(&alert_page(ALERTS, SEED)).unwrap();
    let alerts = page["value"].as_array().unwrap();
    assert_eq!(alerts.len(), ALERTS);
    for odata_type in EVIDENCE_TYPES {
        let used = alerts
            .iter()
            .flat_map(|alert| alert["evidence"].as_array().unwrap())
            .any(|item| item["@odata.type"] == odata_type);
        assert!(used, "no evidence item of type {odata_type}");
    }
}

#[test]
fn generated_model_reads_every_item() {
    let page: Page<Alert> = json::from_slice(&alert_page(ALERTS, SEED)).unwrap();
    assert_eq!(page.value.len(), ALERTS);
    for (index, alert) in page.value.iter().enumerate() {
        for item in &alert.evidence {
            assert!(
                !matches!(
                    item,
                    AnyAlertEvidence::Invalid(_) | AnyAlertEvidence::Unknown(_)
                ),
                "alert {index}: {item:?}"
            );
        }
    }
}

#[test]
fn derive_model_reads_every_item() {
    let bytes = alert_page(ALERTS, SEED);
    let page: Page<derive_model::Alert> = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(page.value.len(), ALERTS);
    for (index, alert) in page.value.iter().enumerate() {
        for item in &alert.evidence {
            assert!(
                !matches!(item, derive_model::Evidence::Unknown),
                "alert {index}: unknown evidence"
            );
        }
    }
}

/// Both typed models write the same declared properties, so encoding them does
/// comparable work. Only the generated model keeps control information and the
/// undeclared `exposureLevel`, so those keys are not counted.
#[test]
fn models_encode_same_properties() {
    let bytes = alert_page(ALERTS, SEED);
    let ours: Page<Alert> = json::from_slice(&bytes).unwrap();
    let theirs: Page<derive_model::Alert> = serde_json::from_slice(&bytes).unwrap();
    let ours: Value = serde_json::from_slice(&json::to_vec(&ours).unwrap()).unwrap();
    let theirs: Value = serde_json::from_slice(&serde_json::to_vec(&theirs).unwrap()).unwrap();
    assert_eq!(key_count(&ours), key_count(&theirs));
}

fn key_count(value: &Value) -> usize {
    match value {
        Value::Object(object) => {
            let declared = object
                .keys()
                .filter(|key| !key.starts_with('@') && *key != "exposureLevel")
                .count();
            declared + object.values().map(key_count).sum::<usize>()
        }
        Value::Array(items) => items.iter().map(key_count).sum(),
        _ => 0,
    }
}
