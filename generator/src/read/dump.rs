//! A canonical text dump of a [`Document`], so that the XML and the JSON form of one model
//! can be compared as text.
//!
//! The dump leaves out spans and prints the meaning of what was read rather than its
//! spelling, wherever the two formats spell one thing differently:
//!
//! - An absent facet prints as its default: `Nullable` is `true` on single values (the XML
//!   default) and `false` on collections (the JSON default, because XML promises nothing
//!   there), `Unicode` is `true`, an `Edm.Decimal`
//!   without `Scale` has scale `0`, `MaxLength="max"` prints as unspecified (CSDL JSON
//!   cannot write it), an enum's underlying type is `Edm.Int32` and an enum member without
//!   a value has its position as value.
//! - `IncludeInServiceDocument` prints as its default: `true` for entity sets and `false`
//!   for function imports.
//! - An annotation without a value prints as `true`: CSDL JSON must write a value, and the
//!   terms applied without one are `Core.Tag` terms, whose default is `true`.
//! - Strings, dates, durations, GUIDs, binary values, enum members and the model paths
//!   (annotation, model element, navigation property and property paths) all print as
//!   strings, because CSDL JSON writes all of them as JSON strings and only the term's type
//!   distinguishes them. Enum members print as `Member1,Member2`, the JSON form. Integers,
//!   decimals and floats print as numbers, except `INF`, `-INF` and `NaN`, which JSON
//!   writes as strings.
//! - `Annotations` blocks with the same target are merged, and a block's `Qualifier` moves
//!   onto each annotation in it, because CSDL JSON has one object per target and
//!   qualifies each annotation.
//! - A reference URI ending in `.xml` or `.json` prints with the ending `.*`, because
//!   vocabularies are published in both formats and each format references its own.
//! - An entity set path or binding target that starts with the entity container's own
//!   qualified name prints without it, the form CSDL JSON requires.
//! - Qualified names print with the alias of their namespace where it has one, because
//!   CSDL JSON requires alias-qualified names and XML allows either.
//! - Schema items print sorted by name, keeping overloads of one name in order, because
//!   CSDL JSON groups overloads under one member.

use std::fmt::Write;

use crate::csdl::{
    Annotation, Annotations, Document, EntityContainer, EnumType, Expr, Facets,
    NavigationPropertyBinding, Operation, Reference, Schema, SchemaItem, StructuredType, Term,
    TypeDefinition, TypeRef,
};

/// Prints a document in the canonical form described in the module documentation.
pub fn dump(document: &Document) -> String {
    let mut out = Out::new(document);
    out.line(&format!(
        "document version={} entity_container={}",
        document.version,
        opt(&document.entity_container)
    ));
    out.nest(|out| {
        for reference in &document.references {
            reference_lines(out, reference);
        }
        for schema in &document.schemas {
            schema_lines(out, schema);
        }
    });
    out.text
}

struct Out {
    text: String,
    depth: usize,
    /// Namespaces with an alias, longest first, for writing qualified names alias-qualified.
    aliases: Vec<(String, String)>,
}

impl Out {
    fn new(document: &Document) -> Self {
        let mut aliases = Vec::new();
        for schema in &document.schemas {
            if let Some(alias) = &schema.alias {
                aliases.push((schema.namespace.clone(), alias.clone()));
            }
        }
        for include in document.references.iter().flat_map(|r| &r.includes) {
            if let Some(alias) = &include.alias {
                aliases.push((include.namespace.clone(), alias.clone()));
            }
        }
        aliases.sort_by_key(|(namespace, _)| std::cmp::Reverse(namespace.len()));
        Out {
            text: String::new(),
            depth: 0,
            aliases,
        }
    }

    /// Writes a qualified name with the alias of its namespace, if it has one.
    fn q(&self, name: &str) -> String {
        for (namespace, alias) in &self.aliases {
            if let Some(rest) = name
                .strip_prefix(namespace.as_str())
                .and_then(|r| r.strip_prefix('.'))
            {
                if !rest.is_empty() {
                    return format!("{alias}.{rest}");
                }
            }
        }
        name.to_owned()
    }

    /// Applies [`Out::q`] to every qualified name in a path or target such as
    /// `ns.Fn(ns.Type,Collection(ns.Other))/ns.Derived/Property`.
    fn q_path(&self, path: &str) -> String {
        let mut out = String::new();
        let mut token = String::new();
        for c in path.chars() {
            if matches!(c, '/' | '(' | ')' | ',' | ' ' | '@' | '#') {
                out.push_str(&self.q(&token));
                token.clear();
                out.push(c);
            } else {
                token.push(c);
            }
        }
        out.push_str(&self.q(&token));
        out
    }

    fn line(&mut self, line: &str) {
        for _ in 0..self.depth {
            self.text.push_str("  ");
        }
        self.text.push_str(line);
        self.text.push('\n');
    }

    fn nest(&mut self, body: impl FnOnce(&mut Out)) {
        self.depth += 1;
        body(self);
        self.depth -= 1;
    }
}

fn opt(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("-")
}

fn reference_lines(out: &mut Out, reference: &Reference) {
    let uri = match reference
        .uri
        .strip_suffix(".xml")
        .or_else(|| reference.uri.strip_suffix(".json"))
    {
        Some(stem) => format!("{stem}.*"),
        None => reference.uri.clone(),
    };
    out.line(&format!("reference {uri}"));
    out.nest(|out| {
        for include in &reference.includes {
            out.line(&format!(
                "include {} alias={}",
                include.namespace,
                opt(&include.alias)
            ));
            out.nest(|out| annotation_lines(out, &include.annotations));
        }
        for include in &reference.include_annotations {
            out.line(&format!(
                "include_annotations {} qualifier={} target_namespace={}",
                include.term_namespace,
                opt(&include.qualifier),
                opt(&include.target_namespace)
            ));
        }
        annotation_lines(out, &reference.annotations);
    });
}

fn schema_lines(out: &mut Out, schema: &Schema) {
    out.line(&format!(
        "schema {} alias={}",
        schema.namespace,
        opt(&schema.alias)
    ));
    let mut items: Vec<&SchemaItem> = schema.items.iter().collect();
    items.sort_by(|a, b| a.name().cmp(b.name()));
    out.nest(|out| {
        annotation_lines(out, &schema.annotations);
        for item in items {
            item_lines(out, schema, item);
        }
        annotation_block_lines(out, &schema.annotation_blocks);
    });
}

fn item_lines(out: &mut Out, schema: &Schema, item: &SchemaItem) {
    match item {
        SchemaItem::EntityType(ty) => structured_lines(out, "entity_type", ty),
        SchemaItem::ComplexType(ty) => structured_lines(out, "complex_type", ty),
        SchemaItem::EnumType(ty) => enum_lines(out, ty),
        SchemaItem::TypeDefinition(def) => type_definition_lines(out, def),
        SchemaItem::Action(op) => operation_lines(out, "action", op),
        SchemaItem::Function(op) => operation_lines(out, "function", op),
        SchemaItem::Term(term) => term_lines(out, term),
        SchemaItem::EntityContainer(container) => container_lines(out, schema, container),
    }
}

fn structured_lines(out: &mut Out, kind: &str, ty: &StructuredType) {
    out.line(&format!(
        "{kind} {} base={} abstract={} open={} has_stream={}",
        ty.name,
        out.q(opt(&ty.base_type)),
        ty.is_abstract,
        ty.open_type,
        ty.has_stream
    ));
    out.nest(|out| {
        if let Some(key) = &ty.key {
            for property_ref in &key.property_refs {
                out.line(&format!("key {} alias={}", property_ref.name, opt(&property_ref.alias)));
            }
        }
        for property in &ty.properties {
            out.line(&format!(
                "property {} {} default={}",
                property.name,
                typed(out, &property.type_ref, &property.facets),
                opt(&property.default_value)
            ));
            out.nest(|out| annotation_lines(out, &property.annotations));
        }
        for nav in &ty.navigation_properties {
            let nullable = match nav.nullable {
                _ if nav.type_ref.collection => "-".to_owned(),
                nullable => nullable.unwrap_or(true).to_string(),
            };
            out.line(&format!(
                "navigation {} type={} nullable={nullable} partner={} contains_target={} on_delete={}",
                nav.name,
                type_name(out, &nav.type_ref),
                opt(&nav.partner),
                nav.contains_target,
                opt(&nav.on_delete)
            ));
            out.nest(|out| {
                for constraint in &nav.referential_constraints {
                    out.line(&format!(
                        "referential_constraint {} -> {}",
                        constraint.property, constraint.referenced_property
                    ));
                    out.nest(|out| annotation_lines(out, &constraint.annotations));
                }
                if !nav.on_delete_annotations.is_empty() {
                    out.line("on_delete_annotations");
                    out.nest(|out| annotation_lines(out, &nav.on_delete_annotations));
                }
                annotation_lines(out, &nav.annotations);
            });
        }
        annotation_lines(out, &ty.annotations);
    });
}

fn enum_lines(out: &mut Out, ty: &EnumType) {
    let underlying = ty.underlying_type.as_deref().unwrap_or("Edm.Int32");
    out.line(&format!(
        "enum_type {} underlying={underlying} flags={}",
        ty.name, ty.is_flags
    ));
    out.nest(|out| {
        for (position, member) in ty.members.iter().enumerate() {
            let value = member.value.clone().unwrap_or_else(|| position.to_string());
            out.line(&format!("member {} = {value}", member.name));
            out.nest(|out| annotation_lines(out, &member.annotations));
        }
        annotation_lines(out, &ty.annotations);
    });
}

fn type_definition_lines(out: &mut Out, def: &TypeDefinition) {
    let type_ref = TypeRef {
        name: def.underlying_type.clone(),
        collection: false,
    };
    let facets = facets_text(&type_ref, &def.facets, false);
    let underlying = out.q(&def.underlying_type);
    out.line(&format!(
        "type_definition {} underlying={underlying} {facets}",
        def.name
    ));
    out.nest(|out| annotation_lines(out, &def.annotations));
}

fn operation_lines(out: &mut Out, kind: &str, op: &Operation) {
    out.line(&format!(
        "{kind} {} bound={} composable={} entity_set_path={}",
        op.name,
        op.is_bound,
        op.is_composable,
        opt(&op.entity_set_path)
    ));
    out.nest(|out| {
        for parameter in &op.parameters {
            out.line(&format!(
                "parameter {} {}",
                parameter.name,
                typed(out, &parameter.type_ref, &parameter.facets)
            ));
            out.nest(|out| annotation_lines(out, &parameter.annotations));
        }
        if let Some(returns) = &op.return_type {
            out.line(&format!(
                "returns {}",
                typed(out, &returns.type_ref, &returns.facets)
            ));
            out.nest(|out| annotation_lines(out, &returns.annotations));
        }
        annotation_lines(out, &op.annotations);
    });
}

fn term_lines(out: &mut Out, term: &Term) {
    out.line(&format!(
        "term {} {} base_term={} default={} applies_to={}",
        term.name,
        typed(out, &term.type_ref, &term.facets),
        out.q(opt(&term.base_term)),
        opt(&term.default_value),
        term.applies_to.join(",")
    ));
    out.nest(|out| annotation_lines(out, &term.annotations));
}

fn container_lines(out: &mut Out, schema: &Schema, container: &EntityContainer) {
    let extends = out.q(opt(&container.extends));
    out.line(&format!(
        "entity_container {} extends={extends}",
        container.name
    ));
    // Paths into this container may be qualified with its namespace or alias.
    let mut own_prefixes = vec![format!("{}.{}/", schema.namespace, container.name)];
    if let Some(alias) = &schema.alias {
        own_prefixes.push(format!("{alias}.{}/", container.name));
    }
    let local = |path: &str| -> String {
        own_prefixes
            .iter()
            .find_map(|p| path.strip_prefix(p.as_str()))
            .unwrap_or(path)
            .to_owned()
    };
    out.nest(|out| {
        for set in &container.entity_sets {
            let included = set.include_in_service_document.unwrap_or(true);
            let entity_type = out.q(&set.entity_type);
            out.line(&format!(
                "entity_set {} type={entity_type} in_service_document={included}",
                set.name
            ));
            out.nest(|out| {
                binding_lines(out, &set.navigation_property_bindings, &local);
                annotation_lines(out, &set.annotations);
            });
        }
        for singleton in &container.singletons {
            let nullable = singleton.nullable.unwrap_or(false);
            let type_name = out.q(&singleton.type_name);
            out.line(&format!(
                "singleton {} type={type_name} nullable={nullable}",
                singleton.name
            ));
            out.nest(|out| {
                binding_lines(out, &singleton.navigation_property_bindings, &local);
                annotation_lines(out, &singleton.annotations);
            });
        }
        for (kind, imports, included_default) in [
            ("action_import", &container.action_imports, false),
            ("function_import", &container.function_imports, false),
        ] {
            for import in imports {
                let entity_set = import.entity_set.as_deref().map(&local);
                let included = import
                    .include_in_service_document
                    .unwrap_or(included_default);
                out.line(&format!(
                    "{kind} {} operation={} entity_set={} in_service_document={included}",
                    import.name,
                    out.q(&import.operation),
                    opt(&entity_set)
                ));
                out.nest(|out| annotation_lines(out, &import.annotations));
            }
        }
        annotation_lines(out, &container.annotations);
    });
}

fn binding_lines(
    out: &mut Out,
    bindings: &[NavigationPropertyBinding],
    local: &dyn Fn(&str) -> String,
) {
    for binding in bindings {
        out.line(&format!(
            "binding {} -> {}",
            binding.path,
            local(&binding.target)
        ));
    }
}

/// Merges blocks by target and moves each block's qualifier onto its annotations.
fn annotation_block_lines(out: &mut Out, blocks: &[Annotations]) {
    let mut merged: Vec<(String, Vec<Annotation>)> = Vec::new();
    for block in blocks {
        let annotations = block.annotations.iter().map(|annotation| {
            let mut annotation = annotation.clone();
            if annotation.qualifier.is_none() {
                annotation.qualifier = block.qualifier.clone();
            }
            annotation
        });
        let target = out.q_path(&block.target);
        match merged.iter_mut().find(|(existing, _)| *existing == target) {
            Some((_, existing)) => existing.extend(annotations),
            None => merged.push((target, annotations.collect())),
        }
    }
    for (target, annotations) in merged {
        out.line(&format!("annotations {target}"));
        out.nest(|out| annotation_lines(out, &annotations));
    }
}

fn annotation_lines(out: &mut Out, annotations: &[Annotation]) {
    for annotation in annotations {
        let qualifier = annotation
            .qualifier
            .as_ref()
            .map(|q| format!("#{q}"))
            .unwrap_or_default();
        let value = annotation.value.clone().unwrap_or(Expr::Bool(true));
        out.line(&format!("@{}{qualifier}", out.q(&annotation.term)));
        out.nest(|out| {
            expr_lines(out, &value);
            annotation_lines(out, &annotation.annotations);
        });
    }
}

fn expr_lines(out: &mut Out, expr: &Expr) {
    match expr {
        Expr::Binary(s)
        | Expr::Date(s)
        | Expr::DateTimeOffset(s)
        | Expr::Duration(s)
        | Expr::Guid(s)
        | Expr::String(s)
        | Expr::TimeOfDay(s) => out.line(&format!("string {s:?}")),
        // Model paths may contain qualified names; CSDL JSON writes those alias-qualified.
        Expr::AnnotationPath(s)
        | Expr::ModelElementPath(s)
        | Expr::NavigationPropertyPath(s)
        | Expr::PropertyPath(s) => out.line(&format!("string {:?}", out.q_path(s))),
        Expr::EnumMember(s) => out.line(&format!("string {:?}", enum_members(s))),
        Expr::Bool(b) => out.line(&format!("bool {b}")),
        Expr::Decimal(n) | Expr::Float(n) | Expr::Int(n) => match n.as_str() {
            "INF" | "-INF" | "NaN" => out.line(&format!("string {n:?}")),
            _ => out.line(&format!("number {n}")),
        },
        Expr::Path(p) => out.line(&format!("path {:?}", out.q_path(p))),
        Expr::LabeledElementReference(name) => {
            out.line(&format!("labeled_element_reference {name}"))
        }
        Expr::Null => out.line("null"),
        Expr::UrlRef(url) => nested(out, "url_ref", &[], |out| expr_lines(out, url)),
        Expr::Collection(items) => nested(out, "collection", &[], |out| {
            items.iter().for_each(|item| expr_lines(out, item))
        }),
        Expr::Record(record) => {
            let header = format!("record type={}", out.q(opt(&record.type_name)));
            nested(out, &header, &record.annotations, |out| {
                for value in &record.properties {
                    out.line(&format!("property_value {}", value.property));
                    out.nest(|out| {
                        expr_lines(out, &value.value);
                        annotation_lines(out, &value.annotations);
                    });
                }
            })
        }
        Expr::Operator {
            name,
            operands,
            annotations,
        } => nested(out, name, annotations, |out| {
            operands.iter().for_each(|operand| expr_lines(out, operand))
        }),
        Expr::Apply {
            function,
            arguments,
            annotations,
        } => nested(
            out,
            &format!("apply {}", out.q(function)),
            annotations,
            |out| {
                arguments
                    .iter()
                    .for_each(|argument| expr_lines(out, argument))
            },
        ),
        Expr::Cast {
            type_ref,
            facets,
            value,
            annotations,
        } => {
            let header = format!("cast {}", cast_type(out, type_ref, facets));
            nested(out, &header, annotations, |out| expr_lines(out, value))
        }
        Expr::IsOf {
            type_ref,
            facets,
            value,
            annotations,
        } => {
            let header = format!("is_of {}", cast_type(out, type_ref, facets));
            nested(out, &header, annotations, |out| expr_lines(out, value))
        }
        Expr::If {
            condition,
            then,
            otherwise,
            annotations,
        } => nested(out, "if", annotations, |out| {
            expr_lines(out, condition);
            expr_lines(out, then);
            if let Some(otherwise) = otherwise {
                expr_lines(out, otherwise);
            }
        }),
        Expr::LabeledElement {
            name,
            value,
            annotations,
        } => nested(
            out,
            &format!("labeled_element {name}"),
            annotations,
            |out| expr_lines(out, value),
        ),
        Expr::Annotated { value, annotations } => {
            nested(out, "annotated", annotations, |out| expr_lines(out, value))
        }
    }
}

/// Prints a header line, then the body and the annotations one level deeper.
fn nested(out: &mut Out, header: &str, annotations: &[Annotation], body: impl FnOnce(&mut Out)) {
    out.line(header);
    out.nest(|out| {
        body(out);
        annotation_lines(out, annotations);
    });
}

/// Turns the XML form `self.Pattern/Red self.Pattern/Blue` into the JSON form `Red,Blue`.
fn enum_members(text: &str) -> String {
    let members: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|m| !m.is_empty())
        .map(|m| m.rsplit_once('/').map_or(m, |(_, member)| member))
        .collect();
    members.join(",")
}

fn type_name(out: &Out, type_ref: &TypeRef) -> String {
    if type_ref.collection {
        format!("Collection({})", out.q(&type_ref.name))
    } else {
        out.q(&type_ref.name)
    }
}

/// Formats a type and its facets with defaults applied, for properties, parameters, return
/// types and terms.
fn typed(out: &Out, type_ref: &TypeRef, facets: &Facets) -> String {
    format!(
        "type={} {}",
        type_name(out, type_ref),
        facets_text(type_ref, facets, true)
    )
}

/// Formats the type of a cast or is-of expression. Absent facets there are unspecified,
/// so they print as written.
fn cast_type(out: &Out, type_ref: &TypeRef, facets: &Facets) -> String {
    let mut text = type_name(out, type_ref);
    let _ = write!(
        text,
        " nullable={} max_length={} precision={} scale={} srid={} unicode={}",
        facets.nullable.map_or("-".to_owned(), |b| b.to_string()),
        opt(&facets.max_length),
        facets.precision.map_or("-".to_owned(), |p| p.to_string()),
        opt(&facets.scale),
        opt(&facets.srid),
        facets.unicode.map_or("-".to_owned(), |b| b.to_string()),
    );
    text
}

fn facets_text(type_ref: &TypeRef, facets: &Facets, with_nullable: bool) -> String {
    let mut text = String::new();
    if with_nullable {
        let nullable = match facets.nullable {
            Some(nullable) => nullable.to_string(),
            None => (!type_ref.collection).to_string(),
        };
        let _ = write!(text, "nullable={nullable} ");
    }
    let max_length = match facets.max_length.as_deref() {
        None | Some("max") => "-",
        Some(length) => length,
    };
    let scale = match &facets.scale {
        Some(scale) => scale.to_lowercase(),
        None if type_ref.name == "Edm.Decimal" => "0".to_owned(),
        None => "-".to_owned(),
    };
    let _ = write!(
        text,
        "max_length={max_length} precision={} scale={scale} srid={} unicode={}",
        facets.precision.map_or("-".to_owned(), |p| p.to_string()),
        facets
            .srid
            .as_deref()
            .map_or("-".to_owned(), str::to_lowercase),
        facets.unicode.unwrap_or(true),
    );
    text
}
