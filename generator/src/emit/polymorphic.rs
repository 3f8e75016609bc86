//! Emits the enum that decodes a property by `@odata.type`.
//!
//! ```xml
//! <ComplexType Name="alertEvidence"> ... </ComplexType>
//! <ComplexType Name="deviceEvidence" BaseType="self.alertEvidence"> ... </ComplexType>
//! <Property Name="evidence" Type="Collection(self.alertEvidence)"/>
//! ```
//!
//! gives `AnyAlertEvidence` with a variant per concrete type, matched on the type name
//! with or without `#` and in any letter case. An object without `@odata.type` decodes
//! as the declared type (or as `Unknown` when that type is abstract), an unrecognised type
//! keeps the whole object in `Unknown`, and an object that fails to decode is kept with
//! its error in `Invalid`, so one bad item never fails the whole payload.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, features, rust_ident, types, Context};
use crate::ir::TypeId;
use crate::naming::Scope;

pub(super) fn emit(context: &Context, id: TypeId) -> TokenStream {
    let model = context.model;
    let base = model.get(id);
    let rt = &context.runtime;
    let ident = types::polymorphic_path(context, id, &base.namespace);

    let mut concrete: Vec<TypeId> = Vec::new();
    if !model.structured(id).is_some_and(|s| s.is_abstract) {
        concrete.push(id);
    }
    concrete.extend(
        model
            .all_derived(id)
            .into_iter()
            .filter(|d| !model.structured(*d).is_some_and(|s| s.is_abstract)),
    );

    let mut scope = Scope::with_reserved(&["Unknown", "Invalid"]);
    let variants: Vec<(TypeId, proc_macro2::Ident)> = concrete
        .iter()
        .map(|&c| (c, rust_ident(&scope.claim(model.get(c).rust_name.clone()))))
        .collect();

    let enum_docs = docs::lines(&[
        &format!(
            "A `{}` or a type derived from it, chosen by `@odata.type`.",
            base.qualified_name
        ),
        "",
        "Type names match with or without the leading `#` and in any letter case.",
    ]);
    // With namespace features, a variant of another namespace exists only with that
    // namespace's feature; without it, such an object decodes as `Unknown`.
    let cfg = |c: TypeId| {
        features::cfg_for(
            context.features.as_ref(),
            &model.get(c).namespace,
            &base.namespace,
        )
    };
    let variant_defs = variants.iter().map(|(c, v)| {
        let path = types::type_path(context, *c, &base.namespace);
        let doc = format!(" `{}`.", model.get(*c).qualified_name);
        let cfg = cfg(*c);
        quote! { #[doc = #doc] #cfg #v(#path), }
    });

    let base_is_concrete = concrete.first() == Some(&id);
    let arms = variants.iter().map(|(c, v)| {
        let name = model.get(*c).qualified_name.to_ascii_lowercase();
        let cfg = cfg(*c);
        if *c == id {
            quote! { ::std::option::Option::None | ::std::option::Option::Some(#name) => item.decode(Self::#v, Self::Invalid), }
        } else {
            quote! { #cfg ::std::option::Option::Some(#name) => item.decode(Self::#v, Self::Invalid), }
        }
    });
    let untyped_arm = if base_is_concrete {
        quote!()
    } else {
        quote! { ::std::option::Option::None => item.unknown(Self::Unknown, Self::Invalid), }
    };
    // The declared type needs no `@odata.type`, because an item without one decodes as
    // that type. An item read with one keeps it among its kept properties, so a hint would
    // only add the key to items that were read without it.
    let serialize_arms = variants.iter().map(|(c, v)| {
        if *c == id {
            return quote! { Self::#v(value) => value.serialize_with_type(serializer, ::std::option::Option::None), };
        }
        let hint = format!("#{}", model.get(*c).qualified_name);
        let cfg = cfg(*c);
        quote! { #cfg Self::#v(value) => value.serialize_with_type(serializer, ::std::option::Option::Some(#hint)), }
    });
    let type_name_arms = variants.iter().map(|(c, v)| {
        let name = &model.get(*c).qualified_name;
        let cfg = cfg(*c);
        quote! { #cfg Self::#v(_) => ::std::option::Option::Some(#name), }
    });
    // The default must exist whatever features are on: a variant of the base type's own
    // namespace, or `Unknown`.
    let always_present = variants
        .iter()
        .find(|(c, _)| context.features.is_none() || model.get(*c).namespace == base.namespace);
    let default = match always_present {
        Some((_, v)) => quote!(Self::#v(::std::default::Default::default())),
        None => quote!(Self::Unknown(::serde_json::Map::new())),
    };

    quote! {
        #enum_docs
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
        pub enum #ident {
            #(#variant_defs)*
            /// An object whose `@odata.type` names a type this crate does not know, kept whole.
            Unknown(::serde_json::Map<::std::string::String, ::serde_json::Value>),
            /// An item that failed to decode, kept as it came with the error.
            Invalid(#rt::polymorphic::Invalid),
        }

        impl #ident {
            /// Returns the qualified type name of the item: the variant's type, the
            /// `@odata.type` kept in `Unknown` (without `#`), or `None` for `Invalid`.
            pub fn type_name(&self) -> ::std::option::Option<&str> {
                match self {
                    #(#type_name_arms)*
                    Self::Unknown(object) => object
                        .get("@odata.type")
                        .and_then(::serde_json::Value::as_str)
                        .map(|name| name.trim_start_matches('#')),
                    Self::Invalid(_) => ::std::option::Option::None,
                }
            }
        }

        impl ::std::default::Default for #ident {
            fn default() -> Self {
                #default
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<__S>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error>
            where
                __S: ::serde::Serializer,
            {
                match self {
                    #(#serialize_arms)*
                    Self::Unknown(object) => ::serde::Serialize::serialize(object, serializer),
                    Self::Invalid(invalid) => ::serde::Serialize::serialize(invalid, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<__D>(deserializer: __D) -> ::std::result::Result<Self, __D::Error>
            where
                __D: ::serde::Deserializer<'de>,
            {
                let item = <#rt::polymorphic::Item as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(match item.type_name() {
                    #(#arms)*
                    #untyped_arm
                    ::std::option::Option::Some(_) => item.unknown(Self::Unknown, Self::Invalid),
                })
            }
        }

        #rt::wire_via_serde!(#ident);
    }
}
