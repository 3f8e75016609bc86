//! `Client`, its builder and settings, and the typed request methods generated code calls.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::auth::TokenProvider;
use super::error::{Error, RequestLine};
use super::paging::{ItemStream, Pager};
use super::query::Query;
use super::retry::RetryPolicy;
use super::send::{decode_json, Prepared};
use super::transport::{HttpResponse, Transport};
use super::url::BaseUrl;

/// A Microsoft Graph deployment, which fixes the service root URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cloud {
    /// The global service, `https://graph.microsoft.com`.
    Global,
    /// US Government L4 (GCC High), `https://graph.microsoft.us`.
    UsGovL4,
    /// US Government L5 (DoD), `https://dod-graph.microsoft.us`.
    UsGovL5,
    /// China, operated by 21Vianet, `https://microsoftgraph.chinacloudapi.cn`.
    China,
}

impl Cloud {
    /// Another name for [`Cloud::UsGovL5`].
    pub const DOD: Self = Self::UsGovL5;

    /// Returns the service root without a trailing `/` or API version.
    pub const fn service_root(self) -> &'static str {
        match self {
            Self::Global => "https://graph.microsoft.com",
            Self::UsGovL4 => "https://graph.microsoft.us",
            Self::UsGovL5 => "https://dod-graph.microsoft.us",
            Self::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// Returns the OAuth scope for app-only tokens in this cloud, such as
    /// `https://graph.microsoft.com/.default`.
    pub fn default_scope(self) -> String {
        format!("{}/.default", self.service_root())
    }
}

/// The Graph API version, the first path segment after the service root.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ApiVersion {
    /// `v1.0`, the stable API.
    #[default]
    V1,
    /// `beta`, which may change without notice.
    Beta,
}

impl ApiVersion {
    /// Returns the path segment, `v1.0` or `beta`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::V1 => "v1.0",
            Self::Beta => "beta",
        }
    }
}

/// Behavior settings of a [`Client`]; all have defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Settings {
    /// When and how often to retry.
    pub retry: RetryPolicy,
    /// The limit for one attempt: sending, waiting and reading the body.
    /// Default 30 s.
    pub request_timeout: Duration,
    /// The limit for a whole paged listing, from its first request to its
    /// last page, including the time the caller spends between pages.
    /// Default `None`, because a large tenant's listing can take long.
    pub listing_timeout: Option<Duration>,
    /// Whether to send `Prefer: include-unknown-enum-members`, which makes
    /// Graph return enum members added after the API version froze instead
    /// of `unknownFutureValue`. Default `true`.
    pub include_unknown_enum_members: bool,
    /// The `User-Agent` header. Default `graph-security/<crate version>`.
    pub user_agent: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            retry: RetryPolicy::default(),
            request_timeout: Duration::from_secs(30),
            listing_timeout: None,
            include_unknown_enum_members: true,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

/// An async Microsoft Graph client. Cloning is cheap and shares one
/// connection pool, token provider and settings.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<ClientInner>,
}

pub(crate) struct ClientInner {
    pub(crate) base: BaseUrl,
    pub(crate) settings: Settings,
    pub(crate) token_provider: Arc<dyn TokenProvider>,
    pub(crate) transport: Arc<dyn Transport>,
}

/// Configures and builds a [`Client`].
#[must_use]
pub struct ClientBuilder {
    cloud: Cloud,
    api_version: ApiVersion,
    base_url: Option<String>,
    settings: Settings,
    token_provider: Option<Arc<dyn TokenProvider>>,
    transport: Option<Arc<dyn Transport>>,
}

impl Client {
    /// Starts a builder for the global cloud and API version `v1.0`.
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            cloud: Cloud::Global,
            api_version: ApiVersion::V1,
            base_url: None,
            settings: Settings::default(),
            token_provider: None,
            transport: None,
        }
    }

    /// Returns the base URL, such as `https://graph.microsoft.com/v1.0`.
    pub fn base_url(&self) -> &str {
        self.inner.base.as_str()
    }

    /// Returns the settings the client was built with.
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// Sends a GET and decodes the JSON body as `T`.
    pub async fn get<T: DeserializeOwned>(&self, path: &str, query: &Query) -> Result<T, Error> {
        let prepared = self.prepare(Method::GET, path, query, None)?;
        let response = self.execute(&prepared).await?;
        decode_json(&prepared.line, response.body())
    }

    /// Sends a POST with a JSON body and decodes the response as `T`.
    ///
    /// Use `T = ()` for a `204 No Content` response: an empty body decodes
    /// as JSON `null`.
    pub async fn post<B, T>(&self, path: &str, body: &B) -> Result<T, Error>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        self.send_json(Method::POST, path, body).await
    }

    /// Sends a PATCH with a JSON body and decodes the response as `T`.
    ///
    /// Build the body with [`Patch`](super::Patch) fields so only the
    /// properties to change are written. Use `T = ()` for `204 No Content`.
    pub async fn patch<B, T>(&self, path: &str, body: &B) -> Result<T, Error>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        self.send_json(Method::PATCH, path, body).await
    }

    /// Sends a DELETE and ignores the response body.
    pub async fn delete(&self, path: &str) -> Result<(), Error> {
        let prepared = self.prepare(Method::DELETE, path, &Query::new(), None)?;
        self.execute(&prepared).await.map(drop)
    }

    /// Returns a pager that fetches a collection one page at a time.
    pub fn pages<T: DeserializeOwned>(&self, path: &str, query: &Query) -> Pager<T> {
        Pager::new(self.clone(), self.prepare(Method::GET, path, query, None))
    }

    /// Returns a stream of the items of a collection, following
    /// `@odata.nextLink` and holding at most one page in memory.
    ///
    /// An item that fails to decode is an `Err` item and the stream goes on.
    /// Any other error is the last item.
    pub fn list<T>(&self, path: &str, query: &Query) -> ItemStream<T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        self.pages(path, query).into_stream()
    }

    /// Sends any request and returns the raw 2xx response, for operations
    /// the typed methods do not cover. A body is sent as
    /// `Content-Type: application/json`.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        query: &Query,
        body: Option<Bytes>,
    ) -> Result<HttpResponse, Error> {
        let prepared = self.prepare(method, path, query, body)?;
        self.execute(&prepared).await
    }

    async fn send_json<B, T>(&self, method: Method, path: &str, body: &B) -> Result<T, Error>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let line = RequestLine {
            method: method.clone(),
            path: self.inner.base.full_path(path),
        };
        let body = serde_json::to_vec(body).map_err(|err| Error::InvalidRequest {
            request: line,
            message: format!("failed to serialize the JSON body: {err}"),
        })?;
        let prepared = self.prepare(method, path, &Query::new(), Some(Bytes::from(body)))?;
        let response = self.execute(&prepared).await?;
        decode_json(&prepared.line, response.body())
    }

    fn prepare(
        &self,
        method: Method,
        path: &str,
        query: &Query,
        body: Option<Bytes>,
    ) -> Result<Prepared, Error> {
        let base = &self.inner.base;
        let line = RequestLine {
            method,
            path: base.full_path(path),
        };
        let url = base.url(path, &query.encode());
        match url.parse() {
            Ok(uri) => Ok(Prepared { line, uri, body }),
            Err(err) => Err(Error::InvalidRequest {
                request: line,
                message: format!("invalid URL: {err}"),
            }),
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base.as_str())
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}

/// Shows the configuration without the token provider, which may hold a secret.
impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("cloud", &self.cloud)
            .field("api_version", &self.api_version)
            .field("base_url", &self.base_url)
            .field("settings", &self.settings)
            .field("has_token_provider", &self.token_provider.is_some())
            .field("has_transport", &self.transport.is_some())
            .finish()
    }
}

impl ClientBuilder {
    /// Selects the national cloud. Ignored when [`base_url`](Self::base_url)
    /// is set.
    pub fn cloud(mut self, cloud: Cloud) -> Self {
        self.cloud = cloud;
        self
    }

    /// Selects the API version. Ignored when [`base_url`](Self::base_url)
    /// is set.
    pub fn api_version(mut self, api_version: ApiVersion) -> Self {
        self.api_version = api_version;
        self
    }

    /// Uses any base URL, including the API version, such as
    /// `http://127.0.0.1:1234/v1.0` for a local test server.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Sets the token provider, which the client calls before every attempt.
    pub fn token_provider(mut self, provider: impl TokenProvider + 'static) -> Self {
        self.token_provider = Some(Arc::new(provider));
        self
    }

    /// Sets a token provider that is shared with other code.
    pub fn shared_token_provider(mut self, provider: Arc<dyn TokenProvider>) -> Self {
        self.token_provider = Some(provider);
        self
    }

    /// Replaces the default transport.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Replaces all settings at once.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Sets the retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.settings.retry = retry;
        self
    }

    /// Sets the limit for one attempt of one request.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.settings.request_timeout = timeout;
        self
    }

    /// Sets the limit for a whole paged listing.
    pub fn listing_timeout(mut self, timeout: Duration) -> Self {
        self.settings.listing_timeout = Some(timeout);
        self
    }

    /// Turns `Prefer: include-unknown-enum-members` on or off.
    pub fn include_unknown_enum_members(mut self, include: bool) -> Self {
        self.settings.include_unknown_enum_members = include;
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let base_text = self.base_url.unwrap_or_else(|| {
            format!(
                "{}/{}",
                self.cloud.service_root(),
                self.api_version.as_str()
            )
        });
        let base =
            BaseUrl::parse(&base_text).map_err(|message| Error::InvalidConfig { message })?;
        let token_provider = self.token_provider.ok_or_else(|| Error::InvalidConfig {
            message:
                "missing token provider: call `token_provider`, for example with `StaticToken`"
                    .to_owned(),
        })?;
        let transport = match self.transport {
            Some(transport) => transport,
            None => default_transport()?,
        };

        Ok(Client {
            inner: Arc::new(ClientInner {
                base,
                settings: self.settings,
                token_provider,
                transport,
            }),
        })
    }
}

#[cfg(feature = "reqwest")]
fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    let transport = super::ReqwestTransport::new().map_err(|err| Error::InvalidConfig {
        message: format!("failed to build the reqwest transport: {err}"),
    })?;
    Ok(Arc::new(transport))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    Err(Error::InvalidConfig {
        message: "missing transport: call `transport`, or enable the `reqwest` feature".to_owned(),
    })
}
