//! Turns the annotations that reach the user into [`Docs`]: descriptions and deprecations.
//!
//! Annotations come inline (an `Annotation` child of the element) or from `Annotations`
//! blocks whose `Target` names the element by path:
//!
//! ```xml
//! <Annotations Target="microsoft.graph.security.alert/category">
//!   <Annotation Term="Org.OData.Core.V1.Revisions"> ... </Annotation>
//! </Annotations>
//! ```
//!
//! Both forms are collected per target, inline ones first.

use std::collections::BTreeMap;

use super::Resolver;
use crate::csdl::{Annotation, Document, Expr, SchemaItem};
use crate::ir::{Capabilities, Deprecation, Docs, TypeKind};

const CORE: &str = "Org.OData.Core.V1";
const CAPABILITIES: &str = "Org.OData.Capabilities.V1";

/// Applies descriptions and deprecations to types, properties and enum members, and
/// capabilities to types, navigation properties and the container's entries and paths.
pub(super) fn apply(resolver: &mut Resolver, documents: &[Document]) {
    let by_target = collect(resolver, documents);
    if by_target.is_empty() {
        return;
    }
    apply_to_container(resolver, &by_target);
    for index in 0..resolver.model.types.len() {
        let qualified = resolver.model.types[index].qualified_name.clone();
        if let Some(annotations) = by_target.get(&qualified) {
            resolver.model.types[index].docs = docs_from(resolver, annotations);
            let capabilities = capabilities_from(resolver, annotations);
            if let TypeKind::Structured(s) = &mut resolver.model.types[index].kind {
                s.capabilities = capabilities;
            }
        }
        // One buffer serves every member lookup of the type, because most members
        // have no annotations and a fresh key per lookup cost an allocation each.
        let mut key = String::new();
        let mut member_docs = |name: &str| {
            by_target
                .get(member_target(&mut key, &qualified, name))
                .map(|a| docs_from(resolver, a))
        };
        let mut updates: Vec<(usize, Docs)> = Vec::new();
        let mut nav_updates: Vec<(usize, Docs, Capabilities)> = Vec::new();
        match &resolver.model.types[index].kind {
            TypeKind::Structured(s) => {
                for (i, p) in s.properties.iter().enumerate() {
                    if let Some(docs) = member_docs(&p.name) {
                        updates.push((i, docs));
                    }
                }
                let mut key = String::new();
                for (i, n) in s.navigation.iter().enumerate() {
                    if let Some(annotations) =
                        by_target.get(member_target(&mut key, &qualified, &n.name))
                    {
                        let docs = docs_from(resolver, annotations);
                        nav_updates.push((i, docs, capabilities_from(resolver, annotations)));
                    }
                }
            }
            TypeKind::Enum(e) => {
                for (i, m) in e.members.iter().enumerate() {
                    if let Some(docs) = member_docs(&m.name) {
                        updates.push((i, docs));
                    }
                }
            }
            TypeKind::Alias(_) | TypeKind::External => {}
        }
        match &mut resolver.model.types[index].kind {
            TypeKind::Structured(s) => {
                for (i, docs) in updates {
                    s.properties[i].docs = docs;
                }
                for (i, docs, capabilities) in nav_updates {
                    s.navigation[i].docs = docs;
                    s.navigation[i].capabilities = capabilities;
                }
            }
            TypeKind::Enum(e) => {
                for (i, docs) in updates {
                    e.members[i].docs = docs;
                }
            }
            TypeKind::Alias(_) | TypeKind::External => {}
        }
    }
}

/// Applies annotations whose target is the container's path to an entry, or a longer
/// path through an entry:
///
/// ```xml
/// <Annotations Target="microsoft.graph.GraphService/users"> ... </Annotations>
/// <Annotations Target="microsoft.graph.GraphService/security/alerts_v2"> ... </Annotations>
/// ```
fn apply_to_container(resolver: &mut Resolver, by_target: &BTreeMap<String, Vec<&Annotation>>) {
    let Some(container) = &resolver.model.container else {
        return;
    };
    let prefix = format!("{}.{}/", container.namespace, container.name);
    let mut entries = Vec::new();
    let mut paths = BTreeMap::new();
    for (target, annotations) in by_target.range(prefix.clone()..) {
        let Some(path) = target.strip_prefix(&prefix) else {
            break;
        };
        match container.entity_sets.iter().position(|e| e.name == path) {
            Some(index) => entries.push((
                index,
                docs_from(resolver, annotations),
                capabilities_from(resolver, annotations),
            )),
            None => {
                let capabilities = capabilities_from(resolver, annotations);
                if capabilities != Capabilities::default() {
                    paths.insert(path.to_owned(), capabilities);
                }
            }
        }
    }
    let Some(container) = &mut resolver.model.container else {
        return;
    };
    for (index, docs, capabilities) in entries {
        container.entity_sets[index].docs = docs;
        container.entity_sets[index].capabilities = capabilities;
    }
    container.path_capabilities = paths;
}

/// Writes the target path `qualified/member` into `buffer` and returns it.
fn member_target<'b>(buffer: &'b mut String, qualified: &str, member: &str) -> &'b str {
    buffer.clear();
    buffer.push_str(qualified);
    buffer.push('/');
    buffer.push_str(member);
    buffer
}

/// Groups every annotation by the qualified path of the element it applies to.
fn collect<'d>(
    resolver: &Resolver,
    documents: &'d [Document],
) -> BTreeMap<String, Vec<&'d Annotation>> {
    let mut by_target: BTreeMap<String, Vec<&'d Annotation>> = BTreeMap::new();
    for document in documents {
        for schema in &document.schemas {
            for item in &schema.items {
                let qualified = format!("{}.{}", schema.namespace, item.name());
                // The target path is built only for an element that has annotations,
                // because most members have none.
                let mut add = |member: Option<&str>, annotations: &'d [Annotation]| {
                    if annotations.is_empty() {
                        return;
                    }
                    let target = match member {
                        Some(member) => format!("{qualified}/{member}"),
                        None => qualified.clone(),
                    };
                    by_target.entry(target).or_default().extend(annotations);
                };
                match item {
                    SchemaItem::EntityType(t) | SchemaItem::ComplexType(t) => {
                        add(None, &t.annotations);
                        for p in &t.properties {
                            add(Some(&p.name), &p.annotations);
                        }
                        for n in &t.navigation_properties {
                            add(Some(&n.name), &n.annotations);
                        }
                    }
                    SchemaItem::EnumType(e) => {
                        add(None, &e.annotations);
                        for m in &e.members {
                            add(Some(&m.name), &m.annotations);
                        }
                    }
                    SchemaItem::TypeDefinition(d) => add(None, &d.annotations),
                    SchemaItem::EntityContainer(c) => {
                        for set in &c.entity_sets {
                            add(Some(&set.name), &set.annotations);
                        }
                        for singleton in &c.singletons {
                            add(Some(&singleton.name), &singleton.annotations);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    for document in documents {
        for schema in &document.schemas {
            for block in &schema.annotation_blocks {
                if block.qualifier.is_some() {
                    continue; // qualified blocks apply to one audience, not to the docs
                }
                let (head, rest) = match block.target.split_once('/') {
                    Some((head, rest)) => (head, Some(rest)),
                    None => (block.target.as_str(), None),
                };
                let head = resolver.qualify(head).unwrap_or_else(|| head.to_owned());
                let target = match rest {
                    Some(rest) => format!("{head}/{rest}"),
                    None => head,
                };
                by_target
                    .entry(target)
                    .or_default()
                    .extend(&block.annotations);
            }
        }
    }
    by_target
}

fn docs_from(resolver: &Resolver, annotations: &[&Annotation]) -> Docs {
    let mut docs = Docs::default();
    for annotation in annotations {
        if annotation.qualifier.is_some() {
            continue;
        }
        let term = resolver
            .qualify(&annotation.term)
            .unwrap_or_else(|| annotation.term.clone());
        let Some(local) = term.strip_prefix(CORE).and_then(|t| t.strip_prefix('.')) else {
            continue;
        };
        match (local, &annotation.value) {
            ("Description", Some(Expr::String(text))) => {
                docs.description.get_or_insert_with(|| text.clone());
            }
            ("LongDescription", Some(Expr::String(text))) => {
                docs.long_description.get_or_insert_with(|| text.clone());
            }
            ("Revisions", Some(Expr::Collection(revisions))) => {
                docs.deprecated = docs.deprecated.or_else(|| deprecation(resolver, revisions));
            }
            _ => {}
        }
    }
    docs
}

/// Finds the first revision of kind `Deprecated` in a `Core.Revisions` collection.
fn deprecation(resolver: &Resolver, revisions: &[Expr]) -> Option<Deprecation> {
    revisions.iter().find_map(|revision| {
        let Expr::Record(record) = revision else {
            return None;
        };
        let field = |name: &str| record.properties.iter().find(|p| p.property == name);
        let kind = match &field("Kind")?.value {
            Expr::EnumMember(member) => member.clone(),
            Expr::String(member) => member.clone(),
            _ => return None,
        };
        let kind_local = kind.rsplit('/').next().unwrap_or(&kind);
        let qualified = kind.split_once('/').and_then(|(t, _)| resolver.qualify(t));
        let is_core_kind = qualified
            .as_deref()
            .unwrap_or(kind.as_str())
            .contains("RevisionKind");
        if kind_local != "Deprecated" || !is_core_kind {
            return None;
        }
        let text = |name: &str| match field(name).map(|p| &p.value) {
            Some(Expr::String(s)) | Some(Expr::Date(s)) => Some(s.clone()),
            _ => None,
        };
        Some(Deprecation {
            description: text("Description"),
            date: text("Date"),
            removal_date: text("RemovalDate"),
            version: text("Version"),
        })
    })
}

/// Reads the `Capabilities` terms that say what a collection supports.
fn capabilities_from(resolver: &Resolver, annotations: &[&Annotation]) -> Capabilities {
    let mut capabilities = Capabilities::default();
    for annotation in annotations {
        if annotation.qualifier.is_some() {
            continue;
        }
        let term = resolver
            .qualify(&annotation.term)
            .unwrap_or_else(|| annotation.term.clone());
        let Some(local) = term
            .strip_prefix(CAPABILITIES)
            .and_then(|t| t.strip_prefix('.'))
        else {
            continue;
        };
        let value = annotation.value.as_ref();
        let (slot, flag) = match local {
            "CountRestrictions" => (&mut capabilities.countable, record_bool(value, "Countable")),
            "FilterRestrictions" => (
                &mut capabilities.filterable,
                record_bool(value, "Filterable"),
            ),
            "SelectSupport" => (
                &mut capabilities.selectable,
                record_bool(value, "Supported"),
            ),
            "ExpandRestrictions" => (
                &mut capabilities.expandable,
                record_bool(value, "Expandable"),
            ),
            "SearchRestrictions" => (
                &mut capabilities.searchable,
                record_bool(value, "Searchable"),
            ),
            "SortRestrictions" => (&mut capabilities.sortable, record_bool(value, "Sortable")),
            "InsertRestrictions" => (
                &mut capabilities.insertable,
                record_bool(value, "Insertable"),
            ),
            "UpdateRestrictions" => (&mut capabilities.updatable, record_bool(value, "Updatable")),
            "DeleteRestrictions" => (&mut capabilities.deletable, record_bool(value, "Deletable")),
            // A term with no value means its default, which is true for these two.
            "TopSupported" => (&mut capabilities.top, plain_bool(value)),
            "SkipSupported" => (&mut capabilities.skip, plain_bool(value)),
            _ => continue,
        };
        if flag.is_some() {
            *slot = flag;
        }
    }
    capabilities
}

fn record_bool(value: Option<&Expr>, property: &str) -> Option<bool> {
    let Some(Expr::Record(record)) = value else {
        return None;
    };
    record
        .properties
        .iter()
        .find(|p| p.property == property)
        .and_then(|p| match p.value {
            Expr::Bool(b) => Some(b),
            _ => None,
        })
}

fn plain_bool(value: Option<&Expr>) -> Option<bool> {
    match value {
        None => Some(true),
        Some(Expr::Bool(b)) => Some(*b),
        _ => None,
    }
}
