//! Tests of what the generated alerts client writes to `tracing` and to
//! `Debug` output, against wiremock on 127.0.0.1.
//!
//! These tests live apart from `client_alerts.rs` because `tracing` caches,
//! per call site, whether any subscriber wants its events. When other tests
//! there ran the client on threads with no subscriber, a recorder installed
//! with `set_default` missed the request span and the first events in about
//! one run in three. Every test here installs a recorder before it sends a
//! request.

mod http_support;

use graph_security::client::{AlertFilter, AlertProperty, GraphService};
use graph_security::models::security::AlertSeverity;
use http_support::{builder, client, error_body, LogRecorder, API, TOKEN};
use serde_json::{json, Value};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn alerts_path() -> String {
    format!("{API}/security/alerts_v2")
}

fn alert_path(id: &str) -> String {
    format!("{}/{id}", alerts_path())
}

fn alert_json(id: &str) -> Value {
    json!({
        "id": id,
        "status": "new",
        "severity": "high",
        "serviceSource": "microsoftDefenderForEndpoint"
    })
}

fn json_response(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

#[tokio::test]
async fn request_span_records_outcome() {
    let recorder = LogRecorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = MockServer::start().await;
    let throttled = ResponseTemplate::new(429)
        .insert_header("Retry-After", "0")
        .insert_header("request-id", "req-throttled");
    Mock::given(path(alert_path("a1")))
        .respond_with(throttled)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path(alert_path("a1")))
        .respond_with(json_response(200, &alert_json("a1")).insert_header("request-id", "req-ok"))
        .mount(&server)
        .await;

    client(&server)
        .security()
        .alerts_v2()
        .get("a1")
        .send()
        .await
        .unwrap();

    let logs = recorder.text();
    let span = format!("span graph_request method=GET path={}", alert_path("a1"));
    assert!(logs.contains(&span), "{logs}");
    assert!(logs.contains(" client_request_id="), "{logs}");
    assert!(logs.contains("record attempts=2"), "{logs}");
    assert!(logs.contains("record retry_wait_ms=0"), "{logs}");
    assert!(logs.contains("record status=429"), "{logs}");
    assert!(logs.contains("record request_id=req-throttled"), "{logs}");
    assert!(logs.contains("record status=200"), "{logs}");
    assert!(logs.contains("record request_id=req-ok"), "{logs}");
    assert!(!logs.contains(TOKEN), "token leaked into logs: {logs}");
}

#[tokio::test]
async fn token_absent_from_debug_output() {
    let recorder = LogRecorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = MockServer::start().await;
    let forbidden = json_response(403, &error_body("Forbidden", "Denied"))
        .insert_header("request-id", "req-forbidden");
    Mock::given(path(alert_path("a1")))
        .respond_with(forbidden)
        .mount(&server)
        .await;
    let mut broken = alert_json("b1");
    broken["severity"] = json!(7);
    Mock::given(path(alerts_path()))
        .respond_with(json_response(200, &json!({"value": [broken]})))
        .mount(&server)
        .await;
    let client_builder = builder(&server);
    let builder_debug = format!("{client_builder:?}");
    let client = client_builder.build().unwrap();
    let security = client.security();
    let alerts = security.alerts_v2();
    let get = alerts.get("a1").select([AlertProperty::Id]);
    let list = alerts
        .list()
        .filter(AlertFilter::SEVERITY.is(AlertSeverity::High));
    let pager = list.clone().pages();

    let status_error = get.clone().send().await.unwrap_err();
    let page = alerts.list().pages().next_page().await.unwrap().unwrap();
    let decode_error = page.items[0].as_ref().unwrap_err();

    let outputs = [
        ("ClientBuilder", builder_debug),
        ("Client", format!("{client:?}")),
        ("SecurityRequests", format!("{security:?}")),
        ("AlertsV2Requests", format!("{alerts:?}")),
        ("GetAlert", format!("{get:?}")),
        ("ListAlertsV2", format!("{list:?}")),
        ("Pager", format!("{pager:?}")),
        ("Page", format!("{page:?}")),
        ("Status", format!("{status_error:?}")),
        ("Decode", format!("{decode_error:?}")),
    ];
    for (name, text) in &outputs {
        assert!(text.contains(name), "{name} missing from its Debug: {text}");
        assert!(!text.contains(TOKEN), "token leaked into {name}: {text}");
    }
    assert!(!status_error.to_string().contains(TOKEN));
    let logs = recorder.text();
    assert!(!logs.contains(TOKEN), "token leaked into logs: {logs}");
}
