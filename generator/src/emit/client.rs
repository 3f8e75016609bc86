//! Emits typed request builders from the entity container.
//!
//! Operations come from the metadata rather than from hand-written paths:
//!
//! ```xml
//! <Singleton Name="security" Type="microsoft.graph.security" />
//! <EntityType Name="security">
//!   <NavigationProperty Name="alerts_v2" Type="Collection(self.alert)" ContainsTarget="true" />
//! </EntityType>
//! ```
//!
//! gives `client.security().alerts_v2()`, whose collection requests use the key of
//! `alert` and the `Capabilities` annotations of the navigation property or the entity
//! type. Reads and updates are generated unless the metadata says they are unsupported;
//! creating and deleting only when it says they are supported, because Graph leaves
//! most collections unannotated and not every collection accepts writes.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{rust_ident, types, Context};
use crate::ir::{Capabilities, Primitive, Property, Target, TypeId, TypeKind};
use crate::naming::{self, Scope};

/// Emits the client module, or `None` when the model has no container entry whose
/// entity type (or contained collection) is generated.
pub(super) fn emit(context: &Context) -> Option<TokenStream> {
    let model = context.model;
    let container = model.container.as_ref()?;
    let mut emitter = ClientEmitter {
        context,
        scope: Scope::default(),
        items: Vec::new(),
        typed: Vec::new(),
        collections: Vec::new(),
        singles: Vec::new(),
    };

    let mut entry_methods = Vec::new();
    let mut entry_impls = Vec::new();
    // `items` and `Items` are distinct CSDL names but one Rust method name.
    let mut method_names = Scope::default();
    for entry in &container.entity_sets {
        let method = rust_ident(&method_names.claim(naming::field_name(&entry.name)));
        let path = format!("/{}", entry.name);
        let built = if entry.singleton {
            emitter.singleton(&entry.name, entry.entity_type)
        } else {
            let capabilities = model
                .structured(entry.entity_type)
                .map(|s| s.capabilities)
                .unwrap_or_default();
            let capabilities = merge(entry.capabilities, capabilities);
            emitter.collection(&entry.name, entry.entity_type, capabilities)
        };
        let Some((requests, doc)) = built else {
            continue;
        };
        // `#[deprecated]` goes on the trait method only: on the impl it would have no effect.
        let doc = super::docs::request_docs(&entry.docs, &doc);
        entry_methods.push(quote! {
            #doc
            fn #method(&self) -> #requests<'_>;
        });
        entry_impls.push(quote! {
            fn #method(&self) -> #requests<'_> {
                #requests { client: self, path: ::std::string::String::from(#path) }
            }
        });
    }
    if entry_methods.is_empty() {
        return None;
    }

    let rt = &context.runtime;
    let trait_ident = rust_ident(&emitter.scope.claim(naming::type_name(&container.name)));
    let trait_doc = format!(
        " Entry points of the `{}.{}` container, as methods on the client.",
        container.namespace, container.name
    );
    let items = emitter.items;
    let cfg = context.features.is_some().then(|| {
        let feature = super::features::CLIENT_FEATURE;
        quote!(#![cfg(feature = #feature)])
    });
    Some(quote! {
        #cfg
        #![doc = " Typed requests generated from the service's entity container."]
        #![allow(
            deprecated,
            non_camel_case_types,
            non_snake_case,
            clippy::all,
            clippy::pedantic,
            rustdoc::bare_urls,
            rustdoc::broken_intra_doc_links
        )]

        #[doc = #trait_doc]
        ///
        /// Bring the trait into scope to call these methods on a client.
        pub trait #trait_ident {
            #(#entry_methods)*
        }

        impl #trait_ident for #rt::http::Client {
            #(#entry_impls)*
        }

        #(#items)*
    })
}

struct ClientEmitter<'a> {
    context: &'a Context<'a>,
    scope: Scope,
    items: Vec<TokenStream>,
    /// Entity types that already have a property enum, filter fields and update type.
    typed: Vec<(TypeId, TypedNames)>,
    /// Collections already emitted, by path name, entity type and capabilities, so a
    /// contained collection reached along several paths (or from itself) is emitted once.
    collections: Vec<(CollectionKey, (Ident, String))>,
    /// Contained single entities already emitted, by path name and entity type.
    singles: Vec<((String, TypeId), Ident)>,
}

/// The identity of a collection's requests: the name that ends its path, the entity type
/// and the capabilities.
type CollectionKey = (String, TypeId, Capabilities);

#[derive(Clone)]
struct TypedNames {
    property: Ident,
    filter: Ident,
    update: Ident,
}

impl<'a> ClientEmitter<'a> {
    /// Emits the requests struct of a singleton: `get` when its type is generated, and a
    /// method per contained navigation property whose target is generated.
    fn singleton(&mut self, name: &str, entity: TypeId) -> Option<(Ident, String)> {
        let model = self.context.model;
        let rt = &self.context.runtime;
        let structured = model.structured(entity)?;

        let methods = self.navigation_methods(entity, None, Some(name));
        let get = model.get(entity).selected.then(|| {
            let ty = types::element(
                self.context,
                &crate::ir::TypeUse {
                    target: Target::Named(entity),
                    collection: false,
                },
                "",
            );
            quote! {
                /// Gets the singleton.
                pub async fn get(&self) -> ::std::result::Result<#ty, #rt::http::Error> {
                    self.client.get(&self.path, &#rt::http::Query::new()).await
                }
            }
        });
        if methods.is_empty() && get.is_none() {
            return None;
        }
        let _ = structured;

        let ident = rust_ident(
            &self
                .scope
                .claim(format!("{}Requests", naming::type_name(name))),
        );
        let doc = format!(" Requests on the `{name}` singleton (`/{name}`).");
        self.items.push(quote! {
            #[doc = #doc]
            #[derive(::std::fmt::Debug, ::std::clone::Clone)]
            pub struct #ident<'a> {
                client: &'a #rt::http::Client,
                path: ::std::string::String,
            }

            impl<'a> #ident<'a> {
                #get
                #(#methods)*
            }
        });
        Some((ident, format!(" Requests on the `{name}` singleton.")))
    }

    /// Emits the requests struct of a collection of `entity` reached at a path ending in
    /// `name`, with the operations its capabilities allow.
    fn collection(
        &mut self,
        name: &str,
        entity: TypeId,
        capabilities: Capabilities,
    ) -> Option<(Ident, String)> {
        let model = self.context.model;
        if !model.get(entity).selected {
            return None;
        }
        let memo_key = (name.to_owned(), entity, capabilities);
        if let Some((_, emitted)) = self.collections.iter().find(|(k, _)| *k == memo_key) {
            return Some(emitted.clone());
        }
        let rt = &self.context.runtime;
        let typed = self.typed_names(entity);
        let item = types::element(
            self.context,
            &crate::ir::TypeUse {
                target: Target::Named(entity),
                collection: false,
            },
            "",
        );
        let entity_name = model.get(entity).qualified_name.clone();
        let set = naming::type_name(name);

        let ident = rust_ident(&self.scope.claim(format!("{set}Requests")));
        let list_ident = rust_ident(&self.scope.claim(format!("List{set}")));
        let key = entity_key(self.context, entity);
        let summary = format!(" Requests on the `{name}` collection of `{entity_name}`.");
        // Registered before the contained collections are emitted, so a type that contains
        // itself ends the recursion here.
        self.collections
            .push((memo_key, (ident.clone(), summary.clone())));

        let mut methods = Vec::new();
        let list = self.list_builder(&list_ident, &item, &typed, capabilities, &entity_name);
        methods.push(quote! {
            /// Lists the collection; set query options on the returned builder.
            pub fn list(&self) -> #list_ident<'a> {
                #list_ident { client: self.client, path: self.path.clone(), query: #rt::http::Query::new() }
            }
        });
        self.items.push(list);

        if let Some(key) = &key {
            let (params, segment) = (&key.params, &key.segment);
            let get_ident = rust_ident(
                &self
                    .scope
                    .claim(format!("Get{}", naming::type_name(&model.get(entity).name))),
            );
            self.items.push(self.get_builder(
                &get_ident,
                &item,
                &typed,
                capabilities,
                &entity_name,
            ));
            methods.push(quote! {
                /// Gets one item by its key; set `$select` or `$expand` on the returned builder.
                pub fn get(&self, #params) -> #get_ident<'a> {
                    #get_ident { client: self.client, path: ::std::format!("{}{}", self.path, #segment), query: #rt::http::Query::new() }
                }
            });
            if capabilities.updatable != Some(false) {
                let update = &typed.update;
                methods.push(quote! {
                    /// Updates one item with PATCH, sending only the fields set in `changes`.
                    ///
                    /// Returns the updated item, or `None` when the service answers
                    /// `204 No Content`.
                    pub async fn update(
                        &self,
                        #params,
                        changes: &#update,
                    ) -> ::std::result::Result<::std::option::Option<#item>, #rt::http::Error> {
                        let path = ::std::format!("{}{}", self.path, #segment);
                        self.client.patch(&path, changes).await
                    }
                });
            }
            if capabilities.deletable == Some(true) {
                methods.push(quote! {
                    /// Deletes one item.
                    pub async fn delete(&self, #params) -> ::std::result::Result<(), #rt::http::Error> {
                        let path = ::std::format!("{}{}", self.path, #segment);
                        self.client.delete(&path).await
                    }
                });
            }
            for append in self.context.settings_append {
                let Some(property) = append_target(model, entity, &append.property) else {
                    continue;
                };
                methods.push(self.append_method(
                    &append.method,
                    property,
                    &key.params,
                    &key.segment,
                ));
            }
        }
        if let Some(key) = &key {
            methods.extend(self.navigation_methods(entity, Some(key), None));
        }
        if capabilities.insertable == Some(true) {
            methods.push(quote! {
                /// Creates an item with POST and returns it as the service stored it.
                pub async fn create(&self, item: &#item) -> ::std::result::Result<#item, #rt::http::Error> {
                    self.client.post(&self.path, item).await
                }
            });
        }

        let doc = format!(" Requests on a collection of `{entity_name}`.");
        self.items.push(quote! {
            #[doc = #doc]
            #[derive(::std::fmt::Debug, ::std::clone::Clone)]
            pub struct #ident<'a> {
                client: &'a #rt::http::Client,
                path: ::std::string::String,
            }

            impl<'a> #ident<'a> {
                #(#methods)*
            }
        });
        Some((ident, summary))
    }

    /// Emits a method per contained navigation property of `entity` whose target is
    /// generated: for one item found by `key`, or, without a key, for the entity at
    /// `self.path` (a singleton or a contained single entity).
    ///
    /// ```xml
    /// <EntityType Name="Whole">
    ///   <NavigationProperty Name="Many" Type="Collection(self.Part)" ContainsTarget="true" />
    ///   <NavigationProperty Name="One" Type="self.Part" ContainsTarget="true" />
    /// </EntityType>
    /// ```
    ///
    /// gives `many(id)` and `one(id)` on the requests of a collection of wholes, for
    /// `Wholes('id')/Many` and `Wholes('id')/One`. `singleton` names the container's
    /// singleton whose path-targeted capabilities apply.
    fn navigation_methods(
        &mut self,
        entity: TypeId,
        key: Option<&KeyParam>,
        singleton: Option<&str>,
    ) -> Vec<TokenStream> {
        let model = self.context.model;
        let mut methods = Vec::new();
        let mut scope = Scope::with_reserved(&["list", "get", "update", "delete", "create"]);
        for append in self.context.settings_append {
            scope.claim(append.method.clone());
        }
        let params = key.map(|k| k.params.clone()).unwrap_or_default();
        let of_item = if key.is_some() { " of one item" } else { "" };
        for owner in model.base_chain(entity) {
            let Some(structured) = model.structured(owner) else {
                continue;
            };
            for nav in &structured.navigation {
                let Target::Named(target) = nav.ty.target else {
                    continue;
                };
                // NOTE: navigation without containment (TripPin's `People('x')/Friends`)
                // gets no requests, though reading it along the path is valid OData.
                if !nav.contains_target || !model.get(target).selected {
                    continue;
                }
                let Some(target_type) = model.structured(target) else {
                    continue;
                };
                let target_name = &model.get(target).qualified_name;
                let built = if nav.ty.collection {
                    let capabilities = merge(nav.capabilities, target_type.capabilities);
                    let annotated = singleton.and_then(|name| {
                        container_path_capabilities(model, &format!("{name}/{}", nav.name))
                    });
                    let capabilities = match annotated {
                        Some(annotated) => merge(annotated, capabilities),
                        None => capabilities,
                    };
                    let summary = format!(
                        "Requests on `{}`, the contained collection of `{target_name}`{of_item}.",
                        nav.name
                    );
                    self.collection(&nav.name, target, capabilities)
                        .map(|(requests, _)| (requests, summary))
                } else {
                    let summary = format!(
                        "Requests on `{}`, the contained `{target_name}`{of_item}.",
                        nav.name
                    );
                    self.contained_single(&nav.name, target)
                        .map(|requests| (requests, summary))
                };
                let Some((requests, summary)) = built else {
                    continue;
                };
                // The owner may not be generated, so its members may have no Rust names.
                // The method is named here instead.
                let method = rust_ident(&scope.claim(naming::field_name(&nav.name)));
                let wire = &nav.name;
                let path = match key {
                    Some(key) => {
                        let segment = &key.segment;
                        quote!(::std::format!("{}{}/{}", self.path, #segment, #wire))
                    }
                    None => quote!(::std::format!("{}/{}", self.path, #wire)),
                };
                let doc = super::docs::request_docs(&nav.docs, &summary);
                methods.push(quote! {
                    #doc
                    pub fn #method(&self, #params) -> #requests<'a> {
                        #requests { client: self.client, path: #path }
                    }
                });
            }
        }
        methods
    }

    /// Emits the requests struct of a contained single entity reached at a path ending in
    /// `name`: `get`, and the methods of its own contained navigation properties. Each is
    /// emitted once per name and type, which ends the recursion for a type that contains
    /// itself.
    fn contained_single(&mut self, name: &str, entity: TypeId) -> Option<Ident> {
        let memo_key = (name.to_owned(), entity);
        if let Some((_, ident)) = self.singles.iter().find(|(k, _)| *k == memo_key) {
            return Some(ident.clone());
        }
        let model = self.context.model;
        let rt = &self.context.runtime;
        let ident = rust_ident(
            &self
                .scope
                .claim(format!("{}Requests", naming::type_name(name))),
        );
        self.singles.push((memo_key, ident.clone()));

        let methods = self.navigation_methods(entity, None, None);
        let ty = types::element(
            self.context,
            &crate::ir::TypeUse {
                target: Target::Named(entity),
                collection: false,
            },
            "",
        );
        let doc = format!(
            " Requests on a contained `{}` at a path ending in `{name}`.",
            model.get(entity).qualified_name
        );
        self.items.push(quote! {
            #[doc = #doc]
            #[derive(::std::fmt::Debug, ::std::clone::Clone)]
            pub struct #ident<'a> {
                client: &'a #rt::http::Client,
                path: ::std::string::String,
            }

            impl<'a> #ident<'a> {
                /// Gets the entity.
                pub async fn get(&self) -> ::std::result::Result<#ty, #rt::http::Error> {
                    self.client.get(&self.path, &#rt::http::Query::new()).await
                }

                #(#methods)*
            }
        });
        Some(ident)
    }

    fn append_method(
        &self,
        method: &str,
        property: &Property,
        params: &TokenStream,
        segment: &TokenStream,
    ) -> TokenStream {
        let rt = &self.context.runtime;
        let method = rust_ident(method);
        let element = types::element(self.context, &property.ty, "");
        let wire = &property.name;
        let doc =
            format!(" Appends an item to `{wire}` with POST and returns the whole collection.");
        quote! {
            #[doc = #doc]
            pub async fn #method(
                &self,
                #params,
                item: &#element,
            ) -> ::std::result::Result<::std::vec::Vec<#element>, #rt::http::Error> {
                let path = ::std::format!("{}{}/{}", self.path, #segment, #wire);
                let collection: #rt::http::Collection<#element> = self.client.post(&path, item).await?;
                ::std::result::Result::Ok(collection.value)
            }
        }
    }

    fn get_builder(
        &self,
        ident: &Ident,
        item: &TokenStream,
        typed: &TypedNames,
        capabilities: Capabilities,
        entity_name: &str,
    ) -> TokenStream {
        let rt = &self.context.runtime;
        let property = &typed.property;
        let select = (capabilities.selectable != Some(false)).then(|| quote! {
            /// Sets `$select`: only these properties are returned.
            pub fn select(mut self, properties: impl ::std::iter::IntoIterator<Item = #property>) -> Self {
                self.query = self.query.select(properties.into_iter().map(#property::name));
                self
            }
        });
        let expand = (capabilities.expandable != Some(false)).then(expand_method);
        let doc = format!(" A request for one `{entity_name}`; `send` runs it.");
        quote! {
            #[doc = #doc]
            #[derive(::std::fmt::Debug, ::std::clone::Clone)]
            #[must_use = "a request does nothing until it is sent"]
            pub struct #ident<'a> {
                client: &'a #rt::http::Client,
                path: ::std::string::String,
                query: #rt::http::Query,
            }

            impl<'a> #ident<'a> {
                #select
                #expand

                /// Sends the request and decodes the item.
                pub async fn send(self) -> ::std::result::Result<#item, #rt::http::Error> {
                    self.client.get(&self.path, &self.query).await
                }
            }
        }
    }

    fn list_builder(
        &self,
        ident: &Ident,
        item: &TokenStream,
        typed: &TypedNames,
        capabilities: Capabilities,
        entity_name: &str,
    ) -> TokenStream {
        let rt = &self.context.runtime;
        let property = &typed.property;
        let mut options = Vec::new();
        if capabilities.filterable != Some(false) {
            let filter = &typed.filter;
            let doc = format!(" Sets `$filter`, built with [`{filter}`] or given as a raw string.");
            options.push(quote! {
                #[doc = #doc]
                pub fn filter(mut self, filter: impl ::std::convert::Into<#rt::filter::Filter>) -> Self {
                    self.query = self.query.filter(::std::string::String::from(filter.into()));
                    self
                }
            });
        }
        if capabilities.selectable != Some(false) {
            options.push(quote! {
                /// Sets `$select`: only these properties are returned.
                pub fn select(mut self, properties: impl ::std::iter::IntoIterator<Item = #property>) -> Self {
                    self.query = self.query.select(properties.into_iter().map(#property::name));
                    self
                }
            });
        }
        if capabilities.expandable != Some(false) {
            options.push(expand_method());
        }
        if capabilities.sortable != Some(false) {
            let doc = format!(
                " Sets `$orderby` from [`{property}::asc`] and [`{property}::desc`] items."
            );
            options.push(quote! {
                #[doc = #doc]
                pub fn orderby(mut self, items: impl ::std::iter::IntoIterator<Item = #rt::filter::OrderBy>) -> Self {
                    self.query = self.query.orderby(items.into_iter().map(|item| item.to_string()));
                    self
                }
            });
        }
        if capabilities.top != Some(false) {
            options.push(quote! {
                /// Sets `$top`, which Microsoft Graph reads as the page size: a page contains at
                /// most this many items, and `@odata.nextLink` leads to the rest, which
                /// `stream` follows. Cap the total with `StreamExt::take`.
                pub fn top(mut self, count: u32) -> Self {
                    self.query = self.query.top(count);
                    self
                }
            });
        }
        if capabilities.skip != Some(false) {
            options.push(quote! {
                /// Sets `$skip`: leave out this many items first.
                pub fn skip(mut self, count: u32) -> Self {
                    self.query = self.query.skip(count);
                    self
                }
            });
        }
        if capabilities.countable != Some(false) {
            options.push(quote! {
                /// Sets `$count`, so each page carries the total in `Page::count`.
                pub fn count(mut self, include: bool) -> Self {
                    self.query = self.query.count(include);
                    self
                }
            });
        }
        if capabilities.searchable == Some(true) {
            options.push(quote! {
                /// Sets `$search`.
                pub fn search(mut self, expression: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.query = self.query.param("$search", expression);
                    self
                }
            });
        }
        let doc =
            format!(" A request that lists `{entity_name}` items; `stream` or `pages` runs it.");
        quote! {
            #[doc = #doc]
            #[derive(::std::fmt::Debug, ::std::clone::Clone)]
            #[must_use = "a request does nothing until it is streamed or paged"]
            pub struct #ident<'a> {
                client: &'a #rt::http::Client,
                path: ::std::string::String,
                query: #rt::http::Query,
            }

            impl<'a> #ident<'a> {
                #(#options)*

                /// Returns every item across pages, following `@odata.nextLink` and holding
                /// one page in memory. An item that fails to decode is an `Err` item with
                /// its JSON path, and the stream goes on.
                pub fn stream(self) -> #rt::http::ItemStream<#item> {
                    self.client.list(&self.path, &self.query)
                }

                /// Returns a pager that fetches one page at a time, with its count and
                /// next link.
                pub fn pages(self) -> #rt::http::Pager<#item> {
                    self.client.pages(&self.path, &self.query)
                }
            }
        }
    }

    /// Emits, once per entity type, the property enum, the filter fields and the update
    /// type, and returns their names.
    fn typed_names(&mut self, entity: TypeId) -> TypedNames {
        if let Some((_, names)) = self.typed.iter().find(|(id, _)| *id == entity) {
            return names.clone();
        }
        let model = self.context.model;
        let base = naming::type_name(&model.get(entity).name);
        let names = TypedNames {
            property: rust_ident(&self.scope.claim(format!("{base}Property"))),
            filter: rust_ident(&self.scope.claim(format!("{base}Filter"))),
            update: rust_ident(&self.scope.claim(format!("{base}Update"))),
        };
        let properties: Vec<&Property> = model
            .all_properties(entity)
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        let key = key_names(model, entity).unwrap_or_default();
        self.items.push(property_enum(
            self.context,
            &names.property,
            &properties,
            &model.get(entity).qualified_name,
        ));
        self.items.push(filter_fields(
            self.context,
            &names.filter,
            &properties,
            &model.get(entity).qualified_name,
        ));
        self.items.push(update_type(
            self.context,
            &names.update,
            &properties,
            &key,
            &model.get(entity).qualified_name,
        ));
        self.typed.push((entity, names.clone()));
        names
    }
}

fn expand_method() -> TokenStream {
    quote! {
        /// Sets `$expand`: related entities to include, by navigation property name.
        pub fn expand<I>(mut self, properties: I) -> Self
        where
            I: ::std::iter::IntoIterator,
            I::Item: ::std::convert::AsRef<str>,
        {
            self.query = self.query.expand(properties);
            self
        }
    }
}

/// Capabilities annotated on `path` below the container, such as `security/alerts_v2`.
fn container_path_capabilities(model: &crate::ir::Model, path: &str) -> Option<Capabilities> {
    model
        .container
        .as_ref()?
        .path_capabilities
        .get(path)
        .copied()
}

/// Capabilities of a navigation property, falling back to those of its target type.
fn merge(nav: Capabilities, target: Capabilities) -> Capabilities {
    Capabilities {
        countable: nav.countable.or(target.countable),
        filterable: nav.filterable.or(target.filterable),
        selectable: nav.selectable.or(target.selectable),
        expandable: nav.expandable.or(target.expandable),
        searchable: nav.searchable.or(target.searchable),
        sortable: nav.sortable.or(target.sortable),
        top: nav.top.or(target.top),
        skip: nav.skip.or(target.skip),
        insertable: nav.insertable.or(target.insertable),
        updatable: nav.updatable.or(target.updatable),
        deletable: nav.deletable.or(target.deletable),
    }
}

/// The key parameters of an entity type: the parameter list of keyed methods and the
/// expression that formats the path suffix from them.
struct KeyParam {
    params: TokenStream,
    segment: TokenStream,
}

/// Returns the key property names of an entity type, declared on the type itself or
/// inherited from the nearest base type that declares one:
///
/// ```xml
/// <EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id" /></Key></EntityType>
/// <EntityType Name="alert" BaseType="microsoft.graph.entity" />
/// ```
///
/// gives `["id"]` for `alert`.
fn key_names(model: &crate::ir::Model, entity: TypeId) -> Option<Vec<String>> {
    model.base_chain(entity).iter().rev().find_map(|&t| {
        let key = &model.structured(t)?.key;
        (!key.is_empty()).then(|| key.clone())
    })
}

/// Returns the key parameters of an entity type whose key properties are all strings,
/// integers or GUIDs; other keys get no keyed operations. A compound key, such as
///
/// ```xml
/// <Key><PropertyRef Name="OrderID" /><PropertyRef Name="ProductID" /></Key>
/// ```
///
/// is addressed as `(OrderID=1,ProductID=2)`, or as `/1/2` when keys are path segments.
fn entity_key(context: &Context, entity: TypeId) -> Option<KeyParam> {
    let model = context.model;
    let key = key_names(model, entity)?;
    let properties = model.all_properties(entity);
    let mut params = Vec::new();
    let mut values = Vec::new();
    let mut pieces = Vec::new();
    // The keyed methods take other parameters and bind locals of these names.
    let mut param_names = Scope::with_reserved(&["changes", "item", "path"]);
    for name in &key {
        let (_, property) = properties.iter().find(|(_, p)| &p.name == name)?;
        let (param, ty, value, quoted) = key_part(context, property, &mut param_names)?;
        params.push(quote!(#param: #ty));
        values.push(value);
        let placeholder = if quoted { "'{}'" } else { "{}" };
        pieces.push(match key.len() {
            1 => placeholder.to_owned(),
            _ => format!("{name}={placeholder}"),
        });
    }
    let format = if context.key_as_segment {
        "/{}".repeat(values.len())
    } else {
        format!("({})", pieces.join(","))
    };
    Some(KeyParam {
        params: quote!(#(#params),*),
        segment: quote!(::std::format!(#format, #(#values),*)),
    })
}

/// Converts one key property into a parameter: its name, Rust type, the expression that
/// formats it for the path, and whether it goes in quotes (strings, in the parenthesized
/// form).
fn key_part(
    context: &Context,
    property: &Property,
    param_names: &mut Scope,
) -> Option<(Ident, TokenStream, TokenStream, bool)> {
    let param = rust_ident(&param_names.claim(property.rust_name.clone()));
    let rt = &context.runtime;
    let as_segment = context.key_as_segment;
    let primitive = match property.ty.target {
        Target::Primitive(p) => p,
        Target::Named(id) => match context.model.get(id).kind {
            TypeKind::Alias(p) => p,
            _ => return None,
        },
    };
    match primitive {
        Primitive::String if as_segment => {
            let value = quote!(#rt::http::encode_path_segment(#param));
            Some((param, quote!(&str), value, false))
        }
        Primitive::String => {
            let value = quote!(#rt::http::encode_path_segment(&#param.replace('\'', "''")));
            Some((param, quote!(&str), value, true))
        }
        Primitive::Int16
        | Primitive::Int32
        | Primitive::Int64
        | Primitive::Byte
        | Primitive::SByte
        | Primitive::Guid => {
            let ty = types::primitive(context, primitive);
            Some((param.clone(), ty, quote!(#param), false))
        }
        _ => None,
    }
}

/// Finds the collection property named by `qualified_property` (`namespace.type/name`)
/// when it belongs to `entity` or one of its base types.
fn append_target<'m>(
    model: &'m crate::ir::Model,
    entity: TypeId,
    qualified_property: &str,
) -> Option<&'m Property> {
    let (type_name, property) = qualified_property.split_once('/')?;
    let owner = *model.by_name.get(type_name)?;
    if !model.base_chain(entity).contains(&owner) {
        return None;
    }
    model
        .structured(owner)?
        .properties
        .iter()
        .find(|p| p.name == property && p.ty.collection)
}

fn property_enum(
    context: &Context,
    ident: &Ident,
    properties: &[&Property],
    entity_name: &str,
) -> TokenStream {
    let rt = &context.runtime;
    let mut scope = Scope::default();
    let variants: Vec<(Ident, &str)> = properties
        .iter()
        .map(|p| {
            (
                rust_ident(&scope.claim(naming::variant_name(&p.name))),
                p.name.as_str(),
            )
        })
        .collect();
    let defs = variants.iter().map(|(v, wire)| {
        let doc = format!(" `{wire}`.");
        quote! { #[doc = #doc] #v, }
    });
    let names = variants
        .iter()
        .map(|(v, wire)| quote! { Self::#v => #wire, });
    let doc = format!(" A property of `{entity_name}`, for `$select` and `$orderby`.");
    quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash, ::std::cmp::PartialOrd, ::std::cmp::Ord)]
        pub enum #ident {
            #(#defs)*
        }

        impl #ident {
            /// Returns the wire name of the property.
            pub const fn name(self) -> &'static str {
                match self {
                    #(#names)*
                }
            }

            /// Sorts by this property, smallest first.
            pub const fn asc(self) -> #rt::filter::OrderBy {
                #rt::filter::OrderBy::asc(self.name())
            }

            /// Sorts by this property, largest first.
            pub const fn desc(self) -> #rt::filter::OrderBy {
                #rt::filter::OrderBy::desc(self.name())
            }
        }
    }
}

/// Returns the filter field type of a property, or `None` when the builder cannot
/// compare it.
fn filter_field_type(context: &Context, property: &Property) -> Option<TokenStream> {
    if property.ty.collection {
        return None;
    }
    let rt = &context.runtime;
    let primitive = match property.ty.target {
        Target::Primitive(p) => p,
        Target::Named(id) => match &context.model.get(id).kind {
            TypeKind::Enum(e) if !e.is_flags => {
                let path = types::type_path(context, id, "");
                return Some(quote!(#rt::filter::Member<#path>));
            }
            TypeKind::Alias(p) => *p,
            _ => return None,
        },
    };
    match primitive {
        Primitive::String
        | Primitive::Boolean
        | Primitive::Byte
        | Primitive::SByte
        | Primitive::Int16
        | Primitive::Int32
        | Primitive::Int64
        | Primitive::Single
        | Primitive::Double
        | Primitive::DateTimeOffset
        | Primitive::Date
        | Primitive::TimeOfDay
        | Primitive::Guid => Some(types::primitive(context, primitive)),
        _ => None,
    }
}

fn filter_fields(
    context: &Context,
    ident: &Ident,
    properties: &[&Property],
    entity_name: &str,
) -> TokenStream {
    let rt = &context.runtime;
    let mut scope = Scope::default();
    let consts = properties.iter().filter_map(|p| {
        let ty = filter_field_type(context, p)?;
        let name = format_ident!(
            "{}",
            scope.claim(p.rust_name.trim_start_matches("r#").to_ascii_uppercase())
        );
        let wire = &p.name;
        let doc = format!(" `{wire}`.");
        Some(quote! {
            #[doc = #doc]
            pub const #name: #rt::filter::Field<#ty> = #rt::filter::Field::new(#wire);
        })
    });
    let doc = format!(
        " Typed `$filter` fields of `{entity_name}`, such as `{}::{}`.",
        ident,
        properties
            .iter()
            .find(|p| filter_field_type(context, p).is_some())
            .map(|p| p.rust_name.trim_start_matches("r#").to_ascii_uppercase())
            .unwrap_or_default()
    );
    quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy)]
        pub struct #ident;

        impl #ident {
            #(#consts)*
        }
    }
}

fn update_type(
    context: &Context,
    ident: &Ident,
    properties: &[&Property],
    key: &[String],
    entity_name: &str,
) -> TokenStream {
    let rt = &context.runtime;
    let updatable: Vec<&&Property> = properties
        .iter()
        .filter(|p| !key.contains(&p.name))
        .collect();
    let fields = updatable.iter().map(|p| {
        let name = rust_ident(&p.rust_name);
        let mut inner = types::element(context, &p.ty, "");
        if p.ty.collection {
            inner = if p.nullable {
                quote!(::std::vec::Vec<::std::option::Option<#inner>>)
            } else {
                quote!(::std::vec::Vec<#inner>)
            };
        }
        let doc = format!(
            " `{}`: left out, cleared with `Patch::Null`, or set.",
            p.name
        );
        quote! { #[doc = #doc] pub #name: #rt::http::Patch<#inner>, }
    });
    let entries = updatable.iter().map(|p| {
        let name = rust_ident(&p.rust_name);
        let wire = &p.name;
        quote! {
            #rt::object::write_patch(&mut map, #wire, &self.#name)?;
        }
    });
    let doc = format!(" The changes of a PATCH to a `{entity_name}`: only fields that are not `Patch::Absent` are sent.");
    quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default)]
        pub struct #ident {
            #(#fields)*
            /// Properties that the schema does not declare, sent as they are.
            pub additional_properties: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
        }

        impl ::serde::Serialize for #ident {
            fn serialize<__S>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error>
            where
                __S: ::serde::Serializer,
            {
                use ::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(::std::option::Option::None)?;
                #(#entries)*
                for (key, value) in &self.additional_properties {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}
