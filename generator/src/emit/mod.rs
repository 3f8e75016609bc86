//! Turns the IR into Rust token streams, one per generated file.
//!
//! Generated code names `::std` and `::serde` items by full path, because schema names
//! become arbitrary identifiers that could shadow a short name. Each IR kind has its own
//! emitter: [`structs`], [`enums`], [`polymorphic`]; [`types`] maps property types.

mod client;
mod docs;
mod enums;
pub mod features;
mod polymorphic;
mod structs;
mod types;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Model, TypeKind};

pub(crate) use types::rust_ident;

/// Paths the generated code uses to reach the runtime and the models.
#[derive(Debug, Clone)]
pub struct EmitSettings {
    /// Path of the hand-written runtime module, such as `crate::runtime`.
    pub runtime_path: String,
    /// Path of the generated models module, such as `crate::models`.
    pub models_path: String,
    /// Whether keys are addressed as a path segment (`/alerts_v2/{id}`, as Microsoft Graph
    /// does) rather than in parentheses (`/People('id')`, the OData 4.0 form).
    pub key_as_segment: bool,
    /// Collection properties that accept a POST of one item, which CSDL cannot express.
    pub append_operations: Vec<AppendOperation>,
    /// Whether each namespace's module is gated by its own Cargo feature, and the client
    /// by `client`; see [`features`] for the names and the `[features]` table.
    pub namespace_features: bool,
}

/// A collection-valued property that accepts POST to add one item, such as an alert's
/// comments (`POST /security/alerts_v2/{id}/comments`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppendOperation {
    /// `namespace.type/property`, such as `microsoft.graph.security.alert/comments`.
    pub property: String,
    /// Name of the generated method, such as `add_comment`.
    pub method: String,
}

impl Default for EmitSettings {
    fn default() -> Self {
        EmitSettings {
            runtime_path: "crate::runtime".to_owned(),
            models_path: "crate::models".to_owned(),
            key_as_segment: true,
            append_operations: Vec::new(),
            namespace_features: false,
        }
    }
}

/// A piece of one generated module file: the module header, or one type.
pub struct ModulePiece<'p> {
    /// Path below the models directory, such as `security.rs` or `mod.rs`.
    pub relative_path: &'p str,
    /// Whether this is the first piece of its file: the inner attributes and child modules.
    pub is_header: bool,
    pub tokens: TokenStream,
}

/// Emits the client module, or `None` when the container reaches no generated type.
pub fn emit_client(model: &Model, settings: &EmitSettings) -> Option<TokenStream> {
    client::emit(&Context::new(model, settings))
}

/// Emits the model types of every namespace, one file per module, and hands each file to
/// `sink` in pieces: its header first, then one piece per type.
///
/// A caller that renders each piece before the next is built keeps the tokens of only one
/// type alive. Token streams take tens of times the memory of the text they render to, so
/// emitting a 300,000-type schema as one stream needed more than 20 GB.
pub fn emit_models(model: &Model, settings: &EmitSettings, sink: &mut dyn FnMut(ModulePiece<'_>)) {
    let context = Context::new(model, settings);
    let tree = module_tree(model);
    for (path, node) in &tree {
        let relative_path = file_path(path);
        let mut header = module_header(&context, path, node);
        for child in &node.children {
            let ident = rust_ident(child);
            let doc = format!(
                " Models of the `{}` namespace.",
                node.child_namespaces[child]
            );
            let mut child_path = path.clone();
            child_path.push(child.clone());
            let cfg = match &tree[&child_path].namespace {
                Some(namespace) => features::cfg_for(context.features.as_ref(), namespace, ""),
                None => TokenStream::new(),
            };
            header.extend(quote! { #[doc = #doc] #cfg pub mod #ident; });
        }
        sink(ModulePiece {
            relative_path: &relative_path,
            is_header: true,
            tokens: header,
        });
        if let Some(namespace) = &node.namespace {
            for id in model.types_in(namespace) {
                sink(ModulePiece {
                    relative_path: &relative_path,
                    is_header: false,
                    tokens: emit_type(&context, id),
                });
            }
        }
    }
}

fn emit_type(context: &Context, id: crate::ir::TypeId) -> TokenStream {
    let model = context.model;
    match &model.get(id).kind {
        TypeKind::Structured(s) => {
            let mut tokens = structs::emit(context, id);
            if s.polymorphic_name.is_some() {
                tokens.extend(polymorphic::emit(context, id));
            }
            tokens
        }
        TypeKind::Enum(_) => enums::emit(context, id),
        TypeKind::Alias(primitive) => {
            let t = model.get(id);
            let ident = rust_ident(&t.rust_name);
            let target = types::primitive(context, *primitive);
            let doc = docs::type_docs(model, id);
            quote! { #doc pub type #ident = #target; }
        }
        TypeKind::External => TokenStream::new(),
    }
}

fn module_header(context: &Context, path: &[String], node: &ModuleNode) -> TokenStream {
    let doc = match &node.namespace {
        Some(ns) => format!(" Models of the `{ns}` namespace."),
        None if path.is_empty() => " Generated models.".to_owned(),
        None => format!(" Modules below `{}`.", path.join("::")),
    };
    // The root namespace is the `models` module itself, declared outside the generated
    // files, so its feature gates the module from inside.
    let root_cfg = match (&node.namespace, &context.features) {
        (Some(namespace), Some(names)) if path.is_empty() => {
            let feature = &names[namespace];
            quote!(#![cfg(feature = #feature)])
        }
        _ => TokenStream::new(),
    };
    quote! {
        #root_cfg
        #![doc = #doc]
        #![allow(
            deprecated,
            non_camel_case_types,
            non_snake_case,
            unreachable_patterns,
            clippy::all,
            clippy::pedantic,
            rustdoc::bare_urls,
            rustdoc::broken_intra_doc_links,
            rustdoc::invalid_html_tags
        )]
    }
}

fn file_path(path: &[String]) -> String {
    if path.is_empty() {
        "mod.rs".to_owned()
    } else {
        let plain: Vec<&str> = path.iter().map(|s| s.trim_start_matches("r#")).collect();
        format!("{}.rs", plain.join("/"))
    }
}

#[derive(Default)]
struct ModuleNode {
    namespace: Option<String>,
    children: Vec<String>,
    child_namespaces: BTreeMap<String, String>,
}

/// Builds the module tree: one node per module path, including modules that exist only to
/// hold child modules.
fn module_tree(model: &Model) -> BTreeMap<Vec<String>, ModuleNode> {
    let mut tree: BTreeMap<Vec<String>, ModuleNode> = BTreeMap::new();
    tree.entry(Vec::new()).or_default();
    for (name, namespace) in &model.namespaces {
        if model.types_in(name).next().is_none() {
            continue;
        }
        let path = namespace.module_path.clone();
        tree.entry(path.clone()).or_default().namespace = Some(name.clone());
        for depth in 0..path.len() {
            let parent = path[..depth].to_vec();
            let child = path[depth].clone();
            let described = if depth + 1 == path.len() {
                name.clone()
            } else {
                child.clone()
            };
            let node = tree.entry(parent).or_default();
            if !node.children.contains(&child) {
                node.children.push(child.clone());
                node.child_namespaces.insert(child, described);
            }
            tree.entry(path[..=depth].to_vec()).or_default();
        }
    }
    tree
}

/// Shared state of the emitters.
pub(crate) struct Context<'a> {
    pub model: &'a Model,
    pub runtime: TokenStream,
    pub models: TokenStream,
    pub key_as_segment: bool,
    pub settings_append: &'a [AppendOperation],
    /// Feature names by namespace, when [`EmitSettings::namespace_features`] is set.
    pub features: Option<BTreeMap<String, String>>,
}

impl<'a> Context<'a> {
    fn new(model: &'a Model, settings: &'a EmitSettings) -> Self {
        let runtime = settings
            .runtime_path
            .parse()
            .expect("runtime path is a Rust path");
        let models = settings
            .models_path
            .parse()
            .expect("models path is a Rust path");
        Context {
            model,
            runtime,
            models,
            key_as_segment: settings.key_as_segment,
            settings_append: &settings.append_operations,
            features: settings
                .namespace_features
                .then(|| features::feature_names(model)),
        }
    }
}
