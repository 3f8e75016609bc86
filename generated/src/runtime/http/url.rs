//! The client's base URL and the origin check that keeps the token on one host.

use std::fmt;

use http::uri::{Scheme, Uri};

/// Scheme, host and port, compared to decide where the token may go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    /// Returns the origin of an absolute `http` or `https` URI.
    pub(crate) fn of(uri: &Uri) -> Option<Self> {
        let scheme = uri.scheme()?;
        let default_port = if *scheme == Scheme::HTTPS {
            443
        } else if *scheme == Scheme::HTTP {
            80
        } else {
            return None;
        };
        let authority = uri.authority()?;
        Some(Self {
            scheme: scheme.as_str().to_ascii_lowercase(),
            host: authority.host().to_ascii_lowercase(),
            port: authority.port_u16().unwrap_or(default_port),
        })
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
    }
}

/// A validated base URL such as `https://graph.microsoft.com/v1.0`.
#[derive(Clone, Debug)]
pub(crate) struct BaseUrl {
    /// The URL as given, without a trailing `/`.
    text: String,
    origin: Origin,
    /// The URL's path without a trailing `/`, such as `/v1.0`.
    path_prefix: String,
}

impl BaseUrl {
    /// Parses an absolute `http` or `https` URL with no query or fragment.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let trimmed = text.trim_end_matches('/');
        let uri: Uri = trimmed
            .parse()
            .map_err(|err| format!("base URL `{text}` is not a valid URL: {err}"))?;
        let origin = Origin::of(&uri).ok_or_else(|| {
            format!("base URL `{text}` must be absolute and start with `https://` or `http://`")
        })?;
        if uri.query().is_some() || trimmed.contains('#') {
            return Err(format!(
                "base URL `{text}` must not have a query or fragment"
            ));
        }
        let path_prefix = uri.path().trim_end_matches('/').to_owned();
        Ok(Self {
            text: trimmed.to_owned(),
            origin,
            path_prefix,
        })
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    pub(crate) fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Returns the full path for an API path such as `/security/alerts_v2`.
    pub(crate) fn full_path(&self, path: &str) -> String {
        let separator = if path.starts_with('/') { "" } else { "/" };
        format!("{}{separator}{path}", self.path_prefix)
    }

    /// Returns the absolute URL for an API path and an encoded query.
    pub(crate) fn url(&self, path: &str, query: &str) -> String {
        let origin = &self.text[..self.text.len() - self.path_prefix.len()];
        let mut url = format!("{origin}{}", self.full_path(path));
        if !query.is_empty() {
            url.push('?');
            url.push_str(query);
        }
        url
    }

    /// Resolves an `@odata.nextLink`: absolute, or a path on the base origin.
    pub(crate) fn resolve_link(&self, link: &str) -> Result<Uri, String> {
        let absolute = if link.starts_with('/') {
            let origin = &self.text[..self.text.len() - self.path_prefix.len()];
            format!("{origin}{link}")
        } else {
            link.to_owned()
        };
        absolute
            .parse::<Uri>()
            .map_err(|err| format!("invalid @odata.nextLink: {err}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_builds_request_urls() {
        let base = BaseUrl::parse("http://127.0.0.1:1234/v1.0/").unwrap();
        assert_eq!(base.as_str(), "http://127.0.0.1:1234/v1.0");
        assert_eq!(
            base.full_path("/security/alerts_v2"),
            "/v1.0/security/alerts_v2"
        );
        assert_eq!(
            base.url("security/alerts_v2", "$top=1"),
            "http://127.0.0.1:1234/v1.0/security/alerts_v2?$top=1"
        );
    }

    #[test]
    fn base_url_rejects_bad_input() {
        assert!(BaseUrl::parse("graph.microsoft.com").is_err());
        assert!(BaseUrl::parse("ftp://127.0.0.1/v1.0").is_err());
        assert!(BaseUrl::parse("http://127.0.0.1/v1.0?x=1").is_err());
    }

    #[test]
    fn origin_uses_default_ports() {
        let explicit: Uri = "https://Example.test:443/a".parse().unwrap();
        let implicit: Uri = "https://example.test/b".parse().unwrap();
        let other_port: Uri = "https://example.test:8443/b".parse().unwrap();
        assert_eq!(Origin::of(&explicit), Origin::of(&implicit));
        assert_ne!(Origin::of(&implicit), Origin::of(&other_port));
    }
}
