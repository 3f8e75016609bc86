//! Emits a struct for an entity or complex type, with hand-rolled serde impls.
//!
//! The impls are generated rather than derived so that decoding needs no buffering:
//! unknown properties go into `additional_properties` as they arrive, which a derived
//! `#[serde(flatten)]` map could only do by buffering the whole object first.
//!
//! A `Nullable="false"` property is a plain field. When the JSON leaves it out (a `$select`
//! or a sparse evidence object), decoding records its wire name in `absent_properties`
//! and encoding leaves it out again, so the object round-trips as it came.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, rust_ident, types, Context};
use crate::ir::{Property, TypeId};

pub(super) fn emit(context: &Context, id: TypeId) -> TokenStream {
    let model = context.model;
    let t = model.get(id);
    let rt = &context.runtime;
    let ident = rust_ident(&t.rust_name);
    let properties: Vec<&Property> = model
        .all_properties(id)
        .into_iter()
        .map(|(_, p)| p)
        .collect();

    let type_docs = docs::type_docs(model, id);
    let fields = properties.iter().map(|p| {
        let name = rust_ident(&p.rust_name);
        let ty = types::field(context, &p.ty, p.nullable, p.boxed, &t.namespace);
        let doc = docs::property_docs(model, p);
        quote! { #doc pub #name: #ty, }
    });
    let extra_docs = docs::lines(&[
        "Properties that the schema does not declare, kept so they are written back unchanged.",
    ]);
    let absent_docs = docs::lines(&[
        "Non-nullable properties that were absent from the decoded JSON.",
        "",
        "Their fields hold default values, and encoding leaves them out again.",
    ]);

    let serialize = serialize_impl(context, &ident, &properties);
    let deserialize = deserialize_impl(context, &ident, &t.qualified_name, &properties);

    quote! {
        #type_docs
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq,
            ::std::default::Default
        )]
        pub struct #ident {
            #(#fields)*
            #extra_docs
            pub additional_properties: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            #absent_docs
            pub absent_properties: #rt::object::AbsentProperties,
        }

        #serialize
        #deserialize
        #rt::wire_via_serde!(#ident);
    }
}

fn serialize_impl(
    context: &Context,
    ident: &proc_macro2::Ident,
    properties: &[&Property],
) -> TokenStream {
    let rt = &context.runtime;
    let entries = properties.iter().map(|p| {
        let name = rust_ident(&p.rust_name);
        let wire = &p.name;
        if p.is_optional() {
            quote! {
                if let ::std::option::Option::Some(value) = &self.#name {
                    map.serialize_entry(#wire, &#rt::wire::Encode(value))?;
                }
            }
        } else {
            quote! {
                if !self.absent_properties.contains(#wire) {
                    map.serialize_entry(#wire, &#rt::wire::Encode(&self.#name))?;
                }
            }
        }
    });
    quote! {
        impl ::serde::Serialize for #ident {
            fn serialize<__S>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error>
            where
                __S: ::serde::Serializer,
            {
                self.serialize_with_type(serializer, ::std::option::Option::None)
            }
        }

        impl #ident {
            /// Encodes the object, writing `@odata.type` first: the kept value if the object
            /// was decoded with one, otherwise `type_hint`.
            pub fn serialize_with_type<__S>(
                &self,
                serializer: __S,
                type_hint: ::std::option::Option<&str>,
            ) -> ::std::result::Result<__S::Ok, __S::Error>
            where
                __S: ::serde::Serializer,
            {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(::std::option::Option::None)?;
                #rt::object::write_odata_type(&mut map, &self.additional_properties, type_hint)?;
                #(#entries)*
                #rt::object::write_additional(&mut map, &self.additional_properties)?;
                map.end()
            }
        }
    }
}

fn deserialize_impl(
    context: &Context,
    ident: &proc_macro2::Ident,
    qualified_name: &str,
    properties: &[&Property],
) -> TokenStream {
    let rt = &context.runtime;
    let expecting = format!("a `{qualified_name}` object");
    let plain: Vec<&&Property> = properties.iter().filter(|p| !p.is_optional()).collect();
    let plain_count = plain.len();
    let plain_names = plain.iter().map(|p| &p.name);

    let arms = properties.iter().map(|p| {
        let name = rust_ident(&p.rust_name);
        let wire = &p.name;
        let decode = quote!(map.next_value_seed(#rt::wire::Decode::new())?);
        match plain.iter().position(|q| q.name == p.name) {
            Some(index) => quote! {
                #wire => {
                    out.#name = #decode;
                    seen[#index] = true;
                }
            },
            None => quote! { #wire => out.#name = #decode, },
        }
    });
    let absent = if plain_count == 0 {
        quote!()
    } else {
        quote! {
            const PLAIN: [&str; #plain_count] = [#(#plain_names),*];
            for (present, name) in seen.iter().zip(PLAIN) {
                if !present {
                    out.absent_properties.insert(name);
                }
            }
        }
    };
    let seen = if plain_count == 0 {
        quote!()
    } else {
        quote!(let mut seen = [false; #plain_count];)
    };

    quote! {
        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<__D>(deserializer: __D) -> ::std::result::Result<Self, __D::Error>
            where
                __D: ::serde::Deserializer<'de>,
            {
                struct __Visitor;

                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = #ident;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<__A>(self, mut map: __A) -> ::std::result::Result<#ident, __A::Error>
                    where
                        __A: ::serde::de::MapAccess<'de>,
                    {
                        let mut out = #ident::default();
                        #seen
                        while let ::std::option::Option::Some(key) =
                            map.next_key::<#rt::wire::Key<'de>>()?
                        {
                            match key.as_str() {
                                #(#arms)*
                                _ => {
                                    let value: ::serde_json::Value = map.next_value()?;
                                    out.additional_properties.insert(key.into_string(), value);
                                }
                            }
                        }
                        #absent
                        ::std::result::Result::Ok(out)
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    }
}
