//! Runs the examples in `examples/` against wiremock on 127.0.0.1.
//!
//! Cargo gives tests no path to example binaries, and running
//! `cargo run --example` from a test would build the crate again. So each
//! example keeps its work in `async fn run(&Config, ..)`, and this file
//! compiles the example sources as modules and calls `run` directly with a
//! config aimed at the mock server. `main` and the environment reading are
//! then the only untested parts, and the config reading is tested through
//! `Config::from_lookup`.

// Both examples load `examples/common/mod.rs` as their own `common` module,
// as they do when cargo builds each example as a separate crate. The two
// copies are separate types here, and each test uses one example's copy.
#![allow(clippy::duplicate_mod)]

// `main` of each example is compiled here but never called.
#[allow(dead_code)]
#[path = "../examples/list_high_severity.rs"]
mod list_high_severity;

#[allow(dead_code)]
#[path = "../examples/triage_alert.rs"]
mod triage_alert;

use std::collections::BTreeMap;

use serde_json::{json, Value};
use wiremock::matchers::{body_string, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "tok-EXAMPLE-7d3e";

fn alerts_path() -> String {
    String::from("/v1.0/security/alerts_v2")
}

fn alert_path(id: &str) -> String {
    format!("{}/{id}", alerts_path())
}

fn base_url(server: &MockServer) -> String {
    format!("{}/v1.0", server.uri())
}

fn alert_json(id: &str, title: &str, evidence: Value) -> Value {
    json!({
        "id": id,
        "title": title,
        "severity": "high",
        "status": "new",
        "serviceSource": "microsoftDefenderForEndpoint",
        "createdDateTime": "2024-05-01T10:00:00Z",
        "evidence": evidence
    })
}

fn evidence(type_name: &str) -> Value {
    json!({"@odata.type": format!("#microsoft.graph.security.{type_name}")})
}

fn json_response(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

fn output_text(out: Vec<u8>) -> String {
    String::from_utf8(out).expect("examples write UTF-8")
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

#[tokio::test]
async fn list_example_prints_newest_alerts() {
    let server = MockServer::start().await;
    let next_link = format!("{}{}?$skiptoken=page2", server.uri(), alerts_path());
    let first_page = json!({
        "@odata.nextLink": next_link,
        "value": [
            alert_json("a2", "Newest", json!([evidence("deviceEvidence"), evidence("ipEvidence")])),
            alert_json("a1", "Older", json!([]))
        ]
    });
    Mock::given(method("GET"))
        .and(path(alerts_path()))
        .and(query_param("$filter", "severity eq 'high'"))
        .and(query_param("$orderby", "createdDateTime desc"))
        .and(query_param("$top", "2"))
        .respond_with(json_response(200, &first_page))
        .expect(1)
        .mount(&server)
        .await;
    let config = list_high_severity::common::Config {
        base_url: base_url(&server),
        token: TOKEN.to_owned(),
        extra: Vec::new(),
    };
    let mut out = Vec::new();

    list_high_severity::run(&config, 2, &mut out).await.unwrap();

    assert_eq!(
        output_text(out),
        "a2\thigh\tnew\tNewest\tdeviceEvidence,ipEvidence\n\
         a1\thigh\tnew\tOlder\t-\n"
    );
    assert_eq!(
        request_count(&server).await,
        1,
        "the limit is reached on the first page, so the next link is not followed"
    );
}

#[tokio::test]
async fn list_example_reports_status_error() {
    let server = MockServer::start().await;
    let body =
        json!({"error": {"code": "Forbidden", "message": "Missing role SecurityAlert.Read.All"}});
    Mock::given(path(alerts_path()))
        .respond_with(json_response(403, &body).insert_header("request-id", "req-example-1"))
        .mount(&server)
        .await;
    let config = list_high_severity::common::Config {
        base_url: base_url(&server),
        token: TOKEN.to_owned(),
        extra: Vec::new(),
    };
    let mut out = Vec::new();

    let error = list_high_severity::run(&config, 5, &mut out)
        .await
        .unwrap_err();

    let text = list_high_severity::common::describe_error(error.as_ref());
    assert!(text.contains("`Forbidden`"), "{text}");
    assert!(
        text.contains("Missing role SecurityAlert.Read.All"),
        "{text}"
    );
    assert!(text.contains("request-id: req-example-1"), "{text}");
    assert!(!text.contains(TOKEN), "{text}");
    assert!(out.is_empty());
}

#[test]
fn list_example_limit_parsing() {
    assert_eq!(
        list_high_severity::parse_limit(None),
        Ok(list_high_severity::DEFAULT_LIMIT)
    );
    assert_eq!(list_high_severity::parse_limit(Some(" 25 ")), Ok(25));
    let error = list_high_severity::parse_limit(Some("0")).unwrap_err();
    assert_eq!(
        error,
        "invalid ALERT_LIMIT `0`: expected a whole number from 1"
    );
    assert!(list_high_severity::parse_limit(Some("ten")).is_err());
}

#[tokio::test]
async fn triage_example_updates_and_comments() {
    let server = MockServer::start().await;
    let alert = alert_json("a1", "Invented alert", json!([]));
    Mock::given(method("GET"))
        .and(path(alert_path("a1")))
        .and(query_param(
            "$select",
            "id,title,severity,status,assignedTo",
        ))
        .respond_with(json_response(200, &alert))
        .expect(1)
        .mount(&server)
        .await;
    let mut updated = alert.clone();
    updated["status"] = json!("inProgress");
    updated["assignedTo"] = json!("analyst@contoso.test");
    updated["classification"] = json!("truePositive");
    updated["determination"] = json!("malware");
    let expected_patch = r#"{"assignedTo":"analyst@contoso.test","classification":"truePositive","determination":"malware","status":"inProgress"}"#;
    Mock::given(method("PATCH"))
        .and(path(alert_path("a1")))
        .and(body_string(expected_patch))
        .respond_with(json_response(200, &updated))
        .expect(1)
        .mount(&server)
        .await;
    let expected_comment = json!({"comment": triage_alert::COMMENT}).to_string();
    let comments = json!({"value": [
        {"comment": "Earlier note", "createdDateTime": "2024-05-01T10:01:00Z"},
        {"comment": triage_alert::COMMENT, "createdDateTime": "2024-05-01T10:02:00Z"}
    ]});
    Mock::given(method("POST"))
        .and(path(format!("{}/comments", alert_path("a1"))))
        .and(body_string(expected_comment))
        .respond_with(json_response(200, &comments))
        .expect(1)
        .mount(&server)
        .await;
    let config = triage_alert::common::Config {
        base_url: base_url(&server),
        token: TOKEN.to_owned(),
        extra: vec![
            ("ALERT_ID", "a1".to_owned()),
            ("ALERT_ASSIGNEE", "analyst@contoso.test".to_owned()),
        ],
    };
    let mut out = Vec::new();

    triage_alert::run(&config, &mut out).await.unwrap();

    assert_eq!(
        output_text(out),
        "before:  a1 status=new assignedTo=- classification=- determination=- \
         title=Invented alert\n\
         after:   a1 status=inProgress assignedTo=analyst@contoso.test \
         classification=truePositive determination=malware title=Invented alert\n\
         comment: added, the alert now has 2 comments\n"
    );
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn triage_example_stops_at_missing_alert() {
    let server = MockServer::start().await;
    let body = json!({"error": {"code": "NotFound", "message": "Alert a404 was not found"}});
    Mock::given(path(alert_path("a404")))
        .respond_with(json_response(404, &body))
        .mount(&server)
        .await;
    let config = triage_alert::common::Config {
        base_url: base_url(&server),
        token: TOKEN.to_owned(),
        extra: vec![
            ("ALERT_ID", "a404".to_owned()),
            ("ALERT_ASSIGNEE", "analyst@contoso.test".to_owned()),
        ],
    };
    let mut out = Vec::new();

    let error = triage_alert::run(&config, &mut out).await.unwrap_err();

    let text = triage_alert::common::describe_error(error.as_ref());
    assert!(text.contains("404"), "{text}");
    assert!(text.contains("`NotFound`"), "{text}");
    assert!(out.is_empty());
    assert_eq!(
        request_count(&server).await,
        1,
        "no PATCH or POST after the 404"
    );
}

/// Reads a config from `vars` as if they were the environment.
fn config_from(
    required: &[&'static str],
    vars: &[(&str, &str)],
) -> Result<triage_alert::common::Config, String> {
    let vars: BTreeMap<String, String> = vars
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    triage_alert::common::Config::from_lookup(required, |name| vars.get(name).cloned())
}

#[test]
fn config_missing_token_rejected() {
    let error = config_from(&[], &[("GRAPH_BASE_URL", "http://127.0.0.1:9/v1.0")]).unwrap_err();
    assert_eq!(
        error,
        "missing environment variable GRAPH_TOKEN: set it to an access token for Microsoft Graph"
    );
}

#[test]
fn config_missing_alert_id_rejected() {
    let error = config_from(triage_alert::REQUIRED, &[("GRAPH_TOKEN", TOKEN)]).unwrap_err();
    assert_eq!(
        error,
        "missing environment variable ALERT_ID: set it to the id of an alert in /security/alerts_v2"
    );
}

#[test]
fn config_empty_value_counts_as_missing() {
    let vars = [
        ("GRAPH_TOKEN", TOKEN),
        ("ALERT_ID", "a1"),
        ("ALERT_ASSIGNEE", "  "),
    ];
    let error = config_from(triage_alert::REQUIRED, &vars).unwrap_err();
    assert!(
        error.starts_with("missing environment variable ALERT_ASSIGNEE"),
        "{error}"
    );
}

#[test]
fn config_defaults_and_debug() {
    let vars = [
        ("GRAPH_TOKEN", TOKEN),
        ("ALERT_ID", "a1"),
        ("ALERT_ASSIGNEE", "analyst@contoso.test"),
    ];
    let config = config_from(triage_alert::REQUIRED, &vars).unwrap();

    // Only compared, never requested: no test sends anything to this URL.
    assert_eq!(config.base_url, triage_alert::common::default_base_url());
    assert_eq!(config.var("ALERT_ID"), "a1");
    assert_eq!(config.var("ALERT_ASSIGNEE"), "analyst@contoso.test");
    let debug = format!("{config:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
}
