//! Settings and error reporting shared by the examples.
//!
//! Each example reads a [`Config`] from the environment in `main` and passes it
//! to its `run` function, so `tests/examples_run.rs` can call `run` with a
//! config aimed at a local mock server.

// Each example uses only part of this module.
#![allow(dead_code)]

use std::error::Error as StdError;
use std::fmt::Write as _;
use std::process::ExitCode;

use graph_security::runtime::http::{ApiVersion, Client, Cloud, Error, StaticToken};

/// The environment variable with the base URL, including the API version.
pub const BASE_URL_VAR: &str = "GRAPH_BASE_URL";
/// The environment variable with the bearer token.
pub const TOKEN_VAR: &str = "GRAPH_TOKEN";
/// The environment variable with the alert id, for examples that need one.
pub const ALERT_ID_VAR: &str = "ALERT_ID";

/// A boxed error, so `run` can return client and output errors alike.
pub type BoxError = Box<dyn StdError + Send + Sync>;

/// Settings an example reads from its environment.
#[derive(Clone)]
pub struct Config {
    /// The base URL, such as `https://graph.microsoft.com/v1.0`.
    pub base_url: String,
    /// The bearer token, without `Bearer `.
    pub token: String,
    /// Other variables the example requested, by name.
    pub extra: Vec<(&'static str, String)>,
}

/// Leaves out the token.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("base_url", &self.base_url)
            .field("extra", &self.extra)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Reads the config from the process environment.
    ///
    /// `required` names the variables this example needs besides the token.
    pub fn from_env(required: &[&'static str]) -> Result<Config, String> {
        Self::from_lookup(required, |name| std::env::var(name).ok())
    }

    /// Reads the config through `lookup`, which returns a variable's value
    /// or `None` when it is unset.
    ///
    /// `GRAPH_BASE_URL` defaults to the global `v1.0` root. An empty value
    /// counts as unset.
    pub fn from_lookup(
        required: &[&'static str],
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, String> {
        let read = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let base_url = read(BASE_URL_VAR).unwrap_or_else(default_base_url);
        let token = read(TOKEN_VAR).ok_or_else(|| {
            format!("missing environment variable {TOKEN_VAR}: set it to an access token for Microsoft Graph")
        })?;
        let mut extra = Vec::new();
        for &name in required {
            let value = read(name)
                .ok_or_else(|| format!("missing environment variable {name}: {}", hint(name)))?;
            extra.push((name, value));
        }
        Ok(Config {
            base_url,
            token,
            extra,
        })
    }

    /// Returns the value of a variable named in `required`.
    ///
    /// # Panics
    ///
    /// Panics when `name` was not in `required`, which is a bug in the example.
    pub fn var(&self, name: &str) -> &str {
        self.extra
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, value)| value.as_str())
            .unwrap_or_else(|| panic!("{name} was not requested from the environment"))
    }

    /// Builds a client for this config.
    pub fn client(&self) -> Result<Client, BoxError> {
        let client = Client::builder()
            .base_url(self.base_url.as_str())
            .token_provider(StaticToken::new(self.token.as_str()))
            .build()?;
        Ok(client)
    }
}

/// Returns the global `v1.0` service root, the default base URL.
pub fn default_base_url() -> String {
    format!(
        "{}/{}",
        Cloud::Global.service_root(),
        ApiVersion::V1.as_str()
    )
}

fn hint(name: &str) -> &'static str {
    match name {
        ALERT_ID_VAR => "set it to the id of an alert in /security/alerts_v2",
        _ => "set it before running this example",
    }
}

/// Describes an error and its chain of causes, one per line. A status error
/// also gets its `request-id`, which Microsoft support asks for.
pub fn describe_error(error: &(dyn StdError + 'static)) -> String {
    let mut text = format!("error: {error}");
    if let Some(Error::Status {
        request_id: Some(request_id),
        ..
    }) = error.downcast_ref::<Error>()
    {
        let _ = write!(text, "\n  request-id: {request_id}");
    }
    let mut cause = error.source();
    while let Some(current) = cause {
        let _ = write!(text, "\n  caused by: {current}");
        cause = current.source();
    }
    text
}

/// Converts the result of an example's `run` into an exit code, printing any error.
pub fn exit_code(result: Result<(), BoxError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", describe_error(error.as_ref()));
            ExitCode::FAILURE
        }
    }
}
