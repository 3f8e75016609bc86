//! The HTTP client against a misbehaving server: a raw TCP server on 127.0.0.1 that cuts
//! bodies short, resets connections in the middle of a page, loops its next links, points
//! them at another server, asks for a day of waiting, and serves 10,000 alerts over 100
//! pages. wiremock always sends whole, well-formed responses, so it cannot do these.
//!
//! The server runs on its own thread and Tokio runtime. A counting global allocator counts
//! only the allocations of a thread that turned counting on, so the memory test measures
//! the client on the test thread and nothing else.

mod http_support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicIsize, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use graph_security::models::security::Alert;
use graph_security::runtime::http::BoxFuture;
use graph_security::runtime::http::{
    Client, Error, HttpRequest, HttpResponse, Query, RetryPolicy, StaticToken, Transport,
    TransportError, TransportErrorKind,
};
use http_support::{fast_retries, API, TOKEN};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const ALERTS: &str = "/security/alerts_v2";

// ---------------------------------------------------------------------------------------
// Counting allocator

thread_local! {
    /// Whether this thread's allocations are counted. Constant-initialized and without a
    /// destructor, so reading it inside the allocator never allocates.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

/// Bytes allocated and not yet freed by counting threads, and the highest value seen.
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

struct CountingAllocator;

fn counting() -> bool {
    COUNTING.try_with(Cell::get).unwrap_or(false)
}

fn record(delta: isize) {
    let live = LIVE.fetch_add(delta, Ordering::Relaxed) + delta;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to the system allocator unchanged; the counters only
// observe sizes.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if counting() {
            record(layout.size() as isize);
        }
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if counting() {
            record(-(layout.size() as isize));
        }
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if counting() {
            record(new_size as isize - layout.size() as isize);
        }
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Runs `body` with this thread's allocations counted and returns the peak of live bytes
/// above the level at the start.
async fn peak_bytes_during<F: std::future::Future<Output = ()>>(body: F) -> isize {
    COUNTING.with(|c| c.set(true));
    let start = LIVE.load(Ordering::Relaxed);
    PEAK.store(start, Ordering::Relaxed);
    body.await;
    COUNTING.with(|c| c.set(false));
    PEAK.load(Ordering::Relaxed) - start
}

// ---------------------------------------------------------------------------------------
// Raw server

/// What the server sends for one request.
enum Reply {
    /// A whole response with `Content-Length`.
    Full {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
    },
    /// Headers promising the whole body, then only `keep` bytes of it and a clean close.
    Truncated { body: Vec<u8>, keep: usize },
    /// Headers without a length, `keep` bytes of the body, then a clean close: the client
    /// cannot tell that the body is short.
    TruncatedUnframed { body: Vec<u8>, keep: usize },
    /// Headers promising the whole body, `keep` bytes of it, then a TCP reset.
    ResetMidBody { body: Vec<u8>, keep: usize },
}

impl Reply {
    fn json(body: &Value) -> Reply {
        Reply::Full {
            status: 200,
            headers: Vec::new(),
            body: serde_json::to_vec(body).expect("JSON encodes"),
        }
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
struct Seen {
    target: String,
    authorization: Option<String>,
}

/// Decides the reply from the request target, how often that target was requested
/// before (0 the first time), and the server's base URL.
type Handler = dyn Fn(&str, usize, &str) -> Reply + Send + Sync;

struct RawServer {
    /// `http://127.0.0.1:PORT/v1.0`.
    base: String,
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    connections: Arc<AtomicUsize>,
}

impl RawServer {
    /// Starts a server on 127.0.0.1 on its own thread, answering one request per
    /// connection with `Connection: close`.
    fn start(handler: impl Fn(&str, usize, &str) -> Reply + Send + Sync + 'static) -> RawServer {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let port = listener.local_addr().expect("address").port();
        let base = format!("http://127.0.0.1:{port}{API}");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let handler: Arc<Handler> = Arc::new(handler);
        let (thread_seen, thread_connections, thread_base) =
            (Arc::clone(&seen), Arc::clone(&connections), base.clone());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("server runtime");
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).expect("tokio listener");
                let counts = Arc::new(Mutex::new(BTreeMap::<String, usize>::new()));
                while let Ok((socket, _)) = listener.accept().await {
                    thread_connections.fetch_add(1, Ordering::SeqCst);
                    let (handler, seen, counts, base) = (
                        Arc::clone(&handler),
                        Arc::clone(&thread_seen),
                        Arc::clone(&counts),
                        thread_base.clone(),
                    );
                    tokio::spawn(async move {
                        serve(socket, &*handler, &seen, &counts, &base).await;
                    });
                }
            });
        });
        RawServer {
            base,
            port,
            seen,
            connections,
        }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }

    /// The absolute URL of a page of the alerts collection.
    fn page_url(&self, page: usize) -> String {
        format!("{}{ALERTS}?$skiptoken={page}", self.base)
    }
}

async fn serve(
    mut socket: TcpStream,
    handler: &Handler,
    seen: &Mutex<Vec<Seen>>,
    counts: &Mutex<BTreeMap<String, usize>>,
    base: &str,
) {
    let Some(head) = read_head(&mut socket).await else {
        return;
    };
    let mut lines = head.lines();
    let target = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .unwrap_or_default()
        .to_owned();
    let authorization = lines
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.eq_ignore_ascii_case("authorization"))
        .map(|(_, value)| value.trim().to_owned());
    seen.lock().expect("lock").push(Seen {
        target: target.clone(),
        authorization,
    });
    let attempt = {
        let mut counts = counts.lock().expect("lock");
        let count = counts.entry(target.clone()).or_insert(0);
        *count += 1;
        *count - 1
    };

    let reply = handler(&target, attempt, base);
    let _ = write_reply(&mut socket, reply).await;
}

/// Reads the request line and headers; the client sends no body on GET.
async fn read_head(socket: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buffer = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let read = socket.read(&mut buffer).await.ok()?;
        if read == 0 || head.len() > 64 * 1024 {
            return None;
        }
        head.extend_from_slice(&buffer[..read]);
    }
    String::from_utf8(head).ok()
}

async fn write_reply(socket: &mut TcpStream, reply: Reply) -> std::io::Result<()> {
    match reply {
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let mut head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n\
                 Content-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (name, value) in headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            socket.write_all(head.as_bytes()).await?;
            socket.write_all(&body).await?;
            socket.shutdown().await
        }
        Reply::Truncated { body, keep } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            socket.write_all(head.as_bytes()).await?;
            socket.write_all(&body[..keep]).await?;
            socket.shutdown().await
        }
        Reply::TruncatedUnframed { body, keep } => {
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n";
            socket.write_all(head.as_bytes()).await?;
            socket.write_all(&body[..keep]).await?;
            socket.shutdown().await
        }
        Reply::ResetMidBody { body, keep } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            socket.write_all(head.as_bytes()).await?;
            socket.write_all(&body[..keep]).await?;
            socket.flush().await?;
            // A zero linger time makes closing send a reset instead of a FIN.
            socket.set_zero_linger()?;
            drop(std::mem::replace(socket, closed_placeholder().await?));
            Ok(())
        }
    }
}

/// A connected socket to swap in for one that must be dropped while borrowed.
async fn closed_placeholder() -> std::io::Result<TcpStream> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let (stream, _) = tokio::join!(TcpStream::connect(address), listener.accept());
    stream
}

// ---------------------------------------------------------------------------------------
// Helpers

fn client(base: &str, retry: RetryPolicy) -> Client {
    Client::builder()
        .base_url(base)
        .token_provider(StaticToken::new(TOKEN))
        .request_timeout(Duration::from_secs(10))
        .retry(retry)
        .build()
        .expect("test client builds")
}

/// A full alert as Graph sends it, about 1.3 KB of JSON.
fn alert(number: usize) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.security.alert",
        "id": format!("alert-{number:05}"),
        "providerAlertId": format!("provider-{number:05}"),
        "incidentId": "1",
        "status": "new",
        "severity": "medium",
        "classification": null,
        "determination": null,
        "serviceSource": "microsoftDefenderForEndpoint",
        "detectionSource": "antivirus",
        "title": "Suspicious process started from a temporary folder",
        "description": "A process ran from a folder that programs seldom use, which often means it was downloaded.",
        "category": "Execution",
        "mitreTechniques": ["T1059.001", "T1204"],
        "createdDateTime": "2024-05-01T10:00:00.1234567Z",
        "lastUpdateDateTime": "2024-05-01T11:30:00Z",
        "comments": [],
        "systemTags": [],
        "evidence": [
            {
                "@odata.type": "#microsoft.graph.security.deviceEvidence",
                "createdDateTime": "2024-05-01T10:00:00Z",
                "verdict": "suspicious",
                "remediationStatus": "none",
                "roles": [],
                "detailedRoles": ["PrimaryDevice"],
                "tags": [],
                "hostName": format!("ws-{number:05}"),
                "osBuild": 22631,
                "ipInterfaces": ["192.0.2.10"]
            },
            {
                "@odata.type": "#microsoft.graph.security.processEvidence",
                "verdict": "malicious",
                "remediationStatus": "prevented",
                "roles": ["attacker"],
                "processId": number,
                "processCommandLine": "sample.exe --run",
                "imageFile": {"fileName": "sample.exe", "fileSize": 1024}
            }
        ]
    })
}

/// The body of page `page` (from 0) of `pages`, with `per_page` alerts.
fn page_body(server_base: &str, page: usize, pages: usize, per_page: usize) -> Vec<u8> {
    let items: Vec<Value> = (page * per_page..(page + 1) * per_page)
        .map(alert)
        .collect();
    let mut body = json!({"value": items});
    if page + 1 < pages {
        body["@odata.nextLink"] =
            Value::from(format!("{server_base}{ALERTS}?$skiptoken={}", page + 1));
    }
    serde_json::to_vec(&body).expect("JSON encodes")
}

/// Returns the page number a request target asks for: 0 without a skip token.
fn page_of(target: &str) -> usize {
    target
        .split_once("$skiptoken=")
        .and_then(|(_, rest)| rest.parse().ok())
        .unwrap_or(0)
}

/// Collects every item id of a listing and the errors, in order.
async fn collect_ids(client: &Client) -> (Vec<String>, Vec<Error>) {
    let mut stream = client.list::<Alert>(ALERTS, &Query::new());
    let (mut ids, mut errors) = (Vec::new(), Vec::new());
    while let Some(item) = stream.next().await {
        match item {
            Ok(alert) => ids.push(alert.id),
            Err(error) => errors.push(error),
        }
    }
    (ids, errors)
}

fn expected_ids(count: usize) -> Vec<String> {
    (0..count).map(|n| format!("alert-{n:05}")).collect()
}

// ---------------------------------------------------------------------------------------
// Truncated bodies and resets

#[tokio::test]
async fn truncated_body_retried_then_reported() {
    let server = RawServer::start(|_, _, _| {
        let body = serde_json::to_vec(&alert(1)).expect("JSON");
        Reply::Truncated { body, keep: 100 }
    });
    let client = client(&server.base, fast_retries(3));

    let result: Result<Alert, Error> = client.get("/security/alerts_v2/x", &Query::new()).await;

    let Err(Error::Transport {
        source, attempts, ..
    }) = &result
    else {
        panic!("expected a transport error, got {result:?}");
    };
    assert_eq!(
        source.kind(),
        TransportErrorKind::ConnectionReset,
        "{source}"
    );
    assert_eq!(*attempts, 3);
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn truncated_body_then_whole_one_decodes() {
    let server = RawServer::start(|_, attempt, _| {
        let body = serde_json::to_vec(&alert(7)).expect("JSON");
        if attempt == 0 {
            Reply::Truncated { body, keep: 10 }
        } else {
            Reply::Full {
                status: 200,
                headers: Vec::new(),
                body,
            }
        }
    });
    let client = client(&server.base, fast_retries(3));

    let alert: Alert = client
        .get("/security/alerts_v2/x", &Query::new())
        .await
        .expect("the retry gets the whole body");

    assert_eq!(alert.id, "alert-00007");
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn unframed_truncated_page_requested_again() {
    // Without a length the client cannot see the cut, so the page fails to decode. The
    // pager must then request the same page again, not report the listing as finished.
    let server = RawServer::start(|target, attempt, base| {
        let page = page_of(target);
        let body = page_body(base, page, 2, 3);
        if page == 1 && attempt == 0 {
            let keep = body.len() / 2;
            Reply::TruncatedUnframed { body, keep }
        } else {
            Reply::Full {
                status: 200,
                headers: Vec::new(),
                body,
            }
        }
    });
    let mut pager = client(&server.base, fast_retries(3)).pages::<Alert>(ALERTS, &Query::new());

    let first = pager.next_page().await.expect("page 0").expect("a page");
    let cut = pager.next_page().await;
    let again = pager
        .next_page()
        .await
        .expect("page 1 again")
        .expect("a page");
    let end = pager.next_page().await.expect("no error");

    assert_eq!(first.items.len(), 3);
    assert!(matches!(cut, Err(Error::Decode { .. })), "{cut:?}");
    let ids: Vec<String> = again
        .items
        .into_iter()
        .map(|a| a.expect("decodes").id)
        .collect();
    assert_eq!(ids, ["alert-00003", "alert-00004", "alert-00005"]);
    assert!(end.is_none());
}

#[tokio::test]
async fn reset_mid_page_retried_without_loss_or_duplicates() {
    let server = RawServer::start(|target, attempt, base| {
        let page = page_of(target);
        let body = page_body(base, page, 3, 4);
        if page == 1 && attempt < 2 {
            let keep = body.len() / 2;
            Reply::ResetMidBody { body, keep }
        } else {
            Reply::Full {
                status: 200,
                headers: Vec::new(),
                body,
            }
        }
    });
    let client = client(&server.base, fast_retries(4));

    let (ids, errors) = collect_ids(&client).await;

    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(ids, expected_ids(12));
    let page_one = server
        .seen()
        .iter()
        .filter(|s| page_of(&s.target) == 1)
        .count();
    assert_eq!(page_one, 3, "two resets, then the whole page");
}

// ---------------------------------------------------------------------------------------
// Next links

#[tokio::test]
async fn next_link_back_to_first_page_rejected() {
    let server = RawServer::start(|target, _, base| {
        let page = page_of(target);
        let mut body = json!({"value": [alert(page)]});
        body["@odata.nextLink"] = Value::from(match page {
            2 => format!("{base}{ALERTS}"),
            _ => format!("{base}{ALERTS}?$skiptoken={}", page + 1),
        });
        Reply::json(&body)
    });
    let client = client(&server.base, fast_retries(2));

    let (ids, errors) = collect_ids(&client).await;

    assert_eq!(ids, expected_ids(3));
    assert!(
        matches!(errors.as_slice(), [Error::NextLinkLoop { .. }]),
        "{errors:?}"
    );
    assert_eq!(
        server.seen().len(),
        3,
        "the first page is not fetched again"
    );
}

#[tokio::test]
async fn next_links_to_other_hosts_never_get_the_token() {
    let other = RawServer::start(|_, _, _| Reply::json(&json!({"value": []})));
    let links = [
        other.page_url(1),
        format!("https://127.0.0.1:{}{API}{ALERTS}", other.port),
        // The user information before `@` is not the host: the host is after it.
        format!(
            "http://127.0.0.1:{}@127.0.0.1:{}{API}{ALERTS}",
            1, other.port
        ),
        format!("ftp://127.0.0.1:{}{API}{ALERTS}", other.port),
    ];
    for link in links {
        let first_page = json!({"value": [alert(0)], "@odata.nextLink": link});
        let server = RawServer::start(move |_, _, _| Reply::json(&first_page));
        let client = client(&server.base, fast_retries(2));

        let (ids, errors) = collect_ids(&client).await;

        assert_eq!(ids, expected_ids(1), "link {link}");
        assert!(
            matches!(errors.as_slice(), [Error::ForeignNextLink { .. }]),
            "link {link}: {errors:?}"
        );
        assert_eq!(server.seen().len(), 1, "link {link}");
    }
    assert_eq!(
        other.connections.load(Ordering::SeqCst),
        0,
        "no request, so no token, reached the other server"
    );
    assert!(other.seen().iter().all(|s| s.authorization.is_none()));
}

// ---------------------------------------------------------------------------------------
// Retry-After

#[tokio::test]
async fn retry_after_of_a_day_fails_fast() {
    let in_a_day =
        httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(86_400));
    let cases = [
        "86400".to_owned(),
        in_a_day,
        "18446744073709551615".to_owned(),
    ];
    for value in cases {
        let header = value.clone();
        let server = RawServer::start(move |_, _, _| Reply::Full {
            status: 429,
            headers: vec![("Retry-After", header.clone())],
            body: br#"{"error":{"code":"TooManyRequests","message":"slow down"}}"#.to_vec(),
        });
        // The default policy: at most 60 s per wait and 120 s in all.
        let client = client(&server.base, RetryPolicy::default());
        let started = Instant::now();

        let result: Result<Value, Error> = client.get(ALERTS, &Query::new()).await;

        let elapsed = started.elapsed();
        assert!(
            elapsed < Duration::from_secs(5),
            "Retry-After {value}: slept {elapsed:?}"
        );
        let Err(Error::Status {
            status,
            retry_after,
            attempts,
            ..
        }) = &result
        else {
            panic!("Retry-After {value}: expected a status error, got {result:?}");
        };
        assert_eq!(status.as_u16(), 429);
        assert_eq!(*attempts, 1, "Retry-After {value}");
        assert!(
            retry_after.is_some_and(|wait| wait > Duration::from_secs(86_000)),
            "Retry-After {value}: {retry_after:?}"
        );
    }
}

/// A transport that answers every request with 429 and the next `Retry-After` value.
struct Throttling {
    values: Mutex<Vec<&'static str>>,
}

impl Transport for Throttling {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        let value = self.values.lock().expect("lock").pop().unwrap_or("0");
        Box::pin(async move {
            Ok(http::Response::builder()
                .status(429)
                .header("retry-after", value)
                .body(bytes::Bytes::new())
                .expect("response builds"))
        })
    }
}

#[tokio::test(start_paused = true)]
async fn uncapped_policy_with_huge_retry_after_does_not_panic() {
    // Waits of 1 s and then u64::MAX seconds: adding them overflows `Duration`.
    let transport = Throttling {
        values: Mutex::new(vec!["18446744073709551615", "1"]),
    };
    let policy = RetryPolicy::default()
        .with_max_attempts(5)
        .with_max_delay(Duration::MAX)
        .with_max_total_wait(Duration::MAX);
    let client = Client::builder()
        .base_url("http://127.0.0.1:9/v1.0")
        .token_provider(StaticToken::new(TOKEN))
        .transport(transport)
        .retry(policy)
        .build()
        .expect("client builds");

    let result: Result<Value, Error> = client.get(ALERTS, &Query::new()).await;

    assert!(
        matches!(result, Err(Error::Status { attempts: 2, .. })),
        "{result:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Volume

const PAGES: usize = 100;
const PER_PAGE: usize = 100;

/// Pages that fail on their first request, each in another way.
fn flaky_page(page: usize, attempt: usize, body: Vec<u8>) -> Reply {
    match (page, attempt) {
        (10, 0) => {
            let keep = body.len() / 3;
            Reply::ResetMidBody { body, keep }
        }
        (50, 0) => Reply::Truncated { body, keep: 7 },
        (70, 0) => Reply::Full {
            status: 503,
            headers: vec![("Retry-After", "0".to_owned())],
            body: Vec::new(),
        },
        _ => Reply::Full {
            status: 200,
            headers: Vec::new(),
            body,
        },
    }
}

/// Lists 10,000 alerts over 100 pages, three of which fail once, and checks that memory
/// stays at the level of one page.
///
/// The measure is the peak of bytes allocated and not yet freed by the test thread, where
/// the client and its Tokio runtime run (the server has its own thread). The bound is
/// relative: the peak while listing all 100 pages may be at most twice the peak while
/// listing a collection of only the first page. A pager that kept pages, or a stream that
/// read ahead, would grow with the number of pages instead.
#[tokio::test]
async fn ten_thousand_alerts_in_bounded_memory_without_loss() {
    let server = RawServer::start(|target, attempt, base| {
        let page = page_of(target);
        flaky_page(page, attempt, page_body(base, page, PAGES, PER_PAGE))
    });
    let single = RawServer::start(|_, _, base| Reply::Full {
        status: 200,
        headers: Vec::new(),
        body: page_body(base, 0, 1, PER_PAGE),
    });
    let page_bytes = page_body(&server.base, 0, PAGES, PER_PAGE).len();
    let mut seen = vec![0u8; PAGES * PER_PAGE];
    let mut order_ok = true;
    let mut errors = Vec::new();

    let one_page_client = client(&single.base, fast_retries(4));
    let one_page_peak = peak_bytes_during(async {
        let mut pager = one_page_client.pages::<Alert>(ALERTS, &Query::new());
        while let Ok(Some(page)) = pager.next_page().await {
            drop(page);
        }
    })
    .await;

    let listing_client = client(&server.base, fast_retries(4));
    let listing_peak = peak_bytes_during(async {
        let mut stream = listing_client.list::<Alert>(ALERTS, &Query::new());
        let mut next = 0usize;
        while let Some(item) = stream.next().await {
            match item {
                Ok(alert) => {
                    let number: usize = alert.id["alert-".len()..].parse().unwrap_or(usize::MAX);
                    order_ok &= number == next;
                    next += 1;
                    if let Some(count) = seen.get_mut(number) {
                        *count = count.saturating_add(1);
                    }
                }
                Err(error) => errors.push(error.to_string()),
            }
        }
    })
    .await;

    assert!(errors.is_empty(), "{errors:?}");
    let missing = seen.iter().filter(|&&c| c == 0).count();
    let repeated = seen.iter().filter(|&&c| c > 1).count();
    assert_eq!((missing, repeated), (0, 0), "alerts lost or repeated");
    assert!(order_ok, "alerts arrived out of order");
    let requests = server.seen().len();
    assert_eq!(requests, PAGES + 3, "each flaky page was requested twice");
    assert!(
        server
            .seen()
            .iter()
            .all(|s| s.authorization.as_deref() == Some(&format!("Bearer {TOKEN}"))),
        "every request carried the token"
    );

    eprintln!(
        "peak live bytes: {listing_peak} listing {PAGES} pages, {one_page_peak} for one page; \
         one page body is {page_bytes} bytes"
    );
    assert!(one_page_peak > 0, "counting works");
    assert!(
        listing_peak <= 2 * one_page_peak,
        "peak while listing {PAGES} pages: {listing_peak} bytes; one page: {one_page_peak} \
         bytes; one page body: {page_bytes} bytes"
    );
}
