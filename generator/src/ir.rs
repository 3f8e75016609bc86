//! The intermediate representation: a resolved model that emitters read.
//!
//! Type references are [`TypeId`]s into one arena, every named item keeps its wire name
//! and its Rust name, and nothing here depends on `syn` or `proc_macro2`, so a model can
//! be built, dumped and tested without emitting code. Collections are `BTreeMap`s and
//! `Vec`s in declaration order, so iteration order is fixed.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::csdl::Span;

/// Index of a type in [`Model::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub u32);

/// A resolved model: the selected types of every namespace and the service's container.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Every type, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    /// Qualified name (`microsoft.graph.security.alert`) to type.
    pub by_name: BTreeMap<String, TypeId>,
    /// Namespaces by name, with the Rust module each one becomes.
    pub namespaces: BTreeMap<String, Namespace>,
    /// Entity sets and singletons of the entity container, if the document has one.
    pub container: Option<Container>,
}

impl Model {
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0 as usize]
    }

    /// Returns the structured type behind `id`, if it is one.
    pub fn structured(&self, id: TypeId) -> Option<&StructuredType> {
        match &self.get(id).kind {
            TypeKind::Structured(s) => Some(s),
            _ => None,
        }
    }

    /// Returns the ids of the selected types in `namespace`, in declaration order.
    pub fn types_in<'a>(&'a self, namespace: &'a str) -> impl Iterator<Item = TypeId> + 'a {
        self.types
            .iter()
            .enumerate()
            .filter(move |(_, t)| {
                t.selected && t.namespace == namespace && !matches!(t.kind, TypeKind::External)
            })
            .map(|(i, _)| TypeId(i as u32))
    }

    /// Returns the chain of base types of `id`, most basic first, ending with `id` itself.
    pub fn base_chain(&self, id: TypeId) -> Vec<TypeId> {
        let mut chain = vec![id];
        let mut current = id;
        while let Some(base) = self.structured(current).and_then(|s| s.base) {
            if chain.contains(&base) {
                break; // cycles were reported by resolve; stop rather than loop
            }
            chain.push(base);
            current = base;
        }
        chain.reverse();
        chain
    }

    /// Returns every property of `id`, inherited ones first (most basic type first).
    pub fn all_properties(&self, id: TypeId) -> Vec<(TypeId, &Property)> {
        let mut out = Vec::new();
        for owner in self.base_chain(id) {
            if let Some(s) = self.structured(owner) {
                out.extend(s.properties.iter().map(|p| (owner, p)));
            }
        }
        out
    }

    /// Returns every selected type derived from `id`, directly or not, in declaration order.
    pub fn all_derived(&self, id: TypeId) -> Vec<TypeId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(current) = stack.pop() {
            if let Some(s) = self.structured(current) {
                for &d in &s.derived {
                    if self.get(d).selected && !out.contains(&d) {
                        out.push(d);
                        stack.push(d);
                    }
                }
            }
        }
        out.sort();
        out
    }

    /// Returns whether a property of this type decodes into a polymorphic enum chosen by
    /// `@odata.type`, because selected types derive from it.
    pub fn is_polymorphic(&self, id: TypeId) -> bool {
        self.structured(id)
            .is_some_and(|s| s.polymorphic_name.is_some())
    }

    /// Writes the model as indented text, for tests and for debugging the generator.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for (ns, namespace) in &self.namespaces {
            if self.types_in(ns).next().is_none() {
                continue;
            }
            let _ = writeln!(
                out,
                "namespace {ns} -> {}",
                namespace.module_path.join("::")
            );
            for id in self.types_in(ns) {
                self.dump_type(&mut out, id);
            }
        }
        if let Some(container) = &self.container {
            let _ = writeln!(out, "container {}", container.name);
            for set in container
                .entity_sets
                .iter()
                .filter(|s| self.get(s.entity_type).selected)
            {
                let kind = if set.singleton {
                    "singleton"
                } else {
                    "entity set"
                };
                let entity = &self.get(set.entity_type).qualified_name;
                let _ = writeln!(out, "  {kind} {}: {entity}", set.name);
                if set.capabilities != Capabilities::default() {
                    let _ = writeln!(out, "    {:?}", set.capabilities);
                }
            }
            for (path, capabilities) in &container.path_capabilities {
                let _ = writeln!(out, "  path {path}: {capabilities:?}");
            }
        }
        out
    }

    fn dump_type(&self, out: &mut String, id: TypeId) {
        let t = self.get(id);
        match &t.kind {
            TypeKind::Structured(s) => {
                let kind = if s.is_entity { "entity" } else { "complex" };
                let base = s.base.map(|b| self.get(b).qualified_name.clone());
                let _ = writeln!(
                    out,
                    "  {kind} {} as {} base={base:?} abstract={} open={} key={:?} any={:?}",
                    t.name, t.rust_name, s.is_abstract, s.is_open, s.key, s.polymorphic_name
                );
                if s.capabilities != Capabilities::default() {
                    let _ = writeln!(out, "    {:?}", s.capabilities);
                }
                for p in &s.properties {
                    let _ = writeln!(
                        out,
                        "    {} as {}: {} nullable={} boxed={} deprecated={}",
                        p.name,
                        p.rust_name,
                        self.type_use_name(&p.ty),
                        p.nullable,
                        p.boxed,
                        p.docs.deprecated.is_some()
                    );
                }
                for n in &s.navigation {
                    let _ = writeln!(
                        out,
                        "    nav {} as {}: {} contains={}",
                        n.name,
                        n.rust_name,
                        self.type_use_name(&n.ty),
                        n.contains_target
                    );
                }
            }
            TypeKind::Enum(e) => {
                let _ = writeln!(
                    out,
                    "  enum {} as {} flags={} other={}",
                    t.name, t.rust_name, e.is_flags, e.other_variant
                );
                for m in &e.members {
                    let _ = writeln!(out, "    {} as {} = {}", m.name, m.rust_name, m.value);
                }
            }
            TypeKind::Alias(p) => {
                let _ = writeln!(out, "  typedef {} as {} = {p:?}", t.name, t.rust_name);
            }
            TypeKind::External => {}
        }
    }

    /// Returns a readable name for a type use, such as `Collection(Edm.String)`.
    pub fn type_use_name(&self, ty: &TypeUse) -> String {
        let inner = match ty.target {
            Target::Primitive(p) => p.edm_name().to_owned(),
            Target::Named(id) => self.get(id).qualified_name.clone(),
        };
        if ty.collection {
            format!("Collection({inner})")
        } else {
            inner
        }
    }
}

/// A namespace and the Rust module it becomes.
#[derive(Debug, Clone, Default)]
pub struct Namespace {
    pub name: String,
    pub alias: Option<String>,
    /// Module path below the models root: empty for the root namespace, `["security"]` for
    /// `microsoft.graph.security` when `microsoft.graph` is the root.
    pub module_path: Vec<String>,
}

/// A named type of the model.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Name inside its namespace, as written in the schema.
    pub name: String,
    pub namespace: String,
    /// `namespace.name`.
    pub qualified_name: String,
    pub rust_name: String,
    pub docs: Docs,
    pub kind: TypeKind,
    /// Whether the type is generated; types outside the selected closure stay in the
    /// arena so references resolve, but produce no code.
    pub selected: bool,
    pub span: Span,
    /// Schema path for diagnostics, such as `microsoft.graph.security/EntityType[alert]`.
    pub path: String,
}

/// The kind of a named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    Structured(StructuredType),
    Enum(EnumType),
    /// A `TypeDefinition`: a named primitive type.
    Alias(Primitive),
    /// A type of a namespace that an `edmx:Include` names but no input document declares,
    /// so nothing is known about it but its name. Never generated: a structural property
    /// of this type is kept as untyped JSON, and navigation to it gets no requests.
    External,
}

/// An entity type or a complex type.
#[derive(Debug, Clone, Default)]
pub struct StructuredType {
    pub is_entity: bool,
    pub base: Option<TypeId>,
    pub is_abstract: bool,
    pub is_open: bool,
    /// Names of the key properties (entity types only; inherited keys included).
    pub key: Vec<String>,
    /// Properties declared on this type itself, in declaration order.
    pub properties: Vec<Property>,
    pub navigation: Vec<NavigationProperty>,
    /// Types that name this one as their base, directly.
    pub derived: Vec<TypeId>,
    /// Rust name of the enum over this type and its derived types, when a selected type
    /// derives from it.
    pub polymorphic_name: Option<String>,
    /// Query and write support of collections of this type, from `Capabilities` annotations.
    pub capabilities: Capabilities,
}

/// Query and write support declared by `Org.OData.Capabilities.V1` annotations. `None`
/// means the metadata does not say, which OData reads as supported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Capabilities {
    pub countable: Option<bool>,
    pub filterable: Option<bool>,
    pub selectable: Option<bool>,
    pub expandable: Option<bool>,
    pub searchable: Option<bool>,
    pub sortable: Option<bool>,
    pub top: Option<bool>,
    pub skip: Option<bool>,
    pub insertable: Option<bool>,
    pub updatable: Option<bool>,
    pub deletable: Option<bool>,
}

/// A structural property.
#[derive(Debug, Clone)]
pub struct Property {
    pub name: String,
    pub rust_name: String,
    pub ty: TypeUse,
    /// Whether JSON `null` is allowed; for collections, whether items may be null.
    pub nullable: bool,
    /// Whether the field is boxed because its type contains the owner by value.
    pub boxed: bool,
    pub docs: Docs,
    pub span: Span,
}

impl Property {
    /// Returns whether the field is an `Option`, which is the case for a nullable single value. Every other property is a
    /// plain field whose absence is recorded in `absent_properties`.
    pub fn is_optional(&self) -> bool {
        self.nullable && !self.ty.collection
    }
}

/// A navigation property.
#[derive(Debug, Clone)]
pub struct NavigationProperty {
    pub name: String,
    pub rust_name: String,
    pub ty: TypeUse,
    pub nullable: bool,
    pub contains_target: bool,
    /// Query and write support of the navigation target, from `Capabilities` annotations.
    pub capabilities: Capabilities,
    pub docs: Docs,
    pub span: Span,
}

/// A reference to a type from a property, with its collection flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypeUse {
    pub target: Target,
    pub collection: bool,
}

/// The element type of a [`TypeUse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Primitive(Primitive),
    Named(TypeId),
}

/// An enum type.
#[derive(Debug, Clone, Default)]
pub struct EnumType {
    pub underlying: Option<Primitive>,
    pub is_flags: bool,
    pub members: Vec<EnumMember>,
    /// Rust name of the variant that keeps unknown member names.
    pub other_variant: String,
}

/// A member of an enum type, with its resolved numeric value.
#[derive(Debug, Clone)]
pub struct EnumMember {
    pub name: String,
    pub rust_name: String,
    pub value: i64,
    pub docs: Docs,
}

/// Documentation and deprecation taken from annotations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Docs {
    /// `Core.Description`.
    pub description: Option<String>,
    /// `Core.LongDescription`.
    pub long_description: Option<String>,
    pub deprecated: Option<Deprecation>,
}

/// A `Core.Revisions` entry of kind `Deprecated`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deprecation {
    pub description: Option<String>,
    pub date: Option<String>,
    pub removal_date: Option<String>,
    pub version: Option<String>,
}

/// An Edm primitive type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Primitive {
    Binary,
    Boolean,
    Byte,
    Date,
    DateTimeOffset,
    Decimal,
    Double,
    Duration,
    Guid,
    Int16,
    Int32,
    Int64,
    SByte,
    Single,
    Stream,
    String,
    TimeOfDay,
    Untyped,
    /// Any `Edm.Geography*` type, kept as GeoJSON.
    Geography,
    /// Any `Edm.Geometry*` type, kept as GeoJSON.
    Geometry,
    /// `Edm.PrimitiveType`: any primitive value.
    AnyPrimitive,
}

/// The Edm names that [`Primitive::from_edm_name`] accepts, for suggestions.
pub const EDM_NAMES: &[&str] = &[
    "Edm.Binary",
    "Edm.Boolean",
    "Edm.Byte",
    "Edm.Date",
    "Edm.DateTimeOffset",
    "Edm.Decimal",
    "Edm.Double",
    "Edm.Duration",
    "Edm.Guid",
    "Edm.Int16",
    "Edm.Int32",
    "Edm.Int64",
    "Edm.SByte",
    "Edm.Single",
    "Edm.Stream",
    "Edm.String",
    "Edm.TimeOfDay",
    "Edm.Untyped",
    "Edm.PrimitiveType",
    "Edm.Geography",
    "Edm.GeographyPoint",
    "Edm.GeographyLineString",
    "Edm.GeographyPolygon",
    "Edm.GeographyMultiPoint",
    "Edm.GeographyMultiLineString",
    "Edm.GeographyMultiPolygon",
    "Edm.GeographyCollection",
    "Edm.Geometry",
    "Edm.GeometryPoint",
    "Edm.GeometryLineString",
    "Edm.GeometryPolygon",
    "Edm.GeometryMultiPoint",
    "Edm.GeometryMultiLineString",
    "Edm.GeometryMultiPolygon",
    "Edm.GeometryCollection",
];

/// Returns whether `local` is `family` (`Geography` or `Geometry`) alone or followed by one
/// of the shapes CSDL defines, such as `GeographyPoint`.
fn is_geo_kind(local: &str, family: &str) -> bool {
    const SHAPES: &[&str] = &[
        "",
        "Point",
        "LineString",
        "Polygon",
        "MultiPoint",
        "MultiLineString",
        "MultiPolygon",
        "Collection",
    ];
    local
        .strip_prefix(family)
        .is_some_and(|shape| SHAPES.contains(&shape))
}

impl Primitive {
    /// Parses a qualified `Edm.*` name.
    pub fn from_edm_name(name: &str) -> Option<Primitive> {
        let local = name.strip_prefix("Edm.")?;
        Some(match local {
            "Binary" => Primitive::Binary,
            "Boolean" => Primitive::Boolean,
            "Byte" => Primitive::Byte,
            "Date" => Primitive::Date,
            "DateTimeOffset" => Primitive::DateTimeOffset,
            "Decimal" => Primitive::Decimal,
            "Double" => Primitive::Double,
            "Duration" => Primitive::Duration,
            "Guid" => Primitive::Guid,
            "Int16" => Primitive::Int16,
            "Int32" => Primitive::Int32,
            "Int64" => Primitive::Int64,
            "SByte" => Primitive::SByte,
            "Single" => Primitive::Single,
            "Stream" => Primitive::Stream,
            "String" => Primitive::String,
            "TimeOfDay" => Primitive::TimeOfDay,
            "Untyped" => Primitive::Untyped,
            "PrimitiveType" => Primitive::AnyPrimitive,
            _ if is_geo_kind(local, "Geography") => Primitive::Geography,
            _ if is_geo_kind(local, "Geometry") => Primitive::Geometry,
            _ => return None,
        })
    }

    pub fn edm_name(self) -> &'static str {
        match self {
            Primitive::Binary => "Edm.Binary",
            Primitive::Boolean => "Edm.Boolean",
            Primitive::Byte => "Edm.Byte",
            Primitive::Date => "Edm.Date",
            Primitive::DateTimeOffset => "Edm.DateTimeOffset",
            Primitive::Decimal => "Edm.Decimal",
            Primitive::Double => "Edm.Double",
            Primitive::Duration => "Edm.Duration",
            Primitive::Guid => "Edm.Guid",
            Primitive::Int16 => "Edm.Int16",
            Primitive::Int32 => "Edm.Int32",
            Primitive::Int64 => "Edm.Int64",
            Primitive::SByte => "Edm.SByte",
            Primitive::Single => "Edm.Single",
            Primitive::Stream => "Edm.Stream",
            Primitive::String => "Edm.String",
            Primitive::TimeOfDay => "Edm.TimeOfDay",
            Primitive::Untyped => "Edm.Untyped",
            Primitive::Geography => "Edm.Geography",
            Primitive::Geometry => "Edm.Geometry",
            Primitive::AnyPrimitive => "Edm.PrimitiveType",
        }
    }

    /// Returns the range of an integer type used as an enum's underlying type.
    pub fn integer_range(self) -> Option<(i64, i64)> {
        match self {
            Primitive::Byte => Some((0, u8::MAX as i64)),
            Primitive::SByte => Some((i8::MIN as i64, i8::MAX as i64)),
            Primitive::Int16 => Some((i16::MIN as i64, i16::MAX as i64)),
            Primitive::Int32 => Some((i32::MIN as i64, i32::MAX as i64)),
            Primitive::Int64 => Some((i64::MIN, i64::MAX)),
            _ => None,
        }
    }
}

/// The entity container: the service's entry points.
#[derive(Debug, Clone, Default)]
pub struct Container {
    pub name: String,
    pub namespace: String,
    pub entity_sets: Vec<EntrySet>,
    /// Capabilities annotated on a path below an entry, such as
    /// `microsoft.graph.GraphService/security/alerts_v2`, keyed by the path after the
    /// container (`security/alerts_v2`). They apply to that path only, before the
    /// navigation property's and the target type's own.
    pub path_capabilities: BTreeMap<String, Capabilities>,
}

/// An entity set or a singleton of the container.
#[derive(Debug, Clone)]
pub struct EntrySet {
    pub name: String,
    pub entity_type: TypeId,
    pub singleton: bool,
    /// From annotations that target the entry (`microsoft.graph.GraphService/users`);
    /// they come before the entity type's own.
    pub capabilities: Capabilities,
    pub docs: Docs,
}
