//! Schema members of CSDL JSON: types, operations, terms and the entity container.

use super::parser::{Member, Node, Value};
use super::{describe, JsonReader, Members};
use crate::csdl::{
    Annotations, EntityContainer, EntitySet, EnumMember, EnumType, Facets, Key, NavigationProperty,
    NavigationPropertyBinding, Operation, OperationImport, Parameter, Property, PropertyRef,
    ReferentialConstraint, ReturnType, Schema, SchemaItem, Singleton, StructuredType, Term,
    TypeDefinition, TypeRef,
};
use crate::read::names;

const FACETS: &[&str] = &["$MaxLength", "$Precision", "$Scale", "$SRID", "$Unicode"];

/// The value an absent `$Nullable` stands for: see the module documentation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NullableDefault {
    /// Absent means `false`, so it becomes `Some(false)`.
    False,
    /// Absent stays `None`: singletons, where both formats default to `false`.
    Keep,
}

fn with_facets(keywords: &[&'static str]) -> Vec<&'static str> {
    let mut all = keywords.to_vec();
    all.extend_from_slice(FACETS);
    all
}

impl JsonReader<'_> {
    pub(super) fn schema(&mut self, member: &Member<'_>) -> Option<Schema> {
        let namespace = member.name.to_string();
        if !names::is_namespace(&namespace) {
            let message = format!("invalid schema namespace `{namespace}`");
            self.error(
                member.offset,
                message,
                Some("schema members are named by their namespace"),
            );
        }
        let members = Members::of(self.object(&member.value, "a schema")?);
        self.check_keywords(&members, &["$Alias", "$Annotations"], "a schema object");
        self.no_prefixed_annotations(&members, "a schema object");
        let mut schema = Schema {
            namespace,
            alias: self.string(&members, "$Alias"),
            span: self.span(member.offset),
            ..Default::default()
        };
        schema.annotations = self.annotations(&members.annotations);
        if let Some(blocks) = members.get("$Annotations") {
            schema.annotation_blocks = self.annotation_blocks(&blocks.value);
        }
        for child in &members.children {
            match &child.value.value {
                Value::Array(overloads) => {
                    for overload in overloads {
                        if let Some(item) = self.overload(child, overload) {
                            schema.items.push(item);
                        }
                    }
                }
                Value::Object(_) => {
                    if let Some(item) = self.schema_item(child) {
                        schema.items.push(item);
                    }
                }
                other => {
                    let message = format!(
                        "schema member `{}` must be an object or an array, found {}",
                        child.name,
                        describe(other)
                    );
                    self.error(child.value.offset, message, None);
                }
            }
        }
        Some(schema)
    }

    fn schema_item(&mut self, member: &Member<'_>) -> Option<SchemaItem> {
        let Value::Object(fields) = &member.value.value else {
            return None;
        };
        let members = Members::of(fields);
        let kind = self.kind(&members, member)?;
        let segment = format!("{kind}[{}]", member.name);
        self.nested(segment, |r| {
            Some(match kind.as_str() {
                "EntityType" => SchemaItem::EntityType(r.structured_type(member, &members, true)),
                "ComplexType" => {
                    SchemaItem::ComplexType(r.structured_type(member, &members, false))
                }
                "EnumType" => SchemaItem::EnumType(r.enum_type(member, &members)),
                "TypeDefinition" => SchemaItem::TypeDefinition(r.type_definition(member, &members)),
                "Term" => SchemaItem::Term(r.term(member, &members)),
                "EntityContainer" => {
                    SchemaItem::EntityContainer(r.entity_container(member, &members))
                }
                "Action" | "Function" => {
                    let message = format!("{kind} `{}` must be an array of overloads", member.name);
                    r.error(
                        member.value.offset,
                        message,
                        Some("wrap the overload object in `[...]`"),
                    );
                    return None;
                }
                _ => {
                    r.unknown_kind(&members, &kind);
                    return None;
                }
            })
        })
    }

    /// Returns the `$Kind` of a schema child, reporting it when missing.
    fn kind(&mut self, members: &Members<'_, '_>, member: &Member<'_>) -> Option<String> {
        match self.string(members, "$Kind") {
            Some(kind) => Some(kind),
            None if members.get("$Kind").is_none() => {
                let message = format!("missing member `$Kind` in schema member `{}`", member.name);
                let hint = "add `\"$Kind\": \"EntityType\"` or the kind of this schema element";
                self.error(member.offset, message, Some(hint));
                None
            }
            None => None,
        }
    }

    fn unknown_kind(&mut self, members: &Members<'_, '_>, kind: &str) {
        let offset = members.get("$Kind").map_or(0, |m| m.value.offset);
        self.error(
            offset,
            format!("unknown `$Kind` `{kind}`"),
            Some("schema members are `EntityType`, `ComplexType`, `EnumType`, `TypeDefinition`, `Term`, `EntityContainer`, or arrays of `Action` or `Function` overloads"),
        );
    }

    fn structured_type(
        &mut self,
        member: &Member<'_>,
        members: &Members<'_, '_>,
        entity: bool,
    ) -> StructuredType {
        let (what, allowed): (&str, &[&str]) = if entity {
            (
                "an entity type",
                &[
                    "$Kind",
                    "$BaseType",
                    "$Abstract",
                    "$OpenType",
                    "$HasStream",
                    "$Key",
                ],
            )
        } else {
            (
                "a complex type",
                &["$Kind", "$BaseType", "$Abstract", "$OpenType"],
            )
        };
        self.check_keywords(members, allowed, what);
        self.no_prefixed_annotations(members, what);
        let mut ty = StructuredType {
            name: member.name.to_string(),
            base_type: self.qualified_name(members, "$BaseType"),
            is_abstract: self.boolean(members, "$Abstract").unwrap_or(false),
            open_type: self.boolean(members, "$OpenType").unwrap_or(false),
            has_stream: self.boolean(members, "$HasStream").unwrap_or(false),
            key: members.get("$Key").and_then(|key| self.key(&key.value)),
            span: self.span(member.offset),
            ..Default::default()
        };
        ty.annotations = self.annotations(&members.annotations);
        for child in &members.children {
            let Some(fields) = self.object(&child.value, &format!("property `{}`", child.name))
            else {
                continue;
            };
            let fields = Members::of(fields);
            match self.string(&fields, "$Kind").as_deref() {
                None | Some("Property") => {
                    let property = self.nested(format!("Property[{}]", child.name), |r| {
                        r.property(child, &fields)
                    });
                    ty.properties.push(property);
                }
                Some("NavigationProperty") => {
                    let segment = format!("NavigationProperty[{}]", child.name);
                    let navigation =
                        self.nested(segment, |r| r.navigation_property(child, &fields));
                    ty.navigation_properties.push(navigation);
                }
                Some(other) => {
                    let offset = fields.get("$Kind").map_or(child.offset, |m| m.value.offset);
                    let message = format!("unknown `$Kind` `{other}` for member `{}`", child.name);
                    self.error(
                        offset,
                        message,
                        Some("use `Property` or `NavigationProperty`"),
                    );
                }
            }
        }
        ty
    }

    /// Reads `$Key`: property names, or one-member objects mapping an alias to a path.
    fn key(&mut self, node: &Node<'_>) -> Option<Key> {
        let items = self.array(node, "`$Key`")?;
        let mut key = Key {
            span: self.span(node.offset),
            ..Default::default()
        };
        for item in items {
            let span = self.span(item.offset);
            match &item.value {
                Value::String(name) => key.property_refs.push(PropertyRef {
                    name: name.to_string(),
                    alias: None,
                    span,
                }),
                Value::Object(pairs) if pairs.len() == 1 => {
                    let alias = pairs[0].name.to_string();
                    if let Some(name) =
                        self.string_of(&pairs[0].value, &format!("key alias `{alias}`"))
                    {
                        key.property_refs.push(PropertyRef {
                            name,
                            alias: Some(alias),
                            span,
                        });
                    }
                }
                other => {
                    let message = format!("`$Key` items must be property names or `{{\"alias\": \"path\"}}`, found {}", describe(other));
                    self.error(item.offset, message, None);
                }
            }
        }
        if key.property_refs.is_empty() {
            self.error(
                node.offset,
                "empty `$Key`".into(),
                Some("list the key properties"),
            );
        }
        Some(key)
    }

    fn property(&mut self, member: &Member<'_>, members: &Members<'_, '_>) -> Property {
        let allowed = with_facets(&[
            "$Kind",
            "$Type",
            "$Collection",
            "$Nullable",
            "$DefaultValue",
        ]);
        self.check_keywords(members, &allowed, "a property");
        self.no_children(members, "a property");
        self.no_prefixed_annotations(members, "a property");
        let type_ref = self.type_ref(members);
        let facets = self.facets(members, &type_ref, NullableDefault::False);
        Property {
            name: member.name.to_string(),
            default_value: members
                .get("$DefaultValue")
                .and_then(|m| self.default_value(&m.value)),
            annotations: self.annotations(&members.annotations),
            span: self.span(member.offset),
            type_ref,
            facets,
        }
    }

    fn navigation_property(
        &mut self,
        member: &Member<'_>,
        members: &Members<'_, '_>,
    ) -> NavigationProperty {
        let allowed = [
            "$Kind",
            "$Type",
            "$Collection",
            "$Nullable",
            "$Partner",
            "$ContainsTarget",
            "$ReferentialConstraint",
            "$OnDelete",
        ];
        self.check_keywords(members, &allowed, "a navigation property");
        self.no_children(members, "a navigation property");
        if members.get("$Type").is_none() {
            self.error(
                member.offset,
                "missing member `$Type` in a navigation property".into(),
                Some("add `\"$Type\": \"Namespace.EntityType\"`"),
            );
        }
        let type_ref = self.type_ref(members);
        let nullable = match self.boolean(members, "$Nullable") {
            None if !type_ref.collection => Some(false),
            nullable => nullable,
        };
        let mut navigation = NavigationProperty {
            name: member.name.to_string(),
            nullable,
            partner: self.string(members, "$Partner"),
            contains_target: self.boolean(members, "$ContainsTarget").unwrap_or(false),
            on_delete: self.string(members, "$OnDelete"),
            annotations: self.annotations(&members.annotations),
            span: self.span(member.offset),
            type_ref,
            ..Default::default()
        };
        if let Some(action) = &navigation.on_delete {
            if !matches!(
                action.as_str(),
                "Cascade" | "None" | "SetNull" | "SetDefault"
            ) {
                let offset = members
                    .get("$OnDelete")
                    .map_or(member.offset, |m| m.value.offset);
                self.error(
                    offset,
                    format!("invalid `$OnDelete` action `{action}`"),
                    Some("use `Cascade`, `None`, `SetNull` or `SetDefault`"),
                );
            }
        }
        let name = &navigation.type_ref.name;
        let written = members.get("$Type").is_some();
        if written && name.starts_with("Edm.") && name != "Edm.EntityType" {
            let offset = members
                .get("$Type")
                .map_or(member.offset, |m| m.value.offset);
            self.error(
                offset,
                format!("navigation property `{}` has the non-entity type `{name}`", navigation.name),
                Some("a navigation property's type is an entity type; leave out `$Kind` for primitive values"),
            );
        }
        let mut on_delete_annotations = Vec::new();
        for (target, annotation) in &members.prefixed_annotations {
            if *target == "$OnDelete" {
                on_delete_annotations.push(*annotation);
            } else {
                let message = format!(
                    "unexpected annotation `{}` in a navigation property",
                    annotation.name
                );
                self.error(
                    annotation.offset,
                    message,
                    Some("only `$OnDelete` can be annotated this way"),
                );
            }
        }
        navigation.on_delete_annotations =
            self.annotations_with_prefix(&on_delete_annotations, "$OnDelete");
        if let Some(constraints) = members.get("$ReferentialConstraint") {
            navigation.referential_constraints = self.referential_constraints(&constraints.value);
        }
        navigation
    }

    /// Reads `$ReferentialConstraint`: dependent property paths mapped to principal ones,
    /// with `Dependent@Term` annotations beside them.
    fn referential_constraints(&mut self, node: &Node<'_>) -> Vec<ReferentialConstraint> {
        let Some(fields) = self.object(node, "`$ReferentialConstraint`") else {
            return Vec::new();
        };
        let members = Members::of(fields);
        self.check_keywords(&members, &[], "`$ReferentialConstraint`");
        for member in &members.annotations {
            self.error(
                member.offset,
                format!(
                    "unexpected annotation `{}` in `$ReferentialConstraint`",
                    member.name
                ),
                None,
            );
        }
        let mut constraints = Vec::new();
        for member in &members.children {
            let segment = format!("ReferentialConstraint[{}]", member.name);
            let constraint = self.nested(segment, |r| {
                let annotated: Vec<&Member<'_>> = members
                    .prefixed_annotations
                    .iter()
                    .filter(|(target, _)| *target == member.name)
                    .map(|(_, m)| *m)
                    .collect();
                ReferentialConstraint {
                    property: member.name.to_string(),
                    referenced_property: r
                        .string_of(
                            &member.value,
                            &format!("the principal of `{}`", member.name),
                        )
                        .unwrap_or_default(),
                    annotations: r.annotations_with_prefix(&annotated, &member.name),
                    span: r.span(member.offset),
                }
            });
            constraints.push(constraint);
        }
        self.orphan_annotations(&members, "a referential constraint");
        constraints
    }

    /// Reports `Name@Term` annotations whose `Name` is not a child of the object.
    fn orphan_annotations(&mut self, members: &Members<'_, '_>, what: &str) {
        for (target, member) in &members.prefixed_annotations {
            if !members.children.iter().any(|c| c.name == *target) {
                let message = format!(
                    "annotation `{}` targets `{target}`, which is not {what} here",
                    member.name
                );
                self.error(member.offset, message, None);
            }
        }
    }

    fn enum_type(&mut self, member: &Member<'_>, members: &Members<'_, '_>) -> EnumType {
        self.check_keywords(
            members,
            &["$Kind", "$UnderlyingType", "$IsFlags"],
            "an enum type",
        );
        let mut enum_type = EnumType {
            name: member.name.to_string(),
            underlying_type: self.string(members, "$UnderlyingType"),
            is_flags: self.boolean(members, "$IsFlags").unwrap_or(false),
            annotations: self.annotations(&members.annotations),
            span: self.span(member.offset),
            ..Default::default()
        };
        if let Some(underlying) = &enum_type.underlying_type {
            if !matches!(
                underlying.as_str(),
                "Edm.Byte" | "Edm.SByte" | "Edm.Int16" | "Edm.Int32" | "Edm.Int64"
            ) {
                let offset = members
                    .get("$UnderlyingType")
                    .map_or(member.offset, |m| m.value.offset);
                self.error(
                    offset,
                    format!("invalid enum underlying type `{underlying}`"),
                    Some("use `Edm.Byte`, `Edm.SByte`, `Edm.Int16`, `Edm.Int32` or `Edm.Int64`"),
                );
            }
        }
        for child in &members.children {
            let value = match &child.value.value {
                Value::Number(n) if n.parse::<i64>().is_ok() => Some(n.to_string()),
                // Large values may be strings when `IEEE754Compatible=true`.
                Value::String(s) if s.parse::<i64>().is_ok() => Some(s.to_string()),
                other => {
                    let message = format!(
                        "value of enum member `{}` must be an integer, found {}",
                        child.name,
                        describe(other)
                    );
                    self.error(child.value.offset, message, None);
                    None
                }
            };
            let segment = format!("Member[{}]", child.name);
            let annotated: Vec<&Member<'_>> = members
                .prefixed_annotations
                .iter()
                .filter(|(target, _)| *target == child.name)
                .map(|(_, m)| *m)
                .collect();
            let annotations = self.nested(segment, |r| {
                r.annotations_with_prefix(&annotated, &child.name)
            });
            enum_type.members.push(EnumMember {
                name: child.name.to_string(),
                value,
                annotations,
                span: self.span(child.offset),
            });
        }
        self.orphan_annotations(members, "a member");
        enum_type
    }

    fn type_definition(
        &mut self,
        member: &Member<'_>,
        members: &Members<'_, '_>,
    ) -> TypeDefinition {
        self.check_keywords(
            members,
            &with_facets(&["$Kind", "$UnderlyingType"]),
            "a type definition",
        );
        self.no_children(members, "a type definition");
        self.no_prefixed_annotations(members, "a type definition");
        let underlying_type = match self.qualified_name(members, "$UnderlyingType") {
            Some(name) => name,
            None => {
                self.error(
                    member.offset,
                    "missing member `$UnderlyingType` in a type definition".into(),
                    Some("add `\"$UnderlyingType\": \"Edm.String\"` or another primitive type"),
                );
                String::new()
            }
        };
        let type_ref = TypeRef {
            name: underlying_type.clone(),
            collection: false,
        };
        let mut facets = self.facets(members, &type_ref, NullableDefault::Keep);
        facets.nullable = None;
        TypeDefinition {
            name: member.name.to_string(),
            underlying_type,
            facets,
            annotations: self.annotations(&members.annotations),
            span: self.span(member.offset),
        }
    }

    /// Reads one overload of an action or function array.
    fn overload(&mut self, member: &Member<'_>, node: &Node<'_>) -> Option<SchemaItem> {
        let fields = self.object(node, &format!("an overload of `{}`", member.name))?;
        let members = Members::of(fields);
        let kind = match self.string(&members, "$Kind") {
            Some(kind) => kind,
            None => {
                self.error(
                    node.offset,
                    format!("missing member `$Kind` in an overload of `{}`", member.name),
                    Some("add `\"$Kind\": \"Action\"` or `\"$Kind\": \"Function\"`"),
                );
                return None;
            }
        };
        let function = match kind.as_str() {
            "Action" => false,
            "Function" => true,
            _ => {
                let offset = members.get("$Kind").map_or(node.offset, |m| m.value.offset);
                self.error(
                    offset,
                    format!("unknown `$Kind` `{kind}` in an array"),
                    Some("arrays in a schema hold `Action` or `Function` overloads"),
                );
                return None;
            }
        };
        let segment = format!("{kind}[{}]", member.name);
        let operation = self.nested(segment, |r| r.operation(member, node, &members, function));
        Some(if function {
            SchemaItem::Function(operation)
        } else {
            SchemaItem::Action(operation)
        })
    }

    fn operation(
        &mut self,
        member: &Member<'_>,
        node: &Node<'_>,
        members: &Members<'_, '_>,
        function: bool,
    ) -> Operation {
        let (what, allowed): (&str, &[&str]) = if function {
            (
                "a function overload",
                &[
                    "$Kind",
                    "$IsBound",
                    "$EntitySetPath",
                    "$IsComposable",
                    "$Parameter",
                    "$ReturnType",
                ],
            )
        } else {
            (
                "an action overload",
                &[
                    "$Kind",
                    "$IsBound",
                    "$EntitySetPath",
                    "$Parameter",
                    "$ReturnType",
                ],
            )
        };
        self.check_keywords(members, allowed, what);
        self.no_children(members, what);
        self.no_prefixed_annotations(members, what);
        let mut operation = Operation {
            name: member.name.to_string(),
            is_bound: self.boolean(members, "$IsBound").unwrap_or(false),
            is_composable: self.boolean(members, "$IsComposable").unwrap_or(false),
            entity_set_path: self.string(members, "$EntitySetPath"),
            annotations: self.annotations(&members.annotations),
            span: self.span(node.offset),
            ..Default::default()
        };
        if let Some(parameters) = members.get("$Parameter") {
            for item in self
                .array(&parameters.value, "`$Parameter`")
                .unwrap_or_default()
            {
                operation.parameters.push(self.parameter(item));
            }
        }
        if let Some(returns) = members.get("$ReturnType") {
            operation.return_type =
                self.nested("ReturnType".into(), |r| r.return_type(&returns.value));
        }
        if function && operation.return_type.is_none() {
            self.error(
                node.offset,
                format!("function `{}` has no `$ReturnType`", operation.name),
                Some("every function returns a value; add `\"$ReturnType\": {...}`"),
            );
        }
        if operation.is_bound && operation.parameters.is_empty() {
            self.error(
                node.offset,
                format!("bound operation `{}` has no parameters", operation.name),
                Some("the first parameter of a bound operation is its binding parameter"),
            );
        }
        operation
    }

    fn parameter(&mut self, node: &Node<'_>) -> Parameter {
        let mut parameter = Parameter {
            span: self.span(node.offset),
            ..Default::default()
        };
        let Some(fields) = self.object(node, "a parameter") else {
            return parameter;
        };
        let members = Members::of(fields);
        parameter.name = self.required_string(&members, "$Name", node.offset, "a parameter");
        self.nested(format!("Parameter[{}]", parameter.name), |r| {
            r.check_keywords(
                &members,
                &with_facets(&["$Name", "$Type", "$Collection", "$Nullable"]),
                "a parameter",
            );
            r.no_children(&members, "a parameter");
            r.no_prefixed_annotations(&members, "a parameter");
            parameter.type_ref = r.type_ref(&members);
            parameter.facets = r.facets(&members, &parameter.type_ref, NullableDefault::False);
            parameter.annotations = r.annotations(&members.annotations);
        });
        parameter
    }

    fn return_type(&mut self, node: &Node<'_>) -> Option<ReturnType> {
        let members = Members::of(self.object(node, "`$ReturnType`")?);
        self.check_keywords(
            &members,
            &with_facets(&["$Type", "$Collection", "$Nullable"]),
            "a return type",
        );
        self.no_children(&members, "a return type");
        self.no_prefixed_annotations(&members, "a return type");
        let type_ref = self.type_ref(&members);
        let facets = self.facets(&members, &type_ref, NullableDefault::False);
        Some(ReturnType {
            type_ref,
            facets,
            annotations: self.annotations(&members.annotations),
            span: self.span(node.offset),
        })
    }

    fn term(&mut self, member: &Member<'_>, members: &Members<'_, '_>) -> Term {
        let allowed = with_facets(&[
            "$Kind",
            "$Type",
            "$Collection",
            "$Nullable",
            "$DefaultValue",
            "$BaseTerm",
            "$AppliesTo",
        ]);
        self.check_keywords(members, &allowed, "a term");
        self.no_children(members, "a term");
        self.no_prefixed_annotations(members, "a term");
        let type_ref = self.type_ref(members);
        let mut applies_to = Vec::new();
        if let Some(list) = members.get("$AppliesTo") {
            for item in self.array(&list.value, "`$AppliesTo`").unwrap_or_default() {
                if let Some(name) = self.string_of(item, "an `$AppliesTo` item") {
                    applies_to.push(name);
                }
            }
        }
        Term {
            name: member.name.to_string(),
            facets: self.facets(members, &type_ref, NullableDefault::False),
            type_ref,
            base_term: self.qualified_name(members, "$BaseTerm"),
            default_value: members
                .get("$DefaultValue")
                .and_then(|m| self.default_value(&m.value)),
            applies_to,
            annotations: self.annotations(&members.annotations),
            span: self.span(member.offset),
        }
    }

    fn entity_container(
        &mut self,
        member: &Member<'_>,
        members: &Members<'_, '_>,
    ) -> EntityContainer {
        self.check_keywords(members, &["$Kind", "$Extends"], "an entity container");
        self.no_prefixed_annotations(members, "an entity container");
        let mut container = EntityContainer {
            name: member.name.to_string(),
            extends: self.qualified_name(members, "$Extends"),
            annotations: self.annotations(&members.annotations),
            span: self.span(member.offset),
            ..Default::default()
        };
        for child in &members.children {
            let Some(fields) =
                self.object(&child.value, &format!("container member `{}`", child.name))
            else {
                continue;
            };
            let fields = Members::of(fields);
            if fields.get("$Collection").is_some() {
                let set = self.nested(format!("EntitySet[{}]", child.name), |r| {
                    r.entity_set(child, &fields)
                });
                container.entity_sets.push(set);
            } else if fields.get("$Action").is_some() {
                let import = self.nested(format!("ActionImport[{}]", child.name), |r| {
                    r.operation_import(child, &fields, false)
                });
                container.action_imports.push(import);
            } else if fields.get("$Function").is_some() {
                let import = self.nested(format!("FunctionImport[{}]", child.name), |r| {
                    r.operation_import(child, &fields, true)
                });
                container.function_imports.push(import);
            } else {
                let singleton = self.nested(format!("Singleton[{}]", child.name), |r| {
                    r.singleton(child, &fields)
                });
                container.singletons.push(singleton);
            }
        }
        container
    }

    fn entity_set(&mut self, member: &Member<'_>, members: &Members<'_, '_>) -> EntitySet {
        let allowed = [
            "$Collection",
            "$Type",
            "$IncludeInServiceDocument",
            "$NavigationPropertyBinding",
        ];
        self.check_keywords(members, &allowed, "an entity set");
        self.no_children(members, "an entity set");
        self.no_prefixed_annotations(members, "an entity set");
        if self.boolean(members, "$Collection") == Some(false) {
            let offset = members
                .get("$Collection")
                .map_or(member.offset, |m| m.value.offset);
            self.error(
                offset,
                "`$Collection` of an entity set must be `true`".into(),
                Some("a singleton has no `$Collection` member"),
            );
        }
        EntitySet {
            name: member.name.to_string(),
            entity_type: self.required_type_name(members, member.offset, "an entity set"),
            include_in_service_document: self.boolean(members, "$IncludeInServiceDocument"),
            navigation_property_bindings: self.bindings(members),
            annotations: self.annotations(&members.annotations),
            span: self.span(member.offset),
        }
    }

    fn singleton(&mut self, member: &Member<'_>, members: &Members<'_, '_>) -> Singleton {
        self.check_keywords(
            members,
            &["$Type", "$Nullable", "$NavigationPropertyBinding"],
            "a singleton",
        );
        self.no_children(members, "a singleton");
        self.no_prefixed_annotations(members, "a singleton");
        Singleton {
            name: member.name.to_string(),
            type_name: self.required_type_name(members, member.offset, "a singleton"),
            nullable: self.boolean(members, "$Nullable"),
            navigation_property_bindings: self.bindings(members),
            annotations: self.annotations(&members.annotations),
            span: self.span(member.offset),
        }
    }

    fn required_type_name(
        &mut self,
        members: &Members<'_, '_>,
        offset: usize,
        what: &str,
    ) -> String {
        if members.get("$Type").is_none() {
            self.error(
                offset,
                format!("missing member `$Type` in {what}"),
                Some("add `\"$Type\": \"Namespace.EntityType\"`"),
            );
            return String::new();
        }
        self.qualified_name(members, "$Type").unwrap_or_default()
    }

    fn bindings(&mut self, members: &Members<'_, '_>) -> Vec<NavigationPropertyBinding> {
        let Some(member) = members.get("$NavigationPropertyBinding") else {
            return Vec::new();
        };
        let Some(pairs) = self.object(&member.value, "`$NavigationPropertyBinding`") else {
            return Vec::new();
        };
        let mut bindings = Vec::new();
        for pair in pairs {
            let target = self.string_of(&pair.value, &format!("the target of `{}`", pair.name));
            bindings.push(NavigationPropertyBinding {
                path: pair.name.to_string(),
                target: target.unwrap_or_default(),
                span: self.span(pair.offset),
            });
        }
        bindings
    }

    /// Reads an action import or, with `function` set, a function import.
    fn operation_import(
        &mut self,
        member: &Member<'_>,
        members: &Members<'_, '_>,
        function: bool,
    ) -> OperationImport {
        let (keyword, what, allowed): (&str, &str, &[&str]) = if function {
            (
                "$Function",
                "a function import",
                &["$Function", "$EntitySet", "$IncludeInServiceDocument"],
            )
        } else {
            ("$Action", "an action import", &["$Action", "$EntitySet"])
        };
        self.check_keywords(members, allowed, what);
        self.no_children(members, what);
        self.no_prefixed_annotations(members, what);
        OperationImport {
            name: member.name.to_string(),
            operation: self.qualified_name(members, keyword).unwrap_or_default(),
            entity_set: self.string(members, "$EntitySet"),
            include_in_service_document: self.boolean(members, "$IncludeInServiceDocument"),
            annotations: self.annotations(&members.annotations),
            span: self.span(member.offset),
        }
    }

    /// Reads `$Type` and `$Collection`. An absent `$Type` means `Edm.String`.
    pub(super) fn type_ref(&mut self, members: &Members<'_, '_>) -> TypeRef {
        let name = self
            .qualified_name(members, "$Type")
            .unwrap_or_else(|| "Edm.String".to_owned());
        let collection = self.boolean(members, "$Collection").unwrap_or(false);
        if members.get("$Collection").is_some() && !collection {
            let offset = members.get("$Collection").map_or(0, |m| m.value.offset);
            self.error(
                offset,
                "`$Collection` must be `true` when present".into(),
                Some("leave out `$Collection` for single values"),
            );
        }
        TypeRef { name, collection }
    }

    /// Reads `$Nullable` and the facets, writing out the JSON defaults that XML reads
    /// differently (see the module documentation).
    fn facets(
        &mut self,
        members: &Members<'_, '_>,
        type_ref: &TypeRef,
        nullable_default: NullableDefault,
    ) -> Facets {
        let mut facets = self.written_facets(members);
        if facets.nullable.is_none() && nullable_default == NullableDefault::False {
            facets.nullable = Some(false);
        }
        if facets.scale.is_none() && type_ref.name == "Edm.Decimal" {
            facets.scale = Some("variable".to_owned());
        }
        facets
    }

    /// Reads `$Nullable` and the facets as written, without defaults.
    pub(super) fn written_facets(&mut self, members: &Members<'_, '_>) -> Facets {
        Facets {
            nullable: self.boolean(members, "$Nullable"),
            max_length: self.number_or_symbol(members, "$MaxLength", &[]),
            precision: self.precision(members),
            scale: self.number_or_symbol(members, "$Scale", &["variable", "floating"]),
            srid: self.number_or_symbol(members, "$SRID", &["variable"]),
            unicode: self.boolean(members, "$Unicode"),
        }
    }

    fn precision(&mut self, members: &Members<'_, '_>) -> Option<u32> {
        let member = members.get("$Precision")?;
        match &member.value.value {
            Value::Number(n) => match n.parse::<u32>() {
                Ok(value) => Some(value),
                Err(_) => {
                    self.error(
                        member.value.offset,
                        format!("invalid `$Precision` `{n}`"),
                        Some("use a non-negative integer"),
                    );
                    None
                }
            },
            other => {
                self.error(
                    member.value.offset,
                    format!("`$Precision` must be a number, found {}", describe(other)),
                    None,
                );
                None
            }
        }
    }

    /// Reads a facet that is a non-negative integer or one of the symbolic values, which
    /// CSDL JSON writes as a number or a string.
    fn number_or_symbol(
        &mut self,
        members: &Members<'_, '_>,
        keyword: &str,
        symbols: &[&str],
    ) -> Option<String> {
        let member = members.get(keyword)?;
        let text = match &member.value.value {
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.to_string(),
            other => {
                self.error(
                    member.value.offset,
                    format!("`{keyword}` must be a number, found {}", describe(other)),
                    None,
                );
                return None;
            }
        };
        let symbolic = symbols.iter().any(|s| s.eq_ignore_ascii_case(&text));
        if !symbolic && text.parse::<u64>().is_err() {
            let quoted: Vec<String> = symbols.iter().map(|s| format!("`{s}`")).collect();
            let hint = if quoted.is_empty() {
                "use a non-negative integer".to_owned()
            } else {
                format!("use a non-negative integer or {}", quoted.join(" or "))
            };
            self.error(
                member.value.offset,
                format!("invalid `{keyword}` `{text}`"),
                Some(&hint),
            );
        }
        Some(text)
    }

    /// Reads a `$DefaultValue`, which CSDL JSON writes in the JSON form of its type.
    fn default_value(&mut self, node: &Node<'_>) -> Option<String> {
        match &node.value {
            Value::String(s) => Some(s.to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            other => {
                self.error(
                    node.offset,
                    format!(
                        "`$DefaultValue` must be a primitive value, found {}",
                        describe(other)
                    ),
                    None,
                );
                None
            }
        }
    }

    /// Reads `$Annotations`: targets mapped to objects of annotations.
    fn annotation_blocks(&mut self, node: &Node<'_>) -> Vec<Annotations> {
        let Some(targets) = self.object(node, "`$Annotations`") else {
            return Vec::new();
        };
        let mut blocks = Vec::new();
        for target in targets {
            let block = self.nested(format!("Annotations[{}]", target.name), |r| {
                if let Err(reason) = names::check_target(&target.name) {
                    r.error(
                        target.offset,
                        format!("invalid annotation target `{}`: {reason}", target.name),
                        Some("a target is a qualified name, optionally followed by a parameter type list and `/`-separated segments"),
                    );
                }
                let fields = r.object(&target.value, &format!("the annotations of `{}`", target.name))?;
                let members = Members::of(fields);
                for member in members.keywords.iter().chain(&members.children) {
                    r.error(member.offset, format!("unexpected member `{}` in `$Annotations`", member.name), Some("members of an annotation target start with `@`"));
                }
                r.no_prefixed_annotations(&members, "`$Annotations`");
                Some(Annotations {
                    target: target.name.to_string(),
                    qualifier: None,
                    annotations: r.annotations(&members.annotations),
                    span: r.span(target.offset),
                })
            });
            blocks.extend(block);
        }
        blocks
    }
}
