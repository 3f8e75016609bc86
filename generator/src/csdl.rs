//! The raw CSDL model: what a metadata document says, before any name is resolved.
//!
//! Both readers (XML and JSON) produce these types, so everything after reading is
//! format-independent. Names are kept exactly as written, including alias-qualified
//! ones such as `self.alertEvidence`; the resolve phase binds them. Every element
//! carries the [`Span`] it was read from, so later phases can point at the source.

/// Index of an input file in the list given to the generator.
pub type FileId = u32;

/// A position in an input file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub line: u32,
    pub column: u32,
}

/// One metadata document (`edmx:Edmx` in XML, the top-level object in JSON).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The `Version` attribute (`$Version` in JSON), such as `4.0` or `4.01`.
    pub version: String,
    pub references: Vec<Reference>,
    pub schemas: Vec<Schema>,
    /// The entity container named by `$EntityContainer` in CSDL JSON, if any.
    pub entity_container: Option<String>,
    pub span: Span,
}

/// An `edmx:Reference` to another metadata document or vocabulary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reference {
    pub uri: String,
    pub includes: Vec<Include>,
    pub include_annotations: Vec<IncludeAnnotations>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// An `edmx:Include`: a namespace of a referenced document, optionally under an alias.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Include {
    pub namespace: String,
    pub alias: Option<String>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// An `edmx:IncludeAnnotations` element.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IncludeAnnotations {
    pub term_namespace: String,
    pub qualifier: Option<String>,
    pub target_namespace: Option<String>,
    pub span: Span,
}

/// A `Schema`: one namespace and the items declared in it, in document order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schema {
    pub namespace: String,
    pub alias: Option<String>,
    pub items: Vec<SchemaItem>,
    /// `Annotations` blocks that target elements by path.
    pub annotation_blocks: Vec<Annotations>,
    /// Annotations on the schema itself.
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// A named item declared directly in a schema.
#[derive(Debug, Clone, PartialEq)]
pub enum SchemaItem {
    EntityType(StructuredType),
    ComplexType(StructuredType),
    EnumType(EnumType),
    TypeDefinition(TypeDefinition),
    Action(Operation),
    Function(Operation),
    Term(Term),
    EntityContainer(EntityContainer),
}

impl SchemaItem {
    /// Returns the declared name of the item.
    pub fn name(&self) -> &str {
        match self {
            SchemaItem::EntityType(t) | SchemaItem::ComplexType(t) => &t.name,
            SchemaItem::EnumType(t) => &t.name,
            SchemaItem::TypeDefinition(t) => &t.name,
            SchemaItem::Action(o) | SchemaItem::Function(o) => &o.name,
            SchemaItem::Term(t) => &t.name,
            SchemaItem::EntityContainer(c) => &c.name,
        }
    }

    /// Returns the element name used in schema paths, such as `ComplexType`.
    pub fn kind(&self) -> &'static str {
        match self {
            SchemaItem::EntityType(_) => "EntityType",
            SchemaItem::ComplexType(_) => "ComplexType",
            SchemaItem::EnumType(_) => "EnumType",
            SchemaItem::TypeDefinition(_) => "TypeDefinition",
            SchemaItem::Action(_) => "Action",
            SchemaItem::Function(_) => "Function",
            SchemaItem::Term(_) => "Term",
            SchemaItem::EntityContainer(_) => "EntityContainer",
        }
    }

    /// Returns where the item was declared.
    pub fn span(&self) -> Span {
        match self {
            SchemaItem::EntityType(t) | SchemaItem::ComplexType(t) => t.span,
            SchemaItem::EnumType(t) => t.span,
            SchemaItem::TypeDefinition(t) => t.span,
            SchemaItem::Action(o) | SchemaItem::Function(o) => o.span,
            SchemaItem::Term(t) => t.span,
            SchemaItem::EntityContainer(c) => c.span,
        }
    }
}

/// An `EntityType` or a `ComplexType`; `key` and `has_stream` apply to entity types only.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StructuredType {
    pub name: String,
    /// Qualified name of the base type as written (namespace or alias form).
    pub base_type: Option<String>,
    pub is_abstract: bool,
    pub open_type: bool,
    pub has_stream: bool,
    pub key: Option<Key>,
    pub properties: Vec<Property>,
    pub navigation_properties: Vec<NavigationProperty>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// The `Key` of an entity type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Key {
    pub property_refs: Vec<PropertyRef>,
    pub span: Span,
}

/// One `PropertyRef` of a key: a path to a primitive property, with an optional alias.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PropertyRef {
    pub name: String,
    pub alias: Option<String>,
    pub span: Span,
}

/// Type facets shared by properties, parameters, return types, terms and type definitions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facets {
    /// `None` when the attribute is absent, so the reader keeps what was written.
    pub nullable: Option<bool>,
    /// `max` is kept as the string `max`.
    pub max_length: Option<String>,
    pub precision: Option<u32>,
    /// `variable` and `floating` are kept as written.
    pub scale: Option<String>,
    /// `variable` is kept as written.
    pub srid: Option<String>,
    pub unicode: Option<bool>,
}

/// A type reference as written: `Edm.String`, `self.alert` or `Collection(graph.entity)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypeRef {
    /// Qualified name of the element type, without `Collection(...)`.
    pub name: String,
    pub collection: bool,
}

/// A structural `Property`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Property {
    pub name: String,
    pub type_ref: TypeRef,
    pub facets: Facets,
    pub default_value: Option<String>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// A `NavigationProperty`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NavigationProperty {
    pub name: String,
    pub type_ref: TypeRef,
    pub nullable: Option<bool>,
    pub partner: Option<String>,
    pub contains_target: bool,
    pub referential_constraints: Vec<ReferentialConstraint>,
    /// The `Action` of `OnDelete`: `Cascade`, `None`, `SetNull` or `SetDefault`.
    pub on_delete: Option<String>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
    /// Annotations of the `OnDelete` element (`$OnDelete@Term` in JSON).
    pub on_delete_annotations: Vec<Annotation>,
}

/// A `ReferentialConstraint` of a navigation property.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReferentialConstraint {
    pub property: String,
    pub referenced_property: String,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// An `EnumType`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EnumType {
    pub name: String,
    /// `Edm.Int32` when absent.
    pub underlying_type: Option<String>,
    pub is_flags: bool,
    pub members: Vec<EnumMember>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// A `Member` of an enum type. `value` is `None` when the document leaves it implicit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EnumMember {
    pub name: String,
    /// The value as written, so overflow can be reported against the underlying type.
    pub value: Option<String>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// A `TypeDefinition`: a named primitive type with facets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TypeDefinition {
    pub name: String,
    pub underlying_type: String,
    pub facets: Facets,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// An `Action` or a `Function` overload.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Operation {
    pub name: String,
    pub is_bound: bool,
    /// Functions only.
    pub is_composable: bool,
    pub entity_set_path: Option<String>,
    pub parameters: Vec<Parameter>,
    pub return_type: Option<ReturnType>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// A `Parameter` of an action or function.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub type_ref: TypeRef,
    pub facets: Facets,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// The `ReturnType` of an action or function.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReturnType {
    pub type_ref: TypeRef,
    pub facets: Facets,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// A `Term` of a vocabulary.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Term {
    pub name: String,
    pub type_ref: TypeRef,
    pub base_term: Option<String>,
    pub default_value: Option<String>,
    /// Space-separated element names in XML, an array in JSON; kept as a list.
    pub applies_to: Vec<String>,
    pub facets: Facets,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// An `EntityContainer` and its children, in document order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntityContainer {
    pub name: String,
    pub extends: Option<String>,
    pub entity_sets: Vec<EntitySet>,
    pub singletons: Vec<Singleton>,
    pub action_imports: Vec<OperationImport>,
    pub function_imports: Vec<OperationImport>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// An `EntitySet`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntitySet {
    pub name: String,
    pub entity_type: String,
    pub include_in_service_document: Option<bool>,
    pub navigation_property_bindings: Vec<NavigationPropertyBinding>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// A `Singleton`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Singleton {
    pub name: String,
    pub type_name: String,
    pub nullable: Option<bool>,
    pub navigation_property_bindings: Vec<NavigationPropertyBinding>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// A `NavigationPropertyBinding` of an entity set or singleton.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NavigationPropertyBinding {
    pub path: String,
    pub target: String,
    pub span: Span,
}

/// An `ActionImport` or `FunctionImport`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OperationImport {
    pub name: String,
    /// The qualified name of the imported action or function.
    pub operation: String,
    pub entity_set: Option<String>,
    pub include_in_service_document: Option<bool>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// An `Annotations` block: annotations applied to a target path from outside.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Annotations {
    pub target: String,
    pub qualifier: Option<String>,
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// One `Annotation`: a term applied to the enclosing element, with its value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Annotation {
    /// Qualified term name as written, such as `Org.OData.Core.V1.Description`.
    pub term: String,
    pub qualifier: Option<String>,
    /// `None` when the annotation has no value, which means the term's default.
    pub value: Option<Expr>,
    /// Annotations of the annotation itself.
    pub annotations: Vec<Annotation>,
    pub span: Span,
}

/// An annotation expression, constant or dynamic.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Binary(String),
    Bool(bool),
    Date(String),
    DateTimeOffset(String),
    Decimal(String),
    Duration(String),
    /// One or more members as written, such as `self.color/red self.color/blue`.
    EnumMember(String),
    Float(String),
    Guid(String),
    Int(String),
    String(String),
    TimeOfDay(String),
    AnnotationPath(String),
    ModelElementPath(String),
    NavigationPropertyPath(String),
    PropertyPath(String),
    Path(String),
    UrlRef(Box<Expr>),
    Null,
    Collection(Vec<Expr>),
    Record(Record),
    /// `And`, `Or`, `Not`, `Eq`, `Ne`, `Gt`, `Ge`, `Lt`, `Le`, `Has`, `In`, `Add`, `Sub`,
    /// `Neg`, `Mul`, `Div`, `DivBy`, `Mod`: the operator name and its operands.
    Operator {
        name: String,
        operands: Vec<Expr>,
        annotations: Vec<Annotation>,
    },
    Apply {
        function: String,
        arguments: Vec<Expr>,
        annotations: Vec<Annotation>,
    },
    Cast {
        type_ref: TypeRef,
        facets: Facets,
        value: Box<Expr>,
        annotations: Vec<Annotation>,
    },
    IsOf {
        type_ref: TypeRef,
        facets: Facets,
        value: Box<Expr>,
        annotations: Vec<Annotation>,
    },
    If {
        condition: Box<Expr>,
        then: Box<Expr>,
        otherwise: Option<Box<Expr>>,
        annotations: Vec<Annotation>,
    },
    LabeledElement {
        name: String,
        value: Box<Expr>,
        annotations: Vec<Annotation>,
    },
    LabeledElementReference(String),
    /// A `Null` or `UrlRef` expression that carries annotations. Those two forms have no
    /// annotation field of their own, so the readers wrap them only when annotated; every
    /// other form keeps its annotations in its own `annotations` field.
    Annotated {
        value: Box<Expr>,
        annotations: Vec<Annotation>,
    },
}

/// A `Record` expression.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    pub type_name: Option<String>,
    pub properties: Vec<PropertyValue>,
    pub annotations: Vec<Annotation>,
}

/// A `PropertyValue` of a record.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyValue {
    pub property: String,
    pub value: Expr,
    pub annotations: Vec<Annotation>,
}
