//! The runtime's `Error` type and a lenient parser for Graph error bodies.

use std::fmt;
use std::time::Duration;

use http::{Method, StatusCode};
use serde_json::Value;

use super::auth::AuthError;
use super::transport::TransportError;

/// Longest body text, in bytes, that an error keeps. Longer bodies are cut
/// at a character boundary so an error never holds a whole large page.
pub const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

/// The method and path of a failed request, without host, query or headers.
///
/// Errors and logs name requests by this value, so they never contain the
/// bearer token and stay short when a `$skiptoken` is long.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestLine {
    /// The HTTP method.
    pub method: Method,
    /// The URL path, such as `/v1.0/security/alerts_v2`.
    pub path: String,
}

impl fmt::Display for RequestLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// Which deadline a [`Error::Timeout`] hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutScope {
    /// One attempt of one request took longer than the request timeout.
    Request,
    /// A paged listing took longer than the listing timeout.
    Listing,
}

impl fmt::Display for TimeoutScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Request => "request timeout",
            Self::Listing => "listing timeout",
        })
    }
}

/// Every failure the HTTP runtime reports.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status outside 2xx (and not a redirect).
    #[error("{request} failed with status {status}{}: {error}", attempts_note(.attempts))]
    Status {
        /// The failed request.
        request: RequestLine,
        /// The final response status.
        status: StatusCode,
        /// The parsed error body, boxed to keep `Error` small.
        error: Box<GraphError>,
        /// The `request-id` response header, which Microsoft support asks for.
        request_id: Option<String>,
        /// The final response's `Retry-After`, if it had one.
        retry_after: Option<Duration>,
        /// How many attempts were made, counting the first.
        attempts: u32,
    },

    /// The request failed below HTTP: connection, TLS or reading the body.
    #[error("{request} failed{}: {source}", attempts_note(.attempts))]
    Transport {
        /// The failed request.
        request: RequestLine,
        /// The transport's error.
        #[source]
        source: TransportError,
        /// How many attempts were made, counting the first.
        attempts: u32,
    },

    /// A request attempt or a whole listing ran past its deadline.
    #[error("{request} timed out after {after:?} ({scope})")]
    Timeout {
        /// The request in flight when the deadline passed.
        request: RequestLine,
        /// The configured limit.
        after: Duration,
        /// Which limit was hit.
        scope: TimeoutScope,
    },

    /// A 2xx body did not match the expected type.
    #[error("failed to decode the response of {request} at `{path}`: {message}")]
    Decode {
        /// The request whose response failed to decode.
        request: RequestLine,
        /// The JSON path of the failure, such as `value[3].severity`.
        path: String,
        /// The deserializer's message.
        message: String,
        /// The raw JSON of the undecodable item or body, cut to
        /// [`MAX_ERROR_BODY_BYTES`].
        body: String,
    },

    /// The token provider failed, so the request was not sent.
    #[error("{request} was not sent: {source}")]
    Auth {
        /// The request that needed the token.
        request: RequestLine,
        /// The provider's error.
        #[source]
        source: AuthError,
    },

    /// The request could not be built, for example because the body failed
    /// to serialize or the path is not a valid URI.
    #[error("invalid request {request}: {message}")]
    InvalidRequest {
        /// The request that could not be built.
        request: RequestLine,
        /// What is wrong with it.
        message: String,
    },

    /// The client builder was given settings that cannot work.
    #[error("invalid client configuration: {message}")]
    InvalidConfig {
        /// What is wrong and how to fix it.
        message: String,
    },

    /// The server answered with a 3xx redirect. Redirects are not followed,
    /// so the bearer token is sent only to the configured host.
    #[error("{request} returned redirect status {status} to `{location}`, which is not followed")]
    RedirectRefused {
        /// The redirected request.
        request: RequestLine,
        /// The 3xx status.
        status: StatusCode,
        /// The `Location` header, or an empty string when absent.
        location: String,
    },

    /// An `@odata.nextLink` pointed at another scheme, host or port than the
    /// base URL, so the next page was not requested and no token was sent.
    #[error(
        "rejected @odata.nextLink from {request}: `{origin}` is not the base URL's `{expected}`"
    )]
    ForeignNextLink {
        /// The request whose page contained the link.
        request: RequestLine,
        /// The link's scheme, host and port.
        origin: String,
        /// The base URL's scheme, host and port.
        expected: String,
        /// The whole link.
        link: String,
    },

    /// An `@odata.nextLink` repeated a link already followed in this listing.
    #[error("@odata.nextLink from {request} repeats an earlier page link, so paging stopped")]
    NextLinkLoop {
        /// The request whose page contained the link.
        request: RequestLine,
        /// The repeated link.
        link: String,
    },
}

fn attempts_note(attempts: &u32) -> String {
    if *attempts > 1 {
        format!(" after {attempts} attempts")
    } else {
        String::new()
    }
}

/// A Graph error body: `{"error": {"code", "message", "innerError"}}`.
///
/// Parsing never fails. A body that is empty, not JSON, or shaped otherwise
/// leaves the fields `None` and keeps the text in [`GraphError::body`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GraphError {
    /// `error.code`, such as `Authorization_RequestDenied`.
    pub code: Option<String>,
    /// `error.message`. When the server sends an object (the OData JSON 4.0
    /// `{"lang", "value"}` form) this is its `value`, or else its JSON text.
    pub message: Option<String>,
    /// `error.innerError`, also accepted as `innererror`.
    pub inner_error: Option<InnerError>,
    /// The raw body as text (lossy UTF-8), cut to [`MAX_ERROR_BODY_BYTES`].
    pub body: String,
}

/// Diagnostic fields of `error.innerError`, kept as the server wrote them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InnerError {
    /// `innerError.code`, when present.
    pub code: Option<String>,
    /// `request-id`, which Microsoft support asks for.
    pub request_id: Option<String>,
    /// `client-request-id`, echoing the header this client sent.
    pub client_request_id: Option<String>,
    /// `date`, as raw text because Graph sometimes omits the UTC offset
    /// (`2023-07-07T11:13:19`).
    pub date: Option<String>,
}

impl GraphError {
    /// Parses an error body, accepting any bytes.
    pub fn from_body(body: &[u8]) -> Self {
        let text = truncated_text(body);
        let Ok(Value::Object(root)) = serde_json::from_slice::<Value>(body) else {
            return Self {
                body: text,
                ..Self::default()
            };
        };
        let Some(Value::Object(error)) = root.get("error") else {
            return Self {
                body: text,
                ..Self::default()
            };
        };

        let inner = error
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case("innerError"))
            .and_then(|(_, value)| value.as_object());
        Self {
            code: error.get("code").and_then(value_text),
            message: error.get("message").and_then(message_text),
            inner_error: inner.map(|inner| InnerError {
                code: inner.get("code").and_then(value_text),
                request_id: inner.get("request-id").and_then(value_text),
                client_request_id: inner.get("client-request-id").and_then(value_text),
                date: inner.get("date").and_then(value_text),
            }),
            body: text,
        }
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.code, &self.message) {
            (Some(code), Some(message)) => write!(f, "`{code}`: {message}"),
            (Some(code), None) => write!(f, "`{code}`"),
            (None, Some(message)) => f.write_str(message),
            (None, None) if self.body.trim().is_empty() => f.write_str("empty response body"),
            (None, None) => write!(f, "response body `{}`", snippet(&self.body)),
        }
    }
}

/// Returns a string as itself and any other non-null value as JSON text.
fn value_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

fn message_text(value: &Value) -> Option<String> {
    match value.get("value") {
        Some(Value::String(text)) => Some(text.clone()),
        _ => value_text(value),
    }
}

/// Decodes lossy UTF-8 and cuts it to [`MAX_ERROR_BODY_BYTES`].
pub(crate) fn truncated_text(body: &[u8]) -> String {
    let mut text = String::from_utf8_lossy(body).into_owned();
    if text.len() > MAX_ERROR_BODY_BYTES {
        let mut end = MAX_ERROR_BODY_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// The first line of a body, at most 200 characters, for one-line messages.
fn snippet(body: &str) -> String {
    let line = body.trim().lines().next().unwrap_or_default();
    let mut short: String = line.chars().take(200).collect();
    if short.len() < body.trim().len() {
        short.push('…');
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_error_empty_body() {
        let error = GraphError::from_body(b"");
        assert_eq!(error, GraphError::default());
        assert_eq!(error.to_string(), "empty response body");
    }

    #[test]
    fn graph_error_message_object() {
        let body = br#"{"error":{"code":"BadRequest","message":{"lang":"en-US","value":"bad"}}}"#;
        let error = GraphError::from_body(body);
        assert_eq!(error.code.as_deref(), Some("BadRequest"));
        assert_eq!(error.message.as_deref(), Some("bad"));
    }

    #[test]
    fn graph_error_lowercase_innererror() {
        let body = br#"{"error":{"code":"x","innererror":{"request-id":"r1","date":"2023-07-07T11:13:19"}}}"#;
        let inner = GraphError::from_body(body).inner_error.unwrap();
        assert_eq!(inner.request_id.as_deref(), Some("r1"));
        assert_eq!(inner.date.as_deref(), Some("2023-07-07T11:13:19"));
    }

    #[test]
    fn graph_error_non_json_snippet() {
        let error = GraphError::from_body(b"<html>\n<body>Bad Gateway</body></html>");
        assert_eq!(error.code, None);
        assert_eq!(error.to_string(), "response body `<html>…`");
    }

    #[test]
    fn truncated_text_respects_char_boundary() {
        let body = "é".repeat(MAX_ERROR_BODY_BYTES);
        let text = truncated_text(body.as_bytes());
        assert!(text.len() <= MAX_ERROR_BODY_BYTES);
        assert!(text.chars().all(|c| c == 'é'));
    }
}
