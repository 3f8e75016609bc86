//! Typed models and an async client for Microsoft Graph security alerts.

pub mod models;
pub mod runtime;
