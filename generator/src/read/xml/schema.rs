//! Schema elements of CSDL XML: types, operations, terms and the entity container.

use super::XmlReader;
use crate::csdl::{
    EntityContainer, EntitySet, EnumMember, EnumType, Facets, Key, NavigationProperty,
    NavigationPropertyBinding, Operation, OperationImport, Parameter, Property, PropertyRef,
    ReferentialConstraint, ReturnType, Schema, SchemaItem, Singleton, StructuredType, Term,
    TypeDefinition, TypeRef,
};
use crate::read::names;

/// Every element name of the `edm` namespace outside annotation expressions.
pub(super) const EDM_ELEMENTS: &[&str] = &[
    "Schema",
    "EntityType",
    "ComplexType",
    "EnumType",
    "Member",
    "TypeDefinition",
    "Key",
    "PropertyRef",
    "Property",
    "NavigationProperty",
    "ReferentialConstraint",
    "OnDelete",
    "Action",
    "Function",
    "Parameter",
    "ReturnType",
    "Term",
    "EntityContainer",
    "EntitySet",
    "Singleton",
    "NavigationPropertyBinding",
    "ActionImport",
    "FunctionImport",
    "Annotations",
    "Annotation",
];

/// Attributes of the type facets, in the order CSDL lists them.
const FACETS: &[&str] = &["MaxLength", "Precision", "Scale", "SRID", "Unicode"];

impl XmlReader<'_, '_> {
    pub(super) fn schema(&mut self, id: usize) -> Schema {
        self.check_attributes(id, &["Namespace", "Alias"]);
        let namespace = self.required(id, "Namespace");
        self.check_namespace(id, "Namespace", &namespace);
        if matches!(namespace.as_str(), "Edm" | "odata" | "System" | "Transient") {
            self.attr_error(
                id,
                "Namespace",
                format!("reserved namespace `{namespace}`"),
                None,
            );
        }
        let alias = self.optional(id, "Alias");
        if let Some(alias) = &alias {
            self.check_alias(id, alias);
        }
        let mut schema = Schema {
            namespace,
            alias,
            span: self.span(id),
            ..Default::default()
        };

        for (child, name) in self.children(id) {
            let item = match name {
                "EntityType" => SchemaItem::EntityType(self.structured_type(child, true)),
                "ComplexType" => SchemaItem::ComplexType(self.structured_type(child, false)),
                "EnumType" => SchemaItem::EnumType(self.enum_type(child)),
                "TypeDefinition" => SchemaItem::TypeDefinition(self.type_definition(child)),
                "Action" => SchemaItem::Action(self.operation(child, false)),
                "Function" => SchemaItem::Function(self.operation(child, true)),
                "Term" => SchemaItem::Term(self.term(child)),
                "EntityContainer" => SchemaItem::EntityContainer(self.entity_container(child)),
                "Annotations" => {
                    if let Some(block) = self.annotations_block(child) {
                        schema.annotation_blocks.push(block);
                    }
                    continue;
                }
                "Annotation" => {
                    self.push_annotation(child, &mut schema.annotations);
                    continue;
                }
                _ => {
                    let allowed = &[
                        "EntityType",
                        "ComplexType",
                        "EnumType",
                        "TypeDefinition",
                        "Action",
                        "Function",
                        "Term",
                        "EntityContainer",
                        "Annotations",
                        "Annotation",
                    ];
                    self.unexpected(child, id, allowed);
                    continue;
                }
            };
            schema.items.push(item);
        }
        schema
    }

    /// Reads an `EntityType` (with `Key` and `HasStream`) or a `ComplexType`.
    fn structured_type(&mut self, id: usize, entity: bool) -> StructuredType {
        let allowed: &[&str] = if entity {
            &["Name", "BaseType", "Abstract", "OpenType", "HasStream"]
        } else {
            &["Name", "BaseType", "Abstract", "OpenType"]
        };
        self.check_attributes(id, allowed);
        let mut ty = StructuredType {
            name: self.required_identifier(id, "Name"),
            base_type: self.qualified_name(id, "BaseType", false),
            is_abstract: self.bool_attr(id, "Abstract").unwrap_or(false),
            open_type: self.bool_attr(id, "OpenType").unwrap_or(false),
            has_stream: entity && self.bool_attr(id, "HasStream").unwrap_or(false),
            span: self.span(id),
            ..Default::default()
        };
        for (child, name) in self.children(id) {
            match name {
                "Key" if entity => {
                    let key = self.key(child);
                    if ty.key.is_some() {
                        // <EntityType Name="T"><Key>...</Key><Key>...</Key></EntityType>
                        self.error_hint(
                            child,
                            format!("entity type `{}` has more than one `Key`", ty.name),
                            "merge the `PropertyRef` elements into one `Key`".into(),
                        );
                    } else {
                        ty.key = Some(key);
                    }
                }
                "Property" => ty.properties.push(self.property(child)),
                "NavigationProperty" => ty
                    .navigation_properties
                    .push(self.navigation_property(child)),
                "Annotation" => self.push_annotation(child, &mut ty.annotations),
                _ if entity => self.unexpected(
                    child,
                    id,
                    &["Key", "Property", "NavigationProperty", "Annotation"],
                ),
                _ => self.unexpected(child, id, &["Property", "NavigationProperty", "Annotation"]),
            }
        }
        ty
    }

    fn key(&mut self, id: usize) -> Key {
        self.check_attributes(id, &[]);
        let mut key = Key {
            span: self.span(id),
            ..Default::default()
        };
        for (child, name) in self.children(id) {
            match name {
                "PropertyRef" => {
                    self.check_attributes(child, &["Name", "Alias"]);
                    for (grandchild, _) in self.children(child) {
                        self.unexpected(grandchild, child, &[]);
                    }
                    key.property_refs.push(PropertyRef {
                        name: self.required(child, "Name"),
                        alias: self.optional(child, "Alias"),
                        span: self.span(child),
                    });
                }
                _ => self.unexpected(child, id, &["PropertyRef"]),
            }
        }
        if key.property_refs.is_empty() {
            self.error_hint(
                id,
                "empty `Key`".into(),
                "list the key properties with `PropertyRef`".into(),
            );
        }
        key
    }

    fn property(&mut self, id: usize) -> Property {
        let mut allowed = vec!["Name", "Type", "Nullable", "DefaultValue"];
        allowed.extend_from_slice(FACETS);
        self.check_attributes(id, &allowed);
        let mut property = Property {
            name: self.required_identifier(id, "Name"),
            type_ref: self.type_ref(id, "Type"),
            facets: self.facets(id),
            default_value: self.optional(id, "DefaultValue"),
            span: self.span(id),
            ..Default::default()
        };
        self.annotations_only(id, &mut property.annotations);
        property
    }

    fn navigation_property(&mut self, id: usize) -> NavigationProperty {
        self.check_attributes(
            id,
            &["Name", "Type", "Nullable", "Partner", "ContainsTarget"],
        );
        let mut navigation = NavigationProperty {
            name: self.required_identifier(id, "Name"),
            type_ref: self.type_ref(id, "Type"),
            nullable: self.bool_attr(id, "Nullable"),
            partner: self.optional(id, "Partner"),
            contains_target: self.bool_attr(id, "ContainsTarget").unwrap_or(false),
            span: self.span(id),
            ..Default::default()
        };
        self.check_navigation_type(id, &navigation);
        for (child, name) in self.children(id) {
            match name {
                "ReferentialConstraint" => {
                    let constraint = self.referential_constraint(child);
                    navigation.referential_constraints.push(constraint);
                }
                "OnDelete" => {
                    self.check_attributes(child, &["Action"]);
                    let action = self.required(child, "Action");
                    if !action.is_empty()
                        && !matches!(
                            action.as_str(),
                            "Cascade" | "None" | "SetNull" | "SetDefault"
                        )
                    {
                        self.attr_error(
                            child,
                            "Action",
                            format!("invalid `OnDelete` action `{action}`"),
                            Some("use `Cascade`, `None`, `SetNull` or `SetDefault`".into()),
                        );
                    }
                    if navigation.on_delete.is_some() {
                        self.error_at(
                            child,
                            format!(
                                "navigation property `{}` has more than one `OnDelete`",
                                navigation.name
                            ),
                        );
                    }
                    navigation.on_delete = Some(action);
                    self.annotations_only(child, &mut navigation.on_delete_annotations);
                }
                "Annotation" => self.push_annotation(child, &mut navigation.annotations),
                _ => self.unexpected(
                    child,
                    id,
                    &["ReferentialConstraint", "OnDelete", "Annotation"],
                ),
            }
        }
        navigation
    }

    /// Rejects a navigation property typed with a primitive type.
    ///
    /// ```xml
    /// <NavigationProperty Name="LastName" Type="Edm.String" />
    /// ```
    ///
    /// Only `Edm.EntityType` of the built-in types can be the target of a navigation
    /// property, and no schema can declare types in `Edm`, so this needs no resolving.
    fn check_navigation_type(&mut self, id: usize, navigation: &NavigationProperty) {
        let name = &navigation.type_ref.name;
        if name.starts_with("Edm.") && name != "Edm.EntityType" {
            self.attr_error(
                id,
                "Type",
                format!("navigation property `{}` has the non-entity type `{name}`", navigation.name),
                Some("a navigation property's type is an entity type; use `Property` for primitive values".into()),
            );
        }
    }

    fn referential_constraint(&mut self, id: usize) -> ReferentialConstraint {
        self.check_attributes(id, &["Property", "ReferencedProperty"]);
        let mut constraint = ReferentialConstraint {
            property: self.required(id, "Property"),
            referenced_property: self.required(id, "ReferencedProperty"),
            span: self.span(id),
            ..Default::default()
        };
        self.annotations_only(id, &mut constraint.annotations);
        constraint
    }

    fn enum_type(&mut self, id: usize) -> EnumType {
        self.check_attributes(id, &["Name", "UnderlyingType", "IsFlags"]);
        let mut enum_type = EnumType {
            name: self.required_identifier(id, "Name"),
            underlying_type: self.optional(id, "UnderlyingType"),
            is_flags: self.bool_attr(id, "IsFlags").unwrap_or(false),
            span: self.span(id),
            ..Default::default()
        };
        if let Some(underlying) = &enum_type.underlying_type {
            if !matches!(
                underlying.as_str(),
                "Edm.Byte" | "Edm.SByte" | "Edm.Int16" | "Edm.Int32" | "Edm.Int64"
            ) {
                self.attr_error(
                    id,
                    "UnderlyingType",
                    format!("invalid enum underlying type `{underlying}`"),
                    Some(
                        "use `Edm.Byte`, `Edm.SByte`, `Edm.Int16`, `Edm.Int32` or `Edm.Int64`"
                            .into(),
                    ),
                );
            }
        }
        for (child, name) in self.children(id) {
            match name {
                "Member" => {
                    self.check_attributes(child, &["Name", "Value"]);
                    let mut member = EnumMember {
                        name: self.required_identifier(child, "Name"),
                        value: self.optional(child, "Value"),
                        span: self.span(child),
                        ..Default::default()
                    };
                    if let Some(value) = &member.value {
                        if value.parse::<i64>().is_err() {
                            let message =
                                format!("invalid value `{value}` for member `{}`", member.name);
                            self.attr_error(child, "Value", message, Some("use an integer".into()));
                        }
                    }
                    self.annotations_only(child, &mut member.annotations);
                    enum_type.members.push(member);
                }
                "Annotation" => self.push_annotation(child, &mut enum_type.annotations),
                _ => self.unexpected(child, id, &["Member", "Annotation"]),
            }
        }
        enum_type
    }

    fn type_definition(&mut self, id: usize) -> TypeDefinition {
        let mut allowed = vec!["Name", "UnderlyingType"];
        allowed.extend_from_slice(FACETS);
        self.check_attributes(id, &allowed);
        let mut definition = TypeDefinition {
            name: self.required_identifier(id, "Name"),
            underlying_type: self
                .qualified_name(id, "UnderlyingType", true)
                .unwrap_or_default(),
            facets: self.facets(id),
            span: self.span(id),
            ..Default::default()
        };
        self.annotations_only(id, &mut definition.annotations);
        definition
    }

    /// Reads an `Action` or, with `function` set, a `Function` overload.
    fn operation(&mut self, id: usize, function: bool) -> Operation {
        let allowed: &[&str] = if function {
            &["Name", "IsBound", "EntitySetPath", "IsComposable"]
        } else {
            &["Name", "IsBound", "EntitySetPath"]
        };
        self.check_attributes(id, allowed);
        let mut operation = Operation {
            name: self.required_identifier(id, "Name"),
            is_bound: self.bool_attr(id, "IsBound").unwrap_or(false),
            is_composable: function && self.bool_attr(id, "IsComposable").unwrap_or(false),
            entity_set_path: self.optional(id, "EntitySetPath"),
            span: self.span(id),
            ..Default::default()
        };
        for (child, name) in self.children(id) {
            match name {
                "Parameter" => operation.parameters.push(self.parameter(child)),
                "ReturnType" => {
                    let return_type = self.return_type(child);
                    if operation.return_type.is_some() {
                        self.error_at(
                            child,
                            format!("`{}` has more than one `ReturnType`", operation.name),
                        );
                    } else {
                        operation.return_type = Some(return_type);
                    }
                }
                "Annotation" => self.push_annotation(child, &mut operation.annotations),
                _ => self.unexpected(child, id, &["Parameter", "ReturnType", "Annotation"]),
            }
        }
        if function && operation.return_type.is_none() {
            self.error_hint(
                id,
                format!("function `{}` has no `ReturnType`", operation.name),
                "every function returns a value; declare it with `<ReturnType Type=\"...\" />`"
                    .into(),
            );
        }
        if operation.is_bound && operation.parameters.is_empty() {
            self.error_hint(
                id,
                format!("bound operation `{}` has no parameters", operation.name),
                "the first parameter of a bound operation is its binding parameter".into(),
            );
        }
        operation
    }

    fn parameter(&mut self, id: usize) -> Parameter {
        let mut allowed = vec!["Name", "Type", "Nullable"];
        allowed.extend_from_slice(FACETS);
        self.check_attributes(id, &allowed);
        let mut parameter = Parameter {
            name: self.required_identifier(id, "Name"),
            type_ref: self.type_ref(id, "Type"),
            facets: self.facets(id),
            span: self.span(id),
            ..Default::default()
        };
        self.annotations_only(id, &mut parameter.annotations);
        parameter
    }

    fn return_type(&mut self, id: usize) -> ReturnType {
        let mut allowed = vec!["Type", "Nullable"];
        allowed.extend_from_slice(FACETS);
        self.check_attributes(id, &allowed);
        let mut return_type = ReturnType {
            type_ref: self.type_ref(id, "Type"),
            facets: self.facets(id),
            span: self.span(id),
            ..Default::default()
        };
        self.annotations_only(id, &mut return_type.annotations);
        return_type
    }

    fn term(&mut self, id: usize) -> Term {
        let mut allowed = vec![
            "Name",
            "Type",
            "BaseTerm",
            "DefaultValue",
            "AppliesTo",
            "Nullable",
        ];
        allowed.extend_from_slice(FACETS);
        self.check_attributes(id, &allowed);
        let applies_to = self.optional(id, "AppliesTo").unwrap_or_default();
        let mut term = Term {
            name: self.required_identifier(id, "Name"),
            type_ref: self.type_ref(id, "Type"),
            base_term: self.qualified_name(id, "BaseTerm", false),
            default_value: self.optional(id, "DefaultValue"),
            applies_to: applies_to.split_whitespace().map(str::to_owned).collect(),
            facets: self.facets(id),
            span: self.span(id),
            ..Default::default()
        };
        self.annotations_only(id, &mut term.annotations);
        term
    }

    fn entity_container(&mut self, id: usize) -> EntityContainer {
        self.check_attributes(id, &["Name", "Extends"]);
        let mut container = EntityContainer {
            name: self.required_identifier(id, "Name"),
            extends: self.qualified_name(id, "Extends", false),
            span: self.span(id),
            ..Default::default()
        };
        for (child, name) in self.children(id) {
            match name {
                "EntitySet" => container.entity_sets.push(self.entity_set(child)),
                "Singleton" => container.singletons.push(self.singleton(child)),
                "ActionImport" => container
                    .action_imports
                    .push(self.operation_import(child, false)),
                "FunctionImport" => container
                    .function_imports
                    .push(self.operation_import(child, true)),
                "Annotation" => self.push_annotation(child, &mut container.annotations),
                _ => {
                    let allowed = [
                        "EntitySet",
                        "Singleton",
                        "ActionImport",
                        "FunctionImport",
                        "Annotation",
                    ];
                    self.unexpected(child, id, &allowed);
                }
            }
        }
        container
    }

    fn entity_set(&mut self, id: usize) -> EntitySet {
        self.check_attributes(id, &["Name", "EntityType", "IncludeInServiceDocument"]);
        let mut set = EntitySet {
            name: self.required_identifier(id, "Name"),
            entity_type: self
                .qualified_name(id, "EntityType", true)
                .unwrap_or_default(),
            include_in_service_document: self.bool_attr(id, "IncludeInServiceDocument"),
            span: self.span(id),
            ..Default::default()
        };
        self.bindings_and_annotations(
            id,
            &mut set.navigation_property_bindings,
            &mut set.annotations,
        );
        set
    }

    fn singleton(&mut self, id: usize) -> Singleton {
        self.check_attributes(id, &["Name", "Type", "Nullable"]);
        let mut singleton = Singleton {
            name: self.required_identifier(id, "Name"),
            type_name: self.qualified_name(id, "Type", true).unwrap_or_default(),
            nullable: self.bool_attr(id, "Nullable"),
            span: self.span(id),
            ..Default::default()
        };
        let (bindings, annotations) = (
            &mut singleton.navigation_property_bindings,
            &mut singleton.annotations,
        );
        self.bindings_and_annotations(id, bindings, annotations);
        singleton
    }

    fn bindings_and_annotations(
        &mut self,
        id: usize,
        bindings: &mut Vec<NavigationPropertyBinding>,
        annotations: &mut Vec<crate::csdl::Annotation>,
    ) {
        for (child, name) in self.children(id) {
            match name {
                "NavigationPropertyBinding" => {
                    self.check_attributes(child, &["Path", "Target"]);
                    for (grandchild, _) in self.children(child) {
                        self.unexpected(grandchild, child, &[]);
                    }
                    bindings.push(NavigationPropertyBinding {
                        path: self.required(child, "Path"),
                        target: self.required(child, "Target"),
                        span: self.span(child),
                    });
                }
                "Annotation" => self.push_annotation(child, annotations),
                _ => self.unexpected(child, id, &["NavigationPropertyBinding", "Annotation"]),
            }
        }
    }

    /// Reads an `ActionImport` or, with `function` set, a `FunctionImport`.
    fn operation_import(&mut self, id: usize, function: bool) -> OperationImport {
        let (target, allowed): (&str, &[&str]) = if function {
            (
                "Function",
                &["Name", "Function", "EntitySet", "IncludeInServiceDocument"],
            )
        } else {
            ("Action", &["Name", "Action", "EntitySet"])
        };
        self.check_attributes(id, allowed);
        let mut import = OperationImport {
            name: self.required_identifier(id, "Name"),
            operation: self.qualified_name(id, target, true).unwrap_or_default(),
            entity_set: self.optional(id, "EntitySet"),
            include_in_service_document: if function {
                self.bool_attr(id, "IncludeInServiceDocument")
            } else {
                None
            },
            span: self.span(id),
            ..Default::default()
        };
        self.annotations_only(id, &mut import.annotations);
        import
    }

    /// Reads the `Type` attribute as a type reference.
    fn type_ref(&mut self, id: usize, attr: &str) -> TypeRef {
        let text = self.required(id, attr).trim().to_owned();
        if text.is_empty() {
            return TypeRef::default();
        }
        match names::parse_type_ref(&text) {
            Ok(type_ref) => type_ref,
            Err(message) => {
                self.attr_error(id, attr, message, None);
                TypeRef {
                    name: text,
                    collection: false,
                }
            }
        }
    }

    /// Reads `Nullable` and the facet attributes that are present.
    pub(super) fn facets(&mut self, id: usize) -> Facets {
        Facets {
            nullable: self.bool_attr(id, "Nullable"),
            max_length: self.symbolic_number(id, "MaxLength", &["max"]),
            precision: self.u32_attr(id, "Precision"),
            scale: self.symbolic_number(id, "Scale", &["variable", "floating"]),
            srid: self.symbolic_number(id, "SRID", &["variable"]),
            unicode: self.bool_attr(id, "Unicode"),
        }
    }

    fn u32_attr(&mut self, id: usize, name: &str) -> Option<u32> {
        let value = self.optional(id, name)?;
        match value.parse::<u32>() {
            Ok(number) => Some(number),
            Err(_) => {
                let message = format!("invalid value `{value}` for `{name}`");
                self.attr_error(id, name, message, Some("use a non-negative integer".into()));
                None
            }
        }
    }

    /// Reads a facet that is a non-negative integer or one of the given symbolic values,
    /// which CSDL compares case-insensitively.
    fn symbolic_number(&mut self, id: usize, name: &str, symbols: &[&str]) -> Option<String> {
        let value = self.optional(id, name)?;
        let symbolic = symbols.iter().any(|s| s.eq_ignore_ascii_case(&value));
        if !symbolic && value.parse::<u64>().is_err() {
            let quoted: Vec<String> = symbols.iter().map(|s| format!("`{s}`")).collect();
            self.attr_error(
                id,
                name,
                format!("invalid value `{value}` for `{name}`"),
                Some(format!(
                    "use a non-negative integer or {}",
                    quoted.join(" or ")
                )),
            );
        }
        Some(value)
    }
}
