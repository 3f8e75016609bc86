//! The CSDL XML reader (OData CSDL XML 4.0 and 4.01).
//!
//! Reading runs in two passes. [`tree`] turns quick-xml events into a small element tree
//! and deals with XML itself. The rest of this module walks that tree and fills in the
//! [`crate::csdl`] model, checking every element and attribute against CSDL.
//!
//! Elements and attributes in the `edmx` and `edm` namespaces must be ones CSDL defines:
//! anything else is rejected by name. Elements and prefixed attributes in any other
//! namespace are extensions that CSDL allows, and are skipped without a diagnostic.

mod expr;
mod schema;
mod tree;

use crate::csdl::{
    Document, FileId, Include, IncludeAnnotations, Reference, Schema, SchemaItem, Span,
};
use crate::diagnostics::Diagnostics;
use crate::read::{names, Report};
use tree::{Node, Ns, Tree};

/// Namespace URI of the `edmx` elements (`Edmx`, `Reference`, `DataServices`, ...).
pub const EDMX_NS: &str = "http://docs.oasis-open.org/odata/ns/edmx";
/// Namespace URI of every other CSDL element.
pub const EDM_NS: &str = "http://docs.oasis-open.org/odata/ns/edm";

/// Reads a CSDL XML document.
pub fn read(file: FileId, text: &str) -> Result<Document, Diagnostics> {
    let text = crate::read::strip_bom(text);
    let (tree, errors) = tree::build(text);
    let mut reader = XmlReader {
        tree: &tree,
        report: Report::new(file, text),
    };
    let fatal = errors.iter().any(|e| e.fatal);
    for error in errors {
        let path = error.node.map(|id| reader.path(id)).unwrap_or_default();
        reader
            .report
            .error(error.offset, path, error.message, error.hint);
    }
    if fatal {
        return Err(reader.report.into_diagnostics());
    }
    let document = match tree.root {
        Some(root) => reader.document(root),
        None => Document::default(),
    };
    reader.report.finish(document)
}

pub(super) struct XmlReader<'t, 'a> {
    tree: &'t Tree<'a>,
    report: Report<'a>,
}

impl<'t, 'a> XmlReader<'t, 'a> {
    fn node(&self, id: usize) -> &'t Node<'a> {
        &self.tree.nodes[id]
    }

    fn span(&self, id: usize) -> Span {
        self.report.span(self.node(id).offset)
    }

    /// Returns the schema path of an element, such as
    /// `microsoft.graph/EntityType[user]/Property[id]`.
    fn path(&self, id: usize) -> String {
        let mut segments = Vec::new();
        let mut current = Some(id);
        while let Some(id) = current {
            let node = self.node(id);
            if let Some(segment) = segment(node) {
                segments.push(segment);
            }
            current = node.parent;
        }
        segments.reverse();
        segments.join("/")
    }

    fn error(&mut self, id: usize, offset: usize, message: String, hint: Option<String>) {
        let path = self.path(id);
        self.report.error(offset, path, message, hint);
    }

    fn error_at(&mut self, id: usize, message: String) {
        let offset = self.node(id).offset;
        self.error(id, offset, message, None);
    }

    fn error_hint(&mut self, id: usize, message: String, hint: String) {
        let offset = self.node(id).offset;
        self.error(id, offset, message, Some(hint));
    }

    /// Reports every attribute in no namespace that is not in `allowed`.
    ///
    /// Attributes with a prefix bound to a foreign namespace are extensions and pass.
    fn check_attributes(&mut self, id: usize, allowed: &[&str]) {
        let node = self.node(id);
        for attr in &node.attrs {
            let known = match attr.ns {
                Ns::None => allowed.contains(&attr.local),
                Ns::Foreign | Ns::UnknownPrefix => true,
                Ns::Edm | Ns::Edmx => false,
            };
            if !known {
                let hint = if allowed.is_empty() {
                    format!("`{}` takes no attributes", node.local)
                } else {
                    format!("`{}` takes {}", node.local, list(allowed))
                };
                self.error(
                    id,
                    attr.offset,
                    format!(
                        "unknown attribute `{}` on `{}`",
                        attr_name(attr),
                        node.local
                    ),
                    Some(hint),
                );
            }
        }
    }

    fn optional(&self, id: usize, name: &str) -> Option<String> {
        self.node(id).attr(name).map(|a| a.value.to_string())
    }

    /// Returns a required attribute, reporting it when missing.
    fn required(&mut self, id: usize, name: &str) -> String {
        match self.node(id).attr(name) {
            Some(attr) => attr.value.to_string(),
            None => {
                let element = self.node(id).local;
                self.error_hint(
                    id,
                    format!("missing attribute `{name}` on `{element}`"),
                    format!("add `{name}=\"...\"` to the `{element}` element"),
                );
                String::new()
            }
        }
    }

    /// Returns a required attribute that must be a simple identifier, such as `Name`.
    ///
    /// A missing attribute is reported by [`Self::required`]; an empty one is reported here,
    /// because generated code would otherwise invent a name for it.
    fn required_identifier(&mut self, id: usize, name: &str) -> String {
        let present = self.node(id).attr(name).is_some();
        let value = self.required(id, name);
        if present && !names::is_simple_identifier(&value) {
            let message = if value.is_empty() {
                format!("empty attribute `{name}` on `{}`", self.node(id).local)
            } else {
                format!("invalid {name} `{value}`: not a simple identifier")
            };
            self.attr_error(
                id,
                name,
                message,
                Some("use a letter or `_` followed by letters, digits or `_`".to_owned()),
            );
        }
        value
    }

    /// Returns an attribute that must be a qualified name, such as `BaseType`.
    ///
    /// Surrounding whitespace is dropped: real services write `Term="Core.Description "`,
    /// and a qualified name cannot contain whitespace, so nothing is lost.
    fn qualified_name(&mut self, id: usize, name: &str, required: bool) -> Option<String> {
        let value = if required {
            Some(self.required(id, name))
        } else {
            self.optional(id, name)
        };
        let value = value.map(|v| v.trim().to_owned());
        if let Some(value) = &value {
            if !value.is_empty() && !names::is_qualified_name(value) {
                self.attr_error(
                    id,
                    name,
                    format!("invalid {name} `{value}`: not a qualified name"),
                    Some("write `Namespace.Name` or `Alias.Name`".to_owned()),
                );
            }
        }
        value
    }

    fn attr_error(&mut self, id: usize, attr: &str, message: String, hint: Option<String>) {
        let offset = self
            .node(id)
            .attr(attr)
            .map_or(self.node(id).offset, |a| a.offset);
        self.error(id, offset, message, hint);
    }

    fn bool_attr(&mut self, id: usize, name: &str) -> Option<bool> {
        let value = self.optional(id, name)?;
        match value.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => {
                self.attr_error(
                    id,
                    name,
                    format!("invalid boolean `{value}` for attribute `{name}`"),
                    Some("use `true` or `false`".to_owned()),
                );
                None
            }
        }
    }

    /// Returns the CSDL children of an element, with their local names.
    ///
    /// Children in foreign namespaces are skipped. Children in no namespace or in the other
    /// CSDL namespace are reported and left out, and so is character data.
    fn children(&mut self, id: usize) -> impl Iterator<Item = (usize, &'t str)> + use<'t, 'a> {
        self.no_text(id);
        let tree = self.tree;
        let children = &tree.nodes[id].children;
        for &child in children {
            if let Child::Misplaced(expected) = classify(&tree.nodes[child]) {
                self.wrong_namespace(child, expected);
            }
        }
        children
            .iter()
            .filter_map(move |&child| match classify(&tree.nodes[child]) {
                Child::Csdl(name) => Some((child, name)),
                Child::Skipped | Child::Misplaced(_) => None,
            })
    }

    fn wrong_namespace(&mut self, id: usize, expected: &str) {
        let node = self.node(id);
        let message = match node.ns {
            Ns::None => format!("element `{}` is not in a CSDL namespace", node.qname),
            _ => format!("element `{}` is in the wrong CSDL namespace", node.qname),
        };
        self.error_hint(
            id,
            message,
            format!("`{}` belongs to the namespace `{expected}`", node.local),
        );
    }

    /// Reports an element CSDL does not allow at this place.
    fn unexpected(&mut self, child: usize, parent: usize, allowed: &[&str]) {
        let node = self.node(child);
        let hint = if allowed.is_empty() {
            format!("`{}` has no child elements", self.node(parent).local)
        } else {
            format!("`{}` contains {}", self.node(parent).local, list(allowed))
        };
        let message = format!(
            "unexpected element `{}` in `{}`",
            node.qname,
            self.node(parent).local
        );
        self.error_hint(child, message, hint);
    }

    /// Reports character data in an element that only contains other elements.
    fn no_text(&mut self, id: usize) {
        if let Some((text, offset)) = &self.node(id).text {
            let shown: String = text.trim().chars().take(40).collect();
            let message = format!("unexpected text `{shown}` in `{}`", self.node(id).local);
            self.error(id, *offset, message, None);
        }
    }

    fn document(&mut self, root: usize) -> Document {
        let node = self.node(root);
        let mut document = Document {
            span: self.span(root),
            ..Document::default()
        };
        if node.ns != Ns::Edmx || node.local != "Edmx" {
            let found = node.ns_uri.clone().unwrap_or_default();
            let hint = if found.is_empty() {
                format!("the root element is `edmx:Edmx` with `xmlns:edmx=\"{EDMX_NS}\"`")
            } else {
                format!("found namespace `{found}`; CSDL 4.0 and 4.01 use `{EDMX_NS}`")
            };
            self.error_hint(
                root,
                format!("root element `{}` is not `edmx:Edmx`", node.qname),
                hint,
            );
            return document;
        }
        self.check_attributes(root, &["Version"]);
        document.version = self.required(root, "Version");
        if !document.version.is_empty() && !matches!(document.version.as_str(), "4.0" | "4.01") {
            let message = format!("unsupported CSDL version `{}`", document.version);
            self.attr_error(
                root,
                "Version",
                message,
                Some("this reader supports `4.0` and `4.01`".into()),
            );
        }

        let mut data_services = 0;
        for (child, name) in self.children(root) {
            match name {
                "Reference" => document.references.push(self.reference(child)),
                "DataServices" => {
                    data_services += 1;
                    if data_services > 1 {
                        self.error_at(child, "more than one `edmx:DataServices` element".into());
                    }
                    self.data_services(child, &mut document);
                }
                _ => self.unexpected(child, root, &["edmx:Reference", "edmx:DataServices"]),
            }
        }
        if data_services == 0 {
            self.error_hint(
                root,
                "missing element `edmx:DataServices` in `edmx:Edmx`".into(),
                "wrap the `Schema` elements in `<edmx:DataServices>`".into(),
            );
        }
        document
    }

    fn data_services(&mut self, id: usize, document: &mut Document) {
        self.check_attributes(id, &[]);
        for (child, name) in self.children(id) {
            match name {
                "Schema" => {
                    let schema = self.schema(child);
                    self.note_entity_containers(child, &schema, document);
                    document.schemas.push(schema);
                }
                _ => self.unexpected(child, id, &["Schema"]),
            }
        }
    }

    /// Records the document's entity container, reporting any after the first.
    fn note_entity_containers(&mut self, id: usize, schema: &Schema, document: &mut Document) {
        for item in &schema.items {
            let SchemaItem::EntityContainer(container) = item else {
                continue;
            };
            let qualified = format!("{}.{}", schema.namespace, container.name);
            if document.entity_container.is_none() {
                document.entity_container = Some(qualified);
                continue;
            }
            let path = format!("{}/EntityContainer[{}]", self.path(id), container.name);
            self.report.error_at_span(
                container.span,
                path,
                format!("second entity container `{qualified}` in one document"),
                Some("a metadata document defines at most one entity container".into()),
            );
        }
    }

    fn reference(&mut self, id: usize) -> Reference {
        self.check_attributes(id, &["Uri"]);
        let mut reference = Reference {
            uri: self.required(id, "Uri"),
            span: self.span(id),
            ..Default::default()
        };
        for (child, name) in self.children(id) {
            match name {
                "Include" => reference.includes.push(self.include(child)),
                "IncludeAnnotations" => reference
                    .include_annotations
                    .push(self.include_annotations(child)),
                "Annotation" => self.push_annotation(child, &mut reference.annotations),
                _ => self.unexpected(
                    child,
                    id,
                    &["edmx:Include", "edmx:IncludeAnnotations", "Annotation"],
                ),
            }
        }
        reference
    }

    fn include(&mut self, id: usize) -> Include {
        self.check_attributes(id, &["Namespace", "Alias"]);
        let namespace = self.required(id, "Namespace");
        self.check_namespace(id, "Namespace", &namespace);
        let alias = self.optional(id, "Alias");
        if let Some(alias) = &alias {
            self.check_alias(id, alias);
        }
        let mut include = Include {
            namespace,
            alias,
            span: self.span(id),
            ..Default::default()
        };
        for (child, name) in self.children(id) {
            match name {
                "Annotation" => self.push_annotation(child, &mut include.annotations),
                _ => self.unexpected(child, id, &["Annotation"]),
            }
        }
        include
    }

    fn include_annotations(&mut self, id: usize) -> IncludeAnnotations {
        self.check_attributes(id, &["TermNamespace", "Qualifier", "TargetNamespace"]);
        let term_namespace = self.required(id, "TermNamespace");
        self.check_namespace(id, "TermNamespace", &term_namespace);
        let include = IncludeAnnotations {
            term_namespace,
            qualifier: self.optional(id, "Qualifier"),
            target_namespace: self.optional(id, "TargetNamespace"),
            span: self.span(id),
        };
        for (child, _) in self.children(id) {
            self.unexpected(child, id, &[]);
        }
        include
    }

    /// Reports a namespace that is not simple identifiers joined by dots. An empty value is
    /// reported only when the attribute is present: a missing one was reported already.
    fn check_namespace(&mut self, id: usize, attr: &str, value: &str) {
        let present = self.node(id).attr(attr).is_some();
        if present && !names::is_namespace(value) {
            let message = if value.is_empty() {
                format!("empty attribute `{attr}` on `{}`", self.node(id).local)
            } else {
                format!("invalid namespace `{value}`")
            };
            self.attr_error(
                id,
                attr,
                message,
                Some("a namespace is simple identifiers joined by dots".to_owned()),
            );
        }
    }

    fn check_alias(&mut self, id: usize, alias: &str) {
        if !names::is_simple_identifier(alias) {
            self.attr_error(
                id,
                "Alias",
                format!("invalid alias `{alias}`: not a simple identifier"),
                None,
            );
        } else if matches!(alias, "Edm" | "odata" | "System" | "Transient") {
            self.attr_error(
                id,
                "Alias",
                format!("reserved alias `{alias}`"),
                Some("`Edm`, `odata`, `System` and `Transient` cannot be aliases".to_owned()),
            );
        }
    }
}

/// The handling a child element gets.
enum Child<'t> {
    /// A CSDL element, named by its local name, or by its qualified name when it is an
    /// unknown `edmx` element, so the parent can report it.
    Csdl(&'t str),
    /// An extension in a foreign namespace, or an unknown prefix reported while building
    /// the tree.
    Skipped,
    /// A CSDL element name in no namespace or the other CSDL namespace, and the namespace
    /// it belongs to.
    Misplaced(&'static str),
}

fn classify<'t>(node: &'t Node<'_>) -> Child<'t> {
    let edmx_name = is_edmx_element(node.local);
    match node.ns {
        Ns::Foreign | Ns::UnknownPrefix => Child::Skipped,
        Ns::Edm if !edmx_name => Child::Csdl(node.local),
        Ns::Edmx if edmx_name => Child::Csdl(node.local),
        Ns::Edmx if !is_edm_element(node.local) => Child::Csdl(node.qname),
        Ns::Edm | Ns::Edmx | Ns::None => Child::Misplaced(if edmx_name { EDMX_NS } else { EDM_NS }),
    }
}

/// Returns the schema path segment of an element, or `None` for the document wrappers.
fn segment(node: &Node<'_>) -> Option<String> {
    let key = match node.local {
        _ if node.parent.is_none() => return None,
        "DataServices" if node.ns == Ns::Edmx => return None,
        "Schema" if node.ns == Ns::Edm => {
            return Some(
                node.attr("Namespace")
                    .map_or("Schema".into(), |a| a.value.to_string()),
            )
        }
        "Schema" => "Namespace",
        "Reference" => "Uri",
        "Include" => "Namespace",
        "IncludeAnnotations" => "TermNamespace",
        "Annotations" => "Target",
        "Annotation" => {
            let term = node
                .attr("Term")
                .map(|a| a.value.as_ref())
                .unwrap_or_default();
            return Some(match node.attr("Qualifier") {
                Some(q) => format!("Annotation[{term}#{}]", q.value),
                None => format!("Annotation[{term}]"),
            });
        }
        "ReferentialConstraint" | "PropertyValue" => "Property",
        "NavigationPropertyBinding" => "Path",
        "Apply" => "Function",
        _ => "Name",
    };
    Some(match node.attr(key) {
        Some(attr) => format!("{}[{}]", node.local, attr.value),
        None => node.local.to_owned(),
    })
}

/// Returns whether `local` names an element of the `edm` namespace.
fn is_edm_element(local: &str) -> bool {
    schema::EDM_ELEMENTS.contains(&local) || expr::EXPRESSION_ELEMENTS.contains(&local)
}

fn is_edmx_element(local: &str) -> bool {
    matches!(
        local,
        "Edmx" | "Reference" | "Include" | "IncludeAnnotations" | "DataServices"
    )
}

fn attr_name(attr: &tree::Attr<'_>) -> String {
    attr.local.to_owned()
}

/// Formats names as `` `a`, `b` or `c` ``.
fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}
