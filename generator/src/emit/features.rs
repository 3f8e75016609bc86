//! One Cargo feature per namespace, so a crate generated from a large service compiles
//! only the namespaces a user enables.
//!
//! A namespace's feature is named after its module path (`security`, `partners-billing`).
//! The root namespace is the `models` module itself, so its feature gates the whole
//! module with an inner `#![cfg]`, and every other namespace's feature enables it. A
//! feature also enables the features of every namespace whose types its structs name
//! (property types, including inherited ones, because structs repeat their base type's
//! fields). The variant of a polymorphic enum for a type of another namespace is gated
//! instead of counted, so the base type's namespace does not pull in every namespace
//! that derives from it. With that feature off, such an object decodes as `Unknown`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Model, Target, TypeKind};
use crate::naming::{self, Scope};

/// The feature that enables the generated client; it enables every namespace feature.
pub const CLIENT_FEATURE: &str = "client";

/// Feature names by namespace, for every namespace that has generated types.
pub fn feature_names(model: &Model) -> BTreeMap<String, String> {
    let mut scope = Scope::with_reserved(&[CLIENT_FEATURE]);
    let mut names = BTreeMap::new();
    for (name, namespace) in &model.namespaces {
        if model.types_in(name).next().is_none() {
            continue;
        }
        let wanted = if namespace.module_path.is_empty() {
            let last = name.rsplit('.').next().unwrap_or(name);
            naming::module_name(last)
        } else {
            let plain: Vec<&str> = namespace
                .module_path
                .iter()
                .map(|m| m.trim_start_matches("r#"))
                .collect();
            plain.join("-")
        };
        names.insert(
            name.clone(),
            scope.claim(wanted.trim_start_matches("r#").to_owned()),
        );
    }
    names
}

/// Returns, for each namespace, the other namespaces whose types its structs name.
pub fn dependencies(model: &Model) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let root = model
        .namespaces
        .iter()
        .find(|(name, ns)| ns.module_path.is_empty() && model.types_in(name).next().is_some())
        .map(|(name, _)| name.clone());
    for name in model.namespaces.keys() {
        let mut needed = BTreeSet::new();
        for id in model.types_in(name) {
            if !matches!(model.get(id).kind, TypeKind::Structured(_)) {
                continue;
            }
            for (_, property) in model.all_properties(id) {
                let Target::Named(target) = property.ty.target else {
                    continue;
                };
                let target = model.get(target);
                if target.selected && !matches!(target.kind, TypeKind::External) {
                    needed.insert(target.namespace.clone());
                }
            }
        }
        if let Some(root) = &root {
            // The root namespace's feature gates the `models` module that declares every
            // other namespace's module.
            needed.insert(root.clone());
        }
        needed.remove(name);
        if model.types_in(name).next().is_some() {
            out.insert(name.clone(), needed);
        }
    }
    out
}

/// Renders the `[features]` table: one feature per namespace with its dependencies, and,
/// when a client is generated, `client` with every namespace feature.
pub fn features_table(model: &Model, header: &str, with_client: bool) -> String {
    let names = feature_names(model);
    let mut out = format!("# {header}\n[features]\n");
    for (namespace, needed) in dependencies(model) {
        let enabled: Vec<String> = needed.iter().map(|n| format!("{:?}", names[n])).collect();
        let _ = writeln!(out, "# `{namespace}`");
        let _ = writeln!(out, "{} = [{}]", names[&namespace], enabled.join(", "));
    }
    if with_client {
        let all: Vec<String> = names.values().map(|n| format!("{n:?}")).collect();
        let _ = writeln!(out, "# The typed requests of the entity container.");
        let _ = writeln!(out, "{CLIENT_FEATURE} = [{}]", all.join(", "));
    }
    out
}

/// `#[cfg(feature = "...")]` for an item of `namespace` used from `from_namespace`, or
/// nothing when they are the same namespace or features are off.
pub(super) fn cfg_for(
    features: Option<&BTreeMap<String, String>>,
    namespace: &str,
    from_namespace: &str,
) -> TokenStream {
    match features.and_then(|names| names.get(namespace)) {
        Some(feature) if namespace != from_namespace => quote!(#[cfg(feature = #feature)]),
        _ => TokenStream::new(),
    }
}
