//! The CSDL JSON reader (OData CSDL JSON 4.01).
//!
//! [`parser`] turns the text into a tree of values that keeps every offset. This module
//! walks the tree and fills in the same [`crate::csdl`] model as the XML reader.
//!
//! CSDL JSON leaves out members whose value is the JSON default, and several JSON defaults
//! differ from the XML ones. The reader writes the JSON defaults into the model where XML
//! would read an absent attribute differently, so that both formats of one model give the
//! same [`Document`]:
//!
//! - an absent `$Type` is `Edm.String`;
//! - an absent `$Nullable` on a property, parameter, return type, term or single-valued
//!   navigation property is `Some(false)` (XML defaults to `true`);
//! - an absent `$Scale` on an `Edm.Decimal` is `Some("variable")` (XML defaults to `0`).
//!
//! Members that start with `$` must be ones CSDL JSON defines, and are rejected by name
//! otherwise.

mod expr;
mod parser;
mod schema;

use crate::csdl::{Document, FileId, Include, IncludeAnnotations, Reference, SchemaItem, Span};
use crate::diagnostics::Diagnostics;
use crate::read::{names, Report};
use parser::{Member, Node, Value};

/// Reads a CSDL JSON document.
pub fn read(file: FileId, text: &str) -> Result<Document, Diagnostics> {
    let text = crate::read::strip_bom(text);
    let mut report = Report::new(file, text);
    let (root, duplicates) = match parser::parse(text) {
        Ok(parsed) => parsed,
        Err(error) => {
            report.error(error.offset, String::new(), error.message, error.hint);
            return Err(report.into_diagnostics());
        }
    };
    let mut reader = JsonReader {
        report,
        path: Vec::new(),
    };
    for duplicate in duplicates {
        reader.report.error(
            duplicate.offset,
            String::new(),
            format!("duplicate member `{}`", duplicate.name),
            Some("member names must be unique within a JSON object".to_owned()),
        );
    }
    let document = reader.document(&root);
    reader.report.finish(document)
}

pub(super) struct JsonReader<'s> {
    report: Report<'s>,
    /// Segments of the schema path of the object being read.
    path: Vec<String>,
}

/// The members of a CSDL object, grouped by the kind of member their names denote.
struct Members<'v, 'a> {
    /// `$Kind`, `$Type`, ...: members CSDL JSON defines.
    keywords: Vec<&'v Member<'a>>,
    /// `@Term#Qualifier` and `@Term@Nested`: annotations of the object itself.
    annotations: Vec<&'v Member<'a>>,
    /// `Name@Term`: annotations of a child or of a keyword such as `$OnDelete`, with the
    /// part before the `@`.
    prefixed_annotations: Vec<(&'v str, &'v Member<'a>)>,
    /// Every other member: named children such as properties or enum members.
    children: Vec<&'v Member<'a>>,
}

impl<'v, 'a> Members<'v, 'a> {
    fn of(members: &'v [Member<'a>]) -> Self {
        let mut sorted = Members {
            keywords: Vec::new(),
            annotations: Vec::new(),
            prefixed_annotations: Vec::new(),
            children: Vec::new(),
        };
        for member in members {
            let name = member.name.as_ref();
            if name.starts_with('@') {
                sorted.annotations.push(member);
            } else if let Some(at) = name.find('@') {
                sorted.prefixed_annotations.push((&name[..at], member));
            } else if name.starts_with('$') {
                sorted.keywords.push(member);
            } else {
                sorted.children.push(member);
            }
        }
        sorted
    }

    fn get(&self, keyword: &str) -> Option<&'v Member<'a>> {
        self.keywords.iter().copied().find(|m| m.name == keyword)
    }
}

/// Returns the kind of a JSON value as a phrase for messages, such as `a string`.
fn describe(value: &Value<'_>) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl JsonReader<'_> {
    fn path_string(&self) -> String {
        self.path.join("/")
    }

    fn error(&mut self, offset: usize, message: String, hint: Option<&str>) {
        let path = self.path_string();
        self.report
            .error(offset, path, message, hint.map(str::to_owned));
    }

    fn span(&self, offset: usize) -> Span {
        self.report.span(offset)
    }

    /// Runs `read` with `segment` appended to the schema path.
    fn nested<T>(&mut self, segment: String, read: impl FnOnce(&mut Self) -> T) -> T {
        self.path.push(segment);
        let result = read(self);
        self.path.pop();
        result
    }

    /// Returns the members of an object, or reports that the value is not one.
    fn object<'v, 'a>(&mut self, node: &'v Node<'a>, what: &str) -> Option<&'v [Member<'a>]> {
        match &node.value {
            Value::Object(members) => Some(members),
            other => {
                self.error(
                    node.offset,
                    format!("{what} must be an object, found {}", describe(other)),
                    None,
                );
                None
            }
        }
    }

    fn array<'v, 'a>(&mut self, node: &'v Node<'a>, what: &str) -> Option<&'v [Node<'a>]> {
        match &node.value {
            Value::Array(items) => Some(items),
            other => {
                self.error(
                    node.offset,
                    format!("{what} must be an array, found {}", describe(other)),
                    None,
                );
                None
            }
        }
    }

    fn string_of(&mut self, node: &Node<'_>, what: &str) -> Option<String> {
        match &node.value {
            Value::String(text) => Some(text.to_string()),
            other => {
                self.error(
                    node.offset,
                    format!("{what} must be a string, found {}", describe(other)),
                    None,
                );
                None
            }
        }
    }

    /// Returns the string value of a keyword member, if present.
    fn string(&mut self, members: &Members<'_, '_>, keyword: &str) -> Option<String> {
        let member = members.get(keyword)?;
        self.string_of(&member.value, &format!("`{keyword}`"))
    }

    /// Returns the string value of a keyword member, reporting it when missing.
    fn required_string(
        &mut self,
        members: &Members<'_, '_>,
        keyword: &str,
        offset: usize,
        what: &str,
    ) -> String {
        match members.get(keyword) {
            Some(member) => self
                .string_of(&member.value, &format!("`{keyword}`"))
                .unwrap_or_default(),
            None => {
                self.error(
                    offset,
                    format!("missing member `{keyword}` in {what}"),
                    Some(&format!("add `\"{keyword}\": ...`")),
                );
                String::new()
            }
        }
    }

    /// Returns a qualified name, reporting one that is malformed.
    fn qualified_name(&mut self, members: &Members<'_, '_>, keyword: &str) -> Option<String> {
        let value = self.string(members, keyword)?;
        if !names::is_qualified_name(&value) {
            let offset = members.get(keyword).map_or(0, |m| m.value.offset);
            self.error(
                offset,
                format!("invalid `{keyword}` `{value}`: not a qualified name"),
                Some("write `Namespace.Name` or `Alias.Name`"),
            );
        }
        Some(value)
    }

    fn boolean(&mut self, members: &Members<'_, '_>, keyword: &str) -> Option<bool> {
        let member = members.get(keyword)?;
        match member.value.value {
            Value::Bool(value) => Some(value),
            ref other => {
                let message = format!(
                    "`{keyword}` must be `true` or `false`, found {}",
                    describe(other)
                );
                self.error(member.value.offset, message, None);
                None
            }
        }
    }

    /// Reports every keyword member not in `allowed`, and annotations on keywords other
    /// than those in `annotatable`.
    fn check_keywords(&mut self, members: &Members<'_, '_>, allowed: &[&str], what: &str) {
        for member in &members.keywords {
            if !allowed.contains(&member.name.as_ref()) {
                let quoted: Vec<String> = allowed.iter().map(|k| format!("`{k}`")).collect();
                let hint = format!("{what} takes {}", quoted.join(", "));
                self.error(
                    member.offset,
                    format!("unknown member `{}` in {what}", member.name),
                    Some(&hint),
                );
            }
        }
    }

    /// Reports annotations whose name starts with something other than `@`, for objects
    /// where CSDL JSON puts annotations only on the object itself.
    fn no_prefixed_annotations(&mut self, members: &Members<'_, '_>, what: &str) {
        for (target, member) in &members.prefixed_annotations {
            self.error(
                member.offset,
                format!("unexpected annotation `{}` in {what}", member.name),
                Some(&format!(
                    "annotations of `{target}` belong inside its own object"
                )),
            );
        }
    }

    /// Reports children in an object that has none.
    fn no_children(&mut self, members: &Members<'_, '_>, what: &str) {
        for member in &members.children {
            let message = format!("unexpected member `{}` in {what}", member.name);
            self.error(
                member.offset,
                message,
                Some("CSDL member names start with `$`"),
            );
        }
    }

    fn document(&mut self, root: &Node<'_>) -> Document {
        let mut document = Document {
            span: self.span(root.offset),
            ..Document::default()
        };
        let Some(members) = self.object(root, "a CSDL JSON document") else {
            return document;
        };
        let members = Members::of(members);
        self.check_keywords(
            &members,
            &["$Version", "$EntityContainer", "$Reference"],
            "the document object",
        );
        for member in members
            .annotations
            .iter()
            .chain(members.prefixed_annotations.iter().map(|(_, m)| m))
        {
            self.error(
                member.offset,
                format!("unexpected annotation `{}` on the document", member.name),
                None,
            );
        }

        document.version =
            self.required_string(&members, "$Version", root.offset, "the document object");
        if !document.version.is_empty() && !matches!(document.version.as_str(), "4.0" | "4.01") {
            let offset = members
                .get("$Version")
                .map_or(root.offset, |m| m.value.offset);
            let message = format!("unsupported CSDL version `{}`", document.version);
            self.error(
                offset,
                message,
                Some("this reader supports `4.0` and `4.01`"),
            );
        }
        document.entity_container = self.string(&members, "$EntityContainer");
        if let Some(references) = members.get("$Reference") {
            document.references = self.references(&references.value);
        }
        for member in &members.children {
            let schema = self.nested(member.name.to_string(), |r| r.schema(member));
            if let Some(schema) = schema {
                document.schemas.push(schema);
            }
        }
        self.check_entity_container(&document, &members);
        document
    }

    /// Checks that `$EntityContainer` names the one entity container of the document.
    fn check_entity_container(&mut self, document: &Document, members: &Members<'_, '_>) {
        let mut containers = Vec::new();
        for schema in &document.schemas {
            for item in &schema.items {
                if let SchemaItem::EntityContainer(container) = item {
                    containers.push((
                        format!("{}.{}", schema.namespace, container.name),
                        container.span,
                    ));
                }
            }
        }
        if let Some((qualified, span)) = containers.get(1) {
            let path = format!(
                "{}/EntityContainer",
                qualified.rsplit_once('.').map_or("", |(ns, _)| ns)
            );
            self.report.error_at_span(
                *span,
                path,
                format!("second entity container `{qualified}` in one document"),
                Some("a metadata document defines at most one entity container".into()),
            );
        }
        let Some(named) = &document.entity_container else {
            return;
        };
        if !containers.iter().any(|(qualified, _)| qualified == named) {
            let offset = members
                .get("$EntityContainer")
                .map_or(0, |m| m.value.offset);
            self.error(
                offset,
                format!("`$EntityContainer` names `{named}`, which this document does not define"),
                Some("use the namespace-qualified name of the entity container"),
            );
        }
    }

    fn references(&mut self, node: &Node<'_>) -> Vec<Reference> {
        let Some(members) = self.object(node, "`$Reference`") else {
            return Vec::new();
        };
        let mut references = Vec::new();
        for member in members {
            let reference = self.nested(format!("Reference[{}]", member.name), |r| {
                r.reference(member)
            });
            references.push(reference);
        }
        references
    }

    fn reference(&mut self, member: &Member<'_>) -> Reference {
        let mut reference = Reference {
            uri: member.name.to_string(),
            span: self.span(member.offset),
            ..Default::default()
        };
        let Some(members) = self.object(&member.value, "a reference") else {
            return reference;
        };
        let members = Members::of(members);
        self.check_keywords(
            &members,
            &["$Include", "$IncludeAnnotations"],
            "a reference object",
        );
        self.no_children(&members, "a reference object");
        self.no_prefixed_annotations(&members, "a reference object");
        reference.annotations = self.annotations(&members.annotations);
        if let Some(includes) = members.get("$Include") {
            for item in self
                .array(&includes.value, "`$Include`")
                .unwrap_or_default()
            {
                reference.includes.push(self.include(item));
            }
        }
        if let Some(includes) = members.get("$IncludeAnnotations") {
            for item in self
                .array(&includes.value, "`$IncludeAnnotations`")
                .unwrap_or_default()
            {
                reference
                    .include_annotations
                    .push(self.include_annotations(item));
            }
        }
        reference
    }

    fn include(&mut self, node: &Node<'_>) -> Include {
        let mut include = Include {
            span: self.span(node.offset),
            ..Default::default()
        };
        let Some(members) = self.object(node, "an `$Include` item") else {
            return include;
        };
        let members = Members::of(members);
        self.check_keywords(&members, &["$Namespace", "$Alias"], "an `$Include` item");
        self.no_children(&members, "an `$Include` item");
        self.no_prefixed_annotations(&members, "an `$Include` item");
        include.namespace =
            self.required_string(&members, "$Namespace", node.offset, "an `$Include` item");
        include.alias = self.string(&members, "$Alias");
        let segment = format!("Include[{}]", include.namespace);
        include.annotations = self.nested(segment, |r| r.annotations(&members.annotations));
        include
    }

    fn include_annotations(&mut self, node: &Node<'_>) -> IncludeAnnotations {
        let mut include = IncludeAnnotations {
            span: self.span(node.offset),
            ..Default::default()
        };
        let what = "an `$IncludeAnnotations` item";
        let Some(members) = self.object(node, what) else {
            return include;
        };
        let members = Members::of(members);
        self.check_keywords(
            &members,
            &["$TermNamespace", "$Qualifier", "$TargetNamespace"],
            what,
        );
        self.no_children(&members, what);
        self.no_prefixed_annotations(&members, what);
        for member in &members.annotations {
            self.error(
                member.offset,
                format!("unexpected annotation `{}` in {what}", member.name),
                None,
            );
        }
        include.term_namespace =
            self.required_string(&members, "$TermNamespace", node.offset, what);
        include.qualifier = self.string(&members, "$Qualifier");
        include.target_namespace = self.string(&members, "$TargetNamespace");
        include
    }
}
