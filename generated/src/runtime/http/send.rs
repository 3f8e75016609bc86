//! The request loop: headers, token, timeout, retries, logging and JSON decoding.

use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, LOCATION, USER_AGENT};
use http::{HeaderMap, HeaderValue, Uri};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use tracing::Instrument;

use super::auth::{AccessToken, AuthError};
use super::client::Client;
use super::error::{truncated_text, Error, GraphError, RequestLine, TimeoutScope};
use super::retry::{is_retryable_status, is_retryable_transport, retry_after};
use super::transport::{HttpRequest, HttpResponse};

/// The header Graph uses to correlate a request with its client.
const CLIENT_REQUEST_ID: &str = "client-request-id";
/// The response header that identifies the request on the server side.
const REQUEST_ID: &str = "request-id";

/// A request ready to send any number of times.
#[derive(Clone, Debug)]
pub(crate) struct Prepared {
    pub(crate) line: RequestLine,
    pub(crate) uri: Uri,
    pub(crate) body: Option<Bytes>,
}

impl Client {
    /// Sends a prepared request with retries and returns the 2xx response.
    ///
    /// All attempts of one call share one `client-request-id`, so the
    /// server-side logs of the retries can be found together.
    ///
    /// The `graph_request` span opens with the method, path and
    /// `client-request-id`. The loop records on it the attempt count, the
    /// last status and `request-id`, and the total retry wait, so the span
    /// alone tells how the call ended.
    pub(crate) async fn execute(&self, prepared: &Prepared) -> Result<HttpResponse, Error> {
        let client_request_id = uuid::Uuid::new_v4().to_string();
        let span = tracing::info_span!(
            "graph_request",
            method = %prepared.line.method,
            path = %prepared.line.path,
            client_request_id = %client_request_id,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            retry_wait_ms = tracing::field::Empty,
        );
        self.execute_attempts(prepared, &client_request_id, &span)
            .instrument(span.clone())
            .await
    }

    /// Runs the attempts of one call. `span` is passed in rather than read
    /// with `Span::current`, which depends on the subscriber tracking the
    /// current span.
    async fn execute_attempts(
        &self,
        prepared: &Prepared,
        client_request_id: &str,
        span: &tracing::Span,
    ) -> Result<HttpResponse, Error> {
        let settings = &self.inner.settings;
        let method = &prepared.line.method;
        let mut attempt = 0;
        let mut waited = Duration::ZERO;

        loop {
            attempt += 1;
            span.record("attempts", attempt);
            span.record("retry_wait_ms", millis(waited));
            let request = self.build_request(prepared, client_request_id).await?;
            let started = Instant::now();
            let sent = self.inner.transport.send(request);
            let outcome = match tokio::time::timeout(settings.request_timeout, sent).await {
                Ok(outcome) => outcome,
                Err(_) => {
                    tracing::debug!(attempt, "request timed out");
                    return Err(Error::Timeout {
                        request: prepared.line.clone(),
                        after: settings.request_timeout,
                        scope: TimeoutScope::Request,
                    });
                }
            };
            let elapsed_ms = elapsed_millis(started);

            let response = match outcome {
                Ok(response) => response,
                Err(source) => {
                    let wait = is_retryable_transport(method, source.kind())
                        .then(|| settings.retry.next_wait(attempt, None, waited))
                        .flatten();
                    if let Some(wait) = wait {
                        tracing::warn!(
                            attempt,
                            wait_ms = millis(wait),
                            error = %source,
                            "retrying after transport error"
                        );
                        tokio::time::sleep(wait).await;
                        waited += wait;
                        continue;
                    }
                    tracing::debug!(attempt, error = %source, "request failed");
                    return Err(Error::Transport {
                        request: prepared.line.clone(),
                        source,
                        attempts: attempt,
                    });
                }
            };

            let status = response.status();
            let request_id = header_text(response.headers(), REQUEST_ID);
            span.record("status", status.as_u16());
            span.record("request_id", request_id.as_deref().unwrap_or(""));
            tracing::debug!(
                attempt,
                status = status.as_u16(),
                request_id = request_id.as_deref().unwrap_or(""),
                elapsed_ms,
                "response received"
            );
            if status.is_success() {
                return Ok(response);
            }
            if status.is_redirection() {
                return Err(Error::RedirectRefused {
                    request: prepared.line.clone(),
                    status,
                    location: header_text(response.headers(), LOCATION.as_str())
                        .unwrap_or_default(),
                });
            }

            let hint = retry_after(response.headers(), SystemTime::now());
            let wait = is_retryable_status(method, status)
                .then(|| settings.retry.next_wait(attempt, hint, waited))
                .flatten();
            if let Some(wait) = wait {
                tracing::warn!(
                    attempt,
                    status = status.as_u16(),
                    request_id = request_id.as_deref().unwrap_or(""),
                    wait_ms = millis(wait),
                    "retrying after error status"
                );
                tokio::time::sleep(wait).await;
                waited += wait;
                continue;
            }
            tracing::debug!(
                attempt,
                status = status.as_u16(),
                request_id = request_id.as_deref().unwrap_or(""),
                "request failed"
            );
            return Err(Error::Status {
                request: prepared.line.clone(),
                status,
                error: Box::new(GraphError::from_body(response.body())),
                request_id,
                retry_after: hint,
                attempts: attempt,
            });
        }
    }

    /// Builds one attempt's HTTP request, asking the provider for a token.
    async fn build_request(
        &self,
        prepared: &Prepared,
        client_request_id: &str,
    ) -> Result<HttpRequest, Error> {
        let auth_error = |source| Error::Auth {
            request: prepared.line.clone(),
            source,
        };
        let token = self
            .inner
            .token_provider
            .token()
            .await
            .map_err(auth_error)?;
        let authorization = bearer_header(&token).map_err(auth_error)?;

        let settings = &self.inner.settings;
        let mut builder = http::Request::builder()
            .method(prepared.line.method.clone())
            .uri(prepared.uri.clone())
            .header(AUTHORIZATION, authorization)
            .header(ACCEPT, "application/json")
            .header(CLIENT_REQUEST_ID, client_request_id)
            .header(USER_AGENT, settings.user_agent.as_str());
        if settings.include_unknown_enum_members {
            builder = builder.header("prefer", "include-unknown-enum-members");
        }
        if prepared.body.is_some() {
            builder = builder.header(CONTENT_TYPE, "application/json");
        }
        let body = prepared.body.clone().unwrap_or_default();
        builder.body(body).map_err(|err| Error::InvalidRequest {
            request: prepared.line.clone(),
            message: format!("failed to build the request: {err}"),
        })
    }
}

/// Builds `Authorization: Bearer …`, marked sensitive so `http`'s `Debug`
/// hides it.
fn bearer_header(token: &AccessToken) -> Result<HeaderValue, AuthError> {
    let mut value = HeaderValue::try_from(format!("Bearer {}", token.secret())).map_err(|_| {
        AuthError::new("the token contains characters that are not allowed in a header")
    })?;
    value.set_sensitive(true);
    Ok(value)
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

fn elapsed_millis(started: Instant) -> u64 {
    millis(started.elapsed())
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// Decodes a response body as `T`, reading an empty body as JSON `null`.
pub(crate) fn decode_json<T: DeserializeOwned>(
    line: &RequestLine,
    body: &[u8],
) -> Result<T, Error> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"null".as_slice()
    } else {
        body
    };
    decode_with_path(body).map_err(|(path, message)| Error::Decode {
        request: line.clone(),
        path,
        message,
        body: truncated_text(body),
    })
}

/// Decodes JSON text, returning the failing JSON path and message on error.
/// The path of the whole document is `.`.
pub(crate) fn decode_with_path<'de, T: Deserialize<'de>>(
    json: &'de [u8],
) -> Result<T, (String, String)> {
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|err| (err.path().to_string(), err.inner().to_string()))?;
    deserializer
        .end()
        .map_err(|err| (String::from("."), err.to_string()))?;
    Ok(value)
}
