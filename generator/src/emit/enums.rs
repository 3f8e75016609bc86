//! Emits an open enum: one variant per member plus one that keeps any other name.
//!
//! Members declared after `unknownFutureValue` are ordinary variants. Decoding matches a
//! name exactly first and then without regard to ASCII case; numbers map through the
//! member values. The runtime's `OpenEnum` trait carries the shared serde logic, so each
//! enum adds only its tables.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, rust_ident, Context};
use crate::ir::{TypeId, TypeKind};

pub(super) fn emit(context: &Context, id: TypeId) -> TokenStream {
    let model = context.model;
    let t = model.get(id);
    let TypeKind::Enum(e) = &t.kind else {
        unreachable!("enums::emit takes enum types")
    };
    let rt = &context.runtime;
    let ident = rust_ident(&t.rust_name);
    let other = rust_ident(&e.other_variant);
    let qualified = &t.qualified_name;

    let type_docs = docs::type_docs(model, id);
    let variants = e.members.iter().map(|m| {
        let variant = rust_ident(&m.rust_name);
        let doc = docs::member_docs(&m.docs, &m.name, m.value);
        quote! { #doc #variant, }
    });
    let other_docs = docs::lines(&[
        "A member that this version of the crate does not know, kept as the service sent it.",
    ]);

    let exact = e.members.iter().map(|m| {
        let variant = rust_ident(&m.rust_name);
        let name = &m.name;
        quote! { #name => Self::#variant, }
    });
    let folded = e.members.iter().map(|m| {
        let variant = rust_ident(&m.rust_name);
        let name = m.name.to_ascii_lowercase();
        quote! { #name => Self::#variant, }
    });
    let from_value = e.members.iter().map(|m| {
        let variant = rust_ident(&m.rust_name);
        let value = m.value;
        quote! { #value => ::std::option::Option::Some(Self::#variant), }
    });
    let names = e.members.iter().map(|m| {
        let variant = rust_ident(&m.rust_name);
        let name = &m.name;
        quote! { Self::#variant => #name, }
    });
    let values = e.members.iter().map(|m| {
        let variant = rust_ident(&m.rust_name);
        let value = m.value;
        quote! { Self::#variant => ::std::option::Option::Some(#value), }
    });
    let default = match e.members.first() {
        Some(first) => {
            let variant = rust_ident(&first.rust_name);
            quote!(Self::#variant)
        }
        None => quote!(Self::#other(::std::string::String::new())),
    };

    quote! {
        #type_docs
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq,
            ::std::cmp::Eq,
            ::std::hash::Hash,
            ::std::cmp::PartialOrd,
            ::std::cmp::Ord
        )]
        pub enum #ident {
            #(#variants)*
            #other_docs
            #other(::std::string::String),
        }

        impl #rt::enums::OpenEnum for #ident {
            const TYPE_NAME: &'static str = #qualified;

            fn from_name(name: &str) -> Self {
                match name {
                    #(#exact)*
                    _ => match name.to_ascii_lowercase().as_str() {
                        #(#folded)*
                        _ => Self::#other(name.to_owned()),
                    },
                }
            }

            fn from_value(value: i64) -> ::std::option::Option<Self> {
                match value {
                    #(#from_value)*
                    _ => ::std::option::Option::None,
                }
            }

            fn name(&self) -> &str {
                match self {
                    #(#names)*
                    Self::#other(name) => name,
                }
            }

            fn value(&self) -> ::std::option::Option<i64> {
                match self {
                    #(#values)*
                    Self::#other(_) => ::std::option::Option::None,
                }
            }
        }

        impl ::std::default::Default for #ident {
            /// Returns the first declared member.
            fn default() -> Self {
                #default
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#rt::enums::OpenEnum::name(self))
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<__S>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error>
            where
                __S: ::serde::Serializer,
            {
                #rt::enums::serialize_enum(self, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<__D>(deserializer: __D) -> ::std::result::Result<Self, __D::Error>
            where
                __D: ::serde::Deserializer<'de>,
            {
                #rt::enums::deserialize_enum(deserializer)
            }
        }

        #rt::wire_via_serde!(#ident);
    }
}
