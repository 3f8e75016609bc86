//! `AzureCredential`: a [`TokenProvider`] over an `azure_core` `TokenCredential`.

use std::fmt;
use std::sync::Arc;

use azure_core::credentials::TokenCredential;

use super::auth::{AccessToken, AuthError, BoxFuture, TokenProvider};
use super::client::Cloud;

/// Adapts any `azure_core` credential, such as a client-secret or managed
/// identity credential from the `azure_identity` crate, to [`TokenProvider`].
///
/// It requests the cloud's `/.default` scope on every call and relies on the
/// credential's own cache, which the `azure_identity` credentials keep.
#[derive(Clone)]
pub struct AzureCredential {
    credential: Arc<dyn TokenCredential>,
    scope: String,
}

impl AzureCredential {
    /// Uses `credential` with the `/.default` scope of `cloud`, such as
    /// `https://graph.microsoft.com/.default`.
    pub fn new(credential: Arc<dyn TokenCredential>, cloud: Cloud) -> Self {
        Self::with_scope(credential, cloud.default_scope())
    }

    /// Uses `credential` with an explicit scope.
    pub fn with_scope(credential: Arc<dyn TokenCredential>, scope: impl Into<String>) -> Self {
        Self {
            credential,
            scope: scope.into(),
        }
    }
}

impl fmt::Debug for AzureCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AzureCredential")
            .field("credential", &self.credential)
            .field("scope", &self.scope)
            .finish()
    }
}

impl TokenProvider for AzureCredential {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, AuthError>> {
        Box::pin(async move {
            let token = self
                .credential
                .get_token(&[self.scope.as_str()], None)
                .await
                .map_err(|err| {
                    AuthError::with_source(
                        format!("azure credential failed for scope `{}`", self.scope),
                        err,
                    )
                })?;
            Ok(AccessToken::new(token.token.secret()))
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use azure_core::credentials::{self, TokenRequestOptions};
    use azure_core::error::ErrorKind;
    use azure_core::time::{Duration, OffsetDateTime};

    use super::*;

    /// A credential that records the scopes it is asked for.
    #[derive(Debug, Default)]
    struct RecordingCredential {
        scopes: Mutex<Vec<String>>,
        fail: bool,
    }

    #[async_trait::async_trait]
    impl TokenCredential for RecordingCredential {
        async fn get_token(
            &self,
            scopes: &[&str],
            _options: Option<TokenRequestOptions<'_>>,
        ) -> azure_core::Result<credentials::AccessToken> {
            let mut recorded = self.scopes.lock().unwrap();
            recorded.extend(scopes.iter().map(|scope| scope.to_string()));
            if self.fail {
                return Err(azure_core::Error::with_message(
                    ErrorKind::Credential,
                    "no managed identity endpoint",
                ));
            }
            let expires_on = OffsetDateTime::now_utc() + Duration::hours(1);
            Ok(credentials::AccessToken::new("az-token", expires_on))
        }
    }

    #[tokio::test]
    async fn azure_credential_uses_cloud_scope() {
        let credential = Arc::new(RecordingCredential::default());
        let provider = AzureCredential::new(credential.clone(), Cloud::UsGovL4);

        let token = provider.token().await.unwrap();

        assert_eq!(token.secret(), "az-token");
        let scopes = credential.scopes.lock().unwrap().clone();
        assert_eq!(scopes, ["https://graph.microsoft.us/.default"]);
    }

    #[tokio::test]
    async fn azure_credential_error_becomes_auth_error() {
        let credential = Arc::new(RecordingCredential {
            fail: true,
            ..RecordingCredential::default()
        });
        let provider = AzureCredential::new(credential, Cloud::Global);

        let error = provider.token().await.unwrap_err();

        assert_eq!(
            error.to_string(),
            "failed to get an access token: \
             azure credential failed for scope `https://graph.microsoft.com/.default`"
        );
        assert!(std::error::Error::source(&error).is_some());
    }
}
