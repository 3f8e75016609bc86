//! A canonical text dump of a [`Document`], for comparing what two readers produced.

use crate::csdl::Document;

/// Prints a document without spans.
pub fn dump(document: &Document) -> String {
    format!("{document:?}")
}
