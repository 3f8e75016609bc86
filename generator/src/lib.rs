//! Reads OData CSDL and returns generated Rust files.
//!
//! The pipeline runs in named phases: read (CSDL XML or JSON into [`csdl`]), lower and
//! resolve (into the [`ir`]), emit (IR to tokens) and render (tokens to formatted text).
//! The library does no file IO: it takes source text and returns file contents.

pub mod csdl;
pub mod diagnostics;
pub mod ir;
pub mod read;
