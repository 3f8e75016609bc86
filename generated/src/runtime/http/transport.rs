//! The `Transport` trait: one HTTP exchange, with retries and auth left to the client.

use std::error::Error as StdError;
use std::fmt;

use bytes::Bytes;

use super::auth::BoxFuture;

/// A request as the client hands it to a transport: absolute URI, all headers
/// (including `Authorization`) and the whole body.
pub type HttpRequest = http::Request<Bytes>;

/// A response with its body read to the end.
pub type HttpResponse = http::Response<Bytes>;

/// Sends one HTTP request and reads the whole response.
///
/// An implementation must not follow redirects, retry, or log headers, because
/// the client does retries itself and the `Authorization` header must reach
/// only the configured host. It returns any status, including 4xx and 5xx, as
/// `Ok`. The client bounds each call with its own request timeout.
pub trait Transport: Send + Sync {
    /// Sends `request` and returns the status, headers and body.
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>>;
}

/// What kind of failure a transport had, which decides whether a retry is safe.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection was made, so the server never saw the request.
    Connect,
    /// The connection was reset or closed before a whole response arrived.
    /// The server may or may not have applied the request.
    ConnectionReset,
    /// The transport's own timeout elapsed.
    Timeout,
    /// Any other failure, never retried.
    Other,
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Connect => "connection failed",
            Self::ConnectionReset => "connection reset",
            Self::Timeout => "transport timed out",
            Self::Other => "transport failed",
        })
    }
}

/// A failure below HTTP: connecting, TLS, or reading the response.
#[derive(Debug, thiserror::Error)]
#[error("{kind}: {source}")]
pub struct TransportError {
    kind: TransportErrorKind,
    #[source]
    source: Box<dyn StdError + Send + Sync>,
}

impl TransportError {
    /// Wraps a transport library's error with its classification.
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            source: source.into(),
        }
    }

    /// Returns the classification used for retry decisions.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }
}
