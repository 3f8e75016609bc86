//! Integration tests of paged listings against wiremock on 127.0.0.1:
//! `@odata.nextLink` following, per-item decoding, and rejected links.

mod http_support;

use std::time::Duration;

use futures_util::StreamExt;
use graph_security::runtime::http::{Client, Error, Query, TimeoutScope};
use http_support::{builder, client, API, TOKEN};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ALERTS: &str = "/security/alerts_v2";

#[derive(Debug, Deserialize, PartialEq)]
struct Alert {
    id: String,
    severity: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

fn alert(id: &str) -> Value {
    json!({"id": id, "severity": "low", "status": "new"})
}

fn link(server: &MockServer, skiptoken: &str) -> String {
    format!(
        "{}{API}{ALERTS}?$top=2&$skiptoken={skiptoken}",
        server.uri()
    )
}

/// Mounts the first page, which is the request without `$skiptoken`.
async fn mount_first(server: &MockServer, body: Value) {
    Mock::given(method("GET"))
        .and(path(format!("{API}{ALERTS}")))
        .and(query_param_is_missing("$skiptoken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

async fn mount_page(server: &MockServer, skiptoken: &str, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(format!("{API}{ALERTS}")))
        .and(query_param("$skiptoken", skiptoken))
        .respond_with(response)
        .mount(server)
        .await;
}

/// Collects a listing's stream, returning decoded ids and the errors.
async fn collect(client: &Client) -> (Vec<String>, Vec<Error>) {
    let mut stream = client.list::<Alert>(ALERTS, &Query::new().top(2));
    let mut ids = Vec::new();
    let mut errors = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(alert) => ids.push(alert.id),
            Err(error) => errors.push(error),
        }
    }
    (ids, errors)
}

async fn request_count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

async fn mount_three_pages(server: &MockServer) {
    let first = json!({
        "@odata.count": 5,
        "@odata.nextLink": link(server, "p2"),
        "value": [alert("a1"), alert("a2")]
    });
    mount_first(server, first).await;
    let second =
        json!({"@odata.nextLink": link(server, "p3"), "value": [alert("a3"), alert("a4")]});
    mount_page(
        server,
        "p2",
        ResponseTemplate::new(200).set_body_json(second),
    )
    .await;
    let third = json!({"value": [alert("a5")]});
    mount_page(
        server,
        "p3",
        ResponseTemplate::new(200).set_body_json(third),
    )
    .await;
}

#[tokio::test]
async fn stream_follows_three_pages() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;

    let (ids, errors) = collect(&client(&server)).await;

    assert_eq!(ids, ["a1", "a2", "a3", "a4", "a5"]);
    assert!(errors.is_empty(), "{errors:?}");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[1].url.query(), Some("$top=2&$skiptoken=p2"));
    for request in &requests {
        let authorization = request.headers.get("authorization").unwrap();
        assert_eq!(authorization.to_str().unwrap(), format!("Bearer {TOKEN}"));
    }
}

#[tokio::test]
async fn pager_returns_count_and_links() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;
    let mut pager = client(&server).pages::<Alert>(ALERTS, &Query::new().top(2).count(true));

    let first = pager.next_page().await.unwrap().expect("first page");
    assert_eq!(first.count, Some(5));
    assert_eq!(first.items.len(), 2);
    assert_eq!(first.next_link, Some(link(&server, "p2")));
    assert_eq!(first.items[0].as_ref().unwrap().extra["status"], "new");

    let second = pager.next_page().await.unwrap().expect("second page");
    assert_eq!(second.count, None);
    let third = pager.next_page().await.unwrap().expect("third page");
    assert_eq!(third.next_link, None);
    assert!(pager.next_page().await.unwrap().is_none());
    assert!(pager.next_page().await.unwrap().is_none());
}

#[tokio::test]
async fn broken_item_does_not_stop_page() {
    let server = MockServer::start().await;
    let broken = json!({"id": "a2", "severity": 5, "status": "new"});
    mount_first(
        &server,
        json!({"value": [alert("a1"), broken, alert("a3")]}),
    )
    .await;

    let (ids, errors) = collect(&client(&server)).await;

    assert_eq!(ids, ["a1", "a3"]);
    let [Error::Decode {
        path,
        body,
        request,
        ..
    }] = errors.as_slice()
    else {
        panic!("expected one decode error, got {errors:?}");
    };
    assert_eq!(path, "value[1].severity");
    assert_eq!(body, r#"{"id":"a2","severity":5,"status":"new"}"#);
    assert_eq!(request.to_string(), "GET /v1.0/security/alerts_v2");
}

#[tokio::test]
async fn foreign_next_link_rejected() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    let foreign = format!("{}{API}{ALERTS}?$skiptoken=p2", elsewhere.uri());
    mount_first(
        &server,
        json!({"@odata.nextLink": foreign, "value": [alert("a1")]}),
    )
    .await;
    mount_page(
        &elsewhere,
        "p2",
        ResponseTemplate::new(200).set_body_json(json!({"value": []})),
    )
    .await;

    let (ids, errors) = collect(&client(&server)).await;

    assert_eq!(ids, ["a1"]);
    let [Error::ForeignNextLink { link, expected, .. }] = errors.as_slice() else {
        panic!("expected a rejected next link, got {errors:?}");
    };
    assert_eq!(link, &foreign);
    assert_eq!(expected, &server.uri());
    assert_eq!(
        request_count(&elsewhere).await,
        0,
        "no request, so no token, went elsewhere"
    );
}

#[tokio::test]
async fn next_link_loop_rejected() {
    let server = MockServer::start().await;
    mount_first(
        &server,
        json!({"@odata.nextLink": link(&server, "p2"), "value": [alert("a1")]}),
    )
    .await;
    let looping = json!({"@odata.nextLink": link(&server, "p2"), "value": [alert("a2")]});
    mount_page(
        &server,
        "p2",
        ResponseTemplate::new(200).set_body_json(looping),
    )
    .await;

    let (ids, errors) = collect(&client(&server)).await;

    assert_eq!(ids, ["a1", "a2"]);
    assert!(
        matches!(errors.as_slice(), [Error::NextLinkLoop { .. }]),
        "expected a loop error, got {errors:?}"
    );
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn relative_next_link_followed() {
    let server = MockServer::start().await;
    let relative = format!("{API}{ALERTS}?$skiptoken=rel");
    mount_first(
        &server,
        json!({"@odata.nextLink": relative, "value": [alert("a1")]}),
    )
    .await;
    let last = json!({"value": [alert("a2")]});
    mount_page(
        &server,
        "rel",
        ResponseTemplate::new(200).set_body_json(last),
    )
    .await;

    let (ids, errors) = collect(&client(&server)).await;

    assert_eq!(ids, ["a1", "a2"]);
    assert!(errors.is_empty(), "{errors:?}");
}

#[tokio::test]
async fn stream_ends_after_status_error() {
    let server = MockServer::start().await;
    mount_first(
        &server,
        json!({"@odata.nextLink": link(&server, "p2"), "value": [alert("a1")]}),
    )
    .await;
    mount_page(&server, "p2", ResponseTemplate::new(500)).await;

    let (ids, errors) = collect(&client(&server)).await;

    assert_eq!(ids, ["a1"]);
    assert!(
        matches!(errors.as_slice(), [Error::Status { status, .. }] if *status == 500),
        "{errors:?}"
    );
}

#[tokio::test]
async fn pager_retries_failed_page_on_next_call() {
    let server = MockServer::start().await;
    Mock::given(path(format!("{API}{ALERTS}")))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_first(&server, json!({"value": [alert("a1")]})).await;
    let mut pager = client(&server).pages::<Alert>(ALERTS, &Query::new());

    assert!(matches!(pager.next_page().await, Err(Error::Status { .. })));
    let page = pager
        .next_page()
        .await
        .unwrap()
        .expect("the same page again");

    assert_eq!(page.items.len(), 1);
    assert_eq!(request_count(&server).await, 2);
}

#[tokio::test]
async fn listing_timeout_stops_slow_listing() {
    let server = MockServer::start().await;
    mount_first(
        &server,
        json!({"@odata.nextLink": link(&server, "p2"), "value": [alert("a1")]}),
    )
    .await;
    let slow = ResponseTemplate::new(200)
        .set_body_json(json!({"value": [alert("a2")]}))
        .set_delay(Duration::from_secs(3));
    mount_page(&server, "p2", slow).await;
    let client = builder(&server)
        .listing_timeout(Duration::from_millis(400))
        .build()
        .unwrap();

    let (ids, errors) = collect(&client).await;

    assert_eq!(ids, ["a1"]);
    let [Error::Timeout { scope, after, .. }] = errors.as_slice() else {
        panic!("expected a listing timeout, got {errors:?}");
    };
    assert_eq!(*scope, TimeoutScope::Listing);
    assert_eq!(*after, Duration::from_millis(400));
}
