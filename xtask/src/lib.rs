//! Workspace tasks, as a library so tests can run the same code generation check.

pub mod codegen;
