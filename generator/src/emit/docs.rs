//! Rustdoc and `#[deprecated]` attributes from the model's descriptions and revisions.
//!
//! Text from the metadata is escaped as a doc string literal, so any content is safe.
//! Items with no description still get a line that names the wire name and Edm type,
//! because every public item carries docs.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Deprecation, Docs, Model, Property, TypeId, TypeKind};

/// Docs of a generated struct, enum or alias.
pub(super) fn type_docs(model: &Model, id: TypeId) -> TokenStream {
    let t = model.get(id);
    let kind = match &t.kind {
        TypeKind::Structured(s) if s.is_entity => "entity type",
        TypeKind::Structured(_) => "complex type",
        TypeKind::Enum(e) if e.is_flags => "flags enum type",
        TypeKind::Enum(_) => "enum type",
        TypeKind::Alias(p) => {
            let summary = format!(
                "The `{}` type definition, a `{}`.",
                t.qualified_name,
                p.edm_name()
            );
            return render(&t.docs, summary, Vec::new());
        }
        TypeKind::External => return TokenStream::new(),
    };
    let summary = format!("The `{}` {kind}.", t.qualified_name);
    let mut extra = Vec::new();
    if let TypeKind::Structured(s) = &t.kind {
        if let Some(base) = s.base {
            extra.push(format!(
                "Derived from `{}`.",
                model.get(base).qualified_name
            ));
        }
        if !s.key.is_empty() {
            extra.push(format!("Key: `{}`.", s.key.join("`, `")));
        }
        if s.is_abstract {
            extra.push("Abstract: the service sends only its derived types.".to_owned());
        }
        if s.is_open {
            extra.push(
                "Open type: dynamic properties are kept in `additional_properties`.".to_owned(),
            );
        }
    }
    render(&t.docs, summary, extra)
}

/// Docs of a struct field.
pub(super) fn property_docs(model: &Model, property: &Property) -> TokenStream {
    let nullability = match (property.ty.collection, property.nullable) {
        (true, true) => "items may be null",
        (true, false) => "never null",
        (false, true) => "nullable",
        (false, false) => "never null",
    };
    let summary = format!(
        "`{}`: `{}`, {nullability}.",
        property.name,
        model.type_use_name(&property.ty)
    );
    render(&property.docs, summary, Vec::new())
}

/// Docs of an enum member.
pub(super) fn member_docs(docs: &Docs, name: &str, value: i64) -> TokenStream {
    render(docs, format!("`{name}` (value {value})."), Vec::new())
}

/// Docs of a client method that reaches an entity set, singleton or navigation property:
/// the element's description, `summary`, and `#[deprecated]` when the element is.
pub(super) fn request_docs(docs: &Docs, summary: &str) -> TokenStream {
    render(docs, summary.trim().to_owned(), Vec::new())
}

/// Plain doc lines, without a description from the model.
pub(super) fn lines(lines: &[&str]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = format!(" {line}");
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

fn render(docs: &Docs, summary: String, extra: Vec<String>) -> TokenStream {
    let mut paragraphs: Vec<String> = Vec::new();
    match &docs.description {
        Some(description) => {
            paragraphs.push(description.trim().to_owned());
            paragraphs.push(summary);
        }
        None => paragraphs.push(summary),
    }
    if let Some(long) = &docs.long_description {
        paragraphs.push(long.trim().to_owned());
    }
    if !extra.is_empty() {
        paragraphs.push(extra.join(" "));
    }
    let text = paragraphs
        .iter()
        .map(|p| {
            p.lines()
                .map(|l| format!(" {}", l.trim_end()))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    let attrs = text.split('\n').map(|line| quote!(#[doc = #line]));
    let deprecated = docs.deprecated.as_ref().map(deprecated_attr);
    quote!(#(#attrs)* #deprecated)
}

fn deprecated_attr(deprecation: &Deprecation) -> TokenStream {
    let mut note = match &deprecation.description {
        Some(text) => text.trim().trim_end_matches('.').to_owned(),
        None => "Deprecated".to_owned(),
    };
    if let Some(date) = &deprecation.date {
        note.push_str(&format!("; deprecated on {date}"));
    }
    if let Some(removal) = &deprecation.removal_date {
        note.push_str(&format!("; removal planned on {removal}"));
    }
    note.push('.');
    match &deprecation.date {
        Some(since) => quote!(#[deprecated(since = #since, note = #note)]),
        None => quote!(#[deprecated(note = #note)]),
    }
}
