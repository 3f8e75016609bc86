//! Readers that turn CSDL text into the raw [`crate::csdl`] model.
//!
//! Both readers collect every problem they can recover from and report them together,
//! each with a span and a schema path. Input that nests deeper than [`MAX_DEPTH`] levels is
//! rejected before the readers recurse into it, so hostile input cannot overflow the stack.

use crate::csdl::{Document, FileId};
use crate::diagnostics::{Diagnostic, Diagnostics};

mod dump;
pub mod json;
mod names;
mod position;
pub mod xml;

pub use dump::dump;

/// Maximum element (XML) or value (JSON) nesting depth the readers accept.
///
/// The readers recurse once per nesting level, so an unbounded depth would let a hostile
/// input overflow the stack. Real metadata nests about ten levels deep, and annotation
/// expressions add a few more, so 256 leaves ample room.
pub const MAX_DEPTH: usize = 256;

/// Reads a metadata document, choosing XML or JSON by content rather than by file name.
///
/// The first non-blank character, after an optional UTF-8 byte order mark, decides: `<`
/// means CSDL XML and `{` means CSDL JSON.
pub fn read_document(file: FileId, text: &str) -> Result<Document, Diagnostics> {
    let body = strip_bom(text);
    match body.trim_start().chars().next() {
        Some('<') => xml::read(file, text),
        Some('{') => json::read(file, text),
        found => {
            let lines = position::LineIndex::new(file, body);
            let offset = body.len() - body.trim_start().len();
            let message = match found {
                Some(c) => format!("unrecognized document format: starts with `{c}`"),
                None => "the document is empty".to_owned(),
            };
            let mut diagnostics = Diagnostics::default();
            diagnostics.push(
                Diagnostic::new(lines.span(offset), "", message)
                    .with_hint("CSDL XML starts with `<` and CSDL JSON with `{`"),
            );
            Err(diagnostics)
        }
    }
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Collects the diagnostics of one read, positioned through a line index.
pub(crate) struct Report<'s> {
    lines: position::LineIndex<'s>,
    diagnostics: Diagnostics,
}

impl<'s> Report<'s> {
    pub(crate) fn new(file: FileId, text: &'s str) -> Self {
        Report {
            lines: position::LineIndex::new(file, text),
            diagnostics: Diagnostics::default(),
        }
    }

    pub(crate) fn span(&self, offset: usize) -> crate::csdl::Span {
        self.lines.span(offset)
    }

    pub(crate) fn error(
        &mut self,
        offset: usize,
        path: String,
        message: String,
        hint: Option<String>,
    ) {
        let mut diagnostic = Diagnostic::new(self.lines.span(offset), path, message);
        diagnostic.hint = hint;
        self.diagnostics.push(diagnostic);
    }

    pub(crate) fn error_at_span(
        &mut self,
        span: crate::csdl::Span,
        path: String,
        message: String,
        hint: Option<String>,
    ) {
        let mut diagnostic = Diagnostic::new(span, path, message);
        diagnostic.hint = hint;
        self.diagnostics.push(diagnostic);
    }

    /// Returns the document when nothing was reported, and every diagnostic otherwise.
    pub(crate) fn finish(self, document: Document) -> Result<Document, Diagnostics> {
        if self.diagnostics.is_empty() {
            Ok(document)
        } else {
            Err(self.diagnostics)
        }
    }

    pub(crate) fn into_diagnostics(self) -> Diagnostics {
        self.diagnostics
    }
}
