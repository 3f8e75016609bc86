//! The default transport: reqwest over HTTP/1.1 with rustls and the `ring` provider.

use std::error::Error as StdError;
use std::io;
use std::sync::Arc;

use rustls_platform_verifier::BuilderVerifierExt;

use super::auth::BoxFuture;
use super::transport::{HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind};

/// A [`Transport`] backed by a `reqwest::Client`.
///
/// It never follows redirects, because the client refuses them itself so the
/// bearer token cannot follow a `Location` header to another host.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// Builds a transport that verifies certificates against the operating
    /// system's roots, using the `ring` crypto provider.
    ///
    /// The provider is passed to this client only; the process-wide rustls
    /// default stays untouched.
    pub fn new() -> Result<Self, TransportError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|builder| builder.with_platform_verifier())
            .map_err(|err| TransportError::new(TransportErrorKind::Other, err))?
            .with_no_client_auth();

        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .tls_backend_preconfigured(tls)
            .build()
            .map_err(|err| TransportError::new(TransportErrorKind::Other, err))?;
        Ok(Self { client })
    }

    /// Wraps a reqwest client that the caller configured.
    ///
    /// Build it with `redirect(reqwest::redirect::Policy::none())`: a client
    /// that follows redirects would bypass the client's host check.
    pub fn from_client(client: reqwest::Client) -> Self {
        Self { client }
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let request = reqwest::Request::try_from(request).map_err(to_transport_error)?;
            let response = self
                .client
                .execute(request)
                .await
                .map_err(to_transport_error)?;

            let mut builder = http::Response::builder()
                .status(response.status())
                .version(response.version());
            if let Some(headers) = builder.headers_mut() {
                *headers = response.headers().clone();
            }
            let body = response.bytes().await.map_err(to_transport_error)?;
            builder
                .body(body)
                .map_err(|err| TransportError::new(TransportErrorKind::Other, err))
        })
    }
}

fn to_transport_error(err: reqwest::Error) -> TransportError {
    let kind = classify(&err);
    TransportError::new(kind, err)
}

/// Classifies a reqwest error by walking its source chain, because a reset
/// shows up as an `io::Error` or a hyper error several levels down.
fn classify(err: &reqwest::Error) -> TransportErrorKind {
    if err.is_timeout() {
        return TransportErrorKind::Timeout;
    }
    if err.is_connect() {
        return TransportErrorKind::Connect;
    }

    let mut cause: Option<&(dyn StdError + 'static)> = err.source();
    while let Some(current) = cause {
        if let Some(io_err) = current.downcast_ref::<io::Error>() {
            if is_reset(io_err.kind()) {
                return TransportErrorKind::ConnectionReset;
            }
        }
        if let Some(hyper_err) = current.downcast_ref::<hyper::Error>() {
            if hyper_err.is_incomplete_message() || hyper_err.is_closed() {
                return TransportErrorKind::ConnectionReset;
            }
        }
        cause = current.source();
    }
    TransportErrorKind::Other
}

fn is_reset(kind: io::ErrorKind) -> bool {
    matches!(
        kind,
        io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::UnexpectedEof
    )
}
