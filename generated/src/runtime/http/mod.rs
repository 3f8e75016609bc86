//! The hand-written HTTP runtime that generated client methods call.
//!
//! It knows nothing about generated types: methods take an API path, a
//! [`Query`], and types that implement `Serialize` or `DeserializeOwned`.
//!
//! - [`Client`] sends requests with a bearer token from a [`TokenProvider`],
//!   retries throttled and unavailable responses under a [`RetryPolicy`],
//!   bounds every attempt with a timeout, and logs through `tracing`.
//! - [`Client::list`] and [`Client::pages`] follow `@odata.nextLink`.
//! - [`Error`] covers every failure. Graph error bodies always parse into a
//!   [`GraphError`], whatever their shape.
//! - [`Patch`] marks PATCH body fields as absent, null, or set.
//!
//! A generated method looks like this:
//!
//! ```no_run
//! use graph_security::runtime::http::{encode_path_segment, Client, Error, Query};
//! # #[derive(serde::Deserialize)] struct Alert;
//!
//! async fn get_alert(client: &Client, alert_id: &str, query: &Query) -> Result<Alert, Error> {
//!     let path = format!("/security/alerts_v2/{}", encode_path_segment(alert_id));
//!     client.get(&path, query).await
//! }
//! ```
//!
//! Every request carries `Authorization`, `Accept: application/json`, a
//! fresh `client-request-id` (a UUID v4, shared by the retries of one call),
//! `User-Agent: graph-security/<version>` and, unless turned off,
//! `Prefer: include-unknown-enum-members`. The runtime never writes the
//! token to its logs, errors or `Debug` output.
//!
//! Timeouts and retry waits use Tokio's timer, so calls must run inside a
//! Tokio runtime with the time driver enabled.
//!
//! Logging uses `tracing`:
//!
//! - an `info` span `graph_request` per call, opened with `method`, `path`
//!   and `client_request_id`. The client records on it `attempts`, the last
//!   `status` and `request_id`, and `retry_wait_ms`, the total retry wait;
//! - `debug` events for each response (status, `request-id`, attempt,
//!   elapsed time) and for final failures;
//! - `warn` events for each retry (attempt, status or error, wait in
//!   milliseconds) and for rejected next links.

mod auth;
#[cfg(feature = "azure-identity")]
mod azure;
mod client;
mod error;
mod paging;
mod patch;
mod query;
#[cfg(feature = "reqwest")]
mod reqwest_transport;
mod retry;
mod send;
mod transport;
mod url;

pub use auth::{AccessToken, AuthError, BoxFuture, StaticToken, TokenProvider};
#[cfg(feature = "azure-identity")]
pub use azure::AzureCredential;
pub use client::{ApiVersion, Client, ClientBuilder, Cloud, Settings};
pub use error::{Error, GraphError, InnerError, RequestLine, TimeoutScope, MAX_ERROR_BODY_BYTES};
pub use paging::{Collection, ItemStream, Page, Pager};
pub use patch::Patch;
pub use query::{encode_path_segment, Query};
#[cfg(feature = "reqwest")]
pub use reqwest_transport::ReqwestTransport;
pub use retry::RetryPolicy;
pub use transport::{HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind};
