//! Errors found in the input, collected per phase and rendered together.

use std::fmt;

use crate::csdl::Span;

/// One problem in an input file, tied to a position and a schema path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub span: Span,
    /// Schema path of the problem, such as
    /// `microsoft.graph.security/ComplexType[fileEvidence]/Property[fileDetails]`.
    pub path: String,
    /// Lowercase, no trailing period, offending names in backticks.
    pub message: String,
    /// The fix, when it is known.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// Creates a diagnostic without a hint.
    pub fn new(span: Span, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            span,
            path: path.into(),
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint that explains how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Every diagnostic of a phase. A phase that ends with any of them stops the pipeline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Returns the diagnostics sorted by file, line, column and message.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| (a.span, &a.path, &a.message).cmp(&(b.span, &b.path, &b.message)));
        items
    }

    /// Renders every diagnostic as `file:line:column: error: message`, with the schema path
    /// and hint on indented lines below, sorted by position.
    pub fn render(&self, file_names: &[String]) -> String {
        let mut out = String::new();
        for d in self.sorted() {
            let file = file_names
                .get(d.span.file as usize)
                .map(String::as_str)
                .unwrap_or("<input>");
            // Line 0 marks a problem with the settings (such as a root type), which has no
            // position in any input file.
            if d.span.line == 0 {
                out.push_str(&format!("error: {}\n", d.message));
            } else {
                out.push_str(&format!(
                    "{file}:{}:{}: error: {}\n",
                    d.span.line, d.span.column, d.message
                ));
            }
            if !d.path.is_empty() {
                out.push_str(&format!("  at {}\n", d.path));
            }
            if let Some(hint) = &d.hint {
                out.push_str(&format!("  hint: {hint}\n"));
            }
        }
        let count = self.items.len();
        out.push_str(&format!(
            "{count} error{}\n",
            if count == 1 { "" } else { "s" }
        ));
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(&[]))
    }
}

impl std::error::Error for Diagnostics {}
