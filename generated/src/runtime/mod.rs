//! Hand-written support code that generated models and clients call into.

pub mod http;
