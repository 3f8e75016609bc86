//! Hand-written examples of the methods the generator will emit for
//! `/security/alerts_v2` (get, list, update, add comment), run against
//! wiremock on 127.0.0.1. With `PAYLOADS_DIR` set, the same methods also
//! read public Graph payloads from that folder.

mod http_support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use generated::{Alert, AlertComment, AlertUpdate, SecurityAlerts};
use graph_security::runtime::http::{Error, Patch, Query, RetryPolicy};
use http_support::{builder, client, API};
use serde_json::{json, Value};
use wiremock::matchers::{body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What generated code for the alerts API will look like, written by hand.
mod generated {
    use graph_security::runtime::http::{
        encode_path_segment, Client, Collection, Error, ItemStream, Patch, Query,
    };
    use serde::{Deserialize, Serialize};
    use serde_json::{Map, Value};

    /// A trimmed `microsoft.graph.security.alert`.
    #[derive(Clone, Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    pub struct Alert {
        pub id: String,
        pub status: Option<String>,
        pub severity: Option<String>,
        /// Every other property, kept so nothing the server sent is lost.
        #[serde(flatten)]
        pub additional_properties: Map<String, Value>,
    }

    /// The PATCH body for an alert: only fields that are not `Absent` are sent.
    #[derive(Clone, Debug, Default, Serialize)]
    #[serde(rename_all = "camelCase")]
    pub struct AlertUpdate {
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        pub assigned_to: Patch<String>,
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        pub classification: Patch<String>,
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        pub determination: Patch<String>,
        #[serde(default, skip_serializing_if = "Patch::is_absent")]
        pub status: Patch<String>,
    }

    /// A `microsoft.graph.security.alertComment`.
    #[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    pub struct AlertComment {
        #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
        pub odata_type: Option<String>,
        pub comment: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub created_by_display_name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub created_date_time: Option<String>,
    }

    /// The `/security/alerts_v2` entity set.
    pub struct SecurityAlerts<'a>(pub &'a Client);

    impl SecurityAlerts<'_> {
        /// `GET /security/alerts_v2/{alert-id}`
        pub async fn get(&self, alert_id: &str, query: &Query) -> Result<Alert, Error> {
            let path = format!("/security/alerts_v2/{}", encode_path_segment(alert_id));
            self.0.get(&path, query).await
        }

        /// `GET /security/alerts_v2`, following every next link.
        pub fn list(&self, query: &Query) -> ItemStream<Alert> {
            self.0.list("/security/alerts_v2", query)
        }

        /// `PATCH /security/alerts_v2/{alert-id}`
        pub async fn update(&self, alert_id: &str, body: &AlertUpdate) -> Result<Alert, Error> {
            let path = format!("/security/alerts_v2/{}", encode_path_segment(alert_id));
            self.0.patch(&path, body).await
        }

        /// `POST /security/alerts_v2/{alert-id}/comments`, which returns all comments.
        pub async fn add_comment(
            &self,
            alert_id: &str,
            body: &AlertComment,
        ) -> Result<Vec<AlertComment>, Error> {
            let path = format!(
                "/security/alerts_v2/{}/comments",
                encode_path_segment(alert_id)
            );
            let comments: Collection<AlertComment> = self.0.post(&path, body).await?;
            Ok(comments.value)
        }
    }
}

const ALERT_ID: &str = "da637551227677560813_-961444813";

fn alert_json() -> Value {
    json!({"id": ALERT_ID, "status": "new", "severity": "medium", "title": "Suspicious"})
}

fn alert_path() -> String {
    format!("{API}/security/alerts_v2/{ALERT_ID}")
}

#[tokio::test]
async fn get_alert_with_select() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(alert_path()))
        .and(query_param("$select", "id,status,severity,title"))
        .respond_with(ResponseTemplate::new(200).set_body_json(alert_json()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    const SELECT: [&str; 4] = ["id", "status", "severity", "title"];
    let alert = SecurityAlerts(&client)
        .get(ALERT_ID, &Query::new().select(SELECT))
        .await
        .unwrap();

    assert_eq!(alert.id, ALERT_ID);
    assert_eq!(alert.severity.as_deref(), Some("medium"));
    assert_eq!(alert.additional_properties["title"], "Suspicious");
}

#[tokio::test]
async fn get_alert_id_is_path_encoded() {
    let server = MockServer::start().await;
    Mock::given(path(format!("{API}/security/alerts_v2/a%2Fb%3Fc")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "a/b?c"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let alert = SecurityAlerts(&client)
        .get("a/b?c", &Query::new())
        .await
        .unwrap();

    assert_eq!(alert.id, "a/b?c");
}

#[tokio::test]
async fn list_alerts_stream() {
    let server = MockServer::start().await;
    let next = format!("{}{API}/security/alerts_v2?$skiptoken=p2", server.uri());
    Mock::given(path(format!("{API}/security/alerts_v2")))
        .and(query_param("$filter", "status eq 'new'"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "@odata.nextLink": next,
            "value": [{"id": "a1"}, {"id": "a2"}]
        })))
        .mount(&server)
        .await;
    Mock::given(path(format!("{API}/security/alerts_v2")))
        .and(query_param("$skiptoken", "p2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"value": [{"id": "a3"}]})))
        .mount(&server)
        .await;
    let client = client(&server);

    let alerts: Vec<Result<Alert, Error>> = SecurityAlerts(&client)
        .list(&Query::new().filter("status eq 'new'"))
        .collect()
        .await;

    let ids: Vec<String> = alerts.into_iter().map(|alert| alert.unwrap().id).collect();
    assert_eq!(ids, ["a1", "a2", "a3"]);
}

/// Sends `update` and asserts the PATCH body the server received, byte for byte.
#[track_caller]
fn check_patch_body(update: AlertUpdate, expected: &'static str) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .and(path(alert_path()))
            .and(header("content-type", "application/json"))
            .and(body_string(expected))
            .respond_with(ResponseTemplate::new(200).set_body_json(alert_json()))
            .mount(&server)
            .await;
        let client = client(&server);

        let result = SecurityAlerts(&client).update(ALERT_ID, &update).await;

        let received = server.received_requests().await.unwrap();
        let sent = String::from_utf8_lossy(&received[0].body);
        assert_eq!(sent, expected);
        assert_eq!(result.unwrap().id, ALERT_ID);
    });
}

#[test]
fn patch_body_absent_fields_omitted() {
    let update = AlertUpdate {
        status: Patch::Value("inProgress".into()),
        ..AlertUpdate::default()
    };
    check_patch_body(update, r#"{"status":"inProgress"}"#);
}

#[test]
fn patch_body_null_field_written() {
    let update = AlertUpdate {
        assigned_to: Patch::Null,
        status: Patch::Value("resolved".into()),
        ..AlertUpdate::default()
    };
    check_patch_body(update, r#"{"assignedTo":null,"status":"resolved"}"#);
}

#[test]
fn patch_body_all_values() {
    let update = AlertUpdate {
        assigned_to: Patch::Value("secAdmin@contoso.onmicrosoft.com".into()),
        classification: Patch::Value("truePositive".into()),
        determination: Patch::Value("malware".into()),
        status: Patch::Value("inProgress".into()),
    };
    check_patch_body(
        update,
        r#"{"assignedTo":"secAdmin@contoso.onmicrosoft.com","classification":"truePositive","determination":"malware","status":"inProgress"}"#,
    );
}

#[test]
fn patch_body_empty_update() {
    check_patch_body(AlertUpdate::default(), "{}");
}

#[tokio::test]
async fn post_comment() {
    let server = MockServer::start().await;
    let expected =
        r#"{"@odata.type":"microsoft.graph.security.alertComment","comment":"Demo for docs"}"#;
    Mock::given(method("POST"))
        .and(path(format!("{}/comments", alert_path())))
        .and(body_string(expected))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "@odata.context": "https://graph.invalid/v1.0/$metadata#security/alerts_v2('x')/comments",
            "value": [{
                "@odata.type": "microsoft.graph.security.alertComment",
                "comment": "Demo for docs",
                "createdByDisplayName": "Analyst",
                "createdDateTime": "2024-05-01T10:00:00Z"
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let comment = AlertComment {
        odata_type: Some("microsoft.graph.security.alertComment".into()),
        comment: Some("Demo for docs".into()),
        ..AlertComment::default()
    };

    let comments = SecurityAlerts(&client)
        .add_comment(ALERT_ID, &comment)
        .await
        .unwrap();

    assert_eq!(comments.len(), 1);
    assert_eq!(
        comments[0].created_by_display_name.as_deref(),
        Some("Analyst")
    );
}

#[tokio::test]
async fn no_content_decodes_as_unit() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server);

    let result: () = client
        .patch("/security/alerts_v2/a1", &json!({}))
        .await
        .unwrap();

    assert_eq!(result, ());
}

/// Reads a public payload from `PAYLOADS_DIR`, or prints why the case is
/// skipped and returns `None`.
fn payload(name: &str) -> Option<Vec<u8>> {
    let Some(dir) = std::env::var_os("PAYLOADS_DIR") else {
        println!("skipped: PAYLOADS_DIR is not set, so the public payload `{name}` cannot be read");
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

async fn serve_alert_path(server: &MockServer, status: u16, body: Vec<u8>) {
    Mock::given(path(alert_path()))
        .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
        .mount(server)
        .await;
}

#[tokio::test]
async fn payload_error_403_forbidden() {
    let Some(body) = payload("elastic-m365d-error-403-forbidden.json") else {
        return;
    };
    let server = MockServer::start().await;
    serve_alert_path(&server, 403, body).await;
    let client = client(&server);

    let result = SecurityAlerts(&client).get(ALERT_ID, &Query::new()).await;

    let Err(Error::Status { status, error, .. }) = result else {
        panic!("expected a status error, got {result:?}");
    };
    assert_eq!(status, 403);
    assert_eq!(error.code.as_deref(), Some("Authorization_RequestDenied"));
    assert_eq!(
        error.message.as_deref(),
        Some("Insufficient privileges to complete the operation.")
    );
    assert_eq!(error.inner_error, None);
}

#[tokio::test]
async fn payload_error_429_throttled() {
    let Some(body) = payload("elastic-m365d-error-429-throttled.json") else {
        return;
    };
    let server = MockServer::start().await;
    let throttled = ResponseTemplate::new(429)
        .insert_header("Retry-After", "1")
        .set_body_raw(body, "application/json");
    Mock::given(path(alert_path()))
        .respond_with(throttled)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    serve_alert_path(&server, 200, alert_json().to_string().into_bytes()).await;

    let no_retries = builder(&server)
        .retry(RetryPolicy::never())
        .build()
        .unwrap();
    let result = SecurityAlerts(&no_retries)
        .get(ALERT_ID, &Query::new())
        .await;
    let Err(Error::Status {
        status,
        error,
        retry_after,
        ..
    }) = result
    else {
        panic!("expected a status error, got {result:?}");
    };
    assert_eq!(status, 429);
    assert_eq!(error.code.as_deref(), Some("TooManyRequests"));
    assert_eq!(retry_after, Some(Duration::from_secs(1)));

    // The throttled response was used up above, so serve it once more.
    let throttled_again = ResponseTemplate::new(429)
        .insert_header("Retry-After", "1")
        .set_body_raw(
            payload("elastic-m365d-error-429-throttled.json").unwrap(),
            "application/json",
        );
    server.reset().await;
    Mock::given(path(alert_path()))
        .respond_with(throttled_again)
        .up_to_n_times(1)
        .mount(&server)
        .await;
    serve_alert_path(&server, 200, alert_json().to_string().into_bytes()).await;
    let started = Instant::now();
    let alert = SecurityAlerts(&client(&server))
        .get(ALERT_ID, &Query::new())
        .await
        .unwrap();
    assert_eq!(alert.id, ALERT_ID);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn payload_error_date_without_offset() {
    let Some(body) = payload("msgraphgo527-error-innerError-date-no-offset.json") else {
        return;
    };
    let server = MockServer::start().await;
    serve_alert_path(&server, 404, body).await;
    let client = client(&server);

    let result = SecurityAlerts(&client).get(ALERT_ID, &Query::new()).await;

    let Err(Error::Status { status, error, .. }) = result else {
        panic!("expected a status error, got {result:?}");
    };
    assert_eq!(status, 404);
    assert_eq!(error.code.as_deref(), Some("ResourceNotFound"));
    let inner = error.inner_error.expect("innerError parsed");
    assert_eq!(inner.date.as_deref(), Some("2023-07-07T11:13:19"));
    assert_eq!(
        inner.request_id.as_deref(),
        Some("00000000-0000-4000-8000-0000000000d1")
    );
}

#[tokio::test]
async fn payload_list_and_get_alerts() {
    let cases = [
        ("msdocs-v1-list-alerts_v2.json", 1),
        ("elastic-m365d-alerts-page1-skip0.json", 2),
        ("xsoar-msgraphsec-search-alerts-v2.json", 2),
    ];
    for (name, expected_count) in cases {
        let Some(body) = payload(name) else { return };
        let server = MockServer::start().await;
        Mock::given(path(format!("{API}/security/alerts_v2")))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        let client = client(&server);

        let alerts: Vec<Result<Alert, Error>> =
            SecurityAlerts(&client).list(&Query::new()).collect().await;

        assert_eq!(alerts.len(), expected_count, "{name}");
        for alert in alerts {
            let alert = alert.unwrap_or_else(|err| panic!("{name}: {err}"));
            assert!(!alert.id.is_empty(), "{name}");
        }
    }

    let Some(body) = payload("msdocs-v1-alert-get.json") else {
        return;
    };
    let server = MockServer::start().await;
    serve_alert_path(&server, 200, body).await;
    let alert = SecurityAlerts(&client(&server))
        .get(ALERT_ID, &Query::new())
        .await
        .unwrap();
    assert_eq!(alert.id, "da637578995287051192_756343937");
}

#[tokio::test]
async fn payload_update_and_comment() {
    let Some(request) = payload("msdocs-v1-alert-update-request.json") else {
        return;
    };
    let update = AlertUpdate {
        assigned_to: Patch::Value("secAdmin@contoso.onmicrosoft.com".into()),
        classification: Patch::Value("truePositive".into()),
        determination: Patch::Value("malware".into()),
        status: Patch::Value("inProgress".into()),
    };
    let expected: Value = serde_json::from_slice(&request).unwrap();
    assert_eq!(serde_json::to_value(&update).unwrap(), expected);

    let Some(response) = payload("msdocs-v1-alert-update-response.json") else {
        return;
    };
    let server = MockServer::start().await;
    serve_alert_path(&server, 200, response).await;
    let alert = SecurityAlerts(&client(&server))
        .update(ALERT_ID, &update)
        .await
        .unwrap();
    assert_eq!(alert.status.as_deref(), Some("inProgress"));

    let Some(comment_request) = payload("msdocs-v1-alert-post-comment-request.json") else {
        return;
    };
    let Some(comment_response) = payload("msdocs-v1-alert-post-comment-response.json") else {
        return;
    };
    let comment: AlertComment = serde_json::from_slice(&comment_request).unwrap();
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("{}/comments", alert_path())))
        .respond_with(ResponseTemplate::new(200).set_body_raw(comment_response, "application/json"))
        .mount(&server)
        .await;
    let comments = SecurityAlerts(&client(&server))
        .add_comment(ALERT_ID, &comment)
        .await
        .unwrap();
    assert!(
        comments
            .iter()
            .any(|c| c.comment.as_deref() == Some("Demo for docs")),
        "{comments:?}"
    );
}
