//! Tests with a scripted in-memory `Transport` and Tokio's paused clock, so
//! long `Retry-After` waits run instantly and no socket is opened.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use graph_security::runtime::http::{
    BoxFuture, Client, Error, HttpRequest, HttpResponse, Query, RetryPolicy, StaticToken,
    Transport, TransportError,
};
use serde_json::Value;

/// Returns scripted responses in order and records each request.
#[derive(Clone, Default)]
struct ScriptedTransport {
    responses: Arc<Mutex<VecDeque<HttpResponse>>>,
    requests: Arc<Mutex<Vec<HttpRequest>>>,
}

impl ScriptedTransport {
    fn push(&self, status: u16, headers: &[(&str, String)], body: &str) {
        let mut builder = http::Response::builder().status(status);
        for (name, value) in headers {
            builder = builder.header(*name, value.as_str());
        }
        let response = builder.body(Bytes::from(body.to_owned())).unwrap();
        self.responses.lock().unwrap().push_back(response);
    }

    fn request_count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

impl Transport for ScriptedTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        self.requests.lock().unwrap().push(request);
        let response = self
            .responses
            .lock()
            .unwrap()
            .pop_front()
            .expect("a scripted response");
        Box::pin(async move { Ok(response) })
    }
}

fn client(transport: &ScriptedTransport, retry: RetryPolicy) -> Client {
    Client::builder()
        .base_url("http://127.0.0.1:9/v1.0")
        .token_provider(StaticToken::new("scripted-token"))
        .transport(transport.clone())
        .retry(retry)
        .build()
        .unwrap()
}

async fn get(client: &Client) -> Result<Value, Error> {
    client
        .get("/security/alerts_v2", &Query::new().top(1))
        .await
}

#[tokio::test(start_paused = true)]
async fn custom_transport_receives_full_request() {
    let transport = ScriptedTransport::default();
    transport.push(200, &[], r#"{"value":[]}"#);

    get(&client(&transport, RetryPolicy::default()))
        .await
        .unwrap();

    let requests = transport.requests.lock().unwrap();
    let request = &requests[0];
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(
        request.uri(),
        "http://127.0.0.1:9/v1.0/security/alerts_v2?$top=1"
    );
    assert_eq!(request.headers()["authorization"], "Bearer scripted-token");
    assert!(request.headers()["authorization"].is_sensitive());
    assert!(request.body().is_empty());
}

#[tokio::test(start_paused = true)]
async fn retry_after_http_date_waits() {
    let transport = ScriptedTransport::default();
    let retry_at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
    transport.push(503, &[("retry-after", retry_at)], "");
    transport.push(200, &[], "{}");

    let started = tokio::time::Instant::now();
    get(&client(&transport, RetryPolicy::default()))
        .await
        .unwrap();

    // HTTP dates have whole seconds, so the wait is between 29 and 30 s.
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(29), "waited {waited:?}");
    assert!(waited <= Duration::from_secs(30), "waited {waited:?}");
    assert_eq!(transport.request_count(), 2);
}

#[tokio::test(start_paused = true)]
async fn retry_after_above_max_delay_gives_up() {
    let transport = ScriptedTransport::default();
    transport.push(429, &[("retry-after", "120".to_owned())], "");

    let started = tokio::time::Instant::now();
    let result = get(&client(&transport, RetryPolicy::default())).await;

    let Err(Error::Status {
        retry_after,
        attempts,
        ..
    }) = result
    else {
        panic!("expected a status error, got {result:?}");
    };
    assert_eq!(retry_after, Some(Duration::from_secs(120)));
    assert_eq!(attempts, 1);
    assert_eq!(started.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn max_total_wait_ends_retries() {
    let transport = ScriptedTransport::default();
    for _ in 0..4 {
        transport.push(503, &[("retry-after", "50".to_owned())], "");
    }
    let retry = RetryPolicy::default().with_max_attempts(10);

    let started = tokio::time::Instant::now();
    let result = get(&client(&transport, retry)).await;

    // Two waits of 50 s fit in the default 120 s total; a third would not.
    assert!(
        matches!(result, Err(Error::Status { attempts: 3, .. })),
        "{result:?}"
    );
    assert_eq!(started.elapsed(), Duration::from_secs(100));
    assert_eq!(transport.request_count(), 3);
}

#[tokio::test(start_paused = true)]
async fn backoff_without_retry_after() {
    let transport = ScriptedTransport::default();
    transport.push(503, &[], "");
    transport.push(503, &[], "");
    transport.push(200, &[], "{}");

    let started = tokio::time::Instant::now();
    get(&client(&transport, RetryPolicy::default()))
        .await
        .unwrap();

    // Default base delay 1 s: the waits are in [0.5, 1] s and [1, 2] s.
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(1500), "waited {waited:?}");
    assert!(waited <= Duration::from_secs(3), "waited {waited:?}");
}
