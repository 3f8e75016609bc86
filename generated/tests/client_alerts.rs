//! Tests of the generated alerts client (`client.security().alerts_v2()`) and
//! the generated models against wiremock on 127.0.0.1, with invented bodies.
//!
//! With `PAYLOADS_DIR` set to a folder of public sample bodies, the
//! `public_*` tests also serve those bodies through the mock. Without it they
//! print why they are skipped and pass.

mod http_support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use graph_security::client::{AlertFilter, AlertProperty, AlertUpdate, GraphService};
use graph_security::models::security::{
    Alert, AlertClassification, AlertComment, AlertDetermination, AlertSeverity, AlertStatus,
    AnyAlertEvidence, DetectionSource, Dictionary, ServiceSource,
};
use graph_security::runtime::edm::DateTimeOffset;
use graph_security::runtime::http::{Error, Patch, RetryPolicy, TimeoutScope};
use http_support::{builder, client, error_body, fast_retries, API};
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The id of the alert in `data/alert-with-evidence.json`.
const ALERT_ID: &str = "da1111111111111111_-222222222";

/// An invented alert with device and IP evidence and one comment.
const ALERT_WITH_EVIDENCE: &str = include_str!("data/alert-with-evidence.json");

fn alerts_path() -> String {
    format!("{API}/security/alerts_v2")
}

fn alert_path(id: &str) -> String {
    format!("{}/{id}", alerts_path())
}

/// A small alert with every non-nullable property present.
fn alert_json(id: &str) -> Value {
    json!({
        "id": id,
        "status": "new",
        "severity": "high",
        "serviceSource": "microsoftDefenderForEndpoint",
        "title": format!("Invented alert {id}"),
        "createdDateTime": "2024-05-01T10:00:00Z"
    })
}

fn json_response(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// Returns the query string of each request the server received, as it
/// arrived on the wire.
async fn received_queries(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .map(|request| request.url.query().unwrap_or_default().to_owned())
        .collect()
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

/// Returns the ids of the items of a stream, panicking on any error item.
async fn collect_ids(stream: graph_security::runtime::http::ItemStream<Alert>) -> Vec<String> {
    let items: Vec<Result<Alert, Error>> = stream.collect().await;
    items
        .into_iter()
        .map(|item| {
            item.unwrap_or_else(|err| panic!("unexpected error item: {err}"))
                .id
        })
        .collect()
}

/// Names the variant of an evidence item, for order checks.
fn evidence_kind(evidence: &AnyAlertEvidence) -> &'static str {
    match evidence {
        AnyAlertEvidence::DeviceEvidence(_) => "device",
        AnyAlertEvidence::IpEvidence(_) => "ip",
        AnyAlertEvidence::Unknown(_) => "unknown type",
        AnyAlertEvidence::Invalid(_) => "invalid",
        _ => "other",
    }
}

#[tokio::test]
async fn get_sends_select_and_expand() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(alert_path(ALERT_ID)))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(ALERT_WITH_EVIDENCE, "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let alert = client
        .security()
        .alerts_v2()
        .get(ALERT_ID)
        .select([
            AlertProperty::Id,
            AlertProperty::Severity,
            AlertProperty::Status,
            AlertProperty::Evidence,
            AlertProperty::CreatedDateTime,
        ])
        .expand(["comments"])
        .send()
        .await
        .unwrap();

    assert_eq!(
        received_queries(&server).await,
        ["$select=id,severity,status,evidence,createdDateTime&$expand=comments"]
    );
    assert_eq!(alert.id, ALERT_ID);
    assert_eq!(alert.severity, AlertSeverity::High);
    assert_eq!(alert.status, AlertStatus::New);
    assert_eq!(alert.detection_source, Some(DetectionSource::Antivirus));
    assert_eq!(alert.classification, None);
    let created: DateTimeOffset = "2024-05-01T10:00:00.1234567Z".parse().unwrap();
    assert_eq!(alert.created_date_time, Some(created));
    assert_eq!(alert.comments.len(), 1);
    assert_eq!(
        alert.comments[0].comment.as_deref(),
        Some("Looking into it")
    );

    let kinds: Vec<&str> = alert.evidence.iter().map(evidence_kind).collect();
    assert_eq!(kinds, ["device", "ip"]);
    let AnyAlertEvidence::DeviceEvidence(device) = &alert.evidence[0] else {
        panic!("expected device evidence first");
    };
    assert_eq!(
        device.device_dns_name.as_deref(),
        Some("test-host-01.contoso.test")
    );
}

#[tokio::test]
async fn get_encodes_alert_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(alert_path("a%2Fb%20c%3Fd")))
        .respond_with(json_response(200, &alert_json("a/b c?d")))
        .expect(1)
        .mount(&server)
        .await;

    let alert = client(&server)
        .security()
        .alerts_v2()
        .get("a/b c?d")
        .send()
        .await
        .unwrap();

    assert_eq!(alert.id, "a/b c?d");
    assert_eq!(received_queries(&server).await, [""]);
}

#[tokio::test]
async fn list_sends_typed_filter_and_options() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(alerts_path()))
        .respond_with(json_response(200, &json!({"value": [alert_json("a1")]})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let created: DateTimeOffset = "2024-05-01T12:00:00+02:00".parse().unwrap();
    let open = AlertFilter::STATUS
        .is(AlertStatus::New)
        .or(AlertFilter::STATUS.is(AlertStatus::InProgress));
    let filter = AlertFilter::SEVERITY
        .is(AlertSeverity::High)
        .and(AlertFilter::TITLE.eq("O'Brien's laptop"))
        .and(AlertFilter::CREATED_DATE_TIME.ge(created))
        .and(open);

    let ids = collect_ids(
        client
            .security()
            .alerts_v2()
            .list()
            .filter(filter)
            .orderby([
                AlertProperty::CreatedDateTime.desc(),
                AlertProperty::Title.asc(),
            ])
            .top(5)
            .skip(10)
            .count(true)
            .stream(),
    )
    .await;

    assert_eq!(ids, ["a1"]);
    // The query keeps `'`, but reqwest parses the URL with the `url` crate,
    // which percent-encodes `'` in an http query, so it arrives as `%27`.
    let expected = "$filter=severity%20eq%20%27high%27\
        %20and%20title%20eq%20%27O%27%27Brien%27%27s%20laptop%27\
        %20and%20createdDateTime%20ge%202024-05-01T12:00:00%2B02:00\
        %20and%20(status%20eq%20%27new%27%20or%20status%20eq%20%27inProgress%27)\
        &$orderby=createdDateTime%20desc,title&$top=5&$skip=10&$count=true";
    assert_eq!(received_queries(&server).await, [expected]);

    let requests = server.received_requests().await.unwrap();
    let decoded: Vec<(String, String)> = requests[0]
        .url
        .query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    assert_eq!(
        decoded[0].1,
        "severity eq 'high' and title eq 'O''Brien''s laptop' \
         and createdDateTime ge 2024-05-01T12:00:00+02:00 \
         and (status eq 'new' or status eq 'inProgress')"
    );
    assert_eq!(decoded[1].1, "createdDateTime desc,title");
}

/// Returns the absolute next link that `mount_three_pages` serves for `page`.
fn next_link(server: &MockServer, page: &str) -> String {
    format!(
        "{}{}?$top=2&$count=true&$skiptoken={page}",
        server.uri(),
        alerts_path()
    )
}

/// Serves five alerts over three pages linked by `$skiptoken` next links.
async fn mount_three_pages(server: &MockServer) {
    let first = json!({
        "@odata.count": 5,
        "@odata.nextLink": next_link(server, "page2"),
        "value": [alert_json("a1"), alert_json("a2")]
    });
    Mock::given(method("GET"))
        .and(path(alerts_path()))
        .and(query_param_is_missing("$skiptoken"))
        .respond_with(json_response(200, &first))
        .mount(server)
        .await;

    let second = json!({
        "@odata.count": 5,
        "@odata.nextLink": next_link(server, "page3"),
        "value": [alert_json("a3"), alert_json("a4")]
    });
    Mock::given(method("GET"))
        .and(path(alerts_path()))
        .and(query_param("$skiptoken", "page2"))
        .respond_with(json_response(200, &second))
        .mount(server)
        .await;

    let third = json!({"@odata.count": 5, "value": [alert_json("a5")]});
    Mock::given(method("GET"))
        .and(path(alerts_path()))
        .and(query_param("$skiptoken", "page3"))
        .respond_with(json_response(200, &third))
        .mount(server)
        .await;
}

#[tokio::test]
async fn stream_follows_skiptoken_pages() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;
    let client = client(&server);

    let stream = client
        .security()
        .alerts_v2()
        .list()
        .top(2)
        .count(true)
        .stream();
    let ids = collect_ids(stream).await;

    assert_eq!(ids, ["a1", "a2", "a3", "a4", "a5"]);
    assert_eq!(
        received_queries(&server).await,
        [
            "$top=2&$count=true",
            "$top=2&$count=true&$skiptoken=page2",
            "$top=2&$count=true&$skiptoken=page3",
        ]
    );
}

#[tokio::test]
async fn pages_show_count_and_next_link() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;
    let client = client(&server);
    let mut pager = client
        .security()
        .alerts_v2()
        .list()
        .top(2)
        .count(true)
        .pages();

    let mut seen = Vec::new();
    while let Some(page) = pager.next_page().await.unwrap() {
        let ids: Vec<String> = page
            .items
            .into_iter()
            .map(|item| item.unwrap().id)
            .collect();
        seen.push((ids, page.count, page.next_link));
    }

    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].0, ["a1", "a2"]);
    assert_eq!(seen[0].1, Some(5));
    assert_eq!(seen[0].2, Some(next_link(&server, "page2")));
    assert_eq!(seen[1].0, ["a3", "a4"]);
    assert_eq!(seen[1].1, Some(5));
    assert_eq!(seen[1].2, Some(next_link(&server, "page3")));
    assert_eq!(seen[2].0, ["a5"]);
    assert_eq!(seen[2].1, Some(5));
    assert_eq!(seen[2].2, None);
    assert!(pager.next_page().await.unwrap().is_none());
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn broken_alert_is_error_item() {
    let server = MockServer::start().await;
    let mut broken = alert_json("b2");
    broken["severity"] = json!(true);
    let body = json!({"value": [alert_json("a1"), broken, alert_json("a3")]});
    Mock::given(method("GET"))
        .and(path(alerts_path()))
        .respond_with(json_response(200, &body))
        .mount(&server)
        .await;

    let items: Vec<Result<Alert, Error>> = client(&server)
        .security()
        .alerts_v2()
        .list()
        .stream()
        .collect()
        .await;

    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_ref().unwrap().id, "a1");
    assert_eq!(items[2].as_ref().unwrap().id, "a3");
    let Err(error @ Error::Decode { path, body, .. }) = &items[1] else {
        panic!("expected a decode error, got {:?}", items[1]);
    };
    assert_eq!(path, "value[1].severity");
    assert!(body.contains(r#""id":"b2""#), "{body}");
    assert!(error.to_string().contains("`value[1].severity`"), "{error}");
}

#[tokio::test]
async fn update_sends_null_and_values() {
    let server = MockServer::start().await;
    let mut updated = alert_json("a1");
    updated["status"] = json!("inProgress");
    updated["assignedTo"] = Value::Null;
    updated["classification"] = json!("truePositive");
    updated["determination"] = json!("malware");
    Mock::given(method("PATCH"))
        .and(path(alert_path("a1")))
        .respond_with(json_response(200, &updated))
        .expect(1)
        .mount(&server)
        .await;
    let changes = AlertUpdate {
        assigned_to: Patch::Null,
        classification: Patch::Value(AlertClassification::TruePositive),
        determination: Patch::Value(AlertDetermination::Malware),
        status: Patch::Value(AlertStatus::InProgress),
        ..Default::default()
    };

    let alert = client(&server)
        .security()
        .alerts_v2()
        .update("a1", &changes)
        .await
        .unwrap()
        .expect("a 200 response has a body");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        std::str::from_utf8(&requests[0].body).unwrap(),
        r#"{"assignedTo":null,"classification":"truePositive","determination":"malware","status":"inProgress"}"#
    );
    assert_eq!(
        requests[0].headers.get("content-type").unwrap(),
        "application/json"
    );
    assert_eq!(alert.status, AlertStatus::InProgress);
    assert_eq!(alert.assigned_to, None);
    assert_eq!(
        alert.classification,
        Some(AlertClassification::TruePositive)
    );
    assert_eq!(alert.determination, Some(AlertDetermination::Malware));
}

#[tokio::test]
async fn update_no_content_returns_none() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(alert_path("a1")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let mut details = Dictionary::default();
    details
        .additional_properties
        .insert("ticket".to_owned(), json!("INC-1"));
    let mut changes = AlertUpdate {
        assigned_to: Patch::Value("soc-lead@contoso.test".to_owned()),
        custom_details: Patch::Value(details),
        ..Default::default()
    };
    changes
        .additional_properties
        .insert("futureProperty".to_owned(), json!(1));

    let result = client(&server)
        .security()
        .alerts_v2()
        .update("a1", &changes)
        .await
        .unwrap();

    assert_eq!(result, None);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        std::str::from_utf8(&requests[0].body).unwrap(),
        r#"{"assignedTo":"soc-lead@contoso.test","customDetails":{"ticket":"INC-1"},"futureProperty":1}"#
    );
}

#[test]
fn empty_update_sends_empty_object() {
    let text = serde_json::to_string(&AlertUpdate::default()).unwrap();
    assert_eq!(text, "{}");
}

#[tokio::test]
async fn add_comment_posts_one_comment() {
    let server = MockServer::start().await;
    let response = json!({
        "@odata.context": "https://example.test/$metadata#security/alerts_v2('a1')/comments",
        "value": [
            {"comment": "Looking into it", "createdByDisplayName": "analyst@contoso.test",
             "createdDateTime": "2024-05-01T10:03:00Z"},
            {"comment": "Escalated to tier 2", "createdByDisplayName": "lead@contoso.test",
             "createdDateTime": "2024-05-01T10:09:30.5Z"}
        ]
    });
    Mock::given(method("POST"))
        .and(path(format!("{}/comments", alert_path("a1"))))
        .respond_with(json_response(200, &response))
        .expect(1)
        .mount(&server)
        .await;
    let mut comment = AlertComment {
        comment: Some("Escalated to tier 2".to_owned()),
        ..Default::default()
    };
    // The service sets `createdDateTime`, so the request leaves it out.
    comment.absent_properties.insert("createdDateTime");

    let comments = client(&server)
        .security()
        .alerts_v2()
        .add_comment("a1", &comment)
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        std::str::from_utf8(&requests[0].body).unwrap(),
        r#"{"comment":"Escalated to tier 2"}"#
    );
    assert_eq!(comments.len(), 2);
    assert_eq!(comments[1].comment.as_deref(), Some("Escalated to tier 2"));
    assert_eq!(
        comments[1].created_by_display_name.as_deref(),
        Some("lead@contoso.test")
    );
    let created: DateTimeOffset = "2024-05-01T10:09:30.5Z".parse().unwrap();
    assert_eq!(comments[1].created_date_time, created);
}

#[tokio::test]
async fn error_statuses_are_typed() {
    let cases = [
        (
            401,
            "InvalidAuthenticationToken",
            "Access token has expired.",
        ),
        (
            403,
            "Forbidden",
            "Missing role SecurityAlert.ReadWrite.All.",
        ),
        (404, "NotFound", "Alert a1 was not found."),
    ];
    for (status, code, message) in cases {
        let server = MockServer::start().await;
        let response = json_response(status, &error_body(code, message))
            .insert_header("request-id", format!("req-{status}").as_str());
        Mock::given(path(alert_path("a1")))
            .respond_with(response)
            .mount(&server)
            .await;

        let result = client(&server)
            .security()
            .alerts_v2()
            .get("a1")
            .send()
            .await;

        let Err(error) = result else {
            panic!("{status}: expected an error, got {result:?}");
        };
        let Error::Status {
            status: actual,
            error: body,
            request_id,
            attempts,
            ..
        } = &error
        else {
            panic!("{status}: expected a status error, got {error:?}");
        };
        assert_eq!(*actual, status);
        assert_eq!(*attempts, 1, "{status} is not retried");
        assert_eq!(
            request_id.as_deref(),
            Some(format!("req-{status}").as_str())
        );
        assert_eq!(body.code.as_deref(), Some(code));
        assert_eq!(body.message.as_deref(), Some(message));
        let inner = body.inner_error.as_ref().expect("innerError parsed");
        assert_eq!(inner.request_id.as_deref(), Some("req-0001"));
        let text = error.to_string();
        assert!(text.contains(code), "{text}");
        assert!(text.contains(message), "{text}");
    }
}

#[tokio::test]
async fn throttled_get_waits_retry_after() {
    let server = MockServer::start().await;
    let throttled = json_response(429, &error_body("TooManyRequests", "Slow down"))
        .insert_header("Retry-After", "1");
    Mock::given(path(alert_path("a1")))
        .respond_with(throttled)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path(alert_path("a1")))
        .respond_with(json_response(200, &alert_json("a1")))
        .mount(&server)
        .await;

    let started = Instant::now();
    let alert = client(&server)
        .security()
        .alerts_v2()
        .get("a1")
        .send()
        .await
        .unwrap();
    let elapsed = started.elapsed();

    assert_eq!(alert.id, "a1");
    assert!(elapsed >= Duration::from_secs(1), "waited only {elapsed:?}");
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn unavailable_storm_stops_at_attempt_limit() {
    let server = MockServer::start().await;
    Mock::given(path(alerts_path()))
        .respond_with(json_response(
            503,
            &error_body("ServiceUnavailable", "Try later"),
        ))
        .mount(&server)
        .await;
    let client = builder(&server).retry(fast_retries(3)).build().unwrap();

    let items: Vec<Result<Alert, Error>> = client
        .security()
        .alerts_v2()
        .list()
        .stream()
        .collect()
        .await;

    assert_eq!(items.len(), 1, "the error ends the stream");
    let Err(Error::Status {
        status, attempts, ..
    }) = &items[0]
    else {
        panic!("expected a status error, got {:?}", items[0]);
    };
    assert_eq!(*status, 503);
    assert_eq!(*attempts, 3);
    assert_eq!(request_count(&server).await, 3);
}

#[tokio::test]
async fn slow_server_hits_request_timeout() {
    let server = MockServer::start().await;
    Mock::given(path(alert_path("a1")))
        .respond_with(json_response(200, &alert_json("a1")).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let client = builder(&server)
        .request_timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let started = Instant::now();
    let result = client.security().alerts_v2().get("a1").send().await;

    let Err(Error::Timeout { after, scope, .. }) = result else {
        panic!("expected a timeout, got {result:?}");
    };
    assert_eq!(scope, TimeoutScope::Request);
    assert_eq!(after, Duration::from_millis(200));
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "gave up late: {:?}",
        started.elapsed()
    );
}

/// Serves `microsoftSentinel` as the service source only to requests that
/// send `Prefer: include-unknown-enum-members`, as Graph does for members
/// added after `unknownFutureValue`, and `unknownFutureValue` to others.
async fn mount_evolvable_enum(server: &MockServer) {
    let mut with_member = alert_json("a1");
    with_member["serviceSource"] = json!("microsoftSentinel");
    with_member["detectionSource"] = json!("inventedDetector");
    Mock::given(path(alert_path("a1")))
        .and(header("prefer", "include-unknown-enum-members"))
        .respond_with(json_response(200, &with_member))
        .mount(server)
        .await;

    let mut without_member = alert_json("a1");
    without_member["serviceSource"] = json!("unknownFutureValue");
    Mock::given(path(alert_path("a1")))
        .respond_with(json_response(200, &without_member))
        .mount(server)
        .await;
}

#[tokio::test]
async fn prefer_header_sent_by_default() {
    let server = MockServer::start().await;
    mount_evolvable_enum(&server).await;

    let alert = client(&server)
        .security()
        .alerts_v2()
        .get("a1")
        .send()
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].headers.get("prefer").unwrap(),
        "include-unknown-enum-members"
    );
    assert_eq!(alert.service_source, ServiceSource::MicrosoftSentinel);
    assert_eq!(
        alert.detection_source,
        Some(DetectionSource::Other("inventedDetector".to_owned()))
    );
}

#[tokio::test]
async fn prefer_header_turned_off() {
    let server = MockServer::start().await;
    mount_evolvable_enum(&server).await;
    let client = builder(&server)
        .include_unknown_enum_members(false)
        .build()
        .unwrap();

    let alert = client
        .security()
        .alerts_v2()
        .get("a1")
        .send()
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].headers.get("prefer").is_none());
    assert_eq!(alert.service_source, ServiceSource::UnknownFutureValue);
}

/// Reads a public sample body from `PAYLOADS_DIR`, or prints why `test` is
/// skipped and returns `None`.
fn public_payload(test: &str, name: &str) -> Option<Vec<u8>> {
    let dir = std::env::var_os("PAYLOADS_DIR").filter(|dir| !dir.is_empty());
    let Some(dir) = dir else {
        eprintln!(
            "skipping {test}: PAYLOADS_DIR is not set, so the public sample `{name}` \
             cannot be read; set it to the folder of public sample bodies"
        );
        return None;
    };
    let file = PathBuf::from(dir).join(name);
    match std::fs::read(&file) {
        Ok(bytes) => Some(bytes),
        Err(err) => panic!(
            "PAYLOADS_DIR is set but `{}` cannot be read: {err}",
            file.display()
        ),
    }
}

fn parse(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("public sample is JSON")
}

/// Serves `body` with `status` to every `http_method` request on `at`.
async fn serve_body(
    server: &MockServer,
    http_method: &str,
    at: String,
    status: u16,
    body: Vec<u8>,
) {
    Mock::given(method(http_method))
        .and(path(at))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
        .mount(server)
        .await;
}

#[tokio::test]
async fn public_get_decodes() {
    let name = "msdocs-v1-alert-get.json";
    let Some(body) = public_payload("public_get_decodes", name) else {
        return;
    };
    let expected = parse(&body);
    let id = expected["id"]
        .as_str()
        .expect("sample has an id")
        .to_owned();
    let server = MockServer::start().await;
    serve_body(&server, "GET", alert_path(&id), 200, body).await;

    let alert = client(&server)
        .security()
        .alerts_v2()
        .get(&id)
        .send()
        .await
        .unwrap_or_else(|err| panic!("{name}: {err}"));

    assert_eq!(alert.id, id);
    let evidence = expected["evidence"]
        .as_array()
        .expect("sample has evidence");
    assert_eq!(alert.evidence.len(), evidence.len());
    for item in &alert.evidence {
        let kind = evidence_kind(item);
        assert!(
            kind != "unknown type" && kind != "invalid",
            "{name}: {item:?}"
        );
    }
}

#[tokio::test]
async fn public_list_pages_decode() {
    for name in [
        "msdocs-v1-list-alerts_v2.json",
        "elastic-m365d-alerts-page1-skip0.json",
    ] {
        let Some(body) = public_payload("public_list_pages_decode", name) else {
            return;
        };
        let expected: Vec<String> = parse(&body)["value"]
            .as_array()
            .expect("sample is a page")
            .iter()
            .map(|alert| alert["id"].as_str().unwrap().to_owned())
            .collect();
        let server = MockServer::start().await;
        serve_body(&server, "GET", alerts_path(), 200, body).await;
        let client = client(&server);

        let ids = collect_ids(client.security().alerts_v2().list().stream()).await;

        assert_eq!(ids, expected, "{name}");
    }
}

#[tokio::test]
async fn public_update_round_trips() {
    let Some(request) = public_payload(
        "public_update_round_trips",
        "msdocs-v1-alert-update-request.json",
    ) else {
        return;
    };
    let Some(response) = public_payload(
        "public_update_round_trips",
        "msdocs-v1-alert-update-response.json",
    ) else {
        return;
    };
    let sample = parse(&request);
    let changes = AlertUpdate {
        assigned_to: Patch::Value(sample["assignedTo"].as_str().unwrap().to_owned()),
        classification: Patch::Value(
            serde_json::from_value(sample["classification"].clone()).unwrap(),
        ),
        determination: Patch::Value(
            serde_json::from_value(sample["determination"].clone()).unwrap(),
        ),
        status: Patch::Value(serde_json::from_value(sample["status"].clone()).unwrap()),
        ..Default::default()
    };
    let expected_status: AlertStatus =
        serde_json::from_value(parse(&response)["status"].clone()).unwrap();
    let server = MockServer::start().await;
    serve_body(&server, "PATCH", alert_path("a1"), 200, response).await;

    let alert = client(&server)
        .security()
        .alerts_v2()
        .update("a1", &changes)
        .await
        .unwrap()
        .expect("the sample response has a body");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(parse(&requests[0].body), sample);
    assert_eq!(alert.status, expected_status);
}

#[tokio::test]
async fn public_comment_round_trips() {
    let Some(request) = public_payload(
        "public_comment_round_trips",
        "msdocs-v1-alert-post-comment-request.json",
    ) else {
        return;
    };
    let Some(response) = public_payload(
        "public_comment_round_trips",
        "msdocs-v1-alert-post-comment-response.json",
    ) else {
        return;
    };
    let comment: AlertComment = serde_json::from_slice(&request).unwrap();
    let expected: Vec<Value> = parse(&response)["value"]
        .as_array()
        .expect("sample is a collection")
        .clone();
    let server = MockServer::start().await;
    serve_body(
        &server,
        "POST",
        format!("{}/comments", alert_path("a1")),
        200,
        response,
    )
    .await;

    let comments = client(&server)
        .security()
        .alerts_v2()
        .add_comment("a1", &comment)
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(parse(&requests[0].body), parse(&request));
    assert_eq!(comments.len(), expected.len());
    for (decoded, sample) in comments.iter().zip(&expected) {
        assert_eq!(decoded.comment.as_deref(), sample["comment"].as_str());
    }
}

#[tokio::test]
async fn public_errors_are_typed() {
    let cases = [
        ("elastic-m365d-error-403-forbidden.json", 403),
        ("elastic-m365d-error-429-throttled.json", 429),
        ("msgraphgo527-error-innerError-date-no-offset.json", 404),
    ];
    for (name, status) in cases {
        let Some(body) = public_payload("public_errors_are_typed", name) else {
            return;
        };
        let sample = parse(&body)["error"].clone();
        let server = MockServer::start().await;
        let response = ResponseTemplate::new(status)
            .insert_header("Retry-After", "1")
            .set_body_raw(body, "application/json");
        Mock::given(path(alert_path("a1")))
            .respond_with(response)
            .mount(&server)
            .await;
        let client = builder(&server)
            .retry(RetryPolicy::never())
            .build()
            .unwrap();

        let result = client.security().alerts_v2().get("a1").send().await;

        let Err(Error::Status {
            status: actual,
            error,
            ..
        }) = result
        else {
            panic!("{name}: expected a status error, got {result:?}");
        };
        assert_eq!(actual, status, "{name}");
        assert_eq!(error.code.as_deref(), sample["code"].as_str(), "{name}");
        assert_eq!(
            error.message.as_deref(),
            sample["message"].as_str(),
            "{name}"
        );
        let inner = &sample["innerError"];
        if inner.is_object() {
            let parsed = error.inner_error.expect("innerError parsed");
            assert_eq!(parsed.date.as_deref(), inner["date"].as_str(), "{name}");
            assert_eq!(
                parsed.request_id.as_deref(),
                inner["request-id"].as_str(),
                "{name}"
            );
        }
    }
}
