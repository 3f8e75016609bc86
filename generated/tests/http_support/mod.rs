//! Shared helpers for the HTTP runtime's integration tests: a client aimed at
//! a local wiremock server, error bodies, and a log recorder.

#![allow(dead_code)]

use std::fmt::{self, Write as _};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use graph_security::runtime::http::{Client, ClientBuilder, RetryPolicy, StaticToken};
use serde_json::{json, Value};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::MockServer;

/// The bearer token every test client sends. Tests assert it never appears
/// in `Debug` output, error messages or logs.
pub const TOKEN: &str = "tok-SECRET-5f1c2a9e";

/// The API path prefix the test clients use.
pub const API: &str = "/v1.0";

/// Returns a builder aimed at `server`, with fast retries for short tests.
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(format!("{}{API}", server.uri()))
        .token_provider(StaticToken::new(TOKEN))
        .request_timeout(Duration::from_secs(5))
        .retry(fast_retries(4))
}

/// Returns a client aimed at `server` with the test defaults.
pub fn client(server: &MockServer) -> Client {
    builder(server).build().expect("test client builds")
}

/// A retry policy with millisecond backoff, so retry tests stay fast.
pub fn fast_retries(max_attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(max_attempts)
        .with_base_delay(Duration::from_millis(10))
        .with_max_delay(Duration::from_secs(2))
}

/// A Graph error body with the usual `innerError` fields.
pub fn error_body(code: &str, message: &str) -> Value {
    json!({
        "error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": "2024-05-01T10:00:00Z",
                "request-id": "req-0001",
                "client-request-id": "client-0001"
            }
        }
    })
}

/// Records every span field and event of the current thread as text lines.
#[derive(Clone, Default)]
pub struct LogRecorder {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<Mutex<u64>>,
}

impl LogRecorder {
    /// Returns all recorded lines joined by newlines.
    pub fn text(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }

    fn push(&self, line: String) {
        self.lines.lock().unwrap().push(line);
    }
}

struct LineVisitor(String);

impl Visit for LineVisitor {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }
}

impl Subscriber for LogRecorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut visitor = LineVisitor(format!("span {}", span.metadata().name()));
        span.record(&mut visitor);
        self.push(visitor.0);
        let mut next_id = self.next_id.lock().unwrap();
        *next_id += 1;
        Id::from_u64(*next_id)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut visitor = LineVisitor(String::from("record"));
        values.record(&mut visitor);
        self.push(visitor.0);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut visitor = LineVisitor(format!("event {}", event.metadata().level()));
        event.record(&mut visitor);
        self.push(visitor.0);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}
