//! Integration tests of the HTTP client against local servers on 127.0.0.1:
//! headers, retries, error bodies, timeouts, redirects and token hygiene.

mod http_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use graph_security::runtime::http::{
    ApiVersion, AuthError, BoxFuture, Client, Cloud, Error, GraphError, Query, StaticToken,
    TimeoutScope, TokenProvider, TransportErrorKind,
};
use http_support::{builder, client, error_body, fast_retries, LogRecorder, API, TOKEN};
use serde_json::{json, Value};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ALERT_PATH: &str = "/security/alerts_v2/a1";

fn alert_json() -> Value {
    json!({"id": "a1", "status": "new", "severity": "high"})
}

async fn mount_alert(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(format!("{API}{ALERT_PATH}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(alert_json()))
        .mount(server)
        .await;
}

/// Mounts one response for the alert path, used before any later mount.
async fn mount_once(server: &MockServer, response: ResponseTemplate) {
    Mock::given(path(format!("{API}{ALERT_PATH}")))
        .respond_with(response)
        .up_to_n_times(1)
        .mount(server)
        .await;
}

async fn mount_always(server: &MockServer, response: ResponseTemplate) {
    Mock::given(path(format!("{API}{ALERT_PATH}")))
        .respond_with(response)
        .mount(server)
        .await;
}

async fn get_alert(client: &Client) -> Result<Value, Error> {
    client.get(ALERT_PATH, &Query::new()).await
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

/// Returns the error of a call that must fail with a status.
#[track_caller]
fn expect_status(result: Result<Value, Error>) -> (http::StatusCode, GraphError, Error) {
    match result {
        Err(Error::Status {
            status, ref error, ..
        }) => {
            let parsed = (**error).clone();
            (status, parsed, result.unwrap_err())
        }
        other => panic!("expected a status error, got {other:?}"),
    }
}

#[tokio::test]
async fn request_headers_present() {
    let server = MockServer::start().await;
    mount_alert(&server).await;
    let client = client(&server);

    get_alert(&client).await.unwrap();
    get_alert(&client).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let header = |index: usize, name: &str| {
        requests[index]
            .headers
            .get(name)
            .map(|value| value.to_str().unwrap().to_owned())
    };
    assert_eq!(
        header(0, "authorization").as_deref(),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(header(0, "accept").as_deref(), Some("application/json"));
    assert_eq!(
        header(0, "user-agent").as_deref(),
        Some("graph-security/0.1.0")
    );
    assert_eq!(
        header(0, "prefer").as_deref(),
        Some("include-unknown-enum-members")
    );

    let first_id = header(0, "client-request-id").expect("client-request-id sent");
    let parsed = uuid::Uuid::parse_str(&first_id).expect("client-request-id is a UUID");
    assert_eq!(parsed.get_version_num(), 4);
    let second_id = header(1, "client-request-id").unwrap();
    assert_ne!(
        first_id, second_id,
        "each call gets a fresh client-request-id"
    );
}

#[tokio::test]
async fn prefer_header_turned_off() {
    let server = MockServer::start().await;
    mount_alert(&server).await;
    let client = builder(&server)
        .include_unknown_enum_members(false)
        .build()
        .unwrap();

    get_alert(&client).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].headers.get("prefer").is_none());
}

#[tokio::test]
async fn throttled_429_honors_retry_after() {
    let server = MockServer::start().await;
    let throttled = ResponseTemplate::new(429)
        .insert_header("Retry-After", "1")
        .set_body_json(error_body("TooManyRequests", "Too many requests"));
    mount_once(&server, throttled).await;
    mount_alert(&server).await;
    let client = client(&server);

    let started = Instant::now();
    let alert = get_alert(&client).await.unwrap();
    let elapsed = started.elapsed();

    assert_eq!(alert["id"], "a1");
    assert!(elapsed >= Duration::from_secs(1), "waited only {elapsed:?}");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].headers.get("client-request-id"),
        requests[1].headers.get("client-request-id"),
        "retries share the client-request-id"
    );
}

#[tokio::test]
async fn unavailable_503_stops_at_attempt_limit() {
    let server = MockServer::start().await;
    mount_always(
        &server,
        ResponseTemplate::new(503).set_body_json(error_body("serviceNotAvailable", "Try later")),
    )
    .await;
    let client = builder(&server).retry(fast_retries(3)).build().unwrap();

    let (status, error, whole) = expect_status(get_alert(&client).await);

    assert_eq!(status, 503);
    assert_eq!(error.code.as_deref(), Some("serviceNotAvailable"));
    assert!(
        matches!(whole, Error::Status { attempts: 3, .. }),
        "{whole:?}"
    );
    assert_eq!(request_count(&server).await, 3);
    assert_eq!(
        whole.to_string(),
        "GET /v1.0/security/alerts_v2/a1 failed with status 503 Service Unavailable \
         after 3 attempts: `serviceNotAvailable`: Try later"
    );
}

#[tokio::test]
async fn post_not_retried_on_504() {
    let server = MockServer::start().await;
    mount_always(&server, ResponseTemplate::new(504)).await;
    let client = client(&server);

    let result: Result<Value, Error> = client.post(ALERT_PATH, &json!({"comment": "x"})).await;

    assert!(
        matches!(result, Err(Error::Status { attempts: 1, .. })),
        "{result:?}"
    );
    assert_eq!(request_count(&server).await, 1);
}

#[tokio::test]
async fn post_retried_on_503() {
    let server = MockServer::start().await;
    mount_once(&server, ResponseTemplate::new(503)).await;
    mount_always(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({"ok": true})),
    )
    .await;
    let client = client(&server);

    let result: Value = client
        .post(ALERT_PATH, &json!({"comment": "x"}))
        .await
        .unwrap();

    assert_eq!(result["ok"], true);
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn patch_retried_on_504() {
    let server = MockServer::start().await;
    mount_once(&server, ResponseTemplate::new(504)).await;
    mount_always(
        &server,
        ResponseTemplate::new(200).set_body_json(alert_json()),
    )
    .await;
    let client = client(&server);

    let result: Value = client
        .patch(ALERT_PATH, &json!({"status": "resolved"}))
        .await
        .unwrap();

    assert_eq!(result["id"], "a1");
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn error_bodies_401_403_404_parsed() {
    let cases = [
        (
            401,
            "InvalidAuthenticationToken",
            "Access token has expired or is not yet valid.",
        ),
        (403, "Forbidden", "Missing role SecurityAlert.ReadWrite.All"),
        (404, "ResourceNotFound", "Alert not found"),
    ];
    for (status, code, message) in cases {
        let server = MockServer::start().await;
        let response = ResponseTemplate::new(status)
            .insert_header("request-id", "hdr-req-9")
            .set_body_json(error_body(code, message));
        mount_always(&server, response).await;

        let result = get_alert(&client(&server)).await;

        let Err(Error::Status {
            status: actual,
            error,
            request_id,
            attempts,
            ..
        }) = result
        else {
            panic!("{status}: expected a status error, got {result:?}");
        };
        assert_eq!(actual, status);
        assert_eq!(attempts, 1, "{status} is not retried");
        assert_eq!(request_id.as_deref(), Some("hdr-req-9"));
        assert_eq!(error.code.as_deref(), Some(code));
        assert_eq!(error.message.as_deref(), Some(message));
        let inner = error.inner_error.expect("innerError parsed");
        assert_eq!(inner.request_id.as_deref(), Some("req-0001"));
        assert_eq!(inner.client_request_id.as_deref(), Some("client-0001"));
        assert_eq!(inner.date.as_deref(), Some("2024-05-01T10:00:00Z"));
    }
}

#[tokio::test]
async fn error_date_without_offset() {
    let server = MockServer::start().await;
    let body = json!({"error": {"code": "ResourceNotFound", "message": "User not found",
        "innerError": {"date": "2023-07-07T11:13:19", "request-id": "r-1"}}});
    mount_always(&server, ResponseTemplate::new(404).set_body_json(body)).await;

    let (status, error, _) = expect_status(get_alert(&client(&server)).await);

    assert_eq!(status, 404);
    assert_eq!(error.code.as_deref(), Some("ResourceNotFound"));
    let inner = error.inner_error.unwrap();
    assert_eq!(inner.date.as_deref(), Some("2023-07-07T11:13:19"));
    assert_eq!(inner.request_id.as_deref(), Some("r-1"));
}

#[tokio::test]
async fn error_message_as_object() {
    let server = MockServer::start().await;
    let body = json!({"error": {"code": "BadRequest",
        "message": {"lang": "en-US", "value": "Invalid filter clause"}}});
    mount_always(&server, ResponseTemplate::new(400).set_body_json(body)).await;

    let (_, error, whole) = expect_status(get_alert(&client(&server)).await);

    assert_eq!(error.message.as_deref(), Some("Invalid filter clause"));
    assert!(
        whole
            .to_string()
            .ends_with("`BadRequest`: Invalid filter clause"),
        "{whole}"
    );
}

#[tokio::test]
async fn error_non_json_body() {
    let server = MockServer::start().await;
    let response = ResponseTemplate::new(502)
        .set_body_raw("<html><body>Bad Gateway</body></html>", "text/html");
    mount_always(&server, response).await;

    let (status, error, whole) = expect_status(get_alert(&client(&server)).await);

    assert_eq!(status, 502);
    assert_eq!(error.code, None);
    assert_eq!(error.body, "<html><body>Bad Gateway</body></html>");
    assert!(whole.to_string().contains("Bad Gateway"), "{whole}");
}

#[tokio::test]
async fn error_empty_body() {
    let server = MockServer::start().await;
    mount_always(&server, ResponseTemplate::new(500)).await;

    let (status, error, whole) = expect_status(get_alert(&client(&server)).await);

    assert_eq!(status, 500);
    assert_eq!(error, GraphError::default());
    assert!(
        whole.to_string().ends_with("empty response body"),
        "{whole}"
    );
}

#[tokio::test]
async fn decode_error_names_json_path() {
    let server = MockServer::start().await;
    let body = json!({"id": "a1", "severity": 5});
    mount_always(&server, ResponseTemplate::new(200).set_body_json(body)).await;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Alert {
        id: String,
        severity: String,
    }
    let result: Result<Alert, Error> = client(&server).get(ALERT_PATH, &Query::new()).await;

    let Err(Error::Decode { path, body, .. }) = result else {
        panic!("expected a decode error, got {result:?}");
    };
    assert_eq!(path, "severity");
    assert_eq!(body, r#"{"id":"a1","severity":5}"#);
}

#[tokio::test]
async fn slow_server_hits_request_timeout() {
    let server = MockServer::start().await;
    mount_always(
        &server,
        ResponseTemplate::new(200).set_delay(Duration::from_secs(3)),
    )
    .await;
    let client = builder(&server)
        .request_timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let started = Instant::now();
    let result = get_alert(&client).await;

    let Err(Error::Timeout { after, scope, .. }) = result else {
        panic!("expected a timeout, got {result:?}");
    };
    assert_eq!(scope, TimeoutScope::Request);
    assert_eq!(after, Duration::from_millis(200));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "gave up late: {:?}",
        started.elapsed()
    );
}

/// Starts a server on 127.0.0.1 that reads each request and closes the
/// connection without answering. Returns its base URL and a connection count.
async fn closing_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&connections);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buffer = [0u8; 4096];
            let _ = socket.read(&mut buffer).await;
        }
    });
    (format!("http://{address}{API}"), connections)
}

fn client_for(base_url: &str, attempts: u32) -> Client {
    Client::builder()
        .base_url(base_url)
        .token_provider(StaticToken::new(TOKEN))
        .retry(fast_retries(attempts))
        .request_timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

#[tokio::test]
async fn connection_reset_retried_for_get() {
    let (base_url, connections) = closing_server().await;
    let client = client_for(&base_url, 3);

    let result = get_alert(&client).await;

    let Err(Error::Transport {
        source, attempts, ..
    }) = result
    else {
        panic!("expected a transport error, got {result:?}");
    };
    assert_eq!(
        source.kind(),
        TransportErrorKind::ConnectionReset,
        "{source}"
    );
    assert_eq!(attempts, 3);
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn connection_reset_not_retried_for_post() {
    let (base_url, connections) = closing_server().await;
    let client = client_for(&base_url, 3);

    let result: Result<Value, Error> = client.post(ALERT_PATH, &json!({})).await;

    assert!(
        matches!(result, Err(Error::Transport { attempts: 1, .. })),
        "{result:?}"
    );
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn connection_refused_is_retried() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = client_for(&format!("http://{address}{API}"), 2);

    let result = get_alert(&client).await;

    let Err(Error::Transport {
        source, attempts, ..
    }) = result
    else {
        panic!("expected a transport error, got {result:?}");
    };
    assert_eq!(source.kind(), TransportErrorKind::Connect, "{source}");
    assert_eq!(attempts, 2);
}

#[tokio::test]
async fn redirect_not_followed() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    mount_alert(&elsewhere).await;
    let location = format!("{}{API}{ALERT_PATH}", elsewhere.uri());
    mount_always(
        &server,
        ResponseTemplate::new(302).insert_header("Location", location.as_str()),
    )
    .await;

    let result = get_alert(&client(&server)).await;

    let Err(Error::RedirectRefused {
        status,
        location: refused,
        ..
    }) = result
    else {
        panic!("expected a refused redirect, got {result:?}");
    };
    assert_eq!(status, 302);
    assert_eq!(refused, location);
    assert_eq!(
        request_count(&elsewhere).await,
        0,
        "nothing was sent to the redirect target"
    );
}

struct FailingProvider;

impl TokenProvider for FailingProvider {
    fn token(
        &self,
    ) -> BoxFuture<'_, Result<graph_security::runtime::http::AccessToken, AuthError>> {
        Box::pin(async { Err(AuthError::new("client secret expired")) })
    }
}

#[tokio::test]
async fn auth_failure_sends_nothing() {
    let server = MockServer::start().await;
    mount_alert(&server).await;
    let client = builder(&server)
        .token_provider(FailingProvider)
        .build()
        .unwrap();

    let result = get_alert(&client).await;

    let Err(error @ Error::Auth { .. }) = result else {
        panic!("expected an auth error, got {result:?}");
    };
    assert_eq!(
        error.to_string(),
        "GET /v1.0/security/alerts_v2/a1 was not sent: \
         failed to get an access token: client secret expired"
    );
    assert_eq!(request_count(&server).await, 0);
}

#[tokio::test]
async fn token_hidden_from_debug_errors_and_logs() {
    let recorder = LogRecorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let server = MockServer::start().await;
    let throttled = ResponseTemplate::new(429)
        .insert_header("Retry-After", "0")
        .insert_header("request-id", "req-throttled");
    mount_once(&server, throttled).await;
    let forbidden = ResponseTemplate::new(403)
        .insert_header("request-id", "req-forbidden")
        .set_body_json(error_body("Forbidden", "Denied"));
    mount_always(&server, forbidden).await;
    let client = client(&server);

    let error = get_alert(&client).await.unwrap_err();

    let logs = recorder.text();
    for text in [
        format!("{client:?}"),
        format!("{error:?}"),
        error.to_string(),
        logs.clone(),
    ] {
        assert!(!text.contains(TOKEN), "token leaked into: {text}");
    }
    assert!(logs.contains("span graph_request"), "{logs}");
    assert!(logs.contains("path=/v1.0/security/alerts_v2/a1"), "{logs}");
    assert!(logs.contains("status=429"), "{logs}");
    assert!(logs.contains("request_id=req-throttled"), "{logs}");
    assert!(logs.contains("wait_ms=0"), "{logs}");
    assert!(logs.contains("attempt=2"), "{logs}");
    assert!(logs.contains("request_id=req-forbidden"), "{logs}");
}

#[test]
fn missing_token_provider_rejected() {
    let result = Client::builder()
        .base_url("http://127.0.0.1:9/v1.0")
        .build();

    let Err(error @ Error::InvalidConfig { .. }) = result else {
        panic!("expected a configuration error");
    };
    assert!(
        error.to_string().contains("missing token provider"),
        "{error}"
    );
}

#[test]
fn invalid_base_url_rejected() {
    let result = Client::builder()
        .base_url("127.0.0.1/v1.0")
        .token_provider(StaticToken::new(TOKEN))
        .build();

    assert!(matches!(result, Err(Error::InvalidConfig { .. })));
}

#[test]
fn cloud_base_urls() {
    let cases = [
        (
            Cloud::Global,
            ApiVersion::V1,
            "https://graph.microsoft.com/v1.0",
        ),
        (
            Cloud::Global,
            ApiVersion::Beta,
            "https://graph.microsoft.com/beta",
        ),
        (
            Cloud::UsGovL4,
            ApiVersion::V1,
            "https://graph.microsoft.us/v1.0",
        ),
        (
            Cloud::UsGovL5,
            ApiVersion::V1,
            "https://dod-graph.microsoft.us/v1.0",
        ),
        (
            Cloud::China,
            ApiVersion::V1,
            "https://microsoftgraph.chinacloudapi.cn/v1.0",
        ),
    ];
    for (cloud, version, expected) in cases {
        // Building sends nothing; these clients are never used.
        let client = Client::builder()
            .cloud(cloud)
            .api_version(version)
            .token_provider(StaticToken::new(TOKEN))
            .build()
            .unwrap();
        assert_eq!(client.base_url(), expected);
    }
    assert_eq!(Cloud::DOD, Cloud::UsGovL5);
    assert_eq!(
        Cloud::China.default_scope(),
        "https://microsoftgraph.chinacloudapi.cn/.default"
    );
}
