//! Lists the newest high-severity alerts with their evidence kinds.
//!
//! ```text
//! GRAPH_TOKEN=... cargo run -p graph-security --example list_high_severity
//! ```
//!
//! Environment: `GRAPH_TOKEN` (required), `GRAPH_BASE_URL` (default: the
//! global `v1.0` root) and `ALERT_LIMIT` (how many alerts, default 10).

#[path = "common/mod.rs"]
pub mod common;

use std::io::Write;
use std::process::ExitCode;

use futures_util::StreamExt;
use graph_security::client::{AlertFilter, AlertProperty, GraphService};
use graph_security::models::security::{Alert, AlertSeverity, AnyAlertEvidence};
use graph_security::runtime::http::Error;

use common::{BoxError, Config};

/// The environment variable with the number of alerts to list.
pub const LIMIT_VAR: &str = "ALERT_LIMIT";

/// How many alerts to list when `ALERT_LIMIT` is unset.
pub const DEFAULT_LIMIT: u32 = 10;

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Config::from_env(&[]) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let limit = match parse_limit(std::env::var(LIMIT_VAR).ok().as_deref()) {
        Ok(limit) => limit,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    common::exit_code(run(&config, limit, &mut std::io::stdout()).await)
}

/// Parses `ALERT_LIMIT`: a whole number from 1, or the default when unset.
pub fn parse_limit(value: Option<&str>) -> Result<u32, String> {
    let Some(text) = value.map(str::trim).filter(|text| !text.is_empty()) else {
        return Ok(DEFAULT_LIMIT);
    };
    match text.parse::<u32>() {
        Ok(limit) if limit > 0 => Ok(limit),
        _ => Err(format!(
            "invalid {LIMIT_VAR} `{text}`: expected a whole number from 1"
        )),
    }
}

/// Writes one line per alert: id, severity, status, title and evidence kinds.
///
/// An alert that fails to decode is reported on stderr and skipped. Any
/// other error ends the listing.
pub async fn run(config: &Config, limit: u32, out: &mut impl Write) -> Result<(), BoxError> {
    let client = config.client()?;
    let alerts = client
        .security()
        .alerts_v2()
        .list()
        .filter(AlertFilter::SEVERITY.is(AlertSeverity::High))
        .orderby([AlertProperty::CreatedDateTime.desc()])
        .top(limit)
        .stream();
    // Microsoft Graph reads `$top` as the page size and links to further
    // pages, so the stream itself is cut at `limit`.
    let mut alerts = alerts.take(limit as usize);

    while let Some(item) = alerts.next().await {
        match item {
            Ok(alert) => writeln!(out, "{}", describe_alert(&alert))?,
            // An item path (`value[3]...`) means one alert failed and the page went on;
            // any other path means the whole response was unreadable.
            Err(error @ Error::Decode { .. }) if decode_path_is_item(&error) => {
                eprintln!("skipped an alert: {}", common::describe_error(&error));
            }
            Err(error) => return Err(error.into()),
        }
    }
    Ok(())
}

/// Formats an alert as one tab-separated line.
pub fn describe_alert(alert: &Alert) -> String {
    let kinds: Vec<String> = alert.evidence.iter().map(evidence_kind).collect();
    let evidence = if kinds.is_empty() {
        String::from("-")
    } else {
        kinds.join(",")
    };
    format!(
        "{}\t{}\t{}\t{}\t{}",
        alert.id,
        alert.severity,
        alert.status,
        alert.title.as_deref().unwrap_or("(no title)"),
        evidence
    )
}

/// Returns the evidence type without its namespace, such as `deviceEvidence`.
pub fn evidence_kind(evidence: &AnyAlertEvidence) -> String {
    match evidence.type_name() {
        Some(name) => name.rsplit('.').next().unwrap_or(name).to_owned(),
        None => String::from("invalid"),
    }
}

/// Returns whether a decode error belongs to one item of a page (`value[N]...`).
fn decode_path_is_item(error: &Error) -> bool {
    matches!(error, Error::Decode { path, .. } if path.starts_with("value["))
}
