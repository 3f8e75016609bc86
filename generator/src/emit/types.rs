//! Maps IR type uses to Rust types.
//!
//! | CSDL | Rust |
//! | --- | --- |
//! | nullable single value | `Option<T>` |
//! | `Nullable="false"` single value | `T` |
//! | `Collection(T)` | `Vec<T>`, or `Vec<Option<T>>` with `Nullable="true"` |
//! | type with selected derived types | the `Any...` enum over them |
//! | `IsFlags` enum | `Flags<E>` |
//! | type of a namespace whose document is not loaded | `serde_json::Value` |

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::Context;
use crate::ir::{Primitive, Target, TypeId, TypeKind, TypeUse};

/// Makes an identifier from a name produced by [`crate::naming`], which may be raw.
pub(crate) fn rust_ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Returns the Rust type of a primitive.
pub(super) fn primitive(context: &Context, primitive: Primitive) -> TokenStream {
    let rt = &context.runtime;
    match primitive {
        Primitive::String => quote!(::std::string::String),
        Primitive::Boolean => quote!(bool),
        Primitive::Byte => quote!(u8),
        Primitive::SByte => quote!(i8),
        Primitive::Int16 => quote!(i16),
        Primitive::Int32 => quote!(i32),
        Primitive::Int64 => quote!(i64),
        Primitive::Single => quote!(f32),
        Primitive::Double => quote!(f64),
        Primitive::Decimal => quote!(#rt::edm::Decimal),
        Primitive::DateTimeOffset => quote!(#rt::edm::DateTimeOffset),
        Primitive::Date => quote!(#rt::edm::Date),
        Primitive::TimeOfDay => quote!(#rt::edm::TimeOfDay),
        Primitive::Duration => quote!(#rt::edm::Duration),
        Primitive::Guid => quote!(#rt::edm::Guid),
        Primitive::Binary => quote!(#rt::edm::Binary),
        Primitive::Stream => quote!(#rt::edm::Stream),
        Primitive::Geography => quote!(#rt::edm::Geography),
        Primitive::Geometry => quote!(#rt::edm::Geometry),
        Primitive::Untyped | Primitive::AnyPrimitive => quote!(::serde_json::Value),
    }
}

/// Returns the path of a generated type, bare when it lives in `from_namespace`.
pub(super) fn type_path(context: &Context, id: TypeId, from_namespace: &str) -> TokenStream {
    let t = context.model.get(id);
    let name = rust_ident(&t.rust_name);
    named_path(context, &t.namespace, name, from_namespace)
}

/// Returns the path of the polymorphic enum of `id`.
pub(super) fn polymorphic_path(context: &Context, id: TypeId, from_namespace: &str) -> TokenStream {
    let t = context.model.get(id);
    let s = context
        .model
        .structured(id)
        .expect("polymorphic types are structured");
    let name = rust_ident(s.polymorphic_name.as_deref().expect("marked polymorphic"));
    named_path(context, &t.namespace, name, from_namespace)
}

fn named_path(
    context: &Context,
    namespace: &str,
    name: Ident,
    from_namespace: &str,
) -> TokenStream {
    if namespace == from_namespace {
        return quote!(#name);
    }
    let models = &context.models;
    let modules = context.model.namespaces[namespace]
        .module_path
        .iter()
        .map(|m| rust_ident(m));
    quote!(#models #(:: #modules)* :: #name)
}

/// Returns the element type of a type use, before collection and nullability wrappers.
pub(super) fn element(context: &Context, ty: &TypeUse, from_namespace: &str) -> TokenStream {
    match ty.target {
        Target::Primitive(p) => primitive(context, p),
        Target::Named(id) => match &context.model.get(id).kind {
            TypeKind::Enum(e) if e.is_flags => {
                let rt = &context.runtime;
                let path = type_path(context, id, from_namespace);
                quote!(#rt::enums::Flags<#path>)
            }
            TypeKind::Structured(_) if context.model.is_polymorphic(id) => {
                polymorphic_path(context, id, from_namespace)
            }
            TypeKind::External => quote!(::serde_json::Value),
            _ => type_path(context, id, from_namespace),
        },
    }
}

/// Returns the field type of a property: the element type with box, collection and
/// option wrappers.
pub(super) fn field(
    context: &Context,
    ty: &TypeUse,
    nullable: bool,
    boxed: bool,
    from_namespace: &str,
) -> TokenStream {
    let mut inner = element(context, ty, from_namespace);
    if boxed {
        inner = quote!(::std::boxed::Box<#inner>);
    }
    match (ty.collection, nullable) {
        (true, true) => quote!(::std::vec::Vec<::std::option::Option<#inner>>),
        (true, false) => quote!(::std::vec::Vec<#inner>),
        (false, true) => quote!(::std::option::Option<#inner>),
        (false, false) => inner,
    }
}
