//! Typed models and an async client for Microsoft Graph security alerts.

// `cargo xtask codegen` formats the models with prettyplease and its check
// compares them byte for byte, so `cargo fmt` must leave them alone.
#[rustfmt::skip]
pub mod models;
pub mod runtime;
