//! Bearer tokens: the `TokenProvider` trait the client calls before each request.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// A boxed, `Send` future, so traits here stay object-safe without `async_trait`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An OAuth 2.0 bearer token for Microsoft Graph.
///
/// `Debug` prints `AccessToken(***)` and there is no `Display`, so the secret
/// reaches a log only through an explicit call to [`AccessToken::secret`].
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wraps the raw token text, without the `Bearer ` prefix.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// Returns the raw token text.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

/// A failure to obtain an access token.
#[derive(Debug, thiserror::Error)]
#[error("failed to get an access token: {message}")]
pub struct AuthError {
    message: String,
    #[source]
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl AuthError {
    /// Creates an error with a message and no underlying cause.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// Creates an error that wraps the credential library's error.
    pub fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self {
            message: message.into(),
            source: Some(source.into()),
        }
    }
}

/// A source of bearer tokens.
///
/// The client calls [`TokenProvider::token`] once per attempt, so an
/// implementation should cache tokens and refresh them before they expire.
/// The returned token must be valid for the cloud the client talks to.
pub trait TokenProvider: Send + Sync {
    /// Returns a token that is valid now.
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, AuthError>>;
}

/// A fixed token, for tests and short scripts.
#[derive(Clone)]
pub struct StaticToken(AccessToken);

impl StaticToken {
    /// Wraps the raw token text.
    pub fn new(token: impl Into<String>) -> Self {
        Self(AccessToken::new(token))
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken(***)")
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, AuthError>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_token_debug_hides_secret() {
        let token = AccessToken::new("eyJ.secret");
        assert_eq!(format!("{token:?}"), "AccessToken(***)");
        assert_eq!(
            format!("{:?}", StaticToken::new("eyJ.secret")),
            "StaticToken(***)"
        );
    }
}
