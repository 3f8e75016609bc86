//! Hand-written support code that generated models and clients call.
//!
//! Generated structs and enums implement `Serialize` and `Deserialize` by hand
//! and reach for the pieces here:
//!
//! - [`wire`]: the [`Wire`] trait, which defines how one value is read from and
//!   written to OData JSON, with impls for Rust primitives, `Option`, `Vec`,
//!   `Box` and JSON values.
//! - [`edm`]: one type per Edm primitive that has no plain Rust equivalent
//!   ([`edm::DateTimeOffset`], [`edm::Duration`], [`edm::Decimal`], ...).
//! - [`enums`]: open enums that keep unknown member names, and flag sets.
//! - [`polymorphic`]: decoding by `@odata.type` into one of several derived
//!   types, keeping unknown and broken items instead of failing.
//! - [`object`]: helpers for the `Serialize` and `Deserialize` impls of
//!   generated structs.
//! - [`json`]: entry points that report the JSON path of a decoding error.
//! - [`filter`]: typed `$filter` and `$orderby` builders for generated clients.
//! - [`http`]: the async HTTP client: authentication, retries, paging, errors.
//!
//! This module never imports generated code.

pub mod edm;
pub mod enums;
pub mod filter;
pub mod http;
pub mod json;
pub mod object;
pub mod polymorphic;
pub mod wire;

pub use enums::{Flags, OpenEnum};
pub use json::{DecodeError, EncodeError};
pub use object::AbsentProperties;
pub use polymorphic::{Invalid, Item};
pub use wire::{wire_via_serde, Decode, Encode, Key, Wire};

#[cfg(test)]
mod compose_tests;
