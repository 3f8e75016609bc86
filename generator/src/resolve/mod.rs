//! Lowers raw CSDL documents into the [`Model`] and binds every name.
//!
//! The first steps declare namespaces, aliases and types, bind references (base types,
//! property types, navigation targets, enum values) and check base-type cycles. They all
//! report into one list, so one run shows every problem. The later steps index derived
//! types, select the closure of the roots and assign Rust names.

mod annotations;
mod names;
mod select;

use std::collections::BTreeMap;

use crate::csdl::{self, Document, SchemaItem, Span};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ir::{
    Container, EntrySet, EnumMember, EnumType, Model, Namespace, NavigationProperty, Primitive,
    Property, StructuredType, Target, TypeDef, TypeId, TypeKind, TypeUse, EDM_NAMES,
};

pub use select::Selection;

/// The maximum number of members of a base-type cycle that its diagnostic names.
const MAX_CYCLE_NAMES: usize = 8;

/// The maximum length of a chain of base types, counting the type at its end.
///
/// Every struct repeats the properties of its base types and every polymorphic enum lists
/// all derived types, so generated code grows with the square of the chain length: a
/// 10,000-type chain would emit tens of millions of fields. Real metadata stays far below
/// this limit (Microsoft Graph v1.0 nests about five levels).
pub const MAX_BASE_DEPTH: usize = 64;

/// Resolves `documents` into a model, selecting the types `selection` names.
pub fn resolve(documents: &[Document], selection: &Selection) -> Result<Model, Diagnostics> {
    let mut resolver = Resolver::default();
    // Declaring and binding report into one phase: a duplicate or unknown name does not
    // stop the other checks, so one run lists every problem of the schema.
    resolver.declare_namespaces(documents);
    resolver.declare_types(documents);
    resolver.bind_types(documents);
    resolver.bind_container(documents);
    resolver.check_base_cycles();
    resolver.finish_phase()?;
    resolver.check_base_depth();
    resolver.finish_phase()?;

    resolver.index_derived();
    annotations::apply(&mut resolver, documents);
    select::select(&mut resolver, selection);
    resolver.finish_phase()?;

    names::assign(&mut resolver.model, selection.root_namespace.as_deref());
    Ok(resolver.model)
}

#[derive(Default)]
pub(crate) struct Resolver {
    pub(crate) model: Model,
    pub(crate) diagnostics: Diagnostics,
    /// Alias or namespace to namespace, for every schema and referenced include.
    qualifiers: BTreeMap<String, String>,
    /// Namespaces that an `edmx:Include` names, with the URI of the referenced document.
    included: BTreeMap<String, String>,
}

impl Resolver {
    fn finish_phase(&mut self) -> Result<(), Diagnostics> {
        if self.diagnostics.is_empty() {
            Ok(())
        } else {
            Err(std::mem::take(&mut self.diagnostics))
        }
    }

    fn error(&mut self, span: Span, path: impl Into<String>, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(span, path, message));
    }

    /// Records every namespace and alias; an alias may be used anywhere in the documents.
    fn declare_namespaces(&mut self, documents: &[Document]) {
        let mut alias_spans: BTreeMap<String, (String, Span)> = BTreeMap::new();
        let mut declare_alias = |this: &mut Self, alias: &str, namespace: &str, span: Span| {
            if let Some((other, _)) = alias_spans.get(alias) {
                if other != namespace {
                    let message =
                        format!("alias `{alias}` is declared for both `{other}` and `{namespace}`");
                    this.diagnostics.push(
                        Diagnostic::new(span, namespace, message)
                            .with_hint("give each namespace its own alias"),
                    );
                }
                return;
            }
            alias_spans.insert(alias.to_owned(), (namespace.to_owned(), span));
        };

        for document in documents {
            for reference in &document.references {
                for include in &reference.includes {
                    if let Some(alias) = &include.alias {
                        declare_alias(self, alias, &include.namespace, include.span);
                    }
                    self.qualifiers
                        .insert(include.namespace.clone(), include.namespace.clone());
                    self.included
                        .entry(include.namespace.clone())
                        .or_insert_with(|| reference.uri.clone());
                }
            }
            for schema in &document.schemas {
                if self.model.namespaces.contains_key(&schema.namespace) {
                    let message = format!(
                        "namespace `{}` is declared by two schemas",
                        schema.namespace
                    );
                    self.error(schema.span, schema.namespace.clone(), message);
                    continue;
                }
                self.model.namespaces.insert(
                    schema.namespace.clone(),
                    Namespace {
                        name: schema.namespace.clone(),
                        alias: schema.alias.clone(),
                        module_path: Vec::new(),
                    },
                );
                self.qualifiers
                    .insert(schema.namespace.clone(), schema.namespace.clone());
                if let Some(alias) = &schema.alias {
                    declare_alias(self, alias, &schema.namespace, schema.span);
                }
            }
        }

        for (alias, (namespace, span)) in alias_spans {
            if self.qualifiers.get(&alias).is_some_and(|ns| ns == &alias) {
                let message = format!("alias `{alias}` of `{namespace}` equals a namespace name");
                self.diagnostics.push(
                    Diagnostic::new(span, namespace, message)
                        .with_hint("an alias must differ from every namespace in the document"),
                );
                continue;
            }
            self.qualifiers.insert(alias, namespace);
        }
    }

    /// Puts every type of every schema into the arena, unbound.
    fn declare_types(&mut self, documents: &[Document]) {
        for document in documents {
            for schema in &document.schemas {
                for item in &schema.items {
                    let kind = match item {
                        SchemaItem::EntityType(t) | SchemaItem::ComplexType(t) => {
                            TypeKind::Structured(StructuredType {
                                is_entity: matches!(item, SchemaItem::EntityType(_)),
                                is_abstract: t.is_abstract,
                                is_open: t.open_type,
                                ..StructuredType::default()
                            })
                        }
                        SchemaItem::EnumType(_) => TypeKind::Enum(EnumType::default()),
                        SchemaItem::TypeDefinition(_) => TypeKind::Alias(Primitive::String),
                        _ => continue,
                    };
                    let name = item.name().to_owned();
                    let qualified_name = format!("{}.{name}", schema.namespace);
                    let path = format!("{}/{}[{name}]", schema.namespace, item.kind());
                    if self.model.by_name.contains_key(&qualified_name) {
                        let message = format!("type `{qualified_name}` is declared twice");
                        self.error(item.span(), path, message);
                        continue;
                    }
                    let id = TypeId(self.model.types.len() as u32);
                    self.model.by_name.insert(qualified_name.clone(), id);
                    self.model.types.push(TypeDef {
                        name,
                        namespace: schema.namespace.clone(),
                        qualified_name,
                        rust_name: String::new(),
                        docs: Default::default(),
                        kind,
                        selected: true,
                        span: item.span(),
                        path,
                    });
                }
            }
        }
    }

    /// Returns the namespace-qualified form of `name`, resolving an alias qualifier.
    pub(crate) fn qualify(&self, name: &str) -> Option<String> {
        let (qualifier, local) = name.rsplit_once('.')?;
        let namespace = self.qualifiers.get(qualifier)?;
        Some(format!("{namespace}.{local}"))
    }

    /// Looks up a declared type by a name as written, in alias or namespace form.
    fn lookup(&self, name: &str) -> Option<TypeId> {
        let qualified = self.qualify(name)?;
        self.model.by_name.get(&qualified).copied()
    }

    /// Looks up a type like [`Resolver::lookup`], but a name in a namespace that an
    /// `edmx:Include` names and no input declares becomes an [`TypeKind::External`] type.
    /// People.xml of the OData samples does this:
    ///
    /// ```xml
    /// <edmx:Reference Uri="./Products.xml"><edmx:Include Namespace="ProductService" /></edmx:Reference>
    /// <NavigationProperty Name="Products" Type="Collection(ProductService.Product)" />
    /// ```
    fn lookup_or_external(&mut self, name: &str, span: Span) -> Option<TypeId> {
        if let Some(id) = self.lookup(name) {
            return Some(id);
        }
        let qualified = self.qualify(name)?;
        let (namespace, local) = qualified.rsplit_once('.')?;
        if self.model.namespaces.contains_key(namespace) || !self.included.contains_key(namespace) {
            return None;
        }
        let id = TypeId(self.model.types.len() as u32);
        self.model.by_name.insert(qualified.clone(), id);
        self.model.types.push(TypeDef {
            name: local.to_owned(),
            namespace: namespace.to_owned(),
            qualified_name: qualified.clone(),
            rust_name: String::new(),
            docs: Default::default(),
            kind: TypeKind::External,
            selected: false,
            span,
            path: format!("{namespace}/{local}"),
        });
        Some(id)
    }

    /// Builds the "not found" diagnostic for a type name, suggesting the closest names.
    fn unknown_type(&mut self, span: Span, path: &str, name: &str, what: &str) {
        let message = if name.starts_with("Edm.") {
            format!("unknown primitive type `{name}` in {what}")
        } else if name
            .rsplit_once('.')
            .is_some_and(|(q, _)| !self.qualifiers.contains_key(q))
        {
            let qualifier = name.rsplit_once('.').map(|(q, _)| q).unwrap_or_default();
            format!("type `{name}` in {what} uses undeclared namespace or alias `{qualifier}`")
        } else {
            format!("type `{name}` in {what} is not declared")
        };
        let mut diagnostic = Diagnostic::new(span, path, message);
        let included = self
            .qualify(name)
            .and_then(|q| q.rsplit_once('.').map(|(ns, _)| ns.to_owned()))
            .and_then(|ns| self.included.get(&ns).map(|uri| (ns, uri.clone())));
        if let Some((namespace, uri)) = included {
            let hint = format!("`{namespace}` is included from `{uri}`; pass that document too");
            self.diagnostics.push(diagnostic.with_hint(hint));
            return;
        }
        let suggestions = if name.starts_with("Edm.") {
            closest_edm_names(name, 3)
        } else {
            self.closest_names(name, 3)
        };
        if !suggestions.is_empty() {
            diagnostic = diagnostic.with_hint(format!("did you mean {}", suggestions.join(", ")));
        }
        self.diagnostics.push(diagnostic);
    }

    /// Binds a written type reference to a primitive or declared type.
    fn bind_type_ref(
        &mut self,
        type_ref: &csdl::TypeRef,
        span: Span,
        path: &str,
    ) -> Option<TypeUse> {
        let target = if let Some(primitive) = Primitive::from_edm_name(&type_ref.name) {
            Target::Primitive(primitive)
        } else if let Some(id) = self.lookup_or_external(&type_ref.name, span) {
            Target::Named(id)
        } else {
            self.unknown_type(span, path, &type_ref.name, "this property");
            return None;
        };
        Some(TypeUse {
            target,
            collection: type_ref.collection,
        })
    }

    /// Binds base types, properties, navigation properties, keys and enum members.
    fn bind_types(&mut self, documents: &[Document]) {
        for document in documents {
            for schema in &document.schemas {
                for item in &schema.items {
                    let qualified = format!("{}.{}", schema.namespace, item.name());
                    let Some(&id) = self.model.by_name.get(&qualified) else {
                        continue;
                    };
                    if self.model.get(id).span != item.span() {
                        continue; // a duplicate declaration, already reported
                    }
                    let path = self.model.get(id).path.clone();
                    match item {
                        SchemaItem::EntityType(t) | SchemaItem::ComplexType(t) => {
                            self.bind_structured(id, t, &path)
                        }
                        SchemaItem::EnumType(e) => self.bind_enum(id, e, &path),
                        SchemaItem::TypeDefinition(d) => self.bind_type_definition(id, d, &path),
                        _ => {}
                    }
                }
            }
        }
    }

    fn bind_structured(&mut self, id: TypeId, raw: &csdl::StructuredType, path: &str) {
        let is_entity = self.model.structured(id).is_some_and(|s| s.is_entity);
        let base = raw
            .base_type
            .as_ref()
            .and_then(|name| match self.lookup(name) {
                Some(base)
                    if self.model.structured(base).map(|s| s.is_entity) == Some(is_entity) =>
                {
                    Some(base)
                }
                Some(_) => {
                    let kind = if is_entity {
                        "an entity type"
                    } else {
                        "a complex type"
                    };
                    let message = format!("base type `{name}` is not {kind}");
                    self.error(raw.span, path, message);
                    None
                }
                None => {
                    self.unknown_type(raw.span, path, name, "`BaseType`");
                    None
                }
            });

        let mut properties = Vec::new();
        let mut seen = BTreeMap::new();
        for p in &raw.properties {
            let property_path = format!("{path}/Property[{}]", p.name);
            if let Some(previous) = seen.insert(p.name.clone(), p.span) {
                let message = format!(
                    "property `{}` is declared twice (first at line {})",
                    p.name, previous.line
                );
                self.error(p.span, property_path, message);
                continue;
            }
            let Some(ty) = self.bind_type_ref(&p.type_ref, p.span, &property_path) else {
                continue;
            };
            if let Target::Named(target) = ty.target {
                if self.model.structured(target).is_some_and(|s| s.is_entity) {
                    let message = format!(
                        "structural property `{}` has entity type `{}`",
                        p.name, p.type_ref.name
                    );
                    self.diagnostics.push(
                        Diagnostic::new(p.span, property_path, message)
                            .with_hint("use a `NavigationProperty` for entity-typed values"),
                    );
                    continue;
                }
            }
            // CSDL: `Nullable` defaults to true. On a collection it says whether items may
            // be null; a collection itself is never null, only empty or absent.
            // NOTE: an unset `Nullable` on a collection is read as false, unlike that
            // default, so `Collection(Edm.String)` becomes `Vec<String>` and a null item
            // fails the decoding of the object around it, with the item's path.
            let nullable = if ty.collection {
                p.facets.nullable == Some(true)
            } else {
                p.facets.nullable != Some(false)
            };
            properties.push(Property {
                name: p.name.clone(),
                rust_name: String::new(),
                ty,
                nullable,
                boxed: false,
                docs: Default::default(),
                span: p.span,
            });
        }

        let mut navigation = Vec::new();
        let mut seen_navigation = BTreeMap::new();
        for n in &raw.navigation_properties {
            let nav_path = format!("{path}/NavigationProperty[{}]", n.name);
            if let Some(previous) = seen_navigation.insert(n.name.clone(), n.span) {
                let message = format!(
                    "navigation property `{}` is declared twice (first at line {})",
                    n.name, previous.line
                );
                self.error(n.span, nav_path, message);
                continue;
            }
            if let Some(previous) = seen.get(&n.name) {
                let message = format!(
                    "navigation property `{}` reuses a property name (first at line {})",
                    n.name, previous.line
                );
                self.error(n.span, nav_path, message);
                continue;
            }
            let Some(target) = self.lookup_or_external(&n.type_ref.name, n.span) else {
                self.unknown_type(
                    n.span,
                    &nav_path,
                    &n.type_ref.name,
                    "this navigation property",
                );
                continue;
            };
            let external = matches!(self.model.get(target).kind, TypeKind::External);
            if !external && !self.model.structured(target).is_some_and(|s| s.is_entity) {
                let message = format!(
                    "navigation property `{}` targets `{}`, which is not an entity type",
                    n.name, n.type_ref.name
                );
                self.error(n.span, nav_path, message);
                continue;
            }
            navigation.push(NavigationProperty {
                name: n.name.clone(),
                rust_name: String::new(),
                ty: TypeUse {
                    target: Target::Named(target),
                    collection: n.type_ref.collection,
                },
                nullable: n.nullable != Some(false),
                contains_target: n.contains_target,
                capabilities: Default::default(),
                docs: Default::default(),
                span: n.span,
            });
        }

        let key = raw
            .key
            .as_ref()
            .map(|k| k.property_refs.iter().map(|r| r.name.clone()).collect())
            .unwrap_or_default();
        if let Some(k) = &raw.key {
            let mut seen_key: BTreeMap<&str, Span> = BTreeMap::new();
            for r in &k.property_refs {
                let name = r.alias.as_deref().unwrap_or(&r.name);
                if let Some(previous) = seen_key.insert(name, r.span) {
                    let message = format!(
                        "key property `{name}` is listed twice (first at line {})",
                        previous.line
                    );
                    self.error(r.span, format!("{path}/Key"), message);
                }
                let first_segment = r.name.split('/').next().unwrap_or_default();
                if !raw.properties.iter().any(|p| p.name == first_segment) && base.is_none() {
                    let message = format!("key property `{}` is not declared", r.name);
                    self.error(r.span, format!("{path}/Key"), message);
                }
            }
        }

        if let TypeKind::Structured(s) = &mut self.model.types[id.0 as usize].kind {
            s.base = base;
            s.properties = properties;
            s.navigation = navigation;
            s.key = key;
        }
    }

    fn bind_enum(&mut self, id: TypeId, raw: &csdl::EnumType, path: &str) {
        let underlying = match raw.underlying_type.as_deref() {
            None => Primitive::Int32,
            Some(name) => match Primitive::from_edm_name(name) {
                Some(p) if p.integer_range().is_some() => p,
                _ => {
                    let message = format!("enum underlying type `{name}` is not an integer type");
                    self.diagnostics.push(
                        Diagnostic::new(raw.span, path, message).with_hint(
                            "use Edm.Byte, Edm.SByte, Edm.Int16, Edm.Int32 or Edm.Int64",
                        ),
                    );
                    Primitive::Int32
                }
            },
        };
        let (min, max) = underlying.integer_range().unwrap_or((i64::MIN, i64::MAX));

        let mut members = Vec::new();
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        for (index, m) in raw.members.iter().enumerate() {
            let member_path = format!("{path}/Member[{}]", m.name);
            if let Some(previous) = seen.insert(&m.name, m.span) {
                let message = format!(
                    "member `{}` is declared twice (first at line {})",
                    m.name, previous.line
                );
                self.error(m.span, member_path, message);
                continue;
            }
            let value = match &m.value {
                None if raw.is_flags => {
                    let message = format!("member `{}` of a flags enum has no `Value`", m.name);
                    self.error(m.span, member_path, message);
                    continue;
                }
                None => index as i64,
                Some(text) => match text.trim().parse::<i64>() {
                    Ok(v) if (min..=max).contains(&v) => v,
                    _ => {
                        let message = format!(
                            "value `{text}` of member `{}` does not fit `{}`",
                            m.name,
                            underlying.edm_name()
                        );
                        self.error(m.span, member_path, message);
                        continue;
                    }
                },
            };
            members.push(EnumMember {
                name: m.name.clone(),
                rust_name: String::new(),
                value,
                docs: Default::default(),
            });
        }

        if let TypeKind::Enum(e) = &mut self.model.types[id.0 as usize].kind {
            e.underlying = Some(underlying);
            e.is_flags = raw.is_flags;
            e.members = members;
        }
    }

    fn bind_type_definition(&mut self, id: TypeId, raw: &csdl::TypeDefinition, path: &str) {
        match Primitive::from_edm_name(&raw.underlying_type) {
            Some(p) => self.model.types[id.0 as usize].kind = TypeKind::Alias(p),
            None => {
                let message = format!(
                    "type definition `{}` has underlying type `{}`, which is not a primitive type",
                    raw.name, raw.underlying_type
                );
                self.error(raw.span, path, message);
            }
        }
    }

    /// Binds the first entity container's entity sets and singletons.
    fn bind_container(&mut self, documents: &[Document]) {
        for document in documents {
            for schema in &document.schemas {
                for item in &schema.items {
                    let SchemaItem::EntityContainer(c) = item else {
                        continue;
                    };
                    if self.model.container.is_some() {
                        continue;
                    }
                    let path = format!("{}/EntityContainer[{}]", schema.namespace, c.name);
                    self.check_container_names(c, &path);
                    let mut container = Container {
                        name: c.name.clone(),
                        namespace: schema.namespace.clone(),
                        entity_sets: Vec::new(),
                        path_capabilities: BTreeMap::new(),
                    };
                    let sets = c
                        .entity_sets
                        .iter()
                        .map(|s| (&s.name, &s.entity_type, s.span, false));
                    let singletons = c
                        .singletons
                        .iter()
                        .map(|s| (&s.name, &s.type_name, s.span, true));
                    for (name, type_name, span, singleton) in sets.chain(singletons) {
                        match self.lookup(type_name) {
                            Some(entity_type) => container.entity_sets.push(EntrySet {
                                name: name.clone(),
                                entity_type,
                                singleton,
                                capabilities: Default::default(),
                                docs: Default::default(),
                            }),
                            None => {
                                let set_path = format!("{path}/{name}");
                                self.unknown_type(span, &set_path, type_name, "this entity set");
                            }
                        }
                    }
                    self.model.container = Some(container);
                }
            }
        }
    }

    /// Reports a name that two children of one entity container share. Entity sets,
    /// singletons and operation imports are one namespace in CSDL, and each becomes a
    /// method of the generated client.
    fn check_container_names(&mut self, container: &csdl::EntityContainer, path: &str) {
        let sets = container.entity_sets.iter().map(|s| (&s.name, s.span));
        let singletons = container.singletons.iter().map(|s| (&s.name, s.span));
        let imports = container
            .action_imports
            .iter()
            .chain(&container.function_imports)
            .map(|i| (&i.name, i.span));
        let mut children: Vec<(&String, Span)> = sets.chain(singletons).chain(imports).collect();
        children.sort_by_key(|(_, span)| (span.line, span.column));
        let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
        let mut duplicates = Vec::new();
        for (name, span) in children {
            match seen.get(name.as_str()) {
                Some(&first) => duplicates.push((name.clone(), span, first)),
                None => {
                    seen.insert(name, span);
                }
            }
        }
        for (name, span, first) in duplicates {
            let message = format!(
                "`{name}` is declared twice in entity container `{}` (first at line {})",
                container.name, first.line
            );
            self.error(span, format!("{path}/{name}"), message);
        }
    }

    /// Reports every type whose chain of base types leads back to itself.
    ///
    /// Each chain is walked once: a type is marked while its walk is in progress and
    /// finished after it, so the check is linear in the number of types even for a chain
    /// thousands of types long. A walk that meets a type of its own path has found a cycle,
    /// reported once, from its member declared first.
    fn check_base_cycles(&mut self) {
        #[derive(Clone, Copy, PartialEq)]
        enum Walk {
            New,
            OnPath,
            Finished,
        }
        let mut state = vec![Walk::New; self.model.types.len()];
        for start in 0..self.model.types.len() {
            let mut path: Vec<TypeId> = Vec::new();
            let mut current = TypeId(start as u32);
            loop {
                match state[current.0 as usize] {
                    Walk::Finished => break,
                    Walk::OnPath => {
                        let from = path.iter().position(|&t| t == current).unwrap_or(0);
                        self.report_base_cycle(&path[from..]);
                        break;
                    }
                    Walk::New => {}
                }
                state[current.0 as usize] = Walk::OnPath;
                path.push(current);
                match self.model.structured(current).and_then(|s| s.base) {
                    Some(base) => current = base,
                    None => break,
                }
            }
            for t in path {
                state[t.0 as usize] = Walk::Finished;
            }
        }
    }

    /// Reports every type whose chain of base types is longer than [`MAX_BASE_DEPTH`].
    ///
    /// Runs only when there are no cycles, so every chain ends. Depths are memoized, so the
    /// check is linear in the number of types.
    fn check_base_depth(&mut self) {
        let mut depth: Vec<Option<usize>> = vec![None; self.model.types.len()];
        for start in 0..self.model.types.len() {
            let mut pending = Vec::new();
            let mut current = Some(TypeId(start as u32));
            let mut known = 0;
            while let Some(id) = current {
                if let Some(d) = depth[id.0 as usize] {
                    known = d;
                    break;
                }
                pending.push(id);
                current = self.model.structured(id).and_then(|s| s.base);
            }
            for id in pending.into_iter().rev() {
                known += 1;
                depth[id.0 as usize] = Some(known);
            }
        }
        for (index, d) in depth.iter().enumerate() {
            let d = d.unwrap_or(0);
            let id = TypeId(index as u32);
            let base_is_deep = self
                .model
                .structured(id)
                .and_then(|s| s.base)
                .is_some_and(|b| depth[b.0 as usize].unwrap_or(0) > MAX_BASE_DEPTH);
            // Only the first type past the limit in each chain is reported.
            if d > MAX_BASE_DEPTH && !base_is_deep {
                let t = self.model.get(id);
                let message = format!(
                    "the chain of base types of `{}` is {d} types long, more than the \
                     {MAX_BASE_DEPTH} supported",
                    t.qualified_name
                );
                let diagnostic = Diagnostic::new(t.span, t.path.clone(), message)
                    .with_hint("flatten the hierarchy: real CSDL schemas nest a few levels deep");
                self.diagnostics.push(diagnostic);
            }
        }
    }

    /// Reports one cycle of base types at its member declared first, listing at most
    /// [`MAX_CYCLE_NAMES`] of its members so a cycle of thousands stays one readable line.
    fn report_base_cycle(&mut self, cycle: &[TypeId]) {
        let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
        let ordered: Vec<TypeId> = cycle[first..]
            .iter()
            .chain(&cycle[..first])
            .copied()
            .collect();
        let name = |id: TypeId| self.model.get(id).qualified_name.as_str();
        let mut names: Vec<&str> = ordered.iter().map(|&id| name(id)).collect();
        if names.len() > MAX_CYCLE_NAMES {
            let tail = names.split_off(names.len() - 2);
            names.truncate(MAX_CYCLE_NAMES - 2);
            names.push("...");
            names.extend(tail);
        }
        names.push(name(ordered[0]));
        let mut message = format!("base types form a cycle: {}", names.join(" -> "));
        if cycle.len() > MAX_CYCLE_NAMES {
            message.push_str(&format!(" ({} types)", cycle.len()));
        }
        let t = self.model.get(ordered[0]);
        let diagnostic = Diagnostic::new(t.span, t.path.clone(), message);
        self.diagnostics.push(diagnostic);
    }

    fn index_derived(&mut self) {
        for index in 0..self.model.types.len() {
            let id = TypeId(index as u32);
            if let Some(base) = self.model.structured(id).and_then(|s| s.base) {
                if let TypeKind::Structured(s) = &mut self.model.types[base.0 as usize].kind {
                    s.derived.push(id);
                }
            }
        }
    }
}

impl Resolver {
    /// Returns up to `limit` declared type names closest to `wanted`, a name as written:
    /// by edit distance of the last segment, then those in the namespace that `wanted`
    /// names (directly or by alias) first.
    pub(crate) fn closest_names(&self, wanted: &str, limit: usize) -> Vec<String> {
        let (qualifier, local) = wanted.rsplit_once('.').unwrap_or(("", wanted));
        let namespace = self
            .qualifiers
            .get(qualifier)
            .map(String::as_str)
            .unwrap_or(qualifier);
        let wanted_lower = local.to_ascii_lowercase();
        let allowed = (wanted_lower.len() / 3).max(2);
        let mut scored: Vec<(usize, bool, &String)> = self
            .model
            .by_name
            .keys()
            .filter_map(|name| {
                let (name_namespace, name_local) = name.rsplit_once('.').unwrap_or(("", name));
                let distance = edit_distance(&name_local.to_ascii_lowercase(), &wanted_lower);
                let elsewhere = name_namespace != namespace;
                (distance <= allowed).then_some((distance, elsewhere, name))
            })
            .collect();
        scored.sort();
        scored
            .into_iter()
            .take(limit)
            .map(|(_, _, n)| format!("`{n}`"))
            .collect()
    }
}

/// Returns up to `limit` Edm type names closest to `wanted` (such as `Edm.string`) by edit
/// distance, ignoring case.
fn closest_edm_names(wanted: &str, limit: usize) -> Vec<String> {
    let local = |name: &str| name.trim_start_matches("Edm.").to_ascii_lowercase();
    let wanted_lower = local(wanted);
    let allowed = (wanted_lower.len() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = EDM_NAMES
        .iter()
        .map(|&name| (edit_distance(&local(name), &wanted_lower), name))
        .filter(|&(distance, _)| distance <= allowed)
        .collect();
    scored.sort();
    scored
        .into_iter()
        .take(limit)
        .map(|(_, name)| format!("`{name}`"))
        .collect()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}
