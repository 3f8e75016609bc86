//! Triages one alert: reads it, assigns it, sets its status, classification
//! and determination, and adds a comment.
//!
//! ```text
//! GRAPH_TOKEN=... ALERT_ID=... ALERT_ASSIGNEE=analyst@contoso.com \
//!     cargo run -p graph-security --example triage_alert
//! ```
//!
//! Environment: `GRAPH_TOKEN`, `ALERT_ID` and `ALERT_ASSIGNEE` (required),
//! and `GRAPH_BASE_URL` (default: the global `v1.0` root). The token needs
//! the `SecurityAlert.ReadWrite.All` permission.

#[path = "common/mod.rs"]
pub mod common;

use std::io::Write;
use std::process::ExitCode;

use graph_security::client::{AlertProperty, AlertUpdate, GraphService};
use graph_security::models::security::{
    Alert, AlertClassification, AlertComment, AlertDetermination, AlertStatus,
};
use graph_security::runtime::http::Patch;

use common::{BoxError, Config, ALERT_ID_VAR};

/// The environment variable with the user to assign the alert to.
pub const ASSIGNEE_VAR: &str = "ALERT_ASSIGNEE";

/// The variables this example needs besides the token.
pub const REQUIRED: &[&str] = &[ALERT_ID_VAR, ASSIGNEE_VAR];

/// The comment added to the alert.
pub const COMMENT: &str = "Triaged: confirmed malware, investigation in progress.";

#[tokio::main]
async fn main() -> ExitCode {
    match Config::from_env(REQUIRED) {
        Ok(config) => common::exit_code(run(&config, &mut std::io::stdout()).await),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Reads, updates and comments on the alert named by `ALERT_ID`, writing
/// each step to `out`.
pub async fn run(config: &Config, out: &mut impl Write) -> Result<(), BoxError> {
    let client = config.client()?;
    let alerts = client.security().alerts_v2();
    let id = config.var(ALERT_ID_VAR);

    let alert = alerts
        .get(id)
        .select([
            AlertProperty::Id,
            AlertProperty::Title,
            AlertProperty::Severity,
            AlertProperty::Status,
            AlertProperty::AssignedTo,
        ])
        .send()
        .await?;
    writeln!(out, "before:  {}", describe(&alert))?;

    let changes = AlertUpdate {
        assigned_to: Patch::Value(config.var(ASSIGNEE_VAR).to_owned()),
        status: Patch::Value(AlertStatus::InProgress),
        classification: Patch::Value(AlertClassification::TruePositive),
        determination: Patch::Value(AlertDetermination::Malware),
        ..Default::default()
    };
    match alerts.update(id, &changes).await? {
        Some(updated) => writeln!(out, "after:   {}", describe(&updated))?,
        None => writeln!(out, "after:   updated (the service returned no body)")?,
    }

    let mut comment = AlertComment {
        comment: Some(COMMENT.to_owned()),
        ..Default::default()
    };
    // NOTE: `createdDateTime` is non-nullable, so a default `AlertComment`
    // would send `0001-01-01T00:00:00Z`. Marking it absent leaves it out and
    // lets the service set it.
    comment.absent_properties.insert("createdDateTime");
    let comments = alerts.add_comment(id, &comment).await?;
    writeln!(
        out,
        "comment: added, the alert now has {} comments",
        comments.len()
    )?;
    Ok(())
}

/// Formats the fields this example reads and changes.
fn describe(alert: &Alert) -> String {
    let classification = alert
        .classification
        .as_ref()
        .map_or_else(|| String::from("-"), ToString::to_string);
    let determination = alert
        .determination
        .as_ref()
        .map_or_else(|| String::from("-"), ToString::to_string);
    format!(
        "{} status={} assignedTo={} classification={} determination={} title={}",
        alert.id,
        alert.status,
        alert.assigned_to.as_deref().unwrap_or("-"),
        classification,
        determination,
        alert.title.as_deref().unwrap_or("(no title)")
    )
}
